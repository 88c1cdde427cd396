import ArgumentParser
import Foundation
import SpindleSite

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static site of the collection.",
        discussion: """
            Renders only the pages whose data, templates or settings changed since the last build, into a new \
            build folder that starts as hard links to the previous one, then switches site.out to it in one step: \
            a web server never serves a half-written site. Every text file gets a .gz sibling for nginx's \
            gzip_static.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Publish here instead of site.out.") var out: String?
    @Flag(help: "Render every page, changed or not.") var full = false
    @Flag(help: "Include content pages marked draft.") var drafts = false
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() async throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config)
        try ConfiguredLists.applyIfPossible(config, store: store)
        let account = try global.account(config, in: store)
        let settings = config.siteSettings(output: out, full: full, drafts: drafts)
        let report: SiteBuilder.Report
        do { report = try await SiteBuilder(store: store, settings: settings).build(account: account) } catch {
            throw CLIError(error)
        }
        guard !quiet else { return }
        report.warnings.forEach(Terminal.warning)
        let seconds = String(format: "%.2f s", report.seconds)
        if report.published == nil {
            print("\(settings.output.path): up to date (checked in \(seconds))")
        } else {
            let megabytes = String(format: "%.1f MB", Double(report.bytes) / 1_048_576)
            print(
                "\(settings.output.path): \(report.written) of \(report.files) files written (\(megabytes)), "
                    + "\(report.removed) removed, \(report.htmlPages) pages, \(report.full ? "full" : "incremental") build in \(seconds)"
            )
        }
    }
}
