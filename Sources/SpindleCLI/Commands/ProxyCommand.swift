import ArgumentParser
import Discogs
import Foundation

struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Perform a server's sync requests from this machine, with your token (no browser needed).",
        discussion: """
            Starts a proxy sync on the server (or joins the one running, or --session), then leases each request \
            from it, performs it against Discogs with DISCOGS_TOKEN or discogs.token_file, and posts the answer \
            back. The token never leaves this machine. The server is authenticated with its site secret \
            (SPINDLE_SECRET, --secret-file, or server.secret_file).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The site, e.g. https://records.example.org.") var server: String
    @Option(help: "Drive this session instead of starting one.") var session: Int64?
    @Option(help: "A file holding the site secret.") var secretFile: String?
    @Option(help: "collection, wantlist or all.") var kind = "all"
    @Flag(help: "Fetch every release again.") var full = false

    func run() async throws {
        let config = try global.loadConfig()
        let token = try global.token(config)
        guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https" else {
            throw CLIError("--server must be an http(s) URL")
        }
        let secret = try readSecret(config)
        let transport: CurlTransport
        do {
            transport = try CurlTransport(
                options: .init(userAgent: config.discogs.userAgent, timeoutSeconds: config.discogs.timeoutSeconds))
        } catch { throw CLIError(error) }
        let client = ProxyClient(
            server: url, secret: secret, token: token, userAgent: config.discogs.userAgent, transport: transport,
            report: { Terminal.note($0) })
        do {
            let id: Int64
            if let session { id = session } else { id = try await client.start(kind: kind, full: full) }
            Terminal.note("driving sync \(id) on \(url.absoluteString)")
            let status = try await client.drive(session: id)
            print("sync \(id): \(status)")
            if !["completed", "completed_with_errors"].contains(status) { throw ExitCode.failure }
        } catch let error as ProxyClientError {
            throw CLIError(error.description)
        }
    }

    private func readSecret(_ config: SpindleConfig) throws -> String {
        if let value = ProcessInfo.processInfo.environment["SPINDLE_SECRET"], !value.isEmpty { return value }
        let path = config.resolve(secretFile ?? config.server.secretFile)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("cannot read the site secret from \(path): give --secret-file or set SPINDLE_SECRET")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
