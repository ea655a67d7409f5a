// Client: one connection's state (Redis's client struct).
//
// Owns the query buffer (bytes read, parsed in place by RequestParser), the argument
// vector of the command being executed (slices of the query buffer, or of an owned
// copy for commands run later by EXEC or scripts), and the output buffer replies are
// written straight into. Reply helpers (`addBulk`, `addNull`, `addMapLen`...) hide
// RESP2/RESP3 and honour CLIENT REPLY OFF/SKIP; errors also feed the error stats.

import RESP
import DataStructures
import EventLoop
import TLS
#if canImport(Glibc)
import Glibc
#endif

public struct ClientFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let closeAfterReply = ClientFlags(rawValue: 1 << 0)
    public static let closeASAP = ClientFlags(rawValue: 1 << 1)
    public static let monitor = ClientFlags(rawValue: 1 << 2)
    public static let unixSocket = ClientFlags(rawValue: 1 << 3)
    public static let replyOff = ClientFlags(rawValue: 1 << 4)
    public static let replySkipNext = ClientFlags(rawValue: 1 << 5)
    public static let replySkip = ClientFlags(rawValue: 1 << 6)
    public static let noEvict = ClientFlags(rawValue: 1 << 7)
    public static let pendingWrite = ClientFlags(rawValue: 1 << 8)
    public static let writeInstalled = ClientFlags(rawValue: 1 << 9)
    public static let fake = ClientFlags(rawValue: 1 << 10)
    public static let blocked = ClientFlags(rawValue: 1 << 11)
    public static let multi = ClientFlags(rawValue: 1 << 12)
    public static let dirtyCAS = ClientFlags(rawValue: 1 << 13)
    public static let dirtyExec = ClientFlags(rawValue: 1 << 14)
    public static let lua = ClientFlags(rawValue: 1 << 15)
    public static let protected = ClientFlags(rawValue: 1 << 16)
    /// A TCP client connected from a loopback address (protected mode's test, taken at accept).
    public static let loopbackPeer = ClientFlags(rawValue: 1 << 17)
}

public final class Client {
    public let id: Int64
    public let fd: Int32
    /// Unowned, not counted (the server outlives its clients): read on every reply.
    unowned(unsafe) let server: Server
    /// Set for connections accepted on tls-port (Server/TLSNetworking.swift).
    public var tls: TLSConnection? = nil
    public var flags: ClientFlags = []
    public var resp: RESPVersion = .resp2
    public var dbIndex = 0
    public var name: RStr? = nil
    public var authenticated: Bool
    /// The ACL user this connection runs as (ACL/ACLState.swift); nil for internal clients,
    /// which may run anything, as Redis's NULL user.
    var user: ACLUser? = nil
    public var libName = ""
    public var libVersion = ""

    // Input.
    let query = IOBuffer(capacity: 16 * 1024)
    var parser = RequestParser()
    /// Arguments of the command being executed. Valid only during execution.
    public var argv: [UnsafeRawBufferPointer] = []
    public var argc: Int { argv.count }
    /// Keeps owned argument storage alive (commands replayed by EXEC, scripts).
    var ownedArgs: OwnedArgs? = nil
    /// The command running and the last one run. Unowned, not counted: commands live as long
    /// as the server's command table (rename-command keeps them in `all`).
    unowned(unsafe) var currentCommand: Command? = nil
    unowned(unsafe) var lastCommand: Command? = nil

    // Output.
    let out = IOBuffer(capacity: 16 * 1024)
    var outputLimitSoftSince: Int64 = 0

    // Pub/sub subscriptions (channels + patterns); a subscribed client is in the pubsub
    // output-buffer class.
    var channelCount = 0
    var patternCount = 0
    var shardChannelCount = 0
    var isPubSub: Bool { channelCount + patternCount + shardChannelCount > 0 }
    /// Per-feature state, created on first use: the MULTI queue and WATCHed keys
    /// (Multi.swift), the subscription sets (PubSub.swift), client-side caching (Tracking.swift).
    var multiState: MultiState? = nil
    var pubsubState: ClientSubscriptions? = nil
    var trackingState: ClientTracking? = nil
    /// Commands queued after MULTI (-1 when not in a transaction), for CLIENT LIST.
    var multiCount: Int { flags.contains(.multi) ? queuedCount : -1 }
    var queuedCount = 0

    // Bookkeeping.
    let createdMicros: Int64
    var lastInteractionMicros: Int64
    let peer: String
    /// The local end's address: given (Unix socket, internal clients) or read from the
    /// socket when first asked for (accepted TCP connections).
    private var localAddress: String?
    var local: String {
        if let l = localAddress { return l }
        let l = Sockets.display(Sockets.address(fd, peer: false))
        localAddress = l
        return l
    }
    var totalNetInput: Int64 = 0
    var totalNetOutput: Int64 = 0

    /// `local` nil: read from the socket when first asked for.
    init(server: Server, fd: Int32, id: Int64, peer: String, local: String?, unix: Bool, authenticated: Bool) {
        self.server = server
        self.fd = fd
        self.id = id
        self.peer = peer
        localAddress = local
        self.authenticated = authenticated
        if unix { flags.insert(.unixSocket) }
        createdMicros = monotonicMicros()
        lastInteractionMicros = createdMicros
        argv.reserveCapacity(16)
    }

    // MARK: arguments

    @inline(__always) public func arg(_ i: Int) -> UnsafeRawBufferPointer { argv[i] }

    public func argString(_ i: Int) -> String { String(decoding: argv[i], as: UTF8.self) }

    public func argBytes(_ i: Int) -> [UInt8] { Array(argv[i]) }

    public func argRStr(_ i: Int) -> RStr { RStr(argv[i]) }

    /// Case-insensitive comparison of argument `i` with an ASCII option name.
    public func argIs(_ i: Int, _ option: StaticString) -> Bool {
        let a = argv[i]
        if a.count != option.utf8CodeUnitCount { return false }
        let o = option.utf8Start
        for j in 0..<a.count {
            var c = a[j]
            if c >= 65 && c <= 90 { c += 32 }
            var d = o[j]
            if d >= 65 && d <= 90 { d += 32 }
            if c != d { return false }
        }
        return true
    }

    // MARK: replies

    /// False while replies are suppressed (CLIENT REPLY OFF/SKIP), for fake clients
    /// with no connection, and for clients about to be closed.
    @inline(__always) var repliesEnabled: Bool {
        flags.isDisjoint(with: [.replyOff, .replySkip, .closeASAP])
    }

    @inline(__always) func willWrite() {
        if !flags.contains(.pendingWrite) && !flags.contains(.fake) {
            flags.insert(.pendingWrite)
            server.pendingWrites.append(self)
        }
    }

    public func addOK() { if repliesEnabled { willWrite(); out.append("+OK\r\n") } }
    public func addSimple(_ s: StaticString) { if repliesEnabled { willWrite(); out.writeSimple(s) } }
    public func addSimple(string s: String) {
        if repliesEnabled { willWrite(); var s = s; s.withUTF8 { out.writeSimple(bytes: UnsafeRawBufferPointer($0)) } }
    }
    public func addInt(_ v: Int64) { if repliesEnabled { willWrite(); out.writeInteger(v) } }
    public func addInt(_ v: Int) { addInt(Int64(v)) }
    public func addBulk(_ p: UnsafeRawBufferPointer) { if repliesEnabled { willWrite(); out.writeBulk(p) } }
    public func addBulk(_ s: RStr) {
        if repliesEnabled {
            willWrite()
            switch s {
            case .heap(let h): out.writeBulk(h.buffer)
            default: s.withBytes { out.writeBulk($0) }
            }
        }
    }
    public func addBulk(_ bytes: [UInt8]) { if repliesEnabled { willWrite(); out.writeBulk(bytes) } }
    public func addBulk(string s: String) { if repliesEnabled { willWrite(); out.writeBulk(string: s) } }
    public func addBulk(_ s: StaticString) { if repliesEnabled { willWrite(); out.writeBulk(s) } }
    public func addBulkInt(_ v: Int64) { if repliesEnabled { willWrite(); out.writeBulkDecimal(v) } }
    public func addNull() { if repliesEnabled { willWrite(); out.writeNull(resp) } }
    public func addNullArray() { if repliesEnabled { willWrite(); out.writeNullArray(resp) } }
    public func addArrayLen(_ n: Int) { if repliesEnabled { willWrite(); out.writeArrayHeader(n) } }
    public func addMapLen(_ n: Int) { if repliesEnabled { willWrite(); out.writeMapHeader(n, resp) } }
    public func addSetLen(_ n: Int) { if repliesEnabled { willWrite(); out.writeSetHeader(n, resp) } }
    public func addPushLen(_ n: Int) { if repliesEnabled { willWrite(); out.writePushHeader(n, resp) } }
    public func addDouble(_ d: Double) { if repliesEnabled { willWrite(); out.writeDouble(d, resp) } }
    public func addBool(_ b: Bool) { if repliesEnabled { willWrite(); out.writeBool(b, resp) } }
    public func addVerbatim(_ text: String) { if repliesEnabled { willWrite(); out.writeVerbatim(text, resp) } }
    public func addEmptyArray() { if repliesEnabled { willWrite(); out.append("*0\r\n") } }
    /// Raw, already-encoded reply bytes.
    public func addRaw(_ bytes: [UInt8]) { if repliesEnabled { willWrite(); out.append(bytes) } }

    /// An error reply. `message` includes the code ("ERR ...", "WRONGTYPE ..."); a message
    /// without a leading code gets "ERR " like Redis's addReplyError.
    public func addError(_ message: String) {
        server.recordError(message, client: self)
        if repliesEnabled {
            willWrite()
            out.writeError(message)
        }
    }

    /// An error reply from raw bytes (no re-encoding; CR/LF become spaces as in Redis).
    public func addError(bytes message: [UInt8]) {
        server.recordError(String(decoding: message.prefix { $0 != 32 }, as: UTF8.self), client: self)
        if repliesEnabled {
            willWrite()
            out.append(UInt8(ascii: "-"))
            out.reserve(message.count)
            for b in message { out.append(b == 13 || b == 10 ? 32 : b) }
            out.writeCRLF()
        }
    }

    public func addErrorArity() {
        let name = currentCommand?.fullName ?? argString(0).lowercased()
        addError("ERR wrong number of arguments for '\(name)' command")
    }
    public func addErrorSyntax() { addError("ERR syntax error") }
    public func addErrorWrongType() { addError("WRONGTYPE Operation against a key holding the wrong kind of value") }
    public func addErrorNotInteger() { addError("ERR value is not an integer or out of range") }
    public func addErrorNotFloat() { addError("ERR value is not a valid float") }

    // MARK: introspection

    var addressString: String { flags.contains(.unixSocket) ? "\(local):0" : peer }

    var ageSeconds: Int64 { (monotonicMicros() - createdMicros) / 1_000_000 }
    var idleSeconds: Int64 { (monotonicMicros() - lastInteractionMicros) / 1_000_000 }
}

/// Owned storage for an argument vector that must outlive the query buffer.
final class OwnedArgs {
    let storage: UnsafeMutableRawPointer
    let slices: [UnsafeRawBufferPointer]

    init(_ args: [UnsafeRawBufferPointer]) {
        let total = args.reduce(0) { $0 + $1.count }
        storage = .allocate(byteCount: max(total, 1), alignment: 8)
        var off = 0
        var s: [UnsafeRawBufferPointer] = []
        s.reserveCapacity(args.count)
        for a in args {
            if a.count > 0 { (storage + off).copyMemory(from: a.baseAddress!, byteCount: a.count) }
            s.append(UnsafeRawBufferPointer(start: storage + off, count: a.count))
            off += a.count
        }
        slices = s
    }

    init(strings: [[UInt8]]) {
        let total = strings.reduce(0) { $0 + $1.count }
        let base = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1), alignment: 8)
        var off = 0
        var s: [UnsafeRawBufferPointer] = []
        s.reserveCapacity(strings.count)
        for a in strings {
            a.withUnsafeBytes { b in
                if b.count > 0 { (base + off).copyMemory(from: b.baseAddress!, byteCount: b.count) }
            }
            s.append(UnsafeRawBufferPointer(start: base + off, count: a.count))
            off += a.count
        }
        storage = base
        slices = s
    }

    var byteCount: Int { slices.reduce(0) { $0 + $1.count } }

    deinit { storage.deallocate() }
}
