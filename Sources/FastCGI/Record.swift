/// One FastCGI record: the unit both sides exchange. Padding is a wire detail, so it is not kept here.
struct Record: Equatable, Sendable {
    var type: RecordType
    /// 0 for management records, the request's id otherwise.
    var requestID: UInt16
    /// At most 65,535 bytes.
    var content: [UInt8]

    init(type: RecordType, requestID: UInt16, content: [UInt8] = []) {
        precondition(content.count <= RecordLimits.maxContentLength, "a record holds at most 65,535 bytes")
        self.type = type
        self.requestID = requestID
        self.content = content
    }

    /// Appends the record with its content padded to a multiple of 8, as the specification recommends, so the
    /// next header stays aligned for the web server.
    func encode(into output: inout [UInt8]) {
        Self.encode(type: type, requestID: requestID, content: content[...], into: &output)
    }

    var encoded: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(RecordLimits.headerLength + content.count + 7)
        encode(into: &output)
        return output
    }

    /// Encodes a record straight from a slice, so a large response body is not copied into records first.
    static func encode(type: RecordType, requestID: UInt16, content: ArraySlice<UInt8>, into output: inout [UInt8]) {
        let padding = (8 - content.count % 8) % 8
        RecordHeader(
            type: type, requestID: requestID, contentLength: UInt16(content.count), paddingLength: UInt8(padding)
        ).encode(into: &output)
        output.append(contentsOf: content)
        output.append(contentsOf: repeatElement(0, count: padding))
    }
}

extension Record {
    /// `FCGI_END_REQUEST`: the application's exit status and why the request ended.
    static func endRequest(requestID: UInt16, appStatus: UInt32 = 0, protocolStatus: ProtocolStatus) -> Record {
        let content: [UInt8] = [
            UInt8(appStatus >> 24), UInt8((appStatus >> 16) & 0xFF), UInt8((appStatus >> 8) & 0xFF),
            UInt8(appStatus & 0xFF), protocolStatus.rawValue, 0, 0, 0,
        ]
        return Record(type: .endRequest, requestID: requestID, content: content)
    }

    /// `FCGI_UNKNOWN_TYPE`: the answer to a management record this application does not know.
    static func unknownType(_ type: RecordType) -> Record {
        Record(type: .unknownType, requestID: 0, content: [type.rawValue, 0, 0, 0, 0, 0, 0, 0])
    }

    /// `FCGI_BEGIN_REQUEST`, as a web server sends it (used by tests and tools).
    static func beginRequest(requestID: UInt16, role: UInt16 = Role.responder, keepConnection: Bool) -> Record {
        let flags = keepConnection ? BeginRequestFlags.keepConnection : 0
        return Record(
            type: .beginRequest, requestID: requestID,
            content: [UInt8(role >> 8), UInt8(role & 0xFF), flags, 0, 0, 0, 0, 0])
    }
}
