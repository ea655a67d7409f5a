// CommandCatalog: Redis 7.0.15's command metadata, parsed from committed data at start-up.
//
// What a command is, as clients see it (arity, flags, key positions, ACL categories, key
// specs, tips, subcommands, and the COMMAND DOCS text), is a fact of Redis's interface, not
// something to retype. scripts/gen-command-catalog.py asks a real redis-server for
// `COMMAND INFO` and `COMMAND DOCS` in RESP3 and commits the two replies byte for byte in
// CommandCatalogData.swift. This file parses them once into one CommandMeta per command; the
// server's command table (Command.swift) joins that with the handlers the command families
// register. See docs/command-table.md.
//
// Shape of the data (RESP3, as Redis 7.0 sends it):
//   COMMAND INFO: array of entries, each an array of 10:
//     name, arity, flags (set), first key, last key, step, ACL categories (set),
//     tips, key specs, subcommands (entries of the same shape, named "parent|sub")
//   COMMAND DOCS: map name -> map of summary, since, group, complexity, [doc_flags],
//     [deprecated_since], [replaced_by], [history], [arguments], [subcommands (same shape)]
// `info` and `docs` keep those trees whole, so COMMAND INFO / DOCS replies can be written
// from them as Redis writes them; the typed fields are what the dispatcher reads per call.
//
// Cost: ~260 KB of RESP parsed into trees, once per process: measured ~4 ms for the first
// call and ~2 ms warm in a release build on this machine (~15 ms / ~8 ms in debug). The data
// is trusted (committed and tested), so a parse failure is a build defect and stops the
// process.

import RESP

public struct CommandMeta: Sendable {
    /// Lowercase; subcommands are "parent|sub", e.g. "config|get".
    public let name: String
    /// Redis's arity: N = exactly N arguments counting the name, -N = at least N.
    public let arity: Int
    /// As Redis lists them, e.g. "write", "denyoom", "fast", "noscript", "movablekeys".
    public let flags: [String]
    /// Legacy key positions: first key index (0 = no keys), last (-1 = last argument), step.
    public let firstKey: Int, lastKey: Int, step: Int
    /// "@keyspace", "@read", "@slow", ...
    public let aclCategories: [String]
    /// The whole COMMAND INFO entry (10 elements; subcommand entries included).
    public let info: RESPValue
    /// The COMMAND DOCS value for this command (a map), or nil if Redis has none.
    public let docs: RESPValue?
    /// The docs' "group": "string", "generic", "server", "connection", ...
    public let group: String
    /// For container commands (CONFIG, CLIENT, XINFO, ...), sorted by name.
    public let subcommands: [CommandMeta]

    public init(name: String, arity: Int, flags: [String], firstKey: Int, lastKey: Int,
                step: Int, aclCategories: [String], info: RESPValue, docs: RESPValue?,
                group: String, subcommands: [CommandMeta]) {
        self.name = name
        self.arity = arity
        self.flags = flags
        self.firstKey = firstKey
        self.lastKey = lastKey
        self.step = step
        self.aclCategories = aclCategories
        self.info = info
        self.docs = docs
        self.group = group
        self.subcommands = subcommands
    }

    public func hasFlag(_ flag: String) -> Bool { flags.contains(flag) }
}

public enum CommandCatalog {
    /// The redis-server version the catalog was generated from.
    public static var redisVersion: String { CommandCatalogData.redisVersion }

    /// All Redis 7.0.15 commands keyed by lowercase name (top-level only; subcommands inside).
    /// Parses the committed replies on every call: call it once at start-up and keep the result.
    public static func load() -> [String: CommandMeta] {
        do {
            return try build(info: joined(CommandCatalogData.commandInfo),
                             docs: joined(CommandCatalogData.commandDocs))
        } catch {
            fatalError("CommandCatalogData.swift is corrupt (regenerate it): \(error)")
        }
    }

    /// Why the catalog bytes could not be turned into CommandMeta values.
    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The catalog from raw RESP3 `COMMAND INFO` and `COMMAND DOCS` replies (what `load()` does
    /// with the committed data; exposed so tests can feed a live server's replies).
    public static func build(info: [UInt8], docs: [UInt8]) throws -> [String: CommandMeta] {
        let parser = RESPValueParser(maxDepth: 64)
        guard let (infoTree, n1) = try parser.parse(info), n1 == info.count,
              let (docsTree, n2) = try parser.parse(docs), n2 == docs.count
        else { throw FormatError(description: "a reply is truncated or has trailing bytes") }
        guard case .array(let entries) = infoTree, case .map(let docPairs) = docsTree else {
            throw FormatError(description: "COMMAND INFO must be an array, COMMAND DOCS a map")
        }
        let docsByName = try docsIndex(docPairs)
        var out: [String: CommandMeta] = [:]
        out.reserveCapacity(entries.count)
        for entry in entries {
            let meta = try makeMeta(entry, docs: docsByName)
            out[meta.name] = meta
        }
        return out
    }

    // MARK: - Internals

    private static func joined(_ chunks: [StaticString]) -> [UInt8] {
        var total = 0
        for c in chunks { total += c.utf8CodeUnitCount }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        for c in chunks { c.withUTF8Buffer { bytes.append(contentsOf: $0) } }
        return bytes
    }

    /// COMMAND DOCS's flattened name/value pairs as a dictionary.
    private static func docsIndex(_ pairs: [RESPValue]) throws -> [String: RESPValue] {
        var index: [String: RESPValue] = [:]
        index.reserveCapacity(pairs.count / 2)
        var i = 0
        while i + 1 < pairs.count {
            guard let name = pairs[i].string else {
                throw FormatError(description: "COMMAND DOCS key \(pairs[i]) is not a string")
            }
            index[name.lowercased()] = pairs[i + 1]
            i += 2
        }
        return index
    }

    private static func makeMeta(_ entry: RESPValue, docs: [String: RESPValue]) throws -> CommandMeta {
        guard case .array(let f) = entry, f.count == 10,
              let name = f[0].string?.lowercased(),
              let arity = f[1].int64, let first = f[3].int64, let last = f[4].int64,
              let step = f[5].int64
        else { throw FormatError(description: "bad COMMAND INFO entry: \(entry)") }
        let doc = docs[name]
        var subs: [CommandMeta] = []
        if let subEntries = f[9].elements, !subEntries.isEmpty {
            // Subcommand docs live in the parent's docs under "subcommands".
            var subDocs: [String: RESPValue] = [:]
            if case .map(let pairs)? = doc?[key: "subcommands"] { subDocs = try docsIndex(pairs) }
            subs = try subEntries.map { try makeMeta($0, docs: subDocs) }
            subs.sort { $0.name < $1.name }
        }
        return CommandMeta(
            name: name,
            arity: Int(arity),
            flags: try strings(f[2], "flags of \(name)"),
            firstKey: Int(first), lastKey: Int(last), step: Int(step),
            aclCategories: try strings(f[6], "ACL categories of \(name)"),
            info: entry,
            docs: doc,
            group: doc?[key: "group"]?.string ?? "",
            subcommands: subs)
    }

    private static func strings(_ v: RESPValue, _ what: String) throws -> [String] {
        guard let elements = v.elements else { throw FormatError(description: "\(what): not a list") }
        return try elements.map {
            guard let s = $0.string else { throw FormatError(description: "\(what): \($0) is not a string") }
            return s
        }
    }
}
