// CRC64Tests.swift: CRC-64/Jones known answers, every kernel against the table reference
// (all lengths 0...1024, large buffers, unaligned starts, seeds), streaming, combine, and
// the CRCs that real Redis 7.0.15 wrote at the end of DUMP payloads and an RDB file.

import Foundation
import Testing
@testable import Checksum

@Suite struct CRC64Tests {
    let check = Array("123456789".utf8)

    @Test func checkValue() {
        #expect(CRC64.checksum(check) == 0xe9c6_d914_c4b8_d9ca)
        #expect(CRC64.checkValue == 0xe9c6_d914_c4b8_d9ca)
        #expect(Definition.crc64(check) == CRC64.checkValue)
        for impl in CRCImplementation.supported {
            #expect(CRC64.checksum(check, using: impl) == CRC64.checkValue, "\(impl)")
        }
        #expect(CRC64.checksum([UInt8]()) == 0)
        #expect(CRC64.checksum([UInt8](), seed: 1234) == 1234)
    }

    @Test func tableMatchesDefinition() {
        var rng = SplitMix64(seed: 1)
        for length in 0...300 {
            let bytes = [UInt8].random(count: length, using: &rng)
            let seed = length % 3 == 0 ? 0 : rng.next()
            #expect(CRC64.checksum(bytes, seed: seed, using: .table)
                    == Definition.crc64(bytes, seed: seed), "length \(length)")
        }
    }

    @Test func thisMachineHasTheFastKernels() {
        // The project's machines have AVX-512 VPCLMULQDQ; if this fails the kernels below
        // would silently be tested less. Dispatch must pick the fastest.
        #expect(CRCImplementation.supported.contains(.pclmul))
        #expect(CRCImplementation.fastest == CRCImplementation.supported.last)
    }

    @Test(arguments: CRCImplementation.allCases.filter(\.isSupported))
    func everyLengthAndAlignmentAgreesWithTable(impl: CRCImplementation) {
        var rng = SplitMix64(seed: 64)
        let buffer = [UInt8].random(count: 1024 + 64, using: &rng)
        buffer.withUnsafeBytes { all in
            for length in 0...1024 {
                let offset = length % 8 // unaligned starts, all eight residues
                let slice = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
                let seed: UInt64 = length % 2 == 0 ? 0 : rng.next()
                let want = CRC64.checksum(slice, seed: seed, using: .table)
                #expect(CRC64.checksum(slice, seed: seed, using: impl) == want,
                        "length \(length) offset \(offset)")
                #expect(CRC64.checksum(slice, seed: seed) == want, "dispatch, length \(length)")
            }
        }
    }

    @Test(arguments: CRCImplementation.allCases.filter(\.isSupported))
    func largeBuffersAgreeWithTable(impl: CRCImplementation) {
        var rng = SplitMix64(seed: 99)
        let buffer = [UInt8].random(count: (1 << 20) + 4096, using: &rng)
        buffer.withUnsafeBytes { all in
            for (length, offset) in [(4096, 0), (4099, 5), (65_536 + 255, 3), (100_000, 1),
                                     (1 << 20, 0), ((1 << 20) + 4095, 1)] {
                let slice = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
                let seed = rng.next()
                #expect(CRC64.checksum(slice, seed: seed, using: impl)
                        == CRC64.checksum(slice, seed: seed, using: .table), "length \(length)")
            }
        }
    }

    @Test func streamingEqualsOneShot() {
        var rng = SplitMix64(seed: 7)
        let bytes = [UInt8].random(count: 10_000, using: &rng)
        let whole = CRC64.checksum(bytes)
        for chunk in [1, 7, 16, 63, 255, 256, 1000, 4097] {
            var crc: UInt64 = 0
            var start = 0
            while start < bytes.count {
                let end = min(start + chunk, bytes.count)
                crc = CRC64.update(crc, Array(bytes[start..<end]))
                start = end
            }
            #expect(crc == whole, "chunk \(chunk)")
        }
    }

    @Test func combineJoinsChecksums() {
        var rng = SplitMix64(seed: 11)
        let lengths = [0, 1, 2, 7, 8, 15, 16, 100, 255, 256, 1000, 4096, 65_537]
        for la in lengths {
            for lb in lengths {
                let a = [UInt8].random(count: la, using: &rng)
                let b = [UInt8].random(count: lb, using: &rng)
                let joined = CRC64.combine(CRC64.checksum(a), CRC64.checksum(b), length2: b.count)
                #expect(joined == CRC64.checksum(a + b), "|a| = \(la), |b| = \(lb)")
            }
        }
        // A length of 2^40 bytes exercises the high powers table without the bytes: the
        // CRC of 2^40 zero bytes after A equals combining with crc2 = 0.
        let a = Array("A".utf8)
        let big = CRC64.combine(CRC64.checksum(a), 0, length2: 1 << 40)
        let viaHalves = CRC64.combine(CRC64.combine(CRC64.checksum(a), 0, length2: 1 << 39),
                                      0, length2: 1 << 39)
        #expect(big == viaHalves)
    }

    /// Each DUMP payload ends with the RDB version (2 bytes) and the CRC64 of everything
    /// before the CRC, little-endian.
    @Test(.enabled(if: SharedData.exists("dump-payloads-db0.json"),
                   "../shared/data/rdb is not beside this repository"))
    func redisDumpPayloads() throws {
        let data = try Data(contentsOf: SharedData.url("dump-payloads-db0.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object.count > 10)
        var checked = 0
        for (key, entry) in object.sorted(by: { $0.key < $1.key }) {
            let fields = try #require(entry as? [String: Any], "\(key)")
            let hex = try #require(fields["dump_hex"] as? String, "\(key)")
            let payload = try #require([UInt8](hex: hex), "\(key)")
            try #require(payload.count > 10)
            let body = Array(payload.dropLast(8))
            let stored = payload.suffix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(CRC64.checksum(body) == stored, "\(key)")
            for impl in CRCImplementation.supported {
                #expect(CRC64.checksum(body, using: impl) == stored, "\(key) \(impl)")
            }
            checked += 1
        }
        #expect(checked == object.count)
    }

    /// An RDB file (version >= 5) ends with the CRC64 of all bytes before it.
    @Test(.enabled(if: SharedData.exists("redis-7.0.15-alltypes.rdb"),
                   "../shared/data/rdb is not beside this repository"))
    func redisRDBFile() throws {
        let file = [UInt8](try Data(contentsOf: SharedData.url("redis-7.0.15-alltypes.rdb")))
        let body = Array(file.dropLast(8))
        let stored = file.suffix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(CRC64.checksum(body) == stored)
        // As an RDB writer would: in pieces, then also as two halves combined.
        var crc: UInt64 = 0
        for start in stride(from: 0, to: body.count, by: 4000) {
            crc = CRC64.update(crc, Array(body[start..<min(start + 4000, body.count)]))
        }
        #expect(crc == stored)
        let half = body.count / 2
        let joined = CRC64.combine(CRC64.checksum(Array(body[..<half])),
                                   CRC64.checksum(Array(body[half...])),
                                   length2: body.count - half)
        #expect(joined == stored)
    }
}
