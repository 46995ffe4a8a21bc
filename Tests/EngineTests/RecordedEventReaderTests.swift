import Foundation
import Testing
@testable import Engine

/// `RecordedEventReader` reads in chunks but must decode exactly what reading the whole file
/// at once does: lines cut across chunks, a BOM, blank and CRLF lines, bad lines, a line
/// longer than a chunk, a last line without its newline.
@Suite struct RecordedEventReaderTests {
    static let text = "\u{FEFF}" + """
        {"ts": 1, "type": "a", "params": {"long": "\(String(repeating: "x", count: 100))"}}
        {"ts": 2, "type": "b"}\r

        {"ts": 3, "type":
          \t
        {"ts": 4, "type": "c", "parmas": {}}
        {"ts": 5, "type": "d", "page": "p"}
        """

    static func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("featide-reader-\(UUID().uuidString).jsonl").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func readAll(_ reader: RecordedEventReader) -> [String] {
        var lines: [String] = []
        while let (line, result) = reader.next() {
            switch result {
            case .success(let event): lines.append("\(line): \(event.ts) \(event.type) \(PlainJSON.text(.map(event.params)))")
            case .failure(let error): lines.append("\(error)")
            }
        }
        return lines
    }

    @Test func chunkedReadsDecodeAsTheWholeFileDoes() throws {
        var bytes = Array(Self.text.utf8)
        bytes.insert(0xFF, at: bytes.count - 3)  // invalid UTF-8 on the last line
        let path = try Self.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = WholeRecordedFile(bytes: bytes)
        let expected = whole.events.map { "\($0.line): \($0.event.ts) \($0.event.type) \(PlainJSON.text(.map($0.event.params)))" }
            + whole.errors.map(\.description)
        #expect(whole.events.count == 2 && whole.errors.count == 3)
        for chunkSize in [16, 17, 64, 1 << 16] {
            let read = Self.readAll(try #require(RecordedEventReader(path: path, chunkSize: chunkSize)))
            #expect(read.sorted() == expected.sorted(), "chunk size \(chunkSize)")
        }
    }

    @Test func aFileIsReadAsItIsConsumedNotAhead() throws {
        let path = try Self.write(Array("{\"ts\": 1, \"type\": \"a\"}\n{\"ts\": 2, \"type\": \"b\"}\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try #require(RecordedEventReader(path: path))
        #expect(reader.next()?.line == 1)
        // Lines written after reading began are still replayed: nothing was read in advance to the end.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"ts\": 3, \"type\": \"c\"}\n".utf8))
        try handle.close()
        #expect(Self.readAll(reader) == ["2: 2 b {}", "3: 3 c {}"])
    }

    @Test func aFolderOrAMissingFileCannotBeRead() {
        #expect(RecordedEventReader(path: FileManager.default.temporaryDirectory.path) == nil)
        #expect(RecordedEventReader(path: "/nonexistent/featide.jsonl") == nil)
    }
}
