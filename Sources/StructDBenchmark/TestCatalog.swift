// TestCatalog: redis-benchmark's built-in tests, as data.
//
// Each test has the name -t selects it by, the title printed in reports (Redis's, byte for
// byte: "LRANGE_100 (first 100 elements)", "MSET (10 keys)"), and the command it sends. The
// commands and key names are Redis 7.0.15's: "key:__rand_int__" for SET/GET/MSET,
// "counter:__rand_int__" for INCR, "mylist", "myset", "myhash", "myzset"; values are
// `-d` random letters. ZADD's score is "0", or "__rand_int__" when -r is given.
//
// Selection follows redis-benchmark: tests run in catalog order whatever the order of
// -t; "ping" selects both pings and "lrange" every LRANGE test; any LRANGE test is
// preceded by "LPUSH (needed to benchmark LRANGE)". XADD (Redis 7.2's addition) runs only
// when named, so the default suite is 7.0.15's. Unlike Redis, an unknown name is an error
// instead of silently running nothing.

public struct BenchmarkTest: Sendable, Equatable {
    /// Title printed in every output format.
    public var title: String
    /// The command's arguments; ignored when `inline` is set.
    public var arguments: [[UInt8]]
    /// Raw bytes sent as they are (PING_INLINE's "PING\r\n").
    public var inline: [UInt8]?
    /// "bytes payload" in the report: -d for built-in tests, the encoded command's length
    /// for a free command (as redis-benchmark prints it).
    public var payloadSize: Int

    public init(title: String, arguments: [[UInt8]], inline: [UInt8]? = nil, payloadSize: Int) {
        self.title = title
        self.arguments = arguments
        self.inline = inline
        self.payloadSize = payloadSize
    }
}

public struct UnknownTestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var names: [String]
    public var description: String {
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        return "Unknown test name\(names.count > 1 ? "s" : "") \(list) in -t; known tests: "
            + TestCatalog.names.joined(separator: ", ") + " (and \"ping\", \"lrange\")"
    }
}

public enum TestCatalog {
    /// Every test name -t accepts besides the "ping" and "lrange" groups.
    public static let names = [
        "ping_inline", "ping_mbulk", "set", "get", "incr", "lpush", "rpush", "lpop", "rpop",
        "sadd", "hset", "spop", "zadd", "zpopmin", "lrange_100", "lrange_300", "lrange_500",
        "lrange_600", "mset", "xadd",
    ]
    static let groups = ["ping", "lrange"]

    /// Checks -t's names; throws for any name that is not a test or group.
    public static func validate(_ selected: [String]) throws(UnknownTestError) {
        let unknown = selected.filter { !$0.isEmpty && !names.contains($0) && !groups.contains($0) }
        if !unknown.isEmpty { throw UnknownTestError(names: unknown) }
    }

    /// The tests to run, in order. `data` is the -d payload; `randomKeys` is whether -r was given.
    public static func tests(selected: [String]?, data: [UInt8], randomKeys: Bool) throws(UnknownTestError) -> [BenchmarkTest] {
        if let selected { try validate(selected) }
        func on(_ name: String) -> Bool {
            guard let selected else { return name != "xadd" }
            return selected.contains(name)
        }
        func b(_ s: String) -> [UInt8] { Array(s.utf8) }
        func test(_ title: String, _ args: [[UInt8]]) -> BenchmarkTest {
            BenchmarkTest(title: title, arguments: args, payloadSize: data.count)
        }

        var out: [BenchmarkTest] = []
        if on("ping_inline") || on("ping") {
            out.append(BenchmarkTest(title: "PING_INLINE", arguments: [], inline: b("PING\r\n"), payloadSize: data.count))
        }
        if on("ping_mbulk") || on("ping") { out.append(test("PING_MBULK", [b("PING")])) }
        if on("set") { out.append(test("SET", [b("SET"), b("key:__rand_int__"), data])) }
        if on("get") { out.append(test("GET", [b("GET"), b("key:__rand_int__")])) }
        if on("incr") { out.append(test("INCR", [b("INCR"), b("counter:__rand_int__")])) }
        if on("lpush") { out.append(test("LPUSH", [b("LPUSH"), b("mylist"), data])) }
        if on("rpush") { out.append(test("RPUSH", [b("RPUSH"), b("mylist"), data])) }
        if on("lpop") { out.append(test("LPOP", [b("LPOP"), b("mylist")])) }
        if on("rpop") { out.append(test("RPOP", [b("RPOP"), b("mylist")])) }
        if on("sadd") { out.append(test("SADD", [b("SADD"), b("myset"), b("element:__rand_int__")])) }
        if on("hset") { out.append(test("HSET", [b("HSET"), b("myhash"), b("element:__rand_int__"), data])) }
        if on("spop") { out.append(test("SPOP", [b("SPOP"), b("myset")])) }
        if on("zadd") {
            let score = randomKeys ? "__rand_int__" : "0"
            out.append(test("ZADD", [b("ZADD"), b("myzset"), b(score), b("element:__rand_int__")]))
        }
        if on("zpopmin") { out.append(test("ZPOPMIN", [b("ZPOPMIN"), b("myzset")])) }
        let ranges = [(100, "lrange_100"), (300, "lrange_300"), (500, "lrange_500"), (600, "lrange_600")]
        if on("lrange") || ranges.contains(where: { on($0.1) }) {
            out.append(test("LPUSH (needed to benchmark LRANGE)", [b("LPUSH"), b("mylist"), data]))
        }
        for (n, name) in ranges where on("lrange") || on(name) {
            out.append(test("LRANGE_\(n) (first \(n) elements)", [b("LRANGE"), b("mylist"), b("0"), b(String(n - 1))]))
        }
        if on("mset") {
            var args = [b("MSET")]
            for _ in 0..<10 { args.append(b("key:__rand_int__")); args.append(data) }
            out.append(test("MSET (10 keys)", args))
        }
        if on("xadd") { out.append(test("XADD", [b("XADD"), b("mystream"), b("*"), b("myfield"), data])) }
        return out
    }

    /// A free command from the command line: the title is its arguments joined by spaces and
    /// the payload size its encoded length (redis-benchmark's "bytes payload" for it). An
    /// argument read from stdin (-x) is sent but, as in Redis, left out of the title.
    public static func freeCommand(_ args: [[UInt8]], stdinArgument: [UInt8]? = nil) -> BenchmarkTest {
        let title = args.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
        let args = stdinArgument.map { args + [$0] } ?? args
        return BenchmarkTest(title: title, arguments: args, payloadSize: CommandTemplate.encode(args).count)
    }

    /// -d bytes of random letters (redis-benchmark sends random A-Z, a-z data).
    public static func payload(size: Int, random: inout SplitMix64) -> [UInt8] {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        var out = [UInt8](repeating: 0, count: size)
        for i in 0..<size { out[i] = letters[Int(random.next() % UInt64(letters.count))] }
        return out
    }
}
