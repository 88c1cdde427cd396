import Discogs
import SpindleStore

/// Every URL of the site: stable, readable, with ids where names are not unique.
enum Routes {
    static let home = "/"
    static let wantlist = "/wantlist/"
    static let stats = "/stats/"
    static let syncs = "/syncs/"
    /// Smart lists: the index; each list is `/lists/<slug>/` (see `ListCatalog`).
    static let lists = "/lists/"
    /// The marketplace inventory (only with active listings); `history` lists those sold or withdrawn.
    static let forSale = "/for-sale/"
    static let forSaleHistory = "/for-sale/history/"
    /// The Sync page: the browser worker that syncs through the user's own browser.
    static let syncNow = "/sync/"
    static let notFound = "/404.html"
    static let searchIndex = "/search-index.json"
    static let additionsFeed = "/feeds/additions.xml"
    static let syncsFeed = "/feeds/syncs.xml"
    static let sitemap = "/sitemap.xml"

    /// `/release/1-the-persuader-stockholm/`.
    static func release(_ release: Release) -> String {
        let artist = release.artists.first.map { Names.display($0.name) } ?? ""
        let slug = Slug.make(artist.isEmpty ? release.title : "\(artist) \(release.title)")
        return slug.isEmpty ? "/release/\(release.id)/" : "/release/\(release.id)-\(slug)/"
    }

    /// `/master/113-vince-watson-moments-in-time/`: a master with a version in the collection.
    static func master(_ master: SiteMaster) -> String {
        let artist = master.artists.first.map { Names.display($0.name) } ?? ""
        let slug = Slug.make(artist.isEmpty ? master.title : "\(artist) \(master.title)")
        return slug.isEmpty ? "/master/\(master.id)/" : "/master/\(master.id)-\(slug)/"
    }

    static func discogsMaster(_ id: Int) -> String { "https://www.discogs.com/master/\(id)" }
    static func discogsArtist(_ id: Int) -> String { "https://www.discogs.com/artist/\(id)" }
    static func discogsLabel(_ id: Int) -> String { "https://www.discogs.com/label/\(id)" }

    static func sync(_ id: Int64) -> String { "/syncs/\(id)/" }

    /// Page `n` of a paginated list whose first page is `base`.
    static func paged(_ base: String, page: Int) -> String { page <= 1 ? base : "\(base)page/\(page)/" }

    /// The file a URL is served from: `/release/1-x/` → `release/1-x/index.html`.
    static func file(_ url: String) -> String {
        let trimmed = url.hasPrefix("/") ? String(url.dropFirst()) : url
        return trimmed.isEmpty || trimmed.hasSuffix("/") ? trimmed + "index.html" : trimmed
    }

    static func discogsRelease(_ release: Release) -> String {
        release.uri ?? "https://www.discogs.com/release/\(release.id)"
    }
}

/// The collection's own orders, each a paginated list under `/collection/`.
enum CollectionSort: String, CaseIterable, Sendable {
    case added, artist, title, year

    var label: String {
        switch self {
        case .added: "Recently added"
        case .artist: "Artist"
        case .title: "Title"
        case .year: "Year"
        }
    }

    var base: String { self == .added ? "/collection/" : "/collection/\(rawValue)/" }
}
