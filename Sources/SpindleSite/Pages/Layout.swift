import Foundation

/// What a page says about itself to the layout.
struct PageMeta: Sendable {
    var title: String
    var kind: String
    var url: String
    var description: String?
}

/// The keys every page gets (`site`, `assets`, `page`): docs/templates.md "Every page".
struct Layout: Sendable {
    let settings: SiteSettings
    let menu: [(title: String, url: String)]
    let assets: Assets
    private let base: String
    /// The `site` block once per menu entry that can be current (and once for none): every page of
    /// a section shares it.
    private let siteBlocks: [String: TemplateValue]
    private let assetBlock: TemplateValue

    init(settings: SiteSettings, menu: [(title: String, url: String)], assets: Assets) {
        self.settings = settings
        self.menu = menu
        self.assets = assets
        let base = settings.siteRoot
        self.base = base
        var blocks: [String: TemplateValue] = [:]
        for current in menu.map(\.url) + [""] {
            let site: Model = [
                "title": settings.title, "description": settings.description, "base_url": base,
                "menu": menu.map { item -> Model in
                    ["title": item.title, "url": item.url, "current": item.url == current]
                },
                "feeds": ["additions": Routes.additionsFeed, "syncs": Routes.syncsFeed] as Model,
                "search_index": Routes.searchIndex,
            ]
            blocks[current] = site.templateValue
        }
        siteBlocks = blocks
        assetBlock = (["css": assets.css, "js": assets.js, "sync": assets.sync] as Model).templateValue
    }

    func model(_ meta: PageMeta) -> Model {
        var page: Model = ["title": meta.title, "kind": meta.kind]
        if let description = meta.description, !description.isEmpty { page["description"] = description }
        if !base.isEmpty { page["canonical"] = base + meta.url }
        let current = menu.first { Self.isCurrent($0.url, page: meta.url) }?.url ?? ""
        return ["site": siteBlocks[current]!, "assets": assetBlock, "page": page]
    }

    /// The menu entry a page belongs to: its own URL, or the section it sits in.
    static func isCurrent(_ menuURL: String, page: String) -> Bool {
        menuURL == page || sections[menuURL]?.contains { page.hasPrefix($0) } == true
    }

    /// The URL prefixes of each menu section (asked for every menu entry of every page).
    private static let sections: [String: [String]] = [
        "/collection/": ["/collection/", "/release/", "/master/"], "/artists/": ["/artist/"], "/labels/": ["/label/"],
        "/genres/": ["/genre/", "/style/", "/styles/"], "/formats/": ["/format/"], "/folders/": ["/folder/"],
        "/syncs/": ["/syncs/", "/sync/"], "/decades/": ["/decade/", "/year/"], "/lists/": ["/lists/"],
        "/for-sale/": ["/for-sale/"],
    ]

    /// Fingerprint part: everything of the layout that depends on more than the page itself.
    var fingerprint: String {
        Fingerprint.of(
            [settings.fingerprint, assets.css, assets.js, assets.sync] + menu.map { "\($0.title)|\($0.url)" })
    }
}
