// Client-side caching: server-assisted invalidation (Redis's tracking.c).
//
// Default mode: after a read-only command by a tracking client (subject to OPTIN/OPTOUT
// and CLIENT CACHING), its keys go into one server-wide table, key → ids of the clients
// that may have cached it. Keys are not per database, as in Redis. When a key changes
// (the core's key-modification hook: writes, deletes, expiry, eviction), every client
// in its entry gets one invalidation and the entry is dropped: a client must read the key
// again to hear about the next change. FLUSHALL/FLUSHDB send one null invalidation to
// every tracking client instead, and empty the table; SWAPDB invalidates nothing (Redis
// 7.0 does not either).
//
// BCAST mode: the client registers prefixes (none means the empty prefix, every key);
// each changed key is recorded under every matching prefix, and before the event loop
// sleeps each prefix with changes sends one array of its keys (sorted, deduplicated) to
// its clients — NOLOOP clients without the keys they changed themselves.
//
// Delivery (`sendTrackingMessage`): a RESP3 client gets a push `invalidate` on its own
// connection; with REDIRECT the message goes to the other client instead, as a push if it
// speaks RESP3 or as a `__redis__:invalidate` pub/sub message if it is a RESP2 client in
// pub/sub mode; a redirect target that has gone away marks the tracking client as broken
// (and tells a RESP3 client so). Invalidations for the client whose command is running
// are held until its top-level command has replied (EXEC included), as Redis does, so
// they never interleave with a reply. `tracking-table-max-keys` is enforced by
// invalidating random keys.

import RESP
import DataStructures

/// One client's tracking options (Redis's CLIENT_TRACKING_* flags and redirection).
final class ClientTracking {
    var enabled = false
    var bcast = false
    var optin = false
    var optout = false
    var noloop = false
    /// CLIENT CACHING yes/no was given for the next command (or transaction).
    var cachingGiven = false
    var brokenRedirect = false
    /// Client id receiving the invalidations (0: this connection).
    var redirect: Int64 = 0
    /// BCAST prefixes, sorted as Redis's radix tree returns them.
    var prefixes: [RStr] = []
}

/// The clients in BCAST mode for one prefix, and the keys changed since the last broadcast
/// (with the client that changed each first, for NOLOOP).
final class TrackingPrefix {
    var clients: [Client] = []
    var changed: [RStr: Int64] = [:]
}

/// The client ids that may cache one key.
final class TrackedBy {
    var ids: [Int64] = []
}

final class TrackingRegistry {
    /// Clients with tracking on (INFO tracking_clients).
    var clientCount = 0
    let table = Dict<TrackedBy>()
    /// (key, client) pairs in `table` (INFO tracking_total_items).
    var totalItems = 0
    var prefixes: [RStr: TrackingPrefix] = [:]
    /// Prefixes with changed keys waiting for the next broadcast.
    var prefixesWithChanges = 0
    /// Invalidations held for the client running a command: (client, key or nil for flush).
    var pending: [(Client, RStr?)] = []
    var hasPending: Bool { !pending.isEmpty }
    /// Consecutive runs that could not bring the table under tracking-table-max-keys.
    var limitTimeouts = 0
}

/// What an invalidation carries.
enum InvalidationPayload {
    case key(UnsafeRawBufferPointer)
    /// Flush: a null, encoded in the tracking client's protocol (as Redis does).
    case null(RESPVersion)
    /// BCAST: already-encoded array of keys.
    case encoded(UnsafeRawBufferPointer)
}

extension Server {
    // MARK: enabling

    func trackingState(_ c: Client) -> ClientTracking {
        if let t = c.trackingState { return t }
        let t = ClientTracking()
        c.trackingState = t
        return t
    }

    /// CLIENT TRACKING ON with validated options. Switching on again keeps the BCAST
    /// prefixes registered before and resets everything else.
    func enableTracking(_ c: Client, redirect: Int64, bcast: Bool, optin: Bool, optout: Bool, noloop: Bool, prefixes: [RStr]) {
        let t = trackingState(c)
        if !t.enabled { tracking.clientCount += 1 }
        ensureKeyModifiedHook()
        t.enabled = true
        t.brokenRedirect = false
        t.redirect = redirect
        t.bcast = bcast
        if bcast {
            if prefixes.isEmpty { registerBcastPrefix(c, t, RStr.empty) }
            for p in prefixes { registerBcastPrefix(c, t, p) }
        }
        t.optin = optin
        t.optout = optout
        t.noloop = noloop
    }

    private func registerBcastPrefix(_ c: Client, _ t: ClientTracking, _ p: RStr) {
        let state: TrackingPrefix
        if let s = tracking.prefixes[p] { state = s } else { state = TrackingPrefix(); tracking.prefixes[p] = state }
        if !state.clients.contains(where: { $0 === c }) { state.clients.append(c) }
        if !t.prefixes.contains(p) {
            t.prefixes.append(p)
            t.prefixes.sort()
        }
    }

    /// CLIENT TRACKING OFF, RESET and closing. Keys this client read stay in the table
    /// until they change (they are skipped then), as in Redis.
    func disableTracking(_ c: Client) {
        guard let t = c.trackingState else { return }
        if t.bcast {
            for p in t.prefixes {
                guard let state = tracking.prefixes[p] else { continue }
                state.clients.removeAll { $0 === c }
                if state.clients.isEmpty {
                    if !state.changed.isEmpty { tracking.prefixesWithChanges -= 1 }
                    tracking.prefixes[p] = nil
                }
            }
            t.prefixes.removeAll()
        }
        if t.enabled { tracking.clientCount -= 1 }
        t.enabled = false
        t.bcast = false
        t.optin = false
        t.optout = false
        t.noloop = false
        t.cachingGiven = false
        t.brokenRedirect = false
        c.trackingState = nil
    }

    // MARK: remembering keys

    /// After every command (call()): a read-only command remembers the keys it read for
    /// its tracking client; at the top level, held invalidations go out after the reply.
    func trackingAfterCall(_ c: Client, _ cmd: Command, caller: Client?) {
        if cmd.flags.contains(.readonly) && tracking.clientCount > 0 {
            switch cmd.name {
            case "eval_ro", "evalsha_ro", "fcall_ro": break
            default:
                // A script's reads count for the client that ran the script.
                let reader = c.flags.contains(.lua) ? caller : c
                if let r = reader, let t = r.trackingState, t.enabled, !t.bcast {
                    trackingRememberKeys(r, t)
                }
            }
        }
        if caller == nil && tracking.hasPending { sendPendingInvalidations() }
    }

    private func trackingRememberKeys(_ c: Client, _ t: ClientTracking) {
        if t.optin && !t.cachingGiven { return }
        if t.optout && t.cachingGiven { return }
        guard let cmd = c.currentCommand else { return }
        for i in cmd.keyIndexes(c.argv) where i < c.argc {
            let key = c.arg(i)
            let entry: TrackedBy
            if let e = tracking.table.find(key) {
                entry = e.value
            } else {
                entry = TrackedBy()
                tracking.table.insertNew(RStr(key), entry)
            }
            if !entry.ids.contains(c.id) {
                entry.ids.append(c.id)
                tracking.totalItems += 1
            }
        }
    }

    /// After each top-level command: CLIENT CACHING applies to one command (or one
    /// transaction), and to the CLIENT commands that follow it.
    func trackingCommandProcessed(_ c: Client, _ t: ClientTracking) {
        if c.flags.contains(.multi) { return }
        if let last = c.lastCommand, (last.parent ?? last).name == "client" { return }
        t.cachingGiven = false
    }

    // MARK: invalidation

    /// The key-modification hook's tracking half.
    func trackingKeyModified(_ key: UnsafeRawBufferPointer) {
        // Bulk changes: flushes send one null invalidation instead; SWAPDB sends none.
        if bulkKeyCommand != nil { return }
        if !tracking.prefixes.isEmpty { rememberKeyForBroadcast(key) }
        trackingInvalidateKey(key)
    }

    private func rememberKeyForBroadcast(_ key: UnsafeRawBufferPointer) {
        let by = currentClient?.id ?? 0
        for (p, state) in tracking.prefixes {
            let matches = p.withBytes { pb in pb.count <= key.count && pb.elementsEqual(key.prefix(pb.count)) }
            if !matches { continue }
            let k = RStr(key)
            if state.changed.isEmpty { tracking.prefixesWithChanges += 1 }
            if state.changed[k] == nil { state.changed[k] = by }
        }
    }

    /// Sends the invalidation of `key` to every client that may cache it and forgets them.
    func trackingInvalidateKey(_ key: UnsafeRawBufferPointer) {
        guard tracking.table.count > 0, let e = tracking.table.find(key) else { return }
        let storedKey = e.key, ids = e.value.ids
        tracking.table.remove(key)
        tracking.totalItems -= ids.count
        for id in ids {
            guard let target = clientsById[id], let t = target.trackingState, t.enabled, !t.bcast else { continue }
            if target === currentClient {
                if t.noloop { continue }
                // Held until the command has replied (sent from trackingAfterCall).
                tracking.pending.append((target, storedKey))
            } else {
                sendTrackingMessage(target, .key(key))
            }
        }
    }

    /// FLUSHALL / FLUSHDB: every tracking client is told to drop everything (a null
    /// invalidation), and the table starts over.
    func trackingInvalidateKeysOnFlush() {
        // Inside a transactional script or TXN.MULTI: held until commit (UndoLog.swift).
        if let u = undo { u.hold(.flushInvalidation); return }
        if tracking.clientCount > 0 {
            for c in Array(clients.values) {
                guard let t = c.trackingState, t.enabled else { continue }
                if c === currentClient {
                    tracking.pending.append((c, nil))
                } else {
                    sendTrackingMessage(c, .null(c.resp))
                }
            }
        }
        if tracking.table.count > 0 {
            tracking.table.clearAll()
            tracking.totalItems = 0
        }
    }

    private func sendPendingInvalidations() {
        let held = tracking.pending
        tracking.pending.removeAll()
        for (c, key) in held where clients[c.fd] === c {
            if let k = key {
                k.withBytes { sendTrackingMessage(c, .key($0)) }
            } else {
                sendTrackingMessage(c, .null(c.resp))
            }
        }
    }

    /// Writes one invalidation for tracking client `c`, to itself or its redirect target.
    func sendTrackingMessage(_ c: Client, _ payload: InvalidationPayload) {
        guard let t = c.trackingState else { return }
        var target = c
        var redirected = false
        if t.redirect != 0 {
            guard let r = clientsById[t.redirect] else {
                t.brokenRedirect = true
                if c.resp == .resp3 && !c.flags.contains(.closeASAP) {
                    c.willWrite()
                    c.out.writePushHeader(2, .resp3)
                    c.out.writeBulk("tracking-redir-broken")
                    c.out.writeInteger(t.redirect)
                }
                return
            }
            target = r
            redirected = true
        }
        if target.flags.contains(.closeASAP) { return }
        let o = target.out
        if target.resp == .resp3 {
            target.willWrite()
            o.writePushHeader(2, .resp3)
            o.writeBulk("invalidate")
        } else if redirected && target.isPubSub {
            target.willWrite()
            o.writeArrayHeader(3)
            o.writeBulk("message")
            o.writeBulk("__redis__:invalidate")
        } else {
            // A RESP2 connection cannot receive pushes on its own connection.
            return
        }
        switch payload {
        case .key(let k):
            o.writeArrayHeader(1)
            o.writeBulk(k)
        case .null(let v):
            o.writeNull(v)
        case .encoded(let bytes):
            o.append(bytes)
        }
        checkOutputBufferLimits(target)
    }

    // MARK: before sleep

    /// Once per event-loop iteration: BCAST broadcasts, then the table size limit.
    func trackingBeforeSleep() {
        if tracking.prefixesWithChanges > 0 { broadcastInvalidations() }
        let max = config.trackingTableMaxKeys
        if max > 0 && tracking.table.count > max { limitTrackingTable(max) }
    }

    private func broadcastInvalidations() {
        tracking.prefixesWithChanges = 0
        let encoded = IOBuffer(capacity: 256)
        for p in tracking.prefixes.keys.sorted() {
            guard let state = tracking.prefixes[p], !state.changed.isEmpty else { continue }
            let changed = state.changed.sorted { $0.key < $1.key }
            state.changed.removeAll()
            encoded.clear()
            encoded.writeArrayHeader(changed.count)
            for (k, _) in changed { k.withBytes { encoded.writeBulk($0) } }
            for c in state.clients {
                guard let t = c.trackingState, t.enabled else { continue }
                if t.noloop {
                    let mine = changed.filter { $0.value != c.id }
                    if mine.isEmpty { continue }
                    if mine.count == changed.count {
                        sendTrackingMessage(c, .encoded(encoded.readableView))
                        continue
                    }
                    let own = IOBuffer(capacity: 256)
                    own.writeArrayHeader(mine.count)
                    for (k, _) in mine { k.withBytes { own.writeBulk($0) } }
                    sendTrackingMessage(c, .encoded(own.readableView))
                } else {
                    sendTrackingMessage(c, .encoded(encoded.readableView))
                }
            }
        }
    }

    /// tracking-table-max-keys: invalidate random keys until under the limit, with an
    /// effort bound that grows while the limit cannot be met.
    private func limitTrackingTable(_ max: Int) {
        var effort = 100 * (tracking.limitTimeouts + 1)
        while effort > 0 {
            effort -= 1
            guard let e = tracking.table.randomEntry() else { break }
            let key = e.key
            let saved = currentClient
            currentClient = nil
            key.withBytes { trackingInvalidateKey($0) }
            currentClient = saved
            if tracking.table.count <= max {
                tracking.limitTimeouts = 0
                return
            }
        }
        tracking.limitTimeouts += 1
    }

    // MARK: CLIENT LIST

    /// CLIENT LIST flag letters: t (tracking), R (broken redirect), B (broadcast).
    func trackingFlagLetters(_ c: Client) -> String {
        guard let t = c.trackingState, t.enabled else { return "" }
        var s = "t"
        if t.brokenRedirect { s += "R" }
        if t.bcast { s += "B" }
        return s
    }

    /// CLIENT LIST redir=: the redirect id while tracking, -1 otherwise.
    func trackingRedirection(_ c: Client) -> Int64 {
        guard let t = c.trackingState, t.enabled else { return -1 }
        return t.redirect
    }
}
