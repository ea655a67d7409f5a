// ListValue: the list type, a quicklist as in Redis 7.0 (the list half of quicklist.c and
// the object side of t_list.c). Nodes and fill rules are in Quicklist.swift.
//
// Redis 7.0 reports every list as "quicklist" (the single-listpack list encoding came in
// 7.2), so this is the only encoding. What each operation does to the nodes follows Redis,
// so that node counts (DEBUG OBJECT's ql_nodes) and memory come out alike:
//   push        into the end node when it allows the element, else into a new end node
//               (the node left behind is shrunk to its contents);
//   pop         from the end node, dropping the node when it empties;
//   index       walk nodes by their counts from the nearer end, then inside one listpack;
//   insert      (LINSERT, and LSET of a huge element) into the node when it allows it;
//               at a node's edge into the neighbour that allows it or a new node; in the
//               middle of a full node: split the node there, put the element at the edge of
//               the split-off part, then try merging the nodes around the split;
//   replace     (LSET) in place in the node, without size checks (as 7.0);
//   delete      ranges drop whole nodes or cut inside them; emptied nodes go away; deletes
//               never merge neighbours (Redis only merges after a split);
//   huge        elements of >= packedThreshold bytes get a plain node of their own.
// list-compress-depth (LZF compression of interior nodes) is accepted and recorded but not
// applied: it only trades CPU for memory and changes no reply.
//
// Element access hands out LPValue, whose bytes point into a listpack: valid until the next
// mutation of the list. Callers write them into a reply or copy them at once.

#if canImport(Glibc)
import Glibc
#endif

public final class ListValue {
    public private(set) var head: QuicklistNode?
    public private(set) unowned(unsafe) var tail: QuicklistNode?
    /// Elements in the list.
    public private(set) var count: Int = 0
    /// Nodes in the list.
    public private(set) var nodeCount: Int = 0
    /// list-max-listpack-size when the list was created (clamped to -5...32767).
    public let fill: Int
    /// list-compress-depth when the list was created (recorded, not applied).
    public let compressDepth: Int
    /// Elements of at least this many bytes get a plain node (Redis's packed_threshold).
    public let packedThreshold: Int

    public static let defaultPackedThreshold = 1 << 30

    public init(fill: Int = -2, compressDepth: Int = 0, packedThreshold: Int = ListValue.defaultPackedThreshold) {
        self.fill = QuicklistLimits.clampFill(fill)
        self.compressDepth = min(max(compressDepth, 0), 65535)
        self.packedThreshold = max(packedThreshold, 1)
    }

    deinit {
        // Release the chain one node at a time (a recursive release could overflow the stack).
        var n = head
        head = nil
        while let node = n {
            n = node.next
            node.next = nil
        }
    }

    /// OBJECT ENCODING's answer: Redis 7.0 calls every list a quicklist.
    public var encodingName: String { "quicklist" }

    public var isEmpty: Bool { count == 0 }

    // MARK: node links

    /// Links `node` after (or before) `anchor`; with no anchor the list must be empty.
    private func link(_ node: QuicklistNode, to anchor: QuicklistNode?, after: Bool) {
        if let a = anchor {
            if after {
                node.prev = a
                node.next = a.next
                if let n = a.next { n.prev = node } else { tail = node }
                a.next = node
            } else {
                node.prev = a.prev
                if let p = a.prev { p.next = node } else { head = node }
                node.next = a
                a.prev = node
            }
        } else {
            node.prev = nil
            node.next = nil
            head = node
            tail = node
        }
        nodeCount += 1
    }

    /// Removes `node` from the chain (its elements are no longer counted by the caller).
    private func unlink(_ node: QuicklistNode) {
        let next = node.next
        if let p = node.prev { p.next = next } else { head = next }
        if let n = next { n.prev = node.prev } else { tail = node.prev }
        node.next = nil
        node.prev = nil
        nodeCount -= 1
    }

    @inline(__always) private func allowsInsert(_ node: QuicklistNode?, _ sz: Int) -> Bool {
        guard let node, !node.isPlain, sz < packedThreshold else { return false }
        return !QuicklistLimits.exceeds(fill: fill, size: node.listpack.totalBytes + sz + QuicklistLimits.estimateOverhead,
                                        count: node.count + 1)
    }

    private func allowsMerge(_ a: QuicklistNode?, _ b: QuicklistNode?) -> Bool {
        guard let a, let b, !a.isPlain, !b.isPlain else { return false }
        return !QuicklistLimits.exceeds(fill: fill, size: a.listpack.totalBytes + b.listpack.totalBytes - QuicklistLimits.mergeSaving,
                                        count: a.count + b.count)
    }

    // MARK: push / pop

    /// Adds `v` at the head (LPUSH) or the tail (RPUSH).
    public func push(_ v: UnsafeRawBufferPointer, atHead: Bool) {
        count += 1
        let end = atHead ? head : tail
        if v.count >= packedThreshold {
            link(QuicklistNode(single: v, plain: true), to: end, after: !atHead)
            return
        }
        if let node = end, allowsInsert(node, v.count) {
            if atHead { node.listpack.prepend(.bytes(v)) } else { node.listpack.append(.bytes(v)) }
            return
        }
        end?.compact()
        link(QuicklistNode(single: v, plain: false), to: end, after: !atHead)
    }

    /// Adds an element read from a listpack (possibly this list's: it is copied first).
    public func push(_ v: LPValue, atHead: Bool) {
        switch v {
        case .int:
            v.withBytes { push($0, atHead: atHead) }
        case .bytes(let b):
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(b.count, 1), alignment: 1)
            defer { copy.deallocate() }
            if b.count > 0 { copy.baseAddress!.copyMemory(from: b.baseAddress!, byteCount: b.count) }
            push(UnsafeRawBufferPointer(start: copy.baseAddress, count: b.count), atHead: atHead)
        }
    }

    /// Removes the head or tail element, first giving it to `body` (whose LPValue is valid
    /// only during the call). Nil when the list is empty.
    @discardableResult
    public func pop<R>(atHead: Bool, _ body: (LPValue) -> R) -> R? {
        guard let node = atHead ? head : tail else { return nil }
        let lp = node.listpack
        let p = atHead ? lp.first! : lp.last!
        let r = body(lp.value(at: p))
        if lp.count == 1 { unlink(node) } else { lp.remove(at: p) }
        count -= 1
        return r
    }

    // MARK: positions

    /// The node holding element `index` (0-based from the head, in range) and the
    /// element's index inside it, reached by walking nodes from the nearer end.
    private func locate(_ index: Int) -> (QuicklistNode, Int) {
        if index <= (count - 1) / 2 {
            var node = head!
            var before = 0
            while before + node.count <= index {
                before += node.count
                node = node.next!
            }
            return (node, index - before)
        }
        let fromTail = count - 1 - index
        var node = tail!
        var after = 0
        while after + node.count <= fromTail {
            after += node.count
            node = node.prev!
        }
        return (node, node.count - 1 - (fromTail - after))
    }

    /// `index` counted from the head, for an index that may be negative (from the tail);
    /// nil when out of range.
    @inline(__always) private func normalize(_ index: Int) -> Int? {
        let i = index < 0 ? index &+ count : index
        return i >= 0 && i < count ? i : nil
    }

    /// Gives element `index` (negative: from the tail) to `body`; nil when out of range.
    public func withElement<R>(at index: Int, _ body: (LPValue) -> R) -> R? {
        guard let i = normalize(index) else { return nil }
        let (node, k) = locate(i)
        return body(node.listpack.value(at: node.listpack.seek(k)!))
    }

    /// LSET: replaces element `index` (negative: from the tail). False when out of range.
    public func replace(at index: Int, with v: UnsafeRawBufferPointer) -> Bool {
        guard let i = normalize(index) else { return false }
        let (node, k) = locate(i)
        if !node.isPlain && v.count < packedThreshold {
            node.listpack.replace(at: node.listpack.seek(k)!, with: .bytes(v))
        } else if node.isPlain {
            if v.count >= packedThreshold {
                node.listpack = QuicklistNode(single: v, plain: true).listpack
            } else {
                insert(v, in: node, at: 0, after: true)
                unlink(node)
                count -= 1
            }
        } else {
            // A huge element replacing one inside a packed node: it goes in its own node right
            // after the old element (splitting the node there), then the old element goes.
            // After the split the old element is the last of its node.
            insert(v, in: node, at: k, after: true)
            if node.count == 1 {
                unlink(node)
            } else {
                node.listpack.remove(at: node.listpack.seek(k)!)
            }
            count -= 1
        }
        return true
    }

    // MARK: iteration

    /// Gives `n` elements to `body`, from element `start` (in range, counted from the head)
    /// towards the tail, or towards the head when `reverse`. `body` must not modify the list.
    public func forEach(from start: Int, count n: Int, reverse: Bool = false, _ body: (LPValue) -> Void) {
        guard n > 0, start >= 0, start < count else { return }
        var (node, k) = locate(start)
        var lp = node.listpack
        var p = lp.seek(k)!
        var left = n
        while true {
            body(lp.value(at: p))
            left -= 1
            if left == 0 { return }
            if let q = reverse ? lp.previous(p) : lp.next(p) {
                p = q
            } else {
                guard let nn = reverse ? node.prev : node.next else { return }
                node = nn
                lp = nn.listpack
                p = reverse ? lp.last! : lp.first!
            }
        }
    }

    /// Like forEach, a run of entries at a time: `body` gets a listpack, the offset of the
    /// first entry to take and how many consecutive entries to take (walking forward).
    public func forEachRun(from start: Int, count n: Int, _ body: (Listpack, Int, Int) -> Void) {
        guard n > 0, start >= 0, start < count else { return }
        var (node, k) = locate(start)
        var left = n
        while true {
            let take = min(node.count - k, left)
            body(node.listpack, node.listpack.seek(k)!, take)
            left -= take
            guard left > 0, let nn = node.next else { return }
            node = nn
            k = 0
        }
    }

    /// Visits every element from the head (or the tail), stopping when `body` returns false.
    public func forEachElement(fromTail: Bool = false, _ body: (LPValue) -> Bool) {
        var node = fromTail ? tail : head
        while let nd = node {
            let lp = nd.listpack
            var p = fromTail ? lp.last : lp.first
            while let q = p {
                if !body(lp.value(at: q)) { return }
                p = fromTail ? lp.previous(q) : lp.next(q)
            }
            node = fromTail ? nd.prev : nd.next
        }
    }

    /// The elements as byte arrays (tests, tools).
    public func elements() -> [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(count)
        forEachElement { out.append($0.byteArray); return true }
        return out
    }

    // MARK: deletion

    /// Deletes `n` elements from element `start` (counted from the head) towards the tail
    /// (Redis's quicklistDelRange): whole nodes are dropped, others cut.
    public func removeRange(start: Int, count n: Int) {
        guard n > 0, start >= 0, start < count else { return }
        var left = min(n, count - start)
        let (first, k0) = locate(start)
        var node: QuicklistNode? = first
        var k = k0
        while left > 0, let nd = node {
            let next = nd.next
            let c = nd.count
            if k == 0 && left >= c {
                unlink(nd)
                count -= c
                left -= c
            } else {
                let del = min(c - k, left)
                nd.listpack.removeRange(at: nd.listpack.seek(k)!, entries: del)
                count -= del
                left -= del
                if nd.count == 0 { unlink(nd) }
            }
            node = next
            k = 0
        }
    }

    /// LREM: deletes elements equal to `element`, at most `limit` of them (0: all), scanning
    /// from the head, or from the tail when `fromTail`. Returns how many went.
    public func removeElements(equalTo element: UnsafeRawBufferPointer, limit: Int, fromTail: Bool) -> Int {
        let m = ElementMatcher(element)
        var removed = 0
        var node = fromTail ? tail : head
        while let nd = node {
            let lp = nd.listpack
            let neighbour = fromTail ? nd.prev : nd.next
            var p = fromTail ? lp.last : lp.first
            while let q = p {
                if m.matches(lp, q) {
                    if fromTail {
                        let prev = lp.previous(q)
                        lp.remove(at: q)
                        p = prev
                    } else {
                        p = lp.remove(at: q)
                    }
                    removed += 1
                    count -= 1
                    if limit > 0 && removed == limit { break }
                } else {
                    p = fromTail ? lp.previous(q) : lp.next(q)
                }
            }
            if lp.count == 0 { unlink(nd) }
            if limit > 0 && removed == limit { break }
            node = neighbour
        }
        return removed
    }

    // MARK: insertion

    /// LINSERT: inserts `v` before or after the first element equal to `pivot`, scanning from
    /// the head. False when there is no such element.
    public func insert(_ v: UnsafeRawBufferPointer, pivot: UnsafeRawBufferPointer, after: Bool) -> Bool {
        let m = ElementMatcher(pivot)
        var node = head
        while let nd = node {
            let lp = nd.listpack
            var p = lp.first
            var k = 0
            while let q = p {
                if m.matches(lp, q) {
                    insert(v, in: nd, at: k, after: after)
                    return true
                }
                p = lp.next(q)
                k += 1
            }
            node = nd.next
        }
        return false
    }

    /// Inserts `v` before or after entry `k` of `node` (Redis's _quicklistInsert).
    private func insert(_ v: UnsafeRawBufferPointer, in node: QuicklistNode, at k: Int, after: Bool) {
        let sz = v.count
        let full = !allowsInsert(node, sz)
        let atTail = after && k == node.count - 1
        let atHead = !after && k == 0
        let nextHasRoom = atTail && allowsInsert(node.next, sz)
        let prevHasRoom = atHead && allowsInsert(node.prev, sz)
        count += 1
        if sz >= packedThreshold {
            let plain = QuicklistNode(single: v, plain: true)
            if node.isPlain || atTail || atHead {
                link(plain, to: node, after: after)
            } else {
                let rest = split(node, at: k, after: after)
                link(plain, to: node, after: after)
                link(rest, to: plain, after: after)
            }
            return
        }
        if !full {
            let lp = node.listpack
            let p = lp.seek(k)!
            lp.insert(.bytes(v), before: after ? (lp.next(p) ?? lp.totalBytes - 1) : p)
        } else if atTail && nextHasRoom {
            node.next!.listpack.prepend(.bytes(v))
        } else if atHead && prevHasRoom {
            node.prev!.listpack.append(.bytes(v))
        } else if atTail || atHead {
            link(QuicklistNode(single: v, plain: false), to: node, after: after)
        } else {
            let part = split(node, at: k, after: after)
            if after { part.listpack.prepend(.bytes(v)) } else { part.listpack.append(.bytes(v)) }
            link(part, to: node, after: after)
            mergeAround(node)
        }
    }

    /// Splits `node` at entry `k`: with `after`, the node keeps entries 0...k and the returned
    /// (unlinked) node gets the rest; otherwise the node keeps k... and the new node 0..<k.
    private func split(_ node: QuicklistNode, at k: Int, after: Bool) -> QuicklistNode {
        let lp = node.listpack
        let from = after ? k + 1 : 0
        let n = after ? lp.count - k - 1 : k
        let part = Listpack(capacity: lp.totalBytes)
        if n > 0 {
            var p = lp.seek(from)!
            for i in 0..<n {
                part.append(lp.value(at: p))
                if i < n - 1 { p = lp.next(p)! }
            }
            lp.removeRange(at: lp.seek(from)!, entries: n)
        }
        node.compact()
        return QuicklistNode(listpack: part)
    }

    /// Merges the neighbours of `center` pairwise where the fill allows (Redis's
    /// _quicklistMergeNodes): prev-prev with prev, next with next-next, then center with
    /// its previous node, then the result with its next node.
    private func mergeAround(_ center: QuicklistNode) {
        let prev = center.prev
        let prevPrev = prev?.prev
        let next = center.next
        let nextNext = next?.next
        if allowsMerge(prevPrev, prev) { _ = merge(prevPrev!, prev!) }
        if allowsMerge(next, nextNext) { _ = merge(next!, nextNext!) }
        var target = center
        if allowsMerge(center.prev, center) { target = merge(center.prev!, center) }
        if allowsMerge(target, target.next) { _ = merge(target, target.next!) }
    }

    /// Joins `b` (the node right of `a`) into `a`; returns `a`.
    private func merge(_ a: QuicklistNode, _ b: QuicklistNode) -> QuicklistNode {
        let joined = Listpack(capacity: a.listpack.totalBytes + b.listpack.totalBytes - QuicklistLimits.mergeSaving)
        a.listpack.forEach { _, v in joined.append(v); return true }
        b.listpack.forEach { _, v in joined.append(v); return true }
        a.listpack = joined
        unlink(b)
        return a
    }

    // MARK: copies, loading, accounting

    /// A deep copy (COPY): same nodes, same fill, no storage shared.
    public func copy() -> ListValue {
        let c = ListValue(fill: fill, compressDepth: compressDepth, packedThreshold: packedThreshold)
        var node = head
        while let nd = node {
            c.appendNode(listpack: nd.listpack.copy(), plain: nd.isPlain)
            node = nd.next
        }
        return c
    }

    /// Appends a ready-made node (RDB/DUMP loading: one listpack per node). Empty
    /// listpacks are ignored.
    public func appendNode(listpack: Listpack, plain: Bool = false) {
        if listpack.count == 0 { return }
        count += listpack.count
        link(QuicklistNode(listpack: listpack, plain: plain), to: tail, after: true)
    }

    /// Visits the nodes from the head (RDB/DUMP writing, DEBUG OBJECT).
    public func forEachNode(_ body: (QuicklistNode) -> Void) {
        var node = head
        while let nd = node {
            body(nd)
            node = nd.next
        }
    }

    /// Sum of the nodes' sizes (DEBUG OBJECT's ql_uncompressed_size).
    public var uncompressedSize: Int {
        var total = 0
        forEachNode { total += $0.size }
        return total
    }

    /// Approximate bytes allocated for the list (objects and listpacks).
    public var allocatedBytes: Int {
        var total = 80
        forEachNode { total += 64 + $0.listpack.allocatedBytes }
        return total
    }

    /// Checks links, counts and every listpack; nil when sound.
    public func verifyInvariants() -> String? {
        var n = 0
        var elements = 0
        var prev: QuicklistNode? = nil
        var node = head
        if let h = head, h.prev != nil { return "head has a previous node" }
        while let nd = node {
            if nd.prev !== prev { return "node \(n): prev link broken" }
            if let e = nd.listpack.verifyInvariants() { return "node \(n): \(e)" }
            if nd.count == 0 { return "node \(n) is empty" }
            if nd.isPlain && nd.count != 1 { return "plain node \(n) holds \(nd.count) elements" }
            elements += nd.count
            n += 1
            prev = nd
            node = nd.next
            if n > nodeCount + 1 { return "more nodes than counted (\(nodeCount)): cycle?" }
        }
        if prev !== tail { return "tail is not the last node" }
        if n != nodeCount { return "nodeCount \(nodeCount) but \(n) nodes" }
        if elements != count { return "count \(count) but \(elements) elements" }
        return nil
    }
}

/// Compares list elements with one argument, parsing the argument once: a listpack keeps a
/// canonical integer as an integer, so an integer entry can only equal an argument that is
/// the same canonical integer, and a string entry only an argument that is not one.
struct ElementMatcher {
    let bytes: UnsafeRawBufferPointer
    let asInt: Int64?

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        asInt = parseStrictInt64(bytes)
    }

    @inline(__always) func matches(_ lp: Listpack, _ p: Int) -> Bool {
        switch lp.value(at: p) {
        case .int(let v):
            return asInt == v
        case .bytes(let b):
            if asInt != nil || b.count != bytes.count { return false }
            return b.count == 0 || memcmp(b.baseAddress!, bytes.baseAddress!, b.count) == 0
        }
    }
}
