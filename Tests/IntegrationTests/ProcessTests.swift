// ProcessTests: structd-server as a process — command line, configuration errors, start-up
// log, daemonizing with a pid file and a log file, listening on a Unix socket and on IPv6,
// shutting down cleanly on SIGINT/SIGTERM, and TCP keepalive on accepted connections.
//
// redis-server 7.0.15 is run the same way every time and is the reference: exit codes, the
// exact "*** FATAL CONFIG FILE ERROR ***" text, which log lines appear and in which order,
// the pid file's content and removal, the socket file's permissions. Branding is the one
// intended difference ("StructD" where Redis says "Redis", the version line), so log lines
// are compared by what they say, not byte for byte.
//
// Processes that the harness cannot start for us (a daemon that forks away, a server
// listening only on a Unix socket) are started with Spawn/ProcessRunner, registered with
// the orphan watchdog, and always killed at the end of the test. Every wait is bounded.

import Foundation
import Glibc
import Testing

private func b(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The two binaries, the subject first.
private let binaries: [(name: String, path: String)] = [
    ("structd", ServerProcess.structdBinary), ("redis", ServerProcess.redisBinary),
]

/// True when the loopback interface has IPv6 (::1 can be bound).
private let hasIPv6Loopback: Bool = {
    let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
    } == 0
}()

/// A log line without its "<pid>:<role> <date> <time> <level> " prefix, or nil if the line
/// does not have Redis's log format.
private func logMessage(_ line: Substring) -> (pid: Int, role: Character, message: String)? {
    // 12345:M 22 Nov 2026 09:33:34.123 * message
    let parts = line.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
    guard parts.count == 7, let colon = parts[0].firstIndex(of: ":"),
          let pid = Int(parts[0][..<colon]), parts[0].count == parts[0].distance(from: parts[0].startIndex, to: colon) + 2,
          parts[1].count == 2, parts[2].count == 3, parts[3].count == 4, parts[4].count == 12,
          parts[5].count == 1, ".-*#".contains(parts[5]) else { return nil }
    return (pid, parts[0].last!, String(parts[6]))
}

/// Polls until `path` exists (bounded).
private func waitForFile(_ path: String, timeout: Duration = .seconds(5)) -> Bool {
    Robustness.eventually(timeout: timeout) { access(path, F_OK) == 0 }
}

/// Whether `pid` is gone (or a zombie nobody reaped yet).
private func processGone(_ pid: pid_t) -> Bool {
    guard let stat = ProcFS.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return true }
    return stat[stat.index(after: close)...].dropFirst().first == "Z"
}

@Suite("Process", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(2)))
struct ProcessTests {
    // MARK: command line

    @Test func versionAndHelpExitLikeRedis() throws {
        for arguments in [["--version"], ["-v"], ["--help"], ["-h"]] {
            let structd = try ProcessRunner.run(ServerProcess.structdBinary, arguments, timeout: .seconds(10))
            let redis = try ProcessRunner.run(ServerProcess.redisBinary, arguments, timeout: .seconds(10))
            #expect(structd.status == redis.status, "\(arguments): structd \(structd.status), redis \(redis.status)")
            if arguments[0].hasPrefix("-v") || arguments[0] == "--version" {
                // "<Name> server v=<version> sha=... malloc=... bits=64 build=..." on stdout.
                for result in [structd, redis] {
                    let line = result.output
                    #expect(line.contains(" server v=") && line.contains(" bits=64 ") && line.hasSuffix("\n"), "\(line)")
                }
            } else {
                for result in [structd, redis] {
                    #expect(result.errorOutput.hasPrefix("Usage: "), "\(result)")
                    #expect(result.output.isEmpty)
                }
            }
        }
    }

    /// Configuration errors, in a file or on the command line: Redis's exact FATAL CONFIG FILE
    /// ERROR report and exit code 1.
    @Test func configErrorsMatchRedis() throws {
        let files: [(String, String)] = [
            ("unknown directive", "port 0\nfoo bar\n"),
            ("bad memory value", "port 0\nmaxmemory abc\n"),
            ("bad boolean", "port 0\nappendonly maybe\n"),
            ("negative timeout", "port 0\nsave \"\"\n\n# comment\ntimeout -1\n"),
            ("port out of range", "port 70000\n"),
            ("bad enum", "loglevel loud\n"),
            ("not an integer", "maxclients 1x\n"),
            ("zero maxclients", "maxclients 0\n"),
            ("proto-max-bulk-len below 1mb", "proto-max-bulk-len 1000\n"),
            ("query buffer limit below 1mb", "client-query-buffer-limit 1048575\n"),
            ("wrong output limit class", "client-output-buffer-limit foo 1 1 1\n"),
            ("wrong output limit arity", "client-output-buffer-limit normal 1mb\n"),
            ("unbalanced quotes", "requirepass \"abc\n"),
            ("too many arguments", "timeout 1 2\n"),
        ]
        let directory = try TemporaryDirectory(prefix: "structd-config")
        var differences: [String] = []
        for (name, text) in files {
            let path = directory.path + "/bad.conf"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let structd = try ProcessRunner.run(ServerProcess.structdBinary, [path], timeout: .seconds(10))
            let redis = try ProcessRunner.run(ServerProcess.redisBinary, [path], timeout: .seconds(10))
            if structd.status != redis.status || structd.stderr != redis.stderr {
                differences.append("\(name):\n  redis:   \(redis)\n  structd: \(structd)")
            }
        }
        for arguments in [["--proto-max-bulk-len", "1000"], ["--maxclients", "0"], ["--no-such-option", "1"],
                          ["--client-query-buffer-limit", "1000"], ["--port", "-1"], ["--tcp-keepalive", "x"]] {
            let structd = try ProcessRunner.run(ServerProcess.structdBinary, arguments, timeout: .seconds(10))
            let redis = try ProcessRunner.run(ServerProcess.redisBinary, arguments, timeout: .seconds(10))
            if structd.status != redis.status || structd.stderr != redis.stderr {
                differences.append("\(arguments):\n  redis:   \(redis)\n  structd: \(structd)")
            }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    /// Seeded random bad configuration lines (each file ends in an unknown directive, so even
    /// a line that happens to be valid never starts a server): same report as Redis.
    @Test func randomConfigErrorsMatchRedis() throws {
        let seed = SeededRandom.seed(default: 0xC0_4F16)
        var random = SeededRandom(seed: seed)
        let directives = ["maxclients", "timeout", "port", "tcp-keepalive", "proto-max-bulk-len",
                          "client-query-buffer-limit", "loglevel", "databases", "hz", "maxmemory",
                          "protected-mode", "tcp-backlog", "unixsocketperm", "daemonize", "maxmemory-policy"]
        let values = ["-1", "abc", "1x", "99999999999999999999", "\"\"", "yes", "0", "1mb", "1gb", "2147483648",
                      "-2147483649", "0x10", "1.5", "notice", "allkeys-lru", "777", "1 2", "'a b'"]
        let directory = try TemporaryDirectory(prefix: "structd-config")
        let path = directory.path + "/random.conf"
        var differences: [String] = []
        for _ in 0..<25 {
            var text = ""
            for _ in 0..<random.int(in: 1...3) {
                text += "\(random.pick(directives)) \(random.pick(values))\n"
            }
            text += "no-such-directive-at-the-end\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let structd = try ProcessRunner.run(ServerProcess.structdBinary, [path], timeout: .seconds(10))
            let redis = try ProcessRunner.run(ServerProcess.redisBinary, [path], timeout: .seconds(10))
            if structd.status != redis.status || structd.stderr != redis.stderr {
                differences.append("\(text.debugDescription):\n  redis:   \(redis)\n  structd: \(structd)")
            }
        }
        #expect(differences.isEmpty, "seed \(seed) (replay with STRUCTD_DIFF_SEED=\(seed)):\n\(differences.prefix(5).joined(separator: "\n"))")
    }

    // MARK: start-up and shutdown

    /// The start-up log: Redis's line format, and the same lines in the same order (with the
    /// server's own name and version, pid and port).
    @Test func startupLogMatchesRedis() throws {
        let expected = ["is starting oO0OoO0OoO0Oo", "version=", "Configuration loaded", "monotonic clock: ",
                        "Running mode=standalone, port=", "Server initialized", "Ready to accept connections"]
        for server in [try ServerProcess.structd(), try ServerProcess.redis()] {
            let lines = server.log.split(separator: "\n")
            var messages: [String] = []
            for line in lines {
                guard let parsed = logMessage(line) else {
                    Issue.record("\(server): not in Redis's log format: \(line)")
                    continue
                }
                #expect(parsed.pid == Int(server.pid), "\(server): \(line)")
                messages.append(parsed.message)
            }
            var position = 0
            for fragment in expected {
                guard let found = messages[position...].firstIndex(where: { $0.contains(fragment) }) else {
                    Issue.record("\(server): no \"\(fragment)\" after line \(position) in\n\(server.log)")
                    break
                }
                position = found + 1
            }
            #expect(messages.contains { $0.contains("pid=\(server.pid), just started") }, "\(server)")
            #expect(messages.contains("Running mode=standalone, port=\(server.port)."), "\(server)")
        }
    }

    /// SIGINT and SIGTERM: a clean shutdown, exit code 0, Redis's log lines, the pid file
    /// removed.
    @Test(arguments: [SIGINT, SIGTERM])
    func signalsShutDownCleanly(signal: Int32) throws {
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        for kind in ["redis", "structd"] {
            let directory = try TemporaryDirectory(prefix: "structd-pid")
            let pidfile = directory.path + "/server.pid"
            let args = ["--pidfile", pidfile]
            let server = kind == "redis" ? try ServerProcess.redis(args: args) : try ServerProcess.structd(args: args)
            #expect(Robustness.eventually(timeout: .seconds(5)) { ProcFS.read(pidfile)?.hasSuffix("\n") == true })
            #expect(ProcFS.read(pidfile) == "\(server.pid)\n", "\(server): pid file")
            let client = try server.connect()
            #expect(try client.roundTrip("SET", "k", "v") == b("+OK\r\n"))
            server.signal(signal)
            #expect(server.waitForExit(timeout: .seconds(10)) == .exited(0), "\(server)")
            #expect(client.isClosedByPeer(timeout: .seconds(2)))
            #expect(server.log.contains("Received \(name) scheduling shutdown..."), "\(server.log)")
            #expect(server.log.contains("User requested shutdown..."))
            #expect(server.log.contains("is now ready to exit, bye bye..."))
            #expect(access(pidfile, F_OK) != 0, "\(server): pid file left behind")
        }
    }

    /// --daemonize yes --pidfile --logfile: the launcher exits 0 at once, the daemon writes its
    /// own pid, logs to the file, serves, and on SIGTERM removes the pid file and exits.
    @Test func daemonizesWithPidfileAndLogfile() throws {
        for (name, binary) in binaries {
            let directory = try TemporaryDirectory(prefix: "structd-daemon")
            let port = try PortReservation()
            let pidfile = directory.path + "/d.pid", logfile = directory.path + "/d.log"
            let launcher = try ProcessRunner.run(binary, ["--port", String(port.port), "--bind", "127.0.0.1", "--save", "",
                                                          "--daemonize", "yes", "--pidfile", pidfile, "--logfile", logfile,
                                                          "--dir", directory.path], timeout: .seconds(10))
            #expect(launcher.status == .exited(0), "\(name): \(launcher)")
            #expect(launcher.stdout.isEmpty, "\(name): the daemon logs to its file only")
            // The daemon creates the file, then writes its pid: wait for the whole line (an
            // existing but still empty file is not the answer yet).
            let complete = Robustness.eventually(timeout: .seconds(5)) { ProcFS.read(pidfile)?.hasSuffix("\n") == true }
            guard complete, let text = ProcFS.read(pidfile), let pid = pid_t(text.dropLast()), text.hasSuffix("\n") else {
                Issue.record("\(name): no pid file")
                continue
            }
            OrphanWatchdog.shared.register(pid)
            defer {
                if !processGone(pid) { kill(pid, SIGKILL) }
                OrphanWatchdog.shared.unregister(pid)
            }
            #expect(ProcFS.read("/proc/\(pid)/cmdline")?.hasPrefix(binary) == true || name == "redis", "\(name): pid \(pid) is not the daemon")
            #expect(Robustness.eventually(timeout: .seconds(5)) {
                (try? RawConnection(port: port.port, timeout: .seconds(1)).roundTrip("PING")) == b("+PONG\r\n")
            }, "\(name): daemon does not answer")
            let log = ProcFS.read(logfile) ?? ""
            #expect(log.contains("Ready to accept connections"), "\(name): \(log)")
            #expect(log.contains("pid=\(pid), just started"), "\(name): \(log)")
            kill(pid, SIGTERM)
            #expect(Robustness.eventually(timeout: .seconds(10)) { processGone(pid) }, "\(name): still running")
            #expect(Robustness.eventually(timeout: .seconds(2)) { access(pidfile, F_OK) != 0 }, "\(name): pid file left behind")
            let final = ProcFS.read(logfile) ?? ""
            #expect(final.contains("Removing the pid file."), "\(name)")
            #expect(final.contains("is now ready to exit, bye bye..."), "\(name)")
        }
    }

    // MARK: listeners

    /// --port 0 --unixsocket ... --unixsocketperm 700: no TCP, a socket file with mode 700
    /// that serves clients, removed on shutdown.
    @Test func servesOverAUnixSocketOnly() throws {
        for (name, binary) in binaries {
            let directory = try TemporaryDirectory(prefix: "structd-unix")
            let socketPath = directory.path + "/x.sock"
            let logPath = directory.path + "/server.log"
            let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            #expect(log >= 0)
            let pid = try Spawn.start(path: binary, arguments: ["--port", "0", "--save", "", "--unixsocket", socketPath,
                                                                "--unixsocketperm", "700"],
                                      directory: directory.path, stdout: log, stderr: log)
            close(log)
            defer { _ = Spawn.terminate(pid, grace: .seconds(5)) }
            #expect(waitForFile(socketPath), "\(name): no socket file")
            var info = stat()
            #expect(stat(socketPath, &info) == 0)
            #expect(info.st_mode & S_IFMT == S_IFSOCK, "\(name): not a socket")
            #expect(info.st_mode & 0o777 == 0o700, "\(name): mode \(String(info.st_mode & 0o777, radix: 8))")
            let client = try RawConnection(unixSocketPath: socketPath)
            #expect(try client.roundTrip("PING") == b("+PONG\r\n"))
            #expect(try client.roundTrip("ECHO", "over unix") == b("$9\r\nover unix\r\n"))
            let clientInfo = String(decoding: try client.roundTrip("CLIENT", "INFO"), as: UTF8.self)
            #expect(clientInfo.contains("addr=\(socketPath):0 ") && clientInfo.contains(" flags=U "), "\(name): \(clientInfo)")
            let logText = ProcFS.read(logPath) ?? ""
            #expect(logText.contains("The server is now ready to accept connections at \(socketPath)"), "\(name): \(logText)")
            #expect(Spawn.terminate(pid, grace: .seconds(10)) == .exited(0), "\(name)")
            #expect(access(socketPath, F_OK) != 0, "\(name): socket file left behind")
        }
    }

    /// --bind 127.0.0.1 ::1: reachable over IPv6, addresses shown as "[::1]:port".
    @Test(.enabled(if: hasIPv6Loopback && RedisCLI.available, "no IPv6 on the loopback interface"))
    func servesOverIPv6() throws {
        for server in [try ServerProcess.redis(args: ["--bind", "127.0.0.1", "::1"]),
                       try ServerProcess.structd(args: ["--bind", "127.0.0.1", "::1"])] {
            let cli = RedisCLI(port: server.port, host: "::1", timeout: .seconds(10))
            #expect(try cli.command("PING").output == "PONG\n", "\(server)")
            let info = try cli.command("CLIENT", "INFO").output
            #expect(info.contains("addr=[::1]:") && info.contains("laddr=[::1]:\(server.port) "), "\(server): \(info)")
        }
    }

    /// tcp-keepalive 100: accepted sockets carry a keepalive timer of 100 s (read from
    /// /proc/net/tcp, field "tr" = 2); tcp-keepalive 0: no timer.
    @Test(arguments: [100, 0])
    func tcpKeepaliveIsApplied(seconds: Int) throws {
        for server in [try ServerProcess.redis(args: ["--tcp-keepalive", String(seconds)]),
                       try ServerProcess.structd(args: ["--tcp-keepalive", String(seconds)])] {
            let client = try server.connect()
            #expect(try client.roundTrip("PING") == b("+PONG\r\n"))
            let portHex = String(format: "%04X", Int(server.port))
            var timers: [(active: Int, ticks: Int)] = []
            for line in (ProcFS.read("/proc/net/tcp") ?? "").split(separator: "\n").dropFirst() {
                // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
                let fields = line.split(separator: " ")
                guard fields.count > 5, fields[1].hasSuffix(":" + portHex), fields[3] == "01" else { continue }
                let timer = fields[5].split(separator: ":")
                if timer.count == 2, let active = Int(timer[0], radix: 16), let ticks = Int(timer[1], radix: 16) {
                    timers.append((active, ticks))
                }
            }
            #expect(timers.count == 1, "\(server): server-side sockets \(timers)")
            for timer in timers {
                if seconds > 0 {
                    #expect(timer.active == 2, "\(server): no keepalive timer")
                    #expect(timer.ticks > (seconds - 10) * 100 && timer.ticks <= seconds * 100, "\(server): \(timer)")
                } else {
                    #expect(timer.active == 0, "\(server): timer \(timer)")
                }
            }
        }
    }
}
