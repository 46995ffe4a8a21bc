/// `query(name[, key])` for one caller (a decision or script feature): it may read only the
/// features it declares in `inputs` (SPEC §4); anything else is a permission error.
public struct FeatureService {
    /// Who is asking, e.g. `decision 'coupon_popup'`.
    public let caller: String
    public let inputs: Set<String>
    // Unowned: services live inside the pipeline they read (decisions, script features).
    private unowned let pipeline: EnginePipeline

    public init(caller: String, inputs: [String], pipeline: EnginePipeline) {
        self.caller = caller
        self.inputs = Set(inputs)
        self.pipeline = pipeline
    }

    public func query(_ name: String, key: CELValue? = nil, at t: Int64) -> Result<CELValue, FeatureAccessError> {
        guard inputs.contains(name) else {
            return .failure(FeatureAccessError(
                message: "\(caller) may not read feature '\(name)': it is not among its inputs "
                    + "(\(inputs.sorted().joined(separator: ", ")))"))
        }
        return .success(pipeline.value(of: name, key: key, at: t))
    }
}

public struct FeatureAccessError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Project {
    /// Features something reads, so they are computed: decision inputs, script-feature inputs
    /// (and what those read, transitively), plus `extra` (scenario expectations, open queries).
    public func consumedFeatures(extra: [String] = []) -> Set<String> {
        var consumed: Set<String> = []
        var queue = decisions.flatMap { $0.inputs.map(\.name) } + extra
        while let name = queue.popLast() {
            guard consumed.insert(name).inserted else { continue }
            queue += feature(named: name)?.scriptFeature?.inputs.map(\.name) ?? []
        }
        return consumed
    }
}
