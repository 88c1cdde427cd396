import Discogs
import Foundation
import Testing

@testable import SpindleDumps

@Suite("Finding the latest dump through a listing server", .serialized)
struct DumpDiscoveryTests {
    /// A bucket with a complete 2021-12, a 2022-01 still being uploaded (no releases yet).
    func makeBucket(in directory: URL) throws -> URL {
        let root = directory.appendingPathComponent("bucket")
        let files = [
            "data/2021/discogs_20211101_labels.xml.gz", "data/2021/discogs_20211201_labels.xml.gz",
            "data/2021/discogs_20211201_artists.xml.gz", "data/2021/discogs_20211201_masters.xml.gz",
            "data/2021/discogs_20211201_releases.xml.gz", "data/2021/discogs_20211201_CHECKSUM.txt",
            "data/2022/discogs_20220101_labels.xml.gz", "data/2022/discogs_20220101_CHECKSUM.txt",
            "data/2022/index.html",
        ]
        for (index, path) in files.enumerated() {
            let file = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try testBytes(count: 100 + index).write(to: file)
        }
        return root
    }

    func discovery(_ server: DumpFileServer) throws -> DumpDiscovery {
        DumpDiscovery(
            location: DumpLocation(baseURL: server.baseURL),
            transport: try CurlTransport(options: .init(userAgent: testOptions.userAgent, timeoutSeconds: 10)),
            userAgent: testOptions.userAgent)
    }

    @Test("January without a complete month falls back to last year's latest, with sizes from the listing")
    func fallsBackAYear() async throws {
        try await withTemporaryDirectory { directory in
            let root = try makeBucket(in: directory)
            try await DumpFileServer.run(root: root, in: directory) { server in
                let discovery = try discovery(server)
                let january = Date(timeIntervalSince1970: 1_642_000_000)  // 2022-01-12
                let set = try #require(try await discovery.latestSet(now: january))
                #expect(set.month == DumpMonth("2021-12"))
                #expect(set.isComplete)
                #expect(set.dataFiles[.artists]?.size == 102)
                #expect(set.dataFiles[.releases]?.url == server.url("data/2021/discogs_20211201_releases.xml.gz"))
                #expect(try await discovery.months(year: 2022) == [DumpMonth("2022-01")!])
                let partial = try #require(try await discovery.dumpSet(for: DumpMonth("2022-01")!))
                #expect(partial.missingKinds == [.artists, .masters, .releases])
                let listings = try server.requests().filter { $0.path == "/" }
                #expect(
                    listings.map(\.query) == [
                        "prefix=data/2022/", "prefix=data/2021/", "prefix=data/2022/", "prefix=data/2022/",
                    ])
                #expect(listings.allSatisfy { $0.userAgent == testOptions.userAgent })
            }
        }
    }

    @Test("a listing answered 403 is an error that says so, not 'no dump yet'")
    func forbidden() async throws {
        try await withTemporaryDirectory { directory in
            let root = try makeBucket(in: directory)
            try await DumpFileServer.run(root: root, in: directory, arguments: ["--status", "/=403"]) { server in
                let discovery = try discovery(server)
                do throws(DumpListingError) {
                    _ = try await discovery.latestSet(now: Date())
                    Issue.record("a refused listing must be an error")
                } catch {
                    guard case .http(403, let url) = error else { throw error }
                    #expect(url.hasPrefix(server.baseURL.absoluteString + "?prefix=data/"))
                    #expect(error.description.contains("403 Forbidden"))
                    #expect(!error.isTransient)
                }
            }
        }
    }
}
