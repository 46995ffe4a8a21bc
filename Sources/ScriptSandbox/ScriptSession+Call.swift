import CPythonShim
import Glibc
import ScriptWire

/// One invocation: decode `ctx` from the frame, call the function under the engine's stop,
/// and send back the result — or why there is none.
extension ScriptSession {
    struct Call {
        var serial: UInt64
        var function: String
        var seed: UInt64
        /// `post`'s first argument (owned), nil for `decide` / `compute`.
        var value: PyRef?
        /// Owned.
        var ctx: PyRef
    }

    /// Reads a call's fields. nil with a Python exception set if building `ctx` failed.
    func readCall(_ reader: inout WireReader) throws(WireError) -> Call? {
        let serial = try reader.u64()
        let function = try reader.string()
        let caller = pyString(try reader.string())
        defer { Py_DecRef(caller) }
        let seed = try reader.u64()
        var value: PyRef?
        if try reader.bool() {
            guard let v = try PythonWire.object(&reader) else { return nil }
            value = v
        }
        var parts: [PyRef] = []
        defer { parts.forEach { Py_DecRef($0) } }
        let bootstrap = interpreter.bootstrap
        for _ in 0..<2 {  // event, match
            guard let part = try PythonWire.object(&reader) else { Py_DecRef(value); return nil }
            parts.append(part)
        }
        let values = PyDict_New()!
        parts.append(values)
        let count = try reader.u32()
        for _ in 0..<count {
            let name = pyString(try reader.string())
            defer { Py_DecRef(name) }
            guard let feature = try PythonWire.object(&reader, unavailable: bootstrap.featureUnavailable) else {
                Py_DecRef(value)
                return nil
            }
            PyDict_SetItem(values, name, feature)
            Py_DecRef(feature)
        }
        let checked = try reader.bool() ? shim_true() : shim_false()
        guard let features = pyCall(bootstrap.featureView, values, caller, checked) else { Py_DecRef(value); return nil }
        parts.append(features)
        for _ in 0..<2 {  // input, device
            guard let part = try PythonWire.object(&reader) else { Py_DecRef(value); return nil }
            parts.append(part)
        }
        let variant = try reader.optionalString().map(pyString) ?? Py_NewRef(shim_none())!
        parts.append(variant)
        guard let ctx = pyCall(bootstrap.context, parts[0], parts[1], parts[3], parts[4], parts[5], variant, logFunction) else {
            Py_DecRef(value)
            return nil
        }
        return Call(serial: serial, function: function, seed: seed, value: value, ctx: ctx)
    }

    /// Runs a call frame and sends its answer.
    func call(_ reader: inout WireReader, stops: StopListener) throws(WireError) {
        beginCall()
        guard let script else {
            return sendFailure(WorkerFailure(reason: .load, message: "no script is loaded in this worker"))
        }
        let refusals = PythonHeapLimit.refusals.load(ordering: .relaxed)
        guard let call = try readCall(&reader) else {
            return sendFailure(ScriptErrors.capture(script: script.path, bootstrap: interpreter.bootstrap, stopped: false,
                                                    capHit: PythonHeapLimit.refusals.load(ordering: .relaxed) != refusals))
        }
        defer { Py_DecRef(call.ctx); Py_DecRef(call.value) }
        let debugger = WorkerDebugger.shared
        debugger?.beginCall(ctx: call.ctx)
        defer { debugger?.endCall() }
        guard let callable = script.function(named: call.function) else {
            let signature = call.value == nil ? "\(call.function)(ctx)" : "\(call.function)(value, ctx)"
            return sendFailure(WorkerFailure(reason: .load, message: "\(script.path) defines no \(signature)"))
        }
        if script.usesRandom { reseed(call.seed) }
        // Armed until the answer is ready: turning an exception into text (`str()`) or the
        // result into bytes may run script code too, and the engine's stop must reach it.
        stops.arm(call.serial, filename: script.filename)
        let result = call.value.map { pyCall(callable, $0, call.ctx) } ?? pyCall(callable, call.ctx)
        if result == nil { debugger?.stopOnUncaught() }
        var failure: WorkerFailure?
        if let result {
            out.beginFrame(.result)
            if let error = PythonWire.write(result, to: &out) {
                failure = WorkerFailure(reason: .result, message: "\(call.function) returned a value the engine cannot use: \(error.description)")
            } else if out.bytes.count > WireLimits.maximumResult {
                failure = WorkerFailure(reason: .result, message: "\(call.function) returned \(out.bytes.count) bytes of data; the limit is \(WireLimits.maximumResult)")
            }
            Py_DecRef(result)
        } else {
            failure = ScriptErrors.capture(script: script.path, bootstrap: interpreter.bootstrap, stopped: false,
                                           capHit: PythonHeapLimit.refusals.load(ordering: .relaxed) != refusals)
        }
        if stops.disarm(call.serial) {
            PyErr_Clear()
            failure = WorkerFailure(reason: .budget, line: failure?.line ?? 0)
        }
        if let failure { return sendFailure(failure) }
        out.finishFrame()
        _ = send()
    }

    func sendFailure(_ failure: WorkerFailure) {
        out.reset()
        failure.write(to: &out)
        _ = send()
    }

    /// `featide bench decide`'s in-worker figures: per iteration, the bare call of the function
    /// with one prepared `ctx`, and the whole in-worker path (decode `ctx`, call, encode).
    func bench(_ reader: inout WireReader) throws(WireError) {
        let iterations = Int(try reader.u32())
        let callStart = reader.offset
        guard let script, let prepared = try readCall(&reader), let callable = script.function(named: prepared.function) else {
            PyErr_Clear()
            return sendFailure(WorkerFailure(reason: .load, message: "cannot prepare the bench call"))
        }
        defer { Py_DecRef(prepared.ctx); Py_DecRef(prepared.value) }
        out.beginFrame(.samples)
        out.u32(UInt32(iterations))
        var scratch = WireWriter(capacity: 256)
        for _ in 0..<iterations {
            let t0 = MonotonicClock.nanoseconds()
            let bare = pyCall(callable, prepared.ctx)
            let t1 = MonotonicClock.nanoseconds()
            if bare == nil { PyErr_Clear() }
            Py_DecRef(bare)
            var again = WireReader(UnsafeRawBufferPointer(rebasing: reader.bytes[callStart...]))
            let t2 = MonotonicClock.nanoseconds()
            if let call = try readCall(&again) {
                if let result = pyCall(callable, call.ctx) {
                    scratch.reset()
                    _ = PythonWire.write(result, to: &scratch)
                    Py_DecRef(result)
                }
                Py_DecRef(call.ctx)
            }
            PyErr_Clear()
            let t3 = MonotonicClock.nanoseconds()
            out.u64(t1 - t0)
            out.u64(t3 - t2)
        }
        out.finishFrame()
        _ = send()
    }
}
