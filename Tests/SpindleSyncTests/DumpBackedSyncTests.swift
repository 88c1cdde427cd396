import FakeDiscogs
import Foundation
import GRDB
import SpindleDumps
import SpindleStore
import SpindleSync
import Testing

/// With a dump imported, a sync takes release data from it instead of asking the API.
@Suite struct DumpBackedSyncTests {
    /// Real 2020-08 releases re-numbered to `ids`, as a releases dump file.
    static func releasesDump(ids: [Int], in directory: URL) throws -> String {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent(
                "../Fixtures/dumps/philipmat_discogs-xml2db_discogs_20200806_releases.xml.gz"
            )
            .standardized
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gunzip.arguments = ["-dc", sample.path]
        let pipe = Pipe()
        gunzip.standardOutput = pipe
        try gunzip.run()
        let xml = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        gunzip.waitUntilExit()
        // Records may span lines (notes keep their line breaks): cut at the end tags.
        let records = xml.components(separatedBy: "</release>").compactMap { part -> String? in
            guard let start = part.range(of: "<release ") else { return nil }
            return String(part[start.lowerBound...]) + "</release>"
        }
        guard !records.isEmpty else { throw DumpFixtureMissing(path: sample.path) }
        var out = "<releases>\n"
        for (index, id) in ids.sorted().enumerated() {
            let record = records[index % records.count]
            let rest = record.drop(while: { $0 != ">" }).dropFirst()
            out += "<release id=\"\(id)\" status=\"Accepted\">" + rest + "\n"
        }
        out += "</releases>\n"
        let path = directory.appendingPathComponent("discogs_20200806_releases.xml").path
        try out.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func importDump(_ path: String, into store: Store) throws {
        try DumpImporter(store: store).run(
            month: DumpMonth("2020-08")!, dumpDate: "20200806", files: [.releases: path])
    }

    @Test("a first sync after a dump import asks for no release")
    func dumpFirst() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 60, duplicates: 5, wants: 20, overlap: 3))
        let account = harness.fake.account
        let ids = Array(Set(account.items.map(\.releaseID)).union(account.wants.map(\.releaseID)))
        try Self.importDump(try Self.releasesDump(ids: ids, in: harness.directory), into: harness.store)

        let session = try await harness.sync()
        #expect(session.status == .completed, "\(session.error ?? "")")
        #expect(harness.fake.stats.byEndpoint["release", default: 0] == 0)
        for id in ids {
            let freshness = try harness.store.read { try $0.releaseFreshness(id: id) }
            #expect(freshness?.source == .dump, "release \(id)")
            #expect(freshness?.basicHash != nil, "release \(id) took its summary as baseline")
        }
        // The items are the server's; their titles and artists are the dump's (re-numbered samples).
        let items = { (list: [ExportedItem]) in
            list.map { [$0.instanceID, $0.releaseID, $0.folderID, $0.rating] }.sorted {
                $0.lexicographicallyPrecedes($1)
            }
        }
        #expect(items(try harness.exportedCollection()) == items(account.expectedCollection()))

        // A second sync much later: dump rows are not stale by age; nothing is fetched either.
        harness.clock.advance(by: 200 * 86_400)
        let again = try await harness.sync()
        #expect(again.status == .completed)
        #expect(harness.fake.stats.byEndpoint["release", default: 0] == 0)
    }

    @Test("releases queued before a dump import are taken from it, not fetched")
    func queuedThenDump() throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 10, duplicates: 0, wants: 0, overlap: 0))
        let ids = [11, 12, 13]
        let now = harness.clock.now
        try harness.store.write { tx in
            for id in ids {
                try tx.enqueueRelease(id, reason: .unknown, basicHash: "summary-\(id)", sessionID: nil, now: now)
            }
            try tx.enqueueRelease(14, reason: .full, basicHash: "summary-14", sessionID: nil, now: now)
        }
        try Self.importDump(try Self.releasesDump(ids: ids + [14], in: harness.directory), into: harness.store)
        let resolved = try harness.store.write { try $0.resolveQueuedReleasesFromDumps() }
        #expect(resolved == 3)
        #expect(try harness.store.read { try $0.queueStatuses(releaseIDs: ids + [14]) } == [14: "queued"])
        #expect(try harness.store.read { try $0.releaseFreshness(id: 12) }?.basicHash == "summary-12")
    }
}

struct DumpFixtureMissing: Error {
    let path: String
}
