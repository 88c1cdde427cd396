import Discogs
import FakeDiscogs
import Foundation
import Synchronization

/// Passes requests through, and after the `n`-th one runs `hook` (to change "Discogs" mid-sync).
struct HookTransport: HTTPTransport {
    let inner: any HTTPTransport
    let after: Int
    let hook: @Sendable () -> Void
    private let count = Counter()

    init(_ inner: any HTTPTransport, after: Int, hook: @escaping @Sendable () -> Void) {
        self.inner = inner
        self.after = after
        self.hook = hook
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let response = try await inner.send(request)
        if count.next() == after { hook() }
        return response
    }
}

/// Behaves like a process killed with SIGKILL after `n` requests: request `n + 1` is sent to
/// the server and its answer never arrives; the executor is stuck for good, with nothing cleaned
/// up, exactly as the database sees a dead process.
struct FrozenTransport: HTTPTransport {
    let inner: any HTTPTransport
    let freezeAfter: Int
    private let count = Counter()
    let frozen = Flag()

    init(_ inner: any HTTPTransport, freezeAfter: Int) {
        self.inner = inner
        self.freezeAfter = freezeAfter
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        if count.next() > freezeAfter {
            _ = try? await inner.send(request)  // the server got it…
            frozen.set()
            await Graveyard.bury()  // …the client never hears back
        }
        return try await inner.send(request)
    }
}

/// Where frozen executors wait forever. Kept alive for the whole test run so that no
/// continuation is ever dropped unresumed.
enum Graveyard {
    private static let continuations = Mutex<[CheckedContinuation<Void, Never>]>([])

    static func bury() async {
        await withCheckedContinuation { continuation in
            continuations.withLock { $0.append(continuation) }
        }
    }
}

final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}

final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}
