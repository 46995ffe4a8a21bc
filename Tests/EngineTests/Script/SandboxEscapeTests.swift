import Foundation
import Testing
@testable import Engine

/// Each known way out of the sandbox yields a failure (the decision's fallback) naming the
/// script line and the reason, and the same runtime keeps serving the next call.
@Suite struct SandboxEscapeTests {
    struct Escape: CustomTestStringConvertible, Sendable {
        let name: String
        let body: String
        let reason: ScriptFailure.Reason
        /// The line of `scripts/escape.py` the failure must name (the body starts on line 2).
        let line: Int
        let says: String
        var testDescription: String { name }
        /// Refused by the load-time scan (the log then names line and column).
        var refusedAtLoad: Bool { Self.scannedOut.contains(name) }
        static let scannedOut: Set = ["subclasses walk", "generator frame to builtins", "__import__", "function globals",
                                      "name-mangled private slot", "attribute in a match pattern", "traceback frame",
                                      "coroutine frame", "native function's module"]
    }

    static let escapes: [Escape] = [
        Escape(name: "subclasses walk", body: "return ().__class__.__base__.__subclasses__()",
               reason: .sandbox, line: 2, says: "'__class__' is not allowed"),
        Escape(name: "json.codecs.open", body: "import json\n    return json.codecs.open('/etc/passwd').read()",
               reason: .sandbox, line: 3, says: "'json.codecs' is hidden"),
        Escape(name: "statistics.sys.modules", body: "import statistics\n    return statistics.sys.modules['os'].system('true')",
               reason: .sandbox, line: 3, says: "'statistics.sys' is hidden"),
        Escape(name: "generator frame to builtins", body: "g = (x for x in [1])\n    return g.gi_frame.f_back.f_builtins",
               reason: .sandbox, line: 3, says: "'gi_frame' is not allowed"),
        Escape(name: "frame via getattr string", body: "g = (x for x in [1])\n    return getattr(g, 'gi_' + 'frame')",
               reason: .sandbox, line: 3, says: "'gi_frame' is not allowed"),
        Escape(name: "open", body: "return {'data': open('/etc/passwd').read()}",
               reason: .sandbox, line: 2, says: "'open' is not available"),
        Escape(name: "import os", body: "import os\n    return {'pid': os.getpid()}",
               reason: .sandbox, line: 2, says: "import of 'os' is not allowed"),
        Escape(name: "from os import system", body: "from os import system\n    return None",
               reason: .sandbox, line: 2, says: "import of 'os' is not allowed"),
        Escape(name: "import a submodule", body: "import collections.abc\n    return None",
               reason: .sandbox, line: 2, says: "import of 'collections.abc' is not allowed"),
        Escape(name: "__import__", body: "return __import__('os').system('true')",
               reason: .sandbox, line: 2, says: "'__import__' is not allowed"),
        Escape(name: "eval of a string", body: "return eval('1 + 1')",
               reason: .sandbox, line: 2, says: "'eval' is not available"),
        Escape(name: "exec of a string", body: "exec('x = 1')\n    return None",
               reason: .sandbox, line: 2, says: "'exec' is not available"),
        Escape(name: "compile of a string", body: "return compile('1', 'x', 'eval')",
               reason: .sandbox, line: 2, says: "'compile' is not available"),
        Escape(name: "getattr with a built dunder", body: "return getattr((), '__' + 'class__')",
               reason: .sandbox, line: 2, says: "'__class__' is not allowed"),
        Escape(name: "vars()", body: "return vars()",
               reason: .sandbox, line: 2, says: "'vars' is not available"),
        Escape(name: "globals() to the real builtins", body: "return globals()['__builtins__']['open']",
               reason: .sandbox, line: 2, says: "'globals' is not available"),
        Escape(name: "locals()", body: "return locals()",
               reason: .sandbox, line: 2, says: "'locals' is not available"),
        Escape(name: "type() of a value", body: "return type(ctx).mro()",
               reason: .sandbox, line: 2, says: "'type' is not available"),
        Escape(name: "function globals", body: "return decide.__globals__",
               reason: .sandbox, line: 2, says: "'__globals__' is not allowed"),
        Escape(name: "name-mangled private slot", body: "return ctx.features._FeatureView__values",
               reason: .sandbox, line: 2, says: "'_FeatureView__values' is not allowed"),
        Escape(name: "attribute in a match pattern", body: "match ctx:\n        case object(__class__=c):\n            return c",
               reason: .sandbox, line: 3, says: "'__class__' is not allowed"),
        Escape(name: "traceback frame", body: "try:\n        1 / 0\n    except ZeroDivisionError as e:\n        return e.__traceback__.tb_frame",
               reason: .sandbox, line: 5, says: "is not allowed"),
        Escape(name: "random's os", body: "import random\n    return random._os",
               reason: .sandbox, line: 3, says: "'random._os' is hidden"),
        Escape(name: "datetime's sys", body: "import datetime\n    return datetime.sys",
               reason: .sandbox, line: 3, says: "'datetime.sys' is hidden"),
        Escape(name: "re's functools", body: "import re\n    return re.functools",
               reason: .sandbox, line: 3, says: "'re.functools' is hidden"),
        Escape(name: "getattr through functools.reduce", body: "import functools\n    return functools.reduce(getattr, ['__cl' + 'ass__'], ())",
               reason: .sandbox, line: 3, says: "'__class__' is not allowed"),
        Escape(name: "json's decoder module", body: "import json\n    return json.decoder.scanstring",
               reason: .sandbox, line: 3, says: "'json.decoder' is hidden"),
        Escape(name: "collections.abc via attribute", body: "import collections\n    return collections.abc.Mapping",
               reason: .sandbox, line: 3, says: "'collections.abc' is hidden"),
        Escape(name: "coroutine frame", body: "async def f():\n        pass\n    return f().cr_frame",
               reason: .sandbox, line: 4, says: "'cr_frame' is not allowed"),
        Escape(name: "native function's module", body: "return print.__self__",
               reason: .sandbox, line: 2, says: "'__self__' is not allowed"),
        Escape(name: "relative import", body: "from . import secrets\n    return None",
               reason: .sandbox, line: 2, says: "relative imports are not available"),
        Escape(name: "re-initialise a module proxy", body: "import json\n    json.__init__('json', {'loads': len}, frozenset())\n    return None",
               reason: .sandbox, line: 3, says: "modules are read-only"),
        Escape(name: "overwrite a shared module", body: "import math\n    math.pi = 3\n    return None",
               reason: .exception, line: 3, says: "read-only"),
        Escape(name: "memory bomb", body: "hoard = []\n    while True:\n        hoard.append(bytearray(16 << 20))",
               reason: .memory, line: 4, says: "MemoryError"),
        Escape(name: "one huge allocation", body: "return {'x': 'x' * (1 << 40)}",
               reason: .memory, line: 2, says: "MemoryError"),
    ]

    /// Through a real decision: the escaping event gets the fallback and an error record naming
    /// `scripts/escape.py:LINE` and the reason; the next event is processed (it acts, or — for a
    /// script the sandbox refused to load — falls back again).
    @Test(arguments: escapes)
    func escapeGivesTheFallbackAndALogNamingLineAndReasonAndTheNextEventIsProcessed(escape: Escape) throws {
        // A bomb touches 256 MiB of pages before the cap stops it: give it time on a busy machine.
        let budget = escape.reason == .memory ? "10s" : "200ms"
        let fixture = try DecisionFixture([
            "decisions/escape.yaml": decisionYAML("escape", script: "scripts/escape.py", budget: budget),
            "scripts/escape.py": """
                def decide(ctx):
                    if ctx.event["params"].get("escape"):
                        return attempt(ctx)
                    return {"show": True}

                def attempt(ctx):
                    \(escape.body)

                """,
        ], acceptingScriptErrors: true)
        fixture.send("tap", at: 1, [("escape", .bool(true))])
        let line = escape.line + 5  // the body starts on line 7
        let error = try #require(fixture.errors.first)
        let source = "script:scripts/escape.py:\(line)"
        #expect(escape.refusedAtLoad ? error.source.hasPrefix(source + ":") : error.source == source, "\(error.source)")
        #expect(error.fields[string: "reason"]?.isEqual(to: .string(escape.reason.rawValue)) == true, "\(error.message)")
        #expect(error.message.contains(escape.says), "\(error.message)")
        #expect(fixture.decisions.map { PlainJSON.text($0.payload) } == [#"{"show":false}"#])
        #expect(fixture.decisions.first?.usedFallback == true)

        fixture.send("tap", at: 2)
        #expect(fixture.decisions.count == 2)
        #expect(fixture.decisions.last?.usedFallback == escape.refusedAtLoad)
    }
}
