/// A rule that cannot be compiled: the field, the operator, the value or the list it names, in
/// words a person can act on.
public struct ListRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
