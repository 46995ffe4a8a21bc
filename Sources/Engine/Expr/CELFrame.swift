/// A compiled node: evaluates against one frame and returns a value (errors are values).
typealias CELEval = @Sendable (CELFrame) -> CELValue

/// A compiled node kept in an array. The wrapper keeps the closure at its natural calling
/// convention; a bare closure in an array is called through a reabstraction thunk.
struct CELTerm: Sendable {
    let eval: CELEval
}

/// What a compiled node reads while evaluating: the activation's slots, and comprehension
/// variables (allocated once per evaluation, only for programs that have comprehensions).
/// Both are borrowed for the duration of `CELProgram.evaluate`, so passing a frame from node
/// to node costs no reference counting.
struct CELFrame {
    let slots: UnsafeBufferPointer<CELValue>
    unowned(unsafe) let locals: CELLocals?

    /// Runs `body` on a frame over `slots`; the frame must not escape `body`.
    @inline(__always)
    static func with<R>(slots: [CELValue], localCount: Int, _ body: (CELFrame) -> R) -> R {
        let locals = localCount > 0 ? CELLocals(count: localCount) : nil
        return withExtendedLifetime(locals) {
            slots.withUnsafeBufferPointer { body(CELFrame(slots: $0, locals: locals)) }
        }
    }
}

/// Comprehension variables by compile-time index; nested comprehensions use distinct indices.
final class CELLocals {
    // Written by the loop, read by the body, never overlapping: skip run-time exclusivity checks.
    @exclusivity(unchecked) var values: [CELValue]
    init(count: Int) { values = Array(repeating: .null, count: count) }
}
