import SpindleStore

/// What a finished sync did, in a few lines for the terminal.
struct SyncSummary {
    let session: SyncSession

    var text: String {
        let stats = session.stats
        var lines: [String] = []
        if session.kinds.contains(.collection) {
            lines.append(
                "collection: +\(stats[.itemsAdded]) added, \(stats[.itemsRemoved]) removed, \(stats[.itemsMoved]) moved, "
                    + "\(stats[.itemsRatingChanged] + stats[.itemsNotesChanged]) edited, \(stats[.itemsRestored]) restored, "
                    + "\(stats[.itemsUnchanged]) unchanged")
        }
        if session.kinds.contains(.wantlist) {
            lines.append(
                "wantlist: +\(stats[.wantsAdded]) added, \(stats[.wantsRemoved]) removed, \(stats[.wantsChanged]) edited, "
                    + "\(stats[.wantsUnchanged]) unchanged")
        }
        if session.kinds.contains(.inventory) {
            lines.append(
                "inventory: +\(stats[.listingsAdded]) new, \(stats[.listingsUpdated]) updated, "
                    + "\(stats[.listingsRemoved]) removed, \(stats[.listingsRestored]) restored, "
                    + "\(stats[.listingsUnchanged]) unchanged")
        }
        lines.append(
            "releases: \(stats[.releasesFetched]) fetched, \(stats[.releasesUnchanged]) unchanged"
                + (stats[.releasesGone] > 0 ? ", \(stats[.releasesGone]) deleted on Discogs" : ""))
        var requests = "requests: \(stats[.requestsSent])"
        if stats[.retries] > 0 { requests += " (\(stats[.retries]) retried)" }
        if stats[.rateLimitWaits] > 0 {
            requests +=
                ", waited \(DurationText.format(Double(stats[.rateLimitWaitMilliseconds]) / 1000)) for the rate limit"
        }
        lines.append(requests)
        lines.append(
            "session \(session.id): \(session.status.rawValue.replacingOccurrences(of: "_", with: " "))"
                + (session.duration.map { " in \(DurationText.format($0))" } ?? ""))
        lines += stats.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
