// RDBWriter: the RDB serializer (the writing half of Redis's rdb.c), version 10 exactly as
// Redis 7.0 writes it, so our files pass redis-check-rdb and load into redis-server, and
// our DUMP payloads RESTORE there.
//
// It is a streaming serializer: it owns no buffer of its own, holds no state between keys
// except the sink, and writes one piece at a time — a header, an AUX field, a function
// library, a database's SELECTDB/RESIZEDB, one key with its TTL and value, the footer.
// Whoever drives it decides the order and the pace: SAVE walks every database in one go;
// the fork-less snapshot (docs/snapshot.md) calls `writeEntry` for the keys of one bucket
// at a time between event-loop iterations, and for a key about to change before it
// changes. Nothing here reads the keyspace on its own.
//
// Encodings, as Redis chooses them:
//   strings   a canonical integer of at most 11 characters that fits 32 bits is stored as
//             INT8/16/32; with rdbcompression, a string over 20 bytes whose LZF form saves
//             at least 4 bytes is stored compressed; otherwise length + bytes. Keys,
//             hash fields and values, set members and whole listpack/intset blobs all go
//             through this one function (Redis's rdbSaveRawString).
//   string    type 0 (int-encoded values as integers)
//   list      QUICKLIST_2 (18): node count, then per node PACKED (2) + the listpack blob,
//             or PLAIN (1) + the element of a plain node
//   set       intset: SET_INTSET (11) blob; hashtable: SET (2), count + members
//   zset      listpack: ZSET_LISTPACK (17) blob; skiplist: ZSET_2 (5), count + members
//             from the highest score down, each with its score as 8 raw bytes
//   hash      listpack: HASH_LISTPACK (16) blob; hashtable: HASH (4), count + pairs
// The listpack and intset bytes are Redis's own formats (DataStructures keeps them so),
// which is why they are written as they are.

import Checksum
import Config
import DataStructures
#if canImport(Glibc)
import Glibc
#endif

final class RDBWriter<Sink: RDBSink> {
    let sink: Sink
    let compression: Bool
    private var compressor: LZFCompressor? = nil
    /// Reused output buffer for LZF (kept up to `scratchKeep` bytes between strings).
    private var scratch: UnsafeMutableRawBufferPointer? = nil
    private static var scratchKeep: Int { 1 << 20 }

    init(sink: Sink, compression: Bool) {
        self.sink = sink
        self.compression = compression
    }

    deinit { scratch?.deallocate() }

    // MARK: primitives

    @inline(__always) func writeByte(_ b: UInt8) throws { try sink.writeByte(b) }

    /// Redis's rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian lengths.
    func writeLength(_ n: Int) throws {
        let u = UInt64(n)
        if u < 1 << 6 {
            try sink.writeByte(UInt8(u))
        } else if u < 1 << 14 {
            var b: (UInt8, UInt8) = (UInt8(u >> 8) | 0x40, UInt8(u & 0xFF))
            try withUnsafeBytes(of: &b) { try sink.write($0) }
        } else if u <= UInt64(UInt32.max) {
            var b: (UInt8, UInt32) = (RDBFormat.len32Bit, UInt32(u).bigEndian)
            try sink.writeByte(b.0)
            try withUnsafeBytes(of: &b.1) { try sink.write($0) }
        } else {
            var v = u.bigEndian
            try sink.writeByte(RDBFormat.len64Bit)
            try withUnsafeBytes(of: &v) { try sink.write($0) }
        }
    }

    /// INT8/INT16/INT32 string encodings (rdbEncodeInteger); false when `v` needs more.
    private func writeEncodedInteger(_ v: Int64) throws -> Bool {
        if v >= -(1 << 7) && v <= (1 << 7) - 1 {
            try sink.writeByte(0xC0 | UInt8(RDBFormat.encInt8))
            try sink.writeByte(UInt8(truncatingIfNeeded: v))
        } else if v >= -(1 << 15) && v <= (1 << 15) - 1 {
            var le = Int16(v).littleEndian
            try sink.writeByte(0xC0 | UInt8(RDBFormat.encInt16))
            try withUnsafeBytes(of: &le) { try sink.write($0) }
        } else if v >= Int64(Int32.min) && v <= Int64(Int32.max) {
            var le = Int32(v).littleEndian
            try sink.writeByte(0xC0 | UInt8(RDBFormat.encInt32))
            try withUnsafeBytes(of: &le) { try sink.write($0) }
        } else {
            return false
        }
        return true
    }

    /// A string, as Redis's rdbSaveRawString stores it (see the file comment).
    func writeString(_ p: UnsafeRawBufferPointer) throws {
        let n = p.count
        if n <= 11, n > 0, let v = parseStrictInt64(p), try writeEncodedInteger(v) { return }
        if compression && n > 20 {
            if try sink.deferString(p) { return }
            if try writeCompressed(p) { return }
        }
        try writeLength(n)
        try sink.write(p)
    }

    /// A string value: int-encoded values as Redis's rdbSaveLongLongAsStringObject.
    func writeString(_ s: RStr) throws {
        if case .int(let v) = s {
            try writeInteger(v)
        } else {
            try s.withBytes { try writeString($0) }
        }
    }

    /// An integer as a string object: encoded when it fits 32 bits, else its decimal text.
    func writeInteger(_ v: Int64) throws {
        if try writeEncodedInteger(v) { return }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        try withUnsafeMutableBytes(of: &tmp) { raw in
            let n = formatDecimalBytes(v, into: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
            try writeLength(n)
            try sink.write(UnsafeRawBufferPointer(start: raw.baseAddress, count: n))
        }
    }

    func writeElement(_ v: LPValue) throws {
        switch v {
        case .bytes(let b): try writeString(b)
        case .int(let i): try i.withDecimalBytes { try writeString($0) }
        }
    }

    /// The LZF form (0xC3, compressed length, original length, bytes) when it saves at
    /// least 4 bytes; false (nothing written) otherwise.
    private func writeCompressed(_ p: UnsafeRawBufferPointer) throws -> Bool {
        let n = p.count
        let limit = n - 4
        if compressor == nil { compressor = LZFCompressor() }
        var out: UnsafeMutableRawBufferPointer
        var temporary = false
        if let s = scratch, s.count >= limit {
            out = s
        } else if limit <= RDBWriter.scratchKeep {
            scratch?.deallocate()
            scratch = .allocate(byteCount: max(limit, 4096), alignment: 16)
            out = scratch!
        } else {
            out = .allocate(byteCount: limit, alignment: 16)
            temporary = true
        }
        defer { if temporary { out.deallocate() } }
        let c = compressor!.compress(p, into: UnsafeMutableRawBufferPointer(rebasing: out[0..<limit]))
        if c == 0 { return false }
        try sink.writeByte(0xC0 | UInt8(RDBFormat.encLZF))
        try writeLength(c)
        try writeLength(n)
        try sink.write(UnsafeRawBufferPointer(start: out.baseAddress, count: c))
        return true
    }

    /// 8 raw bytes, little endian (rdbSaveBinaryDoubleValue).
    func writeBinaryDouble(_ d: Double) throws {
        var le = d.bitPattern.littleEndian
        try withUnsafeBytes(of: &le) { try sink.write($0) }
    }

    // MARK: file structure

    /// "REDIS0010".
    func writeHeader() throws {
        var s = "REDIS" + String(repeating: "0", count: 4 - String(RDBFormat.version).count) + String(RDBFormat.version)
        try s.withUTF8 { try sink.write(UnsafeRawBufferPointer($0)) }
    }

    func writeAux(_ key: String, _ value: String) throws {
        try sink.writeByte(RDBFormat.opAux)
        var k = key, v = value
        try k.withUTF8 { try writeString(UnsafeRawBufferPointer($0)) }
        try v.withUTF8 { try writeString(UnsafeRawBufferPointer($0)) }
    }

    /// An AUX field with binary key and value.
    func writeAux(_ key: [UInt8], _ value: [UInt8]) throws {
        try sink.writeByte(RDBFormat.opAux)
        try key.withUnsafeBytes { try writeString($0) }
        try value.withUnsafeBytes { try writeString($0) }
    }

    /// The AUX fields Redis 7.0 writes for a master with no replication history.
    func writeStandardAux(redisVersion: String, createdUnix: Int64, usedMemory: Int) throws {
        try writeAux("redis-ver", redisVersion)
        try writeAux("redis-bits", "64")
        try writeAux("ctime", String(createdUnix))
        try writeAux("used-mem", String(usedMemory))
        try writeAux("aof-base", "0")
    }

    /// One function library (its code, as FUNCTION LOAD received it).
    func writeFunction(_ code: [UInt8]) throws {
        try sink.writeByte(RDBFormat.opFunction2)
        try code.withUnsafeBytes { try writeString($0) }
    }

    /// SELECTDB alone: the snapshot coming back to a database it already sized.
    func writeSelectDB(_ index: Int) throws {
        try sink.writeByte(RDBFormat.opSelectDB)
        try writeLength(index)
    }

    func writeSelectDB(_ index: Int, keys: Int, expires: Int) throws {
        try sink.writeByte(RDBFormat.opSelectDB)
        try writeLength(index)
        try sink.writeByte(RDBFormat.opResizeDB)
        try writeLength(keys)
        try writeLength(expires)
    }

    /// One key: its TTL (absolute Unix ms), its access information when the eviction policy
    /// uses it (idle seconds for LRU, the counter for LFU), then type, key and value.
    func writeEntry(key: UnsafeRawBufferPointer, value: Value, expireAt: Int64?,
                    idleSeconds: Int64? = nil, frequency: UInt8? = nil) throws {
        if let when = expireAt {
            try sink.writeByte(RDBFormat.opExpireTimeMS)
            var le = when.littleEndian
            try withUnsafeBytes(of: &le) { try sink.write($0) }
        }
        if let idle = idleSeconds {
            try sink.writeByte(RDBFormat.opIdle)
            try writeLength(Int(max(0, idle)))
        }
        if let f = frequency {
            try sink.writeByte(RDBFormat.opFreq)
            try sink.writeByte(f)
        }
        try writeValueType(value)
        try writeString(key)
        try writeValue(value)
    }

    /// EOF and the checksum of everything before (zeros when checksums are off).
    func writeFooter(checksum enabled: Bool) throws {
        try sink.writeByte(RDBFormat.opEOF)
        try sink.flush()
        var le = (enabled ? sink.checksum : 0).littleEndian
        try withUnsafeBytes(of: &le) { try sink.write($0) }
        try sink.flush()
    }

    // MARK: values

    /// The type byte for `value` in its current encoding.
    static func typeByte(_ value: Value) throws -> UInt8 {
        switch value {
        case .string: return RDBFormat.typeString
        case .list: return RDBFormat.typeListQuicklist2
        case .set(let s): return s.isIntset ? RDBFormat.typeSetIntset : RDBFormat.typeSet
        case .hash(let h): return h.listpack != nil ? RDBFormat.typeHashListpack : RDBFormat.typeHash
        case .zset(let z): return z.listpack != nil ? RDBFormat.typeZSetListpack : RDBFormat.typeZSet2
        }
    }

    func writeValueType(_ value: Value) throws {
        try sink.writeByte(RDBWriter.typeByte(value))
    }

    /// The value's body (Redis's rdbSaveObject).
    func writeValue(_ value: Value) throws {
        switch value {
        case .string(let s):
            try writeString(s)
        case .list(let l):
            try writeList(l)
        case .set(let s):
            try writeSet(s)
        case .hash(let h):
            if let lp = h.listpack {
                try writeString(lp.rawBytes)
                return
            }
            try writeLength(h.count)
            var failure: Error? = nil
            h.forEach { f, v in
                if failure != nil { return }
                do {
                    try writeElement(f)
                    try writeElement(v)
                } catch { failure = error }
            }
            if let failure { throw failure }
        case .zset(let z):
            if let lp = z.listpack {
                try writeString(lp.rawBytes)
                return
            }
            // From the tail, so that loading inserts each member at the head.
            try writeLength(z.count)
            var failure: Error? = nil
            z.forEach(ranks: 0..<z.count, reverse: true) { m, s in
                if failure != nil { return }
                do {
                    try writeString(m)
                    try writeBinaryDouble(s)
                } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }
}

extension RDBWriter {
    /// A list's body: node count, then each node as a container tag and its blob.
    func writeList(_ list: ListValue) throws {
        try writeLength(list.nodeCount)
        var failure: Error? = nil
        list.forEachNode { node in
            if failure != nil { return }
            do {
                if node.isPlain, node.count == 1 {
                    try writeLength(RDBFormat.containerPlain)
                    try writeElement(node.firstElement)
                } else {
                    try writeLength(RDBFormat.containerPacked)
                    try writeString(node.listpackBytes)
                }
            } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// A set's body: the intset blob, or the count and every member.
    func writeSet(_ set: SetValue) throws {
        if let intset = set.intset {
            try writeString(intset.rawBytes)
            return
        }
        try writeLength(set.count)
        var failure: Error? = nil
        set.forEach { m in
            if failure != nil { return }
            do { try writeElement(m) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

extension Int64 {
    /// The decimal text of the integer, without allocating.
    @inline(__always) func withDecimalBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return try withUnsafeMutableBytes(of: &tmp) { raw in
            let n = formatDecimalBytes(self, into: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
            return try body(UnsafeRawBufferPointer(start: raw.baseAddress, count: n))
        }
    }
}
