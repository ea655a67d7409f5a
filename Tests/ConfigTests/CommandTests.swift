// CommandTests.swift — CONFIG GET (globs, aliases, hidden, order) and CONFIG
// SET (error texts and precedence, atomicity, apply hooks with rollback),
// checked against replies captured from redis-server 7.0.15.

import Testing
@testable import Config

@Suite struct TableTests {
    @Test func nameListEqualsRedis7015() {
        let c = ServerConfig()
        let names = c.configGet(patterns: ["*"]).map { $0.0 }
        #expect(names == Redis7015.names.sorted())
        #expect(names.count == 192)
        var all = Set(DirectiveTable.all.map { $0.name })
        all.formUnion(DirectiveTable.all.compactMap { $0.alias })
        #expect(all == Set(Redis7015.names).union(Redis7015.hidden))
    }

    @Test func defaultsEqualRedis7015() {
        let c = ServerConfig()
        let got = Dictionary(uniqueKeysWithValues: c.configGet(patterns: ["*"]))
        for (name, value) in Redis7015.defaults {
            #expect(got[name] == value, "\(name)")
        }
        #expect(got["dir"] == ConfigValues.currentDirectory())
        for spec in DirectiveTable.all where spec.name != "dir" {
            #expect(c.isDefault(spec.name) == true, "\(spec.name)")
        }
    }

    @Test func immutableAndProtectedSplit() {
        let immutable = Set(DirectiveTable.all.filter { $0.flags.contains(.immutable) }.flatMap { [$0.name] + ($0.alias.map { [$0] } ?? []) })
        #expect(immutable == ["aclfile", "always-show-logo", "aof_rewrite_cpulist", "appenddirname", "appendfilename",
            "bgsave_cpulist", "bio_cpulist", "cluster-config-file", "cluster-enabled", "cluster-port", "daemonize",
            "databases", "disable-thp", "enable-debug-command", "enable-module-command", "enable-protected-configs",
            "io-threads", "io-threads-do-reads", "logfile", "pidfile", "rdbchecksum", "replicaof", "server_cpulist",
            "set-proc-title", "slaveof", "socket-mark-id", "supervised", "syslog-enabled", "syslog-facility",
            "syslog-ident", "tcp-backlog", "unixsocket", "unixsocketperm"])
        #expect(Set(DirectiveTable.all.filter { $0.flags.contains(.protected) }.map { $0.name }) == ["dbfilename", "dir"])
        #expect(DirectiveTable.isSensitive("REQUIREPASS") && DirectiveTable.isSensitive("masterauth"))
        #expect(!DirectiveTable.isSensitive("port"))
    }

    @Test func setProbeMatchesRedis7015() {
        for row in Redis7015SetProbe.rows {
            let c = ServerConfig()
            let err = c.configSet([(row.name, row.value)])
            #expect(err?.message == row.error, "CONFIG SET \(row.name) \(row.value)")
        }
    }
}

@Suite struct ConfigGetTests {
    @Test func ziplistAliases() {
        let r = ServerConfig().configGet(patterns: ["*ziplist*"])
        #expect(r.map { $0.0 } == ["hash-max-ziplist-entries", "hash-max-ziplist-value", "list-max-ziplist-size",
                                   "zset-max-ziplist-entries", "zset-max-ziplist-value"])
        #expect(r.map { $0.1 } == ["512", "64", "-2", "128", "64"])
    }

    @Test func exactNamesKeepSpellingAndDeduplicate() {
        let c = ServerConfig()
        #expect(c.configGet(patterns: ["MAXMEMORY"]).map { "\($0.0)=\($0.1)" } == ["MAXMEMORY=0"])
        let r = c.configGet(patterns: ["maxmemory", "MAXMEMORY", "maxmem*"])
        #expect(r.map { $0.0 } == ["maxmemory", "maxmemory-clients", "maxmemory-eviction-tenacity",
                                   "maxmemory-policy", "maxmemory-samples"])
        let p = c.configGet(patterns: ["slave-priority", "replica-priority", "*priority*"])
        #expect(p.map { $0.0 } == ["slave-priority", "replica-priority"])
        #expect(c.configGet(patterns: ["po?t", "p\\ort", "[p]ort", "[^a-o]ort", "PORT"]).map { $0.0 } == ["port"])
        #expect(c.configGet(patterns: ["*["]).isEmpty)
        #expect(c.configGet(patterns: ["hz\\"]).isEmpty)
        #expect(c.configGet(patterns: ["nosuch"]).isEmpty)
    }

    @Test func hiddenOnlyByExactName() {
        let c = ServerConfig()
        #expect(c.configGet(patterns: ["*delay*"]).map { $0.0 } == ["repl-diskless-sync-delay", "repl-disable-tcp-nodelay"].sorted())
        #expect(c.configGet(patterns: ["key-load-delay"]).map { "\($0.0)=\($0.1)" } == ["key-load-delay=0"])
        #expect(c.get("loading-process-events-interval-bytes") == "2097152")
    }

    @Test func patternsInArgumentOrder() {
        let r = ServerConfig().configGet(patterns: ["port", "h?", "bind"])
        #expect(r.map { $0.0 } == ["port", "hz", "bind"])
        #expect(r.map { $0.1 } == ["6379", "10", "* -::*"])
    }
}

@Suite struct ConfigSetTests {
    @Test func errorTextsAndPrecedence() {
        let c = ServerConfig()
        #expect(c.configSet([("foo", "1")])?.message == "ERR Unknown option or number of arguments for CONFIG SET - 'foo'")
        #expect(c.configSet([("databases", "2")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config")
        #expect(c.configSet([("maxmemory", "x")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value")
        #expect(c.configSet([("port", "1"), ("port", "2")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'port') - duplicate parameter")
        #expect(c.configSet([("maxmemory", "1"), ("MAXMEMORY", "2")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'MAXMEMORY') - duplicate parameter")
        #expect(c.configSet([("foo", "1"), ("maxmemory", "1")])?.message ==
            "ERR Unknown option or number of arguments for CONFIG SET - 'foo'")
        #expect(c.configSet([("maxmemory", "x"), ("foo", "1")])?.message ==
            "ERR Unknown option or number of arguments for CONFIG SET - 'foo'")
        #expect(c.configSet([("daemonize", "yes"), ("foo", "1")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config")
        #expect(c.configSet([("maxmemory", "x"), ("daemonize", "yes")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config")
        #expect(c.configSet([("maxmemory", "5"), ("maxmemory", "6"), ("daemonize", "x")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter")
        #expect(c.configSet([("dir", "/tmp")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config")
        #expect(c.configSet([("slave-priority", "x")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'slave-priority') - argument couldn't be parsed into an integer")
        #expect(c.get("maxmemory") == "0")
    }

    @Test func aliasAndNameAreNotDuplicates() {
        let c = ServerConfig()
        #expect(c.configSet([("lua-time-limit", "100"), ("busy-reply-threshold", "200")]) == nil)
        #expect(c.get("busy-reply-threshold") == "200" && c.luaTimeLimit == 200)
        #expect(c.configSet([("replica-priority", "1"), ("slave-priority", "2")]) == nil)
        #expect(c.get("replica-priority") == "2")
    }

    @Test func memoryPercentAndUnits() {
        let c = ServerConfig()
        #expect(c.configSet([("maxmemory", "1k")]) == nil && c.get("maxmemory") == "1000")
        #expect(c.configSet([("maxmemory", "1KB")]) == nil && c.maxmemory == 1024)
        #expect(c.configSet([("maxmemory", "")]) == nil && c.maxmemory == 0)
        #expect(c.configSet([("maxmemory", "99999999999999999999999")]) == nil)
        #expect(c.get("maxmemory") == "18446744073709551615")
        #expect(c.configSet([("maxmemory-clients", "50%")]) == nil && c.get("maxmemory-clients") == "50%")
        #expect(c.configSet([("maxmemory-clients", "0%")]) == nil && c.get("maxmemory-clients") == "0")
        #expect(c.configSet([("maxmemory-clients", "-1")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value")
        #expect(c.configSet([("hz", "05")]) != nil)
        #expect(c.configSet([("hz", "0")]) == nil && c.get("hz") == "1")
    }

    @Test func replBacklogMinimumOnlyOnConfigSet() throws {
        let c = ServerConfig()
        #expect(c.configSet([("repl-backlog-size", "1k")]) == nil && c.get("repl-backlog-size") == "16384")
        #expect(c.replBacklogSize == 16384)
        let d = ServerConfig()
        try d.loadConfigText("repl-backlog-size 1")
        #expect(d.get("repl-backlog-size") == "1")
    }

    @Test func multiArgValuesSplitOnSingleSpaces() {
        let c = ServerConfig()
        #expect(c.configSet([("save", "900 1 300 10")]) == nil && c.get("save") == "900 1 300 10")
        #expect(c.configSet([("save", "900  1")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters")
        #expect(c.configSet([("save", "")]) == nil && c.saveParams.isEmpty)
        #expect(c.configSet([("save", "0 1")]) != nil)
        #expect(c.configSet([("save", "1 0")]) == nil && c.get("save") == "1 0")
        #expect(c.configSet([("client-output-buffer-limit", "pubsub 1mb 2k 5 replica 1 2 3")]) == nil)
        #expect(c.get("client-output-buffer-limit") == "normal 0 0 0 slave 1 2 3 pubsub 1048576 2000 5")
        #expect(c.configSet([("client-output-buffer-limit", "master 1 2 3")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.")
        #expect(c.configSet([("client-output-buffer-limit", "normal 1 2 -3")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.")
        #expect(c.configSet([("client-output-buffer-limit", "NORMAL 1 2 3")]) == nil)
        #expect(c.clientOutputBufferLimits.normal == ClientOutputBufferLimit(hardLimitBytes: 1, softLimitBytes: 2, softLimitSeconds: 3))
        #expect(c.configSet([("client-output-buffer-limit", "")]) == nil)
        #expect(c.configSet([("oom-score-adj-values", "1 2 3000")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - Invalid oom-score-adj-values, elements must be between -2000 and 2000.")
        #expect(c.configSet([("latency-tracking-info-percentiles", "50 99.5 0 100 33.333333333")]) == nil)
        #expect(c.get("latency-tracking-info-percentiles") == "50 99.5 0 100 33.333333")
        #expect(c.configSet([("latency-tracking-info-percentiles", "1e1 0x10")]) == nil)
        #expect(c.get("latency-tracking-info-percentiles") == "10 16")
        #expect(c.configSet([("shutdown-on-sigint", "save nosave")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - shutdown options SAVE and NOSAVE can't be used simultaneously")
        #expect(c.configSet([("shutdown-on-sigint", "")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - argument(s) must be one of the following: default, save, nosave, now, force")
        #expect(c.configSet([("loglevel", "debug verbose")]) != nil)
        #expect(c.configSet([("loglevel", "DEBUG")]) == nil && c.get("loglevel") == "debug" && c.loglevel == .debug)
        #expect(c.configSet([("bind", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'bind') - Too many bind addresses specified.")
        #expect(c.configSet([("bind", "127.0.0.1 -::1")]) == nil && c.bind == ["127.0.0.1", "-::1"])
    }

    @Test func stringValidators() {
        let c = ServerConfig()
        #expect(c.configSet([("proc-title-template", "{bogus}")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'proc-title-template') - template format is invalid or contains unknown variables")
        for bad in ["{title}", "{server-mode}", "{unixsocket}", " ", "a{", "{title", "x{}", "{TITLE}", ""] {
            #expect(c.configSet([("proc-title-template", bad)]) != nil, "\(bad)")
        }
        for good in ["{config-file}", "{port}", "{tls-port}", "{listen-addr}", "a}", "{{", "}}", "x{{y"] {
            #expect(c.configSet([("proc-title-template", good)]) == nil, "\(good)")
        }
        #expect(c.configSet([("cluster-announce-hostname", "a_b")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-hostname') - Hostnames may only contain alphanumeric characters, hyphens or dots")
        #expect(c.configSet([("cluster-announce-hostname", String(repeating: "a", count: 300))])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-hostname') - Hostnames must be less than 256 characters")
        #expect(c.configSet([("replica-announce-ip", "")]) == nil && c.get("replica-announce-ip") == "")
    }

    @Test func protectedConfigs() throws {
        let c = ServerConfig()
        try c.loadConfigText("enable-protected-configs local")
        #expect(c.configSet([("dbfilename", "x.rdb")]) != nil)
        #expect(c.configSet([("dbfilename", "a/b")], clientIsLocal: true)?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename")
        #expect(c.configSet([("dbfilename", "")], clientIsLocal: true) == nil && c.get("dbfilename") == "")
        #expect(c.configSet([("dir", "/nonexistent")], clientIsLocal: true)?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory")
        #expect(c.configSet([("dir", "/etc/passwd")], clientIsLocal: true)?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'dir') - Not a directory")
        let tmp = TestFS.makeTempDir()
        defer { TestFS.removeTree(tmp) }
        _ = mkdirSub(tmp + "/sub")
        #expect(c.configSet([("dir", tmp)], clientIsLocal: true) == nil)
        #expect(c.configSet([("dir", "sub")], clientIsLocal: true) == nil)
        #expect(c.dir.hasSuffix("/sub"))
    }

    @Test func loadingDeniesSomeConfigs() {
        let c = ServerConfig()
        c.loading = true
        #expect(c.configSet([("appendonly", "yes")])?.message == "LOADING Redis is loading the dataset in memory")
        #expect(c.configSet([("maxmemory", "1mb")]) == nil)
    }

    @Test func atomicValidationFailureRollsBackEverything() {
        let c = ServerConfig()
        #expect(c.configSet([("maxmemory", "1mb"), ("hz", "20"), ("timeout", "x")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer")
        #expect(c.maxmemory == 0 && c.hz == 10 && c.get("maxmemory") == "0")
    }

    @Test func applyHooksRunAndVetoWithRollback() {
        let c = ServerConfig()
        var calls: [String] = []
        c.applyHooks["maxmemory"] = { cfg in calls.append("maxmemory=\(cfg.maxmemory)"); return nil }
        c.applyHooks["port"] = { cfg in
            calls.append("port=\(cfg.port)")
            return cfg.port == 1 ? "Unable to listen on this port. Check server logs." : nil
        }
        #expect(c.configSet([("maxmemory", "1mb"), ("port", "7000")]) == nil)
        #expect(calls == ["maxmemory=1048576", "port=7000"])
        calls = []
        // Unchanged values do not trigger hooks.
        #expect(c.configSet([("port", "7000")]) == nil)
        #expect(calls.isEmpty)
        #expect(c.configSet([("maxmemory", "2mb"), ("port", "1"), ("hz", "50")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.")
        #expect(c.maxmemory == 1 << 20 && c.port == 7000 && c.hz == 10)
        // maxmemory applied, port vetoed, then both re-applied with the restored values.
        #expect(calls == ["maxmemory=2097152", "port=1", "maxmemory=1048576", "port=7000"])
    }

    @Test func hookErrorNamesTheAliasUsed() {
        let c = ServerConfig()
        c.applyHooks["replica-priority"] = { _ in "nope" }
        #expect(c.configSet([("slave-priority", "5")])?.message ==
            "ERR CONFIG SET failed (possibly related to argument 'slave-priority') - nope")
        #expect(c.get("replica-priority") == "100")
    }
}

#if canImport(Glibc)
import Glibc
#endif
func mkdirSub(_ p: String) -> Int32 { mkdir(p, 0o755) }
