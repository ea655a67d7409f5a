// DUMP and RESTORE (Redis's cluster.c dumpCommand / restoreCommand): one key's value in
// the RDB format, byte-compatible with Redis 7.0 both ways, so a payload DUMPed by
// redis-server RESTOREs here and ours RESTOREs there.
//
// Payload: <type byte> <value as in an RDB file> <RDB version: u16 LE = 10>
//          <CRC64 of everything before: u64 LE>
// The same RDBWriter that writes files writes the payload (into a memory sink), so
// rdbcompression applies to DUMP as it does in Redis.
//
// RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME s] [FREQ f], checked in Redis's order:
// options (syntax; IDLETIME and FREQ exclude each other; their ranges), then BUSYKEY
// unless REPLACE, then the TTL, then the payload's version (at most 10) and checksum
// ("DUMP payload version or checksum are wrong"), then the value ("Bad data format"). The
// value is parsed and validated in full — every blob deeply, no empty value, no
// duplicates — before the keyspace is touched. Like Redis, bytes after the value and
// before the footer are ignored, and the parser may read into the footer (a value that
// claims more bytes than it has reads the version and CRC bytes as its own). A TTL that
// has already passed deletes the key (when REPLACE removed one) and answers OK.

import Checksum
import Config
import DataStructures
import RESP

extension Server {
    /// The DUMP payload of `value`.
    func dumpPayload(_ value: Value) throws -> [UInt8] {
        let sink = RDBMemorySink(capacity: 64)
        let w = RDBWriter(sink: sink, compression: config.rdbcompression)
        try w.writeValueType(value)
        try w.writeValue(value)
        try sink.writeByte(UInt8(RDBFormat.version & 0xFF))
        try sink.writeByte(UInt8(RDBFormat.version >> 8))
        var crc = sink.checksum.littleEndian
        try withUnsafeBytes(of: &crc) { try sink.write($0) }
        return sink.bytes
    }

    /// DUMP key: the payload, or a null reply when the key does not exist.
    func dumpCommand(_ c: Client) {
        guard let e = databases[c.dbIndex].lookupRead(c.arg(1)) else {
            c.addNull()
            return
        }
        do {
            c.addBulk(try dumpPayload(e.value))
        } catch {
            c.addError("ERR \(error)")
        }
    }

    /// Redis's verifyDumpPayload: room for the footer, a version we can read, the CRC.
    static func verifyDumpPayload(_ p: UnsafeRawBufferPointer) -> Bool {
        let n = p.count
        if n < 10 { return false }
        let version = Int(p[n - 10]) | Int(p[n - 9]) << 8
        if version > RDBFormat.version { return false }
        let stored = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        return CRC64.checksum(UnsafeRawBufferPointer(rebasing: p[0..<(n - 8)])) == stored
    }

    /// The value in a verified payload, or nil when it is not a valid value (the reason goes
    /// to the log at verbose level, as Redis logs a RESTORE's corrupt payload).
    func restoreValue(_ payload: UnsafeRawBufferPointer) -> Value? {
        let r = RDBReader(memory: payload, limits: RDBLoadLimits(config))
        do {
            let type = try r.readByte()
            guard RDBFormat.isObjectType(type) else { throw RDBError.corrupt("Unknown object type \(type)") }
            return try r.readObject(type: type)
        } catch is RDBEmptyKey {
            log.verbose("RESTORE: empty value")
        } catch {
            log.verbose("Internal error in RDB reading offset \(r.offset) -> \(error)")
        }
        return nil
    }

    func restoreCommand(_ c: Client) {
        var replace = false, absTTL = false
        var idle: Int64 = -1, freq: Int64 = -1
        var j = 4
        while j < c.argc {
            let more = c.argc - j - 1
            if c.argIs(j, "replace") {
                replace = true
            } else if c.argIs(j, "absttl") {
                absTTL = true
            } else if c.argIs(j, "idletime") && more >= 1 && freq == -1 {
                guard let v = parseStrictInt64(c.arg(j + 1)) else { c.addErrorNotInteger(); return }
                if v < 0 {
                    c.addError("ERR Invalid IDLETIME value, must be >= 0")
                    return
                }
                idle = v
                j += 1
            } else if c.argIs(j, "freq") && more >= 1 && idle == -1 {
                guard let v = parseStrictInt64(c.arg(j + 1)) else { c.addErrorNotInteger(); return }
                if v < 0 || v > 255 {
                    c.addError("ERR Invalid FREQ value, must be >= 0 and <= 255")
                    return
                }
                freq = v
                j += 1
            } else {
                c.addErrorSyntax()
                return
            }
            j += 1
        }
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        if !replace && db.lookupWrite(key) != nil {
            c.addError("BUSYKEY Target key name already exists.")
            return
        }
        guard var ttl = parseStrictInt64(c.arg(2)) else { c.addErrorNotInteger(); return }
        if ttl < 0 {
            c.addError("ERR Invalid TTL value, must be >= 0")
            return
        }
        let payload = c.arg(3)
        guard Server.verifyDumpPayload(payload) else {
            c.addError("ERR DUMP payload version or checksum are wrong")
            return
        }
        guard let value = restoreValue(payload) else {
            c.addError("ERR Bad data format")
            return
        }
        var deleted = false
        if replace { deleted = db.deleteKey(key) }
        if ttl > 0 && !absTTL { ttl = ttl &+ nowMillis }
        if ttl > 0 && ttl <= nowMillis {
            value.free()  // already expired: never stored
            if deleted {
                notifyKeyspaceEvent(.generic, "del", key, dbIndex: db.id)
                dirty += 1
            }
            c.addOK()
            return
        }
        let e = db.add(key, value)
        if ttl > 0 { db.setExpire(key, at: ttl) }
        setEntryAccess(e, idleSeconds: idle, frequency: Int(freq), lruNow: lruClock == 0 ? currentLRUClock() : lruClock)
        signalModifiedKey(key, dbIndex: db.id)
        notifyKeyspaceEvent(.generic, "restore", key, dbIndex: db.id)
        dirty += 1
        c.addOK()
    }
}
