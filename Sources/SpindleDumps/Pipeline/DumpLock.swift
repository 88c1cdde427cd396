import Foundation

/// One dumps run at a time per dumps folder, across processes (`spindle dumps update` from cron
/// and the daily check of `spindle serve`): an exclusive `flock` on a file in the folder,
/// released when the holder exits, however it exits.
public final class DumpLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock, or returns nil when another process holds it.
    public static func acquire(directory: String) throws -> DumpLock? {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(".spindle-dumps.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DumpLockError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        return DumpLock(descriptor: descriptor, path: path)
    }

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// The process holding the lock, as it wrote itself down.
    public static func holder(directory: String) -> String? {
        let path = (directory as NSString).appendingPathComponent(".spindle-dumps.lock")
        return (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

public struct DumpLockError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
