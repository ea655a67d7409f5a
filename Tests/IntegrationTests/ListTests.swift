// List family tests (LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LINDEX LSET LRANGE LTRIM LREM
// LINSERT LPOS LMOVE RPOPLPUSH LMPOP) against redis-server 7.0.15, byte for byte:
//   - a scripted differential over every command, option and error case (wrong types, bad
//     and extreme integers, NUL-terminated option words, empty and binary elements, integer
//     look-alikes such as "007"), in RESP2 and RESP3;
//   - seeded random sequences of list commands on a few keys, under several node fills
//     (list-max-listpack-size 4, 128, -1 and the default -2), replies compared one by one,
//     with DEBUG DIGEST-VALUE and the quicklist layout that DEBUG OBJECT reports (ql_nodes,
//     ql_avg_node, ql_uncompressed_size, serializedlength) compared along the way, so node
//     splits and merges must happen where Redis does them;
//   - OBJECT ENCODING (always "quicklist" in 7.0) and the fill a list keeps from its creation
//     across CONFIG SET list-max-listpack-size, compared with Redis.
// Targeted tests cover what a differential run cannot see: used_memory of a million-element
// list against Redis's, and LRANGE/LPOP/RPOP on a long list staying fast at both ends.

import Foundation
import Glibc
import RESP
import Testing

enum ListFamilyTesting {
    /// DEBUG DIGEST-VALUE and DEBUG OBJECT need the command enabled on both servers.
    static let serverArgs = ["--enable-debug-command", "yes"]

    static func differential(resp3: Bool = false, extra: [String] = []) -> Differential {
        var d = Differential(serverArgs: serverArgs + extra)
        d.resp3 = resp3
        return d
    }

    /// A command with arbitrary bytes as arguments.
    static func binary(_ arguments: [[UInt8]], label: String) -> DiffStep {
        .raw(RESPFramer.encode(arguments), label: label)
    }

    /// DEBUG OBJECT compared without the fields that differ by nature (address, LRU clock).
    static let sameObjectLayout = Comparison.custom { expected, actual in
        func fields(_ frame: [UInt8]) -> [String] {
            String(decoding: frame, as: UTF8.self).split(separator: " ").map(String.init).filter {
                !$0.hasPrefix("at:") && !$0.hasPrefix("lru:") && !$0.hasPrefix("lru_seconds_idle:")
            }
        }
        return fields(expected) == fields(actual)
    }

    static func debugObject(_ key: String) -> DiffStep {
        DiffStep(["DEBUG", "OBJECT", key], compare: sameObjectLayout)
    }
}

@Suite("Lists", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(3)))
struct ListTests {
    typealias T = ListFamilyTesting

    static let big = String(repeating: "B", count: 5000)

    static let script: [DiffStep] = [
        // Pushes: replies, arity, element kinds (integers are stored as integers in a listpack).
        ["LPUSH", "l"], ["RPUSH", "l"], ["LPUSH", "l", "a"],
        ["RPUSH", "l", "b", "c", "1", "-1", "", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
         "007", "-0", "+5", " 7", "1.5", "a\u{0}b", "x\r\ny"],
        ["LRANGE", "l", "0", "-1"], ["LLEN", "l"], ["TYPE", "l"], ["OBJECT", "ENCODING", "l"],
        ["LPUSHX", "nokey", "a"], ["RPUSHX", "nokey", "a", "b"], ["EXISTS", "nokey"],
        ["LPUSHX", "l", "z1", "z2"], ["RPUSHX", "l", "z3"], ["LPUSHX", "l"], ["RPUSHX", "l"],
        ["SET", "s", "str"], ["LPUSH", "s", "a"], ["RPUSH", "s", "a"], ["LPUSHX", "s", "a"], ["RPUSHX", "s", "a"],
        ["LLEN", "s"], ["LLEN", "nokey"], ["LLEN", "l", "x"], ["LLEN"],
        T.binary([Array("RPUSH".utf8), Array("bin".utf8), [0, 255, 128, 13, 10], [], [255], Array("12".utf8)], label: "RPUSH bin <binary>"),
        ["LRANGE", "bin", "0", "-1"],
        // LINDEX: key first, then the index.
        ["LINDEX", "l", "0"], ["LINDEX", "l", "-1"], ["LINDEX", "l", "3"], ["LINDEX", "l", "-3"],
        ["LINDEX", "l", "100"], ["LINDEX", "l", "-100"], ["LINDEX", "l", "x"], ["LINDEX", "l", ""],
        ["LINDEX", "l", "9223372036854775807"], ["LINDEX", "l", "-9223372036854775808"],
        ["LINDEX", "l", "9223372036854775808"], ["LINDEX", "l", " 1"], ["LINDEX", "l", "+1"], ["LINDEX", "l", "01"],
        ["LINDEX", "nokey", "x"], ["LINDEX", "nokey", "0"], ["LINDEX", "s", "x"], ["LINDEX", "l"],
        // LRANGE: integers first, then the key.
        ["LRANGE", "l", "0", "-1"], ["LRANGE", "l", "-100", "100"], ["LRANGE", "l", "5", "2"], ["LRANGE", "l", "-3", "-1"],
        ["LRANGE", "l", "2", "2"], ["LRANGE", "l", "-1", "-1"], ["LRANGE", "l", "100", "200"], ["LRANGE", "l", "-100", "-50"],
        ["LRANGE", "l", "-9223372036854775808", "9223372036854775807"], ["LRANGE", "l", "9223372036854775807", "-9223372036854775808"],
        ["LRANGE", "l", "x", "1"], ["LRANGE", "l", "1", "x"], ["LRANGE", "nokey", "0", "-1"], ["LRANGE", "nokey", "x", "1"],
        ["LRANGE", "s", "0", "-1"], ["LRANGE", "s", "x", "1"], ["LRANGE", "l", "0"],
        // LSET: key first, then the index.
        ["LSET", "l", "0", "new"], ["LSET", "l", "-1", "tail"], ["LSET", "l", "1", "12345"], ["LSET", "l", "2", big],
        ["LSET", "l", "100", "x"], ["LSET", "l", "-100", "x"], ["LSET", "l", "x", "y"], ["LSET", "nokey", "0", "x"],
        ["LSET", "nokey", "x", "y"], ["LSET", "s", "0", "x"], ["LSET", "s", "x", "y"], ["LSET", "l", "0"],
        ["LRANGE", "l", "0", "-1"], ["LSET", "l", "2", "small"], ["LINDEX", "l", "2"],
        // LINSERT.
        ["LINSERT", "l", "BEFORE", "new", "first"], ["LINSERT", "l", "after", "tail", "last"],
        ["LINSERT", "l", "AfTeR", "1", "after-one"], ["LINSERT", "l", "before", "01", "x"], ["LINSERT", "l", "before", "12345", "int"],
        ["LINSERT", "l", "before", "", "empty-pivot"], ["LINSERT", "l", "after", "nope", "x"], ["LINSERT", "l", "middle", "a", "b"],
        ["LINSERT", "nokey", "middle", "a", "b"], ["LINSERT", "nokey", "before", "a", "b"], ["LINSERT", "s", "before", "a", "b"],
        ["LINSERT", "s", "middle", "a", "b"], ["LINSERT", "l", "before", "a"],
        T.binary([Array("LINSERT".utf8), Array("l".utf8), Array("before".utf8) + [0] + Array("junk".utf8), Array("first".utf8), Array("nul-word".utf8)],
                 label: "LINSERT l before\\0junk first nul-word"),
        ["LRANGE", "l", "0", "-1"], ["LLEN", "l"],
        // LPOS: options first, then the key.
        ["RPUSH", "p", "a", "b", "c", "1", "2", "3", "c", "c", "1"],
        ["LPOS", "p", "c"], ["LPOS", "p", "1"], ["LPOS", "p", "01"], ["LPOS", "p", "nope"], ["LPOS", "p", "c", "RANK", "2"],
        ["LPOS", "p", "c", "RANK", "-1"], ["LPOS", "p", "c", "RANK", "-3"], ["LPOS", "p", "c", "RANK", "4"],
        ["LPOS", "p", "c", "COUNT", "0"], ["LPOS", "p", "c", "COUNT", "2"], ["LPOS", "p", "c", "COUNT", "2", "RANK", "2"],
        ["LPOS", "p", "c", "COUNT", "0", "RANK", "-1"], ["LPOS", "p", "c", "MAXLEN", "3"], ["LPOS", "p", "c", "MAXLEN", "2"],
        ["LPOS", "p", "c", "COUNT", "0", "MAXLEN", "7"], ["LPOS", "p", "c", "RANK", "-1", "MAXLEN", "2"],
        ["LPOS", "p", "c", "RANK", "-1", "MAXLEN", "1"], ["LPOS", "p", "nope", "COUNT", "5"],
        ["LPOS", "p", "c", "RANK", "0"], ["LPOS", "p", "c", "RANK", "x"], ["LPOS", "p", "c", "COUNT", "-1"],
        ["LPOS", "p", "c", "COUNT", "x"], ["LPOS", "p", "c", "MAXLEN", "-1"], ["LPOS", "p", "c", "MAXLEN", "x"],
        ["LPOS", "p", "c", "RANK"], ["LPOS", "p", "c", "foo"], ["LPOS", "p", "c", "COUNT", "1", "COUNT", "2"],
        ["LPOS", "p", "c", "RANK", "-9223372036854775808"], ["LPOS", "p", "c", "RANK", "-9223372036854775808", "COUNT", "2"],
        ["LPOS", "p", "c", "RANK", "9223372036854775807"], ["LPOS", "p", "c", "COUNT", "9223372036854775807"],
        ["LPOS", "nokey", "a"], ["LPOS", "nokey", "a", "COUNT", "0"], ["LPOS", "nokey", "a", "RANK", "0"],
        ["LPOS", "s", "a"], ["LPOS", "s", "a", "RANK", "0"], ["LPOS", "p"],
        T.binary([Array("LPOS".utf8), Array("p".utf8), Array("c".utf8), Array("rank".utf8) + [0, 120], Array("2".utf8)],
                 label: "LPOS p c rank\\0x 2"),
        // LREM.
        ["RPUSH", "r", "a", "b", "a", "c", "a", "b", "a", "1", "1"],
        ["LREM", "r", "1", "a"], ["LREM", "r", "-1", "a"], ["LRANGE", "r", "0", "-1"], ["LREM", "r", "0", "b"],
        ["LREM", "r", "5", "nope"], ["LREM", "r", "-9223372036854775808", "a"], ["LREM", "r", "2", "01"], ["LREM", "r", "9", "1"],
        ["LRANGE", "r", "0", "-1"], ["LREM", "r", "x", "a"], ["LREM", "nokey", "x", "a"], ["LREM", "nokey", "0", "a"],
        ["LREM", "s", "0", "a"], ["LREM", "s", "x", "a"], ["LREM", "r", "0", "c"], ["EXISTS", "r"], ["LREM", "r", "0"],
        // LTRIM: integers first; trimming everything deletes the key.
        ["RPUSH", "t", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
        ["LTRIM", "t", "1", "-2"], ["LRANGE", "t", "0", "-1"], ["LTRIM", "t", "-100", "100"], ["LTRIM", "t", "2", "4"],
        ["LRANGE", "t", "0", "-1"], ["LTRIM", "t", "-9223372036854775808", "9223372036854775807"], ["LLEN", "t"],
        ["LTRIM", "t", "x", "1"], ["LTRIM", "nokey", "x", "1"], ["LTRIM", "nokey", "0", "1"], ["LTRIM", "s", "0", "1"],
        ["LTRIM", "s", "x", "1"], ["LTRIM", "t", "5", "2"], ["EXISTS", "t"], ["RPUSH", "t", "a", "b"],
        ["LTRIM", "t", "2", "10"], ["EXISTS", "t"], ["RPUSH", "t", "a"], ["LTRIM", "t", "0", "0"], ["LRANGE", "t", "0", "-1"],
        // LPOP / RPOP: COUNT first, then the key.
        ["RPUSH", "q", "a", "b", "c", "d", "e", "f", "g"],
        ["LPOP", "q"], ["RPOP", "q"], ["LPOP", "q", "2"], ["RPOP", "q", "2"], ["LPOP", "q", "0"], ["RPOP", "q", "0"],
        ["LPOP", "q", "-1"], ["LPOP", "q", "x"], ["RPOP", "q", "1.0"], ["LPOP", "q", "1", "2"], ["LPOP", "q", "9223372036854775807"],
        ["EXISTS", "q"], ["LPOP", "q"], ["LPOP", "q", "1"], ["LPOP", "q", "0"], ["RPOP", "q", "x"], ["RPOP", "q", "-1"],
        ["LPOP", "s"], ["LPOP", "s", "0"], ["LPOP", "s", "x"], ["RPOP", "s", "2"], ["LPOP"],
        ["RPUSH", "q", "1", "2", "3"], ["RPOP", "q", "5"], ["EXISTS", "q"],
        // LMOVE / RPOPLPUSH: every direction, rotation of one list, creation and deletion.
        ["RPUSH", "m", "1", "2", "3", "4"],
        ["LMOVE", "m", "m2", "LEFT", "RIGHT"], ["LMOVE", "m", "m2", "RIGHT", "LEFT"], ["LMOVE", "m", "m2", "left", "left"],
        ["LMOVE", "m", "m2", "right", "right"], ["EXISTS", "m"], ["LRANGE", "m2", "0", "-1"],
        ["LMOVE", "m2", "m2", "LEFT", "RIGHT"], ["LRANGE", "m2", "0", "-1"], ["LMOVE", "m2", "m2", "RIGHT", "LEFT"],
        ["LMOVE", "m2", "m2", "LEFT", "LEFT"], ["LMOVE", "m2", "m2", "RIGHT", "RIGHT"], ["LRANGE", "m2", "0", "-1"],
        ["RPOPLPUSH", "m2", "m2"], ["RPOPLPUSH", "m2", "m3"], ["LRANGE", "m2", "0", "-1"], ["LRANGE", "m3", "0", "-1"],
        ["RPUSH", "one", "x"], ["RPOPLPUSH", "one", "one"], ["LRANGE", "one", "0", "-1"], ["LMOVE", "one", "one", "LEFT", "RIGHT"],
        ["LMOVE", "nokey", "m2", "LEFT", "LEFT"], ["RPOPLPUSH", "nokey", "m2"], ["LMOVE", "m2", "s", "LEFT", "LEFT"],
        ["LMOVE", "s", "m2", "LEFT", "LEFT"], ["LMOVE", "nokey", "s", "LEFT", "LEFT"], ["RPOPLPUSH", "m2", "s"],
        ["LMOVE", "m2", "m3", "UP", "LEFT"], ["LMOVE", "m2", "m3", "LEFT", "DOWN"], ["LMOVE", "nokey", "m3", "UP", "LEFT"],
        ["LMOVE", "m2", "m3", "LEFT"], ["RPOPLPUSH", "m2"],
        T.binary([Array("LMOVE".utf8), Array("m3".utf8), Array("m3".utf8), Array("left".utf8) + [0], Array("RIGHT".utf8) + [0, 1]],
                 label: "LMOVE m3 m3 left\\0 RIGHT\\0\\1"),
        ["LRANGE", "m3", "0", "-1"],
        // LMPOP.
        ["RPUSH", "mp1", "a", "b", "c"], ["RPUSH", "mp2", "1", "2", "3", "4", "5"],
        ["LMPOP", "2", "nokey", "mp1", "LEFT"], ["LMPOP", "2", "mp1", "mp2", "RIGHT", "COUNT", "2"],
        ["LMPOP", "1", "mp2", "left", "count", "10"], ["EXISTS", "mp2"], ["LMPOP", "2", "nokey", "mp2", "LEFT"],
        ["LMPOP", "3", "mp1", "nokey", "s", "LEFT"], ["LMPOP", "2", "nokey", "s", "LEFT"], ["LMPOP", "2", "s", "mp1", "LEFT"],
        ["LMPOP", "0", "mp1", "LEFT"], ["LMPOP", "-1", "mp1", "LEFT"], ["LMPOP", "x", "mp1", "LEFT"],
        ["LMPOP", "2", "mp1", "LEFT"], ["LMPOP", "1", "mp1", "MIDDLE"], ["LMPOP", "1", "mp1", "LEFT", "COUNT", "0"],
        ["LMPOP", "1", "mp1", "LEFT", "COUNT", "-1"], ["LMPOP", "1", "mp1", "LEFT", "COUNT", "x"],
        ["LMPOP", "1", "mp1", "LEFT", "COUNT", "1", "COUNT", "1"], ["LMPOP", "1", "mp1", "LEFT", "COUNT"],
        ["LMPOP", "1", "mp1", "LEFT", "foo"], ["LMPOP", "9223372036854775807", "mp1", "LEFT"],
        ["LMPOP", "9223372036854775808", "mp1", "LEFT"], ["LMPOP", "1", "nokey", "LEFT"], ["LMPOP", "1", "nokey", "LEFT", "COUNT", "0"],
        ["LMPOP", "1", "mp1"], ["LMPOP", "1"],
        ["LMPOP", "1", "mp1", "RIGHT", "COUNT", "9223372036854775807"], ["EXISTS", "mp1"],
        // Big elements next to small ones, and long ranges.
        ["RPUSH", "bigl", big, "x", big, "1", big], ["LRANGE", "bigl", "0", "-1"], ["LINDEX", "bigl", "2"], ["LPOS", "bigl", big, "COUNT", "0"],
        ["LINSERT", "bigl", "after", "x", big], ["LREM", "bigl", "2", big], ["LRANGE", "bigl", "0", "-1"],
        DiffStep(["RPUSH", "long"] + (0..<700).map { "element:\($0)" }),
        ["LRANGE", "long", "0", "99"], ["LRANGE", "long", "0", "599"], ["LRANGE", "long", "-650", "-50"],
        ["LPOP", "long", "300"], ["RPOP", "long", "300"], ["LLEN", "long"],
        // Digests and layouts.
        ["DEBUG", "DIGEST-VALUE", "l", "p", "m2", "m3", "bigl", "long", "bin"],
        T.debugObject("l"), T.debugObject("bigl"), T.debugObject("long"), T.debugObject("bin"),
    ]

    @Test func scriptedDifferentialRESP2() throws {
        try T.differential().check(Self.script)
    }

    @Test func scriptedDifferentialRESP3() throws {
        try T.differential(resp3: true).check(Self.script)
    }

    // MARK: encoding and fill

    /// Every list is a quicklist in 7.0; a list keeps the fill it was created with, whatever
    /// CONFIG SET list-max-listpack-size says later (DEBUG OBJECT ql_listpack_max).
    @Test func encodingAndFillFollowRedis() throws {
        var steps: [DiffStep] = [
            ["RPUSH", "a", "x"], ["OBJECT", "ENCODING", "a"], T.debugObject("a"),
            ["CONFIG", "SET", "list-max-listpack-size", "3"],
            DiffStep(["RPUSH", "b"] + (0..<10).map(String.init)), T.debugObject("b"),
            DiffStep(["RPUSH", "a"] + (0..<10).map(String.init)), T.debugObject("a"),
            ["CONFIG", "SET", "list-max-listpack-size", "-5"],
            DiffStep(["RPUSH", "b"] + (0..<10).map(String.init)), T.debugObject("b"),
            ["CONFIG", "SET", "list-max-listpack-size", "0"],
            DiffStep(["RPUSH", "c"] + (0..<5).map(String.init)), T.debugObject("c"),
            ["CONFIG", "SET", "list-max-listpack-size", "-100"],
            DiffStep(["RPUSH", "d"] + (0..<5).map(String.init)), T.debugObject("d"),
            ["CONFIG", "SET", "list-max-listpack-size", "100000"],
            DiffStep(["RPUSH", "e"] + (0..<2000).map { _ in "abcdefghij" }), T.debugObject("e"),
            ["CONFIG", "SET", "list-max-listpack-size", "-2"],
            DiffStep(["RPUSH", "f"] + (0..<2000).map { _ in "abcdefghij" }), T.debugObject("f"),
            ["OBJECT", "ENCODING", "f"], ["COPY", "f", "g"], T.debugObject("g"), ["LRANGE", "g", "0", "3"],
        ]
        // LINSERT in the middle of full nodes splits them; the pieces merge where they fit.
        steps.append(["CONFIG", "SET", "list-max-listpack-size", "6"])
        steps.append(DiffStep(["RPUSH", "h"] + (1...40).map(String.init)))
        for pivot in [3, 9, 10, 20, 33, 34, 35, 40] {
            steps.append(["LINSERT", "h", pivot % 2 == 0 ? "BEFORE" : "AFTER", "\(pivot)", "x\(pivot)"])
            steps.append(T.debugObject("h"))
        }
        steps.append(["LPOP", "h", "5"])
        steps.append(["LINSERT", "h", "AFTER", "9", "y"])
        steps.append(T.debugObject("h"))
        steps.append(["LRANGE", "h", "0", "-1"])
        try T.differential().check(steps)
    }

    // MARK: random sequences

    static let keys = ["l1", "l2", "l3"]

    static func element(_ r: inout SeededRandom) -> String {
        switch r.int(in: 0..<20) {
        case 0..<6: return r.pick(["a", "b", "c", "d"])
        case 6..<10: return String(r.int(in: -3...3))
        case 10..<12: return r.pick(["9223372036854775807", "-9223372036854775808", "70000", "007", ""])
        case 12..<18: return "e" + r.string(length: r.int(in: 0...30))
        case 18: return String(repeating: "L", count: r.int(in: 60...300))
        default: return String(repeating: "H", count: r.int(in: 4000...9000))
        }
    }

    static func index(_ r: inout SeededRandom) -> String {
        r.chance(0.9) ? String(r.int(in: -25...25)) : r.pick(["x", "-9223372036854775808", "9223372036854775807", "100000"])
    }

    static func randomListStep(_ r: inout SeededRandom, _ step: Int) -> DiffStep {
        func key() -> String { r.chance(0.03) ? "str" : r.pick(keys) }
        func end() -> String { r.pick(["LEFT", "RIGHT", "left", "right"]) }
        if step == 0 { return ["SET", "str", "value"] }
        if step % 97 == 96 { return DiffStep(["DEBUG", "DIGEST-VALUE"] + keys) }
        if step % 41 == 40 { return T.debugObject(r.pick(keys)) }
        switch r.int(in: 0..<100) {
        case 0..<22:
            let n = r.chance(0.2) ? r.int(in: 5...40) : r.int(in: 1...3)
            return DiffStep([r.pick(["LPUSH", "RPUSH", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX"]), key()] + (0..<n).map { _ in element(&r) })
        case 22..<30:
            var cmd = [r.pick(["LPOP", "RPOP"]), key()]
            if r.chance(0.5) { cmd.append(String(r.int(in: 0...6))) }
            return DiffStep(cmd)
        case 30..<36: return ["LINDEX", key(), index(&r)]
        case 36..<42: return ["LSET", key(), index(&r), element(&r)]
        case 42..<50: return ["LRANGE", key(), index(&r), index(&r)]
        case 50..<53: return ["LTRIM", key(), String(r.int(in: -3...3)), String(r.int(in: -4...40))]
        case 53..<58: return ["LREM", key(), String(r.int(in: -3...3)), element(&r)]
        case 58..<68: return ["LINSERT", key(), r.pick(["BEFORE", "AFTER"]), element(&r), element(&r)]
        case 68..<74:
            var cmd = ["LPOS", key(), element(&r)]
            if r.chance(0.4) { cmd += ["RANK", String(r.pick([-3, -2, -1, 1, 2, 3]))] }
            if r.chance(0.4) { cmd += ["COUNT", String(r.int(in: 0...3))] }
            if r.chance(0.3) { cmd += ["MAXLEN", String(r.int(in: 0...10))] }
            return DiffStep(cmd)
        case 74..<80: return ["LMOVE", key(), key(), end(), end()]
        case 80..<83: return ["RPOPLPUSH", key(), key()]
        case 83..<89:
            let n = r.int(in: 1...3)
            var cmd = ["LMPOP", String(n)] + (0..<n).map { _ in key() } + [end()]
            if r.chance(0.5) { cmd += ["COUNT", String(r.int(in: 1...8))] }
            return DiffStep(cmd)
        case 89..<94: return ["LLEN", key()]
        default: return ["EXISTS", key()]
        }
    }

    /// Several node fills: count-limited small nodes (splits and merges all the time), a
    /// count limit above the 8 KB safety limit, a 4 KB budget, and the default.
    @Test(arguments: [("4", UInt64(0x4C49_5354), false), ("128", 0x4C49_5355, true),
                      ("-1", 0x4C49_5356, false), ("-2", 0x4C49_5357, true)])
    func randomSequences(fill: String, seed: UInt64, resp3: Bool) throws {
        let d = T.differential(resp3: resp3, extra: ["--list-max-listpack-size", fill])
        try d.checkRandom(seed: seed, count: 1500, Self.randomListStep)
    }

    // MARK: keyspace side effects

    /// Keyspace notifications (class l, and "del" when a list empties) in Redis's order: read
    /// on a PSUBSCRIBEd connection after each command that fires any.
    @Test func keyspaceNotifications() throws {
        func events(_ n: Int) -> DiffStep { .read(client: 1, replies: 2 * n) }
        let steps: [DiffStep] = [
            ["CONFIG", "SET", "notify-keyspace-events", "KEA"],
            DiffStep(["PSUBSCRIBE", "__key*__:*"], client: 1),
            ["RPUSH", "n1", "a", "b", "c"], events(1),
            ["LPUSH", "n1", "z"], events(1),
            ["LPUSHX", "nokey", "a"], ["RPUSHX", "n1", "d"], events(1),
            ["LPOP", "n1"], events(1),
            ["RPOP", "n1", "2"], events(1),
            ["LPOP", "n1", "0"], ["LPOP", "nokey"], ["LSET", "n1", "5", "x"],
            ["LSET", "n1", "0", "x"], events(1),
            ["LINSERT", "n1", "BEFORE", "x", "w"], events(1),
            ["LINSERT", "n1", "BEFORE", "nope", "w"], ["LREM", "n1", "0", "nope"],
            ["LREM", "n1", "0", "w"], events(1),
            ["LTRIM", "n1", "0", "-1"], events(1),
            ["LMOVE", "n1", "n2", "LEFT", "RIGHT"], events(2),
            ["LMOVE", "n1", "n2", "LEFT", "RIGHT"], events(3),
            ["RPUSH", "n2", "y"], events(1),
            ["RPOPLPUSH", "n2", "n2"], events(2),
            ["LMPOP", "2", "nokey", "n2", "LEFT"], events(1),
            ["LMPOP", "1", "n2", "RIGHT", "COUNT", "5"], events(2),
            ["RPUSH", "n3", "a"], events(1), ["LTRIM", "n3", "1", "0"], events(2),
            ["RPUSH", "n4", "a", "a"], events(1), ["LREM", "n4", "0", "a"], events(2),
            ["RPUSH", "n5", "a"], events(1), ["RPOP", "n5", "3"], events(2),
            ["LPOP", "nokey"], ["LRANGE", "n1", "0", "-1"], ["LPOS", "n1", "a"], ["LINDEX", "n1", "0"],
            ["PING"], DiffStep(["PING"], client: 1),
        ]
        try T.differential().check(steps)
        try T.differential(resp3: true).check(steps)
    }

    /// The dirty counter (rdb_changes_since_last_save) and keyspace hits/misses after each
    /// command, as Redis counts them.
    @Test func dirtyAndKeyspaceCounters() throws {
        let steps: [DiffStep] = [
            ["RPUSH", "l", "a", "b", "c", "d", "e", "f"], ["LPUSH", "l", "z"], ["LPUSHX", "nokey", "a"], ["RPUSHX", "l", "g", "h"],
            ["LPOP", "l"], ["RPOP", "l", "2"], ["LPOP", "l", "0"], ["LPOP", "nokey"], ["LPOP", "nokey", "1"],
            ["LINDEX", "l", "0"], ["LINDEX", "nokey", "0"], ["LRANGE", "l", "0", "-1"], ["LRANGE", "nokey", "0", "-1"],
            ["LLEN", "l"], ["LLEN", "nokey"], ["LPOS", "l", "c"], ["LPOS", "nokey", "c"],
            ["LSET", "l", "0", "x"], ["LSET", "l", "99", "x"], ["LINSERT", "l", "AFTER", "x", "y"], ["LINSERT", "l", "AFTER", "no", "y"],
            ["LREM", "l", "0", "y"], ["LREM", "l", "0", "nope"], ["LTRIM", "l", "1", "-2"], ["LTRIM", "l", "0", "-1"],
            ["LMOVE", "l", "m", "LEFT", "RIGHT"], ["RPOPLPUSH", "m", "m"], ["RPOPLPUSH", "nokey", "m"],
            ["LMPOP", "2", "nokey", "l", "LEFT", "COUNT", "2"], ["LMPOP", "1", "nokey", "LEFT"],
            ["LTRIM", "l", "5", "1"], ["EXISTS", "l"],
        ]
        try T.differential().check(StringFamilyTesting.withDirtyChecks(steps))
    }

    // MARK: targeted

    /// The used_memory a million-element list takes (what deleting it gives back) is at most
    /// Redis's: short equal elements, and distinct ones of ~14 bytes.
    @Test(arguments: [("xxx", 1), ("element:", 2)])
    func millionElementListMemoryAtMostRedis(element: String, variant: Int) throws {
        let total = 1_000_000
        var footprint: [String: Int] = [:]
        for name in ["redis", "structd"] {
            // No slow log: a debug build's slower pushes would keep entries (arguments) in it.
            let args = ["--slowlog-log-slower-than", "-1"]
            let server = try name == "redis" ? ServerProcess.redis(args: args) : ServerProcess.structd(args: args)
            defer { server.stop() }
            let c = try server.connect()
            func usedMemory() throws -> Int {
                let info = String(decoding: try c.command("INFO", "memory").bytes ?? [], as: UTF8.self)
                guard let line = info.split(separator: "\r\n").first(where: { $0.hasPrefix("used_memory:") }) else { return 0 }
                return Int(line.dropFirst("used_memory:".count)) ?? 0
            }
            var sent = 0
            while sent < total {
                let batch = min(1000, total - sent)
                let values = variant == 1 ? Array(repeating: element, count: batch) : (sent..<(sent + batch)).map { element + String($0) }
                try c.send(command: ["RPUSH", "biglist"] + values)
                _ = try c.readReply()
                sent += batch
            }
            #expect(try c.command("LLEN", "biglist") == .integer(Int64(total)))
            _ = try usedMemory()  // the first INFO allocates its own buffers
            let withList = try usedMemory()
            // What deleting the list gives back is the list's own footprint: client buffers
            // that grew or shrank meanwhile (Redis trims an idle query buffer) stay out of it.
            _ = try c.command("DEL", "biglist")
            footprint[name] = withList - (try usedMemory())
        }
        let ours = footprint["structd"] ?? .max, theirs = footprint["redis"] ?? 0
        #expect(ours <= theirs, "used_memory of the list: structd \(ours) bytes, redis \(theirs) bytes")
    }

    /// Pushes and pops at both ends cost the same whatever the list's length (a head insert
    /// is not an array prepend, a tail pop does not walk the list): 20 000 end operations
    /// on a 500 000-element list take about as long as on a 1 000-element one.
    @Test func endsStayFastOnLongLists() throws {
        let server = try ServerProcess.structd()
        defer { server.stop() }
        let c = try server.connect()
        func fill(_ key: String, _ n: Int) throws {
            var sent = 0
            while sent < n {
                let batch = min(1000, n - sent)
                try c.send(command: ["RPUSH", key] + (0..<batch).map { "v\(sent + $0)" })
                _ = try c.readReply()
                sent += batch
            }
        }
        func timeEndOperations(_ key: String) throws -> Duration {
            var pipeline: [UInt8] = []
            for i in 0..<5000 {
                pipeline += RESPFramer.encode(["LPUSH", key, "h\(i)"]) + RESPFramer.encode(["RPOP", key])
                pipeline += RESPFramer.encode(["LINDEX", key, "-1"]) + RESPFramer.encode(["LRANGE", key, "-3", "-1"])
            }
            let start = ContinuousClock.now
            try c.send(pipeline)
            for _ in 0..<20_000 { _ = try c.readReplyBytes() }
            return ContinuousClock.now - start
        }
        try fill("short", 1000)
        try fill("long", 500_000)
        _ = try timeEndOperations("short")  // warm-up
        let short = try timeEndOperations("short")
        let long = try timeEndOperations("long")
        #expect(long < short * 3 + .milliseconds(300), "20 000 end operations: \(long) on 500 000 elements, \(short) on 1 000")
        #expect(try c.command("LLEN", "long") == .integer(500_000))
        #expect(try c.command("LINDEX", "long", "0") == .bulk(Array("h4999".utf8)))
    }
}
