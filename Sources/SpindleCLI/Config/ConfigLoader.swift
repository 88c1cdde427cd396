import Foundation
import TOMLKit

/// Reads `spindle.toml` (given, or found in the working directory), then applies
/// `SPINDLE_<SECTION>_<KEY>` variables. Unknown keys and bad values are errors that name the key.
public struct ConfigLoader: Sendable {
    public static let fileName = "spindle.toml"

    public var environment: [String: String]
    public var workingDirectory: URL

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) {
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// The configuration, and the file it came from (nil when none was found: defaults apply).
    public func load(path explicitPath: String?) throws(ConfigError) -> (config: SpindleConfig, file: URL?) {
        let file: URL?
        if let explicitPath {
            let expanded = (explicitPath as NSString).expandingTildeInPath
            let url =
                (expanded.hasPrefix("/")
                ? URL(fileURLWithPath: expanded) : workingDirectory.appendingPathComponent(expanded))
                .standardizedFileURL
            guard FileManager.default.fileExists(atPath: url.path) else { throw .fileNotFound(url.path) }
            file = url
        } else {
            let url = workingDirectory.appendingPathComponent(Self.fileName)
            file = FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        var config = SpindleConfig(baseDirectory: file?.deletingLastPathComponent() ?? workingDirectory)
        if let file { try apply(file: file, to: &config) }
        try applyEnvironment(to: &config)
        return (config, file)
    }

    func apply(file: URL, to config: inout SpindleConfig) throws(ConfigError) {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .unreadable(file.path, "\(error.localizedDescription)")
        }
        try apply(toml: text, source: file.lastPathComponent, to: &config)
    }

    func apply(toml text: String, source: String, to config: inout SpindleConfig) throws(ConfigError) {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw .syntax(source, line: error.source.begin.line, column: error.source.begin.column, error.description)
        } catch {
            throw .syntax(source, line: nil, column: nil, "\(error)")
        }
        for sectionName in table.keys {
            if sectionName == ListTables.key {
                config.lists = try ListTables.read(table[sectionName]!, source: source)
                continue
            }
            guard ConfigKey.sections.contains(sectionName), let section = table[sectionName]?.table else {
                let sections = ConfigKey.sections.sorted().map { "[\($0)]" } + ["[[\(ListTables.key)]]"]
                throw .unknownKey(
                    sectionName, source: source, hint: "known sections: \(sections.joined(separator: ", "))")
            }
            for name in section.keys {
                guard let key = ConfigKey.all.first(where: { $0.section == sectionName && $0.name == name }) else {
                    let known = ConfigKey.all.filter { $0.section == sectionName }.map(\.name).joined(separator: ", ")
                    throw .unknownKey(
                        "\(sectionName).\(name)", source: source, hint: "known keys in [\(sectionName)]: \(known)")
                }
                key.apply(&config, try value(of: section[name]!, for: key, source: source))
            }
        }
    }

    func applyEnvironment(to config: inout SpindleConfig) throws(ConfigError) {
        let prefixes = ConfigKey.sections.map { "SPINDLE_\($0.uppercased())_" }
        for (name, text) in environment.sorted(by: { $0.key < $1.key }) where prefixes.contains(where: name.hasPrefix) {
            guard let key = ConfigKey.all.first(where: { $0.environmentName == name }) else {
                let known = ConfigKey.all.map(\.environmentName).joined(separator: ", ")
                throw .unknownKey(name, source: "the environment", hint: "known variables: \(known)")
            }
            key.apply(&config, try parse(text, for: key, source: "the environment (\(name))"))
        }
    }

    private func value(
        of toml: any TOMLValueConvertible, for key: ConfigKey, source: String
    ) throws(ConfigError)
        -> ConfigKey.Value
    {
        func bad() -> ConfigError { .badValue(key.path, source: source, expected: key.expectation, got: "\(toml)") }
        switch key.kind {
        case .text, .url, .optionalURL:
            guard let text = toml.string else { throw bad() }
            return try parse(text, for: key, source: source)
        case .integer:
            guard let int = toml.int else { throw bad() }
            return try parse(String(int), for: key, source: source)
        case .number:
            if let int = toml.int { return try parse(String(int), for: key, source: source) }
            guard let double = toml.double else { throw bad() }
            return try parse(String(double), for: key, source: source)
        case .flag:
            guard let flag = toml.bool else { throw bad() }
            return .flag(flag)
        case .textList:
            guard let array = toml.array else { throw bad() }
            var names: [String] = []
            for element in array {
                guard let name = element.string else { throw bad() }
                names.append(name)
            }
            return .textList(names)
        case .numberList:
            guard let array = toml.array else { throw bad() }
            var numbers: [String] = []
            for element in array {
                if let int = element.int {
                    numbers.append(String(int))
                } else if let double = element.double {
                    numbers.append(String(double))
                } else {
                    throw bad()
                }
            }
            return try parse(numbers.joined(separator: ","), for: key, source: source)
        }
    }

    /// Checks one value as text (file values are turned into text first, so both paths share this).
    private func parse(_ text: String, for key: ConfigKey, source: String) throws(ConfigError) -> ConfigKey.Value {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func bad() -> ConfigError { .badValue(key.path, source: source, expected: key.expectation, got: "\"\(text)\"") }
        switch key.kind {
        case .text:
            return .text(text)
        case .url, .optionalURL:
            if case .optionalURL = key.kind, trimmed.isEmpty { return .text("") }
            guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false
            else { throw bad() }
            return .text(trimmed)
        case .flag:
            switch trimmed.lowercased() {
            case "true", "yes", "1", "on": return .flag(true)
            case "false", "no", "0", "off": return .flag(false)
            default: throw bad()
            }
        case .textList:
            return .textList(
                trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        case .numberList(let range):
            var values: [Double] = []
            for part in trimmed.split(separator: ",") {
                guard let value = Double(part.trimmingCharacters(in: .whitespaces)), value.isFinite,
                    range.contains(value)
                else { throw bad() }
                values.append(value)
            }
            guard !values.isEmpty else { throw bad() }
            return .numberList(values)
        case .integer(let range):
            guard let value = Int(trimmed), range.contains(value) else { throw bad() }
            return .integer(value)
        case .number(let range):
            guard let value = Double(trimmed), value.isFinite, range.contains(value) else { throw bad() }
            return .number(value)
        }
    }
}

public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileNotFound(String)
    case unreadable(String, String)
    case syntax(String, line: Int?, column: Int?, String)
    case unknownKey(String, source: String, hint: String)
    case badValue(String, source: String, expected: String, got: String)
    /// A `[[lists]]` table: the list (its name, or its place), the key, and what is wrong.
    case badList(String, source: String, key: String, message: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "configuration file \(path) does not exist (run `spindle init` to write one)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .syntax(let source, let line, let column, let message):
            "\(source)" + (line.map { ":\($0)" } ?? "") + (column.map { ":\($0)" } ?? "") + ": invalid TOML: \(message)"
        case .unknownKey(let key, let source, let hint): "unknown configuration key \(key) in \(source) (\(hint))"
        case .badValue(let key, let source, let expected, let got):
            "\(key) in \(source) must be \(expected), got \(got)"
        case .badList(let list, let source, let key, let message):
            "\(list) in \(source): " + (key.isEmpty ? "" : "\(key): ") + message
        }
    }
}
