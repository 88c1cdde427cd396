import Discogs
import SpindleStore

/// Why a sync could not run or ended early, in words a user can act on.
public enum SyncError: Error, Sendable, CustomStringConvertible {
    case alreadyRunning(sessionID: Int64, pid: Int32?)
    case missingToken
    case transport(TransportError)
    case store(StoreError)

    public var description: String {
        switch self {
        case .alreadyRunning(let id, let pid):
            "sync session \(id) is already running" + (pid.map { " (process \($0))" } ?? "")
                + "; wait for it to finish or stop that process"
        case .missingToken:
            "no Discogs token: set DISCOGS_TOKEN or point discogs.token_file at a file holding it"
        case .transport(let error): "\(error)"
        case .store(let error): "\(error)"
        }
    }
}
