// LZF: the compression RDB files and DUMP payloads use for strings (rdbcompression), and
// that Redis 7.0 uses for compressed quicklist nodes. Written from the format's definition
// so that what we compress is what Redis's liblzf would produce, and anything liblzf
// produced decompresses here.
//
// The format is a sequence of chunks, each starting with a control byte:
//   000LLLLL <L+1 literal bytes>                      a literal run of 1..32 bytes
//   LLLooooo oooooooo                                 a back reference of L+2 bytes (L 1..6)
//   111ooooo LLLLLLLL oooooooo                        a back reference of L+9 bytes
// A back reference copies from `offset + 1` bytes behind the output position (13-bit
// offsets: up to 8 KiB back), byte by byte, so it may overlap what it produces (a run).
//
// The compressor is liblzf's "very fast" variant as Redis builds it: a hash table of
// 2^16 slots remembering, for each hash of 3 bytes, the latest input position; a match is
// taken when the slot's position is within 8 KiB, is not position 0 and its 3 bytes equal;
// a match is extended up to 264 bytes; after a match the two positions just before the
// new input position are hashed in. Literal runs are at most 32 bytes. The output is
// refused (0 returned) as soon as it cannot fit the caller's limit, which is how Redis asks
// "does it save at least 4 bytes?" without compressing twice.
//
// liblzf leaves its table uninitialised between calls; starting from an empty table is
// the deterministic reading of the same algorithm (and what Redis gets in a fresh stack).
// Clearing 2^16 slots for every small string would cost more than compressing it, so each
// slot carries the number of the call that wrote it: a slot from another call is empty.
// One compressor per thread (it owns its table); decompression needs no state.

#if canImport(Glibc)
import Glibc
#endif

public final class LZFCompressor {
    static let hashLog = 16
    static let maxLiteral = 32
    static let maxOffset = 1 << 13
    static let maxReference = (1 << 8) + (1 << 3)

    /// Slot = (call number << 32) | input position.
    private let table: UnsafeMutablePointer<UInt64>
    private var generation: UInt64 = 0

    /// `hasRepeat`'s table: 2^10 slots of (call number << 24) | 3-byte sequence, 4 KiB (in
    /// L1, where `table`'s 512 KiB is not).
    static let repeatLog = 10
    private let repeats: UnsafeMutablePointer<UInt32>
    private var repeatGeneration: UInt32 = 0

    public init() {
        table = .allocate(capacity: 1 << LZFCompressor.hashLog)
        table.initialize(repeating: 0, count: 1 << LZFCompressor.hashLog)
        repeats = .allocate(capacity: 1 << LZFCompressor.repeatLog)
        repeats.initialize(repeating: 0, count: 1 << LZFCompressor.repeatLog)
    }

    deinit {
        table.deallocate()
        repeats.deallocate()
    }

    /// Whether a 3-byte sequence occurs twice in the first `window` bytes of `input`: what
    /// any LZF back reference starts from. Random or already compressed data has none, and
    /// then `compress` has nothing to find. A cheap test to run first: a 4 KiB table in L1
    /// instead of the compressor's 512 KiB one, whose misses made the probe the snapshot
    /// writer's largest cost on incompressible values. Two sequences sharing a slot hide
    /// each other, so it can miss a repeat; it never reports one that is not there.
    public func hasRepeat(_ input: UnsafeRawBufferPointer, window: Int) -> Bool {
        let n = min(input.count, window)
        if n < 4 { return false }
        repeatGeneration &+= 1
        if repeatGeneration == 1 << 8 {
            repeats.update(repeating: 0, count: 1 << LZFCompressor.repeatLog)
            repeatGeneration = 1
        }
        let tag = repeatGeneration << 24
        let src = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var seq = UInt32(src[0]) << 8 | UInt32(src[1]) << 16
        for i in 2..<n {
            seq = seq >> 8 | UInt32(src[i]) << 16
            let slot = Int((seq &* 0x9E37_79B1) >> (32 - UInt32(LZFCompressor.repeatLog)))
            let entry = tag | seq
            if repeats[slot] == entry { return true }
            repeats[slot] = entry
        }
        return false
    }

    @inline(__always) static func slot(_ h: UInt32) -> Int {
        Int(((h >> 8) &- (h &* 5)) & 0xFFFF)
    }

    /// Compresses `input` into `output`; returns the compressed size, or 0 when the result
    /// would not fit in `output.count` bytes (or the input is empty). With `probe`, also 0
    /// when the first `probe` input bytes hold no back reference: a cheap guess that the
    /// input is incompressible (random or already compressed data never finds one), which
    /// stops before liblzf would. Whenever it does not give up, the output is liblzf's.
    public func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                         probe: Int = Int.max) -> Int {
        let n = input.count
        let limit = output.count
        if n == 0 || limit == 0 { return 0 }
        generation += 1
        if generation >= 1 << 32 {
            table.update(repeating: 0, count: 1 << LZFCompressor.hashLog)
            generation = 1
        }
        let tag = generation << 32
        let src = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let dst = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var op = 1          // out[0] is the header of the first literal run
        var lit = 0
        var ip = 0
        var h: UInt32 = n >= 2 ? UInt32(src[0]) << 8 | UInt32(src[1]) : 0
        var giveUpAt = probe    // Int.max once a back reference was found
        while ip < n - 2 {
            h = (h << 8) | UInt32(src[ip + 2])
            let s = LZFCompressor.slot(h)
            let entry = table[s]
            table[s] = tag | UInt64(ip)
            let ref = entry >> 32 == generation ? Int(entry & 0xFFFF_FFFF) : 0
            let off = ip - ref - 1
            if ref > 0 && ref < ip && off < LZFCompressor.maxOffset
                && src[ref + 2] == src[ip + 2] && src[ref] == src[ip] && src[ref + 1] == src[ip + 1] {
                var len = 2
                let maxLen = min(n - ip - len, LZFCompressor.maxReference)
                if op + 4 >= limit && op - (lit == 0 ? 1 : 0) + 4 >= limit { return 0 }
                giveUpAt = Int.max
                dst[op - lit - 1] = UInt8(truncatingIfNeeded: lit - 1)   // close the run
                if lit == 0 { op -= 1 }                                  // or drop it if empty
                var mismatch = false
                if maxLen > 16 {
                    // liblzf compares 16 bytes before it starts checking the bound.
                    for _ in 0..<16 {
                        len += 1
                        if src[ref + len] != src[ip + len] { mismatch = true; break }
                    }
                }
                if !mismatch {
                    repeat { len += 1 } while len < maxLen && src[ref + len] == src[ip + len]
                }
                len -= 2            // bytes matched minus one, minus the implied one
                ip += 1
                if len < 7 {
                    dst[op] = UInt8(truncatingIfNeeded: (off >> 8) + (len << 5))
                    op += 1
                } else {
                    dst[op] = UInt8(truncatingIfNeeded: (off >> 8) + (7 << 5))
                    dst[op + 1] = UInt8(truncatingIfNeeded: len - 7)
                    op += 2
                }
                dst[op] = UInt8(truncatingIfNeeded: off)
                op += 2             // the offset byte, then the next run's header
                lit = 0
                ip += len + 1
                if ip >= n - 2 { break }
                ip -= 2
                h = UInt32(src[ip]) << 8 | UInt32(src[ip + 1])
                h = (h << 8) | UInt32(src[ip + 2])
                table[LZFCompressor.slot(h)] = tag | UInt64(ip)
                ip += 1
                h = (h << 8) | UInt32(src[ip + 2])
                table[LZFCompressor.slot(h)] = tag | UInt64(ip)
                ip += 1
            } else {
                if op >= limit || ip >= giveUpAt { return 0 }
                lit += 1
                dst[op] = src[ip]
                op += 1
                ip += 1
                if lit == LZFCompressor.maxLiteral {
                    dst[op - lit - 1] = UInt8(lit - 1)
                    lit = 0
                    op += 1
                }
            }
        }
        if op + 3 > limit { return 0 }
        while ip < n {
            lit += 1
            dst[op] = src[ip]
            op += 1
            ip += 1
            if lit == LZFCompressor.maxLiteral {
                dst[op - lit - 1] = UInt8(lit - 1)
                lit = 0
                op += 1
            }
        }
        dst[op - lit - 1] = UInt8(truncatingIfNeeded: lit - 1)
        if lit == 0 { op -= 1 }
        return op
    }

    /// Convenience for tests and small callers: the compressed bytes, or nil when they
    /// would take more than `limit` bytes.
    public func compress(_ input: [UInt8], limit: Int) -> [UInt8]? {
        if limit <= 0 { return nil }
        var out = [UInt8](repeating: 0, count: limit)
        let n = input.withUnsafeBytes { i in out.withUnsafeMutableBytes { compress(i, into: $0) } }
        if n == 0 { return nil }
        out.removeLast(out.count - n)
        return out
    }
}

public enum LZF {
    /// Decompresses `input` into `output`; returns the number of bytes produced, or nil
    /// when the input is malformed or would produce more than `output.count` bytes. Every
    /// read and write is bounds-checked: the input is untrusted.
    public static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int? {
        let n = input.count
        let limit = output.count
        guard n > 0 else { return 0 }
        let src = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        guard let dstBase = output.baseAddress else { return nil }
        let dst = dstBase.assumingMemoryBound(to: UInt8.self)
        var ip = 0
        var op = 0
        while ip < n {
            let ctrl = Int(src[ip])
            ip += 1
            if ctrl < 32 {
                let run = ctrl + 1
                if op + run > limit || ip + run > n { return nil }
                (dst + op).update(from: src + ip, count: run)
                op += run
                ip += run
            } else {
                var len = ctrl >> 5
                if ip >= n { return nil }
                if len == 7 {
                    len += Int(src[ip])
                    ip += 1
                    if ip >= n { return nil }
                }
                let ref = op - ((ctrl & 0x1F) << 8) - 1 - Int(src[ip])
                ip += 1
                len += 2
                if op + len > limit || ref < 0 { return nil }
                if ref + len <= op {
                    (dst + op).update(from: dst + ref, count: len)
                } else {
                    for i in 0..<len { dst[op + i] = dst[ref + i] }
                }
                op += len
            }
        }
        return op
    }

    /// Convenience: decompresses to exactly `length` bytes, or nil.
    public static func decompress(_ input: [UInt8], length: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: length)
        let n = input.withUnsafeBytes { i in out.withUnsafeMutableBytes { decompress(i, into: $0) } }
        return n == length ? out : nil
    }
}
