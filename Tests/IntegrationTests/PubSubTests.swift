// Pub/sub against Redis 7.0.15: SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE and their
// UNSUBSCRIBE forms, PUBLISH / SPUBLISH, PUBSUB introspection, the RESP2 subscribed-mode
// restrictions and RESP3 pushes, Redis's glob rules for patterns, and the pubsub class of
// client-output-buffer-limit.
//
// Replies and delivered messages are compared byte for byte with several connections
// interleaved (Differential, `.read(client:)` for what a subscriber receives). Seeded random
// runs keep a model of who is subscribed to what, so each PUBLISH is followed by exactly the
// reads its deliveries need. Patterns in the random runs never overlap on one channel:
// Redis delivers a channel's pattern matches in hash-table order, which is not part of the
// contract. What a reply stream cannot show — a subscriber that stops reading must be
// disconnected with memory staying bounded — is a targeted test.
//
// `MessagingSession` (bottom) runs one scripted interaction against both servers and compares
// the transcripts; the transaction, notification and tracking tests use it where steps
// depend on values only known at run time (client ids) or need pauses.

import Foundation
import Testing

@Suite("Pub/sub", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(2)))
struct PubSubTests {
    // MARK: differential

    @Test(arguments: [false, true])
    func subscriptionsAndMessagesMatchRedis(resp3: Bool) throws {
        let steps: [DiffStep] = [
            // Unsubscribing with nothing subscribed: one reply with a null name.
            .command("UNSUBSCRIBE", client: 1), .command("PUNSUBSCRIBE", client: 1), .command("SUNSUBSCRIBE", client: 1),
            .command("UNSUBSCRIBE", "a", "b", client: 1),
            .command("SUBSCRIBE", client: 1), .command("PUBLISH", "a"), .command("PUBLISH", "a", "b", "c"),
            // Duplicates are confirmed each time, counted once.
            .command("SUBSCRIBE", "news", "news", "sport", client: 1).expecting(replies: 3),
            .command("PSUBSCRIBE", "n*", "n*", client: 1).expecting(replies: 2),
            ["PUBLISH", "news", "hello"], .read(client: 1, replies: 2),
            ["PUBLISH", "nothing", "x"], .read(client: 1),
            ["PUBLISH", "sport", ""], .read(client: 1),
            ["PUBLISH", "other", "x"],
            .raw(RESPFramer.encode([Array("PUBLISH".utf8), Array("news".utf8), [0, 255, 13, 10, 7]]), label: "PUBLISH binary"),
            .read(client: 1, replies: 2),
            // A second subscriber: channel subscribers first, in subscription order.
            .command("SUBSCRIBE", "news", client: 2),
            ["PUBLISH", "news", "both"], .read(client: 1, replies: 2), .read(client: 2),
            ["PUBSUB", "NUMSUB", "news", "sport", "none"], ["PUBSUB", "NUMSUB"], ["PUBSUB", "NUMPAT"],
            DiffStep(["PUBSUB", "CHANNELS"], compare: .unordered), ["PUBSUB", "CHANNELS", "s*"],
            ["PUBSUB", "CHANNELS", "zz*"], ["PUBSUB", "CHANNELS", "a", "b"], ["PUBSUB", "SHARDCHANNELS"],
            ["PUBSUB", "SHARDCHANNELS", "a", "b"], ["PUBSUB", "SHARDNUMSUB", "x"], ["PUBSUB", "NUMPAT", "x"],
            ["PUBSUB"], ["PUBSUB", "FOO"], ["PUBSUB", "HELP"], ["PUBSUB", "help", "x"],
            // Unsubscribing named channels, including ones never subscribed.
            .command("UNSUBSCRIBE", "sport", "never", client: 1).expecting(replies: 2),
            .command("PUNSUBSCRIBE", "n*", "x*", client: 1).expecting(replies: 2),
            .command("UNSUBSCRIBE", client: 1),
            ["PUBLISH", "news", "last"], .read(client: 2),
            .command("UNSUBSCRIBE", "news", client: 2),
            ["PUBSUB", "NUMSUB", "news"], ["PUBSUB", "NUMPAT"], ["PUBSUB", "CHANNELS"],
            // Shard channels: counted on their own, no patterns.
            .command("SSUBSCRIBE", "s1", "s2", client: 3).expecting(replies: 2),
            .command("SUBSCRIBE", "c", client: 3),
            ["SPUBLISH", "s1", "m"], .read(client: 3), ["PUBLISH", "s1", "not-shard"], ["SPUBLISH", "c", "no"],
            ["PUBSUB", "SHARDNUMSUB", "s1", "s3"], DiffStep(["PUBSUB", "SHARDCHANNELS"], compare: .unordered),
            ["PUBSUB", "SHARDCHANNELS", "*2"],
            .command("SUNSUBSCRIBE", "s1", client: 3), .command("UNSUBSCRIBE", client: 3),
            .command("SUNSUBSCRIBE", client: 3), .command("SUNSUBSCRIBE", client: 3),
            .command("PING", client: 3),
            // Arity errors.
            .command("SSUBSCRIBE", client: 3), .command("PSUBSCRIBE", client: 3), ["SPUBLISH", "x"],
        ]
        try Differential(resp3: resp3).check(steps)
    }

    @Test func resp2SubscribedModeRestrictions() throws {
        try Differential().check([
            .command("SUBSCRIBE", "a", client: 1),
            .command("GET", "x", client: 1), .command("SET", "x", "1", client: 1),
            .command("CONFIG", "GET", "maxmemory", client: 1), .command("CLIENT", "ID", client: 1),
            .command("PING", client: 1), .command("PING", "hello", client: 1), .command("PING", "a", "b", client: 1),
            .command("MULTI", client: 1), .command("EXEC", client: 1), .command("NOSUCH", client: 1),
            .command("ECHO", client: 1), .command("SUBSCRIBE", "b", client: 1),
            .command("PSUBSCRIBE", "p*", client: 1),
            // Two confirmations in Redis's hash-table order.
            DiffStep(["UNSUBSCRIBE"], compare: .sameType, client: 1).expecting(replies: 2),
            .command("GET", "x", client: 1),
            .command("PUNSUBSCRIBE", client: 1), .command("GET", "x", client: 1),
            // A shard subscription alone keeps the client in subscribed mode.
            .command("SSUBSCRIBE", "s", client: 1), .command("UNSUBSCRIBE", client: 1), .command("GET", "x", client: 1),
            .command("SUNSUBSCRIBE", client: 1), .command("GET", "x", client: 1),
            // RESET leaves subscribed mode, QUIT still works.
            .command("SUBSCRIBE", "a", client: 2), .command("RESET", client: 2), .command("GET", "x", client: 2),
            ["PUBSUB", "NUMSUB", "a"],
            .command("PSUBSCRIBE", "x", client: 4), .command("QUIT", client: 4), ["PUBSUB", "NUMPAT"],
        ])
    }

    @Test func resp3PushesInterleaveWithReplies() throws {
        try Differential(resp3: true).check([
            .command("SUBSCRIBE", "a", client: 1), .command("GET", "x", client: 1), .command("PING", client: 1),
            .command("PSUBSCRIBE", "*", client: 1),
            // Publishing to itself: the messages come before the reply.
            .command("PUBLISH", "a", "self", client: 1).expecting(replies: 3),
            ["PUBLISH", "zz", "other"], .read(client: 1),
            // Pushes ignore CLIENT REPLY OFF, as in Redis 7.0.
            .command("CLIENT", "REPLY", "OFF", client: 1).expecting(replies: 0),
            ["PUBLISH", "a", "m"], .read(client: 1, replies: 2),
            .command("UNSUBSCRIBE", "a", client: 1), .command("PING", client: 1).expecting(replies: 0),
            .command("CLIENT", "REPLY", "ON", client: 1), .command("PUNSUBSCRIBE", client: 1),
            .command("UNSUBSCRIBE", client: 1),
            // Subscribing inside a transaction: the confirmation is EXEC's reply element.
            .command("MULTI", client: 2), .command("SUBSCRIBE", "t", client: 2), .command("SSUBSCRIBE", "t", client: 2),
            .command("EXEC", client: 2), ["PUBLISH", "t", "tx"], .read(client: 2),
        ])
    }

    @Test func globPatterns() throws {
        let patterns = ["h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h\\*llo", "*", "[", "a[", "\\", "x[]y", "x[z-a]y", "[!]"]
        let channels = ["hello", "hallo", "hbllo", "hllo", "heeeello", "h*llo", "[", "a[", "\\", "x]y", "xzy", "!", "HELLO"]
        // Which channel each pattern matches, as redis-server 7.0.15 answers (row per pattern).
        let matches: [[Int]] = [
            [1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
            [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
            [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
            [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        ]
        var steps: [DiffStep] = []
        for (i, p) in patterns.enumerated() { steps.append(.command("PSUBSCRIBE", p, client: i + 1)) }
        for (j, channel) in channels.enumerated() {
            steps.append(["PUBLISH", channel, "m"])
            for i in patterns.indices where matches[i][j] == 1 { steps.append(.read(client: i + 1)) }
        }
        steps.append(["PUBSUB", "NUMPAT"])
        try Differential().check(steps)
    }

    // MARK: seeded random

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomSubscriptionsMatchRedis(seed: UInt64) throws {
        let channels = ["a1", "a2", "b1", "b2", "cx", "zz"]
        let patterns = ["a*", "b?", "c[xy]"]  // never two on one channel
        func matches(_ p: String, _ c: String) -> Bool {
            switch p {
            case "a*": return c.hasPrefix("a")
            case "b?": return c.count == 2 && c.hasPrefix("b")
            default: return c == "cx" || c == "cy"
            }
        }
        var random = SeededRandom(seed: seed)
        var subs = [Set<String>](repeating: [], count: 4)
        var pats = [Set<String>](repeating: [], count: 4)
        var shard = [Set<String>](repeating: [], count: 4)
        var steps: [DiffStep] = []
        for _ in 0..<250 {
            let client = random.int(in: 1...3)
            switch random.int(in: 0..<9) {
            case 0, 1:
                let names = (0..<random.int(in: 1...3)).map { _ in random.pick(channels) }
                steps.append(DiffStep(["SUBSCRIBE"] + names, client: client).expecting(replies: names.count))
                subs[client].formUnion(names)
            case 2:
                let p = random.pick(patterns)
                steps.append(.command("PSUBSCRIBE", p, client: client))
                pats[client].insert(p)
            case 3:
                if random.int(in: 0..<3) == 0 {
                    // Several confirmations come in Redis's hash-table order.
                    let n = subs[client].count
                    steps.append(DiffStep(["UNSUBSCRIBE"], compare: n > 1 ? .sameType : .exact, client: client)
                        .expecting(replies: max(1, n)))
                    subs[client] = []
                } else {
                    let c = random.pick(channels)
                    steps.append(.command("UNSUBSCRIBE", c, client: client))
                    subs[client].remove(c)
                }
            case 4:
                let p = random.pick(patterns)
                steps.append(.command("PUNSUBSCRIBE", p, client: client))
                pats[client].remove(p)
            case 5:
                let c = random.pick(channels)
                if random.int(in: 0..<2) == 0 {
                    steps.append(.command("SSUBSCRIBE", c, client: client))
                    shard[client].insert(c)
                } else {
                    steps.append(.command("SUNSUBSCRIBE", c, client: client))
                    shard[client].remove(c)
                }
            case 6:
                steps.append(["PUBSUB", "NUMSUB", random.pick(channels), random.pick(channels)])
                steps.append(["PUBSUB", "NUMPAT"])
            default:
                let c = random.pick(channels)
                let isShard = random.int(in: 0..<4) == 0
                steps.append([isShard ? "SPUBLISH" : "PUBLISH", c, "m\(steps.count)"])
                for k in 1...3 {
                    let n = isShard ? (shard[k].contains(c) ? 1 : 0)
                        : (subs[k].contains(c) ? 1 : 0) + pats[k].filter { matches($0, c) }.count
                    if n > 0 { steps.append(.read(client: k, replies: n)) }
                }
            }
        }
        try Differential().check(steps, seed: seed)
    }

    // MARK: output buffer limit

    /// A subscriber that never reads is disconnected once its output buffer passes the
    /// pubsub hard limit, and the server's memory stays bounded while messages keep coming.
    @Test func slowSubscriberIsDisconnected() throws {
        let server = try ServerProcess.structd(args: ["--client-output-buffer-limit", "pubsub 4mb 1mb 60"])
        let publisher = try server.connect()
        let slow = try server.connect()
        try slow.send(command: ["SUBSCRIBE", "firehose"])
        _ = try slow.readReplyBytes()
        let before = try usedMemory(publisher)
        let payload = String(repeating: "x", count: 16 * 1024)
        var lastCount = 1
        // 64 MB in total, far past the limit (and past what the socket buffers hold).
        for i in 0..<4096 {
            try publisher.send(command: ["PUBLISH", "firehose", payload])
            guard case .integer(let n) = try publisher.readReply() else { Issue.record("PUBLISH reply"); return }
            lastCount = Int(n)
            if n == 0 { break }
            if i % 256 == 0 {
                let used = try usedMemory(publisher)
                #expect(used - before < 24 << 20, "used_memory grew by \(used - before) bytes")
            }
        }
        #expect(lastCount == 0, "the slow subscriber was never disconnected")
        #expect(slow.isClosedByPeer(timeout: .seconds(5)))
        #expect(server.waitForLog(containing: "scheduled to be closed ASAP for overcoming of output buffer limits"))
        let after = try usedMemory(publisher)
        #expect(after - before < 8 << 20, "memory not released: \(after - before) bytes")
        // The idle timeout does not apply to subscribers.
        _ = try publisher.command("CONFIG", "SET", "timeout", "1")
        let idle = try server.connect()
        try idle.send(command: ["SUBSCRIBE", "quiet"])
        _ = try idle.readReplyBytes()
        sleepBriefly(.milliseconds(2600))
        let late = try server.connect()  // the idle publisher itself was closed by the timeout
        try late.send(command: ["PUBLISH", "quiet", "still here"])
        #expect(try late.readReplyBytes() == Array(":1\r\n".utf8))
        #expect(try idle.readReplyBytes() == Array("*3\r\n$7\r\nmessage\r\n$5\r\nquiet\r\n$10\r\nstill here\r\n".utf8))
    }

    private func usedMemory(_ c: RawConnection) throws -> Int {
        guard case .bulk(let text) = try c.command("INFO", "memory") else { return 0 }
        for line in String(decoding: text, as: UTF8.self).split(separator: "\r\n") where line.hasPrefix("used_memory:") {
            return Int(line.dropFirst("used_memory:".count)) ?? 0
        }
        return 0
    }
}

// MARK: - paired sessions

/// One scripted interaction, run against a server; the transcript of what came back.
final class MessagingSession {
    let server: ServerProcess
    private var connections: [Int: RawConnection] = [:]
    private(set) var transcript: [String] = []

    init(server: ServerProcess) { self.server = server }

    func connection(_ i: Int) throws -> RawConnection {
        if let c = connections[i] { return c }
        let c = try server.connect()
        connections[i] = c
        return c
    }

    /// Sends a command on connection `i` and records its reply (optionally rewritten).
    @discardableResult
    func run(_ i: Int, _ args: [String], label: String? = nil, mask: (([UInt8]) -> [UInt8])? = nil) throws -> [UInt8] {
        let c = try connection(i)
        try c.send(command: args)
        let reply = try c.readReplyBytes()
        record("#\(i) \(label ?? args.joined(separator: " "))", mask?(reply) ?? reply)
        return reply
    }

    @discardableResult
    func run(_ i: Int, _ args: String...) throws -> [UInt8] { try run(i, args) }

    /// Sends without reading.
    func send(_ i: Int, _ args: String...) throws { try connection(i).send(command: args) }

    /// Reads one frame that arrived on connection `i` (a push, a message, a late reply).
    @discardableResult
    func read(_ i: Int, label: String = "read", mask: (([UInt8]) -> [UInt8])? = nil) throws -> [UInt8] {
        let reply = try connection(i).readReplyBytes()
        record("#\(i) \(label)", mask?(reply) ?? reply)
        return reply
    }

    /// Records that nothing more arrives on connection `i` within `within`.
    func expectQuiet(_ i: Int, within: Duration = .milliseconds(150)) throws {
        let quiet = try connection(i).expectNoReply(within: within)
        transcript.append("#\(i) quiet: \(quiet)")
    }

    func note(_ text: String) { transcript.append(text) }

    private func record(_ label: String, _ reply: [UInt8]) {
        transcript.append("\(label) -> \(RESPFramer.escape(reply))")
    }

    /// Runs `body` against a fresh structd-server and a fresh redis-server and expects the
    /// two transcripts to be identical.
    static func compare(args: [String] = [], _ body: (MessagingSession) throws -> Void,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        // A failure (timeout, closed connection) ends that side's transcript, so the
        // comparison shows where the two servers parted.
        let redis = MessagingSession(server: try ServerProcess.redis(args: args))
        do { try body(redis) } catch { redis.note("error: \(error)") }
        let structd = MessagingSession(server: try ServerProcess.structd(args: args))
        do { try body(structd) } catch { structd.note("error: \(error)") }
        let e = redis.transcript, a = structd.transcript
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : "<nothing>", y = i < a.count ? a[i] : "<nothing>"
            if x != y {
                let context = e[max(0, i - 2)..<min(i, e.count)].joined(separator: "\n  ")
                Issue.record("transcripts differ at step \(i), after:\n  \(context)\n  redis  : \(x)\n  structd: \(y)",
                             sourceLocation: sourceLocation)
                return
            }
        }
    }
}
