// RequestParser: multibulk and inline requests, every split point, limits and Redis's
// exact protocol error messages.
import Testing
@testable import RESP

private func feed(_ bytes: [UInt8], limits: RequestLimits = .init()) -> (ParseResult, [[UInt8]], Int) {
    let b = IOBuffer(capacity: 16)
    b.append(bytes)
    var p = RequestParser()
    let r = p.parse(b, limits: limits)
    var args: [[UInt8]] = []
    if r == .command {
        for i in 0..<p.argCount {
            args.append(Array(UnsafeBufferPointer(start: b.readPointer + p.argStarts[i], count: p.argLengths[i])))
        }
    }
    return (r, args, p.consumed)
}

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

@Suite struct RequestParserTests {
    @Test func multibulk() {
        let (r, args, used) = feed(bytes("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\nextra"))
        #expect(r == .command)
        #expect(args == [bytes("GET"), bytes("key")])
        #expect(used == 22)
    }

    @Test func everySplitPointResumes() {
        let req = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\n0123456789\r\n")
        for split in 0..<req.count {
            let b = IOBuffer(capacity: 8)
            var p = RequestParser()
            b.append(Array(req[0..<split]))
            let first = p.parse(b, limits: .init())
            #expect(first == .incomplete, "split \(split)")
            b.append(Array(req[split...]))
            #expect(p.parse(b, limits: .init()) == .command)
            #expect(p.argCount == 3)
            #expect(p.consumed == req.count)
        }
    }

    @Test func binarySafeArguments() {
        var req = bytes("*2\r\n$4\r\nECHO\r\n$6\r\n")
        req += [0, 13, 10, 255, 36, 42]
        req += bytes("\r\n")
        let (r, args, _) = feed(req)
        #expect(r == .command)
        #expect(args[1] == [0, 13, 10, 255, 36, 42])
    }

    @Test func inlineWithQuotes() {
        let (r, args, _) = feed(bytes("set \"a b\" 'c\\'d' \"\\x41\\n\"\r\n"))
        #expect(r == .command)
        #expect(args == [bytes("set"), bytes("a b"), bytes("c'd"), [65, 10]])
    }

    @Test func inlineEmptyLineIsSkipped() {
        let (r, args, used) = feed(bytes("\r\n"))
        #expect(r == .command)
        #expect(args.isEmpty)
        #expect(used == 2)
    }

    @Test func protocolErrors() {
        let cases: [(String, String)] = [
            ("*abc\r\n", "Protocol error: invalid multibulk length"),
            ("*2\r\n+foo\r\n", "Protocol error: expected '$', got '+'"),
            ("*1\r\n$-5\r\n", "Protocol error: invalid bulk length"),
            ("*1\r\n$01\r\n", "Protocol error: invalid bulk length"),
            ("*3000000000\r\n", "Protocol error: invalid multibulk length"),
            ("set \"abc\r\n", "Protocol error: unbalanced quotes in request"),
            ("set \"a\"b\r\n", "Protocol error: unbalanced quotes in request"),
        ]
        for (input, message) in cases {
            let (r, _, _) = feed(bytes(input))
            #expect(r == .protocolError(message), "\(input.debugDescription)")
        }
    }

    @Test func bulkLengthLimitCheckedBeforeData() {
        let (r, _, _) = feed(bytes("*1\r\n$1000\r\n"), limits: .init(protoMaxBulkLen: 999))
        #expect(r == .protocolError("Protocol error: invalid bulk length"))
    }

    @Test func unauthenticatedLimits() {
        let lim = RequestLimits(protoMaxBulkLen: 1 << 29, authRequired: true)
        #expect(feed(bytes("*11\r\n"), limits: lim).0 == .protocolError("Protocol error: unauthenticated multibulk length"))
        #expect(feed(bytes("*1\r\n$16385\r\n"), limits: lim).0 == .protocolError("Protocol error: unauthenticated bulk length"))
    }

    @Test func oversizedLinesWithoutNewline() {
        let big = [UInt8](repeating: 65, count: protoInlineMaxSize + 1)
        #expect(feed(big).0 == .protocolError("Protocol error: too big inline request"))
        #expect(feed([42] + big).0 == .protocolError("Protocol error: too big mbulk count string"))
        #expect(feed(bytes("*1\r\n") + big).0 == .protocolError("Protocol error: too big bulk count string"))
    }

    @Test func hugeDeclaredCountDoesNotReserve() {
        let b = IOBuffer(capacity: 16)
        b.append(bytes("*1000000\r\n$1\r\na\r\n"))
        var p = RequestParser()
        #expect(p.parse(b, limits: .init()) == .incomplete)
        #expect(p.argCount == 1)
    }

    @Test func emptyMultibulkIsSkipped() {
        let (r, args, used) = feed(bytes("*0\r\n"))
        #expect(r == .command)
        #expect(args.isEmpty)
        #expect(used == 4)
    }
}

@Suite struct ReplyWriterTests {
    @Test func resp2AndResp3Shapes() {
        let b = IOBuffer()
        b.writeNull(.resp2); b.writeNull(.resp3)
        b.writeMapHeader(2, .resp2); b.writeMapHeader(2, .resp3)
        b.writeDouble(1.5, .resp2); b.writeDouble(-Double.infinity, .resp3)
        b.writeBool(true, .resp2); b.writeBool(false, .resp3)
        b.writeInteger(Int64.min)
        #expect(String(decoding: b.readableArray(), as: UTF8.self) ==
                "$-1\r\n_\r\n*4\r\n%2\r\n$3\r\n1.5\r\n,-inf\r\n:1\r\n#f\r\n:-9223372036854775808\r\n")
    }

    @Test func doubleFormattingMatchesRedis() {
        let b = IOBuffer()
        b.writeDouble(1.1, .resp3)
        b.writeDouble(3.0, .resp3)
        b.writeDouble(1e300, .resp3)
        #expect(String(decoding: b.readableArray(), as: UTF8.self) == ",1.1000000000000001\r\n,3\r\n,1.0000000000000001e+300\r\n")
    }

    @Test func errorsNeverContainNewlines() {
        let b = IOBuffer()
        b.writeError("ERR a\r\nb")
        #expect(String(decoding: b.readableArray(), as: UTF8.self) == "-ERR a  b\r\n")
    }
}
