import Foundation
import Testing

@testable import SpindleDumps

@Suite("CHECKSUM.txt, read tolerantly")
struct ChecksumFileTests {
    static let hashA = "4f2a" + String(repeating: "0123456789abcdef", count: 3) + "0123456789ab"
    static let hashB = String(repeating: "ab", count: 32)

    @Test(
        "one or two spaces, a tab, a binary-mode star, upper-case hex and paths all read the same",
        arguments: [
            "\(hashA)  discogs_20210601_labels.xml.gz",
            "\(hashA) discogs_20210601_labels.xml.gz",
            "\(hashA)\tdiscogs_20210601_labels.xml.gz",
            "\(hashA) *discogs_20210601_labels.xml.gz",
            "\(hashA.uppercased())  discogs_20210601_labels.xml.gz",
            "\(hashA)  data/2021/discogs_20210601_labels.xml.gz",
            "\(hashA)  *./dumps/discogs_20210601_labels.xml.gz\r",
            "  \(hashA) \t discogs_20210601_labels.xml.gz   ",
        ])
    func lineVariants(_ line: String) {
        let sums = ChecksumFile(text: line + "\n")
        #expect(sums.sha256(for: "discogs_20210601_labels.xml.gz") == Self.hashA)
        #expect(sums.entries.count == 1)
        #expect(sums.ignoredLineCount == 0)
    }

    @Test("a four-line file of 2012–2019 (two spaces) and of 2019–2021 (one space)")
    func wholeFiles() {
        let names = ["artists", "labels", "masters", "releases"].map { "discogs_20200806_\($0).xml.gz" }
        for separator in ["  ", " "] {
            let text = names.map { "\(Self.hashB)\(separator)\($0)\n" }.joined()
            let sums = ChecksumFile(text: text)
            #expect(sums.entries.map(\.fileName) == names)
            #expect(sums.sha256(for: "discogs_20200806_releases.xml.gz") == Self.hashB)
            #expect(sums.sha256(for: "discogs_20200806_CHECKSUM.txt") == nil)
        }
    }

    @Test("blank lines are skipped; junk lines are skipped and counted")
    func junk() {
        let text = """

            # sums for August
            \(Self.hashA)  discogs_20200806_labels.xml.gz

            deadbeef  discogs_20200806_artists.xml.gz
            \(Self.hashB)
            \(String(repeating: "g", count: 64))  discogs_20200806_masters.xml.gz
            \(Self.hashB)  discogs_20200806_releases.xml.gz
            \(Self.hashA)  discogs_20200806_releases.xml.gz
            """
        let sums = ChecksumFile(text: text)
        #expect(sums.entries.map(\.fileName) == ["discogs_20200806_labels.xml.gz", "discogs_20200806_releases.xml.gz"])
        #expect(sums.ignoredLineCount == 4)
        // A name listed twice keeps its first sum.
        #expect(sums.sha256(for: "discogs_20200806_releases.xml.gz") == Self.hashB)
    }

    @Test("a 0-byte file is empty; lookups take a path as well as a name")
    func emptyAndPaths() throws {
        #expect(ChecksumFile(data: Data()).isEmpty)
        #expect(ChecksumFile(text: "\n\n").ignoredLineCount == 0)
        let sums = ChecksumFile(text: "\u{FEFF}\(Self.hashA)  discogs_20200806_labels.xml.gz\r\n")
        #expect(!sums.isEmpty)
        #expect(sums.sha256(for: "/srv/dumps/2020-08/discogs_20200806_labels.xml.gz") == Self.hashA)
    }
}
