// StringMatch: Redis's glob matcher (stringmatchlen), used by KEYS, SCAN MATCH and any
// other command that takes a glob pattern (pub/sub patterns, COMMAND LIST FILTERBY...).
//
// The pattern language, as Redis 7.0 defines it, including its quirks:
//   *        any run of bytes; but an EMPTY string only matches the empty pattern
//            (Redis never lets a star match at end of input unless a byte was consumed
//            first: `*` does not match "").
//   ?        exactly one byte.
//   [...]    one byte from a class: `^` first negates, `\x` is a literal x (compared
//            case-sensitively even with nocase), `a-z` is a range (ends swapped when
//            reversed; bytes compare as C's signed char, so 0x80..0xFF sort below 0x00),
//            a `]` right after `[`/`[^` closes an empty class, an unterminated class runs
//            to the end of the pattern, and `x-` followed by anything is still a range
//            (`[a-]` is the range ']'..'a').
//   \x       a literal x (a trailing backslash is a literal backslash).
//   nocase   folds A-Z only (C locale tolower), as Redis.
//
// Why not Redis's recursive algorithm: a recursive star with backtracking is
// exponential on patterns like `a*a*a*a*...b`; Redis bounds it with a "skip longer
// matches" flag. Here every token other than `*` consumes exactly one byte and how far
// a token extends in the pattern never depends on the input, so the classic iterative
// matcher applies: remember only the most recent star and, on a mismatch, let that star
// swallow one more byte. Earlier stars never need revisiting (any match they could give
// is also reachable from the last star), so the result equals Redis's and the cost is
// O(len(pattern) * len(string)) in the worst case, with no recursion and no allocation.

@inline(__always) private func asciiLower(_ b: UInt8) -> UInt8 {
    (b >= 65 && b <= 90) ? b &+ 32 : b
}

@inline(__always) private func asciiLower(_ v: Int) -> Int {
    (v >= 65 && v <= 90) ? v + 32 : v
}

/// The byte as C's (signed) `char` value, which is what Redis's ranges compare.
@inline(__always) private func signedChar(_ b: UInt8) -> Int {
    Int(Int8(bitPattern: b))
}

/// Matches the single-byte token starting at `p` (never a `*`) against `c`.
/// Returns whether it matched and the index just past the token.
@inline(__always)
private func matchToken(_ pat: UnsafeRawBufferPointer, _ p: Int, _ c: UInt8, _ nocase: Bool) -> (Bool, Int) {
    let m = pat.count
    switch pat[p] {
    case UInt8(ascii: "?"):
        return (true, p + 1)
    case UInt8(ascii: "["):
        var i = p + 1
        let negate = i < m && pat[i] == UInt8(ascii: "^")
        if negate { i += 1 }
        var matched = false
        while true {
            if i + 1 < m && pat[i] == UInt8(ascii: "\\") {
                // Escaped byte inside a class: literal, case-sensitive.
                i += 1
                if pat[i] == c { matched = true }
            } else if i < m && pat[i] == UInt8(ascii: "]") {
                break
            } else if i >= m {
                // Unterminated class: it extends to the end of the pattern.
                i = m - 1
                break
            } else if i + 2 < m && pat[i + 1] == UInt8(ascii: "-") {
                var lo = signedChar(pat[i]), hi = signedChar(pat[i + 2])
                var x = signedChar(c)
                if lo > hi { swap(&lo, &hi) }
                if nocase { lo = asciiLower(lo); hi = asciiLower(hi); x = asciiLower(x) }
                i += 2
                if x >= lo && x <= hi { matched = true }
            } else if nocase {
                if asciiLower(pat[i]) == asciiLower(c) { matched = true }
            } else if pat[i] == c {
                matched = true
            }
            i += 1
        }
        return (matched != negate, i + 1)
    case UInt8(ascii: "\\") where p + 1 < m:
        let b = pat[p + 1]
        return (nocase ? asciiLower(b) == asciiLower(c) : b == c, p + 2)
    default:
        let b = pat[p]
        return (nocase ? asciiLower(b) == asciiLower(c) : b == c, p + 1)
    }
}

/// Redis's stringmatchlen: does `string` match the glob `pattern`? Binary safe.
public func stringMatch(_ pattern: UnsafeRawBufferPointer, _ string: UnsafeRawBufferPointer,
                        nocase: Bool = false) -> Bool {
    let m = pattern.count, n = string.count
    if n == 0 { return m == 0 }
    let star = UInt8(ascii: "*")
    var p = 0, s = 0
    // Where to resume after the most recent star: pattern index past it, and the
    // input index its match currently ends at (-1: no star seen yet).
    var resumeP = -1, resumeS = 0
    while s < n {
        if p < m && pattern[p] == star {
            while p + 1 < m && pattern[p + 1] == star { p += 1 }
            if p == m - 1 { return true }    // a trailing star matches the rest
            p += 1
            resumeP = p
            resumeS = s
            continue
        }
        if p < m {
            let (ok, next) = matchToken(pattern, p, string[s], nocase)
            if ok {
                p = next
                s += 1
                continue
            }
        }
        if resumeP < 0 { return false }
        resumeS += 1
        s = resumeS
        p = resumeP
    }
    while p < m && pattern[p] == star { p += 1 }
    return p == m
}

/// Convenience for byte arrays (tests, configuration).
public func stringMatch(_ pattern: [UInt8], _ string: [UInt8], nocase: Bool = false) -> Bool {
    pattern.withUnsafeBytes { p in string.withUnsafeBytes { s in stringMatch(p, s, nocase: nocase) } }
}

