/// One wantlist entry. Unlike collection notes, a want's `notes` is a plain string; the 2014
/// shape called it `notes_public`.
public struct Want: Codable, Sendable, Equatable {
    public var releaseID: Int
    public var rating: Int
    public var dateAdded: String?
    public var notes: String
    public var basicInformation: BasicInformation

    enum CodingKeys: String, CodingKey {
        case releaseID = "id"
        case rating, notes
        case notesPublic = "notes_public"
        case dateAdded = "date_added"
        case basicInformation = "basic_information"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rating = try c.integer(.rating) ?? 0
        dateAdded = try c.text(.dateAdded).nonEmpty
        notes = try c.text(.notes) ?? c.text(.notesPublic) ?? ""
        basicInformation = try c.decode(BasicInformation.self, forKey: .basicInformation)
        releaseID = try c.integer(.releaseID) ?? basicInformation.id
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(releaseID, forKey: .releaseID)
        try c.encode(rating, forKey: .rating)
        try c.encodeIfPresent(dateAdded, forKey: .dateAdded)
        try c.encode(notes, forKey: .notes)
        try c.encode(basicInformation, forKey: .basicInformation)
    }
}

/// `GET /users/{u}/wants`.
public struct WantsPage: Codable, Sendable, Equatable {
    public var pagination: Pagination
    public var wants: [Want]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        wants = try c.requiredList(.wants)
        pagination =
            try c.decodeIfPresent(Pagination.self, forKey: .pagination)
            ?? Pagination(page: 1, pages: 1, perPage: wants.count, items: wants.count)
    }
}
