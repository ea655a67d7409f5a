// CRC64.swift: Redis's CRC-64 ("Jones"), the checksum at the end of RDB files and DUMP
// payloads.
//
// Parameters: reflected (input and output), polynomial 0xad93d23594c935a9 (x^64 implied),
// init 0, xorout 0. Check value: CRC64("123456789") = 0xe9c6d914c4b8d9ca. Because init and
// xorout are 0, the CRC of a stream can be carried from piece to piece
// (`update(update(0, a), b) == checksum(a + b)`), which is how an RDB writer checksums as
// it writes, exactly like Redis's `crc64(uint64_t crc, const unsigned char *s, uint64_t l)`.
// `combine` joins CRCs computed separately (Redis's crc64_combine), so big payloads can be
// split.
//
// The work is done by the C kernels in CChecksum (tables, PCLMUL, AVX-512 VPCLMULQDQ);
// docs/checksum.md describes them and their measured speed.

import CChecksum

public enum CRC64 {
    public typealias Implementation = CRCImplementation

    /// The generator polynomial, normal (non-reflected) form, x^64 implied.
    public static let polynomial: UInt64 = 0xad93_d235_94c9_35a9
    /// CRC64 of the ASCII bytes "123456789".
    public static let checkValue: UInt64 = 0xe9c6_d914_c4b8_d9ca

    /// CRC64 of `bytes`, continuing from `seed` (0 starts a new checksum).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        update(seed, bytes)
    }

    /// CRC64 of `bytes`, continuing from `seed` (0 starts a new checksum).
    public static func checksum(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { update(seed, $0) }
    }

    /// CRC64 of `bytes` computed by one particular kernel, which must be supported.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0,
                                using implementation: Implementation) -> UInt64 {
        implementation.requireSupported()
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return seed }
        switch implementation {
        case .table: return cchk_crc64_table(seed, base, bytes.count)
        case .pclmul: return cchk_crc64_pclmul(seed, base, bytes.count)
        case .vpclmul: return cchk_crc64_vpclmul(seed, base, bytes.count)
        }
    }

    /// CRC64 of `bytes` computed by one particular kernel, which must be supported.
    public static func checksum(_ bytes: [UInt8], seed: UInt64 = 0,
                                using implementation: Implementation) -> UInt64 {
        bytes.withUnsafeBytes { checksum($0, seed: seed, using: implementation) }
    }

    /// Streaming: the CRC64 of everything so far (`crc`) followed by `bytes`.
    public static func update(_ crc: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return cchk_crc64(crc, base, bytes.count)
    }

    /// Streaming: the CRC64 of everything so far (`crc`) followed by `bytes`.
    public static func update(_ crc: UInt64, _ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { update(crc, $0) }
    }

    /// CRC64(A + B) from `crc1` = CRC64(A), `crc2` = CRC64(B) and `length2` = B's length
    /// in bytes. Costs O(log length2) 64-bit polynomial multiplications, not a pass over B.
    public static func combine(_ crc1: UInt64, _ crc2: UInt64, length2: Int) -> UInt64 {
        precondition(length2 >= 0, "CRC64.combine: negative length")
        return cchk_crc64_combine(crc1, crc2, UInt64(length2))
    }
}
