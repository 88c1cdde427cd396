import Foundation
import SpindleServer
import SpindleStore
import SpindleSync
import Testing

@Suite("Smart lists over the API")
struct ListAPITests {
    @Test("lists can be made and read; during a sync of their base a change gets 409, and right after it works")
    func lockedDuringSync() async throws {
        let harness = try APIHarness()
        _ = try await harness.proxySync()

        let created = harness.json("PUT", "/api/lists/Top%20rated", ["query": "rating:4.. sort:added-"])
        #expect(created.status == 201, "\(created.object)")
        #expect(created.object["name"] as? String == "Top rated")
        #expect(created.object["query"] as? String == "rating:4.. sort:added-")
        let all = harness.json("GET", "/api/lists")
        #expect((all.object["lists"] as? [[String: Any]])?.count == 1)
        let one = harness.json("GET", "/api/lists/Top%20rated")
        #expect(one.status == 200)
        #expect((one.object["items"] as? [Int]) != nil)

        let bad = harness.json("PUT", "/api/lists/Broken", ["query": "gnre:Jazz"])
        #expect(bad.status == 422)
        #expect(bad.errorCode == "invalid_rule")

        let sync = harness.json("POST", "/api/sync", ["kind": "collection", "mode": "proxy"])
        #expect(sync.status == 202)
        let id = sync.object["id"] as! Int
        let refused = harness.json("PUT", "/api/lists/Top%20rated", ["query": "rating:5"])
        #expect(refused.status == 409)
        #expect(refused.errorCode == "list_locked")
        #expect((refused.object["error"] as? [String: Any])?["session_id"] as? Int == id)
        #expect(harness.json("DELETE", "/api/lists/Top%20rated").status == 409)
        #expect(
            harness.json("PUT", "/api/lists/New", ["query": "rating:5"]).status == 409, "a new list of that base too")
        #expect(
            harness.json("PUT", "/api/lists/Wants", ["query": "base:wantlist rating:5"]).status == 201,
            "another base is free")

        #expect(harness.json("POST", "/api/sync/\(id)/cancel").status == 200)
        let allowed = harness.json("PUT", "/api/lists/Top%20rated", ["query": "rating:5"])
        #expect(allowed.status == 200, "\(allowed.object)")
        #expect(harness.json("DELETE", "/api/lists/Top%20rated").status == 204)
        #expect(harness.json("GET", "/api/lists/Top%20rated").status == 404)
    }
}
