import SpindleStore

/// A listing a session walks page by page. Stored as text in `sync_scopes.scope` and
/// `api_requests.scope`.
enum SyncScope: Equatable, Hashable {
    /// A collection folder; folder 0 is the whole collection.
    case folder(Int)
    case wantlist

    init?(_ text: String?) {
        guard let text else { return nil }
        if text == "wantlist" {
            self = .wantlist
        } else if text.hasPrefix("folder:"), let id = Int(text.dropFirst("folder:".count)) {
            self = .folder(id)
        } else {
            return nil
        }
    }

    var text: String {
        switch self {
        case .folder(let id): "folder:\(id)"
        case .wantlist: "wantlist"
        }
    }
}
