import Discogs
import FakeDiscogs
import FastCGI
import Foundation
import Logging
import SpindleServer
import SpindleStore
import SpindleSync

/// How fast `spindle serve` takes posted collection pages: every page of a large collection is
/// leased first, fetched from the in-process fake and wrapped as a client would post it (not
/// timed); then each answer goes through the responder exactly as nginx hands it over — JSON
/// parsing, the lease checks and the shared ingest into a real SQLite file (timed).
struct IngestBench {
    let items: Int

    struct Run {
        let pages: Int
        let seconds: Double
        let cpuSeconds: Double
    }

    func run() async throws -> [(name: String, run: Run)] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-ingest-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store(path: directory.appendingPathComponent("spindle.sqlite").path)
        let account = FakeAccount.generate(items: items, folders: 1, wants: 0)
        let clock = VirtualClock()
        let fake = FakeDiscogs(account: account, options: .init(rateLimit: 10_000_000))
        let transport = InProcessTransport(fake: fake, clock: clock, latency: 0)
        let secret = "bench-secret-0123456789abcdef"
        var server = ServerSettings(secret: try SiteSecret(secret))
        server.leaseSeconds = 3600 * 24
        let api = APIServer(
            store: store, sync: SyncSettings(), server: server, token: nil, transport: transport, rebuilder: nil,
            version: "bench", logger: Logger(label: "bench"))
        func call(_ method: String, _ uri: String, _ body: [UInt8] = []) -> FastCGIResponse {
            let parts = uri.split(separator: "?", maxSplits: 1).map(String.init)
            return api.respond(
                to: FastCGIRequest(
                    params: [
                        "REQUEST_METHOD": method, "REQUEST_URI": uri, "QUERY_STRING": parts.count > 1 ? parts[1] : "",
                        "CONTENT_TYPE": body.isEmpty ? "" : "application/json", "CONTENT_LENGTH": String(body.count),
                        "HTTP_AUTHORIZATION": "Bearer \(secret)", "HTTP_HOST": "127.0.0.1",
                    ], body: body))
        }
        func object(_ response: FastCGIResponse) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        }
        func answer(_ lease: [String: Any]) async throws -> [UInt8] {
            let url = lease["url"] as! String
            let response = try await transport.send(
                HTTPRequest(
                    url: URL(string: url)!,
                    headers: ["Authorization": "Discogs token=\(account.token)", "User-Agent": "bench"]))
            var headers: [String: String] = [:]
            for (name, value) in response.headers { headers[name.lowercased()] = value }
            let body: [String: Any] = [
                "request_id": lease["request_id"]!, "session": lease["session"]!, "url": url,
                "status": response.status, "headers": headers, "body": String(decoding: response.body, as: UTF8.self),
            ]
            return Array(try JSONSerialization.data(withJSONObject: body))
        }

        /// Leases every collection page of a new proxy sync and fetches its answer (not timed).
        func leaseAllPages() async throws -> (session: Int, answers: [[UInt8]]) {
            let started = call("POST", "/api/sync", Array(#"{"kind":"collection","mode":"proxy"}"#.utf8))
            guard let session = object(started)["id"] as? Int else {
                throw BenchError("cannot start a proxy sync: \(String(decoding: started.body, as: UTF8.self))")
            }
            // Identity, folders, notes fields and the first page: they reveal how many pages there are.
            var answers: [[UInt8]] = []
            while answers.isEmpty {
                let lease = object(call("GET", "/api/proxy/next?session=\(session)"))
                let body = try await answer(lease)
                if lease["purpose"] as? String == "collection_page" {
                    answers.append(body)
                } else {
                    _ = call("POST", "/api/proxy/response", body)
                }
            }
            _ = call("POST", "/api/proxy/response", answers.removeFirst())
            while true {
                let lease = object(call("GET", "/api/proxy/next?session=\(session)"))
                guard lease["purpose"] as? String == "collection_page" else { break }
                answers.append(try await answer(lease))
            }
            return (session, answers)
        }

        /// Posts the answers as fast as the responder takes them (timed).
        func post(_ answers: [[UInt8]]) throws -> Run {
            if ProcessInfo.processInfo.environment["SPINDLE_BENCH_PROFILE"] != nil {
                // Time to attach a profiler to the measured part only.
                print("profile now: pid \(ProcessInfo.processInfo.processIdentifier)")
                fflush(nil)
                sleep(3)
            }
            let cpuBefore = Self.cpuSeconds()
            let start = Date()
            for body in answers {
                let response = call("POST", "/api/proxy/response", body)
                guard response.status == 200, object(response)["outcome"] as? String == "stored" else {
                    throw BenchError(
                        "a page was not stored: \(String(decoding: response.body, as: UTF8.self).prefix(300))")
                }
            }
            return Run(
                pages: answers.count, seconds: Date().timeIntervalSince(start),
                cpuSeconds: Self.cpuSeconds() - cpuBefore)
        }

        let first = try await leaseAllPages()
        let firstRun = try post(first.answers)
        // The next sync of the same collection: every item and release summary is known already.
        _ = call("POST", "/api/sync/\(first.session)/cancel", Array("{}".utf8))
        let again = try await leaseAllPages()
        return [("first sync", firstRun), ("re-sync, nothing changed", try post(again.answers))]
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.cpuSeconds
    }
}
