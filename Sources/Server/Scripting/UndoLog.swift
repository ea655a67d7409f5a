// UndoLog: the first-touch undo log behind StructD's transactional scripts (TXN.EVAL,
// TXN.ESHA) and transactions (TXN.MULTI ... EXEC). See docs/scripting.md, "Transactional
// scripts".
//
// While an undo scope is open (`server.undo` is set), the keyspace's write primitives
// (Database.lookupWrite, setKey, add, deleteKey, setExpire, removeExpire, flush, and
// SWAPDB) call in here *before* they change anything, so every command family is covered
// without knowing about it. The first time a key is touched in a scope we remember what it
// was, in two independent dimensions:
//   - its value: absent, or the old Value (and its LRU/LFU word). Where the primitive is
//     about to drop the old value (setKey replaces it, deleteKey and FLUSH discard it) the
//     value itself is kept: no copy, and the log becomes its owner (the primitive does not
//     free it). Where the command may change it in place (lookupWrite hands out the entry)
//     or the value moves to another key (RENAME, MOVE), a deep copy is taken first.
//   The log owns the values of its records: the outermost scope's end frees them, a
//   rollback hands them back to the keyspace (freeing the values they replace).
//   - its TTL: none, or the old absolute expiry.
// Later touches of the same key in the same scope cost one lookup in a small index. A
// SWAPDB is logged as an operation of its own and starts a new "epoch" (keys then mean
// different things, so first-touch starts over); records of different epochs compose,
// because rollback applies every record in reverse order and each restores the state its
// key had when it was recorded.
//
// A kept (stolen) value may come back: a command may delete a key (stolen) and add the
// same value under another name, where later commands can mutate it in place. So add()
// and setKey() report the value they insert; if its storage is one the log holds, the log
// takes its deep copy at that moment, before anything can change it, and the keyspace
// owns the original from then on.
//
// Effects other clients could observe are held while a scope is open and replayed, in
// order, when the outermost scope commits; a rollback drops them: keyspace notifications,
// WATCH invalidations and client-tracking invalidations (signalModifiedKey, with the bulk
// command that caused it), FLUSHALL/FLUSHDB's null invalidation, wake-ups of clients
// blocked on keys (signalKeyAsReady), MONITOR lines, PUBLISH/SPUBLISH messages, and
// FLUSHALL's snapshot save. The dirty counter is put back on rollback, so a rolled-back
// change never counts toward a snapshot save point.
//
// State outside the keyspace (function libraries, script aliases) records itself once per
// epoch through recordOnce: a closure that puts it back, run by rollback like any record.
//
// Rollback restores through the raw tables (Dict insert/remove), never through the
// primitives: it records nothing, signals nothing, notifies nothing.
//
// Scopes nest (TXN.EVAL inside TXN.MULTI's EXEC): an inner scope is a savepoint (record,
// effect and dirty marks); its rollback undoes back to the mark, its commit keeps the
// records for the outer scope. Cost when nothing fails: one optional check per write
// primitive, one index lookup per touch, one record (and for lookupWrite, a copy of the
// value) per key per scope; the arrays keep their capacity between scopes.

import DataStructures
import Config

final class UndoLog {
    /// What a key was before its first touch.
    enum Record {
        /// The key's value was `old` (nil: the key did not exist), with LRU/LFU word `meta`.
        case value(db: Int, key: RStr, old: Value?, meta: UInt32)
        /// The key's TTL was `old` (nil: no TTL).
        case ttl(db: Int, key: RStr, old: Int64?)
        /// SWAPDB a b.
        case swap(Int, Int)
        /// State outside the keyspace (function libraries, aliases): puts it back.
        case restore(() -> Void)
    }

    /// Something another client could observe, held until the outermost scope commits.
    enum Effect {
        case notify(NotifyClass, String, [UInt8], Int)
        /// signalModifiedKey(key, db), with the bulk command (FLUSHALL/FLUSHDB/SWAPDB) that
        /// caused it, which WATCH and tracking treat specially.
        case modified([UInt8], Int, bulk: String?)
        case ready(Int, [UInt8])
        case monitor([UInt8])
        /// PUBLISH / SPUBLISH (channel, message, shard).
        case publish([UInt8], [UInt8], Bool)
        /// FLUSHALL / FLUSHDB's null invalidation to every tracking client.
        case flushInvalidation
        /// Anything else to do only if the change stays (FLUSHALL's snapshot save).
        case run(() -> Void)
    }

    /// A savepoint: where a scope started.
    struct Mark {
        let records: Int
        let effects: Int
        let dirty: Int64
    }

    /// Per (db, key) of the current epoch: which dimensions are recorded.
    private struct Slot {
        let db: Int
        let key: RStr
        var value: Bool
        var ttl: Bool
    }

    /// The server outlives its log (unowned(unsafe): no reference counting on the hot path).
    unowned(unsafe) let server: Server
    private(set) var records: [Record] = []
    private(set) var effects: [Effect] = []
    private var slots: [Slot] = []
    /// Index of `slots` by key, per db, once there are too many slots to scan.
    private var slotIndex: [Int: Dict<Int>] = [:]
    /// Values kept without a copy in value records (storage identity -> record index).
    private var stolen: [UInt: Int] = [:]
    /// Which non-keyspace states (recordOnce) have a record in this epoch.
    private var recordedStates: Set<String> = []
    /// Open scopes (outermost first).
    private(set) var depth = 0
    /// MONITOR lines of this client are sent at once (the TXN.EVAL line itself, fed by
    /// the EVAL code inside the scope); its script's commands are held like all others.
    /// (By identity: a weak reference would cost atomic operations on every run.)
    var monitorExempt: ObjectIdentifier? = nil

    private static let scanLimit = 16

    /// Empties an array keeping its capacity. A scope usually touches a few keys, and
    /// removing those one by one costs far less than removeAll's general path.
    @inline(__always) private static func clear<T>(_ a: inout [T]) {
        if a.count <= 8 {
            while !a.isEmpty { a.removeLast() }
        } else {
            a.removeAll(keepingCapacity: true)
        }
    }

    init(server: Server) { self.server = server }

    // MARK: scopes

    func begin() -> Mark {
        depth += 1
        // A new epoch: a savepoint must capture keys already touched by the outer scope.
        if depth > 1 { newEpoch() }
        return Mark(records: records.count, effects: effects.count, dirty: server.dirty)
    }

    /// Undoes everything recorded since `mark` and drops the effects held since then.
    func rollback(to mark: Mark) {
        var i = records.count
        while i > mark.records {
            i -= 1
            restore(records[i])
        }
        records.removeSubrange(mark.records...)
        effects.removeSubrange(mark.effects...)
        if !stolen.isEmpty { stolen = stolen.filter { $0.value < mark.records } }
        server.dirty = mark.dirty
        newEpoch()
    }

    /// Ends the innermost scope. Returns the held effects when it was the outermost one
    /// (the caller replays them with the log detached), else nil.
    func end() -> [Effect]? {
        depth -= 1
        if depth > 0 { return nil }
        for r in records {
            if case .value(_, _, let old?, _) = r { old.free() }
        }
        // Handing the array over shares its buffer; only copy when there is something.
        var held: [Effect] = []
        if !effects.isEmpty {
            held = effects
            effects.removeAll(keepingCapacity: true)
        }
        UndoLog.clear(&records)
        if !stolen.isEmpty { stolen.removeAll(keepingCapacity: true) }
        monitorExempt = nil
        newEpoch()
        return held
    }

    private func newEpoch() {
        UndoLog.clear(&slots)
        if !slotIndex.isEmpty { slotIndex.removeAll() }
        if !recordedStates.isEmpty { recordedStates.removeAll() }
    }

    /// State outside the keyspace (`name`: "functions", "aliases") is about to change:
    /// the first time in this epoch, `snapshot` is called and the closure it returns is
    /// what rollback runs to put the state back.
    func recordOnce(_ name: String, _ snapshot: () -> () -> Void) {
        if recordedStates.contains(name) { return }
        recordedStates.insert(name)
        records.append(.restore(snapshot()))
    }

    // MARK: first touch

    /// The slot of (db, key) in this epoch, created when missing (keeping `storage`, the
    /// keyspace entry's own key when there is one, so no copy is made). A short scan while
    /// there are few slots; past `scanLimit` every slot is also in a per-db index.
    private func slot(_ db: Int, _ key: UnsafeRawBufferPointer, storage: RStr?) -> Int {
        if slotIndex.isEmpty {
            for i in 0..<slots.count where slots[i].db == db && slots[i].key.equals(key) { return i }
        } else if let e = slotIndex[db]?.find(key) {
            return e.value
        }
        return addSlot(db, storage ?? RStr(key))
    }

    private func addSlot(_ db: Int, _ key: RStr) -> Int {
        let i = slots.count
        slots.append(Slot(db: db, key: key, value: false, ttl: false))
        if !slotIndex.isEmpty {
            index(db).insertNew(key, i)
        } else if slots.count > UndoLog.scanLimit {
            for (j, s) in slots.enumerated() { index(s.db).insertNew(s.key, j) }
        }
        return i
    }

    private func index(_ db: Int) -> Dict<Int> {
        if let d = slotIndex[db] { return d }
        let d = Dict<Int>()
        slotIndex[db] = d
        return d
    }

    /// Records the value dimension if it is the first touch: the entry's value (nil: the
    /// key is absent). `copy`: the caller may change the value in place or keep it, so keep
    /// a deep copy; otherwise the value itself is kept, and the log owns it from now on.
    /// True when the log took the value itself (the caller must not free it).
    @discardableResult
    private func recordValue(_ db: Database, _ key: UnsafeRawBufferPointer, _ entry: DictEntry<Value>?, copy: Bool) -> Bool {
        let s = slot(db.id, key, storage: entry?.key)
        if slots[s].value { return false }
        slots[s].value = true
        if let e = entry {
            if copy {
                records.append(.value(db: db.id, key: slots[s].key, old: e.value.deepCopy(), meta: e.meta))
            } else {
                if let id = e.value.storageIdentity { stolen[id] = records.count }
                records.append(.value(db: db.id, key: slots[s].key, old: e.value, meta: e.meta))
                return true
            }
        } else {
            records.append(.value(db: db.id, key: slots[s].key, old: nil, meta: 0))
        }
        return false
    }

    private func recordTTL(_ db: Database, _ key: UnsafeRawBufferPointer, storage: RStr?) {
        let s = slot(db.id, key, storage: storage)
        if slots[s].ttl { return }
        slots[s].ttl = true
        let old = db.expires.count > 0 ? db.expires.find(key)?.value : nil
        records.append(.ttl(db: db.id, key: slots[s].key, old: old))
    }

    /// `v` is about to enter the keyspace: if the log keeps that very value, it keeps a
    /// copy instead from now on (the keyspace owns `v` and may change it in place).
    private func adopting(_ v: Value) {
        guard !stolen.isEmpty, let id = v.storageIdentity, let i = stolen.removeValue(forKey: id) else { return }
        if case .value(let db, let key, let old?, let meta) = records[i] {
            records[i] = .value(db: db, key: key, old: old.deepCopy(), meta: meta)
        }
    }

    // MARK: hooks called by Database (before the change, except didAdd)

    /// lookupWrite found the key: the caller may modify it in place.
    func willModify(_ db: Database, _ key: UnsafeRawBufferPointer, _ entry: DictEntry<Value>) {
        recordValue(db, key, entry, copy: true)
    }

    /// setKey: the value is replaced (its TTL too unless keepTTL). A key that does not
    /// exist yet is recorded by didAdd, when setKey adds it; a TTL that is not there
    /// cannot change. True when the log took the old value (setKey must not free it).
    @discardableResult
    func willReplace(_ db: Database, _ key: UnsafeRawBufferPointer, _ entry: DictEntry<Value>?, with v: Value, keepTTL: Bool) -> Bool {
        guard let e = entry else { return false }
        let kept = recordValue(db, key, e, copy: false)
        if !keepTTL && db.expires.count > 0 { recordTTL(db, key, storage: e.key) }
        adopting(v)
        return kept
    }

    /// add: the key was just created (it did not exist: that is what is recorded).
    func didAdd(_ db: Database, _ entry: DictEntry<Value>) {
        entry.key.withBytes { k in
            let s = slot(db.id, k, storage: entry.key)
            if !slots[s].value {
                slots[s].value = true
                records.append(.value(db: db.id, key: slots[s].key, old: nil, meta: 0))
            }
        }
        adopting(entry.value)
    }

    /// deleteKey: the value and the TTL go. True when the log took the value (deleteKey
    /// must not free it); never when `valueMoved` (it lives on under another key: a copy
    /// is recorded).
    func willDelete(_ db: Database, _ key: UnsafeRawBufferPointer, valueMoved: Bool) -> Bool {
        guard let e = db.keys.find(key) else { return false }
        let kept = recordValue(db, key, e, copy: valueMoved)
        if db.expires.count > 0 { recordTTL(db, key, storage: e.key) }
        return kept
    }

    /// setExpire / removeExpire.
    func willChangeTTL(_ db: Database, _ key: UnsafeRawBufferPointer) {
        recordTTL(db, key, storage: db.keys.find(key)?.key)
    }

    /// flush: every key goes. The log takes every value: it keeps those of first-touched
    /// keys and frees the others (flush then clears the table without freeing).
    func willFlush(_ db: Database) {
        // The entry is passed in: a lookup in the table being iterated could move buckets.
        db.keys.forEach { e in
            e.key.withBytes { k in
                if !recordValue(db, k, e, copy: false) { e.value.free() }
                if db.expires.count > 0 { recordTTL(db, k, storage: e.key) }
            }
        }
    }

    /// SWAPDB a b (called before the swap).
    func willSwap(_ a: Int, _ b: Int) {
        records.append(.swap(a, b))
        newEpoch()
    }

    // MARK: held effects

    func hold(_ effect: Effect) { effects.append(effect) }

    // MARK: restoring

    private func restore(_ r: Record) {
        switch r {
        case .value(let dbIndex, let key, let old, let meta):
            let db = server.databases[dbIndex]
            key.withBytes { k in
                // The record's value goes back to the keyspace, which frees what it replaces.
                if let old {
                    if let e = db.keys.find(k) {
                        e.value.free()
                        e.value = old
                        e.meta = meta
                    } else {
                        db.keys.insertNew(key, old).meta = meta
                    }
                } else {
                    db.keys.remove(k)?.free()
                }
            }
        case .ttl(let dbIndex, let key, let old):
            let db = server.databases[dbIndex]
            key.withBytes { k in
                if let old {
                    if let e = db.expires.find(k) { e.value = old } else { db.expires.insertNew(key, old) }
                } else if db.expires.count > 0 {
                    _ = db.expires.remove(k)
                }
            }
        case .swap(let a, let b):
            let d1 = server.databases[a], d2 = server.databases[b]
            d1.keys.swapContents(with: d2.keys)
            d1.expires.swapContents(with: d2.expires)
            swap(&d1.avgTTL, &d2.avgTTL)
            server.snapshotDidSwap(a, b)
        case .restore(let putBack):
            putBack()
        }
    }
}

extension Server {
    /// The undo log object, reused between scopes (its arrays keep their capacity).
    var undoLogInstance: UndoLog {
        let state = structdScripting
        if let u = state.undoLog { return u }
        let u = UndoLog(server: self)
        state.undoLog = u
        return u
    }

    /// Opens an undo scope (nested scopes are savepoints).
    func beginUndoScope() -> UndoLog.Mark {
        let u = undoLogInstance
        undo = u
        return u.begin()
    }

    /// Closes the innermost scope keeping its changes; the outermost one releases the
    /// effects it held, in order.
    func commitUndoScope() {
        guard let u = undo, let held = u.end() else { return }
        undo = nil
        scopeEnded()
        replay(held)
    }

    /// Undoes everything recorded since `mark`, drops the effects held since then, closes the scope.
    func rollbackUndoScope(to mark: UndoLog.Mark) {
        guard let u = undo else { return }
        u.rollback(to: mark)
        if let held = u.end() {
            undo = nil
            scopeEnded()
            replay(held)
        }
    }

    /// The outermost scope is over: what was kept only so a rollback could bring it back
    /// (function libraries removed in the scope) can go now.
    private func scopeEnded() {
        structdScripting.functions?.releaseDeferred()
    }

    private func replay(_ effects: [UndoLog.Effect]) {
        for e in effects {
            switch e {
            case .notify(let cls, let event, let key, let db):
                key.withUnsafeBytes { notifyKeyspaceEvent(cls, event, $0, dbIndex: db) }
            case .modified(let key, let db, let bulk):
                // WATCH and tracking see the command that caused the signal, as they would
                // have at the time (bulkKeyCommand).
                structdScripting.heldBulkCommand = HeldBulkCommand(name: bulk)
                key.withUnsafeBytes { signalModifiedKey($0, dbIndex: db) }
                structdScripting.heldBulkCommand = nil
            case .ready(let db, let key):
                key.withUnsafeBytes { signalKeyAsReady(db: db, $0) }
            case .monitor(let line):
                for m in monitors where !m.flags.contains(.closeASAP) {
                    m.addRaw(line)
                    checkOutputBufferLimits(m)
                }
            case .publish(let channel, let message, let shard):
                channel.withUnsafeBytes { ch in
                    message.withUnsafeBytes { msg in _ = publishMessage(ch, msg, shard: shard) }
                }
            case .flushInvalidation:
                trackingInvalidateKeysOnFlush()
            case .run(let body):
                body()
            }
        }
    }

    /// PUBLISH / SPUBLISH inside an undo scope: the message is held until the outermost
    /// scope commits (dropped on rollback). The reply counts the receivers the message has
    /// now; nobody can (un)subscribe before the scope ends, except a client closing or
    /// sending RESET while a script is past busy-reply-threshold.
    func holdPublish(_ u: UndoLog, _ channel: UnsafeRawBufferPointer, _ message: UnsafeRawBufferPointer, shard: Bool) -> Int {
        u.hold(.publish(Array(channel), Array(message), shard))
        var receivers = 0
        let table = shard ? pubsub.shardChannels : pubsub.channels
        if table.count > 0, let e = table.find(channel) { receivers += e.value.clients.count }
        if !shard && pubsub.patterns.count > 0 {
            for e in pubsub.patterns.entries() where e.key.withBytes({ stringMatch($0, channel) }) {
                receivers += e.value.clients.count
            }
        }
        return receivers
    }

    /// signalModifiedKey inside an undo scope (Server.swift): held with its bulk context.
    func holdModifiedKey(_ u: UndoLog, _ key: UnsafeRawBufferPointer, dbIndex: Int) {
        u.hold(.modified(Array(key), dbIndex, bulk: bulkKeyCommand))
    }
}

/// While a held signalModifiedKey is replayed: the bulk command it had (nil: none).
struct HeldBulkCommand {
    let name: String?
}
