import Foundation

/// A month's `CHECKSUM.txt`: SHA-256 sums in `sha256sum` style, read tolerantly because the
/// published files vary. Older ones separate hash and name with two spaces, newer ones with one;
/// some are 0 bytes or list only part of the month. Each line is split at its first run of spaces
/// or tabs; the name loses a leading `*` (binary mode) and any directories; the hex is lowercased.
/// Lines that are not a 64-hex sum and a name are skipped and counted, never fatal.
///
/// ```swift
/// let sums = ChecksumFile(text: "4F2A…E1 *data/2021/discogs_20210601_labels.xml.gz\n")
/// sums.sha256(for: "discogs_20210601_labels.xml.gz")  // "4f2a…e1"
/// ```
public struct ChecksumFile: Sendable, Equatable {
    /// One usable line.
    public struct Entry: Sendable, Hashable {
        /// 64 lower-case hex digits.
        public let sha256: String
        /// The bare file name.
        public let fileName: String
    }

    /// Usable lines in file order; a name listed twice keeps its first sum.
    public let entries: [Entry]
    /// Lines that were neither blank nor a sum and a name.
    public let ignoredLineCount: Int

    public init(text: String) {
        var entries: [Entry] = []
        var seen: Set<String> = []
        var ignored = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(["\u{FEFF}"]))
            guard !line.isEmpty else { continue }
            guard let entry = Self.entry(line) else {
                ignored += 1
                continue
            }
            if seen.insert(entry.fileName).inserted { entries.append(entry) }
        }
        self.entries = entries
        self.ignoredLineCount = ignored
    }

    public init(data: Data) {
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// Reads a downloaded CHECKSUM file (a few hundred bytes).
    public init(contentsOf url: URL) throws {
        try self.init(data: Data(contentsOf: url))
    }

    /// The expected lower-case hex SHA-256 of `fileName` (a bare name or a path), or nil when the
    /// file is not listed.
    public func sha256(for fileName: String) -> String? {
        let name = Self.baseName(fileName)
        return entries.first { $0.fileName == name }?.sha256
    }

    /// A 0-byte or all-junk file: nothing can be verified with it.
    public var isEmpty: Bool { entries.isEmpty }

    private static func entry(_ line: String) -> Entry? {
        guard let gap = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let hash = line[..<gap]
        var name = line[gap...].drop { $0 == " " || $0 == "\t" }
        if name.first == "*" { name = name.dropFirst() }
        let fileName = baseName(String(name))
        guard hash.utf8.count == 64, hash.utf8.allSatisfy(isHexDigit), !fileName.isEmpty else { return nil }
        return Entry(sha256: hash.lowercased(), fileName: fileName)
    }

    /// The last path component, for `/` and `\` separators alike.
    private static func baseName(_ path: String) -> String {
        String(path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default:
            false
        }
    }
}
