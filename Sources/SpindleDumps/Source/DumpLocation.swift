import Foundation

/// Where the dumps are published. Configuration holds a single `base_url`; every other address
/// follows the bucket's layout: files under `{base}data/{YYYY}/`, a year's listing at
/// `{base}?prefix=data/{YYYY}/`.
///
/// ```swift
/// let location = DumpLocation.discogs
/// location.listingURL(year: 2021)  // …amazonaws.com/?prefix=data/2021/
/// location.url(of: DumpFileName("discogs_20210601_labels.xml.gz")!)
/// // …amazonaws.com/data/2021/discogs_20210601_labels.xml.gz
/// ```
public struct DumpLocation: Sendable, Hashable, CustomStringConvertible {
    /// The public bucket Discogs publishes to.
    public static let defaultBaseURL = URL(string: "https://discogs-data-dumps.s3.us-west-2.amazonaws.com/")!
    public static let discogs = DumpLocation(baseURL: defaultBaseURL)

    /// Always ends in `/`, so that relative paths append instead of replacing the last segment.
    public let baseURL: URL

    public init(baseURL: URL) {
        let text = baseURL.absoluteString
        self.baseURL = text.hasSuffix("/") ? baseURL : URL(string: text + "/") ?? baseURL
    }

    /// Nil unless `text` is an absolute http(s) URL.
    public init?(baseURL text: String) {
        guard let url = URL(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
        else { return nil }
        self.init(baseURL: url)
    }

    /// The S3 listing of one year's folder (answered with `ListBucketResult` XML, or a page).
    public func listingURL(year: Int) -> URL {
        URL(string: baseURL.absoluteString + "?prefix=data/\(year)/")!
    }

    /// The download address of a published file.
    public func url(of file: DumpFileName) -> URL {
        URL(string: baseURL.absoluteString + "data/\(file.year)/\(file.fileName)")!
    }

    public var description: String { baseURL.absoluteString }
}
