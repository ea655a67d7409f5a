// Connection commands (Redis's server.c / networking.c / acl.c pieces that act on the
// calling connection): PING, ECHO, QUIT, SELECT, SWAPDB, AUTH, HELLO, RESET, MONITOR.
// The CLIENT container lives in ClientCommands.swift and shares the name validation.
//
// Authentication checks ACL users (ACL/ACLState.swift; `requirepass` is the default user's
// password). AUTH and HELLO's AUTH option go through one function, `authenticate`, and both redact
// the credentials they were given before anything else looks at argv: the argument slots
// are pointed at a constant "(redacted)", which is what MONITOR and the slow log then
// show, as in Redis 7.0.
//
// HELLO parses its options left to right and acts on each as soon as it meets it, as
// Redis 7.0.15 does: AUTH authenticates and SETNAME renames right away (a later syntax
// error, a failed AUTH or the NOAUTH check does not undo them); only the protocol switch
// waits until everything succeeded.

import RESP
import DataStructures

/// What MONITOR and the slow log show in place of a credential.
private let redactedArgument: StaticString = "(redacted)"

extension Server {
    static func connectionCommands() -> [(String, CommandHandler)] {
        [
            ("ping", { s, c in s.pingCommand(c) }),
            ("echo", { _, c in c.addBulk(c.arg(1)) }),
            ("quit", { _, c in c.addOK(); c.flags.insert(.closeAfterReply) }),
            ("select", { s, c in s.selectCommand(c) }),
            ("swapdb", { s, c in s.swapdbCommand(c) }),
            ("auth", { s, c in s.authCommand(c) }),
            ("hello", { s, c in s.helloCommand(c) }),
            ("reset", { s, c in s.resetCommand(c) }),
            ("monitor", { s, c in s.monitorCommand(c) }),
        ]
    }

    func pingCommand(_ c: Client) {
        if c.argc > 2 {
            c.addErrorArity()
            return
        }
        if c.isPubSub && c.resp == .resp2 {
            // In RESP2 subscribe mode PING answers with a push-shaped array.
            c.addArrayLen(2)
            c.addBulk("pong")
            if c.argc == 1 { c.addBulk("") } else { c.addBulk(c.arg(1)) }
            return
        }
        if c.argc == 1 { c.addSimple("PONG") } else { c.addBulk(c.arg(1)) }
    }

    // MARK: databases

    /// A database index argument as Redis's getIntFromObjectOrReply: an integer within
    /// 32 bits, with `message` (or Redis's generic texts) when it is not.
    private func parseDbIndex(_ c: Client, _ i: Int, message: String?) -> Int? {
        guard let v = parseStrictInt64(c.arg(i)) else {
            c.addError(message ?? "ERR value is not an integer or out of range")
            return nil
        }
        guard v >= Int64(Int32.min) && v <= Int64(Int32.max) else {
            c.addError(message ?? "ERR value is out of range, value must between -2147483648 and 2147483647")
            return nil
        }
        return Int(v)
    }

    func selectCommand(_ c: Client) {
        guard let idx = parseDbIndex(c, 1, message: nil) else { return }
        if idx < 0 || idx >= databases.count {
            c.addError("ERR DB index is out of range")
            return
        }
        c.dbIndex = idx
        c.addOK()
    }

    /// SWAPDB a b: the two keyspaces trade contents in O(1). Clients keep their index, so
    /// one that selected `a` now sees what was in `b`, as in Redis.
    func swapdbCommand(_ c: Client) {
        guard let a = parseDbIndex(c, 1, message: "ERR invalid first DB index"),
              let b = parseDbIndex(c, 2, message: "ERR invalid second DB index") else { return }
        if a < 0 || a >= databases.count || b < 0 || b >= databases.count {
            c.addError("ERR DB index is out of range")
            return
        }
        if a != b { swapDatabases(a, b) }
        dirty += 1
        c.addOK()
    }

    func swapDatabases(_ a: Int, _ b: Int) {
        let d1 = databases[a], d2 = databases[b]
        undo?.willSwap(a, b)
        d1.keys.swapContents(with: d2.keys)
        d1.expires.swapContents(with: d2.expires)
        swap(&d1.avgTTL, &d2.avgTTL)
        snapshotDidSwap(a, b)
        scanDatabaseForReadyKeys(a)
        scanDatabaseForReadyKeys(b)
        // Keys that exist in either database changed meaning in both: WATCHers of them
        // must fail and clients blocked on them may now be served. Collected first, since
        // an observer may modify the keyspace.
        if keyModifiedHooks.isEmpty { return }
        var touched: [RStr] = []
        touched.reserveCapacity(d1.keys.count + d2.keys.count)
        d1.keys.forEach { touched.append($0.key) }
        d2.keys.forEach { touched.append($0.key) }
        for k in touched {
            k.withBytes { kb in
                signalModifiedKey(kb, dbIndex: a)
                signalModifiedKey(kb, dbIndex: b)
            }
        }
    }

    // MARK: authentication

    /// Replaces argument `i` by "(redacted)" for everything that looks at argv afterwards
    /// (MONITOR, the slow log).
    func redactArgument(_ c: Client, _ i: Int) {
        c.argv[i] = UnsafeRawBufferPointer(start: redactedArgument.utf8Start, count: redactedArgument.utf8CodeUnitCount)
    }

    /// Whether user/password are valid ACL credentials (ACL/ACLState.swift). On success the
    /// client is authenticated as that user; a failure is logged (ACL LOG) and never
    /// de-authenticates a client that already was.
    func authenticate(_ c: Client, user: UnsafeRawBufferPointer, password: UnsafeRawBufferPointer) -> Bool {
        aclAuthenticate(c, user: user, password: password)
    }

    func authCommand(_ c: Client) {
        if c.argc > 3 {
            c.addErrorSyntax()
            return
        }
        let first = c.arg(1)
        redactArgument(c, 1)
        let user: UnsafeRawBufferPointer, password: UnsafeRawBufferPointer
        if c.argc == 2 {
            if acl.defaultUser.nopass {
                c.addError("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?")
                return
            }
            user = UnsafeRawBufferPointer(start: defaultUserName.utf8Start, count: defaultUserName.utf8CodeUnitCount)
            password = first
        } else {
            user = first
            password = c.arg(2)
            redactArgument(c, 2)
        }
        if authenticate(c, user: user, password: password) {
            c.addOK()
        } else {
            c.addError("WRONGPASS invalid username-password pair or user is disabled.")
        }
    }

    /// HELLO [protover [AUTH username password] [SETNAME clientname]]
    func helloCommand(_ c: Client) {
        var version: RESPVersion? = nil
        if c.argc >= 2 {
            guard let v = parseStrictInt64(c.arg(1)) else {
                c.addError("ERR Protocol version is not an integer or out of range")
                return
            }
            guard v == 2 || v == 3 else {
                c.addError("NOPROTO unsupported protocol version")
                return
            }
            version = v == 2 ? .resp2 : .resp3
        }
        var j = 2
        while j < c.argc {
            let more = c.argc - 1 - j
            if c.argIs(j, "auth") && more >= 2 {
                let user = c.arg(j + 1), password = c.arg(j + 2)
                redactArgument(c, j + 1)
                redactArgument(c, j + 2)
                if !authenticate(c, user: user, password: password) {
                    c.addError("WRONGPASS invalid username-password pair or user is disabled.")
                    return
                }
                j += 3
            } else if c.argIs(j, "setname") && more >= 1 {
                if !validateClientName(c, c.arg(j + 1)) { return }
                setClientName(c, c.arg(j + 1))
                j += 2
            } else {
                c.addError("ERR Syntax error in HELLO option '\(c.argString(j))'")
                return
            }
        }
        if !c.authenticated {
            c.addError("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")
            return
        }
        if let v = version { c.resp = v }
        c.addMapLen(7)
        c.addBulk("server")
        c.addBulk("redis")
        c.addBulk("version")
        c.addBulk(string: redisVersion)
        c.addBulk("proto")
        c.addInt(Int64(c.resp.rawValue))
        c.addBulk("id")
        c.addInt(c.id)
        c.addBulk("mode")
        c.addBulk("standalone")
        c.addBulk("role")
        c.addBulk("master")
        c.addBulk("modules")
        c.addEmptyArray()
    }

    // MARK: RESET, MONITOR

    /// RESET: the connection goes back to a fresh client's state (Redis's
    /// clearClientConnectionState): out of MONITOR, MULTI and subscriptions, db 0, RESP2,
    /// no name, replies on, and unauthenticated again when a password is required.
    /// CLIENT NO-EVICT and a pending CLIENT REPLY SKIP survive, as in Redis 7.0.
    func resetCommand(_ c: Client) {
        if c.flags.contains(.monitor) {
            monitors.removeAll { $0 === c }
            c.flags.remove(.monitor)
        }
        // Transactions, WATCHed keys, subscriptions and tracking are other features'
        // per-client state; their teardown hooks drop it without replying.
        clientWillClose(c)
        c.flags.remove([.multi, .dirtyCAS, .dirtyExec, .replyOff, .replySkipNext])
        c.queuedCount = 0
        c.channelCount = 0
        c.patternCount = 0
        c.dbIndex = 0
        c.resp = .resp2
        aclSetDefaultAuth(c)
        c.name = nil
        c.addSimple("RESET")
    }

    func monitorCommand(_ c: Client) {
        // A transaction (or script) expects one reply per command: MONITOR cannot stream there.
        if c.flags.contains(.multi) || c.flags.contains(.lua) {
            c.addError("ERR MONITOR isn't allowed for DENY BLOCKING client")
            return
        }
        // Already monitoring: Redis ignores the command without replying.
        if c.flags.contains(.monitor) { return }
        c.flags.insert(.monitor)
        monitors.append(c)
        c.addOK()
    }
}

/// The user AUTH <password> authenticates as.
private let defaultUserName: StaticString = "default"
