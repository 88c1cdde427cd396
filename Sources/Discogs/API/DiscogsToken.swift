/// A personal access token. It is sent only in the `Authorization` header (never in a URL, so it
/// cannot reach logs or the request table), and it prints as `<redacted>`.
public struct DiscogsToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let secret: String

    /// Nil for an empty or whitespace-only token.
    public init?(_ secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.secret = trimmed
    }

    public var authorizationHeader: String { "Discogs token=\(secret)" }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// What Spindle says it is. Discogs blocks generic agents, so every request carries this.
public enum SpindleIdentity {
    public static let version = "0.1.0"
    public static let projectURL = "https://github.com/spindle-records/spindle"
    public static let userAgent = "Spindle/\(version) +\(projectURL)"
}
