// BitOps: bit-level algorithms over raw byte buffers for the bitmap commands (the helpers
// of Redis's bitops.c), free of server state so they can be unit-tested on their own.
//
// Bit numbering is Redis's: bit 0 is the most significant bit of byte 0, so a string reads
// as one big-endian bit array. Counting and searching walk whole 64-bit words loaded
// big-endian (one popcount or one leading-zero count per 8 bytes), with byte and bit loops
// only for the unaligned edges. Bitfields are read and written one bit at a time (at most 64
// bits per operation); reads treat bytes past the end of the string as zero, as Redis does.
// The overflow rules of BITFIELD INCRBY/SET (WRAP, SAT, FAIL) give the same results as Redis's
// checkSignedBitfieldOverflow / checkUnsignedBitfieldOverflow, quirks included (see signedAdd).

public enum BitOps {
    // MARK: counting

    /// Number of set bits in `p`.
    public static func popcount(_ p: UnsafeRawBufferPointer) -> Int {
        let n = p.count
        guard n > 0, let base = p.baseAddress else { return 0 }
        var total = 0
        var i = 0
        while i + 32 <= n {
            total &+= base.loadUnaligned(fromByteOffset: i, as: UInt64.self).nonzeroBitCount
            total &+= base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self).nonzeroBitCount
            total &+= base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self).nonzeroBitCount
            total &+= base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self).nonzeroBitCount
            i += 32
        }
        while i + 8 <= n {
            total &+= base.loadUnaligned(fromByteOffset: i, as: UInt64.self).nonzeroBitCount
            i += 8
        }
        while i < n {
            total &+= p[i].nonzeroBitCount
            i += 1
        }
        return total
    }

    /// Number of set bits between bit positions `from` and `through` (inclusive, both
    /// within the buffer).
    public static func countBits(_ p: UnsafeRawBufferPointer, from: Int, through: Int) -> Int {
        if from > through { return 0 }
        let firstByte = from >> 3, lastByte = through >> 3
        var count = popcount(UnsafeRawBufferPointer(rebasing: p[firstByte...lastByte]))
        // Take away the bits of the edge bytes that lie outside the range.
        let headMask = UInt8(truncatingIfNeeded: 0xFF00 >> (from & 7))          // bits before `from`
        let tailMask = UInt8(truncatingIfNeeded: 0xFF >> ((through & 7) + 1))    // bits after `through`
        count -= (p[firstByte] & headMask).nonzeroBitCount
        count -= (p[lastByte] & tailMask).nonzeroBitCount
        return count
    }

    // MARK: searching

    /// Position of the first bit equal to `bit` between positions `from` and `through`
    /// (inclusive, within the buffer), or nil.
    public static func firstBit(_ p: UnsafeRawBufferPointer, _ bit: Bool, from: Int, through: Int) -> Int? {
        if from > through { return nil }
        let base = p.baseAddress!
        var i = from
        // Head: up to a byte boundary.
        while i <= through && i & 7 != 0 {
            if bitAt(p, i) == bit { return i }
            i += 1
        }
        // Whole words: a word "hits" when it has any bit of the wanted value.
        while i + 63 <= through {
            var w = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: i >> 3, as: UInt64.self))
            if !bit { w = ~w }
            if w != 0 { return i + w.leadingZeroBitCount }
            i += 64
        }
        // Whole bytes.
        while i + 7 <= through {
            var b = p[i >> 3]
            if !bit { b = ~b }
            if b != 0 { return i + b.leadingZeroBitCount }
            i += 8
        }
        // Tail.
        while i <= through {
            if bitAt(p, i) == bit { return i }
            i += 1
        }
        return nil
    }

    @inlinable public static func bitAt(_ p: UnsafeRawBufferPointer, _ pos: Int) -> Bool {
        (p[pos >> 3] >> (7 - UInt8(pos & 7))) & 1 == 1
    }

    // MARK: bitfields

    /// Reads an unsigned field of `bits` bits (1...64) at bit `offset`; bits past the end of
    /// the buffer read as zero.
    public static func readField(_ p: UnsafeRawBufferPointer, offset: UInt64, bits: Int) -> UInt64 {
        var v: UInt64 = 0
        let len = UInt64(p.count)
        var pos = offset
        for _ in 0..<bits {
            let byte = pos >> 3
            var b: UInt64 = 0
            if byte < len { b = UInt64(p[Int(byte)] >> (7 - UInt8(pos & 7))) & 1 }
            v = (v << 1) | b
            pos += 1
        }
        return v
    }

    /// Reads a signed (two's complement) field of `bits` bits at bit `offset`.
    public static func readSignedField(_ p: UnsafeRawBufferPointer, offset: UInt64, bits: Int) -> Int64 {
        signExtend(readField(p, offset: offset, bits: bits), bits: bits)
    }

    /// Writes the low `bits` bits of `value` at bit `offset`; the buffer must hold them.
    public static func writeField(_ p: UnsafeMutablePointer<UInt8>, offset: UInt64, bits: Int, value: UInt64) {
        var pos = offset
        for j in 0..<bits {
            let bit = (value >> UInt64(bits - 1 - j)) & 1
            let byte = Int(pos >> 3)
            let shift = 7 - UInt8(pos & 7)
            p[byte] = (p[byte] & ~(1 << shift)) | (UInt8(bit) << shift)
            pos += 1
        }
    }

    @inlinable public static func signExtend(_ u: UInt64, bits: Int) -> Int64 {
        if bits >= 64 { return Int64(bitPattern: u) }
        let shift = UInt64(64 - bits)
        return Int64(bitPattern: u << shift) >> Int64(shift)
    }

    /// What BITFIELD does when a SET or INCRBY result does not fit the field.
    public enum Overflow: Sendable { case wrap, sat, fail }

    /// value + incr for a signed field of `bits` bits: the stored result, or nil when the
    /// result overflows and `mode` is FAIL. With incr 0 this checks a SET value.
    ///
    /// The overflow test is Redis's checkSignedBitfieldOverflow to the letter, including its
    /// two's-complement wrap of `max - value`: for an in-range value (INCRBY) it is exact,
    /// but a SET of a value within about 2^bits of Int64.min on a field narrower than 64
    /// bits counts as overflowing upwards (so SAT stores the maximum), as Redis does.
    public static func signedAdd(_ value: Int64, _ incr: Int64, bits: Int, mode: Overflow) -> Int64? {
        let maxV: Int64 = bits == 64 ? .max : (Int64(1) << (bits - 1)) - 1
        let minV: Int64 = -maxV - 1
        let maxIncr = Int64(bitPattern: UInt64(bitPattern: maxV) &- UInt64(bitPattern: value))
        let minIncr = minV &- value
        let up: Bool
        if value > maxV || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr) {
            up = true
        } else if value < minV || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr) {
            up = false
        } else {
            return value &+ incr
        }
        switch mode {
        case .fail: return nil
        case .sat: return up ? maxV : minV
        case .wrap:
            let raw = UInt64(bitPattern: value) &+ UInt64(bitPattern: incr)
            return signExtend(bits == 64 ? raw : raw & ((1 << UInt64(bits)) - 1), bits: bits)
        }
    }

    /// value + incr for an unsigned field of `bits` bits (1...63): the stored result, or nil
    /// when it overflows and `mode` is FAIL. With incr 0 this checks a SET value, which is
    /// the argument's two's complement bit pattern (so negative values overflow upwards).
    public static func unsignedAdd(_ value: UInt64, _ incr: Int64, bits: Int, mode: Overflow) -> UInt64? {
        let maxV: UInt64 = (1 << UInt64(bits)) - 1
        let direction: Int
        if value > maxV {
            direction = 1
        } else if incr > 0 && UInt64(incr) > maxV - value {
            direction = 1
        } else if incr < 0 && incr.magnitude > value {
            direction = -1
        } else {
            return incr >= 0 ? value + UInt64(incr) : value - incr.magnitude
        }
        switch mode {
        case .fail: return nil
        case .sat: return direction > 0 ? maxV : 0
        case .wrap: return (value &+ UInt64(bitPattern: incr)) & maxV
        }
    }
}
