/// Reads for a debugger stopped inside the pipeline. They neither move the clock nor release
/// pending events (as `value(of:at:)` does), and they run no script: looking must not change
/// what the pipeline computes next.
extension EnginePipeline {
    /// The features this pipeline computes from its aggregation states, sorted by name.
    /// Script features and mocked ones are not among them (reading a script feature runs it).
    public var debugFeatureNames: [String] { plan.bindings.keys.sorted() }

    /// An aggregation feature's value at `t` (before any `post` script), or for one
    /// `group_by` key; nil when this pipeline computes no such feature.
    public func debugValue(of name: String, key: CELValue? = nil, at t: Int64) -> CELValue? {
        guard let binding = plan.bindings[name] else { return nil }
        let state = states[binding.state]
        let position = behaviorTree.position
        guard let key else { return state.query(binding, at: t, position: position) }
        guard let mapKey = GroupKey.from(key) else { return .error(CELError("\(PlainJSON.text(key)) cannot be a group_by key")) }
        return state.query(binding, key: mapKey, at: t, position: position)
    }
}
