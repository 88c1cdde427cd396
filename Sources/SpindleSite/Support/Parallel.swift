import Dispatch
import Foundation
import Synchronization

/// CPU-bound work spread over every core, for the build's phases that are not rendering.
enum Parallel {
    /// `items.map(transform)`, in the same order, computed in as many chunks as there are cores.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let chunks = min(ProcessInfo.processInfo.activeProcessorCount, max(1, items.count / 256))
        guard chunks > 1 else { return items.map(transform) }
        let size = (items.count + chunks - 1) / chunks
        let parts = Mutex<[Int: [R]]>([:])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let part = items[chunk * size..<min((chunk + 1) * size, items.count)].map(transform)
            parts.withLock { $0[chunk] = part }
        }
        return parts.withLock { parts in (0..<chunks).flatMap { parts[$0] ?? [] } }
    }

    /// Runs `body` for every item, on every core.
    static func forEach<T: Sendable>(_ items: [T], _ body: @Sendable (T) -> Void) {
        _ = map(items, body)
    }
}
