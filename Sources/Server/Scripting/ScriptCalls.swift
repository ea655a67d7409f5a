// ScriptCalls: `CALL.<alias>({keys}, {argv})` inside scripts, and the tracebacks it adds to
// script errors (docs/scripting.md, "Aliases and CALL").
//
// `CALL` is a read-only table (ScriptingExtensions.swift makes it readable as a global);
// `CALL.name` is a small callable table whose __call runs the script the alias names, in
// the same script invocation: same caller, same fake client, same frozen clock, same undo
// scope, same time limit. The callee sees the given tables as KEYS and ARGV (the caller's
// are put back afterwards) and CALL returns the callee's first return value as a Lua value
// (no reply conversion: a CALL is a Lua function call). An EVAL script runs in the EVAL
// VM itself; a function (FCALL) calling an alias runs it in the EVAL VM, with arguments
// and result copied between the two states (strings, numbers, booleans, tables; depth 64).
//
// The call is a lua_pcall made from the Swift callback, so an error in the callee stops at
// this frame (never unwinding Swift) and is raised again in the caller, from C, with the
// frame added: an error at line 3 of alias `c`, called from line 2 of alias `b`, called
// from line 7 of an EVAL script, reaches the client as
//   -ERR boom script: c, on @user_script:3. <- CALL.c in script: b, on @user_script:2.
//    <- CALL.b in script: <sha>, on @user_script:7.
// (one line), and the same text goes to the log. Errors of scripts without CALL frames keep
// Redis's exact text. Frames nest up to 16 deep; the 17th is refused with a clean error, so
// recursion through aliases ends in an error reply, never a C stack overflow. A callee with
// the no-writes flag runs read-only even if its caller is not.

import CLua
import RESP
import DataStructures

/// Most CALL.<alias> frames open at once.
let maxCallDepth = 16

/// __index of the CALL table: CALL.name is a callable bound to that alias.
let luaCallIndex: LuaFunction = { L, _ in
    let L = L!
    guard lua_type(L, 2) == LUA_TSTRING else {
        luaPushRedisError(L, "CALL.<alias>: the alias must be a string")
        return STRUCTD_LUA_RAISE
    }
    lua_createtable(L, 1, 0)
    lua_pushvalue(L, 2)
    lua_rawseti(L, -2, 1)
    luaRegistryGet(L, LuaVM.callableMetaKey)
    lua_setmetatable(L, -2)
    return 1
}

/// __call of a CALL.name callable: (callable, keys, argv).
let luaCallInvoke: LuaFunction = { L, ctx in
    let vm = LuaVM.from(ctx)
    return vm.engine.server.callScriptAlias(L!, from: vm)
}

extension Server {
    func callScriptAlias(_ L: LuaState, from vm: LuaVM) -> Int32 {
        let engine = vm.engine
        lua_settop(L, 3)
        lua_rawgeti(L, 1, 1)
        guard lua_type(L, -1) == LUA_TSTRING, let nameView = luaBytes(L, -1) else {
            luaPushRedisError(L, "CALL.<alias>: the alias must be a string")
            return STRUCTD_LUA_RAISE
        }
        let name = Array(nameView)
        lua_settop(L, 3)
        let aliasText = String(decoding: name, as: UTF8.self)
        guard engine.run.active else {
            luaPushRedisError(L, "CALL.\(aliasText) can only be used inside a script invocation")
            return STRUCTD_LUA_RAISE
        }
        let state = structdScripting
        if state.callDepth >= maxCallDepth {
            luaPushRedisError(L, "CALL.\(aliasText): too many nested CALL frames (the limit is \(maxCallDepth))")
            return STRUCTD_LUA_RAISE
        }
        for i: Int32 in 2...3 where lua_type(L, i) != LUA_TNIL && lua_type(L, i) != LUA_TTABLE {
            luaPushRedisError(L, "CALL.\(aliasText) takes two tables: CALL.\(aliasText)({key1, ...}, {arg1, ...})")
            return STRUCTD_LUA_RAISE
        }
        guard let (_, script) = name.withUnsafeBytes({ resolveScriptAlias($0) }) else {
            luaPushRedisError(L, "-NOSCRIPT No script has the alias '\(aliasText)'")
            return STRUCTD_LUA_RAISE
        }
        let savedReadOnly = engine.run.readOnly
        if !script.flags.contains(.evalCompat) && script.flags.contains(.noWrites) { engine.run.readOnly = true }
        state.callDepth += 1
        defer {
            state.callDepth -= 1
            engine.run.readOnly = savedReadOnly
        }
        if vm === engine.evalVM {
            return callInSameVM(L, vm, script, alias: aliasText)
        }
        return callAcrossVMs(L, from: vm, to: engine.evalVM, script, alias: aliasText)
    }

    /// The callee runs on the caller's thread (`L` may be a coroutine of the EVAL VM).
    private func callInSameVM(_ L: LuaState, _ vm: LuaVM, _ script: EvalScript, alias: String) -> Int32 {
        for i: Int32 in 2...3 where lua_type(L, i) == LUA_TNIL {
            lua_createtable(L, 0, 0)
            structd_lua_replace(L, i)
        }
        luaRegistryGet(L, LuaVM.realGlobalsKey)                 // 4
        _ = luaRawGetField(L, 4, "KEYS")                        // 5
        _ = luaRawGetField(L, 4, "ARGV")                        // 6
        lua_pushvalue(L, 2)
        luaRawSetField(L, 4, "KEYS")
        lua_pushvalue(L, 3)
        luaRawSetField(L, 4, "ARGV")
        luaRegistryGet(L, LuaVM.errorHandlerKey)                // 7
        lua_rawgeti(L, luaRegistry, lua_Integer(script.ref))    // 8
        // The callee allocates against the run's memory cap, as the caller does.
        vm.extra.pointee.cap_suspended -= 1
        let status = lua_pcallk(L, 0, 1, 7, 0, nil)
        vm.extra.pointee.cap_suspended += 1
        lua_pushvalue(L, 5)
        luaRawSetField(L, 4, "KEYS")
        lua_pushvalue(L, 6)
        luaRawSetField(L, 4, "ARGV")
        if status == LUA_OK { return 1 }
        pushChainedError(L, errorAt: lua_gettop(L), from: L, status: status, alias: alias)
        return STRUCTD_LUA_RAISE
    }

    /// A function (FCALL) calling an alias: the script runs in the EVAL VM.
    private func callAcrossVMs(_ L: LuaState, from vm: LuaVM, to target: LuaVM, _ script: EvalScript,
                               alias: String) -> Int32 {
        let T = target.L
        let tx = target.extra
        let base = lua_gettop(T)
        tx.pointee.cap_suspended += 1
        lua_pushvalue(T, LuaSlot.errorHandler)                  // base + 1
        lua_rawgeti(T, luaRegistry, lua_Integer(script.ref))    // base + 2
        // Copies are made with the caps suspended: they are bounded by the bytes the
        // receiving side may still allocate (a table may hold one big string many times).
        var budget = scriptingEngine.scriptMemoryAllowance
        for (i, field): (Int32, StaticString) in [(2, "KEYS"), (3, "ARGV")] {
            if lua_type(L, i) == LUA_TTABLE {
                guard luaCopyValue(from: L, i, to: T, depth: 0, budget: &budget) else {
                    lua_settop(T, base)
                    // What was copied before the copy gave up is garbage: free it now rather
                    // than hold it against maxmemory until the EVAL VM's next collection.
                    lua_gc(T, LUA_GCCOLLECT, 0)
                    tx.pointee.cap_suspended -= 1
                    luaPushRedisError(L, "CALL.\(alias): arguments can only hold strings, numbers, booleans and tables (64 levels, within the script memory limit)")
                    return STRUCTD_LUA_RAISE
                }
            } else {
                lua_createtable(T, 0, 0)
            }
            luaRawSetField(T, LuaSlot.globals, field)
        }
        tx.pointee.kill = 0
        tx.pointee.kill_message = nil
        tx.pointee.limit = tx.pointee.used + scriptingEngine.scriptMemoryAllowance
        tx.pointee.cap_suspended -= 1
        let status = lua_pcallk(T, 0, 1, base + 1, 0, nil)
        tx.pointee.cap_suspended += 1
        tx.pointee.limit = 0
        if tx.pointee.kill != 0 {
            structd_lua_set_tick_hook(T, ScriptingEngine.hookInstructions)
            tx.pointee.kill = 0
        }
        if tx.pointee.gc_tuned != 0 {
            // The callee stopped or tuned the EVAL VM's collector: defaults again.
            tx.pointee.gc_tuned = 0
            lua_gc(T, LUA_GCRESTART, 0)
            lua_gc(T, LUA_GCSETPAUSE, 200)
            lua_gc(T, LUA_GCSETSTEPMUL, 200)
        }
        defer {
            lua_settop(T, base)
            tx.pointee.cap_suspended -= 1
        }
        if status == LUA_OK {
            var back = copyBudget(vm.extra)
            if !luaCopyValue(from: T, lua_gettop(T), to: L, depth: 0, budget: &back) {
                luaPushRedisError(L, "CALL.\(alias): the script returned a value that cannot be passed back (only strings, numbers, booleans and tables of 64 levels, within the script memory limit)")
                return STRUCTD_LUA_RAISE
            }
            return 1
        }
        pushChainedError(L, errorAt: lua_gettop(T), from: T, status: status, alias: alias)
        return STRUCTD_LUA_RAISE
    }

    /// Pushes on `L` the error to raise in the caller: the callee's error (at `index` of
    /// `E`) with this frame appended (see the file comment).
    private func pushChainedError(_ L: LuaState, errorAt index: Int32, from E: LuaState, status: Int32, alias: String) {
        var text: [UInt8] = [45]   // "-": the text starts with its error code
        var ignoreStats = false
        var position: [UInt8] = []
        if status != LUA_ERRMEM, lua_type(E, index) == LUA_TTABLE {
            if luaRawGetField(E, index, "err") == LUA_TSTRING, let b = luaBytes(E, -1) {
                text += b
            } else {
                text += Array("ERR unknown error".utf8)
            }
            lua_settop(E, -2)
            let hasSource = luaRawGetField(E, index, "source") == LUA_TSTRING
            let hasLine = luaRawGetField(E, index, "line") == LUA_TNUMBER
            if hasSource && hasLine {
                position = Array(", on ".utf8) + Array(luaBytes(E, -2)!) + [58]
                position += Array(String(lua_tointegerx(E, -1, nil)).utf8)
            }
            lua_settop(E, -3)
            ignoreStats = luaRawGetField(E, index, "ignore_error_stats_update") == LUA_TBOOLEAN && lua_toboolean(E, -1) != 0
            lua_settop(E, -2)
        } else if status == LUA_ERRMEM {
            text += Array("ERR Error running script \(alias), not enough memory".utf8)
        } else if lua_type(E, index) == LUA_TSTRING, let b = luaBytes(E, index) {
            text += Array("ERR ".utf8) + b
        } else {
            text += Array("ERR unknown error".utf8)
        }
        text += Array(" script: \(alias)".utf8) + position + Array(". <- CALL.\(alias) in".utf8)
        text.withUnsafeBytes { luaPushRedisError(L, $0, ignoreStats: ignoreStats) }
    }
}

extension ScriptingEngine {
    /// Called with the text of a script's error reply (writeScriptError), which names the
    /// script (alias, sha or function), the line, and the CALL frames it crossed. Errors
    /// that went through CALL frames, and errors of scripts run by alias, are logged at
    /// notice level; other script errors (Redis does not log them) at verbose level, so a
    /// client failing scripts in a loop does not flood the log at the default level.
    func noteScriptError(_ text: [UInt8]) {
        let logger = server.log
        let chained = text.count > 8 && text.withUnsafeBytes { b in
            var i = 0
            while i + 8 <= b.count {
                if b[i] == 32 && b[i + 1] == 60 && b[i + 2] == 45 && b[i + 3] == 32 && b[i + 4] == 67 { return true }  // " <- C"
                i += 1
            }
            return false
        }
        let aliased = run.isEval && run.name.utf8.count != 40
        if chained || aliased {
            logger.notice("Script error (traceback, innermost first): \(String(decoding: text, as: UTF8.self))")
        } else {
            logger.verbose("Script error: \(String(decoding: text, as: UTF8.self))")
        }
    }
}

/// Bytes a copy into the VM with this bookkeeping may make: what its cap leaves (its
/// allowance outside a run).
func copyBudget(_ x: UnsafeMutablePointer<structd_lua_extra>) -> Int {
    let limit = x.pointee.limit, used = x.pointee.used
    if limit == 0 { return 1 << 30 }
    return limit > used ? Int(limit - used) : 0
}

/// Copies the value at `i` of `S` onto `D` (another state): nil, booleans, numbers,
/// strings, and tables of those (depth at most 64; raw access only, so no metamethod runs),
/// charging `budget` for every string and table made (about what D will allocate). False
/// (and nothing pushed) for other values, deeper tables, or past the budget.
func luaCopyValue(from S: LuaState, _ i: Int32, to D: LuaState, depth: Int, budget: inout Int) -> Bool {
    let i = lua_absindex(S, i)
    guard lua_checkstack(D, 4) != 0, lua_checkstack(S, 4) != 0 else { return false }
    budget -= 16
    if budget < 0 { return false }
    switch lua_type(S, i) {
    case LUA_TNIL:
        lua_pushnil(D)
    case LUA_TBOOLEAN:
        lua_pushboolean(D, lua_toboolean(S, i))
    case LUA_TNUMBER:
        if lua_isinteger(S, i) != 0 {
            lua_pushinteger(D, lua_tointegerx(S, i, nil))
        } else {
            lua_pushnumber(D, lua_tonumberx(S, i, nil))
        }
    case LUA_TSTRING:
        let s = luaBytes(S, i)!
        budget -= s.count + 32
        if budget < 0 { return false }
        luaPush(D, bytes: s)
    case LUA_TTABLE:
        if depth >= 64 { return false }
        lua_createtable(D, 0, 0)
        let t = lua_gettop(D)
        lua_pushnil(S)
        while lua_next(S, i) != 0 {
            guard luaCopyValue(from: S, -2, to: D, depth: depth + 1, budget: &budget) else {
                lua_settop(S, -3)
                lua_settop(D, t - 1)
                return false
            }
            guard luaCopyValue(from: S, -1, to: D, depth: depth + 1, budget: &budget) else {
                lua_settop(S, -3)
                lua_settop(D, t - 1)
                return false
            }
            lua_rawset(D, t)
            lua_settop(S, -2)
        }
    default:
        return false
    }
    return true
}
