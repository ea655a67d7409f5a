// RESPValueParser: bytes -> RESPValue, for replies (RESP2 and RESP3) off the hot path.
//
// Used by tests (read what a server sent), by the catalog loader (the committed COMMAND INFO /
// COMMAND DOCS replies) and by anything else that needs a reply as a tree. Requests from
// clients go through RequestParser instead, which never builds a tree.
//
// Contract (as SwiftNIO's decoders): `nil` = the bytes end before the value does, call again
// with more; `throw RESPValueError` = the input is malformed and no amount of further bytes
// will fix it; otherwise the value and how many bytes it used. Bytes after the value are not
// looked at. A call does not keep state between calls: with partial input it parses again from
// the start next time, which is fine for its uses (quadratic only for a value dribbled in byte
// by byte) and makes the parser a plain value that can be shared.
//
// Untrusted input: the parser is a loop over an explicit stack of open aggregates, never a
// recursion, and refuses more than `maxDepth` nested aggregates (attributes count). Declared
// lengths are checked before anything is allocated: a bulk length above `maxBulkLength`, an
// aggregate count above 2^31-1, a negative length other than -1 for `$` and `*` (RESP2's
// nulls), a length with a sign, leading garbage or no digits, all throw. Capacity is reserved
// from the bytes actually present, never from a declared count. A line (simple string, error,
// number) longer than `maxBulkLength` without its CRLF throws rather than waiting forever;
// a length or number header longer than 32 bytes throws likewise.
//
// Accepted syntax, one value:
//   +<line>  -<line>  :<int64>  $<len>\r\n<bytes>\r\n  $-1  *<n>  *-1  _
//   ,<double> (digits, exponent, inf, -inf, +inf, nan, -nan; any case)  #t  #f
//   (<[-]digits>  !<len>\r\n<bytes>\r\n  =<len>\r\n<fmt>:<text>\r\n (len >= 4)
//   %<n> (n key/value pairs)  ~<n>  ><n>  |<n> (n pairs, then the value they annotate)
// Every line ends in CRLF exactly; a CR inside a line must be followed by LF or it is an error.
// RESP3 streamed strings and aggregates ($?, *?, ;, .) are not produced by Redis 7.0 and are
// rejected as an unknown length.

/// Why a byte stream is not RESP. `offset` is where in the input the problem was found.
public struct RESPValueError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The first byte of a value is not one of + - : $ * _ , # ( ! = % ~ > |.
        case unknownType(UInt8)
        /// A length or count that is not a plain decimal number, is negative where not allowed,
        /// or is out of range.
        case invalidLength
        /// A bulk length larger than `maxBulkLength`.
        case bulkTooLong
        /// A line with no CRLF within `maxBulkLength` bytes, or a header longer than 32 bytes.
        case lineTooLong
        /// A CR not followed by LF, or bulk data not followed by CRLF.
        case missingCRLF
        case invalidInteger
        case invalidDouble
        case invalidBoolean
        case invalidBigNumber
        /// A verbatim string shorter than 4 bytes or without ':' after its 3-byte format.
        case invalidVerbatim
        /// More than `maxDepth` aggregates open at once.
        case tooDeep
    }
    public let kind: Kind
    public let offset: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var description: String { "RESP protocol error: \(kind) at byte \(offset)" }
}

public struct RESPValueParser: Sendable {
    public let maxDepth: Int
    public let maxBulkLength: Int

    /// Aggregate counts above this are rejected (hiredis's default limit too).
    static let maxAggregateCount = Int(Int32.max)
    /// A length, count or number line longer than this is garbage.
    static let maxHeaderLength = 32

    public init(maxDepth: Int = 1000, maxBulkLength: Int = 512 * 1024 * 1024) {
        self.maxDepth = maxDepth
        self.maxBulkLength = maxBulkLength
    }

    public func parse(_ bytes: [UInt8]) throws -> (value: RESPValue, consumed: Int)? {
        try bytes.withUnsafeBytes { try parse($0) }
    }

    /// An aggregate being filled: its kind and the children collected so far.
    private struct Frame {
        enum Kind { case array, map, set, push, attribute }
        let kind: Kind
        /// Children still expected (for maps and attributes: 2 x pairs).
        var remaining: Int
        var children: [RESPValue]
    }

    public func parse(_ bytes: UnsafeRawBufferPointer) throws -> (value: RESPValue, consumed: Int)? {
        let end = bytes.count
        var pos = 0
        var stack: [Frame] = []

        while true {
            // Read one item at `pos`: a complete scalar, or the header of an aggregate.
            guard pos < end else { return nil }
            let start = pos
            let type = bytes[pos]
            var value: RESPValue

            switch type {
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard let lineEnd = try findCRLF(bytes, from: pos + 1, limit: maxBulkLength) else { return nil }
                let line = Array(UnsafeRawBufferPointer(rebasing: bytes[(pos + 1)..<lineEnd]))
                value = type == UInt8(ascii: "+") ? .simple(line) : .error(line)
                pos = lineEnd + 2

            case UInt8(ascii: ":"):
                guard let lineEnd = try findCRLF(bytes, from: pos + 1, limit: Self.maxHeaderLength) else { return nil }
                guard let n = Self.parseInt64(bytes, pos + 1, lineEnd) else {
                    throw RESPValueError(.invalidInteger, at: pos + 1)
                }
                value = .integer(n)
                pos = lineEnd + 2

            case UInt8(ascii: "_"):
                guard let lineEnd = try findCRLF(bytes, from: pos + 1, limit: Self.maxHeaderLength) else { return nil }
                guard lineEnd == pos + 1 else { throw RESPValueError(.missingCRLF, at: pos + 1) }
                value = .null
                pos = lineEnd + 2

            case UInt8(ascii: "#"):
                guard let lineEnd = try findCRLF(bytes, from: pos + 1, limit: Self.maxHeaderLength) else { return nil }
                guard lineEnd == pos + 2 else { throw RESPValueError(.invalidBoolean, at: pos + 1) }
                switch bytes[pos + 1] {
                case UInt8(ascii: "t"): value = .boolean(true)
                case UInt8(ascii: "f"): value = .boolean(false)
                default: throw RESPValueError(.invalidBoolean, at: pos + 1)
                }
                pos = lineEnd + 2

            case UInt8(ascii: ","):
                // Doubles can be long in decimal ("%.17g" of 1e308 is short, but a
                // fixed-notation double from another server could reach ~330 bytes).
                guard let lineEnd = try findCRLF(bytes, from: pos + 1, limit: 512) else { return nil }
                guard let d = Self.parseDouble(bytes, pos + 1, lineEnd) else {
                    throw RESPValueError(.invalidDouble, at: pos + 1)
                }
                value = .double(d)
                pos = lineEnd + 2

            case UInt8(ascii: "("):
                guard let lineEnd = try findCRLF(bytes, from: pos + 1, limit: maxBulkLength) else { return nil }
                var i = pos + 1
                if i < lineEnd && bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard i < lineEnd else { throw RESPValueError(.invalidBigNumber, at: pos + 1) }
                while i < lineEnd {
                    guard bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") else {
                        throw RESPValueError(.invalidBigNumber, at: i)
                    }
                    i += 1
                }
                value = .bigNumber(Array(UnsafeRawBufferPointer(rebasing: bytes[(pos + 1)..<lineEnd])))
                pos = lineEnd + 2

            case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
                guard let lineEnd = try findCRLF(bytes, from: pos + 1, limit: Self.maxHeaderLength) else { return nil }
                guard let len = Self.parseLength(bytes, pos + 1, lineEnd, allowNull: type == UInt8(ascii: "$")) else {
                    throw RESPValueError(.invalidLength, at: pos + 1)
                }
                if len == -1 {
                    value = .null
                    pos = lineEnd + 2
                    break
                }
                guard len <= maxBulkLength else { throw RESPValueError(.bulkTooLong, at: pos + 1) }
                let dataStart = lineEnd + 2
                // Compare without forming dataStart + len + 2 past `end` in a way that could
                // overflow: len is at most maxBulkLength here.
                guard end - dataStart >= len + 2 else { return nil }
                let dataEnd = dataStart + len
                guard bytes[dataEnd] == 13 && bytes[dataEnd + 1] == 10 else {
                    throw RESPValueError(.missingCRLF, at: dataEnd)
                }
                let data = Array(UnsafeRawBufferPointer(rebasing: bytes[dataStart..<dataEnd]))
                switch type {
                case UInt8(ascii: "$"):
                    value = .bulk(data)
                case UInt8(ascii: "!"):
                    value = .error(data)
                default:
                    guard len >= 4 && data[3] == UInt8(ascii: ":") else {
                        throw RESPValueError(.invalidVerbatim, at: dataStart)
                    }
                    value = .verbatim(format: Array(data[0..<3]), text: Array(data[4...]))
                }
                pos = dataEnd + 2

            case UInt8(ascii: "*"), UInt8(ascii: "%"), UInt8(ascii: "~"),
                 UInt8(ascii: ">"), UInt8(ascii: "|"):
                guard let lineEnd = try findCRLF(bytes, from: pos + 1, limit: Self.maxHeaderLength) else { return nil }
                guard let n = Self.parseLength(bytes, pos + 1, lineEnd, allowNull: type == UInt8(ascii: "*")),
                      n <= Self.maxAggregateCount
                else { throw RESPValueError(.invalidLength, at: pos + 1) }
                pos = lineEnd + 2
                if n == -1 {
                    value = .null
                    break
                }
                let kind: Frame.Kind
                switch type {
                case UInt8(ascii: "*"): kind = .array
                case UInt8(ascii: "%"): kind = .map
                case UInt8(ascii: "~"): kind = .set
                case UInt8(ascii: ">"): kind = .push
                default: kind = .attribute
                }
                let childCount = (kind == .map || kind == .attribute) ? 2 * n : n
                if childCount == 0 {
                    if kind == .attribute { continue }   // an empty annotation: read the value
                    value = Self.aggregate(kind, [])
                    break
                }
                guard stack.count < maxDepth else { throw RESPValueError(.tooDeep, at: start) }
                // Every child takes at least 3 bytes ("_\r\n"): never reserve more than the
                // input could hold, whatever the header claims.
                var children: [RESPValue] = []
                children.reserveCapacity(min(childCount, (end - pos) / 3 + 1))
                stack.append(Frame(kind: kind, remaining: childCount, children: children))
                continue

            default:
                throw RESPValueError(.unknownType(type), at: pos)
            }

            // Hand the finished value to the innermost open aggregate; close every aggregate
            // it completes. A completed attribute is dropped: its parent still waits for the
            // value the attribute annotated.
            while true {
                if stack.isEmpty { return (value, pos) }
                let top = stack.count - 1
                stack[top].children.append(value)
                stack[top].remaining -= 1
                if stack[top].remaining > 0 { break }
                let frame = stack.removeLast()
                if frame.kind == .attribute { break }
                value = Self.aggregate(frame.kind, frame.children)
            }
        }
    }

    private static func aggregate(_ kind: Frame.Kind, _ children: [RESPValue]) -> RESPValue {
        switch kind {
        case .array: return .array(children)
        case .map: return .map(children)
        case .set: return .set(children)
        case .push: return .push(children)
        case .attribute: return .null   // never delivered
        }
    }

    /// The index of the CR of the first CRLF at or after `from`; nil if the input ends first.
    /// Throws on a CR followed by anything but LF, and when `limit` bytes pass without a CRLF.
    private func findCRLF(_ bytes: UnsafeRawBufferPointer, from: Int, limit: Int) throws -> Int? {
        let end = bytes.count
        var i = from
        while i < end {
            if bytes[i] == 13 {
                guard i + 1 < end else { return nil }
                guard bytes[i + 1] == 10 else { throw RESPValueError(.missingCRLF, at: i) }
                return i
            }
            if bytes[i] == 10 { throw RESPValueError(.missingCRLF, at: i) }
            i += 1
            if i - from > limit { throw RESPValueError(.lineTooLong, at: from) }
        }
        return nil
    }

    /// A decimal length: digits only, or exactly "-1" when `allowNull`. Nil when malformed or
    /// larger than Int.max / 2 (so 2 x pairs cannot overflow).
    private static func parseLength(_ b: UnsafeRawBufferPointer, _ from: Int, _ to: Int, allowNull: Bool) -> Int? {
        if to - from == 2 && b[from] == UInt8(ascii: "-") && b[from + 1] == UInt8(ascii: "1") {
            return allowNull ? -1 : nil
        }
        guard from < to, to - from <= 18 else { return nil }
        var n = 0
        for i in from..<to {
            let d = Int(b[i]) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            n = n * 10 + d
        }
        return n
    }

    /// A signed 64-bit decimal integer: optional '-' or '+', at least one digit, no overflow.
    static func parseInt64(_ b: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Int64? {
        var i = from
        var negative = false
        if i < to && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < to else { return nil }
        // Accumulate negatively so Int64.min parses.
        var n: Int64 = 0
        while i < to {
            let d = Int64(b[i]) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.subtractingReportingOverflow(d)
            if o1 || o2 { return nil }
            n = s
            i += 1
        }
        if negative { return n }
        return n == Int64.min ? nil : -n
    }

    /// A RESP3 double: what Swift's Double(String) reads ("1.5", "1e10", "inf", "nan"), plus
    /// the C spellings Redis may print ("-nan"); never empty, no spaces.
    static func parseDouble(_ b: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Double? {
        guard from < to else { return nil }
        var text = ""
        text.reserveCapacity(to - from)
        for i in from..<to {
            let c = b[i]
            guard c > 0x20 && c < 0x7F else { return nil }
            text.unicodeScalars.append(Unicode.Scalar(c))
        }
        let lower = text.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "-nan", "+nan": return .nan
        default: break
        }
        // Swift also accepts hexadecimal floats and "nan(...)"; only plain decimal is RESP.
        for c in lower.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"),
                 UInt8(ascii: "-"), UInt8(ascii: "+"):
                continue
            default:
                return nil
            }
        }
        return Double(text)
    }
}
