// Server family tests: DBSIZE, FLUSHDB/FLUSHALL, TIME, LASTSAVE, SHUTDOWN, SLOWLOG and DEBUG,
// against redis-server 7.0.15 byte for byte where replies are deterministic, and by shape
// where they carry times, addresses or pointers.
//
// DEBUG DIGEST is the family's strongest check: the same writes on both servers must give
// the same 40 hex digits, which compares the whole dataset (keys, values, TTL presence, db
// numbers) in one reply, so the seeded random sequence compares the digest after every step.

import Foundation
import Glibc
import RESP
import Testing

/// Helpers shared by the server family's test files (a namespace, to keep names apart from
/// other families' tests).
enum ServerFamilyTesting {
    /// Both servers with DEBUG enabled.
    static let debugArgs = ["--enable-debug-command", "yes"]

    /// Decodes one reply frame; nil when it does not decode.
    static func decode(_ bytes: [UInt8]) -> RESPValue? { try? RESPValue.decode(bytes) }

    /// Compares two replies after `normalize` has been applied to both decoded trees.
    static func compareNormalized(_ normalize: @escaping @Sendable (RESPValue) -> RESPValue) -> Comparison {
        .custom { expected, actual in
            guard let e = decode(expected), let a = decode(actual) else { return false }
            return normalize(e) == normalize(a)
        }
    }

    /// "Value at:0x.. refcount:N encoding:E serializedlength:L lru:.. lru_seconds_idle:.."
    /// with the pointer and clock fields removed.
    static func debugObjectShape(_ v: RESPValue) -> RESPValue {
        guard let s = v.string, case .simple = v else { return v }
        let kept = s.split(separator: " ").filter {
            !$0.hasPrefix("at:") && !$0.hasPrefix("lru:") && !$0.hasPrefix("lru_seconds_idle:")
        }
        return .simple(kept.joined(separator: " "))
    }

    /// A SLOWLOG GET reply with times, durations and client addresses blanked.
    static func slowlogShape(_ v: RESPValue) -> RESPValue {
        guard case .array(let entries) = v else { return v }
        return .array(entries.map { entry in
            guard case .array(var f) = entry, f.count == 6 else { return entry }
            f[1] = .integer(0)
            f[2] = .integer(0)
            f[4] = .bulk("addr")
            return .array(f)
        })
    }

    /// INFO's text as (section, [field names]) in order.
    static func infoSkeleton(_ text: String) -> [(String, [String])] {
        var out: [(String, [String])] = []
        for line in text.split(separator: "\r\n") {
            if line.hasPrefix("# ") {
                out.append((String(line.dropFirst(2)), []))
            } else if let colon = line.firstIndex(of: ":"), !out.isEmpty {
                out[out.count - 1].1.append(String(line[..<colon]))
            }
        }
        return out
    }
}

@Suite("Server commands")
struct ServerCommandTests {
    typealias T = ServerFamilyTesting

    @Test func keyspaceWideCommandsMatchRedis() throws {
        let steps: [DiffStep] = [
            ["DBSIZE"], ["SET", "a", "1"], ["SET", "b", "2"], ["DBSIZE"],
            ["FLUSHDB", "foo"], ["FLUSHDB", "async", "sync"], ["FLUSHDB", "ASYNC"], ["DBSIZE"],
            ["SET", "a", "1"], ["SELECT", "1"], ["SET", "c", "3"], ["FLUSHDB", "SYNC"], ["DBSIZE"],
            ["SELECT", "0"], ["DBSIZE"], ["FLUSHDB"], ["DBSIZE"],
            ["MSET", "x", "1", "y", "2"], ["SELECT", "5"], ["SET", "z", "3"],
            ["FLUSHALL", "sync", "async"], ["FLUSHALL", "nope"], ["DBSIZE"], ["FLUSHALL", "ASYNC"], ["DBSIZE"],
            ["SELECT", "0"], ["DBSIZE"], ["FLUSHALL"], ["FLUSHALL", "SYNC"],
            DiffStep(["TIME"], compare: .custom { e, a in
                guard case .array(let x)? = T.decode(e), case .array(let y)? = T.decode(a), x.count == 2, y.count == 2,
                      let ys = y[0].string, let yu = y[1].string, let s = Int(ys), let u = Int(yu) else { return false }
                return s > 1_600_000_000 && u >= 0 && u < 1_000_000
            }),
            DiffStep(["LASTSAVE"], compare: .sameType),
            ["TIME", "x"], ["LASTSAVE", "x"], ["DBSIZE", "x"],
            ["SHUTDOWN", "foo"], ["SHUTDOWN", "abort"], ["SHUTDOWN", "nosave", "save"],
            ["SHUTDOWN", "abort", "now"], ["SHUTDOWN", "now", "abort"], ["SHUTDOWN", "force", "abort"],
            ["SHUTDOWN", "save", "nosave", "now"],
        ]
        try Differential().check(steps)
    }

    @Test func shutdownClosesTheConnectionAndExits() throws {
        let server = try ServerProcess.structd(args: ["--pidfile", "server.pid"])
        let pidfile = server.directory + "/server.pid"
        #expect(access(pidfile, F_OK) == 0)
        let c = try server.connect()
        try c.send(command: ["SHUTDOWN", "NOSAVE"])
        #expect(c.isClosedByPeer())
        #expect(server.waitForExit() == .exited(0))
        #expect(access(pidfile, F_OK) != 0, "the pid file is removed")
        #expect(server.log.contains("User requested shutdown..."))
    }

    @Test func shutdownWithSaveSucceedsWithoutPersistence() throws {
        // No RDB yet: SAVE (or configured save points) cannot write a snapshot; the server
        // says so in its log and exits as with NOSAVE.
        let server = try ServerProcess.structd(args: ["--save", "3600 1"])
        let c = try server.connect()
        try c.send(command: ["SHUTDOWN", "SAVE", "NOW", "FORCE"])
        #expect(c.isClosedByPeer())
        #expect(server.waitForExit() == .exited(0))
        #expect(server.log.contains("Saving the final RDB snapshot before exiting."))
    }

    @Test func sigtermShutsDownCleanly() throws {
        let server = try ServerProcess.structd()
        server.signal(SIGTERM)
        #expect(server.waitForExit() == .exited(0))
        #expect(server.log.contains("Received SIGTERM scheduling shutdown..."))
        #expect(server.log.contains("ready to exit, bye bye"))
    }

    @Test func slowlogMatchesRedis() throws {
        let long = String(repeating: "x", count: 300)
        let many = ["DEL"] + (0..<40).map { "key\($0)" }
        let shape = T.compareNormalized(T.slowlogShape)
        let steps: [DiffStep] = [
            ["SLOWLOG", "HELP"], ["SLOWLOG", "LEN"], ["SLOWLOG", "GET"], ["SLOWLOG", "GET", "-1"],
            ["SLOWLOG", "GET", "abc"], ["SLOWLOG", "GET", "-2"], ["SLOWLOG", "GET", "1", "2"],
            ["SLOWLOG", "foo"], ["SLOWLOG"], ["SLOWLOG", "RESET", "x"], ["SLOWLOG", "LEN", "x"],
            ["CONFIG", "SET", "slowlog-log-slower-than", "0"],
            ["CLIENT", "SETNAME", "slowclient"],
            ["SET", "k", long],
            DiffStep(many),
            ["GET", "k"],
            ["SLOWLOG", "LEN"],
            DiffStep(["SLOWLOG", "GET"], compare: shape),
            DiffStep(["SLOWLOG", "GET", "2"], compare: shape),
            DiffStep(["SLOWLOG", "GET", "0"], compare: shape),
            ["CONFIG", "SET", "slowlog-max-len", "2"],
            ["PING"], ["PING"], ["PING"],
            DiffStep(["SLOWLOG", "GET", "-1"], compare: shape),
            ["SLOWLOG", "RESET"], ["SLOWLOG", "LEN"],
            ["CONFIG", "SET", "slowlog-log-slower-than", "-1"], ["PING"], ["SLOWLOG", "LEN"],
        ]
        try Differential().check(steps)
    }

    @Test func debugMatchesRedis() throws {
        let steps: [DiffStep] = [
            ["DEBUG"], ["DEBUG", "foo"], ["DEBUG", "digest", "extra"], ["DEBUG", "set-active-expire"],
            ["DEBUG", "populate"], ["DEBUG", "populate", "abc"], ["DEBUG", "populate", "-1"],
            ["DEBUG", "populate", "3", "pfx", "abc"], ["DEBUG", "populate", "3", "pfx", "-5"],
            ["DEBUG", "populate", "1", "2", "3", "4"], ["DEBUG", "object"], ["DEBUG", "object", "nokey"],
            ["DEBUG", "digest"], ["DEBUG", "digest-value"], ["DEBUG", "digest-value", "nokey"],
            ["DEBUG", "populate", "0"], ["DEBUG", "populate", "5"], ["DBSIZE"],
            ["MGET", "key:0", "key:1", "key:4", "key:5"],
            ["SET", "key:7", "mine"], ["DEBUG", "populate", "10"], ["GET", "key:7"], ["GET", "key:9"],
            ["DEBUG", "populate", "3", "big", "20"], ["GET", "big:0"], ["STRLEN", "big:2"],
            ["DEBUG", "populate", "3", "sm", "3"], ["GET", "sm:1"], ["DEBUG", "populate", "2", "zero", "0"], ["GET", "zero:1"],
            ["DEBUG", "digest"], ["DEBUG", "digest-value", "key:1", "big:0", "nokey"],
            ["DEBUG", "set-active-expire", "0"], ["DEBUG", "set-active-expire", "abc"], ["DEBUG", "SET-ACTIVE-EXPIRE", "1"],
            ["DEBUG", "sleep", "0"], ["DEBUG", "sleep", "abc"], ["DEBUG", "sleep", "-1"], ["DEBUG", "sleep", "0.01"],
            ["DEBUG", "error", "foo"], ["DEBUG", "error", "ERR custom message"], ["DEBUG", "error", "WRONGTYPE x"],
            ["DEBUG", "log", "hello from the test"],
        ] + ["string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib", "push",
             "verbatim", "true", "false", "foo"].map { DiffStep(["DEBUG", "protocol", $0]) }
        try Differential(serverArgs: T.debugArgs).check(steps)
        // RESP3: attrib and push send extra frames.
        let resp3: [DiffStep] = [
            ["DEBUG", "protocol", "string"], ["DEBUG", "protocol", "double"], ["DEBUG", "protocol", "bignum"],
            ["DEBUG", "protocol", "null"], ["DEBUG", "protocol", "set"], ["DEBUG", "protocol", "map"],
            DiffStep(["DEBUG", "protocol", "attrib"]),
            DiffStep(["DEBUG", "protocol", "push"]).expecting(replies: 2),
            ["DEBUG", "protocol", "verbatim"], ["DEBUG", "protocol", "true"], ["DEBUG", "protocol", "false"],
        ]
        try Differential(resp3: true, serverArgs: T.debugArgs).check(resp3)
    }

    @Test func debugIsProtectedLikeRedis() throws {
        // enable-debug-command no (the default): refused with Redis's text.
        try Differential().check([["DEBUG", "HELP"], ["DEBUG", "digest"], ["DEBUG", "object", "x"],
                                  ["CONFIG", "SET", "enable-debug-command", "yes"]])
        // local: a loopback client may use it.
        try Differential(serverArgs: ["--enable-debug-command", "local"]).check([["DEBUG", "digest"]])
        // The check comes before authentication, and counts as a rejected call.
        try Differential(serverArgs: ["--requirepass", "pw"]).check([
            ["DEBUG", "HELP"], ["DEBUG"], ["AUTH", "pw"], ["DEBUG", "OBJECT", "x"],
            DiffStep(["INFO", "commandstats"], compare: .custom { e, a in
                func debugLine(_ b: [UInt8]) -> String? {
                    T.decode(b)?.string?.split(separator: "\r\n").first { $0.hasPrefix("cmdstat_debug:") }
                        .map { $0.split(separator: ",").filter { !$0.contains("usec") }.joined(separator: ",") }
                }
                return debugLine(e) != nil && debugLine(e) == debugLine(a)
            }),
        ])
    }

    @Test func debugObjectMatchesRedisApartFromPointersAndClocks() throws {
        let shape = T.compareNormalized(T.debugObjectShape)
        var steps: [DiffStep] = []
        // Strings over 20 bytes count LZF-compressed when that saves 4 bytes: repetitive and
        // random strings over small alphabets exercise the compressor's length.
        var r = SeededRandom(seed: 7)
        var values = ["123", "0", "9999", "10000", "-5", "-129", "40000", "123456789012", "99999999999999999999",
                      "hello", "", "abcdefghijklmnopqrstuvwxyz", r.string(length: 44), r.string(length: 45),
                      "3.14", "007", "12345678901", "-2147483648", "2147483648",
                      String(repeating: "q", count: 44), String(repeating: "q", count: 45), String(repeating: "abc", count: 9),
                      String(repeating: "x", count: 70_000), String(repeating: "value:1234567890", count: 2)]
        for _ in 0..<40 {
            values.append(r.string(length: r.int(in: 21...600), alphabet: r.pick(["ab", "abc", "abcd", "abcdefgh", "0123456789"])))
        }
        for (i, v) in values.enumerated() {
            steps.append(["SET", "k\(i)", v])
            steps.append(DiffStep(["DEBUG", "OBJECT", "k\(i)"], compare: shape))
        }
        steps.append(["APPEND", "k9", "x"])
        steps.append(DiffStep(["DEBUG", "OBJECT", "k9"], compare: shape))
        steps.append(["CONFIG", "SET", "rdbcompression", "no"])
        steps.append(DiffStep(["DEBUG", "OBJECT", "k22"], compare: shape))
        steps.append(["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"])
        steps.append(["CONFIG", "SET", "maxmemory", "1gb"])
        steps.append(["SET", "shared", "42"])
        steps.append(DiffStep(["DEBUG", "OBJECT", "shared"], compare: shape))
        try Differential(serverArgs: T.debugArgs).check(steps)
    }

    @Test func digestMatchesRedisWithAndWithoutTTLs() throws {
        let steps: [DiffStep] = [
            ["DEBUG", "DIGEST"],
            ["MSET", "a", "1", "b", "two", "c", ""], ["DEBUG", "DIGEST"],
            ["SET", "ttl", "v", "EX", "1000"], ["DEBUG", "DIGEST"],
            ["DEBUG", "DIGEST-VALUE", "a", "b", "c", "ttl", "missing"],
            ["EXPIRE", "a", "500"], ["DEBUG", "DIGEST"], ["PERSIST", "a"], ["DEBUG", "DIGEST"],
            ["SELECT", "9"], ["SET", "a", "1"], ["DEBUG", "DIGEST"], ["DEBUG", "DIGEST-VALUE", "a"],
            ["SET", "bin", "\u{0}\u{1}\u{ff}\r\n"], ["DEBUG", "DIGEST"],
            ["SELECT", "0"], ["FLUSHDB"], ["DEBUG", "DIGEST"], ["FLUSHALL"], ["DEBUG", "DIGEST"],
        ]
        try Differential(serverArgs: T.debugArgs).check(steps)
    }

    @Test func digestAfterRandomWritesMatchesRedis() throws {
        let keys = (0..<12).map { "key\($0)" }
        try Differential(serverArgs: T.debugArgs).checkRandom(seed: 0x5EED_D16E, count: 300) { r, _ in
            let key = r.pick(keys)
            switch r.int(in: 0..<10) {
            case 0: return ["SET", key, r.string(length: r.int(in: 0...30))]
            case 1: return ["SET", key, String(r.int(in: -20000...20000))]
            case 2: return ["SET", key, r.string(length: 5), "EX", String(r.int(in: 100...1000))]
            case 3: return ["DEL", key]
            case 4: return ["APPEND", key, r.string(length: r.int(in: 1...8))]
            case 5: return ["EXPIRE", key, String(r.int(in: 100...1000))]
            case 6: return ["PERSIST", key]
            case 7: return ["SELECT", String(r.int(in: 0...2))]
            case 8: return ["DEBUG", "DIGEST-VALUE", key, r.pick(keys)]
            default: return ["DEBUG", "DIGEST"]
            }
        }
    }

    @Test func debugHelpIsRedisTextForWhatWeImplement() throws {
        // Our DEBUG HELP lists only the subcommands we have, each with Redis's own lines,
        // in Redis's order: a subsequence of Redis's help.
        let ours = try ServerProcess.structd(args: T.debugArgs)
        let redis = try ServerProcess.redis(args: T.debugArgs)
        let mine = try ours.connect().command("DEBUG", "HELP").elements?.compactMap(\.string) ?? []
        let theirs = try redis.connect().command("DEBUG", "HELP").elements?.compactMap(\.string) ?? []
        #expect(mine.count > 10)
        var j = 0
        for line in mine {
            while j < theirs.count && theirs[j] != line { j += 1 }
            #expect(j < theirs.count, "\(line) is not in Redis's DEBUG HELP (in order)")
            j += 1
        }
        // CHANGE-REPL-ID draws a new replication id.
        let c = try ours.connect()
        func replid() throws -> String {
            let text = try c.command("INFO", "replication").string ?? ""
            return text.split(separator: "\r\n").first { $0.hasPrefix("master_replid:") }.map(String.init) ?? ""
        }
        let before = try replid()
        #expect(try c.roundTrip("DEBUG", "CHANGE-REPL-ID") == Array("+OK\r\n".utf8))
        #expect(try replid() != before)
        #expect(before.count == "master_replid:".count + 40)
    }

    @Test func debugSleepBlocksTheServer() throws {
        let server = try ServerProcess.structd(args: T.debugArgs)
        let a = try server.connect(), b = try server.connect()
        let start = ContinuousClock.now
        try a.send(command: ["DEBUG", "SLEEP", "0.3"])
        sleepBriefly(.milliseconds(50))
        #expect(try b.roundTrip("PING") == Array("+PONG\r\n".utf8))
        #expect(ContinuousClock.now - start >= .milliseconds(250))
        #expect(try a.readReplyBytes() == Array("+OK\r\n".utf8))
    }

    @Test func setActiveExpireStopsTheExpiryCycle() throws {
        let server = try ServerProcess.structd(args: T.debugArgs + ["--hz", "100"])
        let c = try server.connect()
        _ = try c.roundTrip("DEBUG", "SET-ACTIVE-EXPIRE", "0")
        _ = try c.roundTrip("SET", "gone", "v", "PX", "20")
        sleepBriefly(.milliseconds(200))
        // Still in the table (DBSIZE counts it), gone for reads.
        #expect(try c.roundTrip("DBSIZE") == Array(":1\r\n".utf8))
        _ = try c.roundTrip("DEBUG", "SET-ACTIVE-EXPIRE", "1")
        _ = try c.roundTrip("SET", "gone2", "v", "PX", "20")
        let deadline = Deadline(.seconds(3))
        while try c.roundTrip("DBSIZE") != Array(":0\r\n".utf8) && !deadline.expired { sleepBriefly(.milliseconds(20)) }
        #expect(try c.roundTrip("DBSIZE") == Array(":0\r\n".utf8))
    }
}
