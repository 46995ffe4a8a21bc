import Foundation
import Testing
@testable import Engine

/// decide/compute/post, ctx (SPEC §7) and value conversion.
@Suite struct ScriptContractTests {
    @Test func everyValueTypeRoundTripsKeepingKeyOrder() throws {
        let fixture = try ScriptSandboxFixture(["scripts/echo.py": "def decide(ctx):\n    return ctx.input\n"])
        let input = CELMap([
            (.string("z"), .int(-3)), (.string("a"), .double(2.5)), (.string("m"), .string("ü")),
            (.string("t"), .bool(true)), (.string("n"), .null),
            (.string("l"), .list([.int(1), .list([]), .map(CELMap([(.string("k"), .bool(false))]))])),
            (.string("big"), .uint(UInt64.max)),
        ])
        let value = try #require(fixture.decide("echo", input: input).value)
        #expect(PlainJSON.text(value) == PlainJSON.text(.map(input)))
        #expect(value.isEqual(to: .map(input)))
    }

    @Test func aReturnedValueWithNoEngineTypeIsAResultFailure() throws {
        let fixture = try ScriptSandboxFixture(["scripts/bad.py": "def decide(ctx):\n    return {'when': {1, 2}}\n"])
        let failure = try #require(fixture.decide("bad").failure)
        #expect(failure.reason == .result)
        #expect(failure.message.contains("at ['when']: a 'set' has no engine value"))
    }

    @Test func tracebacksNameTheProjectRelativeFileAndLine() throws {
        let fixture = try ScriptSandboxFixture(["scripts/coupon.py": "def helper(x):\n    return 1 / x\n\ndef decide(ctx):\n    return helper(0)\n"])
        let failure = try #require(fixture.decide("coupon").failure)
        #expect(failure.reason == .exception)
        #expect(failure.location == "scripts/coupon.py:2")
        #expect(failure.message == "ZeroDivisionError: division by zero")
        let traceback = try #require(failure.traceback)
        #expect(traceback.contains(#"File "scripts/coupon.py", line 5, in decide"#))
        #expect(traceback.contains("return 1 / x"))
    }

    @Test func featuresAreReadOnlyAndUndeclaredNamesRaiseAPermissionErrorNamingThem() throws {
        let project = try TemporaryProject(["featide.yaml": TemporaryProject.manifest])
        defer { project.remove() }
        let pipeline = try EnginePipeline(project: project.load().project, consumed: [])
        let service = FeatureService(caller: "decision 'offer'", inputs: ["spend"], pipeline: pipeline)
        let fixture = try ScriptSandboxFixture([
            "scripts/read.py": "def decide(ctx):\n    return {'spend': ctx.features['spend'], 'n': len(ctx.features), 'names': list(ctx.features)}\n",
            "scripts/peek.py": "def decide(ctx):\n    return {'x': ctx.features['secret']}\n",
            "scripts/write.py": "def decide(ctx):\n    ctx.features['spend'] = 0\n",
        ])
        let features: [(name: String, value: CELValue)] = [("spend", .double(62.5))]
        let read = try #require(fixture.decide("read", features: features, service: service).value)
        #expect(PlainJSON.text(read) == #"{"spend":62.5,"n":1,"names":["spend"]}"#)
        let peek = try #require(fixture.decide("peek", features: features, service: service).failure)
        #expect(peek.line == 2)
        #expect(peek.message == "PermissionError: decision 'offer' may not read feature 'secret': it is not among its inputs (spend)")
        let write = try #require(fixture.decide("write", features: features, service: service).failure)
        #expect(write.message.contains("does not support item assignment"))
    }

    @Test func ctxLogAndPrintWriteStructuredRecordsNamingTheLine() throws {
        let fixture = try ScriptSandboxFixture(["scripts/talk.py": """
            def decide(ctx):
                ctx.log("offering coupon", coupon="C5", spent=62.5, level="warn")
                print("seen", 3, sep="=")
                return None
            """])
        #expect(fixture.decide("talk", event: Event(ts: 42, type: "tap")).value.map { PlainJSON.text($0) } == "null")
        #expect(fixture.logs.count == 2)
        let log = try #require(fixture.logs.first)
        #expect(log.ts == 42)
        #expect(log.level == .warn)
        #expect(log.source == "script:scripts/talk.py:2")
        #expect(log.message == "offering coupon")
        #expect(PlainJSON.text(.map(log.fields)) == #"{"coupon":"C5","spent":62.5}"#)
        #expect(fixture.logs.last?.message == "seen=3")
        #expect(fixture.logs.last?.source == "script:scripts/talk.py:3")
    }

    @Test func randomIsSeededPerInvocation() throws {
        let fixture = try ScriptSandboxFixture(["scripts/dice.py": "import random\n\ndef decide(ctx):\n    return {'roll': random.randint(1, 10**9)}\n"])
        func roll(seed: UInt64) -> String {
            PlainJSON.text(fixture.runtime.invoke("scripts/dice.py", "decide", ScriptCall(
                caller: "d", ts: 0, seed: seed, budget: TimeSpan(milliseconds: 100))).value ?? .null)
        }
        #expect(roll(seed: 7) == roll(seed: 7))
        #expect(roll(seed: 7) != roll(seed: 8))
    }

    @Test func postGetsTheValueFirstAndComputeOnlyCtx() throws {
        let fixture = try ScriptSandboxFixture([
            "scripts/round.py": "def post(value, ctx):\n    return round(value, 1)\n",
            "scripts/sum.py": "def compute(ctx):\n    return sum(ctx.features.values())\n",
        ])
        let post = fixture.runtime.invoke("scripts/round.py", "post", value: .double(12.345),
                                          ScriptCall(caller: "feature 'p'", ts: 0, budget: TimeSpan(milliseconds: 100)))
        #expect(post.value.map { PlainJSON.text($0) } == "12.3")
        let compute = fixture.runtime.invoke("scripts/sum.py", "compute", ScriptCall(
            caller: "feature 's'", ts: 0, features: [("a", .int(2)), ("b", .int(3))], budget: TimeSpan(milliseconds: 100)))
        #expect(compute.value.map { PlainJSON.text($0) } == "5")
        let missing = try #require(fixture.runtime.invoke("scripts/sum.py", "decide", ScriptCall(
            caller: "d", ts: 0, budget: TimeSpan(milliseconds: 100))).failure)
        #expect(missing.reason == .load)
        #expect(missing.message == "scripts/sum.py defines no decide(ctx)")
    }

    @Test func scannerReportsEveryRejectionAtItsColumn() throws {
        let source = "def decide(ctx):\n    x = ctx.__class__\n    return x.gi_frame\n"
        let found = ScriptScanner.scan(source: source, path: "scripts/x.py").findings
        #expect(found.map(\.location) == ["scripts/x.py:2:13", "scripts/x.py:3:14"])
        let syntax = ScriptScanner.scan(source: "def decide(ctx):\n    return (\n", path: "scripts/y.py").findings
        #expect(syntax.first?.reason == .syntax)
        #expect(syntax.first?.line == 2)
    }
}

@Suite struct ScriptClassTests {
    @Test func scriptsDefineClassesWithDataModelMethodsAndCallSuper() throws {
        let fixture = try ScriptSandboxFixture(["scripts/offer.py": """
            class Offer:
                def __init__(self, coupon):
                    self.coupon = coupon

                def __repr__(self):
                    return "Offer(" + self.coupon + ")"

                def __eq__(self, other):
                    return isinstance(other, Offer) and other.coupon == self.coupon

            class BigOffer(Offer):
                def __init__(self, coupon):
                    super().__init__(coupon.upper())

            def decide(ctx):
                offer = BigOffer("c10")
                return {"offer": repr(offer), "same": offer == Offer("C10")}
            """])
        #expect(fixture.decide("offer").value.map { PlainJSON.text($0) } == #"{"offer":"Offer(C10)","same":true}"#)
    }

    @Test func aFinaliserIsRefusedAtLoad() throws {
        let found = ScriptScanner.scan(source: "class Sneaky:\n    def __del__(self):\n        pass\n", path: "scripts/x.py").findings
        #expect(found.map(\.description) == ["scripts/x.py:2:5: sandbox: '__del__' is not allowed: double-underscore names reach outside the sandbox"])
    }
}
