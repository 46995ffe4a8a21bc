import ScriptWire

/// Why a load or call gave no result, as the worker sends it; the engine turns it into its
/// `ScriptFailure` (the reasons are the same words).
struct WorkerFailure: Error {
    enum Reason: String {
        case exception, budget, sandbox, memory, syntax, load, result
    }

    var reason: Reason
    var line = 0
    var column = 0
    var message = ""
    var traceback = ""

    func write(to writer: inout WireWriter) {
        writer.beginFrame(.failure)
        writer.string(reason.rawValue)
        writer.i64(Int64(line))
        writer.i64(Int64(column))
        writer.string(message)
        writer.string(traceback)
        writer.finishFrame()
    }
}
