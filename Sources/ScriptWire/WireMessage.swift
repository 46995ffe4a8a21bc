/// What a frame on the engine ⇄ script worker channel is. A frame is a little-endian `u32`
/// length (of what follows), one kind byte, then the kind's fields in `WireWriter` encoding.
public enum WireMessage: UInt8, Sendable {
    // Engine → worker.
    /// `path, source`: scan, compile and run the script's top level into fresh globals.
    case load = 1
    /// `serial, function, caller, seed, hasValue, [value], event, match, features, input, device, variant`.
    case call = 2
    /// `path, source`: the load-time scan only (`featide check`); runs nothing.
    case scan = 3
    /// `function, iterations` then a `call`'s fields: times the bare call inside the worker.
    case bench = 4

    // Worker → engine.
    /// Started, sandbox built, confined: the first frame a worker sends.
    case ready = 63
    /// The script loaded: `functions` (count, names).
    case loaded = 64
    /// `value`: the call's result.
    case result = 65
    /// `reason, line, column, message, traceback`.
    case failure = 66
    /// `level, line, message, fields` — a script's `ctx.log` or `print`, during a call.
    case log = 67
    /// `count × (line, column, kind, message)`, then `functions` (count, names).
    case scanned = 68
    /// `count × (bare ns, in-worker ns)`.
    case samples = 69
}

/// Tags of encoded values (the engine's `CELValue` on one side, Python objects on the other).
public enum WireTag: UInt8, Sendable {
    case null = 0, falseValue, trueValue, int, uint, double, string, bytes, list, map
    /// A declared input whose value is an error: the message; reading it raises `LookupError`.
    case unavailable
}

/// What the worker's control socket carries: the engine asks for a cooperative stop (`stop`,
/// then the call's serial); the worker answers with the script line it was at (`seen`).
public enum WireControl: UInt8, Sendable {
    case stop = 1
    /// `serial, line` (8 + 8 bytes): the line the script was on when the stop arrived.
    case seen = 2
}

/// Channel limits, the same on both sides.
public enum WireLimits {
    /// A frame larger than this is refused: the encoded result, a log record, a source file.
    public static let maximumFrame = 8 << 20
    /// `ctx.log` / `print` messages longer than this (in characters) raise in the script.
    public static let maximumLogMessage = 16 << 10
    /// Log records one invocation may write.
    public static let maximumLogRecords = 1000
    /// A result or payload whose encoding is larger than this is a `result` failure.
    public static let maximumResult = 1 << 20
}

/// The worker's file descriptors: its channel (requests and answers) and control (stops).
public enum WireDescriptors {
    public static let channel: Int32 = 3
    public static let control: Int32 = 4
}
