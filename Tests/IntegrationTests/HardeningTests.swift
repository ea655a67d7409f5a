// Hostile-client hardening against Redis 7.0.15: protected mode, rename-command, the
// enable-debug-command / enable-module-command switches, protected configs, and logging
// in with redis-cli --user/--pass.
//
// Protected mode and the "local" settings need a client that is not on the loopback
// interface. The test connects to one of this machine's own non-loopback addresses (the
// kernel then reports that address as the peer, not 127.0.0.1); on a machine without one
// those tests are disabled (the decision itself is unit-tested in ServerTests).

import Foundation
import Glibc
import RESP
import Testing

/// A non-loopback IPv4 address of this machine, if it has one.
let nonLoopbackIPv4: String? = {
    var list: UnsafeMutablePointer<ifaddrs>? = nil
    guard getifaddrs(&list) == 0 else { return nil }
    defer { freeifaddrs(list) }
    var p = list
    while let ifa = p {
        defer { p = ifa.pointee.ifa_next }
        guard let addr = ifa.pointee.ifa_addr, addr.pointee.sa_family == sa_family_t(AF_INET),
              ifa.pointee.ifa_flags & UInt32(IFF_UP) != 0 else { continue }
        var sin = sockaddr_in()
        memcpy(&sin, addr, MemoryLayout<sockaddr_in>.size)
        var buf = [CChar](repeating: 0, count: 64)
        guard inet_ntop(AF_INET, &sin.sin_addr, &buf, 64) != nil else { continue }
        let ip = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if !ip.hasPrefix("127.") { return ip }
    }
    return nil
}()

/// Sends `request` to host:port and returns what comes back: everything until the server
/// closes or `timeout` passes, or (`stopAfterLine`) until the data read ends a line.
func exchange(host: String, port: UInt16, _ request: [UInt8], timeout: Duration = .seconds(2),
              stopAfterLine: Bool = true) throws -> [UInt8] {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw ServerStartError(description: "socket: \(errno)") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else { throw ServerStartError(description: "bad address \(host)") }
    let ok = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard ok == 0 else { throw ServerStartError(description: "connect \(host):\(port): errno \(errno)") }
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let left = max(1, Int32((deadline - ContinuousClock.now).components.attoseconds / 1_000_000_000_000_000)
                          + Int32((deadline - ContinuousClock.now).components.seconds * 1000))
        if poll(&pfd, 1, min(left, 200)) <= 0 { continue }
        let n = recv(fd, &buf, buf.count, 0)
        if n <= 0 { break }
        out += buf[0..<n]
        // One complete single-line reply (all these tests expect) ends the exchange.
        if stopAfterLine, out.count >= 2, out[out.count - 2] == 13, out[out.count - 1] == 10 { break }
    }
    return out
}

/// Both servers' answers to `request` from the non-loopback address.
private func remoteAnswers(args: [String], config: String? = nil, setup: [[String]] = [],
                           _ requests: [[UInt8]]) throws -> [(redis: [UInt8], structd: [UInt8])] {
    let ip = nonLoopbackIPv4!
    var answers: [[[UInt8]]] = []
    for start in [{ try ServerProcess.redis(args: args, config: config) }, { try ServerProcess.structd(args: args, config: config) }] {
        let server = try start()
        defer { server.stop() }
        if !setup.isEmpty {
            let c = try server.connect()
            for cmd in setup { try c.send(command: cmd); _ = try c.readReplyBytes() }
        }
        answers.append(try requests.map { try exchange(host: ip, port: server.port, $0) })
    }
    return Array(zip(answers[0], answers[1]))
}

private func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

@Suite("Hardening", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct HardeningTests {
    // MARK: protected mode

    @Test(.enabled(if: nonLoopbackIPv4 != nil, "this machine has no non-loopback IPv4 address"))
    func protectedModeDeniesRemoteClientsAsRedis() throws {
        let ping = RESPFramer.encode(["PING"])
        let bindAll = ["--bind", "*"]
        let cases: [(String, [String], [[String]])] = [
            ("default", bindAll, []),
            ("explicit bind", ["--bind", "127.0.0.1", nonLoopbackIPv4!], []),
            ("protected-mode no", bindAll + ["--protected-mode", "no"], []),
            ("requirepass", bindAll + ["--requirepass", "pw"], []),
            ("CONFIG SET protected-mode no", bindAll, [["CONFIG", "SET", "protected-mode", "no"]]),
            ("default user gets a password", bindAll, [["ACL", "SETUSER", "default", ">pw"]]),
            ("default user off but nopass", bindAll, [["ACL", "SETUSER", "default", "off"]]),
        ]
        for (name, args, setup) in cases {
            let (redis, structd) = try remoteAnswers(args: args, setup: setup, [ping])[0]
            #expect(!redis.isEmpty, "\(name): Redis sent nothing")
            #expect(redis == structd, "\(name):\n redis:   \(text(redis))\n structd: \(text(structd))")
        }
        // Loopback clients are never refused.
        let server = try ServerProcess.structd(args: bindAll)
        #expect(try server.connect().roundTrip("PING") == Array("+PONG\r\n".utf8))
    }

    @Test(.enabled(if: nonLoopbackIPv4 != nil, "this machine has no non-loopback IPv4 address"))
    func localOnlySwitchesRefuseRemoteClients() throws {
        let base = ["--bind", "*", "--protected-mode", "no"]
        let requests: [[String]] = [["DEBUG", "SLEEP", "0"], ["MODULE", "LOAD", "/nonexistent.so"], ["MODULE", "LIST"],
                                    ["CONFIG", "SET", "dir", "/tmp"], ["CONFIG", "SET", "dbfilename", "x.rdb"]]
        for setting in ["no", "yes", "local"] {
            let args = base + ["--enable-debug-command", setting, "--enable-module-command", setting,
                               "--enable-protected-configs", setting]
            let answers = try remoteAnswers(args: args, requests.map { RESPFramer.encode($0) })
            for (r, (redis, structd)) in zip(requests, answers) {
                #expect(!redis.isEmpty, "\(setting) \(r): Redis sent nothing")
                #expect(redis == structd, "\(setting) \(r):\n redis:   \(text(redis))\n structd: \(text(structd))")
            }
        }
    }

    // MARK: switches from loopback

    @Test func debugModuleAndProtectedConfigsObeyTheirSwitches() throws {
        let steps: [DiffStep] = [
            ["DEBUG", "SLEEP", "0"], ["DEBUG", "SET-ACTIVE-EXPIRE", "1"], ["debug"],
            ["MODULE", "LIST"], ["MODULE", "HELP"], ["MODULE", "LOAD", "/nonexistent.so"], ["MODULE", "LOADEX", "/x.so", "CONFIG", "a"],
            ["MODULE", "LOADEX", "/x.so", "FOO"], ["MODULE", "UNLOAD", "x"], ["MULTI"], ["DEBUG", "SLEEP", "0"], ["EXEC"],
            ["CONFIG", "SET", "dir", "."], ["CONFIG", "SET", "dbfilename", "x.rdb"], ["CONFIG", "SET", "dbfilename", "x.rdb", "maxmemory", "1"],
            ["CONFIG", "SET", "maxmemory", "0"],
        ]
        for setting in ["no", "yes", "local"] {
            try Differential(serverArgs: ["--enable-debug-command", setting, "--enable-module-command", setting,
                                          "--enable-protected-configs", setting]).check(steps)
        }
        // The switches cannot be changed at run time.
        try Differential().check([["CONFIG", "SET", "enable-debug-command", "yes"], ["CONFIG", "SET", "enable-protected-configs", "yes"],
                                  ["CONFIG", "SET", "enable-module-command", "yes"], ["DEBUG", "SLEEP", "0"]])
    }

    // MARK: rename-command

    @Test func renameCommandMatchesRedis() throws {
        let config = """
        rename-command get fetch
        rename-command del ""
        rename-command flushall wipe-everything
        rename-command fetch fetch2

        """
        let d = Differential(subject: .structd(config: config), oracle: .redis(config: config))
        try d.check([
            ["SET", "k", "v"], ["GET", "k"], ["FETCH", "k"], ["FETCH2", "k"], ["fetch2", "k"], ["DEL", "k"],
            ["EVAL", "return redis.call('get','k')", "0"], ["EVAL", "return redis.call('fetch2','k')", "0"],
            // ACL rules name commands by their original names.
            ["ACL", "SETUSER", "r", "on", "nopass", "~*", "+get", "+del"], ["ACL", "DRYRUN", "r", "fetch2", "k"],
            ["ACL", "SETUSER", "r", "+fetch2"], ["ACL", "DRYRUN", "r", "get", "k"],
            .command("AUTH", "r", "x", client: 1), .command("FETCH2", "k", client: 1),
            ["WIPE-EVERYTHING"], ["FLUSHALL"], ["DBSIZE"],
        ])
    }

    // MARK: redis-cli

    @Test func redisCLILogsInAsACLUser() throws {
        for start in [{ try ServerProcess.structd() }, { try ServerProcess.redis() }] {
            let server = try start()
            defer { server.stop() }
            _ = try server.connect().roundTrip("ACL", "SETUSER", "cli", "on", ">clipw", "~*", "+@all")
            let ok = try server.cli.run(["--user", "cli", "--pass", "clipw", "--no-auth-warning", "ACL", "WHOAMI"])
            #expect(ok.output.trimmingCharacters(in: .whitespacesAndNewlines) == "cli", "\(server.name): \(ok)")
            let bad = try server.cli.run(["--user", "cli", "--pass", "nope", "--no-auth-warning", "PING"])
            #expect((bad.output + bad.errorOutput).contains("AUTH failed: WRONGPASS invalid username-password pair or user is disabled."),
                    "\(server.name): \(bad)")
        }
        let server = try ServerProcess.structd(args: ["--requirepass", "pw"])
        let ok = try server.cli.run(["-a", "pw", "--no-auth-warning", "ACL", "WHOAMI"])
        #expect(ok.output.trimmingCharacters(in: .whitespacesAndNewlines) == "default", "\(ok)")
    }
}
