import Foundation
import Testing
@testable import Engine

/// A pipeline restored from a snapshot must go on exactly as the one it was taken from:
/// the reference is the same pipeline run without interruption (SPEC §9: "the restored
/// engine answers every query exactly as one that never crashed").
@Suite struct PipelineSnapshotTests {
    /// The sample project — every window and operator, grouped states, three patterns (one
    /// with absence), two script decisions, a script feature and a post script, 2 s lateness —
    /// with a budget no busy machine reaches, so scripts never fail by chance.
    static func shoppingCopy() throws -> TemporaryProject {
        let source = PackageRoot.path + "/projects/shopping"
        var files: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: source)!
        while let path = walker.nextObject() as? String {
            if path.hasPrefix(".featide") { continue }  // a local engine's state (scripts/run makes one)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[path] = try String(contentsOfFile: source + "/" + path, encoding: .utf8).replacingOccurrences(of: "budget: 20ms", with: "budget: 5s")
        }
        return try TemporaryProject(files)
    }

    /// A seeded shopper: pages, clicks over categories and prices, carts, checkouts, searches,
    /// profile updates, app restarts, long pauses (new sessions, expired windows) and events
    /// up to 1.5 s out of order (held by the 2 s lateness).
    static func events(count: Int, seed: UInt64) -> [Event] {
        var random = SeededRandom(seed: seed)
        var events: [Event] = []
        var ts: Int64 = 1_700_000_000_000
        let pages = ["home", "product", "cart", "search"]
        let categories = ["shoes", "bags", "hats", "coats", "socks"]
        for i in 0..<count {
            ts += Int64(random.below(4_000)) + (random.below(150) == 0 ? 40 * 60_000 : 0)
            let jitter = random.below(6) == 0 ? Int64(random.below(1_500)) : 0
            let roll = random.below(100)
            let event: Event
            switch roll {
            case 0..<20: event = Event(ts: ts, type: "page_enter", page: pages[Int(random.below(4))])
            case 20..<65:
                event = Event(ts: ts - jitter, type: "click", params: CELMap([
                    (.string("price"), .double(Double(random.below(12_000)) / 100)),
                    (.string("category"), .string(categories[Int(random.below(5))])),
                    (.string("item"), .string("i\(random.below(40))"))]))
            case 65..<73: event = Event(ts: ts, type: "add_to_cart")
            case 73..<77: event = Event(ts: ts, type: "checkout")
            case 77..<88: event = Event(ts: ts - jitter, type: "search")
            case 88..<91: event = Event(ts: ts, type: "profile_update", params: CELMap([(.string("level"), .int(Int64(i % 5)))]))
            case 91..<94: event = Event(ts: ts, type: "app_start", app: "shop")
            case 94..<96: event = Event(ts: ts, type: "app_end")
            default: event = Event(ts: ts, type: "page_exit")
            }
            events.append(event)
        }
        return events
    }

    /// One pipeline over the project, recording everything it says and answers.
    final class Run {
        let pipeline: EnginePipeline
        private(set) var said: [String] = []

        init(_ project: Project) throws {
            pipeline = try EnginePipeline(project: project, consumed: Set(project.features.map(\.name)))
            pipeline.onLog = { [unowned self] log in
                said.append("log \(log.ts) \(log.level) \(log.source) \(log.message) \(PlainJSON.text(.map(log.fields)))")
            }
            pipeline.onDecision = { [unowned self] d in
                said.append("decision \(d.decision) \(d.ts) \(d.action) \(PlainJSON.text(d.payload)) \(d.variant ?? "-") \(d.usedFallback)")
            }
            pipeline.onMatch = { [unowned self] m in
                let steps = m.steps.map { step in "\(step.name): \(step.events.map { "\($0.ts) \($0.type) \($0.page ?? "-")" })" }
                said.append("match \(m.pattern) \(m.ts) \(m.timedOut) \(steps)")
            }
        }

        func send(_ event: Event) { pipeline.submit(event) }

        /// Every feature's value now, grouped ones also per key, as text.
        func answers(at t: Int64) -> [String] {
            pipeline.project.features.map(\.name).sorted().flatMap { name in
                let whole = PlainJSON.text(pipeline.value(of: name, at: t))
                return ["\(name) = \(whole)"] + ["shoes", "bags"].map {
                    "\(name)[\($0)] = \(PlainJSON.text(pipeline.value(of: name, key: .string($0), at: t)))"
                }
            }
        }
    }

    @Test func aRestoredPipelineGoesOnExactlyAsTheOriginal() throws {
        let copy = try Self.shoppingCopy()
        defer { copy.remove() }
        let loaded = copy.load()
        #expect(loaded.diagnostics.errors.isEmpty, "\(loaded.diagnostics.errors)")
        let events = Self.events(count: 2_400, seed: 9)
        // Every 150 events, so some cuts fall inside partial matches that complete later.
        let cuts = Array(stride(from: 1, to: events.count, by: 150))
        let queryEvery = 150

        // The reference: never interrupted; a snapshot is taken at each cut (taking one must
        // change nothing, which the comparison below also checks).
        let reference = try Run(loaded.project)
        var snapshots: [Int: (data: Data, said: Int)] = [:]
        var answers: [Int: [String]] = [:]
        for (i, event) in events.enumerated() {
            if cuts.contains(i) { snapshots[i] = (try reference.pipeline.snapshot(), reference.said.count) }
            reference.send(event)
            if i % queryEvery == 0 { answers[i] = reference.answers(at: event.ts) }
        }
        let end = events.last!.ts + 3_600_000
        let finalAnswers = reference.answers(at: end)
        #expect(reference.said.contains { $0.hasPrefix("decision") } && reference.said.contains { $0.hasPrefix("match") })

        for cut in cuts {
            let (data, saidBefore) = try #require(snapshots[cut])
            let restored = try Run(loaded.project)
            try restored.pipeline.restore(from: data)
            for i in cut..<events.count {
                restored.send(events[i])
                if i % queryEvery == 0 {
                    #expect(restored.answers(at: events[i].ts) == answers[i], "cut \(cut), after event \(i)")
                }
            }
            #expect(restored.answers(at: end) == finalAnswers, "cut \(cut), at the end")
            let expected = Array(reference.said[saidBefore...])
            #expect(restored.said.count == expected.count, "cut \(cut)")
            for (got, want) in zip(restored.said, expected) where got != want {
                Issue.record("cut \(cut): said \(got)\n  instead of \(want)")
                break
            }
            #expect(restored.pipeline.metrics.eventsProcessed == reference.pipeline.metrics.eventsProcessed)
            #expect(restored.pipeline.metrics.stateUpdates == reference.pipeline.metrics.stateUpdates)
            #expect(restored.pipeline.decisionMetrics.triggered == reference.pipeline.decisionMetrics.triggered)
            // A script feature runs again exactly when the original's inputs changed.
            #expect(restored.pipeline.scriptFeatureRuns == reference.pipeline.scriptFeatureRuns, "cut \(cut)")
        }
    }

    @Test func aSnapshotOfAnotherPlanIsRefused() throws {
        let copy = try Self.shoppingCopy()
        defer { copy.remove() }
        let shopping = try Run(copy.load().project)
        for event in Self.events(count: 50, seed: 3) { shopping.send(event) }
        let data = try shopping.pipeline.snapshot()

        let other = try TemporaryProject(["featide.yaml": TemporaryProject.manifest,
                                          "features/f.yaml": "kind: feature\nname: taps\non: tap\nagg: count\nwindow: lifetime\n"])
        defer { other.remove() }
        let restored = try Run(other.load().project)
        #expect(throws: SnapshotError.self) { try restored.pipeline.restore(from: data) }
        #expect(throws: SnapshotError.self) { try restored.pipeline.restore(from: Data("{\"format\":1".utf8)) }
    }
}

private extension SeededRandom {
    mutating func below(_ n: UInt64) -> UInt64 { next() % n }
}
