// LimitsTests: every configurable limit that protects the server from one client —
// proto-max-bulk-len, client-query-buffer-limit, client-output-buffer-limit, maxclients,
// timeout — plus the unauthenticated request limits and a crowd of 10,000 idle connections.
//
// Each limit is checked the way a client sees it and compared with Redis 7.0.15 where the
// outcome is deterministic: the exact error text, whether the connection is closed, and that
// every other client is still served afterwards. What timing makes non-deterministic (when
// exactly an output buffer crosses a limit, how the kernel splits reads) is asserted as an
// outcome with bounded waits instead of byte for byte: "closed within N seconds", "the server
// answers a fresh PING", "resident memory stays within what the client asked for". The limits
// themselves are listed, with their errors, in docs/limits.md.

import Foundation
import Glibc
import Testing

private func b(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The test process's open-file hard limit (the 10,000-connection test needs ~10,100).
private let openFilesHardLimit: Int = {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
    return limit.rlim_max == rlim_t.max ? Int.max : Int(limit.rlim_max)
}()

/// Raises this process's soft open-file limit to `wanted` (bounded by the hard limit).
private func raiseOpenFilesLimit(to wanted: Int) -> Bool {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return false }
    if limit.rlim_cur != rlim_t.max && Int(limit.rlim_cur) >= wanted { return true }
    limit.rlim_cur = rlim_t(min(wanted, openFilesHardLimit))
    return setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 && Int(limit.rlim_cur) >= wanted
}

/// Sends `request` and keeps sending `chunk` every `pause` until `total` bytes or the server
/// closes; returns the bytes sent.
private func dribble(_ connection: RawConnection, header: [UInt8], total: Int, chunk: Int = 65536,
                     pause: Duration = .milliseconds(2)) -> Int {
    let block = [UInt8](repeating: 120, count: chunk)
    var sent = 0
    do {
        try connection.send(header)
        while sent < total {
            try connection.send(Array(block.prefix(total - sent)))
            sent += min(chunk, total - sent)
            sleepBriefly(pause)
        }
    } catch {
        // Closed by the server mid-way: that is the outcome under test.
    }
    return sent
}

@Suite("Limits", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct LimitsTests {
    // MARK: differential

    /// CONFIG SET of the limits (bounds and parse errors) and proto-max-bulk-len enforced at
    /// the bulk header, before any payload arrives.
    @Test func limitSettingsAndBulkLengthMatchRedis() throws {
        let big = [UInt8](repeating: 65, count: 1 << 20)
        try Differential(serverArgs: ["--proto-max-bulk-len", "1mb"]).check([
            ["CONFIG", "GET", "proto-max-bulk-len"],
            ["CONFIG", "SET", "proto-max-bulk-len", "1000"],
            ["CONFIG", "SET", "proto-max-bulk-len", "1048575"],
            ["CONFIG", "SET", "client-query-buffer-limit", "1000"],
            ["CONFIG", "SET", "client-query-buffer-limit", "1mb"],
            ["CONFIG", "SET", "maxclients", "0"],
            ["CONFIG", "SET", "timeout", "-1"],
            ["CONFIG", "SET", "client-output-buffer-limit", "normal 1mb"],
            ["CONFIG", "SET", "client-output-buffer-limit", "normal 1x 1 1"],
            ["CONFIG", "SET", "client-output-buffer-limit", "foo 1 1 1"],
            ["CONFIG", "SET", "client-output-buffer-limit", "normal 2mb 1mb 10 pubsub 64mb 16mb 90"],
            ["CONFIG", "GET", "client-output-buffer-limit"],
            // Exactly the limit: accepted.
            .raw(b("*2\r\n$4\r\nECHO\r\n$1048576\r\n") + big + b("\r\n"), label: "ECHO of exactly 1 MB"),
            // One byte over: refused at the header, the connection closed.
            .raw("*2\r\n$4\r\nECHO\r\n$1048577\r\n", label: "bulk header of 1 MB + 1", client: 1),
            .command("PING", client: 1),
            // Raised at run time, the same length passes.
            ["CONFIG", "SET", "proto-max-bulk-len", "2mb"],
            .raw(b("*2\r\n$4\r\nECHO\r\n$1048577\r\n") + big + b("B\r\n"), label: "ECHO of 1 MB + 1 after raising", client: 2),
            ["PING"],
        ])
    }

    /// Seeded random lengths and counts around the limits, with and without AUTH: the outcome
    /// of each header (refused and closed, or waiting for more) is Redis's.
    @Test func randomLengthsAroundLimitsMatchRedis() throws {
        let seed = SeededRandom.seed(default: 0x11_4175)
        var random = SeededRandom(seed: seed)
        let auth = "*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n"
        var cases: [HostileCase] = []
        for index in 0..<60 {
            let authed = random.chance(0.5)
            var text = authed ? auth : ""
            switch random.int(in: 0..<3) {
            case 0: text += "*\(random.int(in: 8...13))\r\n"
            case 1: text += "*2\r\n$\(16384 + random.int(in: -2...2))\r\n"
            default: text += "*2\r\n$\((1 << 20) + random.int(in: -2...2))\r\n"
            }
            cases.append(HostileCase("#\(index) \(text.replacingOccurrences(of: "\r\n", with: " "))", text))
        }
        let args = ["--requirepass", "pw", "--proto-max-bulk-len", "1mb"]
        let structd = try ServerProcess.structd(args: args)
        let redis = try ServerProcess.redis(args: args)
        let differences = try Robustness.differences(cases, structd: structd, redis: redis)
        #expect(differences.isEmpty, "seed \(seed) (replay with STRUCTD_DIFF_SEED=\(seed)):\n\(differences.prefix(10).joined(separator: "\n"))")
    }

    // MARK: query buffer

    /// A 2 MB bulk sent slowly to a server with client-query-buffer-limit 1mb: the
    /// connection is closed without a reply (as Redis), logged, and nobody else notices.
    @Test func queryBufferLimitClosesTheClient() throws {
        let args = ["--client-query-buffer-limit", "1mb"]
        for server in [try ServerProcess.redis(args: args), try ServerProcess.structd(args: args)] {
            let bystander = try server.connect()
            #expect(try bystander.roundTrip("PING") == b("+PONG\r\n"))
            let greedy = try server.connect()
            let sent = dribble(greedy, header: b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2097152\r\n"), total: 2 << 20)
            #expect(greedy.isClosedByPeer(timeout: .seconds(3)), "\(server): still open after \(sent) bytes")
            #expect(try greedy.readAvailable(timeout: .milliseconds(10)).isEmpty, "\(server): no reply before the close")
            #expect(sent < 2 << 20, "\(server): the whole 2 MB was accepted")
            #expect(server.waitForLog(containing: "Closing client that reached max query buffer length"))
            #expect(try bystander.roundTrip("EXISTS", "k") == b(":0\r\n"), "\(server)")
        }
    }

    /// Many small pipelined commands adding up to more than the query buffer limit are fine:
    /// the limit is on unprocessed input, not on traffic.
    @Test func pipelinesLargerThanTheQueryBufferLimitAreServed() throws {
        let count = 200_000  // 1.2 MB of "PING\r\n"
        for server in [try ServerProcess.redis(args: ["--client-query-buffer-limit", "1mb"]),
                       try ServerProcess.structd(args: ["--client-query-buffer-limit", "1mb"])] {
            let connection = try server.connect(timeout: .seconds(20))
            var pipeline: [UInt8] = []
            pipeline.reserveCapacity(count * 6)
            for _ in 0..<count { pipeline += b("PING\r\n") }
            try connection.send(pipeline)
            var received = 0
            let deadline = Deadline(.seconds(30))
            while received < count * 7 && !deadline.expired {
                received += try connection.readAvailable(timeout: .milliseconds(100)).count
            }
            #expect(received == count * 7, "\(server): \(received) reply bytes")
            #expect(!connection.isClosedByPeer(timeout: .milliseconds(50)))
        }
    }

    // MARK: output buffer

    /// A client that never reads its replies is disconnected at the hard limit (set at start
    /// or with CONFIG SET); others are unaffected.
    @Test(arguments: [false, true])
    func outputBufferHardLimitDisconnects(viaConfigSet: Bool) throws {
        let limit = "normal 1mb 512kb 1"
        let startArgs = viaConfigSet ? [] : ["--client-output-buffer-limit", limit]
        for server in [try ServerProcess.redis(args: startArgs), try ServerProcess.structd(args: startArgs)] {
            let admin = try server.connect()
            if viaConfigSet {
                #expect(try admin.roundTrip("CONFIG", "SET", "client-output-buffer-limit", limit) == b("+OK\r\n"))
            }
            try admin.send(Robustness.request([b("SET"), b("big"), [UInt8](repeating: 118, count: 100_000)]))
            #expect(try admin.readReplyBytes() == b("+OK\r\n"))
            let reader = try server.connect()
            // 20 MB of replies asked for, none read.
            do {
                for _ in 0..<20 { try reader.send(Array(repeating: b("GET big\r\n"), count: 10).flatMap { $0 }) }
            } catch {}
            let gone = try Robustness.eventually(timeout: .seconds(5)) { try Robustness.connectedClients(server) == 2 }
            #expect(gone, "\(server): the non-reading client is still connected")
            #expect(server.waitForLog(containing: "scheduled to be closed ASAP for overcoming of output buffer limits"))
            #expect(try admin.roundTrip("PING") == b("+PONG\r\n"))
            #expect(Robustness.pingAnswered(server))
        }
    }

    /// The soft limit: above 512 KB for more than one second while replies keep coming.
    @Test func outputBufferSoftLimitDisconnectsAfterItsDelay() throws {
        let args = ["--client-output-buffer-limit", "normal 0 512kb 1"]
        for server in [try ServerProcess.redis(args: args), try ServerProcess.structd(args: args)] {
            let admin = try server.connect()
            try admin.send(Robustness.request([b("SET"), b("big"), [UInt8](repeating: 118, count: 100_000)]))
            #expect(try admin.readReplyBytes() == b("+OK\r\n"))
            let reader = try server.connect()
            var closed = false
            let deadline = Deadline(.seconds(6))
            while !deadline.expired && !closed {
                do { try reader.send(Array(repeating: b("GET big\r\n"), count: 5).flatMap { $0 }) } catch { closed = true }
                sleepBriefly(.milliseconds(100))
                if try Robustness.connectedClients(server) == 2 { closed = true }
            }
            #expect(closed, "\(server): not disconnected within 6 s")
            #expect(try admin.roundTrip("PING") == b("+PONG\r\n"))
        }
    }

    /// With the default (no limit for normal clients), the server keeps going and holds what
    /// the client asked for — no more — and gives it all back once read.
    @Test func defaultOutputBufferIsUnlimitedButBounded() throws {
        let server = try ServerProcess.structd()
        let admin = try server.connect()
        let value = [UInt8](repeating: 118, count: 100_000)
        try admin.send(Robustness.request([b("SET"), b("big"), value]))
        #expect(try admin.readReplyBytes() == b("+OK\r\n"))
        let baseline = server.residentKiB ?? 0
        let reader = try server.connect(timeout: .seconds(20))
        let gets = 200
        for _ in 0..<(gets / 10) { try reader.send(Array(repeating: b("GET big\r\n"), count: 10).flatMap { $0 }) }
        sleepBriefly(.milliseconds(500))
        #expect(try admin.roundTrip("PING") == b("+PONG\r\n"))
        let replySize = value.count + 11  // "$100000\r\n" + value + "\r\n"
        let asked = gets * replySize / 1024
        if let peak = server.residentKiB {
            #expect(peak < baseline + 2 * asked + 16 * 1024, "RSS \(baseline) → \(peak) KiB for \(asked) KiB of replies")
        }
        var received = 0
        let deadline = Deadline(.seconds(30))
        while received < gets * replySize && !deadline.expired {
            received += try reader.readAvailable(timeout: .milliseconds(100)).count
        }
        #expect(received == gets * replySize)
        #expect(try reader.roundTrip("PING") == b("+PONG\r\n"))
        sleepBriefly(.milliseconds(200))
        if let after = server.residentKiB {
            #expect(after < baseline + asked / 2 + 8 * 1024, "RSS \(after) KiB after the replies were read (baseline \(baseline))")
        }
    }

    // MARK: connections

    /// maxclients 10: the 11th connection gets Redis's error and is closed; the others work,
    /// and a slot freed by a close is usable again.
    @Test func maxclientsRefusesTheEleventh() throws {
        var outcomes: [WireOutcome] = []
        for server in [try ServerProcess.redis(args: ["--maxclients", "10"]),
                       try ServerProcess.structd(args: ["--maxclients", "10"])] {
            var ten: [RawConnection] = []
            // Start-up probes may still be closing: retry a refused connection briefly.
            for _ in 0..<200 where ten.count < 10 {
                let connection = try server.connect()
                if try connection.roundTrip("PING") == b("+PONG\r\n") { ten.append(connection) } else { sleepBriefly(.milliseconds(20)) }
            }
            #expect(ten.count == 10)
            outcomes.append(try Robustness.outcomes(server, [b("PING\r\n")])[0])
            for connection in ten.prefix(3) { #expect(try connection.roundTrip("PING") == b("+PONG\r\n")) }
            ten[0].close()
            #expect(Robustness.eventually(timeout: .seconds(3)) { Robustness.pingAnswered(server) })
            let rejected = Robustness.eventually(timeout: .seconds(3)) {
                (try? Robustness.info(server, section: "stats", field: "rejected_connections")).flatMap { $0.flatMap { Int($0) } } ?? 0 >= 1
            }
            #expect(rejected, "\(server): INFO stats rejected_connections")
        }
        #expect(outcomes[0] == WireOutcome(bytes: b("-ERR max number of clients reached\r\n"), closed: true))
        #expect(outcomes[1] == outcomes[0])
    }

    /// 10,000 idle connections: all accepted, a fresh PING answered promptly, the server
    /// idle, and the client count back down once they close.
    @Test(.enabled(if: openFilesHardLimit >= 10_200, "RLIMIT_NOFILE hard limit below 10,200: cannot open 10,000 connections"))
    func tenThousandIdleConnections() throws {
        #expect(raiseOpenFilesLimit(to: 10_200))
        let server = try ServerProcess.structd(args: ["--maxclients", "10100"])
        var idle: [RawConnection] = []
        idle.reserveCapacity(10_000)
        let opening = Deadline(.seconds(60))
        while idle.count < 10_000 && !opening.expired {
            idle.append(try server.connect())
        }
        #expect(idle.count == 10_000)
        var clients: Int? = nil
        let all = try Robustness.eventually(timeout: .seconds(10)) {
            clients = try Robustness.connectedClients(server)
            return clients == 10_001
        }
        #expect(all, "connected_clients \(clients.map(String.init) ?? "?")")
        let clock = ContinuousClock()
        let pingTime = clock.measure { #expect(Robustness.pingAnswered(server)) }
        #expect(pingTime < .milliseconds(500), "PING took \(pingTime) with 10,000 idle clients")
        if let before = Robustness.cpuTicks(pid: server.pid) {
            sleepBriefly(.seconds(1))
            let used = (Robustness.cpuTicks(pid: server.pid) ?? before) - before
            #expect(used < 30, "the server used \(used)% of a CPU while every client was idle")
        }
        for connection in idle { connection.close() }
        idle.removeAll()
        let drained = try Robustness.eventually(timeout: .seconds(10)) {
            clients = try Robustness.connectedClients(server)
            return clients == 1
        }
        #expect(drained, "connected_clients \(clients.map(String.init) ?? "?") after closing")
        #expect(Robustness.pingAnswered(server))
    }

    /// timeout 1: an idle client is closed after about a second; a busy one is not.
    @Test func idleTimeoutClosesIdleClientsOnly() throws {
        for server in [try ServerProcess.redis(args: ["--timeout", "1"]), try ServerProcess.structd(args: ["--timeout", "1"])] {
            let idle = try server.connect()
            let busy = try server.connect()
            #expect(try idle.roundTrip("PING") == b("+PONG\r\n"))
            var busyAlive = true
            let deadline = Deadline(.milliseconds(3500))
            while !deadline.expired {
                busyAlive = busyAlive && (try? busy.roundTrip("PING")) == b("+PONG\r\n")
                sleepBriefly(.milliseconds(250))
            }
            #expect(idle.isClosedByPeer(timeout: .seconds(1)), "\(server): idle client still open")
            #expect(try idle.readAvailable(timeout: .milliseconds(10)).isEmpty, "\(server): closed silently")
            #expect(busyAlive, "\(server): a client sending every 250 ms was closed")
        }
    }
}
