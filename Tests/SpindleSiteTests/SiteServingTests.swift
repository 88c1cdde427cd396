import Discogs
import Foundation
import Testing

@testable import SpindleSite

/// The built site behind Debian's nginx, with the project's own server snippet
/// (deploy/nginx/spindle-site.conf) as `scripts/serve.sh` (used by `make demo`) configures it.
@Suite("The site behind nginx", .serialized)
struct SiteServingTests {
    @Test("nginx serves the .gz siblings, the 404 page, and a rebuild the moment it is published")
    func servedByNginx() async throws {
        let site = try await SiteHarness(items: 12, wants: 2)
        _ = try await site.build()
        let port = try Self.freePort()
        let state = site.directory.appendingPathComponent("nginx")
        try await Self.serve(["start", site.output.path, String(port), state.path], in: site.directory)
        do {
            try await checkServing(site, port: port)
        } catch {
            try? await Self.serve(["stop", state.path], in: site.directory)
            throw error
        }
        try await Self.serve(["stop", state.path], in: site.directory)
    }

    private func checkServing(_ site: SiteHarness, port: Int) async throws {
        let transport = try CurlTransport(options: .init(userAgent: "spindle-tests"))
        func get(_ path: String) async throws -> HTTPResponse {
            try await transport.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!))
        }

        let home = try await get("/")
        #expect(home.status == 200)
        #expect(home.headers["content-encoding"] == "gzip", "the prebuilt .gz was not served")
        #expect(home.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(String(decoding: home.body, as: UTF8.self).contains("</html>"))

        let missing = try await get("/no/such/page/")
        #expect(missing.status == 404)
        #expect(String(decoding: missing.body, as: UTF8.self).contains("kind-not-found"))

        // A new release: its page exists on the very next request after the build publishes.
        var release = Release(id: 9_100_001, title: "Served Fresh", year: 1999)
        release.artists = [ArtistCredit(id: 91, name: "Nginx Quartet")]
        try site.own(release, instanceID: 9_900_001)
        _ = try await site.build()
        let fresh = try await get("/release/9100001-nginx-quartet-served-fresh/")
        #expect(fresh.status == 200)
        #expect(String(decoding: fresh.body, as: UTF8.self).contains("Served Fresh"))
    }

    /// Runs scripts/serve.sh. Its output goes to a file: the nginx it starts keeps the inherited
    /// descriptors open, so a pipe would never reach end of file.
    static func serve(_ arguments: [String], in directory: URL) async throws {
        let log = directory.appendingPathComponent("serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = SiteHarness.repository.appendingPathComponent("scripts/serve.sh")
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        while process.isRunning { try await Task.sleep(nanoseconds: 20_000_000) }
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw PageCheck.Problem(description: "serve.sh \(arguments.first ?? ""): \(message)")
        }
    }

    /// A port nothing listens on now (bind to 0, read it back, close).
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw PageCheck.Problem(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
