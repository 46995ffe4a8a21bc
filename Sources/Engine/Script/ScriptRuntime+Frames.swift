import ScriptWire

/// The frames of a call: `ctx` out, log records and failures back.
extension ScriptRuntime {
    func encode(_ call: ScriptCall, function: String, value: CELValue?, serial: UInt64) {
        frame.reset()
        frame.beginFrame(.call)
        appendCall(call, function: function, value: value, serial: serial, to: &frame)
        frame.finishFrame()
    }

    /// A call's fields, as the worker's `readCall` takes them.
    func appendCall(_ call: ScriptCall, function: String, value: CELValue?, serial: UInt64, to frame: inout WireWriter) {
        frame.u64(serial)
        frame.string(function)
        // Permission messages name the caller as the feature service does.
        frame.string(call.service?.caller ?? call.caller)
        frame.u64(call.seed)
        frame.bool(value != nil)
        if let value { frame.value(value) }
        if let event = call.event { frame.event(event) } else { frame.tag(.null) }
        frame.value(call.match ?? .null)
        frame.u32(UInt32(call.features.count))
        for (name, value) in call.features {
            frame.string(name)
            frame.feature(value, named: name)
        }
        frame.bool(call.service != nil)
        frame.value(.map(call.input))
        frame.value(.map(call.device))
        frame.optionalString(call.variant)
    }

    static func logRecord(_ reader: inout WireReader, ts: Int64) throws(WireError) -> LogRecord {
        let level = LogRecord.Level(rawValue: try reader.string()) ?? .info
        let source = try reader.string()
        let message = try reader.string()
        var fields = CELMap()
        if case .map(let map) = try reader.value() { fields = map }
        return LogRecord(ts: ts, level: level, source: source, message: message, fields: fields)
    }

    static func failure(_ reader: inout WireReader, path: String, budget: TimeSpan) throws(WireError) -> ScriptFailure {
        let reason = ScriptFailure.Reason(rawValue: try reader.string()) ?? .exception
        let line = Int(try reader.i64())
        let column = Int(try reader.i64())
        var message = try reader.string()
        let traceback = try reader.string()
        if reason == .budget { message = "ran over its time budget of \(budget) and was stopped" }
        return ScriptFailure(reason: reason, script: path, line: line, column: column == 0 ? nil : column,
                             message: message, traceback: traceback.isEmpty ? nil : traceback)
    }
}
