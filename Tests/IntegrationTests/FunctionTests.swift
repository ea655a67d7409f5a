// Functions tests (FUNCTION LOAD/LIST/DELETE/FLUSH/DUMP/RESTORE/KILL/STATS/HELP, FCALL,
// FCALL_RO, redis.register_function) against redis-server 7.0.15, byte for byte:
//   (a) a scripted differential in RESP2 and RESP3: library metadata errors, every
//       register_function error, the load-time sandbox ("nonexistent global variable"),
//       FUNCTION LIST (LIBRARYNAME, WITHCODE, their errors), FCALL / FCALL_RO checks and
//       error formats ("script: <function>, on @user_function:N."), DUMP / RESTORE with
//       every policy and every payload error, STATS, HELP, FLUSH;
//   (b) seeded random sequences of LOAD [REPLACE] / DELETE / FCALL / LIST / STATS / RESTORE
//       over colliding library and function names, compared reply by reply;
//   (c) targeted: payloads moving between redis-server and StructD both ways, the 500 ms
//       load timeout, FUNCTION STATS and KILL while a function is busy, libraries surviving
//       DEBUG RELOAD and a restart, INFO's function figures, CALL.<alias> from a function.
// Redis lists libraries in its hash order; steps that list several libraries compare as
// multisets. Lua 5.3's own messages differ from 5.1's in places (docs/scripting.md); steps
// avoid those.

import Foundation
import Glibc
import RESP
import Testing

enum FunctionTesting {
    static let serverArgs = ["--enable-debug-command", "yes"]

    static func load(_ code: String, replace: Bool = false) -> DiffStep {
        DiffStep(["FUNCTION", "LOAD"] + (replace ? ["REPLACE"] : []) + [code])
    }

    /// FUNCTION FLUSH then LOAD: each error case on an empty library set.
    static func fresh(_ code: String) -> [DiffStep] {
        [["FUNCTION", "FLUSH"], load(code)]
    }

    /// A library list whose library order is Redis's hash order.
    static let anyOrder: Comparison = .unordered

    /// The payload in a bulk reply ($n\r\n<payload>\r\n).
    static func bulkPayload(_ reply: [UInt8]) -> [UInt8]? {
        guard reply.first == UInt8(ascii: "$"), let cr = reply.firstIndex(of: 13) else { return nil }
        guard let n = Int(String(decoding: reply[1..<cr], as: UTF8.self)), n >= 0 else { return nil }
        let start = cr + 2
        guard reply.count >= start + n + 2 else { return nil }
        return Array(reply[start..<(start + n)])
    }

    /// Redis's CRC64 (Jones, reflected), to build payloads by hand.
    static func crc64(_ data: [UInt8]) -> UInt64 {
        var crc: UInt64 = 0
        for b in data {
            crc ^= UInt64(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x95AC_9329_AC4B_C9B5 : crc >> 1 }
        }
        return crc
    }

    /// A FUNCTION DUMP-shaped payload: `body`, the RDB version, the CRC64.
    static func payload(_ body: [UInt8], version: UInt16 = 10) -> [UInt8] {
        var p = body + [UInt8(version & 0xFF), UInt8(version >> 8)]
        let crc = crc64(p)
        for i in 0..<8 { p.append(UInt8(truncatingIfNeeded: crc >> (8 * UInt64(i)))) }
        return p
    }

    /// One FUNCTION2 record: the opcode and the code as an RDB string (plain length form).
    static func record(_ code: String) -> [UInt8] {
        let b = Array(code.utf8)
        var out: [UInt8] = [0xF5]
        if b.count < 64 {
            out.append(UInt8(b.count))
        } else if b.count < 16384 {
            out += [0x40 | UInt8(b.count >> 8), UInt8(b.count & 0xFF)]
        } else {
            out += [0x80, UInt8(b.count >> 24), UInt8((b.count >> 16) & 0xFF), UInt8((b.count >> 8) & 0xFF), UInt8(b.count & 0xFF)]
        }
        return out + b
    }

    static func restore(_ payload: [UInt8], _ policy: String? = nil) -> DiffStep {
        var parts: [[UInt8]] = [Array("FUNCTION".utf8), Array("RESTORE".utf8), payload]
        if let policy { parts.append(Array(policy.utf8)) }
        return .raw(encode(parts), label: "FUNCTION RESTORE <\(payload.count) bytes> \(policy ?? "")")
    }

    /// FUNCTION LIST with its library order and each library's function order made
    /// canonical: Redis lists both in the order of hash tables seeded at random per process
    /// (two redis-servers disagree), so only the contents can be compared. Every other
    /// byte (field names and order, flags, descriptions, code, RESP2/RESP3 types) is kept.
    static func canonicalList(_ frame: [UInt8]) -> [UInt8] {
        guard let top = try? RESPFramer.aggregate(frame) else { return frame }
        let functionsKey = Array("$9\r\nfunctions\r\n".utf8)
        var libraries: [[UInt8]] = []
        for library in top.elements {
            guard let lib = try? RESPFramer.aggregate(library) else { libraries.append(library); continue }
            var fields = lib.elements
            if let k = fields.firstIndex(of: functionsKey), k + 1 < fields.count,
               let fns = try? RESPFramer.aggregate(fields[k + 1]) {
                fields[k + 1] = header(fns.type, fns.elements.count) + fns.elements.sorted { $0.lexicographicallyPrecedes($1) }.joined()
            }
            let count = lib.type == UInt8(ascii: "%") ? fields.count / 2 : fields.count
            libraries.append(header(lib.type, count) + fields.joined())
        }
        return top.attribute + header(top.type, libraries.count) + libraries.sorted { $0.lexicographicallyPrecedes($1) }.joined()
    }

    static func header(_ type: UInt8, _ count: Int) -> [UInt8] { [type] + Array("\(count)\r\n".utf8) }

    /// Compares FUNCTION LIST replies through canonicalList.
    static let sameLibraries: Comparison = .custom { expected, actual in
        canonicalList(expected) == canonicalList(actual)
    }

    static func encode(_ parts: [[UInt8]]) -> [UInt8] {
        var out = Array("*\(parts.count)\r\n".utf8)
        for p in parts { out += Array("$\(p.count)\r\n".utf8) + p + [13, 10] }
        return out
    }
}

@Suite("Functions", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct FunctionTests {
    typealias T = FunctionTesting

    static let steps: [DiffStep] = {
        var s: [DiffStep] = []
        // Metadata and library names.
        for code in ["", "lua name=x\n", "#!", "#!\n", "#!lua\n", "#!lua name=x foo=bar\n", "#!lua name=x\n",
                     "#!lua name=x", "#!lua name=x-y\nredis.register_function('f', function() end)",
                     "#!lua2 name=x\nredis.register_function('f', function() end)",
                     "#!lua name=\nredis.register_function('f', function() end)",
                     "#!lua name=z name=w\nredis.register_function('f', function() end)",
                     "#! lua name=z\nredis.register_function('f', function() end)",
                     "#!lua name=\"a b\"\nredis.register_function('f', function() end)",
                     "#!lua name=\"unbalanced\nredis.register_function('f', function() end)",
                     "#!LUA NAME=q\nredis.register_function('f', function() end)",
                     "#!lua\tname=t\r\nredis.register_function('f', function() end)"] {
            s += T.fresh(code)
        }
        // register_function, positional and named forms, and each of its errors.
        let registrations = [
            "redis.register_function('f')",
            "redis.register_function('f', 1)",
            "redis.register_function(1, function() return 1 end)",
            "redis.register_function({}, function() end)",
            "redis.register_function(nil, function() end)",
            "redis.register_function()",
            "redis.register_function('', function() end)",
            "redis.register_function('f-', function() end)",
            "redis.register_function('a', function() end, nil)",
            "redis.register_function('f', function() end, 3)",
            "redis.register_function({})",
            "redis.register_function({function_name='f'})",
            "redis.register_function({callback=function() end})",
            "redis.register_function({function_name='f', callback=function() end, foo=1})",
            "redis.register_function({function_name='f', callback=function() end, flags='no-writes'})",
            "redis.register_function({function_name='f', callback=function() end, flags={'bad'}})",
            "redis.register_function({function_name='f', callback=function() end, flags={1}})",
            "redis.register_function({function_name='f', callback=function() end, flags={no_writes=true}})",
            "redis.register_function({function_name='f', callback=function() end, description=1})",
            "redis.register_function({function_name='f', callback=function() end, description={}})",
            "redis.register_function({function_name=1, callback=function() end})",
            "redis.register_function({function_name={}, callback=function() end})",
            "redis.register_function({function_name='f', callback=1})",
            "redis.register_function({[1]=2, function_name='f', callback=function() end})",
            "redis.register_function('f', function() end) redis.register_function('f', function() end)",
            "redis.register_function('f', function() end) redis.register_function('F', function() end)",
            "redis.register_function{function_name='f', callback=function() return 1 end, flags={'NO-WRITES', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys', 'no-writes'}, description='d'}",
            // The load-time world: only `redis`, and only part of it.
            "redis.call('set','a','b')",
            "x = 1",
            "redis.foo = 1",
            "local y = string",
            "local y = pairs",
            "local y = redis.setresp",
            "local y = redis.pcall",
            "local y = _G",
            "local y = KEYS",
            "local y = {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING, redis.REDIS_VERSION, redis.REDIS_VERSION_NUM} redis.register_function('f', function() return y end)",
            "redis.log(redis.LOG_DEBUG, 'from load') redis.register_function('f', function() end)",
            "redis.register_function('f', function() end) return 5",
        ]
        for r in registrations {
            s += T.fresh("#!lua name=x\n" + r)
        }
        s += [["FUNCTION", "LIST"], ["FUNCTION", "LIST", "WITHCODE"]]
        // A library set to work with.
        s += [["FUNCTION", "FLUSH"]]
        s += [
            T.load("#!lua name=lib1\nredis.register_function('f1', function(keys, args) return keys[1] end)"),
            T.load("#!lua name=lib1\nredis.register_function('f1', function(keys, args) return keys[1] end)"),
            T.load("#!lua name=lib1\nredis.register_function('f1', function(keys, args) return {keys, args} end)", replace: true),
            T.load("#!lua name=lib2\nredis.register_function('F1', function() return 1 end)"),
            T.load("#!lua name=lib2\nredis.register_function{function_name='f2', callback=function(keys, args) return args[1] end, flags={'no-writes'}, description='desc two'}"),
            T.load("#!lua name=lib1\nlocal x = = 1"),
            T.load("#!lua name=lib1\nlocal x = = 1", replace: true),
            T.load("#!lua name=lib1\nredis.register_function('f2', function() end)", replace: true),
            DiffStep(["FUNCTION", "LIST"], compare: T.anyOrder),
            DiffStep(["FUNCTION", "LIST", "WITHCODE"], compare: T.anyOrder),
            DiffStep(["FUNCTION", "LIST", "LIBRARYNAME", "lib*"], compare: T.anyOrder),
            ["FUNCTION", "LIST", "LIBRARYNAME", "LIB2"],
            ["FUNCTION", "LIST", "libraryname", "lib1", "withcode"],
            ["FUNCTION", "LIST", "LIBRARYNAME", "nomatch"],
            ["FUNCTION", "LIST", "LIBRARYNAME"],
            ["FUNCTION", "LIST", "foo"],
            ["FUNCTION", "LIST", "WITHCODE", "WITHCODE"],
            ["FUNCTION", "LIST", "LIBRARYNAME", "a", "LIBRARYNAME", "b"],
            ["FUNCTION", "STATS"],
            ["FCALL", "f1", "2", "a", "b", "c", "d"],
            ["FCALL", "F1", "0"],
            ["FCALL", "f2", "0", "x"],
            ["FCALL_RO", "f1", "1", "k"],
            ["FCALL_RO", "f2", "0", "x"],
            ["FCALL", "nosuch", "0"],
            ["FCALL", "nosuch", "99999999999999999999"],
            ["FCALL", "f1", "2", "k"],
            ["FCALL", "f1", "-1", "k"],
            ["FCALL", "f1", "x"],
            ["FCALL", "f1"],
            ["FCALL_RO", "nosuch", "0"],
            ["FUNCTION", "DELETE", "nosuch"],
            ["FUNCTION", "DELETE", "LIB1"],
            ["FUNCTION", "DELETE", "lib1"],
            ["FUNCTION", "DELETE"],
            ["FUNCTION", "DELETE", "a", "b"],
            ["FUNCTION", "DUMP"],
            ["FUNCTION", "FLUSH", "foo"],
            ["FUNCTION", "FLUSH", "ASYNC", "x"],
            ["FUNCTION", "KILL"],
            ["FUNCTION", "KILL", "x"],
            ["FUNCTION", "STATS", "x"],
            ["FUNCTION", "DUMP", "x"],
            ["FUNCTION", "RESTORE"],
            ["FUNCTION", "HELP"],
            ["FUNCTION", "nosuch"],
            ["FUNCTION"],
            ["FUNCTION", "LOAD"],
            ["FUNCTION", "LOAD", "REPLACE"],
            ["FUNCTION", "LOAD", "FOO", "x"],
            ["FUNCTION", "LOAD", "REPLACE", "x", "y"],
            ["FUNCTION", "FLUSH", "SYNC"],
            ["FUNCTION", "FLUSH", "async"],
            ["FUNCTION", "FLUSH"],
            ["FUNCTION", "DUMP"],
        ]
        // Running functions: arguments, errors and their formats, flags, state in upvalues.
        s += [
            T.load("#!lua name=v\n"
                + "redis.register_function('e1', function() return redis.error_reply('MY err') end)\n"
                + "redis.register_function('e2', function() error({err='MY raised'}) end)\n"
                + "redis.register_function('e3', function() return redis.call('incr', 'nokey', 'x') end)\n"
                + "redis.register_function('e4', function() return redis.pcall('incr', 'nokey', 'x') end)\n"
                + "redis.register_function('e5', function() error('plain') end)\n"
                + "redis.register_function('e6', function() return redis.call('nosuch') end)\n"
                + "redis.register_function('e7', function() return KEYS end)\n"
                + "redis.register_function('e8', function() y = 1 end)\n"
                + "redis.register_function('e9', function() return redis.register_function('z', function() end) end)\n"
                + "local rf = redis.register_function\n"
                + "redis.register_function('e10', function() return rf('z', function() end) end)\n"
                + "local n = 0\n"
                + "redis.register_function('cnt', function() n = n + 1 return n end)\n"
                + "redis.register_function('ks', function(keys, args) return {keys, args} end)\n"
                + "redis.register_function('set', function(keys, args) return redis.call('set', keys[1], args[1]) end)\n"
                + "redis.register_function{function_name='ro', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end, flags={'no-writes'}}\n"
                + "redis.register_function('resp', function() redis.setresp(3) return redis.call('hgetall', 'h') end)\n"
                + "redis.register_function('globals', function() local t = {} for k in pairs(_G) do t[#t+1] = k end table.sort(t) return table.concat(t, ',') end)\n"
                + "redis.register_function('api', function() local t = {} for k in pairs(redis) do t[#t+1] = k end table.sort(t) return table.concat(t, ',') end)"),
        ]
        for name in ["e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e10", "cnt", "cnt", "globals", "api"] {
            s.append(["FCALL", name, "0"])
        }
        s += [
            ["FCALL", "ks", "2", "a", "b", "c", "d"],
            ["FCALL", "KS", "0"],
            ["FCALL", "set", "1", "k", "v"],
            ["FCALL_RO", "set", "1", "k", "v"],
            ["FCALL", "ro", "1", "k", "v"],
            ["FCALL_RO", "ro", "1", "k", "v"],
            ["HSET", "h", "a", "1"],
            ["FCALL", "resp", "0"],
            ["GET", "k"],
            ["FUNCTION", "STATS"],
            DiffStep(["INFO", "errorstats"], compare: ScriptTesting.sameInfoLines("errorstat_")),
        ]
        // DUMP and RESTORE: one library at a time, so the dump's order is fixed.
        let libA = "#!lua name=a\nredis.register_function('fa', function() return 'a' end)"
        let libB = "#!lua name=b\nredis.register_function('fb', function() return 'b' end)"
        let libB2 = "#!lua name=b\nredis.register_function('fa', function() return 'b2' end)"
        let big = "#!lua name=big\n" + (0..<30).map { "redis.register_function('fn\($0)', function(keys, args) return \($0) end)\n" }.joined()
        s += [
            ["FUNCTION", "FLUSH"],
            T.load(libA),
            ["FUNCTION", "DUMP"],
            T.restore(T.payload(T.record(libA))),
            T.restore(T.payload(T.record(libA)), "APPEND"),
            T.restore(T.payload(T.record(libA)), "replace"),
            T.restore(T.payload(T.record(libB2))),
            T.restore(T.payload(T.record(libB2)), "REPLACE"),
            T.restore(T.payload(T.record(libB)), "FLUSH"),
            ["FUNCTION", "LIST"],
            T.restore(T.payload(T.record(libA)), "foo"),
            T.restore(T.payload(T.record(libA)), "FLUSH") ,
            .raw(T.encode([Array("FUNCTION".utf8), Array("RESTORE".utf8), T.payload(T.record(libA)), Array("FLUSH".utf8), Array("x".utf8)])),
            T.restore(Array("abc".utf8)),
            T.restore([]),
            T.restore(Array(T.payload(T.record(libA)).dropLast()) + [0]),
            T.restore(T.payload(T.record(libA), version: 11)),
            T.restore(T.payload(T.record(libA), version: 9), "REPLACE"),
            T.restore(T.payload([])),
            T.restore(T.payload(T.record("#!lua name=c\nlocal x = = 1"))),
            T.restore(T.payload(T.record("#!lua name=c\nerror('x')"))),
            T.restore(T.payload(T.record("#!lua name=c\n"))),
            T.restore(T.payload(T.record("lua name=c\n"))),
            T.restore(T.payload(T.record(libA) + T.record(libA)), "FLUSH"),
            T.restore(T.payload(T.record(libA) + T.record(libB2)), "FLUSH"),
            T.restore(T.payload([0xF6] + T.record("#!lua name=c\n"))),
            T.restore(T.payload([0xF5])),
            T.restore(T.payload([0xF5, 0x05] + Array("ab".utf8))),
            T.restore(T.payload([0xF5, 0xC0, 0x05])),
            T.restore(T.payload(T.record(libB) + [0]), "FLUSH"),
            T.restore(T.payload([0x00, 0x01, 0x76])),
            ["FUNCTION", "LIST"],
            ["FUNCTION", "FLUSH"],
            T.load(big),
            ["FUNCTION", "DUMP"],
            ["FCALL", "fn29", "0"],
        ]
        return s
    }()

    @Test(arguments: [false, true])
    func matchesRedis(resp3: Bool) throws {
        try Differential(resp3: resp3, serverArgs: T.serverArgs).check(Self.steps)
    }

    /// Random sequences over a few library and function names that collide in every way.
    @Test(arguments: [false, true])
    func randomSequencesMatchRedis(resp3: Bool) throws {
        let libraries = ["la", "lb", "lc"]
        let functions = ["f", "g", "F", "h"]
        // One function per library: Redis lists a library's functions, and reports the first
        // of several collisions, in its hash order.
        func library(_ r: inout SeededRandom) -> String {
            let f = r.pick(functions)
            let flags = r.chance(0.3) ? ", flags={'no-writes'}" : ""
            return "#!lua name=\(r.pick(libraries))\n"
                + "redis.register_function{function_name='\(f)', callback=function(keys, args) return {'\(f)', #keys, args[1]} end\(flags)}\n"
        }
        try Differential(resp3: resp3, serverArgs: T.serverArgs).checkRandom(seed: resp3 ? 4303 : 4302, count: 300) { r, _ in
            switch r.int(in: 0..<10) {
            case 0, 1: return T.load(library(&r), replace: r.chance(0.5))
            case 2: return DiffStep(["FUNCTION", "DELETE", r.pick(libraries + ["nosuch"])])
            case 3, 4: return DiffStep([r.pick(["FCALL", "FCALL_RO"]), r.pick(functions + ["nosuch"]), "1", "k", "arg"])
            case 5: return DiffStep(["FUNCTION", "LIST", "LIBRARYNAME", r.pick(libraries), "WITHCODE"])
            case 6: return DiffStep(["FUNCTION", "STATS"])
            case 7:
                return T.restore(T.payload(T.record(library(&r))), r.pick(["APPEND", "REPLACE", "FLUSH"]))
            case 8: return DiffStep(["FUNCTION", "LIST"], compare: T.anyOrder)
            default: return r.chance(0.1) ? DiffStep(["FUNCTION", "FLUSH"]) : DiffStep(["FCALL", r.pick(functions), "0"])
            }
        }
    }

    /// Every FUNCTION subcommand on libraries with several functions, flags and
    /// descriptions, in RESP2 and RESP3: FUNCTION LIST (every form) compared with the
    /// library and function order made canonical (Redis's own order is random per process),
    /// everything else byte for byte; FUNCTION STATS idle, on an empty and a loaded set.
    @Test(arguments: [false, true])
    func everySubcommandMatchesRedis(resp3: Bool) throws {
        let libs = [
            "#!lua name=alpha\nredis.register_function('a1', function() return 1 end)\n"
                + "redis.register_function{function_name='a2', callback=function(k, a) return a[1] end, flags={'no-writes', 'allow-oom'}, description='second of alpha'}\n"
                + "redis.register_function{function_name='A3', callback=function() return 3 end, flags={'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}}",
            "#!lua name=beta\nredis.register_function{function_name='b1', callback=function() return 'b' end, description=''}\n"
                + "redis.register_function('b2', function() return redis.call('ping') end)",
            "#!lua name=gamma_3\nredis.register_function{function_name='g', callback=function() return 'g' end, flags={}}",
        ]
        let list: (String...) -> DiffStep = { args in DiffStep(["FUNCTION", "LIST"] + args, compare: T.sameLibraries) }
        var steps: [DiffStep] = [
            ["FUNCTION", "STATS"], list(), list("WITHCODE"), ["FUNCTION", "DUMP"], ["FUNCTION", "FLUSH"],
            ["FUNCTION", "DELETE", "alpha"], ["FCALL", "a1", "0"], ["FUNCTION", "KILL"],
        ]
        for lib in libs { steps.append(T.load(lib)) }
        steps += [
            ["FUNCTION", "STATS"],
            list(), list("WITHCODE"), list("LIBRARYNAME", "a*"), list("LIBRARYNAME", "*a*", "WITHCODE"),
            list("WITHCODE", "LIBRARYNAME", "beta"), list("LIBRARYNAME", "ALPHA"), list("LIBRARYNAME", "gamma_?"),
            list("LIBRARYNAME", "[ab]*"), list("LIBRARYNAME", "nomatch"),
            ["FUNCTION", "LIST", "LIBRARYNAME"], ["FUNCTION", "LIST", "WITHCODE", "x"],
            ["FCALL", "a1", "0"], ["FCALL", "A2", "0", "arg"], ["FCALL_RO", "a2", "0", "arg"], ["FCALL_RO", "a1", "0"],
            ["FCALL", "a3", "0"], ["FCALL", "b2", "0"], ["FCALL_RO", "g", "0"],
            T.load(libs[1]), T.load(libs[1], replace: true),
            T.load("#!lua name=delta\nredis.register_function('a1', function() end)"),
            T.load("#!lua name=beta\nredis.register_function('a1', function() end)", replace: true),
            list(),
            ["FUNCTION", "DELETE", "beta"], ["FUNCTION", "DELETE", "beta"], list(), ["FUNCTION", "STATS"],
            ["FUNCTION", "FLUSH", "SYNC"], ["FUNCTION", "STATS"], list(), ["FUNCTION", "DUMP"],
            T.load(libs[2]), ["FUNCTION", "DUMP"],
            ["FUNCTION", "FLUSH", "ASYNC"], ["FUNCTION", "STATS"],
            ["FUNCTION", "HELP"], ["FUNCTION", "KILL"], ["FUNCTION", "STATS"],
        ]
        try Differential(resp3: resp3, serverArgs: T.serverArgs).check(steps)
    }

    /// FUNCTION DUMP of several libraries moves from redis-server to StructD and back: each
    /// side restores the other's payload (APPEND, REPLACE and FLUSH) and lists the same
    /// libraries; a library's payload alone is byte for byte the same on both.
    @Test func multiLibraryPayloadsMoveBetweenServers() throws {
        let redis = try ServerProcess.redis()
        defer { redis.stop() }
        let structd = try ServerProcess.structd()
        defer { structd.stop() }
        let r = try RawConnection(port: redis.port)
        let s = try RawConnection(port: structd.port)
        let codes = (0..<5).map { i in
            "#!lua name=lib\(i)\n" + (0..<(i + 2)).map { "redis.register_function('f\(i)_\($0)', function() return \(i * 10 + $0) end)\n" }.joined()
                + String(repeating: "-- padding so LZF compresses this library\n", count: i * 20)
        }
        for code in codes { _ = try r.roundTrip("FUNCTION", "LOAD", code) }
        let fromRedis = try #require(T.bulkPayload(try r.roundTrip("FUNCTION", "DUMP")))
        for policy in ["APPEND", "REPLACE", "FLUSH"] {
            if policy == "APPEND" { _ = try s.roundTrip("FUNCTION", "FLUSH") }
            try s.send(commandBytes: [Array("FUNCTION".utf8), Array("RESTORE".utf8), fromRedis, Array(policy.utf8)])
            #expect(try s.readReplyBytes() == Array("+OK\r\n".utf8), "\(policy)")
        }
        #expect(T.canonicalList(try s.roundTrip("FUNCTION", "LIST", "WITHCODE")) == T.canonicalList(try r.roundTrip("FUNCTION", "LIST", "WITHCODE")))
        #expect(try s.roundTrip("FCALL", "f4_5", "0") == Array(":45\r\n".utf8))
        let fromStructd = try #require(T.bulkPayload(try s.roundTrip("FUNCTION", "DUMP")))
        _ = try r.roundTrip("FUNCTION", "FLUSH")
        try r.send(commandBytes: [Array("FUNCTION".utf8), Array("RESTORE".utf8), fromStructd])
        #expect(try r.readReplyBytes() == Array("+OK\r\n".utf8))
        #expect(T.canonicalList(try r.roundTrip("FUNCTION", "LIST", "WITHCODE")) == T.canonicalList(try s.roundTrip("FUNCTION", "LIST", "WITHCODE")))
        #expect(try r.roundTrip("FCALL", "f3_1", "0") == Array(":31\r\n".utf8))
        // One library: no order to disagree on, the payloads are identical.
        for code in [codes[4], codes[0]] {
            _ = try r.roundTrip("FUNCTION", "FLUSH")
            _ = try s.roundTrip("FUNCTION", "FLUSH")
            _ = try r.roundTrip("FUNCTION", "LOAD", code)
            _ = try s.roundTrip("FUNCTION", "LOAD", code)
            #expect(try r.roundTrip("FUNCTION", "DUMP") == (try s.roundTrip("FUNCTION", "DUMP")))
        }
    }

    /// DUMP payloads move between redis-server and StructD in both directions.
    @Test func payloadsMoveBetweenServers() throws {
        let redis = try ServerProcess.redis()
        defer { redis.stop() }
        let structd = try ServerProcess.structd()
        defer { structd.stop() }
        let r = try RawConnection(port: redis.port)
        let s = try RawConnection(port: structd.port)
        let code = "#!lua name=moved\n" + (0..<20).map { "redis.register_function('m\($0)', function() return \($0) end)\n" }.joined()
        _ = try r.roundTrip("FUNCTION", "LOAD", code)
        let fromRedis = try #require(T.bulkPayload(try r.roundTrip("FUNCTION", "DUMP")))
        try s.send(commandBytes: [Array("FUNCTION".utf8), Array("RESTORE".utf8), fromRedis])
        #expect(try s.readReplyBytes() == Array("+OK\r\n".utf8))
        #expect(try s.roundTrip("FCALL", "m19", "0") == Array(":19\r\n".utf8))
        // Ours is byte for byte Redis's (LZF included), and Redis restores it.
        let fromStructd = try #require(T.bulkPayload(try s.roundTrip("FUNCTION", "DUMP")))
        #expect(fromStructd == fromRedis)
        _ = try r.roundTrip("FUNCTION", "FLUSH")
        try r.send(commandBytes: [Array("FUNCTION".utf8), Array("RESTORE".utf8), fromStructd])
        #expect(try r.readReplyBytes() == Array("+OK\r\n".utf8))
        #expect(try r.roundTrip("FCALL", "m3", "0") == Array(":3\r\n".utf8))
    }

    /// Library code runs at most 500 ms; the server stays usable.
    @Test func loadTimeout() throws {
        try Differential(serverArgs: T.serverArgs).check([
            T.load("#!lua name=x\nlocal a = 0 while true do a = a + 1 end"),
            T.load("#!lua name=x\nredis.register_function('f', function() return 1 end)"),
            ["FCALL", "f", "0"],
        ])
    }

    /// FUNCTION STATS and KILL while a function is past busy-reply-threshold.
    @Test func statsAndKillWhileBusy() throws {
        let server = try ServerProcess.structd(args: ["--busy-reply-threshold", "100"])
        defer { server.stop() }
        let a = try RawConnection(port: server.port)
        let b = try RawConnection(port: server.port, timeout: .seconds(10))
        _ = try a.roundTrip("FUNCTION", "LOAD", "#!lua name=slow\nredis.register_function('slow', function() local i = 0 while true do i = i + 1 end end)")
        try b.send(command: ["FCALL", "slow", "1", "kk", "arg1"])
        sleepBriefly(.milliseconds(400))
        try a.send(command: ["FUNCTION", "STATS"])
        let text = String(decoding: try a.readReplyBytes(), as: UTF8.self)
        #expect(text.hasPrefix("*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$4\r\nslow\r\n$7\r\ncommand\r\n*5\r\n$5\r\nFCALL\r\n$4\r\nslow\r\n$1\r\n1\r\n$2\r\nkk\r\n$4\r\narg1\r\n$11\r\nduration_ms\r\n:"))
        #expect(try a.roundTrip("PING") == Array("-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n".utf8))
        #expect(try a.roundTrip("SCRIPT", "KILL") == Array("-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n".utf8))
        #expect(try a.roundTrip("FUNCTION", "KILL") == Array("+OK\r\n".utf8))
        #expect(try b.readReplyBytes() == Array("-ERR Script killed by user with SCRIPT KILL... script: slow, on @user_function:2.\r\n".utf8))
        #expect(try a.roundTrip("PING") == Array("+PONG\r\n".utf8))
        // While an EVAL script is busy, FUNCTION STATS answers BUSY, as in Redis.
        try b.send(command: ["EVAL", "while true do end", "0"])
        sleepBriefly(.milliseconds(300))
        #expect(try a.roundTrip("FUNCTION", "STATS") == Array("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n".utf8))
        #expect(try a.roundTrip("SCRIPT", "KILL") == Array("+OK\r\n".utf8))
        #expect(try b.readReplyBytes().starts(with: Array("-ERR Script killed by user".utf8)))
    }

    /// Libraries are saved in the snapshot and come back after DEBUG RELOAD and a restart;
    /// INFO counts them.
    @Test func librariesPersist() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        defer { server.stop() }
        var c = try RawConnection(port: server.port)
        _ = try c.roundTrip("FUNCTION", "LOAD", "#!lua name=p1\nredis.register_function('pf', function() return 'kept' end)")
        _ = try c.roundTrip("FUNCTION", "LOAD", "#!lua name=p2\nredis.register_function('pg', function() return 2 end) redis.register_function('ph', function() return 3 end)")
        let info = String(decoding: try c.roundTrip("INFO", "memory"), as: UTF8.self)
        #expect(info.contains("number_of_functions:3\r\n"))
        #expect(info.contains("number_of_libraries:2\r\n"))
        #expect(!info.contains("used_memory_vm_functions:0\r\n"))
        #expect(try c.roundTrip("DEBUG", "RELOAD") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("FCALL", "pf", "0") == Array("$4\r\nkept\r\n".utf8))
        #expect(try c.roundTrip("SAVE") == Array("+OK\r\n".utf8))
        let dump = try c.roundTrip("FUNCTION", "DUMP")
        c.close()
        _ = server.stop()
        let restarted = try ServerProcess.structd(args: ["--dir", server.directory, "--enable-debug-command", "yes"])
        defer { restarted.stop() }
        c = try RawConnection(port: restarted.port)
        #expect(try c.roundTrip("FCALL", "ph", "0") == Array(":3\r\n".utf8))
        #expect(try c.roundTrip("FUNCTION", "DUMP") == dump)
    }

    /// A function may call an aliased EVAL script (CALL.<alias>): values are copied between
    /// the two VMs, errors carry the chain.
    @Test func functionsCallAliases() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        _ = try c.roundTrip("SCRIPT", "LOAD", "return {KEYS[1], ARGV[1], 3.5, {nested=true}}", "ret")
        _ = try c.roundTrip("SCRIPT", "LOAD", "error('boom')", "bad")
        _ = try c.roundTrip("FUNCTION", "LOAD", "#!lua name=L\nredis.register_function('viaCall', function(k, a) local r = CALL.ret({k[1]}, {a[1]}) return {r[1], r[2], r[3] * 2, r[4].nested} end)\nredis.register_function('viaBad', function() return CALL.bad() end)")
        #expect(try c.roundTrip("FCALL", "viaCall", "1", "key", "arg") == Array("*4\r\n$3\r\nkey\r\n$3\r\narg\r\n:7\r\n:1\r\n".utf8))
        #expect(try c.roundTrip("FCALL", "viaBad", "0") == Array("-ERR user_script:1: boom script: bad, on @user_script:1. <- CALL.bad in script: viaBad, on @user_function:3.\r\n".utf8))
    }
}
