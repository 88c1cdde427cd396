import Discogs
import Foundation
import SpindleStore

/// How one output file is produced.
enum PageBody: Sendable {
    /// An HTML page from a template; the layout's keys are added when it is rendered.
    case html(template: String, meta: PageMeta, model: @Sendable (CardCache) -> Model)
    /// A release page: its full data is read in batches while rendering.
    case release(id: Int, meta: PageMeta)
    /// Bytes made in Swift: feeds, sitemap, search index.
    case bytes(@Sendable () -> Data)
    /// A theme or user file copied as it is.
    case copy(URL)
}

/// One file of the site, with the fingerprint of everything it is made from.
struct PlannedPage: Sendable {
    /// The site URL (`/release/1-x/`, `/feeds/additions.xml`).
    let url: String
    /// The file under the output folder (`release/1-x/index.html`).
    let file: String
    let fingerprint: String
    let body: PageBody

    var isHTML: Bool { file.hasSuffix(".html") }
}

/// Lists every page of the site and what each is made from, without rendering anything: a
/// rebuild compares these fingerprints with the last build's to know what to render.
struct SitePlan: Sendable {
    let catalog: SiteCatalog
    let settings: SiteSettings
    let content: (pages: [ContentPage], intro: ContentPage?)
    let global: String
    let today: Date

    func pages(publicFiles: [String: Theme.PublicFile]) -> [PlannedPage] {
        var pages: [PlannedPage] = []
        pages.append(home())
        pages += collection()
        pages += releases()
        pages += masters()
        pages += groups()
        pages += browse()
        pages += wantlist()
        pages += ListPages(catalog: catalog, settings: settings).planned(global: global)
        pages += ForSalePages(catalog: catalog, settings: settings).planned(global: global)
        pages.append(StatsPage(catalog: catalog).planned(global: global))
        pages += SyncPages(catalog: catalog, settings: settings).planned(global: global)
        pages.append(
            html(
                Routes.syncNow, "sync-now", PageMeta(title: "Sync", kind: "sync-now", url: Routes.syncNow), [global]
            ) { _ in [:] })
        pages += contentPages()
        pages.append(
            html(
                Routes.notFound, "not-found", PageMeta(title: "Not found", kind: "not-found", url: Routes.notFound),
                [global]
            ) { _ in [:] })
        pages += Feeds(catalog: catalog, settings: settings).planned(global: global)
        pages.append(SearchIndex(catalog: catalog).planned())
        for (path, file) in publicFiles {
            pages.append(PlannedPage(url: "/\(path)", file: path, fingerprint: file.version, body: .copy(file.url)))
        }
        if let sitemap = Sitemap(settings: settings).planned(
            urls: pages.filter(\.isHTML).map(\.url).filter { $0 != Routes.notFound })
        {
            pages.append(sitemap)
        }
        return pages
    }

    // MARK: - Pages

    private func home() -> PlannedPage {
        let recent = catalog.owned.prefix(12).compactMap { catalog.releases[$0] }
        let pick = pickOfTheDay()
        let lastSync = catalog.syncs.first
        let counts = SitePlanCounts.model(catalog)
        var parts =
            [global, content.intro.map { $0.body } ?? "", Fingerprint.canonical(counts)] + recent.map(\.cardFingerprint)
        parts.append(pick?.cardFingerprint ?? "")
        parts.append(lastSync.map { SyncPages.rowFingerprint($0) } ?? "")
        let meta = PageMeta(title: settings.title, kind: "home", url: Routes.home, description: settings.description)
        let intro = content.intro
        return html(Routes.home, "home", meta, parts) { cards in
            var model: Model = [
                "counts": counts, "recent": recent.map { cards.model($0) },
            ]
            if let intro { model["intro"] = Markdown.html(intro.body) }
            if let pick { model["pick"] = cards.model(pick) }
            if let lastSync { model["last_sync"] = SyncRow(lastSync).model }
            return model
        }
    }

    /// The same release all day, a different one tomorrow.
    private func pickOfTheDay() -> CatalogRelease? {
        guard !catalog.owned.isEmpty else { return nil }
        let day = Int(today.timeIntervalSince1970 / 86_400)
        let ids = catalog.owned.sorted()
        return catalog.releases[ids[Int(Slug.stableNumber("day \(day)"))! % ids.count]]
    }

    private func collection() -> [PlannedPage] {
        var pages: [PlannedPage] = []
        let owned = catalog.owned.compactMap { catalog.releases[$0] }
        for sort in CollectionSort.allCases {
            let ordered: [CatalogRelease]
            switch sort {
            case .added: ordered = owned
            case .artist: ordered = owned.sorted(by: Order.byArtist)
            case .title: ordered = owned.sorted(by: Order.byTitle)
            case .year: ordered = owned.sorted(by: Order.byYear)
            }
            let count = owned.count
            for page in Shapes.pages(ordered, base: sort.base, size: settings.itemsPerPage) {
                let meta = PageMeta(
                    title: page.title("Collection"), kind: "collection", url: page.url,
                    description: "\(count) releases")
                let parts = [global, sort.rawValue, page.position, "\(count)"] + page.items.map(\.cardFingerprint)
                pages.append(
                    html(page.url, "collection", meta, parts) { cards in
                        let sorts: [Model] = CollectionSort.allCases.map {
                            ["label": $0.label, "url": $0.base, "current": $0 == sort]
                        }
                        var model: Model = [
                            "heading": "Collection", "sorts": sorts, "count": count,
                            "count_text": Shapes.releaseCount(count),
                            "releases": page.items.map { cards.model($0) },
                        ]
                        model["pagination"] = page.pagination
                        return model
                    })
            }
        }
        return pages
    }

    /// Fingerprinting 10,000 release pages takes a quarter of a second: on every core.
    private func releases() -> [PlannedPage] {
        Parallel.map(Array(catalog.releases.values)) { entry in
            let release = entry.release
            let artist = release.artists.first.map { Names.display($0.displayName) }
            let title = artist.map { "\($0) – \(release.title)" } ?? release.title
            var facts: [String] = release.year.map { [String($0)] } ?? []
            if let label = release.labels.first {
                facts.append([label.name, label.catno ?? ""].joined(separator: " "))
            }
            if let format = Shapes.formatSummary(release.formats) { facts.append(format) }
            let meta = PageMeta(
                title: title, kind: "release", url: entry.url,
                description: "\(release.title)\(artist.map { " by \($0)" } ?? "")"
                    + (facts.isEmpty ? "" : " (\(facts.joined(separator: ", ")))"))
            return PlannedPage(
                url: entry.url, file: Routes.file(entry.url),
                fingerprint: Fingerprint.of([global] + ReleasePage.inputs(entry, catalog: catalog, settings: settings)),
                body: .release(id: release.id, meta: meta))
        }
    }

    /// A page per master with a version in the collection (only with dumps): its facts, the
    /// versions owned (the main release marked) and those wanted.
    private func masters() -> [PlannedPage] {
        catalog.masters.keys.sorted().compactMap { catalog.masters[$0] }.map { entry in
            let master = entry.master
            let model = MasterPage.model(entry, catalog: catalog)
            let owned = entry.owned.compactMap { catalog.releases[$0] }
            let main = owned.map { catalog.facts.isMainRelease($0.release) }
            let wanted = entry.wanted.compactMap { catalog.releases[$0] }
            let artist = master.artists.first.map { Names.display($0.displayName) }
            let ownedText = MasterPage.ownedText(owned.count)
            let meta = PageMeta(
                title: artist.map { "\($0) – \(master.title)" } ?? master.title, kind: "master", url: entry.url,
                description: "Master release \(master.title)\(artist.map { " by \($0)" } ?? ""): "
                    + "\(owned.count) \(Shapes.noun(owned.count, "version")) in the collection")
            let parts =
                [global, Fingerprint.canonical(model)] + zip(owned, main).map { "\($0.cardFingerprint)|\($1)" }
                + ["wanted"] + wanted.map(\.cardFingerprint)
            return html(entry.url, "master", meta, parts) { cards in
                [
                    "master": model, "count": owned.count, "count_text": ownedText,
                    "versions": zip(owned, main).map { ["card": cards.model($0), "main": $1] as Model },
                    "wanted": wanted.map { ["card": cards.model($0)] as Model },
                ]
            }
        }
    }

    private func groups() -> [PlannedPage] {
        var pages: [PlannedPage] = []
        for kind in GroupKind.allCases {
            for group in catalog.group(kind) {
                let members = group.releases.compactMap { catalog.releases[$0] }
                let sortedBy =
                    switch kind {
                    case .label: "catalogue number"
                    case .artist, .decade: "year"
                    default: "artist"
                    }
                // What the dumps say about the artist or label, on its first page (nil without dumps).
                let about: Model? =
                    switch kind {
                    case .artist: AboutModel.artist(group, catalog: catalog)
                    case .label: AboutModel.label(group, catalog: catalog)
                    default: nil
                    }
                for page in Shapes.pages(members, base: group.url, size: settings.itemsPerPage) {
                    let meta = PageMeta(
                        title: page.title(group.name), kind: kind.rawValue, url: page.url,
                        description:
                            "\(kind.title) \(group.name): \(Shapes.releaseCount(members.count)) in the collection"
                    )
                    let pageAbout = page.number == 1 ? about : nil
                    var parts =
                        [global, kind.rawValue, group.name, group.discogsURL ?? "", page.position, "\(members.count)"]
                        + page.items.map(\.cardFingerprint)
                    if let pageAbout { parts.append(Fingerprint.canonical(pageAbout)) }
                    pages.append(
                        html(page.url, "list", meta, parts) { cards in
                            var model: Model = [
                                "heading": ["kind": kind.title, "name": group.name] as Model, "count": members.count,
                                "count_text": Shapes.releaseCount(members.count),
                                "sorted_by": sortedBy, "releases": page.items.map { cards.model($0) },
                            ]
                            model["discogs_url"] = group.discogsURL
                            model["pagination"] = page.pagination
                            model["about"] = pageAbout
                            return model
                        })
                }
            }
        }
        return pages
    }

    private func browse() -> [PlannedPage] {
        func sortedGroups(_ kind: GroupKind, byCount: Bool = false) -> [CatalogGroup] {
            catalog.group(kind).sorted { a, b in
                if byCount, a.releases.count != b.releases.count { return a.releases.count > b.releases.count }
                if kind == .decade || kind == .year { return a.name < b.name }
                return Order.sortKey(a.name) < Order.sortKey(b.name)
            }
        }
        func entry(_ group: CatalogGroup) -> Model {
            ["name": group.name, "url": group.url, "count": group.releases.count]
        }
        func entries(_ kind: GroupKind, byCount: Bool = false) -> [Model] {
            sortedGroups(kind, byCount: byCount).map(entry)
        }
        /// Artists and labels by initial: A–Z, then everything else under `#`.
        func alphabetical(_ kind: GroupKind) -> [Model] {
            var sections: [(String, [Model])] = []
            for group in sortedGroups(kind) {
                let entry = entry(group)
                let initial = Order.sortKey(group.name).first.map { String($0).uppercased() } ?? "#"
                let letter = initial.range(of: "^[A-Z]$", options: .regularExpression) != nil ? initial : "#"
                if sections.last?.0 == letter {
                    sections[sections.count - 1].1.append(entry)
                } else {
                    sections.append((letter, [entry]))
                }
            }
            return sections.sorted { ($0.0 == "#" ? "~" : $0.0) < ($1.0 == "#" ? "~" : $1.0) }
                .map { ["letter": $0.0, "entries": $0.1] }
        }
        let hubs: [(url: String, title: String, groups: [Model], count: Int)] = [
            ("/artists/", "Artists", alphabetical(.artist), catalog.group(.artist).count),
            ("/labels/", "Labels", alphabetical(.label), catalog.group(.label).count),
            (
                "/genres/", "Genres and styles",
                [
                    ["letter": "Genres", "entries": entries(.genre, byCount: true)],
                    ["letter": "Styles", "entries": entries(.style, byCount: true)],
                ],
                catalog.group(.genre).count
            ),
            (
                "/decades/", "Decades and years",
                [["letter": "Decades", "entries": entries(.decade)], ["letter": "Years", "entries": entries(.year)]],
                catalog.group(.decade).count
            ),
            ("/formats/", "Formats", [["entries": entries(.format, byCount: true)]], catalog.group(.format).count),
            ("/folders/", "Folders", [["entries": entries(.folder)]], catalog.group(.folder).count),
        ]
        return hubs.map { hub in
            let meta = PageMeta(title: hub.title, kind: "browse", url: hub.url)
            let parts = [global, hub.title, "\(hub.count)", Fingerprint.canonical(hub.groups)]
            let (title, groups, count) = (hub.title, hub.groups, hub.count)
            return html(hub.url, "browse", meta, parts) { _ in ["heading": title, "groups": groups, "count": count] }
        }
    }

    private func wantlist() -> [PlannedPage] {
        let wanted = catalog.wanted.compactMap { catalog.releases[$0] }
        let count = wanted.count
        return Shapes.pages(wanted, base: Routes.wantlist, size: settings.itemsPerPage).map { page in
            let meta = PageMeta(
                title: page.title("Wantlist"), kind: "wantlist", url: page.url, description: "\(count) releases wanted")
            let parts =
                [global, page.position, "\(count)"]
                + page.items.map { "\($0.cardFingerprint)|\($0.want?.dateAdded ?? "")" }
            return html(page.url, "wantlist", meta, parts) { cards in
                var model: Model = [
                    "count": count, "count_text": Shapes.releaseCount(count),
                    "wants": page.items.map { entry -> Model in
                        var want: Model = ["card": cards.model(entry)]
                        if let date = Names.date(entry.want?.dateAdded) { want["date_added"] = date }
                        return want
                    },
                ]
                model["pagination"] = page.pagination
                return model
            }
        }
    }

    private func contentPages() -> [PlannedPage] {
        content.pages.filter { settings.drafts || !$0.draft }.map { page in
            let meta = PageMeta(title: page.title, kind: "content", url: page.url, description: page.description)
            return html(page.url, "content", meta, [global, page.slug, page.title, page.body]) { _ in
                ["html": Markdown.html(page.body)]
            }
        }
    }

    private func html(
        _ url: String, _ template: String, _ meta: PageMeta, _ parts: [String],
        model: @escaping @Sendable (CardCache) -> Model
    ) -> PlannedPage {
        PlannedPage.html(url, template, meta, parts, model: model)
    }
}

extension PlannedPage {
    /// A page rendered from `template`, whose fingerprint is `parts` (the data it shows) and
    /// everything of the page itself that is not in them.
    static func html(
        _ url: String, _ template: String, _ meta: PageMeta, _ parts: [String],
        model: @escaping @Sendable (CardCache) -> Model
    ) -> PlannedPage {
        PlannedPage(
            url: url, file: Routes.file(url),
            fingerprint: Fingerprint.of(parts + [template, meta.title, meta.description ?? ""]),
            body: .html(template: template, meta: meta, model: model))
    }
}
