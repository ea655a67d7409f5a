// ZSetValue: a sorted set, Redis's zset object (t_zset.c's zsetAdd, zsetDel, zsetScore,
// zsetRank, the zzl* listpack helpers and zsetConvert), with its two encodings:
//
//   listpack  (OBJECT ENCODING "listpack") member, score, member, score... in one
//             Listpack, in Redis's byte format, ordered by score then member. A score is
//             stored as Redis 7.0 stores it: as an integer entry when the double is
//             integral and within +-2^62 (so -0 is stored as 0), otherwise as the text
//             Redis writes ("inf", "-inf", or "%.17g", which reads back exactly). Every
//             operation is a linear walk, which is why it is used only while the set has
//             at most zset-max-listpack-entries members of at most zset-max-listpack-value
//             bytes.
//   skiplist  (OBJECT ENCODING "skiplist") a ZSetIndex: member index for O(1) scores,
//             counted B+tree for O(log n) ranks and ranges (see ZSetIndex.swift).
//
// Conversion follows Redis 7.0.15 exactly: a listpack becomes a skiplist when an insert
// would take it past either threshold (checked on each new member, before inserting),
// and never converts back on shrinking; results built whole (ZUNIONSTORE & co.) start big
// and are turned into a listpack when they fit (`convertToListpackIfFits`). The thresholds
// are passed in by the server: this module knows nothing of the configuration.
//
// Ranges are expressed as rank intervals: score and lex bounds are first turned into the
// interval of ranks they cover, then the commands walk or delete by rank, so one walk
// serves ZRANGE, ZRANGEBYSCORE, ZRANGEBYLEX and their REV and STORE forms. Lex ranges on
// a listpack replay Redis's linear scans (first element >= min from the head, or last
// element <= max from the tail), so their answers match Redis even when members are not
// in lexical order because scores differ. On the big encoding both ends are found by
// binary search after the same head/tail checks as Redis: exact whenever members are in
// lexical order (equal scores, what the lex commands are for); for out-of-order members
// Redis's own answer depends on its skiplist's random node levels.

#if canImport(Glibc)
import Glibc
#endif

/// ZADD's input options.
public struct ZAddFlags: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let incr = ZAddFlags(rawValue: 1 << 0)
    public static let nx = ZAddFlags(rawValue: 1 << 1)
    public static let xx = ZAddFlags(rawValue: 1 << 2)
    public static let gt = ZAddFlags(rawValue: 1 << 3)
    public static let lt = ZAddFlags(rawValue: 1 << 4)
}

/// What one ZADD element did (Redis's ZADD_OUT_* flags), with the resulting score.
public enum ZAddResult: Equatable {
    case added(Double)
    case updated(Double)
    /// Present, options allowed the update, and the score did not change.
    case unchanged(Double)
    /// NX on an existing member, XX on a missing one, or GT/LT refused.
    case skipped
    /// The score (or the increment's result) is not a number.
    case nan
}

/// A score interval: ZRANGEBYSCORE's min and max, each possibly exclusive.
public struct ZScoreRange: Sendable {
    public var min: Double, max: Double
    public var minExclusive: Bool, maxExclusive: Bool
    public init(min: Double, max: Double, minExclusive: Bool, maxExclusive: Bool) {
        self.min = min; self.max = max
        self.minExclusive = minExclusive; self.maxExclusive = maxExclusive
    }
    @inline(__always) public func gteMin(_ s: Double) -> Bool { minExclusive ? s > min : s >= min }
    @inline(__always) public func lteMax(_ s: Double) -> Bool { maxExclusive ? s < max : s <= max }
    public var isEmpty: Bool { min > max || (min == max && (minExclusive || maxExclusive)) }
}

/// One end of a lex interval: "-", "+", "[member" or "(member". The bytes are borrowed
/// (the command's argument) and must outlive the range.
public enum ZLexBound {
    case minusInfinity
    case plusInfinity
    case inclusive(UnsafeRawBufferPointer)
    case exclusive(UnsafeRawBufferPointer)

    var isExclusive: Bool {
        switch self {
        case .inclusive: return false
        default: return true     // Redis marks "-" and "+" exclusive too
        }
    }
}

public struct ZLexRange {
    public var min: ZLexBound, max: ZLexBound
    public init(min: ZLexBound, max: ZLexBound) { self.min = min; self.max = max }

    @inline(__always) public func gteMin(_ m: UnsafeRawBufferPointer) -> Bool {
        switch min {
        case .minusInfinity: return true
        case .plusInfinity: return false
        case .inclusive(let b): return compareBytes(m, b) >= 0
        case .exclusive(let b): return compareBytes(m, b) > 0
        }
    }

    @inline(__always) public func lteMax(_ m: UnsafeRawBufferPointer) -> Bool {
        switch max {
        case .plusInfinity: return true
        case .minusInfinity: return false
        case .inclusive(let b): return compareBytes(m, b) <= 0
        case .exclusive(let b): return compareBytes(m, b) < 0
        }
    }

    /// Ranges that can hold nothing (Redis's sdscmplex of the two bounds).
    public var isEmpty: Bool {
        let cmp: Int
        switch (min, max) {
        case (.minusInfinity, .minusInfinity), (.plusInfinity, .plusInfinity): cmp = 0
        case (.minusInfinity, _), (_, .plusInfinity): cmp = -1
        case (.plusInfinity, _), (_, .minusInfinity): cmp = 1
        case (.inclusive(let a), .inclusive(let b)), (.inclusive(let a), .exclusive(let b)),
             (.exclusive(let a), .inclusive(let b)), (.exclusive(let a), .exclusive(let b)):
            cmp = compareBytes(a, b)
        }
        return cmp > 0 || (cmp == 0 && (min.isExclusive || max.isExclusive))
    }
}

/// Listpacks never grow past this (Redis's LISTPACK_MAX_SAFETY_SIZE).
let zListpackSafetyLimit = 1 << 30

/// Ownership: a one-word struct (a listpack block or an index reference), owned as HashValue
/// is (HashValue.swift): writers are `mutating`, the owner stores the struct back after each
/// and calls `free()` once when it drops the value.
public struct ZSetValue {
    /// One word (see ListpackBytes).
    @usableFromInline enum Storage {
        case listpack(ListpackBytes)
        case index(ZSetIndex)
    }

    @usableFromInline var storage: Storage

    /// An empty set in the listpack encoding, in a block of at least `listpackCapacity` bytes.
    public init(listpackCapacity: Int = Listpack.emptyBytes) {
        storage = .listpack(.allocate(capacity: listpackCapacity))
    }

    /// The listpack bytes of `m` with `score`: a set created by one ZADD is allocated at
    /// the sum of its pairs' sizes, as HSET sizes a new hash (see HashValue.listpackBytes),
    /// rather than grown by a realloc every other member.
    public static func listpackBytes(member m: UnsafeRawBufferPointer, score: Double) -> Int {
        Listpack.entryBytes(.bytes(m)) + withScoreEntry(score) { Listpack.entryBytes($0) }
    }

    /// A set in the big encoding.
    public init(index: ZSetIndex) { storage = .index(index) }

    init(listpack: ListpackBytes) { storage = .listpack(listpack) }

    /// Frees the listpack block (an index is released with the struct's last copy). Called
    /// once by the owner as it drops the value; neither it nor any copy is used afterwards.
    @inlinable public func free() {
        if case .listpack(let lp) = storage { lp.free() }
    }

    /// The address of the storage (block or index): equal for copies of one value.
    public var identity: UInt {
        switch storage {
        case .listpack(let lp): return UInt(bitPattern: lp.base)
        case .index(let ix): return UInt(bitPattern: Unmanaged.passUnretained(ix).toOpaque())
        }
    }

    public var count: Int {
        switch storage {
        case .listpack(let lp): return lp.count >> 1
        case .index(let ix): return ix.count
        }
    }

    public var isListpack: Bool {
        if case .listpack = storage { return true }
        return false
    }

    /// OBJECT ENCODING's answer.
    public var encodingName: String { isListpack ? "listpack" : "skiplist" }

    /// The listpack of the small encoding (Redis's format, for RDB / DUMP), or nil. A view:
    /// valid until the next change to the set.
    public var listpack: ListpackBytes? {
        if case .listpack(let lp) = storage { return lp }
        return nil
    }

    // MARK: lookups

    public func score(_ m: UnsafeRawBufferPointer) -> Double? {
        switch storage {
        case .listpack(let lp): return ZSetValue.lpFind(lp, m)?.score
        case .index(let ix): return ix.score(m)
        }
    }

    /// 0-based rank of `m` in ascending (or descending) order, or nil.
    public func rank(_ m: UnsafeRawBufferPointer, reverse: Bool) -> Int? {
        let r: Int
        switch storage {
        case .listpack(let lp):
            var i = 0
            var e = lp.first
            var found = -1
            while let ep = e {
                if lp.value(at: ep).equals(m) { found = i; break }
                e = lp.next(lp.next(ep)!)
                i += 1
            }
            if found < 0 { return nil }
            r = found
        case .index(let ix):
            guard let x = ix.rank(m) else { return nil }
            r = x
        }
        return reverse ? count - 1 - r : r
    }

    // MARK: add / remove

    /// Redis's zsetAdd: adds `m` or updates its score as `flags` allow. A new member that
    /// would take a listpack past `maxEntries` members or is longer than `maxValue` bytes
    /// converts the set to the big encoding first.
    public mutating func add(_ m: UnsafeRawBufferPointer, score: Double, flags: ZAddFlags = [],
                    maxEntries: Int, maxValue: Int) -> ZAddResult {
        if score.isNaN { return .nan }
        switch storage {
        case .listpack(var lp):
            if let (e, cur) = ZSetValue.lpFind(lp, m) {
                if flags.contains(.nx) { return .skipped }
                var s = score
                if flags.contains(.incr) {
                    s += cur
                    if s.isNaN { return .nan }
                }
                if (flags.contains(.lt) && s >= cur) || (flags.contains(.gt) && s <= cur) { return .skipped }
                if s != cur {
                    lp.removeRange(at: e, entries: 2)
                    ZSetValue.lpInsert(&lp, m, s)
                    storage = .listpack(lp)
                    return .updated(s)
                }
                return .unchanged(s)
            }
            if flags.contains(.xx) { return .skipped }
            if count + 1 > maxEntries || m.count > maxValue || lp.totalBytes + m.count > zListpackSafetyLimit {
                convertToIndex()
                guard case .index(let ix) = storage else { return .skipped }
                ix.insertNew(m, score)
                return .added(score)
            }
            ZSetValue.lpInsert(&lp, m, score)
            storage = .listpack(lp)
            return .added(score)
        case .index(let ix):
            let h = ix.hash32(m)
            if let id = ix.findSlot(m, h)?.id {
                if flags.contains(.nx) { return .skipped }
                let cur = ix.score(id: id)
                var s = score
                if flags.contains(.incr) {
                    s += cur
                    if s.isNaN { return .nan }
                }
                if (flags.contains(.lt) && s >= cur) || (flags.contains(.gt) && s <= cur) { return .skipped }
                if s != cur {
                    ix.updateScore(id: id, to: s)
                    return .updated(s)
                }
                return .unchanged(s)
            }
            if flags.contains(.xx) { return .skipped }
            ix.insertNew(m, score)
            return .added(score)
        }
    }

    /// Removes `m`; false when it was not there.
    @discardableResult
    public mutating func remove(_ m: UnsafeRawBufferPointer) -> Bool {
        switch storage {
        case .listpack(var lp):
            guard let (e, _) = ZSetValue.lpFind(lp, m) else { return false }
            lp.removeRange(at: e, entries: 2)
            storage = .listpack(lp)
            return true
        case .index(let ix):
            return ix.remove(m) != nil
        }
    }

    /// Removes the elements whose ranks are in `r` (clamped to the set); returns how many.
    @discardableResult
    public mutating func removeRanks(_ r: Range<Int>) -> Int {
        let lo = Swift.max(r.lowerBound, 0), hi = Swift.min(r.upperBound, count)
        if lo >= hi { return 0 }
        switch storage {
        case .listpack(var lp):
            lp.removeRange(at: lp.seek(2 * lo)!, entries: 2 * (hi - lo))
            storage = .listpack(lp)
        case .index(let ix):
            ix.removeRanks(lo..<hi)
        }
        return hi - lo
    }

    // MARK: walks

    /// Calls `body` with each element whose rank is in `r`, ascending, or descending when
    /// `reverse`. `body` must not modify the set.
    public func forEach(ranks r: Range<Int>, reverse: Bool = false,
                        _ body: (UnsafeRawBufferPointer, Double) -> Void) {
        let lo = Swift.max(r.lowerBound, 0), hi = Swift.min(r.upperBound, count)
        if lo >= hi { return }
        var left = hi - lo
        switch storage {
        case .listpack(let lp):
            var e = lp.seek(2 * (reverse ? hi - 1 : lo))
            while left > 0, let ep = e {
                let sp = lp.next(ep)!
                let s = ZSetValue.lpScore(lp, sp)
                lp.value(at: ep).withBytes { body($0, s) }
                left -= 1
                e = reverse ? lp.previous(ep).flatMap { lp.previous($0) } : lp.next(sp)
            }
        case .index(let ix):
            ix.forEach(fromRank: reverse ? hi - 1 : lo, reverse: reverse) { m, s in
                body(m, s)
                left -= 1
                return left > 0
            }
        }
    }

    /// The element at rank `r` (0 <= r < count).
    public func element<R>(atRank r: Int, _ body: (UnsafeRawBufferPointer, Double) -> R) -> R {
        switch storage {
        case .listpack(let lp):
            let ep = lp.seek(2 * r)!
            let s = ZSetValue.lpScore(lp, lp.next(ep)!)
            return lp.value(at: ep).withBytes { body($0, s) }
        case .index(let ix):
            return ix.element(atRank: r, body)
        }
    }

    /// A uniformly chosen rank (the set must not be empty).
    public func randomRank() -> Int { Int(randomUInt64() % UInt64(count)) }

    // MARK: ranges

    /// The ranks of the elements whose score is within `range`.
    public func ranks(in range: ZScoreRange) -> Range<Int> {
        if range.isEmpty || count == 0 { return 0..<0 }
        switch storage {
        case .listpack(let lp):
            var i = 0
            var lo = -1
            var e = lp.first
            while let ep = e {
                let sp = lp.next(ep)!
                let s = ZSetValue.lpScore(lp, sp)
                if lo < 0 {
                    if range.gteMin(s) {
                        if !range.lteMax(s) { return i..<i }
                        lo = i
                    }
                } else if !range.lteMax(s) {
                    return lo..<i
                }
                i += 1
                e = lp.next(sp)
            }
            return lo < 0 ? 0..<0 : lo..<i
        case .index(let ix):
            let lo = ix.firstRank { s, _ in range.gteMin(s) }
            let hi = ix.firstRank { s, _ in !range.lteMax(s) }
            return lo..<Swift.max(lo, hi)
        }
    }

    /// The ranks of the elements within the lex `range`, walking forward (ZRANGEBYLEX,
    /// ZLEXCOUNT, ZREMRANGEBYLEX) or backward from the tail (ZREVRANGEBYLEX).
    public func ranks(in range: ZLexRange, reverse: Bool) -> Range<Int> {
        let n = count
        if range.isEmpty || n == 0 { return 0..<0 }
        switch storage {
        case .listpack(let lp):
            // Redis's zzlIsInLexRange: the tail must reach min and the head stay below max.
            let tail = lp.previous(lp.previous(lp.totalBytes - 1)!)!
            if !lp.value(at: tail).withBytes({ range.gteMin($0) }) { return 0..<0 }
            if !lp.value(at: lp.first!).withBytes({ range.lteMax($0) }) { return 0..<0 }
            if !reverse {
                var i = 0
                var e = lp.first
                while let ep = e, !lp.value(at: ep).withBytes({ range.gteMin($0) }) {
                    e = lp.next(lp.next(ep)!)
                    i += 1
                }
                guard let start = e, lp.value(at: start).withBytes({ range.lteMax($0) }) else { return 0..<0 }
                let lo = i
                while let ep = e, lp.value(at: ep).withBytes({ range.lteMax($0) }) {
                    e = lp.next(lp.next(ep)!)
                    i += 1
                }
                return lo..<i
            } else {
                var i = n - 1
                var e: Int? = tail
                while let ep = e, !lp.value(at: ep).withBytes({ range.lteMax($0) }) {
                    e = lp.previous(ep).flatMap { lp.previous($0) }
                    i -= 1
                }
                guard let start = e, lp.value(at: start).withBytes({ range.gteMin($0) }) else { return 0..<0 }
                let hi = i + 1
                while let ep = e, lp.value(at: ep).withBytes({ range.gteMin($0) }) {
                    e = lp.previous(ep).flatMap { lp.previous($0) }
                    i -= 1
                }
                return (i + 1)..<hi
            }
        case .index(let ix):
            // The same checks as Redis's zslIsInLexRange and zsl{First,Last}InLexRange; the
            // two ends are found by binary search, which is exact when members are in lexical
            // order (equal scores, the case lex commands are meant for).
            if !ix.element(atRank: n - 1, { m, _ in range.gteMin(m) }) { return 0..<0 }
            if !ix.element(atRank: 0, { m, _ in range.lteMax(m) }) { return 0..<0 }
            let lo = ix.firstRank { _, m in range.gteMin(m) }
            let hi = ix.firstRank { _, m in !range.lteMax(m) }
            if reverse {
                if hi == 0 || !ix.element(atRank: hi - 1, { m, _ in range.gteMin(m) }) { return 0..<0 }
            } else {
                if lo >= n || !ix.element(atRank: lo, { m, _ in range.lteMax(m) }) { return 0..<0 }
            }
            return lo..<Swift.max(lo, hi)
        }
    }

    // MARK: SCAN

    /// The small encoding as stored: each member with its score's listpack text (ZSCAN
    /// answers a listpack in one call with exactly these strings). Nil for the big encoding.
    public func forEachStored(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void) -> Bool {
        guard case .listpack(let lp) = storage else { return false }
        var e = lp.first
        while let ep = e {
            let sp = lp.next(ep)!
            lp.value(at: ep).withBytes { m in lp.value(at: sp).withBytes { s in body(m, s) } }
            e = lp.next(sp)
        }
        return true
    }

    /// One SCAN step over the big encoding (see ZSetIndex.scan); a listpack is visited whole.
    public func scan(_ cursor: UInt64, _ visit: (UnsafeRawBufferPointer, Double) -> Void) -> UInt64 {
        switch storage {
        case .listpack:
            forEach(ranks: 0..<count, visit)
            return 0
        case .index(let ix):
            return ix.scan(cursor, visit)
        }
    }

    // MARK: conversions

    /// Listpack to skiplist (Redis's zsetConvert).
    public mutating func convertToIndex() {
        guard case .listpack(let lp) = storage else { return }
        let ix = ZSetIndex(capacity: lp.count >> 1)
        forEach(ranks: 0..<(lp.count >> 1)) { m, s in ix.insertNew(m, s) }
        storage = .index(ix)
        lp.free()
    }

    /// Skiplist to listpack when the set has at most `maxEntries` members, none longer
    /// than `maxValue` bytes (Redis's zsetConvertToListpackIfNeeded).
    public mutating func convertToListpackIfFits(maxEntries: Int, maxValue: Int) {
        guard case .index(let ix) = storage, ix.count <= maxEntries else { return }
        var fits = true
        var total = 0
        ix.forEach(fromRank: 0, reverse: false) { m, _ in
            total += m.count
            if m.count > maxValue { fits = false }
            return fits
        }
        if !fits || total > zListpackSafetyLimit { return }
        // Exactly sized: header, each entry with its backlen, the end marker.
        func entryBytes(_ v: LPValue) -> Int {
            let l = Listpack.encodedSize(v)
            return l + (l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5)
        }
        var size = 7
        ix.forEach(fromRank: 0, reverse: false) { m, s in
            size += entryBytes(.bytes(m)) + ZSetValue.withScoreEntry(s) { entryBytes($0) }
            return true
        }
        var lp = ListpackBytes.allocate(capacity: size)
        ix.forEach(fromRank: 0, reverse: false) { m, s in
            lp.append(.bytes(m))
            ZSetValue.withScoreEntry(s) { lp.append($0) }
            return true
        }
        storage = .listpack(lp)
    }

    // MARK: copy, memory, invariants

    /// A deep copy in the same encoding (COPY).
    public func copy() -> ZSetValue {
        switch storage {
        case .listpack(let lp): return ZSetValue(listpack: lp.copy())
        case .index(let ix): return ZSetValue(index: ix.copy())
        }
    }

    /// Approximate bytes allocated for the value.
    public var allocatedBytes: Int {
        switch storage {
        case .listpack(let lp): return lp.allocatedBytes
        case .index(let ix): return ix.allocatedBytes
        }
    }

    /// Nil when the structure is sound: listpack well formed, pairs in (score, member)
    /// order, scores stored in Redis's form; or the big encoding's own checks.
    public func verifyInvariants() -> String? {
        switch storage {
        case .listpack(let lp):
            if let e = lp.verifyInvariants() { return "listpack: \(e)" }
            if lp.count % 2 != 0 { return "odd listpack entry count \(lp.count)" }
            var prev: (Double, [UInt8])? = nil
            var e = lp.first
            var i = 0
            while let ep = e {
                let sp = lp.next(ep)!
                let s = ZSetValue.lpScore(lp, sp)
                if s.isNaN { return "NaN score at \(i)" }
                // The stored form must be the one Redis writes for this double.
                let stored = lp.value(at: sp)
                let canonical = ZSetValue.withScoreEntry(s) { v -> Bool in
                    switch (v, stored) {
                    case (.int(let a), .int(let b)): return a == b
                    case (.bytes(let a), .bytes(let b)): return compareBytes(a, b) == 0
                    default: return false
                    }
                }
                if !canonical { return "score at \(i) not in canonical form" }
                let m = lp.value(at: ep).byteArray
                if let (ps, pm) = prev {
                    let ordered = ps < s || (ps == s && m.withUnsafeBytes { b in pm.withUnsafeBytes { compareBytes($0, b) } } < 0)
                    if !ordered { return "pairs out of order at \(i)" }
                }
                prev = (s, m)
                i += 1
                e = lp.next(sp)
            }
            return nil
        case .index(let ix):
            return ix.verifyInvariants()
        }
    }

    // MARK: listpack helpers (Redis's zzl*)

    /// A stored score: integer entries as is, text through strtod (Redis's zzlStrtod).
    @inline(__always) static func lpScore(_ lp: ListpackBytes, _ sp: Int) -> Double {
        switch lp.value(at: sp) {
        case .int(let v): return Double(v)
        case .bytes(let b): return parseStoredScore(b)
        }
    }

    static func parseStoredScore(_ b: UnsafeRawBufferPointer) -> Double {
        let n = Swift.min(b.count, 127)
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buf in
            if n > 0 { UnsafeMutableRawPointer(buf.baseAddress!).copyMemory(from: b.baseAddress!, byteCount: n) }
            buf[n] = 0
            return strtod(buf.baseAddress!, nil)
        }
    }

    /// The member's entry offset and score, or nil.
    @inline(__always) static func lpFind(_ lp: ListpackBytes, _ m: UnsafeRawBufferPointer) -> (e: Int, score: Double)? {
        guard let e = lp.find(m, skip: 1) else { return nil }
        return (e, lpScore(lp, lp.next(e)!))
    }

    /// Inserts a member known to be absent at its place (Redis's zzlInsert).
    static func lpInsert(_ lp: inout ListpackBytes, _ m: UnsafeRawBufferPointer, _ score: Double) {
        var e = lp.first
        var at = lp.totalBytes - 1
        while let ep = e {
            let sp = lp.next(ep)!
            let s = lpScore(lp, sp)
            if s > score || (s == score && lp.value(at: ep).withBytes({ compareBytes($0, m) }) > 0) {
                at = ep
                break
            }
            e = lp.next(sp)
        }
        let q = lp.insert(.bytes(m), before: at)
        let after = q + lp.fullEntrySize(at: q)
        withScoreEntry(score) { lp.insert($0, before: after) }
    }

    /// The listpack entry Redis 7.0 writes for a score: an integer when the double is
    /// integral within +-2^62 (Redis's double2ll), else "inf"/"-inf" or "%.17g" text.
    @discardableResult @inline(__always)
    static func withScoreEntry<R>(_ d: Double, _ body: (LPValue) -> R) -> R {
        if d >= -4611686018427387904.0 && d <= 4611686018427387904.0 {
            let v = Int64(d)
            if Double(v) == d { return body(.int(v)) }
        }
        var buf: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buf) { raw in
            let n = formatScore17g(d, into: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), capacity: 40)
            return body(.bytes(UnsafeRawBufferPointer(start: raw.baseAddress, count: n)))
        }
    }
}

/// "%.17g", with Redis's "inf" / "-inf" spellings; returns the length written.
public func formatScore17g(_ d: Double, into p: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
    if d.isInfinite {
        let s: StaticString = d > 0 ? "inf" : "-inf"
        UnsafeMutableRawPointer(p).copyMemory(from: s.utf8Start, byteCount: s.utf8CodeUnitCount)
        return s.utf8CodeUnitCount
    }
    return withVaList([d]) { args in
        p.withMemoryRebound(to: CChar.self, capacity: capacity) { cp in
            Int(vsnprintf(cp, capacity, "%.17g", args))
        }
    }
}
