import ArgumentParser
import Foundation
import SpindleDumps

struct DumpsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every dump run: its state, and per file the records imported, unknown elements and errors.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config)
        let status: DumpStatus
        do { status = try DumpStatus(store: store) } catch { throw CLIError(error) }
        print(json ? status.json() : status.lines.joined(separator: "\n"))
    }
}
