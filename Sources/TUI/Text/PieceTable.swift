/// Text as a piece table over UTF-8 bytes: the file as read stays in one immutable buffer,
/// every insertion appends to a second one, and the document is a list of pieces pointing into
/// both. Opening a 100 000-line file is one read plus one newline scan; an edit touches a few
/// pieces, never the whole text. Newline offsets of both buffers are indexed, so finding a
/// line costs a walk over the pieces plus a binary search.
public struct PieceTable: Sendable {
    private enum Source: Sendable { case original, added }

    private struct Piece: Sendable {
        var source: Source
        var start: Int
        var length: Int
        var lineBreaks: Int
    }

    private let original: [UInt8]
    private let originalBreaks: [Int]
    private var added: [UInt8] = []
    private var addedBreaks: [Int] = []
    private var pieces: [Piece] = []

    public private(set) var byteCount: Int
    private var lineBreakCount: Int

    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    public init(bytes: [UInt8]) {
        original = bytes
        var breaks: [Int] = []
        for (index, byte) in bytes.enumerated() where byte == 0x0A { breaks.append(index) }
        originalBreaks = breaks
        byteCount = bytes.count
        lineBreakCount = breaks.count
        if !bytes.isEmpty { pieces = [Piece(source: .original, start: 0, length: bytes.count, lineBreaks: breaks.count)] }
    }

    /// Lines as an editor counts them: a trailing newline starts an empty last line.
    public var lineCount: Int { lineBreakCount + 1 }

    public var text: String { String(decoding: bytes(in: 0..<byteCount), as: UTF8.self) }

    /// Line `index` (0-based) without its newline.
    public func line(_ index: Int) -> String {
        let range = byteRange(ofLine: index)
        return String(decoding: bytes(in: range), as: UTF8.self)
    }

    /// Byte range of line `index`, newline excluded.
    public func byteRange(ofLine index: Int) -> Range<Int> {
        let start = offset(ofLine: index)
        let end = index + 1 < lineCount ? offset(ofLine: index + 1) - 1 : byteCount
        return start..<end
    }

    /// Byte offset where line `index` starts.
    public func offset(ofLine index: Int) -> Int {
        precondition(index >= 0 && index < lineCount, "line \(index) outside 0..<\(lineCount)")
        if index == 0 { return 0 }
        var breaksBefore = 0
        var pieceStart = 0
        for piece in pieces {
            if breaksBefore + piece.lineBreaks >= index {
                let breaks = piece.source == .original ? originalBreaks : addedBreaks
                let first = Self.lowerBound(breaks, piece.start)
                let newline = breaks[first + (index - breaksBefore) - 1]
                return pieceStart + (newline - piece.start) + 1
            }
            breaksBefore += piece.lineBreaks
            pieceStart += piece.length
        }
        return byteCount
    }

    /// The line holding byte `offset`.
    public func line(containing offset: Int) -> Int {
        var breaksBefore = 0
        var pieceStart = 0
        for piece in pieces {
            if offset < pieceStart + piece.length {
                let breaks = piece.source == .original ? originalBreaks : addedBreaks
                let first = Self.lowerBound(breaks, piece.start)
                let upTo = Self.lowerBound(breaks, piece.start + (offset - pieceStart))
                return breaksBefore + (upTo - first)
            }
            breaksBefore += piece.lineBreaks
            pieceStart += piece.length
        }
        return lineBreakCount
    }

    /// Hands the text to `body` piece by piece, without building it in one buffer first
    /// (swap files of big documents are written this way).
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        for piece in pieces {
            let buffer = piece.source == .original ? original : added
            try buffer[piece.start..<(piece.start + piece.length)].withUnsafeBytes(body)
        }
    }

    public func bytes(in range: Range<Int>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(range.count)
        var pieceStart = 0
        for piece in pieces {
            let pieceEnd = pieceStart + piece.length
            if pieceEnd > range.lowerBound && pieceStart < range.upperBound {
                let from = max(range.lowerBound, pieceStart) - pieceStart + piece.start
                let to = min(range.upperBound, pieceEnd) - pieceStart + piece.start
                if piece.source == .original { result.append(contentsOf: original[from..<to]) } else { result.append(contentsOf: added[from..<to]) }
            }
            if pieceEnd >= range.upperBound { break }
            pieceStart = pieceEnd
        }
        return result
    }

    public mutating func insert(_ text: String, at offset: Int) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return }
        precondition(offset >= 0 && offset <= byteCount)
        let start = added.count
        for (index, byte) in bytes.enumerated() where byte == 0x0A { addedBreaks.append(start + index) }
        added.append(contentsOf: bytes)
        let breaks = Self.lowerBound(addedBreaks, start + bytes.count) - Self.lowerBound(addedBreaks, start)
        let newPiece = Piece(source: .added, start: start, length: bytes.count, lineBreaks: breaks)
        byteCount += bytes.count
        lineBreakCount += breaks

        var pieceStart = 0
        for index in pieces.indices {
            let piece = pieces[index]
            let pieceEnd = pieceStart + piece.length
            if offset == pieceEnd, piece.source == .added, piece.start + piece.length == start {
                // Typing extends the piece it ends: a run of keystrokes stays one piece.
                pieces[index].length += bytes.count
                pieces[index].lineBreaks += breaks
                return
            }
            if offset == pieceStart {
                pieces.insert(newPiece, at: index)
                return
            }
            if offset < pieceEnd {
                let (left, right) = split(piece, at: offset - pieceStart)
                pieces.replaceSubrange(index...index, with: [left, newPiece, right])
                return
            }
            pieceStart = pieceEnd
        }
        pieces.append(newPiece)
    }

    public mutating func delete(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        precondition(range.lowerBound >= 0 && range.upperBound <= byteCount)
        var kept: [Piece] = []
        kept.reserveCapacity(pieces.count + 1)
        var pieceStart = 0
        for piece in pieces {
            let pieceEnd = pieceStart + piece.length
            if pieceEnd <= range.lowerBound || pieceStart >= range.upperBound {
                kept.append(piece)
            } else {
                if range.lowerBound > pieceStart { kept.append(split(piece, at: range.lowerBound - pieceStart).0) }
                if range.upperBound < pieceEnd { kept.append(split(piece, at: range.upperBound - pieceStart).1) }
                lineBreakCount -= piece.lineBreaks
                if range.lowerBound > pieceStart { lineBreakCount += split(piece, at: range.lowerBound - pieceStart).0.lineBreaks }
                if range.upperBound < pieceEnd { lineBreakCount += split(piece, at: range.upperBound - pieceStart).1.lineBreaks }
            }
            pieceStart = pieceEnd
        }
        pieces = kept
        byteCount -= range.count
    }

    private func split(_ piece: Piece, at length: Int) -> (Piece, Piece) {
        let breaks = piece.source == .original ? originalBreaks : addedBreaks
        let first = Self.lowerBound(breaks, piece.start)
        let middle = Self.lowerBound(breaks, piece.start + length)
        let end = Self.lowerBound(breaks, piece.start + piece.length)
        return (Piece(source: piece.source, start: piece.start, length: length, lineBreaks: middle - first),
                Piece(source: piece.source, start: piece.start + length, length: piece.length - length, lineBreaks: end - middle))
    }

    /// First index whose value is not below `value`.
    private static func lowerBound(_ sorted: [Int], _ value: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
