// CRC16.swift: CRC-16/XMODEM and the Redis Cluster key slot built on it.
//
// Parameters: not reflected, polynomial 0x1021, init 0, xorout 0. Check value:
// CRC16("123456789") = 0x31c3. The CRC carries from piece to piece like CRC64's.
//
// Key slot (Redis Cluster spec, `keyHashSlot` in cluster.c): CRC16 of the key modulo
// 16384, except that when the key contains "{" followed later by "}" with at least one
// byte between the first "{" and the first "}" after it, only those bytes are hashed, so
// "{user1000}.following" and "{user1000}.followers" share a slot. "{}" (empty tag) or a
// "{" without a closing "}" hashes the whole key.
//
// Keys are short, so hashSlot goes straight to the C entry point, which uses the tables
// below 16 bytes and the CLMUL kernels above.

import CChecksum

public enum CRC16 {
    public typealias Implementation = CRCImplementation

    /// The generator polynomial, x^16 implied.
    public static let polynomial: UInt16 = 0x1021
    /// CRC16 of the ASCII bytes "123456789".
    public static let checkValue: UInt16 = 0x31c3
    /// Number of Redis Cluster hash slots.
    public static let slotCount = 16384

    /// CRC16 of `bytes`, continuing from `seed` (0 starts a new checksum).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt16 = 0) -> UInt16 {
        update(seed, bytes)
    }

    /// CRC16 of `bytes`, continuing from `seed` (0 starts a new checksum).
    public static func checksum(_ bytes: [UInt8], seed: UInt16 = 0) -> UInt16 {
        bytes.withUnsafeBytes { update(seed, $0) }
    }

    /// CRC16 of `bytes` computed by one particular kernel, which must be supported.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt16 = 0,
                                using implementation: Implementation) -> UInt16 {
        implementation.requireSupported()
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return seed }
        switch implementation {
        case .table: return cchk_crc16_table(seed, base, bytes.count)
        case .pclmul: return cchk_crc16_pclmul(seed, base, bytes.count)
        case .vpclmul: return cchk_crc16_vpclmul(seed, base, bytes.count)
        }
    }

    /// CRC16 of `bytes` computed by one particular kernel, which must be supported.
    public static func checksum(_ bytes: [UInt8], seed: UInt16 = 0,
                                using implementation: Implementation) -> UInt16 {
        bytes.withUnsafeBytes { checksum($0, seed: seed, using: implementation) }
    }

    /// Streaming: the CRC16 of everything so far (`crc`) followed by `bytes`.
    public static func update(_ crc: UInt16, _ bytes: UnsafeRawBufferPointer) -> UInt16 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return cchk_crc16(crc, base, bytes.count)
    }

    /// Streaming: the CRC16 of everything so far (`crc`) followed by `bytes`.
    public static func update(_ crc: UInt16, _ bytes: [UInt8]) -> UInt16 {
        bytes.withUnsafeBytes { update(crc, $0) }
    }

    /// The Redis Cluster hash slot (0..<16384) of `key`, honouring `{hashtag}`s.
    public static func hashSlot(_ key: UnsafeRawBufferPointer) -> Int {
        var hashed = key
        if let open = key.firstIndex(of: UInt8(ascii: "{")),
           let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")),
           close > open + 1 {
            hashed = UnsafeRawBufferPointer(rebasing: key[(open + 1)..<close])
        }
        return Int(update(0, hashed)) & (slotCount - 1)
    }

    /// The Redis Cluster hash slot (0..<16384) of `key`, honouring `{hashtag}`s.
    public static func hashSlot(_ key: [UInt8]) -> Int {
        key.withUnsafeBytes { hashSlot($0) }
    }

    /// The Redis Cluster hash slot of the UTF-8 bytes of `key`.
    public static func hashSlot(_ key: String) -> Int {
        var key = key
        return key.withUTF8 { hashSlot(UnsafeRawBufferPointer($0)) }
    }
}
