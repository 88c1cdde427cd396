import Foundation

/// What a template renders: a tree of plain values. Page models are built as these directly, so
/// a lookup is a dictionary access, not a runtime cast (the cost that made generic Mustache
/// rendering of `[String: Any]` the largest part of a site build).
public enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([TemplateValue])
    case object([String: TemplateValue])

    subscript(key: String) -> TemplateValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    /// The value as text in `{{name}}` (before escaping). Lists and objects print nothing.
    var text: String? {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .double(let value): "\(value)"
        case .bool(let value): value ? "true" : "false"
        case .null, .list, .object: nil
        }
    }
}

/// Anything a page model may hold. Models are written as dictionary literals
/// (`["title": release.title, "year": 1975]`) and turned into `TemplateValue` once.
public protocol TemplateValueConvertible: Sendable {
    var templateValue: TemplateValue { get }
}

extension TemplateValue: TemplateValueConvertible {
    public var templateValue: TemplateValue { self }
}

extension String: TemplateValueConvertible {
    public var templateValue: TemplateValue { .string(self) }
}

extension Substring: TemplateValueConvertible {
    public var templateValue: TemplateValue { .string(String(self)) }
}

extension Int: TemplateValueConvertible {
    public var templateValue: TemplateValue { .int(self) }
}

extension Int64: TemplateValueConvertible {
    public var templateValue: TemplateValue { .int(Int(self)) }
}

extension Double: TemplateValueConvertible {
    public var templateValue: TemplateValue { .double(self) }
}

extension Bool: TemplateValueConvertible {
    public var templateValue: TemplateValue { .bool(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    public var templateValue: TemplateValue { self?.templateValue ?? .null }
}

extension Array: TemplateValueConvertible where Element: TemplateValueConvertible {
    // A closure, not `\.templateValue`: a key path in generic code is instantiated at run time,
    // which showed up at 4% of a site build.
    public var templateValue: TemplateValue { .list(map { $0.templateValue }) }
}

extension Dictionary: TemplateValueConvertible where Key == String, Value == any TemplateValueConvertible {
    public var templateValue: TemplateValue { .object(mapValues { $0.templateValue }) }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
