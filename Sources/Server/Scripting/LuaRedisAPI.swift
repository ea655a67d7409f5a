// LuaRedisAPI: the `redis` table scripts see (Redis 7.0's script_lua.c API): call,
// pcall, error_reply, status_reply, sha1hex, log and its levels, setresp, set_repl and
// the REPL_* flags, replicate_commands, breakpoint, debug, acl_check_cmd, REDIS_VERSION
// and REDIS_VERSION_NUM.
//
// redis.call is the hot path. The arguments are not copied: the fake client's argv
// points at the Lua strings themselves (alive on the Lua stack for the whole call), and
// numbers are formatted ("%.17g", as Redis) into a scratch area the engine keeps. The
// command is checked the way Redis's scriptCall checks it (known, arity, not noscript,
// no writes from read-only scripts, OOM before the first write), then runs through
// Server.call() like any command. Its reply is parsed from the fake client's output
// buffer straight onto the Lua stack, and the buffer is reset for the next call.
// Errors are tables {err="CODE message"} (raised by call, returned by pcall); those the
// command already counted in errorstats carry ignore_error_stats_update, as in Redis.

import CLua
import RESP
import DataStructures
import Checksum
import Config
#if canImport(Glibc)
import Glibc
#endif

extension LuaVM {
    /// Builds the global `redis` table.
    func installRedisAPI() {
        let g = LuaSlot.globals
        lua_createtable(L, 0, 24)
        let r = lua_gettop(L)
        setFunction(r, "call", { L, ctx in LuaVM.from(ctx).engine.redisCall(L!, raise: true) })
        setFunction(r, "pcall", { L, ctx in LuaVM.from(ctx).engine.redisCall(L!, raise: false) })
        setFunction(r, "error_reply", luaRedisErrorReply)
        setFunction(r, "status_reply", luaRedisStatusReply)
        setFunction(r, "sha1hex", luaRedisSha1Hex)
        setFunction(r, "log", { L, ctx in LuaVM.from(ctx).engine.redisLog(L!) })
        setFunction(r, "setresp", { L, ctx in LuaVM.from(ctx).engine.redisSetResp(L!) })
        setFunction(r, "set_repl", { L, ctx in LuaVM.from(ctx).engine.redisSetRepl(L!) })
        setFunction(r, "replicate_commands", { L, _ in lua_pushboolean(L, 1); return 1 })
        setFunction(r, "breakpoint", { L, _ in lua_pushboolean(L, 0); return 1 })
        setFunction(r, "debug", { _, _ in 0 })
        setFunction(r, "acl_check_cmd", { L, ctx in LuaVM.from(ctx).engine.redisAclCheckCmd(L!) })
        let ints: [(StaticString, lua_Integer)] = [
            ("LOG_DEBUG", 0), ("LOG_VERBOSE", 1), ("LOG_NOTICE", 2), ("LOG_WARNING", 3),
            ("REPL_NONE", 0), ("REPL_AOF", 1), ("REPL_SLAVE", 2), ("REPL_REPLICA", 2), ("REPL_ALL", 3),
            ("REDIS_VERSION_NUM", ScriptingEngine.redisVersionNumber),
        ]
        for (name, v) in ints {
            lua_pushinteger(L, v)
            luaRawSetField(L, r, name)
        }
        luaPush(L, string: engine.server.redisVersion)
        luaRawSetField(L, r, "REDIS_VERSION")
        luaRawSetField(L, g, "redis")
    }
}

/// redis.error_reply(msg): {err="CODE message"}, adding the "-" Redis adds.
let luaRedisErrorReply: LuaFunction = { L, _ in
    let L = L!
    guard lua_gettop(L) == 1, lua_type(L, 1) == LUA_TSTRING else {
        luaPushRedisError(L, "wrong number or type of arguments")
        return 1
    }
    let s = luaBytes(L, 1)!
    if s.first == UInt8(ascii: "-") {
        luaPushRedisError(L, s)
    } else {
        var text: [UInt8] = [45]
        text += s
        text.withUnsafeBytes { luaPushRedisError(L, $0) }
    }
    return 1
}

/// redis.status_reply(msg): {ok=msg}.
let luaRedisStatusReply: LuaFunction = { L, _ in
    let L = L!
    guard lua_gettop(L) == 1, lua_type(L, 1) == LUA_TSTRING else {
        luaPushRedisError(L, "wrong number or type of arguments")
        return 1
    }
    lua_createtable(L, 0, 1)
    luaPush(L, "ok")
    lua_pushvalue(L, 1)
    lua_rawset(L, -3)
    return 1
}

/// redis.sha1hex(s): the hex SHA1 of a string (non-strings hash as the empty string).
let luaRedisSha1Hex: LuaFunction = { L, _ in
    let L = L!
    guard lua_gettop(L) == 1 else { return luaRaisePlain(L, "wrong number of arguments") }
    // Numbers hash as Lua 5.1 printed them ("5", not "5.0").
    if lua_type(L, 1) == LUA_TNUMBER {
        pushFormattedNumber(L, lua_tonumberx(L, 1, nil), precision: 14)
        structd_lua_replace(L, 1)
    }
    let bytes = luaBytes(L, 1) ?? UnsafeRawBufferPointer(start: nil, count: 0)
    luaPush(L, string: SHA1.hexDigest(bytes))
    return 1
}

extension ScriptingEngine {
    /// Redis's REDIS_VERSION_NUM for 7.0.15 (0x00MMmmpp).
    static let redisVersionNumber: lua_Integer = 0x07_00_0F

    private func raise(_ L: LuaState, _ message: String) -> Int32 {
        luaPushRedisError(L, message)
        return STRUCTD_LUA_RAISE
    }

    // MARK: redis.call / redis.pcall

    func redisCall(_ L: LuaState, raise: Bool) -> Int32 {
        guard run.active else { return self.raise(L, "redis.call/pcall can only be called inside a script invocation") }
        let argc = Int(lua_gettop(L))
        if argc == 0 {
            luaPushRedisError(L, "Please specify at least one argument for this redis lib call")
            return raise ? STRUCTD_LUA_RAISE : 1
        }
        let c = fake
        guard buildArgv(L, argc) else {
            c.argv.removeAll(keepingCapacity: true)
            luaPushRedisError(L, "Lua redis lib command arguments must be strings or integers")
            return raise ? STRUCTD_LUA_RAISE : 1
        }
        let rejection = checkAndCall(c)
        c.argv.removeAll(keepingCapacity: true)
        if let rejection {
            server.recordError(String(rejection.dropFirst()), client: c)
            luaPushRedisError(L, rejection, ignoreStats: true)
            return raise ? STRUCTD_LUA_RAISE : 1
        }
        let out = c.out
        // The most common reply, an integer, without the general parser.
        if out.readableBytes >= 4 && out.readPointer[0] == UInt8(ascii: ":") {
            if let v = parseIntegerLine(out.readPointer + 1, out.readableBytes - 1) {
                lua_pushinteger(L, v)
                out.clear(shrinkAbove: 1 << 20)
                return 1
            }
        }
        let reply = out.readableView
        var pos = 0
        let top = lua_gettop(L)
        let isError = reply.first == UInt8(ascii: "-") || reply.first == UInt8(ascii: "!")
        if !luaPushReply(L, reply, &pos) {
            lua_settop(L, top)
            lua_pushboolean(L, 0)
        }
        out.clear(shrinkAbove: 1 << 20)
        return raise && isError ? STRUCTD_LUA_RAISE : 1
    }

    /// The integer of a ":<digits>\r\n" line (p points after ':'), if that is all there is.
    @inline(__always) private func parseIntegerLine(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int64? {
        var i = 0
        var neg = false
        if p[0] == UInt8(ascii: "-") { neg = true; i = 1 }
        var v: Int64 = 0
        while i < n && p[i] != 13 {
            let d = p[i] &- 48
            if d > 9 { return nil }
            v = v &* 10 &+ Int64(d)
            i += 1
        }
        if i + 2 != n { return nil }
        return neg ? 0 &- v : v
    }

    /// The fake client's argv (empty on entry: every path clears it after a call) from the
    /// Lua arguments: strings by reference, numbers formatted as Redis does ("%.17g").
    /// False if an argument is of another type.
    private func buildArgv(_ L: LuaState, _ argc: Int) -> Bool {
        let scratch = numberSlots(argc)
        let c = fake
        c.argv.reserveCapacity(argc)
        for i in 1...argc {
            let t = lua_type(L, Int32(i))
            if t == LUA_TSTRING {
                var len = 0
                let p = lua_tolstring(L, Int32(i), &len)
                c.argv.append(UnsafeRawBufferPointer(start: p, count: len))
            } else if t == LUA_TNUMBER {
                let dst = scratch + (i - 1) * 32
                let n = formatArgumentNumber(lua_tonumberx(L, Int32(i), nil), dst)
                c.argv.append(UnsafeRawBufferPointer(start: dst, count: n))
            } else {
                return false
            }
        }
        return true
    }

    /// Redis's scriptCall checks, then Server.call(). Returns the rejection ("-CODE
    /// message") when the command did not run.
    private func checkAndCall(_ c: Client) -> String? {
        guard var cmd = commandCache.lookup(c.argv[0], in: server.commands) else {
            return "-ERR Unknown Redis command called from script"
        }
        if !cmd.subcommands.isEmpty && c.argc >= 2 {
            guard let sub = cmd.subcommands[c.argString(1).lowercased()] else {
                return "-ERR Unknown Redis command called from script"
            }
            cmd = sub
        }
        if (cmd.arity > 0 && c.argc != cmd.arity) || c.argc < -cmd.arity || cmd.handler == nil {
            cmd.rejectedCalls += 1
            return "-ERR Wrong number of args calling Redis command from script"
        }
        if cmd.flags.contains(.noscript) {
            cmd.rejectedCalls += 1
            return "-ERR This Redis command is not allowed from script"
        }
        // ACL: the script runs with its caller's permissions (ACL/ACLCheck.swift).
        if let u = run.caller?.user, !u.fullAccess, let denial = server.aclCheck(u, cmd, c.argv) {
            server.aclLogDenial(c, denial, cmd, c.argv, context: .lua, username: u.name)
            cmd.rejectedCalls += 1
            return "-ERR " + server.aclScriptDenialMessage(denial)
        }
        if run.readOnly && !cmd.flags.isDisjoint(with: [.write, .mayReplicate]) {
            cmd.rejectedCalls += 1
            return "-ERR Write commands are not allowed from read-only scripts."
        }
        // After a failed BGSAVE (stop-writes-on-bgsave-error), as Redis's scriptCall.
        if cmd.isWrite && !run.writeDirty, let misconf = server.scriptWriteDiskError {
            cmd.rejectedCalls += 1
            return "-" + misconf
        }
        if !run.allowOOM && run.oomAtStart && !run.writeDirty && cmd.flags.contains(.denyoom) {
            cmd.rejectedCalls += 1
            return "-OOM command not allowed when used memory > 'maxmemory'."
        }
        if cmd.isWrite { run.writeDirty = true }
        c.resp = run.resp
        server.call(c, cmd)
        return nil
    }

    /// "%.17g" of a Lua number (Redis's conversion of numeric arguments), into `dst`.
    private func formatArgumentNumber(_ d: Double, _ dst: UnsafeMutableRawPointer) -> Int {
        if d == d.rounded(.towardZero) && abs(d) < 1e15 && !(d == 0 && d.sign == .minus) {
            return formatDecimal(Int64(d), into: dst.assumingMemoryBound(to: UInt8.self))
        }
        return Int(structd_format_double(dst.assumingMemoryBound(to: CChar.self), 32, d, 17))
    }

    // MARK: the rest of the API

    func redisLog(_ L: LuaState) -> Int32 {
        let argc = lua_gettop(L)
        if argc < 2 { return raise(L, "redis.log() requires two arguments or more.") }
        if lua_isnumber(L, 1) == 0 { return raise(L, "First argument must be a number (log level).") }
        let level = truncatingInt32(lua_tonumberx(L, 1, nil))
        guard level >= 0 && level <= 3, let lvl = LogLevel(rawValue: Int(level)) else {
            return raise(L, "Invalid debug level.")
        }
        if lvl < server.config.loglevel { return 0 }
        var line: [UInt8] = []
        for j in 2...argc {
            let t = lua_type(L, j)
            // Numbers as Lua 5.1 printed them ("5", not "5.0").
            if t == LUA_TNUMBER {
                pushFormattedNumber(L, lua_tonumberx(L, j, nil), precision: 14)
                structd_lua_replace(L, j)
            }
            guard t == LUA_TSTRING || t == LUA_TNUMBER, let s = luaBytes(L, j) else { continue }
            if j != 2 { line.append(32) }
            line += s
        }
        let text = String(decoding: line, as: UTF8.self)
        server.log.emit(lvl, { text })
        return 0
    }

    func redisSetResp(_ L: LuaState) -> Int32 {
        if lua_gettop(L) != 1 { return raise(L, "redis.setresp() requires one argument.") }
        let v = truncatingInt32(lua_tonumberx(L, 1, nil))
        guard v == 2 || v == 3 else { return raise(L, "RESP version must be 2 or 3.") }
        run.resp = v == 3 ? .resp3 : .resp2
        return 0
    }

    func redisSetRepl(_ L: LuaState) -> Int32 {
        guard run.active else { return raise(L, "redis.set_repl can only be called inside a script invocation") }
        if lua_gettop(L) != 1 { return raise(L, "redis.set_repl() requires two arguments.") }
        let flags = truncatingInt32(lua_tonumberx(L, 1, nil))
        if flags & ~3 != 0 {
            return raise(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.")
        }
        run.replFlags = flags
        return 0
    }

    /// redis.acl_check_cmd(cmd, ...): whether the caller's user may run it (ACL rules of
    /// the user, no arity check, as Redis); an unknown command raises an error.
    func redisAclCheckCmd(_ L: LuaState) -> Int32 {
        let argc = Int(lua_gettop(L))
        if argc == 0 { return raise(L, "Please specify at least one argument for this redis lib call") }
        fake.argv.removeAll(keepingCapacity: true)
        guard buildArgv(L, argc) else {
            fake.argv.removeAll(keepingCapacity: true)
            return raise(L, "Lua redis lib command arguments must be strings or integers")
        }
        let cmd = server.aclLookupCommand(fake.argv)
        var allowed = true
        if let cmd, let u = run.caller?.user, !u.fullAccess {
            allowed = server.aclCheck(u, cmd, fake.argv) == nil
        }
        fake.argv.removeAll(keepingCapacity: true)
        guard cmd != nil else { return raise(L, "Invalid command passed to redis.acl_check_cmd()") }
        lua_pushboolean(L, allowed ? 1 : 0)
        return 1
    }
}

/// Command lookups by the exact name bytes a script used (scripts call the same few
/// commands over and over): 16 direct-mapped slots, compared with memcmp, falling back to
/// the command table's case-insensitive lookup. Commands never change once the table is
/// built, so entries never go stale.
final class CommandCache {
    private static let slots = 16
    private static let maxName = 24
    private let names = UnsafeMutablePointer<UInt8>.allocate(capacity: slots * maxName)
    private let lengths = UnsafeMutablePointer<Int>.allocate(capacity: slots)
    private var commands = [Command?](repeating: nil, count: slots)

    init() { lengths.initialize(repeating: -1, count: Self.slots) }

    deinit {
        names.deallocate()
        lengths.deallocate()
    }

    @inline(__always) func lookup(_ name: UnsafeRawBufferPointer, in table: CommandTable) -> Command? {
        let n = name.count
        guard n > 0 && n <= Self.maxName, let base = name.baseAddress else { return table.lookup(name) }
        let first = Int(name[0]), last = Int(name[n - 1])
        let slot = (n &* 7 &+ first &* 31 &+ last) & (Self.slots - 1)
        let stored = names + slot * Self.maxName
        if lengths[slot] == n && memcmp(stored, base, n) == 0 { return commands[slot] }
        guard let cmd = table.lookup(name) else { return nil }
        stored.update(from: base.assumingMemoryBound(to: UInt8.self), count: n)
        lengths[slot] = n
        commands[slot] = cmd
        return cmd
    }
}
