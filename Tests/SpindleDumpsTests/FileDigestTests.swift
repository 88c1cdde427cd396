import Foundation
import Testing

@testable import SpindleDumps

@Suite("Streaming SHA-256 of files")
struct FileDigestTests {
    @Test("the digest of a multi-chunk file equals sha256sum's")
    func matchesSHA256Sum() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("discogs_20200806_labels.xml.gz")
            // Two whole chunks and a ragged end.
            try testBytes(count: 2 * FileDigest.chunkSize + 4321, seed: 7).write(to: file)
            var reports: [Int64] = []
            let ours = try FileDigest.sha256(of: file) { done in
                reports.append(done)
                return true
            }
            #expect(reports == [1 << 20, 2 << 20, 2 << 20 + 4321])
            #expect(ours == (try sha256sum(file)))
        }
    }

    @Test("an empty file, a missing file, and stopping half way")
    func edges() async throws {
        try await withTemporaryDirectory { directory in
            let empty = directory.appendingPathComponent("empty")
            try Data().write(to: empty)
            #expect(
                try FileDigest.sha256(of: empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            #expect(throws: FileDigestError.self) {
                try FileDigest.sha256(of: directory.appendingPathComponent("nope"))
            }

            let big = directory.appendingPathComponent("big")
            try testBytes(count: 3 * FileDigest.chunkSize).write(to: big)
            #expect(throws: FileDigestError.cancelled) {
                try FileDigest.sha256(of: big) { $0 < Int64(FileDigest.chunkSize * 2) }
            }
        }
    }

    func sha256sum(_ file: URL) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}
