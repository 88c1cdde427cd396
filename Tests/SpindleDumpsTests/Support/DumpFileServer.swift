import Foundation

/// `scripts/dump-file-server.py`, run for one test: a real HTTP server on 127.0.0.1 serving a
/// bucket-like directory, with the faults the test asks for.
final class DumpFileServer: Sendable {
    /// One line of the server's request log.
    struct LoggedRequest: Decodable, Sendable {
        let method: String
        let path: String
        let query: String
        let range: String?
        let status: Int
        let userAgent: String?

        enum CodingKeys: String, CodingKey {
            case method, path, query, range, status
            case userAgent = "user_agent"
        }
    }

    let root: URL
    let baseURL: URL
    private let logFile: URL
    private let process: Process
    private let stdin: Pipe

    /// Starts a server on `root` (inside `directory`), runs `body`, and stops the server however
    /// `body` ends.
    static func run<T>(
        root: URL, in directory: URL, arguments: [String] = [], _ body: (DumpFileServer) async throws -> T
    ) async throws -> T {
        let server = try await DumpFileServer(root: root, directory: directory, arguments: arguments)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private init(root: URL, directory: URL, arguments: [String]) async throws {
        self.root = root
        logFile = directory.appendingPathComponent("server-\(UUID().uuidString).jsonl")
        let output = directory.appendingPathComponent("server-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)

        process = Process()
        stdin = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", Repository.root.appendingPathComponent("scripts/dump-file-server.py").path,
                "--root", root.path, "--log", logFile.path, "--exit-on-stdin-eof",
            ] + arguments
        // The server exits when this pipe closes, so it cannot outlive a crashed test run.
        process.standardInput = stdin
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: output)
        try process.run()

        var port: Int?
        for _ in 0..<1500 where port == nil {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }) {
                port = Int(line.dropFirst(5))
            } else if !process.isRunning {
                throw TestFailure("dump-file-server.py exited: \(text)")
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw TestFailure("dump-file-server.py did not start")
        }
        baseURL = URL(string: "http://127.0.0.1:\(port)/")!
    }

    func url(_ path: String) -> URL { URL(string: path, relativeTo: baseURL)!.absoluteURL }

    /// The requests served so far, in order.
    func requests() throws -> [LoggedRequest] {
        let text = try String(contentsOf: logFile, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(LoggedRequest.self, from: Data($0.utf8)) }
    }

    /// The GETs of `path`, in order.
    func gets(of path: String) throws -> [LoggedRequest] {
        try requests().filter { $0.method == "GET" && $0.path == path }
    }

    /// Closes the server's stdin, which makes it exit, and waits without blocking a thread of the
    /// cooperative pool (`waitUntilExit` would, and two of them stall a 2-core machine's tests).
    func stop() async {
        try? stdin.fileHandleForWriting.close()
        for _ in 0..<500 where process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
