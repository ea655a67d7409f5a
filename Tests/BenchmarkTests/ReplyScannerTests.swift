// ReplyScanner: reply boundaries, error detection, resumption over split input, and
// refusal of malformed input, for every RESP2/RESP3 type the scanner knows.

import Testing
@testable import StructDBenchmark

@Suite struct ReplyScannerTests {
    /// Scans `bytes` fed in chunks of `chunk` bytes; returns each complete step.
    func scanAll(_ text: String, chunk: Int = Int.max) -> [ReplyScanner.Step] {
        let bytes = Array(text.utf8)
        var scanner = ReplyScanner()
        var steps: [ReplyScanner.Step] = []
        var start = 0
        var available = 0
        for _ in 0..<(bytes.count * 2 + 4) {
            available = min(bytes.count, available + min(chunk, bytes.count))
            while true {
                let step = bytes.withUnsafeBufferPointer {
                    scanner.next($0.baseAddress! + start, count: available - start)
                }
                if step == .needMore { break }
                steps.append(step)
                if case .reply(let n, _) = step { start += n } else if case .push(let n) = step { start += n } else { return steps }
                if start == bytes.count { return steps }
            }
            if available == bytes.count && start < bytes.count { break }
        }
        return steps
    }

    @Test func scalarReplies() {
        #expect(scanAll("+OK\r\n") == [.reply(length: 5, isError: false)])
        #expect(scanAll(":42\r\n") == [.reply(length: 5, isError: false)])
        #expect(scanAll("$3\r\nfoo\r\n") == [.reply(length: 9, isError: false)])
        #expect(scanAll("$-1\r\n") == [.reply(length: 5, isError: false)])
        #expect(scanAll("-ERR unknown\r\n") == [.reply(length: 14, isError: true)])
        #expect(scanAll("_\r\n,1.5\r\n#t\r\n(123\r\n") == [
            .reply(length: 3, isError: false), .reply(length: 6, isError: false),
            .reply(length: 4, isError: false), .reply(length: 6, isError: false),
        ])
        #expect(scanAll("!5\r\nERR x\r\n") == [.reply(length: 11, isError: true)])
        #expect(scanAll("=7\r\ntxt:abc\r\n") == [.reply(length: 13, isError: false)])
    }

    @Test func aggregatesCountTheirChildren() {
        let nested = "*3\r\n$1\r\na\r\n*2\r\n:1\r\n-ERR inner\r\n%1\r\n+k\r\n~2\r\n:1\r\n:2\r\n"
        #expect(scanAll(nested) == [.reply(length: nested.utf8.count, isError: false)])
        #expect(scanAll("*0\r\n*-1\r\n") == [.reply(length: 4, isError: false), .reply(length: 5, isError: false)])
        let attributed = "|1\r\n+ttl\r\n:3\r\n$2\r\nhi\r\n"
        #expect(scanAll(attributed) == [.reply(length: attributed.utf8.count, isError: false)])
        let push = ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n"
        #expect(scanAll(push + "+OK\r\n") == [.push(length: push.utf8.count), .reply(length: 5, isError: false)])
    }

    @Test(arguments: [1, 2, 3, 7])
    func resumesAcrossSplitReads(chunk: Int) {
        let text = "*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n-WRONGTYPE Operation\r\n:7\r\n"
        #expect(scanAll(text, chunk: chunk) == [
            .reply(length: 26, isError: false), .reply(length: 22, isError: true), .reply(length: 4, isError: false),
        ])
    }

    @Test func malformedInputIsAnErrorNotATrap() {
        #expect(scanAll("?what\r\n").first.map { if case .protocolError = $0 { true } else { false } } == true)
        #expect(scanAll("$abc\r\n").first.map { if case .protocolError = $0 { true } else { false } } == true)
        #expect(scanAll("$3\r\nfooXY").first.map { if case .protocolError = $0 { true } else { false } } == true)
        #expect(scanAll("*99999999999999999999\r\n").first.map { if case .protocolError = $0 { true } else { false } } == true)
        #expect(scanAll("+OK\rX").first.map { if case .protocolError = $0 { true } else { false } } == true)
        #expect(scanAll("$5\r\nab") == [])  // incomplete: needs more
    }
}
