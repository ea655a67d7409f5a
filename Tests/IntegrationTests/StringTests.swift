// String family tests (GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX MGET MSET MSETNX APPEND
// STRLEN INCR DECR INCRBY DECRBY INCRBYFLOAT GETRANGE SUBSTR SETRANGE LCS) against
// redis-server 7.0.15, byte for byte:
//   - a scripted differential over every command, option and error case, in RESP2 and RESP3;
//   - seeded random sequences of string commands on four keys, replies compared one by one
//     and the whole dataset compared with DEBUG DIGEST along the way;
//   - OBJECT ENCODING after every kind of write (int / embstr / raw transitions);
//   - binary-safe values (all 256 byte values, embedded CR LF and NUL), values of a few MB;
//   - the dirty counter (INFO's rdb_changes_since_last_save) and the keyspace hit/miss
//     counters after each command;
//   - proto-max-bulk-len limits (lowered to 1mb on both servers).
// Targeted tests cover what a differential run cannot see: expiry taking effect over time,
// and APPEND staying amortized O(1) (a quadratic copy would blow the time bound).

import Foundation
import Glibc
import RESP
import Testing

/// Helpers shared by the string and bitmap test files.
enum StringFamilyTesting {
    /// DEBUG DIGEST needs the command enabled on both servers.
    static let serverArgs = ["--enable-debug-command", "yes"]

    static var differential: Differential { Differential(serverArgs: serverArgs) }

    static var differential3: Differential {
        var d = Differential(serverArgs: serverArgs)
        d.resp3 = true
        return d
    }

    /// A command whose arguments are arbitrary bytes.
    static func binary(_ arguments: [[UInt8]], label: String) -> DiffStep {
        .raw(RESPFramer.encode(arguments), label: label)
    }

    /// Two integer replies at most `slack` apart (TTL / PTTL read a moment apart).
    static func integersWithin(_ slack: Int64) -> Comparison {
        .custom { expected, actual in
            guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual),
                  case .integer(let x) = e, case .integer(let y) = a else { return expected == actual }
            return abs(x - y) <= slack
        }
    }

    /// INFO persistence replies compared on rdb_changes_since_last_save (the dirty counter).
    static let sameDirtyCounter = sameInfoFields(["rdb_changes_since_last_save"])

    /// INFO stats replies compared on the keyspace hit and miss counters (which lookups count).
    static let sameKeyspaceCounters = sameInfoFields(["keyspace_hits", "keyspace_misses"])

    /// INFO replies compared on the numeric values of `fields`.
    static func sameInfoFields(_ fields: [String]) -> Comparison {
        .custom { expected, actual in
            func values(_ frame: [UInt8]) -> [Substring?] {
                let text = String(decoding: frame, as: UTF8.self)
                return fields.map { field in
                    guard let range = text.range(of: "\r\n\(field):") else { return nil }
                    return text[range.upperBound...].prefix { $0.isNumber }
                }
            }
            let e = values(expected)
            return !e.contains(nil) && e == values(actual)
        }
    }

    /// Each step followed by checks of the dirty counter and of the keyspace hits/misses.
    static func withDirtyChecks(_ steps: [DiffStep]) -> [DiffStep] {
        steps.flatMap {
            [$0, DiffStep(["INFO", "persistence"], compare: sameDirtyCounter),
             DiffStep(["INFO", "stats"], compare: sameKeyspaceCounters)]
        }
    }
}

@Suite("Strings", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct StringTests {
    typealias T = StringFamilyTesting

    static let script: [DiffStep] = [
        // SET and its options.
        ["SET", "k", "v"], ["GET", "k"], ["GET", "missing"],
        ["SET", "k", "v2", "NX", "GET"], ["SET", "k", "v3", "XX", "GET"], ["GET", "k"],
        ["SET", "k", "v", "XX", "NX"], ["SET", "k", "v", "NX", "XX"],
        ["SET", "k", "v", "EX", "10", "PX", "10"], ["SET", "k", "v", "EX", "10", "EXAT", "10"],
        ["SET", "k", "v", "PXAT", "10", "EX", "10"], ["SET", "k", "v", "KEEPTTL", "EX", "5"],
        ["SET", "k", "v", "EX", "5", "KEEPTTL"], ["SET", "k", "v", "PERSIST"],
        ["SET", "k", "v", "EX", "10", "EX", "20"], DiffStep(["TTL", "k"], compare: T.integersWithin(1)),
        ["SET", "k", "v", "EX", "abc", "NX", "XX"], ["SET", "k", "v", "EX", "abc"],
        ["SET", "k", "v", "EX", "0"], ["SET", "k", "v", "EX", "-1"], ["SET", "k", "v", "PX", "0"],
        ["SET", "k", "v", "PX", "9223372036854775807"], ["SET", "k", "v", "EX", "9223372036854775"],
        ["SET", "k", "v", "EX", "9223372036854776"], ["SET", "k", "v", "EXAT", "9223372036854776"],
        ["SET", "k", "v", "PXAT", "9223372036854775807"], ["SET", "k", "v", "EX"], ["SET", "k", "v", "PX"],
        ["SET", "k", "v", "GET", "GET"], ["SET", "k", "v", "foo"], ["SET", "k", "v", "nX", "gEt"],
        ["SET", "k", "v", "nx\u{0}junk"], ["SET", "k2", "v", "nx\u{0}junk"], ["SET", "k2", "v", "nxjunk"],
        ["SET", "k", "v", "KEEPTTL"], ["SET", "nokey", "v", "XX"], ["SET", "nokey", "v", "XX", "GET"],
        ["SET", "nokey", "v", "NX", "GET"], ["SET", "nokey", "w", "NX", "GET"], ["GET", "nokey"],
        ["SET", "k", "12", "KeEpTtL", "GeT", "Xx", "Ex", "100"], DiffStep(["TTL", "k"], compare: T.integersWithin(1)),
        ["SET", "k", "13", "KEEPTTL"], DiffStep(["TTL", "k"], compare: T.integersWithin(1)),
        ["SET", "k", "14"], ["TTL", "k"],
        ["SET", "k"], ["SET"], ["GET"], ["GET", "a", "b"],
        // SETNX / SETEX / PSETEX / GETSET / GETDEL.
        ["SETNX", "k", "1"], ["SETNX", "newk", "1"], ["SETNX", "newk"],
        ["SETEX", "k", "0", "v"], ["SETEX", "k", "abc", "v"], ["SETEX", "k", "-3", "v"],
        ["SETEX", "k", "9223372036854775807", "v"], ["SETEX", "k", "100", "v"],
        DiffStep(["TTL", "k"], compare: T.integersWithin(1)),
        ["PSETEX", "k", "-5", "v"], ["PSETEX", "k", "0", "v"], ["PSETEX", "k", "100000", "v2"], ["GET", "k"],
        DiffStep(["PTTL", "k"], compare: T.integersWithin(50)),
        ["GETSET", "newk", "2"], ["GETSET", "nothere", "2"], ["GET", "nothere"],
        ["GETDEL", "newk"], ["GETDEL", "newk"], ["EXISTS", "newk"],
        // GETEX.
        ["SET", "g", "val"], ["GETEX", "g"], ["GETEX", "g", "EX", "0"], ["GETEX", "nokey2", "EX", "0"],
        ["GETEX", "nokey2", "foo"], ["GETEX", "g", "foo"], ["GETEX", "g", "PERSIST", "EX", "10"],
        ["GETEX", "g", "EX", "10", "PERSIST"], ["GETEX", "g", "KEEPTTL"], ["GETEX", "g", "NX"], ["GETEX", "g", "GET"],
        ["GETEX", "g", "EX", "10", "EX", "20"], DiffStep(["TTL", "g"], compare: T.integersWithin(1)),
        ["GETEX", "g", "PERSIST"], ["TTL", "g"], ["GETEX", "g", "PERSIST"],
        ["GETEX", "g", "PX", "100000"], DiffStep(["PTTL", "g"], compare: T.integersWithin(50)),
        ["GETEX", "g", "EXAT", "9223372036854775"], ["GETEX", "g", "EXAT", "9223372036854776"],
        ["GETEX", "g", "PXAT", "9223372036854775807"], ["GETEX", "g", "PX", "9223372036854775807"],
        ["GETEX", "g", "EX", "abc"], ["GETEX", "g", "EX"], ["GETEX", "g", "EX", "-1", "EX", "foo"],
        ["GETEX", "g", "EXAT", "1"], ["EXISTS", "g"], ["GETEX", "g", "EXAT", "1"],
        // MGET / MSET / MSETNX.
        ["MSET", "a", "1", "b", "2", "c", "3"], ["MSET", "a", "1", "b"], ["MSET", "a"], ["MSET"],
        ["MSETNX", "a", "1", "z", "2"], ["MSETNX", "y", "1", "z", "2"], ["MSETNX", "y", "1", "z"],
        ["MSET", "d", "x", "d", "y"], ["GET", "d"],
        ["MGET", "a", "b", "c", "y", "z", "nokey", "d"], ["MGET"],
        // APPEND / STRLEN.
        ["APPEND", "a", "234"], ["GET", "a"], ["APPEND", "a", ""], ["APPEND", "fresh", "12"],
        ["APPEND", "fresh2", ""], ["EXISTS", "fresh2"], ["STRLEN", "a"], ["STRLEN", "nokey"], ["STRLEN", "fresh"],
        // INCR family.
        ["INCR", "a"], ["INCR", "fresh"], ["INCR", "nothing"], ["DECR", "nothing"], ["INCRBY", "nothing", "100"],
        ["DECRBY", "nothing", "50"], ["DECRBY", "nothing", "-9223372036854775808"], ["INCRBY", "nothing", "abc"],
        ["INCRBY", "nothing", "9223372036854775807"], ["INCRBY", "nothing", ""], ["INCRBY", "nothing", "1.5"],
        ["SET", "n", "9223372036854775807"], ["INCR", "n"], ["INCRBY", "n", "-1"], ["INCRBY", "n", "1"],
        ["DECRBY", "n", "9223372036854775807"], ["DECRBY", "n", "9223372036854775807"], ["DECR", "n"], ["DECR", "n"],
        ["INCRBY", "n", "-9223372036854775808"],
        ["SET", "big", "12345678901234567890123"], ["INCR", "big"], ["SET", "sp", " 1"], ["INCR", "sp"],
        ["SET", "e", ""], ["INCR", "e"], ["SET", "lz", "007"], ["INCR", "lz"], ["SET", "mz", "-0"], ["INCR", "mz"],
        ["SET", "ttlkey", "5", "EX", "100"], ["INCR", "ttlkey"], DiffStep(["TTL", "ttlkey"], compare: T.integersWithin(1)),
        // INCRBYFLOAT: long double arithmetic and Redis's "%.17Lf" text.
        ["INCRBYFLOAT", "e", "1"], ["SET", "x", "1"], ["INCRBYFLOAT", "x", "2"], ["INCRBYFLOAT", "x", "1e30"],
        ["INCRBYFLOAT", "x", "0.1"], ["SET", "y", "0"], ["INCRBYFLOAT", "y", "-0.00000000000000000001"],
        ["INCRBYFLOAT", "y", "inf"], ["INCRBYFLOAT", "y", "-inf"], ["INCRBYFLOAT", "y", "nan"],
        ["INCRBYFLOAT", "y", "abc"], ["INCRBYFLOAT", "y", " 1"], ["INCRBYFLOAT", "y", "1 "], ["INCRBYFLOAT", "y", ""],
        ["INCRBYFLOAT", "y", "1\u{0}abc"], ["SET", "z", "3.0"], ["INCRBYFLOAT", "z", "0x10"],
        ["INCRBYFLOAT", "z", "1e-5000"], ["INCRBYFLOAT", "z", "1e-4940"], ["INCRBYFLOAT", "z", "5e5000"],
        ["INCRBYFLOAT", "q", "10.50"], ["INCRBYFLOAT", "q", "+1"], ["INCRBYFLOAT", "q", "1.0e2"],
        ["INCRBYFLOAT", "q", "-1e2"], ["INCRBYFLOAT", "q", ".5"], ["INCRBYFLOAT", "q", "3."],
        ["INCRBYFLOAT", "q", "-15"], ["INCRBYFLOAT", "q", "1.1"], ["INCRBYFLOAT", "q", "-3.3333333333333333333333"],
        ["INCRBYFLOAT", "q", "1e-20"], ["INCRBYFLOAT", "q", "1.5e4000"], ["INCRBYFLOAT", "q", "-1.5e4000"],
        ["INCRBYFLOAT", "z2", "-1e-320"], ["INCRBYFLOAT", "n", "1"], ["SET", "w", "abc"], ["INCRBYFLOAT", "w", "1"],
        ["INCRBYFLOAT", "w", "abc"], ["SET", "m", "1.7976931348623157e308"], ["INCRBYFLOAT", "m", "1e308"],
        ["INCRBYFLOAT", "nokeyf", "abc"], ["EXISTS", "nokeyf"],
        // GETRANGE / SUBSTR.
        ["SET", "s", String(repeating: "a", count: 20) + String(repeating: "b", count: 25)],
        ["GETRANGE", "s", "0", "-1"], ["GETRANGE", "s", "-1", "-5"], ["GETRANGE", "s", "5", "2"],
        ["GETRANGE", "nokey", "0", "1"], ["GETRANGE", "s", "a", "1"], ["GETRANGE", "s", "0", "b"],
        ["GETRANGE", "s", "0", "9223372036854775807"], ["GETRANGE", "s", "-9223372036854775808", "2"],
        ["GETRANGE", "s", "-3", "-1"], ["GETRANGE", "s", "-100", "-40"], ["GETRANGE", "s", "44", "44"],
        ["GETRANGE", "s", "45", "46"], ["GETRANGE", "s", "-1", "-1"], ["GETRANGE", "s", "18", "22"],
        ["SUBSTR", "s", "0", "2"], ["SUBSTR", "s", "-2", "-1"],
        ["SET", "i", "12345"], ["GETRANGE", "i", "1", "2"], ["GETRANGE", "i", "-2", "100"],
        ["SET", "es", ""], ["GETRANGE", "es", "0", "-1"], ["GETRANGE", "es", "0", "0"],
        // SETRANGE.
        ["SET", "c", "hello"], ["SETRANGE", "c", "0", ""], ["SETRANGE", "c", "1", "a"], ["GET", "c"],
        ["SETRANGE", "c", "-1", "a"], ["SETRANGE", "c", "abc", "a"], ["SETRANGE", "nk", "10", ""], ["EXISTS", "nk"],
        ["SETRANGE", "nk", "3", "ab"], ["GET", "nk"], ["SETRANGE", "c", "536870911", ""],
        ["SETRANGE", "c", "536870912", "a"], ["SETRANGE", "c", "536870912", ""],
        ["SETRANGE", "c", "9223372036854775807", "a"], ["SETRANGE", "c", "7", "xyz"], ["GET", "c"],
        ["SETRANGE", "i", "1", "9"], ["GET", "i"], ["INCR", "i"], ["SETRANGE", "c", "0", "HELLO WORLD, LONGER NOW"],
        ["GET", "c"],
        // LCS.
        ["MSET", "key1", "ohmytext", "key2", "mynewtext"],
        ["LCS", "key1", "key2"], ["LCS", "key1", "key2", "LEN"], ["LCS", "key1", "key2", "IDX"],
        ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"], ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"],
        ["LCS", "key1", "key2", "IDX", "LEN"], ["LCS", "key1", "key2", "MINMATCHLEN"],
        ["LCS", "key1", "key2", "MINMATCHLEN", "abc"], ["LCS", "key1", "key2", "foo"],
        ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "-5", "WITHMATCHLEN"], ["LCS", "nokey", "key2", "IDX"],
        ["LCS", "nokey", "key2"], ["LCS", "nokey", "key2", "LEN"], ["LCS", "key1", "key1", "IDX", "WITHMATCHLEN"],
        ["LCS", "key2", "key1", "idx", "withmatchlen", "len"], ["LCS", "key1", "key2", "len", "len"],
        ["SET", "i2", "1234512345"], ["LCS", "i", "i2", "IDX", "WITHMATCHLEN"], ["LCS", "key1"],
        ["MSET", "r1", "GTTACAGGATCCAGGTTAACCATTGACCAGG", "r2", "CATTAGGACCAATTGGTTACCAGATTAAGG"],
        ["LCS", "r1", "r2", "IDX", "WITHMATCHLEN"], ["LCS", "r1", "r2", "IDX", "MINMATCHLEN", "3"],
        ["DEBUG", "DIGEST"],
    ]

    @Test func scriptedDifferentialRESP2() throws {
        try T.differential.check(Self.script)
    }

    @Test func scriptedDifferentialRESP3() throws {
        try T.differential3.check(Self.script)
    }

    // MARK: random sequences

    static let valuePool = [
        "", "0", "1", "-1", "42", "007", "-0", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "3.14", "1e10", "-2.5", "abc", "hello world", "0.1",
        String(repeating: "x", count: 16), String(repeating: "y", count: 44), String(repeating: "z", count: 45),
        "a\u{0}b\r\nc",
    ]

    static func randomStringStep(_ r: inout SeededRandom, _ index: Int) -> DiffStep {
        let keys = ["k0", "k1", "k2", "k3"]
        func key() -> String { r.pick(keys) }
        func value() -> String {
            r.chance(0.7) ? r.pick(valuePool) : r.string(length: r.int(in: 0...60))
        }
        func integer() -> String {
            r.chance(0.85) ? String(r.int(in: -50...50))
                : r.pick(["9223372036854775807", "-9223372036854775808", "abc", "", "1.5", " 3", "100000"])
        }
        func setOptions() -> [String] {
            var options: [String] = []
            for _ in 0..<r.int(in: 0...3) {
                switch r.int(in: 0..<9) {
                case 0: options.append("NX")
                case 1: options.append("XX")
                case 2: options.append("GET")
                case 3: options.append("KEEPTTL")
                case 4: options += ["EX", r.pick(["100", "0", "abc", "200"])]
                case 5: options += ["PX", r.pick(["100000", "-1"])]
                case 6: options += ["EXAT", "4102444800"]
                case 7: options += ["PXAT", "4102444800000"]
                default: options.append(r.pick(["PERSIST", "EX", "foo"]))
                }
            }
            return options
        }
        switch r.int(in: 0..<30) {
        case 0, 1: return ["GET", key()]
        case 2, 3: return DiffStep(["SET", key(), value()] + setOptions())
        case 4: return ["SETNX", key(), value()]
        case 5: return ["SETEX", key(), r.pick(["100", "0", "x"]), value()]
        case 6: return ["PSETEX", key(), r.pick(["100000", "-5"]), value()]
        case 7: return ["GETSET", key(), value()]
        case 8: return ["GETDEL", key()]
        case 9:
            let option: [String] = r.pick([[], ["PERSIST"], ["EX", "100"], ["PX", "200000"], ["EXAT", "4102444800"],
                                           ["PXAT", "1"], ["EX", "0"], ["PERSIST", "EX", "5"], ["KEEPTTL"]])
            return DiffStep(["GETEX", key()] + option)
        case 10: return DiffStep(["MGET"] + (0..<r.int(in: 1...5)).map { _ in key() })
        case 11:
            let pairs = (0..<r.int(in: 1...3)).flatMap { _ in [key(), value()] }
            return DiffStep([r.pick(["MSET", "MSETNX"])] + pairs)
        case 12, 13: return ["APPEND", key(), value()]
        case 14: return ["STRLEN", key()]
        case 15, 16: return [r.pick(["INCR", "DECR"]), key()]
        case 17: return [r.pick(["INCRBY", "DECRBY"]), key(), integer()]
        case 18:
            return ["INCRBYFLOAT", key(), r.pick(["0.1", "1.5", "-2.25", "1e3", "3", "abc", "1e-3", "-0.1"])]
        case 19: return [r.pick(["GETRANGE", "SUBSTR"]), key(), integer(), integer()]
        case 20, 21: return ["SETRANGE", key(), String(r.int(in: r.chance(0.1) ? -2...2 : 0...40)), value()]
        case 22:
            var args = ["LCS", key(), key()]
            switch r.int(in: 0..<5) {
            case 0: args.append("LEN")
            case 1: args.append("IDX")
            case 2: args += ["IDX", "WITHMATCHLEN", "MINMATCHLEN", String(r.int(in: 0...3))]
            default: break
            }
            return DiffStep(args)
        case 23: return ["OBJECT", "ENCODING", key()]
        case 24: return DiffStep(["TTL", key()], compare: StringFamilyTesting.integersWithin(1))
        case 25: return ["EXISTS", key()]
        case 26: return ["DEBUG", "DIGEST"]
        default: return ["GET", key()]
        }
    }

    @Test func randomSequencesRESP2() throws {
        try T.differential.checkRandom(seed: 0x57_21_46, count: 4000, Self.randomStringStep)
    }

    @Test func randomSequencesRESP3() throws {
        try T.differential3.checkRandom(seed: 0x57_21_47, count: 1500, Self.randomStringStep)
    }

    // MARK: encodings, binary data, sizes

    @Test func encodingTransitions() throws {
        let writes: [[String]] = [
            ["SET", "a", "123"], ["APPEND", "a", "4"], ["APPEND", "b", "123"], ["APPEND", "b", ""],
            ["SET", "c", "hello"], ["SETRANGE", "c", "0", ""], ["SETRANGE", "c", "1", "a"],
            ["SET", "i", "100"], ["INCR", "i"], ["INCRBY", "i", "-200"], ["DECR", "i"],
            ["SET", "s", "12345678901234567890"], ["SET", "s", "123456789012345678901"], ["SET", "s", "-0"],
            ["SET", "s", "007"], ["SET", "s", "-9223372036854775808"], ["SET", "s", "9223372036854775808"],
            ["SET", "s", "+1"], ["SET", "s", " 1"],
            ["SET", "s", String(repeating: "a", count: 15)], ["SET", "s", String(repeating: "a", count: 16)],
            ["SET", "s", String(repeating: "a", count: 44)], ["SET", "s", String(repeating: "a", count: 45)],
            ["INCRBYFLOAT", "f", "1"], ["INCRBYFLOAT", "f", "1e50"], ["INCRBYFLOAT", "f2", "2.5"],
            ["SETRANGE", "sr", "0", "5"], ["GETSET", "gs", "5"], ["MSET", "m1", "5", "m2", "abc"],
            ["SETEX", "se", "100", "77"], ["PSETEX", "pe", "100000", "x"], ["SETNX", "sn", "-12"],
            ["SET", "ap", "x"], ["APPEND", "ap", "y"], ["SET", "ap", "x"],
            ["SET", "big", String(repeating: "q", count: 100)], ["SETRANGE", "big", "0", ""],
            ["SET", "ttl", "1", "EX", "100"], ["INCR", "ttl"],
        ]
        var steps: [DiffStep] = []
        for write in writes {
            steps.append(DiffStep(write))
            steps.append(["OBJECT", "ENCODING", write[1]])
        }
        try T.differential.check(steps)
    }

    @Test func binarySafeValues() throws {
        let all = (0...255).map { UInt8($0) }
        let crlf = Array("\r\n$3\r\nfoo\r\n*1\r\n".utf8)
        var steps: [DiffStep] = [
            T.binary([Array("SET".utf8), Array("bin".utf8), all], label: "SET bin <all bytes>"),
            ["GET", "bin"], ["STRLEN", "bin"], ["GETRANGE", "bin", "250", "-1"],
            T.binary([Array("APPEND".utf8), Array("bin".utf8), all.reversed()], label: "APPEND bin <all bytes reversed>"),
            ["GET", "bin"],
            T.binary([Array("SETRANGE".utf8), Array("bin".utf8), Array("10".utf8), crlf], label: "SETRANGE bin 10 <crlf>"),
            ["GET", "bin"], ["OBJECT", "ENCODING", "bin"],
            T.binary([Array("SET".utf8), [0, 13, 10, 255], crlf], label: "SET <binary key> <crlf>"),
            T.binary([Array("GET".utf8), [0, 13, 10, 255]], label: "GET <binary key>"),
            T.binary([Array("MSET".utf8), [1], [0], [2], [255, 0]], label: "MSET binary"),
            T.binary([Array("MGET".utf8), [1], [2], [3]], label: "MGET binary"),
            T.binary([Array("GETSET".utf8), [1], all], label: "GETSET binary"),
            T.binary([Array("LCS".utf8), [1], Array("bin".utf8), Array("IDX".utf8), Array("WITHMATCHLEN".utf8)],
                     label: "LCS binary"),
            T.binary([Array("LCS".utf8), [1], Array("bin".utf8)], label: "LCS binary string"),
            T.binary([Array("INCRBYFLOAT".utf8), [9], [0x31, 0, 0x32]], label: "INCRBYFLOAT with NUL"),
            ["DEBUG", "DIGEST"],
        ]
        var random = SeededRandom(seed: 0xB1_4A_27)
        for i in 0..<20 {
            let value = random.bytes(random.int(in: 0...300))
            steps.append(T.binary([Array("SET".utf8), Array("r\(i)".utf8), value], label: "SET r\(i) <random bytes>"))
            steps.append(["GET", "r\(i)"])
            steps.append(["GETRANGE", "r\(i)", String(random.int(in: -20...20)), String(random.int(in: -20...300))])
        }
        steps.append(["DEBUG", "DIGEST"])
        try T.differential.check(steps)
    }

    @Test func bigValues() throws {
        let mb4 = String(repeating: "0123456789abcdef", count: 4 * 65536)
        try T.differential.check([
            ["SET", "big", mb4], ["GET", "big"], ["STRLEN", "big"], ["OBJECT", "ENCODING", "big"],
            ["APPEND", "big", mb4], ["STRLEN", "big"], ["GETRANGE", "big", "4194300", "4194310"],
            ["SETRANGE", "big", "10000000", "tail"], ["STRLEN", "big"], ["GETRANGE", "big", "-10", "-1"],
            ["GETRANGE", "big", "8388600", "8388620"],
            ["SETRANGE", "fresh", "3000000", "x"], ["STRLEN", "fresh"], ["GETRANGE", "fresh", "2999998", "-1"],
            ["MSET", "b1", mb4, "b2", mb4], ["MGET", "b1", "b2"], ["GETDEL", "b1"], ["GETSET", "b2", "small"],
            ["SET", "l1", String(repeating: "ab", count: 200)], ["SET", "l2", String(repeating: "ba", count: 200)],
            ["LCS", "l1", "l2", "LEN"], ["LCS", "l1", "l2", "IDX", "MINMATCHLEN", "100"],
            ["DEBUG", "DIGEST"],
        ])
    }

    /// Redis counts one change per key written (and none for refused or no-op writes), and
    /// counts keyspace hits/misses only for reads (writes look keys up without counting).
    @Test func dirtyCounter() throws {
        try T.differential.check(T.withDirtyChecks([
            ["SET", "a", "1"], ["SET", "a", "2", "NX"], ["SET", "a", "3", "XX", "EX", "100"], ["SETNX", "a", "4"],
            ["SETEX", "b", "100", "x"], ["GETSET", "b", "y"], ["GETDEL", "b"], ["GETDEL", "b"],
            ["MSET", "a", "1", "b", "2", "c", "3"], ["MSETNX", "a", "1", "d", "2"], ["MSETNX", "d", "1", "e", "2"],
            ["APPEND", "a", "x"], ["APPEND", "a", ""], ["SETRANGE", "a", "0", ""], ["SETRANGE", "a", "1", "yy"],
            ["INCR", "c"], ["INCRBY", "c", "5"], ["DECRBY", "c", "2"], ["INCR", "a"], ["INCRBYFLOAT", "c", "1.5"],
            ["GETEX", "c"], ["GETEX", "c", "EX", "100"], ["GETEX", "c", "PERSIST"], ["GETEX", "c", "PERSIST"],
            ["GETEX", "c", "EXAT", "1"], ["GET", "a"], ["MGET", "a", "b"], ["LCS", "a", "b"],
        ]))
    }

    /// proto-max-bulk-len bounds every write that grows a string, and LCS's transient table.
    @Test func protoMaxBulkLenLimits() throws {
        let limit = 1024 * 1024
        var d = T.differential
        d.serverArgs += ["--proto-max-bulk-len", "1mb"]
        let half = String(repeating: "h", count: limit / 2)
        try d.check([
            ["SETRANGE", "k", String(limit - 1), "a"], ["STRLEN", "k"], ["SETRANGE", "k", String(limit), "a"],
            ["SETRANGE", "k", String(limit - 1), "ab"], ["SETRANGE", "n", String(limit), "a"], ["EXISTS", "n"],
            ["APPEND", "k", "x"], ["SET", "h", half], ["APPEND", "h", half], ["APPEND", "h", "x"], ["STRLEN", "h"],
            ["SET", "l1", String(repeating: "x", count: 600)], ["SET", "l2", String(repeating: "x", count: 600)],
            ["LCS", "l1", "l2", "LEN"], ["SET", "l2", String(repeating: "x", count: 300)], ["LCS", "l1", "l2", "LEN"],
        ])
    }

    /// WRONGTYPE for every string and bitmap command, and Redis's order of checks (argument
    /// errors that come first, key types that come first). Needs a second type: it checks
    /// nothing until StructD implements LPUSH.
    @Test func wrongTypeErrors() throws {
        let probe = try ServerProcess.structd()
        let hasLists = try probe.connect().roundTrip("LPUSH", "probe", "x").first == UInt8(ascii: ":")
        probe.stop()
        guard hasLists else { return }
        try T.differential.check([
            ["LPUSH", "L", "a", "b"], ["SET", "k", "abc"],
            ["GET", "L"], ["SET", "L", "v", "GET"], ["SET", "L", "v", "XX", "GET"], ["SET", "L", "v", "NX"],
            ["GETSET", "L", "v"], ["GETDEL", "L"], ["GETEX", "L"], ["GETEX", "L", "EX", "0"], ["GETEX", "L", "foo"],
            ["MGET", "L", "k"], ["SETNX", "L", "v"], ["MSETNX", "L", "v", "n", "v"], ["EXISTS", "n"],
            ["APPEND", "L", "x"], ["STRLEN", "L"], ["INCR", "L"], ["DECRBY", "L", "1"], ["INCRBY", "L", "abc"],
            ["INCRBYFLOAT", "L", "1"], ["INCRBYFLOAT", "L", "abc"], ["GETRANGE", "L", "0", "1"],
            ["GETRANGE", "L", "a", "1"], ["SETRANGE", "L", "0", "x"], ["SETRANGE", "L", "0", ""],
            ["SETRANGE", "L", "-1", "x"], ["LCS", "L", "k"], ["LCS", "k", "L"], ["LCS", "L", "k", "foo"],
            ["SETBIT", "L", "0", "1"], ["SETBIT", "L", "-1", "1"], ["SETBIT", "L", "0", "5"], ["GETBIT", "L", "0"],
            ["GETBIT", "L", "x"], ["BITCOUNT", "L"], ["BITCOUNT", "L", "a", "b"], ["BITPOS", "L", "1"],
            ["BITPOS", "L", "2"], ["BITOP", "AND", "d", "k", "L"], ["BITOP", "NOT", "d", "L"], ["EXISTS", "d"],
            ["BITOP", "OR", "L", "k"], ["TYPE", "L"], ["LPUSH", "L", "a"],
            ["BITFIELD", "L", "GET", "u8", "0"], ["BITFIELD", "L", "SET", "u8", "0", "1"],
            ["BITFIELD", "L", "GET", "x", "0"], ["BITFIELD_RO", "L", "GET", "u8", "0"], ["BITFIELD", "L"],
            ["SET", "L", "v"], ["TYPE", "L"], ["GET", "L"],
        ])
    }

    // MARK: targeted (timing, complexity)

    @Test func expiryTakesEffect() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect()
        #expect(try c.roundTrip("SET", "a", "1", "PX", "150") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("PSETEX", "b", "150", "2") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("SET", "c", "3", "PX", "150") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("SET", "c", "4", "KEEPTTL") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("SET", "d", "5", "PX", "150") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("SET", "d", "6") == Array("+OK\r\n".utf8))         // drops the TTL
        #expect(try c.roundTrip("SET", "e", "7", "PX", "150") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("GETEX", "e", "PERSIST") == Array("$1\r\n7\r\n".utf8))
        #expect(try c.roundTrip("SET", "f", "8") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("GETEX", "f", "PX", "150") == Array("$1\r\n8\r\n".utf8))
        #expect(try c.roundTrip("SET", "g", "9", "PX", "150") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("INCR", "g") == Array(":10\r\n".utf8))               // keeps the TTL
        #expect(try c.roundTrip("GET", "a") == Array("$1\r\n1\r\n".utf8))
        Thread.sleep(forTimeInterval: 0.3)
        for key in ["a", "b", "c", "f", "g"] {
            #expect(try c.roundTrip("GET", key) == Array("$-1\r\n".utf8), "\(key) should have expired")
        }
        #expect(try c.roundTrip("GET", "d") == Array("$1\r\n6\r\n".utf8))
        #expect(try c.roundTrip("GET", "e") == Array("$1\r\n7\r\n".utf8))
        // An absolute time in the past: SET stores a key that is already gone for readers.
        #expect(try c.roundTrip("SET", "h", "1", "PXAT", "1") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("GET", "h") == Array("$-1\r\n".utf8))
    }

    /// 60k APPENDs of 100 bytes build a 6 MB string: amortized O(1) takes well under a
    /// second even in a debug build; copying the string each time would take minutes.
    @Test func appendIsAmortizedConstantTime() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect(timeout: .seconds(30))
        let chunk = String(repeating: "x", count: 100)
        let batch = Array(repeating: RESPFramer.encode(["APPEND", "log", chunk]), count: 1000).flatMap { $0 }
        let start = ContinuousClock.now
        var last: [UInt8] = []
        for _ in 0..<60 {
            try c.send(batch)
            for _ in 0..<1000 { last = try c.readReplyBytes() }
        }
        let elapsed = ContinuousClock.now - start
        #expect(last == Array(":6000000\r\n".utf8))
        #expect(elapsed < .seconds(15), "60k APPENDs took \(elapsed)")
        // Another key sharing nothing: APPEND on a copy must not show through the original.
        #expect(try c.roundTrip("SET", "orig", String(repeating: "o", count: 50)) == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("APPEND", "orig", "!") == Array(":51\r\n".utf8))
        #expect(try c.roundTrip("OBJECT", "ENCODING", "orig") == Array("$3\r\nraw\r\n".utf8))
    }
}
