import Foundation

/// The few pages the API renders itself, for browsers without JavaScript: they share the site's
/// stylesheet and contain no script or inline style (the site's Content-Security-Policy forbids both).
enum HTMLPage {
    static func page(title: String, body: String, refreshSeconds: Int? = nil) -> String {
        let refresh = refreshSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">\n" } ?? ""
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(refresh)<title>\(escape(title))</title>
            <link rel="stylesheet" href="/assets/spindle.css">
            </head>
            <body class="kind-api">
            <header class="site-header">
            <div class="wrap header-bar"><a class="brand" href="/"><span class="brand-name">Home</span></a></div>
            <nav class="site-nav" aria-label="Main"><ul class="wrap">
            <li><a href="/sync/">Sync</a></li><li><a href="/syncs/">Sync history</a></li>
            </ul></nav>
            </header>
            <main id="main" class="wrap">
            \(body)
            </main>
            </body>
            </html>

            """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func signIn(next: String, message: String? = nil) -> String {
        page(
            title: "Sign in",
            body: """
                <header class="page-head"><h1>Sign in</h1></header>
                \(message.map { "<div class=\"callout callout-error\" role=\"alert\"><p>\(escape($0))</p></div>" } ?? "")
                <form class="sync-panel sync-fields" method="post" action="/api/login">
                <input type="hidden" name="next" value="\(escape(next))">
                <div class="field"><label for="secret">Site secret</label>
                <input id="secret" class="text-input" type="password" name="secret" autocomplete="current-password" required></div>
                <p class="hint">The site secret is in the file named by <code>server.secret_file</code> on the server.</p>
                <p class="field-actions"><button class="button" type="submit">Sign in</button></p>
                </form>
                """)
    }

    static func syncForm(csrf: String, directAvailable: Bool) -> String {
        let modes =
            directAvailable
            ? """
            <input type="hidden" name="mode" value="direct">
            <p>The server performs the Discogs requests with its own token.</p>
            """
            : """
            <p class="callout">The server has no Discogs token, so it cannot sync on its own. Use the
            <a href="/sync/">Sync page</a> with JavaScript (your browser performs the requests with your token), or run
            <code>spindle proxy</code>.</p>
            """
        return page(
            title: "Sync",
            body: """
                <header class="page-head"><h1>Sync with Discogs</h1></header>
                <form class="sync-panel sync-fields" method="post" action="/api/sync">
                <input type="hidden" name="csrf" value="\(escape(csrf))">
                \(modes)
                <div class="field"><label for="kind">What to sync</label>
                <select id="kind" class="text-input" name="kind">
                <option value="all">Collection and wantlist</option>
                <option value="collection">Collection</option>
                <option value="wantlist">Wantlist</option>
                <option value="inventory">Marketplace inventory</option>
                <option value="everything">Collection, wantlist and inventory</option>
                </select></div>
                <div class="field field-check"><input id="full" type="checkbox" name="full">
                <label for="full">Full sync: fetch every release again</label></div>
                <p class="field-actions"><button class="button" type="submit"\(directAvailable ? "" : " disabled")>Sync now</button></p>
                </form>
                """)
    }

    static func status(_ report: ProgressReport, csrf: String?) -> String {
        let running = !report.isFinished
        var rows = [
            ("Status", report.status.replacingOccurrences(of: "_", with: " ")),
            ("Mode", report.mode),
            ("What", report.kinds.joined(separator: ", ")),
            ("Doing", report.phase ?? "—"),
            (
                "Requests",
                "\(report.requests.done) done, \(report.requests.failed) failed, \(report.requests.open) open"
            ),
        ]
        if running {
            rows.append(("Releases queued", String(report.releasesQueued)))
            if let eta = report.etaSeconds { rows.append(("Time left", "about \(duration(eta))")) }
        }
        if let error = report.error { rows.append(("Note", error)) }
        rows.append(("Site", siteText(report.site)))
        let table = rows.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined(separator: "\n")
        var actions = ""
        if let csrf {
            if running {
                actions += form("/api/sync/\(report.id)/cancel", "Cancel", csrf: csrf)
            }
            if report.status == "paused" {
                actions += form("/api/sync/\(report.id)/resume", "Resume", csrf: csrf)
            }
        }
        let live = report.site.state == "live" ? "<p><a href=\"/\">See the updated site</a></p>" : ""
        return page(
            title: "Sync \(report.id): \(report.status)",
            body: """
                <header class="page-head"><h1>Sync \(report.id)</h1></header>
                <section class="sync-panel">
                <p><progress max="100" value="\(report.percent)">\(report.percent)%</progress> \(report.percent)%</p>
                <table class="facts">
                \(table)
                </table>
                \(actions)\(live)
                </section>
                <p><a href="/api/sync/\(report.id)">As JSON</a> · <a href="/syncs/">Sync history</a></p>
                """,
            refreshSeconds: running || report.site.state == "building" || report.site.state == "waiting" ? 2 : nil)
    }

    private static func form(_ action: String, _ label: String, csrf: String) -> String {
        """
        <form class="inline-form" method="post" action="\(action)"><input type="hidden" name="csrf" value="\(escape(csrf))"><button class="button button-quiet" type="submit">\(label)</button></form>

        """
    }

    private static func siteText(_ site: ProgressReport.Site) -> String {
        switch site.state {
        case "live": "new pages live since \(site.liveAt.map(JSONCoding.timestamp) ?? "now")"
        case "building": "rebuilding"
        case "failed": "rebuild failed: \(site.error ?? "unknown error")"
        case "off": "not rebuilt by the server"
        default: "rebuilt when the sync ends"
        }
    }

    private static func duration(_ seconds: Int) -> String {
        seconds < 90
            ? "\(seconds) s" : seconds < 5400 ? "\(seconds / 60) min" : "\(seconds / 3600) h \(seconds % 3600 / 60) min"
    }
}
