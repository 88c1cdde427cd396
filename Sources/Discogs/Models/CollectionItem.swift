/// One copy of a release in a collection. Two copies of one release are two items with
/// different `instanceID`s; the instance id is the key.
public struct CollectionItem: Codable, Sendable, Equatable {
    public var releaseID: Int
    public var instanceID: Int
    /// Missing when the caller is not the owner (the irlndts recording); the folder listed is then used.
    public var folderID: Int?
    public var rating: Int
    /// ISO 8601 with the Pacific offset Discogs uses, e.g. `2020-10-28T09:37:50-07:00`.
    public var dateAdded: String?
    /// `field_id → value`. Discogs leaves the `notes` key out when an item has none.
    public var notes: [Note]
    public var basicInformation: BasicInformation

    public struct Note: Codable, Sendable, Equatable {
        public var fieldID: Int
        public var value: String

        public init(fieldID: Int, value: String) {
            self.fieldID = fieldID
            self.value = value
        }

        enum CodingKeys: String, CodingKey {
            case fieldID = "field_id"
            case value
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            fieldID = try c.integer(.fieldID) ?? 0
            value = try c.text(.value) ?? ""
        }
    }

    enum CodingKeys: String, CodingKey {
        case releaseID = "id"
        case instanceID = "instance_id"
        case folderID = "folder_id"
        case rating, notes
        case dateAdded = "date_added"
        case basicInformation = "basic_information"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instanceID = try c.integer(.instanceID) ?? 0
        folderID = try c.integer(.folderID)
        rating = try c.integer(.rating) ?? 0
        dateAdded = try c.text(.dateAdded).nonEmpty
        notes = try c.list(.notes)
        basicInformation = try c.decode(BasicInformation.self, forKey: .basicInformation)
        releaseID = try c.integer(.releaseID) ?? basicInformation.id
    }
}

/// `GET /users/{u}/collection/folders/{f}/releases` and `GET /users/{u}/collection/releases/{id}`.
public struct CollectionPage: Codable, Sendable, Equatable {
    public var pagination: Pagination
    public var releases: [CollectionItem]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        releases = try c.requiredList(.releases)
        pagination =
            try c.decodeIfPresent(Pagination.self, forKey: .pagination)
            ?? Pagination(page: 1, pages: 1, perPage: releases.count, items: releases.count)
    }
}
