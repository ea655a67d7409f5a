// Unit tests for LZF (known answers captured from redis-server 7.0.15's DUMP, round trips,
// the size limit, hostile input) and for the legacy RDB blob readers (Ziplist, Zipmap):
// known blobs, then every single-byte corruption and every truncation of them, which must
// be refused or read without touching memory outside the blob.

import Testing
@testable import DataStructures

private func hex(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var it = s.makeIterator()
    while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
    return out
}

@Suite struct LZFTests {
    /// (input, the compressed bytes redis-server 7.0.15 put in its DUMP payload)
    static let knownAnswers: [([UInt8], String)] = [
        (Array(String(repeating: "ab", count: 100).utf8), "02616261e0ba01016162"),
        (Array(String(repeating: "a", count: 1000).utf8), "016161e0ff00e0ff00e0ff00e0c300016161"),
        (Array("hello world, hello world, hello world!".utf8), "0d68656c6c6f20776f726c642c2068e00d0c016421"),
        (Array("The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.".utf8),
         "1f54686520717569636b2062726f776e20666f78206a756d7073206f7665722074201e0a6c617a7920646f672e2054200de01d2c01672e"),
        (Array(String(repeating: "0123456789abcdef", count: 700).utf8),
         "103031323334353637383961626364656630e0ff0fe1ff0f" + String(repeating: "e2ff0f", count: 40) + "e2540f016566"),
    ]

    @Test func compressesLikeRedis() {
        let c = LZFCompressor()
        for (input, expected) in LZFTests.knownAnswers {
            let out = c.compress(input, limit: input.count - 4)
            #expect(out == hex(expected), "input of \(input.count) bytes")
        }
    }

    @Test func decompressesRedisOutput() {
        for (input, compressed) in LZFTests.knownAnswers {
            #expect(LZF.decompress(hex(compressed), length: input.count) == input)
        }
    }

    @Test func roundTripsRandomData() {
        var rng = LZFTestRandom(seed: 42)
        let c = LZFCompressor()
        for round in 0..<300 {
            let n = Int(rng.next() % 5000) + 1
            let alphabet = Int(rng.next() % 8) + 1   // small alphabets compress
            let input = (0..<n).map { _ in round % 3 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : UInt8(rng.next() % UInt64(alphabet)) }
            // A generous limit: incompressible input may grow by one byte per 32.
            guard let out = c.compress(input, limit: n + n / 32 + 16) else {
                Issue.record("round \(round): no output with a generous limit")
                continue
            }
            #expect(LZF.decompress(out, length: n) == input, "round \(round)")
        }
    }

    @Test func refusesWhenOverLimit() {
        let c = LZFCompressor()
        let random = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) }
        #expect(c.compress(random, limit: 196) == nil)
        #expect(c.compress([], limit: 10) == nil)
        let runs = [UInt8](repeating: 7, count: 100)
        #expect(c.compress(runs, limit: 3) == nil)
        #expect(c.compress(runs, limit: 96) != nil)
    }

    /// The probe (the snapshot writer's incompressibility guess): it gives up on data with
    /// no back reference in its first `probe` bytes, and otherwise returns liblzf's output.
    @Test func probeGivesUpOnlyWithoutEarlyMatches() {
        var rng = LZFTestRandom(seed: 9)
        let c = LZFCompressor()
        func compress(_ input: [UInt8], probe: Int) -> [UInt8]? {
            var out = [UInt8](repeating: 0, count: input.count - 4)
            let n = input.withUnsafeBytes { i in out.withUnsafeMutableBytes { c.compress(i, into: $0, probe: probe) } }
            return n == 0 ? nil : Array(out[0..<n])
        }
        let random = (0..<1000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        #expect(c.compress(random, limit: 996) == nil)
        #expect(compress(random, probe: 256) == nil)
        // Random bytes then a long run: liblzf compresses it, the probe gives up (the guess's
        // price: written plain), unless the run starts within the probe.
        let late = Array(random[0..<300]) + [UInt8](repeating: 1, count: 700)
        #expect(c.compress(late, limit: 996) != nil)
        #expect(compress(late, probe: 256) == nil)
        #expect(compress(late, probe: 512) == c.compress(late, limit: 996))
        for (input, expected) in LZFTests.knownAnswers {
            #expect(compress(input, probe: 256) == hex(expected), "input of \(input.count) bytes")
        }
    }

    @Test func hasRepeatFindsWhatBackReferencesStartFrom() {
        var rng = LZFTestRandom(seed: 11)
        let c = LZFCompressor()
        func repeats(_ input: [UInt8], window: Int = 256) -> Bool {
            input.withUnsafeBytes { c.hasRepeat($0, window: window) }
        }
        // Every known answer compresses, so each has a repeated 3-byte sequence early on.
        for (input, _) in LZFTests.knownAnswers { #expect(repeats(input), "input of \(input.count) bytes") }
        #expect(repeats(Array("abcabc".utf8)))
        #expect(repeats(Array("aaaa".utf8)))        // overlapping occurrences count, as in LZF
        #expect(!repeats(Array("aaa".utf8)))
        #expect(!repeats(Array("abcdefgh".utf8)))
        #expect(!repeats([]))
        // Only the window is looked at: a repeat that starts after it is not seen.
        let distinct = (0..<256).map { UInt8($0) }
        #expect(!repeats(distinct + [0, 1, 2]))
        #expect(repeats(distinct + [0, 1, 2], window: 259))
        // Random data: over many strings (and more than 255 calls, so the table's generation
        // wraps and is cleared), a repeat is reported only when a brute-force search finds one.
        var found = 0
        for _ in 0..<600 {
            let s = (0..<300).map { _ in UInt8(truncatingIfNeeded: rng.next() % 16) }
            let window = Array(s[0..<256])
            var seen = Set<Int>()
            var truth = false
            for i in 0..<254 where !seen.insert(Int(window[i]) | Int(window[i + 1]) << 8 | Int(window[i + 2]) << 16).inserted {
                truth = true
            }
            if repeats(s) {
                #expect(truth)
                found += 1
            }
        }
        // 16 symbols: 4096 possible sequences for 254 positions, so nearly every string
        // repeats several; a table (or a clearing) that lost them would fall short here.
        #expect(found >= 590)
        let random = (0..<1000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        #expect(!repeats(random))
    }

    @Test func hostileInputNeverOverruns() {
        var rng = LZFTestRandom(seed: 7)
        let (input, compressed) = LZFTests.knownAnswers[3]
        let good = hex(compressed)
        // Truncations and every single-byte change: either nil or some output within bounds.
        for cut in 0..<good.count {
            _ = LZF.decompress(Array(good[0..<cut]), length: input.count)
        }
        for i in 0..<good.count {
            for v: UInt8 in [0, 0x1F, 0x20, 0xE0, 0xFF, good[i] ^ 0x80] {
                var bad = good
                bad[i] = v
                if let out = LZF.decompress(bad, length: input.count) { #expect(out.count == input.count) }
            }
        }
        for _ in 0..<2000 {
            let n = Int(rng.next() % 40)
            let junk = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = LZF.decompress(junk, length: Int(rng.next() % 300))
        }
        // A back reference before the start, and output past the limit.
        #expect(LZF.decompress([0x20, 0x00], length: 10) == nil)
        #expect(LZF.decompress([0x01, 0x61, 0x61], length: 1) == nil)
    }
}

@Suite struct LegacyBlobTests {
    /// A ziplist written by Redis 2.x (the list_zipped key of encodings.rdb): 1, 2, 3,
    /// "a", "b", "c", 100000, 6000000000.
    static let ziplist = hex("3000000025000000080000c0010004c0020004c0030004016103016203016303d0a086010006e000bca06501000000ff")

    static func entries(_ blob: [UInt8]) -> [String]? {
        var out: [String] = []
        let ok = blob.withUnsafeBytes { b in
            Ziplist.forEachEntry(b) { e in
                out.append(e.withBytes { String(decoding: $0, as: UTF8.self) })
                return true
            }
        }
        return ok ? out : nil
    }

    @Test func readsZiplist() {
        #expect(LegacyBlobTests.entries(LegacyBlobTests.ziplist) == ["1", "2", "3", "a", "b", "c", "100000", "6000000000"])
    }

    @Test func readsEveryZiplistIntegerEncoding() {
        // Built by hand: int8 -5, int16 -300, int24 70000, int32 -2^31, int64 2^40, immediate 12.
        var entries: [[UInt8]] = []
        entries.append([0xFE, 0xFB])
        entries.append([0xC0] + withUnsafeBytes(of: Int16(-300).littleEndian, Array.init))
        entries.append([0xF0] + Array(withUnsafeBytes(of: Int32(70000).littleEndian, Array.init)[0..<3]))
        entries.append([0xD0] + withUnsafeBytes(of: Int32.min.littleEndian, Array.init))
        entries.append([0xE0] + withUnsafeBytes(of: Int64(1 << 40).littleEndian, Array.init))
        entries.append([0xFD])
        var body: [UInt8] = []
        var prev = 0
        var tail = 10
        for e in entries {
            tail = 10 + body.count
            body += [UInt8(prev)] + e
            prev = e.count + 1
        }
        var blob: [UInt8] = []
        blob += withUnsafeBytes(of: UInt32(11 + body.count).littleEndian, Array.init)
        blob += withUnsafeBytes(of: UInt32(tail).littleEndian, Array.init)
        blob += withUnsafeBytes(of: UInt16(entries.count).littleEndian, Array.init)
        blob += body + [0xFF]
        #expect(LegacyBlobTests.entries(blob) == ["-5", "-300", "70000", "-2147483648", "1099511627776", "12"])
    }

    @Test func refusesBrokenZiplists() {
        let good = LegacyBlobTests.ziplist
        for cut in 0..<good.count { #expect(LegacyBlobTests.entries(Array(good[0..<cut])) == nil) }
        var refused = 0
        for i in 0..<good.count {
            for v: UInt8 in [0x00, 0x3F, 0x40, 0x80, 0xC1, 0xFE, 0xFF, good[i] &+ 1] where v != good[i] {
                var bad = good
                bad[i] = v
                if LegacyBlobTests.entries(bad) == nil { refused += 1 }
            }
        }
        #expect(refused > good.count * 4)
        // Wrong count in the header, wrong tail offset.
        var badCount = good
        badCount[8] = 7
        #expect(LegacyBlobTests.entries(badCount) == nil)
        var badTail = good
        badTail[4] &+= 1
        #expect(LegacyBlobTests.entries(badTail) == nil)
    }

    /// hash-zipmap.rdb's value: {f1: v1, f2: v2}.
    static let zipmap = hex("020266310200763102663202007632ff")

    static func pairs(_ blob: [UInt8]) -> [String]? {
        var out: [String] = []
        let ok = blob.withUnsafeBytes { b in
            Zipmap.forEachPair(b) { k, v in
                out.append(String(decoding: k, as: UTF8.self) + "=" + String(decoding: v, as: UTF8.self))
                return true
            }
        }
        return ok ? out : nil
    }

    @Test func readsZipmap() {
        #expect(LegacyBlobTests.pairs(LegacyBlobTests.zipmap) == ["f1=v1", "f2=v2"])
    }

    @Test func refusesBrokenZipmaps() {
        let good = LegacyBlobTests.zipmap
        for cut in 0..<good.count { #expect(LegacyBlobTests.pairs(Array(good[0..<cut])) == nil) }
        for i in 0..<good.count {
            for v: UInt8 in [0x00, 0x05, 0xFD, 0xFE, 0xFF] where v != good[i] {
                var bad = good
                bad[i] = v
                _ = LegacyBlobTests.pairs(bad)   // must not crash; may or may not be valid
            }
        }
        var badCount = good
        badCount[0] = 3
        #expect(LegacyBlobTests.pairs(badCount) == nil)
    }
}

/// SplitMix64, for reproducible test data.
private struct LZFTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
