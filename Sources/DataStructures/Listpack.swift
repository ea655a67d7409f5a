// Listpack: Redis's compact sequence of strings and integers, in Redis's exact byte
// format, so small hashes, sorted sets and list nodes cost a few bytes per element and
// can be written to (and read from) RDB files and DUMP payloads as they are.
//
// Layout (all little endian):
//   <total bytes:u32> <element count:u16 (65535 = "count it")> <entry>* <0xFF>
// Entry: <encoding+data> <backlen>, where backlen is the size of encoding+data written
// in 1-5 bytes of 7 bits each, readable from its last byte backwards, so the list can be
// walked in both directions.
// Encodings (first byte):
//   0xxxxxxx            7-bit unsigned integer
//   10xxxxxx <data>     string, length 0..63
//   110xxxxx yyyyyyyy   13-bit signed integer
//   1110xxxx yyyyyyyy <data>  string, length up to 4095
//   11110000 <len:u32> <data> string, any length
//   11110001/2/3/4      16/24/32/64-bit signed integer
// A string that is the canonical decimal form of an Int64 is stored as an integer, as
// Redis does (so "123" costs one byte).
//
// Positions are byte offsets of entries; they stay valid until the next mutation.
// Every mutation is O(size) (a memmove), which is why containers switch to a big
// encoding past the *-max-listpack-* thresholds.

import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// An element read from a listpack: an integer, or bytes pointing into the listpack
/// (valid until it is modified).
public enum LPValue {
    case int(Int64)
    case bytes(UnsafeRawBufferPointer)

    @inlinable public func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch self {
        case .bytes(let b): return body(b)
        case .int(let v):
            var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
            return withUnsafeMutableBytes(of: &tmp) { s in
                let n = formatDecimalBytes(v, into: s.baseAddress!.assumingMemoryBound(to: UInt8.self))
                return body(UnsafeRawBufferPointer(start: s.baseAddress, count: n))
            }
        }
    }

    public var rstr: RStr {
        switch self {
        case .int(let v): return .int(v)
        case .bytes(let b): return RStr(b)
        }
    }

    public var byteArray: [UInt8] { withBytes { Array($0) } }

    /// Byte equality with `p` (integers compared by their decimal form).
    @inlinable public func equals(_ p: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .bytes(let b):
            return b.count == p.count && (b.count == 0 || memcmp(b.baseAddress!, p.baseAddress!, b.count) == 0)
        case .int(let v):
            if p.count == 0 || p.count > 20 { return false }
            return parseStrictInt64(p) == v
        }
    }
}

public final class Listpack {
    public private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    public private(set) var count: Int = 0

    static let headerSize = 6
    static let eof: UInt8 = 0xFF

    public init(capacity: Int = 32) {
        let want = max(capacity, 7)
        base = Listpack.rawAlloc(want)
        self.capacity = malloc_usable_size(base)
        setTotalBytes(7)
        setHeaderCount(0)
        base[6] = Listpack.eof
    }

    /// Adopts bytes in Redis's listpack format (RDB, DUMP). Returns nil when the bytes are
    /// not a well-formed listpack (every entry is validated; nothing is trusted). Once `base`
    /// is set, a failed init still runs deinit, which frees it: never free it here.
    public init?(validating bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n < 7 { return nil }
        base = Listpack.rawAlloc(n)
        capacity = malloc_usable_size(base)
        UnsafeMutableRawPointer(base).copyMemory(from: bytes.baseAddress!, byteCount: n)
        guard totalBytes == n, base[n - 1] == Listpack.eof else { return nil }
        var p = Listpack.headerSize
        var c = 0
        while p < n - 1 {
            guard let size = entrySize(at: p, limit: n - 1) else { return nil }
            // The backlen must agree with the entry it closes.
            let encLen = size.encodingAndData
            let back = backlenSize(encLen)
            if p + encLen + back > n - 1 { return nil }
            if decodeBacklen(endingAt: p + encLen + back - 1) != encLen { return nil }
            p += encLen + back
            c += 1
        }
        if p != n - 1 { return nil }
        let hc = Int(headerCount)
        if hc != 65535 && hc != c { return nil }
        count = c
    }

    deinit { free(base) }

    /// The bytes live in a plain malloc block so growth can use realloc (often in place)
    /// and capacity is the allocator's real usable size: the slack is what the size class
    /// gives anyway, as with Redis's jemalloc-backed listpacks.
    static func rawAlloc(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        guard let p = malloc(n) else { fatalError("out of memory allocating a listpack of \(n) bytes") }
        return p.assumingMemoryBound(to: UInt8.self)
    }

    private func resize(_ n: Int) {
        guard let p = realloc(base, n) else { fatalError("out of memory growing a listpack to \(n) bytes") }
        base = p.assumingMemoryBound(to: UInt8.self)
        capacity = malloc_usable_size(base)
    }

    // MARK: header

    public var totalBytes: Int { Int(UnsafeRawPointer(base).loadUnaligned(as: UInt32.self).littleEndian) }
    private func setTotalBytes(_ v: Int) { UnsafeMutableRawPointer(base).storeBytes(of: UInt32(v).littleEndian, as: UInt32.self) }
    private var headerCount: UInt16 { UnsafeRawPointer(base + 4).loadUnaligned(as: UInt16.self).littleEndian }
    private func setHeaderCount(_ v: Int) {
        UnsafeMutableRawPointer(base + 4).storeBytes(of: UInt16(v < 65535 ? v : 65535).littleEndian, as: UInt16.self)
    }

    /// The listpack's bytes in Redis's format (for RDB / DUMP).
    public var rawBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: totalBytes) }

    /// Allocated bytes (memory accounting).
    public var allocatedBytes: Int { capacity + 48 }


    // MARK: entry decoding

    struct EntrySize { var headerLen: Int; var dataLen: Int; var encodingAndData: Int { headerLen + dataLen } }

    /// Size of the entry's encoding and data at `p`; nil if malformed or past `limit`.
    func entrySize(at p: Int, limit: Int) -> EntrySize? {
        if p >= limit { return nil }
        let b = base[p]
        var s: EntrySize
        if b & 0x80 == 0 { s = EntrySize(headerLen: 1, dataLen: 0) }
        else if b & 0xC0 == 0x80 { s = EntrySize(headerLen: 1, dataLen: Int(b & 0x3F)) }
        else if b & 0xE0 == 0xC0 { s = EntrySize(headerLen: 2, dataLen: 0) }
        else if b & 0xF0 == 0xE0 {
            if p + 1 >= limit { return nil }
            s = EntrySize(headerLen: 2, dataLen: Int(b & 0x0F) << 8 | Int(base[p + 1]))
        } else {
            switch b {
            case 0xF0:
                if p + 5 > limit { return nil }
                let l = Int(UnsafeRawPointer(base + p + 1).loadUnaligned(as: UInt32.self).littleEndian)
                s = EntrySize(headerLen: 5, dataLen: l)
            case 0xF1: s = EntrySize(headerLen: 3, dataLen: 0)
            case 0xF2: s = EntrySize(headerLen: 4, dataLen: 0)
            case 0xF3: s = EntrySize(headerLen: 5, dataLen: 0)
            case 0xF4: s = EntrySize(headerLen: 9, dataLen: 0)
            default: return nil
            }
        }
        if p + s.encodingAndData > limit { return nil }
        return s
    }

    /// The element at byte offset `p`.
    public func value(at p: Int) -> LPValue {
        let b = base[p]
        if b & 0x80 == 0 { return .int(Int64(b)) }
        if b & 0xC0 == 0x80 {
            return .bytes(UnsafeRawBufferPointer(start: base + p + 1, count: Int(b & 0x3F)))
        }
        if b & 0xE0 == 0xC0 {
            let u = UInt16(b & 0x1F) << 8 | UInt16(base[p + 1])
            // Sign-extend 13 bits.
            return .int(Int64(Int16(bitPattern: u << 3) >> 3))
        }
        if b & 0xF0 == 0xE0 {
            let l = Int(b & 0x0F) << 8 | Int(base[p + 1])
            return .bytes(UnsafeRawBufferPointer(start: base + p + 2, count: l))
        }
        let raw = UnsafeRawPointer(base + p + 1)
        switch b {
        case 0xF0:
            let l = Int(raw.loadUnaligned(as: UInt32.self).littleEndian)
            return .bytes(UnsafeRawBufferPointer(start: base + p + 5, count: l))
        case 0xF1: return .int(Int64(Int16(littleEndian: raw.loadUnaligned(as: Int16.self))))
        case 0xF2:
            let u = UInt32(base[p + 1]) | UInt32(base[p + 2]) << 8 | UInt32(base[p + 3]) << 16
            return .int(Int64(Int32(bitPattern: u << 8) >> 8))
        case 0xF3: return .int(Int64(Int32(littleEndian: raw.loadUnaligned(as: Int32.self))))
        default: return .int(Int64(littleEndian: raw.loadUnaligned(as: Int64.self)))
        }
    }

    @inline(__always) func backlenSize(_ l: Int) -> Int {
        l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5
    }

    func decodeBacklen(endingAt q: Int) -> Int {
        var v = 0
        var shift = 0
        var i = q
        while true {
            v |= Int(base[i] & 127) << shift
            if base[i] & 128 == 0 { break }
            shift += 7
            i -= 1
            if shift > 28 || i < Listpack.headerSize { return -1 }
        }
        return v
    }

    /// Size of a whole entry (encoding, data and backlen) at `p`.
    @inline(__always) func fullEntrySize(at p: Int) -> Int {
        let s = entrySize(at: p, limit: Int.max)!.encodingAndData
        return s + backlenSize(s)
    }

    // MARK: navigation

    public var first: Int? { count == 0 ? nil : Listpack.headerSize }

    public var last: Int? {
        if count == 0 { return nil }
        return previous(totalBytes - 1)
    }

    public func next(_ p: Int) -> Int? {
        let q = p + fullEntrySize(at: p)
        return base[q] == Listpack.eof ? nil : q
    }

    /// The entry before byte offset `p` (p may be the EOF offset).
    public func previous(_ p: Int) -> Int? {
        if p <= Listpack.headerSize { return nil }
        let encLen = decodeBacklen(endingAt: p - 1)
        return p - backlenSize(encLen) - encLen
    }

    /// Offset of element `index` (negative counts from the end), or nil.
    public func seek(_ index: Int) -> Int? {
        var i = index
        if i < 0 { i += count }
        if i < 0 || i >= count { return nil }
        if i < count / 2 {
            var p = Listpack.headerSize
            while i > 0 { p = next(p)!; i -= 1 }
            return p
        }
        var p = totalBytes - 1
        var j = count - i
        while j > 0 { p = previous(p)!; j -= 1 }
        return p
    }

    /// Visits elements from the start; stop by returning false.
    public func forEach(_ body: (Int, LPValue) -> Bool) {
        var p = first
        while let q = p {
            if !body(q, value(at: q)) { return }
            p = next(q)
        }
    }

    // MARK: encoding

    /// Encodes `v` (integer form when canonical) into `out`; returns the bytes written.
    static func encode(_ v: LPValue, into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch v {
        case .int(let i): return encodeInt(i, into: out)
        case .bytes(let b):
            if b.count > 0 && b.count <= 20, let i = parseStrictInt64(b) { return encodeInt(i, into: out) }
            let l = b.count
            var h: Int
            if l < 64 { out[0] = 0x80 | UInt8(l); h = 1 }
            else if l < 4096 { out[0] = 0xE0 | UInt8(l >> 8); out[1] = UInt8(l & 255); h = 2 }
            else {
                out[0] = 0xF0
                UnsafeMutableRawPointer(out + 1).storeBytes(of: UInt32(l).littleEndian, as: UInt32.self)
                h = 5
            }
            if l > 0 { UnsafeMutableRawPointer(out + h).copyMemory(from: b.baseAddress!, byteCount: l) }
            return h + l
        }
    }

    static func encodedSize(_ v: LPValue) -> Int {
        switch v {
        case .int(let i): return intSize(i)
        case .bytes(let b):
            if b.count > 0 && b.count <= 20, let i = parseStrictInt64(b) { return intSize(i) }
            let l = b.count
            return (l < 64 ? 1 : l < 4096 ? 2 : 5) + l
        }
    }

    static func intSize(_ i: Int64) -> Int {
        if i >= 0 && i <= 127 { return 1 }
        if i >= -4096 && i <= 4095 { return 2 }
        if i >= Int64(Int16.min) && i <= Int64(Int16.max) { return 3 }
        if i >= -8_388_608 && i <= 8_388_607 { return 4 }
        if i >= Int64(Int32.min) && i <= Int64(Int32.max) { return 5 }
        return 9
    }

    static func encodeInt(_ i: Int64, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let raw = UnsafeMutableRawPointer(out + 1)
        if i >= 0 && i <= 127 { out[0] = UInt8(i); return 1 }
        if i >= -4096 && i <= 4095 {
            let u = UInt16(bitPattern: Int16(i)) & 0x1FFF
            out[0] = 0xC0 | UInt8(u >> 8); out[1] = UInt8(u & 255); return 2
        }
        if i >= Int64(Int16.min) && i <= Int64(Int16.max) {
            out[0] = 0xF1; raw.storeBytes(of: Int16(i).littleEndian, as: Int16.self); return 3
        }
        if i >= -8_388_608 && i <= 8_388_607 {
            let u = UInt32(bitPattern: Int32(i))
            out[0] = 0xF2; out[1] = UInt8(u & 255); out[2] = UInt8((u >> 8) & 255); out[3] = UInt8((u >> 16) & 255)
            return 4
        }
        if i >= Int64(Int32.min) && i <= Int64(Int32.max) {
            out[0] = 0xF3; raw.storeBytes(of: Int32(i).littleEndian, as: Int32.self); return 5
        }
        out[0] = 0xF4; raw.storeBytes(of: i.littleEndian, as: Int64.self); return 9
    }

    static func encodeBacklen(_ l: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        if l <= 127 { out[0] = UInt8(l); return 1 }
        if l < 16383 { out[0] = UInt8(l >> 7); out[1] = UInt8(l & 127) | 128; return 2 }
        if l < 2097151 {
            out[0] = UInt8(l >> 14); out[1] = UInt8((l >> 7) & 127) | 128; out[2] = UInt8(l & 127) | 128; return 3
        }
        if l < 268435455 {
            out[0] = UInt8(l >> 21); out[1] = UInt8((l >> 14) & 127) | 128
            out[2] = UInt8((l >> 7) & 127) | 128; out[3] = UInt8(l & 127) | 128; return 4
        }
        out[0] = UInt8(l >> 28); out[1] = UInt8((l >> 21) & 127) | 128; out[2] = UInt8((l >> 14) & 127) | 128
        out[3] = UInt8((l >> 7) & 127) | 128; out[4] = UInt8(l & 127) | 128; return 5
    }

    // MARK: mutation

    private func ensureCapacity(_ n: Int) {
        if n <= capacity { return }
        // Small slack (1/8) above what is needed: growth is amortized without the 50%
        // waste of doubling; realloc usually extends in place.
        resize(n < 64 ? n : n + n / 8)
    }

    /// Inserts `v` before the entry at `p` (p == EOF offset appends). Returns the new entry's offset.
    @discardableResult
    public func insert(_ v: LPValue, before p: Int) -> Int {
        let encLen = Listpack.encodedSize(v)
        let size = encLen + backlenSize(encLen)
        let total = totalBytes
        ensureCapacity(total + size)
        memmove(base + p + size, base + p, total - p)
        _ = Listpack.encode(v, into: base + p)
        _ = Listpack.encodeBacklen(encLen, into: base + p + encLen)
        setTotalBytes(total + size)
        count += 1
        setHeaderCount(count)
        return p
    }

    @discardableResult
    public func append(_ v: LPValue) -> Int { insert(v, before: totalBytes - 1) }

    @discardableResult
    public func prepend(_ v: LPValue) -> Int { insert(v, before: Listpack.headerSize) }

    public func append(_ b: UnsafeRawBufferPointer) { append(.bytes(b)) }

    /// Removes the entry at `p`; returns the offset of the entry that followed it (or nil).
    @discardableResult
    public func remove(at p: Int) -> Int? {
        removeRange(at: p, entries: 1)
    }

    /// Removes `n` consecutive entries starting at `p`.
    @discardableResult
    public func removeRange(at p: Int, entries n: Int) -> Int? {
        var q = p
        var k = 0
        while k < n && base[q] != Listpack.eof { q += fullEntrySize(at: q); k += 1 }
        let total = totalBytes
        memmove(base + p, base + q, total - q)
        setTotalBytes(total - (q - p))
        count -= k
        setHeaderCount(count)
        shrinkIfSparse()
        return base[p] == Listpack.eof ? nil : p
    }

    /// Replaces the entry at `p` with `v`; returns its offset (unchanged).
    @discardableResult
    public func replace(at p: Int, with v: LPValue) -> Int {
        let old = fullEntrySize(at: p)
        let encLen = Listpack.encodedSize(v)
        let size = encLen + backlenSize(encLen)
        let total = totalBytes
        if size != old {
            ensureCapacity(total - old + size)
            memmove(base + p + size, base + p + old, total - p - old)
            setTotalBytes(total - old + size)
        }
        _ = Listpack.encode(v, into: base + p)
        _ = Listpack.encodeBacklen(encLen, into: base + p + encLen)
        return p
    }

    private func shrinkIfSparse() {
        let used = totalBytes
        if capacity > 256 && used < capacity / 2 {
            resize(used + used / 8)
        }
    }

    /// Finds the first entry equal to `p`, starting at `from`, looking at every
    /// `skip + 1`-th entry (skip = 1 walks the fields of a field/value listpack).
    public func find(_ p: UnsafeRawBufferPointer, from start: Int? = nil, skip: Int = 0) -> Int? {
        var pos = start ?? first
        let asInt: Int64? = (p.count > 0 && p.count <= 20) ? parseStrictInt64(p) : nil
        while let q = pos {
            let b = base[q]
            let isInt = b & 0x80 == 0 || b & 0xE0 == 0xC0 || (b >= 0xF1 && b <= 0xF4)
            if isInt {
                if let want = asInt, case .int(let v) = value(at: q), v == want { return q }
            } else if asInt == nil, value(at: q).equals(p) {
                return q
            }
            pos = next(q)
            var s = skip
            while s > 0, let n = pos { pos = next(n); s -= 1 }
        }
        return nil
    }

    public func copy() -> Listpack {
        let lp = Listpack(capacity: totalBytes)
        lp.base.update(from: base, count: totalBytes)
        lp.count = count
        return lp
    }

    /// Checks the structure (header, every entry and backlen, count); nil when sound.
    public func verifyInvariants() -> String? {
        let n = totalBytes
        if n > capacity { return "total bytes beyond allocation" }
        if base[n - 1] != Listpack.eof { return "missing EOF" }
        var p = Listpack.headerSize
        var c = 0
        while p < n - 1 {
            guard let s = entrySize(at: p, limit: n - 1) else { return "bad entry at \(p)" }
            let b = backlenSize(s.encodingAndData)
            if decodeBacklen(endingAt: p + s.encodingAndData + b - 1) != s.encodingAndData { return "bad backlen at \(p)" }
            p += s.encodingAndData + b
            c += 1
        }
        if c != count { return "count \(count) but \(c) entries" }
        if count < 65535 && Int(headerCount) != count { return "header count mismatch" }
        return nil
    }
}
