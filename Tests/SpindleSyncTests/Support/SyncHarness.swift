import Discogs
import FakeDiscogs
import Foundation
import GRDB
import SpindleStore
import SpindleSync

/// A fake Discogs, a real SQLite file in a temporary folder, and a virtual clock shared by both,
/// so a sync paced at 60 requests a minute runs in well under a second of real time.
final class SyncHarness: Sendable {
    let directory: URL
    let store: Store
    let clock = VirtualClock()
    let fake: FakeDiscogs
    let settings: SyncSettings
    let token: DiscogsToken

    init(
        account: FakeAccount, faults: FaultPlan = FaultPlan(), rateLimit: Int = 60,
        settings configure: (inout SyncSettings) -> Void = { _ in }
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("spindle.sqlite").path)
        fake = FakeDiscogs(account: account, options: .init(rateLimit: rateLimit, rateWindow: 60), faults: faults)
        var settings = SyncSettings(baseURL: URL(string: "https://api.discogs.com")!, rateWindowSeconds: 60)
        configure(&settings)
        self.settings = settings
        token = DiscogsToken(account.token)!
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Opens (or resumes) a session and runs it to the end with the in-process transport.
    @discardableResult
    func sync(_ request: SyncRequest = SyncRequest(), transport: (any HTTPTransport)? = nil) async throws -> SyncSession
    {
        let opened = try SessionOpener(store: store, settings: settings).open(request, mode: .direct, now: clock.now)
        return try await executor(transport: transport).run(sessionID: opened.session.id)
    }

    func executor(transport: (any HTTPTransport)? = nil) -> DirectExecutor {
        DirectExecutor(
            store: store, settings: settings, transport: transport ?? InProcessTransport(fake: fake, clock: clock),
            token: token, clock: clock)
    }

    var accountID: Int64 {
        get throws { try store.read { try $0.accounts().first!.id } }
    }

    /// `spindle export collection --format json`, decoded and ordered by instance id.
    func exportedCollection() throws -> [ExportedItem] {
        let data = try Exporter(store: store).collection(accountID: accountID, format: .json, includeRemoved: false)
        return try JSONDecoder().decode([ExportedItem].self, from: data).sorted { $0.instanceID < $1.instanceID }
    }

    func exportedWantlist() throws -> [ExportedWant] {
        let data = try Exporter(store: store).wantlist(accountID: accountID, format: .json, includeRemoved: false)
        return try JSONDecoder().decode([ExportedWant].self, from: data).sorted { $0.releaseID < $1.releaseID }
    }

    /// The fewest requests a complete first sync can make: identity, folders, fields, every page
    /// of the collection and wantlist, and one request per distinct release.
    func minimumRequests(perPage: Int = 100) -> Int {
        let account = fake.account
        let pages = { (count: Int) in max(1, (count + perPage - 1) / perPage) }
        let releases = Set(account.items.map(\.releaseID)).union(account.wants.map(\.releaseID))
        return 3 + pages(account.items.count) + pages(account.wants.count) + releases.count
    }

    /// Counts writes to collection_items and wants from now on (triggers on the real file).
    func countItemWrites() throws -> WriteCounter {
        let inspector = try DatabaseQueue(path: store.path)
        try inspector.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS test_writes (n INTEGER NOT NULL);
                    DELETE FROM test_writes; INSERT INTO test_writes VALUES (0);
                    CREATE TRIGGER IF NOT EXISTS t_items_i AFTER INSERT ON collection_items BEGIN UPDATE test_writes SET n = n + 1; END;
                    CREATE TRIGGER IF NOT EXISTS t_items_u AFTER UPDATE ON collection_items BEGIN UPDATE test_writes SET n = n + 1; END;
                    CREATE TRIGGER IF NOT EXISTS t_wants_i AFTER INSERT ON wants BEGIN UPDATE test_writes SET n = n + 1; END;
                    CREATE TRIGGER IF NOT EXISTS t_wants_u AFTER UPDATE ON wants BEGIN UPDATE test_writes SET n = n + 1; END;
                    """)
        }
        return WriteCounter(inspector: inspector)
    }
}

struct WriteCounter {
    let inspector: DatabaseQueue
    var count: Int { get throws { try inspector.read { try Int.fetchOne($0, sql: "SELECT n FROM test_writes") ?? 0 } } }
}
