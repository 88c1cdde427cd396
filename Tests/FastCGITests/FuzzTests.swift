import Foundation
import Testing

@testable import FastCGI

/// SplitMix64: a small seeded generator, so every fuzz run is reproducible from the seed it prints.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Fuzzing the decoder and the connection state machine")
struct FuzzTests {
    /// FASTCGI_FUZZ_SEED=<n> replays a reported failure.
    static let seed = ProcessInfo.processInfo.environment["FASTCGI_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_F00D

    static let limits: FastCGILimits = {
        var limits = FastCGILimits()
        limits.maxParamsBytes = 300
        limits.maxBodyBytes = 700
        return limits
    }()

    /// Conversations a web server could have with us, to mutate.
    static let validConversations: [[UInt8]] = [
        WebServer.request(),
        WebServer.request(id: 1, body: Array("a=1&b=2".utf8), keepConnection: true, chunk: 3)
            + WebServer.request(id: 2, keepConnection: false),
        WebServer.getValues(["FCGI_MAX_CONNS", "FCGI_MPXS_CONNS"])
            + WebServer.request(body: [UInt8](repeating: 1, count: 900), chunk: 128),
        WebServer.request(params: [("HTTP_COOKIE", String(repeating: "k", count: 400))], chunk: 100),
        Record.beginRequest(requestID: 1, keepConnection: true).encoded
            + Record.beginRequest(requestID: 2, keepConnection: true).encoded
            + WebServer.stream(.params, id: 1, NameValuePairs.encode([("A", "B")]))
            + Record(type: .abortRequest, requestID: 1).encoded + WebServer.request(id: 3),
    ]

    @Test("random bytes, random records and mutated conversations never crash, hang or over-buffer")
    func fuzz() {
        var generator = SeededGenerator(seed: Self.seed)
        var failures = 0
        var seen = Outcomes()
        for iteration in 0..<30_000 {
            let input: [UInt8]
            switch iteration % 3 {
            case 0: input = Self.randomBytes(using: &generator)
            case 1: input = Self.randomRecords(using: &generator)
            default: input = Self.mutatedConversation(using: &generator)
            }
            if let problem = Self.run(input, using: &generator, seen: &seen) {
                failures += 1
                Issue.record("seed \(Self.seed), iteration \(iteration): \(problem); input \(input)")
                if failures >= 3 { return }
            }
        }
        // The generators must reach the interesting paths, or the run proves little.
        #expect(seen.responses > 200, "seed \(Self.seed)")
        #expect(seen.rejections > 100, "seed \(Self.seed)")
        #expect(seen.violations > 1000, "seed \(Self.seed)")
        #expect(seen.managementReplies > 100, "seed \(Self.seed)")
    }

    struct Outcomes {
        var responses = 0
        var rejections = 0
        var violations = 0
        var managementReplies = 0
    }

    /// Feeds `input` to a session in random chunks and checks the invariants; returns what went wrong, if anything.
    static func run(_ input: [UInt8], using generator: inout SeededGenerator, seen: inout Outcomes) -> String? {
        var session = ConnectionSession(limits: limits, responder: EchoResponder(), logger: quietLogger)
        var output: [UInt8] = []
        var rest = input[...]
        var rounds = 0
        while !rest.isEmpty {
            rounds += 1
            // Every round consumes at least one byte, so this bound can only be hit by a bug.
            if rounds > input.count + 1 { return "no progress" }
            let chunk = rest.prefix(Int.random(in: 1...64, using: &generator))
            rest = rest.dropFirst(chunk.count)
            let end = session.receive(chunk) {
                output += $0; return true
            }
            let machine = session.machine
            if machine.decoderBufferedBytes > RecordLimits.maxRecordLength {
                return "decoder holds \(machine.decoderBufferedBytes) bytes"
            }
            if machine.paramsBufferedBytes > limits.maxParamsBytes {
                return "params buffer holds \(machine.paramsBufferedBytes) bytes"
            }
            if machine.bodyBufferedBytes > limits.maxBodyBytes {
                return "body buffer holds \(machine.bodyBufferedBytes) bytes"
            }
            if case .violation = end { seen.violations += 1 }
            if end != nil { break }
        }
        // Whatever came in, what goes out is well-formed FastCGI.
        guard let reply = try? Reply(output), reply.trailingBytes == 0 else { return "malformed output" }
        for record in reply.records where record.type == .stdout && record.content.starts(with: Array("Status: ".utf8))
        {
            if record.content.starts(with: Array("Status: 200".utf8)) {
                seen.responses += 1
            } else {
                seen.rejections += 1
            }
        }
        seen.managementReplies += reply.records.filter { $0.requestID == 0 }.count
        return nil
    }

    static func randomBytes(using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
            UInt8.random(in: 0...255, using: &generator)
        }
        // Mostly a plausible first byte, or nearly everything would stop at the version check.
        if !bytes.isEmpty && Bool.random(using: &generator) { bytes[0] = 1 }
        return bytes
    }

    /// Well-framed records of random types, ids, flags and contents: exercises the state machine, not the framing.
    static func randomRecords(using generator: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 1...12, using: &generator) {
            let type = RecordType(rawValue: UInt8.random(in: 0...12, using: &generator))
            let id = UInt16.random(in: 0...2, using: &generator)
            var content: [UInt8]
            switch Int.random(in: 0...3, using: &generator) {
            case 0: content = []
            case 1:
                content = [
                    0, UInt8.random(in: 0...3, using: &generator), UInt8.random(in: 0...1, using: &generator), 0, 0, 0,
                    0, 0,
                ]
            case 2:
                content = NameValuePairs.encode([
                    (
                        "K\(Int.random(in: 0...9, using: &generator))",
                        String(repeating: "v", count: Int.random(in: 0...300, using: &generator))
                    )
                ])
            default:
                content = (0..<Int.random(in: 1...400, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
            }
            Record(type: type, requestID: id, content: content).encode(into: &bytes)
        }
        return bytes
    }

    static func mutatedConversation(using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = validConversations.randomElement(using: &generator)!
        for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0...3, using: &generator) {
            case 0: bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
            case 2: bytes.remove(at: index)
            default: bytes.removeSubrange(index...)
            }
        }
        return bytes
    }
}
