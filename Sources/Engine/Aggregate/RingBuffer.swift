/// A first-in first-out buffer for a window's items (timestamps, values, count slots, kept
/// extrema): append at the back, remove from either end, read by offset from the front.
///
/// In place of `Deque`, which the windows used before: the windows append and remove an item
/// per event per channel, and Deque's general paths (its handle closures, index translation
/// for a capacity that is not a power of two) cost more than the update around them. Here the
/// capacity is a power of two, a slot is `(head + i) & mask`, and a run of removals checks
/// the storage's uniqueness once. Copy-on-write like any Swift collection (a snapshot copies
/// a window). Encodes as a JSON array, as Deque did, so snapshots keep their shape.
struct RingBuffer<Element> {
    private var storage: RingStorage<Element>?

    init() {}

    init<S: Sequence>(_ elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    var count: Int { storage?.count ?? 0 }
    var isEmpty: Bool { count == 0 }
    var first: Element? { isEmpty ? nil : storage.unsafelyUnwrapped.element(at: 0) }
    var last: Element? { isEmpty ? nil : storage.unsafelyUnwrapped.element(at: count - 1) }

    mutating func append(_ element: __owned Element) {
        if !isKnownUniquelyReferenced(&storage) || storage.unsafelyUnwrapped.isFull { reallocate(minimumCapacity: count + 1) }
        storage.unsafelyUnwrapped.append(element)
    }

    @discardableResult
    mutating func removeFirst() -> Element {
        precondition(!isEmpty, "removeFirst from an empty ring buffer")
        makeUnique()
        return storage.unsafelyUnwrapped.removeFirst()
    }

    @discardableResult
    mutating func removeLast() -> Element {
        precondition(!isEmpty, "removeLast from an empty ring buffer")
        makeUnique()
        return storage.unsafelyUnwrapped.removeLast()
    }

    /// Removes the `n` oldest items, handing each to `body` oldest first.
    mutating func removeFirst(_ n: Int, _ body: (consuming Element) -> Void) {
        precondition(n <= count, "removing more items than the ring buffer holds")
        guard n > 0 else { return }
        makeUnique()
        let s = storage.unsafelyUnwrapped
        for _ in 0..<n { body(s.removeFirst()) }
    }

    /// Removes items from the front while `shouldRemove` holds; returns how many.
    @discardableResult
    mutating func removeFirst(while shouldRemove: (Element) -> Bool) -> Int {
        // No binding of the storage before `makeUnique`: a second reference would force a copy.
        guard count > 0, storage.unsafelyUnwrapped.withFirst(shouldRemove) else { return 0 }
        makeUnique()
        let unique = storage.unsafelyUnwrapped
        var removed = 0
        repeat {
            _ = unique.removeFirst()
            removed += 1
        } while unique.count > 0 && unique.withFirst(shouldRemove)
        return removed
    }

    /// Removes items from the back while `shouldRemove` holds.
    mutating func removeLast(while shouldRemove: (Element) -> Bool) {
        guard count > 0, storage.unsafelyUnwrapped.withLast(shouldRemove) else { return }
        makeUnique()
        let unique = storage.unsafelyUnwrapped
        repeat { _ = unique.removeLast() } while unique.count > 0 && unique.withLast(shouldRemove)
    }

    mutating func removeAll(keepingCapacity: Bool = false) {
        guard keepingCapacity, isKnownUniquelyReferenced(&storage) else {
            storage = nil
            return
        }
        storage.unsafelyUnwrapped.removeAll()
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { reallocate(minimumCapacity: count) }
    }

    /// New storage holding the items in order: doubled when full, the same size when shared.
    private mutating func reallocate(minimumCapacity: Int) {
        var capacity = Swift.max(16, storage?.ringCapacity ?? 0)
        while capacity < minimumCapacity { capacity *= 2 }
        let new = RingStorage<Element>.make(capacity: capacity)
        let unique = isKnownUniquelyReferenced(&storage)
        if let old = storage {
            if unique {
                while old.count > 0 { new.append(old.removeFirst()) }
            } else {
                for i in 0..<old.count { new.append(old.element(at: i)) }
            }
        }
        storage = new
    }
}

extension RingBuffer: RandomAccessCollection {
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "ring buffer index out of range")
        return storage.unsafelyUnwrapped.element(at: i)
    }
}

extension RingBuffer: Codable where Element: Codable {
    init(from decoder: any Decoder) throws {
        self.init()
        var container = try decoder.unkeyedContainer()
        while !container.isAtEnd { append(try container.decode(Element.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for element in self { try container.encode(element) }
    }
}

/// The items of a `RingBuffer`: `count` initialised slots from `head`, wrapping at the
/// power-of-two capacity, in the same allocation as this header (one pointer to follow, as
/// with Deque). Touched only through a `RingBuffer` that checked it is unique; read and
/// written through pointers, so no access to the header is checked for exclusivity.
private struct RingHeader {
    var capacity: Int
    var count = 0
    var head = 0
}

private final class RingStorage<Element>: ManagedBuffer<RingHeader, Element> {
    static func make(capacity: Int) -> RingStorage<Element> {
        unsafeDowncast(create(minimumCapacity: capacity) { _ in RingHeader(capacity: capacity) }, to: RingStorage<Element>.self)
    }

    deinit { removeAll() }

    var ringCapacity: Int { withUnsafeMutablePointerToHeader { $0.pointee.capacity } }
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }
    var isFull: Bool { withUnsafeMutablePointerToHeader { $0.pointee.count == $0.pointee.capacity } }

    @inline(__always)
    func element(at i: Int) -> Element {
        withUnsafeMutablePointers { h, e in e[(h.pointee.head &+ i) & (h.pointee.capacity &- 1)] }
    }

    @inline(__always)
    func withFirst<R>(_ body: (Element) -> R) -> R {
        withUnsafeMutablePointers { h, e in body(e[h.pointee.head]) }
    }

    @inline(__always)
    func withLast<R>(_ body: (Element) -> R) -> R {
        withUnsafeMutablePointers { h, e in body(e[(h.pointee.head &+ h.pointee.count &- 1) & (h.pointee.capacity &- 1)]) }
    }

    @inline(__always)
    func append(_ element: __owned Element) {
        withUnsafeMutablePointers { h, e in
            (e + ((h.pointee.head &+ h.pointee.count) & (h.pointee.capacity &- 1))).initialize(to: element)
            h.pointee.count &+= 1
        }
    }

    @inline(__always)
    func removeFirst() -> Element {
        withUnsafeMutablePointers { h, e in
            let element = (e + h.pointee.head).move()
            h.pointee.head = (h.pointee.head &+ 1) & (h.pointee.capacity &- 1)
            h.pointee.count &-= 1
            return element
        }
    }

    @inline(__always)
    func removeLast() -> Element {
        withUnsafeMutablePointers { h, e in
            h.pointee.count &-= 1
            return (e + ((h.pointee.head &+ h.pointee.count) & (h.pointee.capacity &- 1))).move()
        }
    }

    func removeAll() {
        withUnsafeMutablePointers { h, e in
            if !_isPOD(Element.self) {
                for i in 0..<h.pointee.count { (e + ((h.pointee.head &+ i) & (h.pointee.capacity &- 1))).deinitialize(count: 1) }
            }
            h.pointee.head = 0
            h.pointee.count = 0
        }
    }
}
