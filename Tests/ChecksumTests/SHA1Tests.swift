// SHA1Tests.swift: SHA-1 known answers (FIPS 180 examples, the million-'a' message),
// streaming in every chunking against one shot, and hex formatting. Each test body runs
// on both compression paths: the SHA extensions (when the CPU has them) and Swift's.

import Testing
@testable import Checksum

/// `true` = the SHA-extension compression, `false` = the portable Swift one.
let sha1Paths: [Bool] = SHA1.hardwareAvailable ? [false, true] : [false]

@Suite struct SHA1Tests {
    func hexSHA1(_ s: String, hardware: Bool) -> String {
        var sha = SHA1(hardware: hardware)
        sha.update(Array(s.utf8))
        return SHA1.hex(sha.finalize())
    }

    @Test(arguments: sha1Paths)
    func knownAnswers(hardware: Bool) {
        #expect(hexSHA1("", hardware: hardware) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hexSHA1("abc", hardware: hardware) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hexSHA1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", hardware: hardware)
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hexSHA1("The quick brown fox jumps over the lazy dog", hardware: hardware)
                == "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")
        // Redis's own example: SCRIPT LOAD "return 1" answers this name.
        #expect(hexSHA1("return 1", hardware: hardware) == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    }

    @Test(arguments: sha1Paths)
    func millionA(hardware: Bool) {
        var sha = SHA1(hardware: hardware)
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { sha.update(chunk) }
        #expect(SHA1.hex(sha.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        var once = SHA1(hardware: hardware)
        once.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(SHA1.hex(once.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func convenienceFunctions() {
        let abc = Array("abc".utf8)
        #expect(SHA1.hexDigest(abc) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(abc.withUnsafeBytes { SHA1.hexDigest($0) } == SHA1.hexDigest(abc))
        #expect(SHA1.hash(abc) == abc.withUnsafeBytes { SHA1.hash($0) })
        #expect(SHA1.hash(abc).count == SHA1.digestLength)
    }

    @Test(arguments: sha1Paths)
    func streamingEqualsOneShot(hardware: Bool) {
        var rng = SplitMix64(seed: 5)
        // Lengths around the padding boundaries (55, 56, 63, 64, 119, 120...).
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 5000] {
            let bytes = [UInt8].random(count: length, using: &rng)
            var one = SHA1(hardware: hardware)
            one.update(bytes)
            let whole = one.finalize()
            #expect(whole == SHA1.hash(bytes), "length \(length): paths disagree")
            for chunk in [1, 3, 63, 64, 65, 200] {
                var sha = SHA1(hardware: hardware)
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
