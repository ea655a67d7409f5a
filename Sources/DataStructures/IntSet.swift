// IntSet: a sorted array of integers in Redis's intset byte format, the small encoding
// of sets whose members are all integers (OBJECT ENCODING "intset").
//
// Layout (little endian): <encoding:u32 = 2|4|8 bytes per element> <length:u32> <elements>.
// Elements are sorted ascending and unique; membership is a binary search. Adding a value
// that does not fit the current width upgrades every element to the wider encoding (it
// never downgrades). Being Redis's format, it is written to RDB/DUMP as is.

#if canImport(Glibc)
import Glibc
#endif

public final class IntSet {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    public private(set) var width: Int = 2
    public private(set) var count: Int = 0

    static let header = 8

    public init() {
        capacity = IntSet.header + 16
        base = .allocate(byteCount: capacity, alignment: 8)
        writeHeader()
    }

    /// Adopts Redis intset bytes (RDB/DUMP); nil if malformed (bad width, length, order).
    public init?(validating bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= IntSet.header else { return nil }
        let w = Int(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian)
        let n = Int(bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
        guard w == 2 || w == 4 || w == 8, bytes.count == IntSet.header + n * w else { return nil }
        capacity = bytes.count
        base = .allocate(byteCount: Swift.max(capacity, 16), alignment: 8)
        base.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        width = w
        count = n
        for i in 1..<Swift.max(1, n) where self[i - 1] >= self[i] {
            return nil
        }
    }

    deinit { base.deallocate() }

    private func writeHeader() {
        base.storeBytes(of: UInt32(width).littleEndian, as: UInt32.self)
        base.storeBytes(of: UInt32(count).littleEndian, toByteOffset: 4, as: UInt32.self)
    }

    public var rawBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: IntSet.header + count * width)
    }

    public var allocatedBytes: Int { capacity + 48 }

    public subscript(i: Int) -> Int64 { element(i, width: width) }

    private func element(_ i: Int, width w: Int) -> Int64 {
        let off = IntSet.header + i * w
        switch w {
        case 2: return Int64(Int16(littleEndian: base.loadUnaligned(fromByteOffset: off, as: Int16.self)))
        case 4: return Int64(Int32(littleEndian: base.loadUnaligned(fromByteOffset: off, as: Int32.self)))
        default: return Int64(littleEndian: base.loadUnaligned(fromByteOffset: off, as: Int64.self))
        }
    }

    private func set(_ i: Int, _ v: Int64) {
        let off = IntSet.header + i * width
        switch width {
        case 2: base.storeBytes(of: Int16(v).littleEndian, toByteOffset: off, as: Int16.self)
        case 4: base.storeBytes(of: Int32(v).littleEndian, toByteOffset: off, as: Int32.self)
        default: base.storeBytes(of: v.littleEndian, toByteOffset: off, as: Int64.self)
        }
    }

    static func widthFor(_ v: Int64) -> Int {
        if v >= Int64(Int16.min) && v <= Int64(Int16.max) { return 2 }
        if v >= Int64(Int32.min) && v <= Int64(Int32.max) { return 4 }
        return 8
    }

    /// Binary search: (found, index where it is or would be inserted).
    func search(_ v: Int64) -> (Bool, Int) {
        if count == 0 { return (false, 0) }
        if v > self[count - 1] { return (false, count) }
        if v < self[0] { return (false, 0) }
        var lo = 0, hi = count - 1
        while lo <= hi {
            let mid = (lo + hi) >> 1
            let m = self[mid]
            if m == v { return (true, mid) }
            if m < v { lo = mid + 1 } else { hi = mid - 1 }
        }
        return (false, lo)
    }

    public func contains(_ v: Int64) -> Bool {
        if IntSet.widthFor(v) > width { return false }
        return search(v).0
    }

    private func reserve(_ bytes: Int) {
        if bytes <= capacity { return }
        // Grow by 1/32 (at least 64 bytes): amortised O(1) copies per insert, yet never
        // more than ~3% spare at scale, so a big intset takes no more than Redis's
        // exact-size reallocations rounded up to the allocator's size classes.
        let newCap = Swift.max(bytes, capacity + Swift.max(64, capacity >> 5))
        let nb = UnsafeMutableRawPointer.allocate(byteCount: newCap, alignment: 8)
        nb.copyMemory(from: base, byteCount: IntSet.header + count * width)
        base.deallocate()
        base = nb
        capacity = newCap
    }

    /// Adds `v`; returns false if it was already present.
    @discardableResult
    public func insert(_ v: Int64) -> Bool {
        let w = IntSet.widthFor(v)
        if w > width {
            // Upgrade: widen every element from the end so nothing is overwritten; the new
            // value is beyond the old range, so it goes first (negative) or last (positive).
            let old = width
            reserve(IntSet.header + (count + 1) * w)
            width = w
            var i = count - 1
            while i >= 0 {
                let x = element(i, width: old)
                set(i + (v < 0 ? 1 : 0), x)
                i -= 1
            }
            if v < 0 { set(0, v) } else { set(count, v) }
            count += 1
            writeHeader()
            return true
        }
        let (found, pos) = search(v)
        if found { return false }
        reserve(IntSet.header + (count + 1) * width)
        let off = IntSet.header + pos * width
        memmove(base + off + width, base + off, (count - pos) * width)
        count += 1
        set(pos, v)
        writeHeader()
        return true
    }

    @discardableResult
    public func remove(_ v: Int64) -> Bool {
        if IntSet.widthFor(v) > width { return false }
        let (found, pos) = search(v)
        if !found { return false }
        let off = IntSet.header + pos * width
        memmove(base + off, base + off + width, (count - pos - 1) * width)
        count -= 1
        writeHeader()
        return true
    }

    public var largest: Int64? { count == 0 ? nil : self[count - 1] }
    public var smallest: Int64? { count == 0 ? nil : self[0] }

    public func copy() -> IntSet {
        IntSet(validating: rawBytes)!
    }

    public func verifyInvariants() -> String? {
        if width != 2 && width != 4 && width != 8 { return "bad width" }
        for i in 1..<Swift.max(1, count) where self[i - 1] >= self[i] { return "not strictly ascending at \(i)" }
        for i in 0..<count where IntSet.widthFor(self[i]) > width { return "element wider than encoding" }
        return nil
    }
}
