import Discogs
import FakeDiscogs
import Foundation
import GRDB
import Testing

/// `spindle serve` as deployed: behind Debian's nginx with the shipped snippets, reached by
/// cgi-fcgi, by an independent client written from docs/api.md, and by headless Chromium.
@Suite("The /api/ endpoint behind nginx", .serialized)
struct ServeTests {
    @Test("nginx passes /api/ to spindle serve, cgi-fcgi reaches its socket, big bodies get 413, SIGTERM stops it")
    func servedAndStopped() async throws {
        let served = try await ServedWorld(items: 30, wants: 3, serverConfig: "max_body_bytes = 65536")
        #expect(try await served.world.run(["sync", "--wantlist"]).status == 0)
        #expect(try await served.world.run(["build"]).status == 0)
        try await served.start()
        do {
            let health = try await served.request("GET", "/api/health")
            #expect(health.status == 200)
            #expect(served.json(health)["status"] as? String == "ok")
            #expect(
                health.headers["content-security-policy"]?.contains("connect-src 'self' https://api.discogs.com")
                    == true)

            let home = try await served.request("GET", "/")
            #expect(home.status == 200, "static files are still served first")
            let syncPage = try await served.request("GET", "/sync/")
            #expect(syncPage.status == 200)

            let anonymous = try await served.request("POST", "/api/sync", body: #"{"mode":"proxy"}"#)
            #expect(anonymous.status == 401)
            let started = try await served.request(
                "POST", "/api/sync", headers: served.bearer, body: #"{"mode":"proxy"}"#)
            #expect(started.status == 202, "\(String(decoding: started.body, as: UTF8.self))")
            let again = try await served.request(
                "POST", "/api/sync", headers: served.bearer, body: #"{"mode":"proxy"}"#)
            #expect(again.status == 409)

            let oversized = String(repeating: "x", count: 70_000)
            let tooLarge = try await served.request(
                "POST", "/api/proxy/response", headers: served.bearer, body: oversized)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.headers["content-type"]?.hasPrefix("application/json") == true)

            // The same socket, spoken to directly by Debian's FastCGI client.
            let direct = try await served.run(
                "cgi-fcgi", ["-bind", "-connect", served.socket.path],
                environment: ["REQUEST_METHOD": "GET", "REQUEST_URI": "/api/health", "SCRIPT_NAME": "/api/health"])
            #expect(direct.status == 0)
            #expect(direct.stdout.hasPrefix("Status: 200 OK"))
            #expect(direct.stdout.contains(#""database":"ok""#))
            let big = try await served.run(
                "cgi-fcgi", ["-bind", "-connect", served.socket.path],
                environment: [
                    "REQUEST_METHOD": "POST", "REQUEST_URI": "/api/proxy/response", "CONTENT_TYPE": "application/json",
                    "CONTENT_LENGTH": "70000", "HTTP_AUTHORIZATION": "Bearer \(served.secret)",
                ], stdin: Data(oversized.utf8))
            #expect(big.stdout.hasPrefix("Status: 413"))
        } catch {
            await served.stop()
            throw error
        }
        await served.stop()
        #expect(!FileManager.default.fileExists(atPath: served.socket.path), "a graceful stop removes the socket")
        #expect(!served.serveLog.contains(served.secret), "the site secret is never logged")
    }

    @Test("started by spawn-fcgi, spindle serve answers on the socket it inherits on fd 0")
    func inheritedSocket() async throws {
        let served = try await ServedWorld(items: 5, wants: 1)
        let socket = served.directory.appendingPathComponent("spawned.sock").path
        // Through a shell that closes the descriptors it inherited: the server would keep them open,
        // and a waiting Process would never see spawn-fcgi exit.
        let command = """
            for fd in /proc/$$/fd/*; do fd=${fd##*/}; if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null; fi; done
            exec spawn-fcgi -s "$1" -P "$2" -- "$3" serve --config spindle.toml
            """
        let spawned = try await served.run(
            "bash",
            [
                "-c", command, "spawn", socket, served.directory.appendingPathComponent("spawned.pid").path,
                try Binaries.path("spindle"),
            ], timeout: 30)
        #expect(spawned.status == 0, "\(spawned.stderr)")
        let pidText = try String(contentsOf: served.directory.appendingPathComponent("spawned.pid"), encoding: .utf8)
        let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(pid, SIGTERM) }
        var answer = ""
        for _ in 0..<100 where !answer.hasPrefix("Status: 200") {
            answer = try await served.run(
                "cgi-fcgi", ["-bind", "-connect", socket],
                environment: ["REQUEST_METHOD": "GET", "REQUEST_URI": "/api/health"]
            ).stdout
            if !answer.hasPrefix("Status: 200") { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(answer.hasPrefix("Status: 200"))
        #expect(!FileManager.default.fileExists(atPath: served.socket.path), "it used fd 0, not server.socket")
    }

    @Test("a sync driven only by an independent client of docs/api.md stores what a direct sync stores")
    func independentClient() async throws {
        let served = try await ServedWorld(items: 120, wants: 12)
        try await served.start()
        let tokenFile = served.directory.appendingPathComponent("discogs-token")
        try served.world.token.write(to: tokenFile, atomically: true, encoding: .utf8)
        let secretFile = served.directory.appendingPathComponent("site-secret")
        let client: (status: Int32, stdout: String, stderr: String)
        do {
            client = try await served.run(
                "python3",
                [
                    ServedWorld.repository.appendingPathComponent("scripts/proxy-client.py").path,
                    "--server", "http://127.0.0.1:\(served.port)", "--secret-file", secretFile.path,
                    "--token-file", tokenFile.path, "--user-agent", "SpindleTests/1.0",
                ])
        } catch {
            await served.stop()
            throw error
        }
        await served.stop()
        #expect(client.status == 0, "\(client.stdout)\n\(client.stderr)")
        #expect(!client.stderr.contains(served.world.token), "the client never prints the token")
        let stats = try await served.world.stats
        #expect(stats.rateLimited == 0, "leases paced by not_before never trip the limit")

        // The same account synced directly, into a second database.
        let direct = ["DISCOGS_TOKEN": served.world.token, "SPINDLE_DATABASE_PATH": "direct.sqlite"]
        #expect(try await served.world.run(["sync"], environment: direct).status == 0)
        let proxied = try StoredRows(served.directory.appendingPathComponent("spindle.sqlite").path)
        #expect(proxied.items.count == 120)
        #expect(try proxied == StoredRows(served.directory.appendingPathComponent("direct.sqlite").path))
    }

    @Test("spindle proxy drives a sync from another machine's point of view: its token, the server's queue")
    func cliProxy() async throws {
        let served = try await ServedWorld(items: 60, wants: 6)
        try await served.start()
        let result: (status: Int32, stdout: String, stderr: String)
        do {
            // The server side has no token at all: only the proxy holds one.
            result = try await served.world.run(
                ["proxy", "--server", "http://127.0.0.1:\(served.port)", "--secret-file", "site-secret"],
                environment: ["DISCOGS_TOKEN": served.world.token])
        } catch {
            await served.stop()
            throw error
        }
        await served.stop()
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("completed"))
        #expect(
            !(result.stdout + result.stderr + served.serveLog).contains(served.world.token),
            "the token stays with the proxy")
        let truth: [ExportedItem] = try await served.world.fakeJSON("_fake/truth/collection", as: [ExportedItem].self)
        let collection: [ExportedItem] = try await served.world.exported("collection", as: [ExportedItem].self)
        #expect(collection.sorted { $0.instanceID < $1.instanceID } == truth.sorted { $0.instanceID < $1.instanceID })
    }

    @Test("in headless Chromium: sign in, keep a token, press Sync; the worker syncs and the new pages appear")
    func browserSync() async throws {
        let served = try await ServedWorld(items: 40, wants: 4)
        // A site to start from: the wantlist only; the browser then brings in the collection.
        #expect(try await served.world.run(["sync", "--wantlist"]).status == 0)
        #expect(try await served.world.run(["build"]).status == 0)
        let truth: [ExportedItem] = try await served.world.fakeJSON("_fake/truth/collection", as: [ExportedItem].self)
        let owned = try #require(truth.first)
        try await served.start()
        let result: (status: Int32, stdout: String, stderr: String)
        let before: HTTPResponse
        let after: HTTPResponse
        do {
            before = try await served.request("GET", "/collection/")
            result = try await served.run(
                "python3",
                [
                    ServedWorld.repository.appendingPathComponent("scripts/browser-sync.py").path,
                    "--url", "http://127.0.0.1:\(served.port)/sync/", "--secret", served.secret, "--token",
                    served.world.token, "--kind", "collection", "--reload-after-leases", "3", "--timeout", "240",
                ], timeout: 300)
            after = try await served.request("GET", "/collection/")
        } catch {
            await served.stop()
            throw error
        }
        await served.stop()
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)\n\(served.serveLog.suffix(3000))")
        let link = "href=\"/release/\(owned.releaseID)"
        #expect(!String(decoding: before.body, as: UTF8.self).contains(link))
        #expect(String(decoding: after.body, as: UTF8.self).contains(link), "the new release is on the live site")
        let collection: [ExportedItem] = try await served.world.exported("collection", as: [ExportedItem].self)
        #expect(collection.sorted { $0.instanceID < $1.instanceID } == truth.sorted { $0.instanceID < $1.instanceID })
    }
}

/// The rows two syncs of one account must agree on, without the times they were written.
struct StoredRows: Equatable {
    let items: [String]
    let wants: [String]
    let releases: [String]
    let tracks: Int

    init(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        func rows(_ db: Database, _ sql: String) throws -> [String] {
            try Row.fetchAll(db, sql: sql).map { $0.databaseValues.map(\.description).joined(separator: "|") }
        }
        (items, wants, releases, tracks) = try queue.read { db in
            (
                try rows(
                    db,
                    "SELECT instance_id, release_id, folder_id, rating, content_hash FROM collection_items ORDER BY 1"),
                try rows(db, "SELECT release_id, rating, content_hash FROM wants ORDER BY 1"),
                try rows(db, "SELECT id, source, content_hash FROM releases ORDER BY 1"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM release_tracks") ?? 0
            )
        }
    }
}
