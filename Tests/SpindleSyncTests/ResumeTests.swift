import Discogs
import FakeDiscogs
import Foundation
import SpindleStore
import SpindleSync
import Synchronization
import Testing

@Suite("Killing a sync and running it again", .timeLimit(.minutes(2)))
struct ResumeTests {
    /// Freezes the executor after `n` requests (as SIGKILL would leave it), then runs `sync` again.
    @Test(
        "resumes the interrupted session and ends with the same data, repeating fewer than 5 requests",
        arguments: [4, 60, 400])
    func resumeAfterKill(killedAfter n: Int) async throws {
        let harness = try SyncHarness(
            account: FakeAccount.generate(items: 500, folders: 4, duplicates: 20, wants: 60, overlap: 5))
        let opened = try SessionOpener(store: harness.store, settings: harness.settings)
            .open(SyncRequest(), mode: .direct, now: harness.clock.now)
        let frozen = FrozenTransport(InProcessTransport(fake: harness.fake, clock: harness.clock), freezeAfter: n)
        let dead = Task { try await harness.executor(transport: frozen).run(sessionID: opened.session.id) }
        while !frozen.frozen.isSet { try await Task.sleep(nanoseconds: 1_000_000) }
        _ = dead  // never finishes: the "process" is gone

        let resumed = try await harness.sync()

        #expect(resumed.id == opened.session.id, "the interrupted session is resumed, not replaced")
        #expect(resumed.status == .completed, "\(resumed.error ?? "")")
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
        #expect(try harness.exportedWantlist() == harness.fake.account.expectedWantlist())
        #expect(harness.fake.stats.repeatedSuccesses < 5)
        #expect(harness.fake.stats.rateLimited == 0)
    }

    @Test("fails a session whose process fell silent longer than the timeout, and starts afresh")
    func orphanedSessionsFail() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 120, wants: 10))
        let opened = try SessionOpener(store: harness.store, settings: harness.settings)
            .open(SyncRequest(), mode: .direct, now: harness.clock.now)
        harness.clock.advance(by: harness.settings.sessionTimeoutSeconds + 60)

        let next = try SessionOpener(store: harness.store, settings: harness.settings)
            .open(SyncRequest(), mode: .direct, now: harness.clock.now)

        #expect(next.session.id != opened.session.id)
        #expect(next.resumed == false)
        let old = try harness.store.read { try $0.session(id: opened.session.id) }
        #expect(old?.status == .failed)
        #expect(old?.error?.contains("orphaned") == true)
    }

    @Test("does not mistake a live process that is not spindle (a reused pid) for the owner")
    func reusedPidIsNoOwner() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 10))
        let parent = ProcessIdentity(pid: getppid(), host: ProcessIdentity.current.host)
        _ = try SessionOpener(store: harness.store, settings: harness.settings)
            .open(SyncRequest(), mode: .direct, owner: parent, now: harness.clock.now)
        // The parent (swift-test or a shell) is alive but is not spindle.
        let opened = try SessionOpener(store: harness.store, settings: harness.settings)
            .open(SyncRequest(), mode: .direct, now: harness.clock.now)
        #expect(opened.resumed)
    }

    @Test("a sync with other options supersedes an interrupted one, and keeps its release backlog")
    func otherOptionsSupersede() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 150, wants: 20))
        let opened = try SessionOpener(store: harness.store, settings: harness.settings)
            .open(SyncRequest(), mode: .direct, now: harness.clock.now)
        let frozen = FrozenTransport(InProcessTransport(fake: harness.fake, clock: harness.clock), freezeAfter: 40)
        let dead = Task { try await harness.executor(transport: frozen).run(sessionID: opened.session.id) }
        while !frozen.frozen.isSet { try await Task.sleep(nanoseconds: 1_000_000) }
        _ = dead

        let collectionOnly = try await harness.sync(SyncRequest(kinds: [.collection]))

        #expect(collectionOnly.id != opened.session.id)
        #expect(try harness.store.read { try $0.session(id: opened.session.id) }?.status == .cancelled)
        #expect(try harness.exportedCollection() == harness.fake.account.expectedCollection())
        #expect(try harness.store.read { try $0.queuedReleaseCount() } == 0)
    }
}

@Suite("Session liveness")
struct LivenessTests {
    @Test("a long release phase keeps the heartbeat fresh, so a live sync is never taken for an orphan")
    func heartbeatDuringLongPhase() async throws {
        let harness = try SyncHarness(account: FakeAccount.generate(items: 400, wants: 0))
        let store = harness.store
        let clock = harness.clock
        let lag = Mutex<Double?>(nil)
        // Request 300 is deep in the release phase, minutes (of virtual time) after it began.
        let transport = HookTransport(InProcessTransport(fake: harness.fake, clock: clock), after: 300) {
            let session = try? store.read { try $0.recentSessions(limit: 1).first }
            lag.withLock { $0 = session?.heartbeatAt.map { clock.now.timeIntervalSince($0) } }
        }
        let session = try await harness.sync(transport: transport)
        #expect(session.status == .completed)
        let measured = try #require(lag.withLock { $0 })
        #expect(measured < 20, "heartbeat \(measured) s old during the sync")
    }
}
