import Foundation

/// Runs the built `featide` with extra environment and writes test files; shared by the
/// fleet tests.
enum FleetRun {
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> FeatideBinary.Output {
        let process = Process()
        process.executableURL = FeatideBinary.url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("featide-out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        let err = Pipe()
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return FeatideBinary.Output(stdout: try String(contentsOf: out, encoding: .utf8),
                                    stderr: String(decoding: stderr, as: UTF8.self), status: process.terminationStatus)
    }

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("featide-fleet-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, _ path: String) throws -> String {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// JSON Lines as objects.
    static func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// Rows against the reference: every feature of every row as the device's own run saw it.
    static func mismatches(_ rows: [[String: Any]], _ reference: [String: [Int64: [String: String]]],
                           features: [String]) throws -> [String] {
        var problems: [String] = []
        for row in rows {
            let device = row["device"] as! String, ts = (row["ts"] as! NSNumber).int64Value
            guard let expected = reference[device]?[ts] else { problems.append("\(device)@\(ts): no reference"); continue }
            for feature in features {
                let want = try JSONSerialization.jsonObject(with: Data(expected[feature]!.utf8), options: .fragmentsAllowed)
                let got = row[feature] ?? NSNull()
                if !NSArray(array: [want]).isEqual(to: [got]) { problems.append("\(device)@\(ts) \(feature): \(got) != \(want)") }
            }
        }
        return problems
    }
}
