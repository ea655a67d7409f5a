// Server: the process-wide state and the event loop (Redis's server.c + ae.c).
//
// One thread owns everything here: the databases, the clients and the command table.
// The loop is: flush pending replies (before sleep), wait on epoll until the next cron
// tick, accept/read/write what is ready, run the cron when due. Commands run to
// completion inside the read handler, so no data structure is ever shared between
// threads (background threads, when they exist, only receive bytes or values that the
// data thread has let go of). See docs/architecture.md.

import Config
import RESP
import DataStructures
import EventLoop
import CSystem
#if canImport(Glibc)
import Glibc
#endif

public struct ServerStats {
    public var totalConnectionsReceived: Int64 = 0
    public var totalCommandsProcessed: Int64 = 0
    public var rejectedConnections: Int64 = 0
    public var expiredKeys: Int64 = 0
    public var expiredStalePerc: Double = 0
    public var evictedKeys: Int64 = 0
    public var evictedClients: Int64 = 0
    public var keyspaceHits: Int64 = 0
    public var keyspaceMisses: Int64 = 0
    public var netInputBytes: Int64 = 0
    public var netOutputBytes: Int64 = 0
    public var totalErrorReplies: Int64 = 0
    public var unexpectedErrorReplies: Int64 = 0
    public var errorCodes: [String: Int64] = [:]
    public var clientQbufLimitDisconnections: Int64 = 0
    public var clientOutbufLimitDisconnections: Int64 = 0
    public var totalReadsProcessed: Int64 = 0
    public var totalWritesProcessed: Int64 = 0
    public var ioThreadedReads: Int64 = 0
    public var evictionMicros: Int64 = 0
    public var expireCycleMicros: Int64 = 0
    public var dumpPayloadSanitizations: Int64 = 0
    public var expireCycleTimeUsed: Int64 = 0
}

/// Samples of a counter over the last 16 cron periods (instantaneous_ops_per_sec & co).
struct InstantaneousMetric {
    var lastSampleMicros: Int64 = 0
    var lastSampleCount: Int64 = 0
    var samples = [Int64](repeating: 0, count: 16)
    var index = 0

    mutating func track(_ current: Int64, now: Int64) {
        let dt = now - lastSampleMicros
        if lastSampleMicros != 0 && dt > 0 {
            samples[index] = (current - lastSampleCount) * 1_000_000 / dt
            index = (index + 1) % samples.count
        }
        lastSampleMicros = now
        lastSampleCount = current
    }

    var value: Int64 { samples.reduce(0, +) / Int64(samples.count) }
}

/// Set from signal handlers, read by the cron (the only state touched off the loop).
nonisolated(unsafe) var pendingShutdownSignal: Int32 = 0

public final class Server {
    public let config: ServerConfig
    public let version = structdVersion
    public let redisVersion = "7.0.15"
    public let runId: String
    public let pid = getpid()
    public private(set) var startMicros: Int64 = 0
    public private(set) var startWallSeconds: Int64 = 0
    let log: Logger

    public var databases: [Database] = []
    public let commands: CommandTable

    // Connections.
    let epoll: Epoll
    var listeners: [(fd: Int32, unix: Bool, name: String)] = []
    var clients: [Int32: Client] = [:]
    var clientsById: [Int64: Client] = [:]
    var nextClientId: Int64 = 1
    var pendingWrites: [Client] = []
    /// The list beforeSleep is flushing, swapped with `pendingWrites` so that neither
    /// array's storage is reallocated on every loop iteration.
    private var flushingWrites: [Client] = []
    var closeQueue: [Client] = []
    var monitors: [Client] = []
    /// The client whose command is running (nil between commands). Not counted: call() sets
    /// it to a client its caller keeps alive and restores the previous one on return.
    public unowned(unsafe) var currentClient: Client? = nil
    /// TLS context and listeners (TLSNetworking.swift).
    let tlsServer = TLSServerState()

    // Time.
    var frozenMillis: Int64? = nil
    var cronCounter: Int64 = 0
    var lastCronMicros: Int64 = 0
    var lruClock: UInt32 = 0

    // Statistics.
    public var stats = ServerStats()
    public var dirty: Int64 = 0
    var opsMetric = InstantaneousMetric()
    var netInMetric = InstantaneousMetric()
    var netOutMetric = InstantaneousMetric()
    var peakMemory: Int = 0
    public var lastSaveUnix: Int64 = 0
    var slowlog = SlowLog()
    /// The server command family's state (INFO's start-up figures, gauges, snapshot hook).
    public let admin = AdminState()
    /// RDB persistence: function libraries kept from a dump, load/save figures (Persistence/SaveCommands.swift).
    let persistence = PersistenceState()
    var expireSample: [DictEntry<Int64>] = []

    // Behaviour switches.
    var activeExpireEnabled = true
    var pauseEndMicros: Int64 = 0
    var pauseWritesOnly = false
    /// Clients whose next command waits for the pause to end, in arrival order (ClientControl.swift).
    var postponedClients: [Client] = []
    var shutdownAsap = false
    public var exitCode: Int32 = 0
    // Values derived from the config, refreshed by refreshConfigCache() on CONFIG SET.
    var lfuMode = false
    var notifyMask: NotifyClass = []
    /// Set while a command must not update access times (OBJECT, DEBUG, TYPE peeks).
    var noTouch = false
    /// Pub/sub's publish function, for keyspace notifications.
    var publishHook: (([UInt8], [UInt8]) -> Void)? = nil
    /// Lua scripting (Scripting/LuaEngine.swift), created on first use.
    var scripting: ScriptingEngine? = nil
    /// The open undo scope of a transactional script or TXN.MULTI (Scripting/UndoLog.swift):
    /// the keyspace's write primitives report to it before they change anything. Not
    /// retained (structdScripting.undoLog owns the one log), so the checks cost no refcount.
    unowned(unsafe) var undo: UndoLog? = nil
    /// Functions, script aliases, TXN state (Scripting/ScriptingExtensions.swift).
    let structdScripting = StructDScriptingState()

    /// Teardown functions run for every client that closes.
    var clientCloseHooks: [(Client) -> Void] = []
    /// Set when eviction ran out of time with memory still over maxmemory.
    var evictionRunning = false
    /// Observers of key modifications (WATCH, client tracking) register here.
    var keyModifiedHooks: [(UnsafeRawBufferPointer, Int) -> Void] = []
    /// Clients blocked on keys (BLPOP & co., Blocking.swift).
    let blocking = BlockingState()
    /// WATCHed keys, pub/sub subscriptions, client-side caching and the latency monitor
    /// (Multi.swift, PubSub.swift, Tracking.swift, LatencyCommands.swift).
    let watchedKeys = WatchRegistry()
    let pubsub = PubSubRegistry()
    let tracking = TrackingRegistry()
    let latencyMonitor = LatencyMonitor()
    /// ACL users, the ACL log, authentication (ACL/ACLState.swift).
    let acl = ACLState()

    public init(config: ServerConfig) throws {
        self.config = config
        runId = Server.makeRunId()
        log = Logger(config: config)
        epoll = try Epoll(capacity: 1024)
        commands = Server.buildCommandTable()
        for i in 0..<config.databases { databases.append(Database(id: i, server: self)) }
        installACL()
        installScriptingExtensions()
        installMessagingHooks()
        refreshConfigCache()
        activeExpireEnabled = true
        lastSaveUnix = wallClockMicros() / 1_000_000
    }

    static func makeRunId() -> String {
        let hex = Array("0123456789abcdef")
        return String((0..<40).map { _ in hex[Int(randomUInt64() & 15)] })
    }

    // MARK: time

    /// Unix time in milliseconds; frozen while a script runs, as Redis does for expiry.
    public var nowMillis: Int64 {
        if let f = frozenMillis { return f }
        return wallClockMicros() / 1000
    }

    /// True when expiry must not delete keys (clients paused for writes, loading).
    var loadingOrPausedExpiry: Bool {
        pauseEndMicros > 0 && monotonicMicros() < pauseEndMicros
    }

    // MARK: start-up

    public func start() throws {
        startMicros = monotonicMicros()
        startWallSeconds = wallClockMicros() / 1_000_000
        // Keys created before the first cron tick need a real LRU clock (Redis sets it at init).
        lruClock = currentLRUClock()
        adjustOpenFilesLimit()
        try openListeners()
        installSignalHandlers()
        log.warning("Server initialized")
        try aclLoadUsersAtStartup()
        try startPersistence()
        // Redis's order: the Unix socket line after initialization, then the TCP one.
        if !config.unixsocket.isEmpty {
            log.notice("The server is now ready to accept connections at \(config.unixsocket)")
        }
        if config.port != 0 || config.tlsPort != 0 { log.notice("Ready to accept connections") }
    }

    func openListeners() throws {
        try startTLS()
        if config.port != 0 {
            var bound = 0
            for var addr in config.bind {
                let optional = addr.hasPrefix("-")
                if optional { addr.removeFirst() }
                do {
                    let fd = try Sockets.listenTCP(host: addr, port: config.port, backlog: config.tcpBacklog)
                    listeners.append((fd, false, "\(addr):\(config.port)"))
                    epoll.add(fd, .readable)
                    bound += 1
                } catch {
                    if optional || errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL && addr.contains(":") {
                        log.warning("Failed listening on \(addr):\(config.port): \(error)")
                        continue
                    }
                    log.warning("\(error)")
                    throw error
                }
            }
            if bound == 0 && !config.bind.isEmpty {
                throw EventLoopError.system("Failed listening on port \(config.port) (tcp)", EADDRINUSE)
            }
        }
        if !config.unixsocket.isEmpty {
            let fd = try Sockets.listenUnix(path: config.unixsocket, permissions: config.unixsocketperm, backlog: config.tcpBacklog)
            listeners.append((fd, true, config.unixsocket))
            epoll.add(fd, .readable)
        }
        try openTLSListeners()
        if listeners.isEmpty && tlsServer.listeners.isEmpty {
            throw StartupError(message: "Configured to not listen anywhere, exiting.")
        }
    }

    /// Raises RLIMIT_NOFILE to fit maxclients plus our own descriptors, as Redis does,
    /// lowering maxclients (with a warning) when the hard limit does not allow it.
    func adjustOpenFilesLimit() {
        let wanted = rlim_t(config.maxclients + 32)
        var lim = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &lim) == 0 else { return }
        if lim.rlim_cur >= wanted { return }
        var target = wanted
        while target > lim.rlim_cur {
            var l = lim
            l.rlim_cur = target
            if l.rlim_max < target { l.rlim_max = target }
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &l) == 0 { return }
            l.rlim_max = lim.rlim_max
            l.rlim_cur = min(target, lim.rlim_max)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &l) == 0 && l.rlim_cur >= wanted { return }
            target -= 16
        }
        let usable = max(1, Int(lim.rlim_cur) - 32)
        log.warning("Your current 'ulimit -n' of \(lim.rlim_cur) is not enough for the server to start. Please increase your open file limit to at least \(wanted). maxclients has been reduced to \(usable).")
        _ = config.configSet([("maxclients", String(usable))])
    }

    func installSignalHandlers() {
        signal(SIGPIPE, SIG_IGN)
        let handler: @convention(c) (Int32) -> Void = { sig in pendingShutdownSignal = sig }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
    }

    // MARK: the loop

    /// Runs until SHUTDOWN or a signal; returns the process exit code.
    public func run() -> Int32 {
        lastCronMicros = monotonicMicros()
        var handledEvents = false
        while !shutdownAsap {
            beforeSleep()
            let period = Int64(1_000_000 / max(1, config.hz))
            let untilCron = lastCronMicros + period - monotonicMicros()
            let timeout = min(Int32(clamping: max(0, untilCron / 1000)), blockingSleepLimitMillis(),
                              snapshotSleepLimitMillis())
            let n: Int
            if !pendingWrites.isEmpty || evictionRunning || timeout == 0 {
                n = epoll.wait(timeoutMs: 0)
            } else if handledEvents && mayBusyPoll {
                n = pollThenWait(timeoutMs: timeout)
            } else {
                n = epoll.wait(timeoutMs: timeout)
            }
            handledEvents = n > 0
            for i in 0..<n where !shutdownAsap {
                let fd = epoll.readyFds[i]
                let ev = epoll.readyEvents[i]
                if let l = listeners.first(where: { $0.fd == fd }) {
                    acceptConnections(l.fd, unix: l.unix)
                    continue
                }
                if tlsServer.isListener(fd) {
                    acceptConnections(fd, unix: false, tls: true)
                    continue
                }
                guard let c = clients[fd] else { continue }
                if c.tls != nil {
                    handleTLSEvent(c, ev)
                    continue
                }
                if Epoll.isReadable(ev) { readFromClient(c) }
                if Epoll.isWritable(ev), clients[fd] === c { writeToClient(c, fromHandler: true) }
            }
            if monotonicMicros() - lastCronMicros >= period { serverCron() }
        }
        finishShutdown()
        return exitCode
    }

    /// How long the loop keeps polling epoll without blocking after a pass that handled
    /// events, before it sleeps (docs/architecture.md, "Busy polling").
    static let busyPollMicros: Int64 = 30

    /// Whether the loop may poll now. While a background save runs, only while its writer
    /// keeps up (more than half the hooks' headroom in the queue free): the writer thread
    /// (SCHED_IDLE) lives on the CPU time the loop leaves, and a loop that never sleeps
    /// left it so little that commands waited for queue space.
    private var mayBusyPoll: Bool {
        guard let save = persistence.bgsave else { return true }
        return save.queue.freeBlocks.load(ordering: .relaxed) >= SnapshotQueue.keepingUpFreeBlocks
    }

    /// Polls without blocking for up to `busyPollMicros`, then waits up to `timeoutMs`.
    private func pollThenWait(timeoutMs: Int32) -> Int {
        let until = monotonicMicros() + Server.busyPollMicros
        repeat {
            let n = epoll.wait(timeoutMs: 0)
            if n > 0 { return n }
        } while monotonicMicros() < until
        return epoll.wait(timeoutMs: timeoutMs)
    }

    func beforeSleep() {
        if blocking.needsAttention { blockingBeforeSleep() }
        if evictionRunning { _ = performEvictions() }
        if tracking.clientCount > 0 { trackingBeforeSleep() }
        if !postponedClients.isEmpty { resumePostponedClients() }
        if !closeQueue.isEmpty {
            let q = closeQueue
            closeQueue.removeAll()
            for c in q { freeClient(c) }
        }
        if !pendingWrites.isEmpty {
            swap(&pendingWrites, &flushingWrites)
            for c in flushingWrites {
                c.flags.remove(.pendingWrite)
                if c.flags.contains(.closeASAP) { continue }
                writeToClient(c, fromHandler: false)
            }
            flushingWrites.removeAll(keepingCapacity: true)
        }
        // A slice of a running BGSAVE, after the replies are out (docs/snapshot.md, 5).
        if persistence.bgsave != nil { snapshotBeforeSleep() }
    }

    // MARK: cron

    func serverCron() {
        let now = monotonicMicros()
        lastCronMicros = now
        cronCounter += 1
        if pendingShutdownSignal != 0 {
            let sig = pendingShutdownSignal
            pendingShutdownSignal = 0
            shutdownOnSignal(sig)
        }
        lruClock = currentLRUClock()
        opsMetric.track(stats.totalCommandsProcessed, now: now)
        netInMetric.track(stats.netInputBytes, now: now)
        netOutMetric.track(stats.netOutputBytes, now: now)
        if cronCounter % Int64(max(1, config.hz / 10)) == 0 {
            let used = usedMemory()
            if used > peakMemory { peakMemory = used }
        }
        clientsCron(now)
        databasesCron(now)
        persistenceCron()
        if pauseEndMicros > 0 && now >= pauseEndMicros { unpauseClients() }
    }

    func databasesCron(_ now: Int64) {
        if activeExpireEnabled && config.activeExpireEnabled {
            let start = monotonicMicros()
            // 25% of the cron period, as Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC.
            let budget = Int64(250_000 / max(1, config.hz))
            var expired = 0
            for db in databases where db.expires.count > 0 {
                expired += db.activeExpireCycle(deadlineMicros: start + budget, sample: &expireSample)
                if monotonicMicros() - start > budget { break }
            }
            stats.expireCycleTimeUsed += monotonicMicros() - start
            latencyAddSampleIfNeeded("expire-cycle", (monotonicMicros() - start) / 1000)
            _ = expired
        }
        for db in databases {
            db.keys.shrinkIfNeeded()
            db.expires.shrinkIfNeeded()
            db.keys.rehash(forMicros: 1000)
            db.expires.rehash(forMicros: 1000)
        }
    }

    func clientsCron(_ now: Int64) {
        let timeout = Int64(config.timeout)
        if timeout <= 0 { return }
        for c in Array(clients.values) where !c.flags.contains(.blocked) && !c.flags.contains(.monitor) && !c.isPubSub {
            if (now - c.lastInteractionMicros) / 1_000_000 > timeout {
                log.verbose("Closing idle client")
                freeClient(c)
            }
        }
    }

    // MARK: memory

    /// Bytes the allocator has handed out and not taken back (used_memory).
    public func usedMemory() -> Int { Int(structd_allocated_bytes()) }

    // MARK: shutdown

    /// Decides whether a shutdown may proceed (SHUTDOWN's options; signals call it too).
    /// There are no replicas to wait for, so `now` changes nothing (see ServerCommands.swift).
    func prepareShutdown(nosave: Bool, save: Bool, now: Bool, force: Bool) -> Bool {
        shutdownChecks(nosave: nosave, save: save, force: force)
    }

    func finishShutdown() {
        releaseForExit()
    }

    // MARK: hooks used by the keyspace

    /// Called after any change to `key` (WATCH invalidation and client tracking attach here).
    @inline(__always) func signalModifiedKey(_ key: UnsafeRawBufferPointer, dbIndex: Int) {
        if !keyModifiedHooks.isEmpty {
            if let u = undo { holdModifiedKey(u, key, dbIndex: dbIndex); return }
            keyModifiedHooks.forEach { $0(key, dbIndex) }
        }
    }
}

public let structdVersion = "0.1.0"

/// A start-up failure whose message is logged as is.
struct StartupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
