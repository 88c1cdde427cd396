import Foundation

/// JSON written by hand where JSONSerialization costs too much (the site's search index for
/// 10,000 releases, the fake's answers): string literals escaped per RFC 8259.
public enum JSONText {
    /// Appends `string` as a JSON string literal, quotes included.
    public static func quote(_ string: String, into text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
