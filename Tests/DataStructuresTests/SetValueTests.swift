// SetValue and MemberTable: one property test body run against both encodings (the
// hashtable forced with a zero intset threshold) and compared with a Swift Set model after
// every operation, invariants checked after every batch; the conversion rules of Redis 7.0
// (setTypeCreate, setTypeAdd); SCAN's guarantee across resizes; the random draws
// (distinct, with repeats, SPOP's two strategies); deep copies; memory per member.
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
}

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

private func withRaw<R>(_ a: [UInt8], _ body: (UnsafeRawBufferPointer) -> R) -> R {
    a.withUnsafeBytes(body)
}

private func members(_ s: SetValue) -> [[UInt8]] {
    var out: [[UInt8]] = []
    s.forEach { out.append($0.byteArray) }
    return out
}

/// A member from a pool: integers of every intset width (and canonical-looking strings that
/// are not integers) when `integersOnly` is false as well as plain and binary strings.
private func randomMember(_ r: inout Rng, integersOnly: Bool) -> [UInt8] {
    let kind = integersOnly ? r.int(4) : r.int(9)
    switch kind {
    case 0: return bytes(String(r.int(60) - 30))
    case 1: return bytes(String(Int64(r.int(40)) * 100_000 - 2_000_000))
    case 2: return bytes(String(Int64(r.int(20)) * 1_000_000_000_000 - 10_000_000_000_000))
    case 3: return bytes(String([Int64.min, Int64.max, 0, -1, 32767, -32768, 2147483647][r.int(7)]))
    case 4: return bytes("m\(r.int(50))")
    case 5: return ["01", "+1", "-0", " 1", "", "9223372036854775808", "1.0"].map(bytes)[r.int(7)]
    case 6: return (0..<r.int(20)).map { _ in UInt8(r.int(256)) }
    case 7: return bytes(String(repeating: "x", count: 250 + r.int(10)))
    default: return bytes("member:\(r.int(30))")
    }
}

@Suite struct SetValueTests {
    enum Mode: String, CaseIterable { case intset, hashtable, mixed }

    /// One body for every encoding: random adds, removes, membership checks, pops and
    /// random draws, compared with a Set model after every step.
    @Test(arguments: Mode.allCases)
    func matchesModel(mode: Mode) {
        var r = Rng(s: 0x5E7 &+ UInt64(mode.rawValue.count))
        let limit = mode == .hashtable ? 0 : 512
        let integersOnly = mode == .intset
        var model = Set<[UInt8]>()
        var s = SetValue()
        defer { s.free() }
        for batch in 0..<40 {
            for _ in 0..<60 {
                let m = randomMember(&r, integersOnly: integersOnly)
                switch r.int(10) {
                case 0, 1, 2, 3:
                    let added = withRaw(m) { s.add($0, maxIntsetEntries: limit) }
                    #expect(added == model.insert(m).inserted)
                case 4, 5:
                    let removed = withRaw(m) { s.remove($0) }
                    #expect(removed == (model.remove(m) != nil))
                case 6:
                    #expect(withRaw(m) { s.contains($0) } == model.contains(m))
                    #expect(withRaw(m) { s.contains(LPValue.bytes($0)) } == model.contains(m))
                    if let v = withRaw(m, { parseStrictInt64($0) }) {
                        #expect(s.contains(LPValue.int(v)) == model.contains(m))
                    }
                case 7:
                    if s.count > 0 {
                        var popped: [UInt8] = []
                        s.popRandom { popped = $0.byteArray }
                        #expect(model.remove(popped) != nil)
                    }
                case 8:
                    if s.count > 0 {
                        #expect(model.contains(s.randomMember().byteArray))
                    }
                default:
                    // Members taken from another set (SINTERSTORE-style adds and removes).
                    var other = SetValue()
                    defer { other.free() }
                    withRaw(m) { _ = other.add($0, maxIntsetEntries: 512) }
                    other.forEach { v in
                        let added = s.add(v, maxIntsetEntries: limit)
                        #expect(added == model.insert(v.byteArray).inserted)
                    }
                }
                #expect(s.count == model.count)
            }
            if let e = s.verifyInvariants() { Issue.record("batch \(batch): \(e)"); return }
            #expect(Set(members(s)) == model)
            #expect(members(s).count == model.count)
            if mode == .intset { #expect(s.encodingName == "intset") }
            if mode == .hashtable { #expect(s.encodingName == "hashtable") }
            if batch == 20 {
                let original = s
                s = s.copy()
                original.free()
            }
        }
        if mode == .intset {
            // An intset iterates in ascending order.
            var values: [Int64] = []
            s.forEach { if case .int(let v) = $0 { values.append(v) } }
            #expect(values == values.sorted())
            #expect(values.count == s.count)
        }
    }

    @Test func creationPicksTheEncodingOfTheFirstMember() {
        #expect(withRaw(bytes("12")) { SetValue.created(for: $0) }.encodingName == "intset")
        #expect(withRaw(bytes("-9223372036854775808")) { SetValue.created(for: $0) }.encodingName == "intset")
        for m in ["a", "012", "+1", "", "9223372036854775808", "1 "] {
            #expect(withRaw(bytes(m)) { SetValue.created(for: $0) }.encodingName == "hashtable")
        }
        #expect(SetValue().encodingName == "intset")
    }

    @Test func convertsWhenRedisDoesAndNeverBack() {
        // A non-integer member converts.
        var a = SetValue()
        defer { a.free() }
        for i in 0..<10 { withRaw(bytes(String(i))) { _ = a.add($0, maxIntsetEntries: 512) } }
        #expect(a.encodingName == "intset")
        withRaw(bytes("x")) { _ = a.add($0, maxIntsetEntries: 512) }
        #expect(a.encodingName == "hashtable")
        withRaw(bytes("x")) { _ = a.remove($0) }
        #expect(a.encodingName == "hashtable")
        #expect(a.count == 10)
        #expect(withRaw(bytes("7")) { a.contains($0) })
        #expect(a.verifyInvariants() == nil)

        // Exceeding the threshold converts on the insert that passes it.
        var b = SetValue()
        defer { b.free() }
        for i in 0..<5 { withRaw(bytes(String(i))) { _ = b.add($0, maxIntsetEntries: 5) } }
        #expect(b.encodingName == "intset")
        withRaw(bytes("3")) { _ = b.add($0, maxIntsetEntries: 5) }  // already there
        #expect(b.encodingName == "intset")
        withRaw(bytes("5")) { _ = b.add($0, maxIntsetEntries: 5) }
        #expect(b.encodingName == "hashtable")
        for i in 0..<6 { withRaw(bytes(String(i))) { _ = b.remove($0) } }
        #expect(b.count == 0)
        #expect(b.encodingName == "hashtable")

        // A threshold lowered below the size converts at the next successful insert only.
        var c = SetValue()
        defer { c.free() }
        for i in 0..<20 { withRaw(bytes(String(i))) { _ = c.add($0, maxIntsetEntries: 512) } }
        withRaw(bytes("1")) { _ = c.add($0, maxIntsetEntries: 3) }
        #expect(c.encodingName == "intset")
        withRaw(bytes("100")) { _ = c.add($0, maxIntsetEntries: 3) }
        #expect(c.encodingName == "hashtable")
        #expect(c.count == 21)

        // Threshold 0: even the first integer converts.
        var d = SetValue()
        defer { d.free() }
        withRaw(bytes("1")) { _ = d.add($0, maxIntsetEntries: 0) }
        #expect(d.encodingName == "hashtable")
    }

    @Test func longAndBinaryMembers() {
        var s = SetValue()
        defer { s.free() }
        let long = [UInt8](repeating: 0xAB, count: 300)
        let edge = [UInt8](repeating: 7, count: 254)
        let edge2 = [UInt8](repeating: 7, count: 255)
        let binary: [UInt8] = [0, 13, 10, 255, 0]
        for m in [long, edge, edge2, binary, []] {
            #expect(withRaw(m) { s.add($0, maxIntsetEntries: 512) })
        }
        #expect(s.count == 5)
        for m in [long, edge, edge2, binary, []] {
            #expect(withRaw(m) { s.contains($0) })
        }
        #expect(Set(members(s)) == Set([long, edge, edge2, binary, []]))
        #expect(s.verifyInvariants() == nil)
        for m in [long, edge2] { #expect(withRaw(m) { s.remove($0) }) }
        #expect(s.verifyInvariants() == nil)
        #expect(Set(members(s)) == Set([edge, binary, []]))
    }

    /// Every member present for a whole scan is returned at least once, even when the
    /// table grows and shrinks between calls (Redis's SCAN guarantee).
    @Test(arguments: [false, true])
    func scanReturnsEveryStableMember(shrinking: Bool) {
        var s = SetValue()
        defer { s.free() }
        let stable = (0..<2000).map { bytes("stable:\($0)") }
        for m in stable { withRaw(m) { _ = s.add($0, maxIntsetEntries: 512) } }
        if shrinking {
            for i in 0..<30000 { withRaw(bytes("churn:\(i)")) { _ = s.add($0, maxIntsetEntries: 512) } }
        }
        var seen = Set<[UInt8]>()
        var cursor: UInt64 = 0
        var calls = 0
        var churn = 0
        repeat {
            cursor = s.scan(cursor: cursor, count: 20) { seen.insert($0.byteArray) }
            calls += 1
            // Change the table between calls: grow it, or empty it out so it shrinks.
            for _ in 0..<40 {
                if shrinking {
                    if churn < 30000 { withRaw(bytes("churn:\(churn)")) { _ = s.remove($0) } }
                } else {
                    withRaw(bytes("churn:\(churn)")) { _ = s.add($0, maxIntsetEntries: 512) }
                }
                churn += 1
            }
        } while cursor != 0 && calls < 100_000
        #expect(cursor == 0)
        for m in stable { #expect(seen.contains(m)) }
        #expect(s.verifyInvariants() == nil)
    }

    @Test func intsetScanIsWholeWithCursorZero() {
        var s = SetValue()
        defer { s.free() }
        for i in 0..<100 { withRaw(bytes(String(i))) { _ = s.add($0, maxIntsetEntries: 512) } }
        var n = 0
        #expect(s.scan(cursor: 12345, count: 1) { _ in n += 1 } == 0)
        #expect(n == 100)
    }

    @Test(arguments: [512, 0])
    func randomDraws(limit: Int) {
        var s = SetValue()
        defer { s.free() }
        for i in 0..<100 { withRaw(bytes(String(i * 3))) { _ = s.add($0, maxIntsetEntries: limit) } }
        let all = Set(members(s))
        for count in [1, 5, 33, 34, 60, 99] {
            var got: [[UInt8]] = []
            s.randomDistinctMembers(count) { got.append($0.byteArray) }
            #expect(got.count == count)
            #expect(Set(got).count == count)
            #expect(Set(got).isSubset(of: all))
        }
        var repeats: [[UInt8]] = []
        s.randomMembersWithRepeats(500) { repeats.append($0.byteArray); return true }
        #expect(repeats.count == 500)
        #expect(Set(repeats).isSubset(of: all))
        // Uniform enough: 500 draws over 100 members touch well over half of them.
        #expect(Set(repeats).count > 80)
        var stopped = 0
        s.randomMembersWithRepeats(1000) { _ in stopped += 1; return stopped < 10 }
        #expect(stopped == 10)

        // SPOP with a count: both strategies remove exactly what they return.
        for count in [3, 30] {
            var t = s.copy()
            defer { t.free() }
            var popped: [[UInt8]] = []
            t.popRandom(count: count, maxIntsetEntries: limit) { popped.append($0.byteArray) }
            #expect(popped.count == count)
            #expect(Set(popped).count == count)
            #expect(t.count == 100 - count)
            #expect(Set(members(t)).union(popped) == all)
            #expect(Set(members(t)).isDisjoint(with: popped))
            #expect(t.encodingName == s.encodingName)
            #expect(t.verifyInvariants() == nil)
        }
        #expect(s.count == 100)
    }

    @Test func spopKeepsIntoAFreshSetThatMayConvert() {
        // An intset of 100 with the threshold lowered to 10. Popping 90 keeps 10 in a fresh
        // set (10 * 5 <= 90), which fits; popping 85 keeps 15 in a fresh set that converts,
        // as Redis's setTypeAdd does (checked against redis-server).
        var s = SetValue()
        defer { s.free() }
        for i in 0..<100 { withRaw(bytes(String(i))) { _ = s.add($0, maxIntsetEntries: 512) } }
        var a = s.copy()
        defer { a.free() }
        var popped: [Int64] = []
        a.popRandom(count: 90, maxIntsetEntries: 10) { if case .int(let v) = $0 { popped.append(v) } }
        #expect(a.encodingName == "intset")
        #expect(a.count == 10)
        #expect(popped == popped.sorted())  // what is left of the old intset, in its order
        var b = s.copy()
        defer { b.free() }
        b.popRandom(count: 85, maxIntsetEntries: 10) { _ in }
        #expect(b.encodingName == "hashtable")
        #expect(b.count == 15)
        // One at a time (kept * 5 > popped): the encoding stays.
        var c = s.copy()
        defer { c.free() }
        c.popRandom(count: 50, maxIntsetEntries: 10) { _ in }
        #expect(c.encodingName == "intset")
        #expect(c.count == 50)
    }

    @Test func copiesShareNothing() {
        for limit in [512, 0] {
            var s = SetValue()
            defer { s.free() }
            for i in 0..<50 { withRaw(bytes(String(i))) { _ = s.add($0, maxIntsetEntries: limit) } }
            var c = s.copy()
            defer { c.free() }
            #expect(c.encodingName == s.encodingName)
            withRaw(bytes("1000")) { _ = c.add($0, maxIntsetEntries: limit) }
            withRaw(bytes("3")) { _ = s.remove($0) }
            #expect(withRaw(bytes("3")) { c.contains($0) })
            #expect(!withRaw(bytes("1000")) { s.contains($0) })
            #expect(c.count == 51 && s.count == 49)
            #expect(c.verifyInvariants() == nil && s.verifyInvariants() == nil)
        }
    }

    @Test func removalShrinksASparseTable() {
        var s = SetValue()
        defer { s.free() }
        for i in 0..<4096 { withRaw(bytes("k\(i)")) { _ = s.add($0, maxIntsetEntries: 512) } }
        let big = s.allocatedBytes
        for i in 0..<4090 { withRaw(bytes("k\(i)")) { _ = s.remove($0) } }
        // Finish any rehash in progress.
        for _ in 0..<100 { _ = withRaw(bytes("k4095")) { s.contains($0) } }
        #expect(s.count == 6)
        #expect(s.allocatedBytes < big / 20)
        #expect(s.verifyInvariants() == nil)
    }

    /// Per-member cost of the hashtable: a short member is one 32-byte chunk plus its
    /// bucket slot (Redis 7.0 needs about 56 bytes); a big intset has little spare room.
    @Test func memoryPerMember() {
        var s = SetValue()
        defer { s.free() }
        // Past the end of the rehash that started at 65536 members (one bucket per add).
        let n = 120_000
        for i in 0..<n { withRaw(bytes("member:\(i)")) { _ = s.add($0, maxIntsetEntries: 512) } }
        #expect(s.allocatedBytes / n <= 42)
        var ints = SetValue()
        defer { ints.free() }
        for i in 0..<n { withRaw(bytes(String(i))) { _ = ints.add($0, maxIntsetEntries: 1 << 30) } }
        #expect(ints.encodingName == "intset")
        // 4-byte elements: at most ~4% spare.
        #expect(ints.allocatedBytes <= 8 + n * 4 * 104 / 100 + 200)
    }
}
