// Hashing and randomness for the hash tables.
//
// hashBytes is a seeded multiply-xorshift hash over 8-byte words (a fast, well-mixing
// non-cryptographic hash). The seed is drawn from the kernel at start-up, so clients
// cannot predict bucket placement across processes. Redis uses SipHash-1-2 for
// stronger flooding resistance; see docs/architecture.md for the trade-off.

import CSystem
#if canImport(Glibc)
import Glibc
#endif

@usableFromInline let dictSeed: UInt64 = {
    var s: UInt64 = 0
    if getrandom(&s, 8, 0) != 8 { s = UInt64(UInt(bitPattern: time(nil))) &* 0x9E3779B97F4A7C15 }
    return s | 1
}()

@inlinable @inline(__always) func mix64(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 32)) &* 0xD6E8FEB86659FD93
    z = (z ^ (z >> 32)) &* 0xD6E8FEB86659FD93
    return z ^ (z >> 32)
}

@inlinable public func hashBytes(_ p: UnsafeRawPointer?, _ n: Int, _ seed: UInt64) -> UInt64 {
    var h = seed ^ (UInt64(truncatingIfNeeded: n) &* 0x9E3779B97F4A7C15)
    guard let p = p else { return mix64(h) }
    var i = 0
    while i &+ 8 <= n {
        let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        h = (h ^ w) &* 0xBF58476D1CE4E5B9
        h ^= h >> 31
        i &+= 8
    }
    if i < n {
        var w: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            w |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << shift
            shift &+= 8
            i &+= 1
        }
        h = (h ^ w) &* 0x94D049BB133111EB
    }
    return mix64(h)
}

/// xorshift128+ generator seeded from the kernel; for sampling, not for secrets.
public struct FastRandom {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    public init() {
        var seed: (UInt64, UInt64) = (0, 0)
        _ = withUnsafeMutableBytes(of: &seed) { getrandom($0.baseAddress, 16, 0) }
        s0 = seed.0 | 1
        s1 = seed.1 | 2
    }
    @inlinable public mutating func next() -> UInt64 {
        var x = s0
        let y = s1
        s0 = y
        x ^= x << 23
        s1 = x ^ y ^ (x >> 17) ^ (y >> 26)
        return s1 &+ y
    }
}

/// Random numbers for the single data thread (sampling, RANDOMKEY, SPOP...).
@inlinable public func randomUInt64() -> UInt64 {
    threadRandom.pointee.next()
}

@usableFromInline nonisolated(unsafe) let threadRandom: UnsafeMutablePointer<FastRandom> = {
    // Only the data thread draws from it (see docs/architecture.md: one thread owns all data).
    let p = UnsafeMutablePointer<FastRandom>.allocate(capacity: 1)
    p.initialize(to: FastRandom())
    return p
}()
