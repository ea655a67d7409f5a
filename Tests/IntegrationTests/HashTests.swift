// Hash family tests (HSET HMSET HSETNX HGET HMGET HGETALL HKEYS HVALS HDEL HLEN HSTRLEN
// HEXISTS HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN) against redis-server 7.0.15, byte for byte:
//   - a scripted differential over every command, option and error case (wrong types, bad
//     integers and floats, NUL-terminated options, out-of-range counts, empty and binary
//     fields), in RESP2 and RESP3;
//   - seeded random sequences of hash commands on a few keys, with small listpack limits so
//     both encodings and the conversion between them are exercised, replies compared one by
//     one and the dataset compared with DEBUG DIGEST along the way;
//   - OBJECT ENCODING at the thresholds (512 entries, 64-byte values) and after CONFIG SET
//     of the thresholds, compared with Redis.
// Replies whose order depends on the hash table's layout (HGETALL/HKEYS/HVALS/HSCAN of a
// hashtable-encoded hash) are compared as multisets; random replies (HRANDFIELD) by shape,
// size, membership and distinctness. Targeted tests cover what a differential run cannot
// see: a full HSCAN of a big hash returns every field while the hash changes, HRANDFIELD's
// sampling rules, and used_memory of a big hash against Redis's.

import Foundation
import Glibc
import RESP
import Testing

enum HashFamilyTesting {
    /// DEBUG DIGEST needs the command enabled on both servers.
    static let serverArgs = ["--enable-debug-command", "yes"]

    static func differential(resp3: Bool = false, extra: [String] = []) -> Differential {
        var d = Differential(serverArgs: serverArgs + extra)
        d.resp3 = resp3
        return d
    }

    /// A command with arbitrary bytes as arguments.
    static func binary(_ arguments: [[UInt8]], label: String) -> DiffStep {
        .raw(RESPFramer.encode(arguments), label: label)
    }

    /// HSCAN replies compared on the cursor and the multiset of field/value pairs.
    static let sameScanContents = Comparison.custom { expected, actual in
        guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual) else { return false }
        guard case .array(let ee) = e, case .array(let aa) = a, ee.count == 2, aa.count == 2 else { return e == a }
        guard ee[0] == aa[0], case .array(let ei) = ee[1], case .array(let ai) = aa[1], ei.count == ai.count,
              ei.count % 2 == 0 else { return false }
        func pairs(_ items: [RESPValue]) -> [String: Int] {
            var out: [String: Int] = [:]
            for i in stride(from: 0, to: items.count, by: 2) {
                out["\(items[i].bytes ?? [])=\(items[i + 1].bytes ?? [])", default: 0] += 1
            }
            return out
        }
        return pairs(ei) == pairs(ai)
    }

    /// HRANDFIELD replies compared by shape (the same RESP types and sizes), and, for a
    /// positive count, by the distinctness of the fields returned.
    static func sameRandomShape(distinct: Bool, withValues: Bool) -> Comparison {
        .custom { expected, actual in
            guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual) else { return false }
            func shape(_ v: RESPValue) -> String {
                switch v {
                case .array(let items): return "[" + items.map(shape).joined(separator: ",") + "]"
                case .bulk: return "b"
                case .null: return "n"
                case .error(let m): return "e" + String(decoding: m, as: UTF8.self)
                default: return "?"
                }
            }
            guard shape(e) == shape(a) else { return false }
            guard distinct, case .array(let items) = a else { return true }
            // Fields: the first of each RESP3 pair, the even elements of a RESP2 WITHVALUES
            // reply, or every element.
            let names: [[UInt8]]
            if case .array(let first)? = items.first, first.count == 2 {
                names = items.compactMap { $0.elements?.first?.bytes }
            } else if withValues {
                names = stride(from: 0, to: items.count, by: 2).compactMap { items[$0].bytes }
            } else {
                names = items.compactMap(\.bytes)
            }
            return Set(names).count == names.count
        }
    }
}

@Suite("Hashes", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct HashTests {
    typealias T = HashFamilyTesting

    static let longValue = String(repeating: "x", count: 65)
    static let maxValue = String(repeating: "y", count: 64)

    static let script: [DiffStep] = [
        // HSET / HMSET: replies, odd arguments, duplicates, updates.
        ["HSET", "h", "a", "1", "b"], ["HMSET", "h", "a"], ["HSET", "h"], ["HSET", "h", "a"],
        ["HSET", "h", "a", "1", "b", "2"], ["HSET", "h", "a", "10", "c", "3"], ["HMSET", "h", "d", "4", "e", "5"],
        ["HSET", "dup", "f", "1", "f", "2", "f", "3"], ["HGET", "dup", "f"], ["HLEN", "dup"],
        ["HGETALL", "h"], ["HKEYS", "h"], ["HVALS", "h"], ["HLEN", "h"], ["TYPE", "h"], ["OBJECT", "ENCODING", "h"],
        // HSETNX.
        ["HSETNX", "h", "a", "x"], ["HSETNX", "h", "z", "26"], ["HSETNX", "newh", "f", "v"], ["HGET", "newh", "f"],
        ["HSETNX", "h", "a", longValue], ["OBJECT", "ENCODING", "h"], ["HSETNX", "h"], ["HSETNX", "h", "a", "1", "2"],
        // HGET / HMGET / HEXISTS / HSTRLEN / HLEN.
        ["HGET", "h", "a"], ["HGET", "h", "nope"], ["HGET", "nokey", "a"],
        ["HMGET", "h", "a", "nope", "b", "a"], ["HMGET", "nokey", "a", "b"], ["HMGET", "h"],
        ["HEXISTS", "h", "a"], ["HEXISTS", "h", "nope"], ["HEXISTS", "nokey", "a"],
        ["HSTRLEN", "h", "a"], ["HSTRLEN", "h", "nope"], ["HSTRLEN", "nokey", "a"], ["HLEN", "nokey"],
        ["HSET", "ints", "p", "127", "q", "-4096", "r", "9223372036854775807", "s", "-9223372036854775808", "t", "007"],
        ["HSTRLEN", "ints", "p"], ["HSTRLEN", "ints", "s"], ["HSTRLEN", "ints", "t"], ["HGETALL", "ints"],
        // Empty strings, NUL and CR LF inside fields and values.
        ["HSET", "e", "", ""], ["HGET", "e", ""], ["HSTRLEN", "e", ""], ["HEXISTS", "e", ""], ["HGETALL", "e"],
        ["HSET", "nul", "a\u{0}b", "c\r\nd"], ["HGET", "nul", "a\u{0}b"], ["HGET", "nul", "a"], ["HKEYS", "nul"],
        T.binary([[72, 83, 69, 84], Array("bin".utf8), [0, 255, 128, 13, 10], [255, 254, 0]], label: "HSET bin <binary>"),
        T.binary([Array("HGETALL".utf8), Array("bin".utf8)], label: "HGETALL bin"),
        // HDEL, deleting the key with its last field.
        ["HDEL", "h", "nope"], ["HDEL", "h", "a", "a", "nope", "b"], ["HDEL", "nokey", "a"], ["HDEL", "h"],
        ["HDEL", "dup", "f", "f"], ["EXISTS", "dup"], ["HGETALL", "h"],
        // HINCRBY.
        ["HINCRBY", "n", "a", "5"], ["HINCRBY", "n", "a", "-7"], ["HINCRBY", "n", "a", "x"], ["HINCRBY", "n", "a", ""],
        ["HINCRBY", "n", "a", "1.5"], ["HINCRBY", "n", "a", "9223372036854775808"], ["HINCRBY", "n", "a", " 1"],
        ["HINCRBY", "n", "m", "9223372036854775807"], ["HINCRBY", "n", "m", "1"], ["HINCRBY", "n", "m", "0"],
        ["HINCRBY", "n", "k", "-9223372036854775808"], ["HINCRBY", "n", "k", "-1"], ["HINCRBY", "n", "k", "1"],
        ["HSET", "n", "s", "abc", "lz", "007", "neg0", "-0", "big", "12345678901234567890", "sp", " 3", "fl", "1.5"],
        ["HINCRBY", "n", "s", "1"], ["HINCRBY", "n", "lz", "1"], ["HINCRBY", "n", "neg0", "1"],
        ["HINCRBY", "n", "big", "1"], ["HINCRBY", "n", "sp", "1"], ["HINCRBY", "n", "fl", "1"],
        ["HINCRBY", "n", "x", "1\u{0}"], ["HINCRBY", "nokeyi", "f", "abc"], ["EXISTS", "nokeyi"],
        ["HINCRBY", "n"], ["HINCRBY", "n", "a", "1", "2"],
        // HINCRBYFLOAT: long double arithmetic and Redis's "%.17Lf" text.
        ["HINCRBYFLOAT", "f", "a", "1.0"], ["HINCRBYFLOAT", "f", "a", "0.1"], ["HINCRBYFLOAT", "f", "b", "-0.0"],
        ["HINCRBYFLOAT", "f", "c", "1e-5"], ["HINCRBYFLOAT", "f", "d", "5.0e3"], ["HINCRBYFLOAT", "f", "d", "0.1"],
        ["HINCRBYFLOAT", "f", "a", "inf"], ["HINCRBYFLOAT", "f", "a", "-inf"], ["HINCRBYFLOAT", "f", "a", "nan"],
        ["HINCRBYFLOAT", "f", "a", "abc"], ["HINCRBYFLOAT", "f", "a", " 1"], ["HINCRBYFLOAT", "f", "a", "1 "],
        ["HINCRBYFLOAT", "f", "a", "1\u{0}"], ["HINCRBYFLOAT", "f", "a", ""], ["HINCRBYFLOAT", "f", "a", "0x10"],
        ["HINCRBYFLOAT", "f", "a", "1e4933"], ["HINCRBYFLOAT", "f", "a", "-3.3333333333333333333333"],
        ["HINCRBYFLOAT", "f", "g", "1.7976931348623157e308"], ["HINCRBYFLOAT", "f", "g", "1.7976931348623157e308"],
        ["HINCRBYFLOAT", "f", "h", "1e4932"], ["HINCRBYFLOAT", "f", "h", "1e4932"], ["HSTRLEN", "f", "h"],
        ["HSET", "f", "s", "abc", "u", "1e3", "t", " 12", "i", "12"],
        ["HINCRBYFLOAT", "f", "s", "1"], ["HINCRBYFLOAT", "f", "u", "1"], ["HINCRBYFLOAT", "f", "t", "1"],
        ["HINCRBYFLOAT", "f", "i", "0.5"], ["HINCRBY", "f", "u", "1"], ["HINCRBYFLOAT", "nokeyf", "a", "abc"],
        ["EXISTS", "nokeyf"], ["HINCRBYFLOAT", "f", "a"],
        // A 100-digit HINCRBYFLOAT result converts the hash (the value limit applies to results).
        ["HSET", "conv", "a", "1"], ["HINCRBYFLOAT", "conv", "a", "1e100"], ["OBJECT", "ENCODING", "conv"],
        // HRANDFIELD: the arguments' errors, and replies that are not random.
        ["HRANDFIELD", "h", "-9223372036854775808"], ["HRANDFIELD", "h", "-9223372036854775808", "WITHVALUES"],
        ["HRANDFIELD", "nokey", "-4611686018427387903", "WITHVALUES"],
        ["HRANDFIELD", "nokey", "-4611686018427387904", "WITHVALUES"],
        ["HRANDFIELD", "nokey", "4611686018427387903", "WITHVALUES"],
        ["HRANDFIELD", "nokey", "4611686018427387904", "WITHVALUES"],
        ["HRANDFIELD", "h", "9223372036854775808"], ["HRANDFIELD", "h", "1", "foo"],
        ["HRANDFIELD", "h", "1", "WITHVALUES", "foo"], ["HRANDFIELD", "h", "x", "WITHVALUES"],
        ["HRANDFIELD", "nokey", "1", "withvalues\u{0}junk"], ["HRANDFIELD", "nokey", "1", "WithValues"],
        ["HRANDFIELD", "nokey"], ["HRANDFIELD", "nokey", "5"], ["HRANDFIELD", "nokey", "-5", "WITHVALUES"],
        ["HRANDFIELD", "nokey", "0"], ["HRANDFIELD", "h", "0"], ["HRANDFIELD", "h", "0", "WITHVALUES"],
        ["HSET", "one", "only", "v"], ["HRANDFIELD", "one"], ["HRANDFIELD", "one", "1"],
        ["HRANDFIELD", "one", "1", "WITHVALUES"], ["HRANDFIELD", "one", "-3", "WITHVALUES"],
        ["HRANDFIELD", "one", "5", "WITHVALUES"], ["HRANDFIELD", "one", "-2"],
        ["HSET", "two", "a", "1", "b", "2"], ["HRANDFIELD", "two", "2", "WITHVALUES"], ["HRANDFIELD", "two", "9"],
        // HSCAN: cursor before key, options after; a listpack returns everything at once.
        ["HSCAN", "two", "0"], ["HSCAN", "two", "abc"], ["HSCAN", "nokey", "abc"], ["HSCAN", "nokey", "0", "COUNT", "0"],
        ["HSCAN", "two", "0", "COUNT", "0"], ["HSCAN", "two", "0", "COUNT", "-1"], ["HSCAN", "two", "0", "COUNT", "x"],
        ["HSCAN", "two", "0", "MATCH", "a"], ["HSCAN", "two", "0", "MATCH", "*", "COUNT", "1"],
        ["HSCAN", "two", "0", "MATCH"], ["HSCAN", "two", "0", "TYPE", "string"], ["HSCAN", "nokey", "0", "TYPE", "x"],
        ["HSCAN", "two", "0", "NOVALUES"], ["HSCAN", "two", "18446744073709551615"], ["HSCAN", "two", "18446744073709551616"],
        ["HSCAN", "two", "-1"], ["HSCAN", "two", "+0"], ["HSCAN", "two", ""], ["HSCAN", "two", " 0"],
        ["HSCAN", "two", "0\u{0}x"], ["HSCAN", "two", "0", "count\u{0}", "5"], ["HSCAN", "two", "0", "COUNT", "5\u{0}"],
        ["HSCAN", "ints", "0", "MATCH", "[pq]"], ["HSCAN", "e", "0", "MATCH", "*"], ["HSCAN", "e", "0", "MATCH", "**"],
        // Wrong types: every command against a string.
        ["SET", "s", "x"], ["HSET", "s", "a", "1"], ["HMSET", "s", "a", "1"], ["HSETNX", "s", "a", "1"],
        ["HGET", "s", "a"], ["HMGET", "s", "a"], ["HGETALL", "s"], ["HKEYS", "s"], ["HVALS", "s"], ["HDEL", "s", "a"],
        ["HLEN", "s"], ["HSTRLEN", "s", "a"], ["HEXISTS", "s", "a"], ["HINCRBY", "s", "a", "1"], ["HINCRBY", "s", "a", "x"],
        ["HINCRBYFLOAT", "s", "a", "1"], ["HINCRBYFLOAT", "s", "a", "x"], ["HRANDFIELD", "s"], ["HRANDFIELD", "s", "2"],
        ["HRANDFIELD", "s", "0"], ["HRANDFIELD", "s", "x"], ["HSCAN", "s", "0"], ["HSCAN", "s", "x"],
        ["GET", "h"], ["INCR", "h"], ["APPEND", "h", "x"],
        // A hashtable-encoded hash: contents compared as multisets.
        ["HSET", "ht", "a", "1", "b", longValue, "c", "3"], ["OBJECT", "ENCODING", "ht"], ["HGETALL", "ht"],
        ["HKEYS", "ht"], ["HVALS", "ht"], ["HGET", "ht", "b"], ["HSTRLEN", "ht", "b"], ["HINCRBY", "ht", "c", "4"],
        DiffStep(["HSCAN", "ht", "0", "COUNT", "100"], compare: T.sameScanContents),
        DiffStep(["HSCAN", "ht", "0", "MATCH", "[ab]", "COUNT", "100"], compare: T.sameScanContents),
        ["HDEL", "ht", "a", "b", "c"], ["EXISTS", "ht"],
        ["DEBUG", "DIGEST"], ["DEBUG", "DIGEST-VALUE", "h", "ints", "f", "bin", "nul", "e"],
    ]

    @Test func scriptedDifferentialRESP2() throws {
        try T.differential().check(Self.script)
    }

    @Test func scriptedDifferentialRESP3() throws {
        try T.differential(resp3: true).check(Self.script)
    }

    // MARK: encodings

    @Test func encodingThresholds() throws {
        var steps: [DiffStep] = []
        func enc(_ key: String) { steps.append(["OBJECT", "ENCODING", key]) }
        // 512 fields stay a listpack; the 513th converts, and so does one HSET of 513 pairs.
        steps.append(DiffStep(["HSET", "big"] + (0..<512).flatMap { ["f\($0)", "v\($0)"] }))
        enc("big")
        steps.append(["HSET", "big", "f0", "updated"])
        enc("big")
        steps.append(["HSET", "big", "f512", "v"])
        enc("big")
        steps.append(DiffStep(["HSET", "big2"] + (0..<513).flatMap { ["g\($0)", "\($0)"] }))
        enc("big2")
        // 64-byte values and fields stay; 65 bytes convert, before the write.
        steps += [["HSET", "v", "a", Self.maxValue], ["HSET", "v", Self.maxValue, "b"]]
        enc("v")
        steps += [["HSET", "v", "c", Self.longValue]]
        enc("v")
        steps += [["HSET", "w", Self.longValue, "1"]]
        enc("w")
        steps += [["HSET", "w2", "a", "1"], ["HSETNX", "w2", "a", Self.longValue]]
        enc("w2")  // the field exists: no conversion
        steps += [["HSETNX", "w2", "b", Self.longValue]]
        enc("w2")
        // Deleting never converts back.
        steps += [["HDEL", "w2", "b"]]
        enc("w2")
        // CONFIG SET: a lower entry limit converts at the next write (insert or update).
        steps += [["HSET", "c1", "a", "1", "b", "2", "c", "3"], ["CONFIG", "SET", "hash-max-listpack-entries", "2"]]
        enc("c1")
        steps += [["HGET", "c1", "a"]]
        enc("c1")
        steps += [["HSET", "c1", "a", "5"]]
        enc("c1")
        steps += [["HSET", "c2", "a", "1"], ["HINCRBY", "c2", "b", "1"]]
        enc("c2")
        steps += [["HINCRBY", "c2", "c", "1"]]
        enc("c2")
        steps += [["CONFIG", "SET", "hash-max-listpack-entries", "0"], ["HSET", "c3", "a", "1"]]
        enc("c3")
        steps += [["HINCRBYFLOAT", "c4", "a", "1.5"]]
        enc("c4")
        steps += [["CONFIG", "SET", "hash-max-listpack-entries", "512"], ["CONFIG", "SET", "hash-max-listpack-value", "0"],
                  ["HSET", "c5", "", ""]]
        enc("c5")
        steps += [["HSET", "c6", "a", ""]]
        enc("c6")
        steps += [["CONFIG", "SET", "hash-max-listpack-value", "1"], ["HSET", "c7", "a", "1"], ["HINCRBY", "c7", "a", "100"]]
        enc("c7")
        steps += [["HSET", "c8", "a", "1"], ["HSETNX", "c8", "b", "22"]]
        enc("c8")
        steps += [["HSET", "c9", "a", "1"], ["HINCRBYFLOAT", "c9", "a", "0.5"]]
        enc("c9")
        steps += [["HSET", "c10", "a", "1"], ["HINCRBYFLOAT", "c10", "a", "1"]]
        enc("c10")
        steps.append(["DEBUG", "DIGEST"])
        try T.differential().check(steps)
    }

    // MARK: random sequences

    static let fieldPool = ["a", "b", "c", "d", "e", "f", "g", "h", "1", "2", "-3", "", "long-field-name-x"]
    static let valuePool = [
        "", "0", "1", "-1", "42", "007", "-0", "127", "128", "-4096", "70000", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "3.14", "1e10", "-2.5", "abc", "hello world",
        String(repeating: "v", count: 15), String(repeating: "w", count: 16), String(repeating: "z", count: 40),
        "a\u{0}b\r\nc",
    ]

    static func randomHashStep(_ r: inout SeededRandom, _ index: Int) -> DiffStep {
        let keys = ["h0", "h1", "h2"]
        func key() -> String { r.pick(keys) }
        func field() -> String {
            r.chance(0.85) ? r.pick(fieldPool) : "f\(r.int(in: 0..<40))"
        }
        func value() -> String {
            r.chance(0.8) ? r.pick(valuePool) : r.string(length: r.int(in: 0...24))
        }
        switch r.int(in: 0..<32) {
        case 0...4:
            let pairs = (0..<r.int(in: 1...4)).flatMap { _ in [field(), value()] }
            return DiffStep([r.chance(0.8) ? "HSET" : "HMSET", key()] + pairs)
        case 5: return ["HSETNX", key(), field(), value()]
        case 6, 7: return ["HGET", key(), field()]
        case 8: return DiffStep(["HMGET", key()] + (0..<r.int(in: 1...4)).map { _ in field() })
        case 9, 10: return DiffStep(["HDEL", key()] + (0..<r.int(in: 1...3)).map { _ in field() })
        case 11: return ["HLEN", key()]
        case 12: return ["HSTRLEN", key(), field()]
        case 13: return ["HEXISTS", key(), field()]
        case 14, 15:
            return ["HINCRBY", key(), field(),
                    r.chance(0.9) ? String(r.int(in: -100...100)) : r.pick(["9223372036854775807", "-9223372036854775808", "x"])]
        case 16, 17:
            return ["HINCRBYFLOAT", key(), field(), r.pick(["0.1", "1.5", "-2.25", "1e3", "3", "abc", "1e-3", "-0.1", "1e20"])]
        case 18: return ["HGETALL", key()]
        case 19: return ["HKEYS", key()]
        case 20: return ["HVALS", key()]
        case 21, 22: return ["OBJECT", "ENCODING", key()]
        case 23:
            let n = r.int(in: -6...6)
            let withValues = r.chance(0.5)
            var args = ["HRANDFIELD", key(), String(n)]
            if withValues { args.append("WITHVALUES") }
            return DiffStep(args, compare: T.sameRandomShape(distinct: n > 0, withValues: withValues))
        case 24: return DiffStep(["HSCAN", key(), "0", "COUNT", "1000"], compare: T.sameScanContents)
        case 25: return ["TYPE", key()]
        case 26: return ["DEBUG", "DIGEST-VALUE", key()]
        case 27: return r.chance(0.3) ? ["DEL", key()] : ["EXISTS", key()]
        case 28: return ["DEBUG", "DIGEST"]
        case 29: return ["HSTRLEN", key(), field()]
        default: return ["HGET", key(), field()]
        }
    }

    /// Small listpack limits, so that the keys convert to hashtables along the way.
    @Test(arguments: zip([UInt64(0x4841_5348), 0x4841_5349], [false, true]))
    func randomSequences(seed: UInt64, resp3: Bool) throws {
        let d = T.differential(resp3: resp3, extra: ["--hash-max-listpack-entries", "12",
                                                     "--hash-max-listpack-value", "16"])
        try d.checkRandom(seed: seed, count: 1500, Self.randomHashStep)
    }

    @Test func randomSequencesDefaultLimits() throws {
        try T.differential().checkRandom(seed: 0x4841_534A, count: 1000, Self.randomHashStep)
    }

    // MARK: keyspace side effects

    /// Keyspace notifications (class h, and "del" when HDEL empties the hash) as Redis sends
    /// them: read on a PSUBSCRIBEd connection after each command that fires any.
    @Test func keyspaceNotifications() throws {
        func events(_ n: Int) -> DiffStep { .read(client: 1, replies: 2 * n) }
        let steps: [DiffStep] = [
            ["CONFIG", "SET", "notify-keyspace-events", "KEA"],
            DiffStep(["PSUBSCRIBE", "__key*__:*"], client: 1),
            ["HSET", "h", "a", "1", "b", "2"], events(1),
            ["HSETNX", "h", "a", "1"], ["HSETNX", "h", "c", "1"], events(1),
            ["HMSET", "h", "d", "1"], events(1),
            ["HINCRBY", "h", "a", "2"], events(1),
            ["HINCRBYFLOAT", "h", "a", "1.5"], events(1),
            ["HDEL", "h", "zz"], ["HINCRBY", "h", "d", "x"], ["HSET", "h"],
            ["HDEL", "h", "a", "b"], events(1),
            ["HDEL", "h", "c", "d", "x"], events(2),
            ["HINCRBYFLOAT", "h2", "a", "1"], events(1),
            ["HINCRBY", "h2", "b", "1"], events(1),
            ["HSET", "h2", "a", "x", "b", "y"], events(1),
            ["HGET", "h2", "a"], ["HGETALL", "h2"], DiffStep(["HRANDFIELD", "h2"], compare: .sameType),
            ["HDEL", "h2", "a", "b"], events(2),
            ["PING"], DiffStep(["PING"], client: 1),
        ]
        try T.differential().check(steps)
        try T.differential(resp3: true).check(steps)
    }

    /// The dirty counter (rdb_changes_since_last_save) and keyspace hits/misses after each
    /// command, as Redis counts them.
    @Test func dirtyAndKeyspaceCounters() throws {
        let steps: [DiffStep] = [
            ["HSET", "h", "a", "1", "b", "2", "a", "3"], ["HSET", "h", "a", "1"], ["HMSET", "h", "c", "3"],
            ["HSETNX", "h", "a", "1"], ["HSETNX", "h", "z", "1"], ["HGET", "h", "a"], ["HGET", "nokey", "a"],
            ["HMGET", "h", "a", "b"], ["HMGET", "nokey", "a"], ["HGETALL", "h"], ["HKEYS", "nokey"], ["HLEN", "h"],
            ["HSTRLEN", "h", "a"], ["HEXISTS", "nokey", "a"], ["HINCRBY", "h", "n", "5"], ["HINCRBY", "h", "a", "x"],
            ["HINCRBYFLOAT", "h", "f", "1.5"], ["HINCRBYFLOAT", "h", "f", "inf"], ["HRANDFIELD", "h", "0"],
            ["HRANDFIELD", "nokey"], ["HSCAN", "h", "0"], ["HSCAN", "nokey", "0"], ["HDEL", "h", "zz"],
            ["HDEL", "h", "a", "b", "zz"], ["HDEL", "h", "c", "z", "n", "f"], ["EXISTS", "h"],
        ]
        try T.differential().check(StringFamilyTesting.withDirtyChecks(steps))
    }

    // MARK: targeted

    /// A full HSCAN of a hashtable-encoded hash returns every field present throughout,
    /// with its value, while other fields come and go (growing and shrinking the table).
    @Test func scanCoversAllFieldsWhileChanging() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect()
        let stable = 3000
        try c.send(command: ["HSET", "big"] + (0..<stable).flatMap { ["s\($0)", "v\($0)"] })
        _ = try c.readReply()
        #expect(try c.command("OBJECT", "ENCODING", "big") == .bulk("hashtable"))
        var seen = Set<String>()
        var cursor = "0"
        var rounds = 0
        repeat {
            let reply = try c.command("HSCAN", "big", cursor, "COUNT", "50")
            guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].bytes,
                  case .array(let items) = parts[1] else {
                Issue.record("bad HSCAN reply \(reply)")
                return
            }
            for i in stride(from: 0, to: items.count, by: 2) {
                let f = String(decoding: items[i].bytes ?? [], as: UTF8.self)
                if f.hasPrefix("s") {
                    #expect(items[i + 1].bytes.map { String(decoding: $0, as: UTF8.self) } == "v" + f.dropFirst())
                }
                seen.insert(f)
            }
            cursor = String(decoding: next, as: UTF8.self)
            // Churn: grow for a while (the table doubles), then remove everything added.
            let churn = (0..<60).map { "c\(rounds * 60 + $0)" }
            if rounds < 40 {
                try c.send(command: ["HSET", "big"] + churn.flatMap { [$0, "x"] })
            } else {
                try c.send(command: ["HDEL", "big"] + (0..<60).map { "c\((rounds - 40) * 60 + $0)" })
            }
            _ = try c.readReply()
            rounds += 1
        } while cursor != "0" && rounds < 10_000
        #expect(cursor == "0")
        #expect((0..<stable).allSatisfy { seen.contains("s\($0)") })
    }

    /// HRANDFIELD's rules on both encodings: a negative count gives exactly |count| fields
    /// (repeats allowed), a positive count distinct fields (all of them when not smaller than
    /// the hash), WITHVALUES pairs each field with its own value.
    @Test func randomFieldSampling() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect()
        for (key, n) in [("small", 20), ("large", 600)] {
            try c.send(command: ["HSET", key] + (0..<n).flatMap { ["k\($0)", "v\($0)"] })
            _ = try c.readReply()
            func fields(_ reply: RESPValue) -> [String] {
                (reply.elements ?? []).compactMap { $0.bytes.map { String(decoding: $0, as: UTF8.self) } }
            }
            let repeated = fields(try c.command("HRANDFIELD", key, "-2000"))
            #expect(repeated.count == 2000)
            #expect(Set(repeated).count > n / 2)
            #expect(repeated.allSatisfy { Int($0.dropFirst()).map { $0 < n } ?? false })
            for count in [1, 5, n / 3, n / 3 + 1, n - 1, n, n + 10] {
                let got = fields(try c.command("HRANDFIELD", key, String(count)))
                #expect(got.count == min(count, n))
                #expect(Set(got).count == got.count)
            }
            let pairs = fields(try c.command("HRANDFIELD", key, String(n / 2), "WITHVALUES"))
            #expect(pairs.count == n)
            for i in stride(from: 0, to: pairs.count, by: 2) { #expect("v" + pairs[i].dropFirst() == pairs[i + 1]) }
            let single = try c.command("HRANDFIELD", key)
            #expect(single.bytes.map { String(decoding: $0, as: UTF8.self).hasPrefix("k") } == true)
        }
        #expect(try c.command("OBJECT", "ENCODING", "small") == .bulk("listpack"))
        #expect(try c.command("OBJECT", "ENCODING", "large") == .bulk("hashtable"))
    }

    /// used_memory of a 200 000-field hash (hashtable encoding) is at most Redis's.
    @Test func bigHashMemoryAtMostRedis() throws {
        let fields = 200_000
        var growth: [String: Int] = [:]
        for name in ["redis", "structd"] {
            let server = try name == "redis" ? ServerProcess.redis() : ServerProcess.structd()
            defer { server.stop() }
            let c = try server.connect()
            func usedMemory() throws -> Int {
                let info = String(decoding: try c.command("INFO", "memory").bytes ?? [], as: UTF8.self)
                guard let line = info.split(separator: "\r\n").first(where: { $0.hasPrefix("used_memory:") }) else { return 0 }
                return Int(line.dropFirst("used_memory:".count)) ?? 0
            }
            let before = try usedMemory()
            var sent = 0
            while sent < fields {
                let batch = min(1000, fields - sent)
                try c.send(command: ["HSET", "big"] + (sent..<(sent + batch)).flatMap { ["field:\($0)", "value:\($0)"] })
                _ = try c.readReply()
                sent += batch
            }
            #expect(try c.command("HLEN", "big") == .integer(Int64(fields)))
            growth[name] = try usedMemory() - before
        }
        let ours = growth["structd"] ?? .max, theirs = growth["redis"] ?? 0
        #expect(ours <= theirs, "used_memory growth: structd \(ours) bytes, redis \(theirs) bytes")
    }
}
