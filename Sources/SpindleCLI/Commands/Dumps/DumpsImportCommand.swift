import ArgumentParser
import Foundation
import SpindleDumps
import SpindleStore

struct DumpsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a downloaded (and verified) month, or the files given with --file.",
        discussion: """
            Files are read as they are (.xml.gz or .xml), in the order labels, artists, masters, releases. An \
            interrupted import continues after the last committed record; a file already imported is skipped \
            (--restart imports it again). Unknown elements are counted and reported; --strict refuses them.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dumps: DumpsOptions
    @Option(name: .customLong("file"), help: "A dump file to import (repeatable); its kind is read from the file.")
    var files: [String] = []
    @Flag(help: "Fail on elements spindle does not know.") var strict = false
    @Flag(help: "Import files again from their first record.") var restart = false
    @Flag(help: "Print nothing but errors.") var quiet = false
    @Option(help: .hidden) var commitEvery: Int?
    @Option(help: .hidden) var batchRecords: Int?

    func run() async throws {
        let context = try DumpsContext(global: global, dir: dumps.dir, quiet: quiet)
        var options = DumpFileImport.Options()
        options.strict = strict
        if let commitEvery, commitEvery > 0 { options.commitRecords = commitEvery }
        if let batchRecords, batchRecords > 0 { options.batchRecords = batchRecords }
        let line = context.progress
        let progress: (DumpKind, DumpLoadProgress) -> Void = { kind, progress in line.update(kind: kind, progress) }
        let month: DumpMonth
        let reports: [DumpImporter.FileReport]
        do {
            if files.isEmpty {
                month = try context.month(dumps.parsedMonth())
                if restart { try resetImports(context.store, month: month) }
                reports = try context.updater.importMonth(
                    month, kinds: dumps.kinds, options: options, progress: progress)
            } else {
                let (resolved, dumpDate, byKind) = try DumpFileSelection.resolve(
                    files: files, month: dumps.parsedMonth())
                month = resolved
                var importer = DumpImporter(store: context.store)
                importer.options = options
                importer.restart = restart
                reports = try importer.run(
                    month: month, dumpDate: dumpDate, files: byKind.filter { dumps.includes($0.key) },
                    progress: progress)
            }
            line.finish()
        } catch let error as CLIError {
            line.finish()
            throw error
        } catch {
            line.finish()
            throw CLIError("\(error)")
        }
        guard !quiet else { return }
        reports.forEach { print(DumpProgressLine.summary($0)) }
        if let run = try context.store.read({ try $0.dumpRun(month: month.description) }) {
            let unknown = try context.store.read { try $0.dumpFiles(runID: run.id) }.flatMap(\.unknownElements)
            for (path, count) in unknown.sorted(by: { $0.key < $1.key }) {
                Terminal.warning("unknown element \(path) seen \(count) times (kept out; --strict refuses it)")
            }
        }
    }

    private func resetImports(_ store: Store, month: DumpMonth) throws {
        try store.write { tx in
            guard let run = try tx.dumpRun(month: month.description) else { return }
            for file in try tx.dumpFiles(runID: run.id) where dumps.includes(file.kind) {
                try tx.resetDumpImport(runID: run.id, kind: file.kind)
            }
        }
    }
}

/// Which month and kind each given file is: the kind from its root element, the month and
/// date from a dump-style name (`discogs_20200806_releases.xml.gz`) or --month.
enum DumpFileSelection {
    static func resolve(files: [String], month: DumpMonth?) throws -> (DumpMonth, String, [DumpKind: String]) {
        var byKind: [DumpKind: String] = [:]
        var dates: Set<String> = []
        for file in files {
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError("no such file: \(file)") }
            let kind: DumpKind
            do { kind = try DumpKind(contentsOf: file) } catch { throw CLIError("\(error)") }
            if let other = byKind[kind] { throw CLIError("two \(kind.rawValue) files given: \(other) and \(file)") }
            byKind[kind] = file
            if let date = dumpDate(in: URL(fileURLWithPath: file).lastPathComponent) { dates.insert(date) }
        }
        let date = dates.sorted().last
        guard let resolved = month ?? date.flatMap(DumpMonth.init(dumpDate:)) else {
            throw CLIError("cannot tell the dump's month from the file names; give it with --month YYYY-MM")
        }
        let dumpDate =
            date.flatMap { DumpMonth(dumpDate: $0) == resolved ? $0 : nil }
            ?? String(format: "%04d%02d01", resolved.year, resolved.month)
        return (resolved, dumpDate, byKind)
    }

    /// `20200806` in `discogs_20200806_releases.xml.gz` (or in its decompressed `….xml`).
    private static func dumpDate(in name: String) -> String? {
        (DumpFileName(name) ?? DumpFileName(name + ".gz"))?.date
    }
}
