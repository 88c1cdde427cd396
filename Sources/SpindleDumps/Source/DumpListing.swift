import Foundation
import SpindleStore

/// The dump files a listing names, read tolerantly from whatever body came back: an S3
/// `ListBucketResult` (names with sizes, from `<Key>`/`<Size>`) or an HTML page (names only,
/// found wherever they occur, even inside `data%2F2021%2F…` links). Anything else in the body is
/// ignored, so a changed page layout loses sizes at worst, not files.
///
/// ```swift
/// let listing = DumpListing(body: xml)
/// listing.months                                   // [2008-03, …, 2021-06]
/// listing.latestSet(at: .discogs)?.month           // 2021-06
/// listing.dumpSet(for: DumpMonth("2019-10")!, at: .discogs)?.dumpDate  // "20191010"
/// ```
public struct DumpListing: Sendable, Equatable {
    /// One file the listing names.
    public struct Entry: Sendable, Hashable {
        public let name: DumpFileName
        public let size: Int64?

        public init(name: DumpFileName, size: Int64?) {
            self.name = name
            self.size = size
        }
    }

    /// Sorted by name, one entry per file name.
    public let entries: [Entry]

    public init(entries: [Entry]) {
        var byName: [DumpFileName: Int64?] = [:]
        for entry in entries {
            // A name seen twice (an href and its link text) keeps the size if either had one.
            if let known = byName[entry.name], known != nil { continue }
            byName[entry.name] = entry.size
        }
        self.entries = byName.map { Entry(name: $0.key, size: $0.value) }.sorted { $0.name < $1.name }
    }

    public init(body: Data) {
        self.init(body: String(decoding: body, as: UTF8.self))
    }

    public init(body: String) {
        var found: [Entry] = []
        // S3 first, so that sizes win over the bare names found by the scan below.
        for block in Self.elements(named: "Contents", in: body[...]) {
            guard let key = Self.elements(named: "Key", in: block).first,
                let name = DumpFileName(String(key.split(separator: "/").last ?? ""))
            else { continue }
            let size = Self.elements(named: "Size", in: block).first.flatMap {
                Int64($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            found.append(Entry(name: name, size: size))
        }
        found += Self.scanNames(in: body).map { Entry(name: $0, size: nil) }
        self.init(entries: found)
    }

    /// Both listings' files, e.g. this year's and last year's.
    public func merging(_ other: DumpListing) -> DumpListing {
        DumpListing(entries: entries + other.entries)
    }

    /// Every month with at least one file, oldest first.
    public var months: [DumpMonth] { Array(Set(entries.map(\.name.month))).sorted() }

    /// The month's files as a set, choosing per kind the file of that month (the latest date
    /// among non-empty ones when there are several: 2017-12 has `20171201` and `20171212`).
    /// Nil when the listing names nothing for the month.
    public func dumpSet(for month: DumpMonth, at location: DumpLocation) -> DumpSet? {
        let ofMonth = entries.filter { $0.name.month == month }
        guard !ofMonth.isEmpty else { return nil }
        func choose(_ content: DumpFileName.Content) -> DumpSet.File? {
            let candidates = ofMonth.filter { $0.name.content == content }
            // Non-empty before empty, then the latest date.
            let best = candidates.max { a, b in
                let aEmpty = a.size == 0
                let bEmpty = b.size == 0
                if aEmpty != bEmpty { return aEmpty }
                return a.name.date < b.name.date
            }
            return best.map { DumpSet.File(name: $0.name, url: location.url(of: $0.name), size: $0.size) }
        }
        var dataFiles: [DumpKind: DumpSet.File] = [:]
        for kind in DumpKind.allCases {
            dataFiles[kind] = choose(.data(kind))
        }
        return DumpSet(month: month, dataFiles: dataFiles, checksum: choose(.checksum))
    }

    /// Every month's set, oldest first.
    public func dumpSets(at location: DumpLocation) -> [DumpSet] {
        months.compactMap { dumpSet(for: $0, at: location) }
    }

    /// The newest month with all four data files and a non-empty CHECKSUM; with
    /// `requiringChecksum: false`, the newest with all four data files, whose `checksumState`
    /// then says whether it can be verified.
    public func latestSet(at location: DumpLocation, requiringChecksum: Bool = true) -> DumpSet? {
        for month in months.reversed() {
            guard let set = dumpSet(for: month, at: location) else { continue }
            if requiringChecksum ? set.isComplete : set.hasAllData { return set }
        }
        return nil
    }

    // MARK: - Reading the body

    /// The text of every `<name>…</name>` element, without parsing XML: good enough for S3's
    /// flat listing, and harmless on a body that is not XML at all.
    static func elements(named name: String, in text: Substring) -> [Substring] {
        let open = "<\(name)>"
        let close = "</\(name)>"
        var results: [Substring] = []
        var rest = text
        while let start = rest.range(of: open) {
            guard let end = rest.range(of: close, range: start.upperBound..<rest.endIndex) else { break }
            results.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return results
    }

    /// Every `discogs_YYYYMMDD_{kind}.xml.gz` or `discogs_YYYYMMDD_CHECKSUM.txt` in the text that
    /// is not part of a longer name (`….xml.gz.md5` is not a dump file).
    static func scanNames(in text: String) -> [DumpFileName] {
        let bytes = Array(text.utf8)
        let marker = Array("discogs_".utf8)
        var names: [DumpFileName] = []
        var index = 0
        while index + marker.count <= bytes.count {
            guard bytes[index] == marker[0], bytes[index..<index + marker.count].elementsEqual(marker) else {
                index += 1
                continue
            }
            // Read the longest run of name characters, then accept it only whole (a sentence's
            // full stop after the name is not part of it).
            var end = index
            while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
            var nameEnd = end
            while nameEnd > index, bytes[nameEnd - 1] == UInt8(ascii: ".") { nameEnd -= 1 }
            if let name = DumpFileName(String(decoding: bytes[index..<nameEnd], as: UTF8.self)) {
                names.append(name)
            }
            index = max(end, index + 1)
        }
        return names
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
