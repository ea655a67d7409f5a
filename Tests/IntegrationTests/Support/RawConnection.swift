// RawConnection: a blocking client socket (TCP or Unix) for integration tests that care about
// bytes on the wire. Commands go out as RESP multibulk (or any raw bytes); replies come back as
// the exact bytes of one complete reply, framed by RESPFrameScanner, so a test can compare
// them byte for byte with Redis's.
//
// Every wait is bounded: connect and send by SO_SNDTIMEO, each read by poll() against a
// deadline of `timeout` per reply (SO_RCVTIMEO is set too, as a backstop). The socket is
// close-on-exec so servers and tools spawned meanwhile never inherit it, and writes use
// MSG_NOSIGNAL so a server that hung up yields an error instead of SIGPIPE.
//
// Not thread-safe: one connection belongs to one test task.

import Glibc

struct ConnectionError: Error, CustomStringConvertible, Equatable {
    enum Kind: Equatable, Sendable {
        case connect, send, timeout, closedByPeer, malformed, io
    }
    var kind: Kind
    var detail: String
    var description: String { "\(kind): \(detail)" }
}

final class RawConnection {
    let timeout: Duration
    let peer: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var consumed = 0  // buffer[..<consumed] has been returned already
    private var scanner = RESPFrameScanner()
    private var eof = false

    /// Connects to 127.0.0.1:`port` (or `host`, a dotted IPv4 address).
    convenience init(port: UInt16, host: String = "127.0.0.1", timeout: Duration = .seconds(5)) throws {
        var address = sockaddr_in.loopback(port: port)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw ConnectionError(kind: .connect, detail: "not an IPv4 address: \(host)")
        }
        try self.init(family: AF_INET, peer: "\(host):\(port)", timeout: timeout) { fd in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Connects to a Unix domain socket.
    convenience init(unixSocketPath path: String, timeout: Duration = .seconds(5)) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ConnectionError(kind: .connect, detail: "Unix socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        try self.init(family: AF_UNIX, peer: path, timeout: timeout) { fd in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        }
    }

    private init(family: Int32, peer: String, timeout: Duration, connect: (Int32) -> Int32) throws {
        self.timeout = timeout
        self.peer = peer
        fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw ConnectionError(kind: .connect, detail: "socket(): \(String(cString: strerror(errno)))")
        }
        var time = timeval(tv_sec: Int(timeout.seconds), tv_usec: Int(timeout.attoseconds / 1_000_000_000_000))
        if time.tv_sec == 0 && time.tv_usec == 0 { time.tv_usec = 1000 }  // 0 would mean "forever"
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var result: Int32
        repeat { result = connect(fd) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            // No close here: the object is fully initialized, so deinit runs and closes the
            // socket. Closing it here too would close whatever another thread opened under
            // the same number in between.
            throw ConnectionError(kind: .connect, detail: "connect to \(peer): \(reason)")
        }
    }

    deinit { close() }

    /// Closes the socket now (also done by deinit).
    func close() {
        if fd >= 0 { Glibc.close(fd); fd = -1 }
    }

    /// Half-closes the sending side (the server sees EOF on read).
    func shutdownWrite() {
        if fd >= 0 { shutdown(fd, Int32(SHUT_WR)) }
    }

    // MARK: Sending

    func send(_ bytes: [UInt8]) throws {
        guard fd >= 0 else { throw ConnectionError(kind: .send, detail: "connection closed locally") }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let timedOut = errno == EAGAIN || errno == EWOULDBLOCK
                throw ConnectionError(kind: timedOut ? .timeout : .send,
                                      detail: "send to \(peer): \(String(cString: strerror(errno))) after \(sent) of \(bytes.count) bytes")
            }
            sent += n
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends one command as RESP multibulk.
    func send(command: [String]) throws { try send(RESPFramer.encode(command)) }

    /// Sends one command whose arguments are arbitrary bytes.
    func send(commandBytes: [[UInt8]]) throws { try send(RESPFramer.encode(commandBytes)) }

    // MARK: Receiving

    /// The raw bytes of exactly one complete reply (an attribute and the value it prefixes
    /// count as one reply). Throws `.timeout` if the reply is not complete within `timeout`,
    /// `.closedByPeer` if the server closes first, `.malformed` on bytes that are not RESP.
    func readReplyBytes(timeout: Duration? = nil) throws -> [UInt8] {
        let deadline = Deadline(timeout ?? self.timeout)
        while true {
            let end: Int?
            do {
                end = try scanner.scan(buffer, from: consumed)
            } catch let error as RESPFrameError {
                throw ConnectionError(kind: .malformed, detail: "\(error); received \(RESPFramer.escape(buffer[consumed...], limit: 512))")
            }
            if let end {
                let reply = Array(buffer[consumed..<end])
                consumed = end
                scanner.reset()
                compact()
                return reply
            }
            try fill(deadline: deadline)
        }
    }

    /// Sends a command and returns its reply's bytes.
    func roundTrip(_ arguments: String...) throws -> [UInt8] {
        try send(command: arguments)
        return try readReplyBytes()
    }

    /// Whatever arrives within `timeout` (possibly nothing), without framing. Also returns what
    /// was received earlier and not yet read.
    func readAvailable(timeout: Duration = .milliseconds(200)) throws -> [UInt8] {
        let deadline = Deadline(timeout)
        while !deadline.expired && !eof {
            do { try fill(deadline: deadline) } catch let error as ConnectionError where error.kind == .timeout || error.kind == .closedByPeer { break }
        }
        let bytes = Array(buffer[consumed...])
        consumed = buffer.count
        scanner.reset()
        compact()
        return bytes
    }

    /// True if nothing arrives within `within` (for blocked commands and "no reply" cases).
    /// Data that does arrive stays buffered for the next read; a close throws `.closedByPeer`.
    func expectNoReply(within: Duration = .milliseconds(200)) throws -> Bool {
        guard buffer.count == consumed else { return false }
        do { try fill(deadline: Deadline(within)) } catch let error as ConnectionError where error.kind == .timeout { return true }
        return false
    }

    /// True if the server closes the connection within `timeout`. Bytes that arrive before the
    /// close (typically an error reply) stay buffered and can still be read with
    /// `readReplyBytes()`.
    func isClosedByPeer(timeout: Duration = .seconds(2)) -> Bool {
        if eof { return true }
        let deadline = Deadline(timeout)
        while true {
            do {
                try fill(deadline: deadline)
            } catch let error as ConnectionError {
                return error.kind == .closedByPeer
            } catch {
                return false
            }
        }
    }

    /// Number of received bytes not yet returned by a read.
    var bufferedByteCount: Int { buffer.count - consumed }

    /// Reads once (at least one byte) into the buffer, or throws.
    private func fill(deadline: Deadline) throws {
        if eof { throw ConnectionError(kind: .closedByPeer, detail: "\(peer) closed the connection\(pendingNote)") }
        guard fd >= 0 else { throw ConnectionError(kind: .io, detail: "connection closed locally") }
        while true {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, deadline.remainingMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                throw ConnectionError(kind: .timeout, detail: "no complete reply from \(peer) within \(timeout)\(pendingNote)")
            }
            guard ready > 0 else { throw ConnectionError(kind: .io, detail: "poll: \(String(cString: strerror(errno)))") }
            break
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        var n: Int
        repeat { n = recv(fd, &chunk, chunk.count, 0) } while n < 0 && errno == EINTR
        if n > 0 {
            buffer += chunk[0..<n]
            return
        }
        if n == 0 || errno == ECONNRESET {
            eof = true
            throw ConnectionError(kind: .closedByPeer, detail: "\(peer) closed the connection\(pendingNote)")
        }
        if errno == EAGAIN || errno == EWOULDBLOCK {
            throw ConnectionError(kind: .timeout, detail: "no complete reply from \(peer) within \(timeout)\(pendingNote)")
        }
        throw ConnectionError(kind: .io, detail: "recv from \(peer): \(String(cString: strerror(errno)))")
    }

    private var pendingNote: String {
        buffer.count > consumed ? "; partial data: \(RESPFramer.escape(buffer[consumed...], limit: 512))" : ""
    }

    private func compact() {
        if consumed == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            consumed = 0
        } else if consumed > 1 << 16 {
            buffer.removeSubrange(0..<consumed)
            consumed = 0
        }
    }
}
