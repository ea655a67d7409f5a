// TLSTestClient: a blocking TLS client for the TLS tests (OpenSSL through COpenSSL), the
// RawConnection of the TLS port: raw bytes out, exactly one framed reply in (RESPFrameScanner),
// every wait bounded by socket timeouts. It trusts a CA file, optionally presents a client
// certificate, and can pin the protocol version or the TLS 1.2 cipher list.

import COpenSSL
import Foundation
import Glibc

final class TLSTestClient {
    struct Options {
        /// CA file the server certificate must chain to (nil: no verification at all).
        var caFile: String?
        var certFile: String? = nil
        var keyFile: String? = nil
        /// TLS 1.2 cipher list (SSL_CTX_set_cipher_list).
        var ciphers: String? = nil
        /// Highest protocol version offered (TLS1_2_VERSION, TLS1_3_VERSION), nil: library default.
        var maxVersion: Int32? = nil
    }

    /// How the server ended the connection, as seen by SSL_read.
    enum Ending: Equatable, CustomStringConvertible {
        case closeNotify        // the server's close_notify: a clean TLS shutdown
        case eof                // the socket closed without close_notify
        case error(String)      // a TLS alert or another failure (OpenSSL's text)
        case stillOpen          // nothing within the timeout
        var description: String {
            switch self {
            case .closeNotify: return "close_notify"
            case .eof: return "EOF without close_notify"
            case .error(let text): return "error: \(text)"
            case .stillOpen: return "still open"
            }
        }
    }

    let port: UInt16
    private var fd: Int32 = -1
    private var ctx: OpaquePointer?
    private var ssl: OpaquePointer?
    private var buffer: [UInt8] = []
    private var consumed = 0
    private var scanner = RESPFrameScanner()

    /// OpenSSL writes to the socket with write(2), not send(MSG_NOSIGNAL) as RawConnection
    /// does: a server that hangs up mid-handshake would kill the whole test process with
    /// SIGPIPE. Ignored once, process-wide (spawned servers get the default back:
    /// ChildProcess resets it).
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Connects to `host`:`port` (an IPv4 address) and completes the handshake, or throws
    /// ConnectionError(.connect) with OpenSSL's reason.
    init(port: UInt16, host: String = "127.0.0.1", _ options: Options, timeout: Duration = .seconds(5)) throws {
        _ = Self.ignoreSIGPIPE
        self.port = port
        guard let c = SSL_CTX_new(TLS_client_method()) else { throw Self.failure("SSL_CTX_new") }
        ctx = c
        if let ca = options.caFile {
            SSL_CTX_set_verify(c, SSL_VERIFY_PEER, nil)
            guard SSL_CTX_load_verify_locations(c, ca, nil) == 1 else { throw Self.failure("CA \(ca)") }
        } else {
            SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nil)
        }
        if let cert = options.certFile, let key = options.keyFile {
            guard SSL_CTX_use_certificate_chain_file(c, cert) == 1,
                  SSL_CTX_use_PrivateKey_file(c, key, structd_ssl_filetype_pem()) == 1 else {
                throw Self.failure("client certificate \(cert)")
            }
        }
        if let ciphers = options.ciphers, SSL_CTX_set_cipher_list(c, ciphers) != 1 {
            throw Self.failure("ciphers \(ciphers)")
        }
        if let max = options.maxVersion { _ = structd_ssl_ctx_set_max_proto_version(c, max) }

        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConnectionError(kind: .connect, detail: "socket(): \(String(cString: strerror(errno)))") }
        var time = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        if time.tv_sec == 0 && time.tv_usec == 0 { time.tv_usec = 1000 }
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in.loopback(port: port)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw ConnectionError(kind: .connect, detail: "bad IPv4 address \(host)")
        }
        var result: Int32
        repeat {
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        } while result != 0 && errno == EINTR
        guard result == 0 else {
            throw ConnectionError(kind: .connect, detail: "connect to \(host):\(port): \(String(cString: strerror(errno)))")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard let s = SSL_new(c) else { throw Self.failure("SSL_new") }
        ssl = s
        _ = structd_ssl_set_tlsext_host_name(s, "localhost")
        SSL_set_fd(s, fd)
        ERR_clear_error()
        let r = SSL_connect(s)
        guard r == 1 else {
            let code = SSL_get_error(s, r)
            throw ConnectionError(kind: .connect, detail: "TLS handshake with \(host):\(port) failed (SSL error \(code)): \(Self.errorText())")
        }
    }

    deinit { close() }

    func close() {
        if let ssl { SSL_free(ssl) }
        ssl = nil
        if let ctx { SSL_CTX_free(ctx) }
        ctx = nil
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// "TLSv1.3", "TLSv1.2".
    var protocolVersion: String {
        guard let ssl, let v = SSL_get_version(ssl) else { return "" }
        return String(cString: v)
    }

    /// The negotiated cipher's OpenSSL name.
    var cipherName: String {
        guard let ssl, let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) else { return "" }
        return String(cString: name)
    }

    /// Asks for a TLS 1.3 key update, the server to update its keys too; sent with the next write.
    func requestKeyUpdate() throws {
        guard let ssl, SSL_key_update(ssl, SSL_KEY_UPDATE_REQUESTED) == 1 else {
            throw ConnectionError(kind: .send, detail: "SSL_key_update: \(Self.errorText())")
        }
    }

    // MARK: sending

    func send(_ bytes: [UInt8]) throws {
        guard let ssl else { throw ConnectionError(kind: .io, detail: "closed locally") }
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let n = bytes[offset...].withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            if n <= 0 {
                throw ConnectionError(kind: .send, detail: "SSL_write to 127.0.0.1:\(port) (SSL error \(SSL_get_error(ssl, n))): \(Self.errorText())")
            }
            offset += Int(n)
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Each piece as its own TLS record (then close_notify when `closeNotify`), all held back
    /// by TCP_CORK and released together, so the server's first read finds many records at once.
    /// Replies can still be read after a close_notify.
    func sendAsRecords(_ pieces: [[UInt8]], closeNotify: Bool = false) throws {
        var on: Int32 = 1, off: Int32 = 0
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_CORK, &on, socklen_t(MemoryLayout<Int32>.size))
        defer { setsockopt(fd, Int32(IPPROTO_TCP), TCP_CORK, &off, socklen_t(MemoryLayout<Int32>.size)) }
        for piece in pieces { try send(piece) }
        if closeNotify, let ssl {
            ERR_clear_error()
            guard SSL_shutdown(ssl) >= 0 else {
                throw ConnectionError(kind: .send, detail: "SSL_shutdown: \(Self.errorText())")
            }
        }
    }

    func send(command: [String]) throws { try send(RESPFramer.encode(command)) }

    // MARK: receiving

    /// The raw bytes of exactly one reply.
    func readReplyBytes() throws -> [UInt8] {
        while true {
            let end: Int?
            do {
                end = try scanner.scan(buffer, from: consumed)
            } catch let error as RESPFrameError {
                throw ConnectionError(kind: .malformed, detail: "\(error)")
            }
            if let end {
                let reply = Array(buffer[consumed..<end])
                consumed = end
                scanner.reset()
                if consumed == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                    consumed = 0
                } else if consumed > 1 << 20 {
                    buffer.removeSubrange(0..<consumed)
                    consumed = 0
                }
                return reply
            }
            try fill()
        }
    }

    /// Sends one command and returns its reply's bytes.
    func roundTrip(_ arguments: String...) throws -> [UInt8] {
        try send(command: arguments)
        return try readReplyBytes()
    }

    /// The reply as text (for readable assertions).
    func command(_ arguments: String...) throws -> String {
        try send(command: arguments)
        return String(decoding: try readReplyBytes(), as: UTF8.self)
    }

    /// Reads until the server ends the connection (or the socket timeout passes) and says how.
    /// Replies received first are dropped.
    func ending() -> Ending {
        guard let ssl else { return .eof }
        var chunk = [UInt8](repeating: 0, count: 16384)
        for _ in 0..<100_000 {
            ERR_clear_error()
            let n = SSL_read(ssl, &chunk, Int32(chunk.count))
            if n > 0 { continue }
            switch SSL_get_error(ssl, n) {
            case SSL_ERROR_ZERO_RETURN: return .closeNotify
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .stillOpen
            case SSL_ERROR_SYSCALL:
                if errno == EAGAIN || errno == EWOULDBLOCK { return .stillOpen }
                return ERR_peek_error() == 0 ? .eof : .error(Self.errorText())
            default:
                return .error(Self.errorText())
            }
        }
        return .stillOpen
    }

    private func fill() throws {
        guard let ssl else { throw ConnectionError(kind: .io, detail: "closed locally") }
        var chunk = [UInt8](repeating: 0, count: 65536)
        ERR_clear_error()
        let n = SSL_read(ssl, &chunk, Int32(chunk.count))
        if n > 0 {
            buffer += chunk[0..<Int(n)]
            return
        }
        let code = SSL_get_error(ssl, n)
        let partial = buffer.count > consumed ? "; partial data: \(RESPFramer.escape(buffer[consumed...], limit: 256))" : ""
        switch code {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            throw ConnectionError(kind: .timeout, detail: "no complete reply from 127.0.0.1:\(port) (TLS)\(partial)")
        case SSL_ERROR_ZERO_RETURN:
            throw ConnectionError(kind: .closedByPeer, detail: "127.0.0.1:\(port) closed the TLS connection\(partial)")
        case SSL_ERROR_SYSCALL where errno == EAGAIN || errno == EWOULDBLOCK:
            throw ConnectionError(kind: .timeout, detail: "no complete reply from 127.0.0.1:\(port) (TLS)\(partial)")
        default:
            throw ConnectionError(kind: .closedByPeer, detail: "TLS read from 127.0.0.1:\(port) failed (SSL error \(code)): \(Self.errorText())\(partial)")
        }
    }

    private static func errorText() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        if code == 0 { return errno == 0 ? "no OpenSSL error" : String(cString: strerror(errno)) }
        var buf = [CChar](repeating: 0, count: 512)
        ERR_error_string_n(code, &buf, buf.count)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func failure(_ what: String) -> ConnectionError {
        ConnectionError(kind: .connect, detail: "\(what): \(errorText())")
    }
}
