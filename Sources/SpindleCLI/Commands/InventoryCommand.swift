import ArgumentParser
import Foundation
import SpindleStore
import SpindleSync

/// `spindle import inventory-csv`: the inventory export CSV (Marketplace → Inventory → Export, or
/// the API's export download) applied as a complete snapshot: only changed listings are written,
/// listings missing from it are kept as removed.
struct ImportInventoryCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory-csv",
        abstract: "Import the marketplace inventory CSV that Discogs exports.",
        discussion: """
            The file is a complete snapshot: listings not in it are marked removed (kept, with removed_at), \
            listings that come back are restored, and unchanged ones are not written. Prices in the file carry no \
            currency: give yours with --currency (remembered for the account).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "Your marketplace currency, e.g. EUR (default: the one remembered for the account).")
    var currency: String?

    func run() throws {
        let config = try global.loadConfig()
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        let store = try global.openStore(config)
        let account = try global.account(config, in: store)
        let remembered = try store.read { try $0.accountCurrency(account.id) }
        guard let currency = currency?.uppercased() ?? remembered else {
            throw CLIError("give your marketplace currency once with --currency (EUR, USD, GBP …)")
        }
        let listings: [InventoryListing]
        do { listings = try InventoryExportCSV.listings(data, currency: currency) } catch {
            throw CLIError("\(file): \(error.description)")
        }
        let changes = try store.write { tx in
            try tx.setAccountCurrency(account.id, currency)
            let changes = try tx.applyInventorySnapshot(accountID: account.id, listings, sessionID: nil, now: Date())
            try tx.linkListings(accountID: account.id)
            return changes
        }
        print(
            "\(listings.count) listings: +\(changes.added) new, \(changes.updated) updated, \(changes.unchanged) unchanged, "
                + "\(changes.removed) removed, \(changes.restored) restored")
    }
}

/// `spindle inventory`: the stored marketplace inventory.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory", abstract: "Look after the stored marketplace inventory.",
        subcommands: [InventoryPurgeCommand.self])
}

struct InventoryPurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete listings removed (sold or withdrawn) more than DAYS ago; they are kept until then.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Removed at least this many days ago.") var olderThan: Int

    func validate() throws {
        guard olderThan >= 0 else { throw ValidationError("--older-than must be 0 or more days") }
    }

    func run() throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config)
        let account = try global.account(config, in: store)
        let cutoff = Date().addingTimeInterval(-Double(olderThan) * 86_400)
        let purged = try store.write { try $0.purgeRemovedListings(accountID: account.id, removedBefore: cutoff) }
        print("deleted \(purged) listing\(purged == 1 ? "" : "s") removed before \(cutoff.formatted(.iso8601))")
    }
}
