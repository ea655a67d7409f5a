// ListValue (quicklist): one property test body run against each node shape (Redis's
// default 8 KB nodes, tiny byte budgets, tiny entry counts, one entry per node, and plain
// nodes forced by a small packed threshold), compared operation by operation with a Swift
// array model, with verifyInvariants and a full comparison every 50 steps (and at every step
// while the list is small). Plus node layouts that Redis 7.0.15 produced for the same pushes
// and inserts (DEBUG OBJECT ql_nodes / ql_uncompressed_size), split-then-merge, plain nodes,
// copies, compaction of full nodes, and a million one-entry nodes created and released.
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

private extension ListValue {
    func push(_ v: [UInt8], head: Bool) { v.withUnsafeBytes { push($0, atHead: head) } }
    func popBytes(head: Bool) -> [UInt8]? { pop(atHead: head) { $0.byteArray } }
    func get(_ i: Int) -> [UInt8]? { withElement(at: i) { $0.byteArray } }
    func set(_ i: Int, _ v: [UInt8]) -> Bool { v.withUnsafeBytes { replace(at: i, with: $0) } }
    func insert(_ v: [UInt8], pivot: [UInt8], after: Bool) -> Bool {
        v.withUnsafeBytes { vb in pivot.withUnsafeBytes { insert(vb, pivot: $0, after: after) } }
    }
    func remove(_ v: [UInt8], limit: Int, fromTail: Bool) -> Int {
        v.withUnsafeBytes { removeElements(equalTo: $0, limit: limit, fromTail: fromTail) }
    }
    func range(_ start: Int, _ n: Int, reverse: Bool = false) -> [[UInt8]] {
        var out: [[UInt8]] = []
        forEach(from: start, count: n, reverse: reverse) { out.append($0.byteArray) }
        return out
    }
}

/// The node shapes every property test runs against.
enum ListShape: CaseIterable, CustomTestStringConvertible {
    case default8k, bytes4k, entries3, entries1, plainNodes
    func make() -> ListValue {
        switch self {
        case .default8k: return ListValue(fill: -2)
        case .bytes4k: return ListValue(fill: -1)
        case .entries3: return ListValue(fill: 3)
        case .entries1: return ListValue(fill: 0)
        case .plainNodes: return ListValue(fill: 4, packedThreshold: 40)
        }
    }
    var testDescription: String { "\(self)" }
}

private let pool: [[UInt8]] = [
    [], bytes("0"), bytes("1"), bytes("-1"), bytes("127"), bytes("-4096"), bytes("70000"),
    bytes("9223372036854775807"), bytes("-9223372036854775808"), bytes("007"), bytes("a"), bytes("b"),
    bytes("hello"), bytes(String(repeating: "v", count: 39)), bytes(String(repeating: "w", count: 40)),
    bytes(String(repeating: "x", count: 200)), [0, 255, 13, 10], bytes(String(repeating: "y", count: 3000)),
]

@Suite struct ListValueTests {
    @Test(arguments: ListShape.allCases)
    func matchesArrayModel(shape: ListShape) {
        var rng = Seeded(0x5157 &+ UInt64(shape.hashValue & 0xFF))
        let list = shape.make()
        var model: [[UInt8]] = []
        func element() -> [UInt8] {
            // Mostly small values so nodes fill up; sometimes the big ones.
            Int.random(in: 0..<10, using: &rng) < 8 ? pool[Int.random(in: 0..<13, using: &rng)]
                : pool[Int.random(in: 0..<pool.count, using: &rng)]
        }
        func index() -> Int {
            let n = max(model.count, 1)
            return Int.random(in: (-n - 2)...(n + 2), using: &rng)
        }
        var largest = 0
        for step in 0..<6000 {
            largest = max(largest, model.count)
            let op = Int.random(in: 0..<100, using: &rng)
            // Grow faster at first, then keep the size fluctuating.
            let growBias = model.count < 500 ? 45 : 30
            if op < growBias {
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    let v = element()
                    let head = Bool.random(using: &rng)
                    list.push(v, head: head)
                    if head { model.insert(v, at: 0) } else { model.append(v) }
                }
            } else if op < 52 {
                let head = Bool.random(using: &rng)
                let got = list.popBytes(head: head)
                let want = model.isEmpty ? nil : (head ? model.removeFirst() : model.removeLast())
                #expect(got == want, "step \(step) pop")
            } else if op < 60 {
                let i = index()
                let want: [UInt8]? = (i >= -model.count && i < model.count) ? model[i < 0 ? i + model.count : i] : nil
                #expect(list.get(i) == want, "step \(step) index \(i)")
            } else if op < 66 {
                let i = index(), v = element()
                let ok = list.set(i, v)
                let inRange = i >= -model.count && i < model.count
                #expect(ok == inRange, "step \(step) set")
                if inRange { model[i < 0 ? i + model.count : i] = v }
            } else if op < 76 {
                let pivot = element(), v = element(), after = Bool.random(using: &rng)
                let ok = list.insert(v, pivot: pivot, after: after)
                if let at = model.firstIndex(of: pivot) {
                    #expect(ok, "step \(step) insert")
                    model.insert(v, at: after ? at + 1 : at)
                } else {
                    #expect(!ok, "step \(step) insert without pivot")
                }
            } else if op < 80 {
                let v = element(), limit = Int.random(in: 0...7, using: &rng) % 7, fromTail = Bool.random(using: &rng)
                let removed = list.remove(v, limit: limit, fromTail: fromTail)
                var expected = 0
                if fromTail {
                    var i = model.count - 1
                    while i >= 0 {
                        if model[i] == v && (limit == 0 || expected < limit) { model.remove(at: i); expected += 1 }
                        i -= 1
                    }
                } else {
                    var i = 0
                    while i < model.count {
                        if model[i] == v && (limit == 0 || expected < limit) { model.remove(at: i); expected += 1 } else { i += 1 }
                    }
                }
                #expect(removed == expected, "step \(step) lrem")
            } else if op < 84 {
                // LTRIM-like: drop a range from the head side and one from the tail side.
                let n = model.count
                guard n > 0 else { continue }
                let a = Int.random(in: 0...min(n, 20), using: &rng)
                list.removeRange(start: 0, count: a)
                model.removeFirst(a)
                let b = Int.random(in: 0...min(model.count, 20), using: &rng)
                if b > 0 { list.removeRange(start: model.count - b, count: b) }
                model.removeLast(b)
            } else if op < 87 {
                // A range in the middle.
                guard !model.isEmpty else { continue }
                let s = Int.random(in: 0..<model.count, using: &rng)
                let n = Int.random(in: 1...40, using: &rng)
                list.removeRange(start: s, count: n)
                model.removeSubrange(s..<min(model.count, s + n))
            } else {
                guard !model.isEmpty else { continue }
                let s = Int.random(in: 0..<model.count, using: &rng)
                let n = Int.random(in: 1...700, using: &rng)
                let reverse = Bool.random(using: &rng)
                let want = reverse ? Array(model[max(0, s - n + 1)...s].reversed()) : Array(model[s..<min(model.count, s + n)])
                #expect(list.range(s, n, reverse: reverse) == want, "step \(step) range")
            }
            #expect(list.count == model.count)
            if step % 50 == 0 || list.count < 10 {
                if let e = list.verifyInvariants() { Issue.record("step \(step): \(e)"); return }
                #expect(list.elements() == model, "step \(step) contents")
            }
        }
        #expect(largest > 300, "the run should build a list of several nodes")
        #expect(list.verifyInvariants() == nil)
        #expect(list.elements() == model)
        let backwards = { var out: [[UInt8]] = []; list.forEachElement(fromTail: true) { out.append($0.byteArray); return true }; return out }()
        #expect(backwards == model.reversed())
        let c = list.copy()
        #expect(c.elements() == model && c.verifyInvariants() == nil && c.nodeCount == list.nodeCount)
        // The copy shares nothing: emptying one leaves the other.
        while list.popBytes(head: true) != nil {}
        #expect(list.count == 0 && list.nodeCount == 0 && list.verifyInvariants() == nil)
        #expect(c.elements() == model)
    }

    /// Node layouts Redis 7.0.15 produced for the same commands (DEBUG OBJECT).
    @Test func nodeLayoutsMatchRedis() {
        let ten = bytes("abcdefghij")
        // RPUSH of 681 ten-byte strings fits one 8 KB node; 682 needs two (the 8-byte estimate).
        for (n, nodes, size) in [(681, 1, 8179), (682, 2, 8198), (2000, 3, 24021)] {
            let l = ListValue(fill: -2)
            for _ in 0..<n { l.push(ten, head: false) }
            #expect(l.nodeCount == nodes && l.uncompressedSize == size, "\(n) pushes")
        }
        // LPUSH fills nodes the same way from the other end.
        let l = ListValue(fill: -2)
        for _ in 0..<2000 { l.push(ten, head: true) }
        #expect(l.nodeCount == 3 && l.uncompressedSize == 24021)
        // fill 4: RPUSH 1..12 gives three nodes; LINSERT BEFORE 6 splits the second one into
        // [5 x] [6 7 8], and nothing can merge.
        let f = ListValue(fill: 4)
        for i in 1...12 { f.push(bytes("\(i)"), head: false) }
        #expect(f.nodeCount == 3)
        #expect(f.insert(bytes("x"), pivot: bytes("6"), after: false))
        #expect(f.nodeCount == 4)
        var counts: [Int] = []
        f.forEachNode { counts.append($0.count) }
        #expect(counts == [4, 2, 3, 4])
        #expect(f.uncompressedSize == 55)
        #expect(f.elements().map { String(decoding: $0, as: UTF8.self) } == ["1", "2", "3", "4", "5", "x", "6", "7", "8", "9", "10", "11", "12"])
    }

    @Test func splitThenMerge() {
        // fill 6, nodes [1..6] [7..12] [13]: popping most of the first node then inserting in
        // the middle of the full second one splits it and merges the small pieces back.
        let l = ListValue(fill: 6)
        for i in 1...13 { l.push(bytes("\(i)"), head: false) }
        for _ in 0..<5 { _ = l.popBytes(head: true) }
        #expect(l.insert(bytes("x"), pivot: bytes("9"), after: true))
        var counts: [Int] = []
        l.forEachNode { counts.append($0.count) }
        // Split: [7 8 9] + [x 10 11 12]; then [6] merges with [7 8 9] -> [6 7 8 9];
        // [x 10 11 12] + [13] would be 5 <= 6 -> merged too.
        #expect(counts == [4, 5])
        #expect(l.uncompressedSize == 33)
        #expect(l.verifyInvariants() == nil)
        #expect(l.elements().map { String(decoding: $0, as: UTF8.self) } == ["6", "7", "8", "9", "x", "10", "11", "12", "13"])
    }

    @Test func plainNodesHoldOneElement() {
        let l = ListValue(fill: -2, packedThreshold: 100)
        let big = [UInt8](repeating: 66, count: 150)
        for i in 0..<10 { l.push(bytes("s\(i)"), head: false) }
        #expect(l.nodeCount == 1)
        l.push(big, head: false)
        l.push(bytes("after"), head: false)
        #expect(l.nodeCount == 3)
        // LSET of a big element inside the packed node splits it around a plain node.
        #expect(l.set(4, big))
        var plain: [Bool] = []
        l.forEachNode { plain.append($0.isPlain) }
        #expect(plain == [false, true, false, true, false])
        #expect(l.get(4) == big && l.get(3) == bytes("s3") && l.get(5) == bytes("s5"))
        // LSET of a small element over a plain node replaces the node.
        #expect(l.set(4, bytes("small")))
        #expect(l.get(4) == bytes("small") && l.count == 12)
        #expect(l.verifyInvariants() == nil)
        #expect(l.forEachNodeSizes().contains(150))
    }

    @Test func longChainsReleaseIteratively() {
        // A million one-entry nodes (fill 0), created and released one block at a time.
        var l: ListValue? = ListValue(fill: 0)
        let one = bytes("1")
        for _ in 0..<1_000_000 { l!.push(one, head: false) }
        #expect(l!.nodeCount == 1_000_000)
        l = nil
        #expect(l == nil)
    }

    @Test func fullNodesAreCompacted() {
        let l = ListValue(fill: -2)
        let v = bytes("xxx")
        for _ in 0..<100_000 { l.push(v, head: false) }
        // All but the tail node hold no spare room: close to 5 bytes per element.
        #expect(l.allocatedBytes < 100_000 * 5 + l.nodeCount * 200 + 16_384)
    }

    @Test func fillIsClampedLikeRedis() {
        #expect(ListValue(fill: -100).fill == -5)
        #expect(ListValue(fill: 100_000).fill == 32767)
        let l = ListValue(fill: 100_000)
        // The 8 KB safety limit still applies to count-limited nodes.
        for _ in 0..<2000 { l.push(bytes("abcdefghij"), head: false) }
        #expect(l.nodeCount == 3)
    }
}

private extension ListValue {
    func forEachNodeSizes() -> [Int] {
        var out: [Int] = []
        forEachNode { out.append($0.size) }
        return out
    }
}
