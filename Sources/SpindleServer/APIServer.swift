import Discogs
import FastCGI
import Foundation
import Logging
import SpindleStore
import SpindleSync

/// The `/api/` endpoint: a FastCGI responder that turns requests into sync operations. It owns
/// the background work of a server too: settling sessions left by a previous process, pausing
/// proxy sessions whose client went away, and site rebuilds after syncs.
public final class APIServer: FastCGIResponder {
    let router: Router
    let service: SyncService
    let auth: Authenticator
    let settings: ServerSettings
    let logger: Logger
    private let supervisor: SessionSupervisor
    private let throttle = SignInThrottle()

    public init(
        store: Store, sync: SyncSettings, server: ServerSettings, token: DiscogsToken?,
        transport: any HTTPTransport, rebuilder: (any SiteRebuilder)?, version: String, logger: Logger
    ) {
        settings = server
        self.logger = logger
        auth = Authenticator(
            secret: server.secret, trustRemoteUser: server.trustRemoteUser, allowedOrigins: server.allowedOrigins)
        service = SyncService(
            store: store, settings: sync, token: token, transport: transport,
            rebuilds: SiteRebuilds(rebuilder: rebuilder, logger: logger), leaseSeconds: server.leaseSeconds,
            logger: logger)
        supervisor = SessionSupervisor(store: store, settings: sync)
        router = Router(
            sync: SyncRoutes(
                service: service, auth: auth, publicStatus: server.publicStatus, directAvailable: token != nil),
            proxy: ProxyRoutes(service: service, auth: auth, settings: sync),
            account: AccountRoutes(
                auth: auth, version: version,
                databaseReadable: { (try? store.read { try $0.recentSessions(limit: 1) }) != nil }),
            lists: ListRoutes(store: store, auth: auth, username: sync.username, publicStatus: server.publicStatus))
    }

    public func respond(to request: FastCGIRequest) -> FastCGIResponse {
        let web = WebRequest(request)
        let now = Date()
        let presentsSecret =
            web.header("Authorization")?.lowercased().hasPrefix("bearer ") == true
            || (web.method == "POST" && web.path == "/api/login")
        if presentsSecret, let wait = throttle.wait(now: now) {
            var error = APIError(429, "too_many_attempts", "too many wrong secrets; try again in \(Int(wait)) s")
            error.headers = [("Retry-After", String(Int(wait.rounded(.up))))]
            return WebResponse.error(error)
        }
        let caller = auth.identify(web, now: now)
        if presentsSecret, web.path != "/api/login", !caller.isAuthenticated { throttle.failed(now: now) }
        do {
            let response = try router.route(web, caller: caller, now: now)
            if web.path == "/api/login", response.status == 401 { throttle.failed(now: now) }
            return response
        } catch {
            if web.path == "/api/login", error.status == 401 { throttle.failed(now: now) }
            if error.status >= 500 { logger.error("\(web.method) \(web.path): \(error.message)") }
            if web.wantsHTML, error.status == 401 {
                return WebResponse.html(401, HTMLPage.signIn(next: web.method == "GET" ? web.path : "/api/sync/new"))
            }
            return WebResponse.error(error)
        }
    }

    public func rejected(_ rejection: FastCGIRejection) -> FastCGIResponse {
        switch rejection {
        case .bodyTooLarge(let limit):
            WebResponse.error(APIError(413, "too_large", "the body is larger than \(limit) bytes"))
        case .paramsTooLarge(let limit):
            WebResponse.error(APIError(431, "headers_too_large", "the request headers exceed \(limit) bytes"))
        }
    }

    /// Settles what a previous process left, rebuilds the site if a sync ended since the last
    /// build, and starts supervising sessions. Returns what it did, for the log.
    public func start() throws(StoreError) -> [String] {
        let notes = try supervisor.recoverAtStartup(now: Date())
        service.rebuilds.request()
        let interval = settings.supervisionSeconds
        Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                guard let self else { return }
                do {
                    let notes = try supervisor.sweep(runningHere: service.runningHere, now: Date())
                    notes.forEach { self.logger.info("\($0)") }
                } catch {
                    logger.error("supervising sessions: \(error)")
                }
            }
        }
        return notes
    }

    /// Asks for an incremental site rebuild (after something other than a sync changed the data,
    /// such as a dump import).
    public func requestSiteRebuild() {
        service.rebuilds.request()
    }

    /// Lets direct syncs of this process pause cleanly (graceful shutdown).
    public func stop() async {
        await service.stopDirectSyncs()
    }
}
