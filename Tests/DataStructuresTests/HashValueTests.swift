// HashValue: one property test body run against each encoding (listpack kept by large
// limits, hashtable forced by zero limits, and conversions crossing small limits), compared
// with a Swift dictionary model, with verifyInvariants after every batch. Plus the
// conversion rules, SCAN's guarantee across resizes, random sampling, copies, and the byte
// layout of a converted-from listpack.
import Testing
@testable import DataStructures

/// Deterministic generator (SplitMix64), so a failure replays.
private struct Seeded: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Gives `body` the arrays as buffer slices, like a command's arguments.
private func withSlices<R>(_ arrays: [[UInt8]], _ body: ([UnsafeRawBufferPointer]) -> R) -> R {
    let buffers = arrays.map { a -> UnsafeMutableRawBufferPointer in
        let p = UnsafeMutableRawBufferPointer.allocate(byteCount: max(a.count, 1), alignment: 1)
        p.copyBytes(from: a)
        return p
    }
    defer { buffers.forEach { $0.deallocate() } }
    return body(zip(buffers, arrays).map { UnsafeRawBufferPointer(rebasing: $0.0[0..<$0.1.count]) })
}

private extension HashValue {
    mutating func set(_ f: [UInt8], _ v: [UInt8], _ limits: HashLimits) -> Bool {
        f.withUnsafeBytes { fb in v.withUnsafeBytes { vb in set(fb, vb, limits: limits) } }
    }
    func get(_ f: [UInt8]) -> [UInt8]? { f.withUnsafeBytes { get($0)?.byteArray } }
    mutating func remove(_ f: [UInt8]) -> Bool { f.withUnsafeBytes { remove($0) } }
    func contains(_ f: [UInt8]) -> Bool { f.withUnsafeBytes { contains($0) } }
    var pairs: [[UInt8]: [UInt8]] {
        var out: [[UInt8]: [UInt8]] = [:]
        forEach { f, v in out[f.byteArray] = v.byteArray }
        return out
    }
}

/// The three ways a hash is exercised: always listpack, always hashtable, and crossing over.
enum HashTestMode: CaseIterable, CustomTestStringConvertible {
    case listpack, hashtable, converting
    var limits: HashLimits {
        switch self {
        case .listpack: return HashLimits(maxListpackEntries: 1 << 20, maxListpackValue: 1 << 20)
        case .hashtable: return HashLimits(maxListpackEntries: 0, maxListpackValue: 0)
        case .converting: return HashLimits(maxListpackEntries: 40, maxListpackValue: 20)
        }
    }
    var testDescription: String { "\(self)" }
}

private let valuePool: [[UInt8]] = [
    [], bytes("0"), bytes("-1"), bytes("127"), bytes("128"), bytes("-4096"), bytes("70000"),
    bytes("9223372036854775807"), bytes("-9223372036854775808"), bytes("007"), bytes("1.5"),
    bytes("hello"), bytes(String(repeating: "v", count: 19)), bytes(String(repeating: "w", count: 64)),
    bytes(String(repeating: "x", count: 200)), [0, 255, 13, 10], bytes(String(repeating: "y", count: 5000)),
]

private func randomField(_ rng: inout Seeded, _ spread: Int) -> [UInt8] {
    let i = Int.random(in: 0..<spread, using: &rng)
    switch i % 5 {
    case 0: return bytes("\(i)")                        // integer-looking fields
    case 1: return bytes("field:\(i)")
    case 2: return bytes(String(repeating: "f", count: i % 40) + "\(i)")
    case 3: return i == 3 ? [] : [UInt8(i & 255), 0, UInt8(i >> 8)]
    default: return bytes("k\(i)")
    }
}

@Suite struct HashValueTests {
    @Test(arguments: HashTestMode.allCases)
    func operationsMatchModel(mode: HashTestMode) {
        let limits = mode.limits
        for seed in UInt64(1)...4 {
            var rng = Seeded(seed &* 7919)
            var h = HashValue()
            defer { h.free() }
            var model: [[UInt8]: [UInt8]] = [:]
            let spread = seed % 2 == 0 ? 60 : 700
            for step in 0..<4000 {
                let f = randomField(&rng, spread)
                switch Int.random(in: 0..<10, using: &rng) {
                case 0...4:
                    let v = valuePool.randomElement(using: &rng)!
                    let created = h.set(f, v, limits)
                    #expect(created == (model[f] == nil))
                    model[f] = v
                case 5, 6:
                    #expect(h.remove(f) == (model.removeValue(forKey: f) != nil))
                case 7:
                    #expect(h.get(f) == model[f])
                    #expect(h.contains(f) == (model[f] != nil))
                case 8:
                    if h.count > 0 {
                        let (pf, pv) = h.randomPair()
                        #expect(model[pf.byteArray] == pv.byteArray)
                    }
                default:
                    #expect(h.count == model.count)
                }
                if step % 250 == 0 {
                    #expect(h.verifyInvariants() == nil, "seed \(seed) step \(step)")
                    #expect(h.pairs == model)
                }
            }
            #expect(h.verifyInvariants() == nil)
            #expect(h.pairs == model)
            switch mode {
            case .listpack: #expect(h.encodingName == "listpack")
            case .hashtable: #expect(h.encodingName == "hashtable" || model.isEmpty)
            case .converting: break
            }
            // A copy is equal, then independent.
            var c = h.copy()
            defer { c.free() }
            #expect(c.encodingName == h.encodingName)
            #expect(c.pairs == model)
            #expect(c.verifyInvariants() == nil)
            _ = c.set(bytes("only-in-copy"), bytes("1"), limits)
            #expect(!h.contains(bytes("only-in-copy")))
            for f in model.keys { _ = c.remove(f) }
            #expect(h.pairs == model)
        }
    }

    @Test(arguments: HashTestMode.allCases)
    func scanReturnsEveryStablePairAcrossResizes(mode: HashTestMode) {
        let limits = mode.limits
        var rng = Seeded(42)
        var h = HashValue()
        defer { h.free() }
        for i in 0..<300 { _ = h.set(bytes("stable:\(i)"), bytes("\(i)"), limits) }
        var seen = Set<[UInt8]>()
        var cursor: UInt64 = 0
        var round = 0
        repeat {
            cursor = h.scan(cursor: cursor, count: 10) { f, v in
                let fb = f.byteArray
                if fb.starts(with: bytes("stable:")) {
                    #expect(v.byteArray == bytes(String(decoding: fb.dropFirst(7), as: UTF8.self)))
                }
                seen.insert(fb)
            }
            // Grow and shrink between steps so the scan crosses rehashing.
            for _ in 0..<40 {
                let k = bytes("churn:\(Int.random(in: 0..<2000, using: &rng))")
                if round < 20 { _ = h.set(k, bytes("x"), limits) } else { _ = h.remove(k) }
            }
            round += 1
        } while cursor != 0 && round < 100_000
        #expect(cursor == 0)
        for i in 0..<300 { #expect(seen.contains(bytes("stable:\(i)"))) }
        #expect(h.verifyInvariants() == nil)
    }

    @Test(arguments: [HashTestMode.listpack, HashTestMode.hashtable])
    func randomSampling(mode: HashTestMode) {
        let limits = mode.limits
        var h = HashValue()
        defer { h.free() }
        for i in 0..<50 { _ = h.set(bytes("f\(i)"), bytes("v\(i)"), limits) }
        for count in [1, 2, 10, 16, 17, 30, 49] {
            var got: [[UInt8]] = []
            h.randomDistinctPairs(count) { f, v in
                #expect(v.byteArray == [UInt8(ascii: "v")] + f.byteArray.dropFirst())
                got.append(f.byteArray)
            }
            #expect(got.count == count)
            #expect(Set(got).count == count)
        }
        var hits = [[UInt8]: Int]()
        h.randomPairsWithRepeats(5000) { f, _ in hits[f.byteArray, default: 0] += 1; return true }
        #expect(hits.values.reduce(0, +) == 5000)
        #expect(hits.count > 40)          // 5000 draws over 50 fields reach nearly all of them
        var n = 0
        h.randomPairsWithRepeats(100) { _, _ in n += 1; return n < 7 }
        #expect(n == 7)
    }

    @Test func conversionRules() {
        let limits = HashLimits(maxListpackEntries: 4, maxListpackValue: 8)
        var h = HashValue()
        defer { h.free() }
        for i in 0..<4 { _ = h.set(bytes("f\(i)"), bytes("v"), limits) }
        #expect(h.encodingName == "listpack")
        // Updating keeps it small; the fifth field converts after the insert.
        _ = h.set(bytes("f0"), bytes("w"), limits)
        #expect(h.encodingName == "listpack")
        _ = h.set(bytes("f4"), bytes("v"), limits)
        #expect(h.encodingName == "hashtable")
        #expect(h.count == 5)
        // Deleting never converts back.
        for i in 0..<5 { _ = h.remove(bytes("f\(i)")) }
        #expect(h.encodingName == "hashtable")

        // A long value converts before it is written (value limit is inclusive).
        var g = HashValue()
        defer { g.free() }
        _ = g.set(bytes("a"), bytes("12345678"), limits)
        #expect(g.encodingName == "listpack")
        _ = g.set(bytes("b"), bytes("123456789"), limits)
        #expect(g.encodingName == "hashtable")
        #expect(g.get(bytes("b")) == bytes("123456789"))

        // hashTypeTryConversion looks at every argument.
        var k = HashValue()
        defer { k.free() }
        withSlices([bytes("a"), bytes("1"), bytes("b"), bytes("too long value")]) { args in
            k.convertIfNeeded(for: args[0..<2], limits: limits)
            #expect(k.encodingName == "listpack")
            k.convertIfNeeded(for: args[0...], limits: limits)
            #expect(k.encodingName == "hashtable")
        }
    }

    @Test func listpackLayoutIsRedis() {
        // HSET h a 1 b hello: Redis writes field, value, field, value, integers as integers.
        var h = HashValue()
        defer { h.free() }
        let limits = HashTestMode.listpack.limits
        _ = h.set(bytes("a"), bytes("1"), limits)
        _ = h.set(bytes("b"), bytes("hello"), limits)
        let expected: [UInt8] = [22, 0, 0, 0, 4, 0, 129, 97, 2, 1, 1, 129, 98, 2, 133, 104, 101, 108, 108, 111, 6, 255]
        #expect(Array(h.listpack!.rawBytes) == expected)
        // Exact pre-sizing for the elements of one HSET.
        let n = withSlices([bytes("a"), bytes("1"), bytes("b"), bytes("hello")]) { HashValue.listpackBytes(for: $0[0...]) }
        #expect(n == expected.count)
    }

    @Test func bigTableGrowsAndShrinks() {
        let limits = HashTestMode.hashtable.limits
        var h = HashValue()
        defer { h.free() }
        for i in 0..<20_000 { _ = h.set(bytes("field:\(i)"), bytes("value:\(i)"), limits) }
        #expect(h.count == 20_000)
        #expect(h.verifyInvariants() == nil)
        // Values growing and shrinking in place (realloc path), incl. varint length changes.
        for i in stride(from: 0, to: 20_000, by: 7) {
            _ = h.set(bytes("field:\(i)"), [UInt8](repeating: 65, count: 200 + i % 50), limits)
        }
        for i in stride(from: 0, to: 20_000, by: 14) { _ = h.set(bytes("field:\(i)"), bytes("s"), limits) }
        #expect(h.get(bytes("field:14")) == bytes("s"))
        #expect(h.get(bytes("field:7")) == [UInt8](repeating: 65, count: 207))
        #expect(h.verifyInvariants() == nil)
        for i in 0..<19_990 { _ = h.remove(bytes("field:\(i)")) }
        #expect(h.count == 10)
        // Shrinking is checked after each delete and rehashes incrementally, as in Redis:
        // keep deleting (a scratch field) and reading until it has settled.
        for _ in 0..<3000 {
            _ = h.set(bytes("scratch"), bytes("1"), limits)
            _ = h.remove(bytes("scratch"))
            _ = h.get(bytes("field:19995"))
        }
        #expect(h.verifyInvariants() == nil)
        if case .table(let t) = h.storage { #expect(t.t0.size + t.t1.size <= 64) }
        #expect(h.allocatedBytes < 10_000)
    }
}
