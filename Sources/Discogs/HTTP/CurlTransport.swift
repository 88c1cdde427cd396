import CCurl
import Dispatch
import Foundation

/// The direct executor's HTTP client: libcurl with one reused easy handle (keep-alive),
/// gzip/deflate/brotli decoding, a User-Agent on every request, and connect and total timeouts.
///
/// libcurl's easy interface blocks, so every transfer runs on this transport's own serial queue
/// instead of a cooperative-pool thread; callers just `await`.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked Sendable: `handle` is created, used and freed only on `queue`.
    public struct Options: Sendable {
        public var userAgent: String
        public var timeoutSeconds: Double
        public var connectTimeoutSeconds: Double
        public var maxBodyBytes: Int

        public init(
            userAgent: String, timeoutSeconds: Double = 30, connectTimeoutSeconds: Double = 10,
            maxBodyBytes: Int = 64 << 20
        ) {
            self.userAgent = userAgent
            self.timeoutSeconds = timeoutSeconds
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.maxBodyBytes = maxBodyBytes
        }
    }

    private let options: Options
    private let queue = DispatchQueue(label: "spindle.curl")
    private var handle: UnsafeMutableRawPointer?

    public init(options: Options) throws(TransportError) {
        guard CurlTransport.globalInit == CURLE_OK else {
            throw .setupFailed("curl_global_init failed")
        }
        guard let handle = curl_easy_init() else { throw .setupFailed("curl_easy_init returned NULL") }
        self.options = options
        self.handle = handle
    }

    deinit {
        if let handle { curl_easy_cleanup(handle) }
    }

    /// libcurl must be initialised once per process before any handle exists.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result: Result<HTTPResponse, TransportError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.perform(request))
            }
        }
        return try result.get()
    }

    private func perform(_ request: HTTPRequest) -> Result<HTTPResponse, TransportError> {
        guard let handle else { return .failure(.setupFailed("transport closed")) }
        curl_easy_reset(handle)

        let sink = ResponseSink(limit: options.maxBodyBytes)
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorBytes in
            ccurl_setopt_string(handle, CURLOPT_URL, request.url.absoluteString)
            ccurl_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent)
            ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // every encoding libcurl decodes
            ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(options.timeoutSeconds * 1000))
            ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeoutSeconds * 1000))
            ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
            ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
            ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBytes.baseAddress))
            ccurl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, CurlTransport.writeBody)
            ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer)
            ccurl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, CurlTransport.writeHeader)
            ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer)
            switch request.method {
            case "GET": ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
            case "HEAD": ccurl_setopt_long(handle, CURLOPT_NOBODY, 1)
            default: ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
            }
            if let body = request.body {
                ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
                body.withUnsafeBytes { bytes in
                    _ = ccurl_setopt_pointer(
                        handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                }
            }
            return curl_easy_perform(handle)
        }

        switch code {
        case CURLE_OK:
            var status = 0
            ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(.timedOut(seconds: options.timeoutSeconds))
        case CURLE_WRITE_ERROR where sink.overflowed:
            return .failure(.bodyTooLarge(limit: options.maxBodyBytes))
        default:
            let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            let summary = String(cString: curl_easy_strerror(code))
            return .failure(.connectionFailed(detail.isEmpty ? summary : "\(summary) (\(detail))"))
        }
    }

    private static let writeBody: ccurl_data_callback = { pointer, size, count, userdata in
        guard let pointer, let userdata else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        guard sink.body.count + length <= sink.limit else {
            sink.overflowed = true
            return 0  // makes libcurl stop with CURLE_WRITE_ERROR
        }
        pointer.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append($0, count: length) }
        return length
    }

    private static let writeHeader: ccurl_data_callback = { pointer, size, count, userdata in
        guard let pointer, let userdata else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
        let length = size * count
        let line = pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
        sink.receiveHeaderLine(line)
        return length
    }
}

/// Collects one transfer's header lines and body. Only touched on the transport's queue.
private final class ResponseSink {
    let limit: Int
    var body = Data()
    var headers = HTTPHeaders()
    var overflowed = false

    init(limit: Int) { self.limit = limit }

    func receiveHeaderLine(_ raw: String) {
        let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()  // a new response block (after 100 Continue): start over
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        headers.add(name, value)
    }
}
