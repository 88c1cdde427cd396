import ArgumentParser
import Foundation
import SpindleDumps
import SpindleStore

/// `spindle dumps`: the monthly Discogs data dumps, from discovery to a loaded database.
struct DumpsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dumps",
        abstract: "Download, verify and import the monthly Discogs data dumps.",
        discussion: """
            The dumps (CC0) hold every release, artist, label and master on Discogs. Once imported, a sync takes \
            release details from them instead of spending API requests. `update` does everything: check, download \
            (resuming partial files), verify against CHECKSUM.txt, import (resuming interrupted files) and clean up.
            """,
        subcommands: [
            DumpsCheckCommand.self, DumpsDownloadCommand.self, DumpsVerifyCommand.self, DumpsImportCommand.self,
            DumpsUpdateCommand.self, DumpsStatusCommand.self, DumpsCleanCommand.self,
        ])
}

/// Options shared by the dumps subcommands.
struct DumpsOptions: ParsableArguments {
    @Option(help: "The month of the dump, YYYY-MM (default: the latest).") var month: String?
    @Option(help: "Where downloaded files are kept (default: dumps.dir).") var dir: String?
    @Option(
        help: "Only these kinds, comma-separated: labels,artists,masters,releases.",
        transform: { text in
            try text.split(separator: ",").map {
                guard let kind = DumpKind(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw ValidationError("unknown dump kind \($0); use labels, artists, masters or releases")
                }
                return kind
            }
        })
    var only: [DumpKind]?

    func parsedMonth() throws -> DumpMonth? {
        guard let month else { return nil }
        guard let parsed = DumpMonth(month) else { throw CLIError("--month must look like 2020-08, not \(month)") }
        return parsed
    }

    func includes(_ kind: DumpKind) -> Bool { only.map { $0.contains(kind) } ?? true }

    var kinds: Set<DumpKind> { Set(only ?? DumpKind.allCases) }
}
