/// The application behind the server: turns a request into a response.
///
/// ```swift
/// struct Hello: FastCGIResponder {
///     func respond(to request: FastCGIRequest) -> FastCGIResponse {
///         FastCGIResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("hi\n".utf8))
///     }
/// }
/// ```
public protocol FastCGIResponder: Sendable {
    /// Called on the connection's own thread, one request at a time per connection, so it may block (a database
    /// query, a file read); other connections are served meanwhile on their threads.
    func respond(to request: FastCGIRequest) -> FastCGIResponse

    /// The answer to a request refused for its size. The default is a plain-text 413 or 431.
    func rejected(_ rejection: FastCGIRejection) -> FastCGIResponse
}

extension FastCGIResponder {
    public func rejected(_ rejection: FastCGIRejection) -> FastCGIResponse {
        let (status, message) =
            switch rejection {
            case .bodyTooLarge(let limit): (413, "Request body too large (the limit is \(limit) bytes).\n")
            case .paramsTooLarge(let limit): (431, "Request headers too large (the limit is \(limit) bytes).\n")
            }
        return FastCGIResponse(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(message.utf8))
    }
}
