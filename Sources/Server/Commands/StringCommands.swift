// StringCommands: the string type's commands (Redis's t_string.c).
//
// GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX MGET MSET MSETNX APPEND STRLEN INCR DECR
// INCRBY DECRBY INCRBYFLOAT GETRANGE SUBSTR SETRANGE LCS.
//
// Shape, as in t_string.c:
//   - One generic function per family of variants: `setGeneric` serves SET, SETNX, SETEX
//     and PSETEX (flags + which reply to give on success and on an NX/XX abort);
//     `incrDecr` serves INCR, DECR, INCRBY and DECRBY; `msetGeneric` MSET and MSETNX;
//     `getGeneric` is GET's body, reused by SET ... GET, GETSET and GETDEL.
//   - SET and GETEX share one option parser (`parseExtendedStringArgs`) whose conflict
//     rules are Redis's: each of EX/PX/EXAT/PXAT excludes the other three, KEEPTTL and
//     PERSIST; NX excludes XX; a timing option without its argument is a syntax error;
//     repeating an option is allowed (the last one wins). Option names are compared as C
//     strings, as Redis does, so an argument ends at its first NUL byte.
//   - Expire arguments are validated after option parsing (integer, > 0, EX not above
//     LLONG_MAX/1000, and relative times added to now with two's-complement wrap, a result
//     <= 0 being "invalid expire time in '<command>' command"). An absolute time already in
//     the past is stored anyway by SET (the key then expires lazily), while GETEX deletes the
//     key at once: both as Redis 7.0 does.
//
// Values are `Value.string(RStr)`. New values go through `RStr.value` (int encoding for
// canonical integers, like tryObjectEncoding). Strings changed in place (APPEND, SETRANGE)
// become a uniquely owned `.heap` HeapBytes flagged raw, grown with spare capacity so that
// repeated APPENDs are amortized O(1): the value is taken out of its keyspace entry before
// the uniqueness check so that the entry's own reference does not count
// (`unshareStringValue`, Redis's dbUnshareStringValue). INCR-family results stay int
// encoded; INCRBYFLOAT results are plain strings (embstr/raw), never int, as in Redis.
//
// Every change bumps `dirty` once per key written and fires Redis's keyspace events:
// "set", "setrange", "append", "incrby", "incrbyfloat" (class $), "expire", "persist",
// "del" (class g). Size-growing writes honour proto-max-bulk-len. GET, SET, INCR, MSET and
// MGET are the benchmarked paths: they read arguments as slices and reply straight into the
// output buffer, with no Strings or arrays built on the success path.

import DataStructures
import RESP

/// Flags of SET / GETEX options (Redis's OBJ_SET_* / OBJ_EX...).
struct StringArgFlags: OptionSet {
    let rawValue: UInt16
    static let nx = StringArgFlags(rawValue: 1 << 0)
    static let xx = StringArgFlags(rawValue: 1 << 1)
    static let get = StringArgFlags(rawValue: 1 << 2)
    static let keepTTL = StringArgFlags(rawValue: 1 << 3)
    static let persist = StringArgFlags(rawValue: 1 << 4)
    static let ex = StringArgFlags(rawValue: 1 << 5)
    static let px = StringArgFlags(rawValue: 1 << 6)
    static let exat = StringArgFlags(rawValue: 1 << 7)
    static let pxat = StringArgFlags(rawValue: 1 << 8)

    static let anyExpire: StringArgFlags = [.ex, .px, .exat, .pxat]
}

/// Which reply setGeneric gives after a write, or when NX/XX stopped it.
enum SetReply {
    case ok, null, one, zero

    func send(_ c: Client) {
        switch self {
        case .ok: c.addOK()
        case .null: c.addNull()
        case .one: c.addInt(1)
        case .zero: c.addInt(0)
        }
    }
}

extension Server {
    static func stringCommands() -> [(String, CommandHandler)] {
        [
            ("get", { s, c in _ = s.getGeneric(c, s.databases[c.dbIndex], c.arg(1)) }),
            ("set", { s, c in s.setCommand(c) }),
            ("setnx", { s, c in s.setGeneric(c, .nx, expireIndex: 0, valueIndex: 2, okReply: .one, abortReply: .zero) }),
            ("setex", { s, c in s.setGeneric(c, .ex, expireIndex: 2, valueIndex: 3, okReply: .ok, abortReply: .null) }),
            ("psetex", { s, c in s.setGeneric(c, .px, expireIndex: 2, valueIndex: 3, okReply: .ok, abortReply: .null) }),
            ("getset", { s, c in s.getsetCommand(c) }),
            ("getdel", { s, c in s.getdelCommand(c) }),
            ("getex", { s, c in s.getexCommand(c) }),
            ("mget", { s, c in s.mgetCommand(c) }),
            ("mset", { s, c in s.msetGeneric(c, nx: false) }),
            ("msetnx", { s, c in s.msetGeneric(c, nx: true) }),
            ("append", { s, c in s.appendCommand(c) }),
            ("strlen", { s, c in s.strlenCommand(c) }),
            ("incr", { s, c in s.incrDecr(c, by: 1) }),
            ("decr", { s, c in s.incrDecr(c, by: -1) }),
            ("incrby", { s, c in s.incrbyCommand(c, negate: false) }),
            ("decrby", { s, c in s.incrbyCommand(c, negate: true) }),
            ("incrbyfloat", { s, c in s.incrbyfloatCommand(c) }),
            ("getrange", { s, c in s.getrangeCommand(c) }),
            ("substr", { s, c in s.getrangeCommand(c) }),
            ("setrange", { s, c in s.setrangeCommand(c) }),
            ("lcs", { s, c in s.lcsCommand(c) }),
        ]
    }

    // MARK: shared helpers

    /// Redis's checkStringLength: refuses a string of `size + append` bytes above
    /// proto-max-bulk-len (or overflowing).
    func checkStringLength(_ c: Client, _ size: Int64, _ append: Int) -> Bool {
        let total = size &+ Int64(append)
        if total > Int64(config.protoMaxBulkLen) || total < size || total < Int64(append) {
            c.addError("ERR string exceeds maximum allowed size (proto-max-bulk-len)")
            return false
        }
        return true
    }

    /// Makes the string value of `e` safe to modify in place and returns its storage: a
    /// HeapBytes referenced only by the entry, flagged raw, with room for `capacity` bytes.
    /// Redis's dbUnshareStringValue. `e` must hold a string.
    func unshareStringValue(_ e: DictEntry<Value>, capacity: Int) -> HeapBytes {
        if case .string(.heap(var h)) = e.value {
            // Drop the entry's reference first, so that ours is the only one if nobody else
            // (a snapshot, another key sharing the value) holds the object.
            e.value = .string(.empty)
            if isKnownUniquelyReferenced(&h) {
                h.raw = true
                h.reserve(capacity)
                e.value = .string(.heap(h))
                return h
            }
            let copy = HeapBytes(copying: h.buffer, extra: max(0, capacity - h.count), raw: true)
            e.value = .string(.heap(copy))
            return copy
        }
        guard case .string(let s) = e.value else { preconditionFailure("unshareStringValue on a non-string") }
        let h = s.withBytes { HeapBytes(copying: $0, extra: max(0, capacity - $0.count), raw: true) }
        e.value = .string(.heap(h))
        return h
    }

    /// The length of the string held by `e`, nil when it holds another type. (A function of
    /// its own so that no copy of the value outlives the call: in-place writers need the
    /// entry to hold the only reference, see unshareStringValue.)
    static func stringLength(_ e: DictEntry<Value>) -> Int? {
        guard case .string(let s) = e.value else { return nil }
        return s.count
    }

    /// "ERR invalid expire time in '<command>' command".
    func addErrorExpireTime(_ c: Client) {
        c.addError("ERR invalid expire time in '\(c.currentCommand?.fullName ?? "set")' command")
    }

    // MARK: GET / SET

    /// GET's body: replies with the value, or null when the key is missing. Returns false
    /// (after replying WRONGTYPE) when the key holds another type.
    @inline(__always)
    func getGeneric(_ c: Client, _ db: Database, _ key: UnsafeRawBufferPointer) -> Bool {
        guard let e = db.lookupRead(key) else { c.addNull(); return true }
        guard case .string(let s) = e.value else { c.addErrorWrongType(); return false }
        c.addBulk(s)
        return true
    }

    /// Redis's parseExtendedStringArgumentsOrReply for SET (`forSet`) and GETEX: returns the
    /// flags and the index of the expire argument (0 when none), or nil after a syntax error.
    func parseExtendedStringArgs(_ c: Client, from: Int, forSet: Bool) -> (StringArgFlags, Int)? {
        var flags: StringArgFlags = []
        var expireIndex = 0
        var j = from
        let argc = c.argc
        while j < argc {
            let opt = c.arg(j)
            let hasNext = j + 1 < argc
            if forSet && optionMatches(opt, "nx") && !flags.contains(.xx) {
                flags.insert(.nx)
            } else if forSet && optionMatches(opt, "xx") && !flags.contains(.nx) {
                flags.insert(.xx)
            } else if forSet && optionMatches(opt, "get") {
                flags.insert(.get)
            } else if forSet && optionMatches(opt, "keepttl") && flags.isDisjoint(with: [.persist, .ex, .px, .exat, .pxat]) {
                flags.insert(.keepTTL)
            } else if !forSet && optionMatches(opt, "persist") && flags.isDisjoint(with: [.keepTTL, .ex, .px, .exat, .pxat]) {
                flags.insert(.persist)
            } else if hasNext, let unitFlag = Server.expireOption(opt),
                      flags.isDisjoint(with: StringArgFlags.anyExpire.subtracting(unitFlag).union([.keepTTL, .persist])) {
                flags.insert(unitFlag)
                expireIndex = j + 1
                j += 1
            } else {
                c.addErrorSyntax()
                return nil
            }
            j += 1
        }
        return (flags, expireIndex)
    }

    private static func expireOption(_ opt: UnsafeRawBufferPointer) -> StringArgFlags? {
        if optionMatches(opt, "ex") { return .ex }
        if optionMatches(opt, "px") { return .px }
        if optionMatches(opt, "exat") { return .exat }
        if optionMatches(opt, "pxat") { return .pxat }
        return nil
    }

    /// Redis's getExpireMillisecondsOrReply: the absolute expire time in Unix ms from the
    /// argument at `index` (seconds for EX/EXAT, ms for PX/PXAT), or nil after an error.
    func expireMillis(_ c: Client, _ index: Int, _ flags: StringArgFlags) -> Int64? {
        guard let v = parseStrictInt64(c.arg(index)) else { c.addErrorNotInteger(); return nil }
        let seconds = !flags.isDisjoint(with: [.ex, .exat])
        if v <= 0 || (seconds && v > Int64.max / 1000) {
            addErrorExpireTime(c)
            return nil
        }
        var ms = seconds ? v * 1000 : v
        if !flags.isDisjoint(with: [.ex, .px]) { ms = ms &+ nowMillis }
        if ms <= 0 {
            addErrorExpireTime(c)
            return nil
        }
        return ms
    }

    func setCommand(_ c: Client) {
        var flags: StringArgFlags = []
        var expireIndex = 0
        if c.argc > 3 {
            guard let parsed = parseExtendedStringArgs(c, from: 3, forSet: true) else { return }
            (flags, expireIndex) = parsed
        }
        setGeneric(c, flags, expireIndex: expireIndex, valueIndex: 2, okReply: .ok, abortReply: .null)
    }

    /// Redis's setGenericCommand: key is argument 1, the value argument `valueIndex`, the
    /// expire argument `expireIndex` (0 = none; its unit and base come from `flags`).
    func setGeneric(_ c: Client, _ flags: StringArgFlags, expireIndex: Int, valueIndex: Int,
                    okReply: SetReply, abortReply: SetReply) {
        var when: Int64 = 0
        if expireIndex != 0 {
            guard let w = expireMillis(c, expireIndex, flags) else { return }
            when = w
        }
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        if flags.contains(.get) && !getGeneric(c, db, key) { return }
        if flags.contains(.nx) || flags.contains(.xx) {
            let found = db.lookupWrite(key) != nil
            if (flags.contains(.nx) && found) || (flags.contains(.xx) && !found) {
                if !flags.contains(.get) { abortReply.send(c) }
                return
            }
        } else if db.expires.count > 0 {
            db.expireIfNeeded(key)
        }
        db.setKey(key, .string(.value(c.arg(valueIndex))), keepTTL: flags.contains(.keepTTL))
        dirty += 1
        notifyKeyspaceEvent(.string, "set", key, dbIndex: c.dbIndex)
        if expireIndex != 0 {
            db.setExpire(key, at: when)
            notifyKeyspaceEvent(.generic, "expire", key, dbIndex: c.dbIndex)
        }
        if !flags.contains(.get) { okReply.send(c) }
    }

    func getsetCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        if !getGeneric(c, db, key) { return }
        db.setKey(key, .string(.value(c.arg(2))))
        notifyKeyspaceEvent(.string, "set", key, dbIndex: c.dbIndex)
        dirty += 1
    }

    func getdelCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        if !getGeneric(c, db, key) { return }
        if db.deleteKey(key) {
            notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex)
            dirty += 1
        }
    }

    func getexCommand(_ c: Client) {
        guard let parsed = parseExtendedStringArgs(c, from: 2, forSet: false) else { return }
        let (flags, expireIndex) = parsed
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        guard let e = db.lookupRead(key) else { c.addNull(); return }
        guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
        var when: Int64 = 0
        if expireIndex != 0 {
            guard let w = expireMillis(c, expireIndex, flags) else { return }
            when = w
        }
        c.addBulk(s)
        if !flags.isDisjoint(with: [.exat, .pxat]) && when <= nowMillis {
            // An absolute time already in the past: the key goes now.
            db.deleteKey(key)
            notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex)
            dirty += 1
        } else if expireIndex != 0 {
            db.setExpire(key, at: when)
            signalModifiedKey(key, dbIndex: c.dbIndex)
            notifyKeyspaceEvent(.generic, "expire", key, dbIndex: c.dbIndex)
            dirty += 1
        } else if flags.contains(.persist) {
            if db.removeExpire(key) {
                signalModifiedKey(key, dbIndex: c.dbIndex)
                notifyKeyspaceEvent(.generic, "persist", key, dbIndex: c.dbIndex)
                dirty += 1
            }
        }
    }

    // MARK: MGET / MSET

    func mgetCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let n = c.argc
        c.addArrayLen(n - 1)
        var j = 1
        while j < n {
            if let e = db.lookupRead(c.arg(j)), case .string(let s) = e.value {
                c.addBulk(s)
            } else {
                c.addNull()
            }
            j += 1
        }
    }

    /// Redis's msetGenericCommand: MSET always sets; MSETNX sets nothing if any key exists.
    func msetGeneric(_ c: Client, nx: Bool) {
        let argc = c.argc
        if argc % 2 == 0 {
            c.addErrorArity()
            return
        }
        let db = databases[c.dbIndex]
        if nx {
            var j = 1
            while j < argc {
                if db.lookupWrite(c.arg(j)) != nil {
                    c.addInt(0)
                    return
                }
                j += 2
            }
        }
        var j = 1
        while j < argc {
            let key = c.arg(j)
            if db.expires.count > 0 { db.expireIfNeeded(key) }
            db.setKey(key, .string(.value(c.arg(j + 1))))
            notifyKeyspaceEvent(.string, "set", key, dbIndex: c.dbIndex)
            j += 2
        }
        dirty += Int64((argc - 1) / 2)
        if nx { c.addInt(1) } else { c.addOK() }
    }

    // MARK: APPEND / STRLEN / GETRANGE / SETRANGE

    func appendCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        let tail = c.arg(2)
        let total: Int
        if let e = db.lookupWrite(key) {
            guard let len = Server.stringLength(e) else { c.addErrorWrongType(); return }
            if !checkStringLength(c, Int64(len), tail.count) { return }
            let h = unshareStringValue(e, capacity: len + tail.count)
            if tail.count > 0 {
                UnsafeMutableRawPointer(h.bytes + h.count).copyMemory(from: tail.baseAddress!, byteCount: tail.count)
                h.count += tail.count
            }
            total = h.count
        } else {
            db.add(key, .string(.value(tail)))
            total = tail.count
        }
        signalModifiedKey(key, dbIndex: c.dbIndex)
        notifyKeyspaceEvent(.string, "append", key, dbIndex: c.dbIndex)
        dirty += 1
        c.addInt(total)
    }

    func strlenCommand(_ c: Client) {
        guard let e = databases[c.dbIndex].lookupRead(c.arg(1)) else { c.addInt(0); return }
        guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
        c.addInt(s.count)
    }

    /// GETRANGE and SUBSTR: inclusive byte range, negative indexes from the end.
    func getrangeCommand(_ c: Client) {
        guard let start0 = parseStrictInt64(c.arg(2)), let end0 = parseStrictInt64(c.arg(3)) else {
            c.addErrorNotInteger()
            return
        }
        guard let e = databases[c.dbIndex].lookupRead(c.arg(1)) else { c.addBulk(""); return }
        guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
        s.withBytes { p in
            let len = Int64(p.count)
            var start = start0, end = end0
            if start < 0 && end < 0 && start > end { c.addBulk(""); return }
            if start < 0 { start = len + start }
            if end < 0 { end = len + end }
            if start < 0 { start = 0 }
            if end < 0 { end = 0 }
            if end >= len { end = len - 1 }
            if start > end || len == 0 {
                c.addBulk("")
            } else {
                c.addBulk(UnsafeRawBufferPointer(rebasing: p[Int(start)...Int(end)]))
            }
        }
    }

    func setrangeCommand(_ c: Client) {
        guard let offset = parseStrictInt64(c.arg(2)) else { c.addErrorNotInteger(); return }
        if offset < 0 {
            c.addError("ERR offset is out of range")
            return
        }
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        let value = c.arg(3)
        let h: HeapBytes
        if let e = db.lookupWrite(key) {
            guard let len = Server.stringLength(e) else { c.addErrorWrongType(); return }
            if value.count == 0 { c.addInt(len); return }
            if !checkStringLength(c, offset, value.count) { return }
            let needed = Int(offset) + value.count
            h = unshareStringValue(e, capacity: needed)
            if needed > h.count {
                (h.bytes + h.count).initialize(repeating: 0, count: needed - h.count)
                h.count = needed
            }
        } else {
            if value.count == 0 { c.addInt(0); return }
            if !checkStringLength(c, offset, value.count) { return }
            let needed = Int(offset) + value.count
            h = HeapBytes(capacity: needed, count: needed, raw: true)
            h.bytes.initialize(repeating: 0, count: Int(offset))
            db.add(key, .string(.heap(h)))
        }
        UnsafeMutableRawPointer(h.bytes + Int(offset)).copyMemory(from: value.baseAddress!, byteCount: value.count)
        signalModifiedKey(key, dbIndex: c.dbIndex)
        notifyKeyspaceEvent(.string, "setrange", key, dbIndex: c.dbIndex)
        dirty += 1
        c.addInt(h.count)
    }

    // MARK: INCR family

    func incrbyCommand(_ c: Client, negate: Bool) {
        guard let v = parseStrictInt64(c.arg(2)) else { c.addErrorNotInteger(); return }
        if negate {
            if v == Int64.min {
                c.addError("ERR decrement would overflow")
                return
            }
            incrDecr(c, by: -v)
        } else {
            incrDecr(c, by: v)
        }
    }

    /// Redis's incrDecrCommand: adds `incr` to the integer at key 1 (missing = 0), keeping
    /// the key's TTL; the result is stored int encoded.
    func incrDecr(_ c: Client, by incr: Int64) {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        let e = db.lookupWrite(key)
        var value: Int64 = 0
        if let e {
            guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
            guard let v = s.integerValue else { c.addErrorNotInteger(); return }
            value = v
        }
        let (sum, overflow) = value.addingReportingOverflow(incr)
        if overflow {
            c.addError("ERR increment or decrement would overflow")
            return
        }
        if let e { e.value = .string(.int(sum)) } else { db.add(key, .string(.int(sum))) }
        signalModifiedKey(key, dbIndex: c.dbIndex)
        notifyKeyspaceEvent(.string, "incrby", key, dbIndex: c.dbIndex)
        dirty += 1
        c.addInt(sum)
    }

    /// INCRBYFLOAT in x87 long double (Float80), like Redis; the stored and returned text
    /// is Redis's human-friendly "%.17Lf" form.
    func incrbyfloatCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        let e = db.lookupWrite(key)
        var value: Float80 = 0
        if let e {
            guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
            guard let v = LongDouble.value(of: s) else { c.addErrorNotFloat(); return }
            value = v
        }
        guard let incr = LongDouble.parse(c.arg(2)) else { c.addErrorNotFloat(); return }
        value += incr
        if value.isNaN || value.isInfinite {
            c.addError("ERR increment would produce NaN or Infinity")
            return
        }
        let text = LongDouble.format(value)
        let new = text.withUnsafeBytes { RStr($0) }
        if let e { e.value = .string(new) } else { db.add(key, .string(new)) }
        signalModifiedKey(key, dbIndex: c.dbIndex)
        notifyKeyspaceEvent(.string, "incrbyfloat", key, dbIndex: c.dbIndex)
        dirty += 1
        c.addBulk(text)
    }

    // MARK: LCS

    func lcsCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let ea = db.lookupRead(c.arg(1))
        let eb = db.lookupRead(c.arg(2))
        var a = RStr.empty, b = RStr.empty
        if let ea {
            guard case .string(let s) = ea.value else { c.addError("ERR The specified keys must contain string values"); return }
            a = s
        }
        if let eb {
            guard case .string(let s) = eb.value else { c.addError("ERR The specified keys must contain string values"); return }
            b = s
        }
        var getLen = false, getIdx = false, withMatchLen = false
        var minMatchLen: Int64 = 0
        var j = 3
        while j < c.argc {
            let opt = c.arg(j)
            let more = j + 1 < c.argc
            if optionMatches(opt, "idx") {
                getIdx = true
            } else if optionMatches(opt, "len") {
                getLen = true
            } else if optionMatches(opt, "withmatchlen") {
                withMatchLen = true
            } else if more && optionMatches(opt, "minmatchlen") {
                guard let v = parseStrictInt64(c.arg(j + 1)) else { c.addErrorNotInteger(); return }
                minMatchLen = max(0, v)
                j += 1
            } else {
                c.addErrorSyntax()
                return
            }
            j += 1
        }
        if getIdx && getLen {
            c.addError("ERR If you want both the length and indexes, please just use IDX.")
            return
        }
        let alen = a.count, blen = b.count
        if alen >= Int(UInt32.max) - 1 || blen >= Int(UInt32.max) - 1 {
            c.addError("ERR String too long for LCS")
            return
        }
        if LCS.tableBytes(alen, blen) > config.protoMaxBulkLen {
            c.addError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")
            return
        }
        let walk = getIdx || !getLen
        let minLen = Int(clamping: minMatchLen)
        let r = a.withBytes { pa in b.withBytes { pb in LCS.compute(pa, pb, walk: walk, minMatchLength: minLen) } }
        if getIdx {
            c.addMapLen(2)
            c.addBulk("matches")
            c.addArrayLen(r.matches.count)
            for m in r.matches {
                c.addArrayLen(withMatchLen ? 3 : 2)
                c.addArrayLen(2)
                c.addInt(m.aStart)
                c.addInt(m.aEnd)
                c.addArrayLen(2)
                c.addInt(m.bStart)
                c.addInt(m.bEnd)
                if withMatchLen { c.addInt(m.length) }
            }
            c.addBulk("len")
            c.addInt(r.length)
        } else if getLen {
            c.addInt(r.length)
        } else {
            c.addBulk(r.subsequence)
        }
    }
}
