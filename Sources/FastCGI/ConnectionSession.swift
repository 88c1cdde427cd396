import Logging

/// One connection's protocol with the responder plugged in, still without sockets: bytes in, bytes out through
/// `write`. The socket loop and the in-process tests drive the same code.
struct ConnectionSession {
    /// Why a session ended.
    enum End: Equatable, Sendable {
        /// The web server did not ask to keep the connection, and its request has been answered.
        case requestDone
        /// The byte stream broke the protocol.
        case violation(ProtocolViolation)
        /// `write` reported that the peer is gone.
        case writeFailed
    }

    private(set) var machine: ConnectionStateMachine
    let responder: any FastCGIResponder
    let logger: Logger

    init(limits: FastCGILimits, responder: any FastCGIResponder, logger: Logger) {
        machine = ConnectionStateMachine(limits: limits)
        self.responder = responder
        self.logger = logger
    }

    var isBetweenRequests: Bool { machine.isBetweenRequests }

    /// Handles a chunk of received bytes: every complete request in it is answered (the responder runs here,
    /// synchronously) and its response passed to `write`, which returns false when the peer is gone. Returns why
    /// the connection must now close, or nil to read on.
    mutating func receive(_ chunk: ArraySlice<UInt8>, write: ([UInt8]) -> Bool) -> End? {
        var input = chunk
        while true {
            switch machine.consume(&input) {
            case .none:
                return nil
            case .send(let records, let thenClose):
                var bytes: [UInt8] = []
                for record in records { record.encode(into: &bytes) }
                guard write(bytes) else { return .writeFailed }
                if thenClose { return .requestDone }
            case .respond(let request, let keepConnection):
                let response = responder.respond(to: request)
                logger.trace(
                    "answered request",
                    metadata: ["request": "\(request.requestID)", "status": "\(response.status)"])
                guard write(ResponseEncoder.encode(response, requestID: request.requestID)) else { return .writeFailed }
                if !keepConnection { return .requestDone }
            case .reject(let rejection, let requestID, let keepConnection):
                logger.notice("refused a request over a limit", metadata: ["rejection": "\(rejection)"])
                let response = responder.rejected(rejection)
                guard write(ResponseEncoder.encode(response, requestID: requestID)) else { return .writeFailed }
                if !keepConnection { return .requestDone }
            case .close(let violation):
                return .violation(violation)
            }
        }
    }
}
