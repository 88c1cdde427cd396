import CZlib
import Foundation

/// The input of the dump bench: a real releases dump sample repeated until it is large enough to
/// time, written as one gzip file named like a Discogs dump. Each copy gets new release ids, in
/// ascending order as in a real dump, so an importer keyed on the release id sees no duplicates.
struct DumpSample {
    let path: String
    let releases: Int
    /// How many times the sample's records are repeated.
    let copies: Int
    let xmlBytes: Int
    let gzipBytes: Int

    /// A dump's name, so tools that read the month or the entity from the name accept it.
    static let fileName = "discogs_20200806_releases.xml.gz"
    static let month = "2020-08"

    /// Writes whole copies of the records of `source` (a `releases.xml.gz`) into `path` until
    /// there are at least `releases`, numbered 1, 2, 3… in file order.
    static func write(copiesOf source: String, releases: Int, to path: String) throws -> DumpSample {
        let template = try ReleasesTemplate(xml: try readGzip(source))
        let copies = max(1, (releases + template.idRanges.count - 1) / template.idRanges.count)
        guard let output = gzopen(path, "wb") else { throw BenchError("cannot create \(path)") }
        // A larger buffer than zlib's 8 KB default: fewer, larger writes to the file.
        gzbuffer(output, 256 * 1024)
        var writer = GzipWriter(file: output)
        writer.write(template.prefix)
        var nextID = 1
        for _ in 0..<copies {
            template.writeRecords(to: &writer, firstID: nextID)
            nextID += template.idRanges.count
        }
        writer.write(template.suffix)
        let closed = gzclose(output)
        guard writer.failed == false, closed == Z_OK else { throw BenchError("cannot write \(path)") }
        let gzipBytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        return DumpSample(
            path: path, releases: nextID - 1, copies: copies, xmlBytes: writer.bytes, gzipBytes: gzipBytes)
    }

    /// The whole decompressed file: the samples are a few MB.
    private static func readGzip(_ path: String) throws -> [UInt8] {
        guard let input = gzopen(path, "rb") else { throw BenchError("cannot open \(path)") }
        defer { gzclose(input) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { gzread(input, $0.baseAddress, UInt32($0.count)) }
            guard count >= 0 else { throw BenchError("cannot decompress \(path)") }
            if count == 0 { return bytes }
            bytes += chunk[0..<Int(count)]
        }
    }
}

/// A releases file split where the copies differ: the root's opening and closing, the records
/// in between, and the byte range of each `<release id="…">` value inside them.
private struct ReleasesTemplate {
    let prefix: ArraySlice<UInt8>
    let records: ArraySlice<UInt8>
    let suffix: ArraySlice<UInt8>
    let idRanges: [Range<Int>]

    init(xml: [UInt8]) throws {
        // Text and attribute values escape `<`, so every `<release ` in the file is a start tag.
        let startTag = Array("<release ".utf8)
        let closingTag = Array("</releases>".utf8)
        guard let first = xml.firstRange(of: startTag),
            let closing = xml.indices.reversed().lazy.map({ $0..<($0 + closingTag.count) }).first(where: {
                $0.upperBound <= xml.endIndex && xml[$0].elementsEqual(closingTag)
            }),
            first.lowerBound < closing.lowerBound
        else { throw BenchError("the sample is not a releases dump") }
        prefix = xml[..<first.lowerBound]
        records = xml[first.lowerBound..<closing.lowerBound]
        suffix = xml[closing.lowerBound...]

        let idAttribute = Array(" id=\"".utf8)
        var ranges: [Range<Int>] = []
        var searchFrom = records.startIndex
        while let tag = records[searchFrom...].firstRange(of: startTag) {
            let tagEnd = records[tag.upperBound...].firstIndex(of: UInt8(ascii: ">")) ?? records.endIndex
            // From the space after `<release`, so an `id` that comes first is found too.
            guard let attribute = records[(tag.upperBound - 1)..<tagEnd].firstRange(of: idAttribute),
                let quote = records[attribute.upperBound..<tagEnd].firstIndex(of: UInt8(ascii: "\""))
            else { throw BenchError("a <release> start tag without an id attribute") }
            ranges.append(attribute.upperBound..<quote)
            searchFrom = tagEnd
        }
        guard !ranges.isEmpty else { throw BenchError("the sample has no releases") }
        idRanges = ranges
    }

    /// One copy of the records, with the ids `firstID`, `firstID + 1`, … in place of the sample's.
    func writeRecords(to writer: inout GzipWriter, firstID: Int) {
        var cursor = records.startIndex
        for (offset, range) in idRanges.enumerated() {
            writer.write(records[cursor..<range.lowerBound])
            writer.write(Array(String(firstID + offset).utf8)[...])
            cursor = range.upperBound
        }
        writer.write(records[cursor...])
    }
}

/// `gzwrite` with the uncompressed byte count and the first failure remembered.
private struct GzipWriter {
    let file: gzFile
    private(set) var bytes = 0
    private(set) var failed = false

    init(file: gzFile) { self.file = file }

    mutating func write(_ slice: ArraySlice<UInt8>) {
        guard !slice.isEmpty, !failed else { return }
        let written = slice.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        if Int(written) == slice.count { bytes += slice.count } else { failed = true }
    }
}
