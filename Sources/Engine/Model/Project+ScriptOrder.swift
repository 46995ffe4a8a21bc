extension Project {
    /// Script features, each after the script features it reads: the order they compute in.
    /// (Cycles are load errors; should one slip through, its members keep file order.)
    public func scriptFeaturesInDependencyOrder() -> [Feature] {
        let scripted = features.filter { $0.scriptFeature != nil }
        let names = Set(scripted.map(\.name))
        var ordered: [Feature] = []
        var state: [String: Bool] = [:]  // false: visiting, true: placed
        func visit(_ feature: Feature) {
            guard state[feature.name] == nil else { return }
            state[feature.name] = false
            for input in feature.scriptFeature!.inputs where names.contains(input.name) {
                if let dependency = self.feature(named: input.name) { visit(dependency) }
            }
            state[feature.name] = true
            ordered.append(feature)
        }
        scripted.forEach(visit)
        return ordered
    }
}
