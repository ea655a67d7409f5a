// COMMAND and its subcommands: COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP
// (Redis's commandCommand family in server.c).
//
// The answers are Redis 7.0.15's own metadata: each command's catalog row keeps the
// COMMAND INFO entry and COMMAND DOCS map as RESPValue trees (CommandCatalog.swift), and
// `addRESPValue` writes a tree through the client's reply helpers, so maps and sets come
// out as `%`/`~` in RESP3 and as flat arrays in RESP2, byte for byte as Redis sends them.
//
// We describe only what we implement: a command appears when it has a handler, and a
// container (CONFIG, CLIENT, ...) lists only the subcommands that have one. So COMMAND
// COUNT is our number of top-level commands, and a client such as redis-cli, which takes
// its hints from COMMAND DOCS, is told the truth about this server.
//
// Key extraction (GETKEYS / GETKEYSANDFLAGS) follows the key specs in the metadata, as
// Redis 7.0 does: each spec finds its first key (an argument index, or the argument after
// a keyword searched forward or backward), then its keys (a range up to a last index with
// a step and optional limit, or a count read from an argument). A spec that cannot be
// applied to the arguments (bounds, a bad count, an incomplete spec) makes the whole
// answer fall back to the command's own key function when the family set one, else to no
// keys. Flags come from the spec that found the key.

import RESP
import DataStructures

extension Server {
    static func commandCommands() -> [(String, CommandHandler)] {
        [
            ("command", { s, c in s.commandInfoCommand(c, names: 1) }),
            ("command|info", { s, c in s.commandInfoCommand(c, names: 2) }),
            ("command|count", { s, c in c.addInt(s.commands.count) }),
            ("command|docs", { s, c in s.commandDocsCommand(c) }),
            ("command|list", { s, c in s.commandListCommand(c) }),
            ("command|getkeys", { s, c in s.commandGetKeysCommand(c, withFlags: false) }),
            ("command|getkeysandflags", { s, c in s.commandGetKeysCommand(c, withFlags: true) }),
            ("command|help", { _, c in c.addHelpReply("COMMAND", [
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.",
            ]) }),
        ]
    }

    // MARK: lookup

    /// A command by "name" or "container|sub" (COMMAND INFO/DOCS names).
    func lookupCommand(fullName: String) -> Command? {
        let parts = fullName.lowercased().split(separator: "|", omittingEmptySubsequences: false)
        guard let base = commands.lookup(String(parts[0])) else { return nil }
        if parts.count == 1 { return base }
        if parts.count == 2 { return base.subcommands[String(parts[1])] }
        return nil
    }

    /// A command as it would be dispatched for `argv` (COMMAND GETKEYS): the container's
    /// subcommand when it has any.
    func lookupCommand(argv: [UnsafeRawBufferPointer]) -> Command? {
        guard let base = commands.lookup(argv[0]) else { return nil }
        if argv.count == 1 || base.subcommands.isEmpty { return base }
        return base.subcommands[String(decoding: argv[1], as: UTF8.self).lowercased()]
    }

    /// Subcommands with a handler, in name order.
    func implementedSubcommands(_ cmd: Command) -> [Command] {
        cmd.subcommands.keys.sorted().map { cmd.subcommands[$0]! }
    }

    // MARK: INFO / DOCS

    /// The COMMAND INFO entry, its subcommand list cut down to what we implement.
    func infoEntry(_ cmd: Command) -> RESPValue {
        guard case .array(var fields) = cmd.meta.info, fields.count == 10, !cmd.subcommands.isEmpty else {
            return cmd.meta.info
        }
        let subs = implementedSubcommands(cmd).map(infoEntry)
        switch fields[9] {
        case .set: fields[9] = .set(subs)
        default: fields[9] = .array(subs)
        }
        return .array(fields)
    }

    /// The COMMAND DOCS map, its "subcommands" cut down to what we implement.
    func docsEntry(_ cmd: Command) -> RESPValue {
        guard case .map(var flat)? = cmd.meta.docs else { return .map([]) }
        if !cmd.subcommands.isEmpty {
            var i = 0
            while i + 1 < flat.count {
                if flat[i].string == "subcommands" {
                    var subs: [RESPValue] = []
                    for s in implementedSubcommands(cmd) {
                        subs.append(.bulk(s.fullName))
                        subs.append(docsEntry(s))
                    }
                    flat[i + 1] = .map(subs)
                }
                i += 2
            }
        }
        return .map(flat)
    }

    /// COMMAND (names from 1: none) and COMMAND INFO (names from 2; none means all).
    func commandInfoCommand(_ c: Client, names first: Int) {
        if c.argc <= first {
            c.addArrayLen(commands.count)
            for cmd in commands.all { c.addRESPValue(infoEntry(cmd)) }
            return
        }
        c.addArrayLen(c.argc - first)
        for i in first..<c.argc {
            if let cmd = lookupCommand(fullName: c.argString(i)) {
                c.addRESPValue(infoEntry(cmd))
            } else {
                c.addNull()
            }
        }
    }

    func commandDocsCommand(_ c: Client) {
        if c.argc == 2 {
            c.addMapLen(commands.count)
            for cmd in commands.all {
                c.addBulk(string: cmd.fullName)
                c.addRESPValue(docsEntry(cmd))
            }
            return
        }
        var found: [Command] = []
        for i in 2..<c.argc {
            if let cmd = lookupCommand(fullName: c.argString(i)) { found.append(cmd) }
        }
        c.addMapLen(found.count)
        for cmd in found {
            c.addBulk(string: cmd.fullName)
            c.addRESPValue(docsEntry(cmd))
        }
    }

    // MARK: LIST

    /// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern].
    func commandListCommand(_ c: Client) {
        var filter: (Command) -> Bool = { _ in true }
        if c.argc == 5 && c.argIs(2, "filterby") {
            let value = c.argBytes(4)
            if c.argIs(3, "module") {
                filter = { _ in false }
            } else if c.argIs(3, "aclcat") {
                let category = "@" + String(decoding: value, as: UTF8.self).lowercased()
                filter = { $0.meta.aclCategories.contains(category) }
            } else if c.argIs(3, "pattern") {
                filter = { cmd in stringMatch(value, Array(cmd.fullName.utf8), nocase: true) }
            } else {
                c.addErrorSyntax()
                return
            }
        } else if c.argc != 2 {
            c.addErrorSyntax()
            return
        }
        var names: [String] = []
        for cmd in commands.all {
            if filter(cmd) { names.append(cmd.fullName) }
            for sub in implementedSubcommands(cmd) where filter(sub) { names.append(sub.fullName) }
        }
        c.addArrayLen(names.count)
        for n in names { c.addBulk(string: n) }
    }

    // MARK: GETKEYS

    func commandGetKeysCommand(_ c: Client, withFlags: Bool) {
        let argv = Array(c.argv[2...])
        guard let cmd = lookupCommand(argv: argv) else {
            c.addError("ERR Invalid command specified")
            return
        }
        let specs = KeySpec.parse(cmd.meta.info)
        if cmd.getKeys == nil && !specs.contains(where: { !$0.flags.contains("not_key") }) {
            c.addError("ERR The command has no key arguments")
            return
        }
        if (cmd.arity > 0 && cmd.arity != argv.count) || argv.count < -cmd.arity {
            c.addError("ERR Invalid number of arguments specified for command")
            return
        }
        let keys = extractKeys(cmd, specs, argv)
        if keys.isEmpty {
            if cmd.flags.contains(.noMandatoryKeys) {
                c.addEmptyArray()
            } else {
                c.addError("ERR Invalid arguments specified for command")
            }
            return
        }
        c.addArrayLen(keys.count)
        for k in keys {
            if withFlags {
                c.addArrayLen(2)
                c.addBulk(argv[k.index])
                c.addSetLen(k.flags.count)
                for f in k.flags { c.addSimple(string: f) }
            } else {
                c.addBulk(argv[k.index])
            }
        }
    }

    /// Keys of `argv` (argv[0] is the command name) with the flags of the spec that found them.
    func extractKeys(_ cmd: Command, _ specs: [KeySpec], _ argv: [UnsafeRawBufferPointer]) -> [(index: Int, flags: [String])] {
        if let special = Server.keysBySyntax(cmd.fullName, argv) { return special }
        var out: [(index: Int, flags: [String])] = []
        var valid = !specs.contains { $0.flags.contains("variable_flags") }
        if valid {
            for spec in specs where !spec.flags.contains("not_key") {
                guard let positions = spec.keys(in: argv) else {
                    valid = false
                    break
                }
                for p in positions { out.append((p, spec.flags)) }
            }
        }
        if valid { return out }
        guard let custom = cmd.getKeys else { return [] }
        return custom(argv).map { i in
            let spec = specs.first { if case .index(let p) = $0.begin { return p == i } else { return false } } ?? specs.first
            return (i, spec?.flags ?? [])
        }
    }
}

extension Server {
    /// Commands whose keys or key flags depend on their options, which key specs cannot
    /// say (Redis gives these commands their own key functions): SET (GET makes it read),
    /// BITFIELD (read-only unless SET/INCRBY), SORT (STORE), MIGRATE (KEYS).
    static func keysBySyntax(_ name: String, _ argv: [UnsafeRawBufferPointer]) -> [(index: Int, flags: [String])]? {
        func isArg(_ i: Int, _ word: String) -> Bool {
            let w = Array(word.utf8)
            return argv[i].count == w.count && zip(argv[i], w).allSatisfy { lower($0) == $1 }
        }
        let argc = argv.count
        switch name {
        case "set":
            let get = argc > 3 && (3..<argc).contains { isArg($0, "get") }
            return [(1, get ? ["RW", "access", "update"] : ["OW", "update"])]
        case "bitfield":
            var readonly = true
            var i = 2
            while i < argc {
                let remaining = argc - i - 1
                if isArg(i, "get") && remaining >= 2 {
                    i += 2
                } else if (isArg(i, "set") || isArg(i, "incrby")) && remaining >= 3 {
                    readonly = false
                    break
                } else if isArg(i, "overflow") && remaining >= 1 {
                    i += 1
                } else {
                    readonly = false
                    break
                }
                i += 1
            }
            return [(1, readonly ? ["RO", "access"] : ["RW", "access", "update"])]
        case "sort_ro":
            // SORT_RO never stores: its one key is read.
            return [(1, ["RO", "access"])]
        case "sort":
            var out: [(index: Int, flags: [String])] = [(1, ["RO", "access"])]
            var store: Int? = nil
            var i = 2
            while i < argc {
                if isArg(i, "limit") {
                    i += 2
                } else if isArg(i, "get") || isArg(i, "by") {
                    i += 1
                } else if isArg(i, "store") && i + 1 < argc {
                    store = i + 1
                }
                i += 1
            }
            if let s = store { out.append((s, ["OW", "update"])) }
            return out
        case "migrate":
            let flags = ["RW", "access", "delete"]
            var first = 3, count = 1
            if argc > 6 {
                var i = 6
                while i < argc {
                    if isArg(i, "keys") {
                        if argv[3].count > 0 { return [] }
                        first = i + 1
                        count = argc - first
                        break
                    }
                    if isArg(i, "auth") { i += 1 } else if isArg(i, "auth2") { i += 2 }
                    i += 1
                }
            }
            return (first..<(first + count)).map { ($0, flags) }
        default:
            return nil
        }
    }
}

/// One key spec of a command, as COMMAND INFO describes it.
struct KeySpec {
    enum Begin { case index(Int), keyword(String, startFrom: Int), unknown }
    enum Find { case range(lastKey: Int, step: Int, limit: Int), keyNum(index: Int, firstKey: Int, step: Int), unknown }
    var flags: [String]
    var begin: Begin
    var find: Find

    /// The key specs in a COMMAND INFO entry (element 8).
    static func parse(_ info: RESPValue) -> [KeySpec] {
        guard let fields = info.elements, fields.count > 8, let specs = fields[8].elements else { return [] }
        return specs.map { s in
            let flags = s[key: "flags"]?.elements?.compactMap(\.string) ?? []
            var begin = Begin.unknown
            if let bs = s[key: "begin_search"], let spec = bs[key: "spec"] {
                switch bs[key: "type"]?.string {
                case "index": begin = .index(Int(spec[key: "index"]?.int64 ?? 0))
                case "keyword":
                    begin = .keyword(spec[key: "keyword"]?.string ?? "", startFrom: Int(spec[key: "startfrom"]?.int64 ?? 0))
                default: break
                }
            }
            var find = Find.unknown
            if let fk = s[key: "find_keys"], let spec = fk[key: "spec"] {
                switch fk[key: "type"]?.string {
                case "range":
                    find = .range(lastKey: Int(spec[key: "lastkey"]?.int64 ?? 0), step: Int(spec[key: "keystep"]?.int64 ?? 1),
                                  limit: Int(spec[key: "limit"]?.int64 ?? 0))
                case "keynum":
                    find = .keyNum(index: Int(spec[key: "keynumidx"]?.int64 ?? 0), firstKey: Int(spec[key: "firstkey"]?.int64 ?? 1),
                                   step: Int(spec[key: "keystep"]?.int64 ?? 1))
                default: break
                }
            }
            return KeySpec(flags: flags, begin: begin, find: find)
        }
    }

    /// Argument indexes of this spec's keys; [] when its keyword is absent; nil when the
    /// spec cannot be applied to these arguments (Redis's invalid spec).
    func keys(in argv: [UnsafeRawBufferPointer]) -> [Int]? {
        let argc = argv.count
        var first = 0
        switch begin {
        case .index(let p):
            first = p
        case .keyword(let word, let startFrom):
            let target = Array(word.lowercased().utf8)
            let start = startFrom > 0 ? startFrom : argc + startFrom
            let end = startFrom > 0 ? argc - 1 : 1
            var i = start
            while true {
                if i >= argc || i < 1 { break }
                if argv[i].count == target.count && zip(argv[i], target).allSatisfy({ lower($0) == $1 }) {
                    first = i + 1
                    break
                }
                if i == end { break }
                i += start <= end ? 1 : -1
            }
            if first == 0 { return [] }
        case .unknown:
            return nil
        }
        var last = 0, step = 1
        switch find {
        case .range(let lastKey, let keyStep, let limit):
            if lastKey >= 0 {
                last = first + lastKey
            } else if limit == 0 {
                last = argc + lastKey
            } else {
                last = first + ((argc - first) / limit + lastKey)
            }
            step = keyStep
        case .keyNum(let index, let firstKey, let keyStep):
            guard first + index < argc, let n = parseStrictInt64(argv[first + index]), n >= 0 else { return nil }
            first += firstKey
            last = first + Int(n) - 1
            step = keyStep
        case .unknown:
            return nil
        }
        if last >= argc || last < first || first >= argc { return nil }
        return Array(stride(from: first, through: last, by: max(step, 1)))
    }
}

@inline(__always) private func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }

extension Client {
    /// Writes a reply held as a tree through the helpers (RESP3 types degrade for RESP2).
    func addRESPValue(_ v: RESPValue) {
        switch v {
        case .simple(let b): addSimple(string: String(decoding: b, as: UTF8.self))
        case .error(let b): addError(String(decoding: b, as: UTF8.self))
        case .integer(let i): addInt(i)
        case .bulk(let b): addBulk(b)
        case .null: addNull()
        case .array(let a):
            addArrayLen(a.count)
            for e in a { addRESPValue(e) }
        case .map(let a):
            addMapLen(a.count / 2)
            for e in a { addRESPValue(e) }
        case .set(let a):
            addSetLen(a.count)
            for e in a { addRESPValue(e) }
        case .push(let a):
            addPushLen(a.count)
            for e in a { addRESPValue(e) }
        case .double(let d): addDouble(d)
        case .boolean(let b): addBool(b)
        case .bigNumber(let b): addBulk(b)
        case .verbatim(_, let t): addVerbatim(String(decoding: t, as: UTF8.self))
        }
    }
}
