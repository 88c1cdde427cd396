import Discogs
import Foundation
import SpindleStore

// The parts of pages made from what the dumps say (`DiscogsFacts`): the master of a release, a
// master's own page, the "about" block of artist and label pages, and profile text. Each is nil
// or empty without dumps, so those pages stay as they were.

/// A master's page (`master.mustache`) and the master line of its versions' release pages.
enum MasterPage {
    /// `{id, title, url?, discogs_url, year?, main}` for a release page, or nil when the release
    /// has no master or the master is not stored.
    static func link(_ release: Release, catalog: SiteCatalog) -> Model? {
        guard let id = release.masterID, let master = catalog.facts.masters[id] else { return nil }
        var model: Model = [
            "id": id, "title": master.title, "discogs_url": Routes.discogsMaster(id),
            "main": catalog.facts.isMainRelease(release),
        ]
        if let year = master.year { model["year"] = year }
        if let url = catalog.masters[id]?.url { model["url"] = url }
        return model
    }

    /// Everything the page shows but the cards of its versions (added when it is rendered).
    static func model(_ entry: MasterEntry, catalog: SiteCatalog) -> Model {
        let master = entry.master
        let links = catalog.links
        var model: Model = [
            "id": master.id, "title": master.title, "url": entry.url, "discogs_url": Routes.discogsMaster(master.id),
            "artists": Shapes.artists(master.artists, links: links),
            "genres": master.genres.map { Shapes.named($0, url: links.genre($0)) },
            "styles": master.styles.map { Shapes.named($0, url: links.style($0)) },
            "notes": catalog.facts.masterNotes[master.id].map(catalog.segments) ?? [],
        ]
        if let year = master.year { model["year"] = year }
        if let quality = master.dataQuality { model["data_quality"] = quality }
        if let main = master.mainReleaseID {
            let local = catalog.releases[main]
            var release: Model = [
                "title": local?.release.title ?? catalog.facts.names.releases[main] ?? "Release \(main)",
                "url": local?.url ?? "https://www.discogs.com/release/\(main)",
            ]
            release["owned"] = local?.isOwned ?? false
            model["main_release"] = release
        }
        return model
    }

    /// `You own 1 version`, `You own 3 versions`.
    static func ownedText(_ count: Int) -> String { "You own \(count) \(Shapes.noun(count, "version"))" }
}

/// The block an artist or label page shows above its releases (`about` in `list.mustache`):
/// `{facts: [{term, values: [{text, url?}]}], profile: [segment], masters?: {owned, total, text}}`.
enum AboutModel {
    /// An artist's real name, aliases, groups and members that have a page here, links, profile,
    /// and how many of its masters the collection has a version of.
    static func artist(_ group: CatalogGroup, catalog: SiteCatalog) -> Model? {
        guard let id = entityID(group) else { return nil }
        let facts = catalog.facts
        var rows: [Model] = []
        var profile: [Model] = []
        if let artist = facts.artists[id] {
            if let real = artist.realName?.trimmingCharacters(in: .whitespacesAndNewlines), !real.isEmpty,
                real != artist.name
            {
                rows.append(row("Real name", [["text": real]]))
            }
            for relation in SiteArtist.Relation.allCases {
                let pages = artist.related.filter { $0.relation == relation }.compactMap(\.id).filter { $0 != id }
                    .compactMap(catalog.links.artist(id:))
                let values = unique(pages).map { url in
                    ["text": catalog.groups[.artist]?[url]?.name ?? url, "url": url] as Model
                }
                if !values.isEmpty { rows.append(row(title(relation), values)) }
            }
            if !artist.urls.isEmpty { rows.append(row("Links", artist.urls.map(webLink))) }
            profile = facts.artistProfiles[id].map(catalog.segments) ?? []
        }
        var model: Model = ["facts": rows, "profile": profile]
        let tally = facts.tallies[id]
        if let tally, tally.masters > 0 {
            model["masters"] =
                [
                    "owned": tally.owned, "total": tally.masters,
                    "text": "You own \(tally.owned) of \(tally.masters) \(Shapes.noun(tally.masters, "master"))",
                ] as Model
        }
        return rows.isEmpty && profile.isEmpty && model["masters"] == nil ? nil : model
    }

    /// A label's parent label, the sublabels that have a page here, links and profile.
    static func label(_ group: CatalogGroup, catalog: SiteCatalog) -> Model? {
        guard let id = entityID(group), let label = catalog.facts.labels[id] else { return nil }
        var rows: [Model] = []
        if label.parentID != nil || label.parentName != nil {
            let local = label.parentID.flatMap(catalog.links.label(id:))
            let name =
                local.flatMap { catalog.groups[.label]?[$0]?.name }
                ?? (label.parentName ?? label.parentID.flatMap { catalog.facts.names.labels[$0] }).map(Names.display)
            if let name, !name.isEmpty {
                var parent: Model = ["text": name]
                parent["url"] = local ?? label.parentID.map(Routes.discogsLabel)
                rows.append(row("Parent label", [parent]))
            }
        }
        let sublabels = unique(
            label.sublabels.compactMap(\.id).filter { $0 != id }.compactMap(catalog.links.label(id:)))
        if !sublabels.isEmpty {
            rows.append(
                row(
                    "Sublabels",
                    sublabels.map { ["text": catalog.groups[.label]?[$0]?.name ?? $0, "url": $0] as Model }))
        }
        if !label.urls.isEmpty { rows.append(row("Links", label.urls.map(webLink))) }
        let profile = catalog.facts.labelProfiles[id].map(catalog.segments) ?? []
        return rows.isEmpty && profile.isEmpty ? nil : ["facts": rows, "profile": profile]
    }

    /// The Discogs id of an artist or label group (`#123`); nil for one known only by name.
    private static func entityID(_ group: CatalogGroup) -> Int? {
        group.identity.hasPrefix("#") ? Int(group.identity.dropFirst()) : nil
    }

    private static func row(_ term: String, _ values: [Model]) -> Model { ["term": term, "values": values] }

    private static func title(_ relation: SiteArtist.Relation) -> String {
        switch relation {
        case .alias: "Aliases"
        case .group: "In groups"
        case .member: "Members"
        }
    }

    /// `{text, url?}` for a web address: linked only when it is http or https.
    private static func webLink(_ address: String) -> Model {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = Shapes.webURL(trimmed) else { return ["text": trimmed] }
        var text = trimmed
        for prefix in ["https://", "http://"] where text.lowercased().hasPrefix(prefix) {
            text.removeFirst(prefix.count)
        }
        if text.lowercased().hasPrefix("www.") { text.removeFirst(4) }
        if text.hasSuffix("/") { text.removeLast() }
        return ["text": text.isEmpty ? trimmed : text, "url": url]
    }

    private static func unique(_ urls: [String]) -> [String] {
        var seen: Set<String> = []
        return urls.filter { seen.insert($0).inserted }
    }
}

extension SiteCatalog {
    /// Markup as `[{text, url?}]` (write `{{#.url}}<a href="{{.}}">{{/.url}}{{text}}{{#.url}}</a>{{/.url}}`):
    /// artists, labels, masters and releases link to their page here when there is one, else to
    /// Discogs; names given by name link only to a page here; addresses only when http or https.
    func segments(_ pieces: [DiscogsMarkup.Piece]) -> [Model] {
        var segments: [Model] = []
        var text = ""
        func add(_ label: String, _ url: String?) {
            guard let url else {
                text += label
                return
            }
            if !text.isEmpty { segments.append(["text": text]) }
            text = ""
            segments.append(["text": label, "url": url])
        }
        let names = facts.names
        for piece in pieces {
            switch piece {
            case .text(let plain):
                text += plain
            case .link(let url, let label):
                add(label, Shapes.webURL(url))
            case .entity(.artist, let id?, _):
                add(
                    names.artists[id].map(Names.display) ?? "artist \(id)",
                    links.artist(id: id) ?? Routes.discogsArtist(id))
            case .entity(.label, let id?, _):
                add(
                    names.labels[id].map(Names.display) ?? "label \(id)", links.label(id: id) ?? Routes.discogsLabel(id)
                )
            case .entity(.master, let id?, _):
                add(names.masters[id] ?? "master \(id)", masters[id]?.url ?? Routes.discogsMaster(id))
            case .entity(.release, let id?, _):
                add(
                    releases[id]?.release.title ?? names.releases[id] ?? "release \(id)",
                    releases[id]?.url ?? "https://www.discogs.com/release/\(id)")
            case .entity(.artist, nil, let name?):
                add(Names.display(name), pagesByName["a\u{1F}\(name)"])
            case .entity(.label, nil, let name?):
                add(Names.display(name), pagesByName["l\u{1F}\(name)"])
            case .entity(_, nil, let name?):
                add(name, nil)
            case .entity(_, nil, nil):
                break
            }
        }
        if !text.isEmpty { segments.append(["text": text]) }
        return segments
    }
}
