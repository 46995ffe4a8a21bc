@testable import Engine

/// Recompute-from-scratch reference for the aggregation states: keeps every event and
/// evaluates the SPEC §4 definitions literally at query time.
struct NaiveAggregation {
    struct Input {
        var ts: Int64
        var value: CELValue
        var key: CELMapKey?
        var position: TreePosition
    }

    let op: AggregationOperator
    let window: Window
    let ttl: Int64?
    let grouped: Bool
    var maxKeys = Int.max
    var inputs: [Input] = []
    /// Grouped keys still held, with the input index their current life began at.
    private var liveSince: [CELMapKey: Int] = [:]
    private var lastUpdate: [CELMapKey: Int] = [:]

    init(op: AggregationOperator, window: Window, ttl: Int64?, grouped: Bool, maxKeys: Int = .max) {
        self.op = op
        self.window = window
        self.ttl = ttl
        self.grouped = grouped
        self.maxKeys = maxKeys
    }

    /// Keys leave when idle for ttl or when evicted as least recently updated. An event whose
    /// value is null, an error, or not a number for a numbers-only operator is left out of the
    /// feature altogether (SPEC §4): it is never in a window, never keeps a key alive.
    mutating func add(_ input: Input) {
        if op != .count, !Self.takes(input.value, numbersOnly: op.needsNumericValue) { return }
        inputs.append(input)
        guard grouped, let key = input.key else { return }
        if let ttl {
            for (k, last) in lastUpdate where input.ts - inputs[last].ts >= ttl {
                liveSince[k] = nil
                lastUpdate[k] = nil
            }
        }
        if liveSince[key] == nil {
            if liveSince.count >= maxKeys, let victim = lastUpdate.min(by: { $0.value < $1.value })?.key {
                liveSince[victim] = nil
                lastUpdate[victim] = nil
            }
            liveSince[key] = inputs.count - 1
        }
        lastUpdate[key] = inputs.count - 1
    }

    static func takes(_ value: CELValue, numbersOnly: Bool) -> Bool {
        switch value {
        case .null, .error: false
        case .int, .uint, .double: true
        default: !numbersOnly
        }
    }

    func query(at t: Int64, position: TreePosition) -> CELValue {
        guard grouped else { return result(of: inWindow(inputs, at: t, position: position)) }
        let keys = liveSince.keys.sorted { CELValueOrder.compare($0.value, $1.value) < 0 }
        var pairs: [(CELMapKey, CELValue)] = []
        for key in keys {
            let life = inputs[liveSince[key]!...].filter { $0.key == key }
            let events = inWindow(Array(life), at: t, position: position)
            if !events.isEmpty { pairs.append((key, result(of: events))) }
        }
        return .map(CELMap(pairs))
    }

    /// The events of one key in the window at `t`, after the last `ttl`-long silence.
    private func inWindow(_ events: [Input], at t: Int64, position: TreePosition) -> [Input] {
        var live = events
        if let ttl {
            if let last = live.last, t - last.ts >= ttl { return [] }
            if let gap = live.indices.dropFirst().last(where: { live[$0].ts - live[$0 - 1].ts >= ttl }) {
                live = Array(live[gap...])
            }
        }
        switch window {
        case .sliding(let d): return live.filter { t - d.milliseconds < $0.ts && $0.ts <= t }
        case .tumbling(let d):
            let bucket = { (x: Int64) in Int64((Double(x) / Double(d.milliseconds)).rounded(.down)) }
            return live.filter { bucket($0.ts) == bucket(t) && $0.ts <= t }
        case .lastN(let n): return Array(live.suffix(n))
        case .lifetime: return live
        case .scope(let level): return live.filter { $0.position[level] == position[level] }
        }
    }

    private func result(of events: [Input]) -> CELValue {
        if events.isEmpty { return SharedAggregationState.emptyValue(op) }
        let values = events.map(\.value).filter { if case .error = $0 { false } else { true } }
        let numbers: [Double] = values.compactMap {
            switch $0 {
            case .int(let i): Double(i)
            case .double(let d): d
            default: nil
            }
        }
        let hasDouble = values.contains { if case .double = $0 { true } else { false } }
        switch op {
        case .count: return .int(Int64(events.count))
        case .sum:
            if hasDouble { return .double(numbers.reduce(0, +)) }
            return .int(values.reduce(Int64(0)) { if case .int(let i) = $1 { $0 + i } else { $0 } })
        case .avg: return numbers.isEmpty ? .null : .double(numbers.reduce(0, +) / Double(numbers.count))
        case .stddev:
            guard !numbers.isEmpty else { return .null }
            let mean = numbers.reduce(0, +) / Double(numbers.count)
            return .double((numbers.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(numbers.count)).squareRoot())
        case .min: return values.min { CELValueOrder.compare($0, $1) < 0 } ?? .null
        case .max: return values.max { CELValueOrder.compare($0, $1) < 0 } ?? .null
        case .first: return values.first ?? .null
        case .last: return values.last ?? .null
        case .firstK(let k): return .list(Array(values.prefix(k)))
        case .lastK(let k): return .list(Array(values.suffix(k)))
        case .distinctCount: return .int(Int64(distinct(values).count))
        case .histogram:
            let sorted = distinct(values).sorted {
                let c = CELValueOrder.compare($0, $1)
                return c != 0 ? c < 0 : keyText($0).utf8.lexicographicallyPrecedes(keyText($1).utf8)
            }
            return .map(CELMap(sorted.map { v in
                (.string(keyText(v)), .int(Int64(values.filter { keyText($0) == keyText(v) }.count)))
            }))
        case .topK(let k):
            let ranked = distinct(values).map { v in
                (value: v, count: values.filter { keyText($0) == keyText(v) }.count,
                 last: values.lastIndex { keyText($0) == keyText(v) }!)
            }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.last > $1.last }
            return .list(ranked.prefix(k).map(\.value))
        case .percentile(let p):
            guard !values.isEmpty else { return .null }
            let sorted = values.sorted {
                let c = CELValueOrder.compare($0, $1)
                return c != 0 ? c < 0 : keyText($0).utf8.lexicographicallyPrecedes(keyText($1).utf8)
            }
            let rank = (1...sorted.count).first { Double($0) * 100 >= p * Double(sorted.count) } ?? sorted.count
            return sorted[rank - 1]
        }
    }

    /// Distinct by key text (`1` and `"1"` are one, `1` and `1.0` two), first spelling kept.
    private func distinct(_ values: [CELValue]) -> [CELValue] {
        var seen: [CELValue] = []
        for v in values where !seen.contains(where: { keyText($0) == keyText(v) }) { seen.append(v) }
        return seen
    }

    /// SPEC §4: a string is its own key; anything else its compact JSON text, keys sorted.
    private func keyText(_ value: CELValue) -> String {
        if case .string(let s) = value { return s }
        return PlainJSON.canonicalText(value)
    }
}
