// ConfigParsing.swift — byte-level parsers and formatters that reproduce the
// exact behaviour of the redis C helpers the config code relies on:
// sdssplitargs (quoting), sdscatrepr (quoting for output), memtoull (units),
// string2ll (strict integers), strtoll base 8, string2d, "%f" + trimDoubleString.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum ConfigParsing {

    // MARK: quoting

    @inline(__always) static func isCSpace(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0d)
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// sdssplitargs: splits a line into arguments using redis quoting rules.
    /// Returns nil on unbalanced quotes (or a closing quote not followed by a
    /// space). Works on bytes; stops at a NUL byte like the C version.
    public static func splitArgs(_ line: String) -> [String]? {
        splitArgsBytes(Array(line.utf8)).map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Byte version of `splitArgs`.
    public static func splitArgsBytes(_ input: [UInt8]) -> [[UInt8]]? {
        var p = 0
        let count = input.firstIndex(of: 0) ?? input.count
        @inline(__always) func at(_ i: Int) -> UInt8 { i < count ? input[i] : 0 }
        var result: [[UInt8]] = []
        while true {
            while at(p) != 0 && isCSpace(at(p)) { p += 1 }
            if at(p) == 0 { return result }
            var inq = false, insq = false, done = false
            var current: [UInt8] = []
            while !done {
                let c = at(p)
                if inq {
                    if c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "x"),
                       let h = hexValue(at(p + 2)), let l = hexValue(at(p + 3)) {
                        current.append(h * 16 + l)
                        p += 3
                    } else if c == UInt8(ascii: "\\") && at(p + 1) != 0 {
                        p += 1
                        switch at(p) {
                        case UInt8(ascii: "n"): current.append(0x0a)
                        case UInt8(ascii: "r"): current.append(0x0d)
                        case UInt8(ascii: "t"): current.append(0x09)
                        case UInt8(ascii: "b"): current.append(0x08)
                        case UInt8(ascii: "a"): current.append(0x07)
                        default: current.append(at(p))
                        }
                    } else if c == UInt8(ascii: "\"") {
                        if at(p + 1) != 0 && !isCSpace(at(p + 1)) { return nil }
                        done = true
                    } else if c == 0 {
                        return nil
                    } else {
                        current.append(c)
                    }
                } else if insq {
                    if c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "'") {
                        p += 1
                        current.append(UInt8(ascii: "'"))
                    } else if c == UInt8(ascii: "'") {
                        if at(p + 1) != 0 && !isCSpace(at(p + 1)) { return nil }
                        done = true
                    } else if c == 0 {
                        return nil
                    } else {
                        current.append(c)
                    }
                } else {
                    switch c {
                    case 0x20, 0x0a, 0x0d, 0x09, 0: done = true
                    case UInt8(ascii: "\""): inq = true
                    case UInt8(ascii: "'"): insq = true
                    default: current.append(c)
                    }
                }
                if at(p) != 0 { p += 1 }
            }
            result.append(current)
        }
    }

    /// sdscatrepr: a double-quoted, escaped representation (C-locale isprint).
    public static func repr(_ s: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), c]
            case 0x0a: out += Array("\\n".utf8)
            case 0x0d: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x07: out += Array("\\a".utf8)
            case 0x08: out += Array("\\b".utf8)
            default:
                if c >= 0x20 && c < 0x7f {
                    out.append(c)
                } else {
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(c >> 4)], hex[Int(c & 15)]]
                }
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// sdssplitlen(text, "\n"): split on LF bytes (a Swift Character split would
    /// treat "\r\n" as one character), keeping empty and trailing pieces.
    static func splitLines(_ text: String) -> [Substring] {
        text.utf8.split(separator: 0x0a, omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// sdstrim with the given character set, both ends.
    static func trim(_ s: Substring, _ set: [UInt8]) -> Substring {
        var u = s.utf8[...]
        while let f = u.first, set.contains(f) { u = u.dropFirst() }
        while let l = u.last, set.contains(l) { u = u.dropLast() }
        return Substring(u)
    }

    // MARK: numbers

    /// memtoull: "<digits>[b|k|kb|m|mb|g|gb]" (case-insensitive unit). Like the
    /// C code, strtoull overflow is not detected (saturates to ULLONG_MAX) and
    /// the unit multiplication wraps. An empty string parses as 0.
    public static func memtoull(_ s: String) -> UInt64? {
        let u = Array(s.utf8)
        if u.first == UInt8(ascii: "-") { return nil }
        var i = 0
        while i < u.count && u[i] >= 48 && u[i] <= 57 { i += 1 }
        let unit = String(decoding: u[i...], as: UTF8.self).lowercased()
        let mul: UInt64
        switch unit {
        case "", "b": mul = 1
        case "k": mul = 1000
        case "kb": mul = 1024
        case "m": mul = 1000 * 1000
        case "mb": mul = 1024 * 1024
        case "g": mul = 1000 * 1000 * 1000
        case "gb": mul = 1024 * 1024 * 1024
        default: return nil
        }
        if i >= 128 { return nil }
        var val: UInt64 = 0
        var overflow = false
        for c in u[0..<i] {
            let (m, o1) = val.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(c - 48))
            if o1 || o2 { overflow = true; break }
            val = a
        }
        if overflow { val = UInt64.max }
        return val &* mul
    }

    /// string2ll: strict base-10 long long ("0", "-5"; rejects "+5", "05", "-0", " 5").
    public static func string2ll(_ s: Substring) -> Int64? {
        let u = s.utf8
        if u.isEmpty || u.count > 20 { return nil }
        var it = u.startIndex
        if u.count == 1 && u[it] == UInt8(ascii: "0") { return 0 }
        var negative = false
        if u[it] == UInt8(ascii: "-") {
            negative = true
            it = u.index(after: it)
            if it == u.endIndex { return nil }
        }
        let first = u[it]
        guard first >= 49 && first <= 57 else { return nil }
        var v: UInt64 = 0
        while it != u.endIndex {
            let c = u[it]
            guard c >= 48 && c <= 57 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(c - 48))
            if o1 || o2 { return nil }
            v = a
            it = u.index(after: it)
        }
        if negative {
            if v > UInt64(Int64.max) + 1 { return nil }
            return v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v)
        }
        if v > UInt64(Int64.max) { return nil }
        return Int64(v)
    }

    public static func string2ll(_ s: String) -> Int64? { string2ll(s[...]) }

    /// strtoll(s, &end, base) accepting the input only when errno stays 0 and
    /// *end == '\0' (the checks redis applies). `allowEmpty` mirrors the fact
    /// that strtoll on "" leaves end at the terminator.
    static func strtollFull(_ s: String, base: Int64) -> Int64? {
        let u = Array(s.utf8)
        var i = 0
        while i < u.count && isCSpace(u[i]) { i += 1 }
        var neg = false
        if i < u.count && (u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-")) {
            neg = u[i] == UInt8(ascii: "-"); i += 1
        }
        let digitsStart = i
        var v: UInt64 = 0
        var overflow = false
        while i < u.count {
            let c = u[i]
            let d: Int64
            if c >= 48 && c <= 57 { d = Int64(c - 48) }
            else if base > 10 && c >= 97 && c <= 122 { d = Int64(c - 97 + 10) }
            else if base > 10 && c >= 65 && c <= 90 { d = Int64(c - 65 + 10) }
            else { break }
            if d >= base { break }
            let (m, o1) = v.multipliedReportingOverflow(by: UInt64(base))
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { overflow = true }
            v = a
            i += 1
        }
        if i == digitsStart {
            // No conversion: end = start of string.
            return u.isEmpty ? 0 : nil
        }
        if i != u.count || overflow { return nil }
        if neg {
            if v > UInt64(Int64.max) + 1 { return nil }
            return v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v)
        }
        if v > UInt64(Int64.max) { return nil }
        return Int64(v)
    }

    /// strtoll(s, &eptr, 10) where redis only checks `*eptr == '\0'` (no errno
    /// check): saturates on overflow; "" parses as 0.
    static func strtollLoose(_ s: String) -> Int64? {
        let u = Array(s.utf8)
        var i = 0
        while i < u.count && isCSpace(u[i]) { i += 1 }
        var neg = false
        if i < u.count && (u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-")) {
            neg = u[i] == UInt8(ascii: "-"); i += 1
        }
        let start = i
        var v: UInt64 = 0
        var overflow = false
        while i < u.count && u[i] >= 48 && u[i] <= 57 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(u[i] - 48))
            if o1 || o2 { overflow = true }
            v = a
            i += 1
        }
        if i == start { return u.isEmpty ? 0 : nil }
        if i != u.count { return nil }
        if overflow || (!neg && v > UInt64(Int64.max)) { return neg ? Int64.min : Int64.max }
        if neg { return v > UInt64(Int64.max) ? Int64.min : -Int64(v) }
        return Int64(v)
    }

    /// string2d: strtod consuming the whole (non-empty, not space-led) string,
    /// rejecting NaN and overflow.
    public static func string2d(_ s: String) -> Double? {
        let u = Array(s.utf8)
        if u.isEmpty || isCSpace(u[0]) || u.contains(0) { return nil }
        return s.withCString { p -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            errno = 0
            let d = strtod(p, &end)
            guard let end, end - UnsafeMutablePointer(mutating: p) == u.count else { return nil }
            if errno == ERANGE && (d == .infinity || d == -.infinity || d == 0) { return nil }
            if d.isNaN { return nil }
            return d
        }
    }

    /// printf("%f") followed by redis' trimDoubleString.
    public static func formatPercentile(_ d: Double) -> String {
        var buf = [CChar](repeating: 0, count: 512)
        let n = withVaList([d]) { vsnprintf(&buf, buf.count, "%f", $0) }
        var bytes = buf.prefix(Int(max(0, min(n, 511)))).map { UInt8(bitPattern: $0) }
        if bytes.contains(UInt8(ascii: ".")) {
            while bytes.last == UInt8(ascii: "0") { bytes.removeLast() }
            if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// rewriteConfigFormatMemory: bytes as NNgb / NNmb / NNkb when exact.
    public static func formatMemory(_ bytes: Int64) -> String {
        let gb: Int64 = 1 << 30, mb: Int64 = 1 << 20, kb: Int64 = 1 << 10
        if bytes != 0 && bytes % gb == 0 { return "\(bytes / gb)gb" }
        if bytes != 0 && bytes % mb == 0 { return "\(bytes / mb)mb" }
        if bytes != 0 && bytes % kb == 0 { return "\(bytes / kb)kb" }
        return "\(bytes)"
    }

    // MARK: keyspace events

    /// keyspaceEventsStringToFlags; nil on an invalid character.
    public static func keyspaceEventsFlags(_ s: String) -> Int? {
        var flags = 0
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "A"): flags |= KeyspaceEventFlags.all.rawValue
            case UInt8(ascii: "g"): flags |= KeyspaceEventFlags.generic.rawValue
            case UInt8(ascii: "$"): flags |= KeyspaceEventFlags.string.rawValue
            case UInt8(ascii: "l"): flags |= KeyspaceEventFlags.list.rawValue
            case UInt8(ascii: "s"): flags |= KeyspaceEventFlags.set.rawValue
            case UInt8(ascii: "h"): flags |= KeyspaceEventFlags.hash.rawValue
            case UInt8(ascii: "z"): flags |= KeyspaceEventFlags.zset.rawValue
            case UInt8(ascii: "x"): flags |= KeyspaceEventFlags.expired.rawValue
            case UInt8(ascii: "e"): flags |= KeyspaceEventFlags.evicted.rawValue
            case UInt8(ascii: "K"): flags |= KeyspaceEventFlags.keyspace.rawValue
            case UInt8(ascii: "E"): flags |= KeyspaceEventFlags.keyevent.rawValue
            case UInt8(ascii: "t"): flags |= KeyspaceEventFlags.stream.rawValue
            case UInt8(ascii: "m"): flags |= KeyspaceEventFlags.keyMiss.rawValue
            case UInt8(ascii: "d"): flags |= KeyspaceEventFlags.module.rawValue
            case UInt8(ascii: "n"): flags |= KeyspaceEventFlags.new.rawValue
            default: return nil
            }
        }
        return flags
    }

    /// keyspaceEventsFlagsToString.
    public static func keyspaceEventsString(_ flags: Int) -> String {
        let f = KeyspaceEventFlags(rawValue: flags)
        var r = ""
        if f.isSuperset(of: .all) {
            r += "A"
        } else {
            if f.contains(.generic) { r += "g" }
            if f.contains(.string) { r += "$" }
            if f.contains(.list) { r += "l" }
            if f.contains(.set) { r += "s" }
            if f.contains(.hash) { r += "h" }
            if f.contains(.zset) { r += "z" }
            if f.contains(.expired) { r += "x" }
            if f.contains(.evicted) { r += "e" }
            if f.contains(.stream) { r += "t" }
            if f.contains(.module) { r += "d" }
            if f.contains(.new) { r += "n" }
        }
        if f.contains(.keyspace) { r += "K" }
        if f.contains(.keyevent) { r += "E" }
        if f.contains(.keyMiss) { r += "m" }
        return r
    }

    // MARK: glob

    /// Redis stringmatchlen(): glob with `*`, `?`, `[...]` (with `^` negation
    /// and ranges) and `\` escapes. `nocase` folds ASCII case.
    public static func stringMatch(_ pattern: String, _ string: String, nocase: Bool = true) -> Bool {
        var skip = false
        return matchImpl(Array(pattern.utf8), 0, Array(string.utf8), 0, nocase, &skip)
    }

    @inline(__always) private static func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c + 32 : c }

    private static func matchImpl(_ pat: [UInt8], _ p0: Int, _ str: [UInt8], _ s0: Int,
                                  _ nocase: Bool, _ skipLonger: inout Bool) -> Bool {
        var p = p0, s = s0
        var plen = pat.count - p0, slen = str.count - s0
        @inline(__always) func P(_ i: Int) -> UInt8 { i < pat.count ? pat[i] : 0 }
        @inline(__always) func S(_ i: Int) -> UInt8 { i < str.count ? str[i] : 0 }
        while plen > 0 && slen > 0 {
            switch P(p) {
            case UInt8(ascii: "*"):
                while plen > 0 && P(p + 1) == UInt8(ascii: "*") { p += 1; plen -= 1 }
                if plen == 1 { return true }
                while slen > 0 {
                    if matchImpl(pat, p + 1, str, s, nocase, &skipLonger) { return true }
                    if skipLonger { return false }
                    s += 1; slen -= 1
                }
                skipLonger = true
                return false
            case UInt8(ascii: "?"):
                s += 1; slen -= 1
            case UInt8(ascii: "["):
                p += 1; plen -= 1
                let not = P(p) == UInt8(ascii: "^")
                if not { p += 1; plen -= 1 }
                var match = false
                while true {
                    if P(p) == UInt8(ascii: "\\") && plen >= 2 {
                        p += 1; plen -= 1
                        if P(p) == S(s) { match = true }
                    } else if P(p) == UInt8(ascii: "]") {
                        break
                    } else if plen == 0 {
                        p -= 1; plen += 1
                        break
                    } else if plen >= 3 && P(p + 1) == UInt8(ascii: "-") {
                        var start = Int(P(p)), end = Int(P(p + 2)), c = Int(S(s))
                        if start > end { swap(&start, &end) }
                        if nocase {
                            start = Int(lower(UInt8(start))); end = Int(lower(UInt8(end))); c = Int(lower(UInt8(c)))
                        }
                        p += 2; plen -= 2
                        if c >= start && c <= end { match = true }
                    } else {
                        if nocase ? lower(P(p)) == lower(S(s)) : P(p) == S(s) { match = true }
                    }
                    p += 1; plen -= 1
                }
                if not { match = !match }
                if !match { return false }
                s += 1; slen -= 1
            case UInt8(ascii: "\\"):
                if plen >= 2 { p += 1; plen -= 1 }
                if nocase ? lower(P(p)) != lower(S(s)) : P(p) != S(s) { return false }
                s += 1; slen -= 1
            default:
                if nocase ? lower(P(p)) != lower(S(s)) : P(p) != S(s) { return false }
                s += 1; slen -= 1
            }
            p += 1; plen -= 1
            if slen == 0 {
                while P(p) == UInt8(ascii: "*") && plen > 0 { p += 1; plen -= 1 }
                break
            }
        }
        return plen == 0 && slen == 0
    }
}
