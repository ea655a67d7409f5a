// ValueCopy: deep copies of values, for COPY (Redis's per-type dup functions in
// copyCommand: dupStringObject, listTypeDup, setTypeDup, ...).
//
// A copy must share nothing mutable with its source: a later in-place change to one
// key (APPEND growing a heap string, a list push...) must never show through the
// other. Inline and integer strings are plain values already; heap strings get their
// own buffer. The copy keeps the source's encoding, as Redis's dup functions do (an
// "embstr" stays "embstr", a "raw" stays "raw", an "int" stays "int").
//
// One switch over Value: when a new type arrives, the compiler points here.

extension RStr {
    /// An independent copy of the bytes, same encoding.
    public func deepCopy() -> RStr {
        switch self {
        case .small, .int:
            return self
        case .heap(let h):
            return .heap(HeapBytes(copying: h.buffer, raw: h.raw))
        }
    }
}

extension Value {
    /// A copy of the value that shares no mutable storage with `self`.
    public func deepCopy() -> Value {
        switch self {
        case .string(let s):
            return .string(s.deepCopy())
        case .list(let l):
            return .list(l.copy())
        case .set(let s):
            return .set(s.copy())
        case .hash(let h):
            return .hash(h.copy())
        case .zset(let z):
            return .zset(z.copy())
        }
    }
}
