// Worker: one event loop (the EventLoop module's Epoll) driving a share of the clients.
//
// Each connection runs redis-benchmark's cycle: claim up to -P requests from the shared
// counter, refresh the __rand_int__ digits, send the batch, read until every reply of the
// batch has been scanned, record the batch's latency once for all its replies, repeat.
// The counter is one atomic shared by all workers, so exactly -n commands are sent in
// total (the last batch is cut short) and the server's call count equals the reported
// request count.
//
// The loop is built not to be the bottleneck: sockets stay registered for EPOLLIN only;
// a batch is written right after the previous batch's last reply (no wait for EPOLLOUT;
// EPOLLOUT is asked for only when the kernel takes part of a batch); replies are scanned
// in place in the read buffer (ReplyScanner) and never decoded; the send buffer is built
// once per connection and patched in place. Per request there is one send, one read and a
// share of an epoll_wait, and no allocation. Latency is measured from the batch's send to
// the read that completed each reply, in microseconds (CLOCK_MONOTONIC).
//
// Errors: an error reply is counted (per distinct message; the message is compared with
// the previous one before any String is made) and the run goes on; -e also prints them as
// they come, at most one per second. A failed prefix command (AUTH, SELECT, HELLO), a
// closed connection or a protocol error stops every worker (SharedRun.fail).
//
// --tls: each connection first runs its SSL_connect steps on this loop (a connection that
// waits for the server to answer stays registered for EPOLLIN, for EPOLLOUT too while its
// flight is not all on the socket); its first batch goes out when the handshake is done.
// Batches are then SSL_write and replies SSL_read through the TLS module's TLSConnection,
// whose records are written from memory: a write it could not finish reports `again` and is
// offered the same bytes on the next writable event. After each read the connection is read
// again while OpenSSL holds decrypted bytes (`pending`), which epoll cannot see.

import CSystem
import EventLoop
import RESP
import Synchronization
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// State shared by the workers of one test and the thread that waits for them.
final class SharedRun: Sendable {
    let total: Int
    let issued = Atomic<Int>(0)
    let stopped = Atomic<Bool>(false)
    let fatal = Mutex<String?>(nil)
    /// --tls: workers whose handshakes are all done, and the signal to start the load (the
    /// clock starts after the handshakes, as redis-benchmark connects before its clock).
    let ready = Atomic<Int>(0)
    let go = Atomic<Bool>(false)

    init(total: Int) { self.total = total }

    /// Claims up to `want` requests; 0 when all are taken.
    @inline(__always)
    func claim(_ want: Int) -> Int {
        let old = issued.wrappingAdd(want, ordering: .relaxed).oldValue
        return old >= total ? 0 : min(want, total - old)
    }

    func fail(_ message: String) {
        fatal.withLock { if $0 == nil { $0 = message } }
        stopped.store(true, ordering: .relaxed)
    }
}

/// What the waiting thread reads while a worker runs.
final class WorkerProgress: Sendable {
    let finished = Atomic<Int>(0)
    let done = Atomic<Bool>(false)
    /// Monotonic µs of the last completed batch.
    let lastCompletion = Atomic<Int64>(0)
}

/// One client connection of a worker.
final class BenchConnection {
    var fd: Int32
    let send: SendBuffer
    /// Where the next batch starts in `send.bytes`: 0 while the prefix is still to be sent.
    var sendStart = 0
    var sendEnd = 0
    var written = 0
    /// Replies to prefix commands still expected on this connection.
    var prefixPending: Int
    /// Replies of the current batch still expected.
    var outstanding = 0
    var batchStart: Int64 = 0
    var wantsWrite = false
    var idle = false
    /// --tls: the connection's TLS state, and whether its handshake is still running.
    var tls: TLSConnection?
    var handshaking = false
    /// --tls: the last write stopped until the socket is readable (OpenSSL must read first).
    var writeAfterRead = false
    let input = IOBuffer(capacity: 16 * 1024)
    var scanner = ReplyScanner()

    init(fd: Int32, send: SendBuffer, prefixCount: Int) {
        self.fd = fd
        self.send = send
        prefixPending = prefixCount
        sendStart = prefixCount > 0 ? 0 : send.prefixLength
    }
}

struct WorkerConfig {
    var pipeline: Int
    /// -r keyspace; nil leaves "__rand_int__" as it is.
    var keyspace: UInt64?
    var keepAlive: Bool
    var showErrors: Bool
    var prefixCount: Int
    var address: ServerAddress
    var tls: BenchmarkTLS? = nil
}

final class Worker {
    let config: WorkerConfig
    let shared: SharedRun
    let progress = WorkerProgress()
    private let epoll: Epoll
    private var connections: [BenchConnection] = []
    private var byFd: [BenchConnection?] = []
    private var active = 0
    private var handshakesLeft = 0
    private var loadStarted = false
    private var finished = 0
    private var lastCompletion: Int64 = 0
    private var lastErrorPrint: Int64 = -2_000_000
    private var lastErrorBytes: [UInt8] = []
    private var lastErrorIndex = -1
    var histogram: LatencyHistogram
    var errors = ErrorTally()
    var random: SplitMix64

    init(config: WorkerConfig, shared: SharedRun, precision: Int, seed: UInt64) throws(BenchmarkError) {
        self.config = config
        self.shared = shared
        histogram = LatencyHistogram(significantDigits: precision)
        random = SplitMix64(seed: seed)
        do { epoll = try Epoll(capacity: 1024) } catch { throw BenchmarkError("epoll: \(error)") }
    }

    func add(_ c: BenchConnection) {
        connections.append(c)
        if c.handshaking { handshakesLeft += 1 }
        register(c)
    }

    private func register(_ c: BenchConnection) {
        let i = Int(c.fd)
        if i >= byFd.count { byFd += [BenchConnection?](repeating: nil, count: i + 1 - byFd.count + 64) }
        byFd[i] = c
        epoll.add(c.fd, .readable)
    }

    /// Runs until every request is done or the run is stopped.
    func run() {
        active = connections.count
        handshakeAll()
        shared.ready.add(1, ordering: .releasing)
        while !shared.go.load(ordering: .acquiring) && !shared.stopped.load(ordering: .relaxed) { usleep(100) }
        loadStarted = true
        for c in connections where !shared.stopped.load(ordering: .relaxed) { startBatch(c) }
        while active > 0 && !shared.stopped.load(ordering: .relaxed) {
            let n = epoll.wait(timeoutMs: 200)
            var i = 0
            while i < n {
                let fd = Int(epoll.readyFds[i])
                let events = epoll.readyEvents[i]
                i += 1
                guard fd < byFd.count, let c = byFd[fd] else { continue }
                if c.handshaking {
                    continueHandshake(c)
                    continue
                }
                if c.wantsWrite && Epoll.isWritable(events) { flush(c) }
                if c.writeAfterRead && Epoll.isReadable(events) {
                    c.writeAfterRead = false
                    flush(c)
                }
                if Epoll.isReadable(events) {
                    readReplies(c)
                    // Decrypted bytes OpenSSL kept (a record bigger than the read): epoll
                    // will not report them. Each round takes at least one byte.
                    while let tls = c.tls, !c.handshaking, tls.pending > 0, !shared.stopped.load(ordering: .relaxed) {
                        readReplies(c)
                    }
                }
            }
        }
        for c in connections {
            epoll.remove(c.fd)
            c.tls?.close()
            close(c.fd)
        }
        progress.lastCompletion.store(lastCompletion, ordering: .relaxed)
        progress.done.store(true, ordering: .releasing)
    }

    @inline(__always)
    private func startBatch(_ c: BenchConnection) {
        let k = shared.claim(config.pipeline)
        if k == 0 {
            c.idle = true
            active -= 1
            return
        }
        c.outstanding = k
        if let keyspace = config.keyspace, c.send.randomPerCommand > 0 {
            c.send.randomize(commands: k, keyspace: keyspace, random: &random)
        }
        c.sendEnd = c.send.prefixLength + k &* c.send.commandLength
        c.written = c.sendStart
        c.batchStart = monotonicMicros()
        flush(c)
    }

    /// --tls: the handshakes of this worker's connections, before the load starts.
    private func handshakeAll() {
        for c in connections where c.handshaking { continueHandshake(c) }
        let deadline = monotonicMicros() + 10_000_000
        while handshakesLeft > 0 && !shared.stopped.load(ordering: .relaxed) {
            if monotonicMicros() > deadline {
                shared.fail("Could not negotiate a TLS connection: Timed out waiting for the server")
                return
            }
            let n = epoll.wait(timeoutMs: 200)
            for i in 0..<n {
                let fd = Int(epoll.readyFds[i])
                if fd < byFd.count, let c = byFd[fd], c.handshaking { continueHandshake(c) }
            }
        }
    }

    /// One SSL_connect step; once the load runs (-k 0 reconnects), the connection's next
    /// batch starts when it is done.
    private func continueHandshake(_ c: BenchConnection) {
        guard let tls = c.tls else { return }
        switch tls.handshake() {
        case .done:
            c.handshaking = false
            setWritable(c, false)
            if loadStarted { startBatch(c) } else { handshakesLeft -= 1 }
        case .inProgress:
            setWritable(c, tls.handshakeWantsWrite)
        case .failed:
            shared.fail(BenchmarkTLS.handshakeFailure(tls))
        }
    }

    @inline(__always)
    private func setWritable(_ c: BenchConnection, _ on: Bool) {
        if c.wantsWrite == on { return }
        c.wantsWrite = on
        epoll.modify(c.fd, on ? [.readable, .writable] : .readable)
    }

    /// --tls: the batch through SSL_write (see the top comment).
    private func flushTLS(_ c: BenchConnection, _ tls: TLSConnection) {
        if tls.pendingOutput > 0 {
            // Records OpenSSL wrote on its own (inside SSL_read) that the socket refused.
            let f = tls.flush()
            if f == TLSConnection.again {
                setWritable(c, true)
                return
            }
            if f == TLSConnection.failed {
                shared.fail("Error writing to the server: \(tls.lastError)")
                return
            }
        }
        while c.written < c.sendEnd {
            let n = tls.write(c.send.bytes + c.written, c.sendEnd - c.written)
            if n > 0 {
                c.written += n
                continue
            }
            if n == TLSConnection.again {
                if tls.writeWantsRead {
                    tls.writeWantsRead = false
                    c.writeAfterRead = true
                    setWritable(c, false)
                } else {
                    setWritable(c, true)
                }
                return
            }
            shared.fail("Error writing to the server: \(tls.lastError)")
            return
        }
        setWritable(c, false)
    }

    @inline(__always)
    private func flush(_ c: BenchConnection) {
        if let tls = c.tls {
            flushTLS(c, tls)
            return
        }
        while c.written < c.sendEnd {
            let n = Glibc.send(c.fd, c.send.bytes + c.written, c.sendEnd - c.written, Int32(MSG_NOSIGNAL))
            if n > 0 {
                c.written += n
                continue
            }
            let e = errno
            if n < 0 && e == EINTR { continue }
            if n < 0 && (e == EAGAIN || e == EWOULDBLOCK) {
                if !c.wantsWrite {
                    c.wantsWrite = true
                    epoll.modify(c.fd, [.readable, .writable])
                }
                return
            }
            shared.fail(e == EPIPE || e == ECONNRESET ? "Server closed the connection"
                                                      : "Error writing to the server: \(String(cString: strerror(e)))")
            return
        }
        if c.wantsWrite {
            c.wantsWrite = false
            epoll.modify(c.fd, .readable)
        }
    }

    private func readReplies(_ c: BenchConnection) {
        let buf = c.input
        if buf.isEmpty && !c.scanner.inProgress {
            buf.readIndex = 0
            buf.writeIndex = 0
        }
        buf.reserve(4096)
        if let tls = c.tls {
            // One TLS record is up to 16 KiB: offer room for a whole one when it is cheap.
            buf.reserve(16 * 1024)
            let n = tls.read(buf.writePointer, buf.writableBytes)
            if n > 0 {
                buf.writeIndex += n
            } else if n == TLSConnection.again {
                if tls.pendingOutput > 0 { setWritable(c, true) }
                if tls.readWantsWrite {
                    // Retried on the next readable event, once the output above has left.
                    tls.readWantsWrite = false
                    setWritable(c, true)
                }
                return
            } else {
                shared.fail(n == TLSConnection.closed ? "Server closed the connection"
                                                      : "Error reading from the server: \(tls.lastError)")
                return
            }
        } else {
        let n = read(c.fd, buf.writePointer, buf.writableBytes)
        if n <= 0 {
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
            shared.fail(n == 0 || errno == ECONNRESET ? "Server closed the connection"
                                                      : "Error reading from the server: \(String(cString: strerror(errno)))")
            return
        }
        buf.writeIndex += n
        }
        let now = monotonicMicros()
        var completed = 0
        scan: while c.outstanding > 0 || c.prefixPending > 0 {
            switch c.scanner.next(buf.readPointer, count: buf.readableBytes) {
            case .needMore:
                break scan
            case .protocolError(let message):
                shared.fail("\(message) (from \(config.address.description))")
                return
            case .push(let length):
                buf.readIndex += length
            case .reply(let length, let isError):
                if c.prefixPending > 0 {
                    if isError {
                        shared.fail("Connection setup failed: \(Self.errorText(buf.readPointer, length))")
                        return
                    }
                    c.prefixPending -= 1
                    buf.readIndex += length
                    if c.prefixPending == 0 { c.sendStart = c.send.prefixLength }
                    continue
                }
                if isError { noteError(buf.readPointer, length, now: now) }
                buf.readIndex += length
                completed += 1
                c.outstanding -= 1
            }
        }
        if completed > 0 {
            histogram.record(micros: now - c.batchStart, count: completed)
            finished += completed
            progress.finished.store(finished, ordering: .relaxed)
        }
        // An idle connection (its work is done) may still get push messages: drop them, and
        // never count it out twice.
        if c.idle {
            buf.readIndex = buf.writeIndex
            return
        }
        if c.outstanding == 0 && c.prefixPending == 0 {
            lastCompletion = now
            if !config.keepAlive && !reconnect(c) { return }
            if c.handshaking {
                continueHandshake(c)
                return
            }
            startBatch(c)
        }
    }

    /// -k 0: a new connection for the next batch (prefix commands again), as Redis does.
    private func reconnect(_ c: BenchConnection) -> Bool {
        // Only reconnect when another batch will follow; the claim happens in startBatch,
        // so peek at the counter to avoid a useless connection at the very end.
        if shared.issued.load(ordering: .relaxed) >= shared.total { return true }
        epoll.remove(c.fd)
        byFd[Int(c.fd)] = nil
        c.tls?.close()
        c.tls = nil
        close(c.fd)
        do {
            c.fd = try config.address.connect(nonBlocking: true)
            if let tls = config.tls {
                c.tls = try tls.connection(fd: c.fd)
                c.handshaking = true
            }
        } catch {
            shared.fail(error.message)
            return false
        }
        c.input.clear()
        c.scanner = ReplyScanner()
        c.prefixPending = config.prefixCount
        c.sendStart = config.prefixCount > 0 ? 0 : c.send.prefixLength
        c.wantsWrite = false
        c.writeAfterRead = false
        register(c)
        return true
    }

    private func noteError(_ p: UnsafeMutablePointer<UInt8>, _ length: Int, now: Int64) {
        let raw = Self.errorBytes(p, length)
        if lastErrorIndex >= 0 && raw.count == lastErrorBytes.count
            && lastErrorBytes.withUnsafeBufferPointer({ raw.count == 0 || memcmp(raw.baseAddress!, $0.baseAddress!, raw.count) == 0 }) {
            errors.messages[lastErrorIndex].1 += 1
        } else {
            let text = String(decoding: raw, as: UTF8.self)
            errors.add(text)
            lastErrorIndex = errors.messages.firstIndex { $0.0 == text } ?? -1
            lastErrorBytes = Array(raw)
        }
        if config.showErrors && now - lastErrorPrint >= 1_000_000 {
            lastErrorPrint = now
            BenchmarkMain.err("Error from server: \(String(decoding: raw, as: UTF8.self))\n")
        }
    }

    /// The message of an error reply: a simple error's line, or a blob error's payload.
    static func errorBytes(_ p: UnsafeMutablePointer<UInt8>, _ length: Int) -> UnsafeBufferPointer<UInt8> {
        var end = 1
        while end < length && p[end] != 13 { end += 1 }
        if p[0] == UInt8(ascii: "!") {
            let bodyStart = end + 2
            let bodyLength = Swift.max(0, length - bodyStart - 2)
            return UnsafeBufferPointer(start: p + Swift.min(bodyStart, length), count: bodyLength)
        }
        return UnsafeBufferPointer(start: p + 1, count: Swift.max(0, end - 1))
    }

    static func errorText(_ p: UnsafeMutablePointer<UInt8>, _ length: Int) -> String {
        String(decoding: errorBytes(p, length), as: UTF8.self)
    }
}
