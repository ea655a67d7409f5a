// ACL users from configuration against Redis 7.0.15: `user` lines in the config file, the
// aclfile (start-up, ACL LOAD, ACL SAVE round trip), their mutual exclusion, CONFIG
// REWRITE of users, and the start-up errors of bad `user` / `rename-command` lines.
//
// Start-up failures are compared by the one line that says why (without Redis's
// "pid:role date" log prefix). ACL file errors name the file, whose path differs between
// the two servers, so those replies are compared with each side's path replaced.

import Foundation
import RESP
import Testing

/// The line of a failed start-up's output that gives the reason, without a log prefix.
private func startupFailureReason(_ log: String) -> String {
    let markers = ["Error in user declaration", "No such command", "Target command", "Critical error",
                   "Configuring Redis with users", "Aborting Redis startup", "Spaces not allowed", "Error loading ACL rule"]
    let lines = log.split(separator: "\n").map(String.init).filter { l in markers.contains { l.contains($0) } }
    return lines.map { line -> String in
        // "<pid>:M 22 Nov 2026 13:24:24.292 # text" -> "text"
        if let hash = line.range(of: " # ") { return String(line[hash.upperBound...]) }
        return line
    }.joined(separator: "\n")
}

/// Starts a server expected to refuse to start; returns its output.
private func failedStart(_ start: () throws -> ServerProcess) -> String? {
    do {
        let s = try start()
        s.stop()
        return nil
    } catch {
        return "\(error)"
    }
}

/// A file in a directory of its own, removed with it.
private final class ACLFile: Sendable {
    let directory: TemporaryDirectory
    var path: String { directory.path + "/users.acl" }

    init(_ content: String) throws {
        directory = try TemporaryDirectory(prefix: "structd-aclfile")
        try write(content)
    }

    func write(_ content: String) throws {
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
    }

    var content: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>" }
}

@Suite("ACL configuration", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct ACLConfigTests {
    @Test func configUserLinesMatchRedis() throws {
        let config = """
        user default on nopass ~* &* +@all -debug
        user alice on >alicepw ~a* &news -@all +@read +@string -getdel
        user bob off #0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef resetchannels (+get ~b*) (%R~c* +@hash)
        user carol on nopass allkeys +@all -@dangerous "(~x +set)"
        user dave

        """
        let d = Differential(subject: .structd(config: config), oracle: .redis(config: config))
        try d.check([
            DiffStep(["ACL", "LIST"], compare: aclRulesCompare), ["ACL", "USERS"],
            ["AUTH", "alice", "alicepw"], ["GET", "a1"], ["GET", "b1"], ["GETDEL", "a1"], ["ACL", "WHOAMI"],
            ["AUTH", "bob", "x"], ["AUTH", "carol", "x"], ["SET", "x", "1"], ["FLUSHALL"], ["DEBUG", "HELP"],
            .command("ACL", "DRYRUN", "bob", "get", "b1", client: 1), .command("ACL", "DRYRUN", "bob", "hget", "c1", "f", client: 1),
            .command("ACL", "DRYRUN", "default", "debug", "help", client: 1),
        ])
    }

    @Test func startupErrorsMatchRedis() throws {
        let configs = [
            "user foo on bogus", "user foo on +nosuchcmd", "user foo on +@nosuch", "user foo on +config|get|x",
            "user foo on >a\nuser foo off", "user foo on #abc", "user foo on ~x allkeys ~y", "user foo on &x &* &y",
            "user foo on <nothere", "user \"a b\" on", "user foo on (~x +get) (on)",
            "rename-command nosuch foo", "rename-command get set", "rename-command get \"\"\nrename-command get x",
            "rename-command get x\nrename-command x y\nrename-command y get\nrename-command get set",
            "user default off\naclfile /nonexistent/users.acl", "aclfile /nonexistent/users.acl",
        ]
        for config in configs {
            guard let redis = failedStart({ try ServerProcess.redis(config: config + "\n", startTimeout: .seconds(5)) }),
                  let structd = failedStart({ try ServerProcess.structd(config: config + "\n", startTimeout: .seconds(5)) })
            else {
                Issue.record("config \(config.debugDescription): one server started (it should not)")
                continue
            }
            let expected = startupFailureReason(redis), actual = startupFailureReason(structd)
            #expect(!expected.isEmpty, "no reason found in Redis's output for \(config.debugDescription)")
            #expect(expected == actual, "config \(config.debugDescription)")
        }
    }

    @Test func aclFileLoadAndSaveRoundTrip() throws {
        let initial = """
        user default on nopass ~* &* +@all
        user alice on #4c2b2b0f5ed4a0f93dd3c8d9bd7a9e7b4a1e1d36c1df05d2d7c4b0a3f1e1b2c3 ~a* -@all +@read
        user bob on nopass ~b* &chan (+set ~w*) -@all +get +select|0

        """
        let subjectFile = try ACLFile(initial), oracleFile = try ACLFile(initial)
        let subject = try ServerProcess.structd(args: ["--aclfile", subjectFile.path])
        let oracle = try ServerProcess.redis(args: ["--aclfile", oracleFile.path])
        // Replies that name the ACL file are compared with each side's path masked.
        let masked = Comparison.custom { e, a in
            let es = String(decoding: e, as: UTF8.self).replacingOccurrences(of: oracleFile.path, with: "<file>")
            let as_ = String(decoding: a, as: UTF8.self).replacingOccurrences(of: subjectFile.path, with: "<file>")
            return es == as_
        }
        let d = Differential()
        var report = try d.run([
            DiffStep(["ACL", "LIST"], compare: aclRulesCompare),
            ["ACL", "SETUSER", "carol", "on", ">pw", "~c*", "+@hash", "(%R~x +get)"], ["ACL", "DELUSER", "alice"],
            ["ACL", "SAVE"],
        ], subject: subject, oracle: oracle)
        #expect(report.isMatch, "\(report)")
        // The saved files hold the same users (single-command rules in any order).
        let savedSubject = subjectFile.content.split(separator: "\n").map { normalizedACLRules(String($0)) }
        let savedOracle = oracleFile.content.split(separator: "\n").map { normalizedACLRules(String($0)) }
        #expect(savedSubject == savedOracle, "saved:\n\(subjectFile.content)\nRedis saved:\n\(oracleFile.content)")
        #expect(!FileManager.default.fileExists(atPath: subjectFile.path + ".tmp"), "temporary file left behind")

        // Edit the files, load them back; bad files change nothing and say why.
        for file in [subjectFile, oracleFile] {
            try file.write("user default on nopass ~* &* +@all\nuser zed on nopass +@all ~z*\n")
        }
        report = try d.run([
            .command("AUTH", "carol", "pw", client: 1), .command("PING", client: 1),
            ["ACL", "LOAD"], DiffStep(["ACL", "LIST"], compare: aclRulesCompare),
            .command("PING", client: 1),   // carol is gone: disconnected
        ], subject: subject, oracle: oracle)
        #expect(report.isMatch, "\(report)")
        let badFiles = [
            "user default on nopass ~* &* +@all\nuser a on bogus +nosuch\nuser a off\nfoo bar\n  \nuser\nUser x\n",
            "user x\ton\n", "user a on #zz\nuser b on <nope\n", "user a on ~x allkeys ~y &x allchannels &y\n",
            "user a on (+get ~x) (on)\n", "user a on +@nosuch bogus +nosuch2 >p1 (+get (~x)\n",
            "user x  on  >p\n", "user a on ( +get )\nuser b on (+get|x ~x)\n",
        ]
        for bad in badFiles {
            for file in [subjectFile, oracleFile] { try file.write(bad) }
            report = try d.run([DiffStep(["ACL", "LOAD"], compare: masked), DiffStep(["ACL", "LIST"], compare: aclRulesCompare)],
                               subject: subject, oracle: oracle)
            #expect(report.isMatch, "file \(bad.debugDescription): \(report)")
        }
        // A file without a default user gives the default user its built-in rules.
        for file in [subjectFile, oracleFile] { try file.write("user k on nopass +@all ~*\n") }
        report = try d.run([["ACL", "SETUSER", "default", "-debug"], ["ACL", "LOAD"],
                            DiffStep(["ACL", "LIST"], compare: aclRulesCompare)],
                           subject: subject, oracle: oracle)
        #expect(report.isMatch, "\(report)")
        // A missing file.
        for file in [subjectFile, oracleFile] { try FileManager.default.removeItem(atPath: file.path) }
        report = try d.run([DiffStep(["ACL", "LOAD"], compare: masked)], subject: subject, oracle: oracle)
        #expect(report.isMatch, "\(report)")
    }

    @Test func configRewriteWritesUsers() throws {
        var files: [String] = []
        for start in [{ try ServerProcess.structd(config: "user default on nopass ~* &* +@all\n") },
                      { try ServerProcess.redis(config: "user default on nopass ~* &* +@all\n") }] {
            let server = try start()
            defer { server.stop() }
            let c = try server.connect()
            _ = try c.roundTrip("ACL", "SETUSER", "rw", "on", ">pw", "~k*", "+get", "(+set ~s*)")
            _ = try c.roundTrip("ACL", "SETUSER", "default", "-flushall")
            #expect(try c.roundTrip("CONFIG", "REWRITE") == Array("+OK\r\n".utf8))
            let text = (try? String(contentsOfFile: server.configPath!, encoding: .utf8)) ?? ""
            files.append(text.split(separator: "\n").filter { $0.hasPrefix("user ") }.map { normalizedACLRules(String($0)) }.joined(separator: "\n"))
        }
        #expect(files[0] == files[1])
        #expect(files[0].contains("user rw on"))
    }
}
