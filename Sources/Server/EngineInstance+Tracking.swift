import Engine
import EngineProtocol

/// Feature change tracking for clients that show it (`values` with `track`): the tracker
/// wraps the live pipeline's debug hook while asked, and leaves once no client has asked for
/// `trackingLapse` ms, so the per-event path is back to one nil check.
extension EngineInstance {
    static let trackingLapse: Int64 = 5_000

    /// Tracks `names` from now on (replacing the set), or stops when it is empty.
    func track(_ names: [String]) {
        guard let active else { return }
        guard !names.isEmpty else { return stopTracking() }
        trackedAt = WallClock().now()
        if let changeTracker {
            changeTracker.track(names, in: active.pipeline)
            return
        }
        let tracker = FeatureChangeTracker()
        changeTracker = tracker
        wrap(active.pipeline, in: tracker, tracking: names)
    }

    /// The tracker goes in front of whatever hook the pipeline has (the debugger's), tracking
    /// `names` (by default what it tracked on the pipeline before, as after a deploy).
    func wrap(_ pipeline: EnginePipeline, in tracker: FeatureChangeTracker, tracking names: [String]? = nil) {
        tracker.track(names ?? tracker.tracked, in: pipeline)
        if pipeline.debugHook !== tracker { tracker.inner = pipeline.debugHook }
        pipeline.debugHook = tracker
    }

    func stopTracking() {
        guard let tracker = changeTracker else { return }
        if let pipeline = active?.pipeline, pipeline.debugHook === tracker { pipeline.debugHook = tracker.inner }
        changeTracker = nil
    }

    func stopTrackingIfNobodyAsks() {
        if changeTracker != nil, WallClock().now() - trackedAt > Self.trackingLapse { stopTracking() }
    }

    /// What reads what in the deployed project, per feature (the Features pane's lineage).
    func lineage(of project: Project, plan: AggregationPlan) -> [FeatureLineage] {
        project.features.map { feature in
            var reads: [String] = []
            if let binding = plan.bindings[feature.name] {
                let state = plan.states[binding.state]
                let others = state.features.filter { $0 != feature.name }
                reads.append("shared state \(binding.state + 1): \(state.key)" + (others.isEmpty ? "" : " (also \(others.joined(separator: ", ")))"))
            } else if feature.aggregation != nil {
                reads.append("no state: nothing reads it, so it is not computed")
            }
            if let script = feature.scriptFeature {
                reads.append("script \(script.script.path)")
                reads += script.inputs.map { "feature \($0.name)" }
            }
            if let post = feature.post { reads.append("post script \(post.path)") }
            var readBy: [String] = []
            for decision in project.decisions where decision.inputs.contains(where: { $0.name == feature.name }) {
                let trigger: String
                switch decision.trigger {
                case .pattern(let pattern): trigger = "on pattern \(pattern.name)"
                case .event(let types, _): trigger = "on event \(types.joined(separator: ", "))"
                }
                readBy.append("decision \(decision.name) (\(decision.script.path)) \(trigger)")
            }
            for other in project.features {
                guard let script = other.scriptFeature, script.inputs.contains(where: { $0.name == feature.name }) else { continue }
                readBy.append("feature \(other.name) (\(script.script.path))")
            }
            return FeatureLineage(feature: feature.name, reads: reads, readBy: readBy)
        }
    }
}
