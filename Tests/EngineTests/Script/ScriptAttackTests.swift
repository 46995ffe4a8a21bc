import Foundation
import Testing
@testable import Engine

/// Attacks on the sandbox that worked against the in-process interpreter, written anew. Each
/// ends with the attacker's fallback and an error record naming its line and the reason; the
/// engine goes on; and a bystander decision on the same events decides exactly what it decides
/// when nobody attacks.
@Suite struct ScriptAttackTests {
    struct Attack: CustomTestStringConvertible, Sendable {
        let name: String
        let body: String
        let reason: ScriptFailure.Reason
        /// Line of `scripts/attack.py` the record names; the body starts on line 9.
        let line: Int?
        let says: String
        /// Plenty unless the attack is meant to run out of time: on a machine busy with the
        /// rest of the suite, a flood of prints must fail as a flood, not as a timeout.
        var budget = "2s"
        var testDescription: String { name }
    }

    static let sly = """
        class Sly(str):
                def __contains__(self, item):
                    return False
                def __eq__(self, other):
                    return False
                def __hash__(self):
                    return 1
        """

    static let attacks: [Attack] = [
        Attack(name: "a str subclass lying to the name check reaches __class__",
               body: "\(sly)\n    return {'x': repr(getattr(ctx, Sly('__class__')))}",
               reason: .sandbox, line: 16, says: "not a subclass"),
        Attack(name: "a str subclass reaches a function's __code__",
               body: "\(sly)\n    return {'x': repr(getattr(decide, Sly('__code__')))}",
               reason: .sandbox, line: 16, says: "not a subclass"),
        Attack(name: "a str subclass reaches a module proxy's private table",
               body: "\(sly)\n    return {'x': repr(getattr(json, Sly('_ModuleProxy__attributes')))}",
               reason: .sandbox, line: 16, says: "not a subclass"),
        Attack(name: "update_wrapper merges a module's globals (real builtins) into the script's",
               body: """
                def w():
                        pass
                    functools.update_wrapper(w, json.dumps, updated=("__globals__",))
                    def g():
                        return open("/etc/hostname").read()
                    return {"data": g()}
                """,
               reason: .sandbox, line: 13, says: "'open' is not available"),
        Attack(name: "singledispatch evaluates annotation strings",
               body: "@functools.singledispatch\n    def f(x: \"print('evaluated')\"):\n        return x\n    return {'x': f(1)}",
               reason: .sandbox, line: 9, says: "evaluates annotation strings"),
        Attack(name: "str() of the raised exception never returns",
               body: "class Endless(Exception):\n        def __str__(self):\n            while True:\n                pass\n    raise Endless()",
               reason: .budget, line: nil, says: "time budget", budget: "200ms"),
        Attack(name: "a generator's finaliser never returns",
               body: "def gen():\n        try:\n            yield 1\n        finally:\n            while True:\n                pass\n    g = gen()\n    next(g)\n    return {'ok': True}",
               reason: .budget, line: nil, says: "time budget", budget: "200ms"),
        Attack(name: "nested iterators recurse in C until the stack overflows",
               body: "z = iter([1])\n    for _ in range(1000000):\n        z = zip(z)\n    return {'n': list(z)}",
               reason: .crash, line: 12, says: "was killed by SIGSEGV", budget: "5s"),
        Attack(name: "a CPU-bound C call the stop cannot interrupt (factorial)",
               body: "return {'n': math.factorial(10**8)}",
               reason: .budget, line: 9, says: "its worker process was killed", budget: "500ms"),
        Attack(name: "catastrophic regex backtracking",
               body: "return {'m': bool(re.match(r'(a+)+$', 'a' * 64 + 'b'))}",
               reason: .budget, line: 9, says: "its worker process was killed", budget: "500ms"),
        Attack(name: "a log record of unbounded size",
               body: "ctx.log('x' * 10_000_000)\n    return None",
               reason: .exception, line: 9, says: "the limit is 16384"),
        Attack(name: "a flood of log records",
               body: "for i in range(100000):\n        print(i)\n    return None",
               reason: .exception, line: 10, says: "more than 1000 log records"),
        Attack(name: "patching collections.Counter.most_common",
               body: "collections.Counter.most_common = lambda self, n=None: [('evil', 1)]\n    return None",
               reason: .exception, line: 9, says: "immutable type"),
        Attack(name: "patching json.JSONEncoder.encode",
               body: "json.JSONEncoder.encode = lambda self, o: '\"evil\"'\n    return None",
               reason: .exception, line: 9, says: "immutable type"),
        Attack(name: "patching random.Random._randbelow",
               body: "random.Random._randbelow = lambda self, n: 0\n    return None",
               reason: .exception, line: 9, says: "immutable type"),
        Attack(name: "a result whose dict subclass lies about its items",
               body: "class Lying(dict):\n        def items(self):\n            while True:\n                pass\n    return Lying(a=1)",
               reason: .result, line: nil, says: "a 'Lying' has no engine value"),
    ]

    static let attacker = """
        import collections, json, random, math, re, functools, itertools, datetime

        def decide(ctx):
            if ctx.event["params"].get("attack"):
                return attack(ctx)
            return {"common": collections.Counter("aab").most_common(1), "json": json.dumps([1]), "roll": random.Random(5).randint(1, 100)}

        def attack(ctx):
            BODY

        """

    static let bystander = """
        import collections, json, random, datetime

        def decide(ctx):
            common = collections.Counter("abracadabra").most_common(2)
            text = json.dumps({"b": 1, "a": [1, 2]})
            roll = random.randint(1, 1000)
            day = datetime.datetime.strptime("2026-12-04", "%Y-%m-%d").strftime("%A")
            return {"common": common, "json": text, "roll": roll, "day": day}
        """

    static func fixture(_ body: String, budget: String = "2s") throws -> DecisionFixture {
        try DecisionFixture([
            "decisions/attacker.yaml": decisionYAML("attacker", script: "scripts/attack.py", budget: budget),
            "decisions/bystander.yaml": decisionYAML("bystander", script: "scripts/bystander.py", budget: "2s"),
            "scripts/attack.py": attacker.replacingOccurrences(of: "BODY", with: body),
            "scripts/bystander.py": bystander,
        ], acceptingScriptErrors: true)
    }

    static func payloads(_ fixture: DecisionFixture, of decision: String) -> [String] {
        fixture.decisions.filter { $0.decision == decision }.map { PlainJSON.text($0.payload) }
    }

    @Test(arguments: attacks)
    func theAttackFallsBackNamingLineAndReasonAndChangesNothingElse(attack: Attack) throws {
        let fixture = try Self.fixture(attack.body, budget: attack.budget)
        fixture.send("tap", at: 1, [("attack", .bool(true))])
        fixture.send("tap", at: 2)

        let error = try #require(fixture.errors.first { $0.source.hasPrefix("script:scripts/attack.py") }, "\(fixture.logs)")
        #expect(error.fields[string: "reason"]?.isEqual(to: .string(attack.reason.rawValue)) == true, "\(error.message)")
        #expect(error.message.contains(attack.says), "\(error.message)")
        if let line = attack.line {
            #expect(error.source == "script:scripts/attack.py:\(line)", "\(error.message)")
        } else {
            #expect(error.source.hasPrefix("script:scripts/attack.py"), "\(error.source)")
        }

        let calm = try Self.fixture("return None")
        calm.send("tap", at: 1)
        calm.send("tap", at: 2)
        // The attacker's own next call, and every call of the bystander, as if nothing happened.
        #expect(Self.payloads(fixture, of: "attacker") == [#"{"show":false}"#] + Self.payloads(calm, of: "attacker").suffix(1))
        #expect(Self.payloads(fixture, of: "bystander") == Self.payloads(calm, of: "bystander"))
        #expect(Self.payloads(calm, of: "bystander").first?.hasPrefix(
            #"{"common":[["a",5],["b",2]],"json":"{\"b\": 1, \"a\": [1, 2]}","roll":"#) == true)
        #expect(Self.payloads(calm, of: "bystander").first?.hasSuffix(#","day":"Friday"}"#) == true)
    }
}
