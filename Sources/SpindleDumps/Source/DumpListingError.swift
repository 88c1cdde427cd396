import Discogs

/// Why a year's listing could not be read. A refused or missing listing is an error, never
/// "no dump published yet": the bucket answers an empty `ListBucketResult` for a year without
/// files, so a 403 or 404 means the address or the access is wrong.
public enum DumpListingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The listing answered with an HTTP error status.
    case http(status: Int, url: String)
    /// No answer at all (DNS, refused, timeout).
    case transport(TransportError, url: String)
    /// Redirects went round or on for too long.
    case tooManyRedirects(url: String)

    public var description: String {
        switch self {
        case .http(let status, let url) where status == 403:
            "the dump listing at \(url) answered 403 Forbidden: anonymous listing is refused there; "
                + "set [dumps] base_url to a mirror that allows listing, or name the month to fetch"
        case .http(let status, let url) where status == 404:
            "the dump listing at \(url) answered 404 Not Found: check [dumps] base_url"
        case .http(let status, let url):
            "the dump listing at \(url) answered HTTP \(status)"
        case .transport(let error, let url):
            "the dump listing at \(url) could not be fetched: \(error)"
        case .tooManyRedirects(let url):
            "the dump listing at \(url) redirected too many times"
        }
    }

    /// Worth asking again later: no answer, a server error or a rate limit.
    public var isTransient: Bool {
        switch self {
        case .http(let status, _): status >= 500 || status == 429 || status == 408
        case .transport(.timedOut, _), .transport(.connectionFailed, _): true
        case .transport: false
        case .tooManyRedirects: false
        }
    }
}
