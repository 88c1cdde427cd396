/// Writes a response as the records a web server expects: the `FCGI_STDOUT` stream (CGI headers, blank line,
/// body) in records of at most 65,535 bytes, the empty record that ends the stream, then `FCGI_END_REQUEST`.
enum ResponseEncoder {
    static func encode(_ response: FastCGIResponse, requestID: UInt16) -> [UInt8] {
        let head = Array(headerBlock(for: response).utf8)
        let recordCount = (head.count + response.body.count) / RecordLimits.maxContentLength + 3
        var output: [UInt8] = []
        output.reserveCapacity(head.count + response.body.count + recordCount * (RecordLimits.headerLength + 7) + 16)

        // The head goes out as records of its own unless it is small: then it shares the first record with the
        // body, which keeps a typical small response to three records.
        if head.count + response.body.count <= RecordLimits.maxContentLength {
            Record.encode(type: .stdout, requestID: requestID, content: (head + response.body)[...], into: &output)
        } else {
            appendStream(head[...], requestID: requestID, into: &output)
            appendStream(response.body[...], requestID: requestID, into: &output)
        }
        Record(type: .stdout, requestID: requestID).encode(into: &output)
        Record.endRequest(requestID: requestID, protocolStatus: .requestComplete).encode(into: &output)
        return output
    }

    /// `Status: 200 OK`, the headers, and the blank line that ends them, with CRLF line ends.
    static func headerBlock(for response: FastCGIResponse) -> String {
        let status = (100...599).contains(response.status) ? response.status : 500
        var block = "Status: \(status) \(ReasonPhrases.phrase(for: status))\r\n"
        for header in response.headers where header.name.lowercased() != "status" {
            block += "\(sanitized(header.name)): \(sanitized(header.value))\r\n"
        }
        block += "\r\n"
        return block
    }

    private static func appendStream(_ bytes: ArraySlice<UInt8>, requestID: UInt16, into output: inout [UInt8]) {
        var rest = bytes
        while !rest.isEmpty {
            let chunk = rest.prefix(RecordLimits.maxContentLength)
            Record.encode(type: .stdout, requestID: requestID, content: chunk, into: &output)
            rest = rest.dropFirst(chunk.count)
        }
    }

    private static func sanitized(_ text: String) -> String {
        guard text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
