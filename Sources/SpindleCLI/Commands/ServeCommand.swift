import ArgumentParser
import Discogs
import FastCGI
import Foundation
import Logging
import SpindleDumps
import SpindleServer
import SpindleSite
import SpindleStore
import Synchronization

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer /api/ for nginx over FastCGI: sync triggers, progress, the proxy protocol.",
        discussion: """
            Listens on --socket, --listen, a socket inherited on fd 0 or from systemd (LISTEN_FDS), or \
            server.socket, in that order. Stops gracefully on SIGTERM or SIGINT: requests in flight are answered, \
            direct syncs pause and resume on the next start. The endpoints are described in docs/api.md.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Listen on this Unix socket.") var socket: String?
    @Option(help: "Listen on HOST:PORT (TCP), e.g. 127.0.0.1:9000.") var listen: String?

    func validate() throws {
        if socket != nil, listen != nil { throw ValidationError("give --socket or --listen, not both") }
        if let listen, Self.hostAndPort(listen) == nil {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:9000")
        }
    }

    func run() async throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config)
        try ConfiguredLists.applyIfPossible(config, store: store)
        var logger = Logger(label: "spindle.serve")
        logger.logLevel = .info
        let token: DiscogsToken? =
            ProcessInfo.processInfo.environment["DISCOGS_TOKEN"] != nil || config.tokenFilePath != nil
            ? try global.token(config) : nil
        let secretPath = config.resolve(config.server.secretFile)
        let secret: SiteSecret
        do {
            let (loaded, created) = try SiteSecret.load(path: secretPath)
            secret = loaded
            if created { Terminal.note("wrote a new site secret to \(secretPath) (sign in with it)") }
        } catch { throw CLIError(error.description) }

        var server = ServerSettings(secret: secret)
        server.trustRemoteUser = config.server.trustRemoteUser
        server.publicStatus = config.server.publicStatus
        server.leaseSeconds = config.server.leaseSeconds
        if let base = URL(string: config.site.baseURL), let scheme = base.scheme, let host = base.host {
            server.allowedOrigins = ["\(scheme)://\(host)" + (base.port.map { ":\($0)" } ?? "")]
        }
        let settings = config.syncSettings
        let transport: CurlTransport
        do {
            transport = try CurlTransport(
                options: .init(userAgent: settings.userAgent, timeoutSeconds: settings.timeoutSeconds))
        } catch { throw CLIError(error) }
        let rebuilder = config.server.rebuildSite ? ConfiguredSiteRebuilder(store: store, config: config) : nil
        let api = APIServer(
            store: store, sync: settings, server: server, token: token, transport: transport, rebuilder: rebuilder,
            version: SpindleIdentity.version, logger: logger)

        var limits = FastCGILimits()
        limits.maxBodyBytes = config.server.maxBodyBytes
        let listener = try chooseListener(config)
        let fastCGI: FastCGIServer
        do {
            fastCGI = try FastCGIServer(listener: listener, limits: limits, responder: api, logger: logger)
        } catch { throw CLIError("cannot listen on \(describe(listener)): \(error)") }
        do {
            try api.start().forEach { logger.info("\($0)") }
        } catch { throw CLIError(error) }
        let dumpChecks = try startDumpChecks(config, store: store, api: api, logger: logger)
        fastCGI.stopOnSignals()
        let where_ = describe(listener, port: fastCGI.boundPort)
        let note = token == nil ? " (no Discogs token: proxy syncs only)" : ""
        logger.info("spindle \(SpindleIdentity.version) serving /api/ on \(where_)\(note)")

        // The accept loop blocks its thread: give it one of its own, not one of the few the
        // concurrency runtime has for syncs and rebuilds.
        let outcome: Result<Void, any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { try fastCGI.run() })
            }
            thread.name = "fastcgi-accept"
            thread.start()
        }
        logger.info("stopping: pausing direct syncs")
        if let dumpChecks {
            // An import in progress commits what it has and resumes on the next check.
            dumpChecks.stop.set()
            dumpChecks.task.cancel()
            await dumpChecks.task.value
        }
        await api.stop()
        if case .failure(let error) = outcome { throw CLIError("the FastCGI server stopped: \(error)") }
    }

    /// The daily dump check (`dumps.schedule`), when it is on: one run at a time (the dumps
    /// folder's lock, shared with `spindle dumps`), failed months retried on their backoff, and
    /// a site rebuild after a new month is imported.
    private func startDumpChecks(
        _ config: SpindleConfig, store: Store, api: APIServer, logger: Logger
    ) throws -> (task: Task<Void, Never>, stop: StopFlag)? {
        let schedule: DumpSchedule?
        do { schedule = try DumpSchedule.parse(config.dumps.schedule) } catch { throw CLIError("\(error)") }
        guard let schedule else { return nil }
        let settings = try DumpsContext.settings(config, dir: nil)
        let transport: CurlTransport
        do {
            transport = try CurlTransport(options: .init(userAgent: config.discogs.userAgent, timeoutSeconds: 60))
        } catch { throw CLIError(error) }
        let updater = DumpUpdater(
            store: store, settings: settings, transport: transport, say: { logger.info("dumps: \($0)") })
        let stop = StopFlag()
        let scheduler = DumpScheduler(
            schedule: schedule,
            nextRetry: {
                (try? store.read { try $0.dumpRuns() })?.filter { $0.status == .failed }.compactMap(\.nextAttemptAt)
                    .min()
            },
            check: {
                guard let lock = try? DumpLock.acquire(directory: settings.directory.path) else {
                    logger.info("dumps: another dumps run holds \(settings.directory.path); skipping this check")
                    return
                }
                do {
                    let outcome = try await updater.update(honourBackoff: true, shouldStop: { stop.isSet })
                    switch outcome {
                    case .imported(let month, _, _):
                        logger.info("dumps: \(month) imported")
                        api.requestSiteRebuild()
                    case .upToDate(let month): logger.info("dumps: \(month) is already imported")
                    case .waiting(let month, let until): logger.info("dumps: \(month) retries at \(until)")
                    case .gaveUp(let month):
                        logger.warning("dumps: \(month) failed too often; run spindle dumps update")
                    }
                } catch {
                    logger.error("dumps: \(error)")
                }
                withExtendedLifetime(lock) {}
            })
        logger.info(
            "dumps: checking for a new month daily at \(config.dumps.schedule) UTC, next at \(scheduler.nextCheck())")
        return (scheduler.start(), stop)
    }

    private func chooseListener(_ config: SpindleConfig) throws -> FastCGIListener {
        if let socket { return .unixSocket(path: config.resolve(socket)) }
        if let listen, let (host, port) = Self.hostAndPort(listen) { return .tcp(host: host, port: port) }
        if let inherited = FastCGIListener.inheritedFromEnvironment() { return inherited }
        return .unixSocket(path: config.resolve(config.server.socket))
    }

    private func describe(_ listener: FastCGIListener, port: UInt16? = nil) -> String {
        switch listener {
        case .unixSocket(let path, _): "unix:\(path)"
        case .tcp(let host, let configured): "\(host):\(port ?? configured)"
        case .inherited(let fd): "the inherited socket (fd \(fd))"
        }
    }

    static func hostAndPort(_ text: String) -> (String, UInt16)? {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            return nil
        }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }
}

/// The site build `spindle build` runs, for the server to run after syncs.
struct ConfiguredSiteRebuilder: SiteRebuilder {
    let store: Store
    let config: SpindleConfig

    func rebuild() async throws -> String {
        let accounts = try store.read { try $0.accounts() }
        let account = config.discogs.username.flatMap { name in accounts.first { $0.username == name } }
        guard let account = account ?? (accounts.count == 1 ? accounts.first : nil) else {
            return "no account to build a site for yet"
        }
        let report = try await SiteBuilder(store: store, settings: config.siteSettings()).build(account: account)
        let seconds = String(format: "%.2f s", report.seconds)
        guard report.published != nil else { return "up to date (checked in \(seconds))" }
        return "\(report.written) of \(report.files) files written, \(report.removed) removed, in \(seconds)"
    }
}

/// Set once, read from any thread: tells a long job to stop at its next safe point.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
