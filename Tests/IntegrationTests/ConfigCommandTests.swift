// CONFIG tests: GET / SET / RESETSTAT / REWRITE / HELP against redis-server 7.0.15 byte for
// byte (CONFIG GET's order is Redis's hash order, so GET replies are compared as pairs), a
// seeded random stream of SET/GET over directives with their valid and invalid values, and
// the changes the running server must act on at once: port and bind (listeners move), dir
// (the process's working directory), maxmemory (eviction), maxclients (file limit).

import Foundation
import Glibc
import RESP
import Testing

@Suite("CONFIG")
struct ConfigCommandTests {
    typealias T = ServerFamilyTesting

    @Test func matchesRedis() throws {
        let directives = ["maxmemory", "maxmemory-policy", "hz", "timeout", "databases", "save", "appendonly",
                          "maxclients", "slowlog-log-slower-than", "slowlog-max-len", "notify-keyspace-events",
                          "bind", "protected-mode", "lua-time-limit", "busy-reply-threshold", "client-output-buffer-limit",
                          "latency-tracking-info-percentiles", "enable-debug-command", "list-max-ziplist-size"]
        var steps: [DiffStep] = directives.map { ["CONFIG", "GET", $0] }
        steps += [
            ["CONFIG", "GET", "maxmem*"], ["CONFIG", "GET", "*max-*-entries*"], ["CONFIG", "GET", "nosuch"],
            ["CONFIG", "GET", "HZ", "timeout", "hz"], ["CONFIG", "GET"], ["CONFIG", "GET", "slowlog*", "*slower*"],
            ["CONFIG", "HELP"], ["CONFIG"], ["CONFIG", "foo"], ["CONFIG", "REWRITE"], ["CONFIG", "REWRITE", "x"],
            ["CONFIG", "RESETSTAT", "x"], ["CONFIG", "RESETSTAT"],
            ["CONFIG", "SET"], ["CONFIG", "SET", "maxmemory"], ["CONFIG", "SET", "maxmemory", "10mb", "foo"],
            ["CONFIG", "SET", "maxmemory", "abc"], ["CONFIG", "SET", "nosuch", "1"], ["CONFIG", "SET", "maxmemory", "1", "maxmemory", "2"],
            ["CONFIG", "SET", "maxmemory", "1", "MAXMEMORY", "2"], ["CONFIG", "SET", "databases", "4"],
            ["CONFIG", "SET", "dir", "/tmp"], ["CONFIG", "SET", "loglevel", "foo"], ["CONFIG", "SET", "save", "10 20 30"],
            ["CONFIG", "SET", "hz", "-1"], ["CONFIG", "SET", "port", "80000"], ["CONFIG", "SET", "maxmemory-policy", "lru"],
            ["CONFIG", "SET", "appendfsync", "sometimes"], ["CONFIG", "SET", "notify-keyspace-events", "Kz$q"],
            ["CONFIG", "SET", "maxmemory", "10mb", "hz", "20", "slowlog-max-len", "64"],
            ["CONFIG", "GET", "maxmemory"], ["CONFIG", "GET", "hz"], ["CONFIG", "GET", "slowlog-max-len"],
            // Atomic: the second pair is invalid, so the first is rolled back.
            ["CONFIG", "SET", "maxmemory", "20mb", "hz", "abc"], ["CONFIG", "GET", "maxmemory"], ["CONFIG", "GET", "hz"],
            ["CONFIG", "SET", "hz", "0"], ["CONFIG", "GET", "hz"], ["CONFIG", "SET", "hz", "100000"], ["CONFIG", "GET", "hz"],
            ["CONFIG", "SET", "maxmemory", "0"], ["CONFIG", "SET", "save", ""], ["CONFIG", "GET", "save"],
            ["CONFIG", "SET", "notify-keyspace-events", "KEA"], ["CONFIG", "GET", "notify-keyspace-events"],
            ["CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LFU"], ["CONFIG", "GET", "maxmemory-policy"],
            ["CONFIG", "SET", "lua-time-limit", "100"], ["CONFIG", "GET", "busy-reply-threshold"],
            ["CONFIG", "SET", "bind", "127.0.0.1"], ["CONFIG", "SET", "bind", "1.2.3.4"],
        ]
        try Differential().check(steps)
        try Differential(resp3: true).check([["CONFIG", "GET", "maxmemory"], ["CONFIG", "GET", "hz", "timeout"],
                                             ["CONFIG", "GET", "nosuch"], ["CONFIG", "GET", "maxmemory-p*"]])
    }

    @Test func randomSetAndGetMatchRedis() throws {
        let values: [String: [String]] = [
            "maxmemory": ["0", "1mb", "100kb", "2GB", "-1", "abc", "1.5mb", ""],
            "hz": ["1", "10", "500", "501", "0", "-5", "x"],
            "timeout": ["0", "300", "-1", "abc"],
            "maxmemory-policy": ["noeviction", "allkeys-lru", "volatile-ttl", "bogus", "ALLKEYS-RANDOM"],
            "slowlog-max-len": ["0", "128", "-1", "99999999999"],
            "notify-keyspace-events": ["", "KEA", "Ex", "g$lshzxetmdn", "Q", "AK"],
            "save": ["", "100 10", "100 10 200 20", "1 2 3", "a b"],
            "lazyfree-lazy-user-flush": ["yes", "no", "maybe"],
            "active-expire-effort": ["1", "10", "11", "0"],
        ]
        let names = values.keys.sorted()
        try Differential().checkRandom(seed: 0xC0_FF1E, count: 150) { r, _ in
            let name = r.pick(names)
            if r.chance(0.4) { return ["CONFIG", "GET", name] }
            if r.chance(0.2) {
                let other = r.pick(names)
                return ["CONFIG", "SET", name, r.pick(values[name]!), other, r.pick(values[other]!)]
            }
            return ["CONFIG", "SET", name, r.pick(values[name]!)]
        }
    }

    @Test func portAndBindChangesMoveTheListeners() throws {
        let server = try ServerProcess.structd()
        let c = try server.connect()
        // A port in use: refused with Redis's text, listeners unchanged.
        let busy = try ServerProcess.redis()
        let refused = try c.roundTrip("CONFIG", "SET", "port", String(busy.port))
        #expect(refused == Array("-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port\r\n".utf8),
                "\(RESPFramer.escape(refused))")
        #expect(try RawConnection(port: server.port).roundTrip("PING") == Array("+PONG\r\n".utf8))
        // A free port: reserve one the harness's way, then release it for the server.
        let probe = try ServerProcess.redis()
        let newPort = probe.port
        probe.stop()
        sleepBriefly(.milliseconds(50))
        let reply = try c.roundTrip("CONFIG", "SET", "port", String(newPort))
        #expect(reply == Array("+OK\r\n".utf8), "\(RESPFramer.escape(reply))")
        let moved = try RawConnection(port: newPort)
        #expect(try moved.roundTrip("PING") == Array("+PONG\r\n".utf8))
        #expect((try? RawConnection(port: server.port, timeout: .milliseconds(500))) == nil, "the old port is closed")
        // Existing connections stay.
        #expect(try c.roundTrip("PING") == Array("+PONG\r\n".utf8))
        // An address we cannot bind: refused, listeners unchanged.
        let bad = try moved.roundTrip("CONFIG", "SET", "bind", "1.2.3.4")
        #expect(bad == Array("-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.\r\n".utf8))
        #expect(try RawConnection(port: newPort).roundTrip("PING") == Array("+PONG\r\n".utf8))
        #expect(try moved.command("CONFIG", "GET", "bind") == .array([.bulk("bind"), .bulk("127.0.0.1")]))
    }

    @Test func dirChangesTheWorkingDirectory() throws {
        let server = try ServerProcess.structd(args: ["--enable-protected-configs", "yes"])
        let c = try server.connect()
        let target = server.directory + "/sub"
        mkdir(target, 0o755)
        #expect(try c.roundTrip("CONFIG", "SET", "dir", target) == Array("+OK\r\n".utf8))
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/\(server.pid)/cwd", &buf, 4095)
        let cwd = String(decoding: buf[0..<max(0, n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(cwd.hasSuffix("/sub"), "\(cwd)")
        let missing = try c.roundTrip("CONFIG", "SET", "dir", server.directory + "/nope")
        #expect(missing.starts(with: Array("-ERR CONFIG SET failed (possibly related to argument 'dir') - ".utf8)))
    }

    @Test func maxmemoryEvictsAtOnce() throws {
        let server = try ServerProcess.structd(args: T.debugArgs + ["--maxmemory-policy", "allkeys-lru"])
        let c = try server.connect()
        _ = try c.roundTrip("DEBUG", "POPULATE", "20000", "key", "100")
        #expect(try c.roundTrip("DBSIZE") == Array(":20000\r\n".utf8))
        let info = try c.command("INFO", "memory").string ?? ""
        let used = info.split(separator: "\r\n").first { $0.hasPrefix("used_memory:") }.flatMap { Int($0.split(separator: ":")[1]) } ?? 0
        #expect(used > 2_000_000)
        _ = try c.roundTrip("CONFIG", "SET", "maxmemory", String(used - 1_000_000))
        let after = try c.command("DBSIZE").int64 ?? 0
        #expect(after < 20000, "keys were evicted when maxmemory was lowered")
        #expect(server.log.contains("is smaller than the current memory usage"))
    }

    @Test func maxclientsBeyondTheFileLimitIsRefused() throws {
        let server = try ServerProcess.structd()
        let c = try server.connect()
        let reply = try c.command("CONFIG", "SET", "maxclients", "100000000")
        let text = reply.string ?? ""
        #expect(text.hasPrefix("ERR CONFIG SET failed (possibly related to argument 'maxclients') - The operating system is not able to handle the specified number of clients, try with "), "\(text)")
        #expect(try c.command("CONFIG", "GET", "maxclients") == .array([.bulk("maxclients"), .bulk("10000")]))
        #expect(try c.roundTrip("CONFIG", "SET", "maxclients", "50") == Array("+OK\r\n".utf8))
    }

    @Test func rewriteWritesTheConfigFile() throws {
        let server = try ServerProcess.structd(config: "# test config\nmaxmemory 1mb\nhz 10\n")
        let c = try server.connect()
        #expect(try c.roundTrip("CONFIG", "SET", "maxmemory", "2mb", "hz", "25") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("CONFIG", "REWRITE") == Array("+OK\r\n".utf8))
        let text = (try? String(contentsOfFile: server.directory + "/server.conf", encoding: .utf8)) ?? ""
        #expect(text.contains("# test config"))
        #expect(text.contains("maxmemory 2mb"))
        #expect(text.contains("hz 25"))
    }
}
