/// Turns a byte stream, in chunks of any size, into records.
///
/// It takes only the bytes of the record it is assembling, so it never holds more than one record
/// (`RecordLimits.maxRecordLength`) however the stream is cut; the caller keeps the rest of its chunk and asks again.
/// A length is never trusted beyond that: a content length that lies simply leaves the decoder waiting for bytes,
/// and the connection's read timeout ends the wait.
struct RecordDecoder: Sendable {
    private var header: [UInt8] = []
    private var pending: RecordHeader?
    private var content: [UInt8] = []
    private var paddingLeft = 0
    private(set) var failure: ProtocolViolation?

    init() {
        header.reserveCapacity(RecordLimits.headerLength)
    }

    /// Bytes held for the record being assembled (padding is dropped as it arrives, never held).
    var bufferedByteCount: Int { header.count + content.count }

    /// True between records: nothing of a next record has arrived yet.
    var isAtRecordBoundary: Bool { header.isEmpty && pending == nil }

    /// Consumes bytes from the front of `input` until one record is complete and returns it, or returns nil once
    /// `input` is used up. After an error every later call throws the same error.
    mutating func nextRecord(from input: inout ArraySlice<UInt8>) throws(ProtocolViolation) -> Record? {
        if let failure { throw failure }
        while true {
            if pending == nil {
                let wanted = RecordLimits.headerLength - header.count
                let taken = input.prefix(wanted)
                header.append(contentsOf: taken)
                input = input.dropFirst(taken.count)
                guard header.count == RecordLimits.headerLength else { return nil }
                let parsed = RecordHeader(bytes: header)
                header.removeAll(keepingCapacity: true)
                guard parsed.version == RecordLimits.version else {
                    failure = .unsupportedVersion(parsed.version)
                    throw .unsupportedVersion(parsed.version)
                }
                pending = parsed
                content = []
                content.reserveCapacity(Int(parsed.contentLength))
                paddingLeft = Int(parsed.paddingLength)
            }
            guard let current = pending else { return nil }
            let contentWanted = Int(current.contentLength) - content.count
            if contentWanted > 0 {
                let taken = input.prefix(contentWanted)
                content.append(contentsOf: taken)
                input = input.dropFirst(taken.count)
                if content.count < Int(current.contentLength) { return nil }
            }
            if paddingLeft > 0 {
                let skipped = min(paddingLeft, input.count)
                input = input.dropFirst(skipped)
                paddingLeft -= skipped
                if paddingLeft > 0 { return nil }
            }
            pending = nil
            let record = Record(type: current.type, requestID: current.requestID, content: content)
            content = []
            return record
        }
    }
}
