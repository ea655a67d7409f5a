// TLSTests: structd-server's tls-port against real TLS clients — Debian's redis-cli --tls,
// redis-py with ssl, and TLSTestClient (OpenSSL) for raw bytes — and against Debian's
// redis-server 7.0.15 (built with TLS) started with the same TLS configuration: replies over
// TLS, start-up failures and CONFIG SET errors are compared with it.
//
// Certificates come from scripts/gen-test-certs.sh, run once per test process into temporary
// directories: a main CA with server and client certificates, and an unrelated "other" CA with
// its own, for the wrong-CA cases.

import COpenSSL
import Foundation
import Glibc
import RESP
import Testing

struct TLSFixtureError: Error, Sendable, CustomStringConvertible {
    var description: String
}

/// The certificate sets, made once per test process.
final class TLSCertificates: Sendable {
    let main: TemporaryDirectory
    let other: TemporaryDirectory

    var ca: String { main.path + "/ca.crt" }
    var serverCert: String { main.path + "/server.crt" }
    var serverKey: String { main.path + "/server.key" }
    var clientCert: String { main.path + "/client.crt" }
    var clientKey: String { main.path + "/client.key" }
    var dhParams: String { main.path + "/redis.dh" }
    /// server.key encrypted with the password "secret".
    var encryptedServerKey: String { main.path + "/server-enc.key" }
    var otherCA: String { other.path + "/ca.crt" }
    var otherServerCert: String { other.path + "/server.crt" }
    var otherServerKey: String { other.path + "/server.key" }
    var otherClientCert: String { other.path + "/client.crt" }
    var otherClientKey: String { other.path + "/client.key" }

    private init() throws {
        main = try TemporaryDirectory(prefix: "structd-tls")
        other = try TemporaryDirectory(prefix: "structd-tls-other")
        let script = ServerProcess.packageRoot + "/scripts/gen-test-certs.sh"
        let runs: [[String]] = [
            [script, main.path],
            ["CA_NAME=Other Test CA", "DH=none", script, other.path],
            ["openssl", "pkey", "-in", main.path + "/server.key", "-aes256", "-passout", "pass:secret",
             "-out", main.path + "/server-enc.key"],
        ]
        for arguments in runs {
            let result = try ProcessRunner.run("/usr/bin/env", arguments, timeout: .seconds(120))
            guard result.exitCode == 0 else {
                throw TLSFixtureError(description: "\(arguments.joined(separator: " ")) failed: \(result)")
            }
        }
    }

    private static let shared: Result<TLSCertificates, TLSFixtureError> =
        Result { try TLSCertificates() }.mapError { TLSFixtureError(description: "certificates: \($0)") }

    static func get() throws -> TLSCertificates { try shared.get() }

    /// The server side of the main set (tls-port itself is added by TLSServer).
    var serverArgs: [String] {
        ["--tls-cert-file", serverCert, "--tls-key-file", serverKey, "--tls-ca-cert-file", ca]
    }

    /// A client trusting the main CA and presenting the main client certificate.
    func options(clientCertificate: Bool = true) -> TLSTestClient.Options {
        TLSTestClient.Options(caFile: ca, certFile: clientCertificate ? clientCert : nil,
                              keyFile: clientCertificate ? clientKey : nil)
    }
}

/// A server (structd or redis) with a plain port and a TLS port.
struct TLSServer {
    let process: ServerProcess
    let tlsReservation: PortReservation
    var tlsPort: UInt16 { tlsReservation.port }

    /// Starts `name` ("structd" or "redis") with the main certificates plus `extra` arguments.
    static func start(_ name: String = "structd", certs: TLSCertificates, extra: [String] = [],
                      certificateArgs: [String]? = nil) throws -> TLSServer {
        var lastError: Error? = nil
        for _ in 0..<3 {
            let reservation = try PortReservation()
            let args = ["--tls-port", String(reservation.port)] + (certificateArgs ?? certs.serverArgs) + extra
            do {
                let process = name == "redis" ? try ServerProcess.redis(args: args) : try ServerProcess.structd(args: args)
                return TLSServer(process: process, tlsReservation: reservation)
            } catch let error as ServerStartError where error.description.lowercased().contains("address already in use") {
                lastError = error  // the TLS port was taken between the probe and the bind
            }
        }
        throw lastError!
    }

    func client(_ options: TLSTestClient.Options) throws -> TLSTestClient {
        try TLSTestClient(port: tlsPort, options)
    }

    /// `redis-cli --tls --cacert <ca> [--cert --key] -p <tls port> arguments...`.
    func cli(_ certs: TLSCertificates, _ arguments: [String], stdin: [UInt8] = [],
             clientCertificate: Bool = true, ca: String? = nil) throws -> ProcessResult {
        var tls = ["--tls", "--cacert", ca ?? certs.ca]
        if clientCertificate { tls += ["--cert", certs.clientCert, "--key", certs.clientKey] }
        return try RedisCLI(port: tlsPort).run(tls + arguments, stdin: stdin)
    }
}

/// "pid:X dd Mon yyyy hh:mm:ss.mmm # message" → the messages of warning lines, without the
/// banner lines every start prints.
private func warningMessages(_ log: String) -> [String] {
    var messages: [String] = []
    for line in log.split(separator: "\n") {
        let parts = line.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[5] == "#" else { continue }
        let message = String(parts[6])
        let banner = ["oO0OoO0OoO0Oo", "version=", "Configuration loaded", "Memory overcommit", "no config file specified"]
        if banner.contains(where: { message.contains($0) }) { continue }
        messages.append(message)
    }
    return messages
}

private func bulk(_ bytes: [UInt8]) -> [UInt8] { Array("$\(bytes.count)\r\n".utf8) + bytes + [13, 10] }

@Suite("TLS", .enabled(if: ServerProcess.structdAvailable && RedisCLI.available), .timeLimit(.minutes(3)))
struct TLSTests {
    @Test func redisCLIOverTLS() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        #expect(try server.cli(certs, ["PING"]).output == "PONG\n")
        #expect(try server.cli(certs, ["SET", "k", "v"]).output == "OK\n")
        #expect(try server.cli(certs, ["GET", "k"]).output == "v\n")

        // Values larger than 64 KiB in both directions (several TLS records each way).
        var random = SeededRandom(seed: 8)
        let big = (0..<300_000).map { _ in UInt8(ascii: "a") + UInt8(random.int(in: 0..<26)) }
        #expect(try server.cli(certs, ["-x", "SET", "big"], stdin: big).output == "OK\n")
        #expect(try server.cli(certs, ["STRLEN", "big"]).output == "300000\n")
        let got = try server.cli(certs, ["GET", "big"])
        #expect(got.stdout == big + [10], "GET big over TLS: \(got.stdout.count) bytes")

        // Mass insertion, pipelined as hard as redis-cli can.
        let commands = (0..<5000).map { ["SET", "key:\($0)", String(repeating: "v", count: $0 % 200)] }
        let pipe = try server.cli(certs, ["--pipe"], stdin: commands.flatMap { RESPFramer.encode($0) })
        #expect(pipe.exitCode == 0, "\(pipe)")
        #expect(pipe.output.contains("errors: 0, replies: 5000"), "\(pipe)")
        #expect(try server.cli(certs, ["DBSIZE"]).output == "5002\n")

        // CLIENT LIST shows a TLS connection as Redis does: its local address is the TLS port.
        let list = try server.cli(certs, ["CLIENT", "LIST"]).output
        #expect(list.contains("laddr=127.0.0.1:\(server.tlsPort) "), "\(list)")
        #expect(list.contains(" flags=N ") && list.contains(" cmd=client|list "), "\(list)")
        // The plain port is unaffected.
        #expect(try server.process.cli.command("GET", "k").output == "v\n")
    }

    @Test func authClientsYesNoOptional() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let admin = try server.process.connect()

        // yes (the default): no certificate, no service. With TLS 1.3 the client's handshake
        // completes before the server checks, so the refusal shows on the first read.
        let anonymous = try server.client(certs.options(clientCertificate: false))
        #expect(throws: ConnectionError.self) { _ = try anonymous.roundTrip("PING") }
        #expect(server.process.waitForLog(containing: "Error accepting a client connection: error:0A0000C7:SSL routines::peer did not return a certificate"))
        let withCertificate = try server.client(certs.options())
        #expect(try withCertificate.command("PING") == "+PONG\r\n")
        // A certificate from another CA is refused too.
        let stranger = try server.client(TLSTestClient.Options(caFile: certs.ca, certFile: certs.otherClientCert, keyFile: certs.otherClientKey))
        #expect(throws: ConnectionError.self) { _ = try stranger.roundTrip("PING") }
        #expect(server.process.waitForLog(containing: "certificate verify failed"))

        // optional: no certificate is fine, a bad one is not.
        #expect(try admin.command("CONFIG", "SET", "tls-auth-clients", "optional") == .simple("OK"))
        #expect(try server.client(certs.options(clientCertificate: false)).command("PING") == "+PONG\r\n")
        #expect(try server.client(certs.options()).command("PING") == "+PONG\r\n")
        let strangerOptional = try server.client(TLSTestClient.Options(caFile: certs.ca, certFile: certs.otherClientCert, keyFile: certs.otherClientKey))
        #expect(throws: ConnectionError.self) { _ = try strangerOptional.roundTrip("PING") }

        // no: client certificates are not even looked at.
        #expect(try admin.command("CONFIG", "SET", "tls-auth-clients", "no") == .simple("OK"))
        #expect(try server.client(certs.options(clientCertificate: false)).command("PING") == "+PONG\r\n")
        let strangerNo = try server.client(TLSTestClient.Options(caFile: certs.ca, certFile: certs.otherClientCert, keyFile: certs.otherClientKey))
        #expect(try strangerNo.command("PING") == "+PONG\r\n")
        // The connection refused earlier did not disturb the one that was accepted.
        #expect(try withCertificate.command("PING") == "+PONG\r\n")

        // redis-cli sees the same: without a certificate it fails under `yes`.
        #expect(try admin.command("CONFIG", "SET", "tls-auth-clients", "yes") == .simple("OK"))
        let refused = try server.cli(certs, ["PING"], clientCertificate: false)
        #expect(!refused.output.contains("PONG"), "\(refused)")
        #expect(try server.cli(certs, ["PING"]).output == "PONG\n")
    }

    @Test func wrongCAFailsTheHandshake() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        // The client does not trust the server's CA.
        #expect(throws: ConnectionError.self) {
            _ = try server.client(TLSTestClient.Options(caFile: certs.otherCA, certFile: certs.clientCert, keyFile: certs.clientKey))
        }
        #expect(server.process.waitForLog(containing: "Error accepting a client connection: error:0A000418:SSL routines::tlsv1 alert unknown ca"))
        let cli = try server.cli(certs, ["PING"], ca: certs.otherCA)
        #expect(cli.exitCode != 0 && !cli.output.contains("PONG"), "\(cli)")
        #expect(cli.errorOutput.contains("certificate verify failed") || cli.output.contains("certificate verify failed"), "\(cli)")
        // The server goes on, on both ports.
        #expect(try server.client(certs.options()).command("PING") == "+PONG\r\n")
        #expect(try server.process.connect().roundTrip("PING") == Array("+PONG\r\n".utf8))
    }

    @Test func plainTextOnTheTLSPortIsClosed() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let good = try server.client(certs.options())
        #expect(try good.command("SET", "k", "v") == "+OK\r\n")

        let plain = try RawConnection(port: server.tlsPort)
        try plain.send("PING\r\n")
        #expect(plain.isClosedByPeer())
        #expect(!String(decoding: try plain.readAvailable(), as: UTF8.self).contains("PONG"))
        #expect(server.process.waitForLog(containing: "SSL routines::wrong version number"))

        // A client hello cut short, then the socket closes: the handshake fails cleanly.
        let partial = try RawConnection(port: server.tlsPort)
        try partial.send([0x16, 0x03, 0x01, 0x00, 0xc8, 0x01, 0x00])
        partial.close()
        // Binary junk, a lot of it.
        let junk = try RawConnection(port: server.tlsPort)
        var random = SeededRandom(seed: 44)
        try? junk.send(random.bytes(200_000))
        #expect(junk.isClosedByPeer())

        // Nobody else noticed.
        #expect(try good.command("GET", "k") == "$1\r\nv\r\n")
        #expect(try server.client(certs.options()).command("GET", "k") == "$1\r\nv\r\n")
        #expect(try server.process.connect().roundTrip("GET", "k") == Array("$1\r\nv\r\n".utf8))
        #expect(server.process.isRunning)
    }

    /// Many small records in one TCP segment: with read-ahead one read(2) takes hundreds of
    /// them into OpenSSL, where epoll cannot see them. Every one must be served, also when a
    /// read ends inside a record (the 1000-record burst is bigger than OpenSSL's read buffer),
    /// and commands followed at once by the client's close_notify must get their replies.
    @Test func manyRecordsInOneSegment() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let client = try server.client(certs.options())
        let other = try server.client(certs.options())
        for (burst, count) in [300, 1000, 65].enumerated() {
            try client.sendAsRecords((0..<count).map { _ in RESPFramer.encode(["INCR", "n\(burst)"]) })
            for i in 1...count {
                let reply = try client.readReplyBytes()
                if reply != Array(":\(i)\r\n".utf8) {
                    Issue.record("burst \(burst) reply \(i): \(RESPFramer.escape(reply, limit: 40))")
                    break
                }
            }
            #expect(try other.command("GET", "n\(burst)") == "$\(String(count).count)\r\n\(count)\r\n")
        }
        #expect(try client.command("PING") == "+PONG\r\n")

        let closing = try server.client(certs.options())
        try closing.sendAsRecords((1...3).map { RESPFramer.encode(["INCRBY", "closing", "\($0)"]) }, closeNotify: true)
        for expected in [":1\r\n", ":3\r\n", ":6\r\n"] {
            #expect(String(decoding: try closing.readReplyBytes(), as: UTF8.self) == expected)
        }
    }

    /// maxclients reached: a new connection on the TLS port is closed without a byte (a
    /// plain-text error would only break the client's handshake), as Redis does.
    @Test(.enabled(if: ServerProcess.redisAvailable)) func maxclientsOnTheTLSPortMatchesRedis() throws {
        let certs = try TLSCertificates.get()
        for name in ["redis", "structd"] {
            let server = try TLSServer.start(name, certs: certs)
            let first = try server.client(certs.options())
            #expect(try first.command("CONFIG", "SET", "maxclients", "1") == "+OK\r\n", "\(name)")
            let raw = try RawConnection(port: server.tlsPort)
            #expect(raw.isClosedByPeer(), "\(name)")
            let unexpected = try raw.readAvailable()
            #expect(unexpected.isEmpty, "\(name) wrote \(RESPFramer.escape(unexpected, limit: 80))")
            #expect(try first.command("CONFIG", "SET", "maxclients", "100") == "+OK\r\n", "\(name)")
            #expect(try server.client(certs.options()).command("PING") == "+PONG\r\n", "\(name)")
        }
    }

    /// Protected mode on the TLS port: the refusal travels over TLS once the handshake is done,
    /// then close_notify, the same bytes and ending as Redis. The client connects to one of this
    /// machine's non-loopback addresses (see HardeningTests).
    @Test(.enabled(if: ServerProcess.redisAvailable && nonLoopbackIPv4 != nil, "needs redis-server and a non-loopback IPv4 address"))
    func protectedModeRefusalOverTLSMatchesRedis() throws {
        let certs = try TLSCertificates.get()
        var seen: [(reply: [UInt8], ending: TLSTestClient.Ending)] = []
        for name in ["redis", "structd"] {
            let server = try TLSServer.start(name, certs: certs, extra: ["--bind", "*"])
            let remote = try TLSTestClient(port: server.tlsPort, host: nonLoopbackIPv4!, certs.options())
            seen.append((try remote.readReplyBytes(), remote.ending()))
            #expect(try server.client(certs.options()).command("PING") == "+PONG\r\n", "\(name): loopback is served")
        }
        #expect(String(decoding: seen[0].reply, as: UTF8.self).hasPrefix("-DENIED Redis is running in protected mode"))
        #expect(seen[1].reply == seen[0].reply, "structd: \(RESPFramer.escape(seen[1].reply, limit: 80))")
        #expect(seen[1].ending == seen[0].ending, "redis: \(seen[0].ending), structd: \(seen[1].ending)")
    }

    @Test func slowTLSReaderDoesNotHoldOthersUp() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let writer = try server.client(certs.options())
        var random = SeededRandom(seed: 3)
        let value = random.bytes(1 << 20)
        try writer.send(RESPFramer.encode([Array("SET".utf8), Array("big".utf8), value]))
        #expect(try writer.readReplyBytes() == Array("+OK\r\n".utf8))

        // 16 MiB of replies the slow client does not read yet: the server's TLS writes stop
        // with WANT_WRITE long before that, and it must keep serving everyone else.
        let slow = try server.client(certs.options())
        try slow.send((0..<16).flatMap { _ in RESPFramer.encode(["GET", "big"]) })
        for i in 1...50 {
            #expect(try writer.command("INCR", "counter") == ":\(i)\r\n")
        }
        #expect(try server.process.connect().roundTrip("INCR", "counter") == Array(":51\r\n".utf8))
        sleepBriefly(.milliseconds(200))
        let expected = bulk(value)
        for i in 0..<16 {
            let reply = try slow.readReplyBytes()
            #expect(reply == expected, "reply \(i): \(reply.count) bytes")
        }
        #expect(try slow.command("PING") == "+PONG\r\n")
    }

    /// A TLS 1.3 key update asked by a client whose replies are stuck in full socket buffers:
    /// the server's answer (its own KeyUpdate, produced inside SSL_read) must queue behind the
    /// blocked replies. OpenSSL refuses to write it while one of its records is half-sent
    /// ("bad length", the connection dies), which is why StructD's TLS output goes through
    /// memory (docs/tls.md).
    @Test func keyUpdateWhileRepliesAreBlocked() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let writer = try server.client(certs.options())
        var random = SeededRandom(seed: 5)
        let value = random.bytes(1 << 20)
        try writer.send(RESPFramer.encode([Array("SET".utf8), Array("big".utf8), value]))
        #expect(try writer.readReplyBytes() == Array("+OK\r\n".utf8))
        let slow = try server.client(certs.options())
        #expect(slow.protocolVersion == "TLSv1.3")
        try slow.send((0..<16).flatMap { _ in RESPFramer.encode(["GET", "big"]) })
        sleepBriefly(.milliseconds(300))
        for round in 0..<3 {
            try slow.requestKeyUpdate()
            try slow.send(command: ["INCR", "updates"])
            #expect(try writer.command("PING") == "+PONG\r\n", "round \(round)")
        }
        let expected = bulk(value)
        for i in 0..<16 {
            let reply = try slow.readReplyBytes()
            #expect(reply == expected, "reply \(i): \(reply.count) bytes")
        }
        for i in 1...3 { #expect(try slow.readReplyBytes() == Array(":\(i)\r\n".utf8)) }
        try slow.requestKeyUpdate()
        #expect(try slow.command("PING") == "+PONG\r\n")
    }

    @Test func bigPipelinedRequestOverTLS() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let client = try server.client(certs.options())
        var random = SeededRandom(seed: 9)
        let huge = random.bytes(3_000_000)
        var request: [UInt8] = []
        for i in 0..<500 { request += RESPFramer.encode(["SET", "k\(i)", String(repeating: "x", count: 1000)]) }
        request += RESPFramer.encode([Array("SET".utf8), Array("huge".utf8), huge])
        request += RESPFramer.encode(["GET", "huge"])
        request += RESPFramer.encode(["DBSIZE"])
        request += Array("PING\r\n".utf8)  // inline, last
        try client.send(request)
        for i in 0..<501 {
            let reply = try client.readReplyBytes()
            if reply != Array("+OK\r\n".utf8) { Issue.record("reply \(i): \(RESPFramer.escape(reply))"); break }
        }
        #expect(try client.readReplyBytes() == bulk(huge))
        #expect(try client.readReplyBytes() == Array(":501\r\n".utf8))
        #expect(try client.readReplyBytes() == Array("+PONG\r\n".utf8))
    }

    @Test func manyClientsInterleaved() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let clients = try (0..<20).map { _ in try server.client(certs.options()) }
        for round in 0..<20 {
            for (i, c) in clients.enumerated() { try c.send(command: ["RPUSH", "list:\(i)", "item\(round)"]) }
            for c in clients { #expect(try c.readReplyBytes() == Array(":\(round + 1)\r\n".utf8)) }
        }
        #expect(try clients[7].command("LINDEX", "list:7", "19") == "$6\r\nitem19\r\n")
    }

    @Test func serverClosesWithCloseNotify() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let quitting = try server.client(certs.options())
        #expect(try quitting.command("QUIT") == "+OK\r\n")
        #expect(quitting.ending() == .closeNotify)

        let killed = try server.client(certs.options())
        #expect(try killed.command("CLIENT", "SETNAME", "victim") == "+OK\r\n")
        let killer = try server.client(certs.options())
        #expect(try killer.command("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal") == ":1\r\n")
        #expect(killed.ending() == .closeNotify)

        let broken = try server.client(certs.options())
        try broken.send("*1\r\n$x\r\n")
        #expect(String(decoding: try broken.readReplyBytes(), as: UTF8.self).hasPrefix("-ERR Protocol error"))
        #expect(broken.ending() == .closeNotify)
        #expect(try killer.command("PING") == "+PONG\r\n")
    }

    /// The same requests over TLS to structd and to Debian's redis-server, same TLS settings:
    /// the replies must be the same bytes, and so must the way connections end.
    @Test(.enabled(if: ServerProcess.redisAvailable)) func repliesOverTLSMatchRedis() throws {
        let certs = try TLSCertificates.get()
        let structd = try TLSServer.start(certs: certs)
        let redis = try TLSServer.start("redis", certs: certs)
        let s = try structd.client(certs.options()), r = try redis.client(certs.options())
        var random = SeededRandom(seed: 21)
        let big = random.bytes(150_000)
        let steps: [(request: [UInt8], replies: Int)] = [
            ["PING"], ["PING", "hello"], ["ECHO", "x y"], ["SET", "k", "v"], ["GET", "k"], ["GET", "missing"],
            ["INCR", "n"], ["INCRBY", "n", "10"], ["INCR", "k"], ["LPUSH", "l", "a", "b", "c"], ["LRANGE", "l", "0", "-1"],
            ["HSET", "h", "f", "v"], ["HGET", "h", "f"], ["NOSUCHCOMMAND", "x"], ["GET"], ["MULTI"], ["SET", "t", "1"],
            ["INCR", "t"], ["EXEC"], ["SELECT", "1"], ["DBSIZE"], ["SELECT", "0"], ["DBSIZE"],
            ["CONFIG", "GET", "tls-auth-clients"], ["CONFIG", "GET", "tls-protocols"], ["CONFIG", "GET", "tls-session-caching"],
            ["CONFIG", "GET", "tls-session-cache-size"], ["CONFIG", "GET", "tls-session-cache-timeout"],
            ["CONFIG", "GET", "tls-prefer-server-ciphers"], ["CONFIG", "GET", "tls-ciphers"], ["CONFIG", "GET", "tls-key-file-pass"],
            ["CONFIG", "SET", "tls-ciphers", "nosuchcipher"], ["CONFIG", "SET", "tls-protocols", "TLSv9"],
            ["CONFIG", "SET", "tls-protocols", "TLSv1.2  TLSv1.3"], ["CONFIG", "SET", "tls-ciphersuites", "nosuch"],
            ["CONFIG", "SET", "tls-dh-params-file", "/nonexistent/dh"], ["CONFIG", "SET", "tls-cert-file", "/nonexistent/cert"],
            ["CONFIG", "GET", "tls-cert-file"], ["CONFIG", "SET", "tls-session-cache-size", "100"],
            ["CONFIG", "SET", "tls-auth-clients", "maybe"], ["CONFIG", "SET", "tls-port", "abc"],
            ["CONFIG", "SET", "tls-session-caching", "no"], ["CONFIG", "SET", "tls-prefer-server-ciphers", "yes"],
            ["CLIENT", "SETNAME", "tlsclient"], ["CLIENT", "GETNAME"], ["TYPE", "l"], ["OBJECT", "ENCODING", "n"],
        ].map { (RESPFramer.encode($0), 1) } + [
            (RESPFramer.encode([Array("SET".utf8), Array("big".utf8), big]), 1),
            (RESPFramer.encode(["GET", "big"]), 1), (RESPFramer.encode(["STRLEN", "big"]), 1),
            (Array("PING\r\n".utf8), 1),
            (Array("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n*3\r\n$3\r\nSET\r\n$1\r\nz\r\n$1\r\n1\r\n".utf8), 3),
        ]
        for (index, step) in steps.enumerated() {
            try s.send(step.request)
            try r.send(step.request)
            for reply in 0..<step.replies {
                let expected = try r.readReplyBytes(), actual = try s.readReplyBytes()
                if expected != actual {
                    // CONFIG GET tls-cert-file names each server's own file: same here.
                    Issue.record("step \(index) reply \(reply) \(RESPFramer.escape(step.request, limit: 120)):\n  redis:   \(RESPFramer.escape(expected, limit: 300))\n  structd: \(RESPFramer.escape(actual, limit: 300))")
                }
            }
        }
        // Both still accept new TLS connections after the failed CONFIG SETs.
        #expect(try structd.client(certs.options()).command("GET", "k") == "$1\r\nv\r\n")
        #expect(try redis.client(certs.options()).command("GET", "k") == "$1\r\nv\r\n")
        // A protocol error: the same error, then the same kind of close.
        try s.send("*1\r\n$x\r\n")
        try r.send("*1\r\n$x\r\n")
        #expect(try s.readReplyBytes() == (try r.readReplyBytes()))
        #expect(s.ending() == r.ending())
        // QUIT on fresh connections.
        let sq = try structd.client(certs.options()), rq = try redis.client(certs.options())
        #expect(try sq.roundTrip("QUIT") == (try rq.roundTrip("QUIT")))
        #expect(sq.ending() == rq.ending())
    }

    /// CONFIG SET of tls-* on servers started without TLS: when the context is (re)built and
    /// what the errors say, as Redis 7.0.15 does it (the plain-port differential harness).
    @Test(.enabled(if: ServerProcess.redisAvailable)) func configSetWithoutTLSMatchesRedis() throws {
        let certs = try TLSCertificates.get()
        let port = try PortReservation()
        let p = String(port.port)
        try Differential().check([
            ["CONFIG", "SET", "tls-ciphers", "nosuchcipher"],
            ["CONFIG", "SET", "tls-port", p],
            ["CONFIG", "GET", "tls-port"],
            ["CONFIG", "SET", "tls-cert-file", certs.serverCert, "tls-key-file", certs.serverKey],
            ["CONFIG", "SET", "tls-port", p],
            ["CONFIG", "SET", "tls-ca-cert-file", certs.ca],
            ["CONFIG", "SET", "tls-port", p],
            ["CONFIG", "SET", "tls-ciphers", "DEFAULT", "tls-protocols", "bogus"],
            ["CONFIG", "SET", "tls-port", p],
            ["CONFIG", "SET", "tls-protocols", ""],
            ["CONFIG", "GET", "tls-protocols"],
            ["CONFIG", "SET", "tls-key-file", certs.clientKey],
            ["CONFIG", "SET", "tls-port", p],
            ["CONFIG", "GET", "tls-port"],
            ["CONFIG", "GET", "tls-ciphers"],
        ])
    }

    @Test func configSetReloadsTheContext() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let admin = try server.process.connect()
        let longLived = try server.client(certs.options())
        #expect(longLived.protocolVersion == "TLSv1.3")

        // Protocols: new connections follow, open ones keep theirs.
        #expect(try admin.command("CONFIG", "SET", "tls-protocols", "TLSv1.2") == .simple("OK"))
        let tls12 = try server.client(certs.options())
        #expect(tls12.protocolVersion == "TLSv1.2")
        #expect(try tls12.command("PING") == "+PONG\r\n")
        #expect(try admin.command("CONFIG", "SET", "tls-protocols", "TLSv1.3") == .simple("OK"))
        var old = certs.options()
        old.maxVersion = TLS1_2_VERSION
        #expect(throws: ConnectionError.self) { _ = try server.client(old) }
        #expect(try tls12.command("PING") == "+PONG\r\n")

        // Certificate rotation: the other CA's certificates, in one CONFIG SET.
        #expect(try admin.command("CONFIG", "SET", "tls-cert-file", certs.otherServerCert, "tls-key-file", certs.otherServerKey,
                                  "tls-ca-cert-file", certs.otherCA) == .simple("OK"))
        #expect(throws: ConnectionError.self) { _ = try server.client(certs.options()) }
        let rotated = try server.client(TLSTestClient.Options(caFile: certs.otherCA, certFile: certs.otherClientCert, keyFile: certs.otherClientKey))
        #expect(try rotated.command("PING") == "+PONG\r\n")
        #expect(try longLived.command("PING") == "+PONG\r\n")

        // A broken value is refused with Redis's words, and the context in use stays.
        let refused = try admin.command("CONFIG", "SET", "tls-cert-file", "/nonexistent/cert.pem")
        #expect(refused == .error("ERR CONFIG SET failed (possibly related to argument 'tls-cert-file') - Unable to update TLS configuration. Check server logs."))
        #expect(server.process.waitForLog(containing: "Failed to load certificate: /nonexistent/cert.pem: error:80000002:system library::No such file or directory"))
        #expect(try admin.command("CONFIG", "GET", "tls-cert-file") == .array([.bulk(Array("tls-cert-file".utf8)), .bulk(Array(certs.otherServerCert.utf8))]))
        #expect(try server.client(TLSTestClient.Options(caFile: certs.otherCA, certFile: certs.otherClientCert, keyFile: certs.otherClientKey)).command("PING") == "+PONG\r\n")

        // Moving the TLS port: the new one serves, the old one is closed; 0 closes it.
        let newPort = try PortReservation()
        #expect(try admin.command("CONFIG", "SET", "tls-port", String(newPort.port)) == .simple("OK"))
        let moved = try TLSTestClient(port: newPort.port, TLSTestClient.Options(caFile: certs.otherCA, certFile: certs.otherClientCert, keyFile: certs.otherClientKey))
        #expect(try moved.command("PING") == "+PONG\r\n")
        #expect(throws: ConnectionError.self) { _ = try RawConnection(port: server.tlsPort) }
        #expect(try admin.command("CONFIG", "SET", "tls-port", "0") == .simple("OK"))
        #expect(throws: ConnectionError.self) { _ = try RawConnection(port: newPort.port) }
        #expect(try moved.command("PING") == "+PONG\r\n")
        #expect(try admin.command("CONFIG", "SET", "tls-port", String(newPort.port)) == .simple("OK"))
        #expect(try TLSTestClient(port: newPort.port, TLSTestClient.Options(caFile: certs.otherCA, certFile: certs.otherClientCert, keyFile: certs.otherClientKey)).command("PING") == "+PONG\r\n")
    }

    /// Start-up with a bad TLS configuration: the same log lines as redis-server, exit code 1.
    @Test(.enabled(if: ServerProcess.redisAvailable)) func startupErrorsMatchRedis() throws {
        let certs = try TLSCertificates.get()
        let port = try PortReservation()
        let tls = ["--port", "0", "--tls-port", String(port.port), "--save", ""]
        let cert = ["--tls-cert-file", certs.serverCert], key = ["--tls-key-file", certs.serverKey]
        let ca = ["--tls-ca-cert-file", certs.ca]
        let cases: [[String]] = [
            tls + cert,
            tls + key,
            tls + cert + key,
            tls + ["--tls-cert-file", "/nonexistent/c.pem"] + key + ca,
            tls + cert + ["--tls-key-file", certs.clientKey] + ca,
            tls + cert + ["--tls-key-file", "/nonexistent/k.pem"] + ca,
            tls + cert + ["--tls-key-file", certs.encryptedServerKey] + ca,
            tls + cert + ["--tls-key-file", certs.encryptedServerKey, "--tls-key-file-pass", "wrong"] + ca,
            tls + cert + key + ["--tls-ca-cert-file", "/nonexistent/ca.pem"],
            tls + cert + key + ca + ["--tls-protocols", "TLSv1.2 SSLv3"],
            tls + cert + key + ca + ["--tls-ciphers", "nosuchcipher"],
            tls + cert + key + ca + ["--tls-ciphersuites", "nosuchsuite"],
            tls + cert + key + ca + ["--tls-dh-params-file", "/nonexistent/dh.pem"],
            tls + cert + key + ca + ["--tls-dh-params-file", certs.ca],
            tls + cert + key + ca + ["--tls-client-cert-file", certs.clientCert, "--tls-client-key-file", certs.serverKey],
            tls + cert + key + ca + ["--tls-client-cert-file", "/nonexistent/cc.pem", "--tls-client-key-file", certs.clientKey],
            tls + cert + key + ["--tls-auth-clients", "optional"],
            ["--port", String(port.port), "--save", "", "--tls-replication", "yes"],
            ["--port", String(port.port), "--save", "", "--tls-cluster", "yes"] + cert + key,
        ]
        for arguments in cases {
            let expected = try ProcessRunner.run(ServerProcess.redisBinary, arguments, timeout: .seconds(20))
            let actual = try ProcessRunner.run(ServerProcess.structdBinary, arguments, timeout: .seconds(20))
            let e = warningMessages(expected.output), a = warningMessages(actual.output)
            #expect(actual.status == expected.status && a == e,
                    "\(arguments.joined(separator: " "))\n  redis:   \(expected.status) \(e)\n  structd: \(actual.status) \(a)")
            #expect(actual.status == .exited(1))
        }
    }

    @Test func tlsPortInUseAtStartup() throws {
        let certs = try TLSCertificates.get()
        let holder = try TLSServer.start(certs: certs)  // holds its TLS port
        let port = try PortReservation()
        let result = try ProcessRunner.run(ServerProcess.structdBinary,
                                           ["--port", String(port.port), "--bind", "127.0.0.1", "--save", "",
                                            "--tls-port", String(holder.tlsPort)] + certs.serverArgs,
                                           timeout: .seconds(20))
        #expect(result.status == .exited(1))
        #expect(result.output.contains("Failed listening on port \(holder.tlsPort) (TLS), aborting."), "\(result)")
    }

    @Test func encryptedKeyWithPassword() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs, certificateArgs: [
            "--tls-cert-file", certs.serverCert, "--tls-key-file", certs.encryptedServerKey,
            "--tls-key-file-pass", "secret", "--tls-ca-cert-file", certs.ca,
        ])
        #expect(try server.client(certs.options()).command("PING") == "+PONG\r\n")
        // The password is sensitive: CONFIG GET shows it (as Redis), the log does not.
        #expect(!server.process.log.contains("secret"))
    }

    @Test func dhParamsAndCipherList() throws {
        let certs = try TLSCertificates.get()
        let cipher = "DHE-RSA-AES128-GCM-SHA256"
        let server = try TLSServer.start(certs: certs, extra: [
            "--tls-dh-params-file", certs.dhParams, "--tls-protocols", "TLSv1.2", "--tls-ciphers", cipher,
            "--tls-prefer-server-ciphers", "yes", "--tls-session-caching", "no",
        ])
        var options = certs.options()
        options.ciphers = cipher
        let client = try server.client(options)
        #expect(client.protocolVersion == "TLSv1.2")
        #expect(client.cipherName == cipher)
        #expect(try client.command("PING") == "+PONG\r\n")
        // A client offering only ECDHE suites has nothing in common with the server.
        options.ciphers = "ECDHE-RSA-AES128-GCM-SHA256"
        #expect(throws: ConnectionError.self) { _ = try server.client(options) }
        #expect(try client.command("PING") == "+PONG\r\n")
    }

    /// port 0: TLS only, as Redis (tcp_port and the start-up line show the TLS port).
    @Test func tlsOnlyWithPortZero() throws {
        let certs = try TLSCertificates.get()
        let directory = try TemporaryDirectory(prefix: "structd-tlsonly")
        let port = try PortReservation()
        let logPath = directory.path + "/server.log"
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        #expect(log >= 0)
        let pid = try Spawn.start(path: ServerProcess.structdBinary,
                                  arguments: ["--port", "0", "--tls-port", String(port.port), "--bind", "127.0.0.1",
                                              "--save", ""] + certs.serverArgs,
                                  directory: directory.path, stdout: log, stderr: log)
        close(log)
        var exited: ExitStatus? = nil
        defer { if exited == nil { _ = Spawn.terminate(pid, grace: .seconds(5)) } }
        let deadline = Deadline(.seconds(10))
        var client: TLSTestClient? = nil
        while client == nil && !deadline.expired {
            if let status = Spawn.reapIfExited(pid) {
                exited = status
                Issue.record("structd exited: \(status): \(ProcFS.read(logPath) ?? "")")
                return
            }
            client = try? TLSTestClient(port: port.port, certs.options())
            if client == nil { sleepBriefly(.milliseconds(50)) }
        }
        let c = try #require(client)
        #expect(try c.command("PING") == "+PONG\r\n")
        let info = try c.command("INFO", "server")
        #expect(info.contains("tcp_port:\(port.port)\r\n"), "\(info)")
        let text = ProcFS.read(logPath) ?? ""
        #expect(text.contains("Running mode=standalone, port=\(port.port)."), "\(text)")
        #expect(text.contains("Ready to accept connections"), "\(text)")
        try c.send(command: ["SHUTDOWN", "NOSAVE"])
        exited = Spawn.waitForExit(pid, timeout: .seconds(10))
        #expect(exited == .exited(0))
    }

    /// redis-py (Debian's python3-redis) with ssl=True.
    @Test func redisPyOverTLS() throws {
        let certs = try TLSCertificates.get()
        let server = try TLSServer.start(certs: certs)
        let script = """
        import sys
        try:
            import redis
        except ImportError:
            print("python3-redis is missing: run scripts/install-deps.sh")
            sys.exit(2)
        port, ca, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
        r = redis.Redis(host="127.0.0.1", port=port, ssl=True, ssl_ca_certs=ca, ssl_certfile=cert,
                        ssl_keyfile=key, socket_timeout=20)
        assert r.ping() is True
        assert r.set("greeting", "hello over tls")
        assert r.get("greeting") == b"hello over tls"
        p = r.pipeline(transaction=True)
        for i in range(500):
            p.incr("counter")
        assert p.execute()[-1] == 500
        v = bytes(range(256)) * 1024
        r.set("bin", v)
        assert r.get("bin") == v
        assert r.dbsize() == 3
        print("OK")
        """
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", script, String(server.tlsPort), certs.ca, certs.clientCert, certs.clientKey],
                                           timeout: .seconds(60))
        #expect(result.exitCode == 0 && result.output == "OK\n", "\(result)")
    }
}
