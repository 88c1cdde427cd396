import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The server's "stop now" flag, plus a pipe whose read end becomes readable when it is raised, so that threads
/// waiting in poll() wake at once instead of at their next tick. Nobody reads the pipe: once readable it stays so.
/// (A pipe rather than an eventfd because Swift's Glibc module does not export eventfd.)
final class ShutdownSignal: Sendable {
    let wakeFD: Int32
    private let writeFD: Int32
    private let requested = Atomic<Bool>(false)

    init() throws(FastCGIServerError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw .systemCall(name: "pipe", errno: errno, context: "the shutdown signal")
        }
        for end in ends {
            Socket.setCloseOnExec(end)
            Socket.setNonBlocking(end)
        }
        wakeFD = ends[0]
        writeFD = ends[1]
    }

    deinit {
        Socket.close(wakeFD)
        Socket.close(writeFD)
    }

    var isRequested: Bool { requested.load(ordering: .acquiring) }

    /// Raises the flag; returns false when it was already raised.
    @discardableResult
    func raise() -> Bool {
        guard !requested.exchange(true, ordering: .acquiringAndReleasing) else { return false }
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
        return true
    }
}
