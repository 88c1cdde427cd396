import Discogs
import FakeDiscogs
import Foundation

/// Full sync and no-change re-sync of a generated collection, against `discogs-fake` on loopback
/// with the rate limit lifted (so the numbers are spindle's own cost, not Discogs' pacing).
struct SyncBench {
    let binaries: String
    let items: Int
    let wants: Int

    struct Row {
        let run: String
        let requests: Int
        let releaseRequests: Int
        let measured: Measured
    }

    func run() async throws -> [Row] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "spindle-bench-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/bench.log"
        let fake = try Spawn.launch(
            binaries + "/discogs-fake",
            ["--items", "\(items)", "--wants", "\(wants)", "--rate-limit", "1000000", "--port", "0"],
            environment: [:], log: directory + "/fake.out")
        defer { kill(fake, SIGKILL) }
        let base = try waitForFake(directory + "/fake.out")
        try "[discogs]\nbase_url = \"\(base)\"\n".write(
            toFile: directory + "/spindle.toml", atomically: true, encoding: .utf8)
        let environment = ["DISCOGS_TOKEN": "fake-token-0123456789", "HOME": directory, "PATH": "/usr/bin:/bin"]

        var rows: [Row] = []
        for run in ["full sync", "no-change re-sync"] {
            let before = try await stats(base)
            let measured = try Spawn.run(
                binaries + "/spindle", ["sync", "--quiet", "--config", directory + "/spindle.toml"],
                environment: environment,
                log: log)
            guard measured.status == 0 else {
                throw BenchError("spindle sync failed: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            }
            let after = try await stats(base)
            rows.append(
                Row(
                    run: run, requests: after.requests - before.requests,
                    releaseRequests: after.releases - before.releases, measured: measured))
        }
        return rows
    }

    private func waitForFake(_ file: String) throws -> String {
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") })
            {
                return String(line.dropFirst("listening on ".count))
            }
            usleep(10_000)
        }
        throw BenchError("discogs-fake did not start")
    }

    private func stats(_ base: String) async throws -> (requests: Int, releases: Int) {
        let response = try await CurlTransport(options: .init(userAgent: "spindle-bench"))
            .send(HTTPRequest(url: URL(string: base + "/_fake/stats")!))
        let stats = try JSONDecoder().decode(FakeStats.self, from: response.body)
        return (stats.requests, stats.byEndpoint["release"] ?? 0)
    }
}
