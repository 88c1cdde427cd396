import FastCGI
import Foundation

/// Builds the responses of the API: JSON by default, HTML for people, redirects for forms. None
/// of them may be cached: they describe a moment.
enum WebResponse {
    static func json(
        _ status: Int, _ value: some Encodable, headers: [(name: String, value: String)] = []
    )
        -> FastCGIResponse
    {
        let body = (try? JSONCoding.encoder.encode(value)) ?? Data("{}".utf8)
        return FastCGIResponse(
            status: status, headers: common(contentType: "application/json") + headers, body: Array(body))
    }

    /// JSON already encoded (a cached progress object).
    static func json(_ status: Int, encoded body: [UInt8]) -> FastCGIResponse {
        FastCGIResponse(status: status, headers: common(contentType: "application/json"), body: body)
    }

    static func error(_ error: APIError) -> FastCGIResponse {
        json(error.status, ErrorBody(error: error), headers: error.headers)
    }

    static func html(_ status: Int, _ page: String, headers: [(name: String, value: String)] = []) -> FastCGIResponse {
        FastCGIResponse(
            status: status, headers: common(contentType: "text/html; charset=utf-8") + headers,
            body: Array(page.utf8))
    }

    static func redirect(to location: String, headers: [(name: String, value: String)] = []) -> FastCGIResponse {
        FastCGIResponse(status: 303, headers: common(contentType: "text/plain") + [("Location", location)] + headers)
    }

    static func noContent(retryAfter seconds: Int) -> FastCGIResponse {
        FastCGIResponse(status: 204, headers: [("Retry-After", String(seconds)), ("Cache-Control", "no-store")])
    }

    private static func common(contentType: String) -> [(name: String, value: String)] {
        [("Content-Type", contentType), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]
    }

    private struct ErrorBody: Encodable {
        let error: APIError
    }
}

/// JSON as the API writes it: snake_case keys, ISO 8601 times with milliseconds, sorted keys
/// (stable output for people diffing it).
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }()

    /// `2026-11-21T10:00:01.250Z`. Written by hand: the status endpoint writes several per answer,
    /// and Foundation's format styles cost more than the rest of the answer together.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (quotient, remainder) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var seconds = time_t(remainder < 0 ? quotient - 1 : quotient)
        let fraction = Int32(remainder < 0 ? remainder + 1000 : remainder)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(fraction, 3))Z"
    }
}
