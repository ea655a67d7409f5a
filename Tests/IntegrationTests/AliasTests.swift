// Script alias tests (StructD's own: SCRIPT LOAD <script> <alias> [NX|REPLACE], SCRIPT ALIAS,
// SCRIPT UNALIAS, SCRIPT ALIASES, EVALSHA <alias>, CALL.<alias> and its tracebacks):
//   (a) differential: with aliases defined on StructD, everything Redis has keeps Redis's
//       bytes — plain EVAL/EVALSHA replies and errors, SCRIPT LOAD/EXISTS, NOSCRIPT for
//       unknown names, the global table scripts see (CALL is not listed; reading it is the
//       one deliberate difference: Redis says it does not exist);
//   (b) seeded random sequences of alias commands, each reply checked against a model of
//       the alias table (NX/REPLACE rules, listing order, UNALIAS counts, EVALSHA by alias);
//   (c) targeted: CALL chains and their results, KEYS/ARGV restored after a CALL, errors
//       with the chain of frames in the reply and in the log, the depth limit on recursion,
//       a no-writes callee running read-only, aliases outliving SCRIPT FLUSH, argument
//       checks, COMMAND INFO rows of the new subcommands.

import Foundation
import Glibc
import RESP
import Testing

@Suite("Aliases", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(2)))
struct AliasTests {
    /// Aliases exist only on StructD; Redis-compatible commands still answer as Redis does.
    @Test(arguments: [false, true])
    func redisBehaviourUnchanged(resp3: Bool) throws {
        let structd = try ServerProcess.structd()
        defer { structd.stop() }
        let redis = try ServerProcess.redis()
        defer { redis.stop() }
        let setup = try RawConnection(port: structd.port)
        for (body, alias) in [("return 1", "one"), ("error('boom')", "boom"), ("return redis.call('incr', KEYS[1])", "incr")] {
            _ = try setup.roundTrip("SCRIPT", "LOAD", body, alias)
        }
        let steps: [DiffStep] = [
            ["EVAL", "return 1", "0"],
            ["EVAL", "error('boom')", "0"],
            ["EVALSHA", sha1Hex("error('boom')"), "0"],
            ["SET", "s", "abc"],
            ["EVAL", "return redis.call('incr', KEYS[1])", "1", "s"],
            ["EVALSHA", sha1Hex("return redis.call('incr', KEYS[1])"), "1", "s"],
            ["EVALSHA", "nosuch", "0"],
            ["EVALSHA", String(repeating: "a", count: 40), "0"],
            ["EVAL", "local t = {} for k in pairs(_G) do t[#t+1] = k end table.sort(t) return table.concat(t, ',')", "0"],
            ["SCRIPT", "LOAD", "return 2"],
            ["SCRIPT", "EXISTS", sha1Hex("return 1"), sha1Hex("return 2"), "one"],
            ["EVAL_RO", "return redis.call('set', 'a', 'b')", "0"],
        ]
        let report = try Differential(resp3: resp3).run(steps, subject: structd, oracle: redis)
        #expect(report.isMatch, "\(report)")
    }

    /// Random alias commands against a model of the alias table.
    @Test func randomAliasSequencesFollowTheModel() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let seed = SeededRandom.seed(default: 7401)
        var r = SeededRandom(seed: seed)
        let bodies = (0..<4).map { "return 'script \($0)'" }
        let names = ["a", "b", "c1", "D_2"]
        var model: [String: Int] = [:]   // alias -> body index
        var loaded = Set<Int>()
        for step in 0..<400 {
            let name = r.pick(names)
            let b = r.int(in: 0..<bodies.count)
            let sha = sha1Hex(bodies[b])
            let context = "seed \(seed) step \(step)"
            switch r.int(in: 0..<7) {
            case 0, 1:
                let mode = r.pick(["", "NX", "REPLACE"])
                let reply = try c.roundTrip(contentsOf: ["SCRIPT", "LOAD", bodies[b], name] + (mode.isEmpty ? [] : [mode]))
                if let current = model[name], current != b {
                    if mode == "NX" {
                        #expect(reply == Array("$-1\r\n".utf8), "\(context)")
                        loaded.insert(b)
                    } else if mode == "REPLACE" {
                        #expect(reply == Array("$40\r\n\(sha)\r\n".utf8), "\(context)")
                        model[name] = b
                        loaded.insert(b)
                    } else {
                        #expect(reply == Array("-ERR Alias '\(name)' already names another script (use NX or REPLACE)\r\n".utf8), "\(context)")
                    }
                } else {
                    #expect(reply == Array("$40\r\n\(sha)\r\n".utf8), "\(context)")
                    model[name] = b
                    loaded.insert(b)
                }
            case 2:
                let reply = try c.roundTrip(contentsOf: ["SCRIPT", "ALIAS", sha, name])
                if !loaded.contains(b) && !model.values.contains(b) {
                    #expect(reply == Array("-NOSCRIPT No matching script. Please use EVAL.\r\n".utf8), "\(context)")
                } else if let current = model[name], current != b {
                    #expect(reply.starts(with: Array("-ERR Alias".utf8)), "\(context)")
                } else {
                    #expect(reply == Array("+OK\r\n".utf8), "\(context)")
                    model[name] = b
                }
            case 3:
                let victims = (0..<r.int(in: 1...3)).map { _ in r.pick(names + ["zz"]) }
                let reply = try c.roundTrip(contentsOf: ["SCRIPT", "UNALIAS"] + victims)
                var removed = 0
                for v in victims where model.removeValue(forKey: v) != nil { removed += 1 }
                #expect(reply == Array(":\(removed)\r\n".utf8), "\(context)")
            case 4:
                let reply = try c.roundTrip(contentsOf: ["EVALSHA", name, "0"])
                if let current = model[name] {
                    loaded.insert(current)
                    let text = "script \(current)"
                    #expect(reply == Array("$\(text.utf8.count)\r\n\(text)\r\n".utf8), "\(context)")
                } else {
                    #expect(reply == Array("-NOSCRIPT No matching script. Please use EVAL.\r\n".utf8), "\(context)")
                }
            case 5:
                var expected = "*\(model.count * 2)\r\n"
                for (alias, body) in model.sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }) {
                    expected += "$\(alias.utf8.count)\r\n\(alias)\r\n$40\r\n\(sha1Hex(bodies[body]))\r\n"
                }
                #expect(try c.roundTrip("SCRIPT", "ALIASES") == Array(expected.utf8), "\(context)")
            default:
                let aliases = model.filter { $0.value == b }.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                var expected = "*\(aliases.count)\r\n"
                for a in aliases { expected += "$\(a.utf8.count)\r\n\(a)\r\n" }
                #expect(try c.roundTrip("SCRIPT", "ALIAS", sha) == Array(expected.utf8), "\(context)")
            }
            if step % 100 == 99 {
                // Aliases outlive SCRIPT FLUSH: the script is compiled again from its body.
                #expect(try c.roundTrip("SCRIPT", "FLUSH") == Array("+OK\r\n".utf8))
                loaded.removeAll()
            }
        }
    }

    /// CALL.<alias>: results, KEYS/ARGV of each frame, errors with their chain.
    @Test func callChainsAndTracebacks() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        func load(_ body: String, _ alias: String) throws {
            let reply = try c.roundTrip("SCRIPT", "LOAD", body, alias)
            #expect(reply == Array("$40\r\n\(sha1Hex(body))\r\n".utf8))
        }
        try load("return 'inner:' .. KEYS[1] .. ':' .. ARGV[1]", "inner")
        try load("local r = CALL.inner({KEYS[1]}, {'x'}) return {r, KEYS[1], ARGV[1]}", "outer")
        #expect(try c.roundTrip("EVALSHA", "outer", "1", "k1", "a1") == Array("*3\r\n$10\r\ninner:k1:x\r\n$2\r\nk1\r\n$2\r\na1\r\n".utf8))
        #expect(try c.roundTrip("EVAL", "return CALL.outer({'k'}, {'v'})[1]", "0") == Array("$9\r\ninner:k:x\r\n".utf8))
        // Lua values come back as they are (no reply conversion): 3.5 stays 3.5.
        try load("return 3.5", "float")
        #expect(try c.roundTrip("EVAL", "return CALL.float() * 2", "0") == Array(":7\r\n".utf8))
        // Errors: innermost first, one frame per CALL, then the script the client ran.
        try load("error('boom')", "bad")
        try load("return 1 + CALL.bad({}, {})", "middle")
        try load("\nreturn CALL.middle()", "top")
        let eval = "\n\nreturn CALL.top()"
        let expected = "-ERR user_script:1: boom script: bad, on @user_script:1. <- CALL.bad in script: middle, on @user_script:1."
            + " <- CALL.middle in script: top, on @user_script:2. <- CALL.top in script: \(sha1Hex(eval)), on @user_script:3.\r\n"
        #expect(String(decoding: try c.roundTrip("EVAL", eval, "0"), as: UTF8.self) == expected)
        #expect(server.waitForLog(containing: "<- CALL.top in script: \(sha1Hex(eval))"))
        // A script run by alias names itself by its alias.
        #expect(try c.roundTrip("EVALSHA", "bad", "0") == Array("-ERR user_script:1: boom script: bad, on @user_script:1.\r\n".utf8))
        // Command errors keep their code; pcall sees the chain as a string.
        try load("return redis.call('incr', KEYS[1])", "incr")
        _ = try c.roundTrip("SET", "s", "abc")
        #expect(try c.roundTrip("EVAL", "return CALL.incr({'s'})", "0") == Array("-ERR value is not an integer or out of range script: incr, on @user_script:1. <- CALL.incr in script: \(sha1Hex("return CALL.incr({'s'})")), on @user_script:1.\r\n".utf8))
        let caught = "ERR value is not an integer or out of range script: incr, on @user_script:1. <- CALL.incr in"
        #expect(try c.roundTrip("EVAL", "local ok, e = pcall(CALL.incr, {'s'}) return e", "0") == Array("$\(caught.utf8.count)\r\n\(caught)\r\n".utf8))
        // Unknown alias, bad arguments, CALL is read-only.
        #expect(try c.roundTrip("EVAL", "return CALL.nosuch()", "0") == Array("-NOSCRIPT No script has the alias 'nosuch' script: \(sha1Hex("return CALL.nosuch()")), on @user_script:1.\r\n".utf8))
        #expect(try c.roundTrip("EVAL", "return CALL.inner('k')", "0").starts(with: Array("-ERR CALL.inner takes two tables".utf8)))
        #expect(try c.roundTrip("EVAL", "CALL.x = 1", "0").starts(with: Array("-ERR user_script:1: Attempt to modify a readonly table".utf8)))
    }

    /// Tracebacks name each script (alias, sha or function), the line where each frame
    /// was (the failing statement in the innermost one, the CALL in the others), for runtime
    /// errors inside nested Lua functions, failed commands and error() alike, from EVAL,
    /// EVALSHA by alias, FCALL and TXN.ESHA; the same text goes to the log at notice
    /// level. Errors without CALL frames keep Redis's text and are logged at verbose level.
    @Test func tracebacksNameScriptsLinesAndFrames() throws {
        let server = try ServerProcess.structd(args: ["--loglevel", "verbose"])
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let deep = "local function helper(x)\n  return x + nil\nend\nlocal function outer()\n  return helper(1)\nend\nreturn outer()"
        _ = try c.roundTrip("SCRIPT", "LOAD", deep, "deep")
        _ = try c.roundTrip("SCRIPT", "LOAD", "local a = 1\nlocal b = CALL.deep()\nreturn b", "mid")
        _ = try c.roundTrip("SCRIPT", "LOAD", "redis.call('set', KEYS[1], 'x')\nreturn redis.call('incr', KEYS[1])", "cmd")
        let arith = "attempt to perform arithmetic on a nil value"
        // EVALSHA by alias, two frames.
        let viaAlias = String(decoding: try c.roundTrip("EVALSHA", "mid", "0"), as: UTF8.self)
        #expect(viaAlias.hasPrefix("-ERR user_script:2: \(arith)"), "\(viaAlias)")
        #expect(viaAlias.hasSuffix(" script: deep, on @user_script:2. <- CALL.deep in script: mid, on @user_script:2.\r\n"), "\(viaAlias)")
        #expect(server.waitForLog(containing: "Script error (traceback, innermost first): ERR user_script:2: \(arith)"))
        // From a function: the function's own line, as Redis names it.
        _ = try c.roundTrip("FUNCTION", "LOAD", "#!lua name=tb\nredis.register_function('entry', function(keys)\n  local r = CALL.cmd(keys)\n  return r\nend)")
        let fromFunction = String(decoding: try c.roundTrip("FCALL", "entry", "1", "k"), as: UTF8.self)
        #expect(fromFunction == "-ERR value is not an integer or out of range script: cmd, on @user_script:2. <- CALL.cmd in script: entry, on @user_function:3.\r\n", "\(fromFunction)")
        #expect(server.waitForLog(containing: "<- CALL.cmd in script: entry, on @user_function:3."))
        // TXN.ESHA: the same chain, and the script's write is undone.
        _ = try c.roundTrip("DEL", "k")
        let txn = String(decoding: try c.roundTrip("TXN.ESHA", "cmd", "1", "k"), as: UTF8.self)
        #expect(txn == "-ERR value is not an integer or out of range script: cmd, on @user_script:2.\r\n", "\(txn)")
        #expect(try c.roundTrip("EXISTS", "k") == Array(":0\r\n".utf8))
        // EVAL calling the chain: its sha and line close the traceback.
        let eval = "\n\nreturn CALL.mid()"
        let top = String(decoding: try c.roundTrip("EVAL", eval, "0"), as: UTF8.self)
        #expect(top.hasSuffix("<- CALL.deep in script: mid, on @user_script:2. <- CALL.mid in script: \(sha1Hex(eval)), on @user_script:3.\r\n"), "\(top)")
        // No CALL frame: Redis's exact text, logged at verbose level only.
        let plain = String(decoding: try c.roundTrip("EVAL", "local x = 1\nerror('plain failure')", "0"), as: UTF8.self)
        #expect(plain == "-ERR user_script:2: plain failure script: \(sha1Hex("local x = 1\nerror('plain failure')")), on @user_script:2.\r\n")
        #expect(server.waitForLog(containing: "Script error: ERR user_script:2: plain failure script:"))
        #expect(!server.log.contains("Script error (traceback, innermost first): ERR user_script:2: plain failure"))
    }

    /// Recursion through aliases ends in a clean error at 16 frames; the server stays up.
    @Test func depthLimit() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        _ = try c.roundTrip("SCRIPT", "LOAD", "return CALL.rec()", "rec")
        let reply = String(decoding: try c.roundTrip("EVALSHA", "rec", "0"), as: UTF8.self)
        #expect(reply.hasPrefix("-ERR CALL.rec: too many nested CALL frames (the limit is 16) script: rec, on @user_script:1. <- CALL.rec in"))
        #expect(reply.components(separatedBy: "<- CALL.rec in").count == 17)
        // Counting down stays within the limit.
        _ = try c.roundTrip("SCRIPT", "LOAD", "local n = tonumber(ARGV[1]) if n == 0 then return 0 end return 1 + CALL.down({}, {n - 1})", "down")
        #expect(try c.roundTrip("EVALSHA", "down", "0", "16") == Array(":16\r\n".utf8))
        #expect(try c.roundTrip("EVALSHA", "down", "0", "17").starts(with: Array("-ERR CALL.down: too many nested CALL frames".utf8)))
        #expect(try c.roundTrip("PING") == Array("+PONG\r\n".utf8))
    }

    /// A callee with the no-writes flag runs read-only, even called from a writing script.
    @Test func noWritesCalleeIsReadOnly() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        _ = try c.roundTrip("SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn redis.call('set', 'x', '1')", "rowriter")
        _ = try c.roundTrip("SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn redis.call('get', 'x')", "roreader")
        #expect(try c.roundTrip("EVAL", "redis.call('set', 'x', 'v') return CALL.roreader()", "0") == Array("$1\r\nv\r\n".utf8))
        #expect(try c.roundTrip("EVAL", "return CALL.rowriter()", "0").starts(with: Array("-ERR Write commands are not allowed from read-only scripts. script: rowriter".utf8)))
        // After the callee, the caller may write again.
        #expect(try c.roundTrip("EVAL", "pcall(CALL.rowriter) return redis.call('set', 'y', '1')", "0") == Array("+OK\r\n".utf8))
    }

    /// Argument checks of the alias commands and the rows COMMAND shows for them.
    @Test func commandsAndErrors() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let sha = sha1Hex("return 1")
        #expect(try c.roundTrip("SCRIPT", "LOAD", "return 1", "bad-name") == Array("-ERR Alias names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "LOAD", "return 1", "") == Array("-ERR Alias names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "LOAD", "return 1", String(repeating: "0", count: 40)) == Array("-ERR An alias can not be 40 hexadecimal digits (it would read as a SHA1 digest)\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "LOAD", "return 1", "a", "XX") == Array("-ERR syntax error\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "LOAD", "return 1", "a", "NX", "more") == Array("-ERR syntax error\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "LOAD", "return (", "a").starts(with: Array("-ERR Error compiling script".utf8)))
        #expect(try c.roundTrip("SCRIPT", "ALIASES") == Array("*0\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "LOAD", "return 1", "one") == Array("$40\r\n\(sha)\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "ALIAS", sha, "uno") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "ALIAS", "one", "eins") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "ALIAS", sha) == Array("*3\r\n$4\r\neins\r\n$3\r\none\r\n$3\r\nuno\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "ALIAS", String(repeating: "b", count: 40), "x") == Array("-NOSCRIPT No matching script. Please use EVAL.\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "ALIAS", sha, "x", "NX", "y") == Array("-ERR syntax error\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "UNALIAS", "uno", "uno", "nope") == Array(":1\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "UNALIAS") == Array("-ERR wrong number of arguments for 'script|unalias' command\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "ALIASES", "x") == Array("-ERR wrong number of arguments for 'script|aliases' command\r\n".utf8))
        #expect(try c.roundTrip("EVALSHA_RO", "one", "0") == Array(":1\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "EXISTS", "one") == Array("*1\r\n:0\r\n".utf8))
        let info = String(decoding: try c.roundTrip("COMMAND", "INFO", "script|load", "script|alias", "script|unalias", "script|aliases"), as: UTF8.self)
        #expect(info.hasPrefix("*4\r\n*10\r\n$11\r\nscript|load\r\n:-3\r\n"))
        #expect(info.contains("$12\r\nscript|alias\r\n:-3\r\n"))
        #expect(info.contains("$14\r\nscript|unalias\r\n:-3\r\n"))
        #expect(info.contains("$14\r\nscript|aliases\r\n:2\r\n"))
        // HELLO 3: SCRIPT ALIASES is a map.
        _ = try c.roundTrip("HELLO", "3")
        #expect(try c.roundTrip("SCRIPT", "ALIASES") == Array("%2\r\n$4\r\neins\r\n$40\r\n\(sha)\r\n$3\r\none\r\n$40\r\n\(sha)\r\n".utf8))
    }
}

extension RawConnection {
    /// send + readReplyBytes for an argument array.
    func roundTrip(contentsOf arguments: [String]) throws -> [UInt8] {
        try send(command: arguments)
        return try readReplyBytes()
    }
}
