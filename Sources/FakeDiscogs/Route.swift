import Foundation

/// A request URL taken apart: which endpoint, and its query.
struct Route {
    enum Path: Equatable {
        case identity
        case folders(user: String)
        case fields(user: String)
        case folderReleases(user: String, folder: Int)
        case releaseInstances(user: String, releaseID: Int)
        case wants(user: String)
        case release(Int)
        case master(Int)
        case unknown
    }

    let path: Path
    let pathText: String
    private let items: [URLQueryItem]

    init(_ url: URL) {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        pathText = components?.percentEncodedPath ?? url.path
        items = components?.queryItems ?? []
        let parts = (components?.path ?? url.path).split(separator: "/").map(String.init)
        switch parts.count {
        case 2 where parts == ["oauth", "identity"]: path = .identity
        case 2 where parts[0] == "releases" && Int(parts[1]) != nil: path = .release(Int(parts[1])!)
        case 2 where parts[0] == "masters" && Int(parts[1]) != nil: path = .master(Int(parts[1])!)
        case 3 where parts[0] == "users" && parts[2] == "wants": path = .wants(user: parts[1])
        case 4 where parts[0] == "users" && parts[2] == "collection" && parts[3] == "folders":
            path = .folders(user: parts[1])
        case 4 where parts[0] == "users" && parts[2] == "collection" && parts[3] == "fields":
            path = .fields(user: parts[1])
        case 5 where parts[0] == "users" && parts[2] == "collection" && parts[3] == "releases" && Int(parts[4]) != nil:
            path = .releaseInstances(user: parts[1], releaseID: Int(parts[4])!)
        case 6
        where parts[0] == "users" && parts[2] == "collection" && parts[3] == "folders" && Int(parts[4]) != nil
            && parts[5] == "releases":
            path = .folderReleases(user: parts[1], folder: Int(parts[4])!)
        default: path = .unknown
        }
    }

    func query(_ name: String) -> String? { items.first { $0.name == name }?.value }

    /// For counting: "collection_page", "release", …
    var kind: String {
        switch path {
        case .identity: "identity"
        case .folders: "folders"
        case .fields: "fields"
        case .folderReleases: "collection_page"
        case .releaseInstances: "instances"
        case .wants: "wants_page"
        case .release: "release"
        case .master: "master"
        case .unknown: "other"
        }
    }

    /// The resource a successful answer is about (path plus page), for counting repeats.
    var identity: String { pathText + "?page=\(query("page") ?? "1")" }

    /// The same listing at another page, with the request's other parameters, as Discogs links it.
    func pageURL(base: String, page: Int) -> String {
        var parameters = items.filter { $0.name != "page" && $0.name != "token" }
        parameters.append(URLQueryItem(name: "page", value: "\(page)"))
        return base + pathText + "?" + parameters.map { "\($0.name)=\($0.value ?? "")" }.joined(separator: "&")
    }
}
