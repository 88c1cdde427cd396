import Discogs
import Foundation
import SpindleSite
import SpindleStore
import Testing

@Suite("Pages from the data dumps", .serialized)
struct DumpPagesTests {
    /// A small synced collection plus the scenario's releases, built once without dump rows.
    static func site() async throws -> SiteHarness {
        let site = try await SiteHarness(items: 6, wants: 1) { $0.baseURL = "https://records.example.org" }
        try DumpScenario.own(in: site)
        return site
    }

    static let master500 = "/master/500-the-persuader-stockholm/"
    static let master600 = "/master/600-the-persuader-ostermalm/"

    @Test("without dump rows the site is as before: no master links, no master pages, no about blocks")
    func withoutDumps() async throws {
        let site = try await Self.site()
        let owned = try site.store.read { tx in
            try tx.releases(ids: tx.siteItems(accountID: site.account.id).map(\.releaseID), detail: .summary)
        }
        #expect(owned.values.contains { $0.release.masterID != nil }, "the releases do have masters")
        _ = try await site.build()
        let files = site.files()
        #expect(!files.contains { $0.hasPrefix("master/") })
        for file in files where file.hasSuffix(".html") {
            let html = try String(contentsOf: site.output.appendingPathComponent(file), encoding: .utf8)
            #expect(!html.contains("/master/") && !html.contains("discogs.com/master"), "\(file)")
            #expect(!html.contains("class=\"about\""), "\(file)")
        }
        // Dump rows about nothing in the collection change nothing either.
        try DumpScenario.describeOthers(in: site)
        let again = try await site.build()
        #expect(again.written == 0 && again.removed == 0)
    }

    @Test("release pages name their master; a master with an owned version has a page")
    func masters() async throws {
        let site = try await Self.site()
        try DumpScenario.describe(in: site)
        _ = try await site.build()

        let main = try site.releasePage(DumpScenario.stockholm)
        #expect(main.contains("<dt>Master</dt>"))
        #expect(main.contains("href=\"\(Self.master500)\""))
        #expect(main.contains("<bdi>Stockholm</bdi></a> (1999) <span class=\"badge\">Main release</span>"))
        #expect(main.contains("href=\"https://www.discogs.com/master/500\""))
        let remaster = try site.releasePage(DumpScenario.remaster)
        #expect(remaster.contains("href=\"\(Self.master500)\"") && !remaster.contains("Main release"))
        let wanted = try site.releasePage(DumpScenario.wanted)
        #expect(wanted.contains("href=\"\(Self.master500)\""))
        let unknown = try site.releasePage(DumpScenario.noMasterRow)
        #expect(!unknown.contains("<dt>Master</dt>"), "master 900 is not in the dumps")

        let page = try site.page(Self.master500)
        #expect(page.contains("<title>The Persuader – Stockholm · My records</title>"))
        #expect(page.contains("You own 2 versions"))
        #expect(page.contains("Deep House") && page.contains("Data quality: Correct"))
        let versions = try #require(page.range(of: "Your versions")).upperBound
        let wantedSection = try #require(page.range(of: "On your wantlist")).lowerBound
        let ownedPart = String(page[versions..<wantedSection])
        #expect(ownedPart.contains("/release/\(DumpScenario.stockholm)-") && ownedPart.contains("Main release"))
        #expect(ownedPart.contains("/release/\(DumpScenario.remaster)-"))
        #expect(page[wantedSection...].contains("/release/\(DumpScenario.wanted)-"))
        // Notes: markup resolved into names and links, line breaks kept, everything escaped.
        #expect(
            page.contains(
                "Debut album by <a href=\"/artist/1-the-persuader/\">The Persuader</a> on <a href=\"/label/5-svek/\">Svek</a>.\nSee also"
            ))
        #expect(page.contains("<a href=\"\(Self.master600)\">Östermalm</a>"))
        #expect(page.contains("remastered as <a href=\"/release/\(DumpScenario.remaster)-"))
        #expect(page.contains("<a href=\"https://example.org/stockholm\">this &lt;b&gt;page&lt;/b&gt;</a>"))
        #expect(page.contains("&lt;script&gt;x()&lt;/script&gt;") && !page.contains("<script>x()"))
        #expect(!page.contains("[a1]") && !page.contains("&amp;#13;"))

        let files = Set(site.files())
        #expect(files.contains(String(Self.master600.dropFirst()) + "index.html"))
        #expect(!files.contains { $0.hasPrefix("master/700-") || $0.hasPrefix("master/900") }, "no owned version")
        let sitemap = try String(contentsOf: site.output.appendingPathComponent("sitemap.xml"), encoding: .utf8)
        #expect(sitemap.contains("<loc>https://records.example.org\(Self.master500)</loc>"))
        for url in [Self.master500, Self.master600] {
            _ = try PageCheck.links(in: Data(try site.page(url).utf8), file: url)
        }
    }

    @Test("a label lists its releases by catalogue number, numbers as numbers, with its profile and sublabels")
    func labelPage() async throws {
        let site = try await Self.site()
        try DumpScenario.describe(in: site)
        _ = try await site.build()
        let page = try site.page("/label/5-svek/")
        let positions = try DumpScenario.labelOrder.map { id in
            try #require(page.range(of: "/release/\(id)-")).lowerBound
        }
        #expect(positions == positions.sorted(), "SK 9, SK 10, SK-11, SK 100, then none")
        #expect(page.contains("<dt>Parent label</dt>"))
        #expect(page.contains("<a href=\"https://www.discogs.com/label/6\"><bdi>Goldhead Music</bdi></a>"))
        #expect(page.contains("<dt>Sublabels</dt><dd><ul class=\"inline-list\"><li><a href=\"/label/7-svek-sub/\">"))
        #expect(!page.contains("Never Owned Sub"))
        #expect(page.contains("<a href=\"http://svek.se\"><bdi>svek.se</bdi></a>"))
        #expect(
            page.contains(
                "<a href=\"/artist/1-the-persuader/\">The Persuader</a>&#39;s label, founded in Stockholm.\nHome of <a href=\"/label/7-svek-sub/\">Svek Sub</a>."
            ))
        let sub = try site.page("/label/7-svek-sub/")
        #expect(sub.contains("<a href=\"/label/5-svek/\"><bdi>Svek</bdi></a>"), "its parent has a page here")
        _ = try PageCheck.links(in: Data(page.utf8), file: "label")
    }

    @Test("an artist page counts the artist's masters owned and links the related artists that have a page")
    func artistPage() async throws {
        let site = try await Self.site()
        try DumpScenario.describe(in: site)
        _ = try await site.build()
        let page = try site.page("/artist/1-the-persuader/")
        #expect(page.contains("<p class=\"about-masters\">You own 2 of 3 masters</p>"))
        #expect(page.contains("<dt>Real name</dt><dd><ul class=\"inline-list\"><li><bdi>Jesper Dahlbäck</bdi>"))
        #expect(page.contains("<dt>Aliases</dt>") && page.contains("href=\"/artist/2-jesper-dahlback/\""))
        #expect(!page.contains("Not On This Site") && !page.contains("Nameless Group"), "only artists with a page")
        #expect(page.contains("<a href=\"https://www.persuader.example/\"><bdi>persuader.example</bdi></a>"))
        #expect(page.contains("javascript:alert(1)") && !page.contains("href=\"javascript:"))
        #expect(page.contains("see <a href=\"/artist/2-jesper-dahlback/\">Jesper Dahlbäck</a> &amp; Unknown Person."))
        let other = try site.page("/artist/2-jesper-dahlback/")
        #expect(!other.contains("class=\"about\""), "nothing to say: no block")
        _ = try PageCheck.links(in: Data(page.utf8), file: "artist")
    }

    @Test("a dump import re-renders only the pages whose content it changed")
    func incremental() async throws {
        let site = try await Self.site()
        _ = try await site.build()
        let plain = try Self.pageFingerprints(site)
        try DumpScenario.describe(in: site)
        _ = try await site.build()
        let described = try Self.pageFingerprints(site)
        let touched = Set(described.keys.filter { described[$0] != plain[$0] })
        #expect(touched.contains("artist/1-the-persuader/index.html") && touched.contains("label/5-svek/index.html"))
        #expect(!touched.contains { $0.hasPrefix("genre/") || $0.hasPrefix("collection/") || $0 == "index.html" })

        // A master's year changes: its page and its versions' pages, nothing else.
        try DumpScenario.execute(in: site, "UPDATE masters SET year = 1998, content_hash = 'm500b' WHERE id = 500")
        _ = try await site.build()
        let year = try Self.pageFingerprints(site)
        let versionPages = try [DumpScenario.stockholm, DumpScenario.remaster, DumpScenario.wanted].map { id in
            try #require(site.files().first { $0.hasPrefix("release/\(id)-") && $0.hasSuffix(".html") })
        }
        #expect(
            Set(year.keys.filter { year[$0] != described[$0] })
                == Set(versionPages + ["master/500-the-persuader-stockholm/index.html"]))
        #expect(try site.page(Self.master500).contains("<dd>1998</dd>"))

        // A new master of the artist: only the artist's page.
        try DumpScenario.execute(
            in: site,
            """
            INSERT INTO masters (id, title, year, source, fetched_at, content_hash) VALUES (800, 'Later', 2010, 'dump', '2026-02-01', 'm800');
            INSERT INTO master_artists (master_id, seq, artist_id, name) VALUES (800, 0, 1, 'The Persuader');
            """)
        _ = try await site.build()
        let added = try Self.pageFingerprints(site)
        #expect(Set(added.keys.filter { added[$0] != year[$0] }) == ["artist/1-the-persuader/index.html"])
        #expect(try site.page("/artist/1-the-persuader/").contains("You own 2 of 4 masters"))
    }

    /// What every page of the published build was rendered from, by file.
    static func pageFingerprints(_ site: SiteHarness) throws -> [String: String] {
        let slot = site.output.resolvingSymlinksInPath().lastPathComponent
        let output = site.settings.output.standardizedFileURL.path
        return try #require(try site.store.read { try $0.sitePages(slot: slot, output: output) })
    }
}
