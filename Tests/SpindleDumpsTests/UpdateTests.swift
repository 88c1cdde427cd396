import Crypto
import Discogs
import Foundation
import Testing

@testable import SpindleDumps
@testable import SpindleStore

/// `spindle dumps update` end to end against a real local bucket: discovery, a download whose
/// connection drops halfway (resumed with Range), verification, import, cleanup.
@Suite(.serialized) struct UpdateTests {
    static let kinds: [DumpKind] = [.labels, .artists, .masters, .releases]

    /// A bucket with the real 2020-08 samples under their dump names and a CHECKSUM.txt in the
    /// single-space layout Discogs used from late 2019; `corrupt` lists files whose hash is wrong.
    static func bucket(in directory: URL, corrupt: Set<DumpKind> = []) throws -> URL {
        let root = directory.appendingPathComponent("bucket")
        let year = root.appendingPathComponent("data/2020")
        try FileManager.default.createDirectory(at: year, withIntermediateDirectories: true)
        var checksum = ""
        for kind in kinds {
            let name = "discogs_20200806_\(kind.rawValue).xml.gz"
            let data = try Data(
                contentsOf: URL(
                    fileURLWithPath: DumpWorld.fixture(
                        "philipmat_discogs-xml2db_discogs_20200806_\(kind.rawValue).xml.gz")))
            try data.write(to: year.appendingPathComponent(name))
            let hash = SHA256.hash(data: corrupt.contains(kind) ? data + [0] : data).map { String(format: "%02x", $0) }
                .joined()
            checksum += "\(hash) \(name)\n"
        }
        try checksum.write(
            to: year.appendingPathComponent("discogs_20200806_CHECKSUM.txt"), atomically: true, encoding: .utf8)
        return root
    }

    static func updater(_ world: DumpWorld, server: DumpFileServer, keepMonths: Int = 1) throws -> DumpUpdater {
        var settings = DumpSettings(
            location: DumpLocation(baseURL: server.baseURL), directory: world.directory.appendingPathComponent("dumps"),
            keepMonths: keepMonths, retry: RetrySchedule(delays: [0, 300], maxAttempts: 3))
        settings.resumePause = .zero
        let now = Date(timeIntervalSince1970: 1_600_000_000)  // 2020-09-13
        return DumpUpdater(
            store: world.store, settings: settings, transport: try CurlTransport(options: .init(userAgent: "tests")),
            now: { now })
    }

    @Test func updateResumesADroppedDownloadAndImportsEverything() async throws {
        let world = try DumpWorld()
        let root = try Self.bucket(in: world.directory)
        let releases = "/data/2020/discogs_20200806_releases.xml.gz"
        try await DumpFileServer.run(
            root: root, in: world.directory, arguments: ["--drop-after", "200000", "--drop-path", releases]
        ) { server in
            let updater = try Self.updater(world, server: server)
            let outcome = try await updater.update()
            guard case .imported(let month, let reports, _) = outcome else {
                Issue.record("not imported: \(outcome)")
                return
            }
            #expect(month.description == "2020-08")
            #expect(reports.map(\.kind) == Self.kinds)
            #expect(reports.allSatisfy { $0.progress.recordsDone == 1000 })
            let gets = try server.gets(of: releases)
            #expect(gets.count == 2)
            #expect(gets.last?.range == "bytes=200000-", "resumed where the connection dropped")

            let run = try #require(try world.store.read { try $0.dumpRun(month: "2020-08") })
            #expect(run.status == .completed)
            #expect(run.dumpDate == "20200806")
            let files = try world.store.read { try $0.dumpFiles(runID: run.id) }
            #expect(files.allSatisfy { $0.verifiedAt != nil && $0.sha256Actual == $0.sha256Expected })

            // Up to date: a second update changes nothing and downloads nothing.
            let again = try await updater.update()
            guard case .upToDate = again else {
                Issue.record("expected up to date, got \(again)")
                return
            }
            #expect(try server.gets(of: releases).count == 2)
        }
    }

    @Test func checksumMismatchDeletesTheFileAndFails() async throws {
        let world = try DumpWorld()
        let root = try Self.bucket(in: world.directory, corrupt: [.masters])
        try await DumpFileServer.run(root: root, in: world.directory) { server in
            let updater = try Self.updater(world, server: server)
            let error = await #expect(throws: DumpUpdateError.self) { try await updater.update() }
            #expect("\(error!)".contains("discogs_20200806_masters.xml.gz"), "\(error!)")
            let masters = "/data/2020/discogs_20200806_masters.xml.gz"
            #expect(try server.gets(of: masters).count == 2, "downloaded again once after the mismatch")
            let path = world.directory.appendingPathComponent("dumps/2020-08/discogs_20200806_masters.xml.gz").path
            #expect(!FileManager.default.fileExists(atPath: path), "a file that does not match is deleted")
            let run = try #require(try world.store.read { try $0.dumpRun(month: "2020-08") })
            #expect(run.status == .failed)
            #expect(run.nextAttemptAt != nil, "the next attempt is scheduled")
            #expect(try world.count("SELECT count(*) FROM masters") == 0, "nothing unverified is imported")
        }
    }

    @Test func listingRefusedIsAnErrorNotNoDump() async throws {
        let world = try DumpWorld()
        let root = try Self.bucket(in: world.directory)
        try await DumpFileServer.run(root: root, in: world.directory, arguments: ["--status", "/=403"]) { server in
            let updater = try Self.updater(world, server: server)
            let error = await #expect(throws: DumpListingError.self) { try await updater.update() }
            #expect("\(error!)".contains("403"), "\(error!)")
        }
    }

    @Test func missingFileIs404Error() async throws {
        let world = try DumpWorld()
        let root = try Self.bucket(in: world.directory)
        let artists = "/data/2020/discogs_20200806_artists.xml.gz"
        try await DumpFileServer.run(root: root, in: world.directory, arguments: ["--status", "\(artists)=404"]) {
            server in
            let updater = try Self.updater(world, server: server)
            let error = await #expect(throws: DownloadError.self) { try await updater.update() }
            #expect(error?.httpStatus == 404)
            let run = try #require(try world.store.read { try $0.dumpRun(month: "2020-08") })
            #expect(run.status == .failed)
            #expect(run.lastError?.contains("404") == true)
        }
    }

    @Test func cleanupKeepsTheNewestMonthsAndNeverUserFiles() throws {
        let world = try DumpWorld()
        let folder = world.directory.appendingPathComponent("dumps")
        let now = Date()
        var files: [String: String] = [:]
        try world.store.write { tx in
            for (month, status) in [
                ("2020-06", DumpRunStatus.completed), ("2020-07", .completed), ("2020-08", .processing),
            ] {
                let run = try tx.dumpRun(
                    month: month, dumpDate: month.replacingOccurrences(of: "-", with: "") + "01", now: now)
                let path = folder.appendingPathComponent("\(month)/discogs_x_releases.xml.gz").path
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
                files[month] = path
                try tx.registerDumpFile(
                    runID: run.id, kind: .releases, fileName: "discogs_x_releases.xml.gz", url: "http://x/\(month)",
                    path: path)
                var current = DumpRunStatus.notStarted
                for step in [DumpRunStatus.processing, .completed] where current != status {
                    try tx.moveDumpRun(month: month, to: step, now: now)
                    current = step
                }
            }
            // A file the user gave with --file is never deleted.
            let own = world.directory.appendingPathComponent("mine.xml.gz").path
            _ = FileManager.default.createFile(atPath: own, contents: Data("x".utf8))
            let run = try tx.dumpRun(month: "2020-05", dumpDate: "20200501", now: now)
            try tx.registerDumpFile(runID: run.id, kind: .releases, fileName: "mine.xml.gz", url: nil, path: own)
            try tx.moveDumpRun(month: "2020-05", to: .processing, now: now)
            try tx.moveDumpRun(month: "2020-05", to: .completed, now: now)
            files["mine"] = own
        }
        let deleted = try DumpCleanup(store: world.store, keepMonths: 1).run()
        #expect(deleted == [files["2020-06"]!])
        #expect(FileManager.default.fileExists(atPath: files["2020-07"]!), "the newest completed month is kept")
        #expect(FileManager.default.fileExists(atPath: files["2020-08"]!), "a run being processed is never touched")
        #expect(FileManager.default.fileExists(atPath: files["mine"]!))
        #expect(try DumpCleanup(store: world.store, keepMonths: 0).run() == [files["2020-07"]!])
    }

    @Test func invalidTransitionsAreRefused() throws {
        let world = try DumpWorld()
        try world.store.write { tx in
            try tx.dumpRun(month: "2020-08", dumpDate: nil, now: Date())
            #expect(throws: DumpRunError.invalidTransition(month: "2020-08", from: .notStarted, to: .completed)) {
                try tx.moveDumpRun(month: "2020-08", to: .completed, now: Date())
            }
            try tx.moveDumpRun(month: "2020-08", to: .downloading, now: Date())
            try tx.moveDumpRun(month: "2020-08", to: .failed, error: "boom", now: Date())
            #expect(throws: DumpRunError.self) { try tx.moveDumpRun(month: "2020-08", to: .failed, now: Date()) }
            try tx.moveDumpRun(month: "2020-08", to: .downloading, now: Date())
            let run = try tx.moveDumpRun(month: "2020-08", to: .readyForProcessing, now: Date())
            #expect(run.retryCount == 1)
            #expect(run.lastError == "boom")
            #expect(run.downloadedAt != nil)
        }
        for from in DumpRunStatus.allCases {
            #expect(from.canMove(to: .failed) == (from != .completed && from != .failed))
        }
    }
}
