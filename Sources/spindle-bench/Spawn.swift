import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process measured the way `make bench` reports it: wall time and peak resident memory.
struct Measured {
    let status: Int32
    let seconds: Double
    /// User plus system time of the process itself (not of the fake it talks to).
    let cpuSeconds: Double
    let peakRSSMegabytes: Double
}

enum Spawn {
    /// GNU time, which reports the peak RSS of the command alone.
    private static let gnuTime = "/usr/bin/time"

    /// Runs `path arguments` with `environment`, output to `log`, and measures it.
    ///
    /// The peak RSS comes from GNU time when it is installed. wait4's `ru_maxrss` is not the
    /// command's own: glibc's posix_spawn starts the child in the bench's memory (CLONE_VM) and
    /// Linux carries that memory's high-water mark into the child's `maxrss` at exec, so the
    /// child shows at least the bench's own peak (36 MB for `xmllint --stream`, whose real peak
    /// is 5 MB). GNU time forks the command from its own small process and reports that child's peak.
    static func run(
        _ path: String, _ arguments: [String], environment: [String: String], log: String
    )
        throws -> Measured
    {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw BenchError("cannot start \(path)") }
        let peakFile = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-bench-rss-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: peakFile) }
        let timed = FileManager.default.isExecutableFile(atPath: gnuTime)
        let start = Date()
        let pid =
            timed
            ? try launch(gnuTime, ["-f", "%M", "-o", peakFile, path] + arguments, environment: environment, log: log)
            : try launch(path, arguments, environment: environment, log: log)
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw BenchError("wait4 failed for \(path)") }
        let seconds = Date().timeIntervalSince(start)
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        // GNU time writes "%M" (KB) as its last line, after "Command exited with non-zero status N".
        let reportedKilobytes = ((try? String(contentsOfFile: peakFile, encoding: .utf8)) ?? "")
            .split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let kilobytes = timed ? reportedKilobytes ?? usage.ru_maxrss : usage.ru_maxrss
        return Measured(
            status: exitStatus, seconds: seconds, cpuSeconds: usage.cpuSeconds,
            peakRSSMegabytes: Double(kilobytes) / 1024)
    }

    /// Starts a process in the background and returns its pid.
    static func launch(
        _ path: String, _ arguments: [String], environment: [String: String], log: String
    )
        throws -> pid_t
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A clean signal state. posix_spawn passes on the calling thread's mask, and after the first
        // `await` the bench runs on a libdispatch worker thread, which blocks most signals: the
        // children started there ignored SIGTERM, and the FastCGI section waited forever for the C
        // responder it had asked to stop. SIGPIPE, which the Swift runtime ignores, is reset too.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultActions = sigset_t()
        sigemptyset(&defaultActions)
        sigaddset(&defaultActions, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultActions)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(result)))") }
        return pid
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension rusage {
    /// User plus system time.
    var cpuSeconds: Double {
        Double(ru_utime.tv_sec) + Double(ru_utime.tv_usec) / 1e6 + Double(ru_stime.tv_sec) + Double(ru_stime.tv_usec)
            / 1e6
    }
}
