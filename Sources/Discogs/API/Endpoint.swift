import Foundation

/// The Discogs endpoints a sync calls. Page URLs are always built here rather than taken from
/// `pagination.urls`, which old responses give with `http://` and inconsistent parameters.
public enum Endpoint: Sendable, Equatable, Hashable {
    case identity
    case folders(username: String)
    case customFields(username: String)
    /// Sorted by date added, oldest first, so that additions made during a sync land on the
    /// last page instead of shifting every page after them.
    case folderReleases(username: String, folderID: Int, page: Int, perPage: Int)
    /// Every instance of one release in the collection, whatever its folder.
    case releaseInstances(username: String, releaseID: Int)
    case wants(username: String, page: Int, perPage: Int)
    case release(id: Int)
    case master(id: Int)
    /// POST: starts an export of the whole inventory as CSV.
    case inventoryExportStart
    /// The account's recent exports, newest first (where a browser finds the id it started).
    case inventoryExports
    case inventoryExport(id: Int)
    case inventoryExportDownload(id: Int)
    /// The seller's listings, a page at a time (the fallback when the export fails), oldest first.
    case inventory(username: String, page: Int, perPage: Int)

    public var path: String {
        switch self {
        case .identity: "/oauth/identity"
        case .folders(let user): "/users/\(Endpoint.escape(user))/collection/folders"
        case .customFields(let user): "/users/\(Endpoint.escape(user))/collection/fields"
        case .folderReleases(let user, let folder, _, _):
            "/users/\(Endpoint.escape(user))/collection/folders/\(folder)/releases"
        case .releaseInstances(let user, let release):
            "/users/\(Endpoint.escape(user))/collection/releases/\(release)"
        case .wants(let user, _, _): "/users/\(Endpoint.escape(user))/wants"
        case .release(let id): "/releases/\(id)"
        case .master(let id): "/masters/\(id)"
        case .inventoryExportStart, .inventoryExports: "/inventory/export"
        case .inventoryExport(let id): "/inventory/export/\(id)"
        case .inventoryExportDownload(let id): "/inventory/export/\(id)/download"
        case .inventory(let user, _, _): "/users/\(Endpoint.escape(user))/inventory"
        }
    }

    public var query: [(name: String, value: String)] {
        switch self {
        case .inventory(_, let page, let perPage):
            [("sort", "listed"), ("sort_order", "asc"), ("page", "\(page)"), ("per_page", "\(perPage)")]
        // Not the start's URL (a session asks each URL once): the same resource, its first page.
        case .inventoryExports: [("page", "1")]
        case .folderReleases(_, _, let page, let perPage), .wants(_, let page, let perPage):
            [("sort", "added"), ("sort_order", "asc"), ("page", "\(page)"), ("per_page", "\(perPage)")]
        default: []
        }
    }

    /// The absolute URL under `base` (e.g. `https://api.discogs.com`, or a fake's address).
    public func url(base: URL) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        }
        return URL(string: text)!
    }

    /// Usernames may hold characters that are not allowed in a path segment.
    private static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
