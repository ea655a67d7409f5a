// Server commands: the family list, and the small keyspace-wide and process commands
// (Redis's server.c / db.c parts): DBSIZE, FLUSHDB, FLUSHALL, TIME, LASTSAVE, SHUTDOWN.
//
// The family's bigger commands live in their own files, each with its own top comment:
// INFO (Info.swift), CONFIG (ConfigCommand.swift), COMMAND (CommandCommand.swift),
// SLOWLOG (SlowlogCommand.swift), DEBUG (DebugCommand.swift, with Digest.swift).
//
// `AdminState` is the family's own state on the server (`server.admin`): what INFO needs
// that no other subsystem keeps (used_memory_startup, the replication id INFO shows),
// the gauges other subsystems publish for INFO (pub/sub channel counts, tracking keys...),
// and the snapshot hook persistence plugs in. It is a class so that a hook registered by
// another subsystem is one assignment, with no copy of the struct.
//
// Persistence does not exist yet. Redis saves an RDB on SHUTDOWN (when save points are
// configured or SAVE is given) and after FLUSHALL (when save points are configured). Both
// go through `admin.snapshotSave`; while nothing is registered there is no snapshot to
// write: SHUTDOWN logs that the dataset is not saved and exits, exactly as it does with
// NOSAVE, and FLUSHALL only counts its deletions in the dirty counter.

import Config
import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

/// The server family's state (see the file comment).
public final class AdminState {
    /// used_memory right after start-up (INFO used_memory_startup / dataset figures).
    var startupMemory = 0
    /// INFO replication's master_replid: a random 40-hex id per process, as Redis makes
    /// (DEBUG CHANGE-REPL-ID draws a new one).
    var replicationId: String
    /// Named INFO values owned by other subsystems ("pubsub_channels", "tracking_clients",
    /// "blocked_clients"...). A field with no gauge reports its idle value, 0.
    public var gauges: [String: () -> Int64] = [:]
    /// The pid file this process wrote (removed at shutdown).
    public var pidfilePath: String? = nil
    /// Writes a snapshot of the dataset (RDB). Returns false on failure. nil: no persistence.
    public var snapshotSave: (() -> Bool)? = nil

    init() {
        replicationId = AdminState.randomId()
    }

    static func randomId() -> String {
        let hex = Array("0123456789abcdef")
        return String((0..<40).map { _ in hex[Int(randomUInt64() & 15)] })
    }

    func gauge(_ name: String) -> Int64 { gauges[name]?() ?? 0 }
}

extension Server {
    static func serverCommands() -> [(String, CommandHandler)] {
        [
            ("dbsize", { s, c in c.addInt(s.databases[c.dbIndex].count) }),
            ("flushdb", { s, c in s.flushCommand(c, all: false) }),
            ("flushall", { s, c in s.flushCommand(c, all: true) }),
            ("time", { s, c in s.timeCommand(c) }),
            ("lastsave", { s, c in c.addInt(s.lastSaveUnix) }),
            ("shutdown", { s, c in s.shutdownCommand(c) }),
            ("info", { s, c in s.infoCommand(c) }),
        ]
        + configCommands()
        + commandCommands()
        + slowlogCommands()
        + debugCommands()
    }

    // MARK: FLUSHDB / FLUSHALL

    /// FLUSHDB / FLUSHALL [ASYNC|SYNC]: no option means lazyfree-lazy-user-flush decides.
    func flushCommand(_ c: Client, all: Bool) {
        var async = config.lazyfreeLazyUserFlush
        if c.argc > 2 {
            c.addErrorSyntax()
            return
        }
        if c.argc == 2 {
            if c.argIs(1, "sync") {
                async = false
            } else if c.argIs(1, "async") {
                async = true
            } else {
                c.addErrorSyntax()
                return
            }
        }
        let targets = all ? databases : [databases[c.dbIndex]]
        // FLUSHALL ends a running BGSAVE, as Redis kills its child (docs/snapshot.md, 6).
        if all { killBackgroundSave(shutdown: false) }
        var removed = 0
        for db in targets {
            signalFlushedDatabase(db)
            removed += db.flush(async: async)
        }
        trackingInvalidateKeysOnFlush()
        dirty += Int64(removed)
        if all, !config.saveParams.isEmpty, let save = admin.snapshotSave {
            // Redis rewrites the snapshot right away, so the empty dataset is what survives.
            let saveNow = { [unowned self] in
                if save() {
                    self.dirty = 0
                    self.lastSaveUnix = wallClockMicros() / 1_000_000
                }
            }
            // In a transactional script or TXN.MULTI: only once committed (UndoLog.swift).
            if let u = undo { u.hold(.run(saveNow)) } else { saveNow() }
        }
        c.addOK()
    }

    /// Tells WATCH / tracking that every key of `db` is about to disappear.
    func signalFlushedDatabase(_ db: Database) {
        if keyModifiedHooks.isEmpty || db.count == 0 { return }
        for e in db.keys.entries() {
            e.key.withBytes { signalModifiedKey($0, dbIndex: db.id) }
        }
    }

    // MARK: TIME

    func timeCommand(_ c: Client) {
        let now = wallClockMicros()
        c.addArrayLen(2)
        c.addBulkInt(now / 1_000_000)
        c.addBulkInt(now % 1_000_000)
    }

    // MARK: SHUTDOWN

    /// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. A shutdown that goes ahead sends no
    /// reply: the server stops and the connection closes. There are no replicas to wait
    /// for, so a shutdown is never left in progress and ABORT always finds none; NOW and
    /// FORCE are accepted (FORCE matters when a snapshot fails).
    func shutdownCommand(_ c: Client) {
        var nosave = false, save = false, now = false, force = false, abort = false
        for i in 1..<c.argc {
            if c.argIs(i, "nosave") {
                nosave = true
            } else if c.argIs(i, "save") {
                save = true
            } else if c.argIs(i, "now") {
                now = true
            } else if c.argIs(i, "force") {
                force = true
            } else if c.argIs(i, "abort") {
                abort = true
            } else {
                c.addErrorSyntax()
                return
            }
        }
        if (abort && (nosave || save || now || force)) || (nosave && save) {
            c.addErrorSyntax()
            return
        }
        if abort {
            c.addError("ERR No shutdown in progress.")
            return
        }
        if !now && c.flags.contains(.lua) {
            c.addError("ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client")
            return
        }
        if prepareShutdown(nosave: nosave, save: save, now: now, force: force) {
            exitCode = 0
            shutdownAsap = true
        } else {
            c.addError("ERR Errors trying to SHUTDOWN. Check logs.")
        }
    }

    /// Redis's prepareForShutdown: save if asked or configured (unless NOSAVE), then the
    /// files the process owns are removed by finishShutdown. False when the snapshot
    /// failed and FORCE was not given: the server keeps running.
    func shutdownChecks(nosave: Bool, save: Bool, force: Bool) -> Bool {
        log.warning("User requested shutdown...")
        killBackgroundSave(shutdown: true)
        if save || (!nosave && !config.saveParams.isEmpty) {
            log.notice("Saving the final RDB snapshot before exiting.")
            if let snapshot = admin.snapshotSave {
                if snapshot() {
                    log.notice("DB saved on disk")
                } else if force {
                    log.warning("Error trying to save the DB. Exit anyway.")
                } else {
                    log.warning("Error trying to save the DB, can't exit.")
                    log.warning("Errors trying to shut down the server. Check the logs for more information.")
                    return false
                }
            } else {
                log.warning("No persistence is available: the dataset is not saved.")
            }
        }
        return true
    }

    /// A SIGTERM / SIGINT caught by the cron: shutdown-on-sigterm / shutdown-on-sigint
    /// choose the options, as if SHUTDOWN had been sent with them.
    func shutdownOnSignal(_ sig: Int32) {
        let name = sig == SIGINT ? "SIGINT" : "SIGTERM"
        if shutdownAsap {
            log.warning("You insist... exiting now.")
            exit(1)
        }
        log.warning("Received \(name) scheduling shutdown...")
        let f = sig == SIGINT ? config.shutdownOnSigint : config.shutdownOnSigterm
        if prepareShutdown(nosave: f.contains(.nosave), save: f.contains(.save),
                           now: f.contains(.now), force: f.contains(.force)) {
            exitCode = 0
            shutdownAsap = true
        } else {
            log.warning("\(name) received but errors trying to shut down the server, check the logs for more information")
        }
    }

    /// Releases what the process owns before it exits (Redis's finishShutdown tail).
    func releaseForExit() {
        if let path = admin.pidfilePath {
            log.notice("Removing the pid file.")
            unlink(path)
        }
        for l in listeners {
            if l.unix {
                log.notice("Removing the unix socket file.")
                unlink(l.name)
            }
            epoll.remove(l.fd)
            close(l.fd)
        }
        listeners.removeAll()
        for c in Array(clients.values) {
            if c === currentClient { currentClient = nil }
            freeClient(c)
        }
        log.warning("StructD is now ready to exit, bye bye...")
    }
}
