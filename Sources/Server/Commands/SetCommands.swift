// SetCommands: the set type's commands (Redis's t_set.c, command side).
//
// SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP SRANDMEMBER SMOVE SINTER SINTERCARD
// SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN.
//
// The value is a SetValue (DataStructures/SetValue.swift), which owns the two encodings
// (intset, hashtable) and converts between them; set-max-intset-entries is read from the
// config at each write, so CONFIG SET takes effect at the next insert, as in Redis. Shape,
// as in t_set.c:
//   - `sinterGeneric` serves SINTER, SMEMBERS (an intersection of one set, as in Redis
//     7.0), SINTERCARD and SINTERSTORE: sets sorted by size, the smallest walked, each
//     member looked up in the others, so the reply comes in the smallest set's order.
//   - `sunionDiffGeneric` serves SUNION, SDIFF and their STORE forms: the result is built
//     in a fresh set that starts as an intset (Redis's createIntsetObject) and converts as
//     members are added, then replied or stored. SDIFF picks Redis's algorithm by the same
//     estimate of work (walk the first set and look each member up in the others, or copy
//     the first set and remove the others' members), because the result's encoding depends
//     on it: a copy that passed the intset limit stays a hashtable after removals.
//   - `spopWithCount` and `srandmemberWithCount` follow Redis's cases (whole set, few
//     members drawn one by one, most members drawn into a fresh set, repeats allowed).
// Errors and their order are Redis 7.0.15's, checked against redis-server: counts are
// parsed before the key is looked up; SPOP's count must be in [0, LONG_MAX] ("value is out
// of range, must be positive"), SRANDMEMBER's in [-LONG_MAX, LONG_MAX]; SINTERCARD checks
// numkeys, then the argument count, then LIMIT, then the keys' types; SMOVE answers 0 for
// a missing source before it checks the destination's type; SSCAN parses its cursor
// before the lookup and its options after it (TYPE is a syntax error, as for HSCAN).
// Option names compare as Redis's strcasecmp does (up to a NUL byte: "count\0" is COUNT).
//
// Replies are written straight from the structure (LPValue: an intset integer, or bytes in
// a member block), RESP3 sets ("~") where Redis uses addReplySetLen. Every write bumps
// `dirty` as Redis does, signals the key as modified, and fires Redis's keyspace events
// (class s): "sadd", "srem", "spop", "sinterstore", "sunionstore", "sdiffstore", SMOVE's
// "srem" on the source and "sadd" on the destination, and "del" (class g) when a set loses
// its last member or a STORE result is empty (an empty set never stays in the keyspace).

import DataStructures
import RESP

/// Which of SUNION and SDIFF `sunionDiffGeneric` computes.
enum SetUnionOrDiff { case union, diff }

extension Server {
    static func setCommands() -> [(String, CommandHandler)] {
        [
            ("sadd", { s, c in s.saddCommand(c) }),
            ("srem", { s, c in s.sremCommand(c) }),
            ("smembers", { s, c in s.sinterGeneric(c, keys: 1..<2, destination: nil) }),
            ("sismember", { s, c in s.sismemberCommand(c) }),
            ("smismember", { s, c in s.smismemberCommand(c) }),
            ("scard", { s, c in s.scardCommand(c) }),
            ("spop", { s, c in s.spopCommand(c) }),
            ("srandmember", { s, c in s.srandmemberCommand(c) }),
            ("smove", { s, c in s.smoveCommand(c) }),
            ("sinter", { s, c in s.sinterGeneric(c, keys: 1..<c.argc, destination: nil) }),
            ("sintercard", { s, c in s.sintercardCommand(c) }),
            ("sinterstore", { s, c in s.sinterGeneric(c, keys: 2..<c.argc, destination: c.arg(1)) }),
            ("sunion", { s, c in s.sunionDiffGeneric(c, keys: 1..<c.argc, destination: nil, .union) }),
            ("sunionstore", { s, c in s.sunionDiffGeneric(c, keys: 2..<c.argc, destination: c.arg(1), .union) }),
            ("sdiff", { s, c in s.sunionDiffGeneric(c, keys: 1..<c.argc, destination: nil, .diff) }),
            ("sdiffstore", { s, c in s.sunionDiffGeneric(c, keys: 2..<c.argc, destination: c.arg(1), .diff) }),
            ("sscan", { s, c in s.sscanCommand(c) }),
        ]
    }

    // MARK: shared helpers

    /// set-max-intset-entries as configured now.
    private var maxIntsetEntries: Int { config.setMaxIntsetEntries }

    /// The set at `key` for reading; nil when missing (`missing` is then sent) or of another
    /// type (WRONGTYPE sent).
    @inline(__always)
    private func setForRead(_ c: Client, _ key: UnsafeRawBufferPointer, missing: (Client) -> Void) -> SetValue? {
        guard let e = databases[c.dbIndex].lookupRead(key) else { missing(c); return nil }
        guard case .set(let s) = e.value else { c.addErrorWrongType(); return nil }
        return s
    }

    /// The entry of the set at `key` for writing, with the set; nil when missing (`missing`
    /// is then sent) or of another type (WRONGTYPE sent). A change to the set is stored back
    /// in the entry (its intset block may move) before anything may delete the key.
    @inline(__always)
    private func setForWrite(_ c: Client, _ key: UnsafeRawBufferPointer,
                             missing: (Client) -> Void) -> (DictEntry<Value>, SetValue)? {
        guard let e = databases[c.dbIndex].lookupWrite(key) else { missing(c); return nil }
        guard case .set(let s) = e.value else { c.addErrorWrongType(); return nil }
        return (e, s)
    }

    /// Deletes a set that lost its last member, with the "del" event (deleteKey signals
    /// the modification).
    private func deleteEmptiedSet(_ c: Client, _ key: UnsafeRawBufferPointer) {
        databases[c.dbIndex].deleteKey(key)
        notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex)
    }

    // MARK: SADD / SREM

    /// SADD key member [member ...]: the set is created for its first member when missing
    /// (an intset when that member is an integer, as Redis's setTypeCreate).
    func saddCommand(_ c: Client) {
        let key = c.arg(1)
        let db = databases[c.dbIndex]
        let entry: DictEntry<Value>
        if let e = db.lookupWrite(key) {
            guard case .set = e.value else { c.addErrorWrongType(); return }
            entry = e
        } else {
            entry = db.add(key, .set(SetValue.created(for: c.arg(2))))
        }
        let limit = maxIntsetEntries
        var added = 0
        entry.withSet { set in
            for i in 2..<c.argc where set.add(c.arg(i), maxIntsetEntries: limit) { added += 1 }
        }
        if added > 0 {
            signalModifiedKey(key, dbIndex: c.dbIndex)
            notifyKeyspaceEvent(.set, "sadd", key, dbIndex: c.dbIndex)
        }
        dirty += Int64(added)
        c.addInt(added)
    }

    /// SREM key member [member ...]: stops at the member that empties the set, which then
    /// leaves the keyspace.
    func sremCommand(_ c: Client) {
        let key = c.arg(1)
        guard case (let e, var set)? = setForWrite(c, key, missing: { $0.addInt(0) }) else { return }
        var deleted = 0
        var keyRemoved = false
        for i in 2..<c.argc where set.remove(c.arg(i)) {
            e.value = .set(set)          // before deleteKey, which frees it
            deleted += 1
            if set.count == 0 {
                databases[c.dbIndex].deleteKey(key)
                keyRemoved = true
                break
            }
        }
        if deleted > 0 {
            if !keyRemoved { signalModifiedKey(key, dbIndex: c.dbIndex) }
            notifyKeyspaceEvent(.set, "srem", key, dbIndex: c.dbIndex)
            if keyRemoved { notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex) }
            dirty += Int64(deleted)
        }
        c.addInt(deleted)
    }

    // MARK: reads

    func sismemberCommand(_ c: Client) {
        guard let set = setForRead(c, c.arg(1), missing: { $0.addInt(0) }) else { return }
        c.addInt(set.contains(c.arg(2)) ? 1 : 0)
    }

    /// SMISMEMBER key member [member ...]: 0 for every member of a missing key.
    func smismemberCommand(_ c: Client) {
        let n = c.argc - 2
        guard let set = setForRead(c, c.arg(1), missing: { c in
            c.addArrayLen(n)
            for _ in 0..<n { c.addInt(0) }
        }) else { return }
        c.addArrayLen(n)
        for i in 2..<c.argc { c.addInt(set.contains(c.arg(i)) ? 1 : 0) }
    }

    func scardCommand(_ c: Client) {
        guard let set = setForRead(c, c.arg(1), missing: { $0.addInt(0) }) else { return }
        c.addInt(set.count)
    }

    // MARK: SPOP

    /// SPOP key [count]
    func spopCommand(_ c: Client) {
        if c.argc == 3 { spopWithCount(c); return }
        if c.argc > 3 { c.addErrorSyntax(); return }
        let key = c.arg(1)
        guard case (let e, var set)? = setForWrite(c, key, missing: { $0.addNull() }) else { return }
        set.popRandom { member in
            notifyKeyspaceEvent(.set, "spop", key, dbIndex: c.dbIndex)
            c.addSetMember(member)
        }
        e.value = .set(set)
        if set.count == 0 { deleteEmptiedSet(c, key) } else { signalModifiedKey(key, dbIndex: c.dbIndex) }
        dirty += 1
    }

    /// SPOP key count: the whole set when count >= its size (and the key goes), otherwise
    /// `count` random distinct members.
    private func spopWithCount(_ c: Client) {
        guard let n = parseStrictInt64(c.arg(2)), n >= 0 else {
            c.addError("ERR value is out of range, must be positive")
            return
        }
        let key = c.arg(1)
        guard case (let e, var set)? = setForWrite(c, key, missing: { $0.addSetLen(0) }) else { return }
        if n == 0 { c.addSetLen(0); return }
        let count = Int(n)
        let size = set.count
        notifyKeyspaceEvent(.set, "spop", key, dbIndex: c.dbIndex)
        dirty &+= n  // the count asked for, as Redis (which may wrap)
        if count >= size {
            // Redis answers through SUNION of the key, which reads it (a keyspace hit).
            _ = databases[c.dbIndex].lookupRead(key)
            c.addSetLen(size)
            set.forEach { c.addSetMember($0) }
            deleteEmptiedSet(c, key)
            return
        }
        c.addSetLen(count)
        set.popRandom(count: count, maxIntsetEntries: maxIntsetEntries) { c.addSetMember($0) }
        e.value = .set(set)
        signalModifiedKey(key, dbIndex: c.dbIndex)
    }

    // MARK: SRANDMEMBER

    /// SRANDMEMBER key [count]
    func srandmemberCommand(_ c: Client) {
        if c.argc == 3 { srandmemberWithCount(c); return }
        if c.argc > 3 { c.addErrorSyntax(); return }
        guard let set = setForRead(c, c.arg(1), missing: { $0.addNull() }) else { return }
        c.addSetMember(set.randomMember())
    }

    /// SRANDMEMBER key count: distinct members for a positive count (the whole set when it
    /// is not larger), members drawn independently for a negative one.
    private func srandmemberWithCount(_ c: Client) {
        guard let n = parseStrictInt64(c.arg(2)) else { c.addErrorNotInteger(); return }
        if n == Int64.min {
            c.addError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
            return
        }
        guard let set = setForRead(c, c.arg(1), missing: { $0.addArrayLen(0) }) else { return }
        let count = Int(n.magnitude)
        if count == 0 { c.addArrayLen(0); return }
        if n < 0 || count == 1 {
            c.addArrayLen(count)
            // A huge negative count writes as long as the client can take it; stop when the
            // output buffer limits close the client.
            var written = 0
            set.randomMembersWithRepeats(count) { member in
                c.addSetMember(member)
                written += 1
                if written & 1023 == 0 {
                    checkOutputBufferLimits(c)
                    if c.flags.contains(.closeASAP) { return false }
                }
                return true
            }
            return
        }
        let size = set.count
        if count >= size {
            c.addArrayLen(size)
            set.forEach { c.addSetMember($0) }
            return
        }
        c.addArrayLen(count)
        set.randomDistinctMembers(count) { c.addSetMember($0) }
    }

    // MARK: SMOVE

    /// SMOVE source destination member
    func smoveCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let src = c.arg(1), dst = c.arg(2), member = c.arg(3)
        let srcEntry = db.lookupWrite(src)
        let dstEntry = db.lookupWrite(dst)
        guard let srcEntry else { c.addInt(0); return }
        guard case .set(var srcSet) = srcEntry.value else { c.addErrorWrongType(); return }
        if let dstEntry {
            guard case .set(let d) = dstEntry.value else { c.addErrorWrongType(); return }
            if d.identity == srcSet.identity {
                c.addInt(srcSet.contains(member) ? 1 : 0)
                return
            }
        }
        guard srcSet.remove(member) else { c.addInt(0); return }
        srcEntry.value = .set(srcSet)
        notifyKeyspaceEvent(.set, "srem", src, dbIndex: c.dbIndex)
        if srcSet.count == 0 { deleteEmptiedSet(c, src) } else { signalModifiedKey(src, dbIndex: c.dbIndex) }
        let target = dstEntry ?? db.add(dst, .set(SetValue.created(for: member)))
        dirty += 1
        if target.withSet({ $0.add(member, maxIntsetEntries: maxIntsetEntries) }) {
            dirty += 1
            notifyKeyspaceEvent(.set, "sadd", dst, dbIndex: c.dbIndex)
        }
        signalModifiedKey(dst, dbIndex: c.dbIndex)
        c.addInt(1)
    }

    // MARK: SINTER / SMEMBERS / SINTERCARD / SINTERSTORE

    /// SINTERCARD numkeys key [key ...] [LIMIT limit]
    func sintercardCommand(_ c: Client) {
        guard let numkeys = parseStrictInt64(c.arg(1)), numkeys > 0 else {
            c.addError("ERR numkeys should be greater than 0")
            return
        }
        if numkeys > Int64(c.argc - 2) {
            c.addError("ERR Number of keys can't be greater than number of args")
            return
        }
        let first = 2 + Int(numkeys)
        var limit = 0
        var i = first
        while i < c.argc {
            if optionMatches(c.arg(i), "limit") && i + 1 < c.argc {
                guard let l = parseStrictInt64(c.arg(i + 1)), l >= 0 else {
                    c.addError("ERR LIMIT can't be negative")
                    return
                }
                limit = Int(l)
                i += 2
            } else {
                c.addErrorSyntax()
                return
            }
        }
        sinterGeneric(c, keys: 2..<first, destination: nil, cardinalityOnly: true, limit: limit)
    }

    /// Redis's sinterGenericCommand: the intersection of the sets at `keys` (argument
    /// indexes), replied as a set, counted (SINTERCARD, stopping at `limit` when not 0), or
    /// stored at `destination`. A missing key is an empty set, so the result is empty, but
    /// every key is still checked for its type first.
    func sinterGeneric(_ c: Client, keys: Range<Int>, destination: UnsafeRawBufferPointer?,
                       cardinalityOnly: Bool = false, limit: Int = 0) {
        let db = databases[c.dbIndex]
        // SMEMBERS, or SINTER of one key: the set as it is, with no allocation.
        if keys.count == 1 && destination == nil && !cardinalityOnly {
            guard let set = setForRead(c, c.arg(keys.lowerBound), missing: { $0.addSetLen(0) }) else { return }
            c.addSetLen(set.count)
            set.forEach { c.addSetMember($0) }
            return
        }
        var sets: [SetValue] = []
        sets.reserveCapacity(keys.count)
        var missing = false
        for i in keys {
            let e = destination == nil ? db.lookupRead(c.arg(i)) : db.lookupWrite(c.arg(i))
            guard let e else { missing = true; continue }
            guard case .set(let s) = e.value else { c.addErrorWrongType(); return }
            sets.append(s)
        }
        if missing {
            if let dst = destination {
                if db.deleteKey(dst) {
                    notifyKeyspaceEvent(.generic, "del", dst, dbIndex: c.dbIndex)
                    dirty += 1
                }
                c.addInt(0)
            } else if cardinalityOnly {
                c.addInt(0)
            } else {
                c.addSetLen(0)
            }
            return
        }
        // Smallest first (ties keep the keys' order), then walk it.
        if sets.count > 1 {
            sets = sets.enumerated().sorted { a, b in
                a.element.count != b.element.count ? a.element.count < b.element.count : a.offset < b.offset
            }.map(\.element)
        }
        let others = sets.dropFirst()
        let smallest = sets[0]
        let smallestIdentity = smallest.identity
        @inline(__always) func inAllOthers(_ m: LPValue) -> Bool {
            for s in others where s.identity != smallestIdentity && !s.contains(m) { return false }
            return true
        }
        if cardinalityOnly {
            var n = 0
            smallest.forEachWhile { m in
                if inAllOthers(m) {
                    n += 1
                    if limit > 0 && n >= limit { return false }
                }
                return true
            }
            c.addInt(n)
            return
        }
        if let dst = destination {
            var result = SetValue()
            let max = maxIntsetEntries
            smallest.forEach { m in if inAllOthers(m) { result.add(m, maxIntsetEntries: max) } }
            storeSetResult(c, dst, result, event: "sinterstore")
            return
        }
        // The members point into the sets, which do not change during the command.
        var found: [LPValue] = []
        smallest.forEach { m in if inAllOthers(m) { found.append(m) } }
        c.addSetLen(found.count)
        for m in found { c.addSetMember(m) }
    }

    /// A STORE command's ending: the result (which it takes) replaces `dst` (dropping its
    /// TTL), or, when empty, `dst` is deleted; the reply is the result's size.
    private func storeSetResult(_ c: Client, _ dst: UnsafeRawBufferPointer, _ result: SetValue, event: String) {
        let db = databases[c.dbIndex]
        if result.count > 0 {
            db.setKey(dst, .set(result))
            c.addInt(result.count)
            notifyKeyspaceEvent(.set, event, dst, dbIndex: c.dbIndex)
            dirty += 1
        } else {
            result.free()
            c.addInt(0)
            if db.deleteKey(dst) {
                dirty += 1
                notifyKeyspaceEvent(.generic, "del", dst, dbIndex: c.dbIndex)
            }
        }
    }

    // MARK: SUNION / SDIFF and their STORE forms

        /// Redis's sunionDiffGenericCommand: the union, or the difference of the first set and
    /// the others, built in a fresh set (an intset until a member or the size says
    /// otherwise), replied as a set or stored at `destination`. A missing key is an empty
    /// set; every key is checked for its type.
    func sunionDiffGeneric(_ c: Client, keys: Range<Int>, destination: UnsafeRawBufferPointer?, _ op: SetUnionOrDiff) {
        let db = databases[c.dbIndex]
        var sets: [SetValue?] = []
        sets.reserveCapacity(keys.count)
        for i in keys {
            let e = destination == nil ? db.lookupRead(c.arg(i)) : db.lookupWrite(c.arg(i))
            guard let e else { sets.append(nil); continue }
            guard case .set(let s) = e.value else { c.addErrorWrongType(); return }
            sets.append(s)
        }
        var result = SetValue()
        let max = maxIntsetEntries
        switch op {
        case .union:
            for case let s? in sets { s.forEach { result.add($0, maxIntsetEntries: max) } }
        case .diff:
            guard let first = sets[0] else { break }
            // Redis's estimate: walking the first set costs its size per other set (halved,
            // as lookups often stop early); copying and removing costs every set's size.
            var walkWork = 0, copyWork = 0
            for case let s? in sets {
                walkWork += first.count
                copyWork += s.count
            }
            if walkWork / 2 <= copyWork {
                // Biggest sets first: a member is more likely found (and dropped) early.
                let others = sets.dropFirst().compactMap { $0 }.sorted { $0.count > $1.count }
                first.forEach { m in
                    for s in others where s.identity == first.identity || s.contains(m) { return }
                    result.add(m, maxIntsetEntries: max)
                }
            } else {
                first.forEach { result.add($0, maxIntsetEntries: max) }
                for case let s? in sets.dropFirst() {
                    if result.count == 0 { break }
                    s.forEach { result.remove($0) }
                }
            }
        }
        storeOrReply(c, destination, result, op)
    }

    /// Takes `result`: stored, or replied and freed.
    private func storeOrReply(_ c: Client, _ destination: UnsafeRawBufferPointer?, _ result: SetValue, _ op: SetUnionOrDiff) {
        if let dst = destination {
            storeSetResult(c, dst, result, event: op == .union ? "sunionstore" : "sdiffstore")
        } else {
            c.addSetLen(result.count)
            result.forEach { c.addSetMember($0) }
            result.free()
        }
    }

    // MARK: SSCAN

    /// SSCAN key cursor [MATCH pattern] [COUNT count]
    func sscanCommand(_ c: Client) {
        guard let cursor = parseScanCursor(c.arg(2)) else {
            c.addError("ERR invalid cursor")
            return
        }
        guard let set = setForRead(c, c.arg(1), missing: { c in
            c.addArrayLen(2)
            c.addBulk("0")
            c.addArrayLen(0)
        }) else { return }
        guard let options = c.parseScanOptions(from: 3) else { return }
        let count = options.count, pattern = options.pattern
        // Collect first (the reply's length depends on the filter); the members point into
        // the set, which does not change during the command.
        var found: [LPValue] = []
        found.reserveCapacity(set.isIntset ? set.count : min(count, 1024))
        let next = set.scan(cursor: cursor, count: count) { m in
            if let p = pattern, !m.withBytes({ stringMatch(p, $0) }) { return }
            found.append(m)
        }
        c.addArrayLen(2)
        c.addBulkInt(Int64(bitPattern: next))
        c.addArrayLen(found.count)
        for m in found { c.addSetMember(m) }
    }
}

extension Client {
    /// A set member as a bulk string (an intset integer in its decimal form).
    @inline(__always) fileprivate func addSetMember(_ m: LPValue) {
        switch m {
        case .int(let v): addBulkInt(v)
        case .bytes(let b): addBulk(b)
        }
    }
}
