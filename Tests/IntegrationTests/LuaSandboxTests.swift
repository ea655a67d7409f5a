// Lua sandbox tests: every class of past Redis Lua CVE, the time limit (BUSY, SCRIPT KILL,
// SHUTDOWN NOSAVE) and the memory cap. Each hostile script must get a clean error and the
// server must stay up (checked with PING after each); where Redis 7.0 answers the same
// way, the replies are compared with redis-server byte for byte.
//
// Classes covered (docs/scripting.md):
//   - bundled-library overflows: cjson (huge output, deep nesting, raised depth limits,
//     cjson.new instances), cmsgpack (deep nesting, huge headers, truncated input, negative
//     offsets, many return values), struct (sizes and alignments that overflow, unpack
//     positions), bit.tohex(x, INT_MIN);
//   - unpack / table.concat / string.rep with huge ranges and sizes;
//   - deep recursion (Lua and C);
//   - metatable and global tampering meant to act in another script's context (globals,
//     library tables, the string metatable, rawset/rawget/next/setmetatable, loadstring,
//     coroutines, __gc finalizers);
//   - bytecode loading (loadstring/load of string.dump output);
//   - runaway loops: BUSY to other clients, SCRIPT KILL (also through pcall), UNKILLABLE
//     after a write, SHUTDOWN NOSAVE;
//   - memory exhaustion under the cap.

import Foundation
import Glibc
import Testing

@Suite("Lua sandbox", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct LuaSandboxTests {
    typealias T = ScriptTesting

    /// Hostile scripts whose replies Redis 7.0 and StructD share, each followed by PING.
    static let hostile: [String] = [
        // cjson
        "local t = {} t[1] = t return cjson.encode(t)",
        "return cjson.decode(string.rep('[', 100000))",
        "return cjson.decode(string.rep('{\"a\":', 100000))",
        "return cjson.decode('\"\\\\u')",
        "return cjson.decode('[1e999999]')",
        "return cjson.decode(string.rep('9', 10000))",
        // cmsgpack
        "return cmsgpack.unpack(string.rep('\\145', 100000) .. '\\1')",
        "return cmsgpack.unpack(string.rep('\\129\\1', 50000) .. '\\1')",
        "return #{cmsgpack.unpack(string.rep('\\1', 100000))}",
        "return cmsgpack.unpack('\\221\\255\\255\\255\\255')",
        "return cmsgpack.unpack('\\223\\255\\255\\255\\255')",
        "return cmsgpack.unpack('\\219\\255\\255\\255\\255ab')",
        "return cmsgpack.unpack_one('\\1', -2147483648)",
        "return cmsgpack.unpack_limit('\\1\\2', 2147483647, 1)",
        "return cmsgpack.unpack_limit('\\1\\2', -1, 0)",
        "local t = {} for i = 1, 100 do t = {t, t} end return #cmsgpack.pack(t)",
        // struct
        "return struct.pack('i2147483648', 1)",
        "return struct.pack('c2147483647', 'a')",
        "return struct.pack('!2147483648i', 1)",
        "return struct.unpack('c2147483647', 'a')",
        "return {struct.unpack('i4', 'abcd', -2147483648)}",
        "return {struct.unpack('i4', 'abcd', 9007199254740992)}",
        "return {struct.unpack('bc0', '\\255abc')}",
        "return struct.unpack('!8 b d', 'abc')",
        "return struct.size('c2147483647c2147483647')",
        "return struct.size('!' .. string.rep('9', 30))",
        // bit
        "return bit.tohex(1, -2147483648)",
        "return bit.tohex(1, 2^32 + 2^31)",
        "return bit.tohex(-1, -8)",
        // huge ranges and sizes
        "return {unpack({}, 1, 1e8)}",
        "return {unpack({}, -2147483648, 2147483647)}",
        "return table.concat({}, 'x', 1, 1e8)",
        "return #string.rep('x', -1)",
        // recursion
        "local function r(n) return r(n + 1) + 1 end return r(1)",
        "local function r() return pcall(r) end return r()",
        "local s = string.rep('(', 300) .. '1' .. string.rep(')', 300) return loadstring('return ' .. s)",
        // bytecode
        "return {loadstring(string.dump(function() return 1 end))}",
        "return type(loadstring('\\27Lua'))",
        // globals and metatables
        "x = 1",
        "rawset(_G, 'x', 1)",
        "setmetatable(_G, {})",
        "getmetatable('').__index.upper = nil",
        "getmetatable('').__index = {}",
        "string.upper = nil",
        "rawset(string, 'upper', nil)",
        "redis.call = function() return 'pwned' end",
        "_G.redis = {}",
        "loadstring('x = 1')()",
        "coroutine.wrap(function() _G.y = 1 end)()",
        "for k, v in pairs(_G) do if type(v) == 'table' then v.injected = 1 end end",
        "return getmetatable('').upper",
        "return ('abc'):upper()",
        "return redis.call('ping')",
        "return string.upper('abc')",
    ]

    @Test func hostileScriptsMatchRedis() throws {
        var steps: [DiffStep] = []
        for script in Self.hostile {
            steps.append(T.eval(script))
            steps.append(["PING"])
        }
        try Differential(serverArgs: ScriptTesting.serverArgs).check(steps)
    }

    /// Random inputs to the bundled libraries (cmsgpack, struct formats and data, cjson
    /// text), replies compared with Redis's byte for byte; the server must survive them all.
    @Test func randomLibraryInputsMatchRedis() throws {
        let formatChars = Array("<>!x bBhHlLTiIcsfd0123456789 ".utf8)
        let jsonChars = Array("[]{}\",:0123456789.eE-+truefalsnul\\u ".utf8)
        try Differential(serverArgs: ScriptTesting.serverArgs).checkRandom(seed: 11, count: 600) { r, i in
            func bytes(_ alphabet: [UInt8]?, _ max: Int) -> [UInt8] {
                (0..<r.int(in: 0...max)).map { _ in alphabet.map { r.pick($0) } ?? UInt8(r.int(in: 0...255)) }
            }
            func eval(_ script: String, _ args: [[UInt8]]) -> DiffStep {
                .raw(RESPFramer.encode([Array("EVAL".utf8), Array(script.utf8), Array("0".utf8)] + args),
                     label: "EVAL \(script) \(args.map { RESPFramer.escape($0, limit: 60) }.joined(separator: " "))")
            }
            switch i % 5 {
            case 0: return eval("return {cmsgpack.unpack(ARGV[1])}", [bytes(nil, 40)])
            case 1: return eval("return {cmsgpack.unpack_limit(ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))}",
                                [bytes(nil, 40), Array(String(r.int(in: -3...5)).utf8), Array(String(r.int(in: -3...50)).utf8)])
            case 2: return eval("return {struct.unpack(ARGV[1], ARGV[2], tonumber(ARGV[3]))}",
                                [bytes(formatChars, 12), bytes(nil, 40), Array(String(r.int(in: -2...45)).utf8)])
            case 3: return eval("return {struct.size(ARGV[1]), struct.pack(ARGV[1], 1, 2, 'abc', -5, 1.5, 'xyz', 7, 8, 9, 10)}",
                                [bytes(formatChars, 12)])
            default: return eval("return cjson.encode(cjson.decode(ARGV[1]))", [bytes(jsonChars, 40)])
            }
        }
    }

    /// What one script does to the environment must not be visible to the next.
    @Test func noStateLeaksBetweenScripts() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let attempts = [
            "local mt = getmetatable(_G) mt.__index = function() return 'pwned' end",
            "local mt = getmetatable(string) if mt then mt.__index = nil end",
            "rawset(getmetatable(''), '__index', {upper = function() return 'pwned' end})",
            "local f, s = pairs(_G) s.tostring = function() return 'pwned' end",
            "local f, s, k = pairs(string) s.upper = function() return 'pwned' end",
            "local ok = pcall(rawset, _G, 'tostring', function() return 'pwned' end)",
            "local k, v = next(_G) rawset(v, 'x', 1)",
            "getmetatable('').__metatable = nil",
            "setmetatable(KEYS, {__index = function() return 'pwned' end})",
        ]
        for script in attempts {
            let reply = try c.roundTrip("EVAL", script, "0")
            #expect(reply.first == UInt8(ascii: "-") || reply == Array("$-1\r\n".utf8), "\(script): \(RESPFramer.escape(reply))")
        }
        let check = "return {tostring(1), ('abc'):upper(), string.upper('x'), type(tostring), KEYS[2] == nil and 'ok' or 'bad'}"
        #expect(try c.roundTrip("EVAL", check, "1", "k") == Array("*5\r\n$1\r\n1\r\n$3\r\nABC\r\n$1\r\nX\r\n$8\r\nfunction\r\n$2\r\nok\r\n".utf8))
    }

    /// __gc is ignored on tables (as in Lua 5.1): no finalizer runs later, at an allocation
    /// in some other context.
    @Test func finalizersNeverRun() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let script = """
        for i = 1, 100 do setmetatable({}, {__gc = function() redis.call('incr', 'gc') error('in gc') end}) end
        collectgarbage()
        collectgarbage()
        return redis.call('exists', 'gc')
        """
        #expect(try c.roundTrip("EVAL", script, "0") == Array(":0\r\n".utf8))
        #expect(try c.roundTrip("EVAL", "collectgarbage() return redis.call('exists', 'gc')", "0") == Array(":0\r\n".utf8))
        #expect(try c.roundTrip("PING") == Array("+PONG\r\n".utf8))
    }

    /// cjson's int-sized buffer: output that could overflow it is refused before cjson
    /// runs, also from cjson.new() instances and with a raised depth limit.
    @Test func cjsonOverflowsAreRefused() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let big = "local s = string.rep('\\1', 4 * 1024 * 1024) local t = {} for i = 1, 100 do t[i] = s end "
        for encoder in ["cjson", "cjson.new()"] {
            let reply = String(decoding: try c.roundTrip("EVAL", big + "return \(encoder).encode(t)", "0"), as: UTF8.self)
            #expect(reply.hasPrefix("-ERR user_script:1: Cannot serialise: output too large"), "\(reply.prefix(120))")
        }
        let depth = String(decoding: try c.roundTrip("EVAL", "cjson.encode_max_depth(1000000000) local t = {} t[1] = t return cjson.encode(t)", "0"), as: UTF8.self)
        #expect(depth.hasPrefix("-ERR user_script:1: Cannot serialise, excessive nesting (2501)"), "\(depth.prefix(120))")
        let decode = String(decoding: try c.roundTrip("EVAL", "cjson.decode_max_depth(1000000000) return cjson.decode(string.rep('[', 200000))", "0"), as: UTF8.self)
        #expect(decode.hasPrefix("-ERR user_script:1: Found too many nested data structures (2501)"), "\(decode.prefix(120))")
        #expect(try c.roundTrip("PING") == Array("+PONG\r\n".utf8))
    }

    /// Runs `scenario` on a fresh redis-server and a fresh StructD (same arguments) and
    /// expects the same transcript of replies. For scenarios that need pauses (a script
    /// must have started before another client speaks), which lock-step steps cannot give.
    static func sameTranscript(args: [String] = [], _ scenario: (ServerProcess, inout [String]) throws -> Void) throws {
        var transcripts: [[String]] = []
        for start in [ServerProcess.redis, ServerProcess.structd] {
            let server = try start(args, nil, false, .seconds(10))
            defer { server.stop() }
            var lines: [String] = []
            try scenario(server, &lines)
            transcripts.append(lines)
        }
        #expect(transcripts[0] == transcripts[1])
    }

    static func reply(_ c: RawConnection) -> String {
        do { return RESPFramer.escape(try c.readReplyBytes(timeout: .seconds(10))) } catch { return "(\(error))" }
    }

    /// A script past busy-reply-threshold: others get BUSY, SCRIPT KILL stops it (even
    /// one that catches errors with pcall or runs in a coroutine), the server answers
    /// normally afterwards.
    @Test func busyScriptIsKillable() throws {
        let loops = [
            "local i = 0 while true do i = i + 1 end",
            "while true do pcall(function() while true do end end) end",
            "local co = coroutine.wrap(function() while true do end end) co()",
            "while true do local ok = pcall(redis.call, 'ping') end",
        ]
        try Self.sameTranscript(args: ["--busy-reply-threshold", "100"]) { server, out in
            let a = try RawConnection(port: server.port)
            let b = try RawConnection(port: server.port)
            for loop in loops {
                try a.send(command: ["EVAL", loop, "0"])
                sleepBriefly(.milliseconds(30))
                for cmd in [["PING"], ["GET", "x"], ["EVAL", "return 1", "0"], ["MULTI"], ["SET", "x", "1"], ["EXEC"],
                            ["SHUTDOWN"], ["SHUTDOWN", "SAVE"], ["NOSUCH"], ["GET"]] {
                    try b.send(command: cmd)
                    out.append("\(cmd): \(Self.reply(b))")
                }
                let late = try RawConnection(port: server.port)
                try late.send(command: ["PING"])
                out.append("new client: \(Self.reply(late))")
                try b.send(command: ["SCRIPT", "KILL"])
                out.append("kill: \(Self.reply(b))")
                out.append("script: \(Self.reply(a))")
                try a.send(command: ["PING"])
                out.append("after: \(Self.reply(a))")
                try b.send(command: ["SCRIPT", "KILL"])
                out.append("kill again: \(Self.reply(b))")
            }
        }
    }

    /// After a write SCRIPT KILL is refused; SHUTDOWN NOSAVE ends the server without a
    /// reply to anyone.
    @Test func unkillableScriptAndShutdownNosave() throws {
        try Self.sameTranscript(args: ["--busy-reply-threshold", "100"]) { server, out in
            let a = try RawConnection(port: server.port)
            let b = try RawConnection(port: server.port)
            try a.send(command: ["EVAL", "redis.call('set', 'x', 'y') while true do end", "0"])
            sleepBriefly(.milliseconds(30))
            try b.send(command: ["SCRIPT", "KILL"])
            out.append(Self.reply(b))
            try b.send(command: ["SHUTDOWN", "NOSAVE"])
            out.append("closed: \(b.isClosedByPeer(timeout: .seconds(5))) \(a.isClosedByPeer(timeout: .seconds(5)))")
            out.append("exited: \(server.waitForExit(timeout: .seconds(5)) != nil)")
        }
    }

    /// busy-reply-threshold 0: no time limit, the script runs to its end undisturbed.
    @Test func thresholdZeroNeverInterrupts() throws {
        let server = try ServerProcess.structd(args: ["--busy-reply-threshold", "0"])
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let script = "local t0 = redis.call('time') local n = 0 repeat n = n + 1 local t = redis.call('time') until (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > 300000 return 1"
        #expect(try c.roundTrip("EVAL", script, "0") == Array(":1\r\n".utf8))
    }

    /// Memory exhaustion: a clean error under the cap (maxmemory 64mb: a 64 MiB allowance),
    /// the memory is given back, the server keeps serving scripts.
    @Test func memoryCapGivesCleanError() throws {
        let server = try ServerProcess.structd(args: ["--maxmemory", "64mb"])
        defer { server.stop() }
        let c = try RawConnection(port: server.port, timeout: .seconds(30))
        let runaway = [
            "local t = {} for i = 1, 1000 do t[i] = string.rep('x', 1024 * 1024) .. i end return #t",
            "local s = 'x' while true do s = s .. s end",
            "return #string.rep('x', 200 * 1024 * 1024)",
            "local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end",
            "return #table.concat({string.rep('x', 40 * 1024 * 1024), string.rep('y', 40 * 1024 * 1024)})",
        ]
        for script in runaway {
            let reply = String(decoding: try c.roundTrip("EVAL", script, "0"), as: UTF8.self)
            #expect(reply.contains("not enough memory"), "\(script): \(reply.prefix(160))")
            #expect(try c.roundTrip("PING") == Array("+PONG\r\n".utf8))
        }
        // pcall inside the script can catch the memory error and go on.
        let caught = "local ok, e = pcall(string.rep, 'x', 500 * 1024 * 1024) return {tostring(ok), e}"
        let reply = String(decoding: try c.roundTrip("EVAL", caught, "0"), as: UTF8.self)
        #expect(reply.hasPrefix("*2\r\n$5\r\nfalse\r\n$") && reply.contains("not enough memory"), "\(reply)")
        let info = String(decoding: try c.roundTrip("INFO", "memory"), as: UTF8.self)
        let lua = info.split(separator: "\r\n").first { $0.hasPrefix("used_memory_lua:") }.flatMap { Int($0.dropFirst(16)) } ?? -1
        #expect(lua >= 0 && lua < 8 * 1024 * 1024, "used_memory_lua \(lua)")
        #expect(try c.roundTrip("EVAL", "return redis.call('set', 'after', 'ok')", "0") == Array("+OK\r\n".utf8))
    }
}
