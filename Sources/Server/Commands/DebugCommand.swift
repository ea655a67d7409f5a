// DEBUG: the introspection and test helpers of Redis's debug.c that make sense here.
//
//   HELP                      this list
//   SLEEP <seconds>           stop the whole server (decimals allowed; text parses as 0)
//   OBJECT <key>              "Value at:.. refcount:.. encoding:.. serializedlength:.. lru:..
//                             lru_seconds_idle:.." (Redis's exact shape)
//   POPULATE <count> [<prefix>] [<size>]   keys "key:N" with values "value:N" (exactly
//                             <size> bytes when given, zero padded); existing keys are kept
//   SET-ACTIVE-EXPIRE <0|1>   turn the cron's expiry cycle off / on
//   CHANGE-REPL-ID            draw a new replication id (INFO master_replid)
//   DIGEST / DIGEST-VALUE <key> ...         Redis's dataset / value digests (Digest.swift)
//   ERROR <string>            reply with <string> as an error
//   LOG <message>             write <message> to the log
//   PROTOCOL <type>           a sample reply of each RESP type, for client tests
//   RELOAD [MERGE] [NOFLUSH] [NOSAVE]       save, flush, load the dump back (SaveCommands.swift)
// Not implemented (no counterpart here yet): LOADAOF (no AOF), the crash
// helpers, allocator and encoding internals (MALLCTL, SDSLEN, LISTPACK, QUICKLIST...),
// replication and cluster helpers.
//
// DEBUG is a protected command: enable-debug-command decides (no: never, yes: always,
// local: loopback and Unix-socket clients only), with Redis's error text. The dispatcher
// asks `protectedCommandDenial` before authentication and MULTI queueing, as Redis does.
//
// Argument parsing follows Redis's: SLEEP takes strtod's reading of its argument,
// SET-ACTIVE-EXPIRE atoi's, POPULATE positive integers ("value is out of range, must be
// positive"); a subcommand with the wrong number of arguments is reported as unknown.
//
// serializedlength is the size the value takes in an RDB file: a string that is an integer
// fitting 32 bits is stored as 1 + 1/2/4 bytes; with rdbcompression on, a string over 20
// bytes whose LZF form saves at least 4 bytes is stored as a type byte, the two lengths
// and the compressed bytes; anything else as a length prefix (1, 2, 5 or 9 bytes) plus the
// bytes. `lzfCompressedLength` follows liblzf's compressor as Redis configures it (64K-slot
// hash table of the latest position of each 3-byte prefix, 13-bit offsets, runs of up to
// 32 literals, back references of up to 264 bytes), counting bytes without writing them.

import Config
import DataStructures
import EventLoop
import RESP
#if canImport(Glibc)
import Glibc
#endif

extension Server {
    static func debugCommands() -> [(String, CommandHandler)] {
        [("debug", { s, c in s.debugCommand(c) })]
    }

    /// processCommand's check for protected commands (after arity, before authentication
    /// and MULTI queueing, as Redis): the error text when `c` may not run `cmd`, else nil.
    func protectedCommandDenial(_ c: Client, _ cmd: Command) -> String? {
        let (setting, option): (ProtectedAction, String)
        // DEBUG, and MODULE's LOAD, LOADEX and UNLOAD (LIST and HELP are not protected).
        switch cmd.parent?.name ?? cmd.name {
        case "debug": (setting, option) = (config.enableDebugCommand, "enable-debug-command")
        case "module" where cmd.name == "load" || cmd.name == "loadex" || cmd.name == "unload":
            (setting, option) = (config.enableModuleCommand, "enable-module-command")
        default: return nil
        }
        if setting.allows(clientIsLocal: isLocalClient(c)) { return nil }
        return "ERR \((cmd.parent ?? cmd).name.uppercased()) command not allowed. If the \(option) option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server."
    }

    func debugCommand(_ c: Client) {
        let argc = c.argc
        if argc == 2 && c.argIs(1, "help") {
            debugHelp(c)
        } else if argc == 3 && c.argIs(1, "sleep") {
            let seconds = strtodPrefix(c.argString(2))
            let micros = Int64(max(0, seconds * 1_000_000))
            if micros > 0 {
                var ts = timespec(tv_sec: Int(micros / 1_000_000), tv_nsec: Int(micros % 1_000_000) * 1000)
                var left = timespec()
                while nanosleep(&ts, &left) == -1 && errno == EINTR { ts = left }
            }
            c.addOK()
        } else if argc == 3 && c.argIs(1, "object") {
            debugObject(c)
        } else if argc >= 3 && argc <= 5 && c.argIs(1, "populate") {
            debugPopulate(c)
        } else if argc == 3 && c.argIs(1, "set-active-expire") {
            activeExpireEnabled = atoiPrefix(c.argString(2)) != 0
            c.addOK()
        } else if argc == 2 && c.argIs(1, "digest") {
            c.addSimple(string: hex(datasetDigest()))
        } else if argc >= 2 && c.argIs(1, "digest-value") {
            // A lookup that expires but neither counts hits/misses nor touches (as Redis).
            let db = databases[c.dbIndex]
            c.addArrayLen(argc - 2)
            for i in 2..<argc {
                var digest = Digest20()
                db.expireIfNeeded(c.arg(i))
                if let e = db.keys.find(c.arg(i)) {
                    mixValueDigest(&digest, e.value, hasExpire: db.expireAt(c.arg(i)) != nil)
                }
                c.addSimple(string: hex(digest))
            }
        } else if argc == 2 && c.argIs(1, "change-repl-id") {
            log.warning("Changing replication IDs after receiving DEBUG change-repl-id")
            admin.replicationId = AdminState.randomId()
            c.addOK()
        } else if argc == 3 && c.argIs(1, "error") {
            c.addError(c.argString(2))
        } else if argc == 3 && c.argIs(1, "log") {
            log.warning("DEBUG LOG: \(c.argString(2))")
            c.addOK()
        } else if argc == 3 && c.argIs(1, "protocol") {
            debugProtocol(c)
        } else if argc >= 2 && c.argIs(1, "reload") {
            debugReload(c)   // Persistence/SaveCommands.swift
        } else {
            c.addSubcommandSyntaxError("DEBUG")
        }
    }

    func debugHelp(_ c: Client) {
        c.addHelpReply("DEBUG", [
            "CHANGE-REPL-ID",
            "    Change the replication IDs of the instance.",
            "    Dangerous: should be used only for testing the replication subsystem.",
            "DIGEST",
            "    Output a hex signature representing the current DB content.",
            "DIGEST-VALUE <key> [<key> ...]",
            "    Output a hex signature of the values of all the specified keys.",
            "ERROR <string>",
            "    Return a Redis protocol error with <string> as message. Useful for clients",
            "    unit tests to simulate Redis errors.",
            "LOG <message>",
            "    Write <message> to the server log.",
            "OBJECT <key>",
            "    Show low level info about `key` and associated value.",
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named key:<num>. If <prefix> is specified then",
            "    it is used instead of the 'key' prefix. These are not propagated to",
            "    replicas. Cluster slots are not respected so keys not belonging to the",
            "    current node can be created in cluster mode.",
            "PROTOCOL <type>",
            "    Reply with a test value of the specified type. <type> can be: string,",
            "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
            "    true, false.",
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
            "    * MERGE: conflicting keys will be loaded from RDB.",
            "    * NOFLUSH: the existing database will not be removed before load, but",
            "      conflicting keys will generate an exception and kill the server.",
            "    * NOSAVE: the database will be loaded from an existing RDB file.",
            "    Examples:",
            "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
            "      the database.",
            "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
            "      existing RDB file.",
            "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
            "      file to the database.",
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Setting it to 0 disables expiring keys in background when they are not",
            "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
            "    default.",
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
        ])
    }

    // MARK: OBJECT

    func debugObject(_ c: Client) {
        // Like Redis: the raw table entry, even when its TTL has passed.
        guard let e = databases[c.dbIndex].keys.find(c.arg(2)) else {
            c.addError("ERR no such key")
            return
        }
        let address = e.address
        let line = "Value at:0x\(String(address, radix: 16)) refcount:\(debugRefcount(e.value)) encoding:\(e.value.encodingName) serializedlength:\(serializedLength(e.value)) lru:\(e.meta & lruClockMax) lru_seconds_idle:\(idleMillis(e) / 1000)\(quicklistDebugInfo(e.value))"
        c.addSimple(string: line)
    }

    /// DEBUG OBJECT's extra fields for a list: its quicklist's nodes, average elements per
    /// node, fill, compression and total node bytes (Redis's debug.c).
    func quicklistDebugInfo(_ v: Value) -> String {
        guard case .list(let l) = v else { return "" }
        let avg = formatDouble(l.nodeCount == 0 ? 0 : Double(l.count) / Double(l.nodeCount), "%.2f")
        return " ql_nodes:\(l.nodeCount) ql_avg_node:\(avg) ql_listpack_max:\(l.fill) ql_compressed:\(l.compressDepth != 0 ? 1 : 0) ql_uncompressed_size:\(l.uncompressedSize)"
    }

    /// Redis shares one object per integer 0..9999 (refcount INT_MAX) unless maxmemory
    /// with an LRU/LFU policy needs per-key access times.
    func debugRefcount(_ v: Value) -> Int64 {
        switch v {
        case .string(let s):
            let sharing = config.maxmemory == 0 || !(config.maxmemoryPolicy.usesLRU || config.maxmemoryPolicy.usesLFU)
            if sharing, let i = s.integerValue, i >= 0, i < 10000 { return Int64(Int32.max) }
            return 1
        case .list, .set, .hash, .zset:
            return 1
        }
    }

    /// The value's size in an RDB file (see the file comment).
    func serializedLength(_ v: Value) -> Int {
        switch v {
        case .string(let s):
            if let i = s.integerValue, i >= Int64(Int32.min), i <= Int64(Int32.max) {
                return rdbIntegerLength(i)
            }
            return s.withBytes { rdbStringLength($0) }
        case .list(let l):
            // QUICKLIST_2: the node count, then per node its container (plain 1, packed 2)
            // and its listpack (a plain node: its element) as a string.
            var n = rdbLengthSize(l.nodeCount)
            l.forEachNode { node in
                n += 1 + (node.isPlain ? node.firstElement.withBytes { rdbStringLength($0) } : rdbStringLength(node.listpackBytes))
            }
            return n
        case .set(let st):
            if let iset = st.intset { return rdbStringLength(iset.rawBytes) }
            var n = rdbLengthSize(st.count)
            st.forEach { m in n += m.withBytes { rdbStringLength($0) } }
            return n
        case .hash(let h):
            // RDB writes a listpack encoding as one string, else a count and every pair.
            if let lp = h.listpack { return rdbStringLength(lp.rawBytes) }
            var n = rdbLengthSize(h.count)
            h.forEach { f, v in n += f.withBytes { rdbStringLength($0) } + v.withBytes { rdbStringLength($0) } }
            return n
        case .zset(let z):
            // ZSET_2: a count, then each member as a string and its score as 8 raw bytes.
            if let lp = z.listpack { return rdbStringLength(lp.rawBytes) }
            var n = rdbLengthSize(z.count)
            z.forEach(ranks: 0..<z.count) { m, _ in n += rdbStringLength(m) + 8 }
            return n
        }
    }

    func rdbIntegerLength(_ i: Int64) -> Int {
        if i >= -(1 << 7) && i <= (1 << 7) - 1 { return 2 }
        if i >= -(1 << 15) && i <= (1 << 15) - 1 { return 3 }
        return 5
    }

    /// A string as RDB stores it: integer encoding for short canonical integers, else a
    /// length prefix and the bytes.
    func rdbStringLength(_ p: UnsafeRawBufferPointer) -> Int {
        if p.count <= 11, let i = parseStrictInt64(p), i >= Int64(Int32.min), i <= Int64(Int32.max) {
            return rdbIntegerLength(i)
        }
        let n = p.count
        if config.rdbcompression && n > 20, let compressed = lzfCompressedLength(p, limit: n - 4) {
            return 1 + rdbLengthSize(compressed) + rdbLengthSize(n) + compressed
        }
        return rdbLengthSize(n) + n
    }

    /// Bytes RDB's length encoding takes for `n`.
    func rdbLengthSize(_ n: Int) -> Int {
        n < (1 << 6) ? 1 : n < (1 << 14) ? 2 : UInt64(n) <= UInt64(UInt32.max) ? 5 : 9
    }

    // MARK: POPULATE

    func debugPopulate(_ c: Client) {
        guard let count = parseStrictInt64(c.arg(2)), count >= 0 else {
            c.addError("ERR value is out of range, must be positive")
            return
        }
        var size = 0
        if c.argc == 5 {
            guard let n = parseStrictInt64(c.arg(4)), n >= 0 else {
                c.addError("ERR value is out of range, must be positive")
                return
            }
            size = Int(n)
        }
        let prefix: [UInt8] = c.argc >= 4 ? c.argBytes(3) : Array("key".utf8)
        let db = databases[c.dbIndex]
        var key: [UInt8] = []
        var value: [UInt8] = []
        for j in 0..<count {
            key.removeAll(keepingCapacity: true)
            key.append(contentsOf: prefix)
            key.append(UInt8(ascii: ":"))
            key.append(contentsOf: String(j).utf8)
            // Redis formats the name into a 128-byte buffer: at most 127 bytes.
            if key.count > 127 { key.removeLast(key.count - 127) }
            let exists = key.withUnsafeBytes { db.lookupWrite($0) != nil }
            if exists { continue }
            value.removeAll(keepingCapacity: true)
            value.append(contentsOf: "value:\(j)".utf8)
            if size > 0 {
                if value.count > size {
                    value.removeLast(value.count - size)
                } else {
                    value.append(contentsOf: repeatElement(0, count: size - value.count))
                }
            }
            key.withUnsafeBytes { k in
                value.withUnsafeBytes { v in
                    _ = db.add(k, .string(RStr(v)))
                }
                signalModifiedKey(k, dbIndex: db.id)
            }
        }
        c.addOK()
    }

    // MARK: PROTOCOL

    func debugProtocol(_ c: Client) {
        let resp3 = c.resp == .resp3
        if c.argIs(2, "string") {
            c.addBulk("Hello World")
        } else if c.argIs(2, "integer") {
            c.addInt(12345)
        } else if c.argIs(2, "double") {
            c.addDouble(3.141)
        } else if c.argIs(2, "bignum") {
            let digits = "1234567999999999999999999999999999999"
            if resp3 { c.addRaw(Array("(\(digits)\r\n".utf8)) } else { c.addBulk(string: digits) }
        } else if c.argIs(2, "null") {
            c.addNull()
        } else if c.argIs(2, "array") {
            c.addArrayLen(3)
            for j in 0..<3 { c.addInt(j) }
        } else if c.argIs(2, "set") {
            c.addSetLen(3)
            for j in 0..<3 { c.addInt(j) }
        } else if c.argIs(2, "map") {
            c.addMapLen(3)
            for j in 0..<3 {
                c.addInt(j)
                c.addBool(j == 1)
            }
        } else if c.argIs(2, "attrib") {
            if resp3 {
                c.addRaw(Array("|1\r\n".utf8))
                c.addBulk("key-popularity")
                c.addArrayLen(2)
                c.addBulk("key:123")
                c.addInt(90)
            }
            c.addBulk("Some real reply following the attribute")
        } else if c.argIs(2, "push") {
            if !resp3 {
                c.addError("ERR RESP2 is not supported by this command")
                return
            }
            c.addPushLen(2)
            c.addBulk("server-cpu-usage")
            c.addInt(42)
            c.addBulk("Some real reply following the push reply")
        } else if c.argIs(2, "verbatim") {
            c.addVerbatim("This is a verbatim\nstring")
        } else if c.argIs(2, "true") {
            c.addBool(true)
        } else if c.argIs(2, "false") {
            c.addBool(false)
        } else {
            c.addError("ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false")
        }
    }
}

/// strtod's reading of the longest numeric prefix ("1.5s" → 1.5, "abc" → 0).
func strtodPrefix(_ s: String) -> Double {
    s.withCString { strtod($0, nil) }
}

/// atoi's reading ("12abc" → 12, "abc" → 0).
func atoiPrefix(_ s: String) -> Int {
    s.withCString { Int(atoi($0)) }
}

/// The size of `p` compressed by LZF as Redis runs it, or nil when that would exceed `limit`
/// bytes (Redis then stores the string as it is). See the file comment.
func lzfCompressedLength(_ p: UnsafeRawBufferPointer, limit: Int) -> Int? {
    let n = p.count
    if n < 3 || limit <= 0 { return nil }
    let maxLiteral = 32, maxOffset = 1 << 13, maxReference = (1 << 8) + (1 << 3)
    var table = [Int](repeating: -1, count: 1 << 16)
    @inline(__always) func slot(_ h: UInt32) -> Int { Int(((h >> 8) &- h &* 5) & 0xFFFF) }
    var out = 1       // bytes written; the first literal run's header is reserved
    var literals = 0
    var ip = 0
    var h = UInt32(p[0]) << 8 | UInt32(p[1])
    while ip < n - 2 {
        h = (h << 8) | UInt32(p[ip + 2])
        let i = slot(h)
        let ref = table[i]
        table[i] = ip
        if ref > 0 && ip - ref - 1 < maxOffset && p[ref + 2] == p[ip + 2] && p[ref] == p[ip] && p[ref + 1] == p[ip + 1] {
            var len = 2
            let maxLen = min(n - ip - len, maxReference)
            if out + 4 >= limit && out - (literals == 0 ? 1 : 0) + 4 >= limit { return nil }
            if literals == 0 { out -= 1 }   // no literals: drop the reserved run header
            var mismatch = false
            if maxLen > 16 {
                // The unrolled first 16 steps compare without the length bound.
                for _ in 0..<16 {
                    len += 1
                    if p[ref + len] != p[ip + len] { mismatch = true; break }
                }
            }
            if !mismatch {
                repeat { len += 1 } while len < maxLen && p[ref + len] == p[ip + len]
            }
            len -= 2
            ip += 1
            out += len < 7 ? 2 : 3       // length/offset-high byte(s), then offset-low byte
            literals = 0
            out += 1                     // the next literal run's header
            ip += len + 1
            if ip >= n - 2 { break }
            // Hash the two positions just before the new one.
            ip -= 2
            h = UInt32(p[ip]) << 8 | UInt32(p[ip + 1])
            h = (h << 8) | UInt32(p[ip + 2])
            table[slot(h)] = ip
            ip += 1
            h = (h << 8) | UInt32(p[ip + 2])
            table[slot(h)] = ip
            ip += 1
        } else {
            if out >= limit { return nil }
            literals += 1
            out += 1
            ip += 1
            if literals == maxLiteral {
                literals = 0
                out += 1
            }
        }
    }
    if out + 3 > limit { return nil }
    while ip < n {
        literals += 1
        out += 1
        ip += 1
        if literals == maxLiteral {
            literals = 0
            out += 1
        }
    }
    if literals == 0 { out -= 1 }
    return out
}
