// IOBuffer: a growable byte buffer with a read and a write index, used for every
// client's query buffer (bytes read from the socket, parsed in place) and output
// buffer (replies written straight into it, then flushed to the socket).
//
// It is a final class, not a struct: a client owns exactly one of each and the
// event loop hands raw pointers into it to read(2)/write(2) and to the request
// parser, so value semantics (copy-on-write) would only add checks on the hot path.
//
// Invariant: 0 <= readIndex <= writeIndex <= capacity. Bytes [readIndex, writeIndex)
// are readable. Growth doubles (bounded by the caller's limits, which are checked
// before asking for space: the buffer itself never decides policy).

#if canImport(Glibc)
import Glibc
#endif

public final class IOBuffer {
    // Settable only for @inlinable code in this module; other code must treat these as read-only.
    public var base: UnsafeMutablePointer<UInt8>
    public var capacity: Int
    public var readIndex: Int = 0
    public var writeIndex: Int = 0

    public init(capacity: Int = 16 * 1024) {
        let cap = max(capacity, 16)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        self.capacity = cap
    }

    deinit { base.deallocate() }

    @inlinable public var readableBytes: Int { writeIndex - readIndex }
    @inlinable public var writableBytes: Int { capacity - writeIndex }
    @inlinable public var isEmpty: Bool { writeIndex == readIndex }
    @inlinable public var readPointer: UnsafeMutablePointer<UInt8> { base + readIndex }
    @inlinable public var writePointer: UnsafeMutablePointer<UInt8> { base + writeIndex }

    /// Drops everything; keeps the allocation unless it grew beyond `shrinkAbove`.
    public func clear(shrinkAbove: Int = 1 << 20, to small: Int = 16 * 1024) {
        readIndex = 0
        writeIndex = 0
        if capacity > shrinkAbove {
            base.deallocate()
            base = UnsafeMutablePointer<UInt8>.allocate(capacity: small)
            capacity = small
        }
    }

    /// Moves the unread bytes to the front of the allocation.
    public func compact() {
        if readIndex == 0 { return }
        let n = readableBytes
        if n > 0 { memmove(base, base + readIndex, n) }
        readIndex = 0
        writeIndex = n
    }

    /// Makes room for at least `n` more bytes after writeIndex.
    @inlinable public func reserve(_ n: Int) {
        if capacity - writeIndex < n { grow(n) }
    }

    /// Makes room for exactly `n` more bytes (a big bulk of known size: no doubling).
    public func reserveExact(_ n: Int) {
        if capacity - writeIndex >= n { return }
        compact()
        if capacity - writeIndex >= n { return }
        let newCap = writeIndex + n
        let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
        if writeIndex > 0 { nb.update(from: base, count: writeIndex) }
        base.deallocate()
        base = nb
        capacity = newCap
    }

    @usableFromInline func grow(_ n: Int) {
        if readIndex > 0 && capacity - readableBytes >= n && readIndex >= capacity / 2 {
            compact()
            return
        }
        var newCap = capacity
        while newCap - writeIndex < n { newCap = newCap < (1 << 30) ? newCap * 2 : newCap + (1 << 30) }
        let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
        let used = writeIndex - readIndex
        if used > 0 { nb.update(from: base + readIndex, count: used) }
        base.deallocate()
        base = nb
        capacity = newCap
        writeIndex = used
        readIndex = 0
    }

    @inlinable public func append(_ byte: UInt8) {
        if writeIndex == capacity { grow(1) }
        base[writeIndex] = byte
        writeIndex &+= 1
    }

    @inlinable public func append(_ p: UnsafeRawBufferPointer) {
        let n = p.count
        if n == 0 { return }
        reserve(n)
        UnsafeMutableRawPointer(base + writeIndex).copyMemory(from: p.baseAddress!, byteCount: n)
        writeIndex &+= n
    }

    @inlinable public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    @inlinable public func append(_ s: StaticString) {
        append(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    public func append(string s: String) {
        var s = s
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the decimal form of `v` without allocating.
    @inlinable public func appendDecimal(_ v: Int64) {
        reserve(20)
        writeIndex &+= formatDecimal(v, into: base + writeIndex)
    }

    public var readableView: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + readIndex, count: readableBytes)
    }

    /// Copies the readable bytes out (tests, diagnostics).
    public func readableArray() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base + readIndex, count: readableBytes))
    }
}

/// Writes the decimal digits of `v` at `p` (at most 20 bytes), returns the length.
@inlinable public func formatDecimal(_ v: Int64, into p: UnsafeMutablePointer<UInt8>) -> Int {
    if v >= 0 && v < 10 {
        p[0] = UInt8(truncatingIfNeeded: v) &+ 48
        return 1
    }
    var u: UInt64 = v < 0 ? UInt64(bitPattern: 0 &- v) : UInt64(v)
    var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes of scratch
    return withUnsafeMutableBytes(of: &tmp) { scratch -> Int in
        var i = 24
        while u > 0 {
            i -= 1
            scratch[i] = UInt8(truncatingIfNeeded: u % 10) &+ 48
            u /= 10
        }
        if v < 0 { i -= 1; scratch[i] = 45 }
        let n = 24 - i
        UnsafeMutableRawPointer(p).copyMemory(from: scratch.baseAddress! + i, byteCount: n)
        return n
    }
}
