import Engine
import Foundation

/// The project `bench decide` runs: five features over clicks, a decision with a trivial
/// script, one that reads the five features, and two runaways for the budget figures.
enum BenchDecideWorkload {
    static let featureNames = ["spent", "clicks", "priciest", "last_items", "price_mean"]

    static let files: [String: String] = [
        "featide.yaml": "kind: project\nname: bench\nversion: 1.0.0\ndevice: {id: bench-device, os: android}\nbudget: 20ms\n",
        "features/clicks.yaml": """
            kind: feature
            name: spent
            on: click
            value: params.price
            agg: sum
            window: {sliding: 10m}
            ---
            kind: feature
            name: clicks
            on: click
            agg: count
            window: {sliding: 10m}
            ---
            kind: feature
            name: priciest
            on: click
            value: params.price
            agg: max
            window: {sliding: 10m}
            ---
            kind: feature
            name: last_items
            on: click
            value: params.item
            agg: last_k
            k: 3
            window: {last_n: 20}
            ---
            kind: feature
            name: price_mean
            on: click
            value: params.price
            agg: avg
            window: {sliding: 10m}
            """,
        "decisions/decisions.yaml": """
            kind: decision
            name: trivial
            trigger: {on: ping}
            script: scripts/trivial.py
            action: log
            ---
            kind: decision
            name: five_features
            trigger: {on: pong}
            inputs: [spent, clicks, priciest, last_items, price_mean]
            script: scripts/five.py
            action: popup
            ---
            kind: decision
            name: runaway
            trigger: {on: spin}
            script: scripts/runaway.py
            action: log
            fallback: {stopped: true}
            ---
            kind: decision
            name: stubborn
            trigger: {on: stubborn}
            script: scripts/stubborn.py
            action: log
            fallback: {stopped: true}
            ---
            kind: decision
            name: stuck
            trigger: {on: stuck}
            script: scripts/stuck.py
            action: log
            fallback: {stopped: true}
            """,
        "scripts/trivial.py": "def decide(ctx):\n    return {\"show\": True}\n",
        "scripts/five.py": """
            def decide(ctx):
                f = ctx.features
                score = f["spent"] / max(f["clicks"], 1) + (f["priciest"] or 0) * 0.1 + (f["price_mean"] or 0)
                return {"show": score > 10, "items": f["last_items"]}
            """,
        "scripts/runaway.py": "def decide(ctx):\n    while True:\n        pass\n",
        "scripts/stuck.py": """
            import math

            def decide(ctx):
                if ctx.event["params"].get("stuck"):
                    math.factorial(10**8)
                return {"served": True}
            """,
        "scripts/stubborn.py": "def decide(ctx):\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n",
    ]

    static func write(to root: URL) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// Clicks that give the five features values.
    static func clicks(from start: Int64, count: Int) -> [Event] {
        (0..<count).map { i in
            Event(ts: start + Int64(i), type: "click", page: "home", params: CELMap([
                (.string("item"), .string("sku\(i % 17)")), (.string("price"), .double(Double(5 + i % 40))),
            ]))
        }
    }
}
