import Discogs
import Foundation
import SpindleStore

/// Files every owned release under its artists, labels, genres, styles, decade, year, formats and
/// folders, and orders each group as its page lists it.
enum Grouping {
    static func build(
        owned: [Int], releases: [Int: CatalogRelease], folders: [Int: Folder]
    ) -> [GroupKind: [String: CatalogGroup]] {
        var builder = Builder()
        for id in owned {
            guard let entry = releases[id] else { continue }
            let release = entry.release
            for artist in release.artists {
                builder.add(
                    id, .artist, identity: GroupLinks.artistIdentity(artist), name: Names.display(artist.name),
                    slugPrefix: artist.id.map(String.init) ?? "x",
                    discogs: artist.id.map(Routes.discogsArtist))
            }
            for label in release.labels {
                builder.add(
                    id, .label, identity: GroupLinks.labelIdentity(label), name: Names.display(label.name),
                    slugPrefix: label.id.map(String.init) ?? "x",
                    discogs: label.id.map(Routes.discogsLabel))
            }
            for genre in release.genres { builder.add(id, .genre, identity: genre, name: genre) }
            for style in release.styles { builder.add(id, .style, identity: style, name: style) }
            if let year = release.year {
                builder.add(
                    id, .decade, identity: String(year / 10 * 10), name: "\(year / 10 * 10)s",
                    slug: "\(year / 10 * 10)s")
                builder.add(id, .year, identity: String(year), name: String(year), slug: String(year))
            }
            for format in release.formats where !format.name.isEmpty {
                builder.add(id, .format, identity: format.name, name: format.name)
            }
            for folderID in Set(entry.copies.map(\.folderID)) {
                let name = folders[folderID]?.name ?? "Folder \(folderID)"
                builder.add(id, .folder, identity: String(folderID), name: name)
            }
        }
        var groups = builder.groups
        let unordered = groups.values.flatMap(\.values)
        for group in Parallel.map(unordered, { order($0, releases: releases) }) {
            groups[group.kind]![group.url] = group
        }
        return groups
    }

    /// The group with its releases in the order its page lists them.
    private static func order(_ group: CatalogGroup, releases: [Int: CatalogRelease]) -> CatalogGroup {
        let members = group.releases.compactMap { releases[$0] }
        var ordered = group
        switch group.kind {
        case .label:
            // Catalogue-number order, numbers compared as numbers (`ECM 900` before `ECM 1064`), releases
            // without a number on this label last; each member's number looked up once rather than per
            // comparison. The label is found by its identity (its id), as it was grouped: its name may
            // carry a `(2)` the group's name does not.
            let numbers = members.map { entry in
                Order.catalogueKey(
                    entry.release.labels.first { GroupLinks.labelIdentity($0) == group.identity }?.catno)
            }
            ordered.releases = zip(members, numbers).sorted { a, b in
                a.1 != b.1 ? a.1 < b.1 : Order.byYear(a.0, b.0)
            }.map { $0.0.release.id }
        case .artist, .decade: ordered.releases = members.sorted(by: Order.byYear).map { $0.release.id }
        default: ordered.releases = members.sorted(by: Order.byArtist).map { $0.release.id }
        }
        return ordered
    }

    /// Collects groups, then gives each a URL that no other group of its kind has. URLs are handed
    /// out in identity order, so a name shared by two groups gets the same `-2` on every build.
    struct Builder {
        private struct Pending {
            let kind: GroupKind
            let identity: String
            let name: String
            let slug: String
            let discogs: String?
            var releases: [Int]
        }

        private var pending: [String: Pending] = [:]

        mutating func add(
            _ releaseID: Int, _ kind: GroupKind, identity: String, name: String, slugPrefix: String? = nil,
            slug explicit: String? = nil, discogs: String? = nil
        ) {
            let key = GroupLinks.key(kind, identity)
            if pending[key] != nil {
                if pending[key]!.releases.last != releaseID { pending[key]!.releases.append(releaseID) }
                return
            }
            var slug = explicit ?? Slug.make(name)
            if slug.isEmpty { slug = Slug.stableNumber(identity) }
            if let slugPrefix { slug = "\(slugPrefix)-\(slug)" }
            pending[key] = Pending(
                kind: kind, identity: identity, name: name, slug: slug, discogs: discogs, releases: [releaseID])
        }

        var groups: [GroupKind: [String: CatalogGroup]] {
            var groups: [GroupKind: [String: CatalogGroup]] = [:]
            for key in pending.keys.sorted() {
                let entry = pending[key]!
                var url = "/\(entry.kind.rawValue)/\(entry.slug)/"
                var suffix = 2
                while groups[entry.kind]?[url] != nil {
                    url = "/\(entry.kind.rawValue)/\(entry.slug)-\(suffix)/"
                    suffix += 1
                }
                groups[entry.kind, default: [:]][url] = CatalogGroup(
                    kind: entry.kind, identity: entry.identity, name: entry.name, url: url, discogsURL: entry.discogs,
                    releases: entry.releases)
            }
            return groups
        }
    }
}

/// Finds the page of an artist, label, genre… mentioned on a release; nil when there is none (a
/// release only on the wantlist can name an artist the collection does not have).
struct GroupLinks: Sendable {
    private let urls: [String: String]

    init(groups: [GroupKind: [String: CatalogGroup]]) {
        var urls: [String: String] = [:]
        for (kind, byURL) in groups {
            for group in byURL.values { urls[Self.key(kind, group.identity)] = group.url }
        }
        self.urls = urls
    }

    func artist(_ credit: ArtistCredit) -> String? { urls[Self.key(.artist, Self.artistIdentity(credit))] }
    func label(_ credit: EntityCredit) -> String? { urls[Self.key(.label, Self.labelIdentity(credit))] }
    func artist(id: Int) -> String? { urls[Self.key(.artist, "#\(id)")] }
    func label(id: Int) -> String? { urls[Self.key(.label, "#\(id)")] }
    func genre(_ name: String) -> String? { urls[Self.key(.genre, name)] }
    func style(_ name: String) -> String? { urls[Self.key(.style, name)] }
    func format(_ name: String) -> String? { urls[Self.key(.format, name)] }
    func folder(_ id: Int) -> String? { urls[Self.key(.folder, String(id))] }
    func year(_ year: Int) -> String? { urls[Self.key(.year, String(year))] }

    static func key(_ kind: GroupKind, _ identity: String) -> String { "\(kind.rawValue)\u{1F}\(identity)" }
    static func artistIdentity(_ credit: ArtistCredit) -> String { credit.id.map { "#\($0)" } ?? credit.name }
    static func labelIdentity(_ credit: EntityCredit) -> String { credit.id.map { "#\($0)" } ?? credit.name }
}
