// FuzzHarness: in-process entry points for fuzzing (Fuzz/, `make fuzz`, and the bounded
// run in ServerTests). Three targets, each taking arbitrary bytes:
//
//   resp      the request parser alone (RequestParser over an IOBuffer, with and without
//             the unauthenticated limits), checking that every argument it reports lies
//             inside the bytes it was given and that it never claims more than it saw;
//   dispatch  the whole command path of a real Server: the bytes are what a client sent,
//             processInputBuffer parses and runs them (dispatch, ACL, MULTI, the command
//             handlers), replies are discarded; a fresh client and empty databases for
//             every input, so a crashing input reproduces on its own;
//   acl       ACL rules: the input's space-separated words are applied to a user, then
//             every selector is described (ACL LIST's text) and the description applied
//             to a fresh selector must grant exactly the same permissions (Redis panics
//             when its description does not rebuild the bitmap; so do we).
//
// The dispatch target's server never listens and never starts its event loop. Commands
// that would leave the process (SHUTDOWN), write files (SAVE, BGSAVE...), open sockets
// (MIGRATE, CONFIG SET port/bind), block the client or run Lua (whose busy scripts need a
// second client to stop them) are removed with rename-command; everything else runs. Memory
// is bounded by maxmemory (64 MB, allkeys-random) and proto-max-bulk-len (1 MB).
// A failed invariant stops the process (precondition), which is what a fuzzer reports.

import Config
import DataStructures
import RESP
#if canImport(Glibc)
import Glibc
#endif

public final class FuzzHarness {
    public enum Target: String, CaseIterable, Sendable {
        case resp, dispatch, acl
    }

    /// Commands the dispatch target does not run (see the top comment).
    static let excluded = [
        "shutdown", "save", "bgsave", "bgrewriteaof", "debug", "migrate", "config", "monitor", "sync", "psync",
        "replicaof", "slaveof", "failover", "wait", "blpop", "brpop", "brpoplpush", "blmove", "blmpop", "bzpopmin",
        "bzpopmax", "bzmpop", "xread", "xreadgroup", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall",
        "fcall_ro", "function", "script", "txn.eval", "txn.esha", "module",
    ]

    let server: Server
    private var pair: (Int32, Int32) = (-1, -1)
    public private(set) var inputs = 0

    public init() throws {
        let config = ServerConfig()
        _ = config.configSet([("proto-max-bulk-len", "1048576"), ("maxmemory", "67108864"),
                              ("maxmemory-policy", "allkeys-random"), ("save", ""), ("loglevel", "warning")])
        server = try Server(config: config)
        for name in Self.excluded { server.commands.rename(name, to: "") }
    }

    public func run(_ target: Target, _ data: UnsafeRawBufferPointer) {
        inputs += 1
        switch target {
        case .resp: runRESP(data)
        case .dispatch: runDispatch(data)
        case .acl: runACL(data)
        }
    }

    public func run(_ target: Target, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { run(target, $0) }
    }

    // MARK: resp

    func runRESP(_ data: UnsafeRawBufferPointer) {
        for authRequired in [false, true] {
            let buffer = IOBuffer(capacity: max(16, data.count))
            buffer.append(data)
            var parser = RequestParser()
            let limits = RequestLimits(protoMaxBulkLen: 1 << 20, authRequired: authRequired)
            var guardCount = 0
            while buffer.readableBytes > 0 && guardCount < 100_000 {
                guardCount += 1
                let r = parser.parse(buffer, limits: limits)
                guard r == .command else { break }
                let available = buffer.readableBytes
                precondition(parser.consumed > 0 && parser.consumed <= available, "parser consumed \(parser.consumed) of \(available)")
                for i in 0..<parser.argCount {
                    precondition(parser.argStarts[i] >= 0 && parser.argLengths[i] >= 0
                                 && parser.argStarts[i] + parser.argLengths[i] <= parser.consumed, "argument outside the request")
                }
                buffer.readIndex += parser.consumed
                parser.reset()
            }
        }
    }

    // MARK: dispatch

    func runDispatch(_ data: UnsafeRawBufferPointer) {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else { return }
        let c = Client(server: server, fd: fds[0], id: server.nextClientId, peer: "127.0.0.1:1", local: "127.0.0.1:2",
                       unix: false, authenticated: false)
        server.nextClientId += 1
        server.aclSetDefaultAuth(c)
        c.flags.insert(.fake)   // replies stay in the output buffer (cleared below)
        server.clients[c.fd] = c
        server.clientsById[c.id] = c
        // Feed the bytes as a client would, in pieces (so partial commands are exercised).
        var offset = 0
        let step = max(1, data.count / 3 + 1)
        while offset < data.count {
            let n = min(step, data.count - offset)
            c.query.reserve(n)
            c.query.append(UnsafeRawBufferPointer(rebasing: data[offset..<(offset + n)]))
            offset += n
            server.processInputBuffer(c)
            c.out.clear()
            if c.flags.contains(.closeASAP) || server.clients[c.fd] !== c { break }
        }
        server.beforeSleep()
        if server.pauseEndMicros > 0 { server.unpauseClients() }
        server.freeClient(c)
        close(fds[1])
        if server.clients[fds[0]] != nil { server.clients[fds[0]] = nil }
        // A clean slate for the next input.
        for db in server.databases {
            server.signalFlushedDatabase(db)
            _ = db.flush(async: false)
        }
        server.acl.defaultUser.copyRules(from: ACLState.builtInDefaultUser(server.acl.space))
        server.acl.log.removeAll()
        for name in server.acl.users.keys where name != server.acl.defaultUser.name { _ = server.acl.remove(name) }
        server.beforeSleep()
    }

    // MARK: acl

    func runACL(_ data: UnsafeRawBufferPointer) {
        let space = server.acl.space
        let words = data.split(whereSeparator: { $0 == 32 || $0 == 10 }).map { Array($0) }
        let user = ACLUser(name: Array("fuzz".utf8), allChannels: false, space: space)
        for w in words.prefix(64) {
            try? user.apply(w, allChannelsDefault: false, space: space)
        }
        _ = user.line(space)
        for s in user.selectors {
            // A first-arg with a space (possible inside a quoted selector) cannot be written
            // back as one rule, in Redis either.
            if s.firstArgs.values.contains(where: { $0.contains { aclHasSpaces($0) } }) { continue }
            // "%RW~*" is a pattern, but it is written "~*", which reads back as allkeys (and
            // refuses the patterns after it): Redis's ACL LIST has the same ambiguity.
            if !s.allKeys && s.keys.contains(where: { $0.pattern == [42] && $0.permissions == aclAllPermissions }) { continue }
            var rebuilt = ACLSelector(root: s.isRoot, allChannels: false, space: space)
            let text = s.described(space)
            for rule in text.split(separator: 32) {
                do { try rebuilt.apply(Array(rule), space) } catch {
                    preconditionFailure("described rule '\(String(decoding: rule, as: UTF8.self))' is refused: \(error)")
                }
            }
            precondition(rebuilt.grantsSame(as: s), "description '\(String(decoding: text, as: UTF8.self))' does not rebuild the selector")
        }
    }
}

extension ACLSelector {
    /// Same permissions: commands (bitmap and the +@all reserved bit), first-args of
    /// commands whose bit is off, keys and channels.
    func grantsSame(as other: ACLSelector) -> Bool {
        guard bits == other.bits, futureCommands == other.futureCommands, allKeys == other.allKeys,
              allChannels == other.allChannels, keys == other.keys, channels == other.channels else { return false }
        let mine = firstArgs.filter { !allows($0.key) }, theirs = other.firstArgs.filter { !other.allows($0.key) }
        return mine.count == theirs.count && mine.allSatisfy { theirs[$0.key] == $0.value }
    }
}
