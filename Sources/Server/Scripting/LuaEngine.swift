// ScriptingEngine: the server's scripting state (Redis's eval.c + script.c): the EVAL
// Lua VM, the script cache, the fake client scripts call commands with, the state of
// the running script, and the time limit (busy-reply-threshold) machinery.
//
// Running a script (runScript): the caller's command handler asks for a run with a
// compiled function (a registry reference), the keys and arguments, and the script's
// flags. The run freezes the clock (expiry sees one instant), points the fake client at
// the caller's database, caps the VM's memory, and calls the function under the error
// handler (LuaConversion.swift). redis.call goes through Server.call() with the fake
// client, like every other command, so statistics, MONITOR and the slow log see it.
// The reply is converted straight into the caller's output buffer.
//
// The time limit. A count hook calls `tick` every 100,000 Lua instructions. Once the run
// is older than busy-reply-threshold, each tick serves the event loop without blocking
// (processEventsWhileBusy): new connections are accepted and other clients' commands are
// parsed; processCommand answers them -BUSY except the allow-busy ones (SCRIPT KILL,
// SHUTDOWN NOSAVE, AUTH, MULTI...). The caller is never read while its script runs.
// SCRIPT KILL marks the run killed (refused once the script has written); the next tick
// raises {err="ERR Script killed by user with SCRIPT KILL..."} from C, and keeps raising
// at every line so a pcall cannot swallow it. SHUTDOWN NOSAVE stops the script the same
// way and the server exits without replying to it.
//
// Designed for a second kind of script (FUNCTION/FCALL) on its own LuaVM: runScript takes
// any VM and function reference, and pushes either KEYS/ARGV globals (EVAL) or the
// arguments (FCALL).

import CLua
import CSystem
import RESP
import DataStructures
import EventLoop
import Checksum
#if canImport(Glibc)
import Glibc
#endif

/// Shebang flags (`#!lua flags=...`), as Redis's SCRIPT_FLAG_*.
struct ScriptFlags: OptionSet {
    let rawValue: UInt32
    static let noWrites = ScriptFlags(rawValue: 1 << 0)
    static let allowOOM = ScriptFlags(rawValue: 1 << 1)
    static let allowStale = ScriptFlags(rawValue: 1 << 2)
    static let noCluster = ScriptFlags(rawValue: 1 << 3)
    static let allowCrossSlot = ScriptFlags(rawValue: 1 << 4)
    /// An EVAL script without a shebang: Redis's pre-7.0 semantics.
    static let evalCompat = ScriptFlags(rawValue: 1 << 5)
}

/// A script in the EVAL cache.
final class EvalScript {
    /// 40 lowercase hex digits: the name in errors ("script: <sha>") and the cache key.
    let sha: String
    let body: [UInt8]
    let flags: ScriptFlags
    /// Registry reference of the compiled function in the eval VM.
    let ref: Int32

    init(sha: String, body: [UInt8], flags: ScriptFlags, ref: Int32) {
        self.sha = sha
        self.body = body
        self.flags = flags
        self.ref = ref
    }
}

/// The state of the running script (Redis's scriptRunCtx).
struct ScriptRun {
    var active = false
    var caller: Client? = nil
    var vm: LuaVM? = nil
    /// The sha of an EVAL script, or a function's name.
    var name = ""
    var isEval = true
    /// EVAL_RO / FCALL_RO, or a no-writes script: write commands are refused.
    var readOnly = false
    var allowOOM = false
    /// Whether the server was over maxmemory when the script started.
    var oomAtStart = false
    /// A write command was called: SCRIPT KILL is refused from then on.
    var writeDirty = false
    var killed = false
    /// Past busy-reply-threshold: other clients are being answered -BUSY.
    var timedOut = false
    var startMicros: Int64 = 0
    /// redis.setresp: the protocol of replies redis.call converts.
    var resp: RESPVersion = .resp2
    /// redis.set_repl flags (REPL_ALL by default).
    var replFlags: Int32 = 3
}

final class ScriptingEngine {
    /// Instructions between two calls of the count hook (as Redis).
    static let hookInstructions: Int32 = 100_000
    /// Runs between two incremental GC steps (Redis's LUA_GC_CYCLE_PERIOD).
    static let gcPeriod = 50

    /// The server owns the engine (no refcounting on the redis.call path).
    unowned(unsafe) let server: Server
    private(set) var evalVM: LuaVM! = nil
    /// The EVAL script cache, keyed by lowercase sha.
    let scripts = Dict<EvalScript>()
    /// Bytes of script bodies in the cache (INFO used_memory_scripts_eval).
    private(set) var scriptBodyBytes = 0
    /// The client scripts run commands with (Redis's lua_client).
    let fake: Client
    var run = ScriptRun()
    /// Redis's redisLrand48 state: shared by all scripts, starts as drand48's default.
    var randomState: UInt64 = 0x1234_ABCD_330E

    /// redis.call's command lookups.
    let commandCache = CommandCache()
    /// Scratch space for numeric redis.call arguments (32 bytes each).
    private var numberScratch: UnsafeMutableRawPointer
    private var numberScratchCapacity = 64

    /// Our own epoll buffers for serving clients while busy (the loop's are in use).
    let busyCapacity: Int32 = 128
    let busyScratch: UnsafeMutableRawPointer
    let busyFds: UnsafeMutablePointer<Int32>
    let busyEvents: UnsafeMutablePointer<UInt32>

    init(server: Server) {
        self.server = server
        fake = Client(server: server, fd: -1, id: 0, peer: "", local: "", unix: false, authenticated: true)
        fake.flags = [.fake, .lua]
        numberScratch = .allocate(byteCount: numberScratchCapacity * 32, alignment: 8)
        busyScratch = .allocate(byteCount: Int(busyCapacity) * structd_epoll_event_size(), alignment: 16)
        busyFds = .allocate(capacity: Int(busyCapacity))
        busyEvents = .allocate(capacity: Int(busyCapacity))
        evalVM = makeEvalVM()
        server.admin.gauges["used_memory_vm_eval"] = { [unowned self] in Int64(self.evalVM.memoryUsed) }
        server.admin.gauges["used_memory_scripts_eval"] = { [unowned self] in Int64(self.scriptBodyBytes + self.scripts.count * 64) }
        server.admin.gauges["number_of_cached_scripts"] = { [unowned self] in Int64(self.scripts.count) }
    }

    deinit {
        numberScratch.deallocate()
        busyScratch.deallocate()
        busyFds.deallocate()
        busyEvents.deallocate()
    }

    // MARK: the script cache

    /// Parses a `#!lua` shebang line (Redis 7.0's evalExtractShebangFlags). Returns the
    /// flags and the length of the shebang line (the body compiled starts there, so line
    /// numbers still count it), or an error message.
    static func parseShebang(_ body: UnsafeRawBufferPointer) -> (ScriptFlags, Int, String?) {
        guard body.count >= 2, body[0] == UInt8(ascii: "#"), body[1] == UInt8(ascii: "!") else {
            return ([.evalCompat], 0, nil)
        }
        guard let nl = body.firstIndex(of: 10) else { return ([], 0, "ERR Invalid script shebang") }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: body[0..<nl]), as: UTF8.self)
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let engine = parts.first, engine == "#!lua" else {
            return ([], 0, "ERR Unexpected engine in script shebang: \(parts.first.map(String.init) ?? "")")
        }
        var flags: ScriptFlags = []
        for part in parts.dropFirst() {
            guard part.hasPrefix("flags=") else {
                return ([], 0, "ERR Unknown lua shebang option: \(part)")
            }
            let list = part.dropFirst(6)
            if list.isEmpty { continue }
            for f in list.split(separator: ",", omittingEmptySubsequences: false) {
                switch f {
                case "no-writes": flags.insert(.noWrites)
                case "allow-oom": flags.insert(.allowOOM)
                case "allow-stale": flags.insert(.allowStale)
                case "no-cluster": flags.insert(.noCluster)
                case "allow-cross-slot-keys": flags.insert(.allowCrossSlot)
                default: return ([], 0, "ERR Unexpected flag in script shebang: \(f)")
                }
            }
        }
        return (flags, nl, nil)
    }

    /// Finds a cached script by sha (any case); no allocation.
    func findScript(sha: UnsafeRawBufferPointer) -> EvalScript? {
        if sha.count != 40 { return nil }
        var buf: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buf) { b in
            for i in 0..<40 {
                let c = sha[i]
                b[i] = (c >= 65 && c <= 90) ? c + 32 : c
            }
            return scripts.find(UnsafeRawBufferPointer(rebasing: b[0..<40]))?.value
        }
    }

    /// Compiles and caches `body` (or returns the cached script). On failure returns the
    /// error reply text.
    func loadScript(_ body: UnsafeRawBufferPointer) -> Result<EvalScript, ScriptError> {
        let sha = SHA1.hexDigest(body)
        if let s = scripts.find(RStr(sha))?.value { return .success(s) }
        let (flags, shebangLength, error) = ScriptingEngine.parseShebang(body)
        if let error { return .failure(ScriptError(error)) }
        let code = UnsafeRawBufferPointer(rebasing: body[shebangLength...])
        if let msg = evalVM.compile(code, name: "@user_script") {
            return .failure(ScriptError("ERR Error compiling script (new function): \(msg)"))
        }
        let ref = evalVM.storeTop()
        let script = EvalScript(sha: sha, body: Array(body), flags: flags, ref: ref)
        scripts.set(RStr(sha), script)
        scriptBodyBytes += body.count
        return .success(script)
    }

    /// SCRIPT FLUSH: a fresh VM, an empty cache (as Redis's scriptingReset).
    func flushScripts() {
        scripts.clearAll()
        scriptBodyBytes = 0
        evalVM = nil
        evalVM = makeEvalVM()
    }

    // MARK: running

    /// Bytes a script may allocate on top of what its VM already holds: 1 GiB, or the
    /// maxmemory setting (at least 64 MiB) when that is lower.
    var scriptMemoryAllowance: Int {
        let mm = Int(clamping: server.config.maxmemory)
        return mm > 0 ? min(1 << 30, max(mm, 64 << 20)) : 1 << 30
    }

    /// Runs the function `ref` of `vm` for `caller` and writes its reply (or error) to the
    /// caller. EVAL passes `keys`/`args` as the KEYS and ARGV globals; FCALL
    /// (`asArguments`) passes them as the function's two table arguments.
    ///
    /// Runs nest: called from a Swift function inside a running script (a script calling
    /// another one, its reply collected by a fake client and converted back with
    /// luaPushReply), the inner run shares the outer one's clock, time limit, kill state
    /// and memory cap, restores the outer KEYS/ARGV, database and RESP version afterwards,
    /// and passes its write/kill/timeout marks up.
    func runScript(vm: LuaVM, ref: Int32, name: String, isEval: Bool, flags: ScriptFlags, readOnly: Bool,
                   caller c: Client, keys: ArraySlice<UnsafeRawBufferPointer>,
                   args: ArraySlice<UnsafeRawBufferPointer>, asArguments: Bool = false) {
        let L = vm.L
        let x = vm.extra
        let nested = run.active
        // Only a nested run keeps a copy of the outer one (copying the struct costs refcounts).
        let outer: ScriptRun? = nested ? run : nil
        let ambient = x.pointee.cap_suspended
        let base = lua_gettop(L)
        let savedDb = fake.dbIndex, savedResp = fake.resp
        if !nested {
            // `run` is at rest (endRun leaves it so): set what a new run starts with.
            run.active = true
            run.writeDirty = false
            run.killed = false
            run.timedOut = false
            run.replFlags = 3
            run.caller = c
            run.oomAtStart = server.config.maxmemory > 0 && !server.performEvictions()
            run.startMicros = monotonicMicros()
            server.frozenMillis = wallClockMicros() / 1000
            fake.dbIndex = c.dbIndex
            fake.flags = [.fake, .lua]
        }
        run.vm = vm
        run.name = name
        run.isEval = isEval
        run.readOnly = (outer?.readOnly ?? false) || readOnly || (!flags.contains(.evalCompat) && flags.contains(.noWrites))
        run.allowOOM = !flags.contains(.evalCompat) && flags.contains(.allowOOM)
        run.resp = .resp2
        fake.resp = .resp2

        x.pointee.cap_suspended = ambient + 1
        if nested && !asArguments {
            _ = luaRawGetField(L, LuaSlot.globals, "KEYS")
            _ = luaRawGetField(L, LuaSlot.globals, "ARGV")
        }
        let callBase = lua_gettop(L)
        lua_rawgeti(L, luaRegistry, lua_Integer(ref))
        pushStringArray(L, keys)
        pushStringArray(L, args)
        let nargs: Int32
        if asArguments {
            nargs = 2
        } else {
            luaRawSetField(L, LuaSlot.globals, "ARGV")
            luaRawSetField(L, LuaSlot.globals, "KEYS")
            nargs = 0
        }
        let usedAtStart = x.pointee.used
        if !nested {
            x.pointee.kill = 0
            x.pointee.kill_message = nil
            x.pointee.limit = usedAtStart + scriptMemoryAllowance
        }
        // The script itself always runs under the cap, even when this is a callback.
        x.pointee.cap_suspended = 0

        let status = lua_pcallk(L, nargs, 1, LuaSlot.errorHandler, 0, nil)

        x.pointee.cap_suspended = ambient + 1
        if !nested { x.pointee.limit = 0 }
        if status == LUA_OK {
            luaWriteReply(L, to: c, scriptResp: run.resp, height: 2)
        } else {
            writeScriptError(L, status: status, to: c)
        }
        lua_settop(L, callBase)
        if nested, let outer {
            if !asArguments {
                luaRawSetField(L, LuaSlot.globals, "ARGV")
                luaRawSetField(L, LuaSlot.globals, "KEYS")
            }
            lua_settop(L, base)
            x.pointee.cap_suspended = ambient
            let inner = run
            run = outer
            run.writeDirty = outer.writeDirty || inner.writeDirty
            run.killed = outer.killed || inner.killed
            run.timedOut = outer.timedOut || inner.timedOut
            fake.dbIndex = savedDb
            fake.resp = savedResp
            return
        }
        x.pointee.cap_suspended = ambient
        // A failed script (or a greedy one) leaves garbage: collect it now rather than
        // holding it against the next script's cap and maxmemory.
        endRun(vm, fullGC: status != LUA_OK || x.pointee.used > usedAtStart + (32 << 20))
    }

    private func pushStringArray(_ L: LuaState, _ items: ArraySlice<UnsafeRawBufferPointer>) {
        lua_createtable(L, Int32(clamping: items.count), 0)
        var i: lua_Integer = 1
        for a in items {
            luaPush(L, bytes: a)
            lua_rawseti(L, -2, i)
            i += 1
        }
    }

    private func endRun(_ vm: LuaVM, fullGC: Bool) {
        let L = vm.L
        if vm.extra.pointee.kill != 0 {
            // The hook was switched to raising at every line: back to counting.
            structd_lua_set_tick_hook(L, ScriptingEngine.hookInstructions)
            vm.extra.pointee.kill = 0
        }
        if run.timedOut {
            server.log.warning("Script \(run.killed ? "killed" : "finished") after \((monotonicMicros() - run.startMicros) / 1000) milliseconds (busy-reply-threshold exceeded).")
        }
        lua_settop(L, LuaSlot.globals)
        server.frozenMillis = nil
        if let caller = run.caller, server.shutdownAsap {
            // SHUTDOWN NOSAVE stopped the script: nothing more from this client runs.
            server.closeAsync(caller)
        }
        // At rest: no references kept to the caller or the VM, no busy/kill state (other
        // clients are no longer answered -BUSY).
        run.active = false
        run.caller = nil
        run.vm = nil
        run.timedOut = false
        run.killed = false
        run.writeDirty = false
        // The script may have stopped the collector or tuned it to (almost) never run
        // (collectgarbage notes it in gc_tuned); the next script starts with the defaults,
        // so garbage cannot pile up across scripts.
        if vm.extra.pointee.gc_tuned != 0 {
            vm.extra.pointee.gc_tuned = 0
            lua_gc(L, LUA_GCRESTART, 0)
            lua_gc(L, LUA_GCSETPAUSE, 200)
            lua_gc(L, LUA_GCSETSTEPMUL, 200)
        }
        if fullGC {
            lua_gc(L, LUA_GCCOLLECT, 0)
            vm.runsSinceGC = 0
        } else {
            vm.runsSinceGC += 1
            if vm.runsSinceGC >= ScriptingEngine.gcPeriod {
                lua_gc(L, LUA_GCSTEP, Int32(ScriptingEngine.gcPeriod))
                vm.runsSinceGC = 0
            }
        }
    }

    /// The reply for a script that raised: Redis's "<err> script: <name>, on <source>:<line>."
    private func writeScriptError(_ L: LuaState, status: Int32, to c: Client) {
        let top = lua_gettop(L)
        guard status != LUA_ERRMEM, lua_type(L, top) == LUA_TTABLE else {
            var msg = "execution failure"
            if status == LUA_ERRMEM {
                msg = "not enough memory (the script exceeded its limit of \(scriptMemoryAllowance >> 20) MB)"
            } else if lua_type(L, top) == LUA_TSTRING, let s = luaString(L, top) {
                msg = String(s.prefix(100))
            }
            c.addError("ERR Error running script \(run.name), \(msg)")
            return
        }
        var text: [UInt8] = []
        if lua_type(L, top) == LUA_TTABLE, luaRawGetField(L, top, "err") != LUA_TNIL, lua_isstring(L, -1) != 0 {
            text += luaBytes(L, -1)!
        } else {
            text += Array("ERR unknown error".utf8)
        }
        let hasSource = luaRawGetField(L, top, "source") != LUA_TNIL && lua_isstring(L, -1) != 0
        let hasLine = luaRawGetField(L, top, "line") != LUA_TNIL && lua_isstring(L, -1) != 0
        if hasSource && hasLine {
            text += Array(" script: \(run.name), on ".utf8)
            text += luaBytes(L, -2)!
            text.append(UInt8(ascii: ":"))
            if lua_isinteger(L, -1) != 0 {
                text += Array(String(lua_tointegerx(L, -1, nil)).utf8)
            } else {
                text += luaBytes(L, -1)!
            }
            text.append(UInt8(ascii: "."))
        }
        let ignore = luaRawGetField(L, top, "ignore_error_stats_update") == LUA_TBOOLEAN && lua_toboolean(L, -1) != 0
        noteScriptError(text)
        c.addScriptError(text, countStats: !ignore)
    }

    // MARK: the time limit

    /// Called by the count hook (from C). Non-zero stops the script.
    func tick() -> Int32 {
        guard run.active else { return 0 }
        if run.killed { return 1 }
        if !run.timedOut {
            let threshold = Int64(server.config.busyReplyThreshold)
            if threshold <= 0 { return 0 }
            let elapsed = (monotonicMicros() - run.startMicros) / 1000
            if elapsed < threshold { return 0 }
            run.timedOut = true
            let kill = run.isEval ? "SCRIPT KILL" : "FUNCTION KILL"
            server.log.warning("Slow script detected: still in execution after \(elapsed) milliseconds. You can try killing the script using the \(kill) command. Script name is: \(run.name).")
        }
        if let caller = run.caller { server.processEventsWhileBusy(self, caller: caller) }
        if server.shutdownAsap, let vm = run.vm {
            vm.extra.pointee.kill_message = luaCString("ERR Script killed by SHUTDOWN NOSAVE")
            return 1
        }
        return run.killed ? 1 : 0
    }

    /// The -BUSY error for a command arriving while a script is past its time limit, or
    /// nil when the command may run (allow-busy commands; SHUTDOWN only with NOSAVE).
    func busyDenial(_ c: Client, _ cmd: Command) -> String? {
        let message = run.isEval
            ? "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
            : "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."
        if !cmd.flags.contains(.allowBusy) { return message }
        if cmd.name == "shutdown" {
            for i in 1..<c.argc where c.argIs(i, "nosave") { return nil }
            return message
        }
        return nil
    }

    /// SCRIPT KILL (fromEval) / FUNCTION KILL.
    func killRunningScript(_ c: Client, fromEval: Bool) {
        guard run.active else {
            c.addError("NOTBUSY No scripts in execution right now.")
            return
        }
        if run.writeDirty {
            c.addError("UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.")
            return
        }
        if fromEval && !run.isEval {
            c.addError("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.")
            return
        }
        if !fromEval && run.isEval {
            c.addError("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")
            return
        }
        run.killed = true
        server.log.warning("Lua script killed by user with \(fromEval ? "SCRIPT" : "FUNCTION") KILL.")
        c.addOK()
    }

    // MARK: redis.call argument scratch

    /// Room for `n` formatted numbers.
    func numberSlots(_ n: Int) -> UnsafeMutableRawPointer {
        if n > numberScratchCapacity {
            numberScratch.deallocate()
            numberScratchCapacity = max(n, numberScratchCapacity * 2)
            numberScratch = .allocate(byteCount: numberScratchCapacity * 32, alignment: 8)
        }
        return numberScratch
    }
}

struct ScriptError: Error {
    let message: String
    init(_ m: String) { message = m }
}

extension Server {
    /// The scripting engine, created with its Lua VM on first use.
    var scriptingEngine: ScriptingEngine {
        if let s = scripting { return s }
        let s = ScriptingEngine(server: self)
        scripting = s
        return s
    }

    /// processCommand's check while a script is past busy-reply-threshold: the BUSY error
    /// for commands that may not run now, nil otherwise (and whenever no script is busy).
    @inline(__always) func busyScriptDenial(_ c: Client, _ cmd: Command) -> String? {
        guard let s = scripting, s.run.timedOut else { return nil }
        return s.busyDenial(c, cmd)
    }

    /// True while a script is past busy-reply-threshold (no eviction then, as Redis).
    var scriptIsBusy: Bool { scripting?.run.timedOut ?? false }

    /// Redis's processEventsWhileBlocked: accept connections, read and answer other
    /// clients (processCommand replies -BUSY to most commands), flush their replies. The
    /// script's caller is neither read nor written: its reply is not complete.
    func processEventsWhileBusy(_ engine: ScriptingEngine, caller: Client) {
        for _ in 0..<4 {
            let n = Int(structd_epoll_wait(epoll.fd, engine.busyScratch.assumingMemoryBound(to: epoll_event.self),
                                           engine.busyCapacity, 0, engine.busyFds, engine.busyEvents))
            if n <= 0 { break }
            for i in 0..<n where !shutdownAsap {
                let fd = engine.busyFds[i]
                let ev = engine.busyEvents[i]
                if let l = listeners.first(where: { $0.fd == fd }) {
                    acceptConnections(l.fd, unix: l.unix)
                    continue
                }
                guard let c = clients[fd], c !== caller else { continue }
                if Epoll.isReadable(ev) { readFromClient(c) }
                if Epoll.isWritable(ev), clients[fd] === c { writeToClient(c, fromHandler: true) }
            }
        }
        if !pendingWrites.isEmpty {
            let list = pendingWrites
            pendingWrites.removeAll(keepingCapacity: true)
            for c in list {
                if c === caller {
                    pendingWrites.append(c)
                    continue
                }
                c.flags.remove(.pendingWrite)
                if c.flags.contains(.closeASAP) { continue }
                writeToClient(c, fromHandler: false)
            }
        }
        if !closeQueue.isEmpty {
            let queue = closeQueue
            closeQueue.removeAll()
            for c in queue {
                if c === caller { closeQueue.append(c) } else { freeClient(c) }
            }
        }
    }
}
