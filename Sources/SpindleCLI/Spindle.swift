import ArgumentParser
import Discogs
import Foundation
import Logging

/// `spindle`: the command-line interface. Exit codes: 0 ok, 1 error, 2 usage, 130 interrupted.
public struct Spindle: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "spindle",
        abstract: "Sync a Discogs collection into one SQLite file.",
        discussion: """
            Configuration comes from spindle.toml in the working directory (or --config), and from \
            SPINDLE_<SECTION>_<KEY> environment variables. Run `spindle init` to write a commented one.
            """,
        version: SpindleVersion.text,
        subcommands: [
            InitCommand.self, SyncCommand.self, BuildCommand.self, StatusCommand.self, ExportCommand.self,
            ImportCommand.self, ServeCommand.self, ProxyCommand.self, DumpsCommand.self, ListsCommand.self,
            CacheCommand.self, InventoryCommand.self,
        ])

    public init() {}

    /// Parses the arguments, runs the command, and exits with the code the contract promises.
    public static func runAndExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel =
                Logger.Level(rawValue: ProcessInfo.processInfo.environment["SPINDLE_LOG_LEVEL"] ?? "")
                ?? .warning
            return handler
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let error as CLIError {
            Terminal.error(error.message)
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Terminal.error(fullMessage(for: error))
            // ArgumentParser reports usage problems as EX_USAGE (64); the contract says 2.
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

enum SpindleVersion {
    static let text = "spindle \(SpindleIdentity.version)"
}
