// BitmapCommands: bit operations on string values (Redis's bitops.c).
//
// SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO.
//
// A bitmap is an ordinary string value read as a big-endian bit array (bit 0 = the most
// significant bit of byte 0); the bit algorithms themselves live in DataStructures/BitOps.
// This file parses arguments with Redis 7.0's exact rules and error texts, and manages the
// string being written:
//   - Writers (SETBIT, BITFIELD with SET/INCRBY) go through `lookupStringForBitWrite`, Redis's
//     lookupStringForBitCommand: the key is created zero-filled, or its value unshared (made
//     a uniquely owned raw HeapBytes, see StringCommands.swift) and zero-extended to cover
//     the highest bit written. Like Redis, the value is "raw" afterwards even when no bit
//     changed. BITOP stores a new raw string, or deletes the destination when every source
//     is empty.
//   - Readers see int-encoded values through their decimal text, as Redis does.
//   - Offsets: an integer >= 0 whose byte (offset >> 3) is below proto-max-bulk-len; in
//     BITFIELD "#n" means n * width (with Redis's wrapping multiplication).
//   - Redis 7.0's argument-checking order is kept, including its quirks: BITCOUNT and BITPOS
//     on a missing key answer before looking at the range arguments, and BITCOUNT answers 0
//     for a reversed negative range before checking BYTE|BIT.
//   - BITPOS looking for 0 with no explicit end treats the string as padded with zero bits
//     (answers the first bit past the range); with an explicit end it answers -1.
// Events: "setbit" for SETBIT/BITFIELD writes, "set" or "del" for BITOP's destination.

import DataStructures
import RESP

extension Server {
    static func bitmapCommands() -> [(String, CommandHandler)] {
        [
            ("setbit", { s, c in s.setbitCommand(c) }),
            ("getbit", { s, c in s.getbitCommand(c) }),
            ("bitcount", { s, c in s.bitcountCommand(c) }),
            ("bitpos", { s, c in s.bitposCommand(c) }),
            ("bitop", { s, c in s.bitopCommand(c) }),
            ("bitfield", { s, c in s.bitfieldGeneric(c, readOnly: false) }),
            ("bitfield_ro", { s, c in s.bitfieldGeneric(c, readOnly: true) }),
        ]
    }

    // MARK: argument parsing

    /// Redis's getBitOffsetFromArgument: a bit offset, or (with `hash` and a width) "#n"
    /// meaning n fields of `bits` bits. Nil after replying the error.
    func bitOffsetArgument(_ c: Client, _ index: Int, hash: Bool = false, bits: Int = 0) -> UInt64? {
        let p = c.arg(index)
        let useHash = hash && bits > 0 && p.count > 0 && p[0] == UInt8(ascii: "#")
        let digits = useHash ? UnsafeRawBufferPointer(rebasing: p[1...]) : p
        if var v = parseStrictInt64(digits) {
            if useHash { v = v &* Int64(bits) }
            if v >= 0 && (v >> 3) < Int64(config.protoMaxBulkLen) { return UInt64(v) }
        }
        c.addError("ERR bit offset is not an integer or out of range")
        return nil
    }

    /// Redis's getBitfieldTypeFromArgument: "i1".."i64" or "u1".."u63" (read as a C string;
    /// "I8" is refused).
    func bitfieldTypeArgument(_ c: Client, _ index: Int) -> (signed: Bool, bits: Int)? {
        let p = c.arg(index)
        let n = cStringLength(p)
        if n >= 1 {
            let t = p[0]
            if t == UInt8(ascii: "i") || t == UInt8(ascii: "u") {     // lowercase only, as Redis 7.0
                let signed = t == UInt8(ascii: "i")
                if let bits = parseStrictInt64(UnsafeRawBufferPointer(rebasing: p[1..<n])),
                   bits >= 1, bits <= (signed ? 64 : 63) {
                    return (signed, Int(bits))
                }
            }
        }
        c.addError("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.")
        return nil
    }

    /// Redis's lookupStringForBitCommand: the string at key 1 ready to be written up to bit
    /// `maxBit` (created zero-filled, or unshared and zero-extended). Also tells whether the
    /// key was created or grew. Nil after a WRONGTYPE reply.
    func lookupStringForBitWrite(_ c: Client, maxBit: UInt64) -> (HeapBytes, grew: Bool)? {
        let db = databases[c.dbIndex]
        let key = c.arg(1)
        let byteLen = Int(maxBit >> 3) + 1
        if let e = db.lookupWrite(key) {
            guard case .string = e.value else { c.addErrorWrongType(); return nil }
            let h = unshareStringValue(e, capacity: byteLen)
            if byteLen > h.count {
                (h.bytes + h.count).initialize(repeating: 0, count: byteLen - h.count)
                h.count = byteLen
                return (h, true)
            }
            return (h, false)
        }
        let h = HeapBytes(capacity: byteLen, count: byteLen, raw: true)
        h.bytes.initialize(repeating: 0, count: byteLen)
        db.add(key, .string(.heap(h)))
        return (h, true)
    }

    // MARK: SETBIT / GETBIT

    func setbitCommand(_ c: Client) {
        guard let offset = bitOffsetArgument(c, 2) else { return }
        guard let on = parseStrictInt64(c.arg(3)), on & ~1 == 0 else {
            c.addError("ERR bit is not an integer or out of range")
            return
        }
        guard let found = lookupStringForBitWrite(c, maxBit: offset) else { return }
        let (h, grew) = found
        let byte = Int(offset >> 3)
        let shift = 7 - UInt8(offset & 7)
        let old = (h.bytes[byte] >> shift) & 1
        if grew || Int64(old) != on {
            h.bytes[byte] = (h.bytes[byte] & ~(1 << shift)) | (UInt8(on) << shift)
            let key = c.arg(1)
            signalModifiedKey(key, dbIndex: c.dbIndex)
            notifyKeyspaceEvent(.string, "setbit", key, dbIndex: c.dbIndex)
            dirty += 1
        }
        c.addInt(Int(old))
    }

    func getbitCommand(_ c: Client) {
        guard let offset = bitOffsetArgument(c, 2) else { return }
        guard let e = databases[c.dbIndex].lookupRead(c.arg(1)) else { c.addInt(0); return }
        guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
        let bit = s.withBytes { p -> Int in
            let byte = offset >> 3
            if byte >= UInt64(p.count) { return 0 }
            return BitOps.bitAt(p, Int(offset)) ? 1 : 0
        }
        c.addInt(bit)
    }

    // MARK: BITCOUNT / BITPOS

    /// Parses BYTE|BIT at `index` (as a C string): true for BIT, nil after a syntax error.
    private func bitUnitArgument(_ c: Client, _ index: Int) -> Bool? {
        let p = c.arg(index)
        if optionMatches(p, "bit") { return true }
        if optionMatches(p, "byte") { return false }
        c.addErrorSyntax()
        return nil
    }

    func bitcountCommand(_ c: Client) {
        guard let e = databases[c.dbIndex].lookupRead(c.arg(1)) else { c.addInt(0); return }
        guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
        let argc = c.argc
        var start: Int64 = 0, end: Int64 = 0
        var isBit = false
        if argc == 4 || argc == 5 {
            guard let s0 = parseStrictInt64(c.arg(2)), let e0 = parseStrictInt64(c.arg(3)) else {
                c.addErrorNotInteger()
                return
            }
            start = s0; end = e0
            if start < 0 && end < 0 && start > end { c.addInt(0); return }
            if argc == 5 {
                guard let b = bitUnitArgument(c, 4) else { return }
                isBit = b
            }
        } else if argc != 2 {
            c.addErrorSyntax()
            return
        }
        let count = s.withBytes { p -> Int in
            let len = Int64(p.count)
            if argc == 2 {
                return BitOps.popcount(p)
            }
            let total = isBit ? len << 3 : len
            if start < 0 { start = total + start }
            if end < 0 { end = total + end }
            if start < 0 { start = 0 }
            if end < 0 { end = 0 }
            if end >= total { end = total - 1 }
            if start > end { return 0 }
            if isBit { return BitOps.countBits(p, from: Int(start), through: Int(end)) }
            return BitOps.popcount(UnsafeRawBufferPointer(rebasing: p[Int(start)...Int(end)]))
        }
        c.addInt(count)
    }

    func bitposCommand(_ c: Client) {
        guard let bit = parseStrictInt64(c.arg(2)) else { c.addErrorNotInteger(); return }
        if bit != 0 && bit != 1 {
            c.addError("ERR The bit argument must be 1 or 0.")
            return
        }
        guard let e = databases[c.dbIndex].lookupRead(c.arg(1)) else { c.addInt(bit == 1 ? -1 : 0); return }
        guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
        let argc = c.argc
        if argc > 6 { c.addErrorSyntax(); return }
        var startArg: Int64 = 0, endArg: Int64 = 0
        var isBit = false, endGiven = false
        if argc >= 4 {
            guard let v = parseStrictInt64(c.arg(3)) else { c.addErrorNotInteger(); return }
            startArg = v
            if argc == 6 {
                guard let b = bitUnitArgument(c, 5) else { return }
                isBit = b
            }
            if argc >= 5 {
                guard let v = parseStrictInt64(c.arg(4)) else { c.addErrorNotInteger(); return }
                endArg = v
                endGiven = true
            }
        }
        let pos = s.withBytes { p -> Int64 in
            let len = Int64(p.count)
            let total = isBit ? len << 3 : len
            var start: Int64 = 0
            var end = total - 1
            if argc >= 4 {
                start = startArg
                if endGiven { end = endArg }
                if start < 0 { start = total + start }
                if end < 0 { end = total + end }
                if start < 0 { start = 0 }
                if end < 0 { end = 0 }
                if end >= total { end = total - 1 }
            }
            if start > end { return -1 }
            let firstBit = isBit ? start : start << 3
            let lastBit = isBit ? end : (end << 3) + 7
            if let found = BitOps.firstBit(p, bit == 1, from: Int(firstBit), through: Int(lastBit)) {
                return Int64(found)
            }
            // No such bit in the range. Looking for a 0 without an explicit end, the string
            // counts as padded with zero bits: the answer is the first bit after the range.
            if bit == 1 || endGiven { return -1 }
            return lastBit + 1
        }
        c.addInt(pos)
    }

    // MARK: BITOP

    private enum BitOp { case and, or, xor, not }

    func bitopCommand(_ c: Client) {
        let name = c.arg(1)
        let op: BitOp
        if optionMatches(name, "and") { op = .and }
        else if optionMatches(name, "or") { op = .or }
        else if optionMatches(name, "xor") { op = .xor }
        else if optionMatches(name, "not") { op = .not }
        else { c.addErrorSyntax(); return }
        if op == .not && c.argc != 4 {
            c.addError("ERR BITOP NOT must be called with a single source key.")
            return
        }
        let db = databases[c.dbIndex]
        var sources: [RStr?] = []
        sources.reserveCapacity(c.argc - 3)
        var maxLen = 0
        for j in 3..<c.argc {
            if let e = db.lookupRead(c.arg(j)) {
                guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
                sources.append(s)
                maxLen = max(maxLen, s.count)
            } else {
                sources.append(nil)
            }
        }
        let target = c.arg(2)
        if maxLen > 0 {
            let h = HeapBytes(capacity: maxLen, count: maxLen, raw: true)
            let out = h.bytes
            out.initialize(repeating: 0, count: maxLen)
            for (index, src) in sources.enumerated() {
                guard let src else {
                    // A missing key is an empty string: zero bytes, which only AND notices.
                    if op == .and { out.update(repeating: 0, count: maxLen) }
                    continue
                }
                src.withBytes { p in
                    Server.combine(out, maxLen, p, op: index == 0 ? nil : op, not: op == .not)
                }
            }
            if db.expires.count > 0 { db.expireIfNeeded(target) }
            db.setKey(target, .string(.heap(h)))
            notifyKeyspaceEvent(.string, "set", target, dbIndex: c.dbIndex)
            dirty += 1
        } else if db.deleteKey(target) {
            notifyKeyspaceEvent(.generic, "del", target, dbIndex: c.dbIndex)
            dirty += 1
        }
        c.addInt(maxLen)
    }

    /// Folds one source into the result buffer `out` (`len` bytes). `op` nil means "first
    /// source": copy it (complemented for NOT). Bytes past the end of `p` count as zero.
    private static func combine(_ out: UnsafeMutablePointer<UInt8>, _ len: Int, _ p: UnsafeRawBufferPointer,
                                op: BitOp?, not: Bool) {
        let n = p.count
        let raw = UnsafeMutableRawPointer(out)
        guard let op else {
            if n > 0 { raw.copyMemory(from: p.baseAddress!, byteCount: n) }
            if not {
                var i = 0
                while i + 8 <= len {
                    raw.storeBytes(of: ~raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
                    i += 8
                }
                while i < len { out[i] = ~out[i]; i += 1 }
            }
            return
        }
        let src = p.baseAddress
        var i = 0
        while i + 8 <= n {
            let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = src!.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let r: UInt64
            switch op {
            case .and: r = a & b
            case .or: r = a | b
            case .xor: r = a ^ b
            case .not: r = ~b
            }
            raw.storeBytes(of: r, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            switch op {
            case .and: out[i] &= p[i]
            case .or: out[i] |= p[i]
            case .xor: out[i] ^= p[i]
            case .not: out[i] = ~p[i]
            }
            i += 1
        }
        if op == .and && n < len { (out + n).update(repeating: 0, count: len - n) }
    }

    // MARK: BITFIELD

    private struct BitfieldOp {
        enum Kind { case get, set, incrby }
        var kind: Kind
        var offset: UInt64
        var value: Int64
        var bits: Int
        var signed: Bool
        var overflow: BitOps.Overflow
    }

    /// BITFIELD and BITFIELD_RO (Redis's bitfieldGeneric): all operations are parsed and
    /// checked first, then the key is looked up once (for writing when any SET/INCRBY is
    /// present, growing the string to the highest bit written), then the operations run in
    /// order, each OVERFLOW applying to the operations after it. Only writes that happen
    /// count as changes (a SET/INCRBY refused by OVERFLOW FAIL does not).
    func bitfieldGeneric(_ c: Client, readOnly: Bool) {
        var ops: [BitfieldOp] = []
        var overflow = BitOps.Overflow.wrap
        var writes = false
        var highestWrite: UInt64 = 0
        let argc = c.argc
        var j = 2
        while j < argc {
            let remaining = argc - j - 1
            let sub = c.arg(j)
            let kind: BitfieldOp.Kind
            if optionMatches(sub, "get") && remaining >= 2 {
                kind = .get
            } else if optionMatches(sub, "set") && remaining >= 3 {
                kind = .set
            } else if optionMatches(sub, "incrby") && remaining >= 3 {
                kind = .incrby
            } else if optionMatches(sub, "overflow") && remaining >= 1 {
                let mode = c.arg(j + 1)
                if optionMatches(mode, "wrap") { overflow = .wrap }
                else if optionMatches(mode, "sat") { overflow = .sat }
                else if optionMatches(mode, "fail") { overflow = .fail }
                else {
                    c.addError("ERR Invalid OVERFLOW type specified")
                    return
                }
                j += 2
                continue
            } else {
                c.addErrorSyntax()
                return
            }
            guard let type = bitfieldTypeArgument(c, j + 1) else { return }
            let (signed, bits) = type
            guard let offset = bitOffsetArgument(c, j + 2, hash: true, bits: bits) else { return }
            var value: Int64 = 0
            if kind != .get {
                writes = true
                highestWrite = max(highestWrite, offset + UInt64(bits) - 1)
                guard let v = parseStrictInt64(c.arg(j + 3)) else { c.addErrorNotInteger(); return }
                value = v
            }
            ops.append(BitfieldOp(kind: kind, offset: offset, value: value, bits: bits, signed: signed, overflow: overflow))
            j += kind == .get ? 3 : 4
        }

        var target: HeapBytes? = nil
        var current: RStr? = nil
        if !writes {
            if let e = databases[c.dbIndex].lookupRead(c.arg(1)) {
                guard case .string(let s) = e.value else { c.addErrorWrongType(); return }
                current = s
            }
        } else {
            if readOnly {
                c.addError("ERR BITFIELD_RO only supports the GET subcommand")
                return
            }
            guard let found = lookupStringForBitWrite(c, maxBit: highestWrite) else { return }
            target = found.0
        }

        c.addArrayLen(ops.count)
        var changes = 0
        for op in ops {
            if op.kind == .get {
                let raw: UInt64
                if let h = target {
                    raw = BitOps.readField(h.buffer, offset: op.offset, bits: op.bits)
                } else if let s = current {
                    raw = s.withBytes { BitOps.readField($0, offset: op.offset, bits: op.bits) }
                } else {
                    raw = 0
                }
                c.addInt(op.signed ? BitOps.signExtend(raw, bits: op.bits) : Int64(raw))
                continue
            }
            let h = target!
            let old = BitOps.readField(h.buffer, offset: op.offset, bits: op.bits)
            if op.signed {
                let oldValue = BitOps.signExtend(old, bits: op.bits)
                let stored = op.kind == .incrby
                    ? BitOps.signedAdd(oldValue, op.value, bits: op.bits, mode: op.overflow)
                    : BitOps.signedAdd(op.value, 0, bits: op.bits, mode: op.overflow)
                guard let stored else { c.addNull(); continue }
                c.addInt(op.kind == .incrby ? stored : oldValue)
                BitOps.writeField(h.bytes, offset: op.offset, bits: op.bits, value: UInt64(bitPattern: stored))
                changes += 1
            } else {
                let stored = op.kind == .incrby
                    ? BitOps.unsignedAdd(old, op.value, bits: op.bits, mode: op.overflow)
                    : BitOps.unsignedAdd(UInt64(bitPattern: op.value), 0, bits: op.bits, mode: op.overflow)
                guard let stored else { c.addNull(); continue }
                c.addInt(Int64(op.kind == .incrby ? stored : old))
                BitOps.writeField(h.bytes, offset: op.offset, bits: op.bits, value: stored)
                changes += 1
            }
        }
        if changes > 0 {
            let key = c.arg(1)
            signalModifiedKey(key, dbIndex: c.dbIndex)
            notifyKeyspaceEvent(.string, "setbit", key, dbIndex: c.dbIndex)
            dirty += Int64(changes)
        }
    }
}
