/// A growable array with reference semantics, for storage one owner writes on every event.
/// A write is a plain store: Swift's `Array` first checks that its storage is not shared (a
/// runtime call per write, about 80 per event in the 20-pattern bench). Indices are still
/// checked. Whoever needs an independent value takes a `copy()` (or `elements`).
final class UncheckedArray<Element>: RandomAccessCollection {
    private(set) var count = 0
    private(set) var capacity = 0
    private var base: UnsafeMutablePointer<Element>

    init() {
        base = .allocate(capacity: 1)  // never empty, so there is always an address
        capacity = 1
    }

    init(_ elements: [Element]) {
        capacity = Swift.max(1, elements.count)
        base = .allocate(capacity: capacity)
        elements.withUnsafeBufferPointer { if let source = $0.baseAddress { base.initialize(from: source, count: $0.count) } }
        count = elements.count
    }

    convenience init(repeating element: Element, count: Int) {
        self.init(Array(repeating: element, count: count))
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
            return UnsafePointer(base + i)
        }
        @inline(__always) unsafeMutableAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "index out of range")
            return base + i
        }
    }

    @inline(__always)
    func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(__always)
    func popLast() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        return (base + count).move()
    }

    /// Doubles the capacity (rare: storage is reused once the matcher has warmed up).
    @inline(never)
    private func grow() {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
    }

    /// The elements in place, for the duration of `body`.
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) -> R) -> R {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    var elements: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func copy() -> UncheckedArray { UncheckedArray(elements) }
}
