import Discogs
import FakeDiscogs
import Foundation
import SpindleSite
import SpindleStore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("The static site", .serialized)
struct SiteBuildTests {
    /// Releases with the data that breaks sites: markup in titles, RTL text, emoji, huge notes,
    /// no cover, no year, no tracklist, 50 artists.
    static func oddReleases() -> [Release] {
        var hostile = Release(id: 9_000_001, title: "<script>alert('x')</script> & \"Friends\" 🎵", year: 1977)
        hostile.artists = [ArtistCredit(id: 77, name: "Björk & <b>Co</b> (2)")]
        hostile.labels = [EntityCredit(id: 5, name: "Label \"Q\" & <Sons>", catno: "Q&A-1 <b>")]
        hostile.genres = ["Rock & Roll"]
        hostile.notes = String(repeating: "Very long note with <tags> & ampersands. ", count: 60)
        hostile.tracklist = [
            Track(position: "A1", title: "<i>Intro</i>", duration: "1:00"),
            Track(position: "", type: "index", title: "Suite", subTracks: [Track(position: "B1a", title: "Part 1")]),
        ]
        var rtl = Release(id: 9_000_002, title: "سلام عليكم — שלום", year: nil)
        rtl.artists = [ArtistCredit(id: 78, name: "فيروز")]
        var crowd = Release(id: 9_000_003, title: "Everyone Together", year: 2001)
        crowd.artists = (1...50).map { ArtistCredit(id: 10_000 + $0, name: "Artist \($0)", join: ",") }
        crowd.formats = [Format(name: "Vinyl", qty: "3", text: "Gatefold", descriptions: ["LP", "Album"])]
        return [hostile, rtl, crowd]
    }

    @Test("every page is well-formed, every internal link resolves, and user text is escaped")
    func pagesAndLinks() async throws {
        let site = try await SiteHarness { $0.baseURL = "https://records.example.org" }
        for (index, release) in Self.oddReleases().enumerated() {
            try site.own(release, instanceID: 9_900_000 + index, notes: [3: "private <note>"])
        }
        let report = try await site.build()
        #expect(report.written == report.files)
        let files = Set(site.files())
        #expect(files.contains("index.html") && files.contains("404.html") && files.contains("sitemap.xml"))
        var checked = 0
        for file in files where file.hasSuffix(".html") {
            let data = try Data(contentsOf: site.output.appendingPathComponent(file))
            // /api/ is answered by `spindle serve`, not by a file of the site.
            for link in try PageCheck.links(in: data, file: file)
            where link.hasPrefix("/") && !link.hasPrefix("//") && !link.hasPrefix("/api/") {
                let path = String(link.prefix { $0 != "?" && $0 != "#" }.dropFirst())
                let target = path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
                #expect(files.contains(target), "\(file) links to \(link), which does not exist")
                checked += 1
            }
        }
        #expect(checked > 500)

        let hostile = try site.releasePage(9_000_001)
        #expect(!hostile.contains("<script>alert"))
        #expect(hostile.contains("&lt;script&gt;alert"))
        #expect(!hostile.contains("<b>Co</b>") && !hostile.contains("<Sons>"))
        #expect(!hostile.contains("private &lt;note&gt;"), "free-text Notes are private unless published")
        #expect(
            hostile.contains("Björk &amp; &lt;b&gt;Co&lt;/b&gt;"), "the (2) disambiguation is dropped, the rest escaped"
        )
        let crowd = try site.releasePage(9_000_003)
        #expect(crowd.contains("Artist 50"))
    }

    @Test("a rebuild with nothing changed writes nothing; a rating change rewrites only the release page")
    func incremental() async throws {
        let site = try await SiteHarness { $0.showRatings = true }
        _ = try await site.build()
        let published = site.output.resolvingSymlinksInPath()

        let unchanged = try await site.build()
        #expect(unchanged.written == 0 && unchanged.removed == 0)
        #expect(unchanged.published == nil)
        #expect(site.output.resolvingSymlinksInPath() == published)

        let item = try site.store.read { try $0.siteItems(accountID: site.account.id) }.first { $0.rating != 4 }!
        try site.rate(item, 4)
        let before = try site.inodes()
        let changed = try await site.build()
        #expect(changed.written == 1)
        #expect(changed.full == false)
        // Unchanged files are hard links to the previous build: only rewritten files have new inodes.
        let after = try site.inodes()
        let rewritten = Set(after.keys.filter { after[$0] != before[$0] })
        let page = try #require(
            site.files().first { $0.hasPrefix("release/\(item.releaseID)-") && $0.hasSuffix(".html") })
        #expect(rewritten == [page, page + ".gz"])
        #expect(try site.page("/" + page.dropLast("index.html".count)).contains("4"))
        // The previous build is left intact for anyone still reading it.
        #expect(FileManager.default.fileExists(atPath: published.path))

        // Ratings not published: the same kind of change rewrites nothing at all.
        _ = try await site.build { $0.showRatings = false }
        try site.rate(item, 2)
        #expect(try await site.build { $0.showRatings = false }.written == 0)
    }

    @Test("a release gone from the collection loses its page; the published site switches in one step")
    func removal() async throws {
        let site = try await SiteHarness()
        _ = try await site.build()
        let item = try site.store.read { try $0.siteItems(accountID: site.account.id) }.first!
        let copies = try site.store.read { try $0.siteItems(accountID: site.account.id) }.filter {
            $0.releaseID == item.releaseID
        }
        let before = Set(site.files())
        let accountID = site.account.id
        try site.store.write { tx in
            for copy in copies {
                try tx.softDeleteItem(accountID: accountID, instanceID: copy.instanceID, sessionID: nil, now: Date())
            }
        }
        let wanted = try site.store.read { try $0.siteWants(accountID: accountID) }.contains {
            $0.releaseID == item.releaseID
        }
        let report = try await site.build()
        #expect(report.removed > 0 || wanted)
        let after = Set(site.files())
        #expect(after.count <= before.count)
        let attributes = try FileManager.default.attributesOfItem(atPath: site.output.path)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
    }

    @Test("a build that died while writing leaves the published site alone; the next one repairs its folder")
    func diedHalfway() async throws {
        let site = try await SiteHarness(items: 20, wants: 2)
        _ = try await site.build()
        let published = site.output.resolvingSymlinksInPath()
        let complete = Set(site.files())
        // What a build killed while writing the other folder leaves behind: the folder marked
        // dirty, some pages missing, a half-written one, and a temporary file.
        let standby = published.deletingLastPathComponent().appendingPathComponent(
            published.lastPathComponent == "a" ? "b" : "a")
        try site.store.write { try $0.markSiteSlotDirty(standby.lastPathComponent, output: site.output.path) }
        try FileManager.default.createDirectory(
            at: standby.appendingPathComponent("release"), withIntermediateDirectories: true)
        try Data("<html><bo".utf8).write(to: standby.appendingPathComponent("index.html"))
        try Data("partial".utf8).write(to: standby.appendingPathComponent("index.html.spindle-new"))
        #expect(Set(site.files()) == complete, "the published folder is untouched")

        var release = Release(id: 9_200_001, title: "After The Crash", year: 2011)
        release.artists = [ArtistCredit(id: 92, name: "Recovery Band")]
        try site.own(release, instanceID: 9_920_001)
        let report = try await site.build()
        #expect(site.output.resolvingSymlinksInPath() == standby.standardizedFileURL)
        let repaired = Set(site.files())
        #expect(repaired.isSuperset(of: complete))
        #expect(!repaired.contains("index.html.spindle-new"))
        #expect(try site.page("/").hasSuffix("</html>\n"))
        #expect(try site.releasePage(9_200_001).contains("After The Crash"))
        #expect(report.files == repaired.filter { !$0.hasSuffix(".gz") }.count)
    }

    @Test("the sync history keeps every sync: 100 to a page, one page each")
    func everySync() async throws {
        let site = try await SiteHarness(items: 5, wants: 0)
        let accountID = site.account.id
        try site.store.write { tx in
            for day in 1...120 {
                let when = Date(timeIntervalSince1970: 1_700_000_000 + Double(day) * 86_400)
                let session = try tx.createSession(
                    kinds: [.collection], folders: [], full: false, mode: .direct, ownerPID: nil, ownerHost: nil,
                    now: when)
                try tx.setSessionAccount(session.id, accountID: accountID)
                try tx.finishSession(session.id, status: .completed, error: nil, now: when.addingTimeInterval(30))
            }
        }
        _ = try await site.build()
        let files = Set(site.files())
        let syncPages = files.filter { $0.hasPrefix("syncs/") && $0.hasSuffix("index.html") && !$0.contains("page") }
        #expect(syncPages.count == 121 + 1, "the index and a page per sync (the harness synced once)")
        #expect(files.contains("syncs/page/2/index.html"))
        #expect(!files.contains("syncs/page/3/index.html"))
        let first = try site.page("/syncs/")
        #expect(first.contains("href=\"/syncs/page/2/\""))
    }

    @Test("a sync's page shows what the metadata cache answered and what went to Discogs")
    func metadataCacheOnTheSyncPage() async throws {
        let site = try await SiteHarness(items: 5, wants: 0)
        let id = try site.store.write { tx in
            let when = Date(timeIntervalSince1970: 1_700_000_000)
            let session = try tx.createSession(
                kinds: [.collection], folders: [], full: false, mode: .direct, ownerPID: nil, ownerHost: nil, now: when)
            try tx.setSessionAccount(session.id, accountID: site.account.id)
            try tx.updateStats(session.id) { stats in
                stats[.cacheHits] = 30
                stats[.cacheMisses] = 10
            }
            try tx.finishSession(session.id, status: .completed, error: nil, now: when.addingTimeInterval(30))
            return session.id
        }
        _ = try await site.build()
        let page = try site.page("/syncs/\(id)/")
        #expect(page.contains("Metadata cache"))
        #expect(page.contains("30 from the cache, 10 requests to Discogs (hit rate 75%)"))
        #expect(!(try site.page("/syncs/1/")).contains("Metadata cache"), "no line for a sync that looked nothing up")

        let inventory = try site.store.write { tx in
            let when = Date(timeIntervalSince1970: 1_700_100_000)
            let session = try tx.createSession(
                kinds: [.inventory], folders: [], full: false, mode: .direct, ownerPID: nil, ownerHost: nil, now: when)
            try tx.setSessionAccount(session.id, accountID: site.account.id)
            try tx.updateStats(session.id) { stats in
                stats[.listingsUpdated] = 2
                stats[.listingsRemoved] = 1
                stats[.listingsUnchanged] = 117
            }
            try tx.finishSession(session.id, status: .completed, error: nil, now: when.addingTimeInterval(5))
            return session.id
        }
        _ = try await site.build()
        #expect(
            try site.page("/syncs/\(inventory)/").contains(
                "+0 new, 2 updated, 1 sold or withdrawn, 0 back, 117 unchanged"))
    }

    @Test("a full build writes .gz siblings that decompress to the page")
    func gzipSiblings() async throws {
        let site = try await SiteHarness(items: 10, wants: 0)
        _ = try await site.build()
        let files = site.files()
        let html = files.filter { $0.hasSuffix(".html") }
        #expect(
            html.allSatisfy {
                files.contains($0 + ".gz")
                    || (try? Data(contentsOf: site.output.appendingPathComponent($0)).count) ?? 0 < 256
            })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-t", site.output.appendingPathComponent("index.html.gz").path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("user templates override the built-in ones file by file; content pages render Markdown without raw HTML")
    func overridesAndContent() async throws {
        let site = try await SiteHarness(items: 10, wants: 0)
        let own = site.directory.appendingPathComponent("my-templates")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        try "{{< layout}}{{$main}}<p id=\"mine\">{{release.title}}</p>{{/main}}{{/layout}}".write(
            to: own.appendingPathComponent("release.mustache"), atomically: true, encoding: .utf8)
        let content = site.directory.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "---\ntitle: About these records\nmenu: 1\n---\nIt's \"my\" collection.\n\n<script>bad()</script>\n".write(
            to: content.appendingPathComponent("about.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: Secret\ndraft: true\n---\nnot yet\n".write(
            to: content.appendingPathComponent("secret.md"), atomically: true, encoding: .utf8)
        try "Welcome to **the shelves**.\n".write(
            to: content.appendingPathComponent("_index.md"), atomically: true, encoding: .utf8)

        _ = try await site.build { $0.templatesDirectory = own }
        let release = site.files().first { $0.hasPrefix("release/") && $0.hasSuffix(".html") }!
        #expect(
            try String(contentsOf: site.output.appendingPathComponent(release), encoding: .utf8).contains(
                "<p id=\"mine\">"))
        let about = try site.page("/about/")
        #expect(about.contains("It’s “my” collection."))
        #expect(!about.contains("bad()"))
        #expect(try site.page("/").contains("<strong>the shelves</strong>"))
        #expect(try site.page("/").contains("href=\"/about/\""), "content pages with a menu order are in the menu")
        #expect(!site.files().contains("secret/index.html"))
        _ = try await site.build {
            $0.templatesDirectory = own; $0.drafts = true
        }
        #expect(site.files().contains("secret/index.html"))
    }

    @Test("feeds are Atom, the search index lists every release, the sitemap needs a base URL")
    func machinePages() async throws {
        let site = try await SiteHarness(items: 20, wants: 4) { $0.baseURL = "https://records.example.org/" }
        _ = try await site.build()
        let feed = try XMLDocument(
            data: Data(contentsOf: site.output.appendingPathComponent("feeds/additions.xml")), options: [])
        #expect(try feed.nodes(forXPath: "//*[local-name()='entry']").count == 20)
        let index =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: site.output.appendingPathComponent("search-index.json"))) as! [String: Any]
        let owned = Set(try site.store.read { try $0.siteItems(accountID: site.account.id) }.map(\.releaseID))
        let wanted = Set(try site.store.read { try $0.siteWants(accountID: site.account.id) }.map(\.releaseID))
        #expect((index["items"] as! [[Any]]).count == owned.union(wanted).count)
        let sitemap = try String(contentsOf: site.output.appendingPathComponent("sitemap.xml"), encoding: .utf8)
        #expect(sitemap.contains("<loc>https://records.example.org/release/"))
        #expect(!sitemap.contains(".org//"))
    }
}
