// Socket helpers: listening sockets (TCP over IPv4/IPv6, Unix domain), accepting,
// and the per-connection options Redis sets (TCP_NODELAY, keepalive). All sockets
// are non-blocking and close-on-exec from creation.

import CSystem
#if canImport(Glibc)
import Glibc
#endif

public enum Sockets {
    /// Binds and listens on `host:port`; `host` may be an IPv4 or IPv6 literal ("*" and
    /// "::*" as in redis.conf mean any address; a leading "-" marks an optional bind).
    public static func listenTCP(host: String, port: Int, backlog: Int) throws -> Int32 {
        var h = host
        if h == "*" { h = "0.0.0.0" } else if h == "::*" { h = "::" }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(h, String(port), &hints, &res)
        if rc != 0 { throw EventLoopError.system("getaddrinfo \(host)", EINVAL) }
        defer { freeaddrinfo(res) }
        var ai = res
        var lastErr: Int32 = EADDRNOTAVAIL
        while let a = ai {
            let fd = structd_socket_nonblock(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd < 0 { lastErr = errno; ai = a.pointee.ai_next; continue }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if a.pointee.ai_family == AF_INET6 {
                setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            if bind(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 && listen(fd, Int32(backlog)) == 0 {
                return fd
            }
            lastErr = errno
            close(fd)
            ai = a.pointee.ai_next
        }
        throw EventLoopError.system("Could not create server TCP listening socket \(host):\(port)", lastErr)
    }

    public static func listenUnix(path: String, permissions: Int, backlog: Int) throws -> Int32 {
        let fd = structd_socket_nonblock(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        if fd < 0 { throw EventLoopError.system("socket", errno) }
        unlink(path)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let maxLen = MemoryLayout.size(ofValue: addr.sun_path) - 1
        if bytes.count > maxLen { close(fd); throw EventLoopError.system("unix socket path too long", ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if ok != 0 || listen(fd, Int32(backlog)) != 0 {
            let e = errno
            close(fd)
            throw EventLoopError.system("Failed opening Unix socket", e)
        }
        if permissions != 0 { chmod(path, mode_t(permissions)) }
        return fd
    }

    /// Accepts one connection: its descriptor and the peer's address (what accept4 reports,
    /// so no getpeername), or fd -1 and errno when none is pending (EAGAIN) or on error.
    public static func accept(_ listener: Int32) -> (fd: Int32, errno: Int32, peer: (ip: String, port: Int, unix: Bool)) {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { structd_accept4(listener, $0, &len) }
        }
        if fd < 0 { return (fd, errno, ("?", 0, false)) }
        return (fd, 0, format(&storage, len))
    }

    public static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Redis's anetKeepAlive: SO_KEEPALIVE plus idle/interval/count derived from `interval`.
    public static func setKeepAlive(_ fd: Int32, interval: Int) {
        var one: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else { return }
        var idle = Int32(interval)
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPIDLE, &idle, socklen_t(MemoryLayout<Int32>.size))
        var intvl = Int32(max(1, interval / 3))
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPINTVL, &intvl, socklen_t(MemoryLayout<Int32>.size))
        var cnt: Int32 = 3
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPCNT, &cnt, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The peer's address (or the local end's) of a connected socket.
    public static func address(_ fd: Int32, peer: Bool) -> (ip: String, port: Int, unix: Bool) {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                peer ? getpeername(fd, $0, &len) : getsockname(fd, $0, &len)
            }
        }
        if rc != 0 { return ("?", 0, false) }
        return format(&storage, len)
    }

    /// "ip:port" as Redis prints it (CLIENT LIST, MONITOR, CLIENT KILL): "[ipv6]:port".
    public static func display(_ address: (ip: String, port: Int, unix: Bool)) -> String {
        address.ip.contains(":") ? "[\(address.ip)]:\(address.port)" : "\(address.ip):\(address.port)"
    }

    /// Numeric host and port of a socket address; unix true (and no host) for AF_UNIX.
    private static func format(_ storage: inout sockaddr_storage, _ len: socklen_t) -> (ip: String, port: Int, unix: Bool) {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var serv = [CChar](repeating: 0, count: 32)
        switch Int32(storage.ss_family) {
        case AF_UNIX:
            return ("", 0, true)
        default:
            let r = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    getnameinfo($0, len, &host, socklen_t(host.count), &serv, socklen_t(serv.count),
                                NI_NUMERICHOST | NI_NUMERICSERV)
                }
            }
            if r != 0 { return ("?", 0, false) }
            let h = String(nulTerminated: host)
            return (h, Int(String(nulTerminated: serv)) ?? 0, false)
        }
    }
}

extension String {
    /// The text of a NUL-terminated C buffer (getnameinfo, fgets, vsnprintf, readlink into a
    /// zeroed buffer): the bytes before the first NUL, decoded as UTF-8 (invalid sequences
    /// repaired).
    public init(nulTerminated buffer: [CChar]) {
        self = buffer.withUnsafeBufferPointer { b in
            String(decoding: UnsafeRawBufferPointer(b).prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
