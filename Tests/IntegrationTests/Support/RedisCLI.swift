// RedisCLI: runs Debian's redis-cli against a test server, one process per call, bounded in
// time (ProcessRunner). Output is what redis-cli prints when stdout is not a terminal, i.e.
// --raw style unless a test passes --no-raw.

import Foundation
import Glibc

struct RedisCLI: Sendable {
    /// REDIS_CLI_BIN if set, else /usr/bin/redis-cli.
    static var defaultPath: String {
        ProcessInfo.processInfo.environment["REDIS_CLI_BIN"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/bin/redis-cli"
    }

    static var available: Bool { access(defaultPath, X_OK) == 0 }

    var path: String
    var host: String
    var port: UInt16
    var timeout: Duration

    init(port: UInt16, host: String = "127.0.0.1", path: String = RedisCLI.defaultPath,
         timeout: Duration = .seconds(60)) {
        self.port = port
        self.host = host
        self.path = path
        self.timeout = timeout
    }

    init(server: ServerProcess) { self.init(port: server.port) }

    /// `redis-cli -h host -p port <arguments...>` with `stdin` as its standard input.
    func run(_ arguments: [String], stdin: [UInt8] = []) throws -> ProcessResult {
        try ProcessRunner.run(path, ["-h", host, "-p", String(port)] + arguments, input: stdin, timeout: timeout)
    }

    /// One command, one-shot: `redis-cli -p P arg...`.
    func command(_ arguments: String...) throws -> ProcessResult {
        try run(arguments)
    }

    /// Mass insertion: `redis-cli --pipe` fed with raw protocol bytes.
    func pipe(_ protocolBytes: [UInt8]) throws -> ProcessResult {
        try run(["--pipe"], stdin: protocolBytes)
    }

    /// Mass insertion of commands, encoded as RESP multibulk.
    func pipe(commands: [[String]]) throws -> ProcessResult {
        try pipe(commands.flatMap { RESPFramer.encode($0) })
    }

    /// `redis-cli --scan [--pattern P]`: the keys it prints, one per line.
    func scan(pattern: String? = nil) throws -> [String] {
        var arguments = ["--scan"]
        if let pattern { arguments += ["--pattern", pattern] }
        let result = try run(arguments)
        guard result.exitCode == 0 else {
            throw SpawnError(description: "redis-cli --scan failed: \(result)")
        }
        return result.lines
    }
}
