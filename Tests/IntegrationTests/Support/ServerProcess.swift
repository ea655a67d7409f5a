// ServerProcess: one server (structd-server, or Debian's redis-server as the oracle) started
// for a test on a free loopback port, in its own temporary directory, and always stopped.
//
// Start-up: pick a port (bind 127.0.0.1:0, read it, close), spawn
//   <binary> [<dir>/server.conf] --port P --bind 127.0.0.1 --save '' [extra args...]
// with the working directory <dir> and stdout+stderr appended to <dir>/server.log, then wait
// (10 s by default) until three things hold: our process is alive, a PING on the port gets a
// reply, and (where /proc tells) the listening socket on the port belongs to our pid. The last
// check matters when another test process on the machine grabs the same port between our
// probe and the server's bind: the PING would otherwise reach a stranger's server. When the
// server exits saying the address is in use, start-up retries on a new port.
//
// Shutdown: `stop()` sends SIGTERM, waits (bounded), then SIGKILL; deinit does the same, then
// removes the directory (set STRUCTD_KEEP_TEST_DIRS=1 to keep it) and frees the port. A
// start-up that throws after the spawn runs deinit too, so a half-started server is stopped. If the test process dies
// first, OrphanWatchdog (ChildProcess.swift) kills the server.

import Foundation
import Glibc
import Synchronization

struct ServerStartError: Error, CustomStringConvertible {
    var description: String
}

/// A free loopback port held for one server; released when the last reference goes.
final class PortReservation: Sendable {
    let port: UInt16
    init() throws { port = try PortAllocator.reserve() }
    deinit { PortAllocator.release(port) }
}

/// A directory under $TMPDIR (or /tmp), removed when the last reference goes unless
/// STRUCTD_KEEP_TEST_DIRS is set.
final class TemporaryDirectory: Sendable {
    let path: String

    init(prefix: String) throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ServerStartError(description: "mkdtemp in \(base): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
        if ProcessInfo.processInfo.environment["STRUCTD_KEEP_TEST_DIRS"] == nil {
            OrphanWatchdog.shared.registerDirectory(path)
        }
    }

    deinit {
        if ProcessInfo.processInfo.environment["STRUCTD_KEEP_TEST_DIRS"] == nil {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}

/// Hands out free loopback ports, never the same one twice at once within this process.
enum PortAllocator {
    private static let inUse = Mutex<Set<UInt16>>([])

    static func reserve() throws -> UInt16 {
        for _ in 0..<100 {
            guard let port = probe() else { continue }
            let fresh = inUse.withLock { $0.insert(port).inserted }
            if fresh { return port }
        }
        throw ServerStartError(description: "no free loopback port found in 100 tries")
    }

    static func release(_ port: UInt16) {
        _ = inUse.withLock { $0.remove(port) }
    }

    /// A port the kernel considers free right now (it may be taken again at any moment).
    static func probe() -> UInt16? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        let port = UInt16(bigEndian: address.sin_port)
        return port == 0 ? nil : port
    }
}

extension sockaddr_in {
    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }
}

/// Small readers of /proc for start-up checks and memory figures.
enum ProcFS {
    /// Whole contents of a (/proc) file whose size stat() does not know.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Glibc.read(fd, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `pid` holds a socket listening on TCP `port`; nil when /proc cannot tell.
    static func owns(listeningPort port: UInt16, pid: pid_t) -> Bool? {
        var inodes: Set<Substring> = []
        var readable = false
        var tables: [String] = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = read(table) else { continue }
            readable = true
            tables.append(text)
        }
        guard readable else { return nil }
        for text in tables {
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                // sl local_address rem_address st ... inode(9); state 0A = LISTEN
                guard fields.count > 9, fields[3] == "0A", let colon = fields[1].lastIndex(of: ":"),
                      UInt16(fields[1][fields[1].index(after: colon)...], radix: 16) == port else { continue }
                inodes.insert(fields[9])
            }
        }
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return nil }
        for fd in fds {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                  target.hasPrefix("socket:[") else { continue }
            if inodes.contains(target.dropFirst(8).dropLast()) { return true }
        }
        return false
    }

    /// Resident set size of `pid` in KiB (VmRSS), nil if unknown.
    static func residentKiB(pid: pid_t) -> Int? {
        guard let status = read("/proc/\(pid)/status") else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }
}

final class ServerProcess: Sendable, CustomStringConvertible {
    /// "structd" or "redis" (or what `launch` was given): used in messages and diffs.
    let name: String
    let binary: String
    /// argv after the binary, exactly as started.
    let arguments: [String]
    var port: UInt16 { reservation.port }
    let pid: pid_t
    /// Temporary directory: the server's working directory, holding server.log, the config file,
    /// the Unix socket and any dump files.
    var directory: String { temporaryDirectory.path }
    /// stdout and stderr of the server, appended.
    let logPath: String
    let configPath: String?
    let unixSocketPath: String?

    private let exit = Mutex<ExitStatus?>(nil)
    // Released after deinit has stopped the process: the port, then the directory.
    private let reservation: PortReservation
    private let temporaryDirectory: TemporaryDirectory

    var description: String { "\(name) (pid \(pid), port \(port))" }

    // MARK: Locating binaries

    /// The package root, derived from this file's path (Tests/IntegrationTests/Support/...).
    static let packageRoot: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)
        return components.joined(separator: "/")
    }()

    /// STRUCTD_BIN if set (relative paths from the package root), else .build/debug/structd-server.
    static var structdBinary: String {
        if let path = ProcessInfo.processInfo.environment["STRUCTD_BIN"], !path.isEmpty {
            return path.hasPrefix("/") ? path : packageRoot + "/" + path
        }
        return packageRoot + "/.build/debug/structd-server"
    }

    /// REDIS_SERVER_BIN if set, else Debian's /usr/bin/redis-server.
    static var redisBinary: String {
        ProcessInfo.processInfo.environment["REDIS_SERVER_BIN"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/bin/redis-server"
    }

    static var structdAvailable: Bool { access(structdBinary, X_OK) == 0 }
    static var redisAvailable: Bool { access(redisBinary, X_OK) == 0 }

    // MARK: Starting

    /// Starts structd-server. `args` come after the defaults (so they can override them);
    /// `config` is written to <dir>/server.conf and passed as the first argument.
    static func structd(args: [String] = [], config: String? = nil, unixSocket: Bool = false,
                        startTimeout: Duration = .seconds(10)) throws -> ServerProcess {
        let binary = structdBinary
        guard access(binary, X_OK) == 0 else {
            throw ServerStartError(description: "structd-server not found at \(binary): run `swift build` (or set STRUCTD_BIN)")
        }
        return try launch(name: "structd", binary: binary, args: args, config: config,
                          unixSocket: unixSocket, startTimeout: startTimeout)
    }

    /// Starts Debian's redis-server, the oracle of differential tests.
    static func redis(args: [String] = [], config: String? = nil, unixSocket: Bool = false,
                      startTimeout: Duration = .seconds(10)) throws -> ServerProcess {
        let binary = redisBinary
        guard access(binary, X_OK) == 0 else {
            throw ServerStartError(description: "redis-server not found at \(binary): run scripts/install-deps.sh (Debian package redis-server)")
        }
        return try launch(name: "redis", binary: binary, args: args, config: config,
                          unixSocket: unixSocket, startTimeout: startTimeout)
    }

    /// Starts any redis-server-compatible binary (see the top comment for the arguments).
    static func launch(name: String, binary: String, args: [String] = [], config: String? = nil,
                       unixSocket: Bool = false, startTimeout: Duration = .seconds(10)) throws -> ServerProcess {
        guard access(binary, X_OK) == 0 else {
            throw ServerStartError(description: "\(name): \(binary) is not an executable file")
        }
        guard !args.contains(where: { $0.lowercased() == "--port" }) else {
            throw ServerStartError(description: "\(name): do not pass --port; the harness picks a free port (server.port)")
        }
        var lastLog = ""
        for _ in 0..<5 {
            // A fresh directory and port per attempt, each released once, whatever happens.
            let directory = try TemporaryDirectory(prefix: "structd-\(name)")
            let port = try PortReservation()
            do {
                return try ServerProcess(name: name, binary: binary, extraArgs: args, config: config,
                                         unixSocket: unixSocket, directory: directory, port: port,
                                         startTimeout: startTimeout)
            } catch let error as PortInUse {
                lastLog = error.log
            }
        }
        throw ServerStartError(description: "\(name): port in use on 5 attempts; last log:\n\(lastLog)")
    }

    private struct PortInUse: Error { var log: String }

    private init(name: String, binary: String, extraArgs: [String], config: String?, unixSocket: Bool,
                 directory temporaryDirectory: TemporaryDirectory, port reservation: PortReservation,
                 startTimeout: Duration) throws {
        self.name = name
        self.binary = binary
        self.temporaryDirectory = temporaryDirectory
        self.reservation = reservation
        let directory = temporaryDirectory.path
        let port = reservation.port
        logPath = directory + "/server.log"
        configPath = config == nil ? nil : directory + "/server.conf"
        unixSocketPath = unixSocket ? directory + "/server.sock" : nil

        if let config, let configPath {
            try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        }
        func given(_ option: String) -> Bool { extraArgs.contains { $0.lowercased() == option } }
        var arguments: [String] = []
        if let configPath { arguments.append(configPath) }
        arguments += ["--port", String(port)]
        if !given("--bind") { arguments += ["--bind", "127.0.0.1"] }
        if !given("--save") { arguments += ["--save", ""] }
        if let unixSocketPath { arguments += ["--unixsocket", unixSocketPath] }
        arguments += extraArgs
        self.arguments = arguments

        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else {
            throw ServerStartError(description: "cannot create \(logPath): \(String(cString: strerror(errno)))")
        }
        let logStart = lseek(log, 0, SEEK_END)
        defer { close(log) }
        pid = try Spawn.start(path: binary, arguments: arguments, directory: directory, stdout: log, stderr: log)

        // From here on deinit stops the process if start-up fails.
        let deadline = Deadline(startTimeout)
        var pause = Duration.milliseconds(5)
        while true {
            if let status = reapIfExited() {
                let text = logTail(from: Int(logStart))
                if text.lowercased().contains("address already in use") { throw PortInUse(log: text) }
                throw ServerStartError(description: "\(name) \(status) during start-up: \(binary) \(Self.quoted(arguments))\n--- log ---\n\(text)")
            }
            if answersPing(), ProcFS.owns(listeningPort: port, pid: pid) != false { return }
            if deadline.expired {
                throw ServerStartError(description: "\(name) did not answer PING on port \(port) within \(startTimeout): \(binary) \(Self.quoted(arguments))\n--- log ---\n\(logTail(from: Int(logStart)))")
            }
            sleepBriefly(min(pause, deadline.remaining))
            pause = min(pause * 2, .milliseconds(100))
        }
    }

    deinit {
        stop()
    }

    private func answersPing() -> Bool {
        guard let connection = try? RawConnection(port: port, timeout: .seconds(1)) else { return false }
        guard (try? connection.send(command: ["PING"])) != nil,
              let reply = try? connection.readReplyBytes() else { return false }
        // Any reply means the server is up, except "still loading the dataset".
        return !reply.starts(with: Array("-LOADING".utf8))
    }

    // MARK: Running state

    private func reapIfExited() -> ExitStatus? {
        exit.withLock { status in
            if status == nil { status = Spawn.reapIfExited(pid) }
            return status
        }
    }

    var isRunning: Bool { reapIfExited() == nil }

    /// Exit status once the server has exited (and been reaped), nil while it runs.
    var exitStatus: ExitStatus? { reapIfExited() }

    /// Waits up to `timeout` for the server to exit on its own (after SHUTDOWN, a crash...).
    func waitForExit(timeout: Duration = .seconds(10)) -> ExitStatus? {
        let deadline = Deadline(timeout)
        while true {
            if let status = reapIfExited() { return status }
            if deadline.expired { return nil }
            sleepBriefly(min(.milliseconds(10), deadline.remaining))
        }
    }

    /// Sends `signal` if the server still runs.
    func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// SIGTERM, up to `timeout` to exit, then SIGKILL. Idempotent; returns how it ended.
    @discardableResult
    func stop(timeout: Duration = .seconds(10)) -> ExitStatus {
        exit.withLock { status in
            if let status { return status }
            let ended = Spawn.terminate(pid, grace: timeout)
            status = ended
            return ended
        }
    }

    // MARK: Logs and figures

    /// Everything the server has written to stdout and stderr so far.
    var log: String { ProcFS.read(logPath) ?? "" }

    /// Waits up to `timeout` for `text` to appear in the log.
    func waitForLog(containing text: String, timeout: Duration = .seconds(5)) -> Bool {
        let deadline = Deadline(timeout)
        while true {
            if log.contains(text) { return true }
            if deadline.expired { return false }
            sleepBriefly(min(.milliseconds(20), deadline.remaining))
        }
    }

    private func logTail(from offset: Int, lines: Int = 40) -> String {
        let text = log
        let utf8 = Array(text.utf8)
        let tail = String(decoding: utf8[min(offset, utf8.count)...], as: UTF8.self)
        return tail.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// VmRSS of the server process in KiB.
    var residentKiB: Int? { ProcFS.residentKiB(pid: pid) }

    // MARK: Clients

    func connect(timeout: Duration = .seconds(5)) throws -> RawConnection {
        try RawConnection(port: port, timeout: timeout)
    }

    func connectUnix(timeout: Duration = .seconds(5)) throws -> RawConnection {
        guard let unixSocketPath else {
            throw ServerStartError(description: "\(self) was started without unixSocket: true")
        }
        return try RawConnection(unixSocketPath: unixSocketPath, timeout: timeout)
    }

    var cli: RedisCLI { RedisCLI(port: port) }

    // MARK: Helpers

    private static func quoted(_ arguments: [String]) -> String {
        arguments.map { $0.isEmpty ? "''" : $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
    }
}
