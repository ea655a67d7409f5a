// Expiry commands (Redis's expire.c): EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX,
// XX, GT, LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME and PERSIST.
//
// TTLs are absolute Unix milliseconds in `db.expires` (see Database.swift); deleting
// expired keys is the keyspace's job (lazily in every lookup, actively in the cron's
// activeExpireCycle). This file only sets, reads and removes TTLs.
//
// As in Redis, the four setters are one function, expireGenericCommand, parameterised
// by the base time (now, or 0 for the *AT forms) and the unit (seconds or ms); the four
// readers are one function, ttlGenericCommand, parameterised by unit and by relative
// vs absolute output. Order of checks is Redis's, since it decides which error wins:
// options first (unknown option, incompatible flags), then the integer, then overflow
// of the unit conversion and of the base addition, then the key, then NX/XX/GT/LT.
// A time already in the past deletes the key (notifying "del", like DEL) instead of
// setting a TTL.

import RESP
import DataStructures

extension Server {
    static func expireCommands() -> [(String, CommandHandler)] {
        [
            ("expire", { s, c in s.expireGenericCommand(c, base: s.nowMillis, unitMillis: 1000, name: "expire") }),
            ("pexpire", { s, c in s.expireGenericCommand(c, base: s.nowMillis, unitMillis: 1, name: "pexpire") }),
            ("expireat", { s, c in s.expireGenericCommand(c, base: 0, unitMillis: 1000, name: "expireat") }),
            ("pexpireat", { s, c in s.expireGenericCommand(c, base: 0, unitMillis: 1, name: "pexpireat") }),
            ("ttl", { s, c in s.ttlGenericCommand(c, millis: false, absolute: false) }),
            ("pttl", { s, c in s.ttlGenericCommand(c, millis: true, absolute: false) }),
            ("expiretime", { s, c in s.ttlGenericCommand(c, millis: false, absolute: true) }),
            ("pexpiretime", { s, c in s.ttlGenericCommand(c, millis: true, absolute: true) }),
            ("persist", { s, c in s.persistCommand(c) }),
        ]
    }

    /// The NX / XX / GT / LT conditions of the EXPIRE family.
    struct ExpireCondition: OptionSet {
        let rawValue: UInt8
        static let nx = ExpireCondition(rawValue: 1 << 0)
        static let xx = ExpireCondition(rawValue: 1 << 1)
        static let gt = ExpireCondition(rawValue: 1 << 2)
        static let lt = ExpireCondition(rawValue: 1 << 3)
    }

    /// EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key time [NX | XX | GT | LT].
    /// `base` is added to the (converted) time: now for the relative forms, 0 for *AT.
    func expireGenericCommand(_ c: Client, base: Int64, unitMillis: Int64, name: StaticString) {
        var cond: ExpireCondition = []
        var j = 3
        while j < c.argc {
            if c.argIs(j, "nx") { cond.insert(.nx) }
            else if c.argIs(j, "xx") { cond.insert(.xx) }
            else if c.argIs(j, "gt") { cond.insert(.gt) }
            else if c.argIs(j, "lt") { cond.insert(.lt) }
            else {
                c.addError("ERR Unsupported option \(c.argString(j))")
                return
            }
            j += 1
        }
        if cond.contains(.nx) && !cond.isDisjoint(with: [.xx, .gt, .lt]) {
            c.addError("ERR NX and XX, GT or LT options at the same time are not compatible")
            return
        }
        if cond.contains(.gt) && cond.contains(.lt) {
            c.addError("ERR GT and LT options at the same time are not compatible")
            return
        }
        guard var when = parseStrictInt64(c.arg(2)) else {
            c.addErrorNotInteger()
            return
        }
        if unitMillis != 1 {
            if when > Int64.max / unitMillis || when < Int64.min / unitMillis {
                c.addError("ERR invalid expire time in '\(name)' command")
                return
            }
            when *= unitMillis
        }
        if when > Int64.max - base {
            c.addError("ERR invalid expire time in '\(name)' command")
            return
        }
        when += base

        let db = databases[c.dbIndex]
        let key = c.arg(1)
        guard db.lookupWrite(key) != nil else {
            c.addInt(0)
            return
        }
        if !cond.isEmpty {
            let current = db.expireAt(key)
            // No TTL counts as an infinite one: GT never beats it, LT always does.
            if cond.contains(.nx) && current != nil
                || cond.contains(.xx) && current == nil
                || cond.contains(.gt) && (current == nil || when <= current!)
                || cond.contains(.lt) && current != nil && when >= current! {
                c.addInt(0)
                return
            }
        }
        if when <= nowMillis {
            db.deleteKey(key)
            dirty += 1
            notifyKeyspaceEvent(.generic, "del", key, dbIndex: db.id)
            c.addInt(1)
            return
        }
        db.setExpire(key, at: when)
        signalModifiedKey(key, dbIndex: db.id)
        notifyKeyspaceEvent(.generic, "expire", key, dbIndex: db.id)
        dirty += 1
        c.addInt(1)
    }

    /// TTL / PTTL / EXPIRETIME / PEXPIRETIME: -2 for a missing key, -1 without a TTL.
    /// Seconds are rounded to the nearest (Redis: (ms + 500) / 1000).
    func ttlGenericCommand(_ c: Client, millis: Bool, absolute: Bool) {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        let saved = noTouch
        noTouch = true
        let e = db.lookupRead(key)
        noTouch = saved
        guard e != nil else {
            c.addInt(-2)
            return
        }
        guard let when = db.expireAt(key) else {
            c.addInt(-1)
            return
        }
        let ttl = max(0, absolute ? when : when - nowMillis)
        c.addInt(millis ? ttl : Int64((UInt64(ttl) + 500) / 1000))
    }

    func persistCommand(_ c: Client) {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        guard db.lookupWrite(key) != nil, db.removeExpire(key) else {
            c.addInt(0)
            return
        }
        signalModifiedKey(key, dbIndex: db.id)
        notifyKeyspaceEvent(.generic, "persist", key, dbIndex: db.id)
        dirty += 1
        c.addInt(1)
    }
}
