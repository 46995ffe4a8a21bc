import EngineProtocol
import Foundation

/// The Features pane: every feature's value on the engine now (refreshed each second), a
/// sparkline of its recent numeric values, Enter opens the file that defines it.
extension Workbench {
    static let historyLength = 40

    func recordValues(_ result: ValuesResult) {
        featureValues = result.features
        for feature in result.features {
            guard let number = Double(feature.value) else { continue }
            var history = featureHistory[feature.name] ?? []
            history.append(number)
            featureHistory[feature.name] = Array(history.suffix(Self.historyLength))
        }
        featureSelection = min(featureSelection, max(0, featureValues.count - 1))
    }

    func featuresKey(_ key: Key) {
        switch key {
        case .up: featureSelection = max(0, featureSelection - 1)
        case .down: featureSelection = min(max(0, featureValues.count - 1), featureSelection + 1)
        case .enter:
            guard featureValues.indices.contains(featureSelection) else { return }
            let name = featureValues[featureSelection].name
            // The file whose `name:` line names it.
            for path in tree.allFiles where path.hasSuffix(".yaml") {
                guard let text = try? String(contentsOfFile: absolutePath(path), encoding: .utf8) else { continue }
                let lines = text.components(separatedBy: "\n")
                if let line = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "name: \(name)" }), let tab = openFile(path) {
                    tab.document.anchor = nil
                    tab.document.cursor = tab.document.clamp(TextPosition(line: line, column: 0))
                    editorView(for: tab).revealCursor()
                    return
                }
            }
            status = "No file names feature '\(name)'."
        default: break
        }
    }

    func drawFeatures(into buffer: inout CellBuffer) {
        let rect = layout.problems
        guard !featureValues.isEmpty else {
            let note = engineState.isConnected ? "  Nothing deployed: F6 deploys, then values show here." : "  " + (engineState.summary.isEmpty ? "No engine for this IDE." : engineState.summary)
            buffer.write(note, x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
            return
        }
        let nameWidth = min(30, (featureValues.map { DisplayWidth.of($0.name) }.max() ?? 0) + 2)
        let first = max(0, featureSelection - rect.height + 1)
        for (offset, feature) in featureValues.dropFirst(first).prefix(rect.height).enumerated() {
            let y = rect.y + offset
            let selected = first + offset == featureSelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style) }
            buffer.write(" " + feature.name, x: rect.x, y: y, style: selected ? style : theme.key, limit: rect.x + nameWidth)
            let spark = Sparkline.text(featureHistory[feature.name] ?? [], width: 16)
            let x = buffer.write(spark, x: rect.x + nameWidth, y: y, style: selected ? style : theme.number) + 1
            buffer.write(feature.value, x: max(x, rect.x + nameWidth + 17), y: y, style: style, limit: rect.maxX)
        }
    }
}

/// A run of values as block characters, lowest ▁ to highest █ (flat: all ▄).
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func text(_ values: [Double], width: Int) -> String {
        let shown = values.suffix(width)
        guard let low = shown.min(), let high = shown.max() else { return String(repeating: " ", count: width) }
        let line = shown.map { value -> Character in
            guard high > low else { return blocks[3] }
            return blocks[min(7, Int((value - low) / (high - low) * 7.999))]
        }
        return String(repeating: " ", count: width - line.count) + String(line)
    }
}
