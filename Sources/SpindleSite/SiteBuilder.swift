import Foundation
import SpindleStore

/// `spindle build`: reads the database, plans every page, renders the pages whose inputs changed
/// since the last build (all of them with `--full`), and publishes the result atomically.
public struct SiteBuilder: Sendable {
    let store: Store
    let settings: SiteSettings

    /// Bumped when the generator changes what it writes for the same inputs.
    static let generatorVersion = "spindle-site-1"

    public init(store: Store, settings: SiteSettings) {
        self.store = store
        self.settings = settings
    }

    public struct Report: Sendable, Equatable {
        /// Files the site has (pages, feeds, assets; `.gz` siblings not counted).
        public var files: Int
        public var htmlPages: Int
        /// Files rendered and written by this build.
        public var written: Int
        public var removed: Int
        /// Bytes written, `.gz` siblings included.
        public var bytes: Int
        public var full: Bool
        public var seconds: Double
        /// The published folder, or nil when nothing changed and nothing was published.
        public var published: String?
        public var warnings: [String]
    }

    public func build(account: Account, now: Date = Date()) async throws(SiteError) -> Report {
        let started = Date()
        var phases = PhaseTimer(enabled: ProcessInfo.processInfo.environment["SPINDLE_TIMINGS"] != nil)
        defer { phases.report() }
        let output = SiteOutput(output: settings.output)
        let lock = try output.lock()
        defer { withExtendedLifetime(lock) {} }
        try output.checkReplaceable()

        let theme = try Theme.load(settings)
        let content = try ContentPage.load(from: settings.contentDirectory)
        var warnings: [String] = []
        if settings.baseURL.isEmpty { warnings.append("no sitemap.xml and no canonical links: set site.base_url") }

        // Nothing the site is made of changed since the last build: done, in milliseconds.
        let outputPath = output.output.path
        let (previousBuild, dataFingerprint) = try read { tx in
            (try tx.lastSiteBuild(), try tx.siteDataFingerprint(accountID: account.id))
        }
        let published = output.publishedSlot()
        let inputs = Fingerprint.of(
            [
                Self.generatorVersion, theme.fingerprint, settings.fingerprint, String(settings.drafts), outputPath,
                dataFingerprint, String(Int(now.timeIntervalSince1970 / 86_400)),
            ]
                + ([content.intro].compactMap { $0 } + content.pages).map {
                    "\($0.slug)|\($0.title)|\($0.menu ?? -1)|\($0.draft)|\($0.body)"
                })
        let current = previousBuild.flatMap { build in
            published.map(\.rawValue) == build.slot && build.output == outputPath ? build : nil
        }
        if !settings.full, let current, current.inputs == inputs {
            return Report(
                files: 0, htmlPages: 0, written: 0, removed: 0, bytes: 0, full: false,
                seconds: Date().timeIntervalSince(started), published: nil, warnings: warnings)
        }
        phases.mark("theme, content, inputs")

        let catalog: SiteCatalog
        do { catalog = try SiteCatalog.load(from: store, account: account) } catch {
            throw .store("cannot read the database: \(error)")
        }
        phases.mark("catalog")
        let visibleContent = content.pages.filter { settings.drafts || !$0.draft }
        let layout = Layout(
            settings: settings,
            menu: Self.menu(
                content: visibleContent, lists: !catalog.lists.isEmpty, forSale: !catalog.inventory.active.isEmpty),
            assets: theme.assets)
        let global = Fingerprint.of([Self.generatorVersion, theme.fingerprint, layout.fingerprint])
        let plan = SitePlan(catalog: catalog, settings: settings, content: content, global: global, today: now)
        var pages: [PlannedPage] = []
        var desired: [String: String] = [:]
        for page in plan.pages(publicFiles: theme.publicFiles) {
            guard desired[page.file] == nil else {
                warnings.append(
                    "\(page.url) is made twice (a content page named like a built-in page?); the first one is kept")
                continue
            }
            desired[page.file] = page.fingerprint
            pages.append(page)
        }
        phases.mark("plan")

        // Nothing shown changed (new inputs, same pages): remember the inputs, write nothing.
        var publishedPages: [String: String]?
        if let published {
            publishedPages = try read { try $0.sitePages(slot: published.rawValue, output: outputPath) }
        }
        var report = Report(
            files: pages.count, htmlPages: pages.filter(\.isHTML).count, written: 0, removed: 0, bytes: 0, full: false,
            seconds: 0, published: nil, warnings: warnings)
        if !settings.full, let current, publishedPages == desired {
            try write { try $0.updateSiteBuildInputs(current.id, inputs: inputs) }
            report.seconds = Date().timeIntervalSince(started)
            return report
        }

        // Bring the other slot up to date with the plan.
        let standby = published?.other ?? .a
        var standbyPages = try read { try $0.sitePages(slot: standby.rawValue, output: outputPath) }
        try write { try $0.markSiteSlotDirty(standby.rawValue, output: outputPath) }
        if standbyPages == nil || !FileManager.default.fileExists(atPath: output.directory(standby).path) {
            let source = settings.full || publishedPages == nil ? nil : published
            try output.seed(standby, from: source)
            try write { try $0.seedSitePages(slot: standby.rawValue, from: source?.rawValue) }
            standbyPages = source == nil ? [:] : publishedPages
            report.full = source == nil
        }
        let holds = standbyPages ?? [:]
        let changed = settings.full ? pages : pages.filter { holds[$0.file] != $0.fingerprint }
        let removed = Set(holds.keys).subtracting(desired.keys).sorted()
        report.full = report.full || settings.full
        phases.mark("stage")

        let renderer = PageRenderer(store: store, settings: settings, catalog: catalog, theme: theme, layout: layout)
        let sizes = try await renderer.render(changed, into: standby, output: output)
        phases.mark("render and write \(changed.count)")
        for file in removed { output.remove(file, in: standby) }
        try output.publish(standby)
        phases.mark("publish")
        try write { tx in
            try tx.recordSiteBuild(
                slot: standby.rawValue, output: outputPath, inputs: inputs, startedAt: started, finishedAt: Date(),
                full: report.full, pages: pages.count,
                written: changed.map { ($0.file, $0.fingerprint, sizes.files[$0.file] ?? 0) }, removed: removed)
        }
        phases.mark("record")
        report.written = changed.count
        report.removed = removed.count
        report.bytes = sizes.total
        report.published = output.directory(standby).path
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// The site menu: the collection's sections (Lists only when there are smart lists, For sale
    /// only when there are active marketplace listings), then content pages that ask for a place.
    static func menu(
        content: [ContentPage], lists: Bool = false, forSale: Bool = false
    ) -> [(title: String, url: String)] {
        var menu: [(title: String, url: String)] = [
            ("Collection", "/collection/"), ("Artists", "/artists/"), ("Labels", "/labels/"), ("Genres", "/genres/"),
            ("Decades", "/decades/"), ("Formats", "/formats/"), ("Folders", "/folders/"),
        ]
        if lists { menu.append(("Lists", Routes.lists)) }
        menu.append(("Wantlist", Routes.wantlist))
        if forSale { menu.append(("For sale", Routes.forSale)) }
        menu += [("Stats", Routes.stats), ("Syncs", Routes.syncs)]
        menu += content.filter { $0.menu != nil }.sorted { ($0.menu!, $0.slug) < ($1.menu!, $1.slug) }.map {
            ($0.title, $0.url)
        }
        return menu
    }

    private func read<T>(_ body: (StoreTransaction) throws -> T) throws(SiteError) -> T {
        do { return try store.read(body) } catch { throw .store("cannot read the database: \(error)") }
    }

    private func write<T>(_ body: (StoreTransaction) throws -> T) throws(SiteError) -> T {
        do { return try store.write(body) } catch { throw .store("cannot record the build in the database: \(error)") }
    }
}

/// Renders and writes pages on every core: each worker takes every n-th page; release pages are
/// read from the database in batches, so memory stays flat however large the collection.
struct PageRenderer: Sendable {
    let store: Store
    let settings: SiteSettings
    let catalog: SiteCatalog
    let theme: Theme
    let layout: Layout
    let cards: CardCache

    init(store: Store, settings: SiteSettings, catalog: SiteCatalog, theme: Theme, layout: Layout) {
        self.store = store
        self.settings = settings
        self.catalog = catalog
        self.theme = theme
        self.layout = layout
        cards = CardCache(library: theme.library, links: catalog.links)
    }

    struct Sizes: Sendable {
        var files: [String: Int] = [:]
        var total = 0
    }

    func render(_ pages: [PlannedPage], into slot: SiteOutput.Slot, output: SiteOutput) async throws(SiteError) -> Sizes
    {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        do {
            return try await withThrowingTaskGroup(of: Sizes.self) { group in
                for worker in 0..<workers {
                    let share = stride(from: worker, to: pages.count, by: workers).map { pages[$0] }
                    group.addTask { try renderShare(share, into: slot, output: output) }
                }
                var sizes = Sizes()
                for try await part in group {
                    sizes.files.merge(part.files) { _, new in new }
                    sizes.total += part.total
                }
                return sizes
            }
        } catch let error as SiteError {
            throw error
        } catch {
            throw .output("\(error)")
        }
    }

    private func renderShare(
        _ pages: [PlannedPage], into slot: SiteOutput.Slot, output: SiteOutput
    ) throws(SiteError) -> Sizes {
        var sizes = Sizes()
        var directories: Set<String> = [output.directory(slot).path]
        func save(_ data: Data, _ page: PlannedPage) throws(SiteError) {
            let written = try output.write(data, to: page.file, in: slot, directories: &directories)
            sizes.files[page.file] = data.count
            sizes.total += written
        }
        var releasePages: [(PlannedPage, Int, PageMeta)] = []
        for page in pages {
            switch page.body {
            case .html(let template, let meta, let model):
                try save(html(template, model(cards), meta), page)
            case .release(let id, let meta):
                releasePages.append((page, id, meta))
            case .bytes(let make):
                try save(make(), page)
            case .copy(let source):
                guard let data = try? Data(contentsOf: source) else { throw .unreadable(source.path) }
                try save(data, page)
            }
        }
        for start in stride(from: 0, to: releasePages.count, by: 100) {
            let batch = releasePages[start..<min(start + 100, releasePages.count)]
            let full: [Int: StoredRelease]
            do { full = try store.read { try $0.releases(ids: batch.map(\.1), detail: .full) } } catch {
                throw .store("cannot read releases: \(error)")
            }
            for (page, id, meta) in batch {
                guard let stored = full[id], let entry = catalog.releases[id] else { continue }
                try save(
                    html(
                        "release", ReleasePage.model(stored, entry: entry, catalog: catalog, settings: settings), meta),
                    page)
            }
        }
        return sizes
    }

    private func html(_ template: String, _ model: Model, _ meta: PageMeta) throws(SiteError) -> Data {
        guard let bytes = theme.library.render(model.adding(layout.model(meta)).templateValue, template: template)
        else {
            throw .missingTemplate(template, "the theme")
        }
        return Data(bytes)
    }
}

/// `SPINDLE_TIMINGS=1 spindle build`: how long each phase took, on stderr.
struct PhaseTimer {
    let enabled: Bool
    private var last = Date()
    private var lines: [String] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = Date()
        lines.append(String(format: "%8.3f s  %@", now.timeIntervalSince(last), phase))
        last = now
    }

    func report() {
        guard enabled else { return }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
