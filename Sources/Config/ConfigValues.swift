// ConfigValues.swift — the internal stored representation of a directive's
// value and the pure per-kind logic: parse (with redis' exact error strings),
// format for CONFIG GET, and default values. No state lives here.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Stored value of one directive.
enum StoredValue: Equatable {
    case bool(Bool)
    case num(Int64)
    case enumv(Int)
    case str(String?)
    case save([SaveParam])
    case obuf(ClientOutputBufferLimits)
    case bind([String])
    case dir(String)
    case oom([Int])
    case notify(Int)
    case replicaof(host: String?, port: Int)
    case percentiles([Double])
}

enum ConfigValues {
    static let defaultBind = ["*", "-::*"]
    static let defaultSave = [SaveParam(seconds: 3600, changes: 1), SaveParam(seconds: 300, changes: 100),
                              SaveParam(seconds: 60, changes: 10000)]
    static let defaultOOM = [0, 200, 800]
    static let defaultPercentiles: [Double] = [50, 99, 99.9]
    static let bindAddrMax = 16
    static let procTitleVariables: Set<String> = ["title", "listen-addr", "server-mode", "port", "tls-port",
                                                  "unixsocket", "config-file"]

    static func currentDirectory() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return "" }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func errnoString(_ e: Int32) -> String { String(cString: strerror(e)) }

    static func defaultValue(_ spec: DirectiveSpec) -> StoredValue {
        switch spec.kind {
        case .bool(let d): return .bool(d)
        case .numeric(let n): return .num(n.defaultValue)
        case .enumeration(let e): return .enumv(e.defaultValue)
        case .string(let d, _): return .str(d)
        case .special(let k):
            switch k {
            case .save: return .save(defaultSave)
            case .clientOutputBufferLimit: return .obuf(.defaults)
            case .bind: return .bind(defaultBind)
            case .dir: return .dir(currentDirectory())
            case .oomScoreAdjValues: return .oom(defaultOOM)
            case .notifyKeyspaceEvents: return .notify(0)
            case .replicaof: return .replicaof(host: nil, port: 6379)
            case .latencyTrackingInfoPercentiles: return .percentiles(defaultPercentiles)
            }
        }
    }

    // MARK: formatting (CONFIG GET)

    static func enumName(_ e: EnumSpec, _ v: Int) -> String {
        for (name, val) in e.names where val == v { return name }
        if e.bitflags {
            var unmatched = v
            var parts: [String] = []
            for (name, val) in e.names where val != 0 && (unmatched & val) == val {
                parts.append(name)
                unmatched &= ~val
            }
            if !parts.isEmpty && unmatched == 0 { return parts.joined(separator: " ") }
        }
        return "unknown"
    }

    static func formatNumeric(_ n: NumericSpec, _ v: Int64) -> String {
        if n.format == .memoryOrPercent && v < 0 { return "\(-v)%" }
        switch n.format {
        case .memory, .memoryOrPercent: return String(UInt64(bitPattern: v))
        case .octal: return String(UInt64(bitPattern: v), radix: 8)
        case .integer: return String(v)
        }
    }

    static func format(_ spec: DirectiveSpec, _ value: StoredValue) -> String {
        switch (spec.kind, value) {
        case (_, .bool(let b)): return b ? "yes" : "no"
        case (.numeric(let n), .num(let v)): return formatNumeric(n, v)
        case (.enumeration(let e), .enumv(let v)): return enumName(e, v)
        case (_, .str(let s)): return s ?? ""
        case (_, .save(let p)): return p.map { "\($0.seconds) \($0.changes)" }.joined(separator: " ")
        case (_, .obuf(let o)):
            let names = ["normal", "slave", "pubsub"]
            return (0..<3).map { i in
                "\(names[i]) \(o[i].hardLimitBytes) \(o[i].softLimitBytes) \(o[i].softLimitSeconds)"
            }.joined(separator: " ")
        case (_, .bind(let a)): return a.joined(separator: " ")
        case (_, .dir(let d)): return d
        case (_, .oom(let v)): return v.map(String.init).joined(separator: " ")
        case (_, .notify(let f)): return ConfigParsing.keyspaceEventsString(f)
        case (_, .replicaof(let h, let p)): return h.map { "\($0) \(p)" } ?? ""
        case (_, .percentiles(let p)): return p.map(ConfigParsing.formatPercentile).joined(separator: " ")
        default: return ""
        }
    }

    // MARK: parsing

    /// Parse a numeric argument and check bounds; error text as redis.
    static func parseNumeric(_ n: NumericSpec, _ v: String) -> Result<Int64, ParseError> {
        var res: Int64?
        switch n.format {
        case .memory, .memoryOrPercent:
            if let u = ConfigParsing.memtoull(v) {
                res = Int64(bitPattern: u)
            } else if n.format == .memoryOrPercent, v.utf8.count > 1, v.utf8.last == UInt8(ascii: "%"),
                      let p = ConfigParsing.string2ll(v.dropLast()), p >= 0 {
                res = -p
            }
        case .octal:
            res = ConfigParsing.strtollFull(v, base: 8)
        case .integer:
            res = ConfigParsing.string2ll(v)
        }
        guard let ll = res else {
            switch n.format {
            case .memoryOrPercent: return .failure("argument must be a memory or percent value")
            case .memory: return .failure("argument must be a memory value")
            case .octal: return .failure("argument couldn't be parsed as an octal number")
            case .integer: return .failure("argument couldn't be parsed into an integer")
            }
        }
        if n.unsigned {
            let u = UInt64(bitPattern: ll), lo = UInt64(bitPattern: n.min), hi = UInt64(bitPattern: n.max)
            if u > hi || u < lo {
                if n.format == .octal {
                    return .failure(ParseError(
                        "argument must be between \(String(lo, radix: 8)) and \(String(hi, radix: 8)) inclusive"))
                }
                return .failure(ParseError("argument must be between \(lo) and \(hi) inclusive"))
            }
        } else if n.format == .memoryOrPercent && ll < 0 {
            if ll < n.min { return .failure(ParseError("percentage argument must be less or equal to \(-n.min)")) }
        } else if ll > n.max || ll < n.min {
            return .failure(ParseError("argument must be between \(n.min) and \(n.max) inclusive"))
        }
        return .success(ll)
    }

    static func parseEnum(_ e: EnumSpec, _ args: [String]) -> Int? {
        if args.isEmpty || (!e.bitflags && args.count != 1) { return nil }
        var values = 0
        for a in args {
            let la = asciiLowercased(a)
            var matched = false
            for (name, val) in e.names where name == la {
                values |= val
                matched = true
            }
            if !matched { return nil }
        }
        return values
    }

    static func enumError(_ e: EnumSpec) -> String {
        var s = "argument(s) must be one of the following: " + e.names.map { $0.0 }.joined(separator: ", ")
        if s.utf8.count > 255 { s = String(decoding: s.utf8.prefix(255), as: UTF8.self) }
        return s
    }

    static func pathIsBaseName(_ s: String) -> Bool {
        !s.utf8.contains(UInt8(ascii: "/")) && !s.utf8.contains(UInt8(ascii: "\\"))
    }

    /// sdstemplate-based validation of proc-title-template.
    static func validProcTitleTemplate(_ t: String, unixsocket: String?) -> Bool {
        var out = ""
        var rest = Substring(t)
        while !rest.isEmpty {
            guard let open = rest.firstIndex(of: "{") else { out += rest; break }
            out += rest[rest.startIndex..<open]
            var sv = rest.index(after: open)
            if sv == rest.endIndex { return false }
            if rest[sv] == "{" { out += "{"; rest = rest[rest.index(after: sv)...]; continue }
            guard let close = rest[sv...].firstIndex(of: "}") else { return false }
            let name = String(rest[sv..<close])
            guard procTitleVariables.contains(name) else { return false }
            switch name {
            case "title", "server-mode": break
            case "unixsocket": out += unixsocket ?? ""
            default: out += "x"
            }
            sv = rest.index(after: close)
            rest = rest[sv...]
        }
        return !out.trimmingSpaces.isEmpty
    }

    static func check(_ c: ValueCheck, string s: String, unixsocket: String?) -> String? {
        switch c {
        case .dbfilename:
            return pathIsBaseName(s) ? nil : "dbfilename can't be a path, just a filename"
        case .aofFilename:
            if s.isEmpty { return "appendfilename can't be empty" }
            return pathIsBaseName(s) ? nil : "appendfilename can't be a path, just a filename"
        case .aofDirname:
            if s.isEmpty { return "appenddirname can't be empty" }
            return pathIsBaseName(s) ? nil : "appenddirname can't be a path, just a dirname"
        case .announcedHostname:
            if s.utf8.count >= 256 { return "Hostnames must be less than 256 characters" }
            for c in s.utf8 {
                let ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
                    || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
                if !ok { return "Hostnames may only contain alphanumeric characters, hyphens or dots" }
            }
            return nil
        case .procTitleTemplate:
            return validProcTitleTemplate(s, unixsocket: unixsocket)
                ? nil : "template format is invalid or contains unknown variables"
        default:
            return nil
        }
    }

    static func check(_ c: ValueCheck, int v: Int) -> String? {
        switch c {
        case .activeDefrag:
            return v != 0 ? "Active defragmentation cannot be enabled: it requires a Redis server compiled with a "
                + "modified Jemalloc like the one shipped by default with the Redis source distribution" : nil
        case .shutdownOnSigFlags:
            return (v & ShutdownFlags.save.rawValue != 0 && v & ShutdownFlags.nosave.rawValue != 0)
                ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : nil
        default:
            return nil
        }
    }

    /// client type by name as getClientTypeByName (master is rejected by the caller).
    static func clientClass(_ s: String) -> Int? {
        switch asciiLowercased(s) {
        case "normal": return 0
        case "slave", "replica": return 1
        case "pubsub": return 2
        case "master": return 3
        default: return nil
        }
    }

    /// Parse arguments for a directive. `current` is the present value (used by
    /// client-output-buffer-limit, which only updates the listed classes, and
    /// dir, which resolves relative paths against the current directory).
    static func parse(_ spec: DirectiveSpec, _ args: [String], current: StoredValue,
                      unixsocket: String?) -> Result<StoredValue, ParseError> {
        switch spec.kind {
        case .bool:
            let v = asciiLowercased(args.first ?? "")
            guard v == "yes" || v == "no" else { return .failure("argument must be 'yes' or 'no'") }
            if let c = spec.check, let err = check(c, int: v == "yes" ? 1 : 0) { return .failure(ParseError(err)) }
            return .success(.bool(v == "yes"))
        case .numeric(let n):
            switch parseNumeric(n, args.first ?? "") {
            case .failure(let e): return .failure(e)
            case .success(var v):
                if spec.name == "hz" { v = Swift.min(Swift.max(v, 1), 500) }
                return .success(.num(v))
            }
        case .enumeration(let e):
            guard let v = parseEnum(e, args) else { return .failure(ParseError(enumError(e))) }
            if let c = spec.check, let err = check(c, int: v) { return .failure(ParseError(err)) }
            return .success(.enumv(v))
        case .string(_, let emptyIsNull):
            let s = args.first ?? ""
            if let c = spec.check, let err = check(c, string: s, unixsocket: unixsocket) {
                return .failure(ParseError(err))
            }
            return .success(.str(emptyIsNull && s.isEmpty ? nil : s))
        case .special(let k):
            return parseSpecial(k, args, current: current)
        }
    }

    static func parseSpecial(_ k: SpecialKind, _ argsIn: [String], current: StoredValue) -> Result<StoredValue, ParseError> {
        var args = argsIn
        switch k {
        case .save:
            if args.count == 1 && args[0].isEmpty { args = [] }
            if args.count % 2 != 0 { return .failure("Invalid save parameters") }
            var params: [SaveParam] = []
            var j = 0
            while j < args.count {
                guard let secs = ConfigParsing.strtollLoose(args[j]), secs >= 1,
                      let ch = ConfigParsing.strtollLoose(args[j + 1]), ch >= 0 else {
                    return .failure("Invalid save parameters")
                }
                params.append(SaveParam(seconds: Int(secs), changes: Int(Int32(truncatingIfNeeded: ch))))
                j += 2
            }
            return .success(.save(params))
        case .clientOutputBufferLimit:
            guard case .obuf(var limits) = current else { return .failure("internal error") }
            if args.count % 4 != 0 { return .failure("Wrong number of arguments in buffer limit configuration.") }
            var staged: [(Int, ClientOutputBufferLimit)] = []
            var j = 0
            while j < args.count {
                guard let cls = clientClass(args[j]), cls != 3 else {
                    return .failure("Invalid client class specified in buffer limit configuration.")
                }
                let hard = ConfigParsing.memtoull(args[j + 1])
                let soft = ConfigParsing.memtoull(args[j + 2])
                let secs = ConfigParsing.strtollLoose(args[j + 3]).map { Int32(truncatingIfNeeded: $0) }
                guard let hard, let soft, let secs, secs >= 0 else {
                    return .failure("Error in hard, soft or soft_seconds setting in buffer limit configuration.")
                }
                staged.append((cls, ClientOutputBufferLimit(hardLimitBytes: hard, softLimitBytes: soft,
                                                            softLimitSeconds: Int(secs))))
                j += 4
            }
            for (cls, l) in staged { limits[cls] = l }
            return .success(.obuf(limits))
        case .bind:
            if args.count > bindAddrMax { return .failure("Too many bind addresses specified.") }
            if args.count == 1 && args[0].isEmpty { args = [] }
            return .success(.bind(args))
        case .dir:
            guard args.count == 1 else { return .failure("wrong number of arguments") }
            guard case .dir(let cur) = current else { return .failure("internal error") }
            return resolveDirectory(args[0], relativeTo: cur).map { .dir($0) }
        case .oomScoreAdjValues:
            guard args.count == 3 else { return .failure("wrong number of arguments") }
            var vals: [Int] = []
            for a in args {
                guard let v = ConfigParsing.strtollLoose(a), v >= -2000, v <= 2000 else {
                    return .failure("Invalid oom-score-adj-values, elements must be between -2000 and 2000.")
                }
                vals.append(Int(v))
            }
            return .success(.oom(vals))
        case .notifyKeyspaceEvents:
            guard args.count == 1 else { return .failure("wrong number of arguments") }
            guard let f = ConfigParsing.keyspaceEventsFlags(args[0]) else {
                return .failure("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
            }
            return .success(.notify(f))
        case .replicaof:
            guard args.count == 2 else { return .failure("wrong number of arguments") }
            if asciiLowercased(args[0]) == "no" && asciiLowercased(args[1]) == "one" {
                return .success(.replicaof(host: nil, port: 6379))
            }
            guard let port = ConfigParsing.strtollLoose(args[1]), port >= 0, port <= 65535 else {
                return .failure("Invalid master port")
            }
            return .success(.replicaof(host: args[0], port: Int(port)))
        case .latencyTrackingInfoPercentiles:
            if args.count == 1 && args[0].isEmpty { args = [] }
            var vals: [Double] = []
            for a in args {
                guard let d = ConfigParsing.string2d(a) else {
                    return .failure("Invalid latency-tracking-info-percentiles parameters")
                }
                if d > 100.0 || d < 0.0 {
                    return .failure("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")
                }
                vals.append(d)
            }
            return .success(.percentiles(vals))
        }
    }

    /// Validate a `dir` argument the way chdir() would judge it, returning the
    /// absolute (symlink-resolved) path the server should chdir to.
    static func resolveDirectory(_ path: String, relativeTo base: String) -> Result<String, ParseError> {
        let full = path.hasPrefix("/") || base.isEmpty ? path : (base.hasSuffix("/") ? base + path : base + "/" + path)
        var st = stat()
        if path.isEmpty { return .failure(ParseError(errnoString(ENOENT))) }
        if stat(full, &st) != 0 { return .failure(ParseError(errnoString(errno))) }
        if (st.st_mode & S_IFMT) != S_IFDIR { return .failure(ParseError(errnoString(ENOTDIR))) }
        if access(full, X_OK) != 0 { return .failure(ParseError(errnoString(errno))) }
        guard let rp = realpath(full, nil) else { return .success(full) }
        defer { free(rp) }
        return .success(String(cString: rp))
    }
}

/// A parse/validation failure message (the text after "... - ").
struct ParseError: Error, ExpressibleByStringLiteral, Equatable {
    let message: String
    init(_ m: String) { message = m }
    init(stringLiteral m: String) { message = m }
}

extension String {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
