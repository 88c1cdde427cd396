import Discogs
import Foundation
import SpindleStore

extension Ingest {
    /// `/oauth/identity`: whose token this is. The account row is created here.
    func storeIdentity(_ identity: Identity, _ context: Context) throws {
        if let expected = settings.username, !expected.isEmpty,
            expected.caseInsensitiveCompare(identity.username) != .orderedSame
        {
            throw IngestError.fatal(
                "the token belongs to \(identity.username), but the configuration names \(expected)"
                    + " (discogs.username); fix one of them")
        }
        let account = try context.tx.upsertAccount(
            username: identity.username, discogsUserID: identity.id, now: context.now)
        try context.tx.setSessionAccount(context.session.id, accountID: account.id)
        var session = context.session
        session.accountID = account.id
        try planner.planAfterIdentity(session: session, account: account, in: context.tx, now: context.now)
    }

    /// The folder list: stored, then the chosen folders are walked.
    func storeFolders(_ folders: [Folder], _ context: Context) throws {
        let account = try context.account()
        let known = Set(folders.map(\.id))
        if let missing = context.session.folders.first(where: { !known.contains($0) }) {
            let names = folders.map { "\($0.id) \($0.name)" }.joined(separator: ", ")
            throw IngestError.fatal("folder \(missing) does not exist in \(account.username)'s collection (\(names))")
        }
        try context.tx.replaceFolders(accountID: account.id, with: folders)
        try planner.planAfterFolders(session: context.session, account: account, in: context.tx, now: context.now)
    }

    /// The notes fields, so that item notes can be shown by name.
    func storeCustomFields(_ fields: [CustomField], _ context: Context) throws {
        try context.tx.replaceCustomFields(accountID: try context.account().id, with: fields)
    }
}
