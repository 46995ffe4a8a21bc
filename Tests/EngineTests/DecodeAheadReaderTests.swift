import Foundation
import Testing
@testable import Engine

/// `DecodeAheadReader` decodes on its own thread but must hand out exactly what
/// `RecordedEventReader` does, in order, holding at most its ring's batches.
@Suite struct DecodeAheadReaderTests {
    static func describe(_ decoded: (line: Int, result: Result<Event, EventDecodeError>)) -> String {
        switch decoded.result {
        case .success(let event):
            "\(decoded.line): \(event.ts) \(event.type) \(event.page ?? "-") \(PlainJSON.text(.map(event.params)))"
        case .failure(let error): "\(decoded.line): \(error)"
        }
    }

    /// Seeded lines with bad ones (invalid JSON, invalid UTF-8, a bad field), blank lines and
    /// a last line without its newline.
    static func file(seed: UInt64, lines: Int) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        var bytes: [UInt8] = []
        for i in 0..<lines {
            switch random.next() % 40 {
            case 0: bytes += Array(#"{"ts": 1, "type": "#.utf8)
            case 1: bytes += Array(#"{"ts": 2, "type": "b"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
            case 2: bytes += Array(#"{"ts": -5, "type": "c"}"#.utf8)
            case 3: bytes += Array("   ".utf8)
            default:
                bytes += Array(#"{"ts": \#(i), "type": "t\#(random.next() % 9)", "page": "p\#(random.next() % 4)", "params": {"v": \#(random.next() % 1000)}}"#.utf8)
            }
            if i < lines - 1 { bytes.append(0x0A) }
        }
        return bytes
    }

    @Test(arguments: [(1, 1, 1), (7, 3, 2), (512, 4, 64), (100_000, 2, 1 << 16)])
    func decodesExactlyWhatThePlainReaderDoesInOrder(batchSize: Int, slotCount: Int, chunkSize: Int) throws {
        let bytes = Self.file(seed: UInt64(batchSize), lines: 5_000)
        let path = try RecordedEventReaderTests.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let plain = try #require(RecordedEventReader(path: path, chunkSize: chunkSize))
        var expected: [String] = []
        while let decoded = plain.next() { expected.append(Self.describe(decoded)) }
        let ahead = try #require(DecodeAheadReader(path: path, chunkSize: chunkSize, batchSize: batchSize, slotCount: slotCount))
        var read: [String] = []
        while let decoded = ahead.next() { read.append(Self.describe(decoded)) }
        #expect(expected.count > 4_000)
        #expect(read == expected)
        #expect(ahead.next() == nil)
        // However far ahead the decoder ran, it never held more than the ring's batches.
        #expect(ahead.mostBatchesWaiting >= 1 && ahead.mostBatchesWaiting <= slotCount)
    }

    /// Events handed back (`retire`) go to the decoding thread while it is ahead (its ring at
    /// least half full), to be freed there between its batches; once it is not — here, at the
    /// end of the file — they are freed by the caller. Reading is unchanged either way.
    @Test func retiredEventsGoBackToTheDecodingThreadWhileItIsAhead() throws {
        let path = try RecordedEventReaderTests.write(Self.file(seed: 11, lines: 20_000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let plain = try #require(RecordedEventReader(path: path))
        var expected: [String] = []
        while let decoded = plain.next() { expected.append(Self.describe(decoded)) }
        let ahead = try #require(DecodeAheadReader(path: path, batchSize: 64, slotCount: 2))
        var read: [String] = []
        var done: [Event] = []
        func take(_ decoded: (line: Int, result: Result<Event, EventDecodeError>)) {
            read.append(Self.describe(decoded))
            if case .success(let event) = decoded.result { done.append(event) }
        }
        // The decoder fills its ring while nothing is read (20 000 lines are far more than it holds).
        while ahead.batchesWaiting < 2 { usleep(1_000) }
        for _ in 0..<64 { take(try #require(ahead.next())) }
        ahead.retire(done)
        done = []
        #expect(ahead.batchesHandedBack == 1)
        while let decoded = ahead.next() { take(decoded) }
        #expect(read == expected)
        let handedBack = ahead.batchesHandedBack
        ahead.retire(done)  // nothing waits to be read now: freed here
        #expect(ahead.batchesHandedBack == handedBack)
    }

    @Test func aReaderDroppedMidFileStopsItsThread() throws {
        let path = try RecordedEventReaderTests.write(Self.file(seed: 3, lines: 20_000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for _ in 0..<20 {
            // The decoder fills the ring and waits for room; dropping the reader must wake and
            // end it (a hang here would be a leaked, blocked thread).
            let reader = try #require(DecodeAheadReader(path: path, batchSize: 16, slotCount: 2))
            #expect(reader.next() != nil)
        }
    }

    @Test func aMissingFileOrAFolderCannotBeRead() {
        #expect(DecodeAheadReader(path: "/nonexistent/featide.jsonl") == nil)
        #expect(DecodeAheadReader(path: FileManager.default.temporaryDirectory.path) == nil)
    }

    @Test func theRingHoldsAtMostItsSlotsAndKeepsOrder() {
        let ring = BatchRing<Int>(slotCount: 3)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            for start in stride(from: 0, to: 10_000, by: 10) { _ = ring.push(Array(start..<(start + 10))) }
            ring.close()
            finished.signal()
        }
        var received: [Int] = []
        while let batch = ring.pop() { received += batch }
        finished.wait()
        #expect(received == Array(0..<10_000))
        #expect(ring.mostFilled >= 1 && ring.mostFilled <= 3)
        #expect(ring.pop() == nil)
    }

    @Test func aCancelledRingRefusesPushesAndWakesAWaitingProducer() {
        let ring = BatchRing<Int>(slotCount: 1)
        #expect(ring.push([1]))
        let refused = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            // The ring is full: this push waits until the consumer cancels, then fails.
            if !ring.push([2]) { refused.signal() }
        }
        ring.cancel()
        refused.wait()
        #expect(!ring.push([3]))
    }
}
