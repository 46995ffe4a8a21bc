import Foundation
import Testing
@testable import Engine

/// A large recording is summarised as two halves on two threads; the joined summary must be
/// exactly what one reader going through the whole file sees — times, errors with their
/// lines and columns, the cap on errors — wherever the cut falls.
@Suite struct RecordedFileSummarySplitTests {
    @Test(arguments: 0..<12)
    func theHalvesJoinIntoWhatOneReaderSees(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) &+ 91)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(seed)-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.recording(&random, manyErrors: seed % 3 == 0).write(toFile: path, atomically: true, encoding: .utf8)

        let halves = try #require(RecordedFileSummary.halves(of: path, splitFrom: 1))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(halves[0].lowerBound == 0 && halves[1].upperBound == bytes.count && halves[0].upperBound == halves[1].lowerBound)
        #expect(bytes[halves[0].upperBound - 1] == 0x0A)

        let split = try #require(RecordedFileSummary(path: path, splitFrom: 1, inParallel: true))
        let reference = try #require(Reference(path: path))
        #expect(split.firstTs == reference.firstTs)
        #expect(split.lastOffset == reference.lastOffset)
        #expect(split.offsets == reference.offsets)
        #expect(split.errorCount == reference.errorCount)
        #expect(split.errors == reference.errors)
    }

    @Test func aSmallFileIsReadInOnePass() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("summary-small-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "{\"ts\": 1, \"type\": \"a\"}\n{\"ts\": 2, \"type\": \"a\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(RecordedFileSummary.halves(of: path, splitFrom: RecordedFileSummary.smallestSplitFile) == nil)
        #expect(RecordedFileSummary(path: path)?.offsets == 0...1)
    }

    /// Lines of every kind a recording holds: events in and out of order, blank lines, a
    /// byte order mark, JSON errors, field errors; sometimes more errors than are shown.
    static func recording(_ random: inout SeededRandom, manyErrors: Bool) -> String {
        var lines: [String] = random.next() % 2 == 0 ? ["\u{FEFF}{\"ts\": 5000, \"type\": \"first\"}"] : []
        var ts: Int64 = 10_000
        for _ in 0..<(1500 + Int(random.next() % 500)) {
            ts += Int64(random.next() % 2000) - 300
            switch random.next() % (manyErrors ? 5 : 40) {
            case 0: lines.append("{\"ts\": \(ts), \"type\": ")
            case 1: lines.append("{\"ts\": \"late\", \"type\": \"click\"}")
            case 2: lines.append("   ")
            default: lines.append("{\"ts\": \(ts), \"type\": \"click\", \"params\": {\"price\": \(random.next() % 100)}}")
            }
        }
        return lines.joined(separator: "\n") + (random.next() % 2 == 0 ? "\n" : "")
    }

    /// The summary worked out straight from one reader, not through the summary's own parts.
    struct Reference {
        var firstTs: Int64?
        var lastOffset: Int64 = 0
        var offsets: ClosedRange<Int64>?
        var errors: [EventDecodeError] = []
        var errorCount = 0

        init?(path: String) {
            guard let reader = RecordedEventReader(path: path) else { return nil }
            var times: [Int64] = []
            while let (_, result) = reader.next() {
                switch result {
                case .success(let event): times.append(event.ts)
                case .failure(let error):
                    errorCount += 1
                    if errors.count < RecordedFileSummary.reportedErrorLimit + 1 { errors.append(error) }
                }
            }
            guard let first = times.first else { return }
            firstTs = first
            lastOffset = times.last! - first
            offsets = (times.min()! - first)...(times.max()! - first)
        }
    }
}
