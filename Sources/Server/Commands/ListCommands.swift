// ListCommands: the list type's commands (Redis's t_list.c, command side).
//
// LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LINDEX LSET LRANGE LTRIM LREM LINSERT LPOS LMOVE
// RPOPLPUSH LMPOP. (The blocking variants live with the blocking machinery and reuse the
// helpers marked "shared with blocking" below.)
//
// The value is a ListValue (DataStructures/ListValue.swift): a quicklist of listpack nodes,
// the only list encoding of Redis 7.0 ("quicklist" in OBJECT ENCODING). A new list takes
// list-max-listpack-size and list-compress-depth from the config when it is created, and
// keeps them, as Redis does.
//
// Shape, as in t_list.c:
//   - `pushGeneric` serves LPUSH, RPUSH, LPUSHX and RPUSHX; `popGeneric` LPOP and RPOP
//     (with and without COUNT); `lmoveGeneric` LMOVE and RPOPLPUSH; `addListRange` is
//     addListRangeReply, used by LRANGE, the COUNT pops and LMPOP.
//   - Shared with blocking (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP serve clients with
//     them, immediately or when a key becomes ready): `listPopWithKeyAndReply` (the
//     [key, element] reply of BLPOP/BRPOP), `listPopRangeWithKeyAndReply` (LMPOP/BLMPOP's
//     [key, [elements]]), `lmovePopAndPush` (LMOVE's pop, push and reply once the types are
//     checked), `lmoveHandlePush` (the push into the destination), `listElementsRemoved`
//     (events, deletion of an emptied key, dirty), `parseListEnd` (LEFT | RIGHT) and
//     `newList`.
//   - Argument errors come in Redis's order: LRANGE, LTRIM and LREM parse their integers
//     before looking the key up, LINDEX and LSET after; LPOP's COUNT is parsed first
//     ("value is out of range, must be positive" for anything but a non-negative integer);
//     LPOS parses all options first (RANK 0, "COUNT/MAXLEN can't be negative" also for
//     non-integers); LMPOP checks numkeys, then LEFT|RIGHT, then COUNT. Option words are
//     compared as C strings (an argument ends at its first NUL byte), as Redis's strcasecmp.
//   - Keyspace: a new list key goes in through Database.add, which signals clients blocked
//     on it (signalKeyAsReady, as Redis's dbAdd); pushes into an existing list need no
//     signal (nobody blocks on a non-empty list). An emptied list is deleted at once ("del"
//     event); events are Redis's:
//     "lpush", "rpush", "lpop", "rpop", "lset", "ltrim", "lrem", "linsert" (class l). LTRIM
//     fires "ltrim" even when it removes nothing, as Redis. `dirty` grows by the number of
//     elements pushed, popped, trimmed or removed.
//
// Replies come straight from the nodes: an element is a bulk string written from the bytes
// in its node's listpack (or the decimal form of an integer entry). Ranges (LRANGE, the
// COUNT pops, LMPOP) check once whether replies are on, then encode the elements into a
// stack buffer that goes into the output buffer in 8 KB chunks. The push and pop paths
// allocate nothing (LMOVE copies the moved element out of its node first, as an RStr:
// inline up to 15 bytes).

import DataStructures
import RESP

/// Which end of a list (Redis's LIST_HEAD / LIST_TAIL; LEFT / RIGHT in commands).
enum ListEnd {
    case head, tail

    var isHead: Bool { self == .head }
    var pushEvent: String { self == .head ? "lpush" : "rpush" }
    var popEvent: String { self == .head ? "lpop" : "rpop" }
}

fileprivate extension Client {
    /// True when argument `i`, read as a C string (up to its first NUL), is `option`
    /// ignoring case: Redis compares option words with strcasecmp.
    func argIsOption(_ i: Int, _ option: StaticString) -> Bool {
        let a = arg(i)
        var n = a.count
        if let z = a.firstIndex(of: 0) { n = z }
        if n != option.utf8CodeUnitCount { return false }
        let o = option.utf8Start
        for j in 0..<n {
            var x = a[j]
            if x >= 65 && x <= 90 { x += 32 }
            var y = o[j]
            if y >= 65 && y <= 90 { y += 32 }
            if x != y { return false }
        }
        return true
    }

    /// One list element as a bulk string.
    @inline(__always) func addListElement(_ v: LPValue) {
        switch v {
        case .bytes(let b): addBulk(b)
        case .int(let i): addBulkInt(i)
        }
    }
}

extension Server {
    static func listCommands() -> [(String, CommandHandler)] {
        [
            ("lpush", { s, c in s.pushGeneric(c, .head, onlyIfExists: false) }),
            ("rpush", { s, c in s.pushGeneric(c, .tail, onlyIfExists: false) }),
            ("lpushx", { s, c in s.pushGeneric(c, .head, onlyIfExists: true) }),
            ("rpushx", { s, c in s.pushGeneric(c, .tail, onlyIfExists: true) }),
            ("lpop", { s, c in s.popGeneric(c, .head) }),
            ("rpop", { s, c in s.popGeneric(c, .tail) }),
            ("llen", { s, c in s.llenCommand(c) }),
            ("lindex", { s, c in s.lindexCommand(c) }),
            ("lset", { s, c in s.lsetCommand(c) }),
            ("lrange", { s, c in s.lrangeCommand(c) }),
            ("ltrim", { s, c in s.ltrimCommand(c) }),
            ("lrem", { s, c in s.lremCommand(c) }),
            ("linsert", { s, c in s.linsertCommand(c) }),
            ("lpos", { s, c in s.lposCommand(c) }),
            ("lmove", { s, c in s.lmoveCommand(c) }),
            ("rpoplpush", { s, c in s.lmoveGeneric(c, from: .tail, to: .head) }),
            ("lmpop", { s, c in s.lmpopCommand(c) }),
        ]
    }

    // MARK: shared helpers

    /// A new, empty list with the configured node fill and compress depth.
    func newList() -> ListValue {
        ListValue(fill: config.listMaxListpackSize, compressDepth: config.listCompressDepth)
    }

    /// The list at `key` for reading: nil when missing (`missing` is then sent) or of another
    /// type (WRONGTYPE sent).
    @inline(__always)
    private func listForRead(_ c: Client, _ key: UnsafeRawBufferPointer, missing: (Client) -> Void) -> ListValue? {
        guard let e = databases[c.dbIndex].lookupRead(key) else { missing(c); return nil }
        guard case .list(let l) = e.value else { c.addErrorWrongType(); return nil }
        return l
    }

    /// The list at `key` for writing: nil when missing (`missing` is then sent) or of another
    /// type (WRONGTYPE sent).
    @inline(__always)
    private func listForWrite(_ c: Client, _ key: UnsafeRawBufferPointer, missing: (Client) -> Void) -> ListValue? {
        guard let e = databases[c.dbIndex].lookupWrite(key) else { missing(c); return nil }
        guard case .list(let l) = e.value else { c.addErrorWrongType(); return nil }
        return l
    }

    /// Argument `i` as a long (Redis's getLongFromObjectOrReply).
    @inline(__always)
    private func listIntArg(_ c: Client, _ i: Int) -> Int? {
        guard let v = parseStrictInt64(c.arg(i)) else { c.addErrorNotInteger(); return nil }
        return Int(v)
    }

    /// Argument `i` as LEFT or RIGHT (Redis's getListPositionFromObjectOrReply).
    func parseListEnd(_ c: Client, _ i: Int) -> ListEnd? {
        if c.argIsOption(i, "left") { return .head }
        if c.argIsOption(i, "right") { return .tail }
        c.addErrorSyntax()
        return nil
    }

    /// After elements left `list` (stored at `key` in database `dbIndex`) from `end`: the pop
    /// event, deletion of the key when the list is empty ("del"), the modified-key signal and
    /// the dirty counter. Returns true when the key was deleted. Shared with blocking.
    @discardableResult
    func listElementsRemoved(dbIndex: Int, key: UnsafeRawBufferPointer, list: ListValue, end: ListEnd, count: Int) -> Bool {
        notifyKeyspaceEvent(.list, end.popEvent, key, dbIndex: dbIndex)
        var deleted = false
        if list.isEmpty {
            databases[dbIndex].deleteKey(key)  // signals the modified key
            notifyKeyspaceEvent(.generic, "del", key, dbIndex: dbIndex)
            deleted = true
        } else {
            signalModifiedKey(key, dbIndex: dbIndex)
        }
        dirty += Int64(count)
        return deleted
    }

    /// Redis's addListRangeReply: the elements from `start` to `end` (inclusive, negative
    /// counting from the tail, clamped), or from `end` down to `start` when `reverse`.
    func addListRange(_ c: Client, _ list: ListValue, start: Int, end: Int, reverse: Bool) {
        let llen = list.count
        var start = start < 0 ? start &+ llen : start
        var end = end < 0 ? end &+ llen : end
        if start < 0 { start = 0 }
        if start > end || start >= llen {
            c.addEmptyArray()
            return
        }
        if end >= llen { end = llen - 1 }
        let n = end - start + 1
        guard c.repliesEnabled else { return }
        c.willWrite()
        c.out.writeArrayHeader(n)
        writeListElements(c.out, list, from: reverse ? end : start, count: n, reverse: reverse)
    }

    /// Writes `n` elements as bulk strings: encoded into a stack buffer, which goes into the
    /// output buffer in chunks (one copy per chunk rather than a writer call per piece).
    private func writeListElements(_ out: IOBuffer, _ list: ListValue, from: Int, count n: Int, reverse: Bool) {
        let size = 8192
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { scratch in
            let p = scratch.baseAddress!
            var w = 0
            list.forEach(from: from, count: n, reverse: reverse) { v in
                switch v {
                case .bytes(let b):
                    let len = b.count
                    if w + len + 32 > size {
                        out.append(UnsafeRawBufferPointer(start: p, count: w))
                        w = 0
                        if len + 32 > size {
                            out.writeBulk(b)
                            return
                        }
                    }
                    p[w] = 36  // '$'
                    w += 1
                    if len < 10 {
                        p[w] = 48 &+ UInt8(truncatingIfNeeded: len)
                        w += 1
                    } else {
                        w += formatDecimalBytes(Int64(len), into: p + w)
                    }
                    p[w] = 13
                    p[w + 1] = 10
                    w += 2
                    if len > 0 { UnsafeMutableRawPointer(p + w).copyMemory(from: b.baseAddress!, byteCount: len) }
                    w += len
                case .int(let i):
                    if w + 48 > size {
                        out.append(UnsafeRawBufferPointer(start: p, count: w))
                        w = 0
                    }
                    let len = decimalLength(i)
                    p[w] = 36
                    w += 1
                    if len < 10 {
                        p[w] = 48 &+ UInt8(truncatingIfNeeded: len)
                        w += 1
                    } else {
                        w += formatDecimalBytes(Int64(len), into: p + w)
                    }
                    p[w] = 13
                    p[w + 1] = 10
                    w += 2
                    w += formatDecimalBytes(i, into: p + w)
                }
                p[w] = 13
                p[w + 1] = 10
                w += 2
            }
            if w > 0 { out.append(UnsafeRawBufferPointer(start: p, count: w)) }
        }
    }

    // MARK: push

    /// LPUSH / RPUSH key element [element ...], and the X variants that only push into an
    /// existing list (0 when the key is missing). Replies with the new length.
    func pushGeneric(_ c: Client, _ end: ListEnd, onlyIfExists: Bool) {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        let list: ListValue
        if let e = db.lookupWrite(key) {
            guard case .list(let l) = e.value else { c.addErrorWrongType(); return }
            list = l
        } else {
            if onlyIfExists { c.addInt(0); return }
            list = newList()
            db.add(key, .list(list))
        }
        let atHead = end.isHead
        for j in 2..<c.argc { list.push(c.arg(j), atHead: atHead) }
        dirty += Int64(c.argc - 2)
        c.addInt(list.count)
        signalModifiedKey(key, dbIndex: c.dbIndex)
        notifyKeyspaceEvent(.list, end.pushEvent, key, dbIndex: c.dbIndex)
    }

    // MARK: pop

    /// LPOP / RPOP key [count]: one element as a bulk string; with a count, an array of up to
    /// count elements (null array for a missing key, empty array for count 0).
    func popGeneric(_ c: Client, _ end: ListEnd) {
        if c.argc > 3 { c.addErrorArity(); return }
        let hasCount = c.argc == 3
        var count = 0
        if hasCount {
            guard let v = parseStrictInt64(c.arg(2)), v >= 0 else {
                c.addError("ERR value is out of range, must be positive")
                return
            }
            count = Int(v)
        }
        let key = c.arg(1)
        guard let list = listForWrite(c, key, missing: { hasCount ? $0.addNullArray() : $0.addNull() }) else { return }
        if hasCount && count == 0 {
            c.addEmptyArray()
            return
        }
        if !hasCount {
            list.pop(atHead: end.isHead) { c.addListElement($0) }
            listElementsRemoved(dbIndex: c.dbIndex, key: key, list: list, end: end, count: 1)
            return
        }
        let n = min(count, list.count)
        let start = end.isHead ? 0 : list.count - n
        addListRange(c, list, start: start, end: start + n - 1, reverse: !end.isHead)
        list.removeRange(start: start, count: n)
        listElementsRemoved(dbIndex: c.dbIndex, key: key, list: list, end: end, count: n)
    }

    /// Pops one element and replies [key, element] (BLPOP / BRPOP's reply); the list must
    /// not be empty. Returns true when the key was deleted. Shared with blocking.
    @discardableResult
    func listPopWithKeyAndReply(_ c: Client, dbIndex: Int, key: UnsafeRawBufferPointer, list: ListValue, end: ListEnd) -> Bool {
        c.addArrayLen(2)
        c.addBulk(key)
        list.pop(atHead: end.isHead) { c.addListElement($0) }
        return listElementsRemoved(dbIndex: dbIndex, key: key, list: list, end: end, count: 1)
    }

    /// Pops up to `count` (>= 1) elements and replies [key, [elements]] (LMPOP / BLMPOP's
    /// reply, Redis's listPopRangeAndReplyWithKey); the list must not be empty. Returns true
    /// when the key was deleted. Shared with blocking.
    @discardableResult
    func listPopRangeWithKeyAndReply(_ c: Client, dbIndex: Int, key: UnsafeRawBufferPointer, list: ListValue,
                                     end: ListEnd, count: Int) -> Bool {
        let n = min(count, list.count)
        let start = end.isHead ? 0 : list.count - n
        c.addArrayLen(2)
        c.addBulk(key)
        addListRange(c, list, start: start, end: start + n - 1, reverse: !end.isHead)
        list.removeRange(start: start, count: n)
        return listElementsRemoved(dbIndex: dbIndex, key: key, list: list, end: end, count: n)
    }

    // MARK: LMPOP

    /// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: pops from the first non-empty
    /// list; null array when every key is missing.
    func lmpopCommand(_ c: Client) {
        guard let v = parseStrictInt64(c.arg(1)), v >= 1 else {
            c.addError("ERR numkeys should be greater than 0")
            return
        }
        // The LEFT|RIGHT word comes right after the keys.
        if v > Int64(c.argc - 3) { c.addErrorSyntax(); return }
        let numkeys = Int(v)
        let whereIndex = 2 + numkeys
        guard let end = parseListEnd(c, whereIndex) else { return }
        var count = -1
        var j = whereIndex + 1
        while j < c.argc {
            if count == -1 && c.argIsOption(j, "count") && j + 1 < c.argc {
                j += 1
                guard let n = parseStrictInt64(c.arg(j)), n >= 1 else {
                    c.addError("ERR count should be greater than 0")
                    return
                }
                count = Int(n)
            } else {
                c.addErrorSyntax()
                return
            }
            j += 1
        }
        if count == -1 { count = 1 }
        let db = databases[c.dbIndex]
        for k in 2..<whereIndex {
            let key = c.arg(k)
            guard let e = db.lookupWrite(key) else { continue }
            guard case .list(let list) = e.value else { c.addErrorWrongType(); return }
            if list.isEmpty { continue }
            listPopRangeWithKeyAndReply(c, dbIndex: c.dbIndex, key: key, list: list, end: end, count: count)
            return
        }
        c.addNullArray()
    }

    // MARK: LMOVE / RPOPLPUSH

    /// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
    func lmoveCommand(_ c: Client) {
        guard let from = parseListEnd(c, 3), let to = parseListEnd(c, 4) else { return }
        lmoveGeneric(c, from: from, to: to)
    }

    /// LMOVE and RPOPLPUSH: pops from the source's `from` end, pushes at the destination's
    /// `to` end (the same list may be both: a rotation), replies with the element; null when
    /// the source is missing.
    func lmoveGeneric(_ c: Client, from: ListEnd, to: ListEnd) {
        let db = databases[c.dbIndex]
        let srcKey = c.arg(1)
        guard let source = listForWrite(c, srcKey, missing: { $0.addNull() }) else { return }
        let dstKey = c.arg(2)
        var dest: ListValue? = nil
        if let e = db.lookupWrite(dstKey) {
            guard case .list(let l) = e.value else { c.addErrorWrongType(); return }
            dest = l
        }
        lmovePopAndPush(c, dbIndex: c.dbIndex, sourceKey: srcKey, source: source, destKey: dstKey, dest: dest,
                        from: from, to: to)
    }

    /// LMOVE's work once both keys are checked (`dest` nil when the destination is missing;
    /// the source must not be empty): pop, push, reply with the element, events, deletion of
    /// an emptied source, dirty. Returns true when the source key was deleted. Shared with
    /// blocking (BLMOVE / BRPOPLPUSH serving a client).
    @discardableResult
    func lmovePopAndPush(_ c: Client, dbIndex: Int, sourceKey: UnsafeRawBufferPointer, source: ListValue,
                         destKey: UnsafeRawBufferPointer, dest: ListValue?, from: ListEnd, to: ListEnd) -> Bool {
        // Copied out of the node before the push (the destination may be the same list).
        guard let value = source.pop(atHead: from.isHead, { $0.rstr }) else { return false }
        lmoveHandlePush(c, dbIndex: dbIndex, destKey: destKey, dest: dest, value: value, end: to)
        return listElementsRemoved(dbIndex: dbIndex, key: sourceKey, list: source, end: from, count: 1)
    }

    /// Pushes `value` into the destination list (created when `dest` is nil), fires the push
    /// event and replies with the value (Redis's lmoveHandlePush). Shared with blocking.
    func lmoveHandlePush(_ c: Client, dbIndex: Int, destKey: UnsafeRawBufferPointer, dest: ListValue?,
                         value: RStr, end: ListEnd) {
        let list: ListValue
        if let d = dest {
            list = d
        } else {
            list = newList()
            databases[dbIndex].add(destKey, .list(list))
        }
        signalModifiedKey(destKey, dbIndex: dbIndex)
        value.withBytes { list.push($0, atHead: end.isHead) }
        notifyKeyspaceEvent(.list, end.pushEvent, destKey, dbIndex: dbIndex)
        c.addBulk(value)
    }

    // MARK: reads

    /// LLEN key
    func llenCommand(_ c: Client) {
        guard let list = listForRead(c, c.arg(1), missing: { $0.addInt(0) }) else { return }
        c.addInt(list.count)
    }

    /// LINDEX key index
    func lindexCommand(_ c: Client) {
        guard let list = listForRead(c, c.arg(1), missing: { $0.addNull() }) else { return }
        guard let index = listIntArg(c, 2) else { return }
        if list.withElement(at: index, { c.addListElement($0) }) == nil { c.addNull() }
    }

    /// LRANGE key start stop
    func lrangeCommand(_ c: Client) {
        guard let start = listIntArg(c, 2), let end = listIntArg(c, 3) else { return }
        guard let list = listForRead(c, c.arg(1), missing: { $0.addEmptyArray() }) else { return }
        addListRange(c, list, start: start, end: end, reverse: false)
    }

    /// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
    func lposCommand(_ c: Client) {
        var rank = 1, count = -1, maxlen = 0
        var j = 3
        while j < c.argc {
            let more = c.argc - 1 - j
            if c.argIsOption(j, "rank") && more > 0 {
                j += 1
                guard let r = listIntArg(c, j) else { return }
                if r == 0 {
                    c.addError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list")
                    return
                }
                rank = r
            } else if c.argIsOption(j, "count") && more > 0 {
                j += 1
                guard let v = parseStrictInt64(c.arg(j)), v >= 0 else { c.addError("ERR COUNT can't be negative"); return }
                count = Int(v)
            } else if c.argIsOption(j, "maxlen") && more > 0 {
                j += 1
                guard let v = parseStrictInt64(c.arg(j)), v >= 0 else { c.addError("ERR MAXLEN can't be negative"); return }
                maxlen = Int(v)
            } else {
                c.addErrorSyntax()
                return
            }
            j += 1
        }
        // A negative rank scans from the tail. (Redis negates a long: LONG_MIN stays negative
        // and then matches from the first hit on; wrapping arithmetic keeps that.)
        var fromTail = false
        if rank < 0 {
            rank = 0 &- rank
            fromTail = true
        }
        guard let list = listForRead(c, c.arg(1), missing: { count != -1 ? $0.addEmptyArray() : $0.addNull() }) else { return }
        let m = ListElementMatcher(c.arg(2))
        let llen = list.count
        var index = 0, matches = 0, matchIndex = -1
        var found: [Int] = []
        list.forEachElement(fromTail: fromTail) { v in
            if maxlen != 0 && index >= maxlen { return false }
            if m.matches(v) {
                matches += 1
                matchIndex = fromTail ? llen - index - 1 : index
                if matches >= rank {
                    if count == -1 { return false }
                    found.append(matchIndex)
                    if count != 0 && (matches &- rank &+ 1) >= count { return false }
                }
            }
            index += 1
            matchIndex = -1
            return true
        }
        if count != -1 {
            c.addArrayLen(found.count)
            for i in found { c.addInt(i) }
        } else if matchIndex != -1 {
            c.addInt(matchIndex)
        } else {
            c.addNull()
        }
    }

    // MARK: writes in place

    /// LSET key index element
    func lsetCommand(_ c: Client) {
        let key = c.arg(1)
        guard let list = listForWrite(c, key, missing: { $0.addError("ERR no such key") }) else { return }
        guard let index = listIntArg(c, 2) else { return }
        if !list.replace(at: index, with: c.arg(3)) {
            c.addError("ERR index out of range")
            return
        }
        c.addOK()
        signalModifiedKey(key, dbIndex: c.dbIndex)
        notifyKeyspaceEvent(.list, "lset", key, dbIndex: c.dbIndex)
        dirty += 1
    }

    /// LTRIM key start stop
    func ltrimCommand(_ c: Client) {
        guard let start0 = listIntArg(c, 2), let end0 = listIntArg(c, 3) else { return }
        let key = c.arg(1)
        guard let list = listForWrite(c, key, missing: { $0.addOK() }) else { return }
        let llen = list.count
        var start = start0 < 0 ? start0 &+ llen : start0
        var end = end0 < 0 ? end0 &+ llen : end0
        if start < 0 { start = 0 }
        let ltrim: Int, rtrim: Int
        if start > end || start >= llen {
            ltrim = llen
            rtrim = 0
        } else {
            if end >= llen { end = llen - 1 }
            ltrim = start
            rtrim = llen - end - 1
        }
        list.removeRange(start: 0, count: ltrim)
        list.removeRange(start: list.count - rtrim, count: rtrim)
        notifyKeyspaceEvent(.list, "ltrim", key, dbIndex: c.dbIndex)
        if list.isEmpty {
            databases[c.dbIndex].deleteKey(key)
            notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex)
        } else {
            signalModifiedKey(key, dbIndex: c.dbIndex)
        }
        dirty += Int64(ltrim + rtrim)
        c.addOK()
    }

    /// LREM key count element: count > 0 removes from the head, < 0 from the tail, 0 all.
    func lremCommand(_ c: Client) {
        guard let toRemove = listIntArg(c, 2) else { return }
        let key = c.arg(1)
        guard let list = listForWrite(c, key, missing: { $0.addInt(0) }) else { return }
        // Redis negates a long: LONG_MIN stays negative and never equals the removed count,
        // so it removes every match, like 0.
        let limit = toRemove == Int.min ? 0 : abs(toRemove)
        let removed = list.removeElements(equalTo: c.arg(3), limit: limit, fromTail: toRemove < 0)
        if removed > 0 {
            dirty += Int64(removed)
            notifyKeyspaceEvent(.list, "lrem", key, dbIndex: c.dbIndex)
            if list.isEmpty {
                databases[c.dbIndex].deleteKey(key)
                notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex)
            } else {
                signalModifiedKey(key, dbIndex: c.dbIndex)
            }
        }
        c.addInt(removed)
    }

    /// LINSERT key BEFORE|AFTER pivot element: the new length, -1 without the pivot.
    func linsertCommand(_ c: Client) {
        let after: Bool
        if c.argIsOption(2, "after") {
            after = true
        } else if c.argIsOption(2, "before") {
            after = false
        } else {
            c.addErrorSyntax()
            return
        }
        let key = c.arg(1)
        guard let list = listForWrite(c, key, missing: { $0.addInt(0) }) else { return }
        if !list.insert(c.arg(4), pivot: c.arg(3), after: after) {
            c.addInt(-1)
            return
        }
        signalModifiedKey(key, dbIndex: c.dbIndex)
        notifyKeyspaceEvent(.list, "linsert", key, dbIndex: c.dbIndex)
        dirty += 1
        c.addInt(list.count)
    }
}
