// ZSetIndex: the big encoding of a sorted set, what OBJECT ENCODING calls "skiplist".
//
// Redis keeps a big sorted set in two views of the same elements: a skiplist ordered by
// (score, member) whose span counts give ranks in O(log n), and a dict member -> score for
// O(1) ZSCORE and membership. We keep the same two views, built so that an element costs
// no object of its own (a Swift object per element would cost more memory than Redis's
// whole element, and ARC traffic on every step of every walk):
//
//   element store  fixed-size pages of 24-byte slots: the score and the member, packed in
//                  two words (up to 15 bytes inline with the length in the top byte, longer
//                  members in one malloc'd block of exactly their bytes). An element's id is
//                  its slot number; freed slots are reused through a free list, and when
//                  three quarters of the store are free a removal compacts it (renumbering
//                  the elements), so ids are stable until the next removal.
//   member index   an open-addressing hash table (linear probing, backward-shift deletion,
//                  load at most 3/4) of 8-byte slots: 32 bits of the member's hash next to the
//                  element id, so a probe compares members only when the hash bits agree.
//                  Resizing is incremental, like Redis's dict: a second table is filled a few
//                  slots per operation (from the stored hash bits, without touching the
//                  elements), so growing a set of millions never stalls the server. While
//                  that runs, the old table marks moved or deleted slots with a tombstone
//                  instead of shifting, so its probe chains stay intact. ZSCAN walks home
//                  buckets in Redis's reverse-binary cursor order over both tables, which
//                  keeps SCAN's guarantee across resizes.
//   order index    a counted B+tree keyed by (score, member). Leaves hold (score, id) pairs;
//                  inner nodes hold each child's smallest key and element count. Insert,
//                  delete, rank and select-by-rank are O(log n) (the role of the skiplist's
//                  spans); leaves are linked both ways for in-order walks from any rank.
//                  Appending past the largest element (or before the smallest) leaves the
//                  old leaf full instead of splitting it in half, so sets loaded in order
//                  pack densely.
//
// Ordering is Redis's: by score, ties by member bytes (memcmp, then the shorter first);
// -0.0 and 0.0 are equal scores. NaN is never stored (the commands refuse it).

#if canImport(Glibc)
import Glibc
#endif

/// One element slot: the score and the packed member (see `ZSetIndex`).
@usableFromInline struct ZElem {
    @usableFromInline var score: Double
    @usableFromInline var w0: UInt64
    @usableFromInline var w1: UInt64
}

@usableFromInline let zPageShift = 8
@usableFromInline let zPageSize = 1 << zPageShift
/// Top byte of w1: 0...15 inline length, 0xFF heap member, 0xFE free slot.
@usableFromInline let zHeapTag: UInt64 = 0xFF
@usableFromInline let zFreeTag: UInt64 = 0xFE
@usableFromInline let zLengthMask: UInt64 = 0x00FF_FFFF_FFFF_FFFF
/// Entries per tree node, and the fill below which a node is merged or refilled.
@usableFromInline let zNodeCap = 64
@usableFromInline let zNodeMin = 16
let zNoId = UInt32.max

/// A slot of the member index: (hash32 << 32 | id + 1); 0 is empty, this marks a slot of
/// the old table during a resize whose member moved or left.
@usableFromInline let zTombstone = UInt64.max

/// One open-addressing table of the member index.
@usableFromInline struct ZSlots {
    @usableFromInline let p: UnsafeMutablePointer<UInt64>
    @usableFromInline let mask: Int
    /// Members held (tombstones excluded).
    @usableFromInline var live = 0

    init(capacity: Int) {
        // calloc: a big table comes as fresh zero pages from the kernel, touched lazily,
        // instead of being cleared up front.
        guard let raw = calloc(capacity, 8) else { fatalError("out of memory allocating a member index") }
        p = raw.bindMemory(to: UInt64.self, capacity: capacity)
        mask = capacity - 1
    }

    /// The smallest power of two holding `n` members within the 3/4 load limit.
    static func capacity(for n: Int) -> Int {
        var c = 16
        while c * 3 < n * 4 { c <<= 1 }
        return c
    }

    @inline(__always) var capacity: Int { mask + 1 }
    @inline(__always) func fits(_ n: Int) -> Bool { n * 4 <= capacity * 3 }
    @inline(__always) func home(_ v: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: v >> 32)) & mask }
    func release() { free(p) }

    /// Stores `v` in the first empty slot from its home (the table has no tombstones).
    @inline(__always) mutating func place(_ v: UInt64) {
        var i = home(v)
        while p[i] != 0 { i = (i &+ 1) & mask }
        p[i] = v
        live += 1
    }

    /// Empties slot `i0`, shifting later members of its cluster back so that no member is
    /// ever separated from its home slot by an empty one.
    mutating func removeShifting(_ i0: Int) {
        var hole = i0
        var j = (i0 &+ 1) & mask
        while true {
            let s = p[j]
            if s == 0 { break }
            let h = home(s)
            if ((j &- h) & mask) >= ((j &- hole) & mask) {
                p[hole] = s
                hole = j
            }
            j = (j &+ 1) & mask
        }
        p[hole] = 0
        live -= 1
    }
}

/// A B+tree node. Leaves: `n` (score, id) entries in order. Inner nodes: `n` children,
/// with each child's smallest key in `scores`/`ids` and its element count in `sizes`.
@usableFromInline final class ZNode {
    @usableFromInline var n = 0
    @usableFromInline let isLeaf: Bool
    @usableFromInline let scores: UnsafeMutablePointer<Double>
    @usableFromInline let ids: UnsafeMutablePointer<UInt32>
    @usableFromInline let sizes: UnsafeMutablePointer<Int>?
    @usableFromInline var kids: [ZNode] = []
    /// Elements under this node.
    @usableFromInline var total = 0
    @usableFromInline unowned(unsafe) var next: ZNode? = nil
    @usableFromInline unowned(unsafe) var prev: ZNode? = nil

    init(leaf: Bool) {
        isLeaf = leaf
        // One spare entry: a node may hold cap + 1 for the instant before it splits.
        let slots = zNodeCap + 1
        let raw = UnsafeMutableRawPointer.allocate(byteCount: slots * 12, alignment: 8)
        scores = raw.bindMemory(to: Double.self, capacity: slots)
        ids = (raw + slots * 8).bindMemory(to: UInt32.self, capacity: slots)
        if leaf {
            sizes = nil
        } else {
            sizes = .allocate(capacity: slots)
            kids.reserveCapacity(slots)
        }
    }

    deinit {
        UnsafeMutableRawPointer(scores).deallocate()
        sizes?.deallocate()
    }

    static var bytesPerNode: Int { 96 + (zNodeCap + 1) * 12 }

    @inline(__always) func setKey(_ i: Int, from child: ZNode) {
        scores[i] = child.scores[0]
        ids[i] = child.ids[0]
    }

    /// Opens a gap at `i` in the key (and size) arrays.
    @inline(__always) func shiftRight(from i: Int, by k: Int = 1) {
        let m = n - i
        if m > 0 {
            (scores + i + k).update(from: scores + i, count: m)
            (ids + i + k).update(from: ids + i, count: m)
            if let s = sizes { (s + i + k).update(from: s + i, count: m) }
        }
    }

    /// Closes `k` entries at `i` in the key (and size) arrays.
    @inline(__always) func shiftLeft(at i: Int, by k: Int = 1) {
        let m = n - i - k
        if m > 0 {
            (scores + i).update(from: scores + i + k, count: m)
            (ids + i).update(from: ids + i + k, count: m)
            if let s = sizes { (s + i).update(from: s + i + k, count: m) }
        }
    }

    func insertEntry(_ i: Int, _ s: Double, _ id: UInt32) {
        shiftRight(from: i)
        scores[i] = s
        ids[i] = id
        n += 1
        total += 1
    }

    func removeEntry(_ i: Int) {
        shiftLeft(at: i)
        n -= 1
        total -= 1
    }

    func insertChild(_ c: ZNode, at i: Int) {
        shiftRight(from: i)
        setKey(i, from: c)
        sizes![i] = c.total
        kids.insert(c, at: i)
        n += 1
    }

    func appendChild(_ c: ZNode) {
        insertChild(c, at: n)
        total += c.total
    }

    func removeChild(at i: Int) {
        shiftLeft(at: i)
        kids.remove(at: i)
        n -= 1
    }

    /// Moves entries [from, n) to the end of `dst` (children too for inner nodes).
    func moveTail(from: Int, to dst: ZNode) {
        let k = n - from
        if k <= 0 { return }
        (dst.scores + dst.n).update(from: scores + from, count: k)
        (dst.ids + dst.n).update(from: ids + from, count: k)
        var moved = k
        if let s = sizes {
            (dst.sizes! + dst.n).update(from: s + from, count: k)
            moved = 0
            for j in from..<n { moved += s[j] }
            dst.kids.append(contentsOf: kids[from..<n])
            kids.removeSubrange(from..<n)
        }
        dst.n += k
        dst.total += moved
        n = from
        total -= moved
    }

    /// Moves the first `k` entries to the end of `dst`.
    func moveHead(_ k: Int, to dst: ZNode) {
        if k <= 0 { return }
        (dst.scores + dst.n).update(from: scores, count: k)
        (dst.ids + dst.n).update(from: ids, count: k)
        var moved = k
        if let s = sizes {
            (dst.sizes! + dst.n).update(from: s, count: k)
            moved = 0
            for j in 0..<k { moved += s[j] }
            dst.kids.append(contentsOf: kids[0..<k])
            kids.removeSubrange(0..<k)
        }
        shiftLeft(at: 0, by: k)
        dst.n += k
        dst.total += moved
        n -= k
        total -= moved
    }

    /// Moves the last `k` entries to the front of `dst`.
    func moveTailToFront(_ k: Int, of dst: ZNode) {
        if k <= 0 { return }
        dst.shiftRight(from: 0, by: k)
        let from = n - k
        dst.scores.update(from: scores + from, count: k)
        dst.ids.update(from: ids + from, count: k)
        var moved = k
        if let s = sizes {
            dst.sizes!.update(from: s + from, count: k)
            moved = 0
            for j in from..<n { moved += s[j] }
            dst.kids.insert(contentsOf: kids[from..<n], at: 0)
            kids.removeSubrange(from..<n)
        }
        dst.n += k
        dst.total += moved
        n -= k
        total -= moved
    }
}

public final class ZSetIndex {
    // Element store.
    @usableFromInline var pages: [UnsafeMutablePointer<ZElem>] = []
    @usableFromInline var freeHead = zNoId
    /// Ids below this have been handed out at least once.
    @usableFromInline var highWater = 0
    /// Live elements.
    public private(set) var count = 0
    /// Members stored out of line, and their bytes (memory accounting).
    var heapMemberCount = 0
    var heapMemberBytes = 0

    // Member index: `table`, and while resizing, `next` being filled from table's slots
    // below `rehashIndex`.
    @usableFromInline var table: ZSlots
    @usableFromInline var next: ZSlots? = nil
    @usableFromInline var rehashIndex = 0

    // Order index.
    @usableFromInline var root = ZNode(leaf: true)
    @usableFromInline var nodeCount = 1

    /// An empty index sized for about `capacity` elements.
    public init(capacity: Int = 0) {
        table = ZSlots(capacity: ZSlots.capacity(for: capacity))
    }

    deinit {
        releaseMembers()
        for p in pages { p.deallocate() }
        table.release()
        next?.release()
    }

    private func releaseMembers() {
        var id = 0
        while id < highWater {
            let e = elem(UInt32(id))
            if e.pointee.w1 >> 56 == zHeapTag { free(UnsafeMutableRawPointer(bitPattern: UInt(e.pointee.w0))) }
            id += 1
        }
    }

    // MARK: element store

    @inline(__always) @usableFromInline func elem(_ id: UInt32) -> UnsafeMutablePointer<ZElem> {
        pages[Int(id &>> UInt32(zPageShift))] + Int(id & UInt32(zPageSize - 1))
    }

    /// The member's bytes; valid until the element is removed or the index compacted.
    @inline(__always) @usableFromInline func member(_ id: UInt32) -> UnsafeRawBufferPointer {
        let e = elem(id)
        let w1 = e.pointee.w1
        if w1 >> 56 == zHeapTag {
            return UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(e.pointee.w0)),
                                          count: Int(w1 & zLengthMask))
        }
        return UnsafeRawBufferPointer(start: UnsafeRawPointer(e) + 8, count: Int(w1 >> 56))
    }

    @inline(__always) func score(ofId id: UInt32) -> Double { elem(id).pointee.score }

    private func allocElem(_ m: UnsafeRawBufferPointer, _ score: Double) -> UInt32 {
        let id: UInt32
        if freeHead != zNoId {
            id = freeHead
            freeHead = UInt32(truncatingIfNeeded: elem(id).pointee.w0)
        } else {
            if highWater == pages.count << zPageShift { pages.append(.allocate(capacity: zPageSize)) }
            precondition(highWater < Int(UInt32.max - 1), "sorted set too large")
            id = UInt32(highWater)
            highWater += 1
        }
        var w: (UInt64, UInt64)
        if m.count <= 15 {
            w = (0, UInt64(m.count) << 56)
            if m.count > 0 {
                withUnsafeMutableBytes(of: &w) { $0.baseAddress!.copyMemory(from: m.baseAddress!, byteCount: m.count) }
            }
        } else {
            let buf = malloc(m.count)!
            buf.copyMemory(from: m.baseAddress!, byteCount: m.count)
            w = (UInt64(UInt(bitPattern: buf)), zHeapTag << 56 | UInt64(m.count))
            heapMemberBytes += m.count
            heapMemberCount += 1
        }
        elem(id).pointee = ZElem(score: score, w0: w.0, w1: w.1)
        return id
    }

    private func freeElem(_ id: UInt32) {
        let e = elem(id)
        if e.pointee.w1 >> 56 == zHeapTag {
            heapMemberBytes -= Int(e.pointee.w1 & zLengthMask)
            heapMemberCount -= 1
            free(UnsafeMutableRawPointer(bitPattern: UInt(e.pointee.w0)))
        }
        e.pointee.w0 = UInt64(freeHead)
        e.pointee.w1 = zFreeTag << 56
        freeHead = id
    }

    // MARK: member index

    @inline(__always) @usableFromInline func hash32(_ m: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(truncatingIfNeeded: hashBytes(m.baseAddress, m.count, dictSeed))
    }

    @inline(__always) func memberEquals(_ id: UInt32, _ m: UnsafeRawBufferPointer) -> Bool {
        let b = member(id)
        return b.count == m.count && (m.count == 0 || memcmp(b.baseAddress!, m.baseAddress!, m.count) == 0)
    }

    /// Where a member's slot is: which table, which index.
    @usableFromInline struct SlotRef {
        @usableFromInline var inNext: Bool
        @usableFromInline var index: Int
        @usableFromInline var id: UInt32
    }

    @inline(__always) func find(in t: ZSlots, _ m: UnsafeRawBufferPointer, _ h: UInt32) -> (Int, UInt32)? {
        var i = Int(h) & t.mask
        while true {
            let s = t.p[i]
            if s == 0 { return nil }
            if s != zTombstone && UInt32(truncatingIfNeeded: s >> 32) == h {
                let id = UInt32(truncatingIfNeeded: s) &- 1
                if memberEquals(id, m) { return (i, id) }
            }
            i = (i &+ 1) & t.mask
        }
    }

    /// The slot and id of member `m` (hash `h`), or nil. Moves a resize along first.
    @inline(__always) @usableFromInline func findSlot(_ m: UnsafeRawBufferPointer, _ h: UInt32) -> SlotRef? {
        if next != nil { rehashStep() }
        if let n = next, let (i, id) = find(in: n, m, h) { return SlotRef(inNext: true, index: i, id: id) }
        if let (i, id) = find(in: table, m, h) { return SlotRef(inNext: false, index: i, id: id) }
        return nil
    }

    /// The slot holding element `id` (which must be present).
    private func slotOf(_ id: UInt32) -> SlotRef {
        let h = hash32(member(id))
        let want = UInt64(h) << 32 | UInt64(id &+ 1)
        func probe(_ t: ZSlots) -> Int? {
            var i = Int(h) & t.mask
            while true {
                let s = t.p[i]
                if s == want { return i }
                if s == 0 { return nil }
                i = (i &+ 1) & t.mask
            }
        }
        if let n = next, let i = probe(n) { return SlotRef(inNext: true, index: i, id: id) }
        return SlotRef(inNext: false, index: probe(table)!, id: id)
    }

    private func slotInsert(_ h: UInt32, _ id: UInt32) {
        let v = UInt64(h) << 32 | UInt64(id &+ 1)
        if next != nil {
            rehashStep()
            if next != nil {
                if next!.fits(next!.live + 1) {
                    next!.place(v)
                    return
                }
                // Inserts outran the move (only possible while shrinking): finish it now.
                finishRehash()
            }
        }
        if !table.fits(table.live + 1) {
            startResize(to: table.capacity * 2)
            if next != nil {
                next!.place(v)
                return
            }
        }
        table.place(v)
    }

    private func slotRemove(_ r: SlotRef) {
        if r.inNext {
            next!.removeShifting(r.index)
        } else if next != nil {
            table.p[r.index] = zTombstone
            table.live -= 1
        } else {
            table.removeShifting(r.index)
        }
    }

    /// Starts moving to a table of `capacity` slots: at once for small tables, otherwise a
    /// few slots per operation.
    private func startResize(to capacity: Int) {
        next = ZSlots(capacity: capacity)
        rehashIndex = 0
        if table.capacity <= 4096 { finishRehash() }
    }

    /// Moves up to `steps` slots of the old table into the new one.
    @usableFromInline func rehashStep(_ steps: Int = 16) {
        guard var n = next else { return }
        let cap = table.capacity
        var k = steps
        while k > 0 && rehashIndex < cap {
            let s = table.p[rehashIndex]
            if s != 0 && s != zTombstone {
                n.place(s)
                table.p[rehashIndex] = zTombstone
                table.live -= 1
            }
            rehashIndex += 1
            k -= 1
        }
        if rehashIndex == cap {
            table.release()
            table = n
            next = nil
            rehashIndex = 0
        } else {
            next = n
        }
    }

    private func finishRehash() {
        while next != nil { rehashStep(1 << 16) }
    }

    // MARK: public element operations

    /// The score of `m`, or nil.
    @inlinable public func score(_ m: UnsafeRawBufferPointer) -> Double? {
        guard let r = findSlot(m, hash32(m)) else { return nil }
        return elem(r.id).pointee.score
    }

    /// The element id of `m`, or nil.
    @inlinable public func find(_ m: UnsafeRawBufferPointer) -> UInt32? {
        findSlot(m, hash32(m))?.id
    }

    public func score(id: UInt32) -> Double { elem(id).pointee.score }

    /// Inserts a member known to be absent.
    @discardableResult
    public func insertNew(_ m: UnsafeRawBufferPointer, _ score: Double) -> UInt32 {
        let h = hash32(m)
        let id = allocElem(m, score)
        slotInsert(h, id)
        count += 1
        treeInsert(score, id)
        return id
    }

    /// Moves element `id` to a new score.
    public func updateScore(id: UInt32, to newScore: Double) {
        let old = elem(id).pointee.score
        let removed = treeRemove(old, id)
        precondition(removed, "zset index out of sync")
        elem(id).pointee.score = newScore
        treeInsert(newScore, id)
    }

    /// Removes `m`; returns its score, or nil when absent.
    @discardableResult
    public func remove(_ m: UnsafeRawBufferPointer) -> Double? {
        guard let r = findSlot(m, hash32(m)) else { return nil }
        let id = r.id
        let s = elem(id).pointee.score
        let removed = treeRemove(s, id)
        precondition(removed, "zset index out of sync")
        slotRemove(r)
        freeElem(id)
        count -= 1
        afterRemoval()
        return s
    }

    /// Removes the elements with ranks in `r` (0-based, ascending order).
    public func removeRanks(_ r: Range<Int>) {
        var left = r.count
        while left > 0 {
            let (leaf, i) = select(r.lowerBound)
            let id = leaf.ids[i]
            let s = leaf.scores[i]
            let slot = slotOf(id)
            _ = treeRemove(s, id)
            slotRemove(slot)
            freeElem(id)
            count -= 1
            left -= 1
        }
        afterRemoval()
    }

    public func rank(_ m: UnsafeRawBufferPointer) -> Int? {
        guard let id = find(m) else { return nil }
        return rank(ofId: id)
    }

    /// The element at rank `r` (0 <= r < count).
    public func element<R>(atRank r: Int, _ body: (UnsafeRawBufferPointer, Double) -> R) -> R {
        let (leaf, i) = select(r)
        return body(member(leaf.ids[i]), leaf.scores[i])
    }

    /// Walks elements from rank `r` upwards (or downwards when `reverse`) while `body`
    /// returns true. `body` must not modify the index.
    public func forEach(fromRank r: Int, reverse: Bool, _ body: (UnsafeRawBufferPointer, Double) -> Bool) {
        guard r >= 0 && r < count else { return }
        var (leaf, i) = select(r)
        while true {
            if !body(member(leaf.ids[i]), leaf.scores[i]) { return }
            if reverse {
                i -= 1
                if i < 0 {
                    guard let p = leaf.prev else { return }
                    leaf = p
                    i = p.n - 1
                }
            } else {
                i += 1
                if i == leaf.n {
                    guard let nx = leaf.next else { return }
                    leaf = nx
                    i = 0
                }
            }
        }
    }

    /// The rank of the first element (in ascending order) for which `atOrAfter` holds; the
    /// predicate must be false for a prefix of the order and true for the rest. Returns
    /// `count` when it holds for none.
    public func firstRank(where atOrAfter: (Double, UnsafeRawBufferPointer) -> Bool) -> Int {
        var node = root
        var r = 0
        while !node.isLeaf {
            var lo = 0, hi = node.n
            while lo < hi {
                let mid = (lo + hi) >> 1
                if atOrAfter(node.scores[mid], member(node.ids[mid])) { hi = mid } else { lo = mid + 1 }
            }
            let i = lo > 0 ? lo - 1 : 0
            let sz = node.sizes!
            for k in 0..<i { r += sz[k] }
            node = node.kids[i]
        }
        var lo = 0, hi = node.n
        while lo < hi {
            let mid = (lo + hi) >> 1
            if atOrAfter(node.scores[mid], member(node.ids[mid])) { hi = mid } else { lo = mid + 1 }
        }
        return r + lo
    }

    /// A uniformly chosen rank (count must be > 0).
    public func randomRank() -> Int { Int(randomUInt64() % UInt64(count)) }

    // MARK: SCAN

    /// One ZSCAN step over the member index: visits the members whose home slot is the one
    /// the cursor designates and returns the next cursor (0 when done). Redis's
    /// reverse-binary increment keeps the guarantee across table resizes.
    public func scan(_ cursor: UInt64, _ visit: (UnsafeRawBufferPointer, Double) -> Void) -> UInt64 {
        if count == 0 { return 0 }
        /// The members of `t` whose home slot is `b` (its cluster from b to an empty slot).
        func walk(_ t: ZSlots, _ b: Int) {
            var i = b
            while t.p[i] != 0 {
                let s = t.p[i]
                if s != zTombstone && t.home(s) == b {
                    let id = UInt32(truncatingIfNeeded: s) &- 1
                    visit(member(id), elem(id).pointee.score)
                }
                i = (i &+ 1) & t.mask
            }
        }
        func increment(_ v: UInt64, _ mask: UInt64) -> UInt64 {
            var x = reverseBits64(v | ~mask)
            x &+= 1
            return reverseBits64(x)
        }
        guard let n = next else {
            walk(table, Int(cursor & UInt64(table.mask)))
            return increment(cursor, UInt64(table.mask))
        }
        // While resizing: the cursor's bucket in the smaller table, then every bucket of the
        // larger table that expands it.
        let (small, large) = table.capacity <= n.capacity ? (table, n) : (n, table)
        let ms = UInt64(small.mask), ml = UInt64(large.mask)
        var v = cursor
        walk(small, Int(v & ms))
        repeat {
            walk(large, Int(v & ml))
            v = increment(v, ml)
        } while v & (ms ^ ml) != 0
        return v
    }

    // MARK: order index

    @inline(__always) func keyLess(_ es: Double, _ eid: UInt32, _ s: Double, _ km: UnsafeRawBufferPointer) -> Bool {
        if es < s { return true }
        if es > s { return false }
        return compareBytes(member(eid), km) < 0
    }

    @inline(__always) func keyGreater(_ es: Double, _ eid: UInt32, _ s: Double, _ km: UnsafeRawBufferPointer) -> Bool {
        if es > s { return true }
        if es < s { return false }
        return compareBytes(member(eid), km) > 0
    }

    /// First index whose key is greater than (s, km).
    @inline(__always) func upperBound(_ node: ZNode, _ s: Double, _ km: UnsafeRawBufferPointer) -> Int {
        var lo = 0, hi = node.n
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keyGreater(node.scores[mid], node.ids[mid], s, km) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// First index whose key is not less than (s, km).
    @inline(__always) func lowerBound(_ node: ZNode, _ s: Double, _ km: UnsafeRawBufferPointer) -> Int {
        var lo = 0, hi = node.n
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keyLess(node.scores[mid], node.ids[mid], s, km) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The child of an inner node whose key range holds (s, km).
    @inline(__always) func childIndex(_ node: ZNode, _ s: Double, _ km: UnsafeRawBufferPointer) -> Int {
        let j = upperBound(node, s, km)
        return j > 0 ? j - 1 : 0
    }

    func rank(ofId id: UInt32) -> Int {
        let s = elem(id).pointee.score
        let km = member(id)
        var node = root
        var r = 0
        while !node.isLeaf {
            let i = childIndex(node, s, km)
            let sz = node.sizes!
            for k in 0..<i { r += sz[k] }
            node = node.kids[i]
        }
        return r + lowerBound(node, s, km)
    }

    /// The leaf and index of rank `r`.
    func select(_ rank: Int) -> (ZNode, Int) {
        var node = root
        var r = rank
        while !node.isLeaf {
            let sz = node.sizes!
            var i = 0
            while i < node.n - 1 && r >= sz[i] { r -= sz[i]; i += 1 }
            node = node.kids[i]
        }
        return (node, r)
    }

    private func treeInsert(_ s: Double, _ id: UInt32) {
        let km = member(id)
        if let sib = insert(into: root, s, id, km) {
            let r = ZNode(leaf: false)
            nodeCount += 1
            r.appendChild(root)
            r.appendChild(sib)
            root = r
        }
    }

    /// Inserts under `node`; returns the new right sibling when `node` had to split.
    private func insert(into node: ZNode, _ s: Double, _ id: UInt32, _ km: UnsafeRawBufferPointer) -> ZNode? {
        if node.isLeaf {
            let p = upperBound(node, s, km)
            node.insertEntry(p, s, id)
            return node.n > zNodeCap ? splitLeaf(node, insertedAt: p) : nil
        }
        let i = childIndex(node, s, km)
        let child = node.kids[i]
        let sib = insert(into: child, s, id, km)
        node.total += 1
        node.sizes![i] = child.total
        node.setKey(i, from: child)
        if let sib = sib {
            node.insertChild(sib, at: i + 1)
            if node.n > zNodeCap { return splitInner(node) }
        }
        return nil
    }

    private func splitLeaf(_ node: ZNode, insertedAt p: Int) -> ZNode {
        let n = node.n
        let keep: Int
        if p == n - 1 && node.next == nil {
            keep = n - 1            // appending in order: leave this leaf full
        } else if p == 0 && node.prev == nil {
            keep = 1                // prepending in order: the mirror case
        } else {
            keep = n / 2
        }
        let sib = ZNode(leaf: true)
        nodeCount += 1
        node.moveTail(from: keep, to: sib)
        sib.next = node.next
        sib.prev = node
        node.next?.prev = sib
        node.next = sib
        return sib
    }

    private func splitInner(_ node: ZNode) -> ZNode {
        let sib = ZNode(leaf: false)
        nodeCount += 1
        node.moveTail(from: node.n / 2, to: sib)
        return sib
    }

    /// Removes (s, id) from the tree; false when it is not there.
    private func treeRemove(_ s: Double, _ id: UInt32) -> Bool {
        let km = member(id)
        guard remove(from: root, s, id, km) else { return false }
        while !root.isLeaf && root.n == 1 {
            root = root.kids[0]
            nodeCount -= 1
        }
        return true
    }

    private func remove(from node: ZNode, _ s: Double, _ id: UInt32, _ km: UnsafeRawBufferPointer) -> Bool {
        if node.isLeaf {
            let p = lowerBound(node, s, km)
            guard p < node.n && node.ids[p] == id else { return false }
            node.removeEntry(p)
            return true
        }
        let i = childIndex(node, s, km)
        let child = node.kids[i]
        guard remove(from: child, s, id, km) else { return false }
        node.total -= 1
        node.sizes![i] = child.total
        if child.n > 0 { node.setKey(i, from: child) }
        if child.n < zNodeMin && node.n > 1 { rebalance(node, i) }
        return true
    }

    /// Child `i` of `parent` fell below the minimum fill: merge it with a neighbour, or
    /// even out the two when together they would not fit in one node.
    private func rebalance(_ parent: ZNode, _ i: Int) {
        let j = i > 0 ? i - 1 : 0
        let left = parent.kids[j]
        let right = parent.kids[j + 1]
        let sz = parent.sizes!
        if left.n + right.n <= zNodeCap {
            right.moveTail(from: 0, to: left)
            if left.isLeaf {
                left.next = right.next
                right.next?.prev = left
            }
            parent.removeChild(at: j + 1)
            nodeCount -= 1
            sz[j] = left.total
            parent.setKey(j, from: left)
        } else {
            let wantLeft = (left.n + right.n) / 2
            if left.n < wantLeft {
                right.moveHead(wantLeft - left.n, to: left)
            } else if left.n > wantLeft {
                left.moveTailToFront(left.n - wantLeft, of: right)
            }
            sz[j] = left.total
            sz[j + 1] = right.total
            parent.setKey(j, from: left)
            parent.setKey(j + 1, from: right)
        }
    }

    // MARK: upkeep

    private func afterRemoval() {
        if next == nil && table.capacity > 16 && count * 8 < table.capacity {
            startResize(to: ZSlots.capacity(for: count * 2))
        }
        if highWater > 4 * zPageSize && count * 4 < highWater { compact() }
    }

    /// Renumbers the live elements densely in order (ids 0..<count), releasing the pages
    /// that held only free slots, and rebuilds the member index and the tree's keys.
    private func compact() {
        finishRehash()
        var newPages: [UnsafeMutablePointer<ZElem>] = []
        var used = 0
        var leaf: ZNode? = firstLeaf()
        while let l = leaf {
            for k in 0..<l.n {
                if used == newPages.count << zPageShift { newPages.append(.allocate(capacity: zPageSize)) }
                let dst = newPages[used >> zPageShift] + (used & (zPageSize - 1))
                dst.pointee = elem(l.ids[k]).pointee     // moves the member (heap blocks change owner)
                l.ids[k] = UInt32(used)
                used += 1
            }
            leaf = l.next
        }
        for p in pages { p.deallocate() }
        pages = newPages
        highWater = used
        freeHead = zNoId
        refreshKeys(root)
        table.p.update(repeating: 0, count: table.capacity)
        table.live = 0
        for id in 0..<used {
            table.place(UInt64(hash32(member(UInt32(id)))) << 32 | UInt64(id + 1))
        }
    }

    private func refreshKeys(_ node: ZNode) {
        if node.isLeaf { return }
        for i in 0..<node.n {
            refreshKeys(node.kids[i])
            node.setKey(i, from: node.kids[i])
        }
    }

    func firstLeaf() -> ZNode {
        var node = root
        while !node.isLeaf { node = node.kids[0] }
        return node
    }

    // MARK: copy, memory, invariants

    public func copy() -> ZSetIndex {
        let c = ZSetIndex(capacity: count)
        forEach(fromRank: 0, reverse: false) { m, s in
            c.insertNew(m, s)
            return true
        }
        return c
    }

    /// Approximate bytes allocated (pages, member blocks, hash slots, tree nodes).
    public var allocatedBytes: Int {
        pages.count * (zPageSize * MemoryLayout<ZElem>.stride + 16)
            + heapMemberBytes + heapMemberCount * 16
            + (table.capacity + (next?.capacity ?? 0)) * 8
            + nodeCount * ZNode.bytesPerNode + 64
    }

    /// Checks every structural rule; nil when sound.
    public func verifyInvariants() -> String? {
        // Element store: live + free = handed out.
        var free = 0
        var f = freeHead
        while f != zNoId {
            free += 1
            if free > highWater { return "free list cycle" }
            let e = elem(f)
            if e.pointee.w1 >> 56 != zFreeTag { return "free list entry \(f) is live" }
            f = UInt32(truncatingIfNeeded: e.pointee.w0)
        }
        if free + count != highWater { return "store: \(free) free + \(count) live != \(highWater)" }
        // Tree.
        if root.total != count { return "tree holds \(root.total), count \(count)" }
        var leaves: [ZNode] = []
        var depth = -1
        if let err = checkNode(root, level: 0, isRoot: true, depth: &depth, leaves: &leaves) { return err }
        for (k, l) in leaves.enumerated() {
            if l.prev !== (k > 0 ? leaves[k - 1] : nil) { return "leaf \(k) prev link" }
            if l.next !== (k + 1 < leaves.count ? leaves[k + 1] : nil) { return "leaf \(k) next link" }
        }
        var prevScore = -Double.infinity
        var prevId = zNoId
        var seen = 0
        for l in leaves {
            for k in 0..<l.n {
                let id = l.ids[k]
                if Int(id) >= highWater || elem(id).pointee.w1 >> 56 == zFreeTag { return "tree holds dead id \(id)" }
                if elem(id).pointee.score != l.scores[k] && !(elem(id).pointee.score == 0 && l.scores[k] == 0) {
                    return "leaf score differs from element score"
                }
                if l.scores[k].isNaN { return "NaN score" }
                if prevId != zNoId && !keyLess(prevScore, prevId, l.scores[k], member(id)) { return "order violated at \(seen)" }
                prevScore = l.scores[k]
                prevId = id
                seen += 1
            }
        }
        if seen != count { return "leaves hold \(seen), count \(count)" }
        // Member index: every live id once, reachable from its home; tombstones only in the
        // old table of a resize, none below the move position.
        var inSlots = 0
        var tables = [(table, false)]
        if let n = next { tables.append((n, true)) }
        for (t, isNext) in tables {
            var live = 0
            for i in 0...t.mask where t.p[i] != 0 {
                let v = t.p[i]
                if v == zTombstone {
                    if next == nil || isNext { return "tombstone outside the old table of a resize" }
                    continue
                }
                if !isNext && next != nil && i < rehashIndex { return "slot \(i) below the move position still live" }
                live += 1
                let id = UInt32(truncatingIfNeeded: v) &- 1
                let h = UInt32(truncatingIfNeeded: v >> 32)
                if Int(id) >= highWater || elem(id).pointee.w1 >> 56 == zFreeTag { return "slot \(i) holds dead id" }
                if hash32(member(id)) != h { return "slot \(i) stale hash" }
                var j = Int(h) & t.mask
                while j != i {
                    if t.p[j] == 0 { return "slot \(i) cut off from its home" }
                    j = (j + 1) & t.mask
                }
                if find(in: t, member(id), h)?.1 != id { return "member of slot \(i) not found" }
            }
            if live != t.live { return "table live count \(t.live), holds \(live)" }
            if !t.fits(t.live) { return "member index overloaded" }
            inSlots += live
        }
        if inSlots != count { return "member index holds \(inSlots), count \(count)" }
        return nil
    }

    private func checkNode(_ node: ZNode, level: Int, isRoot: Bool, depth: inout Int, leaves: inout [ZNode]) -> String? {
        if node.n > zNodeCap { return "node over capacity" }
        if !isRoot && node.n < 1 { return "empty non-root node" }
        if node.isLeaf {
            if depth < 0 { depth = level } else if depth != level { return "leaves at different depths" }
            if node.total != node.n { return "leaf total" }
            leaves.append(node)
            return nil
        }
        if !isRoot && node.n < 2 { return "inner node with one child" }
        if node.kids.count != node.n { return "inner kids count" }
        var sum = 0
        for i in 0..<node.n {
            let c = node.kids[i]
            if node.sizes![i] != c.total { return "size of child \(i) is \(node.sizes![i]), holds \(c.total)" }
            if c.n > 0 && (node.scores[i] != c.scores[0] || node.ids[i] != c.ids[0]) { return "stale key of child \(i)" }
            sum += c.total
            if let e = checkNode(c, level: level + 1, isRoot: false, depth: &depth, leaves: &leaves) { return e }
        }
        if sum != node.total { return "inner total" }
        return nil
    }
}

@inline(__always) func reverseBits64(_ v: UInt64) -> UInt64 {
    var x = v
    x = ((x >> 1) & 0x5555_5555_5555_5555) | ((x & 0x5555_5555_5555_5555) << 1)
    x = ((x >> 2) & 0x3333_3333_3333_3333) | ((x & 0x3333_3333_3333_3333) << 2)
    x = ((x >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((x & 0x0F0F_0F0F_0F0F_0F0F) << 4)
    return x.byteSwapped
}
