import SpindleStore

extension DumpKind {
    /// The kind of a dump file, read from its root element (`<releases>` …), whatever its name.
    public init(contentsOf path: String) throws(DumpImportError) {
        let stream = try XMLStream(input: GzipInput(path: path))
        while try stream.read() {
            guard stream.nodeType == .element else { continue }
            let root = stream.localNameString
            guard let kind = DumpKind(rawValue: root) else {
                throw .wrongKind(path: path, expected: "Discogs", found: root)
            }
            self = kind
            return
        }
        throw .malformed(
            path: path, reason: "the file has no root element", line: nil, xmlOffset: stream.xmlOffset,
            compressedOffset: stream.compressedOffset)
    }
}
