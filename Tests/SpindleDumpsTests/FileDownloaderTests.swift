import Foundation
import Synchronization
import Testing

@testable import SpindleDumps

/// A bucket with one file, served by scripts/dump-file-server.py, and a place to download to.
struct DownloadFixture {
    static let path = "/data/2021/discogs_20210601_labels.xml.gz"
    static let content = testBytes(count: 1_000_037, seed: 3)
    let directory: URL

    var root: URL { directory.appendingPathComponent("bucket") }
    var destination: URL { directory.appendingPathComponent("downloads/discogs_20210601_labels.xml.gz") }

    init(directory: URL) throws {
        self.directory = directory
        let file = root.appendingPathComponent(String(Self.path.dropFirst()))
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.content.write(to: file)
    }

    func request(_ server: DumpFileServer, path: String = path, expectedSize: Int64? = nil) -> DownloadRequest {
        DownloadRequest(url: server.url(path), destination: destination, expectedSize: expectedSize)
    }

    /// Leaves a `.part` file as an interrupted earlier run would.
    func leavePart(_ bytes: Data) throws {
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: destination.appendingPathExtension("part"))
    }

    var partSize: Int64? {
        (try? FileManager.default.attributesOfItem(atPath: destination.path + ".part"))?[.size] as? Int64
    }

    var downloaded: Data? { try? Data(contentsOf: destination) }

    static func run(
        arguments: [String] = [], _ body: (DownloadFixture, DumpFileServer) async throws -> Void
    )
        async throws
    {
        try await withTemporaryDirectory { directory in
            let fixture = try DownloadFixture(directory: directory)
            try await DumpFileServer.run(root: fixture.root, in: directory, arguments: arguments) { server in
                try await body(fixture, server)
            }
        }
    }
}

/// Collects the progress reports of a download (they arrive on the transfer's thread).
final class ProgressLog: Sendable {
    private let reports = Mutex<[DownloadProgress]>([])
    var all: [DownloadProgress] { reports.withLock { $0 } }
    var callback: @Sendable (DownloadProgress) -> Void { { report in self.reports.withLock { $0.append(report) } } }
}

/// The error a download ends with, or nil when it succeeds.
func failure(_ body: () async throws(DownloadError) -> DownloadResult) async -> DownloadError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}

let testOptions = DownloadOptions(userAgent: "SpindleTests/1.0 +https://example.org", connectTimeoutSeconds: 5)

@Suite("Downloading a dump file over real HTTP", .serialized)
struct FileDownloaderTests {
    let downloader = FileDownloader(options: testOptions)

    @Test("a full download lands under its final name with the same bytes, sent with the User-Agent")
    func fullDownload() async throws {
        try await DownloadFixture.run { fixture, server in
            let progress = ProgressLog()
            let result = try await downloader.download(
                fixture.request(server, expectedSize: Int64(DownloadFixture.content.count)), progress: progress.callback
            )
            #expect(fixture.downloaded == DownloadFixture.content)
            #expect(fixture.partSize == nil)
            #expect(result.size == Int64(DownloadFixture.content.count))
            #expect(result.resumedFrom == 0)
            #expect(result.bytesTransferred == result.size)
            #expect(!result.restartedFromZero)
            #expect(progress.all.last?.bytesDone == result.size)
            #expect(progress.all.last?.totalBytes == result.size)
            let gets = try server.gets(of: DownloadFixture.path)
            #expect(gets.count == 1)
            #expect(gets.first?.range == nil)
            #expect(gets.first?.userAgent == testOptions.userAgent)
        }
    }

    @Test("a connection dropped half way is a transient error; the next call resumes with Range")
    func dropThenResume() async throws {
        try await DownloadFixture.run(arguments: ["--drop-after", "400000"]) { fixture, server in
            let outcome = await failure { () async throws(DownloadError) in
                try await downloader.download(fixture.request(server)) { _ in }
            }
            let error = try #require(outcome)
            #expect(error.isTransient)
            guard case .connection = error else { throw error }
            #expect(fixture.partSize == 400_000)
            #expect(fixture.downloaded == nil)

            let result = try await downloader.download(fixture.request(server)) { _ in }
            #expect(fixture.downloaded == DownloadFixture.content)
            #expect(result.resumedFrom == 400_000)
            #expect(result.bytesTransferred == Int64(DownloadFixture.content.count) - 400_000)
            let gets = try server.gets(of: DownloadFixture.path)
            #expect(gets.map(\.range) == [nil, "bytes=400000-"])
            #expect(gets.map(\.status) == [200, 206])
        }
    }

    @Test("a .part file left by an earlier run is resumed, not fetched again")
    func resumesEarlierPart() async throws {
        try await DownloadFixture.run { fixture, server in
            try fixture.leavePart(DownloadFixture.content.prefix(250_000))
            let result = try await downloader.download(fixture.request(server)) { _ in }
            #expect(fixture.downloaded == DownloadFixture.content)
            #expect(result.resumedFrom == 250_000)
            #expect(try server.gets(of: DownloadFixture.path).map(\.range) == ["bytes=250000-"])
        }
    }

    @Test("a server that ignores Range gets the whole file fetched again from 0")
    func serverIgnoresRange() async throws {
        try await DownloadFixture.run(arguments: ["--ignore-range"]) { fixture, server in
            // Wrong bytes: only a true restart from 0 gives the right file.
            try fixture.leavePart(Data(repeating: 0xEE, count: 300_000))
            let result = try await downloader.download(fixture.request(server)) { _ in }
            #expect(fixture.downloaded == DownloadFixture.content)
            #expect(result.restartedFromZero)
            #expect(result.resumedFrom == 0)
            let gets = try server.gets(of: DownloadFixture.path)
            #expect(gets.map(\.range) == ["bytes=300000-", nil])
            #expect(gets.map(\.status) == [200, 200])
        }
    }

    @Test("a complete .part answered 416 is renamed; a longer stale one is fetched again")
    func rangeNotSatisfiable() async throws {
        try await DownloadFixture.run { fixture, server in
            try fixture.leavePart(DownloadFixture.content)
            let result = try await downloader.download(fixture.request(server)) { _ in }
            #expect(fixture.downloaded == DownloadFixture.content)
            #expect(result.bytesTransferred == 0)
            #expect(try server.gets(of: DownloadFixture.path).map(\.status) == [416])

            try FileManager.default.removeItem(at: fixture.destination)
            try fixture.leavePart(Data(repeating: 1, count: DownloadFixture.content.count + 10))
            let again = try await downloader.download(fixture.request(server)) { _ in }
            #expect(again.restartedFromZero)
            #expect(fixture.downloaded == DownloadFixture.content)
            #expect(try server.gets(of: DownloadFixture.path).map(\.status) == [416, 416, 200])
        }
    }

    @Test("redirects are followed; HEAD gives the size")
    func redirectAndHead() async throws {
        let redirect = "/old/labels.xml.gz=\(DownloadFixture.path)"
        try await DownloadFixture.run(arguments: ["--redirect", redirect]) { fixture, server in
            _ = try await downloader.download(fixture.request(server, path: "/old/labels.xml.gz")) { _ in }
            #expect(fixture.downloaded == DownloadFixture.content)
            #expect(try await downloader.remoteSize(of: server.url(DownloadFixture.path)) == 1_000_037)
        }
    }
}
