// Value: what a key holds. One case per Redis type; each case carries the type's
// own structure, which picks its encoding (see the per-type files). Strings are
// stored inline in the enum (RStr), so a string key costs no object beyond its
// keyspace entry.

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
