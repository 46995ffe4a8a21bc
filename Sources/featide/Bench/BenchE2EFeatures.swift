import Engine
import Foundation

/// The `bench e2e` features: every operator and every window kind of SPEC §4, with
/// `where` filters (one that errors on events without the field), `group_by` keys of strings
/// and of ints, `ttl` on lifetime and grouped states, and a computed value. Each is written
/// once in CEL for featide and once in Python for the reference (bench/e2e_reference.py),
/// which implements the semantics on its own.
struct BenchE2EFeature {
    /// An expression in both languages; Python sees `ts`, `type`, `page` and `params`.
    struct Expression {
        var cel: String
        var python: String
    }

    enum WindowKind {
        case sliding(String), tumbling(String), lastN(Int), lifetime, scope(TreeLevel)
    }

    var name: String
    var on: [String]
    var agg: String
    var value: Expression? = nil
    var window: WindowKind
    var filter: Expression? = nil
    var groupBy: Expression? = nil
    var k: Int? = nil
    var p: Int? = nil
    var ttl: String? = nil
}

enum BenchE2EFeatures {
    private typealias F = BenchE2EFeature
    private typealias X = BenchE2EFeature.Expression

    private static let price = X(cel: "params.price", python: #"params["price"]"#)
    private static let item = X(cel: "params.item", python: #"params["item"]"#)
    private static let category = X(cel: "params.category", python: #"params["category"]"#)
    private static let qty = X(cel: "params.qty", python: #"params["qty"]"#)
    private static let query = X(cel: "params.q", python: #"params["q"]"#)
    private static let page = X(cel: "page", python: "page")

    static let all: [BenchE2EFeature] = [
        F(name: "clicks_10m", on: ["click"], agg: "count", window: .sliding("10m")),
        F(name: "amount_10m", on: ["click"], agg: "sum", value: price, window: .sliding("10m")),
        F(name: "avg_price_1h", on: ["click"], agg: "avg", value: price, window: .tumbling("1h")),
        F(name: "min_price_last100", on: ["click"], agg: "min", value: price, window: .lastN(100)),
        F(name: "max_price_1h", on: ["click"], agg: "max", value: price, window: .sliding("1h")),
        F(name: "first_page_1d", on: ["page_enter"], agg: "first", value: page, window: .lifetime, ttl: "1d"),
        F(name: "last_item_page", on: ["click"], agg: "last", value: item, window: .scope(.page)),
        F(name: "first_items", on: ["click"], agg: "first_k", value: item, window: .lifetime, k: 5, ttl: "7d"),
        F(name: "last_items_5m", on: ["click"], agg: "last_k", value: item, window: .sliding("5m"), k: 5),
        F(name: "distinct_items_1h", on: ["click"], agg: "distinct_count", value: item, window: .sliding("1h")),
        F(name: "categories_1h", on: ["click"], agg: "histogram", value: category, window: .tumbling("1h")),
        F(name: "top_items_1h", on: ["click"], agg: "top_k", value: item, window: .sliding("1h"), k: 3),
        F(name: "p90_price_10m", on: ["click"], agg: "percentile", value: price, window: .sliding("10m"), p: 90),
        F(name: "stddev_price_last1000", on: ["click"], agg: "stddev", value: price, window: .lastN(1000)),
        F(name: "amount_by_category_1h", on: ["click"], agg: "sum", value: price, window: .sliding("1h"),
          groupBy: category),
        F(name: "events_by_page_1d", on: ["click", "purchase", "add_to_cart"], agg: "count", window: .tumbling("1d"),
          groupBy: page),
        F(name: "expensive_clicks_1m", on: ["click"], agg: "count", window: .sliding("1m"),
          filter: X(cel: "params.price > 50.0", python: #"params["price"] > 50.0"#)),
        F(name: "avg_price_session", on: ["click"], agg: "avg", value: price, window: .scope(.session)),
        F(name: "max_by_category_last50", on: ["click"], agg: "max", value: price, window: .lastN(50), groupBy: category),
        F(name: "purchases_1d", on: ["purchase"], agg: "count", window: .sliding("1d")),
        F(name: "revenue_app", on: ["purchase"], agg: "sum",
          value: X(cel: "params.price * double(params.qty)", python: #"params["price"] * float(params["qty"])"#),
          window: .scope(.app)),
        F(name: "cart_qty_by_scene", on: ["add_to_cart"], agg: "histogram", value: qty, window: .scope(.scene)),
        F(name: "cart_qty_stddev_1h", on: ["add_to_cart"], agg: "stddev", value: qty, window: .tumbling("1h")),
        F(name: "median_cart_price_last200", on: ["add_to_cart"], agg: "percentile", value: price,
          window: .lastN(200), p: 50),
        F(name: "first_query_session", on: ["search"], agg: "first", value: query, window: .scope(.session)),
        F(name: "last_query_5m", on: ["search"], agg: "last", value: query, window: .sliding("5m")),
        F(name: "first_queries_1h", on: ["search"], agg: "first_k", value: query, window: .tumbling("1h"), k: 3),
        F(name: "last_pages", on: ["page_enter"], agg: "last_k", value: page, window: .lifetime, k: 4),
        F(name: "distinct_queries_session", on: ["search"], agg: "distinct_count", value: query, window: .scope(.session)),
        F(name: "top_pages_1d", on: ["page_enter"], agg: "top_k", value: page, window: .tumbling("1d"), k: 2),
        F(name: "home_clicks_by_category_10m", on: ["click"], agg: "count", window: .sliding("10m"),
          filter: X(cel: #"page == "home""#, python: #"page == "home""#), groupBy: category),
        F(name: "min_purchase_price_page", on: ["purchase"], agg: "min", value: price, window: .scope(.page)),
        F(name: "purchases_by_item_1h_idle", on: ["purchase"], agg: "count", window: .lifetime, groupBy: item, ttl: "1h"),
        F(name: "avg_price_by_page_last20", on: ["click", "add_to_cart"], agg: "avg", value: price, window: .lastN(20),
          groupBy: page),
        // `search` has no price: the filter is an error there, so searches are left out.
        F(name: "pricey_types_1h", on: ["click", "search"], agg: "histogram", value: X(cel: "type", python: "type"),
          window: .sliding("1h"), filter: X(cel: "params.price > 80.0", python: #"params["price"] > 80.0"#)),
        F(name: "sku1_clicks_30m_idle", on: ["click"], agg: "count", window: .lifetime,
          filter: X(cel: #"params.item.startsWith("sku1")"#, python: #"params["item"].startswith("sku1")"#), ttl: "30m"),
        F(name: "cart_qty_sum_session", on: ["add_to_cart"], agg: "sum", value: qty, window: .scope(.session)),
        F(name: "max_qty_by_page_1h", on: ["add_to_cart"], agg: "max", value: qty, window: .tumbling("1h"),
          groupBy: page),
    ]

    static var names: [String] { all.map(\.name) }

    /// YAML for featide. `perturb`: a feature whose filter gains `ts % 2 == 0` (featide's
    /// side only), to show that the comparison catches a value that differs.
    static func yaml(perturb: String? = nil) -> String {
        all.map { f in
            var doc = "kind: feature\nname: \(f.name)\non: [\(f.on.joined(separator: ", "))]\n"
            var filter = f.filter?.cel
            if f.name == perturb { filter = filter.map { "(\($0)) && ts % 2 == 0" } ?? "ts % 2 == 0" }
            if let filter { doc += "where: '\(filter)'\n" }
            if let value = f.value { doc += "value: '\(value.cel)'\n" }
            doc += "agg: \(f.agg)\n"
            switch f.window {
            case .sliding(let d): doc += "window: {sliding: \(d)}\n"
            case .tumbling(let d): doc += "window: {tumbling: \(d)}\n"
            case .lastN(let n): doc += "window: {last_n: \(n)}\n"
            case .lifetime: doc += "window: lifetime\n"
            case .scope(let level): doc += "window: {scope: \(level.rawValue)}\n"
            }
            if let g = f.groupBy { doc += "group_by: '\(g.cel)'\n" }
            if let k = f.k { doc += "k: \(k)\n" }
            if let p = f.p { doc += "p: \(p)\n" }
            if let ttl = f.ttl { doc += "ttl: \(ttl)\n" }
            return doc
        }.joined(separator: "---\n")
    }

    /// The reference's view: `window` is `[kind, milliseconds | n | level | null]`, `ttl` in ms.
    static func pythonSpec() throws -> Data {
        let specs: [[String: Any]] = all.map { f in
            let window: [Any]
            switch f.window {
            case .sliding(let d): window = ["sliding", milliseconds(d)]
            case .tumbling(let d): window = ["tumbling", milliseconds(d)]
            case .lastN(let n): window = ["last_n", n]
            case .lifetime: window = ["lifetime", NSNull()]
            case .scope(let level): window = ["scope", level.rawValue]
            }
            return [
                "name": f.name, "on": f.on, "agg": f.agg, "window": window,
                "value": f.value?.python ?? NSNull(), "where": f.filter?.python ?? NSNull(),
                "group_by": f.groupBy?.python ?? NSNull(), "k": f.k ?? NSNull(), "p": f.p ?? NSNull(),
                "ttl": f.ttl.map { milliseconds($0) } ?? NSNull(),
            ]
        }
        return try JSONSerialization.data(withJSONObject: ["features": specs], options: [.prettyPrinted, .sortedKeys])
    }

    static func milliseconds(_ duration: String) -> Int64 {
        guard let span = TimeSpan(parsing: duration) else { preconditionFailure("bad duration \(duration)") }
        return span.milliseconds
    }
}
