import Foundation
import GRDB

/// The one SQLite file: opened in WAL mode, migrated on open, and reached only through
/// `read` and `write`, each of which is one transaction.
///
/// ```swift
/// let store = try Store(path: "spindle.sqlite")
/// let count = try store.read { try $0.activeItemCount(accountID: 1) }
/// ```
public final class Store: Sendable {
    public let path: String
    private let pool: DatabasePool

    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // NORMAL is durable at every checkpoint and crash-safe in WAL mode.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            db.add(function: RegexpFunction.function)
            db.add(function: ShuffleFunction.function)
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: Store.describe(error))
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Runs `body` in one write transaction: all of it is stored, or none of it.
    public func write<T>(_ body: (StoreTransaction) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write { db in try body(StoreTransaction(db: db)) }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Runs `body` against a consistent snapshot; writes inside it fail.
    public func read<T>(_ body: (StoreTransaction) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read { db in try body(StoreTransaction(db: db)) }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Copies the WAL back into the main file; called after big imports so the file is compact.
    public func checkpoint() throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw StoreError.wrap(error)
        }
    }

    static func describe(_ error: DatabaseError) -> String {
        error.message ?? "\(error.resultCode)"
    }
}

/// The live connection inside one `Store.read` or `Store.write`. Domain methods are added to it
/// in the files next to this one; nothing outside SpindleStore sees SQL.
public struct StoreTransaction {
    let db: Database
}

public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case database(String)
    case invalidData(String)
    /// An error thrown by the caller's own code inside a transaction, passed through unchanged.
    case caller(any Error & Sendable)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the database \(path): \(reason)"
        case .database(let reason): "database error: \(reason)"
        case .invalidData(let reason): "invalid data in the database: \(reason)"
        case .caller(let error): "\(error)"
        }
    }

    static func wrap(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: error
        case let error as DatabaseError: .database(Store.describe(error))
        default: .caller(error)
        }
    }

    /// The caller's own error when it was one, so that `try store.write { … throw X }` rethrows X.
    public var underlying: any Error { if case .caller(let error) = self { error } else { self } }
}
