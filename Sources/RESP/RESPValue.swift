// RESPValue: a whole RESP2/RESP3 reply as a tree, for the edges of the server.
//
// The request hot path never builds one of these: requests are parsed into argument slices of
// the read buffer (RequestParser) and replies are written straight into the output buffer.
// This tree exists for the places where a reply has to be held as a value: tests (compare what
// the server sent with what Redis sends), Lua (redis.call results converted to Lua tables and
// back), and metadata committed as data (the COMMAND INFO / COMMAND DOCS catalog in Server).
//
// One case per RESP3 type, with RESP2's types being a subset:
//   simple    +OK                       error     -ERR x   and RESP3 blob error  !<len>
//   integer   :42                       bulk      $<len>
//   null      $-1, *-1, RESP3 _         array     *<n>
//   map       RESP3 %<n>, stored flattened as k1, v1, k2, v2 ... (2n elements)
//   set       RESP3 ~<n>                push      RESP3 ><n>
//   double    RESP3 ,1.5 ,inf ,-inf ,nan
//   boolean   RESP3 #t #f               bigNumber RESP3 (<digits>
//   verbatim  RESP3 =<len> with a three-byte format ("txt", "mkd") and the text
// RESP3 attributes (|) carry out-of-band data and have no case: the parser skips them.
//
// Strings are raw bytes ([UInt8]): Redis strings are binary-safe, and a test must be able to
// tell "\xff" from U+FFFD. `.bulk("text")`, `.simple("OK")`, `.error("ERR x")` build from Swift
// strings; `string` reads back (lossy UTF-8 decoding).
//
// Equality is structural, with two choices made for doubles so that Hashable's laws hold and a
// parsed ",nan" equals `.double(.nan)`: every NaN equals every NaN, and 0.0 equals -0.0 (as
// Double's own == says). `==`, `hash(into:)` and `description` walk the tree with an explicit
// stack, so a hostile or accidental deep nesting cannot overflow the thread's stack (the parser
// bounds depth too, see RESPValueParser).

public indirect enum RESPValue: Sendable {
    case simple([UInt8])
    case error([UInt8])
    case integer(Int64)
    case bulk([UInt8])
    case null
    case array([RESPValue])
    /// Flattened key, value, key, value ...: always an even number of elements.
    case map([RESPValue])
    case set([RESPValue])
    case push([RESPValue])
    case double(Double)
    case boolean(Bool)
    case bigNumber([UInt8])
    /// `format` is three bytes ("txt", "mkd"); `text` is the payload after "fmt:".
    case verbatim(format: [UInt8], text: [UInt8])
}

// MARK: - Convenience constructors and accessors

extension RESPValue {
    /// A bulk string holding the UTF-8 bytes of `s`.
    public static func bulk(_ s: String) -> RESPValue { .bulk(Array(s.utf8)) }
    /// A simple (status) string holding the UTF-8 bytes of `s`.
    public static func simple(_ s: String) -> RESPValue { .simple(Array(s.utf8)) }
    /// An error holding the UTF-8 bytes of `s` (for example "ERR syntax error").
    public static func error(_ s: String) -> RESPValue { .error(Array(s.utf8)) }
    /// A map built from key/value pairs (stored flattened).
    public static func map(pairs: [(RESPValue, RESPValue)]) -> RESPValue {
        var flat: [RESPValue] = []
        flat.reserveCapacity(pairs.count * 2)
        for (k, v) in pairs { flat.append(k); flat.append(v) }
        return .map(flat)
    }

    /// The bytes of a string-like value: simple, error, bulk, big number, verbatim text.
    public var bytes: [UInt8]? {
        switch self {
        case .simple(let b), .error(let b), .bulk(let b), .bigNumber(let b): return b
        case .verbatim(_, let text): return text
        default: return nil
        }
    }

    /// `bytes` decoded as UTF-8 (invalid sequences become U+FFFD); nil for non-string values.
    public var string: String? {
        guard let b = bytes else { return nil }
        return String(decoding: b, as: UTF8.self)
    }

    /// The value of an `.integer`; nil for everything else.
    public var int64: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }

    /// The children of an aggregate (array, map flattened, set, push); nil for scalars.
    public var elements: [RESPValue]? {
        switch self {
        case .array(let a), .map(let a), .set(let a), .push(let a): return a
        default: return nil
        }
    }

    /// For a `.map`: the value whose key's bytes equal `key` (first match); nil otherwise.
    public subscript(key key: String) -> RESPValue? {
        guard case .map(let flat) = self else { return nil }
        let k = Array(key.utf8)
        var i = 0
        while i + 1 < flat.count {
            if flat[i].bytes == k { return flat[i + 1] }
            i += 2
        }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A small number identifying the case, used by `==` and `hash(into:)`.
    @usableFromInline
    var caseTag: UInt8 {
        switch self {
        case .simple: return 0
        case .error: return 1
        case .integer: return 2
        case .bulk: return 3
        case .null: return 4
        case .array: return 5
        case .map: return 6
        case .set: return 7
        case .push: return 8
        case .double: return 9
        case .boolean: return 10
        case .bigNumber: return 11
        case .verbatim: return 12
        }
    }
}

// MARK: - Hashable (iterative)

extension RESPValue: Hashable {
    public static func == (lhs: RESPValue, rhs: RESPValue) -> Bool {
        // Pairs still to compare; aggregates push their children pairwise.
        var pending: [(RESPValue, RESPValue)] = [(lhs, rhs)]
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case (.simple(let x), .simple(let y)), (.error(let x), .error(let y)),
                 (.bulk(let x), .bulk(let y)), (.bigNumber(let x), .bigNumber(let y)):
                if x != y { return false }
            case (.integer(let x), .integer(let y)):
                if x != y { return false }
            case (.null, .null):
                break
            case (.boolean(let x), .boolean(let y)):
                if x != y { return false }
            case (.double(let x), .double(let y)):
                if !(x == y || (x.isNaN && y.isNaN)) { return false }
            case (.verbatim(let f1, let t1), .verbatim(let f2, let t2)):
                if f1 != f2 || t1 != t2 { return false }
            case (.array(let x), .array(let y)), (.map(let x), .map(let y)),
                 (.set(let x), .set(let y)), (.push(let x), .push(let y)):
                if x.count != y.count { return false }
                for i in x.indices { pending.append((x[i], y[i])) }
            default:
                return false
            }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        var pending: [RESPValue] = [self]
        while let v = pending.popLast() {
            hasher.combine(v.caseTag)
            switch v {
            case .simple(let b), .error(let b), .bulk(let b), .bigNumber(let b):
                hasher.combine(b)
            case .integer(let i):
                hasher.combine(i)
            case .null:
                break
            case .boolean(let b):
                hasher.combine(b)
            case .double(let d):
                // All NaNs are equal under ==, so they must hash alike; Double's own hash
                // already makes 0.0 and -0.0 agree.
                if d.isNaN { hasher.combine(UInt8(0xFF)) } else { hasher.combine(d) }
            case .verbatim(let f, let t):
                hasher.combine(f)
                hasher.combine(t)
            case .array(let a), .map(let a), .set(let a), .push(let a):
                hasher.combine(a.count)
                pending.append(contentsOf: a.reversed())
            }
        }
    }
}

// MARK: - redis-cli-like rendering

extension RESPValue: CustomStringConvertible {
    /// The value as `redis-cli` (7.0, `--no-raw`) prints it, without the final newline:
    /// `OK`, `(error) ERR x`, `(integer) 1`, `"bulk\n"` (quoted and escaped like sdscatrepr),
    /// `(nil)`, `(double) 1.5`, `(true)`, verbatim text as is, `1) ...` for arrays and
    /// pushes, `1~ ...` for sets, `1# key => value` for maps, `(empty array)` /
    /// `(empty hash)` / `(empty set)` / `(empty push)`. Big numbers print as
    /// `(big number) 123` (redis-cli 7.0 itself cannot print them).
    public var description: String {
        // redis-cli formats recursively: an aggregate writes each element's index prefix, then
        // the element formatted with the prefix grown by the index width + 2 ("1) " for the
        // first element only, the parent already wrote the line's start). For maps it removes
        // the key's newline, writes " => " and the value; a value that takes several lines
        // starts on a new line, indented by the grown prefix. The same steps run here from an
        // explicit stack of tasks, so depth costs heap, not thread stack.
        enum Task {
            case value(RESPValue, prefix: [UInt8])
            case text([UInt8])
            case dropNewline
            case mapValueStart
            case mapValueEnd(prefix: [UInt8])
        }
        var out: [UInt8] = []
        var marks: [Int] = []
        var tasks: [Task] = [.value(self, prefix: [])]
        func line(_ s: String) { out.append(contentsOf: s.utf8); out.append(10) }
        func line(_ tag: String, _ b: [UInt8]) {
            out.append(contentsOf: tag.utf8); out.append(contentsOf: b); out.append(10)
        }
        while let task = tasks.popLast() {
            switch task {
            case .text(let s):
                out.append(contentsOf: s)
            case .dropNewline:
                if out.last == 10 { out.removeLast() }
            case .mapValueStart:
                marks.append(out.count)
            case .mapValueEnd(let prefix):
                let mark = marks.removeLast()
                if out[mark...].lazy.filter({ $0 == 10 }).count > 1 {
                    out.insert(contentsOf: [10] + prefix, at: mark)
                }
            case .value(let v, let prefix):
                switch v {
                case .simple(let b): line("", b)
                case .error(let b): line("(error) ", b)
                case .integer(let i): line("(integer) \(i)")
                case .bulk(let b): line(RESPValue.quoted(b))
                case .null: line("(nil)")
                case .double(let d): line("(double) " + RESPValue.formatDouble(d))
                case .boolean(let b): line(b ? "(true)" : "(false)")
                case .bigNumber(let b): line("(big number) ", b)
                case .verbatim(_, let t): line("", t)
                case .array(let a), .map(let a), .set(let a), .push(let a):
                    let isMap: Bool
                    let separator: UInt8
                    let empty: String
                    switch v {
                    case .set: (isMap, separator, empty) = (false, UInt8(ascii: "~"), "(empty set)")
                    case .map: (isMap, separator, empty) = (true, UInt8(ascii: "#"), "(empty hash)")
                    case .push: (isMap, separator, empty) = (false, UInt8(ascii: ")"), "(empty push)")
                    default: (isMap, separator, empty) = (false, UInt8(ascii: ")"), "(empty array)")
                    }
                    if a.isEmpty {
                        line(empty)
                        continue
                    }
                    let width = String(isMap ? a.count / 2 : a.count).utf8.count
                    let childPrefix = prefix + [UInt8](repeating: 32, count: width + 2)
                    var expanded: [Task] = []
                    expanded.reserveCapacity(a.count * 3)
                    var i = 0
                    var index = 1
                    while i < a.count {
                        let number = Array(String(index).utf8)
                        var head = i == 0 ? [] : prefix
                        head.append(contentsOf: [UInt8](repeating: 32, count: width - number.count))
                        head.append(contentsOf: number)
                        head.append(separator)
                        head.append(32)
                        expanded.append(.text(head))
                        expanded.append(.value(a[i], prefix: childPrefix))
                        if isMap && i + 1 < a.count {
                            expanded.append(.dropNewline)
                            expanded.append(.text(Array(" => ".utf8)))
                            expanded.append(.mapValueStart)
                            expanded.append(.value(a[i + 1], prefix: childPrefix))
                            expanded.append(.mapValueEnd(prefix: childPrefix))
                            i += 2
                        } else {
                            i += 1
                        }
                        index += 1
                    }
                    tasks.append(contentsOf: expanded.reversed())
                }
            }
        }
        if out.last == 10 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// `b` in double quotes, escaped the way redis-cli (sdscatrepr) escapes it.
    static func quoted(_ b: [UInt8]) -> String {
        let hex: [Character] = Array("0123456789abcdef")
        var s = "\""
        for c in b {
            switch c {
            case UInt8(ascii: "\\"): s += "\\\\"
            case UInt8(ascii: "\""): s += "\\\""
            case UInt8(ascii: "\n"): s += "\\n"
            case UInt8(ascii: "\r"): s += "\\r"
            case UInt8(ascii: "\t"): s += "\\t"
            case 0x07: s += "\\a"
            case 0x08: s += "\\b"
            case 0x20...0x7E: s.unicodeScalars.append(Unicode.Scalar(c))
            default:
                s += "\\x"
                s.append(hex[Int(c >> 4)])
                s.append(hex[Int(c & 15)])
            }
        }
        return s + "\""
    }

    /// Text form of a double shared by the encoder and `description`: "inf", "-inf", "nan";
    /// integral values below 1e17 as integers ("3", "9007199254740992", as Redis's "%.17g"
    /// prints them); otherwise Swift's shortest text that reads back to the same double
    /// ("0.1", "1e+300"), which for some values is shorter than Redis's "%.17g".
    public static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded(), abs(d) < 1e17 {
            if d == 0 { return d.sign == .minus ? "-0" : "0" }
            return String(Int64(d))
        }
        return d.description
    }
}
