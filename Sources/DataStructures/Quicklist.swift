// Quicklist: the node of a list and the rules that decide how full a node may get
// (Redis's quicklist.c, the node half; ListValue.swift is the list half).
//
// Redis 7.0 stores every list as a quicklist: a doubly linked list of nodes, each node one
// listpack (Redis's byte format, the one Listpack.swift implements) holding a run of
// consecutive elements. Pushing and popping touch only the end node (O(1) amortized: at
// most one memmove of a bounded node); reaching an index walks whole nodes by their counts
// and only then entries inside one node.
//
// A node is ONE malloc'd block, not a Swift object:
//     [prev: 8 bytes | plain flag in bit 0] [next: 8 bytes] [listpack bytes ...]
// A list of a million short elements is ~600 nodes of ~8 KB, and what a node costs beyond
// its listpack decides whether the list takes more memory than Redis's (32-byte node + an
// allocator size class around the listpack). A Swift node object plus a Listpack object
// would cost ~100 bytes a node; the block costs 16. The listpack inside is manipulated in
// place with the encoders of Listpack.swift (same module), so the bytes are exactly Redis's
// and RDB/DUMP can write them as they are. The block's spare room (malloc_usable_size) is
// the listpack's capacity: growing reallocs the block, which may move it, so every
// mutation that can grow or shrink a node goes through ListValue, which relinks the node.
//
// How full a node may get is the list's `fill` (list-max-listpack-size, fixed when the
// list is created, as in Redis 7.0):
//   fill < 0   a byte budget per node: -1..-5 = 4, 8, 16, 32, 64 KB (default -2 = 8 KB);
//   fill > 0   at most `fill` entries per node, and never past the 8 KB safety limit;
//   fill = 0   one entry per node.
// Whether an element of `sz` bytes may go into an existing node is judged, as Redis does,
// on an overestimate of the node's new size: node bytes + sz + 8. Two neighbours may be
// merged when their listpacks joined (minus one header and terminator, 7 bytes) would
// pass the same test. Elements of at least `packedThreshold` bytes (1 GB by default, as
// Redis's packed_threshold) live alone in a "plain" node that never takes another element
// and is never merged; here a plain node keeps its element in a one-entry listpack, so
// every node reads the same way.

import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// A quicklist node: a handle on its malloc'd block (see the top of the file).
public struct QuicklistNode: Equatable {
    let raw: UnsafeMutableRawPointer

    static let headerSize = 16
    private static let plainBit: UInt = 1

    init(raw: UnsafeMutableRawPointer) { self.raw = raw }

    /// A new unlinked node whose listpack can hold `capacity` bytes; the listpack is empty.
    static func allocate(capacity: Int) -> QuicklistNode {
        let raw = malloc(headerSize + max(capacity, 7))!
        raw.storeBytes(of: 0, as: UInt.self)
        raw.storeBytes(of: 0, toByteOffset: 8, as: UInt.self)
        let n = QuicklistNode(raw: raw)
        LP.initEmpty(n.lp)
        return n
    }

    /// A new unlinked node holding just `v`, with no spare room.
    static func single(_ v: LPValue, plain: Bool) -> QuicklistNode {
        let enc = Listpack.encodedSize(v)
        let n = allocate(capacity: Listpack.headerSize + enc + LP.backlenSize(enc) + 1)
        LP.insert(n.lp, v, encodedSize: enc, before: Listpack.headerSize)
        n.isPlain = plain
        return n
    }

    func free() { Glibc.free(raw) }

    /// The listpack's first byte.
    @inline(__always) var lp: UnsafeMutablePointer<UInt8> {
        (raw + QuicklistNode.headerSize).assumingMemoryBound(to: UInt8.self)
    }

    @inline(__always) var prev: QuicklistNode? {
        get {
            let w = raw.load(as: UInt.self) & ~QuicklistNode.plainBit
            return w == 0 ? nil : QuicklistNode(raw: UnsafeMutableRawPointer(bitPattern: w)!)
        }
        nonmutating set {
            let flag = raw.load(as: UInt.self) & QuicklistNode.plainBit
            raw.storeBytes(of: UInt(bitPattern: newValue?.raw) | flag, as: UInt.self)
        }
    }

    @inline(__always) var next: QuicklistNode? {
        get {
            let w = raw.load(fromByteOffset: 8, as: UInt.self)
            return w == 0 ? nil : QuicklistNode(raw: UnsafeMutableRawPointer(bitPattern: w)!)
        }
        nonmutating set { raw.storeBytes(of: UInt(bitPattern: newValue?.raw), toByteOffset: 8, as: UInt.self) }
    }

    /// True for a node holding one element of at least the packed threshold.
    public internal(set) var isPlain: Bool {
        get { raw.load(as: UInt.self) & QuicklistNode.plainBit != 0 }
        nonmutating set {
            let w = raw.load(as: UInt.self) & ~QuicklistNode.plainBit
            raw.storeBytes(of: w | (newValue ? QuicklistNode.plainBit : 0), as: UInt.self)
        }
    }

    /// Elements in the node.
    @inline(__always) public var count: Int { LP.count(lp) }

    /// The listpack's bytes (Redis's node->sz for a packed node).
    @inline(__always) public var bytes: Int { LP.totalBytes(lp) }

    /// Bytes the listpack may grow to without reallocating.
    var capacity: Int { malloc_usable_size(raw) - QuicklistNode.headerSize }

    /// Redis's node->sz: the listpack's bytes, or for a plain node the element's length.
    public var size: Int {
        if isPlain, case .bytes(let b) = LP.value(lp, Listpack.headerSize) { return b.count }
        return bytes
    }

    /// The node's listpack, in Redis's format (RDB / DUMP write it as is).
    public var listpackBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: lp, count: bytes) }

    /// Bytes allocated for the node.
    public var allocatedBytes: Int { malloc_usable_size(raw) }
}

/// Listpack reading and writing in place on raw bytes (a node's listpack), in the format
/// Listpack.swift defines; the encoders are Listpack's own. Capacity is the caller's
/// business: `insert` and `replace` assume the room is there.
@usableFromInline enum LP {
    @inlinable @inline(__always) static func totalBytes(_ lp: UnsafeMutablePointer<UInt8>) -> Int {
        Int(UnsafeRawPointer(lp).loadUnaligned(as: UInt32.self).littleEndian)
    }

    @inlinable @inline(__always) static func setTotalBytes(_ lp: UnsafeMutablePointer<UInt8>, _ v: Int) {
        UnsafeMutableRawPointer(lp).storeBytes(of: UInt32(v).littleEndian, as: UInt32.self)
    }

    /// Node listpacks never reach 65535 entries (64 KB at most, 2 bytes an entry at least),
    /// so the header's count is always exact.
    @inlinable @inline(__always) static func count(_ lp: UnsafeMutablePointer<UInt8>) -> Int {
        Int(UnsafeRawPointer(lp + 4).loadUnaligned(as: UInt16.self).littleEndian)
    }

    @inlinable @inline(__always) static func setCount(_ lp: UnsafeMutablePointer<UInt8>, _ v: Int) {
        UnsafeMutableRawPointer(lp + 4).storeBytes(of: UInt16(min(v, 65535)).littleEndian, as: UInt16.self)
    }

    static func initEmpty(_ lp: UnsafeMutablePointer<UInt8>) {
        setTotalBytes(lp, 7)
        setCount(lp, 0)
        lp[6] = Listpack.eof
    }

    @inlinable @inline(__always) static func backlenSize(_ l: Int) -> Int {
        l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5
    }

    /// Size of the encoding and data of the entry at `p` (the bytes are trusted).
    @inlinable @inline(__always) static func encodedLength(_ lp: UnsafeMutablePointer<UInt8>, _ p: Int) -> Int {
        let b = lp[p]
        if b & 0x80 == 0 { return 1 }
        if b & 0xC0 == 0x80 { return 1 + Int(b & 0x3F) }
        if b & 0xE0 == 0xC0 { return 2 }
        if b & 0xF0 == 0xE0 { return 2 + (Int(b & 0x0F) << 8 | Int(lp[p + 1])) }
        switch b {
        case 0xF0: return 5 + Int(UnsafeRawPointer(lp + p + 1).loadUnaligned(as: UInt32.self).littleEndian)
        case 0xF1: return 3
        case 0xF2: return 4
        case 0xF3: return 5
        default: return 9
        }
    }

    /// Size of the whole entry at `p`, backlen included.
    @inlinable @inline(__always) static func entrySize(_ lp: UnsafeMutablePointer<UInt8>, _ p: Int) -> Int {
        let l = encodedLength(lp, p)
        return l + backlenSize(l)
    }

    /// The element at byte offset `p`.
    @inlinable @inline(__always) static func value(_ lp: UnsafeMutablePointer<UInt8>, _ p: Int) -> LPValue {
        let b = lp[p]
        if b & 0x80 == 0 { return .int(Int64(b)) }
        if b & 0xC0 == 0x80 { return .bytes(UnsafeRawBufferPointer(start: lp + p + 1, count: Int(b & 0x3F))) }
        if b & 0xE0 == 0xC0 {
            let u = UInt16(b & 0x1F) << 8 | UInt16(lp[p + 1])
            return .int(Int64(Int16(bitPattern: u << 3) >> 3))
        }
        if b & 0xF0 == 0xE0 {
            let l = Int(b & 0x0F) << 8 | Int(lp[p + 1])
            return .bytes(UnsafeRawBufferPointer(start: lp + p + 2, count: l))
        }
        let raw = UnsafeRawPointer(lp + p + 1)
        switch b {
        case 0xF0:
            let l = Int(raw.loadUnaligned(as: UInt32.self).littleEndian)
            return .bytes(UnsafeRawBufferPointer(start: lp + p + 5, count: l))
        case 0xF1: return .int(Int64(Int16(littleEndian: raw.loadUnaligned(as: Int16.self))))
        case 0xF2:
            let u = UInt32(lp[p + 1]) | UInt32(lp[p + 2]) << 8 | UInt32(lp[p + 3]) << 16
            return .int(Int64(Int32(bitPattern: u << 8) >> 8))
        case 0xF3: return .int(Int64(Int32(littleEndian: raw.loadUnaligned(as: Int32.self))))
        default: return .int(Int64(littleEndian: raw.loadUnaligned(as: Int64.self)))
        }
    }

    @inlinable @inline(__always) static func first(_ lp: UnsafeMutablePointer<UInt8>) -> Int? {
        lp[Listpack.headerSize] == Listpack.eof ? nil : Listpack.headerSize
    }

    @inlinable @inline(__always) static func last(_ lp: UnsafeMutablePointer<UInt8>) -> Int? {
        previous(lp, totalBytes(lp) - 1)
    }

    @inlinable @inline(__always) static func next(_ lp: UnsafeMutablePointer<UInt8>, _ p: Int) -> Int? {
        let q = p + entrySize(lp, p)
        return lp[q] == Listpack.eof ? nil : q
    }

    /// The entry before byte offset `p` (which may be the terminator's offset).
    @inlinable @inline(__always) static func previous(_ lp: UnsafeMutablePointer<UInt8>, _ p: Int) -> Int? {
        if p <= Listpack.headerSize { return nil }
        var i = p - 1
        var v = Int(lp[i] & 127)
        var shift = 7
        while lp[i] & 128 != 0 {
            i -= 1
            v |= Int(lp[i] & 127) << shift
            shift += 7
        }
        return i - v
    }

    /// Offset of entry `k` (0 <= k < count), walked from the nearer end.
    static func seek(_ lp: UnsafeMutablePointer<UInt8>, _ k: Int) -> Int {
        let n = count(lp)
        if k < n / 2 {
            var p = Listpack.headerSize
            var i = k
            while i > 0 { p += entrySize(lp, p); i -= 1 }
            return p
        }
        var p = totalBytes(lp) - 1
        var j = n - k
        while j > 0 { p = previous(lp, p)!; j -= 1 }
        return p
    }

    /// Offset just past `n` entries starting at `p`.
    static func skip(_ lp: UnsafeMutablePointer<UInt8>, from p: Int, entries n: Int) -> Int {
        var q = p
        for _ in 0..<n { q += entrySize(lp, q) }
        return q
    }

    /// Bytes an entry holding `v` takes, backlen included.
    @inline(__always) static func entryBytes(_ v: LPValue) -> Int {
        let enc = Listpack.encodedSize(v)
        return enc + backlenSize(enc)
    }

    /// Writes `v` (whose Listpack.encodedSize is `encodedSize`) before the entry at `p` (the
    /// terminator's offset appends). The room must be there.
    static func insert(_ lp: UnsafeMutablePointer<UInt8>, _ v: LPValue, encodedSize enc: Int, before p: Int) {
        let size = enc + backlenSize(enc)
        let total = totalBytes(lp)
        memmove(lp + p + size, lp + p, total - p)
        _ = Listpack.encode(v, into: lp + p)
        _ = Listpack.encodeBacklen(enc, into: lp + p + enc)
        setTotalBytes(lp, total + size)
        setCount(lp, count(lp) + 1)
    }

    /// Removes the `n` entries in bytes [p, q).
    static func remove(_ lp: UnsafeMutablePointer<UInt8>, from p: Int, to q: Int, entries n: Int) {
        let total = totalBytes(lp)
        memmove(lp + p, lp + q, total - q)
        setTotalBytes(lp, total - (q - p))
        setCount(lp, count(lp) - n)
    }

    /// Replaces the entry at `p` (of `old` bytes) with `v`; the room must be there.
    static func replace(_ lp: UnsafeMutablePointer<UInt8>, at p: Int, oldSize old: Int, with v: LPValue, encodedSize enc: Int) {
        let size = enc + backlenSize(enc)
        let total = totalBytes(lp)
        if size != old {
            memmove(lp + p + size, lp + p + old, total - p - old)
            setTotalBytes(lp, total - old + size)
        }
        _ = Listpack.encode(v, into: lp + p)
        _ = Listpack.encodeBacklen(enc, into: lp + p + enc)
    }
}

/// The fill rules of a quicklist (see the top of the file).
enum QuicklistLimits {
    /// Byte budgets of fill -1 ... -5.
    static let sizeLevels: [Int] = [4096, 8192, 16384, 32768, 65536]
    /// Largest multi-element node when the limit is a count.
    static let safetyLimit = 8192
    /// Overestimate of an entry's bytes beyond its data.
    static let estimateOverhead = 8
    /// One listpack header and terminator, saved when two nodes merge.
    static let mergeSaving = 7

    /// Redis 7.0's range for a quicklist's fill.
    static func clampFill(_ fill: Int) -> Int { min(max(fill, -5), 32767) }

    /// True when a node of `size` bytes and `count` entries would be too full for `fill`.
    @inline(__always) static func exceeds(fill: Int, size: Int, count: Int) -> Bool {
        if fill < 0 { return size > sizeLevels[min(-fill - 1, sizeLevels.count - 1)] }
        if size > safetyLimit { return true }
        return count > max(fill, 1)
    }
}
