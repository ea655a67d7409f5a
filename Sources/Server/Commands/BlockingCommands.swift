// The blocking list and sorted-set commands (Redis's t_list.c / t_zset.c blocking halves):
// BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN, BZPOPMAX, BZMPOP, and CLIENT UNBLOCK.
//
// Every one of them is "the non-blocking pop, unless nothing is there": the handler parses
// its arguments in Redis's order (positions and counts first, then the timeout, then the
// keys' types), and if one of its keys holds elements it pops right away; otherwise the
// client is parked by the engine in Blocking.swift with a `BlockedOperation`. The pop
// itself is one function per type (`popListForBlockedClient`, on the list family's shared
// pop/move helpers, and `popZSetForBlockedClient`), called both here and when the engine
// serves a parked client, so the immediate and the deferred replies cannot differ: BLPOP
// [key, value]; BLMPOP [key, [values]]; BZPOPMIN [key, member, score]; BZMPOP [key,
// [[member, score]...]]; BLMOVE the moved value.
//
// A client that may not block (inside MULTI/EXEC or a script: the `.multi` / `.lua` flags)
// gets what a timeout would give at once: a null array, except BLMOVE and BRPOPLPUSH, which
// reply a plain null there (Redis's blmoveGenericCommand), though their timeout is a null
// array.
//
// Timeouts are Redis's getTimeoutFromObjectOrReply in seconds: the text is read as a C long
// double (strtold: "0x10", "+1", ".5", "inf" all parse; leading space, trailing bytes and NaN
// do not), multiplied by 1000 and rounded up to whole milliseconds, then converted to a 64-bit
// integer as C does on x86-64 (anything out of range becomes the most negative integer), so
// "inf" and "1e400" are "timeout is negative", and -0.0001 rounds to 0, which waits forever.

import DataStructures
#if canImport(Glibc)
import Glibc
#endif

extension Server {
    static func blockingCommands() -> [(String, CommandHandler)] {
        [
            ("blpop", { s, c in s.blockingPopCommand(c, .listPop(.head)) }),
            ("brpop", { s, c in s.blockingPopCommand(c, .listPop(.tail)) }),
            ("bzpopmin", { s, c in s.blockingPopCommand(c, .zsetPop(min: true)) }),
            ("bzpopmax", { s, c in s.blockingPopCommand(c, .zsetPop(min: false)) }),
            ("blmpop", { s, c in s.blockingMultiPopCommand(c, zset: false) }),
            ("bzmpop", { s, c in s.blockingMultiPopCommand(c, zset: true) }),
            ("blmove", { s, c in s.blmoveCommand(c) }),
            ("brpoplpush", { s, c in s.brpoplpushCommand(c) }),
            ("client|unblock", { s, c in s.clientUnblockCommand(c) }),
        ]
    }

    /// True when the client must not block: inside MULTI/EXEC or a script (Redis's
    /// CLIENT_DENY_BLOCKING).
    @inline(__always) func mayNotBlock(_ c: Client) -> Bool {
        c.flags.contains(.multi) || c.flags.contains(.lua)
    }

    // MARK: arguments

    /// Redis's getTimeoutFromObjectOrReply (seconds): the deadline in Unix milliseconds, 0 for
    /// none, or nil after replying with the error.
    func parseBlockingTimeout(_ c: Client, _ index: Int) -> Int64? {
        guard let seconds = LongDouble.parse(c.arg(index)) else {
            c.addError("ERR timeout is not a float or out of range")
            return nil
        }
        let millis = (seconds * 1000).rounded(.up)
        // A C cast of an out-of-range long double gives INT64_MIN on x86-64: "negative".
        guard millis > -9223372036854775809.0 && millis < 9223372036854775808.0 else {
            c.addError("ERR timeout is negative")
            return nil
        }
        let t = Int64(millis)
        if t < 0 {
            c.addError("ERR timeout is negative")
            return nil
        }
        if t == 0 { return 0 }
        let (deadline, overflow) = t.addingReportingOverflow(unixMillisNow())
        return overflow ? Int64.max : deadline
    }

    /// Redis's getRangeLongFromObjectOrReply with a custom message, for 1...Int64.max.
    private func parsePositiveCount(_ c: Client, _ index: Int, _ message: String) -> Int? {
        guard let v = parseStrictInt64(c.arg(index)), v >= 1 else {
            c.addError(message)
            return nil
        }
        return Int(v)
    }

    // MARK: BLPOP / BRPOP / BZPOPMIN / BZPOPMAX / BLMPOP / BZMPOP

    /// BLPOP key [key ...] timeout, and its siblings with the same layout.
    func blockingPopCommand(_ c: Client, _ operation: BlockedOperation) {
        blockingPopGeneric(c, keys: 1..<(c.argc - 1), timeoutIndex: c.argc - 1, operation)
    }

    /// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count], and BZMPOP with MIN|MAX
    /// (Redis's lmpopGenericCommand / zmpopGenericCommand argument order).
    func blockingMultiPopCommand(_ c: Client, zset: Bool) {
        let numkeysIndex = 2
        guard let numkeys = parsePositiveCount(c, numkeysIndex, "ERR numkeys should be greater than 0") else { return }
        if numkeys >= c.argc - numkeysIndex - 1 {
            c.addErrorSyntax()
            return
        }
        let whereIndex = numkeysIndex + numkeys + 1
        let fromStart: Bool
        if zset {
            if optionMatches(c.arg(whereIndex), "min") {
                fromStart = true
            } else if optionMatches(c.arg(whereIndex), "max") {
                fromStart = false
            } else {
                c.addErrorSyntax()
                return
            }
        } else {
            guard let end = parseListEnd(c, whereIndex) else { return }
            fromStart = end.isHead
        }
        var count = -1
        var j = whereIndex + 1
        while j < c.argc {
            if count == -1 && optionMatches(c.arg(j), "count") && j + 1 < c.argc {
                j += 1
                guard let n = parsePositiveCount(c, j, "ERR count should be greater than 0") else { return }
                count = n
            } else {
                c.addErrorSyntax()
                return
            }
            j += 1
        }
        if count == -1 { count = 1 }
        let operation: BlockedOperation = zset ? .zsetPopCount(min: fromStart, count: count)
                                               : .listPopCount(fromStart ? .head : .tail, count: count)
        blockingPopGeneric(c, keys: (numkeysIndex + 1)..<whereIndex, timeoutIndex: 1, operation)
    }

    /// Redis's blockingPopGenericCommand / blockingGenericZpopCommand: the timeout, then the
    /// first key holding elements is popped at once; a key of another type is WRONGTYPE;
    /// with none, the client blocks on all of them.
    func blockingPopGeneric(_ c: Client, keys: Range<Int>, timeoutIndex: Int, _ operation: BlockedOperation) {
        guard let deadline = parseBlockingTimeout(c, timeoutIndex) else { return }
        let db = databases[c.dbIndex]
        for i in keys {
            let key = c.arg(i)
            guard let e = db.lookupWrite(key) else { continue }
            switch e.value {
            case .list(let list) where operation.wantsList:
                if list.count == 0 { continue }
                popListForBlockedClient(c, db, key, list, operation)
                return
            case .zset(let z) where !operation.wantsList:
                if z.count == 0 { continue }
                popZSetForBlockedClient(c, db, key, e, operation)
                return
            default:
                c.addErrorWrongType()
                return
            }
        }
        if mayNotBlock(c) {
            c.addNullArray()
            return
        }
        blockClient(c, keys: keys.map { c.argRStr($0) }, operation: operation, deadline: deadline)
    }

    // MARK: BLMOVE / BRPOPLPUSH

    /// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
    func blmoveCommand(_ c: Client) {
        guard let from = parseListEnd(c, 3), let to = parseListEnd(c, 4),
              let deadline = parseBlockingTimeout(c, 5) else { return }
        blockingMoveGeneric(c, from: from, to: to, deadline: deadline)
    }

    /// BRPOPLPUSH source destination timeout: BLMOVE source destination RIGHT LEFT.
    func brpoplpushCommand(_ c: Client) {
        guard let deadline = parseBlockingTimeout(c, 3) else { return }
        blockingMoveGeneric(c, from: .tail, to: .head, deadline: deadline)
    }

    /// Redis's blmoveGenericCommand: LMOVE when the source has elements, else block.
    func blockingMoveGeneric(_ c: Client, from: ListEnd, to: ListEnd, deadline: Int64) {
        let db = databases[c.dbIndex]
        let source = c.arg(1)
        if let e = db.lookupWrite(source) {
            guard case .list(let list) = e.value else {
                c.addErrorWrongType()
                return
            }
            if list.count > 0 {
                blockingListMove(c, db, source, list, c.arg(2), from: from, to: to)
                return
            }
        }
        if mayNotBlock(c) {
            c.addNull()
            return
        }
        blockClient(c, keys: [c.argRStr(1)],
                    operation: .listMove(destination: c.argRStr(2), from: from, to: to),
                    deadline: deadline)
    }

    // MARK: the pops (immediate and served)

    /// Pops from a non-empty list for a list operation, replying in the blocking command's
    /// shape, through the list family's shared helpers (ListCommands.swift): the same events
    /// (lpop/rpop, del when emptied), deletion and dirty count as LPOP / LMPOP / LMOVE.
    func popListForBlockedClient(_ c: Client, _ db: Database, _ key: UnsafeRawBufferPointer,
                                 _ list: ListValue, _ operation: BlockedOperation) {
        switch operation {
        case .listPop(let end):
            listPopWithKeyAndReply(c, dbIndex: db.id, key: key, list: list, end: end)
        case .listPopCount(let end, let count):
            listPopRangeWithKeyAndReply(c, dbIndex: db.id, key: key, list: list, end: end, count: count)
        case .listMove(let destination, let from, let to):
            destination.withBytes { blockingListMove(c, db, key, list, $0, from: from, to: to) }
        case .zsetPop, .zsetPopCount:
            preconditionFailure("sorted-set operation on a list")
        }
    }

    /// LMOVE for a non-empty source (Redis's lmoveGenericCommand): WRONGTYPE, and nothing
    /// moves, when the destination holds another type; else the element moves (the
    /// destination list is created if needed) and the reply is the element.
    func blockingListMove(_ c: Client, _ db: Database, _ source: UnsafeRawBufferPointer, _ list: ListValue,
                          _ destination: UnsafeRawBufferPointer, from: ListEnd, to: ListEnd) {
        var target: ListValue? = nil
        if let d = db.lookupWrite(destination) {
            guard case .list(let l) = d.value else {
                c.addErrorWrongType()
                return
            }
            target = l
        }
        lmovePopAndPush(c, dbIndex: db.id, sourceKey: source, source: list, destKey: destination, dest: target,
                        from: from, to: to)
    }

    /// Pops from a non-empty sorted set for a sorted-set operation, replying in the blocking
    /// command's shape, with Redis's events (zpopmin/zpopmax, then del when emptied). `e` is
    /// the set's entry, from lookupWrite; the set is stored back after each pop.
    func popZSetForBlockedClient(_ c: Client, _ db: Database, _ key: UnsafeRawBufferPointer,
                                 _ e: DictEntry<Value>, _ operation: BlockedOperation) {
        guard case .zset(var z) = e.value else { preconditionFailure("not a sorted set") }
        let min: Bool
        let n: Int
        switch operation {
        case .zsetPop(let m):
            min = m
            n = 1
            c.addArrayLen(3)
            c.addBulk(key)
        case .zsetPopCount(let m, let count):
            min = m
            n = Swift.min(count, z.count)
            c.addArrayLen(2)
            c.addBulk(key)
            c.addArrayLen(n)
        case .listPop, .listPopCount, .listMove:
            preconditionFailure("list operation on a sorted set")
        }
        let nested: Bool
        if case .zsetPopCount = operation { nested = true } else { nested = false }
        for _ in 0..<n {
            let rank = min ? 0 : z.count - 1
            z.element(atRank: rank) { member, score in
                if nested { c.addArrayLen(2) }
                c.addBulk(member)
                c.addDouble(score)
            }
            z.removeRanks(rank..<(rank + 1))
            e.value = .zset(z)
        }
        notifyKeyspaceEvent(.zset, min ? "zpopmin" : "zpopmax", key, dbIndex: db.id)
        if z.count == 0 {
            db.deleteKey(key)
            notifyKeyspaceEvent(.generic, "del", key, dbIndex: db.id)
        } else {
            signalModifiedKey(key, dbIndex: db.id)
        }
        dirty += Int64(n)
    }
}
