// CONFIG GET / SET / RESETSTAT / REWRITE / HELP: the server side of the Config module
// (Redis's config.c command half).
//
// The Config module owns every directive: parsing, validation, error texts, globbing,
// atomic multi-directive SET with rollback, and REWRITE. This file turns its results
// into replies, and registers the apply hooks for directives the running server must act
// on the moment they change (Redis's apply functions):
//   maxclients                 raise RLIMIT_NOFILE to fit, or refuse with the number that fits
//   port, bind                 open the new listening sockets first, then close the old ones;
//                              on failure the old ones stay and the change is refused
//   dir                        chdir
//   maxmemory                  warn when below current usage, then evict
//   maxmemory-policy,
//   notify-keyspace-events     refresh the values cached for the request path
// Everything else is read from `config` where it is used (hz by the loop, loglevel by the
// logger, timeouts by the cron...), so a change takes effect at its next use, as in Redis.
// A hook that fails makes the Config module restore every value and re-run the hooks it
// already ran; the hooks are idempotent so that re-run is harmless.

import Config
import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

extension Server {
    static func configCommands() -> [(String, CommandHandler)] {
        [
            ("config|get", { s, c in s.configGetCommand(c) }),
            ("config|set", { s, c in s.configSetCommand(c) }),
            ("config|resetstat", { s, c in s.resetStatistics(); c.addOK() }),
            ("config|rewrite", { s, c in s.configRewriteCommand(c) }),
            ("config|help", { _, c in c.addHelpReply("CONFIG", [
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>",
                "    Set the configuration <directive> to <value>.",
                "RESETSTAT",
                "    Reset statistics reported by the INFO command.",
                "REWRITE",
                "    Rewrite the configuration file.",
            ]) }),
        ]
    }

    func configGetCommand(_ c: Client) {
        var patterns: [String] = []
        for i in 2..<c.argc { patterns.append(c.argString(i)) }
        let pairs = config.configGet(patterns: patterns)
        c.addMapLen(pairs.count)
        for (name, value) in pairs {
            c.addBulk(string: name)
            c.addBulk(string: value)
        }
    }

    func configSetCommand(_ c: Client) {
        if c.argc % 2 != 0 {
            c.addErrorSyntax()
            return
        }
        var pairs: [(String, String)] = []
        var i = 2
        while i + 1 < c.argc {
            pairs.append((c.argString(i), c.argString(i + 1)))
            i += 2
        }
        if let err = config.configSet(pairs, clientIsLocal: isLocalClient(c)) {
            c.addError(err.message)
            return
        }
        c.addOK()
    }

    /// A client on the loopback interface or a Unix socket ("local" for protected configs
    /// and enable-debug-command local).
    func isLocalClient(_ c: Client) -> Bool {
        if c.flags.contains(.unixSocket) { return true }
        guard let colon = c.peer.lastIndex(of: ":") else { return false }
        return isLoopback(String(c.peer[..<colon]))
    }

    func configRewriteCommand(_ c: Client) {
        do {
            try config.rewrite()
            log.notice("CONFIG REWRITE executed with success.")
            c.addOK()
        } catch let e as ConfigRewriteError where e.errno == 0 {
            c.addError("ERR \(e.message)")
        } catch {
            log.warning("CONFIG REWRITE failed: \(error)")
            c.addError("ERR Rewriting config file: \(error)")
        }
    }

    // MARK: apply hooks

    /// Registers the hooks for directives the running server must act on (see top comment).
    public func installConfigHooks() {
        config.applyHooks["maxclients"] = { [unowned self] _ in self.applyMaxclients() }
        config.applyHooks["port"] = { [unowned self] _ in
            self.rebindTCP() ? nil : "Unable to listen on this port"
        }
        config.applyHooks["bind"] = { [unowned self] _ in
            self.rebindTCP() ? nil : "Failed to bind to specified addresses."
        }
        config.applyHooks["dir"] = { cfg in
            chdir(cfg.dir) == 0 ? nil : String(cString: strerror(errno))
        }
        config.applyHooks["maxmemory"] = { [unowned self] cfg in
            if cfg.maxmemory > 0 {
                let used = self.usedMemory()
                if cfg.maxmemory < UInt64(used) {
                    self.log.warning("WARNING: the new maxmemory value set via CONFIG SET (\(cfg.maxmemory)) is smaller than the current memory usage (\(used)). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.")
                }
                _ = self.performEvictions()
            }
            return nil
        }
        config.applyHooks["maxmemory-policy"] = { [unowned self] _ in self.refreshConfigCache(); return nil }
        config.applyHooks["notify-keyspace-events"] = { [unowned self] _ in self.refreshConfigCache(); return nil }
    }

    /// Makes room for maxclients + 32 descriptors, or says how many clients would fit.
    func applyMaxclients() -> String? {
        let reserved = 32
        let wanted = rlim_t(config.maxclients + reserved)
        var lim = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &lim) == 0 else { return nil }
        if lim.rlim_cur >= wanted { return nil }
        var l = lim
        l.rlim_cur = wanted
        if l.rlim_max < wanted { l.rlim_max = wanted }
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &l) == 0 { return nil }
        // Take what the hard limit allows, and report how many clients that is.
        l = lim
        l.rlim_cur = lim.rlim_max
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &l) == 0 { lim = l }
        let usable = max(1, Int(lim.rlim_cur) - reserved)
        log.warning("You requested maxclients of \(config.maxclients) requiring at least \(wanted) max file descriptors.")
        log.warning("Current maximum open files is \(lim.rlim_cur). maxclients has been reduced to \(usable) to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.")
        return "The operating system is not able to handle the specified number of clients, try with \(usable)"
    }

    /// Listens on the configured port and bind addresses. New sockets are opened before
    /// the old ones close, so a failure leaves the server listening where it was.
    /// Returns true when the listeners match the configuration (already, or now).
    func rebindTCP() -> Bool {
        let port = config.port
        let wanted = bindAddresses(port: port)
        let current = listeners.filter { !$0.unix }.map(\.name)
        if current == wanted.map({ "\($0.addr):\(port)" }) { return true }
        guard let opened = openTCPListeners(wanted, port: port) else {
            log.warning("Failed to bind")
            return false
        }
        for l in listeners where !l.unix {
            epoll.remove(l.fd)
            close(l.fd)
        }
        listeners.removeAll { !$0.unix }
        for o in opened {
            listeners.append((o.fd, false, o.name))
            _ = epoll.add(o.fd, .readable)
        }
        return true
    }

    /// The `bind` addresses to listen on for `port` (none when it is 0); a leading "-" marks
    /// an address that may fail to bind.
    func bindAddresses(port: Int) -> [(addr: String, optional: Bool)] {
        guard port != 0 else { return [] }
        return config.bind.map { addr in
            addr.hasPrefix("-") ? (String(addr.dropFirst()), true) : (addr, false)
        }
    }

    /// Opens a listening socket on `port` at each address. Optional addresses, and IPv6 on a
    /// host without it, may fail (as at start-up); any other failure closes what was opened
    /// and returns nil. Shared by the plain and the TLS port.
    func openTCPListeners(_ wanted: [(addr: String, optional: Bool)], port: Int) -> [(fd: Int32, name: String)]? {
        var opened: [(fd: Int32, name: String)] = []
        for w in wanted {
            do {
                let fd = try Sockets.listenTCP(host: w.addr, port: port, backlog: config.tcpBacklog)
                opened.append((fd, "\(w.addr):\(port)"))
            } catch {
                log.warning("Warning: \(error)")
                var code: Int32 = 0
                if case EventLoopError.system(_, let e) = error { code = e }
                if w.optional || code == EAFNOSUPPORT || (code == EADDRNOTAVAIL && w.addr.contains(":")) { continue }
                for o in opened { close(o.fd) }
                return nil
            }
        }
        return opened
    }
}
