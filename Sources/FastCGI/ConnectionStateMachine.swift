/// The protocol for one connection, without I/O: bytes or records in, what to do next out.
///
/// One request is active at a time (nginx never multiplexes); a `FCGI_BEGIN_REQUEST` for another id meanwhile is
/// refused with `CANT_MPX_CONN`. Records for ids that are not active are ignored, as the specification says (§3.3),
/// which also covers the rest of a request refused with `UNKNOWN_ROLE` or `CANT_MPX_CONN`. Params and body are kept
/// only up to `FastCGILimits`: past a limit the stream is still read to its end, but dropped, so the client can be
/// answered with a rejection on a connection that stays in sync.
struct ConnectionStateMachine: Sendable {
    enum Action: Equatable, Sendable {
        /// Nothing to do yet: read more.
        case none
        /// Write these records; then close the connection when `thenClose` says so.
        case send([Record], thenClose: Bool)
        /// A complete request: answer it with the responder, then keep the connection or close it.
        case respond(FastCGIRequest, keepConnection: Bool)
        /// A request over a limit, fully read and dropped: answer it with `rejected`, then keep or close.
        case reject(FastCGIRejection, requestID: UInt16, keepConnection: Bool)
        /// The stream cannot be followed: close the connection without answering.
        case close(ProtocolViolation)
    }

    private enum Phase: Sendable {
        case params
        case stdin
    }

    /// The one request being read.
    private struct ActiveRequest: Sendable {
        let requestID: UInt16
        let keepConnection: Bool
        var phase = Phase.params
        var paramsBytes: [UInt8] = []
        var params: [String: String] = [:]
        var body: [UInt8] = []
        /// Set once a limit is passed; from then on the streams are read and dropped.
        var rejection: FastCGIRejection?

        init(requestID: UInt16, keepConnection: Bool) {
            self.requestID = requestID
            self.keepConnection = keepConnection
        }
    }

    private enum State: Sendable {
        case idle
        case reading(ActiveRequest)
        case closed
    }

    let limits: FastCGILimits
    private var state = State.idle
    private var decoder = RecordDecoder()

    init(limits: FastCGILimits) {
        self.limits = limits
    }

    /// True when no request is partly read: the connection waits for a next request (idle timeout applies, and a
    /// shutdown may close it) rather than in the middle of one (read timeout applies, and a shutdown waits for it).
    var isBetweenRequests: Bool {
        guard case .idle = state else { return false }
        return decoder.isAtRecordBoundary
    }

    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// Bytes held by the record decoder: at most one record.
    var decoderBufferedBytes: Int { decoder.bufferedByteCount }
    /// Bytes of params held for the active request: at most `limits.maxParamsBytes`.
    var paramsBufferedBytes: Int {
        if case .reading(let request) = state { return request.paramsBytes.count }
        return 0
    }
    /// Bytes of body held for the active request: at most `limits.maxBodyBytes`.
    var bodyBufferedBytes: Int {
        if case .reading(let request) = state { return request.body.count }
        return 0
    }

    /// Consumes bytes from the front of `input` until there is something to do, and returns it; `.none` once
    /// `input` is used up. Call again with the rest of `input` after acting, until it is empty.
    mutating func consume(_ input: inout ArraySlice<UInt8>) -> Action {
        while !isClosed {
            let record: Record?
            do {
                record = try decoder.nextRecord(from: &input)
            } catch {
                state = .closed
                return .close(error)
            }
            guard let record else { return .none }
            let action = receive(record)
            if action != .none { return action }
        }
        return .none
    }

    /// Handles one record.
    mutating func receive(_ record: Record) -> Action {
        if isClosed { return .none }
        if record.requestID == 0 { return management(record) }
        if record.type == .beginRequest { return begin(record) }

        // Records for an id that is not active are ignored (§3.3).
        guard case .reading(var request) = state, request.requestID == record.requestID else { return .none }
        // Take the request out of `state` so the appends below grow its buffers in place instead of copying them.
        state = .idle
        switch record.type {
        case .abortRequest:
            return finish(
                request,
                with: .send(
                    [.endRequest(requestID: request.requestID, protocolStatus: .requestComplete)],
                    thenClose: !request.keepConnection))
        case .params:
            guard request.phase == .params else {
                return violation(.unexpectedRecord(type: .params, requestID: request.requestID))
            }
            if record.content.isEmpty {
                if request.rejection == nil {
                    do {
                        request.params = try NameValuePairs.decodeStrings(request.paramsBytes)
                    } catch {
                        return violation(.malformedNameValuePairs(requestID: request.requestID))
                    }
                    if let announced = request.params["CONTENT_LENGTH"].flatMap({ Int($0) }),
                        announced > limits.maxBodyBytes
                    {
                        request.rejection = .bodyTooLarge(limit: limits.maxBodyBytes)
                    }
                }
                request.paramsBytes = []
                request.phase = .stdin
            } else if request.rejection != nil {
                // Already refused: read and drop.
            } else if request.paramsBytes.count + record.content.count > limits.maxParamsBytes {
                request.rejection = .paramsTooLarge(limit: limits.maxParamsBytes)
                request.paramsBytes = []
            } else {
                request.paramsBytes.append(contentsOf: record.content)
            }
        case .stdin:
            guard request.phase == .stdin else {
                return violation(.unexpectedRecord(type: .stdin, requestID: request.requestID))
            }
            if record.content.isEmpty {
                if let rejection = request.rejection {
                    return finish(
                        request,
                        with: .reject(rejection, requestID: request.requestID, keepConnection: request.keepConnection))
                }
                let complete = FastCGIRequest(requestID: request.requestID, params: request.params, body: request.body)
                return finish(request, with: .respond(complete, keepConnection: request.keepConnection))
            } else if request.rejection != nil {
                // Already refused: read and drop.
            } else if request.body.count + record.content.count > limits.maxBodyBytes {
                request.rejection = .bodyTooLarge(limit: limits.maxBodyBytes)
                request.body = []
            } else {
                request.body.append(contentsOf: record.content)
            }
        case .data:
            // The filter role's second stream; a responder has no use for it.
            break
        default:
            return violation(.unexpectedRecord(type: record.type, requestID: record.requestID))
        }
        state = .reading(request)
        return .none
    }

    private mutating func management(_ record: Record) -> Action {
        do {
            return .send(
                [try ManagementReplies.reply(to: record, maxConnections: limits.maxConnections)], thenClose: false)
        } catch {
            return violation(error)
        }
    }

    private mutating func begin(_ record: Record) -> Action {
        guard record.content.count == 8 else {
            return violation(.malformedBeginRequest(contentLength: record.content.count))
        }
        if case .reading(let active) = state {
            if active.requestID == record.requestID {
                return violation(.duplicateBeginRequest(requestID: record.requestID))
            }
            return .send(
                [.endRequest(requestID: record.requestID, protocolStatus: .cantMultiplexConnection)], thenClose: false)
        }
        let role = UInt16(record.content[0]) << 8 | UInt16(record.content[1])
        let keepConnection = record.content[2] & BeginRequestFlags.keepConnection != 0
        guard role == Role.responder else {
            if !keepConnection { state = .closed }
            return .send(
                [.endRequest(requestID: record.requestID, protocolStatus: .unknownRole)], thenClose: !keepConnection)
        }
        state = .reading(ActiveRequest(requestID: record.requestID, keepConnection: keepConnection))
        return .none
    }

    /// Ends the active request: the connection waits for the next one, or is done when the web server did not ask
    /// to keep it.
    private mutating func finish(_ request: ActiveRequest, with action: Action) -> Action {
        state = request.keepConnection ? .idle : .closed
        return action
    }

    private mutating func violation(_ violation: ProtocolViolation) -> Action {
        state = .closed
        return .close(violation)
    }
}
