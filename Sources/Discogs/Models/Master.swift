/// A master release (`GET /masters/{id}`): the work that groups a release's versions.
public struct Master: Codable, Sendable, Equatable {
    public var id: Int
    public var title: String
    public var year: Int?
    public var mainReleaseID: Int?
    public var mostRecentReleaseID: Int?
    public var dataQuality: String?
    public var artists: [ArtistCredit]
    public var genres: [String]
    public var styles: [String]

    public init(
        id: Int, title: String, year: Int? = nil, mainReleaseID: Int? = nil, mostRecentReleaseID: Int? = nil,
        dataQuality: String? = nil, artists: [ArtistCredit] = [], genres: [String] = [], styles: [String] = []
    ) {
        self.id = id
        self.title = title
        self.year = year
        self.mainReleaseID = mainReleaseID
        self.mostRecentReleaseID = mostRecentReleaseID
        self.dataQuality = dataQuality
        self.artists = artists
        self.genres = genres
        self.styles = styles
    }

    enum CodingKeys: String, CodingKey {
        case id, title, year, artists, genres, styles
        case mainReleaseID = "main_release"
        case mostRecentReleaseID = "most_recent_release"
        case dataQuality = "data_quality"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.integer(.id) ?? 0
        title = try c.text(.title) ?? ""
        year = try c.integer(.year).flatMap { $0 == 0 ? nil : $0 }
        mainReleaseID = try c.integer(.mainReleaseID)
        mostRecentReleaseID = try c.integer(.mostRecentReleaseID)
        dataQuality = try c.text(.dataQuality).nonEmpty
        artists = try c.list(.artists)
        genres = try c.list(.genres)
        styles = try c.list(.styles)
    }
}
