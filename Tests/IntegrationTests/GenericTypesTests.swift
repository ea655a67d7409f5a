// The generic key commands over every type (issue 3): TYPE, OBJECT ENCODING, EXISTS, DEL,
// COPY, RENAME, MOVE, DEBUG OBJECT, DEBUG DIGEST and DEBUG DIGEST-VALUE on lists, hashes,
// sets and sorted sets in each of their encodings.
//
// (a) Differential against redis-server 7.0.15: the same dataset (every type, every
//     encoding, some keys with a TTL, two databases) is built on both servers, then every
//     generic command is run on every key and the replies compared byte for byte; DEBUG
//     OBJECT is compared field by field except the address and the LRU fields; DEBUG DIGEST
//     must be equal (Redis's order-independent digest of the whole dataset), before and
//     after COPY / RENAME / MOVE shuffle the keys around.
// (b) Seeded random sequences of type commands mixed with COPY, RENAME, MOVE and DEL over a
//     few keys, with DEBUG DIGEST checked along the way.
// (c) COPY is a deep copy: changing the copy never changes the source (checked through
//     DIGEST-VALUE), in every encoding.

import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct GenericTypesTests {
    /// DEBUG is refused by default (enable-debug-command no); these tests need it.
    static let debug = ["--enable-debug-command", "yes"]

    /// DEBUG OBJECT lines without the fields that legitimately differ (address, LRU).
    static let debugObject: Comparison = .custom { expected, actual in
        func fields(_ frame: [UInt8]) -> [Substring] {
            String(decoding: frame, as: UTF8.self).split(separator: " ").filter {
                !$0.hasPrefix("at:") && !$0.hasPrefix("lru:") && !$0.hasPrefix("lru_seconds_idle:")
            }
        }
        return fields(expected) == fields(actual)
    }

    /// Commands building one key of each type in each encoding (thresholds lowered first so
    /// the big encodings need few elements; one big list goes past the default sizes).
    static var dataset: [DiffStep] {
        var steps: [DiffStep] = [
            ["CONFIG", "SET", "hash-max-listpack-entries", "4"], ["CONFIG", "SET", "set-max-intset-entries", "4"],
            ["CONFIG", "SET", "zset-max-listpack-entries", "4"], ["CONFIG", "SET", "list-max-listpack-size", "4"],
            ["SET", "str:int", "12345"], ["SET", "str:emb", "hello"], ["SET", "str:raw", String(repeating: "r", count: 60)],
            ["RPUSH", "list:small", "a", "1", "b"], ["RPUSH", "list:nodes", "1", "2", "3", "4", "5", "6", "7", "8", "9", "x", "y"],
            ["LPUSH", "list:big", String(repeating: "big", count: 30), "-17", "9223372036854775807"],
            ["HSET", "hash:lp", "f1", "v1", "f2", "22"], ["HSET", "hash:ht", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5"],
            ["HSET", "hash:long", "f", String(repeating: "v", count: 70)],
            ["SADD", "set:int", "1", "-5", "300", "70000"], ["SADD", "set:ht", "a", "b", "c"],
            ["SADD", "set:bigint", "1", "2", "3", "4", "5", "6"],
            ["ZADD", "zset:lp", "1", "a", "2.5", "b", "-inf", "c"], ["ZADD", "zset:sl", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"],
            ["ZADD", "zset:long", "0.1", String(repeating: "m", count: 70)],
            ["EXPIRE", "list:small", "1000"], ["EXPIRE", "hash:ht", "1000"], ["PEXPIRE", "set:int", "100000"],
            ["EXPIRE", "zset:sl", "1000"],
            ["SELECT", "1"], ["RPUSH", "list:small", "other", "db"], ["SADD", "set:ht", "x"], ["SELECT", "0"],
        ]
        var big = ["RPUSH", "list:huge"]
        for i in 0..<300 { big.append(i % 3 == 0 ? String(i) : "element-\(i)") }
        steps.append(DiffStep(big))
        return steps
    }

    static let keys = ["str:int", "str:emb", "str:raw", "list:small", "list:nodes", "list:big", "list:huge",
                       "hash:lp", "hash:ht", "hash:long", "set:int", "set:ht", "set:bigint",
                       "zset:lp", "zset:sl", "zset:long"]

    static var perKeySteps: [DiffStep] {
        var steps: [DiffStep] = [["DEBUG", "DIGEST"], ["DBSIZE"]]
        for k in keys {
            steps += [
                ["TYPE", k], ["OBJECT", "ENCODING", k], ["EXISTS", k, k], ["DEBUG", "DIGEST-VALUE", k],
                DiffStep(["DEBUG", "OBJECT", k], compare: debugObject), ["OBJECT", "REFCOUNT", k],
                ["TTL", k],
            ]
        }
        return steps
    }

    @Test func everyTypeAndEncodingRESP2() throws {
        var steps = Self.dataset + Self.perKeySteps
        // COPY (same and other database, REPLACE), then compare the copies.
        for k in Self.keys {
            steps += [
                ["COPY", k, k + ":copy"], ["COPY", k, k + ":copy"], ["COPY", k, "list:small", "REPLACE"],
                ["TYPE", k + ":copy"], ["OBJECT", "ENCODING", k + ":copy"], ["DEBUG", "DIGEST-VALUE", k + ":copy"],
                ["TTL", k + ":copy"], ["COPY", k, k, "DB", "2"],
            ]
        }
        steps += [["DEBUG", "DIGEST"], ["SELECT", "2"], ["DEBUG", "DIGEST"], ["DBSIZE"], ["SELECT", "0"]]
        // RENAME and MOVE every key, then delete them all.
        for k in Self.keys {
            steps += [
                ["RENAME", k, k + ":renamed"], ["RENAMENX", k + ":renamed", "str:int:copy"], ["TYPE", k + ":renamed"],
                ["OBJECT", "ENCODING", k + ":renamed"], ["MOVE", k + ":renamed", "3"], ["MOVE", k + ":copy", "2"],
            ]
        }
        steps += [["DEBUG", "DIGEST"], ["SELECT", "3"], ["DEBUG", "DIGEST"], ["KEYS", "*"]]
        steps.append(DiffStep(["DEL"] + Self.keys.map { $0 + ":renamed" }))
        steps += [["DBSIZE"], ["SELECT", "0"], ["DEBUG", "DIGEST"], ["FLUSHALL"], ["DEBUG", "DIGEST"]]
        try Differential(serverArgs: Self.debug).check(steps)
    }

    @Test func everyTypeAndEncodingRESP3() throws {
        try Differential(resp3: true, serverArgs: Self.debug).check(Self.dataset + Self.perKeySteps)
    }

    @Test func copiesAreDeep() throws {
        var steps = Self.dataset
        let changes: [String: [[String]]] = [
            "list:small": [["RPUSH", "C", "new"], ["LSET", "C", "0", "changed"]],
            "list:huge": [["LPOP", "C"], ["LINSERT", "C", "BEFORE", "element-5", "ins"]],
            "hash:lp": [["HSET", "C", "f1", "changed"], ["HDEL", "C", "f2"]],
            "hash:ht": [["HINCRBY", "C", "a", "5"], ["HSET", "C", "z", "26"]],
            "set:int": [["SADD", "C", "99"], ["SREM", "C", "1"]],
            "set:ht": [["SADD", "C", "q"], ["SPOP", "C"]],
            "zset:lp": [["ZINCRBY", "C", "5", "a"], ["ZADD", "C", "9", "n"]],
            "zset:sl": [["ZREM", "C", "a"], ["ZADD", "C", "0", "n"]],
        ]
        for (k, ops) in changes.sorted(by: { $0.key < $1.key }) {
            steps += [["DEBUG", "DIGEST-VALUE", k], ["COPY", k, "C", "REPLACE"]]
            for op in ops {
                let isRandom = op.first == "SPOP"
                steps.append(DiffStep(op, compare: isRandom ? .sameType : nil))
            }
            steps += [["DEBUG", "DIGEST-VALUE", k], ["OBJECT", "ENCODING", k], ["TYPE", "C"]]
            if !ops.contains(where: { $0.first == "SPOP" }) { steps.append(["DEBUG", "DIGEST-VALUE", "C"]) }
        }
        try Differential(serverArgs: Self.debug).check(steps)
    }

    @Test func randomGenericSequences() throws {
        let keys = ["a", "b", "c", "d"]
        try Differential(serverArgs: Self.debug).checkRandom(seed: 3, count: 400) { random, index in
            if index % 25 == 24 { return DiffStep(["DEBUG", "DIGEST"]) }
            let k = random.pick(keys), k2 = random.pick(keys)
            let v = random.chance(0.5) ? String(random.int(in: -20...20)) : random.string(length: random.int(in: 1...5))
            switch random.int(in: 0..<16) {
            case 0: return DiffStep(["RPUSH", k, v, random.string(length: 2)])
            case 1: return DiffStep(["LPOP", k])
            case 2: return DiffStep(["HSET", k, random.string(length: 1), v])
            case 3: return DiffStep(["SADD", k, v])
            case 4: return DiffStep(["SREM", k, v])
            case 5: return DiffStep(["ZADD", k, String(random.int(in: -5...5)), v])
            case 6: return DiffStep(["SET", k, v])
            case 7: return DiffStep(["COPY", k, k2] + (random.chance(0.5) ? ["REPLACE"] : []))
            case 8: return DiffStep(["RENAME", k, k2])
            case 9: return DiffStep(["MOVE", k, "1"])
            case 10: return DiffStep(["DEL", k, k2])
            case 11: return DiffStep(["TYPE", k])
            case 12: return DiffStep(["OBJECT", "ENCODING", k])
            case 13: return DiffStep(["DEBUG", "DIGEST-VALUE", k, k2])
            case 14: return DiffStep(["SWAPDB", "0", "1"])
            default: return DiffStep(["EXISTS", k, k2])
            }
        }
    }
}
