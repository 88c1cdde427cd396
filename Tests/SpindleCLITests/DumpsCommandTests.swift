import Foundation
import GRDB
import Testing

/// `spindle dumps` as a user runs it: a real process, a real SQLite file, killed at will. Part of
/// the serialized command suite, so that its imports do not load the machine while the other
/// kill tests there time their signals.
extension CommandLineTests {
    /// A folder with a spindle.toml and a releases dump of `count` real 2020-08 releases, re-numbered.
    final class DumpsWorld {
        let directory: URL
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "spindle-dumps-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try "[database]\npath = \"spindle.sqlite\"\n".write(
                to: directory.appendingPathComponent("spindle.toml"), atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(at: directory) }

        var database: String { directory.appendingPathComponent("spindle.sqlite").path }

        func releases(count: Int) throws -> String {
            let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent(
                    "../Fixtures/dumps/philipmat_discogs-xml2db_discogs_20200806_releases.xml.gz"
                )
                .standardized
            let child = try ChildProcess("/bin/gzip", ["-dc", sample.path], directory: directory, environment: [:])
            child.process.waitUntilExit()
            let records = child.stdout.components(separatedBy: "</release>").compactMap { part -> Substring? in
                guard let start = part.range(of: "<release ") else { return nil }
                return part[start.lowerBound...].drop(while: { $0 != ">" }).dropFirst()
            }
            guard !records.isEmpty else { throw TestFailure("no releases in \(sample.path)") }
            var xml = "<releases>\n"
            for id in 1...count {
                xml += "<release id=\"\(id)\" status=\"Accepted\">\(records[(id - 1) % records.count])</release>\n"
            }
            xml += "</releases>\n"
            let path = directory.appendingPathComponent("discogs_20200806_releases.xml").path
            try xml.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func run(_ arguments: [String]) throws -> ChildProcess {
            try ChildProcess(try Binaries.path("spindle"), arguments, directory: directory, environment: [:])
        }

        func value(_ sql: String) throws -> Int? {
            guard FileManager.default.fileExists(atPath: database) else { return nil }
            return try? DatabaseQueue(path: database).read { try Int.fetchOne($0, sql: sql) }
        }

        /// Row counts of every release table and the content hashes of the releases, in id order.
        func fingerprint() throws -> [String] {
            try DatabaseQueue(path: database).read { db in
                let tables = try String.fetchAll(
                    db,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'release%' ORDER BY name")
                var result = try tables.map { "\($0)=\(try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1)" }
                result.append(
                    try String.fetchOne(
                        db,
                        sql: "SELECT group_concat(content_hash) FROM (SELECT content_hash FROM releases ORDER BY id)")
                        ?? "")
                return result
            }
        }
    }

    @Test("an import killed mid-file resumes after its last commit and ends equal to an uninterrupted one")
    func killThenResume() async throws {
        let world = try DumpsWorld()
        let file = try world.releases(count: 5_000)
        // Small batches and transactions, so that a commit comes every few milliseconds.
        let arguments = [
            "dumps", "import", "--file", file, "--commit-every", "200", "--batch-records", "50", "--quiet",
        ]

        let first = try world.run(arguments)
        let database = world.database
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                Self.killAfterCommits(first, database: database, records: 600)
                done.resume()
            }.start()
        }
        _ = try await first.wait()
        let atKill = try world.value("SELECT records_done FROM dump_files") ?? 0
        try #require(atKill < 5_000, "the import finished before it could be killed; use a bigger file")
        #expect(
            try world.value("SELECT count(*) FROM releases") == atKill, "what is committed is exactly the resume point")

        let second = try world.run(arguments)
        #expect(try await second.wait() == 0, "\(second.stderr)")
        #expect(try world.value("SELECT records_done FROM dump_files") == 5_000)
        #expect(try world.value("SELECT count(*) FROM releases") == 5_000)
        #expect(try world.value("SELECT count(*) FROM dump_runs WHERE status = 'completed'") == 1)

        let clean = try DumpsWorld()
        let cleanRun = try clean.run(["dumps", "import", "--file", try clean.releases(count: 5_000), "--quiet"])
        #expect(try await cleanRun.wait() == 0)
        #expect(try world.fingerprint() == clean.fingerprint())
    }

    /// Watches the import's resume point and kills it with SIGKILL once `records` are committed.
    /// A blocking loop on a thread of its own: under the full suite the concurrency runtime's
    /// threads are busy, and a sleeping task woke only after the import had finished (and
    /// blocking one of those threads instead slows the other tests).
    static func killAfterCommits(_ child: ChildProcess, database: String, records: Int) {
        var watcher: DatabaseQueue?
        for _ in 0..<15_000 where child.process.isRunning {
            if watcher == nil, FileManager.default.fileExists(atPath: database) {
                var configuration = Configuration()
                configuration.readonly = true
                configuration.busyMode = .timeout(1)
                watcher = try? DatabaseQueue(path: database, configuration: configuration)
            }
            let done = (try? watcher?.read { try Int.fetchOne($0, sql: "SELECT records_done FROM dump_files") }) ?? nil
            if (done ?? 0) >= records { break }
            usleep(1_000)
        }
        child.signal(SIGKILL)
    }

    @Test("imports the four samples in dependency order; status --json reports every file")
    func statusJSON() async throws {
        let world = try DumpsWorld()
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/dumps").standardized
        let files = ["releases", "masters", "labels", "artists"].flatMap {
            ["--file", fixtures.appendingPathComponent("philipmat_discogs-xml2db_discogs_20200806_\($0).xml.gz").path]
        }
        let run = try world.run(["dumps", "import", "--month", "2020-08"] + files)
        #expect(try await run.wait() == 0, "\(run.stderr)")
        #expect(
            run.stdout.split(separator: "\n").map { $0.prefix(while: { $0 != ":" }) } == [
                "labels", "artists", "masters", "releases",
            ])

        let status = try world.run(["dumps", "status", "--json"])
        #expect(try await status.wait() == 0)
        struct Status: Decodable {
            struct Run: Decodable {
                var month: String
                var status: String
                var records: [String: Int]
                var files: [File]
            }
            struct File: Decodable {
                var kind: String
                var records: [String: Int]
                var unknown_elements: [String: Int]
                var errors: [String]
                var import_status: String
            }
            var runs: [Run]
        }
        let decoded = try JSONDecoder().decode(Status.self, from: Data(status.stdout.utf8))
        let only = try #require(decoded.runs.first)
        #expect(only.month == "2020-08")
        #expect(only.status == "completed")
        #expect(only.records == ["labels": 1000, "artists": 1000, "masters": 1000, "releases": 1000])
        #expect(only.files.map(\.kind) == ["labels", "artists", "masters", "releases"])
        #expect(
            only.files.allSatisfy { $0.unknown_elements.isEmpty && $0.errors.isEmpty && $0.import_status == "imported" }
        )
        #expect(only.files.first?.records == ["labels": 1000])
    }

    @Test("serve refuses a dumps.schedule it cannot read")
    func badSchedule() async throws {
        let world = try DumpsWorld()
        try "[database]\npath = \"spindle.sqlite\"\n[dumps]\nschedule = \"noon\"\n".write(
            to: world.directory.appendingPathComponent("spindle.toml"), atomically: true, encoding: .utf8)
        let serve = try world.run(["serve", "--socket", world.directory.appendingPathComponent("s.sock").path])
        #expect(try await serve.wait(timeout: 30) == 1)
        #expect(serve.stderr.contains("dumps.schedule"), "\(serve.stderr)")
    }

    @Test("bad input exits non-zero with the file and the reason")
    func badFile() async throws {
        let world = try DumpsWorld()
        let path = world.directory.appendingPathComponent("discogs_20200806_releases.xml.gz").path
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: path))
        let run = try world.run(["dumps", "import", "--file", path])
        #expect(try await run.wait() == 1)
        #expect(run.stderr.contains(path), "\(run.stderr)")
        let missing = try world.run(["dumps", "import", "--file", "nope.xml.gz"])
        #expect(try await missing.wait() == 1)
        #expect(missing.stderr.contains("no such file"))
    }
}
