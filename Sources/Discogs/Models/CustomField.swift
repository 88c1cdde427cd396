/// A collection notes field (`GET /users/{u}/collection/fields`). The modern defaults are
/// "Media Condition" (1), "Sleeve Condition" (2) and "Notes" (3); no API creates or deletes them.
public struct CustomField: Codable, Sendable, Equatable {
    public var id: Int
    public var name: String
    /// `dropdown` or `textarea`.
    public var type: String
    public var position: Int
    public var isPublic: Bool
    public var options: [String]
    public var lines: Int?

    public init(
        id: Int, name: String, type: String, position: Int, isPublic: Bool, options: [String] = [],
        lines: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.position = position
        self.isPublic = isPublic
        self.options = options
        self.lines = lines
    }

    enum CodingKeys: String, CodingKey {
        case id, name, type, position, options, lines
        case isPublic = "public"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.integer(.id) ?? 0
        name = try c.text(.name) ?? ""
        type = try c.text(.type) ?? "textarea"
        position = try c.integer(.position) ?? id
        isPublic = try c.flag(.isPublic) ?? false
        options = try c.list(.options)
        lines = try c.integer(.lines)
    }

    /// The three fields every account has had since Discogs introduced custom notes.
    public static let defaults: [CustomField] = [
        CustomField(id: 1, name: "Media Condition", type: "dropdown", position: 1, isPublic: false),
        CustomField(id: 2, name: "Sleeve Condition", type: "dropdown", position: 2, isPublic: false),
        CustomField(id: 3, name: "Notes", type: "textarea", position: 3, isPublic: false, lines: 3),
    ]
}

/// `GET /users/{u}/collection/fields`.
public struct CustomFieldList: Codable, Sendable, Equatable {
    public var fields: [CustomField]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fields = try c.requiredList(.fields)
    }
}
