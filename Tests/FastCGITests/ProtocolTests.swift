import Testing

@testable import FastCGI

@Suite("The responder protocol, in-process")
struct ProtocolTests {
    @Test("a request's params and body reach the responder and its answer comes back")
    func echo() throws {
        var connection = InProcessConnection()
        let reply = try connection.send(
            WebServer.request(params: [("REQUEST_METHOD", "POST"), ("CONTENT_TYPE", "")], body: Array("hello".utf8)),
            chunkSize: 5)
        #expect(reply.response().status == "200 OK")
        #expect(reply.response().text == "CONTENT_TYPE=\nREQUEST_METHOD=POST\n\nhello")
        #expect(reply.endRequests.map(\.status) == [ProtocolStatus.requestComplete.rawValue])
        #expect(connection.end == nil)
    }

    @Test("with KEEP_CONN the connection serves request after request; without it, it ends after one")
    func keepConnection() throws {
        var connection = InProcessConnection()
        for id: UInt16 in [1, 1, 2] {
            let reply = try connection.send(WebServer.request(id: id))
            #expect(reply.endRequests.map(\.id) == [id])
        }
        #expect(connection.end == nil)
        _ = try connection.send(WebServer.request(keepConnection: false))
        #expect(connection.end == .requestDone)
    }

    @Test("pipelined requests in one chunk are all answered, in order")
    func pipelined() throws {
        var connection = InProcessConnection()
        let reply = try connection.send(WebServer.request(id: 1) + WebServer.request(id: 2))
        #expect(reply.endRequests.map(\.id) == [1, 2])
    }

    @Test("params spread over several records, with a 70,000-byte value, arrive whole")
    func paramsOverSeveralRecords() throws {
        var limits = FastCGILimits()
        limits.maxParamsBytes = 100_000
        var connection = InProcessConnection(limits: limits)
        let big = String(repeating: "c", count: 70_000)
        let reply = try connection.send(WebServer.request(params: [("HTTP_COOKIE", big)], chunk: 1000))
        #expect(reply.response().text == "HTTP_COOKIE=\(big)\n\n")
    }

    @Test("GET_VALUES is answered with the values asked for; unknown names are left out")
    func getValues() throws {
        var limits = FastCGILimits()
        limits.maxConnections = 12
        var connection = InProcessConnection(limits: limits)
        let reply = try connection.send(
            WebServer.getValues(["FCGI_MAX_CONNS", "FCGI_MAX_REQS", "FCGI_MPXS_CONNS", "FCGI_NOPE"]))
        #expect(reply.records.count == 1)
        #expect(reply.records.first?.type == .getValuesResult)
        #expect(reply.records.first?.requestID == 0)
        let values = try NameValuePairs.decodeStrings(reply.records.first?.content ?? [])
        #expect(values == ["FCGI_MAX_CONNS": "12", "FCGI_MAX_REQS": "12", "FCGI_MPXS_CONNS": "0"])
        #expect(connection.end == nil)
    }

    @Test("an unknown management record is answered with UNKNOWN_TYPE naming its type")
    func unknownType() throws {
        var connection = InProcessConnection()
        let reply = try connection.send(Record(type: RecordType(rawValue: 99), requestID: 0, content: [1, 2]).encoded)
        #expect(reply.records == [Record.unknownType(RecordType(rawValue: 99))])
        #expect(try connection.send(WebServer.request()).endRequests.count == 1)
    }

    @Test("a role other than responder is refused with UNKNOWN_ROLE; the rest of that request is ignored")
    func unknownRole() throws {
        var connection = InProcessConnection()
        var bytes = Record.beginRequest(requestID: 4, role: Role.authorizer, keepConnection: true).encoded
        bytes += WebServer.stream(.params, id: 4, NameValuePairs.encode(WebServer.typicalParams))
        bytes += WebServer.stream(.stdin, id: 4, [])
        let reply = try connection.send(bytes)
        #expect(reply.records == [Record.endRequest(requestID: 4, protocolStatus: .unknownRole)])
        #expect(try connection.send(WebServer.request(id: 5)).endRequests.map(\.id) == [5])

        var closing = InProcessConnection()
        _ = try closing.send(Record.beginRequest(requestID: 1, role: Role.filter, keepConnection: false).encoded)
        #expect(closing.end == .requestDone)
    }

    @Test("a second request while one is active gets CANT_MPX_CONN, and the first one goes on")
    func cantMultiplex() throws {
        var connection = InProcessConnection()
        var bytes = Record.beginRequest(requestID: 1, keepConnection: true).encoded
        bytes += Record.beginRequest(requestID: 2, keepConnection: true).encoded
        bytes += WebServer.stream(.params, id: 2, NameValuePairs.encode([("IGNORED", "yes")]))
        bytes += WebServer.stream(.params, id: 1, NameValuePairs.encode([("REQUEST_METHOD", "GET")]))
        bytes += WebServer.stream(.stdin, id: 1, [])
        let reply = try connection.send(bytes)
        #expect(reply.endRequests.map(\.id) == [2, 1])
        #expect(reply.endRequests.map(\.status) == [ProtocolStatus.cantMultiplexConnection.rawValue, 0])
        #expect(reply.response(id: 1).text == "REQUEST_METHOD=GET\n\n")
    }

    @Test("ABORT_REQUEST drops the active request and answers END_REQUEST without calling the responder")
    func abort() throws {
        var connection = InProcessConnection()
        var bytes = Record.beginRequest(requestID: 3, keepConnection: true).encoded
        bytes += WebServer.stream(.params, id: 3, NameValuePairs.encode(WebServer.typicalParams))
        bytes += Record(type: .stdin, requestID: 3, content: [1, 2, 3]).encoded
        bytes += Record(type: .abortRequest, requestID: 3).encoded
        let reply = try connection.send(bytes)
        #expect(reply.records == [Record.endRequest(requestID: 3, protocolStatus: .requestComplete)])
        // The aborted request's late records are ignored; the connection goes on.
        _ = try connection.send(WebServer.stream(.stdin, id: 3, []))
        #expect(try connection.send(WebServer.request(id: 1)).endRequests.map(\.id) == [1])
    }

    @Test("a body over maxBodyBytes is read and dropped, answered with 413, and the connection stays usable")
    func bodyTooLarge() throws {
        var limits = FastCGILimits()
        limits.maxBodyBytes = 1000
        var connection = InProcessConnection(limits: limits)
        let reply = try connection.send(
            WebServer.request(
                params: [("REQUEST_METHOD", "POST")], body: [UInt8](repeating: 7, count: 5000), chunk: 512))
        #expect(reply.response().status == "413 Content Too Large")
        #expect(reply.response().text.contains("1000 bytes"))
        #expect(connection.end == nil)
        #expect(connection.session.machine.bodyBufferedBytes == 0)
        #expect(try connection.send(WebServer.request()).response().status == "200 OK")
    }

    @Test("a CONTENT_LENGTH over maxBodyBytes is refused without keeping any of the body")
    func announcedBodyTooLarge() throws {
        var limits = FastCGILimits()
        limits.maxBodyBytes = 10
        var connection = InProcessConnection(limits: limits)
        let reply = try connection.send(
            WebServer.request(params: [("CONTENT_LENGTH", "11")], body: Array("0123456789A".utf8)))
        #expect(reply.response().status == "413 Content Too Large")
    }

    @Test("params over maxParamsBytes are answered with 431, and the connection stays usable")
    func paramsTooLarge() throws {
        var limits = FastCGILimits()
        limits.maxParamsBytes = 200
        var connection = InProcessConnection(limits: limits)
        let reply = try connection.send(
            WebServer.request(params: [("HTTP_COOKIE", String(repeating: "z", count: 1000))], body: [1, 2], chunk: 64))
        #expect(reply.response().status == "431 Request Header Fields Too Large")
        #expect(connection.end == nil)
        #expect(try connection.send(WebServer.request()).response().status == "200 OK")
    }

    @Test("a responder's own rejection response is used")
    func customRejection() throws {
        struct Custom: FastCGIResponder {
            func respond(to request: FastCGIRequest) -> FastCGIResponse { FastCGIResponse(status: 200) }
            func rejected(_ rejection: FastCGIRejection) -> FastCGIResponse {
                FastCGIResponse(status: 413, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
            }
        }
        var limits = FastCGILimits()
        limits.maxBodyBytes = 1
        var connection = InProcessConnection(limits: limits, responder: Custom())
        let response = try connection.send(WebServer.request(body: [1, 2, 3])).response()
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.text == "{}")
    }

    @Test("records for a request that was never begun, such as STDIN first, are ignored")
    func recordsBeforeBegin() throws {
        var connection = InProcessConnection()
        let reply = try connection.send(WebServer.stream(.stdin, id: 1, [1, 2, 3]) + WebServer.request())
        #expect(reply.endRequests.map(\.id) == [1])
        #expect(reply.response().body.suffix(3) != [1, 2, 3])
    }

    @Test("a content length that runs past the data leaves the connection waiting mid-request, holding one record")
    func lyingContentLength() throws {
        var connection = InProcessConnection()
        var bytes = Record.beginRequest(requestID: 1, keepConnection: true).encoded
        bytes += [1, RecordType.params.rawValue, 0, 1, 0xFF, 0xFF, 0, 0] + [UInt8](repeating: 3, count: 100)
        let reply = try connection.send(bytes)
        #expect(reply.records.isEmpty)
        #expect(connection.end == nil)
        // The socket loop closes such a connection after `readTimeout` (see the server tests).
        #expect(!connection.session.isBetweenRequests)
        #expect(connection.session.machine.decoderBufferedBytes == 100)
    }

    @Test("protocol violations end the connection without an answer", arguments: ViolationCase.all)
    func violations(_ violation: ViolationCase) throws {
        var connection = InProcessConnection()
        let reply = try connection.send(violation.bytes)
        #expect(reply.records.isEmpty)
        #expect(connection.end == .violation(violation.expected))
    }

    struct ViolationCase: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var expected: ProtocolViolation
        var testDescription: String { name }

        static let begin = Record.beginRequest(requestID: 1, keepConnection: true).encoded
        static let all: [ViolationCase] = [
            ViolationCase(
                name: "HTTP instead of FastCGI", bytes: Array("GET / HTTP/1.1\r\n\r\n".utf8),
                expected: .unsupportedVersion(71)),
            ViolationCase(
                name: "BEGIN_REQUEST of 5 bytes",
                bytes: Record(type: .beginRequest, requestID: 1, content: [0, 1, 1, 0, 0]).encoded,
                expected: .malformedBeginRequest(contentLength: 5)),
            ViolationCase(
                name: "BEGIN_REQUEST twice", bytes: begin + begin, expected: .duplicateBeginRequest(requestID: 1)),
            ViolationCase(
                name: "STDIN before the params end",
                bytes: begin + Record(type: .stdin, requestID: 1, content: [1]).encoded,
                expected: .unexpectedRecord(type: .stdin, requestID: 1)),
            ViolationCase(
                name: "PARAMS after the params ended",
                bytes: begin + WebServer.stream(.params, id: 1, [])
                    + Record(type: .params, requestID: 1, content: [0, 0]).encoded,
                expected: .unexpectedRecord(type: .params, requestID: 1)),
            ViolationCase(
                name: "STDOUT from the web server",
                bytes: begin + Record(type: .stdout, requestID: 1, content: [1]).encoded,
                expected: .unexpectedRecord(type: .stdout, requestID: 1)),
            ViolationCase(
                name: "a name length overrunning the params",
                bytes: begin + WebServer.stream(.params, id: 1, [0x80, 0, 1, 0, 1, 65]),
                expected: .malformedNameValuePairs(requestID: 1)),
            ViolationCase(
                name: "GET_VALUES with broken pairs",
                bytes: Record(type: .getValues, requestID: 0, content: [9, 0, 65]).encoded,
                expected: .malformedNameValuePairs(requestID: 0)),
        ]
    }
}
