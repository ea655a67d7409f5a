// ACL against Redis 7.0.15: users and their rules (ACL SETUSER / GETUSER / LIST / USERS /
// DELUSER / CAT / DRYRUN / LOG / WHOAMI / GENPASS / HELP), authentication as ACL users,
// NOPERM errors at the top level, inside MULTI/EXEC and from scripts, and selectors.
//
// Everything is differential (same steps to structd-server and redis-server). Two things
// legitimately differ and are compared loosely:
//   - the order of single-command rules in ACL LIST / GETUSER: Redis emits them while
//     walking its command hash table, whose order changes from process to process, so
//     those rules are compared as a multiset per selector (everything else in the line,
//     categories included, in order);
//   - ACL LOG's age-seconds and the volatile parts of client-info (id, ports, fd, ages,
//     buffer sizes); count, reason, context, object, username and the client's cmd=,
//     user=, flags= and db= fields are compared.
// ACL CAT <category> is compared as a set, without StructD's own commands (TXN.*, SCRIPT
// ALIAS...).

import Foundation
import RESP
import Testing

// MARK: comparison helpers

/// Rules text with single-command rules ("+get", "-config|set", "+select|0") sorted within
/// each selector, so two descriptions of the same rules compare equal.
func normalizedACLRules(_ text: String) -> String {
    var segments: [[String]] = [[]]
    for raw in text.split(separator: " ", omittingEmptySubsequences: false) {
        var token = String(raw)
        var closes = false
        if token.hasPrefix("(") {
            segments.append([])
            token.removeFirst()
        }
        if token.hasSuffix(")") {
            closes = true
            token.removeLast()
        }
        segments[segments.count - 1].append(token)
        if closes { segments.append([]) }
    }
    return segments.filter { !$0.isEmpty }.map { seg -> String in
        let isSingle = { (t: String) in (t.hasPrefix("+") || t.hasPrefix("-")) && !t.contains("@") }
        let fixed = seg.filter { !isSingle($0) }
        // StructD's own commands (TXN.*, SCRIPT ALIAS...) have rules Redis cannot have.
        let singles = seg.filter(isSingle).filter { !aclExtensionNames.contains(String($0.dropFirst())) }.sorted()
        return (fixed + ["|"] + singles).joined(separator: " ")
    }.joined(separator: " / ")
}

/// Replaces every "commands" value (bulk after a "commands" bulk) and every bulk that
/// looks like a user line with its normalized form, recursively.
private func normalizeACLValue(_ v: RESPValue) -> RESPValue {
    switch v {
    case .array(let items), .map(let items), .set(let items):
        var out: [RESPValue] = []
        var previousWasCommands = false
        for item in items {
            if previousWasCommands, let s = item.string {
                out.append(.bulk(Array(normalizedACLRules(s).utf8)))
            } else if let s = item.string, s.hasPrefix("user ") {
                out.append(.bulk(Array(normalizedACLRules(s).utf8)))
            } else {
                out.append(normalizeACLValue(item))
            }
            previousWasCommands = item.string == "commands"
        }
        switch v {
        case .map: return .map(out)
        case .set: return .set(out)
        default: return .array(out)
        }
    default:
        return v
    }
}

/// ACL LIST / GETUSER replies: equal up to the order of single-command rules.
let aclRulesCompare = Comparison.custom { expected, actual in
    guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual) else { return expected == actual }
    return normalizeACLValue(e) == normalizeACLValue(a)
}

/// StructD's own commands and subcommands (StructDCommandMeta.swift): not in Redis's catalog.
let aclExtensionNames: Set<String> = ["txn.eval", "txn.esha", "txn.multi", "script|alias", "script|unalias", "script|aliases"]

/// ACL CAT <category>: the same set of names, StructD's own commands left out.
let aclCatCompare = Comparison.custom { expected, actual in
    guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual),
          let en = e.elements?.compactMap(\.string), let an = a.elements?.compactMap(\.string)
    else { return expected == actual }
    let redisOnly = an.filter { !aclExtensionNames.contains($0) }
    return Set(en) == Set(redisOnly) && en.count == redisOnly.count
}

/// The fields of a CLIENT LIST line that do not depend on timing, ports or buffer sizes.
func stableClientInfo(_ line: String) -> String {
    let keep: Set<String> = ["name", "flags", "db", "sub", "psub", "ssub", "multi", "cmd", "user", "resp", "redir"]
    return line.split(separator: " ").filter { field in
        guard let eq = field.firstIndex(of: "=") else { return false }
        return keep.contains(String(field[..<eq]))
    }.joined(separator: " ")
}

/// ACL LOG replies: same entries, ignoring age-seconds and volatile client-info fields.
let aclLogCompare = Comparison.custom { expected, actual in
    guard let e = try? RESPValue.decode(expected), let a = try? RESPValue.decode(actual) else { return expected == actual }
    func stable(_ v: RESPValue) -> RESPValue {
        guard let entries = v.elements else { return v }
        return .array(entries.map { entry -> RESPValue in
            guard let fields = entry.elements else { return entry }
            var out: [RESPValue] = []
            var i = 0
            while i + 1 < fields.count {
                let key = fields[i].string ?? ""
                out.append(fields[i])
                switch key {
                case "age-seconds": out.append(.null)
                case "client-info": out.append(.bulk(Array(stableClientInfo(fields[i + 1].string ?? "").utf8)))
                default: out.append(fields[i + 1])
                }
                i += 2
            }
            return .array(out)
        })
    }
    return stable(e) == stable(a)
}

/// A reply that is a bulk string of `length` lowercase hex digits (ACL GENPASS).
func hexBulk(length: Int) -> Comparison {
    .custom { _, actual in
        guard let v = try? RESPValue.decode(actual), let s = v.string else { return false }
        return s.count == length && s.allSatisfy { "0123456789abcdef".contains($0) }
    }
}

private func setuser(_ name: String, _ rules: String...) -> DiffStep {
    DiffStep(["ACL", "SETUSER", name] + rules)
}

private func getuser(_ name: String) -> DiffStep {
    DiffStep(["ACL", "GETUSER", name], compare: aclRulesCompare)
}

private let aclList = DiffStep(["ACL", "LIST"], compare: aclRulesCompare)

// MARK: tests

@Suite("ACL", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct ACLTests {
    /// Rule sets covering every rule kind, read back with GETUSER and LIST.
    static let ruleSets: [[String]] = [
        ["on", ">pa", "~a*", "%R~r*", "%W~w*", "&ch*", "-@all", "+@string", "+@list", "-append", "+client|id",
         "+select|0", "+select|1"],
        ["on", "nopass", "allkeys", "allchannels", "allcommands", "-@dangerous"],
        ["off", "#0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "resetkeys", "~x",
         "(+get ~y)", "(+set %W~z)"],
        ["on", "nopass", "+@all", "-@write", "+set", "~*"],
        ["on", "nopass", "-@all", "+@read", "+@write", "-@keyspace", "+del"],
        ["reset"],
        ["on", "nopass", "+@all", "-@slow"],
        ["on", "nopass", "+@all", "-@fast", "+get"],
        ["on", "nopass", "-@all", "+@admin"],
        ["on", "nopass", "-@all", "+@pubsub", "+@connection", "+@transaction", "+@scripting"],
        ["on", "nopass", "nocommands", "+config|get", "+config|set", "+client", "+acl|whoami", "-client|kill"],
        ["on", "nopass", "+@all", "-config", "+config|get"],
        ["on", "nopass", "-@all", "+@read", "-get", "+get", "+config"],
        ["%R", "%rw~x", "%W~x", "%R~y", "~", "&", "%WR~z", "~z"],
        ["ON", "NOPASS", "+GET", "+@READ", "~K", "RESETCHANNELS", "&A", "ALLCHANNELS"],
        ["on", ">p1", ">p2", "<p1", ">p3", "#9513229d435978263d82902c59d4e0fb86c941a9bf09b605cd8a6643f40149a8",
         "!9513229d435978263d82902c59d4e0fb86c941a9bf09b605cd8a6643f40149a8"],
        ["skip-sanitize-payload", "sanitize-payload", "skip-sanitize-payload"],
        ["+@all", "-@all", "+get|x", "+get|X", "+get|y"],
        ["-@all", "+get|a", "+get", "-get", "+get|b"],
        ["(", "+get", "~k1", ")", "(+set", "%R~k2)", "(", ")"],
        ["+@hash", "+@set", "+@sortedset", "-hdel", "-@fast", "+zadd", "+@geo", "+@hyperloglog", "+@bitmap"],
        ["+@all", "-@keyspace", "-@read", "-@write", "+ping", "-flushall", "-debug"],
        ["+@all", "-@admin", "-@dangerous", "-@blocking", "+blpop"],
        ["-@all", "+@stream", "+@blocking", "-xadd", "+@connection"],
        ["+@all", "-@pubsub", "+publish", "resetchannels", "&news.*", "&alerts"],
        ["+@all", "-script", "+script|load", "-function", "+function|list"],
        ["clearselectors", "(~a* +@read)", "(~b* +@write)", "clearselectors", "(%R~c* -@all +get)"],
        ["", "on", ""],
    ]

    @Test func rulesReadBackAsRedisDescribesThem() throws {
        var steps: [DiffStep] = [aclList, ["ACL", "USERS"], getuser("default"), getuser("nobody")]
        for (i, rules) in Self.ruleSets.enumerated() {
            let name = "u\(i)"
            steps.append(DiffStep(["ACL", "SETUSER", name] + rules))
            steps.append(getuser(name))
        }
        steps += [aclList, ["ACL", "USERS"], ["ACL", "WHOAMI"]]
        // Changing an existing user keeps what the new rules do not touch.
        steps += [setuser("u0", "-@list", "+lpush"), getuser("u0"), setuser("u3", "resetkeys", "%R~q"), getuser("u3"),
                  setuser("u1", "reset"), getuser("u1"), setuser("default", "-debug"), getuser("default"),
                  setuser("default", "+debug"), getuser("default")]
        steps += [["ACL", "DELUSER", "u0", "u1", "nosuch"], ["ACL", "DELUSER", "u2", "default"],
                  ["ACL", "DELUSER", "nosuch"], ["ACL", "USERS"], aclList]
        try Differential().check(steps)
    }

    @Test func ruleErrorsMatchRedis() throws {
        let bad: [[String]] = [
            ["%"], ["%~x"], ["%RR~x"], ["%X~x"], ["~a b"], ["&a b"], ["~a\tb"], ["+"], ["-"], ["+@"], ["-@"],
            ["+@nosuch"], ["-@nosuch"], ["+nosuch"], ["-nosuch"], ["+config|"], ["+config|nosuch"],
            ["+config|get|x"], ["-select|0"], ["-get|x"], ["+|x"], ["bogus"], ["on", "bogus"], ["#abc"],
            ["#0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"], ["!abc"], ["<nothere"],
            ["!0000000000000000000000000000000000000000000000000000000000000000"],
            ["~x", "allkeys", "~y"], ["allchannels", "&y"], ["~*", "%R~y"], ["&*", "&z"],
            ["(+get ~x"], ["on", "(+get"], ["a", "b", "(+get", "~x"], ["(on)"], ["(+nosuch)"], ["(~a b)"],
            ["(", "+get"], ["+get", ")"], ["(+get ~k) (on)"],
        ]
        var steps: [DiffStep] = [setuser("e", "on", "~k", "+get")]
        for rules in bad {
            steps.append(DiffStep(["ACL", "SETUSER", "e"] + rules))
            steps.append(getuser("e"))   // nothing changed
        }
        steps += [setuser("with space"), setuser("tab\tname"), DiffStep(["ACL", "SETUSER", "nul\u{0}name"]),
                  setuser(""), getuser(""), ["ACL", "USERS"]]
        try Differential().check(steps)
    }

    /// ACL DRYRUN over a matrix of users and calls: commands, first-args, subcommands, key
    /// permissions per key spec (read, write, neither), channels and patterns, selectors.
    @Test func dryRunMatchesRedis() throws {
        let users: [(String, [String])] = [
            ("a", ["on", "~a*", "%R~r*", "%W~w*", "&ch*", "-@all", "+@string", "+@list", "+@keyspace", "-append",
                   "+client|id", "+select|0", "+publish", "+subscribe", "+psubscribe", "+spublish", "+ssubscribe"]),
            ("c", ["on", "resetkeys", "~x", "(+get ~y)", "(+set %W~z)", "(+@read %R~*)"]),
            ("d", ["on", "+@all", "-@write", "+set", "~*"]),
            ("e", ["on", "-@all", "+@read", "+@write", "-@keyspace", "+del", "%R~*", "%W~out*"]),
            ("k", ["on", "nocommands", "+config|get", "+client", "+acl|whoami", "-client|kill", "allkeys"]),
            ("n", ["on", "+@all", "resetkeys", "resetchannels"]),
        ]
        let calls: [[String]] = [
            ["get", "a1"], ["get", "r1"], ["get", "w1"], ["get", "x"], ["get", "y"], ["get", "z"],
            ["set", "a1", "v"], ["set", "r1", "v"], ["set", "w1", "v"], ["set", "z", "v"], ["set", "y", "v"],
            ["set", "w1", "v", "GET"], ["append", "a1", "v"], ["lpush", "a1", "v"], ["lpush", "w1", "v"],
            ["lmove", "a1", "w1", "left", "right"], ["lmove", "r1", "w1", "left", "right"],
            ["lmove", "w1", "r1", "left", "right"], ["rpoplpush", "r1", "w1"], ["select", "0"], ["select", "1"],
            ["client", "id"], ["client", "list"], ["client", "kill", "id", "1"], ["config", "get", "x"],
            ["config", "set", "x", "y"], ["config", "resetstat"], ["acl", "whoami"], ["acl", "list"],
            ["mget", "a1", "r1", "w1", "x"], ["mset", "a1", "1", "w1", "2", "r1", "3"], ["getrange", "r1", "0", "1"],
            ["exists", "q"], ["exists", "a1", "r1"], ["type", "w9"], ["del", "w1"], ["del", "r1"], ["unlink", "out1"],
            ["copy", "r1", "w2"], ["copy", "w1", "r2"], ["rename", "r1", "w1"], ["sort", "r1"],
            ["sort", "r1", "STORE", "w1"], ["sort", "a1", "STORE", "r2"], ["bitfield", "r1", "GET", "u8", "0"],
            ["bitfield", "r1", "SET", "u8", "0", "1"], ["expire", "a1", "10"], ["ttl", "r1"], ["ping"],
            ["publish", "ch1", "x"], ["publish", "c", "x"], ["spublish", "ch2", "x"], ["spublish", "zz", "x"],
            ["subscribe", "ch1", "ch2"], ["subscribe", "ch1", "nope"], ["ssubscribe", "ch9"],
            ["psubscribe", "ch*"], ["psubscribe", "ch1*"], ["psubscribe", "ch*", "x"], ["unsubscribe", "nope"],
            ["punsubscribe", "nope"], ["pubsub", "channels"], ["eval", "return 1", "1", "a1"], ["eval", "return 1", "1", "zz"],
            ["zunionstore", "w1", "2", "r1", "a2"], ["zunionstore", "r1", "1", "w1"], ["object", "encoding", "r1"],
            ["get"], ["config"], ["client"], ["nosuch", "x"], ["config", "nosuch"], ["set", "a1"],
        ]
        var steps: [DiffStep] = []
        for (name, rules) in users { steps.append(DiffStep(["ACL", "SETUSER", name] + rules)) }
        for (name, _) in users {
            for call in calls { steps.append(DiffStep(["ACL", "DRYRUN", name] + call)) }
        }
        steps += [["ACL", "DRYRUN", "nouser", "get", "x"], ["ACL", "DRYRUN", "a"], ["ACL", "DRYRUN", "a", "get"]]
        try Differential().check(steps)
    }

    /// The same checks through the real dispatch path: AUTH as the user, run commands.
    @Test func commandsRunWithTheUsersPermissions() throws {
        var steps: [DiffStep] = [
            setuser("lim", "on", ">pw", "~k*", "%R~ro*", "&ch*", "-@all", "+@read", "+set", "+publish", "+subscribe",
                    "+psubscribe", "+multi", "+exec", "+discard", "+select|0", "+client|setname", "(+del ~tmp*)"),
            ["SET", "ro1", "v"], ["SET", "k1", "v"],
        ]
        let c = 1
        steps += [
            .command("AUTH", "lim", "wrong", client: c), .command("AUTH", "lim", "pw", client: c),
            .command("ACL", "WHOAMI", client: c), .command("GET", "k1", client: c), .command("GET", "ro1", client: c),
            .command("GET", "x", client: c), .command("SET", "k2", "v", client: c), .command("SET", "ro1", "v", client: c),
            .command("SET", "x", "v", client: c), .command("DEL", "k1", client: c), .command("DEL", "tmp1", client: c),
            .command("DEL", "tmp1", "k1", client: c), .command("MGET", "k1", "ro1", "x", client: c),
            .command("SELECT", "0", client: c), .command("SELECT", "1", client: c), .command("CLIENT", "SETNAME", "n", client: c),
            .command("CLIENT", "GETNAME", client: c), .command("PUBLISH", "ch1", "m", client: c),
            .command("PUBLISH", "other", "m", client: c), .command("CONFIG", "GET", "port", client: c),
            .command("ACL", "LIST", client: c), .command("PING", client: c),
            // MULTI: a refused command dooms the transaction.
            .command("MULTI", client: c), .command("GET", "k1", client: c), .command("GET", "x", client: c),
            .command("EXEC", client: c),
            .command("MULTI", client: c), .command("GET", "k1", client: c), .command("SET", "k3", "v", client: c),
            .command("EXEC", client: c),
            // Subscriptions.
            .command("SUBSCRIBE", "ch1", "nope", client: c), .command("PSUBSCRIBE", "ch*", "x*", client: c),
            .command("SUBSCRIBE", "ch1", "ch2", client: c).expecting(replies: 2),
            .command("PSUBSCRIBE", "ch*", client: c),
            ["PUBLISH", "ch1", "hello"], .read(client: c, replies: 2),
        ]
        steps += [
            // A user that is off cannot log in; AUTH failures leave the client as it was.
            setuser("offu", "off", ">pw", "+@all", "~*"),
            .command("AUTH", "offu", "pw", client: 2), .command("ACL", "WHOAMI", client: 2),
            .command("AUTH", "nosuch", "pw", client: 2), .command("AUTH", "pw", client: 2),
            setuser("offu", "on"), .command("AUTH", "offu", "pw", client: 2), .command("ACL", "WHOAMI", client: 2),
            .command("RESET", client: 2), .command("ACL", "WHOAMI", client: 2),
            .command("HELLO", "2", "AUTH", "offu", "bad", client: 2), .command("ACL", "WHOAMI", client: 2),
            // nopass users accept any password.
            setuser("np", "on", "nopass", "+acl|whoami"), .command("AUTH", "np", "anything", client: 3),
            .command("ACL", "WHOAMI", client: 3), .command("GET", "x", client: 3),
        ]
        try Differential().check(steps)
    }

    @Test func execRechecksPermissions() throws {
        let c = 1
        try Differential().check([
            setuser("tx", "on", "nopass", "+get", "+set", "+multi", "+exec", "~*"),
            .command("AUTH", "tx", "x", client: c),
            .command("MULTI", client: c), .command("GET", "k", client: c), .command("SET", "k", "v", client: c),
            .command("GET", "k", client: c),
            setuser("tx", "-get", "resetkeys", "~z"),
            .command("EXEC", client: c),
            DiffStep(["ACL", "LOG"], compare: aclLogCompare),
            setuser("tx", "+get", "+publish", "resetchannels", "&a"),
            .command("MULTI", client: c), .command("PUBLISH", "a", "m", client: c),
            setuser("tx", "resetchannels"),
            .command("EXEC", client: c),
        ])
    }

    @Test func deletedUsersAreDisconnected() throws {
        try Differential().check([
            setuser("gone", "on", "nopass", "+@all", "~*"),
            .command("AUTH", "gone", "x", client: 1), .command("PING", client: 1),
            .command("AUTH", "gone", "x", client: 2),
            ["ACL", "DELUSER", "gone"],
            .command("PING", client: 1),
            // A client deleting its own user gets the reply, then is disconnected.
            setuser("self", "on", "nopass", "+@all", "~*"),
            .command("AUTH", "self", "x", client: 3), .command("ACL", "DELUSER", "self", client: 3),
            .command("PING", client: 3),
            // Revoked channels disconnect subscribers of that user.
            setuser("sub", "on", "nopass", "+@all", "~*", "resetchannels", "&c1", "&c2"),
            .command("AUTH", "sub", "x", client: 4), .command("SUBSCRIBE", "c1", client: 4),
            setuser("sub", "&c3"), .command("PING", client: 4),
            setuser("sub", "resetchannels", "&c2"), .command("PING", client: 4),
            .command("AUTH", "sub", "x", client: 5), .command("PING", client: 5),
        ])
    }

    @Test func scriptsRunWithTheCallersPermissions() throws {
        let c = 1
        try Differential().check([
            setuser("lua", "on", "nopass", "~k*", "&ch*", "+eval", "+evalsha", "+get", "+set", "+fcall", "+function"),
            ["SET", "x", "secret"],
            .command("AUTH", "lua", "x", client: c),
            .command("EVAL", "return redis.call('get','k1')", "0", client: c),
            .command("EVAL", "return redis.call('get','x')", "0", client: c),
            .command("EVAL", "return redis.pcall('get','x')", "0", client: c),
            .command("EVAL", "return redis.call('del','k1')", "0", client: c),
            .command("EVAL", "return redis.pcall('publish','other','m')", "0", client: c),
            .command("EVAL", "return redis.acl_check_cmd('get','x')", "0", client: c),
            .command("EVAL", "return redis.acl_check_cmd('get','k')", "0", client: c),
            .command("EVAL", "return redis.acl_check_cmd('get')", "0", client: c),
            .command("EVAL", "return redis.acl_check_cmd('del','k')", "0", client: c),
            .command("EVAL", "return redis.acl_check_cmd('nosuch','k')", "0", client: c),
            .command("EVAL", "return redis.acl_check_cmd('config','get','x')", "0", client: c),
            .command("EVAL", "return redis.acl_check_cmd('config','nosuch')", "0", client: c),
            .command("EVAL", "return redis.acl_check_cmd()", "0", client: c),
            // The default user may do everything.
            ["EVAL", "return redis.call('get','x')", "0"],
            ["EVAL", "return redis.acl_check_cmd('del','x')", "0"],
            DiffStep(["ACL", "LOG"], compare: aclLogCompare),
        ])
    }

    @Test func logRecordsDenialsAsRedis() throws {
        let c = 1
        try Differential().check([
            ["ACL", "LOG"], ["ACL", "LOG", "RESET"],
            setuser("lg", "on", "nopass", "~k*", "&c*", "-@all", "+get", "+set", "+publish", "+eval", "+multi", "+exec"),
            .command("AUTH", "lg", "x", client: c),
            .command("GET", "x", client: c), .command("GET", "x", client: c), .command("DEL", "k", client: c),
            .command("PUBLISH", "zz", "m", client: c), .command("MULTI", client: c), .command("GET", "y", client: c),
            .command("EXEC", client: c), .command("EVAL", "return redis.pcall('get','zz')", "0", client: c),
            .command("AUTH", "lg2", "bad", client: c), .command("AUTH", "lg2", "bad", client: c),
            .command("HELLO", "2", "AUTH", "lg3", "bad", client: c),
            DiffStep(["ACL", "LOG"], compare: aclLogCompare),
            DiffStep(["ACL", "LOG", "2"], compare: aclLogCompare),
            DiffStep(["ACL", "LOG", "0"], compare: aclLogCompare),
            DiffStep(["ACL", "LOG", "-5"], compare: aclLogCompare),
            ["ACL", "LOG", "abc"], ["ACL", "LOG", "1", "2"], ["ACL", "LOG", "reset"], ["ACL", "LOG"],
            ["CONFIG", "SET", "acllog-max-len", "2"],
            .command("GET", "a1", client: c), .command("GET", "a2", client: c), .command("GET", "a3", client: c),
            DiffStep(["ACL", "LOG"], compare: aclLogCompare),
        ])
    }

    @Test func otherSubcommandsMatchRedis() throws {
        var steps: [DiffStep] = [["ACL", "CAT"], ["ACL", "CAT", "nosuch"], ["ACL", "CAT", "a", "b"],
                                 DiffStep(["ACL", "CAT", "READ"], compare: aclCatCompare)]
        for category in ["keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
                         "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
                         "dangerous", "connection", "transaction", "scripting"] {
            steps.append(DiffStep(["ACL", "CAT", category], compare: aclCatCompare))
        }
        steps += [
            DiffStep(["ACL", "GENPASS"], compare: hexBulk(length: 64)), DiffStep(["ACL", "GENPASS", "5"], compare: hexBulk(length: 2)),
            DiffStep(["ACL", "GENPASS", "4096"], compare: hexBulk(length: 1024)), DiffStep(["ACL", "GENPASS", "1"], compare: hexBulk(length: 1)),
            ["ACL", "GENPASS", "0"], ["ACL", "GENPASS", "4097"], ["ACL", "GENPASS", "-1"], ["ACL", "GENPASS", "x"],
            ["ACL", "GENPASS", "1", "2"], ["ACL", "HELP"], ["ACL", "help", "x"], ["ACL"], ["ACL", "nosuch"],
            ["ACL", "WHOAMI", "x"], ["ACL", "GETUSER"], ["ACL", "LIST", "x"], ["ACL", "LOAD"], ["ACL", "SAVE"],
            ["ACL", "SETUSER"], ["ACL", "DELUSER"], ["ACL", "DRYRUN", "default"],
            ["COMMAND", "INFO", "acl|setuser"],
            ["MODULE", "LIST"], ["MODULE", "HELP"], ["MODULE", "LOAD", "/nonexistent.so"], ["MODULE", "UNLOAD", "x"],
            ["MODULE", "nosuch"], ["MODULE"],
        ]
        try Differential().check(steps)
        try Differential(resp3: true).check([getuser("default"), ["ACL", "CAT"], ["ACL", "WHOAMI"],
                                             setuser("r3", "on", "(~a +get)"), getuser("r3")])
    }

    @Test func requirepassIsTheDefaultUsersPassword() throws {
        try Differential(serverArgs: ["--requirepass", "pw"]).check([
            ["ACL", "WHOAMI"], ["AUTH", "pw"], getuser("default"), aclList,
            ["CONFIG", "SET", "requirepass", "other"], getuser("default"),
            .command("AUTH", "pw", client: 1), .command("AUTH", "other", client: 1),
            setuser("default", ">third"), getuser("default"), ["CONFIG", "GET", "requirepass"],
            .command("AUTH", "default", "third", client: 2), .command("PING", client: 3),
            // With the default user nopass again, unauthenticated clients may run commands.
            setuser("default", "nopass"), .command("PING", client: 3), .command("ACL", "WHOAMI", client: 3),
            ["CONFIG", "SET", "requirepass", ""], getuser("default"), ["AUTH", "x"],
            setuser("default", "off"), .command("PING", client: 4), .command("AUTH", "default", "x", client: 4),
            setuser("default", "on"),
        ])
    }

    @Test func clientListAndKillKnowTheUser() throws {
        let info = Comparison.custom { e, a in
            guard let ev = try? RESPValue.decode(e), let av = try? RESPValue.decode(a),
                  let es = ev.string, let as_ = av.string else { return e == a }
            return stableClientInfo(es) == stableClientInfo(as_)
        }
        try Differential().check([
            setuser("cl", "on", "nopass", "+@all", "~*"),
            .command("AUTH", "cl", "x", client: 1),
            .command("CLIENT", "INFO", client: 1).with(compare: info),
            DiffStep(["CLIENT", "INFO"], compare: info),
            ["CLIENT", "KILL", "USER", "nosuch"], ["CLIENT", "KILL", "USER", "cl"], .command("PING", client: 1),
            ["CLIENT", "KILL", "USER", "default", "SKIPME", "yes"],
        ])
    }
}

extension DiffStep {
    func with(compare: Comparison) -> DiffStep {
        var s = self
        s.comparison = compare
        return s
    }
}
