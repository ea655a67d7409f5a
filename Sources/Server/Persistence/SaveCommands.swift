// SaveCommands: RDB persistence as the server sees it — the dump file (dir + dbfilename),
// SAVE, loading at start-up, DEBUG RELOAD, the snapshot hook SHUTDOWN and FLUSHALL call,
// and the INFO persistence figures (Redis's rdbSave/rdbLoad file handling, saveCommand,
// loadDataFromDisk and debug.c's RELOAD).
//
// Writing a file is crash-safe the way Redis makes it: the dataset is written to
// `temp-<pid>.rdb` in the same directory, flushed and fsync'ed, renamed over the dump file
// (atomic on POSIX), and the directory is fsync'ed so the rename itself is durable. A kill
// at any moment leaves either the previous dump or the new one, never a torn file; a
// failed save removes its temp file and leaves the previous dump alone.
//
// Loading at start-up is all or nothing: a missing file starts an empty server; a file we
// cannot read, or that is truncated, corrupt, fails its checksum or holds something we
// cannot represent, is refused with a clear log line and the process exits 1 — it never
// starts empty over a dump it could not read (Redis does the same).
//
// State kept here (`server.persistence`): the function libraries read from a file while
// no functions engine is registered (written back by the next save, so none is lost),
// the hooks a functions engine registers, the figures INFO shows (rdb_saves,
// rdb_last_load_keys_loaded/expired), and the state of the fork-less BGSAVE, which lives in
// BackgroundSave*.swift and SnapshotQueue.swift (docs/snapshot.md) on the same writer.

import Checksum
import Config
import DataStructures
import EventLoop
import RESP
#if canImport(Glibc)
import Glibc
#endif

/// Persistence state owned by the server (see the file comment).
final class PersistenceState {
    /// FUNCTION2 library codes read from an RDB while no functions engine is registered.
    var functionLibraries: [[UInt8]] = []
    /// Registered by the functions engine: loads one library's code read from an RDB.
    /// Throws to refuse the file, as Redis does for a library that fails to load.
    var functionLoader: (([UInt8]) throws -> Void)? = nil
    /// True while a load may replace what exists (DEBUG RELOAD MERGE, Redis's
    /// RDBFLAGS_ALLOW_DUP): a loader that follows Redis replaces a library of the same name
    /// only then, and otherwise refuses it ("Library 'x' already exists").
    var loadAllowsReplace = false
    /// Registered by the functions engine: the codes of the libraries to save.
    var functionLibrariesProvider: (() -> [[UInt8]])? = nil
    /// SAVE commands and BGSAVEs started since start-up (INFO rdb_saves, as Redis counts).
    var saves: Int64 = 0
    var lastLoadKeysLoaded: Int64 = 0
    var lastLoadKeysExpired: Int64 = 0

    // The fork-less BGSAVE (BackgroundSave.swift, docs/snapshot.md).
    /// The running background save, if any.
    var bgsave: BackgroundSave? = nil
    /// The epoch of the last background save started (entry marks are at most this).
    var lastEpoch: UInt16 = 0
    /// Redis's lastbgsave_status == C_ERR (set by a failed BGSAVE, cleared by any good save).
    var lastBgsaveFailed = false
    /// Unix seconds of the last BGSAVE attempt (the 5 s retry delay after a failure).
    var lastBgsaveTryUnix: Int64 = 0
    /// Duration of the last BGSAVE in seconds (-1: none yet).
    var lastBgsaveSeconds: Int64 = -1
    /// BGSAVE asked for inside MULTI/EXEC: the cron starts it.
    var bgsaveScheduled = false
    /// Peak bytes of the snapshot queue during the last BGSAVE (INFO rdb_last_cow_size).
    var lastCowBytes: Int64 = 0

    func librariesToSave() -> [[UInt8]] {
        functionLibrariesProvider?() ?? functionLibraries
    }
}

extension Server {
    static func persistenceCommands() -> [(String, CommandHandler)] {
        [
            ("save", { s, c in s.saveCommand(c) }),
            ("bgsave", { s, c in s.bgsaveCommand(c) }),
            ("dump", { s, c in s.dumpCommand(c) }),
            ("restore", { s, c in s.restoreCommand(c) }),
        ]
    }

    // MARK: paths

    /// The dump file's path (dbfilename in dir; the working directory when dir is unset).
    var rdbPath: String { rdbDirectory + "/" + config.dbfilename }

    var rdbDirectory: String {
        if !config.dir.isEmpty { return config.dir }
        guard let cwd = getcwd(nil, 0) else { return "." }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    // MARK: start-up

    /// Registers the persistence hooks and loads the dump file. Throws (after logging why)
    /// when the file exists but cannot be loaded: the server must not start.
    func startPersistence() throws {
        admin.snapshotSave = { [unowned self] in self.saveToDisk(logSuccess: false) }
        admin.gauges["rdb_saves"] = { [unowned self] in self.persistence.saves }
        admin.gauges["rdb_last_load_keys_loaded"] = { [unowned self] in self.persistence.lastLoadKeysLoaded }
        admin.gauges["rdb_last_load_keys_expired"] = { [unowned self] in self.persistence.lastLoadKeysExpired }
        registerSnapshotGauges()
        let start = monotonicMicros()
        switch loadFromDisk(merge: false) {
        case .missing:
            return
        case .loaded:
            let seconds = Double(monotonicMicros() - start) / 1_000_000
            log.notice("DB loaded from disk: \(formatDouble(seconds, "%.3f")) seconds")
        case .failed(let fatalOpen):
            if !fatalOpen { log.warning("Terminating server after rdb file reading failure.") }
            throw RDBStartupFailure()
        }
    }

    enum LoadOutcome {
        case missing
        case loaded
        /// true when the file could not even be opened (Redis's "Fatal error loading").
        case failed(Bool)
    }

    /// Loads the dump file into the databases (which the caller has emptied, unless
    /// merging). Logs Redis's lines; never throws.
    func loadFromDisk(merge: Bool) -> LoadOutcome {
        let path = rdbPath
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return .missing }
            log.warning("Fatal error loading the DB: \(String(cString: strerror(errno))). Exiting.")
            return .failed(true)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            log.warning("Fatal error loading the DB: \(String(cString: strerror(errno))). Exiting.")
            return .failed(true)
        }
        let reader = RDBReader(fd: fd, size: Int(st.st_size), checksum: config.rdbchecksum,
                               limits: RDBLoadLimits(config))
        do {
            let stats = try loadRDB(reader, merge: merge)
            persistence.lastLoadKeysLoaded = stats.keysLoaded
            persistence.lastLoadKeysExpired = stats.keysExpired
            if stats.emptyKeysSkipped > 0 {
                log.warning("Done loading RDB, keys loaded: \(stats.keysLoaded), keys expired: \(stats.keysExpired), empty keys skipped: \(stats.emptyKeysSkipped).")
            } else {
                log.notice("Done loading RDB, keys loaded: \(stats.keysLoaded), keys expired: \(stats.keysExpired).")
            }
            return .loaded
        } catch let e as RDBError {
            if case .corrupt(let why) = e, why == RDBError.truncated.description {
                log.warning(why)
            } else {
                log.warning("Internal error in RDB reading offset \(reader.offset) -> \(e)")
            }
            return .failed(false)
        } catch {
            log.warning("Internal error in RDB reading offset \(reader.offset) -> \(error)")
            return .failed(false)
        }
    }

    // MARK: saving

    /// Writes the dataset to the dump file through a temp file (see the file comment).
    /// On success: dirty = 0, LASTSAVE = now, the last-bgsave status ok (as Redis's rdbSave).
    @discardableResult
    func saveToDisk(logSuccess: Bool) -> Bool {
        let dir = rdbDirectory
        let tempName = "temp-\(getpid()).rdb"
        let temp = dir + "/" + tempName
        let final = dir + "/" + config.dbfilename
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 {
            log.warning("Failed opening the RDB file \(tempName) (in server root dir \(dir)) for saving: \(String(cString: strerror(errno)))")
            return false
        }
        var fdOpen = true
        do {
            let sink = RDBFileSink(fd: fd)
            let writer = RDBWriter(sink: sink, compression: config.rdbcompression)
            try writeDataset(writer, checksum: config.rdbchecksum)
            if fsync(fd) != 0 { throw RDBError.io("fsync", errno) }
            fdOpen = false
            if close(fd) != 0 { throw RDBError.io("close", errno) }
        } catch {
            log.warning("Write error saving DB on disk: \(error)")
            if fdOpen { close(fd) }
            unlink(temp)
            return false
        }
        if rename(temp, final) != 0 {
            let why = String(cString: strerror(errno))
            log.warning("Error moving temp DB file \(tempName) on the final destination \(config.dbfilename) (in server root dir \(dir)): \(why)")
            unlink(temp)
            return false
        }
        let dfd = open(dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
        if logSuccess { log.notice("DB saved on disk") }
        dirty = 0
        lastSaveUnix = wallClockMicros() / 1_000_000
        persistence.lastBgsaveFailed = false
        return true
    }

    /// SAVE: a foreground save; "-ERR" (Redis's shared.err) when it fails. Refused while a
    /// background save runs, as Redis refuses it while its child does.
    func saveCommand(_ c: Client) {
        if persistence.bgsave != nil {
            c.addError("ERR Background save already in progress")
            return
        }
        persistence.saves += 1
        if saveToDisk(logSuccess: true) {
            c.addOK()
        } else {
            c.addError("ERR")
        }
    }

    // MARK: DEBUG RELOAD

    /// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save (unless NOSAVE), empty the dataset
    /// (unless NOFLUSH), load the dump file back (MERGE: its keys replace ours). Called by
    /// DebugCommand.swift.
    func debugReload(_ c: Client) {
        var merge = false, flush = true, save = true
        for i in 2..<c.argc {
            if c.argIs(i, "merge") {
                merge = true
            } else if c.argIs(i, "noflush") {
                flush = false
            } else if c.argIs(i, "nosave") {
                save = false
            } else {
                c.addError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.")
                return
            }
        }
        if save && !saveToDisk(logSuccess: true) {
            c.addError("ERR")
            return
        }
        if flush {
            for db in databases {
                signalFlushedDatabase(db)
                _ = db.flush(async: false)
            }
        }
        switch loadFromDisk(merge: merge) {
        case .loaded:
            log.warning("DB reloaded by DEBUG RELOAD")
            c.addOK()
        case .missing, .failed:
            c.addError("ERR Error trying to load the RDB dump, check server logs.")
        }
    }
}

/// Start-up refused: the reason is already in the log.
struct RDBStartupFailure: Error, CustomStringConvertible {
    var description: String { "Exiting: the RDB file could not be loaded." }
}
