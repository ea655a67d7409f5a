// TestSupport.swift: helpers shared by the checksum tests: a seeded random generator (so
// a failure reproduces), bit-at-a-time CRC definitions to check the tables against, and
// the location of the shared Redis fixtures.

import Foundation

/// SplitMix64: small, fast, deterministic for a given seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

extension Array where Element == UInt8 {
    static func random(count: Int, using rng: inout SplitMix64) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            var word = rng.next()
            for _ in 0..<Swift.min(8, count - i) {
                out[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
        return out
    }
}

/// The CRCs by their definitions, one bit at a time: slow and obviously right.
enum Definition {
    static func crc64(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        let reflectedPoly: UInt64 = 0x95ac_9329_ac4b_c9b5 // 0xad93d23594c935a9 reversed
        var crc = seed
        for byte in bytes {
            crc ^= UInt64(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ ((crc & 1) != 0 ? reflectedPoly : 0) }
        }
        return crc
    }

    static func crc16(_ bytes: [UInt8], seed: UInt16 = 0) -> UInt16 {
        var crc = seed
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }
}

/// Redis fixtures in ../shared/data/rdb (beside the repository on developers' machines and
/// CI; absent in a user's clone, where the tests that need them are skipped).
enum SharedData {
    static let rdbDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // .../Tests/ChecksumTests
        .deletingLastPathComponent() // .../Tests
        .deletingLastPathComponent() // the repository
        .deletingLastPathComponent() // the directory holding it and shared/
        .appendingPathComponent("shared/data/rdb")

    static func url(_ name: String) -> URL { rdbDirectory.appendingPathComponent(name) }

    static func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: url(name).path)
    }
}

extension Array where Element == UInt8 {
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let hi = value(digits[i]), let lo = value(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        self = out
    }
}
