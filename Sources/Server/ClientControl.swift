// Client-wide controls that cut across commands (Redis's networking.c client helpers):
// CLIENT PAUSE / UNPAUSE, the bookkeeping done after every top-level command (CLIENT
// REPLY SKIP), the per-client line of CLIENT LIST / CLIENT INFO, and the teardown hook
// run when a client goes away.
//
// Pausing. Redis parks a paused client's parsed command and re-runs it when the pause
// ends. Here commands are parsed in place from the query buffer, so a paused client is
// simply not parsed: processInputBuffer asks `isClientPaused` before each command, which
// peeks at the next complete command (on a copy of the parser) and decides as Redis's
// processCommand would. Commands that Redis rejects before its pause check (unknown
// command or subcommand, wrong arity, NOAUTH, commands refused inside MULTI or in RESP2
// subscribed mode) are not held, so their errors come back at once; MONITOR clients are
// never paused (Redis treats them as replicas). A held client is appended to
// `postponedClients` once, in arrival order; when the pause ends (CLIENT UNPAUSE, or the
// cron seeing the deadline pass) `resumePostponedClients` runs their buffered commands
// from beforeSleep, in that order — never from inside another command's handler.

import DataStructures
import EventLoop
import RESP

extension Server {
    /// Re-reads config values that are cached for the hot path.
    func refreshConfigCache() {
        lfuMode = evictionPolicy.isLFU
        // The flags themselves: their string form drops 'n' when 'A' is present (as Redis's).
        notifyMask = NotifyClass(rawValue: config.notifyKeyspaceEvents)
    }

    // MARK: pause

    /// Whether a pause is in force right now.
    var clientsArePaused: Bool {
        pauseEndMicros > 0 && monotonicMicros() < pauseEndMicros
    }

    /// CLIENT PAUSE: until `endMicros` (monotonic), commands from normal clients wait — all
    /// of them, or only those that may write when `writesOnly`. Pauses combine as Redis's
    /// pauseClients: the later end wins, and ALL wins over WRITE while a pause lasts.
    func pauseClients(untilMicros endMicros: Int64, writesOnly: Bool) {
        if clientsArePaused {
            if !writesOnly { pauseWritesOnly = false }
            if endMicros > pauseEndMicros { pauseEndMicros = endMicros }
        } else {
            pauseEndMicros = endMicros
            pauseWritesOnly = writesOnly
        }
    }

    /// Ends the pause. Held clients resume from beforeSleep (`resumePostponedClients`).
    func unpauseClients() {
        pauseEndMicros = 0
        pauseWritesOnly = false
    }

    /// Runs the commands held back by a pause that has ended, in the order the clients
    /// were held. Called from beforeSleep while `postponedClients` is not empty.
    func resumePostponedClients() {
        if pauseEndMicros > 0 {
            if monotonicMicros() < pauseEndMicros { return }
            unpauseClients()
        }
        let held = postponedClients
        postponedClients.removeAll()
        for c in held where clients[c.fd] === c && !c.flags.contains(.closeASAP) {
            processInputBuffer(c)
        }
    }

    /// Whether this client's next command must wait for the pause to end (see the top
    /// comment). Records the client as held when it must.
    func isClientPaused(_ c: Client) -> Bool {
        if pauseEndMicros == 0 { return false }
        if monotonicMicros() >= pauseEndMicros {
            // Expired: clear it; the clients still held resume from beforeSleep.
            unpauseClients()
            return false
        }
        if c.flags.contains(.monitor) { return false }
        guard pausedCommandWouldWait(c) else { return false }
        if !postponedClients.contains(where: { $0 === c }) { postponedClients.append(c) }
        return true
    }

    /// The client's next complete command in the query buffer, resolved to its subcommand
    /// when it has one, with its argument count; nil while incomplete, malformed or unknown.
    /// Parses a copy of the parser, so nothing is consumed.
    func peekNextCommand(_ c: Client) -> (cmd: Command, argc: Int)? {
        var probe = c.parser
        let limits = RequestLimits(protoMaxBulkLen: config.protoMaxBulkLen, authRequired: c.authRequired)
        guard probe.parse(c.query, limits: limits) == .command, !probe.argStarts.isEmpty else { return nil }
        let base = UnsafeRawPointer(c.query.readPointer)
        func arg(_ i: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(start: base + probe.argStarts[i], count: probe.argLengths[i])
        }
        let argc = probe.argStarts.count
        guard var cmd = commands.lookup(arg(0)) else { return nil }
        if !cmd.subcommands.isEmpty {
            if argc >= 2, let sub = cmd.subcommands[String(decoding: arg(1), as: UTF8.self).lowercased()] {
                cmd = sub
            } else if cmd.handler == nil {
                return nil
            }
        }
        return (cmd, argc)
    }

    /// Whether the current pause holds back the client's next command, replicating the
    /// checks Redis makes before its pause check (their errors are not delayed).
    private func pausedCommandWouldWait(_ c: Client) -> Bool {
        guard let (cmd, argc) = peekNextCommand(c) else { return false }
        if (cmd.arity > 0 && argc != cmd.arity) || argc < -cmd.arity { return false }
        if c.authRequired && !cmd.flags.contains(.noAuth) { return false }
        if c.flags.contains(.multi) && cmd.flags.contains(.noMulti) { return false }
        if c.isPubSub && c.resp == .resp2 && !Server.allowedInRESP2PubSub.contains(cmd.name) { return false }
        if !pauseWritesOnly { return true }
        if cmd.isWrite || cmd.flags.contains(.mayReplicate) { return true }
        // EXEC runs what was queued: held if anything was. (Redis looks at the queued
        // commands' flags; writes queued during the pause were held already, so only a
        // read-only transaction queued before the pause waits longer than in Redis.)
        return cmd.name == "exec" && c.flags.contains(.multi) && c.queuedCount > 0
    }

    /// What a RESP2 client in subscribed mode may still run.
    static let allowedInRESP2PubSub: Set<String> = [
        "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe",
        "ping", "quit", "reset",
    ]

    // MARK: after each command

    /// Bookkeeping after each top-level command, executed or rejected (Redis's
    /// resetClient): CLIENT REPLY SKIP silences exactly the command after the one that
    /// asked for it, so the skip is consumed here and not in call(), which also runs the
    /// commands inside EXEC.
    func commandProcessed(_ c: Client) {
        if let t = c.trackingState, t.cachingGiven { trackingCommandProcessed(c, t) }
        c.flags.remove(.replySkip)
        if c.flags.contains(.replySkipNext) {
            c.flags.remove(.replySkipNext)
            c.flags.insert(.replySkip)
        }
    }

    // MARK: teardown

    /// Releases whatever the client holds in other structures (monitors, subscriptions,
    /// blocking waits, WATCHed keys). Each feature registers its teardown here. RESET runs
    /// these too, so a hook must only drop per-client state.
    func clientWillClose(_ c: Client) {
        for hook in clientCloseHooks { hook(c) }
    }

    // MARK: CLIENT LIST

    /// The client's address as Redis's getClientPeerId: "ip:port", "[ipv6]:port", or
    /// "<unix socket path>:0".
    func clientPeerId(_ c: Client) -> String {
        c.flags.contains(.unixSocket) ? unixSocketPath(c) + ":0" : c.peer
    }

    /// The local end of the connection (getClientSockname), same formats.
    func clientSockName(_ c: Client) -> String {
        c.flags.contains(.unixSocket) ? unixSocketPath(c) + ":0" : c.local
    }

    private func unixSocketPath(_ c: Client) -> String {
        c.local.hasPrefix("unix:") ? String(c.local.dropFirst(5)) : c.local
    }

    /// CLIENT LIST's TYPE classes. MONITOR clients count as normal, as in Redis.
    enum ClientType {
        case normal, replica, master, pubsub

        /// Redis's getClientTypeByName (case-insensitive; "slave" is "replica").
        init?(name: String) {
            switch name.lowercased() {
            case "normal": self = .normal
            case "slave", "replica": self = .replica
            case "pubsub": self = .pubsub
            case "master": self = .master
            default: return nil
            }
        }
    }

    func clientType(_ c: Client) -> ClientType { c.isPubSub ? .pubsub : .normal }

    /// The CLIENT LIST line for `c` (same fields, order and flag letters as Redis 7.0;
    /// tracking flags from Tracking.swift). `postponed` (ids of the clients a pause holds)
    /// saves listing the whole server from searching the held list once per client.
    func clientInfoLine(_ c: Client, postponed: Set<Int64>? = nil) -> String {
        var flags = ""
        if c.flags.contains(.monitor) { flags += "O" }
        if c.isPubSub { flags += "P" }
        if c.flags.contains(.multi) { flags += "x" }
        let held = postponed.map { $0.contains(c.id) } ?? postponedClients.contains { $0 === c }
        if c.flags.contains(.blocked) || held { flags += "b" }
        flags += trackingFlagLetters(c)
        if c.flags.contains(.dirtyCAS) { flags += "d" }
        if c.flags.contains(.closeAfterReply) { flags += "c" }
        if c.flags.contains(.closeASAP) { flags += "A" }
        if c.flags.contains(.unixSocket) { flags += "U" }
        if c.flags.contains(.noEvict) { flags += "e" }
        if flags.isEmpty { flags = "N" }
        var events = ""
        if !c.flags.contains(.fake) { events += "r" }
        if c.flags.contains(.writeInstalled) { events += "w" }
        let qbuf = c.query.readableBytes
        let qfree = c.query.capacity - c.query.writeIndex
        let argvMem = c.argv.reduce(0) { $0 + $1.count }
        let obl = c.out.readableBytes
        let omem = c.out.capacity
        let totMem = c.query.capacity + omem + argvMem + 1024
        // Redis records the command as "last" before running it, so a client listing
        // itself sees the CLIENT command it is running, and a paused client the command
        // it waits to run.
        let running = c === currentClient ? c.currentCommand : held ? peekNextCommand(c)?.cmd : nil
        let cmd = running ?? c.lastCommand
        var line = "id=\(c.id) addr=\(clientPeerId(c)) laddr=\(clientSockName(c)) fd=\(c.fd)"
        line += " name=\(c.name?.string ?? "") age=\(c.ageSeconds) idle=\(c.idleSeconds) flags=\(flags)"
        line += " db=\(c.dbIndex) sub=\(c.channelCount) psub=\(c.patternCount) ssub=\(c.shardChannelCount) multi=\(c.multiCount)"
        line += " qbuf=\(qbuf) qbuf-free=\(qfree) argv-mem=\(argvMem) multi-mem=\(c.multiState?.memory ?? 0)"
        line += " rbs=\(c.query.capacity) rbp=\(c.query.capacity) obl=\(obl) oll=0 omem=\(omem) tot-mem=\(totMem)"
        line += " events=\(events) cmd=\(cmd?.fullName ?? "NULL") user=\(c.user?.nameString ?? "(superuser)") redir=\(trackingRedirection(c)) resp=\(c.resp.rawValue)"
        return line
    }

    /// Ids of the clients a pause holds, for `clientInfoLine(_:postponed:)`.
    var postponedClientIds: Set<Int64> { Set(postponedClients.map(\.id)) }
}
