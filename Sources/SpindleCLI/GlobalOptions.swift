import ArgumentParser
import Discogs
import Foundation
import SpindleStore

/// Options every command takes, and the setup they share: configuration, database, token.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: ./spindle.toml when it exists).")
    var config: String?

    func loadConfig() throws -> SpindleConfig {
        do { return try ConfigLoader().load(path: config).config } catch { throw CLIError(error) }
    }

    func openStore(_ config: SpindleConfig) throws -> Store {
        do { return try Store(path: config.databasePath) } catch { throw CLIError(error) }
    }

    /// The token from DISCOGS_TOKEN, else from the token file. A token file others can read is
    /// still used, with a warning, as ssh does for keys.
    func token(_ config: SpindleConfig) throws -> DiscogsToken {
        if let value = ProcessInfo.processInfo.environment["DISCOGS_TOKEN"], let token = DiscogsToken(value) {
            return token
        }
        guard let path = config.tokenFilePath else {
            throw CLIError("no Discogs token: set DISCOGS_TOKEN, or discogs.token_file in spindle.toml")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("cannot read the token file \(path) (discogs.token_file)")
        }
        guard let token = DiscogsToken(text) else {
            throw CLIError("the token file \(path) is empty (discogs.token_file)")
        }
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
            mode & 0o077 != 0
        {
            Terminal.warning("the token file \(path) can be read by other users; run: chmod 600 \(path)")
        }
        return token
    }

    /// The account a command is about: the configured username, else the only one stored.
    func account(_ config: SpindleConfig, in store: Store) throws -> Account {
        let accounts = try store.read { try $0.accounts() }
        if let name = config.discogs.username {
            guard let account = accounts.first(where: { $0.username.caseInsensitiveCompare(name) == .orderedSame })
            else {
                throw CLIError("no data for \(name) yet; run `spindle sync` or `spindle import discogs-csv` first")
            }
            return account
        }
        switch accounts.count {
        case 0: throw CLIError("the database is empty; run `spindle sync` or `spindle import discogs-csv` first")
        case 1: return accounts[0]
        default:
            throw CLIError(
                "the database holds several accounts (\(accounts.map(\.username).joined(separator: ", "))); "
                    + "set discogs.username to choose one")
        }
    }
}
