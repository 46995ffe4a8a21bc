import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One child process run as a user would from a shell, measured by the kernel: wall time,
/// CPU time and peak resident memory from `wait4`'s rusage (Foundation's Process reaps the
/// child itself and drops its usage).
struct MeasuredChild {
    var status: Int32
    var wallSeconds: Double
    var cpuSeconds: Double
    var peakRSSMegabytes: Double

    var succeeded: Bool { status == 0 }

    /// Runs `argv` (looked up on PATH) with stdout and stderr written to files, stdin empty.
    static func run(_ argv: [String], stdout: String, stderr: String) throws -> MeasuredChild {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var arguments = argv.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        let started = ContinuousClock.now
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, argv[0], &actions, nil, &arguments, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("waiting for \(argv[0]): \(String(cString: strerror(errno)))") }
        }
        let wall = (ContinuousClock.now - started).seconds
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        // Exit status as a shell shows it: the code, or 128 + the signal.
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + status & 0x7f
        return MeasuredChild(status: code, wallSeconds: wall, cpuSeconds: cpu, peakRSSMegabytes: Double(usage.ru_maxrss) / 1024)
    }
}

/// A benchmark that cannot go on (a file it cannot write, a child it cannot start).
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
