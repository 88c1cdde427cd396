import CCurl
import Foundation
import Logging

/// Downloads one dump file with libcurl, straight to `<destination>.part` (the body never sits
/// in memory), and renames it to `destination` only once it is complete.
///
/// - A `.part` file left by an earlier attempt or run is resumed with a Range request
///   (`CURLOPT_RESUME_FROM_LARGE`).
/// - A server that ignores Range (200 instead of 206) makes the download start again from 0.
/// - A 416 to a Range request means the part is already whole (when its size matches the total
///   the server gives, or the listing's size); otherwise the part is dropped and fetched again.
/// - Complete means: the size matches the server's total (Content-Range or Content-Length), or
///   the listing's size when the server gives none.
/// - Redirects are followed; the User-Agent is sent; a connect timeout and a low-speed limit
///   catch dead connections, since a 10 GB file has no sensible total timeout.
///
/// Each download runs on its own thread, because `curl_easy_perform` blocks for the whole
/// transfer; cancelling the task stops it within a second and keeps the `.part` file.
///
/// ```swift
/// let downloader = FileDownloader()
/// let result = try await downloader.download(
///     DownloadRequest(url: file.url, destination: folder.appendingPathComponent(file.fileName), expectedSize: file.size)
/// ) { progress in print(progress.bytesDone, progress.secondsRemaining ?? 0) }
/// ```
public struct FileDownloader: FileDownloading {
    public let options: DownloadOptions
    private let logger: Logger

    public init(options: DownloadOptions = DownloadOptions(), logger: Logger = Logger(label: "spindle.dumps.download"))
    {
        self.options = options
        self.logger = logger
    }

    /// libcurl must be initialised once per process before any handle exists.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    public func download(
        _ request: DownloadRequest, progress: @escaping @Sendable (DownloadProgress) -> Void = { _ in }
    ) async throws(DownloadError) -> DownloadResult {
        guard !Task.isCancelled else { throw .cancelled }
        let stop = StopFlag()
        let result: Result<DownloadResult, DownloadError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(
                        returning: Result { () throws(DownloadError) in try run(request, stop, progress) })
                }
                thread.name = "spindle.download"
                thread.start()
            }
        } onCancel: {
            stop.stop()
        }
        return try result.get()
    }

    /// The size the server announces for `url` (a HEAD request), or nil when it gives none.
    public func remoteSize(of url: URL) async throws(DownloadError) -> Int64? {
        let result: Result<Int64?, DownloadError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(DownloadError) in try head(url) })
            }
            thread.name = "spindle.download.head"
            thread.start()
        }
        return try result.get()
    }

    // MARK: - On the transfer's thread

    private func run(
        _ request: DownloadRequest, _ stop: StopFlag, _ progress: @escaping @Sendable (DownloadProgress) -> Void
    ) throws(DownloadError) -> DownloadResult {
        let started = TransferSink.now()
        let handle = try makeHandle(request.url)
        defer { curl_easy_cleanup(handle) }
        let part = try PartFile(url: request.partFile)
        do {
            return try fetch(request, into: part, stop, progress, started: started, handle: handle)
        } catch {
            // An error page never reaches the part; an empty part is only clutter.
            if part.size == 0 { part.discard() }
            throw error
        }
    }

    /// Transfers into `part` until it is complete, starting over once if the server requires it.
    private func fetch(
        _ request: DownloadRequest, into part: PartFile, _ stop: StopFlag,
        _ progress: @escaping @Sendable (DownloadProgress) -> Void, started: Double, handle: UnsafeMutableRawPointer
    ) throws(DownloadError) -> DownloadResult {
        let kept = part.size
        if kept > 0 { logger.info("resuming \(request.url.lastPathComponent) at \(kept) bytes") }
        var received: Int64 = 0
        var restarted = false
        // One transfer, plus at most one start from zero (Range ignored, or a part of another size).
        for _ in 0..<2 {
            let sink = TransferSink(
                part: part, stop: stop, expectedSize: request.expectedSize,
                progressInterval: options.progressInterval, report: progress)
            let outcome = try transfer(request, handle: handle, sink: sink)
            received += sink.bytesReceived
            restarted = restarted || sink.restartedFromZero
            switch outcome {
            case .complete:
                let size = part.size
                try part.finish(as: request.destination)
                sink.reportFinished(size: size)
                return DownloadResult(
                    file: request.destination, size: size, resumedFrom: restarted ? 0 : kept,
                    bytesTransferred: received, seconds: TransferSink.now() - started, restartedFromZero: restarted)
            case .startOver(let why):
                logger.info("\(request.url.lastPathComponent): \(why); downloading again from the start")
                try part.truncate()
                restarted = true
            }
        }
        throw .failed(url: request.url.absoluteString, reason: "the server would not serve the file from the start")
    }

    private enum Outcome {
        case complete
        case startOver(String)
    }

    /// One request. Throws for errors, answers whether the part is complete or must start over.
    private func transfer(
        _ request: DownloadRequest, handle: UnsafeMutableRawPointer, sink: TransferSink
    ) throws(DownloadError) -> Outcome {
        curl_easy_reset(handle)
        let url = request.url.absoluteString
        let offset = sink.part.size
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorBytes in
            configure(handle, url: url)
            ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBytes.baseAddress))
            ccurl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, TransferSink.writeBody)
            ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer)
            ccurl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, TransferSink.writeHeader)
            ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer)
            ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
            ccurl_setopt_xferinfo(handle, TransferSink.progress)
            ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, sinkPointer)
            if offset > 0 { ccurl_setopt_off_t(handle, CURLOPT_RESUME_FROM_LARGE, curl_off_t(offset)) }
            return curl_easy_perform(handle)
        }
        let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let reason = Self.reason(code, detail: detail)

        switch code {
        case CURLE_OK:
            break
        case CURLE_RANGE_ERROR:
            return .startOver("the server ignored the Range request")
        case CURLE_ABORTED_BY_CALLBACK:
            throw .cancelled
        case CURLE_WRITE_ERROR:
            throw sink.writeFailure ?? .fileSystem(path: sink.part.url.path, reason: reason)
        case CURLE_OPERATION_TIMEDOUT:
            throw .timedOut(url: url, reason: reason)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_PARTIAL_FILE,
            CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_SSL_CONNECT_ERROR:
            throw .connection(url: url, reason: reason)
        default:
            throw .failed(url: url, reason: reason)
        }

        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        switch status {
        case 200, 206:
            return try checkComplete(sink, url: url)
        case 416 where offset > 0:
            // Nothing past the end of the part: whole if its size is the file's, else stale.
            let total = sink.contentRangeTotal ?? request.expectedSize
            if total == nil || total == sink.part.size { return .complete }
            return .startOver("the server has \(total!) bytes where \(sink.part.size) were kept")
        default:
            throw .http(status: status, url: url)
        }
    }

    private func checkComplete(_ sink: TransferSink, url: String) throws(DownloadError) -> Outcome {
        guard let total = sink.announcedTotal else { return .complete }
        let size = sink.part.size
        if size < total { throw .incomplete(url: url, received: size, expected: total) }
        if size > total {
            sink.part.discard()
            throw .oversized(url: url, received: size, expected: total)
        }
        return .complete
    }

    private func head(_ url: URL) throws(DownloadError) -> Int64? {
        let handle = try makeHandle(url)
        defer { curl_easy_cleanup(handle) }
        configure(handle, url: url.absoluteString)
        ccurl_setopt_long(handle, CURLOPT_NOBODY, 1)
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let reason = Self.reason(code, detail: "")
            throw code == CURLE_OPERATION_TIMEDOUT
                ? .timedOut(url: url.absoluteString, reason: reason)
                : .connection(url: url.absoluteString, reason: reason)
        }
        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        guard (200..<300).contains(status) else { throw .http(status: status, url: url.absoluteString) }
        var length: curl_off_t = -1
        ccurl_getinfo_off_t(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
        return length >= 0 ? Int64(length) : nil
    }

    private func makeHandle(_ url: URL) throws(DownloadError) -> UnsafeMutableRawPointer {
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw .failed(url: url.absoluteString, reason: "libcurl could not be initialised")
        }
        return handle
    }

    /// What every request of a download shares.
    private func configure(_ handle: UnsafeMutableRawPointer, url: String) {
        ccurl_setopt_string(handle, CURLOPT_URL, url)
        ccurl_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent)
        ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        ccurl_setopt_long(handle, CURLOPT_MAXREDIRS, options.maxRedirects)
        ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeoutSeconds * 1000))
        ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedBytesPerSecond)
        ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, options.lowSpeedSeconds)
        // No CURLOPT_ACCEPT_ENCODING: the files are gzip and must be stored as published, even if
        // a mirror labels them `Content-Encoding: gzip`.
    }

    private static func reason(_ code: CURLcode, detail: String) -> String {
        let summary = String(cString: curl_easy_strerror(code))
        return detail.isEmpty ? summary : "\(summary) (\(detail))"
    }
}
