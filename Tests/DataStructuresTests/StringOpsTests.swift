// StringOps and BitOps: known answers taken from redis-server 7.0.15 (long double text,
// LCS ranges, BITFIELD overflow results), and the word-at-a-time bit algorithms checked
// against naive bit-by-bit models on seeded random buffers.
import Testing
@testable import DataStructures

private func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) -> R) -> R {
    bytes.withUnsafeBytes(body)
}

private func text(_ s: String) -> [UInt8] { Array(s.utf8) }

/// xorshift64*: deterministic buffers for the model comparisons.
private struct Rng {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 2685821657736338717
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func bytes(_ n: Int) -> [UInt8] {
        // Mix dense, sparse and saturated bytes so searches find both early and late hits.
        let style = int(3)
        return (0..<n).map { _ in
            switch style {
            case 0: return UInt8(truncatingIfNeeded: next())
            case 1: return int(10) == 0 ? UInt8(1 << int(8)) : 0
            default: return int(10) == 0 ? ~UInt8(1 << int(8)) : 0xFF
            }
        }
    }
}

@Suite struct LongDoubleTests {
    @Test func parsesLikeString2ld() {
        func parse(_ s: String) -> Float80? { withBytes(text(s)) { LongDouble.parse($0) } }
        #expect(parse("10.50") == 10.5)
        #expect(parse("+1") == 1)
        #expect(parse(".5") == 0.5)
        #expect(parse("3.") == 3)
        #expect(parse("0x10") == 16)
        #expect(parse("1e-4940") != nil)          // a denormal: accepted
        #expect(parse("inf") == .infinity)        // accepted here, refused after the addition
        #expect(parse("1e-5000") == nil)          // underflow to zero
        #expect(parse("5e5000") == nil)           // overflow
        #expect(parse("nan") == nil)
        #expect(parse("") == nil)
        #expect(parse(" 1") == nil)
        #expect(parse("1 ") == nil)
        #expect(parse("abc") == nil)
        #expect(withBytes(text("1") + [0] + text("abc")) { LongDouble.parse($0) } == nil)
        #expect(parse("1" + String(repeating: "0", count: 5119)) == nil)   // MAX_LONG_DOUBLE_CHARS
    }

    @Test func formatsLikeRedisHumanMode() {
        func f(_ v: Float80) -> String { String(decoding: LongDouble.format(v), as: UTF8.self) }
        #expect(f(3) == "3")
        #expect(f(10.5) == "10.5")
        #expect(f(-0.0) == "0")
        #expect(f(-1e-20) == "0")
        #expect(f(0.1) == "0.1")
        // redis-server 7.0.15: SET x 3, INCRBYFLOAT x 1e30.
        #expect(f(3 + 1e30) == "1000000000000000000024696061952")
        #expect(f(1.0 / 3.0 as Float80) == "0.33333333333333333")
        #expect(f(.infinity) == "inf")
        #expect(f(-.infinity) == "-inf")
        // The largest values still fit the 5 KB buffer.
        #expect(LongDouble.format(.greatestFiniteMagnitude).count == 4933)
    }

    @Test func intEncodedValuesConvertExactly() {
        #expect(LongDouble.value(of: .int(Int64.max)) == Float80(Int64.max))
        #expect(LongDouble.value(of: RStr("12.25")) == 12.25)
    }
}

@Suite struct OptionMatchTests {
    @Test func comparesAsCStringsIgnoringCase() {
        func m(_ bytes: [UInt8], _ name: StaticString) -> Bool { withBytes(bytes) { optionMatches($0, name) } }
        #expect(m(text("nx"), "nx"))
        #expect(m(text("NX"), "nx"))
        #expect(m(text("kEePtTl"), "keepttl"))
        #expect(m(text("nx") + [0, 65], "nx"))
        #expect(!m(text("nxx"), "nx"))
        #expect(!m(text("n"), "nx"))
        #expect(!m([0], "nx"))
        #expect(!m([], "nx"))
        #expect(withBytes(text("i8") + [0] + text("z")) { cStringLength($0) } == 2)
    }
}

@Suite struct LCSTests {
    @Test func redisDocumentationExample() {
        let r = withBytes(text("ohmytext")) { a in
            withBytes(text("mynewtext")) { b in LCS.compute(a, b, walk: true, minMatchLength: 0) }
        }
        #expect(r.length == 6)
        #expect(String(decoding: r.subsequence, as: UTF8.self) == "mytext")
        #expect(r.matches == [LCSMatch(aStart: 4, aEnd: 7, bStart: 5, bEnd: 8),
                              LCSMatch(aStart: 2, aEnd: 3, bStart: 0, bEnd: 1)])
        let filtered = withBytes(text("ohmytext")) { a in
            withBytes(text("mynewtext")) { b in LCS.compute(a, b, walk: true, minMatchLength: 4) }
        }
        #expect(filtered.matches == [LCSMatch(aStart: 4, aEnd: 7, bStart: 5, bEnd: 8)])
    }

    @Test func emptyAndLengthOnly() {
        let r = withBytes([]) { a in withBytes(text("abc")) { b in LCS.compute(a, b, walk: true, minMatchLength: 0) } }
        #expect(r.length == 0 && r.subsequence.isEmpty && r.matches.isEmpty)
        let l = withBytes(text("abcbdab")) { a in withBytes(text("bdcaba")) { b in LCS.compute(a, b, walk: false, minMatchLength: 0) } }
        #expect(l.length == 4)
        #expect(LCS.tableBytes(600, 600) == 601 * 601 * 4)
    }

    @Test func subsequenceIsCommonAndRangesAreConsistent() {
        var rng = Rng(state: 0x5EED)
        for _ in 0..<200 {
            let a = (0..<rng.int(30)).map { _ in UInt8(97 + rng.int(3)) }
            let b = (0..<rng.int(30)).map { _ in UInt8(97 + rng.int(3)) }
            let r = withBytes(a) { pa in withBytes(b) { pb in LCS.compute(pa, pb, walk: true, minMatchLength: 0) } }
            #expect(r.subsequence.count == r.length)
            #expect(isSubsequence(r.subsequence, of: a) && isSubsequence(r.subsequence, of: b))
            #expect(r.matches.reduce(0) { $0 + $1.length } == r.length)
            for m in r.matches {
                #expect(Array(a[m.aStart...m.aEnd]) == Array(b[m.bStart...m.bEnd]))
            }
        }
    }

    private func isSubsequence(_ s: [UInt8], of t: [UInt8]) -> Bool {
        var i = 0
        for c in t where i < s.count && s[i] == c { i += 1 }
        return i == s.count
    }
}

@Suite struct BitOpsTests {
    private func naiveBit(_ p: [UInt8], _ i: Int) -> Bool { (p[i >> 3] >> (7 - UInt8(i & 7))) & 1 == 1 }

    @Test func popcountAndRangesMatchNaiveCount() {
        var rng = Rng(state: 42)
        for _ in 0..<300 {
            let buf = rng.bytes(1 + rng.int(100))
            let bits = buf.count * 8
            let from = rng.int(bits), through = from + rng.int(bits - from)
            let naive = (from...through).filter { naiveBit(buf, $0) }.count
            withBytes(buf) { p in
                #expect(BitOps.countBits(p, from: from, through: through) == naive)
                #expect(BitOps.popcount(p) == (0..<bits).filter { naiveBit(buf, $0) }.count)
            }
        }
    }

    @Test func firstBitMatchesNaiveSearch() {
        var rng = Rng(state: 7)
        for _ in 0..<600 {
            let buf = rng.bytes(1 + rng.int(80))
            let bits = buf.count * 8
            let from = rng.int(bits), through = from + rng.int(bits - from)
            for want in [false, true] {
                let naive = (from...through).first { naiveBit(buf, $0) == want }
                #expect(withBytes(buf) { BitOps.firstBit($0, want, from: from, through: through) } == naive)
            }
        }
    }

    @Test func fieldsRoundTripAndReadZeroPastTheEnd() {
        var rng = Rng(state: 99)
        for _ in 0..<500 {
            var buf = rng.bytes(12)
            let bits = 1 + rng.int(64)
            let offset = UInt64(rng.int(96 - bits + 1))
            let value = rng.next()
            let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
            let before = buf
            buf.withUnsafeMutableBufferPointer { BitOps.writeField($0.baseAddress!, offset: offset, bits: bits, value: value) }
            #expect(withBytes(buf) { BitOps.readField($0, offset: offset, bits: bits) } == value & mask)
            // Bits outside the field are untouched.
            for i in 0..<96 where UInt64(i) < offset || UInt64(i) >= offset + UInt64(bits) {
                #expect(naiveBit(buf, i) == naiveBit(before, i))
            }
        }
        #expect(withBytes([0xFF]) { BitOps.readField($0, offset: 4, bits: 8) } == 0xF0)
        #expect(withBytes([0x80]) { BitOps.readSignedField($0, offset: 0, bits: 8) } == -128)
        #expect(withBytes([]) { BitOps.readField($0, offset: 1000, bits: 64) } == 0)
    }

    @Test func signedOverflowMatchesExactArithmetic() {
        var rng = Rng(state: 3)
        for _ in 0..<5000 {
            let bits = 1 + rng.int(64)
            let maxV: Int64 = bits == 64 ? .max : (1 << (bits - 1)) - 1
            let minV = -maxV - 1
            let value = BitOps.signExtend(bits == 64 ? rng.next() : rng.next() & ((1 << UInt64(bits)) - 1), bits: bits)
            let incr = rng.int(2) == 0 ? Int64(bitPattern: rng.next()) : Int64(rng.int(7)) - 3
            let exact = Int128(value) + Int128(incr)
            let fits = exact >= Int128(minV) && exact <= Int128(maxV)
            #expect((BitOps.signedAdd(value, incr, bits: bits, mode: .fail) == nil) == !fits)
            let sat = BitOps.signedAdd(value, incr, bits: bits, mode: .sat)!
            #expect(Int128(sat) == min(max(exact, Int128(minV)), Int128(maxV)))
            let wrap = BitOps.signedAdd(value, incr, bits: bits, mode: .wrap)!
            let modulus = Int128(1) << bits
            var expected = ((exact % modulus) + modulus) % modulus
            if expected > Int128(maxV) { expected -= modulus }
            #expect(Int128(wrap) == expected)
        }
    }

    /// Redis's signed check wraps `max - value`: SET of a value near Int64.min into a narrow
    /// field counts as overflowing upwards (redis-server 7.0.15: BITFIELD k OVERFLOW SAT
    /// SET i8 0 -9223372036854775808 stores 127; SET i1 ... stores 0).
    @Test func signedSetNearInt64MinSaturatesUpwardsLikeRedis() {
        #expect(BitOps.signedAdd(.min, 0, bits: 8, mode: .sat) == 127)
        #expect(BitOps.signedAdd(.min, 0, bits: 1, mode: .sat) == 0)
        #expect(BitOps.signedAdd(.min + 200, 0, bits: 8, mode: .sat) == -128)
        #expect(BitOps.signedAdd(.min, 0, bits: 64, mode: .fail) == .min)
        #expect(BitOps.signedAdd(-129, 0, bits: 8, mode: .wrap) == 127)
    }

    @Test func unsignedOverflowMatchesExactArithmetic() {
        var rng = Rng(state: 5)
        for _ in 0..<5000 {
            let bits = 1 + rng.int(63)
            let maxV: UInt64 = (1 << UInt64(bits)) - 1
            let value = rng.next() & maxV
            let incr = rng.int(2) == 0 ? Int64(bitPattern: rng.next()) : Int64(rng.int(7)) - 3
            let exact = Int128(value) + Int128(incr)
            let fits = exact >= 0 && exact <= Int128(maxV)
            #expect((BitOps.unsignedAdd(value, incr, bits: bits, mode: .fail) == nil) == !fits)
            #expect(Int128(BitOps.unsignedAdd(value, incr, bits: bits, mode: .sat)!) == min(max(exact, 0), Int128(maxV)))
            let modulus = Int128(1) << bits
            #expect(Int128(BitOps.unsignedAdd(value, incr, bits: bits, mode: .wrap)!) == ((exact % modulus) + modulus) % modulus)
        }
        // SET of a negative value to an unsigned field overflows upwards (redis-server 7.0.15:
        // BITFIELD k OVERFLOW SAT SET u8 0 -1 stores 255).
        #expect(BitOps.unsignedAdd(UInt64(bitPattern: -1), 0, bits: 8, mode: .sat) == 255)
        #expect(BitOps.unsignedAdd(UInt64(bitPattern: -1), 0, bits: 8, mode: .wrap) == 255)
        #expect(BitOps.unsignedAdd(256, 0, bits: 8, mode: .fail) == nil)
    }
}
