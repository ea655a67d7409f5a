// processCommand() and call(): the checks every command passes, then the one place a
// command executes (Redis's server.c processCommand/call).
//
// Order of checks, as Redis 7.0: lookup (unknown command / unknown subcommand), arity,
// authentication, commands refused inside MULTI, ACL permissions, maxmemory (evict or OOM), the RESP2
// subscribed-mode restriction, MULTI queueing, then call() (client pause is decided before
// parsing, in processInputBuffer).
// call() measures the command, updates commandstats, feeds MONITOR, the slow log and
// the dirty counter. EXEC and scripts call call() directly with their own client.

import RESP
import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

extension Server {
    func processCommand(_ c: Client) {
        let name = c.argv[0]
        guard var cmd = commands.lookup(name) else {
            // Built from bytes, as Redis's "%.128s" formats do: arguments are C strings (cut
            // at NUL) and are not re-encoded.
            var args: [UInt8] = []
            var i = 1
            while i < c.argc && args.count < 128 {
                args.append(39)
                args += cString(c.argv[i], max: 128 - args.count)
                args += [39, 32]
                i += 1
            }
            var msg = Array("ERR unknown command '".utf8) + cString(name, max: 128)
            msg += Array("', with args beginning with: ".utf8) + args
            c.lastCommand = nil  // CLIENT LIST shows cmd=NULL after an unknown command, as Redis
            rejectCommand(c, nil, bytes: msg)
            return
        }
        if !cmd.subcommands.isEmpty && cmd.handler == nil || (!cmd.subcommands.isEmpty && c.argc >= 2) {
            if c.argc >= 2, let sub = cmd.subcommands[c.argString(1).lowercased()] {
                cmd = sub
            } else if cmd.handler == nil || c.argc >= 2 {
                c.lastCommand = c.argc < 2 ? cmd : nil
                if c.argc < 2 {
                    rejectCommand(c, cmd, "ERR wrong number of arguments for '\(cmd.fullName)' command")
                } else {
                    // No command was found: nothing to count in commandstats (as Redis).
                    let msg = Array("ERR unknown subcommand '".utf8) + cString(c.argv[1], max: 128)
                        + Array("'. Try \(cmd.name.uppercased()) HELP.".utf8)
                    rejectCommand(c, nil, bytes: msg)
                }
                return
            }
        }
        // QUIT is answered here, before any other check (Redis 7.0 does the same). One lookup
        // serves both: a second one for every 4-letter command cost ~230 instructions.
        if name.count == 4 && cmd.name == "quit" {
            c.addOK()
            c.flags.insert(.closeAfterReply)
            return
        }
        c.currentCommand = cmd
        c.lastCommand = cmd  // recorded before the checks, as Redis's c->lastcmd (CLIENT LIST cmd=)
        if (cmd.arity > 0 && c.argc != cmd.arity) || c.argc < -cmd.arity {
            rejectCommand(c, cmd, "ERR wrong number of arguments for '\(cmd.fullName)' command")
            return
        }
        // DEBUG and MODULE are "protected" (not a COMMAND INFO flag); both are admin commands.
        if cmd.flags.contains(.admin), let denial = protectedCommandDenial(c, cmd) {
            rejectCommand(c, cmd, denial)
            return
        }
        if c.authRequired && !cmd.flags.contains(.noAuth) {
            rejectCommand(c, cmd, "NOAUTH Authentication required.")
            return
        }
        if c.flags.contains(.multi) && cmd.flags.contains(.noMulti) {
            rejectCommand(c, cmd, "ERR Command not allowed inside a transaction")
            return
        }
        // ACL (ACL/ACLCheck.swift): users allowed everything (the default one) skip it.
        if c.user?.fullAccess == false, let u = c.user, let denial = aclDenialMessage(c, u, cmd) {
            rejectCommand(c, cmd, denial)
            return
        }
        // A script past busy-reply-threshold: only allow-busy commands run (LuaEngine.swift).
        if let busy = busyScriptDenial(c, cmd) {
            rejectCommand(c, cmd, busy)
            return
        }
        if config.maxmemory > 0 && !c.flags.contains(.lua) && !scriptIsBusy {
            let ok = performEvictions()
            if !ok && (cmd.flags.contains(.denyoom) || transactionRefusedOnOOM(c, cmd)) {
                rejectCommand(c, cmd, "OOM command not allowed when used memory > 'maxmemory'.")
                return
            }
        }
        // Writes (and PING) after a failed BGSAVE: MISCONF (BackgroundSaveCommands.swift).
        if refusedByDiskError(c, cmd) { return }
        if c.resp == .resp2 && c.isPubSub && !Server.allowedInRESP2PubSub.contains((cmd.parent ?? cmd).name) {
            rejectCommand(c, cmd, "ERR Can't execute '\(cmd.fullName)': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context")
            return
        }
        // Inside MULTI everything but the transaction's own commands is queued (Multi.swift).
        if c.flags.contains(.multi) && !Server.runsInsideMulti(cmd) {
            queueMultiCommand(c, cmd)
            c.currentCommand = nil
            return
        }
        call(c, cmd)
        c.lastCommand = cmd
        c.currentCommand = nil
        if blocking.hasReadyKeys { handleClientsBlockedOnKeys() }
        if c.out.readableBytes > 64 * 1024 { checkOutputBufferLimits(c) }
    }

    /// The bytes of `a` up to its first NUL and at most `max` bytes (C's "%.*s").
    func cString(_ a: UnsafeRawBufferPointer, max: Int) -> [UInt8] {
        var out: [UInt8] = []
        for b in a.prefix(Swift.max(0, max)) {
            if b == 0 { break }
            out.append(b)
        }
        return out
    }

    func rejectCommand(_ c: Client, _ cmd: Command?, bytes message: [UInt8]) {
        rejectCommand(c, cmd, String(decoding: message, as: UTF8.self), raw: message)
    }

    func rejectCommand(_ c: Client, _ cmd: Command?, _ message: String, raw: [UInt8]? = nil) {
        if let cmd = cmd { cmd.rejectedCalls += 1 }
        if c.flags.contains(.multi) { c.flags.insert(.dirtyExec) }
        if let cmd = cmd, cmd.parent == nil, cmd.name == "exec" {
            // A refused EXEC discards the transaction and says why (Multi.swift).
            execCommandAbort(c, message)
            c.currentCommand = nil
            return
        }
        if let raw = raw { c.addError(bytes: raw) } else { c.addError(message) }
        c.currentCommand = nil
    }

    /// Executes `cmd` for `c` with its argv. The only place commands run.
    func call(_ c: Client, _ cmd: Command) {
        unowned(unsafe) let prevClient = currentClient  // restored below; not reference counted
        currentClient = c
        let dirtyBefore = dirty
        let errorsBefore = stats.totalErrorReplies
        let start = monotonicMicros()
        c.currentCommand = cmd
        cmd.handler!(self, c)
        let duration = monotonicMicros() - start
        cmd.calls += 1
        cmd.microseconds += duration
        if config.latencyTracking { recordLatency(cmd, micros: duration) }
        if config.latencyMonitorThreshold > 0 { latencySampleCommand(cmd, micros: duration) }
        if stats.totalErrorReplies > errorsBefore { cmd.failedCalls += 1 }
        stats.totalCommandsProcessed += 1
        _ = dirtyBefore
        if !cmd.flags.contains(.skipSlowlog) { slowlogPush(c, duration) }
        // Administrative commands are never shown to MONITOR clients (Redis 7.0).
        if !monitors.isEmpty && cmd.flags.isDisjoint(with: [.skipMonitor, .admin]) && !(cmd.parent?.flags.contains(.skipMonitor) ?? false) {
            feedMonitors(c)
        }
        // CLIENT REPLY SKIP is consumed per top-level command in commandProcessed().
        currentClient = prevClient
        // Client-side caching: remember the keys read, send invalidations held for the caller.
        if tracking.clientCount > 0 || tracking.hasPending { trackingAfterCall(c, cmd, caller: prevClient) }
    }

    /// Counts an error reply by its code (INFO errorstats) and in total.
    func recordError(_ message: String, client: Client) {
        stats.totalErrorReplies += 1
        var code = message.prefix { $0 != " " }
        if code.isEmpty { code = "ERR" }
        let k = String(code.prefix(128))
        if stats.errorCodes[k] == nil && stats.errorCodes.count >= 128 {
            // Redis stops tracking new codes past 128 and counts them under ERRORSTATS_OVERFLOW.
            return
        }
        stats.errorCodes[k, default: 0] += 1
    }

    // MARK: MONITOR

    func feedMonitors(_ c: Client) {
        let now = wallClockMicros()
        var line = "+\(now / 1_000_000).\(String(format6(now % 1_000_000))) [\(c.dbIndex) "
        if c.flags.contains(.lua) { line += "lua" } else if c.flags.contains(.unixSocket) { line += "unix:\(config.unixsocket)" } else { line += c.peer }
        line += "]"
        for a in c.argv {
            line += " \"" + escapeBytes(a) + "\""
        }
        line += "\r\n"
        let bytes = Array(line.utf8)
        if let u = undo, u.monitorExempt != ObjectIdentifier(c) { u.hold(.monitor(bytes)); return }
        for m in monitors {
            if m.flags.contains(.closeASAP) { continue }
            m.addRaw(bytes)
            checkOutputBufferLimits(m)
        }
    }
}

func format6(_ v: Int64) -> String {
    let s = String(v)
    return String(repeating: "0", count: max(0, 6 - s.count)) + s
}
