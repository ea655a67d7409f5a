// RStr: the compact byte string used for every key and string value.
//
// Three representations, chosen at creation (Redis's robj encodings, minus the robj):
//   .int(v)          a string value that is the canonical decimal form of an Int64
//                    ("int" in OBJECT ENCODING). Never used for keys.
//   .small(w0, w1)   up to 15 bytes stored inline in two words; the top byte of w1
//                    holds the length. No allocation at all ("embstr").
//   .heap(HeapBytes) one object holding the bytes, with spare capacity so APPEND and
//                    SETRANGE grow in place when the object is uniquely referenced.
//                    Reported as "embstr" up to 44 bytes unless it was produced by an
//                    in-place modification, which Redis reports as "raw".
//
// Binary safe throughout: bytes are never interpreted as text. Equality is byte
// equality across representations (`.int(12)` equals the bytes "12").

#if canImport(Glibc)
import Glibc
#endif

public final class HeapBytes {
    public var count: Int
    public private(set) var capacity: Int
    /// Set when the string was modified in place (APPEND, SETRANGE, SETBIT...): Redis
    /// reports such strings as "raw" whatever their length.
    public var raw: Bool
    public private(set) var bytes: UnsafeMutablePointer<UInt8>

    public init(capacity: Int, count: Int, raw: Bool) {
        self.capacity = max(capacity, 1)
        self.count = count
        self.raw = raw
        bytes = .allocate(capacity: self.capacity)
    }

    public convenience init(copying p: UnsafeRawBufferPointer, extra: Int = 0, raw: Bool) {
        self.init(capacity: p.count + extra, count: p.count, raw: raw)
        if p.count > 0 { UnsafeMutableRawPointer(bytes).copyMemory(from: p.baseAddress!, byteCount: p.count) }
    }

    deinit { bytes.deallocate() }

    /// Ensures room for `n` bytes, growing greedily like sds (double below 1 MB, +1 MB above).
    public func reserve(_ n: Int) {
        if n <= capacity { return }
        let newCap = max(16, n < 1 << 20 ? n * 2 : n + (1 << 20))
        let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
        nb.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = nb
        capacity = newCap
    }

    @inlinable public var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes, count: count) }
}

public enum RStr {
    case small(UInt64, UInt64)
    case heap(HeapBytes)
    case int(Int64)

    public static let maxInline = 15
    public static var empty: RStr { .small(0, 0) }

    /// A key or any string that must keep its exact bytes (never int-encoded).
    @inlinable public init(_ p: UnsafeRawBufferPointer) {
        let n = p.count
        if n <= RStr.maxInline {
            var w: (UInt64, UInt64) = (0, UInt64(n) << 56)
            if n > 0 {
                withUnsafeMutableBytes(of: &w) { $0.baseAddress!.copyMemory(from: p.baseAddress!, byteCount: n) }
            }
            self = .small(w.0, w.1)
        } else {
            self = .heap(HeapBytes(copying: p, raw: false))
        }
    }

    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { RStr($0) }
    }

    public init(_ s: String) {
        var s = s
        self = s.withUTF8 { RStr(UnsafeRawBufferPointer($0)) }
    }

    /// A string value: int-encoded when the bytes are the canonical decimal form of an
    /// Int64 (Redis's tryObjectEncoding), otherwise stored as bytes.
    @inlinable public static func value(_ p: UnsafeRawBufferPointer) -> RStr {
        if p.count <= 20, p.count > 0, let v = parseStrictInt64(p) { return .int(v) }
        return RStr(p)
    }

    /// A string produced by modifying another in place (APPEND, SETRANGE...): "raw".
    public static func raw(_ p: UnsafeRawBufferPointer, extra: Int = 0) -> RStr {
        .heap(HeapBytes(copying: p, extra: extra, raw: true))
    }

    @inlinable public var count: Int {
        switch self {
        case .small(_, let w1): return Int(w1 >> 56)
        case .heap(let h): return h.count
        case .int(let v): return decimalLength(v)
        }
    }

    @inlinable public var isEmpty: Bool { count == 0 }

    /// Gives the bytes to `body`; the pointer is valid only inside the call.
    @inlinable public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch self {
        case .small(let w0, let w1):
            var w = (w0, w1)
            let n = Int(w1 >> 56)
            return try withUnsafeBytes(of: &w) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        case .heap(let h):
            return try body(h.buffer)
        case .int(let v):
            var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
            return try withUnsafeMutableBytes(of: &tmp) { s in
                let n = formatDecimalBytes(v, into: s.baseAddress!.assumingMemoryBound(to: UInt8.self))
                return try body(UnsafeRawBufferPointer(start: s.baseAddress, count: n))
            }
        }
    }

    public var bytes: [UInt8] { withBytes { Array($0) } }

    /// The bytes as a Swift String (lossy for non-UTF-8; for logs and config only).
    public var string: String { withBytes { String(decoding: $0, as: UTF8.self) } }

    @inlinable public func equals(_ p: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .small(let w0, let w1):
            let n = Int(w1 >> 56)
            if n != p.count { return false }
            if n == 0 { return true }
            var w = (w0, w1)
            return withUnsafeBytes(of: &w) { memcmp($0.baseAddress!, p.baseAddress!, n) == 0 }
        case .heap(let h):
            if h.count != p.count { return false }
            if h.count == 0 { return true }
            return memcmp(h.bytes, p.baseAddress!, h.count) == 0
        case .int:
            return withBytes { mine in mine.count == p.count && memcmp(mine.baseAddress!, p.baseAddress!, mine.count) == 0 }
        }
    }

    /// Redis's OBJECT ENCODING name for a string value.
    public var encodingName: String {
        switch self {
        case .int: return "int"
        case .small: return "embstr"
        case .heap(let h): return (h.raw || h.count > 44) ? "raw" : "embstr"
        }
    }

    /// The value as an integer if it is one (for INCR & co.): int-encoded, or bytes that
    /// parse strictly as Redis's string2ll does.
    @inlinable public var integerValue: Int64? {
        if case .int(let v) = self { return v }
        if count > 20 || count == 0 { return nil }
        return withBytes { parseStrictInt64($0) }
    }

    /// Bytes allocated for this string beyond the inline words (for memory accounting).
    public var heapBytes: Int {
        if case .heap(let h) = self { return h.capacity + 48 }
        return 0
    }
}

extension RStr: Hashable {
    public static func == (a: RStr, b: RStr) -> Bool {
        if case .int(let x) = a, case .int(let y) = b { return x == y }
        return b.withBytes { a.equals($0) }
    }
    public func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: $0) }
    }
}

extension RStr: Comparable {
    /// Byte-wise comparison (memcmp, then length), as Redis compares strings.
    public static func < (a: RStr, b: RStr) -> Bool {
        a.withBytes { x in b.withBytes { y in compareBytes(x, y) < 0 } }
    }
}

extension RStr: CustomStringConvertible {
    public var description: String { string }
}

/// memcmp over the common prefix, then the shorter one first (Redis's sdscmp).
@inlinable public func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = min(a.count, b.count)
    if n > 0 {
        let c = memcmp(a.baseAddress!, b.baseAddress!, n)
        if c != 0 { return Int(c) }
    }
    return a.count - b.count
}

@inlinable public func decimalLength(_ v: Int64) -> Int {
    var u = v < 0 ? UInt64(bitPattern: 0 &- v) : UInt64(v)
    var n = v < 0 ? 2 : 1
    while u >= 10 { u /= 10; n += 1 }
    return n
}

/// Decimal digits of `v` into `p` (needs 20 bytes); returns the length.
@inlinable public func formatDecimalBytes(_ v: Int64, into p: UnsafeMutablePointer<UInt8>) -> Int {
    let n = decimalLength(v)
    var u = v < 0 ? UInt64(bitPattern: 0 &- v) : UInt64(v)
    var i = n
    repeat {
        i -= 1
        p[i] = UInt8(truncatingIfNeeded: u % 10) &+ 48
        u /= 10
    } while u > 0
    if v < 0 { p[0] = 45 }
    return n
}

/// Redis's string2ll: optional '-', then digits with no leading zero (except "0"
/// itself), no '+', no spaces, within Int64. Anything else is not an integer.
@inlinable public func parseStrictInt64(_ p: UnsafeRawBufferPointer) -> Int64? {
    let n = p.count
    if n == 0 || n > 20 { return nil }
    if n == 1 && p[0] == 48 { return 0 }
    var i = 0
    var neg = false
    if p[0] == 45 { neg = true; i = 1; if n == 1 { return nil } }
    if p[i] < 49 || p[i] > 57 { return nil }
    var v: UInt64 = 0
    while i < n {
        let d = UInt64(p[i]) &- 48
        if d > 9 { return nil }
        let (m, o1) = v.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(d)
        if o1 || o2 { return nil }
        v = a
        i += 1
    }
    if neg {
        if v > UInt64(Int64.max) + 1 { return nil }
        return v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v)
    }
    if v > UInt64(Int64.max) { return nil }
    return Int64(v)
}
