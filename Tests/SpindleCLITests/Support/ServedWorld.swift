import Discogs
import Foundation
import Testing

/// A CLIWorld served the way `make demo` and deploy/ serve a site: `spindle serve` on a Unix
/// socket (scripts/api.sh) behind Debian's nginx with the shipped snippets (scripts/serve.sh).
final class ServedWorld: @unchecked Sendable {
    // @unchecked Sendable: set up once in init, then only read.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    let world: CLIWorld
    let port: Int
    var directory: URL { world.directory }
    var socket: URL { directory.appendingPathComponent("api.sock") }
    var secret: String {
        (try? String(contentsOf: directory.appendingPathComponent("site-secret"), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// `items`/`wants` of the fake account; its window is one second so paced syncs stay short.
    init(items: Int, wants: Int, serverConfig: String = "") async throws {
        port = try Self.freePort()
        world = try await CLIWorld(
            fakeArguments: ["--items", "\(items)", "--wants", "\(wants)", "--rate-window", "1"],
            config: """
                rate_window_seconds = 1

                [site]
                out = "site"

                [server]
                socket = "api.sock"
                secret_file = "site-secret"
                \(serverConfig)
                """)
    }

    /// Starts spindle serve, then nginx in front of the built site and the socket.
    func start(serveEnvironment: [String: String] = [:]) async throws {
        var environment = ["SPINDLE_LOG_LEVEL": "info"]
        environment.merge(serveEnvironment) { $1 }
        try await script(
            "api.sh", ["start", try Binaries.path("spindle"), "spindle.toml", socket.path, "api"],
            environment: environment)
        do {
            try await startNginx()
        } catch {
            try? await script("api.sh", ["stop", "api"])
            throw error
        }
    }

    private func startNginx() async throws {
        try await script(
            "serve.sh",
            [
                "start", "site", String(port), "nginx", "--api", socket.path, "--connect",
                world.baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")),
            ])
    }

    func stop() async {
        try? await script("serve.sh", ["stop", "nginx"])
        try? await script("api.sh", ["stop", "api"])
    }

    var serveLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("api/serve.log"), encoding: .utf8)) ?? ""
    }

    /// One request to the site through nginx.
    func request(
        _ method: String, _ path: String, headers: HTTPHeaders = [:], body: String? = nil
    ) async throws -> HTTPResponse {
        let transport = try CurlTransport(options: .init(userAgent: "spindle-tests", timeoutSeconds: 20))
        return try await transport.send(
            HTTPRequest(
                method: method, url: URL(string: "http://127.0.0.1:\(port)\(path)")!, headers: headers,
                body: body.map { Data($0.utf8) }))
    }

    var bearer: HTTPHeaders { ["Authorization": "Bearer \(secret)", "Content-Type": "application/json"] }

    func json(_ response: HTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
    }

    /// Runs a program of the test machine (python3, cgi-fcgi) in the world's folder.
    func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
        timeout: Double = 240
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        guard
            let path = ["/usr/bin/\(executable)", "/usr/local/bin/\(executable)", "/bin/\(executable)"]
                .first(where: FileManager.default.isExecutableFile(atPath:))
        else { throw TestFailure("\(executable) is not installed (make test installs it: scripts/setup.sh test)") }
        let child = try ChildProcess(path, arguments, directory: directory, environment: environment, stdin: stdin)
        let status = try await child.wait(timeout: timeout)
        return (status, child.stdout, child.stderr)
    }

    private func script(_ name: String, _ arguments: [String], environment: [String: String] = [:]) async throws {
        let child = try ChildProcess(
            Self.repository.appendingPathComponent("scripts/\(name)").path, arguments, directory: directory,
            environment: environment)
        let status = try await child.wait(timeout: 60)
        guard status == 0 else { throw TestFailure("scripts/\(name) \(arguments[0]): \(child.stderr)\(child.stdout)") }
    }

    static func freePort() throws -> Int {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
