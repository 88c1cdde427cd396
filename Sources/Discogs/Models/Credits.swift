/// An artist credit on a release, track or master: main artists, extra artists (with `role`),
/// and track-level credits. `anv` is the name variation printed on the release.
public struct ArtistCredit: Codable, Sendable, Equatable, Hashable {
    public var id: Int?
    public var name: String
    public var anv: String?
    public var join: String?
    public var role: String?
    public var tracks: String?

    public init(
        id: Int?, name: String, anv: String? = nil, join: String? = nil, role: String? = nil,
        tracks: String? = nil
    ) {
        self.id = id
        self.name = name
        self.anv = anv
        self.join = join
        self.role = role
        self.tracks = tracks
    }

    enum CodingKeys: String, CodingKey { case id, name, anv, join, role, tracks }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.integer(.id)
        name = try c.text(.name) ?? ""
        anv = try c.text(.anv).nonEmpty
        join = try c.text(.join).nonEmpty
        role = try c.text(.role).nonEmpty
        tracks = try c.text(.tracks).nonEmpty
    }

    /// The name as printed on the release: the variation when there is one.
    public var displayName: String { anv ?? name }
}

/// A label, series or company credit: `labels[]`, `series[]` and `companies[]` share this shape.
/// Companies carry their role in `entityTypeName` ("Phonographic Copyright (p)", "Pressed By").
public struct EntityCredit: Codable, Sendable, Equatable, Hashable {
    public var id: Int?
    public var name: String
    public var catno: String?
    public var entityType: String?
    public var entityTypeName: String?

    public init(
        id: Int?, name: String, catno: String? = nil, entityType: String? = nil, entityTypeName: String? = nil
    ) {
        self.id = id
        self.name = name
        self.catno = catno
        self.entityType = entityType
        self.entityTypeName = entityTypeName
    }

    enum CodingKeys: String, CodingKey {
        case id, name, catno
        case entityType = "entity_type"
        case entityTypeName = "entity_type_name"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.integer(.id)
        name = try c.text(.name) ?? ""
        catno = try c.text(.catno).nonEmpty
        entityType = try c.text(.entityType).nonEmpty
        entityTypeName = try c.text(.entityTypeName).nonEmpty
    }
}

/// One format of a release: `{"name": "Vinyl", "qty": "2", "text": "Gatefold", "descriptions": ["LP"]}`.
/// `qty` is a string in the API; it is kept as text because dumps carry odd values too.
public struct Format: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var qty: String?
    public var text: String?
    public var descriptions: [String]

    public init(name: String, qty: String? = nil, text: String? = nil, descriptions: [String] = []) {
        self.name = name
        self.qty = qty
        self.text = text
        self.descriptions = descriptions
    }

    enum CodingKeys: String, CodingKey { case name, qty, text, descriptions }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.text(.name) ?? ""
        qty = try c.text(.qty).nonEmpty
        text = try c.text(.text).nonEmpty
        descriptions = try c.list(.descriptions)
    }
}

extension Optional where Wrapped == String {
    /// Discogs sends `""` where it means "none"; treat both the same.
    var nonEmpty: String? {
        switch self {
        case .some(let value) where !value.isEmpty: value
        default: nil
        }
    }
}
