import Engine

extension EngineInstance {
    /// The live pipeline is the debugger's `engine` thread; a deploy hands it the new one.
    func attachDebugger(to pipeline: EnginePipeline, replacing old: EnginePipeline?) {
        guard let debugHooks else { return }
        if let old, old !== pipeline {
            old.debugHook = nil
            debugHooks.detach(old)
        }
        pipeline.debugHook = debugHooks.attach(pipeline, named: "engine", device: pipeline.project.manifest.device)
    }

    /// While a debugger holds the engine its clock stands still: the time stopped does not
    /// count, so the events waiting meanwhile are not made late by it (nothing is dropped).
    public func clockStoodStill(forMilliseconds stopped: Int64) {
        lastArrival += stopped
        if let newest = newestEvent { newestEvent = (newest.ts, newest.wall + stopped) }
    }
}
