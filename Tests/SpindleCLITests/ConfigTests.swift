import Foundation
import Testing

@testable import SpindleCLI

@Suite("Configuration")
struct ConfigTests {
    let directory = URL(fileURLWithPath: "/srv/collector")

    func load(_ toml: String, environment: [String: String] = [:]) throws(ConfigError) -> SpindleConfig {
        var config = SpindleConfig(baseDirectory: directory)
        let loader = ConfigLoader(environment: environment, workingDirectory: directory)
        try loader.apply(toml: toml, source: "spindle.toml", to: &config)
        try loader.applyEnvironment(to: &config)
        return config
    }

    @Test("the file `spindle init` writes is valid and says exactly the defaults")
    func initTemplateMatchesDefaults() throws {
        #expect(try load(DefaultConfig.text) == SpindleConfig(baseDirectory: directory))
    }

    @Test("values are read, and relative paths resolve against the config file's folder")
    func values() throws {
        let config = try load(
            """
            [discogs]
            username = "digger"
            token_file = "secrets/token"
            base_url = "http://127.0.0.1:8080"
            per_page = 50
            rate_window_seconds = 1.5
            [database]
            path = "data/spindle.sqlite"
            """)
        #expect(config.discogs.username == "digger")
        #expect(config.discogs.perPage == 50)
        #expect(config.discogs.rateWindowSeconds == 1.5)
        #expect(config.syncSettings.baseURL.absoluteString == "http://127.0.0.1:8080")
        #expect(config.databasePath == "/srv/collector/data/spindle.sqlite")
        #expect(config.tokenFilePath == "/srv/collector/secrets/token")
    }

    @Test("the site section: lists, flags, an optional URL, and paths that count only when they exist")
    func siteValues() throws {
        let config = try load(
            """
            [site]
            title = "Shelf <B>"
            base_url = ""
            out = "public_html"
            publish_fields = ["Media Condition", "Notes"]
            show_ratings = true
            templates_dir = "/nonexistent/templates"
            content_dir = "/"
            """,
            environment: ["SPINDLE_SITE_ITEMS_PER_PAGE": "24"])
        #expect(config.site.publishFields == ["Media Condition", "Notes"])
        let settings = config.siteSettings(full: true)
        #expect(settings.title == "Shelf <B>")
        #expect(settings.output.path == "/srv/collector/public_html")
        #expect(settings.itemsPerPage == 24)
        #expect(settings.showRatings && settings.full && !settings.drafts)
        #expect(settings.baseURL.isEmpty)
        #expect(settings.templatesDirectory == nil)
        #expect(settings.contentDirectory?.path == "/")
        #expect(config.siteSettings(output: "/tmp/elsewhere").output.path == "/tmp/elsewhere")

        let fromEnvironment = try load(
            "",
            environment: ["SPINDLE_SITE_PUBLISH_FIELDS": "Notes, Media Condition", "SPINDLE_SITE_SHOW_RATINGS": "no"])
        #expect(fromEnvironment.site.publishFields == ["Notes", "Media Condition"])
        #expect(!fromEnvironment.site.showRatings)
    }

    @Test("every value can be overridden by SPINDLE_<SECTION>_<KEY>")
    func environmentOverrides() throws {
        let config = try load(
            "[discogs]\nper_page = 50\n",
            environment: [
                "SPINDLE_DISCOGS_PER_PAGE": "25", "SPINDLE_DATABASE_PATH": "/tmp/x.sqlite",
                "SPINDLE_SYNC_RELEASE_BATCH_SIZE": "10", "SPINDLE_LOG_LEVEL": "debug", "HOME": "/root",
            ])
        #expect(config.discogs.perPage == 25)
        #expect(config.databasePath == "/tmp/x.sqlite")
        #expect(config.sync.releaseBatchSize == 10)
    }

    @Test(
        "mistakes are errors that name the key",
        arguments: [
            ("[discogs]\nperpage = 5\n", "unknown configuration key discogs.perpage"),
            ("[discogz]\nper_page = 5\n", "unknown configuration key discogz"),
            (
                "[discogs]\nper_page = 500\n",
                "discogs.per_page in spindle.toml must be a whole number from 1 to 100, got \"500\""
            ),
            (
                "[discogs]\nper_page = \"ten\"\n",
                "discogs.per_page in spindle.toml must be a whole number from 1 to 100"
            ),
            (
                "[discogs]\nbase_url = \"ftp://example.org\"\n",
                "discogs.base_url in spindle.toml must be an http(s) URL"
            ),
            ("[discogs]\nrate_window_seconds = -1\n", "discogs.rate_window_seconds in spindle.toml must be a number"),
            ("[database]\npath = 7\n", "database.path in spindle.toml must be a string"),
            ("[site]\nshow_ratings = \"yes\"\n", "site.show_ratings in spindle.toml must be true or false"),
            ("[site]\npublish_fields = \"Notes\"\n", "site.publish_fields in spindle.toml must be a list of strings"),
            (
                "[site]\npublish_fields = [\"Notes\", 3]\n",
                "site.publish_fields in spindle.toml must be a list of strings"
            ),
            (
                "[site]\nbase_url = \"records.example.org\"\n",
                "site.base_url in spindle.toml must be an http(s) URL or \"\""
            ),
            (
                "[site]\nitems_per_page = 0\n",
                "site.items_per_page in spindle.toml must be a whole number from 1 to 1000"
            ),
            ("[discogs\nper_page = 5\n", "spindle.toml:1"),
        ])
    func errors(toml: String, message: String) {
        do {
            _ = try load(toml)
            Issue.record("expected an error for \(toml)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("a misspelt variable in a Spindle section is an error too")
    func unknownEnvironment() {
        #expect(throws: ConfigError.self) { try load("", environment: ["SPINDLE_DISCOGS_PERPAGE": "5"]) }
        #expect(throws: ConfigError.self) { try load("", environment: ["SPINDLE_DISCOGS_PER_PAGE": "many"]) }
    }

    @Test("an explicit file that does not exist is an error; no file at all means defaults")
    func missingFile() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let loader = ConfigLoader(environment: [:], workingDirectory: empty)
        #expect(throws: ConfigError.fileNotFound(empty.appendingPathComponent("nope.toml").path)) {
            try loader.load(path: "nope.toml")
        }
        let (config, file) = try loader.load(path: nil)
        #expect(file == nil)
        #expect(config.databasePath == empty.appendingPathComponent("spindle.sqlite").path)
    }
}
