// Networking: accepting connections, reading requests, flushing replies, and closing
// clients (Redis's networking.c).
//
// Reads go straight into the client's query buffer; the parser consumes commands in
// place and each command runs before the next is parsed (pipelining costs one read
// for many commands). Replies accumulate in the output buffer and are written once
// per loop iteration from beforeSleep(); only when the socket cannot take everything
// is EPOLLOUT installed. Limits (client-query-buffer-limit, proto-max-bulk-len,
// client-output-buffer-limit, maxclients) are enforced here, before memory is spent.

import Config
import RESP
import DataStructures
import EventLoop
import CSystem
#if canImport(Glibc)
import Glibc
#endif

extension Server {
    func acceptConnections(_ listener: Int32, unix: Bool, tls: Bool = false) {
        // Up to 1000 per readiness event, as Redis's MAX_ACCEPTS_PER_CALL.
        for _ in 0..<1000 {
            let (fd, err, peer) = Sockets.accept(listener)
            if fd < 0 {
                if err != EAGAIN && err != EWOULDBLOCK && err != EINTR {
                    log.warning("Accepting client connection: \(String(cString: strerror(err)))")
                }
                return
            }
            acceptClient(fd, peer: peer, unix: unix, tls: tls)
            if tls { beginTLSHandshake(fd) }
        }
    }

    /// A TLS connection (`tls`) gets no plain-text refusal: nothing readable can be sent
    /// before its handshake, so maxclients closes it silently and protected mode is checked
    /// when the handshake is done (TLSNetworking.swift), as Redis does.
    func acceptClient(_ fd: Int32, peer address: (ip: String, port: Int, unix: Bool), unix: Bool, tls: Bool = false) {
        stats.totalConnectionsReceived += 1
        if clients.count >= config.maxclients {
            if !tls {
                let msg = "-ERR max number of clients reached\r\n"
                _ = msg.withCString { write(fd, $0, strlen($0)) }
            }
            stats.rejectedConnections += 1
            close(fd)
            return
        }
        // The peer's address comes from accept4; the local end's is read when first asked
        // for (CLIENT LIST laddr, CLIENT KILL LADDR), as Redis does: one system call less
        // per connection.
        var peer = "", local: String? = nil
        if unix {
            local = config.unixsocket
            peer = config.unixsocket
        } else {
            peer = Sockets.display(address)
            // Protected mode (ACL/ProtectedMode.swift): Redis 7.0 refuses non-loopback
            // clients while the default user is nopass, whatever `bind` says.
            if !tls && Server.protectedModeDenies(enabled: config.protectedMode, defaultUserNopass: acl.defaultUser.nopass, peerIP: address.ip) {
                let msg = Server.protectedModeMessage
                _ = msg.withCString { write(fd, $0, strlen($0)) }
                stats.rejectedConnections += 1
                close(fd)
                return
            }
            Sockets.setNoDelay(fd)
            if config.tcpKeepalive > 0 { Sockets.setKeepAlive(fd, interval: config.tcpKeepalive) }
        }
        let c = Client(server: self, fd: fd, id: nextClientId, peer: peer, local: local, unix: unix,
                       authenticated: false)
        if !unix && Server.isLoopbackAddress(address.ip) { c.flags.insert(.loopbackPeer) }
        aclSetDefaultAuth(c)
        nextClientId += 1
        clients[fd] = c
        clientsById[c.id] = c
        epoll.add(fd, .readable)
    }

    var bindIsDefault: Bool {
        // Protected mode only applies when no explicit bind address was configured.
        let b = config.bind
        return b.isEmpty || b == ["*", "-::*"] || b == ["0.0.0.0"] || b == ["*"]
    }

    func isLoopback(_ ip: String) -> Bool {
        ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }

    // MARK: reading

    func readFromClient(_ c: Client) {
        if c.flags.contains(.closeASAP) { return }
        let q = c.query
        let want = 16 * 1024
        let pending = c.parser.pendingBulkBytes(readable: q.readableBytes)
        if pending >= 32 * 1024 {
            // A big value of known size: size the buffer once, exactly (as Redis does).
            q.reserveExact(pending)
        } else {
            q.reserve(want)
        }
        let n = c.tls == nil ? read(c.fd, q.writePointer, q.writableBytes) : tlsRead(c, q.writePointer, q.writableBytes)
        if n <= 0 {
            if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
            if n < 0 { log.verbose("Reading from client: \(String(cString: strerror(errno)))") }
            freeClient(c)
            return
        }
        q.writeIndex += n
        stats.netInputBytes += Int64(n)
        stats.totalReadsProcessed += 1
        c.totalNetInput += Int64(n)
        c.lastInteractionMicros = monotonicMicros()
        if q.readableBytes > config.clientQueryBufferLimit {
            log.warning("Closing client that reached max query buffer length: \(clientInfoLine(c)) (qbuf initial bytes: \(queryPrefix(q)))")
            stats.clientQbufLimitDisconnections += 1
            freeClient(c)
            return
        }
        processInputBuffer(c)
    }

    func queryPrefix(_ q: IOBuffer) -> String {
        let n = min(64, q.readableBytes)
        return "\"" + escapeBytes(UnsafeRawBufferPointer(start: q.readPointer, count: n)) + "\""
    }

    /// Parses and runs every complete command in the query buffer.
    func processInputBuffer(_ c: Client) {
        let q = c.query
        while q.readableBytes > 0 {
            if c.flags.contains(.blocked) || c.flags.intersection([.closeAfterReply, .closeASAP]) != [] { break }
            if isClientPaused(c) { break }
            let limits = RequestLimits(protoMaxBulkLen: config.protoMaxBulkLen, authRequired: c.authRequired)
            let r = c.parser.parse(q, limits: limits)
            switch r {
            case .incomplete:
                // Keep the partial command at the front so offsets stay small and the
                // buffer does not creep.
                if q.readIndex > 0 && q.readIndex >= q.capacity / 2 { q.compact() }
                return
            case .protocolError(let msg):
                c.addError("ERR " + msg)
                log.verbose("Protocol error (\(msg)) from client: \(clientInfoLine(c))")
                c.flags.insert(.closeAfterReply)
                q.readIndex = q.writeIndex
                c.parser.reset()
                return
            case .command:
                let base = UnsafeRawPointer(q.readPointer)
                // Emptied after the previous command (below); the check is for the first.
                if !c.argv.isEmpty { c.argv.removeAll(keepingCapacity: true) }
                c.parser.appendArguments(base: base, to: &c.argv)
                let consumed = c.parser.consumed
                if !c.argv.isEmpty {
                    processCommand(c)
                    commandProcessed(c)
                }
                // Keep the argument vector's storage for the next command, unless a huge
                // command grew it (1M arguments would pin 16 MB per client; Redis frees argv).
                if c.argv.capacity > 4096 { c.argv = []; c.argv.reserveCapacity(16) } else { c.argv.removeAll(keepingCapacity: true) }
                c.parser.reset()
                q.readIndex += consumed
            }
        }
        if q.readableBytes == 0 {
            q.clear(shrinkAbove: 256 * 1024)
        }
    }

    // MARK: writing

    func writeToClient(_ c: Client, fromHandler: Bool) {
        let o = c.out
        var written = 0
        while o.readableBytes > 0 {
            let n = c.tls == nil ? write(c.fd, o.readPointer, o.readableBytes) : tlsWrite(c, o.readPointer, o.readableBytes)
            if n <= 0 {
                if n < 0 && (errno == EAGAIN || errno == EINTR) { break }
                log.verbose("Error writing to client: \(String(cString: strerror(errno)))")
                freeClient(c)
                return
            }
            o.readIndex += n
            written += n
            // Do not let one client with a huge reply starve the others (NET_MAX_WRITES_PER_EVENT).
            if written > 64 * 1024 * 1024 { break }
        }
        stats.netOutputBytes += Int64(written)
        c.totalNetOutput += Int64(written)
        if written > 0 { stats.totalWritesProcessed += 1 }
        if o.readableBytes == 0 {
            o.clear(shrinkAbove: 1 << 20)
            c.outputLimitSoftSince = 0
            if c.flags.contains(.writeInstalled) {
                c.flags.remove(.writeInstalled)
                epoll.modify(c.fd, .readable)
            }
            if c.flags.contains(.closeAfterReply) { freeClient(c); return }
        } else {
            if !c.flags.contains(.writeInstalled) {
                c.flags.insert(.writeInstalled)
                epoll.modify(c.fd, [.readable, .writable])
            }
            // New output the socket could not take: enforce the output buffer limits here
            // too, so output pushed to a client by others (pub/sub, MONITOR, invalidations)
            // is bounded like command replies.
            if !fromHandler { checkOutputBufferLimits(c) }
        }
    }

    /// Enforces client-output-buffer-limit for the client's class (normal/pubsub/replica).
    func checkOutputBufferLimits(_ c: Client) {
        let limit = c.isPubSub ? config.clientOutputBufferLimits.pubsub : config.clientOutputBufferLimits.normal
        let hard = Int(clamping: limit.hardLimitBytes), soft = Int(clamping: limit.softLimitBytes)
        if hard == 0 && soft == 0 { return }
        let used = c.out.readableBytes
        var exceeded = hard > 0 && used >= hard
        if !exceeded && soft > 0 && used >= soft {
            let now = monotonicMicros()
            if c.outputLimitSoftSince == 0 {
                c.outputLimitSoftSince = now
            } else if (now - c.outputLimitSoftSince) / 1_000_000 >= Int64(limit.softLimitSeconds) {
                exceeded = true
            }
        } else if soft > 0 && used < soft {
            c.outputLimitSoftSince = 0
        }
        if exceeded {
            log.warning("Client \(clientInfoLine(c)) scheduled to be closed ASAP for overcoming of output buffer limits.")
            stats.clientOutbufLimitDisconnections += 1
            closeAsync(c)
        }
    }

    // MARK: closing

    /// Closes later, from beforeSleep (safe while the client's command is running).
    func closeAsync(_ c: Client) {
        if c.flags.contains(.closeASAP) { return }
        c.flags.insert(.closeASAP)
        closeQueue.append(c)
    }

    func freeClient(_ c: Client) {
        guard clients[c.fd] === c else { return }
        if c === currentClient {
            closeAsync(c)
            return
        }
        clientWillClose(c)
        epoll.remove(c.fd)
        close(c.fd)
        clients[c.fd] = nil
        clientsById[c.id] = nil
        if c.flags.contains(.monitor) { monitors.removeAll { $0 === c } }
        c.flags.insert(.closeASAP)
    }
}

/// Redis's sdscatrepr-style escaping (for logs, MONITOR and CLIENT LIST).
func escapeBytes(_ p: UnsafeRawBufferPointer) -> String {
    var s = ""
    s.reserveCapacity(p.count)
    for b in p {
        switch b {
        case UInt8(ascii: "\\"): s += "\\\\"
        case UInt8(ascii: "\""): s += "\\\""
        case 10: s += "\\n"
        case 13: s += "\\r"
        case 9: s += "\\t"
        case 7: s += "\\a"
        case 8: s += "\\b"
        default:
            if b >= 32 && b < 127 { s.unicodeScalars.append(UnicodeScalar(b)) } else {
                let hex = Array("0123456789abcdef")
                s += "\\x" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
    }
    return s
}
