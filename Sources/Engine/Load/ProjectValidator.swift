import Foundation

/// Checks across definitions: unique names, references that resolve, script files that exist,
/// no cycles between script features, and warnings for unbounded or unused state.
struct ProjectValidator {
    let project: Project
    let context: LoadContext

    func validate() {
        checkUniqueNames()
        let featureNames = Set(project.features.map(\.name))
        let patternNames = Set(project.patterns.map(\.name))
        let decisionNames = Set(project.decisions.map(\.name))
        checkFeatures(featureNames)
        for pattern in project.patterns { PatternValidator(pattern: pattern, context: context).validate() }
        checkDecisions(featureNames, patternNames)
        checkScenarios(featureNames, patternNames, decisionNames)
        ScenarioTimesChecker(project: project, context: context).check()
        checkScriptFeatureCycles()
        warnUnusedFeatures()
    }

    private func checkUniqueNames() {
        func check(_ kind: String, _ items: [(String, SourceLocation)]) {
            var first: [String: SourceLocation] = [:]
            for (name, location) in items {
                if let earlier = first[name] {
                    context.error(at: location, "duplicate \(kind) name '\(name)'; first defined at \(earlier)")
                } else {
                    first[name] = location
                }
            }
        }
        check("feature", project.features.map { ($0.name, $0.location) })
        check("pattern", project.patterns.map { ($0.name, $0.location) })
        check("decision", project.decisions.map { ($0.name, $0.location) })
        check("scenario", project.scenarios.map { ($0.name, $0.location) })
    }

    /// Reports a reference to a name that is not defined (unless its definition failed to load).
    private func resolve(_ ref: NameReference, in names: Set<String>, kind: String, scope: String = "") {
        guard !names.contains(ref.name), !(context.declaredNames[kind]?.contains(ref.name) ?? false) else { return }
        context.error(at: ref.location,
                      "unknown \(kind) '\(ref.name)'\(scope)\(NearestName.hint(for: ref.name, among: names.sorted()))")
    }

    private func checkScriptExists(_ script: ScriptReference) {
        var isDirectory: ObjCBool = false
        let path = URL(fileURLWithPath: project.root).appendingPathComponent(script.path).path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { return }
        context.error(at: script.location, "script '\(script.path)' does not exist; expected a file relative to the project root")
    }

    private func checkFeatures(_ featureNames: Set<String>) {
        for feature in project.features {
            if let post = feature.post { checkScriptExists(post) }
            switch feature.body {
            case .script(let s):
                checkScriptExists(s.script)
                for input in s.inputs {
                    resolve(input, in: featureNames, kind: "feature")
                    if input.name == feature.name { context.error(at: input.location, "script feature '\(feature.name)' reads itself") }
                }
            case .aggregation(let a):
                if a.window == .lifetime, a.ttl == nil {
                    context.warning(at: feature.location,
                                    "feature '\(feature.name)' has unbounded state: window 'lifetime' without 'ttl'")
                }
            }
        }
    }

    private func checkDecisions(_ featureNames: Set<String>, _ patternNames: Set<String>) {
        for decision in project.decisions {
            checkScriptExists(decision.script)
            for input in decision.inputs { resolve(input, in: featureNames, kind: "feature") }
            if case .pattern(let ref) = decision.trigger { resolve(ref, in: patternNames, kind: "pattern") }
        }
    }

    private func checkScenarios(_ featureNames: Set<String>, _ patternNames: Set<String>, _ decisionNames: Set<String>) {
        for scenario in project.scenarios {
            for (feature, _) in scenario.featureOverrides { resolve(feature, in: featureNames, kind: "feature") }
            for source in scenario.events {
                if case .file(let path, let resolved, let location) = source, !FileManager.default.fileExists(atPath: resolved) {
                    context.error(at: location, "recorded events '\(path)' do not exist; expected a JSON Lines file relative to this scenario file")
                }
            }
            for expectation in scenario.expectations {
                switch expectation.kind {
                case .feature(let ref, let key, _, _):
                    resolve(ref, in: featureNames, kind: "feature")
                    // SPEC §4: only a grouped feature's value is keyed.
                    if key != nil, let feature = project.feature(named: ref.name), feature.aggregation?.groupBy == nil {
                        context.error(at: expectation.keyLocation ?? expectation.location,
                                      "'key' on feature '\(ref.name)', which has no group_by; expected a feature with group_by, or no key")
                    }
                case .patternCount(let ref, _, _):
                    resolve(ref, in: patternNames, kind: "pattern")
                    if let pattern = project.pattern(named: ref.name) {
                        let steps = Set(pattern.steps.map(\.name))
                        for (step, _) in expectation.patternSteps {
                            resolve(step, in: steps, kind: "step", scope: " in pattern '\(pattern.name)'")
                        }
                    }
                case .decision(let ref, _, _), .noDecision(let ref, _): resolve(ref, in: decisionNames, kind: "decision")
                }
            }
        }
    }

    /// Script features form a graph through their inputs; a cycle can never be computed.
    private func checkScriptFeatureCycles() {
        var inputs: [String: [NameReference]] = [:]
        for feature in project.features {
            if let s = feature.scriptFeature { inputs[feature.name] = s.inputs }
        }
        var state: [String: Bool] = [:]  // false: on the current path, true: done
        var reported: Set<String> = []
        func visit(_ name: String, path: [String]) {
            if state[name] == true { return }
            if state[name] == false {
                let cycle = Array(path.drop { $0 != name }) + [name]
                let key = Set(cycle).sorted().joined(separator: ",")
                if reported.insert(key).inserted, let feature = project.feature(named: name) {
                    context.error(at: feature.location, "cycle between script features: \(cycle.joined(separator: " -> "))")
                }
                return
            }
            state[name] = false
            for input in inputs[name] ?? [] where inputs[input.name] != nil {
                visit(input.name, path: path + [name])
            }
            state[name] = true
        }
        for feature in project.features where inputs[feature.name] != nil { visit(feature.name, path: []) }
    }

    /// A feature nothing reads (no decision, script feature, or scenario) would never be computed.
    private func warnUnusedFeatures() {
        var used: Set<String> = []
        for decision in project.decisions { used.formUnion(decision.inputs.map(\.name)) }
        for feature in project.features { used.formUnion(feature.scriptFeature?.inputs.map(\.name) ?? []) }
        for scenario in project.scenarios {
            for expectation in scenario.expectations {
                if case .feature(let ref, _, _, _) = expectation.kind { used.insert(ref.name) }
            }
        }
        for feature in project.features where !used.contains(feature.name) {
            context.warning(at: feature.location,
                            "feature '\(feature.name)' is unused: no decision, script feature or scenario reads it, so it is never computed")
        }
    }
}
