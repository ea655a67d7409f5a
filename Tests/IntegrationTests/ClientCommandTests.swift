// CLIENT subcommands against Redis 7.0.15: ID, INFO, LIST, KILL, REPLY, NO-EVICT, SETNAME,
// GETNAME, PAUSE, UNPAUSE, HELP.
//
// Replies that do not depend on connection identity are compared differentially, byte for
// byte, in RESP2 and RESP3, plus a seeded random walk through CLIENT REPLY ON/OFF/SKIP (the
// generator models which commands get a reply, so a reply that should have been silenced
// shows up as a mismatch). CLIENT LIST lines carry ids, ports and buffer sizes that differ
// between servers: they are compared with those values masked, which still checks the field
// set and order, flags, db, name, cmd and resp. CLIENT KILL and CLIENT PAUSE involve several
// connections and time; their scenarios run on both servers with bounded waits, and the
// outcomes (replies, which connections closed, what was held back) are compared.

import Foundation
import Testing

/// CLIENT LIST / INFO fields whose values depend on the connection or on buffer sizes.
private let volatileFields: Set<Substring> = [
    "id", "addr", "laddr", "fd", "age", "idle", "qbuf", "qbuf-free", "argv-mem", "multi-mem",
    "rbs", "rbp", "obl", "oll", "omem", "tot-mem",
]

/// A CLIENT LIST line with the volatile values replaced by "*".
private func maskClientLine(_ line: Substring) -> String {
    line.split(separator: " ").map { field -> String in
        guard let eq = field.firstIndex(of: "=") else { return String(field) }
        let key = field[..<eq]
        return volatileFields.contains(key) ? "\(key)=*" : String(field)
    }.joined(separator: " ")
}

/// The lines of a CLIENT LIST / INFO reply (RESP2 bulk or RESP3 verbatim), masked and sorted.
private func maskedClientLines(_ reply: [UInt8]) -> [String] {
    let text = String(decoding: reply, as: UTF8.self)
    guard let headerEnd = text.range(of: "\r\n") else { return [text] }
    var body = text[headerEnd.upperBound...]
    if body.hasPrefix("txt:") { body = body.dropFirst(4) }
    // "\r\n" is one Character: the reply's final CRLF stays a piece of its own, dropped here.
    return body.split(separator: "\n").filter { $0 != "\r\n" && $0 != "\r" && !$0.isEmpty }.map(maskClientLine).sorted()
}

private func field(_ name: String, in reply: [UInt8]) -> String? {
    let text = String(decoding: reply, as: UTF8.self)
    guard let r = text.range(of: " \(name)=") ?? (text.contains("\(name)=") ? text.range(of: "\(name)=") : nil) else { return nil }
    return String(text[r.upperBound...].prefix { $0 != " " && $0 != "\n" })
}

@Suite("CLIENT commands", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct ClientCommandTests {
    // MARK: differential

    @Test(arguments: [false, true])
    func repliesMatchRedis(resp3: Bool) throws {
        let steps: [DiffStep] = [
            ["CLIENT"], ["CLIENT", "HELP"], ["client", "help"], ["CLIENT", "HELP", "x"], ["CLIENT", "foo"], ["CLIENT", ""],
            DiffStep(["CLIENT", "ID"], compare: .sameType), ["CLIENT", "ID", "x"],
            // Names: printable ASCII without spaces; "" removes the name.
            ["CLIENT", "GETNAME"], ["CLIENT", "SETNAME", "conn-1"], ["CLIENT", "GETNAME"], ["CLIENT", "SETNAME", ""],
            ["CLIENT", "GETNAME"], ["CLIENT", "SETNAME", "a b"], ["CLIENT", "SETNAME", "a\nb"], ["CLIENT", "SETNAME", "a\u{1}"],
            ["CLIENT", "SETNAME", "\u{7f}"], ["CLIENT", "SETNAME", "é"], ["CLIENT", "SETNAME", "a~"],
            ["CLIENT", "SETNAME", "!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"], ["CLIENT", "GETNAME"],
            ["CLIENT", "SETNAME"], ["CLIENT", "SETNAME", "a", "b"], ["CLIENT", "GETNAME", "x"],
            // LIST: forms and errors (replies that name no connection).
            ["CLIENT", "LIST", "TYPE", "foo"], ["CLIENT", "LIST", "TYPE"], ["CLIENT", "LIST", "ID"],
            ["CLIENT", "LIST", "ID", "abc"], ["CLIENT", "LIST", "ID", "99999", "-1"], ["CLIENT", "LIST", "ID", "0"],
            ["CLIENT", "LIST", "foo"], ["CLIENT", "LIST", "TYPE", "master"], ["CLIENT", "LIST", "TYPE", "replica"],
            ["CLIENT", "LIST", "TYPE", "slave"], ["CLIENT", "LIST", "TYPE", "PubSub"], ["CLIENT", "LIST", "TYPE", "normal", "ID", "1"],
            ["CLIENT", "LIST", "ID", "1", "2", "x"], ["CLIENT", "LIST", "ID", "99999999999999999999"],
            ["CLIENT", "LIST", "ID", "+5"], ["CLIENT", "LIST", "ID", "0x1"], ["CLIENT", "LIST", "TYPE", "normal", "TYPE", "pubsub"],
            ["CLIENT", "LIST", "TYPE", "NORMAL", "x"], ["CLIENT", "INFO", "x"],
            // KILL: errors and kills that find nobody (this is the only connection).
            ["CLIENT", "KILL"], ["CLIENT", "KILL", "1.2.3.4:5"], ["CLIENT", "KILL", "ID"], ["CLIENT", "KILL", "ID", "abc"],
            ["CLIENT", "KILL", "ID", "0"], ["CLIENT", "KILL", "ID", "-1"], ["CLIENT", "KILL", "ID", "12abc"],
            ["CLIENT", "KILL", "ID", "99999999999999999999"], ["CLIENT", "KILL", "ID", "99999"], ["CLIENT", "KILL", "id", "+5"],
            ["CLIENT", "KILL", "foo", "bar"], ["CLIENT", "KILL", "TYPE", "foo"], ["CLIENT", "KILL", "TYPE", "master"],
            ["CLIENT", "KILL", "TYPE", "slave"], ["CLIENT", "KILL", "TYPE", "Replica"], ["CLIENT", "KILL", "TYPE", "pubsub"],
            ["CLIENT", "KILL", "SKIPME", "maybe"], ["CLIENT", "KILL", "USER", "nobody"], ["CLIENT", "KILL", "USER", "default"],
            ["CLIENT", "KILL", "USER", "default", "SKIPME", "yes"], ["CLIENT", "KILL", "ADDR", "x", "LADDR", "y"],
            ["CLIENT", "KILL", "ADDR", "127.0.0.1"], ["CLIENT", "KILL", "MAXAGE", "10"], ["CLIENT", "KILL", "ID", "1", "ID", "2"],
            ["CLIENT", "KILL", "ID", "1", "USER", "nobody"], ["CLIENT", "KILL", "USER", "nobody", "ID", "x"],
            ["CLIENT", "KILL", "ID", "x", "USER", "nobody"], ["CLIENT", "KILL", "TYPE", "x", "ID", "y"],
            ["CLIENT", "KILL", "SKIPME", "x", "ID", "y"], ["CLIENT", "KILL", "ID", "5", "FOO"], ["CLIENT", "KILL", "", "x"],
            ["CLIENT", "KILL", "ID", "1", "SKIPME"], ["CLIENT", "KILL", "ID", "1", "SKIPME", "YES", "x"],
            // REPLY / NO-EVICT.
            ["CLIENT", "REPLY"], ["CLIENT", "REPLY", "foo"], ["CLIENT", "REPLY", "on "], ["CLIENT", "REPLY", "ON", "x"],
            ["CLIENT", "REPLY", "ON"], ["CLIENT", "reply", "on"],
            ["CLIENT", "NO-EVICT"], ["CLIENT", "NO-EVICT", "maybe"], ["CLIENT", "NO-EVICT", "yes"],
            ["CLIENT", "NO-EVICT", "on"], ["CLIENT", "NO-EVICT", "OFF"], ["CLIENT", "NO-EVICT", "on", "x"],
            // PAUSE / UNPAUSE: errors (the mode is checked before the timeout), then short pauses.
            ["CLIENT", "PAUSE"], ["CLIENT", "PAUSE", "abc"], ["CLIENT", "PAUSE", "-1"], ["CLIENT", "PAUSE", "1.5"],
            ["CLIENT", "PAUSE", " 10"], ["CLIENT", "PAUSE", "+10"], ["CLIENT", "PAUSE", "-0"],
            ["CLIENT", "PAUSE", "99999999999999999999"], ["CLIENT", "PAUSE", "10", "foo"], ["CLIENT", "PAUSE", "10", ""],
            ["CLIENT", "PAUSE", "abc", "foo"], ["CLIENT", "PAUSE", "-5", "foo"], ["CLIENT", "PAUSE", "abc", "write"],
            ["CLIENT", "PAUSE", "10", "write", "x"], ["client", "Pause", "10", "write", "x"],
            ["CLIENT", "PAUSE", "20", "WRITE"], ["GET", "k"], ["CLIENT", "PAUSE", "20", "all"], ["CLIENT", "UNPAUSE"],
            ["CLIENT", "PAUSE", "0"], ["CLIENT", "UNPAUSE"], ["CLIENT", "UNPAUSE", "x"],
            // REPLY OFF / SKIP: silenced commands get nothing; errors are silenced too.
            DiffStep(["CLIENT", "REPLY", "OFF"]).expecting(replies: 0), DiffStep(["PING", "a"]).expecting(replies: 0),
            DiffStep(["CLIENT", "REPLY", "SKIP"]).expecting(replies: 0), DiffStep(["FOO"]).expecting(replies: 0),
            ["CLIENT", "REPLY", "ON"], ["PING", "b"],
            DiffStep(["CLIENT", "REPLY", "SKIP"]).expecting(replies: 0), DiffStep(["PING", "c"]).expecting(replies: 0),
            ["PING", "d"],
            DiffStep(["CLIENT", "REPLY", "SKIP"]).expecting(replies: 0), DiffStep(["CLIENT", "REPLY", "SKIP"]).expecting(replies: 0),
            DiffStep(["PING", "e"]).expecting(replies: 0), ["PING", "f"],
            DiffStep(["CLIENT", "REPLY", "SKIP"]).expecting(replies: 0), DiffStep(["GET"]).expecting(replies: 0), ["PING", "g"],
            DiffStep(["CLIENT", "REPLY", "SKIP"]).expecting(replies: 0), ["CLIENT", "REPLY", "ON"], ["PING", "h"],
            DiffStep(["CLIENT", "REPLY", "SKIP"]).expecting(replies: 0), DiffStep(["RESET"]).expecting(replies: 0), ["PING", "i"],
            .raw(RESPFramer.encode(["CLIENT", "REPLY", "SKIP"]) + RESPFramer.encode(["PING", "j"]) + RESPFramer.encode(["PING", "k"]),
                 label: "pipelined SKIP, PING j, PING k"),
        ]
        var differential = Differential(resp3: resp3)
        differential.replyTimeout = .seconds(3)
        try differential.check(steps)
    }

    /// A random walk through CLIENT REPLY ON/OFF/SKIP and commands whose replies may be
    /// silenced; the generator knows which steps get a reply.
    @Test func randomReplyModesMatchRedis() throws {
        var off = false
        var skipping = false  // the next command's reply is skipped
        var differential = Differential()
        differential.stopAtFirstMismatch = true
        differential.replyTimeout = .seconds(3)
        try differential.checkRandom(seed: 0xc11e_47, count: 400) { random, index in
            var args: [String]
            var replyEvenIfSilenced = false
            var nextOff = off, nextSkipping = false
            if index == 399 {
                args = ["CLIENT", "REPLY", "ON"]
            } else {
                switch random.int(in: 0..<12) {
                case 0: args = ["CLIENT", "REPLY", "ON"]
                case 1: args = ["CLIENT", "REPLY", "OFF"]
                case 2, 3: args = ["CLIENT", "REPLY", "SKIP"]
                case 4: args = ["CLIENT", "REPLY", random.pick(["on", "Off", "sKip", "x", ""])]
                case 5: args = ["CLIENT", "SETNAME", random.string(length: random.int(in: 0...4), alphabet: "ab c\n~")]
                case 6: args = ["CLIENT", "GETNAME"]
                case 7: args = ["NOSUCHCOMMAND", "x"]
                case 8: args = ["GET"]
                case 9: args = ["RESET"]
                default: args = ["ECHO", random.string(length: random.int(in: 0...5))]
                }
            }
            let isReply = args.count == 3 && args[0] == "CLIENT" && args[1] == "REPLY"
            let mode = isReply ? args[2].lowercased() : ""
            if isReply && mode == "on" {
                nextOff = false
                replyEvenIfSilenced = true
            } else if isReply && mode == "off" {
                nextOff = true
            } else if isReply && mode == "skip" {
                nextSkipping = !off
            } else if args == ["RESET"] {
                nextOff = false
                replyEvenIfSilenced = !skipping
            }
            let silentByItself = isReply && (mode == "off" || mode == "skip")
            let replies = silentByItself ? 0 : (replyEvenIfSilenced || !(off || skipping)) ? 1 : 0
            off = nextOff
            skipping = nextSkipping
            return DiffStep(args).expecting(replies: replies)
        }
    }

    // MARK: CLIENT LIST / INFO

    /// Sets up the same connections on a server and returns CLIENT LIST and each
    /// connection's CLIENT INFO, masked.
    private func listScenario(_ server: ServerProcess) throws -> [String: [String]] {
        let lister = try server.connect()
        let named = try server.connect()
        _ = try named.roundTrip("CLIENT", "SETNAME", "worker-1")
        _ = try named.roundTrip("SELECT", "3")
        _ = try named.roundTrip("CLIENT", "NO-EVICT", "on")
        let monitor = try server.connect()
        _ = try monitor.roundTrip("MONITOR")
        let resp3 = try server.connect()
        _ = try resp3.roundTrip("HELLO", "3")
        let fresh = try server.connect()
        let errored = try server.connect()
        _ = try errored.roundTrip("GET", "x")
        _ = try errored.roundTrip("NOSUCH")
        let killer = try server.connect()
        _ = try killer.roundTrip("SET", "x", "1")
        var result: [String: [String]] = [:]
        result["list"] = maskedClientLines(try lister.roundTrip("CLIENT", "LIST"))
        result["list normal"] = maskedClientLines(try lister.roundTrip("CLIENT", "LIST", "TYPE", "normal"))
        result["list pubsub"] = maskedClientLines(try lister.roundTrip("CLIENT", "LIST", "TYPE", "pubsub"))
        let namedId = String(decoding: try named.roundTrip("CLIENT", "ID").dropFirst().dropLast(2), as: UTF8.self)
        result["list id"] = maskedClientLines(try lister.roundTrip("CLIENT", "LIST", "ID", namedId, "0", namedId))
        result["info named"] = maskedClientLines(try named.roundTrip("CLIENT", "INFO"))
        result["info resp3"] = maskedClientLines(try resp3.roundTrip("CLIENT", "INFO"))
        result["info fresh"] = maskedClientLines(try fresh.roundTrip("CLIENT", "INFO"))
        _ = try monitor.roundTrip("CLIENT", "INFO")  // answered, then echoed to itself
        result["list after"] = maskedClientLines(try lister.roundTrip("CLIENT", "LIST"))
        _ = try killer.roundTrip("CLIENT", "KILL", "ID", namedId)
        result["list after kill"] = maskedClientLines(try lister.roundTrip("CLIENT", "LIST"))
        return result
    }

    @Test func clientListFieldsMatchRedis() throws {
        let redis = try ServerProcess.redis()
        let structd = try ServerProcess.structd()
        let expected = try listScenario(redis)
        let actual = try listScenario(structd)
        #expect(expected["list"]?.count == 7)
        for key in expected.keys.sorted() {
            #expect(actual[key] == expected[key], "\(key)")
        }
        // Spot checks on the shape itself.
        let fields = expected["info fresh"]?.first?.split(separator: " ").map { $0.split(separator: "=").first ?? "" }
        #expect(fields?.map(String.init) == ["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub",
                                             "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl",
                                             "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp"])
    }

    @Test func clientInfoShowsAddresses() throws {
        let server = try ServerProcess.structd(unixSocket: true)
        let tcp = try server.connect()
        let info = try tcp.roundTrip("CLIENT", "INFO")
        #expect(field("laddr", in: info) == "127.0.0.1:\(server.port)")
        #expect(field("addr", in: info)?.hasPrefix("127.0.0.1:") == true)
        let unix = try server.connectUnix()
        let unixInfo = try unix.roundTrip("CLIENT", "INFO")
        #expect(field("addr", in: unixInfo) == "\(server.unixSocketPath!):0")
        #expect(field("laddr", in: unixInfo) == "\(server.unixSocketPath!):0")
        #expect(field("flags", in: unixInfo) == "U")
        // The unix client can be killed by its address (which every unix client shares).
        let other = try server.connectUnix()
        _ = try other.roundTrip("PING")
        #expect(try tcp.roundTrip("CLIENT", "KILL", "ADDR", "\(server.unixSocketPath!):0") == Array(":2\r\n".utf8))
        #expect(unix.isClosedByPeer(timeout: .seconds(2)))
        #expect(other.isClosedByPeer(timeout: .seconds(2)))
    }

    // MARK: CLIENT KILL

    /// Runs the kill scenario and reports replies and which connections got closed.
    private func killScenario(_ server: ServerProcess) throws -> [String] {
        var out: [String] = []
        func info(_ c: RawConnection) throws -> (addr: String, laddr: String, id: String) {
            let reply = try c.roundTrip("CLIENT", "INFO")
            return (field("addr", in: reply)!, field("laddr", in: reply)!, field("id", in: reply)!)
        }
        func note(_ label: String, _ reply: [UInt8]) { out.append("\(label): \(RESPFramer.escape(reply))") }
        func closed(_ label: String, _ c: RawConnection) { out.append("\(label) closed: \(c.isClosedByPeer(timeout: .milliseconds(500)))") }
        func alive(_ label: String, _ c: RawConnection) throws {
            out.append("\(label) alive: \((try? c.roundTrip("PING")) == Array("+PONG\r\n".utf8))")
        }
        let admin = try server.connect()
        let me = try info(admin)
        // Old form: by address, +OK.
        var x = try server.connect()
        note("old form", try admin.roundTrip("CLIENT", "KILL", try info(x).addr))
        closed("x", x)
        note("old form again", try admin.roundTrip("CLIENT", "KILL", "1.2.3.4:1"))
        // New form by ID, twice.
        x = try server.connect()
        let xid = try info(x).id
        note("id", try admin.roundTrip("CLIENT", "KILL", "ID", xid))
        closed("x", x)
        note("id again", try admin.roundTrip("CLIENT", "KILL", "ID", xid))
        // LADDR matches everyone else connected here; SKIPME defaults to yes.
        x = try server.connect()
        var y = try server.connect()
        _ = try x.roundTrip("PING")
        _ = try y.roundTrip("PING")
        note("laddr", try admin.roundTrip("CLIENT", "KILL", "LADDR", me.laddr))
        closed("x", x)
        closed("y", y)
        try alive("admin", admin)
        // ADDR combined with TYPE and ID filters: all must hold.
        x = try server.connect()
        y = try server.connect()
        let xi = try info(x)
        _ = try y.roundTrip("PING")
        note("addr+type pubsub", try admin.roundTrip("CLIENT", "KILL", "ADDR", xi.addr, "TYPE", "pubsub"))
        note("addr+wrong id", try admin.roundTrip("CLIENT", "KILL", "ADDR", xi.addr, "ID", me.id))
        note("addr+type normal", try admin.roundTrip("CLIENT", "KILL", "ADDR", xi.addr, "TYPE", "normal"))
        closed("x", x)
        try alive("y", y)
        note("user default", try admin.roundTrip("CLIENT", "KILL", "USER", "default"))
        closed("y", y)
        // Killing yourself: skipped by default, else the reply comes first, then the close.
        note("self id", try admin.roundTrip("CLIENT", "KILL", "ID", me.id))
        note("self addr", try admin.roundTrip("CLIENT", "KILL", "ADDR", me.addr))
        try admin.send(RESPFramer.encode(["CLIENT", "KILL", "ID", me.id, "SKIPME", "no"]) + RESPFramer.encode(["PING"]))
        note("self skipme no", try admin.readReplyBytes())
        closed("admin", admin)
        let selfOld = try server.connect()
        note("self old form", try selfOld.roundTrip("CLIENT", "KILL", try info(selfOld).addr))
        closed("selfOld", selfOld)
        // SKIPME no with no other filter: everyone, the caller included.
        let everyone = try server.connect()
        x = try server.connect()
        _ = try x.roundTrip("PING")
        note("all", try everyone.roundTrip("CLIENT", "KILL", "SKIPME", "no"))
        closed("everyone", everyone)
        closed("x", x)
        return out
    }

    @Test func clientKillMatchesRedis() throws {
        let expected = try killScenario(try ServerProcess.redis())
        let actual = try killScenario(try ServerProcess.structd())
        #expect(actual == expected)
    }

    // MARK: CLIENT PAUSE

    private func elapsed(since start: ContinuousClock.Instant) -> Duration { ContinuousClock.now - start }

    /// WRITE pauses hold writes (and EVAL-like may-replicate commands) but not reads; UNPAUSE
    /// releases them at once; the held client shows flag b and the command it waits for.
    private func writePauseScenario(_ server: ServerProcess) throws {
        let admin = try server.connect()
        let reader = try server.connect()
        let writer = try server.connect()
        let start = ContinuousClock.now
        #expect(try admin.roundTrip("CLIENT", "PAUSE", "5000", "WRITE") == Array("+OK\r\n".utf8))
        #expect(try reader.roundTrip("GET", "k") == Array("$-1\r\n".utf8), "\(server)")
        try writer.send(command: ["SET", "k", "v"])
        #expect(try writer.expectNoReply(within: .milliseconds(300)), "\(server): SET answered during PAUSE WRITE")
        // Errors are not held back.
        #expect(try reader.roundTrip("SET", "k").starts(with: Array("-ERR wrong number".utf8)), "\(server)")
        let list = String(decoding: try reader.roundTrip("CLIENT", "LIST"), as: UTF8.self)
        #expect(list.contains("flags=b db=0"), "\(server): \(list)")
        #expect(list.contains("cmd=set "), "\(server): \(list)")
        #expect(try reader.roundTrip("CLIENT", "UNPAUSE") == Array("+OK\r\n".utf8))
        #expect(try writer.readReplyBytes() == Array("+OK\r\n".utf8), "\(server)")
        #expect(elapsed(since: start) < .seconds(4), "\(server): released by the timeout, not by UNPAUSE")
        #expect(try reader.roundTrip("GET", "k") == Array("$1\r\nv\r\n".utf8), "\(server)")
    }

    /// ALL pauses hold every command, the pausing client's own included, except errors found
    /// before the pause check and MONITOR clients; they end by themselves after the timeout.
    private func allPauseScenario(_ server: ServerProcess) throws {
        let admin = try server.connect()
        let other = try server.connect()
        let monitor = try server.connect()
        _ = try monitor.roundTrip("MONITOR")
        let start = ContinuousClock.now
        try admin.send(RESPFramer.encode(["CLIENT", "PAUSE", "1000", "ALL"]) + RESPFramer.encode(["PING", "self"]))
        #expect(try admin.readReplyBytes() == Array("+OK\r\n".utf8))
        try other.send(command: ["GET", "k"])
        #expect(try other.expectNoReply(within: .milliseconds(200)), "\(server): GET answered during PAUSE ALL")
        #expect(try admin.expectNoReply(within: .milliseconds(50)), "\(server): the pausing client is paused too")
        let errors = try server.connect()
        #expect(try errors.roundTrip("NOSUCH").starts(with: Array("-ERR unknown command".utf8)), "\(server)")
        #expect(try errors.roundTrip("GET").starts(with: Array("-ERR wrong number".utf8)), "\(server)")
        #expect(try monitor.roundTrip("PING") == Array("+PONG\r\n".utf8), "\(server): monitors are never paused")
        // Released by the timeout alone (the cron notices it), in arrival order.
        #expect(try admin.readReplyBytes(timeout: .seconds(3)) == Array("$4\r\nself\r\n".utf8), "\(server)")
        #expect(try other.readReplyBytes(timeout: .seconds(3)) == Array("$-1\r\n".utf8), "\(server)")
        let waited = elapsed(since: start)
        #expect(waited >= .milliseconds(900) && waited < .seconds(3), "\(server): \(waited)")
    }

    /// Held clients resume in the order they were held; an earlier ALL pause is not weakened
    /// by a later WRITE pause.
    private func pauseOrderScenario(_ server: ServerProcess) throws {
        let admin = try server.connect()
        let a = try server.connect(), b = try server.connect(), c = try server.connect()
        _ = try admin.roundTrip("CLIENT", "PAUSE", "5000", "WRITE")
        for (conn, command) in [(a, ["SET", "k", "1"]), (b, ["SET", "k", "2"]), (c, ["APPEND", "k", "3"])] {
            try conn.send(command: command)
            #expect(try conn.expectNoReply(within: .milliseconds(60)), "\(server)")
        }
        _ = try admin.roundTrip("CLIENT", "UNPAUSE")
        for conn in [a, b, c] { _ = try conn.readReplyBytes() }
        #expect(try admin.roundTrip("GET", "k") == Array("$2\r\n23\r\n".utf8), "\(server)")
        // ALL, then WRITE from a monitor (never paused): reads stay held until the ALL pause ends.
        let monitor = try server.connect()
        _ = try monitor.roundTrip("MONITOR")
        _ = try admin.roundTrip("CLIENT", "PAUSE", "1000", "ALL")
        #expect(try monitor.roundTrip("CLIENT", "PAUSE", "100", "WRITE") == Array("+OK\r\n".utf8))
        try a.send(command: ["GET", "k"])
        #expect(try a.expectNoReply(within: .milliseconds(300)), "\(server): ALL pause weakened by a WRITE pause")
        #expect(try a.readReplyBytes(timeout: .seconds(3)) == Array("$2\r\n23\r\n".utf8), "\(server)")
    }

    @Test(arguments: ["structd", "redis"])
    func pauseWriteHoldsOnlyWrites(server kind: String) throws {
        try writePauseScenario(kind == "redis" ? ServerProcess.redis() : ServerProcess.structd())
    }

    @Test(arguments: ["structd", "redis"])
    func pauseAllHoldsEverythingUntilTheTimeout(server kind: String) throws {
        try allPauseScenario(kind == "redis" ? ServerProcess.redis() : ServerProcess.structd())
    }

    @Test(arguments: ["structd", "redis"])
    func pausedClientsResumeInOrder(server kind: String) throws {
        try pauseOrderScenario(kind == "redis" ? ServerProcess.redis() : ServerProcess.structd())
    }
}
