import ArgumentParser
import Foundation
import SpindleStore
import SpindleSync

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the collection, the wantlist or a smart list as JSON or CSV.",
        discussion: """
            JSON is one array. Collection elements have instance_id, release_id, folder_id, folder, rating, \
            date_added, notes (field name → value), title, artists and year; wantlist elements have release_id, \
            rating, notes, date_added, title, artists and year. With --include-removed, items removed on \
            Discogs are included and every element has removed_at (null while active). `export list NAME` prints a \
            smart list's members in list order, with the fields of its base's export.
            """)

    enum What: String, ExpressibleByArgument, CaseIterable {
        case collection, wantlist, list, inventory
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "collection, wantlist, list or inventory") var what: What
    @Argument(help: "The list's name (with `list`).") var name: String?
    @Option(help: "json or csv") var format: Exporter.Format = .json
    @Flag(help: "Include items and wants that were removed, with removed_at.") var includeRemoved = false
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config)
        let account = try global.account(config, in: store)
        let exporter = Exporter(store: store)
        let data: Data
        do {
            switch what {
            case .collection:
                data = try exporter.collection(accountID: account.id, format: format, includeRemoved: includeRemoved)
            case .wantlist:
                data = try exporter.wantlist(accountID: account.id, format: format, includeRemoved: includeRemoved)
            case .inventory:
                data = try exporter.inventory(accountID: account.id, format: format, includeRemoved: includeRemoved)
            case .list:
                guard let name else { throw CLIError("give the list's name: spindle export list NAME") }
                data = try exporter.list(accountID: account.id, name: name, format: format)
            }
        } catch let error as CLIError {
            throw error
        } catch let error as StoreError {
            throw CLIError("\(error.underlying)")
        } catch { throw CLIError("\(error)") }
        if let output {
            do { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLIError("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

extension Exporter.Format: ExpressibleByArgument {}
