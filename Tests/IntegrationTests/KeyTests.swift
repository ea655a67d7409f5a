// Integration tests for the generic key commands (KeyCommands.swift): DEL, UNLINK,
// EXISTS, TYPE, RENAME, RENAMENX, MOVE, COPY, TOUCH, KEYS, SCAN, RANDOMKEY, OBJECT.
//
// (a) Differential: every command, its options and its errors against redis-server
//     7.0.15, in RESP2 and RESP3, replies compared byte for byte. Replies whose order
//     is the hash table's (KEYS, SCAN's key list) are compared as multisets; SCAN is only
//     compared on keyspaces small enough that one call covers the whole table on both
//     servers (so the cursor is 0 on both); TTLs and idle times within a tolerance.
// (b) Seeded random sequences of key commands over a few keys and two databases.
// (c) What a differential run cannot see: SCAN's guarantee (every key present for the
//     whole scan is returned) while keys are added and removed and the table grows and
//     shrinks; redis-cli --scan --pattern; KEYS and SCAN MATCH agreeing on a large
//     keyspace; KEYS glob patterns against Redis's own matcher on random patterns;
//     RANDOMKEY skipping and deleting expired keys; OBJECT under LRU/LFU policies.

import Foundation
import Glibc
import RESP
import Testing

/// Reply comparisons shared by the key and expiry tests.
enum KeyFamilyCompare {
    /// SCAN replies: the same cursor and the same keys in any order (errors exactly).
    static let scan: Comparison = .custom { expected, actual in
        guard let e = try? RESPFramer.aggregate(expected), let a = try? RESPFramer.aggregate(actual) else {
            return expected == actual
        }
        guard e.type == a.type, e.elements.count == 2, a.elements.count == 2,
              e.elements[0] == a.elements[0] else { return false }
        return Comparison.unordered.matches(expected: e.elements[1], actual: a.elements[1])
    }

    /// Integer replies at most `tolerance` apart (times read at slightly different moments);
    /// anything else must match exactly.
    static func integer(within tolerance: Int64) -> Comparison {
        .custom { expected, actual in
            guard let e = integerValue(expected), let a = integerValue(actual) else { return expected == actual }
            return abs(e - a) <= tolerance
        }
    }

    static func integerValue(_ frame: [UInt8]) -> Int64? {
        guard frame.first == UInt8(ascii: ":"), frame.count >= 4 else { return nil }
        return Int64(String(decoding: frame[1..<(frame.count - 2)], as: UTF8.self))
    }
}

/// A key-family command with arbitrary-byte arguments, as a differential step.
func binaryStep(_ arguments: [[UInt8]], compare: Comparison = .exact) -> DiffStep {
    let label = arguments.map { RESPFramer.escape($0, limit: 40) }.joined(separator: " ")
    return .raw(RESPFramer.encode(arguments), label: label, compare: compare)
}

@Suite("Key commands", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct KeyTests {
    static let long = String(repeating: "x", count: 50)

    /// Every key command with its options and errors; deterministic on both servers.
    static let steps: [DiffStep] = {
        var s: [DiffStep] = [
            ["SET", "k", "v"], ["SET", "n", "5"], ["SET", "big", "10000"], ["SET", "neg", "-1"],
            ["SET", "long", long], ["SET", "s44", String(repeating: "a", count: 44)],
            ["SET", "s45", String(repeating: "a", count: 45)], ["SET", "empty", ""],
            // DEL / UNLINK / EXISTS / TOUCH
            ["DEL"], ["DEL", "nokey"], ["EXISTS", "k", "k", "nokey", "n"], ["EXISTS"], ["EXISTS", "nokey"],
            ["SET", "d1", "1"], ["SET", "d2", "2"], ["DEL", "d1", "d2", "d1", "nokey"], ["EXISTS", "d1", "d2"],
            ["SET", "d3", "x"], ["UNLINK", "d3", "d3"], ["UNLINK"], ["UNLINK", "nokey"],
            ["TOUCH", "k", "nokey", "k"], ["TOUCH"],
            // TYPE
            ["TYPE", "k"], ["TYPE", "n"], ["TYPE", "nokey"], ["TYPE"], ["TYPE", "a", "b"],
            // OBJECT
            ["OBJECT", "ENCODING", "n"], ["object", "encoding", "k"], ["OBJECT", "ENCODING", "long"],
            ["OBJECT", "ENCODING", "s44"], ["OBJECT", "ENCODING", "s45"], ["OBJECT", "ENCODING", "empty"],
            ["OBJECT", "ENCODING", "neg"], ["OBJECT", "ENCODING", "big"], ["OBJECT", "ENCODING", "nokey"],
            ["OBJECT", "REFCOUNT", "n"], ["OBJECT", "REFCOUNT", "big"], ["OBJECT", "REFCOUNT", "neg"],
            ["OBJECT", "REFCOUNT", "k"], ["OBJECT", "REFCOUNT", "long"], ["OBJECT", "REFCOUNT", "nokey"],
            ["OBJECT", "FREQ", "k"], ["OBJECT", "FREQ", "nokey"], ["OBJECT", "IDLETIME", "nokey"],
            DiffStep(["OBJECT", "IDLETIME", "k"], compare: KeyFamilyCompare.integer(within: 2)),
            ["OBJECT", "HELP"], ["object", "help"], ["OBJECT", "HELP", "x"], ["OBJECT"], ["OBJECT", "FOO"],
            ["OBJECT", "ENCODING"], ["OBJECT", "ENCODING", "a", "b"], ["OBJECT", "REFCOUNT"],
            ["APPEND", "k", "x"], ["OBJECT", "ENCODING", "k"],
            // RENAME / RENAMENX
            ["RENAME", "nokey", "x"], ["RENAME", "k", "k"], ["RENAMENX", "k", "k"], ["RENAMENX", "nokey", "k"],
            ["RENAMENX", "nokey", "nokey"], ["RENAME", "nokey", "nokey"],
            ["RENAME", "k", "k2"], ["GET", "k2"], ["EXISTS", "k"], ["RENAME", "k2", "n"], ["GET", "n"],
            ["OBJECT", "ENCODING", "n"], ["RENAMENX", "n", "big"], ["RENAMENX", "n", "fresh"], ["GET", "fresh"],
            ["EXISTS", "n"], ["EXPIRE", "fresh", "1000"], ["RENAME", "fresh", "f2"],
            DiffStep(["TTL", "f2"], compare: KeyFamilyCompare.integer(within: 1)),
            ["RENAME", "f2"], ["RENAME", "a", "b", "c"], ["RENAMENX", "a"],
            ["SET", "shared", "7"], ["RENAME", "shared", "shared2"], ["OBJECT", "REFCOUNT", "shared2"],
            // MOVE
            ["MOVE", "f2", "1"], ["MOVE", "f2", "1"], ["SELECT", "1"],
            DiffStep(["TTL", "f2"], compare: KeyFamilyCompare.integer(within: 1)),
            ["MOVE", "f2", "0"], ["SELECT", "0"], ["SET", "m", "a"], ["SELECT", "1"], ["SET", "m", "b"],
            ["SELECT", "0"], ["MOVE", "m", "1"], ["GET", "m"], ["MOVE", "m", "0"], ["MOVE", "m", "16"],
            ["MOVE", "m", "-1"], ["MOVE", "m", "abc"], ["MOVE", "m", "99999999999"], ["MOVE", "m", ""],
            ["MOVE", "m", "+1"], ["MOVE", "m", "01"], ["MOVE", "nokey", "1"], ["MOVE", "nokey", "0"],
            ["MOVE", "m", "1", "x"], ["MOVE", "m"], ["MOVE", "nokey", "16"],
            // COPY
            ["COPY", "m", "m"], ["COPY", "m", "m2"], ["GET", "m2"], ["COPY", "m", "m2"],
            ["COPY", "m", "m2", "REPLACE"], ["COPY", "m", "m2", "replace", "replace"],
            ["COPY", "m", "m3", "DB", "1"], ["SELECT", "1"], ["GET", "m3"], ["SELECT", "0"],
            ["COPY", "m", "m3", "DB"], ["COPY", "m", "m3", "DB", "16"], ["COPY", "m", "m3", "DB", "-1"],
            ["COPY", "m", "m3", "DB", "x"], ["COPY", "m", "m3", "DB", "99999999999"], ["COPY", "m", "m3", "FOO"],
            ["COPY", "m", "m3", "db", "1", "db", "2"], ["SELECT", "2"], ["GET", "m3"], ["SELECT", "0"],
            ["COPY", "nokey", "x"], ["COPY", "nokey", "x", "DB", "99"], ["COPY", "m", "m", "DB", "0"],
            ["COPY", "m", "m", "DB", "1"], ["COPY", "m", "m", "DB", "1"], ["COPY", "m", "m", "DB", "1", "REPLACE"],
            ["COPY", "m"], ["COPY", "m", "x", "REPLACE", "DB"],
            ["SET", "ttlsrc", "v", "EX", "1000"], ["COPY", "ttlsrc", "ttldst"],
            DiffStep(["TTL", "ttldst"], compare: KeyFamilyCompare.integer(within: 1)),
            ["COPY", "k2", "nope"], ["APPEND", "m2", "zz"], ["GET", "m"], ["GET", "m2"],
            ["COPY", "long", "longcopy"], ["OBJECT", "ENCODING", "longcopy"], ["APPEND", "longcopy", "!"],
            ["GET", "long"], ["COPY", "n", "ncopy"], ["OBJECT", "ENCODING", "ncopy"],
            ["COPY", "s44", "s44copy"], ["OBJECT", "ENCODING", "s44copy"], ["OBJECT", "ENCODING", "m2"],
            ["COPY", "m2", "m2copy"], ["OBJECT", "ENCODING", "m2copy"],
            // RANDOMKEY (deterministic with one key / none)
            ["SELECT", "3"], ["RANDOMKEY"], ["SET", "only", "1"], ["RANDOMKEY"], ["RANDOMKEY", "x"],
            // KEYS
            ["KEYS"], ["KEYS", "a", "b"], ["KEYS", "only"], ["KEYS", "*"], ["KEYS", "nothing*"], ["SELECT", "0"],
            ["KEYS", "*"], ["KEYS", "s4?"], ["KEYS", "*copy"], ["KEYS", "[mn]*"], ["KEYS", "[^m]*"],
            ["KEYS", "**"], ["KEYS", ""], ["KEYS", "\\*"], ["KEYS", "m[2-3]"], ["KEYS", "?"],
            // SCAN: errors and small keyspaces (one call covers the table on both servers)
            ["SCAN"], ["SCAN", "abc"], ["SCAN", " 0"], ["SCAN", "0x10"], ["SCAN", "18446744073709551616"],
            ["SCAN", "-18446744073709551616"], ["SCAN", "1.5"], ["SCAN", "+"], ["SCAN", "-"],
            ["SCAN", "0", "COUNT", "0"], ["SCAN", "0", "COUNT", "-1"], ["SCAN", "0", "COUNT", "x"],
            ["SCAN", "0", "COUNT"], ["SCAN", "0", "MATCH"], ["SCAN", "0", "TYPE"], ["SCAN", "0", "FOO", "bar"],
            ["SCAN", "0", "COUNT", "99999999999999999999"], ["SCAN", "abc", "COUNT", "0"],
            ["SELECT", "4"], ["SCAN", "0"], ["SCAN", "123"],
        ]
        for i in 0..<7 { s.append(["SET", "key:\(i)", "\(i)"]) }
        s.append(["SET", "other", "x"])
        let scans: [[String]] = [
            ["SCAN", "0"], ["SCAN", ""], ["SCAN", "-0"], ["SCAN", "+0"], ["scan", "0", "count", "1000"],
            ["SCAN", "0", "MATCH", "key:*"], ["SCAN", "0", "MATCH", "*", "COUNT", "100"],
            ["SCAN", "0", "MATCH", "key:[1-3]", "MATCH", "*"], ["SCAN", "0", "MATCH", "**"],
            ["SCAN", "0", "TYPE", "string"], ["SCAN", "0", "TYPE", "STRING"], ["SCAN", "0", "TYPE", "list"],
            ["SCAN", "0", "TYPE", "none"], ["SCAN", "0", "TYPE", "foo"], ["SCAN", "0", "TYPE", "string", "MATCH", "o*"],
            ["SCAN", "0", "COUNT", "100", "TYPE", "string", "COUNT", "1000"],
        ]
        for cmd in scans { s.append(DiffStep(cmd, compare: KeyFamilyCompare.scan)) }
        s += [
            ["DBSIZE"], ["SELECT", "0"], ["DBSIZE"], ["FLUSHALL"], ["RANDOMKEY"], ["KEYS", "*"],
            DiffStep(["SCAN", "0"], compare: KeyFamilyCompare.scan),
        ]
        return s
    }()

    @Test(arguments: [false, true])
    func matchesRedis(resp3: Bool) throws {
        try Differential(resp3: resp3).check(Self.steps)
    }

    /// Binary-safe keys through every command that names them.
    @Test func binaryKeysMatchRedis() throws {
        let a: [UInt8] = [0, 255, 13, 10, 42]
        let b: [UInt8] = [0x80, 0x7f, 91, 93]
        let setA = Array("SET".utf8), v = Array("val".utf8)
        try Differential().check([
            binaryStep([setA, a, v]), binaryStep([setA, b, v]), binaryStep([setA, [], v]),
            binaryStep([Array("EXISTS".utf8), a, b, []]), binaryStep([Array("TYPE".utf8), a]),
            binaryStep([Array("KEYS".utf8), [42, 0, 42]], compare: .unordered),
            binaryStep([Array("KEYS".utf8), [91, 0x80, 45, 0xff, 93, 42]], compare: .unordered),
            binaryStep([Array("KEYS".utf8), Array("*".utf8)], compare: .unordered),
            binaryStep([Array("SCAN".utf8), Array("0".utf8), Array("MATCH".utf8), [42, 255, 42]],
                       compare: KeyFamilyCompare.scan),
            binaryStep([Array("RENAME".utf8), a, b]), binaryStep([Array("GET".utf8), b]),
            binaryStep([Array("COPY".utf8), b, a]), binaryStep([Array("MOVE".utf8), a, Array("1".utf8)]),
            binaryStep([Array("RENAME".utf8), [], a]), binaryStep([Array("DEL".utf8), a, b, []]),
            binaryStep([Array("SCAN".utf8), [49, 0, 50]]),  // strtoul stops at the NUL: cursor 1
        ])
    }

    /// OBJECT under eviction policies: shared integers only without LRU/LFU maxmemory,
    /// FREQ only under LFU (a new key starts at 5, its first access always bumps it),
    /// IDLETIME refused under LFU.
    @Test func objectUnderEvictionPolicies() throws {
        try Differential().check([
            ["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"],
            ["SET", "k", "v"], ["OBJECT", "FREQ", "k"], ["EXISTS", "k"], ["TYPE", "k"], ["TTL", "k"],
            ["OBJECT", "ENCODING", "k"], ["OBJECT", "FREQ", "k"], ["GET", "k"], ["OBJECT", "FREQ", "k"],
            ["COPY", "k", "kc"], ["OBJECT", "FREQ", "kc"],
            ["OBJECT", "IDLETIME", "k"], ["OBJECT", "IDLETIME", "nokey"], ["OBJECT", "REFCOUNT", "k"],
            ["SET", "n", "42"], ["OBJECT", "REFCOUNT", "n"],
            ["CONFIG", "SET", "maxmemory", "1gb"], ["SET", "n2", "42"], ["OBJECT", "REFCOUNT", "n2"],
            ["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"], ["SET", "n3", "42"], ["OBJECT", "REFCOUNT", "n3"],
            ["OBJECT", "FREQ", "k"],
            ["CONFIG", "SET", "maxmemory-policy", "volatile-ttl"], ["SET", "n4", "42"], ["OBJECT", "REFCOUNT", "n4"],
            ["CONFIG", "SET", "maxmemory", "0"],
        ])
    }

    /// Random sequences of key commands over five keys and two databases.
    @Test(arguments: [false, true])
    func randomSequencesMatchRedis(resp3: Bool) throws {
        let keys = ["a", "b", "c", "d", "e"]
        try Differential(resp3: resp3).checkRandom(seed: resp3 ? 71 : 70, count: 700) { r, _ in
            let k = r.pick(keys), k2 = r.pick(keys)
            switch r.int(in: 0..<24) {
            case 0, 1: return .command("SET", k, r.pick(["1", "77", "x", "", "12345", Self.long]))
            case 2: return .command("DEL", k, k2)
            case 3: return .command("UNLINK", k)
            case 4: return .command("EXISTS", k, k2, k)
            case 5: return .command("TYPE", k)
            case 6: return .command("RENAME", k, k2)
            case 7: return .command("RENAMENX", k, k2)
            case 8: return .command("MOVE", k, r.pick(["0", "1", "2", "16"]))
            case 9:
                var args = ["COPY", k, k2]
                if r.chance(0.4) { args += ["DB", r.pick(["0", "1", "17"])] }
                if r.chance(0.4) { args.append("REPLACE") }
                return DiffStep(args)
            case 10: return .command("TOUCH", k, k2)
            case 11: return .command("KEYS", r.pick(["*", "[a-c]", "?", "[^a]*", "d*"]))
            case 12: return DiffStep(["SCAN", "0", "MATCH", r.pick(["*", "[bd]", "?"])], compare: KeyFamilyCompare.scan)
            case 13: return .command("SELECT", r.pick(["0", "1"]))
            case 14: return .command("GET", k)
            case 15: return .command("OBJECT", r.pick(["ENCODING", "REFCOUNT", "FREQ"]), k)
            case 16: return .command("APPEND", k, "z")
            case 17: return .command("INCR", k)
            case 18: return .command("EXPIRE", k, r.pick(["100", "-1", "0"]))
            case 19: return DiffStep(["TTL", k], compare: KeyFamilyCompare.integer(within: 1))
            case 20: return .command("PERSIST", k)
            case 21: return .command("DBSIZE")
            case 22: return .command("RANDOMKEY", compare: .sameType)
            default: return .command("MSET", k, "m1", k2, "m2")
            }
        }
    }

    /// KEYS and SCAN MATCH with random glob patterns over keys built from the glob's own
    /// metacharacters: Redis's stringmatch decides which keys match.
    @Test func randomGlobPatternsMatchRedis() throws {
        var r = SeededRandom(seed: SeededRandom.seed(default: 5150))
        let keyAlphabet = "ab*?[]^-\\"
        var steps: [DiffStep] = []
        var keys = Set<String>()
        while keys.count < 40 { keys.insert(r.string(length: r.int(in: 1...5), alphabet: keyAlphabet)) }
        for key in keys.sorted() { steps.append(["SET", key, "1"]) }
        for _ in 0..<300 {
            let pattern = r.string(length: r.int(in: 0...6), alphabet: keyAlphabet + "*?")
            steps.append(DiffStep(["KEYS", pattern]))
            if r.chance(0.3) {
                steps.append(DiffStep(["SCAN", "0", "MATCH", pattern, "COUNT", "1000"], compare: KeyFamilyCompare.scan))
            }
        }
        try Differential().check(steps, seed: r.next())
    }

    // MARK: SCAN's guarantee

    /// Keys present for the whole scan are all returned, while other keys come and go and
    /// the table grows (rehashing mid-scan) and then shrinks.
    @Test func scanReturnsEveryStableKeyThroughGrowthAndShrink() throws {
        let server = try ServerProcess.structd(args: ["--hz", "100", "--enable-debug-command", "yes"])
        let conn = try server.connect()
        let stable = (0..<3000).map { "stable:\($0)" }
        for chunk in stride(from: 0, to: stable.count, by: 500) {
            try conn.command(["MSET"] + stable[chunk..<min(chunk + 500, stable.count)].flatMap { [$0, "v"] })
        }
        try conn.command(["MSET"] + (0..<500).flatMap { ["volatile:\($0)", "v"] })
        var seen = Set<String>()
        var cursor = "0"
        var calls = 0
        repeat {
            let reply = try conn.command("SCAN", cursor, "COUNT", "37")
            let parts = try #require(reply.elements)
            cursor = try #require(parts[0].string)
            for k in try #require(parts[1].elements) { seen.insert(try #require(k.string)) }
            calls += 1
            switch calls {
            case 5:
                // Grow: twelve times more keys, the table rehashes while we scan.
                for chunk in stride(from: 0, to: 40000, by: 1000) {
                    try conn.command(["MSET"] + (chunk..<(chunk + 1000)).flatMap { ["grow:\($0)", "v"] })
                }
            case 12:
                try conn.command(["DEL"] + (0..<500).map { "volatile:\($0)" })
            case 40:
                // Shrink: drop the growth (under 10% full), give the cron time to resize.
                for chunk in stride(from: 0, to: 40000, by: 1000) {
                    try conn.command(["DEL"] + (chunk..<(chunk + 1000)).map { "grow:\($0)" })
                }
                usleep(300_000)
            default:
                break
            }
        } while cursor != "0" && calls < 100_000
        #expect(cursor == "0")
        let missing = stable.filter { !seen.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) stable keys never returned, e.g. \(missing.prefix(5))")
    }

    /// A scan of a static keyspace returns each key (and nothing else), with MATCH, COUNT
    /// and TYPE, in any mix of counts.
    @Test func scanOfStaticKeyspaceIsComplete() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        let conn = try server.connect()
        try conn.command("DEBUG", "POPULATE", "5000")
        #expect(try conn.command("DBSIZE") == .integer(5000))
        for (count, pattern, type) in [("1", nil, nil), ("10", "key:1*", nil), ("1000", "key:?", "string"),
                                       ("7", "*9", "STRING"), ("100", nil, "list")] as [(String, String?, String?)] {
            var seen: [String] = []
            var cursor = "0"
            var calls = 0
            repeat {
                var args = ["SCAN", cursor, "COUNT", count]
                if let pattern { args += ["MATCH", pattern] }
                if let type { args += ["TYPE", type] }
                let parts = try #require(try conn.command(args).elements)
                cursor = try #require(parts[0].string)
                seen += try #require(parts[1].elements).map { $0.string ?? "" }
                calls += 1
            } while cursor != "0" && calls < 100_000
            let keys = try #require(try conn.command("KEYS", pattern ?? "*").elements).compactMap(\.string)
            let expected = type == "list" ? [] : keys
            #expect(Set(seen) == Set(expected), "COUNT \(count) MATCH \(pattern ?? "-") TYPE \(type ?? "-")")
            #expect(seen.count >= expected.count)
        }
    }

    /// redis-cli's own SCAN loop (--scan --pattern) against our server.
    @Test(.enabled(if: RedisCLI.available))
    func redisCliScanPattern() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        let conn = try server.connect()
        try conn.command(["MSET"] + (0..<800).flatMap { ["user:\($0)", "u", "item:\($0)", "i"] })
        let cli = server.cli
        #expect(Set(try cli.scan()).count == 1600)
        #expect(Set(try cli.scan(pattern: "user:*")) == Set((0..<800).map { "user:\($0)" }))
        #expect(Set(try cli.scan(pattern: "item:1?")) == Set((10..<20).map { "item:\($0)" }))
        #expect(try cli.scan(pattern: "nothing*").isEmpty)
    }

    /// KEYS over a large keyspace answers quickly and completely; KEYS hides expired keys
    /// without deleting them (only a lookup deletes).
    @Test func keysOnLargeKeyspace() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        let conn = try server.connect()
        try conn.command("DEBUG", "POPULATE", "100000")
        #expect(try conn.command("DBSIZE") == .integer(100_000))
        let start = ContinuousClock.now
        let all = try #require(try conn.command("KEYS", "*").elements)
        #expect(all.count == 100_000)
        let some = try #require(try conn.command("KEYS", "key:99*").elements)
        #expect(some.count == 1111)
        #expect(ContinuousClock.now - start < .seconds(10))
        try conn.command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
        // Not 1 ms: a TTL that has passed by the time PEXPIRE checks it deletes at once.
        try conn.command("PEXPIRE", "key:5", "10")
        usleep(40_000)
        #expect(try conn.command("KEYS", "key:5").elements?.count == 0)
        #expect(try conn.command("DBSIZE") == .integer(100_000))
        #expect(try conn.command("EXISTS", "key:5") == .integer(0))
        #expect(try conn.command("DBSIZE") == .integer(99_999))
    }

    /// RANDOMKEY never returns an expired key: it deletes the expired ones it draws.
    @Test func randomkeySkipsExpiredKeys() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        let conn = try server.connect()
        try conn.command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
        for i in 0..<50 { try conn.command("SET", "gone:\(i)", "v", "PX", "5") }
        usleep(40_000)
        #expect(try conn.command("DBSIZE") == .integer(50))
        #expect(try conn.command("RANDOMKEY") == .null)
        #expect(try conn.command("DBSIZE") == .integer(0))
        for i in 0..<50 { try conn.command("SET", "gone:\(i)", "v", "PX", "5") }
        try conn.command("SET", "alive", "v")
        usleep(40_000)
        for _ in 0..<20 { #expect(try conn.command("RANDOMKEY") == .bulk(Array("alive".utf8))) }
    }

    /// EXISTS, TYPE, TTL, OBJECT and SCAN's TYPE filter leave the access time alone;
    /// TOUCH and GET reset it.
    @Test func readsWithoutTouchKeepIdleTime() throws {
        let server = try ServerProcess.structd()
        let conn = try server.connect()
        try conn.command("SET", "k", "v")
        try conn.command("SET", "t", "v")
        usleep(2_600_000)
        let idle = try #require(try conn.command("OBJECT", "IDLETIME", "k").int64)
        #expect(idle >= 2)
        try conn.command("EXISTS", "k")
        try conn.command("TYPE", "k")
        try conn.command("TTL", "k")
        try conn.command("PEXPIRETIME", "k")
        try conn.command("OBJECT", "ENCODING", "k")
        try conn.command("SCAN", "0", "TYPE", "string")
        try conn.command("KEYS", "*")
        #expect(try #require(try conn.command("OBJECT", "IDLETIME", "k").int64) >= idle)
        try conn.command("TOUCH", "k")
        #expect(try #require(try conn.command("OBJECT", "IDLETIME", "k").int64) <= 1)
        try conn.command("GET", "t")
        #expect(try #require(try conn.command("OBJECT", "IDLETIME", "t").int64) <= 1)
    }

    /// Under LFU, RENAME and MOVE carry the key's access counter with it; COPY starts a
    /// fresh one (5, Redis's LFU_INIT_VAL); OBJECT FREQ does not count as an access.
    @Test func lfuCounterMovesWithTheKey() throws {
        let server = try ServerProcess.structd(args: ["--maxmemory-policy", "allkeys-lfu"])
        let conn = try server.connect()
        try conn.command("SET", "k", "v")
        for _ in 0..<200 { try conn.command("GET", "k") }
        let freq = try #require(try conn.command("OBJECT", "FREQ", "k").int64)
        #expect(freq > 6)
        #expect(try conn.command("OBJECT", "FREQ", "k").int64 == freq)
        try conn.command("RENAME", "k", "k2")
        #expect(try #require(try conn.command("OBJECT", "FREQ", "k2").int64) >= freq)
        try conn.command("MOVE", "k2", "1")
        try conn.command("SELECT", "1")
        #expect(try #require(try conn.command("OBJECT", "FREQ", "k2").int64) >= freq)
        try conn.command("COPY", "k2", "c")
        #expect(try conn.command("OBJECT", "FREQ", "c") == .integer(5))
    }

    /// COPY makes an independent value: changing the copy leaves the source alone.
    @Test func copyIsDeep() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        let conn = try server.connect()
        let long = String(repeating: "q", count: 100)
        try conn.command("SET", "src", long)
        try conn.command("APPEND", "src", "1")
        #expect(try conn.command("COPY", "src", "dst") == .integer(1))
        try conn.command("APPEND", "dst", "2")
        try conn.command("SETRANGE", "src", "0", "Z")
        #expect(try conn.command("GET", "src") == .bulk(Array(("Z" + long.dropFirst() + "1").utf8)))
        #expect(try conn.command("GET", "dst") == .bulk(Array((long + "12").utf8)))
    }
}
