// RDBLoad: the dataset-level halves of Redis's rdbLoad and rdbSave — reading a whole RDB
// stream into the databases (opcodes, AUX fields, function libraries, keys with their
// TTL and access information, the checksum) and writing the whole dataset through an
// RDBWriter. The file handling around them (temp file, fsync, rename, start-up, the
// commands) is in SaveCommands.swift; the value formats are in RDBReader/RDBWriter.
//
// Loading follows Redis 7.0's rules for a master:
//   - keys whose TTL has passed are not loaded ("keys expired" in the log and INFO);
//   - a key with an empty value (Redis < 7.0 could write some) is skipped with a notice;
//   - a key that already exists is an error, unless the caller merges (DEBUG RELOAD MERGE:
//     the file's value replaces ours) — Redis panics here, we refuse the load instead;
//   - IDLE / FREQ opcodes set the key's LRU clock or LFU counter when the eviction policy
//     uses them (Redis's objectSetLRUOrLFU);
//   - the CRC64 footer is checked when rdbchecksum is on and the file's is not 0;
//   - anything malformed stops the load with Redis's message; the caller decides what a
//     failure means (start-up: exit 1, never start empty; DEBUG RELOAD: an error reply).
// Keys are added without keyspace notifications, as Redis's dbAddRDBLoad.

import Checksum
import Config
import DataStructures
import EventLoop
import RESP
#if canImport(Glibc)
import Glibc
#endif

/// What a load found (for the log and INFO).
struct RDBLoadStats {
    var keysLoaded: Int64 = 0
    var keysExpired: Int64 = 0
    var emptyKeysSkipped: Int64 = 0
    var functions = 0
}

extension Server {
    // MARK: loading

    /// Reads a whole RDB stream into the databases. Throws RDBError on anything malformed.
    func loadRDB(_ r: RDBReader, merge: Bool) throws -> RDBLoadStats {
        var stats = RDBLoadStats()
        let head = try r.readBytes(9)
        guard head.starts(with: RDBFormat.magic) else {
            throw RDBError.corrupt("Wrong signature trying to load DB from file")
        }
        var version = 0
        for i in 5..<9 {
            let d = Int(head[i]) - 48
            guard d >= 0 && d <= 9 else { throw RDBError.corrupt("Can't handle RDB format version \(String(decoding: head[5..<9], as: UTF8.self))") }
            version = version * 10 + d
        }
        if version < 1 || version > RDBFormat.version {
            throw RDBError.corrupt("Can't handle RDB format version \(version)")
        }
        var db = databases[0]
        var aliases: [(alias: [UInt8], body: [UInt8])] = []
        var expireAt: Int64 = -1
        var idle: Int64 = -1
        var freq: Int = -1
        let now = nowMillis
        let lruNow = lruClock == 0 ? currentLRUClock() : lruClock
        while true {
            let type = try r.readByte()
            switch type {
            case RDBFormat.opExpireTime:
                expireAt = Int64(Int32(bitPattern: try r.readUInt32LE())) * 1000
                continue
            case RDBFormat.opExpireTimeMS:
                expireAt = Int64(bitPattern: try r.readUInt64LE())
                continue
            case RDBFormat.opFreq:
                freq = Int(try r.readByte())
                continue
            case RDBFormat.opIdle:
                idle = Int64(try r.readLength())
                continue
            case RDBFormat.opEOF:
                break
            case RDBFormat.opSelectDB:
                let id = try r.readLength()
                guard id < databases.count else {
                    throw RDBError.corrupt("FATAL: Data file was created with a Redis server configured to handle more than \(databases.count) databases. Exiting")
                }
                db = databases[id]
                continue
            case RDBFormat.opResizeDB:
                // Sizes from the file are hints, bounded by what the remaining bytes can hold.
                let keys = try r.readLength()
                let expires = try r.readLength()
                db.keys.reserve(min(keys, r.remaining / 3))
                db.expires.reserve(min(expires, keys, r.remaining / 12))
                continue
            case RDBFormat.opAux:
                let key = try r.readStringArray()
                let value = try r.readStringArray()
                if key == RDBFormat.auxScriptAlias {
                    if let a = Server.decodeAliasAux(value) {
                        aliases.append(a)
                    } else {
                        log.warning("Ignoring a malformed \(String(decoding: key, as: UTF8.self)) AUX field")
                    }
                } else {
                    noteAuxField(key, value)
                }
                continue
            case RDBFormat.opModuleAux:
                throw RDBError.corrupt("The RDB file contains AUX module data I can't load: modules are not supported")
            case RDBFormat.opFunctionPreGA:
                throw RDBError.corrupt("Pre-release function format not supported.")
            case RDBFormat.opFunction2:
                let code = try r.readStringArray()
                try loadFunctionLibrary(code, replace: merge)
                stats.functions += 1
                continue
            default:
                guard RDBFormat.isObjectType(type) else {
                    throw RDBError.corrupt("Unknown object type \(type) in RDB file")
                }
                let key = try r.readKey()
                let value: Value
                do {
                    value = try r.readObject(type: type)
                } catch is RDBEmptyKey {
                    if stats.emptyKeysSkipped < 10 { log.warning("rdbLoadObject skipping empty key: \(key.string)") }
                    stats.emptyKeysSkipped += 1
                    expireAt = -1; idle = -1; freq = -1
                    continue
                }
                defer { expireAt = -1; idle = -1; freq = -1 }
                if expireAt != -1 && expireAt < now {
                    stats.keysExpired += 1
                    value.free()
                    continue
                }
                try key.withBytes { k in
                    if db.keys.find(k) != nil {
                        guard merge else {
                            value.free()
                            throw RDBError.corrupt("RDB has duplicated key '\(key.string)' in DB \(db.id)")
                        }
                        db.deleteKey(k)
                    }
                    let e = db.keys.insertNew(key, value)
                    initEntryMeta(e)
                    if expireAt != -1 { db.setExpire(k, at: expireAt) }
                    setEntryAccess(e, idleSeconds: idle, frequency: freq, lruNow: lruNow)
                }
                stats.keysLoaded += 1
                continue
            }
            break
        }
        if version >= 5 {
            let computed = r.checksumSoFar()
            let stored = try r.readUInt64LE()
            if r.checksumming {
                if stored == 0 {
                    log.warning("RDB file was saved with checksum disabled: no check performed.")
                } else if stored != computed {
                    throw RDBError.corrupt("Wrong RDB checksum expected: (\(hex16(stored))) got (\(hex16(computed))). Aborting now.")
                }
            }
        }
        // Script aliases once the whole file is known good (StructD AUX fields).
        if !aliases.isEmpty { restoreAliases(aliases) }
        return stats
    }

    private func hex16(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// The AUX fields Redis logs; the others are accepted and ignored.
    func noteAuxField(_ key: [UInt8], _ value: [UInt8]) {
        let k = String(decoding: key, as: UTF8.self)
        let v = String(decoding: value, as: UTF8.self)
        switch k {
        case "redis-ver":
            log.notice("Loading RDB produced by version \(v)")
        case "ctime":
            var age = Int64(wallClockMicros() / 1_000_000) - (Int64(v) ?? 0)
            if age < 0 { age = 0 }
            log.notice("RDB age \(age) seconds")
        case "used-mem":
            let mb = Double(Int64(v) ?? 0) / (1024 * 1024)
            log.notice("RDB memory usage when created \(formatDouble(mb, "%.2f")) Mb")
        case "aof-preamble":
            if (Int64(v) ?? 0) != 0 { log.notice("RDB has an AOF tail") }
        case "redis-bits", "aof-base", "lua", "repl-stream-db", "repl-id", "repl-offset":
            break
        default:
            log.debug("Unrecognized RDB AUX field: '\(k)'")
        }
    }

    /// A FUNCTION2 library: handed to the functions engine when one is registered, else
    /// kept (and written back by the next save) so no library is lost.
    func loadFunctionLibrary(_ code: [UInt8], replace: Bool) throws {
        if let load = persistence.functionLoader {
            persistence.loadAllowsReplace = replace
            defer { persistence.loadAllowsReplace = false }
            try load(code)
        } else if !persistence.functionLibraries.contains(code) {
            persistence.functionLibraries.append(code)
            log.warning("RDB holds a function library; no functions engine is available to load it, so it is kept only to be written back by the next save")
        }
    }

    /// Redis's objectSetLRUOrLFU: an LFU counter when the policy is LFU, else the LRU clock
    /// set `idleSeconds` in the past.
    func setEntryAccess(_ e: DictEntry<Value>, idleSeconds: Int64, frequency: Int, lruNow: UInt32) {
        if config.maxmemoryPolicy.usesLFU {
            if frequency >= 0 { e.meta = (lfuMinutes() << 8) | UInt32(min(frequency, 255)) }
        } else if idleSeconds >= 0 {
            var abs = Int64(lruNow) - idleSeconds
            if abs < 0 { abs += Int64(lruClockMax) }
            e.meta = UInt32(truncatingIfNeeded: max(abs, 0)) & lruClockMax
        }
    }

    // MARK: saving

    /// The whole dataset through `w`: header, AUX fields, function libraries, every
    /// non-empty database, the footer (Redis's rdbSaveRio).
    func writeDataset<S: RDBSink>(_ w: RDBWriter<S>, checksum: Bool) throws {
        try writeSnapshotPreamble(w)
        // Redis's hidden test knob: a pause per key (negative: 1 µs once every -N keys).
        let delay = config.integer("rdb-key-save-delay") ?? 0
        for db in databases where db.count > 0 {
            try w.writeSelectDB(db.id, keys: db.count, expires: db.expires.count)
            try db.keys.forEach { e in
                try writeKeyEntry(w, db, e)
                if delay > 0 {
                    usleep(UInt32(clamping: delay))
                } else if delay < 0 && randomUInt64() % UInt64(-delay) == 0 {
                    usleep(1)
                }
            }
        }
        try w.writeFooter(checksum: checksum)
    }

    /// Everything before the keys: header, the standard AUX fields, StructD's script
    /// aliases (one `structd-alias` AUX field each), the function libraries.
    func writeSnapshotPreamble<S: RDBSink>(_ w: RDBWriter<S>) throws {
        try w.writeHeader()
        try w.writeStandardAux(redisVersion: redisVersion, createdUnix: wallClockMicros() / 1_000_000,
                               usedMemory: usedMemory())
        for a in aliasesForSnapshot() {
            try w.writeAux(RDBFormat.auxScriptAlias, Server.encodeAliasAux(name: a.alias, body: a.body))
        }
        for code in persistence.librariesToSave() { try w.writeFunction(code) }
    }

    /// A script alias as an AUX value: the name, a NUL (names never hold one), the body.
    static func encodeAliasAux(name: [UInt8], body: [UInt8]) -> [UInt8] {
        name + [0] + body
    }

    static func decodeAliasAux(_ v: [UInt8]) -> (alias: [UInt8], body: [UInt8])? {
        guard let nul = v.firstIndex(of: 0), nul > 0 else { return nil }
        return (Array(v[..<nul]), Array(v[(nul + 1)...]))
    }

    /// One key of `db` with its TTL and, when the eviction policy uses them, its idle time
    /// or LFU counter (Redis's rdbSaveKeyValuePair).
    func writeKeyEntry<S: RDBSink>(_ w: RDBWriter<S>, _ db: Database, _ e: DictEntry<Value>) throws {
        try writeKeyEntry(w, expires: db.expires, e)
    }

    /// The same, with the TTL read from `expires` (the snapshot's detached tables).
    func writeKeyEntry<S: RDBSink>(_ w: RDBWriter<S>, expires: Dict<Int64>, _ e: DictEntry<Value>) throws {
        let expire = expires.count > 0 ? expires.find(e.key)?.value : nil
        let policy = config.maxmemoryPolicy
        let idle: Int64? = policy.usesLRU ? idleMillis(e) / 1000 : nil
        let freq: UInt8? = policy.usesLFU ? UInt8(truncatingIfNeeded: lfuDecayed(e.meta)) : nil
        try e.key.withBytes { k in
            try w.writeEntry(key: k, value: e.value, expireAt: expire, idleSeconds: idle, frequency: freq)
        }
    }
}
