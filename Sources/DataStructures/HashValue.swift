// HashValue: the hash type (field -> value), with Redis 7.0's two encodings and its rule
// for moving from one to the other (the object side of Redis's t_hash.c).
//
// Encodings (OBJECT ENCODING names):
//   listpack   field, value, field, value... in one listpack (Redis's exact byte format,
//              so RDB and DUMP can write it as is), a bare malloc block held by the
//              ListpackBytes word: a small hash is that one word (in the keyspace entry's
//              Value) plus the block (docs/small-values.md). Lookups walk the pairs: O(n),
//              and n is small by construction.
//   hashtable  a HashPairTable (below): O(1) lookup, insert and delete, SCAN cursor and
//              random sampling.
// A new hash is a listpack. It becomes a hashtable, and never goes back, exactly when Redis
// converts it:
//   - before a write, when any field or value argument is longer than
//     hash-max-listpack-value, or the listpack would pass its 1 GB safety size
//     (hashTypeTryConversion, called by HSET/HMSET/HSETNX on all their arguments);
//   - in `set`, before writing a field or value longer than hash-max-listpack-value (so an
//     HINCRBYFLOAT result of 100 digits converts too);
//   - after any `set` (insert or update) that leaves more than hash-max-listpack-entries
//     pairs (so lowering the threshold with CONFIG SET converts a hash at its next write).
// The thresholds come from the server's config, passed in as HashLimits: this module does
// not know about configuration.
//
// Why not Dict<RStr> for the big encoding: a Dict entry is a Swift object (header, key RStr,
// value RStr, next, hash, meta: ~96 bytes from malloc) and each heap RStr is one more object,
// against Redis's 24-byte dictEntry plus two exact-size sds strings. HashPairTable keeps
// Redis's design (chained buckets, power-of-two sizes, incremental rehashing, reverse-binary
// SCAN cursor, random bucket sampling) but stores each pair as ONE malloc'd block:
//     [next block: 8 bytes][field length: varint][value length: varint][field][value]
// with no stored hash (it is recomputed when rehashing moves a block, as Redis does) and no
// per-pair Swift object. Measured with 1M pairs of ~12-byte strings ("field:N" / "value:N"):
// 48 bytes of used_memory per pair (a 40-byte block and a bucket slot) where Redis 7.0
// counts 72 (dictEntry, two sds strings, bucket slot).
//
// Pointers into the structure (LPValue.bytes of a field or value) stay valid until the next
// mutation of the hash; callers use them at once (to write a reply) and never keep them.
//
// Ownership: HashValue is a one-word struct, not an object. A mutation may move the listpack
// block, so every writer is `mutating` and its owner (the keyspace entry's Value, a command's
// temporary) stores the struct back after it; copies of the struct share the block, so only
// the owner's copy is ever used after a change. The owner frees the block with `free()`
// exactly once, when it drops the value (a table is released with the last copy).

#if canImport(Glibc)
import Glibc
#endif

/// hash-max-listpack-entries and hash-max-listpack-value, as the server's config has them.
public struct HashLimits: Sendable {
    public var maxListpackEntries: Int
    public var maxListpackValue: Int

    public init(maxListpackEntries: Int, maxListpackValue: Int) {
        self.maxListpackEntries = maxListpackEntries
        self.maxListpackValue = maxListpackValue
    }
}

public struct HashValue {
    /// One word (see ListpackBytes).
    @usableFromInline enum Storage {
        case listpack(ListpackBytes)
        case table(HashPairTable)
    }

    @usableFromInline var storage: Storage

    /// Redis's LISTPACK_MAX_SAFETY_SIZE: a listpack never grows past 1 GB.
    public static let listpackSafetySize = 1 << 30

    /// An empty hash in the listpack encoding, with room for `listpackCapacity` bytes.
    public init(listpackCapacity: Int = 0) {
        storage = .listpack(.allocate(capacity: max(listpackCapacity, 7)))
    }

    init(storage: Storage) {
        self.storage = storage
    }

    /// Frees the listpack block (a table is released with the struct's last copy). Called
    /// once by the owner as it drops the value; neither it nor any copy is used afterwards.
    @inlinable public func free() {
        if case .listpack(let lp) = storage { lp.free() }
    }

    /// The address of the storage (block or table): equal for copies of one value.
    public var identity: UInt {
        switch storage {
        case .listpack(let lp): return UInt(bitPattern: lp.base)
        case .table(let t): return UInt(bitPattern: Unmanaged.passUnretained(t).toOpaque())
        }
    }

    /// The exact listpack size holding `elements` (field, value, ...), so that a hash created
    /// by one HSET wastes no spare capacity.
    public static func listpackBytes(for elements: ArraySlice<UnsafeRawBufferPointer>) -> Int {
        var n = Listpack.emptyBytes
        for e in elements { n += Listpack.entryBytes(.bytes(e)) }
        return n
    }

    // MARK: contract members

    /// OBJECT ENCODING's answer.
    public var encodingName: String {
        switch storage {
        case .listpack: return "listpack"
        case .table: return "hashtable"
        }
    }

    public var isListpack: Bool {
        if case .listpack = storage { return true }
        return false
    }

    /// Number of fields.
    @inlinable public var count: Int {
        switch storage {
        case .listpack(let lp): return lp.count >> 1
        case .table(let t): return t.count
        }
    }

    /// The listpack when the hash is in that encoding (RDB / DUMP write its bytes as they
    /// are). A view: valid until the next change to the hash.
    public var listpack: ListpackBytes? {
        if case .listpack(let lp) = storage { return lp }
        return nil
    }

    /// A deep copy in the same encoding (COPY).
    public func copy() -> HashValue {
        switch storage {
        case .listpack(let lp): return HashValue(storage: .listpack(lp.copy()))
        case .table(let t): return HashValue(storage: .table(t.copy()))
        }
    }

    /// Approximate bytes allocated for this value (MEMORY USAGE-style accounting).
    public var allocatedBytes: Int {
        switch storage {
        case .listpack(let lp): return lp.allocatedBytes
        case .table(let t): return t.allocatedBytes
        }
    }

    /// nil when the structure is sound; otherwise the first problem found.
    public func verifyInvariants() -> String? {
        switch storage {
        case .listpack(let lp):
            if let e = lp.verifyInvariants() { return "listpack: \(e)" }
            if lp.count & 1 != 0 { return "listpack holds an odd number of elements" }
            // Fields are unique.
            var seen = Set<[UInt8]>()
            var p = lp.first
            while let f = p {
                guard let v = lp.next(f) else { return "field without a value" }
                if !seen.insert(lp.value(at: f).byteArray).inserted { return "duplicate field" }
                p = lp.next(v)
            }
            return nil
        case .table(let t):
            return t.verifyInvariants()
        }
    }

    // MARK: encoding conversion

    /// Redis's hashTypeTryConversion: before writing the `arguments` (fields and values),
    /// converts a listpack when one of them is longer than the value limit, or when their
    /// total would take the listpack past its safety size.
    public mutating func convertIfNeeded(for arguments: ArraySlice<UnsafeRawBufferPointer>, limits: HashLimits) {
        guard case .listpack(let lp) = storage else { return }
        var sum = 0
        for a in arguments {
            if a.count > limits.maxListpackValue { convertToTable(); return }
            sum += a.count
        }
        if lp.totalBytes + sum > HashValue.listpackSafetySize { convertToTable() }
    }

    /// Moves every pair into a hash table (no-op when already one).
    public mutating func convertToTable() {
        guard case .listpack(let lp) = storage else { return }
        let t = HashPairTable()
        t.reserve(lp.count >> 1)
        var p = lp.first
        while let f = p {
            let v = lp.next(f)!
            lp.value(at: f).withBytes { fb in
                lp.value(at: v).withBytes { vb in t.insertNew(fb, vb) }
            }
            p = lp.next(v)
        }
        storage = .table(t)
        lp.free()
    }

    // MARK: reads

    /// The value of `field`, or nil. Bytes point into the hash: use them before any change.
    @inlinable public func get(_ field: UnsafeRawBufferPointer) -> LPValue? {
        switch storage {
        case .listpack(let lp):
            guard let f = lp.find(field, skip: 1) else { return nil }
            return lp.value(at: lp.next(f)!)
        case .table(let t):
            guard let b = t.find(field) else { return nil }
            return .bytes(HashPairTable.value(of: b))
        }
    }

    public func contains(_ field: UnsafeRawBufferPointer) -> Bool {
        switch storage {
        case .listpack(let lp): return lp.find(field, skip: 1) != nil
        case .table(let t): return t.find(field) != nil
        }
    }

    /// Visits every pair in the encoding's order (listpack order, or bucket order).
    public func forEach(_ body: (LPValue, LPValue) -> Void) {
        switch storage {
        case .listpack(let lp):
            var p = lp.first
            while let f = p {
                let v = lp.next(f)!
                body(lp.value(at: f), lp.value(at: v))
                p = lp.next(v)
            }
        case .table(let t):
            t.forEach { b in body(.bytes(HashPairTable.field(of: b)), .bytes(HashPairTable.value(of: b))) }
        }
    }

    // MARK: writes

    /// Sets `field` to `value` (Redis's hashTypeSet). Returns true when the field is new.
    /// `value` must not point into this hash.
    @discardableResult
    public mutating func set(_ field: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, limits: HashLimits) -> Bool {
        if case .listpack(var lp) = storage {
            if field.count > limits.maxListpackValue || value.count > limits.maxListpackValue {
                convertToTable()
            } else {
                var created = true
                if let f = lp.find(field, skip: 1) {
                    lp.replace(at: lp.next(f)!, with: .bytes(value))
                    created = false
                } else {
                    lp.append(.bytes(field))
                    lp.append(.bytes(value))
                }
                storage = .listpack(lp)
                if lp.count >> 1 > limits.maxListpackEntries { convertToTable() }
                return created
            }
        }
        guard case .table(let t) = storage else { preconditionFailure("hash storage") }
        return t.set(field, value)
    }

    /// Removes `field`; true when it was there (Redis's hashTypeDelete, which also shrinks a
    /// hash table left less than 10% full).
    @discardableResult
    public mutating func remove(_ field: UnsafeRawBufferPointer) -> Bool {
        switch storage {
        case .listpack(var lp):
            guard let f = lp.find(field, skip: 1) else { return false }
            lp.removeRange(at: f, entries: 2)
            storage = .listpack(lp)
            return true
        case .table(let t):
            guard t.remove(field) else { return false }
            t.shrinkIfSparse()
            return true
        }
    }

    // MARK: scan

    /// One HSCAN step from `cursor`: visits pairs, returns the next cursor (0 = done).
    /// A listpack is visited whole and returns 0; a table visits at least `count` pairs'
    /// worth of elements (fields and values both count, as in Redis) unless it ends first,
    /// walking at most 10 * count buckets.
    public func scan(cursor: UInt64, count: Int, _ visit: (LPValue, LPValue) -> Void) -> UInt64 {
        switch storage {
        case .listpack:
            forEach(visit)
            return 0
        case .table(let t):
            var next = cursor
            var items = 0
            var iterations = count.multipliedReportingOverflow(by: 10).overflow ? Int.max : count * 10
            repeat {
                next = t.scan(next) { b in
                    items += 2
                    visit(.bytes(HashPairTable.field(of: b)), .bytes(HashPairTable.value(of: b)))
                }
                iterations -= 1
            } while next != 0 && iterations >= 0 && items < count
            return next
        }
    }

    // MARK: random pairs (HRANDFIELD)

    /// One random pair (the hash must not be empty).
    public func randomPair() -> (LPValue, LPValue) {
        switch storage {
        case .listpack(let lp):
            let i = Int(randomUInt64() % UInt64(lp.count >> 1))
            let f = lp.seek(2 * i)!
            return (lp.value(at: f), lp.value(at: lp.next(f)!))
        case .table(let t):
            let b = t.randomBlock()!
            return (.bytes(HashPairTable.field(of: b)), .bytes(HashPairTable.value(of: b)))
        }
    }

    /// `count` pairs drawn independently (repeats allowed, random order): HRANDFIELD with a
    /// negative count. Stops early when `visit` returns false (the client is going away).
    public func randomPairsWithRepeats(_ count: Int, _ visit: (LPValue, LPValue) -> Bool) {
        guard self.count > 0 else { return }
        switch storage {
        case .listpack(let lp):
            // Offsets of the fields once, then O(1) per draw.
            var fields: [Int] = []
            fields.reserveCapacity(lp.count >> 1)
            var p = lp.first
            while let f = p { fields.append(f); p = lp.next(lp.next(f)!) }
            let n = UInt64(fields.count)
            for _ in 0..<count {
                let f = fields[Int(randomUInt64() % n)]
                if !visit(lp.value(at: f), lp.value(at: lp.next(f)!)) { return }
            }
        case .table(let t):
            for _ in 0..<count {
                let b = t.randomBlock()!
                if !visit(.bytes(HashPairTable.field(of: b)), .bytes(HashPairTable.value(of: b))) { return }
            }
        }
    }

    /// `count` distinct pairs, 0 < count < self.count: HRANDFIELD with a positive count
    /// smaller than the hash. A listpack gives them in its own order (selection sampling, one
    /// pass, as Redis's lpRandomPairsUnique); a table either drops random pairs from a list
    /// of all of them (count close to the size) or draws until enough distinct ones came up.
    public func randomDistinctPairs(_ count: Int, _ visit: (LPValue, LPValue) -> Void) {
        let total = self.count
        guard count > 0, count < total else { return }
        switch storage {
        case .listpack(let lp):
            var needed = count
            var left = total
            var p = lp.first
            while let f = p, needed > 0 {
                let v = lp.next(f)!
                if randomUInt64() % UInt64(left) < UInt64(needed) {
                    visit(lp.value(at: f), lp.value(at: v))
                    needed -= 1
                }
                left -= 1
                p = lp.next(v)
            }
        case .table(let t):
            if count * 3 > total {
                var all: [UnsafeMutableRawPointer] = []
                all.reserveCapacity(total)
                t.forEach { all.append($0) }
                while all.count > count {
                    let i = Int(randomUInt64() % UInt64(all.count))
                    all.swapAt(i, all.count - 1)
                    all.removeLast()
                }
                for b in all { visit(.bytes(HashPairTable.field(of: b)), .bytes(HashPairTable.value(of: b))) }
            } else {
                var picked = Set<UnsafeMutableRawPointer>()
                picked.reserveCapacity(count)
                while picked.count < count {
                    let b = t.randomBlock()!
                    if picked.insert(b).inserted {
                        visit(.bytes(HashPairTable.field(of: b)), .bytes(HashPairTable.value(of: b)))
                    }
                }
            }
        }
    }
}

// MARK: - HashPairTable

/// One bucket array of a HashPairTable.
@usableFromInline struct PairBuckets {
    @usableFromInline var heads: UnsafeMutablePointer<UnsafeMutableRawPointer?>? = nil
    @usableFromInline var size = 0
    @usableFromInline var used = 0

    @usableFromInline init() {}

    init(size: Int) {
        self.size = size
        heads = .allocate(capacity: size)
        heads!.initialize(repeating: nil, count: size)
    }

    @inlinable var mask: Int { size &- 1 }

    mutating func release() {
        heads?.deallocate()
        heads = nil
        size = 0
        used = 0
    }
}

/// The hashtable encoding: field/value pairs in single malloc'd blocks, chained in
/// power-of-two bucket arrays, rehashed incrementally (one bucket per operation) from the
/// old array to the new, as Redis's dict does. See the top of the file for the layout.
///
/// Invariants (`verifyInvariants`): sizes are powers of two; each block sits in the bucket
/// its field hashes to; `used` counts each array's blocks; while rehashing, buckets of the
/// old array below `rehashIndex` are empty; fields are unique.
public final class HashPairTable {
    @usableFromInline var t0 = PairBuckets()
    @usableFromInline var t1 = PairBuckets()
    /// Next bucket of t0 to move, -1 when not rehashing.
    @usableFromInline var rehashIndex = -1
    /// Sum of the blocks' malloc chunk sizes (memory accounting).
    var blockBytes = 0

    init() {}

    deinit {
        clear(&t0)
        clear(&t1)
    }

    private func clear(_ t: inout PairBuckets) {
        guard let h = t.heads else { return }
        for i in 0..<t.size {
            var b = h[i]
            while let x = b {
                b = HashPairTable.next(of: x)
                free(x)
            }
        }
        t.release()
    }

    @inlinable public var count: Int { t0.used + t1.used }
    @inlinable var isRehashing: Bool { rehashIndex >= 0 }

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

    /// Reads a LEB128 varint at `p`; returns the value and its size in bytes.
    @inlinable static func readVarint(_ p: UnsafeRawPointer) -> (Int, Int) {
        let b0 = p.load(as: UInt8.self)
        if b0 < 128 { return (Int(b0), 1) }
        var v = Int(b0 & 127)
        var shift = 7
        var i = 1
        while true {
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            v |= Int(b & 127) << shift
            i += 1
            if b < 128 { return (v, i) }
            shift += 7
        }
    }

    @inlinable static func varintSize(_ v: Int) -> Int {
        var n = 1
        var x = UInt(bitPattern: v) >> 7
        while x != 0 { n += 1; x >>= 7 }
        return n
    }

    static func writeVarint(_ v: Int, _ p: UnsafeMutableRawPointer) -> Int {
        var x = UInt(bitPattern: v)
        var i = 0
        while x >= 128 {
            p.storeBytes(of: UInt8(x & 127) | 128, toByteOffset: i, as: UInt8.self)
            x >>= 7
            i += 1
        }
        p.storeBytes(of: UInt8(x), toByteOffset: i, as: UInt8.self)
        return i + 1
    }

    /// Field length, value length, and the offset of the field bytes.
    @inlinable static func layout(of b: UnsafeMutableRawPointer) -> (Int, Int, Int) {
        let (fl, s1) = readVarint(b + 8)
        let (vl, s2) = readVarint(b + 8 + s1)
        return (fl, vl, 8 + s1 + s2)
    }

    @inlinable public static func field(of b: UnsafeMutableRawPointer) -> UnsafeRawBufferPointer {
        let (fl, _, off) = layout(of: b)
        return UnsafeRawBufferPointer(start: b + off, count: fl)
    }

    @inlinable public static func value(of b: UnsafeMutableRawPointer) -> UnsafeRawBufferPointer {
        let (fl, vl, off) = layout(of: b)
        return UnsafeRawBufferPointer(start: b + off + fl, count: vl)
    }

    static func blockSize(_ fl: Int, _ vl: Int) -> Int {
        8 + varintSize(fl) + varintSize(vl) + fl + vl
    }

    /// A new block holding `field` and `value` (next = nil).
    func makeBlock(_ field: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer {
        let size = HashPairTable.blockSize(field.count, value.count)
        let b = malloc(size)!
        blockBytes += HashPairTable.chunkSize(size)
        HashPairTable.setNext(of: b, nil)
        var off = 8
        off += HashPairTable.writeVarint(field.count, b + off)
        off += HashPairTable.writeVarint(value.count, b + off)
        if field.count > 0 { (b + off).copyMemory(from: field.baseAddress!, byteCount: field.count) }
        if value.count > 0 { (b + off + field.count).copyMemory(from: value.baseAddress!, byteCount: value.count) }
        return b
    }

    func freeBlock(_ b: UnsafeMutableRawPointer) {
        let (fl, vl, _) = HashPairTable.layout(of: b)
        blockBytes -= HashPairTable.chunkSize(HashPairTable.blockSize(fl, vl))
        free(b)
    }

    /// What malloc takes for a request of `n` bytes (glibc: 8 bytes of header, 16-byte
    /// granularity, 32 at least), for the memory estimate.
    static func chunkSize(_ n: Int) -> Int { max(32, (n + 8 + 15) & ~15) }

    // MARK: lookup

    @inlinable static func matches(_ b: UnsafeMutableRawPointer, _ field: UnsafeRawBufferPointer) -> Bool {
        let (fl, _, off) = layout(of: b)
        if fl != field.count { return false }
        return fl == 0 || memcmp(b + off, field.baseAddress!, fl) == 0
    }

    @inlinable func findIn(_ t: PairBuckets, _ h: UInt64, _ field: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer? {
        var b = t.heads![Int(truncatingIfNeeded: h) & t.mask]
        while let x = b {
            if HashPairTable.matches(x, field) { return x }
            b = HashPairTable.next(of: x)
        }
        return nil
    }

    /// The block holding `field`, or nil.
    @inlinable public func find(_ field: UnsafeRawBufferPointer) -> UnsafeMutableRawPointer? {
        if count == 0 { return nil }
        if rehashIndex >= 0 { rehash(steps: 1) }
        let h = HashPairTable.hash(field)
        if let b = findIn(t0, h, field) { return b }
        if rehashIndex >= 0 { return findIn(t1, h, field) }
        return nil
    }

    /// The address of the link (bucket slot or previous block's next) that points at the
    /// block of `field`, and which array it is in.
    func findLink(_ field: UnsafeRawBufferPointer, _ h: UInt64) -> (UnsafeMutableRawPointer, Int)? {
        for ti in 0..<(rehashIndex >= 0 ? 2 : 1) {
            let t = ti == 0 ? t0 : t1
            if t.size == 0 { continue }
            var link = UnsafeMutableRawPointer(t.heads! + (Int(truncatingIfNeeded: h) & t.mask))
            while let x = link.load(as: UnsafeMutableRawPointer?.self) {
                if HashPairTable.matches(x, field) { return (link, ti) }
                link = x
            }
        }
        return nil
    }

    // MARK: writes

    /// Pre-sizes an empty table for `n` pairs.
    func reserve(_ n: Int) {
        guard t0.size == 0, rehashIndex < 0 else { return }
        t0 = PairBuckets(size: HashPairTable.tableSize(for: n))
    }

    static func tableSize(for n: Int) -> Int {
        var s = 4
        while s < n { s <<= 1 }
        return s
    }

    /// Inserts a field known to be absent.
    func insertNew(_ field: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) {
        let b = makeBlock(field, value)
        link(b, HashPairTable.hash(field))
    }

    private func link(_ b: UnsafeMutableRawPointer, _ h: UInt64) {
        expandIfNeeded()
        if rehashIndex >= 0 {
            let i = Int(truncatingIfNeeded: h) & t1.mask
            HashPairTable.setNext(of: b, t1.heads![i])
            t1.heads![i] = b
            t1.used += 1
        } else {
            let i = Int(truncatingIfNeeded: h) & t0.mask
            HashPairTable.setNext(of: b, t0.heads![i])
            t0.heads![i] = b
            t0.used += 1
        }
    }

    /// Sets the value of `field`, inserting the pair when absent. True when it was inserted.
    func set(_ field: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Bool {
        if rehashIndex >= 0 { rehash(steps: 1) }
        let h = HashPairTable.hash(field)
        if count > 0, case let (link, _)? = findLink(field, h) {
            replaceValue(at: link, value)
            return false
        }
        link(makeBlock(field, value), h)
        return true
    }

    /// Rewrites the value of the block `link` points at, resizing the block with realloc
    /// (in place when the allocator can) when its size changes.
    private func replaceValue(at link: UnsafeMutableRawPointer, _ value: UnsafeRawBufferPointer) {
        var b = link.load(as: UnsafeMutableRawPointer?.self)!
        let (fl, vl, off) = HashPairTable.layout(of: b)
        let oldSize = HashPairTable.blockSize(fl, vl)
        let newSize = HashPairTable.blockSize(fl, value.count)
        let newOff = 8 + HashPairTable.varintSize(fl) + HashPairTable.varintSize(value.count)
        if newSize > oldSize {
            b = realloc(b, newSize)!
            if newOff != off && fl > 0 { memmove(b + newOff, b + off, fl) }
        } else if newSize < oldSize {
            if newOff != off && fl > 0 { memmove(b + newOff, b + off, fl) }
            b = realloc(b, newSize)!
        }
        blockBytes += HashPairTable.chunkSize(newSize) - HashPairTable.chunkSize(oldSize)
        var o = 8
        o += HashPairTable.writeVarint(fl, b + o)
        o += HashPairTable.writeVarint(value.count, b + o)
        if value.count > 0 { (b + newOff + fl).copyMemory(from: value.baseAddress!, byteCount: value.count) }
        link.storeBytes(of: b, as: UnsafeMutableRawPointer?.self)
    }

    /// Removes `field`; true when it was there.
    func remove(_ field: UnsafeRawBufferPointer) -> Bool {
        if count == 0 { return false }
        if rehashIndex >= 0 { rehash(steps: 1) }
        guard case let (link, ti)? = findLink(field, HashPairTable.hash(field)) else { return false }
        let b = link.load(as: UnsafeMutableRawPointer?.self)!
        link.storeBytes(of: HashPairTable.next(of: b), as: UnsafeMutableRawPointer?.self)
        if ti == 0 { t0.used -= 1 } else { t1.used -= 1 }
        freeBlock(b)
        return true
    }

    // MARK: resizing

    private func expandIfNeeded() {
        if rehashIndex >= 0 { return }
        if t0.size == 0 { t0 = PairBuckets(size: 4); return }
        if t0.used >= t0.size { resize(to: t0.used + 1) }
    }

    /// Starts rehashing into an array of the power of two >= `minimum` (Redis's dictExpand,
    /// which also serves shrinking).
    private func resize(to minimum: Int) {
        if rehashIndex >= 0 || t0.used > minimum { return }
        let size = HashPairTable.tableSize(for: minimum)
        if size == t0.size { return }
        if t0.size == 0 { t0 = PairBuckets(size: size); return }
        t1 = PairBuckets(size: size)
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
                b = HashPairTable.next(of: x)
                let i = Int(truncatingIfNeeded: HashPairTable.hash(HashPairTable.field(of: x))) & t1.mask
                HashPairTable.setNext(of: x, t1.heads![i])
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
            t1 = PairBuckets()
            rehashIndex = -1
        }
    }

    // MARK: iteration, scan, random

    /// Visits every block (the table must not change during the walk).
    func forEach(_ body: (UnsafeMutableRawPointer) -> Void) {
        for t in [t0, t1] where t.size > 0 {
            let h = t.heads!
            for i in 0..<t.size {
                var b = h[i]
                while let x = b {
                    b = HashPairTable.next(of: x)
                    body(x)
                }
            }
        }
    }

    /// One SCAN step (Redis's reverse-binary cursor): visits the bucket the cursor names in
    /// the smaller array and all its expansions in the larger one; returns the next cursor.
    func scan(_ cursor: UInt64, _ visit: (UnsafeMutableRawPointer) -> Void) -> UInt64 {
        if count == 0 { return 0 }
        var v = cursor
        func walk(_ t: PairBuckets, _ idx: UInt64) {
            var b = t.heads![Int(idx & UInt64(t.mask))]
            while let x = b {
                b = HashPairTable.next(of: x)
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
        while let x = b { len += 1; b = HashPairTable.next(of: x) }
        var k = Int(randomUInt64() % UInt64(len))
        b = head
        while k > 0 { b = HashPairTable.next(of: b!); k -= 1 }
        return b
    }

    /// A deep copy with the same pairs.
    func copy() -> HashPairTable {
        let t = HashPairTable()
        t.reserve(count)
        forEach { b in t.insertNew(HashPairTable.field(of: b), HashPairTable.value(of: b)) }
        return t
    }

    // MARK: testing

    func verifyInvariants() -> String? {
        var seen = Set<[UInt8]>()
        for (ti, t) in [t0, t1].enumerated() where t.size > 0 {
            if t.size & (t.size - 1) != 0 { return "array \(ti) size \(t.size) not a power of two" }
            var n = 0
            for i in 0..<t.size {
                var b = t.heads![i]
                if ti == 0 && rehashIndex >= 0 && i < rehashIndex && b != nil { return "rehashed bucket \(i) not empty" }
                while let x = b {
                    let f = HashPairTable.field(of: x)
                    if Int(truncatingIfNeeded: HashPairTable.hash(f)) & t.mask != i { return "pair in the wrong bucket" }
                    if !seen.insert(Array(f)).inserted { return "duplicate field" }
                    n += 1
                    b = HashPairTable.next(of: x)
                }
            }
            if n != t.used { return "array \(ti) used \(t.used) but holds \(n)" }
        }
        if rehashIndex < 0 && t1.size != 0 { return "second array present while not rehashing" }
        if rehashIndex >= 0 && t1.size == 0 { return "rehashing without a second array" }
        return nil
    }
}
