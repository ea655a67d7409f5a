// Child processes for the integration tests: spawning, bounded waiting, reaping, and a
// watchdog so no server outlives the test process.
//
// Why posix_spawn and not Foundation's Process: we need every inherited descriptor closed in
// the child (a server that inherits a test's client socket keeps that connection open after
// the test closes it, and one that inherits the test runner's output pipe makes `swift test`
// wait for it), default signal dispositions, a working directory, and exact control of
// waitpid so a pid is never reaped behind our back. Glibc hides the `_np` file actions from
// Swift (they need _GNU_SOURCE), so they are looked up with dlsym.
//
// Orphans: a test process can die without running deinit (crash, fatalError, SIGKILL from a
// timeout). Every child is registered with `OrphanWatchdog`, a tiny /bin/sh process that
// reads "pid" / "-pid" lines from a socket whose other end only the test process holds. When
// the test process dies, the socket reaches EOF and the watchdog SIGKILLs whatever is still
// registered. A pid is unregistered before it is reaped (waitid WNOWAIT), so the watchdog can
// never kill an unrelated process that reused the pid. Temporary directories ("/path" lines)
// are removed then too; only paths containing "/structd-", the harness's mkdtemp prefix.

import Foundation
import Glibc
import Synchronization

/// A point in time a bounded wait must not pass.
struct Deadline {
    let end: ContinuousClock.Instant

    init(_ timeout: Duration) { end = ContinuousClock.now.advanced(by: timeout) }

    var expired: Bool { ContinuousClock.now >= end }
    var remaining: Duration { max(.zero, end - ContinuousClock.now) }
    /// Remaining time in milliseconds for poll(2), at least 0, rounded up.
    var remainingMilliseconds: Int32 { Int32(clamping: (remaining.attoseconds / 1_000_000_000_000_000 + 1) + remaining.seconds * 1000) }
}

extension Duration {
    var seconds: Int64 { components.seconds }
    var attoseconds: Int64 { components.attoseconds }
    var timeInterval: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Sleep the calling thread (the harness is synchronous on purpose: see docs/testing.md).
func sleepBriefly(_ duration: Duration) {
    let micros = duration.seconds * 1_000_000 + duration.attoseconds / 1_000_000_000_000
    usleep(UInt32(clamping: max(1, micros)))
}

enum ExitStatus: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// Shell-style code: the exit code, or 128 + signal.
    var code: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    var description: String {
        switch self {
        case .exited(let code): "exited with code \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}

struct SpawnError: Error, CustomStringConvertible {
    var description: String
}

enum Spawn {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    /// Starts `path` with `arguments` (argv[1...]). `stdin`/`stdout`/`stderr` are descriptors of
    /// this process to install as 0/1/2 in the child (nil: /dev/null). Every other descriptor
    /// is closed in the child. The child is registered with the orphan watchdog.
    static func start(path: String, arguments: [String], directory: String? = nil,
                      stdin: Int32? = nil, stdout: Int32? = nil, stderr: Int32? = nil,
                      watchdog: OrphanWatchdog? = .shared) throws -> pid_t {
        guard access(path, X_OK) == 0 else {
            throw SpawnError(description: "\(path) is not an executable file")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        // Default dispositions and an empty mask, whatever the test runner set for itself.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        for (target, source) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            if let source {
                posix_spawn_file_actions_adddup2(&actions, source, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        let closeFrom = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        if let closeFrom {
            _ = unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 3)
        } else {
            // Older libc: close what is open right now (descriptors opened concurrently by
            // other threads may slip through; they are all close-on-exec in this harness).
            let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            for fd in open.compactMap(Int32.init) where fd > 2 {
                posix_spawn_file_actions_addclose(&actions, fd)
            }
        }
        if let directory {
            guard let chdir = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
                throw SpawnError(description: "this libc cannot set a working directory in posix_spawn")
            }
            _ = unsafeBitCast(chdir, to: ChangeDirectory.self)(&actions, directory)
        }

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }

        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, environment)
        guard result == 0 else {
            throw SpawnError(description: "posix_spawn \(path): \(String(cString: strerror(result)))")
        }
        watchdog?.register(pid)
        return pid
    }

    /// If `pid` (our child) has exited: unregister it from the watchdog, reap it, and return its
    /// status. Nil while it runs. Never blocks.
    static func reapIfExited(_ pid: pid_t, watchdog: OrphanWatchdog? = .shared) -> ExitStatus? {
        var info = siginfo_t()
        // Look without reaping first, so the pid is unregistered while it still cannot be reused.
        let peek = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        if peek == 0 && info.si_signo != SIGCHLD { return nil }  // still running
        if peek != 0 && errno == EINTR { return nil }            // ask again next time
        watchdog?.unregister(pid)
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, 0) } while reaped == -1 && errno == EINTR
        // ECHILD: not (or no longer) our child, so nothing is left to wait for.
        return reaped == pid ? ExitStatus(waitStatus: status) : .exited(-1)
    }

    /// Waits up to `timeout` for `pid` to exit (reaping it).
    static func waitForExit(_ pid: pid_t, timeout: Duration, watchdog: OrphanWatchdog? = .shared) -> ExitStatus? {
        let deadline = Deadline(timeout)
        var pause = Duration.milliseconds(1)
        while true {
            if let status = reapIfExited(pid, watchdog: watchdog) { return status }
            if deadline.expired { return nil }
            sleepBriefly(min(pause, deadline.remaining))
            pause = min(pause * 2, .milliseconds(50))
        }
    }

    /// `signal` (SIGTERM by default), up to `grace` to exit, then SIGKILL and a final wait.
    static func terminate(_ pid: pid_t, signal: Int32 = SIGTERM, grace: Duration,
                          watchdog: OrphanWatchdog? = .shared) -> ExitStatus {
        if let status = reapIfExited(pid, watchdog: watchdog) { return status }
        kill(pid, signal)
        if let status = waitForExit(pid, timeout: grace, watchdog: watchdog) { return status }
        kill(pid, SIGKILL)
        // SIGKILL cannot be ignored; this wait only covers a process stuck in the kernel.
        if let status = waitForExit(pid, timeout: .seconds(10), watchdog: watchdog) { return status }
        return .signaled(SIGKILL)
    }
}

/// Kills registered children when the test process dies, however it dies (see the top comment).
final class OrphanWatchdog: Sendable {
    static let shared = OrphanWatchdog()

    private struct State {
        var socket: Int32 = -1
        var pid: pid_t = 0
        var failed = false
    }
    private let state = Mutex(State())

    private static let script = """
        trap '' INT HUP TERM PIPE
        pids=' '
        dirs=''
        while IFS= read -r line; do
          case $line in
            /*) dirs="$dirs$line
        " ;;
            -*) p=${line#-}
                case $pids in *" $p "*) pids="${pids%% $p *} ${pids#* $p }" ;; esac ;;
            *) pids="$pids$line " ;;
          esac
        done
        for p in $pids; do kill -KILL "$p" 2>/dev/null; done
        printf '%s' "$dirs" | while IFS= read -r d; do
          case $d in */structd-*) rm -rf -- "$d" ;; esac
        done
        """

    init() {}

    func register(_ pid: pid_t) { send("\(pid)\n") }
    func unregister(_ pid: pid_t) { send("-\(pid)\n") }
    /// Removes `path` (absolute, containing "/structd-") if the test process dies; removing
    /// it earlier is fine, nothing needs unregistering.
    func registerDirectory(_ path: String) {
        guard path.hasPrefix("/"), path.contains("/structd-"), !path.contains("\n") else { return }
        send(path + "\n")
    }

    /// The watchdog's own pid (starting it if needed); for the self-tests.
    var watchdogPID: pid_t? {
        state.withLock { state in
            startIfNeeded(&state)
            return state.pid > 0 ? state.pid : nil
        }
    }

    /// Closes our end as if this process had died: the watchdog kills every registered pid and
    /// exits. For the self-tests, on a private instance.
    func simulateParentDeath() -> ExitStatus? {
        let (socket, pid) = state.withLock { state in
            defer { state.socket = -1; state.pid = 0; state.failed = true }
            return (state.socket, state.pid)
        }
        guard socket >= 0 else { return nil }
        close(socket)
        return Spawn.waitForExit(pid, timeout: .seconds(10), watchdog: nil)
    }

    private func send(_ line: String) {
        state.withLock { state in
            startIfNeeded(&state)
            guard state.socket >= 0 else { return }
            let bytes = Array(line.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(state.socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { state.failed = true; return }
                sent += n
            }
        }
    }

    private func startIfNeeded(_ state: inout State) {
        guard state.socket < 0, !state.failed else { return }
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            state.failed = true
            return
        }
        // Registering must never hang a test, even if the watchdog stopped reading.
        var limit = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(pair[0], SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        do {
            state.pid = try Spawn.start(path: "/bin/sh", arguments: ["-c", Self.script, "structd-test-watchdog"],
                                        stdin: pair[1], watchdog: nil)
            state.socket = pair[0]
        } catch {
            close(pair[0])
            state.failed = true
        }
        close(pair[1])
    }
}

/// Output of a finished child run by `ProcessRunner`.
struct ProcessResult: Sendable, CustomStringConvertible {
    var status: ExitStatus
    var stdout: [UInt8]
    var stderr: [UInt8]

    var exitCode: Int32 { status.code }
    var output: String { String(decoding: stdout, as: UTF8.self) }
    var errorOutput: String { String(decoding: stderr, as: UTF8.self) }
    /// stdout split into lines, without the final empty line.
    var lines: [String] {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    var description: String {
        "\(status); stdout \(RESPFramer.escape(stdout, limit: 1000)); stderr \(RESPFramer.escape(stderr, limit: 1000))"
    }
}

enum ProcessRunner {
    struct TimedOut: Error, CustomStringConvertible {
        var command: [String]
        var partial: ProcessResult
        var description: String { "timed out: \(command.joined(separator: " ")); so far: \(partial)" }
    }

    /// Runs `path arguments...` to completion, feeding `input` to its stdin, collecting stdout
    /// and stderr. Throws `TimedOut` (after SIGKILLing the child) past `timeout`.
    static func run(_ path: String, _ arguments: [String], input: [UInt8] = [],
                    timeout: Duration = .seconds(60)) throws -> ProcessResult {
        // Socket pairs, not pipes: created close-on-exec atomically (pipe2 is hidden from Swift),
        // and writing to a child that already exited gives EPIPE (MSG_NOSIGNAL) instead of
        // killing the test process with SIGPIPE.
        var stdinPair: [Int32] = [-1, -1]
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        let cloexec = Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | cloexec, 0, &stdinPair) == 0,
              socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | cloexec, 0, &outPipe) == 0,
              socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | cloexec, 0, &errPipe) == 0 else {
            for fd in stdinPair + outPipe + errPipe where fd >= 0 { close(fd) }
            throw SpawnError(description: "cannot create pipes: \(String(cString: strerror(errno)))")
        }
        let pid: pid_t
        do {
            pid = try Spawn.start(path: path, arguments: arguments, stdin: stdinPair[1], stdout: outPipe[1], stderr: errPipe[1])
        } catch {
            for fd in stdinPair + outPipe + errPipe { close(fd) }
            throw error
        }
        close(stdinPair[1]); close(outPipe[1]); close(errPipe[1])

        var writeFD = stdinPair[0]
        var written = 0
        var outputs: [Int32: [UInt8]] = [outPipe[0]: [], errPipe[0]: []]
        var open: Set<Int32> = [outPipe[0], errPipe[0]]
        if input.isEmpty { shutdown(writeFD, Int32(SHUT_WR)); close(writeFD); writeFD = -1 }
        else { _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK) }

        let deadline = Deadline(timeout)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty || writeFD >= 0 {
            if deadline.expired { break }
            var fds = open.sorted().map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if writeFD >= 0 { fds.append(pollfd(fd: writeFD, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), min(deadline.remainingMilliseconds, 100))
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == writeFD {
                    let n = input[written...].withUnsafeBytes { send(writeFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if n > 0 { written += n }
                    if (n < 0 && errno != EAGAIN && errno != EINTR) || written == input.count {
                        close(writeFD)  // EOF for the child, or it stopped reading
                        writeFD = -1
                    }
                } else {
                    let n = read(entry.fd, &chunk, chunk.count)
                    if n > 0 { outputs[entry.fd]! += chunk[0..<n] }
                    else if n == 0 || (errno != EINTR && errno != EAGAIN) { open.remove(entry.fd); close(entry.fd) }
                }
            }
        }
        let finished = open.isEmpty && writeFD < 0
        if writeFD >= 0 { close(writeFD) }
        for fd in open { close(fd) }
        // Output closed: the child normally exits right away. One that keeps running after
        // closing its output, or that ran out of time, is killed and reported as timed out.
        let exited = finished ? Spawn.waitForExit(pid, timeout: max(deadline.remaining, .seconds(1))) : nil
        let status = exited ?? Spawn.terminate(pid, signal: SIGKILL, grace: .seconds(5))
        let result = ProcessResult(status: status, stdout: outputs[outPipe[0]]!, stderr: outputs[errPipe[0]]!)
        guard exited != nil else { throw TimedOut(command: [path] + arguments, partial: result) }
        return result
    }
}
