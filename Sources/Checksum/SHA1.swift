// SHA1.swift: streaming SHA-1 (FIPS 180-4), for DEBUG DIGEST and script SHA1s
// (EVALSHA, SCRIPT LOAD), where Redis prints the digest as 40 lowercase hex digits.
//
// SHA-1 is not used here for security, only because Redis's wire formats name scripts
// and digests by it. A value type: copying an unfinished SHA1 forks the stream, and
// `finalize()` pads a copy, so the running state can be read and then fed more bytes.
//
// Layout: five 32-bit chaining words, a 64-byte pending block kept inline (a tuple, so
// the struct never allocates) and the message length. Whole blocks are compressed
// straight from the caller's buffer; only a partial block is copied. Compression uses the
// CPU's SHA extensions through CChecksum when it has them (DEBUG DIGEST hashes every
// element of every key), and the portable Swift rounds below otherwise.

import CChecksum

public struct SHA1: Sendable {
    /// Length of a digest in bytes.
    public static let digestLength = 20

    private var h0: UInt32 = 0x6745_2301
    private var h1: UInt32 = 0xefcd_ab89
    private var h2: UInt32 = 0x98ba_dcfe
    private var h3: UInt32 = 0x1032_5476
    private var h4: UInt32 = 0xc3d2_e1f0
    /// Bytes of an unfinished block; the first `pendingCount` are valid.
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    /// Message length so far, in bytes.
    private var length: UInt64 = 0
    /// Compress with the SHA extensions (`cchk_sha1_compress`).
    private let hardware: Bool

    /// Whether this CPU has the SHA extensions.
    static let hardwareAvailable = cchk_cpu_has_sha() != 0

    public init() { hardware = Self.hardwareAvailable }

    /// For tests: `hardware: false` forces the portable Swift compression.
    init(hardware: Bool) {
        precondition(!hardware || Self.hardwareAvailable, "SHA1: no SHA extensions on this CPU")
        self.hardware = hardware
    }

    /// Feeds `bytes` into the digest.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, !bytes.isEmpty else { return }
        var count = bytes.count
        length &+= UInt64(count)
        if pendingCount > 0 {
            let take = min(64 - pendingCount, count)
            let filled = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                (block.baseAddress! + filled).copyMemory(from: input, byteCount: take)
            }
            pendingCount += take
            input += take
            count -= take
            guard pendingCount == 64 else { return }
            var block = pending
            withUnsafeBytes(of: &block) { compress(blocks: $0.baseAddress!, count: 1) }
            pendingCount = 0
        }
        let whole = count / 64
        if whole > 0 {
            compress(blocks: input, count: whole)
            input += whole * 64
            count -= whole * 64
        }
        if count > 0 {
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.copyMemory(from: input, byteCount: count)
            }
            pendingCount = count
        }
    }

    /// Feeds `bytes` into the digest.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 20-byte digest of everything fed so far. Does not change `self`.
    public func finalize() -> [UInt8] {
        var copy = self
        // The pending bytes, 0x80, zeros up to 56 mod 64, then the bit length big-endian:
        // one or two blocks, built on the stack and compressed directly.
        let blockCount = pendingCount < 56 ? 1 : 2
        let used = pendingCount
        let pendingBlock = pending
        var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tail) { buffer in
            withUnsafeBytes(of: pendingBlock) { buffer.copyMemory(from: $0) }
            buffer[used] = 0x80
            for i in (used + 1)..<64 { buffer[i] = 0 }
            buffer.storeBytes(of: (length &* 8).bigEndian, toByteOffset: blockCount * 64 - 8,
                              as: UInt64.self)
            copy.compress(blocks: UnsafeRawPointer(buffer.baseAddress!), count: blockCount)
        }
        let words = (copy.h0, copy.h1, copy.h2, copy.h3, copy.h4)
        return [UInt8](unsafeUninitializedCapacity: Self.digestLength) { out, count in
            let raw = UnsafeMutableRawBufferPointer(out)
            raw.storeBytes(of: words.0.bigEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: words.1.bigEndian, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: words.2.bigEndian, toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: words.3.bigEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: words.4.bigEndian, toByteOffset: 16, as: UInt32.self)
            count = Self.digestLength
        }
    }

    /// The 20-byte SHA-1 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var sha = SHA1()
        sha.update(bytes)
        return sha.finalize()
    }

    /// The 20-byte SHA-1 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// Formats bytes (normally a digest from `finalize()` or `hash(_:)`) as lowercase hex.
    /// This does not hash anything: for the hex SHA-1 of some bytes use `hexDigest(_:)`.
    public static func hex(_ digest: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: digest.count * 2) { out in
            for (i, byte) in digest.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0x0f)]
            }
            return digest.count * 2
        }
    }

    /// The SHA-1 of `bytes` as 40 lowercase hex digits (Redis's script names).
    public static func hexDigest(_ bytes: UnsafeRawBufferPointer) -> String {
        hex(hash(bytes))
    }

    /// The SHA-1 of `bytes` as 40 lowercase hex digits (Redis's script names).
    public static func hexDigest(_ bytes: [UInt8]) -> String {
        hex(hash(bytes))
    }

    /// Runs the compression function over `count` consecutive 64-byte blocks.
    private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
        if hardware {
            var state = (h0, h1, h2, h3, h4)
            withUnsafeMutableBytes(of: &state) { words in
                cchk_sha1_compress(words.baseAddress!.assumingMemoryBound(to: UInt32.self),
                                   blocks, count)
            }
            (h0, h1, h2, h3, h4) = state
            return
        }
        var a0 = h0, b0 = h1, c0 = h2, d0 = h3, e0 = h4
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            for n in 0..<count {
                let block = blocks + n * 64
                for t in 0..<16 {
                    w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
                }
                for t in 16..<80 {
                    w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotl(1)
                }
                var a = a0, b = b0, c = c0, d = d0, e = e0
                for t in 0..<20 {
                    let f = d ^ (b & (c ^ d)) // (b & c) | (~b & d)
                    let tmp = a.rotl(5) &+ f &+ e &+ 0x5a82_7999 &+ w[t]
                    e = d; d = c; c = b.rotl(30); b = a; a = tmp
                }
                for t in 20..<40 {
                    let tmp = a.rotl(5) &+ (b ^ c ^ d) &+ e &+ 0x6ed9_eba1 &+ w[t]
                    e = d; d = c; c = b.rotl(30); b = a; a = tmp
                }
                for t in 40..<60 {
                    let f = (b & c) | (d & (b | c)) // majority
                    let tmp = a.rotl(5) &+ f &+ e &+ 0x8f1b_bcdc &+ w[t]
                    e = d; d = c; c = b.rotl(30); b = a; a = tmp
                }
                for t in 60..<80 {
                    let tmp = a.rotl(5) &+ (b ^ c ^ d) &+ e &+ 0xca62_c1d6 &+ w[t]
                    e = d; d = c; c = b.rotl(30); b = a; a = tmp
                }
                a0 &+= a; b0 &+= b; c0 &+= c; d0 &+= d; e0 &+= e
            }
        }
        h0 = a0; h1 = b0; h2 = c0; h3 = d0; h4 = e0
    }
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotl(_ n: UInt32) -> UInt32 {
        (self &<< n) | (self &>> (32 &- n))
    }
}
