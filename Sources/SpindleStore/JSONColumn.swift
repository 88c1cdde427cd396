import Discogs
import Foundation

/// Canonical JSON for JSON columns and hashes: sorted keys, so equal values give equal text.
enum JSONColumn {
    static func data<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }

    /// A list of ids as a JSON array, for `json_each` (written directly: it is built per page).
    static func ids(_ ids: [Int]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    static func text<T: Encodable>(_ value: T) -> String {
        String(decoding: data(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? FastJSONDecoder().decode(type, from: Data(text.utf8))
    }
}
