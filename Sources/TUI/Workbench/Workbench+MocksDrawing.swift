import EngineProtocol
import Foundation

/// Drawing the Mocks pane: scenarios │ the event timeline with its cursor │ the records and
/// verdicts up to the player's clock (or F7's report).
extension Workbench {
    /// Where the pane's columns go (drawing and clicks agree on it): the scenario list, the
    /// timeline, the records and verdicts.
    struct MocksColumns {
        let list: Rect
        let timeline: Rect
        let played: Rect
        /// Right of the list, when no player is shown.
        let right: Rect

        init(_ rect: Rect) {
            let listWidth = min(24, max(12, rect.width / 5))
            list = Rect(x: rect.x, y: rect.y, width: listWidth, height: rect.height)
            right = Rect(x: rect.x + listWidth + 2, y: rect.y, width: max(0, rect.width - listWidth - 2), height: rect.height)
            let timelineWidth = min(36, max(16, right.width * 3 / 10))
            timeline = Rect(x: right.x, y: rect.y, width: timelineWidth, height: rect.height)
            played = Rect(x: right.x + timelineWidth + 2, y: rect.y, width: max(0, right.width - timelineWidth - 2), height: rect.height)
        }
    }

    /// The first scenario name in view.
    var firstScenarioShown: Int { max(0, mockSelection - layout.problems.height + 1) }

    func drawMocks(into buffer: inout CellBuffer) {
        let rect = layout.problems
        let columns = MocksColumns(rect)
        let names = scenarioNames
        let listWidth = columns.list.width
        if names.isEmpty {
            buffer.write("  No scenarios in mocks/.", x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.x + listWidth)
        }
        let first = firstScenarioShown
        for (offset, name) in names.dropFirst(first).prefix(rect.height).enumerated() {
            let selected = first + offset == mockSelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: rect.x, y: rect.y + offset, width: listWidth, height: 1), style: style) }
            buffer.write(" ▶ " + name, x: rect.x, y: rect.y + offset, style: style, limit: rect.x + listWidth)
        }
        for y in rect.y..<rect.maxY { buffer.write("│", x: rect.x + listWidth, y: y, style: theme.border, limit: rect.maxX) }
        let right = columns.right
        if let requested = mocks.requested {
            let held = debug.stoppedThread != nil ? "  Stopped at a breakpoint: the Debug pane (Alt-8) has it; F5 continues." : ""
            buffer.write("Playing \(requested) on the engine…" + held, x: right.x, y: right.y, style: theme.lineNumber, limit: right.maxX)
        } else if mocks.showsRunAll || mocks.player == nil {
            let lines = mocks.showsRunAll ? engineCommandOutput
                : ["Enter plays the selected scenario on the engine, then replays it here on its virtual clock:",
                   "Space play / pause, → step one event, ← step back, + - speed, Home End start / end."]
            for (offset, line) in lines.suffix(right.height).enumerated() {
                let style = line.contains("✗") ? theme.errorMark : line.contains("✓") ? theme.text : theme.lineNumber
                buffer.write(line, x: right.x, y: right.y + offset, style: style, limit: right.maxX)
            }
        } else if let player = mocks.player {
            drawTimeline(player, in: columns.timeline, into: &buffer)
            for y in right.y..<right.maxY { buffer.write("│", x: columns.timeline.maxX, y: y, style: theme.border, limit: right.maxX) }
            drawPlayed(player, in: columns.played, into: &buffer)
        }
    }

    /// The header (state, speed, clock), then the events around the cursor.
    private func drawTimeline(_ player: ScenarioPlayer, in rect: Rect, into buffer: inout CellBuffer) {
        let state = player.isPlaying ? "▶" : player.isAtEnd ? "■" : "⏸"
        let clock = player.now.map { " " + PlayClock.offset($0, from: player.result.start) } ?? ""
        let place = player.isAtEnd ? "end" : player.currentEvent.map { "\($0 + 1)/\(player.events.count + player.moreEvents)" } ?? "start"
        buffer.write("\(state) \(player.speed.label)\(clock) · \(place)", x: rect.x, y: rect.y, style: theme.paneTitle, limit: rect.maxX)
        let window = TimelineWindow(player, rows: max(0, rect.height - 1))
        let total = window.total, cursorRow = window.cursorRow
        for row in window.shown {
            let y = rect.y + 1 + row - window.shown.lowerBound
            let isCursor = row == cursorRow
            let text: String
            var style = row <= player.position || player.isAtEnd ? theme.text : theme.lineNumber
            if row == 0 {
                text = "start  " + TimeOfDay.text(player.result.start)
            } else if row <= player.events.count {
                let event = player.events[row - 1]
                text = PlayClock.offset(event.ts, from: player.result.start) + " " + event.type
                    + (event.page.map { " " + $0 } ?? "") + (event.params == "{}" ? "" : " " + event.params)
            } else if row == total - 1 {
                text = "end  " + PlayClock.offset(player.end, from: player.result.start)
            } else {
                text = "… \(player.moreEvents) more events"
                style = theme.lineNumber
            }
            if isCursor {
                style = focus == .problems ? theme.selection : theme.listCursor
                buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style)
            }
            buffer.write(PlayClock.fitted((isCursor ? "▸ " : "  ") + text, rect.width), x: rect.x, y: y, style: style, limit: rect.maxX)
        }
    }

    /// The verdicts so far, then the records and verdicts up to the clock, newest last.
    private func drawPlayed(_ player: ScenarioPlayer, in rect: Rect, into buffer: inout CellBuffer) {
        let result = player.result
        let (passed, failed) = player.verdicts
        let header = player.isAtEnd
            ? "\(player.scenario): \(passed) passed, \(failed + result.problems.count) failed"
            : "\(player.scenario): \(passed + failed) of \(result.outcomes.count) decided · \(passed) ✓ \(failed) ✗"
        buffer.write(header, x: rect.x, y: rect.y, style: failed > 0 ? theme.errorMark : theme.paneTitle, limit: rect.maxX)
        let shown = player.shown
        // At the end, the scenario's own problems follow (unreadable lines, dropped events);
        // past the records the engine listed, how many it left out.
        let extra = (player.isAtEnd ? result.problems.map { ("✗ " + $0, theme.errorMark) } : [])
            + (player.isPastListedRecords ? [("… \(player.moreRecords) more records from \(PlayClock.offset(player.recordsCutAt, from: result.start)) on are not listed here (featide play prints them all)", theme.lineNumber)] : [])
        let total = shown.count + extra.count
        let rows = max(0, rect.height - 1)
        mocks.scrollBack = min(mocks.scrollBack, max(0, total - rows))
        let last = total - mocks.scrollBack
        for (offset, index) in (max(0, last - rows)..<last).enumerated() {
            let y = rect.y + 1 + offset
            guard index < shown.count else {
                let (text, style) = extra[index - shown.count]
                buffer.write(PlayClock.fitted(text, rect.width), x: rect.x, y: y, style: style, limit: rect.maxX)
                continue
            }
            switch shown[shown.startIndex + index] {
            case .record(let i):
                let record = result.records[i]
                let line = LogLine(LogEntry(line: record.line, ts: record.ts, level: "info"))
                buffer.write(PlayClock.fitted(PlayClock.offset(record.ts, from: result.start) + " " + line.source + "  " + line.text, rect.width),
                             x: rect.x, y: y, style: theme.lineNumber, limit: rect.maxX)
            case .outcome(let i):
                // What it was first: a cut line must never show a shortened number as the value.
                let outcome = result.outcomes[i]
                let text = "\(outcome.passed ? "✓" : "✗") \(outcome.subject): got \(outcome.actual), expected \(outcome.expected)"
                    + (outcome.passed ? "" : "  (\(outcome.location))")
                buffer.write(PlayClock.fitted(text, rect.width), x: rect.x, y: y, style: outcome.passed ? theme.text : theme.errorMark, limit: rect.maxX)
            }
        }
    }
}

/// The timeline's rows — start, each listed event, "… N more", end — and which are in view:
/// the cursor's row kept there with the next one under it.
struct TimelineWindow {
    let total: Int
    let cursorRow: Int
    let shown: Range<Int>
    private let events: Int
    private let lastPosition: Int

    init(_ player: ScenarioPlayer, rows: Int) {
        events = player.events.count
        lastPosition = player.lastPosition
        total = events + 2 + (player.moreEvents > 0 ? 1 : 0)
        cursorRow = player.isAtEnd ? total - 1 : player.position
        let first = max(0, min(cursorRow - max(0, rows - 2), total - rows))
        shown = first..<min(total, first + rows)
    }

    /// The player's position a row stands for (the "… more" row stands for none).
    func position(ofRow row: Int) -> Int? {
        row <= events ? row : row == total - 1 ? lastPosition : nil
    }
}

/// Times in a played scenario, from its start: `+7s`, `+7.25s`; lines cut to a width with `…`.
enum PlayClock {
    static func fitted(_ text: String, _ width: Int) -> String {
        guard width > 0, DisplayWidth.of(text) > width else { return text }
        return DisplayWidth.prefix(of: text, fitting: width - 1) + "…"
    }

    static func offset(_ ts: Int64, from start: Int64) -> String {
        let ms = ts - start
        let sign = ms < 0 ? "-" : "+"
        let whole = abs(ms) / 1000, fraction = abs(ms) % 1000
        guard fraction != 0 else { return "\(sign)\(whole)s" }
        var digits = String(format: "%03d", fraction)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(sign)\(whole).\(digits)s"
    }
}
