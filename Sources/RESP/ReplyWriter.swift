// Reply encoding, written straight into an output IOBuffer.
//
// This is the only place that knows the difference between RESP2 and RESP3
// (Redis's addReply* family): a command handler asks for "a map of n pairs" or
// "a null" and the writer emits `%n`/`*2n` or `_`/`$-1` according to the
// connection's protocol. Handlers never switch on the protocol themselves.

#if canImport(Glibc)
import Glibc
#endif

public enum RESPVersion: Int, Sendable { case resp2 = 2, resp3 = 3 }

extension IOBuffer {
    @inlinable func writeHeader(_ prefix: UInt8, _ n: Int) {
        reserve(24)
        base[writeIndex] = prefix
        writeIndex &+= 1
        writeIndex &+= formatDecimal(Int64(n), into: base + writeIndex)
        base[writeIndex] = 13
        base[writeIndex &+ 1] = 10
        writeIndex &+= 2
    }

    @inlinable public func writeCRLF() {
        reserve(2)
        base[writeIndex] = 13
        base[writeIndex &+ 1] = 10
        writeIndex &+= 2
    }

    /// `+OK\r\n`-style status; `s` must contain no CR/LF.
    @inlinable public func writeSimple(_ s: StaticString) {
        append(UInt8(ascii: "+")); append(s); writeCRLF()
    }

    public func writeSimple(bytes: UnsafeRawBufferPointer) {
        append(UInt8(ascii: "+")); append(bytes); writeCRLF()
    }

    /// An error line. Redis turns CR/LF inside error text into spaces; so do we.
    public func writeError(_ message: String) {
        append(UInt8(ascii: "-"))
        var m = message
        m.withUTF8 { u in
            reserve(u.count)
            for c in u { append(c == 13 || c == 10 ? 32 : c) }
        }
        writeCRLF()
    }

    @inlinable public func writeError(_ s: StaticString) {
        append(UInt8(ascii: "-")); append(s); writeCRLF()
    }

    @inlinable public func writeInteger(_ v: Int64) {
        reserve(24)
        base[writeIndex] = UInt8(ascii: ":")
        writeIndex &+= 1
        writeIndex &+= formatDecimal(v, into: base + writeIndex)
        base[writeIndex] = 13
        base[writeIndex &+ 1] = 10
        writeIndex &+= 2
    }

    @inlinable public func writeInteger(_ v: Int) { writeInteger(Int64(v)) }

    @inlinable public func writeBulk(_ p: UnsafeRawBufferPointer) {
        writeHeader(UInt8(ascii: "$"), p.count)
        append(p)
        writeCRLF()
    }

    public func writeBulk(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeBulk($0) }
    }

    public func writeBulk(string s: String) {
        var s = s
        s.withUTF8 { writeBulk(UnsafeRawBufferPointer($0)) }
    }

    @inlinable public func writeBulk(_ s: StaticString) {
        writeBulk(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// A bulk string holding the decimal form of `v` (RESP2 replies such as INCRBYFLOAT).
    public func writeBulkDecimal(_ v: Int64) {
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &tmp) { s in
            let n = formatDecimal(v, into: s.baseAddress!.assumingMemoryBound(to: UInt8.self))
            writeBulk(UnsafeRawBufferPointer(start: s.baseAddress, count: n))
        }
    }

    /// The null bulk string: `$-1` in RESP2, `_` in RESP3.
    @inlinable public func writeNull(_ v: RESPVersion) {
        if v == .resp3 { append("_\r\n") } else { append("$-1\r\n") }
    }

    /// The null array: `*-1` in RESP2, `_` in RESP3.
    @inlinable public func writeNullArray(_ v: RESPVersion) {
        if v == .resp3 { append("_\r\n") } else { append("*-1\r\n") }
    }

    @inlinable public func writeArrayHeader(_ n: Int) { writeHeader(UInt8(ascii: "*"), n) }

    /// A map of `n` pairs: `%n` in RESP3, a flat array of 2n in RESP2.
    @inlinable public func writeMapHeader(_ n: Int, _ v: RESPVersion) {
        if v == .resp3 { writeHeader(UInt8(ascii: "%"), n) } else { writeHeader(UInt8(ascii: "*"), n * 2) }
    }

    @inlinable public func writeSetHeader(_ n: Int, _ v: RESPVersion) {
        writeHeader(v == .resp3 ? UInt8(ascii: "~") : UInt8(ascii: "*"), n)
    }

    @inlinable public func writePushHeader(_ n: Int, _ v: RESPVersion) {
        writeHeader(v == .resp3 ? UInt8(ascii: ">") : UInt8(ascii: "*"), n)
    }

    public func writeBool(_ b: Bool, _ v: RESPVersion) {
        if v == .resp3 { append(b ? "#t\r\n" : "#f\r\n") } else { append(b ? ":1\r\n" : ":0\r\n") }
    }

    /// A double the way Redis 7.0's addReplyDouble writes it: "%.17g" (inf/-inf spelled out),
    /// as `,` in RESP3 and as a bulk string in RESP2.
    public func writeDouble(_ d: Double, _ v: RESPVersion) {
        var tmp: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tmp) { s in
            let n = formatDouble17g(d, into: s.baseAddress!.assumingMemoryBound(to: UInt8.self), capacity: 48)
            let bytes = UnsafeRawBufferPointer(start: s.baseAddress, count: n)
            if v == .resp3 {
                append(UInt8(ascii: ","))
                append(bytes)
                writeCRLF()
            } else {
                writeBulk(bytes)
            }
        }
    }

    /// Verbatim text (`=len\r\ntxt:...`) in RESP3, a plain bulk string in RESP2.
    public func writeVerbatim(_ text: String, format: StaticString = "txt", _ v: RESPVersion) {
        if v == .resp2 { writeBulk(string: text); return }
        var t = text
        t.withUTF8 { u in
            writeHeader(UInt8(ascii: "="), u.count + 4)
            append(format)
            append(UInt8(ascii: ":"))
            append(UnsafeRawBufferPointer(u))
            writeCRLF()
        }
    }
}

/// "%.17g" formatting with Redis's spelling of infinities ("inf", "-inf").
public func formatDouble17g(_ d: Double, into p: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
    if d.isInfinite {
        let s: StaticString = d > 0 ? "inf" : "-inf"
        UnsafeMutableRawPointer(p).copyMemory(from: s.utf8Start, byteCount: s.utf8CodeUnitCount)
        return s.utf8CodeUnitCount
    }
    return withVaList([d]) { args in
        p.withMemoryRebound(to: CChar.self, capacity: capacity) { cp in
            Int(vsnprintf(cp, capacity, "%.17g", args))
        }
    }
}

/// Formats with a printf pattern taking one double (used for Redis's %.17g/%.17Lg-style output).
public func formatDouble(_ d: Double, _ pattern: String) -> String {
    var buf = [CChar](repeating: 0, count: 64)
    let n = withVaList([d]) { args in
        buf.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress!, 64, pattern, args) }
    }
    return String(decoding: buf[0..<Int(max(0, min(n, 63)))].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
