import FakeDiscogs
import Foundation
import SpindleServer
import SpindleStore
import SpindleSync
import Testing

@Suite("Syncs over the API: one at a time, proxied to the end, cancelled, resumed, rebuilt")
struct SyncAPITests {
    @Test("a second sync of an overlapping kind gets 409 with the running session's id")
    func oneAtATime() throws {
        let harness = try APIHarness()
        let first = harness.json("POST", "/api/sync", ["kind": "collection", "mode": "proxy"])
        #expect(first.status == 202)
        #expect(first.header("Location") == "/api/sync/\(first.object["id"] as! Int)")
        let second = harness.json("POST", "/api/sync", ["kind": "all", "mode": "proxy"])
        #expect(second.status == 409)
        #expect(second.errorCode == "sync_running")
        #expect((second.object["error"] as? [String: Any])?["session_id"] as? Int == first.object["id"] as? Int)
        let direct = harness.json("POST", "/api/sync", ["kind": "all", "mode": "direct"])
        #expect(direct.status == 422, "no server token: direct mode is refused with a reason")
        #expect(direct.errorCode == "no_token")
        #expect(harness.json("POST", "/api/sync", ["kind": "nothing"]).status == 400)
    }

    @Test("a proxied sync runs to the end, stores the truth, and its pages go live after the rebuild")
    func proxiedToTheEnd() async throws {
        let harness = try APIHarness()
        let id = try await harness.proxySync()
        var report = harness.call("GET", "/api/sync/\(id)").object
        #expect(report["status"] as? String == "completed", "\(report)")
        #expect((report["requests"] as? [String: Int])?["open"] == 0)
        for _ in 0..<200 where (report["site"] as? [String: Any])?["state"] as? String != "live" {
            try await Task.sleep(for: .milliseconds(10))
            report = harness.call("GET", "/api/sync/\(id)").object
        }
        #expect((report["site"] as? [String: Any])?["state"] as? String == "live")
        #expect(harness.rebuilds.builds >= 1)
        let stored = try harness.store.read { try $0.accounts().first?.id }
        #expect(stored != nil)
        let next = harness.json("GET", "/api/proxy/next?session=\(id)")
        #expect(next.status == 410)
        #expect(next.errorCode == "session_finished")
    }

    @Test("forged, replayed, mismatched and malformed answers get their 4xx and change nothing")
    func refusedAnswers() async throws {
        let harness = try APIHarness(configure: { $0.leaseSeconds = 30 })
        let id = harness.json("POST", "/api/sync", ["mode": "proxy"]).object["id"] as! Int
        let lease = harness.json("GET", "/api/proxy/next?session=\(id)").object
        #expect(lease["purpose"] as? String == "identity")
        #expect((lease["url"] as? String)?.hasPrefix("https://api.discogs.com/") == true)
        #expect((lease["headers"] as? [String: String])?["Authorization"] == nil, "leases carry no secrets")
        let answer = try await harness.perform(lease)
        let before = try harness.store.read { try $0.requestCounts(sessionID: Int64(id)) }

        func post(_ change: (inout [String: Any]) -> Void) -> Reply {
            var body = answer
            change(&body)
            return harness.json("POST", "/api/proxy/response", body)
        }
        #expect(
            harness.call(
                "POST", "/api/proxy/response", headers: harness.bearer, body: "{not json",
                contentType: "application/json"
            ).status == 400)
        #expect(post { $0.removeValue(forKey: "status") }.status == 400)
        #expect(post { $0["request_id"] = "r_forged" }.errorCode == "unknown_lease")
        #expect(post { $0["session"] = id + 100 }.errorCode == "wrong_session")
        #expect(post { $0["url"] = "https://api.discogs.com/oauth/identity?x=1" }.errorCode == "wrong_url")
        let wrongKind = post { $0["body"] = #"{"message": "not an identity"}"# }
        #expect(wrongKind.status == 422)
        #expect(wrongKind.errorCode == "invalid_response")
        #expect(try harness.store.read { try $0.requestCounts(sessionID: Int64(id)) } == before)

        let stored = harness.json("POST", "/api/proxy/response", answer)
        #expect(stored.status == 200)
        #expect(stored.object["outcome"] as? String == "stored")
        let replay = harness.json("POST", "/api/proxy/response", answer)
        #expect(replay.status == 409)
        #expect(replay.errorCode == "already_answered")
    }

    @Test("an answer after its lease expired gets 410 and the request is leased again")
    func expiredLease() async throws {
        let harness = try APIHarness(configure: { $0.leaseSeconds = 0.2 })
        let id = harness.json("POST", "/api/sync", ["mode": "proxy"]).object["id"] as! Int
        let lease = harness.json("GET", "/api/proxy/next?session=\(id)").object
        let answer = try await harness.perform(lease)
        try await Task.sleep(for: .milliseconds(300))
        let late = harness.json("POST", "/api/proxy/response", answer)
        #expect(late.status == 410)
        #expect(late.errorCode == "lease_expired")
        let again = harness.json("GET", "/api/proxy/next?session=\(id)").object
        #expect(again["url"] as? String == lease["url"] as? String)
        #expect(again["request_id"] as? String != lease["request_id"] as? String)
    }

    @Test("cancel ends a session and voids its leases; resume continues only a paused one")
    func cancelAndResume() async throws {
        let harness = try APIHarness()
        let id = harness.json("POST", "/api/sync", ["mode": "proxy"]).object["id"] as! Int
        let lease = harness.json("GET", "/api/proxy/next?session=\(id)").object
        #expect(harness.json("POST", "/api/sync/\(id)/resume", [:]).errorCode == "not_paused")
        let cancelled = harness.json("POST", "/api/sync/\(id)/cancel", [:])
        #expect(cancelled.object["status"] as? String == "cancelled")
        let late = harness.json("POST", "/api/proxy/response", try await harness.perform(lease))
        #expect(late.status == 410)
        #expect(late.errorCode == "session_finished")

        let second = harness.json("POST", "/api/sync", ["mode": "proxy"]).object["id"] as! Int
        #expect(second != id, "a cancelled session is not resumed")
        try harness.store.write { try $0.finishSession(Int64(second), status: .paused, error: "test", now: Date()) }
        let resumed = harness.json("POST", "/api/sync/\(second)/resume", [:])
        #expect(resumed.object["status"] as? String == "in_progress", "\(resumed.text)")
    }

    @Test("a paused proxy sync does not resume while another sync of the same listings runs")
    func noResumeBesideAnother() throws {
        let harness = try APIHarness()
        let paused = harness.json("POST", "/api/sync", ["kind": "collection", "mode": "proxy"]).object["id"] as! Int
        try harness.store.write { try $0.finishSession(Int64(paused), status: .paused, error: "test", now: Date()) }
        // Meanwhile another client runs a sync of everything (started before this server knew).
        let otherID = try harness.store.write { tx in
            let session = try tx.createSession(
                kinds: [.collection, .wantlist], folders: [], full: true, mode: .proxy, ownerPID: nil, ownerHost: nil,
                now: Date())
            try tx.startSession(session.id, ownerPID: nil, ownerHost: nil, now: Date())
            return Int(session.id)
        }
        let poll = harness.json("GET", "/api/proxy/next?session=\(paused)")
        #expect(poll.status == 409)
        #expect((poll.object["error"] as? [String: Any])?["session_id"] as? Int == otherID)
        #expect(harness.json("POST", "/api/sync/\(paused)/resume", [:]).status == 409)
        #expect(harness.call("GET", "/api/sync/\(paused)").object["status"] as? String == "paused")
    }

    @Test("a proxy session left running by a previous server is paused at start-up and resumed by the next poll")
    func restart() throws {
        let harness = try APIHarness()
        let id = harness.json("POST", "/api/sync", ["mode": "proxy"]).object["id"] as! Int
        let notes = try harness.api.start()
        #expect(notes.contains { $0.contains("session \(id)") })
        #expect(harness.call("GET", "/api/sync/\(id)").object["status"] as? String == "paused")
        #expect(harness.json("GET", "/api/proxy/next?session=\(id)").status == 200)
        #expect(harness.call("GET", "/api/sync/\(id)").object["status"] as? String == "in_progress")
    }

    @Test("a direct sync whose process died is failed at start-up; one silent past the timeout is failed by the sweep")
    func orphanedDirect() throws {
        let harness = try APIHarness()
        let host = ProcessInfo.processInfo.hostName
        let deadPID: Int32 = 2_000_000_000  // above any pid_max: certainly not running
        func direct(_ kinds: [SyncKind], heartbeat: Date) throws -> Int64 {
            try harness.store.write { tx in
                let session = try tx.createSession(
                    kinds: kinds, folders: [], full: false, mode: .direct, ownerPID: deadPID, ownerHost: host,
                    now: heartbeat)
                try tx.startSession(session.id, ownerPID: deadPID, ownerHost: host, now: heartbeat)
                return session.id
            }
        }
        let orphan = try direct([.collection], heartbeat: Date())
        let notes = try harness.api.start()
        #expect(notes.contains { $0.contains("session \(orphan)") })
        #expect(try harness.store.read { try $0.session(id: orphan) }?.status == .failed)

        let stuck = try direct([.wantlist], heartbeat: Date().addingTimeInterval(-31 * 60))
        let supervisor = SessionSupervisor(store: harness.store, settings: harness.settings)
        #expect(try supervisor.sweep(now: Date()).contains { $0.contains("session \(stuck) failed") })
        #expect(try harness.store.read { try $0.session(id: stuck) }?.error?.contains("timed out") == true)
    }

    @Test("a direct sync runs in the background on the server's token, never in the request")
    func directInBackground() async throws {
        let harness = try APIHarness(withServerToken: true)
        let started = harness.json("POST", "/api/sync", ["mode": "direct"])
        #expect(started.status == 202)
        let id = started.object["id"] as! Int
        var status = ""
        for _ in 0..<500 {
            status = harness.call("GET", "/api/sync/\(id)").object["status"] as? String ?? ""
            if status != "in_progress" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(status == "completed")
    }

    @Test("the status page refreshes itself while the sync runs and offers Cancel to a signed-in browser")
    func statusPage() throws {
        let harness = try APIHarness()
        let id = harness.json("POST", "/api/sync", ["mode": "proxy"]).object["id"] as! Int
        let anonymous = harness.call("GET", "/api/sync/\(id)/status", headers: ["Accept": "text/html"])
        #expect(anonymous.status == 200)
        #expect(anonymous.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(anonymous.text.contains(#"<meta http-equiv="refresh""#))
        #expect(!anonymous.text.contains("cancel"), "no buttons for visitors")
        #expect(!anonymous.text.contains("<script"), "works without JavaScript (and under the CSP)")
        let signedIn = harness.call("GET", "/api/sync/\(id)/status", headers: harness.bearer)
        #expect(signedIn.text.contains("/api/sync/\(id)/cancel"))
    }

    @Test("unknown paths and methods get JSON errors")
    func errors() throws {
        let harness = try APIHarness()
        #expect(harness.call("GET", "/api/nope").status == 404)
        #expect(harness.call("GET", "/api/sync/abc").status == 404)
        let wrongMethod = harness.call("GET", "/api/sync")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "POST")
        #expect(harness.call("GET", "/api/health").object["status"] as? String == "ok")
        #expect(harness.api.rejected(.bodyTooLarge(limit: 10)).status == 413)
    }
}

@Suite("The inventory through a browser proxy")
struct InventoryProxyTests {
    @Test("a proxied inventory sync finds its export without the Location header and stores the truth")
    func proxiedExport() async throws {
        let harness = try APIHarness(account: FakeAccount.generate(items: 4, wants: 0, listings: 120))
        let id = try await harness.proxySync(kind: "inventory")
        let report = harness.call("GET", "/api/sync/\(id)").object
        #expect(report["status"] as? String == "completed", "\(report)")
        let endpoints = harness.fake.stats.byEndpoint
        #expect(endpoints["inventory_exports", default: 0] == 1, "the id came from the list of exports: \(endpoints)")
        let account = try #require(try harness.store.read { try $0.accounts().first })
        let stored = try harness.store.read { try $0.listings(accountID: account.id, includeRemoved: false) }
        let truth = harness.fake.account.expectedInventory()
        #expect(Set(stored.map(\.listing.listingID)) == Set(truth.map(\.listingID)), "\(endpoints) \(report)")
        #expect(stored.allSatisfy { $0.listing.currency == truth.first?.price.currency })
    }
}
