// INFO [section ...] (Redis's genRedisInfoString), and the per-command latency histogram
// behind INFO latencystats.
//
// The text is Redis 7.0.15's, field for field and in the same order, so tools that parse
// INFO (redis-cli, exporters, test suites) find what they expect. Values are ours and
// truthful: memory from the allocator (mallinfo2) and /proc, counters from `server.stats`,
// per-command figures from the Command objects. A field for a subsystem that does not
// exist (RDB/AOF, replication, Lua, defrag) reports that subsystem's idle value, as Redis
// does when the feature is off; values owned by other subsystems (pub/sub, tracking) come
// from `admin.gauges`. The Server section ends with one line of our own, structd_version.
//
// Sections: each name asked for is added to a set ("default", "all", "everything" expand);
// the output always follows the fixed order, each section once, sections separated by an
// empty line; unknown names are ignored. INFO is a bulk string in RESP2 and verbatim text
// in RESP3 (addVerbatim).
//
// Latency: Redis records every call's duration (in nanoseconds, as microseconds × 1000) in
// an HDR histogram with 2 significant digits between 1 ns and 1 s, and INFO prints the
// configured percentiles (latency-tracking-info-percentiles) in microseconds with three
// decimals. `LatencyHistogram` is that structure: 128 linear sub-buckets per power of two,
// so a percentile reads back as the highest value equivalent to its bucket (e.g. 5.023 for
// anything in [4.992, 5.023] µs), which keeps our figures on Redis's grid.

import Config
import CSystem
import DataStructures
import EventLoop
import RESP
#if canImport(Glibc)
import Glibc
#endif

// MARK: - latency histogram

/// An HDR-style histogram of nanosecond values in [1, 10^9] with 2 significant digits.
final class LatencyHistogram {
    static let lowest: Int64 = 1
    static let highest: Int64 = 1_000_000_000
    /// 2 significant digits: 2 × 10^2 = 200 values per unit need 256 sub-buckets.
    static let subBucketCount: Int64 = 256
    static let subBucketHalfCountMagnitude: Int64 = 7
    static let subBucketHalfCount: Int64 = 128
    static let subBucketMask: UInt64 = 255
    /// Buckets until 256 << n exceeds `highest`, plus the first.
    static let bucketCount: Int = {
        var smallestUntrackable = subBucketCount
        var n = 1
        while smallestUntrackable <= highest {
            smallestUntrackable <<= 1
            n += 1
        }
        return n
    }()
    static let countsLength = (bucketCount + 1) * Int(subBucketHalfCount)

    /// Counts up to the highest power of two recorded so far (at most `countsLength`): a
    /// command whose calls have taken at most 100 µs holds 11 KB of them, not the 24 KB of
    /// the whole range to 1 s (which Redis allocates with the command's first call).
    var counts: [Int64] = []
    var total: Int64 = 0

    func record(_ nanos: Int64) {
        let v = min(max(nanos, Self.lowest), Self.highest)
        let i = Self.index(of: v)
        if i >= counts.count { grow(toInclude: i) }
        counts[i] += 1
        total += 1
    }

    /// Extends `counts` with zeros to the end of the power of two holding index `i`, in one
    /// block of exactly that size (at most 24 times over the histogram's life).
    private func grow(toInclude i: Int) {
        let n = min(Self.countsLength, (i / Int(Self.subBucketHalfCount) + 1) * Int(Self.subBucketHalfCount))
        counts = [Int64](unsafeUninitializedCapacity: n) { g, initialized in
            let kept = counts.withUnsafeBufferPointer { g.initialize(fromContentsOf: $0) }
            g[kept...].initialize(repeating: 0)
            initialized = n
        }
    }

    static func bucketIndex(_ v: Int64) -> Int64 {
        let pow2ceiling = Int64(64 - (UInt64(v) | subBucketMask).leadingZeroBitCount)
        return pow2ceiling - (subBucketHalfCountMagnitude + 1)
    }

    static func index(of v: Int64) -> Int {
        let bucket = bucketIndex(v)
        let sub = v >> bucket
        return Int(((bucket + 1) << subBucketHalfCountMagnitude) + (sub - subBucketHalfCount))
    }

    static func value(atIndex i: Int) -> Int64 {
        var bucket = Int64(i >> Int(subBucketHalfCountMagnitude)) - 1
        var sub = Int64(i & Int(subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            sub -= subBucketHalfCount
            bucket = 0
        }
        return sub << bucket
    }

    static func lowestEquivalent(_ v: Int64) -> Int64 {
        let bucket = bucketIndex(v)
        return (v >> bucket) << bucket
    }

    static func highestEquivalent(_ v: Int64) -> Int64 {
        let bucket = bucketIndex(v)
        let sub = v >> bucket
        let adjusted = sub >= subBucketCount ? bucket + 1 : bucket
        return lowestEquivalent(v) + (Int64(1) << adjusted) - 1
    }

    /// The value below which `percentile` percent of the recorded values fall.
    func value(atPercentile percentile: Double) -> Int64 {
        let p = min(percentile, 100)
        var wanted = Int64(p / 100 * Double(total) + 0.5)
        if wanted < 1 { wanted = 1 }
        var running: Int64 = 0
        var found: Int64 = 0
        for i in 0..<counts.count where counts[i] > 0 {
            running += counts[i]
            if running >= wanted {
                found = Self.value(atIndex: i)
                break
            }
        }
        return percentile == 0 ? Self.lowestEquivalent(found) : Self.highestEquivalent(found)
    }
}

extension Server {
    @inline(__always) func recordLatency(_ cmd: Command, micros: Int64) {
        let h: LatencyHistogram
        if let existing = cmd.latencyHistogram {
            h = existing
        } else {
            h = LatencyHistogram()
            cmd.latencyHistogram = h
        }
        h.record(micros &* 1000)
    }
}

// MARK: - INFO

/// INFO's sections in output order, and which ones "default" means.
enum InfoSection: String, CaseIterable {
    case server, clients, memory, persistence, stats, replication, cpu, modules
    case commandstats, errorstats, latencystats, cluster, keyspace

    static let defaults: Set<InfoSection> = [.server, .clients, .memory, .persistence, .stats,
                                             .replication, .cpu, .modules, .errorstats, .cluster, .keyspace]

    /// The set of sections named by INFO's arguments (no argument: "default").
    static func requested(_ names: [String]) -> Set<InfoSection> {
        if names.isEmpty { return defaults }
        var out: Set<InfoSection> = []
        for n in names {
            switch n.lowercased() {
            case "default": out.formUnion(defaults)
            case "all", "everything": out.formUnion(InfoSection.allCases)
            case "module_list": out.insert(.modules)
            case let other:
                if let s = InfoSection(rawValue: other) { out.insert(s) }
            }
        }
        return out
    }
}

/// Accumulates "name:value\r\n" lines.
struct InfoText {
    var text = ""
    mutating func header(_ title: String) {
        if !text.isEmpty { text += "\r\n" }
        text += "# \(title)\r\n"
    }
    mutating func field(_ name: String, _ value: String) { text += "\(name):\(value)\r\n" }
    mutating func field(_ name: String, _ value: Int64) { text += "\(name):\(value)\r\n" }
    mutating func field(_ name: String, _ value: Int) { text += "\(name):\(value)\r\n" }
}

/// printf-style fixed decimals ("%.2f").
func fixed(_ d: Double, _ decimals: Int) -> String {
    formatDouble(d.isFinite ? d : 0, "%.\(decimals)f")
}

/// Redis's bytesToHuman: "999B", "1.50K", "2.00M", ...
func bytesToHuman(_ n: Int64) -> String {
    let d = Double(n)
    let units: [(Double, String)] = [(1024, "K"), (1024 * 1024, "M"), (1024 * 1024 * 1024, "G"),
                                     (1024.0 * 1024 * 1024 * 1024, "T"), (1024.0 * 1024 * 1024 * 1024 * 1024, "P")]
    if n < 1024 { return "\(n)B" }
    for (i, (size, unit)) in units.enumerated() {
        let next = i + 1 < units.count ? units[i + 1].0 : Double.infinity
        if d < next { return fixed(d / size, 2) + unit }
    }
    return "\(n)B"
}

/// Figures read from the system, once per INFO.
struct ProcessFigures {
    var rss: Int64 = 0
    var totalSystemMemory: Int64 = 0
    var allocatorAllocated: Int64 = 0
    var allocatorActive: Int64 = 0

    static func read() -> ProcessFigures {
        var f = ProcessFigures()
        let page = Int64(sysconf(Int32(_SC_PAGESIZE)))
        if let statm = readSmallFile("/proc/self/statm") {
            let parts = statm.split(separator: " ")
            if parts.count > 1, let pages = Int64(parts[1]) { f.rss = pages * page }
        }
        f.totalSystemMemory = Int64(sysconf(Int32(_SC_PHYS_PAGES))) * page
        let mi = mallinfo2()
        f.allocatorAllocated = Int64(mi.uordblks + mi.hblkhd)
        f.allocatorActive = Int64(mi.arena + mi.hblkhd)
        return f
    }
}

/// Reads a small text file (/proc entries) whole; nil when it cannot be opened.
func readSmallFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { return nil }
    defer { close(fd) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        if n <= 0 { break }
        out.append(contentsOf: buf[0..<n])
        if out.count > 1 << 20 { break }
    }
    return String(decoding: out, as: UTF8.self)
}

extension Server {
    func infoCommand(_ c: Client) {
        var names: [String] = []
        for i in 1..<max(1, c.argc) { names.append(c.argString(i)) }
        c.addVerbatim(infoString(sections: InfoSection.requested(names)))
    }

    /// The INFO text for `sections`.
    func infoString(sections: Set<InfoSection>) -> String {
        var out = InfoText()
        for s in InfoSection.allCases where sections.contains(s) {
            switch s {
            case .server: infoServer(&out)
            case .clients: infoClients(&out)
            case .memory: infoMemory(&out)
            case .persistence: infoPersistence(&out)
            case .stats: infoStats(&out)
            case .replication: infoReplication(&out)
            case .cpu: infoCPU(&out)
            case .modules: out.header("Modules")
            case .commandstats: infoCommandStats(&out)
            case .errorstats: infoErrorStats(&out)
            case .latencystats: infoLatencyStats(&out)
            case .cluster:
                out.header("Cluster")
                out.field("cluster_enabled", 0)
            case .keyspace: infoKeyspace(&out)
            }
        }
        return out.text
    }

    private func infoServer(_ o: inout InfoText) {
        var u = utsname()
        uname(&u)
        func field<T>(_ t: T) -> String {
            withUnsafeBytes(of: t) { b in String(decoding: b.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let nowMicros = wallClockMicros()
        let uptime = (monotonicMicros() - startMicros) / 1_000_000
        o.header("Server")
        o.field("redis_version", redisVersion)
        o.field("redis_git_sha1", "00000000")
        o.field("redis_git_dirty", 0)
        o.field("redis_build_id", Server.buildId)
        o.field("redis_mode", "standalone")
        o.field("os", "\(field(u.sysname)) \(field(u.release)) \(field(u.machine))")
        o.field("arch_bits", MemoryLayout<Int>.size * 8)
        o.field("monotonic_clock", "POSIX clock_gettime")
        o.field("multiplexing_api", "epoll")
        o.field("atomicvar_api", "c11-builtin")
        // Not built by GCC: Redis prints 0.0.0 then.
        o.field("gcc_version", "0.0.0")
        o.field("process_id", Int64(pid))
        o.field("process_supervised", "no")
        o.field("run_id", runId)
        o.field("tcp_port", config.port != 0 ? config.port : config.tlsPort)
        o.field("server_time_usec", nowMicros)
        o.field("uptime_in_seconds", uptime)
        o.field("uptime_in_days", uptime / 86400)
        o.field("hz", config.hz)
        o.field("configured_hz", config.hz)
        o.field("lru_clock", Int64(currentLRUClock()))
        o.field("executable", Server.executablePath)
        o.field("config_file", config.configFilePath ?? "")
        o.field("io_threads_active", 0)
        o.field("structd_version", version)
    }

    /// A stable id for this build (Redis hashes its build environment).
    static let buildId: String = {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in "structd-\(structdVersion)-swift".utf8 {
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        }
        return String(String(h, radix: 16).suffix(15))
    }()

    static var executablePath: String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, 4095)
        if n <= 0 { return "" }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func infoClients(_ o: inout InfoText) {
        var maxIn = 0, maxOut = 0, blocked = 0
        for c in clients.values {
            maxIn = max(maxIn, c.query.capacity)
            maxOut = max(maxOut, c.out.readableBytes)
            if c.flags.contains(.blocked) { blocked += 1 }
        }
        o.header("Clients")
        o.field("connected_clients", clients.count)
        o.field("cluster_connections", 0)
        o.field("maxclients", config.maxclients)
        o.field("client_recent_max_input_buffer", maxIn)
        o.field("client_recent_max_output_buffer", maxOut)
        o.field("blocked_clients", admin.gauges["blocked_clients"] != nil ? admin.gauge("blocked_clients") : Int64(blocked))
        o.field("tracking_clients", admin.gauge("tracking_clients"))
        o.field("clients_in_timeout_table", admin.gauge("clients_in_timeout_table"))
    }

    /// Bytes of client buffers (query + output), for used_memory_overhead.
    var clientBufferBytes: Int64 {
        var n: Int64 = 0
        for c in clients.values { n += Int64(c.query.capacity + c.out.capacity) }
        return n
    }

    /// The keyspace tables' own cost: bucket arrays plus one entry block per key.
    var keyspaceOverheadBytes: Int64 {
        let entry = Int64(Dict<Value>.entrySize)
        let expireEntry = Int64(Dict<Int64>.entrySize)
        var n: Int64 = 0
        for db in databases {
            n += Int64(db.keys.bucketCount) * 8 + Int64(db.keys.count) * entry
            n += Int64(db.expires.bucketCount) * 8 + Int64(db.expires.count) * expireEntry
        }
        return n
    }

    private func infoMemory(_ o: inout InfoText) {
        let p = ProcessFigures.read()
        let used = Int64(usedMemory())
        if used > Int64(peakMemory) { peakMemory = Int(used) }
        let peak = Int64(peakMemory)
        let startup = Int64(admin.startupMemory)
        let clientsBytes = clientBufferBytes
        let overhead = min(used, startup + clientsBytes + keyspaceOverheadBytes)
        let dataset = max(0, used - overhead)
        let net = used > startup ? used - startup : 1
        let resident = p.rss
        func ratio(_ a: Int64, _ b: Int64) -> String { fixed(b == 0 ? 0 : Double(a) / Double(b), 2) }
        o.header("Memory")
        o.field("used_memory", used)
        o.field("used_memory_human", bytesToHuman(used))
        o.field("used_memory_rss", p.rss)
        o.field("used_memory_rss_human", bytesToHuman(p.rss))
        o.field("used_memory_peak", peak)
        o.field("used_memory_peak_human", bytesToHuman(peak))
        o.field("used_memory_peak_perc", fixed(peak == 0 ? 0 : Double(used) * 100 / Double(peak), 2) + "%")
        o.field("used_memory_overhead", overhead)
        o.field("used_memory_startup", startup)
        o.field("used_memory_dataset", dataset)
        o.field("used_memory_dataset_perc", fixed(Double(dataset) * 100 / Double(net), 2) + "%")
        o.field("allocator_allocated", p.allocatorAllocated)
        o.field("allocator_active", p.allocatorActive)
        o.field("allocator_resident", resident)
        o.field("total_system_memory", p.totalSystemMemory)
        o.field("total_system_memory_human", bytesToHuman(p.totalSystemMemory))
        // No Lua VM or function engine yet: their idle values.
        o.field("used_memory_lua", admin.gauge("used_memory_vm_eval"))
        o.field("used_memory_vm_eval", admin.gauge("used_memory_vm_eval"))
        o.field("used_memory_lua_human", bytesToHuman(admin.gauge("used_memory_vm_eval")))
        o.field("used_memory_scripts_eval", admin.gauge("used_memory_scripts_eval"))
        o.field("number_of_cached_scripts", admin.gauge("number_of_cached_scripts"))
        o.field("number_of_functions", admin.gauge("number_of_functions"))
        o.field("number_of_libraries", admin.gauge("number_of_libraries"))
        let vmFunctions = admin.gauge("used_memory_vm_functions")
        let vmTotal = admin.gauge("used_memory_vm_eval") + vmFunctions
        o.field("used_memory_vm_functions", vmFunctions)
        o.field("used_memory_vm_total", vmTotal)
        o.field("used_memory_vm_total_human", bytesToHuman(vmTotal))
        let functions = admin.gauge("used_memory_functions")
        let scripts = admin.gauge("used_memory_scripts_eval") + functions
        o.field("used_memory_functions", functions)
        o.field("used_memory_scripts", scripts)
        o.field("used_memory_scripts_human", bytesToHuman(scripts))
        let maxmemory = Int64(clamping: config.maxmemory)
        o.field("maxmemory", maxmemory)
        o.field("maxmemory_human", bytesToHuman(maxmemory))
        o.field("maxmemory_policy", config.maxmemoryPolicy.name)
        o.field("allocator_frag_ratio", ratio(p.allocatorActive, p.allocatorAllocated))
        o.field("allocator_frag_bytes", p.allocatorActive - p.allocatorAllocated)
        o.field("allocator_rss_ratio", ratio(resident, p.allocatorActive))
        o.field("allocator_rss_bytes", resident - p.allocatorActive)
        o.field("rss_overhead_ratio", ratio(p.rss, resident))
        o.field("rss_overhead_bytes", p.rss - resident)
        o.field("mem_fragmentation_ratio", ratio(p.rss, used))
        o.field("mem_fragmentation_bytes", p.rss - used)
        o.field("mem_not_counted_for_evict", 0)
        o.field("mem_replication_backlog", 0)
        o.field("mem_total_replication_buffers", 0)
        o.field("mem_clients_slaves", 0)
        o.field("mem_clients_normal", clientsBytes)
        o.field("mem_cluster_links", 0)
        o.field("mem_aof_buffer", 0)
        o.field("mem_allocator", "libc")
        o.field("active_defrag_running", 0)
        o.field("lazyfree_pending_objects", admin.gauge("lazyfree_pending_objects"))
        o.field("lazyfreed_objects", admin.gauge("lazyfreed_objects"))
    }

    private func infoPersistence(_ o: inout InfoText) {
        o.header("Persistence")
        o.field("loading", admin.gauge("loading"))
        o.field("async_loading", 0)
        o.field("current_cow_peak", admin.gauge("current_cow_peak"))
        o.field("current_cow_size", admin.gauge("current_cow_size"))
        o.field("current_cow_size_age", 0)
        o.field("current_fork_perc", currentSavePercent)
        o.field("current_save_keys_processed", admin.gauge("current_save_keys_processed"))
        o.field("current_save_keys_total", admin.gauge("current_save_keys_total"))
        o.field("rdb_changes_since_last_save", dirty)
        o.field("rdb_bgsave_in_progress", admin.gauge("rdb_bgsave_in_progress"))
        o.field("rdb_last_save_time", lastSaveUnix)
        o.field("rdb_last_bgsave_status", admin.gauge("rdb_last_bgsave_failed") == 0 ? "ok" : "err")
        o.field("rdb_last_bgsave_time_sec", admin.gauges["rdb_last_bgsave_time_sec"]?() ?? -1)
        o.field("rdb_current_bgsave_time_sec", admin.gauges["rdb_current_bgsave_time_sec"]?() ?? -1)
        o.field("rdb_saves", admin.gauge("rdb_saves"))
        o.field("rdb_last_cow_size", admin.gauge("rdb_last_cow_size"))
        o.field("rdb_last_load_keys_expired", admin.gauge("rdb_last_load_keys_expired"))
        o.field("rdb_last_load_keys_loaded", admin.gauge("rdb_last_load_keys_loaded"))
        o.field("aof_enabled", 0)
        o.field("aof_rewrite_in_progress", 0)
        o.field("aof_rewrite_scheduled", 0)
        o.field("aof_last_rewrite_time_sec", -1)
        o.field("aof_current_rewrite_time_sec", -1)
        o.field("aof_last_bgrewrite_status", "ok")
        o.field("aof_rewrites", 0)
        o.field("aof_rewrites_consecutive_failures", 0)
        o.field("aof_last_write_status", "ok")
        o.field("aof_last_cow_size", 0)
        o.field("module_fork_in_progress", 0)
        o.field("module_fork_last_cow_size", 0)
    }

    private func infoStats(_ o: inout InfoText) {
        let s = stats
        o.header("Stats")
        o.field("total_connections_received", s.totalConnectionsReceived)
        o.field("total_commands_processed", s.totalCommandsProcessed)
        o.field("instantaneous_ops_per_sec", opsMetric.value)
        o.field("total_net_input_bytes", s.netInputBytes)
        o.field("total_net_output_bytes", s.netOutputBytes)
        o.field("total_net_repl_input_bytes", 0)
        o.field("total_net_repl_output_bytes", 0)
        o.field("instantaneous_input_kbps", fixed(Double(netInMetric.value) / 1024, 2))
        o.field("instantaneous_output_kbps", fixed(Double(netOutMetric.value) / 1024, 2))
        o.field("instantaneous_input_repl_kbps", "0.00")
        o.field("instantaneous_output_repl_kbps", "0.00")
        o.field("rejected_connections", s.rejectedConnections)
        o.field("sync_full", 0)
        o.field("sync_partial_ok", 0)
        o.field("sync_partial_err", 0)
        o.field("expired_keys", s.expiredKeys)
        o.field("expired_stale_perc", fixed(s.expiredStalePerc * 100, 2))
        o.field("expired_time_cap_reached_count", 0)
        o.field("expire_cycle_cpu_milliseconds", s.expireCycleTimeUsed / 1000)
        o.field("evicted_keys", s.evictedKeys)
        o.field("evicted_clients", s.evictedClients)
        o.field("total_eviction_exceeded_time", s.evictionMicros / 1000)
        o.field("current_eviction_exceeded_time", 0)
        o.field("keyspace_hits", s.keyspaceHits)
        o.field("keyspace_misses", s.keyspaceMisses)
        o.field("pubsub_channels", admin.gauge("pubsub_channels"))
        o.field("pubsub_patterns", admin.gauge("pubsub_patterns"))
        o.field("pubsubshard_channels", admin.gauge("pubsubshard_channels"))
        o.field("latest_fork_usec", 0)
        o.field("total_forks", 0)
        o.field("migrate_cached_sockets", 0)
        o.field("slave_expires_tracked_keys", 0)
        o.field("active_defrag_hits", 0)
        o.field("active_defrag_misses", 0)
        o.field("active_defrag_key_hits", 0)
        o.field("active_defrag_key_misses", 0)
        o.field("total_active_defrag_time", 0)
        o.field("current_active_defrag_time", 0)
        o.field("tracking_total_keys", admin.gauge("tracking_total_keys"))
        o.field("tracking_total_items", admin.gauge("tracking_total_items"))
        o.field("tracking_total_prefixes", admin.gauge("tracking_total_prefixes"))
        o.field("unexpected_error_replies", s.unexpectedErrorReplies)
        o.field("total_error_replies", s.totalErrorReplies)
        o.field("dump_payload_sanitizations", s.dumpPayloadSanitizations)
        o.field("total_reads_processed", s.totalReadsProcessed)
        o.field("total_writes_processed", s.totalWritesProcessed)
        o.field("io_threaded_reads_processed", s.ioThreadedReads)
        o.field("io_threaded_writes_processed", 0)
        o.field("reply_buffer_shrinks", 0)
        o.field("reply_buffer_expands", 0)
    }

    private func infoReplication(_ o: inout InfoText) {
        o.header("Replication")
        o.field("role", "master")
        o.field("connected_slaves", 0)
        o.field("master_failover_state", "no-failover")
        o.field("master_replid", admin.replicationId)
        o.field("master_replid2", String(repeating: "0", count: 40))
        o.field("master_repl_offset", 0)
        o.field("second_repl_offset", -1)
        o.field("repl_backlog_active", 0)
        o.field("repl_backlog_size", config.integer("repl-backlog-size") ?? 1_048_576)
        o.field("repl_backlog_first_byte_offset", 0)
        o.field("repl_backlog_histlen", 0)
    }

    private func infoCPU(_ o: inout InfoText) {
        func seconds(_ t: timeval) -> String { "\(t.tv_sec)." + format6(Int64(t.tv_usec)) }
        var me = rusage(), children = rusage(), thread = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &me)
        getrusage(Int32(RUSAGE_CHILDREN.rawValue), &children)
        getrusage(Int32(1) /* RUSAGE_THREAD */, &thread)
        o.header("CPU")
        o.field("used_cpu_sys", seconds(me.ru_stime))
        o.field("used_cpu_user", seconds(me.ru_utime))
        o.field("used_cpu_sys_children", seconds(children.ru_stime))
        o.field("used_cpu_user_children", seconds(children.ru_utime))
        o.field("used_cpu_sys_main_thread", seconds(thread.ru_stime))
        o.field("used_cpu_user_main_thread", seconds(thread.ru_utime))
    }

    /// Every command and subcommand, parents first, for commandstats and latencystats.
    var commandsWithSubcommands: [Command] {
        var out: [Command] = []
        for cmd in commands.all {
            out.append(cmd)
            for name in cmd.subcommands.keys.sorted() { out.append(cmd.subcommands[name]!) }
        }
        return out
    }

    private func infoCommandStats(_ o: inout InfoText) {
        o.header("Commandstats")
        for cmd in commandsWithSubcommands {
            if cmd.calls == 0 && cmd.failedCalls == 0 && cmd.rejectedCalls == 0 { continue }
            let perCall = cmd.calls == 0 ? 0 : Double(cmd.microseconds) / Double(cmd.calls)
            o.field("cmdstat_\(cmd.fullName)",
                    "calls=\(cmd.calls),usec=\(cmd.microseconds),usec_per_call=\(fixed(perCall, 2)),rejected_calls=\(cmd.rejectedCalls),failed_calls=\(cmd.failedCalls)")
        }
    }

    private func infoErrorStats(_ o: inout InfoText) {
        o.header("Errorstats")
        for code in stats.errorCodes.keys.sorted() {
            o.field("errorstat_\(code)", "count=\(stats.errorCodes[code]!)")
        }
    }

    private func infoLatencyStats(_ o: inout InfoText) {
        o.header("Latencystats")
        let percentiles = config.latencyTrackingInfoPercentiles
        for cmd in commandsWithSubcommands {
            guard let h = cmd.latencyHistogram, h.total > 0 else { continue }
            let parts = percentiles.map { p in
                "p\(trimmedPercentile(p))=\(fixed(Double(h.value(atPercentile: p)) / 1000, 3))"
            }
            o.field("latency_percentiles_usec_\(cmd.fullName)", parts.joined(separator: ","))
        }
    }

    /// "%f" without trailing zeros or a trailing dot: 50 → "50", 99.9 → "99.9".
    private func trimmedPercentile(_ p: Double) -> String {
        var s = fixed(p, 6)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    private func infoKeyspace(_ o: inout InfoText) {
        o.header("Keyspace")
        for db in databases where db.count > 0 {
            o.field("db\(db.id)", "keys=\(db.count),expires=\(db.expires.count),avg_ttl=\(db.avgTTL)")
        }
    }

    /// CONFIG RESETSTAT: every counter INFO shows goes back to zero (peak memory stays).
    func resetStatistics() {
        stats = ServerStats()
        opsMetric = InstantaneousMetric()
        netInMetric = InstantaneousMetric()
        netOutMetric = InstantaneousMetric()
        for cmd in commandsWithSubcommands {
            cmd.calls = 0
            cmd.microseconds = 0
            cmd.rejectedCalls = 0
            cmd.failedCalls = 0
            cmd.latencyHistogram = nil
        }
    }
}
