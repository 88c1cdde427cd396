import Foundation

/// RFC 4180 CSV: comma-separated, fields optionally quoted with `"` (a quote inside is doubled),
/// quoted fields may hold commas and line breaks, lines end in CRLF or LF, a UTF-8 BOM is skipped.
public struct CSVReader: Sendable {
    public struct Row: Sendable, Equatable {
        /// 1-based line number where the row starts, for error messages.
        public var line: Int
        public var fields: [String]
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unterminatedQuote(line: Int)
        case textAfterQuote(line: Int)
        case notUTF8

        public var description: String {
            switch self {
            case .unterminatedQuote(let line): "line \(line): a quoted field is never closed"
            case .textAfterQuote(let line):
                "line \(line): text after a closing quote (quotes inside a field must be doubled)"
            case .notUTF8: "the file is not UTF-8 text"
            }
        }
    }

    public static func rows(_ data: Data) throws(Problem) -> [Row] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .notUTF8 }

        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var rowStart = 1
        var index = 0
        var quoted = false
        var afterQuote = false

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowStart, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
            } else if byte == comma {
                endField()
            } else if byte == cr || byte == lf {
                if byte == cr, index + 1 < bytes.count, bytes[index + 1] == lf { index += 1 }
                endRow()
                line += 1
                rowStart = line
            } else if byte == quote, field.isEmpty, !afterQuote {
                quoted = true
            } else if afterQuote {
                throw .textAfterQuote(line: line)
            } else {
                field.append(byte)
            }
            index += 1
        }
        if quoted { throw .unterminatedQuote(line: rowStart) }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRow() }
        return rows
    }
}
