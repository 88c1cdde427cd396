import Foundation
import SpindleStore

/// Every run with its files, as `spindle dumps status --json` prints it (and as a person reads
/// it, through `lines`).
public struct DumpStatus: Encodable, Sendable {
    public struct Run: Encodable, Sendable {
        var month: String
        var dumpDate: String?
        var status: String
        var retryCount: Int
        var nextAttemptAt: Date?
        var lastError: String?
        var checksumOverride: Bool
        var createdAt: Date
        var downloadStartedAt: Date?
        var downloadedAt: Date?
        var processingStartedAt: Date?
        var completedAt: Date?
        var failedAt: Date?
        /// Records imported so far, by kind (`labels`, `artists`, `masters`, `releases`).
        var records: [String: Int]
        var files: [File]
    }

    public struct File: Encodable, Sendable {
        var kind: String
        var file: String
        var url: String?
        var path: String?
        var sizeBytes: Int64?
        var downloadedBytes: Int64
        var downloadSeconds: Double?
        var sha256Expected: String?
        var sha256Actual: String?
        var verifiedAt: Date?
        var importStatus: String
        /// `{"releases": 1000}`: the records of this file read and committed.
        var records: [String: Int]
        var recordsWritten: Int
        var recordsUnchanged: Int
        var recordsKeptNewer: Int
        var lastRecordID: Int?
        var rowsWritten: Int
        var bytesRead: Int64
        var importSeconds: Double
        var unknownElements: [String: Int]
        var errors: [String]
    }

    public var runs: [Run]

    public init(store: Store) throws(StoreError) {
        runs = try store.read { tx in
            try tx.dumpRuns().map { run in
                let files = try tx.dumpFiles(runID: run.id).map(File.init)
                var records: [String: Int] = [:]
                for file in files { records.merge(file.records, uniquingKeysWith: +) }
                return Run(
                    month: run.month, dumpDate: run.dumpDate, status: run.status.rawValue, retryCount: run.retryCount,
                    nextAttemptAt: run.nextAttemptAt, lastError: run.lastError, checksumOverride: run.checksumOverride,
                    createdAt: run.createdAt, downloadStartedAt: run.downloadStartedAt, downloadedAt: run.downloadedAt,
                    processingStartedAt: run.processingStartedAt, completedAt: run.completedAt, failedAt: run.failedAt,
                    records: records, files: files)
            }
        }
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// `2020-08 completed (20200806) · releases 1,000 · artists 1,000 …` and a line per file.
    public var lines: [String] {
        guard !runs.isEmpty else { return ["no dump runs yet (spindle dumps update, or dumps import --file)"] }
        var lines: [String] = []
        for run in runs {
            var head = "\(run.month) \(run.status)"
            if let date = run.dumpDate { head += " (\(date))" }
            if run.retryCount > 0 { head += " · \(run.retryCount) failed attempts" }
            if let next = run.nextAttemptAt { head += " · next attempt \(next.formatted(.iso8601))" }
            lines.append(head)
            if let error = run.lastError { lines.append("  last error: \(error)") }
            for file in run.files {
                var line = "  \(file.kind): \(file.importStatus), \(file.records.values.reduce(0, +)) records"
                if file.recordsUnchanged > 0 { line += " (\(file.recordsUnchanged) unchanged)" }
                if file.verifiedAt != nil { line += ", checksum verified" }
                if let size = file.sizeBytes, file.downloadedBytes < size {
                    line += ", downloaded \(file.downloadedBytes) of \(size) bytes"
                }
                if !file.unknownElements.isEmpty {
                    line +=
                        ", unknown elements: "
                        + file.unknownElements.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(
                            separator: ", ")
                }
                lines.append(line)
                for error in file.errors { lines.append("    error: \(error)") }
            }
        }
        return lines
    }
}

extension DumpStatus.File {
    init(_ file: DumpFile) {
        self.init(
            kind: file.kind.rawValue, file: file.fileName, url: file.url, path: file.path, sizeBytes: file.sizeBytes,
            downloadedBytes: file.downloadedBytes, downloadSeconds: file.downloadSeconds,
            sha256Expected: file.sha256Expected, sha256Actual: file.sha256Actual, verifiedAt: file.verifiedAt,
            importStatus: file.importStatus.rawValue, records: [file.kind.rawValue: file.recordsDone],
            recordsWritten: file.recordsWritten, recordsUnchanged: file.recordsUnchanged,
            recordsKeptNewer: file.recordsKeptNewer, lastRecordID: file.lastRecordID, rowsWritten: file.rowsWritten,
            bytesRead: file.bytesRead, importSeconds: file.importSeconds, unknownElements: file.unknownElements,
            errors: file.error.map { [$0] } ?? [])
    }
}
