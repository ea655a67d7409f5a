// SHA1Tests.swift: SHA-1 known answers (FIPS 180 examples, the million-'a' message),
// streaming in every chunking against one shot, and hex formatting.

import Testing
@testable import Checksum

@Suite struct SHA1Tests {
    func hexSHA1(_ s: String) -> String { SHA1.hexDigest(Array(s.utf8)) }

    @Test func knownAnswers() {
        #expect(hexSHA1("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hexSHA1("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hexSHA1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hexSHA1("The quick brown fox jumps over the lazy dog")
                == "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")
        // Redis's own example: SCRIPT LOAD "return 1" answers this name.
        #expect(hexSHA1("return 1") == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    }

    @Test func millionA() {
        var sha = SHA1()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { sha.update(chunk) }
        #expect(SHA1.hex(sha.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        let whole = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA1.hexDigest(whole) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func streamingEqualsOneShot() {
        var rng = SplitMix64(seed: 5)
        // Lengths around the padding boundaries (55, 56, 63, 64, 119, 120...).
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000] {
            let bytes = [UInt8].random(count: length, using: &rng)
            let whole = SHA1.hash(bytes)
            #expect(whole.count == SHA1.digestLength)
            for chunk in [1, 3, 63, 64, 65, 200] {
                var sha = SHA1()
                var start = 0
                while start < bytes.count {
                    let end = min(start + chunk, bytes.count)
                    sha.update(Array(bytes[start..<end]))
                    start = end
                }
                #expect(sha.finalize() == whole, "length \(length) chunk \(chunk)")
            }
        }
    }

    @Test func finalizeDoesNotEndTheStream() {
        var sha = SHA1()
        sha.update(Array("ab".utf8))
        let partial = sha.finalize()
        sha.update(Array("c".utf8))
        #expect(SHA1.hex(partial) == SHA1.hexDigest(Array("ab".utf8)))
        #expect(SHA1.hex(sha.finalize()) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func hexFormatting() {
        #expect(SHA1.hex([]) == "")
        #expect(SHA1.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }
}
