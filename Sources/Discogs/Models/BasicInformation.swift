/// The release summary embedded in every collection item and want. Its hash tells a sync
/// whether the full release must be fetched again.
public struct BasicInformation: Codable, Sendable, Equatable {
    public var id: Int
    public var masterID: Int?
    public var title: String
    public var year: Int?
    public var thumb: String?
    public var coverImage: String?
    public var formats: [Format]
    public var labels: [EntityCredit]
    public var artists: [ArtistCredit]
    public var genres: [String]
    public var styles: [String]

    public init(
        id: Int, masterID: Int? = nil, title: String, year: Int? = nil, thumb: String? = nil,
        coverImage: String? = nil, formats: [Format] = [], labels: [EntityCredit] = [],
        artists: [ArtistCredit] = [], genres: [String] = [], styles: [String] = []
    ) {
        self.id = id
        self.masterID = masterID
        self.title = title
        self.year = year
        self.thumb = thumb
        self.coverImage = coverImage
        self.formats = formats
        self.labels = labels
        self.artists = artists
        self.genres = genres
        self.styles = styles
    }

    enum CodingKeys: String, CodingKey {
        case id, title, year, thumb, formats, labels, artists, genres, styles
        case masterID = "master_id"
        case coverImage = "cover_image"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.integer(.id) ?? 0
        masterID = try c.integer(.masterID).flatMap { $0 == 0 ? nil : $0 }  // 0 means "no master"
        title = try c.text(.title) ?? ""
        year = try c.integer(.year).flatMap { $0 == 0 ? nil : $0 }  // 0 means "unknown"
        thumb = try c.text(.thumb).nonEmpty
        coverImage = try c.text(.coverImage).nonEmpty
        formats = try c.list(.formats)
        labels = try c.list(.labels)
        artists = try c.list(.artists)
        genres = try c.list(.genres)
        styles = try c.list(.styles)
    }
}
