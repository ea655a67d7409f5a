// LuaVM: one Lua 5.3 state set up as Redis 7.0's script sandbox, and the small helpers
// every Swift function exposed to Lua uses (docs/scripting.md).
//
// The longjmp rule. lua_error unwinds with longjmp; through a Swift frame that leaks
// objects and corrupts exclusivity state. So:
//   - a Swift function registered in Lua never raises: it pushes an error value and
//     returns STRUCTD_LUA_RAISE, and the C trampoline (Sources/CLua) raises from C;
//   - a Swift wrapper around a library function checks/rewrites the arguments and
//     returns STRUCTD_LUA_CONTINUE: the trampoline calls the original from C;
//   - Swift only uses Lua API calls that cannot raise: raw table access, pushes while
//     the memory cap is suspended (it is, inside every callback and whenever Swift sets
//     up or converts a script's values), lua_next with keys it got from lua_next.
//     No user finalizer can run at an allocation because setmetatable ignores __gc,
//     as Lua 5.1 did for tables.
//
// The sandbox. Redis 7.0 marks tables read-only inside its patched Lua 5.1. Stock Lua 5.3
// has no such flag, so every protected table is an empty proxy whose metatable reads
// from the real table and refuses writes ("Attempt to modify a readonly table"). The
// globals seen by scripts (the registry's LUA_RIDX_GLOBALS, the _ENV of every chunk) are
// a proxy of the real globals table; libraries are proxies too; the string metatable
// shows a protected copy. rawset/rawget/next/setmetatable look through or refuse
// proxies. The real tables are reachable only from Swift (registry references and the
// fixed stack slots below), so a script cannot leave state behind for the next one.

import CLua

typealias LuaState = OpaquePointer

/// Lua stack slots kept for the life of a VM: the error handler and the real globals.
enum LuaSlot {
    static let errorHandler: Int32 = 1
    static let globals: Int32 = 2
}

let luaRegistry = structd_lua_registryindex()

// MARK: - small helpers (none of them can raise while the cap is suspended)

@inline(__always) func luaCString(_ s: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self)
}

@inline(__always) func luaPush(_ L: LuaState, _ s: StaticString) {
    lua_pushlstring(L, luaCString(s), s.utf8CodeUnitCount)
}

@inline(__always) func luaPush(_ L: LuaState, bytes p: UnsafeRawBufferPointer) {
    lua_pushlstring(L, p.baseAddress?.assumingMemoryBound(to: CChar.self) ?? luaCString(""), p.count)
}

func luaPush(_ L: LuaState, string s: String) {
    var s = s
    s.withUTF8 { luaPush(L, bytes: UnsafeRawBufferPointer($0)) }
}

func luaPush(_ L: LuaState, bytes: [UInt8]) {
    bytes.withUnsafeBytes { luaPush(L, bytes: $0) }
}

/// The bytes of the string (or number, converted in place) at `i`; nil for other types.
@inline(__always) func luaBytes(_ L: LuaState, _ i: Int32) -> UnsafeRawBufferPointer? {
    var len = 0
    guard let p = lua_tolstring(L, i, &len) else { return nil }
    return UnsafeRawBufferPointer(start: p, count: len)
}

func luaString(_ L: LuaState, _ i: Int32) -> String? {
    luaBytes(L, i).map { String(decoding: $0, as: UTF8.self) }
}

/// t[k] = v on the table at `t` (absolute index), without metamethods.
@inline(__always) func luaRawSetField(_ L: LuaState, _ t: Int32, _ k: StaticString) {
    // value on top
    luaPush(L, k)
    lua_rotate(L, -2, 1)
    lua_rawset(L, t)
}

/// Pushes t[k] (raw) and returns its type.
@inline(__always) func luaRawGetField(_ L: LuaState, _ t: Int32, _ k: StaticString) -> Int32 {
    let t = lua_absindex(L, t)
    luaPush(L, k)
    return lua_rawget(L, t)
}

@inline(__always) func luaType(_ L: LuaState, _ i: Int32) -> Int32 { lua_type(L, i) }

func luaTypeName(_ L: LuaState, _ i: Int32) -> String {
    String(cString: structd_lua_typename_at(L, i))
}

/// C's (long long) cast of a double on x86-64 (cvttsd2si): out of range and NaN give
/// INT64_MIN. Redis converts script numbers to integers this way.
@inline(__always) func truncatingInt64(_ d: Double) -> Int64 {
    if d.isNaN || d >= 9223372036854775808.0 || d < -9223372036854775808.0 { return Int64.min }
    return Int64(d)
}

/// C's (unsigned long long) cast of a double as GCC compiles it on x86-64.
func truncatingUInt64(_ d: Double) -> UInt64 {
    if d.isNaN { return 1 << 63 }
    if d < 9223372036854775808.0 { return UInt64(bitPattern: truncatingInt64(d)) }
    let t = d - 9223372036854775808.0
    return UInt64(bitPattern: truncatingInt64(t)) ^ (1 << 63)
}

/// C's (int) cast of a lua_Number as Lua 5.1's luaL_checkint did it.
@inline(__always) func truncatingInt32(_ d: Double) -> Int32 {
    Int32(truncatingIfNeeded: truncatingInt64(d))
}

// MARK: - errors raised by Swift functions (pushed, then returned as STRUCTD_LUA_RAISE)

/// luaL_error: "<where>: message", `where` being the calling Lua line.
func luaRaise(_ L: LuaState, _ message: String, level: Int32 = 1) -> Int32 {
    var m = message
    m.withUTF8 { u in
        u.withMemoryRebound(to: CChar.self) { structd_lua_push_where(L, level, $0.baseAddress, $0.count) }
    }
    return STRUCTD_LUA_RAISE
}

/// lua_error with a plain string (no position).
func luaRaisePlain(_ L: LuaState, _ message: String) -> Int32 {
    luaPush(L, string: message)
    return STRUCTD_LUA_RAISE
}

/// luaL_argerror: "bad argument #n to 'name' (message)".
func luaArgError(_ L: LuaState, _ arg: Int32, _ message: String) -> Int32 {
    var arg = arg
    var ar = lua_Debug()
    if lua_getstack(L, 0, &ar) == 0 {
        return luaRaise(L, "bad argument #\(arg) (\(message))")
    }
    lua_getinfo(L, "n", &ar)
    if let nw = ar.namewhat, String(cString: nw) == "method" {
        arg -= 1
        if arg == 0 {
            let n = ar.name.map { String(cString: $0) } ?? "?"
            return luaRaise(L, "calling '\(n)' on bad self (\(message))")
        }
    }
    let name = ar.name.map { String(cString: $0) } ?? "?"
    return luaRaise(L, "bad argument #\(arg) to '\(name)' (\(message))")
}

/// luaL_typeerror: "<expected> expected, got <type>".
func luaTypeError(_ L: LuaState, _ arg: Int32, _ expected: String) -> Int32 {
    luaArgError(L, arg, "\(expected) expected, got \(luaTypeName(L, arg))")
}

/// luaL_checknumber without the longjmp: the number, or nil after pushing the error.
func luaCheckNumber(_ L: LuaState, _ arg: Int32, _ raised: inout Int32) -> Double? {
    var ok: Int32 = 0
    let d = lua_tonumberx(L, arg, &ok)
    if ok == 0 { raised = luaTypeError(L, arg, "number"); return nil }
    return d
}

/// luaL_checklstring without the longjmp (numbers are converted in place, as Lua does).
func luaCheckBytes(_ L: LuaState, _ arg: Int32, _ raised: inout Int32) -> UnsafeRawBufferPointer? {
    let t = lua_type(L, arg)
    if t == LUA_TSTRING || t == LUA_TNUMBER { return luaBytes(L, arg) }
    raised = luaTypeError(L, arg, "string")
    return nil
}

/// Lua 5.1's luaL_checkint: numbers truncated to int.
func luaCheckInt(_ L: LuaState, _ arg: Int32, _ raised: inout Int32) -> Int32? {
    guard let d = luaCheckNumber(L, arg, &raised) else { return nil }
    return truncatingInt32(d)
}

/// Lua 5.1's luaL_optinteger: a missing or nil argument gives `def`.
func luaOptInteger(_ L: LuaState, _ arg: Int32, _ def: Int64, _ raised: inout Int32) -> Int64? {
    if lua_type(L, arg) <= LUA_TNIL { return def }
    guard let d = luaCheckNumber(L, arg, &raised) else { return nil }
    return truncatingInt64(d)
}

// MARK: - the VM

/// A Swift function callable from Lua (see the top comment for the rules).
typealias LuaFunction = structd_swift_fn

final class LuaVM {
    let L: LuaState
    let extra: UnsafeMutablePointer<structd_lua_extra>
    /// The engine owns its VMs, so this reference never outlives it (no refcounting on
    /// the redis.call path).
    unowned(unsafe) let engine: ScriptingEngine
    /// Registry reference of the proxy -> real table map.
    private(set) var proxiesRef: Int32 = 0
    /// Registry reference of the shared read-only table getmetatable() shows for proxies.
    private var sharedMetaRef: Int32 = 0
    /// Registry reference of the `next` scripts see (proxy-aware), used by __pairs.
    private var nextRef: Int32 = 0
    /// Scripts run since the last incremental GC step.
    var runsSinceGC = 0

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ ctx: UnsafeMutableRawPointer?) -> LuaVM {
        Unmanaged<LuaVM>.fromOpaque(ctx!).takeUnretainedValue()
    }

    /// A new state with Redis 7.0's libraries and API, sandboxed. `extend` runs on the
    /// real globals table (at LuaSlot.globals) before it is protected, so a second kind
    /// of VM (functions) can add its own API.
    init(engine: ScriptingEngine, extend: ((LuaVM) -> Void)? = nil) {
        self.engine = engine
        // The context pointer is set right after init (self is not available yet).
        guard let state = structd_lua_new(nil) else { fatalError("Lua: cannot allocate a state") }
        L = state
        extra = structd_lua_extra_of(state)
        extra.pointee.context = Unmanaged.passUnretained(self).toOpaque()
        extra.pointee.tick = { ctx in LuaVM.from(ctx).engine.tick() }
        extra.pointee.cap_suspended = 1
        structd_lua_open_libs(L)
        lua_settop(L, 0)
        // Fixed slots: the error handler, then the real globals.
        structd_lua_push_swift_function(L, luaErrorHandler, context)
        lua_rawgeti(L, luaRegistry, lua_Integer(structd_lua_ridx_globals()))
        lua_createtable(L, 0, 8)
        proxiesRef = luaL_ref(L, luaRegistry)
        installBaseLibrary()
        installLibraries()
        installRedisAPI()
        extend?(self)
        protectEverything()
        structd_lua_set_tick_hook(L, ScriptingEngine.hookInstructions)
        lua_gc(L, LUA_GCCOLLECT, 0)
        extra.pointee.cap_suspended = 0
    }

    deinit {
        structd_lua_close(L)
    }

    var memoryUsed: Int { Int(extra.pointee.used) }

    // MARK: building tables

    /// t[name] = Swift function, on the table at absolute index `t`.
    func setFunction(_ t: Int32, _ name: StaticString, _ fn: LuaFunction) {
        structd_lua_push_swift_function(L, fn, context)
        luaRawSetField(L, t, name)
    }

    /// Replaces t[name] (a C function) with a Swift wrapper that may continue into it.
    func wrapFunction(_ t: Int32, _ name: StaticString, _ fn: LuaFunction) {
        _ = luaRawGetField(L, t, name)
        structd_lua_push_swift_wrapper(L, fn, context)
        luaRawSetField(L, t, name)
    }

    /// Pushes real_globals[name] (a library table) and returns its absolute index.
    func pushLibrary(_ name: StaticString) -> Int32 {
        _ = luaRawGetField(L, LuaSlot.globals, name)
        return lua_gettop(L)
    }

    func removeFields(_ t: Int32, _ names: [StaticString]) {
        for n in names {
            lua_pushnil(L)
            luaRawSetField(L, t, n)
        }
    }

    /// t[alias] = t[name].
    func alias(_ t: Int32, _ alias: StaticString, to name: StaticString) {
        _ = luaRawGetField(L, t, name)
        luaRawSetField(L, t, alias)
    }

    // MARK: read-only proxies

    /// Replaces the table on top with its read-only proxy.
    func protectTop() {
        let real = lua_gettop(L)
        lua_createtable(L, 0, 0)               // proxy
        let proxy = lua_gettop(L)
        lua_createtable(L, 0, 4)               // its metatable
        let meta = lua_gettop(L)
        lua_pushvalue(L, real)
        luaRawSetField(L, meta, "__index")
        structd_lua_push_swift_function(L, luaReadonlyNewIndex, context)
        luaRawSetField(L, meta, "__newindex")
        structd_lua_push_swift_function(L, luaProxyPairs, context)
        luaRawSetField(L, meta, "__pairs")
        if sharedMetaRef != 0 {
            lua_rawgeti(L, luaRegistry, lua_Integer(sharedMetaRef))
        } else {
            lua_pushboolean(L, 0)
        }
        luaRawSetField(L, meta, "__metatable")
        lua_setmetatable(L, proxy)
        // proxies[proxy] = real
        lua_rawgeti(L, luaRegistry, lua_Integer(proxiesRef))
        lua_pushvalue(L, proxy)
        lua_pushvalue(L, real)
        lua_rawset(L, -3)
        lua_settop(L, proxy)
        structd_lua_replace(L, real)
    }

    /// Whether the value at `i` is a proxy; if so, pushes the real table and returns true.
    func pushRealTable(ofProxy i: Int32) -> Bool {
        if lua_type(L, i) != LUA_TTABLE { return false }
        let i = lua_absindex(L, i)
        lua_rawgeti(L, luaRegistry, lua_Integer(proxiesRef))
        lua_pushvalue(L, i)
        if lua_rawget(L, -2) == LUA_TTABLE {
            structd_lua_remove(L, -2)
            return true
        }
        lua_settop(L, -3)
        return false
    }

    func isProxy(_ i: Int32) -> Bool {
        if pushRealTable(ofProxy: i) {
            lua_settop(L, -2)
            return true
        }
        return false
    }

    private func protectEverything() {
        let g = LuaSlot.globals
        // The table getmetatable() returns for any protected table: read-only, empty.
        lua_createtable(L, 0, 0)
        protectTop()
        sharedMetaRef = luaL_ref(L, luaRegistry)
        // Re-point the proxy metatable of the shared table at itself.
        lua_rawgeti(L, luaRegistry, lua_Integer(sharedMetaRef))
        _ = lua_getmetatable(L, -1)
        lua_rawgeti(L, luaRegistry, lua_Integer(sharedMetaRef))
        luaRawSetField(L, lua_gettop(L) - 1, "__metatable")
        lua_settop(L, g)

        // Libraries.
        for name: StaticString in ["string", "table", "math", "coroutine", "bit", "cjson", "cmsgpack", "struct", "redis"] {
            if luaRawGetField(L, g, name) == LUA_TTABLE {
                protectTop()
                luaRawSetField(L, g, name)
            } else {
                lua_settop(L, g)
            }
        }
        // The string metatable: __index stays the real library (method calls are fast),
        // getmetatable("") shows a protected table whose __index is the protected library.
        luaPush(L, "")
        if lua_getmetatable(L, -1) != 0 {
            let smeta = lua_gettop(L)
            lua_createtable(L, 0, 1)
            _ = luaRawGetField(L, g, "string")
            luaRawSetField(L, smeta + 1, "__index")
            protectTop()
            luaRawSetField(L, smeta, "__metatable")
        }
        lua_settop(L, g)
        // Globals: reading a missing one is an error, writing any is an error.
        lua_createtable(L, 0, 1)
        let gmeta = lua_gettop(L)
        structd_lua_push_swift_function(L, luaMissingGlobal, context)
        luaRawSetField(L, gmeta, "__index")
        lua_setmetatable(L, g)
        lua_pushvalue(L, g)
        protectTop()
        lua_pushvalue(L, -1)
        luaRawSetField(L, g, "_G")
        lua_rawseti(L, luaRegistry, lua_Integer(structd_lua_ridx_globals()))
        lua_settop(L, g)
    }

    // MARK: compiling

    /// Compiles `code` as a chunk named `name` ("@user_script"). On success the function
    /// is on top and nil is returned; on failure the error message is returned.
    func compile(_ code: UnsafeRawBufferPointer, name: StaticString) -> String? {
        extra.pointee.cap_suspended += 1
        defer { extra.pointee.cap_suspended -= 1 }
        let base = code.baseAddress?.assumingMemoryBound(to: CChar.self) ?? luaCString("")
        let rc = structd_lua_load_text(L, base, code.count, luaCString(name))
        if rc != LUA_OK {
            let msg = luaString(L, -1) ?? "unknown error"
            lua_settop(L, -2)
            return msg
        }
        return nil
    }

    /// Stores the function on top in the registry; returns the reference.
    func storeTop() -> Int32 { luaL_ref(L, luaRegistry) }

    func release(_ ref: Int32) { luaL_unref(L, luaRegistry, ref) }

    // MARK: installing the Lua 5.1-compatible base library

    private func installBaseLibrary() {
        let g = LuaSlot.globals
        // Not in Redis's sandbox (or not in Lua 5.1).
        removeFields(g, ["dofile", "loadfile", "print", "rawlen", "require"])
        // Globals that look through or refuse read-only proxies.
        wrapFunction(g, "next", luaSafeNext)
        _ = luaRawGetField(L, g, "next")
        nextRef = luaL_ref(L, luaRegistry)
        wrapFunction(g, "rawget", luaSafeRawGet)
        wrapFunction(g, "rawset", luaSafeRawSet)
        setFunction(g, "setmetatable", luaSafeSetMetatable)
        wrapFunction(g, "tostring", luaCompatToString)
        // Lua 5.1's load(func [, chunkname]) and loadstring(s [, chunkname]): text only.
        _ = luaRawGetField(L, g, "load")
        lua_pushvalue(L, -1)
        structd_lua_push_swift_wrapper(L, luaCompatLoadString, context)
        luaRawSetField(L, g, "loadstring")
        structd_lua_push_swift_wrapper(L, luaCompatLoad, context)
        luaRawSetField(L, g, "load")
        setFunction(g, "gcinfo", luaCompatGCInfo)
        lua_pushcclosure(L, structd_lua_redis_pcall, 0)
        luaRawSetField(L, g, "pcall")
        // Redis's error handler is a global function too.
        lua_pushvalue(L, LuaSlot.errorHandler)
        luaRawSetField(L, g, "__redis__err__handler")
        // unpack = table.unpack
        let t = pushLibrary("table")
        _ = luaRawGetField(L, t, "unpack")
        luaRawSetField(L, g, "unpack")
        lua_settop(L, g)
    }

    /// Pushes the proxy-aware `next` function.
    func pushNext() { lua_rawgeti(L, luaRegistry, lua_Integer(nextRef)) }
}

// MARK: - sandbox functions

/// __newindex of every read-only proxy.
let luaReadonlyNewIndex: LuaFunction = { L, _ in
    luaRaise(L!, "Attempt to modify a readonly table")
}

/// __index of the real globals: reading an undefined global is an error, as in Redis 7.0.
let luaMissingGlobal: LuaFunction = { L, _ in
    let L = L!
    let name = luaType(L, 2) == LUA_TSTRING ? (luaString(L, 2) ?? "") : "?"
    return luaRaise(L, "Script attempted to access nonexistent global variable '\(name)'")
}

/// __pairs of proxies: iterate the real table through the proxy-aware next, without
/// handing the real table to the script.
let luaProxyPairs: LuaFunction = { L, ctx in
    let vm = LuaVM.from(ctx)
    let L = L!
    vm.pushNext()
    lua_pushvalue(L, 1)
    lua_pushnil(L)
    return 3
}

let luaSafeNext: LuaFunction = { L, ctx in
    let vm = LuaVM.from(ctx)
    if vm.pushRealTable(ofProxy: 1) { structd_lua_replace(L, 1) }
    return STRUCTD_LUA_CONTINUE
}

let luaSafeRawGet: LuaFunction = { L, ctx in
    let vm = LuaVM.from(ctx)
    if vm.pushRealTable(ofProxy: 1) { structd_lua_replace(L, 1) }
    return STRUCTD_LUA_CONTINUE
}

let luaSafeRawSet: LuaFunction = { L, ctx in
    let vm = LuaVM.from(ctx)
    if vm.isProxy(1) { return luaRaisePlain(L!, "Attempt to modify a readonly table") }
    return STRUCTD_LUA_CONTINUE
}

/// setmetatable as in Lua 5.1 for tables: __gc is ignored (no finalizer can run at an
/// arbitrary allocation), protected tables refuse.
let luaSafeSetMetatable: LuaFunction = { L, ctx in
    let vm = LuaVM.from(ctx)
    let L = L!
    let t2 = lua_type(L, 2)
    if lua_type(L, 1) != LUA_TTABLE { return luaTypeError(L, 1, "table") }
    if t2 != LUA_TNIL && t2 != LUA_TTABLE { return luaArgError(L, 2, "nil or table expected") }
    if vm.isProxy(1) { return luaRaisePlain(L, "Attempt to modify a readonly table") }
    if lua_getmetatable(L, 1) != 0 {
        let protected = luaRawGetField(L, -1, "__metatable") != LUA_TNIL
        lua_settop(L, -3)
        if protected { return luaRaise(L, "cannot change a protected metatable") }
    }
    lua_settop(L, 2)
    var hadGC = false
    if t2 == LUA_TTABLE {
        hadGC = luaRawGetField(L, 2, "__gc") != LUA_TNIL   // saved at slot 3
        if hadGC {
            lua_pushnil(L)
            luaRawSetField(L, 2, "__gc")
        } else {
            lua_settop(L, 2)
        }
    }
    lua_pushvalue(L, 2)
    lua_setmetatable(L, 1)
    if hadGC {
        lua_pushvalue(L, 3)
        luaRawSetField(L, 2, "__gc")
    }
    lua_settop(L, 1)
    return 1
}

/// tostring with Lua 5.1's number format ("%.14g": 5 not 5.0); other values as 5.3.
let luaCompatToString: LuaFunction = { L, _ in
    let L = L!
    if lua_type(L, 1) == LUA_TNUMBER {
        // Integers too: Lua 5.1 had only doubles.
        pushFormattedNumber(L, lua_tonumberx(L, 1, nil), precision: 14)
        return 1
    }
    return STRUCTD_LUA_CONTINUE
}

func pushFormattedNumber(_ L: LuaState, _ d: Double, precision: Int32) {
    var buf: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    withUnsafeMutableBytes(of: &buf) { b in
        let p = b.baseAddress!.assumingMemoryBound(to: CChar.self)
        let n = Int(structd_format_double(p, 48, d, precision))
        lua_pushlstring(L, p, min(n, 47))
    }
}

/// Lua 5.1's load(func [, chunkname]): only a reader function, text chunks only.
let luaCompatLoad: LuaFunction = { L, _ in
    let L = L!
    if lua_type(L, 1) != LUA_TFUNCTION { return luaTypeError(L, 1, "function") }
    lua_settop(L, 2)
    luaPush(L, "t")
    return STRUCTD_LUA_CONTINUE
}

/// Lua 5.1's loadstring(s [, chunkname]): text chunks only (no bytecode).
let luaCompatLoadString: LuaFunction = { L, _ in
    let L = L!
    var raised: Int32 = 0
    guard luaCheckBytes(L, 1, &raised) != nil else { return raised }
    lua_settop(L, 2)
    luaPush(L, "t")
    return STRUCTD_LUA_CONTINUE
}

let luaCompatGCInfo: LuaFunction = { L, _ in
    lua_pushinteger(L, lua_Integer(lua_gc(L, LUA_GCCOUNT, 0)))
    return 1
}
