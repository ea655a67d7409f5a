// Transactions: the MULTI queue and WATCH (Redis's multi.c state layer).
//
// MULTI puts a client in the `.multi` state; processCommand then queues every command but
// EXEC, DISCARD, MULTI, WATCH, QUIT and RESET, replying +QUEUED. A queued command keeps
// its own copy of its arguments (OwnedArgs: one allocation per command, since the query
// buffer they were parsed from is reused), and EXEC replays each through call() — the
// single execution path — with `c.argv` pointed at the copy, so statistics, MONITOR and
// the slow log see the commands as if they had been sent one by one. A command refused
// while queueing (unknown, wrong arity, OOM, not allowed in MULTI...) marks the
// transaction `.dirtyExec` and EXEC answers EXECABORT; once a transaction is doomed
// nothing more is stored, as Redis does.
//
// WATCH: a per-database Dict from key to the clients watching it, and on each client the
// list of what it watches. Every change to a key reaches `touchWatchedKey` through the
// core's key-modification hook (writes, deletes, expiry, eviction, FLUSHALL, SWAPDB,
// RESTORE); a touched watcher becomes `.dirtyCAS` (EXEC then returns a null array) and
// drops all its watches at once, since nothing can undo that. A key that was already
// logically expired when watched is remembered as such: its deletion by expiry is not a
// change, but a key that expires after WATCH fails the EXEC (checked at EXEC time).

import RESP
import DataStructures

/// A command queued inside MULTI, with its own copy of the arguments.
struct QueuedCommand {
    let cmd: Command
    let args: OwnedArgs
}

/// One WATCHed key of a client.
final class WatchedKey {
    let dbIndex: Int
    let key: RStr
    /// The key existed but its TTL had passed when it was watched.
    var expiredAtWatch: Bool

    init(dbIndex: Int, key: RStr, expiredAtWatch: Bool) {
        self.dbIndex = dbIndex
        self.key = key
        self.expiredAtWatch = expiredAtWatch
    }
}

/// A client's transaction: the queued commands and the watched keys.
final class MultiState {
    var commands: [QueuedCommand] = []
    /// Union of the queued commands' flags (EXEC is refused on OOM if any may grow memory).
    var commandFlags: CommandFlags = []
    /// Argument bytes plus per-argument and per-command overhead (CLIENT LIST multi-mem).
    var argumentBytes = 0
    var watched: [WatchedKey] = []

    var memory: Int { argumentBytes + commands.capacity * MemoryLayout<QueuedCommand>.stride }
    var isEmpty: Bool { commands.isEmpty && watched.isEmpty }
}

/// The clients watching one key.
final class Watchers {
    var clients: [Client] = []
}

/// Server-wide WATCH index: per database, key → watchers.
final class WatchRegistry {
    var byDb: [Int: Dict<Watchers>] = [:]
    /// Watched (client, key) pairs, and clients watching at least one key (INFO).
    var keyCount = 0
    var watchingClients = 0
    /// The key-modification hook (shared with tracking) has been installed.
    var hookInstalled = false

    func table(_ dbIndex: Int) -> Dict<Watchers> {
        if let t = byDb[dbIndex] { return t }
        let t = Dict<Watchers>()
        byDb[dbIndex] = t
        return t
    }
}

extension Server {
    // MARK: queueing

    /// The commands that run immediately inside MULTI instead of being queued.
    static func runsInsideMulti(_ cmd: Command) -> Bool {
        guard cmd.parent == nil else { return false }
        switch cmd.name {
        case "exec", "discard", "multi", "watch", "quit", "reset": return true
        default: return false
        }
    }

    /// Whether maxmemory refuses `cmd` for a client in a transaction even though the command
    /// itself may not grow memory: queueing costs memory, so inside MULTI everything but
    /// EXEC, DISCARD, QUIT and RESET is refused, and EXEC is refused when it would run a
    /// command that may grow memory.
    func transactionRefusedOnOOM(_ c: Client, _ cmd: Command) -> Bool {
        guard c.flags.contains(.multi) else { return false }
        if cmd.parent == nil {
            switch cmd.name {
            case "exec": return c.multiState?.commandFlags.contains(.denyoom) ?? false
            case "discard", "quit", "reset": return false
            default: break
            }
        }
        return true
    }

    func queueMultiCommand(_ c: Client, _ cmd: Command) {
        // A doomed transaction stores nothing more (its EXEC can only fail).
        if c.flags.isDisjoint(with: [.dirtyCAS, .dirtyExec]) {
            let m = multiState(c)
            let args = OwnedArgs(c.argv)
            m.commands.append(QueuedCommand(cmd: cmd, args: args))
            m.commandFlags.formUnion(cmd.flags)
            m.argumentBytes += args.byteCount + c.argc * MemoryLayout<UnsafeRawBufferPointer>.stride
            c.queuedCount = m.commands.count
        }
        c.addSimple("QUEUED")
    }

    func multiState(_ c: Client) -> MultiState {
        if let m = c.multiState { return m }
        let m = MultiState()
        c.multiState = m
        return m
    }

    /// Leaves the transaction: queue dropped, flags cleared, watches released.
    func discardTransaction(_ c: Client) {
        c.flags.remove([.multi, .dirtyCAS, .dirtyExec])
        c.queuedCount = 0
        unwatchAllKeys(c)
        c.multiState = nil
    }

    /// EXEC refused by processCommand (arity, OOM, RESP2 subscribed mode...): the
    /// transaction is discarded and the error says why.
    func execCommandAbort(_ c: Client, _ message: String) {
        discardTransaction(c)
        var reason = Substring(message)
        if reason.hasPrefix("ERR ") { reason = reason.dropFirst(4) }
        c.addError("EXECABORT Transaction discarded because of: \(reason)")
    }

    /// Runs the queued commands through call(), one reply each inside one array.
    func execTransaction(_ c: Client) {
        // StructD: a TXN.MULTI transaction is all or nothing (TxnCommands.swift).
        if isTransactionalMulti(c) { execTransactional(c); return }
        let queued = c.multiState?.commands ?? []
        // Watches have done their job: stop tracking them before anything runs.
        unwatchAllKeys(c)
        let execArgv = c.argv
        let execOwned = c.ownedArgs
        let execCommand = c.currentCommand
        c.addArrayLen(queued.count)
        for q in queued {
            c.argv = q.args.slices
            c.ownedArgs = q.args
            // ACL rules may have changed since queueing (ACL/ACLCheck.swift).
            if let u = c.user, !u.fullAccess, let denial = aclExecDenialMessage(c, u, q.cmd) {
                c.addError(denial)
                continue
            }
            call(c, q.cmd)
        }
        c.argv = execArgv
        c.ownedArgs = execOwned
        c.currentCommand = execCommand
        discardTransaction(c)
    }

    // MARK: WATCH

    func watchKey(_ c: Client, _ key: UnsafeRawBufferPointer) {
        let dbIndex = c.dbIndex
        let table = watchedKeys.table(dbIndex)
        if let e = table.find(key), e.value.clients.contains(where: { $0 === c }) { return }
        let m = multiState(c)
        ensureKeyModifiedHook()
        let db = databases[dbIndex]
        let expired = (db.expireAt(key).map { $0 < nowMillis } ?? false) && db.keys.find(key) != nil
        let wk = WatchedKey(dbIndex: dbIndex, key: RStr(key), expiredAtWatch: expired)
        if m.watched.isEmpty { watchedKeys.watchingClients += 1 }
        m.watched.append(wk)
        if let e = table.find(key) {
            e.value.clients.append(c)
        } else {
            let w = Watchers()
            w.clients.append(c)
            table.insertNew(wk.key, w)
        }
        watchedKeys.keyCount += 1
    }

    func unwatchAllKeys(_ c: Client) {
        guard let m = c.multiState, !m.watched.isEmpty else { return }
        for wk in m.watched {
            let table = watchedKeys.table(wk.dbIndex)
            wk.key.withBytes { k in
                if let e = table.find(k) {
                    if let i = e.value.clients.firstIndex(where: { $0 === c }) { e.value.clients.remove(at: i) }
                    if e.value.clients.isEmpty { table.remove(k) }
                }
            }
        }
        watchedKeys.keyCount -= m.watched.count
        watchedKeys.watchingClients -= 1
        m.watched.removeAll()
    }

    /// A watched key of one of the client's WATCHes has passed its TTL since (EXEC fails).
    func watchedKeyExpired(_ c: Client) -> Bool {
        guard let m = c.multiState else { return false }
        let now = nowMillis
        for wk in m.watched where !wk.expiredAtWatch {
            let db = databases[wk.dbIndex]
            if db.expires.count == 0 { continue }
            if let when = wk.key.withBytes({ db.expireAt($0) }), when < now { return true }
        }
        return false
    }

    /// The key-modification hook's WATCH half: every client watching `key` in `dbIndex`
    /// fails its next EXEC, unless the "change" is the deletion of a key that was already
    /// expired when watched (logically nothing changed).
    func touchWatchedKey(_ key: UnsafeRawBufferPointer, dbIndex: Int) {
        guard let table = watchedKeys.byDb[dbIndex], table.count > 0, let e = table.find(key) else { return }
        let db = databases[dbIndex]
        let present = db.keys.find(key) != nil
        let expiredNow = present && (db.expireAt(key).map { $0 < nowMillis } ?? false)
        let bulk = bulkKeyCommand
        for c in e.value.clients {
            guard let m = c.multiState,
                  let wk = m.watched.first(where: { $0.dbIndex == dbIndex && $0.key.equals(key) }) else { continue }
            if wk.expiredAtWatch {
                // FLUSHALL/FLUSHDB signal before deleting: the expired key is about to go.
                if !present || bulk == "flushall" || bulk == "flushdb" {
                    wk.expiredAtWatch = false
                    continue
                }
                // SWAPDB brought in another key that is expired too: still no change.
                if bulk == "swapdb" && expiredNow { continue }
            } else if bulk == "swapdb" && expiredNow {
                // SWAPDB brought in a key that is already expired: as if it did not exist.
                wk.expiredAtWatch = true
                continue
            }
            c.flags.insert(.dirtyCAS)
        }
        // Dirty clients need their watches no more (this may remove `e` from the table).
        for c in e.value.clients where c.flags.contains(.dirtyCAS) { unwatchAllKeys(c) }
    }
}
