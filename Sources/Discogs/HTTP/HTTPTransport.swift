import Foundation

/// Performs one HTTP request. The direct executor uses libcurl (`CurlTransport`); tests use the
/// in-process fake. Implementations are stateless from the caller's point of view.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

/// A request that produced no HTTP response at all.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No complete response within the time limit.
    case timedOut(seconds: Double)
    /// The connection could not be made or broke off (DNS, refused, reset, partial body).
    case connectionFailed(String)
    /// The body grew past the limit the caller set; the rest was not read.
    case bodyTooLarge(limit: Int)
    /// The transport itself could not be set up.
    case setupFailed(String)
    /// The caller stopped waiting (Ctrl-C, shutdown).
    case cancelled

    public var description: String {
        switch self {
        case .timedOut(let seconds): "no response within \(formatSeconds(seconds))"
        case .connectionFailed(let reason): "connection failed: \(reason)"
        case .bodyTooLarge(let limit): "response body larger than \(limit) bytes"
        case .setupFailed(let reason): "HTTP client could not be set up: \(reason)"
        case .cancelled: "cancelled"
        }
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
}
