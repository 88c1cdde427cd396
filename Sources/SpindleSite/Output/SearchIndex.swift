import Discogs
import Foundation

/// `/search-index.json` for `public/assets/search.js`: one compact row per release in the
/// collection and the wantlist (format in docs/templates.md, "Search").
struct SearchIndex {
    let catalog: SiteCatalog

    func planned() -> PlannedPage {
        let ids = (catalog.owned + catalog.wanted.filter { catalog.releases[$0]?.isOwned == false })
        let entries = ids.compactMap { catalog.releases[$0] }
        let fingerprint = Fingerprint.of(["search-index-1"] + entries.map(\.cardFingerprint))
        return PlannedPage(
            url: Routes.searchIndex, file: Routes.file(Routes.searchIndex), fingerprint: fingerprint,
            body: .bytes({ Self.json(entries) }))
    }

    /// Written by hand: for 10,000 releases JSONSerialization took a noticeable share of a build.
    static func json(_ entries: [CatalogRelease]) -> Data {
        var out = #"{"fields":["url","title","artists","labels","year","thumb"],"items":["#
        out.reserveCapacity(entries.count * 160)
        for (index, entry) in entries.enumerated() {
            let release = entry.release
            let artists = Names.artists(release.artists)
            let labels = release.labels.map { [Names.display($0.name), $0.catno ?? ""].joined(separator: " ") }
                .joined(separator: ", ")
            if index > 0 { out += "," }
            out += "["
            for text in [entry.url, release.title, artists, labels] {
                JSONText.quote(text, into: &out)
                out += ","
            }
            out += release.year.map(String.init) ?? "null"
            out += ","
            if let thumb = release.thumb ?? release.images.first?.uri150 {
                JSONText.quote(thumb, into: &out)
            } else {
                out += "null"
            }
            out += "]"
        }
        out += #"],"version":1}"#
        return Data(out.utf8)
    }
}
