import Engine
import Foundation

/// A seeded fleet of shopping devices for the fleet tests: each device's events as recorded
/// (a few neighbours swapped, some beyond `allowed_lateness`), label times at events, 1 ms
/// before events and in between. The same lines make the fleet file (with `device`, put
/// first or last in turn) and each device's own recording (without it).
struct FleetFixture {
    struct Device {
        var id: String
        /// (ts, event JSON without `device`), in recorded order.
        var events: [(ts: Int64, json: String)]
        var labels: [Int64]
        var firstTs: Int64 { events[0].ts }
    }

    var devices: [Device]

    static func make(devices count: Int, events: Int, labels: Int, seed: UInt64) -> FleetFixture {
        var random = SeededRandom(seed: seed)
        let base: Int64 = 1_764_000_000_000
        let categories = ["shoes", "bags", "books", "toys"]
        var devices: [Device] = []
        for d in 0..<count {
            var ts = base + Int64.random(in: 0..<3600, using: &random) * 1000
            var list: [(Int64, String)] = [(ts, "{\"ts\":\(ts),\"type\":\"app_start\"}")]
            var page = "home"
            while list.count < events {
                ts += Int64.random(in: 300...15_000, using: &random)
                let roll = Double.random(in: 0..<1, using: &random)
                if roll < 0.2 {
                    page = ["home", "home", "product", "cart"].randomElement(using: &random)!
                    list.append((ts, "{\"ts\":\(ts),\"type\":\"page_enter\",\"page\":\"\(page)\"}"))
                } else if roll < 0.8 {
                    let price = Double(Int.random(in: 100...12_000, using: &random)) / 100
                    let category = categories.randomElement(using: &random)!
                    list.append((ts, "{\"ts\":\(ts),\"type\":\"click\",\"page\":\"\(page)\",\"params\":{\"item\":\"sku\(Int.random(in: 1...9, using: &random))\",\"price\":\(price),\"category\":\"\(category)\"}}"))
                } else if roll < 0.9 {
                    list.append((ts, "{\"ts\":\(ts),\"type\":\"profile_update\",\"params\":{\"level\":\(Int.random(in: 1...5, using: &random))}}"))
                } else if roll < 0.96 {
                    list.append((ts, "{\"ts\":\(ts),\"type\":\"add_to_cart\",\"page\":\"\(page)\",\"params\":{\"item\":\"sku1\",\"price\":20.5}}"))
                } else {
                    list.append((ts, "{\"ts\":\(ts),\"type\":\"app_end\"}"))
                    ts += Int64.random(in: 30...50, using: &random) * 60_000
                }
            }
            // Recorded out of order now and then (never the first event: it anchors replays).
            for i in 2..<list.count where Double.random(in: 0..<1, using: &random) < 0.05 { list.swapAt(i - 1, i) }
            let times = list.map(\.0)
            var labelTimes: [Int64] = []
            for i in 0..<labels {
                let at = times.randomElement(using: &random)!
                switch i % 3 {
                case 0: labelTimes.append(at)
                case 1: labelTimes.append(max(at - 1, times[0]))
                default: labelTimes.append(Int64.random(in: times[0]...(times.max()! + 600_000), using: &random))
                }
            }
            devices.append(Device(id: String(format: "dev%03d", d), events: list, labels: labelTimes))
        }
        return FleetFixture(devices: devices)
    }

    /// Every device's events in one file, interleaved by time (each device keeps its order),
    /// with `device` first on even lines and last on odd ones.
    var fleetEvents: String {
        var lines: [(Int64, Int, String)] = []
        for device in devices {
            var newest = Int64.min
            for (ts, json) in device.events {
                newest = max(newest, ts)
                lines.append((newest, lines.count, Self.tag(json, device.id, last: lines.count % 2 == 1)))
            }
        }
        return lines.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2).joined(separator: "\n") + "\n"
    }

    var labelRows: String {
        devices.flatMap { device in
            device.labels.enumerated().map { i, ts in "{\"device\":\"\(device.id)\",\"ts\":\(ts),\"label\":\(i % 2)}" }
        }.joined(separator: "\n") + "\n"
    }

    static func tag(_ json: String, _ device: String, last: Bool) -> String {
        last ? String(json.dropLast()) + ",\"device\":\"\(device)\"}" : "{\"device\":\"\(device)\"," + json.dropFirst()
    }

    /// The fixture with one more event for a device, recorded just before its first event later than `ts`.
    func insert(_ json: String, ts: Int64, into device: Int) -> FleetFixture {
        var copy = self
        let index = copy.devices[device].events.firstIndex { $0.ts > ts } ?? copy.devices[device].events.count
        copy.devices[device].events.insert((ts, json), at: index)
        return copy
    }
}
