import FakeDiscogs
import Foundation
import Testing

@Suite("The spindle command", .serialized)
struct CommandLineTests {
    /// 300 items and 40 wants behind a 60-per-second window: a full sync takes a few seconds.
    static let fakeArguments = [
        "--items", "300", "--duplicates", "10", "--wants", "40", "--overlap", "4", "--rate-window", "1",
    ]
    static let fastConfig = "rate_window_seconds = 1"

    @Test("kill -9 during a sync, then `spindle sync`: the same final export, fewer than 5 repeated requests")
    func killAndResume() async throws {
        let world = try await CLIWorld(fakeArguments: Self.fakeArguments, config: Self.fastConfig)
        let first = try world.start(["sync", "--quiet"])
        try await world.waitForRequests(150)
        first.signal(SIGKILL)
        _ = try await first.wait()

        let status = try await world.run(["status", "--json"])
        #expect(status.stdout.contains("\"status\" : \"in_progress\""))

        let second = try await world.run(["sync"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("resuming session 1") || second.stderr.contains("resuming session 1"))

        let truth = try await world.fakeJSON("_fake/truth/collection", as: [ExportedItem].self)
        let mine = try await world.exported("collection", as: [ExportedItem].self).sorted {
            $0.instanceID < $1.instanceID
        }
        #expect(mine == truth)
        let wants = try await world.exported("wantlist", as: [ExportedWant].self).sorted { $0.releaseID < $1.releaseID }
        #expect(wants == (try await world.fakeJSON("_fake/truth/wantlist", as: [ExportedWant].self)))
        let stats = try await world.stats
        #expect(stats.repeatedSuccesses < 5)
        #expect(stats.rateLimited == 0)
    }

    @Test("Ctrl-C pauses the sync (exit 130) and the next run finishes it")
    func interruptAndResume() async throws {
        let world = try await CLIWorld(fakeArguments: Self.fakeArguments, config: Self.fastConfig)
        let first = try world.start(["sync"])
        try await world.waitForRequests(60)
        first.signal(SIGINT)
        #expect(try await first.wait() == 130)
        #expect(first.stderr.contains("run `spindle sync` again to resume session 1"))
        #expect(try await world.run(["status"]).stdout.contains("paused"))

        let second = try await world.run(["sync", "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        let truth = try await world.fakeJSON("_fake/truth/collection", as: [ExportedItem].self)
        #expect(
            try await world.exported("collection", as: [ExportedItem].self).sorted { $0.instanceID < $1.instanceID }
                == truth)
    }

    @Test("a second sync while one runs is refused with the running session and process")
    func oneSyncAtATime() async throws {
        // A 60-second window: after 57 requests the first sync waits, still running.
        let world = try await CLIWorld(fakeArguments: Self.fakeArguments)
        let first = try world.start(["sync", "--quiet"])
        defer { first.signal(SIGKILL) }
        try await world.waitForRequests(5)
        let second = try await world.run(["sync"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("sync session 1 is already running (process \(first.pid))"))
    }

    @Test("the token is never written to the database or the logs")
    func tokenStaysSecret() async throws {
        let world = try await CLIWorld(
            fakeArguments: ["--items", "20", "--wants", "3", "--rate-window", "1"], config: Self.fastConfig)
        let tokenFile = world.directory.appendingPathComponent("token")
        try world.token.write(to: tokenFile, atomically: true, encoding: .utf8)
        chmod(tokenFile.path, 0o600)
        try
            "[discogs]\nbase_url = \"\(world.baseURL.absoluteString)\"\nrate_window_seconds = 1\ntoken_file = \"token\"\n"
            .write(to: world.directory.appendingPathComponent("spindle.toml"), atomically: true, encoding: .utf8)
        let result = try await world.run(["sync"], environment: ["SPINDLE_LOG_LEVEL": "trace"])
        #expect(result.status == 0, "\(result.stderr)")
        for file in try FileManager.default.contentsOfDirectory(atPath: world.directory.path)
        where file.hasPrefix("spindle.sqlite") {
            let bytes = try Data(contentsOf: world.directory.appendingPathComponent(file))
            #expect(bytes.range(of: Data(world.token.utf8)) == nil, "\(file) holds the token")
        }
        #expect(!result.stdout.contains(world.token) && !result.stderr.contains(world.token))
    }

    @Test(
        "usage mistakes exit 2",
        arguments: [
            ["frobnicate"], ["sync", "--bogus"], ["export"], ["export", "everything"], ["sync", "--folder", "-3"],
        ])
    func usageErrors(arguments: [String]) async throws {
        let world = try await CLIWorld(fakeArguments: ["--items", "1"])
        let result = try await world.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("a malformed configuration exits 1 with the key it is about")
    func malformedConfig() async throws {
        let world = try await CLIWorld(fakeArguments: ["--items", "1"], config: "per_page = 1000")
        let result = try await world.run(["sync"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("discogs.per_page"))
        #expect(result.stderr.contains("from 1 to 100"))
    }

    @Test("no token: exit 1 with how to provide one")
    func missingToken() async throws {
        let world = try await CLIWorld(fakeArguments: ["--items", "1"])
        let result = try await world.run(["sync"], environment: [:])
        #expect(result.status == 1)
        #expect(result.stderr.contains("DISCOGS_TOKEN"))
    }

    @Test("init writes a config that refuses to be overwritten, import reads a CSV, export writes it back")
    func initImportExport() async throws {
        let world = try await CLIWorld(fakeArguments: ["--items", "1"])
        try FileManager.default.removeItem(at: world.directory.appendingPathComponent("spindle.toml"))
        #expect(try await world.run(["init"]).status == 0)
        #expect(try await world.run(["init"]).status == 1)

        let csv = """
            Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,CollectionFolder,Date Added,Collection Media Condition,Collection Sleeve Condition,Collection Notes
            SK032,The Persuader,Stockholm,Svek,"2x12"", 33 ⅓ RPM",4,1999-03-00,1,Electronic,2021-02-01 10:00:00,Mint (M),,"Nice, ""clean"" copy"
            """
        try csv.write(to: world.directory.appendingPathComponent("collection.csv"), atomically: true, encoding: .utf8)
        let imported = try await world.run(["import", "discogs-csv", "collection.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("+1 added"))
        let exported = try await world.run(["export", "collection", "--format", "csv"])
        #expect(exported.stdout.contains("Stockholm"))
        #expect(exported.stdout.contains("\"Nice, \"\"clean\"\" copy\""))
        #expect(
            exported.stdout.hasPrefix(
                "instance_id,release_id,folder_id,folder,rating,date_added,title,artists,year,Media Condition"))

        let status = try await world.run(["status", "--json"])
        #expect(status.stdout.contains("\"mode\" : \"csv\""))

        let broken = try await world.run(["import", "discogs-csv", "spindle.toml"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("release_id"))
    }
}

@Suite("spindle build")
struct BuildCommandTests {
    @Test("builds the synced collection, then finds nothing to do, and never replaces a user's file")
    func buildThenUpToDate() async throws {
        let world = try await CLIWorld(
            fakeArguments: ["--items", "20", "--wants", "3", "--rate-window", "1"],
            config: CommandLineTests.fastConfig)
        #expect(try await world.run(["sync", "--quiet"]).status == 0)

        let first = try await world.run(["build"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("full build"), "\(first.stdout)")
        #expect(first.stderr.contains("set site.base_url"))
        let site = world.directory.appendingPathComponent("site")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: site.path).hasPrefix(".site-builds/"))
        let home = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(home.contains("<main"))

        let second = try await world.run(["build"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("up to date"), "\(second.stdout)")

        let precious = world.directory.appendingPathComponent("notes.txt")
        try "mine".write(to: precious, atomically: true, encoding: .utf8)
        let refused = try await world.run(["build", "--out", "notes.txt"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is a file Spindle did not publish"), "\(refused.stderr)")
        #expect(try String(contentsOf: precious, encoding: .utf8) == "mine")
    }

    @Test("kill -9 at any moment of a build: the published site stays whole, and the next build completes")
    func killDuringBuild() async throws {
        let world = try await CLIWorld(
            fakeArguments: ["--items", "120", "--wants", "10", "--rate-window", "1"],
            config: CommandLineTests.fastConfig)
        #expect(try await world.run(["sync", "--quiet"]).status == 0)
        #expect(try await world.run(["build", "--quiet"]).status == 0)
        let site = world.directory.appendingPathComponent("site")
        let complete = Self.files(in: site)
        #expect(complete.contains("index.html") && complete.count > 300)

        for delay in [5, 30, 80, 150, 300, 600] {
            let build = try world.start(["build", "--full", "--quiet"])
            try await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000)
            build.signal(SIGKILL)
            _ = try await build.wait()
            // Whatever moment it died at, the site served is a whole build: the same files, complete pages.
            #expect(Self.files(in: site) == complete, "after a kill at \(delay) ms")
            let home = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(home.hasSuffix("</html>\n"), "after a kill at \(delay) ms")
        }
        let last = try await world.run(["build"])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(Self.files(in: site) == complete)
    }

    /// The files of a published site (through its symlink), relative to it.
    static func files(in site: URL) -> Set<String> {
        let root = site.resolvingSymlinksInPath().path + "/"
        let walker = FileManager.default.enumerator(atPath: root)
        var files: Set<String> = []
        while let relative = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.insert(relative)
            }
        }
        return files
    }

    @Test("a broken user template is an error naming the file; the published site stays as it was")
    func brokenTemplate() async throws {
        let world = try await CLIWorld(
            fakeArguments: ["--items", "5", "--rate-window", "1"], config: CommandLineTests.fastConfig)
        let early = try await world.run(["build"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("spindle sync"), "\(early.stderr)")
        #expect(try await world.run(["sync", "--quiet"]).status == 0)
        #expect(try await world.run(["build", "--quiet"]).status == 0)
        let site = world.directory.appendingPathComponent("site")
        let before = try FileManager.default.destinationOfSymbolicLink(atPath: site.path)

        let templates = world.directory.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "<main>{{#items}}never closed</main>".write(
            to: templates.appendingPathComponent("home.mustache"), atomically: true, encoding: .utf8)
        let broken = try await world.run(["build"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("home.mustache"), "\(broken.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: site.path) == before)
    }
}
