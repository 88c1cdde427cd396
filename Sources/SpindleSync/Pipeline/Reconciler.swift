import Discogs
import Foundation
import SpindleStore

/// Applies removals once a listing has been walked completely. Nothing is removed on the word of
/// an incomplete walk:
/// - a page that failed for good means no removals for that listing this time;
/// - a walk in which every page reported the same total, and which saw that many items, proves
///   that the items it did not see are gone;
/// - otherwise (the listing changed while it was walked, or only one folder was walked, where a
///   missing item may just have moved) each missing release is looked up by id before any of its
///   copies is removed.
struct Reconciler: Sendable {
    let planner: Planner

    /// Moves every walked listing forward. Returns whether it planned new requests.
    func reconcile(session: SyncSession, in tx: StoreTransaction, now: Date) throws -> Bool {
        guard let accountID = session.accountID, let account = try tx.account(id: accountID) else { return false }
        var planned = false
        let context = Ingest.Context(tx: tx, session: session, now: now)
        for progress in try tx.scopes(sessionID: session.id) {
            guard let scope = SyncScope(progress.scope) else { continue }
            switch progress.state {
            case .walking where progress.isWalked:
                planned = try finishWalk(progress, scope: scope, account: account, context) || planned
            case .verifying:
                if try tx.openRequestCount(sessionID: session.id, purpose: .releaseInstances, scope: progress.scope)
                    == 0
                {
                    try tx.setScopeState(sessionID: session.id, scope: progress.scope, state: .reconciled)
                }
            default:
                break
            }
        }
        try context.changes.flush()
        return planned
    }

    private func finishWalk(
        _ progress: ScopeProgress, scope: SyncScope, account: Account, _ context: Ingest.Context
    )
        throws -> Bool
    {
        let tx = context.tx
        let session = context.session
        if progress.pagesFailed > 0 {
            let note =
                "\(describe(scope)): \(progress.pagesFailed) of \(progress.pages ?? 0) pages could not be fetched,"
                + " so no removals were applied; the next sync checks again"
            try tx.setScopeState(sessionID: session.id, scope: progress.scope, state: .skipped, note: note)
            context.changes.note(note)
            return false
        }
        let seen = try tx.seenCount(sessionID: session.id, scope: progress.scope)
        let walkProvesAbsence = progress.wasStable && seen == progress.itemsMax
        switch scope {
        case .wantlist:
            let missing = try tx.unseenWants(accountID: account.id, sessionID: session.id, scope: progress.scope)
            guard missing.isEmpty || walkProvesAbsence else {
                let note = "wantlist: it changed while it was read, so removals wait for the next sync"
                try tx.setScopeState(sessionID: session.id, scope: progress.scope, state: .skipped, note: note)
                context.changes.note(note)
                return false
            }
            for releaseID in missing { try context.changes.removeWant(releaseID: releaseID, accountID: account.id) }
            try tx.setScopeState(sessionID: session.id, scope: progress.scope, state: .reconciled)
            return false
        case .folder(let folderID):
            let wholeCollection = folderID == Folder.allFolderID
            let missing = try tx.unseenItems(
                accountID: account.id, sessionID: session.id, scope: progress.scope,
                folderID: wholeCollection ? nil : folderID)
            if missing.isEmpty || (wholeCollection && walkProvesAbsence) {
                for item in missing { try context.changes.removeItem(item, accountID: account.id) }
                try tx.setScopeState(sessionID: session.id, scope: progress.scope, state: .reconciled)
                return false
            }
            for releaseID in Set(missing.map(\.releaseID)).sorted() {
                try planner.planInstanceCheck(
                    releaseID: releaseID, scope: scope, session: session, account: account, in: tx, now: context.now)
            }
            try tx.setScopeState(sessionID: session.id, scope: progress.scope, state: .verifying)
            return true
        }
    }

    private func describe(_ scope: SyncScope) -> String {
        switch scope {
        case .folder(0): "collection"
        case .folder(let id): "folder \(id)"
        case .wantlist: "wantlist"
        }
    }
}
