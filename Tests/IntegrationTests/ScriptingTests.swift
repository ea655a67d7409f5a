// Scripting tests (EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT LOAD/EXISTS/FLUSH/KILL/HELP and
// the `redis` Lua API) against redis-server 7.0.15, byte for byte:
//   (a) a scripted differential in RESP2 and RESP3: reply conversions both ways (every
//       RESP3 type after redis.setresp(3)), error formats ("... script: <sha>, on
//       @user_script:N."), redis.call/pcall errors, shebang flags and their errors, read-only
//       scripts, numkeys errors, NOSCRIPT, SCRIPT subcommands, redis.* helpers, math.random
//       sequences, cmsgpack/struct/bit/cjson outputs, binary-safe KEYS/ARGV, nesting bounds;
//   (b) seeded random scripts (random redis.call sequences over strings and hashes, random
//       return shapes), compared reply by reply, with DEBUG DIGEST along the way;
//   (c) targeted: errorstats/commandstats after script errors, MONITOR order, the scripts
//       cache across SCRIPT FLUSH, OOM with shebang flags, large replies.
// Lua 5.3 differs from Redis's 5.1 in a few visible places (docs/scripting.md); steps avoid
// those, and replies whose order is Lua's hash order are compared as multisets.

import Foundation
import Glibc
import RESP
import Testing

enum ScriptTesting {
    static let serverArgs = ["--enable-debug-command", "yes"]

    static func eval(_ script: String, _ rest: String..., compare: Comparison? = nil) -> DiffStep {
        DiffStep(["EVAL", script] + (rest.isEmpty ? ["0"] : rest), compare: compare)
    }

    /// A map reply (RESP3 %, or RESP2 flat key/value array) whose order is Lua's.
    static let anyOrderPairs: Comparison = .custom { expected, actual in
        Comparison.unordered.matches(expected: expected, actual: actual)
            || Comparison.unorderedPairs.matches(expected: expected, actual: actual)
    }

    /// INFO sections compared on the set of lines starting with `prefix`.
    static func sameInfoLines(_ prefix: String) -> Comparison {
        .custom { expected, actual in
            func lines(_ frame: [UInt8]) -> Set<Substring> {
                let text = String(decoding: frame, as: UTF8.self)
                return Set(text.split(separator: "\r\n").filter { $0.hasPrefix(prefix) })
            }
            return lines(expected) == lines(actual)
        }
    }
}

@Suite("Scripting", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct ScriptingTests {
    typealias T = ScriptTesting

    /// Deterministic scripts; both servers start fresh (math.random sequences included).
    static let steps: [DiffStep] = {
        var s: [DiffStep] = [
            // math.random first: one generator state per server, from drand48's default.
            T.eval("return {math.random(10), math.random(10), math.random(1000000), math.random(5, 8)}"),
            T.eval("return tostring(math.random())"),
            T.eval("math.randomseed(42) return {tostring(math.random()), math.random(1000)}"),
            T.eval("return math.random(0)"),
            T.eval("return math.random(3, 1)"),
            T.eval("return math.random(1, 2, 3)"),
            // The environment: exactly Redis 7.0's globals and library contents.
            T.eval("local t = {} for k, v in pairs(_G) do t[#t+1] = k .. ':' .. type(v) end table.sort(t) return t"),
        ]
        for lib in ["string", "table", "math", "coroutine", "bit", "cjson", "cmsgpack", "struct", "redis"] {
            s.append(T.eval("local t = {} for k, v in pairs(\(lib)) do t[#t+1] = k .. ':' .. type(v) end table.sort(t) return t"))
        }
        s += [
            // Lua -> reply.
            T.eval("return 1"),
            T.eval("return 3.99"),
            T.eval("return -3.99"),
            T.eval("return 1e20"),
            T.eval("return 0/0"),
            T.eval("return 'hello'"),
            T.eval("return ''"),
            T.eval("return 'a\\0b\\r\\n'"),
            T.eval("return true"),
            T.eval("return false"),
            T.eval("return nil"),
            T.eval("return"),
            T.eval("return 'a', 'b'"),
            T.eval("return {1, 2, nil, 4}"),
            T.eval("return {1, {2, {3, {4}}}, 'x', true, false}"),
            T.eval("return {x=1, 2, 3}"),
            T.eval("return {[1]=1, [3]=3}"),
            T.eval("return {}"),
            T.eval("return {ok='fine'}"),
            T.eval("return {err='My error'}"),
            T.eval("return {err='-X'}"),
            T.eval("return {err=''}"),
            T.eval("return {ok='a', err='b'}"),
            T.eval("return {ok=1}"),
            T.eval("return {err=1}"),
            T.eval("return {err='a\\r\\nb'}"),
            T.eval("return {ok='a\\r\\nb'}"),
            T.eval("return {1, {ok='x'}, {err='y'}, {map={}}}"),
            T.eval("return {double=3.5}"),
            T.eval("return {double=1/0}"),
            T.eval("return {double=-1/0}"),
            T.eval("return {double=1e300}"),
            T.eval("return {double=3}"),
            T.eval("return {double='3.25'}"),
            T.eval("return {big_number='12345678901234567890'}"),
            T.eval("return {big_number='1\\r\\n2'}"),
            T.eval("return {big_number=123}"),
            T.eval("return {verbatim_string={format='txt', string='hi'}}"),
            T.eval("return {verbatim_string={format='markdown', string='x'}}"),
            T.eval("return {verbatim_string={format='txt'}}"),
            T.eval("return {verbatim_string={format='md', string=5}}"),
            T.eval("return {map={a=1}}"),
            T.eval("return {map={[1]='a'}}"),
            T.eval("return {map={[true]='a'}}"),
            T.eval("return {map={a={1, 2}}}"),
            T.eval("return {map=5}"),
            T.eval("return {set={a=true}}"),
            T.eval("return {set={[1.5]=true}}"),
            T.eval("return {set='x'}"),
            T.eval("return cjson.null"),
            T.eval("return {cjson.null}"),
            T.eval("return function() end"),
            T.eval("return coroutine.create(function() end)"),
            T.eval("local t = setmetatable({}, {__index=function() return 1 end}) return t"),
            T.eval("redis.setresp(3) return {true, false, nil}"),
            T.eval("redis.setresp(3) return false"),
            T.eval("redis.setresp(3) return true"),
            // Nesting bounded as Redis's Lua stack bounded it.
            T.eval("local t = {} t[1] = t return t"),
            T.eval("local t = {} t.map = {} t.map[1] = t return t"),
            // Globals, errors and their formats.
            T.eval("x = 1"),
            T.eval("return x"),
            T.eval("redis = 5"),
            T.eval("redis.call = nil"),
            T.eval("string.foo = 1"),
            T.eval("rawset(_G, 'x', 1)"),
            T.eval("return rawget(_G, 'redis') ~= nil"),
            T.eval("setmetatable(_G, nil)"),
            T.eval("return getmetatable(_G)"),
            T.eval("getmetatable('').__index = {}"),
            T.eval("getmetatable('').__index.upper = nil"),
            T.eval("return type(getmetatable('').__index)"),
            T.eval("return ('abc'):upper()"),
            T.eval("local t = {} t.x = 1 return t.x"),
            T.eval("return nil .. 1"),
            T.eval("error('boom')"),
            T.eval("error('boom', 0)"),
            T.eval("error({err='MYERR boom'})"),
            T.eval("error({err=5})"),
            T.eval("error(nil)"),
            T.eval("error(5)"),
            T.eval("error(true)"),
            T.eval("error({err='X y', source='zz', line=7})"),
            T.eval("local function f() error('deep') end\nlocal function g() f() end\ng()"),
            T.eval("local t = setmetatable({}, {__index=function(t,k) error('idx') end}) return t.x"),
            T.eval("error('a\\r\\nb')"),
            T.eval("#!lua\n\nerror('x')"),
            T.eval("\n\nreturn x"),
            T.eval("return {pcall(function() local x = nil + 1 end)}"),
            T.eval("return {pcall(error, {err='X'})}"),
            T.eval("return {pcall(error, {foo=1})}"),
            T.eval("return {pcall(error, {err=5})}"),
            T.eval("return {pcall(function() return 1, 2 end)}"),
            T.eval("return {pcall()}"),
            T.eval("return {xpcall(function() redis.call('nosuch') end, function(e) return type(e) end)}"),
            T.eval("return {xpcall(function() error('a') end, function(e) return 'handled:' .. e end)}"),
            T.eval("local co = coroutine.create(function() coroutine.yield(1) return 2 end) local a, b = coroutine.resume(co) local c, d = coroutine.resume(co) return {tostring(a), b, tostring(c), d}"),
            T.eval("local function r(n) return r(n + 1) + 1 end return r(1)"),
            // redis.call / redis.pcall.
            ["SET", "str", "abc"],
            T.eval("return redis.call('incr', 'str')"),
            T.eval("return redis.pcall('incr', 'str')"),
            T.eval("local t = redis.pcall('incr', 'str') return {t.err, tostring(t.ignore_error_stats_update)}"),
            T.eval("local ok, e = pcall(redis.call, 'incr', 'str') return {tostring(ok), e}"),
            T.eval("return {pcall(redis.call, 'nosuch')}"),
            T.eval("return {pcall(redis.pcall, 'nosuch')}"),
            T.eval("return redis.call('nosuch')"),
            T.eval("return redis.pcall('nosuch')"),
            T.eval("return redis.call('set')"),
            T.eval("return redis.pcall('set')"),
            T.eval("return redis.call()"),
            T.eval("return redis.call({})"),
            T.eval("return redis.call('get', {})"),
            T.eval("return redis.call('get', nil)"),
            T.eval("return redis.call('set', 'k', true)"),
            T.eval("return redis.call('eval', 'return 1', '0')"),
            T.eval("return redis.call('script', 'load', 'return 1')"),
            T.eval("return redis.call('multi')"),
            T.eval("return redis.call('shutdown')"),
            T.eval("return redis.call('client', 'list')"),
            T.eval("return redis.call('config', 'get', 'maxmemory')"),
            T.eval("return redis.call('object', 'nosuchsub', 'k')"),
            T.eval("return redis.call('ping')"),
            T.eval("return redis.call('get', 'nokey')"),
            T.eval("return {redis.call('get', 'nokey')}"),
            T.eval("return type(redis.call('get', 'nokey'))"),
            T.eval("redis.call('set', 'k', 3.5) return redis.call('get', 'k')"),
            T.eval("redis.call('set', 'k', 12345678901234567890) return redis.call('get', 'k')"),
            T.eval("redis.call('set', 'k', 0.1) return redis.call('get', 'k')"),
            T.eval("redis.call('set', 'k', 1/0) return redis.call('get', 'k')"),
            T.eval("redis.call('set', 'k', -0.0) return redis.call('get', 'k')"),
            T.eval("redis.call('set', 'k', 2^53) return redis.call('get', 'k')"),
            T.eval("redis.call('set', 'k', -17) return redis.call('get', 'k')"),
            T.eval("return redis.call('set', 't', '1', 'px', 1) and redis.call('get', 't')"),
            T.eval("redis.call('select', 1) redis.call('set', 'indb1', 'v') return redis.call('get', 'indb1')"),
            ["GET", "indb1"],
            T.eval("return redis.call('time') ~= nil"),
            T.eval("return redis.call('incrbyfloat', 'f', '1.5')"),
            ["HSET", "h", "a", "1"],
            T.eval("return redis.call('hgetall', 'h')"),
            T.eval("redis.setresp(3) return redis.call('hgetall', 'h')"),
            T.eval("redis.setresp(3) local t = redis.call('hgetall', 'h') return t.map.a"),
            T.eval("redis.setresp(3) return redis.call('get', 'nokey')"),
            T.eval("redis.setresp(3) return type(redis.call('get', 'nokey'))"),
            T.eval("redis.setresp(3) local t = redis.call('incrbyfloat', 'f', '1') return {type(t), t}"),
            T.eval("redis.setresp(3) return redis.call('exists', 'h')"),
            T.eval("redis.setresp(2) return redis.call('hgetall', 'h')"),
            // The redis.* helpers.
            T.eval("return redis.error_reply('My Error')"),
            T.eval("return redis.error_reply('-My Error')"),
            T.eval("return redis.error_reply('Boom')"),
            T.eval("return redis.error_reply('My Error\\r\\n')"),
            T.eval("return redis.error_reply('')"),
            T.eval("return redis.error_reply('-')"),
            T.eval("return redis.error_reply()"),
            T.eval("return redis.error_reply(1)"),
            T.eval("local e = redis.error_reply('Boom') return e.err"),
            T.eval("error(redis.error_reply('MY fault'))"),
            T.eval("return redis.status_reply('FINE')"),
            T.eval("return redis.status_reply('a\\r\\nb')"),
            T.eval("return redis.status_reply({})"),
            T.eval("return redis.status_reply('a', 'b')"),
            T.eval("local e = redis.status_reply('Fine') return e.ok"),
            T.eval("return redis.sha1hex('')"),
            T.eval("return redis.sha1hex('abc')"),
            T.eval("return redis.sha1hex(123)"),
            T.eval("return redis.sha1hex({})"),
            T.eval("return redis.sha1hex()"),
            T.eval("return redis.sha1hex(1, 2)"),
            T.eval("return redis.REDIS_VERSION"),
            T.eval("return redis.REDIS_VERSION_NUM"),
            T.eval("return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING, redis.REPL_ALL, redis.REPL_AOF, redis.REPL_NONE, redis.REPL_REPLICA, redis.REPL_SLAVE}"),
            T.eval("return redis.log(redis.LOG_DEBUG, 'hello', 'world')"),
            T.eval("return redis.log(99, 'hello')"),
            T.eval("return redis.log('x', 'hello')"),
            T.eval("return redis.log(redis.LOG_WARNING)"),
            T.eval("return redis.log(redis.LOG_DEBUG, {})"),
            T.eval("return redis.replicate_commands()"),
            T.eval("return redis.set_repl(redis.REPL_ALL)"),
            T.eval("return redis.set_repl(99)"),
            T.eval("return redis.set_repl()"),
            T.eval("return redis.set_repl('a')"),
            T.eval("return redis.breakpoint()"),
            T.eval("return redis.debug('x')"),
            T.eval("return redis.acl_check_cmd('set', 'k', 'v')"),
            T.eval("return redis.acl_check_cmd('nosuch')"),
            T.eval("return redis.acl_check_cmd()"),
            T.eval("return redis.acl_check_cmd(1)"),
            T.eval("return redis.setresp(4)"),
            T.eval("return redis.setresp()"),
            T.eval("return redis.setresp(3)"),
            // Shebang flags and read-only scripts.
            T.eval("#!lua\nreturn 1"),
            T.eval("#!lua flags=no-writes\nreturn redis.call('set', 'x', '1')"),
            T.eval("#!lua flags=no-writes\nreturn redis.call('get', 'x')"),
            T.eval("#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1"),
            T.eval("#!lua flags=bad\nreturn 1"),
            T.eval("#!lua flags=\nreturn 1"),
            T.eval("#!lua flags=no-writes,\nreturn 1"),
            T.eval("#!lua name=x\nreturn 1"),
            T.eval("#!lua foo\nreturn 1"),
            T.eval("#!lua  flags=no-writes\nreturn 1"),
            T.eval("#!lua"),
            T.eval("#!luax\nreturn 1"),
            T.eval("#!python\nreturn 1"),
            T.eval("#!\nreturn 1"),
            T.eval("#! lua\nreturn 1"),
            T.eval("#!lua flags=no-writes flags=allow-oom\nreturn 1"),
            T.eval("#!lua\nreturn x"),
            DiffStep(["EVAL_RO", "return redis.call('set', 'x', '1')", "0"]),
            DiffStep(["EVAL_RO", "return redis.call('get', 'x')", "0"]),
            DiffStep(["EVAL_RO", "return redis.pcall('set', 'x', '1')", "0"]),
            DiffStep(["EVAL_RO", "#!lua flags=no-writes\nreturn redis.call('get', 'x')", "0"]),
            DiffStep(["EVAL_RO", "#!lua\nreturn redis.call('set', 'x', 1)", "0"]),
            T.eval("#!lua\nreturn redis.call('set', 'x', 1)", "1", "x"),
            T.eval("return redis.call('set', KEYS[1], ARGV[1])", "1", "x", "y"),
            T.eval("return {KEYS, ARGV}", "2", "a", "b", "c", "d"),
            T.eval("return {#KEYS, #ARGV}", "0", "c", "d"),
            T.eval("KEYS[1] = 'changed' return KEYS", "1", "k"),
            T.eval("return KEYS", "1", "k"),
            // numkeys and NOSCRIPT.
            T.eval("return 1", "-1"),
            T.eval("return 1", "2", "a"),
            T.eval("return 1", "abc"),
            T.eval("return 1", "99999999999999999999"),
            T.eval("syntax error here", "-1"),
            T.eval("syntax error", "abc"),
            T.eval("#!lua flags=bad\n", "-1"),
            ["EVALSHA", "aaaa", "0"],
            ["EVALSHA", "nosuch", "-1"],
            ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
            T.eval("return 1"),
            ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
            ["EVALSHA", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "0"],
            ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "-1"],
            ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "1"],
            ["EVALSHA_RO", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
            ["EVAL"], ["EVAL", "return 1"], ["EVALSHA", "x"], ["EVALSHA_RO"],
            // SCRIPT.
            ["SCRIPT", "LOAD", "return 2"],
            ["SCRIPT", "LOAD", "syntax"],
            ["SCRIPT", "LOAD", "#!lua flags=bad\nreturn 1"],
            ["SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn 'ro'"],
            DiffStep(["EVALSHA_RO", sha1Hex("#!lua flags=no-writes\nreturn 'ro'"), "0"]),
            DiffStep(["EVALSHA_RO", sha1Hex("return 2"), "0"]),
            ["SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "x", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB"],
            ["SCRIPT", "EXISTS"],
            ["SCRIPT", "FLUSH", "foo"],
            ["SCRIPT", "FLUSH", "sync", "async"],
            ["SCRIPT", "FLUSH", "async"],
            ["SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"],
            ["SCRIPT", "FLUSH", "sync"],
            ["SCRIPT", "FLUSH"],
            ["SCRIPT", "KILL"],
            ["SCRIPT", "KILL", "x"],
            ["SCRIPT", "HELP", "x"],
            ["SCRIPT", "FOO"],
            ["SCRIPT"],
            ["SCRIPT", "LOAD"],
            ["SCRIPT", "LOAD", "a", "b"],
            // Libraries.
            T.eval("return {unpack({1, 2, 3})}"),
            T.eval("return {unpack({1, 2, 3}, 2)}"),
            T.eval("return {unpack({}, 1, 1e8)}"),
            T.eval("return loadstring('return 1')()"),
            T.eval("return {loadstring(string.dump(function() return 1 end))}"),
            T.eval("return {loadstring('x=')}"),
            T.eval("loadstring('x = 1')()"),
            T.eval("return load('return 1')()"),
            T.eval("return gcinfo() > 0"),
            T.eval("return tostring(10/2)"),
            T.eval("return tostring(1e15)"),
            T.eval("return tostring(2^63)"),
            T.eval("return tostring(-math.huge)"),
            T.eval("return table.getn({1, 2})"),
            T.eval("return math.mod(7, 3)"),
            T.eval("return #string.rep('ab', 3, ',')"),
            T.eval("local r = {} for w in string.gfind('a b', '%a') do r[#r+1] = w end return r"),
            T.eval("local r = {} table.foreachi({'a', 'b'}, function(i, v) r[#r+1] = v .. i end) return r"),
            T.eval("return setfenv"),
            T.eval("return print"),
            T.eval("return os"),
            T.eval("return cjson.encode({1, 2, 3, 'a', {b=1}})"),
            T.eval("return cjson.encode(1/3)"),
            T.eval("return cjson.encode('a\"\\\\/\\1\\127\\200')"),
            T.eval("return cjson.decode('[1,2,{\"a\":null}]')[3].a == cjson.null"),
            T.eval("return cjson.decode('12345678901234567890')"),
            T.eval("return tostring(cjson.decode('1.5e3'))"),
            T.eval("return cjson.decode('[1,2')"),
            T.eval("return cjson.encode({[1]=1, [3]=3})"),
            T.eval("return cjson.encode({[1]=1, [30]=3})"),
            T.eval("return cjson.encode(function() end)"),
            T.eval("return cjson.encode(0/0)"),
            T.eval("local t = {} t[1] = t return cjson.encode(t)"),
            T.eval("return cjson.decode(string.rep('[', 1200) .. string.rep(']', 1200))"),
            T.eval("return cjson.encode({})"),
            T.eval("return cjson.encode({true, false, cjson.null})"),
            T.eval("return cjson.decode('\"\\\\u00e9\"')"),
            T.eval("return {cjson.encode_max_depth(), cjson.decode_max_depth(), cjson.encode_number_precision()}"),
            T.eval("return bit.tohex(65535, -2147483648)"),
            T.eval("return bit.tohex(65535, 2147483648)"),
            T.eval("return bit.tohex(65535)"),
            T.eval("return bit.tohex(-1, -4)"),
            T.eval("return bit.tohex(65535, 100)"),
            T.eval("return {bit.band(0xff, 0x0f), bit.bor(1, 2), bit.lshift(1, 31), bit.tobit(2^32 + 5), bit.bnot(0), bit.bswap(0x12345678), bit.arshift(-256, 4), bit.rol(1, 33)}"),
            T.eval("return bit.band()"),
            T.eval("return bit.band('x')"),
            T.eval("return bit.tohex('x')"),
            T.eval("return cmsgpack.pack(1, -1, 200, -200, 70000, -70000, 5000000000, -5000000000, 1.5, 0.1, 'abc', true, false, {1, 2}, {a=1})"),
            T.eval("return {cmsgpack.unpack(cmsgpack.pack(1, 'x', {1, 2, {3}}))}"),
            T.eval("return cmsgpack.unpack('')"),
            T.eval("return cmsgpack.unpack()"),
            T.eval("return cmsgpack.pack()"),
            T.eval("return cmsgpack.unpack('\\205')"),
            T.eval("return cmsgpack.unpack('\\193')"),
            T.eval("return cmsgpack.unpack('\\218\\0\\10ab')"),
            T.eval("return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}"),
            T.eval("return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 2)}"),
            T.eval("return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}"),
            T.eval("return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2, 1)}"),
            T.eval("return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), -1)}"),
            T.eval("return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 10)}"),
            T.eval("return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), -1)}"),
            T.eval("return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0)}"),
            T.eval("return #cmsgpack.pack(string.rep('x', 70000))"),
            T.eval("local t = {} for i = 1, 20 do t = {t} end return cmsgpack.pack(t)"),
            T.eval("return cmsgpack.unpack(string.rep('\\145', 100000) .. '\\1')"),
            T.eval("return #{cmsgpack.unpack(string.rep('\\1', 100000))}"),
            T.eval("return cmsgpack.unpack('\\221\\255\\255\\255\\255')"),
            T.eval("return cmsgpack.unpack('\\129\\192\\1')"),
            T.eval("return {cmsgpack.pack(0/0), cmsgpack.pack(1/0), cmsgpack.pack(2^63), cmsgpack.pack(-2^63)}"),
            T.eval("return cmsgpack.pack({[1]=1, [2]=2, [4]=4}) ~= nil"),
            T.eval("return cmsgpack.pack({[1.5]=1})"),
            T.eval("return cmsgpack.pack(cjson.null)"),
            T.eval("return {cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255')}"),
            T.eval("return {cmsgpack.unpack('\\211\\255\\255\\255\\255\\255\\255\\255\\255')}"),
            T.eval("return tostring(cmsgpack.unpack('\\202\\63\\192\\0\\0'))"),
            T.eval("return {cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION}"),
            T.eval("return struct.pack('>i4', 1)"),
            T.eval("return {struct.unpack('>i4', struct.pack('>i4', -5))}"),
            T.eval("return {struct.size('i4i8'), struct.size('!i1i8'), struct.size('bhlTiIc3fdx')}"),
            T.eval("return struct.pack('i33', 1)"),
            T.eval("return struct.pack('c99999999999999999999', 'a')"),
            T.eval("return struct.pack('!3i', 1)"),
            T.eval("return struct.pack('!0i4', 1)"),
            T.eval("return struct.pack('z', 1)"),
            T.eval("return struct.size('s')"),
            T.eval("return struct.size('c0')"),
            T.eval("return struct.unpack('i4', 'ab')"),
            T.eval("return {struct.unpack('c0', struct.pack('b', 3) .. 'abcd')}"),
            T.eval("return {struct.unpack('bc0', struct.pack('b', 3) .. 'abcd')}"),
            T.eval("return {struct.unpack('s', 'abc')}"),
            T.eval("return {struct.unpack('s', 'abc\\0de')}"),
            T.eval("return {struct.unpack('i4', 'abcd', 0)}"),
            T.eval("return {struct.unpack('i4', 'abcd', -1)}"),
            T.eval("return {struct.unpack('i4', 'abcd', 10)}"),
            T.eval("return {struct.unpack('b', 'abcd', 4)}"),
            T.eval("return {struct.unpack('bbbbb', 'abcd')}"),
            T.eval("return struct.pack('>I16', -1)"),
            T.eval("return {struct.unpack('>i16', struct.pack('>i16', -1))}"),
            T.eval("return {struct.pack('<d', 1.5), struct.pack('>f', 1.5)}"),
            T.eval("return {struct.pack('>I8', 2^64), struct.pack('>I8', 2^63), struct.pack('>i8', -2^63), struct.pack('>i8', 0/0), struct.pack('>i8', 1/0), struct.pack('>i8', -1/0)}"),
            T.eval("return struct.pack('i4')"),
            T.eval("return struct.pack()"),
            T.eval("return struct.pack('i4', 'x')"),
            T.eval("return struct.pack('i4', '7')"),
            T.eval("return struct.pack('x b h l T i I c3 s f d', 1, 2, 3, 4, 5, 6, 'abc', 'de', 1.5, 2.5)"),
            T.eval("return {struct.unpack('<!4 b i h d', struct.pack('<!4 b i h d', -1, 70000, -3, 2.25))}"),
        ]
        // Binary-safe KEYS and ARGV.
        let binary = RESPFramer.encode([Array("EVAL".utf8), Array("return {KEYS[1], ARGV[1], #ARGV[1]}".utf8),
                                        Array("1".utf8), [0, 13, 10, 255], Array(0...255)])
        s.append(.raw(binary, label: "EVAL with binary KEYS/ARGV"))
        // Large replies, both directions.
        s.append(T.eval("local t = {} for i = 1, 50000 do t[i] = i end return t"))
        s.append(T.eval("redis.call('set', 'big', string.rep('x', 1000000)) return #redis.call('get', 'big')"))
        s.append(T.eval("return redis.call('get', 'big')"))
        s.append(["DEBUG", "DIGEST"])
        return s
    }()

    @Test(arguments: [false, true])
    func matchesRedis(resp3: Bool) throws {
        try Differential(resp3: resp3, serverArgs: ScriptTesting.serverArgs).check(Self.steps)
    }

    /// Random scripts: sequences of redis.call/pcall over a few string and hash keys,
    /// collected into the returned table, plus random literal returns.
    @Test(arguments: [false, true])
    func randomScriptsMatchRedis(resp3: Bool) throws {
        let keys = ["k1", "k2", "k3"]
        try Differential(resp3: resp3, serverArgs: ScriptTesting.serverArgs).checkRandom(seed: resp3 ? 403 : 402, count: 300) { r, i in
            if i % 50 == 49 { return DiffStep(["DEBUG", "DIGEST"]) }
            var body = r.chance(0.2) ? "redis.setresp(3) " : ""
            body += "local r = {} "
            for _ in 0..<r.int(in: 1...6) {
                let k = "KEYS[\(r.int(in: 1...3))]"
                let v = r.pick(["ARGV[1]", "ARGV[2]", "'\(r.int(in: -5...100))'", "\(r.int(in: -5...100))", "1.5", "'x y'"])
                let call = r.chance(0.3) ? "redis.pcall" : "redis.call"
                let stmt: String
                switch r.int(in: 0..<12) {
                case 0: stmt = "\(call)('set', \(k), \(v))"
                case 1: stmt = "\(call)('get', \(k))"
                case 2: stmt = "\(call)('incr', \(k))"
                case 3: stmt = "\(call)('incrby', \(k), \(v))"
                case 4: stmt = "\(call)('append', \(k), \(v))"
                case 5: stmt = "\(call)('del', \(k))"
                case 6: stmt = "\(call)('hset', \(k), 'f', \(v))"
                case 7: stmt = "\(call)('hget', \(k), 'f')"
                case 8: stmt = "\(call)('strlen', \(k))"
                case 9: stmt = "\(call)('exists', \(k), KEYS[1])"
                case 10: stmt = "\(call)('getrange', \(k), 0, \(r.int(in: -3...3)))"
                default: stmt = "\(call)('incrbyfloat', \(k), \(v))"
                }
                body += "r[#r+1] = \(stmt) "
            }
            switch r.int(in: 0..<6) {
            case 0: body += "return r"
            case 1: body += "return {r, #r, 'end'}"
            case 2: body += "return r[1]"
            case 3: body += "return {ok='done'}"
            case 4: body += "return {double=#r + 0.5}"
            default: body += "return {r, {err='E' .. #r}}"
            }
            let useSha = r.chance(0.3)
            let args = ["3"] + keys + [String(r.int(in: 0...9)), r.pick(["a", "12", "-3", "1e3", ""])]
            if useSha {
                // EVALSHA of a script loaded by an earlier EVAL, or NOSCRIPT.
                return DiffStep(["EVALSHA", sha1Hex(body)] + args)
            }
            return DiffStep(["EVAL", body] + args)
        }
    }

    /// Error statistics: errors from commands inside scripts are counted once, as in Redis.
    @Test func errorStatsMatchRedis() throws {
        try Differential(serverArgs: ScriptTesting.serverArgs).check([
            ["SET", "s", "abc"],
            T.eval("return redis.call('incr', 's')"),
            T.eval("return redis.pcall('incr', 's')"),
            T.eval("local e = redis.pcall('incr', 's') return 1"),
            T.eval("return redis.call('nosuch')"),
            T.eval("return {err='CUSTOM failure'}"),
            T.eval("return {err='nospace'}"),
            T.eval("error('x')"),
            T.eval("return redis.call('set')"),
            DiffStep(["EVAL_RO", "return redis.call('set', 'a', 'b')", "0"]),
            DiffStep(["INFO", "errorstats"], compare: ScriptTesting.sameInfoLines("errorstat_")),
        ])
    }

    /// OOM: shebang scripts without allow-oom are refused over maxmemory; old-style scripts
    /// fail at their first denyoom write; allow-oom scripts run.
    @Test func oomRulesMatchRedis() throws {
        try Differential(serverArgs: ScriptTesting.serverArgs).check([
            ["SET", "pre", "x"],
            ["CONFIG", "SET", "maxmemory", "1"],
            T.eval("return 1"),
            T.eval("#!lua\nreturn 1"),
            T.eval("#!lua\nreturn 1", "-1"),
            T.eval("#!lua flags=no-writes\nreturn 1"),
            T.eval("#!lua flags=allow-oom\nreturn redis.call('set', 'a', 'b')"),
            T.eval("return redis.call('set', 'a', 'b')"),
            T.eval("return redis.pcall('set', 'a', 'b')"),
            T.eval("return redis.call('get', 'pre')"),
            T.eval("redis.call('del', 'zz') return redis.call('set', 'a', 'b')"),
            ["CONFIG", "SET", "maxmemory", "0"],
            T.eval("return redis.call('set', 'a', 'b')"),
        ])
    }

    /// MONITOR shows EVAL/EVALSHA, then the script's commands as "[db lua]".
    @Test func monitorShowsScriptThenItsCommands() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let monitor = try RawConnection(port: server.port)
        let client = try RawConnection(port: server.port)
        #expect(try monitor.roundTrip("MONITOR") == Array("+OK\r\n".utf8))
        #expect(try client.roundTrip("EVAL", "redis.call('set', KEYS[1], 'v') return 1", "1", "k") == Array(":1\r\n".utf8))
        let first = String(decoding: try monitor.readReplyBytes(), as: UTF8.self)
        let second = String(decoding: try monitor.readReplyBytes(), as: UTF8.self)
        #expect(first.contains("\"EVAL\" \"redis.call('set', KEYS[1], 'v') return 1\" \"1\" \"k\""))
        #expect(second.contains("[0 lua] \"set\" \"k\" \"v\""))
    }

    /// SCRIPT FLUSH empties the cache and gives a fresh VM; INFO reports the cache.
    @Test func scriptCacheAndInfo() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        for i in 0..<10 { _ = try c.roundTrip("SCRIPT", "LOAD", "return \(i)") }
        let info = String(decoding: try c.roundTrip("INFO", "memory"), as: UTF8.self)
        #expect(info.contains("number_of_cached_scripts:10\r\n"))
        #expect(!info.contains("used_memory_lua:0\r\n"))
        #expect(try c.roundTrip("SCRIPT", "FLUSH") == Array("+OK\r\n".utf8))
        let after = String(decoding: try c.roundTrip("INFO", "memory"), as: UTF8.self)
        #expect(after.contains("number_of_cached_scripts:0\r\n"))
        #expect(try c.roundTrip("EVALSHA", sha1Hex("return 3"), "0").starts(with: Array("-NOSCRIPT".utf8)))
        #expect(try c.roundTrip("EVAL", "return 3", "0") == Array(":3\r\n".utf8))
        #expect(try c.roundTrip("EVALSHA", sha1Hex("return 3"), "0") == Array(":3\r\n".utf8))
    }

    /// Scripts are atomic: a script's writes are never seen half done by others, and the
    /// clock is frozen inside (a key expiring during the script stays for the whole script).
    @Test func clockFrozenInsideScript() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let script = """
        redis.call('set', 'e', '1', 'px', 30)
        local t0 = redis.call('time')
        local start = tonumber(t0[1]) * 1000 + tonumber(t0[2]) / 1000
        while true do
          local t = redis.call('time')
          if tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000 - start > 80 then break end
        end
        return redis.call('exists', 'e')
        """
        #expect(try c.roundTrip("EVAL", script, "0") == Array(":1\r\n".utf8))
        sleepBriefly(.milliseconds(50))
        #expect(try c.roundTrip("EXISTS", "e") == Array(":0\r\n".utf8))
    }
}

/// SHA1 hex digest (scripts' names), computed by the oracle-independent Checksum-free path.
func sha1Hex(_ s: String) -> String {
    var h0: UInt32 = 0x67452301, h1: UInt32 = 0xEFCDAB89, h2: UInt32 = 0x98BADCFE, h3: UInt32 = 0x10325476, h4: UInt32 = 0xC3D2E1F0
    var message = Array(s.utf8)
    let bitLength = UInt64(message.count) * 8
    message.append(0x80)
    while message.count % 64 != 56 { message.append(0) }
    for i in (0..<8).reversed() { message.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
    for chunk in stride(from: 0, to: message.count, by: 64) {
        var w = [UInt32](repeating: 0, count: 80)
        for i in 0..<16 {
            let b = chunk + i * 4
            w[i] = UInt32(message[b]) << 24 | UInt32(message[b + 1]) << 16 | UInt32(message[b + 2]) << 8 | UInt32(message[b + 3])
        }
        for i in 16..<80 {
            let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
            w[i] = x << 1 | x >> 31
        }
        var a = h0, b = h1, c = h2, d = h3, e = h4
        for i in 0..<80 {
            let (f, k): (UInt32, UInt32)
            switch i {
            case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A827999)
            case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9EBA1)
            case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
            default: (f, k) = (b ^ c ^ d, 0xCA62C1D6)
            }
            let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
            e = d; d = c; c = b << 30 | b >> 2; b = a; a = t
        }
        h0 = h0 &+ a; h1 = h1 &+ b; h2 = h2 &+ c; h3 = h3 &+ d; h4 = h4 &+ e
    }
    return [h0, h1, h2, h3, h4].map { String(format: "%08x", $0) }.joined()
}
