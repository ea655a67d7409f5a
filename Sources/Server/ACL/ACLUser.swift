// ACL users and selectors: the data, and the rule language that changes them (Redis 7.0's
// ACLSetUser / ACLSetSelector, same rules, same errors).
//
// A user has flags (on/off, nopass, sanitize-payload), passwords stored as the 64 hex
// digits of their SHA-256, and one or more selectors. The first selector is the "root"
// one (rules written outside parentheses); `(...)` adds another. A command is allowed when
// any selector allows it (ACLCheck.swift).
//
// A selector holds:
//   - a bitmap with one bit per command id (ACLCommandSpace), plus `allCommands` (set by
//     +@all / allcommands and cleared by any later removal, so the check can skip the
//     bitmap) and `futureCommands` (Redis's reserved bit: set only by +@all, read only by
//     ACL LIST/GETUSER to choose between "+@all ..." and "-@all ...");
//   - first-args: `+select|0` on a command without subcommands allows that first argument
//     while the command's bit is off (Redis calls this a misuse and logs a warning);
//   - key patterns with read/write permissions (`~p` both, `%R~p`, `%W~p`), or `allKeys`;
//   - channel patterns, or `allChannels`.
//
// Users are classes: a client holds its user, and ACL SETUSER stages the changes on a
// copy and copies the result back into the same object, so connected clients see the new
// rules at once (Redis's ACLCopyUser). Selectors are structs (copied with the user).
// `fullAccess` caches "the root selector allows every command, key and channel": the
// dispatcher checks that one flag and skips the whole ACL check (the default user).

import Config
import DataStructures

/// Why an ACL rule was refused (Redis's errno values and their ACLSetUserStringError texts).
enum ACLRuleError: Error, Equatable {
    case syntax, unknownCommand, keyAfterAll, channelAfterAll, noSuchPassword, badHash, duplicateUser,
         firstArgOfSubcommand

    var message: String {
        switch self {
        case .syntax: return "Syntax error"
        case .unknownCommand: return "Unknown command or category name in ACL"
        case .keyAfterAll:
            return "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns"
        case .channelAfterAll:
            return "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels"
        case .noSuchPassword: return "The password you are trying to remove from the user does not exist"
        case .badHash: return "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"
        case .duplicateUser: return "Duplicate user found. A user can only be defined once in config files"
        case .firstArgOfSubcommand: return "Allowing first-arg of a subcommand is not supported"
        }
    }
}

/// Key pattern permissions.
let aclReadPermission: UInt8 = 1
let aclWritePermission: UInt8 = 2
let aclAllPermissions: UInt8 = 3

struct ACLKeyPattern: Equatable {
    var pattern: [UInt8]
    var permissions: UInt8
}

struct ACLSelector {
    var isRoot: Bool
    var allKeys = false
    var allChannels = false
    var allCommands = false
    var futureCommands = false
    var bits: [UInt64]
    /// Allowed first arguments per command id, in the order they were added.
    var firstArgs: [Int: [[UInt8]]] = [:]
    var keys: [ACLKeyPattern] = []
    var channels: [[UInt8]] = []

    init(root: Bool, allChannels: Bool, space: ACLCommandSpace) {
        isRoot = root
        self.allChannels = allChannels
        bits = [UInt64](repeating: 0, count: space.wordCount)
    }

    @inline(__always) func allows(_ id: Int) -> Bool {
        bits[id >> 6] & (1 << UInt64(id & 63)) != 0
    }

    mutating func setBit(_ id: Int, _ on: Bool) {
        if on {
            bits[id >> 6] |= 1 << UInt64(id & 63)
        } else {
            bits[id >> 6] &= ~(1 << UInt64(id & 63))
            allCommands = false
        }
    }

    /// Allows or denies a command; a container's subcommands follow it (ACLChangeSelectorPerm).
    mutating func changePermission(_ info: ACLCommandInfo, _ allow: Bool) {
        setBit(info.id, allow)
        firstArgs[info.id] = nil
        for sub in info.subcommands { setBit(sub, allow) }
    }

    mutating func changeCategory(_ bit: UInt32, _ allow: Bool, _ space: ACLCommandSpace) {
        for id in space.members[bit.trailingZeroBitCount] {
            changePermission(space.commands[id], allow)
        }
    }

    mutating func setAllCommands(_ on: Bool, _ space: ACLCommandSpace) {
        for i in 0..<bits.count { bits[i] = on ? ~0 : 0 }
        let extra = bits.count * 64 - space.commands.count
        if on && extra > 0 { bits[bits.count - 1] >>= UInt64(extra) }
        allCommands = on
        futureCommands = on
        firstArgs = [:]
    }

    /// One selector rule (Redis's ACLSetSelector).
    mutating func apply(_ op: [UInt8], _ space: ACLCommandSpace) throws(ACLRuleError) {
        if aclKeyword(op, "allkeys") || op == [126, 42] {              // "~*"
            allKeys = true
            keys = []
        } else if aclKeyword(op, "resetkeys") {
            allKeys = false
            keys = []
        } else if aclKeyword(op, "allchannels") || op == [38, 42] {    // "&*"
            allChannels = true
            channels = []
        } else if aclKeyword(op, "resetchannels") {
            allChannels = false
            channels = []
        } else if aclKeyword(op, "allcommands") || aclKeyword(op, "+@all") {
            setAllCommands(true, space)
        } else if aclKeyword(op, "nocommands") || aclKeyword(op, "-@all") {
            setAllCommands(false, space)
        } else if op.first == UInt8(ascii: "~") || op.first == UInt8(ascii: "%") {
            if allKeys { throw .keyAfterAll }
            var permissions: UInt8 = 0
            var offset = 1
            if op[0] == UInt8(ascii: "%") {
                while offset < op.count {
                    let ch = op[offset] & ~0x20   // toupper for letters
                    if ch == UInt8(ascii: "R") && permissions & aclReadPermission == 0 {
                        permissions |= aclReadPermission
                    } else if ch == UInt8(ascii: "W") && permissions & aclWritePermission == 0 {
                        permissions |= aclWritePermission
                    } else if op[offset] == UInt8(ascii: "~") {
                        offset += 1
                        break
                    } else {
                        throw .syntax
                    }
                    offset += 1
                }
                if permissions == 0 { throw .syntax }
            } else {
                permissions = aclAllPermissions
            }
            let pattern = Array(op[min(offset, op.count)...])
            if aclHasSpaces(pattern) { throw .syntax }
            if let i = keys.firstIndex(where: { $0.pattern == pattern }) {
                keys[i].permissions |= permissions
            } else {
                keys.append(ACLKeyPattern(pattern: pattern, permissions: permissions))
            }
            allKeys = false
        } else if op.first == UInt8(ascii: "&") {
            if allChannels { throw .channelAfterAll }
            let pattern = Array(op.dropFirst())
            if aclHasSpaces(pattern) { throw .syntax }
            if !channels.contains(pattern) { channels.append(pattern) }
            allChannels = false
        } else if op.first == UInt8(ascii: "+") && op.dropFirst().first != UInt8(ascii: "@") {
            let name = op.dropFirst()
            guard let bar = name.lastIndex(of: UInt8(ascii: "|")) else {
                guard let info = space.lookup(name) else { throw .unknownCommand }
                changePermission(info, true)
                return
            }
            guard let info = space.lookup(name[..<bar]) else { throw .unknownCommand }
            if info.parent != nil { throw .firstArgOfSubcommand }
            let sub = Array(name[(bar + 1)...])
            if sub.isEmpty { throw .syntax }
            if !info.subcommands.isEmpty {
                guard let subInfo = space.lookup(name) else { throw .unknownCommand }
                changePermission(subInfo, true)
            } else {
                var list = firstArgs[info.id] ?? []
                if !list.contains(where: { aclEqualsIgnoringCase($0, sub) }) { list.append(sub) }
                firstArgs[info.id] = list
            }
        } else if op.first == UInt8(ascii: "-") && op.dropFirst().first != UInt8(ascii: "@") {
            guard let info = space.lookup(op.dropFirst()) else { throw .unknownCommand }
            changePermission(info, false)
        } else if (op.first == UInt8(ascii: "+") || op.first == UInt8(ascii: "-")) && op.count >= 2 && op[1] == UInt8(ascii: "@") {
            let bit = aclCategoryBit(op.dropFirst(2))
            if bit == 0 { throw .unknownCommand }
            changeCategory(bit, op[0] == UInt8(ascii: "+"), space)
        } else {
            throw .syntax
        }
    }

    /// Every command, key and channel.
    var isUnrestricted: Bool { allCommands && allKeys && allChannels }
}

final class ACLUser {
    let name: [UInt8]
    var enabled = false
    var nopass = false
    /// nil: neither flag; true: sanitize-payload; false: skip-sanitize-payload.
    var sanitizePayload: Bool? = nil
    /// SHA-256 hex digests (64 lowercase hex bytes each), in the order added.
    var passwords: [[UInt8]] = []
    var selectors: [ACLSelector]
    /// Cached: the user may run anything (see the top comment).
    private(set) var fullAccess = false

    var nameString: String { String(decoding: name, as: UTF8.self) }

    init(name: [UInt8], allChannels: Bool, space: ACLCommandSpace) {
        self.name = name
        selectors = [ACLSelector(root: true, allChannels: allChannels, space: space)]
    }

    /// A copy with another name (staging area of ACL SETUSER, validation).
    func copy(named: [UInt8]? = nil) -> ACLUser {
        let u = ACLUser(name: named ?? name, selectors: selectors)
        u.copyRules(from: self)
        return u
    }

    private init(name: [UInt8], selectors: [ACLSelector]) {
        self.name = name
        self.selectors = selectors
    }

    /// Takes every rule of `other` (its name stays): Redis's ACLCopyUser.
    func copyRules(from other: ACLUser) {
        enabled = other.enabled
        nopass = other.nopass
        sanitizePayload = other.sanitizePayload
        passwords = other.passwords
        selectors = other.selectors
        refresh()
    }

    func refresh() {
        fullAccess = selectors[0].isUnrestricted
    }

    /// One rule (Redis's ACLSetUser). `allChannelsDefault` is acl-pubsub-default.
    func apply(_ op: [UInt8], allChannelsDefault: Bool, space: ACLCommandSpace) throws(ACLRuleError) {
        defer { refresh() }
        if op.isEmpty { return }
        if aclKeyword(op, "on") {
            enabled = true
        } else if aclKeyword(op, "off") {
            enabled = false
        } else if aclKeyword(op, "skip-sanitize-payload") {
            sanitizePayload = false
        } else if aclKeyword(op, "sanitize-payload") {
            sanitizePayload = true
        } else if aclKeyword(op, "nopass") {
            nopass = true
            passwords = []
        } else if aclKeyword(op, "resetpass") {
            nopass = false
            passwords = []
        } else if op[0] == UInt8(ascii: ">") || op[0] == UInt8(ascii: "#") {
            let hash: [UInt8]
            if op[0] == UInt8(ascii: ">") {
                hash = SHA256.hex(Array(op.dropFirst()))
            } else {
                hash = Array(op.dropFirst())
                if !aclIsPasswordHash(hash) { throw .badHash }
            }
            if !passwords.contains(hash) { passwords.append(hash) }
            nopass = false
        } else if op[0] == UInt8(ascii: "<") || op[0] == UInt8(ascii: "!") {
            let hash: [UInt8]
            if op[0] == UInt8(ascii: "<") {
                hash = SHA256.hex(Array(op.dropFirst()))
            } else {
                hash = Array(op.dropFirst())
                if !aclIsPasswordHash(hash) { throw .badHash }
            }
            guard let i = passwords.firstIndex(of: hash) else { throw .noSuchPassword }
            passwords.remove(at: i)
        } else if op[0] == UInt8(ascii: "(") && op[op.count - 1] == UInt8(ascii: ")") {
            var selector = ACLSelector(root: false, allChannels: allChannelsDefault, space: space)
            // Redis splits the inside with sdssplitargs; unbalanced quotes give no rules.
            let inner = op.count >= 2 ? Array(op[1..<(op.count - 1)]) : []
            for rule in ConfigParsing.splitArgsBytes(inner) ?? [] {
                try selector.apply(rule, space)
            }
            selectors.append(selector)
        } else if aclKeyword(op, "clearselectors") {
            selectors.removeSubrange(1...)
        } else if aclKeyword(op, "reset") {
            nopass = false
            passwords = []
            selectors[0].allKeys = false
            selectors[0].keys = []
            selectors[0].allChannels = allChannelsDefault
            selectors[0].channels = []
            enabled = false
            sanitizePayload = true
            selectors.removeSubrange(1...)
            selectors[0].setAllCommands(false, space)
        } else {
            try selectors[0].apply(op, space)
        }
    }

    /// Whether `password` is one of the user's: its SHA-256 is compared with every stored
    /// digest, every byte of every digest, without an early exit (no timing signal about
    /// where a guess differs; Redis's time_independent_strcmp on the hex digests).
    func passwordMatches(_ password: UnsafeRawBufferPointer) -> Bool {
        let given = SHA256.hex(password)
        var matched: UInt8 = 0
        for stored in passwords {
            var diff: UInt8 = stored.count == given.count ? 0 : 1
            for i in 0..<min(stored.count, given.count) { diff |= stored[i] ^ given[i] }
            matched |= diff == 0 ? 1 : 0
        }
        return matched != 0
    }
}

/// Redis's ACLMergeSelectorArguments: a selector written over several arguments
/// ("(+get", "~key)") becomes one argument. Throws the index of the argument that opened
/// an unclosed parenthesis.
func aclMergeSelectorArguments(_ args: [[UInt8]]) -> Result<[[UInt8]], ACLUnmatchedParenthesis> {
    var out: [[UInt8]] = []
    var open: Int? = nil
    var current: [UInt8] = []
    for (j, op) in args.enumerated() {
        if op.first == UInt8(ascii: "(") && op.last != UInt8(ascii: ")") {
            current = op
            open = j
            continue
        }
        if open != nil {
            current.append(32)
            current += op
            if op.last == UInt8(ascii: ")") {
                open = nil
                out.append(current)
            }
            continue
        }
        out.append(op)
    }
    if let open { return .failure(ACLUnmatchedParenthesis(index: open)) }
    return .success(out)
}

struct ACLUnmatchedParenthesis: Error { let index: Int }

/// Case-insensitive comparison with an ASCII keyword (Redis's strcasecmp on rules).
func aclKeyword(_ op: [UInt8], _ word: StaticString) -> Bool {
    guard op.count == word.utf8CodeUnitCount else { return false }
    let w = word.utf8Start
    for i in 0..<op.count {
        var a = op[i], b = w[i]
        if a >= 65 && a <= 90 { a += 32 }
        if b >= 65 && b <= 90 { b += 32 }
        if a != b { return false }
    }
    return true
}

func aclEqualsIgnoringCase(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        (x >= 65 && x <= 90 ? x + 32 : x) == (y >= 65 && y <= 90 ? y + 32 : y)
    }
}

/// Spaces (C isspace) or NUL bytes: not allowed in user names, key and channel patterns.
func aclHasSpaces(_ s: some Sequence<UInt8>) -> Bool {
    s.contains { $0 == 0 || $0 == 32 || ($0 >= 9 && $0 <= 13) }
}

/// 64 lowercase hex digits.
func aclIsPasswordHash(_ s: [UInt8]) -> Bool {
    s.count == 64 && s.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
}
