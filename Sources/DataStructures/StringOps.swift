// StringOps: the byte-level algorithms behind the string commands (the helpers Redis keeps
// in util.c and t_string.c), free of server state so they can be unit-tested on their own.
//
//   - Long doubles for INCRBYFLOAT. Redis computes in C `long double`, which on x86-64 is the
//     80-bit x87 format: Swift's Float80 is exactly that type, so parsing goes through libc's
//     strtold and printing through "%.17Lf" with the trailing zeroes (and a lone '.') removed,
//     the way Redis's "human friendly" long double formatting does. Using Double instead would
//     give different digits for most non-trivial values.
//   - Option matching with C-string semantics: Redis compares option names with strcasecmp
//     or byte tests that stop at the first NUL, so "nx\0junk" is the NX option. We match that.
//   - LCS: the textbook dynamic-programming table of prefix LCS lengths (one UInt32 per cell,
//     as Redis sizes it), then one walk back from the bottom-right corner that rebuilds the
//     subsequence and the matching ranges, last range first (the order LCS IDX reports).

#if canImport(Glibc)
import Glibc
#endif

// MARK: option names

/// True when `p`, read as a C string (it ends at its first NUL byte, if any), equals `name`
/// ignoring ASCII case. This is how Redis's strcasecmp-based option parsing sees arguments.
@inlinable public func optionMatches(_ p: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
    let n = name.utf8CodeUnitCount
    if p.count < n { return false }
    if p.count > n && p[n] != 0 { return false }
    let o = name.utf8Start
    var i = 0
    while i < n {
        var c = p[i]
        if c >= 65 && c <= 90 { c &+= 32 }
        var d = o[i]
        if d >= 65 && d <= 90 { d &+= 32 }
        if c != d { return false }
        i &+= 1
    }
    return true
}

/// The length of `p` as a C string: up to (not including) its first NUL.
@inlinable public func cStringLength(_ p: UnsafeRawBufferPointer) -> Int {
    var i = 0
    while i < p.count && p[i] != 0 { i += 1 }
    return i
}

// MARK: long double (INCRBYFLOAT)

public enum LongDouble {
    /// Redis's MAX_LONG_DOUBLE_CHARS: the buffer size for parsing and printing.
    public static let maxChars = 5 * 1024

    /// Redis's string2ld: the whole string must be a strtold number with no leading space;
    /// NaN, overflow to infinity and underflow to zero are refused (denormals and a literal
    /// "inf" are accepted). Strings of maxChars bytes or more are refused.
    public static func parse(_ p: UnsafeRawBufferPointer) -> Float80? {
        let n = p.count
        if n == 0 || n >= maxChars { return nil }
        let c0 = p[0]
        if c0 == 32 || (c0 >= 9 && c0 <= 13) { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> Float80? in
            let base = buf.baseAddress!
            UnsafeMutableRawPointer(base).copyMemory(from: p.baseAddress!, byteCount: n)
            base[n] = 0
            errno = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtold(base, &end)
            let err = errno
            guard let e = end, e - base == n else { return nil }
            if err == ERANGE && (v.isInfinite || v == 0) { return nil }
            if err == EINVAL || v.isNaN { return nil }
            return v
        }
    }

    /// The value of a stored string as a long double (int-encoded values convert exactly).
    public static func value(of s: RStr) -> Float80? {
        if case .int(let v) = s { return Float80(v) }
        return s.withBytes { parse($0) }
    }

    /// Redis's human-friendly long double text: "%.17Lf", then trailing zeroes after the
    /// point removed (and the point itself if nothing is left after it); "-0" becomes "0".
    /// Infinities are spelled "inf" / "-inf".
    public static func format(_ v: Float80) -> [UInt8] {
        if v.isInfinite { return v > 0 ? Array("inf".utf8) : Array("-inf".utf8) }
        var buf = [UInt8](repeating: 0, count: maxChars)
        let written = buf.withUnsafeMutableBufferPointer { b -> Int32 in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: maxChars) { cp in
                withVaList([v]) { vsnprintf(cp, maxChars, "%.17Lf", $0) }
            }
        }
        var len = Int(max(0, min(written, Int32(maxChars - 1))))
        if buf[0..<len].contains(UInt8(ascii: ".")) {
            while len > 0 && buf[len - 1] == UInt8(ascii: "0") { len -= 1 }
            if len > 0 && buf[len - 1] == UInt8(ascii: ".") { len -= 1 }
        }
        if len == 2 && buf[0] == UInt8(ascii: "-") && buf[1] == UInt8(ascii: "0") { return [UInt8(ascii: "0")] }
        buf.removeSubrange(len...)
        return buf
    }
}

// MARK: LCS

/// One matching range of LCS IDX: bytes [aStart, aEnd] of the first string equal bytes
/// [bStart, bEnd] of the second (inclusive bounds).
public struct LCSMatch: Equatable, Sendable {
    public var aStart: Int, aEnd: Int, bStart: Int, bEnd: Int
    public var length: Int { aEnd - aStart + 1 }
    public init(aStart: Int, aEnd: Int, bStart: Int, bEnd: Int) {
        self.aStart = aStart; self.aEnd = aEnd; self.bStart = bStart; self.bEnd = bEnd
    }
}

public struct LCSResult: Sendable {
    /// Length of the longest common subsequence.
    public var length: Int
    /// The subsequence itself, when asked for.
    public var subsequence: [UInt8]
    /// Matching ranges, from the end of the strings towards their start, when asked for.
    public var matches: [LCSMatch]
}

public enum LCS {
    /// Bytes of transient memory the table needs for strings of these lengths (Redis
    /// refuses the command when this exceeds proto-max-bulk-len).
    public static func tableBytes(_ alen: Int, _ blen: Int) -> Int {
        let (cells, o1) = (alen + 1).multipliedReportingOverflow(by: blen + 1)
        let (bytes, o2) = cells.multipliedReportingOverflow(by: 4)
        return (o1 || o2) ? Int.max : bytes
    }

    /// Computes the LCS of `a` and `b`. With `walk` false only the length is computed from
    /// the table; otherwise the subsequence and every maximal diagonal run (a range) are
    /// rebuilt by walking back from the end, preferring to drop a byte of `b` on ties, as
    /// Redis does. Ranges shorter than `minMatchLength` (when it is > 0) are left out.
    public static func compute(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer,
                               walk: Bool, minMatchLength: Int) -> LCSResult {
        let alen = a.count, blen = b.count
        let width = blen + 1
        var table = [UInt32](repeating: 0, count: (alen + 1) * width)
        table.withUnsafeMutableBufferPointer { t in
            if alen > 0 && blen > 0 {
                for i in 1...alen {
                    let ai = a[i - 1]
                    let row = i * width, prev = (i - 1) * width
                    for j in 1...blen {
                        if ai == b[j - 1] {
                            t[row + j] = t[prev + j - 1] &+ 1
                        } else {
                            let up = t[prev + j], left = t[row + j - 1]
                            t[row + j] = up > left ? up : left
                        }
                    }
                }
            }
        }
        let total = Int(table[alen * width + blen])
        var result = LCSResult(length: total, subsequence: [], matches: [])
        if !walk { return result }

        var seq = [UInt8](repeating: 0, count: total)
        var k = total
        var i = alen, j = blen
        // The range being grown backwards, if any.
        var open = false
        var cur = LCSMatch(aStart: 0, aEnd: 0, bStart: 0, bEnd: 0)
        func emit() {
            if minMatchLength == 0 || cur.length >= minMatchLength { result.matches.append(cur) }
            open = false
        }
        while i > 0 && j > 0 {
            if a[i - 1] == b[j - 1] {
                k -= 1
                seq[k] = a[i - 1]
                if open {
                    cur.aStart = i - 1
                    cur.bStart = j - 1
                } else {
                    cur = LCSMatch(aStart: i - 1, aEnd: i - 1, bStart: j - 1, bEnd: j - 1)
                    open = true
                }
                i -= 1; j -= 1
                if i == 0 || j == 0 { emit() }
            } else {
                if table[(i - 1) * width + j] > table[i * width + j - 1] { i -= 1 } else { j -= 1 }
                if open { emit() }
            }
        }
        result.subsequence = seq
        return result
    }
}
