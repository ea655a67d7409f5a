// Integration tests for SORT and SORT_RO (SortCommand.swift).
//
// (a) Differential against redis-server 7.0.15, byte for byte, RESP2 and RESP3: lists, sets
//     (intset and hashtable) and sorted sets (listpack and skiplist); numeric and ALPHA
//     order, DESC, LIMIT edge cases (negative, past the end, huge counts), BY with and
//     without '*' ("nosort" keeps the native order, reversed by DESC), BY/GET through
//     string keys and hash fields ("->"), "#", missing keys, STORE (length, contents, TYPE
//     and encoding of the result, deletion on an empty result), SORT_RO refusing STORE,
//     every error (syntax, LIMIT integers, WRONGTYPE, scores that are not doubles), and
//     binary elements and patterns (NUL bytes: ALPHA compares C strings when replying,
//     whole strings when storing).
// (b) Seeded random lists and sorted sets with random weights and random SORT options,
//     compared reply by reply (where Redis's order is defined: ALPHA ties between equal BY
//     weights follow hash-table order for sorted sets, and its partial sort under LIMIT).
//
// Known difference, kept out of the sequences: Redis checks errno after strtod without
// clearing it, so once a SORT met an out-of-range weight, its later numeric sorts of
// non-integer text report "can't be converted" until some failing system call overwrites
// errno. StructD judges every weight on its own.
// (c) The side effect a differential run checks only indirectly: SORT converts a
//     listpack sorted set to a skiplist (OBJECT ENCODING after SORT_RO).

import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct SortTests {
    static let basics: [DiffStep] = [
        ["SET", "s", "x"],
        ["SORT", "s", "BADOPT"], ["SORT", "s"], ["SORT_RO", "s"], ["SORT", "nokey", "BADOPT"], ["SORT", "nokey"],
        ["SORT", "nokey", "STORE", "dst"], ["SORT_RO", "nokey", "STORE", "dst"], ["SORT", "nokey", "LIMIT", "x", "1"],
        ["SORT", "nokey", "LIMIT", "1", "x"], ["SORT", "nokey", "LIMIT", "1"], ["SORT", "nokey", "LIMIT", "1", "2", "3"],
        ["SORT", "nokey", "BY"], ["SORT", "nokey", "GET"], ["SORT", "nokey", "STORE"], ["SORT"],
        ["RPUSH", "l", "3", "1", "2", "10", "1.5", "-7", "0", "-0", "1e2"],
        ["SORT", "l"], ["SORT", "l", "DESC"], ["SORT", "l", "ALPHA"], ["SORT", "l", "alpha", "desc"],
        ["SORT_RO", "l", "LIMIT", "1", "2"], ["SORT", "l", "LIMIT", "-5", "2"], ["SORT", "l", "LIMIT", "1", "-1"],
        ["SORT", "l", "LIMIT", "10", "2"], ["SORT", "l", "LIMIT", "0", "0"], ["SORT", "l", "LIMIT", "8", "5"],
        ["SORT", "l", "LIMIT", "2", "9223372036854775807"], ["SORT", "l", "LIMIT", "-9223372036854775808", "3"],
        ["SORT", "l", "LIMIT", "1", "2", "LIMIT", "3", "1"], ["SORT", "l", "ASC", "DESC", "ASC"],
        ["SORT", "l", "BY", "nosort"], ["SORT", "l", "BY", "nosort", "DESC"], ["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2"],
        ["SORT", "l", "BY", "nosort", "LIMIT", "1", "2"], ["SORT", "l", "BY", "nosort", "LIMIT", "20", "2"],
        ["SORT", "l", "BY", "nosort", "BY", "w_*"], ["SORT", "l", "BY", "w_*", "BY", "nosort"],
        ["SORT", "l", "BY", "w_*"],
        ["MSET", "w_3", "1", "w_1", "3", "w_10", "abc", "w_2", "2.5", "w_0", " 4", "w_-7", "0x10"],
        ["SORT", "l", "BY", "w_*"], ["SORT", "l", "BY", "w_*", "ALPHA"], ["SORT", "l", "BY", "w_*", "ALPHA", "DESC"],
        ["SORT", "l", "BY", "w_*", "ALPHA", "LIMIT", "0", "20"],
        ["SORT", "l", "GET", "#", "GET", "w_*"], ["SORT", "l", "BY", "nosort", "GET", "#", "GET", "w_*", "GET", "nokey"],
        ["SORT", "l", "GET", "w_*", "STORE", "dst"], ["LRANGE", "dst", "0", "-1"], ["TYPE", "dst"], ["OBJECT", "ENCODING", "dst"],
        ["SORT", "l", "STORE", "dst", "STORE", "dst2"], ["EXISTS", "dst"], ["LRANGE", "dst2", "0", "-1"],
        ["SORT_RO", "l", "STORE", "dst"], ["SORT_RO", "l", "GET", "#"],
        ["HSET", "h_1", "f", "5"], ["HSET", "h_3", "f", "2"], ["HSET", "h_10", "f", "x", "g", "9"], ["HSET", "h_2", "f", "-1"],
        ["SORT", "l", "BY", "h_*->f", "GET", "h_*->f", "GET", "#"], ["SORT", "l", "BY", "h_*->g"],
        ["SORT", "l", "BY", "h_*->f", "ALPHA", "GET", "h_*->g"],
        ["SORT", "l", "BY", "h_*->", "GET", "h_*->"], ["SORT", "l", "BY", "*->f"], ["SORT", "l", "GET", "h_*->f->g"],
        ["SORT", "l", "GET", "w_*->f"], ["SORT", "l", "GET", "h_*"], ["SORT", "l", "GET", "h_1->f"], ["SORT", "l", "GET", "#x"],
        ["SORT", "l", "GET", "##"], ["SORT", "l", "BY", "#", "LIMIT", "0", "3"], ["SORT", "l", "BY", "*"],
        ["SET", "pre3post", "p3"], ["SORT", "l", "GET", "pre*post", "ALPHA"],
        ["RPUSH", "bad", "a", "b"], ["SORT", "bad"], ["SORT", "bad", "ALPHA"], ["SORT", "bad", "BY", "nosort"],
        ["SORT", "bad", "LIMIT", "0", "0"], ["SORT", "bad", "STORE", "dst"], ["EXISTS", "dst"],
        ["RPUSH", "sp", " 1", "", "2 ", "\t3", "+4", ".5", "5.", "0x1A", "1e3", "-.5e1"], ["SORT", "sp"],
        ["RPUSH", "l2", "inf", "-inf", "1", "-1"], ["SORT", "l2"], ["SORT", "l2", "DESC"],
        ["RPUSH", "l3", "nan"], ["SORT", "l3"],
        // Ties in numeric order are broken by the elements' bytes, reversed by DESC.
        ["RPUSH", "ties", "b", "a", "c", "a"], ["SORT", "ties", "BY", "none_*"], ["SORT", "ties", "BY", "none_*", "DESC"],
        ["SORT", "ties", "BY", "none_*", "ALPHA"], ["SORT", "ties", "BY", "none_*", "ALPHA", "DESC"],
        // Sets: intset and hashtable.
        ["SADD", "st", "5", "3", "9", "1", "-2"], ["SORT", "st"], ["SORT", "st", "DESC", "LIMIT", "0", "2"], ["SORT", "st", "BY", "nosort"],
        ["SORT", "st", "BY", "nosort", "STORE", "sst"], ["LRANGE", "sst", "0", "-1"],
        ["SADD", "sh", "pear", "apple", "fig", "kiwi", "10"], ["SORT", "sh", "ALPHA"], ["SORT", "sh", "ALPHA", "DESC", "LIMIT", "1", "2"],
        ["SORT", "sh"], ["SORT", "sh", "BY", "nosort", "STORE", "shs"], ["LRANGE", "shs", "0", "-1"],
        ["SORT", "sh", "BY", "nosort", "DESC", "STORE", "shs"], ["LRANGE", "shs", "0", "-1"],
        ["MSET", "k_pear", "1", "k_apple", "2", "k_fig", "3", "k_kiwi", "4", "k_10", "5"],
        ["SORT", "sh", "BY", "k_*"], ["SORT", "sh", "BY", "k_*", "DESC", "GET", "#", "GET", "k_*"],
        // Sorted sets: native order with nosort, converted to skiplist by SORT.
        ["ZADD", "z", "1", "c", "2", "b", "3", "a", "4", "d"], ["OBJECT", "ENCODING", "z"],
        ["SORT", "z", "BY", "nosort"], ["SORT_RO", "z", "BY", "nosort", "DESC", "LIMIT", "1", "5"], ["OBJECT", "ENCODING", "z"],
        ["SORT", "z", "ALPHA"], ["SORT", "z", "BY", "nosort", "LIMIT", "1", "2"], ["SORT", "z", "BY", "nosort", "DESC"],
        ["SORT", "z", "LIMIT", "0", "0", "STORE", "dst"], ["EXISTS", "dst"], ["SORT", "z", "ALPHA", "STORE", "dst"],
        ["LRANGE", "dst", "0", "-1"],
        ["ZADD", "z2", "1", "x"], ["SORT", "z2", "BY", "nosort", "LIMIT", "5", "1"], ["OBJECT", "ENCODING", "z2"],
        // Empty results delete the destination.
        ["SORT", "l", "LIMIT", "0", "0", "STORE", "dst2"], ["EXISTS", "dst2"], ["SORT", "nokey", "STORE", "l"], ["EXISTS", "l"],
        ["SORT", "nokey", "STORE", "nokey2"],
        // GET with several patterns and STORE: missing values are empty strings.
        ["RPUSH", "g", "1", "2", "3"], ["SORT", "g", "GET", "#", "GET", "h_*->f", "GET", "missing_*", "STORE", "gs"],
        ["LRANGE", "gs", "0", "-1"], ["SORT", "g", "GET", "nopattern", "STORE", "gs"], ["LRANGE", "gs", "0", "-1"],
        // A hash is not sortable; a string weight key holding a list is missing.
        ["HSET", "hh", "a", "1"], ["SORT", "hh"], ["RPUSH", "w_1000", "x"], ["RPUSH", "g2", "1000", "3"], ["SORT", "g2", "BY", "w_*"],
        ["SORT", "g2", "GET", "w_*"],
        // Out of range weights (last: Redis reads errno without clearing it first, so after an
        // ERANGE its later numeric sorts of non-integer text fail until errno changes).
        ["RPUSH", "l4", "1e400"], ["SORT", "l4"], ["RPUSH", "l5", "1e-400"], ["SORT", "l5"],
    ]

    /// Same kind of reply, and for arrays the same number of elements.
    static let sameSize: Comparison = .custom { expected, actual in
        guard let e = try? RESPFramer.aggregate(expected), let a = try? RESPFramer.aggregate(actual) else {
            return expected == actual
        }
        return e.type == a.type && e.elements.count == a.elements.count
    }

    @Test func differentialRESP2() throws {
        try Differential().check(Self.basics)
    }

    @Test func differentialRESP3() throws {
        try Differential(resp3: true).check(Self.basics)
    }

    @Test func binaryElementsAndPatterns() throws {
        func cmd(_ parts: [[UInt8]]) -> DiffStep { .raw(RESPFramer.encode(parts)) }
        let b = { (s: String) in Array(s.utf8) }
        try Differential().check([
            cmd([b("RPUSH"), b("bin"), [0x61, 0, 0x7a], [0x61, 0, 0x62], [0x61], [0xff, 0x01], [0x80], [0x61, 0x00]]),
            ["SORT", "bin", "ALPHA"], ["SORT", "bin", "ALPHA", "DESC"],
            ["SORT", "bin", "ALPHA", "STORE", "binstore"], ["LRANGE", "binstore", "0", "-1"],
            ["SORT", "bin", "ALPHA", "DESC", "STORE", "binstore"], ["LRANGE", "binstore", "0", "-1"],
            cmd([b("RPUSH"), b("nums"), [0x31, 0, 0x78], b("2"), [0x30, 0x78, 0x31]]), ["SORT", "nums"],
            cmd([b("SET"), [0x6b, 0x5f, 0x31, 0, 0x78], b("9")]), cmd([b("SET"), b("k_2"), b("1")]),
            cmd([b("SORT"), b("nums"), b("BY"), b("k_*"), b("GET"), b("k_*")]),
            cmd([b("SORT"), b("nums"), b("BY"), [0x6b, 0, 0x2a]]),
            cmd([b("SORT"), b("nums"), b("GET"), [0x23, 0]]), cmd([b("SORT"), b("nums"), b("GET"), [0x23, 0, 0x31]]),
            cmd([b("HSET"), b("hb_2"), [0x66, 0, 0x67], b("v")]),
            cmd([b("SORT"), b("nums"), b("GET"), [0x68, 0x62, 0x5f, 0x2a, 0x2d, 0x3e, 0x66, 0, 0x67]]),
            cmd([b("SORT"), b("nums"), b("GET"), [0x68, 0x62, 0x5f, 0x2a, 0x2d, 0x3e, 0]]),
            cmd([b("SORT"), b("nums"), b("LIMIT"), [0x30, 0], b("1")]),
            cmd([b("SORT"), b("nums"), [0x41, 0x4c, 0x50, 0x48, 0x41, 0, 0x78]]),
        ])
    }

    @Test func randomSorts() throws {
        var steps: [DiffStep] = [["HSET", "hw_0", "f", "1"]]
        var random = SeededRandom(seed: SeededRandom.seed(default: 42))
        // Unique weights per element (ties only where Redis's order is defined too).
        for i in 0..<40 {
            let key = "rl\(i % 4)"
            let values = (0..<random.int(in: 1...12)).map { _ in
                random.chance(0.5) ? String(random.int(in: -50...50)) : random.string(length: random.int(in: 0...4))
            }
            steps.append(DiffStep(["RPUSH", key] + values))
            for v in values where random.chance(0.5) {
                steps.append(DiffStep(["SET", "rw_\(v)", String(random.int(in: -1000...1000)) + "." + String(random.int(in: 0...9))]))
            }
            for v in values where random.chance(0.3) {
                steps.append(DiffStep(["HSET", "rh_\(v)", "f", random.string(length: 3), "n", String(random.int(in: 0...99))]))
            }
            var sort = [random.pick(["SORT", "SORT_RO"]), key]
            if random.chance(0.5) { sort += ["BY", random.pick(["rw_*", "rh_*->f", "rh_*->n", "nosort", "#"])] }
            if random.chance(0.4) { sort += ["LIMIT", String(random.int(in: -2...10)), String(random.int(in: -2...10))] }
            for _ in 0..<random.int(in: 0...2) { sort += ["GET", random.pick(["#", "rw_*", "rh_*->f", "rh_*->n", "none_*"])] }
            if random.chance(0.5) { sort.append("ALPHA") }
            if random.chance(0.5) { sort.append(random.pick(["ASC", "DESC"])) }
            let storing = sort[0] == "SORT" && random.chance(0.3)
            if storing { sort += ["STORE", "rdst"] }
            // ALPHA with a BY pattern can tie (equal or missing weights), and Redis's LIMIT
            // path uses an unstable partial sort: which tied elements make the cut is its
            // own, so only the reply's shape and size are compared there.
            let ties = sort.contains("ALPHA") && sort.contains("BY") && sort.contains("LIMIT")
            steps.append(DiffStep(sort, compare: ties ? Self.sameSize : nil))
            if storing { steps.append(DiffStep(["LRANGE", "rdst", "0", "-1"], compare: ties ? Self.sameSize : nil)) }
        }
        for i in 0..<10 {
            let key = "rz\(i % 2)"
            var zadd = ["ZADD", key]
            for _ in 0..<random.int(in: 1...8) { zadd += [String(random.int(in: -5...5)), random.string(length: 2)] }
            steps.append(DiffStep(zadd))
            var sort = ["SORT", key, "BY", random.pick(["nosort", "rw_*"])]
            if random.chance(0.6) { sort += ["LIMIT", String(random.int(in: -1...6)), String(random.int(in: -1...6))] }
            if random.chance(0.5) { sort.append("DESC") }
            if random.chance(0.5) { sort.append("ALPHA") }
            // Sorted-set members are loaded in hash-table order: ALPHA ties by weight keep it.
            let ties = sort.contains("ALPHA") && sort.contains("rw_*")
            steps.append(DiffStep(sort, compare: ties ? (sort.contains("LIMIT") ? Self.sameSize : .unordered) : nil))
        }
        try Differential().check(steps)
    }

    @Test func sortConvertsListpackSortedSets() throws {
        let server = try ServerProcess.structd(args: ["--enable-debug-command", "yes"])
        defer { server.stop() }
        let c = try server.connect()
        _ = try c.roundTrip("ZADD", "z", "1", "a", "2", "b")
        #expect(try c.roundTrip("OBJECT", "ENCODING", "z") == Array("$8\r\nlistpack\r\n".utf8))
        #expect(try c.roundTrip("SORT_RO", "z", "BY", "nosort") == Array("*2\r\n$1\r\na\r\n$1\r\nb\r\n".utf8))
        #expect(try c.roundTrip("OBJECT", "ENCODING", "z") == Array("$8\r\nskiplist\r\n".utf8))
        #expect(try c.roundTrip("DEBUG", "DIGEST-VALUE", "z").count > 10)
    }
}
