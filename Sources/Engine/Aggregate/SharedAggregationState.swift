/// The live state of one `SharedStatePlan`: the window of every key (or of the one implicit
/// key without `group_by`) and the readers for every feature bound to it.
///
/// The pipeline evaluates `where`, the channels' `value:` expressions and `group_by`, then
/// calls `add`; features are answered by `query`. Contract:
/// - `add` timestamps never decrease (the runtime orders events within allowed lateness).
/// - Queries happen at a time `t` no earlier than the last added event and no earlier than
///   the previous query: sliding windows forget what left them.
/// - A key not updated for `ttl` (`t - lastUpdate >= ttl`) is gone, whatever the window;
///   this is also how `lifetime` is bounded.
public final class SharedAggregationState {
    public let plan: SharedStatePlan
    private let rule: WindowRule
    private let channelNeeds: [ValueNeeds]
    /// Whether channel c leaves out non-numbers. Owned memory: read per channel and event.
    private let numbersOnly: UnsafeMutableBufferPointer<Bool>
    /// The state holds only events with a value for its one channel (`ValueMembership`).
    private let valueGatesEvents: Bool
    private let ttl: Int64?
    // Unchecked: only this class's own non-reentrant methods touch the storage, and the
    // dynamic exclusivity check costs more than a window update.
    /// The window without `group_by`.
    @exclusivity(unchecked) private var single: WindowedSummary
    @exclusivity(unchecked) private var keyed: KeyedSummaryTable?
    /// Events given no key on a grouped state (the `group_by` value was not a map key).
    public private(set) var eventsWithoutKey = 0

    public init(plan: SharedStatePlan) {
        self.plan = plan
        rule = WindowRule(plan.key.window)
        channelNeeds = plan.channels.map(\.needs)
        numbersOnly = .allocate(capacity: max(1, plan.channels.count))  // never empty: `baseAddress` is never nil
        _ = numbersOnly.initialize(from: plan.channels.map(\.numbersOnly))
        if case .withValue? = plan.key.member { valueGatesEvents = plan.channels.count == 1 } else { valueGatesEvents = false }
        ttl = plan.key.ttl?.milliseconds
        single = WindowedSummary(channels: channelNeeds, rule: rule)
        keyed = plan.key.groupBy == nil ? nil : KeyedSummaryTable(maxKeys: plan.key.maxKeys)
    }

    deinit {
        numbersOnly.deallocate()
    }

    public var isGrouped: Bool { keyed != nil }
    /// Keys evicted by `max_keys`.
    public var evictions: Int { keyed?.evictions ?? 0 }
    /// Keys dropped after `ttl` without updates.
    public var expiredKeys: Int { keyed?.expirations ?? 0 }
    public var keyCount: Int { keyed?.count ?? 1 }

    /// What a channel holds in place of a value it leaves out; every reader skips it.
    static let leftOut = CELValue.error(CELError("left out"))

    /// Adds one matching event; `values[i]` is the value of channel i as evaluated. A value
    /// that is null, an error, or not a number for a numbers-only channel is left out of that
    /// channel's features (SPEC §4) — and the event out of a state that holds only events
    /// with a value.
    public func add(ts: Int64, values: [CELValue], groupKey: CELMapKey? = nil, position: TreePosition = TreePosition()) {
        precondition(values.count == channelNeeds.count, "one value per channel")
        // An empty array may lend no address: a spare element each keeps both pointers valid.
        let values = values + [.null], order = (0...Int32(channelNeeds.count)).map { $0 }
        values.withUnsafeBufferPointer { values in
            order.withUnsafeBufferPointer { order in
                add(ts: ts, values: values.baseAddress!, channelValues: order.baseAddress!, groupKey: groupKey, position: position)
            }
        }
    }

    /// `add` with channel c's value at `values[channelValues[c]]` (the pipeline's path: the
    /// values computed for the event are read where they are, not copied per state).
    func add(ts: Int64, values: UnsafePointer<CELValue>, channelValues: UnsafePointer<Int32>,
             groupKey: CELMapKey?, position: TreePosition) {
        let channels = ChannelValues(values: values, numbers: channelValues, numbersOnly: UnsafePointer(numbersOnly.baseAddress!))
        if valueGatesEvents, !channels.isTaken(0) { return }
        let epoch = rule.epoch(at: ts, position: position)
        if keyed != nil {
            guard let groupKey else {
                eventsWithoutKey += 1
                return
            }
            if let ttl { keyed!.expire(updatedAtOrBefore: ts.minusSaturating(ttl)) }
            let (needs, rule) = (channelNeeds, rule)
            let s = keyed!.touch(groupKey) { WindowedSummary(channels: needs, rule: rule) }
            keyed![s].add(ts: ts, values: channels, rule: rule, epoch: epoch)
        } else {
            if let ttl, single.lastUpdate != .min, ts.minusSaturating(single.lastUpdate) >= ttl {
                single = WindowedSummary(channels: channelNeeds, rule: rule)
            }
            single.add(ts: ts, values: channels, rule: rule, epoch: epoch)
        }
    }

    @inline(__always)
    static func isTaken(_ value: CELValue, numbersOnly: Bool) -> Bool {
        switch value {
        case .null, .error: false
        case .int, .uint, .double: true
        default: !numbersOnly
        }
    }

    /// The feature's value at `t`: for a grouped state, a map of every key with a non-empty
    /// window to its value, keys in value order.
    public func query(_ binding: FeatureBinding, at t: Int64, position: TreePosition = TreePosition()) -> CELValue {
        let epoch = rule.epoch(at: t, position: position)
        guard keyed != nil else { return read(binding, from: &single, at: t, epoch: epoch) }
        if let ttl { keyed!.expire(updatedAtOrBefore: t.minusSaturating(ttl)) }
        var results = CELMap()
        for (key, s) in keyed!.slotsInKeyOrder() where keyed![s].advance(to: t, rule: rule, epoch: epoch) {
            results[key] = readNonEmpty(binding, from: &keyed![s])
        }
        return .map(results)
    }

    /// The feature's value for one `group_by` key at `t` (the empty-window value if absent).
    public func query(_ binding: FeatureBinding, key: CELMapKey, at t: Int64, position: TreePosition = TreePosition()) -> CELValue {
        guard keyed != nil else { return query(binding, at: t, position: position) }
        if let ttl { keyed!.expire(updatedAtOrBefore: t.minusSaturating(ttl)) }
        guard let s = keyed!.slot(of: key) else { return Self.emptyValue(binding.op) }
        return read(binding, from: &keyed![s], at: t, epoch: rule.epoch(at: t, position: position))
    }

    private func read(_ binding: FeatureBinding, from summary: inout WindowedSummary, at t: Int64, epoch: Int64) -> CELValue {
        if let ttl, summary.lastUpdate != .min, t.minusSaturating(summary.lastUpdate) >= ttl { return Self.emptyValue(binding.op) }
        guard summary.advance(to: t, rule: rule, epoch: epoch) else { return Self.emptyValue(binding.op) }
        return readNonEmpty(binding, from: &summary)
    }

    private func readNonEmpty(_ binding: FeatureBinding, from summary: inout WindowedSummary) -> CELValue {
        if binding.op == .count { return .int(Int64(summary.count)) }
        guard let channel = binding.channel else { return .error(CELError("\(binding.op.name) needs a value expression")) }
        return summary.read(binding.op, channel: channel)
    }

    var heldItemCount: Int { keyed?.storedItems ?? single.storedItems }

    /// SPEC §4 empty-window values: 0 for count, distinct_count and sum, `{}` for histogram,
    /// `[]` for lists, null otherwise.
    public static func emptyValue(_ op: AggregationOperator) -> CELValue {
        switch op {
        case .count, .distinctCount, .sum: .int(0)
        case .histogram: .map(CELMap())
        case .firstK, .lastK, .topK: .list([])
        case .avg, .min, .max, .first, .last, .stddev, .percentile: .null
        }
    }
}

extension SharedAggregationState {
    /// Everything the state holds (its windows), for a snapshot; the rest follows from the plan.
    struct Snapshot: Codable {
        var single: WindowedSummary
        var keyed: KeyedSummaryTable?
        var eventsWithoutKey: Int
    }

    var snapshot: Snapshot { Snapshot(single: single, keyed: keyed, eventsWithoutKey: eventsWithoutKey) }

    func restore(_ snapshot: Snapshot) throws(SnapshotError) {
        guard (snapshot.keyed == nil) == (keyed == nil) else {
            throw SnapshotError("state \(plan.features.joined(separator: ",")) is grouped in one version and not in the other")
        }
        single = snapshot.single
        keyed = snapshot.keyed
        eventsWithoutKey = snapshot.eventsWithoutKey
    }
}
