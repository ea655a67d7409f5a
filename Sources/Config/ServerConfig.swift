// ServerConfig.swift — the live configuration of one server: the value of
// every directive, cheap typed stored properties the server reads on hot
// paths (refreshed whenever a value changes), the generic `get`, and the
// state collected from file-only directives (rename-command, user, ...).

/// Current configuration values. Not thread-safe: owned by the event loop.
public final class ServerConfig {
    /// Version string printed in fatal config errors.
    public static let redisVersion = "7.0.15"

    /// Absolute path of the config file given at startup (nil: none). Used by
    /// `rewrite()`.
    public var configFilePath: String?

    /// Called after CONFIG SET changed a directive, keyed by canonical name.
    /// Return nil on success or an error message to veto: every value is then
    /// rolled back (and the hooks of the other changed directives re-run).
    public var applyHooks: [String: (ServerConfig) -> String?] = [:]

    /// Validators for file-only directives, keyed by directive name
    /// ("rename-command", "user", "loadmodule", "sentinel"). Called with the
    /// arguments after the directive name while loading; a non-nil result is
    /// reported as a fatal config error (e.g. "No such command in rename-command").
    public var fileDirectiveHooks: [String: ([String]) -> String?] = [:]

    /// CONFIG REWRITE providers for directives owned by other subsystems
    /// ("user", "loadmodule"): each returns the complete lines to write. When
    /// no provider is registered the existing lines are left untouched.
    public var rewriteProviders: [String: () -> [String]] = [:]

    /// Set by the server while loading the dataset: CONFIG SET of
    /// deny-loading directives then fails with -LOADING.
    public var loading = false

    /// Set before loading when running as sentinel (enables `sentinel` lines).
    public var sentinelMode = false

    /// Runtime switch (DEBUG SET-ACTIVE-EXPIRE); not a config directive.
    public var activeExpireEnabled = true

    /// Collected `rename-command from to` directives, in order.
    public internal(set) var renamedCommands: [(from: String, to: String)] = []
    /// Collected `user ...` directives (arguments after "user").
    public internal(set) var userDirectives: [[String]] = []
    /// Collected `loadmodule path args...` directives.
    public internal(set) var moduleLoads: [(path: String, args: [String])] = []
    /// Collected `module.name value` directives (last one wins).
    public internal(set) var moduleConfigs: [(name: String, value: String)] = []
    /// Collected `sentinel ...` directives (arguments after "sentinel").
    public internal(set) var sentinelDirectives: [[String]] = []

    // MARK: storage

    var values: [StoredValue]
    /// redis' reading_config_file flag (affects how `save` lines accumulate).
    var readingConfigFile = false
    /// redis' static save_loaded: first `save` read from a file resets defaults.
    var saveLoadedFromFile = false

    public init() {
        values = DirectiveTable.all.map(ConfigValues.defaultValue)
        refreshHot()
    }

    // MARK: hot typed accessors (stored; refreshed on every change)

    public private(set) var port = 6379
    public private(set) var bind: [String] = ConfigValues.defaultBind
    /// "" when not configured.
    public private(set) var unixsocket = ""
    public private(set) var unixsocketperm = 0
    public private(set) var tcpBacklog = 511
    public private(set) var timeout = 0
    public private(set) var tcpKeepalive = 300
    /// Effective hz (clamped to 1...500 like redis).
    public private(set) var hz = 10
    public private(set) var dynamicHz = true
    public private(set) var databases = 16
    public private(set) var maxclients = 10000
    public private(set) var requirepass: String? = nil
    public private(set) var masterauth: String? = nil
    public private(set) var masteruser: String? = nil
    public private(set) var protectedMode = true
    public private(set) var daemonize = false
    /// "" when not configured.
    public private(set) var pidfile = ""
    public private(set) var logfile = ""
    public private(set) var loglevel = LogLevel.notice
    public private(set) var syslogEnabled = false
    public private(set) var syslogIdent = "redis"
    /// Absolute working directory the server should chdir to.
    public private(set) var dir = ""
    public private(set) var protoMaxBulkLen = 512 * 1024 * 1024
    public private(set) var clientQueryBufferLimit = 1024 * 1024 * 1024
    public private(set) var clientOutputBufferLimits = ClientOutputBufferLimits.defaults
    public private(set) var maxmemory: UInt64 = 0
    public private(set) var maxmemoryPolicy = MaxmemoryPolicy.noeviction
    public private(set) var maxmemorySamples = 5
    public private(set) var maxmemoryEvictionTenacity = 10
    /// Bytes, or a negative number meaning that percent of maxmemory.
    public private(set) var maxmemoryClients = 0
    public private(set) var lfuLogFactor = 10
    public private(set) var lfuDecayTime = 1
    public private(set) var activeExpireEffort = 1
    public private(set) var activerehashing = true
    public private(set) var enableDebugCommand = ProtectedAction.no
    public private(set) var enableModuleCommand = ProtectedAction.no
    public private(set) var enableProtectedConfigs = ProtectedAction.no
    public private(set) var listMaxListpackSize = -2
    public private(set) var listCompressDepth = 0
    public private(set) var hashMaxListpackEntries = 512
    public private(set) var hashMaxListpackValue = 64
    public private(set) var setMaxIntsetEntries = 512
    public private(set) var zsetMaxListpackEntries = 128
    public private(set) var zsetMaxListpackValue = 64
    public private(set) var streamNodeMaxBytes = 4096
    public private(set) var streamNodeMaxEntries = 100
    public private(set) var hllSparseMaxBytes = 3000
    public private(set) var slowlogLogSlowerThan = 10000
    public private(set) var slowlogMaxLen = 128
    /// busy-reply-threshold (alias lua-time-limit), milliseconds.
    public private(set) var luaTimeLimit = 5000
    public var busyReplyThreshold: Int { luaTimeLimit }
    public private(set) var latencyMonitorThreshold = 0
    public private(set) var latencyTracking = true
    public private(set) var latencyTrackingInfoPercentiles: [Double] = ConfigValues.defaultPercentiles
    /// KeyspaceEventFlags raw bitmask.
    public private(set) var notifyKeyspaceEvents = 0
    public var notifyKeyspaceEventsString: String { ConfigParsing.keyspaceEventsString(notifyKeyspaceEvents) }
    public private(set) var saveParams: [SaveParam] = ConfigValues.defaultSave
    public private(set) var dbfilename = "dump.rdb"
    public private(set) var rdbcompression = true
    public private(set) var rdbchecksum = true
    public private(set) var stopWritesOnBgsaveError = true
    public private(set) var appendonly = false
    public private(set) var appendfsync = AppendFsync.everysec
    public private(set) var appendfilename = "appendonly.aof"
    public private(set) var appenddirname = "appendonlydir"
    public private(set) var lazyfreeLazyEviction = false
    public private(set) var lazyfreeLazyExpire = false
    public private(set) var lazyfreeLazyServerDel = false
    public private(set) var lazyfreeLazyUserDel = false
    public private(set) var lazyfreeLazyUserFlush = false
    public private(set) var replicaReadOnly = true
    public private(set) var replicaServeStaleData = true
    /// replicaof host (nil: this is a master) and port.
    public private(set) var masterHost: String? = nil
    public private(set) var masterPort = 6379
    public private(set) var clusterEnabled = false
    public private(set) var trackingTableMaxKeys = 1_000_000
    public private(set) var acllogMaxLen = 128
    public private(set) var aclfile = ""
    public private(set) var aclPubsubDefaultAllChannels = false
    public private(set) var shutdownOnSigint = ShutdownFlags()
    public private(set) var shutdownOnSigterm = ShutdownFlags()
    public private(set) var shutdownTimeout = 10
    public private(set) var ioThreads = 1
    public private(set) var oomScoreAdjValues = ConfigValues.defaultOOM
    public private(set) var setProcTitle = true
    public private(set) var procTitleTemplate = "{title} {listen-addr} {server-mode}"
    public private(set) var crashLogEnabled = true
    public private(set) var supervised = 0
    public private(set) var tlsPort = 0
    public private(set) var replBacklogSize = 1024 * 1024

    private enum I {
        static let port = DirectiveTable.index("port")
        static let bind = DirectiveTable.index("bind")
        static let unixsocket = DirectiveTable.index("unixsocket")
        static let unixsocketperm = DirectiveTable.index("unixsocketperm")
        static let tcpBacklog = DirectiveTable.index("tcp-backlog")
        static let timeout = DirectiveTable.index("timeout")
        static let tcpKeepalive = DirectiveTable.index("tcp-keepalive")
        static let hz = DirectiveTable.index("hz")
        static let dynamicHz = DirectiveTable.index("dynamic-hz")
        static let databases = DirectiveTable.index("databases")
        static let maxclients = DirectiveTable.index("maxclients")
        static let requirepass = DirectiveTable.index("requirepass")
        static let masterauth = DirectiveTable.index("masterauth")
        static let masteruser = DirectiveTable.index("masteruser")
        static let protectedMode = DirectiveTable.index("protected-mode")
        static let daemonize = DirectiveTable.index("daemonize")
        static let pidfile = DirectiveTable.index("pidfile")
        static let logfile = DirectiveTable.index("logfile")
        static let loglevel = DirectiveTable.index("loglevel")
        static let syslogEnabled = DirectiveTable.index("syslog-enabled")
        static let syslogIdent = DirectiveTable.index("syslog-ident")
        static let dir = DirectiveTable.index("dir")
        static let protoMaxBulkLen = DirectiveTable.index("proto-max-bulk-len")
        static let clientQueryBufferLimit = DirectiveTable.index("client-query-buffer-limit")
        static let obuf = DirectiveTable.index("client-output-buffer-limit")
        static let maxmemory = DirectiveTable.index("maxmemory")
        static let maxmemoryPolicy = DirectiveTable.index("maxmemory-policy")
        static let maxmemorySamples = DirectiveTable.index("maxmemory-samples")
        static let tenacity = DirectiveTable.index("maxmemory-eviction-tenacity")
        static let maxmemoryClients = DirectiveTable.index("maxmemory-clients")
        static let lfuLogFactor = DirectiveTable.index("lfu-log-factor")
        static let lfuDecayTime = DirectiveTable.index("lfu-decay-time")
        static let activeExpireEffort = DirectiveTable.index("active-expire-effort")
        static let activerehashing = DirectiveTable.index("activerehashing")
        static let enableDebugCommand = DirectiveTable.index("enable-debug-command")
        static let enableModuleCommand = DirectiveTable.index("enable-module-command")
        static let enableProtectedConfigs = DirectiveTable.index("enable-protected-configs")
        static let listMaxListpackSize = DirectiveTable.index("list-max-listpack-size")
        static let listCompressDepth = DirectiveTable.index("list-compress-depth")
        static let hashEntries = DirectiveTable.index("hash-max-listpack-entries")
        static let hashValue = DirectiveTable.index("hash-max-listpack-value")
        static let setIntset = DirectiveTable.index("set-max-intset-entries")
        static let zsetEntries = DirectiveTable.index("zset-max-listpack-entries")
        static let zsetValue = DirectiveTable.index("zset-max-listpack-value")
        static let streamBytes = DirectiveTable.index("stream-node-max-bytes")
        static let streamEntries = DirectiveTable.index("stream-node-max-entries")
        static let hllSparse = DirectiveTable.index("hll-sparse-max-bytes")
        static let slowlogSlower = DirectiveTable.index("slowlog-log-slower-than")
        static let slowlogMaxLen = DirectiveTable.index("slowlog-max-len")
        static let busyReply = DirectiveTable.index("busy-reply-threshold")
        static let latencyMonitor = DirectiveTable.index("latency-monitor-threshold")
        static let latencyTracking = DirectiveTable.index("latency-tracking")
        static let percentiles = DirectiveTable.index("latency-tracking-info-percentiles")
        static let notify = DirectiveTable.index("notify-keyspace-events")
        static let save = DirectiveTable.index("save")
        static let dbfilename = DirectiveTable.index("dbfilename")
        static let rdbcompression = DirectiveTable.index("rdbcompression")
        static let rdbchecksum = DirectiveTable.index("rdbchecksum")
        static let stopWrites = DirectiveTable.index("stop-writes-on-bgsave-error")
        static let appendonly = DirectiveTable.index("appendonly")
        static let appendfsync = DirectiveTable.index("appendfsync")
        static let appendfilename = DirectiveTable.index("appendfilename")
        static let appenddirname = DirectiveTable.index("appenddirname")
        static let lzEviction = DirectiveTable.index("lazyfree-lazy-eviction")
        static let lzExpire = DirectiveTable.index("lazyfree-lazy-expire")
        static let lzServerDel = DirectiveTable.index("lazyfree-lazy-server-del")
        static let lzUserDel = DirectiveTable.index("lazyfree-lazy-user-del")
        static let lzUserFlush = DirectiveTable.index("lazyfree-lazy-user-flush")
        static let replicaReadOnly = DirectiveTable.index("replica-read-only")
        static let replicaServeStale = DirectiveTable.index("replica-serve-stale-data")
        static let replicaof = DirectiveTable.index("replicaof")
        static let clusterEnabled = DirectiveTable.index("cluster-enabled")
        static let trackingMaxKeys = DirectiveTable.index("tracking-table-max-keys")
        static let acllogMaxLen = DirectiveTable.index("acllog-max-len")
        static let aclfile = DirectiveTable.index("aclfile")
        static let aclPubsubDefault = DirectiveTable.index("acl-pubsub-default")
        static let sigint = DirectiveTable.index("shutdown-on-sigint")
        static let sigterm = DirectiveTable.index("shutdown-on-sigterm")
        static let shutdownTimeout = DirectiveTable.index("shutdown-timeout")
        static let ioThreads = DirectiveTable.index("io-threads")
        static let oomValues = DirectiveTable.index("oom-score-adj-values")
        static let setProcTitle = DirectiveTable.index("set-proc-title")
        static let procTitleTemplate = DirectiveTable.index("proc-title-template")
        static let crashLog = DirectiveTable.index("crash-log-enabled")
        static let supervised = DirectiveTable.index("supervised")
        static let tlsPort = DirectiveTable.index("tls-port")
        static let replBacklogSize = DirectiveTable.index("repl-backlog-size")
    }

    @inline(__always) private func int(_ i: Int) -> Int {
        if case .num(let v) = values[i] { return Int(truncatingIfNeeded: v) }
        if case .enumv(let v) = values[i] { return v }
        return 0
    }
    @inline(__always) private func flag(_ i: Int) -> Bool {
        if case .bool(let b) = values[i] { return b }
        return false
    }
    @inline(__always) private func str(_ i: Int) -> String? {
        if case .str(let s) = values[i] { return s }
        return nil
    }

    /// Re-derive every typed property from `values`.
    func refreshHot() {
        port = int(I.port)
        if case .bind(let a) = values[I.bind] { bind = a }
        unixsocket = str(I.unixsocket) ?? ""
        unixsocketperm = int(I.unixsocketperm)
        tcpBacklog = int(I.tcpBacklog)
        timeout = int(I.timeout)
        tcpKeepalive = int(I.tcpKeepalive)
        hz = Swift.min(Swift.max(int(I.hz), 1), 500)
        dynamicHz = flag(I.dynamicHz)
        databases = int(I.databases)
        maxclients = int(I.maxclients)
        requirepass = str(I.requirepass)
        masterauth = str(I.masterauth)
        masteruser = str(I.masteruser)
        protectedMode = flag(I.protectedMode)
        daemonize = flag(I.daemonize)
        pidfile = str(I.pidfile) ?? ""
        logfile = str(I.logfile) ?? ""
        loglevel = LogLevel(rawValue: int(I.loglevel)) ?? .notice
        syslogEnabled = flag(I.syslogEnabled)
        syslogIdent = str(I.syslogIdent) ?? ""
        if case .dir(let d) = values[I.dir] { dir = d }
        protoMaxBulkLen = int(I.protoMaxBulkLen)
        clientQueryBufferLimit = int(I.clientQueryBufferLimit)
        if case .obuf(let o) = values[I.obuf] { clientOutputBufferLimits = o }
        if case .num(let v) = values[I.maxmemory] { maxmemory = UInt64(bitPattern: v) }
        maxmemoryPolicy = MaxmemoryPolicy(rawValue: int(I.maxmemoryPolicy)) ?? .noeviction
        maxmemorySamples = int(I.maxmemorySamples)
        maxmemoryEvictionTenacity = int(I.tenacity)
        maxmemoryClients = int(I.maxmemoryClients)
        lfuLogFactor = int(I.lfuLogFactor)
        lfuDecayTime = int(I.lfuDecayTime)
        activeExpireEffort = int(I.activeExpireEffort)
        activerehashing = flag(I.activerehashing)
        enableDebugCommand = ProtectedAction(rawValue: int(I.enableDebugCommand)) ?? .no
        enableModuleCommand = ProtectedAction(rawValue: int(I.enableModuleCommand)) ?? .no
        enableProtectedConfigs = ProtectedAction(rawValue: int(I.enableProtectedConfigs)) ?? .no
        listMaxListpackSize = int(I.listMaxListpackSize)
        listCompressDepth = int(I.listCompressDepth)
        hashMaxListpackEntries = int(I.hashEntries)
        hashMaxListpackValue = int(I.hashValue)
        setMaxIntsetEntries = int(I.setIntset)
        zsetMaxListpackEntries = int(I.zsetEntries)
        zsetMaxListpackValue = int(I.zsetValue)
        streamNodeMaxBytes = int(I.streamBytes)
        streamNodeMaxEntries = int(I.streamEntries)
        hllSparseMaxBytes = int(I.hllSparse)
        slowlogLogSlowerThan = int(I.slowlogSlower)
        slowlogMaxLen = int(I.slowlogMaxLen)
        luaTimeLimit = int(I.busyReply)
        latencyMonitorThreshold = int(I.latencyMonitor)
        latencyTracking = flag(I.latencyTracking)
        if case .percentiles(let p) = values[I.percentiles] { latencyTrackingInfoPercentiles = p }
        if case .notify(let f) = values[I.notify] { notifyKeyspaceEvents = f }
        if case .save(let s) = values[I.save] { saveParams = s }
        dbfilename = str(I.dbfilename) ?? ""
        rdbcompression = flag(I.rdbcompression)
        rdbchecksum = flag(I.rdbchecksum)
        stopWritesOnBgsaveError = flag(I.stopWrites)
        appendonly = flag(I.appendonly)
        appendfsync = AppendFsync(rawValue: int(I.appendfsync)) ?? .everysec
        appendfilename = str(I.appendfilename) ?? ""
        appenddirname = str(I.appenddirname) ?? ""
        lazyfreeLazyEviction = flag(I.lzEviction)
        lazyfreeLazyExpire = flag(I.lzExpire)
        lazyfreeLazyServerDel = flag(I.lzServerDel)
        lazyfreeLazyUserDel = flag(I.lzUserDel)
        lazyfreeLazyUserFlush = flag(I.lzUserFlush)
        replicaReadOnly = flag(I.replicaReadOnly)
        replicaServeStaleData = flag(I.replicaServeStale)
        if case .replicaof(let h, let p) = values[I.replicaof] { masterHost = h; masterPort = p }
        clusterEnabled = flag(I.clusterEnabled)
        trackingTableMaxKeys = int(I.trackingMaxKeys)
        acllogMaxLen = int(I.acllogMaxLen)
        aclfile = str(I.aclfile) ?? ""
        aclPubsubDefaultAllChannels = int(I.aclPubsubDefault) != 0
        shutdownOnSigint = ShutdownFlags(rawValue: int(I.sigint))
        shutdownOnSigterm = ShutdownFlags(rawValue: int(I.sigterm))
        shutdownTimeout = int(I.shutdownTimeout)
        ioThreads = int(I.ioThreads)
        if case .oom(let o) = values[I.oomValues] { oomScoreAdjValues = o }
        setProcTitle = flag(I.setProcTitle)
        procTitleTemplate = str(I.procTitleTemplate) ?? ""
        crashLogEnabled = flag(I.crashLog)
        supervised = int(I.supervised)
        tlsPort = int(I.tlsPort)
        replBacklogSize = int(I.replBacklogSize)
    }

    // MARK: generic access

    /// The value of a directive (name or alias, any case) formatted exactly as
    /// CONFIG GET prints it; nil for an unknown name.
    public func get(_ name: String) -> String? {
        guard let e = DirectiveTable.lookup(name) else { return nil }
        return ConfigValues.format(DirectiveTable.all[e.index], values[e.index])
    }

    /// Whether the directive currently holds its default value (nil: unknown).
    public func isDefault(_ name: String) -> Bool? {
        guard let e = DirectiveTable.lookup(name) else { return nil }
        let spec = DirectiveTable.all[e.index]
        if case .special(.dir) = spec.kind { return nil }
        return values[e.index] == ConfigValues.defaultValue(spec)
    }

    /// Boolean directive value (nil when unknown or not a bool).
    public func bool(_ name: String) -> Bool? {
        guard let e = DirectiveTable.lookup(name), case .bool(let b) = values[e.index] else { return nil }
        return b
    }

    /// Numeric directive value as stored by redis (a `long long`; unsigned
    /// types keep their bit pattern; negative maxmemory-clients = percent).
    public func integer(_ name: String) -> Int64? {
        guard let e = DirectiveTable.lookup(name) else { return nil }
        switch values[e.index] {
        case .num(let v): return v
        case .enumv(let v): return Int64(v)
        default: return nil
        }
    }

    /// String directive value (nil when NULL, unknown, or not a string).
    public func string(_ name: String) -> String? {
        guard let e = DirectiveTable.lookup(name), case .str(let s) = values[e.index] else { return nil }
        return s
    }

    /// Apply parsed arguments to a directive (used by the file loader and
    /// CONFIG SET). Returns the error text on failure.
    func setArgs(_ index: Int, _ args: [String]) -> ParseError? {
        let spec = DirectiveTable.all[index]
        switch ConfigValues.parse(spec, args, current: values[index], unixsocket: str(I.unixsocket)) {
        case .failure(let e):
            return e
        case .success(let v):
            if case .save(let params) = v, readingConfigFile {
                if !saveLoadedFromFile {
                    saveLoadedFromFile = true
                    values[index] = v
                } else if case .save(let cur) = values[index] {
                    values[index] = .save(cur + params)
                }
            } else {
                values[index] = v
            }
            return nil
        }
    }
}
