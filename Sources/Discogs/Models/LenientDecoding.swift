import Foundation

// Discogs omits keys whose value is absent, sends some numbers as strings ("qty": "1",
// "entity_type": "1") and has changed shapes over the years. These helpers make the models
// accept what the API really sends instead of failing a whole page on one odd field.

extension KeyedDecodingContainer {
    /// A list that may be missing or null: missing means empty.
    func list<T: Decodable>(_ key: Key) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }

    /// The list a response is about: it may be empty or null, but a body without the key is
    /// not this kind of response at all (an error object, another endpoint's answer).
    func requiredList<T: Decodable>(_ key: Key) throws -> [T] {
        guard contains(key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no \"\(key.stringValue)\" in the response"))
        }
        return try list(key)
    }

    /// A string that may be missing, null, or sent as a number.
    func text(_ key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let string = try? decode(String.self, forKey: key) { return string }
        if let int = try? decode(Int.self, forKey: key) { return String(int) }
        if let double = try? decode(Double.self, forKey: key) { return String(double) }
        if let bool = try? decode(Bool.self, forKey: key) { return String(bool) }
        throw DecodingError.typeMismatch(
            String.self, .init(codingPath: codingPath + [key], debugDescription: "expected a string"))
    }

    /// An integer that may be missing, null, sent as a string, or as a whole float.
    func integer(_ key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let int = try? decode(Int.self, forKey: key) { return int }
        if let string = try? decode(String.self, forKey: key) {
            let trimmed = string.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : Int(trimmed)
        }
        if let double = try? decode(Double.self, forKey: key), double == double.rounded() { return Int(double) }
        throw DecodingError.typeMismatch(
            Int.self, .init(codingPath: codingPath + [key], debugDescription: "expected an integer"))
    }

    /// A number that may be missing, null, or sent as a string.
    func number(_ key: Key) throws -> Double? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let double = try? decode(Double.self, forKey: key) { return double }
        if let string = try? decode(String.self, forKey: key) { return Double(string) }
        throw DecodingError.typeMismatch(
            Double.self, .init(codingPath: codingPath + [key], debugDescription: "expected a number"))
    }

    /// A flag that may be missing, null, or sent as 0/1 or "true"/"false".
    func flag(_ key: Key) throws -> Bool? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let bool = try? decode(Bool.self, forKey: key) { return bool }
        if let int = try? decode(Int.self, forKey: key) { return int != 0 }
        if let string = try? decode(String.self, forKey: key) {
            return ["true", "1", "yes"].contains(string.lowercased())
        }
        return nil
    }
}
