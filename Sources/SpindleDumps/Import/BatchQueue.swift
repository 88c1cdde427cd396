import Foundation
import SpindleStore

/// The hand-over between the parser thread and the writer: at most `capacity` batches in
/// flight (memory stays flat when SQLite is the slower side), and spent batches come back for
/// reuse. Either side can stop the other: the parser by finishing or failing, the writer by
/// closing the queue.
final class BatchQueue: @unchecked Sendable {
    private enum Item {
        case batch(DumpBatch)
        case failure(any Error)
    }

    private let condition = NSCondition()
    private let capacity: Int
    private var items: [Item] = []
    private var spare: [DumpBatch] = []
    private var finished = false
    private var closed = false

    struct Closed: Error {}

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Parser side: waits while the queue is full; throws when the writer has gone away.
    func push(_ batch: DumpBatch) throws {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        if closed { throw Closed() }
        items.append(.batch(batch))
        condition.broadcast()
    }

    /// Parser side: no more batches; `error` is what stopped the parse, if anything.
    func finish(error: (any Error)?) {
        condition.lock()
        if let error { items.append(.failure(error)) }
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Writer side: the next batch, nil at the end, or the parser's error.
    func pop() throws -> DumpBatch? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        switch item {
        case .batch(let batch): return batch
        case .failure(let error): throw error
        }
    }

    /// Writer side: stop the parser (the writer failed).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the parser thread has said it is finished (after `close`, so it does not
    /// outlive the import).
    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }

    func recycle(_ batch: DumpBatch) {
        batch.reset()
        condition.lock()
        spare.append(batch)
        condition.unlock()
    }

    func reusableBatch() -> DumpBatch? {
        condition.lock()
        defer { condition.unlock() }
        return spare.popLast()
    }
}
