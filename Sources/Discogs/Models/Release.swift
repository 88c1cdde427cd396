/// A full release: `GET /releases/{id}`, and (later) a `<release>` from the monthly dumps.
/// Every list defaults to empty because Discogs leaves keys out instead of sending `[]`.
public struct Release: Codable, Sendable, Equatable {
    public var id: Int
    public var title: String
    public var status: String?
    public var year: Int?
    public var country: String?
    /// As entered: `1999-03-00`, `1975`, or empty.
    public var released: String?
    public var releasedFormatted: String?
    public var notes: String?
    public var dataQuality: String?
    public var masterID: Int?
    public var artistsSort: String?
    public var formatQuantity: Int?
    public var dateAdded: String?
    public var dateChanged: String?
    public var numForSale: Int?
    public var lowestPrice: Double?
    public var uri: String?
    public var thumb: String?
    public var estimatedWeight: Int?
    public var blockedFromSale: Bool?
    public var community: Community?
    public var artists: [ArtistCredit]
    public var extraArtists: [ArtistCredit]
    public var labels: [EntityCredit]
    public var series: [EntityCredit]
    public var companies: [EntityCredit]
    public var formats: [Format]
    public var genres: [String]
    public var styles: [String]
    public var tracklist: [Track]
    public var identifiers: [Identifier]
    public var videos: [Video]
    public var images: [Image]

    public init(
        id: Int, title: String, status: String? = nil, year: Int? = nil, country: String? = nil,
        released: String? = nil, releasedFormatted: String? = nil, notes: String? = nil,
        dataQuality: String? = nil, masterID: Int? = nil, artistsSort: String? = nil,
        formatQuantity: Int? = nil, dateAdded: String? = nil, dateChanged: String? = nil,
        numForSale: Int? = nil, lowestPrice: Double? = nil, uri: String? = nil, thumb: String? = nil,
        estimatedWeight: Int? = nil, blockedFromSale: Bool? = nil, community: Community? = nil,
        artists: [ArtistCredit] = [], extraArtists: [ArtistCredit] = [], labels: [EntityCredit] = [],
        series: [EntityCredit] = [], companies: [EntityCredit] = [], formats: [Format] = [],
        genres: [String] = [], styles: [String] = [], tracklist: [Track] = [],
        identifiers: [Identifier] = [], videos: [Video] = [], images: [Image] = []
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.year = year
        self.country = country
        self.released = released
        self.releasedFormatted = releasedFormatted
        self.notes = notes
        self.dataQuality = dataQuality
        self.masterID = masterID
        self.artistsSort = artistsSort
        self.formatQuantity = formatQuantity
        self.dateAdded = dateAdded
        self.dateChanged = dateChanged
        self.numForSale = numForSale
        self.lowestPrice = lowestPrice
        self.uri = uri
        self.thumb = thumb
        self.estimatedWeight = estimatedWeight
        self.blockedFromSale = blockedFromSale
        self.community = community
        self.artists = artists
        self.extraArtists = extraArtists
        self.labels = labels
        self.series = series
        self.companies = companies
        self.formats = formats
        self.genres = genres
        self.styles = styles
        self.tracklist = tracklist
        self.identifiers = identifiers
        self.videos = videos
        self.images = images
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, year, country, released, notes, uri, thumb, community
        case artists, labels, series, companies, formats, genres, styles, tracklist
        case identifiers, videos, images
        case releasedFormatted = "released_formatted"
        case dataQuality = "data_quality"
        case masterID = "master_id"
        case artistsSort = "artists_sort"
        case formatQuantity = "format_quantity"
        case dateAdded = "date_added"
        case dateChanged = "date_changed"
        case numForSale = "num_for_sale"
        case lowestPrice = "lowest_price"
        case estimatedWeight = "estimated_weight"
        case blockedFromSale = "blocked_from_sale"
        case extraArtists = "extraartists"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = try c.integer(.id) else {
            throw DecodingError.keyNotFound(
                CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "a release needs an id"))
        }
        self.id = id
        title = try c.text(.title) ?? ""
        status = try c.text(.status).nonEmpty
        year = try c.integer(.year).flatMap { $0 == 0 ? nil : $0 }
        country = try c.text(.country).nonEmpty
        released = try c.text(.released).nonEmpty
        releasedFormatted = try c.text(.releasedFormatted).nonEmpty
        notes = try c.text(.notes).nonEmpty
        dataQuality = try c.text(.dataQuality).nonEmpty
        masterID = try c.integer(.masterID).flatMap { $0 == 0 ? nil : $0 }
        artistsSort = try c.text(.artistsSort).nonEmpty
        formatQuantity = try c.integer(.formatQuantity)
        dateAdded = try c.text(.dateAdded).nonEmpty
        dateChanged = try c.text(.dateChanged).nonEmpty
        numForSale = try c.integer(.numForSale)
        lowestPrice = try c.number(.lowestPrice)
        uri = try c.text(.uri).nonEmpty
        thumb = try c.text(.thumb).nonEmpty
        estimatedWeight = try c.integer(.estimatedWeight)
        blockedFromSale = try c.flag(.blockedFromSale)
        community = try c.decodeIfPresent(Community.self, forKey: .community)
        artists = try c.list(.artists)
        extraArtists = try c.list(.extraArtists)
        labels = try c.list(.labels)
        series = try c.list(.series)
        companies = try c.list(.companies)
        formats = try c.list(.formats)
        genres = try c.list(.genres)
        styles = try c.list(.styles)
        tracklist = try c.list(.tracklist)
        identifiers = try c.list(.identifiers)
        videos = try c.list(.videos)
        images = try c.list(.images)
    }

    /// The cover: the image Discogs marks primary, else the first one.
    public var primaryImage: Image? { images.first { $0.type == "primary" } ?? images.first }
}

/// The community block of a release: how many have and want it, and its average rating.
public struct Community: Codable, Sendable, Equatable {
    public var have: Int?
    public var want: Int?
    public var ratingAverage: Double?
    public var ratingCount: Int?

    public init(have: Int? = nil, want: Int? = nil, ratingAverage: Double? = nil, ratingCount: Int? = nil) {
        self.have = have
        self.want = want
        self.ratingAverage = ratingAverage
        self.ratingCount = ratingCount
    }

    enum CodingKeys: String, CodingKey { case have, want, rating }
    enum RatingKeys: String, CodingKey { case average, count }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        have = try c.integer(.have)
        want = try c.integer(.want)
        if c.contains(.rating), try !c.decodeNil(forKey: .rating) {
            let rating = try c.nestedContainer(keyedBy: RatingKeys.self, forKey: .rating)
            ratingAverage = try rating.number(.average)
            ratingCount = try rating.integer(.count)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(have, forKey: .have)
        try c.encodeIfPresent(want, forKey: .want)
        var rating = c.nestedContainer(keyedBy: RatingKeys.self, forKey: .rating)
        try rating.encodeIfPresent(ratingAverage, forKey: .average)
        try rating.encodeIfPresent(ratingCount, forKey: .count)
    }
}

/// A tracklist row: a track, a heading, or an index track whose parts are `subTracks`.
public struct Track: Codable, Sendable, Equatable {
    public var position: String?
    /// `track`, `heading` or `index`.
    public var type: String?
    public var title: String
    public var duration: String?
    public var artists: [ArtistCredit]
    public var extraArtists: [ArtistCredit]
    public var subTracks: [Track]

    public init(
        position: String? = nil, type: String? = "track", title: String, duration: String? = nil,
        artists: [ArtistCredit] = [], extraArtists: [ArtistCredit] = [], subTracks: [Track] = []
    ) {
        self.position = position
        self.type = type
        self.title = title
        self.duration = duration
        self.artists = artists
        self.extraArtists = extraArtists
        self.subTracks = subTracks
    }

    enum CodingKeys: String, CodingKey {
        case position, title, duration, artists
        case type = "type_"
        case extraArtists = "extraartists"
        case subTracks = "sub_tracks"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        position = try c.text(.position).nonEmpty
        type = try c.text(.type).nonEmpty
        title = try c.text(.title) ?? ""
        duration = try c.text(.duration).nonEmpty
        artists = try c.list(.artists)
        extraArtists = try c.list(.extraArtists)
        subTracks = try c.list(.subTracks)
    }
}

/// Barcode, matrix/runout, rights society and other codes printed on a release.
public struct Identifier: Codable, Sendable, Equatable {
    public var type: String
    public var value: String
    public var description: String?

    public init(type: String, value: String, description: String? = nil) {
        self.type = type
        self.value = value
        self.description = description
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.text(.type) ?? ""
        value = try c.text(.value) ?? ""
        description = try c.text(.description).nonEmpty
    }
}

public struct Video: Codable, Sendable, Equatable {
    public var uri: String
    public var title: String?
    public var description: String?
    /// Seconds.
    public var duration: Int?
    public var embed: Bool?

    public init(uri: String, title: String? = nil, description: String? = nil, duration: Int? = nil, embed: Bool? = nil)
    {
        self.uri = uri
        self.title = title
        self.description = description
        self.duration = duration
        self.embed = embed
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        uri = try c.text(.uri) ?? ""
        title = try c.text(.title).nonEmpty
        description = try c.text(.description).nonEmpty
        duration = try c.integer(.duration)
        embed = try c.flag(.embed)
    }
}

/// An image. URLs are signed: they must be used exactly as given (any change gives 403).
public struct Image: Codable, Sendable, Equatable {
    /// `primary` or `secondary`.
    public var type: String?
    public var uri: String?
    public var uri150: String?
    public var resourceURL: String?
    public var width: Int?
    public var height: Int?

    public init(
        type: String? = nil, uri: String? = nil, uri150: String? = nil, resourceURL: String? = nil,
        width: Int? = nil, height: Int? = nil
    ) {
        self.type = type
        self.uri = uri
        self.uri150 = uri150
        self.resourceURL = resourceURL
        self.width = width
        self.height = height
    }

    enum CodingKeys: String, CodingKey {
        case type, uri, uri150, width, height
        case resourceURL = "resource_url"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.text(.type).nonEmpty
        uri = try c.text(.uri).nonEmpty
        uri150 = try c.text(.uri150).nonEmpty
        resourceURL = try c.text(.resourceURL).nonEmpty
        width = try c.integer(.width)
        height = try c.integer(.height)
    }
}
