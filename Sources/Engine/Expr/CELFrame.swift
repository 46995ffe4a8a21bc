/// A compiled node: evaluates against one frame and returns a value (errors are values).
typealias CELEval = @Sendable (CELFrame) -> CELValue

/// What a compiled node reads while evaluating: the activation's slots, and comprehension
/// variables (allocated once per evaluation, only for programs that have comprehensions).
struct CELFrame {
    let slots: [CELValue]
    let locals: CELLocals?
}

/// Comprehension variables by compile-time index; nested comprehensions use distinct indices.
final class CELLocals {
    // Written by the loop, read by the body, never overlapping: skip run-time exclusivity checks.
    @exclusivity(unchecked) var values: [CELValue]
    init(count: Int) { values = Array(repeating: .null, count: count) }
}
