// TLSNetworking: TLS clients on the same single-threaded epoll loop (Redis's tls.c glue).
//
// A TLS client is an ordinary `Client` whose `tls` is set. The plain-TCP path pays one nil
// check per read and per write (readFromClient/writeToClient call tlsRead/tlsWrite instead of
// read(2)/write(2)) and one per epoll event (the loop hands TLS clients to handleTLSEvent).
// Everything else — parsing, dispatch, replies, output limits, closing — is shared.
//
// OpenSSL writes its records to memory and TLSConnection flushes them (see there why), so
// output backpressure looks like plain TCP's: tlsWrite reports bytes written once their
// records are on the socket. Records OpenSSL writes on its own (handshake flights, a KeyUpdate
// answer) wait in the same queue; the client wants writable while any are left.
//
// The WANT_READ/WANT_WRITE dance: SSL_read may need the socket writable and SSL_write may
// need it readable. TLSConnection records which; handleTLSEvent then runs the read handler on
// a writable event and the write handler on a readable one, and syncTLSInterest keeps the
// epoll registration matching what OpenSSL waits for. The plain code keeps its own rule
// (readable always, writable while output is pending: `.writeInstalled`); a TLS client only
// registers something else while OpenSSL needs it, and goes back to the plain rule after.
// Input OpenSSL has buffered (records read ahead, plaintext of a record) is invisible to epoll,
// so each readable event drains it (readTLSClient).
//
// Context lifecycle (docs/tls.md): built at start-up when tls-port (or tls-replication /
// tls-cluster) is set — a bad certificate or key exits with Redis's log text — and rebuilt by
// CONFIG SET of any tls-* directive while TLS is on. Open connections keep their context.

import Config
import EventLoop
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// TLS state of the server: the current context and the TLS listening sockets.
final class TLSServerState {
    var context: TLSContext? = nil
    var listeners: [(fd: Int32, name: String)] = []
    /// Where the connections stage the records OpenSSL writes (TLSConnection.swift).
    let outputScratch = TLSOutputScratch()
    /// The last context build (which command it ran in, the settings, the outcome), so that
    /// one CONFIG SET changing several tls-* directives builds the context once.
    var lastBuild: (command: Int64, client: ObjectIdentifier?, settings: TLSSettings, ok: Bool)? = nil

    @inline(__always) func isListener(_ fd: Int32) -> Bool {
        for l in listeners where l.fd == fd { return true }
        return false
    }
}

/// CONFIG SET of these rebuilds the context while TLS is on (Redis's applyTlsCfg).
let tlsContextDirectives = [
    "tls-session-cache-size", "tls-session-cache-timeout", "tls-cluster", "tls-replication",
    "tls-prefer-server-ciphers", "tls-session-caching", "tls-cert-file", "tls-key-file",
    "tls-key-file-pass", "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass",
    "tls-dh-params-file", "tls-ca-cert-file", "tls-ca-cert-dir", "tls-protocols", "tls-ciphers",
    "tls-ciphersuites",
]

extension Server {
    // MARK: configuration

    /// The tls-* directives as the context builder wants them.
    func tlsSettings() -> TLSSettings {
        var s = TLSSettings()
        s.certFile = config.string("tls-cert-file")
        s.keyFile = config.string("tls-key-file")
        s.keyFilePass = config.string("tls-key-file-pass")
        s.clientCertFile = config.string("tls-client-cert-file")
        s.clientKeyFile = config.string("tls-client-key-file")
        s.clientKeyFilePass = config.string("tls-client-key-file-pass")
        s.dhParamsFile = config.string("tls-dh-params-file")
        s.caCertFile = config.string("tls-ca-cert-file")
        s.caCertDir = config.string("tls-ca-cert-dir")
        s.protocols = config.string("tls-protocols")
        s.ciphers = config.string("tls-ciphers")
        s.ciphersuites = config.string("tls-ciphersuites")
        s.preferServerCiphers = config.bool("tls-prefer-server-ciphers") ?? false
        s.sessionCaching = config.bool("tls-session-caching") ?? true
        s.sessionCacheSize = Int(config.integer("tls-session-cache-size") ?? 20 * 1024)
        s.sessionCacheTimeout = Int(config.integer("tls-session-cache-timeout") ?? 300)
        s.requiresCA = tlsClientAuth != .no || (config.bool("tls-cluster") ?? false) || (config.bool("tls-replication") ?? false)
        return s
    }

    var tlsClientAuth: TLSClientAuth {
        TLSClientAuth(rawValue: Int(config.integer("tls-auth-clients") ?? 1)) ?? .yes
    }

    /// Redis configures TLS when any of these is on (tls-replication and tls-cluster have
    /// no other effect here: StructD has neither replication nor cluster).
    var tlsWanted: Bool {
        config.tlsPort != 0 || (config.bool("tls-replication") ?? false) || (config.bool("tls-cluster") ?? false)
    }

    /// Builds a context from the current directives and makes it the server's; on failure
    /// logs Redis's line and keeps the old context. Within one command, a second call with
    /// the same settings reuses the first outcome (one CONFIG SET, several tls-* names).
    @discardableResult
    func configureTLS() -> Bool {
        if let warning = TLSLibrary.initialise() { log.warning(warning) }
        let settings = tlsSettings()
        let command = stats.totalCommandsProcessed
        let client = currentClient.map { ObjectIdentifier($0) }
        if let last = tlsServer.lastBuild, client != nil, last.command == command, last.client == client,
           last.settings == settings {
            return last.ok
        }
        var ok = true
        do {
            tlsServer.context = try TLSContext(settings)
        } catch {
            log.warning("\(error)")
            ok = false
        }
        tlsServer.lastBuild = (command, client, settings, ok)
        return ok
    }

    /// Start-up (before the listeners open): configure TLS when wanted, or exit as Redis does.
    func startTLS() throws {
        guard tlsWanted else { return }
        if !configureTLS() {
            throw StartupError(message: "Failed to configure TLS. Check logs for more info.")
        }
    }

    /// CONFIG SET hooks: tls-* directives, tls-port, and bind (which moves TLS listeners too).
    func installTLSHooks() {
        for name in tlsContextDirectives {
            config.applyHooks[name] = { [unowned self] _ in
                if self.tlsWanted && !self.configureTLS() {
                    return "Unable to update TLS configuration. Check server logs."
                }
                return nil
            }
        }
        config.applyHooks["tls-port"] = { [unowned self] _ in
            // Redis configures TLS here only if it never was (a context kept from an earlier
            // tls-port stays in use, even after tls-* changes made while the port was 0).
            if self.tlsServer.context == nil && !self.configureTLS() {
                return "Unable to update TLS configuration. Check server logs."
            }
            return self.rebindTLS() ? nil : "Unable to listen on this port. Check server logs."
        }
        let bindHook = config.applyHooks["bind"]
        config.applyHooks["bind"] = { [unowned self] cfg in
            if let err = bindHook?(cfg) { return err }
            return self.rebindTLS() ? nil : "Failed to bind to specified addresses."
        }
        clientCloseHooks.append { c in
            c.tls?.close()
        }
    }

    // MARK: listening

    /// Opens the TLS listeners at start-up (after startTLS).
    func openTLSListeners() throws {
        let port = config.tlsPort
        if port == 0 { return }
        var bound = 0
        for var addr in config.bind {
            let optional = addr.hasPrefix("-")
            if optional { addr.removeFirst() }
            do {
                let fd = try Sockets.listenTCP(host: addr, port: port, backlog: config.tcpBacklog)
                tlsServer.listeners.append((fd, "\(addr):\(port)"))
                epoll.add(fd, .readable)
                bound += 1
            } catch {
                log.warning("Warning: \(error)")
                var code: Int32 = 0
                if case EventLoopError.system(_, let e) = error { code = e }
                if optional || code == EAFNOSUPPORT || (code == EADDRNOTAVAIL && addr.contains(":")) { continue }
                throw StartupError(message: "Failed listening on port \(port) (TLS), aborting.")
            }
        }
        if bound == 0 && !config.bind.isEmpty {
            throw StartupError(message: "Failed listening on port \(port) (TLS), aborting.")
        }
    }

    /// Listens on tls-port at the bind addresses (CONFIG SET tls-port / bind). New sockets
    /// open before the old ones close, so a failure leaves the listeners as they were.
    func rebindTLS() -> Bool {
        let port = config.tlsPort
        let wanted = bindAddresses(port: port)
        if tlsServer.listeners.map(\.name) == wanted.map({ "\($0.addr):\(port)" }) { return true }
        guard let opened = openTCPListeners(wanted, port: port) else { return false }
        for l in tlsServer.listeners {
            epoll.remove(l.fd)
            close(l.fd)
        }
        tlsServer.listeners = opened
        for o in opened { epoll.add(o.fd, .readable) }
        return true
    }

    func closeTLSListeners() {
        for l in tlsServer.listeners {
            epoll.remove(l.fd)
            close(l.fd)
        }
        tlsServer.listeners.removeAll()
    }

    // MARK: accepting

    /// Called by acceptConnections for a TLS listener, after acceptClient: the client exists
    /// from here on (CLIENT LIST shows it during the handshake, as Redis does); maxclients was
    /// checked by acceptClient, protected mode is checked when the handshake is done.
    func beginTLSHandshake(_ fd: Int32) {
        guard let c = clients[fd], c.fd == fd, !c.flags.contains(.closeASAP) else { return }
        guard let ctx = tlsServer.context,
              let t = TLSConnection(context: ctx, fd: fd, clientAuth: tlsClientAuth,
                                    scratch: tlsServer.outputScratch) else {
            log.warning("Accepted client connection in error state: \(TLSLibrary.takeError()) (conn: fd=\(fd))")
            freeClient(c)
            return
        }
        c.tls = t
        // A first attempt right away (the client hello is often there already).
        switch t.handshake() {
        case .failed:
            log.warning("Error accepting a client connection: \(t.lastError) (conn: fd=\(fd))")
            freeClient(c)
        case .done:
            tlsHandshakeDone(c, t)
        case .inProgress:
            syncTLSInterest(c, t)
        }
    }

    private func tlsHandshakeDone(_ c: Client, _ t: TLSConnection) {
        // Protected mode is checked now rather than at accept, so that the refusal is readable:
        // it goes over TLS, then close_notify (Redis's clientAcceptHandler). Whether the peer is
        // loopback was found at accept.
        if Server.protectedModeDenies(enabled: config.protectedMode, defaultUserNopass: acl.defaultUser.nopass,
                                      loopback: c.flags.contains(.loopbackPeer)) {
            let message = Server.protectedModeMessage
            _ = message.withCString { t.write($0, strlen($0)) }
            stats.rejectedConnections += 1
            freeClient(c)
            return
        }
        // Application data may have arrived with the client's last handshake flight.
        readTLSClient(c, t)
        if clients[c.fd] === c { syncTLSInterest(c, t) }
    }

    // MARK: events

    /// One epoll event for a TLS client (instead of the plain read/write handlers).
    func handleTLSEvent(_ c: Client, _ events: UInt32) {
        guard let t = c.tls else { return }
        let fd = c.fd
        switch t.state {
        case .accepting:
            switch t.handshake() {
            case .failed:
                log.warning("Error accepting a client connection: \(t.lastError)")
                freeClient(c)
            case .inProgress:
                syncTLSInterest(c, t)
            case .done:
                tlsHandshakeDone(c, t)
            }
        case .connected:
            let readable = Epoll.isReadable(events), writable = Epoll.isWritable(events)
            let callRead = readable || (writable && t.readWantsWrite)
            let callWrite = (writable && c.flags.contains(.writeInstalled)) || (readable && t.writeWantsRead)
            if writable && !callWrite && t.pendingOutput > 0 {
                // Records OpenSSL wrote on its own (a KeyUpdate answer) with no reply behind them.
                if t.flush() == TLSConnection.failed {
                    log.verbose("Error writing to client: \(t.lastError)")
                    freeClient(c)
                    return
                }
            }
            if callRead {
                t.readWantsWrite = false
                readTLSClient(c, t)
                guard clients[fd] === c else { return }
            }
            if callWrite {
                t.writeWantsRead = false
                writeToClient(c, fromHandler: true)
                guard clients[fd] === c else { return }
            }
            syncTLSInterest(c, t)
        case .closed:
            freeClient(c)
        }
    }

    /// Reads what the socket has, then what OpenSSL holds but epoll cannot report: records read
    /// ahead, or the rest of a record the buffer could not take. One SSL_read returns at most one
    /// record, so this reads until OpenSSL holds nothing, or only the start of a record (a read
    /// then makes no progress, and the socket reports the rest). It stops early once replies are
    /// waiting, so that they go out before the next record is read, as when each record waited
    /// in the socket (the next one may be the peer's close_notify, which frees the client), and
    /// after 64 reads or 64 KiB, so one client cannot hold the loop. What is left is read on the
    /// next writable event (`readWantsWrite`: a socket with room reports writable at once) or
    /// the next readable one.
    private func readTLSClient(_ c: Client, _ t: TLSConnection) {
        let fd = c.fd, start = c.totalNetInput
        var before = start
        readFromClient(c)
        var rounds = 1
        while c.totalNetInput != before, t.state == .connected, t.hasBufferedInput,
              clients[fd] === c, !c.flags.contains(.closeASAP) {
            if c.out.readableBytes > 0 || rounds == 64 || c.totalNetInput - start >= 64 * 1024 {
                t.readWantsWrite = true
                return
            }
            before = c.totalNetInput
            readFromClient(c)
            rounds += 1
        }
    }

    /// Registers with epoll what this TLS client waits for, when it differs from the plain
    /// rule (see the top comment).
    func syncTLSInterest(_ c: Client, _ t: TLSConnection) {
        var want: Interest = .readable
        switch t.state {
        case .accepting:
            if t.handshakeWantsWrite { want.insert(.writable) }
        case .connected:
            if t.readWantsWrite || t.pendingOutput > 0 || (c.flags.contains(.writeInstalled) && !t.writeWantsRead) {
                want.insert(.writable)
            }
        case .closed:
            return
        }
        let plain: Interest = c.flags.contains(.writeInstalled) ? [.readable, .writable] : .readable
        if want != plain {
            epoll.modify(c.fd, want)
            t.eventMaskOverridden = true
        } else if t.eventMaskOverridden {
            epoll.modify(c.fd, want)
            t.eventMaskOverridden = false
        }
    }

    // MARK: I/O (called by readFromClient / writeToClient for TLS clients)

    /// read(2) for a TLS client: bytes read, 0 when the connection ended (errors are logged
    /// here, with OpenSSL's text, as Redis logs them), -1 with errno EAGAIN to try later.
    func tlsRead(_ c: Client, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        guard let t = c.tls else { return 0 }
        let n = t.read(buffer, count)
        if n > 0 { return n }
        if n == TLSConnection.again {
            errno = EAGAIN
            return -1
        }
        if n == TLSConnection.failed { log.verbose("Reading from client: \(t.lastError)") }
        return 0
    }

    /// write(2) for a TLS client: bytes written, or -1 with errno EAGAIN. A failed connection
    /// is logged and closed asynchronously (the caller sees EAGAIN and stops writing).
    func tlsWrite(_ c: Client, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        guard let t = c.tls else { return 0 }
        let n = t.write(bytes, count)
        if n > 0 { return n }
        if n != TLSConnection.again {
            if n == TLSConnection.failed { log.verbose("Error writing to client: \(t.lastError)") }
            closeAsync(c)
        }
        errno = EAGAIN
        return -1
    }
}
