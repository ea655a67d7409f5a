// Transactions against Redis 7.0.15: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
//
// Differential steps cover the queueing replies, EXECABORT after a command failed to
// queue (unknown, wrong arity, not allowed in MULTI, OOM), EXEC refused itself, run-time
// errors reported per command inside EXEC's array, nested MULTI, WATCH inside MULTI, and
// WATCH invalidated by another connection, FLUSHALL, FLUSHDB, SWAPDB and by the key's own
// transaction-less changes. Expiry needs pauses between commands, so those cases run as
// paired sessions (same script against both servers, transcripts compared). A seeded random
// run interleaves three connections doing transactions on a handful of keys. MONITOR's view
// of a transaction, CLIENT LIST's flags and the maxmemory refusals get their own checks.

import Foundation
import Testing

@Suite("Transactions", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(2)))
struct TransactionTests {
    @Test(arguments: [false, true])
    func transactionsMatchRedis(resp3: Bool) throws {
        try Differential(resp3: resp3).check([
            ["EXEC"], ["DISCARD"], ["EXEC", "x"], ["DISCARD", "x"], ["MULTI", "x"], ["UNWATCH", "x"], ["WATCH"],
            // Queueing and the results array, run-time errors included.
            ["MULTI"], ["SET", "a", "1"], ["INCR", "a"], ["SET", "s", "text"], ["INCR", "s"], ["HSET", "s", "f", "v"],
            ["GET", "a"], ["PING"], ["ECHO", "x"], ["EXEC"], ["GET", "a"],
            ["MULTI"], ["EXEC"],
            ["MULTI"], ["MULTI"], ["WATCH", "a"], ["GET", "a"], ["EXEC"],
            ["MULTI"], ["SET", "a", "2"], ["DISCARD"], ["GET", "a"], ["DISCARD"],
            // Commands that fail to queue doom the transaction.
            ["MULTI"], ["SET", "a", "3"], ["NOSUCHCOMMAND", "x"], ["GET", "a"], ["EXEC"], ["GET", "a"],
            ["MULTI"], ["SET", "a"], ["EXEC"],
            ["MULTI"], ["CONFIG", "NOSUCH"], ["EXEC"],
            ["MULTI"], ["SHUTDOWN"], ["EXEC"],
            ["MULTI"], ["MONITOR"], ["EXEC"],
            // Blocking commands inside EXEC do not block: they answer as on timeout.
            ["MULTI"], ["BLPOP", "nolist", "0"], ["BZPOPMIN", "nozset", "1"], ["RPUSH", "nolist", "x"],
            ["BLPOP", "nolist", "0"], ["EXEC"],
            // EXEC refused itself: the reason, discarded.
            ["MULTI"], ["SET", "a", "4"], ["EXEC", "now"], ["EXEC"], ["GET", "a"],
            // DISCARD and UNWATCH inside; SELECT and db-relative commands run in order.
            ["MULTI"], ["SELECT", "2"], ["SET", "a", "db2"], ["SELECT", "0"], ["UNWATCH"], ["EXEC"],
            ["GET", "a"], ["SELECT", "2"], ["GET", "a"], ["SELECT", "0"],
            // Nothing from a doomed transaction is kept: EXEC after the error runs nothing.
            ["MULTI"], ["NOSUCH"], ["SET", "z", "1"], ["DISCARD"], ["EXISTS", "z"],
            // RESET and QUIT inside MULTI run at once.
            .command("MULTI", client: 1), .command("SET", "r", "1", client: 1), .command("RESET", client: 1),
            .command("EXEC", client: 1), ["EXISTS", "r"],
            .command("MULTI", client: 2), .command("SET", "q", "1", client: 2), .command("QUIT", client: 2), ["EXISTS", "q"],
        ])
    }

    @Test(arguments: [false, true])
    func watchMatchesRedis(resp3: Bool) throws {
        try Differential(resp3: resp3).check([
            // Changed by another connection: EXEC returns a null array.
            ["SET", "k", "v"], ["WATCH", "k"], .command("SET", "k", "other", client: 1),
            ["MULTI"], ["GET", "k"], ["EXEC"],
            // Changed by the watcher itself before MULTI: also aborted.
            ["WATCH", "k"], ["SET", "k", "mine"], ["MULTI"], ["GET", "k"], ["EXEC"],
            // Untouched: runs. No-op commands on the key do not count.
            ["WATCH", "k", "missing"], .command("DEL", "missing", client: 1), .command("PERSIST", "k", client: 1),
            .command("GET", "k", client: 1), ["MULTI"], ["GET", "k"], ["EXEC"],
            // A missing key created by someone else.
            ["WATCH", "missing"], .command("SET", "missing", "now", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            // EXPIRE, RENAME, MOVE, APPEND, HSET touch the key.
            ["WATCH", "k"], .command("EXPIRE", "k", "100", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "k"], .command("RENAME", "k", "k2", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "k"], .command("RENAME", "k2", "k", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "k"], .command("APPEND", "k", "x", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "h"], .command("HSET", "h", "f", "v", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "k"], .command("MOVE", "k", "3", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            // UNWATCH forgets; WATCH of the same key twice is one watch.
            ["SET", "k", "v"], ["WATCH", "k", "k"], ["UNWATCH"], .command("SET", "k", "x", client: 1),
            ["MULTI"], ["PING"], ["EXEC"],
            // Once doomed, later WATCHes change nothing; EXEC and DISCARD clear the state.
            ["WATCH", "k"], .command("SET", "k", "y", client: 1), ["WATCH", "other"], ["MULTI"], ["PING"], ["EXEC"],
            ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "k"], .command("SET", "k", "z", client: 1), ["MULTI"], ["DISCARD"], ["MULTI"], ["PING"], ["EXEC"],
            // Keys are per database.
            ["WATCH", "k"], .command("SELECT", "5", client: 1), .command("SET", "k", "db5", client: 1),
            ["MULTI"], ["PING"], ["EXEC"],
            // FLUSHDB of another database does not touch it; FLUSHALL and FLUSHDB of its own do.
            ["WATCH", "k"], .command("FLUSHDB", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "k"], .command("SELECT", "0", client: 1), .command("FLUSHDB", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            ["SET", "k", "v"], ["WATCH", "k"], .command("FLUSHALL", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            // Flushing a key that does not exist is no change.
            ["WATCH", "none"], .command("FLUSHALL", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            // SWAPDB: a watched key that exists in either database.
            ["SET", "k", "v"], ["WATCH", "k"], .command("SWAPDB", "0", "1", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "k"], .command("SWAPDB", "0", "1", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            ["WATCH", "none"], .command("SWAPDB", "0", "1", client: 1), ["MULTI"], ["PING"], ["EXEC"],
            // The transaction's own writes do not abort it.
            ["WATCH", "k"], ["MULTI"], ["SET", "k", "in-tx"], ["GET", "k"], ["EXEC"],
            ["MULTI"], ["WATCH", "k"], ["EXEC"],
        ])
    }

    /// Expiry: a watched key that expires before EXEC aborts it; one already expired when
    /// watched does not, even when the expired key is then deleted.
    @Test func watchAndExpiry() throws {
        try MessagingSession.compare(args: ["--enable-debug-command", "yes"]) { s in
            try s.run(0, "SET", "e", "v", "PX", "100")
            try s.run(0, "WATCH", "e")
            sleepBriefly(.milliseconds(200))
            try s.run(0, "MULTI"); try s.run(0, "PING"); try s.run(0, "EXEC")
            // Expired at WATCH time, then removed by another client's access: no change.
            try s.run(0, "DEBUG", "SET-ACTIVE-EXPIRE", "0")
            try s.run(0, "SET", "e", "v", "PX", "50")
            sleepBriefly(.milliseconds(120))
            try s.run(0, "WATCH", "e")
            try s.run(1, "GET", "e")
            try s.run(0, "MULTI"); try s.run(0, "PING"); try s.run(0, "EXEC")
            // Expired at WATCH time, then recreated: a change.
            try s.run(0, "SET", "e", "v", "PX", "50")
            sleepBriefly(.milliseconds(120))
            try s.run(0, "WATCH", "e")
            try s.run(1, "SET", "e", "new")
            try s.run(0, "MULTI"); try s.run(0, "PING"); try s.run(0, "EXEC")
            // Expired at WATCH time and flushed: no change.
            try s.run(0, "SET", "e", "v", "PX", "50")
            sleepBriefly(.milliseconds(120))
            try s.run(0, "WATCH", "e")
            try s.run(1, "FLUSHALL")
            try s.run(0, "MULTI"); try s.run(0, "PING"); try s.run(0, "EXEC")
            // Removed by the active expiry cycle while watched.
            try s.run(0, "DEBUG", "SET-ACTIVE-EXPIRE", "1")
            try s.run(0, "SET", "e", "v", "PX", "50")
            try s.run(0, "WATCH", "e")
            sleepBriefly(.milliseconds(400))
            try s.run(1, "EXISTS", "e")
            try s.run(0, "MULTI"); try s.run(0, "PING"); try s.run(0, "EXEC")
        }
    }

    /// maxmemory: inside MULTI everything but EXEC/DISCARD is refused when over the limit,
    /// and EXEC is refused when it holds a command that may grow memory.
    @Test func outOfMemory() throws {
        try Differential().check([
            ["SET", "x", "y"], ["MULTI"], ["SET", "x", "z"], .command("CONFIG", "SET", "maxmemory", "1", client: 1),
            ["EXEC"], ["GET", "x"],
            ["MULTI"], ["GET", "x"], ["PING"], ["EXEC"],
            ["MULTI"], ["DISCARD"],
            .command("CONFIG", "SET", "maxmemory", "0", client: 1),
            ["MULTI"], ["GET", "x"], .command("CONFIG", "SET", "maxmemory", "1", client: 1), ["EXEC"],
            .command("CONFIG", "SET", "maxmemory", "0", client: 1),
        ])
    }

    /// Three connections doing transactions on the same few keys.
    @Test(arguments: [11, 12] as [UInt64])
    func randomInterleavedTransactions(seed: UInt64) throws {
        try Differential().checkRandom(seed: seed, count: 400) { random, _ in
            let client = random.int(in: 0...2)
            let key = random.pick(["a", "b", "c"])
            switch random.int(in: 0..<12) {
            case 0: return .command("MULTI", client: client)
            case 1, 2: return .command("EXEC", client: client)
            case 3: return .command("DISCARD", client: client)
            case 4: return .command("WATCH", key, random.pick(["a", "b", "c"]), client: client)
            case 5: return .command("UNWATCH", client: client)
            case 6: return .command("SET", key, String(random.int(in: 0...9)), client: client)
            case 7: return .command("INCR", key, client: client)
            case 8: return .command("DEL", key, client: client)
            case 9: return .command("APPEND", key, "x", client: client)
            case 10: return .command(random.pick(["NOSUCH", "GET"]), client: client)
            default: return .command("GET", key, client: client)
            }
        }
    }

    /// What MONITOR shows: MULTI, each executed command, EXEC; nothing for queued commands
    /// of a discarded or aborted transaction. CLIENT LIST shows x (in MULTI) and d (doomed).
    @Test func monitorAndClientList() throws {
        // "+<time> [<db> <addr>] <command>": keep the command part.
        let commandPart: ([UInt8]) -> [UInt8] = { line in
            guard let i = line.firstIndex(of: UInt8(ascii: "]")) else { return line }
            return Array(line[(i + 1)...])
        }
        let flagsPart: ([UInt8]) -> [UInt8] = { reply in
            let text = String(decoding: reply, as: UTF8.self)
            return Array(text.split(separator: " ").filter { $0.hasPrefix("flags=") || $0.hasPrefix("multi=") }.joined(separator: " ").utf8)
        }
        try MessagingSession.compare { s in
            try s.run(2, "MONITOR")
            for cmd in [["MULTI"], ["SET", "a", "1"], ["GET", "a"], ["EXEC"], ["MULTI"], ["SET", "a", "2"], ["DISCARD"],
                        ["MULTI"], ["NOSUCH"], ["EXEC"], ["PING", "end"]] {
                try s.run(0, cmd)
            }
            for _ in 0..<9 { try s.read(2, mask: commandPart) }
            try s.expectQuiet(2)
            try s.run(1, ["MULTI"])
            try s.run(1, ["SET", "a", "1"])
            try s.run(1, ["CLIENT", "INFO"], mask: flagsPart)
            try s.run(1, ["DISCARD"])
            try s.run(1, ["WATCH", "a"])
            try s.run(0, ["SET", "a", "changed"])
            try s.run(1, ["CLIENT", "INFO"], mask: flagsPart)
            try s.run(1, ["MULTI"])
            try s.run(1, ["CLIENT", "INFO"], mask: flagsPart)
        }
    }
}
