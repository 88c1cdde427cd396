import Foundation

/// An RFC 5988 `Link` header: `<https://…page=2>; rel="next", <https://…page=10>; rel="last"`.
/// The docs show `rel=next`, real responses quote it; both are accepted.
public struct LinkHeader: Sendable, Equatable {
    public var links: [String: URL]

    public init(_ value: String) {
        var links: [String: URL] = [:]
        for part in value.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">"),
                let url = URL(string: String(target.dropFirst().dropLast()))
            else { continue }
            for parameter in pieces.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard pair.count == 2, pair[0].lowercased() == "rel" else { continue }
                let rel = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                for name in rel.split(separator: " ") { links[String(name)] = url }
            }
        }
        self.links = links
    }

    /// The `page` query parameter of the link with that relation, e.g. `pageNumber("last")`.
    public func pageNumber(_ rel: String) -> Int? {
        guard let url = links[rel],
            let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems
        else { return nil }
        return items.first { $0.name == "page" }?.value.flatMap(Int.init)
    }
}
