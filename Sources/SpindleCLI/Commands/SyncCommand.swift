import ArgumentParser
import Discogs
import Dispatch
import Foundation
import Logging
import SpindleStore
import SpindleSync
import Synchronization

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync the collection and wantlist from Discogs.",
        discussion: """
            Walks every folder (or the chosen ones) and the wantlist page by page, stores each item at once, \
            then fetches full data for releases that are new, changed or older than release_ttl_days. \
            Removals are applied only after a complete walk. Interrupted (Ctrl-C, kill, network fault)? Run \
            it again: it resumes where it stopped.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Sync the collection (default: collection and wantlist).") var collection = false
    @Flag(help: "Sync the wantlist (default: collection and wantlist).") var wantlist = false
    @Flag(help: "Sync the marketplace inventory (one export CSV, however large).") var inventory = false
    @Flag(help: "Sync the collection, the wantlist and the inventory.") var all = false
    @Option(name: .customLong("folder"), help: "Walk only this folder id (repeatable; default: all, folder 0).")
    var folders: [Int] = []
    @Flag(help: "Fetch every release again, however fresh.") var full = false
    @Flag(help: "No progress line or summary.") var quiet = false

    func validate() throws {
        if let bad = folders.first(where: { $0 < 0 }) {
            throw ValidationError("--folder \(bad): folder ids are not negative")
        }
    }

    var request: SyncRequest {
        var kinds: [SyncKind] = []
        if collection || !folders.isEmpty { kinds.append(.collection) }
        if wantlist { kinds.append(.wantlist) }
        if inventory { kinds.append(.inventory) }
        if all { kinds = [.collection, .wantlist, .inventory] }
        return SyncRequest(kinds: kinds.isEmpty ? [.collection, .wantlist] : kinds, folders: folders, full: full)
    }

    func run() async throws {
        let config = try global.loadConfig()
        let token = try global.token(config)
        let store = try global.openStore(config)
        try ConfiguredLists.applyIfPossible(config, store: store)
        let settings = config.syncSettings
        let opened: SessionOpener.Opened
        do {
            opened = try SessionOpener(store: store, settings: settings).open(request, mode: .direct, now: Date())
        } catch {
            throw CLIError(error)
        }
        if !quiet { opened.notes.forEach(Terminal.note) }

        let transport: CurlTransport
        do {
            transport = try CurlTransport(
                options: .init(userAgent: settings.userAgent, timeoutSeconds: settings.timeoutSeconds))
        } catch { throw CLIError(error) }
        let executor = DirectExecutor(
            store: store, settings: settings, transport: transport, token: token,
            logger: Logger(label: "spindle.sync"))
        let progress = ProgressLine(enabled: !quiet && Terminal.stderrIsTerminal)
        let sessionID = opened.session.id
        let report: (@Sendable (SyncProgress) -> Void)? =
            progress.isEnabled ? { @Sendable in progress.update($0) } : nil
        let task = Task { try await executor.run(sessionID: sessionID, progress: report) }
        let interrupt = InterruptHandler { task.cancel() }
        defer { interrupt.stop() }

        let session: SyncSession
        do { session = try await task.value } catch let error as SyncError { throw CLIError(error) }
        progress.finish()
        if !quiet { print(SyncSummary(session: session).text) }
        switch session.status {
        case .completed: return
        case .completedWithErrors:
            Terminal.warning(session.error ?? "some requests failed")
        case .paused:
            throw CLIError("interrupted; run `spindle sync` again to resume session \(sessionID)", exitCode: 130)
        default:
            throw CLIError("sync failed: \(session.error ?? "unknown reason")")
        }
    }
}

/// Ctrl-C cancels the sync, which pauses it after the request in flight; a second Ctrl-C quits at once.
final class InterruptHandler {
    private let source: any DispatchSourceSignal

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let presses = PressCounter()
        source.setEventHandler {
            if presses.increment() == 1 {
                Terminal.write("\nstopping after the request in flight (Ctrl-C again to quit at once)…\n")
                onInterrupt()
            } else {
                Foundation.exit(130)
            }
        }
        source.resume()
        self.source = source
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

private final class PressCounter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() -> Int { count.add(1, ordering: .relaxed).newValue }
}
