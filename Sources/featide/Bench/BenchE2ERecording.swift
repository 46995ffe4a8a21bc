import Engine
import Foundation

/// A seeded recording of an app's events as a device would write them (SPEC §2): sessions that
/// begin with `app_start` (sometimes a `scene_enter`) and a `page_enter`, then clicks, scrolls,
/// searches, carts and purchases over a few pages; sessions end with `app_end` or a gap longer
/// than `session_gap`. Times rise by 0–299 ms (ties happen); about 0.6% of clicks are written
/// late, 1–8 s of event time after they happened, so `allowed_lateness` both reorders and drops.
struct BenchE2ERecording {
    /// 2026-11-02T08:00:00Z: the recording's own clock; the scenario replays it shifted.
    static let recordedStart: Int64 = 1_793_606_400_000
    static let pages = ["home", "A", "B", "product", "cart", "search"]
    static let scenes = ["main", "checkout", "profile"]

    private var random: SeededRandom
    private var ts = recordedStart
    private var page = "home"
    private var out: [UInt8] = []
    /// Clicks written late: each goes out once the clock passes `due`.
    private var held: [(due: Int64, line: String)] = []
    private(set) var lines = 0

    /// Writes `count` event lines to `path`; returns how many (a few late clicks may be added at the end).
    static func write(count: Int, seed: UInt64, to path: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let file = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot write \(path)")
        }
        defer { try? file.close() }
        var recording = BenchE2ERecording(random: SeededRandom(seed: seed))
        recording.out.reserveCapacity(1 << 21)
        recording.startSession()
        while recording.lines + recording.held.count < count {
            recording.step()
            if recording.out.count >= 1 << 20 {
                try file.write(contentsOf: recording.out)
                recording.out.removeAll(keepingCapacity: true)
            }
        }
        recording.flushHeld(upTo: .max)
        try file.write(contentsOf: recording.out)
        return recording.lines
    }

    private mutating func roll(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

    private mutating func step() {
        ts += Int64(roll(300))
        flushHeld(upTo: ts)
        let r = roll(1000)
        switch r {
        case ..<520: click()
        case ..<620: pageEnter(Self.pages[roll(Self.pages.count)])
        case ..<710: emit(#"{"ts":\#(ts),"type":"add_to_cart","page":"\#(page)","params":{"item":"\#(item())","price":\#(price()),"qty":\#(1 + roll(5))}}"#)
        case ..<750: emit(#"{"ts":\#(ts),"type":"purchase","params":{"item":"\#(item())","price":\#(price()),"qty":\#(1 + roll(3))}}"#)
        case ..<850: emit(#"{"ts":\#(ts),"type":"search","params":{"q":"q\#(roll(200))"}}"#)
        case ..<865:
            emit(#"{"ts":\#(ts),"type":"scene_enter","scene":"\#(Self.scenes[roll(Self.scenes.count)])"}"#)
            ts += Int64(roll(50))
            pageEnter(Self.pages[roll(Self.pages.count)])
        case ..<866:
            flushHeld(upTo: .max)
            emit(#"{"ts":\#(ts),"type":"app_end"}"#)
            ts += 60_000 + Int64(roll(20 * 60_000))
            startSession()
        case ..<867:  // the app went to the background: the session ends by `session_gap`
            flushHeld(upTo: .max)
            ts += 31 * 60_000 + Int64(roll(60 * 60_000))
            startSession()
        default: emit(#"{"ts":\#(ts),"type":"scroll","page":"\#(page)","params":{"depth":\#(roll(20))}}"#)
        }
    }

    private mutating func startSession() {
        emit(#"{"ts":\#(ts),"type":"app_start","params":{"version":"10.3.\#(roll(3))"}}"#)
        if roll(2) == 0 {
            ts += Int64(roll(100))
            emit(#"{"ts":\#(ts),"type":"scene_enter","scene":"\#(Self.scenes[roll(Self.scenes.count)])"}"#)
        }
        ts += Int64(roll(200))
        pageEnter("home")
    }

    private mutating func pageEnter(_ name: String) {
        page = name
        emit(#"{"ts":\#(ts),"type":"page_enter","page":"\#(name)"}"#)
    }

    private mutating func click() {
        let line = #"{"ts":\#(ts),"type":"click","page":"\#(page)","params":{"item":"\#(item())","price":\#(price()),"category":"c\#(roll(10))"}}"#
        if roll(1000) < 6 {
            held.append((ts + 1_000 + Int64(roll(7_000)), line))
        } else {
            emit(line)
        }
    }

    /// Items skewed towards low numbers, as popular items are.
    private mutating func item() -> String { "sku\(min(roll(1000), roll(1000)))" }

    /// 1.00–99.99, always with two decimals (a double in both JSON readers).
    private mutating func price() -> String {
        let cents = 100 + roll(9_900)
        let fraction = cents % 100
        return "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    private mutating func flushHeld(upTo t: Int64) {
        guard !held.isEmpty else { return }
        var kept: [(due: Int64, line: String)] = []
        for late in held {
            if late.due <= t { emit(late.line) } else { kept.append(late) }
        }
        held = kept
    }

    private mutating func emit(_ line: String) {
        out.append(contentsOf: line.utf8)
        out.append(UInt8(ascii: "\n"))
        lines += 1
    }
}
