// Value: what a key holds. One case per Redis type; each case carries the type's
// own structure, which picks its encoding (see the per-type files). Strings are
// stored inline in the enum (RStr), so a string key costs no object beyond its
// keyspace entry.

public enum Value {
    case string(RStr)

    /// TYPE's answer.
    public var typeName: String {
        switch self {
        case .string: return "string"
        }
    }

    /// OBJECT ENCODING's answer.
    public var encodingName: String {
        switch self {
        case .string(let s): return s.encodingName
        }
    }
}
