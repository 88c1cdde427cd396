import Discogs
import Foundation
import SpindleDumps
import SpindleStore

/// What every `spindle dumps` subcommand sets up: the store, the settings from `[dumps]`, the
/// updater, and the lock that keeps two dumps runs (a cron job and `spindle serve`) apart.
struct DumpsContext {
    let config: SpindleConfig
    let store: Store
    let updater: DumpUpdater
    let lock: DumpLock?
    let progress: DumpProgressLine

    init(global: GlobalOptions, dir: String?, quiet: Bool, locking: Bool = true) throws {
        config = try global.loadConfig()
        store = try global.openStore(config)
        let settings = try Self.settings(config, dir: dir)
        if locking {
            guard let lock = try DumpLock.acquire(directory: settings.directory.path) else {
                let holder = DumpLock.holder(directory: settings.directory.path).map { " (pid \($0))" } ?? ""
                throw CLIError("another spindle dumps run is in progress\(holder); try again when it ends")
            }
            self.lock = lock
        } else {
            lock = nil
        }
        let transport: CurlTransport
        do {
            transport = try CurlTransport(options: .init(userAgent: config.discogs.userAgent, timeoutSeconds: 60))
        } catch { throw CLIError(error) }
        let line = DumpProgressLine(enabled: !quiet && Terminal.stderrIsTerminal)
        progress = line
        updater = DumpUpdater(
            store: store, settings: settings, transport: transport,
            say: { message in
                guard !quiet else { return }
                line.clear()
                Terminal.note(message)
            },
            progressLine: { line.show($0) })
    }

    static func settings(_ config: SpindleConfig, dir: String?) throws -> DumpSettings {
        guard let location = DumpLocation(baseURL: config.dumps.baseURL) else {
            throw CLIError("dumps.base_url must be an http(s) URL, not \(config.dumps.baseURL)")
        }
        let minutes = config.dumps.retryMinutes
        var settings = DumpSettings(
            location: location, directory: URL(fileURLWithPath: dir.map(config.resolve) ?? config.dumpsDirectory),
            keepMonths: config.dumps.keepMonths,
            retry: RetrySchedule(delays: minutes.map { $0 * 60 }, maxAttempts: max(minutes.count, 1)),
            download: DownloadOptions(userAgent: config.discogs.userAgent))
        if minutes.allSatisfy({ $0 == 0 }) { settings.resumePause = .zero }
        return settings
    }

    /// The month asked for, else the newest run that is not completed, else the newest run.
    func month(_ asked: DumpMonth?) throws -> DumpMonth {
        if let asked { return asked }
        let runs = try store.read { try $0.dumpRuns() }
        guard let run = runs.first(where: { $0.status != .completed }) ?? runs.first, let month = DumpMonth(run.month)
        else { throw CLIError("no dump month known yet; run `spindle dumps check` or give --month") }
        return month
    }
}
