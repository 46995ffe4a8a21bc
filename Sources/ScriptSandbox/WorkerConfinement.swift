import CSeccomp
import Glibc

/// The operating system's wall around a script worker (Linux). Whatever a script does inside
/// Python, the process it runs in cannot open a file, create a socket, start a process, trace
/// or signal another one: those system calls fail with EPERM.
enum WorkerConfinement {
    /// System calls a confined worker may make, with any arguments: memory, time, the channel
    /// it already has open, threads' synchronisation, signals to itself, exiting. Everything
    /// else — open/openat, socket/connect, execve, fork/vfork/clone, ptrace, kill, mkdir,
    /// unlink, ... — is refused with EPERM (not killed: the script sees an error).
    static let allowedSystemCalls = [
        "read", "write", "readv", "writev", "recvfrom", "sendto", "recvmsg", "sendmsg", "close", "lseek",
        "fstat", "newfstatat", "mmap", "munmap", "mremap", "mprotect", "brk", "madvise",
        "futex", "sched_yield", "clock_gettime", "clock_getres", "gettimeofday", "nanosleep", "clock_nanosleep",
        "getpid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getrandom", "rt_sigreturn", "rt_sigprocmask",
        "rt_sigaction", "sigaltstack", "restart_syscall", "exit", "exit_group", "set_robust_list", "rseq",
        "getrusage", "sysinfo", "membarrier", "getcwd",
    ]

    /// The engine starts the worker in a fresh empty directory; removing it at once leaves
    /// nothing behind however the worker ends, and nothing can be created in it.
    static func removeWorkingDirectory() {
        var path = [CChar](repeating: 0, count: 4096)
        guard getcwd(&path, path.count) != nil else { return }
        rmdir(path)
    }

    /// Rlimits, set first: no core files, no file growth, few descriptors, a cap on address
    /// space and on CPU time (a backstop should the engine itself be gone).
    static func limitResources(addressSpace: Int, cpuSeconds: Int) {
        set(RLIMIT_CORE, 0)
        set(RLIMIT_FSIZE, 0)
        set(RLIMIT_NOFILE, 16)
        set(RLIMIT_AS, rlim_t(addressSpace))
        var cpu = rlimit(rlim_cur: rlim_t(cpuSeconds), rlim_max: rlim_t(cpuSeconds + 5))
        setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &cpu)
    }

    private static func set(_ resource: __rlimit_resource, _ value: rlim_t) {
        var limit = rlimit(rlim_cur: value, rlim_max: value)
        setrlimit(__rlimit_resource_t(resource.rawValue), &limit)
    }

    /// `PR_SET_NO_NEW_PRIVS` and the seccomp-bpf filter. Call once the interpreter, the
    /// allowed modules and every thread are up: from here on nothing new can be opened.
    static func confine() -> String? {
        guard shim_no_new_privileges() == 0 else { return "PR_SET_NO_NEW_PRIVS failed (errno \(errno))" }
        guard let filter = seccomp_init(shim_seccomp_errno(EPERM)) else { return "seccomp_init failed" }
        defer { seccomp_release(filter) }
        for name in allowedSystemCalls {
            let number = seccomp_syscall_resolve_name(name)
            guard number != __NR_SCMP_ERROR else { continue }  // not on this architecture
            guard shim_seccomp_allow_always(filter, number) == 0 else { return "cannot allow \(name)" }
        }
        // Signals to itself only (abort, the crash reporter re-raising).
        let pid = UInt64(getpid())
        for name in ["tgkill", "kill", "tkill"] {
            let number = seccomp_syscall_resolve_name(name)
            let argument = name == "tkill" ? UInt64(shim_thread_id()) : pid
            guard shim_seccomp_allow_if_first_argument(filter, number, argument) == 0 else { return "cannot allow \(name) to self" }
        }
        let status = seccomp_load(filter)
        return status == 0 ? nil : "seccomp_load failed (\(status))"
    }
}
