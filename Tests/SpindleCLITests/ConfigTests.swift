import Foundation
import SpindleStore
import SpindleSync
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

    // MARK: [[lists]]

    static func condition(_ field: String, _ op: ListOperator, _ value: ListValue? = nil) -> ListRule {
        .condition(ListCondition(field: field, op: op, value: value))
    }

    @Test("[[lists]] with a one-line query: the text is kept, and base sets the query's default base")
    func queryLists() throws {
        let config = try load(
            """
            [[lists]]
            name = "Hard bop"
            query = 'style:"Hard Bop" year:1955..1965 ^format_desc:Reissue sort:added- limit:50'

            [[lists]]
            name = "Wanted jazz"
            base = "wantlist"
            query = "genre:Jazz"
            """)
        #expect(config.lists.map(\.name) == ["Hard bop", "Wanted jazz"])
        let hardBop = config.lists[0]
        #expect(hardBop.query == #"style:"Hard Bop" year:1955..1965 ^format_desc:Reissue sort:added- limit:50"#)
        #expect(hardBop.definition == (try ListQuery.parse(hardBop.query!)))
        #expect(hardBop.definition.limit == 50)
        #expect(config.lists[1].definition.base == .wantlist)
        #expect(
            config.lists[1].definition.rule == .group(.all, [Self.condition("genre", .hasAny, .list([.text("Jazz")]))]))
    }

    @Test("[[lists]] as tables: an inline rule, sort keys in both forms, window, pins, excludes and fan-out")
    func tableLists() throws {
        let config = try load(
            """
            [[lists]]
            name = "Cheap wants"
            base = "wantlist"
            rule = { all = [ { field = "price", op = "<", value = 20 }, { any = [ { field = "genre", op = "has_any", value = ["Jazz", "Blues"] }, { field = "date_added", op = "in_last", value = { last = 90, unit = "days" } } ] } ] }
            sort = ["price+", { field = "added", order = "desc" }]
            limit = 10
            offset = 5
            pins = [1, 2]
            excludes = [3]
            fan_out = "style"

            [[lists]]
            name = "Since 2020"
            rule = { all = [ { field = "added", op = "after", value = 2020-01-01 }, { field = "in_wantlist", op = "is_false" } ] }

            [[lists]]
            name = "Recently added"
            sort = ["added-"]
            limit = 50
            """)
        #expect(config.lists.map(\.name) == ["Cheap wants", "Since 2020", "Recently added"])
        #expect(config.lists.allSatisfy { $0.query == nil })
        #expect(
            config.lists[0].definition
                == ListDefinition(
                    base: .wantlist,
                    rule: .group(
                        .all,
                        [
                            Self.condition("price", .less, .number(20)),
                            .group(
                                .any,
                                [
                                    Self.condition("genre", .hasAny, .list([.text("Jazz"), .text("Blues")])),
                                    Self.condition("added", .inLast, .relative(amount: 90, unit: .days)),
                                ]),
                        ]),
                    sort: [ListSort(field: "price"), ListSort(field: "added", descending: true)], limit: 10, offset: 5,
                    pins: [1, 2], excludes: [3], fanOut: "style"))
        #expect(
            config.lists[1].definition.rule
                == .group(
                    .all,
                    [Self.condition("added", .after, .text("2020-01-01")), Self.condition("in_wantlist", .isFalse)]))
        #expect(
            config.lists[2].definition == ListDefinition(sort: [ListSort(field: "added", descending: true)], limit: 50))
    }

    @Test("a rule can be written as TOML tables too, and means what the same query means")
    func ruleAsTables() throws {
        let config = try load(
            """
            [[lists]]
            name = "Hard bop"
            sort = ["added-"]

            [[lists.rule.all]]
            field = "style"
            op = "has_any"
            value = ["Hard Bop"]

            [[lists.rule.all]]
            field = "year"
            op = "between"
            value = [1955, 1965]

            [[lists.rule.all]]
            none = [ { field = "format_desc", op = "has_any", value = ["Reissue"] } ]
            """)
        #expect(
            config.lists[0].definition
                == (try ListQuery.parse(#"style:"Hard Bop" year:1955..1965 ^format_desc:Reissue sort:added-"#)))
    }

    @Test(
        "[[lists]] mistakes name the list and the key",
        arguments: [
            ("[[lists]]\nquery = \"genre:Jazz\"\n", "[[lists]] #1 in spindle.toml: name: is required"),
            ("[[lists]]\nname = \"\"\n", "[[lists]] #1 in spindle.toml: name: must be a non-empty string"),
            (
                "[[lists]]\nname = \"A\"\n[[lists]]\nname = \"A\"\n",
                #"list "A" in spindle.toml: name: another list has this name"#
            ),
            (
                "[[lists]]\nname = \"A\"\nlimt = 5\n",
                #"list "A" in spindle.toml: limt: unknown key (known keys: name, query, base, rule"#
            ),
            (
                "[[lists]]\nname = \"A\"\nquery = \"genre:Jazz\"\nlimit = 5\n",
                #"list "A" in spindle.toml: limit: a list with a query sets this in the query"#
            ),
            (
                "[[lists]]\nname = \"Jazz\"\nquery = \"gnre:Jazz\"\n",
                "list \"Jazz\" in spindle.toml: query: unknown field \"gnre\" at column 1; did you mean genre?\n  gnre:Jazz\n  ^^^^"
            ),
            ("[[lists]]\nname = \"A\"\nquery = 5\n", #"list "A" in spindle.toml: query: must be a string"#),
            (
                "[[lists]]\nname = \"A\"\nbase = \"shelf\"\n",
                #"list "A" in spindle.toml: base: must be collection, wantlist, inventory or folder:ID"#
            ),
            (
                "[[lists]]\nname = \"A\"\nrule = { all = [ { field = \"gnre\", op = \"has_any\", value = [\"Jazz\"] } ] }\n",
                #"list "A" in spindle.toml: rule.all[0].field: unknown field "gnre"; did you mean genre?"#
            ),
            (
                "[[lists]]\nname = \"A\"\nrule = { any = [ { field = \"rating\", op = \"contains\", value = \"4\" } ] }\n",
                #"list "A" in spindle.toml: rule.any[0].op: contains does not apply to rating, a number field"#
            ),
            (
                "[[lists]]\nname = \"A\"\nrule = { all = [ { field = \"rating\", op = \"between\", value = 4 } ] }\n",
                #"list "A" in spindle.toml: rule.all[0].value: must be a range"#
            ),
            (
                "[[lists]]\nname = \"A\"\nrule = { all = [ { op = \"is_true\" } ] }\n",
                #"list "A" in spindle.toml: rule.all[0]: a rule is a group"#
            ),
            (
                "[[lists]]\nname = \"A\"\nbase = \"wantlist\"\nrule = { all = [ { field = \"in_wantlist\", op = \"is_true\" } ] }\n",
                #"list "A" in spindle.toml: rule.all[0].field: in_wantlist does not exist for items of the wantlist base"#
            ),
            ("[[lists]]\nname = \"A\"\nsort = [3]\n", #"list "A" in spindle.toml: sort[0]: "#),
            (
                "[[lists]]\nname = \"A\"\nsort = [\"ratng-\"]\n",
                #"list "A" in spindle.toml: sort[0]: unknown field "ratng""#
            ),
            (
                "[[lists]]\nname = \"A\"\nlimit = 0\n",
                #"list "A" in spindle.toml: limit: must be a whole number from 1"#
            ),
            ("[[lists]]\nname = \"A\"\nlimit = \"ten\"\n", #"list "A" in spindle.toml: limit: "#),
            (
                "[[lists]]\nname = \"A\"\nfan_out = \"title\"\n",
                #"list "A" in spindle.toml: fan_out: title cannot fan out"#
            ),
            ("lists = \"Jazz\"\n", "lists in spindle.toml must be [[lists]] tables"),
            ("[lists]\nname = \"A\"\n", "lists in spindle.toml must be [[lists]] tables"),
        ])
    func listErrors(toml: String, message: String) {
        do {
            _ = try load(toml)
            Issue.record("expected an error for \(toml)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }
}
