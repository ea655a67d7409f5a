// Integration tests for the blocking commands and the blocking engine (Blocking.swift,
// BlockingCommands.swift): BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX,
// BZMPOP and CLIENT UNBLOCK.
//
// (a) Differential: argument errors, wrong types, immediate pops and short timeouts, in
//     RESP2 and RESP3, replies compared byte for byte with redis-server 7.0.15.
// (b) Multi-client scenarios run on both servers and compared transcript against transcript:
//     the order of service among several blocked clients, BLMOVE chains waking other blocked
//     clients, a push inside a pipeline, pending input resumed after unblocking, CLIENT
//     UNBLOCK in both modes, disconnects while blocked, keys that become another type,
//     RENAME / MOVE / COPY / SWAPDB onto waited keys. A scenario step that blocks waits until
//     the server reports one more blocked client (INFO), so no step races another
//     connection. Seeded random scenarios (blocking pops and pushes over a few keys and
//     clients) are compared the same way.
// (c) What a transcript cannot show: timeout precision (0.1 s timeouts answered within a
//     bounded window), CLIENT LIST's "b" flag and INFO's blocked_clients.

import Foundation
import Glibc
import Testing

/// One action of a multi-client scenario.
private enum BlockAction {
    /// Send and read one reply.
    case command(Int, [String])
    /// Send a command that must block: waits until INFO reports one more blocked client.
    case block(Int, [String])
    /// Send raw bytes (a pipeline) and read `replies` replies.
    case pipeline(Int, [[String]], replies: Int)
    /// Read one reply (of a client served by an earlier action).
    case read(Int)
    /// Expect no reply within `ms` milliseconds (recorded as "no reply").
    case silent(Int, ms: Int)
    /// Close the client's connection and wait until the server has dropped it.
    case close(Int)
    /// CLIENT UNBLOCK <target's id> [mode], sent by `by`.
    case unblock(by: Int, target: Int, mode: String?)
    /// Random scenarios: send on the first of clients 1...3 not waiting; record its reply or
    /// "blocked" (no reply within 30 ms).
    case anyClientBlocks([String])
    /// Random scenarios: a command on client 0, then the replies of every waiting client
    /// that it served.
    case commandServing([String])
    /// Random scenarios: CLIENT UNBLOCK every client still waiting, with their replies.
    case releaseAll
}

/// Runs a scenario on one server and returns its transcript.
private func transcript(_ server: ServerProcess, resp3: Bool, _ actions: [BlockAction]) throws -> [String] {
    var connections: [Int: RawConnection] = [:]
    var ids: [Int: String] = [:]
    var out: [String] = []
    var waiting: Set<Int> = []
    let control = try server.connect()
    func connection(_ i: Int) throws -> RawConnection {
        if let c = connections[i] { return c }
        let c = try server.connect()
        if resp3 { _ = try c.roundTrip("HELLO", "3") }
        let id = try c.roundTrip("CLIENT", "ID")
        ids[i] = String(decoding: id.dropFirst().dropLast(2), as: UTF8.self)
        connections[i] = c
        return c
    }
    func blockedClients() throws -> Int {
        let info = String(decoding: try control.roundTrip("INFO", "clients"), as: UTF8.self)
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("blocked_clients:") {
            return Int(line.dropFirst("blocked_clients:".count)) ?? -1
        }
        return -1
    }
    func connectedClients() throws -> Int {
        let info = String(decoding: try control.roundTrip("INFO", "clients"), as: UTF8.self)
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("connected_clients:") {
            return Int(line.dropFirst("connected_clients:".count)) ?? -1
        }
        return -1
    }
    func reply(_ c: RawConnection, _ i: Int) -> String {
        do {
            return "\(i): " + RESPFramer.escape(try c.readReplyBytes(timeout: .seconds(2)))
        } catch {
            return "\(i): (\(error))"
        }
    }
    for action in actions {
        switch action {
        case .command(let i, let args):
            let c = try connection(i)
            try c.send(command: args)
            out.append(reply(c, i))
        case .block(let i, let args):
            let c = try connection(i)
            let before = try blockedClients()
            try c.send(command: args)
            let deadline = ContinuousClock.now.advanced(by: .seconds(3))
            var now = try blockedClients()
            while now <= before && ContinuousClock.now < deadline {
                sleepBriefly(.milliseconds(2))
                now = try blockedClients()
            }
            out.append(now > before ? "\(i): blocked" : "\(i): did not block, " + reply(c, i))
        case .pipeline(let i, let commands, let replies):
            let c = try connection(i)
            try c.send(commands.flatMap { RESPFramer.encode($0) })
            for _ in 0..<replies { out.append(reply(c, i)) }
        case .read(let i):
            out.append(reply(try connection(i), i))
        case .silent(let i, let ms):
            let c = try connection(i)
            if try c.expectNoReply(within: .milliseconds(ms)) {
                out.append("\(i): no reply")
            } else {
                out.append("\(i): unexpected " + reply(c, i))
            }
        case .close(let i):
            let before = try connectedClients()
            connections.removeValue(forKey: i)?.close()
            let deadline = ContinuousClock.now.advanced(by: .seconds(3))
            while try connectedClients() >= before && ContinuousClock.now < deadline { sleepBriefly(.milliseconds(2)) }
        case .unblock(let by, let target, let mode):
            _ = try connection(target)
            let c = try connection(by)
            try c.send(command: ["CLIENT", "UNBLOCK", ids[target]!] + (mode.map { [$0] } ?? []))
            out.append(reply(c, by))
        case .anyClientBlocks(let args):
            guard let i = (1...3).first(where: { !waiting.contains($0) }) else {
                out.append("all waiting")
                continue
            }
            let c = try connection(i)
            try c.send(command: args)
            if try c.expectNoReply(within: .milliseconds(30)) {
                waiting.insert(i)
                out.append("\(i): blocked")
            } else {
                out.append(reply(c, i))
            }
        case .commandServing(let args):
            let c0 = try connection(0)
            try c0.send(command: args)
            out.append(reply(c0, 0))
            // Served clients were answered before the pusher: their replies are in flight.
            _ = try blockedClients()
            for i in waiting.sorted() {
                let c = try connection(i)
                if try !c.expectNoReply(within: .milliseconds(5)) {
                    out.append(reply(c, i))
                    waiting.remove(i)
                }
            }
        case .releaseAll:
            for i in waiting.sorted() {
                let c0 = try connection(0)
                try c0.send(command: ["CLIENT", "UNBLOCK", ids[i]!])
                out.append(reply(c0, 0))
                out.append(reply(try connection(i), i))
            }
            waiting.removeAll()
        }
    }
    for c in connections.values { c.close() }
    control.close()
    return out
}

/// Runs a scenario on StructD and on redis-server and expects the same transcript; returns
/// redis-server's.
@discardableResult
private func checkScenario(_ actions: [BlockAction], resp3: Bool = false, args: [String] = [],
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
    let redis = try ServerProcess.redis(args: args)
    defer { redis.stop() }
    let expected = try transcript(redis, resp3: resp3, actions)
    // The oracle's own story must be clean: no read timed out or failed.
    #expect(!expected.contains { $0.contains(": (") }, "redis-server transcript: \(expected)", sourceLocation: sourceLocation)
    let structd = try ServerProcess.structd(args: args)
    defer { structd.stop() }
    let actual = try transcript(structd, resp3: resp3, actions)
    if expected != actual {
        var text = "scenario transcripts differ (\(resp3 ? "RESP3" : "RESP2")):"
        for i in 0..<max(expected.count, actual.count) {
            let e = i < expected.count ? expected[i] : "-", a = i < actual.count ? actual[i] : "-"
            text += "\n\(e == a ? " " : "!") #\(i) redis: \(e)" + (e == a ? "" : "\n        structd: \(a)")
        }
        Issue.record(Comment(rawValue: text), sourceLocation: sourceLocation)
    }
    return expected
}

@Suite(.timeLimit(.minutes(2)))
struct BlockingTests {
    // MARK: (a) differential, one client

    static let immediateSteps: [DiffStep] = [
        // Timeout parsing: strtold syntax, rounding up to milliseconds, C conversion overflow.
        ["BLPOP", "a", "abc"], ["BLPOP", "a", "-1"], ["BLPOP", "a", "inf"], ["BLPOP", "a", "-inf"],
        ["BLPOP", "a", "nan"], ["BLPOP", "a", " 1"], ["BLPOP", "a", "1 "], ["BLPOP", "a", ""],
        ["BLPOP", "a", "1e400"], ["BLPOP", "a", "9223372036854775807"], ["BLPOP", "a", "9223372036854775.8079"],
        ["BLPOP", "a", "0.0001"], ["BLPOP", "a", "0.01"], ["BLPOP", "a", "0x0.01p-3"],
        ["BRPOP", "a", "b", "0.01"], ["BZPOPMIN", "a", "0.01"], ["BZPOPMAX", "a", "b", "0.01"],
        ["BLMOVE", "a", "b", "LEFT", "RIGHT", "0.01"], ["BRPOPLPUSH", "a", "b", "0.01"],
        ["BLMPOP", "0.01", "1", "a", "LEFT"], ["BZMPOP", "0.01", "2", "a", "b", "MIN", "COUNT", "3"],
        // Wrong types, checked after the timeout.
        ["SET", "s", "x"],
        ["BLPOP", "s", "0.01"], ["BLPOP", "nokey", "s", "0"], ["BLPOP", "s", "x"], ["BRPOP", "s", "-1"],
        ["BZPOPMIN", "s", "0"], ["BZMPOP", "0", "1", "s", "MAX"], ["BLMPOP", "0", "1", "s", "LEFT"],
        ["BLMOVE", "s", "d", "LEFT", "RIGHT", "0"], ["BRPOPLPUSH", "s", "d", "0"],
        ["BLMOVE", "a", "s", "LEFT", "RIGHT", "x"], ["BLMOVE", "a", "s", "LEFTX", "RIGHT", "x"],
        ["BRPOPLPUSH", "a", "s", "x"], ["BLMOVE", "a", "s", "LEFT", "up", "0"],
        // BLMPOP / BZMPOP argument errors, in Redis's order.
        ["BLMPOP", "x", "1", "l", "LEFT"], ["BLMPOP", "0", "0", "l", "LEFT"], ["BLMPOP", "0", "-1", "l", "LEFT"],
        ["BLMPOP", "0", "x", "l", "LEFT"], ["BLMPOP", "0", "2", "l", "LEFT"], ["BLMPOP", "0", "1", "l", "MIDDLE"],
        ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0"], ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "x"],
        ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "1", "COUNT", "2"], ["BLMPOP", "0", "1", "l", "LEFT", "FOO"],
        ["BLMPOP", "0", "1", "l", "LEFT", "COUNT"], ["BLMPOP", "0", "1", "l"], ["BLMPOP", "-1", "1", "l", "LEFT", "COUNT", "0"],
        ["BLMPOP", "-1", "1", "l", "LEFT"], ["BLMPOP", "0", "9223372036854775807", "l", "LEFT"],
        ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "9223372036854775808"],
        ["BZMPOP", "0", "1", "z", "LEFT"], ["BZMPOP", "x", "1", "z", "MAX"], ["BZMPOP", "0", "0", "z", "MAX"],
        ["BZMPOP", "0", "1", "z", "MAX", "COUNT", "0"], ["BZMPOP", "0", "1", "z", "min", "count", "-3"],
        // Immediate pops (lists deleted when emptied).
        ["RPUSH", "l", "1", "2", "3", "4", "5"],
        ["BLPOP", "nokey", "l", "0"], ["BRPOP", "l", "0"], ["LRANGE", "l", "0", "-1"],
        ["BLMPOP", "0", "2", "nokey", "l", "RIGHT", "COUNT", "2"], ["BLMPOP", "0", "1", "l", "LEFT", "COUNT", "10"],
        ["EXISTS", "l"],
        ["RPUSH", "l", "a", "b"],
        ["BLMOVE", "l", "l2", "LEFT", "LEFT", "0"], ["BRPOPLPUSH", "l2", "l2", "0"], ["BLMOVE", "l", "l", "right", "left", "0"],
        ["LRANGE", "l", "0", "-1"], ["LRANGE", "l2", "0", "-1"],
        ["BLMOVE", "l", "s", "LEFT", "LEFT", "0"], ["LRANGE", "l", "0", "-1"],
        ["BLMOVE", "l", "l2", "RIGHT", "RIGHT", "0"], ["EXISTS", "l"], ["LRANGE", "l2", "0", "-1"],
        ["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5.5", "e", "-inf", "m"],
        ["BZPOPMIN", "nokey", "z", "0"], ["BZPOPMAX", "z", "0"],
        ["BZMPOP", "0", "1", "z", "MIN", "COUNT", "2"], ["BZMPOP", "0", "2", "nokey", "z", "MAX"],
        ["BZMPOP", "0", "1", "z", "MAX", "COUNT", "100"], ["EXISTS", "z"],
        ["ZADD", "z", "1", "a"], ["BLPOP", "z", "0"], ["BZPOPMIN", "l2", "0"], ["BLMPOP", "0", "1", "z", "LEFT"],
        // Inside MULTI nothing blocks: a null array, or a plain null for BLMOVE / BRPOPLPUSH.
        ["MULTI"], ["BLPOP", "x", "0"], ["BLMOVE", "x", "y", "LEFT", "LEFT", "0"], ["BRPOPLPUSH", "x", "y", "0"],
        ["BZPOPMIN", "x", "0"], ["BLMPOP", "0", "1", "x", "LEFT"], ["BZMPOP", "0", "1", "x", "MAX"],
        ["BLPOP", "x", "-1"], ["RPUSH", "x", "1"], ["BLMOVE", "x", "y", "RIGHT", "LEFT", "0"], ["EXEC"],
        ["EVAL", "return redis.call('bzmpop', 0, 1, 'nokey', 'min')", "0"],
        ["EVAL", "return redis.call('blpop', 'x', 0)", "0"],
        // CLIENT UNBLOCK argument handling.
        ["CLIENT", "UNBLOCK", "x"], ["CLIENT", "UNBLOCK", "99", "FOO"], ["CLIENT", "UNBLOCK", "x", "FOO"],
        ["CLIENT", "UNBLOCK", "99"], ["CLIENT", "UNBLOCK", "99", "error"], ["CLIENT", "UNBLOCK", "99", "TIMEOUT"],
        ["CLIENT", "UNBLOCK", "1", "2", "3"], ["CLIENT", "UNBLOCK", "-1"], ["CLIENT", "UNBLOCK"],
        ["INFO", "errorstats"],
    ]

    @Test func immediateRepliesAndErrorsRESP2() throws {
        try Differential().check(Self.immediateSteps)
    }

    @Test func immediateRepliesAndErrorsRESP3() throws {
        try Differential(resp3: true).check(Self.immediateSteps)
    }

    // MARK: (b) scenarios

    @Test func firstBlockedFirstServed() throws {
        try checkScenario([
            .block(1, ["BLPOP", "q", "0"]), .block(2, ["BLPOP", "q", "0"]), .block(3, ["BLPOP", "q", "0"]),
            .command(0, ["RPUSH", "q", "a", "b"]), .read(1), .read(2), .silent(3, ms: 50),
            .command(0, ["RPUSH", "q", "c"]), .read(3), .command(0, ["EXISTS", "q"]),
            // LPUSH of several elements: each waiter gets the head in turn.
            .block(1, ["BLPOP", "q", "0"]), .block(2, ["BRPOP", "q", "0"]), .block(3, ["BLPOP", "q", "0"]),
            .command(0, ["LPUSH", "q", "a", "b", "c", "d"]), .read(1), .read(2), .read(3),
            .command(0, ["LRANGE", "q", "0", "-1"]),
            // Several keys: the first key that gets elements serves the client.
            .block(1, ["BLPOP", "k1", "k2", "0"]), .block(2, ["BLPOP", "k2", "k1", "0"]),
            .command(0, ["RPUSH", "k1", "x"]), .read(1), .silent(2, ms: 50),
            .command(0, ["RPUSH", "k2", "y", "z"]), .read(2), .command(0, ["LRANGE", "k2", "0", "-1"]),
            // The same key twice waits once.
            .block(1, ["BLPOP", "d", "d", "d", "0"]), .command(0, ["RPUSH", "d", "1", "2"]), .read(1),
            .command(0, ["LLEN", "d"]),
        ])
    }

    @Test func blmoveChainsWakeOthers() throws {
        try checkScenario([
            .block(1, ["BLMOVE", "q1", "q2", "RIGHT", "LEFT", "0"]),
            .block(2, ["BLMOVE", "q2", "q3", "RIGHT", "LEFT", "0"]),
            .block(3, ["BLPOP", "q3", "0"]),
            .command(0, ["RPUSH", "q1", "x"]), .read(1), .read(2), .read(3),
            .command(0, ["KEYS", "*"]),
            .block(1, ["BRPOPLPUSH", "src", "dst", "0"]), .block(2, ["BLPOP", "dst", "0"]),
            .command(0, ["RPUSH", "src", "a", "b"]), .read(1), .read(2),
            .command(0, ["LRANGE", "src", "0", "-1"]), .command(0, ["EXISTS", "dst"]),
            // A move onto the key it waits on.
            .block(1, ["BLMOVE", "self", "self", "LEFT", "RIGHT", "0"]), .block(2, ["BLPOP", "self", "0"]),
            .command(0, ["RPUSH", "self", "1", "2"]), .read(1), .read(2), .command(0, ["LRANGE", "self", "0", "-1"]),
            // The destination became another type: WRONGTYPE, nothing moves, the client is free.
            .block(1, ["BLMOVE", "from", "to", "LEFT", "RIGHT", "0"]),
            .command(0, ["SET", "to", "x"]), .command(0, ["RPUSH", "from", "v"]), .read(1),
            .command(0, ["LRANGE", "from", "0", "-1"]), .command(1, ["PING"]),
        ])
    }

    @Test func multiPopAndSortedSetShapes() throws {
        for resp3 in [false, true] {
            try checkScenario([
                .block(1, ["BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2"]),
                .command(0, ["RPUSH", "b", "1", "2", "3"]), .read(1),
                .block(1, ["BZMPOP", "0", "2", "a", "z", "MAX", "COUNT", "2"]),
                .command(0, ["ZADD", "z", "1", "x", "2", "y", "3", "w"]), .read(1),
                .block(1, ["BZPOPMAX", "zz", "0"]), .block(2, ["BZPOPMIN", "zz", "0"]), .block(3, ["BZMPOP", "0", "1", "zz", "MIN"]),
                .command(0, ["ZADD", "zz", "1.5", "x", "-inf", "y", "inf", "w", "0", "v"]), .read(1), .read(2), .read(3),
                .command(0, ["ZRANGE", "zz", "0", "-1", "WITHSCORES"]),
                .block(1, ["BLMPOP", "0", "1", "c", "LEFT", "COUNT", "10"]),
                .command(0, ["RPUSH", "c", "only"]), .read(1), .command(0, ["EXISTS", "c"]),
            ], resp3: resp3)
        }
    }

    @Test func pipelinesAndPendingInput() throws {
        try checkScenario([
            // A push inside a pipeline serves the waiter at once: the pipeline's LRANGE sees it.
            .block(1, ["BLPOP", "k", "0"]),
            .pipeline(0, [["RPUSH", "k", "a"], ["RPUSH", "k", "b"], ["LRANGE", "k", "0", "-1"]], replies: 3),
            .read(1),
            // What a blocked client pipelined runs once it is served.
            .command(0, ["DEL", "k"]),
            .pipeline(1, [["BLPOP", "k", "0"], ["PING"], ["GET", "x"], ["RPUSH", "k", "again"]], replies: 0),
            .silent(1, ms: 100),
            .command(0, ["RPUSH", "k", "first"]), .read(1), .read(1), .read(1), .read(1),
            .command(0, ["LRANGE", "k", "0", "-1"]),
            // A pipelined second blocking command blocks again after the first is served.
            .command(0, ["DEL", "k"]),
            .pipeline(1, [["BLPOP", "k", "0"], ["BLPOP", "k", "0"], ["PING"]], replies: 0),
            .silent(1, ms: 100),
            .command(0, ["RPUSH", "k", "one"]), .read(1), .silent(1, ms: 100),
            .command(0, ["RPUSH", "k", "two"]), .read(1), .read(1),
        ])
    }

    @Test func unblockAndDisconnect() throws {
        try checkScenario([
            .block(1, ["BLPOP", "k", "0"]), .unblock(by: 0, target: 1, mode: nil), .read(1),
            .block(1, ["BLMOVE", "k", "d", "LEFT", "LEFT", "0"]), .unblock(by: 0, target: 1, mode: "TIMEOUT"), .read(1),
            .block(1, ["BZPOPMIN", "k", "0"]), .unblock(by: 0, target: 1, mode: "error"), .read(1),
            .block(1, ["BRPOPLPUSH", "k", "d", "100"]), .unblock(by: 0, target: 1, mode: "ERROR"), .read(1),
            .unblock(by: 0, target: 1, mode: nil), .unblock(by: 0, target: 0, mode: nil),
            .command(1, ["PING"]),
            // A client closed while blocked leaves nothing behind: the element stays.
            .block(2, ["BLPOP", "k", "0"]), .block(3, ["BLPOP", "k", "0"]), .close(2),
            .command(0, ["RPUSH", "k", "a", "b"]), .read(3), .command(0, ["LRANGE", "k", "0", "-1"]),
            .block(2, ["BLPOP", "k2", "0"]), .close(2), .command(0, ["RPUSH", "k2", "x"]),
            .command(0, ["LRANGE", "k2", "0", "-1"]),
            .command(0, ["INFO", "errorstats"]),
        ])
    }

    @Test func keysMadeReadyByOtherCommands() throws {
        try checkScenario([
            // A key that becomes a sorted set serves BZPOPMIN, not BLPOP (which keeps waiting).
            .block(1, ["BLPOP", "k", "0"]), .block(2, ["BZPOPMIN", "k", "0"]),
            .command(0, ["ZADD", "k", "1", "m"]), .read(2), .silent(1, ms: 50),
            .command(0, ["SET", "k", "str"]), .silent(1, ms: 50), .command(0, ["DEL", "k"]),
            .command(0, ["RPUSH", "k", "v"]), .read(1),
            // RENAME, MOVE, COPY and SWAPDB onto a waited key.
            .block(1, ["BLPOP", "dst", "0"]),
            .command(0, ["RPUSH", "src", "x"]), .command(0, ["RENAME", "src", "dst"]), .read(1),
            .block(1, ["BLPOP", "dst", "0"]),
            .command(0, ["SELECT", "1"]), .command(0, ["RPUSH", "dst", "y"]), .command(0, ["MOVE", "dst", "0"]),
            .read(1),
            .block(1, ["BLPOP", "dst", "0"]),
            .command(0, ["RPUSH", "dst", "z"]), .command(0, ["SWAPDB", "0", "1"]), .read(1),
            .block(1, ["BZPOPMAX", "zdst", "0"]),
            .command(0, ["ZADD", "zsrc", "5", "q"]), .command(0, ["COPY", "zsrc", "zdst", "DB", "0"]), .read(1),
            .command(0, ["SELECT", "0"]), .command(0, ["KEYS", "*"]),
            // Overwriting an existing key does not signal it (Redis 7.0): SORT STORE onto a
            // waited-on sorted set leaves BLPOP waiting.
            .block(1, ["BLPOP", "w", "0"]),
            .command(0, ["ZADD", "w", "1", "a"]), .command(0, ["RPUSH", "l", "x", "y"]),
            .command(0, ["SORT", "l", "STORE", "w", "ALPHA"]), .silent(1, ms: 50),
            .unblock(by: 0, target: 1, mode: nil), .read(1),
        ])
    }

    @Test func transactionsAndScriptsServeWhenTheyEnd() throws {
        try checkScenario([
            // Waiters are served after EXEC, with what the transaction left.
            .block(1, ["BLPOP", "q", "0"]), .block(2, ["BLPOP", "q", "0"]),
            .command(0, ["MULTI"]), .command(0, ["RPUSH", "q", "a", "b", "c"]), .command(0, ["LPOP", "q"]),
            .command(0, ["LRANGE", "q", "0", "-1"]), .silent(1, ms: 30), .command(0, ["EXEC"]),
            .read(1), .read(2), .command(0, ["LRANGE", "q", "0", "-1"]),
            // A transaction that pushes and pops everything serves nobody.
            .block(1, ["BLPOP", "q2", "0"]),
            .command(0, ["MULTI"]), .command(0, ["RPUSH", "q2", "x"]), .command(0, ["RPOP", "q2"]), .command(0, ["EXEC"]),
            .silent(1, ms: 50), .command(0, ["RPUSH", "q2", "y"]), .read(1),
            // A script's pushes serve after the script, like a transaction's.
            .block(1, ["BZPOPMIN", "z", "0"]), .block(2, ["BLPOP", "s", "0"]),
            .command(0, ["EVAL", "redis.call('zadd', KEYS[1], 2, 'two', 1, 'one'); redis.call('rpush', KEYS[2], 'v'); return redis.call('zcard', KEYS[1])", "2", "z", "s"]),
            .read(1), .read(2), .command(0, ["ZRANGE", "z", "0", "-1"]),
            // A BLMOVE served inside the chain pushes into the key the next waiter wants.
            .block(1, ["BLMOVE", "m1", "m2", "LEFT", "LEFT", "0"]), .block(2, ["BLMPOP", "0", "1", "m2", "LEFT", "COUNT", "5"]),
            .command(0, ["MULTI"]), .command(0, ["RPUSH", "m1", "p", "q"]), .command(0, ["EXEC"]),
            .read(1), .read(2), .command(0, ["LRANGE", "m1", "0", "-1"]),
        ])
    }

    @Test func randomBlockingScenarios() throws {
        // Blocking pops by whichever of three clients is free, pushes and pops by a fourth,
        // over three keys: each blocking pop answers at once or blocks, each push serves
        // some waiters; both servers must tell the same story.
        for seed: UInt64 in [7, 8] {
            var random = SeededRandom(seed: SeededRandom.seed(default: seed))
            var actions: [BlockAction] = []
            let keys = ["a", "b", "c"]
            for _ in 0..<100 {
                let k1 = random.pick(keys), k2 = random.pick(keys)
                let end = { (r: inout SeededRandom) in r.pick(["LEFT", "RIGHT"]) }
                switch random.int(in: 0..<12) {
                case 0, 1: actions.append(.anyClientBlocks(["BLPOP", k1, k2, "0"]))
                case 2: actions.append(.anyClientBlocks(["BRPOP", k1, "0"]))
                case 3: actions.append(.anyClientBlocks(["BLMOVE", k1, k2, end(&random), end(&random), "0"]))
                case 4: actions.append(.anyClientBlocks(["BLMPOP", "0", "2", k1, k2, end(&random), "COUNT", String(random.int(in: 1...3))]))
                case 5: actions.append(.anyClientBlocks(["BRPOPLPUSH", k1, k2, "0"]))
                case 6: actions.append(.commandServing(["LPOP", k1, "2"]))
                case 7: actions.append(.commandServing(["LMOVE", k1, k2, end(&random), end(&random)]))
                default:
                    let values = (0..<random.int(in: 1...3)).map { _ in random.string(length: 2) }
                    actions.append(.commandServing([random.pick(["RPUSH", "LPUSH"]), k1] + values))
                }
                if random.chance(0.1) { actions.append(.command(0, ["LRANGE", random.pick(keys), "0", "-1"])) }
            }
            actions.append(.releaseAll)
            for k in keys { actions.append(.command(0, ["LRANGE", k, "0", "-1"])) }
            let story = try checkScenario(actions)
            // The sequence must exercise the engine: clients blocked, then served by pushes.
            let blockedCount = story.filter { $0.hasSuffix(": blocked") }.count
            #expect(blockedCount >= 6, "only \(blockedCount) blocking pops blocked")
        }
    }

    // MARK: (c) targeted

    @Test func timeoutsArePrecise() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect()
        for (command, expected) in [(["BLPOP", "q", "0.1"], "*-1\r\n"), (["BZPOPMIN", "q", "0.15"], "*-1\r\n"),
                                    (["BLMOVE", "q", "d", "LEFT", "LEFT", "0.1"], "*-1\r\n"),
                                    (["BLMPOP", "0.2", "1", "q", "LEFT"], "*-1\r\n")] {
            let wanted = Double(command.first == "BLMPOP" ? command[1] : command.last!)!
            let start = ContinuousClock.now
            try c.send(command: command)
            let reply = try c.readReplyBytes(timeout: .seconds(3))
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            #expect(String(decoding: reply, as: UTF8.self) == expected)
            #expect(seconds >= wanted && seconds < wanted + 0.08, "\(command) answered after \(seconds) s")
        }
        // A timeout shorter than the cron period (hz 1: one second) is still honoured.
        let slow = try ServerProcess.structd(args: ["--hz", "1"])
        defer { slow.stop() }
        let s = try slow.connect()
        let start = ContinuousClock.now
        try s.send(command: ["BLPOP", "q", "0.05"])
        _ = try s.readReplyBytes(timeout: .seconds(3))
        #expect(ContinuousClock.now - start < .milliseconds(300))
        // RESP3: the null.
        _ = try s.roundTrip("HELLO", "3")
        #expect(try s.roundTrip("BLPOP", "q", "0.01") == Array("_\r\n".utf8))
    }

    @Test func blockedClientsAreVisible() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let control = try server.connect()
        let waiter = try server.connect()
        let id = String(decoding: try waiter.roundTrip("CLIENT", "ID").dropFirst().dropLast(2), as: UTF8.self)
        try waiter.send(command: ["BZPOPMIN", "z", "0"])
        #expect(try waiter.expectNoReply(within: .milliseconds(100)))
        let info = String(decoding: try control.roundTrip("INFO", "clients"), as: UTF8.self)
        #expect(info.contains("blocked_clients:1\r\n"))
        #expect(info.contains("clients_in_timeout_table:0\r\n"))
        let list = String(decoding: try control.roundTrip("CLIENT", "LIST", "ID", id), as: UTF8.self)
        #expect(list.contains(" flags=b ") && list.contains(" cmd=bzpopmin "))
        try waiter.send(command: ["PING"])
        #expect(try waiter.expectNoReply(within: .milliseconds(50)))
        #expect(try control.roundTrip("ZADD", "z", "2", "m") == Array(":1\r\n".utf8))
        #expect(try waiter.readReplyBytes() == Array("*3\r\n$1\r\nz\r\n$1\r\nm\r\n$1\r\n2\r\n".utf8))
        #expect(try waiter.readReplyBytes() == Array("+PONG\r\n".utf8))
        let after = String(decoding: try control.roundTrip("INFO", "clients"), as: UTF8.self)
        #expect(after.contains("blocked_clients:0\r\n"))
        // Many clients with timeouts, served or timed out, leave the tables empty.
        var waiters: [RawConnection] = []
        for i in 0..<50 {
            let w = try server.connect()
            try w.send(command: ["BLPOP", "many", i % 2 == 0 ? "0.05" : "10"])
            waiters.append(w)
        }
        sleepBriefly(.milliseconds(150))
        _ = try control.roundTrip("RPUSH", "many", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
                                  "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y")
        for w in waiters { _ = try w.readReplyBytes(timeout: .seconds(2)) }
        let end = String(decoding: try control.roundTrip("INFO", "clients"), as: UTF8.self)
        #expect(end.contains("blocked_clients:0\r\n") && end.contains("clients_in_timeout_table:0\r\n"))
        #expect(try control.roundTrip("EXISTS", "many") == Array(":0\r\n".utf8))
    }
}
