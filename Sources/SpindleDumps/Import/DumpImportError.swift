/// Why a dump file could not be imported. Everything committed before the error stays; the
/// message names the file and where in it the problem is.
public enum DumpImportError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String, line: Int?, xmlOffset: Int64, compressedOffset: Int64)
    case wrongKind(path: String, expected: String, found: String)
    case unknownElement(path: String, element: String, recordID: Int64?)
    case badRecord(path: String, reason: String, recordID: Int64?)

    /// Adds the record being read when the error happened.
    func at(record id: Int64?) -> DumpImportError {
        guard let id else { return self }
        switch self {
        case .malformed(let path, let reason, let line, let xml, let compressed):
            return .malformed(
                path: path, reason: "\(reason) (in or after record \(id))", line: line, xmlOffset: xml,
                compressedOffset: compressed)
        default: return self
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .malformed(let path, let reason, let line, let xml, let compressed):
            "\(path): \(reason)" + (line.map { " at line \($0)" } ?? "")
                + " (byte \(xml) of the XML, byte \(compressed) of the file)"
        case .wrongKind(let path, let expected, let found):
            "\(path) is not a \(expected) dump: its root element is <\(found)>"
        case .unknownElement(let path, let element, let id):
            "\(path): unknown element \(element)" + (id.map { " in record \($0)" } ?? "")
                + " (--strict refuses unknown elements)"
        case .badRecord(let path, let reason, let id):
            "\(path): \(reason)" + (id.map { " (record \($0))" } ?? "")
        }
    }
}
