// DUMP / RESTORE against redis-server 7.0.15:
//   - a differential over every option and error (syntax, BUSYKEY, TTL, IDLETIME, FREQ,
//     version and checksum, bad data with a valid checksum, empty values, trailing bytes,
//     ABSTTL, TTLs in the past, REPLACE) and DUMP of every type and encoding, payload bytes
//     compared exactly where the encoding's order is deterministic;
//   - every payload of dump-payloads-db0.json (DUMPed by Redis 7.0.15) RESTOREs here to the
//     value expected.json gives, and our DUMP of it gives back Redis's bytes for encodings
//     whose element order is fixed;
//   - payloads cross over: ours RESTORE on Redis and Redis's here, same DEBUG DIGEST;
//   - hostile payloads (random corruption with the checksum fixed up, so the parser sees
//     them) get OK or "Bad data format", never a crash, and a restored key is usable.

import Foundation
import Glibc
import RESP
import Testing

enum DumpTesting {
    /// CRC64 Jones, bit by bit (the test's own reference, independent of the server's).
    static func crc64(_ bytes: [UInt8]) -> UInt64 {
        var crc: UInt64 = 0
        for b in bytes {
            crc ^= UInt64(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x95AC_9329_AC4B_C9B5 : crc >> 1 }
        }
        return crc
    }

    /// `body` + RDB version + CRC64, as DUMP makes it.
    static func payload(_ body: [UInt8], version: UInt16 = 10) -> [UInt8] {
        var p = body + [UInt8(version & 0xFF), UInt8(version >> 8)]
        let crc = crc64(p)
        for i in 0..<8 { p.append(UInt8(truncatingIfNeeded: crc >> (8 * UInt64(i)))) }
        return p
    }

    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = s.makeIterator()
        while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
        return out
    }

    static func restoreStep(_ key: String, _ ttl: String, _ payload: [UInt8], _ options: [String] = [], label: String) -> DiffStep {
        .raw(RESPFramer.encode([Array("RESTORE".utf8), Array(key.utf8), Array(ttl.utf8), payload] + options.map { Array($0.utf8) }),
             label: label)
    }

    /// Keys of every type and encoding, built by commands on both servers.
    static let typedKeys: [[String]] = [
        ["SET", "str", "hello"], ["SET", "int", "12345"], ["SET", "bigint", "123456789012345"],
        ["SET", "long", String(repeating: "abc", count: 100)], ["SET", "empty", ""],
        ["RPUSH", "list", "a", "b", "1", "-2", "3000000000"],
        ["SADD", "intset", "1", "2", "-3", "70000"], ["SADD", "set", "a", "b", "c"],
        ["HSET", "hash", "f", "v", "n", "1"], ["HSET", "bighash", "f", String(repeating: "x", count: 100)],
        ["ZADD", "zset", "1", "a", "2.5", "b", "-inf", "c"],
        ["ZADD", "bigzset", "1", String(repeating: "m", count: 100), "2", "n", "3", "o"],
    ]
}

@Suite(.timeLimit(.minutes(3)))
struct DumpRestoreTests {
    @Test func differentialErrorsAndOptions() throws {
        let good = DumpTesting.payload([0x00, 0x05] + Array("hello".utf8))
        var steps: [DiffStep] = [["SET", "s", "v"]]
        steps += [
            ["DUMP", "nokey"],
            ["RESTORE", "s", "0", "xx"],
            ["RESTORE", "s", "-1", "xx"],
            ["RESTORE", "n", "-1", "xx"],
            ["RESTORE", "n", "abc", "xx"],
            ["RESTORE", "n", "0", "xx", "IDLETIME", "-1"],
            ["RESTORE", "n", "0", "xx", "IDLETIME", "x"],
            ["RESTORE", "n", "0", "xx", "FREQ", "256"],
            ["RESTORE", "n", "0", "xx", "FREQ", "-1"],
            ["RESTORE", "n", "0", "xx", "FREQ", "1", "IDLETIME", "3"],
            ["RESTORE", "n", "0", "xx", "IDLETIME", "1", "FREQ", "3"],
            ["RESTORE", "n", "0", "xx", "foo"],
            ["RESTORE", "n", "0", "xx", "IDLETIME"],
            ["RESTORE", "n", "0", "xx"],
            ["RESTORE", "n", "0", ""],
            ["RESTORE", "n", "0", "0123456789"],
            ["RESTORE", "n"],
        ]
        steps.append(DumpTesting.restoreStep("n1", "0", good, label: "good"))
        steps.append(DumpTesting.restoreStep("n1", "0", good, label: "busy"))
        steps.append(DumpTesting.restoreStep("n1", "0", good, ["REPLACE"], label: "replace"))
        steps.append(DumpTesting.restoreStep("n2", "0", DumpTesting.payload([0x00, 0x05] + Array("hello".utf8), version: 11), label: "version 11"))
        steps.append(DumpTesting.restoreStep("n3", "0", DumpTesting.payload([0x00, 0x05] + Array("hello".utf8), version: 9), label: "version 9"))
        var badCRC = good
        badCRC[badCRC.count - 1] ^= 1
        steps.append(DumpTesting.restoreStep("n4", "0", badCRC, label: "bad crc"))
        steps.append(DumpTesting.restoreStep("n4", "0", Array(good[0..<(good.count - 8)]) + [UInt8](repeating: 0, count: 8), label: "zero crc"))
        for (label, body) in [("unknown type", "3f0568656c6c6f"), ("short string reads the footer", "000568656c6c"),
                              ("trailing bytes", "000568656c6c6f00"), ("empty hash", "0400"), ("empty quicklist", "1200"),
                              ("bad set", "0202016101"), ("empty intset", "0b0800000000"), ("bad lzf", "00c30304616161"),
                              ("dup set members", "020201610161"), ("dup hash fields", "04020161016201610163"),
                              ("zset nan", "0501016100000000" + "0000f87f"), ("bad listpack", "100701000000000000"),
                              ("module", "07"), ("stream", "13"), ("bad length encoding", "00bf")] {
            steps.append(DumpTesting.restoreStep("x", "0", DumpTesting.payload(DumpTesting.hex(body)), label: label))
            steps.append(["EXISTS", "x"])
            steps.append(["DEL", "x"])
        }
        steps.append(DumpTesting.restoreStep("t1", "1000000", good, label: "relative ttl"))
        steps.append(DiffStep(["PTTL", "t1"], compare: .custom { e, a in
            guard case .integer(let x)? = try? RESPValue.decode(e), case .integer(let y)? = try? RESPValue.decode(a) else { return false }
            return abs(x - y) < 2000
        }))
        steps.append(DumpTesting.restoreStep("t2", "1", good, ["ABSTTL"], label: "absolute ttl in the past"))
        steps.append(["EXISTS", "t2"])
        steps.append(DumpTesting.restoreStep("n1", "1", good, ["ABSTTL", "REPLACE"], label: "past ttl replaces = delete"))
        steps.append(["EXISTS", "n1"])
        steps.append(DumpTesting.restoreStep("t3", "4102444800000", good, ["ABSTTL"], label: "absolute ttl"))
        steps.append(["PEXPIRETIME", "t3"])
        // Redis checks duplicates only with deep sanitization; we always do (docs/rdb.md).
        try Differential(serverArgs: RDBTesting.serverArgs + ["--sanitize-dump-payload", "yes"]).check(steps)
    }

    @Test func dumpOfEveryEncodingMatchesRedis() throws {
        var steps: [DiffStep] = DumpTesting.typedKeys.map { DiffStep($0) }
        for cmd in DumpTesting.typedKeys {
            let key = cmd[1]
            steps.append(["OBJECT", "ENCODING", key])
            // Hashtable sets and hashes list their members in hash-table order.
            let ordered = !(key == "set" || key == "bighash")
            steps.append(DiffStep(["DUMP", key], compare: ordered ? .exact : .sameType))
        }
        for extra in [[], ["--rdbcompression", "no"]] {
            try Differential(serverArgs: RDBTesting.serverArgs + extra).check(steps)
        }
    }

    @Test func payloadsCrossBothWays() throws {
        let ours = try ServerProcess.structd(args: RDBTesting.serverArgs)
        let redis = try ServerProcess.redis(args: RDBTesting.serverArgs)
        defer { ours.stop(); redis.stop() }
        let commands = RDBTesting.datasetCommands(seed: 21)
        try RDBTesting.load(ours, commands)
        try RDBTesting.load(redis, commands)
        let oc = try ours.connect(), rc = try redis.connect()
        for db in 0..<16 {
            for c in [oc, rc] { _ = try RDBTesting.send(c, ["SELECT", String(db)]) }
            let keys = (try RDBTesting.send(oc, ["KEYS", "*"]).elements ?? []).compactMap(\.bytes)
            for key in keys {
                let ttl = try RDBTesting.send(oc, [Array("PTTL".utf8), key]).int64 ?? -1
                let fromOurs = try RDBTesting.send(oc, [Array("DUMP".utf8), key]).bytes ?? []
                let fromRedis = try RDBTesting.send(rc, [Array("DUMP".utf8), key]).bytes ?? []
                let abs = ttl > 0 ? [Array("ABSTTL".utf8)] : []
                let when = ttl > 0 ? Array(String(try RDBTesting.send(oc, [Array("PEXPIRETIME".utf8), key]).int64 ?? 0).utf8) : Array("0".utf8)
                // Ours into Redis, Redis's into ours, under a new name.
                let r1 = try RDBTesting.send(rc, [Array("RESTORE".utf8), key + Array(":x".utf8), when, fromOurs] + abs)
                let r2 = try RDBTesting.send(oc, [Array("RESTORE".utf8), key + Array(":x".utf8), when, fromRedis] + abs)
                #expect(r1 == .simple(Array("OK".utf8)) && r2 == .simple(Array("OK".utf8)), "\(key): \(r1) \(r2)")
            }
        }
        #expect(try RDBTesting.digest(ours) == RDBTesting.digest(redis))
        #expect(try RDBTesting.inventory(ours) == RDBTesting.inventory(redis))
    }

    @Test func redisPayloadsRestoreHere() throws {
        guard let fixtures = RDBTesting.fixtures else { RDBTesting.skipMessage(); return }
        let payloads = try RDBTesting.json("dump-payloads-db0.json")
        let expected = (try RDBTesting.json("expected.json")["redis-7.0.15-alltypes.rdb"] as! [String: Any])["dbs"] as! [String: Any]
        let db0 = expected["0"] as! [String: Any]
        _ = fixtures
        let ours = try ServerProcess.structd(args: RDBTesting.serverArgs)
        defer { ours.stop() }
        let c = try ours.connect()
        for (name, entry) in payloads {
            let e = entry as! [String: Any]
            let key = RDBTesting.latin1(name)
            let payload = DumpTesting.hex(e["dump_hex"] as! String)
            let reply = try RDBTesting.send(c, [Array("RESTORE".utf8), key, Array("0".utf8), payload])
            #expect(reply == .simple(Array("OK".utf8)), "\(name): \(reply)")
            let type = e["type"] as! String
            let info = db0[name] as! [String: Any]
            #expect(RDBTesting.string(try RDBTesting.send(c, [Array("TYPE".utf8), key])) == type, "\(name)")
            #expect(RDBTesting.string(try RDBTesting.send(c, [Array("OBJECT".utf8), Array("ENCODING".utf8), key])) == e["encoding_in_redis_7_0"] as! String, "\(name)")
            #expect(try RDBTesting.value(c, key, type: type) == RDBTesting.expectedValue(info["value"]!, type: type), "\(name) value")
            let encoding = e["encoding_in_redis_7_0"] as! String
            if encoding != "hashtable" {
                let ours = try RDBTesting.send(c, [Array("DUMP".utf8), key]).bytes ?? []
                #expect(ours == payload, "\(name) (\(type) \(encoding)): our DUMP differs from Redis's")
            }
        }
    }

    @Test func hostilePayloadsNeverCrash() throws {
        let ours = try ServerProcess.structd(args: RDBTesting.serverArgs)
        let redis = try ServerProcess.redis(args: RDBTesting.serverArgs + ["--sanitize-dump-payload", "yes"])
        defer { ours.stop(); redis.stop() }
        let oc = try ours.connect(), rc = try redis.connect()
        for cmd in DumpTesting.typedKeys { _ = try RDBTesting.send(oc, cmd) }
        var bodies: [[UInt8]] = []
        for cmd in DumpTesting.typedKeys {
            let p = try RDBTesting.send(oc, ["DUMP", cmd[1]]).bytes ?? []
            #expect(p.count > 10, "DUMP \(cmd[1])")
            if p.count > 10 { bodies.append(Array(p[0..<(p.count - 10)])) }
        }
        var r = SeededRandom(seed: 99)
        var accepted = 0, refused = 0, disagreements: [String] = []
        for round in 0..<1500 {
            var body = bodies[r.int(in: 0..<bodies.count)]
            for _ in 0..<r.int(in: 1...3) {
                switch r.int(in: 0...3) {
                case 0: body[r.int(in: 0..<body.count)] = UInt8(r.int(in: 0...255))
                case 1: body[r.int(in: 0..<body.count)] ^= UInt8(1 << r.int(in: 0...7))
                case 2: if body.count > 2 { body.removeLast(r.int(in: 1...min(8, body.count - 1))) }
                default: body.insert(UInt8(r.int(in: 0...255)), at: r.int(in: 0...body.count))
                }
            }
            let payload = DumpTesting.payload(body)
            let reply = try RDBTesting.send(oc, [Array("RESTORE".utf8), Array("h".utf8), Array("0".utf8), payload, Array("REPLACE".utf8)])
            switch reply {
            case .simple(let ok) where ok == Array("OK".utf8):
                accepted += 1
                // The value must be usable: read it back and DUMP it again.
                _ = try RDBTesting.send(oc, ["TYPE", "h"])
                _ = try RDBTesting.send(oc, ["DEBUG", "DIGEST-VALUE", "h"])
                let again = try RDBTesting.send(oc, ["DUMP", "h"])
                #expect(again.bytes != nil, "round \(round)")
            case .error(let e):
                #expect(e == Array("ERR Bad data format".utf8), "round \(round): \(String(decoding: e, as: UTF8.self))")
                refused += 1
            default:
                Issue.record("round \(round): \(reply)")
            }
            // Redis with deep sanitization is the reference for what is acceptable.
            let theirs = try RDBTesting.send(rc, [Array("RESTORE".utf8), Array("h".utf8), Array("0".utf8), payload, Array("REPLACE".utf8)])
            if (theirs == .simple(Array("OK".utf8))) != (reply == .simple(Array("OK".utf8))) {
                disagreements.append("\(DumpTesting.hexString(body)): redis \(theirs) ours \(reply)")
            }
        }
        #expect(try RDBTesting.send(oc, ["PING"]) == .simple(Array("PONG".utf8)))
        #expect(accepted > 0 && refused > 0)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, e.g. \(disagreements.prefix(5))")
    }

    @Test func idleTimeAndFrequencyOptions() throws {
        for (policy, option, value, query) in [("allkeys-lru", "IDLETIME", "1000", "IDLETIME"), ("allkeys-lfu", "FREQ", "100", "FREQ"),
                                                ("noeviction", "IDLETIME", "50", "IDLETIME")] {
            for server in [try ServerProcess.structd(args: RDBTesting.serverArgs + ["--maxmemory-policy", policy]),
                           try ServerProcess.redis(args: RDBTesting.serverArgs + ["--maxmemory-policy", policy])] {
                let c = try server.connect()
                _ = try RDBTesting.send(c, ["SET", "a", "1"])
                let payload = try RDBTesting.send(c, ["DUMP", "a"]).bytes ?? []
                #expect(try RDBTesting.send(c, [Array("RESTORE".utf8), Array("b".utf8), Array("0".utf8), payload,
                                                Array(option.utf8), Array(value.utf8)]) == .simple(Array("OK".utf8)))
                let got = try RDBTesting.send(c, ["OBJECT", query, "b"]).int64 ?? -1
                let want = Int64(value)!
                #expect(got >= want && got <= want + 2, "\(server.name) \(policy): \(got)")
                server.stop()
            }
        }
    }
}

extension DumpTesting {
    static func hexString(_ b: [UInt8]) -> String {
        b.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
