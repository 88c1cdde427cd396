import Crypto
import Foundation

/// Short, stable content fingerprints: a row is rewritten only when its hash changes.
public enum ContentHash {
    /// Hex of the first 16 bytes of SHA-256 over the canonical JSON of `value` (sorted keys).
    public static func of<T: Encodable>(_ value: T) -> String {
        of(data: JSONColumn.data(value))
    }

    public static func of(data: Data) -> String {
        hex(SHA256.hash(data: data).prefix(16))
    }

    /// The hash of the parts one after the other, without joining them first.
    public static func of(parts: [Data]) -> String {
        var hasher = SHA256()
        for part in parts { hasher.update(data: part) }
        return hex(hasher.finalize().prefix(16))
    }

    /// `count` random bytes from the system's generator, as hex: unguessable ids and secrets.
    public static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Lower-case hex of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
