// ConfigTypes.swift — public value types used by the Config module: directive
// metadata (kinds, flags, numeric formats), typed values the server reads hot
// (save points, output-buffer limits, eviction policy, ...) and error types.
// Facts (names, numeric codes, error strings) follow Redis 7.0.15.

/// Per-directive behaviour flags (mirrors redis' *_CONFIG flags).
public struct DirectiveFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// Cannot be changed with CONFIG SET ("can't set immutable config").
    public static let immutable = DirectiveFlags(rawValue: 1 << 0)
    /// Value must be redacted from slowlog/monitor when set.
    public static let sensitive = DirectiveFlags(rawValue: 1 << 1)
    /// CONFIG SET only allowed when enable-protected-configs permits it.
    public static let protected = DirectiveFlags(rawValue: 1 << 2)
    /// Not matched by CONFIG GET patterns (exact name only).
    public static let hidden = DirectiveFlags(rawValue: 1 << 3)
    /// Takes several words ("save 900 1 300 10").
    public static let multiArg = DirectiveFlags(rawValue: 1 << 4)
    /// CONFIG SET refused with -LOADING while the dataset is loading.
    public static let denyLoading = DirectiveFlags(rawValue: 1 << 5)
}

/// How a numeric directive accepts and prints its value.
public enum NumericFormat: Sendable, Equatable {
    /// Plain integer (redis string2ll: no '+', no leading zeros, no spaces).
    case integer
    /// Memory value parsed with memtoull: `1k`=1000, `1kb`=1024, `m`/`mb`, `g`/`gb`, `b`.
    case memory
    /// Memory value or `N%` (stored negated, like redis).
    case memoryOrPercent
    /// Octal (strtoll base 8), printed with %llo.
    case octal
}

/// Numeric directive description. Bounds and default are stored as the
/// Int64 bit pattern redis keeps in a `long long`.
public struct NumericSpec: Sendable, Equatable {
    public let min: Int64
    public let max: Int64
    public let defaultValue: Int64
    public let format: NumericFormat
    /// Underlying C type is unsigned (unsigned int / size_t / unsigned long long):
    /// bounds are compared as unsigned and printed with %llu.
    public let unsigned: Bool
}

/// Enum directive description. `bitflags` enums accept several names and OR them.
public struct EnumSpec: Sendable, Equatable {
    public let names: [(String, Int)]
    public let defaultValue: Int
    public let bitflags: Bool
    public static func == (a: EnumSpec, b: EnumSpec) -> Bool {
        a.defaultValue == b.defaultValue && a.bitflags == b.bitflags
            && a.names.map { $0.0 } == b.names.map { $0.0 } && a.names.map { $0.1 } == b.names.map { $0.1 }
    }
}

/// Directives whose parsing/printing is not one of the generic kinds.
public enum SpecialKind: Sendable, Equatable {
    case save, clientOutputBufferLimit, bind, dir, oomScoreAdjValues
    case notifyKeyspaceEvents, replicaof, latencyTrackingInfoPercentiles
}

/// Extra validation run after the generic parse (redis `is_valid_fn`).
public enum ValueCheck: Sendable, Equatable {
    case dbfilename, aofFilename, aofDirname, announcedHostname, procTitleTemplate
    case activeDefrag, shutdownOnSigFlags
}

/// The type of a directive.
public enum DirectiveKind: Sendable, Equatable {
    case bool(defaultValue: Bool)
    case numeric(NumericSpec)
    case enumeration(EnumSpec)
    /// `defaultValue == nil` means NULL (empty string). `emptyIsNull`: an
    /// empty value is stored as NULL (not written by CONFIG REWRITE).
    case string(defaultValue: String?, emptyIsNull: Bool)
    case special(SpecialKind)
}

/// One row of the directive table.
public struct DirectiveSpec: Sendable {
    public let name: String
    public let alias: String?
    public let kind: DirectiveKind
    public let flags: DirectiveFlags
    public let check: ValueCheck?
}

/// A `save <seconds> <changes>` point.
public struct SaveParam: Equatable, Sendable, CustomStringConvertible {
    public var seconds: Int
    public var changes: Int
    public init(seconds: Int, changes: Int) { self.seconds = seconds; self.changes = changes }
    public var description: String { "\(seconds) \(changes)" }
}

/// One client class' output buffer limit.
public struct ClientOutputBufferLimit: Equatable, Sendable {
    public var hardLimitBytes: UInt64
    public var softLimitBytes: UInt64
    public var softLimitSeconds: Int
    public init(hardLimitBytes: UInt64, softLimitBytes: UInt64, softLimitSeconds: Int) {
        self.hardLimitBytes = hardLimitBytes
        self.softLimitBytes = softLimitBytes
        self.softLimitSeconds = softLimitSeconds
    }
}

/// client-output-buffer-limit for the three classes redis knows.
public struct ClientOutputBufferLimits: Equatable, Sendable {
    public var normal: ClientOutputBufferLimit
    public var replica: ClientOutputBufferLimit
    public var pubsub: ClientOutputBufferLimit
    public static let defaults = ClientOutputBufferLimits(
        normal: .init(hardLimitBytes: 0, softLimitBytes: 0, softLimitSeconds: 0),
        replica: .init(hardLimitBytes: 256 << 20, softLimitBytes: 64 << 20, softLimitSeconds: 60),
        pubsub: .init(hardLimitBytes: 32 << 20, softLimitBytes: 8 << 20, softLimitSeconds: 60))
    /// Indexed access in redis' class order: 0 normal, 1 replica (slave), 2 pubsub.
    public subscript(index: Int) -> ClientOutputBufferLimit {
        get { index == 0 ? normal : (index == 1 ? replica : pubsub) }
        set {
            switch index {
            case 0: normal = newValue
            case 1: replica = newValue
            default: pubsub = newValue
            }
        }
    }
}

/// maxmemory-policy values (raw values are redis' MAXMEMORY_* codes:
/// bit 0 = LRU, bit 1 = LFU, bit 2 = all keys, policy id in bits 8+).
public enum MaxmemoryPolicy: Int, Sendable, CaseIterable {
    case volatileLRU = 1
    case volatileLFU = 258
    case volatileTTL = 512
    case volatileRandom = 768
    case allkeysLRU = 1029
    case allkeysLFU = 1286
    case allkeysRandom = 1540
    case noeviction = 1792
    public var usesLRU: Bool { rawValue & 1 != 0 }
    public var usesLFU: Bool { rawValue & 2 != 0 }
    public var allKeys: Bool { rawValue & 4 != 0 }
    public var name: String {
        switch self {
        case .volatileLRU: return "volatile-lru"
        case .volatileLFU: return "volatile-lfu"
        case .volatileTTL: return "volatile-ttl"
        case .volatileRandom: return "volatile-random"
        case .allkeysLRU: return "allkeys-lru"
        case .allkeysLFU: return "allkeys-lfu"
        case .allkeysRandom: return "allkeys-random"
        case .noeviction: return "noeviction"
        }
    }
}

/// loglevel values (raw values are redis' LL_* codes).
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case debug = 0, verbose = 1, notice = 2, warning = 3
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// enable-debug-command / enable-module-command / enable-protected-configs.
public enum ProtectedAction: Int, Sendable, CaseIterable {
    case no = 0, yes = 1, local = 2
    /// Whether a client (local = connected over loopback / unix socket) may act.
    public func allows(clientIsLocal: Bool) -> Bool {
        self == .yes || (self == .local && clientIsLocal)
    }
}

/// appendfsync values.
public enum AppendFsync: Int, Sendable, CaseIterable {
    case no = 0, always = 1, everysec = 2
}

/// notify-keyspace-events bits (redis NOTIFY_* values).
public struct KeyspaceEventFlags: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let keyspace = KeyspaceEventFlags(rawValue: 1 << 0)   // K
    public static let keyevent = KeyspaceEventFlags(rawValue: 1 << 1)   // E
    public static let generic = KeyspaceEventFlags(rawValue: 1 << 2)    // g
    public static let string = KeyspaceEventFlags(rawValue: 1 << 3)     // $
    public static let list = KeyspaceEventFlags(rawValue: 1 << 4)       // l
    public static let set = KeyspaceEventFlags(rawValue: 1 << 5)        // s
    public static let hash = KeyspaceEventFlags(rawValue: 1 << 6)       // h
    public static let zset = KeyspaceEventFlags(rawValue: 1 << 7)       // z
    public static let expired = KeyspaceEventFlags(rawValue: 1 << 8)    // x
    public static let evicted = KeyspaceEventFlags(rawValue: 1 << 9)    // e
    public static let stream = KeyspaceEventFlags(rawValue: 1 << 10)    // t
    public static let keyMiss = KeyspaceEventFlags(rawValue: 1 << 11)   // m
    public static let module = KeyspaceEventFlags(rawValue: 1 << 12)    // d
    public static let new = KeyspaceEventFlags(rawValue: 1 << 13)       // n
    /// 'A': every class except key-miss and new.
    public static let all: KeyspaceEventFlags = [.generic, .string, .list, .set, .hash, .zset,
                                                 .expired, .evicted, .stream, .module]
}

/// shutdown-on-sigint / shutdown-on-sigterm bits.
public struct ShutdownFlags: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let save = ShutdownFlags(rawValue: 1)
    public static let nosave = ShutdownFlags(rawValue: 2)
    public static let now = ShutdownFlags(rawValue: 4)
    public static let force = ShutdownFlags(rawValue: 8)
}

/// Error thrown while loading configuration at startup. `message` is exactly
/// what redis-server writes to stderr before exiting with status 1 (for
/// `kind == .openFile` it is the text redis logs at WARNING level instead).
public struct ConfigLoadError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable { case directive, openFile }
    public let kind: Kind
    /// 1-based line inside the text being parsed (nil for post-load checks).
    public let line: Int?
    /// The offending line after trimming, as redis echoes it.
    public let lineText: String?
    /// The reason (last line of the message).
    public let reason: String
    /// File the text came from, if known (not part of redis' message).
    public let fileName: String?
    public let message: String
    public var description: String { message }

    init(kind: Kind, line: Int?, lineText: String?, reason: String, fileName: String?) {
        self.kind = kind
        self.line = line
        self.lineText = lineText
        self.reason = reason
        self.fileName = fileName
        switch kind {
        case .openFile:
            message = reason
        case .directive:
            var m = "\n*** FATAL CONFIG FILE ERROR (Redis \(ServerConfig.redisVersion)) ***\n"
            if let line, let lineText {
                m += "Reading the configuration file, at line \(line)\n"
                m += ">>> '\(lineText)'\n"
            }
            m += reason + "\n"
            message = m
        }
    }
}

/// Error returned by CONFIG SET. `message` is the complete error reply text
/// (without the leading '-'), e.g. `ERR Unknown option or number of arguments for CONFIG SET - 'foo'`.
public struct ConfigSetError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Error thrown by CONFIG REWRITE. `message` is the errno text, or "The
/// server is running without a config file" (errno 0); `reply` is the full
/// error reply redis sends for it.
public struct ConfigRewriteError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let errno: Int32
    public var description: String { message }
    public var reply: String { errno == 0 ? "ERR \(message)" : "ERR Rewriting config file: \(message)" }
}
