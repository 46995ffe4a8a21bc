import Engine
import Foundation

/// `featide shard split`: deals the lines of fleet files out to partitions by device hash,
/// each line unchanged and in file order, so a device's lines stay in their order in one
/// partition. With assignments (label files) it also writes each line's partition, as a
/// little-endian UInt32 per line, so the driver can put results back in the labels' order.
struct ShardSplit {
    var partitions: Int
    var outputFolder: String
    var writeAssignments: Bool

    struct Summary: Encodable {
        var lines = 0
        var rejected = 0
        var linesPerPartition: [Int]
    }

    func run(files: [String]) throws -> Summary {
        try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        let outputs = try (0..<partitions).map { k -> PartitionOutput in
            try PartitionOutput(path: "\(outputFolder)/part-\(k).jsonl")
        }
        var assignments: [UInt8] = []
        var summary = Summary(linesPerPartition: Array(repeating: 0, count: partitions))
        for file in files {
            try JSONLinesFile.forEachLine(file) { line, number in
                switch DeviceTaggedLine.split(line, lineNumber: number) {
                case .success(let tagged):
                    let k = DeviceTaggedLine.partition(of: tagged.device, count: partitions)
                    outputs[k].append(line)
                    summary.linesPerPartition[k] += 1
                    summary.lines += 1
                    if writeAssignments { withUnsafeBytes(of: UInt32(k).littleEndian) { assignments.append(contentsOf: $0) } }
                case .failure(let error):
                    summary.rejected += 1
                    if summary.rejected <= 20 { printError("\(file):\(error.line):\(error.column ?? 1): error: \(error.message(field: true))") }
                }
            }
        }
        for output in outputs { try output.finish() }
        if writeAssignments {
            try Data(assignments).write(to: URL(fileURLWithPath: "\(outputFolder)/assignments.bin"))
        }
        return summary
    }
}

/// One partition's file, written in large blocks.
private final class PartitionOutput {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else { throw FleetError("cannot write \(path)") }
        self.handle = handle
        buffer.reserveCapacity(1 << 18)
    }

    func append(_ line: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: line)
        buffer.append(0x0A)
        if buffer.count >= 1 << 18 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        flush()
        try handle.close()
    }
}

extension EventDecodeError {
    /// The message with its field, without the line (the caller names file and line).
    func message(field: Bool) -> String {
        guard field, let name = self.field else { return message }
        return "field \"\(name)\": \(message)"
    }
}
