/// One line of a fleet file (backfill, simulate): a JSON object with a top-level `device`
/// string beside its own fields — an event (SPEC §2) or a label row.
///
/// `split` returns the device id and the line with the `device` field cut out, bytes
/// otherwise untouched, so `EventDecoder` (which rejects unknown top-level fields) decodes
/// exactly the event the device recorded. Only top-level keys are looked at: a `device` key
/// inside `params` is the event's own.
public enum DeviceTaggedLine {
    private static let deviceKey = [Array("device".utf8)]

    public static func split(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int)
        -> Result<(device: String, rest: [UInt8]), EventDecodeError> {
        var scanner = JSONValueScanner(line)
        var device: String?
        var cut: Range<Int>?
        do throws(JSONSyntaxError) {
            try scanner.expect(UInt8(ascii: "{"), "'{' to start an object")
            var previousComma: Int?
            while scanner.peek() != UInt8(ascii: "}") {
                _ = scanner.peek()
                let keyStart = scanner.offset
                let key = try scanner.parseFieldName(among: deviceKey)
                try scanner.expect(UInt8(ascii: ":"), "':' after the field name")
                _ = scanner.peek()
                let valueColumn = scanner.offset + 1
                let value = try scanner.parseValue()
                let valueEnd = scanner.offset
                let next = scanner.peek()
                if key.index == 0 {
                    guard device == nil else {
                        return .failure(EventDecodeError(line: lineNumber, column: keyStart + 1, field: "device", message: "repeated field"))
                    }
                    guard case .string(let id) = value, !id.isEmpty else {
                        return .failure(EventDecodeError(line: lineNumber, column: valueColumn, field: "device",
                                                         message: "expected a non-empty string (the device id)"))
                    }
                    device = id
                    // Take the comma after the field with it, else the one before it.
                    if next == UInt8(ascii: ",") {
                        cut = keyStart..<(scanner.offset + 1)
                    } else {
                        cut = (previousComma ?? keyStart)..<valueEnd
                    }
                }
                guard next == UInt8(ascii: ",") else { break }
                previousComma = scanner.offset
                scanner.offset += 1
            }
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
            if scanner.peek() != nil { throw scanner.error("expected the end of the line after the object") }
        } catch {
            return .failure(EventDecodeError(line: lineNumber, column: error.offset + 1, message: "invalid JSON: \(error.message)"))
        }
        guard let device, let cut else {
            return .failure(EventDecodeError(line: lineNumber, column: 1, field: "device",
                                             message: "missing; every line of a fleet file names its device"))
        }
        var rest = [UInt8]()
        rest.reserveCapacity(line.count - cut.count)
        rest.append(contentsOf: line[..<cut.lowerBound])
        rest.append(contentsOf: line[cut.upperBound...])
        return .success((device, rest))
    }

    /// The partition of a device among `count` (the Ray driver's hash partitioning): stable
    /// across processes and machines, independent of rollout and variant buckets (own salt).
    public static func partition(of device: String, count: Int) -> Int {
        Int(StableHash.hash(device, "partition") % UInt64(max(count, 1)))
    }
}
