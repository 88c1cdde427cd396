import ArgumentParser
import Foundation
import SpindleDumps
import SpindleStore

struct DumpsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import downloaded (and verified) dump files, or the files given with --file.",
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

    func run() async throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config)
        guard !files.isEmpty else {
            throw CLIError("give the files to import with --file (downloads come with `spindle dumps update`)")
        }
        let (month, dumpDate, byKind) = try DumpFileSelection.resolve(files: files, month: dumps.parsedMonth())
        let selected = byKind.filter { dumps.includes($0.key) }
        var importer = DumpImporter(store: store)
        importer.options.strict = strict
        importer.restart = restart
        if let commitEvery, commitEvery > 0 { importer.options.commitRecords = commitEvery }
        let line = DumpProgressLine(enabled: !quiet && Terminal.stderrIsTerminal)
        do {
            let reports = try importer.run(
                month: month, dumpDate: dumpDate, files: selected,
                progress: { kind, progress in
                    line.update(kind: kind, progress)
                })
            line.finish()
            if !quiet { reports.forEach { print(DumpProgressLine.summary($0)) } }
        } catch {
            line.finish()
            throw CLIError("\(error)")
        }
        if !quiet, let run = try store.read({ try $0.dumpRun(month: month.description) }) {
            let unknown = try store.read { try $0.dumpFiles(runID: run.id) }.flatMap(\.unknownElements)
            for (path, count) in unknown.sorted(by: { $0.key < $1.key }) {
                Terminal.warning("unknown element \(path) seen \(count) times (kept out; --strict refuses it)")
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

    /// `20200806` in `discogs_20200806_releases.xml.gz`.
    private static func dumpDate(in name: String) -> String? {
        let parts = name.split(separator: "_")
        guard parts.count >= 3, parts[0] == "discogs", parts[1].count == 8, parts[1].allSatisfy(\.isNumber) else {
            return nil
        }
        return String(parts[1])
    }
}
