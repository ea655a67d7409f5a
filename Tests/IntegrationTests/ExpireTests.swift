// Integration tests for the expiry commands (ExpireCommands.swift) and for expiry itself.
//
// (a) Differential against redis-server 7.0.15, RESP2 and RESP3: EXPIRE, PEXPIRE,
//     EXPIREAT, PEXPIREAT with NX/XX/GT/LT and every error (incompatible options,
//     unknown option, non-integers, overflow of the unit conversion and of the base
//     time), times in the past deleting the key, TTL, PTTL, EXPIRETIME, PEXPIRETIME and
//     PERSIST. Relative TTLs are read at slightly different moments on the two servers,
//     so they are compared within a tolerance; absolute times exactly.
// (b) Seeded random sequences of expiry commands. GT and LT are only used with absolute
//     times, since comparing two relative times set a few milliseconds apart depends on
//     the clock, not on the implementation.
// (c) Timing behaviour: lazy expiry (a lookup deletes), active expiry (keys vanish with
//     nobody touching them, within a bounded wait), DEBUG SET-ACTIVE-EXPIRE 0 turning the
//     active cycle off, and TTL arithmetic against the wall clock.

import Foundation
import Glibc
import RESP
import Testing

@Suite("Expire commands", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct ExpireTests {
    static func ttl(_ args: String...) -> DiffStep {
        DiffStep(args, compare: KeyFamilyCompare.integer(within: 1))
    }

    static func pttl(_ args: String...) -> DiffStep {
        DiffStep(args, compare: KeyFamilyCompare.integer(within: 1000))
    }

    static let steps: [DiffStep] = [
        ["SET", "k", "v"],
        // Options are checked first, then the number, then overflow, then the key.
        ["EXPIRE", "k", "10", "NX", "XX"], ["EXPIRE", "k", "10", "GT", "LT"], ["EXPIRE", "k", "10", "NX", "GT"],
        ["EXPIRE", "k", "10", "NX", "LT"], ["EXPIRE", "k", "10", "lt", "gt"], ["EXPIRE", "k", "10", "XX", "GT"],
        ["EXPIRE", "k", "10", "FOO"], ["EXPIRE", "k", "10", "XX", "FOO"], ["EXPIRE", "k", "abc", "FOO"],
        ["EXPIRE", "k", "abc", "NX", "XX"], ["EXPIRE", "k", "abc"], ["EXPIRE", "k", ""], ["EXPIRE", "k", "1.5"],
        ["EXPIRE", "k", " 1"], ["EXPIRE", "k", "+1"], ["EXPIRE", "k", "01"], ["EXPIRE", "k"], ["EXPIRE"],
        ["EXPIRE", "k", "9223372036854775807"], ["EXPIRE", "k", "9223372036854775"],
        ["EXPIRE", "k", "-9223372036854775808"], ["EXPIRE", "k", "-9223372036854776"],
        ["EXPIRE", "k", "9223372036854775808"],
        ["PEXPIRE", "k", "9223372036854775807"], ["PEXPIRE", "k", "9223372036854775000"],
        ["EXPIREAT", "k", "9223372036854775807"], ["EXPIREAT", "k", "9223372036854776"],
        ["EXPIRE", "nokey", "9223372036854775807"], ["PEXPIRE", "nokey", "9223372036854775807", "NX", "XX"],
        ["EXPIRE", "nokey", "100"], ["PEXPIREAT", "nokey", "1"], ["EXPIRE", "nokey", "100", "NX"],
        ["TTL", "k"], ["PTTL", "k"], ["EXPIRETIME", "k"], ["PEXPIRETIME", "k"],
        ["EXPIREAT", "k", "9223372036854775"], ["EXPIRETIME", "k"], ["PEXPIRETIME", "k"],
        ["PEXPIREAT", "k", "9223372036854775807"], ["EXPIRETIME", "k"], ["PEXPIRETIME", "k"],
        ["PEXPIREAT", "k", "9223372036854775300"], ["EXPIRETIME", "k"],
        ttl("TTL", "k"), pttl("PTTL", "k"),
        // NX / XX / GT / LT (no TTL counts as infinite)
        ["SET", "a", "v"], ["EXPIRE", "a", "100", "XX"], ["EXPIRE", "a", "100", "GT"], ["EXPIRE", "a", "100", "LT"],
        ttl("TTL", "a"), ["EXPIRE", "a", "200", "NX"], ["EXPIRE", "a", "200", "XX"], ttl("TTL", "a"),
        ["EXPIRE", "a", "100", "GT"], ["EXPIRE", "a", "300", "GT"], ["EXPIRE", "a", "1000", "LT"],
        ["EXPIRE", "a", "250", "LT"], ttl("TTL", "a"), ["PEXPIRE", "a", "1000000", "gt", "xx"], ttl("TTL", "a"),
        ["PEXPIRE", "a", "1000", "XX", "LT"], pttl("PTTL", "a"), ["EXPIREAT", "a", "4000000000", "LT"],
        ["EXPIREAT", "a", "4000000000", "GT"], ["EXPIRETIME", "a"], ["PEXPIRETIME", "a"],
        ["PEXPIREAT", "a", "4000000000000", "GT"], ["PEXPIREAT", "a", "4000000000000", "LT"],
        ["PEXPIREAT", "a", "4000000000001", "GT"], ["PEXPIRETIME", "a"],
        ["PERSIST", "a"], ["PERSIST", "a"], ["PERSIST", "nokey"], ["TTL", "a"], ["PTTL", "nokey"],
        ["EXPIRETIME", "a"], ["PEXPIRETIME", "nokey"], ["EXPIRETIME", "nokey"], ["TTL", "nokey"],
        // Times in the past delete the key.
        ["SET", "p", "v"], ["EXPIRE", "p", "-1"], ["EXISTS", "p"], ["SET", "p", "v"], ["PEXPIREAT", "p", "1"],
        ["GET", "p"], ["SET", "p", "v"], ["EXPIREAT", "p", "0"], ["SET", "p", "v"], ["EXPIRE", "p", "0"],
        ["TTL", "p"], ["SET", "p", "v"], ["EXPIRE", "p", "-1", "GT"], ["EXISTS", "p"],
        ["EXPIRE", "p", "-1", "LT"], ["EXISTS", "p"], ["SET", "p", "v", "EX", "100"], ["EXPIRE", "p", "-5", "XX"],
        ["EXISTS", "p"], ["SET", "p", "v"], ["EXPIRE", "p", "-9223372036854775"], ["EXISTS", "p"],
        ["SET", "p", "v"], ["PEXPIRE", "p", "-9223372036854775808"], ["EXISTS", "p"],
        ["SET", "p", "v", "EX", "100"], ["EXPIRE", "p", "-1", "NX"], ["EXPIRE", "p", "-1", "GT"], ["EXISTS", "p"],
        ["EXPIREAT", "p", "1", "LT"], ["EXISTS", "p"], ["DBSIZE"],
        // Arity
        ["TTL"], ["TTL", "a", "b"], ["PTTL"], ["PERSIST"], ["PERSIST", "a", "b"], ["EXPIRETIME"],
        ["PEXPIRETIME", "a", "b"], ["PEXPIRE", "k"], ["EXPIREAT"], ["PEXPIREAT", "k"],
        // Rounding of seconds
        ["SET", "q", "v"], ["PEXPIRE", "q", "100000"], ttl("TTL", "q"), pttl("PTTL", "q"),
        ["PEXPIRE", "q", "2499"], ttl("TTL", "q"), ["PEXPIRE", "q", "2600"], ttl("TTL", "q"),
        // The TTL travels with RENAME, MOVE and COPY, and goes with SET.
        ["SET", "t", "v", "EX", "500"], ["RENAME", "t", "t2"], ttl("TTL", "t2"), ["COPY", "t2", "t3"],
        ttl("TTL", "t3"), ["MOVE", "t3", "1"], ["SELECT", "1"], ttl("TTL", "t3"), ["SELECT", "0"],
        ["SET", "t2", "w"], ["TTL", "t2"],
    ]

    @Test(arguments: [false, true])
    func matchesRedis(resp3: Bool) throws {
        try Differential(resp3: resp3).check(Self.steps)
    }

    @Test(arguments: [false, true])
    func randomSequencesMatchRedis(resp3: Bool) throws {
        let keys = ["a", "b", "c", "d"]
        let now = Int(Date().timeIntervalSince1970)
        // Absolute times far from each other and from the relative ones (100 s, 1000 s).
        let absoluteSeconds = [now + 5000, now + 50000, now + 500000, 1, 0].map(String.init)
        try Differential(resp3: resp3).checkRandom(seed: resp3 ? 91 : 90, count: 700) { r, _ in
            let k = r.pick(keys)
            switch r.int(in: 0..<17) {
            case 0: return .command("SET", k, "v")
            case 1: return .command("SET", k, "v", "EX", "1000")
            case 2:
                var args = [r.pick(["EXPIRE", "PEXPIRE"]), k]
                let seconds = r.pick(["100", "1000", "-1", "0", "x"])
                args.append(args[0] == "PEXPIRE" && seconds != "x" ? seconds + "000" : seconds)
                if r.chance(0.5) { args.append(r.pick(["NX", "XX", "nx", "FOO"])) }
                if r.chance(0.15) { args.append(r.pick(["NX", "XX", "LT"])) }
                return DiffStep(args)
            case 3, 4:
                var args = [r.pick(["EXPIREAT", "PEXPIREAT"]), k]
                let seconds = r.pick(absoluteSeconds)
                args.append(args[0] == "PEXPIREAT" ? seconds + "000" : seconds)
                if r.chance(0.6) { args.append(r.pick(["NX", "XX", "GT", "LT", "gt", "lt"])) }
                if r.chance(0.2) { args.append(r.pick(["XX", "GT", "LT"])) }
                return DiffStep(args)
            case 5: return DiffStep(["TTL", k], compare: KeyFamilyCompare.integer(within: 1))
            case 6: return DiffStep(["PTTL", k], compare: KeyFamilyCompare.integer(within: 1000))
            case 7: return DiffStep(["EXPIRETIME", k], compare: KeyFamilyCompare.integer(within: 1))
            case 8: return DiffStep(["PEXPIRETIME", k], compare: KeyFamilyCompare.integer(within: 1000))
            case 9: return .command("PERSIST", k)
            case 10: return .command("DEL", k)
            case 11: return .command("EXISTS", k)
            case 12: return .command("RENAME", k, r.pick(keys))
            case 13: return .command("GET", k)
            case 14: return .command("DBSIZE")
            case 15: return .command("COPY", k, r.pick(keys), "REPLACE")
            default: return .command("SET", k, "w", "KEEPTTL")
            }
        }
    }

    // MARK: timing

    private func dbsize(_ conn: RawConnection) throws -> Int64 {
        try #require(try conn.command("DBSIZE").int64)
    }

    /// Polls DBSIZE (which touches no key) until it equals `target` or `limit` passes.
    private func waitForDbsize(_ conn: RawConnection, _ target: Int64, within limit: Duration) throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try dbsize(conn) == target { return true }
            usleep(20_000)
        }
        return try dbsize(conn) == target
    }

    /// Keys with a TTL vanish on their own (the cron's active cycle), untouched.
    @Test func activeExpiryRemovesUntouchedKeys() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        let conn = try server.connect()
        try conn.command(["MSET"] + (0..<50).flatMap { ["keep:\($0)", "v"] })
        for i in 0..<2000 { try conn.send(command: ["SET", "tmp:\(i)", "v", "PX", "1500"]) }
        for _ in 0..<2000 { _ = try conn.readReplyBytes() }
        #expect(try dbsize(conn) == 2050)
        #expect(try waitForDbsize(conn, 50, within: .seconds(10)))
        #expect(try conn.command("EXISTS", "keep:1") == .integer(1))
    }

    /// DEBUG SET-ACTIVE-EXPIRE 0 stops the active cycle: expired keys stay in the table
    /// until looked up (lazy expiry), and come back under the cycle when turned on again.
    @Test func debugSetActiveExpireDisablesActiveCycle() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        let conn = try server.connect()
        #expect(try conn.command("DEBUG", "SET-ACTIVE-EXPIRE", "0") == .simple(Array("OK".utf8)))
        for i in 0..<100 { try conn.command("SET", "tmp:\(i)", "v", "PX", "30") }
        usleep(500_000)
        #expect(try dbsize(conn) == 100)
        // Lazy expiry: each lookup deletes the key it finds expired.
        #expect(try conn.command("GET", "tmp:0") == .null)
        #expect(try conn.command("EXISTS", "tmp:1", "tmp:2") == .integer(0))
        #expect(try conn.command("TTL", "tmp:3") == .integer(-2))
        #expect(try dbsize(conn) == 96)
        try conn.command("DEBUG", "SET-ACTIVE-EXPIRE", "1")
        #expect(try waitForDbsize(conn, 0, within: .seconds(10)))
    }

    /// TTL readings against the wall clock.
    @Test func ttlArithmetic() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        let conn = try server.connect()
        try conn.command("SET", "k", "v")
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(try conn.command("EXPIRE", "k", "100") == .integer(1))
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(try conn.command("TTL", "k") == .integer(100))
        let pttl = try #require(try conn.command("PTTL", "k").int64)
        #expect(pttl > 98_000 && pttl <= 100_000)
        let at = try #require(try conn.command("PEXPIRETIME", "k").int64)
        #expect(at >= before + 100_000 && at <= after + 100_000)
        let atSeconds = try #require(try conn.command("EXPIRETIME", "k").int64)
        #expect(atSeconds == (at + 500) / 1000)
        #expect(try conn.command("PEXPIRE", "k", "300") == .integer(1))
        usleep(400_000)
        #expect(try conn.command("TTL", "k") == .integer(-2))
        #expect(try dbsize(conn) == 0)
    }
}
