import EngineProtocol
import Foundation

/// The Features pane: every feature's value on the engine now (refreshed each second), a
/// sparkline of its recent numeric values, the last change with the event that made it,
/// grouped features expandable by key, watched features pinned at the top, and beside the
/// list the selected feature's lineage and changes. Enter opens the file that defines it;
/// `b` breaks (a data breakpoint) when an event changes it.
extension Workbench {
    static let historyLength = 40

    func recordValues(_ result: ValuesResult) {
        featureValues = result.features
        for feature in result.features {
            remember(feature.value, as: FeaturesPaneState.historyName(feature.name, key: nil))
            for keyed in feature.keys ?? [] { remember(keyed.value, as: FeaturesPaneState.historyName(feature.name, key: keyed.key)) }
        }
        featureSelection = min(featureSelection, max(0, featureRows.count - 1))
        trackShownFeatures()
    }

    private func remember(_ value: String, as name: String) {
        guard let number = Double(value) else { return }
        var history = featureHistory[name] ?? []
        history.append(number)
        featureHistory[name] = Array(history.suffix(Self.historyLength))
    }

    var featureRows: [FeaturesPaneState.Row] { featuresPane.rows(featureValues) }

    /// The engine records changes of the features shown (all, while the pane is) and of the
    /// watched ones (always); nothing else, so an unwatched engine pays nothing for it.
    func trackShownFeatures() {
        let names = panelTab == .features ? featureValues.map(\.name) : featuresPane.watched
        guard names != featuresPane.tracked else { return }
        featuresPane.tracked = names
        environment.trackFeatures(names)
    }

    private var selectedRow: FeaturesPaneState.Row? {
        let rows = featureRows
        return rows.indices.contains(featureSelection) ? rows[featureSelection] : nil
    }

    private func feature(named name: String) -> ValuesResult.Feature? { featureValues.first { $0.name == name } }

    func featuresKey(_ key: Key) {
        let rows = featureRows
        switch key {
        case .up: featureSelection = max(0, featureSelection - 1)
        case .down: featureSelection = min(max(0, rows.count - 1), featureSelection + 1)
        case .right: expandSelectedFeature()
        case .left:
            switch selectedRow {
            case .feature(let name)?: featuresPane.expanded.remove(name)
            case .key(let name, _)?:
                featuresPane.expanded.remove(name)
                featureSelection = featureRows.firstIndex(of: .feature(name)) ?? 0
            case nil: break
            }
        case .enter:
            if case .feature(let name)? = selectedRow, feature(named: name)?.keys != nil, !featuresPane.expanded.contains(name) {
                return expandSelectedFeature()
            }
            openDefinition()
        case .character("w"): toggleWatchOfSelectedFeature()
        case .character(" "): showFeatureDetail()
        case .character("b"):
            switch selectedRow {
            case .feature(let name)?: toggleDataBreakpoint(name)
            case .key(let name, let key)?: toggleDataBreakpoint("\(name)[\(key)]")
            case nil: status = "No feature selected."
            }
        default: break
        }
    }

    private func expandSelectedFeature() {
        guard case .feature(let name)? = selectedRow else { return }
        guard let keys = feature(named: name)?.keys else { return status = "\(name) is not grouped: it has no keys to show." }
        featuresPane.expanded.insert(name)
        if keys.isEmpty { status = "\(name) has no keys yet." }
    }

    /// `w` (or the palette): pinned at the top and tracked even while the pane is hidden.
    func toggleWatchOfSelectedFeature() {
        guard panelTab == .features, let row = selectedRow else { return status = "Select a feature in the Features pane (Alt-5) first." }
        let name: String
        switch row {
        case .feature(let n): name = n
        case .key(let n, _): name = n
        }
        if let i = featuresPane.watched.firstIndex(of: name) {
            featuresPane.watched.remove(at: i)
            status = "No longer watching \(name)."
        } else {
            featuresPane.watched.append(name)
            status = "Watching \(name): pinned at the top, each change listed with its event."
        }
        featureSelection = featureRows.firstIndex(of: row) ?? 0
        trackShownFeatures()
    }

    private func openDefinition() {
        guard let row = selectedRow else { return }
        let name: String
        switch row {
        case .feature(let n): name = n
        case .key(let n, _): name = n
        }
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
    }

    // MARK: Drawing

    func drawFeatures(into buffer: inout CellBuffer) {
        let rect = layout.problems
        guard !featureValues.isEmpty else {
            let note = engineState.isConnected ? "  Nothing deployed: F6 deploys, then values show here." : "  " + (engineState.summary.isEmpty ? "No engine for this IDE." : engineState.summary)
            buffer.write(note, x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
            return
        }
        // The list on the left; the selected feature's lineage and changes on the right.
        let detailWidth = rect.width >= 100 ? min(72, rect.width * 2 / 5) : 0
        let list = Rect(x: rect.x, y: rect.y, width: rect.width - detailWidth, height: rect.height)
        let rows = featureRows
        let nameWidth = min(32, (featureValues.map { DisplayWidth.of($0.name) }.max() ?? 0) + 5)
        let first = max(0, featureSelection - list.height + 1)
        for (offset, row) in rows.dropFirst(first).prefix(list.height).enumerated() {
            let y = list.y + offset
            let selected = first + offset == featureSelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: list.x, y: y, width: list.width, height: 1), style: style) }
            switch row {
            case .feature(let name):
                guard let feature = feature(named: name) else { continue }
                let watched = featuresPane.watched.contains(name)
                let breaks = debug.dataBreakpoints.contains(name)
                let mark = breaks ? "●" : watched ? "★" : " "
                let fold = feature.keys == nil ? " " : featuresPane.expanded.contains(name) ? "▾" : "▸"
                buffer.write(mark + fold + " " + name, x: list.x, y: y, style: selected ? style : watched ? theme.key.adding(.bold) : theme.key,
                             limit: list.x + nameWidth)
                drawValue(feature.value, history: name, lastChange: feature.changes?.last, row: y, in: list, from: list.x + nameWidth,
                          style: style, selected: selected, into: &buffer)
            case .key(let name, let key):
                let value = feature(named: name)?.keys?.first { $0.key == key }?.value ?? ""
                let changed = feature(named: name)?.changes?.last { $0.keys?.contains { $0.key == key } == true }
                let mark = debug.dataBreakpoints.contains("\(name)[\(key)]") ? "●" : " "
                buffer.write(mark + "    " + key, x: list.x, y: y, style: selected ? style : theme.string, limit: list.x + nameWidth)
                drawValue(value, history: FeaturesPaneState.historyName(name, key: key), lastChange: changed, row: y, in: list,
                          from: list.x + nameWidth, style: style, selected: selected, into: &buffer)
            }
        }
        if detailWidth > 0 { drawFeatureDetail(into: &buffer, Rect(x: list.maxX, y: rect.y, width: detailWidth, height: rect.height)) }
    }

    private func drawValue(_ value: String, history: String, lastChange: FeatureChange?, row y: Int, in list: Rect, from x: Int,
                           style: Style, selected: Bool, into buffer: inout CellBuffer) {
        let spark = Sparkline.text(featureHistory[history] ?? [], width: 12)
        buffer.write(spark, x: x, y: y, style: selected ? style : theme.number)
        // The last change keeps its column at the right (to the second; the detail has the
        // milliseconds); a long value is cut before it.
        let changeX = max(x + 13 + 8, list.maxX - 18)
        buffer.write(value, x: x + 13, y: y, style: style, limit: lastChange == nil ? list.maxX : changeX - 1)
        guard let lastChange, changeX + 4 < list.maxX else { return }
        let when = "↻ \(TimeOfDay.text(lastChange.ts).prefix(8)) \(lastChange.event.prefix { $0 != " " })"
        buffer.write(when, x: changeX, y: y, style: selected ? style : theme.lineNumber, limit: list.maxX)
    }

    /// The selected feature's lineage and its changes (newest first) with their events.
    private func drawFeatureDetail(into buffer: inout CellBuffer, _ rect: Rect) {
        guard let name = selectedFeatureName else { return }
        let lines = featureDetail(name, width: rect.width - 2)
        for (offset, line) in lines.prefix(rect.height).enumerated() {
            buffer.write("│ ", x: rect.x, y: rect.y + offset, style: theme.border)
            buffer.write(line.0, x: rect.x + 2, y: rect.y + offset, style: line.1, limit: rect.maxX)
        }
        for y in (rect.y + min(lines.count, rect.height))..<rect.maxY { buffer.write("│", x: rect.x, y: y, style: theme.border) }
    }

    private var selectedFeatureName: String? {
        switch selectedRow {
        case .feature(let name)?: return name
        case .key(let name, _)?: return name
        case nil: return nil
        }
    }

    /// Space: the selected feature's lineage and changes in a dialog, however narrow the pane.
    private func showFeatureDetail() {
        guard let name = selectedFeatureName else { return }
        let width = max(10, min(96, layout.size.width - 8))
        let lines = featureDetail(name, width: width).map(\.0)
        overlay = .confirm(Confirmation(title: name, lines: Array(lines.prefix(max(1, layout.size.height - 8))),
                                        choices: [.init(key: "c", label: "Close", action: .cancel)]))
    }

    /// What reads what (wrapped to `width`) and the recorded changes; a watched feature's
    /// changes first, since they are what watching it is for.
    private func featureDetail(_ name: String, width: Int) -> [(String, Style)] {
        var lineageLines: [(String, Style)] = []
        if let lineage = inspected.lineage?.first(where: { $0.feature == name }) {
            let said = lineage.reads.map { "\(name) ← " + $0 } + (lineage.readBy.isEmpty ? ["nothing (queries only)"] : lineage.readBy).map { "read by " + $0 }
            for line in said {
                lineageLines += WordWrap.lines(line, width: max(8, width - 2)).enumerated().map { ($0 == 0 ? $1 : "  " + $1, theme.text) }
            }
        }
        let changes = feature(named: name)?.changes ?? []
        let watched = featuresPane.watched.contains(name)
        var lines: [(String, Style)] = []
        lines.append((changes.isEmpty ? "no change since tracked" + (watched ? "" : "; w watches it")
                      : "changes\(watched ? " (watched)" : ""), newest first:", theme.paneTitle))
        // Each change: when, what it went from and to (a grouped feature's keys), then its event.
        for change in changes.reversed() {
            let values = change.keys.map { $0.map { "\($0.key) \($0.from) → \($0.to)" }.joined(separator: ", ") } ?? "\(change.from) → \(change.to)"
            lines.append(("\(TimeOfDay.text(change.ts))  \(values)", theme.text))
            lines.append(("  by \(change.event)", theme.lineNumber))
        }
        return watched ? lines + lineageLines : lineageLines + lines
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
