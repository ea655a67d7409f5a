// Quicklist: the node of a list and the rules that decide how full a node may get
// (Redis's quicklist.c, the node half; ListValue.swift is the list half).
//
// Redis 7.0 stores every list as a quicklist: a doubly linked list of nodes, each node
// one listpack (Sources/DataStructures/Listpack.swift, Redis's byte format) holding a run
// of consecutive elements. Pushing and popping touch only the end node (O(1) amortized:
// at most one listpack memmove of a bounded size); reaching an index walks whole nodes by
// their counts and only then entries inside one node.
//
// How full a node may get is the list's `fill` (list-max-listpack-size, fixed when the
// list is created, as in Redis 7.0):
//   fill < 0   a byte budget per node: -1..-5 = 4, 8, 16, 32, 64 KB (default -2 = 8 KB);
//   fill > 0   at most `fill` entries per node, and never past the 8 KB safety limit;
//   fill = 0   one entry per node.
// Whether an element of `sz` bytes may go into an existing node is judged, as Redis does,
// on an overestimate of the node's new size: node bytes + sz + 8. Two neighbours may be
// merged when their listpacks joined (minus one header and terminator, 7 bytes) would
// pass the same test. Elements of at least `packedThreshold` bytes (1 GB by default, as
// Redis's packed_threshold) live alone in a "plain" node that never takes another element
// and is never merged. Here a plain node keeps its one element in a listpack too (a
// string entry with a 32-bit length), so every node reads the same way; only the rules
// above treat it differently.
//
// Links: `next` is a strong reference and `prev` an unowned(unsafe) one, so the chain has
// one owner per node (the list owns the head, each node its successor) and no cycles.
// The list releases its nodes iteratively (ListValue.deinit): a recursive release of a
// million one-entry nodes would overflow the stack.

#if canImport(Glibc)
import Glibc
#endif

public final class QuicklistNode {
    /// The node's elements, in Redis's listpack format (RDB and DUMP write it as is).
    public internal(set) var listpack: Listpack
    /// True for a node holding one element of at least the packed threshold.
    public internal(set) var isPlain: Bool
    public internal(set) var next: QuicklistNode?
    public internal(set) unowned(unsafe) var prev: QuicklistNode?

    init(listpack: Listpack, plain: Bool = false) {
        self.listpack = listpack
        isPlain = plain
    }

    /// A node holding just `v`.
    convenience init(single v: UnsafeRawBufferPointer, plain: Bool) {
        let lp = Listpack(capacity: Listpack.headerSize + 1 + v.count + 16)
        lp.append(.bytes(v))
        self.init(listpack: lp, plain: plain)
    }

    @inline(__always) public var count: Int { listpack.count }

    /// Redis's node->sz: the listpack's bytes, or for a plain node the element's length.
    public var size: Int {
        if isPlain, let p = listpack.first {
            if case .bytes(let b) = listpack.value(at: p) { return b.count }
        }
        return listpack.totalBytes
    }

    /// Shrinks the listpack's allocation to its contents when it has more than a little
    /// spare room (a node that stopped being the one pushed into keeps nothing extra).
    func compact() {
        let spare = listpack.allocatedBytes - 48 - listpack.totalBytes
        if spare > 32 { listpack = listpack.copy() }
    }
}

/// The fill rules of a quicklist (see the top of the file).
enum QuicklistLimits {
    /// Byte budgets of fill -1 ... -5.
    static let sizeLevels: [Int] = [4096, 8192, 16384, 32768, 65536]
    /// Largest multi-element node when the limit is a count.
    static let safetyLimit = 8192
    /// Overestimate of an entry's bytes beyond its data.
    static let estimateOverhead = 8
    /// One listpack header and terminator, saved when two nodes merge.
    static let mergeSaving = 7

    /// Redis 7.0's range for a quicklist's fill.
    static func clampFill(_ fill: Int) -> Int { min(max(fill, -5), 32767) }

    /// True when a node of `size` bytes and `count` entries would be too full for `fill`.
    @inline(__always) static func exceeds(fill: Int, size: Int, count: Int) -> Bool {
        if fill < 0 { return size > sizeLevels[min(-fill - 1, sizeLevels.count - 1)] }
        if size > safetyLimit { return true }
        return count > max(fill, 1)
    }
}
