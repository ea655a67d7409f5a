// SlowLog: commands slower than slowlog-log-slower-than microseconds, newest first,
// at most slowlog-max-len entries (Redis's slowlog.c). Arguments are truncated as Redis
// does: at most 32 arguments (the last says how many more) and 128 bytes each.
//
// call() pushes after every command that is not skip_slowlog, so the threshold is checked
// against the command's measured duration; a smaller slowlog-max-len takes effect at the
// next push, and entry ids keep counting across SLOWLOG RESET, as in Redis. The commands
// that read and reset the log are in Commands/SlowlogCommand.swift.

import DataStructures

struct SlowLogEntry {
    let id: Int64
    let unixTime: Int64
    let micros: Int64
    let args: [[UInt8]]
    let peer: String
    let name: String
}

struct SlowLog {
    var entries: [SlowLogEntry] = []   // newest last; replies walk it backwards
    var nextId: Int64 = 0

    mutating func reset() { entries.removeAll() }
}

extension Server {
    func slowlogPush(_ c: Client, _ duration: Int64) {
        let threshold = Int64(config.slowlogLogSlowerThan)
        // A zero-length log records nothing, and uses no entry id (as Redis).
        if threshold < 0 || duration < threshold || config.slowlogMaxLen <= 0 { return }
        var args: [[UInt8]] = []
        let n = min(c.argc, 32)
        for i in 0..<n {
            if i == 31 && c.argc > 32 {
                args.append(Array("... (\(c.argc - 31) more arguments)".utf8))
                break
            }
            let a = c.argv[i]
            if a.count > 128 {
                args.append(Array(a.prefix(128)) + Array("... (\(a.count - 128) more bytes)".utf8))
            } else {
                args.append(Array(a))
            }
        }
        let e = SlowLogEntry(id: slowlog.nextId, unixTime: wallClockSeconds(), micros: duration, args: args,
                             peer: c.addressString, name: c.name?.string ?? "")
        slowlog.nextId += 1
        slowlog.entries.append(e)
        let maxLen = max(0, config.slowlogMaxLen)
        if slowlog.entries.count > maxLen { slowlog.entries.removeFirst(slowlog.entries.count - maxLen) }
    }

    func wallClockSeconds() -> Int64 { nowMillis / 1000 }
}
