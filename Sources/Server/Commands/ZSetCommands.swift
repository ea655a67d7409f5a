// The sorted set command family (Redis's t_zset.c command layer): ZADD, ZINCRBY, ZREM,
// ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT, the ZRANGE family (ZRANGE,
// ZRANGESTORE, ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX), ZREMRANGEBYRANK/SCORE/LEX,
// ZPOPMIN, ZPOPMAX, ZMPOP, ZRANDMEMBER, ZUNION[STORE], ZINTER[STORE], ZINTERCARD,
// ZDIFF[STORE] and ZSCAN.
//
// As in Redis, families of variants share one generic function each:
//   zaddGeneric        ZADD and ZINCRBY (options, then all scores parsed before any change,
//                      so the command applies whole or not at all)
//   zrangeGeneric      every ZRANGE form: options, then the range (rank, score or lex),
//                      then the key; the range becomes a rank interval of the set (see
//                      ZSetValue), walked forward or backward into the reply or into a new
//                      set for ZRANGESTORE
//   zremrangeGeneric   the three ZREMRANGEBY* commands
//   zpopGeneric        ZPOPMIN/ZPOPMAX/ZMPOP (Redis's genericZpopCommand, with the
//                      BZPOPMIN/BZMPOP reply shapes too, so it can serve a blocked client)
//   zsetOpGeneric      ZUNION/ZINTER/ZDIFF, their STORE forms and ZINTERCARD; plain sets
//                      are accepted as inputs with every score 1
// Argument checks happen in Redis's order (an option error wins over WRONGTYPE where Redis
// parses options first, and the other way round where it looks the key up first), and
// every error text is Redis 7.0's. Scores are replied with "%.17g" (RESP2 bulk, RESP3
// double); integral scores take a formatting shortcut that prints the same digits.
//
// Encodings and thresholds: the set picks its encoding (ZSetValue); this layer passes
// zset-max-listpack-entries/value from the configuration on every insert, and asks a
// freshly built result (Z*STORE) to become a listpack when it fits, as Redis does.

import DataStructures
import RESP
#if canImport(Glibc)
import Glibc
#endif

extension Server {
    static func zsetCommands() -> [(String, CommandHandler)] {
        [
            ("zadd", { s, c in s.zaddGeneric(c, flags: []) }),
            ("zincrby", { s, c in s.zaddGeneric(c, flags: .incr) }),
            ("zrem", { s, c in s.zremCommand(c) }),
            ("zcard", { s, c in s.zcardCommand(c) }),
            ("zscore", { s, c in s.zscoreCommand(c) }),
            ("zmscore", { s, c in s.zmscoreCommand(c) }),
            ("zrank", { s, c in s.zrankGeneric(c, reverse: false) }),
            ("zrevrank", { s, c in s.zrankGeneric(c, reverse: true) }),
            ("zcount", { s, c in s.zcountCommand(c) }),
            ("zlexcount", { s, c in s.zlexcountCommand(c) }),
            ("zrange", { s, c in s.zrangeGeneric(c, keyIndex: 1, store: false, type: .auto, direction: .auto) }),
            ("zrangestore", { s, c in s.zrangeGeneric(c, keyIndex: 2, store: true, type: .auto, direction: .auto) }),
            ("zrevrange", { s, c in s.zrangeGeneric(c, keyIndex: 1, store: false, type: .rank, direction: .reverse) }),
            ("zrangebyscore", { s, c in s.zrangeGeneric(c, keyIndex: 1, store: false, type: .score, direction: .forward) }),
            ("zrevrangebyscore", { s, c in s.zrangeGeneric(c, keyIndex: 1, store: false, type: .score, direction: .reverse) }),
            ("zrangebylex", { s, c in s.zrangeGeneric(c, keyIndex: 1, store: false, type: .lex, direction: .forward) }),
            ("zrevrangebylex", { s, c in s.zrangeGeneric(c, keyIndex: 1, store: false, type: .lex, direction: .reverse) }),
            ("zremrangebyrank", { s, c in s.zremrangeGeneric(c, type: .rank) }),
            ("zremrangebyscore", { s, c in s.zremrangeGeneric(c, type: .score) }),
            ("zremrangebylex", { s, c in s.zremrangeGeneric(c, type: .lex) }),
            ("zpopmin", { s, c in s.zpopMinMaxCommand(c, max: false) }),
            ("zpopmax", { s, c in s.zpopMinMaxCommand(c, max: true) }),
            ("zmpop", { s, c in s.zmpopCommand(c) }),
            ("zrandmember", { s, c in s.zrandmemberCommand(c) }),
            ("zunion", { s, c in s.zsetOpGeneric(c, op: .union, store: false, cardinalityOnly: false) }),
            ("zunionstore", { s, c in s.zsetOpGeneric(c, op: .union, store: true, cardinalityOnly: false) }),
            ("zinter", { s, c in s.zsetOpGeneric(c, op: .inter, store: false, cardinalityOnly: false) }),
            ("zinterstore", { s, c in s.zsetOpGeneric(c, op: .inter, store: true, cardinalityOnly: false) }),
            ("zintercard", { s, c in s.zsetOpGeneric(c, op: .inter, store: false, cardinalityOnly: true) }),
            ("zdiff", { s, c in s.zsetOpGeneric(c, op: .diff, store: false, cardinalityOnly: false) }),
            ("zdiffstore", { s, c in s.zsetOpGeneric(c, op: .diff, store: true, cardinalityOnly: false) }),
            ("zscan", { s, c in s.zscanCommand(c) }),
        ]
    }

    // MARK: shared helpers

    var zsetMaxEntries: Int { config.zsetMaxListpackEntries }
    var zsetMaxValue: Int { config.zsetMaxListpackValue }

    /// Looks `key` up for reading. `.missing`, the set, or `.wrongType` (already replied).
    fileprivate enum ZLookup {
        case missing
        case found(ZSetValue)
        case wrongType
    }

    fileprivate func zsetLookup(_ c: Client, _ key: UnsafeRawBufferPointer) -> ZLookup {
        guard let e = databases[c.dbIndex].lookupRead(key) else { return .missing }
        guard case .zset(let z) = e.value else {
            c.addErrorWrongType()
            return .wrongType
        }
        return .found(z)
    }

    /// The entry of the sorted set at `key` for writing, with the set; nil when missing
    /// (`missing` is then sent) or of another type (WRONGTYPE sent). A change to the set is
    /// stored back in the entry (its listpack block may move) before anything may delete
    /// the key.
    fileprivate func zsetForWrite(_ c: Client, _ key: UnsafeRawBufferPointer,
                                  missing: (Client) -> Void) -> (DictEntry<Value>, ZSetValue)? {
        guard let e = databases[c.dbIndex].lookupWrite(key) else { missing(c); return nil }
        guard case .zset(let z) = e.value else { c.addErrorWrongType(); return nil }
        return (e, z)
    }

    /// A member left the set: delete the key when it became empty. Returns true when the
    /// key was deleted (deleteKey signals the modification itself).
    fileprivate func zsetDeleteIfEmpty(_ c: Client, _ z: ZSetValue, _ key: UnsafeRawBufferPointer) -> Bool {
        if z.count > 0 { return false }
        databases[c.dbIndex].deleteKey(key)
        return true
    }

    // MARK: ZADD / ZINCRBY

    /// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
    /// ZINCRBY key increment member (the same path with INCR, as Redis's zaddGenericCommand)
    func zaddGeneric(_ c: Client, flags initial: ZAddFlags) {
        var flags = initial
        var ch = false
        var idx = 2
        while idx < c.argc {
            if c.argIs(idx, "nx") { flags.insert(.nx) }
            else if c.argIs(idx, "xx") { flags.insert(.xx) }
            else if c.argIs(idx, "ch") { ch = true }
            else if c.argIs(idx, "incr") { flags.insert(.incr) }
            else if c.argIs(idx, "gt") { flags.insert(.gt) }
            else if c.argIs(idx, "lt") { flags.insert(.lt) }
            else { break }
            idx += 1
        }
        let elements = c.argc - idx
        if elements == 0 || elements % 2 != 0 {
            c.addErrorSyntax()
            return
        }
        let pairs = elements / 2
        let incr = flags.contains(.incr), nx = flags.contains(.nx), xx = flags.contains(.xx)
        let gt = flags.contains(.gt), lt = flags.contains(.lt)
        if nx && xx {
            c.addError("ERR XX and NX options at the same time are not compatible")
            return
        }
        if (gt && nx) || (lt && nx) || (gt && lt) {
            c.addError("ERR GT, LT, and/or NX options at the same time are not compatible")
            return
        }
        if incr && pairs > 1 {
            c.addError("ERR INCR option supports a single increment-element pair")
            return
        }
        // Every score is checked before anything changes.
        for j in 0..<pairs where parseRedisDouble(c.arg(idx + 2 * j)) == nil {
            c.addErrorNotFloat()
            return
        }

        let key = c.arg(1)
        let db = databases[c.dbIndex]
        let entry: DictEntry<Value>
        var created = false
        if let e = db.lookupWrite(key) {
            guard case .zset = e.value else {
                c.addErrorWrongType()
                return
            }
            entry = e
        } else {
            if xx {
                if incr { c.addNull() } else { c.addInt(0) }
                return
            }
            entry = db.add(key, .zset(ZSetValue(listpackCapacity: zaddListpackBytes(c, from: idx, pairs: pairs))))
            created = true
        }
        guard case .zset(var z) = entry.value else { return }

        var added = 0, updated = 0, processed = 0
        var score = 0.0
        var nan = false
        let maxEntries = zsetMaxEntries, maxValue = zsetMaxValue
        for j in 0..<pairs {
            let s = parseRedisDouble(c.arg(idx + 2 * j))!
            switch z.add(c.arg(idx + 2 * j + 1), score: s, flags: flags, maxEntries: maxEntries, maxValue: maxValue) {
            case .added(let v): added += 1; processed += 1; score = v
            case .updated(let v): updated += 1; processed += 1; score = v
            case .unchanged(let v): processed += 1; score = v
            case .skipped: break
            case .nan: nan = true
            }
            if nan { break }
        }
        entry.value = .zset(z)
        if created && z.count == 0 { db.deleteKey(key) }
        if nan {
            c.addError("ERR resulting score is not a number (NaN)")
        } else {
            dirty += Int64(added + updated)
            if incr {
                if processed > 0 { c.addScore(score) } else { c.addNull() }
            } else {
                c.addInt(ch ? added + updated : added)
            }
        }
        if added + updated > 0 {
            signalModifiedKey(key, dbIndex: c.dbIndex)
            notifyKeyspaceEvent(.zset, incr ? "zincr" : "zadd", key, dbIndex: c.dbIndex)
        }
    }

    /// The listpack size of a set created by ZADD from its `pairs` score/member pairs at
    /// `from` (scores already validated), so the block is allocated once; an empty one when
    /// the pairs will not stay a listpack.
    private func zaddListpackBytes(_ c: Client, from idx: Int, pairs: Int) -> Int {
        if pairs > zsetMaxEntries { return Listpack.emptyBytes }
        var n = Listpack.emptyBytes
        for j in 0..<pairs {
            let m = c.arg(idx + 2 * j + 1)
            if m.count > zsetMaxValue { return Listpack.emptyBytes }
            n += ZSetValue.listpackBytes(member: m, score: parseRedisDouble(c.arg(idx + 2 * j))!)
        }
        return n
    }

    // MARK: ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK

    func zremCommand(_ c: Client) {
        let key = c.arg(1)
        guard case (let e, var z)? = zsetForWrite(c, key, missing: { $0.addInt(0) }) else { return }
        var deleted = 0
        var keyRemoved = false
        for j in 2..<c.argc {
            if z.remove(c.arg(j)) {
                deleted += 1
                e.value = .zset(z)       // before zsetDeleteIfEmpty, which frees it
            }
            if z.count == 0 {
                keyRemoved = zsetDeleteIfEmpty(c, z, key)
                break
            }
        }
        if deleted > 0 {
            notifyKeyspaceEvent(.zset, "zrem", key, dbIndex: c.dbIndex)
            if keyRemoved { notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex) }
            else { signalModifiedKey(key, dbIndex: c.dbIndex) }
            dirty += Int64(deleted)
        }
        c.addInt(deleted)
    }

    func zcardCommand(_ c: Client) {
        switch zsetLookup(c, c.arg(1)) {
        case .missing: c.addInt(0)
        case .wrongType: return
        case .found(let z): c.addInt(z.count)
        }
    }

    func zscoreCommand(_ c: Client) {
        switch zsetLookup(c, c.arg(1)) {
        case .missing: c.addNull()
        case .wrongType: return
        case .found(let z):
            if let s = z.score(c.arg(2)) { c.addScore(s) } else { c.addNull() }
        }
    }

    func zmscoreCommand(_ c: Client) {
        var z: ZSetValue? = nil
        switch zsetLookup(c, c.arg(1)) {
        case .missing: break
        case .wrongType: return
        case .found(let x): z = x
        }
        c.addArrayLen(c.argc - 2)
        for j in 2..<c.argc {
            if let s = z?.score(c.arg(j)) { c.addScore(s) } else { c.addNull() }
        }
    }

    func zrankGeneric(_ c: Client, reverse: Bool) {
        switch zsetLookup(c, c.arg(1)) {
        case .missing: c.addNull()
        case .wrongType: return
        case .found(let z):
            if let r = z.rank(c.arg(2), reverse: reverse) { c.addInt(r) } else { c.addNull() }
        }
    }

    // MARK: ZCOUNT, ZLEXCOUNT

    func zcountCommand(_ c: Client) {
        guard let range = parseScoreRange(c.arg(2), c.arg(3)) else {
            c.addError("ERR min or max is not a float")
            return
        }
        switch zsetLookup(c, c.arg(1)) {
        case .missing: c.addInt(0)
        case .wrongType: return
        case .found(let z): c.addInt(z.ranks(in: range).count)
        }
    }

    func zlexcountCommand(_ c: Client) {
        guard let range = parseLexRange(c.arg(2), c.arg(3)) else {
            c.addError("ERR min or max not valid string range item")
            return
        }
        switch zsetLookup(c, c.arg(1)) {
        case .missing: c.addInt(0)
        case .wrongType: return
        case .found(let z): c.addInt(z.ranks(in: range, reverse: false).count)
        }
    }

    // MARK: the ZRANGE family

    enum ZRangeType { case auto, rank, score, lex }
    enum ZRangeDirection { case auto, forward, reverse }

    /// Redis's zrangeGenericCommand: ZRANGE key min max [BYSCORE|BYLEX] [REV] [LIMIT offset
    /// count] [WITHSCORES], ZRANGESTORE dst src ..., and the legacy forms, which fix the
    /// type and direction (so BYSCORE, BYLEX and REV are syntax errors there).
    func zrangeGeneric(_ c: Client, keyIndex: Int, store: Bool, type initialType: ZRangeType,
                       direction initialDirection: ZRangeDirection) {
        var type = initialType
        var direction = initialDirection
        var withScores = false
        var offset: Int64 = 0
        var limit: Int64 = -1
        var j = keyIndex + 3
        while j < c.argc {
            let left = c.argc - j - 1
            if !store && c.argIs(j, "withscores") {
                withScores = true
            } else if c.argIs(j, "limit") && left >= 2 {
                guard let o = parseStrictInt64(c.arg(j + 1)), let l = parseStrictInt64(c.arg(j + 2)) else {
                    c.addErrorNotInteger()
                    return
                }
                offset = o
                limit = l
                j += 2
            } else if direction == .auto && c.argIs(j, "rev") {
                direction = .reverse
            } else if type == .auto && c.argIs(j, "bylex") {
                type = .lex
            } else if type == .auto && c.argIs(j, "byscore") {
                type = .score
            } else {
                c.addErrorSyntax()
                return
            }
            j += 1
        }
        if direction == .auto { direction = .forward }
        if type == .auto { type = .rank }
        let reverse = direction == .reverse
        if limit != -1 && type == .rank {
            c.addError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
            return
        }
        if withScores && type == .lex {
            c.addError("ERR syntax error, WITHSCORES not supported in combination with BYLEX")
            return
        }
        var minIndex = keyIndex + 1, maxIndex = keyIndex + 2
        if reverse && (type == .score || type == .lex) { swap(&minIndex, &maxIndex) }

        var start: Int64 = 0, end: Int64 = 0
        var scoreRange = ZScoreRange(min: 0, max: 0, minExclusive: false, maxExclusive: false)
        var lexRange = ZLexRange(min: .minusInfinity, max: .plusInfinity)
        switch type {
        case .rank, .auto:
            guard let a = parseStrictInt64(c.arg(minIndex)), let b = parseStrictInt64(c.arg(maxIndex)) else {
                c.addErrorNotInteger()
                return
            }
            start = a
            end = b
        case .score:
            guard let r = parseScoreRange(c.arg(minIndex), c.arg(maxIndex)) else {
                c.addError("ERR min or max is not a float")
                return
            }
            scoreRange = r
        case .lex:
            guard let r = parseLexRange(c.arg(minIndex), c.arg(maxIndex)) else {
                c.addError("ERR min or max not valid string range item")
                return
            }
            lexRange = r
        }

        let z: ZSetValue
        switch zsetLookup(c, c.arg(keyIndex)) {
        case .wrongType: return
        case .missing:
            if store { zrangeStoreFinish(c, nil) } else { c.addEmptyArray() }
            return
        case .found(let x): z = x
        }

        // The rank interval to emit, in emission order.
        let n = Int64(z.count)
        var ranks: Range<Int> = 0..<0
        switch type {
        case .rank, .auto:
            if start < 0 { start = n &+ start }
            if end < 0 { end = n &+ end }
            if start < 0 { start = 0 }
            if !(start > end || start >= n) {
                if end >= n { end = n - 1 }
                // Ranks count from the tail in reverse.
                ranks = reverse ? Int(n - 1 - end)..<Int(n - start) : Int(start)..<Int(end + 1)
            }
        case .score, .lex:
            let all = type == .score ? z.ranks(in: scoreRange) : z.ranks(in: lexRange, reverse: reverse)
            // A negative offset skips everything, a negative limit takes everything (Redis's
            // post-decrement loops).
            if offset >= 0 && offset < Int64(all.count) {
                let avail = Int64(all.count) - offset
                let take = Int(limit < 0 ? avail : min(limit, avail))
                let skip = Int(offset)
                ranks = reverse ? (all.upperBound - skip - take)..<(all.upperBound - skip)
                                : (all.lowerBound + skip)..<(all.lowerBound + skip + take)
            }
        }

        if store {
            let maxEntries = zsetMaxEntries, maxValue = zsetMaxValue
            // Redis sizes the destination up front when the length is known (rank ranges):
            // past the entries threshold it starts in the big encoding, which keeps -0.
            let known = type == .rank || type == .auto
            var dst = known && ranks.count > maxEntries ? ZSetValue(index: ZSetIndex(capacity: ranks.count)) : ZSetValue()
            z.forEach(ranks: ranks, reverse: reverse) { m, s in
                _ = dst.add(m, score: s, maxEntries: maxEntries, maxValue: maxValue)
            }
            zrangeStoreFinish(c, dst)
            return
        }
        c.addArrayLen(withScores && c.resp == .resp2 ? ranks.count * 2 : ranks.count)
        let nested = withScores && c.resp == .resp3
        z.forEach(ranks: ranks, reverse: reverse) { m, s in
            if nested { c.addArrayLen(2) }
            c.addBulk(m)
            if withScores { c.addScore(s) }
        }
    }

    /// ZRANGESTORE's ending: store a non-empty result (which it takes; an empty one is
    /// freed), or delete the destination.
    fileprivate func zrangeStoreFinish(_ c: Client, _ dst: ZSetValue?) {
        let key = c.arg(1)
        let db = databases[c.dbIndex]
        if let d = dst, d.count > 0 {
            db.setKey(key, .zset(d))
            c.addInt(d.count)
            notifyKeyspaceEvent(.zset, "zrangestore", key, dbIndex: c.dbIndex)
            dirty += 1
        } else {
            dst?.free()
            c.addInt(0)
            if db.deleteKey(key) {
                notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex)
                dirty += 1
            }
        }
    }

    // MARK: ZREMRANGEBYRANK / BYSCORE / BYLEX

    func zremrangeGeneric(_ c: Client, type: ZRangeType) {
        var start: Int64 = 0, end: Int64 = 0
        var scoreRange = ZScoreRange(min: 0, max: 0, minExclusive: false, maxExclusive: false)
        var lexRange = ZLexRange(min: .minusInfinity, max: .plusInfinity)
        let event: String
        switch type {
        case .rank, .auto:
            event = "zremrangebyrank"
            guard let a = parseStrictInt64(c.arg(2)), let b = parseStrictInt64(c.arg(3)) else {
                c.addErrorNotInteger()
                return
            }
            start = a
            end = b
        case .score:
            event = "zremrangebyscore"
            guard let r = parseScoreRange(c.arg(2), c.arg(3)) else {
                c.addError("ERR min or max is not a float")
                return
            }
            scoreRange = r
        case .lex:
            event = "zremrangebylex"
            guard let r = parseLexRange(c.arg(2), c.arg(3)) else {
                c.addError("ERR min or max not valid string range item")
                return
            }
            lexRange = r
        }
        let key = c.arg(1)
        guard case (let e, var z)? = zsetForWrite(c, key, missing: { $0.addInt(0) }) else { return }
        let ranks: Range<Int>
        switch type {
        case .rank, .auto:
            let n = Int64(z.count)
            if start < 0 { start = n &+ start }
            if end < 0 { end = n &+ end }
            if start < 0 { start = 0 }
            if start > end || start >= n {
                c.addInt(0)
                return
            }
            if end >= n { end = n - 1 }
            ranks = Int(start)..<Int(end + 1)
        case .score:
            ranks = z.ranks(in: scoreRange)
        case .lex:
            ranks = z.ranks(in: lexRange, reverse: false)
        }
        let deleted = z.removeRanks(ranks)
        e.value = .zset(z)
        if deleted > 0 {
            let removed = zsetDeleteIfEmpty(c, z, key)
            if !removed { signalModifiedKey(key, dbIndex: c.dbIndex) }
            notifyKeyspaceEvent(.zset, event, key, dbIndex: c.dbIndex)
            if removed { notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex) }
        }
        dirty += Int64(deleted)
        c.addInt(deleted)
    }

    // MARK: ZPOPMIN, ZPOPMAX, ZMPOP (and what the blocking variants call)

    /// Redis's genericZpopCommand. Pops from the first of `keys` that holds a sorted set
    /// (WRONGTYPE on the first key of another type), up to `count` members from the low
    /// end (or the high end with `max`); `count` -1 means "one, no COUNT given".
    ///
    /// Reply shapes, as Redis 7.0:
    ///   emitKey false, nested false   flat [member, score, ...]       (ZPOPMIN/MAX; RESP2, or RESP3 without COUNT)
    ///   emitKey false, nested true    [[member, score], ...]          (ZPOPMIN/MAX with COUNT in RESP3)
    ///   emitKey true,  nested false   [key, member, score, ...]       (BZPOPMIN/BZPOPMAX)
    ///   emitKey true,  nested true    [key, [[member, score], ...]]   (ZMPOP/BZMPOP)
    /// With no set found it replies the null array when `nullWhenEmpty` (ZMPOP), else an
    /// empty array. A blocked client is served by calling this with its one ready key,
    /// emitKey true, the count and nesting its command asked for, and nullWhenEmpty false.
    /// Returns what happened so the caller can tell a pop from an empty answer.
    @discardableResult
    func zpopGeneric(_ c: Client, keys: ArraySlice<UnsafeRawBufferPointer>, max: Bool, emitKey: Bool,
                     count: Int64, nested: Bool, nullWhenEmpty: Bool) -> ZPopOutcome {
        let db = databases[c.dbIndex]
        var target: (UnsafeRawBufferPointer, DictEntry<Value>, ZSetValue)? = nil
        for key in keys {
            guard let e = db.lookupWrite(key) else { continue }
            guard case .zset(let z) = e.value else {
                c.addErrorWrongType()
                return .wrongType
            }
            target = (key, e, z)
            break
        }
        guard case (let key, let e, var z)? = target else {
            if nullWhenEmpty { c.addNullArray() } else { c.addEmptyArray() }
            return .empty
        }
        if count == 0 {
            c.addEmptyArray()
            return .empty
        }
        let want = count == -1 ? 1 : count
        let n = Int(min(want, Int64(z.count)))
        switch (emitKey, nested) {
        case (false, false): c.addArrayLen(n * 2)
        case (false, true): c.addArrayLen(n)
        case (true, false):
            c.addArrayLen(n * 2 + 1)
            c.addBulk(key)
        case (true, true):
            c.addArrayLen(2)
            c.addBulk(key)
            c.addArrayLen(n)
        }
        for i in 0..<n {
            let r = max ? z.count - 1 : 0
            z.element(atRank: r) { m, s in
                if nested { c.addArrayLen(2) }
                c.addBulk(m)
                c.addScore(s)
            }
            z.removeRanks(r..<(r + 1))
            e.value = .zset(z)
            dirty += 1
            if i == 0 { notifyKeyspaceEvent(.zset, max ? "zpopmax" : "zpopmin", key, dbIndex: c.dbIndex) }
        }
        if zsetDeleteIfEmpty(c, z, key) {
            notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex)
            return .popped(n, keyDeleted: true)
        }
        signalModifiedKey(key, dbIndex: c.dbIndex)
        return .popped(n, keyDeleted: false)
    }

    enum ZPopOutcome: Equatable {
        case popped(Int, keyDeleted: Bool)
        case empty
        case wrongType
    }

    /// ZPOPMIN/ZPOPMAX key [count]
    func zpopMinMaxCommand(_ c: Client, max: Bool) {
        if c.argc > 3 {
            c.addErrorSyntax()
            return
        }
        var count: Int64 = -1
        if c.argc == 3 {
            guard let v = parseStrictInt64(c.arg(2)) else {
                c.addError("ERR value is out of range, must be positive")
                return
            }
            if v < 0 {
                c.addError("ERR value is out of range, must be positive")
                return
            }
            count = v
        }
        zpopGeneric(c, keys: c.argv[1...1], max: max, emitKey: false, count: count,
                    nested: c.resp == .resp3 && count != -1, nullWhenEmpty: false)
    }

    /// The arguments of ZMPOP / BZMPOP from `numkeysIndex` on: numkeys key... MIN|MAX [COUNT n].
    /// Replies the error and returns nil when they are wrong.
    func parseZmpopArguments(_ c: Client, numkeysIndex: Int) -> (keys: Range<Int>, max: Bool, count: Int64)? {
        guard let numkeys = parseStrictInt64(c.arg(numkeysIndex)), numkeys >= 1 else {
            c.addError("ERR numkeys should be greater than 0")
            return nil
        }
        let (whereIndex, overflow) = Int64(numkeysIndex).addingReportingOverflow(numkeys &+ 1)
        if overflow || whereIndex >= Int64(c.argc) || numkeys == Int64.max {
            c.addErrorSyntax()
            return nil
        }
        let w = Int(whereIndex)
        let max: Bool
        if c.argIs(w, "min") { max = false }
        else if c.argIs(w, "max") { max = true }
        else {
            c.addErrorSyntax()
            return nil
        }
        var count: Int64 = -1
        var j = w + 1
        while j < c.argc {
            let moreArgs = c.argc - 1 - j
            if count == -1 && c.argIs(j, "count") && moreArgs > 0 {
                j += 1
                guard let v = parseStrictInt64(c.arg(j)), v >= 1 else {
                    c.addError("ERR count should be greater than 0")
                    return nil
                }
                count = v
            } else {
                c.addErrorSyntax()
                return nil
            }
            j += 1
        }
        if count == -1 { count = 1 }
        return ((numkeysIndex + 1)..<w, max, count)
    }

    /// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
    func zmpopCommand(_ c: Client) {
        guard let a = parseZmpopArguments(c, numkeysIndex: 1) else { return }
        zpopGeneric(c, keys: c.argv[a.keys], max: a.max, emitKey: true, count: a.count,
                    nested: true, nullWhenEmpty: true)
    }

    // MARK: ZRANDMEMBER

    /// ZRANDMEMBER key [count [WITHSCORES]]
    func zrandmemberCommand(_ c: Client) {
        if c.argc >= 3 {
            guard let l = parseStrictInt64(c.arg(2)) else {
                c.addErrorNotInteger()
                return
            }
            if l == Int64.min {
                c.addError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
                return
            }
            if c.argc > 4 || (c.argc == 4 && !c.argIs(3, "withscores")) {
                c.addErrorSyntax()
                return
            }
            let withScores = c.argc == 4
            if withScores && (l < -Int64.max / 2 || l > Int64.max / 2) {
                c.addError("ERR value is out of range")
                return
            }
            zrandmemberWithCount(c, l, withScores: withScores)
            return
        }
        switch zsetLookup(c, c.arg(1)) {
        case .missing: c.addNull()
        case .wrongType: return
        case .found(let z):
            z.element(atRank: z.randomRank()) { m, _ in c.addBulk(m) }
        }
    }

    private func zrandmemberWithCount(_ c: Client, _ l: Int64, withScores: Bool) {
        let z: ZSetValue
        switch zsetLookup(c, c.arg(1)) {
        case .missing: c.addEmptyArray(); return
        case .wrongType: return
        case .found(let x): z = x
        }
        let size = z.count
        let unique = l >= 0
        let count = l >= 0 ? UInt64(l) : UInt64(-l)
        if count == 0 {
            c.addEmptyArray()
            return
        }
        let flatScores = withScores && c.resp == .resp2
        let nested = withScores && c.resp == .resp3
        func emit(_ m: UnsafeRawBufferPointer, _ s: Double) {
            if nested { c.addArrayLen(2) }
            c.addBulk(m)
            if withScores { c.addScore(s) }
        }
        // Repetitions allowed (negative count), or a single member: independent draws.
        if !unique || count == 1 {
            c.addArrayLen(flatScores ? Int(count) * 2 : Int(count))
            for _ in 0..<count {
                z.element(atRank: z.randomRank()) { m, s in emit(m, s) }
            }
            return
        }
        // The whole set when it is not larger than the count, from the highest rank down
        // (Redis walks the set with its ZUNION iterator, which starts at the tail).
        if count >= UInt64(size) {
            c.addArrayLen(flatScores ? size * 2 : size)
            z.forEach(ranks: 0..<size, reverse: true) { m, s in emit(m, s) }
            return
        }
        // Distinct members: drop random ones from the whole set when most are wanted,
        // otherwise draw distinct ranks.
        let k = Int(count)
        var chosen: [Int]
        if k * 3 > size {
            chosen = Array(0..<size)
            while chosen.count > k {
                let i = Int(randomUInt64() % UInt64(chosen.count))
                chosen.swapAt(i, chosen.count - 1)
                chosen.removeLast()
            }
        } else {
            var picked = Set<Int>()
            chosen = []
            chosen.reserveCapacity(k)
            while chosen.count < k {
                let r = z.randomRank()
                if picked.insert(r).inserted { chosen.append(r) }
            }
        }
        c.addArrayLen(flatScores ? k * 2 : k)
        for r in chosen { z.element(atRank: r) { m, s in emit(m, s) } }
    }

    // MARK: ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD

    enum ZSetOp { case union, inter, diff }
    enum ZAggregate { case sum, min, max }

    /// Redis's zunionInterDiffGenericCommand. Inputs are sorted sets or plain sets (every
    /// member scoring 1); a missing key is an empty input.
    func zsetOpGeneric(_ c: Client, op: ZSetOp, store: Bool, cardinalityOnly: Bool) {
        let numkeysIndex = store ? 2 : 1
        guard let setnum = parseStrictInt64(c.arg(numkeysIndex)) else {
            c.addErrorNotInteger()
            return
        }
        if setnum < 1 {
            let name = c.currentCommand?.fullName ?? c.argString(0).lowercased()
            c.addError("ERR at least 1 input key is needed for '\(name)' command")
            return
        }
        if setnum > Int64(c.argc - (numkeysIndex + 1)) {
            c.addErrorSyntax()
            return
        }
        let n = Int(setnum)
        let db = databases[c.dbIndex]
        var sources: [ZOpSource] = []
        sources.reserveCapacity(n)
        for i in 0..<n {
            let key = c.arg(numkeysIndex + 1 + i)
            guard let e = db.lookupRead(key) else {
                sources.append(ZOpSource(.missing))
                continue
            }
            guard let src = ZOpSource(value: e.value) else {
                c.addErrorWrongType()
                return
            }
            sources.append(src)
        }
        var weights = [Double](repeating: 1, count: n)
        var aggregate = ZAggregate.sum
        var withScores = false
        var limit: Int64 = 0
        var j = numkeysIndex + 1 + n
        while j < c.argc {
            let remaining = c.argc - j
            if op != .diff && !cardinalityOnly && remaining >= n + 1 && c.argIs(j, "weights") {
                j += 1
                for i in 0..<n {
                    guard let w = parseRedisDouble(c.arg(j)) else {
                        c.addError("ERR weight value is not a float")
                        return
                    }
                    weights[i] = w
                    j += 1
                }
            } else if op != .diff && !cardinalityOnly && remaining >= 2 && c.argIs(j, "aggregate") {
                j += 1
                if c.argIs(j, "sum") { aggregate = .sum }
                else if c.argIs(j, "min") { aggregate = .min }
                else if c.argIs(j, "max") { aggregate = .max }
                else {
                    c.addErrorSyntax()
                    return
                }
                j += 1
            } else if remaining >= 1 && !store && !cardinalityOnly && c.argIs(j, "withscores") {
                withScores = true
                j += 1
            } else if cardinalityOnly && remaining >= 2 && c.argIs(j, "limit") {
                guard let v = parseStrictInt64(c.arg(j + 1)), v >= 0 else {
                    c.addError("ERR LIMIT can't be negative")
                    return
                }
                limit = v
                j += 2
            } else {
                c.addErrorSyntax()
                return
            }
        }
        for i in 0..<n { sources[i].weight = weights[i] }
        // Smallest inputs first (a stable sort, as glibc's qsort is for these sizes).
        if op != .diff {
            sources = sources.enumerated().sorted {
                $0.element.count != $1.element.count ? $0.element.count < $1.element.count : $0.offset < $1.offset
            }.map(\.element)
        }

        let result = ZSetIndex()
        var cardinality: Int64 = 0
        switch op {
        case .inter:
            if sources[0].count > 0 {
                sources[0].forEach { m, s0 in
                    if cardinalityOnly && limit > 0 && cardinality >= limit { return false }
                    var score = sources[0].weight * s0
                    if score.isNaN { score = 0 }
                    for k in 1..<n {
                        let v: Double
                        if sources[k].isSame(as: sources[0]) {
                            v = s0 * sources[k].weight
                        } else if let x = sources[k].score(m) {
                            v = x * sources[k].weight
                        } else {
                            return true
                        }
                        score = zsetAggregate(score, v, aggregate)
                    }
                    if cardinalityOnly {
                        cardinality += 1
                    } else {
                        result.insertNew(m, score)
                    }
                    return true
                }
            }
        case .union:
            for src in sources where src.count > 0 {
                src.forEach { m, s in
                    var score = src.weight * s
                    if score.isNaN { score = 0 }
                    if let id = result.find(m) {
                        let old = result.score(id: id)
                        let v = zsetAggregate(old, score, aggregate)
                        if v != old || (v == 0 && v.sign != old.sign) { result.updateScore(id: id, to: v) }
                    } else {
                        result.insertNew(m, score)
                    }
                    return true
                }
            }
        case .diff:
            let first = sources[0]
            if first.count > 0 && !sources.dropFirst().contains(where: { $0.isSame(as: first) }) {
                first.forEach { m, s in
                    for k in 1..<n {
                        if sources[k].score(m) != nil { return true }
                    }
                    result.insertNew(m, s)
                    return true
                }
            }
        }

        if store {
            let key = c.arg(1)
            if result.count > 0 {
                var dst = ZSetValue(index: result)
                dst.convertToListpackIfFits(maxEntries: zsetMaxEntries, maxValue: zsetMaxValue)
                db.setKey(key, .zset(dst))
                c.addInt(dst.count)
                let event = op == .union ? "zunionstore" : op == .inter ? "zinterstore" : "zdiffstore"
                notifyKeyspaceEvent(.zset, event, key, dbIndex: c.dbIndex)
                dirty += 1
            } else {
                c.addInt(0)
                if db.deleteKey(key) {
                    notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex)
                    dirty += 1
                }
            }
        } else if cardinalityOnly {
            c.addInt(cardinality)
        } else {
            let count = result.count
            c.addArrayLen(withScores && c.resp == .resp2 ? count * 2 : count)
            let nested = withScores && c.resp == .resp3
            result.forEach(fromRank: 0, reverse: false) { m, s in
                if nested { c.addArrayLen(2) }
                c.addBulk(m)
                if withScores { c.addScore(s) }
                return true
            }
        }
    }

    // MARK: ZSCAN

    /// ZSCAN key cursor [MATCH pattern] [COUNT count]
    func zscanCommand(_ c: Client) {
        guard var cursor = parseScanCursor(c.arg(2)) else {
            c.addError("ERR invalid cursor")
            return
        }
        let z: ZSetValue
        switch zsetLookup(c, c.arg(1)) {
        case .missing:
            c.addArrayLen(2)
            c.addBulk("0" as StaticString)
            c.addArrayLen(0)
            return
        case .wrongType: return
        case .found(let x): z = x
        }
        guard let options = c.parseScanOptions(from: 3) else { return }
        let count = options.count, pattern = options.pattern
        var items: [([UInt8], [UInt8])] = []
        let whole = z.forEachStored { m, s in items.append((Array(m), Array(s))) }
        if whole {
            cursor = 0
        } else {
            var iterations = count.multipliedReportingOverflow(by: 10).overflow ? Int.max : count * 10
            repeat {
                cursor = z.scan(cursor) { m, s in items.append((Array(m), scoreText(s))) }
                if cursor == 0 || iterations == 0 { break }
                iterations -= 1
            } while items.count * 2 < count
        }
        if let p = pattern {
            items.removeAll { item in !item.0.withUnsafeBytes { stringMatch(p, $0) } }
        }
        c.addArrayLen(2)
        c.addBulkInt(Int64(bitPattern: cursor))
        c.addArrayLen(items.count * 2)
        for (m, s) in items {
            c.addBulk(m)
            c.addBulk(s)
        }
    }
}

/// One input of ZUNION/ZINTER/ZDIFF: a sorted set, a plain set (scores 1), or nothing.
struct ZOpSource {
    enum Kind {
        case missing
        case zset(ZSetValue)
        case set(SetValue)
    }
    let kind: Kind
    var weight = 1.0

    init(_ kind: Kind) { self.kind = kind }

    /// Nil for a value that is neither a sorted set nor a set (WRONGTYPE).
    init?(value: Value) {
        switch value {
        case .zset(let z): kind = .zset(z)
        case .set(let s): kind = .set(s)
        default: return nil
        }
    }

    var count: Int {
        switch kind {
        case .missing: return 0
        case .zset(let z): return z.count
        case .set(let s): return s.count
        }
    }

    func score(_ m: UnsafeRawBufferPointer) -> Double? {
        switch kind {
        case .missing: return nil
        case .zset(let z): return z.score(m)
        case .set(let s): return s.contains(m) ? 1 : nil
        }
    }

    /// Visits every member with its score while `body` returns true.
    func forEach(_ body: (UnsafeRawBufferPointer, Double) -> Bool) {
        switch kind {
        case .missing: return
        case .zset(let z):
            var go = true
            z.forEach(ranks: 0..<z.count) { m, s in
                if go { go = body(m, s) }
            }
        case .set(let s):
            s.forEachWhile { v in v.withBytes { body($0, 1) } }
        }
    }

    func isSame(as other: ZOpSource) -> Bool {
        switch (kind, other.kind) {
        case (.zset(let a), .zset(let b)): return a.identity == b.identity
        case (.set(let a), .set(let b)): return a.identity == b.identity
        default: return false
        }
    }
}

@inline(__always) func zsetAggregate(_ target: Double, _ v: Double, _ how: Server.ZAggregate) -> Double {
    switch how {
    case .sum:
        let r = target + v
        return r.isNaN ? 0 : r
    case .min: return v < target ? v : target
    case .max: return v > target ? v : target
    }
}

/// "%.17g" text of a score (ZSCAN of the big encoding).
private func scoreText(_ d: Double) -> [UInt8] {
    var buf = [UInt8](repeating: 0, count: 40)
    let n = buf.withUnsafeMutableBufferPointer { formatScore17g(d, into: $0.baseAddress!, capacity: 40) }
    return Array(buf[0..<n])
}

// MARK: argument parsing

/// Redis's getDoubleFromObject: the whole argument must be a strtod number, with no
/// leading space; NaN and out-of-range values (overflow, or underflow to zero) are refused.
func parseRedisDouble(_ p: UnsafeRawBufferPointer) -> Double? {
    let n = p.count
    if n == 0 { return nil }
    // Plain integers that a double holds exactly need no strtod.
    if n <= 16, let v = parseStrictInt64(p) { return Double(v) }
    let c0 = p[0]
    if c0 == 32 || (c0 >= 9 && c0 <= 13) { return nil }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> Double? in
        let base = buf.baseAddress!
        UnsafeMutableRawPointer(base).copyMemory(from: p.baseAddress!, byteCount: n)
        base[n] = 0
        errno = 0
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = strtod(base, &end)
        guard let e = end, e - base == n else { return nil }
        if errno == ERANGE && (v.isInfinite || v == 0) { return nil }
        if v.isNaN { return nil }
        return v
    }
}

/// strtod over the argument read as a C string (up to its first NUL), as zslParseRange
/// does: leading spaces are allowed, the number must end the string, NaN is refused.
private func parseRangeDouble(_ p: UnsafeRawBufferPointer) -> Double? {
    let n = cStringLength(p)
    if n > 0 && n <= 16, let v = parseStrictInt64(UnsafeRawBufferPointer(rebasing: p[0..<n])) { return Double(v) }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> Double? in
        let base = buf.baseAddress!
        if n > 0 { UnsafeMutableRawPointer(base).copyMemory(from: p.baseAddress!, byteCount: n) }
        base[n] = 0
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = strtod(base, &end)
        guard let e = end, e.pointee == 0 else { return nil }
        return v.isNaN ? nil : v
    }
}

/// Redis's zslParseRange: "(" makes a bound exclusive.
func parseScoreRange(_ minArg: UnsafeRawBufferPointer, _ maxArg: UnsafeRawBufferPointer) -> ZScoreRange? {
    func bound(_ p: UnsafeRawBufferPointer) -> (Double, Bool)? {
        if p.count > 0 && p[0] == UInt8(ascii: "(") {
            guard let v = parseRangeDouble(UnsafeRawBufferPointer(rebasing: p[1...])) else { return nil }
            return (v, true)
        }
        guard let v = parseRangeDouble(p) else { return nil }
        return (v, false)
    }
    guard let (lo, loEx) = bound(minArg), let (hi, hiEx) = bound(maxArg) else { return nil }
    return ZScoreRange(min: lo, max: hi, minExclusive: loEx, maxExclusive: hiEx)
}

/// Redis's zslParseLexRangeItem / zslParseLexRange: "-", "+", "[member" or "(member".
func parseLexRange(_ minArg: UnsafeRawBufferPointer, _ maxArg: UnsafeRawBufferPointer) -> ZLexRange? {
    func bound(_ p: UnsafeRawBufferPointer) -> ZLexBound? {
        if p.count == 0 { return nil }
        switch p[0] {
        case UInt8(ascii: "+"):
            return p.count == 1 || p[1] == 0 ? .plusInfinity : nil
        case UInt8(ascii: "-"):
            return p.count == 1 || p[1] == 0 ? .minusInfinity : nil
        case UInt8(ascii: "("):
            return .exclusive(UnsafeRawBufferPointer(rebasing: p[1...]))
        case UInt8(ascii: "["):
            return .inclusive(UnsafeRawBufferPointer(rebasing: p[1...]))
        default:
            return nil
        }
    }
    guard let lo = bound(minArg), let hi = bound(maxArg) else { return nil }
    return ZLexRange(min: lo, max: hi)
}

extension Client {
    /// A score reply: "%.17g" as a RESP2 bulk string or a RESP3 double. Integral scores
    /// below 1e15 print as their digits under "%.17g", so they skip printf.
    @inline(__always) func addScore(_ d: Double) {
        if d.magnitude < 1e15, d == d.rounded(.towardZero), !(d == 0 && d.sign == .minus) {
            guard repliesEnabled else { return }
            willWrite()
            let v = Int64(d)
            if resp == .resp3 {
                var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
                withUnsafeMutableBytes(of: &tmp) { s in
                    let p = s.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    p[0] = UInt8(ascii: ",")
                    let len = formatDecimalBytes(v, into: p + 1)
                    p[len + 1] = 13
                    p[len + 2] = 10
                    out.append(UnsafeRawBufferPointer(start: s.baseAddress, count: len + 3))
                }
            } else {
                out.writeBulkDecimal(v)
            }
            return
        }
        addDouble(d)
    }
}
