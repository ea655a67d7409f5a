// ServerMain: the process entry (redis-server's main()): command-line parsing,
// --version/--help, the configuration, daemonize and pidfile, then the event loop.
//
// After the server is built it gets its CONFIG SET apply hooks (ConfigCommand.swift) and
// the memory figure INFO calls used_memory_startup. The pid file is written when one is
// configured, or at Redis's default path (/var/run/redis.pid) when daemonized without
// one; the path written is remembered so shutdown removes that same file.

import Config
import CSystem
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

public enum ServerMain {
    public static func run(_ args: [String]) -> Int32 {
        let argv0 = args.first ?? "structd-server"
        let rest = Array(args.dropFirst())
        if rest.count == 1 {
            switch rest[0] {
            case "-v", "--version":
                print("StructD server v=\(structdVersion) redis=7.0.15 sha=00000000:0 malloc=libc bits=64 build=swift")
                return 0
            case "-h", "--help":
                printUsage(argv0)
                return 1
            default: break
            }
        }
        let config = ServerConfig()
        Server.installConfigValidation(config)   // `user` and `rename-command` lines (ACL/ACLSetup.swift)
        do {
            let (file, directives) = try ServerConfig.parseCommandLine(rest)
            try config.loadStartupConfig(configFile: file, directives: directives)
        } catch {
            let msg = "\(error)"
            _ = (msg.hasSuffix("\n") ? msg : msg + "\n").withCString { write(2, $0, strlen($0)) }
            return 1
        }
        if config.daemonize {
            if structd_daemonize() != 0 {
                _ = "Can't daemonize\n".withCString { write(2, $0, strlen($0)) }
                return 1
            }
        }
        let log = Logger(config: config)
        // Before the server exists Redis logs with role "C"; so do we.
        log.emit(.warning, { "oO0OoO0OoO0Oo StructD is starting oO0OoO0OoO0Oo" }, role: "C")
        log.emit(.warning, { "StructD version=\(structdVersion) (Redis 7.0.15 compatible), bits=64, commit=00000000, modified=0, pid=\(getpid()), just started" }, role: "C")
        if rest.isEmpty {
            log.emit(.warning, { "Warning: no config file specified, using the default config. In order to specify a config file use \(argv0) /path/to/redis.conf" }, role: "C")
        } else {
            log.emit(.warning, { "Configuration loaded" }, role: "C")
        }
        var pidfilePath: String? = nil
        if !config.pidfile.isEmpty || config.daemonize {
            let path = config.pidfile.isEmpty ? "/var/run/redis.pid" : config.pidfile
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd >= 0 {
                let s = "\(getpid())\n"
                _ = s.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                pidfilePath = path
            } else {
                log.warning("Failed to write PID file: \(String(cString: strerror(errno)))")
            }
        }
        let server: Server
        do {
            server = try Server(config: config)
            server.installConfigHooks()
            server.installTLSHooks()
            server.admin.pidfilePath = pidfilePath
            log.notice("monotonic clock: POSIX clock_gettime")
            log.notice("Running mode=standalone, port=\(config.port != 0 ? config.port : config.tlsPort).")
            try server.start()
            server.admin.startupMemory = server.usedMemory()
        } catch {
            log.warning("\(error)")
            return 1
        }
        return server.run()
    }

    static func printUsage(_ argv0: String) {
        let u = """
        Usage: \(argv0) [/path/to/redis.conf] [options] [-]
               \(argv0) - (read config from stdin)
               \(argv0) -v or --version
               \(argv0) -h or --help

        Examples:
               \(argv0) (run the server with default conf)
               echo 'maxmemory 128mb' | \(argv0) -
               \(argv0) /etc/redis/6379.conf
               \(argv0) --port 7777
               \(argv0) /etc/myredis.conf --loglevel verbose -
               \(argv0) /etc/myredis.conf --loglevel verbose

        """
        _ = u.withCString { write(2, $0, strlen($0)) }
    }
}
