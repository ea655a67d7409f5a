// Connection commands against Redis 7.0.15: PING, ECHO, QUIT, SELECT, SWAPDB, AUTH, HELLO,
// RESET and MONITOR.
//
// Most behaviour is checked differentially (same steps to structd-server and redis-server,
// replies compared byte for byte, RESP2 and RESP3). The only value that legitimately differs
// is a connection's id, which HELLO reports: HELLO replies are compared with the id masked.
// What a single reply cannot show — SWAPDB as seen by another connection, the password
// flows under --requirepass, and MONITOR's stream on a second connection (redaction of
// AUTH/HELLO credentials, admin commands hidden, the db index and escaping) — gets its own
// tests, still comparing with Redis wherever the output is deterministic.

import Foundation
import Testing

/// HELLO replies match when they differ only in the "id" value.
private let helloMatches = Comparison.custom { expected, actual in
    maskHelloId(expected) == maskHelloId(actual)
}

private func maskHelloId(_ bytes: [UInt8]) -> [UInt8] {
    let marker = Array("$2\r\nid\r\n:".utf8)
    guard bytes.count > marker.count,
          let start = (0...(bytes.count - marker.count)).first(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) })
    else { return bytes }
    let digits = start + marker.count
    guard let end = bytes[digits...].firstIndex(of: 13) else { return bytes }
    return Array(bytes[..<digits]) + Array("N".utf8) + Array(bytes[end...])
}

private func hello(_ args: String..., client: Int = 0) -> DiffStep {
    DiffStep(["HELLO"] + args, compare: helloMatches, client: client)
}

@Suite("Connection commands", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(2)))
struct ConnectionTests {
    // MARK: differential

    @Test(arguments: [false, true])
    func repliesMatchRedis(resp3: Bool) throws {
        var steps: [DiffStep] = [
            ["PING"], ["PING", "hello"], ["PING", ""], ["PING", "a", "b"],
            ["ECHO"], ["ECHO", "a", "b"], ["ECHO", ""], ["ECHO", "two words"],
            .raw(RESPFramer.encode([Array("ECHO".utf8), [0, 255, 13, 10, 1, 34]]), label: "ECHO binary"),
            .raw("PING\r\n", label: "inline PING"),
            .raw("ECHO inline\r\n", label: "inline ECHO"),
            // SELECT: parsing and range, as getIntFromObjectOrReply.
            ["SELECT"], ["SELECT", "16"], ["SELECT", "-1"], ["SELECT", "a"], ["SELECT", "1.0"], ["SELECT", " 1"],
            ["SELECT", "0x1"], ["SELECT", "+1"], ["SELECT", "01"], ["SELECT", ""],
            ["SELECT", "99999999999"], ["SELECT", "-99999999999"], ["SELECT", "2147483648"],
            ["SELECT", "-2147483649"], ["SELECT", "-2147483648"], ["SELECT", "99999999999999999999"],
            ["SELECT", "15"], ["SELECT", "0"],
            // SWAPDB: errors, then contents moving between numbered databases.
            ["SWAPDB"], ["SWAPDB", "0"], ["SWAPDB", "0", "1", "2"], ["SWAPDB", "a", "1"], ["SWAPDB", "0", "a"],
            ["SWAPDB", "x", "y"], ["SWAPDB", "0", "16"], ["SWAPDB", "-1", "0"], ["SWAPDB", "0", "-1"],
            ["SWAPDB", "20", "x"], ["SWAPDB", "1", "99999999999999"], ["SWAPDB", "1.5", "0"],
            ["SET", "k", "in-db0"], ["SELECT", "1"], ["SET", "k", "in-db1"], ["SET", "only1", "x"],
            ["SELECT", "0"], ["SWAPDB", "0", "0"], ["GET", "k"], ["SWAPDB", "0", "1"], ["GET", "k"], ["GET", "only1"],
            ["DBSIZE"], ["SELECT", "1"], ["GET", "k"], ["DBSIZE"], ["SWAPDB", "1", "0"], ["GET", "k"],
            ["SWAPDB", "15", "0"], ["SELECT", "15"], ["DBSIZE"], ["SELECT", "0"], ["DBSIZE"],
            // AUTH without requirepass: the default user has no password.
            ["AUTH"], ["AUTH", "x"], ["AUTH", "default", "x"], ["AUTH", "default", ""], ["AUTH", "a", "b", "c"],
            ["AUTH", "foo", "x"], ["AUTH", "DEFAULT", "x"], ["AUTH", "", ""],
            // HELLO: versions, options, errors (the id is masked).
            hello(), hello("3"), ["GET", "missing"], hello("2"), ["GET", "missing"],
            hello("4"), hello("1"), hello("0"), hello("-1"), hello("abc"), hello("3.0"), hello(" 3"), hello("03"),
            hello("99999999999999999999"), hello(""),
            hello("3", "AUTH", "default", "x"), hello("2", "AUTH", "foo", "x"), hello("2", "AUTH", "default"),
            hello("2", "auth", "a"), hello("2", "AUTH", "default", "x", "y"), hello("2", "SETNAME"),
            hello("2", "SETNAME", "foo bar"), hello("2", "SETNAME", "foo"), ["CLIENT", "GETNAME"],
            hello("2", "setname", "x", "SETNAME"), ["CLIENT", "GETNAME"], hello("2", "FOO"),
            hello("2", "SETNAME", "ab", "FOO"), ["CLIENT", "GETNAME"], hello("2", "SETNAME", "gh", "SETNAME", "i j"),
            ["CLIENT", "GETNAME"], hello("9", "SETNAME", "zz"), ["CLIENT", "GETNAME"], hello("2", "SETNAME", ""),
            ["CLIENT", "GETNAME"], hello("3", "SETNAME", "r3"), ["CLIENT", "GETNAME"], hello("3", "x"), ["GET", "missing"],
            // RESET: db 0, RESP2, no name, replies on.
            ["SELECT", "5"], ["CLIENT", "SETNAME", "before-reset"], hello("3"), ["RESET", "x"], ["RESET"],
            ["CLIENT", "GETNAME"], ["GET", "missing"], ["DBSIZE"], ["GET", "k"],
            DiffStep(["CLIENT", "REPLY", "OFF"]).expecting(replies: 0), DiffStep(["PING", "unseen"]).expecting(replies: 0),
            ["RESET"], ["PING", "seen"],
            // QUIT answers then closes, also inline; later commands on that connection find it closed.
            .command("PING", client: 2), .command("QUIT", "extra", client: 2), .command("PING", client: 2),
            .command("QUIT", client: 2), .command("PING", client: 2),
            .raw("QUIT\r\n", label: "inline QUIT", client: 3), .command("PING", client: 3),
            .raw(RESPFramer.encode(["QUIT"]) + RESPFramer.encode(["PING"]), replies: 2, label: "QUIT then PING", client: 4),
        ]
        // Another connection on db 0 sees what SWAPDB moved there.
        steps += [
            .command("SELECT", "0", client: 1), .command("SET", "seen", "before", client: 1),
            ["SELECT", "2"], ["SET", "seen", "from-db2"], ["SWAPDB", "2", "0"],
            .command("GET", "seen", client: 1), .command("DBSIZE", client: 1), ["GET", "seen"],
        ]
        var differential = Differential(resp3: resp3)
        differential.replyTimeout = .seconds(3)
        try differential.check(steps)
    }

    @Test func authFlowsMatchRedisWithRequirepass() throws {
        let differential = Differential(serverArgs: ["--requirepass", "sekret"])
        try differential.check([
            ["PING"], ["GET", "k"], ["CLIENT", "ID"], ["SELECT", "1"],
            hello(), hello("3"), hello("3", "SETNAME", "x"),
            ["AUTH", "sekret"], ["CLIENT", "GETNAME"], ["RESET"],
            hello("3", "AUTH", "default", "bad"), hello("3", "AUTH", "foo", "sekret"),
            hello("4", "AUTH", "default", "sekret"), ["PING"],
            ["AUTH", "bad"], ["AUTH", "default", "bad"], ["AUTH", "a", "b", "c"], ["AUTH", "Default", "sekret"],
            ["AUTH", "sekret", "x"], ["AUTH", "sekre"], ["AUTH", "sekret "], ["PING"],
            ["AUTH", "sekret"], ["PING"], ["AUTH", "bad"], ["PING"],
            ["RESET"], ["PING"], ["CLIENT", "GETNAME"],
            ["AUTH", "default", "sekret"], ["PING"], hello("3", "AUTH", "default", "bad"), ["PING"],
            hello("3", "SETNAME", "bad name"), hello("2", "AUTH", "default", "sekret", "SETNAME", "nm"),
            ["CLIENT", "GETNAME"], ["RESET"], ["CLIENT", "GETNAME"], ["QUIT"],
            // A successful AUTH inside HELLO sticks even when a later option fails.
            hello("2", "AUTH", "default", "sekret", "AUTH", "default", "bad", client: 1), .command("PING", client: 1),
            hello("2", "AUTH", "default", "bad", "SETNAME", "a b", client: 2),
            hello("2", "SETNAME", "a b", "AUTH", "default", "sekret", client: 2), .command("PING", client: 2),
            hello("2", "SETNAME", "ab", "AUTH", "default", "sekret", "FOO", client: 2), .command("PING", client: 2),
            .command("CLIENT", "GETNAME", client: 2),
            hello("3", "AUTH", "default", "sekret", client: 3), .command("GET", "nothing", client: 3),
            .command("RESET", client: 3), .command("GET", "nothing", client: 3),
        ])
    }

    // MARK: seeded random

    /// Random SELECT / SWAPDB / SET / GET / DBSIZE on two connections: SWAPDB must move
    /// contents while each connection keeps its index.
    @Test func randomDatabaseSwapsMatchRedis() throws {
        var differential = Differential()
        differential.stopAtFirstMismatch = true
        try differential.checkRandom(seed: 0x5eed_0db5, count: 300) { random, _ in
            let client = random.int(in: 0...1)
            let db = { (r: inout SeededRandom) in String(r.int(in: -1...16)) }
            switch random.int(in: 0..<10) {
            case 0, 1: return .command("SELECT", random.chance(0.9) ? String(random.int(in: 0...3)) : db(&random), client: client)
            case 2: return .command("SWAPDB", String(random.int(in: 0...3)), random.chance(0.9) ? String(random.int(in: 0...3)) : db(&random), client: client)
            case 3, 4: return .command("SET", "k\(random.int(in: 0...4))", random.string(length: random.int(in: 0...6)), client: client)
            case 5, 6: return .command("GET", "k\(random.int(in: 0...4))", client: client)
            case 7: return .command("DBSIZE", client: client)
            case 8: return .command("ECHO", random.string(length: random.int(in: 0...8)), client: client)
            default: return .command("PING", client: client)
            }
        }
    }

    // MARK: MONITOR

    /// What a MONITOR connection receives while another connection runs a script,
    /// timestamps and ports masked ("+T [db 127.0.0.1:P] ...").
    private func monitorTranscript(_ server: ServerProcess, script: [[String]]) throws -> [String] {
        let monitor = try server.connect()
        #expect(try monitor.roundTrip("MONITOR") == Array("+OK\r\n".utf8))
        let client = try server.connect()
        for command in script {
            try client.send(command: command)
            _ = try client.readReplyBytes()
        }
        try client.send(command: ["ECHO", "end-of-script"])
        _ = try client.readReplyBytes()
        var lines: [String] = []
        while true {
            let line = String(decoding: try monitor.readReplyBytes(), as: UTF8.self)
            lines.append(maskMonitorLine(line))
            if line.contains("\"end-of-script\"") || lines.count > 500 { break }
        }
        return lines
    }

    private func maskMonitorLine(_ line: String) -> String {
        var s = line.replacingOccurrences(of: #"^\+\d+\.\d{6} "#, with: "+T ", options: .regularExpression)
        s = s.replacingOccurrences(of: #"127\.0\.0\.1:\d+\]"#, with: "127.0.0.1:P]", options: .regularExpression)
        return s
    }

    @Test func monitorStreamMatchesRedis() throws {
        let script: [[String]] = [
            ["SET", "a", "b\n\u{0}\"\\ x\t\r\u{7}\u{8}é"], ["SET", "n", "123"], ["GET", "a"],
            ["AUTH", "x"], ["AUTH", "default", "pw"], ["AUTH", "a", "b", "c"],
            ["HELLO", "3", "AUTH", "default", "pw", "SETNAME", "n"], ["HELLO", "2"], ["HELLO", "2", "AUTH", "x"],
            ["HELLO", "2", "AUTH", "nobody", "pw"],
            ["CLIENT", "LIST"], ["CLIENT", "KILL", "ID", "999"], ["CLIENT", "PAUSE", "0"], ["CLIENT", "UNPAUSE"],
            ["CLIENT", "NO-EVICT", "off"], ["CONFIG", "GET", "port"],
            ["CLIENT", "ID"], ["CLIENT", "SETNAME", "z"], ["CLIENT", "GETNAME"], ["CLIENT", "INFO"], ["CLIENT", "REPLY", "ON"],
            ["SELECT", "3"], ["GET", "k"], ["FOO"], ["GET"], ["CLIENT", "NOSUCH"], ["SWAPDB", "0", "1"], ["SWAPDB", "0", "1"],
            ["RESET"], ["PING"], ["ECHO", ""], ["MONITOR", "x"],
        ]
        let redis = try ServerProcess.redis()
        let structd = try ServerProcess.structd()
        let expected = try monitorTranscript(redis, script: script)
        let actual = try monitorTranscript(structd, script: script)
        #expect(actual == expected)
        #expect(expected.contains("+T [0 127.0.0.1:P] \"AUTH\" \"(redacted)\" \"(redacted)\"\r\n"))
    }

    @Test func monitorModeDetails() throws {
        for server in [try ServerProcess.redis(), try ServerProcess.structd()] {
            let monitor = try server.connect()
            #expect(try monitor.roundTrip("MONITOR") == Array("+OK\r\n".utf8), "\(server)")
            // A second MONITOR is ignored without a reply; the monitor can still run commands.
            try monitor.send(command: ["MONITOR"])
            #expect(try monitor.expectNoReply(within: .milliseconds(150)), "\(server)")
            #expect(try monitor.roundTrip("PING") == Array("+PONG\r\n".utf8), "\(server)")
            let line = String(decoding: try monitor.readReplyBytes(), as: UTF8.self)
            #expect(maskMonitorLine(line) == "+T [0 127.0.0.1:P] \"PING\"\r\n", "\(server)")
            // RESET leaves monitor mode: the client's own commands are no longer echoed.
            #expect(try monitor.roundTrip("RESET") == Array("+RESET\r\n".utf8), "\(server)")
            let other = try server.connect()
            _ = try other.roundTrip("SET", "x", "1")
            #expect(try monitor.expectNoReply(within: .milliseconds(150)), "\(server)")
            // A closed monitor is simply dropped.
            let second = try server.connect()
            _ = try second.roundTrip("MONITOR")
            second.close()
            #expect(try other.roundTrip("PING") == Array("+PONG\r\n".utf8), "\(server)")
        }
    }

    // MARK: HELLO / RESP3

    @Test func helloSwitchesTheProtocolOfLaterReplies() throws {
        let server = try ServerProcess.structd()
        let c = try server.connect()
        let id = String(decoding: try c.roundTrip("CLIENT", "ID").dropFirst().dropLast(2), as: UTF8.self)
        let map = try c.roundTrip("HELLO", "3")
        #expect(String(decoding: map, as: UTF8.self) == "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:\(id)\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n")
        #expect(try c.roundTrip("GET", "nothing") == Array("_\r\n".utf8))
        #expect(try c.roundTrip("CLIENT", "INFO").starts(with: Array("=".utf8)))
        _ = try c.roundTrip("HELLO", "2")
        #expect(try c.roundTrip("GET", "nothing") == Array("$-1\r\n".utf8))
        _ = try c.roundTrip("HELLO", "3")
        #expect(try c.roundTrip("RESET") == Array("+RESET\r\n".utf8))
        #expect(try c.roundTrip("GET", "nothing") == Array("$-1\r\n".utf8))
    }

    @Test func resetLeavesNoEvictAndUnauthenticates() throws {
        let server = try ServerProcess.structd(args: ["--requirepass", "pw"])
        let c = try server.connect()
        #expect(try c.roundTrip("AUTH", "pw") == Array("+OK\r\n".utf8))
        _ = try c.roundTrip("CLIENT", "NO-EVICT", "on")
        _ = try c.roundTrip("SELECT", "4")
        #expect(try c.roundTrip("RESET") == Array("+RESET\r\n".utf8))
        #expect(try c.roundTrip("CLIENT", "INFO") == Array("-NOAUTH Authentication required.\r\n".utf8))
        _ = try c.roundTrip("AUTH", "pw")
        let info = String(decoding: try c.roundTrip("CLIENT", "INFO"), as: UTF8.self)
        #expect(info.contains(" flags=e db=0 "))
        #expect(info.contains(" name= "))
    }
}
