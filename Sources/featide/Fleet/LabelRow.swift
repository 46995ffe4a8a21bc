import Engine
import Foundation

/// A label row of `featide backfill --at`: `device`, `ts` and any label columns, kept as the
/// text it came as; the output row is that object with one column per feature appended.
struct LabelRow {
    /// Its place in the partition's label file: rows go out in that order.
    var index: Int
    var device: String
    var ts: Int64
    var text: [UInt8]

    static func readAll(_ path: String, features: [String]) throws -> [LabelRow] {
        var rows: [LabelRow] = []
        try JSONLinesFile.forEachLine(path) { line, number in
            let text = Array(line)
            guard let object = try? JSONSerialization.jsonObject(with: Data(text)) as? [String: Any] else {
                throw FleetError("\(path):\(number): a label row must be a JSON object")
            }
            guard let device = object["device"] as? String, !device.isEmpty else {
                throw FleetError("\(path):\(number): field \"device\": expected the device id (a non-empty string)")
            }
            guard let tsNumber = object["ts"] as? NSNumber, let ts = Int64(exactly: tsNumber.doubleValue),
                  EventTime.range.contains(ts) else {
                throw FleetError("\(path):\(number): field \"ts\": expected integer milliseconds since the epoch")
            }
            if let clash = features.first(where: { object[$0] != nil }) {
                throw FleetError("\(path):\(number): the label column '\(clash)' has a selected feature's name")
            }
            rows.append(LabelRow(index: rows.count, device: device, ts: ts, text: text))
        }
        return rows
    }

    /// The label object with `"name": value` appended for each feature.
    func output(_ values: [(String, CELValue)]) -> String {
        var text = String(decoding: text, as: UTF8.self)
        while let last = text.last, last != "}" { text.removeLast() }
        text.removeLast()
        var fields = ""
        for (name, value) in values {
            fields += ","
            PlainJSON.writeString(name, to: &fields)
            fields += ":"
            PlainJSON.write(value, to: &fields)
        }
        return text + fields + "}"
    }
}
