// RDBReader: the value-level RDB parser (the reading half of Redis's rdb.c: rdbLoadLen,
// rdbGenericLoadStringObject, rdbLoadObject). It reads every type and encoding Redis 7.0.15
// writes or still loads — strings (raw, INT8/16/32, LZF), QUICKLIST_2 and the legacy
// list types (plain list, ziplist, quicklist of ziplists), plain/intset sets, listpack /
// ziplist / zipmap / plain hashes, listpack / ziplist / ZSET / ZSET_2 sorted sets — and
// builds our values in the encoding Redis 7.0 would pick for them (the same thresholds,
// read from the config at load time).
//
// Everything it reads is untrusted (a file from anywhere, a RESTORE payload from any
// client). The rules:
//   - every length is checked against the bytes left in the input before anything is
//     allocated for it (an LZF string's claimed size against the most its compressed
//     bytes can expand to), and element counts never pre-size anything beyond that;
//   - listpack, intset, ziplist and zipmap blobs are validated entry by entry (and for
//     hashes, sorted sets and sets, for duplicates and pairing) before they are adopted;
//   - nothing is trusted to be sorted, unique or non-empty: duplicates are an error, an
//     empty value is reported as `RDBError.emptyKey` so a file load can skip it (as Redis
//     7.0 does) while RESTORE refuses it.
//
// Input comes from a file descriptor through a refillable buffer (256 KiB reads; one
// string longer than that is read straight into its own allocation) or from a memory
// region (a RESTORE payload, read in place). A view returned by `readBytes` is valid until
// the next read. With checksumming on, the CRC64 of every byte consumed is kept, summed
// a whole buffer at a time when the buffer is recycled (never per field).

import Checksum
import Config
import DataStructures
#if canImport(Glibc)
import Glibc
#endif

extension RDBError {
    /// The stream ended before the value did.
    static let truncated = RDBError.corrupt("Short read or OOM loading DB. Unrecoverable error, aborting now.")
}

/// Thrown for a value with no elements (Redis 7.0 skips such keys when loading a file).
struct RDBEmptyKey: Error {}

/// The thresholds that decide which encoding a loaded value gets.
struct RDBLoadLimits {
    var hash: HashLimits
    var zsetMaxListpackEntries: Int
    var zsetMaxListpackValue: Int
    var setMaxIntsetEntries: Int
    var listFill: Int
    var listCompressDepth: Int

    init(_ config: ServerConfig) {
        hash = HashLimits(maxListpackEntries: config.hashMaxListpackEntries, maxListpackValue: config.hashMaxListpackValue)
        zsetMaxListpackEntries = config.zsetMaxListpackEntries
        zsetMaxListpackValue = config.zsetMaxListpackValue
        setMaxIntsetEntries = config.setMaxIntsetEntries
        listFill = config.listMaxListpackSize
        listCompressDepth = config.listCompressDepth
    }
}

final class RDBReader {
    static let bufferSize = 256 * 1024

    private let fd: Int32
    private var buf: UnsafeMutableRawPointer
    private let ownsBuffer: Bool
    private var capacity: Int
    /// Valid bytes are buf[pos..<end]; buf[0..<pos] has been consumed.
    private var pos = 0
    private var end = 0
    /// Stream offset of buf[0].
    private var base = 0
    /// Total length of the stream (file size or payload length).
    let total: Int
    /// A read longer than the buffer lands here (kept until the next read).
    private var big: UnsafeMutableRawBufferPointer? = nil
    /// Decompression output (kept and reused).
    private var lzfOut: UnsafeMutableRawBufferPointer? = nil

    let checksumming: Bool
    private var crc: UInt64 = 0
    /// buf[crcFrom..<pos] is consumed but not yet summed.
    private var crcFrom = 0

    let limits: RDBLoadLimits

    /// Reads a file (the descriptor stays the caller's). `size` is the file's length.
    init(fd: Int32, size: Int, checksum: Bool, limits: RDBLoadLimits) {
        self.fd = fd
        total = size
        checksumming = checksum
        self.limits = limits
        capacity = RDBReader.bufferSize
        buf = .allocate(byteCount: capacity, alignment: 16)
        ownsBuffer = true
    }

    /// Reads a memory region in place; it must outlive the reader.
    init(memory: UnsafeRawBufferPointer, limits: RDBLoadLimits) {
        fd = -1
        total = memory.count
        checksumming = false
        self.limits = limits
        capacity = memory.count
        buf = UnsafeMutableRawPointer(mutating: memory.baseAddress ?? UnsafeRawPointer(bitPattern: 16)!)
        ownsBuffer = false
        end = memory.count
    }

    deinit {
        if ownsBuffer { buf.deallocate() }
        big?.deallocate()
        lzfOut?.deallocate()
    }

    /// Stream offset of the next byte to read.
    var offset: Int { base + pos }
    /// Bytes not read yet.
    var remaining: Int { total - offset }

    // MARK: raw input

    /// Makes at least `n` bytes (n <= capacity) available at `pos`, or throws truncated.
    private func fill(_ n: Int) throws {
        if end - pos >= n { return }
        if fd < 0 || n > remaining { throw RDBError.truncated }
        if checksumming && pos > crcFrom {
            crc = CRC64.update(crc, UnsafeRawBufferPointer(start: buf + crcFrom, count: pos - crcFrom))
        }
        // Move the unread tail to the front, then read until `n` bytes are there.
        let keep = end - pos
        if keep > 0 && pos > 0 { buf.copyMemory(from: buf + pos, byteCount: keep) }
        base += pos
        pos = 0
        end = keep
        crcFrom = 0
        while end < n {
            let want = min(capacity - end, total - base - end)
            let r = Glibc.read(fd, buf + end, want)
            if r < 0 {
                if errno == EINTR { continue }
                throw RDBError.io("read", errno)
            }
            if r == 0 { throw RDBError.truncated }
            end += r
        }
    }

    func readByte() throws -> UInt8 {
        if pos == end { try fill(1) }
        let b = buf.load(fromByteOffset: pos, as: UInt8.self)
        pos += 1
        return b
    }

    /// The next `n` bytes, valid until the next read.
    func readBytes(_ n: Int) throws -> UnsafeRawBufferPointer {
        if n < 0 || n > remaining { throw RDBError.truncated }
        if n <= end - pos {
            let p = UnsafeRawBufferPointer(start: buf + pos, count: n)
            pos += n
            return p
        }
        if n <= capacity {
            try fill(n)
            let p = UnsafeRawBufferPointer(start: buf + pos, count: n)
            pos += n
            return p
        }
        // Longer than the buffer (file input only): read into its own allocation.
        big?.deallocate()
        big = nil
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: n, alignment: 16)
        big = out
        try readInto(out.baseAddress!, n)
        return UnsafeRawBufferPointer(out)
    }

    /// Copies the next `n` bytes to `dst` (n already checked against `remaining`).
    private func readInto(_ dst: UnsafeMutableRawPointer, _ n: Int) throws {
        let have = min(n, end - pos)
        if have > 0 { dst.copyMemory(from: buf + pos, byteCount: have) }
        pos += have
        if have == n { return }
        // Sum and drop the buffer, then read the rest directly.
        if checksumming && pos > crcFrom {
            crc = CRC64.update(crc, UnsafeRawBufferPointer(start: buf + crcFrom, count: pos - crcFrom))
        }
        base += pos
        pos = 0
        end = 0
        crcFrom = 0
        var got = have
        while got < n {
            let r = Glibc.read(fd, dst + got, n - got)
            if r < 0 {
                if errno == EINTR { continue }
                throw RDBError.io("read", errno)
            }
            if r == 0 { throw RDBError.truncated }
            got += r
        }
        base += n - have
        if checksumming {
            crc = CRC64.update(crc, UnsafeRawBufferPointer(start: dst + have, count: n - have))
        }
    }

    /// CRC64 of every byte consumed so far.
    func checksumSoFar() -> UInt64 {
        if checksumming && pos > crcFrom {
            crc = CRC64.update(crc, UnsafeRawBufferPointer(start: buf + crcFrom, count: pos - crcFrom))
            crcFrom = pos
        }
        return crc
    }

    func readUInt32LE() throws -> UInt32 {
        let p = try readBytes(4)
        return UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))
    }

    func readUInt64LE() throws -> UInt64 {
        let p = try readBytes(8)
        return UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
    }

    // MARK: lengths and strings

    /// rdbLoadLenByRef: (length, isEncoded). An encoded "length" is a string encoding.
    func readLengthOrEncoding() throws -> (Int, Bool) {
        let b = try readByte()
        switch b >> 6 {
        case RDBFormat.encodedValue:
            return (Int(b & 0x3F), true)
        case RDBFormat.len6Bit:
            return (Int(b & 0x3F), false)
        case RDBFormat.len14Bit:
            return (Int(b & 0x3F) << 8 | Int(try readByte()), false)
        default:
            if b == RDBFormat.len32Bit {
                let p = try readBytes(4)
                return (Int(UInt32(bigEndian: p.loadUnaligned(as: UInt32.self))), false)
            }
            if b == RDBFormat.len64Bit {
                let p = try readBytes(8)
                let v = UInt64(bigEndian: p.loadUnaligned(as: UInt64.self))
                if v > UInt64(Int.max) { throw RDBError.corrupt("Length \(v) out of range") }
                return (Int(v), false)
            }
            throw RDBError.corrupt("Unknown length encoding \(b) in rdbLoadLen()")
        }
    }

    func readLength() throws -> Int {
        let (n, encoded) = try readLengthOrEncoding()
        if encoded { throw RDBError.corrupt("Unexpected string encoding where a length was expected") }
        return n
    }

    /// A string, in whichever of its encodings: a view valid until the next read, or an
    /// integer (INT8/16/32).
    enum StringRead {
        case bytes(UnsafeRawBufferPointer)
        case int(Int64)
    }

    func readStringRaw() throws -> StringRead {
        let (len, encoded) = try readLengthOrEncoding()
        if !encoded { return .bytes(try readBytes(len)) }
        switch len {
        case RDBFormat.encInt8:
            return .int(Int64(Int8(bitPattern: try readByte())))
        case RDBFormat.encInt16:
            let p = try readBytes(2)
            return .int(Int64(Int16(littleEndian: p.loadUnaligned(as: Int16.self))))
        case RDBFormat.encInt32:
            let p = try readBytes(4)
            return .int(Int64(Int32(littleEndian: p.loadUnaligned(as: Int32.self))))
        case RDBFormat.encLZF:
            let clen = try readLength()
            let ulen = try readLength()
            if clen > remaining { throw RDBError.truncated }
            // A valid LZF stream expands at most 88 times (3 bytes → 264 bytes), plus a run.
            if ulen / 88 > clen + 1 { throw RDBError.corrupt("Invalid LZF compressed string") }
            let src = try readBytes(clen)
            if ulen == 0 { return .bytes(UnsafeRawBufferPointer(start: buf, count: 0)) }
            if lzfOut == nil || lzfOut!.count < ulen {
                lzfOut?.deallocate()
                lzfOut = .allocate(byteCount: max(ulen, 4096), alignment: 16)
            }
            let out = UnsafeMutableRawBufferPointer(rebasing: lzfOut![0..<ulen])
            guard LZF.decompress(src, into: out) == ulen else {
                throw RDBError.corrupt("Invalid LZF compressed string")
            }
            let view = UnsafeRawBufferPointer(out)
            if lzfOut!.count > 4 << 20 && ulen > 4 << 20 {
                // Do not keep a huge decompression buffer around: hand it over as `big`.
                big?.deallocate()
                big = lzfOut
                lzfOut = nil
            }
            return .bytes(view)
        default:
            throw RDBError.corrupt("Unknown RDB string encoding type \(len)")
        }
    }

    /// A string's bytes (integers as their decimal text), passed to `body`.
    func withString<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        switch try readStringRaw() {
        case .bytes(let b): return try body(b)
        case .int(let v): return try v.withDecimalBytes(body)
        }
    }

    /// A string copied out as bytes.
    func readStringArray() throws -> [UInt8] {
        try withString { Array($0) }
    }

    /// A string copied into `scratch` (reused between calls).
    func readString(into scratch: inout [UInt8]) throws {
        scratch.removeAll(keepingCapacity: true)
        try withString { scratch.append(contentsOf: $0) }
    }

    /// A string value stored as Redis would keep it after loading (tryObjectEncoding):
    /// int-encoded when canonical, else inline or heap bytes.
    func readStringValue() throws -> RStr {
        switch try readStringRaw() {
        case .int(let v): return .int(v)
        case .bytes(let b): return RStr.value(b)
        }
    }

    /// A key: exact bytes, never int-encoded.
    func readKey() throws -> RStr {
        try withString { RStr($0) }
    }

    /// rdbLoadBinaryDoubleValue.
    func readBinaryDouble() throws -> Double {
        Double(bitPattern: try readUInt64LE())
    }

    /// rdbLoadDoubleValue (RDB_TYPE_ZSET's text scores).
    func readTextDouble() throws -> Double {
        let n = try readByte()
        switch n {
        case RDBFormat.doubleNaN: return .nan
        case RDBFormat.doublePosInf: return .infinity
        case RDBFormat.doubleNegInf: return -.infinity
        default:
            let p = try readBytes(Int(n))
            var tmp = [CChar](repeating: 0, count: Int(n) + 1)
            for i in 0..<Int(n) { tmp[i] = CChar(bitPattern: p[i]) }
            return strtod(tmp, nil)
        }
    }

    // MARK: objects

    /// Reads the value of an object of RDB type `type` (rdbLoadObject).
    func readObject(type: UInt8) throws -> Value {
        switch type {
        case RDBFormat.typeString:
            return .string(try readStringValue())
        case RDBFormat.typeListQuicklist2, RDBFormat.typeListQuicklist:
            return .list(try readQuicklist(version2: type == RDBFormat.typeListQuicklist2))
        case RDBFormat.typeList, RDBFormat.typeListZiplist:
            return .list(try readElementList(ziplist: type == RDBFormat.typeListZiplist))
        case RDBFormat.typeSet:
            return .set(try readPlainSet())
        case RDBFormat.typeSetIntset:
            return .set(try readIntsetSet())
        case RDBFormat.typeHash:
            return .hash(try readPlainHash())
        case RDBFormat.typeHashListpack:
            return .hash(try readListpackHash())
        case RDBFormat.typeHashZiplist:
            return .hash(try readZiplistHash())
        case RDBFormat.typeHashZipmap:
            return .hash(try readZipmapHash())
        case RDBFormat.typeZSet, RDBFormat.typeZSet2:
            return .zset(try readPlainZSet(binaryScores: type == RDBFormat.typeZSet2))
        case RDBFormat.typeZSetListpack, RDBFormat.typeZSetZiplist:
            return .zset(try readPackedZSet(ziplist: type == RDBFormat.typeZSetZiplist))
        case RDBFormat.typeModulePreGA, RDBFormat.typeModule2:
            throw RDBError.corrupt("The RDB file contains module data I can't load: modules are not supported")
        case RDBFormat.typeStreamListpacks, RDBFormat.typeStreamListpacks2:
            throw RDBError.corrupt("The RDB file contains a stream, a type this server does not have")
        default:
            throw RDBError.corrupt("Unknown RDB encoding type \(type)")
        }
    }

    /// A validated listpack blob.
    private func readListpackBlob(_ what: String) throws -> Listpack {
        let lp: Listpack? = try withString { Listpack(validating: $0) }
        guard let lp else { throw RDBError.corrupt("\(what) listpack integrity check failed.") }
        return lp
    }

    /// True when the listpack holds pairs whose first elements are all different.
    private static func pairsAreUnique(_ lp: Listpack) -> Bool {
        if lp.count & 1 != 0 { return false }
        var seen = Set<RStr>()
        seen.reserveCapacity(lp.count / 2)
        var p = lp.first
        while let f = p {
            if !seen.insert(lp.value(at: f).rstr).inserted { return false }
            p = lp.next(lp.next(f)!)
        }
        return true
    }

    /// Ziplist entries appended to a new listpack (the conversion Redis 7.0 does at load).
    private func readZiplistAsListpack(_ what: String) throws -> Listpack {
        try withString { blob in
            let lp = Listpack(capacity: blob.count + 16)
            guard Ziplist.forEachEntry(blob, { e in lp.append(e); return true }) else {
                throw RDBError.corrupt("\(what) ziplist integrity check failed.")
            }
            return lp
        }
    }

    // Hashes

    private func readPlainHash() throws -> HashValue {
        let n = try readLength()
        if n == 0 { throw RDBEmptyKey() }
        if n > remaining / 2 { throw RDBError.truncated }
        var h = HashValue()
        if n > limits.hash.maxListpackEntries { h.convertToTable() }
        var field: [UInt8] = []
        do {
            for _ in 0..<n {
                try readString(into: &field)
                let created = try field.withUnsafeBytes { f in
                    try withString { v in h.set(f, v, limits: limits.hash) }
                }
                if !created { throw RDBError.corrupt("Duplicate hash fields detected") }
            }
        } catch {
            h.free()
            throw error
        }
        return h
    }

    private func readListpackHash() throws -> HashValue {
        let lp = try readListpackBlob("Hash")
        guard RDBReader.pairsAreUnique(lp) else { throw RDBError.corrupt("Hash listpack integrity check failed.") }
        if lp.count == 0 { throw RDBEmptyKey() }
        var h = HashValue(adopting: lp)
        if h.count > limits.hash.maxListpackEntries { h.convertToTable() }
        return h
    }

    private func readZiplistHash() throws -> HashValue {
        let lp = try readZiplistAsListpack("Hash")
        guard RDBReader.pairsAreUnique(lp) else { throw RDBError.corrupt("Hash ziplist integrity check failed.") }
        if lp.count == 0 { throw RDBEmptyKey() }
        var h = HashValue(adopting: lp.copy())
        if h.count > limits.hash.maxListpackEntries { h.convertToTable() }
        return h
    }

    private func readZipmapHash() throws -> HashValue {
        let lp = Listpack()
        var maxLength = 0
        var seen = Set<RStr>()
        let ok: Bool = try withString { blob in
            Zipmap.forEachPair(blob) { k, v in
                if !seen.insert(RStr(k)).inserted { return false }
                maxLength = max(maxLength, k.count, v.count)
                lp.append(.bytes(k))
                lp.append(.bytes(v))
                return true
            }
        }
        guard ok else { throw RDBError.corrupt("Zipmap integrity check failed.") }
        if lp.count == 0 { throw RDBEmptyKey() }
        var h = HashValue(adopting: lp.copy())
        if h.count > limits.hash.maxListpackEntries || maxLength > limits.hash.maxListpackValue {
            h.convertToTable()
        }
        return h
    }

    // Lists

    private func newList() -> ListValue {
        ListValue(fill: limits.listFill, compressDepth: limits.listCompressDepth)
    }

    /// QUICKLIST_2 (nodes of listpacks or plain elements) and QUICKLIST (nodes of ziplists):
    /// nodes are kept as they are; empty ones are skipped.
    func readQuicklist(version2: Bool) throws -> ListValue {
        let nodes = try readLength()
        if nodes == 0 { throw RDBEmptyKey() }
        if nodes > remaining { throw RDBError.truncated }
        let list = newList()
        for _ in 0..<nodes {
            var plain = false
            if version2 {
                let container = try readLength()
                guard container == RDBFormat.containerPlain || container == RDBFormat.containerPacked else {
                    throw RDBError.corrupt("Quicklist integrity check failed.")
                }
                plain = container == RDBFormat.containerPlain
            }
            if plain {
                let lp: Listpack = try withString { e in
                    let lp = Listpack(capacity: e.count + 16)
                    lp.append(.bytes(e))
                    return lp
                }
                list.appendNode(listpack: lp.rawBytes, plain: true)
                continue
            }
            let lp = version2 ? try readListpackBlob("Quicklist") : try readZiplistAsListpack("Quicklist")
            if lp.count == 0 { continue }
            list.appendNode(listpack: lp.rawBytes)
        }
        if list.count == 0 { throw RDBEmptyKey() }
        return list
    }

    /// LIST (elements one by one) and LIST_ZIPLIST: pushed under the fill rules.
    func readElementList(ziplist: Bool) throws -> ListValue {
        let list = newList()
        if ziplist {
            let ok: Bool = try withString { blob in
                Ziplist.forEachEntry(blob) { e in
                    e.withBytes { list.push($0, atHead: false) }
                    return true
                }
            }
            guard ok else { throw RDBError.corrupt("List ziplist integrity check failed.") }
        } else {
            let n = try readLength()
            if n > remaining { throw RDBError.truncated }
            for _ in 0..<n {
                try withString { list.push($0, atHead: false) }
            }
        }
        if list.count == 0 { throw RDBEmptyKey() }
        return list
    }

    // Sets

    /// SET: members one by one (an intset while they are integers and few enough).
    func readPlainSet() throws -> SetValue {
        let n = try readLength()
        if n == 0 { throw RDBEmptyKey() }
        if n > remaining { throw RDBError.truncated }
        var set = SetValue()
        if n > limits.setMaxIntsetEntries { set.convertToTable() }
        do {
            for _ in 0..<n {
                let added = try withString { set.add($0, maxIntsetEntries: limits.setMaxIntsetEntries) }
                if !added { throw RDBError.corrupt("Duplicate set members detected") }
            }
        } catch {
            set.free()
            throw error
        }
        return set
    }

    /// SET_INTSET: a validated intset blob.
    func readIntsetSet() throws -> SetValue {
        let intset: IntSet? = try withString { IntSet(validating: $0) }
        guard let intset else { throw RDBError.corrupt("Intset integrity check failed.") }
        if intset.count == 0 { throw RDBEmptyKey() }
        var set = SetValue(adopting: intset)
        if set.count > limits.setMaxIntsetEntries { set.convertToTable() }
        return set
    }

    // Sorted sets

    private func readPlainZSet(binaryScores: Bool) throws -> ZSetValue {
        let n = try readLength()
        if n == 0 { throw RDBEmptyKey() }
        if n > remaining / 2 { throw RDBError.truncated }
        let ix = ZSetIndex(capacity: min(n, 1 << 16))
        var maxLength = 0
        var total = 0
        var member: [UInt8] = []
        for _ in 0..<n {
            try readString(into: &member)
            let score = binaryScores ? try readBinaryDouble() : try readTextDouble()
            if score.isNaN { throw RDBError.corrupt("Zset with NAN score detected") }
            try member.withUnsafeBytes { m in
                if ix.score(m) != nil { throw RDBError.corrupt("Duplicate zset fields detected") }
                _ = ix.insertNew(m, score)
            }
            maxLength = max(maxLength, member.count)
            total += member.count
        }
        var z = ZSetValue(index: ix)
        if ix.count <= limits.zsetMaxListpackEntries && maxLength <= limits.zsetMaxListpackValue && total < 1 << 30 {
            z.convertToListpackIfFits(maxEntries: limits.zsetMaxListpackEntries, maxValue: limits.zsetMaxListpackValue)
        }
        return z
    }

    private func readPackedZSet(ziplist: Bool) throws -> ZSetValue {
        let lp = ziplist ? try readZiplistAsListpack("Zset") : try readListpackBlob("Zset")
        guard RDBReader.pairsAreUnique(lp) else {
            throw RDBError.corrupt(ziplist ? "Zset ziplist integrity check failed." : "Zset listpack integrity check failed.")
        }
        if lp.count == 0 { throw RDBEmptyKey() }
        var z = ZSetValue(adopting: ziplist ? lp.copy() : lp)
        if z.count > limits.zsetMaxListpackEntries { z.convertToIndex() }
        return z
    }
}
