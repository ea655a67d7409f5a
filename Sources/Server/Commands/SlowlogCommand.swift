// SLOWLOG GET [count] / LEN / RESET / HELP (Redis's slowlog.c commands). The log itself
// (what is recorded, truncation of long argument lists) is in SlowLog.swift; entries are
// kept oldest first, so GET walks backwards to answer newest first.
//
// Entry shape, as Redis 7.0: [id, unix time, microseconds, [args...], "ip:port", name].
// GET's count defaults to 10; -1 means all; anything below -1 or not an integer is
// "count should be greater than or equal to -1".

import DataStructures

extension Server {
    static func slowlogCommands() -> [(String, CommandHandler)] {
        [
            ("slowlog|get", { s, c in s.slowlogGetCommand(c) }),
            ("slowlog|len", { s, c in c.addInt(s.slowlog.entries.count) }),
            ("slowlog|reset", { s, c in s.slowlog.reset(); c.addOK() }),
            ("slowlog|help", { _, c in c.addHelpReply("SLOWLOG", [
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.",
            ]) }),
        ]
    }

    func slowlogGetCommand(_ c: Client) {
        if c.argc > 3 {
            c.addSubcommandSyntaxError("SLOWLOG")
            return
        }
        var count = 10
        if c.argc == 3 {
            guard let n = parseStrictInt64(c.arg(2)), n >= -1 else {
                c.addError("ERR count should be greater than or equal to -1")
                return
            }
            count = n == -1 ? Int.max : Int(clamping: n)
        }
        let entries = slowlog.entries
        let n = min(count, entries.count)
        c.addArrayLen(n)
        for e in entries.reversed().prefix(n) {
            c.addArrayLen(6)
            c.addInt(e.id)
            c.addInt(e.unixTime)
            c.addInt(e.micros)
            c.addArrayLen(e.args.count)
            for a in e.args { c.addBulk(a) }
            c.addBulk(string: e.peer)
            c.addBulk(string: e.name)
        }
    }
}

extension Client {
    /// Redis's addReplyHelp: "<NAME> <subcommand> [<arg> [value] [opt] ...]. Subcommands
    /// are:", the lines, then HELP's own entry, as status replies.
    func addHelpReply(_ name: String, _ lines: [String]) {
        addArrayLen(lines.count + 3)
        addSimple(string: "\(name) <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
        for l in lines { addSimple(string: l) }
        addSimple(string: "HELP")
        addSimple(string: "    Prints this help.")
    }

    /// Redis's addReplySubcommandSyntaxError.
    func addSubcommandSyntaxError(_ parent: String) {
        let sub = String(decoding: arg(1).prefix(128), as: UTF8.self)
        addError("ERR unknown subcommand or wrong number of arguments for '\(sub)'. Try \(parent) HELP.")
    }
}
