// Database: one of the numbered keyspaces (SELECT 0..databases-1), Redis's redisDb.
//
// Two tables, as in Redis: `keys` maps a key to its value; `expires` maps keys that
// have a time to live to their absolute expiry in Unix milliseconds. Keeping TTLs in
// their own table lets the active expiry cycle sample only keys that can expire, and
// costs nothing for keys without one.
//
// Every read goes through lookupRead (lazy expiry: an expired key is deleted when
// touched, as if it never existed) and every write through lookupWrite/setKey/delete,
// so keyspace hooks (the dirty counter, WATCH, notifications, snapshot barriers) have
// one place each. The LRU clock or LFU counter lives in the entry's `meta` word.
//
// The keyspace owns its values (Value.swift): setKey, deleteKey and flush free the value
// they drop unless the undo log keeps it; a caller that changes a value in place through
// an entry stores it back in the entry after the change.

import DataStructures
import EventLoop

public final class Database {
    public let id: Int
    public let keys = Dict<Value>()
    public let expires = Dict<Int64>()
    unowned(unsafe) let server: Server  // outlives its databases; not counted on every lookup
    /// Sum of expires seen by the active cycle, for INFO keyspace avg_ttl.
    var avgTTL: Int64 = 0
    /// The running fork-less BGSAVE: every write primitive lets it write a not-yet-saved
    /// entry before changing it (docs/snapshot.md). nil when no save runs.
    var snapshot: BackgroundSave? = nil

    init(id: Int, server: Server) {
        self.id = id
        self.server = server
        keys.releaseValue = { $0.free() }
    }

    public var count: Int { keys.count }

    // MARK: expiry

    func expireAt(_ key: UnsafeRawBufferPointer) -> Int64? {
        if expires.count == 0 { return nil }
        return expires.find(key)?.value
    }

    /// Deletes the key if its TTL has passed; returns true when it did.
    @discardableResult
    func expireIfNeeded(_ key: UnsafeRawBufferPointer) -> Bool {
        if expires.count == 0 { return false }
        guard let when = expires.find(key)?.value else { return false }
        if server.loadingOrPausedExpiry { return false }
        // Redis: a key is expired once now > when (not at the exact millisecond).
        if when >= server.nowMillis { return false }
        server.stats.expiredKeys += 1
        deleteKey(key)
        server.notifyKeyspaceEvent(.expired, "expired", key, dbIndex: id)
        return true
    }

    // MARK: lookups

    /// A key for reading: expired keys vanish; hits and misses are counted; the
    /// access time is updated (unless a fork-less snapshot or OBJECT asked us not to).
    /// `notify: false` skips the "keymiss" notification (OBJECT, as Redis's LOOKUP_NONOTIFY).
    public func lookupRead(_ key: UnsafeRawBufferPointer, notify: Bool = true) -> DictEntry<Value>? {
        if expires.count > 0 { expireIfNeeded(key) }
        guard let e = keys.find(key) else {
            server.stats.keyspaceMisses += 1
            if notify { server.notifyKeyspaceEvent(.keyMiss, "keymiss", key, dbIndex: id) }
            return nil
        }
        server.stats.keyspaceHits += 1
        server.touchEntry(e)
        return e
    }

    /// A key for writing: expired keys vanish; no hit/miss accounting.
    public func lookupWrite(_ key: UnsafeRawBufferPointer) -> DictEntry<Value>? {
        if expires.count > 0 { expireIfNeeded(key) }
        guard let e = keys.find(key) else { return nil }
        if let u = server.undo { u.willModify(self, key, e) }
        if let s = snapshot { s.willModify(self, e) }
        server.touchEntry(e)
        return e
    }

    /// A lookup that neither expires, counts nor touches (OBJECT, DEBUG, TYPE-less peeks).
    public func peek(_ key: UnsafeRawBufferPointer) -> DictEntry<Value>? {
        if let when = expireAt(key), when < server.nowMillis, !server.loadingOrPausedExpiry {
            return nil
        }
        return keys.find(key)
    }

    public func exists(_ key: UnsafeRawBufferPointer) -> Bool {
        if expires.count > 0 { expireIfNeeded(key) }
        return keys.find(key) != nil
    }

    // MARK: writes

    /// Adds a key known to be absent; the keyspace takes ownership of `value`.
    @discardableResult
    public func add(_ key: UnsafeRawBufferPointer, _ value: Value) -> DictEntry<Value> {
        let e = keys.insertNew(RStr(key), value)
        if let u = server.undo { u.didAdd(self, e) }
        server.initEntryMeta(e)
        server.signalKeyAsReady(db: id, key)
        server.notifyKeyspaceEvent(.newKey, "new", key, dbIndex: id)
        return e
    }

    /// SET semantics: overwrite the value (freed unless the undo log keeps it; `value` never
    /// shares its storage), and drop any TTL unless `keepTTL`. The keyspace takes `value`.
    public func setKey(_ key: UnsafeRawBufferPointer, _ value: Value, keepTTL: Bool = false) {
        let found = keys.find(key)
        var kept = false
        if let u = server.undo { kept = u.willReplace(self, key, found, with: value, keepTTL: keepTTL) }
        if let e = found {
            if let s = snapshot { s.willModify(self, e) }
            if !kept { e.value.free() }
            e.value = value
            server.initEntryMeta(e)
        } else {
            add(key, value)
        }
        if !keepTTL && expires.count > 0 { expires.remove(key) }
        server.signalModifiedKey(key, dbIndex: id)
    }

    /// Deletes the key and frees its value, unless the undo log keeps it or `valueMoved`
    /// (RENAME, MOVE: the value was added under another key first and belongs to it now).
    @discardableResult
    public func deleteKey(_ key: UnsafeRawBufferPointer, valueMoved: Bool = false) -> Bool {
        var kept = false
        if let u = server.undo { kept = u.willDelete(self, key, valueMoved: valueMoved) }
        if let s = snapshot, let e = keys.find(key) { s.willModify(self, e) }
        guard let old = keys.remove(key) else { return false }
        if !kept && !valueMoved { old.free() }
        if expires.count > 0 { expires.remove(key) }
        server.signalModifiedKey(key, dbIndex: id)
        return true
    }

    public func setExpire(_ key: UnsafeRawBufferPointer, at when: Int64) {
        if let u = server.undo { u.willChangeTTL(self, key) }
        if let s = snapshot, let e = keys.find(key) { s.willModify(self, e) }
        if let e = expires.find(key) { e.value = when } else { expires.insertNew(RStr(key), when) }
    }

    @discardableResult
    public func removeExpire(_ key: UnsafeRawBufferPointer) -> Bool {
        if let u = server.undo { u.willChangeTTL(self, key) }
        if let s = snapshot, let e = keys.find(key) { s.willModify(self, e) }
        return expires.remove(key) != nil
    }

    /// Empties the database. Big tables are released by the lazy-free thread when `async`.
    public func flush(async: Bool) -> Int {
        // The snapshot first: it may write pending entries, which the undo log then takes
        // (keeping some, freeing the others).
        if let s = snapshot { s.willFlush(self) }
        if let u = server.undo { u.willFlush(self) }
        let n = keys.count
        keys.clearAll(releasingValues: server.undo == nil)
        expires.clearAll()
        avgTTL = 0
        return n
    }

    /// Redis's activeExpireCycle for this database: sample keys with a TTL, delete the
    /// expired ones, repeat while more than 10% of the sample was expired and time remains.
    func activeExpireCycle(deadlineMicros: Int64, sample: inout [DictEntry<Int64>]) -> Int {
        var expired = 0
        var iterations = 0
        while expires.count > 0 {
            iterations += 1
            expires.sample(20, into: &sample)
            if sample.isEmpty { break }
            var found = 0
            var ttlSum: Int64 = 0
            var ttlSamples: Int64 = 0
            let now = server.nowMillis
            for e in sample {
                if e.value < now {
                    let k = e.key
                    k.withBytes { kb in
                        if expireIfNeeded(kb) { found += 1 }
                    }
                } else {
                    ttlSum += e.value - now
                    ttlSamples += 1
                }
            }
            if ttlSamples > 0 {
                let avg = ttlSum / ttlSamples
                avgTTL = avgTTL == 0 ? avg : (avgTTL / 50) * 49 + (avg / 50)
            }
            expired += found
            if found * 10 <= sample.count { break }
            if iterations & 15 == 0 && monotonicMicros() > deadlineMicros { break }
        }
        sample.removeAll(keepingCapacity: true)
        return expired
    }
}
