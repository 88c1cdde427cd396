import Foundation
import SpindleStore

/// Imports one dump file into the store: libxml2 and zlib on a parser thread, SQLite on the
/// calling thread, a bounded queue between them (2 cores, both busy). Resumes after the records
/// a previous run committed; stops at the first malformed byte with everything before it kept.
public struct DumpFileImport: Sendable {
    public struct Options: Sendable {
        /// Fail on elements spindle does not know (the default counts and reports them).
        public var strict = false
        /// Records per batch handed from the parser to the writer.
        public var batchRecords = 1_000
        /// Batches in flight between the two threads.
        public var queueCapacity = 4
        /// Records per transaction (each commit also moves the resume point).
        public var commitRecords = 20_000

        public init() {}
    }

    public let storePath: String
    public let options: Options

    public init(storePath: String, options: Options = Options()) {
        self.storePath = storePath
        self.options = options
    }

    /// Loads `path` as `target.kind`, skipping the first `skipRecords` records (already committed).
    public func run(
        path: String, target: DumpLoadTarget, skipRecords: Int, shouldStop: () -> Bool = { false },
        progress: (DumpLoadProgress) -> Void = { _ in }
    ) throws -> DumpLoadProgress {
        let loader = try DumpLoader(path: storePath)
        loader.commitRecords = options.commitRecords
        if skipRecords == 0 { _ = try loader.prepareFreshLoad(of: target.kind) }

        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        let queue = BatchQueue(capacity: options.queueCapacity)
        let job = ParseJob(
            path: path, kind: target.kind, queue: queue,
            options: RecordParser.Options(
                strict: options.strict, skipRecords: skipRecords, batchRecords: batchSize(target.kind)))
        let thread = Thread { job.run() }
        thread.name = "spindle-dump-parser"
        thread.stackSize = 8 << 20
        thread.start()

        var previous: DumpBatch?
        defer {
            queue.close()
            queue.waitUntilFinished()
        }
        return try loader.load(
            target,
            next: {
                if let previous { queue.recycle(previous) }
                previous = try queue.pop()
                return previous
            }, shouldStop: shouldStop,
            progress: { update in
                var update = update
                update.bytesTotal = size
                progress(update)
            })
    }

    /// Artists and labels are small records: larger batches keep the hand-over cheap.
    private func batchSize(_ kind: DumpKind) -> Int {
        kind == .releases ? options.batchRecords : options.batchRecords * 4
    }
}

/// The parser thread's work: everything it touches is its own until a batch is pushed.
private final class ParseJob: @unchecked Sendable {
    let path: String
    let kind: DumpKind
    let queue: BatchQueue
    let options: RecordParser.Options

    init(path: String, kind: DumpKind, queue: BatchQueue, options: RecordParser.Options) {
        self.path = path
        self.kind = kind
        self.queue = queue
        self.options = options
    }

    func run() {
        do {
            let input = try GzipInput(path: path)
            let stream = try XMLStream(input: input)
            let grammar = DumpGrammar.of(kind)
            let parser = RecordParser(
                stream: stream, grammar: grammar, path: path, options: options,
                makeBatch: { [queue, options] in
                    queue.reusableBatch() ?? DumpBatch(tables: grammar.tables, expectedRecords: options.batchRecords)
                },
                emit: { [queue] batch in try queue.push(batch) })
            try parser.run()
            queue.finish(error: nil)
        } catch is BatchQueue.Closed {
            queue.finish(error: nil)
        } catch {
            queue.finish(error: error)
        }
    }
}
