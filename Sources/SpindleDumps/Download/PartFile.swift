import Foundation

/// The `.part` file a download writes into: opened at its end to resume, cut back to zero when
/// the server sends the whole file again, synced and renamed into place only when complete.
/// Plain POSIX calls, because every write goes straight from libcurl's buffer to the file.
final class PartFile {
    let url: URL
    private var descriptor: Int32
    /// Bytes in the file: where the next write goes.
    private(set) var size: Int64

    /// Opens (creating if needed) `url` for appending, creating its folder too.
    init(url: URL) throws(DownloadError) {
        self.url = url
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(path: url.deletingLastPathComponent().path, reason: "\(error)")
        }
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .fileSystem(path: url.path, reason: Self.lastError()) }
        // Two downloads appending to one part would interleave their bytes; the second is refused.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = busy ? "another download is writing this file" : Self.lastError()
            close(descriptor)
            throw .fileSystem(path: url.path, reason: reason)
        }
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0 else {
            close(descriptor)
            throw .fileSystem(path: url.path, reason: Self.lastError())
        }
        size = Int64(end)
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Appends all of `bytes`; on failure returns the reason (errno's text).
    func append(_ bytes: UnsafeRawBufferPointer) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return Self.lastError()
            }
            offset += written
        }
        size += Int64(bytes.count)
        return nil
    }

    /// Drops everything: the next write starts the file again.
    func truncate() throws(DownloadError) {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw .fileSystem(path: url.path, reason: Self.lastError())
        }
        size = 0
    }

    /// Flushes to disk and moves the file to `destination`, replacing what is there; a crash
    /// before or during this leaves either the `.part` file or the whole file, never half of one.
    func finish(as destination: URL) throws(DownloadError) {
        guard fsync(descriptor) == 0 else { throw .fileSystem(path: url.path, reason: Self.lastError()) }
        close(descriptor)
        descriptor = -1
        guard rename(url.path, destination.path) == 0 else {
            throw .fileSystem(path: destination.path, reason: Self.lastError())
        }
    }

    /// Closes and deletes the file (it belongs to another version of the remote file).
    func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(url.path)
        size = 0
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
