// Bitmap family tests (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO) against
// redis-server 7.0.15, byte for byte:
//   - a scripted differential over every command, argument form and error (including Redis
//     7.0's argument-order quirks: answers for missing keys before range checks, BITPOS's
//     end-of-range rules for clear bits), in RESP2 and RESP3;
//   - BITFIELD overflow semantics: WRAP / SAT / FAIL for signed and unsigned fields of every
//     width at their limits, and seeded random BITFIELD programs;
//   - seeded random sequences mixing bit commands with string writes on a few keys, the
//     dataset compared with DEBUG DIGEST along the way;
//   - big bitmaps (a few MB) and the proto-max-bulk-len bound on bit offsets;
//   - the dirty counter after each write.

import Foundation
import Glibc
import RESP
import Testing

@Suite("Bitmaps", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct BitmapTests {
    typealias T = StringFamilyTesting

    static let script: [DiffStep] = [
        // BITCOUNT.
        ["BITCOUNT", "nokey"], ["BITCOUNT", "nokey", "a", "b"], ["BITCOUNT", "nokey", "0"],
        ["SET", "k", "foobar"], ["BITCOUNT", "k"], ["BITCOUNT", "k", "0"], ["BITCOUNT", "k", "-1", "-2", "foo"],
        ["BITCOUNT", "k", "1", "1", "foo"], ["BITCOUNT", "k", "0", "-1", "BIT"], ["BITCOUNT", "k", "5", "30", "bit"],
        ["BITCOUNT", "k", "1", "1"], ["BITCOUNT", "k", "1", "1", "BYTE"], ["BITCOUNT", "k", "0", "0", "BIT"],
        ["BITCOUNT", "k", "7", "7", "BIT"], ["BITCOUNT", "k", "7", "8", "BIT"], ["BITCOUNT", "k", "-5", "-1", "BIT"],
        ["BITCOUNT", "k", "-100", "100"], ["BITCOUNT", "k", "100", "200"], ["BITCOUNT", "k", "a", "1"],
        ["BITCOUNT", "k", "0", "b"], ["BITCOUNT", "k", "0", "1", "BYTE", "extra"], ["BITCOUNT", "k", "3", "1"],
        ["BITCOUNT", "k", "0", "1", "bit\u{0}x"], ["BITCOUNT", "k", "-9223372036854775808", "9223372036854775807", "BIT"],
        ["BITCOUNT"],
        // BITPOS.
        ["BITPOS", "nokey", "1", "a"], ["BITPOS", "nokey", "2"], ["BITPOS", "nokey", "0"], ["BITPOS", "nokey", "1"],
        ["BITPOS", "k", "x"], ["BITPOS", "k", "-1"],
        ["BITPOS", "k", "1", "abc", "1", "xyz"], ["BITPOS", "k", "1", "0", "abc", "xyz"],
        ["BITPOS", "k", "1", "0", "1", "BIT", "extra"], ["BITPOS", "k", "1"], ["BITPOS", "k", "0"],
        ["BITPOS", "k", "1", "2"], ["BITPOS", "k", "0", "2", "-1"], ["BITPOS", "k", "1", "-1"],
        ["BITPOS", "k", "1", "17", "30", "BIT"], ["BITPOS", "k", "0", "17", "30", "BIT"],
        ["SET", "e", ""], ["BITPOS", "e", "0"], ["BITPOS", "e", "1"], ["BITPOS", "e", "0", "0"],
        ["BITPOS", "e", "0", "0", "-1", "BIT"], ["BITCOUNT", "e", "0", "-1"],
        ["SETBIT", "f", "15", "1"], ["SETRANGE", "f", "0", "\u{7f}"],
        ["GET", "f"], ["BITPOS", "f", "0"], ["BITPOS", "f", "1"], ["BITPOS", "f", "0", "1"],
        ["BITPOS", "f", "0", "1", "1"], ["BITPOS", "f", "1", "3", "20", "BIT"], ["BITPOS", "f", "0", "3", "BIT"],
        ["BITPOS", "f", "0", "-3", "-1", "BIT"], ["BITPOS", "f", "1", "-3", "-1", "BIT"], ["BITPOS", "f", "0", "8"],
        ["BITPOS", "f", "0", "5", "2"],
        // SETBIT / GETBIT.
        ["SETBIT", "k", "-1", "1"], ["SETBIT", "k", "4294967296", "1"], ["SETBIT", "k", "0", "2"],
        ["SETBIT", "k", "0", "-1"], ["SETBIT", "k", "a", "1"], ["SETBIT", "k", "0", "a"], ["SETBIT", "k", "0", ""],
        ["SETBIT", "k", "100", "1"], ["SETBIT", "k", "100", "1"], ["SETBIT", "k", "100", "0"], ["STRLEN", "k"],
        ["GETBIT", "k", "100"], ["GETBIT", "k", "4294967296"], ["GETBIT", "k", "abc"], ["GETBIT", "k", "-1"],
        ["GETBIT", "nokey", "5"], ["GETBIT", "k", "1000000"], ["GET", "k"],
        ["SET", "i", "1"], ["GETBIT", "i", "7"], ["GETBIT", "i", "2"], ["GETBIT", "i", "8"], ["SETBIT", "i", "7", "0"],
        ["GET", "i"], ["OBJECT", "ENCODING", "i"], ["SET", "i", "1"], ["SETBIT", "i", "2", "1"], ["OBJECT", "ENCODING", "i"],
        ["SETBIT", "new", "7", "1"], ["OBJECT", "ENCODING", "new"], ["GET", "new"],
        // BITOP.
        ["BITOP", "foo", "dst", "a"], ["BITOP", "NOT", "dst", "a", "b"], ["BITOP", "NOT", "dst"],
        ["BITOP", "AND", "dst", "nokey1", "nokey2"], ["BITOP", "NOT", "dst", "k"], ["GET", "dst"],
        ["OBJECT", "ENCODING", "dst"], ["BITOP", "and\u{0}x", "dst", "k"], ["BITOP", "aNd", "dst", "k"],
        ["MSET", "s1", "\u{1}\u{2}\u{3}\u{7f}\u{70}\u{f}\u{2a}\u{55}\u{12}\u{34}\u{56}", "s2", "\u{7f}\u{0}",
         "s3", "abcdefghijklmnopqrstuvwxyz"],
        ["BITOP", "AND", "dst", "s1", "s2", "s3"], ["GET", "dst"], ["BITOP", "OR", "dst", "s1", "s2", "s3"], ["GET", "dst"],
        ["BITOP", "XOR", "dst", "s1", "s2", "s3"], ["GET", "dst"], ["BITOP", "AND", "dst", "s3", "nokey"], ["GET", "dst"],
        ["BITOP", "OR", "dst", "nokey", "s3"], ["GET", "dst"], ["BITOP", "XOR", "dst", "s3", "s3"], ["GET", "dst"],
        ["BITOP", "OR", "dst", "i", "s1"], ["GET", "dst"], ["BITOP", "AND", "dst", "nokey"], ["EXISTS", "dst"],
        ["SET", "dst", "x", "EX", "100"], ["BITOP", "OR", "dst", "s1"], ["TTL", "dst"],
        ["BITOP", "OR", "dst", "nokey"], ["EXISTS", "dst"], ["BITOP", "XOR", "s1", "s1", "s2"], ["GET", "s1"],
        ["BITOP", "NOT", "e2", "e"], ["EXISTS", "e2"],
        // BITFIELD parsing.
        ["BITFIELD", "nokey"], ["SET", "k", "foobar"],
        ["BITFIELD", "k", "GET", "i8", "0", "GET", "u8", "#1", "GET", "i64", "0", "GET", "u63", "3"],
        ["BITFIELD", "k", "GET", "u64", "0"], ["BITFIELD", "k", "GET", "i65", "0"], ["BITFIELD", "k", "GET", "i0", "0"],
        ["BITFIELD", "k", "GET", "x8", "0"], ["BITFIELD", "k", "GET", "i8\u{0}z", "0"], ["BITFIELD", "k", "GET", "", "0"],
        ["BITFIELD", "k", "GET", "i", "0"], ["BITFIELD", "k", "GET", "u08", "0"], ["BITFIELD", "k", "GET", "I8", "0"],
        ["BITFIELD", "k", "GET", "i8", "-1"], ["BITFIELD", "k", "GET", "i8", "#-1"], ["BITFIELD", "k", "GET", "i8", "#"],
        ["BITFIELD", "k", "GET", "i8", "4294967296"], ["BITFIELD", "k", "GET", "i8", "#536870912"],
        ["BITFIELD", "k", "GET", "i8", "#2305843009213693952"], ["BITFIELD", "k", "GET", "i8", "1.5"],
        ["BITFIELD", "k", "GET", "i8"], ["BITFIELD", "k", "foo"], ["BITFIELD", "k", "OVERFLOW", "bla"],
        ["BITFIELD", "k", "OVERFLOW"], ["BITFIELD", "k", "SET", "i8", "0", "abc"], ["BITFIELD", "k", "INCRBY", "i8", "0"],
        ["BITFIELD", "k", "GET", "i8", "0", "foo"], ["BITFIELD", "k", "SET", "i8", "0", "1", "GET", "x1", "0"],
        ["GET", "k"],
        ["BITFIELD_RO", "k", "GET", "i8", "0", "SET", "i8", "0", "1"], ["BITFIELD_RO", "k", "OVERFLOW", "SAT", "GET", "u4", "0"],
        ["BITFIELD_RO", "k", "SET", "i8", "0", "1"], ["BITFIELD_RO", "nokey", "GET", "u8", "0"], ["BITFIELD_RO", "k"],
        ["BITFIELD", "k", "GET", "i64", "40", "GET", "u63", "41", "GET", "i8", "100"],
        ["BITFIELD", "i", "GET", "u8", "0", "GET", "i4", "4"], ["BITFIELD", "i", "SET", "u8", "0", "65"], ["GET", "i"],
        ["BITFIELD", "b3", "SET", "u8", "#100", "7"], ["STRLEN", "b3"], ["BITFIELD", "b3", "GET", "u8", "#100", "GET", "u8", "#101"],
        ["BITFIELD", "b4", "OVERFLOW", "FAIL", "SET", "u8", "0", "256"], ["GET", "b4"], ["OBJECT", "ENCODING", "b4"],
        ["BITFIELD", "b5", "GET", "u8", "0"], ["EXISTS", "b5"],
        ["DEBUG", "DIGEST"],
    ]

    @Test func scriptedDifferentialRESP2() throws {
        try T.differential.check(Self.script)
    }

    @Test func scriptedDifferentialRESP3() throws {
        try T.differential3.check(Self.script)
    }

    /// Every width at its limits, in every overflow mode, for SET and INCRBY.
    @Test func bitfieldOverflowSemantics() throws {
        var steps: [DiffStep] = []
        for signed in [true, false] {
            for bits in [1, 2, 3, 7, 8, 9, 15, 16, 31, 32, 33, 62, 63, 64] where signed || bits < 64 {
                let type = (signed ? "i" : "u") + String(bits)
                let maxValue = signed ? (bits == 64 ? Int64.max : (Int64(1) << (bits - 1)) - 1)
                                      : (Int64(1) << bits) &- 1
                let minValue = signed ? -maxValue - 1 : 0
                let values = [minValue, maxValue, 0, 1, -1, maxValue &+ 1, minValue &- 1, Int64.max, Int64.min]
                let increments = [1, -1, maxValue, minValue, Int64.max, Int64.min, 2, -2]
                for mode in ["WRAP", "SAT", "FAIL"] {
                    for value in values {
                        var args = ["BITFIELD", "bf", "OVERFLOW", mode, "SET", type, "3", String(value), "GET", type, "3"]
                        for incr in increments.prefix(4) { args += ["INCRBY", type, "3", String(incr)] }
                        steps.append(DiffStep(args))
                    }
                    for incr in increments {
                        steps.append(DiffStep(["BITFIELD", "bf", "OVERFLOW", mode, "SET", type, "#1", String(maxValue),
                                               "INCRBY", type, "#1", String(incr), "SET", type, "#1", String(minValue),
                                               "INCRBY", type, "#1", String(incr), "GET", type, "#1"]))
                    }
                }
            }
        }
        steps.append(["GET", "bf"])
        steps.append(["DEBUG", "DIGEST"])
        try T.differential.check(steps)
    }

    /// Random BITFIELD programs over random widths, offsets and overflow modes.
    @Test func randomBitfieldPrograms() throws {
        try T.differential.checkRandom(seed: 0xB17F_1E1D, count: 1500) { r, _ in
            var args = [r.chance(0.1) ? "BITFIELD_RO" : "BITFIELD", r.pick(["x", "y"])]
            for _ in 0..<r.int(in: 1...5) {
                let signed = r.chance(0.5)
                let bits = r.int(in: 1...(signed ? 64 : 63))
                let type = (signed ? "i" : "u") + String(bits)
                let offset = r.chance(0.3) ? "#" + String(r.int(in: 0...10)) : String(r.int(in: 0...100))
                func value() -> String {
                    r.chance(0.8) ? String(r.int(in: -300...300))
                        : String(Int64(bitPattern: r.next()) >> Int64(r.int(in: 0...63)))
                }
                switch r.int(in: 0..<4) {
                case 0: args += ["GET", type, offset]
                case 1: args += ["SET", type, offset, value()]
                case 2: args += ["INCRBY", type, offset, value()]
                default: args += ["OVERFLOW", r.pick(["WRAP", "SAT", "FAIL"])]
                }
            }
            return DiffStep(args)
        }
    }

    static func randomBitStep(_ r: inout SeededRandom, _ step: Int) -> DiffStep {
        let keys = ["b0", "b1", "b2"]
        func key() -> String { r.pick(keys) }
        func index() -> String { r.chance(0.9) ? String(r.int(in: -12...12)) : r.pick(["abc", "9223372036854775807", "-9223372036854775808"]) }
        func offset() -> String { String(r.chance(0.9) ? r.int(in: 0...200) : r.int(in: 0...5000)) }
        switch r.int(in: 0..<20) {
        case 0, 1, 2: return ["SETBIT", key(), offset(), r.pick(["0", "1", "1", "2"])]
        case 3: return ["GETBIT", key(), offset()]
        case 4, 5:
            var args = ["BITCOUNT", key()]
            if r.chance(0.7) { args += [index(), index()] }
            if r.chance(0.4) { args.append(r.pick(["BIT", "BYTE", "bits"])) }
            return DiffStep(args)
        case 6, 7, 8:
            var args = ["BITPOS", key(), r.pick(["0", "1"])]
            if r.chance(0.7) { args.append(index()) }
            if args.count == 4 && r.chance(0.6) { args.append(index()) }
            if args.count == 5 && r.chance(0.5) { args.append(r.pick(["BIT", "BYTE"])) }
            return DiffStep(args)
        case 9, 10:
            let op = r.pick(["AND", "OR", "XOR", "NOT"])
            let sources = op == "NOT" ? [key()] : (0..<r.int(in: 1...3)).map { _ in r.chance(0.15) ? "missing" : key() }
            return DiffStep(["BITOP", op, key()] + sources)
        case 11: return ["SET", key(), r.pick(["", "foobar", "\u{0}\u{0}", "12345", "\u{7f}\u{7f}\u{7f}", "zzz"])]
        case 12: return ["APPEND", key(), r.pick(["\u{1}", "abc", "\u{7f}"])]
        case 13: return ["SETRANGE", key(), String(r.int(in: 0...30)), r.pick(["\u{7f}", "x", "\u{0}"])]
        case 14: return ["DEL", key()]
        case 15: return ["GET", key()]
        case 16: return ["OBJECT", "ENCODING", key()]
        case 17:
            let type = r.pick(["u8", "i8", "u1", "i16", "u31", "i64"])
            return ["BITFIELD", key(), "OVERFLOW", r.pick(["WRAP", "SAT", "FAIL"]), "INCRBY", type, offset(),
                    String(r.int(in: -200...200)), "GET", type, offset()]
        case 18: return ["STRLEN", key()]
        default: return ["DEBUG", "DIGEST"]
        }
    }

    @Test func randomSequencesRESP2() throws {
        try T.differential.checkRandom(seed: 0xB1_7B_A5, count: 4000, Self.randomBitStep)
    }

    @Test func randomSequencesRESP3() throws {
        try T.differential3.checkRandom(seed: 0xB1_7B_A6, count: 1000, Self.randomBitStep)
    }

    @Test func bigBitmaps() throws {
        try T.differential.check([
            ["SETBIT", "big", "33554431", "1"], ["STRLEN", "big"], ["BITCOUNT", "big"], ["BITPOS", "big", "1"],
            ["BITPOS", "big", "0"], ["BITPOS", "big", "1", "-1"], ["BITPOS", "big", "0", "-1"],
            ["SETBIT", "big", "5", "1"], ["BITCOUNT", "big", "0", "-1", "BIT"], ["BITCOUNT", "big", "1", "-2"],
            ["BITPOS", "big", "1", "1"], ["BITPOS", "big", "1", "6", "-1", "BIT"],
            ["SET", "ones", String(repeating: "\u{7f}", count: 3_000_000)], ["BITCOUNT", "ones"], ["BITPOS", "ones", "0"],
            ["BITPOS", "ones", "0", "8", "-1", "BIT"], ["BITPOS", "ones", "1", "2999999"],
            ["BITOP", "AND", "andd", "big", "ones"], ["BITCOUNT", "andd"], ["BITOP", "XOR", "xord", "big", "ones"],
            ["BITCOUNT", "xord"], ["BITOP", "NOT", "nott", "big"], ["BITCOUNT", "nott"], ["BITPOS", "nott", "0"],
            ["BITFIELD", "big", "GET", "u63", "33554400", "SET", "i64", "40000000", "-1"], ["STRLEN", "big"],
            ["DEBUG", "DIGEST"],
        ])
    }

    @Test func offsetsBoundedByProtoMaxBulkLen() throws {
        var d = T.differential
        d.serverArgs += ["--proto-max-bulk-len", "1mb"]
        let lastBit = 8 * 1024 * 1024 - 1
        try d.check([
            ["SETBIT", "k", String(lastBit), "1"], ["STRLEN", "k"], ["SETBIT", "k", String(lastBit + 1), "1"],
            ["GETBIT", "k", String(lastBit + 1)], ["BITFIELD", "k", "GET", "u8", String(lastBit)],
            ["BITFIELD", "k", "GET", "u8", String(lastBit + 1)], ["BITFIELD", "k", "SET", "u8", "#131071", "1"],
            ["BITFIELD", "k", "SET", "u8", "#131072", "1"], ["BITFIELD", "k", "SET", "i64", String(lastBit), "1"],
            ["STRLEN", "k"],
        ])
    }

    @Test func dirtyCounter() throws {
        try T.differential.check(T.withDirtyChecks([
            ["SETBIT", "a", "7", "1"], ["SETBIT", "a", "7", "1"], ["SETBIT", "a", "7", "0"], ["SETBIT", "a", "100", "0"],
            ["GETBIT", "a", "7"], ["BITOP", "NOT", "b", "a"], ["BITOP", "OR", "b", "nokey"], ["BITOP", "OR", "b", "nokey"],
            ["BITFIELD", "c", "SET", "u8", "0", "1", "INCRBY", "u8", "0", "1", "GET", "u8", "0"],
            ["BITFIELD", "c", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000"], ["BITFIELD", "c", "GET", "u8", "0"],
            ["BITFIELD_RO", "c", "GET", "u8", "0"], ["BITCOUNT", "c"], ["BITPOS", "c", "1"],
        ]))
    }
}
