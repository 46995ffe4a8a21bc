import CPythonShim
import Synchronization

/// Caps the memory the embedded interpreter may hold, so a script's memory bomb becomes a
/// `MemoryError` in that script (its decision falls back) instead of taking the engine down.
///
/// Every Python allocation ends up in the raw domain (large blocks) or in pymalloc arenas, so
/// wrapping those two allocators sees all of it. Sizes come from `malloc_usable_size`, so
/// blocks allocated before the wrapper was installed are harmless when freed.
enum PythonHeapLimit {
    /// Bytes of Python memory in use (approximate; blocks from before installation drift it down).
    static let used = Atomic<Int>(0)
    /// Largest Python heap allowed. Set before the interpreter starts.
    nonisolated(unsafe) static var limit = 256 << 20
    /// Allocations refused since the start (memory bombs stopped).
    static let refusals = Atomic<Int>(0)

    nonisolated(unsafe) private static var raw = PyMemAllocatorEx()
    nonisolated(unsafe) private static var arena = PyObjectArenaAllocator()

    /// Must run after `Py_PreInitialize` and before `Py_InitializeFromConfig`.
    static func install() {
        PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &raw)
        PyObject_GetArenaAllocator(&arena)
        var wrapped = PyMemAllocatorEx(ctx: nil, malloc: rawMalloc, calloc: rawCalloc, realloc: rawRealloc, free: rawFree)
        PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &wrapped)
        var wrappedArena = PyObjectArenaAllocator(ctx: nil, alloc: arenaAlloc, free: arenaFree)
        PyObject_SetArenaAllocator(&wrappedArena)
    }

    private static func admits(_ size: Int) -> Bool {
        if used.load(ordering: .relaxed) &+ size <= limit { return true }
        refusals.add(1, ordering: .relaxed)
        return false
    }

    private static func counted(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
        if let pointer { used.add(malloc_usable_size(pointer), ordering: .relaxed) }
        return pointer
    }

    private static let rawMalloc: @convention(c) (UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer? = { _, size in
        guard admits(size) else { return nil }
        return counted(raw.malloc(raw.ctx, size))
    }

    private static let rawCalloc: @convention(c) (UnsafeMutableRawPointer?, Int, Int) -> UnsafeMutableRawPointer? = { _, count, size in
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, admits(total) else { return nil }
        return counted(raw.calloc(raw.ctx, count, size))
    }

    private static let rawRealloc: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer? = { _, pointer, size in
        let old = pointer.map { malloc_usable_size($0) } ?? 0
        guard size <= old || admits(size - old) else { return nil }
        guard let moved = raw.realloc(raw.ctx, pointer, size) else { return nil }
        used.add(malloc_usable_size(moved) - old, ordering: .relaxed)
        return moved
    }

    private static let rawFree: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void = { _, pointer in
        guard let pointer else { return }
        used.subtract(malloc_usable_size(pointer), ordering: .relaxed)
        raw.free(raw.ctx, pointer)
    }

    private static let arenaAlloc: @convention(c) (UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer? = { _, size in
        guard admits(size), let pointer = arena.alloc(arena.ctx, size) else { return nil }
        used.add(size, ordering: .relaxed)
        return pointer
    }

    private static let arenaFree: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, Int) -> Void = { _, pointer, size in
        used.subtract(size, ordering: .relaxed)
        arena.free(arena.ctx, pointer, size)
    }
}
