// Transactional scripts and transactions (StructD's TXN.EVAL, TXN.ESHA, TXN.MULTI):
//   (a) differential: when nothing fails, TXN.EVAL / TXN.ESHA / TXN.MULTI answer exactly as
//       EVAL / EVALSHA / MULTI do on redis-server (replies, errors, argument checks), and
//       leave the same dataset (DEBUG DIGEST, which is Redis's digest);
//   (b) seeded random scripts over every type: TXN.EVAL on StructD; when it succeeds the
//       same script runs as EVAL on Redis and the replies and digests must agree; when it
//       fails the StructD digest must not have moved;
//   (c) targeted: rollback of every kind of change (strings, lists, hashes, sets, sorted
//       sets, DEL, RENAME, MOVE, COPY, EXPIRE/PERSIST, keys created and deleted, several
//       databases through SELECT, FLUSHALL, SWAPDB, RESTORE, SORT STORE...) with types,
//       encodings and TTLs checked; a WATCHing client's EXEC still succeeds; a client blocked
//       in BLPOP is not woken; MONITOR and keyspace notifications show nothing of a rolled-
//       back script; a key expiring during the script; TXN.MULTI all-or-nothing, nested
//       TXN.EVAL inside TXN.MULTI, CLIENT REPLY OFF;
//   (d) the rule that nothing of a rollback escapes, for TXN.EVAL, TXN.ESHA and TXN.MULTI
//       alike: PUBLISH, keyspace notifications, tracking invalidations (push and redirect),
//       MONITOR, BLPOP wake-ups, WATCH — none on rollback, all (in order) on commit;
//       FLUSHALL's snapshot save and null invalidation held until commit; BGSAVE and DEBUG
//       RELOAD refused in TXN.MULTI; function libraries, aliases and SELECT rolled back.

import Foundation
import Glibc
import RESP
import Testing

enum TxnTesting {
    static let serverArgs = ["--enable-debug-command", "yes"]

    /// A dataset with every type, TTLs and three databases (loaded with one EVAL).
    static let populate = """
    redis.call('flushall')
    redis.call('set', 's', 'hello') redis.call('set', 'n', '10') redis.call('set', 'f', '1.5')
    redis.call('set', 'big', string.rep('x', 100))
    redis.call('rpush', 'l', 'a', 'b', 'c') redis.call('rpush', 'bl', string.rep('y', 100), 'z')
    redis.call('hset', 'h', 'f1', 'v1', 'f2', 'v2') redis.call('hset', 'hn', 'c', '5')
    redis.call('sadd', 'st', 'm1', 'm2', 'm3') redis.call('sadd', 'is', '1', '2', '3')
    redis.call('zadd', 'z', '1', 'a', '2', 'b') redis.call('zadd', 'z2', '3', 'c')
    redis.call('set', 'ttl', 'x', 'px', '100000') redis.call('rpush', 'lttl', 'q') redis.call('pexpire', 'lttl', '200000')
    redis.call('setbit', 'bits', '7', '1')
    redis.call('select', '1') redis.call('set', 'd1', 'one') redis.call('sadd', 'd1s', 'a')
    redis.call('select', '2') redis.call('hset', 'd2', 'a', 'b')
    redis.call('select', '0')
    return 'ok'
    """

    /// What a rollback must restore, read without side effects (with DEBUG DIGEST, which a
    /// script may not call): per key of each database type, encoding, TTL > 0 or not.
    static let snapshot = """
    local out = {}
    for db = 0, 2 do
      redis.call('select', db)
      local keys = redis.call('keys', '*')
      table.sort(keys)
      for _, k in ipairs(keys) do
        local ttl = redis.call('pttl', k)
        out[#out + 1] = db .. ':' .. k .. ':' .. redis.call('type', k).ok .. ':' ..
          redis.call('object', 'encoding', k) .. ':' .. (ttl > 0 and 'ttl' or tostring(ttl))
      end
    end
    redis.call('select', '0')
    return out
    """

    /// Changes of every kind; each TXN.EVAL makes one group of them and then fails.
    static let changes: [String] = [
        "redis.call('set', 's', 'new') redis.call('append', 'big', 'more') redis.call('setrange', 's', '2', 'zz')",
        "redis.call('incr', 'n') redis.call('incrbyfloat', 'f', '2') redis.call('decrby', 'n', '5') redis.call('getset', 's', 'gs')",
        "redis.call('set', 's', '123') redis.call('set', 'big', 'short')",
        "redis.call('lpush', 'l', 'z') redis.call('rpop', 'l') redis.call('lset', 'l', '0', 'q') redis.call('ltrim', 'l', '0', '0')",
        "redis.call('lmove', 'l', 'newlist', 'LEFT', 'RIGHT') redis.call('rpoplpush', 'bl', 'l') redis.call('linsert', 'l', 'BEFORE', 'c', 'x')",
        "redis.call('rpush', 'bl', string.rep('w', 200)) redis.call('lrem', 'bl', '0', 'z') for i = 1, 200 do redis.call('rpush', 'l', i) end",
        "redis.call('hset', 'h', 'f3', 'v3') redis.call('hdel', 'h', 'f1') redis.call('hincrby', 'hn', 'c', '7') redis.call('hsetnx', 'h', 'f9', 'x')",
        "for i = 1, 200 do redis.call('hset', 'h', 'k' .. i, i) end redis.call('hincrbyfloat', 'hn', 'c', '0.5')",
        "redis.call('sadd', 'st', 'm4') redis.call('srem', 'st', 'm1') redis.call('smove', 'st', 'is', 'm2') redis.call('spop', 'st')",
        "for i = 1, 600 do redis.call('sadd', 'is', i) end redis.call('sadd', 'is', 'notint')",
        "redis.call('sinterstore', 'st', 'st', 'is') redis.call('sunionstore', 'u', 'st', 'is') redis.call('sdiffstore', 'is', 'is', 'st')",
        "redis.call('zadd', 'z', '5', 'c') redis.call('zincrby', 'z', '3', 'a') redis.call('zrem', 'z', 'b') redis.call('zpopmin', 'z2')",
        "for i = 1, 200 do redis.call('zadd', 'z', i, 'm' .. i) end redis.call('zunionstore', 'z2', '2', 'z', 'z2') redis.call('zremrangebyrank', 'z', '0', '5')",
        "redis.call('del', 's', 'l', 'h') redis.call('unlink', 'st', 'z') redis.call('getdel', 'n')",
        "redis.call('rename', 'l', 'renamed') redis.call('lpush', 'renamed', 'q') redis.call('renamenx', 'h', 'h2') redis.call('hset', 'h2', 'x', 'y')",
        "redis.call('rename', 's', 'big') redis.call('append', 'big', 'tail') redis.call('rename', 'st', 'is') redis.call('sadd', 'is', 'extra')",
        "redis.call('move', 's', '1') redis.call('move', 'l', '2') redis.call('select', '1') redis.call('append', 's', '!') redis.call('select', '0')",
        "redis.call('copy', 'l', 'lcopy') redis.call('lpush', 'lcopy', 'c') redis.call('copy', 'h', 'd1', 'db', '1', 'replace') redis.call('copy', 'z', 'z2', 'replace')",
        "redis.call('expire', 's', '100') redis.call('persist', 'ttl') redis.call('pexpire', 'lttl', '5') redis.call('expireat', 'h', '99999999999')",
        "redis.call('set', 'ttl', 'y', 'keepttl') redis.call('set', 'n', '1', 'ex', '50') redis.call('getex', 'big', 'px', '100') redis.call('persist', 'lttl')",
        "redis.call('set', 'ttl', 'no ttl now') redis.call('expire', 'l', '0')",
        "redis.call('set', 'new1', 'a') redis.call('rpush', 'new2', 'b') redis.call('hset', 'new3', 'c', 'd') redis.call('sadd', 'new4', 'e') redis.call('zadd', 'new5', '1', 'f')",
        "redis.call('set', 'l', 'string now') redis.call('del', 'h') redis.call('sadd', 'h', 'x')",
        "redis.call('select', '1') redis.call('del', 'd1') redis.call('set', 'made1', 'x') redis.call('select', '2') redis.call('hset', 'd2', 'c', 'd') redis.call('set', 'made2', 'y') redis.call('select', '0')",
        "redis.call('flushdb') redis.call('set', 'after', '1')",
        "redis.call('flushall') redis.call('set', 'after', '1') redis.call('select', '2') redis.call('set', 'after2', '1') redis.call('select', '0')",
        "redis.call('swapdb', '0', '1') redis.call('set', 'd1', 'changed') redis.call('swapdb', '1', '2') redis.call('del', 'd2') redis.call('set', 'z', 'x')",
        "local d = redis.call('dump', 'h') redis.call('restore', 'hcopy', '0', d) redis.call('restore', 'l', '0', d, 'replace') redis.call('restore', 'tt', '100000', d)",
        "redis.call('sort', 'l', 'alpha', 'store', 'sorted') redis.call('sort', 'is', 'store', 'st')",
        "redis.call('setbit', 'bits', '100', '1') redis.call('bitop', 'or', 'bits2', 'bits', 's') redis.call('setbit', 's', '0', '1')",
        "redis.call('msetnx', 'm1', 'a', 'm2', 'b') redis.call('mset', 's', 'x', 'n', 'y') redis.call('setnx', 'm3', 'c') redis.call('psetex', 'm4', '1000', 'd')",
        "redis.call('lmpop', '1', 'l', 'LEFT', 'COUNT', '2') redis.call('zmpop', '1', 'z', 'MAX') redis.call('lpop', 'bl', '5')",
    ]

    static func reply(_ c: RawConnection, _ args: [String]) throws -> [UInt8] {
        try c.send(command: args)
        return try c.readReplyBytes()
    }

    /// DEBUG DIGEST and the per-key snapshot.
    static func state(_ c: RawConnection) throws -> String {
        String(decoding: try c.roundTrip("DEBUG", "DIGEST") + c.roundTrip("EVAL", snapshot, "0"), as: UTF8.self)
    }
}

@Suite("Transactional scripts", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct TxnTests {
    typealias T = TxnTesting

    /// Nothing fails: TXN.* answer as EVAL / EVALSHA / MULTI do on Redis.
    @Test(arguments: [false, true])
    func successfulRunsMatchRedis(resp3: Bool) throws {
        let structd = try ServerProcess.structd(args: T.serverArgs)
        defer { structd.stop() }
        let redis = try ServerProcess.redis(args: T.serverArgs)
        defer { redis.stop() }
        let scripts = [
            "return redis.call('set', KEYS[1], ARGV[1])",
            "return {redis.call('incr', KEYS[1]), redis.call('lpush', KEYS[2], ARGV[1]), redis.call('lrange', KEYS[2], 0, -1)}",
            "redis.setresp(3) redis.call('hset', 'h', 'a', '1') return redis.call('hgetall', 'h')",
            "return redis.pcall('incr', 'h')",
            "return {ok='fine'}",
            "return {double=1.5}",
        ]
        var subject: [[String]] = [], oracle: [[String]] = []
        func both(_ s: [String], _ o: [String]) {
            subject.append(s)
            oracle.append(o)
        }
        for body in scripts {
            both(["TXN.EVAL", body, "2", "k1", "k2", "v"], ["EVAL", body, "2", "k1", "k2", "v"])
            both(["TXN.ESHA", sha1Hex(body), "2", "k3", "k4", "w"], ["EVALSHA", sha1Hex(body), "2", "k3", "k4", "w"])
        }
        // Argument errors come from the same code as EVAL's.
        both(["TXN.EVAL", "return 1", "x"], ["EVAL", "return 1", "x"])
        both(["TXN.EVAL", "return 1", "2", "a"], ["EVAL", "return 1", "2", "a"])
        both(["TXN.EVAL", "return 1", "-1"], ["EVAL", "return 1", "-1"])
        both(["TXN.ESHA", "nosuch", "0"], ["EVALSHA", "nosuch", "0"])
        both(["TXN.ESHA", String(repeating: "f", count: 40), "0"], ["EVALSHA", String(repeating: "f", count: 40), "0"])
        both(["TXN.EVAL", "local x = = 1", "0"], ["EVAL", "local x = = 1", "0"])
        both(["TXN.EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'k1')", "0"], ["EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'k1')", "0"])
        // A transaction that succeeds.
        both(["TXN.MULTI"], ["MULTI"])
        both(["SET", "t", "1"], ["SET", "t", "1"])
        both(["INCR", "t"], ["INCR", "t"])
        both(["LPUSH", "tl", "a"], ["LPUSH", "tl", "a"])
        both(["EXEC"], ["EXEC"])
        both(["TXN.MULTI"], ["MULTI"])
        both(["NOSUCH"], ["NOSUCH"])
        both(["EXEC"], ["EXEC"])
        both(["TXN.MULTI"], ["MULTI"])
        both(["DISCARD"], ["DISCARD"])
        both(["EXEC"], ["EXEC"])
        both(["DEBUG", "DIGEST"], ["DEBUG", "DIGEST"])
        let s = try RawConnection(port: structd.port)
        let o = try RawConnection(port: redis.port)
        if resp3 {
            _ = try s.roundTrip("HELLO", "3")
            _ = try o.roundTrip("HELLO", "3")
        }
        for (i, (a, b)) in zip(subject, oracle).enumerated() {
            let actual = try T.reply(s, a)
            let expected = try T.reply(o, b)
            #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "step \(i): \(a)")
        }
    }

    /// Every kind of change is undone when the script fails; types, encodings, TTLs too.
    @Test func rollbackOfEveryKindOfChange() throws {
        let server = try ServerProcess.structd(args: T.serverArgs)
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        for (i, change) in T.changes.enumerated() {
            #expect(try c.roundTrip("EVAL", T.populate, "0") == Array("$2\r\nok\r\n".utf8))
            let before = try T.state(c)
            // The changes must really happen when nothing fails (the script is valid).
            let applied = try c.roundTrip("TXN.EVAL", change + " return 'applied'", "0")
            #expect(applied == Array("$7\r\napplied\r\n".utf8), "change \(i) is not valid: \(String(decoding: applied, as: UTF8.self))")
            #expect(try T.state(c) != before, "change \(i) changed nothing")
            _ = try c.roundTrip("EVAL", T.populate, "0")
            // Failing by raising, and failing by a command error.
            for failure in ["error('rollback')", "redis.call('incr')"] {
                let reply = try c.roundTrip("TXN.EVAL", change + " " + failure, "0")
                #expect(reply.first == UInt8(ascii: "-"), "change \(i)")
                #expect(try T.state(c) == before, "change \(i) with \(failure)")
            }
        }
        // The same through TXN.ESHA with an alias, and TXN.MULTI.
        _ = try c.roundTrip("EVAL", T.populate, "0")
        let before = try T.state(c)
        _ = try c.roundTrip("SCRIPT", "LOAD", T.changes[3] + " " + T.changes[12] + " error('x')", "both")
        #expect(try c.roundTrip("TXN.ESHA", "both", "0").starts(with: Array("-ERR user_script:1: x script: both,".utf8)))
        #expect(try T.state(c) == before)
        #expect(try c.roundTrip("TXN.MULTI") == Array("+OK\r\n".utf8))
        for args in [["SET", "s", "t"], ["RPUSH", "l", "t"], ["SELECT", "1"], ["DEL", "d1"], ["SELECT", "0"], ["EXPIRE", "s", "5"], ["HSET", "s", "a", "b"], ["SET", "never", "x"]] {
            #expect(try c.roundTrip(contentsOf: args) == Array("+QUEUED\r\n".utf8))
        }
        #expect(try c.roundTrip("EXEC") == Array("-EXECABORT Transaction rolled back: command #7 (hset) failed: WRONGTYPE Operation against a key holding the wrong kind of value\r\n".utf8))
        #expect(try T.state(c) == before)
        #expect(try c.roundTrip("EXISTS", "never") == Array(":0\r\n".utf8))
    }

    /// Random scripts: a success must equal Redis's EVAL; a failure must leave no trace.
    @Test func randomScriptsAgainstRedis() throws {
        let structd = try ServerProcess.structd(args: T.serverArgs)
        defer { structd.stop() }
        let redis = try ServerProcess.redis(args: T.serverArgs)
        defer { redis.stop() }
        let s = try RawConnection(port: structd.port)
        let o = try RawConnection(port: redis.port)
        let seed = SeededRandom.seed(default: 7501)
        var r = SeededRandom(seed: seed)
        let keys = ["a", "b", "c", "d"]
        var failures = 0, successes = 0
        for step in 0..<250 {
            var body = ""
            for _ in 0..<r.int(in: 1...6) {
                let k = "'\(r.pick(keys))'", k2 = "'\(r.pick(keys))'"
                let v = "'\(r.pick(["1", "2", "x", "-3", "1.5"]))'"
                switch r.int(in: 0..<16) {
                case 0: body += "redis.call('set', \(k), \(v)) "
                case 1: body += "redis.call('incr', \(k)) "
                case 2: body += "redis.call('append', \(k), \(v)) "
                case 3: body += "redis.call('lpush', \(k), \(v)) "
                case 4: body += "redis.call('rpop', \(k)) "
                case 5: body += "redis.call('hset', \(k), \(v), \(v)) "
                case 6: body += "redis.call('hdel', \(k), \(v)) "
                case 7: body += "redis.call('sadd', \(k), \(v)) "
                case 8: body += "redis.call('srem', \(k), \(v)) "
                case 9: body += "redis.call('zadd', \(k), '\(r.int(in: 0...9))', \(v)) "
                case 10: body += "redis.call('del', \(k)) "
                case 11: body += "redis.call('rename', \(k), \(k2)) "
                case 12: body += "redis.call('expire', \(k), '\(r.int(in: 100...1000))') "
                case 13: body += "redis.call('persist', \(k)) "
                case 14: body += "redis.call('select', '\(r.int(in: 0...1))') "
                default: body += "redis.pcall('incr', \(k)) "
                }
            }
            if r.chance(0.25) { body += "error('random failure') " }
            body += "return redis.call('dbsize')"
            let before = try T.reply(s, ["DEBUG", "DIGEST"])
            let reply = try T.reply(s, ["TXN.EVAL", body, "0"])
            let context = "seed \(seed) step \(step): \(body)"
            if reply.first == UInt8(ascii: "-") {
                failures += 1
                #expect(try T.reply(s, ["DEBUG", "DIGEST"]) == before, "\(context)")
            } else {
                successes += 1
                let expected = try T.reply(o, ["EVAL", body, "0"])
                #expect(reply == expected, "\(context)")
                #expect(try T.reply(s, ["DEBUG", "DIGEST"]) == (try T.reply(o, ["DEBUG", "DIGEST"])), "\(context)")
            }
        }
        #expect(failures > 20 && successes > 20)
    }

    /// Other clients see nothing of a rolled-back script: no notification, no MONITOR
    /// line for its commands, no wake-up of a blocked client, no WATCH invalidation.
    @Test func rolledBackChangesAreInvisible() throws {
        let server = try ServerProcess.structd(args: ["--notify-keyspace-events", "KEA"])
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let sub = try RawConnection(port: server.port)
        let mon = try RawConnection(port: server.port)
        let blocked = try RawConnection(port: server.port, timeout: .seconds(10))
        let watcher = try RawConnection(port: server.port)
        _ = try sub.roundTrip("PSUBSCRIBE", "__key*__:*")
        #expect(try mon.roundTrip("MONITOR") == Array("+OK\r\n".utf8))
        try blocked.send(command: ["BLPOP", "q", "5"])
        _ = try watcher.roundTrip("SET", "wk", "1")
        _ = try watcher.roundTrip("WATCH", "wk")
        sleepBriefly(.milliseconds(100))
        _ = try mon.readAvailable()   // the BLPOP, SET, WATCH lines
        _ = try sub.readAvailable()   // the notification of SET wk
        let script = "redis.call('rpush', 'q', 'x') redis.call('set', 'wk', '2') redis.call('del', 'wk') redis.call('set', 'other', '1') error('no')"
        #expect(try c.roundTrip("TXN.EVAL", script, "0").starts(with: Array("-ERR user_script:1: no".utf8)))
        #expect(try sub.expectNoReply(within: .milliseconds(300)))
        let lines = String(decoding: try mon.readAvailable(timeout: .milliseconds(300)), as: UTF8.self)
        #expect(lines.contains("\"TXN.EVAL\""))
        #expect(!lines.contains("[0 lua]"))
        #expect(try blocked.expectNoReply(within: .milliseconds(200)))
        #expect(try watcher.roundTrip("MULTI") == Array("+OK\r\n".utf8))
        _ = try watcher.roundTrip("GET", "wk")
        #expect(try watcher.roundTrip("EXEC") == Array("*1\r\n$1\r\n1\r\n".utf8))
        // A committed script: everything goes out, after the script, in order.
        #expect(try c.roundTrip("TXN.EVAL", "redis.call('rpush', 'q', 'y') return 1", "0") == Array(":1\r\n".utf8))
        #expect(try blocked.readReplyBytes() == Array("*2\r\n$1\r\nq\r\n$1\r\ny\r\n".utf8))
        let committed = String(decoding: try mon.readAvailable(timeout: .milliseconds(300)), as: UTF8.self)
        #expect(committed.contains("[0 lua] \"rpush\" \"q\" \"y\""))
        let events = String(decoding: try sub.readAvailable(timeout: .milliseconds(300)), as: UTF8.self)
        #expect(events.contains("__keyevent@0__:rpush"))
        // TXN.MULTI rolled back: same invisibility; the watcher's transaction still runs.
        _ = try watcher.roundTrip("WATCH", "wk")
        #expect(try c.roundTrip("TXN.MULTI") == Array("+OK\r\n".utf8))
        _ = try c.roundTrip("SET", "wk", "3")
        _ = try c.roundTrip("INCR", "wk2")
        _ = try c.roundTrip("HSET", "wk", "a", "b")
        #expect(try c.roundTrip("EXEC").starts(with: Array("-EXECABORT Transaction rolled back: command #3 (hset)".utf8)))
        _ = try watcher.roundTrip("MULTI")
        _ = try watcher.roundTrip("GET", "wk")
        #expect(try watcher.roundTrip("EXEC") == Array("*1\r\n$1\r\n1\r\n".utf8))
        #expect(try sub.expectNoReply(within: .milliseconds(200)))
    }

    /// A key that expires during the script (the clock is frozen in it): the lazy delete is
    /// part of the script's changes; after a rollback the key is back (still logically
    /// expired) and expires normally.
    @Test func expiryDuringTheScript() throws {
        let server = try ServerProcess.structd(args: T.serverArgs)
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        _ = try c.roundTrip("CONFIG", "SET", "notify-keyspace-events", "Ex")
        let sub = try RawConnection(port: server.port)
        _ = try sub.roundTrip("SUBSCRIBE", "__keyevent@0__:expired")
        _ = try c.roundTrip("DEBUG", "SET-ACTIVE-EXPIRE", "0")
        _ = try c.roundTrip("SET", "e", "v", "PX", "20")
        sleepBriefly(.milliseconds(60))
        #expect(try c.roundTrip("TXN.EVAL", "local v = redis.call('get', 'e') redis.call('set', 'x', 'y') error('no')", "0").first == UInt8(ascii: "-"))
        #expect(try sub.expectNoReply(within: .milliseconds(200)))
        #expect(try c.roundTrip("EXISTS", "x") == Array(":0\r\n".utf8))
        // The key is still there for the server (DBSIZE counts it), logically expired.
        #expect(try c.roundTrip("DBSIZE") == Array(":1\r\n".utf8))
        #expect(try c.roundTrip("GET", "e") == Array("$-1\r\n".utf8))
        #expect(try sub.readReplyBytes() == Array("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$1\r\ne\r\n".utf8))
        #expect(try c.roundTrip("DBSIZE") == Array(":0\r\n".utf8))
    }

    /// The rule, for each of TXN.EVAL, TXN.ESHA (by alias) and TXN.MULTI: what a rolled-back
    /// transaction did never reaches another client — no PUBLISH message, no keyspace
    /// notification, no client-tracking invalidation (RESP3 push or redirection), no MONITOR
    /// line for its commands, no wake-up of a client blocked on a pushed list, no WATCH
    /// invalidation; the same transaction committed delivers all of them, after it, in order.
    @Test(arguments: ["TXN.EVAL", "TXN.ESHA", "TXN.MULTI"])
    func heldEffectsNeverEscapeARollback(mode: String) throws {
        let server = try ServerProcess.structd(args: ["--notify-keyspace-events", "KEA"])
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let sub = try RawConnection(port: server.port)
        let mon = try RawConnection(port: server.port)
        let blocked = try RawConnection(port: server.port, timeout: .seconds(10))
        let watcher = try RawConnection(port: server.port)
        let tracker = try RawConnection(port: server.port)
        let redirectTarget = try RawConnection(port: server.port)
        let redirected = try RawConnection(port: server.port)
        _ = try c.roundTrip("SET", "wk", "1")
        _ = try sub.roundTrip("PSUBSCRIBE", "__key*__:*")
        _ = try sub.roundTrip("SUBSCRIBE", "chan")
        _ = try tracker.roundTrip("HELLO", "3")
        #expect(try tracker.roundTrip("CLIENT", "TRACKING", "ON") == Array("+OK\r\n".utf8))
        let targetID = String(decoding: try redirectTarget.roundTrip("CLIENT", "ID").dropFirst().dropLast(2), as: UTF8.self)
        _ = try redirectTarget.roundTrip("SUBSCRIBE", "__redis__:invalidate")
        #expect(try redirected.roundTrip("CLIENT", "TRACKING", "ON", "REDIRECT", targetID) == Array("+OK\r\n".utf8))
        #expect(try mon.roundTrip("MONITOR") == Array("+OK\r\n".utf8))
        let body = "redis.call('rpush', 'q', ARGV[1]) redis.call('set', 'wk', ARGV[1]) local n = redis.call('publish', 'chan', ARGV[1]) "
        let failing = body + "error('undo')", passing = body + "return n"
        if mode == "TXN.ESHA" {
            _ = try c.roundTrip("SCRIPT", "LOAD", failing, "failing")
            _ = try c.roundTrip("SCRIPT", "LOAD", passing, "passing")
        }
        /// Runs the transaction writing `value`; its reply.
        func transaction(fail: Bool, value: String) throws -> [UInt8] {
            switch mode {
            case "TXN.EVAL": return try c.roundTrip("TXN.EVAL", fail ? failing : passing, "0", value)
            case "TXN.ESHA": return try c.roundTrip("TXN.ESHA", fail ? "failing" : "passing", "0", value)
            default:
                _ = try c.roundTrip("TXN.MULTI")
                for cmd in [["RPUSH", "q", value], ["SET", "wk", value], ["PUBLISH", "chan", value]] + (fail ? [["HSET", "wk", "a", "b"]] : []) {
                    #expect(try c.roundTrip(contentsOf: cmd) == Array("+QUEUED\r\n".utf8))
                }
                return try c.roundTrip("EXEC")
            }
        }
        func arm() throws {
            // Tracking remembers wk for both tracking clients; the watcher watches it; BLPOP waits.
            _ = try tracker.roundTrip("GET", "wk")
            _ = try redirected.roundTrip("GET", "wk")
            _ = try watcher.roundTrip("WATCH", "wk")
            try blocked.send(command: ["BLPOP", "q", "10"])
            sleepBriefly(.milliseconds(100))
            _ = try mon.readAvailable()
        }
        try arm()
        let failed = try transaction(fail: true, value: "gone")
        #expect(failed.first == UInt8(ascii: "-"), "\(mode): \(RESPFramer.escape(failed))")
        #expect(try sub.expectNoReply(within: .milliseconds(300)), "\(mode): a notification or message escaped")
        #expect(try tracker.expectNoReply(within: .milliseconds(100)), "\(mode): a tracking push escaped")
        #expect(try redirectTarget.expectNoReply(within: .milliseconds(100)), "\(mode): a redirected invalidation escaped")
        #expect(try blocked.expectNoReply(within: .milliseconds(100)), "\(mode): the blocked client was woken")
        let rolledBackLines = String(decoding: try mon.readAvailable(timeout: .milliseconds(200)), as: UTF8.self)
        #expect(!rolledBackLines.contains("lua]") && !rolledBackLines.contains("\"RPUSH\"") && !rolledBackLines.contains("\"PUBLISH\""),
                "\(mode): MONITOR saw rolled-back commands: \(rolledBackLines)")
        #expect(try c.roundTrip("GET", "wk") == Array("$1\r\n1\r\n".utf8))
        _ = try watcher.roundTrip("MULTI")
        _ = try watcher.roundTrip("GET", "wk")
        #expect(try watcher.roundTrip("EXEC") == Array("*1\r\n$1\r\n1\r\n".utf8), "\(mode): the WATCH was touched")
        // Committed: everything arrives.
        try arm()
        let committed = try transaction(fail: false, value: "kept")
        #expect(committed.first != UInt8(ascii: "-"), "\(mode): \(RESPFramer.escape(committed))")
        if mode != "TXN.MULTI" { #expect(committed == Array(":1\r\n".utf8)) }
        #expect(try blocked.readReplyBytes() == Array("*2\r\n$1\r\nq\r\n$4\r\nkept\r\n".utf8))
        #expect(try tracker.readReplyBytes() == Array(">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nwk\r\n".utf8))
        #expect(try redirectTarget.readReplyBytes() == Array("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$2\r\nwk\r\n".utf8))
        var events = ""
        for _ in 0..<20 where !events.contains("$4\r\nchan\r\n$4\r\nkept") {
            events += String(decoding: try sub.readAvailable(timeout: .milliseconds(100)), as: UTF8.self)
        }
        let rpush = events.range(of: "__keyevent@0__:rpush"), set = events.range(of: "__keyevent@0__:set"), message = events.range(of: "$4\r\nchan\r\n$4\r\nkept")
        #expect(rpush != nil && set != nil && message != nil, "\(mode): \(events)")
        if let rpush, let set, let message { #expect(rpush.lowerBound < set.lowerBound && set.lowerBound < message.lowerBound, "\(mode): out of order: \(events)") }
        let lines = String(decoding: try mon.readAvailable(timeout: .milliseconds(200)), as: UTF8.self)
        #expect(lines.contains(mode == "TXN.MULTI" ? "\"PUBLISH\" \"chan\" \"kept\"" : "lua] \"publish\" \"chan\" \"kept\""), "\(mode): \(lines)")
        _ = try watcher.roundTrip("MULTI")
        #expect(try watcher.roundTrip("EXEC") == Array("*-1\r\n".utf8), "\(mode): the WATCH was not touched by the commit")
    }

    /// FLUSHALL with save points configured rewrites the snapshot at once (Redis); inside a
    /// transactional scope that save waits for the commit: a rolled-back FLUSHALL writes
    /// nothing and sends no null invalidation to tracking clients.
    @Test func flushAllSaveWaitsForCommit() throws {
        let server = try ServerProcess.structd(args: ["--save", "3600 1"])
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let tracker = try RawConnection(port: server.port)
        _ = try tracker.roundTrip("HELLO", "3")
        _ = try tracker.roundTrip("CLIENT", "TRACKING", "ON")
        _ = try c.roundTrip("SET", "k", "v")
        _ = try tracker.roundTrip("GET", "k")
        let dump = server.directory + "/dump.rdb"
        #expect(access(dump, F_OK) != 0)
        #expect(try c.roundTrip("TXN.EVAL", "redis.call('flushall') redis.call('set', 'after', '1') error('undo')", "0").first == UInt8(ascii: "-"))
        #expect(access(dump, F_OK) != 0, "a rolled-back FLUSHALL wrote the snapshot")
        #expect(try tracker.expectNoReply(within: .milliseconds(200)))
        #expect(try c.roundTrip("GET", "k") == Array("$1\r\nv\r\n".utf8))
        _ = try c.roundTrip("TXN.MULTI")
        _ = try c.roundTrip("FLUSHALL")
        _ = try c.roundTrip("SET", "s", "x")
        _ = try c.roundTrip("HSET", "s", "f", "v")
        #expect(try c.roundTrip("EXEC").starts(with: Array("-EXECABORT Transaction rolled back: command #3 (hset)".utf8)))
        #expect(access(dump, F_OK) != 0, "a rolled-back FLUSHALL wrote the snapshot")
        #expect(try tracker.expectNoReply(within: .milliseconds(200)))
        // Committed: saved once the script is done (with what it did after FLUSHALL).
        #expect(try c.roundTrip("TXN.EVAL", "redis.call('flushall') redis.call('set', 'after', '1') return 1", "0") == Array(":1\r\n".utf8))
        let saved = FileManager.default.contents(atPath: dump).map { [UInt8]($0) } ?? []
        #expect(saved.starts(with: Array("REDIS".utf8)))
        #expect(saved.firstRange(of: Array("after".utf8)) != nil && saved.firstRange(of: Array("\u{1}k\u{1}v".utf8)) == nil)
        #expect(try tracker.readReplyBytes() == Array(">2\r\n$10\r\ninvalidate\r\n_\r\n".utf8))
        #expect(try c.roundTrip("DBSIZE") == Array(":1\r\n".utf8))
    }

    /// TXN.MULTI refuses what would write uncommitted changes to a snapshot (BGSAVE, DEBUG
    /// RELOAD): EXECABORT before anything runs.
    @Test func snapshotWritersAreRefusedInTxnMulti() throws {
        let server = try ServerProcess.structd(args: T.serverArgs)
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        for (cmd, name) in [(["BGSAVE"], "bgsave"), (["DEBUG", "RELOAD"], "debug")] {
            _ = try c.roundTrip("TXN.MULTI")
            _ = try c.roundTrip("SET", "before", "1")
            #expect(try c.roundTrip(contentsOf: cmd) == Array("+QUEUED\r\n".utf8))
            let reply = String(decoding: try c.roundTrip("EXEC"), as: UTF8.self)
            #expect(reply.hasPrefix("-EXECABORT Transaction rolled back: command #2 (\(name)) failed: ERR ") && reply.contains("can not run in a TXN.MULTI transaction"), "\(reply)")
            #expect(try c.roundTrip("EXISTS", "before") == Array(":0\r\n".utf8))
        }
        // Other DEBUG subcommands run.
        _ = try c.roundTrip("TXN.MULTI")
        _ = try c.roundTrip("SET", "x", "1")
        _ = try c.roundTrip("DEBUG", "DIGEST-VALUE", "x")
        #expect(try c.roundTrip("EXEC").starts(with: Array("*2\r\n+OK\r\n".utf8)))
    }

    /// State outside the keyspace that a TXN.MULTI changes is undone too: function libraries
    /// (the very library objects come back, with their functions' state), script aliases,
    /// and the client's selected database.
    @Test func librariesAliasesAndSelectRollBack() throws {
        let server = try ServerProcess.structd(args: T.serverArgs)
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let counter = "#!lua name=lib1\nlocal n = 0\nredis.register_function('cnt', function() n = n + 1 return n end)"
        _ = try c.roundTrip("FUNCTION", "LOAD", counter)
        #expect(try c.roundTrip("FCALL", "cnt", "0") == Array(":1\r\n".utf8))
        _ = try c.roundTrip("SCRIPT", "LOAD", "return 'one'", "a1")
        let dump = try c.roundTrip("FUNCTION", "DUMP")
        let aliases = try c.roundTrip("SCRIPT", "ALIASES")
        let other = "#!lua name=lib2\nredis.register_function('other', function() return 2 end)"
        let groups: [[[String]]] = [
            [["FUNCTION", "LOAD", "REPLACE", "#!lua name=lib1\nredis.register_function('cnt', function() return -1 end)"],
             ["FUNCTION", "LOAD", other]],
            [["FUNCTION", "DELETE", "lib1"], ["FUNCTION", "LOAD", other]],
            [["FUNCTION", "FLUSH"]],
            [["FUNCTION", "LOAD", other], ["FUNCTION", "FLUSH"], ["FUNCTION", "LOAD", other]],
            [["SCRIPT", "LOAD", "return 'two'", "a1", "REPLACE"], ["SCRIPT", "LOAD", "return 'three'", "a3"]],
            [["SCRIPT", "UNALIAS", "a1"]],
            [["SELECT", "3"], ["SET", "indb3", "1"]],
        ]
        var expectedCount = 1
        for group in groups {
            _ = try c.roundTrip("TXN.MULTI")
            for cmd in group + [["SET", "str", "x"], ["LPUSH", "str", "y"]] { _ = try c.roundTrip(contentsOf: cmd) }
            let reply = String(decoding: try c.roundTrip("EXEC"), as: UTF8.self)
            #expect(reply.hasPrefix("-EXECABORT Transaction rolled back: command #\(group.count + 2) (lpush)"), "\(group): \(reply)")
            #expect(try c.roundTrip("FUNCTION", "DUMP") == dump, "\(group)")
            #expect(try c.roundTrip("SCRIPT", "ALIASES") == aliases, "\(group)")
            expectedCount += 1
            #expect(try c.roundTrip("FCALL", "cnt", "0") == Array(":\(expectedCount)\r\n".utf8), "\(group): the library's state was lost")
            #expect(try c.roundTrip("EVALSHA", "a1", "0") == Array("$3\r\none\r\n".utf8), "\(group)")
            #expect(try c.roundTrip("EXISTS", "str") == Array(":0\r\n".utf8), "\(group): still in database 0")
        }
        // Committed, the same changes stay.
        _ = try c.roundTrip("TXN.MULTI")
        _ = try c.roundTrip("FUNCTION", "LOAD", other)
        _ = try c.roundTrip("SCRIPT", "UNALIAS", "a1")
        _ = try c.roundTrip("SELECT", "3")
        #expect(try c.roundTrip("EXEC") == Array("*3\r\n$4\r\nlib2\r\n:1\r\n+OK\r\n".utf8))
        #expect(try c.roundTrip("FCALL", "other", "0") == Array(":2\r\n".utf8))
        #expect(try c.roundTrip("SCRIPT", "ALIASES") == Array("*0\r\n".utf8))
        _ = try c.roundTrip("SET", "in3", "1")
        _ = try c.roundTrip("SELECT", "0")
        #expect(try c.roundTrip("EXISTS", "in3") == Array(":0\r\n".utf8))
    }

    /// TXN.MULTI: all or nothing; nested TXN.EVAL; replies off; nesting and DISCARD.
    @Test func transactionsAllOrNothing() throws {
        let server = try ServerProcess.structd(args: T.serverArgs)
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        #expect(try c.roundTrip("TXN.MULTI") == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("TXN.EVAL", "redis.call('set', 'inner', '1') return 1", "0") == Array("+QUEUED\r\n".utf8))
        #expect(try c.roundTrip("TXN.EVAL", "redis.call('set', 'inner2', '1') error('x')", "0") == Array("+QUEUED\r\n".utf8))
        #expect(try c.roundTrip("SET", "after", "1") == Array("+QUEUED\r\n".utf8))
        #expect(try c.roundTrip("EXEC").starts(with: Array("-EXECABORT Transaction rolled back: command #2 (txn.eval) failed: ERR user_script:1: x script:".utf8)))
        #expect(try c.roundTrip("EXISTS", "inner", "inner2", "after") == Array(":0\r\n".utf8))
        // A successful TXN.MULTI is MULTI.
        _ = try c.roundTrip("TXN.MULTI")
        _ = try c.roundTrip("TXN.EVAL", "return redis.call('incr', 'n')", "0")
        _ = try c.roundTrip("INCR", "n")
        #expect(try c.roundTrip("EXEC") == Array("*2\r\n:1\r\n:2\r\n".utf8))
        // Inside MULTI it is refused; MULTI after TXN.MULTI ... DISCARD is a plain MULTI.
        _ = try c.roundTrip("MULTI")
        #expect(try c.roundTrip("TXN.MULTI") == Array("-ERR Command not allowed inside a transaction\r\n".utf8))
        #expect(try c.roundTrip("EXEC") == Array("-EXECABORT Transaction discarded because of previous errors.\r\n".utf8))
        _ = try c.roundTrip("TXN.MULTI")
        _ = try c.roundTrip("DISCARD")
        _ = try c.roundTrip("MULTI")
        _ = try c.roundTrip("SET", "m", "1")
        _ = try c.roundTrip("HSET", "m", "a", "b")
        #expect(try c.roundTrip("EXEC") == Array("*2\r\n+OK\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n".utf8))
        #expect(try c.roundTrip("EXISTS", "m") == Array(":1\r\n".utf8))
        // CLIENT REPLY OFF: nothing is sent, the rollback still happens.
        try c.send(command: ["CLIENT", "REPLY", "OFF"])
        try c.send(command: ["TXN.EVAL", "redis.call('set', 'quiet', '1') error('x')", "0"])
        try c.send(command: ["CLIENT", "REPLY", "ON"])
        #expect(try c.readReplyBytes() == Array("+OK\r\n".utf8))
        #expect(try c.roundTrip("EXISTS", "quiet") == Array(":0\r\n".utf8))
        // A script that catches an error with pcall and succeeds keeps its changes.
        #expect(try c.roundTrip("TXN.EVAL", "redis.call('set', 'kept', '1') redis.pcall('incr', 'm') return 1", "0") == Array(":1\r\n".utf8))
        #expect(try c.roundTrip("EXISTS", "kept") == Array(":1\r\n".utf8))
    }
}
