import CPythonShim
import Foundation

extension ScriptRuntime {
    /// The baseline for `featide bench decide`: the same function called straight through the
    /// C API with one prepared `ctx` (no triggers, no conversion, no budget, GIL held
    /// throughout). Nanoseconds per call; nil if the script does not load.
    public func bareCallNanoseconds(_ path: String, _ function: String, _ call: ScriptCall, iterations: Int) -> [UInt64]? {
        guard preload(path, budget: call.budget) == nil else { return nil }
        let box = UncheckedBox { () -> [UInt64]? in
            guard let host = self.host, case .success(let script)? = self.scripts[path],
                  let callable = script.function(named: function), let ctx = self.makeContext(call, host) else { return nil }
            defer { Py_DecRef(ctx) }
            var samples = [UInt64](repeating: 0, count: iterations)
            for i in 0..<iterations {
                let start = DispatchTime.now().uptimeNanoseconds
                let result = pyCall(callable, ctx)
                samples[i] = DispatchTime.now().uptimeNanoseconds - start
                if result == nil { PyErr_Clear() }
                Py_DecRef(result)
            }
            return samples
        }
        return PythonInterpreter.shared.withGIL { box.value() }
    }
}
