import FakeDiscogs
import Foundation
import SpindleDumps
import SpindleStore
import SpindleSync

/// Routing smart lists: 20 lists over a collection of `items` copies of the 1,000 real 2020-08
/// releases (completed from the dump sample), rebuilt as the end of a sync rebuilds them.
struct ListsBench {
    struct Row {
        var run: String
        var seconds: Double
        var lists: Int
        var memberships: Int
        var joined: Int
        var left: Int
    }

    let binaries: String
    let items: Int

    /// The 20 lists: every kind of field and operator, sorts, a limit, a list in a list and a fan-out.
    static let queries: [(String, String)] = [
        ("Jazz", "genre:Jazz sort:added-"),
        ("Electronic on vinyl", "genre:Electronic format:Vinyl"),
        ("Seventies", "year:1970..1979 sort:year+"),
        ("Eighties rated 3+", "decade:1980 rating:3.."),
        ("Top rated", "rating:5 sort:random"),
        ("Added lately", "added:-2y.. sort:added- limit:200"),
        ("Not reissues", "^format_desc:Reissue format_desc:LP"),
        ("Promos", "format_desc:Promo|\"Test Pressing\""),
        ("Compilations", "format_desc:Compilation sort:artist+"),
        ("The bands", "artist:\"The*\""),
        ("Love songs", "title:love"),
        ("A to C", "title::^[A-C]"),
        ("German pressings", "country:=Germany"),
        ("Long records", "tracks:12.."),
        ("Mint copies", "\"note:Media Condition\":=\"Mint (M)\""),
        ("Rock or pop", "genre:Rock , genre:Pop"),
        ("Hard to file", "(style:House|Techno ^genre:Electronic) , year:\"\""),
        ("Favourite jazz", "list:\"Top rated\" genre:Jazz"),
        ("Uncategorized", "folder:=Uncategorized"),
        ("By decade", "fan:decade year:1900.."),
    ]

    func run() throws -> [Row] {
        let checkout = try Checkout.locate(above: binaries)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-lists-bench-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("spindle.sqlite").path)
        let sample = checkout.appendingPathComponent(
            "Tests/Fixtures/dumps/philipmat_discogs-xml2db_discogs_20200806_releases.xml.gz")
        try DumpImporter(store: store).run(
            month: DumpMonth("2020-08")!, dumpDate: "20200806", files: [.releases: sample.path])
        let now = Date()
        let csv = try DiscogsCollectionCSV(data: Self.collectionCSV(store: store, items: items, now: now))
        _ = try CollectionCSVImporter(store: store).importFile(csv, username: "bench", skipInvalid: false, now: now)
        guard let account = try store.read({ try $0.accounts().first }) else { throw BenchError("no account") }
        try store.write { tx in
            for (name, query) in Self.queries {
                let definition = try ListQuery.parse(query)
                try tx.validateSmartList(definition, name: name, accountID: account.id, now: now)
                try tx.saveSmartList(
                    accountID: account.id, name: name, slug: ListSlug.make(name), definition: definition, query: query,
                    origin: .cli, now: now)
            }
        }
        // The CSV import above already rebuilt nothing (the lists came after it): the first run fills them.
        let router = SmartListRouter(store: store)
        var rows: [Row] = []
        for run in [
            "first rebuild (every member new)", "rebuild, nothing changed", "rebuild after 100 ratings changed",
        ] {
            if run.hasPrefix("rebuild after") {
                try store.write { tx in try tx.benchChangeRatings(accountID: account.id, count: 100) }
            }
            let started = ContinuousClock.now
            let outcomes = router.rebuild(accountID: account.id, kinds: nil, sessionID: nil, now: Date())
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            if let error = outcomes.compactMap(\.error).first { throw BenchError("rebuild failed: \(error)") }
            let rebuilds = outcomes.compactMap(\.rebuild)
            rows.append(
                Row(
                    run: run, seconds: seconds, lists: rebuilds.map(\.listsProcessed).reduce(0, +),
                    memberships: rebuilds.map(\.itemsProcessed).reduce(0, +),
                    joined: rebuilds.map(\.joined).reduce(0, +),
                    left: rebuilds.map(\.left).reduce(0, +)))
        }
        return rows
    }

    /// A Discogs collection export of `items` copies of the stored releases: folders, ratings,
    /// dates and conditions spread by a fixed generator, so every run sees the same collection.
    static func collectionCSV(store: Store, items: Int, now: Date) throws -> Data {
        let releases = try store.read { try $0.benchReleaseIDs() }
        var generator = SplitMix(seed: 20_200_806)
        var text =
            "Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,CollectionFolder,Date Added,"
            + "Collection Media Condition,Collection Sleeve Condition,Collection Notes\n"
        let folders = ["Uncategorized", "Jazz", "Electronic", "Keepers", "To sell"]
        let conditions = ["Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)"]
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for index in 0..<items {
            let release = releases[index % releases.count]
            let rating = generator.next(below: 6)
            let folder = generator.pick(folders)
            let added = now.addingTimeInterval(-Double(generator.next(below: 10 * 365 * 86_400)))
            let condition = generator.pick(conditions)
            text +=
                ",,,,,\(rating == 0 ? "" : String(rating)),,\(release),\(folder),\(formatter.string(from: added)),\(condition),,\n"
        }
        return Data(text.utf8)
    }
}
