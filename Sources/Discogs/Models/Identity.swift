/// `GET /oauth/identity`: who the token belongs to. Asked first, before any `/users/{u}` call.
public struct Identity: Codable, Sendable, Equatable {
    public var id: Int
    public var username: String
    public var consumerName: String?

    enum CodingKeys: String, CodingKey {
        case id, username
        case consumerName = "consumer_name"
    }
}

/// The body of every Discogs error response: `{"message": "..."}`.
public struct ErrorMessage: Codable, Sendable, Equatable {
    public var message: String
}
