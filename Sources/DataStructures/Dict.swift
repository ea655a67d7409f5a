// Dict: the keyspace hash table (Redis's dict.c, written for Swift).
//
// Chained buckets in a power-of-two array, two tables during a resize, and
// incremental rehashing: every lookup or write moves one bucket from the old table
// to the new one (plus a time-boxed batch from the server cron), so growing a table
// of millions of keys never stalls the event loop.
//
// Why not Swift's Dictionary: it rehashes all at once on growth, has no stable cursor
// for SCAN, and cannot sample a random entry cheaply. This table gives:
//   - SCAN with Redis's guarantee (every element present for the whole scan is
//     returned at least once, even across resizes) by walking the cursor in
//     reverse-binary order over the smaller table and all its expansions in the larger;
//   - O(1) average random sampling (RANDOMKEY, eviction, active expiry);
//   - entries at stable addresses, so callers can update a value in place.
//
// Each entry is one malloc block (`DictNode`) the table owns: no object header, no
// reference counting; it is freed when its key is removed or the table cleared.
//
// Keys are RStr; lookups take raw bytes (slices of the client's query buffer) so a
// read never allocates. The hash is seeded per process (see `hashBytes`).
//
// Invariants (checked by `verifyInvariants()` in tests): table sizes are powers of
// two; every entry sits in the bucket its hash selects; `count` equals the entries
// reachable; while rehashing, buckets below `rehashIndex` of table 0 are empty.

import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// The storage of one entry: one malloc block owned by its Dict. Field order is deliberate:
/// `mark` and `meta` fill the padding after the 17-byte key, so with a 17-byte value (the
/// keyspace's `Value`) a node is 56 bytes, glibc's 56-byte usable size, with no object header.
/// The hash is not stored (Redis does not either): rehashing recomputes it, and lookups
/// compare keys directly, which for short keys costs the same as comparing hashes first.
@usableFromInline struct DictNode<V> {
    @usableFromInline let key: RStr
    @usableFromInline var mark: UInt16
    @usableFromInline var meta: UInt32
    @usableFromInline var value: V
    @usableFromInline var next: UnsafeMutablePointer<DictNode<V>>?

    @inlinable init(key: RStr, mark: UInt16, value: V, next: UnsafeMutablePointer<DictNode<V>>?) {
        self.key = key
        self.mark = mark
        self.meta = 0
        self.value = value
        self.next = next
    }
}

/// One key's entry: a reference to a node its Dict owns. Valid while the key stays in the
/// table: removing the key, clearing or deallocating the table frees the node, so an entry
/// must not be kept across a change that may remove its key (read what is needed first;
/// `Dict.remove` hands the value out). Rehashing, growth and SWAPDB do not move nodes.
/// Copying an entry copies the reference: no reference counting on lookups.
public struct DictEntry<V> {
    @usableFromInline let node: UnsafeMutablePointer<DictNode<V>>

    @inlinable init(_ node: UnsafeMutablePointer<DictNode<V>>) { self.node = node }

    /// The entry's address (DEBUG OBJECT's "Value at").
    public var address: UInt { UInt(bitPattern: node) }

    /// The key (a copy: it stays valid if the entry is removed while it is in use).
    @inlinable public var key: RStr { node.pointee.key }

    /// Snapshot epoch mark (docs/snapshot.md): the epoch of the last background save that
    /// wrote this entry, or the one running when it was created. Sits in the padding after
    /// the key, so it costs no memory.
    @inlinable public var mark: UInt16 {
        get { node.pointee.mark }
        nonmutating set { node.pointee.mark = newValue }
    }

    /// Free for the owner: the keyspace keeps the LRU clock / LFU counter here.
    @inlinable public var meta: UInt32 {
        get { node.pointee.meta }
        nonmutating set { node.pointee.meta = newValue }
    }

    /// The value, changed in place through the entry.
    @inlinable public var value: V {
        get { node.pointee.value }
        nonmutating _modify { yield &node.pointee.value }
    }
}

@usableFromInline struct DictTable<V> {
    @usableFromInline var buckets: UnsafeMutablePointer<UnsafeMutablePointer<DictNode<V>>?>?
    @usableFromInline var size: Int = 0       // number of buckets (0 or a power of two)
    @usableFromInline var used: Int = 0

    @inlinable init() {}

    /// Bucket arrays of this many bytes or more are mappings of their own (glibc mmaps them
    /// too, from its default threshold, but adds a header page: see structd_map_zeroed).
    @usableFromInline static var mappedBytes: Int { 128 << 10 }

    /// The bytes of a bucket array of `size` buckets.
    @inlinable static func byteCount(_ size: Int) -> Int {
        size * MemoryLayout<UnsafeMutablePointer<DictNode<V>>?>.stride
    }

    @inlinable init(size: Int) {
        self.size = size
        let bytes = Self.byteCount(size)
        if bytes >= Self.mappedBytes {
            // A power of two past 128 KiB is a whole number of pages, and fresh pages are
            // zero: every bucket already reads as nil.
            guard let raw = structd_map_zeroed(bytes) else {
                fatalError("out of memory allocating a table of \(size) buckets")
            }
            buckets = raw.bindMemory(to: UnsafeMutablePointer<DictNode<V>>?.self, capacity: size)
        } else {
            buckets = .allocate(capacity: size)
            buckets!.initialize(repeating: nil, count: size)
        }
    }

    @inlinable var mask: Int { size &- 1 }

    @usableFromInline mutating func free() {
        if let b = buckets {
            let bytes = Self.byteCount(size)
            if bytes >= Self.mappedBytes {
                structd_unmap(UnsafeMutableRawPointer(b), bytes)
            } else {
                b.deallocate()
            }
        }
        buckets = nil
        size = 0
        used = 0
    }
}

public final class Dict<V> {
    @usableFromInline var t0 = DictTable<V>()
    @usableFromInline var t1 = DictTable<V>()
    /// Next bucket of t0 to move during rehashing, -1 when not rehashing.
    @usableFromInline var rehashIndex = -1
    /// Safe iterators or scans in progress pause incremental rehashing.
    public var pauseRehash = 0
    /// When false the table only grows when badly overloaded (Redis: during a fork).
    public var resizeAllowed = true
    /// The `mark` given to every entry created from now on (docs/snapshot.md).
    public var newEntryMark: UInt16 = 0
    /// Called with every value the table drops when it is cleared or deallocated (`remove`
    /// hands the value out instead): a keyspace table frees its values' blocks here
    /// (docs/small-values.md). nil: values need nothing beyond being dropped.
    public var releaseValue: ((V) -> Void)? = nil
    @usableFromInline let seed: UInt64

    public init() {
        seed = dictSeed
    }

    deinit {
        clearAll()
    }

    /// Bytes of one entry's block (the allocator may round it up).
    public static var entrySize: Int { MemoryLayout<DictNode<V>>.size }

    @inlinable public var count: Int { t0.used + t1.used }
    @inlinable public var isRehashing: Bool { rehashIndex >= 0 }
    public var bucketCount: Int { t0.size + t1.size }

    @inlinable public func hash(_ p: UnsafeRawBufferPointer) -> UInt64 {
        hashBytes(p.baseAddress, p.count, seed)
    }

    // MARK: lookup

    @inlinable public func find(_ key: UnsafeRawBufferPointer) -> DictEntry<V>? {
        if count == 0 { return nil }
        if rehashIndex >= 0 && pauseRehash == 0 { rehashStep() }
        let h = hash(key)
        var e = t0.buckets![Int(truncatingIfNeeded: h) & t0.mask]
        while let x = e {
            if x.pointee.key.equals(key) { return DictEntry(x) }
            e = x.pointee.next
        }
        if rehashIndex >= 0 {
            e = t1.buckets![Int(truncatingIfNeeded: h) & t1.mask]
            while let x = e {
                if x.pointee.key.equals(key) { return DictEntry(x) }
                e = x.pointee.next
            }
        }
        return nil
    }

    public func find(_ key: RStr) -> DictEntry<V>? { key.withBytes { find($0) } }

    // MARK: insert / delete

    /// Inserts a key known to be absent; returns the new entry.
    @inlinable @discardableResult
    public func insertNew(_ key: RStr, _ value: V) -> DictEntry<V> {
        let h = key.withBytes { hash($0) }
        return insertNew(key, value, hash: h)
    }

    @inlinable
    func insertNew(_ key: RStr, _ value: V, hash h: UInt64) -> DictEntry<V> {
        if rehashIndex >= 0 && pauseRehash == 0 { rehashStep() }
        expandIfNeeded()
        let node = UnsafeMutablePointer<DictNode<V>>.allocate(capacity: 1)
        if rehashIndex >= 0 {
            let i = Int(truncatingIfNeeded: h) & t1.mask
            node.initialize(to: DictNode(key: key, mark: newEntryMark, value: value, next: t1.buckets![i]))
            t1.buckets![i] = node
            t1.used += 1
        } else {
            let i = Int(truncatingIfNeeded: h) & t0.mask
            node.initialize(to: DictNode(key: key, mark: newEntryMark, value: value, next: t0.buckets![i]))
            t0.buckets![i] = node
            t0.used += 1
        }
        return DictEntry(node)
    }

    /// Sets the value, inserting the key if absent. Returns the entry and whether it was new.
    @inlinable @discardableResult
    public func set(_ key: UnsafeRawBufferPointer, _ value: V) -> (DictEntry<V>, Bool) {
        if let e = find(key) {
            e.value = value
            return (e, false)
        }
        return (insertNew(RStr(key), value, hash: hash(key)), true)
    }

    @discardableResult
    public func set(_ key: RStr, _ value: V) -> (DictEntry<V>, Bool) {
        key.withBytes { k in
            if let e = find(k) {
                e.value = value
                return (e, false)
            }
            return (insertNew(key, value, hash: hash(k)), true)
        }
    }

    /// Removes the key and frees its entry; returns the value, moved out of the entry
    /// (nil when the key was absent). Entries of this key are invalid afterwards.
    @inlinable @discardableResult
    public func remove(_ key: UnsafeRawBufferPointer) -> V? {
        if count == 0 { return nil }
        if rehashIndex >= 0 && pauseRehash == 0 { rehashStep() }
        let h = hash(key)
        var node = unlink(&t0, h, key)
        if node == nil && rehashIndex >= 0 { node = unlink(&t1, h, key) }
        guard let x = node else { return nil }
        let value = x.move().value
        x.deallocate()
        return value
    }

    @discardableResult
    public func remove(_ key: RStr) -> V? { key.withBytes { remove($0) } }

    @inlinable func unlink(_ t: inout DictTable<V>, _ h: UInt64, _ key: UnsafeRawBufferPointer) -> UnsafeMutablePointer<DictNode<V>>? {
        guard t.size > 0 else { return nil }
        let i = Int(truncatingIfNeeded: h) & t.mask
        var prev: UnsafeMutablePointer<DictNode<V>>? = nil
        var e = t.buckets![i]
        while let x = e {
            if x.pointee.key.equals(key) {
                if let p = prev { p.pointee.next = x.pointee.next } else { t.buckets![i] = x.pointee.next }
                t.used -= 1
                return x
            }
            prev = x
            e = x.pointee.next
        }
        return nil
    }

    /// Exchanges the whole contents (both tables and the rehashing state) with `other`,
    /// in O(1): SWAPDB swaps two keyspaces this way.
    public func swapContents(with other: Dict<V>) {
        if self === other { return }
        precondition(seed == other.seed)
        swap(&t0, &other.t0)
        swap(&t1, &other.t1)
        swap(&rehashIndex, &other.rehashIndex)
    }

    /// Drops every entry, passing each value to `releaseValue` unless `releasingValues` is
    /// false (their new owner has them: the undo log keeps a flushed keyspace's values).
    /// `callback` is called every 65536 buckets (Redis lets the event loop breathe during
    /// a huge synchronous FLUSHALL).
    public func clearAll(releasingValues: Bool = true, callback: (() -> Void)? = nil) {
        let release = releasingValues ? releaseValue : nil
        clearTable(&t0, release, callback)
        clearTable(&t1, release, callback)
        rehashIndex = -1
    }

    private func clearTable(_ t: inout DictTable<V>, _ release: ((V) -> Void)?, _ callback: (() -> Void)?) {
        guard let b = t.buckets else { return }
        for i in 0..<t.size {
            if i & 65535 == 0, let cb = callback { cb() }
            var e = b[i]
            b[i] = nil
            while let x = e {
                e = x.pointee.next
                if let r = release { r(x.pointee.value) }
                x.deinitialize(count: 1)
                x.deallocate()
            }
        }
        t.free()
    }

    // MARK: resizing

    @inlinable func expandIfNeeded() {
        if rehashIndex >= 0 { return }
        if t0.size == 0 { expand(to: 4); return }
        if t0.used >= t0.size && (resizeAllowed || t0.used / t0.size > 5) {
            expand(to: t0.used + 1)
        }
    }

    /// Starts rehashing into a table of the next power of two >= `minimum`.
    @usableFromInline func expand(to minimum: Int) {
        if rehashIndex >= 0 || t0.used > minimum { return }
        var size = 4
        while size < minimum { size <<= 1 }
        if size == t0.size { return }
        let t = DictTable<V>(size: size)
        if t0.size == 0 {
            t0 = t
            return
        }
        t1 = t
        rehashIndex = 0
    }

    /// Shrinks when less than 10% full (called from the server cron, like Redis's tryResizeHashTables).
    public func shrinkIfNeeded() {
        guard resizeAllowed, rehashIndex < 0, t0.size > 4, t0.used * 10 < t0.size else { return }
        expand(to: max(4, t0.used))
        if rehashIndex < 0 && t0.size > max(4, t0.used) * 2 {
            // expand() refuses a smaller size while t0 is larger; force the shrink target.
            var size = 4
            while size < t0.used { size <<= 1 }
            t1 = DictTable<V>(size: size)
            rehashIndex = 0
        }
    }

    /// Moves one bucket (visiting at most 10 empty ones). Returns false when done.
    @usableFromInline @discardableResult
    func rehashStep() -> Bool { rehash(steps: 1) }

    @discardableResult
    public func rehash(steps: Int) -> Bool {
        if rehashIndex < 0 { return false }
        var n = steps
        var emptyVisits = steps * 10
        while n > 0 && t0.used > 0 {
            n -= 1
            while t0.buckets![rehashIndex] == nil {
                rehashIndex += 1
                emptyVisits -= 1
                if emptyVisits == 0 { return true }
            }
            var e = t0.buckets![rehashIndex]
            while let x = e {
                let next = x.pointee.next
                let i = Int(truncatingIfNeeded: x.pointee.key.withBytes { hash($0) }) & t1.mask
                x.pointee.next = t1.buckets![i]
                t1.buckets![i] = x
                t0.used -= 1
                t1.used += 1
                e = next
            }
            t0.buckets![rehashIndex] = nil
            rehashIndex += 1
        }
        if t0.used == 0 {
            t0.free()
            t0 = t1
            t1 = DictTable<V>()
            rehashIndex = -1
            return false
        }
        return true
    }

    /// Rehashes in 100-bucket batches for up to `micros` (the cron's incremental rehash).
    public func rehash(forMicros micros: Int64) {
        guard rehashIndex >= 0, pauseRehash == 0 else { return }
        let start = dictClockMicros()
        while rehash(steps: 100) {
            if dictClockMicros() - start > micros { break }
        }
    }

    // MARK: iteration

    /// Visits every entry. The table must not be modified during the walk.
    public func forEach(_ body: (DictEntry<V>) throws -> Void) rethrows {
        pauseRehash += 1
        defer { pauseRehash -= 1 }
        for t in [t0, t1] where t.size > 0 {
            for i in 0..<t.size {
                var e = t.buckets![i]
                while let x = e {
                    e = x.pointee.next
                    try body(DictEntry(x))
                }
            }
        }
    }

    /// Every key and value (copies), for callers that may change the table while they
    /// walk the result: entries would be invalid once their key is removed.
    public func entries() -> [(key: RStr, value: V)] {
        var out: [(key: RStr, value: V)] = []
        out.reserveCapacity(count)
        forEach { out.append(($0.key, $0.value)) }
        return out
    }

    // MARK: scan

    /// One SCAN step: visits the bucket(s) the cursor designates (and, while rehashing,
    /// all their expansions in the larger table), returns the next cursor (0 = done).
    public func scan(_ cursor: UInt64, _ visit: (DictEntry<V>) -> Void) -> UInt64 {
        if count == 0 { return 0 }
        pauseRehash += 1
        defer { pauseRehash -= 1 }
        var v = cursor
        func walk(_ t: DictTable<V>, _ idx: UInt64) {
            var e = t.buckets![Int(idx & UInt64(t.mask))]
            while let x = e { e = x.pointee.next; visit(DictEntry(x)) }
        }
        if rehashIndex < 0 {
            let m0 = UInt64(t0.mask)
            walk(t0, v)
            v |= ~m0
            v = reverseBits(v)
            v &+= 1
            v = reverseBits(v)
        } else {
            var small = t0, large = t1
            if small.size > large.size { swap(&small, &large) }
            let m0 = UInt64(small.mask), m1 = UInt64(large.mask)
            walk(small, v)
            repeat {
                walk(large, v)
                v |= ~m1
                v = reverseBits(v)
                v &+= 1
                v = reverseBits(v)
            } while v & (m0 ^ m1) != 0
        }
        return v
    }

    // MARK: random sampling

    /// A random entry (bucket chosen uniformly among non-empty ones, then a uniform
    /// element of its chain), or nil when empty.
    public func randomEntry() -> DictEntry<V>? {
        if count == 0 { return nil }
        if rehashIndex >= 0 && pauseRehash == 0 { rehashStep() }
        var head: UnsafeMutablePointer<DictNode<V>>? = nil
        var tries = 0
        while head == nil {
            tries += 1
            if rehashIndex >= 0 {
                // Buckets below rehashIndex of t0 are empty; draw over the rest.
                let span = t0.size + t1.size - rehashIndex
                let r = rehashIndex + Int(randomUInt64() % UInt64(span))
                head = r >= t0.size ? t1.buckets![r - t0.size] : t0.buckets![r]
            } else {
                head = t0.buckets![Int(randomUInt64() & UInt64(t0.mask))]
            }
            if tries > 1_000_000 { break }
        }
        guard let h = head else { return nil }
        var len = 0
        var e: UnsafeMutablePointer<DictNode<V>>? = h
        while let x = e { len += 1; e = x.pointee.next }
        var k = Int(randomUInt64() % UInt64(len))
        var x = h
        while k > 0 { x = x.pointee.next!; k -= 1 }
        return DictEntry(x)
    }

    /// Up to `count` distinct entries sampled from random consecutive buckets (Redis's
    /// dictGetSomeKeys): cheap, not uniform, good for eviction and expiry sampling.
    /// Distinct, so a caller may delete the keys of earlier entries while it walks them.
    public func sample(_ wanted: Int, into out: inout [DictEntry<V>]) {
        out.removeAll(keepingCapacity: true)
        let total = count
        if total == 0 || wanted <= 0 { return }
        let want = min(wanted, total)
        if rehashIndex >= 0 && pauseRehash == 0 { rehash(steps: want) }
        let tables = rehashIndex >= 0 ? 2 : 1
        var maxMask = t0.mask
        if tables == 2 && t1.mask > maxMask { maxMask = t1.mask }
        var i = Int(randomUInt64() & UInt64(maxMask))
        var emptyRun = 0
        var steps = want * 10
        // Once the walk has jumped or gone round, a bucket may be met again.
        var mayRevisit = false
        var visited = 0
        while out.count < want && steps > 0 {
            steps -= 1
            visited += 1
            if visited > maxMask { mayRevisit = true }
            for ti in 0..<tables {
                let t = ti == 0 ? t0 : t1
                if ti == 0 && rehashIndex >= 0 && i < rehashIndex {
                    if i >= t1.size { i = rehashIndex; mayRevisit = true }
                    continue
                }
                if i >= t.size { continue }
                var e = t.buckets![i]
                if e == nil {
                    emptyRun += 1
                    if emptyRun >= 5 && emptyRun > want {
                        i = Int(randomUInt64() & UInt64(maxMask))
                        emptyRun = 0
                        mayRevisit = true
                    }
                } else {
                    emptyRun = 0
                    while let x = e {
                        e = x.pointee.next
                        if mayRevisit && out.contains(where: { $0.node == x }) { continue }
                        out.append(DictEntry(x))
                        if out.count == want { return }
                    }
                }
            }
            i = (i + 1) & maxMask
        }
    }

    // MARK: testing

    /// Checks the structural invariants; returns a description of the first violation.
    public func verifyInvariants() -> String? {
        var seen = 0
        for (ti, t) in [t0, t1].enumerated() where t.size > 0 {
            if t.size & (t.size - 1) != 0 { return "table \(ti) size \(t.size) not a power of two" }
            var inTable = 0
            for i in 0..<t.size {
                var e = t.buckets![i]
                if ti == 0 && rehashIndex >= 0 && i < rehashIndex && e != nil { return "rehashed bucket \(i) not empty" }
                while let x = e {
                    if Int(truncatingIfNeeded: x.pointee.key.withBytes { hash($0) }) & t.mask != i { return "entry in wrong bucket" }
                    inTable += 1
                    e = x.pointee.next
                }
            }
            if inTable != t.used { return "table \(ti) used \(t.used) but holds \(inTable)" }
            seen += inTable
        }
        if seen != count { return "count mismatch" }
        if rehashIndex < 0 && t1.size != 0 { return "second table present while not rehashing" }
        return nil
    }
}

@inlinable func reverseBits(_ v: UInt64) -> UInt64 {
    var x = v
    x = ((x >> 1) & 0x5555555555555555) | ((x & 0x5555555555555555) << 1)
    x = ((x >> 2) & 0x3333333333333333) | ((x & 0x3333333333333333) << 2)
    x = ((x >> 4) & 0x0F0F0F0F0F0F0F0F) | ((x & 0x0F0F0F0F0F0F0F0F) << 4)
    return x.byteSwapped
}

func dictClockMicros() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
}
