// RawConnection helpers that decode replies into the RESP module's RESPValue tree. Framing is
// still the harness's own (RESPFrameScanner); RESPValueParser only decodes a complete frame,
// so a parser bug shows up as a decode error, never as a desynchronised connection.
// Note: RESPValueParser drops RESP3 attributes (|); use readReplyBytes() to see them.

import RESP

extension RawConnection {
    /// Reads one complete reply and decodes it.
    func readReply(timeout: Duration? = nil) throws -> RESPValue {
        let frame = try readReplyBytes(timeout: timeout)
        return try RESPValue.decode(frame)
    }

    /// Sends one command and returns its decoded reply.
    @discardableResult
    func command(_ arguments: String...) throws -> RESPValue {
        try command(arguments)
    }

    @discardableResult
    func command(_ arguments: [String]) throws -> RESPValue {
        try send(command: arguments)
        return try readReply()
    }
}

extension RESPValue {
    /// Decodes exactly one complete reply frame.
    static func decode(_ frame: [UInt8]) throws -> RESPValue {
        guard let (value, consumed) = try RESPValueParser().parse(frame), consumed == frame.count else {
            throw ConnectionError(kind: .malformed, detail: "RESPValueParser did not decode the whole frame \(RESPFramer.escape(frame, limit: 512))")
        }
        return value
    }
}
