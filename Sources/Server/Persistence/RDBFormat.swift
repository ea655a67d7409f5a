// RDBFormat: the numbers of Redis's RDB format, version 10 as Redis 7.0 writes it, and the
// older ones it still reads. docs/rdb.md describes the layout; this file only names the
// constants so that the writer, the reader and DUMP/RESTORE share one definition.
//
//   "REDIS" + 4 ASCII digits of version
//   AUX fields, FUNCTION2 libraries, then per non-empty database:
//     SELECTDB <db> RESIZEDB <keys> <keys with a TTL>
//     [EXPIRETIME_MS <u64 LE>] [IDLE <len> | FREQ <u8>] <type> <key> <value>
//   EOF, then the CRC64 of everything before it (u64 LE; zero when rdbchecksum is off).
// A DUMP payload is <type> <value> <version: u16 LE> <CRC64 of the preceding bytes: u64 LE>.

enum RDBFormat {
    /// The version we write (Redis 7.0's).
    static let version = 10
    static let magic: [UInt8] = Array("REDIS".utf8)

    // Object types.
    static let typeString: UInt8 = 0
    static let typeList: UInt8 = 1
    static let typeSet: UInt8 = 2
    static let typeZSet: UInt8 = 3
    static let typeHash: UInt8 = 4
    static let typeZSet2: UInt8 = 5
    static let typeModulePreGA: UInt8 = 6
    static let typeModule2: UInt8 = 7
    static let typeHashZipmap: UInt8 = 9
    static let typeListZiplist: UInt8 = 10
    static let typeSetIntset: UInt8 = 11
    static let typeZSetZiplist: UInt8 = 12
    static let typeHashZiplist: UInt8 = 13
    static let typeListQuicklist: UInt8 = 14
    static let typeStreamListpacks: UInt8 = 15
    static let typeHashListpack: UInt8 = 16
    static let typeZSetListpack: UInt8 = 17
    static let typeListQuicklist2: UInt8 = 18
    static let typeStreamListpacks2: UInt8 = 19

    /// Types that Redis 7.0 recognises as an object (rdbIsObjectType).
    static func isObjectType(_ t: UInt8) -> Bool {
        t <= 7 || (t >= 9 && t <= 19)
    }

    // Opcodes.
    static let opFunction2: UInt8 = 0xF5
    static let opFunctionPreGA: UInt8 = 0xF6
    static let opModuleAux: UInt8 = 0xF7
    static let opIdle: UInt8 = 0xF8
    static let opFreq: UInt8 = 0xF9
    static let opAux: UInt8 = 0xFA
    static let opResizeDB: UInt8 = 0xFB
    static let opExpireTimeMS: UInt8 = 0xFC
    static let opExpireTime: UInt8 = 0xFD
    static let opSelectDB: UInt8 = 0xFE
    static let opEOF: UInt8 = 0xFF

    /// StructD's AUX field for a script alias (value: name, NUL, body). Real Redis logs
    /// unknown AUX fields at debug level and skips them.
    static let auxScriptAlias: [UInt8] = Array("structd-alias".utf8)

    // Length encodings (first byte's top two bits, then the special forms).
    static let len6Bit: UInt8 = 0
    static let len14Bit: UInt8 = 1
    static let len32Bit: UInt8 = 0x80
    static let len64Bit: UInt8 = 0x81
    static let encodedValue: UInt8 = 3
    // Encoded strings (after 0b11 in the top bits).
    static let encInt8 = 0
    static let encInt16 = 1
    static let encInt32 = 2
    static let encLZF = 3

    // Quicklist 2 node containers.
    static let containerPlain = 1
    static let containerPacked = 2

    // Legacy ZSET string doubles.
    static let doubleNaN: UInt8 = 253
    static let doublePosInf: UInt8 = 254
    static let doubleNegInf: UInt8 = 255
}
