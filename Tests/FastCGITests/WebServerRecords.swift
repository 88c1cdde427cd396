@testable import FastCGI

/// Builds the bytes a web server sends, record by record, as nginx would.
enum WebServer {
    static let typicalParams: [(name: String, value: String)] = [
        ("REQUEST_METHOD", "GET"), ("DOCUMENT_URI", "/release/42"), ("REQUEST_URI", "/release/42?x=1"),
        ("QUERY_STRING", "x=1"), ("CONTENT_TYPE", ""), ("CONTENT_LENGTH", ""), ("SERVER_PROTOCOL", "HTTP/1.1"),
        ("HTTP_HOST", "127.0.0.1"),
    ]

    /// A complete request: BEGIN_REQUEST, PARAMS records (split every `chunk` bytes) and their empty end record,
    /// STDIN records and their empty end record.
    static func request(
        id: UInt16 = 1, params: [(name: String, value: String)] = typicalParams, body: [UInt8] = [],
        keepConnection: Bool = true, chunk: Int = 65_535
    ) -> [UInt8] {
        var bytes = Record.beginRequest(requestID: id, keepConnection: keepConnection).encoded
        bytes += stream(.params, id: id, NameValuePairs.encode(params), chunk: chunk)
        bytes += stream(.stdin, id: id, body, chunk: chunk)
        return bytes
    }

    /// A stream's records and the empty record that ends it.
    static func stream(_ type: RecordType, id: UInt16, _ content: [UInt8], chunk: Int = 65_535) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = content[...]
        while !rest.isEmpty {
            let part = rest.prefix(chunk)
            Record(type: type, requestID: id, content: Array(part)).encode(into: &bytes)
            rest = rest.dropFirst(part.count)
        }
        Record(type: type, requestID: id).encode(into: &bytes)
        return bytes
    }

    static func getValues(_ names: [String]) -> [UInt8] {
        Record(
            type: .getValues, requestID: 0, content: NameValuePairs.encode(names.map { (name: $0, value: "") })
        ).encoded
    }
}

/// What the application sent back, decoded with the library's own record decoder.
struct Reply {
    var records: [Record] = []
    /// Bytes left over that do not make a whole record: always empty for well-formed output.
    var trailingBytes = 0

    init(_ bytes: [UInt8]) throws {
        var decoder = RecordDecoder()
        var input = bytes[...]
        while let record = try decoder.nextRecord(from: &input) { records.append(record) }
        trailingBytes = decoder.bufferedByteCount
    }

    func stdout(id: UInt16 = 1) -> [UInt8] {
        records.filter { $0.type == .stdout && $0.requestID == id }.flatMap(\.content)
    }

    /// (requestID, appStatus, protocolStatus) of every END_REQUEST, in order.
    var endRequests: [(id: UInt16, appStatus: UInt32, status: UInt8)] {
        records.filter { $0.type == .endRequest }.map { record in
            let c = record.content
            let app = UInt32(c[0]) << 24 | UInt32(c[1]) << 16 | UInt32(c[2]) << 8 | UInt32(c[3])
            return (record.requestID, app, c[4])
        }
    }

    /// The response of request `id` as HTTP-ish parts.
    func response(id: UInt16 = 1) -> CGIResponse { CGIResponse(stdout(id: id)) }
}

/// A CGI response split into status line, headers and body.
struct CGIResponse {
    var status = ""
    var headers: [String: String] = [:]
    var body: [UInt8] = []

    init(_ bytes: [UInt8]) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else { return }
        let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
        for line in head.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].drop(while: { $0 == " " })
            if name == "Status" { status = String(value) } else { headers[name] = String(value) }
        }
        body = Array(bytes[end.upperBound...])
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}
