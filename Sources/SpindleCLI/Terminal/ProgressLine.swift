import Foundation
import SpindleSync

/// The one-line progress display of a long sync, redrawn in place on a terminal:
/// `[sync 3] fetching releases · 412/931 requests (44%) · 57 left in window · ETA 9m`.
final class ProgressLine: Sendable {
    let isEnabled: Bool

    init(enabled: Bool) { isEnabled = enabled }

    func update(_ progress: SyncProgress) {
        guard isEnabled else { return }
        Terminal.write("\r\u{1B}[K" + Self.format(progress))
    }

    func finish() {
        guard isEnabled else { return }
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
