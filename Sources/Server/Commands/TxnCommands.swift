// StructD's scripting and transaction commands that Redis does not have (rows in
// StructDCommandMeta.swift): TXN.EVAL, TXN.ESHA, TXN.MULTI, and SCRIPT ALIAS / UNALIAS /
// ALIASES (the alias form of SCRIPT LOAD is reached through ScriptCommands.swift's handler).
//
// TXN.EVAL / TXN.ESHA take EVAL's and EVALSHA's arguments (the sha may be an alias) and run
// the script exactly as EVAL does (the same code, so every reply and error is EVAL's),
// inside an undo scope (UndoLog.swift). If the reply is an error — the script raised, a
// redis.call failed and the error propagated, or the script returned an error reply —
// every change the script made is undone before the reply leaves, and the notifications,
// wake-ups, WATCH invalidations and MONITOR lines it caused are dropped. A script that
// catches an error with redis.pcall and succeeds keeps its changes.
//
// TXN.MULTI opens a transaction like MULTI (same queueing, WATCH, EXECABORT and null-EXEC
// rules: Multi.swift does all of it), marked transactional. Its EXEC runs the queue inside
// one undo scope; if a command replies an error, the commands after it are not run, every
// change is undone, and EXEC replies a single error instead of the array:
//   -EXECABORT Transaction rolled back: command #2 (INCR) failed: ERR value is not an ...
// Otherwise EXEC's reply is the usual array.
//
// Whether a reply is an error is read from the reply bytes themselves (its first byte),
// which is what the client sees; with CLIENT REPLY OFF/SKIP the reply is produced for the
// check and then dropped.

import DataStructures
import RESP

extension Server {
    static func structdScriptingCommands() -> [(String, CommandHandler)] {
        [
            ("txn.eval", { s, c in s.txnEvalCommand(c, bySha: false) }),
            ("txn.esha", { s, c in s.txnEvalCommand(c, bySha: true) }),
            ("txn.multi", { s, c in s.txnMultiCommand(c) }),
            ("script|alias", { s, c in s.scriptAliasCommand(c) }),
            ("script|unalias", { s, c in s.scriptUnaliasCommand(c) }),
            ("script|aliases", { s, c in s.scriptAliasesCommand(c) }),
        ]
    }

    // MARK: TXN.EVAL / TXN.ESHA

    func txnEvalCommand(_ c: Client, bySha: Bool) {
        // Evictions the script run would trigger happen before the scope: they are not the
        // script's changes and must not come back on rollback.
        if config.maxmemory > 0 { _ = performEvictions() }
        let mark = beginUndoScope()
        let u = undo!
        let exempt = u.monitorExempt
        if u.depth == 1 { u.monitorExempt = ObjectIdentifier(c) }
        let failed = replyIsError(c) { evalGenericCommand(c, bySha: bySha, readOnly: false) }
        u.monitorExempt = exempt
        if failed {
            rollbackUndoScope(to: mark)
        } else {
            commitUndoScope()
        }
    }

    /// Runs `body`, which writes one reply to `c`, and tells whether that reply is an error.
    /// With replies suppressed (CLIENT REPLY OFF/SKIP) the reply is written, read, dropped.
    func replyIsError(_ c: Client, _ body: () -> Void) -> Bool {
        let muted = c.flags.intersection([.replyOff, .replySkip])
        c.flags.subtract(muted)
        let out = c.out
        let before = out.readableBytes
        body()
        let start = out.readIndex + before
        let failed = out.writeIndex > start && (out.base[start] == UInt8(ascii: "-") || out.base[start] == UInt8(ascii: "!"))
        if !muted.isEmpty {
            out.writeIndex = start
            c.flags.formUnion(muted)
        }
        return failed
    }

    // MARK: TXN.MULTI

    func txnMultiCommand(_ c: Client) {
        if c.flags.contains(.multi) {
            c.addError("ERR MULTI calls can not be nested")
            return
        }
        c.flags.insert(.multi)
        c.queuedCount = 0
        structdScripting.txnMulti[c.id] = WeakMultiState(state: multiState(c))
        c.addOK()
    }

    /// Whether `c`'s open transaction was started by TXN.MULTI.
    func isTransactionalMulti(_ c: Client) -> Bool {
        guard let w = structdScripting.txnMulti[c.id] else { return false }
        guard let m = w.state, m === c.multiState else {
            structdScripting.txnMulti.removeValue(forKey: c.id)
            return false
        }
        return true
    }

    /// EXEC of a TXN.MULTI transaction (called by Multi.swift's execTransaction; WATCH and
    /// EXECABORT were decided before): the queue in one undo scope, all or nothing.
    func execTransactional(_ c: Client) {
        structdScripting.txnMulti.removeValue(forKey: c.id)
        let queued = c.multiState?.commands ?? []
        unwatchAllKeys(c)
        // Commands that would write the dataset, uncommitted, to a snapshot: refused as a
        // failing command before anything runs (nothing to undo).
        for (i, q) in queued.enumerated() {
            guard let why = snapshotWriterInTransaction(q) else { continue }
            var message = Array("EXECABORT Transaction rolled back: command #\(i + 1) (\(q.cmd.fullName)) failed: ".utf8)
            message += Array(why.utf8)
            c.addError(bytes: message)
            discardTransaction(c)
            return
        }
        let dbBefore = c.dbIndex
        let execArgv = c.argv
        let execOwned = c.ownedArgs
        let execCommand = c.currentCommand
        let muted = c.flags.intersection([.replyOff, .replySkip])
        c.flags.subtract(muted)
        let out = c.out
        let before = out.readableBytes
        let mark = beginUndoScope()
        c.addArrayLen(queued.count)
        var failure: (index: Int, command: Command, error: [UInt8])? = nil
        for (i, q) in queued.enumerated() {
            c.argv = q.args.slices
            c.ownedArgs = q.args
            let replyAt = out.readableBytes
            // ACL rules may have changed since queueing: a refusal fails the transaction.
            if let u = c.user, !u.fullAccess, let denial = aclExecDenialMessage(c, u, q.cmd) {
                c.addError(denial)
            } else {
                call(c, q.cmd)
            }
            let start = out.readIndex + replyAt
            if out.writeIndex > start && (out.base[start] == UInt8(ascii: "-") || out.base[start] == UInt8(ascii: "!")) {
                failure = (i, q.cmd, errorText(out, at: start))
                break
            }
        }
        c.argv = execArgv
        c.ownedArgs = execOwned
        c.currentCommand = execCommand
        if let f = failure {
            rollbackUndoScope(to: mark)
            // SELECT inside the transaction is undone too: nothing of it happened.
            c.dbIndex = dbBefore
            out.writeIndex = out.readIndex + before
            c.flags.formUnion(muted)
            var message = Array("EXECABORT Transaction rolled back: command #\(f.index + 1) (\(f.command.fullName)) failed: ".utf8)
            message += f.error
            c.addError(bytes: message)
        } else {
            commitUndoScope()
            if !muted.isEmpty {
                out.writeIndex = out.readIndex + before
                c.flags.formUnion(muted)
            }
        }
        discardTransaction(c)
    }

    /// Why a queued command may not run inside a TXN.MULTI transaction (nil: it may).
    /// SAVE is refused by MULTI already (no-multi); BGSAVE, BGREWRITEAOF and DEBUG
    /// RELOAD / LOADAOF would save changes a rollback may undo.
    private func snapshotWriterInTransaction(_ q: QueuedCommand) -> String? {
        let name = (q.cmd.parent ?? q.cmd).name
        switch name {
        case "save", "bgsave", "bgrewriteaof":
            return "ERR \(name.uppercased()) can not run in a TXN.MULTI transaction (it would save changes a rollback may undo)"
        case "debug":
            let slices = q.args.slices
            guard slices.count >= 2 else { return nil }
            let sub = String(decoding: slices[1], as: UTF8.self).lowercased()
            if sub == "reload" || sub == "loadaof" {
                return "ERR DEBUG \(sub.uppercased()) can not run in a TXN.MULTI transaction (it would save changes a rollback may undo)"
            }
            return nil
        default:
            return nil
        }
    }

    /// The message of the error reply at `start` ("-CODE msg\r\n" or RESP3 "!len\r\n...").
    private func errorText(_ out: IOBuffer, at start: Int) -> [UInt8] {
        let view = UnsafeRawBufferPointer(start: out.base + start, count: out.writeIndex - start)
        var lineEnd = 1
        while lineEnd + 1 < view.count && !(view[lineEnd] == 13 && view[lineEnd + 1] == 10) { lineEnd += 1 }
        let line = Array(view[1..<min(lineEnd, view.count)])
        if view[0] == UInt8(ascii: "-") { return line }
        // Blob error: the payload follows the length line.
        let n = Int(String(decoding: line, as: UTF8.self)) ?? 0
        let from = lineEnd + 2
        guard from + n <= view.count else { return [] }
        return Array(view[from..<(from + n)])
    }
}
