/// What a debugger sees of a pipeline at work (SPEC §10, event-stream debugging): called on
/// the pipeline's own thread at a few points of applying one event. A hook may block there
/// (a stop): the pipeline then waits, and everything sent to it meanwhile waits in line.
///
/// The pipeline calls a hook only when one is set (`EnginePipeline.debugHook`), so an engine
/// without a debugger pays one nil check per call site. The Engine knows nothing of DAP; the
/// Debugger target implements this.
public protocol PipelineDebugHook: AnyObject {
    /// The event was placed in the behaviour tree (its context fields filled in) and is about
    /// to reach the aggregation states, patterns and decisions.
    func willApply(_ event: borrowing Event, in pipeline: EnginePipeline)
    /// The aggregation states took the event (a feature may have changed); patterns and
    /// event-triggered decisions have not seen it yet. Not called for an event no state and
    /// no decision listens to: it changes no feature.
    func statesUpdated(by event: borrowing Event, in pipeline: EnginePipeline)
    /// A pattern matched; `event` completed it (nil when the clock did).
    func matchFound(_ match: PatternMatch, completedBy event: Event?, in pipeline: EnginePipeline)
    /// A decision passed its trigger, rollout and breaker and its script is about to run.
    func willRunDecision(_ decision: String, event: Event?, in pipeline: EnginePipeline)
    /// Everything the event causes is done (states, patterns, decisions).
    func didApply(_ event: borrowing Event, in pipeline: EnginePipeline)
}

/// Hands a hook to each pipeline a debugger may stop in: the live engine's, and each played
/// scenario's. Called on the thread that owns the pipeline.
public protocol PipelineDebugHookProvider: AnyObject {
    /// `name` is what a debugger shows for it (`engine`, `scenario coupon_happy_path`);
    /// `device` binds `device` in breakpoint conditions.
    func attach(_ pipeline: EnginePipeline, named name: String, device: DeviceProfile) -> PipelineDebugHook
    /// The pipeline is done (a scenario ended, a deploy replaced it).
    func detach(_ pipeline: EnginePipeline)
}
