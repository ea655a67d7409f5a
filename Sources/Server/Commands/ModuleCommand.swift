// MODULE: LIST, HELP, LOAD, LOADEX, UNLOAD (Redis 7.0's moduleCommand).
//
// StructD does not implement Redis's module API, so no module is ever loaded: LIST is
// empty and LOAD / LOADEX fail with Redis's reply ("Error loading the extension. Please
// check the server logs.") and a log line in Redis's shape. The library is never opened
// (no dlopen, so no code of the named file runs): a missing file is reported with the
// text the dynamic loader gives ("cannot open shared object file: No such file or
// directory"), an existing one as unsupported. LOADEX checks its CONFIG/ARGS syntax
// first and logs Redis's messages for it. UNLOAD always finds no such module.
//
// LOAD, LOADEX and UNLOAD are protected commands: `enable-module-command` (no, yes,
// local) decides who may run them, checked by the dispatcher (DebugCommand.swift's
// protectedCommandDenial), as Redis does; LIST and HELP are always allowed.

#if canImport(Glibc)
import Glibc
#endif

extension Server {
    static func moduleCommands() -> [(String, CommandHandler)] {
        [
            ("module|list", { _, c in c.addEmptyArray() }),
            ("module|help", { _, c in c.addHelpReply("MODULE", moduleHelpLines) }),
            ("module|load", { s, c in s.moduleLoadCommand(c, extended: false) }),
            ("module|loadex", { s, c in s.moduleLoadCommand(c, extended: true) }),
            ("module|unload", { _, c in c.addError("ERR Error unloading module: no such module with that name") }),
        ]
    }

    func moduleLoadCommand(_ c: Client, extended: Bool) {
        let path = c.argString(2)
        if extended {
            // CONFIG name value pairs, then optionally ARGS and the module's arguments.
            var i = 3
            while i < c.argc {
                if c.argIs(i, "config") {
                    if i + 2 >= c.argc {
                        log.notice("CONFIG specified without name value pair")
                        c.addError("ERR Error loading the extension. Please check the server logs.")
                        return
                    }
                    i += 3
                } else if c.argIs(i, "args") {
                    break
                } else {
                    log.notice("Syntax Error from arguments to loadex around \(c.argString(i)).")
                    c.addError("ERR Error loading the extension. Please check the server logs.")
                    return
                }
            }
        }
        if access(path, F_OK) != 0 {
            log.warning("Module \(path) failed to load: \(path): cannot open shared object file: No such file or directory")
        } else {
            log.warning("Module \(path) failed to load: Redis modules are not supported by StructD")
        }
        c.addError("ERR Error loading the extension. Please check the server logs.")
    }
}

private let moduleHelpLines = [
    "LIST",
    "    Return a list of loaded modules.",
    "LOAD <path> [<arg> ...]",
    "    Load a module library from <path>, passing to it any optional arguments.",
    "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
    "    Load a module library from <path>, while passing it module configurations and optional arguments.",
    "UNLOAD <name>",
    "    Unload a module.",
]
