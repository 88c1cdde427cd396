import Discogs
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Serves a `FakeDiscogs` over HTTP/1.1 on 127.0.0.1, one thread per connection, with keep-alive
/// and gzip, so the real libcurl client and the real `spindle` binary can be tested against it.
/// Control endpoints under `/_fake/` report what it saw and what a sync must end up with.
public final class FakeHTTPServer: Sendable {
    private let fake: FakeDiscogs
    private let listener: Int32
    public let port: UInt16

    /// Binds 127.0.0.1:`port` (0 picks a free port).
    public init(fake: FakeDiscogs, port: UInt16 = 0) throws {
        self.fake = fake
        signal(SIGPIPE, SIG_IGN)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let code = errno
            close(fd)
            throw POSIXError(.init(rawValue: code) ?? .EADDRINUSE)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Accepts connections on a background thread until the process ends.
    public func start() {
        let listener = self.listener
        let fake = self.fake
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                Thread.detachNewThread { Connection(fd: client, fake: fake).serve() }
            }
        }
    }

    public func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }
}

/// One client connection: requests in, answers out, until either side closes.
private struct Connection {
    let fd: Int32
    let fake: FakeDiscogs

    func serve() {
        defer { close(fd) }
        var buffer = Data()
        while let request = readRequest(&buffer) {
            if request.url.path.hasPrefix("/_fake/") {
                guard write(control(request)) else { return }
                continue
            }
            if request.method == "OPTIONS" {
                // A browser's CORS preflight for the Authorization header, answered as Discogs does.
                guard write(HTTPResponse(status: 204, headers: Self.cors)) else { return }
                continue
            }
            let reply = fake.respond(to: request, at: Date())
            if reply.delay > 0 { Thread.sleep(forTimeInterval: reply.delay) }
            if reply.dropConnection { return }
            var response = reply.response
            if request.headers["Accept-Encoding"]?.contains("gzip") == true, !response.body.isEmpty,
                let compressed = Gzip.compress(response.body)
            {
                response.body = compressed
                response.headers.set("Content-Encoding", "gzip")
            }
            for (name, value) in Self.cors { response.headers.set(name, value) }
            guard write(response) else { return }
        }
    }

    /// The CORS headers api.discogs.com sends on every answer (recorded in
    /// response_headers__2017_disconnect_issue35.txt): any origin may read the body, but no
    /// Access-Control-Expose-Headers, so a page's script cannot read X-Discogs-Ratelimit*.
    static let cors: HTTPHeaders = [
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Headers": "Content-Type, authorization",
        "Access-Control-Allow-Methods": "GET,PUT,POST,DELETE,PATCH",
    ]

    private func control(_ request: HTTPRequest) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body: Data?
        switch request.url.path {
        case "/_fake/stats": body = try? encoder.encode(fake.stats)
        case "/_fake/truth/collection": body = try? encoder.encode(fake.account.expectedCollection())
        case "/_fake/truth/wantlist": body = try? encoder.encode(fake.account.expectedWantlist())
        case "/_fake/truth/inventory": body = try? encoder.encode(fake.account.expectedInventory())
        default: body = nil
        }
        guard let body else { return HTTPResponse(status: 404, body: Data("unknown control endpoint\n".utf8)) }
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: body)
    }

    /// Reads one request (head and Content-Length body); nil when the client closed.
    private func readRequest(_ buffer: inout Data) -> HTTPRequest? {
        let separator = Data("\r\n\r\n".utf8)
        var headEnd: Range<Data.Index>?
        while true {
            headEnd = buffer.range(of: separator)
            if headEnd != nil { break }
            guard buffer.count < 64 * 1024, fill(&buffer) else { return nil }
        }
        let head = String(decoding: buffer[..<headEnd!.lowerBound], as: UTF8.self)
        buffer.removeSubrange(..<headEnd!.upperBound)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2, let url = URL(string: "http://127.0.0.1" + requestLine[1]) else { return nil }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(
                String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let length = headers["Content-Length"].flatMap(Int.init) ?? 0
        while buffer.count < length {
            guard fill(&buffer) else { return nil }
        }
        let body = buffer.prefix(length)
        buffer.removeSubrange(..<(buffer.startIndex + length))
        return HTTPRequest(method: String(requestLine[0]), url: url, headers: headers, body: Data(body))
    }

    private func fill(_ buffer: inout Data) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = read(fd, &chunk, chunk.count)
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private func write(_ response: HTTPResponse) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: keep-alive\r\n\r\n"
        return send(Data(head.utf8) + response.body)
    }

    private func send(_ data: Data) -> Bool {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    static func reason(_ status: Int) -> String {
        [
            200: "OK", 204: "No Content", 304: "Not Modified", 401: "Unauthorized", 403: "Forbidden",
            404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 422: "Unprocessable Entity",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
        ][status] ?? "Status"
    }
}
