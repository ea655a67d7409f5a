// Dict: insert/find/remove against a model, invariants through incremental rehashing,
// SCAN's guarantee across resizes, sampling; entries as bare malloc blocks (their size,
// and that the table releases each value exactly once); big bucket arrays as exact mappings.
import CSystem
import Glibc
import Testing
@testable import DataStructures

private func key(_ i: Int) -> RStr { RStr("key:\(i)") }

/// A value that counts its live instances (one test uses it).
private final class Tracked {
    nonisolated(unsafe) static var live = 0
    let id: Int
    init(_ id: Int) { self.id = id; Tracked.live += 1 }
    deinit { Tracked.live -= 1 }
}

@Suite struct DictTests {
    @Test func insertFindRemoveMatchesModel() {
        let d = Dict<Int>()
        var model: [Int: Int] = [:]
        var rng = SystemRandomNumberGenerator()
        for step in 0..<20_000 {
            let k = Int.random(in: 0..<3000, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0, 1:
                d.set(key(k), step)
                model[k] = step
            default:
                let removed = d.remove(key(k))
                #expect((removed != nil) == (model.removeValue(forKey: k) != nil))
            }
            if step % 997 == 0 { #expect(d.verifyInvariants() == nil) }
        }
        #expect(d.count == model.count)
        for (k, v) in model { #expect(d.find(key(k))?.value == v) }
        #expect(d.verifyInvariants() == nil)
    }

    @Test func growsAndShrinksIncrementally() {
        let d = Dict<Int>()
        for i in 0..<10_000 { d.insertNew(key(i), i) }
        #expect(d.verifyInvariants() == nil)
        for i in 0..<9_990 { d.remove(key(i)) }
        d.shrinkIfNeeded()
        while d.rehash(steps: 100) {}
        #expect(d.verifyInvariants() == nil)
        #expect(d.bucketCount <= 64)
        for i in 9_990..<10_000 { #expect(d.find(key(i))?.value == i) }
    }

    @Test func scanReturnsEveryElementAcrossResizes() {
        let d = Dict<Int>()
        for i in 0..<500 { d.insertNew(key(i), i) }
        var seen = Set<Int>()
        var cursor: UInt64 = 0
        var rounds = 0
        repeat {
            cursor = d.scan(cursor) { seen.insert($0.value) }
            rounds += 1
            // Grow the table in the middle of the scan: the guarantee must hold.
            if rounds == 10 { for i in 500..<3000 { d.insertNew(key(i), i) } }
        } while cursor != 0 && rounds < 100_000
        for i in 0..<500 { #expect(seen.contains(i)) }
        #expect(d.verifyInvariants() == nil)
    }

    @Test func scanWhileShrinking() {
        let d = Dict<Int>()
        for i in 0..<4096 { d.insertNew(key(i), i) }
        var seen = Set<Int>()
        var cursor: UInt64 = 0
        var rounds = 0
        repeat {
            cursor = d.scan(cursor) { seen.insert($0.value) }
            rounds += 1
            if rounds == 5 {
                for i in 100..<4096 { d.remove(key(i)) }
                d.shrinkIfNeeded()
            }
        } while cursor != 0 && rounds < 100_000
        for i in 0..<100 { #expect(seen.contains(i)) }
    }

    @Test func randomAndSampleReturnMembers() {
        let d = Dict<Int>()
        #expect(d.randomEntry() == nil)
        for i in 0..<1000 { d.insertNew(key(i), i) }
        var hit = Set<Int>()
        for _ in 0..<5000 { if let e = d.randomEntry() { hit.insert(e.value) } }
        #expect(hit.count > 900)
        var out: [DictEntry<Int>] = []
        d.sample(16, into: &out)
        #expect(out.count == 16)
        #expect(Set(out.map(\.value)).count == 16)
    }

    /// The keyspace entry is one 56-byte malloc block (no object header): key, mark, meta,
    /// a 17-byte Value and the chain link; an expires entry (Int64 value) is 40.
    @Test func entriesAreBareBlocksOfTheSmallestSizes() {
        #expect(MemoryLayout<DictNode<Value>>.size <= 56)
        #expect(MemoryLayout<DictNode<Int64>>.size <= 40)
        #expect(MemoryLayout<DictEntry<Value>?>.size == 8)
        // glibc may hand a request a larger free chunk when what it would leave over is too
        // small to keep, which happens more while tests on other threads shape the heap: one
        // of 20 entries must be a block of exactly the size.
        let keys = Dict<Value>()
        let expires = Dict<Int64>()
        var usable: (keys: Set<Int>, expires: Set<Int>) = ([], [])
        for i in 0..<20 {
            let e = keys.insertNew(RStr("user:\(i)"), .string(RStr("value")))
            usable.keys.insert(malloc_usable_size(UnsafeMutableRawPointer(bitPattern: e.address)))
            let t = expires.insertNew(RStr("user:\(i)"), 1_700_000_000_000)
            usable.expires.insert(malloc_usable_size(UnsafeMutableRawPointer(bitPattern: t.address)))
        }
        #expect(usable.keys.min() == 56)
        #expect(usable.expires.min() == 40)
    }

    /// Bucket arrays of 128 KiB and more are zeroed mappings of exactly their size (glibc's
    /// own mapping of the block would add a header page), given back whole.
    @Test func largeBucketArraysAreExactMappings() {
        // Tests on other threads allocate and free too (swift test runs suites in parallel
        // unless told not to): one of 200 attempts must be exact.
        var exact = false
        for _ in 0..<200 where !exact {
            let before = structd_allocated_bytes()
            var t = DictTable<Int>(size: 1 << 17)
            let during = structd_allocated_bytes()
            let buckets = t.buckets!
            #expect((0..<(1 << 17)).allSatisfy { buckets[$0] == nil })
            t.free()
            exact = during - before == 1 << 20 && structd_allocated_bytes() == before
        }
        #expect(exact)
    }

    /// The table owns its values: remove hands the value out (still alive), clearAll and
    /// the table's deinit release every remaining one, each exactly once.
    @Test func valuesAreReleasedExactlyOnce() {
        do {
            let d = Dict<Tracked>()
            for i in 0..<1000 { d.insertNew(key(i), Tracked(i)) }
            #expect(Tracked.live == 1000)
            let out = d.remove(key(7))
            #expect(out?.id == 7 && Tracked.live == 1000)
            _ = consume out
            #expect(Tracked.live == 999)
            d.set(key(8), Tracked(-8))
            #expect(Tracked.live == 999 && d.find(key(8))?.value.id == -8)
            for i in 0..<500 { d.remove(key(i)) }
            #expect(Tracked.live == 500)
            d.clearAll()
            #expect(Tracked.live == 0 && d.count == 0)
            for i in 0..<100 { d.insertNew(key(i), Tracked(i)) }
            #expect(Tracked.live == 100)
        }
        #expect(Tracked.live == 0)
    }

    /// Sampling never hands out an entry twice, even from a sparse table where the walk
    /// jumps: callers delete sampled keys while they walk the sample.
    @Test func sampleIsDistinct() {
        let d = Dict<Int>()
        for i in 0..<4000 { d.insertNew(key(i), i) }
        for i in 30..<4000 { d.remove(key(i)) }
        var out: [DictEntry<Int>] = []
        for _ in 0..<2000 {
            d.sample(20, into: &out)
            #expect(Set(out.map(\.value)).count == out.count)
        }
    }

    @Test func binaryKeys() {
        let d = Dict<Int>()
        let keys: [[UInt8]] = [[], [0], [0, 0], [255, 0, 13, 10], Array(repeating: 7, count: 100)]
        for (i, k) in keys.enumerated() { d.set(RStr(k), i) }
        for (i, k) in keys.enumerated() {
            #expect(k.withUnsafeBytes { d.find($0)?.value } == i)
        }
    }
}

@Suite struct RStrTests {
    @Test func representations() {
        #expect(RStr.value(UnsafeRawBufferPointer(start: nil, count: 0)).count == 0)
        let cases: [(String, String)] = [("12345", "int"), ("-1", "int"), ("0", "int"), ("01", "embstr"),
                                         ("+1", "embstr"), ("-0", "embstr"), ("9223372036854775807", "int"),
                                         ("9223372036854775808", "embstr"), ("hello", "embstr"),
                                         (String(repeating: "x", count: 44), "embstr"),
                                         (String(repeating: "x", count: 45), "raw")]
        for (s, enc) in cases {
            let v = Array(s.utf8).withUnsafeBytes { RStr.value($0) }
            #expect(v.encodingName == enc, "\(s)")
            #expect(v.bytes == Array(s.utf8))
            #expect(v.count == s.utf8.count)
        }
    }

    @Test func equalityAcrossRepresentations() {
        let a = RStr.int(42)
        let b = RStr("42")
        #expect(a == b)
        #expect(RStr("abc") < RStr("abd"))
        #expect(RStr("ab") < RStr("abc"))
        #expect(RStr.int(-9_223_372_036_854_775_807 - 1).bytes == Array("-9223372036854775808".utf8))
    }

    @Test func strictIntegerParsing() {
        func p(_ s: String) -> Int64? { Array(s.utf8).withUnsafeBytes { parseStrictInt64($0) } }
        #expect(p("0") == 0)
        #expect(p("-9223372036854775808") == Int64.min)
        #expect(p("9223372036854775808") == nil)
        #expect(p("") == nil)
        #expect(p(" 1") == nil)
        #expect(p("1 ") == nil)
        #expect(p("007") == nil)
        #expect(p("-") == nil)
    }
}
