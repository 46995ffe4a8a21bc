import ScriptWire

extension ScriptRuntime {
    /// The baselines for `featide bench decide`, measured inside the script's worker, per
    /// call: `bare`, the function called straight through the C API with one prepared `ctx`;
    /// `inWorker`, the whole in-worker path (decode `ctx`, call, encode the result) — what an
    /// in-process call cost, without the crossing. nil if the script does not load.
    public func workerBaselines(_ path: String, _ function: String, _ call: ScriptCall,
                                iterations: Int) -> (bare: [UInt64], inWorker: [UInt64])? {
        guard preload(path, budget: call.budget) == nil, let worker = loadedWorkerForBench(path) else { return nil }
        var frame = WireWriter()
        frame.beginFrame(.bench)
        frame.u32(UInt32(iterations))
        appendCall(call, function: function, value: nil, serial: 0, to: &frame)
        frame.finishFrame()
        guard worker.send(frame.bytes),
              case .frame(WireMessage.samples.rawValue, let payload) = worker.next(until: MonotonicClock.nanoseconds() + 600_000_000_000)
        else { return nil }
        let samples = worker.read(payload) { reader throws(WireError) -> (bare: [UInt64], inWorker: [UInt64]) in
            let count = Int(try reader.u32())
            var bare: [UInt64] = [], inWorker: [UInt64] = []
            for _ in 0..<count {
                bare.append(try reader.u64())
                inWorker.append(try reader.u64())
            }
            return (bare, inWorker)
        }
        return try? samples.get()
    }
}
