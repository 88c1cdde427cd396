import Foundation
import SpindleStore

/// What is wrong with a definition that came as JSON or TOML rather than as a query, and where:
/// `rule.all[2].op: contains does not apply to rating …`.
public struct ListDefinitionProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key path inside the definition (`rule.any[0].all[1].value`, `sort[0]`, `limit`).
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Checks a definition's tree against the field catalogue, as the query parser does while it
/// reads: known fields, operators that fit the field's kind, values of the operator's shape, the
/// caps, and fields that exist for the base. The JSON form can express more than the query, so
/// this is the one gate for definitions from `[[lists]]` rule tables and JSON; it returns the
/// definition with fields under their canonical names (`added` for `date_added`).
public enum ListDefinitionValidator {
    /// Decodes the JSON form (`{"base": …, "rule": {"all": […]}, "sort": ["added-"], …}`) and
    /// validates it. A definition without `base` gets `defaultBase`.
    public static func decode(
        _ data: Data, defaultBase: ListBase = .collection
    ) throws(ListDefinitionProblem) -> ListDefinition {
        var definition: ListDefinition
        do {
            definition = try JSONDecoder().decode(ListDefinition.self, from: data)
        } catch let error as DecodingError {
            throw problem(error)
        } catch {
            throw ListDefinitionProblem(path: "", message: "\(error)")
        }
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        if object?["base"] == nil { definition.base = defaultBase }
        return try validated(definition)
    }

    public static func validated(_ definition: ListDefinition) throws(ListDefinitionProblem) -> ListDefinition {
        var definition = definition
        let base = definition.base
        if definition.rule.depth > ListRule.maxDepth {
            throw ListDefinitionProblem(
                path: "rule", message: "groups nest \(definition.rule.depth) levels deep; at most \(ListRule.maxDepth)")
        }
        if definition.rule.conditions.count > ListRule.maxConditions {
            throw ListDefinitionProblem(
                path: "rule",
                message: "\(definition.rule.conditions.count) conditions; at most \(ListRule.maxConditions)")
        }
        definition.rule = try validated(definition.rule, path: "rule", base: base)
        for (index, key) in definition.sort.enumerated() where key.field != ListQuery.randomSort {
            let path = "sort[\(index)]"
            let field = try known(key.field, path: path, base: base)
            guard field.kind != .list else {
                throw ListDefinitionProblem(path: path, message: "a list cannot be sorted by")
            }
            definition.sort[index].field = field.canonicalName
        }
        if let fanOut = definition.fanOut {
            let field = try known(fanOut, path: "fan_out", base: base)
            guard field.canFanOut else {
                throw ListDefinitionProblem(
                    path: "fan_out",
                    message: "\(fanOut) cannot fan out; use one of "
                        + ListField.all.filter(\.canFanOut).map(\.name).joined(separator: ", "))
            }
            definition.fanOut = field.canonicalName
        }
        if let limit = definition.limit, limit < 1 {
            throw ListDefinitionProblem(path: "limit", message: "must be a whole number from 1, got \(limit)")
        }
        if definition.offset < 0 {
            throw ListDefinitionProblem(
                path: "offset", message: "must be a whole number from 0, got \(definition.offset)")
        }
        for (name, ids) in [("pins", definition.pins), ("excludes", definition.excludes)] {
            if let index = ids.firstIndex(where: { $0 <= 0 }) {
                throw ListDefinitionProblem(path: "\(name)[\(index)]", message: "an item id is a positive number")
            }
        }
        return definition
    }

    private static func validated(
        _ rule: ListRule, path: String, base: ListBase
    ) throws(ListDefinitionProblem)
        -> ListRule
    {
        switch rule {
        case .group(let match, let rules):
            var checked: [ListRule] = []
            for (index, rule) in rules.enumerated() {
                checked.append(try validated(rule, path: "\(path).\(match.rawValue)[\(index)]", base: base))
            }
            return .group(match, checked)
        case .condition(var condition):
            let field = try known(condition.field, path: path + ".field", base: base)
            guard field.operators.contains(condition.op) else {
                throw ListDefinitionProblem(
                    path: path + ".op",
                    message: "\(condition.op.rawValue) does not apply to \(field.canonicalName), "
                        + "a \(field.kind.rawValue) field; use "
                        + field.operators.map(\.rawValue).joined(separator: ", "))
            }
            if let problem = ListValueShape.problem(op: condition.op, kind: field.kind, value: condition.value) {
                throw ListDefinitionProblem(path: path + ".value", message: problem)
            }
            condition.field = field.canonicalName
            return .condition(condition)
        }
    }

    private static func known(_ name: String, path: String, base: ListBase) throws(ListDefinitionProblem) -> ListField {
        guard let field = ListField.named(name) else {
            let hint = ListQuery.suggestion(for: name).map { "; did you mean \($0)?" } ?? ""
            throw ListDefinitionProblem(path: path, message: "unknown field \"\(name)\"" + hint)
        }
        if field.collectionOnly, !base.isCollection {
            throw ListDefinitionProblem(
                path: path, message: "\(field.canonicalName) does not exist for items of the \(base) base")
        }
        return field
    }

    private static func problem(_ error: DecodingError) -> ListDefinitionProblem {
        let (codingPath, message): ([any CodingKey], String) =
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                (context.codingPath, context.debugDescription)
            case .keyNotFound(let key, let context): (context.codingPath, "\(key.stringValue) is missing")
            @unknown default: ([], "\(error)")
            }
        let path = codingPath.reduce("") { path, key in
            if let index = key.intValue { return path + "[\(index)]" }
            return path.isEmpty ? key.stringValue : path + "." + key.stringValue
        }
        // The enums' own messages ("Cannot initialize ListOperator from invalid String value")
        // say less than the list of what is allowed.
        if case .dataCorrupted = error, let last = codingPath.last?.stringValue {
            switch last {
            case "op":
                return ListDefinitionProblem(
                    path: path,
                    message: "unknown operator; use one of "
                        + ListOperator.allCases.map(\.rawValue).joined(separator: ", "))
            case "unit":
                return ListDefinitionProblem(
                    path: path,
                    message: "unknown unit; use " + DateUnit.allCases.map(\.rawValue).joined(separator: ", "))
            default: break
            }
        }
        return ListDefinitionProblem(path: path, message: message)
    }
}

/// The operand each operator takes, per field kind, as the compiler will read it.
enum ListValueShape {
    static func problem(op: ListOperator, kind: ListField.Kind, value: ListValue?) -> String? {
        let value = value == .null ? nil : value
        switch op {
        case .isEmpty, .isNotEmpty, .isTrue, .isFalse:
            return value == nil ? nil : "\(op.rawValue) takes no value"
        case .isEqual, .isNot, .contains, .notContains, .startsWith, .endsWith:
            return isText(value) ? nil : "must be a string"
        case .matches:
            guard let pattern = value?.text, isText(value) else { return "must be a regular expression" }
            return (try? NSRegularExpression(pattern: pattern)) == nil
                ? "\"\(pattern)\" is not a regular expression" : nil
        case .hasAny, .hasAll, .hasNone:
            guard let value, isText(value) || !value.values.isEmpty,
                value.values.allSatisfy({ isText($0) && $0.text?.isEmpty == false })
            else { return "must be a string or a list of strings, none empty" }
            return nil
        case .equals, .notEquals, .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard case .number = value else { return "must be a number" }
            return nil
        case .between, .notBetween:
            guard case .list(let ends) = value, ends.count == 2, ends != [.null, .null] else {
                return "must be a range: [low, high], with null for an open end"
            }
            let endIsValid = kind == .date ? isDate : { if case .number = $0 { true } else { false } }
            return ends.allSatisfy { $0 == .null || endIsValid($0) }
                ? nil
                : kind == .date
                    ? "the ends must be dates (2020-05-01) or {\"last\": N, \"unit\": …}" : "the ends must be numbers"
        case .before, .after, .on:
            return value.map(isDate) == true ? nil : "must be a date (2020-05-01) or {\"last\": N, \"unit\": …}"
        case .inLast, .notInLast:
            guard case .relative = value else { return "must be {\"last\": N, \"unit\": \"days\"}" }
            return nil
        case .inList, .notInList:
            guard case .text(let name) = value, !name.isEmpty else { return "must be a list's name" }
            return nil
        }
    }

    private static func isText(_ value: ListValue?) -> Bool {
        switch value {
        case .text, .number: true
        default: false
        }
    }

    private static func isDate(_ value: ListValue) -> Bool {
        switch value {
        case .relative: true
        case .text(let text): CalendarPeriod(text)?.isDay == true
        default: false
        }
    }
}
