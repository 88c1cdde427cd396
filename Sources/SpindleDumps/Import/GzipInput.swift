import CZlib
import Foundation

/// A dump file read through zlib: `.xml.gz` is inflated on the fly (no decompressed copy on
/// disk) and a plain `.xml` is read as is. Remembers why a read failed (a truncated or corrupt
/// stream), which libxml2 itself would only report as a premature end of input.
final class GzipInput {
    let path: String
    private let file: gzFile
    private(set) var failure: String?

    init(path: String) throws(DumpImportError) {
        self.path = path
        guard let file = gzopen(path, "rb") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        gzbuffer(file, 1 << 18)
        self.file = file
    }

    deinit { gzclose(file) }

    /// Bytes of the file (compressed) consumed so far: progress, and where an error happened.
    var compressedOffset: Int64 { Int64(gzoffset(file)) }

    /// Fills `buffer`; 0 at the end, -1 on an error (kept in `failure`).
    func read(into buffer: UnsafeMutablePointer<CChar>, count: Int32) -> Int32 {
        let n = gzread(file, buffer, UInt32(count))
        if n < 0 || (n == 0 && checkError()) {
            if failure == nil { _ = checkError() }
            return -1
        }
        return n
    }

    /// Whether zlib has an error to report (a stream that ended early is one).
    private func checkError() -> Bool {
        var code: Int32 = 0
        let message = gzerror(file, &code)
        guard code != Z_OK, code != Z_STREAM_END else { return false }
        let text = message.map { String(cString: $0) } ?? "error \(code)"
        failure =
            code == Z_BUF_ERROR
            ? "the compressed data ends early (truncated file): \(text)" : "the compressed data is corrupt: \(text)"
        return true
    }
}
