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
            <body class="api-page">
            <header class="site-header"><a class="site-title" href="/">Home</a> · <a href="/syncs/">Sync history</a></header>
            <main class="content">
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
                <h1>Sign in</h1>
                \(message.map { "<p class=\"notice error\">\(escape($0))</p>" } ?? "")
                <form method="post" action="/api/login">
                <input type="hidden" name="next" value="\(escape(next))">
                <label>Site secret <input type="password" name="secret" autocomplete="current-password" required></label>
                <button type="submit">Sign in</button>
                </form>
                <p>The site secret is in the file named by <code>server.secret_file</code> on the server.</p>
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
            <p class="notice">The server has no Discogs token, so it cannot sync on its own. Use the
            <a href="/sync/">Sync page</a> with JavaScript (your browser performs the requests with your token), or run
            <code>spindle proxy</code>.</p>
            """
        return page(
            title: "Sync",
            body: """
                <h1>Sync with Discogs</h1>
                <form method="post" action="/api/sync">
                <input type="hidden" name="csrf" value="\(escape(csrf))">
                \(modes)
                <label>What <select name="kind">
                <option value="all">Collection and wantlist</option>
                <option value="collection">Collection</option>
                <option value="wantlist">Wantlist</option>
                </select></label>
                <label><input type="checkbox" name="full"> Fetch every release again</label>
                <button type="submit"\(directAvailable ? "" : " disabled")>Sync now</button>
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
                <h1>Sync \(report.id)</h1>
                <progress max="100" value="\(report.percent)">\(report.percent)%</progress> \(report.percent)%
                <table class="facts">
                \(table)
                </table>
                \(actions)\(live)
                <p><a href="/api/sync/\(report.id)">As JSON</a> · <a href="/syncs/">Sync history</a></p>
                """,
            refreshSeconds: running || report.site.state == "building" || report.site.state == "waiting" ? 2 : nil)
    }

    private static func form(_ action: String, _ label: String, csrf: String) -> String {
        """
        <form method="post" action="\(action)"><input type="hidden" name="csrf" value="\(escape(csrf))"><button type="submit">\(label)</button></form>

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
