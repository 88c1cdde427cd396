import Foundation
import GRDB

/// A Discogs user whose collection this database holds.
public struct Account: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var discogsUserID: Int?
}

extension StoreTransaction {
    /// The account with that username (any case), created on first sight.
    public func upsertAccount(username: String, discogsUserID: Int?, now: Date) throws -> Account {
        if var account = try account(username: username) {
            if let discogsUserID, account.discogsUserID != discogsUserID {
                try execute("UPDATE accounts SET discogs_user_id = ? WHERE id = ?", [discogsUserID, account.id])
                account.discogsUserID = discogsUserID
            }
            return account
        }
        try execute(
            "INSERT INTO accounts (username, discogs_user_id, created_at) VALUES (?, ?, ?)",
            [username, discogsUserID, now])
        return Account(id: db.lastInsertedRowID, username: username, discogsUserID: discogsUserID)
    }

    public func account(username: String) throws -> Account? {
        try row(
            "SELECT id, username, discogs_user_id FROM accounts WHERE username = ?",
            [username]
        ).map(Account.init(row:))
    }

    public func account(id: Int64) throws -> Account? {
        try row(
            "SELECT id, username, discogs_user_id FROM accounts WHERE id = ?", [id]
        ).map(Account.init(row:))
    }

    public func accounts() throws -> [Account] {
        try rows("SELECT id, username, discogs_user_id FROM accounts ORDER BY id")
            .map(Account.init(row:))
    }
}

extension Account {
    init(row: Row) {
        self.init(id: row["id"], username: row["username"], discogsUserID: row["discogs_user_id"])
    }
}
