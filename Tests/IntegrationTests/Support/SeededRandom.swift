// SeededRandom: a small deterministic generator (SplitMix64) for generated test sequences.
// Its own helpers, not the standard library's `random(in:using:)`, so a seed replays the same
// sequence on every toolchain. STRUCTD_DIFF_SEED replaces a test's seed to replay a failure.

import Foundation

struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// `fallback`, unless STRUCTD_DIFF_SEED holds a number.
    static func seed(default fallback: UInt64) -> UInt64 {
        ProcessInfo.processInfo.environment["STRUCTD_DIFF_SEED"].flatMap { UInt64($0) } ?? fallback
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in `range` (tiny modulo bias, irrelevant for test data).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound) &- Int64(range.lowerBound)) &+ 1
        if span == 0 { return Int(truncatingIfNeeded: next()) }  // the full Int range
        return range.lowerBound &+ Int(truncatingIfNeeded: next() % span)
    }

    mutating func int(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "empty range")
        return int(in: range.lowerBound...(range.upperBound - 1))
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[int(in: 0..<choices.count)]
    }

    /// A string of `length` characters drawn from `alphabet`.
    mutating func string(length: Int, alphabet: String = "abcdefghijklmnopqrstuvwxyz0123456789") -> String {
        let characters = Array(alphabet)
        return String((0..<length).map { _ in pick(characters) })
    }

    /// `count` arbitrary bytes (all 256 values).
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
