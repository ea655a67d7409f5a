// The command table and the single execution path.
//
// Every command is declared once, as data: its metadata row (name, arity, flags, key
// positions, ACL categories, key specs, docs) comes from the command catalog (Redis
// 7.0's own interface description, see docs/command-table.md), and each command family
// file binds handlers to names. From that one table we derive:
//   - dispatch (case-insensitive lookup of argv[0], then of the subcommand),
//   - the unknown-command, unknown-subcommand and arity errors,
//   - COMMAND / COMMAND INFO / DOCS / COUNT / LIST / GETKEYS output,
//   - key extraction (first/last/step), and flag checks (write, denyoom, noscript...).
//
// processCommand() checks, call() executes: EXEC and scripts go through call() too,
// so statistics, the dirty counter, MONITOR feeds and the slow log live in one place.

import RESP
import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

/// A command's implementation. Thin (no context): handlers capture nothing, so calling one
/// through the table costs no reference counting of a closure context, and the value is
/// stored as is in the families' arrays and the table instead of behind reabstraction thunks
/// (docs/architecture.md, "Reference counting on the request path").
public typealias CommandHandler = @convention(thin) (Server, Client) -> Void

public struct CommandFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// May modify the keyspace.
    public static let write = CommandFlags(rawValue: 1 << 0)
    /// Reads data only.
    public static let readonly = CommandFlags(rawValue: 1 << 1)
    /// May grow memory: refused with OOM when over maxmemory under noeviction.
    public static let denyoom = CommandFlags(rawValue: 1 << 2)
    /// Administrative: refused to scripts and under some ACLs.
    public static let admin = CommandFlags(rawValue: 1 << 3)
    public static let pubsub = CommandFlags(rawValue: 1 << 4)
    /// Not callable from Lua scripts.
    public static let noscript = CommandFlags(rawValue: 1 << 5)
    public static let blocking = CommandFlags(rawValue: 1 << 6)
    public static let loading = CommandFlags(rawValue: 1 << 7)
    public static let stale = CommandFlags(rawValue: 1 << 8)
    public static let skipMonitor = CommandFlags(rawValue: 1 << 9)
    public static let skipSlowlog = CommandFlags(rawValue: 1 << 10)
    /// O(1) or O(log n): never blocks the server noticeably.
    public static let fast = CommandFlags(rawValue: 1 << 11)
    /// Allowed before authentication (AUTH, HELLO, QUIT...).
    public static let noAuth = CommandFlags(rawValue: 1 << 12)
    public static let mayReplicate = CommandFlags(rawValue: 1 << 13)
    /// Not allowed inside MULTI.
    public static let noMulti = CommandFlags(rawValue: 1 << 14)
    /// Allowed while a script is busy (SCRIPT KILL, SHUTDOWN NOSAVE...).
    public static let allowBusy = CommandFlags(rawValue: 1 << 15)
    /// Key positions cannot be derived from first/last/step alone.
    public static let movableKeys = CommandFlags(rawValue: 1 << 16)
    public static let noMandatoryKeys = CommandFlags(rawValue: 1 << 17)

    static func from(names: [String]) -> CommandFlags {
        var f: CommandFlags = []
        for n in names {
            switch n {
            case "write": f.insert(.write)
            case "readonly": f.insert(.readonly)
            case "denyoom": f.insert(.denyoom)
            case "admin": f.insert(.admin)
            case "pubsub": f.insert(.pubsub)
            case "noscript": f.insert(.noscript)
            case "blocking": f.insert(.blocking)
            case "loading": f.insert(.loading)
            case "stale": f.insert(.stale)
            case "skip_monitor": f.insert(.skipMonitor)
            case "skip_slowlog": f.insert(.skipSlowlog)
            case "fast": f.insert(.fast)
            case "no_auth": f.insert(.noAuth)
            case "may_replicate": f.insert(.mayReplicate)
            case "no_multi": f.insert(.noMulti)
            case "allow_busy": f.insert(.allowBusy)
            case "movablekeys": f.insert(.movableKeys)
            case "no_mandatory_keys": f.insert(.noMandatoryKeys)
            default: break
            }
        }
        return f
    }
}

public final class Command {
    public let name: String
    /// "config|get" for subcommands, as Redis names them in errors and stats.
    public let fullName: String
    public let arity: Int
    public let flags: CommandFlags
    public let firstKey: Int
    public let lastKey: Int
    public let step: Int
    public let meta: CommandMeta
    public let handler: CommandHandler?
    public weak var parent: Command?
    public var subcommands: [String: Command] = [:]
    /// Bit of this command in ACL permission bitmaps (ACL/ACLCommandSpace.swift).
    var aclId = 0
    /// Custom key extraction for movable-key commands (returns argument indexes).
    public var getKeys: (([UnsafeRawBufferPointer]) -> [Int])?

    // INFO commandstats.
    var calls: Int64 = 0
    var microseconds: Int64 = 0
    var rejectedCalls: Int64 = 0
    var failedCalls: Int64 = 0
    /// INFO latencystats: per-command latency distribution, created on the first call.
    var latencyHistogram: LatencyHistogram? = nil

    init(meta: CommandMeta, fullName: String, handler: CommandHandler?) {
        name = meta.name.split(separator: "|").last.map(String.init) ?? meta.name
        self.fullName = fullName
        arity = meta.arity
        flags = CommandFlags.from(names: meta.flags)
        firstKey = meta.firstKey
        lastKey = meta.lastKey
        step = meta.step
        self.meta = meta
        self.handler = handler
    }

    public var isWrite: Bool { flags.contains(.write) }

    /// Argument indexes of the keys of a call with `argv` (COMMAND GETKEYS, WATCH-style users).
    public func keyIndexes(_ argv: [UnsafeRawBufferPointer]) -> [Int] {
        if let g = getKeys { return g(argv) }
        if firstKey <= 0 { return [] }
        let last = lastKey < 0 ? argv.count + lastKey : lastKey
        var out: [Int] = []
        var i = firstKey
        while i <= last && i < argv.count {
            out.append(i)
            i += max(step, 1)
        }
        return out
    }
}

/// Looks commands up by name, case-insensitively, without allocating.
public final class CommandTable {
    private let byName = Dict<Command>()
    public private(set) var all: [Command] = []

    init() {}

    func add(_ c: Command) {
        byName.set(RStr(c.name.lowercased()), c)
        all.append(c)
    }

    public func lookup(_ name: UnsafeRawBufferPointer) -> Command? {
        if name.count > 64 || name.count == 0 { return nil }
        var buf: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buf) { b in
            for i in 0..<name.count {
                let c = name[i]
                b[i] = (c >= 65 && c <= 90) ? c + 32 : c
            }
            return byName.find(UnsafeRawBufferPointer(rebasing: b[0..<name.count]))?.value
        }
    }

    public func lookup(_ name: String) -> Command? {
        var s = name
        return s.withUTF8 { lookup(UnsafeRawBufferPointer($0)) }
    }

    public var count: Int { all.count }

    /// rename-command: the command answers to `newName` instead of `name` from now on;
    /// an empty `newName` removes it. Lookups only: `all` (COMMAND output) keeps it.
    func rename(_ name: String, to newName: String) {
        guard let c = byName.remove(RStr(name.lowercased())) else { return }
        if !newName.isEmpty { _ = byName.set(RStr(newName.lowercased()), c) }
    }
}

extension Server {
    /// Builds the table from the catalog and the families' handler lists. A handler with
    /// no catalog row is a programming error caught at start-up (and by tests).
    static func buildCommandTable() -> CommandTable {
        // StructD's own rows (TXN.*, SCRIPT ALIAS...) join Redis's (StructDCommandMeta.swift).
        let catalog = StructDCommandMeta.merged(into: CommandCatalog.load())
        var handlers: [String: CommandHandler] = [:]
        for family in Server.commandFamilies() {
            for (name, h) in family {
                precondition(handlers[name] == nil, "command \(name) registered twice")
                handlers[name] = h
            }
        }
        let table = CommandTable()
        for (name, meta) in catalog.sorted(by: { $0.key < $1.key }) {
            let own = handlers[name]
            var subs: [String: Command] = [:]
            for sm in meta.subcommands {
                if let sh = handlers[sm.name] {
                    subs[sm.name.split(separator: "|").last.map { String($0).lowercased() } ?? sm.name] =
                        Command(meta: sm, fullName: sm.name, handler: sh)
                }
            }
            if own == nil && subs.isEmpty { continue }
            let c = Command(meta: meta, fullName: name, handler: own)
            c.subcommands = subs
            for s in subs.values { s.parent = c }
            table.add(c)
        }
        let known = Set(catalog.keys).union(catalog.values.flatMap { $0.subcommands.map(\.name) })
        for name in handlers.keys where !known.contains(name) {
            fatalError("handler for '\(name)' has no command catalog row")
        }
        return table
    }

    /// The command families, each a list of (catalog name, handler).
    static func commandFamilies() -> [[(String, CommandHandler)]] {
        [
            connectionCommands(),
            clientCommands(),
            serverCommands(),
            keyCommands(),
            expireCommands(),
            stringCommands(),
            bitmapCommands(),
            listCommands(),
            hashCommands(),
            setCommands(),
            zsetCommands(),
            blockingCommands(),
            sortCommands(),
            transactionCommands(),
            pubsubCommands(),
            trackingCommands(),
            latencyCommands(),
            persistenceCommands(),
            scriptingCommands(),
            functionCommands(),
            structdScriptingCommands(),
            aclCommands(),
            moduleCommands(),
        ]
    }
}
