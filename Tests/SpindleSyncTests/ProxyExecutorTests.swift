import Discogs
import FakeDiscogs
import Foundation
import GRDB
import SpindleStore
import SpindleSync
import Testing

@Suite("Syncing through a proxy client: leases, checked answers, pacing, pauses")
struct ProxyExecutorTests {
    static func account() -> FakeAccount {
        FakeAccount.generate(items: 230, folders: 3, duplicates: 10, wants: 40, overlap: 5)
    }

    @Test("a sync driven only by leases ends with the same database contents as a direct sync")
    func proxyEqualsDirect() async throws {
        let direct = try SyncHarness(account: Self.account())
        let directSession = try await direct.sync()
        #expect(directSession.status == .completed)

        let proxied = try SyncHarness(account: Self.account())
        let client = ProxyTestClient(harness: proxied)
        let session = try await client.runToEnd()
        #expect(session.status == .completed, "\(session.error ?? "")")
        #expect(proxied.fake.stats.rateLimited == 0, "a client that waits for not_before never trips the limit")
        #expect(try DatabaseContents(proxied.store.path) == DatabaseContents(direct.store.path))
        #expect(try proxied.exportedCollection() == proxied.fake.account.expectedCollection())
    }

    @Test(
        "answers that are unknown, replayed, for another session or URL, expired, or of the wrong kind change nothing")
    func refusals() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 120, wants: 5))
        let client = ProxyTestClient(harness: harness)
        let sessionID = try client.open()
        let proxy = client.proxy
        // Everything before the first collection page is answered honestly.
        var leased: ProxyLease?
        while leased == nil {
            guard case .lease(let next, let purpose) = try proxy.next(sessionID: sessionID, now: harness.clock.now)
            else {
                Issue.record("expected a lease")
                return
            }
            if purpose == .collectionPage {
                leased = next
            } else {
                _ = try proxy.deliver(try await client.perform(next), now: harness.clock.now)
            }
        }
        let lease = leased!
        let honest = try await client.perform(lease)
        let before = try DatabaseContents(harness.store.path)

        func refused(_ answer: ProxyExecutor.Answer) -> ProxyRefusal? {
            do {
                _ = try proxy.deliver(answer, now: harness.clock.now)
                return nil
            } catch { return error }
        }
        var forged = honest
        forged.leaseID = "r_" + String(repeating: "0", count: 32)
        #expect(refused(forged) == .unknownLease)
        forged = honest
        forged.sessionID = sessionID + 1
        #expect(refused(forged) == .wrongSession(leased: sessionID))
        forged = honest
        forged.url = "https://evil.example/users/x/collection/folders/0/releases?page=1"
        #expect(refused(forged) == .wrongURL(expected: lease.url))
        forged = honest
        forged.body = Data(#"{"folders": []}"#.utf8)
        guard case .invalidResponse = refused(forged) else {
            Issue.record("a folder list where a collection page was due must be refused")
            return
        }
        forged = honest
        forged.body = Data(
            String(decoding: honest.body, as: UTF8.self).replacingOccurrences(of: #""page": 1,"#, with: #""page": 2,"#)
                .utf8)
        if forged.body != honest.body {
            guard case .invalidResponse = refused(forged) else {
                Issue.record("page 2 where page 1 was asked for must be refused")
                return
            }
        }
        #expect(try DatabaseContents(harness.store.path) == before, "a refused answer changed the database")

        #expect(try proxy.deliver(honest, now: harness.clock.now) == .stored)
        #expect(refused(honest) == .alreadyAnswered, "a replay must be refused")

        // A lease that runs out goes back to the queue; its late answer is refused.
        guard case .lease(let late, _) = try proxy.next(sessionID: sessionID, now: harness.clock.now) else {
            Issue.record("expected a lease")
            return
        }
        let lateAnswer = try await client.perform(late)
        harness.clock.advance(by: 61 + late.notBefore.timeIntervalSince(harness.clock.now))
        guard case .leaseExpired = refused(lateAnswer) else {
            Issue.record("an answer after the lease expired must be refused")
            return
        }
        guard case .lease(let again, _) = try proxy.next(sessionID: sessionID, now: harness.clock.now) else {
            Issue.record("the expired request must be leased again")
            return
        }
        #expect(again.requestID == late.requestID && again.leaseID != late.leaseID)
        guard case .leaseExpired = refused(lateAnswer) else {
            Issue.record("the old lease stays void once its request was leased again")
            return
        }

        let session = try await client.runToEnd(sessionID)
        #expect(session.status == .completed, "\(session.error ?? "")")
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
    }

    @Test("a page with one item that cannot be decoded is asked again, and none of its items is stored")
    func unreadableItem() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 30, wants: 2))
        let client = ProxyTestClient(harness: harness)
        let sessionID = try client.open()
        while true {
            guard
                case .lease(let lease, let purpose) = try client.proxy.next(
                    sessionID: sessionID, now: harness.clock.now)
            else {
                Issue.record("expected a lease")
                return
            }
            var answer = try await client.perform(lease)
            guard purpose == .collectionPage else {
                _ = try client.proxy.deliver(answer, now: harness.clock.now)
                continue
            }
            // The shape of a page, one item's summary replaced by a string.
            let text = String(decoding: answer.body, as: UTF8.self)
            let broken = text.replacingOccurrences(
                of: #""basic_information":\{"#, with: #""basic_information":"oops","ignored":{"#,
                options: .regularExpression,
                range: text.range(of: #""basic_information":\{"#, options: .regularExpression))
            #expect(broken != text)
            answer.body = Data(broken.utf8)
            guard case .willRetry = try client.proxy.deliver(answer, now: harness.clock.now) else {
                Issue.record("an undecodable item must make the page be asked again")
                return
            }
            let stored = try harness.store.read { tx in
                try tx.accounts().first.map { try tx.activeItemCount(accountID: $0.id) }
            }
            #expect(stored == 0, "nothing of the refused page may be stored")
            break
        }
        let session = try await client.runToEnd(sessionID)
        #expect(session.status == .completed)
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
    }

    @Test("a failed request posted by the client is retried with backoff, a rejected token ends the session")
    func clientFailures() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 20, wants: 2))
        let client = ProxyTestClient(harness: harness)
        let sessionID = try client.open()
        guard case .lease(let lease, _) = try client.proxy.next(sessionID: sessionID, now: harness.clock.now) else {
            Issue.record("expected a lease")
            return
        }
        let failure = ProxyExecutor.Answer(
            leaseID: lease.leaseID, sessionID: sessionID, url: lease.url, status: nil,
            error: "TypeError: Failed to fetch")
        guard case .willRetry = try client.proxy.deliver(failure, now: harness.clock.now) else {
            Issue.record("a transport failure must be retried")
            return
        }
        #expect(try client.proxy.next(sessionID: sessionID, now: harness.clock.now).isWait)

        harness.clock.advance(by: 120)
        guard case .lease(let retried, _) = try client.proxy.next(sessionID: sessionID, now: harness.clock.now) else {
            Issue.record("the retry must be leased once its backoff passed")
            return
        }
        let rejected = ProxyExecutor.Answer(
            leaseID: retried.leaseID, sessionID: sessionID, url: retried.url, status: 401,
            headers: ["Content-Type": "application/json"], body: Data(#"{"message": "You must authenticate"}"#.utf8))
        guard case .fatal = try client.proxy.deliver(rejected, now: harness.clock.now) else {
            Issue.record("a rejected token must end the session")
            return
        }
        let session = try harness.store.read { try $0.session(id: sessionID) }
        #expect(session?.status == .failed)
        guard case .finished = try client.proxy.next(sessionID: sessionID, now: harness.clock.now) else {
            Issue.record("a failed session hands out no more leases")
            return
        }
    }

    @Test("a session nobody polls is paused, and the next poll resumes it; a restart pauses proxy sessions")
    func idleAndRestart() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 30, wants: 3)) {
            $0.proxyIdleSeconds = 300
        }
        let client = ProxyTestClient(harness: harness)
        let sessionID = try client.open()
        try await client.step(sessionID)
        guard case .lease(let abandoned, _) = try client.proxy.next(sessionID: sessionID, now: harness.clock.now) else {
            Issue.record("expected a lease")
            return
        }
        let supervisor = SessionSupervisor(store: harness.store, settings: harness.settings)
        #expect(try supervisor.sweep(now: harness.clock.now).isEmpty)
        harness.clock.advance(by: 301)
        #expect(try supervisor.sweep(now: harness.clock.now).count == 1)
        #expect(try harness.store.read { try $0.session(id: sessionID) }?.status == .paused)

        guard case .lease(let resumed, _) = try client.proxy.next(sessionID: sessionID, now: harness.clock.now) else {
            Issue.record("a poll must resume the paused session")
            return
        }
        #expect(resumed.requestID == abandoned.requestID, "the request in flight when it paused is asked again")
        #expect(try harness.store.read { try $0.session(id: sessionID) }?.status == .inProgress)

        let notes = try supervisor.recoverAtStartup(now: harness.clock.now)
        #expect(notes.count == 1)
        #expect(try harness.store.read { try $0.session(id: sessionID) }?.status == .paused)
        let session = try await client.runToEnd(sessionID)
        #expect(session.status == .completed)
    }

    @Test("while a proxy client polls, a second sync of the same kind is refused")
    func oneSyncAtATime() throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 10, wants: 1))
        let client = ProxyTestClient(harness: harness)
        let sessionID = try client.open()
        _ = try client.proxy.next(sessionID: sessionID, now: harness.clock.now)
        let opener = SessionOpener(store: harness.store, settings: harness.settings)
        #expect(throws: SyncError.self) {
            try opener.open(SyncRequest(kinds: [.collection]), mode: .direct, now: harness.clock.now)
        }
    }
}

/// Drives a proxy session the way the browser worker does, against the in-process fake.
struct ProxyTestClient {
    let harness: SyncHarness
    let proxy: ProxyExecutor

    init(harness: SyncHarness) {
        self.harness = harness
        proxy = ProxyExecutor(store: harness.store, settings: harness.settings)
    }

    func open(_ request: SyncRequest = SyncRequest()) throws -> Int64 {
        try SessionOpener(store: harness.store, settings: harness.settings)
            .open(request, mode: .proxy, now: harness.clock.now).session.id
    }

    /// Performs the leased request when it may be sent, as a client would.
    func perform(_ lease: ProxyLease) async throws -> ProxyExecutor.Answer {
        let wait = lease.notBefore.timeIntervalSince(harness.clock.now)
        if wait > 0 { harness.clock.advance(by: wait) }
        let transport = InProcessTransport(fake: harness.fake, clock: harness.clock)
        let headers: HTTPHeaders = [
            "Authorization": harness.token.authorizationHeader, "User-Agent": harness.settings.userAgent,
        ]
        do {
            let response = try await transport.send(HTTPRequest(url: URL(string: lease.url)!, headers: headers))
            return ProxyExecutor.Answer(
                leaseID: lease.leaseID, sessionID: lease.sessionID, url: lease.url, status: response.status,
                headers: response.headers, body: response.body)
        } catch {
            return ProxyExecutor.Answer(
                leaseID: lease.leaseID, sessionID: lease.sessionID, url: lease.url, status: nil, error: "\(error)")
        }
    }

    /// One poll and, when it leased something, its answer. Returns false when the session ended.
    @discardableResult
    func step(_ sessionID: Int64) async throws -> Bool {
        switch try proxy.next(sessionID: sessionID, now: harness.clock.now) {
        case .lease(let lease, _):
            _ = try proxy.deliver(try await perform(lease), now: harness.clock.now)
            return true
        case .wait(let until):
            harness.clock.advance(by: max(0.01, until.timeIntervalSince(harness.clock.now)))
            return true
        case .finished:
            return false
        }
    }

    func runToEnd(_ sessionID: Int64? = nil) async throws -> SyncSession {
        let id = try sessionID ?? open()
        var steps = 0
        while try await step(id) {
            steps += 1
            if steps > 20_000 { throw StoreError.invalidData("the proxy session never ended") }
        }
        return try harness.store.read { try $0.session(id: id) }!
    }
}

extension ProxyExecutor.Next {
    var isWait: Bool { if case .wait = self { true } else { false } }
}

/// What a sync stores, without the times it stored it at: two syncs of the same account must
/// agree on every row.
struct DatabaseContents: Equatable, CustomStringConvertible {
    let tables: [String: [String]]

    init(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        let queries = [
            "folders": "SELECT folder_id, name, item_count, is_active FROM folders ORDER BY folder_id",
            "collection_items":
                "SELECT instance_id, release_id, folder_id, rating, content_hash, is_active FROM collection_items ORDER BY instance_id",
            "wants": "SELECT release_id, rating, content_hash, is_active FROM wants ORDER BY release_id",
            "releases": "SELECT id, source, content_hash FROM releases ORDER BY id",
            "release_tracks": "SELECT count(*) FROM release_tracks",
            "release_artists": "SELECT count(*) FROM release_artists",
        ]
        tables = try queue.read { db in
            try queries.mapValues { sql in
                try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(\.description).joined(separator: "|")
                }
            }
        }
    }

    var description: String { tables.map { "\($0.key): \($0.value.count) rows" }.sorted().joined(separator: ", ") }
}
