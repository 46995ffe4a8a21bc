import Foundation

/// The Mocks pane: the project's scenarios; Enter plays one on the engine (its records and
/// expectation results show here), F7 runs them all with failures listed in Problems at the
/// expectation's file:line.
extension Workbench {
    /// Scenario names by file, read from `mocks/` (documents of kind `scenario`) when the
    /// project's files last changed, not on every frame.
    var scenarioNames: [String] {
        if let scenarioNamesRead { return scenarioNamesRead }
        let names = ScenarioResults.scenarios(in: root)
        scenarioNamesRead = names
        return names
    }

    func mocksKey(_ key: Key) {
        let names = scenarioNames
        switch key {
        case .up: mockSelection = max(0, mockSelection - 1)
        case .down: mockSelection = min(max(0, names.count - 1), mockSelection + 1)
        case .enter:
            guard names.indices.contains(mockSelection) else { return }
            runOnEngine(["play", names[mockSelection]], "Playing \(names[mockSelection]) on the engine…")
        default: break
        }
    }

    func runAllScenarios() {
        guard tree.onlyFile == nil else { return status = "A single file has no scenarios." }
        showPanel(.mocks)
        runOnEngine(["test"], "Running every scenario…")
    }

    private func runOnEngine(_ arguments: [String], _ note: String) {
        guard engineCommandRunning == nil else { return status = "\(engineCommandRunning!) is running." }
        guard environment.runEngineCommand(arguments) else { return status = "This IDE has no engine (open a project folder)." }
        engineCommandRunning = arguments[0]
        engineCommandOutput = [note]
    }

    func drawMocks(into buffer: inout CellBuffer) {
        let rect = layout.problems
        let names = scenarioNames
        let listWidth = min(36, rect.width / 3)
        if names.isEmpty {
            buffer.write("  No scenarios in mocks/.", x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
        }
        let first = max(0, mockSelection - rect.height + 1)
        for (offset, name) in names.dropFirst(first).prefix(rect.height).enumerated() {
            let selected = first + offset == mockSelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: rect.x, y: rect.y + offset, width: listWidth, height: 1), style: style) }
            buffer.write(" ▶ " + name, x: rect.x, y: rect.y + offset, style: style, limit: rect.x + listWidth)
        }
        // What the last play or run printed, its end in view.
        let outputX = rect.x + listWidth + 1
        for (offset, line) in engineCommandOutput.suffix(rect.height).enumerated() {
            let style = line.contains("✗") ? theme.errorMark : line.contains("✓") ? theme.text : theme.lineNumber
            buffer.write(line, x: outputX, y: rect.y + offset, style: style, limit: rect.maxX)
        }
    }
}

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
