// RESPFramer: finds where one complete RESP reply ends in a byte stream, without building a
// value tree. It is the test harness's own reading of the protocol, deliberately independent
// of the server's RESP module, so a bug there cannot hide itself in the tests.
//
// Coverage: RESP2 (+ - : $ *) and RESP3 (_ , # ( ! = % ~ > |), null bulk/array (-1),
// streamed strings ($? then ;len chunks ending with ;0) and streamed aggregates (*? %? ~? >?
// ending with .). An attribute (|) is not a value of its own: it prefixes the value that
// follows, and the frame includes both.
//
// The scanner is incremental: `RESPFrameScanner` keeps its position and a stack of
// "elements still expected" between calls, so feeding a large reply in many reads costs one
// pass over the bytes, not one pass per read. Nesting is bounded (`maxDepth`).

/// Malformed input: the stream cannot be a RESP reply.
struct RESPFrameError: Error, CustomStringConvertible, Equatable {
    var offset: Int
    var reason: String
    var description: String { "malformed RESP at byte \(offset): \(reason)" }
}

/// Incremental scanner for one frame. `scan` returns the end index of the frame (exclusive)
/// once the buffer holds all of it, nil while more bytes are needed, and throws on bytes that
/// can never form a reply. After a frame is found, call `reset()` (or make a new scanner).
struct RESPFrameScanner {
    static let maxDepth = 1000

    private enum Open {
        case counted(remaining: Int, isAttribute: Bool)  // aggregate with a known element count
        case streamedAggregate(pairs: Bool, isAttribute: Bool, parity: Int)  // ends with "."
        case streamedString                                 // ";len" chunks, ";0" ends
    }

    private var start = -1      // where the current frame starts; -1 before the first scan
    private var position = 0    // next byte to look at
    private var stack: [Open] = []

    /// Scans `bytes` from `from` (the frame start; must be the same on every call until the
    /// frame completes, and `bytes` may only grow at the end between calls).
    mutating func scan(_ bytes: [UInt8], from: Int) throws -> Int? {
        if start != from {
            start = from
            position = from
            stack.removeAll(keepingCapacity: true)
        }
        while true {
            guard position < bytes.count else { return nil }
            if case .streamedString = stack.last {
                guard bytes[position] == UInt8(ascii: ";") else {
                    throw RESPFrameError(offset: position, reason: "expected ';' chunk in streamed string")
                }
                guard let (line, next) = try Self.line(bytes, position + 1) else { return nil }
                let length = try Self.integer(bytes, line, at: position)
                guard length >= 0 else { throw RESPFrameError(offset: position, reason: "negative chunk length") }
                if length == 0 {
                    position = next
                    stack.removeLast()
                    if let end = completeValue() { return end }
                    continue
                }
                guard next + length + 2 <= bytes.count else { return nil }
                try Self.expectCRLF(bytes, next + length)
                position = next + length + 2
                continue
            }

            let type = bytes[position]
            guard let (line, next) = try Self.line(bytes, position + 1) else { return nil }
            let headerOffset = position

            switch type {
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ","):
                position = next
            case UInt8(ascii: ":"), UInt8(ascii: "("):
                _ = try Self.signedDigits(bytes, line, at: headerOffset)
                position = next
            case UInt8(ascii: "_"):
                guard line.isEmpty else { throw RESPFrameError(offset: headerOffset, reason: "null with payload") }
                position = next
            case UInt8(ascii: "#"):
                guard line.count == 1, bytes[line.lowerBound] == UInt8(ascii: "t") || bytes[line.lowerBound] == UInt8(ascii: "f") else {
                    throw RESPFrameError(offset: headerOffset, reason: "boolean must be #t or #f")
                }
                position = next
            case UInt8(ascii: "."):
                // End of a streamed aggregate.
                guard line.isEmpty, case .streamedAggregate(let pairs, let isAttribute, let parity)? = stack.last else {
                    throw RESPFrameError(offset: headerOffset, reason: "unexpected '.'")
                }
                guard !pairs || parity == 0 else {
                    throw RESPFrameError(offset: headerOffset, reason: "streamed map ended after a key")
                }
                position = next
                stack.removeLast()
                if !isAttribute, let end = completeValue() { return end }
                continue
            case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
                if line.count == 1, bytes[line.lowerBound] == UInt8(ascii: "?"), type == UInt8(ascii: "$") {
                    try push(.streamedString, at: headerOffset)
                    position = next
                    continue
                }
                let length = try Self.integer(bytes, line, at: headerOffset)
                if length == -1 && type == UInt8(ascii: "$") {
                    position = next
                } else {
                    guard length >= 0 else { throw RESPFrameError(offset: headerOffset, reason: "bad length \(length)") }
                    guard next + length + 2 <= bytes.count else { return nil }
                    try Self.expectCRLF(bytes, next + length)
                    if type == UInt8(ascii: "=") {
                        guard length >= 4, bytes[next + 3] == UInt8(ascii: ":") else {
                            throw RESPFrameError(offset: headerOffset, reason: "verbatim string without 'fmt:' prefix")
                        }
                    }
                    position = next + length + 2
                }
            case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
                let pairs = type == UInt8(ascii: "%") || type == UInt8(ascii: "|")
                let isAttribute = type == UInt8(ascii: "|")
                position = next
                if line.count == 1, bytes[line.lowerBound] == UInt8(ascii: "?") {
                    try push(.streamedAggregate(pairs: pairs, isAttribute: isAttribute, parity: 0), at: headerOffset)
                    continue
                }
                let count = try Self.integer(bytes, line, at: headerOffset)
                if count == -1 && type == UInt8(ascii: "*") {
                    break  // null array: a complete value
                }
                guard count >= 0 else { throw RESPFrameError(offset: headerOffset, reason: "bad count \(count)") }
                let elements = pairs ? count * 2 : count
                if elements > 0 {
                    try push(.counted(remaining: elements, isAttribute: isAttribute), at: headerOffset)
                    continue
                }
                if isAttribute { continue }  // an empty attribute still prefixes a value
            default:
                throw RESPFrameError(offset: headerOffset, reason: "unknown type byte \(Self.describe(type))")
            }
            if let end = completeValue() { return end }
        }
    }

    mutating func reset() {
        start = -1
        stack.removeAll(keepingCapacity: true)
    }

    /// A value just ended at `position`: count it against the innermost open aggregate, close
    /// aggregates that are now full, and return the frame end when nothing is open any more.
    private mutating func completeValue() -> Int? {
        while let top = stack.last {
            switch top {
            case .counted(let remaining, let isAttribute):
                if remaining > 1 {
                    stack[stack.count - 1] = .counted(remaining: remaining - 1, isAttribute: isAttribute)
                    return nil
                }
                stack.removeLast()
                // A finished attribute is not a value: the value it prefixes comes next.
                if isAttribute { return nil }
            case .streamedAggregate(let pairs, let isAttribute, let parity):
                stack[stack.count - 1] = .streamedAggregate(pairs: pairs, isAttribute: isAttribute, parity: pairs ? 1 - parity : 0)
                return nil
            case .streamedString:
                return nil
            }
        }
        return position
    }

    private mutating func push(_ open: Open, at offset: Int) throws {
        guard stack.count < Self.maxDepth else {
            throw RESPFrameError(offset: offset, reason: "nesting deeper than \(Self.maxDepth)")
        }
        stack.append(open)
    }

    /// The line starting at `from` (without CRLF) and the index after its CRLF; nil if the CRLF
    /// has not arrived yet.
    private static func line(_ bytes: [UInt8], _ from: Int) throws -> (Range<Int>, Int)? {
        var index = from
        while index < bytes.count {
            if bytes[index] == 13 {
                guard index + 1 < bytes.count else { return nil }
                guard bytes[index + 1] == 10 else {
                    throw RESPFrameError(offset: index, reason: "CR not followed by LF")
                }
                return (from..<index, index + 2)
            }
            if bytes[index] == 10 {
                throw RESPFrameError(offset: index, reason: "LF without CR")
            }
            index += 1
        }
        return nil
    }

    private static func expectCRLF(_ bytes: [UInt8], _ at: Int) throws {
        guard bytes[at] == 13, bytes[at + 1] == 10 else {
            throw RESPFrameError(offset: at, reason: "payload not followed by CRLF")
        }
    }

    private static func signedDigits(_ bytes: [UInt8], _ line: Range<Int>, at offset: Int) throws -> Range<Int> {
        var digits = line
        if let first = digits.first, bytes[first] == UInt8(ascii: "-") || bytes[first] == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ bytes[$0] >= 48 && bytes[$0] <= 57 }) else {
            throw RESPFrameError(offset: offset, reason: "expected an integer")
        }
        return line
    }

    private static func integer(_ bytes: [UInt8], _ line: Range<Int>, at offset: Int) throws -> Int {
        _ = try signedDigits(bytes, line, at: offset)
        guard line.count <= 19, let value = Int(String(decoding: bytes[line], as: UTF8.self)) else {
            throw RESPFrameError(offset: offset, reason: "length out of range")
        }
        return value
    }

    private static func describe(_ byte: UInt8) -> String {
        (32..<127).contains(byte) ? "'\(Character(UnicodeScalar(byte)))'" : "0x\(String(byte, radix: 16))"
    }
}

enum RESPFramer {
    /// End index (exclusive) of the first complete reply in `bytes[from...]`, nil if incomplete.
    static func frameEnd(_ bytes: [UInt8], from: Int = 0) throws -> Int? {
        var scanner = RESPFrameScanner()
        return try scanner.scan(bytes, from: from)
    }

    /// Splits a buffer holding whole replies back to back into frames; throws if anything is
    /// left over or malformed.
    static func frames(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var result: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard let end = try frameEnd(bytes, from: offset) else {
                throw RESPFrameError(offset: offset, reason: "incomplete trailing reply")
            }
            result.append(Array(bytes[offset..<end]))
            offset = end
        }
        return result
    }

    /// An aggregate reply taken apart one level: its type byte, any attribute prefix and the
    /// raw bytes of each element (map entries are separate key and value elements, in order).
    struct Aggregate: Equatable {
        var type: UInt8
        var attribute: [UInt8]
        var elements: [[UInt8]]
    }

    /// Nil for non-aggregates, null arrays and streamed aggregates.
    static func aggregate(_ frame: [UInt8]) throws -> Aggregate? {
        var offset = 0
        var attribute: [UInt8] = []
        if frame.first == UInt8(ascii: "|") {
            // Skip the attribute (a map header and its entries) to reach the value it prefixes.
            guard let (pairs, headerEnd) = header(frame, 0) else { return nil }
            offset = headerEnd
            for _ in 0..<(pairs * 2) {
                guard let end = try frameEnd(frame, from: offset) else { return nil }
                offset = end
            }
            attribute = Array(frame[0..<offset])
        }
        guard offset < frame.count else { return nil }
        let type = frame[offset]
        guard [UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%")].contains(type),
              let (count, headerEnd) = header(frame, offset) else { return nil }
        var elements: [[UInt8]] = []
        var cursor = headerEnd
        for _ in 0..<(type == UInt8(ascii: "%") ? count * 2 : count) {
            guard let end = try frameEnd(frame, from: cursor) else {
                throw RESPFrameError(offset: cursor, reason: "truncated aggregate")
            }
            elements.append(Array(frame[cursor..<end]))
            cursor = end
        }
        return Aggregate(type: type, attribute: attribute, elements: elements)
    }

    /// The non-negative count in the header line at `offset` and the index after its CRLF.
    private static func header(_ frame: [UInt8], _ offset: Int) -> (Int, Int)? {
        guard let lf = frame[offset...].firstIndex(of: 10), lf >= offset + 2,
              let count = Int(String(decoding: frame[(offset + 1)..<(lf - 1)], as: UTF8.self)), count >= 0
        else { return nil }
        return (count, lf + 1)
    }

    /// Bytes as a readable, quoted string: printable ASCII as is, \r \n \t \\ \" escaped,
    /// anything else as \xHH; cut after `limit` bytes with a note of how much was left out.
    static func escape(_ bytes: some Collection<UInt8>, limit: Int = 2048) -> String {
        var out = "\""
        var shown = 0
        for byte in bytes {
            if shown == limit { break }
            shown += 1
            switch byte {
            case 13: out += "\\r"
            case 10: out += "\\n"
            case 9: out += "\\t"
            case 92: out += "\\\\"
            case 34: out += "\\\""
            case 32..<127: out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        out += "\""
        if bytes.count > shown { out += " ... (\(bytes.count - shown) more bytes)" }
        return out
    }

    /// RESP multibulk encoding of one command.
    static func encode(_ arguments: [[UInt8]]) -> [UInt8] {
        var out = Array("*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            out += Array("$\(argument.count)\r\n".utf8)
            out += argument
            out += [13, 10]
        }
        return out
    }

    static func encode(_ arguments: [String]) -> [UInt8] {
        encode(arguments.map { Array($0.utf8) })
    }
}
