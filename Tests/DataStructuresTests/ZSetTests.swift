// ZSetValue and ZSetIndex: one property test body run against both encodings (the big
// one forced with tiny thresholds) and compared with a plain sorted-array model after
// every operation; invariants checked after every batch; the listpack's score format;
// conversions; the big encoding at scale (tree splits and merges, compaction, SCAN).
import Testing
@testable import DataStructures

/// SplitMix64, so a failure can be replayed from its seed.
private struct Rng {
    var s: UInt64
    mutating func next() -> UInt64 {
        s &+= 0x9E3779B97F4A7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }
}

/// The model: (score, member) pairs kept sorted by Redis's order.
private struct Model {
    var items: [(Double, [UInt8])] = []

    static func less(_ a: (Double, [UInt8]), _ b: (Double, [UInt8])) -> Bool {
        if a.0 != b.0 { return a.0 < b.0 }
        return a.1.lexicographicallyPrecedes(b.1)
    }
    func index(of m: [UInt8]) -> Int? { items.firstIndex { $0.1 == m } }
    mutating func set(_ m: [UInt8], _ s: Double) {
        if let i = index(of: m) { items.remove(at: i) }
        let p = items.firstIndex { Model.less((s, m), $0) } ?? items.count
        items.insert((s, m), at: p)
    }
}

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

private func contents(_ z: ZSetValue) -> [(Double, [UInt8])] {
    var out: [(Double, [UInt8])] = []
    z.forEach(ranks: 0..<z.count) { m, s in out.append((s, Array(m))) }
    return out
}

private func same(_ a: [(Double, [UInt8])], _ b: [(Double, [UInt8])]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
}

/// Scores drawn from a small pool so ties (ordered by member) are common.
private func randomScore(_ r: inout Rng) -> Double {
    switch r.int(6) {
    case 0: return Double(r.int(10))
    case 1: return Double(r.int(1000)) / 8
    case 2: return [-Double.infinity, .infinity, -0.0, 0.1, 1e20, -3.5][r.int(6)]
    default: return Double(r.int(5))
    }
}

private func randomMember(_ r: inout Rng, pool: Int) -> [UInt8] {
    let i = r.int(pool)
    switch i % 4 {
    case 0: return bytes("\(i)")                        // integer-looking: stored as int in listpack
    case 1: return bytes("m:\(i)")
    case 2: return bytes("a-rather-long-member-name-\(i)")   // out of line in the big encoding
    default: return i == 3 ? [] : [UInt8(i & 255), 0, 255, UInt8(i >> 8)]
    }
}

@Suite struct ZSetTests {
    /// The shared property test: thresholds pick the encoding.
    private func runModel(seed: UInt64, steps: Int, maxEntries: Int, pool: Int, expectListpack: Bool?) {
        var r = Rng(s: seed)
        var z = ZSetValue()
        defer { z.free() }
        var model = Model()
        for step in 0..<steps {
            let m = randomMember(&r, pool: pool)
            let out = m.withUnsafeBytes { mb -> Bool in
                switch r.int(10) {
                case 0, 1, 2:
                    var flags: ZAddFlags = []
                    if r.chance(0.2) { flags.insert(.incr) }
                    switch r.int(6) {
                    case 0: flags.insert(.nx)
                    case 1: flags.insert(.xx)
                    case 2: flags.insert(.gt)
                    case 3: flags.insert(.lt)
                    case 4: flags.formUnion([.xx, .gt])
                    default: break
                    }
                    let s = randomScore(&r)
                    let cur = model.index(of: m).map { model.items[$0].0 }
                    let res = z.add(mb, score: s, flags: flags, maxEntries: maxEntries, maxValue: 64)
                    // Expected per Redis's zsetAdd.
                    var want: ZAddResult
                    if let c = cur {
                        if flags.contains(.nx) { want = .skipped }
                        else {
                            var ns = s
                            if flags.contains(.incr) { ns += c }
                            if ns.isNaN { want = .nan }
                            else if (flags.contains(.lt) && ns >= c) || (flags.contains(.gt) && ns <= c) { want = .skipped }
                            else if ns != c { want = .updated(ns); model.set(m, ns) }
                            else { want = .unchanged(ns) }
                        }
                    } else if flags.contains(.xx) {
                        want = .skipped
                    } else {
                        want = .added(s)
                        // The listpack stores -0 as 0.
                        model.set(m, z.isListpack && s == 0 ? 0 : s)
                    }
                    return res == want
                case 3, 4:
                    let had = model.index(of: m)
                    if let i = had { model.items.remove(at: i) }
                    return z.remove(mb) == (had != nil)
                case 5:
                    let i = model.index(of: m)
                    let rev = r.chance(0.5)
                    let want = i.map { rev ? model.items.count - 1 - $0 : $0 }
                    let sc = z.score(mb)
                    return z.rank(mb, reverse: rev) == want && sc == i.map { model.items[$0].0 }
                case 6:
                    // Score range.
                    var a = randomScore(&r), b = randomScore(&r)
                    if r.chance(0.8) && a > b { swap(&a, &b) }
                    let range = ZScoreRange(min: a, max: b, minExclusive: r.chance(0.3), maxExclusive: r.chance(0.3))
                    let got = z.ranks(in: range)
                    let idx = model.items.indices.filter { range.gteMin(model.items[$0].0) && range.lteMax(model.items[$0].0) }
                    if range.isEmpty || idx.isEmpty { return got.isEmpty }
                    return got == idx.first!..<(idx.last! + 1)
                case 7:
                    // Rank window walk, both directions.
                    let n = model.items.count
                    let lo = r.int(n + 2), hi = lo + r.int(n + 2)
                    let rev = r.chance(0.5)
                    var got: [(Double, [UInt8])] = []
                    z.forEach(ranks: lo..<hi, reverse: rev) { m, s in got.append((s, Array(m))) }
                    let l = min(lo, n), h = min(hi, n)
                    var want = Array(model.items[l..<h])
                    if rev { want.reverse() }
                    return same(got, want)
                case 8:
                    if r.chance(0.1) {
                        let n = model.items.count
                        let lo = r.int(n + 1), len = r.int(4)
                        let removed = z.removeRanks(lo..<(lo + len))
                        let h = min(lo + len, n)
                        let w = max(0, h - lo)
                        if w > 0 { model.items.removeSubrange(lo..<h) }
                        return removed == w
                    }
                    return z.count == model.items.count
                default:
                    if z.count > 0 {
                        let k = r.int(z.count)
                        let ok = z.element(atRank: k) { m, s in s == model.items[k].0 && Array(m) == model.items[k].1 }
                        return ok
                    }
                    return true
                }
            }
            if !out {
                Issue.record("seed \(seed) step \(step): mismatch (encoding \(z.encodingName))")
                return
            }
            if step % 50 == 0 {
                if let e = z.verifyInvariants() { Issue.record("seed \(seed) step \(step): \(e)"); return }
                if !same(contents(z), model.items) { Issue.record("seed \(seed) step \(step): contents differ"); return }
            }
        }
        #expect(z.verifyInvariants() == nil)
        #expect(same(contents(z), model.items))
        if let lp = expectListpack { #expect(z.isListpack == lp) }
        // A copy is equal and independent.
        var c = z.copy()
        defer { c.free() }
        #expect(c.encodingName == z.encodingName)
        #expect(same(contents(c), model.items))
        if let first = model.items.first {
            first.1.withUnsafeBytes { _ = c.remove($0) }
            #expect(same(contents(z), model.items))
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func listpackMatchesModel(seed: UInt64) {
        runModel(seed: seed, steps: 3000, maxEntries: 1_000_000, pool: 60, expectListpack: true)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func skiplistMatchesModel(seed: UInt64) {
        runModel(seed: seed, steps: 3000, maxEntries: 0, pool: 60, expectListpack: false)
    }

    @Test func bigSkiplistMatchesModel() {
        // Enough members for a three-level tree, merges and the member index's resizes.
        runModel(seed: 77, steps: 6000, maxEntries: 0, pool: 3000, expectListpack: false)
    }

    /// ZADD allocates a new set at the sum of `listpackBytes` of its pairs: that sum must be
    /// the size the listpack reaches, whatever the score's form (integer, "%.17g", inf).
    @Test func listpackBytesIsTheBuiltSize() {
        let pairs: [(Double, String)] = [(1, "a"), (-2.5, "member:2"), (1e300, String(repeating: "x", count: 70)),
                                         (100_000, "12345"), (.infinity, "top"), (-4097, "")]
        var z = ZSetValue(listpackCapacity: 7)
        defer { z.free() }
        var predicted = 7
        for (s, m) in pairs {
            bytes(m).withUnsafeBytes {
                predicted += ZSetValue.listpackBytes(member: $0, score: s)
                _ = z.add($0, score: s, maxEntries: 128, maxValue: 128)
            }
        }
        guard case .listpack(let lp) = z.storage else {
            Issue.record("the set left the listpack encoding")
            return
        }
        #expect(lp.totalBytes == predicted)
    }

    @Test func convertsAtThresholds() {
        var z = ZSetValue()
        defer { z.free() }
        for i in 0..<4 {
            bytes("m\(i)").withUnsafeBytes { _ = z.add($0, score: Double(i), maxEntries: 4, maxValue: 8) }
        }
        #expect(z.isListpack)
        // Updating an existing member never converts.
        bytes("m0").withUnsafeBytes { _ = z.add($0, score: 10, maxEntries: 4, maxValue: 8) }
        #expect(z.isListpack)
        bytes("m4").withUnsafeBytes { _ = z.add($0, score: 4, maxEntries: 4, maxValue: 8) }
        #expect(!z.isListpack)
        #expect(z.verifyInvariants() == nil)
        // No conversion back on shrink.
        z.removeRanks(0..<4)
        #expect(!z.isListpack && z.count == 1)
        z.convertToListpackIfFits(maxEntries: 4, maxValue: 8)
        #expect(z.isListpack && z.count == 1)
        // Long member.
        var y = ZSetValue()
        defer { y.free() }
        bytes("123456789").withUnsafeBytes { _ = y.add($0, score: 1, maxEntries: 4, maxValue: 8) }
        #expect(!y.isListpack)
        y.convertToListpackIfFits(maxEntries: 4, maxValue: 8)
        #expect(!y.isListpack)
    }

    @Test func listpackStoresScoresAsRedis() {
        var z = ZSetValue()
        defer { z.free() }
        let cases: [(Double, String)] = [
            (1, "1"), (1.5, "1.5"), (0.1, "0.10000000000000001"), (-0.0, "0"), (.infinity, "inf"),
            (-.infinity, "-inf"), (1e20, "1e+20"), (4611686018427387904, "4611686018427387904"),
            (4611686018427387904 * 2, "9.2233720368547758e+18"), (-12345, "-12345"), (2.5e-10, "2.5000000000000002e-10"),
        ]
        for (i, (s, _)) in cases.enumerated() {
            bytes("m\(i)").withUnsafeBytes { _ = z.add($0, score: s, maxEntries: 128, maxValue: 64) }
        }
        var stored: [String: String] = [:]
        _ = z.forEachStored { m, s in stored[String(decoding: m, as: UTF8.self)] = String(decoding: s, as: UTF8.self) }
        for (i, (_, text)) in cases.enumerated() { #expect(stored["m\(i)"] == text) }
        #expect(z.verifyInvariants() == nil)
        // Integer-looking members are integer entries and still compare as bytes.
        var y = ZSetValue()
        defer { y.free() }
        for m in ["10", "9", "-1", "abc", "09"] {
            bytes(m).withUnsafeBytes { _ = y.add($0, score: 0, maxEntries: 128, maxValue: 64) }
        }
        #expect(contents(y).map { String(decoding: $0.1, as: UTF8.self) } == ["-1", "09", "10", "9", "abc"])
    }

    @Test func lexRangesReplayRedisScans() {
        for maxEntries in [128, 0] {
            var z = ZSetValue()
            defer { z.free() }
            for m in ["a", "b", "c", "d", "e"] {
                bytes(m).withUnsafeBytes { _ = z.add($0, score: 0, maxEntries: maxEntries, maxValue: 64) }
            }
            let b = bytes("b"), d = bytes("d")
            b.withUnsafeBytes { bb in
                d.withUnsafeBytes { dd in
                    #expect(z.ranks(in: ZLexRange(min: .inclusive(bb), max: .exclusive(dd)), reverse: false) == 1..<3)
                    #expect(z.ranks(in: ZLexRange(min: .exclusive(bb), max: .inclusive(dd)), reverse: true) == 2..<4)
                    #expect(z.ranks(in: ZLexRange(min: .minusInfinity, max: .plusInfinity), reverse: false) == 0..<5)
                    #expect(z.ranks(in: ZLexRange(min: .plusInfinity, max: .minusInfinity), reverse: false).isEmpty)
                    #expect(z.ranks(in: ZLexRange(min: .inclusive(dd), max: .inclusive(bb)), reverse: false).isEmpty)
                    #expect(z.ranks(in: ZLexRange(min: .exclusive(bb), max: .inclusive(bb)), reverse: false).isEmpty)
                }
            }
        }
        // Mixed scores on a listpack: the forward scan starts at the first member >= min.
        var z = ZSetValue()
        defer { z.free() }
        for (s, m) in [(1.0, "c"), (2.0, "a"), (3.0, "d"), (4.0, "b")] {
            bytes(m).withUnsafeBytes { _ = z.add($0, score: s, maxEntries: 128, maxValue: 64) }
        }
        // Answers checked against redis-server 7.0.15.
        let b = bytes("b"), c = bytes("c"), a = bytes("a")
        b.withUnsafeBytes { bb in
            c.withUnsafeBytes { cc in
                a.withUnsafeBytes { aa in
                    #expect(z.ranks(in: ZLexRange(min: .inclusive(bb), max: .plusInfinity), reverse: false) == 0..<4)
                    #expect(z.ranks(in: ZLexRange(min: .minusInfinity, max: .inclusive(bb)), reverse: true).isEmpty)
                    #expect(z.ranks(in: ZLexRange(min: .minusInfinity, max: .inclusive(cc)), reverse: false) == 0..<2)
                    #expect(z.ranks(in: ZLexRange(min: .inclusive(cc), max: .plusInfinity), reverse: true).isEmpty)
                    #expect(z.ranks(in: ZLexRange(min: .exclusive(aa), max: .inclusive(cc)), reverse: false) == 0..<2)
                }
            }
        }
    }

    @Test func bigIndexAtScale() {
        let ix = ZSetIndex()
        var r = Rng(s: 5)
        let n = 60_000
        for i in 0..<n {
            let m = bytes("member:\(i * 7919 % n)")
            m.withUnsafeBytes { _ = ix.insertNew($0, Double(r.int(1000))) }
        }
        #expect(ix.count == n)
        #expect(ix.verifyInvariants() == nil)
        // Ranks agree with a walk.
        var k = 0
        var ok = true
        ix.forEach(fromRank: 0, reverse: false) { m, _ in
            if ix.rank(m) != k { ok = false }
            k += 1
            return k < 2000
        }
        #expect(ok)
        // Remove most (merges, shrinking, compaction), then check again.
        for i in 0..<(n - 500) {
            let m = bytes("member:\(i)")
            m.withUnsafeBytes { _ = ix.remove($0) }
            if i % 20_000 == 0 { #expect(ix.verifyInvariants() == nil) }
        }
        #expect(ix.count == 500)
        #expect(ix.verifyInvariants() == nil)
        for i in (n - 500)..<n {
            let m = bytes("member:\(i)")
            #expect(m.withUnsafeBytes { ix.score($0) } != nil)
        }
        // Ascending appends pack leaves full.
        let seq = ZSetIndex()
        for i in 0..<10_000 { bytes("s\(i)").withUnsafeBytes { _ = seq.insertNew($0, Double(i)) } }
        #expect(seq.verifyInvariants() == nil)
        #expect(seq.nodeCount < 10_000 / 60 + 10)
        seq.removeRanks(100..<9_900)
        #expect(seq.count == 200)
        #expect(seq.verifyInvariants() == nil)
    }

    @Test func scanReturnsEveryMemberAcrossResizes() {
        let ix = ZSetIndex()
        let base = 7000
        for i in 0..<base { bytes("k\(i)").withUnsafeBytes { _ = ix.insertNew($0, Double(i)) } }
        var seen = Set<[UInt8]>()
        var cursor: UInt64 = 0
        var steps = 0
        var grown = false, shrunk = false
        repeat {
            cursor = ix.scan(cursor) { m, _ in seen.insert(Array(m)) }
            steps += 1
            // Grow the member index in the middle of the scan (an incremental resize that is
            // still running for the next steps), later shrink it: the originals are all seen.
            if steps == 100 {
                for i in base..<30_000 { bytes("k\(i)").withUnsafeBytes { _ = ix.insertNew($0, Double(i)) } }
                grown = true
            }
            if steps == 20_000 {
                for i in base..<30_000 { bytes("k\(i)").withUnsafeBytes { _ = ix.remove($0) } }
                shrunk = true
            }
        } while cursor != 0 && steps < 1_000_000
        #expect(grown && shrunk)
        for i in 0..<base { #expect(seen.contains(bytes("k\(i)"))) }
        #expect(ix.verifyInvariants() == nil)
    }

    @Test func memberIndexResizesIncrementally() {
        let ix = ZSetIndex()
        var i = 0
        // Fill until a resize is under way (tables above 4096 slots move a few slots per call).
        while ix.next == nil || ix.table.capacity < 8192 {
            bytes("r\(i)").withUnsafeBytes { _ = ix.insertNew($0, Double(i % 97)) }
            i += 1
        }
        #expect(ix.verifyInvariants() == nil)
        // Reads, updates, removals and inserts while both tables are live.
        var j = 0
        while ix.next != nil && j < 10_000 {
            bytes("r\(j)").withUnsafeBytes { m in
                #expect(ix.score(m) == Double(j % 97))
                if j % 3 == 0 { _ = ix.remove(m) }
                if j % 5 == 0, let id = ix.find(m) { ix.updateScore(id: id, to: -Double(j)) }
            }
            bytes("new\(j)").withUnsafeBytes { _ = ix.insertNew($0, 1) }
            if j % 500 == 0 { #expect(ix.verifyInvariants() == nil) }
            j += 1
        }
        #expect(ix.next == nil)
        #expect(ix.verifyInvariants() == nil)
        // Shrinking after mass removal, also incremental.
        for k in 0..<i where k % 3 != 0 || k >= j { bytes("r\(k)").withUnsafeBytes { _ = ix.remove($0) } }
        for k in 0..<j { bytes("new\(k)").withUnsafeBytes { _ = ix.remove($0) } }
        #expect(ix.count == 0)
        #expect(ix.verifyInvariants() == nil)
    }
}
