/// A decision ready to run: its expressions compiled, its rollout and variant fixed for this
/// engine's device, its circuit breaker.
struct CompiledDecision {
    let decision: Decision
    /// `decision 'coupon_popup'`, as messages name it.
    let caller: String
    let filter: CELProgram?
    let when: CELProgram?
    let service: FeatureService
    let inputNames: [String]
    let budget: TimeSpan
    /// The device falls inside `rollout.percent` (the `when` part is checked per trigger).
    let inRollout: Bool
    let variant: String?
    /// Per device and decision; mixed with the trigger time into each invocation's `random` seed.
    let seedBase: UInt64
    var breaker = CircuitBreaker()
    /// A failing `where`/`when` is logged once.
    var reportedExpressionError = false

    /// `random`'s seed for a trigger at `ts`: the same trigger replays the same numbers.
    func seed(at ts: Int64) -> UInt64 { seedBase ^ (UInt64(bitPattern: ts) &* 0x9e37_79b9_7f4a_7c15) }

    init(_ decision: Decision, device: DeviceProfile, defaultBudget: TimeSpan, pipeline: EnginePipeline) throws(PipelineError) {
        self.decision = decision
        caller = "decision '\(decision.name)'"
        if case .event(_, let filter) = decision.trigger {
            self.filter = try filter.map(CompiledExpression.compile)
        } else {
            filter = nil
        }
        when = try decision.rollout?.when.map(CompiledExpression.compile)
        inputNames = decision.inputs.map(\.name)
        service = FeatureService(caller: caller, inputs: inputNames, pipeline: pipeline)
        budget = decision.budget ?? defaultBudget
        inRollout = DecisionAssignment.inRollout(deviceID: device.id, decision: decision.name,
                                                 percent: decision.rollout?.percent ?? 100)
        variant = DecisionAssignment.variant(deviceID: device.id, decision: decision.name, variants: decision.variants)
        seedBase = StableHash.hash(device.id, decision.name, "seed")
    }
}
