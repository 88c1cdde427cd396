import Discogs
import Foundation
import SpindleStore

extension Ingest {
    /// A page of a folder: every item stored at once (before any release is fetched), its release
    /// queued when unknown, stale or changed, and the rest of the folder's pages planned.
    func storeCollectionPage(_ page: CollectionPage, scope: SyncScope, _ context: Context) throws {
        let account = try context.account()
        for item in page.releases {
            try storeItem(item, listedIn: scope, account: account, context)
        }
        try context.tx.markSeen(sessionID: context.session.id, scope: scope.text, keys: page.releases.map(\.instanceID))
        try finishPage(page.pagination, of: scope, account: account, context)
    }

    /// A page of the wantlist, with the same rules as a collection page.
    func storeWantsPage(_ page: WantsPage, _ context: Context) throws {
        let account = try context.account()
        for want in page.wants {
            let values = WantValues(
                releaseID: want.releaseID, rating: want.rating, dateAdded: want.dateAdded, notes: want.notes)
            let write = try context.tx.upsertWant(
                accountID: account.id, values, sessionID: context.session.id, now: context.now)
            try context.changes.want(write, releaseID: want.releaseID, accountID: account.id)
            try considerRelease(want.basicInformation, context)
        }
        try context.tx.markSeen(
            sessionID: context.session.id, scope: SyncScope.wantlist.text, keys: page.wants.map(\.releaseID))
        try finishPage(page.pagination, of: .wantlist, account: account, context)
    }

    /// Every copy of one release, asked for when copies went missing from a listing: copies still
    /// listed are stored (a move is recorded as one), copies not listed are removed.
    func storeReleaseInstances(_ page: CollectionPage, of releaseID: Int, scope: SyncScope, _ context: Context) throws {
        let account = try context.account()
        let copies = page.releases.filter { $0.releaseID == releaseID }
        for item in copies {
            try storeItem(item, listedIn: scope, account: account, context)
        }
        let listed = Set(copies.map(\.instanceID))
        for item in try context.tx.activeItems(accountID: account.id, releaseID: releaseID)
        where !listed.contains(item.instanceID) {
            try context.changes.removeItem(item, accountID: account.id)
        }
    }

    private func storeItem(
        _ item: CollectionItem, listedIn scope: SyncScope, account: Account, _ context: Context
    )
        throws
    {
        let folderID = try item.folderID ?? folder(of: item, listedIn: scope, account: account, context)
        let values = ItemValues(
            instanceID: item.instanceID, releaseID: item.releaseID, folderID: folderID, rating: item.rating,
            dateAdded: item.dateAdded,
            notes: Dictionary(item.notes.map { ($0.fieldID, $0.value) }, uniquingKeysWith: { _, last in last }))
        let write = try context.tx.upsertItem(
            accountID: account.id, values, source: .api, sessionID: context.session.id, now: context.now)
        try context.changes.item(write, values, accountID: account.id)
        try considerRelease(item.basicInformation, context)
    }

    /// Items listed without `folder_id` (not the owner's view): the folder being walked, else the
    /// folder already stored, else Uncategorized.
    private func folder(
        of item: CollectionItem, listedIn scope: SyncScope, account: Account, _ context: Context
    ) throws
        -> Int
    {
        if case .folder(let id) = scope, id != Folder.allFolderID { return id }
        return try context.tx.item(accountID: account.id, instanceID: item.instanceID)?.values.folderID
            ?? Folder.uncategorizedFolderID
    }

    private func finishPage(_ pagination: Pagination, of scope: SyncScope, account: Account, _ context: Context) throws
    {
        let known = try context.tx.scope(sessionID: context.session.id, scope: scope.text)?.pages
        try context.tx.recordScopePage(
            sessionID: context.session.id, scope: scope.text, pages: pagination.pages, items: pagination.items)
        try planner.planRemainingPages(
            of: scope, reportedPages: pagination.pages, knownPages: known, session: context.session, account: account,
            in: context.tx, now: context.now)
    }
}
