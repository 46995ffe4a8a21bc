import Foundation
import Testing
@testable import Engine

/// Seeded, bounded fuzzing of what users hand the engine: random bytes and mutated valid
/// lines through the recorded-event reader, mutated project files through the loader. No
/// input may crash either, and every error must be located (line and column from 1).
@Suite struct BadInputFuzzTests {
    static let validLines = [
        #"{"ts": 1732183200000, "type": "click", "page": "home", "params": {"item": "sku1", "price": 12.5}}"#,
        #"{"ts": 0, "type": "app_start", "session": "s1", "app": "shop"}"#,
        #"{"type": "page_enter", "ts": 253402300799999, "params": {"list": [1, 2.5, "x", null, true], "o": {"k": {}}}}"#,
    ]
    /// Fragments that tend to break parsers: limits, escapes, stray structure, bad UTF-8.
    static let nasty: [[UInt8]] = [
        "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1e400", "-0", "0.0e-999",
        "\\u0000", "\\ud800", "\"", "{", "}", "[", "]", ",", ":", "null", "\n", "\r", "\t",
    ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBB, 0xBF], [0xE2, 0x82]]

    static func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = Int.random(in: 0...out.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0 where at < out.count: out[at] = UInt8.random(in: 0...255, using: &random)
            case 1: out.insert(contentsOf: nasty.randomElement(using: &random)!, at: at)
            case 2 where at < out.count: out.removeSubrange(at..<min(out.count, at + Int.random(in: 1...8, using: &random)))
            case 3: out.insert(contentsOf: out[at...].prefix(Int.random(in: 1...12, using: &random)), at: at)
            default: out.insert(UInt8.random(in: 0...127, using: &random), at: at)
            }
        }
        return out
    }

    @Test func recordedEventReaderTakesRandomAndMutatedBytes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("featide-fuzz-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var random = SeededRandom(seed: 14)
        for round in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                if round % 3 == 0 {
                    bytes += (0..<Int.random(in: 0...80, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                } else {
                    bytes += Self.mutate(Array(Self.validLines.randomElement(using: &random)!.utf8), &random)
                }
                bytes.append(0x0A)
            }
            let lineCount = bytes.filter { $0 == 0x0A }.count + 1
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            // Small chunks, so lines also cross chunk boundaries.
            let reader = try #require(RecordedEventReader(path: path, chunkSize: 32))
            while let (_, result) = reader.next() {
                switch result {
                case .failure(let error):
                    let located = error.line >= 1 && error.line <= lineCount && (error.column ?? 0) >= 1
                    #expect(located, "round \(round): \(error)")
                    if !located { return }
                case .success(let event):
                    #expect(EventTime.range.contains(event.ts), "round \(round): ts \(event.ts)")
                }
            }
        }
    }

    @Test func loaderTakesMutatedProjectFiles() throws {
        var random = SeededRandom(seed: 1_414)
        let source = PackageRoot.path + "/projects/shopping"
        let recorded = try FileManager.default.contentsOfDirectory(atPath: source + "/mocks/recorded").map { "mocks/recorded/" + $0 }
        let files = ProjectFiles.configFiles(in: source) + recorded
        for round in 0..<200 {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-fuzz-\(UUID().uuidString)").path
            try FileManager.default.copyItem(atPath: source, toPath: root)
            try? FileManager.default.removeItem(atPath: root + "/.featide")  // a local engine's state (scripts/run makes one)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let victim = files.randomElement(using: &random)!
            let path = root + "/" + victim
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            try Data(Self.mutate(original, &random)).write(to: URL(fileURLWithPath: path))
            let result = ProjectLoader.load(root: root)
            for diagnostic in result.diagnostics {
                let location = diagnostic.location
                let located = location.line >= 1 && location.column >= 1 && !location.file.hasPrefix("/")
                    && FileManager.default.fileExists(atPath: root + "/" + location.file)
                #expect(located, "round \(round), \(victim): \(diagnostic)")
                if !located { return }
            }
        }
    }
}
