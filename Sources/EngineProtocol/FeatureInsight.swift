/// `values` params: the features whose changes the engine should record, event by event
/// (FeatureChange), for a client showing them. Tracking costs the engine two reads of each
/// tracked feature per event, so it lapses a few seconds after the last `values` asking for it.
public struct ValuesParams: Codable, Sendable {
    public var track: [String]?
    public init(track: [String]? = nil) { self.track = track }
}

/// One key of a grouped feature and its value, both as JSON text.
public struct KeyedValue: Codable, Sendable, Equatable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A tracked feature's value changed while the engine applied one event: which event (its
/// type, params and page: `click {"item":"sku1","price":30.0} · page home`), its time, the
/// value before and after, and for a grouped feature which keys changed.
public struct FeatureChange: Codable, Sendable, Equatable {
    public var ts: Int64
    public var event: String
    public var from: String
    public var to: String
    /// For a grouped feature: each key whose value changed, added or went.
    public var keys: [KeyChange]?
    public init(ts: Int64, event: String, from: String, to: String, keys: [KeyChange]? = nil) {
        self.ts = ts
        self.event = event
        self.from = from
        self.to = to
        self.keys = keys
    }
}

/// One key of a grouped feature changed: its value before and after (JSON text; `null`
/// when the key was not there).
public struct KeyChange: Codable, Sendable, Equatable {
    public var key: String
    public var from: String
    public var to: String
    public init(key: String, from: String, to: String) {
        self.key = key
        self.from = from
        self.to = to
    }
}

/// A feature's lineage in the deployed project: what its value is computed from (a shared
/// state and its window, a script and its inputs) and what reads it (decisions with the
/// pattern or event that triggers each, script features).
public struct FeatureLineage: Codable, Sendable, Equatable {
    public var feature: String
    /// `shared state 2: on click window sliding 10m (also home_click_amount_10m)`, `script scripts/intent.py`, `input feature x`.
    public var reads: [String]
    /// `decision coupon_popup (scripts/coupon.py) on pattern hesitated_on_product`, `feature shopper_intent (scripts/intent.py)`.
    public var readBy: [String]
    public init(feature: String, reads: [String], readBy: [String]) {
        self.feature = feature
        self.reads = reads
        self.readBy = readBy
    }
}
