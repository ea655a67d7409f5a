// Transaction commands (Redis's multi.c command layer): MULTI, EXEC, DISCARD, WATCH,
// UNWATCH. The queue, the replay through call() and the WATCH index are in Multi.swift;
// queueing itself happens in processCommand, which is where Redis decides it too.

import RESP
import DataStructures

extension Server {
    static func transactionCommands() -> [(String, CommandHandler)] {
        [
            ("multi", { s, c in s.multiCommand(c) }),
            ("exec", { s, c in s.execCommand(c) }),
            ("discard", { s, c in s.discardCommand(c) }),
            ("watch", { s, c in s.watchCommand(c) }),
            ("unwatch", { s, c in s.unwatchCommand(c) }),
        ]
    }

    func multiCommand(_ c: Client) {
        if c.flags.contains(.multi) {
            c.addError("ERR MULTI calls can not be nested")
            return
        }
        c.flags.insert(.multi)
        c.queuedCount = 0
        c.addOK()
    }

    func execCommand(_ c: Client) {
        guard c.flags.contains(.multi) else {
            c.addError("ERR EXEC without MULTI")
            return
        }
        if watchedKeyExpired(c) { c.flags.insert(.dirtyCAS) }
        if c.flags.contains(.dirtyExec) {
            c.addError("EXECABORT Transaction discarded because of previous errors.")
            discardTransaction(c)
            return
        }
        if c.flags.contains(.dirtyCAS) {
            c.addNullArray()
            discardTransaction(c)
            return
        }
        execTransaction(c)
    }

    func discardCommand(_ c: Client) {
        guard c.flags.contains(.multi) else {
            c.addError("ERR DISCARD without MULTI")
            return
        }
        discardTransaction(c)
        c.addOK()
    }

    func watchCommand(_ c: Client) {
        if c.flags.contains(.multi) {
            c.addError("ERR WATCH inside MULTI is not allowed")
            return
        }
        // Already doomed: watching more keys cannot change the outcome.
        if !c.flags.contains(.dirtyCAS) {
            for i in 1..<c.argc { watchKey(c, c.arg(i)) }
        }
        c.addOK()
    }

    func unwatchCommand(_ c: Client) {
        unwatchAllKeys(c)
        c.flags.remove(.dirtyCAS)
        if !c.flags.contains(.multi), let m = c.multiState, m.isEmpty { c.multiState = nil }
        c.addOK()
    }
}
