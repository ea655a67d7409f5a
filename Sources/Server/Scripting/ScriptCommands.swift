// The scripting command family (Redis's eval.c commands): EVAL, EVALSHA, EVAL_RO,
// EVALSHA_RO and SCRIPT LOAD / EXISTS / FLUSH / KILL / HELP.
//
// One generic handler (evalGenericCommand) serves the four EVAL variants, in Redis 7.0's
// order of checks: MONITOR sees the command first (scripts' own commands follow it);
// a shebang script without allow-oom/no-writes is refused over maxmemory (Redis does it
// in processCommand from the script's flags); EVALSHA with a sha of the wrong length is
// NOSCRIPT before anything else; then numkeys; then the script is found or compiled
// (and cached, as every EVAL'd script is); then the read-only checks; then the run
// (ScriptingEngine.runScript). SCRIPT DEBUG (the interactive debugger) is not provided.

import DataStructures
import Checksum

extension Server {
    static func scriptingCommands() -> [(String, CommandHandler)] {
        [
            ("eval", { s, c in s.evalGenericCommand(c, bySha: false, readOnly: false) }),
            ("evalsha", { s, c in s.evalGenericCommand(c, bySha: true, readOnly: false) }),
            ("eval_ro", { s, c in s.evalGenericCommand(c, bySha: false, readOnly: true) }),
            ("evalsha_ro", { s, c in s.evalGenericCommand(c, bySha: true, readOnly: true) }),
            ("script|load", { s, c in s.scriptLoadCommand(c) }),
            ("script|exists", { s, c in s.scriptExistsCommand(c) }),
            ("script|flush", { s, c in s.scriptFlushCommand(c) }),
            ("script|kill", { s, c in s.scriptKillCommand(c) }),
            ("script|help", { s, c in s.scriptHelpCommand(c) }),
        ]
    }

    func evalGenericCommand(_ c: Client, bySha: Bool, readOnly: Bool) {
        if !monitors.isEmpty { feedMonitors(c) }
        let engine = scriptingEngine
        // Flags known before the run: the cached script's, or the body's shebang.
        var cached: EvalScript? = nil
        var aliasName: String? = nil
        var flags: ScriptFlags = [.evalCompat]
        if bySha {
            cached = engine.findScript(sha: c.arg(1))
            // StructD: EVALSHA <alias> (ScriptAliases.swift).
            if cached == nil, let (a, s) = resolveScriptAlias(c.arg(1)) { cached = s; aliasName = a.name.string }
            if let s = cached { flags = s.flags }
        } else {
            let body = c.arg(1)
            if body.count >= 2 && body[0] == UInt8(ascii: "#") && body[1] == UInt8(ascii: "!") {
                let (f, _, error) = ScriptingEngine.parseShebang(body)
                if error == nil { flags = f }
            }
        }
        // A script that may write, after a failed BGSAVE (Redis's scriptPrepareForRun).
        if !readOnly && !flags.contains(.evalCompat) && !flags.contains(.noWrites), let misconf = scriptWriteDiskError {
            c.currentCommand?.rejectedCalls += 1
            c.addError(misconf)
            return
        }
        if !flags.contains(.evalCompat) && flags.isDisjoint(with: [.allowOOM, .noWrites])
            && config.maxmemory > 0 && !performEvictions() {
            c.currentCommand?.rejectedCalls += 1
            c.addError("OOM command not allowed when used memory > 'maxmemory'.")
            return
        }
        if bySha && cached == nil && c.arg(1).count != 40 {
            c.addError("NOSCRIPT No matching script. Please use EVAL.")
            return
        }
        guard let numkeys = parseStrictInt64(c.arg(2)) else {
            c.addErrorNotInteger()
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
        let script: EvalScript
        if bySha {
            guard let s = cached else {
                c.addError("NOSCRIPT No matching script. Please use EVAL.")
                return
            }
            script = s
        } else {
            switch engine.loadScript(c.arg(1)) {
            case .success(let s): script = s
            case .failure(let e):
                c.addError(e.message)
                return
            }
        }
        if !script.flags.contains(.evalCompat) && !script.flags.contains(.noWrites) && readOnly {
            c.addError("ERR Can not execute a script with write flag using *_ro command.")
            return
        }
        let firstArg = 3 + Int(numkeys)
        engine.runScript(vm: engine.evalVM, ref: script.ref, name: aliasName ?? script.sha, isEval: true, flags: script.flags,
                         readOnly: readOnly, caller: c, keys: c.argv[3..<firstArg], args: c.argv[firstArg..<c.argc])
    }

    func scriptLoadCommand(_ c: Client) {
        // SCRIPT LOAD script alias [NX|REPLACE]: StructD's alias form (ScriptAliases.swift).
        if c.argc > 3 { scriptLoadAliasCommand(c); return }
        switch scriptingEngine.loadScript(c.arg(2)) {
        case .success(let s): c.addBulk(string: s.sha)
        case .failure(let e): c.addError(e.message)
        }
    }

    func scriptExistsCommand(_ c: Client) {
        let engine = scriptingEngine
        c.addArrayLen(c.argc - 2)
        for i in 2..<c.argc {
            c.addInt(engine.findScript(sha: c.arg(i)) == nil ? 0 : 1)
        }
    }

    /// SCRIPT FLUSH [ASYNC|SYNC]: the VM is replaced either way (a fresh state is cheap and
    /// the old one is released at once).
    func scriptFlushCommand(_ c: Client) {
        if c.argc > 3 || (c.argc == 3 && !c.argIs(2, "sync") && !c.argIs(2, "async")) {
            c.addError("ERR SCRIPT FLUSH only support SYNC|ASYNC option")
            return
        }
        scriptingEngine.flushScripts()
        c.addOK()
    }

    func scriptKillCommand(_ c: Client) {
        guard let engine = scripting else {
            c.addError("NOTBUSY No scripts in execution right now.")
            return
        }
        engine.killRunningScript(c, fromEval: true)
    }

    func scriptHelpCommand(_ c: Client) {
        let lines: [StaticString] = [
            "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "EXISTS <sha1> [<sha1> ...]",
            "    Return information about the existence of the scripts in the script cache.",
            "FLUSH [ASYNC|SYNC]",
            "    Flush the Lua scripts cache. Very dangerous on replicas.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the scripts cache.",
            "    * SYNC: Synchronously flush the scripts cache.",
            "KILL",
            "    Kill the currently executing Lua script.",
            "LOAD <script>",
            "    Load a script into the scripts cache without executing it.",
            "HELP",
            "    Prints this help.",
        ]
        c.addArrayLen(lines.count)
        for l in lines { c.addSimple(l) }
    }
}
