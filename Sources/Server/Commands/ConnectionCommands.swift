// Connection commands: PING, ECHO, QUIT, SELECT (the rest of the family —
// RESET, SWAPDB, AUTH, HELLO, CLIENT — lives in this file too).

import RESP
import DataStructures

extension Server {
    static func connectionCommands() -> [(String, CommandHandler)] {
        [
            ("ping", { s, c in s.pingCommand(c) }),
            ("echo", { _, c in c.addBulk(c.arg(1)) }),
            ("quit", { _, c in c.addOK(); c.flags.insert(.closeAfterReply) }),
            ("select", { s, c in s.selectCommand(c) }),
        ]
    }

    func pingCommand(_ c: Client) {
        if c.argc > 2 {
            c.addErrorArity()
            return
        }
        if c.isPubSub && c.resp == .resp2 {
            // In RESP2 subscribe mode PING answers with a push-shaped array.
            c.addArrayLen(2)
            c.addBulk("pong")
            if c.argc == 1 { c.addBulk("") } else { c.addBulk(c.arg(1)) }
            return
        }
        if c.argc == 1 { c.addSimple("PONG") } else { c.addBulk(c.arg(1)) }
    }

    func selectCommand(_ c: Client) {
        guard let idx = parseStrictInt64(c.arg(1)), idx >= Int64(Int32.min), idx <= Int64(Int32.max) else {
            c.addError("ERR value is not an integer or out of range")
            return
        }
        if idx < 0 || idx >= Int64(databases.count) {
            c.addError("ERR DB index is out of range")
            return
        }
        c.dbIndex = Int(idx)
        c.addOK()
    }
}
