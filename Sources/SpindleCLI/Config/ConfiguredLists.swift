import Foundation
import SpindleStore
import SpindleSync

/// Brings the lists of spindle.toml (`[[lists]]`) into the database: new and changed ones are
/// saved (keeping a list's random seed), lists that left the file are deleted. A list whose base
/// is being synced right now is left as it is until the next start, with a warning.
enum ConfiguredLists {
    static func apply(_ config: SpindleConfig, store: Store, accountID: Int64, now: Date = Date()) throws {
        let stored = try store.read { try $0.smartLists(accountID: accountID) }.filter { $0.origin == .config }
        let byName = Dictionary(stored.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in config.lists {
            // A new random order is seeded from the name (djb2): the same on every machine.
            let definition = entry.definition.seeded(keeping: byName[entry.name]?.definition) {
                entry.name.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) } & 0x7FFF_FFFF | 1
            }
            if let old = byName[entry.name], old.definition == definition, old.query == entry.query { continue }
            do {
                try store.write { tx in
                    if let other = try tx.smartList(accountID: accountID, name: entry.name), other.origin != .config {
                        throw CLIError(
                            "the list \(entry.name) in spindle.toml has the name of a list made with `spindle lists`; rename one"
                        )
                    }
                    try tx.validateSmartList(definition, name: entry.name, accountID: accountID, now: now)
                    try tx.saveSmartList(
                        accountID: accountID, name: entry.name, slug: ListSlug.make(entry.name), definition: definition,
                        query: entry.query, origin: .config, now: now)
                }
            } catch {
                let underlying = error.underlying
                if underlying is ListLocked {
                    Terminal.warning("\(underlying); spindle.toml's version is taken next time")
                    continue
                }
                throw CLIError("list \"\(entry.name)\" in spindle.toml: \(underlying)")
            }
        }
        let names = Set(config.lists.map(\.name))
        for gone in stored where !names.contains(gone.name) {
            do { _ = try store.write { try $0.deleteSmartList(accountID: accountID, name: gone.name) } } catch {
                Terminal.warning("the list \(gone.name) left spindle.toml but stays for now: \(error.underlying)")
            }
        }
    }
}

extension ConfiguredLists {
    /// `apply` for the configured (or only) account when there is one yet, then a first build of
    /// any list never built (so a list added to the file shows without waiting for a sync).
    static func applyIfPossible(_ config: SpindleConfig, store: Store) throws {
        let accounts = try store.read { try $0.accounts() }
        let account =
            config.discogs.username.flatMap { name in
                accounts.first { $0.username.caseInsensitiveCompare(name) == .orderedSame }
            } ?? (accounts.count == 1 ? accounts.first : nil)
        guard let account else { return }
        try apply(config, store: store, accountID: account.id)
        let unbuilt = try store.read { try $0.smartLists(accountID: account.id) }.filter {
            $0.rebuiltAt == nil && $0.parentID == nil
        }
        for base in Set(unbuilt.map(\.definition.base)) {
            SmartListRouter(store: store).rebuild(
                accountID: account.id, kinds: nil, sessionID: nil, now: Date(), only: base)
        }
    }
}
