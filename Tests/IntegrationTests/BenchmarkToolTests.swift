// structd-benchmark end to end: the built binary (.build/debug/structd-benchmark, or
// STRUCTD_BENCHMARK_BIN) run as a process against structd-server and against Debian's
// redis-server, with small -n. Request counts are checked against the server's own
// INFO commandstats; output formats against Debian's redis-benchmark where it exists.

import Foundation
import Testing

enum BenchmarkTool {
    static var path: String {
        if let p = ProcessInfo.processInfo.environment["STRUCTD_BENCHMARK_BIN"], !p.isEmpty {
            return p.hasPrefix("/") ? p : ServerProcess.packageRoot + "/" + p
        }
        return ServerProcess.packageRoot + "/.build/debug/structd-benchmark"
    }

    static var available: Bool { access(path, X_OK) == 0 }
    static var redisBenchmarkAvailable: Bool { access("/usr/bin/redis-benchmark", X_OK) == 0 }

    static func run(_ args: [String], port: UInt16?, timeout: Duration = .seconds(120)) throws -> ProcessResult {
        let target = port.map { ["-h", "127.0.0.1", "-p", String($0)] } ?? []
        return try ProcessRunner.run(path, target + args, timeout: timeout)
    }

    /// `calls` of each cmdstat_<name> line of INFO commandstats.
    static func commandCalls(_ server: ServerProcess) throws -> [String: Int] {
        let c = try server.connect()
        let info = try c.command("INFO", "commandstats").string ?? ""
        var calls: [String: Int] = [:]
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_") {
            let parts = line.dropFirst(8).split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let field = parts[1].split(separator: ",").first,
                  field.hasPrefix("calls="), let n = Int(field.dropFirst(6)) else { continue }
            calls[String(parts[0])] = n
        }
        return calls
    }

    static func jsonObjects(_ r: ProcessResult) throws -> [[String: Any]] {
        try r.lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any])
        }
    }
}

@Suite(.enabled(if: BenchmarkTool.available, "structd-benchmark not built (swift build)"))
struct BenchmarkToolTests {
    @Test(.enabled(if: ServerProcess.structdAvailable))
    func runsTheSuiteAgainstStructD() throws {
        let server = try ServerProcess.structd()
        let before = try BenchmarkTool.commandCalls(server)  // the harness's start-up PING
        let r = try BenchmarkTool.run(["-c", "8", "-n", "600", "-P", "4", "-r", "50", "--csv",
                                       "-t", "ping,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,mset"],
                                      port: server.port)
        #expect(r.exitCode == 0, "\(r)")
        let rows = r.lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }
        #expect(r.lines.first == "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"")
        #expect(rows == ["\"PING_INLINE\"", "\"PING_MBULK\"", "\"SET\"", "\"GET\"", "\"INCR\"", "\"LPUSH\"", "\"RPUSH\"",
                         "\"LPOP\"", "\"RPOP\"", "\"SADD\"", "\"HSET\"", "\"SPOP\"", "\"ZADD\"", "\"ZPOPMIN\"",
                         "\"LPUSH (needed to benchmark LRANGE)\"", "\"LRANGE_100 (first 100 elements)\"", "\"MSET (10 keys)\""])
        let calls = try BenchmarkTool.commandCalls(server)
        // Exactly -n of each: the last batch of a pipeline is cut, nothing is sent twice.
        for (command, expected) in [("ping", 1200), ("set", 600), ("get", 600), ("incr", 600), ("lpush", 1200),
                                    ("rpush", 600), ("sadd", 600), ("hset", 600), ("zadd", 600), ("lrange", 600), ("mset", 600)] {
            #expect((calls[command] ?? 0) - (before[command] ?? 0) == expected, "\(command): \(calls[command] ?? -1)")
        }
        // -r 50: SET's keys are key:000000000000 ... key:000000000049.
        let c = try server.connect()
        let keys = try c.command("KEYS", "key:*").elements?.compactMap(\.string) ?? []
        #expect(!keys.isEmpty && keys.count <= 50)
        #expect(keys.allSatisfy { $0.count == 16 && Int($0.dropFirst(4))! < 50 })
    }

    @Test(.enabled(if: ServerProcess.redisAvailable))
    func countsMatchRedisServersCommandstats() throws {
        let server = try ServerProcess.redis()
        let r = try BenchmarkTool.run(["-c", "10", "-n", "1000", "-P", "16", "--threads", "2", "--dbnum", "3",
                                       "--json", "-t", "set,get"], port: server.port)
        #expect(r.exitCode == 0, "\(r)")
        let objects = try BenchmarkTool.jsonObjects(r)
        #expect(objects.map { $0["test"] as? String } == ["SET", "GET"])
        for o in objects {
            #expect(o["requests"] as? Int == 1000)
            #expect(o["errors"] as? Int == 0)
            let rps = try #require(o["rps"] as? Double), elapsed = try #require(o["elapsed_sec"] as? Double)
            #expect(abs(rps * elapsed - 1000) < 1)
            #expect((o["p50_latency_ms"] as? Double ?? -1) <= (o["p99_9_latency_ms"] as? Double ?? -2))
        }
        let calls = try BenchmarkTool.commandCalls(server)
        #expect(calls["set"] == 1000 && calls["get"] == 1000)
        // One per connection that got work (at most 10 per test), and the preflight's.
        #expect((3...(10 * 2 + 1)).contains(calls["select"] ?? 0))
        let c = try server.connect()
        #expect(try c.command("SELECT", "3").string == "OK")
        #expect(try c.command("EXISTS", "key:__rand_int__").int64 == 1)  // no -r: the literal key
    }

    /// The default report has redis-benchmark's lines; only numbers differ (and our summary
    /// has a p99.9 column).
    @Test(.enabled(if: ServerProcess.redisAvailable && BenchmarkTool.redisBenchmarkAvailable))
    func defaultReportHasRedisBenchmarksShape() throws {
        let server = try ServerProcess.redis()
        let ours = try BenchmarkTool.run(["-n", "500", "-c", "5", "-t", "get"], port: server.port)
        let theirs = try ProcessRunner.run("/usr/bin/redis-benchmark",
                                           ["-h", "127.0.0.1", "-p", String(server.port), "-n", "500", "-c", "5", "-t", "get"],
                                           timeout: .seconds(60))
        #expect(ours.exitCode == 0 && theirs.exitCode == 0)
        func shape(_ text: String) -> [String] {
            // Redis's progress line ends in \r; keep what follows the last \r of each line.
            text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                let visible = line.split(separator: "\r", omittingEmptySubsequences: false).last.map(String.init) ?? ""
                return visible.replacing(/[0-9]+(\.[0-9]+)?/, with: "N").trimmingCharacters(in: .whitespaces)
            }.filter { !$0.hasPrefix("N% <=") && !$0.isEmpty && !$0.hasPrefix("avg") && $0.wholeMatch(of: /N( +N)+/) == nil }
        }
        #expect(shape(ours.output) == shape(theirs.output))
        #expect(ours.lines.contains("          avg       min       p50       p95       p99     p99.9       max"))
        #expect(ours.lines.contains("Latency by percentile distribution:"))
        #expect(ours.lines.contains { $0.hasPrefix("100.000% <= ") })
        #expect(!ours.output.contains("\r"))  // no progress line when stdout is not a terminal

        let quiet = try BenchmarkTool.run(["-n", "200", "-q", "-t", "ping_mbulk,incr"], port: server.port)
        #expect(quiet.lines.count == 3 && quiet.lines[2].isEmpty)
        #expect(quiet.lines[0].wholeMatch(of: /PING_MBULK: [0-9]+\.[0-9]{2} requests per second, p50=[0-9]+\.[0-9]{3} msec/) != nil)
        let theirsCSV = try ProcessRunner.run("/usr/bin/redis-benchmark",
                                              ["-p", String(server.port), "-n", "100", "--csv", "-t", "get"], timeout: .seconds(60))
        let oursCSV = try BenchmarkTool.run(["-n", "100", "--csv", "-t", "get"], port: server.port)
        #expect(oursCSV.lines.first == theirsCSV.lines.first)
        #expect(oursCSV.lines.count == theirsCSV.lines.count)
    }

    @Test(.enabled(if: ServerProcess.structdAvailable))
    func freeCommandWithSubstitutionAndReconnects() throws {
        let server = try ServerProcess.structd()
        let r = try BenchmarkTool.run(["-c", "4", "-n", "300", "-k", "0", "-r", "7", "-q", "--",
                                       "RPUSH", "list:__rand_int__", "v__rand_int__"], port: server.port)
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.output.contains("RPUSH list:__rand_int__ v__rand_int__: "))
        #expect(r.output.contains("WARNING: keepalive disabled"))
        let c = try server.connect()
        let keys = try c.command("KEYS", "list:*").elements?.compactMap(\.string) ?? []
        #expect(!keys.isEmpty && keys.count <= 7)
        var total: Int64 = 0
        for k in keys { total += try c.command("LLEN", k).int64 ?? 0 }
        #expect(total == 300)
        let info = try c.command("INFO", "stats").string ?? ""
        let connections = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("total_connections_received:") }
            .flatMap { Int($0.split(separator: ":")[1]) } ?? 0
        #expect(connections >= 300)  // -k 0: a connection per request
    }

    @Test(.enabled(if: ServerProcess.structdAvailable))
    func rejectedCommandIsReportedOnceWithACount() throws {
        let server = try ServerProcess.structd()
        let r = try BenchmarkTool.run(["-c", "5", "-n", "500", "-q", "nosuchcommand", "a"], port: server.port)
        #expect(r.exitCode == 1)
        #expect(r.errorOutput.contains("nosuchcommand a: 500 of 500 replies were errors:"))
        #expect(r.errorOutput.contains("500 x ERR unknown command 'nosuchcommand'"))
        #expect(r.errorOutput.components(separatedBy: "ERR unknown command").count == 2)  // once, not 500 times
        let shown = try BenchmarkTool.run(["-c", "5", "-n", "500", "-q", "-e", "nosuchcommand"], port: server.port)
        #expect(shown.errorOutput.contains("Error from server: ERR unknown command 'nosuchcommand'"))
    }

    @Test(.enabled(if: ServerProcess.redisAvailable))
    func clearErrorsForUnreachableAuthAndUnknownTest() throws {
        let port = try PortReservation()  // reserved, nothing listens on it
        let down = try BenchmarkTool.run(["-n", "10", "-q"], port: port.port)
        #expect(down.exitCode == 1)
        #expect(down.errorOutput == "Could not connect to Redis at 127.0.0.1:\(port.port): Connection refused\n")

        let server = try ServerProcess.redis(args: ["--requirepass", "sekrit"])
        let wrong = try BenchmarkTool.run(["-a", "wrong", "-n", "10", "-q"], port: server.port)
        #expect(wrong.exitCode == 1)
        #expect(wrong.errorOutput.hasPrefix("AUTH failed at 127.0.0.1:\(server.port): WRONGPASS"))
        let none = try BenchmarkTool.run(["-n", "10", "-q", "-t", "ping"], port: server.port)
        #expect(none.exitCode == 1 && none.errorOutput.contains("requires authentication (NOAUTH"))
        let ok = try BenchmarkTool.run(["-a", "sekrit", "-n", "10", "-q", "-t", "ping"], port: server.port)
        #expect(ok.exitCode == 0 && ok.output.contains("PING_MBULK: "))

        let unknown = try BenchmarkTool.run(["-n", "10", "-t", "get,gett"], port: server.port)
        #expect(unknown.exitCode == 1 && unknown.errorOutput.contains("Unknown test name 'gett' in -t"))
        // A TLS client on a plain port: the handshake fails, once, clearly.
        let tls = try BenchmarkTool.run(["--tls", "--insecure", "-n", "10"], port: server.port)
        #expect(tls.exitCode == 1 && tls.errorOutput.hasPrefix("Could not negotiate a TLS connection: "), "\(tls)")
        let usage = try BenchmarkTool.run(["--bogus"], port: nil)
        #expect(usage.exitCode == 1 && usage.output.hasPrefix("Invalid option \"--bogus\" or option argument missing\n\nUsage: structd-benchmark"))
    }
}

/// --tls: structd-benchmark's TLS client against structd-server's and Debian's redis-server's
/// tls-port, certificates from scripts/gen-test-certs.sh (TLSTests.swift's fixtures).
@Suite(.enabled(if: BenchmarkTool.available, "structd-benchmark not built (swift build)"))
struct BenchmarkToolTLSTests {
    /// Runs the tool against the server's TLS port with the main CA and client certificate.
    func runTLS(_ server: TLSServer, _ certs: TLSCertificates, _ args: [String]) throws -> ProcessResult {
        try BenchmarkTool.run(["--tls", "--cacert", certs.ca, "--cert", certs.clientCert, "--key", certs.clientKey]
                              + args, port: server.tlsPort)
    }

    /// SET and GET calls the server counted since `before` (read on the plain port).
    func setGetCalls(_ server: TLSServer, since before: [String: Int]) throws -> (Int, Int) {
        let calls = try BenchmarkTool.commandCalls(server.process)
        return ((calls["set"] ?? 0) - (before["set"] ?? 0), (calls["get"] ?? 0) - (before["get"] ?? 0))
    }

    func setAndGetOverTLS(_ name: String) throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(name, certs: certs)
        var before = try BenchmarkTool.commandCalls(server.process)
        let r = try runTLS(server, certs, ["-n", "2000", "-t", "set,get", "--json"])
        #expect(r.exitCode == 0, "\(r)")
        let objects = try BenchmarkTool.jsonObjects(r)
        #expect(objects.map { $0["test"] as? String } == ["SET", "GET"])
        #expect(objects.allSatisfy { ($0["requests"] as? Int) == 2000 && ($0["errors"] as? Int) == 0 })
        var (sets, gets) = try setGetCalls(server, since: before)
        #expect(sets == 2000 && gets == 2000, "set \(sets), get \(gets)")

        // Pipelined 16 KiB values (replies span TLS records), two threads.
        before = try BenchmarkTool.commandCalls(server.process)
        let big = try runTLS(server, certs, ["-n", "600", "-c", "6", "-P", "8", "-d", "16384", "--threads", "2",
                                             "-r", "100", "-q", "-t", "set,get"])
        #expect(big.exitCode == 0, "\(big)")
        #expect(big.lines.filter { $0.hasPrefix("SET: ") || $0.hasPrefix("GET: ") }.count == 2, "\(big)")
        (sets, gets) = try setGetCalls(server, since: before)
        #expect(sets == 600 && gets == 600, "set \(sets), get \(gets)")
    }

    @Test(.enabled(if: ServerProcess.structdAvailable))
    func setAndGetAgainstStructD() throws { try setAndGetOverTLS("structd") }

    @Test(.enabled(if: ServerProcess.redisAvailable))
    func setAndGetAgainstRedis() throws { try setAndGetOverTLS("redis") }

    /// -k 0 over TLS: a new connection and handshake for every batch, on the event loop.
    @Test(.enabled(if: ServerProcess.structdAvailable))
    func reconnectingClientsOverTLS() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let before = try BenchmarkTool.commandCalls(server.process)
        let r = try runTLS(server, certs, ["-n", "300", "-c", "4", "-P", "3", "-k", "0", "-q", "-t", "set"])
        #expect(r.exitCode == 0, "\(r)")
        let (sets, _) = try setGetCalls(server, since: before)
        #expect(sets == 300)
    }

    /// --insecure skips verification; --sni is sent; tls-auth-clients no needs no client cert.
    @Test(.enabled(if: ServerProcess.structdAvailable))
    func insecureAndSNIWithoutClientCertificate() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs, extra: ["--tls-auth-clients", "no"])
        let before = try BenchmarkTool.commandCalls(server.process)
        let insecure = try BenchmarkTool.run(["--tls", "--insecure", "--cacert", certs.otherCA, "-n", "100", "-q", "-t", "set"],
                                             port: server.tlsPort)
        #expect(insecure.exitCode == 0, "\(insecure)")
        let sni = try BenchmarkTool.run(["--tls", "--cacert", certs.ca, "--sni", "localhost", "-n", "100", "-q", "-t", "set"],
                                        port: server.tlsPort)
        #expect(sni.exitCode == 0, "\(sni)")
        let (sets, _) = try setGetCalls(server, since: before)
        #expect(sets == 200)
    }

    @Test(.enabled(if: ServerProcess.structdAvailable))
    func tlsFailuresAreReportedOnce() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        // The server's certificate is not signed by this CA (redis-benchmark 7.0.15 hangs here).
        let wrongCA = try BenchmarkTool.run(["--tls", "--cacert", certs.otherCA, "--cert", certs.clientCert,
                                             "--key", certs.clientKey, "-n", "10", "-t", "set"], port: server.tlsPort)
        #expect(wrongCA.exitCode == 1)
        #expect(wrongCA.errorOutput == "Could not negotiate a TLS connection: error:0A000086:SSL routines::certificate verify failed\n",
                "\(wrongCA)")
        // Redis's wording for a CA file that cannot be loaded.
        let missing = try BenchmarkTool.run(["--tls", "--cacert", "/nonexistent/ca.crt", "-n", "10", "-t", "set"],
                                            port: server.tlsPort)
        #expect(missing.exitCode == 1)
        #expect(missing.errorOutput == "Could not negotiate a TLS connection: Invalid CA Certificate File/Directory\n", "\(missing)")
        let badKey = try BenchmarkTool.run(["--tls", "--cacert", certs.ca, "--cert", certs.clientCert, "--key", certs.ca,
                                            "-n", "10", "-t", "set"], port: server.tlsPort)
        #expect(badKey.exitCode == 1 && badKey.errorOutput == "Could not negotiate a TLS connection: Invalid private key\n",
                "\(badKey)")
        // Plain text to a TLS port... and TLS to the plain port: a failed handshake either way.
        let plain = try BenchmarkTool.run(["--tls", "--cacert", certs.ca, "-n", "10", "-t", "set"], port: server.process.port)
        #expect(plain.exitCode == 1 && plain.errorOutput.hasPrefix("Could not negotiate a TLS connection: "), "\(plain)")
        // The server still serves TLS clients afterwards.
        let ok = try runTLS(server, certs, ["-n", "50", "-q", "-t", "get"])
        #expect(ok.exitCode == 0, "\(ok)")
    }
}
