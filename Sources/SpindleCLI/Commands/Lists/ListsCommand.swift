import ArgumentParser
import Foundation
import SpindleStore
import SpindleSync

/// `spindle lists`: smart lists, child lists of the collection, a folder or the wantlist that
/// every sync rebuilds from their rules.
struct ListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Define smart lists and see what is in them.",
        discussion: """
            A rule is a one-line query (--query 'genre:Jazz style:"Hard Bop" year:1955..1965 ^format_desc:Reissue \
            rating:4.. added:-1y.. sort:added- limit:50') or the JSON form (--json FILE, - for standard input). \
            Lists are rebuilt at the end of every sync of their base; while such a sync runs, they cannot be changed.
            """,
        subcommands: [
            ListsListCommand.self, ListsShowCommand.self, ListsAddCommand.self, ListsEditCommand.self,
            ListsRemoveCommand.self, ListsPreviewCommand.self, ListsRebuildCommand.self,
        ])
}

/// Where a rule comes from on the command line.
struct RuleSource: ParsableArguments {
    @Option(help: "The rule as a one-line query.") var query: String?
    @Option(help: "The rule as JSON: a file, or - for standard input.") var json: String?
    @Option(help: "collection, folder:ID or wantlist (default: collection, or the query's base:).") var base: String?

    var isGiven: Bool { query != nil || json != nil }

    /// The definition, and the query text it was written as (kept to show it back).
    func definition() throws -> (ListDefinition, String?) {
        guard (query == nil) != (json == nil) else { throw CLIError("give the rule with --query or with --json") }
        var parsedBase: ListBase?
        if let base {
            guard let value = ListBase(base) else { throw CLIError("--base must be collection, folder:ID or wantlist") }
            parsedBase = value
        }
        if let query {
            do { return (try ListQuery.parse(query, base: parsedBase ?? .collection), query) } catch {
                throw CLIError(error.description)
            }
        }
        let data: Data
        if json == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: json!) else { throw CLIError("cannot read \(json!)") }
            data = read
        }
        do {
            var definition = try ListDefinitionValidator.decode(data)
            if let parsedBase { definition.base = parsedBase }
            return (definition, nil)
        } catch {
            throw CLIError("\(error)")
        }
    }
}

/// The store and account every lists subcommand works on.
struct ListsContext {
    let store: Store
    let account: Account

    init(_ global: GlobalOptions) throws {
        let config = try global.loadConfig()
        store = try global.openStore(config)
        account = try global.account(config, in: store)
        try ConfiguredLists.applyIfPossible(config, store: store)
    }

    func list(_ name: String) throws -> SmartList {
        guard let list = try store.read({ try $0.smartList(accountID: account.id, name: name) }) else {
            let names = try store.read { try $0.smartLists(accountID: account.id) }.map(\.name)
            throw CLIError(
                "there is no list called \(name)"
                    + (names.isEmpty ? "" : "; there are: \(names.joined(separator: ", "))"))
        }
        return list
    }

    /// Checks and stores a definition; a running sync of its base refuses it (exit 1, naming the sync).
    func save(name: String, definition: ListDefinition, query: String?, mustExist: Bool) throws -> SmartList {
        let now = Date()
        do {
            return try store.write { tx in
                let existing = try tx.smartList(accountID: account.id, name: name)
                if existing?.origin == .config {
                    throw CLIError("\(name) is defined in spindle.toml ([[lists]]); change it there")
                }
                if mustExist, existing == nil {
                    throw CLIError("there is no list called \(name); add it with `spindle lists add`")
                }
                if !mustExist, existing != nil {
                    throw CLIError("there is already a list called \(name); change it with `spindle lists edit`")
                }
                let definition = definition.seeded(keeping: existing?.definition) { Int.random(in: 1...Int(Int32.max)) }
                try tx.validateSmartList(definition, name: name, accountID: account.id, now: now)
                return try tx.saveSmartList(
                    accountID: account.id, name: name, slug: ListSlug.make(name), definition: definition, query: query,
                    origin: .cli, now: now)
            }
        } catch {
            throw CLIError("\(error.underlying)")
        }
    }

    /// `Artist – Title (year)` for an item.
    func describe(_ item: SmartListItem) -> String {
        let release = try? store.read { try $0.release(id: item.releaseID) }
        let artist = release?.artists.first?.name ?? "?"
        let title = release?.title ?? "release \(item.releaseID)"
        let year = release?.year.map { " (\($0))" } ?? ""
        return "\(artist) – \(title)\(year)" + (item.pinned ? "  [pinned]" : "")
    }
}

extension Error {
    /// The error a store call's body threw, when it was wrapped.
    var underlying: any Error { (self as? StoreError)?.underlying ?? self }
}
