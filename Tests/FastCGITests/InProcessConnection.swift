@testable import FastCGI

/// One connection driven in-process: bytes in, the server's bytes out, no sockets. It runs the same session code
/// as the socket loop, so protocol behaviour is tested here and only I/O in the socket tests.
struct InProcessConnection {
    private(set) var session: ConnectionSession
    private var output: [UInt8] = []
    /// Why the connection ended, once it has.
    private(set) var end: ConnectionSession.End?

    init(limits: FastCGILimits = .init(), responder: any FastCGIResponder = EchoResponder()) {
        session = ConnectionSession(limits: limits, responder: responder, logger: quietLogger)
    }

    /// Sends bytes (in one chunk, or in chunks of `chunkSize`) and returns everything the server wrote back.
    mutating func send(_ bytes: [UInt8], chunkSize: Int? = nil) throws -> Reply {
        var rest = bytes[...]
        while !rest.isEmpty && end == nil {
            let chunk = rest.prefix(chunkSize ?? rest.count)
            rest = rest.dropFirst(chunk.count)
            end = session.receive(chunk) {
                output += $0; return true
            }
        }
        defer { output = [] }
        return try Reply(output)
    }
}
