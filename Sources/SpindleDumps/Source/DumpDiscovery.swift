import Discogs
import Foundation

/// Finds what is published: fetches year listings through an `HTTPTransport` (libcurl in the
/// app, anything in tests) and turns them into `DumpSet`s.
///
/// ```swift
/// let discovery = DumpDiscovery(location: .discogs, transport: try CurlTransport(options: .init(userAgent: SpindleIdentity.userAgent)))
/// if let set = try await discovery.latestSet(now: Date()) { print(set.summary) }
/// ```
public struct DumpDiscovery: Sendable {
    public let location: DumpLocation
    private let transport: any HTTPTransport
    private let userAgent: String

    public init(location: DumpLocation, transport: any HTTPTransport, userAgent: String = SpindleIdentity.userAgent) {
        self.location = location
        self.transport = transport
        self.userAgent = userAgent
    }

    /// The files published in `year`'s folder. An empty listing is not an error.
    public func listing(year: Int) async throws(DumpListingError) -> DumpListing {
        var url = location.listingURL(year: year)
        // CurlTransport does not follow redirects; a mirror or a landing page may send one.
        for _ in 0..<5 {
            let response: HTTPResponse
            do {
                response = try await transport.send(
                    HTTPRequest(url: url, headers: ["User-Agent": userAgent, "Accept": "application/xml, text/html"]))
            } catch {
                throw .transport(error, url: url.absoluteString)
            }
            switch response.status {
            case 200..<300:
                return DumpListing(body: response.body)
            case 301, 302, 303, 307, 308:
                guard let location = response.headers["Location"], let next = URL(string: location, relativeTo: url)
                else { throw .http(status: response.status, url: url.absoluteString) }
                url = next.absoluteURL
            default:
                throw .http(status: response.status, url: url.absoluteString)
            }
        }
        throw .tooManyRedirects(url: location.listingURL(year: year).absoluteString)
    }

    /// The months with at least one file in `year`.
    public func months(year: Int) async throws(DumpListingError) -> [DumpMonth] {
        try await listing(year: year).months
    }

    /// The files of `month`, or nil when nothing of it is published.
    public func dumpSet(for month: DumpMonth) async throws(DumpListingError) -> DumpSet? {
        try await listing(year: month.year).dumpSet(for: month, at: location)
    }

    /// The newest complete month (see `DumpListing.latestSet`), looking at the year of `now` and,
    /// when that has none yet (January before the first dump), the year before.
    public func latestSet(now: Date, requiringChecksum: Bool = true) async throws(DumpListingError) -> DumpSet? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let year = calendar.component(.year, from: now)
        for candidate in [year, year - 1] {
            let listing = try await listing(year: candidate)
            if let set = listing.latestSet(at: location, requiringChecksum: requiringChecksum) { return set }
        }
        return nil
    }
}
