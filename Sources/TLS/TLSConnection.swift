// TLSConnection: the server side of one TLS connection over a non-blocking socket (and the
// client side, `init(clientContext:...)`, for structd-benchmark --tls; SSL_connect steps).
//
// It only talks to OpenSSL and the socket; the event loop stays with the server
// (Server/TLSNetworking.swift). Each call reports what it is waiting for instead of blocking.
//
// Input: OpenSSL reads the socket itself (a socket BIO) with read-ahead on the server side: one
// read(2) takes whatever the socket has, up to OpenSSL's read buffer (about 17 KiB), instead of
// a 5-byte record header and then its body (two system calls per request). Records read ahead
// but not yet decrypted are invisible to epoll; `hasBufferedInput` tells the event loop to
// keep reading.
// Output: OpenSSL never writes to the socket. Its records go to an in-memory output buffer
// (a BIO of our own, `outputMethod`) and `flush` writes that buffer to the socket. So OpenSSL
// never holds a half-sent record, and no write of its own (a TLS 1.3 KeyUpdate answer inside
// SSL_read, an alert, close_notify) can collide with a half-sent application record. That
// collision is a real failure mode: OpenSSL refuses the second write with "bad length" and the
// connection dies. `write` encrypts a chunk only once the previous one has left, and reports
// bytes as written only when their records are on the socket, so the server's output buffer
// keeps the unsent bytes and its output limits keep seeing them; at most one chunk of
// ciphertext (64 KiB + record overhead) waits here per connection.
// Server connections stage their records in one buffer shared by the event loop
// (`TLSOutputScratch`): records that leave at once, as almost all do, need no buffer of the
// connection's own; a connection gets one, sized to what waits, the first time the socket
// cannot take everything. Every call that lets OpenSSL write flushes (or moves to the
// connection's buffer) what it staged before returning, so the shared buffer is empty
// between calls.
//
// Results are plain integers so the request path allocates nothing: > 0 bytes moved,
// `closed` (0) the peer closed, `again` try later, `failed` an error (`lastError` says which).
// The WANT_READ/WANT_WRITE flags remain for what OpenSSL may still ask (a read that needs a
// write, a write that needs a read); with output in memory and renegotiation off they are
// not expected after the handshake.

import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The output BIO: appends what OpenSSL writes to its connection's buffer; flush is a no-op
/// (the event loop flushes). Created once per process.
nonisolated(unsafe) private let outputMethod: OpaquePointer = {
    let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "structd-tls-output")!
    _ = BIO_meth_set_write_ex(method) { bio, data, length, written in
        guard let bio, let data, let owner = BIO_get_data(bio) else { return 0 }
        // The connection is alive: OpenSSL calls this only inside its own SSL_* calls.
        Unmanaged<TLSConnection>.fromOpaque(owner)._withUnsafeGuaranteedRef { $0.appendOutput(data, length) }
        written?.pointee = length
        return 1
    }
    _ = BIO_meth_set_ctrl(method) { _, command, _, _ in command == BIO_CTRL_FLUSH ? 1 : 0 }
    _ = BIO_meth_set_create(method) { bio in
        BIO_set_init(bio, 1)
        return 1
    }
    return method
}()

/// The staging buffer the server connections of one thread share (see the top comment). Used
/// only from that thread.
public final class TLSOutputScratch {
    fileprivate var storage: UnsafeMutablePointer<UInt8>? = nil
    fileprivate var capacity = 0

    public init() {}

    deinit { storage?.deallocate() }

    /// Room for `needed` bytes, keeping the first `live`.
    fileprivate func reserve(_ needed: Int, keeping live: Int) -> UnsafeMutablePointer<UInt8> {
        if let storage, capacity >= needed { return storage }
        let (fresh, grown) = grownBuffer(storage, capacity: capacity, keeping: live, needed: needed, minimum: 16 * 1024)
        storage = fresh
        capacity = grown
        return fresh
    }
}

/// A buffer of at least `needed` bytes (`minimum` or the old capacity, doubled until it
/// fits) holding the first `live` bytes of `old`, which is freed.
private func grownBuffer(_ old: UnsafeMutablePointer<UInt8>?, capacity: Int, keeping live: Int,
                         needed: Int, minimum: Int) -> (UnsafeMutablePointer<UInt8>, Int) {
    var grown = max(capacity, minimum)
    while grown < needed { grown *= 2 }
    let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
    if let old {
        if live > 0 { fresh.update(from: old, count: live) }
        old.deallocate()
    }
    return (fresh, grown)
}

public final class TLSConnection {
    public enum State: Sendable { case accepting, connected, closed }

    public enum HandshakeStatus: Sendable { case done, inProgress, failed }

    public static let closed = 0
    public static let again = -1
    public static let failed = -2

    /// Plaintext encrypted per SSL_write: four full records, one write(2).
    public static let writeChunk = 64 * 1024

    public let fd: Int32
    public private(set) var state: State = .accepting
    public private(set) var handshakeWantsWrite = false
    /// Read again on the next writable event: the last SSL_read stopped because OpenSSL must
    /// write first, or the event loop stopped reading with input still buffered here.
    public var readWantsWrite = false
    /// The last SSL_write stopped because OpenSSL must read first: retry it when readable.
    public var writeWantsRead = false
    /// Owned by the event loop: whether it registered an interest other than the one the
    /// plain-socket code would have (see Server/TLSNetworking.swift).
    public var eventMaskOverridden = false
    /// What went wrong, as Redis reports it: OpenSSL's error string, or strerror(errno) for
    /// a system call error. Only set on failures.
    public private(set) var lastError = "(null)"

    private var ssl: OpaquePointer?
    /// A connection this side opened (SSL_connect) rather than accepted (SSL_accept).
    private var isClient = false
    /// No SSL_shutdown after a fatal error (OpenSSL forbids it) or after the peer's close.
    private var mayShutdown = true

    // Ciphertext OpenSSL produced that is not on the socket yet: out[outStart..<outEnd], or
    // the shared scratch's [outStart..<outEnd] while `staged` (only inside one call).
    private var out: UnsafeMutablePointer<UInt8>? = nil
    private var outCapacity = 0
    private var outStart = 0
    private var outEnd = 0
    private let scratch: TLSOutputScratch?
    private var staged = false
    /// Plaintext bytes encrypted into `out` but not reported written yet (their records are
    /// still waiting for the socket).
    private var unreported = 0

    /// A connection on an accepted socket, verifying client certificates as tls-auth-clients
    /// says, staging its output in `scratch` (shared by the connections of the calling
    /// thread). Nil when OpenSSL cannot allocate one (`TLSLibrary.takeError()` says why).
    public init?(context: TLSContext, fd: Int32, clientAuth: TLSClientAuth, scratch: TLSOutputScratch) {
        self.fd = fd
        self.scratch = scratch
        ERR_clear_error()
        guard let s = SSL_new(context.ctx) else { return nil }
        switch clientAuth {
        case .no: SSL_set_verify(s, SSL_VERIFY_NONE, nil)
        case .optional: SSL_set_verify(s, SSL_VERIFY_PEER, nil)
        case .yes: SSL_set_verify(s, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        }
        guard let input = BIO_new_socket(fd, BIO_NOCLOSE) else {
            SSL_free(s)
            return nil
        }
        guard let output = BIO_new(outputMethod) else {
            BIO_free(input)
            SSL_free(s)
            return nil
        }
        // The BIO points back at this object, which owns the SSL that owns the BIO.
        BIO_set_data(output, Unmanaged.passUnretained(self).toOpaque())
        SSL_set_bio(s, input, output)
        SSL_set_read_ahead(s, 1)
        SSL_set_accept_state(s)
        ssl = s
    }

    /// The client side of a connection on a connected socket (structd-benchmark --tls): the
    /// context's verification applies; `serverName` is sent as SNI. `handshake()` then runs
    /// SSL_connect steps. Nil when OpenSSL cannot allocate it (`TLSLibrary.takeError()`).
    public init?(clientContext: TLSClientContext, fd: Int32, serverName: String?) {
        self.fd = fd
        scratch = nil
        isClient = true
        ERR_clear_error()
        guard let s = SSL_new(clientContext.ctx) else { return nil }
        if let serverName, structd_ssl_set_tlsext_host_name(s, serverName) != 1 {
            SSL_free(s)
            return nil
        }
        guard let input = BIO_new_socket(fd, BIO_NOCLOSE) else {
            SSL_free(s)
            return nil
        }
        guard let output = BIO_new(outputMethod) else {
            BIO_free(input)
            SSL_free(s)
            return nil
        }
        BIO_set_data(output, Unmanaged.passUnretained(self).toOpaque())
        SSL_set_bio(s, input, output)
        SSL_set_connect_state(s)
        ssl = s
    }

    deinit {
        if let ssl { SSL_free(ssl) }
        out?.deallocate()
    }

    /// Plaintext already decrypted and buffered inside OpenSSL.
    @inline(__always) public var pending: Int {
        guard let ssl else { return 0 }
        return Int(SSL_pending(ssl))
    }

    /// Whether OpenSSL holds input the socket will not report again: decrypted plaintext, or
    /// records read ahead (possibly only the start of one, whose rest the socket will bring).
    @inline(__always) public var hasBufferedInput: Bool {
        guard let ssl else { return false }
        return SSL_has_pending(ssl) == 1
    }

    /// Ciphertext waiting for the socket (the loop wants writable while it is non-zero).
    @inline(__always) public var pendingOutput: Int { outEnd - outStart }

    /// The negotiated protocol ("TLSv1.3"), for logs and tests.
    public var protocolVersion: String {
        guard let ssl, let v = SSL_get_version(ssl) else { return "" }
        return String(cString: v)
    }

    // MARK: handshake

    public func handshake() -> HandshakeStatus {
        guard state == .accepting, let ssl else { return state == .connected ? .done : .failed }
        ERR_clear_error()
        let r = isClient ? SSL_connect(ssl) : SSL_accept(ssl)
        // Our flight (or the alert of a failure) goes out now, as far as the socket takes it.
        let flushed = flush()
        if r == 1 {
            if flushed == TLSConnection.failed { return .failed }
            state = .connected
            handshakeWantsWrite = false
            return .done
        }
        switch SSL_get_error(ssl, r) {
        case SSL_ERROR_WANT_READ:
            if flushed == TLSConnection.failed { return .failed }
            // The peer answers only once it has all of our flight.
            handshakeWantsWrite = flushed == TLSConnection.again
            return .inProgress
        case SSL_ERROR_WANT_WRITE:
            handshakeWantsWrite = true
            return .inProgress
        case let code:
            fail(code)
            return .failed
        }
    }

    // MARK: I/O

    /// SSL_read into `buffer`; see the top comment for the result.
    @inline(__always)
    public func read(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        guard state == .connected, let ssl else { return state == .closed ? TLSConnection.closed : TLSConnection.again }
        ERR_clear_error()
        let r = SSL_read(ssl, buffer, Int32(clamping: count))
        // Anything OpenSSL had to say while reading (a KeyUpdate answer, an alert) goes out
        // behind the output already queued.
        if outEnd > outStart { _ = flush() }
        if r > 0 { return Int(r) }
        return readOrWriteFailed(ssl, r, reading: true)
    }

    /// Takes up to `writeChunk` bytes at `bytes`; returns how many are on the socket (as
    /// records), or `again`. After `again` the caller offers the same bytes (possibly followed
    /// by more) again: bytes already encrypted are then reported without encrypting them twice.
    @inline(__always)
    public func write(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        guard state == .connected, let ssl else {
            if state == .accepting { return TLSConnection.again }
            lastError = "connection closed"
            return TLSConnection.failed
        }
        if outEnd > outStart {
            let f = flush()
            if f != 1 { return f }
        }
        if unreported > 0 {
            let n = min(unreported, count)
            unreported = 0
            return n
        }
        ERR_clear_error()
        let r = SSL_write(ssl, bytes, Int32(min(count, TLSConnection.writeChunk)))
        if r <= 0 {
            // Records made before it stopped stay queued, as with the connection's own buffer.
            if staged { keepStaged() }
            return readOrWriteFailed(ssl, r, reading: false)
        }
        let f = flush()
        if f == 1 { return Int(r) }
        if f == TLSConnection.again { unreported = Int(r) }
        return f
    }

    /// Writes queued ciphertext to the socket: 1 when all of it left, `again` when the socket
    /// is full (staged bytes left then move to the connection's own buffer), `failed` on a
    /// socket error (the connection is then closed).
    public func flush() -> Int {
        guard let buffer = staged ? scratch?.storage : out else { return 1 }
        while outStart < outEnd {
            let n = Glibc.write(fd, buffer + outStart, outEnd - outStart)
            if n > 0 {
                outStart += n
                continue
            }
            let e = n < 0 ? errno : EPIPE
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK {
                if staged { keepStaged() }
                return TLSConnection.again
            }
            lastError = String(cString: strerror(e))
            mayShutdown = false
            state = .closed
            if staged {
                staged = false
                outStart = 0
                outEnd = 0
            }
            return TLSConnection.failed
        }
        outStart = 0
        outEnd = 0
        staged = false
        return 1
    }

    /// Moves what is staged in the shared scratch to a buffer of the connection's own, made to
    /// fit (it grows as needed); the connection keeps that buffer from then on.
    private func keepStaged() {
        let start = outStart, live = outEnd - outStart
        staged = false
        outStart = 0
        outEnd = 0
        // Only a connection without a buffer of its own stages, so there is none to keep.
        guard live > 0, let from = scratch?.storage else { return }
        let kept = UnsafeMutablePointer<UInt8>.allocate(capacity: live)
        kept.update(from: from + start, count: live)
        out = kept
        outCapacity = live
        outEnd = live
    }

    /// Called by the output BIO with each record OpenSSL writes.
    fileprivate func appendOutput(_ data: UnsafePointer<CChar>, _ length: Int) {
        guard length > 0 else { return }
        if let scratch, staged || (out == nil && outEnd == outStart) {
            let base = scratch.reserve(outEnd + length, keeping: outEnd)
            UnsafeMutableRawPointer(base + outEnd).copyMemory(from: data, byteCount: length)
            staged = true
            outEnd += length
            return
        }
        if outCapacity - outEnd < length {
            if outStart > 0, let out {
                let live = outEnd - outStart
                if live > 0 { (out).update(from: out + outStart, count: live) }
                outStart = 0
                outEnd = live
            }
            if outCapacity - outEnd < length {
                (out, outCapacity) = grownBuffer(out, capacity: outCapacity, keeping: outEnd,
                                                 needed: outEnd + length, minimum: 4 * 1024)
            }
        }
        UnsafeMutableRawPointer(out! + outEnd).copyMemory(from: data, byteCount: length)
        outEnd += length
    }

    private func readOrWriteFailed(_ ssl: OpaquePointer, _ r: Int32, reading: Bool) -> Int {
        let code = SSL_get_error(ssl, r)
        switch code {
        case SSL_ERROR_WANT_READ:
            if !reading { writeWantsRead = true }
            return TLSConnection.again
        case SSL_ERROR_WANT_WRITE:
            if reading { readWantsWrite = true }
            return TLSConnection.again
        case SSL_ERROR_ZERO_RETURN:
            // The peer's close_notify: a clean close.
            state = .closed
            mayShutdown = false
            return TLSConnection.closed
        case SSL_ERROR_SYSCALL:
            let e = errno
            if e == EINTR || e == EAGAIN { return TLSConnection.again }
            mayShutdown = false
            if e == 0 {
                // EOF in the middle of nothing: the peer went away (Redis: a close, no error).
                ERR_clear_error()
                state = .closed
                return TLSConnection.closed
            }
            fail(code)
            return TLSConnection.failed
        default:
            fail(code)
            return TLSConnection.failed
        }
    }

    /// Records a fatal error as Redis words it: strerror(errno) (or "(null)") for a system
    /// call error, else OpenSSL's oldest queued error.
    private func fail(_ code: Int32) {
        let e = errno
        mayShutdown = false
        state = .closed
        if code == SSL_ERROR_SYSCALL {
            lastError = e != 0 ? String(cString: strerror(e)) : "(null)"
        } else if ERR_peek_error() != 0 {
            lastError = TLSLibrary.takeError(bufferSize: 512)
        } else {
            lastError = "(null)"
        }
        ERR_clear_error()
    }

    // MARK: closing

    /// Sends close_notify when the connection is healthy (one non-blocking attempt, no
    /// waiting for the peer's answer) and frees the OpenSSL state. The socket stays open:
    /// the caller closes it.
    public func close() {
        guard let s = ssl else { return }
        if state == .connected && mayShutdown {
            ERR_clear_error()
            _ = SSL_shutdown(s)
            ERR_clear_error()
            _ = flush()
        }
        SSL_free(s)
        ssl = nil
        state = .closed
    }
}
