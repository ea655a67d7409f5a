// BackgroundSave: one running fork-less BGSAVE (docs/snapshot.md, sections 2-7).
//
// The dataset is written as it was when the save started (T0), while the server keeps
// serving, with no fork and no copy of the data:
//   - every keyspace entry has a 16-bit mark; the save has an epoch E; an entry whose mark is
//     not E is *pending* (it existed at T0 and is not written yet). New entries are stamped
//     with E when created (Dict.newEntryMark), so they are never written;
//   - the walk (`runSlice`, from beforeSleep) SCANs each database's table in time slices and
//     writes the pending entries it meets;
//   - before any keyspace primitive changes an entry (Database.lookupWrite, setKey,
//     deleteKey, setExpire, removeExpire), it calls `willModify`, which writes a pending entry
//     first; `willFlush` moves a flushed database's contents to a detached table the walk
//     finishes; `didSwap` follows SWAPDB.
// Bytes go through SnapshotSink into SnapshotQueue's blocks; its writer thread makes the file.
//
// The per-database bookkeeping, indexed by the database number *at T0* (j):
//   sources[j]   where what was database j at T0 lives now: a live database (its number may
//                change with SWAPDB), a detached table pair (after FLUSHDB), or finished;
//   dbToSnap[d]  for live database d, the j whose pending entries it holds (-1: none);
//   hints[j]     key and TTL counts at T0, written in RESIZEDB the first time j is selected.
// A key written early (by a hook) goes under its own SELECTDB wherever the stream is; the
// walk re-selects its database when it resumes (a bare SELECTDB: RESIZEDB only once).

import Checksum
import Config
import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

final class BackgroundSave {
    enum Source {
        case live(Int)
        case detached(Dict<Value>, Dict<Int64>)
        case finished
    }

    unowned(unsafe) let server: Server
    let epoch: UInt16
    let queue: SnapshotQueue
    let sink: SnapshotSink
    let writer: RDBWriter<SnapshotSink>
    let checksumEnabled: Bool
    /// The writer thread's id (the temp file is temp-<tid>.rdb).
    private(set) var writerTid: Int32 = 0

    private var sources: [Source]
    private var dbToSnap: [Int]
    private let hints: [(keys: Int, expires: Int)]
    private var resized: [Bool]
    /// The database the stream last selected (-1: none yet).
    private var streamDB = -1

    // The walk.
    private var walkDB = 0
    private var cursor: UInt64 = 0
    private(set) var walkDone = false
    /// Set when writing failed on the data thread (the save is over, unsuccessfully).
    private(set) var failure: String? = nil

    // Progress and timing.
    let keysTotal: Int64
    private(set) var keysWritten: Int64 = 0
    /// Keys written by `willModify`, just before a change (the rest were written by the walk).
    private(set) var keysWrittenEarly: Int64 = 0
    private var keysWalked: Int64 = 0
    let startMicros: Int64
    let startUnix: Int64
    let dirtyAtStart: Int64
    /// rdb-key-save-delay at T0 (µs per walked key; negative: keys per µs). 0: not paced.
    let keyDelay: Int64
    /// The command count last seen, and when it last changed (the server is busy
    /// until `idleAfterMicros` pass without a command).
    private var commandsSeen: Int64
    private var lastActiveMicros: Int64
    /// While busy: slice time earned, in µs × busyShareDivisor (wall time accrues 1:1, a
    /// slice spends busyShareDivisor per µs it ran), and when it last accrued.
    private var credit: Int64 = 0
    private var lastCreditMicros: Int64

    /// Slice budgets (docs/snapshot.md, 5). Idle server: slices of idleSliceMicros back to
    /// back. Busy server: the walk gets 1/busyShareDivisor of the wall time, in slices of
    /// minSliceMicros to maxSliceMicros (a request waits at most one of them more).
    static let idleSliceMicros: Int64 = 1000
    static let idleAfterMicros: Int64 = 10_000
    static let busyShareDivisor: Int64 = 16
    static let minSliceMicros: Int64 = 30
    static let maxSliceMicros: Int64 = 100

    private init(server: Server, epoch: UInt16, queue: SnapshotQueue) {
        self.server = server
        self.epoch = epoch
        self.queue = queue
        sink = SnapshotSink(queue: queue)
        writer = RDBWriter(sink: sink, compression: server.config.rdbcompression)
        checksumEnabled = server.config.rdbchecksum
        let dbs = server.databases
        sources = dbs.map { $0.count > 0 ? .live($0.id) : .finished }
        dbToSnap = dbs.map { $0.count > 0 ? $0.id : -1 }
        hints = dbs.map { ($0.count, $0.expires.count) }
        resized = Array(repeating: false, count: dbs.count)
        keysTotal = Int64(dbs.reduce(0) { $0 + $1.count })
        startMicros = monotonicMicros()
        startUnix = wallClockMicros() / 1_000_000
        dirtyAtStart = server.dirty
        keyDelay = server.config.integer("rdb-key-save-delay") ?? 0
        commandsSeen = server.stats.totalCommandsProcessed
        lastActiveMicros = startMicros - BackgroundSave.idleAfterMicros
        lastCreditMicros = startMicros
    }

    /// Starts a save at this instant (T0): epoch, marks for new entries, the preamble, the
    /// writer thread. Returns nil (after logging why) when it could not start.
    static func start(_ server: Server) -> BackgroundSave? {
        let p = server.persistence
        guard let queue = SnapshotQueue(directory: server.rdbDirectory, finalName: server.config.dbfilename,
                                        incrementalFsync: server.config.bool("rdb-save-incremental-fsync") ?? true) else {
            server.log.warning("Can't save in background: \(String(cString: strerror(errno)))")
            return nil
        }
        // The epoch: above every mark in the keyspace (docs/snapshot.md, I5).
        if p.lastEpoch == UInt16.max {
            for db in server.databases {
                db.keys.resetMarks()
                db.keys.newEntryMark = 0
            }
            p.lastEpoch = 0
        }
        let epoch = p.lastEpoch + 1
        let save = BackgroundSave(server: server, epoch: epoch, queue: queue)
        do {
            try server.writeSnapshotPreamble(save.writer)
        } catch {
            save.sink.release()
            server.log.warning("Can't save in background: \(error)")
            return nil
        }
        guard let tid = queue.startWriter() else {
            save.sink.release()
            server.log.warning("Can't save in background: \(String(cString: strerror(errno)))")
            return nil
        }
        save.writerTid = tid
        p.lastEpoch = epoch
        for db in server.databases {
            db.keys.newEntryMark = epoch
            db.snapshot = save
        }
        _ = server.epoll.add(queue.wakeFD, .readable)
        return save
    }

    // MARK: serialize-before-write (called by Database before a change)

    /// `e` of live database `db` is about to change: write it first if it is pending.
    @inline(__always) func willModify(_ db: Database, _ e: DictEntry<Value>) {
        if e.mark != epoch { writeEarly(db, e) }
    }

    @inline(never) private func writeEarly(_ db: Database, _ e: DictEntry<Value>) {
        e.mark = epoch
        if failure != nil { return }
        let j = dbToSnap[db.id]
        if j < 0 { return }  // cannot happen: a pending entry's database always maps (I3)
        do {
            try write(e, db: j, expires: db.expires)
            keysWrittenEarly += 1
        } catch {
            fail(error)
        }
    }

    /// Database `db` is about to be emptied (FLUSHDB, FLUSHALL's flush, DEBUG RELOAD).
    func willFlush(_ db: Database) {
        let j = dbToSnap[db.id]
        if j < 0 { return }
        dbToSnap[db.id] = -1
        if server.undo != nil {
            // The undo log keeps the flushed values by reference and may put them back:
            // write every pending entry now (docs/snapshot.md, 6).
            let expires = db.expires
            db.keys.claimAllPending(epoch: epoch) { e in
                if failure != nil { return }
                do { try write(e, db: j, expires: expires) } catch { fail(error) }
            }
            sources[j] = .finished
            if walkDB == j { cursor = 0 }
            return
        }
        let keys = Dict<Value>(), expires = Dict<Int64>()
        keys.releaseValue = { $0.free() }  // it owns the flushed values until the walk ends
        keys.swapContents(with: db.keys)
        expires.swapContents(with: db.expires)
        sources[j] = .detached(keys, expires)
    }

    /// SWAPDB a b has exchanged the two databases' contents.
    func didSwap(_ a: Int, _ b: Int) {
        let ja = dbToSnap[a], jb = dbToSnap[b]
        dbToSnap[a] = jb
        dbToSnap[b] = ja
        if ja >= 0 { sources[ja] = .live(b) }
        if jb >= 0 { sources[jb] = .live(a) }
    }

    // MARK: writing

    private func write(_ e: DictEntry<Value>, db j: Int, expires: Dict<Int64>) throws {
        if streamDB != j {
            if resized[j] {
                try writer.writeSelectDB(j)
            } else {
                resized[j] = true
                try writer.writeSelectDB(j, keys: hints[j].keys, expires: hints[j].expires)
            }
            streamDB = j
        }
        try server.writeKeyEntry(writer, expires: expires, e)
        keysWritten += 1
    }

    private func fail(_ error: Error) {
        if failure == nil { failure = "\(error)" }
    }

    // MARK: the walk

    /// One slice of the walk (from beforeSleep). Returns true when the save is over (the
    /// caller then calls `conclude`).
    func runSlice() -> Bool {
        queue.drainWake()
        if failure != nil || queue.hasFailed { return true }
        if walkDone { return queue.writerState.finished }
        let now = monotonicMicros()
        let busy = accrue(now)
        let budget: Int64
        if busy {
            if credit < BackgroundSave.minSliceMicros * BackgroundSave.busyShareDivisor { return false }
            budget = credit / BackgroundSave.busyShareDivisor
        } else {
            budget = BackgroundSave.idleSliceMicros
        }
        defer { if busy { credit -= (monotonicMicros() - now) * BackgroundSave.busyShareDivisor } }
        let deadline = now + budget
        let allowed = pacedAllowance(now)
        var steps = 0
        walk: while walkDB < sources.count {
            // The walk's share of the queue is full: yield and be woken when a block frees
            // (unless one just did).
            if queue.freeBlocks.load(ordering: .relaxed) < SnapshotQueue.walkReserve && queue.requestWake() { break }
            if keysWalked >= allowed { break }
            let j = walkDB
            switch sources[j] {
            case .finished:
                walkDB += 1
                cursor = 0
                continue walk
            case .live(let d):
                let db = server.databases[d]
                let expires = db.expires
                cursor = db.keys.snapshotStep(cursor, epoch: epoch) { e in
                    if failure != nil { return }
                    do { try write(e, db: j, expires: expires) } catch { fail(error) }
                    keysWalked += 1
                }
            case .detached(let keys, let expires):
                cursor = keys.snapshotStep(cursor, epoch: epoch) { e in
                    if failure != nil { return }
                    do { try write(e, db: j, expires: expires) } catch { fail(error) }
                    keysWalked += 1
                }
            }
            if failure != nil { return true }
            if cursor == 0 { finishSource(j) }
            steps += 1
            if steps & 3 == 0 && monotonicMicros() > deadline { break }
        }
        if walkDB == sources.count && !walkDone {
            do {
                try writer.writeByte(RDBFormat.opEOF)
                try sink.finish(checksum: checksumEnabled)
                queue.finishStream()
                walkDone = true
            } catch {
                fail(error)
                return true
            }
        }
        return false
    }

    /// Notes client activity and earns busy-time credit up to `now`. True while the server
    /// is busy (a command ran in the last idleAfterMicros).
    private func accrue(_ now: Int64) -> Bool {
        let commands = server.stats.totalCommandsProcessed
        if commands != commandsSeen {
            commandsSeen = commands
            lastActiveMicros = now
        }
        credit = min(credit + (now - lastCreditMicros), BackgroundSave.maxSliceMicros * BackgroundSave.busyShareDivisor)
        lastCreditMicros = now
        if now - lastActiveMicros < BackgroundSave.idleAfterMicros { return true }
        credit = 0
        return false
    }

    /// The walk is over for database j: its pending entries are all written (docs/snapshot.md, 4).
    private func finishSource(_ j: Int) {
        switch sources[j] {
        case .live(let d):
            dbToSnap[d] = -1
        case .detached(let keys, let expires):
            keys.clearAll()
            expires.clearAll()
        case .finished:
            break
        }
        sources[j] = .finished
        walkDB = j + 1
        cursor = 0
    }

    /// How many keys the walk may have written by now under rdb-key-save-delay.
    private func pacedAllowance(_ now: Int64) -> Int64 {
        if keyDelay == 0 { return Int64.max }
        let elapsed = max(0, now - startMicros)
        if keyDelay > 0 { return elapsed / keyDelay + 1 }
        return elapsed.multipliedReportingOverflow(by: -keyDelay).overflow ? Int64.max : elapsed * -keyDelay + 1
    }

    /// The longest the event loop may sleep before the next slice is due (ms).
    func sleepLimitMillis() -> Int32 {
        if walkDone || failure != nil { return Int32.max }   // the wake pipe says when the writer is done
        // The walk's share of the queue is full: sleep until the writer frees a block (it
        // pokes the wake pipe).
        if queue.freeBlocks.load(ordering: .relaxed) < SnapshotQueue.walkReserve {
            return queue.requestWake() ? Int32.max : 0
        }
        let now = monotonicMicros()
        if keyDelay != 0 && keysWalked >= pacedAllowance(now) { return 1 }
        // Busy and out of credit: sleep until it is earned (a client's request wakes the
        // loop sooner), instead of polling the CPU away from the clients and the writer.
        if accrue(now) {
            let missing = BackgroundSave.minSliceMicros * BackgroundSave.busyShareDivisor - credit
            if missing > 0 { return Int32((missing + 999) / 1000) }
        }
        return 0
    }

    // MARK: the end

    /// Stops the writer (it removes its temp file) and forgets the save everywhere.
    func cancel() {
        sink.release()
        queue.cancelAndJoin()
        detach()
    }

    /// Waits for the writer (already finished or failed) and forgets the save. Returns the
    /// error line, nil on success.
    func conclude() -> String? {
        var error = failure
        if error == nil, let e = queue.writerState.error { error = e }
        if error != nil {
            sink.release()
            queue.cancelAndJoin()
        } else {
            queue.join()
        }
        detach()
        return error
    }

    private func detach() {
        server.epoll.remove(queue.wakeFD)
        for db in server.databases where db.snapshot === self { db.snapshot = nil }
        for j in sources.indices {
            if case .detached(let keys, let expires) = sources[j] {
                keys.clearAll()
                expires.clearAll()
            }
            sources[j] = .finished
        }
    }

    var elapsedSeconds: Int64 { wallClockMicros() / 1_000_000 - startUnix }
}
