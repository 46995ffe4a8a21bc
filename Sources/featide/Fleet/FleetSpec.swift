import Engine
import Foundation
import Yams

/// A fleet file (`featide simulate --fleet`): the device profile each device id runs as.
///
/// ```yaml
/// devices:                       # listed profiles, by id
///   - {id: d001, os: ios, app_version: 10.3.0, segment: new}
/// generate:                      # every other device id: drawn from a seeded distribution
///   seed: 7
///   os: {android: 60, ios: 40}   # value: weight
///   app_version: {10.3.0: 70, 10.2.0: 30}
/// input: {coupon_pool: [C5, C10]}   # business input for every device (a scenario's `input:`)
/// ```
/// A generated profile depends only on the device id, the field and the seed (StableHash), so
/// it is the same in every partition, process and run. A device neither listed nor generated
/// is left out of the simulation (and counted).
struct FleetSpec {
    var listed: [String: DeviceProfile] = [:]
    /// `ctx.input` of every device's decisions.
    var input = CELMap()
    var seed = "0"
    /// Field → its values and weights, in the order written.
    var distribution: [(field: String, values: [(value: String, weight: Int)])] = []
    var generates: Bool { !distribution.isEmpty }

    static let fields = DeviceProfile.fieldNames.filter { $0 != "id" }

    func profile(for id: String) -> DeviceProfile? {
        if let profile = listed[id] { return profile }
        guard generates else { return nil }
        var fields: [(CELMapKey, CELValue)] = [(.string("id"), .string(id))]
        for (field, values) in distribution {
            let total = values.reduce(0) { $0 + $1.weight }
            var point = Int(StableHash.hash(id, field, seed) % UInt64(total))
            for (value, weight) in values {
                if point < weight { fields.append((.string(field), .string(value))); break }
                point -= weight
            }
        }
        return DeviceProfile(id: id, fields: CELMap(fields))
    }

    static func load(_ path: String) throws -> FleetSpec {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw FleetError("cannot read \(path)") }
        func fail(_ message: String) -> FleetError { FleetError("\(path): \(message)") }
        guard let root = try Yams.load(yaml: text) as? [String: Any] else {
            throw fail("expected a mapping with `devices:` and/or `generate:`")
        }
        var spec = FleetSpec()
        for key in root.keys where !["devices", "generate", "input"].contains(key) {
            throw fail("unknown key '\(key)'; expected devices, generate or input")
        }
        if let input = root["input"] {
            guard case .map(let map) = celValue(input) else { throw fail("input: expected a mapping") }
            spec.input = map
        }
        for (i, entry) in ((root["devices"] as? [Any]) ?? []).enumerated() {
            guard let map = entry as? [String: Any], let id = map["id"].map(scalarText), !id.isEmpty else {
                throw fail("devices[\(i)]: expected a mapping with an `id`")
            }
            var profile: [(CELMapKey, CELValue)] = [(.string("id"), .string(id))]
            for field in try Self.fields(of: map, at: "devices[\(i)]", besides: "id", fail) {
                profile.append((.string(field), .string(scalarText(map[field]!))))
            }
            spec.listed[id] = DeviceProfile(id: id, fields: CELMap(profile))
        }
        if let generate = root["generate"] {
            guard let map = generate as? [String: Any] else { throw fail("generate: expected a mapping") }
            spec.seed = map["seed"].map(scalarText) ?? "0"
            for field in try Self.fields(of: map, at: "generate", besides: "seed", fail) {
                guard let weights = map[field] as? [AnyHashable: Any], !weights.isEmpty else {
                    throw fail("generate.\(field): expected a mapping of value: weight")
                }
                var values: [(String, Int)] = []
                for (value, weight) in weights {
                    guard let weight = weight as? Int, weight > 0 else {
                        throw fail("generate.\(field).\(value): expected a positive integer weight")
                    }
                    values.append((scalarText(value), weight))
                }
                spec.distribution.append((field, values.sorted { $0.0 < $1.0 }))
            }
        }
        return spec
    }

    /// The keys of a profile mapping, in a stable order, each a known profile field.
    private static func fields(of map: [String: Any], at place: String, besides extra: String,
                               _ fail: (String) -> FleetError) throws -> [String] {
        for key in map.keys where key != extra && !Self.fields.contains(key) {
            throw fail("\(place): unknown field '\(key)'; expected one of \(Self.fields.joined(separator: ", "))")
        }
        return map.keys.filter { $0 != extra }.sorted()
    }

    /// A YAML value as CEL sees it (as a scenario's `input:` is).
    private static func celValue(_ value: Any) -> CELValue {
        switch value {
        case let b as Bool: return .bool(b)
        case let n as Int: return .int(Int64(n))
        case let d as Double: return .double(d)
        case let s as String: return .string(s)
        case let list as [Any]: return .list(list.map(celValue))
        case let map as [String: Any]:
            return .map(CELMap(map.keys.sorted().map { (CELMapKey.string($0), celValue(map[$0]!)) }))
        default: return .null
        }
    }

    private static func scalarText(_ value: Any) -> String {
        if let text = value as? String { return text }
        return "\(value)"
    }
}
