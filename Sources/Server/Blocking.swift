// Blocking: clients waiting on keys for BLPOP & co. (Redis's blocked.c for lists and
// sorted sets).
//
// A client whose blocking command finds none of its keys ready is parked: it gets the
// `.blocked` flag (processInputBuffer stops parsing its input, CLIENT LIST shows "b", INFO
// counts it in blocked_clients), its operation is recorded in `BlockingState.blocked`, and
// the client is appended to the FIFO of every key it waits on, per database (Redis's
// db->blocking_keys). Nothing else about the client changes; what it pipelined after the
// blocking command stays in its query buffer.
//
// Waking up follows Redis 7.0 exactly:
//   - `signalKeyAsReady` queues a key that someone waits on, once (Redis's ready_keys; the
//     per-key `queued` flag is db->ready_keys). Database.add calls it for every new key, as
//     Redis's dbAdd does, so pushes that create a list, RENAME, MOVE, COPY and RESTORE all
//     signal; SWAPDB rescans both databases (`scanDatabaseForReadyKeys`). Overwriting an
//     existing key does not signal (SORT ... STORE onto a waited-on zset key leaves a BLPOP
//     waiting, as in 7.0).
//   - After every top-level command (processCommand, so after EXEC and scripts too) and
//     before sleeping, `handleClientsBlockedOnKeys` serves the ready keys in the order they
//     were signalled. For each key, the clients waiting on it are served first-blocked-first
//     -served while the value has elements; a client whose operation wants another type (a
//     BLPOP waiting on a key that became a sorted set) keeps waiting. A BLMOVE push creates
//     or feeds another list, which may signal another key: keys signalled while serving are
//     handled in a further round, so chains of BLMOVE wake each other in one go.
//   - Serving runs the same code as the command's immediate path (one function per type, in
//     BlockingCommands.swift), so the reply has the blocking variant's exact shape: BLPOP
//     [key, value], BLMPOP [key, [values]], BZPOPMIN [key, member, score], BZMPOP [key,
//     [[member, score]...]], BLMOVE the moved value (or WRONGTYPE when the destination is no
//     longer a list, which also unblocks the client, as Redis does).
//   - An unblocked client's pending input is resumed from beforeSleep (Redis's
//     unblocked_clients list), never from inside another client's command.
//
// Timeouts are absolute Unix milliseconds (0 = forever) in a binary min-heap with lazy
// deletion; beforeSleep times out every client whose deadline has passed (Redis: deadline <
// now) with a null array, and the event loop sleeps no longer than the nearest deadline, so
// timeouts are precise to the millisecond rather than to the cron period. CLIENT UNBLOCK
// does the same on demand (TIMEOUT: the null array; ERROR: "-UNBLOCKED ..."). A client that
// closes while blocked is removed from every structure by a client-close hook.

import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

/// What a blocked client runs once a key it waits on has elements (Redis's bpop state).
enum BlockedOperation {
    /// BLPOP / BRPOP.
    case listPop(ListEnd)
    /// BLMPOP.
    case listPopCount(ListEnd, count: Int)
    /// BLMOVE / BRPOPLPUSH.
    case listMove(destination: RStr, from: ListEnd, to: ListEnd)
    /// BZPOPMIN / BZPOPMAX.
    case zsetPop(min: Bool)
    /// BZMPOP.
    case zsetPopCount(min: Bool, count: Int)

    /// True for the list operations, false for the sorted-set ones.
    var wantsList: Bool {
        switch self {
        case .listPop, .listPopCount, .listMove: return true
        case .zsetPop, .zsetPopCount: return false
        }
    }
}

/// One parked client.
final class BlockedClient {
    let client: Client
    let db: Int
    let keys: [RStr]
    let operation: BlockedOperation
    /// Unix milliseconds; 0 waits forever.
    let deadline: Int64

    init(client: Client, db: Int, keys: [RStr], operation: BlockedOperation, deadline: Int64) {
        self.client = client
        self.db = db
        self.keys = keys
        self.operation = operation
        self.deadline = deadline
    }
}

/// The clients waiting on one key, in the order they blocked.
final class KeyWaiters {
    var clients: [Client] = []
    /// Already in the ready list (Redis's db->ready_keys).
    var queued = false
}

/// The blocking engine's state, owned by the Server.
public final class BlockingState {
    /// Per database: key -> waiting clients (Redis's db->blocking_keys). Created on first use.
    var waiters: [Dict<KeyWaiters>] = []
    /// Client id -> what it waits for.
    var blocked: [Int64: BlockedClient] = [:]
    /// Keys signalled since the last serving round, in order.
    var readyKeys: [(db: Int, key: RStr)] = []
    /// Clients unblocked since the last beforeSleep, whose pending input must be resumed.
    var resumeQueue: [Client] = []
    /// Min-heap of (deadline, client id); entries of clients no longer blocked with that
    /// deadline are dropped when they reach the top.
    var timeouts: [(deadline: Int64, id: Int64)] = []
    var withTimeout = 0
    var hooksInstalled = false

    public init() {}

    @inline(__always) var hasReadyKeys: Bool { !readyKeys.isEmpty }
    /// Whether beforeSleep has anything to do here.
    @inline(__always) var needsAttention: Bool { !readyKeys.isEmpty || !resumeQueue.isEmpty || withTimeout > 0 }

    // MARK: timeout heap

    func pushTimeout(_ deadline: Int64, _ id: Int64) {
        timeouts.append((deadline, id))
        var i = timeouts.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if timeouts[p].deadline <= timeouts[i].deadline { break }
            timeouts.swapAt(p, i)
            i = p
        }
    }

    func popTimeout() {
        let last = timeouts.removeLast()
        if timeouts.isEmpty { return }
        timeouts[0] = last
        var i = 0
        let n = timeouts.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && timeouts[l].deadline < timeouts[m].deadline { m = l }
            if r < n && timeouts[r].deadline < timeouts[m].deadline { m = r }
            if m == i { return }
            timeouts.swapAt(i, m)
            i = m
        }
    }

    /// True when the heap entry still describes a blocked client's deadline.
    func isLive(_ entry: (deadline: Int64, id: Int64)) -> Bool {
        blocked[entry.id]?.deadline == entry.deadline
    }

    /// Drops dead entries at the top; rebuilds the heap when most entries are dead (clients
    /// served long before their deadline), so it stays proportional to the blocked clients.
    func nearestDeadline() -> Int64? {
        while let top = timeouts.first, !isLive(top) { popTimeout() }
        if timeouts.count > 64 && timeouts.count > 4 * withTimeout {
            let live = timeouts.filter { isLive($0) }
            timeouts.removeAll(keepingCapacity: true)
            for e in live { pushTimeout(e.deadline, e.id) }
        }
        return timeouts.first?.deadline
    }
}

@inline(__always) func unixMillisNow() -> Int64 { wallClockMicros() / 1000 }

extension Server {
    // MARK: parking

    /// Parks `c` on `keys` (duplicates are waited on once) until one has elements for
    /// `operation`, or until `deadline` (Unix ms, 0 = forever).
    func blockClient(_ c: Client, keys: [RStr], operation: BlockedOperation, deadline: Int64) {
        installBlockingHooksIfNeeded()
        if blocking.waiters.count < databases.count {
            for _ in blocking.waiters.count..<databases.count { blocking.waiters.append(Dict<KeyWaiters>()) }
        }
        let table = blocking.waiters[c.dbIndex]
        var unique: [RStr] = []
        unique.reserveCapacity(keys.count)
        for k in keys where !unique.contains(k) {
            unique.append(k)
            let w: KeyWaiters
            if let e = table.find(k) {
                w = e.value
            } else {
                w = KeyWaiters()
                table.insertNew(k, w)
            }
            w.clients.append(c)
        }
        let record = BlockedClient(client: c, db: c.dbIndex, keys: unique, operation: operation, deadline: deadline)
        blocking.blocked[c.id] = record
        c.flags.insert(.blocked)
        if deadline != 0 {
            blocking.withTimeout += 1
            blocking.pushTimeout(deadline, c.id)
        }
    }

    /// Removes `c` from every waiting structure and clears `.blocked`. With `resume`, its
    /// pending input runs from beforeSleep.
    func unblockClient(_ c: Client, resume: Bool) {
        guard let record = blocking.blocked.removeValue(forKey: c.id) else { return }
        if record.deadline != 0 { blocking.withTimeout -= 1 }
        if record.db < blocking.waiters.count {
            let table = blocking.waiters[record.db]
            for k in record.keys {
                guard let e = table.find(k) else { continue }
                let w = e.value
                if let i = w.clients.firstIndex(where: { $0 === c }) { w.clients.remove(at: i) }
                // A key still queued as ready keeps its (empty) entry until the serving round
                // pops it; the round skips it.
                if w.clients.isEmpty && !w.queued { table.remove(k) }
            }
        }
        c.flags.remove(.blocked)
        if resume { blocking.resumeQueue.append(c) }
    }

    private func installBlockingHooksIfNeeded() {
        if blocking.hooksInstalled { return }
        blocking.hooksInstalled = true
        // A client closing while blocked leaves no trace.
        clientCloseHooks.append { [unowned self] c in
            if c.flags.contains(.blocked) { self.unblockClient(c, resume: false) }
            self.blocking.resumeQueue.removeAll { $0 === c }
        }
        admin.gauges["clients_in_timeout_table"] = { [unowned self] in Int64(self.blocking.withTimeout) }
    }

    // MARK: readiness

    /// Queues `key` of database `db` for serving if a client waits on it (Redis's
    /// signalKeyAsReady). Cheap when nobody is blocked.
    @inline(__always) func signalKeyAsReady(db: Int, _ key: UnsafeRawBufferPointer) {
        if blocking.blocked.isEmpty { return }
        if let u = undo { u.hold(.ready(db, Array(key))); return }
        queueReadyKey(db: db, key)
    }

    private func queueReadyKey(db: Int, _ key: UnsafeRawBufferPointer) {
        guard db < blocking.waiters.count, let e = blocking.waiters[db].find(key) else { return }
        let w = e.value
        if w.queued || w.clients.isEmpty { return }
        w.queued = true
        blocking.readyKeys.append((db, e.key))
    }

    /// After SWAPDB: every waited-on key that now exists in `db` is ready (Redis's
    /// scanDatabaseForReadyKeys).
    func scanDatabaseForReadyKeys(_ db: Int) {
        if blocking.blocked.isEmpty || db >= blocking.waiters.count { return }
        let data = databases[db]
        var found: [RStr] = []
        blocking.waiters[db].forEach { e in
            if data.keys.find(e.key) != nil { found.append(e.key) }
        }
        for k in found { k.withBytes { queueReadyKey(db: db, $0) } }
    }

    // MARK: serving

    /// Serves the clients blocked on every ready key (Redis's handleClientsBlockedOnKeys).
    /// Keys signalled while serving (a BLMOVE creating its destination) are served in a
    /// further round.
    func handleClientsBlockedOnKeys() {
        while !blocking.readyKeys.isEmpty {
            let round = blocking.readyKeys
            blocking.readyKeys.removeAll()
            for (db, key) in round {
                guard db < blocking.waiters.count, let e = blocking.waiters[db].find(key) else { continue }
                let w = e.value
                w.queued = false
                if !w.clients.isEmpty { serveClients(waitingOn: key, db: db, w) }
                if w.clients.isEmpty && !w.queued { blocking.waiters[db].remove(key) }
            }
        }
    }

    private func serveClients(waitingOn key: RStr, db: Int, _ w: KeyWaiters) {
        let database = databases[db]
        // In order of blocking; each served client leaves `w.clients`, so walk a copy.
        let waiting = w.clients
        key.withBytes { k in
            for receiver in waiting {
                guard let record = blocking.blocked[receiver.id], !receiver.flags.contains(.closeASAP) else { continue }
                // Looked up again for each client: the previous one may have emptied it.
                guard let entry = database.lookupWrite(k) else { return }
                switch entry.value {
                case .list(let list) where record.operation.wantsList:
                    if list.count == 0 { return }
                    serveOne(receiver) { popListForBlockedClient(receiver, database, k, list, record.operation) }
                case .zset(let z) where !record.operation.wantsList:
                    if z.count == 0 { return }
                    serveOne(receiver) { popZSetForBlockedClient(receiver, database, k, entry, record.operation) }
                default:
                    continue
                }
            }
        }
    }

    /// Runs one blocked client's operation with it as the current client, then unblocks it.
    private func serveOne(_ receiver: Client, _ body: () -> Void) {
        let previous = currentClient
        currentClient = receiver
        body()
        currentClient = previous
        unblockClient(receiver, resume: true)
    }

    // MARK: timeouts and resumption

    /// beforeSleep's share: time out clients past their deadline, serve keys signalled
    /// outside commands, then resume the input of every client unblocked since.
    func blockingBeforeSleep() {
        if blocking.withTimeout > 0 { handleBlockedClientsTimeout() }
        if blocking.hasReadyKeys { handleClientsBlockedOnKeys() }
        var rounds = 0
        while !blocking.resumeQueue.isEmpty && rounds < 1000 {
            rounds += 1
            let queue = blocking.resumeQueue
            blocking.resumeQueue.removeAll()
            for c in queue where clients[c.fd] === c && !c.flags.contains(.closeASAP) && !c.flags.contains(.blocked) {
                if c.query.readableBytes > 0 { processInputBuffer(c) }
            }
            if blocking.hasReadyKeys { handleClientsBlockedOnKeys() }
        }
    }

    func handleBlockedClientsTimeout() {
        let now = unixMillisNow()
        while let deadline = blocking.nearestDeadline(), deadline < now {
            let id = blocking.timeouts[0].id
            blocking.popTimeout()
            guard let record = blocking.blocked[id] else { continue }
            record.client.addNullArray()
            unblockClient(record.client, resume: true)
        }
    }

    /// How long the event loop may sleep before the nearest blocking deadline passes
    /// (Int32.max when no blocked client has a timeout).
    func blockingSleepLimitMillis() -> Int32 {
        if blocking.withTimeout == 0 { return Int32.max }
        guard let deadline = blocking.nearestDeadline() else { return Int32.max }
        // Redis times out once now > deadline: wake one millisecond past it.
        return Int32(clamping: max(0, deadline + 1 - unixMillisNow()))
    }

    // MARK: CLIENT UNBLOCK

    /// CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 when the client was blocked on keys.
    func clientUnblockCommand(_ c: Client) {
        if c.argc > 4 {
            c.addSubcommandSyntaxError(c.argString(0).uppercased())
            return
        }
        var asError = false
        if c.argc == 4 {
            if optionMatches(c.arg(3), "timeout") {
                asError = false
            } else if optionMatches(c.arg(3), "error") {
                asError = true
            } else {
                c.addError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
                return
            }
        }
        guard let id = parseStrictInt64(c.arg(2)) else {
            c.addErrorNotInteger()
            return
        }
        guard let record = blocking.blocked[id] else {
            c.addInt(0)
            return
        }
        let target = record.client
        if asError {
            target.addError("UNBLOCKED client unblocked via CLIENT UNBLOCK")
        } else {
            target.addNullArray()
        }
        unblockClient(target, resume: true)
        c.addInt(1)
    }
}
