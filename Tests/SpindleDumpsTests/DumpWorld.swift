import Foundation
import GRDB
import SpindleDumps
import SpindleStore

/// A temporary store with one dump run, and the real samples of Tests/Fixtures/dumps.
final class DumpWorld {
    let directory: URL
    let store: Store
    var storePath: String { store.path }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/dumps").standardized

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-dumps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("spindle.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Imports `path` as `kind` of `month`, resuming where the tracked file stopped.
    @discardableResult
    func importFile(
        _ path: String, kind: DumpKind, month: String = "2020-08", options: DumpFileImport.Options = .init()
    ) throws -> DumpLoadProgress {
        let now = Date()
        let (run, file) = try store.write { tx in
            let run = try tx.dumpRun(month: month, dumpDate: nil, now: now)
            let file = try tx.registerDumpFile(
                runID: run.id, kind: kind, fileName: URL(fileURLWithPath: path).lastPathComponent, url: nil,
                path: path)
            return (run, file)
        }
        let target = DumpLoadTarget(
            runID: run.id, kind: kind, month: month, dumpDate: Date(timeIntervalSince1970: 1_596_672_000))
        return try DumpFileImport(storePath: storePath, options: options).run(
            path: path, target: target, skipRecords: file.recordsDone)
    }

    /// Writes `text` to a file in the world's folder (gzip when the name ends in .gz).
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        if name.hasSuffix(".gz") {
            let plain = url.deletingPathExtension()
            try FileManager.default.moveItem(at: url, to: plain)
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
            gzip.arguments = ["-f", plain.path]
            try gzip.run()
            gzip.waitUntilExit()
        }
        return url.path
    }

    func count(_ sql: String) throws -> Int {
        try DatabaseQueue(path: storePath).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    func rows(_ sql: String) throws -> [Row] {
        try DatabaseQueue(path: storePath).read { try Row.fetchAll($0, sql: sql) }
    }
}
