import ArgumentParser
import Engine
import Foundation

/// Pre-decoded events for pattern benchmarks. `skewed`: an app's mix, where scrolls and
/// views are common and purchases rare (per mille weights below); otherwise every type is
/// equally likely, a worst case in which short relaxed patterns match every few events.
struct BenchMatchStream {
    static let weights: [(type: String, perMille: Int)] = [
        ("scroll", 260), ("view", 180), ("click", 160), ("impression", 120), ("page_enter", 80),
        ("heartbeat", 60), ("search", 40), ("like", 30), ("add_to_cart", 20), ("share", 15),
        ("checkout", 10), ("purchase", 5),
    ]
    static let pages = ["home", "product", "cart", "search", "profile"]
    let events: [Event]

    init(count: Int, skewed: Bool) {
        var random = SeededRandom(seed: 11)
        var ts: Int64 = 1_732_183_200_000
        var events: [Event] = []
        events.reserveCapacity(count)
        let params = (0..<100).map { i in CELMap([(.string("price"), .double(Double(i))), (.string("item"), .string("sku\(i)"))]) }
        let table = skewed ? Self.weights.flatMap { Array(repeating: $0.type, count: $0.perMille) } : Self.weights.map(\.type)
        for _ in 0..<count {
            ts += Int64(random.next() % 200)
            let type = table[Int(random.next() % UInt64(table.count))]
            let page = Self.pages[Int(random.next() % UInt64(Self.pages.count))]
            events.append(Event(ts: ts, type: type, page: page, params: params[Int(random.next() % 100)]))
        }
        self.events = events
    }
}

/// Benchmark patterns, loaded through the real loader from a temporary project.
enum BenchMatchPatterns {
    /// 20 patterns: strict, relaxed and any contiguity; times, ranges, one_or_more, optional,
    /// greedy, until, consecutive, combinations; negation and absence; conditions on earlier steps.
    static let mixed: [String] = (0..<2).flatMap { round -> [String] in
        let page = round == 0 ? "home" : "product"
        let item = round == 0 ? "click" : "view"
        let loop = round == 0 ? "greedy: true" : "consecutive: true"
        return [
            pattern("enter_then_\(item)_\(round)", "within: 30s\nskip: past_last_event", [
                "{name: a, on: page_enter, where: page == \"\(page)\"}", "{name: b, on: \(item)}"]),
            pattern("two_searches_\(round)", "within: 10s", [
                "{name: a, on: search}", "{name: b, on: search, contiguity: strict}"]),
            pattern("pricey_\(item)_then_cart_any_\(round)", "within: 5s", [
                "{name: a, on: \(item), where: params.price > 90.0}", "{name: b, on: add_to_cart, contiguity: any}"]),
            pattern("\(item)s_until_purchase_\(round)", "within: 20s\nskip: past_last_event", [
                "{name: p, on: page_enter, where: page == \"product\"}",
                "{name: a, on: \(item), one_or_more: true, until: type == \"purchase\", \(loop)}", "{name: b, on: purchase}"]),
            pattern("three_scrolls_\(round)", "within: 10s\nskip: past_last_event", [
                "{name: s, on: scroll, times: 3, consecutive: true}"]),
            pattern("product_cart_checkout_\(round)", "within: 2m\nskip: past_last_event", [
                "{name: p, on: page_enter, where: page == \"product\"}", "{name: c, on: add_to_cart, optional: true}",
                "{name: k, on: checkout}"]),
            pattern("cart_abandon_\(round)", "skip: past_last_event", [
                "{name: a, on: add_to_cart}", "{name: no_checkout, on: checkout, not: followed_by, for: 1m}"]),
            pattern("like_not_scroll_share_\(round)", "within: 10s\nskip: to_next", [
                "{name: l, on: like}", "{name: no_scroll, on: scroll, not: next}", "{name: s, on: share}"]),
            pattern("hesitated_\(round)", "within: 60s\nskip: past_last_event", [
                "{name: home, on: page_enter, where: page == \"home\"}",
                "{name: product, on: page_enter, where: page == \"product\"}",
                "{name: stay, on: click, times: {min: 1}, greedy: true}",
                "{name: back, on: page_enter, where: page == \"home\" && ts - product.ts >= 10000}"]),
            pattern("pricier_\(item)_\(round)", "within: 5s\nskip: {to_last: b}", [
                "{name: a, on: \(item), where: params.price > 50.0}",
                "{name: b, on: \(item), where: params.price > a.params.price, times: {min: 1, max: 3}, combinations: true}",
                "{name: c, on: purchase}"]),
        ]
    }

    /// A 3-step relaxed pattern alone.
    static let relaxed3 = [pattern("view_cart_purchase", "within: 5m\nskip: past_last_event", [
        "{name: v, on: view}", "{name: c, on: add_to_cart}", "{name: p, on: purchase}"])]

    /// One of `mixed` by its name.
    static func named(_ name: String) throws -> String {
        guard let found = mixed.first(where: { $0.hasPrefix("kind: pattern\nname: \(name)\n") }) else {
            throw ValidationError("no bench pattern named '\(name)'; they are: "
                + mixed.map { $0.split(separator: "\n")[1].dropFirst(6) }.joined(separator: ", "))
        }
        return found
    }

    static func pattern(_ name: String, _ header: String, _ steps: [String]) -> String {
        "kind: pattern\nname: \(name)\n\(header)\nsteps:\n" + steps.map { "  - \($0)\n" }.joined()
    }

    static func load(_ patterns: [String]) throws -> Project {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("patterns"), withIntermediateDirectories: true)
        try "kind: project\nname: bench\nversion: 1.0.0\n".write(to: root.appendingPathComponent("featide.yaml"),
                                                                   atomically: true, encoding: .utf8)
        try patterns.joined(separator: "---\n").write(to: root.appendingPathComponent("patterns/all.yaml"),
                                                     atomically: true, encoding: .utf8)
        let result = ProjectLoader.load(root: root.path)
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw ValidationError(errors.map(\.description).joined(separator: "\n")) }
        return result.project
    }
}
