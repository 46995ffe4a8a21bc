/// A compiled node: evaluates against one frame and returns a value (errors are values).
typealias CELEval = @Sendable (CELFrame) -> CELValue

/// A compiled node kept in an array. The wrapper keeps the closure at its natural calling
/// convention; a bare closure in an array is called through a reabstraction thunk.
struct CELTerm: Sendable {
    let eval: CELEval
}

/// What a compiled node reads while evaluating: the activation's slots (borrowed) and the
/// comprehension variables by compile-time index (stack memory; nested comprehensions use
/// distinct indices). Passing a frame from node to node costs no reference counting.
struct CELFrame {
    let slots: UnsafeBufferPointer<CELValue>
    let locals: UnsafeMutableBufferPointer<CELValue>

    /// Runs `body` on a frame over `slots`; the frame must not escape `body`.
    @inline(__always)
    static func with<R>(slots: [CELValue], localCount: Int, _ body: (CELFrame) -> R) -> R {
        slots.withUnsafeBufferPointer { with(slotBuffer: $0, localCount: localCount, body) }
    }

    /// `with` over slots the caller has already borrowed.
    @inline(__always)
    static func with<R>(slotBuffer: UnsafeBufferPointer<CELValue>, localCount: Int, _ body: (CELFrame) -> R) -> R {
        guard localCount > 0 else { return body(CELFrame(slots: slotBuffer, locals: .init(start: nil, count: 0))) }
        return withUnsafeTemporaryAllocation(of: CELValue.self, capacity: localCount) { locals in
            locals.initialize(repeating: .null)
            defer { locals.deinitialize() }
            return body(CELFrame(slots: slotBuffer, locals: locals))
        }
    }
}
