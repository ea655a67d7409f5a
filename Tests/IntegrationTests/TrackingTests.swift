// Client-side caching against Redis 7.0.15: CLIENT TRACKING (ON/OFF, REDIRECT, BCAST,
// PREFIX, OPTIN, OPTOUT, NOLOOP), CLIENT CACHING, CLIENT GETREDIR, CLIENT TRACKINGINFO,
// and the invalidation messages: RESP3 pushes on the tracking connection, pushes to a RESP3
// redirect target, `__redis__:invalidate` messages to a RESP2 subscriber, the
// "tracking-redir-broken" notice, null invalidations on FLUSHALL, invalidations held until
// the command (or EXEC) that caused them has replied, BCAST batches per prefix.
//
// Option parsing and the self-connection flows are plain differential steps. Redirection
// needs the target's client id, which differs between the servers, so those flows run as
// paired sessions (one script, both servers, transcripts compared). The table limit
// (tracking-table-max-keys) evicts random keys, so it is checked by counts.

import Foundation
import Testing

@Suite("Client tracking", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable),
       .timeLimit(.minutes(2)))
struct TrackingTests {
    @Test func optionsMatchRedis() throws {
        try Differential().check([
            ["CLIENT", "TRACKING"], ["CLIENT", "TRACKING", "foo"], ["CLIENT", "TRACKING", "on", "foo"],
            ["CLIENT", "TRACKING", "on", "redirect"], ["CLIENT", "TRACKING", "on", "redirect", "999999"],
            ["CLIENT", "TRACKING", "on", "redirect", "abc"], ["CLIENT", "TRACKING", "on", "redirect", "-1"],
            ["CLIENT", "TRACKING", "on", "prefix", "a"], ["CLIENT", "TRACKING", "on", "optin", "optout"],
            ["CLIENT", "TRACKING", "on", "bcast", "optin"], ["CLIENT", "TRACKING", "on", "bcast", "optout"],
            ["CLIENT", "TRACKING", "off", "foo"], ["CLIENT", "TRACKING", "maybe"],
            ["CLIENT", "CACHING", "yes"], ["CLIENT", "CACHING", "foo"], ["CLIENT", "CACHING"],
            ["CLIENT", "GETREDIR"], ["CLIENT", "GETREDIR", "x"], ["CLIENT", "TRACKINGINFO"], ["CLIENT", "TRACKINGINFO", "x"],
            ["CLIENT", "TRACKING", "ON"], ["CLIENT", "CACHING", "yes"], ["CLIENT", "CACHING", "no"],
            ["CLIENT", "GETREDIR"], ["CLIENT", "TRACKINGINFO"], ["CLIENT", "TRACKING", "on", "bcast"],
            ["CLIENT", "TRACKING", "off"], ["CLIENT", "TRACKING", "off"],
            ["CLIENT", "TRACKING", "on", "optin"], ["CLIENT", "CACHING", "yes"], ["CLIENT", "TRACKINGINFO"],
            ["GET", "x"], ["CLIENT", "TRACKINGINFO"], ["CLIENT", "CACHING", "no"], ["CLIENT", "CACHING", "maybe"],
            ["CLIENT", "TRACKING", "on", "optout"], ["CLIENT", "TRACKING", "on", "optin", "noloop"], ["CLIENT", "TRACKINGINFO"],
            ["CLIENT", "TRACKING", "off"], ["CLIENT", "TRACKING", "on", "optout"], ["CLIENT", "CACHING", "no"],
            ["CLIENT", "TRACKINGINFO"], ["CLIENT", "TRACKING", "off"],
            ["CLIENT", "TRACKING", "on", "bcast", "prefix", "a", "prefix", "b", "noloop"], ["CLIENT", "TRACKINGINFO"],
            ["CLIENT", "TRACKING", "on", "bcast", "prefix", "ab"], ["CLIENT", "TRACKING", "on", "bcast", "prefix", "c"],
            ["CLIENT", "TRACKING", "on", "bcast", "prefix", "b"], ["CLIENT", "TRACKINGINFO"],
            ["CLIENT", "TRACKING", "on"], ["CLIENT", "TRACKING", "on", "bcast"], ["CLIENT", "TRACKINGINFO"],
            ["CLIENT", "TRACKING", "off"], ["CLIENT", "TRACKINGINFO"],
            ["CLIENT", "TRACKING", "on", "bcast", "prefix", "abc", "prefix", "ab"],
            ["CLIENT", "TRACKING", "on", "bcast", "prefix", "a", "prefix", "a"], ["CLIENT", "TRACKINGINFO"],
            // Redis 7.0 reports an overlap found past the first new prefix and still goes ahead.
            DiffStep(["CLIENT", "TRACKING", "on", "bcast", "prefix", "x", "prefix", "y", "prefix", "y"]).expecting(replies: 2),
            ["CLIENT", "TRACKINGINFO"], ["CLIENT", "TRACKING", "off"],
            ["CLIENT", "TRACKING", "on", "bcast", "prefix", "", "prefix", "a"],
            ["CLIENT", "TRACKING", "on", "redirect", "1", "redirect", "2"],
        ])
    }

    @Test func invalidationsOnOwnConnectionMatchRedis() throws {
        try Differential(resp3: true).check([
            ["CLIENT", "TRACKING", "on"],
            ["GET", "k"], ["SET", "k", "1"], ["GET", "k"], ["MSET", "k", "2", "j", "3"], ["GET", "k"],
            // Held until EXEC has replied, then sent; the GET inside tracks the key again.
            ["MULTI"], ["SET", "k", "3"], ["GET", "k"], DiffStep(["EXEC"]).expecting(replies: 2),
            ["GET", "k"], ["GET", "j"], ["HGET", "h", "f"], ["STRLEN", "s"], ["EXISTS", "e"],
            .command("SET", "k", "4", client: 1), .read(client: 0),
            .command("DEL", "j", "k", client: 1), .read(client: 0),
            .command("HSET", "h", "f", "v", client: 1), .read(client: 0),
            .command("APPEND", "s", "x", client: 1), .read(client: 0),
            .command("SET", "e", "1", client: 1), .read(client: 0),
            // Only keys read since the last invalidation.
            .command("SET", "s", "again", client: 1), ["PING"],
            // FLUSHALL: a null invalidation to every tracking client, then the table is empty.
            ["GET", "k"], .command("FLUSHALL", client: 1), .read(client: 0), .command("SET", "k", "x", client: 1), ["PING"],
            DiffStep(["FLUSHDB"]).expecting(replies: 2),
            // NOLOOP: changes by the connection itself are not reported.
            ["CLIENT", "TRACKING", "on", "noloop"], ["GET", "k"], ["SET", "k", "own"], ["PING"],
            ["GET", "k"], .command("SET", "k", "other", client: 1), .read(client: 0),
            // OPTIN: only the command after CLIENT CACHING yes (or the transaction after it).
            ["CLIENT", "TRACKING", "off"], ["CLIENT", "TRACKING", "on", "optin"],
            ["GET", "o1"], ["CLIENT", "CACHING", "yes"], ["GET", "o2"], ["GET", "o3"],
            ["CLIENT", "CACHING", "yes"], ["MULTI"], ["GET", "o4"], ["GET", "o5"], ["EXEC"], ["GET", "o6"],
            ["CLIENT", "CACHING", "yes"], ["CLIENT", "GETREDIR"], ["GET", "o7"],
            .command("MSET", "o1", "1", "o2", "2", "o3", "3", "o4", "4", "o5", "5", "o6", "6", "o7", "7", client: 1),
            .read(client: 0, replies: 4), ["PING"],
            // OPTOUT: every command except the one after CLIENT CACHING no.
            ["CLIENT", "TRACKING", "off"], ["CLIENT", "TRACKING", "on", "optout"],
            ["GET", "p1"], ["CLIENT", "CACHING", "no"], ["GET", "p2"], ["GET", "p3"],
            .command("MSET", "p1", "1", "p2", "2", "p3", "3", client: 1), .read(client: 0, replies: 2), ["PING"],
            // OFF: nothing more.
            ["GET", "p1"], ["CLIENT", "TRACKING", "off"], .command("SET", "p1", "x", client: 1), ["PING"],
            // A RESP2 connection without redirection hears nothing.
            DiffStep(["HELLO", "2"], compare: .ignore, client: 2),
            .command("CLIENT", "TRACKING", "on", client: 2), .command("GET", "r2", client: 2),
            .command("SET", "r2", "x", client: 1), .command("PING", client: 2),
        ])
    }

    @Test func broadcastMatchesRedis() throws {
        try Differential(resp3: true).check([
            ["CLIENT", "TRACKING", "on", "bcast", "prefix", "user:", "prefix", "obj:"],
            .command("CLIENT", "TRACKING", "on", "bcast", "noloop", client: 1),
            .command("MSET", "user:1", "a", "user:2", "b", "obj:9", "c", "other", "d", client: 2),
            .read(client: 0, replies: 2), .read(client: 1),
            // NOLOOP: the connection's own changes are left out of its batch.
            .command("MSET", "user:3", "x", "zz", "y", client: 1), ["PING"],
            .command("PING", client: 1),
            .command("DEL", "user:1", "user:3", "zz", client: 2), .read(client: 0), .read(client: 1),
            // Expiry and no-op writes.
            .command("SET", "obj:t", "v", "PX", "1", client: 2), .read(client: 0), .read(client: 1),
            .command("DEL", "nothing", client: 2), ["PING"], .command("PING", client: 1),
            // FLUSHALL: a null to BCAST clients too.
            .command("FLUSHALL", client: 2), .read(client: 0), .read(client: 1),
            ["CLIENT", "TRACKING", "off"], .command("SET", "user:9", "v", client: 2), ["PING"], .read(client: 1),
        ])
    }

    /// REDIRECT: to a RESP2 subscriber (as `__redis__:invalidate` messages), to a RESP3
    /// client (pushes), to a client that went away (broken redirect).
    @Test func redirectionMatchesRedis() throws {
        let maskId: ([UInt8]) -> [UInt8] = { reply in
            Array(String(decoding: reply, as: UTF8.self).replacingOccurrences(of: #":\d+\r\n"#, with: ":N\r\n", options: .regularExpression).utf8)
        }
        try MessagingSession.compare { s in
            func clientId(_ i: Int) throws -> String? {
                try s.connection(i).send(command: ["CLIENT", "ID"])
                return idOf(try s.connection(i).readReplyBytes())
            }
            guard let plainId = try clientId(3), let subscriberId = try clientId(1) else { return }
            try s.run(1, "SUBSCRIBE", "__redis__:invalidate")
            // A RESP2 target that is not subscribed gets nothing.
            try s.run(0, ["CLIENT", "TRACKING", "on", "redirect", plainId], label: "CLIENT TRACKING on redirect <plain>")
            try s.run(0, ["CLIENT", "GETREDIR"], mask: maskId)
            try s.run(0, "GET", "k1")
            try s.run(4, "SET", "k1", "v")
            try s.expectQuiet(3)
            // A RESP2 subscriber gets `__redis__:invalidate` messages.
            try s.run(0, ["CLIENT", "TRACKING", "on", "redirect", subscriberId], label: "CLIENT TRACKING on redirect <subscriber>")
            try s.run(0, "MGET", "k1", "k2")
            try s.run(4, "DEL", "k1", "k2")  // k2 does not exist: one invalidation
            try s.read(1)
            try s.run(0, "GET", "k3")
            try s.run(4, "FLUSHALL")
            try s.read(1)
            try s.run(0, ["CLIENT", "INFO"], mask: { reply in
                Array(String(decoding: reply, as: UTF8.self).split(separator: " ").filter { $0.hasPrefix("flags=") }.joined().utf8)
            })
            // A RESP3 target gets pushes.
            try s.run(6, ["HELLO", "3"], mask: { _ in [] })
            guard let resp3Id = try clientId(6) else { return }
            try s.run(0, ["CLIENT", "TRACKING", "on", "redirect", resp3Id], label: "CLIENT TRACKING on redirect <resp3>")
            try s.run(0, "GET", "k3")
            try s.run(4, "SET", "k3", "1")
            try s.read(6)
            // The target goes away: the redirect is broken (a RESP3 tracker is told so).
            try s.run(0, "GET", "k3")
            try s.run(6, "QUIT")
            sleepBriefly(.milliseconds(100))
            try s.run(4, "SET", "k3", "2")
            try s.run(0, ["CLIENT", "TRACKINGINFO"], mask: maskId)
            try s.run(0, ["HELLO", "3"], mask: { _ in [] })
            try s.run(0, "GET", "k3")
            try s.run(4, "SET", "k3", "3")
            try s.read(0, mask: maskId)
            try s.run(0, ["CLIENT", "TRACKINGINFO"], mask: maskId)
            try s.run(0, ["CLIENT", "INFO"], mask: { reply in
                Array(String(decoding: reply, as: UTF8.self).split(separator: " ").filter { $0.hasPrefix("flags=") }.joined().utf8)
            })
            // INFO's counters.
            try s.run(7, "CLIENT", "TRACKING", "on", "bcast", "prefix", "a", "prefix", "b")
            try s.run(0, "GET", "k4")
            let info = String(decoding: try s.connection(4).roundTrip("INFO", "all"), as: UTF8.self)
            for field in ["tracking_clients", "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes"] {
                s.note(info.split(separator: "\r\n").first { $0.hasPrefix(field + ":") }.map(String.init) ?? "\(field) missing")
            }
        }
    }

    /// Every write of every family reaches WATCH and tracking: for each command of the
    /// notification list, a watcher of all the keys involved sees its EXEC aborted (or not)
    /// and a BCAST tracker hears about the same keys as with Redis.
    @Test func everyWriteReachesWatchAndTracking() throws {
        let supported = try NotificationTests.supportedCommands(NotificationTests.commands.map { $0[0] })
        let commands = NotificationTests.commands.filter { supported.contains($0[0].lowercased()) }
        // Watching words that are not keys is harmless: watch every argument.
        let keys = Array(Set(commands.flatMap { $0.dropFirst() })).sorted()
        #expect(commands.count > 100, "only \(commands.count) commands supported")
        try MessagingSession.compare(args: ["--enable-debug-command", "yes"]) { s in
            try s.run(2, ["HELLO", "3"], mask: { _ in [] })
            try s.run(2, "CLIENT", "TRACKING", "on", "bcast")
            // Keys written with a past expire time (SET t2 v PXAT 1) are deleted by whichever
            // comes first, active expiry or the next access, and the deletion's invalidation
            // would arrive before or after the PONG below depending on timing: only lazy expiry.
            try s.run(0, "DEBUG", "SET-ACTIVE-EXPIRE", "0")
            for cmd in commands {
                try s.run(0, ["WATCH"] + keys, label: "WATCH <keys>")
                try s.run(1, cmd)
                try s.run(0, "MULTI")
                try s.run(0, "PING")
                try s.run(0, "EXEC")
                // Invalidations sent after the command arrive before this PONG.
                try s.connection(2).send(command: ["PING"])
                for _ in 0..<8 {
                    if try s.read(2) == Array("+PONG\r\n".utf8) { break }
                }
            }
        }
    }

    /// tracking-table-max-keys: beyond the limit, random keys are invalidated until it holds.
    @Test func tableLimit() throws {
        let server = try ServerProcess.structd()
        let c = try server.connect()
        _ = try c.roundTrip("HELLO", "3")
        _ = try c.roundTrip("CONFIG", "SET", "tracking-table-max-keys", "10")
        _ = try c.roundTrip("CLIENT", "TRACKING", "on")
        // Replies and invalidation pushes interleave: count the pushes while reading replies.
        var count = 0
        for i in 0..<31 {
            try c.send(command: i == 30 ? ["PING"] : ["GET", "key:\(i)"])
            for _ in 0..<100 {
                let frame = try c.readReplyBytes()
                if frame.first == UInt8(ascii: ">") { count += 1 } else { break }
            }
        }
        count += String(decoding: try c.readAvailable(timeout: .milliseconds(200)), as: UTF8.self)
            .components(separatedBy: "invalidate").count - 1
        #expect(count >= 20, "expected at least 20 invalidations, got \(count)")
        let info = String(decoding: try c.roundTrip("INFO", "stats"), as: UTF8.self)
        #expect(info.contains("tracking_total_keys:10") || info.contains("tracking_total_keys:9"))
    }
}

private func idOf(_ reply: [UInt8]) -> String? {
    let text = String(decoding: reply, as: UTF8.self)
    guard text.hasPrefix(":") else { return nil }
    return String(text.dropFirst().prefix { $0.isNumber })
}
