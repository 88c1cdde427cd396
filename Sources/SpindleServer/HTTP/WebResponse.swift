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

    static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true)
                .timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
