/// Where a month's dump is in its life. The only moves allowed are the ones below; anything
/// else is a bug or a race, and is refused with `DumpRunError.invalidTransition`.
///
/// ```
/// not_started → downloading → ready_for_processing → processing → completed
///      any (but completed) → failed;  failed → downloading | processing (retry)
/// ```
public enum DumpRunStatus: String, Sendable, Codable, CaseIterable {
    case notStarted = "not_started"
    case downloading
    case readyForProcessing = "ready_for_processing"
    case processing
    case completed
    case failed

    /// Whether a run may move from this state to `next`.
    public func canMove(to next: DumpRunStatus) -> Bool {
        switch (self, next) {
        case (.notStarted, .downloading), (.downloading, .readyForProcessing),
            (.readyForProcessing, .processing), (.processing, .completed):
            true
        // A verify that finds a bad file sends the run back to download it again.
        case (.readyForProcessing, .downloading):
            true
        // Files imported with --file skip the download.
        case (.notStarted, .processing), (.notStarted, .readyForProcessing):
            true
        // A new month's files may replace a finished run's (re-import on request).
        case (.completed, .processing), (.completed, .downloading):
            true
        case (.failed, .downloading), (.failed, .processing), (.failed, .readyForProcessing):
            true
        case (let from, .failed):
            from != .completed && from != .failed
        default:
            false
        }
    }

    /// Files of a run in these states are in use and must not be deleted.
    public var isBusy: Bool { self == .downloading || self == .processing }
}

public enum DumpRunError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidTransition(month: String, from: DumpRunStatus, to: DumpRunStatus)
    case unknownRun(month: String)

    public var description: String {
        switch self {
        case .invalidTransition(let month, let from, let to):
            "dump run \(month) cannot go from \(from.rawValue) to \(to.rawValue)"
        case .unknownRun(let month): "no dump run for \(month)"
        }
    }
}
