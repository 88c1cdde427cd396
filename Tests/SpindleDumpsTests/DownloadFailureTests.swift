import Foundation
import Synchronization
import Testing

@testable import SpindleDumps

@Suite("Download failures: typed, transient or permanent", .serialized)
struct DownloadFailureTests {
    let downloader = FileDownloader(options: testOptions)

    @Test("403 and 404 are permanent HTTP errors naming status and URL, and leave no files", arguments: [403, 404])
    func permanent(status: Int) async throws {
        try await DownloadFixture.run(arguments: ["--status", "\(DownloadFixture.path)=\(status)"]) { fixture, server in
            let request = fixture.request(server)
            await #expect(throws: DownloadError.http(status: status, url: request.url.absoluteString)) {
                try await downloader.download(request) { _ in }
            }
            #expect(!DownloadError.http(status: status, url: "").isTransient)
            #expect(fixture.partSize == nil)
            #expect(fixture.downloaded == nil)
        }
    }

    @Test("5xx and 429 are transient; a write failure is permanent")
    func classification() {
        #expect(DownloadError.http(status: 503, url: "u").isTransient)
        #expect(DownloadError.http(status: 429, url: "u").isTransient)
        #expect(!DownloadError.http(status: 410, url: "u").isTransient)
        #expect(DownloadError.connection(url: "u", reason: "reset").isTransient)
        #expect(DownloadError.timedOut(url: "u", reason: "slow").isTransient)
        #expect(!DownloadError.fileSystem(path: "/x", reason: "No space left on device").isTransient)
        #expect(!DownloadError.cancelled.isTransient)
        #expect(DownloadError.http(status: 403, url: "u").description.contains("403"))
    }

    @Test("a resuming downloader resumes a dropped connection at once, and not a 404")
    func resumingDownloader() async throws {
        let pauses = Mutex<[Duration]>([])
        let resuming = ResumingDownloader(downloader, maxResumes: 2, pause: .seconds(7)) { pause in
            pauses.withLock { $0.append(pause) }
        }
        try await DownloadFixture.run(arguments: ["--drop-after", "300000", "--status", "/missing=404"]) {
            fixture, server in
            let result = try await resuming.download(fixture.request(server)) { _ in }
            #expect(result.attempts == 2)
            #expect(fixture.downloaded == DownloadFixture.content)
            #expect(try server.gets(of: DownloadFixture.path).map(\.range) == [nil, "bytes=300000-"])
            #expect(pauses.withLock { $0 } == [.seconds(7)])

            await #expect(throws: DownloadError.self) {
                try await resuming.download(fixture.request(server, path: "/missing")) { _ in }
            }
            #expect(pauses.withLock { $0.count } == 1)
        }
    }

    @Test("a server error is transient; the resuming downloader gives up after its resumes")
    func serverError() async throws {
        let resuming = ResumingDownloader(downloader, maxResumes: 2) { _ in }
        try await DownloadFixture.run(arguments: ["--status", "\(DownloadFixture.path)=503"]) { fixture, server in
            let outcome = await failure { () async throws(DownloadError) in
                try await resuming.download(fixture.request(server)) { _ in }
            }
            let error = try #require(outcome)
            #expect(error.httpStatus == 503)
            #expect(error.isTransient)
            #expect(try server.gets(of: DownloadFixture.path).count == 3)
        }
    }

    @Test("a stalled transfer hits the low-speed limit: transient, with the part kept")
    func lowSpeed() async throws {
        var options = testOptions
        options.lowSpeedBytesPerSecond = 1000
        options.lowSpeedSeconds = 1
        let impatient = FileDownloader(options: options)
        try await DownloadFixture.run(arguments: ["--stall-after", "500"]) { fixture, server in
            let outcome = await failure { () async throws(DownloadError) in
                try await impatient.download(fixture.request(server)) { _ in }
            }
            let error = try #require(outcome)
            guard case .timedOut = error else { throw error }
            #expect(error.isTransient)
            #expect(fixture.partSize == 500)
        }
    }

    @Test("cancelling the task stops the transfer and keeps the part; a second writer is refused meanwhile")
    func cancel() async throws {
        try await DownloadFixture.run(arguments: ["--stall-after", "500"]) { fixture, server in
            let task = Task { try await downloader.download(fixture.request(server)) { _ in } }
            // Wait for the first bytes: the transfer is then surely running.
            for _ in 0..<1000 where fixture.partSize != 500 { try await Task.sleep(for: .milliseconds(10)) }
            // A second download of the same file meanwhile would interleave bytes: refused.
            let second = await failure { () async throws(DownloadError) in
                try await downloader.download(fixture.request(server)) { _ in }
            }
            #expect(
                second
                    == .fileSystem(
                        path: fixture.destination.path + ".part", reason: "another download is writing this file"))
            task.cancel()
            await #expect(throws: DownloadError.cancelled) { try await task.value }
            #expect(fixture.partSize == 500)
        }
    }

    @Test("an unwritable destination is a permanent file-system error")
    func unwritable() async throws {
        try await DownloadFixture.run { fixture, server in
            // A file where the destination's folder should be.
            try Data().write(to: fixture.directory.appendingPathComponent("downloads"))
            let outcome = await failure { () async throws(DownloadError) in
                try await downloader.download(fixture.request(server)) { _ in }
            }
            let error = try #require(outcome)
            guard case .fileSystem = error else { throw error }
            #expect(!error.isTransient)
        }
    }
}
