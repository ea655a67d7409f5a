// CRC16Tests.swift: CRC-16/XMODEM known answers, every kernel against the table
// reference, and Redis Cluster key slots with their {hashtag} rules.

import Testing
@testable import Checksum

@Suite struct CRC16Tests {
    @Test func checkValue() {
        let check = Array("123456789".utf8)
        #expect(CRC16.checksum(check) == 0x31c3)
        #expect(Definition.crc16(check) == CRC16.checkValue)
        for impl in CRCImplementation.supported {
            #expect(CRC16.checksum(check, using: impl) == 0x31c3, "\(impl)")
        }
        #expect(CRC16.checksum([UInt8]()) == 0)
    }

    @Test func tableMatchesDefinition() {
        var rng = SplitMix64(seed: 2)
        for length in 0...300 {
            let bytes = [UInt8].random(count: length, using: &rng)
            let seed = UInt16(truncatingIfNeeded: length % 3 == 0 ? 0 : rng.next())
            #expect(CRC16.checksum(bytes, seed: seed, using: .table)
                    == Definition.crc16(bytes, seed: seed), "length \(length)")
        }
    }

    @Test(arguments: CRCImplementation.allCases.filter(\.isSupported))
    func everyLengthAndAlignmentAgreesWithTable(impl: CRCImplementation) {
        var rng = SplitMix64(seed: 16)
        let buffer = [UInt8].random(count: 1024 + 64, using: &rng)
        buffer.withUnsafeBytes { all in
            for length in 0...1024 {
                let offset = (length * 5) % 8
                let slice = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
                let seed = UInt16(truncatingIfNeeded: length % 2 == 0 ? 0 : rng.next())
                let want = CRC16.checksum(slice, seed: seed, using: .table)
                #expect(CRC16.checksum(slice, seed: seed, using: impl) == want,
                        "length \(length) offset \(offset)")
                #expect(CRC16.checksum(slice, seed: seed) == want, "dispatch, length \(length)")
            }
        }
    }

    @Test(arguments: CRCImplementation.allCases.filter(\.isSupported))
    func largeBuffersAgreeWithTable(impl: CRCImplementation) {
        var rng = SplitMix64(seed: 17)
        let buffer = [UInt8].random(count: (1 << 20) + 4096, using: &rng)
        buffer.withUnsafeBytes { all in
            for (length, offset) in [(4096, 0), (4099, 5), (65_536 + 255, 3), (1 << 20, 0),
                                     ((1 << 20) + 4095, 1)] {
                let slice = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
                let seed = UInt16(truncatingIfNeeded: rng.next())
                #expect(CRC16.checksum(slice, seed: seed, using: impl)
                        == CRC16.checksum(slice, seed: seed, using: .table), "length \(length)")
            }
        }
    }

    @Test func streamingEqualsOneShot() {
        var rng = SplitMix64(seed: 8)
        let bytes = [UInt8].random(count: 5000, using: &rng)
        let whole = CRC16.checksum(bytes)
        for chunk in [1, 3, 17, 300, 1024] {
            var crc: UInt16 = 0
            var start = 0
            while start < bytes.count {
                let end = min(start + chunk, bytes.count)
                crc = CRC16.update(crc, Array(bytes[start..<end]))
                start = end
            }
            #expect(crc == whole, "chunk \(chunk)")
        }
    }

    @Test func hashSlotKnownAnswers() {
        #expect(CRC16.hashSlot("foo") == 12182)
        #expect(CRC16.hashSlot("bar") == 5061)
        #expect(CRC16.hashSlot("") == 0)
        #expect(CRC16.hashSlot("123456789") == 0x31c3 & 16383)
        #expect(CRC16.hashSlot("{user1000}.following") == CRC16.hashSlot("{user1000}.followers"))
        #expect(CRC16.hashSlot("{user1000}.following") == CRC16.hashSlot("user1000"))
        #expect(CRC16.hashSlot("foo{bar}zap") == CRC16.hashSlot("bar"))
        // Only the first "{" and the first "}" after it count.
        #expect(CRC16.hashSlot("foo{{bar}}zap") == CRC16.hashSlot("{bar"))
        #expect(CRC16.hashSlot("foo{bar}{zap}") == CRC16.hashSlot("bar"))
        #expect(CRC16.hashSlot("a}b{c}") == CRC16.hashSlot("c"))
        // An empty tag or a missing "}" hashes the whole key.
        #expect(CRC16.hashSlot("{}foo") == Int(CRC16.checksum(Array("{}foo".utf8))) & 16383)
        #expect(CRC16.hashSlot("{}foo") != CRC16.hashSlot("foo"))
        #expect(CRC16.hashSlot("foo{bar") == Int(CRC16.checksum(Array("foo{bar".utf8))) & 16383)
        #expect(CRC16.hashSlot("{") == Int(CRC16.checksum(Array("{".utf8))) & 16383)
        // The three overloads agree, and slots are in range.
        var rng = SplitMix64(seed: 3)
        for length in 0..<200 {
            let key = [UInt8].random(count: length, using: &rng)
            let slot = CRC16.hashSlot(key)
            #expect((0..<CRC16.slotCount).contains(slot))
            #expect(key.withUnsafeBytes { CRC16.hashSlot($0) } == slot)
        }
    }
}
