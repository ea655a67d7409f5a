// The functions command family (Redis 7.0's functions.c commands): FUNCTION LOAD / LIST /
// DELETE / FLUSH / DUMP / RESTORE / KILL / STATS / HELP, FCALL and FCALL_RO. The library
// store and the functions VM are Scripting/Functions.swift; a call runs through the same
// ScriptingEngine.runScript as EVAL (time limit, BUSY, kill, reply conversion), with the
// keys and arguments passed as the function's two parameters.
//
// FCALL's checks, in Redis's order: MONITOR sees the call; the function is looked up (any
// case) before numkeys is read ("Function not found" wins over a bad count); a function
// that may write and lacks allow-oom is refused over maxmemory (Redis decides this in
// processCommand from the function's flags); numkeys; FCALL_RO refuses a function without
// no-writes. FUNCTION DUMP / RESTORE use Redis 7.0's payload: each library as
// RDB_OPCODE_FUNCTION2 + its code as an RDB string, then the RDB version (2 bytes LE) and
// the CRC64 of everything before (8 bytes LE) — RDBWriter writes it, RDBReader reads it,
// so payloads move between StructD and redis-server both ways.

import Checksum
import DataStructures
import RESP
import EventLoop

extension Server {
    static func functionCommands() -> [(String, CommandHandler)] {
        [
            ("fcall", { s, c in s.fcallCommand(c, readOnly: false) }),
            ("fcall_ro", { s, c in s.fcallCommand(c, readOnly: true) }),
            ("function|load", { s, c in s.functionLoadCommand(c) }),
            ("function|list", { s, c in s.functionListCommand(c) }),
            ("function|delete", { s, c in s.functionDeleteCommand(c) }),
            ("function|flush", { s, c in s.functionFlushCommand(c) }),
            ("function|dump", { s, c in s.functionDumpCommand(c) }),
            ("function|restore", { s, c in s.functionRestoreCommand(c) }),
            ("function|kill", { s, c in s.functionKillCommand(c) }),
            ("function|stats", { s, c in s.functionStatsCommand(c) }),
            ("function|help", { s, c in s.functionHelpCommand(c) }),
        ]
    }

    // MARK: FCALL / FCALL_RO

    func fcallCommand(_ c: Client, readOnly: Bool) {
        if !monitors.isEmpty { feedMonitors(c) }
        let f = structdScripting.functions?.live.function(c.arg(1))
        // A function that may write, after a failed BGSAVE (Redis's scriptPrepareForRun).
        if !readOnly, let f, !f.flags.contains(.noWrites), let misconf = scriptWriteDiskError {
            c.currentCommand?.rejectedCalls += 1
            c.addError(misconf)
            return
        }
        if let f, f.flags.isDisjoint(with: [.allowOOM, .noWrites]), config.maxmemory > 0, !performEvictions() {
            c.currentCommand?.rejectedCalls += 1
            c.addError("OOM command not allowed when used memory > 'maxmemory'.")
            return
        }
        guard let f else {
            c.addError("ERR Function not found")
            return
        }
        guard let numkeys = parseStrictInt64(c.arg(2)) else {
            c.addError("ERR Bad number of keys provided")
            return
        }
        if numkeys > Int64(c.argc - 3) {
            c.addError("ERR Number of keys can't be greater than number of args")
            return
        }
        if numkeys < 0 {
            c.addError("ERR Number of keys can't be negative")
            return
        }
        if readOnly && !f.flags.contains(.noWrites) {
            c.addError("ERR Can not execute a script with write flag using *_ro command.")
            return
        }
        let engine = scriptingEngine
        let firstArg = 3 + Int(numkeys)
        engine.runScript(vm: functionsEngine.vm, ref: f.ref, name: f.name, isEval: false, flags: f.flags,
                         readOnly: readOnly, caller: c, keys: c.argv[3..<firstArg],
                         args: c.argv[firstArg..<c.argc], asArguments: true)
    }

    // MARK: FUNCTION LOAD / DELETE / FLUSH

    func functionLoadCommand(_ c: Client) {
        var replace = false
        for i in 2..<(c.argc - 1) {
            if c.argIs(i, "replace") {
                replace = true
            } else {
                c.addError(bytes: Array("ERR Unknown option given: ".utf8) + cString(c.arg(i), max: 1 << 20))
                return
            }
        }
        switch functionsEngine.load(c.argBytes(c.argc - 1), replace: replace) {
        case .success(let name):
            dirty += 1
            c.addBulk(string: name)
        case .failure(let e): c.addError(bytes: Array("ERR \(e.message)".utf8))
        }
    }

    func functionDeleteCommand(_ c: Client) {
        if functionsEngine.delete(c.argString(2)) {
            dirty += 1
            c.addOK()
        } else {
            c.addError("ERR Library not found")
        }
    }

    func functionFlushCommand(_ c: Client) {
        if c.argc > 3 {
            c.addError("ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP.")
            return
        }
        if c.argc == 3 && !c.argIs(2, "sync") && !c.argIs(2, "async") {
            c.addError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option")
            return
        }
        functionsEngine.flush()
        dirty += 1
        c.addOK()
    }

    // MARK: FUNCTION LIST

    func functionListCommand(_ c: Client) {
        var withCode = false
        var pattern: [UInt8]? = nil
        var i = 2
        while i < c.argc {
            if c.argIs(i, "withcode") && !withCode {
                withCode = true
            } else if c.argIs(i, "libraryname") && pattern == nil {
                guard i + 1 < c.argc else {
                    c.addError("ERR library name argument was not given")
                    return
                }
                pattern = c.argBytes(i + 1)
                i += 1
            } else {
                c.addError(bytes: Array("ERR Unknown argument ".utf8) + cString(c.arg(i), max: 1 << 20))
                return
            }
            i += 1
        }
        var libs = structdScripting.functions?.live.libraries ?? []
        if let pattern {
            libs = libs.filter { stringMatch(pattern, Array($0.name.utf8), nocase: true) }
        }
        c.addArrayLen(libs.count)
        for lib in libs {
            c.addMapLen(withCode ? 4 : 3)
            c.addBulk("library_name")
            c.addBulk(string: lib.name)
            c.addBulk("engine")
            c.addBulk("LUA")
            c.addBulk("functions")
            c.addArrayLen(lib.functions.count)
            for f in lib.functions {
                c.addMapLen(3)
                c.addBulk("name")
                c.addBulk(string: f.name)
                c.addBulk("description")
                if let d = f.description { c.addBulk(d) } else { c.addNull() }
                c.addBulk("flags")
                let names = Server.scriptFlagNames(f.flags)
                c.addSetLen(names.count)
                for n in names { c.addSimple(string: n) }
            }
            if withCode {
                c.addBulk("library_code")
                c.addBulk(lib.code)
            }
        }
    }

    /// Flag names in Redis's order (FUNCTION LIST).
    static func scriptFlagNames(_ flags: ScriptFlags) -> [String] {
        var out: [String] = []
        if flags.contains(.noWrites) { out.append("no-writes") }
        if flags.contains(.allowOOM) { out.append("allow-oom") }
        if flags.contains(.allowStale) { out.append("allow-stale") }
        if flags.contains(.noCluster) { out.append("no-cluster") }
        if flags.contains(.allowCrossSlot) { out.append("allow-cross-slot-keys") }
        return out
    }

    // MARK: FUNCTION DUMP / RESTORE

    /// Every library's code as Redis 7.0's FUNCTION DUMP payload.
    func functionDumpPayload() throws -> [UInt8] {
        let sink = RDBMemorySink(capacity: 64)
        let w = RDBWriter(sink: sink, compression: config.rdbcompression)
        for code in structdScripting.functions?.libraryCodes() ?? [] { try w.writeFunction(code) }
        try sink.writeByte(UInt8(RDBFormat.version & 0xFF))
        try sink.writeByte(UInt8(RDBFormat.version >> 8))
        var crc = sink.checksum.littleEndian
        try withUnsafeBytes(of: &crc) { try sink.write($0) }
        return sink.bytes
    }

    func functionDumpCommand(_ c: Client) {
        do {
            c.addBulk(try functionDumpPayload())
        } catch {
            c.addError("ERR \(error)")
        }
    }

    func functionRestoreCommand(_ c: Client) {
        if c.argc > 4 {
            c.addError("ERR unknown subcommand or wrong number of arguments for 'RESTORE'. Try FUNCTION HELP.")
            return
        }
        var policy = FunctionsEngine.RestorePolicy.append
        if c.argc == 4 {
            if c.argIs(3, "flush") {
                policy = .flush
            } else if c.argIs(3, "append") {
                policy = .append
            } else if c.argIs(3, "replace") {
                policy = .replace
            } else {
                c.addError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.")
                return
            }
        }
        let payload = c.arg(2)
        guard Server.verifyDumpPayload(payload) else {
            c.addError("ERR DUMP payload version or checksum are wrong")
            return
        }
        let engine = functionsEngine
        let incoming = LibraryContext()
        let reader = RDBReader(memory: payload, limits: RDBLoadLimits(config))
        let end = payload.count - 10
        while reader.offset < end {
            let type = (try? reader.readByte()) ?? 0
            var code: [UInt8]
            switch type {
            case RDBFormat.opFunction2:
                guard let b = try? reader.readStringArray() else {
                    engine.discard(incoming)
                    c.addError("ERR Failed loading library payload")
                    return
                }
                code = b
            case RDBFormat.opFunctionPreGA:
                switch readPreGAFunction(reader) {
                case .success(let b): code = b
                case .failure(let e):
                    engine.discard(incoming)
                    c.addError("ERR \(e.message)")
                    return
                }
            default:
                engine.discard(incoming)
                c.addError("ERR given type is not a function")
                return
            }
            switch engine.createLibrary(code, replace: false, context: incoming) {
            case .success(let lib):
                if let clash = incoming.collision(lib) {
                    engine.release(lib)
                    engine.discard(incoming)
                    c.addError(bytes: Array("ERR Function \(clash.name) already exists".utf8))
                    return
                }
                incoming.add(lib)
            case .failure(let e):
                engine.discard(incoming)
                c.addError(bytes: Array("ERR \(e.message)".utf8))
                return
            }
        }
        if let e = engine.restore(incoming, policy: policy) {
            c.addError(bytes: Array("ERR \(e)".utf8))
            return
        }
        dirty += 1
        c.addOK()
    }

    /// A pre-GA function record (Redis 7.0 release candidates): name, engine, an optional
    /// description, the code; turned into a library with a shebang, as Redis does.
    private func readPreGAFunction(_ r: RDBReader) -> Result<[UInt8], ScriptError> {
        guard let name = try? r.readStringArray() else { return .failure(ScriptError("Failed loading library name")) }
        guard let engine = try? r.readStringArray() else { return .failure(ScriptError("Failed loading engine name")) }
        guard let hasDescription = try? r.readLength() else {
            return .failure(ScriptError("Failed loading library description indicator"))
        }
        if hasDescription != 0 {
            guard (try? r.readStringArray()) != nil else { return .failure(ScriptError("Failed loading library description")) }
        }
        guard let blob = try? r.readStringArray() else { return .failure(ScriptError("Failed loading library blob")) }
        return .success(Array("#!".utf8) + engine + Array(" name=".utf8) + name + [10] + blob)
    }

    // MARK: FUNCTION KILL / STATS / HELP

    func functionKillCommand(_ c: Client) {
        guard let engine = scripting else {
            c.addError("NOTBUSY No scripts in execution right now.")
            return
        }
        engine.killRunningScript(c, fromEval: false)
    }

    func functionStatsCommand(_ c: Client) {
        if let engine = scripting, engine.run.active, engine.run.isEval {
            c.addError("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")
            return
        }
        c.addMapLen(2)
        c.addBulk("running_script")
        if let engine = scripting, engine.run.active, let caller = engine.run.caller {
            c.addMapLen(3)
            c.addBulk("name")
            c.addBulk(string: engine.run.name)
            c.addBulk("command")
            c.addArrayLen(caller.argc)
            for a in caller.argv { c.addBulk(a) }
            c.addBulk("duration_ms")
            c.addInt((monotonicMicros() - engine.run.startMicros) / 1000)
        } else {
            c.addNull()
        }
        c.addBulk("engines")
        c.addMapLen(1)
        c.addBulk("LUA")
        c.addMapLen(2)
        c.addBulk("libraries_count")
        c.addInt(structdScripting.functions?.live.libraries.count ?? 0)
        c.addBulk("functions_count")
        c.addInt(structdScripting.functions?.live.functionCount ?? 0)
    }

    func functionHelpCommand(_ c: Client) {
        let lines: [StaticString] = [
            "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "LOAD [REPLACE] <FUNCTION CODE>",
            "    Create a new library with the given library name and code.",
            "DELETE <LIBRARY NAME>",
            "    Delete the given library.",
            "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
            "    Return general information on all the libraries:",
            "    * Library name",
            "    * The engine used to run the Library",
            "    * Library description",
            "    * Functions list",
            "    * Library code (if WITHCODE is given)",
            "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
            "STATS",
            "    Return information about the current function running:",
            "    * Function name",
            "    * Command used to run the function",
            "    * Duration in MS that the function is running",
            "    If no function is running, return nil",
            "    In addition, returns a list of available engines.",
            "KILL",
            "    Kill the current running function.",
            "FLUSH [ASYNC|SYNC]",
            "    Delete all the libraries.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the libraries.",
            "    * SYNC: Synchronously flush the libraries.",
            "DUMP",
            "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
            "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
            "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
            "    control how to handle existing libraries (default APPEND):",
            "    * FLUSH: delete all existing libraries.",
            "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
            "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
            "      libraries with the new libraries (notice that even on this option there is a chance of failure",
            "      in case of functions name collision with another library).",
            "HELP",
            "    Prints this help.",
        ]
        c.addArrayLen(lines.count)
        for l in lines { c.addSimple(l) }
    }
}
