import EngineProtocol

/// What the Features pane keeps besides the values: grouped features expanded by key,
/// watched features (pinned at the top; their changes tracked by the engine even while the
/// pane is hidden), and the tracking last asked of the engine.
struct FeaturesPaneState {
    var expanded: Set<String> = []
    var watched: [String] = []
    /// What `trackFeatures` was last called with.
    var tracked: [String] = []

    /// One row of the list: a feature, or one key of an expanded grouped feature.
    enum Row: Equatable {
        case feature(String)
        case key(feature: String, key: String)
    }

    /// Watched features first (in the order watched), then the others in the project's order;
    /// an expanded feature's keys below it.
    func rows(_ values: [ValuesResult.Feature]) -> [Row] {
        let byName = Dictionary(values.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let pinned = watched.compactMap { byName[$0] }
        let rest = values.filter { !watched.contains($0.name) }
        return (pinned + rest).flatMap { feature -> [Row] in
            guard expanded.contains(feature.name), let keys = feature.keys else { return [.feature(feature.name)] }
            return [.feature(feature.name)] + keys.map { Row.key(feature: feature.name, key: $0.key) }
        }
    }

    /// The key of a sparkline's history: the feature, or `feature[key]`.
    static func historyName(_ feature: String, key: String?) -> String { key.map { "\(feature)[\($0)]" } ?? feature }
}
