/// The `X-Discogs-Ratelimit*` headers that come with every response, errors and 429s included.
public struct RateLimitHeaders: Sendable, Equatable, Codable {
    /// Requests allowed per moving window (60 authenticated, 25 anonymous).
    public var limit: Int
    /// Requests counted in the current window; it can jump by 2 per request.
    public var used: Int?
    /// Requests left in the current window.
    public var remaining: Int?

    public init(limit: Int, used: Int? = nil, remaining: Int? = nil) {
        self.limit = limit
        self.used = used
        self.remaining = remaining
    }

    /// Nil when the response carries no usable limit header (an edge error page, a proxy).
    public init?(_ headers: HTTPHeaders) {
        guard let limit = headers["X-Discogs-Ratelimit"].flatMap(Self.number), limit > 0 else { return nil }
        self.limit = limit
        used = headers["X-Discogs-Ratelimit-Used"].flatMap(Self.number)
        remaining = headers["X-Discogs-Ratelimit-Remaining"].flatMap(Self.number)
    }

    private static func number(_ text: String) -> Int? { Int(text.trimmingCharacters(in: .whitespaces)) }
}
