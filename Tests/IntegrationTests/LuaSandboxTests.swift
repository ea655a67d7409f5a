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
//   - memory exhaustion under the cap, including what Swift code builds for a script
//     (cmsgpack.pack output, CALL copies between the two Lua states);
//   - GC abuse (collector stopped or detuned for later scripts) and parser abuse (deep
//     nesting, long chains, too many locals, huge constants);
//   - coroutines (deep nesting, yields across C boundaries) and bytecode through load's
//     reader function;
//   - every library function and the redis API called with hostile argument mixes: clean
//     errors, no longjmp through Swift, the server stays up.
// CALL.<alias> depth and recursion are in AliasTests.

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

    /// Memory that Swift code builds for a script (outside Lua's allocator, with the cap
    /// suspended) is bounded by the cap too: a cmsgpack.pack of one big string repeated
    /// thousands of times, and the same table passed to CALL.<alias> from a function (copied
    /// between the two Lua states), get a clean "not enough memory" error, not gigabytes.
    @Test func swiftSideAllocationsRespectTheCap() throws {
        let server = try ServerProcess.structd(args: ["--maxmemory", "64mb"])
        defer { server.stop() }
        let c = try RawConnection(port: server.port, timeout: .seconds(30))
        let bomb = "local s = string.rep('x', 1024 * 1024) local t = {} for i = 1, 4000 do t[i] = s end "
        let packed = String(decoding: try c.roundTrip("EVAL", bomb + "return #cmsgpack.pack(t)", "0"), as: UTF8.self)
        #expect(packed.hasPrefix("-ERR user_script:1: not enough memory"), "\(packed.prefix(160))")
        #expect(try c.roundTrip("EVAL", "return #cmsgpack.pack({string.rep('y', 1000), 1, 2})", "0") == Array(":1006\r\n".utf8))
        _ = try c.roundTrip("SCRIPT", "LOAD", "return #KEYS", "count")
        _ = try c.roundTrip("FUNCTION", "LOAD", "#!lua name=b\nredis.register_function('bomb', function() " + bomb + "return CALL.count(t, {}) end)")
        let copied = String(decoding: try c.roundTrip("FCALL", "bomb", "0"), as: UTF8.self)
        #expect(copied.hasPrefix("-ERR CALL.count: arguments can only hold"), "\(copied.prefix(160))")
        _ = try c.roundTrip("FUNCTION", "LOAD", "REPLACE", "#!lua name=b\nredis.register_function('small', function() return CALL.count({1, 2, 3}, {}) end)")
        #expect(try c.roundTrip("FCALL", "small", "0") == Array(":3\r\n".utf8))
        let info = String(decoding: try c.roundTrip("INFO", "memory"), as: UTF8.self)
        let used = info.split(separator: "\r\n").first { $0.hasPrefix("used_memory:") }.flatMap { Int($0.dropFirst(12)) } ?? -1
        #expect(used > 0 && used < 256 * 1024 * 1024, "used_memory \(used)")
        #expect(try c.roundTrip("PING") == Array("+PONG\r\n".utf8))
    }

    /// GC and parser abuse: a script that tunes the collector to never run leaves the next
    /// script the defaults; pathological chunks (deep nesting, long chains, too many locals,
    /// huge constants) compile to clean errors or run; the server stays up.
    @Test func collectorAndParserAbuse() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port, timeout: .seconds(20))
        _ = try c.roundTrip("EVAL", "collectgarbage('stop') collectgarbage('setpause', 1000000) collectgarbage('setstepmul', 1) return 1", "0")
        #expect(try c.roundTrip("EVAL", "return {collectgarbage('setpause', 200), collectgarbage('setstepmul', 200)}", "0") == Array("*2\r\n:200\r\n:200\r\n".utf8))
        let chunks = [
            "return " + String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000),
            "return " + String(repeating: "{", count: 100_000) + String(repeating: "}", count: 100_000),
            "return " + String(repeating: "'a' .. ", count: 50_000) + "'a'",
            "return " + String(repeating: "-", count: 100_000) + "1",
            "return " + String(repeating: "not ", count: 100_000) + "true",
            String(repeating: "local function f() ", count: 500) + String(repeating: "end ", count: 500),
            (0..<300).map { "local v\($0) = \($0)" }.joined(separator: " "),
            "local t = {" + (0..<300_000).map { String($0) }.joined(separator: ",") + "} return #t",
            String(repeating: "do ", count: 100_000) + String(repeating: "end ", count: 100_000),
            "return '" + String(repeating: "\\", count: 200_000) + "'",
            "x = = = 1",
            "return 1e99999",
            "return 0x" + String(repeating: "f", count: 100_000),
            "goto x",
        ]
        for chunk in chunks {
            for wrapped in [chunk, "local f, e = loadstring(ARGV[1]) if not f then return {err = e} end return f()"] {
                let direct = wrapped == chunk
                let reply = direct ? try c.roundTrip("EVAL", chunk, "0") : try c.roundTrip("EVAL", wrapped, "0", chunk)
                #expect(!reply.isEmpty, "\(chunk.prefix(40))")
                #expect(try c.roundTrip("PING") == Array("+PONG\r\n".utf8), "\(chunk.prefix(40))")
            }
        }
    }

    /// Coroutines: deep nesting stops with a clean error; a yield across a C boundary
    /// (Redis's pcall, CALL.<alias>, gsub's replacement function) is refused cleanly; bytecode
    /// reaches no loader, not even through a reader function.
    @Test func coroutineAndLoaderAbuse() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        _ = try c.roundTrip("SCRIPT", "LOAD", "return coroutine.yield(1)", "yielder")
        let scripts = [
            "local function nest(n) return coroutine.wrap(function() return nest(n + 1) end)() end return nest(1)",
            "local co = coroutine.wrap(function() return pcall(coroutine.yield, 1) end) return {co()}",
            "local co = coroutine.wrap(function() return CALL.yielder() end) return {co()}",
            "local co = coroutine.wrap(function() return (string.gsub('a', 'a', function() coroutine.yield(1) end)) end) return {co()}",
            "local co = coroutine.wrap(function() return table.concat(setmetatable({}, {__index = function() coroutine.yield() end}), ',', 1, 2) end) return {co()}",
            "local co = coroutine.create(function() while true do coroutine.yield(redis.call('ping')) end end) local r = {} for i = 1, 1000 do local ok, v = coroutine.resume(co) r[#r+1] = v.ok end return #r",
            "local f = function() return 1 end local d = string.dump(f) local done = false local g, e = load(function() if done then return nil end done = true return d end) return {tostring(g), e}",
            "return {loadstring(string.dump(function() return 1 end))}",
            "return {load(string.dump(function() return 1 end))}",
        ]
        for script in scripts {
            let reply = try c.roundTrip("EVAL", script, "0")
            #expect(!reply.isEmpty, "\(script)")
            #expect(!String(decoding: reply, as: UTF8.self).contains("$1\r\n1\r\n") || script.contains("dump") == false, "bytecode ran: \(script)")
            #expect(try c.roundTrip("PING") == Array("+PONG\r\n".utf8), "\(script)")
        }
        #expect(String(decoding: try c.roundTrip("EVAL", scripts[6], "0"), as: UTF8.self).contains("attempt to load a binary chunk"))
    }

    /// Every function of every library, and the redis API, called with hostile argument
    /// mixes (seeded, in pcall, thousands of calls): each call returns or raises cleanly,
    /// no error unwinds through Swift, the server stays up and keeps answering scripts.
    @Test func everyApiFunctionSurvivesHostileArguments() throws {
        let server = try ServerProcess.structd(args: ["--loglevel", "warning"])
        defer { server.stop() }
        let c = try RawConnection(port: server.port, timeout: .seconds(30))
        _ = try c.roundTrip("SCRIPT", "LOAD", "return {KEYS[1], ARGV[1]}", "echo")
        let fuzz = """
        local seed = tonumber(ARGV[1])
        local function rnd(n) seed = (seed * 16807) % 2147483647 return seed % n end
        local pool = {nil, true, false, 0, -1, 1.5, 2^31, 2^53, -2^63, 1/0, 0/0, '', 'x', '%', '%d%s%q', 'i4',
          '\0', string.rep('a', 300), {}, {1, 2, 3}, {a = 1}, {{{}}}, function() return 1 end,
          setmetatable({}, {__index = function() return 1 end, __tostring = function() return 't' end}),
          coroutine.create(function() end), 2147483647, 'ok', 'err', 'set', 'get', 'ping'}
        -- (no INT_MIN: table.insert(t, INT_MIN, v) shifts 2^31 elements in 5.1, and here)
        local npool = 32
        local libs = {_G = _G, string = string, table = table, math = math, coroutine = coroutine, cjson = cjson,
          cmsgpack = cmsgpack, struct = struct, bit = bit, redis = redis}
        local skip = {error = true, assert = true, loadstring = true, load = true, collectgarbage = true, log = true}
        local names = {}
        for lib, t in pairs(libs) do
          for k, v in pairs(t) do
            if type(v) == 'function' and not skip[k] then names[#names + 1] = {lib .. '.' .. k, v} end
          end
        end
        table.sort(names, function(a, b) return a[1] < b[1] end)
        local ok, failed = 0, 0
        for i = 1, tonumber(ARGV[2]) do
          local f = names[rnd(#names) + 1]
          local n = rnd(4)
          local a, b, c = pool[rnd(npool) + 1], pool[rnd(npool) + 1], pool[rnd(npool) + 1]
          local good
          if n == 0 then good = pcall(f[2]) elseif n == 1 then good = pcall(f[2], a)
          elseif n == 2 then good = pcall(f[2], a, b) else good = pcall(f[2], a, b, c) end
          if good then ok = ok + 1 else failed = failed + 1 end
        end
        local calls = {pcall(CALL.echo, pool[rnd(npool) + 1], pool[rnd(npool) + 1]), pcall(CALL.nosuch)}
        return {ok, failed, #names}
        """
        for seed in 1...6 {
            let reply = String(decoding: try c.roundTrip("EVAL", fuzz, "0", String(seed * 7919), "3000"), as: UTF8.self)
            #expect(reply.hasPrefix("*3\r\n:"), "seed \(seed): \(reply.prefix(300))")
            #expect(try c.roundTrip("PING") == Array("+PONG\r\n".utf8), "seed \(seed)")
            _ = try c.roundTrip("FLUSHALL")
        }
        #expect(try c.roundTrip("EVAL", "return redis.call('set', 'after', 'fuzz')", "0") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("EVAL", "return {tostring(1), ('abc'):upper(), string.format('%d', 3.5)}", "0") == Array("*3\r\n$1\r\n1\r\n$3\r\nABC\r\n$1\r\n3\r\n".utf8))
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
