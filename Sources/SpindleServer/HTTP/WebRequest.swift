import FastCGI
import Foundation

/// One HTTP request as nginx passed it over FastCGI, with the parts routes need read out once.
struct WebRequest: Sendable {
    let method: String
    /// The path without the query, percent-decoded.
    let path: String
    let query: [String: [String]]
    let body: [UInt8]
    private let params: [String: String]

    init(_ request: FastCGIRequest) {
        params = request.params
        method = (request[param: "REQUEST_METHOD"] ?? "GET").uppercased()
        let uri = request[param: "REQUEST_URI"] ?? request[param: "DOCUMENT_URI"] ?? "/"
        let rawPath = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        path = (rawPath ?? "/").removingPercentEncoding ?? rawPath ?? "/"
        query = FormFields.parse(request[param: "QUERY_STRING"] ?? "")
        body = request.body
    }

    /// A request header, by its HTTP name (`Content-Type`, `X-CSRF-Token`).
    func header(_ name: String) -> String? {
        let key = "HTTP_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
        if let value = params[key], !value.isEmpty { return value }
        switch name.lowercased() {
        case "content-type": return params["CONTENT_TYPE"].flatMap { $0.isEmpty ? nil : $0 }
        default: return nil
        }
    }

    func param(_ name: String) -> String? { params[name].flatMap { $0.isEmpty ? nil : $0 } }

    func queryValue(_ name: String) -> String? { query[name]?.first }

    var cookies: [String: String] {
        var cookies: [String: String] = [:]
        for part in (header("Cookie") ?? "").split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            cookies[pair[0].trimmingCharacters(in: .whitespaces)] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        return cookies
    }

    var isJSON: Bool { (header("Content-Type") ?? "").lowercased().hasPrefix("application/json") }
    var isForm: Bool {
        (header("Content-Type") ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded")
    }

    /// A browser navigating (a form post or a link) rather than a script: it gets HTML and redirects.
    var wantsHTML: Bool { isForm || (method == "GET" && (header("Accept") ?? "").contains("text/html")) }

    /// Form fields of a urlencoded body.
    var form: [String: [String]] {
        isForm ? FormFields.parse(String(decoding: body, as: UTF8.self)) : [:]
    }

    /// The body as a JSON object, or nil when it is not one.
    var jsonObject: [String: Any]? {
        guard !body.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}

/// `application/x-www-form-urlencoded` (also the query string).
enum FormFields {
    static func parse(_ text: String) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            fields[name, default: []].append(value)
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
