// Functions: Redis 7.0's function libraries (Redis's functions.c + function_lua.c): the
// library store, loading a library's code, and its own Lua VM (docs/scripting.md,
// "Functions").
//
// A library is its code: `#!lua name=<lib>` on the first line, then Lua that registers
// functions with redis.register_function(name, fn) or redis.register_function{
// function_name=, callback=, flags={...}, description=}. Loading it (FUNCTION LOAD,
// FUNCTION RESTORE, an RDB FUNCTION2 record) goes through createLibrary, in Redis's order
// of checks: metadata (the shebang, split with sdssplitargs rules: `name=` case-
// insensitively, given once, nothing else), the engine ("lua", any case), the library
// name, whether it already exists, compiling ("Error compiling function: ..."), running
// the code ("Error registering functions: ..."), at least one function registered.
//
// The functions VM is a second LuaVM: Redis's sandbox with the runtime `redis` API of
// functions (no breakpoint/debug/replicate_commands, no KEYS/ARGV: a function gets keys and
// arguments as its two parameters). While library code runs, Redis shows it a different
// world: the globals hold only `redis`, and `redis` only register_function, log, the LOG_*
// levels, REDIS_VERSION and REDIS_VERSION_NUM; reading anything else raises "Script
// attempted to access nonexistent global variable". We do the same by pointing the
// globals proxy's __index at a load-time table for the duration of the load. Functions
// defined by the code keep running in the normal globals afterwards (they read _ENV, the
// same proxy). Library code runs for at most 500 ms ("FUNCTION LOAD timeout").
//
// Names: libraries are case-sensitive; functions are found case-insensitively (FCALL f
// runs F), may not collide case-insensitively with another library's, and must be unique
// (exact case) within their library — Redis's rules. Libraries are kept in load order,
// which is the order FUNCTION LIST and FUNCTION DUMP use (Redis uses its hash order).

import CLua
import Config
import DataStructures
import EventLoop

/// One registered function.
final class FunctionInfo {
    let name: String
    /// Registry reference of the callback in the functions VM.
    let ref: Int32
    let flags: ScriptFlags
    let description: [UInt8]?
    unowned let library: FunctionLibrary

    init(name: String, ref: Int32, flags: ScriptFlags, description: [UInt8]?, library: FunctionLibrary) {
        self.name = name
        self.ref = ref
        self.flags = flags
        self.description = description
        self.library = library
    }
}

/// One library: its code and its functions, in registration order.
final class FunctionLibrary {
    let name: String
    let code: [UInt8]
    var functions: [FunctionInfo] = []

    init(name: String, code: [UInt8]) {
        self.name = name
        self.code = code
    }

    /// Bytes INFO counts for it (used_memory_functions).
    var memory: Int {
        code.count + name.utf8.count + 64 + functions.reduce(0) { $0 + $1.name.utf8.count + ($1.description?.count ?? 0) + 64 }
    }
}

/// A set of libraries with the case-insensitive function index (the live one, or the
/// temporary one FUNCTION RESTORE builds before joining it).
final class LibraryContext {
    private(set) var libraries: [FunctionLibrary] = []
    private var byName: [String: FunctionLibrary] = [:]
    /// Lowercase function name -> function (the first registered wins on a case clash
    /// inside one library, as in Redis).
    let functions = Dict<FunctionInfo>()
    private(set) var functionCount = 0

    func library(_ name: String) -> FunctionLibrary? { byName[name] }

    /// The function named `name` in any case, or nil (names longer than 256 bytes are
    /// never registered... nor looked up without allocating).
    func function(_ name: UnsafeRawBufferPointer) -> FunctionInfo? {
        if name.count > 256 { return functions.find(RStr(Array(name).map(lowerASCII)))?.value }
        var buf = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                   UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                   UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                   UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &buf) { b in
            for i in 0..<name.count { b[i] = lowerASCII(name[i]) }
            return functions.find(UnsafeRawBufferPointer(rebasing: b[0..<name.count]))?.value
        }
    }

    func function(named name: String) -> FunctionInfo? {
        var s = name
        return s.withUTF8 { function(UnsafeRawBufferPointer($0)) }
    }

    /// The first function of `lib` whose name is taken (any case) by another library.
    func collision(_ lib: FunctionLibrary) -> FunctionInfo? {
        lib.functions.first { f in
            guard let other = function(named: f.name) else { return false }
            return other.library !== lib
        }
    }

    func add(_ lib: FunctionLibrary) {
        libraries.append(lib)
        byName[lib.name] = lib
        for f in lib.functions {
            let key = RStr(f.name.lowercased())
            if functions.find(key) == nil { functions.insertNew(key, f) }
        }
        functionCount += lib.functions.count
    }

    func remove(_ lib: FunctionLibrary) {
        libraries.removeAll { $0 === lib }
        byName.removeValue(forKey: lib.name)
        for f in lib.functions {
            let key = RStr(f.name.lowercased())
            if let e = functions.find(key), e.value === f { _ = functions.remove(key) }
        }
        // A case twin of a removed function becomes reachable again.
        for other in libraries {
            for f in other.functions {
                let key = RStr(f.name.lowercased())
                if functions.find(key) == nil { functions.insertNew(key, f) }
            }
        }
        functionCount -= lib.functions.count
    }

    func removeAll() -> [FunctionLibrary] {
        let all = libraries
        libraries.removeAll()
        byName.removeAll()
        functions.clearAll()
        functionCount = 0
        return all
    }

    var memory: Int { libraries.reduce(0) { $0 + $1.memory } }
}

@inline(__always) func lowerASCII(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c + 32 : c }

final class FunctionsEngine {
    unowned let server: Server
    let live = LibraryContext()
    private var vmStorage: LuaVM? = nil
    /// The library whose code is running (redis.register_function adds to it).
    var loading: FunctionLibrary? = nil
    /// Monotonic deadline of the running library code (0: no load in progress).
    var loadDeadline: Int64 = 0
    /// Registry reference of the load-time globals table.
    private var loadGlobalsRef: Int32 = 0
    /// Libraries released inside an undo scope, released for good when it ends.
    private var deferredRelease: [FunctionLibrary] = []

    static let loadTimeoutMicros: Int64 = 500_000

    init(server: Server) {
        self.server = server
        server.admin.gauges["number_of_functions"] = { [unowned self] in Int64(self.live.functionCount) }
        server.admin.gauges["number_of_libraries"] = { [unowned self] in Int64(self.live.libraries.count) }
        server.admin.gauges["used_memory_vm_functions"] = { [unowned self] in Int64(self.vmStorage?.memoryUsed ?? 0) }
        server.admin.gauges["used_memory_functions"] = { [unowned self] in Int64(self.live.memory) }
    }

    /// The functions VM, created on first use.
    var vm: LuaVM {
        if let v = vmStorage { return v }
        let v = makeVM()
        vmStorage = v
        return v
    }

    private func makeVM() -> LuaVM {
        let vm = LuaVM(engine: server.scriptingEngine, extend: { vm in
            // The runtime API of functions: Redis's eval API minus the debugger and
            // replicate_commands; no error-handler global.
            let L = vm.L
            let r = vm.pushLibrary("redis")
            vm.removeFields(r, ["breakpoint", "debug", "replicate_commands"])
            lua_settop(L, LuaSlot.globals)
            vm.removeFields(LuaSlot.globals, ["__redis__err__handler"])
        })
        vm.installCallGlobal()
        vm.extra.pointee.tick = { ctx in
            let vm = LuaVM.from(ctx)
            return vm.engine.server.functionsTick(vm)
        }
        installLoadGlobals(vm)
        return vm
    }

    /// The world library code sees while it runs (see the file comment).
    private func installLoadGlobals(_ vm: LuaVM) {
        let L = vm.L
        let x = vm.extra
        x.pointee.cap_suspended += 1
        defer { x.pointee.cap_suspended -= 1 }
        let top = lua_gettop(L)
        // redis: register_function, log, LOG_*, REDIS_VERSION(_NUM).
        lua_createtable(L, 0, 8)
        let r = lua_gettop(L)
        vm.setFunction(r, "register_function", { L, ctx in LuaVM.from(ctx).engine.server.functionsEngine.registerFunction(L!) })
        vm.setFunction(r, "log", { L, ctx in LuaVM.from(ctx).engine.redisLog(L!) })
        let ints: [(StaticString, lua_Integer)] = [
            ("LOG_DEBUG", 0), ("LOG_VERBOSE", 1), ("LOG_NOTICE", 2), ("LOG_WARNING", 3),
            ("REDIS_VERSION_NUM", ScriptingEngine.redisVersionNumber),
        ]
        for (name, v) in ints {
            lua_pushinteger(L, v)
            luaRawSetField(L, r, name)
        }
        luaPush(L, string: server.redisVersion)
        luaRawSetField(L, r, "REDIS_VERSION")
        missingNamesRaise(vm, r)
        vm.protectTop()
        // The globals: only `redis`.
        lua_createtable(L, 0, 1)
        let g = lua_gettop(L)
        lua_pushvalue(L, r)
        luaRawSetField(L, g, "redis")
        missingNamesRaise(vm, g)
        loadGlobalsRef = luaL_ref(L, luaRegistry)
        lua_settop(L, top)
    }

    /// Gives the table at `t` a metatable whose __index raises Redis's "nonexistent global
    /// variable" error.
    private func missingNamesRaise(_ vm: LuaVM, _ t: Int32) {
        let L = vm.L
        lua_createtable(L, 0, 1)
        structd_lua_push_swift_function(L, luaMissingGlobal, vm.context)
        luaRawSetField(L, lua_gettop(L) - 1, "__index")
        lua_setmetatable(L, t)
    }

    // MARK: creating a library

    /// Redis's library metadata: (engine, name) or the error message.
    static func parseMetadata(_ code: [UInt8]) -> Result<(engine: [UInt8], name: [UInt8], headerLength: Int), ScriptError> {
        guard code.count >= 2, code[0] == UInt8(ascii: "#"), code[1] == UInt8(ascii: "!") else {
            return .failure(ScriptError("Missing library metadata"))
        }
        guard let nl = code.firstIndex(of: 10) else { return .failure(ScriptError("Invalid library metadata")) }
        guard let parts = ConfigParsing.splitArgsBytes(Array(code[0..<nl])), !parts.isEmpty else {
            return .failure(ScriptError("Invalid library metadata"))
        }
        let engine = Array(parts[0].dropFirst(2))
        var name: [UInt8]? = nil
        for part in parts.dropFirst() {
            if part.count >= 5, part[0..<5].map(lowerASCII) == Array("name=".utf8) {
                if name != nil { return .failure(ScriptError("Invalid metadata value, name argument was given multiple times")) }
                name = Array(part.dropFirst(5))
                continue
            }
            return .failure(ScriptError("Invalid metadata value given: \(String(decoding: part, as: UTF8.self))"))
        }
        guard let name else { return .failure(ScriptError("Library name was not given")) }
        return .success((engine, name, nl))
    }

    /// Letters, digits and underscores, at least one (Redis's functionsVerifyName).
    static func validName(_ name: [UInt8]) -> Bool {
        if name.isEmpty { return false }
        for b in name {
            let ok = (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 95
            if !ok { return false }
        }
        return true
    }

    static let nameError = "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long"

    /// Builds a library from its code, checking it against `context` (a library of that
    /// name is an error unless `replace`). The library is not added anywhere: the caller
    /// decides (and calls `release` on a library it drops).
    func createLibrary(_ code: [UInt8], replace: Bool, context: LibraryContext) -> Result<FunctionLibrary, ScriptError> {
        let meta: (engine: [UInt8], name: [UInt8], headerLength: Int)
        switch FunctionsEngine.parseMetadata(code) {
        case .failure(let e): return .failure(e)
        case .success(let m): meta = m
        }
        guard meta.engine.map(lowerASCII) == Array("lua".utf8) else {
            return .failure(ScriptError("Engine '\(String(decoding: meta.engine, as: UTF8.self))' not found"))
        }
        guard FunctionsEngine.validName(meta.name) else { return .failure(ScriptError(FunctionsEngine.nameError)) }
        let name = String(decoding: meta.name, as: UTF8.self)
        if !replace && context.library(name) != nil { return .failure(ScriptError("Library '\(name)' already exists")) }
        let lib = FunctionLibrary(name: name, code: code)
        if let error = runLibraryCode(code, headerLength: meta.headerLength, into: lib) {
            release(lib)
            return .failure(ScriptError(error))
        }
        if lib.functions.isEmpty { return .failure(ScriptError("No functions registered")) }
        return .success(lib)
    }

    /// Compiles the code (from the end of the shebang line, so line numbers count it) and
    /// runs it in the load-time world; the registered functions end up in `lib`.
    private func runLibraryCode(_ code: [UInt8], headerLength: Int, into lib: FunctionLibrary) -> String? {
        let vm = self.vm
        let L = vm.L
        let x = vm.extra
        let top = lua_gettop(L)
        let compileError = code.withUnsafeBytes { b in
            vm.compile(UnsafeRawBufferPointer(rebasing: b[headerLength...]), name: "@user_function")
        }
        if let compileError { return "Error compiling function: \(compileError)" }
        x.pointee.cap_suspended += 1
        // The globals proxy reads from the load-time table while the code runs.
        lua_rawgeti(L, luaRegistry, lua_Integer(structd_lua_ridx_globals()))
        _ = lua_getmetatable(L, -1)
        let globalsMeta = lua_gettop(L)
        lua_rawgeti(L, luaRegistry, lua_Integer(loadGlobalsRef))
        luaRawSetField(L, globalsMeta, "__index")
        lua_pushvalue(L, top + 1)                 // the compiled chunk
        loading = lib
        loadDeadline = monotonicMicros() + FunctionsEngine.loadTimeoutMicros
        x.pointee.kill = 0
        x.pointee.kill_message = nil
        x.pointee.limit = x.pointee.used + server.scriptingEngine.scriptMemoryAllowance
        x.pointee.cap_suspended -= 1
        let status = lua_pcallk(L, 0, 0, 0, 0, nil)
        x.pointee.cap_suspended += 1
        x.pointee.limit = 0
        loading = nil
        loadDeadline = 0
        if x.pointee.kill != 0 {
            structd_lua_set_tick_hook(L, ScriptingEngine.hookInstructions)
            x.pointee.kill = 0
        }
        lua_pushvalue(L, LuaSlot.globals)
        luaRawSetField(L, globalsMeta, "__index")
        var error: String? = nil
        if status != LUA_OK {
            let e = lua_gettop(L)
            var message = "ERR unknown error"
            if lua_type(L, e) == LUA_TSTRING, let s = luaString(L, e) {
                message = "ERR " + s
            } else if lua_type(L, e) == LUA_TTABLE, luaRawGetField(L, e, "err") == LUA_TSTRING, let s = luaString(L, -1) {
                message = s
            }
            error = "Error registering functions: \(message)"
        }
        lua_settop(L, top)
        x.pointee.cap_suspended -= 1
        if error != nil || status == LUA_ERRMEM { lua_gc(L, LUA_GCCOLLECT, 0) }
        return error
    }

    /// Drops a library's callbacks from the VM. Inside an undo scope (TXN.MULTI) this waits
    /// for the scope's end, since a rollback may bring the library back (releaseDeferred).
    func release(_ lib: FunctionLibrary) {
        if server.undo != nil {
            deferredRelease.append(lib)
            return
        }
        guard let vm = vmStorage else { return }
        for f in lib.functions { vm.release(f.ref) }
        lib.functions.removeAll()
    }

    // MARK: redis.register_function (load time only)

    func registerFunction(_ L: LuaState) -> Int32 {
        guard let lib = loading else {
            luaPushRedisError(L, "redis.register_function can only be called on FUNCTION LOAD command")
            return STRUCTD_LUA_RAISE
        }
        func fail(_ message: String) -> Int32 {
            luaPushRedisError(L, message)
            return STRUCTD_LUA_RAISE
        }
        let argc = lua_gettop(L)
        if argc < 1 || argc > 2 { return fail("wrong number of arguments to redis.register_function") }
        var name: [UInt8]? = nil
        var callback: Int32 = 0          // stack index of the callback
        var flags: ScriptFlags = []
        var description: [UInt8]? = nil
        if argc == 1 {
            guard lua_type(L, 1) == LUA_TTABLE else {
                return fail("calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).")
            }
            lua_settop(L, 1)
            lua_pushnil(L)               // slot 2: the callback, once found
            lua_pushnil(L)               // the first key
            while lua_next(L, 1) != 0 {
                // key at -2, value at -1 (a key is only read as text when it is a string:
                // converting a number in place would confuse lua_next)
                let key = lua_type(L, -2) == LUA_TSTRING ? luaString(L, -2) : nil
                switch key {
                case "function_name":
                    guard lua_isstring(L, -1) != 0, let b = luaBytes(L, -1) else {
                        return fail("function_name argument given to redis.register_function must be a string")
                    }
                    name = Array(b)
                case "description":
                    guard lua_isstring(L, -1) != 0, let b = luaBytes(L, -1) else {
                        return fail("description argument given to redis.register_function must be a string")
                    }
                    description = Array(b)
                case "callback":
                    guard lua_type(L, -1) == LUA_TFUNCTION else {
                        return fail("callback argument given to redis.register_function must be a function")
                    }
                    lua_pushvalue(L, -1)
                    structd_lua_replace(L, 2)
                    callback = 2
                case "flags":
                    guard lua_type(L, -1) == LUA_TTABLE else {
                        return fail("flags argument to redis.register_function must be a table representing function flags")
                    }
                    guard let f = readFlags(L, lua_gettop(L)) else { return fail("unknown flag given") }
                    flags = f
                default:
                    return fail("unknown argument given to redis.register_function")
                }
                lua_settop(L, -2)
            }
            guard name != nil else { return fail("redis.register_function must get a function name argument") }
            guard callback != 0 else { return fail("redis.register_function must get a callback argument") }
        } else {
            guard lua_isstring(L, 1) != 0, let b = luaBytes(L, 1) else {
                return fail("first argument to redis.register_function must be a string")
            }
            name = Array(b)
            guard lua_type(L, 2) == LUA_TFUNCTION else {
                return fail("second argument to redis.register_function must be a function")
            }
            callback = 2
        }
        let fname = name!
        guard FunctionsEngine.validName(fname) else { return fail(FunctionsEngine.nameError) }
        let text = String(decoding: fname, as: UTF8.self)
        if lib.functions.contains(where: { $0.name == text }) { return fail("Function already exists in the library") }
        lua_pushvalue(L, callback)
        let ref = luaL_ref(L, luaRegistry)
        lib.functions.append(FunctionInfo(name: text, ref: ref, flags: flags, description: description, library: lib))
        return 0
    }

    /// The flags table: strings at 1, 2, ... until nil, each a known flag (any case).
    private func readFlags(_ L: LuaState, _ t: Int32) -> ScriptFlags? {
        var flags: ScriptFlags = []
        var j: lua_Integer = 1
        while true {
            let type = lua_rawgeti(L, t, j)
            defer { lua_settop(L, -2) }
            if type == LUA_TNIL { return flags }
            guard lua_isstring(L, -1) != 0, let b = luaBytes(L, -1) else { return nil }
            switch String(decoding: b, as: UTF8.self).lowercased() {
            case "no-writes": flags.insert(.noWrites)
            case "allow-oom": flags.insert(.allowOOM)
            case "allow-stale": flags.insert(.allowStale)
            case "no-cluster": flags.insert(.noCluster)
            case "allow-cross-slot-keys": flags.insert(.allowCrossSlot)
            default: return nil
            }
            j += 1
        }
    }

    // MARK: the live libraries

    /// Inside an undo scope (TXN.MULTI), before the first change to the live libraries:
    /// records them (the objects, whose callbacks stay in the VM until the scope ends), so
    /// a rollback restores exactly that set, in that order, with its functions' state.
    private func willChangeLibraries() {
        guard let u = server.undo else { return }
        u.recordOnce("functions") {
            let saved = live.libraries
            return { [unowned self] in
                for lib in self.live.removeAll() where !saved.contains(where: { $0 === lib }) { self.release(lib) }
                for lib in saved { self.live.add(lib) }
            }
        }
    }

    /// The outermost undo scope ended: libraries released in it that are not live (again)
    /// are released now.
    func releaseDeferred() {
        if deferredRelease.isEmpty { return }
        let pending = deferredRelease
        deferredRelease.removeAll()
        for lib in pending where !live.libraries.contains(where: { $0 === lib }) { release(lib) }
    }

    /// FUNCTION LOAD [REPLACE] (and RDB loading, with replace): the library's name, or nil
    /// and the error.
    func load(_ code: [UInt8], replace: Bool) -> Result<String, ScriptError> {
        let lib: FunctionLibrary
        switch createLibrary(code, replace: replace, context: live) {
        case .failure(let e): return .failure(e)
        case .success(let l): lib = l
        }
        willChangeLibraries()
        let old = live.library(lib.name)
        if let old { live.remove(old) }
        if let clash = live.collision(lib) {
            release(lib)
            if let old { live.add(old) }
            return .failure(ScriptError("Function \(clash.name) already exists"))
        }
        live.add(lib)
        if let old { release(old) }
        return .success(lib.name)
    }

    /// For RDB loading: nil on success, else the error.
    func loadLibrary(_ code: [UInt8], replace: Bool) -> String? {
        if case .failure(let e) = load(code, replace: replace) { return e.message }
        return nil
    }

    func delete(_ name: String) -> Bool {
        guard let lib = live.library(name) else { return false }
        willChangeLibraries()
        live.remove(lib)
        release(lib)
        return true
    }

    func flush() {
        willChangeLibraries()
        for lib in live.removeAll() { release(lib) }
        if let vm = vmStorage { lua_gc(vm.L, LUA_GCCOLLECT, 0) }
    }

    /// The code of every library, in load order (RDB saving, FUNCTION DUMP).
    func libraryCodes() -> [[UInt8]] { live.libraries.map(\.code) }

    /// FUNCTION RESTORE's join of the libraries read from a payload into the live ones.
    func restore(_ incoming: LibraryContext, policy: RestorePolicy) -> String? {
        willChangeLibraries()
        switch policy {
        case .flush:
            for lib in live.removeAll() { release(lib) }
            for lib in incoming.removeAll() { live.add(lib) }
            return nil
        case .append:
            for lib in incoming.libraries where live.library(lib.name) != nil {
                discard(incoming)
                return "Library \(lib.name) already exists"
            }
            for lib in incoming.libraries {
                if let f = lib.functions.first(where: { live.function(named: $0.name) != nil }) {
                    discard(incoming)
                    return "Function \(f.name) already exists"
                }
            }
            for lib in incoming.removeAll() { live.add(lib) }
            return nil
        case .replace:
            var replaced: [FunctionLibrary] = []
            for lib in incoming.libraries {
                if let old = live.library(lib.name) {
                    live.remove(old)
                    replaced.append(old)
                }
            }
            for lib in incoming.libraries {
                if let f = lib.functions.first(where: { live.function(named: $0.name) != nil }) {
                    for old in replaced { live.add(old) }
                    discard(incoming)
                    return "Function \(f.name) already exists"
                }
            }
            for old in replaced { release(old) }
            for lib in incoming.removeAll() { live.add(lib) }
            return nil
        }
    }

    func discard(_ context: LibraryContext) {
        for lib in context.removeAll() { release(lib) }
    }

    enum RestorePolicy {
        case flush, append, replace
    }
}

extension Server {
    /// The count hook of the functions VM: the load timeout while library code runs, the
    /// engine's time limit otherwise.
    func functionsTick(_ vm: LuaVM) -> Int32 {
        if let f = structdScripting.functions, f.loadDeadline != 0 {
            if monotonicMicros() > f.loadDeadline {
                vm.extra.pointee.kill_message = luaCString("ERR FUNCTION LOAD timeout")
                return 1
            }
            return 0
        }
        return vm.engine.tick()
    }
}
