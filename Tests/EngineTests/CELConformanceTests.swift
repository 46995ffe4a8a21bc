import Foundation
import Testing
@testable import Engine

/// Runs the CEL conformance corpus (Tests/Data/cel/*.jsonl, a copy kept in the repository so a
/// clone runs its tests anywhere) and reports pass rates.
@Suite struct CELConformanceTests {
    /// Tags of features the engine does not implement; cases carrying one are skipped.
    static let unsupportedTags: Set<String> = ["timestamp", "duration", "proto", "ext", "optional", "unknown"]
    /// Tags outside the "core" of the corpus README.
    static let nonCoreTags: Set<String> = [
        "uint", "bytes", "timestamp", "duration", "proto", "ext", "optional", "unknown", "type", "regex",
    ]
    /// The core pass rate reached; the test fails if a change drops below it.
    static let minimumCoreRate = 1.0  // 694 of 694

    struct Case {
        let file: String, section: String, name: String, expr: String
        let bindings: [(name: String, value: CELValue)]
        let expected: CELValue  // .error(_) when an error is expected
        let disableCheck: Bool
        let tags: Set<String>
        /// Set when a binding or expected value uses a kind the codec does not know (e.g. timestamp).
        let decodeError: String?

        var id: String { "\(file)/\(section)/\(name)" }
        var isCore: Bool { tags.isDisjoint(with: CELConformanceTests.nonCoreTags) }
    }

    static var corpusDirectory: URL {
        URL(fileURLWithPath: #filePath)  // Tests/EngineTests/this file
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/cel").standardizedFileURL
    }

    static func loadCases() throws -> [Case] {
        let files = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path)
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        var cases: [Case] = []
        for f in files {
            let text = try String(contentsOf: corpusDirectory.appendingPathComponent(f), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.isEmpty {
                let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                var bindings: [(name: String, value: CELValue)] = []
                var expected = CELValue.null
                var decodeError: String?
                do {
                    for (name, v) in (obj["bindings"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                        bindings.append((name, try CELTypedJSON.decode(v)))
                    }
                    let expect = try #require(obj["expect"] as? [String: Any])
                    expected = if let v = expect["value"] {
                        try CELTypedJSON.decode(v)
                    } else {
                        .error(CELError(expect["error"] as? String ?? ""))
                    }
                } catch {
                    decodeError = "\(error)"
                }
                cases.append(Case(
                    file: obj["file"] as? String ?? f, section: obj["section"] as? String ?? "",
                    name: obj["name"] as? String ?? "", expr: obj["expr"] as? String ?? "",
                    bindings: bindings, expected: expected,
                    disableCheck: obj["disable_check"] as? Bool ?? false,
                    tags: Set(obj["tags"] as? [String] ?? []), decodeError: decodeError))
            }
        }
        return cases
    }

    static func run(_ c: Case) -> CELValue {
        if let decodeError = c.decodeError { return .error(CELError("corpus value not decodable: \(decodeError)")) }
        let env = CELEnvironment(dynamicVariables: c.bindings.map(\.name))
        switch CELProgram.compile(c.expr, in: env, typeCheck: !c.disableCheck) {
        case .success(let program): return program.evaluate(CELActivation(slots: c.bindings.map(\.value)))
        case .failure(let error): return .error(CELError("compile: \(error)"))
        }
    }

    /// Same kind and value; maps ignore order; NaN equals NaN; any error matches an expected error.
    static func matches(_ actual: CELValue, _ expected: CELValue) -> Bool {
        switch (actual, expected) {
        case (.error, .error): return true
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)): return a.isNaN ? b.isNaN : a == b && a.sign == b.sign
        case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.type(let a), .type(let b)): return a.kindName == b.kindName
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { matches($0, $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && zip(a.keys, a.values).allSatisfy { k, v in
                b[k].map { matches(v, $0) } ?? false
            }
        default: return false
        }
    }

    /// A clone on another machine has no `../shared`: the corpus must come with the repository.
    @Test func corpusLivesInsideTheRepository() throws {
        let root = URL(fileURLWithPath: PackageRoot.path).standardizedFileURL.path + "/"
        #expect(Self.corpusDirectory.path.hasPrefix(root))
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpusDirectory.path)
        #expect(files.filter { $0.hasSuffix(".jsonl") }.count >= 20)
    }

    @Test func corpus() throws {
        let cases = try Self.loadCases()
        try #require(!cases.isEmpty, "no conformance cases found in \(Self.corpusDirectory.path)")
        var perFile: [String: (pass: Int, run: Int, skipped: Int)] = [:]
        var corePass = 0, coreRun = 0
        var failures: [String] = []
        for c in cases {
            if !c.tags.isDisjoint(with: Self.unsupportedTags) {
                perFile[c.file, default: (0, 0, 0)].skipped += 1
                continue
            }
            let actual = Self.run(c)
            let ok = c.decodeError == nil && Self.matches(actual, c.expected)
            perFile[c.file, default: (0, 0, 0)].run += 1
            if ok { perFile[c.file, default: (0, 0, 0)].pass += 1 }
            if c.isCore {
                coreRun += 1
                if ok { corePass += 1 }
            }
            if !ok {
                failures.append("\(c.id): \(c.expr)\n    got \(CELTypedJSON.encode(actual)), want \(CELTypedJSON.encode(c.expected))")
            }
        }
        var report = "CEL conformance (skipping tags: \(Self.unsupportedTags.sorted().joined(separator: ", ")))\n"
        var pass = 0, run = 0, skipped = 0
        for (file, r) in perFile.sorted(by: { $0.key < $1.key }) {
            report += "  \(file): \(r.pass)/\(r.run) passed, \(r.skipped) skipped\n"
            pass += r.pass
            run += r.run
            skipped += r.skipped
        }
        let coreRate = coreRun == 0 ? 0 : Double(corePass) / Double(coreRun)
        report += "  total: \(pass)/\(run) passed (\(percent(pass, run))), \(skipped) skipped\n"
        report += "  core: \(corePass)/\(coreRun) passed (\(percent(corePass, coreRun)))\n"
        if !failures.isEmpty { report += "failing cases:\n  " + failures.joined(separator: "\n  ") + "\n" }
        print(report)
        #expect(coreRate >= Self.minimumCoreRate, "core pass rate \(percent(corePass, coreRun)) fell below the recorded minimum")
    }

    private func percent(_ a: Int, _ b: Int) -> String {
        b == 0 ? "n/a" : String(format: "%.1f%%", 100 * Double(a) / Double(b))
    }
}
