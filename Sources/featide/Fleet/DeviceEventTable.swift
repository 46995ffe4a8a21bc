import Engine
import Foundation

/// One partition's events grouped by device: each device's event lines (with `device` cut
/// out) in the order read, devices in order of first appearance. A device's events are
/// decoded only when its pipeline runs, so the table holds bytes, not events.
struct DeviceEventTable {
    struct Entry {
        var lines: [UInt8] = []
        var count = 0
    }

    private(set) var devices: [String] = []
    private(set) var entries: [String: Entry] = [:]
    private(set) var rejected = 0

    /// Reads fleet event files in order; a line that names no device cannot be placed and is
    /// reported (the first few) and counted.
    init(files: [String]) throws {
        for file in files {
            try JSONLinesFile.forEachLine(file) { line, number in
                switch DeviceTaggedLine.split(line, lineNumber: number) {
                case .success(let tagged):
                    if entries[tagged.device] == nil { devices.append(tagged.device) }
                    entries[tagged.device, default: Entry()].lines.append(contentsOf: tagged.rest)
                    entries[tagged.device]!.lines.append(0x0A)
                    entries[tagged.device]!.count += 1
                case .failure(let error):
                    rejected += 1
                    if rejected <= 20 { printError("\(file):\(error.line):\(error.column ?? 1): error: \(error.message(field: true))") }
                }
            }
        }
    }

    var eventCount: Int { entries.values.reduce(0) { $0 + $1.count } }

    /// Decodes a device's events in order; a malformed event goes to `rejected` (SPEC §2: it
    /// never stops the pipeline).
    func forEachEvent(of device: String, _ accepted: (consuming Event) -> Void,
                      rejected: (EventDecodeError) -> Void) {
        guard let entry = entries[device] else { return }
        var decoder = EventDecoder()
        _ = entry.lines.withUnsafeBufferPointer { buffer in
            decoder.decodeLines(buffer) { result in
                switch result {
                case .success(let event): accepted(event)
                case .failure(let error): rejected(error)
                }
            }
        }
    }
}
