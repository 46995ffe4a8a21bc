import Foundation
import Testing
@testable import Engine

/// Workers die — killed from outside, crashing on every call — and the engine goes on.
@Suite struct WorkerLifecycleTests {
    /// A worker killed in the middle of a call: that call falls back (a crash, naming the
    /// signal), and the next call is served by a fresh worker.
    @Test func aWorkerKilledMidCallIsReplaced() throws {
        let fixture = try ScriptSandboxFixture(["scripts/slow.py": """
            def decide(ctx):
                while ctx.input.get("spin"):
                    pass
                return {"ok": True}
            """])
        #expect(fixture.decide("slow").value != nil)
        let pid = try #require(fixture.runtime.workerProcessID(of: "scripts/slow.py"))
        let killer = Thread {
            usleep(200_000)
            kill(pid, SIGKILL)
        }
        killer.start()
        let failure = try #require(fixture.decide("slow", input: CELMap([(.string("spin"), .bool(true))]), budgetMilliseconds: 30_000).failure)
        #expect(failure.reason == .crash)
        #expect(failure.message.contains("was killed by SIGKILL"), "\(failure.message)")
        #expect(fixture.decide("slow").value.map { PlainJSON.text($0) } == #"{"ok":true}"#)
        #expect(fixture.runtime.workerProcessID(of: "scripts/slow.py") != pid)
    }

    /// Every call segfaults its worker: three crashes open the circuit breaker, later events
    /// skip that decision, and the other decision acts on every event throughout.
    @Test func aCrashLoopTripsTheCircuitBreakerNotTheEngine() throws {
        let fixture = try DecisionFixture([
            // A budget no busy machine reaches: each call must end as the crash it is.
            "decisions/crashy.yaml": decisionYAML("crashy", script: "scripts/crashy.py", budget: "30s"),
            "decisions/steady.yaml": decisionYAML("steady", script: "scripts/steady.py"),
            "scripts/crashy.py": "def decide(ctx):\n    z = iter([1])\n    for _ in range(1000000):\n        z = zip(z)\n    return {'n': list(z)}\n",
            "scripts/steady.py": "def decide(ctx):\n    return {'ts': ctx.event['ts']}\n",
        ])
        for second in 1...5 { fixture.send("tap", at: Int64(second)) }
        let crashes = fixture.errors.filter { $0.fields[string: "reason"]?.isEqual(to: .string("crash")) == true }
        #expect(crashes.count == 3)
        #expect(crashes.allSatisfy { $0.source == "script:scripts/crashy.py:5" }, "\(crashes.map(\.source))")
        #expect(fixture.logs.contains { $0.message.contains("decision 'crashy' disabled after 3 consecutive failures") })
        #expect(fixture.pipeline.isDecisionDisabled("crashy"))
        #expect(fixture.decisions.filter { $0.decision == "steady" }.map { PlainJSON.text($0.payload) }
                == (1...5).map { #"{"ts":\#($0 * 1000)}"# })
    }

    @Test func datetimeStrptimeWorks() throws {
        let fixture = try ScriptSandboxFixture(["scripts/when.py": """
            import datetime

            def decide(ctx):
                t = datetime.datetime.strptime("2026-12-04 10:30", "%Y-%m-%d %H:%M")
                return {"weekday": t.strftime("%A"), "minute": t.minute}
            """])
        #expect(fixture.decide("when").value.map { PlainJSON.text($0) } == #"{"weekday":"Friday","minute":30}"#)
    }

    /// A script's own `raise MemoryError` is the exception it is, not the memory cap.
    @Test func aRaisedMemoryErrorIsAnExceptionNotTheCap() throws {
        let fixture = try ScriptSandboxFixture(["scripts/oom.py": "def decide(ctx):\n    raise MemoryError('pretend')\n"])
        let failure = try #require(fixture.decide("oom").failure)
        #expect(failure.reason == .exception)
        #expect(failure.message == "MemoryError: pretend")
        #expect(failure.line == 2)
    }
}

/// Once confined, a worker cannot open a file, so an allowed module that imports something on
/// first use would fail: everyday use of each allowed module, inside a confined worker.
@Suite struct AllowedModulesInsideTheWorkerTests {
    @Test func everydayUseOfEachAllowedModuleWorks() throws {
        let fixture = try ScriptSandboxFixture(["scripts/tour.py": """
            import math, statistics, json, re, collections, itertools, functools, random, datetime

            Point = collections.namedtuple("Point", "x y")

            @functools.lru_cache(maxsize=8)
            def square(n):
                return n * n

            def decide(ctx):
                data = [3, 1, 4, 1, 5, 9, 2, 6]
                day = datetime.datetime.fromisoformat("2026-12-04T10:30:00") + datetime.timedelta(days=1, hours=2)
                rng = random.Random(7)
                return {
                    "math": [math.sqrt(16), math.floor(2.5), math.isclose(0.1 + 0.2, 0.3)],
                    "statistics": [statistics.median(data), statistics.mean(data), round(statistics.stdev(data), 3),
                                   statistics.NormalDist(0, 1).cdf(0), str(statistics.fmean([1, 2]))],
                    "json": [json.loads('{"a": [1, 2.5, null]}'), json.dumps({"k": "ü"}, indent=1, sort_keys=True)],
                    "re": [re.findall(r"\\d+", "a1b22"), re.sub(r"(?i)X", "y", "xX"), bool(re.fullmatch(r"[a-z]+", "abc"))],
                    "collections": [collections.Counter("hello").most_common(1), list(collections.deque([1, 2], maxlen=1)),
                                    Point(1, 2).x, dict(collections.defaultdict(int, a=1)), list(collections.OrderedDict(b=1))],
                    "itertools": [list(itertools.islice(itertools.cycle("ab"), 3)), list(itertools.accumulate([1, 2, 3]))],
                    "functools": [functools.reduce(lambda a, b: a * b, [1, 2, 3, 4]), square(5), functools.partial(max, 1)(2)],
                    "random": [rng.choice("abc"), rng.sample(range(10), 2), round(rng.gauss(0, 1), 3), sorted(rng.choices([1, 2], k=3))],
                    "datetime": [day.isoformat(), day.strftime("%a %d %b"), datetime.date(2026, 12, 4).weekday(),
                                 datetime.datetime.strptime("04/12/26", "%d/%m/%y").year],
                    "text": ["façade".encode("latin-1").decode("latin-1"), "x".encode("utf-16")[2:].decode("utf-16-le")],
                }
            """])
        let outcome = fixture.decide("tour", budgetMilliseconds: 5_000)
        let value = try #require(outcome.value, "\(String(describing: outcome.failure))")
        // Expected values are Python's own, computed outside featide.
        let expected = try String(contentsOfFile: Self.expectedPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(PlainJSON.text(value) == expected)
    }

    static let expectedPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("AllowedModulesTour.expected.json").path
}
