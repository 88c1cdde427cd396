/// Writes RFC 4180 CSV with CRLF line ends, quoting only the fields that need it.
public struct CSVWriter: Sendable {
    public private(set) var text = ""

    public init() {}

    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.escape).joined(separator: ",") + "\r\n"
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
