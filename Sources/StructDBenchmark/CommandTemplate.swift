// CommandTemplate: the bytes one connection sends, built once per test, and the
// `__rand_int__` substitution done in place before each batch.
//
// A command is encoded once as RESP (RESPValueEncoder, from the RESP module), or taken as
// raw inline bytes. A connection's send buffer holds `pipeline` copies of it back to back,
// after an optional prefix (AUTH, HELLO 3, SELECT, CLIENT TRACKING) that only the first
// batch on a connection sends. Every "__rand_int__" in the copies is found once and
// remembered by offset; with -r, each batch overwrites those 12 bytes with a fresh random
// number in 0..<keyspacelen, zero-padded to 12 digits ("000000004711"), so every command of
// a pipeline gets its own keys and nothing is allocated or re-encoded per request. Without
// -r the placeholder is sent as it is, as redis-benchmark does.

import RESP

public enum CommandTemplate {
    public static let placeholder: [UInt8] = Array("__rand_int__".utf8)

    /// RESP multibulk encoding of `args`.
    public static func encode(_ args: [[UInt8]]) -> [UInt8] {
        RESPValueEncoder.encode(.array(args.map { .bulk($0) }), resp3: false)
    }

    /// The bytes of one command of `test`.
    public static func bytes(of test: BenchmarkTest) -> [UInt8] {
        test.inline ?? encode(test.arguments)
    }

    /// Offsets of every "__rand_int__" in `bytes` (non-overlapping, left to right).
    public static func placeholderOffsets(in bytes: [UInt8]) -> [Int] {
        var out: [Int] = []
        let p = placeholder
        guard bytes.count >= p.count else { return out }
        var i = 0
        while i <= bytes.count - p.count {
            if bytes[i] == p[0] && bytes[i..<(i + p.count)].elementsEqual(p) {
                out.append(i)
                i += p.count
            } else {
                i += 1
            }
        }
        return out
    }

    /// Writes `value` as 12 zero-padded decimal digits at `p` (the low 12 digits if larger).
    @inline(__always)
    public static func writeKeyDigits(_ value: UInt64, at p: UnsafeMutablePointer<UInt8>) {
        var v = value
        var i = 11
        while i >= 0 {
            p[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
            i -= 1
        }
    }
}

/// The send buffer of one connection: prefix + `pipeline` copies of the command.
final class SendBuffer {
    let bytes: UnsafeMutablePointer<UInt8>
    let prefixLength: Int
    let commandLength: Int
    let pipeline: Int
    /// Offsets (from `bytes`) of the placeholders in the command copies, not in the prefix.
    let randomOffsets: UnsafeMutablePointer<Int>
    let randomCount: Int
    /// Placeholders per command copy: a partial last batch randomizes only its own copies.
    let randomPerCommand: Int

    init(prefix: [UInt8], command: [UInt8], pipeline: Int) {
        prefixLength = prefix.count
        commandLength = command.count
        self.pipeline = pipeline
        let total = prefix.count + command.count * pipeline
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
        for (i, b) in prefix.enumerated() { storage[i] = b }
        for k in 0..<pipeline {
            let base = prefix.count + k * command.count
            for (i, b) in command.enumerated() { storage[base + i] = b }
        }
        bytes = storage
        let perCommand = CommandTemplate.placeholderOffsets(in: command)
        randomPerCommand = perCommand.count
        randomCount = perCommand.count * pipeline
        randomOffsets = .allocate(capacity: max(randomCount, 1))
        var j = 0
        for k in 0..<pipeline {
            for off in perCommand {
                randomOffsets[j] = prefix.count + k * command.count + off
                j += 1
            }
        }
    }

    deinit {
        bytes.deallocate()
        randomOffsets.deallocate()
    }

    /// Fresh random keys for the first `commands` copies.
    @inline(__always)
    func randomize(commands: Int, keyspace: UInt64, random: inout SplitMix64) {
        let n = randomPerCommand &* commands
        var j = 0
        while j < n {
            let r = keyspace == 0 ? 0 : random.next() % keyspace
            CommandTemplate.writeKeyDigits(r, at: bytes + randomOffsets[j])
            j &+= 1
        }
    }
}

/// SplitMix64: a small, fast, seedable generator (Steele, Lea, Flood 2014). Quality is
/// ample for picking keys; it is not for cryptography.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
