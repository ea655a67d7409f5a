// SORT and SORT_RO (Redis's sort.c): sort the elements of a list, set or sorted set,
// numerically or lexicographically, by themselves or by values looked up through a pattern,
// then return them or some looked-up values, or store the result in a list.
//
//   SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]]
//            [ASC|DESC] [ALPHA] [STORE destination]
//
// The steps follow Redis 7.0 closely because each one is observable:
//   1. Options are parsed first (a syntax error wins over WRONGTYPE); SORT_RO knows no STORE.
//      A BY pattern without '*' means "don't sort" (and stays so even if another BY follows).
//   2. The key must be a list, set or sorted set (a missing key sorts as an empty list). A
//      listpack sorted set is converted to a skiplist, as Redis does for SORT.
//   3. LIMIT is clamped to the elements; with "don't sort", lists and sorted sets load only
//      the requested range, walking backwards for DESC, so DESC still reverses them. A set
//      with "don't sort" is sorted ALPHA anyway when storing (or in a script), so the
//      stored result does not depend on the set's internal order.
//   4. Weights: the element itself, or the value at the pattern with '*' replaced by the
//      element ("key_*", or "hash_*->field" for a hash field; "#" is the element). Missing
//      values weigh 0 (numeric) or sort first (ALPHA). Numeric weights are read with
//      strtod rules (leading spaces, hex, "inf" accepted; trailing bytes, NaN and out of
//      range values are "One or more scores can't be converted into double").
//   5. Order: numeric by weight, ties broken by the elements' bytes; ALPHA compares bytes
//      with C-string rules (strcoll in the C.UTF-8 locale: up to the first NUL) when
//      replying, and whole byte strings when storing, as Redis does; DESC reverses the
//      comparison (tie-breaks included). The sort is stable like glibc's qsort, which Redis
//      calls; equal ALPHA weights therefore keep the load order.
//   6. Output: each element, or each GET pattern's value (null when missing; "" when
//      storing). STORE replaces the destination with a list and replies its length, or
//      deletes the destination when the result is empty.

import DataStructures
#if canImport(Glibc)
import Glibc
#endif

/// One element being sorted (Redis's redisSortObject).
private struct SortItem {
    var element: RStr
    var score: Double = 0
    var weight: RStr? = nil
}

extension Server {
    static func sortCommands() -> [(String, CommandHandler)] {
        [
            ("sort", { s, c in s.sortGeneric(c, readOnly: false) }),
            ("sort_ro", { s, c in s.sortGeneric(c, readOnly: true) }),
        ]
    }

    func sortGeneric(_ c: Client, readOnly: Bool) {
        var desc = false, alpha = false, dontSort = false
        var limitStart: Int64 = 0, limitCount: Int64 = -1
        var storeIndex: Int? = nil
        var byIndex: Int? = nil
        var getIndexes: [Int] = []
        var j = 2
        while j < c.argc {
            let left = c.argc - j - 1
            let opt = c.arg(j)
            if optionMatches(opt, "asc") {
                desc = false
            } else if optionMatches(opt, "desc") {
                desc = true
            } else if optionMatches(opt, "alpha") {
                alpha = true
            } else if optionMatches(opt, "limit") && left >= 2 {
                guard let s = parseStrictInt64(c.arg(j + 1)), let n = parseStrictInt64(c.arg(j + 2)) else {
                    c.addErrorNotInteger()
                    return
                }
                limitStart = s
                limitCount = n
                j += 2
            } else if !readOnly && optionMatches(opt, "store") && left >= 1 {
                storeIndex = j + 1
                j += 1
            } else if optionMatches(opt, "by") && left >= 1 {
                byIndex = j + 1
                if !patternHasStar(c.arg(j + 1)) {
                    dontSort = true
                } else if config.clusterEnabled {
                    c.addError("ERR BY option of SORT denied in Cluster mode.")
                    return
                }
                j += 1
            } else if optionMatches(opt, "get") && left >= 1 {
                if config.clusterEnabled {
                    c.addError("ERR GET option of SORT denied in Cluster mode.")
                    return
                }
                getIndexes.append(j + 1)
                j += 1
            } else {
                c.addErrorSyntax()
                return
            }
            j += 1
        }

        let db = databases[c.dbIndex]
        let entry = db.lookupRead(c.arg(1))
        var value = entry?.value
        switch value {
        case nil, .list?, .set?, .zset?: break
        default:
            c.addErrorWrongType()
            return
        }
        if dontSort, case .set? = value, storeIndex != nil || c.flags.contains(.lua) {
            // A set's own order is not stable across servers: sort what gets stored.
            dontSort = false
            alpha = true
            byIndex = nil
        }
        // As Redis, the key itself moves to the big encoding (same members, same scores).
        if let e = entry, case .zset(var z)? = value, z.isListpack {
            z.convertToIndex()
            value = .zset(z)
            e.value = .zset(z)
        }

        var length = 0
        switch value {
        case .list(let l)?: length = l.count
        case .set(let s)?: length = s.count
        case .zset(let z)?: length = z.count
        default: break
        }

        // LIMIT, clamped as Redis does (start past the end gives an empty range).
        var start = Int(max(limitStart, 0))
        var end: Int
        if limitCount < 0 {
            end = length - 1
        } else {
            let (sum, overflow) = start.addingReportingOverflow(Int(limitCount) - 1)
            end = overflow ? Int.max : sum
        }
        if start >= length {
            start = length - 1
            end = length - 2
        }
        if end >= length { end = length - 1 }

        // Load the elements.
        var items: [SortItem] = []
        switch value {
        case .list(let l)?:
            if dontSort {
                if end >= start {
                    let n = end - start + 1
                    items.reserveCapacity(n)
                    l.forEach(from: desc ? l.count - start - 1 : start, count: n, reverse: desc) {
                        items.append(SortItem(element: $0.rstr))
                    }
                    end -= start
                    start = 0
                }
            } else {
                items.reserveCapacity(length)
                l.forEachElement { items.append(SortItem(element: $0.rstr)); return true }
            }
        case .set(let s)?:
            items.reserveCapacity(length)
            s.forEach { items.append(SortItem(element: $0.rstr)) }
        case .zset(let z)?:
            if dontSort {
                let n = max(end - start + 1, 0)
                items.reserveCapacity(n)
                let first = desc ? length - start - n : start
                z.forEach(ranks: first..<(first + n), reverse: desc) { m, _ in
                    items.append(SortItem(element: RStr(m)))
                }
                end -= start
                start = 0
            } else {
                items.reserveCapacity(length)
                z.forEach(ranks: 0..<length) { m, _ in items.append(SortItem(element: RStr(m))) }
            }
        default:
            break
        }

        // Weights, then the sort.
        var conversionError = false
        if !dontSort {
            for i in items.indices {
                let weight: RStr
                if let b = byIndex {
                    guard let w = lookupSortPattern(db, c.arg(b), items[i].element) else { continue }
                    weight = w
                } else {
                    weight = items[i].element
                }
                if alpha {
                    if byIndex != nil { items[i].weight = weight }
                } else if let score = sortScore(weight) {
                    items[i].score = score
                } else {
                    conversionError = true
                }
            }
            if !conversionError {
                let byPattern = byIndex != nil, storing = storeIndex != nil
                items.sort { a, b in
                    var cmp: Int
                    if !alpha {
                        if a.score > b.score {
                            cmp = 1
                        } else if a.score < b.score {
                            cmp = -1
                        } else {
                            cmp = a.element.withBytes { x in b.element.withBytes { y in compareBytes(x, y) } }
                        }
                    } else if byPattern {
                        switch (a.weight, b.weight) {
                        case (nil, nil): cmp = 0
                        case (nil, _): cmp = -1
                        case (_, nil): cmp = 1
                        case (let x?, let y?): cmp = sortCompareAlpha(x, y, binary: storing)
                        }
                    } else {
                        cmp = sortCompareAlpha(a.element, b.element, binary: storing)
                    }
                    return (desc ? -cmp : cmp) < 0
                }
            }
        }

        let count = end >= start ? end - start + 1 : 0
        let outputLength = getIndexes.isEmpty ? count : getIndexes.count * count
        if conversionError {
            c.addError("ERR One or more scores can't be converted into double")
            return
        }
        guard let storeIndex else {
            c.addArrayLen(outputLength)
            if count == 0 { return }
            for i in start...end {
                if getIndexes.isEmpty { c.addBulk(items[i].element) }
                for g in getIndexes {
                    if let v = lookupSortPattern(db, c.arg(g), items[i].element) { c.addBulk(v) } else { c.addNull() }
                }
            }
            return
        }
        let result = newList()
        if count > 0 {
            for i in start...end {
                if getIndexes.isEmpty {
                    items[i].element.withBytes { result.push($0, atHead: false) }
                }
                for g in getIndexes {
                    let v = lookupSortPattern(db, c.arg(g), items[i].element) ?? RStr.empty
                    v.withBytes { result.push($0, atHead: false) }
                }
            }
        }
        let storeKey = c.arg(storeIndex)
        if outputLength > 0 {
            db.setKey(storeKey, .list(result))
            notifyKeyspaceEvent(.list, "sortstore", storeKey, dbIndex: db.id)
            dirty += Int64(outputLength)
        } else if db.deleteKey(storeKey) {
            notifyKeyspaceEvent(.generic, "del", storeKey, dbIndex: db.id)
            dirty += 1
        }
        c.addInt(outputLength)
    }

    /// Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is
    /// replaced by the element and the key read: a string, or with "->field" after the '*'
    /// a hash field. Patterns are read as C strings where Redis uses strchr/strstr.
    private func lookupSortPattern(_ db: Database, _ pattern: UnsafeRawBufferPointer, _ element: RStr) -> RStr? {
        let n = pattern.count
        if n >= 1 && pattern[0] == UInt8(ascii: "#") && (n == 1 || pattern[1] == 0) { return element }
        let cLen = cStringLength(pattern)
        guard let star = pattern[0..<cLen].firstIndex(of: UInt8(ascii: "*")) else { return nil }
        var fieldStart: Int? = nil
        var i = star + 1
        while i + 1 < cLen {
            if pattern[i] == UInt8(ascii: "-") && pattern[i + 1] == UInt8(ascii: ">") {
                if i + 2 < cLen { fieldStart = i + 2 }
                break
            }
            i += 1
        }
        let fieldLength = fieldStart.map { n - $0 } ?? 0
        let postfixLength = n - (star + 1) - (fieldStart != nil ? fieldLength + 2 : 0)
        var key: [UInt8] = []
        key.reserveCapacity(star + element.count + postfixLength)
        key.append(contentsOf: pattern[0..<star])
        element.withBytes { key.append(contentsOf: $0) }
        key.append(contentsOf: pattern[(star + 1)..<(star + 1 + postfixLength)])
        guard let e = key.withUnsafeBytes({ db.lookupRead($0) }) else { return nil }
        if let f = fieldStart {
            guard case .hash(let h) = e.value else { return nil }
            return h.get(UnsafeRawBufferPointer(rebasing: pattern[f..<n]))?.rstr
        }
        guard case .string(let s) = e.value else { return nil }
        return s
    }

    /// Whether a BY pattern has a '*' (strchr: before any NUL).
    private func patternHasStar(_ p: UnsafeRawBufferPointer) -> Bool {
        p[0..<cStringLength(p)].contains(UInt8(ascii: "*"))
    }

    /// A numeric weight as Redis reads it: integers exactly, other text with strtod (which
    /// stops at a NUL), refusing trailing bytes, overflow, underflow and NaN.
    private func sortScore(_ s: RStr) -> Double? {
        if case .int(let v) = s { return Double(v) }
        return s.withBytes { p -> Double? in
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: p.count + 1) { buf -> Double? in
                let base = buf.baseAddress!
                if p.count > 0 { UnsafeMutableRawPointer(base).copyMemory(from: p.baseAddress!, byteCount: p.count) }
                base[p.count] = 0
                errno = 0
                var end: UnsafeMutablePointer<CChar>? = nil
                let v = strtod(base, &end)
                if let e = end, e.pointee != 0 { return nil }
                if errno == ERANGE || v.isNaN { return nil }
                return v
            }
        }
    }
}

/// ALPHA order: whole byte strings when storing (compareStringObjects), C strings otherwise
/// (strcoll, which in the C/C.UTF-8 locales is strcmp: unsigned bytes up to the first NUL).
private func sortCompareAlpha(_ a: RStr, _ b: RStr, binary: Bool) -> Int {
    a.withBytes { x in
        b.withBytes { y in
            if binary { return compareBytes(x, y) }
            let cx = UnsafeRawBufferPointer(rebasing: x[0..<cStringLength(x)])
            let cy = UnsafeRawBufferPointer(rebasing: y[0..<cStringLength(y)])
            return compareBytes(cx, cy)
        }
    }
}
