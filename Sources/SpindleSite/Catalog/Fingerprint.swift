import Crypto
import Foundation

/// A stable fingerprint of what a page is made from. Pages whose fingerprint did not change since
/// the last build are neither rendered nor written.
struct Fingerprint {
    private var hasher = SHA256()

    init(_ parts: String...) { for part in parts { add(part) } }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: Self.separator) { hasher.update(bufferPointer: $0) }
    }

    private static let separator: UInt8 = 0x1F

    mutating func add(_ number: Int) { add(String(number)) }

    func finish() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(24)
        for byte in hasher.finalize().prefix(12) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func of(_ parts: [String]) -> String {
        var fingerprint = Fingerprint()
        parts.forEach { fingerprint.add($0) }
        return fingerprint.finish()
    }

    /// A model as text with dictionary keys sorted: `"\(dictionary)"` is not usable, because Swift
    /// orders dictionaries differently in every process.
    static func canonical(_ value: some TemplateValueConvertible) -> String { canonical(value.templateValue) }

    static func canonical(_ value: TemplateValue) -> String {
        switch value {
        case .object(let members):
            "{" + members.keys.sorted().map { "\($0):\(canonical(members[$0]!))" }.joined(separator: ",") + "}"
        case .list(let items):
            "[" + items.map(canonical).joined(separator: ",") + "]"
        case .string(let text): "\(text.utf8.count):" + text  // length-prefixed: unambiguous
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        }
    }
}
