// HashCommands: the hash type's commands (Redis's t_hash.c, command side).
//
// HSET HMSET HSETNX HGET HMGET HGETALL HKEYS HVALS HDEL HLEN HSTRLEN HEXISTS HINCRBY
// HINCRBYFLOAT HRANDFIELD HSCAN.
//
// The value is a HashValue (DataStructures/HashValue.swift), which owns the two encodings
// (listpack, hashtable) and the conversion between them; the thresholds are read from the
// config at each write (`hashLimits`) so CONFIG SET takes effect at the next write, as in
// Redis. Shape, as in t_hash.c:
//   - `hashForWrite` is hashTypeLookupWriteOrCreate: WRONGTYPE for another type, otherwise
//     the hash, created (listpack, sized for the arguments) when the key is missing.
//   - `hsetGeneric` serves HSET and HMSET (only the reply differs); `hgetallGeneric` serves
//     HGETALL, HKEYS and HVALS; `hincrGeneric` serves HINCRBY and HINCRBYFLOAT (they differ
//     in how the old value, the increment and the result are read and written).
//   - Conversion points are Redis's: every field and value argument of HSET/HMSET (and of
//     HSETNX when the field is new) is checked against hash-max-listpack-value before the
//     first write; HashValue.set itself converts for a long single write (HINCRBYFLOAT's
//     100-digit results) and after a write that leaves too many fields.
// Errors and their order are Redis 7.0.15's, checked against redis-server: HSET's odd
// argument count is an arity error; HINCRBY parses the increment before the lookup ("value
// is not an integer or out of range"), then the stored value ("hash value is not an
// integer"), then overflow; HINCRBYFLOAT refuses NaN/Infinity increments ("value is NaN or
// Infinity") and results; HRANDFIELD's count is a long in [-LONG_MAX, LONG_MAX] and, with
// WITHVALUES, in [-LONG_MAX/2, LONG_MAX/2] ("value is out of range"); HSCAN parses its
// cursor before the lookup and its options after it.
//
// Replies are written straight from the structure (LPValue: bytes pointing into the
// listpack or pair block, or an integer): no copies on the read path. Every write bumps
// `dirty` by what it changed, signals the key as modified, and fires Redis's keyspace
// events (class h): "hset", "hdel", "hincrby", "hincrbyfloat", and "del" (class g) when HDEL
// removes the last field and with it the key (an empty hash never stays in the keyspace).

import DataStructures
import RESP

extension Server {
    static func hashCommands() -> [(String, CommandHandler)] {
        [
            ("hset", { s, c in s.hsetGeneric(c, replyOK: false) }),
            ("hmset", { s, c in s.hsetGeneric(c, replyOK: true) }),
            ("hsetnx", { s, c in s.hsetnxCommand(c) }),
            ("hget", { s, c in s.hgetCommand(c) }),
            ("hmget", { s, c in s.hmgetCommand(c) }),
            ("hgetall", { s, c in s.hgetallGeneric(c, fields: true, values: true) }),
            ("hkeys", { s, c in s.hgetallGeneric(c, fields: true, values: false) }),
            ("hvals", { s, c in s.hgetallGeneric(c, fields: false, values: true) }),
            ("hdel", { s, c in s.hdelCommand(c) }),
            ("hlen", { s, c in s.hlenCommand(c) }),
            ("hstrlen", { s, c in s.hstrlenCommand(c) }),
            ("hexists", { s, c in s.hexistsCommand(c) }),
            ("hincrby", { s, c in s.hincrGeneric(c, float: false) }),
            ("hincrbyfloat", { s, c in s.hincrGeneric(c, float: true) }),
            ("hrandfield", { s, c in s.hrandfieldCommand(c) }),
            ("hscan", { s, c in s.hscanCommand(c) }),
        ]
    }

    // MARK: shared helpers

    /// hash-max-listpack-entries / -value as configured now.
    var hashLimits: HashLimits {
        HashLimits(maxListpackEntries: config.hashMaxListpackEntries, maxListpackValue: config.hashMaxListpackValue)
    }

    /// The hash at `key` for reading; nil when missing (`missing` is then sent) or of another
    /// type (WRONGTYPE sent).
    @inline(__always)
    private func hashForRead(_ c: Client, _ key: UnsafeRawBufferPointer, missing: (Client) -> Void) -> HashValue? {
        guard let e = databases[c.dbIndex].lookupRead(key) else { missing(c); return nil }
        guard case .hash(let h) = e.value else { c.addErrorWrongType(); return nil }
        return h
    }

    /// Redis's hashTypeLookupWriteOrCreate: the entry of the hash at `key`, created empty (a
    /// listpack sized for `elements`) when missing; nil after WRONGTYPE. Changes go through
    /// `withHash`, which stores the hash back.
    @inline(__always)
    private func hashForWrite(_ c: Client, _ key: UnsafeRawBufferPointer,
                              sizedFor elements: ArraySlice<UnsafeRawBufferPointer>) -> DictEntry<Value>? {
        let db = databases[c.dbIndex]
        if let e = db.lookupWrite(key) {
            guard case .hash = e.value else { c.addErrorWrongType(); return nil }
            return e
        }
        return db.add(key, .hash(HashValue(listpackCapacity: HashValue.listpackBytes(for: elements))))
    }

    /// Modified-key signal, keyspace event and dirty counter after a hash write.
    @inline(__always)
    private func hashWritten(_ c: Client, _ key: UnsafeRawBufferPointer, _ event: String, changes: Int) {
        signalModifiedKey(key, dbIndex: c.dbIndex)
        notifyKeyspaceEvent(.hash, event, key, dbIndex: c.dbIndex)
        dirty += Int64(changes)
    }

    // MARK: HSET / HMSET / HSETNX

    /// HSET key field value [field value ...] (reply: fields created) and HMSET (reply: OK).
    func hsetGeneric(_ c: Client, replyOK: Bool) {
        if c.argc % 2 == 1 { c.addErrorArity(); return }
        let key = c.arg(1)
        let pairs = c.argv[2...]
        guard let e = hashForWrite(c, key, sizedFor: pairs) else { return }
        let limits = hashLimits
        var created = 0
        e.withHash { h in
            h.convertIfNeeded(for: pairs, limits: limits)
            var i = 2
            while i < c.argc {
                if h.set(c.arg(i), c.arg(i + 1), limits: limits) { created += 1 }
                i += 2
            }
        }
        if replyOK { c.addOK() } else { c.addInt(created) }
        hashWritten(c, key, "hset", changes: (c.argc - 2) / 2)
    }

    /// HSETNX key field value
    func hsetnxCommand(_ c: Client) {
        let key = c.arg(1)
        let pair = c.argv[2...3]
        guard let e = hashForWrite(c, key, sizedFor: pair) else { return }
        guard case .hash(var h) = e.value else { return }
        if h.contains(c.arg(2)) {
            c.addInt(0)
            return
        }
        let limits = hashLimits
        h.convertIfNeeded(for: pair, limits: limits)
        h.set(c.arg(2), c.arg(3), limits: limits)
        e.value = .hash(h)
        c.addInt(1)
        hashWritten(c, key, "hset", changes: 1)
    }

    // MARK: reads

    func hgetCommand(_ c: Client) {
        guard let h = hashForRead(c, c.arg(1), missing: { $0.addNull() }) else { return }
        if let v = h.get(c.arg(2)) { c.addHashElement(v) } else { c.addNull() }
    }

    /// HMGET key field [field ...]: nulls for a missing key or field.
    func hmgetCommand(_ c: Client) {
        let n = c.argc - 2
        guard let e = databases[c.dbIndex].lookupRead(c.arg(1)) else {
            c.addArrayLen(n)
            for _ in 0..<n { c.addNull() }
            return
        }
        guard case .hash(let h) = e.value else { c.addErrorWrongType(); return }
        c.addArrayLen(n)
        for i in 2..<c.argc {
            if let v = h.get(c.arg(i)) { c.addHashElement(v) } else { c.addNull() }
        }
    }

    /// HGETALL (a map of field -> value), HKEYS and HVALS (arrays).
    func hgetallGeneric(_ c: Client, fields: Bool, values: Bool) {
        let both = fields && values
        guard let h = hashForRead(c, c.arg(1), missing: { both ? $0.addMapLen(0) : $0.addArrayLen(0) }) else { return }
        if both { c.addMapLen(h.count) } else { c.addArrayLen(h.count) }
        h.forEach { f, v in
            if fields { c.addHashElement(f) }
            if values { c.addHashElement(v) }
        }
    }

    func hlenCommand(_ c: Client) {
        guard let h = hashForRead(c, c.arg(1), missing: { $0.addInt(0) }) else { return }
        c.addInt(h.count)
    }

    func hstrlenCommand(_ c: Client) {
        guard let h = hashForRead(c, c.arg(1), missing: { $0.addInt(0) }) else { return }
        switch h.get(c.arg(2)) {
        case nil: c.addInt(0)
        case .bytes(let b)?: c.addInt(b.count)
        case .int(let v)?: c.addInt(decimalLength(v))
        }
    }

    func hexistsCommand(_ c: Client) {
        guard let h = hashForRead(c, c.arg(1), missing: { $0.addInt(0) }) else { return }
        c.addInt(h.contains(c.arg(2)) ? 1 : 0)
    }

    // MARK: HDEL

    /// HDEL key field [field ...]: deletes the key with its last field.
    func hdelCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        guard let e = db.lookupWrite(key) else { c.addInt(0); return }
        guard case .hash(var h) = e.value else { c.addErrorWrongType(); return }
        var deleted = 0
        var keyRemoved = false
        for j in 2..<c.argc where h.remove(c.arg(j)) {
            e.value = .hash(h)           // before deleteKey, which frees it
            deleted += 1
            if h.count == 0 {
                db.deleteKey(key)        // signals the key as modified
                keyRemoved = true
                break
            }
        }
        if deleted > 0 {
            if !keyRemoved { signalModifiedKey(key, dbIndex: c.dbIndex) }
            notifyKeyspaceEvent(.hash, "hdel", key, dbIndex: c.dbIndex)
            if keyRemoved { notifyKeyspaceEvent(.generic, "del", key, dbIndex: c.dbIndex) }
            dirty += Int64(deleted)
        }
        c.addInt(deleted)
    }

    // MARK: HINCRBY / HINCRBYFLOAT

    /// HINCRBY key field increment (integers, overflow refused) and HINCRBYFLOAT key field
    /// increment (long doubles, written in Redis's human-friendly "%.17Lf" form).
    func hincrGeneric(_ c: Client, float: Bool) {
        var intIncrement: Int64 = 0
        var floatIncrement: Float80 = 0
        if float {
            guard let v = LongDouble.parse(c.arg(3)) else { c.addErrorNotFloat(); return }
            if v.isNaN || v.isInfinite { c.addError("ERR value is NaN or Infinity"); return }
            floatIncrement = v
        } else {
            guard let v = parseStrictInt64(c.arg(3)) else { c.addErrorNotInteger(); return }
            intIncrement = v
        }
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        let field = c.arg(2)

        // The current value (missing key or field: 0), read before anything is created, so
        // that an error leaves no empty hash behind.
        var entry: DictEntry<Value>? = nil
        var old: LPValue? = nil
        if let e = db.lookupWrite(key) {
            guard case .hash(let h) = e.value else { c.addErrorWrongType(); return }
            entry = e
            old = h.get(field)
        }
        let limits = hashLimits
        if float {
            var value: Float80 = 0
            switch old {
            case nil: break
            case .int(let i)?: value = Float80(i)
            case .bytes(let b)?:
                guard let v = LongDouble.parse(b) else { c.addError("ERR hash value is not a float"); return }
                value = v
            }
            value += floatIncrement
            if value.isNaN || value.isInfinite {
                c.addError("ERR increment would produce NaN or Infinity")
                return
            }
            let text = LongDouble.format(value)
            text.withUnsafeBytes { t in
                (entry ?? createHash(c, key, field, t)).withHash { $0.set(field, t, limits: limits) }
                c.addBulk(t)
            }
            hashWritten(c, key, "hincrbyfloat", changes: 1)
        } else {
            var value: Int64 = 0
            switch old {
            case nil: break
            case .int(let i)?: value = i
            case .bytes(let b)?:
                guard let v = parseStrictInt64(b) else { c.addError("ERR hash value is not an integer"); return }
                value = v
            }
            let (sum, overflow) = value.addingReportingOverflow(intIncrement)
            if overflow {
                c.addError("ERR increment or decrement would overflow")
                return
            }
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
            withUnsafeMutableBytes(of: &digits) { buf in
                let n = formatDecimalBytes(sum, into: buf.baseAddress!.assumingMemoryBound(to: UInt8.self))
                let t = UnsafeRawBufferPointer(start: buf.baseAddress, count: n)
                (entry ?? createHash(c, key, field, t)).withHash { $0.set(field, t, limits: limits) }
            }
            c.addInt(sum)
            hashWritten(c, key, "hincrby", changes: 1)
        }
    }

    /// A new empty hash at `key`, sized for one field and value: its entry.
    private func createHash(_ c: Client, _ key: UnsafeRawBufferPointer,
                            _ field: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> DictEntry<Value> {
        databases[c.dbIndex].add(key, .hash(HashValue(listpackCapacity: HashValue.listpackBytes(for: [field, value][...]))))
    }

    // MARK: HRANDFIELD

    /// HRANDFIELD key [count [WITHVALUES]]
    func hrandfieldCommand(_ c: Client) {
        if c.argc >= 3 {
            guard let l = parseStrictInt64(c.arg(2)) else { c.addErrorNotInteger(); return }
            if l == Int64.min {
                c.addError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
                return
            }
            var withValues = false
            if c.argc > 4 || (c.argc == 4 && !optionMatches(c.arg(3), "withvalues")) {
                c.addErrorSyntax()
                return
            } else if c.argc == 4 {
                withValues = true
                if l < -(Int64.max / 2) || l > Int64.max / 2 {
                    c.addError("ERR value is out of range")
                    return
                }
            }
            hrandfieldWithCount(c, l, withValues: withValues)
            return
        }
        guard let h = hashForRead(c, c.arg(1), missing: { $0.addNull() }) else { return }
        c.addHashElement(h.randomPair().0)
    }

    /// Redis's hrandfieldWithCountCommand. A negative count draws with repeats (random
    /// order); a positive one gives distinct fields, the whole hash when it is not larger.
    /// With WITHVALUES, RESP2 gets a flat field, value, ... array and RESP3 an array of
    /// [field, value] pairs.
    private func hrandfieldWithCount(_ c: Client, _ l: Int64, withValues: Bool) {
        guard let h = hashForRead(c, c.arg(1), missing: { $0.addEmptyArray() }) else { return }
        if l == 0 {
            c.addEmptyArray()
            return
        }
        let count = Int(l.magnitude)
        let emit = { (f: LPValue, v: LPValue) in
            if withValues { c.addPairHeader() }
            c.addHashElement(f)
            if withValues { c.addHashElement(v) }
        }
        if l < 0 || count == 1 {
            c.addPairsArrayLen(count, withValues: withValues)
            var sent = 0
            h.randomPairsWithRepeats(count) { f, v in
                emit(f, v)
                sent += 1
                // A huge count must not outlive the client's output buffer limit.
                if sent & 1023 == 0 {
                    checkOutputBufferLimits(c)
                    if c.flags.contains(.closeASAP) { return false }
                }
                return true
            }
            return
        }
        let size = h.count
        c.addPairsArrayLen(min(count, size), withValues: withValues)
        if count >= size {
            h.forEach(emit)
        } else {
            h.randomDistinctPairs(count, emit)
        }
    }

    // MARK: HSCAN

    /// HSCAN key cursor [MATCH pattern] [COUNT count]
    func hscanCommand(_ c: Client) {
        guard let cursor = parseScanCursor(c.arg(2)) else {
            c.addError("ERR invalid cursor")
            return
        }
        guard let h = hashForRead(c, c.arg(1), missing: { c in
            c.addArrayLen(2)
            c.addBulk("0")
            c.addArrayLen(0)
        }) else { return }
        guard let options = c.parseScanOptions(from: 3) else { return }
        let count = options.count, pattern = options.pattern
        // Collect first (the reply's length depends on the filter); the pairs point into the
        // hash, which does not change during the command.
        var found: [(LPValue, LPValue)] = []
        found.reserveCapacity(h.isListpack ? h.count : min(count, 1024))
        let next = h.scan(cursor: cursor, count: count) { f, v in
            if let p = pattern, !f.withBytes({ stringMatch(p, $0) }) { return }
            found.append((f, v))
        }
        c.addArrayLen(2)
        c.addBulkInt(Int64(bitPattern: next))
        c.addArrayLen(found.count * 2)
        for (f, v) in found {
            c.addHashElement(f)
            c.addHashElement(v)
        }
    }
}

extension Client {
    /// A field or value as a bulk string (integers of a listpack in decimal).
    @inline(__always) fileprivate func addHashElement(_ v: LPValue) {
        switch v {
        case .bytes(let b): addBulk(b)
        case .int(let i): addBulkInt(i)
        }
    }

    /// The array header of `n` random fields, or of `n` field-value pairs: flat in RESP2
    /// (2n elements), n two-element arrays in RESP3 (Redis 7.0's HRANDFIELD shapes; the
    /// writer has no helper for this nesting, so the protocol test lives here, once).
    fileprivate func addPairsArrayLen(_ n: Int, withValues: Bool) {
        addArrayLen(withValues && resp == .resp2 ? n * 2 : n)
    }

    /// Before each pair of a WITHVALUES reply: nothing in RESP2, `*2` in RESP3.
    @inline(__always) fileprivate func addPairHeader() {
        if resp == .resp3 { addArrayLen(2) }
    }
}
