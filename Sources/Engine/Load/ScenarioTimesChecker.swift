import Foundation

/// Checks, at load time, every time a scenario will produce (SPEC §2, §8): inline events
/// laid out by `at`, `+D`, `repeat`/`every`; recorded events shifted to the scenario's start;
/// expectation times. Each must lie within 0…253402300799999, so that nothing near the ends
/// of Int64 reaches the engine; each that does not is an error at its own location. Recorded
/// files are read and validated here too, once per file, in one streaming pass.
struct ScenarioTimesChecker {
    let project: Project
    let context: LoadContext

    static let expectedRange = "expected event times from 1970 to the end of year 9999"

    func check() {
        var readFiles: [String: RecordedFileSummary?] = [:]
        for scenario in project.scenarios {
            var previous: Int64 = 0  // offset of the last event laid out, as ScenarioTimeline does
            for source in scenario.events {
                switch source {
                case .event(let spec):
                    guard let last = lastOffset(of: spec, after: previous, start: scenario.start) else {
                        context.error(at: spec.location, "this event falls outside the event time range; \(Self.expectedRange)")
                        continue
                    }
                    previous = last
                case .file(_, let resolved, let location):
                    if readFiles[resolved] == nil { readFiles[resolved] = validate(resolved, from: location) }
                    guard let file = readFiles[resolved] ?? nil, let offsets = file.offsets else { continue }
                    if inRange(scenario.start, plus: offsets.lowerBound) != nil, inRange(scenario.start, plus: offsets.upperBound) != nil {
                        previous = file.lastOffset
                    } else {
                        previous = checkEachEvent(of: resolved, in: scenario) ?? previous
                    }
                }
            }
            for generator in scenario.generators where inRange(scenario.start, plus: generator.duration.milliseconds) == nil {
                context.error(at: generator.location, "this generator runs past the event time range; \(Self.expectedRange)")
            }
            for expectation in scenario.expectations {
                if let at = Self.time(of: expectation), inRange(scenario.start, plus: at) == nil {
                    context.error(at: expectation.location, "this expectation's time falls outside the event time range; \(Self.expectedRange)")
                }
            }
        }
    }

    /// Reads the file again (only when some of its events fall outside the range for this
    /// scenario) to report each such event at its line; the last in-range event's offset.
    private func checkEachEvent(of resolved: String, in scenario: Scenario) -> Int64? {
        guard let reader = RecordedEventReader(path: resolved) else { return nil }
        let fileLocation = location(of: resolved)
        var first: Int64?
        var previous: Int64?
        while let (line, result) = reader.nextTime() {
            guard case .success(let recorded) = result else { continue }
            let base = first ?? recorded
            first = base
            guard let ts = inRange(scenario.start, plus: recorded - base) else {
                context.error(at: SourceLocation(file: fileLocation, line: line, column: 1),
                              "recorded event falls outside the event time range once shifted to scenario '\(scenario.name)'; \(Self.expectedRange)")
                continue
            }
            previous = ts - scenario.start
        }
        return previous
    }

    /// The offset of the event's last repetition, or nil when any of them is out of range.
    private func lastOffset(of spec: ScenarioEvent, after previous: Int64, start: Int64) -> Int64? {
        let step = spec.every?.milliseconds ?? 0
        var offset: Int64
        switch spec.at {
        case .absolute(let span)?: offset = span.milliseconds
        case .relative(let span)?:
            let (sum, overflow) = previous.addingReportingOverflow(span.milliseconds)
            guard !overflow else { return nil }
            offset = sum
        case nil:
            let (sum, overflow) = previous.addingReportingOverflow(spec.repeatCount > 1 || spec.every != nil ? step : 0)
            guard !overflow else { return nil }
            offset = sum
        }
        let (span, spanOverflow) = step.multipliedReportingOverflow(by: Int64(spec.repeatCount - 1))
        let (last, lastOverflow) = offset.addingReportingOverflow(span)
        guard !spanOverflow, !lastOverflow, inRange(start, plus: offset) != nil, inRange(start, plus: last) != nil else {
            return nil
        }
        return last
    }

    private func inRange(_ start: Int64, plus offset: Int64) -> Int64? {
        let (ts, overflow) = start.addingReportingOverflow(offset)
        return !overflow && EventTime.range.contains(ts) ? ts : nil
    }

    private static func time(of expectation: Expectation) -> Int64? {
        switch expectation.kind {
        case .feature(_, _, let at, _): at.milliseconds
        case .patternCount(_, _, let at): at?.milliseconds
        case .decision(_, let at, _): at?.milliseconds
        case .noDecision(_, let before): before.milliseconds
        }
    }

    /// Reads a recorded file and reports its problems at `file:line:col`, at most
    /// `RecordedFileSummary.reportedErrorLimit` of them and then one line for the rest.
    private func validate(_ resolved: String, from reference: SourceLocation) -> RecordedFileSummary? {
        guard FileManager.default.fileExists(atPath: resolved), let file = RecordedFileSummary(path: resolved) else { return nil }
        let path = location(of: resolved)
        if file.isEmpty {
            context.warning(at: reference, "recorded events '\(path)' hold no event; expected JSON Lines, one event per line")
        }
        for error in file.errors.prefix(RecordedFileSummary.reportedErrorLimit) {
            let field = error.field.map { "field \"\($0)\": " } ?? ""
            context.error(at: SourceLocation(file: path, line: error.line, column: error.column ?? 1),
                          "recorded event: \(field)\(error.message)")
        }
        let more = file.errorCount - RecordedFileSummary.reportedErrorLimit
        if more > 0 {
            let next = file.errors[RecordedFileSummary.reportedErrorLimit]
            context.error(at: SourceLocation(file: path, line: next.line, column: next.column ?? 1),
                          "\(more) more \(more == 1 ? "error" : "errors") in this file not shown")
        }
        return file
    }

    /// The file's path relative to the project root, as every diagnostic names files.
    private func location(of resolved: String) -> String {
        let root = URL(fileURLWithPath: project.root, isDirectory: true).standardizedFileURL.path
        let path = URL(fileURLWithPath: resolved).standardizedFileURL.path
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
