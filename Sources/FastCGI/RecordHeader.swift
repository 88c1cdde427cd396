/// The 8 bytes in front of every record: version, type, request id, content length, padding length, reserved.
struct RecordHeader: Equatable, Sendable {
    var version: UInt8 = RecordLimits.version
    var type: RecordType
    var requestID: UInt16
    var contentLength: UInt16
    var paddingLength: UInt8

    init(
        version: UInt8 = RecordLimits.version, type: RecordType, requestID: UInt16, contentLength: UInt16,
        paddingLength: UInt8
    ) {
        self.version = version
        self.type = type
        self.requestID = requestID
        self.contentLength = contentLength
        self.paddingLength = paddingLength
    }

    /// Reads a header from exactly 8 bytes. Any byte values are accepted here; the version is checked by the
    /// decoder so that it can report what it saw.
    init<Bytes: Collection<UInt8>>(bytes: Bytes) {
        precondition(bytes.count == RecordLimits.headerLength, "a record header is 8 bytes")
        var index = bytes.startIndex
        func next() -> UInt8 {
            defer { index = bytes.index(after: index) }
            return bytes[index]
        }
        version = next()
        type = RecordType(rawValue: next())
        requestID = UInt16(next()) << 8 | UInt16(next())
        contentLength = UInt16(next()) << 8 | UInt16(next())
        paddingLength = next()
    }

    func encode(into output: inout [UInt8]) {
        output.append(version)
        output.append(type.rawValue)
        output.append(UInt8(requestID >> 8))
        output.append(UInt8(requestID & 0xFF))
        output.append(UInt8(contentLength >> 8))
        output.append(UInt8(contentLength & 0xFF))
        output.append(paddingLength)
        output.append(0)
    }
}
