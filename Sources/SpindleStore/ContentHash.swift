import Crypto
import Foundation

/// Short, stable content fingerprints: a row is rewritten only when its hash changes.
public enum ContentHash {
    /// Hex of the first 16 bytes of SHA-256 over the canonical JSON of `value` (sorted keys).
    public static func of<T: Encodable>(_ value: T) -> String {
        of(data: JSONColumn.data(value))
    }

    public static func of(data: Data) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(32)
        for byte in SHA256.hash(data: data).prefix(16) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
