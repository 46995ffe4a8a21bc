import ArgumentParser
import Engine
import Foundation

/// `featide bench expr`: ns per evaluation of compiled CEL expressions against one prepared
/// event, next to CPython's `eval` of the same expressions on an equivalent dict.
struct ExprBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Time CEL evaluation against an event activation, and Python eval for comparison."
    )

    @Option(help: "Evaluations per timed round.")
    var iterations = 2_000_000

    @Option(help: "Timed rounds; the fastest is reported.")
    var rounds = 5

    @Flag(help: "Skip the Python comparison.")
    var noPython = false

    @Option(name: .customLong("expression"), help: "Time this CEL expression instead (repeatable; no Python run).")
    var expressions: [String] = []

    struct Workload {
        let name: String
        let cel: String
        let python: String
    }

    static let workloads = [
        Workload(name: "filter (2 terms)",
                 cel: #"page == "home" && params.price > 10.0"#,
                 python: #"page == "home" and params["price"] > 10.0"#),
        Workload(name: "condition (10 terms)",
                 cel: #"type in ["click", "view", "purchase"] && page.startsWith("ho") && size(session) > 0 && app == "shop" && scene != "checkout" && params.item.endsWith("1") && params.price >= 5.0 && size(params.category) < 20 && device.os in ["ios", "android"] && device.lang.contains("en")"#,
                 python: #"type in ["click", "view", "purchase"] and page.startswith("ho") and len(session) > 0 and app == "shop" and scene != "checkout" and params["item"].endswith("1") and params["price"] >= 5.0 and len(params["category"]) < 20 and device["os"] in ["ios", "android"] and "en" in device["lang"]"#),
    ]

    /// The event context every expression sees, in slot order.
    static let environment = CELEnvironment(variables: [
        ("ts", .int), ("type", .string), ("page", .string), ("session", .string), ("app", .string),
        ("scene", .string), ("params", .map(key: .string, value: .dyn)), ("device", .map(key: .string, value: .dyn)),
    ])

    static let event = CELActivation(slots: [
        .int(1_732_183_200_000), .string("click"), .string("home"), .string("s-42"), .string("shop"),
        .string("feed"),
        .map(CELMap([(.string("item"), .string("sku1")), (.string("price"), .double(12.5)),
                     (.string("category"), .string("shoes")), (.string("qty"), .int(2))])),
        .map(CELMap([(.string("os"), .string("ios")), (.string("model"), .string("iPhone15,2")),
                     (.string("lang"), .string("en-US"))])),
    ])

    static let pythonEvent = """
        ts = 1732183200000; type = "click"; page = "home"; session = "s-42"; app = "shop"; scene = "feed"
        params = {"item": "sku1", "price": 12.5, "category": "shoes", "qty": 2}
        device = {"os": "ios", "model": "iPhone15,2", "lang": "en-US"}
        """

    func run() throws {
        #if DEBUG
        print("warning: debug build; use `swift run -c release featide bench expr` for real figures")
        #endif
        let workloads = expressions.isEmpty
            ? Self.workloads : expressions.map { Workload(name: "custom", cel: $0, python: "") }
        let python = noPython || !expressions.isEmpty ? nil : Self.pythonTimings(workloads.map(\.python))
        for (i, w) in workloads.enumerated() {
            let program: CELProgram
            switch CELProgram.compile(w.cel, in: Self.environment) {
            case .success(let p): program = p
            case .failure(let e): throw ValidationError("benchmark expression does not compile: \(e)")
            }
            let ns = measure(program)
            var line = "\(w.name): CEL \(String(format: "%.1f", ns)) ns/eval"
            if let py = python?[i] {
                line += ", Python eval \(String(format: "%.1f", py)) ns/eval, Python/CEL \(String(format: "%.1f", py / ns))x"
            }
            print(line)
            print("  \(w.cel)")
        }
    }

    /// Best of `rounds`, each `iterations` evaluations; the result feeds a counter so the work stays.
    private func measure(_ program: CELProgram) -> Double {
        let activation = Self.event
        var best = Double.infinity
        var trues = 0
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations {
                if case .bool(true) = program.evaluate(activation) { trues += 1 }
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
            best = min(best, elapsed / Double(iterations))
        }
        if trues == -1 { print(trues) }
        return best
    }

    /// ns per `eval` of each expression, compiled once, timed with timeit in a python3 child.
    static func pythonTimings(_ expressions: [String]) -> [Double]? {
        let script = """
            import timeit, json, sys
            \(pythonEvent)
            env = dict(ts=ts, type=type, page=page, session=session, app=app, scene=scene, params=params, device=device)
            out = []
            for src in json.loads(sys.argv[1]):
                code = compile(src, "<expr>", "eval")
                assert eval(code, env) in (True, False)
                t = timeit.Timer(lambda: eval(code, env))
                n, _ = t.autorange()
                best = min(t.repeat(repeat=5, number=n)) / n
                out.append(best * 1e9)
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        guard let exprs = try? JSONSerialization.data(withJSONObject: expressions) else { return nil }
        process.arguments = ["python3", "-c", script, String(decoding: exprs, as: UTF8.self)]
        let pipe = Pipe()
        process.standardOutput = pipe
        do {
            try process.run()
        } catch {
            print("python3 not available: \(error)")
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let values = try? JSONSerialization.jsonObject(with: data) as? [Double]
        else {
            print("python3 timing failed (exit \(process.terminationStatus))")
            return nil
        }
        return values
    }
}
