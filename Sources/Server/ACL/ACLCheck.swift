// ACLCheck: may this user run this command with these arguments? (Redis 7.0's
// ACLCheckAllUserCommandPerm and ACLSelectorCheckCmd.)
//
// A command is allowed when one selector allows all three of:
//   1. the command: `allCommands`, or its bit, or (bit off) an allowed first argument;
//      commands callable before AUTH (no_auth) skip this part;
//   2. its keys, unless the selector has allkeys: every key the command's key specs find
//      (the same extraction as COMMAND GETKEYSANDFLAGS) must match a pattern carrying the
//      permission the key needs: a key spec flagged `access` needs read, `insert`,
//      `delete` or `update` need write; a key with none of those (EXISTS, TYPE...) is
//      allowed by any matching pattern;
//   3. its channels, unless the selector has allchannels: PUBLISH / SPUBLISH's channel and
//      every SUBSCRIBE / SSUBSCRIBE channel must match a channel pattern; every PSUBSCRIBE
//      pattern must be literally one of the channel patterns.
// When every selector refuses, the reported denial is the "worst" one in Redis's order
// (command < key < channel) and, among equals, the one at the highest argument index.
//
// Cost: the dispatcher calls this only for users without `fullAccess`, so the default
// user pays one flag test per command. For restricted users a command's key specs are
// parsed once (cached per command id); commands whose specs are plain positions (GET, SET,
// MGET, HSET, LMOVE... most of them) are then checked without allocating, the others
// (keyword or key-count specs, option-dependent flags) through the general extraction,
// which allocates a small array per call. Key patterns are matched in order, first match
// wins.

import DataStructures

struct ACLDenial {
    let reason: ACLDenialReason
    /// Argument index of the refused key or channel (0 for a refused command).
    let index: Int
}

/// A command's key specs, parsed once.
struct ACLKeyInfo {
    let specs: [KeySpec]
    let hasKeys: Bool
    /// When every key spec is "index + range" with fixed flags (most commands), the ranges
    /// and the permission each needs: the check then walks argument positions without
    /// allocating. nil: the general extraction (keyword searches, key counts, commands
    /// whose flags depend on their options).
    let ranges: [ACLKeyRange]?
    /// SET: one key, write, plus read with the GET option (its flags depend on options).
    let isSet: Bool
}

struct ACLKeyRange {
    let index: Int, lastKey: Int, step: Int, limit: Int
    let need: UInt8
}

/// The permission a key spec's flags need (access: read; insert, delete, update: write).
func aclNeed(_ flags: [String]) -> UInt8 {
    var need: UInt8 = 0
    for f in flags {
        switch f {
        case "access": need |= aclReadPermission
        case "insert", "delete", "update": need |= aclWritePermission
        default: break
        }
    }
    return need
}

extension Server {
    /// processCommand's ACL step: nil when allowed, else the error to reply (the denial is
    /// logged, with context "multi" inside a transaction).
    func aclDenialMessage(_ c: Client, _ u: ACLUser, _ cmd: Command) -> String? {
        guard let d = aclCheck(u, cmd, c.argv) else { return nil }
        aclLogDenial(c, d, cmd, c.argv, context: c.flags.contains(.multi) ? .multi : .toplevel)
        switch d.reason {
        case .command: return "NOPERM this user has no permissions to run the '\(cmd.fullName)' command"
        case .key: return "NOPERM this user has no permissions to access one of the keys used as arguments"
        case .channel: return "NOPERM this user has no permissions to access one of the channels used as arguments"
        case .auth: return "ERR no permission"
        }
    }

    /// A script's redis.call refused by ACL: the text after "-ERR " (Redis 7.0.15's
    /// scriptVerifyACL wording).
    func aclScriptDenialMessage(_ d: ACLDenial) -> String {
        switch d.reason {
        case .command: return "The user executing the script can't run this command or subcommand"
        case .key: return "The user executing the script can't access at least one of the keys mentioned in the command arguments"
        case .channel: return "The user executing the script can't publish to the channel mentioned in the command"
        case .auth: return "The user executing the script lacking the permissions for the command"
        }
    }

    func aclLogDenial(_ c: Client, _ d: ACLDenial, _ cmd: Command, _ argv: [UnsafeRawBufferPointer],
                      context: ACLLogContext, username: [UInt8]? = nil) {
        let object: [UInt8] = d.reason == .command ? Array(cmd.fullName.utf8) : Array(argv[d.index])
        aclLogAdd(c, d.reason, context: context, object: object, username: username)
    }

    /// Redis's ACLCheckAllUserCommandPerm: nil when some selector allows the call.
    func aclCheck(_ u: ACLUser, _ cmd: Command, _ argv: [UnsafeRawBufferPointer]) -> ACLDenial? {
        var relevant = ACLDenialReason.command
        var lastIndex = 0
        var localIndex = 0
        var keys: [(index: Int, need: UInt8)]? = nil
        for i in 0..<u.selectors.count {
            guard let reason = aclSelectorCheck(u.selectors[i], cmd, argv, &keys, &localIndex) else { return nil }
            if reason > relevant || (reason == relevant && localIndex > lastIndex) {
                relevant = reason
                lastIndex = localIndex
            }
        }
        return ACLDenial(reason: relevant, index: lastIndex)
    }

    private func aclSelectorCheck(_ s: ACLSelector, _ cmd: Command, _ argv: [UnsafeRawBufferPointer],
                                  _ keys: inout [(index: Int, need: UInt8)]?, _ index: inout Int) -> ACLDenialReason? {
        let id = cmd.aclId
        if !s.allCommands && !cmd.flags.contains(.noAuth) && !s.allows(id) {
            guard argv.count >= 2, let args = s.firstArgs[id] else { return .command }
            let position = cmd.parent != nil ? 2 : 1
            guard position < argv.count else { return .command }
            let given = Array(argv[position])
            if !args.contains(where: { aclEqualsIgnoringCase($0, given) }) { return .command }
        }
        if !s.allKeys {
            let info = aclKeyInfo(cmd)
            if info.isSet {
                if argv.count > 1 && !aclKeyAllowed(s, argv[1], aclSetNeed(argv)) {
                    index = 1
                    return .key
                }
            } else if let ranges = info.ranges {
                if let bad = aclFirstRefusedKey(s, ranges, argv) {
                    index = bad
                    return .key
                }
            } else if info.hasKeys {
                if keys == nil { keys = aclKeyPositions(cmd, argv) }
                for k in keys! where !aclKeyAllowed(s, argv[k.index], k.need) {
                    index = k.index
                    return .key
                }
            }
        }
        if !s.allChannels {
            switch acl.space.commands[id].channels {
            case .none:
                break
            case .publish:
                if argv.count > 1 && !aclChannelAllowed(s.channels, argv[1], pattern: false) {
                    index = 1
                    return .channel
                }
            case .subscribe(let pattern):
                for i in 1..<max(1, argv.count) where !aclChannelAllowed(s.channels, argv[i], pattern: pattern) {
                    index = i
                    return .channel
                }
            }
        }
        return nil
    }

    func aclKeyInfo(_ cmd: Command) -> ACLKeyInfo {
        if let k = acl.keySpecCache[cmd.aclId] { return k }
        let specs = KeySpec.parse(cmd.meta.info)
        let keySpecs = specs.filter { !$0.flags.contains("not_key") }
        var ranges: [ACLKeyRange]? = []
        // Commands whose keys or flags depend on options go through the general extraction
        // (CommandCommand.swift's keysBySyntax), except SET, handled on its own.
        let special = cmd.fullName == "set" || cmd.fullName == "bitfield" || cmd.fullName == "sort"
            || cmd.fullName == "sort_ro" || cmd.fullName == "migrate"
        if special || cmd.getKeys != nil || specs.contains(where: { $0.flags.contains("variable_flags") }) {
            ranges = nil
        } else {
            for spec in keySpecs {
                guard case .index(let first) = spec.begin, case .range(let last, let step, let limit) = spec.find else {
                    ranges = nil
                    break
                }
                ranges!.append(ACLKeyRange(index: first, lastKey: last, step: max(step, 1), limit: limit, need: aclNeed(spec.flags)))
            }
        }
        let k = ACLKeyInfo(specs: specs, hasKeys: cmd.getKeys != nil || !keySpecs.isEmpty, ranges: ranges,
                           isSet: cmd.fullName == "set")
        acl.keySpecCache[cmd.aclId] = k
        return k
    }

    /// SET needs write, and read too with GET (after the key and value).
    private func aclSetNeed(_ argv: [UnsafeRawBufferPointer]) -> UInt8 {
        var i = 3
        while i < argv.count {
            let a = argv[i]
            if a.count == 3 && a[0] | 0x20 == 0x67 && a[1] | 0x20 == 0x65 && a[2] | 0x20 == 0x74 {
                return aclReadPermission | aclWritePermission
            }
            i += 1
        }
        return aclWritePermission
    }

    /// The first key of `ranges` the selector refuses (the same positions as the general
    /// extraction: a range that does not fit the arguments means no keys at all).
    private func aclFirstRefusedKey(_ s: ACLSelector, _ ranges: [ACLKeyRange], _ argv: [UnsafeRawBufferPointer]) -> Int? {
        let argc = argv.count
        @inline(__always) func last(_ r: ACLKeyRange) -> Int {
            if r.lastKey >= 0 { return r.index + r.lastKey }
            if r.limit == 0 { return argc + r.lastKey }
            return r.index + ((argc - r.index) / r.limit + r.lastKey)
        }
        for r in ranges {
            let l = last(r)
            if l >= argc || l < r.index || r.index >= argc { return nil }
        }
        for r in ranges {
            var i = r.index
            let l = last(r)
            while i <= l {
                if i > 0 && !aclKeyAllowed(s, argv[i], r.need) { return i }
                i += r.step
            }
        }
        return nil
    }

    /// The keys of a call and the permission each needs.
    func aclKeyPositions(_ cmd: Command, _ argv: [UnsafeRawBufferPointer]) -> [(index: Int, need: UInt8)] {
        let found = extractKeys(cmd, aclKeyInfo(cmd).specs, argv)
        var out: [(index: Int, need: UInt8)] = []
        out.reserveCapacity(found.count)
        for k in found where k.index > 0 && k.index < argv.count {
            out.append((k.index, aclNeed(k.flags)))
        }
        return out
    }

    func aclKeyAllowed(_ s: ACLSelector, _ key: UnsafeRawBufferPointer, _ need: UInt8) -> Bool {
        if s.allKeys { return true }
        for p in s.keys where p.permissions & need == need {
            if p.pattern.withUnsafeBytes({ stringMatch($0, key) }) { return true }
        }
        return false
    }

    /// Redis's ACLCheckChannelAgainstList: channels match the patterns as globs; a
    /// PSUBSCRIBE pattern must equal one of them (compared as C strings).
    func aclChannelAllowed(_ list: [[UInt8]], _ channel: UnsafeRawBufferPointer, pattern: Bool) -> Bool {
        if pattern {
            let given = channel.prefix { $0 != 0 }
            return list.contains { $0.prefix { $0 != 0 }.elementsEqual(given) }
        }
        return list.contains { p in p.withUnsafeBytes { stringMatch($0, channel) } }
    }

    /// Redis's lookupCommand(argv, argc): a container with arguments resolves to its
    /// subcommand (nil when unknown); without, to itself.
    func aclLookupCommand(_ argv: [UnsafeRawBufferPointer]) -> Command? {
        guard let first = argv.first, let cmd = commands.lookup(first) else { return nil }
        if argv.count == 1 || cmd.subcommands.isEmpty { return cmd }
        return cmd.subcommands[String(decoding: argv[1], as: UTF8.self).lowercased()]
    }
}

extension Server {
    /// EXEC's second look at each queued command (rules may have changed since it was
    /// queued): nil when allowed, else Redis 7.0's error (the denial is logged as "multi").
    func aclExecDenialMessage(_ c: Client, _ u: ACLUser, _ cmd: Command) -> String? {
        guard let d = aclCheck(u, cmd, c.argv) else { return nil }
        aclLogDenial(c, d, cmd, c.argv, context: .multi)
        let reason: String
        switch d.reason {
        case .command: reason = "no permission to execute the command or subcommand"
        case .key: reason = "no permission to touch the specified keys"
        case .channel: reason = "no permission to access one of the channels used as arguments"
        case .auth: reason = "no permission"
        }
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: \(reason)"
    }
}
