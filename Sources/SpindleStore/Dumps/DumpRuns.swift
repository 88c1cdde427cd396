import Foundation
import GRDB

/// The four dump files of a month, in the order they are imported (releases refer to the others).
public enum DumpKind: String, Sendable, Codable, CaseIterable, Comparable {
    case labels, artists, masters, releases

    public static func < (lhs: DumpKind, rhs: DumpKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One month of dumps, as tracked in `dump_runs`.
public struct DumpRun: Sendable, Equatable {
    public var id: Int64
    /// `2020-08`
    public var month: String
    /// `20200806`, once known.
    public var dumpDate: String?
    public var status: DumpRunStatus
    public var retryCount: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var checksumOverride: Bool
    public var createdAt: Date
    public var downloadStartedAt: Date?
    public var downloadedAt: Date?
    public var processingStartedAt: Date?
    public var completedAt: Date?
    public var failedAt: Date?
    public var updatedAt: Date

    init(row: Row) {
        id = row["id"]
        month = row["year_month"]
        dumpDate = row["dump_date"]
        status = DumpRunStatus(rawValue: row["status"]) ?? .failed
        retryCount = row["retry_count"]
        nextAttemptAt = row["next_attempt_at"]
        lastError = row["last_error"]
        checksumOverride = row["checksum_override"]
        createdAt = row["created_at"]
        downloadStartedAt = row["download_started_at"]
        downloadedAt = row["downloaded_at"]
        processingStartedAt = row["processing_started_at"]
        completedAt = row["completed_at"]
        failedAt = row["failed_at"]
        updatedAt = row["updated_at"]
    }
}

/// How the import of one file is going.
public enum DumpImportStatus: String, Sendable, Codable {
    case pending, importing, imported, failed
}

/// One file of a month's dump, as tracked in `dump_files`: download, checksum and import state.
public struct DumpFile: Sendable, Equatable {
    public var runID: Int64
    public var kind: DumpKind
    public var fileName: String
    public var url: String?
    public var path: String?
    public var sizeBytes: Int64?
    public var downloadedBytes: Int64
    public var downloadSeconds: Double?
    public var sha256Expected: String?
    public var sha256Actual: String?
    public var verifiedAt: Date?
    public var importStatus: DumpImportStatus
    /// Records read and committed: an interrupted import skips this many and goes on.
    public var recordsDone: Int
    public var lastRecordID: Int?
    public var recordsWritten: Int
    public var recordsUnchanged: Int
    public var recordsKeptNewer: Int
    public var rowsWritten: Int
    public var bytesRead: Int64
    public var importSeconds: Double
    /// Elements the importer does not know, by path, with how often they occurred.
    public var unknownElements: [String: Int]
    public var error: String?
    public var importStartedAt: Date?
    public var importedAt: Date?

    init(row: Row) {
        runID = row["run_id"]
        kind = DumpKind(rawValue: row["kind"]) ?? .releases
        fileName = row["file_name"]
        url = row["url"]
        path = row["path"]
        sizeBytes = row["size_bytes"]
        downloadedBytes = row["downloaded_bytes"]
        downloadSeconds = row["download_seconds"]
        sha256Expected = row["sha256_expected"]
        sha256Actual = row["sha256_actual"]
        verifiedAt = row["verified_at"]
        importStatus = DumpImportStatus(rawValue: row["import_status"]) ?? .pending
        recordsDone = row["records_done"]
        lastRecordID = row["last_record_id"]
        recordsWritten = row["records_written"]
        recordsUnchanged = row["records_unchanged"]
        recordsKeptNewer = row["records_kept_newer"]
        rowsWritten = row["rows_written"]
        bytesRead = row["bytes_read"]
        importSeconds = row["import_seconds"]
        unknownElements = JSONColumn.decode([String: Int].self, row["unknown_elements"]) ?? [:]
        error = row["error"]
        importStartedAt = row["import_started_at"]
        importedAt = row["imported_at"]
    }
}

extension StoreTransaction {
    /// The run of `month`, created (not started) when there is none yet.
    @discardableResult
    public func dumpRun(month: String, dumpDate: String?, now: Date) throws -> DumpRun {
        try execute(
            """
            INSERT INTO dump_runs (year_month, dump_date, created_at, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (year_month) DO UPDATE SET dump_date = coalesce(excluded.dump_date, dump_date)
            """, [month, dumpDate, now, now])
        return try dumpRun(month: month)!
    }

    public func dumpRun(month: String) throws -> DumpRun? {
        try row("SELECT * FROM dump_runs WHERE year_month = ?", [month]).map(DumpRun.init(row:))
    }

    /// Every run, newest month first.
    public func dumpRuns() throws -> [DumpRun] {
        try rows("SELECT * FROM dump_runs ORDER BY year_month DESC").map(DumpRun.init(row:))
    }

    /// Moves a run to `status`, stamping the time of the phase it enters. Refuses moves the
    /// state machine does not allow (`DumpRunStatus.canMove(to:)`).
    @discardableResult
    public func moveDumpRun(
        month: String, to status: DumpRunStatus, error: String? = nil, now: Date
    ) throws
        -> DumpRun
    {
        guard let run = try dumpRun(month: month) else { throw DumpRunError.unknownRun(month: month) }
        guard run.status.canMove(to: status) else {
            throw DumpRunError.invalidTransition(month: month, from: run.status, to: status)
        }
        let stamp: String? =
            switch status {
            case .downloading: "download_started_at"
            case .readyForProcessing: "downloaded_at"
            case .processing: "processing_started_at"
            case .completed: "completed_at"
            case .failed: "failed_at"
            case .notStarted: nil
            }
        var sql = "UPDATE dump_runs SET status = ?, updated_at = ?"
        var arguments: StatementArguments = [status.rawValue, now]
        if let stamp {
            sql += ", \(stamp) = ?"
            arguments += [now]
        }
        if status == .failed {
            sql += ", last_error = ?, retry_count = retry_count + 1"
            arguments += [error]
        } else if status == .completed {
            sql += ", last_error = NULL, next_attempt_at = NULL"
        }
        try execute(sql + " WHERE id = ?", arguments + [run.id])
        return try dumpRun(month: month)!
    }

    /// When a failed run should be tried again (nil: not again until asked).
    public func scheduleDumpRetry(month: String, at date: Date?) throws {
        try execute("UPDATE dump_runs SET next_attempt_at = ? WHERE year_month = ?", [date, month])
    }

    public func setChecksumOverride(month: String, _ override: Bool) throws {
        try execute("UPDATE dump_runs SET checksum_override = ? WHERE year_month = ?", [override, month])
    }

    /// Forgets a run's failures (a user's explicit retry starts the backoff again).
    public func resetDumpRetries(month: String) throws {
        try execute(
            "UPDATE dump_runs SET retry_count = 0, next_attempt_at = NULL WHERE year_month = ?", [month])
    }

    // MARK: Files

    /// The file of `kind` in a run, registered (pending) when it is new. A different file name
    /// (another dump date, or another file given with --file) starts its import over.
    @discardableResult
    public func registerDumpFile(
        runID: Int64, kind: DumpKind, fileName: String, url: String?, path: String?
    ) throws -> DumpFile {
        if let existing = try dumpFile(runID: runID, kind: kind), existing.fileName == fileName {
            try execute(
                "UPDATE dump_files SET url = coalesce(?, url), path = coalesce(?, path) WHERE run_id = ? AND kind = ?",
                [url, path, runID, kind.rawValue])
        } else {
            try execute(
                "INSERT OR REPLACE INTO dump_files (run_id, kind, file_name, url, path) VALUES (?, ?, ?, ?, ?)",
                [runID, kind.rawValue, fileName, url, path])
        }
        return try dumpFile(runID: runID, kind: kind)!
    }

    public func dumpFile(runID: Int64, kind: DumpKind) throws -> DumpFile? {
        try row("SELECT * FROM dump_files WHERE run_id = ? AND kind = ?", [runID, kind.rawValue])
            .map(DumpFile.init(row:))
    }

    /// A run's files in import order.
    public func dumpFiles(runID: Int64) throws -> [DumpFile] {
        try rows("SELECT * FROM dump_files WHERE run_id = ?", [runID]).map(DumpFile.init(row:))
            .sorted { $0.kind < $1.kind }
    }

    /// The size a listing gave for a file, before it is downloaded (for progress and checks).
    public func recordExpectedSize(runID: Int64, kind: DumpKind, _ size: Int64) throws {
        try execute(
            "UPDATE dump_files SET size_bytes = ? WHERE run_id = ? AND kind = ?", [size, runID, kind.rawValue])
    }

    public func recordDownload(
        runID: Int64, kind: DumpKind, path: String, sizeBytes: Int64?, downloadedBytes: Int64, seconds: Double?
    ) throws {
        try execute(
            """
            UPDATE dump_files SET path = ?, size_bytes = coalesce(?, size_bytes), downloaded_bytes = ?,
                download_seconds = coalesce(?, download_seconds)
            WHERE run_id = ? AND kind = ?
            """, [path, sizeBytes, downloadedBytes, seconds, runID, kind.rawValue])
    }

    /// The outcome of checking a file against CHECKSUM.txt. A mismatch clears the verification
    /// (the file is deleted and downloaded again by the caller).
    public func recordChecksum(
        runID: Int64, kind: DumpKind, expected: String?, actual: String?, verified: Bool, now: Date
    ) throws {
        try execute(
            """
            UPDATE dump_files SET sha256_expected = ?, sha256_actual = ?, verified_at = ?
            WHERE run_id = ? AND kind = ?
            """, [expected, actual, verified ? now : nil, runID, kind.rawValue])
        if !verified {
            try execute(
                "UPDATE dump_files SET downloaded_bytes = 0, size_bytes = NULL WHERE run_id = ? AND kind = ?",
                [runID, kind.rawValue])
        }
    }

    /// Marks a file's import as started (or resumed).
    public func beginDumpImport(runID: Int64, kind: DumpKind, now: Date) throws {
        try execute(
            """
            UPDATE dump_files SET import_status = 'importing', error = NULL,
                import_started_at = coalesce(import_started_at, ?)
            WHERE run_id = ? AND kind = ?
            """, [now, runID, kind.rawValue])
    }

    /// Starts a file's import over from its first record (a new file, or `--restart`).
    public func resetDumpImport(runID: Int64, kind: DumpKind) throws {
        try execute(
            """
            UPDATE dump_files SET import_status = 'pending', records_done = 0, last_record_id = NULL,
                records_written = 0, records_unchanged = 0, records_kept_newer = 0, rows_written = 0,
                bytes_read = 0, import_seconds = 0, unknown_elements = '{}', error = NULL,
                import_started_at = NULL, imported_at = NULL
            WHERE run_id = ? AND kind = ?
            """, [runID, kind.rawValue])
    }

    public func finishDumpImport(runID: Int64, kind: DumpKind, error: String?, now: Date) throws {
        try execute(
            """
            UPDATE dump_files SET import_status = ?, error = ?, imported_at = CASE WHEN ? IS NULL THEN ? END
            WHERE run_id = ? AND kind = ?
            """,
            [error == nil ? "imported" : "failed", error, error, now, runID, kind.rawValue])
    }

    public func addDumpImportSeconds(runID: Int64, kind: DumpKind, _ seconds: Double) throws {
        try execute(
            "UPDATE dump_files SET import_seconds = import_seconds + ? WHERE run_id = ? AND kind = ?",
            [seconds, runID, kind.rawValue])
    }

    /// Forgets where a file is on disk (after cleanup deleted it).
    public func forgetDumpFilePath(runID: Int64, kind: DumpKind) throws {
        try execute("UPDATE dump_files SET path = NULL WHERE run_id = ? AND kind = ?", [runID, kind.rawValue])
    }
}
