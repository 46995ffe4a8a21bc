import Engine

/// Pre-decoded events with their values already evaluated, in columns.
struct BenchEventStream {
    static let types = ["click", "view", "scroll", "add_to_cart", "purchase"]
    let count: Int
    var type: [Int] = []
    var ts: [Int64] = []
    var price: [CELValue] = []
    var qty: [CELValue] = []
    var item: [CELMapKey] = []
    var category: [CELValue] = []

    init(count: Int) {
        self.count = count
        var random = SeededRandom(seed: 1)
        var now: Int64 = 1_732_183_200_000
        let items = (0..<500).map { CELMapKey.string("sku\($0)") }
        let categories = (0..<40).map { CELValue.string("cat\($0)") }
        for _ in 0..<count {
            now += Int64(random.next() % 100)
            ts.append(now)
            type.append(Int(random.next() % 5))
            price.append(.double(Double(random.next() % 10_000) / 100))
            qty.append(.int(Int64(random.next() % 5 + 1)))
            item.append(items[Int(random.next() % 500)])
            category.append(categories[Int(random.next() % 40)])
        }
    }
}

/// 50 features over 10 shared states with mixed operators and windows.
final class BenchAggregationWorkload {
    let plan: AggregationPlan
    let states: [SharedAggregationState]
    /// For each event type, the states listening to it.
    private let statesByType: [[Int]]
    /// Per state, which stream column feeds each channel (0 price, 1 qty, 2 category).
    private let columns: [[Int]]
    private var scratch: [[CELValue]]
    let position = TreePosition(session: 1, app: 1, scene: 1, page: 1)
    private(set) var updates = 0

    /// One shared state with its features, built directly: `Feature`/`Aggregation` have no
    /// public initialisers outside the loader, so the planner cannot be fed from here.
    static func statePlan(
        _ on: [String], _ window: Window, groupBy: String?, _ features: [(name: String, op: AggregationOperator, value: String?)],
        index: Int, bindings: inout [String: FeatureBinding]
    ) -> SharedStatePlan {
        let location = SourceLocation(file: "bench.yaml", line: 1, column: 1)
        var channels: [ValueChannelPlan] = []
        for feature in features {
            var channel: Int?
            if let value = feature.value {
                let c = channels.firstIndex { $0.value.text == value } ?? {
                    channels.append(ValueChannelPlan(value: SourceExpression(text: value, location: location), needs: ValueNeeds()))
                    return channels.count - 1
                }()
                channels[c].needs.include(feature.op)
                channel = c
            }
            bindings[feature.name] = FeatureBinding(feature: feature.name, state: index, channel: channel, op: feature.op)
        }
        let key = SharedStateKey(on: on, window: window, groupBy: groupBy, maxKeys: 1_000)
        return SharedStatePlan(
            key: key, groupBy: groupBy.map { SourceExpression(text: $0, location: location) }, channels: channels,
            features: features.map(\.name))
    }

    init() {
        let m = { (n: Int64) in TimeSpan(milliseconds: n * 60_000) }
        // (on, window, group_by, [(op, value)]): 10 states × 5 features.
        let specs: [([String], Window, String?, [(AggregationOperator, String?)])] = [
            (["click"], .sliding(m(10)), nil, [(.count, nil), (.sum, "price"), (.avg, "price"), (.max, "price"), (.min, "price")]),
            (["view"], .sliding(m(60)), nil, [(.count, nil), (.sum, "qty"), (.stddev, "price"), (.last, "price"), (.lastK(5), "price")]),
            (["click", "view"], .tumbling(m(60)), nil, [(.count, nil), (.avg, "price"), (.distinctCount, "category"), (.max, "qty"), (.first, "price")]),
            (["add_to_cart"], .lastN(100), nil, [(.count, nil), (.sum, "price"), (.avg, "qty"), (.percentile(95), "price"), (.min, "qty")]),
            (["purchase"], .lifetime, nil, [(.count, nil), (.sum, "price"), (.histogram, "category"), (.topK(3), "category"), (.lastK(3), "price")]),
            (["scroll"], .scope(.page), nil, [(.count, nil), (.sum, "qty"), (.max, "price"), (.firstK(3), "price"), (.last, "qty")]),
            (["click"], .sliding(m(5)), "item", [(.count, nil), (.sum, "price"), (.avg, "price"), (.max, "price"), (.last, "price")]),
            (["view"], .sliding(m(1)), nil, [(.count, nil), (.sum, "price"), (.avg, "qty"), (.stddev, "qty"), (.distinctCount, "category")]),
            (["purchase", "add_to_cart"], .tumbling(m(1_440)), nil, [(.count, nil), (.sum, "qty"), (.avg, "price"), (.min, "price"), (.max, "price")]),
            (["click"], .scope(.session), nil, [(.count, nil), (.sum, "price"), (.avg, "price"), (.last, "price"), (.distinctCount, "category")]),
        ]
        var bindings: [String: FeatureBinding] = [:]
        let statePlans = specs.enumerated().map { s, spec in
            Self.statePlan(
                spec.0, spec.1, groupBy: spec.2,
                spec.3.enumerated().map { f, feature in (name: "s\(s)_f\(f)_\(feature.0.name)", op: feature.0, value: feature.1) },
                index: s, bindings: &bindings)
        }
        plan = AggregationPlan(states: statePlans, bindings: bindings, notComputed: [])
        states = statePlans.map(SharedAggregationState.init)
        statesByType = BenchEventStream.types.map { type in statePlans.indices.filter { statePlans[$0].key.on.contains(type) } }
        columns = statePlans.map { $0.channels.map { ["price", "qty", "category"].firstIndex(of: $0.value.text)! } }
        scratch = statePlans.map { Array(repeating: .null, count: $0.channels.count) }
    }

    /// Adds one event of every type at `ts` (values from the stream's row `row`), so every
    /// state has changed before the next query.
    func touchAllStates(_ stream: BenchEventStream, row: Int, ts: Int64) {
        for s in states.indices {
            for (c, column) in columns[s].enumerated() {
                scratch[s][c] = column == 0 ? stream.price[row] : column == 1 ? stream.qty[row] : stream.category[row]
            }
            states[s].add(ts: ts, values: scratch[s], groupKey: stream.item[row], position: position)
        }
    }

    func feed(_ stream: BenchEventStream, range: Range<Int>) {
        // Locals, not properties, in the loop: no exclusivity checks on the class per event.
        var scratch = self.scratch
        let (states, statesByType, columns) = (self.states, self.statesByType, self.columns)
        var updates = 0
        for e in range {
            for s in statesByType[stream.type[e]] {
                for (c, column) in columns[s].enumerated() {
                    scratch[s][c] = switch column {
                    case 0: stream.price[e]
                    case 1: stream.qty[e]
                    default: stream.category[e]
                    }
                }
                states[s].add(ts: stream.ts[e], values: scratch[s], groupKey: stream.item[e], position: position)
                updates += 1
            }
        }
        self.updates += updates
    }
}
