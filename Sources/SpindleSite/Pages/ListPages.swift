import Discogs
import Foundation
import SpindleStore

/// Smart lists: `/lists/` (every list, fan-out children under their parent), and per list its
/// pages of cards (`/lists/<slug>/`, with the rule in words and who joined and left), a cover wall
/// (`/lists/<slug>/wall/`) and an Atom feed of who joined (`/lists/<slug>/feed.xml`). Nothing at
/// all when there are no lists.
struct ListPages {
    let catalog: SiteCatalog
    let settings: SiteSettings

    /// Covers per page of a wall: a cover is a small image, so a wall page holds many more
    /// releases than a page of cards.
    static let wallPerPage = 300

    /// Joins in a list's feed, newest first.
    static let feedEntries = 50

    func planned(global: String) -> [PlannedPage] {
        let lists = catalog.lists
        guard !lists.isEmpty else { return [] }
        var pages = [index(global: global)]
        for id in lists.ordered {
            guard let list = lists.lists[id] else { continue }
            pages += self.pages(list, global: global)
            pages += wall(list, global: global)
            pages.append(feed(list, global: global))
        }
        return pages
    }

    // MARK: - Models

    /// `{name, url, wall_url, feed_url, count, count_text, rule, base, children: [entry]}`.
    func entry(_ list: CatalogList, children: Bool = true) -> Model {
        let count = list.releases.count
        var model: Model = [
            "name": list.list.name, "url": list.url, "wall_url": list.wallURL, "feed_url": list.feedURL,
            "count": count, "count_text": Shapes.releaseCount(count), "rule": list.rule, "base": list.base,
            "children": children ? list.children.compactMap { catalog.lists.lists[$0] }.map { entry($0) } : [Model](),
        ]
        if let value = list.list.fanValue { model["fan_value"] = value }
        return model
    }

    /// What every page of a list says about it (`list` in docs/templates.md).
    func head(_ list: CatalogList) -> Model {
        var model: Model = [
            "name": list.list.name, "url": list.url, "wall_url": list.wallURL, "feed_url": list.feedURL,
            "rule": list.rule, "base": list.base,
            "built": list.list.rebuiltAt != nil || !list.releases.isEmpty || !list.events.isEmpty,
        ]
        if !list.pinnedOnly.isEmpty { model["pinned"] = list.pinnedOnly.count }
        if let query = list.list.query, !query.isEmpty { model["query"] = query }
        if let order = list.order { model["order"] = order }
        if let window = list.window { model["window"] = window }
        if let value = list.list.fanValue { model["fan_value"] = value }
        if let parent = list.parentID.flatMap({ catalog.lists.lists[$0] }) {
            model["parent"] = ["name": parent.list.name, "url": parent.url] as Model
        }
        return model
    }

    /// The newest joins and departures: `[{joined, date, date_iso, title, url?, artists}]`.
    func history(_ list: CatalogList) -> [Model] {
        list.events.prefix(ListCatalog.historyShown).map { event in
            let entry = catalog.releases[event.releaseID]
            let release = entry?.release ?? catalog.history[event.releaseID]?.release
            var model: Model = [
                "joined": event.joined, "date": Names.day(event.at),
                "date_iso": ISO8601DateFormatter.string(
                    from: event.at, timeZone: .gmt, formatOptions: .withInternetDateTime),
                "title": release?.title ?? "Release \(event.releaseID)",
                "artists": release.map { Shapes.artists($0.artists, links: catalog.links) } ?? [],
            ]
            if let url = entry?.url { model["url"] = url }
            return model
        }
    }

    /// The lists a release is in, for its page: `[{name, url, why, pinned, parent?}]`.
    static func memberships(_ releaseID: Int, catalog: SiteCatalog) -> [Model] {
        (catalog.lists.memberships[releaseID] ?? []).compactMap { catalog.lists.lists[$0] }.map { list in
            let pinned = list.pinnedOnly.contains(releaseID)
            var model: Model = [
                "name": list.list.name, "url": list.url, "pinned": pinned, "why": pinned ? "pinned by you" : list.why,
            ]
            if let parent = list.parentID.flatMap({ catalog.lists.lists[$0] }) {
                model["parent"] = ["name": parent.list.name, "url": parent.url] as Model
            }
            return model
        }
    }

    // MARK: - Pages

    private func index(global: String) -> PlannedPage {
        let entries = catalog.lists.topLevel.compactMap { catalog.lists.lists[$0] }.map { entry($0) }
        let count = catalog.lists.lists.count
        let model: Model = [
            "lists": entries, "count": count, "count_text": "\(count) \(Shapes.noun(count, "list"))",
        ]
        let meta = PageMeta(
            title: "Lists", kind: "smart-lists", url: Routes.lists,
            description: "Smart lists: releases picked by rules, kept up to date at every sync")
        return html(Routes.lists, "smart-lists", meta, [global, Fingerprint.canonical(model)]) { _ in model }
    }

    private func pages(_ list: CatalogList, global: String) -> [PlannedPage] {
        let head = head(list)
        let headPrint = Fingerprint.canonical(head)
        let members = list.releases.compactMap { catalog.releases[$0] }
        let count = members.count
        let history = history(list)
        let children = list.children.compactMap { catalog.lists.lists[$0] }.map { entry($0, children: false) }
        let firstPage = [Fingerprint.canonical(history), Fingerprint.canonical(children)]
        return Shapes.pages(members, base: list.url, size: settings.itemsPerPage).map { page in
            let meta = PageMeta(
                title: page.title(list.list.name), kind: "smart-list", url: page.url,
                description: "\(Shapes.releaseCount(count)): \(list.rule)")
            let parts =
                [global, "smart-list", headPrint, page.position, "\(count)"] + page.items.map(\.cardFingerprint)
                + (page.number == 1 ? firstPage : [])
            let first = page.number == 1
            return html(page.url, "smart-list", meta, parts) { cards in
                var model: Model = [
                    "list": head, "count": count, "count_text": Shapes.releaseCount(count),
                    "releases": page.items.map { cards.model($0) },
                    "history": first ? history : [], "children": first ? children : [],
                ]
                model["pagination"] = page.pagination
                return model
            }
        }
    }

    private func wall(_ list: CatalogList, global: String) -> [PlannedPage] {
        let head = head(list)
        let headPrint = Fingerprint.canonical(head)
        let covers = list.releases.compactMap { catalog.releases[$0] }.map(cover)
        let count = covers.count
        return Shapes.pages(covers, base: list.wallURL, size: Self.wallPerPage).map { page in
            let meta = PageMeta(
                title: page.title("\(list.list.name): cover wall"), kind: "smart-list-wall", url: page.url,
                description: "The covers of \(Shapes.releaseCount(count)) in \(list.list.name)")
            let parts =
                [global, "smart-list-wall", headPrint, page.position, "\(count)"]
                + page.items.map(Fingerprint.canonical)
            return html(page.url, "smart-list-wall", meta, parts) { _ in
                var model: Model = [
                    "list": head, "count": count, "count_text": Shapes.releaseCount(count), "covers": page.items,
                ]
                model["pagination"] = page.pagination
                return model
            }
        }
    }

    /// `{url, title, artists?, cover?}`: `artists` as one line of text, `cover` the 150-pixel thumbnail.
    private func cover(_ entry: CatalogRelease) -> Model {
        let release = entry.release
        var model: Model = ["url": entry.url, "title": release.title]
        let artists = Names.artists(release.artists)
        if !artists.isEmpty { model["artists"] = artists }
        // The link's text is the title beside it: the image itself says nothing more.
        if let cover = Shapes.image(release.thumb ?? release.images.first?.uri150, width: 150, height: 150, alt: "") {
            model["cover"] = cover
        }
        return model
    }

    private func feed(_ list: CatalogList, global: String) -> PlannedPage {
        let entries = list.events.filter(\.joined).prefix(Self.feedEntries).map { event -> Feeds.Entry in
            let entry = catalog.releases[event.releaseID]
            let release = entry?.release ?? catalog.history[event.releaseID]?.release
            let title = release.map { release in
                let artists = Names.artists(release.artists)
                return artists.isEmpty ? release.title : "\(artists) – \(release.title)"
            }
            let facts = [
                release?.year.map(String.init), release.flatMap { Shapes.formatSummary($0.formats) },
                release?.labels.first?.name,
            ].compactMap { $0 }
            return Feeds.Entry(
                id:
                    "tag:spindle,2026:list/\(list.list.id)/joined/\(event.itemID)/\(Int(event.at.timeIntervalSince1970))",
                title: title ?? "Release \(event.releaseID)", url: entry?.url ?? list.url, updated: event.at,
                summary: (["Joined \(list.list.name)"] + facts).joined(separator: " · "))
        }
        let text = Feeds.atom(
            title: "\(settings.title): \(list.list.name)", selfURL: list.feedURL, home: list.url,
            base: settings.siteRoot, entries: Array(entries))
        return PlannedPage(
            url: list.feedURL, file: Routes.file(list.feedURL), fingerprint: Fingerprint.of([global, text]),
            body: .bytes({ Data(text.utf8) }))
    }

    private func html(
        _ url: String, _ template: String, _ meta: PageMeta, _ parts: [String],
        model: @escaping @Sendable (CardCache) -> Model
    ) -> PlannedPage {
        PlannedPage.html(url, template, meta, parts, model: model)
    }
}
