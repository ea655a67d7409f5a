// Generic key commands (Redis's db.c / object.c keyspace commands): DEL, UNLINK,
// EXISTS, TYPE, RENAME, RENAMENX, MOVE, COPY, TOUCH, KEYS, SCAN, RANDOMKEY and OBJECT.
//
// These commands work on keys whatever their type, so everything type-specific is a
// switch over Value (Value.typeName, Value.encodingName, Value.deepCopy, objectRefCount
// below): adding a type means adding a case, and the compiler finds every place.
//
// Lookups follow Redis exactly, because they are observable (keyspace_hits/misses, the
// LRU/LFU word, lazy expiry and its "expired" events):
//   - EXISTS, TYPE, OBJECT and SCAN's TYPE filter read without touching the access
//     time (Redis's LOOKUP_NOTOUCH: `server.noTouch` around a lookupRead);
//   - TOUCH and COPY's source are plain reads; RENAME, MOVE and the destinations of
//     COPY are write lookups (no hit/miss accounting);
//   - KEYS never deletes: it skips keys whose TTL has passed (Redis's keyIsExpired).
// RENAME and MOVE move the entry's value and its LRU/LFU word with the key (the same
// object in Redis); COPY makes a fresh value with a fresh access word.
//
// One generic function per family of variants, as in db.c: delGenericCommand for
// DEL/UNLINK, renameGenericCommand for RENAME/RENAMENX. KEYS streams matching keys
// straight into the output buffer and fixes the array length afterwards (Redis's
// deferred length), so it allocates nothing per key. SCAN walks Dict.scan's reverse-
// binary cursor, which returns every key present for the whole scan at least once,
// even across table growth and shrinking.

import RESP
import DataStructures
#if canImport(Glibc)
import Glibc
#endif

extension Server {
    static func keyCommands() -> [(String, CommandHandler)] {
        [
            ("del", { s, c in s.delGenericCommand(c) }),
            ("unlink", { s, c in s.delGenericCommand(c) }),
            ("exists", { s, c in s.existsCommand(c) }),
            ("type", { s, c in s.typeCommand(c) }),
            ("rename", { s, c in s.renameGenericCommand(c, nx: false) }),
            ("renamenx", { s, c in s.renameGenericCommand(c, nx: true) }),
            ("move", { s, c in s.moveCommand(c) }),
            ("copy", { s, c in s.copyCommand(c) }),
            ("touch", { s, c in s.touchCommand(c) }),
            ("keys", { s, c in s.keysCommand(c) }),
            ("scan", { s, c in s.scanCommand(c) }),
            ("randomkey", { s, c in s.randomkeyCommand(c) }),
            ("object|encoding", { s, c in s.objectCommand(c, .encoding) }),
            ("object|refcount", { s, c in s.objectCommand(c, .refcount) }),
            ("object|idletime", { s, c in s.objectCommand(c, .idletime) }),
            ("object|freq", { s, c in s.objectCommand(c, .freq) }),
            ("object|help", { _, c in c.addKeyFamilyHelp(objectHelpLines) }),
        ]
    }

    /// Runs `body` with access-time updates suppressed (Redis's LOOKUP_NOTOUCH).
    @inline(__always) fileprivate func withoutTouching<R>(_ body: () -> R) -> R {
        let saved = noTouch
        noTouch = true
        defer { noTouch = saved }
        return body()
    }

    // MARK: DEL / UNLINK

    /// DEL and UNLINK. Values are released as soon as the last reference goes; UNLINK
    /// has no background thread to hand them to, so both free synchronously.
    func delGenericCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        var deleted = 0
        for i in 1..<c.argc {
            let key = c.arg(i)
            db.expireIfNeeded(key)
            if db.deleteKey(key) {
                notifyKeyspaceEvent(.generic, "del", key, dbIndex: db.id)
                dirty += 1
                deleted += 1
            }
        }
        c.addInt(deleted)
    }

    // MARK: EXISTS / TOUCH / TYPE

    /// EXISTS counts repeated keys as many times as they appear.
    func existsCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        var n = 0
        withoutTouching {
            for i in 1..<c.argc where db.lookupRead(c.arg(i)) != nil { n += 1 }
        }
        c.addInt(n)
    }

    func touchCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        var n = 0
        for i in 1..<c.argc where db.lookupRead(c.arg(i)) != nil { n += 1 }
        c.addInt(n)
    }

    func typeCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let e = withoutTouching { db.lookupRead(c.arg(1)) }
        if let e = e {
            c.addSimple(string: e.value.typeName)
        } else {
            c.addSimple("none")
        }
    }

    // MARK: RENAME / RENAMENX / MOVE / COPY

    func renameGenericCommand(_ c: Client, nx: Bool) {
        let db = databases[c.dbIndex]
        let src = c.arg(1), dst = c.arg(2)
        guard let e = db.lookupWrite(src) else {
            c.addError("ERR no such key")
            return
        }
        if sameBytes(src, dst) {
            if nx { c.addInt(0) } else { c.addOK() }
            return
        }
        let value = e.value
        let meta = e.meta
        let when = db.expireAt(src)
        if db.lookupWrite(dst) != nil {
            if nx {
                c.addInt(0)
                return
            }
            db.deleteKey(dst)
        }
        let moved = db.add(dst, value)
        moved.meta = meta
        if let w = when { db.setExpire(dst, at: w) }
        db.deleteKey(src, valueMoved: true)
        signalModifiedKey(dst, dbIndex: db.id)
        notifyKeyspaceEvent(.generic, "rename_from", src, dbIndex: db.id)
        notifyKeyspaceEvent(.generic, "rename_to", dst, dbIndex: db.id)
        dirty += 1
        if nx { c.addInt(1) } else { c.addOK() }
    }

    func moveCommand(_ c: Client) {
        if config.clusterEnabled {
            c.addError("ERR MOVE is not allowed in cluster mode")
            return
        }
        guard let target = parseDatabaseNumber(c, c.arg(2)) else { return }
        if target < 0 || target >= databases.count {
            c.addError("ERR DB index is out of range")
            return
        }
        if target == c.dbIndex {
            c.addError("ERR source and destination objects are the same")
            return
        }
        let src = databases[c.dbIndex], dst = databases[target]
        let key = c.arg(1)
        guard let e = src.lookupWrite(key) else {
            c.addInt(0)
            return
        }
        let when = src.expireAt(key)
        if dst.lookupWrite(key) != nil {
            c.addInt(0)
            return
        }
        let moved = dst.add(key, e.value)
        moved.meta = e.meta
        if let w = when { dst.setExpire(key, at: w) }
        src.deleteKey(key, valueMoved: true)
        signalModifiedKey(key, dbIndex: dst.id)
        notifyKeyspaceEvent(.generic, "move_from", key, dbIndex: src.id)
        notifyKeyspaceEvent(.generic, "move_to", key, dbIndex: dst.id)
        dirty += 1
        c.addInt(1)
    }

    /// COPY source destination [DB destination-db] [REPLACE]
    func copyCommand(_ c: Client) {
        var target = c.dbIndex
        var replace = false
        var j = 3
        while j < c.argc {
            if c.argIs(j, "replace") {
                replace = true
            } else if c.argIs(j, "db") && j + 1 < c.argc {
                guard let n = parseDatabaseNumber(c, c.arg(j + 1)) else { return }
                target = n
                j += 1
            } else {
                c.addErrorSyntax()
                return
            }
            j += 1
        }
        if config.clusterEnabled && (c.dbIndex != 0 || target != 0) {
            c.addError("ERR Copying to another database is not allowed in cluster mode")
            return
        }
        if target < 0 || target >= databases.count {
            c.addError("ERR DB index is out of range")
            return
        }
        let src = databases[c.dbIndex], dst = databases[target]
        let key = c.arg(1), newKey = c.arg(2)
        if src === dst && sameBytes(key, newKey) {
            c.addError("ERR source and destination objects are the same")
            return
        }
        guard let e = src.lookupRead(key) else {
            c.addInt(0)
            return
        }
        let value = e.value
        let when = src.expireAt(key)
        if dst.lookupWrite(newKey) != nil {
            if !replace {
                c.addInt(0)
                return
            }
            dst.deleteKey(newKey)
        }
        dst.add(newKey, value.deepCopy())
        if let w = when { dst.setExpire(newKey, at: w) }
        signalModifiedKey(newKey, dbIndex: dst.id)
        notifyKeyspaceEvent(.generic, "copy_to", newKey, dbIndex: dst.id)
        dirty += 1
        c.addInt(1)
    }

    /// A database number argument as Redis's getIntFromObjectOrReply reads it; replies
    /// with the error and returns nil when it is not a 32-bit integer.
    private func parseDatabaseNumber(_ c: Client, _ arg: UnsafeRawBufferPointer) -> Int? {
        guard let v = parseStrictInt64(arg) else {
            c.addErrorNotInteger()
            return nil
        }
        if v < Int64(Int32.min) || v > Int64(Int32.max) {
            c.addError("ERR value is out of range, value must between -2147483648 and 2147483647")
            return nil
        }
        return Int(v)
    }

    // MARK: KEYS

    func keysCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let pattern = c.arg(1)
        let all = pattern.count == 1 && pattern[0] == UInt8(ascii: "*")
        let now = nowMillis
        let expires = db.expires
        let mark = c.beginDeferredLength()
        var n = 0
        db.keys.forEach { e in
            e.key.withBytes { key in
                if !all && !stringMatch(pattern, key) { return }
                if expires.count > 0, let when = expires.find(key)?.value, when < now { return }
                c.addBulk(key)
                n += 1
            }
        }
        c.setDeferredArrayLength(mark, n)
    }

    // MARK: SCAN

    /// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
    func scanCommand(_ c: Client) {
        guard let cursor = parseScanCursor(c.arg(1)) else {
            c.addError("ERR invalid cursor")
            return
        }
        var count = 10
        var pattern: UnsafeRawBufferPointer? = nil
        var typeFilter: UnsafeRawBufferPointer? = nil
        var i = 2
        while i < c.argc {
            let remaining = c.argc - i
            if c.argIs(i, "count") && remaining >= 2 {
                guard let v = parseStrictInt64(c.arg(i + 1)) else {
                    c.addErrorNotInteger()
                    return
                }
                if v < 1 {
                    c.addErrorSyntax()
                    return
                }
                count = Int(v)
                i += 2
            } else if c.argIs(i, "match") && remaining >= 2 {
                let p = c.arg(i + 1)
                pattern = (p.count == 1 && p[0] == UInt8(ascii: "*")) ? nil : p
                i += 2
            } else if c.argIs(i, "type") && remaining >= 2 {
                typeFilter = c.arg(i + 1)
                i += 2
            } else {
                c.addErrorSyntax()
                return
            }
        }

        // Step 1: walk buckets until `count` keys were seen (matching or not), the
        // cursor wraps, or 10 * count buckets were visited (sparse tables).
        let db = databases[c.dbIndex]
        // Keys, not entries: step 2 may delete expired keys, which frees their entries.
        var found: [RStr] = []
        found.reserveCapacity(min(count, 1024))
        var seen = 0
        var bucketsLeft = count.multipliedReportingOverflow(by: 10).overflow ? Int.max : count * 10
        var next = cursor
        while true {
            next = db.keys.scan(next) { e in
                seen += 1
                if let p = pattern, !e.key.withBytes({ stringMatch(p, $0) }) { return }
                found.append(e.key)
            }
            if next == 0 { break }
            if bucketsLeft == 0 { break }
            bucketsLeft -= 1
            if seen >= count { break }
        }

        // Step 2: filter by type and drop expired keys (deleting them, as a read would).
        var kept = 0
        let now = nowMillis
        for idx in 0..<found.count {
            let k = found[idx]
            let keep = k.withBytes { key -> Bool in
                if let t = typeFilter {
                    let hit = withoutTouching { db.lookupRead(key) }
                    let name = hit?.value.typeName ?? "none"
                    if !asciiCaseInsensitiveEquals(t, name) { return false }
                }
                if db.expireIfNeeded(key) { return false }
                // Expiry paused: logically gone all the same.
                if let when = db.expireAt(key), when < now { return false }
                return true
            }
            if keep {
                found[kept] = k
                kept += 1
            }
        }

        c.addArrayLen(2)
        c.addBulkInt(Int64(bitPattern: next))
        c.addArrayLen(kept)
        for k in 0..<kept { c.addBulk(found[k]) }
    }

    // MARK: RANDOMKEY

    func randomkeyCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        // Expired keys found on the way are deleted and another is drawn. While expiry
        // is paused they cannot be deleted: give up redrawing after a bounded number of
        // tries and return one anyway (Redis 7.0 would spin here).
        var undeletable = 0
        while true {
            guard let e = db.keys.randomEntry() else {
                c.addNull()
                return
            }
            let key = e.key
            let expired = key.withBytes { k -> Bool in
                guard let when = db.expireAt(k), when < nowMillis else { return false }
                if db.expireIfNeeded(k) { return true }
                undeletable += 1
                return undeletable < 100
            }
            if expired { continue }
            c.addBulk(key)
            return
        }
    }

    // MARK: OBJECT

    enum ObjectSubcommand { case encoding, refcount, idletime, freq }

    func objectCommand(_ c: Client, _ sub: ObjectSubcommand) {
        let db = databases[c.dbIndex]
        guard let e = withoutTouching({ db.lookupRead(c.arg(2), notify: false) }) else {
            c.addNull()
            return
        }
        switch sub {
        case .encoding:
            c.addBulk(string: e.value.encodingName)
        case .refcount:
            c.addInt(objectRefCount(e.value))
        case .idletime:
            if config.maxmemoryPolicy.usesLFU {
                c.addError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.")
                return
            }
            c.addInt(idleMillis(e) / 1000)
        case .freq:
            if !config.maxmemoryPolicy.usesLFU {
                c.addError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.")
                return
            }
            c.addInt(Int64(lfuDecayed(e.meta)))
        }
    }

    /// OBJECT REFCOUNT: Redis shares one object for each integer 0..9999 (refcount
    /// INT_MAX) unless maxmemory is set with an LRU/LFU policy, which needs a private
    /// object per key to hold its access time. Every other value is referenced once.
    /// (Known difference: Redis's COPY of a shared integer makes a private object with
    /// refcount 1; a value here does not record where it came from, so it reads as shared.)
    func objectRefCount(_ v: Value) -> Int64 {
        switch v {
        case .string(let s):
            if case .int(let n) = s, n >= 0, n < 10000,
               config.maxmemory == 0 || !(config.maxmemoryPolicy.usesLRU || config.maxmemoryPolicy.usesLFU) {
                return Int64(Int32.max)
            }
            return 1
        case .list, .set, .hash, .zset:
            return 1
        }
    }
}

private let objectHelpLines: [StaticString] = [
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
]

// MARK: helpers

/// Byte equality of two arguments.
@inline(__always) private func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
}

/// strcasecmp of an argument against an ASCII name.
private func asciiCaseInsensitiveEquals(_ a: UnsafeRawBufferPointer, _ name: String) -> Bool {
    var name = name
    return name.withUTF8 { b in
        if a.count != b.count { return false }
        for i in 0..<a.count {
            var x = a[i], y = b[i]
            if x >= 65 && x <= 90 { x += 32 }
            if y >= 65 && y <= 90 { y += 32 }
            if x != y { return false }
        }
        return true
    }
}

/// SCAN's cursor as Redis reads it: C's strtoul in base 10 (optional sign, a negative
/// value wraps), refusing a leading space, trailing bytes and overflow. The empty string
/// reads as 0, and the number ends at a NUL byte, both as strtoul has it.
func parseScanCursor(_ p: UnsafeRawBufferPointer) -> UInt64? {
    let n = p.count
    if n == 0 { return 0 }
    switch p[0] {
    case 32, 9, 10, 11, 12, 13: return nil
    default: break
    }
    var i = 0
    var negative = false
    if p[0] == UInt8(ascii: "+") || p[0] == UInt8(ascii: "-") {
        negative = p[0] == UInt8(ascii: "-")
        i = 1
    }
    var v: UInt64 = 0
    var digits = 0
    var overflow = false
    while i < n, p[i] >= 48, p[i] <= 57 {
        let (m, o1) = v.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(UInt64(p[i] - 48))
        if o1 || o2 { overflow = true }
        v = a
        digits += 1
        i += 1
    }
    if digits == 0 { return p[0] == 0 ? 0 : nil }
    if overflow { return nil }
    if i < n && p[i] != 0 { return nil }
    return negative ? 0 &- v : v
}

extension Client {
    /// Starts an array whose length is known only after its elements are written
    /// (Redis's addReplyDeferredLen). Returns a mark for `setDeferredArrayLength`.
    fileprivate func beginDeferredLength() -> Int {
        guard repliesEnabled else { return -1 }
        willWrite()
        return out.writeIndex - out.readIndex
    }

    /// Inserts the `*n` header in front of the elements written since `mark`.
    fileprivate func setDeferredArrayLength(_ mark: Int, _ n: Int) {
        guard mark >= 0, repliesEnabled else { return }
        var header: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &header) { h in
            let p = h.baseAddress!.assumingMemoryBound(to: UInt8.self)
            p[0] = UInt8(ascii: "*")
            var len = 1 + formatDecimal(Int64(n), into: p + 1)
            p[len] = 13
            p[len + 1] = 10
            len += 2
            let hdr = UnsafeRawBufferPointer(start: h.baseAddress, count: len)
            // Grow by the header's size (the buffer may move), then shift the elements.
            out.append(hdr)
            let start = out.readIndex + mark
            let body = out.writeIndex - len - start
            if body > 0 { memmove(out.base + start + len, out.base + start, body) }
            UnsafeMutableRawPointer(out.base + start).copyMemory(from: h.baseAddress!, byteCount: len)
        }
    }

    /// A help reply: one status line per entry (Redis's addReplyHelp).
    fileprivate func addKeyFamilyHelp(_ lines: [StaticString]) {
        addArrayLen(lines.count)
        for l in lines { addSimple(l) }
    }
}
