/// One complete request, handed to the responder once its params and body have been read in full.
///
/// ```swift
/// let path = request[param: "DOCUMENT_URI"] ?? "/"
/// if request[param: "REQUEST_METHOD"] == "POST" { handle(request.body) }
/// ```
public struct FastCGIRequest: Sendable, Equatable {
    /// The web server's id for the request (nginx always uses 1). Needed only for logging.
    public var requestID: UInt16
    /// CGI params exactly as the web server sent them: nginx sends unset ones (`CONTENT_TYPE=`) as empty values,
    /// and they are kept so `""` and "absent" stay distinguishable. Bytes that are not UTF-8 arrive as U+FFFD.
    public var params: [String: String]
    /// The request body (the `FCGI_STDIN` stream), fully read.
    public var body: [UInt8]

    public init(requestID: UInt16 = 1, params: [String: String] = [:], body: [UInt8] = []) {
        self.requestID = requestID
        self.params = params
        self.body = body
    }

    /// A CGI param by name, such as `REQUEST_METHOD`, `DOCUMENT_URI`, `QUERY_STRING` or `HTTP_ACCEPT`.
    public subscript(param name: String) -> String? { params[name] }
}
