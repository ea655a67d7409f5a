// DirectiveTable.swift — the declarative table of every Redis 7.0.15 config
// directive: name, alias, kind (bool/numeric/enum/string/special), default,
// flags and extra validation. `DirectiveTable.all` drives parsing, CONFIG
// GET/SET and CONFIG REWRITE; see docs/config.md for how to add a row.

private let intMax: Int64 = Int64(Int32.max)
private let intMin: Int64 = Int64(Int32.min)
private let uintMax: Int64 = Int64(UInt32.max)
private let longMax: Int64 = Int64.max
private let ullongMax: Int64 = -1   // ULLONG_MAX as a long long bit pattern

private func b(_ name: String, _ alias: String? = nil, _ flags: DirectiveFlags = [], _ def: Bool,
               check: ValueCheck? = nil) -> DirectiveSpec {
    DirectiveSpec(name: name, alias: alias, kind: .bool(defaultValue: def), flags: flags, check: check)
}

private func n(_ name: String, _ alias: String? = nil, _ flags: DirectiveFlags = [], _ min: Int64, _ max: Int64,
               _ def: Int64, _ format: NumericFormat = .integer, unsigned: Bool = false) -> DirectiveSpec {
    DirectiveSpec(name: name, alias: alias,
                  kind: .numeric(NumericSpec(min: min, max: max, defaultValue: def, format: format, unsigned: unsigned)),
                  flags: flags, check: nil)
}

private func s(_ name: String, _ alias: String? = nil, _ flags: DirectiveFlags = [], _ def: String?,
               emptyIsNull: Bool, check: ValueCheck? = nil) -> DirectiveSpec {
    DirectiveSpec(name: name, alias: alias, kind: .string(defaultValue: def, emptyIsNull: emptyIsNull),
                  flags: flags, check: check)
}

private func e(_ name: String, _ alias: String? = nil, _ flags: DirectiveFlags = [], _ names: [(String, Int)],
               _ def: Int, bitflags: Bool = false, check: ValueCheck? = nil) -> DirectiveSpec {
    DirectiveSpec(name: name, alias: alias,
                  kind: .enumeration(EnumSpec(names: names, defaultValue: def, bitflags: bitflags)),
                  flags: bitflags ? flags.union(.multiArg) : flags, check: check)
}

private func sp(_ name: String, _ alias: String? = nil, _ flags: DirectiveFlags = [], _ kind: SpecialKind) -> DirectiveSpec {
    DirectiveSpec(name: name, alias: alias, kind: .special(kind), flags: flags, check: nil)
}

/// Enum name tables (values are redis' C constants).
public enum ConfigEnums {
    public static let maxmemoryPolicy: [(String, Int)] = [
        ("volatile-lru", 1), ("volatile-lfu", 258), ("volatile-random", 768), ("volatile-ttl", 512),
        ("allkeys-lru", 1029), ("allkeys-lfu", 1286), ("allkeys-random", 1540), ("noeviction", 1792)]
    public static let syslogFacility: [(String, Int)] = [
        ("user", 8), ("local0", 128), ("local1", 136), ("local2", 144), ("local3", 152),
        ("local4", 160), ("local5", 168), ("local6", 176), ("local7", 184)]
    public static let loglevel: [(String, Int)] = [("debug", 0), ("verbose", 1), ("notice", 2), ("warning", 3)]
    public static let supervised: [(String, Int)] = [("upstart", 1), ("systemd", 2), ("auto", 3), ("no", 0)]
    public static let appendfsync: [(String, Int)] = [("everysec", 2), ("always", 1), ("no", 0)]
    public static let shutdownOnSig: [(String, Int)] = [("default", 0), ("save", 1), ("nosave", 2), ("now", 4), ("force", 8)]
    public static let replDisklessLoad: [(String, Int)] = [("disabled", 0), ("on-empty-db", 1), ("swapdb", 2)]
    public static let tlsAuthClients: [(String, Int)] = [("no", 0), ("yes", 1), ("optional", 2)]
    public static let oomScoreAdj: [(String, Int)] = [("no", 0), ("yes", 1), ("relative", 1), ("absolute", 2)]
    public static let aclPubsubDefault: [(String, Int)] = [("allchannels", 1), ("resetchannels", 0)]
    public static let sanitizeDumpPayload: [(String, Int)] = [("no", 0), ("yes", 1), ("clients", 2)]
    public static let protectedAction: [(String, Int)] = [("no", 0), ("yes", 1), ("local", 2)]
    public static let clusterPreferredEndpointType: [(String, Int)] = [("ip", 0), ("hostname", 1), ("unknown-endpoint", 2)]
    public static let propagationErrorBehavior: [(String, Int)] = [("ignore", 0), ("panic", 1), ("panic-on-replicas", 2)]
}

public enum DirectiveTable {
    /// Every standard directive of Redis 7.0.15 (as built by Debian, with TLS).
    public static let all: [DirectiveSpec] = [
        // MARK: bool
        b("rdbchecksum", nil, .immutable, true),
        b("daemonize", nil, .immutable, false),
        b("io-threads-do-reads", nil, .immutable, false),
        b("always-show-logo", nil, .immutable, false),
        b("protected-mode", nil, [], true),
        b("rdbcompression", nil, [], true),
        b("rdb-del-sync-files", nil, [], false),
        b("activerehashing", nil, [], true),
        b("stop-writes-on-bgsave-error", nil, [], true),
        b("set-proc-title", nil, .immutable, true),
        b("dynamic-hz", nil, [], true),
        b("lazyfree-lazy-eviction", nil, [], false),
        b("lazyfree-lazy-expire", nil, [], false),
        b("lazyfree-lazy-server-del", nil, [], false),
        b("lazyfree-lazy-user-del", nil, [], false),
        b("lazyfree-lazy-user-flush", nil, [], false),
        b("repl-disable-tcp-nodelay", nil, [], false),
        b("repl-diskless-sync", nil, [], true),
        b("aof-rewrite-incremental-fsync", nil, [], true),
        b("no-appendfsync-on-rewrite", nil, [], false),
        b("cluster-require-full-coverage", nil, [], true),
        b("rdb-save-incremental-fsync", nil, [], true),
        b("aof-load-truncated", nil, [], true),
        b("aof-use-rdb-preamble", nil, [], true),
        b("aof-timestamp-enabled", nil, [], false),
        b("cluster-replica-no-failover", "cluster-slave-no-failover", [], false),
        b("replica-lazy-flush", "slave-lazy-flush", [], false),
        b("replica-serve-stale-data", "slave-serve-stale-data", [], true),
        b("replica-read-only", "slave-read-only", [], true),
        b("replica-ignore-maxmemory", "slave-ignore-maxmemory", [], true),
        b("jemalloc-bg-thread", nil, [], true),
        b("activedefrag", nil, [], false, check: .activeDefrag),
        b("syslog-enabled", nil, .immutable, false),
        b("cluster-enabled", nil, .immutable, false),
        b("appendonly", nil, .denyLoading, false),
        b("cluster-allow-reads-when-down", nil, [], false),
        b("cluster-allow-pubsubshard-when-down", nil, [], true),
        b("crash-log-enabled", nil, [], true),
        b("crash-memcheck-enabled", nil, [], true),
        b("use-exit-on-panic", nil, .hidden, false),
        b("disable-thp", nil, .immutable, true),
        b("cluster-allow-replica-migration", nil, [], true),
        b("replica-announced", nil, [], true),
        b("latency-tracking", nil, [], true),
        b("aof-disable-auto-gc", nil, [], false),
        b("replica-ignore-disk-write-errors", nil, [], false),

        // MARK: string
        s("aclfile", nil, .immutable, "", emptyIsNull: false),
        s("unixsocket", nil, .immutable, nil, emptyIsNull: true),
        s("pidfile", nil, .immutable, nil, emptyIsNull: true),
        s("replica-announce-ip", "slave-announce-ip", [], nil, emptyIsNull: true),
        s("masteruser", nil, .sensitive, nil, emptyIsNull: true),
        s("cluster-announce-ip", nil, [], nil, emptyIsNull: true),
        s("cluster-config-file", nil, .immutable, "nodes.conf", emptyIsNull: false),
        s("cluster-announce-hostname", nil, [], nil, emptyIsNull: true, check: .announcedHostname),
        s("syslog-ident", nil, .immutable, "redis", emptyIsNull: false),
        s("dbfilename", nil, .protected, "dump.rdb", emptyIsNull: false, check: .dbfilename),
        s("appendfilename", nil, .immutable, "appendonly.aof", emptyIsNull: false, check: .aofFilename),
        s("appenddirname", nil, .immutable, "appendonlydir", emptyIsNull: false, check: .aofDirname),
        s("server_cpulist", nil, .immutable, nil, emptyIsNull: true),
        s("bio_cpulist", nil, .immutable, nil, emptyIsNull: true),
        s("aof_rewrite_cpulist", nil, .immutable, nil, emptyIsNull: true),
        s("bgsave_cpulist", nil, .immutable, nil, emptyIsNull: true),
        s("ignore-warnings", nil, [], "", emptyIsNull: false),
        s("proc-title-template", nil, [], "{title} {listen-addr} {server-mode}", emptyIsNull: false,
          check: .procTitleTemplate),
        s("bind-source-addr", nil, [], nil, emptyIsNull: true),
        s("logfile", nil, .immutable, "", emptyIsNull: false),
        s("masterauth", nil, .sensitive, nil, emptyIsNull: true),
        s("requirepass", nil, .sensitive, nil, emptyIsNull: true),

        // MARK: enum
        e("supervised", nil, .immutable, ConfigEnums.supervised, 0),
        e("syslog-facility", nil, .immutable, ConfigEnums.syslogFacility, 128),
        e("repl-diskless-load", nil, .denyLoading, ConfigEnums.replDisklessLoad, 0),
        e("loglevel", nil, [], ConfigEnums.loglevel, 2),
        e("maxmemory-policy", nil, [], ConfigEnums.maxmemoryPolicy, 1792),
        e("appendfsync", nil, [], ConfigEnums.appendfsync, 2),
        e("shutdown-on-sigint", nil, [], ConfigEnums.shutdownOnSig, 0, bitflags: true, check: .shutdownOnSigFlags),
        e("shutdown-on-sigterm", nil, [], ConfigEnums.shutdownOnSig, 0, bitflags: true, check: .shutdownOnSigFlags),
        e("oom-score-adj", nil, [], ConfigEnums.oomScoreAdj, 0),
        e("acl-pubsub-default", nil, [], ConfigEnums.aclPubsubDefault, 0),
        e("sanitize-dump-payload", nil, [], ConfigEnums.sanitizeDumpPayload, 0),
        e("enable-protected-configs", nil, .immutable, ConfigEnums.protectedAction, 0),
        e("enable-debug-command", nil, .immutable, ConfigEnums.protectedAction, 0),
        e("enable-module-command", nil, .immutable, ConfigEnums.protectedAction, 0),
        e("cluster-preferred-endpoint-type", nil, [], ConfigEnums.clusterPreferredEndpointType, 0),
        e("propagation-error-behavior", nil, [], ConfigEnums.propagationErrorBehavior, 0),

        // MARK: int
        n("databases", nil, .immutable, 1, intMax, 16),
        n("port", nil, [], 0, 65535, 6379),
        n("io-threads", nil, .immutable, 1, 128, 1),
        n("auto-aof-rewrite-percentage", nil, [], 0, intMax, 100),
        n("cluster-replica-validity-factor", "cluster-slave-validity-factor", [], 0, intMax, 10),
        n("list-max-listpack-size", "list-max-ziplist-size", [], intMin, intMax, -2),
        n("tcp-keepalive", nil, [], 0, intMax, 300),
        n("cluster-migration-barrier", nil, [], 0, intMax, 1),
        n("active-defrag-cycle-min", nil, [], 1, 99, 1),
        n("active-defrag-cycle-max", nil, [], 1, 99, 25),
        n("active-defrag-threshold-lower", nil, [], 0, 1000, 10),
        n("active-defrag-threshold-upper", nil, [], 0, 1000, 100),
        n("lfu-log-factor", nil, [], 0, intMax, 10),
        n("lfu-decay-time", nil, [], 0, intMax, 1),
        n("replica-priority", "slave-priority", [], 0, intMax, 100),
        n("repl-diskless-sync-delay", nil, [], 0, intMax, 5),
        n("maxmemory-samples", nil, [], 1, intMax, 5),
        n("maxmemory-eviction-tenacity", nil, [], 0, 100, 10),
        n("timeout", nil, [], 0, intMax, 0),
        n("replica-announce-port", "slave-announce-port", [], 0, 65535, 0),
        n("tcp-backlog", nil, .immutable, 0, intMax, 511),
        n("cluster-port", nil, .immutable, 0, 65535, 0),
        n("cluster-announce-bus-port", nil, [], 0, 65535, 0),
        n("cluster-announce-port", nil, [], 0, 65535, 0),
        n("cluster-announce-tls-port", nil, [], 0, 65535, 0),
        n("repl-timeout", nil, [], 1, intMax, 60),
        n("repl-ping-replica-period", "repl-ping-slave-period", [], 1, intMax, 10),
        n("list-compress-depth", nil, [], 0, intMax, 0),
        n("rdb-key-save-delay", nil, .hidden, intMin, intMax, 0),
        n("key-load-delay", nil, .hidden, intMin, intMax, 0),
        n("active-expire-effort", nil, [], 1, 10, 1),
        n("hz", nil, [], 0, intMax, 10),
        n("min-replicas-to-write", "min-slaves-to-write", [], 0, intMax, 0),
        n("min-replicas-max-lag", "min-slaves-max-lag", [], 0, intMax, 10),
        n("watchdog-period", nil, .hidden, 0, intMax, 0),
        n("shutdown-timeout", nil, [], 0, intMax, 10),
        n("repl-diskless-sync-max-replicas", nil, [], 0, intMax, 0),
        // unsigned int
        n("maxclients", nil, [], 1, uintMax, 10000, unsigned: true),
        n("unixsocketperm", nil, .immutable, 0, 0o777, 0, .octal, unsigned: true),
        n("socket-mark-id", nil, .immutable, 0, uintMax, 0, unsigned: true),
        // unsigned long (bounds checked as signed, like redis)
        n("active-defrag-max-scan-fields", nil, [], 1, longMax, 1000),
        n("slowlog-max-len", nil, [], 0, longMax, 128),
        n("acllog-max-len", nil, [], 0, longMax, 128),
        // long long
        n("busy-reply-threshold", "lua-time-limit", [], 0, longMax, 5000),
        n("cluster-node-timeout", nil, [], 0, longMax, 15000),
        n("slowlog-log-slower-than", nil, [], -1, longMax, 10000),
        n("latency-monitor-threshold", nil, [], 0, longMax, 0),
        n("proto-max-bulk-len", nil, [], 1024 * 1024, longMax, 512 * 1024 * 1024, .memory),
        n("stream-node-max-entries", nil, [], 0, longMax, 100),
        n("repl-backlog-size", nil, [], 1, longMax, 1024 * 1024, .memory),
        // unsigned long long
        n("maxmemory", nil, [], 0, ullongMax, 0, .memory, unsigned: true),
        n("cluster-link-sendbuf-limit", nil, [], 0, ullongMax, 0, .memory, unsigned: true),
        // size_t
        n("hash-max-listpack-entries", "hash-max-ziplist-entries", [], 0, longMax, 512, unsigned: true),
        n("set-max-intset-entries", nil, [], 0, longMax, 512, unsigned: true),
        n("zset-max-listpack-entries", "zset-max-ziplist-entries", [], 0, longMax, 128, unsigned: true),
        n("active-defrag-ignore-bytes", nil, [], 1, longMax, 100 << 20, .memory, unsigned: true),
        n("hash-max-listpack-value", "hash-max-ziplist-value", [], 0, longMax, 64, .memory, unsigned: true),
        n("stream-node-max-bytes", nil, [], 0, longMax, 4096, .memory, unsigned: true),
        n("zset-max-listpack-value", "zset-max-ziplist-value", [], 0, longMax, 64, .memory, unsigned: true),
        n("hll-sparse-max-bytes", nil, [], 0, longMax, 3000, .memory, unsigned: true),
        n("tracking-table-max-keys", nil, [], 0, longMax, 1_000_000, unsigned: true),
        n("client-query-buffer-limit", nil, [], 1024 * 1024, longMax, 1024 * 1024 * 1024, .memory, unsigned: true),
        // ssize_t: negative = percent of maxmemory
        n("maxmemory-clients", nil, [], -100, longMax, 0, .memoryOrPercent),
        // time_t / off_t
        n("repl-backlog-ttl", nil, [], 0, longMax, 3600),
        n("auto-aof-rewrite-min-size", nil, [], 0, longMax, 64 * 1024 * 1024, .memory),
        n("loading-process-events-interval-bytes", nil, .hidden, 1024, intMax, 2 * 1024 * 1024),

        // MARK: TLS (Debian builds redis with TLS support)
        n("tls-port", nil, [], 0, 65535, 0),
        n("tls-session-cache-size", nil, [], 0, intMax, 20 * 1024),
        n("tls-session-cache-timeout", nil, [], 0, intMax, 300),
        b("tls-cluster", nil, [], false),
        b("tls-replication", nil, [], false),
        e("tls-auth-clients", nil, [], ConfigEnums.tlsAuthClients, 1),
        b("tls-prefer-server-ciphers", nil, [], false),
        b("tls-session-caching", nil, [], true),
        s("tls-cert-file", nil, [], nil, emptyIsNull: true),
        s("tls-key-file", nil, [], nil, emptyIsNull: true),
        s("tls-key-file-pass", nil, .sensitive, nil, emptyIsNull: true),
        s("tls-client-cert-file", nil, [], nil, emptyIsNull: true),
        s("tls-client-key-file", nil, [], nil, emptyIsNull: true),
        s("tls-client-key-file-pass", nil, .sensitive, nil, emptyIsNull: true),
        s("tls-dh-params-file", nil, [], nil, emptyIsNull: true),
        s("tls-ca-cert-file", nil, [], nil, emptyIsNull: true),
        s("tls-ca-cert-dir", nil, [], nil, emptyIsNull: true),
        s("tls-protocols", nil, [], nil, emptyIsNull: true),
        s("tls-ciphers", nil, [], nil, emptyIsNull: true),
        s("tls-ciphersuites", nil, [], nil, emptyIsNull: true),

        // MARK: special
        sp("dir", nil, [.protected, .denyLoading], .dir),
        sp("save", nil, .multiArg, .save),
        sp("client-output-buffer-limit", nil, .multiArg, .clientOutputBufferLimit),
        sp("oom-score-adj-values", nil, .multiArg, .oomScoreAdjValues),
        sp("notify-keyspace-events", nil, [], .notifyKeyspaceEvents),
        sp("bind", nil, .multiArg, .bind),
        sp("replicaof", "slaveof", [.immutable, .multiArg], .replicaof),
        sp("latency-tracking-info-percentiles", nil, .multiArg, .latencyTrackingInfoPercentiles),
    ]

    /// Directives accepted only in config files / on the command line.
    public static let fileOnlyDirectives: [String] = ["include", "rename-command", "user", "loadmodule", "sentinel"]

    /// Obsolete directives silently accepted (name, argc incl. the name).
    public static let deprecated: [(name: String, argc: Int)] = [
        ("list-max-ziplist-entries", 2), ("list-max-ziplist-value", 2), ("lua-replicate-commands", 2)]

    /// Lookup entry: directive index and whether the alias spelling was used.
    public struct Entry: Sendable, Hashable {
        public let index: Int
        public let isAlias: Bool
        /// The spelling registered for this entry (canonical name or alias).
        public var name: String { isAlias ? DirectiveTable.all[index].alias! : DirectiveTable.all[index].name }
    }

    /// Lower-cased name or alias -> entry.
    public static let byName: [String: Entry] = {
        var d: [String: Entry] = [:]
        for (i, spec) in all.enumerated() {
            precondition(d[spec.name] == nil, "duplicate directive \(spec.name)")
            d[spec.name] = Entry(index: i, isAlias: false)
            if let a = spec.alias {
                precondition(d[a] == nil, "duplicate directive \(a)")
                d[a] = Entry(index: i, isAlias: true)
            }
        }
        return d
    }()

    /// Case-insensitive lookup of a name or alias.
    public static func lookup(_ name: String) -> Entry? {
        if let e = byName[name] { return e }
        return byName[asciiLowercased(name)]
    }

    /// Index of a canonical name (crashes on a typo: internal use with literals).
    static func index(_ name: String) -> Int {
        guard let e = byName[name] else { fatalError("unknown directive \(name)") }
        return e.index
    }

    /// Whether CONFIG SET of this name must be redacted from logs.
    public static func isSensitive(_ name: String) -> Bool {
        guard let e = lookup(name) else { return false }
        return all[e.index].flags.contains(.sensitive)
    }
}

/// ASCII-only lowercase (redis uses tolower() in the C locale).
@inline(__always)
func asciiLowercased(_ s: String) -> String {
    var needs = false
    for c in s.utf8 where c >= 65 && c <= 90 { needs = true; break }
    if !needs { return s }
    return String(decoding: s.utf8.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }, as: UTF8.self)
}
