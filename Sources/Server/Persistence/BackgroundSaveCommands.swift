// BackgroundSaveCommands: the server's side of the fork-less BGSAVE (docs/snapshot.md, 8) —
// the BGSAVE command, the save points checked by the cron (Redis's serverCron), the slice run
// from beforeSleep, the end of a save (Redis's backgroundSaveDoneHandler), cancellation by
// FLUSHALL and SHUTDOWN (Redis's killRDBChild), the MISCONF refusal of writes after a failed
// save, and the INFO persistence gauges.
//
// Redis's rules, checked against redis-server 7.0.15:
//   BGSAVE [SCHEDULE]  "Background saving started"; while a save runs (SCHEDULE or not):
//                      "-ERR Background save already in progress"; inside MULTI/EXEC:
//                      "Background saving scheduled", started by the cron. A start that
//                      fails marks the last bgsave as failed and answers "-ERR".
//   save points        with no save running, the first `save <s> <n>` with dirty >= n and
//                      now - lastsave > s starts a BGSAVE, unless the last one failed less
//                      than 5 s ago (CONFIG_BGSAVE_RETRY_DELAY); a scheduled one likewise.
//   done               success: "DB saved on disk", "Background saving terminated with
//                      success", dirty -= dirty at the start, LASTSAVE = now; failure: the
//                      writer's reason, "Background saving error", status err.
//   MISCONF            with stop-writes-on-bgsave-error yes, save points set and the last
//                      bgsave failed: write commands, EXEC of a transaction holding one, and
//                      PING are refused until a save succeeds.

import Config
import DataStructures
import EventLoop
import RESP
#if canImport(Glibc)
import Glibc
#endif

extension Server {
    static let bgsaveRetryDelaySeconds: Int64 = 5
    static let misconfMessage = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."

    // MARK: BGSAVE

    func bgsaveCommand(_ c: Client) {
        if c.argc > 1 {
            guard c.argc == 2, c.argIs(1, "schedule") else {
                c.addErrorSyntax()
                return
            }
        }
        if persistence.bgsave != nil {
            c.addError("ERR Background save already in progress")
            return
        }
        // Inside EXEC (Redis's server.in_exec): scheduled for the cron, SCHEDULE or not.
        if c.flags.contains(.multi) {
            persistence.bgsaveScheduled = true
            c.addSimple("Background saving scheduled")
            return
        }
        if startBackgroundSave() {
            c.addSimple("Background saving started")
        } else {
            c.addError("ERR")
        }
    }

    /// Redis's rdbSaveBackground: counts the attempt, remembers dirty at T0, starts the save.
    @discardableResult
    func startBackgroundSave() -> Bool {
        if persistence.bgsave != nil { return false }
        persistence.saves += 1
        persistence.lastBgsaveTryUnix = wallClockMicros() / 1_000_000
        guard let save = BackgroundSave.start(self) else {
            persistence.lastBgsaveFailed = true
            return false
        }
        persistence.bgsave = save
        log.notice("Background saving started by pid \(save.writerTid)")
        return true
    }

    // MARK: event loop hooks

    /// beforeSleep: one slice of the walk; concludes the save when it is over.
    func snapshotBeforeSleep() {
        guard let save = persistence.bgsave else { return }
        if save.runSlice() { concludeBackgroundSave(save) }
    }

    /// How long the event loop may sleep while a save runs (0: the walk has work now).
    func snapshotSleepLimitMillis() -> Int32 {
        persistence.bgsave?.sleepLimitMillis() ?? Int32.max
    }

    /// serverCron: save points and a scheduled BGSAVE (Redis's serverCron rules).
    func persistenceCron() {
        if persistence.bgsave != nil { return }
        let p = persistence
        let now = wallClockMicros() / 1_000_000
        let mayRetry = now - p.lastBgsaveTryUnix > Server.bgsaveRetryDelaySeconds || !p.lastBgsaveFailed
        for sp in config.saveParams {
            if dirty >= Int64(sp.changes) && now - lastSaveUnix > Int64(sp.seconds) && mayRetry {
                log.notice("\(sp.changes) changes in \(sp.seconds) seconds. Saving...")
                startBackgroundSave()
                break
            }
        }
        if p.bgsave == nil && p.bgsaveScheduled && mayRetry {
            if startBackgroundSave() { p.bgsaveScheduled = false }
        }
    }

    /// The end of a save (Redis's backgroundSaveDoneHandlerDisk).
    func concludeBackgroundSave(_ save: BackgroundSave) {
        persistence.bgsave = nil
        let error = save.conclude()
        persistence.lastBgsaveSeconds = save.elapsedSeconds
        persistence.lastCowBytes = Int64(save.queue.peakBytes)
        if let e = error {
            log.warning(e)
            log.warning("Background saving error")
            persistence.lastBgsaveFailed = true
        } else {
            log.notice("DB saved on disk")
            // In place of Redis's "Fork CoW for RDB" line: what the save added to memory.
            log.notice("Snapshot buffer for RDB: peak \(save.queue.peakBytes / (1024 * 1024)) MB, \(save.keysWritten) keys (\(save.keysWrittenEarly) before a change), \(save.queue.waits) waits for the writer")
            log.notice("Background saving terminated with success")
            dirty = max(0, dirty - save.dirtyAtStart)
            lastSaveUnix = wallClockMicros() / 1_000_000
            persistence.lastBgsaveFailed = false
        }
    }

    /// Cancels a running save (Redis's killRDBChild): FLUSHALL, SHUTDOWN. The temp file is
    /// removed before this returns. Returns false when no save was running.
    @discardableResult
    func killBackgroundSave(shutdown: Bool) -> Bool {
        guard let save = persistence.bgsave else { return false }
        if shutdown { log.warning("There is a child saving an .rdb. Killing it!") }
        persistence.bgsave = nil
        save.cancel()
        persistence.lastBgsaveSeconds = save.elapsedSeconds
        persistence.lastCowBytes = Int64(save.queue.peakBytes)
        // Redis reaps its child, killed with SIGUSR1, with this line (status unchanged).
        if !shutdown { log.warning("Background saving terminated by signal \(SIGUSR1)") }
        return true
    }

    // MARK: keyspace hooks that are not Database methods

    /// SWAPDB a b exchanged two databases' contents (also called when the undo log undoes one).
    func snapshotDidSwap(_ a: Int, _ b: Int) {
        persistence.bgsave?.didSwap(a, b)
    }

    // MARK: MISCONF

    /// True (after replying) when `cmd` is refused because the last background save failed
    /// (Redis's writeCommandsDeniedByDiskError in processCommand). Cheap when it has not.
    @inline(__always) func refusedByDiskError(_ c: Client, _ cmd: Command) -> Bool {
        if !persistence.lastBgsaveFailed { return false }
        return refuseWriteAfterFailedSave(c, cmd)
    }

    @inline(never) private func refuseWriteAfterFailedSave(_ c: Client, _ cmd: Command) -> Bool {
        guard config.stopWritesOnBgsaveError, !config.saveParams.isEmpty else { return false }
        let name = (cmd.parent ?? cmd).name
        let isWrite = cmd.isWrite || (name == "exec" && (c.multiState?.commandFlags.contains(.write) ?? false))
        guard isWrite || name == "ping" else { return false }
        rejectCommand(c, cmd, Server.misconfMessage)
        return true
    }

    /// The MISCONF error for a write from a script, nil when writes are allowed (Redis's
    /// scriptVerifyWriteCommandAllow disk-error check).
    var scriptWriteDiskError: String? {
        if persistence.lastBgsaveFailed && config.stopWritesOnBgsaveError && !config.saveParams.isEmpty {
            return Server.misconfMessage
        }
        return nil
    }

    // MARK: INFO

    func registerSnapshotGauges() {
        let p = persistence
        admin.gauges["rdb_bgsave_in_progress"] = { p.bgsave != nil ? 1 : 0 }
        admin.gauges["rdb_last_bgsave_failed"] = { p.lastBgsaveFailed ? 1 : 0 }
        admin.gauges["rdb_last_bgsave_time_sec"] = { p.lastBgsaveSeconds }
        admin.gauges["rdb_current_bgsave_time_sec"] = { p.bgsave?.elapsedSeconds ?? -1 }
        admin.gauges["current_cow_peak"] = { Int64(p.bgsave?.queue.peakBytes ?? 0) }
        admin.gauges["current_cow_size"] = { Int64(p.bgsave?.queue.bytesInUse ?? 0) }
        admin.gauges["current_save_keys_processed"] = { p.bgsave?.keysWritten ?? 0 }
        admin.gauges["current_save_keys_total"] = { p.bgsave?.keysTotal ?? 0 }
        admin.gauges["rdb_last_cow_size"] = { p.lastCowBytes }
    }

    /// INFO current_fork_perc: the share of the keys at T0 written so far, "%.2f".
    var currentSavePercent: String {
        guard let s = persistence.bgsave, s.keysTotal > 0 else { return "0.00" }
        return formatDouble(Double(s.keysWritten) / Double(s.keysTotal) * 100, "%.2f")
    }
}
