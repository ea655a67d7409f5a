// RESPValueEncoder: RESPValue -> bytes, in RESP3 or downgraded to RESP2 as Redis 7.0 does.
//
// For tests, Lua replies built as trees, and metadata; the server's hot path writes replies
// directly with the reply writer instead. The walk is a pre-order traversal over an explicit
// stack (an aggregate writes its header, then its children in order), so nesting depth is
// bounded only by memory.
//
//                 RESP3                         RESP2 (what Redis sends a RESP2 client)
//   simple        +text                         +text
//   error         -text, or !len if it has      -text (CR and LF replaced by spaces, as
//                 CR/LF (a blob error)           Redis does for error replies)
//   integer       :n                            :n
//   bulk          $len                          $len
//   null          _                             $-1
//   array         *n                            *n
//   map           %pairs                        *2n, keys and values flattened
//   set, push     ~n, >n                        *n
//   double        ,repr                         $len repr  (RESPValue.formatDouble: "1.5",
//                                                "3", "inf", "-inf", "nan")
//   boolean       #t / #f                       :1 / :0
//   bigNumber     (digits                       $len digits
//   verbatim      =len fmt:text                 $len text
// Simple strings cannot carry CR or LF: they are replaced by spaces in both protocols.
// The double repr is exact (reads back to the same value) but is not Redis's "%.17g" text.

public enum RESPValueEncoder {
    public static func encode(_ v: RESPValue, resp3: Bool) -> [UInt8] {
        var out: [UInt8] = []
        encode(v, resp3: resp3, into: &out)
        return out
    }

    /// Appends the encoding of `v` to `out`.
    public static func encode(_ v: RESPValue, resp3: Bool, into out: inout [UInt8]) {
        var pending: [RESPValue] = [v]
        while let v = pending.popLast() {
            switch v {
            case .simple(let s):
                out.append(UInt8(ascii: "+"))
                appendLine(s, &out)
            case .error(let e):
                if resp3 && e.contains(where: { $0 == 13 || $0 == 10 }) {
                    blob(UInt8(ascii: "!"), e, &out)
                } else {
                    out.append(UInt8(ascii: "-"))
                    appendLine(e, &out)
                }
            case .integer(let i):
                header(UInt8(ascii: ":"), i, &out)
            case .bulk(let b):
                blob(UInt8(ascii: "$"), b, &out)
            case .null:
                if resp3 { out.append(contentsOf: [UInt8(ascii: "_"), 13, 10]) }
                else { out.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "-"), UInt8(ascii: "1"), 13, 10]) }
            case .array(let a):
                header(UInt8(ascii: "*"), Int64(a.count), &out)
                pending.append(contentsOf: a.reversed())
            case .map(let a):
                assert(a.count % 2 == 0, "a map holds key, value pairs")
                if resp3 { header(UInt8(ascii: "%"), Int64(a.count / 2), &out) }
                else { header(UInt8(ascii: "*"), Int64(a.count), &out) }
                pending.append(contentsOf: a.reversed())
            case .set(let a):
                header(resp3 ? UInt8(ascii: "~") : UInt8(ascii: "*"), Int64(a.count), &out)
                pending.append(contentsOf: a.reversed())
            case .push(let a):
                header(resp3 ? UInt8(ascii: ">") : UInt8(ascii: "*"), Int64(a.count), &out)
                pending.append(contentsOf: a.reversed())
            case .double(let d):
                let text = Array(RESPValue.formatDouble(d).utf8)
                if resp3 {
                    out.append(UInt8(ascii: ","))
                    out.append(contentsOf: text)
                    out.append(contentsOf: [13, 10])
                } else {
                    blob(UInt8(ascii: "$"), text, &out)
                }
            case .boolean(let b):
                if resp3 { out.append(contentsOf: [UInt8(ascii: "#"), b ? UInt8(ascii: "t") : UInt8(ascii: "f"), 13, 10]) }
                else { header(UInt8(ascii: ":"), b ? 1 : 0, &out) }
            case .bigNumber(let n):
                if resp3 {
                    out.append(UInt8(ascii: "("))
                    appendLine(n, &out)
                } else {
                    blob(UInt8(ascii: "$"), n, &out)
                }
            case .verbatim(let format, let text):
                if resp3 {
                    // The format is exactly three bytes on the wire; pad or cut a bad one.
                    var f = Array(format.prefix(3))
                    while f.count < 3 { f.append(UInt8(ascii: " ")) }
                    header(UInt8(ascii: "="), Int64(text.count + 4), &out)
                    out.append(contentsOf: f)
                    out.append(UInt8(ascii: ":"))
                    out.append(contentsOf: text)
                    out.append(contentsOf: [13, 10])
                } else {
                    blob(UInt8(ascii: "$"), text, &out)
                }
            }
        }
    }

    /// `<type><n>\r\n`
    private static func header(_ type: UInt8, _ n: Int64, _ out: inout [UInt8]) {
        out.append(type)
        appendDecimal(n, &out)
        out.append(contentsOf: [13, 10])
    }

    /// `<type><len>\r\n<bytes>\r\n`
    private static func blob(_ type: UInt8, _ b: [UInt8], _ out: inout [UInt8]) {
        header(type, Int64(b.count), &out)
        out.append(contentsOf: b)
        out.append(contentsOf: [13, 10])
    }

    /// A line's text with CR/LF turned into spaces, then CRLF.
    private static func appendLine(_ s: [UInt8], _ out: inout [UInt8]) {
        for c in s { out.append(c == 13 || c == 10 ? UInt8(ascii: " ") : c) }
        out.append(contentsOf: [13, 10])
    }

    private static func appendDecimal(_ n: Int64, _ out: inout [UInt8]) {
        out.append(contentsOf: String(n).utf8)
    }
}
