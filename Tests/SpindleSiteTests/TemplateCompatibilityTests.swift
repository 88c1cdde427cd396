import Foundation
import Mustache
import SpindleStore
import Testing

@testable import SpindleSite

/// Templates using each Mustache feature, with a value to render them with.
let mustacheFeatures: [(String, TemplateValue)] = [
    ("{{a}} {{{a}}} {{&a}}", .object(["a": "<b>&'\""])),
    (
        "{{#list}}{{.}}{{#first()}}!{{/first()}}{{^last()}},{{/last()}}{{index()}}{{/list}}",
        .object(["list": .list(["x", "y", "z"])])
    ),
    ("{{#o}}{{b}}{{.b}}{{c}}{{.c}}{{/o}}", .object(["c": "outer", "o": .object(["b": "inner"])])),
    (
        "{{^empty(xs)}}has{{/empty(xs)}}{{#empty(ys)}}none{{/empty(ys)}}{{count(xs)}}",
        .object(["xs": .list([1, 2]), "ys": .list([])])
    ),
    ("  {{#s}}\n  line\n  {{/s}}\n  {{! c }}\nend\n", .object(["s": true])),
    ("{{=<% %>=}}<% a %>{{a}}<%={{ }}=%>{{a}}", .object(["a": "x"])),
    ("{{#n}}{{plusone(n)}}{{/n}}{{^missing}}m{{/missing}}{{#zero}}z{{/zero}}", .object(["n": 4, "zero": 0])),
    (
        "{{#first(groups)}}{{name}}{{/first(groups)}}{{#last(groups)}}{{name}}{{/last(groups)}}",
        .object(["groups": .list([.object(["name": "A"]), .object(["name": "B"])])])
    ),
    ("a {{! note }} b\n  {{#t}}  x  {{/t}}\n{{^f}}\n  no\n{{/f}}\n", .object(["t": true, "f": false])),
]

/// The site renders templates with its own engine (several times faster); swift-mustache is the
/// reference. Every page of a site with awkward data must come out byte for byte the same.
@Suite("Template rendering compatibility")
struct TemplateCompatibilityTests {
    @Test("every page of a site renders exactly as swift-mustache renders it")
    func everyPageMatchesSwiftMustache() async throws {
        let site = try await SiteHarness(items: 40, wants: 6) { $0.baseURL = "https://records.example.org" }
        for (index, release) in SiteBuildTests.oddReleases().enumerated() {
            try site.own(release, instanceID: 9_800_000 + index, notes: [1: "Mint (M)"])
        }
        // Master pages, and artist and label pages with what the dumps say about them.
        try DumpScenario.own(in: site)
        try DumpScenario.describe(in: site)
        // Smart lists: the index, a list's pages and wall, a fan-out child, memberships on release pages.
        let singles = try ListScenario.singleCopies(site)
        var members = Array(singles.prefix(12))
        members[1].pinned = true
        let parent = try ListScenario.add(
            in: site, name: "Keepers <&>", slug: "keepers", definition: ListDefinition(rule: ListScenario.hardBop),
            query: "style:\"Hard Bop\"", members: members)
        try ListScenario.events(
            in: site, list: parent,
            members.map { ($0, joined: true, at: ListScenario.rebuilt) } + [(members[0], false, Date())])
        try ListScenario.add(
            in: site, name: "Keepers: 1990", slug: "keepers-1990", definition: ListDefinition(fanOut: "decade"),
            parent: parent, fanValue: "1990", members: [])
        // The marketplace: For sale pages (cards and listings without one), badges, the sold history.
        let owned = try InventoryScenario.owned(site)
        var unknown = InventoryScenario.Listing(3, release: nil, price: 9, posted: InventoryScenario.start)
        unknown.comments = "<b>sealed</b>\nline two"
        var sold = InventoryScenario.Listing(4, release: owned[2], price: 7, posted: InventoryScenario.start)
        sold.removedAt = Date()
        try InventoryScenario.add(
            in: site,
            [
                InventoryScenario.Listing(1, release: owned[0], price: 12.5, posted: InventoryScenario.start),
                InventoryScenario.Listing(2, release: owned[1], price: nil, posted: InventoryScenario.start), unknown,
                sold,
            ])
        let theme = try Theme.load(site.settings)
        let reference = try await Self.referenceLibrary(site.settings)
        let catalog = try SiteCatalog.load(from: site.store, account: site.account)
        let layout = Layout(settings: site.settings, menu: SiteBuilder.menu(content: []), assets: theme.assets)
        let plan = SitePlan(catalog: catalog, settings: site.settings, content: ([], nil), global: "g", today: Date())
        let cards = CardCache(library: theme.library, links: catalog.links)
        let referenceCards = ReferenceCards(library: reference, links: catalog.links)
        var compared = 0
        for page in plan.pages(publicFiles: [:]) {
            let template: String
            let ours: TemplateValue
            let theirs: TemplateValue
            switch page.body {
            case .html(let name, let meta, let model):
                template = name
                ours = model(cards).adding(layout.model(meta)).templateValue
                theirs = referenceCards.replacingHTML(in: ours)
            case .release(let id, let meta):
                template = "release"
                let stored = try site.store.read { try $0.releases(ids: [id], detail: .full) }[id]!
                ours =
                    ReleasePage.model(stored, entry: catalog.releases[id]!, catalog: catalog, settings: site.settings)
                    .adding(layout.model(meta)).templateValue
                theirs = ours
            default:
                continue
            }
            let mine = String(decoding: theme.library.render(ours, template: template)!, as: UTF8.self)
            let expected = reference.render(Self.plain(theirs), withTemplate: template)!
            #expect(
                mine == expected, "\(page.url) differs from swift-mustache:\n\(Self.firstDifference(mine, expected))")
            compared += 1
        }
        #expect(compared > 100)
    }

    @Test(
        "the Mustache features the engine supports behave as in swift-mustache", arguments: 0..<mustacheFeatures.count)
    func features(index: Int) throws {
        let (template, value) = mustacheFeatures[index]
        var ours = TemplateLibrary()
        try ours.register(template, named: "t")
        var theirs = MustacheLibrary()
        try theirs.register(template, named: "t")
        let mine = String(decoding: ours.render(value, template: "t")!, as: UTF8.self)
        #expect(mine == theirs.render(Self.plain(value), withTemplate: "t"), "\(template)")
    }

    @Test("partials with indentation and parents with blocks render as in swift-mustache")
    func partialsAndInheritance() throws {
        let templates = [
            "base": "<h1>{{$title}}Default{{/title}}</h1>\n  {{$body}}\n  body\n  {{/body}}\n",
            "page": "{{<base}}\n{{$title}}{{name}}{{/title}}\n{{/base}}\n",
            "list": "<ul>\n  {{> item}}\n</ul>\n",
            "item": "<li>\n{{name}}\n</li>\n",
        ]
        var ours = TemplateLibrary()
        var theirs = MustacheLibrary()
        for (name, text) in templates {
            try ours.register(text, named: name)
            try theirs.register(text, named: name)
        }
        for name in ["page", "list"] {
            let value: TemplateValue = .object(["name": .string("A & B")])
            #expect(
                String(decoding: ours.render(value, template: name)!, as: UTF8.self)
                    == theirs.render(Self.plain(value), withTemplate: name))
        }
    }

    @Test("template syntax errors name the line and the problem")
    func syntaxErrors() {
        var library = TemplateLibrary()
        #expect(throws: TemplateSyntaxError.self) { try library.register("a\n{{#open}}\nb\n", named: "x") }
        do {
            try library.register("a\n{{#one}}\n{{/two}}\n", named: "x")
            Issue.record("a mismatched closing tag was accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.message.contains("closes"))
        }
    }

    // MARK: - Helpers

    /// swift-mustache with the theme's templates, and the user's overrides, as the site loads them.
    static func referenceLibrary(_ settings: SiteSettings) async throws -> MustacheLibrary {
        var library = MustacheLibrary()
        let directory = (settings.themeDirectory ?? SiteHarness.repository).appendingPathComponent("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path)
        where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        return library
    }

    /// The same value as swift-mustache takes it: dictionaries, arrays and scalars.
    static func plain(_ value: TemplateValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let bool): return bool
        case .int(let int): return int
        case .double(let double): return double
        case .string(let string): return string
        case .list(let items): return items.map(plain)
        case .object(let members): return members.filter { $0.value != .null }.mapValues(plain)
        }
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let index = zip(a, b).prefix { $0 == $1 }.count
        return
            "ours:   …\(a.dropFirst(max(0, index - 80)).prefix(200))\ntheirs: …\(b.dropFirst(max(0, index - 80)).prefix(200))"
    }
}

/// Cards rendered by swift-mustache, to compare pages whose card HTML comes from the cache.
struct ReferenceCards {
    let library: MustacheLibrary
    let links: GroupLinks

    /// Every card's `html` rendered again by swift-mustache from the card's own keys.
    func replacingHTML(in value: TemplateValue) -> TemplateValue {
        switch value {
        case .object(var members):
            if members["html"] != nil, members["url"] != nil, members["title"] != nil {
                members["html"] = nil
                let html =
                    library.render(TemplateCompatibilityTests.plain(.object(members)), withTemplate: "card") ?? ""
                members["html"] = .string(html)
            }
            return .object(members.mapValues(replacingHTML))
        case .list(let items):
            return .list(items.map(replacingHTML))
        default:
            return value
        }
    }
}
