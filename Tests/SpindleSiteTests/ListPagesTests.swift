import Discogs
import Foundation
import SpindleStore
import Testing

@testable import SpindleSite

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Smart lists on the site", .serialized)
struct ListPagesTests {
    typealias Member = ListScenario.Member

    /// A site with 10 cards to a page, and a 25-release list (one pinned) with a history.
    struct Lists {
        let site: SiteHarness
        let members: [Member]
        let hardBop: Int64
        let decades: Int64
        let sixties: Int64
        let wants: Int64
        let wanted: Int
    }

    static func lists() async throws -> Lists {
        let site = try await SiteHarness(items: 60, wants: 6) {
            $0.baseURL = "https://records.example.org"
            $0.itemsPerPage = 10
        }
        let singles = try ListScenario.singleCopies(site)
        var members = Array(singles.prefix(25))
        members[3].pinned = true
        let hardBop = try ListScenario.add(
            in: site, name: "Hard Bop Keepers", slug: "hard-bop-keepers",
            definition: ListDefinition(rule: ListScenario.hardBop, sort: [ListSort(field: "added", descending: true)]),
            query: "style:\"Hard Bop\" rating:4..5 -desc:Reissue sort:added-", members: members)
        // Joined one a day (the first member most recently), and two that came and went.
        let start = Date(timeIntervalSince1970: 1_770_000_000)
        try ListScenario.events(
            in: site, list: hardBop,
            members.enumerated().map { index, member in
                (member, joined: true, at: start.addingTimeInterval(Double(members.count - index) * 86_400))
            })
        let gone = Array(singles[25..<27])
        try ListScenario.events(
            in: site, list: hardBop,
            gone.map { ($0, joined: true, at: start) }
                + gone.map { ($0, joined: false, at: start.addingTimeInterval(3_600)) })

        let decades = try ListScenario.add(
            in: site, name: "By decade", slug: "by-decade", definition: ListDefinition(fanOut: "decade"),
            members: Array(singles[30..<34]))
        let sixties = try ListScenario.add(
            in: site, name: "By decade: 1960", slug: "by-decade-1960", definition: ListDefinition(fanOut: "decade"),
            parent: decades, fanValue: "1960", members: Array(singles[30..<32]))
        let wanted = try site.store.read { try $0.siteWants(accountID: site.account.id) }.last!.releaseID
        let wants = try ListScenario.add(
            in: site, name: "Wanted most", slug: "wanted-most",
            definition: ListDefinition(
                base: .wantlist,
                rule: .condition(ListCondition(field: "rating", op: .greaterOrEqual, value: .number(4)))),
            members: [Member(itemID: wanted, releaseID: wanted)])
        return Lists(
            site: site, members: members, hardBop: hardBop, decades: decades, sixties: sixties, wants: wants,
            wanted: wanted)
    }

    @Test("a list has paginated pages of the collection's own cards, in the list's order, with its rule in words")
    func listPages() async throws {
        let lists = try await Self.lists()
        let site = lists.site
        _ = try await site.build()
        let files = Set(site.files())
        #expect(
            files.isSuperset(of: [
                "lists/hard-bop-keepers/page/2/index.html", "lists/hard-bop-keepers/page/3/index.html",
            ]))
        #expect(!files.contains("lists/hard-bop-keepers/page/4/index.html"))

        let catalog = try SiteCatalog.load(from: site.store, account: site.account)
        let urls = lists.members.map { catalog.releases[$0.releaseID]!.url }
        let first = try site.page("/lists/hard-bop-keepers/")
        let cards = Self.cardLinks(first)
        #expect(cards == Array(urls.prefix(10)), "the list's own order, 10 to a page")
        #expect(Self.cardLinks(try site.page("/lists/hard-bop-keepers/page/3/")) == Array(urls.suffix(5)))
        // The very card the collection pages show.
        let card = try #require(Self.card(for: urls[0], in: first))
        let collection = try site.files().filter { $0.hasPrefix("collection/") && $0.hasSuffix(".html") }.map {
            try String(contentsOf: site.output.appendingPathComponent($0), encoding: .utf8)
        }
        #expect(collection.contains { $0.contains(card) })

        #expect(first.contains("<dd class=\"list-rule\">\(Self.html(ListScenario.hardBopText))</dd>"))
        #expect(first.contains("<code>style:&quot;Hard Bop&quot; rating:4..5 -desc:Reissue sort:added-</code>"))
        #expect(first.contains("date added (newest first)"))
        #expect(first.contains("1 pinned by you"))
        #expect(first.contains("href=\"/lists/hard-bop-keepers/wall/\""))
        #expect(first.contains("href=\"/lists/hard-bop-keepers/feed.xml\""))
        #expect(first.contains("aria-current=\"page\">Lists</a>"), "the menu marks the Lists section")
        _ = try PageCheck.links(in: Data(first.utf8), file: "list")

        // The membership history: the newest 50 events, with their dates; left ones too.
        let history = try #require(first.components(separatedBy: "id=\"history-title\"").last)
        #expect(history.components(separatedBy: "<li class=\"event-").count - 1 == 29)
        #expect(history.components(separatedBy: "<li class=\"event-left\">").count - 1 == 2)
        #expect(history.contains("<time datetime=\"2026-02-27T"))
        #expect(!(try site.page("/lists/hard-bop-keepers/page/2/")).contains("history-title"), "history on page 1 only")
    }

    @Test("the lists index shows every list, fan-out children under their parent, and the menu links to it")
    func index() async throws {
        let lists = try await Self.lists()
        let site = lists.site
        _ = try await site.build()
        let index = try site.page("/lists/")
        _ = try PageCheck.links(in: Data(index.utf8), file: "lists")
        for name in ["Hard Bop Keepers", "By decade", "Wanted most"] { #expect(index.contains(">\(name)</a>")) }
        let parent = try #require(index.range(of: "href=\"/lists/by-decade/\""))
        let children = try #require(index.range(of: "<ul class=\"list-children\""))
        let child = try #require(index.range(of: "href=\"/lists/by-decade-1960/\""))
        #expect(parent.lowerBound < children.lowerBound && children.lowerBound < child.lowerBound)
        #expect(index.components(separatedBy: "class=\"list-entry\"").count - 1 == 3, "children are not top-level")
        #expect(index.contains("4 lists"))

        let sixties = try site.page("/lists/by-decade-1960/")
        #expect(sixties.contains("<a href=\"/lists/by-decade/\">By decade</a>"), "a child links back to its parent")
        #expect(sixties.contains("decade is 1960"), "a child's rule says the value it stands for")
        let decades = try site.page("/lists/by-decade/")
        #expect(decades.contains("href=\"/lists/by-decade-1960/\""), "a parent lists its children")

        #expect(try site.page("/").contains("<a href=\"/lists/\">Lists</a>"))
        let sitemap = try String(contentsOf: site.output.appendingPathComponent("sitemap.xml"), encoding: .utf8)
        for url in [
            "/lists/", "/lists/hard-bop-keepers/", "/lists/hard-bop-keepers/page/3/", "/lists/hard-bop-keepers/wall/",
        ] {
            #expect(sitemap.contains("<loc>https://records.example.org\(url)</loc>"))
        }
    }

    @Test("the cover wall shows covers only, linked, titled for hover, focus and screen readers, without inline code")
    func wall() async throws {
        let lists = try await Self.lists()
        let site = lists.site
        _ = try await site.build()
        let wall = try site.page("/lists/hard-bop-keepers/wall/")
        let document = try XMLDocument(data: Data(wall.utf8), options: [])
        let items = try document.nodes(forXPath: "//ul[@class='wall']/li/a[@class='wall-item']")
        #expect(items.count == 25, "one page: a wall holds \(ListPages.wallPerPage) covers")
        for case let item as XMLElement in items {
            #expect(
                try item.nodes(forXPath: "img[@alt='']").count == 1, "the image is decorative: the title names the link"
            )
            let title = try item.nodes(forXPath: "span[@class='wall-caption']/bdi[@class='wall-title']")
            #expect(title.first?.stringValue?.isEmpty == false)
        }
        #expect(
            try document.nodes(forXPath: "//@style | //style | //script[not(@src)] | //@*[starts-with(name(), 'on')]")
                .isEmpty)
        #expect(wall.contains("<a href=\"/lists/hard-bop-keepers/\">Cards</a>"))
        let css = try String(
            contentsOf: SiteHarness.repository.appendingPathComponent("public/assets/spindle.css"), encoding: .utf8)
        #expect(css.contains(".wall-item:hover .wall-caption,.wall-item:focus-visible .wall-caption{opacity:1}"))
    }

    @Test("a list's feed is Atom: who joined, newest first, linked to their pages")
    func feed() async throws {
        let lists = try await Self.lists()
        let site = lists.site
        _ = try await site.build()
        let data = try Data(contentsOf: site.output.appendingPathComponent("lists/hard-bop-keepers/feed.xml"))
        let document = try XMLDocument(data: data, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "feed" && root.uri == "http://www.w3.org/2005/Atom")
        func text(_ node: XMLNode, _ name: String) throws -> String? {
            try node.nodes(forXPath: "*[local-name()='\(name)']").first?.stringValue
        }
        #expect(try text(root, "title") == "My records: Hard Bop Keepers")
        #expect(try text(root, "id") != nil && text(root, "updated") != nil)
        let entries = try root.nodes(forXPath: "*[local-name()='entry']")
        #expect(entries.count == 27, "25 members and 2 that left: everyone who joined")
        let updated = try entries.map { try #require(try text($0, "updated")) }
        #expect(updated == updated.sorted(by: >), "newest first")
        let catalog = try SiteCatalog.load(from: site.store, account: site.account)
        let newest = catalog.releases[lists.members[0].releaseID]!
        let link = try entries[0].nodes(forXPath: "*[local-name()='link']/@href").first?.stringValue
        #expect(link == "https://records.example.org" + newest.url)
        #expect(try text(entries[0], "title")?.hasSuffix(newest.release.title) == true)
        #expect(Set(try entries.map { try #require(try text($0, "id")) }).count == 27, "entry ids are unique")
    }

    @Test("a release page names the lists it is in and why; pinned releases say so")
    func releasePages() async throws {
        let lists = try await Self.lists()
        let site = lists.site
        _ = try await site.build()
        let member = try site.releasePage(lists.members[0].releaseID)
        #expect(member.contains("<h2 id=\"lists-title\">In your lists</h2>"))
        #expect(member.contains("<a href=\"/lists/hard-bop-keepers/\">Hard Bop Keepers</a>"))
        #expect(member.contains("<span class=\"visually-hidden\">Why: </span>\(Self.html(ListScenario.hardBopText))"))
        let pinned = try site.releasePage(lists.members[3].releaseID)
        #expect(
            pinned.contains(
                "<span class=\"why why-pinned\"><span class=\"visually-hidden\">Why: </span>pinned by you</span>"))
        let sixties = try site.releasePage(try ListScenario.singleCopies(site)[30].releaseID)
        #expect(
            sixties.contains(
                "<a href=\"/lists/by-decade-1960/\">By decade: 1960</a> <span class=\"muted\">in <a href=\"/lists/by-decade/\">By decade</a></span>"
            ))
        #expect(
            sixties.contains(
                "<a href=\"/lists/by-decade/\">By decade</a><span class=\"why\"><span class=\"visually-hidden\">Why: </span>everything in your collection</span>"
            ))
        let wanted = try site.releasePage(lists.wanted)
        #expect(wanted.contains("<a href=\"/lists/wanted-most/\">Wanted most</a>"))
        #expect(wanted.contains("rating is at least 4"))
        let outside = try site.releasePage(try ListScenario.singleCopies(site)[40].releaseID)
        #expect(!outside.contains("In your lists"))
    }

    @Test("list names, slugs, queries and rule values are escaped everywhere")
    func hostile() async throws {
        let site = try await SiteHarness(items: 12, wants: 0) { $0.baseURL = "https://records.example.org" }
        let members = Array(try ListScenario.singleCopies(site).prefix(3))
        let evil = "<script>alert('list')</script> & \"Co\""
        let id = try ListScenario.add(
            in: site, name: evil, slug: "../../etc/<passwd>",
            definition: ListDefinition(
                rule: .condition(
                    ListCondition(field: "title", op: .contains, value: .text("<img src=x onerror=alert(1)>")))),
            query: "title~\"<b>bold</b>\"", members: members)
        // A release that left long ago and is no longer stored: named by its id, not linked.
        let forgotten = Member(itemID: 1, releaseID: 77_777_777)
        try ListScenario.events(
            in: site, list: id,
            members.map { ($0, joined: true, at: ListScenario.rebuilt) } + [
                (forgotten, joined: false, at: ListScenario.rebuilt)
            ])
        _ = try await site.build()
        let files = Set(site.files())
        #expect(files.contains("lists/etc-passwd/index.html"), "the slug is made safe for a URL")
        #expect(!files.contains { $0.contains("..") || $0.contains("<") })
        var pages = [
            try site.page("/lists/"), try site.page("/lists/etc-passwd/"), try site.page("/lists/etc-passwd/wall/"),
        ]
        pages.append(try site.releasePage(members[0].releaseID))
        for page in pages {
            _ = try PageCheck.links(in: Data(page.utf8), file: "hostile")
            #expect(!page.contains("<script>alert") && !page.contains("<img src=x") && !page.contains("<b>bold"))
            #expect(page.contains("&lt;script&gt;alert(&#39;list&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"))
        }
        #expect(pages[1].contains("title contains “&lt;img src=x onerror=alert(1)&gt;”"))
        #expect(pages[1].contains("<code>title~&quot;&lt;b&gt;bold&lt;/b&gt;&quot;</code>"))
        #expect(pages[1].contains("<bdi class=\"change-title\">Release 77777777</bdi>"))
        let feed = try Data(contentsOf: site.output.appendingPathComponent("lists/etc-passwd/feed.xml"))
        let document = try XMLDocument(data: feed, options: [])
        let title = try document.nodes(forXPath: "/*[local-name()='feed']/*[local-name()='title']").first?.stringValue
        #expect(title == "My records: \(evil)")
    }

    @Test("without lists the site is exactly as before: no list pages, no Lists link, same bytes")
    func noLists() async throws {
        let site = try await SiteHarness(items: 20, wants: 3)
        _ = try await site.build()
        let before = try Self.contents(site)
        #expect(!before.keys.contains { $0.hasPrefix("lists/") })
        let pages = before.filter { $0.key.hasSuffix(".html") }.values.map { String(decoding: $0, as: UTF8.self) }
        #expect(!pages.contains { $0.contains("href=\"/lists/") || $0.contains("In your lists") })

        let member = try ListScenario.singleCopies(site)[0]
        let id = try ListScenario.add(
            in: site, name: "Passing", slug: "passing", definition: ListDefinition(), members: [member])
        _ = try await site.build()
        #expect(try site.page("/").contains("href=\"/lists/\""))
        #expect(try site.releasePage(member.releaseID).contains("In your lists"))

        try ListScenario.delete(in: site, list: id)
        _ = try await site.build()
        #expect(try Self.contents(site) == before, "the list gone, every file is as it was")
    }

    @Test("a change to one list's members rewrites only that list's pages and the pages of those who joined or left")
    func incremental() async throws {
        let lists = try await Self.lists()
        let site = lists.site
        _ = try await site.build()
        #expect(try await site.build().written == 0, "nothing changed: nothing written")
        let before = try DumpPagesTests.pageFingerprints(site)

        // The last member leaves, a newcomer takes its place: the list keeps its size.
        let leaving = lists.members[24]
        let joining = try ListScenario.singleCopies(site)[45]
        try ListScenario.setMembers(in: site, list: lists.hardBop, Array(lists.members.prefix(24)) + [joining])
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        try ListScenario.events(
            in: site, list: lists.hardBop, [(leaving, joined: false, at: now), (joining, joined: true, at: now)])
        _ = try await site.build()
        let after = try DumpPagesTests.pageFingerprints(site)
        let touched = Set(after.keys.filter { after[$0] != before[$0] })

        func releaseFile(_ id: Int) throws -> String {
            try #require(site.files().first { $0.hasPrefix("release/\(id)-") && $0.hasSuffix(".html") })
        }
        let memberPages = [try releaseFile(leaving.releaseID), try releaseFile(joining.releaseID)]
        #expect(
            touched
                == Set(
                    memberPages + [
                        "lists/hard-bop-keepers/index.html", "lists/hard-bop-keepers/page/3/index.html",
                        "lists/hard-bop-keepers/wall/index.html", "lists/hard-bop-keepers/feed.xml",
                    ]))
        let page = try site.page("/lists/hard-bop-keepers/")
        #expect(page.contains("<li class=\"event-left\"><time datetime=\"2026-09-21T"))
        #expect(!(try site.releasePage(leaving.releaseID)).contains("In your lists"))
        #expect(try site.releasePage(joining.releaseID).contains("Hard Bop Keepers"))

        // Renaming a list re-renders its members' pages (they name it) and the index, not other lists.
        try DumpScenario.execute(in: site, "UPDATE smart_lists SET name = 'Wanted badly' WHERE id = \(lists.wants)")
        _ = try await site.build()
        let renamed = try DumpPagesTests.pageFingerprints(site)
        #expect(
            Set(renamed.keys.filter { renamed[$0] != after[$0] })
                == [
                    try releaseFile(lists.wanted), "lists/index.html", "lists/wanted-most/index.html",
                    "lists/wanted-most/wall/index.html", "lists/wanted-most/feed.xml",
                ])
    }

    // MARK: - Helpers

    /// The release links of the cards of a page, in order.
    static func cardLinks(_ page: String) -> [String] {
        page.components(separatedBy: "<h3 class=\"card-title\" dir=\"auto\"><a href=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
    }

    /// The card that links to `url`, as the page has it.
    static func card(for url: String, in page: String) -> String? {
        page.components(separatedBy: "<article class=\"card\">").dropFirst().first { $0.contains("href=\"\(url)\"") }
            .map { "<article class=\"card\">" + $0.components(separatedBy: "</article>")[0] + "</article>" }
    }

    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Every published file's bytes, by path.
    static func contents(_ site: SiteHarness) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for file in site.files() { contents[file] = try Data(contentsOf: site.output.appendingPathComponent(file)) }
        return contents
    }
}
