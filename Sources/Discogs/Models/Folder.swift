/// A collection folder. Folder 0 is "All" (read-only), folder 1 is "Uncategorized".
public struct Folder: Codable, Sendable, Equatable {
    public var id: Int
    public var name: String
    public var count: Int?

    public init(id: Int, name: String, count: Int? = nil) {
        self.id = id
        self.name = name
        self.count = count
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.integer(.id) ?? 0
        name = try c.text(.name) ?? ""
        count = try c.integer(.count)
    }

    public static let allFolderID = 0
    public static let uncategorizedFolderID = 1
}

/// `GET /users/{u}/collection/folders`.
public struct FolderList: Codable, Sendable, Equatable {
    public var folders: [Folder]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        folders = try c.requiredList(.folders)
    }
}
