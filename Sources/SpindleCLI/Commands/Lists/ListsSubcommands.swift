import ArgumentParser
import Foundation
import SpindleStore
import SpindleSync

struct ListsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the smart lists.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try ListsContext(global)
        let lists = try context.store.read { try $0.smartLists(accountID: context.account.id) }
        guard !lists.isEmpty else {
            print("no smart lists yet; add one: spindle lists add NAME --query 'genre:Jazz rating:4..'")
            return
        }
        for list in lists {
            let indent = list.parentID == nil ? "" : "    "
            let rebuilt = list.rebuiltAt.map { " · rebuilt \($0.formatted(.iso8601))" } ?? " · not built yet"
            let rule = list.parentID == nil ? "  " + (list.query ?? ListQuery.format(list.definition)) : ""
            print("\(indent)\(list.name) [\(list.definition.base)] \(list.itemCount) items\(rebuilt)\(rule)")
        }
    }
}

struct ListsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a list: its rule, its members and who joined and left.")
    @OptionGroup var global: GlobalOptions
    @Argument var name: String
    @Flag(help: "Print the definition as JSON.") var json = false
    @Option(help: "Members to show.") var limit = 50

    func run() async throws {
        let context = try ListsContext(global)
        let list = try context.list(name)
        if json {
            print(ListQuery.json(list.definition))
            return
        }
        print("\(list.name) [\(list.definition.base)]")
        print("rule: \(list.query ?? ListQuery.format(list.definition))")
        let items = try context.store.read { try $0.smartListItems(listID: list.id) }
        print("\(items.count) items" + (list.rebuiltAt.map { " (rebuilt \($0.formatted(.iso8601)))" } ?? ""))
        for item in items.prefix(limit) { print("  \(item.itemID)  \(context.describe(item))") }
        if items.count > limit { print("  … \(items.count - limit) more") }
        let events = try context.store.read { try $0.smartListEvents(listID: list.id, limit: 20) }
        if !events.isEmpty {
            print("history:")
            for event in events {
                let item = SmartListItem(itemID: event.itemID, releaseID: event.releaseID, position: 0, pinned: false)
                print("  \(event.at.formatted(.iso8601)) \(event.joined ? "+" : "−") \(context.describe(item))")
            }
        }
    }
}

struct ListsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a list and build it.")
    @OptionGroup var global: GlobalOptions
    @Argument var name: String
    @OptionGroup var rule: RuleSource

    func run() async throws { try saveAndBuild(global, name, rule, existing: false) }
}

struct ListsEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change a list's rule and rebuild it.")
    @OptionGroup var global: GlobalOptions
    @Argument var name: String
    @OptionGroup var rule: RuleSource

    func run() async throws { try saveAndBuild(global, name, rule, existing: true) }
}

/// Saves a list (a new one, or a change of an existing one) and rebuilds its base, so its
/// members show at once.
private func saveAndBuild(_ global: GlobalOptions, _ name: String, _ rule: RuleSource, existing: Bool) throws {
    let context = try ListsContext(global)
    let (definition, query) = try rule.definition()
    let list = try context.save(name: name, definition: definition, query: query, mustExist: existing)
    try rebuild(context, list)
}

/// Rebuilds the base of a list just saved, so its members show at once.
private func rebuild(_ context: ListsContext, _ list: SmartList) throws {
    let outcomes = SmartListRouter(store: context.store).rebuild(
        accountID: context.account.id, kinds: nil, sessionID: nil, now: Date(), only: list.definition.base)
    if let error = outcomes.compactMap(\.error).first { throw CLIError("saved, but the rebuild failed: \(error)") }
    let saved = try context.list(list.name)
    print("\(saved.name): \(saved.itemCount) items")
}

struct ListsRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a list and its history.")
    @OptionGroup var global: GlobalOptions
    @Argument var name: String

    func run() async throws {
        let context = try ListsContext(global)
        let deleted: Bool
        do {
            deleted = try context.store.write { try $0.deleteSmartList(accountID: context.account.id, name: name) }
        } catch {
            throw CLIError("\(error.underlying)")
        }
        guard deleted else { throw CLIError("there is no list called \(name)") }
        print("deleted \(name)")
    }
}

struct ListsPreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show what a rule selects and how that differs from the list's members, without saving.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A list (its stored rule, or the one given) or a new name.") var name: String
    @OptionGroup var rule: RuleSource
    @Option(help: "Members to show.") var limit = 50

    func run() async throws {
        let context = try ListsContext(global)
        let existing = try context.store.read { try $0.smartList(accountID: context.account.id, name: name) }
        let definition: ListDefinition
        if rule.isGiven {
            definition = try rule.definition().0
        } else if let existing {
            definition = existing.definition
        } else {
            throw CLIError("there is no list called \(name); give a rule with --query or --json")
        }
        let selected: [SmartListItem]
        do {
            selected = try context.store.read {
                try $0.evaluateSmartList(definition, accountID: context.account.id, now: Date())
            }
        } catch { throw CLIError("\(error.underlying)") }
        let current =
            try existing.map { list in try context.store.read { try $0.smartListItems(listID: list.id) } } ?? []
        let now = Set(selected.map(\.itemID))
        let before = Set(current.map(\.itemID))
        print("\(selected.count) items selected (\(ListQuery.format(definition)))")
        for item in selected.prefix(limit) {
            print(
                "  \(before.contains(item.itemID) || existing == nil ? " " : "+") \(item.itemID)  \(context.describe(item))"
            )
        }
        if selected.count > limit { print("  … \(selected.count - limit) more") }
        let leaving = current.filter { !now.contains($0.itemID) }
        if existing != nil {
            let joining = selected.filter { !before.contains($0.itemID) }.count
            print("compared with the list now: +\(joining) joining, −\(leaving.count) leaving")
            for item in leaving.prefix(limit) { print("  − \(item.itemID)  \(context.describe(item))") }
        }
    }
}

struct ListsRebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Rebuild every list now (a sync does this on its own).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let context = try ListsContext(global)
        let outcomes = SmartListRouter(store: context.store).rebuild(
            accountID: context.account.id, kinds: nil, sessionID: nil, now: Date())
        for outcome in outcomes {
            if let rebuild = outcome.rebuild {
                print(
                    "\(outcome.base): \(rebuild.listsProcessed) lists, \(rebuild.itemsProcessed) items, +\(rebuild.joined) −\(rebuild.left)"
                )
            } else {
                Terminal.error("\(outcome.base): \(outcome.error ?? "failed")")
            }
        }
        if outcomes.contains(where: { $0.error != nil }) { throw CLIError("some lists could not be rebuilt") }
    }
}
