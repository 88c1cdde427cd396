import CCurl
import Foundation
import Synchronization

/// Set from any thread to make a running transfer stop at its next progress callback.
final class StopFlag: Sendable {
    private let stopped = Atomic<Bool>(false)

    func stop() { stopped.store(true, ordering: .relaxed) }
    var isStopped: Bool { stopped.load(ordering: .relaxed) }
}

/// What libcurl's callbacks of one transfer share: the `.part` file the body goes to, the final
/// response's status and size headers, and the progress meter. Created, used and dropped on the
/// transfer's thread; the C callbacks reach it through their `void*` userdata.
final class TransferSink {
    let part: PartFile
    let stop: StopFlag
    let expectedSize: Int64?
    private let report: @Sendable (DownloadProgress) -> Void
    private var meter: ProgressMeter

    /// Where this transfer started writing; 0 after a restart.
    private(set) var startOffset: Int64
    /// The last status line's code: with redirects followed, the final response's.
    private(set) var status = 0
    /// `Content-Length` of the final response.
    private(set) var contentLength: Int64?
    /// The total from `Content-Range: bytes a-b/total` or `bytes */total`.
    private(set) var contentRangeTotal: Int64?
    private(set) var bytesReceived: Int64 = 0
    /// The server sent the whole file (200) although part of it was here: it was written anew.
    private(set) var restartedFromZero = false
    /// Why writing the body to disk failed, which libcurl reports only as a write error.
    private(set) var writeFailure: DownloadError?
    private var bodyStarted = false

    init(
        part: PartFile, stop: StopFlag, expectedSize: Int64?, progressInterval: Double,
        report: @escaping @Sendable (DownloadProgress) -> Void
    ) {
        self.part = part
        self.stop = stop
        self.expectedSize = expectedSize
        self.report = report
        self.startOffset = part.size
        self.meter = ProgressMeter(startBytes: part.size, at: Self.now(), interval: progressInterval)
    }

    /// The body is ours only for a successful answer; an error page is not part of the file.
    var isReceivingFile: Bool { status == 200 || status == 206 }

    /// The file's whole size as far as the server or the listing said.
    var announcedTotal: Int64? {
        if let contentRangeTotal { return contentRangeTotal }
        if let contentLength, isReceivingFile { return status == 206 ? startOffset + contentLength : contentLength }
        return expectedSize
    }

    func receiveHeaderLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            // A new response (the next hop of a redirect): forget the previous one's headers.
            let fields = trimmed.split(separator: " ")
            status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            contentLength = nil
            contentRangeTotal = nil
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = trimmed[..<colon].lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        switch name {
        case "content-length": contentLength = Int64(value)
        case "content-range":
            if let slash = value.lastIndex(of: "/") { contentRangeTotal = Int64(value[value.index(after: slash)...]) }
        default: break
        }
    }

    /// Writes body bytes to the part file; false stops the transfer with a write error.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard isReceivingFile else { return true }
        defer { bodyStarted = true }
        if !bodyStarted, status == 200, part.size > 0 {
            // libcurl refuses a 200 to a Range request itself; this covers a server that sends
            // 200 to a request without one while stale bytes sit in the file.
            do { try part.truncate() } catch {
                writeFailure = error
                return false
            }
            startOffset = 0
            restartedFromZero = true
        }
        if let reason = part.append(bytes) {
            writeFailure = .fileSystem(path: part.url.path, reason: reason)
            return false
        }
        bytesReceived += Int64(bytes.count)
        return true
    }

    /// Called by libcurl's progress callback; false aborts the transfer.
    func tick() -> Bool {
        if stop.isStopped { return false }
        if isReceivingFile,
            let progress = meter.update(bytesDone: part.size, totalBytes: announcedTotal, at: Self.now())
        {
            report(progress)
        }
        return true
    }

    /// The last report, whatever the interval: the file is complete.
    func reportFinished(size: Int64) {
        if let progress = meter.update(bytesDone: size, totalBytes: size, at: Self.now(), force: true) {
            report(progress)
        }
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    // MARK: libcurl callbacks (non-capturing: the sink travels as userdata)

    static let writeBody: ccurl_data_callback = { pointer, size, count, userdata in
        guard let userdata else { return 0 }
        let sink = Unmanaged<TransferSink>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        guard let pointer else { return length }
        return sink.receiveBody(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
    }

    static let writeHeader: ccurl_data_callback = { pointer, size, count, userdata in
        guard let pointer, let userdata else { return 0 }
        let sink = Unmanaged<TransferSink>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
        sink.receiveHeaderLine(line)
        return length
    }

    static let progress: ccurl_xferinfo_callback = { userdata, _, _, _, _ in
        guard let userdata else { return 0 }
        return Unmanaged<TransferSink>.fromOpaque(userdata).takeUnretainedValue().tick() ? 0 : 1
    }
}
