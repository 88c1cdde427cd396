/// Why a download stopped. Every case says whether trying again can help (`isTransient`): the
/// caller resumes transient failures (the `.part` file is kept) and reports permanent ones.
public enum DownloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an error status (after redirects).
    case http(status: Int, url: String)
    /// No connection, or it broke off (refused, reset, closed early, DNS).
    case connection(url: String, reason: String)
    /// No connection within the connect timeout, or the speed stayed under the low-speed limit.
    case timedOut(url: String, reason: String)
    /// The transfer ended cleanly but short of the announced size; the `.part` file is kept.
    case incomplete(url: String, received: Int64, expected: Int64)
    /// More bytes than announced: the `.part` file was of another version and has been removed.
    case oversized(url: String, received: Int64, expected: Int64)
    /// TLS, redirect loops, a malformed answer: asking again would get the same.
    case failed(url: String, reason: String)
    /// The `.part` file could not be created, written or renamed (disk full, permissions).
    case fileSystem(path: String, reason: String)
    /// The caller stopped the download; the `.part` file is kept for a later resume.
    case cancelled

    /// Worth another attempt: dropped or slow connections, server errors and rate limits.
    /// Cancellation is not: the caller asked to stop.
    public var isTransient: Bool {
        switch self {
        case .http(let status, _): status >= 500 || status == 429 || status == 408
        case .connection, .timedOut, .incomplete, .oversized: true
        case .failed, .fileSystem, .cancelled: false
        }
    }

    /// The HTTP status, for errors that are one.
    public var httpStatus: Int? {
        if case .http(let status, _) = self { return status }
        return nil
    }

    public var description: String {
        switch self {
        case .http(let status, let url): "\(url) answered HTTP \(status)\(Self.meaning(of: status))"
        case .connection(let url, let reason): "connection to \(url) failed: \(reason)"
        case .timedOut(let url, let reason): "download of \(url) timed out: \(reason)"
        case .incomplete(let url, let received, let expected):
            "download of \(url) stopped at \(received) of \(expected) bytes"
        case .oversized(let url, let received, let expected):
            "download of \(url) grew to \(received) bytes, more than the \(expected) announced; starting over"
        case .failed(let url, let reason): "download of \(url) failed: \(reason)"
        case .fileSystem(let path, let reason): "cannot write \(path): \(reason)"
        case .cancelled: "download cancelled"
        }
    }

    private static func meaning(of status: Int) -> String {
        switch status {
        case 403: " (Forbidden: the file is not public, or this address refuses anonymous access)"
        case 404: " (Not Found: no such file; the month may not be published yet)"
        case 429: " (Too Many Requests)"
        case 500..<600: " (server error)"
        default: ""
        }
    }
}
