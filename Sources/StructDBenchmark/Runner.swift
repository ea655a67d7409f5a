// Runner: structd-benchmark's main flow.
//
//   1. Parse the command line (Options.swift); --help, --version, usage errors.
//   2. --tls: build the client context (TLSClient.swift); a bad CA/cert/key stops here.
//   3. Pick the tests (TestCatalog) or the free command; an unknown -t name is an error.
//   4. Preflight on one blocking connection: unreachable server, AUTH failure and a
//      server that wants a password are reported here, clearly, before any load; CONFIG
//      GET save/appendonly feed the report header (a server refusing CONFIG only loses
//      those two lines, as with redis-benchmark).
//   5. Per test: open -c connections (before the clock starts, as Redis; with --tls the
//      handshakes run on the workers' loops, also before the clock), spread them
//      round-robin over max(1, --threads) workers, one thread and one event loop each,
//      start the clock and the threads, show a progress line while waiting (only when
//      stdout is a terminal), merge the workers' histograms and error tallies, print.
// The elapsed time of a test runs from just before the first batch to the read that
// completed the last reply, so requests / elapsed is what the server saw.
//
// Exit status: 0 when every test ran and no reply was an error; 1 for usage errors,
// connection or setup failures, and runs in which the server rejected commands.

import EventLoop
import RESP
#if canImport(Glibc)
import Glibc
#endif

public enum BenchmarkMain {
    public static let version = "structd-benchmark 1.0 (redis-benchmark 7.0 compatible)"

    /// Whether this build can open TLS connections (TLSClient.swift, the TLS module).
    public static let tlsAvailable = true

    public static func run(arguments: [String]) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let options: BenchmarkOptions
        do {
            switch try OptionParser.parse(arguments) {
            case .help:
                out(OptionParser.usage)
                return 0
            case .version:
                out(version + "\n")
                return 0
            case .run(let o):
                options = o
            }
        } catch {
            if error.showUsage {
                out(error.message + "\n\n" + OptionParser.usage)
            } else {
                err("structd-benchmark: \(error.message)\n")
            }
            return 1
        }
        do {
            return try Runner(options).runAll()
        } catch {
            flushOut()
            err("\(error.message)\n")
            return 1
        }
    }

    // Output goes straight to the file descriptors with write(2): a few KB per test, and
    // no C stdio globals (which Swift 6 treats as shared mutable state).
    static func out(_ s: String) { writeAll(STDOUT_FILENO, s) }

    static func flushOut() {}

    static func err(_ s: String) { writeAll(STDERR_FILENO, s) }

    static func writeAll(_ fd: Int32, _ s: String) {
        var s = s
        s.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }
}

final class Runner {
    let options: BenchmarkOptions
    let address: ServerAddress
    let format: ReportFormat
    let progressLine: Bool
    var seed: UInt64
    var sawErrors = false
    /// --tls: the client context shared by every connection.
    var tls: BenchmarkTLS?

    init(_ options: BenchmarkOptions) {
        self.options = options
        address = ServerAddress(options)
        format = ReportFormat(options)
        progressLine = isatty(STDOUT_FILENO) == 1 && (format == .standard || format == .quiet)
        seed = options.seed ?? (UInt64(bitPattern: wallClockMicros()) ^ (UInt64(getpid()) << 32))
    }

    func runAll() throws(BenchmarkError) -> Int32 {
        tls = try BenchmarkTLS(options.tls)
        var random = SplitMix64(seed: seed)
        let tests: [BenchmarkTest]
        if !options.command.isEmpty {
            let args = options.command.map { Array($0.utf8) }
            tests = [TestCatalog.freeCommand(args, stdinArgument: options.stdinArgument ? Self.readStandardInput() : nil)]
        } else {
            let data = TestCatalog.payload(size: options.dataSize, random: &random)
            do {
                tests = try TestCatalog.tests(selected: options.tests, data: data, randomKeys: options.keyspaceLength != nil)
            } catch {
                throw BenchmarkError("structd-benchmark: \(error.description)")
            }
        }

        let server = try preflight()
        if !options.keepAlive {
            BenchmarkMain.out("WARNING: keepalive disabled, you probably need 'echo 1 > /proc/sys/net/ipv4/tcp_tw_reuse' for Linux and 'sudo sysctl -w net.inet.tcp.msl=1000' for Mac OS X in order to use a lot of clients/requests\n")
        }
        if format == .csv { BenchmarkMain.out(Report.csvHeader) }
        let prefix = prefixCommands()
        repeat {
            for test in tests {
                let result = try runTest(test, prefix: prefix)
                BenchmarkMain.out(Report.render(result, format: format, server: server))
                BenchmarkMain.flushOut()
                if result.errors.total > 0 {
                    sawErrors = true
                    BenchmarkMain.err(Report.errorSummary(result))
                }
            }
            if format == .standard || format == .quiet { BenchmarkMain.out("\n") }
            BenchmarkMain.flushOut()
        } while options.loop
        return sawErrors ? 1 : 0
    }

    /// The commands every new connection sends first, in redis-benchmark's order.
    func prefixCommands() -> (bytes: [UInt8], count: Int) {
        var commands: [[String]] = []
        if let password = options.password {
            commands.append(options.user.map { ["AUTH", $0, password] } ?? ["AUTH", password])
        }
        if options.enableTracking { commands.append(["CLIENT", "TRACKING", "on"]) }
        if options.dbnum != 0 { commands.append(["SELECT", String(options.dbnum)]) }
        if options.resp3 { commands.append(["HELLO", "3"]) }
        return (commands.flatMap { CommandTemplate.encode($0.map { Array($0.utf8) }) }, commands.count)
    }

    /// Checks the server before any load; returns the header's settings when available.
    func preflight() throws(BenchmarkError) -> ServerSettings? {
        let c = try SyncConnection(address, tls: tls)
        if let password = options.password {
            let reply = try c.call(options.user.map { ["AUTH", $0, password] } ?? ["AUTH", password])
            if case .error = reply {
                throw BenchmarkError("AUTH failed at \(address.description): \(reply.string ?? "")")
            }
        }
        if options.resp3 {
            let reply = try c.call(["HELLO", "3"])
            if case .error = reply { throw BenchmarkError("HELLO 3 failed at \(address.description): \(reply.string ?? "")") }
        }
        if options.dbnum != 0 {
            let reply = try c.call(["SELECT", String(options.dbnum)])
            if case .error = reply {
                throw BenchmarkError("SELECT \(options.dbnum) failed at \(address.description): \(reply.string ?? "")")
            }
        }
        var values: [String] = []
        for name in ["save", "appendonly"] {
            let reply = try c.call(["CONFIG", "GET", name])
            if case .error = reply {
                let text = reply.string ?? ""
                if text.hasPrefix("NOAUTH") {
                    throw BenchmarkError("\(address.description) requires authentication (\(text)): use -a <password>")
                }
                BenchmarkMain.err("WARNING: Could not fetch server CONFIG\n")
                return nil
            }
            guard let elements = reply.elements, elements.count >= 2 else {
                BenchmarkMain.err("WARNING: Could not fetch server CONFIG\n")
                return nil
            }
            values.append(elements[1].string ?? "")
        }
        return ServerSettings(save: values[0], appendonly: values[1])
    }

    func runTest(_ test: BenchmarkTest, prefix: (bytes: [UInt8], count: Int)) throws(BenchmarkError) -> TestResult {
        let command = CommandTemplate.bytes(of: test)
        let shared = SharedRun(total: options.requests)
        let workerCount = max(1, options.threads)
        let keyspace = options.keyspaceLength.map { UInt64($0) }
        let config = WorkerConfig(pipeline: options.pipeline, keyspace: keyspace, keepAlive: options.keepAlive,
                                  showErrors: options.showErrors, prefixCount: prefix.count, address: address,
                                  tls: tls)
        var workers: [Worker] = []
        for w in 0..<workerCount {
            seed = seed &+ 0x9E37_79B9_7F4A_7C15
            workers.append(try Worker(config: config, shared: shared, precision: options.precision,
                                      seed: seed ^ UInt64(w)))
        }
        var opened: [Int32] = []
        do {
            for i in 0..<options.clients {
                let fd = try address.connect(nonBlocking: true)
                opened.append(fd)
                let send = SendBuffer(prefix: prefix.bytes, command: command, pipeline: options.pipeline)
                let connection = BenchConnection(fd: fd, send: send, prefixCount: prefix.count)
                if let tls {
                    connection.tls = try tls.connection(fd: fd)
                    connection.handshaking = true
                }
                workers[i % workerCount].add(connection)
            }
        } catch {
            for fd in opened { close(fd) }
            throw error
        }

        var threads: [pthread_t] = []
        for worker in workers { threads.append(Self.startThread { worker.run() }) }
        // Each worker finishes its TLS handshakes (none without --tls), then waits for `go`.
        while shared.ready.load(ordering: .acquiring) < workers.count && !shared.stopped.load(ordering: .relaxed) {
            usleep(100)
        }
        let start = monotonicMicros()
        shared.go.store(true, ordering: .releasing)
        if progressLine { showProgress(test.title, workers: workers, start: start) }
        for t in threads { pthread_join(t, nil) }
        if progressLine { BenchmarkMain.out("\r" + String(repeating: " ", count: 100) + "\r") }

        if let message = shared.fatal.withLock({ $0 }) {
            throw BenchmarkError(message)
        }
        var histogram = LatencyHistogram(significantDigits: options.precision)
        var errors = ErrorTally()
        var end = start
        for worker in workers {
            histogram.merge(worker.histogram)
            errors.merge(worker.errors)
            end = max(end, worker.progress.lastCompletion.load(ordering: .relaxed))
        }
        return TestResult(title: test.title, requests: Int(histogram.count), elapsedMicros: end - start,
                          histogram: histogram, errors: errors, clients: options.clients,
                          pipeline: options.pipeline, threads: options.threads,
                          payloadSize: test.payloadSize, keepAlive: options.keepAlive)
    }

    /// The live line: requests done, current and overall rate, elapsed time; every 250 ms.
    func showProgress(_ title: String, workers: [Worker], start: Int64) {
        var previousDone = 0
        var previousTime = start
        var lastPrint = start
        while !workers.allSatisfy({ $0.progress.done.load(ordering: .acquiring) }) {
            usleep(10_000)
            let now = monotonicMicros()
            guard now - lastPrint >= 250_000 else { continue }
            lastPrint = now
            let done = workers.reduce(0) { $0 + $1.progress.finished.load(ordering: .relaxed) }
            let current = Double(done - previousDone) / (Double(now - previousTime) / 1_000_000)
            let overall = Double(done) / (Double(now - start) / 1_000_000)
            previousDone = done
            previousTime = now
            var line = "\(title): \(done)/\(options.requests) requests, "
            line += cFormat("rps=%.1f (overall: %.1f), %.1f s", current, overall, Double(now - start) / 1_000_000)
            BenchmarkMain.out("\r" + line + String(repeating: " ", count: max(0, 99 - line.count)))
            BenchmarkMain.flushOut()
        }
    }

    static func startThread(_ body: @escaping () -> Void) -> pthread_t {
        final class Box { let body: () -> Void; init(_ b: @escaping () -> Void) { body = b } }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return thread
    }

    static func readStandardInput() -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data += chunk[0..<n]
        }
        return data
    }
}
