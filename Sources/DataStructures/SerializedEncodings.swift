// SerializedEncodings: what the RDB loader needs from this module beyond the live
// structures' own APIs — readers for the two legacy blob formats Redis 7.0 still loads
// (ziplist and zipmap), constructors that adopt an already validated listpack or intset as
// a value's storage without copying it element by element, and the keyspace table's
// pre-sizing from an RDB's RESIZEDB hint (so a big load does not rehash as it grows).
//
// Both readers take untrusted bytes (an RDB file, a RESTORE payload) and validate as they
// walk: every length is checked against the end of the blob before anything is read or
// handed out, and the whole structure (header fields, entry chain, terminator) must be
// consistent, as Redis's deep integrity checks require. They visit entries through a
// callback (one pass, no intermediate array); when they return false the caller must
// discard whatever it built from the entries it was given.
//
// Ziplist (Redis < 7.0 small lists, hashes, sorted sets; quicklist v1 nodes), little endian:
//   <zlbytes:u32> <zltail:u32 offset of the last entry> <zllen:u16, 65535 = count it>
//   <entry>* <0xFF>
//   entry: <prevlen: 1 byte < 254, or 0xFE + u32> <encoding> <data>
//   encoding: 00LLLLLL string of L bytes | 01LLLLLL LLLLLLLL (14-bit, big endian) |
//             10______ + u32 big endian length | 0xC0 int16 | 0xD0 int32 | 0xE0 int64 |
//             0xF0 int24 | 0xFE int8 | 0xF1..0xFD the integers 0..12 with no data.
// Zipmap (Redis < 2.6 small hashes):
//   <count: 1 byte, 254 = count it> (<len> key <len> <free:1 byte> value <free bytes>)* <0xFF>
//   len: 1 byte < 254, or 0xFE + u32 (host order: little endian).

public enum Ziplist {
    static let headerSize = 10

    /// Validates `bytes` as a ziplist while visiting its entries in order; `body` may stop
    /// the walk by returning false (the function then returns false too). Returns true
    /// only when the whole blob is a well-formed ziplist.
    public static func forEachEntry(_ bytes: UnsafeRawBufferPointer, _ body: (LPValue) -> Bool) -> Bool {
        let size = bytes.count
        guard size >= headerSize + 1, let base = bytes.baseAddress else { return false }
        let zlbytes = Int(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian)
        let zltail = Int(bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
        let zllen = Int(bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self).littleEndian)
        guard zlbytes == size, zltail <= size - 1, bytes[size - 1] == 0xFF else { return false }
        let end = size - 1
        var p = headerSize
        var previousRaw = 0
        var last = headerSize
        var count = 0
        while p < end {
            // Previous entry's length.
            var prevlen: Int
            var q = p
            if bytes[q] < 254 {
                prevlen = Int(bytes[q])
                q += 1
            } else if bytes[q] == 254 {
                guard q + 5 <= end else { return false }
                prevlen = Int(bytes.loadUnaligned(fromByteOffset: q + 1, as: UInt32.self).littleEndian)
                q += 5
            } else {
                return false
            }
            guard prevlen == previousRaw, q < end else { return false }
            // Encoding and data.
            let enc = bytes[q]
            let value: LPValue
            var header = 1
            var dataLen = 0
            switch enc >> 6 {
            case 0:
                dataLen = Int(enc & 0x3F)
            case 1:
                guard q + 2 <= end else { return false }
                header = 2
                dataLen = Int(enc & 0x3F) << 8 | Int(bytes[q + 1])
            case 2:
                guard q + 5 <= end else { return false }
                header = 5
                dataLen = Int(bytes[q + 1]) << 24 | Int(bytes[q + 2]) << 16 | Int(bytes[q + 3]) << 8 | Int(bytes[q + 4])
            default:
                switch enc {
                case 0xC0: dataLen = 2
                case 0xD0: dataLen = 4
                case 0xE0: dataLen = 8
                case 0xF0: dataLen = 3
                case 0xFE: dataLen = 1
                case 0xF1...0xFD: dataLen = 0
                default: return false
                }
            }
            let data = q + header
            guard data <= end, dataLen <= end - data else { return false }
            if enc >> 6 < 3 {
                value = .bytes(UnsafeRawBufferPointer(start: base + data, count: dataLen))
            } else {
                switch enc {
                case 0xC0: value = .int(Int64(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: data, as: Int16.self))))
                case 0xD0: value = .int(Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: data, as: Int32.self))))
                case 0xE0: value = .int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: data, as: Int64.self)))
                case 0xF0:
                    let u = UInt32(bytes[data]) << 8 | UInt32(bytes[data + 1]) << 16 | UInt32(bytes[data + 2]) << 24
                    value = .int(Int64(Int32(bitPattern: u) >> 8))
                case 0xFE: value = .int(Int64(Int8(bitPattern: bytes[data])))
                default: value = .int(Int64(enc & 0x0F) - 1)
                }
            }
            let raw = data + dataLen - p
            if !body(value) { return false }
            previousRaw = raw
            last = p
            p += raw
            count += 1
        }
        guard p == end, zltail == last else { return false }
        if zllen != 65535 && zllen != count { return false }
        return true
    }
}

public enum Zipmap {
    /// Validates `bytes` as a zipmap while visiting its pairs in order (see Ziplist's
    /// forEachEntry for the contract).
    public static func forEachPair(_ bytes: UnsafeRawBufferPointer,
                                   _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) -> Bool {
        let size = bytes.count
        guard size >= 2, let base = bytes.baseAddress else { return false }
        func length(at p: Int) -> (Int, Int)? {
            guard p < size else { return nil }
            let b = bytes[p]
            if b < 254 { return (Int(b), 1) }
            if b == 254 {
                guard p + 5 <= size else { return nil }
                return (Int(bytes.loadUnaligned(fromByteOffset: p + 1, as: UInt32.self).littleEndian), 5)
            }
            return nil
        }
        var p = 1
        var count = 0
        while true {
            guard p < size else { return false }
            if bytes[p] == 0xFF { break }
            guard let (klen, ks) = length(at: p) else { return false }
            p += ks
            guard klen <= size - p else { return false }
            let key = UnsafeRawBufferPointer(start: base + p, count: klen)
            p += klen
            guard let (vlen, vs) = length(at: p) else { return false }
            p += vs
            guard p < size else { return false }
            let free = Int(bytes[p])
            p += 1
            guard vlen <= size - p, free <= size - p - vlen else { return false }
            let value = UnsafeRawBufferPointer(start: base + p, count: vlen)
            p += vlen + free
            if !body(key, value) { return false }
            count += 1
        }
        guard p == size - 1 else { return false }
        if bytes[0] < 254 && Int(bytes[0]) != count { return false }
        return true
    }
}

// MARK: adopting validated blobs

extension HashValue {
    /// A hash in the listpack encoding whose storage is `listpack` (already validated:
    /// an even number of elements, no duplicate field).
    /// The Listpack object gives its block to the hash and must not be used again.
    public init(adopting listpack: Listpack) {
        self.init(storage: .listpack(listpack.take()))
    }
}

extension ZSetValue {
    /// A sorted set in the listpack encoding whose storage is `listpack` (already
    /// validated: member, score pairs, no duplicate member).
    /// The Listpack object gives its block to the set and must not be used again.
    public init(adopting listpack: Listpack) {
        self.init(listpack: listpack.take())
    }
}

extension SetValue {
    /// A set in the intset encoding whose storage is `intset` (already validated).
    /// The IntSet object gives its block to the set and must not be used again.
    public init(adopting intset: IntSet) {
        self.init(storage: .intset(intset.take()))
    }
}

extension QuicklistNode {
    /// The node's first element (a plain node's only one), for writing a PLAIN container.
    public var firstElement: LPValue { LP.value(lp, Listpack.headerSize) }
}

extension Dict {
    /// Makes room for `n` entries in one table (RDB loading's RESIZEDB hint, Redis's
    /// dictExpand): no incremental rehashing while they are inserted. The caller bounds `n`.
    public func reserve(_ n: Int) {
        if n > count { expand(to: n) }
    }
}
