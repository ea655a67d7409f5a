// ACL: SETUSER, DELUSER, GETUSER, LIST, USERS, WHOAMI, CAT, GENPASS, LOG, DRYRUN, LOAD,
// SAVE, HELP (Redis 7.0's aclCommand, same replies and errors). The users, the rules and
// the checks live in ACL/ (docs/acl.md).
//
// SETUSER applies the rules to a copy of the user (or a new user) and only stores the
// result when every rule was accepted, so a bad rule changes nothing; its arguments are
// redacted from MONITOR and the slow log first, as they may hold passwords. Selectors
// written across several arguments ("(+get", "~k)") are merged first.
// DELUSER and LOAD disconnect the clients authenticated as users that go away; SETUSER
// disconnects subscribers whose channels are no longer allowed.
// The argument counts each subcommand accepts beyond its catalog arity are Redis's:
// anything else is "unknown subcommand or wrong number of arguments".

import Config
import DataStructures
import EventLoop
import RESP

extension Server {
    static func aclCommands() -> [(String, CommandHandler)] {
        [
            ("acl|setuser", { s, c in s.aclSetUserCommand(c) }),
            ("acl|deluser", { s, c in s.aclDelUserCommand(c) }),
            ("acl|getuser", { s, c in s.aclGetUserCommand(c) }),
            ("acl|list", { s, c in s.aclListCommand(c, namesOnly: false) }),
            ("acl|users", { s, c in s.aclListCommand(c, namesOnly: true) }),
            ("acl|whoami", { _, c in
                if let u = c.user { c.addBulk(u.name) } else { c.addNull() }
            }),
            ("acl|load", { s, c in s.aclLoadCommand(c) }),
            ("acl|save", { s, c in s.aclSaveCommand(c) }),
            ("acl|cat", { s, c in s.aclCatCommand(c) }),
            ("acl|genpass", { s, c in s.aclGenPassCommand(c) }),
            ("acl|log", { s, c in s.aclLogCommand(c) }),
            ("acl|dryrun", { s, c in s.aclDryRunCommand(c) }),
            ("acl|help", { _, c in c.addHelpReply("ACL", aclHelpLines) }),
        ]
    }

    func aclSetUserCommand(_ c: Client) {
        let name = c.argBytes(2)
        let raw = (3..<c.argc).map { c.argBytes($0) }
        for j in 2..<c.argc { redactArgument(c, j) }
        if aclHasSpaces(name) {
            c.addError("ERR Usernames can't contain spaces or null characters")
            return
        }
        let rules: [[UInt8]]
        switch aclMergeSelectorArguments(raw) {
        case .success(let r): rules = r
        case .failure(let e):
            c.addError(bytes: Array("ERR Unmatched parenthesis in acl selector starting at '".utf8) + aclCString(raw[e.index]) + Array("'.".utf8))
            return
        }
        let existing = acl.user(name)
        let staged = existing?.copy() ?? aclNewUser(name)
        for rule in rules {
            do {
                try staged.apply(rule, allChannelsDefault: config.aclPubsubDefaultAllChannels, space: acl.space)
            } catch {
                c.addError(bytes: Array("ERR Error in ACL SETUSER modifier '".utf8) + aclCString(rule) + Array("': \(error.message)".utf8))
                return
            }
        }
        if let existing {
            aclKillPubsubClientsIfNeeded(updated: staged, original: existing)
            existing.copyRules(from: staged)
        } else {
            acl.add(staged)
        }
        c.addOK()
    }

    func aclDelUserCommand(_ c: Client) {
        for j in 2..<c.argc where c.arg(j).elementsEqual("default".utf8) {
            c.addError("ERR The 'default' user cannot be removed")
            return
        }
        var deleted = 0
        for j in 2..<c.argc {
            if let u = acl.remove(c.argBytes(j)) {
                aclKillClients(of: u)
                deleted += 1
            }
        }
        c.addInt(deleted)
    }

    func aclGetUserCommand(_ c: Client) {
        guard let u = acl.user(c.arg(2)) else {
            c.addNull()
            return
        }
        c.addMapLen(6)
        c.addBulk("flags")
        let flags = u.flagNames
        c.addSetLen(flags.count)
        for f in flags { c.addBulk(string: f) }
        c.addBulk("passwords")
        c.addArrayLen(u.passwords.count)
        for p in u.passwords { c.addBulk(p) }
        aclAddSelectorFields(c, u.selectors[0])
        c.addBulk("selectors")
        c.addArrayLen(u.selectors.count - 1)
        for s in u.selectors.dropFirst() {
            c.addMapLen(3)
            aclAddSelectorFields(c, s)
        }
    }

    private func aclAddSelectorFields(_ c: Client, _ s: ACLSelector) {
        c.addBulk("commands")
        c.addBulk(s.commandRules(acl.space))
        c.addBulk("keys")
        c.addBulk(s.keysDescription)
        c.addBulk("channels")
        c.addBulk(s.channelsDescription)
    }

    func aclListCommand(_ c: Client, namesOnly: Bool) {
        let users = acl.sortedUsers
        c.addArrayLen(users.count)
        for u in users { c.addBulk(namesOnly ? u.name : u.line(acl.space)) }
    }

    private static let noACLFileMessage = "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration."

    func aclLoadCommand(_ c: Client) {
        if config.aclfile.isEmpty {
            c.addError(Server.noACLFileMessage)
            return
        }
        if let errors = aclLoadFromFile(config.aclfile) {
            c.addError("ERR " + errors)
        } else {
            c.addOK()
        }
    }

    func aclSaveCommand(_ c: Client) {
        if config.aclfile.isEmpty {
            c.addError(Server.noACLFileMessage)
            return
        }
        if aclSaveToFile(config.aclfile) {
            c.addOK()
        } else {
            c.addError("ERR There was an error trying to save the ACLs. Please check the server logs for more information")
        }
    }

    func aclCatCommand(_ c: Client) {
        if c.argc == 2 {
            c.addArrayLen(aclCategoryNames.count)
            for n in aclCategoryNames { c.addBulk(string: n) }
            return
        }
        if c.argc != 3 {
            c.addSubcommandSyntaxError("ACL")
            return
        }
        let bit = aclCategoryBit(c.arg(2))
        if bit == 0 {
            c.addError(bytes: Array("ERR Unknown category '".utf8) + cString(c.arg(2), max: 128) + Array("'".utf8))
            return
        }
        let names = acl.space.commands.filter { $0.categories & bit != 0 }.map(\.fullName)
        c.addArrayLen(names.count)
        for n in names { c.addBulk(string: n) }
    }

    func aclGenPassCommand(_ c: Client) {
        if c.argc > 3 {
            c.addSubcommandSyntaxError("ACL")
            return
        }
        var bits: Int64 = 256
        if c.argc == 3 {
            guard let v = parseStrictInt64(c.arg(2)) else {
                c.addErrorNotInteger()
                return
            }
            bits = v
        }
        if bits <= 0 || bits > 4096 {
            c.addError("ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096")
            return
        }
        let chars = Int((bits + 3) / 4)
        let digits = Array("0123456789abcdef".utf8)
        var rng = SystemRandomNumberGenerator()
        var out = [UInt8](repeating: 0, count: chars)
        for i in 0..<chars { out[i] = digits[Int(rng.next() & 15)] }
        c.addBulk(out)
    }

    func aclLogCommand(_ c: Client) {
        if c.argc > 3 {
            c.addSubcommandSyntaxError("ACL")
            return
        }
        var count: Int64 = 10
        if c.argc == 3 {
            if c.argIs(2, "reset") {
                acl.log.removeAll()
                c.addOK()
                return
            }
            guard let v = parseStrictInt64(c.arg(2)) else {
                c.addErrorNotInteger()
                return
            }
            count = max(0, v)
        }
        let n = Int(min(count, Int64(acl.log.count)))
        let now = wallClockMicros() / 1000
        c.addArrayLen(n)
        for e in acl.log.prefix(n) {
            c.addMapLen(7)
            c.addBulk("count")
            c.addInt(e.count)
            c.addBulk("reason")
            c.addBulk(string: e.reason.logName)
            c.addBulk("context")
            c.addBulk(string: e.context.rawValue)
            c.addBulk("object")
            c.addBulk(e.object)
            c.addBulk("username")
            c.addBulk(e.username)
            c.addBulk("age-seconds")
            c.addDouble(Double(now - e.createdMillis) / 1000)
            c.addBulk("client-info")
            c.addBulk(string: e.clientInfo)
        }
    }

    func aclDryRunCommand(_ c: Client) {
        guard let u = acl.user(c.arg(2)) else {
            c.addError(bytes: Array("ERR User '".utf8) + cString(c.arg(2), max: Int.max) + Array("' not found".utf8))
            return
        }
        let argv = Array(c.argv[3...])
        guard let cmd = aclLookupCommand(argv) else {
            c.addError(bytes: Array("ERR Command '".utf8) + cString(c.arg(3), max: Int.max) + Array("' not found".utf8))
            return
        }
        if (cmd.arity > 0 && cmd.arity != argv.count) || argv.count < -cmd.arity {
            c.addError("ERR wrong number of arguments for '\(cmd.fullName)' command")
            return
        }
        guard let d = aclCheck(u, cmd, argv) else {
            c.addOK()
            return
        }
        switch d.reason {
        case .command:
            c.addBulk(string: "This user has no permissions to run the '\(cmd.fullName)' command")
        case .key:
            c.addBulk(Array("This user has no permissions to access the '".utf8) + Array(argv[d.index]) + Array("' key".utf8))
        case .channel:
            c.addBulk(Array("This user has no permissions to access the '".utf8) + Array(argv[d.index]) + Array("' channel".utf8))
        case .auth:
            c.addBulk("no permission")
        }
    }
}

/// The bytes of a rule up to its first NUL (C's "%s").
private func aclCString(_ b: [UInt8]) -> [UInt8] { Array(b.prefix { $0 != 0 }) }

private let aclHelpLines = [
    "CAT [<category>]",
    "    List all commands that belong to <category>, or all command categories",
    "    when no category is specified.",
    "DELUSER <username> [<username> ...]",
    "    Delete a list of users.",
    "DRYRUN <username> <command> [<arg> ...]",
    "    Returns whether the user can execute the given command without executing the command.",
    "GETUSER <username>",
    "    Get the user's details.",
    "GENPASS [<bits>]",
    "    Generate a secure 256-bit user password. The optional `bits` argument can",
    "    be used to specify a different size.",
    "LIST",
    "    Show users details in config file format.",
    "LOAD",
    "    Reload users from the ACL file.",
    "LOG [<count> | RESET]",
    "    Show the ACL log entries.",
    "SAVE",
    "    Save the current config to the ACL file.",
    "SETUSER <username> <attribute> [<attribute> ...]",
    "    Create or modify a user with the specified attributes.",
    "USERS",
    "    List all the registered usernames.",
    "WHOAMI",
    "    Return the current connection username.",
]
