import Foundation
import SpindleStore

/// Imports a month's files in dependency order (labels, artists, masters, releases), moving the
/// run through its states and each file through pending → importing → imported. A file that
/// was interrupted resumes after its last committed record; one already imported is skipped.
public struct DumpImporter: Sendable {
    public struct FileReport: Sendable {
        public var kind: DumpKind
        public var path: String
        public var progress: DumpLoadProgress
        public var seconds: Double
        public var skipped: Bool
    }

    public let store: Store
    public var options = DumpFileImport.Options()
    /// Import even files already imported (from their first record).
    public var restart = false
    /// Checked between batches: true stops the import after a commit (shutdown of `spindle serve`).
    public var shouldStop: @Sendable () -> Bool = { false }

    public init(store: Store) {
        self.store = store
    }

    /// Imports `files` (kind → path) into the run of `month`, whose dump is dated `dumpDate`.
    @discardableResult
    public func run(
        month: DumpMonth, dumpDate: String, files: [DumpKind: String], now: @Sendable () -> Date = Date.init,
        progress: (DumpKind, DumpLoadProgress) -> Void = { _, _ in }
    ) throws -> [FileReport] {
        let run = try store.write { tx in
            let run = try tx.dumpRun(month: month.description, dumpDate: dumpDate, now: now())
            for (kind, path) in files {
                try tx.registerDumpFile(
                    runID: run.id, kind: kind, fileName: URL(fileURLWithPath: path).lastPathComponent, url: nil,
                    path: path)
                if restart { try tx.resetDumpImport(runID: run.id, kind: kind) }
            }
            return run.status == .processing
                ? run : try tx.moveDumpRun(month: month.description, to: .processing, now: now())
        }
        let date = Self.date(of: dumpDate)
        var reports: [FileReport] = []
        for kind in files.keys.sorted() {
            let path = files[kind]!
            let file = try store.read { try $0.dumpFile(runID: run.id, kind: kind) }
            if let file, file.importStatus == .imported {
                reports.append(
                    FileReport(kind: kind, path: path, progress: file.progressSoFar, seconds: 0, skipped: true))
                continue
            }
            try store.write { try $0.beginDumpImport(runID: run.id, kind: kind, now: now()) }
            let started = ContinuousClock.now
            let target = DumpLoadTarget(runID: run.id, kind: kind, month: month.description, dumpDate: date)
            do {
                let result = try DumpFileImport(storePath: store.path, options: options).run(
                    path: path, target: target, skipRecords: file?.recordsDone ?? 0, shouldStop: shouldStop
                ) { progress(kind, $0) }
                let seconds = (ContinuousClock.now - started) / .seconds(1)
                try store.write { tx in
                    try tx.addDumpImportSeconds(runID: run.id, kind: kind, seconds)
                    try tx.finishDumpImport(runID: run.id, kind: kind, error: nil, now: now())
                }
                reports.append(FileReport(kind: kind, path: path, progress: result, seconds: seconds, skipped: false))
            } catch let stopped as DumpLoadStopped {
                // Not a failure: the run stays in processing and resumes next time.
                try store.write { tx in
                    try tx.addDumpImportSeconds(
                        runID: run.id, kind: kind, (ContinuousClock.now - started) / .seconds(1))
                }
                throw stopped
            } catch {
                let message = "\(error)"
                let seconds = (ContinuousClock.now - started) / .seconds(1)
                try? store.write { tx in
                    try tx.addDumpImportSeconds(runID: run.id, kind: kind, seconds)
                    try tx.finishDumpImport(runID: run.id, kind: kind, error: message, now: now())
                    try tx.moveDumpRun(month: month.description, to: .failed, error: message, now: now())
                }
                throw error
            }
        }
        try store.write { tx in
            let files = try tx.dumpFiles(runID: run.id)
            if files.allSatisfy({ $0.importStatus == .imported }) {
                try tx.moveDumpRun(month: month.description, to: .completed, now: now())
            }
        }
        return reports
    }

    /// Midnight UTC of `YYYYMMDD`.
    static func date(of dumpDate: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let y = Int(dumpDate.prefix(4)) ?? 1970
        let m = Int(dumpDate.dropFirst(4).prefix(2)) ?? 1
        let d = Int(dumpDate.dropFirst(6).prefix(2)) ?? 1
        return calendar.date(from: DateComponents(year: y, month: m, day: d)) ?? Date(timeIntervalSince1970: 0)
    }
}

extension DumpFile {
    var progressSoFar: DumpLoadProgress {
        DumpLoadProgress(
            recordsDone: recordsDone, recordsWritten: recordsWritten, recordsUnchanged: recordsUnchanged,
            recordsKeptNewer: recordsKeptNewer, rowsWritten: rowsWritten, bytesRead: bytesRead)
    }
}
