import Testing
@testable import Engine

/// Loads one pattern through the real loader, compiles it, and feeds it events named as in
/// Flink's documentation: `b2` is an event of type `b` whose `params.id` is "b2".
struct MatchHarness {
    let project: Project
    let matchers: PatternMatchers
    private(set) var found: [PatternMatch] = []
    /// Events are 1 s apart unless given times.
    static let start: Int64 = 1_700_000_000_000

    init(_ patternYAML: String, manifest: String = TemporaryProject.manifest) throws {
        let files = try TemporaryProject(["featide.yaml": manifest, "patterns/p.yaml": patternYAML])
        defer { files.remove() }
        let result = files.load()
        let errors = result.diagnostics.filter { $0.severity == .error }
        try #require(errors.isEmpty, "\(errors)")
        project = result.project
        matchers = try PatternMatchers(project: project, device: project.manifest.device)
    }

    static func event(_ name: String, at ts: Int64, params: [(String, CELValue)] = []) -> Event {
        let type = String(name.prefix { !$0.isNumber })
        var map = CELMap([(.string("id"), .string(name))])
        for (key, value) in params { map[.string(key)] = value }
        return Event(ts: ts, type: type, params: map)
    }

    /// Feeds `a c b1 b2`-style names 1 s apart; returns the matches as names, in emission order.
    @discardableResult
    mutating func feed(_ names: String) -> [String] {
        let events = names.split(separator: " ").enumerated().map { i, name in
            Self.event(String(name), at: Self.start + Int64(i) * 1_000)
        }
        return feed(events)
    }

    @discardableResult
    mutating func feed(_ events: [Event]) -> [String] {
        let before = found.count
        for event in events { matchers.process(event) { found.append($0) } }
        for matcher in matchers.matchers {
            #expect(matcher.livePartialMatches == matcher.partialMatchCounts.reduce(0, +), "live count in step")
        }
        return found[before...].map(Self.describe)
    }

    /// Moves the clock without events.
    @discardableResult
    mutating func advance(to t: Int64) -> [String] {
        let before = found.count
        matchers.advance(to: t) { found.append($0) }
        return found[before...].map(Self.describe)
    }

    /// `a b1 b2` (event ids in step order), `timeout: a b1` for a timed-out partial match.
    static func describe(_ match: PatternMatch) -> String {
        let ids = match.steps.flatMap(\.events).map(describeEvent)
        return (match.timedOut ? "timeout: " : "") + ids.joined(separator: " ")
    }

    /// An event's id (`b2`), or its type when it has none.
    static func describeEvent(_ event: Event) -> String {
        if case .string(let id)? = event.params[string: "id"] { return id }
        return event.type
    }
}
