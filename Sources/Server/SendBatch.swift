import Engine

/// One `send` request's events as they are decoded: the good ones (and their JSON Lines, to
/// log exactly what was accepted), the rejected ones with the first few reasons.
struct SendBatch {
    var decoder: EventDecoder
    private(set) var events: [Event] = []
    private(set) var acceptedLines = ""
    private(set) var errors: [String] = []
    private(set) var malformed: [EventDecodeError] = []
    private(set) var rejected = 0

    init(decoder: EventDecoder) {
        self.decoder = decoder
    }

    /// One event's line (without its newline), event number `number` of the batch.
    mutating func take(_ line: UnsafeBufferPointer<UInt8>, number: Int) {
        if decode(line, number: number) {
            if !acceptedLines.isEmpty { acceptedLines += "\n" }
            acceptedLines += String(decoding: line, as: UTF8.self)
        }
    }

    private mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> Bool {
        switch decoder.decodeLine(line, lineNumber: number) {
        case .success(let event):
            events.append(event)
            return true
        case .failure(let error):
            reject("event \(number): \(error)")
            malformed.append(error)
            return false
        }
    }

    /// A JSON Lines text: each non-blank line is an event, numbered by its line. When every
    /// line is accepted (the usual case) the text is logged as it came, not rebuilt.
    mutating func takeLines(_ text: UnsafeBufferPointer<UInt8>) {
        var accepted: [Range<Int>] = []
        var start = 0, number = 1
        while start < text.count {
            var end = start
            while end < text.count, text[end] != 0x0A { end += 1 }
            var last = end
            if last > start, text[last - 1] == 0x0D { last -= 1 }  // \r\n
            let line = UnsafeBufferPointer(rebasing: text[start..<last])
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 }), decode(line, number: number) { accepted.append(start..<last) }
            start = end + 1
            number += 1
        }
        if rejected == 0 {
            acceptedLines = String(decoding: text, as: UTF8.self)
        } else {
            acceptedLines = accepted.map { String(decoding: UnsafeBufferPointer(rebasing: text[$0]), as: UTF8.self) }.joined(separator: "\n")
        }
    }

    mutating func reject(_ why: String) {
        rejected += 1
        if errors.count < 10 { errors.append(why) }
    }
}
