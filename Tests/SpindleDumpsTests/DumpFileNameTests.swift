import Foundation
import SpindleStore
import Testing

@testable import SpindleDumps

@Suite("Dump file names and locations")
struct DumpFileNameTests {
    @Test("data and CHECKSUM names parse and format back to themselves")
    func roundTrip() throws {
        let releases = try #require(DumpFileName("discogs_20200806_releases.xml.gz"))
        #expect(releases.date == "20200806")
        #expect(releases.month == DumpMonth("2020-08"))
        #expect(releases.kind == .releases)
        #expect(!releases.isChecksum)
        #expect(releases.fileName == "discogs_20200806_releases.xml.gz")

        let checksum = try #require(DumpFileName("discogs_20191010_CHECKSUM.txt"))
        #expect(checksum.content == .checksum)
        #expect(checksum.kind == nil)
        #expect(checksum.month == DumpMonth("2019-10"))
        #expect(DumpFileName.checksum(date: "20191010") == checksum)

        for kind in DumpKind.allCases {
            let name = try #require(DumpFileName.data(kind, date: "20210601"))
            #expect(DumpFileName(name.fileName) == name)
        }
    }

    @Test(
        "anything else is not a dump file name",
        arguments: [
            "discogs_20200806_releases.xml", "discogs_20200806_releases.xml.gz.md5", "discogs_2020086_releases.xml.gz",
            "discogs_20201306_releases.xml.gz", "discogs_20200806_tracks.xml.gz", "discogs_20200806_checksum.txt",
            "Discogs_20200806_labels.xml.gz", "data/2020/discogs_20200806_labels.xml.gz",
            "discogs_2020o806_labels.xml.gz",
            "discogs_20200806labels.xml.gz", "",
        ])
    func rejects(_ text: String) {
        #expect(DumpFileName(text) == nil)
    }

    @Test("names sort by date, then in import order with the CHECKSUM last")
    func order() {
        let names = [
            "discogs_20191010_CHECKSUM.txt", "discogs_20191010_artists.xml.gz", "discogs_20191003_releases.xml.gz",
            "discogs_20191010_labels.xml.gz", "discogs_20191003_masters.xml.gz",
        ].compactMap(DumpFileName.init)
        #expect(
            names.sorted().map(\.fileName) == [
                "discogs_20191003_masters.xml.gz", "discogs_20191003_releases.xml.gz", "discogs_20191010_labels.xml.gz",
                "discogs_20191010_artists.xml.gz", "discogs_20191010_CHECKSUM.txt",
            ])
    }

    @Test("files live under data/YYYY/ of the base URL; the listing is ?prefix=data/YYYY/")
    func location() throws {
        let file = try #require(DumpFileName("discogs_20210601_labels.xml.gz"))
        #expect(
            DumpLocation.discogs.url(of: file).absoluteString
                == "https://discogs-data-dumps.s3.us-west-2.amazonaws.com/data/2021/discogs_20210601_labels.xml.gz")
        #expect(
            DumpLocation.discogs.listingURL(year: 2021).absoluteString
                == "https://discogs-data-dumps.s3.us-west-2.amazonaws.com/?prefix=data/2021/")
        // A base without its trailing slash still gets one, instead of losing its last segment.
        let mirror = try #require(DumpLocation(baseURL: "http://127.0.0.1:8080/mirror"))
        #expect(
            mirror.url(of: file).absoluteString
                == "http://127.0.0.1:8080/mirror/data/2021/discogs_20210601_labels.xml.gz")
        #expect(DumpLocation(baseURL: "ftp://example.org/") == nil)
        #expect(DumpLocation(baseURL: "not a url") == nil)
    }
}
