import ArgumentParser
import Foundation
import SpindleSync

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import data without the API.",
        subcommands: [ImportDiscogsCSVCommand.self, ImportInventoryCSVCommand.self])
}

struct ImportDiscogsCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discogs-csv",
        abstract: "Import the collection CSV that discogs.com exports (Collection → Export).",
        discussion: """
            All or nothing: a file with unreadable rows is refused with their line numbers, unless --skip-invalid. \
            Importing the same file again changes nothing; copies missing from a newer export are marked removed.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "The account to import into (default: discogs.username, else the only account, else \"local\").")
    var username: String?
    @Flag(help: "Import the readable rows and report the others.") var skipInvalid = false

    func run() throws {
        let config = try global.loadConfig()
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        let csv: DiscogsCollectionCSV
        do { csv = try DiscogsCollectionCSV(data: data) } catch { throw CLIError("\(file): \(error.description)") }
        let store = try global.openStore(config)
        let name = username ?? config.discogs.username ?? (try? global.account(config, in: store))?.username ?? "local"
        do {
            let summary = try CollectionCSVImporter(store: store).importFile(
                csv, username: name, skipInvalid: skipInvalid, now: Date())
            print(
                "imported \(summary.rows) rows for \(name): +\(summary.added) added, \(summary.changed) changed, "
                    + "\(summary.removed) removed, \(summary.unchanged) unchanged (session \(summary.sessionID))")
            for problem in summary.skipped { Terminal.warning("skipped \(problem.description)") }
        } catch { throw CLIError(error) }
    }
}
