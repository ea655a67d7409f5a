// LoadTests.swift — redis.conf parsing and redis-server command-line handling:
// fatal error texts (verified against redis-server 7.0.15), every directive
// kind, aliases, save accumulation, include, and file-only directives.

import Testing
@testable import Config

@Suite struct FatalErrorFormatTests {
    @Test func unknownDirective() {
        #expect(loadError("port 0\nfoo bar\n") == fatal(line: 2, "foo bar", "Bad directive or wrong number of arguments"))
    }

    @Test func commandLineErrorsUseRedisLineNumbers() throws {
        // `redis-server --port 0 --daemonize maybe` reports line 3 (line 1 is empty).
        let (file, text) = try ServerConfig.parseCommandLine(["--port", "0", "--daemonize", "maybe"])
        #expect(file == nil)
        #expect(text == "\nport \"0\" \ndaemonize \"maybe\" ")
        #expect(loadError(text) == fatal(line: 3, "daemonize \"maybe\"", "argument must be 'yes' or 'no'"))
    }

    @Test func typeErrors() {
        #expect(loadError("databases 0") == fatal(line: 1, "databases 0", "argument must be between 1 and 2147483647 inclusive"))
        #expect(loadError("databases abc") == fatal(line: 1, "databases abc", "argument couldn't be parsed into an integer"))
        #expect(loadError("loglevel loud") == fatal(line: 1, "loglevel loud",
            "argument(s) must be one of the following: debug, verbose, notice, warning"))
        #expect(loadError("port 1 2") == fatal(line: 1, "port 1 2", "wrong number of arguments"))
        #expect(loadError("daemonize") == fatal(line: 1, "daemonize", "wrong number of arguments"))
        #expect(loadError("socket-mark-id -1") == fatal(line: 1, "socket-mark-id -1",
            "argument must be between 0 and 4294967295 inclusive"))
        #expect(loadError("unixsocketperm 999") == fatal(line: 1, "unixsocketperm 999",
            "argument couldn't be parsed as an octal number"))
        #expect(loadError("unixsocketperm -1") == fatal(line: 1, "unixsocketperm -1", "argument must be between 0 and 777 inclusive"))
        #expect(loadError("maxmemory 1tb") == fatal(line: 1, "maxmemory 1tb", "argument must be a memory value"))
        #expect(loadError("maxmemory-clients 101%") == fatal(line: 1, "maxmemory-clients 101%",
            "percentage argument must be less or equal to 100"))
        #expect(loadError("maxmemory-clients x") == fatal(line: 1, "maxmemory-clients x", "argument must be a memory or percent value"))
    }

    @Test func quotingErrors() {
        #expect(loadError("port 0\nsave \"900 1\n") == fatal(line: 2, "save \"900 1", "Unbalanced quotes in configuration line"))
        #expect(loadError("port 0\nloglevel \"abc\"def") == fatal(line: 2, "loglevel \"abc\"def", "Unbalanced quotes in configuration line"))
        #expect(loadError("port 0\nloglevel 'it\\'s'") == fatal(line: 2, "loglevel 'it\\'s'",
            "argument(s) must be one of the following: debug, verbose, notice, warning"))
    }

    @Test func blankCommentAndCRLFLinesCountButAreSkipped() {
        #expect(loadError("port 0\n   \t  \n  # comment\n\r\nloglevel x\n") == fatal(line: 5, "loglevel x",
            "argument(s) must be one of the following: debug, verbose, notice, warning"))
        // Directive names are case-insensitive; lines are trimmed of \r.
        #expect(loadError("port 0\nLOGLEVEL DEBUG\nSAVE 1 2 \nhz 7\r\nloglevel x\n") == fatal(line: 5, "loglevel x",
            "argument(s) must be one of the following: debug, verbose, notice, warning"))
    }

    @Test func specialDirectiveErrors() {
        #expect(loadError("appendfilename \"\"") == fatal(line: 1, "appendfilename \"\"", "appendfilename can't be empty"))
        #expect(loadError("appendfilename a/b") == fatal(line: 1, "appendfilename a/b", "appendfilename can't be a path, just a filename"))
        #expect(loadError("appenddirname a/b") == fatal(line: 1, "appenddirname a/b", "appenddirname can't be a path, just a dirname"))
        #expect(loadError("replicaof localhost 99999") == fatal(line: 1, "replicaof localhost 99999", "Invalid master port"))
        #expect(loadError("replicaof localhost") == fatal(line: 1, "replicaof localhost", "wrong number of arguments"))
        #expect(loadError("dir /nonexistent") == fatal(line: 1, "dir /nonexistent", "No such file or directory"))
        #expect(loadError("notify-keyspace-events Q") == fatal(line: 1, "notify-keyspace-events Q",
            "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."))
        #expect(loadError("latency-tracking-info-percentiles 101") == fatal(line: 1, "latency-tracking-info-percentiles 101",
            "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"))
        #expect(loadError("oom-score-adj-values \"1 2\"") == fatal(line: 1, "oom-score-adj-values \"1 2\"", "wrong number of arguments"))
        let many = "bind " + (1...17).map(String.init).joined(separator: " ")
        #expect(loadError(many) == fatal(line: 1, many, "Too many bind addresses specified."))
        #expect(loadError("save 900") == fatal(line: 1, "save 900", "Invalid save parameters"))
        #expect(loadError("activedefrag yes") == fatal(line: 1, "activedefrag yes",
            "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution"))
        #expect(loadError("shutdown-on-sigint save nosave") == fatal(line: 1, "shutdown-on-sigint save nosave",
            "shutdown options SAVE and NOSAVE can't be used simultaneously"))
    }

    @Test func postLoadChecksHaveNoLine() {
        #expect(loadError("cluster-enabled yes\nreplicaof localhost 1") ==
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nreplicaof directive not allowed in cluster mode\n")
        #expect(loadError("logfile /nonexistent/x.log") ==
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory\n")
    }

    @Test func fileOnlyDirectives() {
        #expect(loadError("include") == fatal(line: 1, "include", "Bad directive or wrong number of arguments"))
        #expect(loadError("loadmodule") == fatal(line: 1, "loadmodule", "Bad directive or wrong number of arguments"))
        #expect(loadError("foo.bar") == fatal(line: 1, "foo.bar", "Module config specified without value"))
        #expect(loadError("sentinel monitor a b") == fatal(line: 1, "sentinel monitor a b",
            "sentinel directive while not in sentinel mode"))
        #expect(loadError("sentinel") == nil)
        #expect(loadError("list-max-ziplist-entries 5\nlua-replicate-commands yes") == nil)
        #expect(loadError("list-max-ziplist-value 1 2") == fatal(line: 1, "list-max-ziplist-value 1 2",
            "Bad directive or wrong number of arguments"))
        let withHook = loadError("rename-command FOOBAR x") { c in
            c.fileDirectiveHooks["rename-command"] = { args in args[0] == "FOOBAR" ? "No such command in rename-command" : nil }
        }
        #expect(withHook == fatal(line: 1, "rename-command FOOBAR x", "No such command in rename-command"))
    }

    @Test func collectsFileOnlyDirectives() throws {
        let c = ServerConfig()
        c.sentinelMode = true
        try c.loadConfigText("""
            rename-command FLUSHALL ""
            user alice on nopass ~* +@all
            loadmodule /x/mod.so a b
            mymod.opt 1
            mymod.opt 2
            sentinel monitor m 127.0.0.1 6379 2
            """)
        #expect(c.renamedCommands.map { "\($0.from)>\($0.to)" } == ["FLUSHALL>"])
        #expect(c.userDirectives == [["alice", "on", "nopass", "~*", "+@all"]])
        #expect(c.moduleLoads.map { $0.path } == ["/x/mod.so"] && c.moduleLoads[0].args == ["a", "b"])
        #expect(c.moduleConfigs.map { "\($0.name)=\($0.value)" } == ["mymod.opt=2"])
        #expect(c.sentinelDirectives == [["monitor", "m", "127.0.0.1", "6379", "2"]])
    }
}

@Suite struct DirectiveKindTests {
    func loaded(_ text: String) throws -> ServerConfig {
        let c = ServerConfig()
        try c.loadConfigText(text)
        return c
    }

    @Test func boolsEnumsAndAliases() throws {
        let c = try loaded("""
            slave-serve-stale-data no
            appendonly YES
            maxmemory-policy ALLKEYS-LFU
            enable-debug-command local
            oom-score-adj relative
            hash-max-ziplist-entries 100
            lua-time-limit 250
            slaveof 10.0.0.1 6380
            """)
        #expect(c.replicaServeStaleData == false)
        #expect(c.get("slave-serve-stale-data") == "no")
        #expect(c.appendonly)
        #expect(c.maxmemoryPolicy == .allkeysLFU && c.maxmemoryPolicy.usesLFU && c.maxmemoryPolicy.allKeys)
        #expect(c.get("maxmemory-policy") == "allkeys-lfu")
        #expect(c.enableDebugCommand == .local)
        #expect(c.get("oom-score-adj") == "yes")
        #expect(c.hashMaxListpackEntries == 100 && c.get("hash-max-listpack-entries") == "100")
        #expect(c.luaTimeLimit == 250 && c.get("busy-reply-threshold") == "250")
        #expect(c.masterHost == "10.0.0.1" && c.masterPort == 6380 && c.get("replicaof") == "10.0.0.1 6380")
    }

    @Test func numericUnitsAndFormats() throws {
        let c = try loaded("""
            maxmemory 100mb
            proto-max-bulk-len 1gb
            client-query-buffer-limit 4mb
            maxmemory-clients 50%
            unixsocketperm 700
            hash-max-listpack-value 4k
            hz 1000
            """)
        #expect(c.maxmemory == 100 * 1024 * 1024)
        #expect(c.protoMaxBulkLen == 1 << 30)
        #expect(c.clientQueryBufferLimit == 4 << 20)
        #expect(c.maxmemoryClients == -50 && c.get("maxmemory-clients") == "50%")
        #expect(c.unixsocketperm == 0o700 && c.get("unixsocketperm") == "700")
        #expect(c.hashMaxListpackValue == 4000)
        #expect(c.hz == 500 && c.get("hz") == "500")
        let d = try loaded("hz 0")
        #expect(d.hz == 1 && d.get("hz") == "1")
    }

    @Test func flagsEnum() throws {
        let c = try loaded("shutdown-on-sigint nosave now force\nshutdown-on-sigterm \"force now\"")
        #expect(c.get("shutdown-on-sigint") == "nosave now force")
        #expect(c.shutdownOnSigint == [.nosave, .now, .force])
        #expect(c.get("shutdown-on-sigterm") == "now force")
        #expect(try loaded("shutdown-on-sigint default now").get("shutdown-on-sigint") == "now")
    }

    @Test func specials() throws {
        let c = try loaded("""
            bind "127.0.0.1 ::1"
            client-output-buffer-limit "normal 1 2 3"
            client-output-buffer-limit pubsub 1mb 2k 5 replica 1 2 3
            oom-score-adj-values 1 2 3
            notify-keyspace-events KEA
            latency-tracking-info-percentiles 50 99.5 0 100
            unixsocket /tmp/x.sock
            requirepass "a b"
            """)
        #expect(c.bind == ["127.0.0.1", "::1"])
        #expect(c.get("client-output-buffer-limit") == "normal 1 2 3 slave 1 2 3 pubsub 1048576 2000 5")
        #expect(c.clientOutputBufferLimits.pubsub.hardLimitBytes == 1 << 20)
        #expect(c.oomScoreAdjValues == [1, 2, 3])
        #expect(c.get("notify-keyspace-events") == "AKE")
        #expect(KeyspaceEventFlags(rawValue: c.notifyKeyspaceEvents).contains(.keyspace))
        #expect(c.get("latency-tracking-info-percentiles") == "50 99.5 0 100")
        #expect(c.unixsocket == "/tmp/x.sock")
        #expect(c.requirepass == "a b")
        let e = try loaded("bind \"\"\nlatency-tracking-info-percentiles \"\"")
        #expect(e.bind.isEmpty && e.get("bind") == "")
        #expect(e.latencyTrackingInfoPercentiles.isEmpty)
    }

    @Test func saveAccumulation() throws {
        #expect(try loaded("save 900 1\nsave \"\"").get("save") == "900 1")
        #expect(try loaded("save 900 1\nsave 300 10").get("save") == "900 1 300 10")
        #expect(try loaded("save \"900 1\"").get("save") == "900 1")
        #expect(try loaded("save \"\"\nsave 900 1").get("save") == "900 1")
        #expect(try loaded("# nothing").get("save") == "3600 1 300 100 60 10000")
        #expect(try loaded("save 1 4294967297").saveParams == [SaveParam(seconds: 1, changes: 1)])
    }

    @Test func dirIsValidatedAndResolved() throws {
        let tmp = TestFS.makeTempDir()
        defer { TestFS.removeTree(tmp) }
        let c = try loaded("dir \(tmp)")
        #expect(c.dir.hasSuffix(String(tmp.split(separator: "/").last!)))
        TestFS.write(tmp + "/file", "x")
        #expect(loadError("dir \(tmp)/file") == fatal(line: 1, "dir \(tmp)/file", "Not a directory"))
    }
}

@Suite struct CommandLineTests {
    func parse(_ args: [String], stdin: String = "") throws -> (String?, String) {
        let r = try ServerConfig.parseCommandLine(args, readStdin: { stdin })
        return (r.configFile, r.directives)
    }

    @Test func configFileAndOptions() throws {
        let (f, d) = try parse(["/etc/redis.conf", "--port", "7000", "--save", "900", "1", "300", "10"])
        #expect(f == "/etc/redis.conf")
        #expect(d == "\nport \"7000\" \nsave \"900\" \"1\" \"300\" \"10\" ")
        let c = ServerConfig()
        try c.loadConfigText(d)
        #expect(c.port == 7000 && c.get("save") == "900 1 300 10")
    }

    @Test func relativeConfigPathBecomesAbsolute() throws {
        let (f, _) = try parse(["redis.conf"])
        #expect(f?.hasPrefix("/") == true && f?.hasSuffix("/redis.conf") == true)
    }

    @Test func emptySaveForms() throws {
        #expect(try parse(["--save", ""]).1 == "\nsave \"\" ")
        #expect(try parse(["--save"]).1 == "\nsave \"\"")
        #expect(try parse(["--save", "--loglevel", "debug"]).1 == "\nsave \"\"\nloglevel \"debug\" ")
        let c = ServerConfig()
        try c.loadConfigText(try parse(["--save", "--loglevel", "debug"]).1)
        #expect(c.saveParams.isEmpty && c.loglevel == .debug)
    }

    @Test func optionWithoutValueSwallowsNextOption() throws {
        let d = try parse(["--port", "--loglevel", "bad"]).1
        #expect(d == "\nport \"--loglevel\" \"bad\" ")
        #expect(loadError(d) == fatal(line: 2, "port \"--loglevel\" \"bad\"", "wrong number of arguments"))
    }

    @Test func valuesAreReprQuoted() throws {
        let d = try parse(["--port", "0", "--loglevel", "bad\"x\\ny"]).1
        #expect(loadError(d) == fatal(line: 3, #"loglevel "bad\"x\\ny""#,
            "argument(s) must be one of the following: debug, verbose, notice, warning"))
    }

    @Test func stdinDash() throws {
        let (f, d) = try parse(["-", "--loglevel", "bad"], stdin: "port 0\n")
        #expect(f == nil)
        #expect(loadError(d) == fatal(line: 3, "loglevel \"bad\"",
            "argument(s) must be one of the following: debug, verbose, notice, warning"))
        let (_, d2) = try parse(["--port", "0", "-"], stdin: "loglevel bad\n")
        #expect(loadError(d2) == fatal(line: 1, "loglevel bad",
            "argument(s) must be one of the following: debug, verbose, notice, warning"))
    }

    @Test func nameAndValueInOneArgument() throws {
        #expect(try parse(["--port 7000", "--hz", "20"]).1 == "\nport 7000 \nhz \"20\" ")
    }

    @Test func startupFileThenOptions() throws {
        let tmp = TestFS.makeTempDir()
        defer { TestFS.removeTree(tmp) }
        TestFS.write(tmp + "/r.conf", "port 7001\nhz 20\n")
        let (f, d) = try parse([tmp + "/r.conf", "--port", "7002", "--loglevel", "nope"])
        let c = ServerConfig()
        do {
            try c.loadStartupConfig(configFile: f, directives: d)
            Issue.record("expected failure")
        } catch let e as ConfigLoadError {
            // file has 2 lines + trailing empty, then "\n" joins the options.
            #expect(e.message == fatal(line: 5, "loglevel \"nope\"",
                "argument(s) must be one of the following: debug, verbose, notice, warning"))
        }
        let ok = ServerConfig()
        try ok.loadStartupConfig(configFile: f, directives: try parse([tmp + "/r.conf", "--port", "7002"]).1)
        #expect(ok.port == 7002 && ok.hz == 20 && ok.configFilePath == tmp + "/r.conf")
    }

    @Test func missingConfigFile() throws {
        do {
            try ServerConfig().loadStartupConfig(configFile: "/nonexistent/r.conf", directives: "\n")
            Issue.record("expected failure")
        } catch let e as ConfigLoadError {
            #expect(e.kind == .openFile)
            #expect(e.message == "Fatal error, can't open config file '/nonexistent/r.conf': No such file or directory")
        }
    }
}

@Suite struct IncludeTests {
    @Test func includeErrorsReportIncludedLine() throws {
        let tmp = TestFS.makeTempDir()
        defer { TestFS.removeTree(tmp) }
        TestFS.write(tmp + "/inc1.conf", "port 0\n\nloglevel bad\n")
        #expect(loadError("include \(tmp)/inc1.conf\nsave 1 1\n") == fatal(line: 3, "loglevel bad",
            "argument(s) must be one of the following: debug, verbose, notice, warning"))
    }

    @Test func includeGlobAndMissing() throws {
        let tmp = TestFS.makeTempDir()
        defer { TestFS.removeTree(tmp) }
        TestFS.write(tmp + "/a.conf", "hz 20\n")
        TestFS.write(tmp + "/b.conf", "port 7003\n")
        let c = ServerConfig()
        try c.loadConfigText("include \(tmp)/*.conf\ninclude \(tmp)/none*.conf")
        #expect(c.hz == 20 && c.port == 7003)
        do {
            try ServerConfig().loadConfigText("include \(tmp)/nonexist.conf")
            Issue.record("expected failure")
        } catch let e as ConfigLoadError {
            #expect(e.message == "Fatal error, can't open config file '\(tmp)/nonexist.conf': No such file or directory")
        }
    }

    @Test func saveAfterIncludeReplaces() throws {
        // redis 7.0.15 quirk: after an include, each save line resets the list.
        let tmp = TestFS.makeTempDir()
        defer { TestFS.removeTree(tmp) }
        TestFS.write(tmp + "/empty.conf", "")
        let c = ServerConfig()
        try c.loadConfigText("include \(tmp)/empty.conf\nsave 900 1\nsave 300 10")
        #expect(c.get("save") == "300 10")
    }
}
