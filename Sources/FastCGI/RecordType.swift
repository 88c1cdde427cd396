// The numbers FastCGI 1.0 puts on the wire (specification §8).

/// A record's type byte. A struct rather than an enum because a peer may send any byte, and an unknown
/// management type must be answered with `FCGI_UNKNOWN_TYPE` naming it.
struct RecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    var rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let beginRequest = RecordType(rawValue: 1)
    static let abortRequest = RecordType(rawValue: 2)
    static let endRequest = RecordType(rawValue: 3)
    static let params = RecordType(rawValue: 4)
    static let stdin = RecordType(rawValue: 5)
    static let stdout = RecordType(rawValue: 6)
    static let stderr = RecordType(rawValue: 7)
    static let data = RecordType(rawValue: 8)
    static let getValues = RecordType(rawValue: 9)
    static let getValuesResult = RecordType(rawValue: 10)
    static let unknownType = RecordType(rawValue: 11)

    var description: String {
        switch self {
        case .beginRequest: "BEGIN_REQUEST"
        case .abortRequest: "ABORT_REQUEST"
        case .endRequest: "END_REQUEST"
        case .params: "PARAMS"
        case .stdin: "STDIN"
        case .stdout: "STDOUT"
        case .stderr: "STDERR"
        case .data: "DATA"
        case .getValues: "GET_VALUES"
        case .getValuesResult: "GET_VALUES_RESULT"
        case .unknownType: "UNKNOWN_TYPE"
        default: "type \(rawValue)"
        }
    }
}

/// The role a web server asks for in `FCGI_BEGIN_REQUEST`. Only the responder role is served.
enum Role {
    static let responder: UInt16 = 1
    static let authorizer: UInt16 = 2
    static let filter: UInt16 = 3
}

/// `FCGI_BEGIN_REQUEST` flags.
enum BeginRequestFlags {
    /// The web server keeps the connection open after `FCGI_END_REQUEST` (nginx: `fastcgi_keep_conn on`).
    static let keepConnection: UInt8 = 1
}

/// The `protocolStatus` byte of `FCGI_END_REQUEST`.
enum ProtocolStatus: UInt8, Sendable {
    case requestComplete = 0
    case cantMultiplexConnection = 1
    case overloaded = 2
    case unknownRole = 3
}

/// Sizes fixed by the record format.
enum RecordLimits {
    static let headerLength = 8
    static let maxContentLength = 65_535
    static let maxPaddingLength = 255
    /// The most bytes one record can occupy on the wire: what a decoder may have to hold at once.
    static let maxRecordLength = headerLength + maxContentLength + maxPaddingLength
    /// The only protocol version there is.
    static let version: UInt8 = 1
}
