// RedisCLITests: Debian's redis-cli (7.0.15) as a real client of structd-server — one-shot
// commands in raw and --no-raw output, RESP3 mode (-3), arguments from stdin (-x), database
// selection (-n), repetition (-r), mass insertion with --pipe, and key iteration with --scan.
//
// redis-cli is a demanding client: it sends COMMAND DOCS and HELLO on connect in some modes,
// pipelines aggressively in --pipe (with an ECHO of a random marker at the end to know when
// the last reply arrived) and relies on SCAN cursors being exact. Every invocation runs
// against both servers and its stdout, stderr and exit code are compared; the only value
// masked is the connection id that HELLO reports.

import Foundation
import Testing

/// Masks HELLO's connection id: "id 12" (raw RESP3 map), "4# "id" => (integer) 12" (--no-raw)
/// and "id" followed by "12" on the next line (RESP2).
private func maskConnectionId(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    func masked(_ line: String) -> String { String(line.reversed().drop { $0.isNumber }.reversed()) + "N" }
    for index in lines.indices {
        if lines[index].hasPrefix("id ") || lines[index].contains("\"id\" => (integer) ") {
            lines[index] = masked(lines[index])
        } else if lines[index] == "id" && index + 1 < lines.count {
            lines[index + 1] = masked(lines[index + 1])
        }
    }
    return lines.joined(separator: "\n")
}

/// One redis-cli invocation against both servers; a readable difference, or nil.
private func difference(_ arguments: [String], stdin: [UInt8] = [], structd: ServerProcess, redis: ServerProcess) throws -> String? {
    let expected = try redis.cli.run(arguments, stdin: stdin)
    let actual = try structd.cli.run(arguments, stdin: stdin)
    if expected.status == actual.status && maskConnectionId(expected.output) == maskConnectionId(actual.output)
        && expected.errorOutput == actual.errorOutput {
        return nil
    }
    return "redis-cli \(arguments.joined(separator: " "))\n  redis:   \(expected)\n  structd: \(actual)"
}

@Suite("redis-cli", .enabled(if: ServerProcess.redisAvailable && ServerProcess.structdAvailable && RedisCLI.available),
       .timeLimit(.minutes(2)))
struct RedisCLIClientTests {
    @Test func oneShotCommandsMatchRedis() throws {
        let structd = try ServerProcess.structd()
        let redis = try ServerProcess.redis()
        let invocations: [([String], [UInt8])] = [
            (["PING"], []), (["--no-raw", "PING"], []), (["ping", "hello world"], []),
            (["SET", "k", "v"], []), (["GET", "k"], []), (["--no-raw", "GET", "k"], []),
            (["GET", "missing"], []), (["--no-raw", "GET", "missing"], []),
            (["INCR", "n"], []), (["--no-raw", "INCR", "n"], []), (["INCR", "k"], []), (["--no-raw", "INCR", "k"], []),
            (["nosuchcommand", "a"], []), (["--no-raw", "nosuchcommand"], []),
            (["SET", "k"], []), (["--no-raw", "SET", "k"], []),
            (["EXISTS", "k", "n", "missing"], []), (["--no-raw", "MGET", "k", "missing", "n"], []),
            (["MGET", "k", "missing", "n"], []),
            (["-x", "SET", "fromstdin"], Array("hello\nworld\n".utf8)),
            (["GET", "fromstdin"], []), (["--no-raw", "GET", "fromstdin"], []),
            (["-x", "SET", "binary"], [0, 1, 2, 255, 13, 10]), (["--no-raw", "GET", "binary"], []),
            (["-3", "HELLO", "3"], []), (["-3", "--no-raw", "HELLO", "3"], []),
            (["-3", "GET", "k"], []), (["-3", "--no-raw", "GET", "missing"], []), (["-3", "--no-raw", "INCR", "n"], []),
            (["-3", "--no-raw", "CONFIG", "GET", "maxclients"], []),
            (["-n", "3", "DBSIZE"], []), (["-n", "3", "SET", "in3", "x"], []), (["-n", "3", "GET", "in3"], []),
            (["-n", "99", "DBSIZE"], []), (["GET", "in3"], []),
            (["-r", "3", "INCR", "counter"], []), (["-r", "2", "--no-raw", "ECHO", "x"], []),
            (["DEL", "k", "n", "fromstdin", "binary", "counter"], []), (["DBSIZE"], []),
            (["--no-raw", "SELECT", "1"], []), (["ECHO", ""], []), (["--no-raw", "ECHO", ""], []),
        ]
        var differences: [String] = []
        for (arguments, stdin) in invocations {
            if let line = try difference(arguments, stdin: stdin, structd: structd, redis: redis) { differences.append(line) }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    /// --pipe mass insertion of 100,000 SETs: the same summary as Redis, every key there.
    @Test func pipeMassInsertion() throws {
        let count = 100_000
        var commands: [UInt8] = []
        commands.reserveCapacity(count * 40)
        for i in 0..<count {
            commands += Robustness.request("SET", "key:\(i)", "value:\(i)")
        }
        let structd = try ServerProcess.structd()
        let redis = try ServerProcess.redis()
        var outputs: [String] = []
        for server in [redis, structd] {
            let result = try server.cli.pipe(commands)
            #expect(result.exitCode == 0, "\(server): \(result)")
            #expect(result.lines.last == "errors: 0, replies: \(count)", "\(server): \(result)")
            outputs.append(result.output)
            #expect(try server.cli.command("DBSIZE").output == "\(count)\n")
            #expect(try server.cli.command("GET", "key:99999").output == "value:99999\n")
        }
        #expect(outputs[1] == outputs[0])
    }

    /// --pipe with some failing commands: the same error count and error lines as Redis.
    @Test func pipeReportsErrorsLikeRedis() throws {
        var commands: [UInt8] = []
        for i in 0..<1000 {
            switch i % 100 {
            case 7: commands += Robustness.request("INCR", "text")
            case 42: commands += Robustness.request("NOSUCHCOMMAND", "\(i)")
            case 0: commands += Robustness.request("SET", "text", "not a number")
            default: commands += Robustness.request("SET", "k\(i % 50)", "\(i)")
            }
        }
        let structd = try ServerProcess.structd()
        let redis = try ServerProcess.redis()
        let expected = try redis.cli.pipe(commands)
        let actual = try structd.cli.pipe(commands)
        #expect(expected.lines.last == "errors: 20, replies: 1000")
        #expect(actual.status == expected.status)
        #expect(actual.output == expected.output, "structd \(actual)\nredis \(expected)")
    }

    /// --scan, with and without a pattern: exactly the keys, each once.
    @Test func scanIteratesEveryKeyOnce() throws {
        var commands: [UInt8] = []
        for i in 0..<3000 { commands += Robustness.request("SET", i % 3 == 0 ? "user:\(i)" : "item:\(i)", "x") }
        let structd = try ServerProcess.structd()
        let redis = try ServerProcess.redis()
        for server in [redis, structd] { #expect(try server.cli.pipe(commands).exitCode == 0) }
        // (redis-cli 7.0 has no --count for --scan; it asks with SCAN's default COUNT.)
        for pattern in [nil, "user:*", "item:1?", "nomatch*", "user:2*", "*:29*"] as [String?] {
            var arguments = ["--scan"]
            if let pattern { arguments += ["--pattern", pattern] }
            let expected = try redis.cli.run(arguments)
            let actual = try structd.cli.run(arguments)
            #expect(actual.exitCode == 0, "\(actual)")
            #expect(actual.lines.count == Set(actual.lines).count, "\(arguments): a key was returned twice")
            #expect(Set(actual.lines) == Set(expected.lines), "\(arguments): \(actual.lines.count) keys, redis \(expected.lines.count)")
        }
    }

    /// Seeded random one-shot commands over a few keys, raw and --no-raw, compared with Redis.
    @Test func randomOneShotCommandsMatchRedis() throws {
        let seed = SeededRandom.seed(default: 0xC11_0001)
        var random = SeededRandom(seed: seed)
        let structd = try ServerProcess.structd()
        let redis = try ServerProcess.redis()
        var differences: [String] = []
        for _ in 0..<60 {
            let key = random.pick(["a", "b", "num", "missing"])
            var arguments: [String]
            switch random.int(in: 0..<8) {
            case 0: arguments = ["SET", key, random.string(length: random.int(in: 0...6))]
            case 1: arguments = ["GET", key]
            case 2: arguments = ["INCRBY", "num", String(random.int(in: -100...100))]
            case 3: arguments = ["APPEND", key, random.string(length: 3, alphabet: "xyz \"'\\")]
            case 4: arguments = ["DEL", key, random.pick(["a", "b", "c"])]
            case 5: arguments = ["EXISTS", key, "num"]
            case 6: arguments = ["STRLEN", key]
            default: arguments = ["MGET", "a", "b", "num", "missing"]
            }
            if random.chance(0.5) { arguments.insert("--no-raw", at: 0) }
            if random.chance(0.2) { arguments.insert("-3", at: 0) }
            if let line = try difference(arguments, structd: structd, redis: redis) { differences.append(line) }
        }
        #expect(differences.isEmpty, "seed \(seed) (replay with STRUCTD_DIFF_SEED=\(seed)):\n\(differences.prefix(5).joined(separator: "\n"))")
    }
}
