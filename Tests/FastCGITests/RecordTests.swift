import Testing

@testable import FastCGI

@Suite("Records and name-value pairs")
struct RecordTests {
    @Test("a header encodes to the 8 bytes of the specification and decodes back")
    func headerRoundTrip() {
        let header = RecordHeader(type: .stdin, requestID: 0x1234, contentLength: 0xABCD, paddingLength: 3)
        var bytes: [UInt8] = []
        header.encode(into: &bytes)
        #expect(bytes == [1, 5, 0x12, 0x34, 0xAB, 0xCD, 3, 0])
        #expect(RecordHeader(bytes: bytes) == header)
    }

    @Test(
        "a record is padded to a multiple of 8 and decodes back, whatever the chunking",
        arguments: [0, 1, 7, 8, 9, 300])
    func recordRoundTrip(length: Int) throws {
        let record = Record(type: .params, requestID: 7, content: (0..<length).map { UInt8($0 % 251) })
        let bytes = record.encoded
        #expect(bytes.count % 8 == 0)
        #expect(bytes.count == 8 + length + (8 - length % 8) % 8)
        for chunkSize in [1, 3, 8, 64, bytes.count] {
            var decoder = RecordDecoder()
            var decoded: [Record] = []
            var offset = 0
            while offset < bytes.count {
                var chunk = bytes[offset..<min(offset + chunkSize, bytes.count)]
                offset += chunk.count
                while let next = try decoder.nextRecord(from: &chunk) { decoded.append(next) }
                #expect(chunk.isEmpty)
            }
            #expect(decoded == [record])
            #expect(decoder.isAtRecordBoundary)
        }
    }

    @Test("several records in one chunk come out one at a time")
    func severalRecordsInOneChunk() throws {
        let records = [
            Record.beginRequest(requestID: 1, keepConnection: true),
            Record(type: .params, requestID: 1, content: [1, 2, 3]),
            Record(type: .params, requestID: 1),
        ]
        var input = records.flatMap(\.encoded)[...]
        var decoder = RecordDecoder()
        var decoded: [Record] = []
        while let next = try decoder.nextRecord(from: &input) { decoded.append(next) }
        #expect(decoded == records)
    }

    @Test("a header with a version other than 1 is an error, and stays one")
    func badVersion() {
        var decoder = RecordDecoder()
        var input: ArraySlice<UInt8> = [2, 1, 0, 1, 0, 0, 0, 0]
        #expect(throws: ProtocolViolation.unsupportedVersion(2)) { try decoder.nextRecord(from: &input) }
        var more: ArraySlice<UInt8> = Record(type: .stdin, requestID: 1).encoded[...]
        #expect(throws: ProtocolViolation.unsupportedVersion(2)) { try decoder.nextRecord(from: &more) }
    }

    @Test("END_REQUEST and UNKNOWN_TYPE bodies follow the specification")
    func endRequestAndUnknownType() {
        #expect(
            Record.endRequest(requestID: 3, appStatus: 0x0102_0304, protocolStatus: .unknownRole).content
                == [1, 2, 3, 4, 3, 0, 0, 0])
        #expect(Record.unknownType(RecordType(rawValue: 42)).content == [42, 0, 0, 0, 0, 0, 0, 0])
        #expect(Record.unknownType(RecordType(rawValue: 42)).requestID == 0)
    }

    @Test("name-value pairs use 1-byte lengths below 128 and 4-byte lengths from 128 on")
    func nameValueLengths() throws {
        let short = NameValuePairs.encode([(name: "A", value: String(repeating: "x", count: 127))])
        #expect(Array(short.prefix(2)) == [1, 127])
        let value300 = String(repeating: "v", count: 300)
        let long = NameValuePairs.encode([(name: "QUERY_STRING", value: value300)])
        #expect(Array(long.prefix(5)) == [12, 0x80, 0, 0x01, 0x2C])
        #expect(try NameValuePairs.decodeStrings(long) == ["QUERY_STRING": value300])

        let value70k = String(repeating: "w", count: 70_000)
        let huge = NameValuePairs.encode([(name: "HTTP_COOKIE", value: value70k), (name: "EMPTY", value: "")])
        #expect(Array(huge.prefix(5)) == [11, 0x80, 0x01, 0x11, 0x70])
        #expect(try NameValuePairs.decodeStrings(huge) == ["HTTP_COOKIE": value70k, "EMPTY": ""])
    }

    @Test("name-value pairs whose lengths overrun the stream are an error, not a crash")
    func nameValueOverrun() {
        for bytes: [UInt8] in [
            [5], [5, 5, 65], [0x80, 0, 0], [0x80, 0, 0, 1, 0], [0xFF, 0xFF, 0xFF, 0xFF, 1, 65, 66],
        ] {
            #expect(throws: NameValuePairsError.truncated) { try NameValuePairs.decode(bytes) }
        }
    }

    @Test("bytes that are not UTF-8 decode to U+FFFD instead of failing")
    func nonUTF8Params() throws {
        var bytes: [UInt8] = []
        NameValuePairs.encode(name: Array("QUERY_STRING".utf8), value: [0x71, 0x3D, 0xE9, 0xFF], into: &bytes)
        #expect(try NameValuePairs.decodeStrings(bytes) == ["QUERY_STRING": "q=\u{FFFD}\u{FFFD}"])
    }
}

@Suite("Writing responses")
struct ResponseEncoderTests {
    @Test("a response is a Status header, the headers, a blank line and the body, then END_REQUEST")
    func smallResponse() throws {
        let response = FastCGIResponse(
            status: 404, headers: [("Content-Type", "text/plain"), ("X-Evil", "a\r\nStatus: 200")],
            body: Array("gone".utf8))
        let reply = try Reply(ResponseEncoder.encode(response, requestID: 9))
        #expect(reply.trailingBytes == 0)
        #expect(reply.records.map(\.type) == [.stdout, .stdout, .endRequest])
        #expect(reply.records[1].content.isEmpty)
        #expect(
            String(decoding: reply.stdout(id: 9), as: UTF8.self)
                == "Status: 404 Not Found\r\nContent-Type: text/plain\r\nX-Evil: a Status: 200\r\n\r\ngone")
        #expect(reply.endRequests.map(\.id) == [9])
        #expect(reply.endRequests.map(\.status) == [ProtocolStatus.requestComplete.rawValue])
    }

    @Test("a status outside 100...599 is sent as 500; an unlisted one gets its class's phrase")
    func oddStatuses() {
        #expect(
            ResponseEncoder.headerBlock(for: FastCGIResponse(status: 42)) == "Status: 500 Internal Server Error\r\n\r\n"
        )
        #expect(ResponseEncoder.headerBlock(for: FastCGIResponse(status: 299)) == "Status: 299 Success\r\n\r\n")
        #expect(
            ResponseEncoder.headerBlock(for: FastCGIResponse(status: 200, headers: [("status", "500")]))
                == "Status: 200 OK\r\n\r\n")
    }

    @Test("a body above 65,535 bytes is split into STDOUT records of at most 65,535 bytes, each padded to 8")
    func largeBodyIsSplit() throws {
        let body = (0..<200_000).map { UInt8($0 % 253) }
        let bytes = ResponseEncoder.encode(FastCGIResponse(status: 200, body: body), requestID: 1)
        let reply = try Reply(bytes)
        let stdout = reply.records.filter { $0.type == .stdout }
        #expect(stdout.allSatisfy { $0.content.count <= 65_535 })
        #expect(stdout.count >= 5)  // head, four body records, end of stream
        #expect(stdout.last?.content.isEmpty == true)
        #expect(reply.response().body == body)
        #expect(reply.response().status == "200 OK")

        // Walk the raw bytes: every header's padding brings content to a multiple of 8.
        var offset = 0
        while offset < bytes.count {
            let header = RecordHeader(bytes: bytes[offset..<offset + 8])
            #expect((Int(header.contentLength) + Int(header.paddingLength)) % 8 == 0)
            #expect(header.paddingLength < 8)
            offset += 8 + Int(header.contentLength) + Int(header.paddingLength)
        }
        #expect(offset == bytes.count)
    }
}
