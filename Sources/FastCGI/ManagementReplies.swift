/// Answers to management records (request id 0), which a web server may send at any time to learn how to talk to
/// the application.
enum ManagementReplies {
    /// The reply to a management record, or a violation when its content cannot be parsed.
    static func reply(to record: Record, maxConnections: Int) throws(ProtocolViolation) -> Record {
        guard record.type == .getValues else { return .unknownType(record.type) }
        let names: [(name: [UInt8], value: [UInt8])]
        do {
            names = try NameValuePairs.decode(record.content)
        } catch {
            throw .malformedNameValuePairs(requestID: 0)
        }
        var content: [UInt8] = []
        for (name, _) in names {
            // Unknown names are left out of the result, as the specification asks.
            guard let value = value(for: String(decoding: name, as: UTF8.self), maxConnections: maxConnections)
            else { continue }
            let encodedValue = Array(value.utf8)
            // Three short values at most fit in a record unless the query repeats names; stop before overflowing.
            guard content.count + name.count + encodedValue.count + 8 <= RecordLimits.maxContentLength else { break }
            NameValuePairs.encode(name: name, value: encodedValue, into: &content)
        }
        return Record(type: .getValuesResult, requestID: 0, content: content)
    }

    private static func value(for name: String, maxConnections: Int) -> String? {
        switch name {
        // One request per connection at a time, so requests and connections have the same bound.
        case "FCGI_MAX_CONNS", "FCGI_MAX_REQS": String(maxConnections)
        // Requests are never multiplexed on one connection.
        case "FCGI_MPXS_CONNS": "0"
        default: nil
        }
    }
}
