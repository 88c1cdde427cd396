import FastCGI
import Foundation
import Testing

/// Debian's `cgi-fcgi` (libfcgi-bin), a real FastCGI client: it turns its environment into params and its standard
/// input into the body, and prints the response.
@Suite("Talking to Debian's cgi-fcgi")
struct CGIFCGITests {
    static func cgiFCGI() throws -> URL {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in directories + ["/usr/bin"] {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent("cgi-fcgi")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw MissingTool()
    }

    struct MissingTool: Error, CustomStringConvertible {
        var description: String { "cgi-fcgi not found: run `apt-get install libfcgi-bin` (make test installs it)" }
    }

    /// Runs `cgi-fcgi -bind -connect <path>` as a CGI request would run it and returns what it printed.
    static func request(
        socketPath: String, method: String, uri: String, body: [UInt8]
    ) throws -> (status: Int32, output: [UInt8]) {
        let process = Process()
        process.executableURL = try cgiFCGI()
        process.arguments = ["-bind", "-connect", socketPath]
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        process.environment = [
            "REQUEST_METHOD": method, "CONTENT_LENGTH": String(body.count), "CONTENT_TYPE": "application/octet-stream",
            "SCRIPT_NAME": path, "DOCUMENT_URI": path, "REQUEST_URI": uri,
            "QUERY_STRING": uri.contains("?") ? String(uri.split(separator: "?", maxSplits: 1)[1]) : "",
            "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1", "EMPTY_PARAM": "",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Written from another thread so a full pipe on either side cannot deadlock the test.
        let writer = input.fileHandleForWriting
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            writer.write(Data(body))
            try? writer.close()
            done.signal()
        }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return (process.terminationStatus, Array(printed))
    }

    @Test("a POST through cgi-fcgi reaches the responder with its params and body, and the echo comes back")
    func echoThroughCGIFCGI() throws {
        let server = try TestServer()
        defer { server.stop() }
        let body = (0..<100_000).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let result = try Self.request(socketPath: server.socketPath!, method: "POST", uri: "/api/echo?x=1", body: body)
        #expect(result.status == 0)
        let response = CGIResponse(result.output)
        #expect(response.status == "200 OK")
        #expect(response.headers["Content-Type"] == "text/plain")
        let text = response.text
        for line in [
            "REQUEST_METHOD=POST", "CONTENT_LENGTH=100000", "REQUEST_URI=/api/echo?x=1", "QUERY_STRING=x=1",
            "EMPTY_PARAM=",
        ] {
            #expect(text.contains("\n\(line)\n") || text.hasPrefix("\(line)\n"), "missing \(line)")
        }
        #expect(response.body.suffix(body.count) == body[...])
    }

    @Test("a body over the limit sent by cgi-fcgi is answered with 413")
    func bodyTooLargeThroughCGIFCGI() throws {
        var limits = FastCGILimits()
        limits.maxBodyBytes = 1000
        let server = try TestServer(limits: limits)
        defer { server.stop() }
        let result = try Self.request(
            socketPath: server.socketPath!, method: "POST", uri: "/upload", body: [UInt8](repeating: 1, count: 50_000))
        #expect(CGIResponse(result.output).status == "413 Content Too Large")
    }
}
