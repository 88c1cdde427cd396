import Foundation
import SpindleDumps
import SpindleStore

/// The one-line progress of a dump import: `[releases] 1,204,000 records · 18,400/s · 2.1 GB read`.
final class DumpProgressLine: @unchecked Sendable {
    let isEnabled: Bool
    private var started: ContinuousClock.Instant?
    private var startRecords = 0
    private var startBytes: Int64 = 0

    init(enabled: Bool) { isEnabled = enabled }

    func update(kind: DumpKind, _ progress: DumpLoadProgress) {
        guard isEnabled else { return }
        let now = ContinuousClock.now
        if started == nil {
            started = now
            startRecords = progress.recordsDone
            startBytes = progress.bytesRead
        }
        let elapsed = started.map { (now - $0) / .seconds(1) } ?? 0
        let rate = elapsed > 0 ? Double(progress.recordsDone - startRecords) / elapsed : 0
        let megabytes = Double(progress.bytesRead) / 1_048_576
        var line = "\r\u{1B}[K[\(kind.rawValue)] \(progress.recordsDone) records · \(Int(rate))/s · "
        if let total = progress.bytesTotal, total > 0, progress.bytesRead > 0 {
            let fraction = min(Double(progress.bytesRead) / Double(total), 1)
            line += String(format: "%.0f%% of %.0f MB", fraction * 100, Double(total) / 1_048_576)
            // From the pace of this run (a resumed import skipped its start quickly).
            let done = Double(progress.bytesRead - startBytes)
            if done > 0, elapsed > 1 {
                line += " · ETA " + DurationText.format(elapsed / done * Double(total - progress.bytesRead))
            }
        } else {
            line += String(format: "%.0f MB read", megabytes)
        }
        Terminal.write(line)
    }

    func finish() {
        guard isEnabled else { return }
        Terminal.write("\r\u{1B}[K")
    }

    /// A download's progress, redrawn in place.
    func show(_ text: String) {
        guard isEnabled else { return }
        Terminal.write("\r\u{1B}[K" + text)
    }

    /// Clears the line before a message is printed below it.
    func clear() { finish() }

    static func summary(_ report: DumpImporter.FileReport) -> String {
        let p = report.progress
        if report.skipped { return "\(report.kind.rawValue): already imported (\(p.recordsDone) records)" }
        let rate = report.seconds > 0 ? Int(Double(p.recordsWritten + p.recordsUnchanged) / report.seconds) : 0
        return "\(report.kind.rawValue): \(p.recordsDone) records (\(p.recordsWritten) written, "
            + "\(p.recordsUnchanged) unchanged, \(p.recordsKeptNewer) kept newer from the API), "
            + "\(p.rowsWritten) rows in " + String(format: "%.1f s", report.seconds) + " (\(rate) records/s)"
    }
}
