// swift-tools-version:6.0
import PackageDescription

// Dependencies are pinned with `exact:` because Package.resolved is not committed
// (DESIGN.md §4 lists why each one is here).
let package = Package(
    name: "spindle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "spindle", targets: ["spindle"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    ],
    targets: [
        // System libraries (module maps and shims: ../shared/reference/swift-on-linux.md).
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        .systemLibrary(
            name: "CCmark", pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]),

        // Discogs API models, endpoints, header parsing and the HTTP transport. No SQLite.
        .target(
            name: "Discogs",
            dependencies: ["CCurl", "CZlib"]),
        // Schema, migrations, records and queries: the only module that speaks SQL.
        .target(
            name: "SpindleStore",
            dependencies: [
                "Discogs",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw sqlite3 API, for the dump loader's bind-and-step loop (about 20% faster
                // than GRDB's cached statements, measured in ../shared/reference/swift-on-linux.md §3).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Planner, ingest, executors, rate limiting, imports.
        .target(
            name: "SpindleSync",
            dependencies: [
                "Discogs", "SpindleStore",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Static site: pages, templates, Markdown content, feeds, search index, charts.
        .target(
            name: "SpindleSite",
            dependencies: [
                "Discogs", "SpindleStore", "CCmark", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Monthly data dumps: discovery, libcurl download, SHA-256 verification, streaming import.
        .target(
            name: "SpindleDumps",
            dependencies: [
                "Discogs", "SpindleStore", "CCurl", "CZlib", "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The parser's inner loop touches its own state per XML node; dynamic exclusivity
            // checks on that state were 9% of the import's CPU (perf, 20,000 releases). The
            // parser's state is confined to its thread, so there is nothing for them to catch.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // The FastCGI 1.0 responder protocol and its socket server; nothing else.
        .target(
            name: "FastCGI",
            dependencies: [.product(name: "Logging", package: "swift-log")]),
        // The /api/ endpoint: routes, auth, CSRF, JSON and HTML answers, on top of FastCGI.
        .target(
            name: "SpindleServer",
            dependencies: [
                "FastCGI", "Discogs", "SpindleStore", "SpindleSync",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The command-line interface and configuration, as a library so tests can drive it.
        .target(
            name: "SpindleCLI",
            dependencies: [
                "Discogs", "SpindleStore", "SpindleSync", "SpindleSite", "SpindleServer", "FastCGI", "SpindleDumps",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        .executableTarget(name: "spindle", dependencies: ["SpindleCLI"]),

        // A faithful fake of api.discogs.com built from the recorded fixtures: used by the
        // tests (in-process, with a virtual clock) and by `make bench` (over loopback HTTP).
        .target(
            name: "FakeDiscogs",
            dependencies: ["Discogs"],
            resources: [.copy("Fixtures")]),
        .executableTarget(
            name: "discogs-fake",
            dependencies: [
                "FakeDiscogs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // `make bench`: measures spindle and the fake as separate processes.
        .executableTarget(
            name: "spindle-bench",
            dependencies: [
                "Discogs", "SpindleStore", "SpindleSync", "SpindleServer", "FastCGI", "FakeDiscogs", "SpindleDumps",
                "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .testTarget(name: "DiscogsTests", dependencies: ["Discogs", "FakeDiscogs"]),
        .testTarget(
            name: "SpindleStoreTests",
            dependencies: ["SpindleStore", "FakeDiscogs", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "SpindleSyncTests",
            dependencies: [
                "SpindleSync", "SpindleStore", "FakeDiscogs", "SpindleDumps",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "SpindleSiteTests",
            dependencies: [
                "SpindleSite", "SpindleSync", "SpindleStore", "FakeDiscogs",
                // The reference the site's template renderer is held to, byte for byte.
                .product(name: "Mustache", package: "swift-mustache"),
                // Dump rows are written with SQL, as the dump importer writes them.
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "SpindleDumpsTests",
            dependencies: ["SpindleDumps", "SpindleStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "FastCGITests", dependencies: ["FastCGI", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "SpindleServerTests",
            dependencies: ["SpindleServer", "FastCGI", "SpindleSync", "SpindleStore", "FakeDiscogs"]),
        .testTarget(
            name: "SpindleCLITests",
            dependencies: ["SpindleCLI", "FakeDiscogs", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
