import Discogs
import Foundation
import SpindleStore

/// `/syncs/` and `/syncs/{id}/`: every sync, what it did, and what it changed.
struct SyncPages {
    let catalog: SiteCatalog
    let settings: SiteSettings

    /// Changes listed per group on a sync page; the rest are counted.
    static let changesShown = 300

    /// Syncs per page of the history.
    static let syncsPerPage = 100

    func planned(global: String) -> [PlannedPage] {
        let rows = catalog.syncs.map { (sync: $0, row: SyncRow($0)) }
        // Sold and withdrawn listings have their own page; the history of syncs links to it.
        let soldURL = catalog.inventory.removed.isEmpty ? nil : Routes.forSaleHistory
        let index = Shapes.pages(rows, base: Routes.syncs, size: Self.syncsPerPage).map { page in
            let models = page.items.map(\.row.model)
            return PlannedPage(
                url: page.url, file: Routes.file(page.url),
                fingerprint: Fingerprint.of(
                    [global, "syncs", page.position] + models.map(Fingerprint.canonical) + (soldURL.map { [$0] } ?? [])),
                body: .html(
                    template: "syncs",
                    meta: PageMeta(
                        title: page.title("Sync history"), kind: "syncs", url: page.url,
                        description: "Every sync and what it changed"),
                    model: { _ in
                        var model: Model = ["syncs": models]
                        model["sold_url"] = soldURL
                        model["pagination"] = page.pagination
                        return model
                    }))
        }
        return index
            + rows.map { sync, row in
                let url = Routes.sync(sync.session.id)
                let model = model(sync, row: row)
                return PlannedPage(
                    url: url, file: Routes.file(url),
                    fingerprint: Fingerprint.of([global, "sync", Fingerprint.canonical(model)]),
                    body: .html(
                        template: "sync", meta: PageMeta(title: row.title, kind: "sync", url: url),
                        model: { _ in model }))
            }
    }

    static func rowFingerprint(_ sync: SiteSync) -> String { Fingerprint.canonical(SyncRow(sync).model) }

    static func statusClass(_ status: SessionStatus) -> String {
        switch status {
        case .completed: "ok"
        case .completedWithErrors, .paused, .cancelled: "warn"
        case .failed: "error"
        case .initiated, .inProgress: "running"
        }
    }

    private func model(_ sync: SiteSync, row: SyncRow) -> Model {
        let session = sync.session
        var details = row.model
        if let finished = session.finishedAt { details["finished"] = Names.dateTime(finished) }
        details["requests_failed"] = sync.requests.failed
        details["retries"] = session.stats[.retries]
        let waits = session.stats[.rateLimitWaits]
        if waits > 0 {
            details["rate_limit_waits"] =
                "\(waits) \(Shapes.noun(waits, "wait")), \(Names.duration(Double(session.stats[.rateLimitWaitMilliseconds]) / 1000)) in all"
        }
        if session.kinds.contains(.inventory) {
            let stats = session.stats
            details["inventory"] =
                "+\(stats[.listingsAdded]) new, \(stats[.listingsUpdated]) updated, \(stats[.listingsRemoved]) sold or "
                + "withdrawn, \(stats[.listingsRestored]) back, \(stats[.listingsUnchanged]) unchanged"
        }
        let hits = session.stats[.cacheHits]
        let misses = session.stats[.cacheMisses]
        if hits + misses > 0 {
            // Enrichment lookups (masters for master_year rules): how many the cache saved.
            details["metadata_cache"] =
                "\(hits) from the cache, \(misses) \(Shapes.noun(misses, "request")) to Discogs "
                + "(hit rate \(hits * 100 / (hits + misses))%)"
        }
        if let error = session.error { details["error"] = error }
        details["notes"] = session.stats.notes

        let titles: [(ChangeTarget, ChangeKind, String)] = [
            (.collection, .added, "Added to the collection"), (.collection, .removed, "Removed from the collection"),
            (.collection, .restored, "Back in the collection"), (.collection, .moved, "Moved to another folder"),
            (.collection, .rating, "Rating changed"), (.collection, .notes, "Notes edited"),
            (.wantlist, .added, "Added to the wantlist"), (.wantlist, .removed, "Removed from the wantlist"),
            (.wantlist, .restored, "Back on the wantlist"), (.wantlist, .rating, "Wantlist rating changed"),
            (.wantlist, .notes, "Wantlist notes edited"),
        ]
        var groups: [Model] = []
        for (target, kind, title) in titles {
            let changes = sync.changes.filter { $0.target == target && $0.kind == kind }
            guard !changes.isEmpty else { continue }
            var entries = changes.prefix(Self.changesShown).map(change)
            if changes.count > Self.changesShown {
                entries.append(["title": "… and \(changes.count - Self.changesShown) more", "artists": [Model]()])
            }
            groups.append(["title": "\(title) (\(changes.count))", "changes": entries])
        }
        return ["sync": details, "groups": groups]
    }

    /// One change, linked to its release when the release has a page.
    private func change(_ change: SyncChange) -> Model {
        let entry = catalog.releases[change.releaseID]
        let release = entry?.release ?? catalog.history[change.releaseID]?.release
        var model: Model = [
            "title": release?.title ?? "Release \(change.releaseID)",
            "artists": release.map { Shapes.artists($0.artists, links: catalog.links) } ?? [],
        ]
        if let url = entry?.url { model["url"] = url }
        switch change.kind {
        case .moved:
            model["detail"] = "Folder: \(folderName(change.oldValue)) → \(folderName(change.newValue))"
        case .rating:
            model["detail"] =
                settings.showRatings
                ? "Rating: \(change.oldValue ?? "0") → \(change.newValue ?? "0")" : "Rating changed"
        case .notes:
            model["detail"] = "Notes edited"
        case .added, .restored:
            if change.target == .collection, change.newValue != nil {
                model["detail"] = "Folder: \(folderName(change.newValue))"
            }
        case .removed:
            break
        }
        return model
    }

    private func folderName(_ id: String?) -> String {
        guard let id = id.flatMap(Int.init) else { return "?" }
        return catalog.folders[id]?.name ?? "Folder \(id)"
    }
}

/// A session as a line of the history (`sync-row` in docs/templates.md).
struct SyncRow {
    let title: String
    let status: String
    let added: Int
    let removed: Int
    let changed: Int
    let model: Model

    init(_ sync: SiteSync) {
        let session = sync.session
        let stats = session.stats
        title = "\(session.mode == .csv ? "CSV import" : "Sync") #\(session.id)"
        status = session.status.rawValue.replacingOccurrences(of: "_", with: " ")
        added = stats[.itemsAdded] + stats[.wantsAdded]
        removed = stats[.itemsRemoved] + stats[.wantsRemoved]
        changed =
            stats[.itemsMoved] + stats[.itemsRatingChanged] + stats[.itemsNotesChanged] + stats[.wantsChanged]
            + stats[.itemsRestored] + stats[.wantsRestored]
        let started = session.startedAt ?? session.createdAt
        var model: Model = [
            "id": session.id, "url": Routes.sync(session.id), "title": title,
            "kinds": session.kinds.map(\.rawValue).joined(separator: " + "), "mode": session.mode.rawValue,
            "status": status, "status_class": SyncPages.statusClass(session.status), "started": Names.dateTime(started),
            "started_iso": ISO8601DateFormatter.string(
                from: started, timeZone: .gmt, formatOptions: .withInternetDateTime),
            "requests": sync.requests.completed, "added": added, "removed": removed, "changed": changed,
        ]
        if let duration = session.duration { model["duration"] = Names.duration(duration) }
        self.model = model
    }
}
