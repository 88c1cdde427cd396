import Foundation

/// Named templates that can use each other as partials and parents. Renders like swift-mustache
/// (the differential test in SpindleSiteTests holds it to that, byte for byte, on every page of a
/// site), several times faster: templates are parsed once into a tree, models are
/// `TemplateValue`s rather than `[String: Any]`, and output is written to one byte buffer.
public struct TemplateLibrary: Sendable {
    private var templates: [String: [TemplateNode]] = [:]

    public init() {}

    /// Parses and registers a template; a later registration under the same name replaces it.
    public mutating func register(_ text: String, named name: String) throws(TemplateSyntaxError) {
        templates[name] = try TemplateParser.parse(text)
    }

    public func contains(_ name: String) -> Bool { templates[name] != nil }

    /// The rendered template, or nil when there is no template by that name.
    public func render(_ value: TemplateValue, template name: String) -> [UInt8]? {
        guard let nodes = templates[name] else { return nil }
        var renderer = TemplateRenderer(templates: templates, root: value)
        renderer.render(nodes)
        return renderer.output
    }
}

/// One rendering: the context stack, what the current list iteration is, the indentation of the
/// partial being rendered, and the block overrides in force.
private struct TemplateRenderer {
    struct Sequence {
        var first: Bool
        var last: Bool
        var index: Int
    }

    let templates: [String: [TemplateNode]]
    var output: [UInt8] = []
    var stack: [TemplateValue]
    var sequence: Sequence?
    var indentation: [UInt8]?
    var inherited: [String: [TemplateNode]]?

    init(templates: [String: [TemplateNode]], root: TemplateValue) {
        self.templates = templates
        stack = [root]
        output.reserveCapacity(16 * 1024)
    }

    /// Renders nodes in the current context. Inside an indented partial, a node whose output
    /// starts a new line is indented (swift-mustache indents per rendered token, and so does this).
    mutating func render(_ nodes: [TemplateNode]) {
        guard let indentation, !indentation.isEmpty else {
            for node in nodes { render(node) }
            return
        }
        let start = output.count
        for node in nodes {
            let before = output.count
            render(node)
            if output.count > before, before > start, output[before - 1] == 10 {
                output.insert(contentsOf: indentation, at: before)
            }
        }
    }

    mutating func render(_ node: TemplateNode) {
        switch node {
        case .text(let bytes):
            output.append(contentsOf: bytes)
        case .variable(let name, let escaped):
            guard let text = lookup(name)?.text else { return }
            if escaped { appendEscaped(text) } else { output.append(contentsOf: text.utf8) }
        case .section(let name, let body):
            renderSection(lookup(name), body)
        case .invertedSection(let name, let body):
            renderInverted(lookup(name), body)
        case .partial(let name, let dynamic, let indent, let overrides):
            let partialName =
                dynamic
                ? (lookup(TemplateName(root: .stack, components: [name], transforms: [], source: name))?.text ?? "")
                : name
            guard let nodes = templates[partialName] else { return }
            let saved = (sequence, indentation, inherited)
            sequence = nil
            if let indent { indentation = (indentation ?? []) + indent }
            if let overrides { inherited = (inherited ?? [:]).merging(overrides) { outer, _ in outer } }
            render(nodes)
            (sequence, indentation, inherited) = saved
        case .block(let name, let defaultNodes, let indent):
            let saved = (sequence, indentation)
            sequence = nil
            indentation = (indentation ?? []) + indent
            render(inherited?[name] ?? defaultNodes)
            (sequence, indentation) = saved
        case .blockDefinition:
            break  // only read as overrides of a parent
        }
    }

    mutating func renderSection(_ value: TemplateValue?, _ body: [TemplateNode]) {
        switch value {
        case nil, .null?, .bool(false)?:
            return
        case .bool(true)?:
            render(body)
        case .list(let items)?:
            guard !items.isEmpty else { return }
            let saved = sequence
            for (index, item) in items.enumerated() {
                sequence = Sequence(first: index == 0, last: index == items.count - 1, index: index)
                stack.append(item)
                render(body)
                stack.removeLast()
            }
            sequence = saved
        case let value?:
            let saved = sequence
            sequence = nil
            stack.append(value)
            render(body)
            stack.removeLast()
            sequence = saved
        }
    }

    mutating func renderInverted(_ value: TemplateValue?, _ body: [TemplateNode]) {
        switch value {
        case nil, .null?, .bool(false)?:
            render(body)
        case .list(let items)? where items.isEmpty:
            let saved = sequence
            sequence = nil
            stack.append(.list([]))
            render(body)
            stack.removeLast()
            sequence = saved
        default:
            return
        }
    }

    /// Resolves a name: the first component in the innermost item that has it (or only the
    /// current item for `.name`), the rest inside that; then the transforms, innermost first.
    func lookup(_ name: TemplateName) -> TemplateValue? {
        var value: TemplateValue?
        switch name.root {
        case .current:
            value = stack.last
        case .sequence:
            guard let sequence, let transform = name.transforms.last else { return nil }
            switch transform {
            case "first": value = .bool(sequence.first)
            case "last": value = .bool(sequence.last)
            case "index": value = .int(sequence.index)
            case "even": value = .bool(sequence.index & 1 == 0)
            case "odd": value = .bool(sequence.index & 1 == 1)
            default: return nil
            }
            return Self.transform(value!, name.transforms.dropLast())
        case .local:
            value = stack.last
            for component in name.components {
                guard let next = value?[component] else { return nil }
                value = next
            }
        case .stack:
            guard let first = name.components.first else { return stack.last }
            for item in stack.reversed() {
                guard let found = item[first] else { continue }
                value = found
                for component in name.components.dropFirst() {
                    guard let next = value?[component] else { return nil }
                    value = next
                }
                break
            }
        }
        guard let value else { return nil }
        return Self.transform(value, name.transforms[...])
    }

    /// swift-mustache's transforms for lists, strings, numbers and objects; an unknown one gives nil.
    static func transform(_ value: TemplateValue, _ transforms: ArraySlice<String>) -> TemplateValue? {
        var value = value
        for transform in transforms.reversed() {
            guard let next = apply(transform, to: value) else { return nil }
            value = next
        }
        return value
    }

    private static func apply(_ transform: String, to value: TemplateValue) -> TemplateValue? {
        switch (value, transform) {
        case (.list(let items), "empty"): .bool(items.isEmpty)
        case (.list(let items), "count"): .int(items.count)
        case (.list(let items), "first"): items.first
        case (.list(let items), "last"): items.last
        case (.list(let items), "reversed"): .list(items.reversed())
        case (.object(let members), "empty"): .bool(members.isEmpty)
        case (.object(let members), "count"): .int(members.count)
        case (.object(let members), "enumerated"):
            .list(members.map { .object(["key": .string($0.key), "value": $0.value]) })
        case (.object(let members), "sorted"):
            .list(members.sorted { $0.key < $1.key }.map { .object(["key": .string($0.key), "value": $0.value]) })
        case (.string(let text), "empty"): .bool(text.isEmpty)
        case (.string(let text), "uppercased"): .string(text.uppercased())
        case (.string(let text), "lowercased"): .string(text.lowercased())
        case (.string(let text), "capitalized"): .string(text.capitalized)
        case (.string(let text), "reversed"): .string(String(text.reversed()))
        case (.int(let number), "equalzero"): .bool(number == 0)
        case (.int(let number), "plusone"): .int(number + 1)
        case (.int(let number), "minusone"): .int(number - 1)
        case (.int(let number), "even"): .bool(number & 1 == 0)
        case (.int(let number), "odd"): .bool(number & 1 == 1)
        default: nil
        }
    }

    /// HTML escaping as swift-mustache does it: `< > & " '`. Runs of plain bytes are copied at once.
    mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var plain = 0
            for index in bytes.indices {
                let entity: [UInt8]
                switch bytes[index] {
                case UInt8(ascii: "<"): entity = Self.lessThan
                case UInt8(ascii: ">"): entity = Self.greaterThan
                case UInt8(ascii: "&"): entity = Self.ampersand
                case UInt8(ascii: "\""): entity = Self.quote
                case UInt8(ascii: "'"): entity = Self.apostrophe
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<index]))
                output.append(contentsOf: entity)
                plain = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
        }
    }

    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let ampersand = Array("&amp;".utf8)
    private static let quote = Array("&quot;".utf8)
    private static let apostrophe = Array("&#39;".utf8)
}
