// RequestParser: turns the bytes of a client's query buffer into commands, without
// copying. It understands the two request forms Redis accepts:
//
//   multibulk   *<argc>\r\n then argc times $<len>\r\n<bytes>\r\n   (what clients send)
//   inline      a text line split like a shell would (what telnet users type)
//
// Contract (SwiftNIO's decoder convention): `parse` returns `.incomplete` when more
// bytes are needed, `.command` when one whole command is available, `.protocolError`
// with Redis's exact message when the input is malformed (the caller replies with the
// error and closes the connection, as Redis does).
//
// The parser is resumable: for a command that arrives over many reads it keeps the
// position and the arguments found so far, so a 1M-argument command or a 512 MB value
// is scanned once, not once per read. Argument positions are offsets from the
// buffer's readIndex (the start of the command), so compacting or growing the buffer
// between reads keeps them valid. Inline arguments are unquoted in place: the result
// is never longer than the source, so the bytes stay inside the line.
//
// Limits are checked before anything is reserved: a declared argc or bulk length is
// validated against the configured limits, and storage for argument positions grows
// with the arguments actually received (at most 1024 reserved up front), never with
// the declared count.

public struct RequestLimits: Sendable {
    public var protoMaxBulkLen: Int
    /// Clients that have not authenticated yet get far smaller limits (Redis: 10 args, 16 KB bulks).
    public var authRequired: Bool
    public init(protoMaxBulkLen: Int = 512 * 1024 * 1024, authRequired: Bool = false) {
        self.protoMaxBulkLen = protoMaxBulkLen
        self.authRequired = authRequired
    }
}

public enum ParseResult: Equatable, Sendable {
    case incomplete
    case command
    case protocolError(String)
}

/// Redis's PROTO_INLINE_MAX_SIZE: an inline line or a count line longer than this is an error.
public let protoInlineMaxSize = 64 * 1024

public struct RequestParser {
    /// Offsets (from the command's first byte) and lengths of the arguments parsed so far:
    /// the first `argCount` elements of `starts` and `lengths`. The arrays are reused from
    /// command to command, elements overwritten in place, so `reset` is a store of 0 rather
    /// than a call that empties two arrays (which cost ~150 instructions a request).
    private var starts: [Int] = []
    private var lengths: [Int] = []
    public private(set) var argCount: Int = 0
    public var argStarts: ArraySlice<Int> { starts[0..<argCount] }
    public var argLengths: ArraySlice<Int> { lengths[0..<argCount] }

    /// Appends the arguments of the parsed command to `argv`, as slices of the buffer whose
    /// command starts at `base`. Reads the offsets in place: taking `argStarts` and
    /// `argLengths` would retain and release both arrays on every command (mutating only
    /// so that the caller passes its stored parser in place rather than a copy).
    @inline(__always)
    public mutating func appendArguments(base: UnsafeRawPointer, to argv: inout [UnsafeRawBufferPointer]) {
        starts.withUnsafeBufferPointer { s in
            lengths.withUnsafeBufferPointer { l in
                for i in 0..<argCount {
                    argv.append(UnsafeRawBufferPointer(start: base + s[i], count: l[i]))
                }
            }
        }
    }
    /// Bytes of the buffer, from readIndex, that the current command occupies once complete.
    public private(set) var consumed: Int = 0

    private var multibulkRemaining: Int = 0
    private var bulkLength: Int = -1
    private var inMultibulk = false

    public init() {
        starts.reserveCapacity(16)
        lengths.reserveCapacity(16)
    }

    @inline(__always)
    private mutating func pushArgument(_ start: Int, _ length: Int) {
        if argCount < starts.count {
            starts[argCount] = start
            lengths[argCount] = length
        } else {
            starts.append(start)
            lengths.append(length)
        }
        argCount += 1
    }

    /// When a large bulk is being received, how many more bytes it needs; lets the reader
    /// size the buffer once for a big value instead of doubling repeatedly.
    public func pendingBulkBytes(readable: Int) -> Int {
        guard inMultibulk, bulkLength >= 0 else { return 0 }
        return max(0, consumed + bulkLength + 2 - readable)
    }

    /// Resets the state after a command has been executed (the caller advances readIndex by `consumed`).
    public mutating func reset() {
        argCount = 0
        consumed = 0
        multibulkRemaining = 0
        bulkLength = -1
        inMultibulk = false
        if starts.count > 4096 {
            starts = []
            lengths = []
            starts.reserveCapacity(16)
            lengths.reserveCapacity(16)
        }
    }

    public mutating func parse(_ buffer: IOBuffer, limits: RequestLimits) -> ParseResult {
        let p = buffer.readPointer
        let n = buffer.readableBytes
        if n == 0 { return .incomplete }
        if !inMultibulk && argCount == 0 {
            if p[0] == UInt8(ascii: "*") {
                inMultibulk = true
            } else {
                return parseInline(p, n)
            }
        }
        return parseMultibulk(p, n, limits)
    }

    // MARK: - multibulk

    private mutating func parseMultibulk(_ p: UnsafeMutablePointer<UInt8>, _ n: Int, _ limits: RequestLimits) -> ParseResult {
        var pos = consumed
        if multibulkRemaining == 0 && argCount == 0 {
            // The "*<count>\r\n" line.
            guard let cr = findLineEnd(p, 13, from: pos, to: n) else {
                if n - pos > protoInlineMaxSize { return .protocolError("Protocol error: too big mbulk count string") }
                return .incomplete
            }
            if cr + 1 >= n { return .incomplete } // need the byte after \r
            guard let count = parseInt(p, from: pos + 1, to: cr), count <= Int(Int32.max) else {
                return .protocolError("Protocol error: invalid multibulk length")
            }
            if count > 10 && limits.authRequired {
                return .protocolError("Protocol error: unauthenticated multibulk length")
            }
            pos = cr + 2
            consumed = pos
            if count <= 0 {
                // "*0\r\n" or "*-1\r\n": an empty command, skipped.
                return .command
            }
            multibulkRemaining = count
            let want = min(count, 1024)
            if starts.capacity < want {
                starts.reserveCapacity(want)
                lengths.reserveCapacity(want)
            }
        }
        while multibulkRemaining > 0 {
            if bulkLength < 0 {
                guard let cr = findLineEnd(p, 13, from: pos, to: n) else {
                    if n - pos > protoInlineMaxSize { return .protocolError("Protocol error: too big bulk count string") }
                    return .incomplete
                }
                if cr + 1 >= n { return .incomplete }
                if p[pos] != UInt8(ascii: "$") {
                    return .protocolError("Protocol error: expected '$', got '\(printableChar(p[pos]))'")
                }
                guard let len = parseInt(p, from: pos + 1, to: cr), len >= 0, len <= limits.protoMaxBulkLen else {
                    return .protocolError("Protocol error: invalid bulk length")
                }
                if len > 16384 && limits.authRequired {
                    return .protocolError("Protocol error: unauthenticated bulk length")
                }
                bulkLength = len
                pos = cr + 2
                consumed = pos
            }
            if n - pos < bulkLength + 2 { return .incomplete }
            pushArgument(pos, bulkLength)
            pos += bulkLength + 2
            consumed = pos
            bulkLength = -1
            multibulkRemaining -= 1
        }
        return .command
    }

    // MARK: - inline

    private mutating func parseInline(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> ParseResult {
        guard let nl = findLineEnd(p, UInt8(ascii: "\n"), from: 0, to: n) else {
            if n > protoInlineMaxSize { return .protocolError("Protocol error: too big inline request") }
            return .incomplete
        }
        var end = nl
        if end > 0 && p[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        consumed = nl + 1
        if !splitArgsInPlace(p, end) {
            argCount = 0
            return .protocolError("Protocol error: unbalanced quotes in request")
        }
        return .command
    }

    /// Redis's sdssplitargs rules, writing the unquoted bytes back over the line.
    private mutating func splitArgsInPlace(_ p: UnsafeMutablePointer<UInt8>, _ end: Int) -> Bool {
        var r = 0
        var w = 0
        while true {
            while r < end && isSpace(p[r]) { r += 1 }
            if r >= end { return true }
            let start = w
            var inDouble = false
            var inSingle = false
            var done = false
            while !done {
                if inDouble {
                    if r >= end { return false }
                    let c = p[r]
                    if c == UInt8(ascii: "\\") && r + 3 < end && p[r + 1] == UInt8(ascii: "x")
                        && isHex(p[r + 2]) && isHex(p[r + 3]) {
                        p[w] = hexValue(p[r + 2]) << 4 | hexValue(p[r + 3])
                        w += 1; r += 4
                    } else if c == UInt8(ascii: "\\") && r + 1 < end {
                        let e = p[r + 1]
                        switch e {
                        case UInt8(ascii: "n"): p[w] = 10
                        case UInt8(ascii: "r"): p[w] = 13
                        case UInt8(ascii: "t"): p[w] = 9
                        case UInt8(ascii: "b"): p[w] = 8
                        case UInt8(ascii: "a"): p[w] = 7
                        default: p[w] = e
                        }
                        w += 1; r += 2
                    } else if c == UInt8(ascii: "\"") {
                        // The closing quote must be followed by a space or the end.
                        if r + 1 < end && !isSpace(p[r + 1]) { return false }
                        done = true; r += 1
                    } else {
                        p[w] = c; w += 1; r += 1
                    }
                } else if inSingle {
                    if r >= end { return false }
                    let c = p[r]
                    if c == UInt8(ascii: "\\") && r + 1 < end && p[r + 1] == UInt8(ascii: "'") {
                        p[w] = UInt8(ascii: "'"); w += 1; r += 2
                    } else if c == UInt8(ascii: "'") {
                        if r + 1 < end && !isSpace(p[r + 1]) { return false }
                        done = true; r += 1
                    } else {
                        p[w] = c; w += 1; r += 1
                    }
                } else {
                    if r >= end { done = true; break }
                    let c = p[r]
                    switch c {
                    case 32, 10, 13, 9, 0: done = true
                    case UInt8(ascii: "\""): inDouble = true; r += 1
                    case UInt8(ascii: "'"): inSingle = true; r += 1
                    default: p[w] = c; w += 1; r += 1
                    }
                }
            }
            pushArgument(start, w - start)
        }
    }
}

@inline(__always) private func isSpace(_ c: UInt8) -> Bool {
    c == 32 || (c >= 9 && c <= 13)
}
@inline(__always) private func isHex(_ c: UInt8) -> Bool {
    (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}
@inline(__always) private func hexValue(_ c: UInt8) -> UInt8 {
    if c <= 57 { return c - 48 }
    if c >= 97 { return c - 87 }
    return c - 55
}
private func printableChar(_ c: UInt8) -> String {
    String(decoding: [c], as: UTF8.self)
}

/// Where a protocol line ends: the first `terminator` byte, or nil when there is none yet.
/// Redis looks for line ends with strchr, which stops at a NUL byte, so a NUL before the
/// terminator also means "no line yet": such a request waits for more bytes until it
/// exceeds the 64 KB line limit, exactly as in Redis (a NUL inside a bulk's payload is
/// fine: payloads are read by length, not scanned).
@inline(__always) func findLineEnd(_ p: UnsafeMutablePointer<UInt8>, _ terminator: UInt8, from: Int, to: Int) -> Int? {
    var i = from
    while i < to {
        let c = p[i]
        if c == terminator { return i }
        if c == 0 { return nil }
        i += 1
    }
    return nil
}

@inline(__always) func findByte(_ p: UnsafeMutablePointer<UInt8>, _ b: UInt8, from: Int, to: Int) -> Int? {
    if from >= to { return nil }
    guard let hit = memchr(p + from, Int32(b), to - from) else { return nil }
    return UnsafeMutableRawPointer(p).distance(to: hit)
}

/// Parses a signed decimal the way Redis's string2ll does for protocol lengths:
/// optional '-', digits only, no '+', no spaces, no leading zeros, fits in Int64.
@inline(__always) func parseInt(_ p: UnsafeMutablePointer<UInt8>, from: Int, to: Int) -> Int? {
    var i = from
    if i >= to { return nil }
    var neg = false
    if to - from == 1 && p[i] == UInt8(ascii: "0") { return 0 }
    if p[i] == UInt8(ascii: "-") { neg = true; i += 1; if i >= to { return nil } }
    if p[i] < UInt8(ascii: "1") || p[i] > UInt8(ascii: "9") { return nil } // no leading zeros, as string2ll
    var v = 0
    while i < to {
        let d = Int(p[i]) &- 48
        if d < 0 || d > 9 { return nil }
        let (m, o1) = v.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(d)
        if o1 || o2 { return nil }
        v = a
        i += 1
    }
    return neg ? -v : v
}

#if canImport(Glibc)
import Glibc
#endif
