// Tests for StringMatch (Redis's stringmatchlen glob).
//
// Three kinds of evidence:
//   - an oracle table: for each pattern, which of a fixed set of strings real Redis
//     7.0.15 returns from KEYS (collected once from redis-server, committed here as data),
//     covering the parser's quirks (unterminated classes, `[a-]`, escapes, signed-char
//     ranges, NUL bytes, the empty string);
//   - a seeded random comparison with an independent reference matcher (recursive over
//     all ways a star can match, memoised), with nocase on and off;
//   - the pathological backtracking pattern finishing quickly on a long string.

import Testing
import DataStructures
#if canImport(Glibc)
import Glibc
#endif

@Suite struct StringMatchTests {
    /// Keys set in real Redis 7.0.15 (bytes, so NUL and 0x80..0xFF are exact).
    static let strings: [[UInt8]] = [
        [],
        [97],
        [98],
        [65],
        [97, 98],
        [97, 97],
        [97, 98, 99],
        [97, 42],
        [97, 63],
        [91],
        [93],
        [92],
        [45],
        [94],
        [97, 93],
        [255],
        [128],
        [127],
        [122],
        [90],
        [95],
        [97, 92, 98],
        [104, 101, 108, 108, 111],
        [104, 97, 108, 108, 111],
        [104, 120, 108, 108, 111],
        [104, 101, 101, 101, 101, 108, 108, 111],
        [104, 108, 108, 111],
        [97, 45],
        [120],
        [97, 88, 98],
        [0],
        [97, 0, 98],
        [97, 98, 97, 98],
        [97, 97, 98],
    ]
    /// Indexes into `strings` that KEYS returned for each pattern. (The lone `*` is
    /// left out: KEYS answers it without matching, so it lists the empty key too.)
    static let expected: [([UInt8], [Int])] = [
        ([42, 42], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33]),  // b'**'
        ([63], [1, 2, 3, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 28, 30]),  // b'?'
        ([63, 63], [4, 5, 7, 8, 14, 27]),  // b'??'
        ([97, 42], [1, 4, 5, 6, 7, 8, 14, 21, 27, 29, 31, 32, 33]),  // b'a*'
        ([42, 97], [1, 5]),  // b'*a'
        ([42, 98, 42], [2, 4, 6, 21, 29, 31, 32, 33]),  // b'*b*'
        ([97, 63], [4, 5, 7, 8, 14, 27]),  // b'a?'
        ([91, 97, 98, 93], [1, 2]),  // b'[ab]'
        ([91, 94, 97, 93], [2, 3, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 28, 30]),  // b'[^a]'
        ([91, 97, 45, 99, 93], [1, 2]),  // b'[a-c]'
        ([91, 99, 45, 97, 93], [1, 2]),  // b'[c-a]'
        ([91, 93, 97, 93], []),  // b'[]a]'
        ([91, 97, 45, 93], [1, 10, 13, 20]),  // b'[a-]'
        ([91, 97, 45, 93, 93], [1, 10, 13, 20]),  // b'[a-]]'
        ([91], []),  // b'['
        ([91, 94], [1, 2, 3, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 28, 30]),  // b'[^'
        ([91, 94, 93], [1, 2, 3, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 28, 30]),  // b'[^]'
        ([92, 42], []),  // b'\\*'
        ([97, 92], []),  // b'a\\'
        ([92], [11]),  // b'\\'
        ([92, 92], [11]),  // b'\\\\'
        ([91, 92, 93, 93], [10]),  // b'[\\]]'
        ([91, 97, 92, 45, 122, 93], [1, 12, 18]),  // b'[a\\-z]'
        ([104, 91, 97, 101, 93, 108, 108, 111], [22, 23]),  // b'h[ae]llo'
        ([104, 42, 108, 108, 111], [22, 23, 24, 25, 26]),  // b'h*llo'
        ([104, 63, 108, 108, 111], [22, 23, 24]),  // b'h?llo'
        ([104, 91, 94, 101, 93, 108, 108, 111], [23, 24]),  // b'h[^e]llo'
        ([104, 91, 97, 45, 98, 93, 108, 108, 111], [23]),  // b'h[a-b]llo'
        ([91, 128, 45, 255, 93], [15, 16]),  // b'[\x80-\xff]'
        ([91, 97, 45, 255, 93], [1, 3, 9, 10, 11, 12, 13, 15, 19, 20, 30]),  // b'[a-\xff]'
        ([91, 0, 45, 97, 93], [1, 3, 9, 10, 11, 12, 13, 19, 20, 30]),  // b'[\x00-a]'
        ([91, 127, 45, 128, 93], [1, 2, 3, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 28, 30]),  // b'[\x7f-\x80]'
        ([97, 42, 98], [4, 21, 29, 31, 32, 33]),  // b'a*b'
        ([97, 42, 98, 42], [4, 6, 21, 29, 31, 32, 33]),  // b'a*b*'
        ([42, 97, 42, 98], [4, 21, 29, 31, 32, 33]),  // b'*a*b'
        ([97, 42, 42, 98], [4, 21, 29, 31, 32, 33]),  // b'a**b'
        ([91, 91, 93], [9]),  // b'[[]'
        ([91, 97, 45, 99, 45, 101, 93], [1, 2, 12]),  // b'[a-c-e]'
        ([91, 45, 97, 93], [1, 12]),  // b'[-a]'
        ([91, 97, 45, 93, 120], [1, 10, 13, 20, 28]),  // b'[a-]x'
        ([97, 91], []),  // b'a['
        ([97, 91, 98], [4]),  // b'a[b'
        ([97, 91, 94, 98], [5, 7, 8, 14, 27]),  // b'a[^b'
        ([91, 65, 45, 122, 93], [1, 2, 3, 9, 10, 11, 13, 18, 19, 20, 28]),  // b'[A-z]'
        ([91, 90, 45, 97, 93], [1, 9, 10, 11, 13, 19, 20]),  // b'[Z-a]'
        ([97, 92, 42], [7]),  // b'a\\*'
        ([42, 92], [11]),  // b'*\\'
        ([63, 42], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33]),  // b'?*'
        ([42, 63], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33]),  // b'*?'
        ([91, 92], [11]),  // b'[\\'
        ([97, 0, 98], [31]),  // b'a\x00b'
        ([42, 0, 42], [30, 31]),  // b'*\x00*'
        ([91, 94, 45, 93], [1, 2, 3, 9, 10, 11, 13, 15, 16, 17, 18, 19, 20, 28, 30]),  // b'[^-]'
        ([91, 93, 93], []),  // b'[]]'
        ([91, 93, 45, 97, 93], []),  // b'[]-a]'
        ([42, 91, 97, 98, 93], [1, 2, 4, 5, 21, 29, 31, 32, 33]),  // b'*[ab]'
        ([91, 97, 98, 93, 42, 91, 97, 98, 93], [4, 5, 21, 29, 31, 32, 33]),  // b'[ab]*[ab]'
        ([120, 42], [28]),  // b'x*'
        ([42, 120, 42, 121], []),  // b'*x*y'
    ]

    @Test func oracleTable() {
        for (pattern, matches) in Self.expected {
            for (i, s) in Self.strings.enumerated() {
                let want = matches.contains(i)
                #expect(stringMatch(pattern, s) == want,
                        "pattern \(pattern) string \(s) expected \(want)")
            }
        }
    }

    @Test func basics() {
        func m(_ p: String, _ s: String, nocase: Bool = false) -> Bool {
            stringMatch(Array(p.utf8), Array(s.utf8), nocase: nocase)
        }
        #expect(m("h?llo", "hello"))
        #expect(m("h*llo", "heeeeello"))
        #expect(m("h[ae]llo", "hallo"))
        #expect(!m("h[ae]llo", "hillo"))
        #expect(m("h[^e]llo", "hallo"))
        #expect(!m("h[^e]llo", "hello"))
        #expect(m("h[a-b]llo", "hbllo"))
        #expect(m("\\*", "*"))
        #expect(!m("\\*", "a"))
        #expect(!m("*", ""))          // Redis: the empty string matches only the empty pattern
        #expect(m("", ""))
        #expect(!m("", "a"))
        #expect(m("a*", "a"))
        #expect(!m("a*b", "a"))
        // nocase folds A-Z only, and not inside an escaped class member.
        #expect(m("HELLO", "hello", nocase: true))
        #expect(!m("HELLO", "hello"))
        #expect(m("[A-C]x", "bX", nocase: true))
        #expect(!m("[\\A]", "a", nocase: true))
        #expect(m("[\\A]", "A", nocase: true))
        // [Z-a] lowercases its ends after ordering them: 'z'..'a', an empty range.
        #expect(!m("[Z-a]", "a", nocase: true))
        #expect(m("[Z-a]", "_"))
    }

    @Test func binaryBytes() {
        // Ranges compare bytes as signed char: 0x80..0xFF sort below 0x00.
        #expect(stringMatch([91, 0x80, 45, 0xFF, 93], [0x90]))
        #expect(!stringMatch([91, 0x80, 45, 0xFF, 93], [0x10]))
        #expect(stringMatch([91, 0x80, 45, 0x10, 93], [0x00]))
        #expect(stringMatch([42, 0, 42], [1, 0, 2]))
        #expect(!stringMatch([42, 0, 42], [1, 2]))
    }

    /// Pattern a*a*...*a*b (60 stars) against 20000 'a's: exponential for naive
    /// backtracking, must be near-instant here.
    @Test func pathologicalPatternIsFast() {
        var pattern: [UInt8] = []
        for _ in 0..<60 { pattern += [97, 42] }
        pattern.append(98)
        let subject = [UInt8](repeating: 97, count: 20_000)
        let start = clock()
        #expect(!stringMatch(pattern, subject))
        var alt = subject
        alt.append(98)
        #expect(stringMatch(pattern, alt))
        #expect(!stringMatch([42, 97, 42, 97, 42, 97, 42, 98, 42, 99], subject + [98]))
        let seconds = Double(clock() - start) / Double(CLOCKS_PER_SEC)
        #expect(seconds < 5, "took \(seconds)s")
    }

    @Test func randomAgainstReference() {
        var rng = SplitMix(seed: 0x5EED_0001)
        let patternAlphabet: [UInt8] = Array("ab*?[]^-\\A".utf8) + [0xC3]
        let stringAlphabet: [UInt8] = Array("abAB]-^\\*".utf8) + [0xC3]
        for round in 0..<20_000 {
            let p = (0..<Int(rng.next() % 9)).map { _ in patternAlphabet[Int(rng.next() % UInt64(patternAlphabet.count))] }
            let s = (0..<Int(rng.next() % 9)).map { _ in stringAlphabet[Int(rng.next() % UInt64(stringAlphabet.count))] }
            let nocase = round % 3 == 0
            let want = ReferenceGlob(pattern: p, string: s, nocase: nocase).matches()
            #expect(stringMatch(p, s, nocase: nocase) == want, "pattern \(p) string \(s) nocase \(nocase)")
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// An independent matcher for the random test: the pattern is first compiled into a
/// list of tokens (star, or a predicate on one byte), following Redis's documented
/// parsing rules, then matched by memoised recursion over (token, position).
struct ReferenceGlob {
    enum Token { case star; case one((UInt8) -> Bool) }
    let tokens: [Token]
    let string: [UInt8]

    init(pattern: [UInt8], string: [UInt8], nocase: Bool) {
        self.string = string
        func lower(_ v: Int) -> Int { (65...90).contains(v) ? v + 32 : v }
        func sc(_ b: UInt8) -> Int { Int(Int8(bitPattern: b)) }
        var toks: [Token] = []
        var i = 0
        let p = pattern
        while i < p.count {
            switch p[i] {
            case UInt8(ascii: "*"):
                toks.append(.star); i += 1
            case UInt8(ascii: "?"):
                toks.append(.one { _ in true }); i += 1
            case UInt8(ascii: "\\") where i + 1 < p.count:
                let b = p[i + 1]
                toks.append(.one { c in nocase ? lower(Int(b)) == lower(Int(c)) : b == c }); i += 2
            case UInt8(ascii: "["):
                var j = i + 1
                var negate = false
                if j < p.count && p[j] == UInt8(ascii: "^") { negate = true; j += 1 }
                var preds: [(UInt8) -> Bool] = []
                while j < p.count && p[j] != UInt8(ascii: "]") {
                    if p[j] == UInt8(ascii: "\\") && j + 1 < p.count {
                        let b = p[j + 1]
                        preds.append { $0 == b }; j += 2
                    } else if j + 2 < p.count && p[j + 1] == UInt8(ascii: "-") {
                        var lo = sc(p[j]), hi = sc(p[j + 2])
                        if lo > hi { (lo, hi) = (hi, lo) }
                        if nocase { lo = lower(lo); hi = lower(hi) }
                        let (l, h) = (lo, hi)
                        preds.append { c in let x = nocase ? lower(sc(c)) : sc(c); return x >= l && x <= h }
                        j += 3
                    } else {
                        let b = p[j]
                        preds.append { c in nocase ? lower(Int(b)) == lower(Int(c)) : b == c }; j += 1
                    }
                }
                let ps = preds, neg = negate
                toks.append(.one { c in ps.contains { $0(c) } != neg })
                i = j + 1
            default:
                let b = p[i]
                toks.append(.one { c in nocase ? lower(Int(b)) == lower(Int(c)) : b == c }); i += 1
            }
        }
        tokens = toks
    }

    func matches() -> Bool {
        if string.isEmpty { return tokens.isEmpty }
        var memo = [Int: Bool]()
        func go(_ t: Int, _ s: Int) -> Bool {
            let k = t * 1000 + s
            if let v = memo[k] { return v }
            var r: Bool
            if t == tokens.count {
                r = s == string.count
            } else if case .one(let f) = tokens[t] {
                r = s < string.count && f(string[s]) && go(t + 1, s + 1)
            } else {
                r = go(t + 1, s) || (s < string.count && go(t, s + 1))
            }
            memo[k] = r
            return r
        }
        return go(0, 0)
    }
}
