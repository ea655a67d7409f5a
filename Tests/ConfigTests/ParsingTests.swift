// ParsingTests.swift — sdssplitargs quoting/escapes, sdscatrepr, memtoull
// units, strict integers, octal, glob matching and keyspace-event flags.

import Testing
@testable import Config

@Suite struct QuotingTests {
    @Test func plainWords() {
        #expect(ConfigParsing.splitArgs("  save 900   1\t300 10 ") == ["save", "900", "1", "300", "10"])
        #expect(ConfigParsing.splitArgs("") == [])
        #expect(ConfigParsing.splitArgs("   ") == [])
    }

    @Test func doubleQuoteEscapes() {
        #expect(ConfigParsing.splitArgs(#"a "x\ny\r\t\b\a\\\"z""#) == ["a", "x\ny\r\t\u{8}\u{7}\\\"z"])
        #expect(ConfigParsing.splitArgs(#""\x41\x4a\x4B""#) == ["AJK"])
        // \x needs two hex digits; otherwise it is a plain escaped 'x'.
        #expect(ConfigParsing.splitArgs(#""\xZ1""#) == ["xZ1"])
        // Unknown escapes drop the backslash.
        #expect(ConfigParsing.splitArgs(#""\q""#) == ["q"])
        #expect(ConfigParsing.splitArgs(#""""#) == [""])
        #expect(ConfigParsing.splitArgs(#"a "" b"#) == ["a", "", "b"])
    }

    @Test func singleQuotes() {
        #expect(ConfigParsing.splitArgs(#"'it\'s' 'a\nb'"#) == ["it's", "a\\nb"])
        #expect(ConfigParsing.splitArgs("'a \"b\"'") == ["a \"b\""])
    }

    @Test func quotesInsideAToken() {
        #expect(ConfigParsing.splitArgs(#"ab"cd ef""#) == ["abcd ef"])
    }

    @Test func unbalancedOrGlued() {
        #expect(ConfigParsing.splitArgs(#"save "900 1"#) == nil)
        #expect(ConfigParsing.splitArgs("a 'b") == nil)
        #expect(ConfigParsing.splitArgs(#"loglevel "abc"def"#) == nil)
        #expect(ConfigParsing.splitArgs("loglevel 'abc'def") == nil)
    }

    @Test func binaryBytes() {
        let parts = ConfigParsing.splitArgsBytes(Array(#""\xff\x00z""#.utf8))
        #expect(parts == [[0xff, 0x00, UInt8(ascii: "z")]])
    }

    @Test func reprMatchesSdscatrepr() {
        #expect(ConfigParsing.repr("a b\"c") == #""a b\"c""#)
        #expect(ConfigParsing.repr("x\n\r\t\u{7}\u{8}\\") == #""x\n\r\t\a\b\\""#)
        #expect(ConfigParsing.repr("é\u{1}") == #""\xc3\xa9\x01""#)
        #expect(ConfigParsing.repr("") == #""""#)
    }
}

@Suite struct NumberParsingTests {
    @Test func memoryUnits() {
        #expect(ConfigParsing.memtoull("1k") == 1000)
        #expect(ConfigParsing.memtoull("1kb") == 1024)
        #expect(ConfigParsing.memtoull("4K") == 4000)
        #expect(ConfigParsing.memtoull("100mb") == 100 * 1024 * 1024)
        #expect(ConfigParsing.memtoull("100m") == 100_000_000)
        #expect(ConfigParsing.memtoull("1gB") == 1 << 30)
        #expect(ConfigParsing.memtoull("2g") == 2_000_000_000)
        #expect(ConfigParsing.memtoull("5b") == 5)
        #expect(ConfigParsing.memtoull("05") == 5)
        #expect(ConfigParsing.memtoull("") == 0)
        #expect(ConfigParsing.memtoull("-1") == nil)
        #expect(ConfigParsing.memtoull("+1") == nil)
        #expect(ConfigParsing.memtoull("1 ") == nil)
        #expect(ConfigParsing.memtoull("1tb") == nil)
        #expect(ConfigParsing.memtoull("0x10") == nil)
        // strtoull saturation and unchecked multiplication, as in 7.0.15.
        #expect(ConfigParsing.memtoull("99999999999999999999999") == UInt64.max)
        #expect(ConfigParsing.memtoull("20000000000gb") == 3_028_092_406_290_448_384)
    }

    @Test func strictIntegers() {
        #expect(ConfigParsing.string2ll("0") == 0)
        #expect(ConfigParsing.string2ll("-2") == -2)
        #expect(ConfigParsing.string2ll("9223372036854775807") == Int64.max)
        #expect(ConfigParsing.string2ll("-9223372036854775808") == Int64.min)
        for bad in ["", "05", "+5", " 5", "5 ", "-0", "-", "9223372036854775808", "1e3", "0x1"] {
            #expect(ConfigParsing.string2ll(bad) == nil, "\(bad)")
        }
    }

    @Test func octal() {
        #expect(ConfigParsing.strtollFull("700", base: 8) == 0o700)
        #expect(ConfigParsing.strtollFull("0777", base: 8) == 0o777)
        #expect(ConfigParsing.strtollFull("", base: 8) == 0)
        #expect(ConfigParsing.strtollFull(" 7", base: 8) == 7)
        #expect(ConfigParsing.strtollFull("-1", base: 8) == -1)
        #expect(ConfigParsing.strtollFull("999", base: 8) == nil)
        #expect(ConfigParsing.strtollFull("+", base: 8) == nil)
        #expect(ConfigParsing.strtollFull("  ", base: 8) == nil)
    }

    @Test func doublesAndPercentileFormat() {
        #expect(ConfigParsing.string2d("1e1") == 10)
        #expect(ConfigParsing.string2d("0x10") == 16)
        #expect(ConfigParsing.string2d("99.9") == 99.9)
        #expect(ConfigParsing.string2d("") == nil)
        #expect(ConfigParsing.string2d(" 1") == nil)
        #expect(ConfigParsing.string2d("nan") == nil)
        #expect(ConfigParsing.string2d("1x") == nil)
        #expect(ConfigParsing.formatPercentile(50) == "50")
        #expect(ConfigParsing.formatPercentile(99.9) == "99.9")
        #expect(ConfigParsing.formatPercentile(33.333333333) == "33.333333")
        #expect(ConfigParsing.formatPercentile(0) == "0")
    }

    @Test func memoryRewriteFormat() {
        #expect(ConfigParsing.formatMemory(0) == "0")
        #expect(ConfigParsing.formatMemory(1 << 30) == "1gb")
        #expect(ConfigParsing.formatMemory(3 << 20) == "3mb")
        #expect(ConfigParsing.formatMemory(2048) == "2kb")
        #expect(ConfigParsing.formatMemory(1000) == "1000")
        #expect(ConfigParsing.formatMemory(-1) == "-1")
    }
}

@Suite struct GlobTests {
    @Test func basics() {
        let m = { (p: String, s: String) in ConfigParsing.stringMatch(p, s, nocase: true) }
        #expect(m("*", "maxmemory"))
        #expect(m("max*", "maxmemory"))
        #expect(m("*ZIPLIST*", "hash-max-ziplist-entries"))
        #expect(m("po?t", "port"))
        #expect(!m("po?t", "poort"))
        #expect(m("[p]ort", "port"))
        #expect(m("[^a-o]ort", "port"))
        #expect(!m("[^a-p]ort", "port"))
        #expect(m("[o-a]ort", "bort"))       // reversed range
        #expect(m("[A-Z]ort", "port"))       // nocase range
        #expect(m("h\\z", "hz"))
        #expect(m("\\*", "*"))
        #expect(!m("\\*", "x"))
        #expect(m("a*b*c", "aXXbYYc"))
        #expect(!m("a*b*c", "aXXbYY"))
        #expect(!m("*[", "port"))
        #expect(m("port*", "port"))
        #expect(!m("*", ""))                 // redis' stringmatchlen quirk
        #expect(!ConfigParsing.stringMatch("PORT", "port", nocase: false))
    }
}

@Suite struct KeyspaceEventTests {
    @Test func roundTrips() {
        let f = { (s: String) in ConfigParsing.keyspaceEventsString(ConfigParsing.keyspaceEventsFlags(s)!) }
        #expect(f("KEA") == "AKE")
        #expect(f("Elg") == "glE")
        #expect(f("Ex$lshztdmn") == "$lshzxtdnEm")
        #expect(f("KA") == "AK")
        #expect(f("Km") == "Km")
        #expect(f("") == "")
        #expect(f("g$lshzxetd") == "A")
        #expect(ConfigParsing.keyspaceEventsFlags("Q") == nil)
        #expect(ConfigParsing.keyspaceEventsFlags("zzz!") == nil)
    }
}
