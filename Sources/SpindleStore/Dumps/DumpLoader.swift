import Foundation
import GRDB
import GRDBSQLite

/// Which file a load belongs to and what its rows say about where they came from.
public struct DumpLoadTarget: Sendable {
    public var runID: Int64
    public var kind: DumpKind
    /// `2020-08`, stored on every row written.
    public var month: String
    /// The dump's date: the `fetched_at` of its rows. An API row fetched after it is newer than
    /// the dump and is kept.
    public var dumpDate: Date

    public init(runID: Int64, kind: DumpKind, month: String, dumpDate: Date) {
        self.runID = runID
        self.kind = kind
        self.month = month
        self.dumpDate = dumpDate
    }
}

/// A load stopped on request (shutdown) after committing what it had.
public struct DumpLoadStopped: Error, Sendable, CustomStringConvertible {
    public var recordsDone: Int
    public var description: String { "stopped after \(recordsDone) records; the next run resumes from there" }
}

/// How a load is going, after each commit.
public struct DumpLoadProgress: Sendable {
    public init(
        recordsDone: Int, recordsWritten: Int, recordsUnchanged: Int, recordsKeptNewer: Int, rowsWritten: Int,
        bytesRead: Int64
    ) {
        self.recordsDone = recordsDone
        self.recordsWritten = recordsWritten
        self.recordsUnchanged = recordsUnchanged
        self.recordsKeptNewer = recordsKeptNewer
        self.rowsWritten = rowsWritten
        self.bytesRead = bytesRead
    }

    public var recordsDone: Int
    public var recordsWritten: Int
    public var recordsUnchanged: Int
    public var recordsKeptNewer: Int
    public var rowsWritten: Int
    /// Bytes of the file (as stored: compressed) read so far, and its size when known.
    public var bytesRead: Int64
    public var bytesTotal: Int64?
}

/// Writes parsed dump records into the catalogue tables on its own connection (so a sync or the
/// server can write between its transactions), in transactions of a few thousand records, each
/// of which also moves the file's resume point: a kill loses at most the open transaction, and
/// the next run skips exactly what was committed.
///
/// Per record: a new id is inserted; a dump row whose content hash is unchanged is left alone;
/// an API row fetched after the dump date is kept (it is newer); anything else has its lists
/// deleted and is rewritten. Foreign keys are not enforced (dumps refer to rows they lack), and
/// on a fresh load the secondary indexes are dropped first and built once at the end.
public final class DumpLoader {
    private let queue: DatabaseQueue
    private let path: String
    /// Commit after this many records or this many seconds, whichever comes first.
    public var commitRecords = 20_000
    public var commitSeconds = 2.0

    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(
                sql: """
                    PRAGMA synchronous = NORMAL;
                    PRAGMA cache_size = -32768;
                    PRAGMA wal_autocheckpoint = 0;
                    """)
        }
        self.path = path
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Loads every batch `next` hands over until it returns nil, then builds missing indexes.
    /// An error thrown by `next` (the parser's) is rethrown after what came before it is committed.
    /// When `shouldStop` says so (shutdown), what is written is committed and `DumpLoadStopped`
    /// is thrown: the next run resumes from there.
    public func load(
        _ target: DumpLoadTarget, next: () throws -> DumpBatch?, shouldStop: () -> Bool = { false },
        progress: (DumpLoadProgress) -> Void
    ) throws -> DumpLoadProgress {
        let checkpointer = try WALCheckpointer(path: path)
        checkpointer.start()
        defer { checkpointer.stop() }
        do {
            return try queue.writeWithoutTransaction { db in
                let session = try LoadSession(db: db, target: target)
                var pendingError: (any Error)?
                var sinceCommit = 0
                var lastCommit = ContinuousClock.now
                try db.execute(sql: "BEGIN IMMEDIATE")
                do {
                    while !shouldStop() {
                        let batch: DumpBatch?
                        do { batch = try next() } catch {
                            pendingError = error
                            batch = nil
                        }
                        guard let batch else { break }
                        try session.write(batch)
                        sinceCommit += batch.records.count
                        if sinceCommit >= commitRecords || ContinuousClock.now - lastCommit > .seconds(commitSeconds) {
                            try session.saveProgress()
                            try db.execute(sql: "COMMIT; BEGIN IMMEDIATE")
                            progress(session.progress)
                            sinceCommit = 0
                            lastCommit = .now
                        }
                    }
                    try session.saveProgress()
                    try db.execute(sql: "COMMIT")
                } catch {
                    try? db.execute(sql: "ROLLBACK")
                    throw error
                }
                progress(session.progress)
                if let pendingError { throw pendingError }
                if shouldStop() { throw DumpLoadStopped(recordsDone: session.progress.recordsDone) }
                try session.buildIndexes()
                return session.progress
            }
        } catch let error as DatabaseError {
            throw StoreError.wrap(error)
        }
    }

    /// Drops the secondary indexes of a kind when none of its rows come from a dump yet: a first
    /// load then builds each index once instead of maintaining it row by row.
    public func prepareFreshLoad(of kind: DumpKind) throws -> Bool {
        let tables = DumpTableSet.of(kind)
        return try queue.write { db in
            let hasDumpRows =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM \(tables.record.name) WHERE source = 'dump')") ?? false
            guard !hasDumpRows else { return false }
            for index in tables.secondaryIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
            return true
        }
    }
}

/// One load's prepared statements and counters, on the loader's connection.
private final class LoadSession {
    let db: Database
    let target: DumpLoadTarget
    let tables: DumpTableSet
    let connection: OpaquePointer
    let inserts: [OpaquePointer]
    let upsertRecord: OpaquePointer
    let deletes: [OpaquePointer]
    let existing: OpaquePointer
    let fetchedAt: String
    var progress: DumpLoadProgress
    var unknownElements: [String: Int]
    var lastRecordID: Int64?
    var keyColumn: [Int]
    /// Per table, the columns declared NOT NULL: a missing value there is stored as ''.
    let notNull: [[Bool]]

    init(db: Database, target: DumpLoadTarget) throws {
        self.db = db
        self.target = target
        tables = DumpTableSet.of(target.kind)
        connection = db.sqliteConnection!
        fetchedAt = target.dumpDate.databaseValue.storage.value as? String ?? ""
        let file = try Row.fetchOne(
            db, sql: "SELECT * FROM dump_files WHERE run_id = ? AND kind = ?",
            arguments: [target.runID, target.kind.rawValue])
        guard let file else { throw StoreError.invalidData("no dump file \(target.kind) in run \(target.runID)") }
        progress = DumpLoadProgress(
            recordsDone: file["records_done"], recordsWritten: file["records_written"],
            recordsUnchanged: file["records_unchanged"], recordsKeptNewer: file["records_kept_newer"],
            rowsWritten: file["rows_written"], bytesRead: file["bytes_read"])
        unknownElements = JSONColumn.decode([String: Int].self, file["unknown_elements"]) ?? [:]
        keyColumn = tables.all.map { $0.index(of: $0.key) }
        notNull = try tables.all.map { table in
            let declared = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.name))")
            let required = Set(declared.filter { ($0["notnull"] as Int) == 1 }.map { $0["name"] as String })
            return table.columns.map { required.contains($0) }
        }

        func prepare(_ sql: String) throws -> OpaquePointer {
            var statement: OpaquePointer?
            let code = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &statement, nil)
            guard code == SQLITE_OK, let statement else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            return statement
        }
        inserts = try tables.all.map { try prepare($0.insertSQL) }
        let record = tables.record
        let updates = record.columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        upsertRecord = try prepare(record.insertSQL + " ON CONFLICT (\(record.key)) DO UPDATE SET \(updates)")
        deletes = try tables.children.map { try prepare($0.deleteSQL) }
        existing = try prepare(
            "SELECT id, source, fetched_at, content_hash FROM \(record.name) WHERE id BETWEEN ? AND ?")
    }

    deinit {
        for statement in inserts + deletes + [upsertRecord, existing] { sqlite3_finalize(statement) }
    }

    /// What is stored for the ids of a batch: one range scan (dumps are sorted by id).
    private func storedRecords(_ batch: DumpBatch) throws -> [Int64: (source: String, fetchedAt: String, hash: String?)]
    {
        guard let low = batch.records.map(\.id).min(), let high = batch.records.map(\.id).max() else { return [:] }
        var found: [Int64: (String, String, String?)] = [:]
        sqlite3_bind_int64(existing, 1, low)
        sqlite3_bind_int64(existing, 2, high)
        defer { sqlite3_reset(existing) }
        while true {
            let code = sqlite3_step(existing)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw lastError(code) }
            found[sqlite3_column_int64(existing, 0)] = (
                text(existing, 1) ?? "", text(existing, 2) ?? "", text(existing, 3)
            )
        }
        return found
    }

    func write(_ batch: DumpBatch) throws {
        let stored = try storedRecords(batch)
        var written = Set<Int64>()
        let recordWidth = batch.widths[0]
        let provenanceStart = recordWidth - 4
        try batch.arena.withUnsafeBufferPointer { arena in
            for (index, record) in batch.records.enumerated() {
                defer { lastRecordID = record.id }
                let hash = Self.hashText(record.hash)
                var replacing = written.contains(record.id)
                if !replacing, let old = stored[record.id] {
                    if old.source == "dump", old.hash == hash {
                        progress.recordsUnchanged += 1
                        continue
                    }
                    if old.source == "api", old.fetchedAt > fetchedAt {
                        progress.recordsKeptNewer += 1
                        continue
                    }
                    replacing = true
                }
                if replacing {
                    for statement in deletes {
                        sqlite3_bind_int64(statement, 1, record.id)
                        try step(statement)
                    }
                }
                written.insert(record.id)
                // The record's own row, with its provenance bound here rather than by the parser.
                try batch.values[0].withUnsafeBufferPointer { values in
                    let statement = replacing ? upsertRecord : inserts[0]
                    for row in batch.rows(of: index, table: 0) {
                        let base = row * recordWidth
                        for column in 0..<provenanceStart {
                            bind(statement, Int32(column + 1), values[base + column], arena, notNull[0][column])
                        }
                        let start = Int32(provenanceStart + 1)
                        sqlite3_bind_text(statement, start, "dump", 4, SQLITE_TRANSIENT)
                        sqlite3_bind_text(statement, start + 1, fetchedAt, -1, SQLITE_TRANSIENT)
                        sqlite3_bind_text(statement, start + 2, target.month, -1, SQLITE_TRANSIENT)
                        sqlite3_bind_text(statement, start + 3, hash, -1, SQLITE_TRANSIENT)
                        try step(statement)
                        progress.rowsWritten += 1
                    }
                }
                for t in 1..<batch.tableCount {
                    let statement = inserts[t]
                    let width = batch.widths[t]
                    let required = notNull[t]
                    try batch.values[t].withUnsafeBufferPointer { values in
                        for row in batch.rows(of: index, table: t) {
                            let base = row * width
                            for column in 0..<width {
                                bind(statement, Int32(column + 1), values[base + column], arena, required[column])
                            }
                            try step(statement)
                        }
                    }
                    progress.rowsWritten += batch.rows(of: index, table: t).count
                }
                progress.recordsWritten += 1
            }
        }
        progress.recordsDone = (batch.records.last?.ordinal).map { $0 + 1 } ?? progress.recordsDone
        progress.bytesRead = batch.bytesRead
        for (path, count) in batch.unknownElements { unknownElements[path, default: 0] += count }
    }

    func saveProgress() throws {
        try db.execute(
            sql: """
                UPDATE dump_files SET records_done = ?, last_record_id = coalesce(?, last_record_id),
                    records_written = ?, records_unchanged = ?, records_kept_newer = ?, rows_written = ?,
                    bytes_read = ?, unknown_elements = ?
                WHERE run_id = ? AND kind = ?
                """,
            arguments: [
                progress.recordsDone, lastRecordID, progress.recordsWritten, progress.recordsUnchanged,
                progress.recordsKeptNewer, progress.rowsWritten, progress.bytesRead,
                JSONColumn.text(unknownElements), target.runID, target.kind.rawValue,
            ])
    }

    func buildIndexes() throws {
        for index in tables.secondaryIndexes {
            try db.execute(sql: index.sql.replacingOccurrences(of: "CREATE INDEX", with: "CREATE INDEX IF NOT EXISTS"))
        }
    }

    @inline(__always)
    private func bind(
        _ statement: OpaquePointer, _ index: Int32, _ value: DumpValue, _ arena: UnsafeBufferPointer<UInt8>,
        _ required: Bool
    ) {
        switch value.tag {
        case 1: sqlite3_bind_int64(statement, index, value.payload)
        case 2:
            let pointer = UnsafeRawPointer(arena.baseAddress!).advanced(by: Int(value.payload))
                .assumingMemoryBound(to: CChar.self)
            sqlite3_bind_text(statement, index, pointer, value.length, nil)
        default:
            if required {
                sqlite3_bind_text(statement, index, "", 0, SQLITE_TRANSIENT)
            } else {
                sqlite3_bind_null(statement, index)
            }
        }
    }

    @inline(__always)
    private func step(_ statement: OpaquePointer) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw lastError(code) }
    }

    private func lastError(_ code: Int32) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
    }

    private func text(_ statement: OpaquePointer, _ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: pointer)
    }

    /// `dump:` and 16 hex digits: never equal to an API row's hash, which has no prefix.
    static func hashText(_ hash: UInt64) -> String {
        let hex = String(hash, radix: 16)
        return "dump:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// SQLite copies the bytes before the call returns (`SQLITE_TRANSIENT`, a macro Swift cannot import).
private let SQLITE_TRANSIENT = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)
