// Client-wide controls that cut across commands: CLIENT PAUSE / UNPAUSE, the
// per-client lines of CLIENT LIST / CLIENT INFO, and the teardown hook run when a
// client goes away.

import DataStructures
import EventLoop

extension Server {
    /// Re-reads config values that are cached for the hot path.
    func refreshConfigCache() {
        lfuMode = evictionPolicy.isLFU
        notifyMask = NotifyClass.parse(config.notifyKeyspaceEventsString) ?? []
    }

    /// CLIENT PAUSE: until `endMicros`, commands from normal clients wait (all of them,
    /// or only those that may write when `writesOnly`).
    func pauseClients(untilMicros endMicros: Int64, writesOnly: Bool) {
        // A later pause never shortens an earlier one; a pause ALL overrides WRITE.
        if endMicros > pauseEndMicros { pauseEndMicros = endMicros }
        pauseWritesOnly = pauseEndMicros > 0 && writesOnly && (pauseWritesOnly || pauseEndMicros == endMicros)
    }

    func unpauseClients() {
        pauseEndMicros = 0
        pauseWritesOnly = false
        // Resume the clients whose commands were held back.
        for c in Array(clients.values) where c.query.readableBytes > 0 && !c.flags.contains(.closeASAP) {
            processInputBuffer(c)
        }
    }

    /// Whether this client's next command must wait for the pause to end.
    func isClientPaused(_ c: Client) -> Bool {
        if pauseEndMicros == 0 { return false }
        if monotonicMicros() >= pauseEndMicros {
            pauseEndMicros = 0
            return false
        }
        if !pauseWritesOnly { return true }
        // WRITE pause: peek at the next command; hold it if it may write.
        var probe = c.parser
        if probe.parse(c.query, limits: .init(protoMaxBulkLen: config.protoMaxBulkLen)) != .command { return false }
        guard let first = probe.argStarts.first, let len = probe.argLengths.first else { return false }
        let name = UnsafeRawBufferPointer(start: c.query.readPointer + first, count: len)
        guard let cmd = commands.lookup(name) else { return false }
        return cmd.isWrite || cmd.flags.contains(.mayReplicate)
    }

    /// Releases whatever the client holds in other structures (monitors, subscriptions,
    /// blocking waits, WATCHed keys). Each feature registers its teardown here.
    func clientWillClose(_ c: Client) {
        for hook in clientCloseHooks { hook(c) }
    }

    /// The CLIENT LIST line for `c` (same fields and order as Redis 7.0).
    func clientInfoLine(_ c: Client) -> String {
        var flags = ""
        if c.flags.contains(.monitor) { flags += "O" }
        if c.isPubSub { flags += "P" }
        if c.flags.contains(.multi) { flags += "x" }
        if c.flags.contains(.blocked) { flags += "b" }
        if c.flags.contains(.dirtyCAS) { flags += "d" }
        if c.flags.contains(.closeAfterReply) { flags += "c" }
        if c.flags.contains(.unixSocket) { flags += "U" }
        if c.flags.contains(.closeASAP) { flags += "A" }
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
        let cmdName = c.lastCommand?.fullName ?? "NULL"
        let addr = c.flags.contains(.unixSocket) ? c.local + ":0" : c.peer
        let laddr = c.flags.contains(.unixSocket) ? c.local : c.local
        return "id=\(c.id) addr=\(addr) laddr=\(laddr) fd=\(c.fd) name=\(c.name?.string ?? "") age=\(c.ageSeconds) idle=\(c.idleSeconds) flags=\(flags) db=\(c.dbIndex) sub=\(c.channelCount) psub=\(c.patternCount) ssub=0 multi=\(c.multiCount) qbuf=\(qbuf) qbuf-free=\(qfree) argv-mem=\(argvMem) multi-mem=0 rbs=\(c.query.capacity) rbp=\(c.query.capacity) obl=\(obl) oll=0 omem=\(omem) tot-mem=\(totMem) events=\(events) cmd=\(cmdName) user=default redir=-1 resp=\(c.resp.rawValue)"
    }
}
