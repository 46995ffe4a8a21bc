import Foundation

/// Reading scenarios and `featide test`'s report.
public enum ScenarioResults {
    /// Every `kind: scenario` document's name under `mocks/`, in file order.
    public static func scenarios(in root: String) -> [String] {
        let folder = (root as NSString).appendingPathComponent("mocks")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        return files.flatMap { file -> [String] in
            let text = (try? String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8)) ?? ""
            return text.components(separatedBy: "\n---").compactMap { document in
                let lines = document.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                guard lines.contains("kind: scenario"), let name = lines.first(where: { $0.hasPrefix("name:") }) else { return nil }
                return name.dropFirst("name:".count).trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// `  ✗ SUBJECT  (mocks/x.yaml:16:5)` with its `expected:` and `actual:` lines → a problem there.
    public static func failures(in output: [String]) -> [Problem] {
        var problems: [Problem] = []
        for (i, line) in output.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("✗"), let open = trimmed.lastIndex(of: "("), trimmed.hasSuffix(")") else { continue }
            let place = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)].split(separator: ":")
            guard place.count >= 3, let lineNumber = Int(place[place.count - 2]), let column = Int(place[place.count - 1]) else { continue }
            let subject = trimmed.dropFirst().prefix(upTo: open).trimmingCharacters(in: .whitespaces)
            let detail = output.dropFirst(i + 1).prefix(2).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix("expected:") || $0.hasPrefix("actual:") }
            problems.append(Problem(severity: .error, file: place.dropLast(2).joined(separator: ":"), line: lineNumber, column: column,
                                    message: "scenario expectation failed: \(subject)" + (detail.isEmpty ? "" : " — " + detail.joined(separator: ", "))))
        }
        return problems
    }
}
