import Foundation
import Testing

@testable import SpindleSite

@Suite("The marketplace inventory on the site", .serialized)
struct ForSalePagesTests {
    typealias Listing = InventoryScenario.Listing

    static let hostile = "<script>alert(1)</script> & \"mint\" 'sealed'"

    /// A site with 2 listings to a page: six active listings (one of a release the site does not
    /// have, one of a release Discogs does not know here, a draft, two of the same release) and
    /// three removed ones.
    struct Shop {
        let site: SiteHarness
        let owned: [Int]
    }

    static func shop() async throws -> Shop {
        let site = try await SiteHarness(items: 20, wants: 3) {
            $0.baseURL = "https://records.example.org"
            $0.itemsPerPage = 2
        }
        let owned = try InventoryScenario.owned(site)
        let start = InventoryScenario.start
        let day = InventoryScenario.day
        var unknown = Listing(103, release: nil, price: 24, posted: start.addingTimeInterval(3 * day))
        unknown.currency = "chf"
        unknown.artist = "Unknown Band (2)"
        unknown.title = "Rare <Pressing>"
        unknown.catno = "none"
        unknown.comments = hostile
        var draft = Listing(104, release: owned[2], price: 30, posted: start.addingTimeInterval(2 * day))
        draft.status = "Draft"
        draft.condition = "Very Good (VG)"
        draft.sleeve = nil
        var second = Listing(105, release: owned[0], price: 8, posted: start.addingTimeInterval(day))
        second.sleeve = "Generic"
        var sold = Listing(201, release: owned[3], price: 7, posted: start)
        sold.status = "Sold"
        sold.removedAt = start.addingTimeInterval(10 * day)
        var withdrawn = Listing(202, release: owned[4], price: 9, posted: start)
        withdrawn.removedAt = start.addingTimeInterval(12 * day)
        var gone = Listing(203, release: nil, price: 11, posted: start)
        gone.title = "Gone <Again>"
        gone.removedAt = start.addingTimeInterval(11 * day)
        try InventoryScenario.add(
            in: site,
            [
                Listing(101, release: owned[0], price: 12.5, posted: start.addingTimeInterval(5 * day)),
                Listing(102, release: owned[1], price: 5, posted: start.addingTimeInterval(4 * day)),
                unknown, draft, second,
                Listing(106, release: 88_888_888, price: nil, posted: start),
                sold, withdrawn, gone,
            ])
        return Shop(site: site, owned: owned)
    }

    @Test("/for-sale/ lists active listings newest first, /for-sale/price/ cheapest first, paginated")
    func ordersAndPages() async throws {
        let shop = try await Self.shop()
        let site = shop.site
        _ = try await site.build()
        #expect(try Self.listingIDs(site, base: "/for-sale/") == [101, 102, 103, 104, 105, 106])
        #expect(try Self.listingIDs(site, base: "/for-sale/price/") == [102, 105, 101, 103, 104, 106])
        let files = Set(site.files())
        #expect(files.contains("for-sale/page/3/index.html") && !files.contains("for-sale/page/4/index.html"))
        #expect(files.contains("for-sale/price/page/3/index.html"))
        let first = try site.page("/for-sale/")
        #expect(first.contains("<a href=\"/for-sale/price/\">Price</a>"))
        #expect(first.contains("<a href=\"/for-sale/\" aria-current=\"page\">Newest listed</a>"))
        #expect(first.contains("<a href=\"/for-sale/history/\">Sold or withdrawn</a>"))
        #expect(first.contains("6 listings on the Discogs marketplace"))
        #expect(try site.page("/").contains("<a href=\"/for-sale/\""), "the menu links to it")
        let sitemap = try site.page("/sitemap.xml")
        for url in ["/for-sale/", "/for-sale/price/page/2/", "/for-sale/history/"] {
            #expect(sitemap.contains("<loc>https://records.example.org\(url)</loc>"))
        }
    }

    @Test("an entry shows the release's card when the site has it, else the listing's own fields")
    func entries() async throws {
        let shop = try await Self.shop()
        let site = shop.site
        _ = try await site.build()
        let first = try site.page("/for-sale/")
        let releaseURL = try Self.releaseURL(site, shop.owned[0])
        #expect(first.contains("<h3 class=\"card-title\" dir=\"auto\"><a href=\"\(releaseURL)\">"))
        #expect(first.contains("<strong>€12.50</strong> <span class=\"status status-ok\">For Sale</span>"))
        #expect(first.contains("<span>Media: Very Good Plus (VG+)</span><span>Sleeve: Very Good Plus (VG+)</span>"))
        #expect(first.contains("<a href=\"https://www.discogs.com/sell/item/101\">View on Discogs</a>"))
        #expect(first.contains("Listed <time datetime=\"2026-06-02T"))

        let second = try site.page("/for-sale/page/2/")
        #expect(second.contains("<strong>24.00 CHF</strong>"), "no symbol known: the amount and the code")
        #expect(second.contains("<bdi>Unknown Band</bdi>"), "the (2) disambiguation dropped")
        #expect(
            second.contains(
                "<h3 class=\"card-title\" dir=\"auto\"><a href=\"https://www.discogs.com/sell/item/103\">Rare &lt;Pressing&gt;</a></h3>"
            ))
        #expect(!second.contains("<span class=\"catno\">none</span>"))
        #expect(second.contains("<span class=\"status status-warn\">Draft</span>"))
        let third = try site.page("/for-sale/page/3/")
        #expect(
            third.contains("<a href=\"https://www.discogs.com/release/88888888\">Some Title</a>"),
            "a release the site does not have links to Discogs")
        #expect(third.contains("<span class=\"status status-ok\">For Sale</span></p>"), "no price: none shown")
        for page in [first, second, third] {
            #expect(!page.contains("Shelf 3"), "the storage location is private")
            #expect(
                !page.contains("sell/item/201") && !page.contains("sell/item/202"), "removed listings are not for sale")
        }
    }

    @Test("release pages carry a badge per active listing; cards of releases for sale say so")
    func badges() async throws {
        let shop = try await Self.shop()
        let site = shop.site
        _ = try await site.build()
        let listed = try site.releasePage(shop.owned[0])
        #expect(
            listed.contains(
                "<p class=\"release-sale\"><a class=\"badge badge-sale badge-sale-ok\" href=\"https://www.discogs.com/sell/item/101\">For sale: €12.50 (VG+/VG+)</a>"
                    + "<a class=\"badge badge-sale badge-sale-ok\" href=\"https://www.discogs.com/sell/item/105\">For sale: €8.00 (VG+/Generic)</a></p>"
            ))
        #expect(try site.releasePage(shop.owned[2]).contains(">Draft: €30.00 (VG)</a>"))
        #expect(!(try site.releasePage(shop.owned[3])).contains("release-sale"), "a sold listing has no badge")
        #expect(!(try site.releasePage(shop.owned[5])).contains("release-sale"))

        let cards = try Self.collectionCards(site)
        #expect(try #require(cards[Self.releaseURL(site, shop.owned[0])]).contains("badge-sale\">For sale</span>"))
        #expect(try #require(cards[Self.releaseURL(site, shop.owned[1])]).contains("badge-sale\">For sale</span>"))
        #expect(
            !(try #require(cards[Self.releaseURL(site, shop.owned[2])])).contains("badge-sale"),
            "a draft is not for sale")
        #expect(!(try #require(cards[Self.releaseURL(site, shop.owned[5])])).contains("badge-sale"))
    }

    @Test("sold or withdrawn listings: most recently removed first, linked from the sync history")
    func history() async throws {
        let shop = try await Self.shop()
        let site = shop.site
        _ = try await site.build()
        let history = try site.page("/for-sale/history/")
        #expect(Self.listingIDs(in: history) == [202, 203, 201])
        #expect(history.contains("<td class=\"sold-date\"><time datetime=\"2026-06-09T"))
        #expect(history.contains("<span class=\"status status-error\">Sold</span>"))
        #expect(history.contains("<bdi>Gone &lt;Again&gt;</bdi>"))
        #expect(history.contains("<a href=\"\(try Self.releaseURL(site, shop.owned[3]))\"><bdi>Some Title</bdi></a>"))
        #expect(history.contains("<td class=\"num\">€7.00</td>"))
        #expect(history.contains("<p class=\"eyebrow\"><a href=\"/for-sale/\">For sale</a></p>"))
        #expect(try site.page("/syncs/").contains("<a href=\"/for-sale/history/\">Sold or withdrawn listings</a>"))
        #expect(!history.contains("sell/item/101"))
    }

    @Test("listing text is escaped everywhere, pages are well-formed and their links resolve")
    func escaping() async throws {
        let shop = try await Self.shop()
        let site = shop.site
        _ = try await site.build()
        let page = try site.page("/for-sale/page/2/")
        #expect(!page.contains("<script>alert"))
        #expect(
            page.contains(
                "<p class=\"listing-comments\" dir=\"auto\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;mint&quot; &#39;sealed&#39;</p>"
            ))
        #expect(!page.contains("style=\"") && !page.contains("<script>"), "no inline styles or scripts")
        let files = Set(site.files())
        for file in files where file.hasPrefix("for-sale/") && file.hasSuffix(".html") {
            let data = try Data(contentsOf: site.output.appendingPathComponent(file))
            for link in try PageCheck.links(in: data, file: file) where link.hasPrefix("/") {
                let path = String(link.prefix { $0 != "?" && $0 != "#" }.dropFirst())
                #expect(files.contains(path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path), "\(link)")
            }
        }
    }

    @Test("without listings the site is exactly as before: no For sale pages, no menu entry, same bytes")
    func noListings() async throws {
        let site = try await SiteHarness(items: 20, wants: 3)
        _ = try await site.build()
        let before = try ListPagesTests.contents(site)
        #expect(!before.keys.contains { $0.hasPrefix("for-sale/") })
        let pages = before.filter { $0.key.hasSuffix(".html") }.values.map { String(decoding: $0, as: UTF8.self) }
        #expect(!pages.contains { $0.contains("/for-sale/") || $0.contains("badge-sale") })

        // Only removed listings: a history page linked from the syncs, no menu entry.
        let owned = try InventoryScenario.owned(site)
        var sold = Listing(1, release: owned[0], price: 3, posted: InventoryScenario.start)
        sold.removedAt = InventoryScenario.start.addingTimeInterval(InventoryScenario.day)
        try InventoryScenario.add(in: site, [sold])
        _ = try await site.build()
        #expect(!(try site.page("/").contains("href=\"/for-sale/\"")))
        #expect(try site.page("/syncs/").contains("href=\"/for-sale/history/\""))
        #expect(!site.files().contains("for-sale/index.html"))

        try InventoryScenario.add(in: site, [Listing(2, release: owned[1], price: 4, posted: InventoryScenario.start)])
        _ = try await site.build()
        #expect(try site.page("/").contains("href=\"/for-sale/\""))

        try InventoryScenario.deleteAll(in: site)
        _ = try await site.build()
        #expect(try ListPagesTests.contents(site) == before, "the listings gone, every file is as it was")
    }

    @Test("a new price rewrites only the release's page and the For sale pages that show the listing")
    func incremental() async throws {
        let shop = try await Self.shop()
        let site = shop.site
        _ = try await site.build()
        #expect(try await site.build().written == 0, "nothing changed: nothing written")
        let before = try DumpPagesTests.pageFingerprints(site)

        // 12.50 → 13.00: still third by price (page 2), first by date (page 1).
        try InventoryScenario.reprice(in: site, listing: 101, 13)
        _ = try await site.build()
        let after = try DumpPagesTests.pageFingerprints(site)
        let release = String(try Self.releaseURL(site, shop.owned[0]).dropFirst()) + "index.html"
        #expect(
            Set(after.keys.filter { after[$0] != before[$0] })
                == [release, "for-sale/index.html", "for-sale/price/page/2/index.html"])
        #expect(try site.releasePage(shop.owned[0]).contains("For sale: €13.00 (VG+/VG+)"))
        #expect(try Self.listingIDs(site, base: "/for-sale/price/") == [102, 105, 101, 103, 104, 106])
    }

    // MARK: - Helpers

    /// The listings of every page of a paginated For sale order, in order.
    static func listingIDs(_ site: SiteHarness, base: String) throws -> [Int] {
        var ids: [Int] = []
        var number = 1
        while site.files().contains(String((number == 1 ? base : "\(base)page/\(number)/").dropFirst()) + "index.html")
        {
            ids += listingIDs(in: try site.page(number == 1 ? base : "\(base)page/\(number)/"))
            number += 1
        }
        return ids
    }

    /// The listings a page links to, in order, each once.
    static func listingIDs(in page: String) -> [Int] {
        var seen = Set<Int>()
        return page.components(separatedBy: "href=\"https://www.discogs.com/sell/item/").dropFirst().compactMap {
            Int($0.prefix { $0.isNumber })
        }.filter { seen.insert($0).inserted }
    }

    static func releaseURL(_ site: SiteHarness, _ id: Int) throws -> String {
        let file = try #require(site.files().first { $0.hasPrefix("release/\(id)-") && $0.hasSuffix(".html") })
        return "/" + file.dropLast("index.html".count)
    }

    /// Every card of the collection's recently-added pages, by release URL.
    static func collectionCards(_ site: SiteHarness) throws -> [String: String] {
        var cards: [String: String] = [:]
        for file in site.files()
        where (file == "collection/index.html" || file.hasPrefix("collection/page/")) && file.hasSuffix(".html") {
            let page = try site.page("/" + file.dropLast("index.html".count))
            for card in page.components(separatedBy: "<article class=\"card\">").dropFirst() {
                let body = card.components(separatedBy: "</article>")[0]
                if let url = ListPagesTests.cardLinks(body).first { cards[url] = body }
            }
        }
        return cards
    }
}
