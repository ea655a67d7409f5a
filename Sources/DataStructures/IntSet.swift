// IntSet: a sorted array of integers in Redis's intset byte format, the small encoding
// of sets whose members are all integers (OBJECT ENCODING "intset").
//
// Layout (little endian): <encoding:u32 = 2|4|8 bytes per element> <length:u32> <elements>.
// Elements are sorted ascending and unique; membership is a binary search. Adding a value
// that does not fit the current width upgrades every element to the wider encoding (it
// never downgrades). Being Redis's format, it is written to RDB/DUMP as is.
//
// As with listpacks (Listpack.swift), two types hold one: IntSetBytes, the bytes in a bare
// malloc block handled through one word (what a set in the intset encoding keeps; the owner
// stores it back after a mutation, which may move the block, and frees it), and IntSet, a
// class owning an IntSetBytes for code that builds or validates one on its own.

import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// An intset in a bare malloc block, handled through one word (see ListpackBytes for why
/// the address is kept as an Unmanaged<RawBlockTag>). Width and count live in the block's
/// header, capacity is the block's usable size.
public struct IntSetBytes {
    @usableFromInline var handle: Unmanaged<RawBlockTag>

    @inlinable var base: UnsafeMutableRawPointer { handle.toOpaque() }

    @inlinable init(base: UnsafeMutableRawPointer) {
        handle = Unmanaged.fromOpaque(UnsafeRawPointer(base))
    }

    @usableFromInline static let header = 8

    /// An empty intset of 16-bit elements, in an exact-size block.
    public static func allocate() -> IntSetBytes {
        guard let p = malloc(header) else { fatalError("out of memory allocating an intset") }
        let s = IntSetBytes(base: p)
        s.writeHeader(width: 2, count: 0)
        return s
    }

    /// Copies Redis intset bytes (RDB/DUMP) into a new block; nil if malformed (bad width,
    /// length, order), with nothing left allocated.
    public static func validating(_ bytes: UnsafeRawBufferPointer) -> IntSetBytes? {
        guard bytes.count >= header else { return nil }
        let w = Int(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian)
        let n = Int(bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
        guard w == 2 || w == 4 || w == 8, bytes.count == header + n * w else { return nil }
        guard let p = malloc(bytes.count) else { fatalError("out of memory allocating an intset") }
        p.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        let s = IntSetBytes(base: p)
        for i in 1..<Swift.max(1, n) where s[i - 1] >= s[i] {
            s.free()
            return nil
        }
        return s
    }

    /// Gives the block back to the allocator; the struct must not be used afterwards.
    public func free() { Glibc.free(base) }

    /// Bytes per element: 2, 4 or 8.
    @inlinable public var width: Int { Int(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self))) }

    @inlinable public var count: Int {
        Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
    }

    private func writeHeader(width: Int, count: Int) {
        base.storeBytes(of: UInt32(width).littleEndian, as: UInt32.self)
        base.storeBytes(of: UInt32(count).littleEndian, toByteOffset: 4, as: UInt32.self)
    }

    public var rawBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: IntSetBytes.header + count * width)
    }

    /// Bytes the block can hold.
    public var capacity: Int { malloc_usable_size(base) }

    /// Bytes allocated for the intset (memory accounting).
    public var allocatedBytes: Int { capacity }

    @inlinable public subscript(i: Int) -> Int64 { element(i, width: width) }

    @inlinable func element(_ i: Int, width w: Int) -> Int64 {
        let off = IntSetBytes.header + i * w
        switch w {
        case 2: return Int64(Int16(littleEndian: base.loadUnaligned(fromByteOffset: off, as: Int16.self)))
        case 4: return Int64(Int32(littleEndian: base.loadUnaligned(fromByteOffset: off, as: Int32.self)))
        default: return Int64(littleEndian: base.loadUnaligned(fromByteOffset: off, as: Int64.self))
        }
    }

    private func set(_ i: Int, _ v: Int64, width w: Int) {
        let off = IntSetBytes.header + i * w
        switch w {
        case 2: base.storeBytes(of: Int16(v).littleEndian, toByteOffset: off, as: Int16.self)
        case 4: base.storeBytes(of: Int32(v).littleEndian, toByteOffset: off, as: Int32.self)
        default: base.storeBytes(of: v.littleEndian, toByteOffset: off, as: Int64.self)
        }
    }

    @inlinable static func widthFor(_ v: Int64) -> Int {
        if v >= Int64(Int16.min) && v <= Int64(Int16.max) { return 2 }
        if v >= Int64(Int32.min) && v <= Int64(Int32.max) { return 4 }
        return 8
    }

    /// Binary search: (found, index where it is or would be inserted).
    @inlinable func search(_ v: Int64) -> (Bool, Int) {
        let n = count, w = width
        if n == 0 { return (false, 0) }
        if v > element(n - 1, width: w) { return (false, n) }
        if v < element(0, width: w) { return (false, 0) }
        var lo = 0, hi = n - 1
        while lo <= hi {
            let mid = (lo + hi) >> 1
            let m = element(mid, width: w)
            if m == v { return (true, mid) }
            if m < v { lo = mid + 1 } else { hi = mid - 1 }
        }
        return (false, lo)
    }

    @inlinable public func contains(_ v: Int64) -> Bool {
        if IntSetBytes.widthFor(v) > width { return false }
        return search(v).0
    }

    /// Makes room for `bytes`. Small intsets get exactly that (plus the size class, as
    /// Redis's exact zrealloc under jemalloc); past 256 bytes the block grows by 1/32 more,
    /// so inserts copy amortised O(1) times yet a big intset keeps ~3% spare at most.
    private mutating func reserve(_ bytes: Int) {
        if bytes <= capacity { return }
        let newCap = bytes <= 256 ? bytes : bytes + bytes >> 5
        guard let p = realloc(base, newCap) else { fatalError("out of memory growing an intset to \(newCap) bytes") }
        handle = Unmanaged.fromOpaque(UnsafeRawPointer(p))
    }

    /// Adds `v`; returns false if it was already present. May move the block.
    @discardableResult
    public mutating func insert(_ v: Int64) -> Bool {
        let w = IntSetBytes.widthFor(v)
        let old = width
        let n = count
        if w > old {
            // Upgrade: widen every element from the end so nothing is overwritten; the new
            // value is beyond the old range, so it goes first (negative) or last (positive).
            reserve(IntSetBytes.header + (n + 1) * w)
            var i = n - 1
            while i >= 0 {
                let x = element(i, width: old)
                set(i + (v < 0 ? 1 : 0), x, width: w)
                i -= 1
            }
            if v < 0 { set(0, v, width: w) } else { set(n, v, width: w) }
            writeHeader(width: w, count: n + 1)
            return true
        }
        let (found, pos) = search(v)
        if found { return false }
        reserve(IntSetBytes.header + (n + 1) * old)
        let off = IntSetBytes.header + pos * old
        memmove(base + off + old, base + off, (n - pos) * old)
        set(pos, v, width: old)
        writeHeader(width: old, count: n + 1)
        return true
    }

    /// Removes `v`; false when absent. The block is shrunk once it is mostly unused (it
    /// stays where it is otherwise).
    @discardableResult
    public mutating func remove(_ v: Int64) -> Bool {
        let w = width
        if IntSetBytes.widthFor(v) > w { return false }
        let (found, pos) = search(v)
        if !found { return false }
        let n = count
        let off = IntSetBytes.header + pos * w
        memmove(base + off, base + off + w, (n - pos - 1) * w)
        writeHeader(width: w, count: n - 1)
        let used = IntSetBytes.header + (n - 1) * w
        if capacity > 256 && used < capacity / 2, let p = realloc(base, used + used >> 5) {
            handle = Unmanaged.fromOpaque(UnsafeRawPointer(p))
        }
        return true
    }

    public var largest: Int64? { count == 0 ? nil : self[count - 1] }
    public var smallest: Int64? { count == 0 ? nil : self[0] }

    /// An exact-size copy in a new block.
    public func copy() -> IntSetBytes {
        let n = IntSetBytes.header + count * width
        guard let p = malloc(n) else { fatalError("out of memory copying an intset") }
        p.copyMemory(from: base, byteCount: n)
        return IntSetBytes(base: p)
    }

    public func verifyInvariants() -> String? {
        let w = width
        if w != 2 && w != 4 && w != 8 { return "bad width" }
        if IntSetBytes.header + count * w > capacity { return "elements beyond the block" }
        for i in 1..<Swift.max(1, count) where self[i - 1] >= self[i] { return "not strictly ascending at \(i)" }
        for i in 0..<count where IntSetBytes.widthFor(self[i]) > w { return "element wider than encoding" }
        return nil
    }
}

/// An intset owning its block (see the top of the file). Values adopt the block with `take()`.
public final class IntSet {
    public private(set) var bytes: IntSetBytes
    /// False once `take()` handed the block over.
    private var owns = true

    public init() { bytes = .allocate() }

    private init(adopting b: IntSetBytes) { bytes = b }

    /// Adopts a copy of Redis intset bytes (RDB/DUMP); nil if malformed (bad width, length, order).
    public init?(validating raw: UnsafeRawBufferPointer) {
        guard let b = IntSetBytes.validating(raw) else { return nil }
        bytes = b
    }

    deinit { if owns { bytes.free() } }

    /// Hands the block over (to a set adopting it): this object must not be used again.
    public func take() -> IntSetBytes {
        precondition(owns, "intset already taken")
        owns = false
        return bytes
    }

    public var width: Int { bytes.width }
    public var count: Int { bytes.count }
    public var rawBytes: UnsafeRawBufferPointer { bytes.rawBytes }
    public var allocatedBytes: Int { 40 + bytes.capacity }
    public subscript(i: Int) -> Int64 { bytes[i] }
    public func contains(_ v: Int64) -> Bool { bytes.contains(v) }
    @discardableResult public func insert(_ v: Int64) -> Bool { bytes.insert(v) }
    @discardableResult public func remove(_ v: Int64) -> Bool { bytes.remove(v) }
    public var largest: Int64? { bytes.largest }
    public var smallest: Int64? { bytes.smallest }
    public func copy() -> IntSet { IntSet(adopting: bytes.copy()) }
    public func verifyInvariants() -> String? { bytes.verifyInvariants() }
}
