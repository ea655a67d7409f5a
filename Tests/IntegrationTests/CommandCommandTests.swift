// COMMAND tests: every entry our COMMAND / COMMAND INFO / COMMAND DOCS gives equals
// redis-server 7.0.15's entry for the same command (with a container's subcommands cut down
// to those we implement), COUNT and LIST agree with what we implement, GETKEYS and
// GETKEYSANDFLAGS match byte for byte (including their errors), RESP2 and RESP3, and
// redis-cli shows its argument hints, which it builds from COMMAND DOCS.

import Foundation
import Glibc
import RESP
import Testing

@Suite("COMMAND")
struct CommandCommandTests {
    typealias T = ServerFamilyTesting

    /// Redis's entry with its subcommands restricted to `names` (COMMAND INFO shape).
    static func restrictInfo(_ entry: RESPValue, to names: Set<String>) -> RESPValue {
        guard case .array(var f) = entry, f.count == 10, let subs = f[9].elements, !subs.isEmpty else { return entry }
        let kept = subs.filter { names.contains($0.elements?.first?.string ?? "") }
            .sorted { ($0.elements?.first?.string ?? "") < ($1.elements?.first?.string ?? "") }
        switch f[9] {
        case .set: f[9] = .set(kept)
        default: f[9] = .array(kept)
        }
        return .array(f)
    }

    /// A COMMAND DOCS map (a flat array in RESP2) with its "subcommands" restricted to
    /// `names` and sorted.
    static func restrictDocs(_ docs: RESPValue, to names: Set<String>) -> RESPValue {
        let isMap: Bool
        var flat: [RESPValue]
        switch docs {
        case .map(let f): (isMap, flat) = (true, f)
        case .array(let f): (isMap, flat) = (false, f)
        default: return docs
        }
        var i = 0
        while i + 1 < flat.count {
            if flat[i].string == "subcommands", let subs = flat[i + 1].elements {
                var pairs: [(RESPValue, RESPValue)] = []
                var j = 0
                while j + 1 < subs.count {
                    if names.contains(subs[j].string ?? "") { pairs.append((subs[j], subs[j + 1])) }
                    j += 2
                }
                pairs.sort { ($0.0.string ?? "") < ($1.0.string ?? "") }
                flat[i + 1] = isMap ? .map(pairs: pairs) : .array(pairs.flatMap { [$0.0, $0.1] })
            }
            i += 2
        }
        return isMap ? .map(flat) : .array(flat)
    }

    /// Command and subcommand names from a RESP3 COMMAND reply.
    static func names(_ reply: RESPValue) -> (top: [String], all: Set<String>) {
        var top: [String] = [], all: Set<String> = []
        for entry in reply.elements ?? [] {
            guard let f = entry.elements, let name = f.first?.string else { continue }
            top.append(name)
            all.insert(name)
            for s in f.count == 10 ? (f[9].elements ?? []) : [] {
                if let n = s.elements?.first?.string { all.insert(n) }
            }
        }
        return (top, all)
    }

    @Test(arguments: [false, true])
    func everyEntryMatchesRedis(resp3: Bool) throws {
        let ours = try ServerProcess.structd()
        let redis = try ServerProcess.redis()
        let a = try ours.connect(), b = try redis.connect()
        if resp3 {
            _ = try a.roundTrip("HELLO", "3")
            _ = try b.roundTrip("HELLO", "3")
        }
        let all = try a.command("COMMAND")
        let (top, everything) = Self.names(all)
        // StructD's own commands (TXN.*, SCRIPT ALIAS & co.) have no Redis counterpart, and the
        // SCRIPT container they extend differs from Redis's on purpose: compare the rest.
        let implemented = everything.filter { !Self.structdOnly.contains($0) }
        #expect(top.count > 20)
        #expect(try a.command("COMMAND", "COUNT") == .integer(Int64(top.count)))
        #expect(try a.command("COMMAND", "INFO") == all)
        for entry in all.elements ?? [] {
            let name = entry.elements?.first?.string ?? ""
            if Self.structdOnly.contains(name) || name == "script" { continue }
            let theirs = try b.command("COMMAND", "INFO", name)
            guard let expected = theirs.elements?.first else {
                Issue.record("redis has no \(name)")
                continue
            }
            #expect(entry == Self.restrictInfo(expected, to: implemented), "COMMAND INFO \(name)")
            let docs = try a.command("COMMAND", "DOCS", name)
            let redisDocs = try b.command("COMMAND", "DOCS", name)
            guard let d1 = docs.elements, d1.count == 2, let d2 = redisDocs.elements, d2.count == 2 else {
                Issue.record("COMMAND DOCS \(name): \(docs) vs \(redisDocs)")
                continue
            }
            #expect(d1[0] == d2[0])
            #expect(d1[1] == Self.restrictDocs(d2[1], to: implemented), "COMMAND DOCS \(name)")
        }
        // LIST: every implemented command and subcommand, nothing else.
        let list = Set(try a.command("COMMAND", "LIST").elements?.compactMap(\.string) ?? [])
        #expect(list == everything)
        for filter in [["ACLCAT", "keyspace"], ["ACLCAT", "string"], ["PATTERN", "c*"], ["PATTERN", "*|*"],
                       ["PATTERN", "[gs]et"], ["ACLCAT", "nosuch"], ["MODULE", "x"]] {
            let mine = Set(try a.command(["COMMAND", "LIST", "FILTERBY"] + filter).elements?.compactMap(\.string) ?? [])
                .filter { !Self.structdOnly.contains($0) }
            let theirs = Set(try b.command(["COMMAND", "LIST", "FILTERBY"] + filter).elements?.compactMap(\.string) ?? [])
            #expect(mine == theirs.intersection(implemented), "COMMAND LIST FILTERBY \(filter)")
        }
        // DOCS with no names: every implemented command.
        let allDocs = try a.command("COMMAND", "DOCS")
        let docNames = stride(from: 0, to: allDocs.elements?.count ?? 0, by: 2).compactMap { allDocs.elements?[$0].string }
        #expect(Set(docNames) == Set(top))
    }

    @Test func repliesMatchRedis() throws {
        let same: [DiffStep] = [
            ["COMMAND", "INFO", "get", "set"], ["COMMAND", "INFO", "get", "nosuch", "SET"], ["COMMAND", "INFO", "CONFIG|GET"],
            ["COMMAND", "INFO", "config|nosuch"], ["COMMAND", "INFO", "mset", "del", "incr", "getex"],
            ["COMMAND", "DOCS", "get"], ["COMMAND", "DOCS", "set"], ["COMMAND", "DOCS", "nosuch"], ["COMMAND", "DOCS", "config|get"],
            ["COMMAND", "DOCS", "get", "nosuch", "ttl"],
            ["COMMAND", "HELP"], ["COMMAND", "foo"], ["COMMAND", "COUNT", "x"], ["COMMAND", "HELP", "x"],
            ["COMMAND", "LIST", "foo"], ["COMMAND", "LIST", "FILTERBY"], ["COMMAND", "LIST", "FILTERBY", "pattern"],
            ["COMMAND", "LIST", "FILTERBY", "foo", "bar"], ["COMMAND", "LIST", "FILTERBY", "MODULE", "x"],
            ["COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch"],
            ["COMMAND", "GETKEYS"], ["COMMAND", "GETKEYS", "get"], ["COMMAND", "GETKEYS", "get", "a"],
            ["COMMAND", "GETKEYS", "set", "a", "b"], ["COMMAND", "GETKEYS", "nosuch", "a"], ["COMMAND", "GETKEYS", "ping"],
            ["COMMAND", "GETKEYS", "set", "a"], ["COMMAND", "GETKEYS", "MSET", "a"], ["COMMAND", "GETKEYS", "mset", "a", "b", "c", "d"],
            ["COMMAND", "GETKEYS", "config", "get", "x"], ["COMMAND", "GETKEYS", "config"], ["COMMAND", "GETKEYS", "config", "nosuch"],
            ["COMMAND", "GETKEYS", "object", "encoding", "k"], ["COMMAND", "GETKEYS", "del", "a", "b", "c"],
            ["COMMAND", "GETKEYS", "rename", "a", "b"], ["COMMAND", "GETKEYS", "copy", "a", "b", "DB", "1"],
            ["COMMAND", "GETKEYS", "lcs", "a", "b"], ["COMMAND", "GETKEYS", "bitop", "and", "d", "a", "b"],
            ["COMMAND", "GETKEYS", "echo", "x"],
            ["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"], ["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "GET"],
            ["COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "ex", "10"], ["COMMAND", "GETKEYSANDFLAGS", "mset", "a", "b", "c", "d"],
            ["COMMAND", "GETKEYSANDFLAGS", "del", "a", "b"], ["COMMAND", "GETKEYSANDFLAGS", "getex", "a", "persist"],
            ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "get", "u8", "0"], ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k"],
            ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "set", "u8", "0", "1"],
            ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "overflow", "wrap", "get", "u8", "0"],
            ["COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "get", "u8"],
            ["COMMAND", "GETKEYSANDFLAGS", "copy", "a", "b"], ["COMMAND", "GETKEYSANDFLAGS", "getdel", "a"],
            ["COMMAND", "GETKEYSANDFLAGS", "rename", "a", "b"], ["COMMAND", "GETKEYSANDFLAGS", "expire", "a", "10"],
        ]
        try Differential().check(same)
        try Differential(resp3: true).check(same)
    }

    /// Commands StructD adds to Redis's set (see docs/scripting.md).
    static let structdOnly: Set<String> = ["txn.eval", "txn.esha", "txn.multi",
                                           "script|alias", "script|unalias", "script|aliases"]

    @Test func keySpecsDriveGetKeysForEveryImplementedCommand() throws {
        // For each command we implement with key specs, a plausible argument list gets the same
        // keys from us as from Redis: the key-spec walker is exercised on every spec shape we have.
        let ours = try ServerProcess.structd()
        let redis = try ServerProcess.redis()
        let a = try ours.connect(), b = try redis.connect()
        let all = try a.command("COMMAND")
        var checked = 0
        for entry in all.elements ?? [] {
            guard let f = entry.elements, f.count == 10, let name = f[0].string, let arity = f[1].int64,
                  (f[8].elements?.isEmpty == false), !Self.structdOnly.contains(name) else { continue }
            let n = Int(arity < 0 ? -arity : arity)
            for extra in [0, 1, 3] {
                if arity > 0 && extra > 0 { continue }
                var args = ["COMMAND", "GETKEYSANDFLAGS", name]
                args += (1..<(n + extra)).map { i in i == 1 && name == "bitop" ? "and" : "k\(i)" }
                try a.send(command: args)
                let mine = try a.readReplyBytes()
                try b.send(command: args)
                let theirs = try b.readReplyBytes()
                #expect(mine == theirs, "\(args.joined(separator: " ")): \(RESPFramer.escape(mine)) vs \(RESPFramer.escape(theirs))")
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    @Test(.enabled(if: access("/usr/bin/tmux", X_OK) == 0 && RedisCLI.available))
    func redisCLIShowsHintsFromOurDocs() throws {
        let server = try ServerProcess.structd()
        let socket = "structd-hints-\(getpid())-\(server.port)"
        func tmux(_ args: [String]) throws -> ProcessResult {
            try ProcessRunner.run("/usr/bin/tmux", ["-L", socket] + args, timeout: .seconds(10))
        }
        defer { _ = try? tmux(["kill-server"]) }
        _ = try tmux(["new-session", "-d", "-x", "200", "-y", "10", RedisCLI.defaultPath + " -p \(server.port)"])
        // Wait for the prompt: keys sent earlier would reach the terminal before linenoise.
        let prompt = Deadline(.seconds(5))
        while !(try tmux(["capture-pane", "-p", "-t", "0"]).output.contains("> ")) && !prompt.expired {
            sleepBriefly(.milliseconds(50))
        }
        func screen(after keys: [String]) throws -> String {
            _ = try tmux(["send-keys", "-t", "0"] + keys)
            let deadline = Deadline(.seconds(5))
            var text = ""
            repeat {
                sleepBriefly(.milliseconds(100))
                text = try tmux(["capture-pane", "-p", "-t", "0"]).output
            } while !text.contains("[") && !deadline.expired
            return text
        }
        let set = try screen(after: ["SET "])
        #expect(set.contains("SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"), "\(set)")
        let config = try screen(after: ["C-u", "CONFIG GET "])
        #expect(config.contains("CONFIG GET parameter [parameter ...]"), "\(config)")
    }
}
