import Dispatch
import FastCGI
import Foundation
import Logging
import Synchronization

/// Echoes the request: the params as sorted `NAME=value` lines, a blank line, then the body. `/slow` first
/// signals `entered` and sleeps half a second (the in-flight request of the shutdown test).
struct EchoResponder: FastCGIResponder {
    let entered = DispatchSemaphore(value: 0)

    func respond(to request: FastCGIRequest) -> FastCGIResponse {
        if request[param: "DOCUMENT_URI"] == "/slow" {
            entered.signal()
            usleep(500_000)
        }
        var text = ""
        for (name, value) in request.params.sorted(by: { $0.key < $1.key }) { text += "\(name)=\(value)\n" }
        text += "\n"
        return FastCGIResponse(
            status: 200,
            headers: [("Content-Type", "text/plain"), ("X-Request-Id", String(request.requestID))],
            body: Array(text.utf8) + request.body)
    }
}

/// Keeps log messages so a test can check what the server reported.
final class LogRecorder: Sendable {
    private let messages = Mutex<[String]>([])

    var all: [String] { messages.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "test.fastcgi") { _ in Handler(recorder: self) }
        logger.logLevel = .debug
        return logger
    }

    fileprivate func add(_ message: String) { messages.withLock { $0.append(message) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            recorder.add(event.message.description)
        }
    }
}

/// A logger that says nothing, so expected protocol violations do not clutter the test output.
let quietLogger = Logger(label: "test.quiet") { _ in SwiftLogNoOpLogHandler() }
