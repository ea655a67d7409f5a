// TLSClient: --tls. One client context per run (the TLS module's TLSClientContext, from
// --cacert/--cacertdir/--cert/--key/--insecure), one TLSConnection per socket with --sni as
// SNI. Benchmark connections do their handshake on the worker's event loop (Worker.swift);
// the preflight connection drives the same non-blocking calls with poll(2) (`waitFor`).
// Errors carry redis-benchmark's prefix: "Could not negotiate a TLS connection: <reason>".

import TLS
#if canImport(Glibc)
import Glibc
#endif

final class BenchmarkTLS: @unchecked Sendable {
    let context: TLSClientContext
    let serverName: String?

    /// Nil when --tls is off.
    init?(_ options: TLSOptions) throws(BenchmarkError) {
        guard case .on(let caCert, let caCertDir, let cert, let key, let sni, let insecure) = options else { return nil }
        do {
            context = try TLSClientContext(caCertFile: caCert, caCertDir: caCertDir, certFile: cert, keyFile: key,
                                           verifyPeer: !insecure)
        } catch {
            throw BenchmarkError("Could not negotiate a TLS connection: \(error.message)")
        }
        serverName = sni
    }

    /// The client side of a TLS connection on a connected non-blocking socket; the
    /// handshake is left to the caller.
    func connection(fd: Int32) throws(BenchmarkError) -> TLSConnection {
        guard let c = TLSConnection(clientContext: context, fd: fd, serverName: serverName) else {
            _ = TLSLibrary.takeError()
            throw BenchmarkError("Could not negotiate a TLS connection: "
                + (serverName != nil ? "Failed to configure SNI" : "Failed to create SSL object"))
        }
        return c
    }

    static func handshakeFailure(_ c: TLSConnection) -> String {
        "Could not negotiate a TLS connection: \(c.lastError)"
    }

    /// Blocks until `fd` is readable (or writable), at most `timeoutMs`.
    static func waitFor(_ fd: Int32, writable: Bool, timeoutMs: Int32 = 10_000) throws(BenchmarkError) {
        var p = pollfd(fd: fd, events: Int16(writable ? POLLOUT : POLLIN), revents: 0)
        while true {
            let r = poll(&p, 1, timeoutMs)
            if r > 0 { return }
            if r == 0 { throw BenchmarkError("Timed out waiting for the server") }
            if errno != EINTR { throw BenchmarkError("poll: \(String(cString: strerror(errno)))") }
        }
    }

    /// The blocking handshake of the preflight connection.
    static func handshake(_ c: TLSConnection) throws(BenchmarkError) {
        while true {
            switch c.handshake() {
            case .done: return
            case .failed: throw BenchmarkError(handshakeFailure(c))
            case .inProgress:
                do {
                    try waitFor(c.fd, writable: c.handshakeWantsWrite)
                } catch {
                    // A server that is not speaking TLS may just wait for more (10 s).
                    throw BenchmarkError("Could not negotiate a TLS connection: \(error.message)")
                }
            }
        }
    }

    /// Writes all of `bytes` (blocking through poll).
    static func writeAll(_ c: TLSConnection, _ bytes: UnsafeRawBufferPointer) throws(BenchmarkError) {
        var done = 0
        while done < bytes.count {
            let n = c.write(bytes.baseAddress! + done, bytes.count - done)
            if n > 0 {
                done += n
            } else if n == TLSConnection.again {
                let wantsRead = c.writeWantsRead
                c.writeWantsRead = false
                try waitFor(c.fd, writable: !wantsRead)
            } else {
                throw BenchmarkError("Error writing to the server: \(c.lastError)")
            }
        }
    }

    /// Reads some bytes (blocking through poll); 0 when the server closed the connection.
    static func read(_ c: TLSConnection, _ buffer: UnsafeMutableRawBufferPointer) throws(BenchmarkError) -> Int {
        while true {
            let n = c.read(buffer.baseAddress!, buffer.count)
            if n > 0 { return n }
            if n == TLSConnection.closed { return 0 }
            if n == TLSConnection.failed { throw BenchmarkError("Error reading from the server: \(c.lastError)") }
            if c.pendingOutput > 0 && c.flush() == TLSConnection.again {
                try waitFor(c.fd, writable: true)
                continue
            }
            let wantsWrite = c.readWantsWrite
            c.readWantsWrite = false
            try waitFor(c.fd, writable: wantsWrite)
        }
    }
}
