// SetValue: the set type, Redis's set object (the object side of t_set.c: setTypeCreate,
// setTypeAdd, setTypeRemove, setTypeIsMember, setTypeRandomElement, setTypeConvert), with
// Redis 7.0's two encodings:
//
//   intset     (OBJECT ENCODING "intset") an IntSet, Redis's sorted array of integers in
//              its own byte format, used while every member is the canonical decimal form
//              of an Int64 (Redis's string2ll) and there are at most set-max-intset-entries
//              of them. Membership is a binary search; members come out in ascending order,
//              which is why SMEMBERS, SINTER and friends on intsets answer in the same
//              order as Redis.
//   hashtable  (OBJECT ENCODING "hashtable") a MemberTable (below): O(1) membership,
//              insert and delete, SCAN cursor and random sampling.
//
// Redis 7.0 has no listpack encoding for sets (set-max-listpack-entries came with 7.2).
// Conversion happens exactly when Redis converts, and never goes back:
//   - a set created for a first member that is not an integer starts as a hashtable
//     (setTypeCreate); sets built whole by SINTERSTORE/SUNIONSTORE/SDIFFSTORE start as an
//     empty intset (`SetValue()`) and convert as members are added;
//   - adding a member that is not an integer converts an intset;
//   - an intset insert that leaves more than set-max-intset-entries members converts
//     (so lowering the threshold with CONFIG SET converts a set at its next insert).
// The threshold is passed in by the server: this module does not know the configuration.
//
// Why not Dict<Void> for the big encoding: a Dict entry is a Swift object (header, key RStr,
// value, next, hash, meta: about 80 bytes from malloc) plus one more object for a heap RStr,
// against Redis's 24-byte dictEntry and one sds string. MemberTable keeps Redis's design
// (chained buckets, power-of-two sizes, incremental rehashing, reverse-binary SCAN cursor,
// random bucket sampling) but stores each member as ONE malloc'd block:
//     [next block: 8 bytes][length: 1 byte, or 0xFF + 8 bytes][member bytes]
// with no stored hash (recomputed when rehashing moves a block). A member of up to 15 bytes
// costs a 32-byte malloc chunk plus its 8-byte bucket slot: 40 bytes where Redis needs 56.
//
// Members are handed out as LPValue (`.int` from an intset, `.bytes` pointing into a block);
// the bytes stay valid until the next change to the set, so callers use them at once (to
// write a reply, or to look them up in another set) and never keep them.
//
// Ownership: SetValue is a one-word struct (an intset block or a table reference), owned as
// HashValue is (HashValue.swift): writers are `mutating`, the owner stores the struct back
// after each and calls `free()` once when it drops the value.

#if canImport(Glibc)
import Glibc
#endif

public struct SetValue {
    /// One word (see ListpackBytes).
    @usableFromInline enum Storage {
        case intset(IntSetBytes)
        case table(MemberTable)
    }

    @usableFromInline var storage: Storage

    /// An empty set in the intset encoding (Redis's createIntsetObject): the start of every
    /// set built by SINTERSTORE, SUNIONSTORE and SDIFFSTORE.
    public init() {
        storage = .intset(.allocate())
    }

    @usableFromInline init(storage: Storage) {
        self.storage = storage
    }

    /// Frees the intset block (a table is released with the struct's last copy). Called
    /// once by the owner as it drops the value; neither it nor any copy is used afterwards.
    @inlinable public func free() {
        if case .intset(let s) = storage { s.free() }
    }

    /// The address of the storage (block or table): equal for copies of one value.
    public var identity: UInt {
        switch storage {
        case .intset(let s): return UInt(bitPattern: s.base)
        case .table(let t): return UInt(bitPattern: Unmanaged.passUnretained(t).toOpaque())
        }
    }

    /// An empty set in the encoding Redis picks for a set about to receive `member` first
    /// (setTypeCreate): an intset when it is an integer, otherwise a hashtable.
    public static func created(for member: UnsafeRawBufferPointer) -> SetValue {
        if parseStrictInt64(member) != nil { return SetValue() }
        return SetValue(storage: .table(MemberTable()))
    }

    /// An empty set in the same encoding as `self` (SPOP's replacement set).
    func emptyOfSameEncoding() -> SetValue {
        switch storage {
        case .intset: return SetValue()
        case .table: return SetValue(storage: .table(MemberTable()))
        }
    }

    // MARK: contract members

    /// OBJECT ENCODING's answer.
    public var encodingName: String {
        switch storage {
        case .intset: return "intset"
        case .table: return "hashtable"
        }
    }

    public var isIntset: Bool {
        if case .intset = storage { return true }
        return false
    }

    /// The intset when the set is in that encoding (RDB / DUMP write its bytes as they are).
    public var intset: IntSetBytes? {
        if case .intset(let s) = storage { return s }
        return nil
    }

    /// Number of members.
    @inlinable public var count: Int {
        switch storage {
        case .intset(let s): return s.count
        case .table(let t): return t.count
        }
    }

    /// A deep copy in the same encoding (COPY, Redis's setTypeDup).
    public func copy() -> SetValue {
        switch storage {
        case .intset(let s): return SetValue(storage: .intset(s.copy()))
        case .table(let t): return SetValue(storage: .table(t.copy()))
        }
    }

    /// Approximate bytes allocated for this value (its structure and its members).
    public var allocatedBytes: Int {
        switch storage {
        case .intset(let s): return s.allocatedBytes
        case .table(let t): return t.allocatedBytes
        }
    }

    /// nil when the structure is sound; otherwise the first problem found.
    public func verifyInvariants() -> String? {
        switch storage {
        case .intset(let s):
            if let e = s.verifyInvariants() { return "intset: \(e)" }
            return nil
        case .table(let t):
            if let e = t.verifyInvariants() { return "hashtable: \(e)" }
            return nil
        }
    }

    // MARK: encoding conversion

    /// Moves every member of an intset into a hash table sized for them (setTypeConvert);
    /// no-op when already a hashtable.
    public mutating func convertToTable() {
        guard case .intset(let s) = storage else { return }
        let t = MemberTable()
        t.reserve(s.count)
        for i in 0..<s.count {
            withDecimal(s[i]) { t.insertNew($0) }
        }
        storage = .table(t)
        s.free()
    }

    // MARK: membership

    @inlinable public func contains(_ member: UnsafeRawBufferPointer) -> Bool {
        switch storage {
        case .intset(let s):
            guard let v = parseStrictInt64(member) else { return false }
            return s.contains(v)
        case .table(let t):
            return t.find(member) != nil
        }
    }

    /// Membership of a member taken from another set.
    @inlinable public func contains(_ member: LPValue) -> Bool {
        switch (storage, member) {
        case (.intset(let s), .int(let v)): return s.contains(v)
        case (_, .bytes(let b)): return contains(b)
        case (.table(let t), .int(let v)): return withDecimal(v) { t.find($0) != nil }
        }
    }

    // MARK: writes

    /// Adds `member` (setTypeAdd); true when it was not there. Converts as Redis does.
    @inlinable @discardableResult
    public mutating func add(_ member: UnsafeRawBufferPointer, maxIntsetEntries: Int) -> Bool {
        if case .intset(let s) = storage {
            if let v = parseStrictInt64(member) {
                return addToIntset(s, v, maxIntsetEntries)
            }
            convertToTable()
        }
        guard case .table(let t) = storage else { preconditionFailure("set storage") }
        return t.insert(member)
    }

    /// Adds a member taken from another set (SINTERSTORE & co.).
    @discardableResult
    public mutating func add(_ member: LPValue, maxIntsetEntries: Int) -> Bool {
        switch (storage, member) {
        case (.intset(let s), .int(let v)): return addToIntset(s, v, maxIntsetEntries)
        case (_, .bytes(let b)): return add(b, maxIntsetEntries: maxIntsetEntries)
        case (.table(let t), .int(let v)): return withDecimal(v) { t.insert($0) }
        }
    }

    @usableFromInline mutating func addToIntset(_ s: IntSetBytes, _ v: Int64, _ maxIntsetEntries: Int) -> Bool {
        var s = s
        guard s.insert(v) else { return false }
        storage = .intset(s)
        if s.count > maxIntsetEntries { convertToTable() }
        return true
    }

    /// Removes `member` (setTypeRemove, which also shrinks a hash table left less than
    /// 10% full); true when it was there.
    @discardableResult
    public mutating func remove(_ member: UnsafeRawBufferPointer) -> Bool {
        switch storage {
        case .intset(var s):
            guard let v = parseStrictInt64(member) else { return false }
            guard s.remove(v) else { return false }
            storage = .intset(s)
            return true
        case .table(let t):
            guard t.remove(member) else { return false }
            t.shrinkIfSparse()
            return true
        }
    }

    @discardableResult
    public mutating func remove(_ member: LPValue) -> Bool {
        switch (storage, member) {
        case (.intset(var s), .int(let v)):
            guard s.remove(v) else { return false }
            storage = .intset(s)
            return true
        case (_, .bytes(let b)): return remove(b)
        case (.table, .int(let v)): return withDecimal(v) { remove($0) }
        }
    }

    // MARK: iteration and scan

    /// Visits every member in the encoding's order (ascending for an intset, bucket order
    /// for a hashtable). The set must not change during the walk.
    public func forEach(_ body: (LPValue) -> Void) {
        switch storage {
        case .intset(let s):
            for i in 0..<s.count { body(.int(s[i])) }
        case .table(let t):
            t.forEach { body(.bytes(MemberTable.member(of: $0))) }
        }
    }

    /// Like forEach, stopping as soon as `body` returns false.
    public func forEachWhile(_ body: (LPValue) -> Bool) {
        switch storage {
        case .intset(let s):
            for i in 0..<s.count where !body(.int(s[i])) { return }
        case .table(let t):
            t.forEachWhile { body(.bytes(MemberTable.member(of: $0))) }
        }
    }

    /// One SSCAN step from `cursor`: visits members, returns the next cursor (0 = done).
    /// An intset is visited whole and returns 0 whatever the cursor (as Redis); a table
    /// visits buckets until at least `count` members were seen, the cursor wraps, or
    /// 10 * count buckets were walked.
    public func scan(cursor: UInt64, count: Int, _ visit: (LPValue) -> Void) -> UInt64 {
        switch storage {
        case .intset:
            forEach(visit)
            return 0
        case .table(let t):
            var next = cursor
            var seen = 0
            var iterations = count.multipliedReportingOverflow(by: 10).overflow ? Int.max : count * 10
            repeat {
                next = t.scan(next) { b in
                    seen += 1
                    visit(.bytes(MemberTable.member(of: b)))
                }
                iterations -= 1
            } while next != 0 && iterations >= 0 && seen < count
            return next
        }
    }

    // MARK: random members

    /// One random member (setTypeRandomElement); the set must not be empty.
    public func randomMember() -> LPValue {
        switch storage {
        case .intset(let s):
            return .int(s[Int(randomUInt64() % UInt64(s.count))])
        case .table(let t):
            return .bytes(MemberTable.member(of: t.randomBlock()!))
        }
    }

    /// Removes one random member after showing it to `body` (SPOP without a count).
    public mutating func popRandom(_ body: (LPValue) -> Void) {
        switch storage {
        case .intset(var s):
            let v = s[Int(randomUInt64() % UInt64(s.count))]
            body(.int(v))
            s.remove(v)
            storage = .intset(s)
        case .table(let t):
            let m = MemberTable.member(of: t.randomBlock()!)
            body(.bytes(m))
            t.remove(m)
            t.shrinkIfSparse()
        }
    }

    /// Removes `count` random members, 0 < count < self.count, showing each to `visit`
    /// (SPOP with a count smaller than the set). As Redis's spopWithCountCommand: while the
    /// members that stay are more than a fifth of the ones that go, members are drawn and
    /// removed one at a time; otherwise the few that stay are drawn into a fresh set of the
    /// same encoding (built with setTypeAdd, so a threshold lowered since can convert it),
    /// and what is left of the old set, in its own order, is what is popped.
    public mutating func popRandom(count: Int, maxIntsetEntries: Int, _ visit: (LPValue) -> Void) {
        let size = self.count
        guard count > 0, count < size else { return }
        let remaining = size - count
        if remaining * 5 > count {
            for _ in 0..<count { popRandom(visit) }
        } else {
            var kept = emptyOfSameEncoding()
            for _ in 0..<remaining {
                popRandom { m in kept.add(m, maxIntsetEntries: maxIntsetEntries) }
            }
            forEach(visit)
            // The old storage goes to `kept`, which frees it.
            swap(&storage, &kept.storage)
            kept.free()
        }
    }

    /// `count` members drawn independently (repeats allowed): SRANDMEMBER with a negative
    /// count. Stops early when `visit` returns false (the client is going away).
    public func randomMembersWithRepeats(_ count: Int, _ visit: (LPValue) -> Bool) {
        guard self.count > 0 else { return }
        switch storage {
        case .intset(let s):
            let n = UInt64(s.count)
            for _ in 0..<count where !visit(.int(s[Int(randomUInt64() % n)])) { return }
        case .table(let t):
            for _ in 0..<count where !visit(.bytes(MemberTable.member(of: t.randomBlock()!))) { return }
        }
    }

    /// `count` distinct random members, 0 < count < self.count: SRANDMEMBER with a positive
    /// count smaller than the set. Close to the size, random members are dropped from the
    /// list of all of them (Redis's case 3); otherwise members are drawn until enough
    /// distinct ones came up (case 4).
    public func randomDistinctMembers(_ count: Int, _ visit: (LPValue) -> Void) {
        let total = self.count
        guard count > 0, count < total else { return }
        switch storage {
        case .intset(let s):
            if count * 3 > total {
                var idx = Array(0..<total)
                drop(&idx, downTo: count)
                for i in idx { visit(.int(s[i])) }
            } else {
                var picked = Set<Int>(minimumCapacity: count)
                while picked.count < count {
                    let i = Int(randomUInt64() % UInt64(total))
                    if picked.insert(i).inserted { visit(.int(s[i])) }
                }
            }
        case .table(let t):
            if count * 3 > total {
                var all: [UnsafeMutableRawPointer] = []
                all.reserveCapacity(total)
                t.forEach { all.append($0) }
                drop(&all, downTo: count)
                for b in all { visit(.bytes(MemberTable.member(of: b))) }
            } else {
                var picked = Set<UnsafeMutableRawPointer>(minimumCapacity: count)
                while picked.count < count {
                    let b = t.randomBlock()!
                    if picked.insert(b).inserted { visit(.bytes(MemberTable.member(of: b))) }
                }
            }
        }
    }

    /// Removes random elements of `a` (order not kept) until `n` are left.
    private func drop<T>(_ a: inout [T], downTo n: Int) {
        while a.count > n {
            let i = Int(randomUInt64() % UInt64(a.count))
            a.swapAt(i, a.count - 1)
            a.removeLast()
        }
    }
}

/// The decimal form of `v` in a stack buffer, for `body` only.
@inlinable func withDecimal<R>(_ v: Int64, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
    return withUnsafeMutableBytes(of: &tmp) { s in
        let n = formatDecimalBytes(v, into: s.baseAddress!.assumingMemoryBound(to: UInt8.self))
        return body(UnsafeRawBufferPointer(start: s.baseAddress, count: n))
    }
}

// MARK: - MemberTable

/// One bucket array of a MemberTable.
@usableFromInline struct MemberBuckets {
    @usableFromInline var heads: UnsafeMutablePointer<UnsafeMutableRawPointer?>? = nil
    @usableFromInline var size = 0
    @usableFromInline var used = 0

    @usableFromInline init() {}

    @usableFromInline init(size: Int) {
        self.size = size
        heads = .allocate(capacity: size)
        heads!.initialize(repeating: nil, count: size)
    }

    @inlinable var mask: Int { size &- 1 }

    @usableFromInline mutating func release() {
        heads?.deallocate()
        heads = nil
        size = 0
        used = 0
    }
}

/// The hashtable encoding of a set: members in single malloc'd blocks, chained in
/// power-of-two bucket arrays, rehashed incrementally (one bucket per operation) from the
/// old array to the new, as Redis's dict does. See the top of the file for the layout.
///
/// Invariants (`verifyInvariants`): sizes are powers of two; each block sits in the bucket
/// its member hashes to; `used` counts each array's blocks; while rehashing, buckets of the
/// old array below `rehashIndex` are empty; members are unique.
public final class MemberTable {
    @usableFromInline var t0 = MemberBuckets()
    @usableFromInline var t1 = MemberBuckets()
    /// Next bucket of t0 to move, -1 when not rehashing.
    @usableFromInline var rehashIndex = -1
    /// Sum of the blocks' malloc chunk sizes (memory accounting).
    @usableFromInline var blockBytes = 0

    public init() {}

    deinit {
        clear(&t0)
        clear(&t1)
    }

    private func clear(_ t: inout MemberBuckets) {
        guard let h = t.heads else { return }
        for i in 0..<t.size {
            var b = h[i]
            while let x = b {
                b = MemberTable.next(of: x)
                free(x)
            }
        }
        t.release()
    }

    @inlinable public var count: Int { t0.used + t1.used }

    var allocatedBytes: Int { 64 + (t0.size + t1.size) * 8 + blockBytes }

    @inlinable static func hash(_ p: UnsafeRawBufferPointer) -> UInt64 {
        hashBytes(p.baseAddress, p.count, dictSeed)
    }

    // MARK: blocks

    @inlinable static func next(of b: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        b.load(as: UnsafeMutableRawPointer?.self)
    }

    @inlinable static func setNext(of b: UnsafeMutableRawPointer, _ n: UnsafeMutableRawPointer?) {
        b.storeBytes(of: n, as: UnsafeMutableRawPointer?.self)
    }

    /// The member bytes of block `b`.
    @inlinable public static func member(of b: UnsafeMutableRawPointer) -> UnsafeRawBufferPointer {
        let l = b.load(fromByteOffset: 8, as: UInt8.self)
        if l != 0xFF { return UnsafeRawBufferPointer(start: b + 9, count: Int(l)) }
        let n = Int(UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 9, as: UInt64.self)))
        return UnsafeRawBufferPointer(start: b + 17, count: n)
    }

    @inlinable static func blockSize(_ n: Int) -> Int { n < 0xFF ? 9 + n : 17 + n }

    /// What malloc takes for a request of `n` bytes (glibc: 8 bytes of header, 16-byte
    /// granularity, 32 at least), for the memory estimate.
    @inlinable static func chunkSize(_ n: Int) -> Int { max(32, (n + 8 + 15) & ~15) }

    /// A new block holding `m` (next = nil).
    @inlinable func makeBlock(_ m: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer {
        let size = MemberTable.blockSize(m.count)
        let b = malloc(size)!
        blockBytes &+= MemberTable.chunkSize(size)
        MemberTable.setNext(of: b, nil)
        var off = 9
        if m.count < 0xFF {
            b.storeBytes(of: UInt8(m.count), toByteOffset: 8, as: UInt8.self)
        } else {
            b.storeBytes(of: 0xFF, toByteOffset: 8, as: UInt8.self)
            b.storeBytes(of: UInt64(m.count).littleEndian, toByteOffset: 9, as: UInt64.self)
            off = 17
        }
        if m.count > 0 { (b + off).copyMemory(from: m.baseAddress!, byteCount: m.count) }
        return b
    }

    @usableFromInline func freeBlock(_ b: UnsafeMutableRawPointer) {
        blockBytes -= MemberTable.chunkSize(MemberTable.blockSize(MemberTable.member(of: b).count))
        free(b)
    }

    // MARK: lookup

    @inlinable static func matches(_ b: UnsafeMutableRawPointer, _ m: UnsafeRawBufferPointer) -> Bool {
        let mine = member(of: b)
        if mine.count != m.count { return false }
        return m.count == 0 || memcmp(mine.baseAddress!, m.baseAddress!, m.count) == 0
    }

    @inlinable func findIn(_ t: MemberBuckets, _ h: UInt64, _ m: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer? {
        var b = t.heads![Int(truncatingIfNeeded: h) & t.mask]
        while let x = b {
            if MemberTable.matches(x, m) { return x }
            b = MemberTable.next(of: x)
        }
        return nil
    }

    /// The block holding `m`, or nil.
    @inlinable public func find(_ m: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer? {
        if count == 0 { return nil }
        if rehashIndex >= 0 { rehash(steps: 1) }
        let h = MemberTable.hash(m)
        if let b = findIn(t0, h, m) { return b }
        if rehashIndex >= 0 { return findIn(t1, h, m) }
        return nil
    }

    // MARK: writes

    /// Pre-sizes an empty table for `n` members.
    func reserve(_ n: Int) {
        guard t0.size == 0, rehashIndex < 0 else { return }
        t0 = MemberBuckets(size: MemberTable.tableSize(for: n))
    }

    @inlinable static func tableSize(for n: Int) -> Int {
        var s = 4
        while s < n { s <<= 1 }
        return s
    }

    /// Adds `m` when absent (one hash, one search); true when it was added.
    @inlinable public func insert(_ m: UnsafeRawBufferPointer) -> Bool {
        if rehashIndex >= 0 { rehash(steps: 1) }
        expandIfNeeded()
        let h = MemberTable.hash(m)
        if t0.used > 0, findIn(t0, h, m) != nil { return false }
        if rehashIndex >= 0, t1.used > 0, findIn(t1, h, m) != nil { return false }
        link(makeBlock(m), h)
        return true
    }

    /// Adds a member known to be absent.
    func insertNew(_ m: UnsafeRawBufferPointer) {
        expandIfNeeded()
        link(makeBlock(m), MemberTable.hash(m))
    }

    @inlinable func link(_ b: UnsafeMutableRawPointer, _ h: UInt64) {
        if rehashIndex >= 0 {
            let i = Int(truncatingIfNeeded: h) & t1.mask
            MemberTable.setNext(of: b, t1.heads![i])
            t1.heads![i] = b
            t1.used += 1
        } else {
            let i = Int(truncatingIfNeeded: h) & t0.mask
            MemberTable.setNext(of: b, t0.heads![i])
            t0.heads![i] = b
            t0.used += 1
        }
    }

    /// Removes `m`; true when it was there. `m` may point into the block being removed.
    @discardableResult
    public func remove(_ m: UnsafeRawBufferPointer) -> Bool {
        if count == 0 { return false }
        if rehashIndex >= 0 { rehash(steps: 1) }
        let h = MemberTable.hash(m)
        if unlink(&t0, h, m) { return true }
        if rehashIndex >= 0 { return unlink(&t1, h, m) }
        return false
    }

    private func unlink(_ t: inout MemberBuckets, _ h: UInt64, _ m: UnsafeRawBufferPointer) -> Bool {
        guard t.size > 0 else { return false }
        var link = UnsafeMutableRawPointer(t.heads! + (Int(truncatingIfNeeded: h) & t.mask))
        while let x = link.load(as: UnsafeMutableRawPointer?.self) {
            if MemberTable.matches(x, m) {
                link.storeBytes(of: MemberTable.next(of: x), as: UnsafeMutableRawPointer?.self)
                t.used -= 1
                freeBlock(x)
                return true
            }
            link = x
        }
        return false
    }

    // MARK: resizing

    @inlinable func expandIfNeeded() {
        if rehashIndex >= 0 { return }
        if t0.size == 0 { t0 = MemberBuckets(size: 4); return }
        if t0.used >= t0.size { resize(to: t0.used + 1) }
    }

    /// Starts rehashing into an array of the power of two >= `minimum` (Redis's dictExpand,
    /// which also serves shrinking).
    @usableFromInline func resize(to minimum: Int) {
        if rehashIndex >= 0 || t0.used > minimum { return }
        let size = MemberTable.tableSize(for: minimum)
        if size == t0.size { return }
        if t0.size == 0 { t0 = MemberBuckets(size: size); return }
        t1 = MemberBuckets(size: size)
        rehashIndex = 0
    }

    /// Redis's htNeedsResize + dictResize after a delete: shrink below 10% fill.
    func shrinkIfSparse() {
        if rehashIndex >= 0 || t0.size <= 4 { return }
        if count * 100 / t0.size < 10 { resize(to: max(4, t0.used)) }
    }

    /// Moves up to `steps` buckets (visiting at most 10 empty ones per step).
    @usableFromInline func rehash(steps: Int) {
        if rehashIndex < 0 { return }
        var n = steps
        var emptyVisits = steps * 10
        while n > 0 && t0.used > 0 {
            n -= 1
            while t0.heads![rehashIndex] == nil {
                rehashIndex += 1
                emptyVisits -= 1
                if emptyVisits == 0 { return }
            }
            var b = t0.heads![rehashIndex]
            while let x = b {
                b = MemberTable.next(of: x)
                let i = Int(truncatingIfNeeded: MemberTable.hash(MemberTable.member(of: x))) & t1.mask
                MemberTable.setNext(of: x, t1.heads![i])
                t1.heads![i] = x
                t0.used -= 1
                t1.used += 1
            }
            t0.heads![rehashIndex] = nil
            rehashIndex += 1
        }
        if t0.used == 0 {
            t0.release()
            t0 = t1
            t1 = MemberBuckets()
            rehashIndex = -1
        }
    }

    // MARK: iteration, scan, random

    /// Visits every block (the table must not change during the walk).
    func forEach(_ body: (UnsafeMutableRawPointer) -> Void) {
        forEachWhile { body($0); return true }
    }

    /// Visits blocks until `body` returns false.
    func forEachWhile(_ body: (UnsafeMutableRawPointer) -> Bool) {
        if MemberTable.walk(t0, body) { _ = MemberTable.walk(t1, body) }
    }

    /// Visits the blocks of one bucket array; false when `body` asked to stop.
    private static func walk(_ t: MemberBuckets, _ body: (UnsafeMutableRawPointer) -> Bool) -> Bool {
        guard t.size > 0, let h = t.heads else { return true }
        for i in 0..<t.size {
            var b = h[i]
            while let x = b {
                b = MemberTable.next(of: x)
                if !body(x) { return false }
            }
        }
        return true
    }

    /// One SCAN step (Redis's reverse-binary cursor): visits the bucket the cursor names in
    /// the smaller array and all its expansions in the larger one; returns the next cursor.
    func scan(_ cursor: UInt64, _ visit: (UnsafeMutableRawPointer) -> Void) -> UInt64 {
        if count == 0 { return 0 }
        var v = cursor
        func walk(_ t: MemberBuckets, _ idx: UInt64) {
            var b = t.heads![Int(idx & UInt64(t.mask))]
            while let x = b {
                b = MemberTable.next(of: x)
                visit(x)
            }
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

    /// A random block: a uniformly chosen non-empty bucket, then a uniform element of its
    /// chain (Redis's dictGetRandomKey). nil when empty.
    func randomBlock() -> UnsafeMutableRawPointer? {
        if count == 0 { return nil }
        if rehashIndex >= 0 { rehash(steps: 1) }
        var head: UnsafeMutableRawPointer? = nil
        while head == nil {
            if rehashIndex >= 0 {
                // Buckets of t0 below rehashIndex are empty: draw over the others.
                let span = t0.size + t1.size - rehashIndex
                let r = rehashIndex + Int(randomUInt64() % UInt64(span))
                head = r >= t0.size ? t1.heads![r - t0.size] : t0.heads![r]
            } else {
                head = t0.heads![Int(randomUInt64() & UInt64(t0.mask))]
            }
        }
        var len = 0
        var b = head
        while let x = b { len += 1; b = MemberTable.next(of: x) }
        var k = Int(randomUInt64() % UInt64(len))
        b = head
        while k > 0 { b = MemberTable.next(of: b!); k -= 1 }
        return b
    }

    /// A deep copy with the same members.
    func copy() -> MemberTable {
        let t = MemberTable()
        t.reserve(count)
        forEach { t.insertNew(MemberTable.member(of: $0)) }
        return t
    }

    // MARK: testing

    func verifyInvariants() -> String? {
        var seen = Set<[UInt8]>()
        var bytes = 0
        for (ti, t) in [t0, t1].enumerated() where t.size > 0 {
            if t.size & (t.size - 1) != 0 { return "array \(ti) size \(t.size) not a power of two" }
            var n = 0
            for i in 0..<t.size {
                var b = t.heads![i]
                if ti == 0 && rehashIndex >= 0 && i < rehashIndex && b != nil { return "rehashed bucket \(i) not empty" }
                while let x = b {
                    let m = MemberTable.member(of: x)
                    if Int(truncatingIfNeeded: MemberTable.hash(m)) & t.mask != i { return "member in the wrong bucket" }
                    if !seen.insert(Array(m)).inserted { return "duplicate member" }
                    bytes += MemberTable.chunkSize(MemberTable.blockSize(m.count))
                    n += 1
                    b = MemberTable.next(of: x)
                }
            }
            if n != t.used { return "array \(ti) used \(t.used) but holds \(n)" }
        }
        if rehashIndex < 0 && t1.size != 0 { return "second array present while not rehashing" }
        if rehashIndex >= 0 && t1.size == 0 { return "rehashing without a second array" }
        if bytes != blockBytes { return "block bytes \(blockBytes) but blocks take \(bytes)" }
        return nil
    }
}
