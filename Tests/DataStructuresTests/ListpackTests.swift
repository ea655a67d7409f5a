// Listpack: byte-exact against a listpack written by Redis 7.0.15 (DUMP of a small
// hash), navigation both ways, mutation against a model, validation of hostile bytes.
import Testing
@testable import DataStructures

/// HSET h a 1 b hello c -5000 d 70000 e 9000000000 f <60 x> g -100, DUMPed by Redis 7.0.15.
private let redisListpack: [UInt8] = [121, 0, 0, 0, 14, 0, 129, 97, 2, 1, 1, 129, 98, 2, 133, 104, 101, 108, 108, 111, 6, 129, 99, 2, 241, 120, 236, 3, 129, 100, 2, 242, 112, 17, 1, 4, 129, 101, 2, 244, 0, 26, 113, 24, 2, 0, 0, 0, 9, 129, 102, 2, 188, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 61, 129, 103, 2, 223, 156, 2, 255]

private func lpStrings(_ lp: Listpack) -> [String] {
    var out: [String] = []
    lp.forEach { _, v in out.append(String(decoding: v.byteArray, as: UTF8.self)); return true }
    return out
}

@Suite struct ListpackTests {
    private let fields = ["a", "1", "b", "hello", "c", "-5000", "d", "70000", "e", "9000000000",
                          "f", String(repeating: "x", count: 60), "g", "-100"]

    @Test func matchesRedisBytes() {
        let lp = Listpack()
        for f in fields { Array(f.utf8).withUnsafeBytes { lp.append($0) } }
        #expect(Array(lp.rawBytes) == redisListpack)
        #expect(lp.verifyInvariants() == nil)
    }

    @Test func readsRedisBytes() {
        let lp = redisListpack.withUnsafeBytes { Listpack(validating: $0) }
        #expect(lp != nil)
        #expect(lpStrings(lp!) == fields)
        // Backwards walk gives the reverse.
        var back: [String] = []
        var p = lp!.last
        while let q = p { back.append(String(decoding: lp!.value(at: q).byteArray, as: UTF8.self)); p = lp!.previous(q) }
        #expect(back == fields.reversed())
    }

    @Test func rejectsCorruptBytes() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var b = redisListpack
            let i = Int.random(in: 0..<b.count, using: &rng)
            b[i] = UInt8.random(in: 0...255, using: &rng)
            if let lp = b.withUnsafeBytes({ Listpack(validating: $0) }) {
                // Accepted bytes must be fully walkable.
                #expect(lp.verifyInvariants() == nil)
                _ = lpStrings(lp)
            }
        }
        #expect([UInt8]([7, 0, 0, 0, 0, 0]).withUnsafeBytes { Listpack(validating: $0) } == nil)
    }

    @Test func mutationsMatchModel() {
        let lp = Listpack()
        var model: [String] = []
        var rng = SystemRandomNumberGenerator()
        let samples = ["", "0", "-1", "127", "128", "-4096", "4095", "-4097", "32767", "-8388608", "8388608",
                       "2147483648", "-9223372036854775808", "007", "abc", String(repeating: "y", count: 63),
                       String(repeating: "z", count: 64), String(repeating: "w", count: 5000)]
        for _ in 0..<3000 {
            let op = Int.random(in: 0..<4, using: &rng)
            let s = samples.randomElement(using: &rng)!
            switch op {
            case 0:
                Array(s.utf8).withUnsafeBytes { _ = lp.append(.bytes($0)) }; model.append(s)
            case 1:
                Array(s.utf8).withUnsafeBytes { _ = lp.prepend(.bytes($0)) }; model.insert(s, at: 0)
            case 2 where !model.isEmpty:
                let i = Int.random(in: 0..<model.count, using: &rng)
                lp.remove(at: lp.seek(i)!); model.remove(at: i)
            case 3 where !model.isEmpty:
                let i = Int.random(in: 0..<model.count, using: &rng)
                Array(s.utf8).withUnsafeBytes { _ = lp.replace(at: lp.seek(i)!, with: .bytes($0)) }; model[i] = s
            default: break
            }
        }
        #expect(lp.verifyInvariants() == nil)
        #expect(lpStrings(lp) == model)
        #expect(lp.count == model.count)
        if let m = model.first {
            #expect(Array(m.utf8).withUnsafeBytes { lp.find($0) } == lp.first)
        }
    }
}

@Suite struct IntSetTests {
    @Test func matchesModelThroughUpgrades() {
        let s = IntSet()
        var model = Set<Int64>()
        var rng = SystemRandomNumberGenerator()
        let pools: [ClosedRange<Int64>] = [-300...300, -70000...70000, Int64.min...Int64.max]
        for step in 0..<5000 {
            let v = Int64.random(in: pools[min(step / 1500, 2)], using: &rng)
            if Bool.random(using: &rng) {
                #expect(s.insert(v) == model.insert(v).inserted)
            } else {
                #expect(s.remove(v) == (model.remove(v) != nil))
            }
        }
        #expect(s.verifyInvariants() == nil)
        #expect(s.count == model.count)
        #expect((0..<s.count).map { s[$0] } == model.sorted())
        #expect(s.width == 8)
    }

    @Test func redisByteFormat() {
        let s = IntSet()
        s.insert(3); s.insert(1); s.insert(2)
        #expect(Array(s.rawBytes) == [2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 2, 0, 3, 0])
        s.insert(-70000)
        #expect(Array(s.rawBytes.prefix(8)) == [4, 0, 0, 0, 4, 0, 0, 0])
        #expect(IntSet(validating: s.rawBytes)?.count == 4)
        #expect([UInt8]([2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 1, 0]).withUnsafeBytes { IntSet(validating: $0) } == nil)
    }
}
