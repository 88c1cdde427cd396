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
                try db.execute(
                    sql: "UPDATE accounts SET discogs_user_id = ? WHERE id = ?",
                    arguments: [discogsUserID, account.id])
                account.discogsUserID = discogsUserID
            }
            return account
        }
        try db.execute(
            sql: "INSERT INTO accounts (username, discogs_user_id, created_at) VALUES (?, ?, ?)",
            arguments: [username, discogsUserID, now])
        return Account(id: db.lastInsertedRowID, username: username, discogsUserID: discogsUserID)
    }

    public func account(username: String) throws -> Account? {
        try Row.fetchOne(
            db, sql: "SELECT id, username, discogs_user_id FROM accounts WHERE username = ?",
            arguments: [username]
        ).map(Account.init(row:))
    }

    public func account(id: Int64) throws -> Account? {
        try Row.fetchOne(
            db, sql: "SELECT id, username, discogs_user_id FROM accounts WHERE id = ?", arguments: [id]
        ).map(Account.init(row:))
    }

    public func accounts() throws -> [Account] {
        try Row.fetchAll(db, sql: "SELECT id, username, discogs_user_id FROM accounts ORDER BY id")
            .map(Account.init(row:))
    }
}

extension Account {
    init(row: Row) {
        self.init(id: row["id"], username: row["username"], discogsUserID: row["discogs_user_id"])
    }
}
