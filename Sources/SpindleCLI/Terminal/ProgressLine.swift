import Foundation
import SpindleSync
import Synchronization

/// The one-line progress display of a long sync, redrawn in place on a terminal:
/// `[sync 3] fetching releases · 412/931 requests (44%) · 57 left in window · ETA 9m`.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let lastDraw = Mutex<Date>(.distantPast)

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ progress: SyncProgress) {
        guard enabled else { return }
        let now = Date()
        let due = lastDraw.withLock { last in
            guard now.timeIntervalSince(last) >= 0.1 else { return false }
            last = now
            return true
        }
        guard due else { return }
        Terminal.write("\r\u{1B}[K" + Self.format(progress))
    }

    func finish() {
        guard enabled else { return }
        Terminal.write("\r\u{1B}[K")
    }

    static func format(_ progress: SyncProgress) -> String {
        var parts = [
            "[sync \(progress.sessionID)] \(progress.phase)",
            "\(progress.done)/\(progress.total) requests (\(progress.percent)%)",
        ]
        if progress.failed > 0 { parts.append("\(progress.failed) failed") }
        if let remaining = progress.rateLimitRemaining { parts.append("\(remaining) left in window") }
        if let eta = progress.eta { parts.append("ETA \(DurationText.format(eta))") }
        return parts.joined(separator: " · ")
    }
}

enum DurationText {
    /// `45s`, `9m`, `1h05m`.
    static func format(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m\(total % 60 == 0 ? "" : String(format: "%02ds", total % 60))" }
        return "\(total / 3600)h\(String(format: "%02dm", (total % 3600) / 60))"
    }
}
