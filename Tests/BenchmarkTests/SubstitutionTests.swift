// __rand_int__ substitution and the test catalog.

import Testing
@testable import StructDBenchmark

@Suite struct SubstitutionTests {
    func text(_ b: SendBuffer, from: Int = 0) -> String {
        String(decoding: UnsafeBufferPointer(start: b.bytes + from, count: b.prefixLength + b.commandLength * b.pipeline - from),
               as: UTF8.self)
    }

    @Test func placeholdersAreFoundInEveryCopy() {
        let cmd = CommandTemplate.encode([Array("MSET".utf8), Array("k:__rand_int__".utf8), Array("v__rand_int____rand_int__".utf8)])
        #expect(CommandTemplate.placeholderOffsets(in: cmd).count == 3)
        let b = SendBuffer(prefix: Array("*1\r\n$4\r\nPING\r\n".utf8), command: cmd, pipeline: 4)
        #expect(b.randomCount == 12 && b.randomPerCommand == 3)
        #expect(CommandTemplate.placeholderOffsets(in: Array("no placeholder".utf8)).isEmpty)
    }

    @Test func digitsAreTwelveZeroPaddedAndInRange() {
        let cmd = CommandTemplate.encode([Array("GET".utf8), Array("key:__rand_int__".utf8)])
        let b = SendBuffer(prefix: [], command: cmd, pipeline: 50)
        var random = SplitMix64(seed: 7)
        b.randomize(commands: 50, keyspace: 1000, random: &random)
        let s = text(b)
        #expect(!s.contains("__rand_int__"))
        var seen = Set<Int>()
        for part in s.split(separator: "key:").dropFirst() {
            let digits = part.prefix(12)
            #expect(digits.count == 12 && digits.allSatisfy(\.isNumber))
            let v = Int(digits)!
            #expect(v >= 0 && v < 1000)
            seen.insert(v)
        }
        #expect(seen.count > 30)  // 50 draws from 1000: nearly all distinct
        var w = SplitMix64(seed: 1)
        var digits = [UInt8](repeating: 0, count: 12)
        digits.withUnsafeMutableBufferPointer { CommandTemplate.writeKeyDigits(4711, at: $0.baseAddress!) }
        #expect(String(decoding: digits, as: UTF8.self) == "000000004711")
        b.randomize(commands: 1, keyspace: 0, random: &w)  // keyspace 0 (-r 0) writes zeros
        #expect(text(b).hasPrefix("*2\r\n$3\r\nGET\r\n$16\r\nkey:000000000000\r\n"))
    }

    @Test func sameSeedSameKeysAndPartialBatches() {
        let cmd = CommandTemplate.encode([Array("INCR".utf8), Array("c:__rand_int__".utf8)])
        let a = SendBuffer(prefix: [], command: cmd, pipeline: 3)
        let b = SendBuffer(prefix: [], command: cmd, pipeline: 3)
        var ra = SplitMix64(seed: 99), rb = SplitMix64(seed: 99)
        a.randomize(commands: 3, keyspace: 1_000_000, random: &ra)
        b.randomize(commands: 3, keyspace: 1_000_000, random: &rb)
        #expect(text(a) == text(b))
        let c = SendBuffer(prefix: [], command: cmd, pipeline: 3)
        var rc = SplitMix64(seed: 5)
        c.randomize(commands: 2, keyspace: 10, random: &rc)
        #expect(CommandTemplate.placeholderOffsets(in: Array(text(c).utf8)).count == 1)  // third copy untouched
    }

    @Test func defaultSuiteIsRedis7015s() throws {
        let titles = try TestCatalog.tests(selected: nil, data: Array("xxx".utf8), randomKeys: false).map(\.title)
        #expect(titles == ["PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP",
                           "SADD", "HSET", "SPOP", "ZADD", "ZPOPMIN", "LPUSH (needed to benchmark LRANGE)",
                           "LRANGE_100 (first 100 elements)", "LRANGE_300 (first 300 elements)",
                           "LRANGE_500 (first 500 elements)", "LRANGE_600 (first 600 elements)", "MSET (10 keys)"])
    }

    @Test func selectionGroupsAndErrors() throws {
        let d = Array("abc".utf8)
        #expect(try TestCatalog.tests(selected: ["get", "ping"], data: d, randomKeys: false).map(\.title)
                == ["PING_INLINE", "PING_MBULK", "GET"])
        #expect(try TestCatalog.tests(selected: ["lrange_300"], data: d, randomKeys: false).map(\.title)
                == ["LPUSH (needed to benchmark LRANGE)", "LRANGE_300 (first 300 elements)"])
        #expect(try TestCatalog.tests(selected: ["xadd"], data: d, randomKeys: false).map(\.title) == ["XADD"])
        #expect(throws: UnknownTestError(names: ["gett"])) {
            try TestCatalog.tests(selected: ["get", "gett"], data: d, randomKeys: false)
        }
        let zadd = try TestCatalog.tests(selected: ["zadd"], data: d, randomKeys: true)[0]
        #expect(zadd.arguments.map { String(decoding: $0, as: UTF8.self) } == ["ZADD", "myzset", "__rand_int__", "element:__rand_int__"])
        let set = try TestCatalog.tests(selected: ["set"], data: d, randomKeys: false)[0]
        #expect(set.arguments.map { String(decoding: $0, as: UTF8.self) } == ["SET", "key:__rand_int__", "abc"])
        let free = TestCatalog.freeCommand([Array("set".utf8), Array("a".utf8), Array("b".utf8)])
        #expect(free.title == "set a b" && free.payloadSize == 27)  // redis-benchmark prints "27 bytes payload"
        let x = TestCatalog.freeCommand([Array("set".utf8), Array("k".utf8)], stdinArgument: Array("v\n".utf8))
        #expect(x.title == "set k" && x.arguments.count == 3 && x.arguments[2] == Array("v\n".utf8))  // -x
    }

    @Test func payloadIsLetters() {
        var r = SplitMix64(seed: 3)
        let p = TestCatalog.payload(size: 1000, random: &r)
        #expect(p.count == 1000 && p.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) })
    }
}
