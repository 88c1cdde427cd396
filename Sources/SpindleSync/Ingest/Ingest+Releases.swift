import Discogs
import Foundation
import SpindleStore

extension Ingest {
    /// A full release: stored with all its lists and taken off the queue.
    func storeRelease(_ release: Release, requestedID: Int?, _ context: Context) throws {
        let requested = requestedID ?? release.id
        if release.id != requested {
            // Discogs answers a merged release with the one it was merged into: keep both ids resolvable.
            try context.tx.failQueuedRelease(requested, gone: true, error: "merged into release \(release.id)")
        }
        let basicHash = try context.tx.finishQueuedRelease(release.id)
        let changed = try context.tx.upsertRelease(release, source: .api, basicHash: basicHash, now: context.now)
        context.count(changed ? .releasesFetched : .releasesUnchanged)
    }

    /// Decides, from a page's summary of a release, whether its full data must be fetched:
    /// when it was never stored completely, when the summary changed since it was fetched, when
    /// it is older than `release_ttl_days`, or always with `--full`. Unknown releases get their
    /// summary stored at once, so that nothing waits on the release queue to be shown.
    func considerRelease(_ info: BasicInformation, _ context: Context) throws {
        try considerRelease(id: info.id, summaryHash: Self.summaryHash(info), summary: { info }, context)
    }

    /// The same, for a summary known only by its hash; `summary` is read only when it must be
    /// stored. `known`, when given, holds what the database says about the page's releases, read
    /// in one go; it is kept up to date with what this call writes.
    func considerRelease(
        id releaseID: Int, summaryHash hash: String, summary: () throws -> BasicInformation, _ context: Context,
        known: ReleaseFacts? = nil
    ) throws {
        let tx = context.tx
        let stored = try known.map { $0.freshness[releaseID] } ?? tx.releaseFreshness(id: releaseID)
        let reason: QueueReason?
        switch stored {
        case nil:
            try tx.writeReleaseSummary(
                try summary(), basicHash: hash, source: .basicInformation, replacing: false, now: context.now)
            known?.freshness[releaseID] = ReleaseFreshness(
                source: .basicInformation, fetchedAt: context.now, basicHash: hash)
            reason = .unknown
        case let stored? where !stored.source.isComplete:
            let unchanged = stored.basicHash == hash
            if !unchanged {
                try tx.writeReleaseSummary(
                    try summary(), basicHash: hash, source: .basicInformation, replacing: true, now: context.now)
                known?.freshness[releaseID]?.basicHash = hash
            }
            // A release Discogs answered 404 for is not asked again until its summary changes.
            let gone =
                unchanged ? try known.map { $0.queue[releaseID] == "gone" } ?? tx.isReleaseGone(releaseID) : false
            reason = unchanged && gone ? nil : .unknown
        case let stored?:
            if context.session.full, stored.fetchedAt <= (context.session.startedAt ?? context.session.createdAt) {
                reason = .full
            } else if stored.basicHash == nil {
                // Complete data from a dump, never compared with a summary: take this one as its baseline.
                try tx.adoptReleaseBaseline(id: releaseID, basicHash: hash)
                known?.freshness[releaseID]?.basicHash = hash
                reason = nil
            } else if stored.basicHash != hash {
                reason = .changed
            } else if stored.source == .api,
                stored.fetchedAt < context.now.addingTimeInterval(-Double(settings.releaseTTLDays) * 86_400)
            {
                // Dump rows are kept current by the next month's dump, not by API requests.
                reason = .stale
            } else {
                reason = nil
            }
        }
        guard let reason else { return }
        // Queued or requested already: enqueueing would change nothing (see enqueueRelease).
        if let status = known?.queue[releaseID], status == "queued" || status == "requested" { return }
        if try tx.enqueueRelease(
            releaseID, reason: reason, basicHash: hash, sessionID: context.session.id, now: context.now)
        {
            context.count(.releasesQueued)
        }
        known?.queue[releaseID] = "queued"
    }

    /// The fingerprint of a summary that decides whether its release changed. Image URLs are left
    /// out: they are signed, and a re-signed URL must not make every release look changed.
    static func summaryHash(_ info: BasicInformation) -> String {
        var comparable = info
        comparable.thumb = nil
        comparable.coverImage = nil
        return ContentHash.of(comparable)
    }
}

/// What the database says about the releases of one page, read in two queries instead of three
/// per item, and updated as the page's items are stored (a page can list a release twice).
final class ReleaseFacts {
    var freshness: [Int: ReleaseFreshness]
    var queue: [Int: String]

    init(releaseIDs: [Int], in tx: StoreTransaction) throws {
        freshness = try tx.releaseFreshness(ids: releaseIDs)
        queue = try tx.queueStatuses(releaseIDs: releaseIDs)
    }
}

extension Ingest {
    /// A master a list needed: stored in `masters` and kept in the metadata cache.
    func storeMaster(_ master: Master, body: Data, _ context: Context) throws {
        try Self.writeMaster(master, in: context.tx, now: context.now)
        try context.tx.storeMetadata(
            .master, id: master.id, body: body, policy: settings.metadataCache, now: context.now)
    }

    /// The master a cached answer holds, or nil when the body is not one (the planner then asks
    /// the API: a broken cache entry costs a request, never the sync).
    static func cachedMaster(_ body: Data) -> Master? {
        try? FastJSONDecoder().decode(Master.self, from: body)
    }

    static func writeMaster(_ master: Master, in tx: StoreTransaction, now: Date) throws {
        try tx.upsertMaster(
            id: master.id, title: master.title, year: master.year, mainReleaseID: master.mainReleaseID,
            dataQuality: master.dataQuality, genres: master.genres, styles: master.styles, now: now)
    }
}
