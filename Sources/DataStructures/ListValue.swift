// ListValue: the list type, a quicklist as in Redis 7.0 (the list half of quicklist.c and
// the object side of t_list.c). Nodes, their block layout and the fill rules are in
// Quicklist.swift.
//
// Redis 7.0 reports every list as "quicklist" (the single-listpack list encoding came in
// 7.2), so this is the only encoding. What each operation does to the nodes follows Redis,
// so that node counts (DEBUG OBJECT's ql_nodes) and memory come out alike:
//   push        into the end node when it allows the element, else into a new end node
//               (the node left behind is shrunk to its contents);
//   pop         from the end node, dropping the node when it empties;
//   index       walk nodes by their counts from the nearer end, then inside one listpack;
//   insert      (LINSERT) into the node when it allows it; at a node's edge into the
//               neighbour that allows it, or a new node; in the middle of a full node:
//               split the node there, put the element at the edge of the split-off part,
//               then try merging the nodes around the split (Redis's _quicklistInsert);
//   replace     (LSET) in place in the node, without size checks (as 7.0); a huge element
//               gets a plain node after the old one (splitting its node) and the old goes;
//   delete      ranges drop whole nodes or cut inside them; emptied nodes go away; deletes
//               never merge neighbours (Redis only merges after a split);
//   huge        elements of >= packedThreshold bytes get a plain node of their own.
// list-compress-depth (LZF compression of interior nodes) is accepted and recorded (DEBUG
// OBJECT's ql_compressed) but not applied: it only trades CPU for memory. Replies do not
// change: even DEBUG OBJECT's serializedlength comes out the same, as RDB LZF-compresses
// each node's listpack when it saves anyway (the only difference is a node that one of the
// two compressors' size rules would keep and the other not).
//
// Node blocks are realloc'd to grow (by a quarter, so pushes are amortized O(1) copies) and
// shrunk to their contents when they stop being the pushed-into end or lose a quarter of
// their room; a block that moves is relinked at once (`resize`), so a node handle is only
// used until the next mutation of that node.
//
// Element access hands out LPValue, whose bytes point into a node: valid until the next
// mutation of the list. Callers write them into a reply or copy them at once.

#if canImport(Glibc)
import Glibc
#endif

public final class ListValue {
    public private(set) var head: QuicklistNode?
    public private(set) var tail: QuicklistNode?
    /// Elements in the list.
    public private(set) var count: Int = 0
    /// Nodes in the list.
    public private(set) var nodeCount: Int = 0
    // The settings fixed at creation are stored narrow (their ranges allow it) so that the
    // object is 56 bytes, a 56-byte malloc size rather than 72: it is paid once per list key.
    private let packedThreshold32: UInt32
    private let fill16: Int16
    private let compressDepth16: UInt16
    /// list-max-listpack-size when the list was created (clamped to -5...32767).
    public var fill: Int { Int(fill16) }
    /// list-compress-depth when the list was created (recorded, not applied).
    public var compressDepth: Int { Int(compressDepth16) }
    /// Elements of at least this many bytes get a plain node (Redis's packed_threshold,
    /// which Redis keeps below 4 GB).
    public var packedThreshold: Int { Int(packedThreshold32) }

    public static let defaultPackedThreshold = 1 << 30

    public init(fill: Int = -2, compressDepth: Int = 0, packedThreshold: Int = ListValue.defaultPackedThreshold) {
        fill16 = Int16(QuicklistLimits.clampFill(fill))
        compressDepth16 = UInt16(min(max(compressDepth, 0), 65535))
        packedThreshold32 = UInt32(min(max(packedThreshold, 1), Int(UInt32.max)))
    }

    deinit {
        var n = head
        while let node = n {
            n = node.next
            node.free()
        }
    }

    /// OBJECT ENCODING's answer: Redis 7.0 calls every list a quicklist.
    public var encodingName: String { "quicklist" }

    public var isEmpty: Bool { count == 0 }

    // MARK: node links and blocks

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
                node.next = a
                if let p = a.prev { p.next = node } else { head = node }
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

    /// Takes `node` out of the chain (its elements are no longer counted by the caller, who
    /// frees it).
    private func unlink(_ node: QuicklistNode) {
        let next = node.next, prev = node.prev
        if let p = prev { p.next = next } else { head = next }
        if let n = next { n.prev = prev } else { tail = prev }
        nodeCount -= 1
    }

    /// Reallocates a linked node's block for `capacity` listpack bytes; relinks it if it
    /// moved. Returns the node's handle from now on.
    private func resize(_ node: QuicklistNode, capacity: Int) -> QuicklistNode {
        let raw = realloc(node.raw, QuicklistNode.headerSize + capacity)!
        if raw == node.raw { return node }
        let n = QuicklistNode(raw: raw)
        if let p = n.prev { p.next = n } else { head = n }
        if let x = n.next { x.prev = n } else { tail = n }
        return n
    }

    /// Makes room for `extra` more bytes in a linked node (growing by a quarter at least).
    @inline(__always) private func reserve(_ node: QuicklistNode, _ extra: Int) -> QuicklistNode {
        let need = node.bytes + extra
        if need <= node.capacity { return node }
        return resize(node, capacity: need + need / 4)
    }

    /// Shrinks a linked node's block to its contents when it has spare room.
    @discardableResult
    private func compact(_ node: QuicklistNode) -> QuicklistNode {
        node.capacity > node.bytes + 48 ? resize(node, capacity: node.bytes) : node
    }

    /// After deletions: gives back the room once a quarter of the block is unused. The node
    /// may move: callers do not use `node` afterwards (the chain is relinked).
    @inline(__always) private func shrinkIfSparse(_ node: QuicklistNode) {
        let cap = node.capacity, used = node.bytes
        if cap - used > 64 && used < cap - cap / 4 { _ = resize(node, capacity: used) }
    }

    @inline(__always) private func allowsInsert(_ node: QuicklistNode?, _ sz: Int) -> Bool {
        guard let node, !node.isPlain, sz < packedThreshold else { return false }
        return !QuicklistLimits.exceeds(fill: fill, size: node.bytes + sz + QuicklistLimits.estimateOverhead,
                                        count: node.count + 1)
    }

    private func allowsMerge(_ a: QuicklistNode?, _ b: QuicklistNode?) -> Bool {
        guard let a, let b, !a.isPlain, !b.isPlain else { return false }
        return !QuicklistLimits.exceeds(fill: fill, size: a.bytes + b.bytes - QuicklistLimits.mergeSaving,
                                        count: a.count + b.count)
    }

    /// `v` as the listpack stores it: an integer when it is a canonical one.
    @inline(__always) private static func entryValue(_ v: UnsafeRawBufferPointer) -> LPValue {
        if v.count > 0 && v.count <= 20, let i = parseStrictInt64(v) { return .int(i) }
        return .bytes(v)
    }

    // MARK: push / pop

    /// Adds `v` at the head (LPUSH) or the tail (RPUSH).
    public func push(_ v: UnsafeRawBufferPointer, atHead: Bool) {
        count += 1
        let end = atHead ? head : tail
        let sz = v.count
        if sz >= packedThreshold {
            link(.single(.bytes(v), plain: true), to: end, after: !atHead)
            return
        }
        let value = ListValue.entryValue(v)
        if let node = end, allowsInsert(node, sz) {
            let enc = Listpack.encodedSize(value)
            let n = reserve(node, enc + LP.backlenSize(enc))
            LP.insert(n.lp, value, encodedSize: enc, before: atHead ? Listpack.headerSize : n.bytes - 1)
            return
        }
        var anchor = end
        if let e = end { anchor = compact(e) }
        link(.single(value, plain: false), to: anchor, after: !atHead)
    }

    /// Removes the head or tail element, first giving it to `body` (whose LPValue is valid
    /// only during the call). Nil when the list is empty.
    @discardableResult
    public func pop<R>(atHead: Bool, _ body: (LPValue) -> R) -> R? {
        guard let node = atHead ? head : tail else { return nil }
        let lp = node.lp
        let p = atHead ? Listpack.headerSize : LP.last(lp)!
        let r = body(LP.value(lp, p))
        count -= 1
        if LP.count(lp) == 1 {
            unlink(node)
            node.free()
        } else {
            LP.remove(lp, from: p, to: p + LP.entrySize(lp, p), entries: 1)
            shrinkIfSparse(node)
        }
        return r
    }

    // MARK: positions

    /// The node holding element `index` (0-based from the head, in range) and the
    /// element's index inside it, reached by walking nodes from the nearer end.
    private func locate(_ index: Int) -> (QuicklistNode, Int) {
        if index <= (count - 1) / 2 {
            var node = head!
            var before = 0
            while true {
                let c = node.count
                if before + c > index { return (node, index - before) }
                before += c
                node = node.next!
            }
        }
        let fromTail = count - 1 - index
        var node = tail!
        var after = 0
        while true {
            let c = node.count
            if after + c > fromTail { return (node, c - 1 - (fromTail - after)) }
            after += c
            node = node.prev!
        }
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
        return body(LP.value(node.lp, LP.seek(node.lp, k)))
    }

    /// LSET: replaces element `index` (negative: from the tail). False when out of range.
    public func replace(at index: Int, with v: UnsafeRawBufferPointer) -> Bool {
        guard let i = normalize(index) else { return false }
        let (node, k) = locate(i)
        let big = v.count >= packedThreshold
        if !node.isPlain && !big {
            let value = ListValue.entryValue(v)
            let enc = Listpack.encodedSize(value)
            let oldSize = LP.entrySize(node.lp, LP.seek(node.lp, k))
            let n = reserve(node, max(0, enc + LP.backlenSize(enc) - oldSize))
            LP.replace(n.lp, at: LP.seek(n.lp, k), oldSize: oldSize, with: value, encodedSize: enc)
            if enc + LP.backlenSize(enc) < oldSize { shrinkIfSparse(n) }
        } else if node.isPlain {
            if big {
                let plain = QuicklistNode.single(.bytes(v), plain: true)
                link(plain, to: node, after: true)
            } else {
                insert(v, in: node, at: 0, after: true)
                count -= 1
            }
            unlink(node)
            node.free()
        } else {
            // A huge element replacing one inside a packed node: it gets a plain node right
            // after the old element (splitting the node there unless the element is the
            // node's last), then the old element, the last of its node, goes.
            let plain = QuicklistNode.single(.bytes(v), plain: true)
            var kept = node
            if k == node.count - 1 {
                link(plain, to: node, after: true)
            } else {
                let parts = split(node, at: k, after: true, room: 0)
                kept = parts.kept
                link(plain, to: kept, after: true)
                link(parts.part, to: plain, after: true)
            }
            if kept.count == 1 {
                unlink(kept)
                kept.free()
            } else {
                let lp = kept.lp
                let p = LP.last(lp)!
                LP.remove(lp, from: p, to: p + LP.entrySize(lp, p), entries: 1)
                shrinkIfSparse(kept)
            }
        }
        return true
    }

    // MARK: iteration

    /// Gives `n` elements to `body`, from element `start` (in range, counted from the head)
    /// towards the tail, or towards the head when `reverse`. `body` must not modify the list.
    public func forEach(from start: Int, count n: Int, reverse: Bool = false, _ body: (LPValue) -> Void) {
        guard n > 0, start >= 0, start < count else { return }
        var (node, k) = locate(start)
        var lp = node.lp
        var p = LP.seek(lp, k)
        var left = n
        while true {
            body(LP.value(lp, p))
            left -= 1
            if left == 0 { return }
            if let q = reverse ? LP.previous(lp, p) : LP.next(lp, p) {
                p = q
            } else {
                guard let nn = reverse ? node.prev : node.next else { return }
                node = nn
                lp = nn.lp
                p = reverse ? LP.last(lp)! : Listpack.headerSize
            }
        }
    }

    /// Visits every element from the head (or the tail), stopping when `body` returns false.
    /// `body` must not modify the list.
    public func forEachElement(fromTail: Bool = false, _ body: (LPValue) -> Bool) {
        var node = fromTail ? tail : head
        while let nd = node {
            let lp = nd.lp
            var p = fromTail ? LP.last(lp) : LP.first(lp)
            while let q = p {
                if !body(LP.value(lp, q)) { return }
                p = fromTail ? LP.previous(lp, q) : LP.next(lp, q)
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
                nd.free()
                count -= c
                left -= c
            } else {
                let del = min(c - k, left)
                let lp = nd.lp
                let p = LP.seek(lp, k)
                LP.remove(lp, from: p, to: LP.skip(lp, from: p, entries: del), entries: del)
                count -= del
                left -= del
                shrinkIfSparse(nd)
            }
            node = next
            k = 0
        }
    }

    /// LREM: deletes elements equal to `element`, at most `limit` of them (0: all), scanning
    /// from the head, or from the tail when `fromTail`. Returns how many went.
    public func removeElements(equalTo element: UnsafeRawBufferPointer, limit: Int, fromTail: Bool) -> Int {
        let m = ListElementMatcher(element)
        var removed = 0
        var node = fromTail ? tail : head
        while let nd = node {
            let lp = nd.lp
            let neighbour = fromTail ? nd.prev : nd.next
            var removedHere = 0
            var p = fromTail ? LP.last(lp) : LP.first(lp)
            while let q = p {
                if m.matches(LP.value(lp, q)) {
                    let prev = fromTail ? LP.previous(lp, q) : nil
                    LP.remove(lp, from: q, to: q + LP.entrySize(lp, q), entries: 1)
                    p = fromTail ? prev : (lp[q] == Listpack.eof ? nil : q)
                    removed += 1
                    removedHere += 1
                    if limit > 0 && removed == limit { break }
                } else {
                    p = fromTail ? LP.previous(lp, q) : LP.next(lp, q)
                }
            }
            count -= removedHere
            if removedHere > 0 {
                if LP.count(lp) == 0 {
                    unlink(nd)
                    nd.free()
                } else {
                    shrinkIfSparse(nd)
                }
            }
            if limit > 0 && removed == limit { break }
            node = neighbour
        }
        return removed
    }

    // MARK: insertion

    /// LINSERT: inserts `v` before or after the first element equal to `pivot`, scanning from
    /// the head. False when there is no such element.
    public func insert(_ v: UnsafeRawBufferPointer, pivot: UnsafeRawBufferPointer, after: Bool) -> Bool {
        let m = ListElementMatcher(pivot)
        var node = head
        while let nd = node {
            let lp = nd.lp
            var p = LP.first(lp)
            var k = 0
            while let q = p {
                if m.matches(LP.value(lp, q)) {
                    insert(v, in: nd, at: k, after: after)
                    return true
                }
                p = LP.next(lp, q)
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
        count += 1
        if sz >= packedThreshold {
            let plain = QuicklistNode.single(.bytes(v), plain: true)
            if node.isPlain || atTail || atHead {
                link(plain, to: node, after: after)
            } else {
                let parts = split(node, at: k, after: after, room: 0)
                link(plain, to: parts.kept, after: after)
                link(parts.part, to: plain, after: after)
            }
            return
        }
        let value = ListValue.entryValue(v)
        let enc = Listpack.encodedSize(value)
        let size = enc + LP.backlenSize(enc)
        if !full {
            let n = reserve(node, size)
            let p = LP.seek(n.lp, k)
            LP.insert(n.lp, value, encodedSize: enc, before: after ? p + LP.entrySize(n.lp, p) : p)
        } else if atTail && allowsInsert(node.next, sz) {
            let n = reserve(node.next!, size)
            LP.insert(n.lp, value, encodedSize: enc, before: Listpack.headerSize)
        } else if atHead && allowsInsert(node.prev, sz) {
            let n = reserve(node.prev!, size)
            LP.insert(n.lp, value, encodedSize: enc, before: n.bytes - 1)
        } else if atTail || atHead {
            link(.single(value, plain: false), to: node, after: after)
        } else {
            let parts = split(node, at: k, after: after, room: size)
            let part = parts.part
            LP.insert(part.lp, value, encodedSize: enc, before: after ? Listpack.headerSize : part.bytes - 1)
            link(part, to: parts.kept, after: after)
            mergeAround(parts.kept)
        }
    }

    /// Splits a linked node at entry `k`: with `after`, the node keeps entries 0...k and the
    /// new (unlinked) part gets the rest; otherwise the node keeps k... and the part 0..<k.
    /// The part has `room` spare bytes. Both sides must end up non-empty.
    private func split(_ node: QuicklistNode, at k: Int, after: Bool, room: Int) -> (kept: QuicklistNode, part: QuicklistNode) {
        let lp = node.lp
        let from = after ? k + 1 : 0
        let n = after ? LP.count(lp) - k - 1 : k
        let p = LP.seek(lp, from)
        let q = LP.skip(lp, from: p, entries: n)
        let part = QuicklistNode.allocate(capacity: Listpack.headerSize + (q - p) + 1 + room)
        let plp = part.lp
        (plp + Listpack.headerSize).update(from: lp + p, count: q - p)
        plp[Listpack.headerSize + q - p] = Listpack.eof
        LP.setTotalBytes(plp, Listpack.headerSize + q - p + 1)
        LP.setCount(plp, n)
        LP.remove(lp, from: p, to: q, entries: n)
        return (compact(node), part)
    }

    /// Merges the neighbours of `center` pairwise where the fill allows (Redis's
    /// _quicklistMergeNodes): prev-prev with prev, next with next-next, then center with
    /// its previous node, then the result with its next node.
    private func mergeAround(_ center: QuicklistNode) {
        let prev = center.prev
        let prevPrev = prev?.prev
        if allowsMerge(prevPrev, prev) { _ = merge(prevPrev!, prev!) }
        let next = center.next
        let nextNext = next?.next
        if allowsMerge(next, nextNext) { _ = merge(next!, nextNext!) }
        var target = center
        if allowsMerge(center.prev, center) { target = merge(center.prev!, center) }
        if allowsMerge(target, target.next) { _ = merge(target, target.next!) }
    }

    /// Appends the entries of `b` (the node right of `a`) to `a` and drops `b`; returns
    /// `a`'s handle.
    private func merge(_ a: QuicklistNode, _ b: QuicklistNode) -> QuicklistNode {
        let bEntries = b.bytes - Listpack.headerSize - 1
        let aBytes = a.bytes
        let joined = resize(a, capacity: aBytes + bEntries)
        let lp = joined.lp
        (lp + aBytes - 1).update(from: b.lp + Listpack.headerSize, count: bEntries)
        lp[aBytes - 1 + bEntries] = Listpack.eof
        LP.setTotalBytes(lp, aBytes + bEntries)
        LP.setCount(lp, LP.count(lp) + b.count)
        unlink(b)
        b.free()
        return joined
    }

    // MARK: copies, loading, accounting

    /// A deep copy (COPY): same nodes, same fill, no storage shared.
    public func copy() -> ListValue {
        let c = ListValue(fill: fill, compressDepth: compressDepth, packedThreshold: packedThreshold)
        var node = head
        while let nd = node {
            c.appendNode(listpack: nd.listpackBytes, plain: nd.isPlain)
            node = nd.next
        }
        return c
    }

    /// Appends a node holding a copy of `listpack`, which must be a well-formed listpack
    /// (RDB/DUMP loading validates it first). Empty listpacks are ignored.
    public func appendNode(listpack: UnsafeRawBufferPointer, plain: Bool = false) {
        let n = Int(listpack.loadUnaligned(fromByteOffset: 4, as: UInt16.self).littleEndian)
        if n == 0 { return }
        let node = QuicklistNode.allocate(capacity: listpack.count)
        UnsafeMutableRawPointer(node.lp).copyMemory(from: listpack.baseAddress!, byteCount: listpack.count)
        node.isPlain = plain
        count += node.count
        link(node, to: tail, after: true)
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

    /// Bytes allocated for the list (this object and the node blocks).
    public var allocatedBytes: Int {
        var total = 56
        forEachNode { total += $0.allocatedBytes }
        return total
    }

    /// Checks links, counts and every node's listpack; nil when sound.
    public func verifyInvariants() -> String? {
        var n = 0
        var elements = 0
        var prev: QuicklistNode? = nil
        var node = head
        while let nd = node {
            if nd.prev != prev { return "node \(n): prev link broken" }
            if nd.bytes > nd.capacity { return "node \(n): listpack beyond its block" }
            guard let lp = Listpack(validating: nd.listpackBytes) else { return "node \(n): malformed listpack" }
            if lp.count != nd.count { return "node \(n): header count \(nd.count) but \(lp.count) entries" }
            if nd.count == 0 { return "node \(n) is empty" }
            if nd.isPlain && nd.count != 1 { return "plain node \(n) holds \(nd.count) elements" }
            elements += nd.count
            n += 1
            prev = nd
            node = nd.next
            if n > nodeCount + 1 { return "more nodes than counted (\(nodeCount)): cycle?" }
        }
        if prev != tail { return "tail is not the last node" }
        if n != nodeCount { return "nodeCount \(nodeCount) but \(n) nodes" }
        if elements != count { return "count \(count) but \(elements) elements" }
        return nil
    }
}

/// Compares list elements with one argument (LREM, LINSERT, LPOS), parsing the argument
/// once: a listpack keeps a canonical integer as an integer, so an integer entry can only
/// equal an argument that is the same canonical integer, and a string entry only an
/// argument that is not one.
public struct ListElementMatcher {
    public let bytes: UnsafeRawBufferPointer
    public let asInt: Int64?

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        asInt = parseStrictInt64(bytes)
    }

    @inline(__always) public func matches(_ v: LPValue) -> Bool {
        switch v {
        case .int(let i):
            return asInt == i
        case .bytes(let b):
            if asInt != nil || b.count != bytes.count { return false }
            return b.count == 0 || memcmp(b.baseAddress!, bytes.baseAddress!, b.count) == 0
        }
    }
}
