/// What a responder answers: written to the web server as CGI headers (`Status: 200 OK`, then the headers, then a
/// blank line) followed by the body.
///
/// ```swift
/// FastCGIResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(json.utf8))
/// ```
public struct FastCGIResponse: Sendable {
    /// The HTTP status, written as the CGI `Status` header with its reason phrase. Outside 100...599 it is sent
    /// as 500, since nginx would otherwise turn the unparsable header into a 502 with no hint why.
    public var status: Int
    /// Response headers in order. CR and LF inside names or values are replaced by spaces so a value cannot end
    /// the header block early; a `Status` header here is dropped because `status` is the one that counts.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
