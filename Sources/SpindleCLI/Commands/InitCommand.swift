import ArgumentParser
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented spindle.toml with every setting and its default.")

    @Option(help: "Where to write it.") var config = ConfigLoader.fileName
    @Flag(help: "Replace an existing file.") var force = false

    func run() throws {
        let url = URL(fileURLWithPath: config)
        if FileManager.default.fileExists(atPath: url.path), !force {
            throw CLIError("\(url.path) already exists; use --force to replace it")
        }
        do {
            try DefaultConfig.text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError("cannot write \(url.path): \(error.localizedDescription)")
        }
        print("wrote \(url.path)")
        print("next: put your Discogs token in a file (chmod 600) and set discogs.token_file, or export DISCOGS_TOKEN;")
        print("      then run `spindle sync`.")
    }
}
