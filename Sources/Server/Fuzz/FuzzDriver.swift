// FuzzDriver: a seeded, bounded mutational fuzzer over FuzzHarness, for the test suite
// (ServerTests) and for machines where libFuzzer is not available. libFuzzer (make fuzz)
// is coverage-guided and finds far more; this one is blind but deterministic: the same
// seed gives the same inputs, so a failure replays exactly.
//
// Each input starts from a corpus entry (Fuzz/corpus/<target>/ plus built-in seeds) and
// gets 1-4 mutations: byte flips, random bytes, insertion of a dictionary token (command
// names, RESP framing, ACL rule words), splicing with another entry, truncation,
// duplication of a slice. Inputs are capped at 4 KB, like libFuzzer's default.

public struct FuzzDriver {
    /// SplitMix64: tiny, seedable, good enough to pick mutations.
    public struct Random {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        public mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    public static let maxInput = 4096

    public let target: FuzzHarness.Target
    public var corpus: [[UInt8]]
    let dictionary: [[UInt8]]

    public init(target: FuzzHarness.Target, corpus: [[UInt8]]) {
        self.target = target
        self.corpus = corpus + Self.seeds(target)
        dictionary = Self.dictionary(target)
    }

    /// The next input, drawn with `random` (the same generator state gives the same input).
    public func input(_ random: inout Random) -> [UInt8] {
        var data = corpus[random.below(corpus.count)]
        for _ in 0...random.below(4) {
            switch random.below(7) {
            case 0 where !data.isEmpty:
                data[random.below(data.count)] ^= UInt8(1 << random.below(8))
            case 1 where !data.isEmpty:
                data[random.below(data.count)] = UInt8(truncatingIfNeeded: random.next())
            case 2:
                let token = dictionary[random.below(dictionary.count)]
                data.insert(contentsOf: token, at: random.below(data.count + 1))
            case 3:
                let other = corpus[random.below(corpus.count)]
                let cut = random.below(data.count + 1), from = random.below(other.count + 1)
                data = Array(data[..<cut]) + Array(other[from...])
            case 4 where !data.isEmpty:
                data.removeLast(random.below(data.count) + 1)
            case 5 where !data.isEmpty:
                let a = random.below(data.count), len = random.below(min(64, data.count - a)) + 1
                data.insert(contentsOf: data[a..<(a + len)], at: random.below(data.count + 1))
            default:
                let token = dictionary[random.below(dictionary.count)]
                data += token
            }
            if data.count > Self.maxInput { data.removeLast(data.count - Self.maxInput) }
        }
        return data
    }

    static func seeds(_ target: FuzzHarness.Target) -> [[UInt8]] {
        func resp(_ args: [String]) -> [UInt8] {
            var out = Array("*\(args.count)\r\n".utf8)
            for a in args { out += Array("$\(a.utf8.count)\r\n\(a)\r\n".utf8) }
            return out
        }
        switch target {
        case .resp, .dispatch:
            return [
                resp(["SET", "k", "v"]), resp(["GET", "k"]), Array("PING\r\n".utf8), Array("SET a b\r\nGET a\r\n".utf8),
                resp(["MULTI"]) + resp(["INCR", "n"]) + resp(["EXEC"]),
                resp(["ACL", "SETUSER", "u", "on", "nopass", "~k*", "+@read"]) + resp(["AUTH", "u", "x"]) + resp(["GET", "k1"]),
                resp(["HSET", "h", "f", "1", "g", "2"]) + resp(["HGETALL", "h"]),
                resp(["ZADD", "z", "1", "a", "2", "b"]) + resp(["ZRANGE", "z", "0", "-1", "WITHSCORES"]),
                resp(["LPUSH", "l", "a", "b"]) + resp(["LRANGE", "l", "0", "-1"]), resp(["SADD", "s", "a"]) + resp(["SMEMBERS", "s"]),
                resp(["SUBSCRIBE", "c"]) + resp(["PING"]), resp(["HELLO", "3"]) + resp(["CLIENT", "INFO"]),
                resp(["SETRANGE", "s", "5", "x"]) + resp(["BITCOUNT", "s"]), Array("*1\r\n$4\r\nPING\r\n*2\r\n$3".utf8),
                resp(["DUMP", "k"]), resp(["RESTORE", "r", "0", "\u{0}\u{1}a\t\u{0}"]), resp(["SORT", "l", "ALPHA"]),
            ]
        case .acl:
            return [
                Array("on >pass ~key* +@read -@dangerous".utf8), Array("allkeys allchannels +@all -debug".utf8),
                Array("(+get ~x) (%R~y +@hash) clearselectors".utf8), Array("+select|0 +config|get -client|kill reset".utf8),
                Array("resetchannels &news.* %RW~a* nopass resetpass".utf8),
            ]
        }
    }

    static func dictionary(_ target: FuzzHarness.Target) -> [[UInt8]] {
        var words: [String]
        switch target {
        case .resp, .dispatch:
            words = ["*", "$", "\r\n", "*2\r\n", "$-1\r\n", "*-1\r\n", "$0\r\n\r\n", "*1\r\n$4\r\n", "\"", "'", " ", "\\x00",
                     "9223372036854775807", "-1", "0", "1", "65536", "2147483648", "1e10", "nan", "inf",
                     "SET", "GET", "DEL", "EXPIRE", "MULTI", "EXEC", "WATCH", "ACL", "SETUSER", "AUTH", "HELLO",
                     "CLIENT", "KILL", "RESET", "SELECT", "SWAPDB", "LPUSH", "RPOP", "LRANGE", "LINSERT", "HSET",
                     "HRANDFIELD", "ZADD", "ZRANGESTORE", "ZUNIONSTORE", "SADD", "SINTERCARD", "SPOP", "BITFIELD",
                     "SETBIT", "GETRANGE", "SORT", "OBJECT", "DUMP", "RESTORE", "SUBSCRIBE", "PUBLISH", "PSUBSCRIBE",
                     "LATENCY", "SLOWLOG", "INFO", "COMMAND", "GETKEYS", "TRACKING", "ON", "BCAST", "PREFIX", "LIMIT",
                     "WITHSCORES", "REV", "BYSCORE", "BYLEX", "STORE", "ALPHA", "COUNT", "MATCH", "SCAN", "KEYS", "*"]
        case .acl:
            words = ["on", "off", "nopass", "resetpass", "reset", "allkeys", "resetkeys", "allchannels", "resetchannels",
                     "allcommands", "nocommands", "clearselectors", "sanitize-payload", "skip-sanitize-payload",
                     ">", "<", "#", "!", "~", "%R~", "%W~", "%RW~", "&", "+@all", "-@all", "+@read", "-@write",
                     "+@slow", "-@fast", "+@admin", "-@dangerous", "+@scripting", "+get", "-get", "+config|get",
                     "-config|set", "+select|0", "+client", "-client|kill", "+debug|object", "(", ")", " ", "|",
                     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "*", "?", "[a-z]", "\\"]
        }
        return words.map { Array($0.utf8) }
    }
}
