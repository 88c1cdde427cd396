import Foundation

/// What a Discogs response means for the request that produced it. Error bodies are not always
/// JSON (edge 502s and Cloudflare 403s are HTML, some 429s are empty), so nothing here assumes it.
public enum ResponseVerdict: Sendable, Equatable {
    /// 2xx with a body that looks like JSON; decoding may still fail (truncation).
    case success
    /// Worth asking again after a pause: 429, 5xx, 408, HTML or empty bodies.
    case retryable(reason: String)
    /// 401: the token is missing, wrong or revoked. Asking again will not help.
    case unauthorized(message: String)
    /// 403: not permitted, or blocked at the edge.
    case forbidden(message: String)
    /// 404: deleted release, unknown user or folder.
    case notFound(message: String)
    /// Any other 4xx: the request itself is wrong.
    case rejected(status: Int, message: String)

    public init(_ response: HTTPResponse) {
        let status = response.status
        // Only error answers are read for a message: a 2xx body is decoded once, by ingest.
        func message(or fallback: String) -> String {
            let text = ResponseVerdict.message(of: response)
            return text.isEmpty ? fallback : text
        }
        let isHTML = ResponseVerdict.looksLikeHTML(response)
        switch status {
        case 200..<300:
            if response.body.allSatisfy(Self.isWhitespace) {
                self = .retryable(reason: "empty body with status \(status)")
            } else if isHTML {
                self = .retryable(reason: "HTML page instead of JSON with status \(status)")
            } else {
                self = .success
            }
        case 429: self = .retryable(reason: "rate limited (429)")
        case 408: self = .retryable(reason: "request timeout (408)")
        case 500..<600:
            self = .retryable(reason: "server error \(status) (\(isHTML ? "HTML page" : message(or: "empty body")))")
        case 401: self = .unauthorized(message: message(or: "authentication required"))
        case 403:
            self = .forbidden(
                message: isHTML
                    ? "blocked at the edge (HTML 403; Discogs does this to requests without a proper User-Agent)"
                    : message(or: "forbidden"))
        case 404: self = .notFound(message: message(or: "not found"))
        default: self = .rejected(status: status, message: message(or: "HTTP \(status)"))
        }
    }

    /// `{"message": …}` when the body is Discogs JSON; otherwise a short, tag-free excerpt.
    public static func message(of response: HTTPResponse) -> String {
        if let error = try? JSONDecoder().decode(ErrorMessage.self, from: response.body) {
            return error.message
        }
        let text = String(decoding: response.body.prefix(400), as: UTF8.self)
        let stripped = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return String(stripped.prefix(160))
    }

    static func looksLikeHTML(_ response: HTTPResponse) -> Bool {
        if let type = response.headers["Content-Type"]?.lowercased(), type.contains("html") { return true }
        let start = response.body.prefix(64).drop(while: isWhitespace)
        return start.first == UInt8(ascii: "<")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
