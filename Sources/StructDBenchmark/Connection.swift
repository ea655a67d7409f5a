// Connection: opening sockets to the server, and the blocking request/reply exchange
// used before a run (the preflight: AUTH, HELLO, CONFIG GET save/appendonly).
//
// Sockets are opened blocking (connect on loopback or a LAN answers at once; a 10 s send
// timeout bounds a silent host), get TCP_NODELAY as redis-benchmark's do, and are switched
// to non-blocking before the event loop takes them. Failures carry redis-benchmark's
// wording: "Could not connect to Redis at <host>:<port>: <reason>".

import CSystem
import EventLoop
import RESP
import TLS
#if canImport(Glibc)
import Glibc
#endif

public struct BenchmarkError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public struct ServerAddress: Sendable {
    public var host: String
    public var port: Int
    public var socketPath: String?

    public init(host: String, port: Int, socketPath: String?) {
        self.host = host
        self.port = port
        self.socketPath = socketPath
    }

    public init(_ o: BenchmarkOptions) {
        self.init(host: o.host, port: o.port, socketPath: o.socketPath)
    }

    var description: String { socketPath ?? "\(host):\(port)" }

    /// Opens a connection; blocking unless `nonBlocking`.
    func connect(nonBlocking: Bool, timeoutSeconds: Int = 10) throws(BenchmarkError) -> Int32 {
        let fd: Int32
        if let path = socketPath {
            fd = try connectUnix(path)
        } else {
            fd = try connectTCP(timeoutSeconds: timeoutSeconds)
        }
        if nonBlocking {
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        }
        return fd
    }

    private func failure(_ reason: String) -> BenchmarkError {
        BenchmarkError("Could not connect to Redis at \(description): \(reason)")
    }

    private func connectTCP(timeoutSeconds: Int) throws(BenchmarkError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &res)
        if rc != 0 { throw failure(String(cString: gai_strerror(rc))) }
        defer { freeaddrinfo(res) }
        var lastErrno: Int32 = ECONNREFUSED
        var ai = res
        while let a = ai {
            ai = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), a.pointee.ai_protocol)
            if fd < 0 { lastErrno = errno; continue }
            var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var r: Int32
            repeat { r = Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) } while r != 0 && errno == EINTR
            if r == 0 {
                Sockets.setNoDelay(fd)
                return fd
            }
            lastErrno = errno
            close(fd)
        }
        throw failure(String(cString: strerror(lastErrno)))
    }

    private func connectUnix(_ path: String) throws(BenchmarkError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw failure(String(cString: strerror(errno))) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            close(fd)
            throw failure("socket path too long")
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if r != 0 {
            let e = errno
            close(fd)
            throw failure(String(cString: strerror(e)))
        }
        return fd
    }
}

/// A blocking connection for a few request/reply exchanges (not on the benchmark path).
final class SyncConnection {
    let fd: Int32
    /// --tls: the socket is non-blocking and every wait is a poll(2) of at most 10 s.
    private let tls: TLSConnection?
    private var pending: [UInt8] = []
    private let parser = RESPValueParser()

    init(_ address: ServerAddress, tls: BenchmarkTLS? = nil) throws(BenchmarkError) {
        fd = try address.connect(nonBlocking: tls != nil)
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard let tls else {
            self.tls = nil
            return
        }
        do {
            let c = try tls.connection(fd: fd)
            try BenchmarkTLS.handshake(c)
            self.tls = c
        } catch {
            close(fd)
            throw error
        }
    }

    deinit {
        tls?.close()
        close(fd)
    }

    func call(_ args: [String]) throws(BenchmarkError) -> RESPValue {
        let bytes = CommandTemplate.encode(args.map { Array($0.utf8) })
        if let tls {
            let r = bytes.withUnsafeBytes { raw in Result { () throws(BenchmarkError) in try BenchmarkTLS.writeAll(tls, raw) } }
            try r.get()
        }
        var sent = tls == nil ? 0 : bytes.count
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BenchmarkError("Error writing to the server: \(String(cString: strerror(errno)))")
            }
            sent += n
        }
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            do {
                if let (value, consumed) = try parser.parse(pending) {
                    pending.removeFirst(consumed)
                    return value
                }
            } catch {
                throw BenchmarkError("Protocol error from server: \(error)")
            }
            let n: Int
            if let tls {
                let r = chunk.withUnsafeMutableBytes { raw in Result { () throws(BenchmarkError) in try BenchmarkTLS.read(tls, raw) } }
                n = try r.get()
            } else {
                n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            }
            if n == 0 { throw BenchmarkError("Server closed the connection") }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw BenchmarkError("Timed out waiting for the server's reply") }
                throw BenchmarkError("Error reading from the server: \(String(cString: strerror(errno)))")
            }
            pending += chunk[0..<n]
        }
    }
}
