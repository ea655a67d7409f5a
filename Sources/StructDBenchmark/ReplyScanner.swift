// ReplyScanner: finds where each RESP2/RESP3 reply ends, without building it.
//
// A benchmark only needs to know that a reply is complete, how long it is and whether it
// is an error, so this walks the bytes and keeps two numbers: where it stopped and how
// many elements the reply still owes. An aggregate header (*n, %n, ~n, >n) adds its
// children to that count, an attribute (|n) adds its 2n entries and then the value it
// annotates, and every scalar pays one off; the reply is complete when the count reaches
// zero. Nothing is allocated and no recursion is used, so a deeply nested reply cannot
// exhaust the stack.
//
// Resumable (the decoder contract of the RESP module's parsers): `.needMore` keeps the
// position, relative to the start of the reply, so a large reply arriving over many reads
// is scanned once; the caller must keep the reply's bytes from its first byte on (it may
// move them: offsets are relative). Malformed input is `.protocolError`, never a trap:
// the caller reports it and stops.

public struct ReplyScanner: Sendable {
    public enum Step: Equatable, Sendable {
        case needMore
        /// A complete reply of `length` bytes from the start of the buffer.
        case reply(length: Int, isError: Bool)
        /// A complete RESP3 push message (an invalidation, a pub/sub message): not a reply.
        case push(length: Int)
        case protocolError(String)
    }

    /// Largest bulk length accepted (Redis's proto-max-bulk-len ceiling).
    public static let maxBulkLength = 512 * 1024 * 1024
    /// Largest aggregate count accepted.
    public static let maxAggregateCount = 1 << 32

    private var owed = 0
    private var cursor = 0
    private var isError = false
    private var isPush = false

    public init() {}

    /// Whether a reply is partly scanned.
    public var inProgress: Bool { owed > 0 }

    /// Scans from `base` (the first byte of the reply in progress, or of the next one).
    public mutating func next(_ base: UnsafePointer<UInt8>, count: Int) -> Step {
        if owed == 0 {
            if count == 0 { return .needMore }
            owed = 1
            cursor = 0
            isError = false
            isPush = false
        }
        while owed > 0 {
            guard cursor < count else { return .needMore }
            let type = base[cursor]
            // An error is the reply's own type only when it is the reply's first element.
            let elementStart = cursor
            // The header line: type byte, then up to CRLF.
            var lineEnd = cursor + 1
            while lineEnd < count && base[lineEnd] != 13 { lineEnd &+= 1 }
            guard lineEnd + 1 < count else { return .needMore }
            guard base[lineEnd + 1] == 10 else { return fail("expected LF after CR") }
            let afterLine = lineEnd + 2
            switch type {
            case UInt8(ascii: "+"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "#"),
                 UInt8(ascii: "("), UInt8(ascii: "_"):
                cursor = afterLine
                owed -= 1
            case UInt8(ascii: "-"):
                if elementStart == 0 { isError = true }
                cursor = afterLine
                owed -= 1
            case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"):
                guard let n = Self.length(base, cursor + 1, lineEnd), n >= -1, n <= Self.maxBulkLength else {
                    return fail("invalid bulk length")
                }
                if n == -1 {
                    cursor = afterLine
                } else {
                    guard afterLine + n + 2 <= count else { return .needMore }
                    guard base[afterLine + n] == 13, base[afterLine + n + 1] == 10 else {
                        return fail("bulk string not terminated by CRLF")
                    }
                    cursor = afterLine + n + 2
                }
                if type == UInt8(ascii: "!") && elementStart == 0 { isError = true }
                owed -= 1
            case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"):
                guard let n = Self.length(base, cursor + 1, lineEnd), n >= -1, n <= Self.maxAggregateCount else {
                    return fail("invalid aggregate length")
                }
                if type == UInt8(ascii: ">") && elementStart == 0 { isPush = true }
                cursor = afterLine
                owed -= 1
                if n > 0 { owed += type == UInt8(ascii: "%") ? 2 * n : n }
            case UInt8(ascii: "|"):
                guard let n = Self.length(base, cursor + 1, lineEnd), n >= 0, n <= Self.maxAggregateCount else {
                    return fail("invalid attribute length")
                }
                cursor = afterLine
                owed += 2 * n  // the attribute's entries; the annotated value is still owed
            default:
                return fail("unexpected reply type byte \(type)")
            }
        }
        let length = cursor
        cursor = 0
        return isPush ? .push(length: length) : .reply(length: length, isError: isError)
    }

    private mutating func fail(_ why: String) -> Step {
        owed = 0
        cursor = 0
        return .protocolError("Protocol error: \(why)")
    }

    /// Parses an optional "-" and decimal digits in [from, to); nil when malformed.
    @inline(__always)
    static func length(_ b: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        var i = from
        var negative = false
        if i < to && b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < to, to - i <= 18 else { return nil }
        var v = 0
        while i < to {
            let d = Int(b[i]) &- 48
            guard d >= 0 && d <= 9 else { return nil }
            v = v &* 10 &+ d
            i += 1
        }
        return negative ? -v : v
    }
}
