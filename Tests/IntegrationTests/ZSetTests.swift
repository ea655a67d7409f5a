// Sorted set family tests (ZADD ZINCRBY ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZCOUNT
// ZLEXCOUNT ZRANGE ZRANGESTORE ZREVRANGE Z[REV]RANGEBYSCORE Z[REV]RANGEBYLEX ZREMRANGEBY*
// ZPOPMIN ZPOPMAX ZMPOP ZRANDMEMBER ZUNION[STORE] ZINTER[STORE] ZINTERCARD ZDIFF[STORE]
// ZSCAN) against redis-server 7.0.15, byte for byte:
//   - a scripted differential over every command, option and error case, in RESP2 and RESP3
//     (the WITHSCORES and pop replies differ between the two), with DEBUG DIGEST checks;
//   - seeded random sequences over three keys, replies compared one by one, with thresholds
//     lowered on both servers so sets cross between encodings all the time, and lex-only
//     sequences (equal scores) for the BYLEX commands;
//   - OBJECT ENCODING at the thresholds, after CONFIG SET of them, after the STORE commands;
//   - the dirty counter and keyspace hit/miss counters after each kind of command;
//   - binary members (every byte value, empty, NUL, CR LF).
// Targeted tests cover what a differential run cannot compare directly: the random picks of
// ZRANDMEMBER (sizes, membership, uniqueness), ZSCAN of the big encoding (its order follows
// our hash, so only completeness and shape are compared), and rank operations on a set of
// 200,000 members staying logarithmic.

import Foundation
import Glibc
import RESP
import Testing

enum ZSetTesting {
    static let serverArgs = ["--enable-debug-command", "yes"]

    static func differential(resp3: Bool = false, extraArgs: [String] = []) -> Differential {
        var d = Differential(serverArgs: serverArgs + extraArgs)
        d.resp3 = resp3
        return d
    }

    /// Steps from lines of space-separated arguments ("..." groups an argument with spaces).
    static func steps(_ text: String) -> [DiffStep] {
        text.split(separator: "\n").compactMap { line -> DiffStep? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
            var args: [String] = []
            var current = ""
            var quoted = false
            var started = false
            for ch in trimmed {
                if ch == "\"" {
                    quoted.toggle()
                    started = true
                } else if ch == " " && !quoted {
                    if started { args.append(current) }
                    current = ""
                    started = false
                } else {
                    current.append(ch)
                    started = true
                }
            }
            if started { args.append(current) }
            return DiffStep(args, compare: args.first?.uppercased() == "ZSCAN" ? sameScanPairs : nil)
        }
    }

    /// A command whose arguments are arbitrary bytes.
    static func binary(_ arguments: [[UInt8]], label: String) -> DiffStep {
        .raw(RESPFramer.encode(arguments), label: label)
    }

    /// Two replies that are arrays of the same length (random picks).
    static let sameArrayLength = Comparison.custom { expected, actual in
        guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual) else { return false }
        switch (e, a) {
        case (.array(let x), .array(let y)): return x.count == y.count
        case (.bulk, .bulk), (.null, .null): return true
        case (.error(let x), .error(let y)): return x == y
        default: return expected == actual
        }
    }

    /// ZSCAN replies: the big encoding's order follows the hash function, so a finished scan
    /// (cursor 0 on both sides) is compared as a multiset of (member, score) pairs, and an
    /// unfinished one only for its shape. Errors and other replies compare exactly.
    static let sameScanPairs = Comparison.custom { expected, actual in
        guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual),
              case .array(let ea) = e, case .array(let aa) = a, ea.count == 2, aa.count == 2,
              case .array(let ei) = ea[1], case .array(let ai) = aa[1] else { return expected == actual }
        func pairs(_ items: [RESPValue]) -> [[UInt8]] {
            stride(from: 0, to: items.count - 1, by: 2).map { (items[$0].bytes ?? []) + [0] + (items[$0 + 1].bytes ?? []) }
                .sorted { $0.lexicographicallyPrecedes($1) }
        }
        if ea[0].string == "0" && aa[0].string == "0" { return pairs(ei) == pairs(ai) }
        return ei.count % 2 == 0 && ai.count % 2 == 0
    }
}

@Suite("SortedSets", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct ZSetTests {
    typealias T = ZSetTesting

    static let script: [DiffStep] = T.steps("""
        # ZADD and its options
        zadd z 1 a 2 b 3 c
        zadd z
        zadd z 1
        zadd z nx
        zadd z 1 a 2
        zadd z nx xx 1 a
        zadd z gt lt 1 a
        zadd z gt nx 1 a
        zadd z lt nx 1 a
        zadd z incr 1 a 2 b
        zadd z abc a
        zadd z 1 a abc b
        zadd z nan a
        zadd z inf a
        zadd z -inf b
        zadd z +inf c
        zadd z " 1" a
        zadd z "1 " a
        zadd z "" a
        zadd z 1e400 a
        zadd z 1e-400 a
        zadd z 0x10 a
        zadd z 1e5 d
        zadd z 5e-324 e
        zadd z -0 f
        zadd z 0.1 g 1.5 h -2.25 i 4611686018427387904 j 9223372036854775807 k
        zscore z f
        zscore z e
        zscore z g
        zscore z k
        zrange z 0 -1 withscores
        zadd z incr inf a
        zadd z incr -inf a
        zadd z incr 1 newm
        zadd z xx incr 1 nosuch
        zadd z nx incr 1 a
        zadd z xx ch 10 a 20 nosuch
        zadd z ch 10 a 20 b 30 new
        zadd z gt ch 5 a 50 b
        zadd z lt ch 5 a 50 b
        zadd z gt incr -1 a
        zadd z lt incr -1 a
        zadd z lt incr 1 a
        zadd z XX GT CH 60 b 1 c
        zincrby z 1 a
        zincrby z abc a
        zincrby z nx a
        zincrby z incr a
        zincrby z 1.5 zz
        zincrby nokey 2 m
        zincrby z inf a
        zincrby z -inf a
        zincrby z 0 newm
        zrange z 0 -1 withscores
        set str v
        zadd str 1 a
        zadd str xx 1 a
        zadd str abc a
        zincrby str 1 a
        zadd nokey xx 1 a
        zadd nokey xx incr 1 a
        exists nokey
        # ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZREM
        zcard z
        zcard nokey
        zcard str
        zscore z nosuch
        zscore nokey a
        zscore str a
        zmscore z a b nosuch
        zmscore nokey a b
        zmscore str a
        zrank z a
        zrank z nosuch
        zrank nokey a
        zrank str a
        zrevrank z a
        zrevrank z c
        zrevrank z a withscore
        zrem z a nosuch
        zrem z nosuch
        zrem nokey a
        zrem str a
        zrem z b c d e f g h i j k zz newm new
        exists z
        # ZCOUNT ZLEXCOUNT
        zadd z 0 a 0 b 0 c 0 d 0 e 0 f 0 g
        zcount z -inf +inf
        zcount z (0 0
        zcount z 0 (0
        zcount z abc 1
        zcount z 1 abc
        zcount z ( 1
        zcount z "" 1
        zcount z " 0" "0 "
        zcount z nan 1
        zcount z (nan 1
        zcount z -inf (inf
        zcount str 0 1
        zcount nokey 0 1
        zcount nokey x 1
        zlexcount z - +
        zlexcount z [b (e
        zlexcount z (b [e
        zlexcount z b e
        zlexcount z + -
        zlexcount z - -
        zlexcount z [a [a
        zlexcount z (a [a
        zlexcount z [ [
        zlexcount z +x -
        zlexcount nokey - +
        zlexcount str - +
        zlexcount nokey x +
        del z
        # the ZRANGE family
        zadd z 1 a 2 b 3 c 4 d 5 e 1.5 f -1 g inf h -inf i
        zrange z 0 -1
        zrange z 0 -1 withscores
        zrange z -3 -1 withscores
        zrange z 5 2
        zrange z -100 100
        zrange z 100 200
        zrange z 0 0 rev
        zrange z 0 2 rev withscores
        zrange z -9223372036854775808 9223372036854775807
        zrange z a b
        zrange z 0 1 limit 0 1
        zrange z 0 1 limit 0 -1
        zrange z 0 1 limit 0
        zrange z 0 1 limit a b
        zrange z 0 1 withscores bylex
        zrange z - + bylex withscores
        zrange z - + bylex
        zrange z 1 3 byscore
        zrange z (1 3 byscore withscores
        zrange z 3 1 byscore rev withscores
        zrange z -inf +inf byscore limit 2 3
        zrange z -inf +inf byscore limit -1 3
        zrange z -inf +inf byscore limit 2 -1
        zrange z -inf +inf byscore limit 2 0
        zrange z -inf +inf byscore limit 100 1
        zrange z +inf -inf byscore rev limit 1 2 withscores
        zrange z x y byscore
        zrange z 0 1 byscore bylex
        zrange z 0 1 rev rev
        zrange z 0 1 foo
        zrange z 0 1 withscores withscores
        zrange nokey 0 -1
        zrange nokey a b
        zrange str 0 -1
        zrange str a b
        zrevrange z 0 -1 withscores
        zrevrange z 0 1 rev
        zrevrange z 0 1 byscore
        zrevrange z 0 1 limit 0 1
        zrevrange z 0 1 limit 0 -1
        zrangebyscore z -inf +inf withscores
        zrangebyscore z 1 3 limit 1 1
        zrangebyscore z 1 3 rev
        zrangebyscore z 1 3 byscore
        zrangebyscore z 1 bad
        zrangebyscore z (1 (3
        zrangebyscore z (1 (1
        zrangebyscore z 3 1
        zrangebyscore z 1 3 limit 1
        zrevrangebyscore z 3 1 withscores
        zrevrangebyscore z 3 1 limit 1 10 withscores
        zrevrangebyscore z (3 (1
        zrevrangebyscore z +inf -inf
        zrangebylex z - +
        zrangebylex z - + withscores
        zrangebylex z [a [c limit 1 1
        zrangebylex z a c
        zrevrangebylex z + -
        zrevrangebylex z [c [a
        zrevrangebylex z [c [a limit 0 1
        del z
        zadd z 0 a 0 b 0 c 0 d 0 e 0 f 0 g
        zrangebylex z - +
        zrangebylex z [b [e
        zrangebylex z (b (e
        zrangebylex z [b (e limit 1 2
        zrevrangebylex z [e [b
        zrevrangebylex z (e (b limit 1 10
        zrange z [e [b bylex rev
        zrange z [b [e bylex limit 0 2
        zrange z (a [c bylex rev limit 0 1
        zrangebylex z + -
        zrangebylex z [z +
        zrangebylex z - [0
        zrangebylex z - (a
        zrangebylex z [a (a
        # ZRANGESTORE
        zrangestore dst z 0 2
        zrange dst 0 -1 withscores
        object encoding dst
        zrangestore dst z 0 2 withscores
        zrangestore dst z [b [d bylex
        zrange dst 0 -1
        zrangestore dst z 0 -1 byscore limit 1 2
        zrange dst 0 -1
        zrangestore dst z 5 1
        exists dst
        zrangestore dst nokey 0 -1
        zrangestore dst str 0 -1
        set dst2 x
        zrangestore dst2 z 0 1
        type dst2
        zrangestore dst2 z 0 1 rev
        zrange dst2 0 -1
        zrangestore dst2 nokey 0 1
        exists dst2
        zrangestore dst2 z 0 1 bylex
        zrangestore z z 1 2
        zrange z 0 -1
        # ZREMRANGEBYRANK / SCORE / LEX
        del z
        zadd z 1 a 2 b 3 c 4 d 5 e
        zremrangebyrank z 0 0
        zremrangebyrank z -1 -1
        zremrangebyrank z 10 20
        zremrangebyrank z a b
        zremrangebyrank nokey 0 1
        zremrangebyrank str 0 1
        zremrangebyrank z 0 -1
        exists z
        zadd z 1 a 2 b 3 c 4 d 5 e
        zremrangebyscore z (1 2
        zremrangebyscore z x 2
        zremrangebyscore z 100 200
        zremrangebyscore z -inf +inf
        exists z
        zremrangebyscore nokey x 1
        zadd z 0 a 0 b 0 c 0 d
        zremrangebylex z [b (d
        zremrangebylex z x y
        zremrangebylex z - +
        exists z
        zremrangebylex str - +
        zremrangebylex nokey - +
        # ZPOPMIN ZPOPMAX ZMPOP
        zadd z 1 a 2 b 3 c 4 d 5 e
        zpopmin z
        zpopmax z
        zpopmin z 2
        zpopmax z 0
        zpopmin z -1
        zpopmin z abc
        zpopmin z 1 2
        zpopmin z 10
        exists z
        zpopmin nokey
        zpopmin nokey 3
        zpopmin str
        zpopmin str 0
        zadd z 1 a 2 b 3 c 4 d 5 e
        zmpop 1 z min
        zmpop 1 z max count 2
        zmpop 2 nokey z min count 10
        zmpop 1 z min
        zmpop 0 z min
        zmpop -1 z min
        zmpop abc z min
        zmpop 1 z
        zmpop 1 z foo
        zmpop 2 z min
        zmpop 1 z min count 0
        zmpop 1 z min count -1
        zmpop 1 z min count abc
        zmpop 1 z min count 1 count 2
        zmpop 1 z min foo
        zmpop 1 str min
        zmpop 2 nokey str min
        zadd z 1 a
        zmpop 2 z str min
        zmpop 9223372036854775807 z min
        zmpop 9223372036854775806 z min
        zmpop 1 z min count
        zmpop 1 z MAX COUNT 1
        # ZUNION ZINTER ZDIFF and their STORE forms, ZINTERCARD
        zadd z1 1 a 2 b 3 c
        zadd z2 10 b 20 c 30 d
        zunion 2 z1 z2
        zunion 2 z1 z2 withscores
        zunion 2 z1 z2 weights 2 3 withscores
        zunion 2 z1 z2 weights 2 withscores
        zunion 2 z1 z2 weights 2 x
        zunion 2 z1 z2 aggregate min withscores
        zunion 2 z1 z2 aggregate max withscores
        zunion 2 z1 z2 aggregate foo
        zunion 2 z1 z2 aggregate
        zunion 2 z1 z2 weights 1 1 aggregate sum withscores foo
        zunion 0 z1
        zunion -1 z1
        zunion abc z1
        zunion 3 z1 z2
        zunion 1 nokey
        zunion 1 str
        zunion 2 z1 str
        zunion 2 str z1 weights x y
        zunion 2 z1 z2 weights inf -inf withscores
        zunion 2 z1 z1 withscores
        zunionstore dst 2 z1 z2
        zrange dst 0 -1 withscores
        object encoding dst
        zunionstore dst 2 z1 z2 withscores
        zunionstore dst 1 nokey
        exists dst
        zunionstore dst 0 z1
        zinter 2 z1 z2 withscores
        zinter 2 z1 z2 weights 1 2 aggregate max withscores
        zinter 2 z1 z1 weights 1 2 withscores
        zinter 2 z1 nokey
        zinter 1 z1 withscores
        zinterstore dst 2 z1 z2
        zrange dst 0 -1 withscores
        zinterstore dst 2 z1 nokey
        exists dst
        zinterstore dst 0 z1
        zintercard 2 z1 z2
        zintercard 2 z1 z2 limit 1
        zintercard 2 z1 z2 limit 0
        zintercard 2 z1 z2 limit -1
        zintercard 2 z1 z2 limit abc
        zintercard 2 z1 z2 withscores
        zintercard 2 z1 z2 weights 1 1
        zintercard 0 z1
        zintercard 3 z1 z2
        zintercard 1 nokey
        zdiff 2 z1 z2
        zdiff 2 z1 z2 withscores
        zdiff 2 z2 z1 withscores
        zdiff 2 z1 z1
        zdiff 1 z1 withscores
        zdiff 2 z1 z2 weights 1 1
        zdiff 2 z1 z2 aggregate sum
        zdiff 0 z1
        zdiff 2 nokey z1
        zdiffstore dst 2 z1 z2
        zrange dst 0 -1 withscores
        zdiffstore dst 2 z1 z1
        exists dst
        zdiffstore dst 0 z1
        zadd nan1 inf a
        zadd nan2 -inf a
        zunion 2 nan1 nan2 withscores
        zinter 2 nan1 nan2 withscores
        zunion 2 nan1 nan2 weights 0 1 withscores
        zadd zz 0 a
        zunion 2 zz nan1 weights inf 1 withscores
        # plain sets as inputs (every score 1)
        sadd s1 a d x
        sadd s2 1 2 3
        zunion 2 z1 s1 withscores
        zinter 2 s1 z2 withscores
        zinter 2 s1 s1 withscores
        zdiff 2 s1 z1 withscores
        zdiff 2 z1 s1 withscores
        zunionstore dst 3 s1 s2 z2 weights 2 3 4
        zrange dst 0 -1 withscores
        zintercard 2 s1 z1
        zunion 1 s2 withscores
        hset hash f v
        zunion 2 z1 hash
        zinterstore dst 2 hash z1
        # ZRANDMEMBER (deterministic cases) and ZSCAN of a listpack
        del z
        zadd z 1 a 2 b 3 c
        zrandmember z 3
        zrandmember z 5 withscores
        zrandmember z 0
        zrandmember z 0 withscores
        zrandmember z abc
        zrandmember z 1 foo
        zrandmember z 1 withscores foo
        zrandmember z -9223372036854775808
        zrandmember z 9223372036854775807 withscores
        zrandmember z 4611686018427387904 withscores
        zrandmember z 4611686018427387903 withscores
        zrandmember z -4611686018427387904 withscores
        zrandmember nokey
        zrandmember nokey 5
        zrandmember nokey 5 withscores
        zrandmember nokey abc
        zrandmember str
        zrandmember str 1
        zrandmember nokey 1 foo
        zrandmember str 1 foo
        zrandmember str abc
        zscan z 0
        zscan z 0 count 1
        zscan z 0 match a*
        zscan z 0 match *
        zscan z 0 count 0
        zscan z 0 count abc
        zscan z 0 type zset
        zscan z abc
        zscan z -1
        zscan z 0 count
        zscan z 0 MATCH b COUNT 5
        zscan nokey 0
        zscan nokey 0 count 0
        zscan nokey abc
        zscan str 0
        zscan str abc
        zadd f 0.1 x -0 y 1e20 w 200000000000000000 v
        zscan f 0
        zrange f 0 -1 withscores
        # arity and types
        zadd
        zcard
        zscore z
        zrange z 0
        zpopmin
        type z
        object encoding z
        debug digest-value z f z1 z2 dst
        debug digest
        """)

    /// Lex ranges over members that are not in lexical order (scores differ): Redis answers
    /// with linear scans on a listpack, which we replay exactly. (On a skiplist its answer
    /// depends on the random node levels, so only the listpack encoding is compared.)
    static let mixedLexScript: [DiffStep] = T.steps("""
        zadd mixed 1 c 2 a 3 d 4 b
        zrevrangebylex mixed [b -
        zrangebylex mixed [b +
        zrangebylex mixed - [c
        zrevrangebylex mixed + [c
        zlexcount mixed [b +
        zrangebylex mixed (a [c
        zrevrangebylex mixed [c (a
        zrange mixed [d [a bylex rev
        zremrangebylex mixed - [c
        zrange mixed 0 -1
        """)

    @Test func scriptedDifferentialRESP2() throws {
        try T.differential().check(Self.script + Self.mixedLexScript)
    }

    @Test func scriptedDifferentialRESP3() throws {
        try T.differential(resp3: true).check(Self.script + Self.mixedLexScript)
    }

    /// ZSCAN, HSCAN and SSCAN share their option parsing (ScanOptions.swift), which compares
    /// option names as C strings, as Redis's strcasecmp does: "COUNT\0x" is COUNT.
    @Test func scanOptionNamesAreCStrings() throws {
        let nul: [UInt8] = Array("COUNT".utf8) + [0] + Array("x".utf8)
        let matchNul: [UInt8] = Array("MATCH".utf8) + [0]
        try T.differential().check(T.steps("""
            ZADD z 1 a 2 b 3 c
            HSET h a 1 b 2
            SADD s x y 7
            """) + [
            T.binary([Array("ZSCAN".utf8), [122], [48], nul, [53]], label: "ZSCAN z 0 COUNT\\0x 5"),
            T.binary([Array("HSCAN".utf8), [104], [48], matchNul, [97]], label: "HSCAN h 0 MATCH\\0 a"),
            T.binary([Array("SSCAN".utf8), [115], [48], nul, [48]], label: "SSCAN s 0 COUNT\\0x 0"),
            T.binary([Array("ZSCAN".utf8), [122], [48], Array("COUNTX".utf8), [53]], label: "ZSCAN z 0 COUNTX 5"),
        ])
    }

    @Test func scriptedDifferentialBigEncoding() throws {
        // The same script with every sorted set in the skiplist encoding from its first member.
        // (A scan from an arbitrary cursor visits hash-dependent buckets: left out here.)
        let script = Self.script.filter { !$0.label.lowercased().hasPrefix("zscan z -1") }
        try T.differential(extraArgs: ["--zset-max-listpack-entries", "0"]).check(script)
        try T.differential(resp3: true, extraArgs: ["--zset-max-listpack-value", "0"]).check(script)
    }

    // MARK: random sequences

    static func randomStep(_ r: inout SeededRandom, _ index: Int, pool: Int) -> DiffStep {
        let keys = ["z1", "z2", "z3"]
        func key() -> String { r.pick(keys) }
        func member() -> String {
            let i = r.int(in: 0..<pool)
            return r.pick(["m\(i)", "\(i)", "long-member-name-\(i)"])
        }
        func score() -> String {
            r.pick([String(r.int(in: 0..<20)), String(r.int(in: -5..<5)), String(format: "%.3f", Double(r.int(in: -10_000...10_000)) / 1000),
                    "inf", "-inf", "0", "-0", "1e3", "0.1"])
        }
        func bound() -> String {
            let b = r.pick([String(r.int(in: -3..<20)), "-inf", "+inf", String(format: "%.2f", Double(r.int(in: -500...1500)) / 100)])
            return (r.chance(0.3) ? "(" : "") + b
        }
        switch r.int(in: 0..<27) {
        case 0, 1, 2, 3, 4:
            let opts = r.pick(["", "nx", "xx", "gt", "lt", "ch", "xx gt ch", "incr", "lt ch"])
            let n = opts.contains("incr") ? 1 : r.int(in: 1...4)
            var args = ["ZADD", key()] + opts.split(separator: " ").map(String.init)
            for _ in 0..<n { args += [score(), member()] }
            return DiffStep(args)
        case 5: return ["ZINCRBY", key(), score(), member()]
        case 6: return DiffStep(["ZREM", key()] + (0..<r.int(in: 1...3)).map { _ in member() })
        case 7: return ["ZSCORE", key(), member()]
        case 8: return [r.pick(["ZRANK", "ZREVRANK"]), key(), member()]
        case 9:
            return DiffStep(["ZRANGE", key(), String(r.int(in: -10..<10)), String(r.int(in: -10..<10))]
                            + r.pick([[], ["WITHSCORES"], ["REV"], ["REV", "WITHSCORES"]]))
        case 10:
            var args = ["ZRANGE", key(), bound(), bound(), "BYSCORE"]
            if r.chance(0.5) { args.append("REV") }
            if r.chance(0.5) { args.append("WITHSCORES") }
            if r.chance(0.4) { args += ["LIMIT", String(r.int(in: -1..<5)), String(r.int(in: -1..<5))] }
            return DiffStep(args)
        case 11: return ["ZCOUNT", key(), bound(), bound()]
        case 12: return ["ZREMRANGEBYSCORE", key(), bound(), bound()]
        case 13: return ["ZREMRANGEBYRANK", key(), String(r.int(in: -10..<10)), String(r.int(in: -10..<10))]
        case 14: return DiffStep(["ZPOPMIN", key()] + r.pick([[], ["1"], ["3"]]))
        case 15: return DiffStep(["ZPOPMAX", key()] + r.pick([[], ["2"]]))
        case 16: return ["ZMPOP", "2", key(), key(), r.pick(["MIN", "MAX"]), "COUNT", String(r.int(in: 1...3))]
        case 17:
            return ["ZUNIONSTORE", key(), "2", key(), key(), "WEIGHTS", r.pick(["1", "2", "-1", "0.5"]), r.pick(["1", "3"]),
                    "AGGREGATE", r.pick(["SUM", "MIN", "MAX"])]
        case 18: return ["ZINTER", "2", key(), key(), "WITHSCORES"]
        case 19: return ["ZDIFF", "2", key(), key(), "WITHSCORES"]
        case 20: return DiffStep(["ZRANGESTORE", key(), key(), String(r.int(in: -10..<10)), String(r.int(in: -10..<10))] + (r.chance(0.5) ? ["REV"] : []))
        case 21: return ["OBJECT", "ENCODING", key()]
        case 22: return ["ZRANGE", key(), "0", "-1", "WITHSCORES"]
        case 23: return ["ZMSCORE", key(), member(), member()]
        case 24: return ["ZINTERCARD", "3", key(), key(), key(), "LIMIT", String(r.int(in: 0...3))]
        case 25: return DiffStep(["ZRANDMEMBER", key(), String(r.int(in: -5...5))] + (r.chance(0.5) ? ["WITHSCORES"] : []),
                                 compare: T.sameArrayLength)
        default: return ["DEBUG", "DIGEST"]
        }
    }

    @Test(arguments: [0, 4, 16, 128])
    func randomSequencesRESP2(maxEntries: Int) throws {
        try T.differential(extraArgs: ["--zset-max-listpack-entries", String(maxEntries)])
            .checkRandom(seed: 0x25_E7_00 + UInt64(maxEntries), count: 2500) { r, i in Self.randomStep(&r, i, pool: 200) }
    }

    @Test func randomSequencesRESP3() throws {
        try T.differential(resp3: true, extraArgs: ["--zset-max-listpack-entries", "8"])
            .checkRandom(seed: 0x25_E7_33, count: 2000) { r, i in Self.randomStep(&r, i, pool: 40) }
    }

    @Test(arguments: [0, 128])
    func randomLexSequences(maxEntries: Int) throws {
        try T.differential(extraArgs: ["--zset-max-listpack-entries", String(maxEntries)])
            .checkRandom(seed: 0x1E_80 + UInt64(maxEntries), count: 2000) { r, _ in
                func member() -> String {
                    r.pick(["", "a", "b"]) + String((0..<r.int(in: 0...3)).map { _ in r.pick(Array("abcxyz")) }) + String(r.int(in: 0..<300))
                }
                func lex() -> String {
                    if r.chance(0.1) { return "-" }
                    if r.chance(0.1) { return "+" }
                    return r.pick(["[", "("]) + String(member().prefix(r.int(in: 0...4)))
                }
                func limit() -> [String] { r.chance(0.5) ? [] : ["LIMIT", String(r.int(in: -1...3)), String(r.int(in: -1...5))] }
                switch r.int(in: 0..<9) {
                case 0, 1, 2: return DiffStep(["ZADD", "z"] + (0..<r.int(in: 1...5)).flatMap { _ in ["0", member()] })
                case 3: return DiffStep(["ZRANGEBYLEX", "z", lex(), lex()] + limit())
                case 4: return DiffStep(["ZREVRANGEBYLEX", "z", lex(), lex()] + limit())
                case 5: return ["ZLEXCOUNT", "z", lex(), lex()]
                case 6: return r.chance(0.3) ? ["ZREMRANGEBYLEX", "z", lex(), lex()] : ["ZREM", "z", member()]
                case 7: return DiffStep(["ZRANGESTORE", "d", "z", lex(), lex(), "BYLEX"] + (r.chance(0.5) ? ["REV"] : []))
                default: return ["ZRANGE", "d", "0", "-1"]
                }
            }
    }

    // MARK: encodings

    @Test func encodingTransitions() throws {
        var text = """
            config set zset-max-listpack-entries 4
            config set zset-max-listpack-value 8

            """
        for i in 0..<4 { text += "zadd z \(i) m\(i)\nobject encoding z\n" }
        text += """
            zadd z 10 m0
            object encoding z
            zadd z xx 5 new
            zadd z nx 5 m1
            object encoding z
            zadd z 5 m4
            object encoding z
            zrem z m0 m1 m2 m3
            object encoding z
            zadd y 1 12345678
            object encoding y
            zadd y 1 123456789
            object encoding y
            zadd x 1 a 2 b 3 c 4 d 5 e
            object encoding x
            zadd w 1 a 2 b 3 c 4 d
            object encoding w
            zincrby w 1 e
            object encoding w
            zadd v 1 a 2 a 3 a 4 a 5 a 6 a
            object encoding v
            zrangestore d1 x 0 3
            object encoding d1
            zrangestore d1 x 0 4
            object encoding d1
            zrangestore d1 x 0 4 rev
            object encoding d1
            zrangestore d1 x -inf +inf byscore
            object encoding d1
            zunionstore d2 1 x
            object encoding d2
            zinterstore d2 2 x w
            object encoding d2
            zadd lv 1 aaaaaaaaa
            zunionstore d3 2 lv w
            object encoding d3
            zdiffstore d3 1 x
            object encoding d3
            zrangestore d4 x 0 -1 byscore limit 0 4
            object encoding d4
            config set zset-max-listpack-entries 1
            zadd u 1 a
            object encoding u
            zadd u 1 b
            object encoding u
            config set zset-max-listpack-entries 0
            zadd t 1 a
            object encoding t
            config set zset-max-listpack-entries 128
            config set zset-max-listpack-value 64
            zpopmin x 4
            object encoding x
            copy x xc
            object encoding xc
            copy w wc
            object encoding wc
            zadd wc 100 zzz
            zrange w 0 -1
            zrange wc 0 -1
            zadd neg 0 a 0 b 0 c 0 d 0 e
            zincrby neg -0 a
            zrangestore negs neg 0 -1
            zadd neg -0 f
            config set zset-max-listpack-entries 2
            zrangestore negs neg 0 -1
            zrange negs 0 -1 withscores
            zunionstore negu 1 negs
            zrange negu 0 -1 withscores
            debug digest-value w wc x xc neg negs negu
            debug digest
            """
        // 128 and 129 members, 64- and 65-byte members at the default thresholds.
        text += "\nconfig set zset-max-listpack-entries 128\n"
        for i in 0..<129 { text += "zadd big \(i) m\(i)\n" + (i >= 126 ? "object encoding big\n" : "") }
        text += "zadd long 1 \(String(repeating: "x", count: 64))\nobject encoding long\n"
        text += "zadd long 1 \(String(repeating: "y", count: 65))\nobject encoding long\n"
        text += "zadd bulk " + (0..<129).map { "\($0) b\($0)" }.joined(separator: " ") + "\nobject encoding bulk\n"
        text += "zadd same " + (0..<200).map { "\($0) a" }.joined(separator: " ") + "\nobject encoding same\n"
        try T.differential().check(T.steps(text))
    }

    @Test func binaryMembers() throws {
        let all = (0...255).map { UInt8($0) }
        var steps: [DiffStep] = []
        for (i, m) in [all, [], [0], [13, 10], Array("12".utf8), Array("-0".utf8), [255, 0, 255]].enumerated() {
            // Equal scores: members in byte order, so the lex ranges below are well defined.
            steps.append(T.binary([Array("ZADD".utf8), Array("bin".utf8), Array("0".utf8), m], label: "ZADD bin 0 <bytes \(i)>"))
            steps.append(T.binary([Array("ZSCORE".utf8), Array("bin".utf8), m], label: "ZSCORE bin <bytes>"))
            steps.append(T.binary([Array("ZRANK".utf8), Array("bin".utf8), m], label: "ZRANK bin <bytes>"))
        }
        steps += T.steps("""
            zrange bin 0 -1 withscores
            zrangebylex bin - +
            object encoding bin
            zunionstore bin2 1 bin weights 2
            zrange bin2 0 -1 withscores
            zscan bin 0
            debug digest
            """)
        steps.append(T.binary([Array("ZRANGEBYLEX".utf8), Array("bin".utf8), [UInt8(ascii: "["), 0], [UInt8(ascii: "("), 255]],
                              label: "ZRANGEBYLEX bin [\\0 (\\xff"))
        steps.append(T.binary([Array("ZRANGEBYSCORE".utf8), Array("bin".utf8), [0x31, 0, 0x78], Array("+inf".utf8)],
                              label: "ZRANGEBYSCORE bin 1\\0x +inf"))
        steps.append(T.binary([Array("ZADD".utf8), Array("bin".utf8), [0x31, 0], Array("x".utf8)], label: "ZADD bin 1\\0 x"))
        try T.differential().check(steps)
        try T.differential(extraArgs: ["--zset-max-listpack-entries", "0"]).check(steps)
    }

    @Test func dirtyAndKeyspaceCounters() throws {
        let steps = StringFamilyTesting.withDirtyChecks(T.steps("""
            zadd z 1 a 2 b 3 c
            zadd z 1 a
            zadd z ch 5 a 2 b
            zadd z incr 1 c
            zincrby z 0 a
            zadd z xx 1 nosuch
            zrem z nosuch a
            zscore z b
            zscore nokey b
            zrange z 0 -1
            zrange nokey 0 -1
            zpopmin z 5
            zadd z 1 a 2 b 3 c 4 d
            zremrangebyrank z 0 1
            zremrangebyscore z -inf +inf
            zadd z 1 a 2 b
            zunionstore d 1 z
            zunionstore d 1 nokey
            zrangestore d z 0 -1
            zrangestore d z 5 6
            zmpop 1 z max count 5
            zinter 2 d nokey
            zintercard 1 nokey
            zrandmember nokey
            zmscore nokey a
            zscan nokey 0
            """))
        try T.differential().check(steps)
    }

    @Test(arguments: [128, 0])
    func keyspaceNotifications(maxEntries: Int) throws {
        // Client 1 listens to zset and generic key events; after each command, read exactly
        // the events Redis publishes for it (0, 1, or the event plus "del").
        let flow: [(String, Int)] = [
            ("zadd z 1 a 2 b", 1), ("zadd z 1 a", 0), ("zincrby z 1 a", 1), ("zadd z incr 1 a", 1),
            ("zadd z xx 5 nosuch", 0), ("zrem z nosuch", 0), ("zrem z a", 1),
            ("zremrangebyscore z -inf +inf", 2), ("zadd z 1 a 2 b 3 c", 1), ("zpopmin z", 1),
            ("zpopmax z 5", 2), ("zpopmin z", 0), ("zadd s 1 a 2 b", 1), ("zrangestore d s 0 -1", 1),
            ("zrangestore d s 5 6", 1), ("zrangestore d s 5 6", 0), ("zunionstore d 1 s", 1),
            ("zinterstore d 2 s nokey", 1), ("zdiffstore d 1 s", 1), ("zremrangebyrank d 0 0", 1),
            ("zmpop 1 s MIN COUNT 5", 2), ("zadd l 0 a 0 b", 1), ("zremrangebylex l - +", 2),
            ("zadd r 1 a", 1), ("zrem r a b", 2),
        ]
        var steps: [DiffStep] = [
            DiffStep(["CONFIG", "SET", "notify-keyspace-events", "Egz"]),
            DiffStep(["PSUBSCRIBE", "__keyevent@0__:*"], client: 1),
        ]
        for (command, events) in flow {
            steps += T.steps(command)
            if events > 0 { steps.append(.read(client: 1, replies: events)) }
        }
        try T.differential(extraArgs: ["--zset-max-listpack-entries", String(maxEntries)]).check(steps)
    }

    // MARK: random replies and the big encoding's own order

    @Test func randomMemberPicks() throws {
        for maxEntries in ["128", "0"] {
            let server = try ServerProcess.structd(args: ["--zset-max-listpack-entries", maxEntries])
            defer { server.stop() }
            let c = try server.connect()
            var members: [String: String] = [:]
            var args = ["ZADD", "z"]
            for i in 0..<50 {
                members["m\(i)"] = String(i % 7)
                args += [String(i % 7), "m\(i)"]
            }
            _ = try c.command(args)
            for count in [1, 5, 25, 49, 50, 60, -1, -5, -120] {
                for withScores in [false, true] {
                    var a = ["ZRANDMEMBER", "z", String(count)]
                    if withScores { a.append("WITHSCORES") }
                    guard case .array(let items) = try c.command(a) else {
                        Issue.record("ZRANDMEMBER \(count) did not answer an array")
                        continue
                    }
                    let expected = count >= 0 ? min(count, 50) : -count
                    #expect(items.count == (withScores ? 2 * expected : expected))
                    var seen = Set<String>()
                    var k = 0
                    while k < items.count {
                        guard case .bulk(let m) = items[k] else { Issue.record("non-bulk member"); break }
                        let name = String(decoding: m, as: UTF8.self)
                        #expect(members[name] != nil)
                        if withScores {
                            if case .bulk(let s) = items[k + 1] { #expect(String(decoding: s, as: UTF8.self) == members[name]) }
                            k += 2
                        } else {
                            k += 1
                        }
                        if count >= 0 { #expect(seen.insert(name).inserted, "ZRANDMEMBER \(count) repeated \(name)") }
                    }
                }
            }
            guard case .bulk(let one) = try c.command("ZRANDMEMBER", "z") else {
                Issue.record("ZRANDMEMBER without count")
                continue
            }
            #expect(members[String(decoding: one, as: UTF8.self)] != nil)
        }
    }

    @Test func scanOfBigEncodingIsComplete() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect()
        var args = ["ZADD", "z"]
        for i in 0..<3000 { args += [String(i), "member:\(i)"] }
        _ = try c.command(args)
        #expect(try c.command("OBJECT", "ENCODING", "z") == .bulk(Array("skiplist".utf8)))
        var cursor = "0"
        var seen: [String: String] = [:]
        var calls = 0
        repeat {
            guard case .array(let reply) = try c.command("ZSCAN", "z", cursor, "COUNT", "100"), reply.count == 2,
                  case .bulk(let cur) = reply[0], case .array(let items) = reply[1] else {
                Issue.record("bad ZSCAN reply")
                return
            }
            cursor = String(decoding: cur, as: UTF8.self)
            #expect(items.count % 2 == 0)
            for k in stride(from: 0, to: items.count - 1, by: 2) {
                if case .bulk(let m) = items[k], case .bulk(let s) = items[k + 1] {
                    seen[String(decoding: m, as: UTF8.self)] = String(decoding: s, as: UTF8.self)
                }
            }
            calls += 1
        } while cursor != "0" && calls < 10_000
        #expect(seen.count == 3000)
        #expect(seen["member:2999"] == "2999")
        // MATCH filters members, not scores.
        guard case .array(let r) = try c.command("ZSCAN", "z", "0", "MATCH", "member:1*", "COUNT", "100000"),
              case .array(let items) = r[1] else {
            Issue.record("bad ZSCAN MATCH reply")
            return
        }
        #expect(items.count == 2 * 1111)
    }

    // MARK: complexity

    @Test func rankOperationsStayLogarithmic() throws {
        // 200,000 members; then 4,000 rank-dependent reads and writes in the middle of the
        // order. With O(log n) operations this takes well under a second even in a debug
        // build; a linear walk per operation would take minutes.
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect()
        let n = 200_000
        var batch: [UInt8] = []
        for chunk in 0..<(n / 1000) {
            var args = ["ZADD", "big"]
            for i in (chunk * 1000)..<((chunk + 1) * 1000) { args += [String(i % 5000), "member:\(i)"] }
            batch += RESPFramer.encode(args)
        }
        try c.send(batch)
        for _ in 0..<(n / 1000) { _ = try c.readReply() }
        #expect(try c.command("ZCARD", "big") == .integer(Int64(n)))
        let start = ContinuousClock.now
        var random = SeededRandom(seed: 42)
        var ops: [UInt8] = []
        for _ in 0..<1000 {
            let i = random.int(in: 0..<n)
            ops += RESPFramer.encode(["ZRANK", "big", "member:\(i)"])
            ops += RESPFramer.encode(["ZRANGE", "big", String(n / 2), String(n / 2 + 2)])
            ops += RESPFramer.encode(["ZADD", "big", String(random.int(in: 0..<5000)), "member:\(i)"])
            ops += RESPFramer.encode(["ZCOUNT", "big", "100", "(2000"])
        }
        try c.send(ops)
        for _ in 0..<4000 { _ = try c.readReply() }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(20), "4000 rank operations on 200k members took \(elapsed)")
        // Pops from both ends and a rank range removal keep the set consistent.
        _ = try c.command("ZPOPMIN", "big", "1000")
        _ = try c.command("ZPOPMAX", "big", "1000")
        _ = try c.command("ZREMRANGEBYRANK", "big", "1000", "50999")
        #expect(try c.command("ZCARD", "big") == .integer(Int64(n - 52_000)))
        guard case .array(let first) = try c.command("ZRANGE", "big", "0", "0", "WITHSCORES"),
              case .array(let last) = try c.command("ZRANGE", "big", "-1", "-1", "WITHSCORES") else {
            Issue.record("bad ZRANGE reply")
            return
        }
        #expect(first.count == 2 && last.count == 2)
    }
}
