import Foundation
import Testing

@testable import SpindleDumps
@testable import SpindleStore

/// Bad input stops the file with a clear error and keeps what was committed before it; the
/// same file, repaired, resumes where the broken one stopped.
@Suite struct ImportFailureTests {
    static let releases = "philipmat_discogs-xml2db_discogs_20200806_releases.xml.gz"

    /// Imports through `DumpImporter` (run and file states) with small transactions.
    func importRun(_ world: DumpWorld, _ path: String) throws {
        var importer = DumpImporter(store: world.store)
        importer.options.commitRecords = 100
        importer.options.batchRecords = 50
        try importer.run(month: DumpMonth("2020-08")!, dumpDate: "20200806", files: [.releases: path])
    }

    func fileState(_ world: DumpWorld) throws -> DumpFile {
        try #require(try world.store.read { try $0.dumpFiles(runID: 1) }.first)
    }

    @Test func truncatedGzipStopsThenResumes() throws {
        let world = try DumpWorld()
        let whole = try Data(contentsOf: URL(fileURLWithPath: DumpWorld.fixture(Self.releases)))
        let path = world.directory.appendingPathComponent("discogs_20200806_releases.xml.gz").path
        try whole.prefix(whole.count * 6 / 10).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: DumpImportError.self) { try importRun(world, path) }
        #expect("\(error!)".contains("truncated"), "\(error!)")
        #expect("\(error!)".contains(path))
        let broken = try fileState(world)
        #expect(broken.importStatus == .failed)
        #expect(broken.recordsDone > 0 && broken.recordsDone < 1000)
        #expect(try world.count("SELECT count(*) FROM releases") == broken.recordsDone)
        #expect(try world.store.read { try $0.dumpRun(month: "2020-08") }?.status == .failed)

        // The whole file under the same name: the import goes on from the last committed record.
        try whole.write(to: URL(fileURLWithPath: path))
        try importRun(world, path)
        let done = try fileState(world)
        #expect(done.importStatus == .imported)
        #expect(done.recordsDone == 1000)
        #expect(try world.count("SELECT count(*) FROM releases") == 1000)
        #expect(try world.count("SELECT count(*) FROM release_tracks") == 9430)
        #expect(try world.store.read { try $0.dumpRun(month: "2020-08") }?.status == .completed)
    }

    @Test func flippedByteIsCorruptData() throws {
        let world = try DumpWorld()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: DumpWorld.fixture(Self.releases)))
        bytes[bytes.count / 2] ^= 0xFF
        let path = world.directory.appendingPathComponent("discogs_20200806_releases.xml.gz").path
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: DumpImportError.self) { try importRun(world, path) }
        let text = "\(error!)"
        #expect(text.contains("corrupt") || text.contains("truncated") || text.contains("XML"), "\(text)")
        #expect(try world.count("SELECT count(*) FROM releases") == (try fileState(world)).recordsDone)
    }

    /// 300 good records, one per line (libxml2 reads ahead, so an error surfaces a little
    /// before the reader hands over the records just before it).
    static let goodRecords = (1...300).map {
        "<release id=\"\($0)\" status=\"Accepted\"><title>Record \($0)</title></release>\n"
    }
    .joined()

    @Test func malformedXMLNamesTheRecordAndLine() throws {
        let world = try DumpWorld()
        let path = try world.write(
            "discogs_20200806_releases.xml",
            "<releases>\n" + Self.goodRecords
                + "<release id=\"301\" status=\"Accepted\"><title>Two</titel></release>\n</releases>\n")
        let error = #expect(throws: DumpImportError.self) { try importRun(world, path) }
        let text = "\(error!)"
        #expect(text.contains("line 302"), "\(text)")
        #expect(text.contains("tag mismatch"), "\(text)")
        #expect(text.contains("record "), "\(text)")
        let committed = try world.count("SELECT count(*) FROM releases")
        #expect(committed > 200 && committed <= 300)
        #expect(committed == (try fileState(world)).recordsDone)
    }

    @Test func invalidUTF8IsAnError() throws {
        let world = try DumpWorld()
        var data = Data(("<releases>\n" + Self.goodRecords + "<release id=\"301\"><title>Bad ").utf8)
        data.append(contentsOf: [0xFF, 0xFE])
        data.append(contentsOf: Data("</title></release>\n</releases>\n".utf8))
        let path = world.directory.appendingPathComponent("discogs_20200806_releases.xml").path
        try data.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: DumpImportError.self) { try importRun(world, path) }
        #expect("\(error!)".contains("UTF-8"), "\(error!)")
        #expect(try world.count("SELECT count(*) FROM releases") > 200)
    }

    @Test func unknownElementsAreCountedOrRefused() throws {
        let xml = """
            <releases>
            <release id="1"><title>One</title><hologram>yes</hologram><tracklist><track><title>A</title><mood>x</mood></track></tracklist></release>
            <release id="2"><title>Two</title><hologram>no</hologram></release>
            </releases>
            """
        let world = try DumpWorld()
        try world.importFile(try world.write("r.xml", xml), kind: .releases)
        let file = try fileState(world)
        #expect(file.unknownElements == ["release/hologram": 2, "release/tracklist/track/mood": 1])
        #expect(try world.count("SELECT count(*) FROM releases") == 2)

        let strict = try DumpWorld()
        var options = DumpFileImport.Options()
        options.strict = true
        let error = #expect(throws: DumpImportError.self) {
            try strict.importFile(try strict.write("r.xml", xml), kind: .releases, options: options)
        }
        #expect("\(error!)".contains("release/hologram"))
        #expect(try strict.count("SELECT count(*) FROM releases") == 0)
    }

    @Test func wrongKindIsRefused() throws {
        let world = try DumpWorld()
        let error = #expect(throws: DumpImportError.self) {
            try world.importFile(
                DumpWorld.fixture("philipmat_discogs-xml2db_discogs_20200806_labels.xml.gz"), kind: .releases)
        }
        #expect("\(error!)".contains("not a releases dump"))
        #expect(try DumpKind(contentsOf: DumpWorld.fixture("lukasaron_data-discogs_masters.xml")) == .masters)
    }
}
