import Foundation

/// One running workbench's claim on its swap files, like vim's `.swp` owner check: an
/// exclusive `flock` on `.featide/swap/OWNER.lock`, held for the workbench's life. A swap
/// whose owner's lock is held belongs to a live IDE and is never offered or deleted by
/// another; a crash releases the lock (the kernel does), so its swaps become recoverable.
/// A lock, not a pid, so a reused pid cannot pass for a live owner.
public final class SwapOwner: Sendable {
    public let id: String
    private let lockPath: String
    private let descriptor: Int32

    init(folder: String) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        id = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        lockPath = (folder as NSString).appendingPathComponent(id + ".lock")
        descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        // Without a lock (a read-only folder) swaps cannot be written either: nothing to claim.
        if descriptor >= 0 { flock(descriptor, LOCK_EX | LOCK_NB) }
    }

    deinit {
        guard descriptor >= 0 else { return }
        unlink(lockPath)
        close(descriptor)
    }

    /// Whether the workbench `owner` still runs (its lock is held).
    static func isAlive(_ owner: String, folder: String) -> Bool {
        let path = (folder as NSString).appendingPathComponent(owner + ".lock")
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(fd, LOCK_UN)
        return false
    }

    /// Removes the lock file of an owner that is gone (once its swaps are dealt with).
    static func forget(_ owner: String, folder: String) {
        guard !isAlive(owner, folder: folder) else { return }
        unlink((folder as NSString).appendingPathComponent(owner + ".lock"))
    }
}
