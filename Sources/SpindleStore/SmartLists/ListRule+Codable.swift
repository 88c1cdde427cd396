import Foundation

/// The JSON form of rules, after Navidrome's `.nsp`: a group is `{"all": [...]}` (or `any`,
/// `none`), a condition `{"field": …, "op": …, "value": …}`.
extension ListRule: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for match in GroupMatch.allCases where container.contains(Key(match.rawValue)) {
            guard container.allKeys.count == 1 else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "a group has one key: all, any or none"))
            }
            self = .group(match, try container.decode([ListRule].self, forKey: Key(match.rawValue)))
            return
        }
        guard container.contains(Key("field")) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "a rule is a group ({\"all\": [...]}, any, none) or a condition ({\"field\", \"op\", \"value\"})"
                ))
        }
        self = .condition(try ListCondition(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .group(let match, let rules):
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(rules, forKey: Key(match.rawValue))
        case .condition(let condition):
            try condition.encode(to: encoder)
        }
    }
}

extension ListValue: Codable {
    private enum RelativeKeys: String, CodingKey { case last, unit }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: RelativeKeys.self), keyed.contains(.last) {
            self = .relative(
                amount: try keyed.decode(Int.self, forKey: .last),
                unit: try keyed.decodeIfPresent(DateUnit.self, forKey: .unit) ?? .days)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let bool = try? single.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? single.decode(Double.self) {
            self = .number(number)
        } else if let text = try? single.decode(String.self) {
            self = .text(text)
        } else {
            self = .list(try single.decode([ListValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .relative(let amount, let unit):
            var keyed = encoder.container(keyedBy: RelativeKeys.self)
            try keyed.encode(amount, forKey: .last)
            try keyed.encode(unit, forKey: .unit)
        case .text(let text):
            var single = encoder.singleValueContainer()
            try single.encode(text)
        case .number(let number):
            var single = encoder.singleValueContainer()
            if number == number.rounded(), abs(number) < 1e15 {
                try single.encode(Int(number))
            } else {
                try single.encode(number)
            }
        case .bool(let bool):
            var single = encoder.singleValueContainer()
            try single.encode(bool)
        case .list(let values):
            var single = encoder.singleValueContainer()
            try single.encode(values)
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        }
    }
}

extension ListBase: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let base = ListBase(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "base must be collection, folder:ID, wantlist or inventory, not \(text)"))
        }
        self = base
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(description)
    }
}

extension ListDefinition: Codable {
    enum CodingKeys: String, CodingKey {
        case base, rule, sort, limit, offset, pins, excludes, seed
        case fanOut = "fan_out"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            base: try container.decodeIfPresent(ListBase.self, forKey: .base) ?? .collection,
            rule: try container.decodeIfPresent(ListRule.self, forKey: .rule) ?? .everything,
            sort: try container.decodeIfPresent([ListSort].self, forKey: .sort) ?? [],
            limit: try container.decodeIfPresent(Int.self, forKey: .limit),
            offset: try container.decodeIfPresent(Int.self, forKey: .offset) ?? 0,
            pins: try container.decodeIfPresent([Int].self, forKey: .pins) ?? [],
            excludes: try container.decodeIfPresent([Int].self, forKey: .excludes) ?? [],
            fanOut: try container.decodeIfPresent(String.self, forKey: .fanOut),
            seed: try container.decodeIfPresent(Int.self, forKey: .seed) ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(base, forKey: .base)
        try container.encode(rule, forKey: .rule)
        if !sort.isEmpty { try container.encode(sort, forKey: .sort) }
        try container.encodeIfPresent(limit, forKey: .limit)
        if offset != 0 { try container.encode(offset, forKey: .offset) }
        if !pins.isEmpty { try container.encode(pins, forKey: .pins) }
        if !excludes.isEmpty { try container.encode(excludes, forKey: .excludes) }
        try container.encodeIfPresent(fanOut, forKey: .fanOut)
        try container.encode(seed, forKey: .seed)
    }
}

extension ListSort {
    enum CodingKeys: String, CodingKey { case field, order }

    /// `{"field": "added", "order": "desc"}`, or the query form `"added-"`.
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            let descending = text.hasSuffix("-")
            let field = text.hasSuffix("-") || text.hasSuffix("+") ? String(text.dropLast()) : text
            self.init(field: field, descending: descending)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let order = try container.decodeIfPresent(String.self, forKey: .order) ?? "asc"
        guard order == "asc" || order == "desc" else {
            throw DecodingError.dataCorruptedError(
                forKey: .order, in: container, debugDescription: "order is asc or desc")
        }
        self.init(field: try container.decode(String.self, forKey: .field), descending: order == "desc")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(descending ? "desc" : "asc", forKey: .order)
    }
}
