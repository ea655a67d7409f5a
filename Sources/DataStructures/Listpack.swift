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
//
// Two types hold one:
//   ListpackBytes  the bytes in a bare malloc block, handled through ONE word and no
//                  object: what a small hash or sorted set keeps (see docs/small-values.md).
//                  A value type that does not own its block: mutations may move the block
//                  (realloc), so the owner stores the struct back after each one, and frees
//                  the block itself (`free()`).
//   Listpack       a class owning a ListpackBytes (freed by deinit), for code that builds a
//                  listpack on its own: RDB loading, tests. `take()` hands the block over to
//                  a value that adopts it.

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

/// Never instantiated: the type ListpackBytes and IntSetBytes disguise their block's address
/// as, so that the address has the spare bits of a class reference (see ListpackBytes).
public final class RawBlockTag {
    private init() {}
}

/// A listpack in a bare malloc block, handled through one word (see the top of the file).
///
/// The block's address is kept as an `Unmanaged<RawBlockTag>` rather than a raw pointer for
/// one reason: layout. An enum whose cases carry class references (HashValue's storage:
/// this, or a hash table object) stores its case in the references' spare bits and takes
/// one word; a raw pointer has no spare bits, so the enum would take a ninth byte and the
/// owning object would move from a 24-byte to a 40-byte malloc size. A malloc'd address
/// has the spare bits of a heap object's (16-byte aligned, user-space), nothing ever
/// retains or releases through it (`unowned(unsafe)`), and it is only turned back into a
/// pointer.
public struct ListpackBytes {
    @usableFromInline var handle: Unmanaged<RawBlockTag>

    @inlinable public var base: UnsafeMutablePointer<UInt8> {
        handle.toOpaque().assumingMemoryBound(to: UInt8.self)
    }

    @inlinable init(base: UnsafeMutableRawPointer) {
        handle = Unmanaged.fromOpaque(UnsafeRawPointer(base))
    }

    /// An empty listpack in a block of at least `capacity` bytes.
    public static func allocate(capacity: Int = 7) -> ListpackBytes {
        let want = max(capacity, 7)
        guard let p = malloc(want) else { fatalError("out of memory allocating a listpack of \(want) bytes") }
        let lp = ListpackBytes(base: p)
        lp.setTotalBytes(7)
        lp.setHeaderCount(0)
        lp.base[6] = Listpack.eof
        return lp
    }

    /// Copies bytes in Redis's listpack format (RDB, DUMP) into a new exact-size block.
    /// Nil when the bytes are not a well-formed listpack (every entry is validated; nothing
    /// is trusted); nothing is left allocated then.
    public static func validating(_ bytes: UnsafeRawBufferPointer) -> ListpackBytes? {
        let n = bytes.count
        if n < 7 { return nil }
        guard let p = malloc(n) else { fatalError("out of memory allocating a listpack of \(n) bytes") }
        p.copyMemory(from: bytes.baseAddress!, byteCount: n)
        let lp = ListpackBytes(base: p)
        if lp.validate(size: n) { return lp }
        lp.free()
        return nil
    }

    private func validate(size n: Int) -> Bool {
        guard totalBytes == n, base[n - 1] == Listpack.eof else { return false }
        var p = Listpack.headerSize
        var c = 0
        while p < n - 1 {
            guard let size = entrySize(at: p, limit: n - 1) else { return false }
            // The backlen must agree with the entry it closes.
            let encLen = size.encodingAndData
            let back = LP.backlenSize(encLen)
            if p + encLen + back > n - 1 { return false }
            if decodeBacklen(endingAt: p + encLen + back - 1) != encLen { return false }
            p += encLen + back
            c += 1
        }
        if p != n - 1 { return false }
        let hc = Int(headerCount)
        return hc == 65535 || hc == c
    }

    /// Gives the block back to the allocator; the struct must not be used afterwards.
    public func free() { Glibc.free(base) }

    /// Bytes the block can hold (the allocator's usable size: its size-class slack is the
    /// listpack's spare room, as with Redis's jemalloc-backed listpacks).
    @inlinable public var capacity: Int { malloc_usable_size(base) }

    /// Bytes allocated for the listpack (memory accounting): the block's usable size.
    public var allocatedBytes: Int { capacity }

    private mutating func resize(_ n: Int) {
        guard let p = realloc(base, n) else { fatalError("out of memory growing a listpack to \(n) bytes") }
        handle = Unmanaged.fromOpaque(UnsafeRawPointer(p))
    }

    // MARK: header

    @inlinable public var totalBytes: Int { LP.totalBytes(base) }
    private func setTotalBytes(_ v: Int) { LP.setTotalBytes(base, v) }
    private var headerCount: UInt16 { UnsafeRawPointer(base + 4).loadUnaligned(as: UInt16.self).littleEndian }
    private func setHeaderCount(_ v: Int) { LP.setCount(base, v) }

    /// Number of elements: the header's count, or a walk when it saturated at 65535
    /// (Redis's lpLength does the same).
    @inlinable public var count: Int {
        let c = LP.count(base)
        return c < 65535 ? c : countByWalking()
    }

    @usableFromInline func countByWalking() -> Int {
        var n = 0
        var p = Listpack.headerSize
        while base[p] != Listpack.eof { p += LP.entrySize(base, p); n += 1 }
        return n
    }

    /// The listpack's bytes in Redis's format (for RDB / DUMP).
    public var rawBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: totalBytes) }

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
    @inlinable public func value(at p: Int) -> LPValue { LP.value(base, p) }

    /// Decodes the backlen whose last byte is at `q` (bounded: -1 when malformed).
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
    @inlinable func fullEntrySize(at p: Int) -> Int { LP.entrySize(base, p) }

    // MARK: navigation

    @inlinable public var first: Int? { LP.first(base) }

    @inlinable public var last: Int? { LP.last(base) }

    @inlinable public func next(_ p: Int) -> Int? { LP.next(base, p) }

    /// The entry before byte offset `p` (p may be the EOF offset).
    @inlinable public func previous(_ p: Int) -> Int? { LP.previous(base, p) }

    /// Offset of element `index` (negative counts from the end), or nil.
    public func seek(_ index: Int) -> Int? {
        let n = count
        var i = index
        if i < 0 { i += n }
        if i < 0 || i >= n { return nil }
        if i < n / 2 {
            var p = Listpack.headerSize
            while i > 0 { p += fullEntrySize(at: p); i -= 1 }
            return p
        }
        var p = totalBytes - 1
        var j = n - i
        while j > 0 { p = previous(p)!; j -= 1 }
        return p
    }

    /// Visits elements from the start; stop by returning false.
    @inlinable public func forEach(_ body: (Int, LPValue) -> Bool) {
        var p = first
        while let q = p {
            if !body(q, value(at: q)) { return }
            p = next(q)
        }
    }

    // MARK: mutation (each may move the block: store the struct back afterwards)

    private mutating func ensureCapacity(_ n: Int) {
        if n <= capacity { return }
        // Exactly what is needed, as Redis's lpInsert reallocs: the allocator's size class is
        // the only slack (glibc's are 16 bytes apart, finer than jemalloc's 256 or 512 past
        // 2 KB, so a 100-field hash takes less than in Redis). The copy realloc may make is
        // no worse than the memmove an insert does anyway. Past 64 KB (listpacks that big
        // only exist when the *-max-listpack-* limits were raised) 1/8 more, so appends
        // amortize.
        resize(n < 65536 ? n : n + n / 8)
    }

    /// Inserts `v` before the entry at `p` (p == EOF offset appends). Returns the new entry's offset.
    @discardableResult
    public mutating func insert(_ v: LPValue, before p: Int) -> Int {
        let encLen = Listpack.encodedSize(v)
        ensureCapacity(totalBytes + encLen + LP.backlenSize(encLen))
        LP.insert(base, v, encodedSize: encLen, before: p)
        return p
    }

    @discardableResult
    public mutating func append(_ v: LPValue) -> Int { insert(v, before: totalBytes - 1) }

    @discardableResult
    public mutating func prepend(_ v: LPValue) -> Int { insert(v, before: Listpack.headerSize) }

    public mutating func append(_ b: UnsafeRawBufferPointer) { append(.bytes(b)) }

    /// Removes the entry at `p`; returns the offset of the entry that followed it (or nil).
    @discardableResult
    public mutating func remove(at p: Int) -> Int? {
        removeRange(at: p, entries: 1)
    }

    /// Removes `n` consecutive entries starting at `p`.
    @discardableResult
    public mutating func removeRange(at p: Int, entries n: Int) -> Int? {
        var q = p
        var k = 0
        while k < n && base[q] != Listpack.eof { q += fullEntrySize(at: q); k += 1 }
        let saturated = LP.count(base) == 65535
        LP.remove(base, from: p, to: q, entries: k)
        if saturated { setHeaderCount(countByWalking()) }
        shrinkIfSparse()
        return base[p] == Listpack.eof ? nil : p
    }

    /// Replaces the entry at `p` with `v`; returns its offset (unchanged).
    @discardableResult
    public mutating func replace(at p: Int, with v: LPValue) -> Int {
        let old = fullEntrySize(at: p)
        let encLen = Listpack.encodedSize(v)
        let size = encLen + LP.backlenSize(encLen)
        if size > old { ensureCapacity(totalBytes - old + size) }
        LP.replace(base, at: p, oldSize: old, with: v, encodedSize: encLen)
        if size < old { shrinkIfSparse() }
        return p
    }

    private mutating func shrinkIfSparse() {
        let used = totalBytes
        let cap = capacity
        if cap > 256 && used < cap / 2 {
            resize(used + used / 8)
        }
    }

    /// Finds the first entry equal to `p`, starting at `from`, looking at every
    /// `skip + 1`-th entry (skip = 1 walks the fields of a field/value listpack).
    public func find(_ p: UnsafeRawBufferPointer, from start: Int? = nil, skip: Int = 0) -> Int? {
        var pos = start ?? first
        let asInt: Int64? = (p.count > 0 && p.count <= 20) ? parseStrictInt64(p) : nil
        let lp = base
        while let q = pos {
            let b = lp[q]
            let isInt = b & 0x80 == 0 || b & 0xE0 == 0xC0 || (b >= 0xF1 && b <= 0xF4)
            if isInt {
                if let want = asInt, case .int(let v) = LP.value(lp, q), v == want { return q }
            } else if asInt == nil, LP.value(lp, q).equals(p) {
                return q
            }
            var r = q + LP.entrySize(lp, q)
            var s = skip
            while s > 0 && lp[r] != Listpack.eof { r += LP.entrySize(lp, r); s -= 1 }
            pos = lp[r] == Listpack.eof ? nil : r
        }
        return nil
    }

    /// An exact-size copy in a new block.
    public func copy() -> ListpackBytes {
        let n = totalBytes
        guard let p = malloc(n) else { fatalError("out of memory copying a listpack of \(n) bytes") }
        p.copyMemory(from: base, byteCount: n)
        return ListpackBytes(base: p)
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
            let b = LP.backlenSize(s.encodingAndData)
            if decodeBacklen(endingAt: p + s.encodingAndData + b - 1) != s.encodingAndData { return "bad backlen at \(p)" }
            p += s.encodingAndData + b
            c += 1
        }
        let hc = Int(headerCount)
        if c < 65535 ? hc != c : hc != 65535 { return "header count \(hc) but \(c) entries" }
        return nil
    }
}

/// A listpack owning its block (see the top of the file): the form for code that builds or
/// validates one on its own. Values adopt the block with `take()`.
public final class Listpack {
    public private(set) var bytes: ListpackBytes
    /// False once `take()` handed the block over.
    private var owns = true

    @usableFromInline static let headerSize = 6
    @usableFromInline static let eof: UInt8 = 0xFF

    public init(capacity: Int = 32) {
        bytes = .allocate(capacity: capacity)
    }

    private init(adopting b: ListpackBytes) { bytes = b }

    /// Adopts a copy of bytes in Redis's listpack format (RDB, DUMP). Returns nil when the
    /// bytes are not a well-formed listpack (every entry is validated; nothing is trusted).
    public init?(validating raw: UnsafeRawBufferPointer) {
        guard let b = ListpackBytes.validating(raw) else { return nil }
        bytes = b
    }

    deinit { if owns { bytes.free() } }

    /// Hands the block over (to a value adopting it): this object must not be used again.
    public func take() -> ListpackBytes {
        precondition(owns, "listpack already taken")
        owns = false
        return bytes
    }

    public var base: UnsafeMutablePointer<UInt8> { bytes.base }
    public var totalBytes: Int { bytes.totalBytes }
    public var count: Int { bytes.count }
    public var rawBytes: UnsafeRawBufferPointer { bytes.rawBytes }
    /// Allocated bytes (memory accounting): the object and its block.
    public var allocatedBytes: Int { 40 + bytes.capacity }

    public func value(at p: Int) -> LPValue { bytes.value(at: p) }
    public var first: Int? { bytes.first }
    public var last: Int? { bytes.last }
    public func next(_ p: Int) -> Int? { bytes.next(p) }
    public func previous(_ p: Int) -> Int? { bytes.previous(p) }
    public func seek(_ index: Int) -> Int? { bytes.seek(index) }
    public func forEach(_ body: (Int, LPValue) -> Bool) { bytes.forEach(body) }
    public func find(_ p: UnsafeRawBufferPointer, from start: Int? = nil, skip: Int = 0) -> Int? {
        bytes.find(p, from: start, skip: skip)
    }

    @discardableResult
    public func insert(_ v: LPValue, before p: Int) -> Int { bytes.insert(v, before: p) }
    @discardableResult
    public func append(_ v: LPValue) -> Int { bytes.append(v) }
    @discardableResult
    public func prepend(_ v: LPValue) -> Int { bytes.prepend(v) }
    public func append(_ b: UnsafeRawBufferPointer) { bytes.append(b) }
    @discardableResult
    public func remove(at p: Int) -> Int? { bytes.remove(at: p) }
    @discardableResult
    public func removeRange(at p: Int, entries n: Int) -> Int? { bytes.removeRange(at: p, entries: n) }
    @discardableResult
    public func replace(at p: Int, with v: LPValue) -> Int { bytes.replace(at: p, with: v) }

    public func copy() -> Listpack { Listpack(adopting: bytes.copy()) }

    public func verifyInvariants() -> String? { bytes.verifyInvariants() }

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

    /// The bytes of an empty listpack (header and end byte).
    public static let emptyBytes = 7

    /// The bytes `v` takes as an entry: its encoding plus its back-length.
    static func entryBytes(_ v: LPValue) -> Int {
        let l = encodedSize(v)
        return l + LP.backlenSize(l)
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
}
