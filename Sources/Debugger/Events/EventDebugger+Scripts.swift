import Engine

extension EventDebugger {
    /// A script stopped (at a breakpoint, a step, an exception, a pause). The script backend
    /// calls this on the engine's thread; it shows the script's frames above the event and
    /// decision it runs in, blocks until the client resumes, then hands the step to the
    /// script (`control.resume`). Without a client the script goes on at once.
    public func scriptStopped(_ control: ScriptStopControl) {
        let snapshot = running?.scriptSnapshot(control)
            ?? StopSnapshot(threadID: 1, sequence: 0, frames: [], scopes: [], variables: [:], features: [:], featureScope: 0,
                            featureOfReference: [:], event: nil, device: DeviceProfile(id: "", fields: CELMap()), script: control)
        let action = stop(snapshot, reason: control.reason, description: control.description, hits: [])
        control.resume(action.scriptStep)
    }

    /// An event for the attached client, if any (a script breakpoint bound when it loaded).
    func sendToClient(_ event: any DAPOutgoing) {
        state.withLock { $0.client }?.send(event)
    }

    /// The script backend has breakpoints (or none any more): while it has, hooks note where
    /// the engine is, for `scriptStopped`.
    func scriptsHaveBreakpoints(_ active: Bool) {
        state.withLock { $0.scriptsActive = active }
        rearm()
    }
}
