import Dispatch
import FastCGI
import Foundation
import Testing

@testable import FastCGI

@Suite("The server over real sockets")
struct ServerTests {
    static func fastLimits() -> FastCGILimits {
        var limits = FastCGILimits()
        limits.readTimeout = 0.3
        limits.shutdownGrace = 5
        return limits
    }

    @Test("sequential KEEP_CONN requests share one Unix-socket connection, and stopping removes the socket file")
    func keepConnectionOverUnixSocket() throws {
        let server = try TestServer()
        let client = try server.client()
        for id: UInt16 in 1...3 {
            client.send(WebServer.request(id: id, params: [("REQUEST_METHOD", "POST")], body: [UInt8]("#\(id)".utf8)))
            let response = try client.readReply().response(id: id)
            #expect(response.status == "200 OK")
            #expect(response.text == "REQUEST_METHOD=POST\n\n#\(id)")
        }
        #expect(server.stop())
        #expect(!FileManager.default.fileExists(atPath: server.socketPath!))
    }

    @Test("TCP on port 0 reports the port it bound and serves on it")
    func tcpPortZero() throws {
        let server = try TestServer(listener: .tcp(host: "127.0.0.1", port: 0))
        defer { server.stop() }
        #expect(server.server.boundPort ?? 0 > 0)
        let client = try server.client()
        client.send(WebServer.request(keepConnection: false))
        #expect(try client.readReply().response().status == "200 OK")
        #expect(client.waitForClose())
    }

    @Test("a parked keep-alive connection does not hold up a request on a second connection")
    func parkedConnectionDoesNotBlock() throws {
        let server = try TestServer()
        defer { server.stop() }
        let parked = try server.client()
        parked.send(WebServer.request())
        _ = try parked.readReply()
        // `parked` now sits idle, as nginx's upstream keepalive pool leaves it.
        let second = try server.client()
        second.send(WebServer.request(id: 1))
        #expect(try second.readReply().response().status == "200 OK")
    }

    @Test("a request that stalls halfway is closed after the read timeout")
    func stalledRequestIsClosed() throws {
        let server = try TestServer(limits: Self.fastLimits())
        defer { server.stop() }
        let client = try server.client()
        client.send(Array(WebServer.request().prefix(20)))
        #expect(client.waitForClose())
    }

    @Test("malformed bytes close that connection only; another connection keeps working")
    func malformedBytesCloseOneConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let good = try server.client()
        good.send(WebServer.request())
        _ = try good.readReply()
        let bad = try server.client()
        bad.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(bad.waitForClose())
        good.send(WebServer.request())
        #expect(try good.readReply().response().status == "200 OK")
    }

    @Test("a body over the limit gets 413 on a connection that stays usable")
    func bodyLimitOverSocket() throws {
        var limits = FastCGILimits()
        limits.maxBodyBytes = 100_000
        let server = try TestServer(limits: limits)
        defer { server.stop() }
        let client = try server.client()
        client.send(WebServer.request(body: [UInt8](repeating: 1, count: 300_000)))
        #expect(try client.readReply().response().status == "413 Content Too Large")
        client.send(WebServer.request(body: [UInt8](repeating: 2, count: 99_000)))
        let response = try client.readReply().response()
        #expect(response.status == "200 OK")
        #expect(response.body.suffix(99_000) == ArraySlice(repeating: 2, count: 99_000))
    }

    @Test("shutdown lets a slow in-flight request finish, closes idle connections, then run() returns")
    func gracefulShutdown() throws {
        let responder = EchoResponder()
        let server = try TestServer(limits: Self.fastLimits(), responder: responder)
        let idle = try server.client()
        idle.send(WebServer.request())
        _ = try idle.readReply()

        let busy = try server.client()
        busy.send(WebServer.request(params: [("DOCUMENT_URI", "/slow")]))
        #expect(responder.entered.wait(timeout: .now() + 10) == .success)
        server.server.shutdown()

        #expect(idle.waitForClose())
        let response = try busy.readReply().response()
        #expect(response.status == "200 OK")
        #expect(response.text.contains("DOCUMENT_URI=/slow"))
        #expect(busy.waitForClose())
        #expect(server.waitUntilFinished())
        #expect(throws: RawClient.Failure.self) { try server.client() }
    }

    @Test("a listening socket handed over as a file descriptor is served")
    func inheritedSocket() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(bound == 0)
        #expect(listen(fd, 16) == 0)

        let server = try TestServer(listener: .inherited(fd: fd))
        defer { server.stop() }
        let client = try server.client()
        client.send(WebServer.request())
        #expect(try client.readReply().response().status == "200 OK")
    }

    @Test("beyond maxConnections a new connection is closed at once and logged; the open ones go on")
    func connectionLimit() throws {
        var limits = FastCGILimits()
        limits.maxConnections = 1
        let log = LogRecorder()
        let server = try TestServer(limits: limits, logger: log.logger())
        defer { server.stop() }
        let first = try server.client()
        first.send(WebServer.request())
        _ = try first.readReply()
        let second = try server.client()
        #expect(second.waitForClose())
        #expect(log.all.contains { $0.contains("maxConnections") })
        first.send(WebServer.request())
        #expect(try first.readReply().response().status == "200 OK")
    }

    @Test("stopOnSignals shuts the server down when the signal arrives")
    func stopsOnSignal() throws {
        let server = try TestServer()
        defer { server.stop() }  // only does something when the signal did not
        // SIGUSR2 rather than SIGTERM: nothing else in the test process uses it.
        server.server.stopOnSignals([SIGUSR2])
        kill(getpid(), SIGUSR2)
        #expect(server.waitUntilFinished())
    }

    @Test("start-up problems are reported by init: path in use, not a socket, port in use, not listening")
    func startupErrors() throws {
        let server = try TestServer()
        defer { server.stop() }
        let path = server.socketPath!
        #expect(throws: FastCGIServerError.socketPathInUse(path: path)) {
            try FastCGIServer(listener: .unixSocket(path: path), responder: EchoResponder())
        }

        let file = TestServer.temporarySocketPath()
        #expect(FileManager.default.createFile(atPath: file, contents: Data("keep me".utf8)))
        defer { unlink(file) }
        #expect(throws: FastCGIServerError.notASocket(path: file)) {
            try FastCGIServer(listener: .unixSocket(path: file), responder: EchoResponder())
        }

        let tcp = try FastCGIServer(listener: .tcp(host: "127.0.0.1", port: 0), responder: EchoResponder())
        let port = try #require(tcp.boundPort)
        #expect(throws: FastCGIServerError.addressInUse(host: "127.0.0.1", port: port)) {
            try FastCGIServer(listener: .tcp(host: "127.0.0.1", port: port), responder: EchoResponder())
        }
        tcp.shutdown()

        let notListening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(notListening) }
        #expect(throws: FastCGIServerError.notListening(fd: notListening)) {
            try FastCGIServer(listener: .inherited(fd: notListening), responder: EchoResponder())
        }
        #expect(
            throws: FastCGIServerError.socketPathTooLong(path: "/tmp/" + String(repeating: "x", count: 200), limit: 107)
        ) {
            try FastCGIServer(
                listener: .unixSocket(path: "/tmp/" + String(repeating: "x", count: 200)), responder: EchoResponder())
        }
    }

    @Test("a stale socket file nobody listens on is replaced, and removed again on shutdown")
    func staleSocketFile() throws {
        // A socket file with no listener behind it, as a killed server leaves.
        let path = TestServer.temporarySocketPath()
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(fd)
        #expect(bound == 0)
        #expect(FileManager.default.fileExists(atPath: path))

        let server = try TestServer(listener: .unixSocket(path: path))
        let client = try RawClient(unixPath: path)
        client.send(WebServer.request())
        #expect(try client.readReply().response().status == "200 OK")
        #expect(server.stop())
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
