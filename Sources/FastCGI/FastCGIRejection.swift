/// A request refused before it reached the responder, because it exceeded `FastCGILimits`. The oversize part is
/// read and dropped rather than kept, so the connection stays usable and the client gets a real answer.
public enum FastCGIRejection: Sendable, Equatable {
    /// The body (`FCGI_STDIN`, or `CONTENT_LENGTH` announcing it) is larger than `maxBodyBytes`.
    case bodyTooLarge(limit: Int)
    /// The encoded params (request line and headers, as CGI params) are larger than `maxParamsBytes`.
    case paramsTooLarge(limit: Int)
}
