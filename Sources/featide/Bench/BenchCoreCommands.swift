import ArgumentParser
import Engine
import Foundation

/// `bench decode`: JSON Lines decoding throughput on generated realistic events.
struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Measure event decoding throughput (MB/s, events/s).")

    @Option(help: "Number of generated event lines.") var events = 500_000
    @Option(help: "Timed passes over the lines; the best is reported.") var passes = 5
    @Option(help: "Which lines to decode: rich, spec or both (one kind alone is easier to profile).")
    var lines: LineKind = .both

    enum LineKind: String, ExpressibleByArgument { case rich, spec, both }

    func run() {
        if lines != .spec { measure("rich lines (8 params, nested object, list, escapes)", BenchEventLines.generate(count: events)) }
        if lines != .rich { measure("SPEC-sized lines (2 params)", BenchEventLines.generateSmall(count: events)) }
    }

    private func measure(_ label: String, _ bytes: [UInt8]) {
        var decoder = EventDecoder()
        var bestWall = Double.infinity
        var bestCPU = Double.infinity
        var decoded = 0
        for _ in 0..<passes {
            var count = 0
            let cpuStart = threadCPUSeconds()
            let elapsed = ContinuousClock().measure {
                _ = bytes.withUnsafeBufferPointer { buffer in
                    decoder.decodeLines(buffer) { if case .success = $0 { count += 1 } }
                }
            }
            bestCPU = min(bestCPU, threadCPUSeconds() - cpuStart)
            decoded = count
            bestWall = min(bestWall, elapsed.seconds)
        }
        print("decode \(label): \(events) lines, \(bytes.count / 1_000_000) MB, \(decoded) decoded, best of \(passes) passes, one core")
        for (label, seconds) in [("CPU time", bestCPU), ("wall time", bestWall)] {
            print(String(format: "  throughput (%@): %.1f MB/s, %.2f M events/s",
                         label, Double(bytes.count) / seconds / 1e6, Double(decoded) / seconds / 1e6))
        }
    }
}

/// Realistic event lines: context fields, a handful of typed params, some nesting and escapes.
enum BenchEventLines {
    static func generate(count: Int) -> [UInt8] {
        var random = SeededRandom(seed: 42)
        let types = ["click", "view", "scroll", "add_to_cart", "purchase"]
        let pages = ["home", "search", "item", "cart", "checkout"]
        var text = ""
        text.reserveCapacity(count * 220)
        var ts: Int64 = 1_732_183_200_000
        for i in 0..<count {
            ts += Int64(random.next() % 500)
            let type = types[Int(random.next() % 5)]
            let page = pages[Int(random.next() % 5)]
            let item = random.next() % 2_000
            let price = Double(random.next() % 100_000) / 100
            text += #"{"ts": \#(ts), "type": "\#(type)", "session": "s\#(i / 5_000)", "page": "\#(page)", "#
            text += #""params": {"item": "sku\#(item)", "price": \#(price), "qty": \#(random.next() % 5 + 1), "#
            text += #""category": "cat\#(item % 40)", "tags": ["new", "promo"], "ref": {"source": "feed", "rank": \#(random.next() % 50)}, "#
            text += #""query": "red \"summer\" dress \u00e9t\u00e9", "logged_in": \#(random.next() % 2 == 0)}}"#
            text += "\n"
        }
        return Array(text.utf8)
    }

    /// Lines like SPEC §2's example.
    static func generateSmall(count: Int) -> [UInt8] {
        var random = SeededRandom(seed: 43)
        var text = ""
        text.reserveCapacity(count * 110)
        var ts: Int64 = 1_732_183_200_000
        for _ in 0..<count {
            ts += Int64(random.next() % 500)
            let price = Double(random.next() % 10_000) / 100
            text += #"{"ts": \#(ts), "type": "click", "page": "home", "params": {"item": "sku\#(random.next() % 2_000)", "price": \#(price)}}"#
            text += "\n"
        }
        return Array(text.utf8)
    }
}


extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}

/// CPU time of the calling thread: throughput that other processes sharing the cores
/// cannot distort (wall time is printed beside it).
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}
