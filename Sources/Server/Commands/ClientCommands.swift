// The CLIENT container (Redis's networking.c clientCommand): ID, INFO, LIST, KILL,
// REPLY, NO-EVICT, SETNAME, GETNAME, PAUSE, UNPAUSE, HELP.
//
// Each subcommand is its own catalog entry, so arity and unknown-subcommand errors come
// from the dispatcher; the handlers only check what the catalog cannot express (CLIENT
// PAUSE takes at most one mode, CLIENT LIST's TYPE/ID forms). CLIENT KILL's old form
// (one address, +OK or "No such client") and new form (filters, the number killed)
// share one matcher, `ClientKillFilter`, as Redis's single loop does. The per-client
// line of LIST/INFO and the pause machinery live in ClientControl.swift. TRACKING,
// CACHING, GETREDIR, TRACKINGINFO and UNBLOCK belong to the tracking and blocking
// features and are registered by them.

import RESP
import DataStructures
import EventLoop

extension Server {
    static func clientCommands() -> [(String, CommandHandler)] {
        [
            ("client|help", { _, c in c.addClientHelp() }),
            ("client|id", { _, c in c.addInt(c.id) }),
            ("client|info", { s, c in c.addVerbatim(s.clientInfoLine(c) + "\n") }),
            ("client|list", { s, c in s.clientListCommand(c) }),
            ("client|kill", { s, c in s.clientKillCommand(c) }),
            ("client|reply", { s, c in s.clientReplyCommand(c) }),
            ("client|no-evict", { s, c in s.clientNoEvictCommand(c) }),
            ("client|setname", { s, c in
                if s.validateClientName(c, c.arg(2)) {
                    s.setClientName(c, c.arg(2))
                    c.addOK()
                }
            }),
            ("client|getname", { _, c in
                if let name = c.name { c.addBulk(name) } else { c.addNull() }
            }),
            ("client|pause", { s, c in s.clientPauseCommand(c) }),
            ("client|unpause", { s, c in
                s.unpauseClients()
                c.addOK()
            }),
        ]
    }

    // MARK: names

    /// Redis's validateClientName: printable ASCII without spaces ('!' to '~'); replies
    /// with the error and returns false otherwise.
    func validateClientName(_ c: Client, _ name: UnsafeRawBufferPointer) -> Bool {
        if name.contains(where: { $0 < 33 || $0 > 126 }) {
            c.addError("ERR Client names cannot contain spaces, newlines or special characters.")
            return false
        }
        return true
    }

    /// Sets a validated name; the empty name removes it.
    func setClientName(_ c: Client, _ name: UnsafeRawBufferPointer) {
        c.name = name.isEmpty ? nil : RStr(name)
    }

    // MARK: LIST

    /// CLIENT LIST [TYPE normal|master|replica|pubsub] | [ID id [id ...]]
    func clientListCommand(_ c: Client) {
        var selected: [Client]
        if c.argc == 4 && c.argIs(2, "type") {
            guard let type = ClientType(name: c.argString(3)) else {
                c.addError("ERR Unknown client type '\(c.argString(3))'")
                return
            }
            selected = clientsById.values.filter { clientType($0) == type }
            selected.sort { $0.id < $1.id }
        } else if c.argc > 3 && c.argIs(2, "id") {
            // In the order asked, repeats included, as Redis does.
            selected = []
            for i in 3..<c.argc {
                guard let id = parseStrictInt64(c.arg(i)) else {
                    c.addError("ERR Invalid client ID")
                    return
                }
                if let found = clientsById[id] { selected.append(found) }
            }
        } else if c.argc == 2 {
            selected = clientsById.values.sorted { $0.id < $1.id }
        } else {
            c.addErrorSyntax()
            return
        }
        let held = postponedClientIds
        var text = ""
        for client in selected {
            text += clientInfoLine(client, postponed: held)
            text += "\n"
        }
        c.addVerbatim(text)
    }

    // MARK: KILL

    /// What CLIENT KILL matches; every given criterion must hold (Redis's filter loop).
    struct ClientKillFilter {
        var addr: [UInt8]? = nil
        var laddr: [UInt8]? = nil
        var type: ClientType? = nil
        var id: Int64? = nil
        var user: ACLUser? = nil
        var skipMe = true
    }

    /// CLIENT KILL ip:port (old form) | CLIENT KILL <filter value> ... (new form)
    func clientKillCommand(_ c: Client) {
        var filter = ClientKillFilter()
        let oldForm = c.argc == 3
        if oldForm {
            filter.addr = c.argBytes(2)
            filter.skipMe = false
        } else {
            var i = 2
            while i < c.argc {
                guard i + 1 < c.argc else {
                    c.addErrorSyntax()
                    return
                }
                let value = i + 1
                if c.argIs(i, "id") {
                    guard let id = parseStrictInt64(c.arg(value)), id >= 1 else {
                        c.addError("ERR client-id should be greater than 0")
                        return
                    }
                    filter.id = id
                } else if c.argIs(i, "type") {
                    guard let type = ClientType(name: c.argString(value)) else {
                        c.addError("ERR Unknown client type '\(c.argString(value))'")
                        return
                    }
                    filter.type = type
                } else if c.argIs(i, "addr") {
                    filter.addr = c.argBytes(value)
                } else if c.argIs(i, "laddr") {
                    filter.laddr = c.argBytes(value)
                } else if c.argIs(i, "user") {
                    guard let u = acl.user(c.arg(value)) else {
                        c.addError("ERR No such user '\(c.argString(value))'")
                        return
                    }
                    filter.user = u
                } else if c.argIs(i, "skipme") {
                    if c.argIs(value, "yes") {
                        filter.skipMe = true
                    } else if c.argIs(value, "no") {
                        filter.skipMe = false
                    } else {
                        c.addErrorSyntax()
                        return
                    }
                } else {
                    c.addErrorSyntax()
                    return
                }
                i += 2
            }
        }
        var killed = 0
        var killSelf = false
        for target in clientsById.values.sorted(by: { $0.id < $1.id }) where clientMatches(target, filter) {
            if target === c {
                if filter.skipMe { continue }
                killSelf = true
            } else {
                freeClient(target)
            }
            killed += 1
        }
        if oldForm {
            if killed == 0 { c.addError("ERR No such client") } else { c.addOK() }
        } else {
            c.addInt(killed)
        }
        // The caller itself goes once its reply is out.
        if killSelf { c.flags.insert(.closeAfterReply) }
    }

    private func clientMatches(_ target: Client, _ f: ClientKillFilter) -> Bool {
        if let a = f.addr, !clientPeerId(target).utf8.elementsEqual(a) { return false }
        if let a = f.laddr, !clientSockName(target).utf8.elementsEqual(a) { return false }
        if let t = f.type, clientType(target) != t { return false }
        if let id = f.id, target.id != id { return false }
        if let u = f.user, target.user !== u { return false }
        return true
    }

    // MARK: REPLY, NO-EVICT

    /// CLIENT REPLY ON|OFF|SKIP. OFF and SKIP have no reply of their own; SKIP silences
    /// the next command (consumed in commandProcessed).
    func clientReplyCommand(_ c: Client) {
        if c.argIs(2, "on") {
            c.flags.remove([.replySkip, .replyOff])
            c.addOK()
        } else if c.argIs(2, "off") {
            c.flags.insert(.replyOff)
        } else if c.argIs(2, "skip") {
            if !c.flags.contains(.replyOff) { c.flags.insert(.replySkipNext) }
        } else {
            c.addErrorSyntax()
        }
    }

    func clientNoEvictCommand(_ c: Client) {
        if c.argIs(2, "on") {
            c.flags.insert(.noEvict)
        } else if c.argIs(2, "off") {
            c.flags.remove(.noEvict)
        } else {
            c.addErrorSyntax()
            return
        }
        c.addOK()
    }

    // MARK: PAUSE

    /// CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked before the timeout, as in
    /// Redis. A timeout that overflows Redis's clock arithmetic pauses for no time.
    func clientPauseCommand(_ c: Client) {
        if c.argc > 4 {
            let sub = String(decoding: c.arg(1).prefix(128), as: UTF8.self)
            c.addError("ERR unknown subcommand or wrong number of arguments for '\(sub)'. Try \(c.argString(0).uppercased()) HELP.")
            return
        }
        var writesOnly = false
        if c.argc == 4 {
            if c.argIs(3, "write") {
                writesOnly = true
            } else if !c.argIs(3, "all") {
                c.addError("ERR CLIENT PAUSE mode must be WRITE or ALL")
                return
            }
        }
        guard let ms = parseStrictInt64(c.arg(2)) else {
            c.addError("ERR timeout is not an integer or out of range")
            return
        }
        if ms < 0 {
            c.addError("ERR timeout is negative")
            return
        }
        let now = monotonicMicros()
        var end = now
        if ms > 0 && !nowMillis.addingReportingOverflow(ms).overflow {
            let (micros, overflow) = ms.multipliedReportingOverflow(by: 1000)
            end = overflow || micros > Int64.max - now ? Int64.max : now + micros
        }
        pauseClients(untilMicros: end, writesOnly: writesOnly)
        c.addOK()
    }
}

private extension Client {
    /// CLIENT HELP: an array of status lines (Redis's addReplyHelp).
    func addClientHelp() {
        addArrayLen(clientHelpLines.count)
        for line in clientHelpLines { addSimple(string: line) }
    }
}

/// CLIENT HELP, exactly as Redis 7.0 prints it.
private let clientHelpLines: [String] = [
    "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
    "HELP",
    "    Prints this help.",
]
