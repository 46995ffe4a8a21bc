import Foundation

extension EnginePipeline {
    /// The pipeline's state as bytes (`PipelineSnapshot`); pending events stay pending.
    public func snapshot() throws(SnapshotError) -> Data { try capture().encoded() }

    /// The pipeline's state as a value, to encode on another thread while this one goes on:
    /// taking it copies no window (copy-on-write), only the behaviour tree's nodes.
    public func capture() -> PipelineCapture {
        PipelineCapture(snapshot: PipelineSnapshot(
            format: PipelineSnapshot.currentFormat, stateNames: PipelineSnapshot.stateNames(plan), states: states.map(\.snapshot),
            tree: behaviorTree.snapshot, patterns: matchers.snapshot, decisions: decisions.snapshot,
            scriptFeatures: scriptFeatures.snapshot, runtime: runtimeState))
    }

    /// Takes the state of a snapshot of a pipeline of the same deployment. Call it on a new
    /// pipeline only, before any event; when it throws, discard the pipeline.
    public func restore(from data: Data) throws(SnapshotError) {
        let snapshot: PipelineSnapshot
        do { snapshot = try PipelineSnapshot.decoder.decode(PipelineSnapshot.self, from: data) } catch {
            throw SnapshotError("the snapshot cannot be read: \(error)")
        }
        guard snapshot.format == PipelineSnapshot.currentFormat else {
            throw SnapshotError("the snapshot has format \(snapshot.format), this engine reads \(PipelineSnapshot.currentFormat)")
        }
        guard snapshot.stateNames == PipelineSnapshot.stateNames(plan) else {
            throw SnapshotError("the snapshot was taken with other aggregation states")
        }
        for (state, saved) in zip(states, snapshot.states) { try state.restore(saved) }
        try behaviorTree.restore(snapshot.tree)
        try matchers.restore(snapshot.patterns)
        decisions.restore(snapshot.decisions)
        scriptFeatures.restore(snapshot.scriptFeatures)
        runtimeState = snapshot.runtime
    }
}

/// A pipeline's state captured by `EnginePipeline.capture()`.
///
/// Sendable by hand: it holds only values (structs, arrays, deques, copy-on-write maps), so the
/// pipeline's next writes copy what they touch and never change what was captured.
public struct PipelineCapture: @unchecked Sendable {
    let snapshot: PipelineSnapshot

    public func encoded() throws(SnapshotError) -> Data {
        do { return try PipelineSnapshot.encoder.encode(snapshot) } catch {
            throw SnapshotError("the state cannot be written: \(error)")
        }
    }
}
