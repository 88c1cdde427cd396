import Foundation
import SpindleStore

/// Deletes downloaded dump files nobody needs any more: those of months older than the newest
/// `keepMonths` completed ones. Never a file of a run that is downloading or processing, and
/// never a file spindle did not download (one given with `--file` is the user's).
public struct DumpCleanup: Sendable {
    public let store: Store
    public let keepMonths: Int

    public init(store: Store, keepMonths: Int) {
        self.store = store
        self.keepMonths = keepMonths
    }

    /// Returns the paths deleted.
    @discardableResult
    public func run() throws -> [String] {
        let runs = try store.read { try $0.dumpRuns() }
        let kept = Set(runs.filter { $0.status == .completed }.prefix(keepMonths).map(\.month))
        var deleted: [String] = []
        for run in runs where !run.status.isBusy && !kept.contains(run.month) {
            // A failed or unfinished month newer than every kept one may still be retried.
            if run.status != .completed, let newestKept = kept.max(), run.month > newestKept { continue }
            if run.status != .completed, kept.isEmpty { continue }
            let files = try store.read { try $0.dumpFiles(runID: run.id) }
            for file in files where file.url != nil {
                guard let path = file.path else { continue }
                for candidate in [path, path + ".part"] where FileManager.default.fileExists(atPath: candidate) {
                    try FileManager.default.removeItem(atPath: candidate)
                    deleted.append(candidate)
                }
                try store.write { try $0.forgetDumpFilePath(runID: run.id, kind: file.kind) }
            }
            if let folder = files.compactMap(\.path).first.map({ URL(fileURLWithPath: $0).deletingLastPathComponent() })
            {
                deleted += Self.removeChecksumAndEmptyFolder(folder, dumpDate: run.dumpDate)
            }
        }
        return deleted
    }

    /// The month's CHECKSUM.txt goes with its files; the month's folder goes when it is empty.
    private static func removeChecksumAndEmptyFolder(_ folder: URL, dumpDate: String?) -> [String] {
        var deleted: [String] = []
        if let dumpDate {
            let checksum = folder.appendingPathComponent("discogs_\(dumpDate)_CHECKSUM.txt").path
            if (try? FileManager.default.removeItem(atPath: checksum)) != nil { deleted.append(checksum) }
        }
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: folder.path), contents.isEmpty {
            try? FileManager.default.removeItem(at: folder)
        }
        return deleted
    }
}
