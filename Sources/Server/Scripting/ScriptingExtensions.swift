// ScriptingExtensions: the state StructD adds around Redis's scripting engine (Redis 7.0
// Functions, script aliases, CALL.<alias> frames, transactional scripts and TXN.MULTI),
// and the two places it attaches to the engine (docs/scripting.md).
//
// The EVAL engine (LuaEngine.swift and friends) is Redis's eval.c; what is here is
// separate so the engine stays a faithful copy of Redis's behaviour:
//   - StructDScriptingState, one per server (`server.structdScripting`): the functions
//     engine (Functions.swift), the alias registry (ScriptAliases.swift), the CALL depth of
//     the running script (ScriptCalls.swift), the reusable undo log (UndoLog.swift) and
//     which clients opened their transaction with TXN.MULTI (TxnCommands.swift).
//   - `installScriptingExtensions()`, called once from Server.init: registers the functions
//     engine with RDB persistence (libraries are loaded from and saved to FUNCTION2
//     records) and the client-close cleanup.
//   - `ScriptingEngine.makeEvalVM()`: how the engine creates its EVAL VM (at start and
//     after SCRIPT FLUSH). It is a plain Redis sandbox plus the `CALL` global (see
//     ScriptCalls.swift), reachable by name but not listed by pairs(_G), so a script that
//     enumerates the globals sees exactly Redis's set.

import CLua
import DataStructures

/// StructD's scripting state (see the file comment).
final class StructDScriptingState {
    /// Redis 7.0 Functions: libraries and their Lua VM, created on first use.
    var functions: FunctionsEngine? = nil
    /// SCRIPT ALIAS: alias -> script.
    let aliases = ScriptAliasRegistry()
    /// CALL.<alias> frames open in the running script.
    var callDepth = 0
    /// The undo log, reused between scopes (UndoLog.swift).
    var undoLog: UndoLog? = nil
    /// Clients whose open transaction was started by TXN.MULTI, by client id, with the
    /// transaction they started (a MULTI after a DISCARD is a new object: not transactional).
    var txnMulti: [Int64: WeakMultiState] = [:]
    /// Set while a held key signal is replayed (UndoLog.swift): the bulk command
    /// (FLUSHALL...) that caused it, which `bulkKeyCommand` reports instead of the
    /// current command's.
    var heldBulkCommand: HeldBulkCommand? = nil
}

/// A weak reference to a client's MultiState.
struct WeakMultiState {
    weak var state: MultiState?
}

extension Server {
    /// Called once from Server.init.
    func installScriptingExtensions() {
        let loader: ([UInt8]) throws -> Void = { [unowned self] (code: [UInt8]) throws -> Void in
            let error: String? = self.functionsEngine.loadLibrary(code, replace: true)
            if let error { throw RDBError.corrupt("Failed loading library: " + error) }
        }
        persistence.functionLoader = loader
        persistence.functionLibrariesProvider = { [unowned self] in
            self.structdScripting.functions?.libraryCodes() ?? []
        }
        clientCloseHooks.append { [unowned self] c in
            self.structdScripting.txnMulti.removeValue(forKey: c.id)
        }
    }

    /// The functions engine, created on first use.
    var functionsEngine: FunctionsEngine {
        if let f = structdScripting.functions { return f }
        let f = FunctionsEngine(server: self)
        structdScripting.functions = f
        return f
    }
}

extension ScriptingEngine {
    /// The EVAL VM: Redis's sandbox plus the CALL global.
    func makeEvalVM() -> LuaVM {
        let vm = LuaVM(engine: self)
        vm.installCallGlobal()
        return vm
    }
}

extension LuaVM {
    /// Makes `CALL` readable as a global without adding it to the globals table: the real
    /// globals' __index (which raises for undefined names) answers "CALL" with the CALL
    /// table. Called on a fresh VM, outside any run.
    func installCallGlobal() {
        extra.pointee.cap_suspended += 1
        defer { extra.pointee.cap_suspended -= 1 }
        let top = lua_gettop(L)
        // The CALL table: read-only, every field a callable for that alias.
        lua_createtable(L, 0, 0)
        let callTable = lua_gettop(L)
        lua_createtable(L, 0, 4)
        let meta = lua_gettop(L)
        structd_lua_push_swift_function(L, luaCallIndex, context)
        luaRawSetField(L, meta, "__index")
        structd_lua_push_swift_function(L, luaReadonlyNewIndex, context)
        luaRawSetField(L, meta, "__newindex")
        lua_pushboolean(L, 0)
        luaRawSetField(L, meta, "__metatable")
        lua_setmetatable(L, callTable)
        // The metatable shared by the callables: __call runs the alias.
        lua_createtable(L, 0, 3)
        let callableMeta = lua_gettop(L)
        structd_lua_push_swift_function(L, luaCallInvoke, context)
        luaRawSetField(L, callableMeta, "__call")
        lua_pushboolean(L, 0)
        luaRawSetField(L, callableMeta, "__metatable")
        luaRegistrySet(L, LuaVM.callableMetaKey)
        luaRegistrySet(L, LuaVM.callTableKey)
        // The error handler and the real globals, reachable from any thread (coroutines).
        lua_pushvalue(L, LuaSlot.errorHandler)
        luaRegistrySet(L, LuaVM.errorHandlerKey)
        lua_pushvalue(L, LuaSlot.globals)
        luaRegistrySet(L, LuaVM.realGlobalsKey)
        // The real globals' __index: CALL, else Redis's "nonexistent global variable".
        if lua_getmetatable(L, LuaSlot.globals) != 0 {
            structd_lua_push_swift_function(L, luaGlobalsIndex, context)
            luaRawSetField(L, lua_gettop(L) - 1, "__index")
        }
        lua_settop(L, top)
    }

    // Registry entries of the extensions (string keys: raw access cannot raise).
    static let callTableKey: StaticString = "structd.CALL"
    static let callableMetaKey: StaticString = "structd.CALL.meta"
    static let errorHandlerKey: StaticString = "structd.errorHandler"
    static let realGlobalsKey: StaticString = "structd.globals"
}

/// registry[key] = value on top (popped).
func luaRegistrySet(_ L: LuaState, _ key: StaticString) {
    luaPush(L, key)
    lua_rotate(L, -2, 1)
    lua_rawset(L, luaRegistry)
}

/// Pushes registry[key]; returns its type.
@discardableResult
func luaRegistryGet(_ L: LuaState, _ key: StaticString) -> Int32 {
    luaPush(L, key)
    return lua_rawget(L, luaRegistry)
}

/// __index of the real globals: "CALL" is the CALL table; any other missing name raises
/// Redis's error (luaMissingGlobal).
let luaGlobalsIndex: LuaFunction = { L, ctx in
    let L = L!
    if lua_type(L, 2) == LUA_TSTRING, let name = luaBytes(L, 2), name.elementsEqual("CALL".utf8) {
        luaRegistryGet(L, LuaVM.callTableKey)
        return 1
    }
    return luaMissingGlobal(L, ctx)
}
