import Foundation

/// The engine process's backstop against memory exhaustion: an address-space rlimit a fixed
/// headroom above what the process maps once started. Script memory is capped well below it
/// (`PythonHeapLimit`), so a script's bomb fails inside the script; the rlimit catches anything
/// else before the machine's OOM killer does.
public enum AddressSpaceLimit {
    /// Default headroom above the current mapping.
    public static let defaultHeadroom = 4 << 30

    /// Sets the soft `RLIMIT_AS`; returns the limit in bytes, or nil if it could not be set.
    @discardableResult
    public static func apply(headroom: Int = defaultHeadroom) -> Int? {
        guard let mapped = mappedBytes() else { return nil }
        var current = rlimit()
        guard getrlimit(resource, &current) == 0 else { return nil }
        let wanted = rlim_t(mapped + headroom)
        var limit = rlimit(rlim_cur: min(wanted, current.rlim_max), rlim_max: current.rlim_max)
        guard setrlimit(resource, &limit) == 0 else { return nil }
        return Int(limit.rlim_cur)
    }

    /// The soft limit now (nil: unlimited).
    public static var current: Int? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return Int(limit.rlim_cur)
    }

    /// Puts back a soft limit read from `current` (nil: unlimited, up to the hard limit).
    public static func restore(_ soft: Int?) {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return }
        limit.rlim_cur = soft.map { rlim_t($0) } ?? limit.rlim_max
        setrlimit(resource, &limit)
    }

    private static var resource: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_AS.rawValue) }

    /// Virtual memory size from /proc/self/statm (first field, in pages).
    private static func mappedBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .ascii),
              let pages = text.split(separator: " ").first.flatMap({ Int($0) }) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
