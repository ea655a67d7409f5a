// Value: what a key holds. One case per Redis type; each case carries the type's
// own structure, which picks its encoding (see the per-type files). Strings are
// stored inline in the enum (RStr), so a string key costs no object beyond its
// keyspace entry; sets, hashes and sorted sets are one-word structs whose small
// encoding is a bare malloc block (docs/small-values.md).
//
// Ownership: a Value is owned by exactly one holder (a keyspace entry, an undo-log record,
// a command's temporary). The holder stores it back after each mutation (a small
// encoding's block may move) and calls `free()` once when it drops it; moving it to
// another holder (RENAME, MOVE, an undo record) transfers that duty, `deepCopy()` makes
// a value with its own storage. Copies of the enum share storage: only the owner's is used
// after a change.

public enum Value {
    case string(RStr)
    case list(ListValue)
    case set(SetValue)
    case hash(HashValue)
    case zset(ZSetValue)

    /// TYPE's answer.
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .list: return "list"
        case .set: return "set"
        case .hash: return "hash"
        case .zset: return "zset"
        }
    }

    /// Frees the small encodings' blocks; the rest is released with the last copy. Called
    /// once by the owner as it drops the value; neither it nor any copy is used afterwards.
    @inlinable public func free() {
        switch self {
        case .string, .list: break
        case .set(let s): s.free()
        case .hash(let h): h.free()
        case .zset(let z): z.free()
        }
    }

    /// The address of the value's mutable storage (nil for inline and integer strings):
    /// equal for copies of one value, different for distinct live values.
    public var storageIdentity: UInt? {
        switch self {
        case .string(let s):
            if case .heap(let h) = s { return UInt(bitPattern: Unmanaged.passUnretained(h).toOpaque()) }
            return nil
        case .list(let l): return UInt(bitPattern: Unmanaged.passUnretained(l).toOpaque())
        case .set(let s): return s.identity
        case .hash(let h): return h.identity
        case .zset(let z): return z.identity
        }
    }

    /// OBJECT ENCODING's answer.
    public var encodingName: String {
        switch self {
        case .string(let s): return s.encodingName
        case .list(let l): return l.encodingName
        case .set(let s): return s.encodingName
        case .hash(let h): return h.encodingName
        case .zset(let z): return z.encodingName
        }
    }
}

extension DictEntry where V == Value {
    /// Runs `body` on the hash the entry holds (the caller checked the type) and stores it
    /// back: a change may move the listpack block. `body` must not touch the entry (it holds
    /// a placeholder meanwhile, so the hash is not shared) nor remove the key.
    @inlinable @discardableResult public func withHash<R>(_ body: (inout HashValue) throws -> R) rethrows -> R {
        try Value.modifyHash(&value, body)
    }

    /// `withHash` for a set (an intset block may move).
    @inlinable @discardableResult public func withSet<R>(_ body: (inout SetValue) throws -> R) rethrows -> R {
        try Value.modifySet(&value, body)
    }

    /// `withHash` for a sorted set (a listpack block may move).
    @inlinable @discardableResult public func withZSet<R>(_ body: (inout ZSetValue) throws -> R) rethrows -> R {
        try Value.modifyZSet(&value, body)
    }
}

extension Value {
    // The payload is taken out (an empty string left in its place) and put back, so that
    // the entry and `body` do not both hold it: no extra reference counting on a table.
    @inlinable static func modifyHash<R>(_ v: inout Value, _ body: (inout HashValue) throws -> R) rethrows -> R {
        guard case .hash(var h) = v else { preconditionFailure("not a hash") }
        v = .string(.small(0, 0))
        defer { v = .hash(h) }
        return try body(&h)
    }

    @inlinable static func modifySet<R>(_ v: inout Value, _ body: (inout SetValue) throws -> R) rethrows -> R {
        guard case .set(var s) = v else { preconditionFailure("not a set") }
        v = .string(.small(0, 0))
        defer { v = .set(s) }
        return try body(&s)
    }

    @inlinable static func modifyZSet<R>(_ v: inout Value, _ body: (inout ZSetValue) throws -> R) rethrows -> R {
        guard case .zset(var z) = v else { preconditionFailure("not a sorted set") }
        v = .string(.small(0, 0))
        defer { v = .zset(z) }
        return try body(&z)
    }
}
