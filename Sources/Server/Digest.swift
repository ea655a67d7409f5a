// DEBUG DIGEST / DIGEST-VALUE: Redis's order-independent SHA1 digest of the dataset, so the
// same data gives the same 40 hex digits here and in redis-server (a test can load both
// servers and compare one line instead of every key).
//
// The definition (Redis's debug.c; every line below was checked against redis-server
// 7.0.15's DEBUG DIGEST-VALUE, including listpack and skiplist zsets and intset sets):
//   xor(d, data):  d ^= SHA1(data)
//   mix(d, data):  xor(d, data); d = SHA1(d)
// A value's digest starts at 20 zero bytes, mixes in its type as a 4-byte big-endian
// number (string 0, list 1, set 2, zset 3, hash 4, stream 6), then its content by type:
//   string   mix(bytes)                       (integers as their decimal text)
//   list     mix(element) for each, in order
//   set      xor(element) for each            (order does not matter; intset members
//            as decimal text)
//   zset     for each member: e = 0; mix(e, member); mix(e, score as "%.17g"); xor(d, e)
//   hash     for each field:  e = 0; mix(e, field);  mix(e, value);            xor(d, e)
// and, for a key with a TTL, xor(d, "!!expire!!") (the TTL's value is not included).
// The dataset digest starts at zero; for each non-empty database, mix(final, db id as
// 4-byte big-endian); for each key, k = 0; mix(k, key); k gets the value's digest steps;
// then xor(final, k) — that xor hashes k again, as Redis does. XOR makes the result
// independent of the order keys are visited in. An empty dataset digests to 40 zeros.
//
// `mixValueDigest` is one switch over Value: a new type adds its case here.

import Checksum
import DataStructures
import RESP

/// A 20-byte digest being built.
struct Digest20 {
    var bytes = [UInt8](repeating: 0, count: 20)

    /// bytes ^= SHA1(data)
    mutating func xor(_ data: UnsafeRawBufferPointer) {
        let h = SHA1.hash(data)
        for i in 0..<20 { bytes[i] ^= h[i] }
    }

    /// xor(data), then bytes = SHA1(bytes)
    mutating func mix(_ data: UnsafeRawBufferPointer) {
        xor(data)
        bytes = bytes.withUnsafeBytes { SHA1.hash($0) }
    }

    mutating func mix(_ s: RStr) { s.withBytes { mix($0) } }
    mutating func mix(_ a: [UInt8]) { a.withUnsafeBytes { mix($0) } }
    mutating func xor(_ a: [UInt8]) { a.withUnsafeBytes { xor($0) } }

    mutating func mix(bigEndian v: UInt32) {
        withUnsafeBytes(of: v.bigEndian) { mix($0) }
    }

    var isZero: Bool { bytes.allSatisfy { $0 == 0 } }
}

/// Redis's type numbers, as mixed into a value's digest.
extension Value {
    var redisTypeNumber: UInt32 {
        switch self {
        case .string: return 0
        case .list: return 1
        case .set: return 2
        case .zset: return 3
        case .hash: return 4
        }
    }
}

func hex(_ d: Digest20) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(40)
    for b in d.bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}

extension Server {
    /// A value's digest steps (Redis's xorObjectDigest), applied to `d`.
    func mixValueDigest(_ d: inout Digest20, _ value: Value, hasExpire: Bool) {
        d.mix(bigEndian: value.redisTypeNumber)
        switch value {
        case .string(let s):
            d.mix(s)
        case .list(let l):
            l.forEachElement { e in e.withBytes { d.mix($0) }; return true }
        case .set(let s):
            s.forEach { m in m.withBytes { d.xor($0) } }
        case .hash(let h):
            h.forEach { field, value in
                var e = Digest20()
                field.withBytes { e.mix($0) }
                value.withBytes { e.mix($0) }
                d.xor(e.bytes)
            }
        case .zset(let z):
            z.forEach(ranks: 0..<z.count) { member, score in
                var e = Digest20()
                e.mix(member)
                e.mix(Array(formatDouble(score, "%.17g").utf8))
                d.xor(e.bytes)
            }
        }
        if hasExpire { d.xor(Array("!!expire!!".utf8)) }
    }

    /// The digest of every key in every database (DEBUG DIGEST).
    func datasetDigest() -> Digest20 {
        var final = Digest20()
        for db in databases where db.count > 0 {
            final.mix(bigEndian: UInt32(db.id))
            db.keys.forEach { e in
                var k = Digest20()
                k.mix(e.key)
                let hasExpire = db.expires.count > 0 && db.expires.find(e.key) != nil
                mixValueDigest(&k, e.value, hasExpire: hasExpire)
                final.xor(k.bytes)
            }
        }
        return final
    }
}
