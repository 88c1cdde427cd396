/// Why a connection's byte stream cannot be followed any further. Each ends that connection only.
enum ProtocolViolation: Error, Equatable, Sendable, CustomStringConvertible {
    /// The header's version byte is not 1: the stream is not FastCGI, or it lost its framing.
    case unsupportedVersion(UInt8)
    /// A `FCGI_BEGIN_REQUEST` whose content is not the 8 bytes the format defines.
    case malformedBeginRequest(contentLength: Int)
    /// A second `FCGI_BEGIN_REQUEST` for the request already in progress.
    case duplicateBeginRequest(requestID: UInt16)
    /// A record a web server never sends, or one out of order for the active request.
    case unexpectedRecord(type: RecordType, requestID: UInt16)
    /// Name-value pairs whose lengths run past the end of their stream.
    case malformedNameValuePairs(requestID: UInt16)

    var description: String {
        switch self {
        case .unsupportedVersion(let version):
            "unsupported FastCGI version \(version) (is the peer speaking FastCGI?)"
        case .malformedBeginRequest(let length):
            "BEGIN_REQUEST with \(length) content bytes instead of 8"
        case .duplicateBeginRequest(let id):
            "a second BEGIN_REQUEST for active request \(id)"
        case .unexpectedRecord(let type, let id):
            "unexpected \(type) record for request \(id)"
        case .malformedNameValuePairs(let id):
            "name-value pairs overrun their stream (request \(id))"
        }
    }
}
