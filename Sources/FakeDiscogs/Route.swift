import Foundation

/// A request taken apart: which endpoint, with which method, and its query.
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
        case inventory(user: String)
        /// `/inventory/export`: POST starts an export, GET lists recent ones.
        case inventoryExports
        case inventoryExport(Int)
        case inventoryExportDownload(Int)
        case unknown
    }

    let path: Path
    let method: String
    let pathText: String
    private let items: [URLQueryItem]

    init(_ url: URL, method: String = "GET") {
        self.method = method
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        pathText = components?.percentEncodedPath ?? url.path
        items = components?.queryItems ?? []
        let parts = (components?.path ?? url.path).split(separator: "/").map(String.init)
        switch parts.count {
        case 2 where parts == ["oauth", "identity"]: path = .identity
        case 2 where parts[0] == "releases" && Int(parts[1]) != nil: path = .release(Int(parts[1])!)
        case 2 where parts[0] == "masters" && Int(parts[1]) != nil: path = .master(Int(parts[1])!)
        case 2 where parts == ["inventory", "export"]: path = .inventoryExports
        case 3 where parts[0] == "users" && parts[2] == "wants": path = .wants(user: parts[1])
        case 3 where parts[0] == "users" && parts[2] == "inventory": path = .inventory(user: parts[1])
        case 3 where parts[0] == "inventory" && parts[1] == "export" && Int(parts[2]) != nil:
            path = .inventoryExport(Int(parts[2])!)
        case 4 where parts[0] == "inventory" && parts[1] == "export" && Int(parts[2]) != nil && parts[3] == "download":
            path = .inventoryExportDownload(Int(parts[2])!)
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
        case .inventory: "inventory_page"
        case .inventoryExports: method == "POST" ? "inventory_export_start" : "inventory_exports"
        case .inventoryExport: "inventory_export_status"
        case .inventoryExportDownload: "inventory_export_download"
        case .unknown: "other"
        }
    }

    /// The resource a successful answer is about (path plus page), for counting repeats and keying
    /// `FaultPlan.always`. A request other than GET is prefixed with its method
    /// (`POST /inventory/export?page=1`), so a fault can hit starting an export and not listing them.
    var identity: String {
        (method == "GET" ? "" : method + " ") + pathText + "?page=\(query("page") ?? "1")"
    }

    /// Whether answering it twice is a wasted request. Polling an export's status is how the export
    /// protocol works, and each POST starts a new export, so neither counts as a repeat.
    var countsRepeats: Bool {
        switch path {
        case .inventoryExport: false
        case .inventoryExports: method == "GET"
        default: true
        }
    }

    /// The same listing at another page, with the request's other parameters, as Discogs links it.
    func pageURL(base: String, page: Int) -> String {
        var parameters = items.filter { $0.name != "page" && $0.name != "token" }
        parameters.append(URLQueryItem(name: "page", value: "\(page)"))
        return base + pathText + "?" + parameters.map { "\($0.name)=\($0.value ?? "")" }.joined(separator: "&")
    }
}
