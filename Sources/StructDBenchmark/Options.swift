// Options: structd-benchmark's command line, which is redis-benchmark's (Redis 7.0.15).
//
// Parsing follows redis-benchmark: options come first; the first argument that does not
// start with "-" begins a free command ("structd-benchmark -n 1000 INCR k:__rand_int__"),
// and a lone "--" also ends the options (an extension: it lets the command start with a
// dash, and Redis's own tool rejects "--"). An unknown option, or an option whose argument
// is missing, is reported as redis-benchmark reports it ("Invalid option ... or option
// argument missing") followed by the usage text.
//
// Where redis-benchmark silently turns a bad number into 0 (atoi), this parser refuses it
// with a message naming the option: a benchmark of "-n 10k" that runs 10 requests is a
// trap. Out-of-range values that Redis clamps are clamped the same way (-d to 1 B..1 GiB,
// -P below 1 to 1, -r below 0 to 0, --threads to 0..500, --precision to 1..3).

public enum TLSOptions: Sendable, Equatable {
    case off
    case on(caCert: String?, caCertDir: String?, cert: String?, key: String?, sni: String?, insecure: Bool)
}

public struct BenchmarkOptions: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 6379
    public var socketPath: String?
    public var password: String?
    public var user: String?
    public var clients = 50
    public var requests = 100_000
    public var dataSize = 3
    public var dbnum = 0
    public var resp3 = false
    public var threads = 0
    public var keepAlive = true
    /// -r: nil when not given (then "__rand_int__" is sent literally, as Redis does).
    public var keyspaceLength: Int?
    public var pipeline = 1
    public var showErrors = false
    public var quiet = false
    public var csv = false
    public var json = false
    public var loop = false
    /// -t, lower-cased names in the order given; nil runs the default suite.
    public var tests: [String]?
    public var stdinArgument = false
    public var enableTracking = false
    /// Significant digits of the latency histogram (Redis's --precision), 1...3.
    public var precision = 3
    public var seed: UInt64?
    public var tls = TLSOptions.off
    /// The free command after the options, if any.
    public var command: [String] = []

    public init() {}

    /// "host:port" or the socket path, as messages print it.
    public var serverDescription: String {
        socketPath ?? "\(host):\(port)"
    }
}

public enum ParsedCommandLine: Sendable, Equatable {
    case run(BenchmarkOptions)
    case help
    case version
}

public struct OptionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Print the usage text after the message (redis-benchmark does for unknown options).
    public var showUsage: Bool
    public var description: String { message }
}

public enum OptionParser {
    public static let maxThreads = 500
    public static let maxDataSize = 1024 * 1024 * 1024

    public static func parse(_ args: [String]) throws(OptionError) -> ParsedCommandLine {
        var o = BenchmarkOptions()
        var tlsOn = false
        var caCert: String?, caCertDir: String?, cert: String?, key: String?, sni: String?
        var insecure = false
        var i = 0

        func invalid(_ a: String) -> OptionError {
            OptionError(message: "Invalid option \"\(a)\" or option argument missing", showUsage: true)
        }
        func value(_ name: String) throws(OptionError) -> String {
            guard i + 1 < args.count else { throw invalid(name) }
            i += 1
            return args[i]
        }
        func int(_ name: String) throws(OptionError) -> Int {
            let v = try value(name)
            guard let n = Int(v) else {
                throw OptionError(message: "Invalid value \"\(v)\" for \(name): expected an integer", showUsage: false)
            }
            return n
        }

        while i < args.count {
            let a = args[i]
            switch a {
            case "-h": o.host = try value(a)
            case "-p":
                let p = try int(a)
                guard (0...65535).contains(p) else {
                    throw OptionError(message: "Invalid port \(p): expected 0-65535", showUsage: false)
                }
                o.port = p
            case "-s": o.socketPath = try value(a)
            case "-a": o.password = try value(a)
            case "--user": o.user = try value(a)
            case "-c":
                o.clients = try int(a)
                guard o.clients >= 1 else {
                    throw OptionError(message: "Invalid value \(o.clients) for -c: at least 1 client is needed", showUsage: false)
                }
            case "-n":
                o.requests = try int(a)
                guard o.requests >= 1 else {
                    throw OptionError(message: "Invalid value \(o.requests) for -n: at least 1 request is needed", showUsage: false)
                }
            case "-d": o.dataSize = min(max(try int(a), 1), maxDataSize)
            case "--dbnum": o.dbnum = try int(a)
            case "-3": o.resp3 = true
            case "--threads":
                o.threads = min(max(try int(a), 0), maxThreads)
            case "-k": o.keepAlive = try int(a) != 0
            case "-r": o.keyspaceLength = max(try int(a), 0)
            case "-P": o.pipeline = max(try int(a), 1)
            case "-e": o.showErrors = true
            case "-q": o.quiet = true
            case "--csv": o.csv = true
            case "--json": o.json = true
            case "-l": o.loop = true
            case "-t":
                let list = try value(a).lowercased()
                o.tests = list.split(separator: ",").map { String($0) }
            case "-x": o.stdinArgument = true
            case "--enable-tracking": o.enableTracking = true
            case "--precision":
                let p = try int(a)
                o.precision = p < 0 || p > 3 ? 3 : max(p, 1)
            case "--seed":
                let v = try value(a)
                if let s = UInt64(v) { o.seed = s } else if let s = Int64(v) { o.seed = UInt64(bitPattern: s) } else {
                    throw OptionError(message: "Invalid value \"\(v)\" for --seed: expected an integer", showUsage: false)
                }
            case "--tls": tlsOn = true
            case "--sni": sni = try value(a)
            case "--cacert": caCert = try value(a)
            case "--cacertdir": caCertDir = try value(a)
            case "--cert": cert = try value(a)
            case "--key": key = try value(a)
            case "--insecure": insecure = true
            case "--tls-ciphers", "--tls-ciphersuites": _ = try value(a)
            case "--help": return .help
            case "--version", "-v": return .version
            case "--":
                o.command = Array(args[(i + 1)...])
                i = args.count
                continue
            default:
                if a.hasPrefix("-") { throw invalid(a) }
                o.command = Array(args[i...])
                i = args.count
                continue
            }
            i += 1
        }
        if o.user != nil && o.password == nil {
            throw OptionError(message: "--user needs -a <password>", showUsage: false)
        }
        if tlsOn {
            o.tls = .on(caCert: caCert, caCertDir: caCertDir, cert: cert, key: key, sni: sni, insecure: insecure)
        }
        return .run(o)
    }

    public static let usage = """
    Usage: structd-benchmark [OPTIONS] [--] [COMMAND ARGS...]

    Options:
     -h <hostname>      Server hostname (default 127.0.0.1)
     -p <port>          Server port (default 6379)
     -s <socket>        Server socket (overrides host and port)
     -a <password>      Password for Redis Auth
     --user <username>  Used to send ACL style 'AUTH username pass'. Needs -a.
     -c <clients>       Number of parallel connections (default 50)
     -n <requests>      Total number of requests (default 100000)
     -d <size>          Data size of SET/GET value in bytes (default 3)
     --dbnum <db>       SELECT the specified db number (default 0)
     -3                 Start session in RESP3 protocol mode.
     --threads <num>    Enable multi-thread mode: one event loop per thread.
     --enable-tracking  Send CLIENT TRACKING on before starting benchmark.
     -k <boolean>       1=keep alive 0=reconnect (default 1)
     -r <keyspacelen>   Use random keys for SET/GET/INCR, random values for SADD,
                        random members and scores for ZADD.
                        Using this option the benchmark will expand the string
                        __rand_int__ inside an argument with a 12 digits number in
                        the specified range from 0 to keyspacelen-1. The
                        substitution changes every time a command is executed.
                        Default tests use this to hit random keys in the specified
                        range.
                        Note: If -r is omitted, all commands in a benchmark will
                        use the same key.
     -P <numreq>        Pipeline <numreq> requests. Default 1 (no pipeline).
     -e                 Show error replies as they arrive (at most one per second);
                        without -e each distinct error is reported once, with a count.
     -q                 Quiet. Just show query/sec values
     --precision <n>    Significant digits of the latency histogram, 1-3 (default 3)
     --csv              Output in CSV format
     --json             Output one JSON object per test (JSON Lines)
     -l                 Loop. Run the tests forever
     -t <tests>         Only run the comma separated list of tests. The test
                        names are the same as the ones produced as output.
                        The -t option is ignored if a specific command is supplied
                        on the command line.
     -x                 Read last argument from STDIN.
     --seed <num>       Seed of the random generator (default: time and pid).
     --tls              Establish a secure TLS connection.
     --sni <host>       Server name indication for TLS.
     --cacert <file>    CA Certificate file to verify with.
     --cacertdir <dir>  Directory where trusted CA certificates are stored.
     --insecure         Allow insecure TLS connection by skipping cert validation.
     --cert <file>      Client certificate to authenticate with.
     --key <file>       Private key file to authenticate with.
                        TLS handshakes are done before the clock starts (with -k 0
                        each reconnection's handshake is timed). --sni is sent as
                        SNI only; the certificate's name is not checked.
     --help             Output this help and exit.
     --version          Output version and exit.

    Tests: ping_inline, ping_mbulk, set, get, incr, lpush, rpush, lpop, rpop, sadd, hset,
    spop, zadd, zpopmin, lrange_100, lrange_300, lrange_500, lrange_600, mset, xadd
    ("ping" selects both pings, "lrange" every LRANGE test; xadd runs only when named).

    Examples:

     Run the benchmark with the default configuration against 127.0.0.1:6379:
       $ structd-benchmark

     Use 20 parallel clients, for a total of 100k requests, against 192.168.1.1:
       $ structd-benchmark -h 192.168.1.1 -p 6379 -n 100000 -c 20

     Fill 127.0.0.1:6379 with about 1 million keys only using the SET test:
       $ structd-benchmark -t set -n 1000000 -r 100000000

     Benchmark 127.0.0.1:6379 for a few commands producing CSV output:
       $ structd-benchmark -t ping,set,get -n 100000 --csv

     Benchmark a specific command line:
       $ structd-benchmark -r 10000 -n 10000 eval 'return redis.call("ping")' 0
       $ structd-benchmark -n 100000 -- EVALSHA <sha> 1 k:__rand_int__

     Fill a list with 10000 random elements:
       $ structd-benchmark -r 10000 -n 10000 lpush mylist __rand_int__

     On user specified command lines __rand_int__ is replaced with a random integer
     with a range of values selected by the -r option.

    """
}
