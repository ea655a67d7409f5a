// Self-tests of the integration-test harness (Tests/IntegrationTests/Support). They use
// Debian's redis-server on both sides of every differential run, so they pass before StructD
// implements anything and keep passing after: a failure here is a harness bug, not a server
// bug. Every wait is bounded by the harness's timeouts and by the suites' time limits.

import Foundation
import Glibc
import RESP
import Synchronization
import Testing

// MARK: - Framing (no processes)

/// A complete reply and what it is, for parameterized framing tests.
struct FrameCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// Whether RESPValueParser decodes it too (it rejects RESP3 streamed types by design).
    var decodable = true

    init(_ name: String, _ text: String, decodable: Bool = true) {
        self.name = name
        bytes = Array(text.utf8)
        self.decodable = decodable
    }

    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    var testDescription: String { name }
}

private func blob(_ type: Character, _ payload: String) -> String {
    "\(type)\(payload.utf8.count)\r\n\(payload)\r\n"
}

let frameCases: [FrameCase] = [
    FrameCase("simple", "+OK\r\n"),
    FrameCase("error", "-ERR unknown command 'FOO', with args beginning with: \r\n"),
    FrameCase("negative integer", ":-9223372036854775808\r\n"),
    FrameCase("empty bulk", "$0\r\n\r\n"),
    FrameCase("bulk with CRLF inside", blob("$", "a\r\nb\r\n")),
    FrameCase("bulk that looks like a reply", blob("$", "*2\r\n$1\r\n")),
    FrameCase("binary bulk", bytes: Array("$4\r\n".utf8) + [0, 255, 13, 10] + [13, 10]),
    FrameCase("null bulk", "$-1\r\n"),
    FrameCase("null array", "*-1\r\n"),
    FrameCase("empty array", "*0\r\n"),
    FrameCase("nested arrays", "*3\r\n*2\r\n:1\r\n*0\r\n$-1\r\n*1\r\n*1\r\n*1\r\n+deep\r\n"),
    FrameCase("array with error element", "*2\r\n-ERR inside\r\n:7\r\n"),
    FrameCase("RESP3 null", "_\r\n"),
    FrameCase("double", ",3.14159\r\n"),
    FrameCase("double inf", ",-inf\r\n"),
    FrameCase("double exponent", ",1.5e+300\r\n"),
    FrameCase("boolean true", "#t\r\n"),
    FrameCase("boolean false", "#f\r\n"),
    FrameCase("big number", "(3492890328409238509324850943850943825024385\r\n"),
    FrameCase("blob error", blob("!", "SYNTAX invalid\r\nsyntax")),
    FrameCase("verbatim", blob("=", "txt:Some string")),
    FrameCase("map", "%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n%1\r\n#t\r\n~0\r\n"),
    FrameCase("empty map", "%0\r\n"),
    FrameCase("set", "~3\r\n+a\r\n:1\r\n,2.5\r\n"),
    FrameCase("push", ">3\r\n$7\r\nmessage\r\n$7\r\nchannel\r\n" + blob("$", "hello")),
    FrameCase("attribute then value",
              "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n"),
    FrameCase("attribute inside array", "*2\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nx\r\n:2\r\n"),
    FrameCase("empty attribute", "|0\r\n+OK\r\n"),
    FrameCase("streamed string", "$?\r\n;4\r\nHell\r\n;5\r\no wor\r\n;1\r\nd\r\n;0\r\n", decodable: false),
    FrameCase("streamed array", "*?\r\n:1\r\n$?\r\n;2\r\nab\r\n;0\r\n*?\r\n.\r\n.\r\n", decodable: false),
    FrameCase("streamed map", "%?\r\n+a\r\n:1\r\n+b\r\n:2\r\n.\r\n", decodable: false),
    FrameCase("500 levels deep", String(repeating: "*1\r\n", count: 500) + ":1\r\n"),
]

@Suite("RESP framer")
struct RESPFramerTests {
    @Test(arguments: frameCases)
    func framesExactlyOneReply(_ frame: FrameCase) throws {
        let bytes = frame.bytes
        #expect(try RESPFramer.frameEnd(bytes) == bytes.count)
        // Followed by another reply: the frame still ends at the same place.
        #expect(try RESPFramer.frameEnd(bytes + Array("+NEXT\r\n".utf8)) == bytes.count)
        // Every proper prefix is incomplete, not malformed.
        for cut in 0..<bytes.count {
            #expect(try RESPFramer.frameEnd(Array(bytes[0..<cut])) == nil, "prefix of \(cut) bytes")
        }
        // Fed one byte at a time to one incremental scanner, at an offset.
        var scanner = RESPFrameScanner()
        var stream: [UInt8] = Array("junk".utf8)
        var end: Int?
        for byte in bytes {
            #expect(end == nil, "frame ended before its last byte")
            stream.append(byte)
            end = try scanner.scan(stream, from: 4)
        }
        #expect(end == stream.count)
        if frame.decodable {
            let value = try RESPValue.decode(bytes)
            _ = value.description
        }
    }

    @Test(arguments: [
        "?x\r\n", "$3\r\nabcd\r\n", ":12a\r\n", ":\r\n", "#x\r\n", "_x\r\n", "+a\rb\r\n", "+a\nb\r\n",
        "*-2\r\n", "%-1\r\n", "$-2\r\n", "!-1\r\n", "=3\r\nabc\r\n", ".\r\n", "%?\r\n+a\r\n.\r\n",
        "$?\r\n+x\r\n", "*1\r\n$x\r\n", "$99999999999999999999\r\n",
    ].map { FrameCase(RESPFramer.escape(Array($0.utf8)), $0) })
    func rejectsMalformedInput(_ frame: FrameCase) {
        #expect(throws: RESPFrameError.self) { try RESPFramer.frameEnd(frame.bytes) }
    }

    @Test func boundsNestingDepth() {
        let deep = Array((String(repeating: "*1\r\n", count: RESPFrameScanner.maxDepth + 1) + ":1\r\n").utf8)
        #expect(throws: RESPFrameError.self) { try RESPFramer.frameEnd(deep) }
    }

    @Test func splitsBackToBackFrames() throws {
        let frames = try RESPFramer.frames(Array("+OK\r\n:1\r\n*1\r\n$1\r\nx\r\n_\r\n".utf8))
        #expect(frames.map { String(decoding: $0, as: UTF8.self) } == ["+OK\r\n", ":1\r\n", "*1\r\n$1\r\nx\r\n", "_\r\n"])
        #expect(throws: RESPFrameError.self) { try RESPFramer.frames(Array("+OK\r\n:1".utf8)) }
    }

    @Test func takesAggregatesApart() throws {
        let array = try #require(try RESPFramer.aggregate(Array("*3\r\n:1\r\n*1\r\n+x\r\n$1\r\na\r\n".utf8)))
        #expect(array.type == UInt8(ascii: "*"))
        #expect(array.elements.map { String(decoding: $0, as: UTF8.self) } == [":1\r\n", "*1\r\n+x\r\n", "$1\r\na\r\n"])
        let map = try #require(try RESPFramer.aggregate(Array("|1\r\n+a\r\n+b\r\n%1\r\n+k\r\n:1\r\n".utf8)))
        #expect(map.type == UInt8(ascii: "%"))
        #expect(String(decoding: map.attribute, as: UTF8.self) == "|1\r\n+a\r\n+b\r\n")
        #expect(map.elements.count == 2)
        #expect(try RESPFramer.aggregate(Array("+OK\r\n".utf8)) == nil)
        #expect(try RESPFramer.aggregate(Array("*-1\r\n".utf8)) == nil)
    }

    @Test func escapesForDiffs() {
        #expect(RESPFramer.escape(Array("+OK\r\n".utf8)) == "\"+OK\\r\\n\"")
        #expect(RESPFramer.escape([0, 0x7f, 0xff, 34, 92]) == "\"\\x00\\x7f\\xff\\\"\\\\\"")
        #expect(RESPFramer.escape(Array(repeating: 65, count: 10), limit: 4) == "\"AAAA\" ... (6 more bytes)")
    }

    @Test func comparesUnorderedReplies() {
        func b(_ s: String) -> [UInt8] { Array(s.utf8) }
        let ab = b("*2\r\n$1\r\na\r\n$1\r\nb\r\n"), ba = b("*2\r\n$1\r\nb\r\n$1\r\na\r\n")
        #expect(!Comparison.exact.matches(expected: ab, actual: ba))
        #expect(Comparison.unordered.matches(expected: ab, actual: ba))
        #expect(!Comparison.unordered.matches(expected: ab, actual: b("*2\r\n$1\r\na\r\n$1\r\na\r\n")))
        #expect(!Comparison.unordered.matches(expected: ab, actual: b("~2\r\n$1\r\nb\r\n$1\r\na\r\n")))
        // Pairs: the same entries in another order match; a value moved to another key does not.
        let h1 = b("*4\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$1\r\n2\r\n")
        let h2 = b("*4\r\n$1\r\ng\r\n$1\r\n2\r\n$1\r\nf\r\n$1\r\n1\r\n")
        let h3 = b("*4\r\n$1\r\ng\r\n$1\r\n1\r\n$1\r\nf\r\n$1\r\n2\r\n")
        #expect(Comparison.unorderedPairs.matches(expected: h1, actual: h2))
        #expect(!Comparison.unorderedPairs.matches(expected: h1, actual: h3))
        #expect(Comparison.unordered.matches(expected: h1, actual: h3))  // as plain elements they match
        // RESP3 maps are always compared as pairs.
        let m1 = b("%2\r\n+f\r\n:1\r\n+g\r\n:2\r\n"), m2 = b("%2\r\n+g\r\n:2\r\n+f\r\n:1\r\n"), m3 = b("%2\r\n+g\r\n:1\r\n+f\r\n:2\r\n")
        #expect(Comparison.unordered.matches(expected: m1, actual: m2))
        #expect(!Comparison.unordered.matches(expected: m1, actual: m3))
        #expect(Comparison.sameType.matches(expected: b("-ERR a\r\n"), actual: b("-WRONGTYPE b\r\n")))
        #expect(Comparison.ignore.matches(expected: b(":1\r\n"), actual: b("+OK\r\n")))
        #expect(Comparison.default(for: ["smembers", "s"]) == .unordered)
        #expect(Comparison.default(for: ["HGETALL", "h"]) == .unorderedPairs)
        #expect(Comparison.default(for: ["LRANGE", "l", "0", "-1"]) == .exact)
    }

    @Test func seededSequencesReplay() {
        func make(_ seed: UInt64) -> [String] {
            Differential.randomSteps(seed: seed, count: 50) { random, _ in
                .command("SET", random.string(length: random.int(in: 1...8)), String(random.int(in: -5...5)))
            }.map(\.label)
        }
        #expect(DiffStep(["SET", "a b", "", "x\r\n"]).label == "SET \"a b\" \"\" \"x\\r\\n\"")
        #expect(make(7) == make(7))
        #expect(make(7) != make(8))
        var random = SeededRandom(seed: 1)
        for _ in 0..<1000 {
            #expect((-3...3).contains(random.int(in: -3...3)))
            #expect((0..<2).contains(random.int(in: 0..<2)))
        }
    }

    @Test func locatesTheStructdBinary() {
        #expect(FileManager.default.fileExists(atPath: ServerProcess.packageRoot + "/Package.swift"))
        if ProcessInfo.processInfo.environment["STRUCTD_BIN"] == nil {
            #expect(ServerProcess.structdBinary == ServerProcess.packageRoot + "/.build/debug/structd-server")
        }
    }
}

// MARK: - Processes

private func processExists(_ pid: pid_t) -> Bool {
    kill(pid, 0) == 0 || errno != ESRCH
}

@Suite("ServerProcess", .enabled(if: ServerProcess.redisAvailable), .timeLimit(.minutes(2)))
struct ServerProcessTests {
    @Test func startsAnswersAndStops() throws {
        let server = try ServerProcess.redis()
        #expect(server.isRunning)
        #expect(processExists(server.pid))
        #expect(server.arguments.starts(with: ["--port", String(server.port), "--bind", "127.0.0.1", "--save", ""]))
        #expect(server.waitForLog(containing: "Ready to accept connections"))
        #expect(try server.connect().roundTrip("PING") == Array("+PONG\r\n".utf8))
        #expect((server.residentKiB ?? 0) > 0)
        #expect(server.stop() == .exited(0))
        #expect(!processExists(server.pid))  // exited and reaped: no zombie left
        #expect(server.stop() == .exited(0))  // idempotent
        #expect(server.log.contains("ready to exit, bye bye"))
        #expect(throws: ConnectionError.self) { try server.connect(timeout: .seconds(1)) }
    }

    @Test func deinitStopsTheServerAndRemovesItsDirectory() throws {
        var server: ServerProcess? = try ServerProcess.redis()
        let pid = server!.pid
        let directory = server!.directory
        #expect(FileManager.default.fileExists(atPath: directory + "/server.log"))
        server = nil
        #expect(!processExists(pid))
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func reportsAServerThatExitsDuringStartUp() throws {
        let error = try #require(throws: ServerStartError.self) {
            try ServerProcess.redis(args: ["--no-such-directive", "1"])
        }
        #expect(error.description.contains("exited with code 1"))
        #expect(error.description.contains("no-such-directive"))  // the log tail is in the message
    }

    @Test func reportsAMissingBinaryAndAPortArgument() throws {
        #expect(throws: ServerStartError.self) {
            try ServerProcess.launch(name: "nothing", binary: "/nonexistent/structd-server")
        }
        #expect(throws: ServerStartError.self) { try ServerProcess.redis(args: ["--port", "6379"]) }
    }

    @Test func passesConfigFileExtraArgsAndUnixSocket() throws {
        let server = try ServerProcess.redis(args: ["--databases", "7"], config: "maxmemory 12mb\nmaxmemory-policy allkeys-lru\n",
                                             unixSocket: true)
        let connection = try server.connect()
        #expect(try connection.command("CONFIG", "GET", "maxmemory") == .array([.bulk("maxmemory"), .bulk("12582912")]))
        #expect(try connection.command("CONFIG", "GET", "databases") == .array([.bulk("databases"), .bulk("7")]))
        #expect(server.arguments.first == server.configPath)
        let unix = try server.connectUnix()
        #expect(try unix.command("PING") == .simple("PONG"))
    }

    @Test func concurrentServersGetDistinctPorts() throws {
        let servers = try (0..<4).map { _ in try ServerProcess.redis() }
        #expect(Set(servers.map(\.port)).count == 4)
        for server in servers {
            #expect(try server.connect().command("PING") == .simple("PONG"))
        }
    }

    @Test func waitsForAServerThatShutsItselfDown() throws {
        let server = try ServerProcess.redis()
        let connection = try server.connect()
        try connection.send(command: ["SHUTDOWN", "NOSAVE"])
        #expect(connection.isClosedByPeer())
        #expect(server.waitForExit(timeout: .seconds(10)) == .exited(0))
        #expect(!server.isRunning)
    }

    @Test func watchdogKillsRegisteredChildrenWhenTheTestProcessDies() throws {
        // A private watchdog stands in for the shared one; closing its socket is what the
        // kernel does when the test process dies.
        let watchdog = OrphanWatchdog()
        let orphan = try Spawn.start(path: "/bin/sleep", arguments: ["60"], watchdog: watchdog)
        let released = try Spawn.start(path: "/bin/sleep", arguments: ["60"], watchdog: watchdog)
        defer { _ = Spawn.terminate(released, signal: SIGKILL, grace: .seconds(5), watchdog: nil) }
        watchdog.unregister(released)
        let directory = try TemporaryDirectory(prefix: "structd-watchdog-test")
        #expect(FileManager.default.createFile(atPath: directory.path + "/file", contents: Data("x".utf8)))
        watchdog.registerDirectory(directory.path)
        let watchdogPID = try #require(watchdog.watchdogPID)
        #expect(processExists(watchdogPID))
        #expect(watchdog.simulateParentDeath() == .exited(0))
        #expect(Spawn.waitForExit(orphan, timeout: .seconds(10), watchdog: nil) == .signaled(SIGKILL))
        #expect(Spawn.reapIfExited(released, watchdog: nil) == nil)  // unregistered: left alone
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func childrenInheritOnlyTheStandardDescriptors() throws {
        // An open client socket here must not leak into children: a server holding a copy
        // would keep the connection open after the test closes it.
        let server = try ServerProcess.redis()
        let connection = try server.connect()
        let listing = try ProcessRunner.run("/bin/sh", ["-c", "ls /proc/$$/fd"])
        #expect(listing.lines == ["0", "1", "2"])
        #expect(try connection.command("PING") == .simple("PONG"))
    }

    @Test func runsToolsWithBoundedTime() throws {
        let echo = try ProcessRunner.run("/bin/sh", ["-c", "cat; echo err >&2; exit 3"], input: Array("in\n".utf8))
        #expect(echo.output == "in\n")
        #expect(echo.errorOutput == "err\n")
        #expect(echo.status == .exited(3))
        let slow = try #require(throws: ProcessRunner.TimedOut.self) {
            try ProcessRunner.run("/bin/sleep", ["30"], timeout: .milliseconds(300))
        }
        #expect(slow.partial.status == .signaled(SIGKILL))
    }
}

/// The one self-test that starts structd-server: it checks the harness finds and drives the
/// built binary (path from #filePath, or STRUCTD_BIN), not the server's behaviour.
@Suite("ServerProcess.structd", .enabled(if: ServerProcess.structdAvailable), .timeLimit(.minutes(1)))
struct StructdLaunchTests {
    @Test func startsTheBuiltBinary() throws {
        let server = try ServerProcess.structd()
        #expect(server.binary == ServerProcess.structdBinary)
        #expect(try server.connect().roundTrip("PING") == Array("+PONG\r\n".utf8))
        #expect(server.stop() == .exited(0))
    }
}

// MARK: - RawConnection against real Redis

/// Counters shared with a helper thread.
private final class SharedCounters: Sendable {
    let stop = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)
    let closes = Atomic<Int>(0)
    let failedCloses = Atomic<Int>(0)
}

@Suite("RawConnection", .enabled(if: ServerProcess.redisAvailable), .timeLimit(.minutes(2)))
struct RawConnectionTests {
    /// Regression: a refused connect used to close its socket in init and again in deinit.
    /// The second close hit whatever another thread had opened under the same number (a
    /// server's log file, another test's socket). Here a helper thread opens and closes its
    /// own sockets meanwhile; none of its closes may fail.
    @Test func refusedConnectsCloseTheirSocketOnce() throws {
        let port = try #require(PortAllocator.probe())  // nothing listens there
        let counters = SharedCounters()
        let churn = Thread {
            while !counters.stop.load(ordering: .relaxed) {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
                guard fd >= 0 else { continue }
                if close(fd) != 0 { counters.failedCloses.add(1, ordering: .relaxed) }
                counters.closes.add(1, ordering: .relaxed)
            }
            counters.finished.store(true, ordering: .releasing)
        }
        churn.start()
        defer {
            counters.stop.store(true, ordering: .relaxed)
            let deadline = Deadline(.seconds(5))
            while !counters.finished.load(ordering: .acquiring) && !deadline.expired { sleepBriefly(.milliseconds(1)) }
        }
        let deadline = Deadline(.seconds(20))
        var refused = 0
        while refused < 10_000 && !deadline.expired {
            #expect(throws: ConnectionError.self) { try RawConnection(port: port, timeout: .seconds(1)) }
            refused += 1
        }
        #expect(counters.failedCloses.load(ordering: .relaxed) == 0, "of \(counters.closes.load(ordering: .relaxed)) closes")
    }

    @Test func readsPipelinedRepliesOneAtATime() throws {
        let server = try ServerProcess.redis()
        let connection = try server.connect()
        var batch: [UInt8] = []
        for i in 0..<200 { batch += RESPFramer.encode(["ECHO", "value-\(i)"]) }
        batch += RESPFramer.encode(["INCRBY", "n", "-5"])
        try connection.send(batch)
        for i in 0..<200 {
            #expect(try connection.readReplyBytes() == Array(blob("$", "value-\(i)").utf8))
        }
        #expect(try connection.readReplyBytes() == Array(":-5\r\n".utf8))
        #expect(connection.bufferedByteCount == 0)
    }

    @Test func readsLargeAndBinaryValues() throws {
        let server = try ServerProcess.redis()
        let connection = try server.connect()
        var random = SeededRandom(seed: 99)
        let value = random.bytes(3 << 20)
        try connection.send(commandBytes: [Array("SET".utf8), Array("big".utf8), value])
        #expect(try connection.readReplyBytes() == Array("+OK\r\n".utf8))
        let reply = try connection.roundTrip("GET", "big")
        #expect(reply == Array("$\(value.count)\r\n".utf8) + value + [13, 10])
        #expect(try connection.command("STRLEN", "big") == .integer(Int64(value.count)))
    }

    @Test func readsNestedLuaReplies() throws {
        let server = try ServerProcess.redis()
        let connection = try server.connect()
        let value = try connection.command("EVAL", "return {1, {2, {3, {'x', {}}}}, 'y'}", "0")
        #expect(value == .array([.integer(1), .array([.integer(2), .array([.integer(3), .array([.bulk("x"), .array([])])])]), .bulk("y")]))
    }

    /// Every reply type Redis 7.0 can emit, in RESP2 and RESP3, framed and then decoded; a PING
    /// after each shows the connection stayed in sync.
    @Test(arguments: [2, 3])
    func framesEveryDebugProtocolType(resp: Int) throws {
        let server = try ServerProcess.redis(args: ["--enable-debug-command", "yes"])
        let connection = try server.connect()
        if resp == 3 { #expect(try connection.roundTrip("HELLO", "3").first == UInt8(ascii: "%")) }
        let types = ["string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib",
                     "push", "verbatim", "true", "false"]
        var firstBytes: [String: UInt8] = [:]
        for type in types {
            try connection.send(command: ["DEBUG", "PROTOCOL", type])
            try connection.send(command: ["PING"])
            var frames: [[UInt8]] = []
            for _ in 0..<4 {
                let frame = try connection.readReplyBytes()
                frames.append(frame)
                if frame == Array("+PONG\r\n".utf8) { break }
            }
            #expect(frames.last == Array("+PONG\r\n".utf8), "\(type): \(frames.map { RESPFramer.escape($0) })")
            for frame in frames { _ = try RESPValue.decode(frame) }
            firstBytes[type] = frames.first?.first
        }
        if resp == 3 {
            let expected: [String: Character] = ["double": ",", "bignum": "(", "null": "_", "set": "~", "map": "%",
                                                 "attrib": "|", "push": ">", "verbatim": "=", "true": "#", "false": "#"]
            for (type, byte) in expected {
                #expect(firstBytes[type] == byte.asciiValue, "RESP3 \(type)")
            }
        }
    }

    @Test func detectsTheServerClosingTheConnection() throws {
        let server = try ServerProcess.redis()
        let bad = try server.connect()
        try bad.send("*1\r\n$abc\r\n")
        #expect(try bad.readReplyBytes() == Array("-ERR Protocol error: invalid bulk length\r\n".utf8))
        #expect(bad.isClosedByPeer())
        #expect(throws: ConnectionError(kind: .closedByPeer, detail: "127.0.0.1:\(server.port) closed the connection")) {
            try bad.readReplyBytes()
        }

        // The error reply is still readable after isClosedByPeer() saw the close.
        let quitting = try server.connect()
        try quitting.send(command: ["QUIT"])
        #expect(quitting.isClosedByPeer())
        #expect(try quitting.readReplyBytes() == Array("+OK\r\n".utf8))

        let alive = try server.connect()
        #expect(!alive.isClosedByPeer(timeout: .milliseconds(200)))
        #expect(try alive.command("PING") == .simple("PONG"))
    }

    @Test func timesOutOnBlockedCommands() throws {
        let server = try ServerProcess.redis()
        let blocked = try server.connect()
        try blocked.send(command: ["BLPOP", "queue", "0"])
        #expect(try blocked.expectNoReply(within: .milliseconds(200)))
        let started = ContinuousClock.now
        let error = try #require(throws: ConnectionError.self) { try blocked.readReplyBytes(timeout: .milliseconds(300)) }
        #expect(error.kind == .timeout)
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(try server.connect().command("RPUSH", "queue", "job") == .integer(1))
        #expect(try blocked.readReply() == .array([.bulk("queue"), .bulk("job")]))
    }

    @Test func readsInlineAndRawBytes() throws {
        let server = try ServerProcess.redis()
        let connection = try server.connect()
        try connection.send("PING\r\nECHO hello\r\n")
        #expect(try connection.readReplyBytes() == Array("+PONG\r\n".utf8))
        #expect(try connection.readReply() == .bulk("hello"))
        try connection.send(command: ["PING"])
        #expect(try connection.readAvailable(timeout: .milliseconds(300)) == Array("+PONG\r\n".utf8))
    }
}

// MARK: - Differential, Redis against Redis

@Suite("Differential", .enabled(if: ServerProcess.redisAvailable), .timeLimit(.minutes(3)))
struct DifferentialSelfTests {
    let redisVsRedis = Differential(subject: .redis(), oracle: .redis())

    @Test func identicalServersMatchOnAMixedScript() throws {
        var steps: [DiffStep] = [
            ["SET", "greeting", "hello world"],
            ["GET", "greeting"],
            ["APPEND", "greeting", "!"],
            ["INCR", "greeting"],
            ["LPUSH", "list", "a", "b", "c"],
            ["LRANGE", "list", "0", "-1"],
            ["HSET", "hash", "f1", "1", "f2", "2", "f3", "3"],
            ["HGETALL", "hash"],
            ["NOSUCHCOMMAND", "x"],
            ["GET"],
            .raw("PING\r\n", label: "inline PING"),
            .raw(RESPFramer.encode(["ECHO", "a"]) + RESPFramer.encode(["ECHO", "b"]), replies: 2, label: "pipelined ECHOs"),
            .command("BLPOP", "queue", "5", client: 1).expecting(replies: 0),
            .command("RPUSH", "queue", "job"),
            .read(client: 1),
            .raw("*1\r\n$x\r\n", replies: 2, label: "bad bulk length, then the close", client: 2),
            .command("PING", client: 2),
            DiffStep(["ECHO", "abc"], compare: .custom { expected, actual in expected.count == actual.count }),
        ]
        // Sets large enough for a hashtable encoding, whose order differs between processes.
        steps.append(DiffStep(["SADD", "set"] + (0..<300).map { "member-\($0)" }))
        steps.append(["SMEMBERS", "set"])
        steps.append(["SUNION", "set", "nothing"])
        try redisVsRedis.check(steps)
    }

    @Test func resp3RepliesMatch() throws {
        var differential = redisVsRedis
        differential.resp3 = true
        let report = try differential.check([
            ["HSET", "h", "a", "1", "b", "2"],
            ["HGETALL", "h"],
            ["SADD", "s", "x", "y", "z"],
            ["SMEMBERS", "s"],
            ["ZADD", "z", "1.5", "m"],
            ["ZSCORE", "z", "m"],
            ["GET", "missing"],
            ["EVAL", "redis.setresp(3); return redis.call('HGETALL', KEYS[1])", "1", "h"],
        ])
        #expect(report.resp3)
    }

    @Test func seededRandomSequencesMatch() throws {
        let keys = ["k1", "k2", "k3", "k4"]
        let report = try redisVsRedis.checkRandom(seed: 20240601, count: 400) { random, _ in
            let key = random.pick(keys)
            switch random.int(in: 0..<10) {
            case 0: return .command("SET", key, random.string(length: random.int(in: 0...12)))
            case 1: return .command("GET", key)
            case 2: return .command("INCRBY", key, String(random.int(in: -100...100)))
            case 3: return .command("SADD", key, random.string(length: 2))
            case 4: return .command("SMEMBERS", key)
            case 5: return .command("HSET", key, random.string(length: 1), random.string(length: 3))
            case 6: return .command("HGETALL", key)
            case 7: return .command("LPUSH", key, random.string(length: 4))
            case 8: return .command("LRANGE", key, "0", "-1")
            default: return .command("DEL", key)
            }
        }
        #expect(report.seed != nil)
        #expect(report.stepCount == 400)
    }

    @Test func reportsMismatchesReadably() throws {
        let differential = Differential(subject: .redis(args: ["--hash-max-listpack-entries", "0"]), oracle: .redis())
        let report = try differential.run([
            ["HSET", "h", "f", "v"],
            ["OBJECT", "ENCODING", "h"],
            ["PING"],
        ])
        #expect(report.mismatches.count == 1)
        let mismatch = try #require(report.mismatches.first)
        #expect(mismatch.stepIndex == 1)
        #expect(mismatch.expected == .reply(Array("$8\r\nlistpack\r\n".utf8)))
        #expect(mismatch.actual == .reply(Array("$9\r\nhashtable\r\n".utf8)))
        let text = report.description
        #expect(text.contains("#1 OBJECT ENCODING h"))
        #expect(text.contains("\"$8\\r\\nlistpack\\r\\n\""))
        #expect(text.contains("\"$9\\r\\nhashtable\\r\\n\""))
        #expect(text.contains("first difference at byte 1"))
    }

    @Test func reportsTimeoutsAndClosedConnections() throws {
        // Only the subject limits bulk lengths: it answers with an error and closes, while the
        // oracle waits for the rest of the bulk and times out.
        var differential = Differential(subject: .redis(args: ["--proto-max-bulk-len", "1mb"]), oracle: .redis())
        differential.replyTimeout = .seconds(1)
        let report = try differential.run([
            .raw("*1\r\n$2000000\r\n", replies: 2, label: "bulk longer than proto-max-bulk-len"),
            ["PING"],
            .command("PING", client: 1),
        ])
        #expect(report.mismatches.count == 1)
        let mismatch = try #require(report.mismatches.first)
        #expect(mismatch.expected == .timeout)
        #expect(mismatch.actual == .reply(Array("-ERR Protocol error: invalid bulk length\r\n".utf8)))
        #expect(report.description.contains("(no reply in time)"))
    }

    @Test func reportsADeadServerAsAMismatch() throws {
        let subject = try ServerProcess.redis()
        let oracle = try ServerProcess.redis()
        subject.stop()
        let report = try redisVsRedis.run([["PING"], ["PING"]], subject: subject, oracle: oracle)
        #expect(report.mismatches.count == 2)
        guard case .failed(let reason)? = report.mismatches.first?.actual else {
            Issue.record("expected a connect failure, got \(report)")
            return
        }
        #expect(reason.contains("connect failed"))
        #expect(report.mismatches.last?.actual == .closed)
    }
}

// MARK: - redis-cli

@Suite("RedisCLI", .enabled(if: ServerProcess.redisAvailable && RedisCLI.available), .timeLimit(.minutes(2)))
struct RedisCLITests {
    @Test func runsOneShotCommands() throws {
        let server = try ServerProcess.redis()
        let cli = server.cli
        #expect(try cli.command("SET", "name", "structd").output == "OK\n")
        #expect(try cli.command("GET", "name").output == "structd\n")
        let result = try cli.run(["--no-raw", "INCR", "counter"])
        #expect(result.output == "(integer) 1\n")
        #expect(result.exitCode == 0)
    }

    @Test func pipesMassInsertionAndScans() throws {
        let server = try ServerProcess.redis()
        let commands = (0..<1000).map { ["SET", "key:\($0)", "value \($0)"] }
        let piped = try server.cli.pipe(commands: commands)
        #expect(piped.exitCode == 0)
        #expect(piped.output.contains("errors: 0, replies: 1000"), "\(piped)")
        #expect(try server.connect().command("DBSIZE") == .integer(1000))
        let keys = try server.cli.scan(pattern: "key:99*")
        #expect(Set(keys) == Set(["key:99"] + (0..<10).map { "key:99\($0)" }))
    }

    @Test func reportsConnectionFailure() throws {
        let port = try #require(PortAllocator.probe())
        let result = try RedisCLI(port: port).command("PING")
        #expect(result.exitCode != 0 || result.output.contains("Could not connect"))
    }
}
