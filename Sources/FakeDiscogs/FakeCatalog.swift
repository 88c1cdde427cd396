import Foundation

/// The Discogs database of the fake: releases described compactly and rendered on request from
/// the recorded release fixtures, so 5,000 releases cost kilobytes, not 50 MB.
public struct FakeRelease: Sendable, Equatable {
    public var id: Int
    public var title: String
    public var year: Int?
    public var artists: [FakeArtist]
    public var label: FakeLabel
    public var genres: [String]
    public var styles: [String]
    public var masterID: Int?
    /// Which recorded release body to dress up.
    public var template: Int
    /// Adds an index track with sub-tracks, as Discogs lists suites and medleys.
    public var hasSubTracks: Bool
    /// Bumped when Discogs re-signs the image URLs (same images, new URLs).
    public var imageRevision = 0

    public struct FakeArtist: Sendable, Equatable {
        public var id: Int
        public var name: String
    }

    public struct FakeLabel: Sendable, Equatable {
        public var id: Int
        public var name: String
        public var catno: String
    }
}

extension FakeRelease {
    /// The body of `GET /releases/{id}`: a recorded release with this release's identity.
    func fullJSON() -> JSONValue {
        var json = FakeCatalog.templates[template % FakeCatalog.templates.count]
        json["id"] = .int(id)
        json["title"] = .string(title)
        json["year"] = .int(year ?? 0)
        json["resource_url"] = .string("https://api.discogs.com/releases/\(id)")
        json["uri"] = .string("https://www.discogs.com/release/\(id)")
        json["artists"] = .array(
            artists.enumerated().map { index, artist in artistJSON(artist, last: index == artists.count - 1) })
        json["artists_sort"] = .string(artists.map(\.name).joined(separator: " & "))
        json["labels"] = [labelJSON()]
        json["genres"] = .array(genres.map { .string($0) })
        json["styles"] = .array(styles.map { .string($0) })
        if let masterID {
            json["master_id"] = .int(masterID)
            json["master_url"] = .string("https://api.discogs.com/masters/\(masterID)")
        } else {
            json["master_id"] = nil
            json["master_url"] = nil
        }
        if hasSubTracks, var tracks = json["tracklist"]?.array {
            tracks.append([
                "position": "", "type_": "index", "title": .string("Suite For \(title)"), "duration": "",
                "sub_tracks": [
                    ["position": "C1a", "type_": "track", "title": "Overture", "duration": "3:10"],
                    ["position": "C1b", "type_": "track", "title": "Finale", "duration": "4:05"],
                ],
            ])
            json["tracklist"] = .array(tracks)
        }
        return json
    }

    /// The `basic_information` embedded in collection items and wants, derived from the full body
    /// exactly as Discogs derives it.
    func basicInformation() -> JSONValue {
        let template = FakeCatalog.summaryParts[template % FakeCatalog.summaryParts.count]
        return [
            "id": .int(id),
            "master_id": .int(masterID ?? 0),
            "master_url": masterID.map { .string("https://api.discogs.com/masters/\($0)") } ?? .null,
            "resource_url": .string("https://api.discogs.com/releases/\(id)"),
            "thumb": resigned(template.thumb),
            "cover_image": resigned(template.cover),
            "title": .string(title),
            "year": .int(year ?? 0),
            "formats": template.formats,
            "labels": [labelJSON()],
            "artists": .array(
                artists.enumerated().map { index, artist in
                    artistJSON(artist, last: index == artists.count - 1, thumbnail: false)
                }),
            "genres": .array(genres.map { .string($0) }),
            "styles": .array(styles.map { .string($0) }),
        ]
    }

    private func resigned(_ url: JSONValue) -> JSONValue {
        guard imageRevision > 0, let text = url.string, !text.isEmpty else { return url }
        return .string(text + "?sig=\(imageRevision)")
    }

    private func artistJSON(_ artist: FakeArtist, last: Bool, thumbnail: Bool = true) -> JSONValue {
        var json: JSONValue = [
            "name": .string(artist.name), "anv": "", "join": last ? "" : "&", "role": "", "tracks": "",
            "id": .int(artist.id), "resource_url": .string("https://api.discogs.com/artists/\(artist.id)"),
        ]
        if thumbnail { json["thumbnail_url"] = "" }
        return json
    }

    private func labelJSON() -> JSONValue {
        [
            "name": .string(label.name), "catno": .string(label.catno), "entity_type": "1",
            "entity_type_name": "Label", "id": .int(label.id),
            "resource_url": .string("https://api.discogs.com/labels/\(label.id)"),
        ]
    }
}

/// Deterministic generation of plausible releases.
public enum FakeCatalog {
    static let templates: [JSONValue] = Fixtures.releaseTemplates.map(Fixtures.json)

    /// What a summary takes from its template (formats and images), worked out once.
    static let summaryParts: [(formats: JSONValue, thumb: JSONValue, cover: JSONValue)] = templates.map { full in
        let images = full["images"]?.array ?? []
        let primary = images.first { $0["type"]?.string == "primary" } ?? images.first
        return (full["formats"] ?? [], full["thumb"] ?? "", primary?["uri"] ?? "")
    }

    static let artistNames = [
        "Keith Jarrett", "Alice Coltrane", "The Persuader", "Björk", "Sun Ra", "Nina Simone", "Aphex Twin",
        "Os Mutantes", "Fela Kuti", "Kraftwerk", "Moondog", "Laurie Anderson", "Mulatu Astatke", "Can",
        "Suicide", "Yellow Magic Orchestra", "Grace Jones", "Hiroshi Yoshimura", "Ali Farka Touré", "Talk Talk",
    ]
    static let labels = [
        ("ECM Records", "ECM"), ("Blue Note", "BLP"), ("Warp Records", "WARP"), ("Impulse!", "AS"), ("4AD", "CAD"),
        ("Factory", "FACT"), ("Svek", "SK"), ("Strut", "STRUT"),
    ]
    static let genreStyles = [
        ("Jazz", ["Hard Bop", "Free Jazz"]), ("Electronic", ["Deep House", "Ambient"]), ("Rock", ["Krautrock"]),
        ("Funk / Soul", ["Afrobeat"]), ("Pop", ["Synth-pop"]),
    ]
    static let words = [
        "Night", "Köln", "Concert", "Blue", "Stockholm", "Mirror", "Garden", "Signal", "Echo", "River", "Static",
        "Dawn", "Tokyo", "Velvet", "Orbit", "\"Live\"", "& Friends", "Ø", "Suite", "Dub",
    ]

    /// The body of `GET /releases/{id}` for release `id` (benchmarks fill databases with it).
    public static func releaseJSON(id: Int) -> Data { release(id: id).fullJSON().data }

    /// Release `id`, the same on every call.
    public static func release(id: Int) -> FakeRelease {
        var generator = SplitMix(seed: UInt64(id))
        let artistCount = generator.next(below: 5) == 0 ? 2 : 1
        let artists = (0..<artistCount).map { index in
            let pick = (id + index * 7) % artistNames.count
            return FakeRelease.FakeArtist(id: 1000 + pick, name: artistNames[pick])
        }
        let label = labels[generator.next(below: labels.count)]
        let (genre, styles) = genreStyles[generator.next(below: genreStyles.count)]
        let title = (0..<(1 + generator.next(below: 3))).map { _ in words[generator.next(below: words.count)] }
            .joined(separator: " ")
        let year = generator.next(below: 12) == 0 ? nil : 1955 + generator.next(below: 70)
        return FakeRelease(
            id: id, title: title, year: year, artists: artists,
            label: .init(id: 500 + labels.firstIndex { $0 == label }!, name: label.0, catno: "\(label.1) \(id % 997)"),
            genres: [genre], styles: Array(styles.prefix(1 + generator.next(below: styles.count))),
            masterID: generator.next(below: 4) == 0 ? nil : 90_000 + id / 2, template: generator.next(below: 4),
            hasSubTracks: id % 17 == 0)
    }
}

/// A tiny deterministic generator, so that a fake built twice is the same fake.
/// SplitMix64: a small generator whose sequence is the same on every run and machine, for the
/// fake's generated accounts and for tests and benchmarks that must be replayable.
public struct SplitMix: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    public mutating func pick<T>(_ items: [T]) -> T { items[next(below: items.count)] }
}

extension FakeCatalog {
    /// The body of `GET /masters/{id}` for the masters the fake's releases point at
    /// (`90_000 + release id / 2`): the recorded master with its id, title, year and main release
    /// changed, the same on every call. nil (a 404) for any other id.
    public static func masterJSON(id: Int) -> JSONValue? {
        guard id >= 90_000 else { return nil }
        let mainRelease = (id - 90_000) * 2
        var json = Fixtures.json("masters_ID.json")
        json["id"] = .int(id)
        json["title"] = .string("Master \(id)")
        // Originals come before their versions: a year from the 1950s to the 1990s.
        json["year"] = .int(1950 + (id * 7) % 50)
        json["main_release"] = .int(mainRelease)
        json["main_release_url"] = .string("https://api.discogs.com/releases/\(mainRelease)")
        json["resource_url"] = .string("https://api.discogs.com/masters/\(id)")
        return json
    }
}
