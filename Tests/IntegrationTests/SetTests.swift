// Set family tests (SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP SRANDMEMBER SMOVE
// SINTER SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN) against
// redis-server 7.0.15, byte for byte:
//   - a scripted differential over every command, option and error case (wrong types, bad
//     and out-of-range counts, numkeys and LIMIT errors, cursors, empty and binary members,
//     non-canonical integers), in RESP2 and RESP3 (sets are "~" there);
//   - seeded random sequences of set commands on a few keys, with a small intset limit so
//     both encodings and the conversion are exercised, replies compared one by one and the
//     values compared with DEBUG DIGEST-VALUE along the way;
//   - OBJECT ENCODING at the threshold (512 entries), after CONFIG SET of it, for every way a
//     set is created (SADD's first member, SMOVE into a new key, the STORE commands, SDIFF's
//     two algorithms, SPOP's rebuilt set), compared with Redis.
// Replies whose order depends on the hash table's layout (SMEMBERS & co. of a hashtable) are
// compared as multisets; random replies (SRANDMEMBER, SPOP) by shape, size, membership and
// distinctness, and SPOP only where it is deterministic (the whole set, or a single member)
// so both servers keep the same contents. Targeted tests cover what a differential run
// cannot see: a full SSCAN returns every member while the set changes, the sampling rules
// of SRANDMEMBER and SPOP, keyspace events, a huge negative SRANDMEMBER count against the
// output buffer limit, and used_memory of big sets against Redis's.

import Foundation
import Glibc
import RESP
import Testing

enum SetFamilyTesting {
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

    /// SSCAN replies compared on the cursor and the multiset of members.
    static let sameScanContents = Comparison.custom { expected, actual in
        guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual) else { return false }
        guard case .array(let ee) = e, case .array(let aa) = a, ee.count == 2, aa.count == 2 else { return e == a }
        guard ee[0] == aa[0], case .array(let ei) = ee[1], case .array(let ai) = aa[1] else { return false }
        func counts(_ items: [RESPValue]) -> [[UInt8]: Int] {
            var out: [[UInt8]: Int] = [:]
            for i in items { out[i.bytes ?? [], default: 0] += 1 }
            return out
        }
        return counts(ei) == counts(ai)
    }

    /// Random replies (SRANDMEMBER, SPOP) compared by shape: the same RESP types and sizes
    /// (or the same error), and distinct members when `distinct`.
    static func sameRandomShape(distinct: Bool) -> Comparison {
        .custom { expected, actual in
            guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual) else { return false }
            func shape(_ v: RESPValue) -> String {
                switch v {
                case .array(let items): return "[" + items.map(shape).joined(separator: ",") + "]"
                case .set(let items): return "~[" + items.map(shape).joined(separator: ",") + "]"
                case .bulk: return "b"
                case .null: return "n"
                case .error(let m): return "e" + String(decoding: m, as: UTF8.self)
                default: return "?"
                }
            }
            guard shape(e) == shape(a) else { return false }
            guard distinct, let items = a.elements else { return true }
            let members = items.compactMap(\.bytes)
            return Set(members).count == members.count
        }
    }

    /// DEBUG OBJECT compared on the fields that do not depend on the process (the address
    /// and the LRU clock do): refcount, encoding, serializedlength.
    static let sameDebugObjectFields = Comparison.custom { expected, actual in
        func fields(_ frame: [UInt8]) -> [Substring] {
            String(decoding: frame, as: UTF8.self).split(separator: " ").filter {
                $0.hasPrefix("refcount:") || $0.hasPrefix("encoding:") || $0.hasPrefix("serializedlength:")
            }
        }
        return fields(expected).count == 3 && fields(expected) == fields(actual)
    }

    static func usedMemory(_ c: RawConnection) throws -> Int {
        let info = String(decoding: try c.command("INFO", "memory").bytes ?? [], as: UTF8.self)
        guard let line = info.split(separator: "\r\n").first(where: { $0.hasPrefix("used_memory:") }) else { return 0 }
        return Int(line.dropFirst("used_memory:".count)) ?? 0
    }

    static func strings(_ v: RESPValue) -> [String] {
        (v.elements ?? []).compactMap { $0.bytes.map { String(decoding: $0, as: UTF8.self) } }
    }
}

@Suite("Sets", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct SetTests {
    typealias T = SetFamilyTesting

    static let script: [DiffStep] = [
        // SADD / SCARD / SISMEMBER / SMISMEMBER, duplicates, encodings of the first member.
        ["SADD", "s", "1", "2", "3"], ["SADD", "s", "3", "2", "4"], ["SADD", "s"], ["SCARD", "s"],
        ["OBJECT", "ENCODING", "s"], ["TYPE", "s"], ["SMEMBERS", "s"],
        ["SADD", "dup", "a", "a", "b", "a"], ["SCARD", "dup"], ["OBJECT", "ENCODING", "dup"],
        ["SISMEMBER", "s", "1"], ["SISMEMBER", "s", "9"], ["SISMEMBER", "s", "01"], ["SISMEMBER", "nokey", "1"],
        ["SISMEMBER", "s"], ["SISMEMBER", "s", "1", "2"],
        ["SMISMEMBER", "s", "1", "9", "4", "x"], ["SMISMEMBER", "nokey", "1", "2"], ["SMISMEMBER", "s"],
        ["SCARD", "nokey"], ["SCARD", "s", "x"], ["SMEMBERS", "nokey"], ["SMEMBERS", "s", "x"],
        // Integers as Redis's string2ll sees them: only canonical forms stay in an intset.
        ["SADD", "i1", "-9223372036854775808", "9223372036854775807", "0", "-1", "32767", "-32768", "2147483648"],
        ["OBJECT", "ENCODING", "i1"], ["SMEMBERS", "i1"],
        ["SADD", "i2", "01"], ["OBJECT", "ENCODING", "i2"], ["SADD", "i3", "+1"], ["OBJECT", "ENCODING", "i3"],
        ["SADD", "i4", "-0"], ["OBJECT", "ENCODING", "i4"], ["SADD", "i5", " 1"], ["OBJECT", "ENCODING", "i5"],
        ["SADD", "i6", "9223372036854775808"], ["OBJECT", "ENCODING", "i6"], ["SADD", "i7", ""], ["OBJECT", "ENCODING", "i7"],
        ["SADD", "i8", "1", "x"], ["OBJECT", "ENCODING", "i8"], ["SADD", "i9", "x", "1"], ["OBJECT", "ENCODING", "i9"],
        ["SISMEMBER", "i1", "-9223372036854775808"], ["SISMEMBER", "i1", "9223372036854775808"], ["SISMEMBER", "i8", "1"],
        ["SREM", "i1", "-9223372036854775808", "-0", "x"], ["SMEMBERS", "i1"],
        // Empty strings, NUL and CR LF, binary.
        ["SADD", "e", ""], ["SISMEMBER", "e", ""], ["SMEMBERS", "e"], ["SREM", "e", ""], ["EXISTS", "e"],
        ["SADD", "nul", "a\u{0}b", "c\r\nd"], ["SISMEMBER", "nul", "a\u{0}b"], ["SISMEMBER", "nul", "a"], ["SMEMBERS", "nul"],
        T.binary([Array("SADD".utf8), Array("bin".utf8), [0, 255, 128, 13, 10], [255, 254, 0]], label: "SADD bin <binary>"),
        .raw(RESPFramer.encode([Array("SMEMBERS".utf8), Array("bin".utf8)]), label: "SMEMBERS bin", compare: .unordered),
        // SREM, deleting the key with its last member (and stopping there).
        ["SREM", "s", "nope"], ["SREM", "s", "1", "1", "nope", "2"], ["SREM", "nokey", "a"], ["SREM", "s"],
        ["SREM", "dup", "a", "b", "c"], ["EXISTS", "dup"], ["SMEMBERS", "s"],
        // SPOP: count parsing before the lookup, deterministic cases only.
        ["SPOP", "s", "-1"], ["SPOP", "s", "a"], ["SPOP", "s", "1.5"], ["SPOP", "s", "9223372036854775808"],
        ["SPOP", "nokey", "-1"], ["SPOP", "s", "0"], ["SPOP", "nokey", "0"], ["SPOP", "nokey", "5"], ["SPOP", "nokey"],
        ["SPOP", "s", "1", "2"], ["SPOP", "s", "9223372036854775807"], ["EXISTS", "s"],
        ["SADD", "one", "only"], ["SPOP", "one"], ["EXISTS", "one"], ["SADD", "one", "7"], ["SPOP", "one", "1"],
        ["SADD", "p", "5", "3", "9", "1"], ["SPOP", "p", "4"], ["EXISTS", "p"],
        // SRANDMEMBER: count in [-LONG_MAX, LONG_MAX]; whole set when not smaller.
        ["SADD", "r", "1", "2", "3"], ["SRANDMEMBER", "r", "-9223372036854775808"],
        ["SRANDMEMBER", "nokey", "-9223372036854775808"], ["SRANDMEMBER", "r", "x"], ["SRANDMEMBER", "r", "1.5"],
        ["SRANDMEMBER", "r", "9223372036854775808"], ["SRANDMEMBER", "r", "1", "2"],
        ["SRANDMEMBER", "nokey"], ["SRANDMEMBER", "nokey", "5"], ["SRANDMEMBER", "nokey", "-5"], ["SRANDMEMBER", "nokey", "0"],
        ["SRANDMEMBER", "r", "0"], ["SRANDMEMBER", "r", "3"], ["SRANDMEMBER", "r", "10"],
        ["SRANDMEMBER", "r", "9223372036854775807"],
        DiffStep(["SRANDMEMBER", "r", "2"], compare: T.sameRandomShape(distinct: true)),
        DiffStep(["SRANDMEMBER", "r", "-5"], compare: T.sameRandomShape(distinct: false)),
        DiffStep(["SRANDMEMBER", "r"], compare: T.sameRandomShape(distinct: false)),
        ["SADD", "one", "x"], ["SRANDMEMBER", "one"], ["SRANDMEMBER", "one", "-3"], ["SRANDMEMBER", "one", "1"],
        // SMOVE: missing source first, then types; same key; new destination; emptied source.
        ["SET", "str", "x"], ["SMOVE", "nosrc", "str", "m"], ["SMOVE", "str", "nosrc", "m"], ["SMOVE", "r", "str", "1"],
        ["SMOVE", "r", "r", "1"], ["SMOVE", "r", "r", "9"], ["SMOVE", "nosrc", "nosrc", "1"],
        ["SMOVE", "r", "m1", "1"], ["OBJECT", "ENCODING", "m1"], ["SMOVE", "r", "m1", "1"], ["SMOVE", "r", "m1", "2"],
        ["SMOVE", "r", "m2", "3"], ["EXISTS", "r"], ["SMEMBERS", "m1"], ["SMEMBERS", "m2"],
        ["SADD", "m3", "3"], ["SMOVE", "m2", "m3", "3"], ["EXISTS", "m2"], ["SMEMBERS", "m3"],
        ["SADD", "w", "word"], ["SMOVE", "w", "m3", "word"], ["OBJECT", "ENCODING", "m3"], ["SMEMBERS", "m3"],
        // SINTERCARD: numkeys, then the argument count, then LIMIT, then the types.
        ["SADD", "a", "1", "2", "3", "4", "5"], ["SADD", "b", "2", "3", "4", "x"], ["SADD", "c", "4", "5", "3"],
        ["SINTERCARD", "0", "a"], ["SINTERCARD", "-1", "a"], ["SINTERCARD", "x", "a"], ["SINTERCARD", "3", "a", "b"],
        ["SINTERCARD", "9223372036854775808", "a"], ["SINTERCARD", "2147483648", "a"],
        ["SINTERCARD", "1", "a", "LIMIT", "-1"], ["SINTERCARD", "1", "a", "LIMIT", "x"], ["SINTERCARD", "1", "a", "LIMITX", "1"],
        ["SINTERCARD", "1", "a", "LIMIT"], ["SINTERCARD", "1", "a", "foo"], ["SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "0"],
        ["SINTERCARD", "2", "a", "str"], ["SINTERCARD", "2", "nokey", "str"], ["SINTERCARD", "2", "a", "nokey"],
        ["SINTERCARD", "2", "str", "a", "foo"], ["SINTERCARD", "1", "a"], ["SINTERCARD", "3", "a", "b", "c"],
        ["SINTERCARD", "3", "a", "b", "c", "LIMIT", "1"], ["SINTERCARD", "3", "a", "b", "c", "limit", "0"],
        ["SINTERCARD", "2", "a", "a", "LIMIT", "3"], ["SINTERCARD"], ["SINTERCARD", "1"],
        // SINTER / SUNION / SDIFF: missing keys are empty sets, every key is type-checked.
        ["SINTER", "a", "b"], ["SINTER", "a", "b", "c"], ["SINTER", "c", "a"], ["SINTER", "a", "nokey"],
        ["SINTER", "nokey", "str"], ["SINTER", "a", "str"], ["SINTER", "a", "a"], ["SINTER", "a"],
        ["SUNION", "a", "b"], ["SUNION", "a", "c"], ["SUNION", "nokey", "a"], ["SUNION", "nokey", "str"], ["SUNION", "nokey"],
        ["SDIFF", "a", "b"], ["SDIFF", "a", "c"], ["SDIFF", "a", "b", "c"], ["SDIFF", "nokey", "a"], ["SDIFF", "a", "nokey"],
        ["SDIFF", "nokey", "str"], ["SDIFF", "a", "str"], ["SDIFF", "a", "a"], ["SDIFF", "b", "a"],
        // The STORE forms: the result replaces the destination (and its TTL), or deletes it.
        ["SINTERSTORE", "d", "a", "b"], ["SMEMBERS", "d"], ["OBJECT", "ENCODING", "d"],
        ["EXPIRE", "d", "100"], ["SUNIONSTORE", "d", "a", "c"], ["TTL", "d"], ["SMEMBERS", "d"],
        ["SDIFFSTORE", "d", "a", "c"], ["SMEMBERS", "d"], ["SINTERSTORE", "d", "a", "nokey"], ["EXISTS", "d"],
        ["SUNIONSTORE", "d", "nokey"], ["SDIFFSTORE", "d", "a", "a"], ["EXISTS", "d"],
        ["SINTERSTORE", "str", "a", "str"], ["TYPE", "str"], ["SINTERSTORE", "str", "c", "c"], ["TYPE", "str"],
        ["SET", "str2", "x"], ["SUNIONSTORE", "str2", "nokey"], ["EXISTS", "str2"],
        ["SDIFFSTORE", "a", "a", "c"], ["SMEMBERS", "a"], ["SUNIONSTORE", "b", "b", "a"], ["SMEMBERS", "b"],
        ["SINTERSTORE", "d"], ["SUNIONSTORE", "d"], ["SDIFFSTORE", "d"],
        // SSCAN: cursor before key, options after; an intset returns everything at once.
        ["SSCAN", "c", "0"], ["SSCAN", "c", "abc"], ["SSCAN", "nokey", "abc"], ["SSCAN", "nokey", "0", "COUNT", "0"],
        ["SSCAN", "nokey", "0", "COUNT", "x"], ["SSCAN", "c", "0", "COUNT", "0"], ["SSCAN", "c", "0", "COUNT", "-1"],
        ["SSCAN", "c", "0", "COUNT", "x"], ["SSCAN", "c", "0", "MATCH", "4"], ["SSCAN", "c", "0", "MATCH", "*", "COUNT", "1"],
        ["SSCAN", "c", "0", "MATCH"], ["SSCAN", "c", "0", "TYPE", "string"], ["SSCAN", "nokey", "0", "TYPE", "x"],
        ["SSCAN", "c", "5"], ["SSCAN", "c", "18446744073709551615"], ["SSCAN", "c", "18446744073709551616"],
        ["SSCAN", "c", "-1"], ["SSCAN", "c", "+0"], ["SSCAN", "c", ""], ["SSCAN", "c", " 0"], ["SSCAN", "c", "0\u{0}x"],
        ["SSCAN", "c", "0", "count\u{0}", "5"], ["SSCAN", "c", "0", "COUNT", "5\u{0}"], ["SSCAN", "c"],
        ["SSCAN", "i1", "0", "MATCH", "-*"], DiffStep(["SSCAN", "nul", "0", "COUNT", "100"], compare: T.sameScanContents),
        DiffStep(["SSCAN", "m3", "0", "MATCH", "w*", "COUNT", "100"], compare: T.sameScanContents),
        // Wrong types: every command against a string.
        ["SET", "str", "x"], ["SADD", "str", "a"], ["SREM", "str", "a"], ["SMEMBERS", "str"], ["SISMEMBER", "str", "a"],
        ["SMISMEMBER", "str", "a"], ["SCARD", "str"], ["SPOP", "str"], ["SPOP", "str", "0"], ["SPOP", "str", "2"],
        ["SPOP", "str", "-1"], ["SRANDMEMBER", "str"], ["SRANDMEMBER", "str", "0"], ["SRANDMEMBER", "str", "x"],
        ["SINTER", "str"], ["SUNION", "str"], ["SDIFF", "str"], ["SSCAN", "str", "0"], ["SSCAN", "str", "x"],
        ["GET", "c"], ["APPEND", "c", "x"], ["HSET", "c", "f", "v"],
        ["SINTERCARD", "1", "c", "limit\u{0}x", "1"], ["SINTERCARD", "1", "c", "LIMIT", "1\u{0}"],
        // A hashtable-encoded set: contents compared as multisets.
        ["SADD", "ht", "a", "1", "b", "2", "c"], ["OBJECT", "ENCODING", "ht"], ["SMEMBERS", "ht"], ["SCARD", "ht"],
        DiffStep(["SSCAN", "ht", "0", "COUNT", "100"], compare: T.sameScanContents),
        DiffStep(["SSCAN", "ht", "0", "MATCH", "[ab12]", "COUNT", "100"], compare: T.sameScanContents),
        DiffStep(["SPOP", "ht", "10"], compare: .unordered), ["EXISTS", "ht"],
        ["DEBUG", "DIGEST"], ["DEBUG", "DIGEST-VALUE", "a", "b", "c", "i1", "nul", "bin", "m3"],
        DiffStep(["DEBUG", "OBJECT", "a"], compare: T.sameDebugObjectFields),
        DiffStep(["DEBUG", "OBJECT", "m3"], compare: T.sameDebugObjectFields),
    ]

    @Test func scriptedDifferentialRESP2() throws {
        try T.differential().check(Self.script)
    }

    @Test func scriptedDifferentialRESP3() throws {
        try T.differential(resp3: true).check(Self.script)
    }

    // MARK: encodings

    @Test func encodingTransitions() throws {
        var steps: [DiffStep] = []
        func enc(_ key: String) { steps.append(["OBJECT", "ENCODING", key]) }
        // 512 integers stay an intset; the 513th converts, and so does one SADD of 513.
        steps.append(DiffStep(["SADD", "big"] + (0..<512).map { String($0 * 7 - 1000) }))
        enc("big")
        steps.append(["SADD", "big", "-1000"])
        enc("big")
        steps.append(["SADD", "big", "1000000"])
        enc("big")
        steps.append(DiffStep(["SADD", "big2"] + (0..<513).map(String.init)))
        enc("big2")
        // Removing never converts back.
        steps.append(DiffStep(["SREM", "big2"] + (0..<510).map(String.init)))
        enc("big2")
        steps.append(["SMEMBERS", "big2"])
        // A non-integer converts; its removal does not convert back.
        steps += [["SADD", "n", "1", "2"], ["SADD", "n", "x"]]
        enc("n")
        steps += [["SREM", "n", "x"]]
        enc("n")
        // STORE results: built from an intset; SDIFF's first algorithm only adds, its second
        // copies the first set (converting past the limit) and then removes.
        steps.append(DiffStep(["SADD", "k600"] + (0..<600).map(String.init)))
        steps.append(DiffStep(["SADD", "k500"] + (100..<600).map(String.init)))
        steps += [["SADD", "small", "1", "2", "3"], ["SADD", "one", "1"], ["SADD", "mixed", "a", "1", "2"], ["SADD", "aa", "a"],
                  ["SADD", "m13", "a", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]]
        for (dst, args) in [("d1", ["SDIFFSTORE", "k600", "k500"]), ("d2", ["SDIFFSTORE", "k600", "small"]),
                            ("d3", ["SDIFFSTORE", "mixed", "aa"]), ("d4", ["SDIFFSTORE", "m13", "aa"]),
                            ("d5", ["SDIFFSTORE", "m13", "one"]), ("d6", ["SDIFFSTORE", "k600", "k500", "one", "one"]),
                            ("d7", ["SDIFFSTORE", "m13", "aa", "aa", "aa", "aa"]), ("d8", ["SDIFFSTORE", "mixed", "aa", "aa", "aa", "aa"]),
                            ("i1", ["SINTERSTORE", "k600", "k500"]), ("i2", ["SINTERSTORE", "mixed", "small"]),
                            ("i3", ["SINTERSTORE", "mixed", "aa"]), ("u1", ["SUNIONSTORE", "small", "k500"]),
                            ("u2", ["SUNIONSTORE", "small", "k600"]), ("u3", ["SUNIONSTORE", "small", "aa"])] {
            steps.append(DiffStep([args[0], dst] + args.dropFirst()))
            enc(dst)
            steps.append(["SCARD", dst])
        }
        steps += [["SMEMBERS", "d3"], ["SMEMBERS", "d8"], ["SMEMBERS", "i2"], ["SINTER", "k600", "small"],
                  ["SDIFF", "small", "one"], ["SUNION", "one", "small"], ["SDIFF", "k600", "k500"]]
        // CONFIG SET: a lower limit converts at the next successful insert only.
        steps += [["SADD", "c1", "1", "2", "3", "4"], ["CONFIG", "SET", "set-max-intset-entries", "2"]]
        enc("c1")
        steps += [["SADD", "c1", "1"]]
        enc("c1")
        steps += [["SADD", "c1", "5"]]
        enc("c1")
        steps += [["SADD", "c2", "1", "2"]]
        enc("c2")
        steps += [["SADD", "c3", "1", "2", "3"]]
        enc("c3")
        steps += [["SUNIONSTORE", "c4", "small"]]
        enc("c4")
        steps += [["SADD", "c5", "1"], ["SMOVE", "small", "c5", "2"]]
        enc("c5")
        steps += [["SMOVE", "small", "c5", "3"]]
        enc("c5")
        steps += [["SMOVE", "small", "c6", "1"]]
        enc("c6")
        // SPOP rebuilding the kept members into a fresh set under a lowered limit.
        steps += [["CONFIG", "SET", "set-max-intset-entries", "512"],
                  DiffStep(["SADD", "sp1"] + (0..<10).map(String.init)), DiffStep(["SADD", "sp2"] + (0..<10).map(String.init)),
                  DiffStep(["SADD", "sp3"] + (0..<100).map(String.init)),
                  DiffStep(["SADD", "sp4"] + (0..<10).map(String.init)),
                  DiffStep(["SADD", "sp5"] + (0..<100).map(String.init)),
                  ["CONFIG", "SET", "set-max-intset-entries", "3"],
                  DiffStep(["SPOP", "sp1", "2"], compare: T.sameRandomShape(distinct: true)),
                  DiffStep(["SPOP", "sp2", "4"], compare: T.sameRandomShape(distinct: true)),
                  DiffStep(["SPOP", "sp3", "10"], compare: T.sameRandomShape(distinct: true)),
                  DiffStep(["SPOP", "sp4", "8"], compare: T.sameRandomShape(distinct: true)),
                  DiffStep(["SPOP", "sp5", "90"], compare: T.sameRandomShape(distinct: true))]
        for k in ["sp1", "sp2", "sp3", "sp4", "sp5"] {
            enc(k)
            steps.append(["SCARD", k])
        }
        // Limit 0: every set is a hashtable from its first member.
        steps += [["CONFIG", "SET", "set-max-intset-entries", "0"], ["SADD", "z", "1"]]
        enc("z")
        steps += [["SINTERSTORE", "z2", "big", "big"]]
        enc("z2")
        // Everything but the randomly popped sets is the same on both sides.
        steps += [["DEL", "sp1", "sp2", "sp3", "sp4", "sp5"], ["DEBUG", "DIGEST"]]
        try T.differential().check(steps)
    }

    // MARK: random sequences

    static let memberPool = [
        "0", "1", "2", "3", "-1", "17", "100", "-32768", "32767", "65536", "-2147483649", "9223372036854775807",
        "-9223372036854775808", "01", "+5", "-0", "9223372036854775808", "", "a", "b", "c", "hello", "x y",
        String(repeating: "m", count: 40), "a\u{0}b",
    ]

    /// Random set commands on a few keys. SPOP only where its result is deterministic (a
    /// count no set can reach), so both servers keep the same contents.
    static func randomSetStep(_ r: inout SeededRandom, _ index: Int) -> DiffStep {
        let keys = ["s0", "s1", "s2", "s3"]
        func key() -> String { r.chance(0.97) ? r.pick(keys) : "str" }
        func member() -> String {
            switch r.int(in: 0..<10) {
            case 0...5: return r.pick(memberPool)
            case 6...8: return String(r.int(in: -40...40))
            default: return "m\(r.int(in: 0..<30))"
            }
        }
        func members(_ n: ClosedRange<Int>) -> [String] { (0..<r.int(in: n)).map { _ in member() } }
        func someKeys() -> [String] { (0..<r.int(in: 1...3)).map { _ in key() } }
        switch r.int(in: 0..<34) {
        case 0...5: return DiffStep(["SADD", key()] + members(1...5))
        case 6, 7: return DiffStep(["SREM", key()] + members(1...4))
        case 8: return ["SISMEMBER", key(), member()]
        case 9: return DiffStep(["SMISMEMBER", key()] + members(1...4))
        case 10: return ["SCARD", key()]
        case 11: return ["SMEMBERS", key()]
        case 12: return DiffStep(["SINTER"] + someKeys())
        case 13: return DiffStep(["SUNION"] + someKeys())
        case 14: return DiffStep(["SDIFF"] + someKeys())
        case 15: return DiffStep(["SINTERSTORE", key()] + someKeys())
        case 16: return DiffStep(["SUNIONSTORE", key()] + someKeys())
        case 17, 18: return DiffStep(["SDIFFSTORE", key()] + someKeys())
        case 19:
            let ks = someKeys()
            var args = ["SINTERCARD", String(ks.count)] + ks
            if r.chance(0.5) { args += ["LIMIT", String(r.int(in: 0...4))] }
            return DiffStep(args)
        case 20, 21: return ["SMOVE", key(), key(), member()]
        case 22: return DiffStep(["SPOP", key(), "100000"], compare: .unordered)
        case 23:
            let n = r.int(in: -6...6)
            return DiffStep(["SRANDMEMBER", key(), String(n)], compare: T.sameRandomShape(distinct: n > 0))
        case 24, 25: return ["OBJECT", "ENCODING", key()]
        case 26: return DiffStep(["SSCAN", key(), "0", "COUNT", "1000"], compare: T.sameScanContents)
        case 27: return ["DEBUG", "DIGEST-VALUE", key()]
        case 28: return r.chance(0.3) ? ["DEL", key()] : ["EXISTS", key()]
        case 29: return ["TYPE", key()]
        case 30: return ["DEBUG", "DIGEST"]
        case 31: return DiffStep(["SRANDMEMBER", key(), "1000"], compare: .unordered)
        case 32: return ["SET", "str", "v"]
        default: return ["SISMEMBER", key(), member()]
        }
    }

    /// A small intset limit, so that the keys convert to hashtables along the way.
    @Test(arguments: zip([UInt64(0x5345_5401), 0x5345_5402], [false, true]))
    func randomSequences(seed: UInt64, resp3: Bool) throws {
        let d = T.differential(resp3: resp3, extra: ["--set-max-intset-entries", "8"])
        try d.checkRandom(seed: seed, count: 1500, Self.randomSetStep)
    }

    @Test func randomSequencesDefaultLimit() throws {
        try T.differential().checkRandom(seed: 0x5345_5403, count: 1000, Self.randomSetStep)
    }

    // MARK: targeted

    /// A full SSCAN of a hashtable-encoded set returns every member present throughout,
    /// while other members come and go (growing and shrinking the table).
    @Test func scanCoversAllMembersWhileChanging() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect()
        let stable = 3000
        try c.send(command: ["SADD", "big"] + (0..<stable).map { "s\($0)" })
        _ = try c.readReply()
        #expect(try c.command("OBJECT", "ENCODING", "big") == .bulk("hashtable"))
        var seen = Set<String>()
        var cursor = "0"
        var rounds = 0
        repeat {
            let reply = try c.command("SSCAN", "big", cursor, "COUNT", "50")
            guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].bytes,
                  case .array(let items) = parts[1] else {
                Issue.record("bad SSCAN reply \(reply)")
                return
            }
            for i in items { seen.insert(String(decoding: i.bytes ?? [], as: UTF8.self)) }
            cursor = String(decoding: next, as: UTF8.self)
            // Churn: grow for a while (the table doubles), then remove everything added.
            if rounds < 40 {
                try c.send(command: ["SADD", "big"] + (0..<100).map { "c\(rounds * 100 + $0)" })
            } else {
                try c.send(command: ["SREM", "big"] + (0..<100).map { "c\((rounds - 40) * 100 + $0)" })
            }
            _ = try c.readReply()
            rounds += 1
        } while cursor != "0" && rounds < 10_000
        #expect(cursor == "0")
        #expect((0..<stable).allSatisfy { seen.contains("s\($0)") })
        // An intset ignores the cursor and returns everything with cursor 0.
        try c.send(command: ["SADD", "ints"] + (0..<300).map(String.init))
        _ = try c.readReply()
        let whole = try c.command("SSCAN", "ints", "12345", "COUNT", "1")
        #expect(whole.elements?.first == .bulk("0"))
        #expect(whole.elements?.last?.elements?.count == 300)
    }

    /// SRANDMEMBER and SPOP on both encodings: a negative count gives exactly |count|
    /// members (repeats allowed), a positive count distinct members (all of them when not
    /// smaller than the set); SPOP removes exactly what it returns, and the key with the
    /// last member.
    @Test func randomMemberSampling() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect()
        for (key, n, prefix) in [("small", 20, ""), ("large", 600, ""), ("words", 300, "w")] {
            try c.send(command: ["SADD", key] + (0..<n).map { "\(prefix)\($0)" })
            _ = try c.readReply()
            func valid(_ m: String) -> Bool { m.hasPrefix(prefix) && Int(m.dropFirst(prefix.count)).map { $0 < n } ?? false }
            let repeated = T.strings(try c.command("SRANDMEMBER", key, "-2000"))
            #expect(repeated.count == 2000)
            #expect(Set(repeated).count > n / 2)
            #expect(repeated.allSatisfy(valid))
            for count in [1, 5, n / 3, n / 3 + 1, n - 1, n, n + 10] {
                let got = T.strings(try c.command("SRANDMEMBER", key, String(count)))
                #expect(got.count == min(count, n))
                #expect(Set(got).count == got.count)
                #expect(got.allSatisfy(valid))
            }
            var left = Set((0..<n).map { "\(prefix)\($0)" })
            for count in [1, n / 10, n / 2] {
                let popped = T.strings(try c.command("SPOP", key, String(count)))
                #expect(popped.count == count)
                #expect(Set(popped).count == count)
                for p in popped { #expect(left.remove(p) != nil) }
                #expect(try c.command("SCARD", key) == .integer(Int64(left.count)))
            }
            if let single = try c.command("SPOP", key).bytes {
                #expect(left.remove(String(decoding: single, as: UTF8.self)) != nil)
            }
            let rest = T.strings(try c.command("SPOP", key, String(n)))
            #expect(Set(rest) == left)
            #expect(try c.command("EXISTS", key) == .integer(0))
        }
    }

    /// Keyspace events match Redis's (names, keys and order) for every write, including
    /// SMOVE's pair and the "del" of an emptied set or an empty STORE result.
    @Test func keyspaceEventsMatchRedis() throws {
        let script: [[String]] = [
            ["SADD", "s", "1", "2", "3"], ["SADD", "s", "1"], ["SREM", "s", "9"], ["SREM", "s", "1", "2", "3", "4"],
            ["SADD", "s", "1", "2", "3"], ["SPOP", "s"], ["SPOP", "s", "0"], ["SPOP", "s", "5"],
            ["SADD", "s", "1", "2", "3"], ["SMOVE", "s", "d", "1"], ["SMOVE", "s", "d", "1"], ["SMOVE", "s", "d", "2"],
            ["SMOVE", "s", "d", "3"], ["SADD", "e", "3"], ["SMOVE", "d", "e", "3"], ["SADD", "d", "5"],
            ["SINTERSTORE", "x", "d", "e"], ["SINTERSTORE", "x", "d", "nokey"], ["SUNIONSTORE", "x", "d", "e"],
            ["SDIFFSTORE", "x", "d", "d"], ["SADD", "a", "1"], ["SDIFFSTORE", "a", "a"],
            ["SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], ["SPOP", "s", "3"], ["SPOP", "s", "9"],
            ["SADD", "one", "1"], ["SPOP", "one"], ["SADD", "t", "1"], ["SMOVE", "t", "t", "1"],
            ["SINTERSTORE", "t", "nokey"], ["SUNIONSTORE", "u", "nokey"],
        ]
        var logs: [String: [String]] = [:]
        for name in ["redis", "structd"] {
            let server = try name == "redis" ? ServerProcess.redis() : ServerProcess.structd()
            defer { server.stop() }
            let sub = try server.connect()
            let probe = try sub.command("PSUBSCRIBE", "__keyevent@0__:*")
            if case .error = probe {
                // No pub/sub in this build yet: nothing to compare.
                return
            }
            let c = try server.connect()
            _ = try c.command("CONFIG", "SET", "notify-keyspace-events", "KEA")
            var log: [String] = []
            for command in script {
                _ = try c.command(command)
                _ = try c.command("PING")  // events of the command are published before this reply
                var events: [String] = []
                while let bytes = try? sub.readReplyBytes(timeout: .milliseconds(100)),
                      let frame = try? RESPValue.decode(bytes), let parts = frame.elements, parts.count == 4 {
                    let channel = String(decoding: parts[2].bytes ?? [], as: UTF8.self)
                    let key = String(decoding: parts[3].bytes ?? [], as: UTF8.self)
                    events.append("\(channel.split(separator: ":").last ?? "") \(key)")
                }
                log.append(command.joined(separator: " ") + " -> " + events.joined(separator: ", "))
            }
            logs[name] = log
        }
        #expect(logs["structd"] == logs["redis"])
    }

    /// A huge negative SRANDMEMBER count writes until the output buffer limit closes the
    /// client; the server stays responsive and the set is untouched.
    @Test func hugeNegativeCountStopsAtTheOutputLimit() throws {
        let server = try ServerProcess.structd(args: ["--client-output-buffer-limit", "normal 1mb 1mb 0"])
        defer { server.stop() }
        let c = try server.connect()
        _ = try c.command("SADD", "s", "a", "b", "c")
        try c.send(command: ["SRANDMEMBER", "s", "-9223372036854775807"])
        #expect(c.isClosedByPeer(timeout: .seconds(20)))
        let other = try server.connect()
        #expect(try other.command("SCARD", "s") == .integer(3))
    }

    /// used_memory after 200 000 members, hashtable (short strings) and intset (limit
    /// raised), is at most Redis's.
    @Test func bigSetMemoryAtMostRedis() throws {
        let members = 200_000
        for kind in ["hashtable", "intset"] {
            var growth: [String: Int] = [:]
            for name in ["redis", "structd"] {
                let server = try name == "redis" ? ServerProcess.redis() : ServerProcess.structd()
                defer { server.stop() }
                let c = try server.connect()
                if kind == "intset" { _ = try c.command("CONFIG", "SET", "set-max-intset-entries", "1000000") }
                let before = try T.usedMemory(c)
                var sent = 0
                while sent < members {
                    let batch = min(1000, members - sent)
                    let names = (sent..<(sent + batch)).map { kind == "intset" ? String($0 * 3) : "member:\($0)" }
                    try c.send(command: ["SADD", "big"] + names)
                    _ = try c.readReply()
                    sent += batch
                }
                #expect(try c.command("SCARD", "big") == .integer(Int64(members)))
                #expect(try c.command("OBJECT", "ENCODING", "big") == .bulk(kind))
                growth[name] = try T.usedMemory(c) - before
            }
            let ours = growth["structd"] ?? .max, theirs = growth["redis"] ?? 0
            #expect(ours <= theirs, "\(kind): used_memory growth structd \(ours) bytes, redis \(theirs) bytes")
        }
    }
}
