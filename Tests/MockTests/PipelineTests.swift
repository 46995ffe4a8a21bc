import Foundation
import Testing
@testable import Engine

@Suite struct PipelineTests {
    static func project(lateness: String = "0s") throws -> Project {
        let result = ProjectLoader.load(root: try makeProject(lateness: lateness))
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return result.project
    }

    static func makeProject(lateness: String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("features"), withIntermediateDirectories: true)
        try "kind: project\nname: p\nallowed_lateness: \(lateness)\n".write(
            to: root.appendingPathComponent("featide.yaml"), atomically: true, encoding: .utf8)
        try """
            kind: feature
            name: prices
            on: click
            value: params.price
            agg: last_k
            k: 10
            window: lifetime
            ttl: 1d
            ---
            kind: feature
            name: total
            on: click
            where: params.price > 0
            value: params.price
            agg: sum
            window: {sliding: 1m}
            """.write(to: root.appendingPathComponent("features/f.yaml"), atomically: true, encoding: .utf8)
        return root.path
    }

    static func click(_ ts: Int64, _ price: Int64) -> Event {
        Event(ts: ts, type: "click", params: CELMap([(.string("price"), .int(price))]))
    }

    @Test func eventsWithinAllowedLatenessAreReorderedAndLaterOnesDropped() throws {
        let pipeline = try EnginePipeline(project: try Self.project(lateness: "2s"), consumed: ["prices"])
        var logs: [LogRecord] = []
        pipeline.onLog = { logs.append($0) }
        for (ts, price) in [(10_000, 1), (9_000, 2), (11_500, 3), (8_000, 4)] as [(Int64, Int64)] {
            pipeline.submit(Self.click(ts, price))
        }
        // 8s is older than 11.5s - 2s: late. The rest enter in ts order.
        #expect(PlainJSON.text(pipeline.value(of: "prices", at: 20_000)) == "[2,1,3]")
        #expect(pipeline.metrics.eventsLate == 1)
        #expect(pipeline.metrics.eventsIn == 4 && pipeline.metrics.eventsProcessed == 3)
        #expect(logs.contains { $0.level == .warn && $0.message.hasPrefix("late event dropped") })
    }

    @Test func anEventBeforeAnAnsweredQueryIsLate() throws {
        let pipeline = try EnginePipeline(project: try Self.project(), consumed: ["prices"])
        pipeline.submit(Self.click(10_000, 1))
        _ = pipeline.value(of: "prices", at: 15_000)
        pipeline.submit(Self.click(12_000, 2))
        #expect(pipeline.metrics.eventsLate == 1)
    }

    @Test func expressionErrorsLeaveTheEventOutAndAreCounted() throws {
        let pipeline = try EnginePipeline(project: try Self.project(), consumed: ["total"])
        var logs: [LogRecord] = []
        pipeline.onLog = { logs.append($0) }
        pipeline.submit(Self.click(1_000, 5))
        pipeline.submit(Event(ts: 2_000, type: "click"))  // no params.price: `where` fails
        pipeline.submit(Event(ts: 3_000, type: "click"))
        #expect(PlainJSON.text(pipeline.value(of: "total", at: 5_000)) == "5")
        #expect(pipeline.metrics.expressionErrors == 2)
        #expect(logs.filter { $0.message.contains("where failed") }.count == 1)
    }

    /// `params.price` is read without calling into CEL; a missing key must fail just as CEL's select does.
    @Test func aMissingParamFailsTheValueAsCELDoes() throws {
        let pipeline = try EnginePipeline(project: try Self.project(), consumed: ["prices"])
        var logs: [LogRecord] = []
        pipeline.onLog = { logs.append($0) }
        pipeline.submit(Self.click(1_000, 5))
        pipeline.submit(Event(ts: 2_000, type: "click"))
        #expect(PlainJSON.text(pipeline.value(of: "prices", at: 5_000)) == "[5]")
        let celError = CELExpressionSupport.error(of: "params.price", params: CELMap())
        let failure = try #require(logs.first { $0.message.contains("value failed") })
        guard case .string(let reason)? = failure.fields[string: "reason"] else {
            Issue.record("no reason in \(failure)")
            return
        }
        #expect(reason == celError && reason == "no such key: 'price'")
    }

    @Test func unconsumedFeaturesAreNotComputed() throws {
        let pipeline = try EnginePipeline(project: try Self.project(), consumed: ["total"])
        #expect(pipeline.plan.notComputed == ["prices"])
        guard case .error(let e) = pipeline.value(of: "prices", at: 1) else { Issue.record("expected an error"); return }
        #expect(e.message.contains("not computed"))
    }

    @Test func callersReadOnlyTheirDeclaredInputs() throws {
        let pipeline = try EnginePipeline(project: try Self.project(), consumed: ["total", "prices"])
        let service = FeatureService(caller: "decision 'offer'", inputs: ["total"], pipeline: pipeline)
        pipeline.submit(Self.click(1_000, 7))
        #expect(try service.query("total", at: 2_000).get().isEqual(to: .int(7)))
        #expect(throws: FeatureAccessError(message: "decision 'offer' may not read feature 'prices': it is not among its inputs (total)")) {
            try service.query("prices", at: 2_000).get()
        }
    }
}

enum CELExpressionSupport {
    /// The error message CEL gives for `source` over an event with these params.
    static func error(of source: String, params: CELMap) -> String? {
        guard case .success(let program) = CELProgram.compile(source, in: EventContext.environment) else { return nil }
        var slots = [CELValue](repeating: .null, count: EventContext.variables.count)
        slots[EventContext.variables.firstIndex { $0.name == "params" }!] = .map(params)
        guard case .error(let e) = program.evaluate(CELActivation(slots: slots)) else { return nil }
        return e.message
    }
}
