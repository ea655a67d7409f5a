// Option parsing: redis-benchmark's options, the free command, and the errors.

import Testing
@testable import StructDBenchmark

@Suite struct OptionParserTests {
    func options(_ args: [String]) throws -> BenchmarkOptions {
        guard case .run(let o) = try OptionParser.parse(args) else {
            Issue.record("expected options for \(args)")
            return BenchmarkOptions()
        }
        return o
    }

    @Test func defaultsAreRedisBenchmarks() throws {
        let o = try options([])
        #expect(o.host == "127.0.0.1" && o.port == 6379 && o.clients == 50 && o.requests == 100_000)
        #expect(o.dataSize == 3 && o.pipeline == 1 && o.keepAlive && o.threads == 0 && o.precision == 3)
        #expect(o.keyspaceLength == nil && o.tests == nil && o.command.isEmpty && o.tls == .off)
    }

    @Test func everyOptionIsRead() throws {
        let o = try options(["-h", "::1", "-p", "7000", "-s", "/tmp/s.sock", "-a", "pw", "--user", "bob",
                             "-c", "7", "-n", "123", "-d", "64", "--dbnum", "2", "-3", "--threads", "4",
                             "-k", "0", "-r", "1000", "-P", "16", "-e", "-q", "--csv", "--json", "-l",
                             "-t", "SET,Get", "-x", "--enable-tracking", "--precision", "2", "--seed", "42"])
        #expect(o.host == "::1" && o.port == 7000 && o.socketPath == "/tmp/s.sock")
        #expect(o.password == "pw" && o.user == "bob" && o.clients == 7 && o.requests == 123)
        #expect(o.dataSize == 64 && o.dbnum == 2 && o.resp3 && o.threads == 4 && !o.keepAlive)
        #expect(o.keyspaceLength == 1000 && o.pipeline == 16 && o.showErrors && o.quiet && o.csv && o.json && o.loop)
        #expect(o.tests == ["set", "get"] && o.stdinArgument && o.enableTracking && o.precision == 2 && o.seed == 42)
        #expect(o.serverDescription == "/tmp/s.sock")
    }

    @Test func freeCommandAfterOptionsOrAfterDoubleDash() throws {
        let a = try options(["-n", "10", "INCR", "k:__rand_int__", "-q"])
        #expect(a.requests == 10 && a.command == ["INCR", "k:__rand_int__", "-q"] && !a.quiet)
        let b = try options(["-n", "100000", "--", "EVALSHA", "abc", "1", "k:__rand_int__"])
        #expect(b.command == ["EVALSHA", "abc", "1", "k:__rand_int__"])
        let c = try options(["--", "-weird", "x"])
        #expect(c.command == ["-weird", "x"])
    }

    @Test func clampsAsRedisDoes() throws {
        let o = try options(["-d", "0", "-P", "0", "-r", "-5", "--threads", "9999", "--precision", "9"])
        #expect(o.dataSize == 1 && o.pipeline == 1 && o.keyspaceLength == 0 && o.threads == 500 && o.precision == 3)
        #expect(try options(["-d", "99999999999"]).dataSize == 1024 * 1024 * 1024)
        #expect(try options(["--precision", "0"]).precision == 1)
        #expect(try options(["--precision", "-1"]).precision == 3)
    }

    @Test func unknownOptionOrMissingArgumentShowsUsage() {
        #expect(throws: OptionError(message: "Invalid option \"--bogus\" or option argument missing", showUsage: true)) {
            try OptionParser.parse(["--bogus"])
        }
        #expect(throws: OptionError(message: "Invalid option \"-n\" or option argument missing", showUsage: true)) {
            try OptionParser.parse(["-n"])
        }
    }

    @Test func badNumbersAreRefusedNotZeroed() {
        #expect(throws: OptionError.self) { try OptionParser.parse(["-n", "10k"]) }
        #expect(throws: OptionError.self) { try OptionParser.parse(["-c", "0"]) }
        #expect(throws: OptionError.self) { try OptionParser.parse(["-n", "0"]) }
        #expect(throws: OptionError.self) { try OptionParser.parse(["-p", "70000"]) }
        #expect(throws: OptionError.self) { try OptionParser.parse(["--seed", "x"]) }
        #expect(throws: OptionError.self) { try OptionParser.parse(["--user", "bob"]) }
    }

    @Test func helpVersionAndTLS() throws {
        #expect(try OptionParser.parse(["-n", "5", "--help"]) == .help)
        #expect(try OptionParser.parse(["--version"]) == .version)
        let o = try options(["--tls", "--cacert", "ca.pem", "--cert", "c.pem", "--key", "k.pem", "--sni", "x.test", "--insecure"])
        #expect(o.tls == .on(caCert: "ca.pem", caCertDir: nil, cert: "c.pem", key: "k.pem", sni: "x.test", insecure: true))
        #expect(try options(["--cacert", "ca.pem"]).tls == .off)
    }
}
