// INFO tests: the field names of every section, in order, equal redis-server 7.0.15's (values
// differ between two processes, names and order must not), section selection ("default",
// "all", "everything", several names, unknown names), the RESP3 verbatim form, and values we
// can predict exactly: keyspace, cluster, commandstats counters, errorstats, keyspace hits
// and misses after the same commands on both servers.

import Foundation
import Glibc
import RESP
import Testing

@Suite("INFO")
struct InfoTests {
    typealias T = ServerFamilyTesting

    /// Data-dependent sections, compared by line shape instead of names.
    static let dataSections: Set<String> = ["Commandstats", "Errorstats", "Latencystats", "Keyspace"]

    static func info(_ server: ServerProcess, _ args: [String] = []) throws -> String {
        let c = try server.connect()
        return try c.command(["INFO"] + args).string ?? ""
    }

    @Test func fieldNamesMatchRedisSectionBySection() throws {
        let ours = try ServerProcess.structd()
        let redis = try ServerProcess.redis()
        for args in [["everything"], [], ["default"], ["all"]] {
            let mine = T.infoSkeleton(try Self.info(ours, args))
            let theirs = T.infoSkeleton(try Self.info(redis, args))
            #expect(mine.map(\.0) == theirs.map(\.0), "section order for INFO \(args)")
            for ((name, fields), (_, expected)) in zip(mine, theirs) where !Self.dataSections.contains(name) {
                var fields = fields
                if name == "Server" {
                    #expect(fields.last == "structd_version")
                    fields.removeLast()
                }
                #expect(fields == expected, "fields of # \(name)")
            }
        }
    }

    @Test func sectionSelectionMatchesRedis() throws {
        // Names and order of sections and fields; values are blanked.
        let skeleton: Comparison = .custom { e, a in
            guard let x = T.decode(e)?.string, let y = T.decode(a)?.string else { return false }
            let s1 = T.infoSkeleton(x).map { ($0.0, InfoTests.dataSections.contains($0.0) ? [] : $0.1) }
            let s2 = T.infoSkeleton(y).map { ($0.0, InfoTests.dataSections.contains($0.0) ? [] : $0.1.filter { $0 != "structd_version" }) }
            return s1.map(\.0) == s2.map(\.0) && s1.map(\.1) == s2.map(\.1)
        }
        let selections: [[String]] = [[], ["default"], ["all"], ["everything"], ["server", "clients"],
                                      ["keyspace", "server"], ["CPU"], ["memory", "memory"], ["modules"],
                                      ["module_list"], ["commandstats", "default"], ["latencystats"],
                                      ["persistence", "stats", "replication"], ["all", "modules"]]
        var steps: [DiffStep] = [["SET", "a", "1"]]
        steps += selections.map { DiffStep(["INFO"] + $0, compare: skeleton) }
        steps += [["INFO", "foo"], ["INFO", "CLUSTER", "foo"], ["INFO", "cluster", "cluster"],
                  ["INFO", "keyspace"], ["INFO", "keyspace", "cluster"], ["SELECT", "3"], ["SET", "x", "y"],
                  ["INFO", "Keyspace"], ["FLUSHALL"], ["INFO", "keyspace"], ["INFO", "errorstats"], ["INFO", "modules"]]
        try Differential().check(steps)
        try Differential(resp3: true).check([["INFO", "cluster"], ["INFO", "nothing"], ["INFO", "keyspace"],
                                             ["SET", "k", "v"], ["INFO", "keyspace"]])
    }

    @Test func countersMatchRedisAfterTheSameCommands() throws {
        // Every counter below is deterministic for the same command stream.
        let counters: Set<String> = ["keyspace_hits", "keyspace_misses", "total_error_replies", "expired_keys",
                                     "evicted_keys", "rejected_connections",
                                     "connected_clients", "cluster_enabled", "maxclients", "role",
                                     "connected_slaves", "maxmemory", "maxmemory_policy", "aof_enabled",
                                     "rdb_bgsave_in_progress", "loading"]
        let pick: Comparison = .custom { e, a in
            guard let x = T.decode(e)?.string, let y = T.decode(a)?.string else { return false }
            func values(_ s: String) -> [String] {
                s.split(separator: "\r\n").filter { line in
                    guard let colon = line.firstIndex(of: ":") else { return false }
                    return counters.contains(String(line[..<colon]))
                }.map(String.init)
            }
            return values(x) == values(y)
        }
        /// commandstats lines without usec / usec_per_call.
        let callCounts: Comparison = .custom { e, a in
            guard let x = T.decode(e)?.string, let y = T.decode(a)?.string else { return false }
            func lines(_ s: String) -> [String] {
                s.split(separator: "\r\n").map { line in
                    line.split(separator: ",").filter { !$0.hasPrefix("usec") }.joined(separator: ",")
                }.sorted()
            }
            return lines(x) == lines(y)
        }
        let steps: [DiffStep] = [
            ["CONFIG", "RESETSTAT"],
            ["SET", "a", "1"], ["GET", "a"], ["GET", "nope"], ["GET", "a", "b"], ["INCR", "a"],
            ["SET", "s", "x"], ["INCR", "s"], ["MGET", "a", "nope", "s"], ["NOSUCHCMD"], ["CONFIG", "NOPE"],
            ["SET", "t", "v", "PX", "1"], ["DEBUG", "SLEEP", "0.01"], ["GET", "t"],
            // Introspection lookups count neither hits nor misses.
            ["DEBUG", "DIGEST-VALUE", "a", "nope"], DiffStep(["DEBUG", "OBJECT", "a"], compare: .sameType),
            ["DEBUG", "DIGEST"],
            DiffStep(["INFO", "everything"], compare: pick),
            DiffStep(["INFO", "commandstats"], compare: callCounts),
            ["INFO", "errorstats"],
            ["CONFIG", "RESETSTAT"],
            DiffStep(["INFO", "commandstats"], compare: callCounts),
            ["INFO", "errorstats"],
            DiffStep(["INFO"], compare: pick),
        ]
        try Differential(serverArgs: T.debugArgs).check(steps)
    }

    @Test func valuesAreTruthful() throws {
        let server = try ServerProcess.structd()
        let c = try server.connect()
        _ = try c.roundTrip("SET", "k", String(repeating: "v", count: 1 << 20))
        let text = try c.command("INFO", "everything").string ?? ""
        var fields: [String: String] = [:]
        for line in text.split(separator: "\r\n") {
            if let colon = line.firstIndex(of: ":") { fields[String(line[..<colon])] = String(line[line.index(after: colon)...]) }
        }
        let used = Int(fields["used_memory"] ?? "") ?? 0
        #expect(used > 1 << 20, "a 1 MiB value is in used_memory")
        #expect((Int(fields["used_memory_rss"] ?? "") ?? 0) > 1 << 20)
        #expect(fields["redis_version"] == "7.0.15")
        #expect(fields["process_id"] == String(server.pid))
        #expect(fields["tcp_port"] == String(server.port))
        #expect(fields["connected_clients"] == "1")
        #expect(fields["mem_allocator"] == "libc")
        #expect(fields["used_memory_human"]?.hasSuffix("M") == true)
        #expect(fields["db0"] == "keys=1,expires=0,avg_ttl=0")
        #expect(fields["cmdstat_set"]?.hasPrefix("calls=1,usec=") == true)
        #expect(fields["cmdstat_set"]?.hasSuffix(",rejected_calls=0,failed_calls=0") == true)
        #expect(fields["structd_version"]?.isEmpty == false)
        let latency = fields["latency_percentiles_usec_set"] ?? ""
        #expect(latency.hasPrefix("p50="), "\(latency)")
        #expect(latency.split(separator: ",").map { $0.split(separator: "=")[0] } == ["p50", "p99", "p99.9"])
        // The percentiles follow the configuration.
        _ = try c.roundTrip("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99.9 100 0")
        let again = try c.command("INFO", "latencystats").string ?? ""
        let setLine = again.split(separator: "\r\n").first { $0.hasPrefix("latency_percentiles_usec_set:") } ?? ""
        #expect(setLine.split(separator: ":")[1].split(separator: ",").map { $0.split(separator: "=")[0] } == ["p50", "p99.9", "p100", "p0"])
        // RESP3: verbatim text.
        _ = try c.roundTrip("HELLO", "3")
        let raw = try c.roundTrip("INFO", "cluster")
        #expect(raw == Array("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n".utf8))
    }

    @Test func latencyPercentilesFollowRedisHistogramGrid() throws {
        // A command whose duration we control: DEBUG SLEEP 0.05 takes at least 50 ms, and p50 must
        // read as a value on Redis's histogram grid (e.g. 50331.647 µs for any duration in
        // (50.070, 50.332] ms).
        let server = try ServerProcess.structd(args: T.debugArgs)
        let c = try server.connect()
        _ = try c.roundTrip("DEBUG", "SLEEP", "0.05")
        let text = try c.command("INFO", "latencystats").string ?? ""
        let line = text.split(separator: "\r\n").first { $0.hasPrefix("latency_percentiles_usec_debug:") } ?? ""
        let p50 = line.split(separator: ",").first?.split(separator: "=").last.flatMap { Double($0) } ?? 0
        #expect(p50 >= 50_000, "\(line)")
        // Values are kept with 2 significant digits: between 2^(k+7) and 2^(k+8) ns the
        // buckets are 2^k ns wide, and a percentile reads as its bucket's highest value.
        let nanos = Int((p50 * 1000).rounded())
        let width = 1 << max(0, (Int.bitWidth - (nanos | 255).leadingZeroBitCount) - 8)
        #expect((nanos + 1) % width == 0, "\(p50)")
    }
}
