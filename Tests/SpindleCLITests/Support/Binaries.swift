import Discogs
import FakeDiscogs
import Foundation
import Testing

/// The built `spindle` and `discogs-fake` executables, next to the test bundle.
enum Binaries {
    static let directory: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.isExecutableFile(atPath: beside.appendingPathComponent("spindle").path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug")
    }()

    static func path(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("\(path) is not built; run `swift build` first (make test does)")
        }
        return path
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A program run to completion, or started in the background. Output goes to files so that
/// large outputs cannot fill a pipe and block the child.
final class ChildProcess: @unchecked Sendable {
    // @unchecked Sendable: `process` is only started, signalled and waited on.
    let process = Process()
    private let output: URL
    private let errors: URL

    init(
        _ executable: String, _ arguments: [String], directory: URL, environment: [String: String],
        stdin: Data? = nil
    ) throws {
        output = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        errors = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ["PATH": "/usr/bin:/bin", "HOME": directory.path]
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        if let stdin {
            let input = directory.appendingPathComponent("stdin-\(UUID().uuidString)")
            try stdin.write(to: input)
            process.standardInput = try FileHandle(forReadingFrom: input)
        }
        try process.run()
    }

    var stdout: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }
    var pid: Int32 { process.processIdentifier }

    /// Waits for the exit, failing after `timeout` seconds.
    func wait(timeout: Double = 180) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw TestFailure("timed out: \(process.arguments ?? [])\n\(stderr)")
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return process.terminationStatus
    }

    func signal(_ number: Int32) { kill(pid, number) }
}

/// A folder with a spindle.toml pointing at a `discogs-fake` process of its own.
final class CLIWorld: @unchecked Sendable {
    // @unchecked Sendable: set up once in init, then only read.
    let directory: URL
    let fake: ChildProcess
    let baseURL: URL
    let token = "fake-token-0123456789"

    init(fakeArguments: [String], config extra: String = "") async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        fake = try ChildProcess(
            try Binaries.path("discogs-fake"), fakeArguments, directory: directory, environment: [:])
        var url: URL?
        for _ in 0..<500 where url == nil && fake.process.isRunning {
            if let line = fake.stdout.split(separator: "\n").first, line.hasPrefix("listening on ") {
                url = URL(string: String(line.dropFirst("listening on ".count)))
            } else {
                try await Task.sleep(nanoseconds: 10_000_000)
            }
        }
        guard let url else { throw TestFailure("discogs-fake did not start: \(fake.stderr)") }
        baseURL = url
        try """
        [discogs]
        base_url = "\(url.absoluteString)"
        timeout_seconds = 2
        retry_base_seconds = 0.1
        \(extra)
        """.write(to: directory.appendingPathComponent("spindle.toml"), atomically: true, encoding: .utf8)
    }

    deinit {
        fake.signal(SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts `spindle …` in the world's folder, with the token in the environment.
    func start(_ arguments: [String], environment: [String: String]? = nil) throws -> ChildProcess {
        try ChildProcess(
            try Binaries.path("spindle"), arguments, directory: directory,
            environment: environment ?? ["DISCOGS_TOKEN": token])
    }

    /// Runs `spindle …` to the end.
    func run(
        _ arguments: [String], environment: [String: String]? = nil
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try start(arguments, environment: environment)
        let status = try await child.wait()
        return (status, child.stdout, child.stderr)
    }

    func fakeJSON<T: Decodable>(_ path: String, as type: T.Type) async throws -> T {
        let transport = try CurlTransport(options: .init(userAgent: "tests"))
        let response = try await transport.send(HTTPRequest(url: baseURL.appendingPathComponent(path)))
        return try JSONDecoder().decode(type, from: response.body)
    }

    var stats: FakeStats { get async throws { try await fakeJSON("_fake/stats", as: FakeStats.self) } }

    /// Waits until the fake has answered at least `count` requests.
    func waitForRequests(_ count: Int) async throws {
        for _ in 0..<3000 {
            if try await stats.requests >= count { return }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        throw TestFailure("the fake never saw \(count) requests")
    }

    func exported<T: Decodable>(_ what: String, as type: T.Type) async throws -> T {
        let result = try await run(["export", what, "--format", "json"])
        guard result.status == 0 else { throw TestFailure("export failed: \(result.stderr)") }
        return try JSONDecoder().decode(type, from: Data(result.stdout.utf8))
    }
}
