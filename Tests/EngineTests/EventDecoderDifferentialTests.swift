import Testing
@testable import Engine

/// The decoder's fast paths (interned names, shared key lists, word-matched field names,
/// eight-byte string scans, unchecked integer digits) against an independent reference: each
/// line is generated from a known event and written out as JSON by the test itself (random
/// spacing, field order, escapes, unicode, numbers at the edges of Int64 and Double, deep and
/// repeated params), so the expected event is the one the line was made from, and numbers
/// are what Swift's own `Int64(_:)`/`Double(_:)` read from the same text.
@Suite struct EventDecoderDifferentialTests {
    /// Same case and payload; doubles bit for bit (so -0.0 differs from 0.0); keys in order.
    static func identical(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.map(let x), .map(let y)): return x.keys == y.keys && zip(x.values, y.values).allSatisfy { identical($0, $1) }
        default: return same(a, b)
        }
    }

    static func identical(_ a: Event, _ b: Event) -> Bool {
        a.ts == b.ts && a.type == b.type && a.session == b.session && a.app == b.app && a.scene == b.scene
            && a.page == b.page && identical(.map(a.params), .map(b.params))
    }

    // MARK: - Generating events and their lines

    static let names = ["click", "view", "page_enter", "add_to_cart", "café", "点击", "🛒cart", "a", "x_y-z.1",
                        "a rather long event type name over sixteen bytes", "tab\there", "quote\"d", "back\\slash"]
    static let keys = ["item", "price", "qty", "category", "tags", "ref", "é", "键", "key with spaces",
                       "a key longer than sixteen bytes", "new\nline", "q\"uote", "", "k\u{1}"]

    struct Writer {
        var random: SeededRandom
        mutating func chance(_ n: UInt64) -> Bool { random.next() % n == 0 }
        mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        mutating func space() -> String { pick(["", "", "", " ", "  ", "\t", " \t "]) }

        /// A JSON string literal for `text`, each character written plainly or escaped at random.
        mutating func literal(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += chance(2) ? "\\\"" : "\\u0022"
                case "\\": out += chance(2) ? "\\\\" : "\\u005C"
                case "\n": out += chance(2) ? "\\n" : "\\u000a"
                case "\t": out += "\\t"
                case "/": out += chance(2) ? "\\/" : "/"
                case _ where scalar.value < 0x20: out += "\\u" + hex4(scalar.value)
                case _ where chance(6):
                    if scalar.value >= 0x10000 {
                        let v = scalar.value - 0x10000
                        out += "\\u" + hex4(0xD800 + (v >> 10)) + "\\u" + hex4(0xDC00 + (v & 0x3FF))
                    } else {
                        out += "\\u" + hex4(scalar.value)
                    }
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }

        mutating func hex4(_ value: UInt32) -> String {
            let digits = String(value, radix: 16, uppercase: chance(2))
            return String(repeating: "0", count: 4 - digits.count) + digits
        }

        mutating func randomText() -> String {
            let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{1}", "\u{1F}", "\u{7F}", "é", "ß", "中",
                                          "\u{FFFF}", "\u{10000}", "😀", "\u{10FFFF}", "\u{2028}"]
            var text = ""
            for _ in 0..<Int(random.next() % 24) { text.unicodeScalars.append(pick(pool)) }
            return text
        }

        /// A number literal and the value it must decode to (read by Swift from the same text).
        mutating func number() -> (String, CELValue) {
            let ints: [Int64] = [0, 1, -1, 9, 10, 99, .max, .min, .max - 1, .min + 1, 1 << 53, (1 << 53) + 1, 1_732_183_200_000]
            switch random.next() % 6 {
            case 0:
                let i = chance(2) ? pick(ints) : Int64(bitPattern: random.next()) >> Int64(random.next() % 63)
                return ("\(i)", .int(i))
            case 1:  // integers just past Int64: read as doubles
                let text = pick(["9223372036854775808", "-9223372036854775809", "18446744073709551616",
                                 "123456789012345678901234567890", "-99999999999999999999"])
                return (text, .double(Double(text)!))
            case 2:
                let edges: [Double] = [0.1, 0.5, -0.0, 1e22, 1e23, .leastNonzeroMagnitude, 2.2250738585072014e-308, 1.7976931348623157e308,
                                       9007199254740994, 123456.789, -1.5e-7, 4.35, 12.5]
                let d = pick(edges)
                return ("\(d)", .double(d))
            case 3:  // random finite doubles, shortest form
                var d = Double(bitPattern: random.next())
                while !d.isFinite { d = Double(bitPattern: random.next()) }
                return ("\(d)", .double(d))
            case 4:  // hand-written forms: exponents, fractions, many digits
                let mantissa = "\(random.next() % 100_000)"
                let fraction = chance(2) ? "." + String(random.next() % 1_000_000_000) : ""
                let exponent = chance(2) ? pick(["e", "E"]) + pick(["", "+", "-"]) + "\(random.next() % 330)" : ""
                let text = (chance(3) ? "-" : "") + mantissa + fraction + exponent
                let value = Double(text)!
                return (text, fraction.isEmpty && exponent.isEmpty && Int64(text) != nil ? .int(Int64(text)!) : .double(value))
            default:
                let text = "0." + String(repeating: "0", count: Int(random.next() % 30)) + "\(random.next())"
                return (text, .double(Double(text)!))
            }
        }

        mutating func value(depth: Int) -> (String, CELValue) {
            switch random.next() % (depth > 3 ? 5 : 8) {
            case 0: return ("null", .null)
            case 1: let b = chance(2); return (b ? "true" : "false", .bool(b))
            case 2, 3: return number()
            case 4: let s = randomText(); return (literal(s), .string(s))
            case 5:
                var parts: [String] = []
                var items: [CELValue] = []
                for _ in 0..<Int(random.next() % 4) {
                    let (text, value) = self.value(depth: depth + 1)
                    parts.append(space() + text + space())
                    items.append(value)
                }
                return ("[" + parts.joined(separator: ",") + "]", .list(items))
            default: return object(depth: depth + 1)
            }
        }

        /// An object with keys from a small pool (so they repeat across lines and within one),
        /// and the map it must give: a repeated key keeps its first position and its last value.
        mutating func object(depth: Int) -> (String, CELValue) {
            var parts: [String] = []
            var keys: [String] = []
            var values: [CELValue] = []
            for _ in 0..<Int(random.next() % (depth == 1 ? 12 : 4)) {
                let key = chance(4) ? randomText() : pick(EventDecoderDifferentialTests.keys)
                let (text, value) = self.value(depth: depth)
                parts.append(space() + literal(key) + space() + ":" + space() + text + space())
                if let i = keys.firstIndex(of: key) { values[i] = value } else { keys.append(key); values.append(value) }
            }
            let map = CELMap(uniqueKeys: keys.map { .string($0) }, values: values)
            return ("{" + (parts.isEmpty ? space() : parts.joined(separator: ",")) + "}", .map(map))
        }

        /// One event and a line for it (fields in random order, context fields sometimes null).
        mutating func line() -> (String, Event) {
            let ts = chance(8) ? pick([0, EventTime.latest]) : Int64(random.next() % UInt64(EventTime.latest))
            var event = Event(ts: ts, type: chance(5) ? "t" + randomText() : pick(EventDecoderDifferentialTests.names))
            var fields = ["\"ts\"" + space() + ":" + space() + "\(ts)", literal("type") + ":" + space() + literal(event.type)]
            for (name, level) in [("session", TreeLevel.session), ("app", .app), ("scene", .scene), ("page", .page)] {
                switch random.next() % 4 {
                case 0: break
                case 1: fields.append(literal(name) + ":" + space() + "null")
                default:
                    let text = chance(3) ? randomText() : pick(EventDecoderDifferentialTests.names)
                    event.setContext(level, text)
                    fields.append(literal(name) + ":" + space() + literal(text))
                }
            }
            switch random.next() % 5 {
            case 0: break
            case 1: fields.append("\"params\":" + space() + "null")
            default:
                let (text, value) = object(depth: 1)
                guard case .map(let map) = value else { preconditionFailure("an object is a map") }
                event.params = map
                fields.append("\"params\":" + space() + text)
            }
            var order = fields
            for i in order.indices.reversed() { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
            return (space() + "{" + order.map { space() + $0 + space() }.joined(separator: ",") + "}" + space(), event)
        }
    }

    static func decode(_ decoder: inout EventDecoder, _ line: [UInt8], lineNumber: Int = 1) -> Result<Event, EventDecodeError> {
        line.withUnsafeBufferPointer { decoder.decodeLine($0, lineNumber: lineNumber) }
    }

    // MARK: - Tests

    @Test func seededLinesDecodeToTheEventsTheyWereWrittenFrom() throws {
        var writer = Writer(random: SeededRandom(seed: 2_026))
        var decoder = EventDecoder()
        for round in 0..<20_000 {
            let (text, expected) = writer.line()
            let decoded = Self.decode(&decoder, Array(text.utf8))
            guard case .success(let event) = decoded else {
                Issue.record("round \(round): \(decoded) for \(text)")
                return
            }
            #expect(Self.identical(event, expected), "round \(round): \(text)")
        }
    }

    @Test func interningNeverChangesAValue() throws {
        // The same lines through one long-lived decoder (everything interned, key lists
        // shared, and past the interner's capacity) and through a fresh decoder per line.
        var writer = Writer(random: SeededRandom(seed: 77))
        var lines = (0..<3_000).map { _ in Array(writer.line().0.utf8) }
        // More distinct names than the interner holds, so it fills and then only finds.
        lines += (0..<(ByteStringInterner.capacity + 500)).map { i in
            Array(#"{"ts": \#(i), "type": "type\#(i)", "page": "p\#(i % 7)", "params": {"k\#(i)": \#(i), "item": "x", "k\#(i)": 0}}"#.utf8)
        }
        lines += lines.prefix(3_000)
        var shared = EventDecoder()
        for (i, line) in lines.enumerated() {
            var fresh = EventDecoder()
            let once = Self.decode(&fresh, line, lineNumber: i + 1)
            let again = Self.decode(&shared, line, lineNumber: i + 1)
            switch (once, again) {
            case (.success(let a), .success(let b)): #expect(Self.identical(a, b), "line \(i + 1)")
            case (.failure(let a), .failure(let b)): #expect(a == b, "line \(i + 1)")
            default: Issue.record("line \(i + 1): \(once) vs \(again)")
            }
        }
        let last = try Self.decode(&shared, lines[3_000 + ByteStringInterner.capacity + 100], lineNumber: 1).get()
        #expect(last.type == "type\(ByteStringInterner.capacity + 100)")
        #expect(last.params.keys == [.string("k\(ByteStringInterner.capacity + 100)"), .string("item")])
        #expect(same(last.params[string: "k\(ByteStringInterner.capacity + 100)"]!, .int(0)))
    }

    /// The first byte that is not part of well-formed UTF-8, found by the standard library's
    /// own strict decoder.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    @Test func invalidUTF8AnywhereIsAnErrorAtItsFirstBadByte() {
        var writer = Writer(random: SeededRandom(seed: 31))
        var decoder = EventDecoder()
        let bad: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x9F, 0x98]]
        for round in 0..<5_000 {
            var line = Array(writer.line().0.utf8)
            line.insert(contentsOf: writer.pick(bad), at: Int(writer.random.next() % UInt64(line.count + 1)))
            let expected = Self.firstInvalidUTF8(line)
            #expect(expected != nil)
            switch Self.decode(&decoder, line) {
            case .success: Issue.record("round \(round): accepted invalid UTF-8")
            case .failure(let error):
                #expect(error.column == expected.map { $0 + 1 } && error.message == "invalid UTF-8; expected UTF-8 text", "round \(round)")
            }
        }
    }

    @Test func paramsNestUpToTheDepthLimitAndNoFurther() throws {
        var decoder = EventDecoder()
        // `params` is the first level; 127 more fit under the limit of 128.
        for (extra, fits) in [(127, true), (128, false)] {
            let inner = String(repeating: #"{"k": "#, count: extra) + "1" + String(repeating: "}", count: extra)
            let line = Array(#"{"ts": 1, "type": "t", "params": {"deep": \#(inner)}}"#.utf8)
            switch Self.decode(&decoder, line) {
            case .success(let event):
                #expect(fits)
                var value = try #require(event.params[string: "deep"])
                for _ in 0..<extra {
                    guard case .map(let map) = value else { Issue.record("not a map"); return }
                    value = try #require(map[string: "k"])
                }
                #expect(same(value, .int(1)))
            case .failure(let error):
                #expect(!fits)
                #expect(error.field == "params" && error.message == "invalid JSON: nesting deeper than 128 levels")
            }
        }
    }

    @Test func fieldNamesAreMatchedOnlyWhenWhole() {
        let decoder = EventDecoder()
        for (index, name) in EventDecoder.fieldNames.enumerated() {
            #expect(Array(name.utf8).withUnsafeBufferPointer { EventDecoder.fieldIndex($0) } == index)
            // The name cut short, grown by a byte, or followed by an escape is never it.
            for near in [String(name.dropLast()), name + "s", name.uppercased()] {
                #expect(Array(near.utf8).withUnsafeBufferPointer { EventDecoder.fieldIndex($0) } == nil, "\(near)")
                let line = #"{"ts": 1, "type": "a", "\#(near)": 1}"#
                let errors = decoder.decodeAll(line).errors
                #expect(errors.first?.field == near && errors.first?.message.hasPrefix("unknown field") == true, "\(near)")
            }
        }
        // At the very end of a line (fewer than eight bytes left) the scanning path decides.
        #expect(decoder.decodeAll(#"{"type":"a","ts":1}"#).events.first?.ts == 1)
        #expect(decoder.decodeAll(#"{"type":"a","ts":1,"page"}"#).errors.first?.message == "invalid JSON: expected ':' after the field name")
    }
}
