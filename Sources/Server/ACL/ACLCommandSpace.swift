// ACLCommandSpace: the commands ACL rules talk about, each with a small integer id, and
// the 21 command categories (Redis's acl.c ACLCommandCategories, in Redis's order).
//
// ACL rules are checked against the command *catalog* (Redis 7.0.15's own COMMAND INFO,
// plus StructD's rows), not against the handlers this server happens to implement: Redis
// accepts `+geoadd` and lists GEOADD in `ACL CAT geo` whatever is implemented, and rules
// name commands by their original names even after rename-command (Redis's
// server.orig_commands). Every command and every subcommand ("config|get") gets an id;
// a selector's permission bitmap has one bit per id. Ids follow the catalog sorted by
// name, subcommands right after their container, so they are stable for a build.
//
// Categories come from each row's ACL categories ("@read", "@slow"...), as Redis's
// command table has them. A container (CONFIG, CLIENT...) has its own categories (usually
// just @slow); `+@slow` therefore allows every subcommand of every @slow container, as in
// Redis (ACLChangeSelectorPerm on a container covers its subcommands).
//
// Rows that only StructD has (TXN.*, SCRIPT ALIAS...) are marked `isExtension`: rules can
// name them and categories include them, but the category-fit heuristic that describes a
// user (ACLDescription.swift) does not count them, so a user built from Redis's commands
// alone is described with the same categories Redis would choose.
//
// Built once per process from the committed catalog data (immutable afterwards, Sendable).

import RESP

/// Redis's ACL command categories, in Redis's order (ACL CAT lists them in this order;
/// the describe heuristic tries them in this order).
let aclCategoryNames: [String] = [
    "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
    "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
    "connection", "transaction", "scripting",
]

/// The bit of a category name (case-insensitive), or 0 when there is no such category.
func aclCategoryBit(_ name: some Sequence<UInt8>) -> UInt32 {
    let lowered = String(decoding: name.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    guard let i = aclCategoryNames.firstIndex(of: lowered) else { return 0 }
    return 1 << UInt32(i)
}

/// How a command names pub/sub channels (Redis's commands_with_channels table).
enum ACLChannelUse: Sendable {
    case none
    /// argv[1] is a channel published to.
    case publish
    /// Every argument from 1 is a channel (subscribe) or a pattern (psubscribe).
    case subscribe(pattern: Bool)
}

struct ACLCommandInfo: Sendable {
    let id: Int
    /// Lowercase, "config|get" for subcommands.
    let fullName: String
    let parent: Int?
    var subcommands: [Int]
    let categories: UInt32
    /// Commands allowed before authentication skip the command-bit check (Redis's CMD_NO_AUTH).
    let noAuth: Bool
    let isExtension: Bool
    let channels: ACLChannelUse
}

final class ACLCommandSpace: Sendable {
    /// Built on first use from the committed catalog.
    static let shared: ACLCommandSpace = {
        let redis = CommandCatalog.load()
        return ACLCommandSpace(catalog: StructDCommandMeta.merged(into: redis), redis: redis)
    }()

    let commands: [ACLCommandInfo]
    /// Top-level command ids, sorted by name.
    let topLevel: [Int]
    private let byName: [String: Int]
    /// 64-bit words in a permission bitmap.
    let wordCount: Int
    /// Per category (bit index): the ids in it, and those of Redis's own commands only
    /// (what the describe heuristic counts).
    let members: [[Int]]
    let redisMembers: [[Int]]

    init(catalog: [String: CommandMeta], redis: [String: CommandMeta]) {
        var list: [ACLCommandInfo] = []
        var names: [String: Int] = [:]
        var tops: [Int] = []
        func categories(_ meta: CommandMeta) -> UInt32 {
            meta.aclCategories.reduce(0) { $0 | aclCategoryBit($1.utf8.dropFirst()) }
        }
        for (name, meta) in catalog.sorted(by: { $0.key < $1.key }) {
            let redisRow = redis[name]
            let ext = redisRow == nil
            let id = list.count
            let use: ACLChannelUse
            switch name {
            case "publish", "spublish": use = .publish
            case "subscribe", "ssubscribe": use = .subscribe(pattern: false)
            case "psubscribe": use = .subscribe(pattern: true)
            default: use = .none
            }
            list.append(ACLCommandInfo(id: id, fullName: name, parent: nil, subcommands: [],
                                       categories: categories(meta), noAuth: meta.hasFlag("no_auth"),
                                       isExtension: ext, channels: use))
            names[name] = id
            tops.append(id)
            for sub in meta.subcommands.sorted(by: { $0.name < $1.name }) {
                let sid = list.count
                let subExt = !(redisRow?.subcommands.contains { $0.name == sub.name } ?? false)
                list.append(ACLCommandInfo(id: sid, fullName: sub.name, parent: id, subcommands: [],
                                           categories: categories(sub), noAuth: sub.hasFlag("no_auth"),
                                           isExtension: subExt, channels: .none))
                list[id].subcommands.append(sid)
                names[sub.name] = sid
            }
        }
        commands = list
        topLevel = tops
        byName = names
        wordCount = (list.count + 63) / 64
        members = aclCategoryNames.indices.map { j in list.filter { $0.categories & (1 << UInt32(j)) != 0 }.map(\.id) }
        redisMembers = aclCategoryNames.indices.map { j in
            list.filter { $0.categories & (1 << UInt32(j)) != 0 && !$0.isExtension }.map(\.id)
        }
    }

    /// Redis's lookupCommandBySds on the original table: "name" or "container|sub"
    /// (case-insensitive); nil for anything else (more than one '|', unknown names, a
    /// '|' after a command without subcommands).
    func lookup(_ name: some Collection<UInt8>) -> ACLCommandInfo? {
        let lowered = String(decoding: name.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
        let parts = lowered.split(separator: "|", omittingEmptySubsequences: false)
        if parts.count > 2 { return nil }
        guard let id = byName[lowered] else { return nil }
        return commands[id]
    }

    func id(ofFullName name: String) -> Int? { byName[name] }
}
