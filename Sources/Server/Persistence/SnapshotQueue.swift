// SnapshotQueue: the bounded buffer between the fork-less BGSAVE's serializer (data thread)
// and its writer thread, and the sink the serializer writes into (docs/snapshot.md, 5 and 7).
//
// Memory: 24 blocks of 256 KiB, plus the writer's output and LZF scratch buffers (256 KiB
// each), in one anonymous mmap (6.5 MiB), allocated when a save starts
// and unmapped when it ends. mmap, not malloc: the buffer is the save's own overhead, like a
// fork child's pages, and must not count as used_memory (it would push eviction). Blocks are
// reused last-freed-first, so only the blocks the writer could not keep up with ever become
// resident.
//
// Blocks hold records, not final bytes, so that the expensive part of serializing — LZF
// compression of strings, and the CRC64 — runs on the writer thread, not on the data thread
// (where it would lengthen every command that writes a not-yet-saved key):
//   [1][len u32 LE][len bytes]   literal bytes of the RDB stream
//   [2][len u32 LE][len bytes]   a string to encode as Redis's rdbSaveRawString does for a
//                                string over 20 bytes with rdbcompression on: LZF when that
//                                saves at least 4 bytes (0xC3, compressed length, length,
//                                data), else length + bytes — except that LZF gives up when
//                                the first 256 bytes hold no back reference (a cheap guess at
//                                incompressible data). Only strings up to half a block;
//                                longer ones are compressed by the data thread's RDBWriter.
//   [3][flag u32 LE]             the end: append the CRC64 of everything (flag 1) or zeros
// The output is therefore what RDBWriter writes into any other sink, byte for byte but for
// strings that become compressible only after their first 256 bytes (written plain here).
//
// Protocol (all shared fields under one pthread mutex; two condition variables):
//   data thread   acquire a free block (waits only if none is free — a hook inside a command
//                 cannot yield), fill it through SnapshotSink, submit it; after the end
//                 record, finishStream(). A slice of the walk peeks at `freeBlocks` (an atomic)
//                 and yields while more than 4 blocks are in use (the other 20 are headroom
//                 for hooks, so a briefly stalled writer does not stall commands);
//                 `requestWake` asks the writer to write a byte to `wakeFD` (registered with
//                 epoll) when it frees the next block.
//   writer        opens temp-<tid>.rdb, decodes blocks in order into its output buffer
//                 (compressing, summing), writes that (fdatasync every 4 MiB with
//                 rdb-save-incremental-fsync), then fsync, close, rename over dbfilename,
//                 fsync the directory; or, when cancelled or failed, closes and unlinks the
//                 temp file. Then `finished`, and a byte to `wakeFD`.
// After an I/O error the writer stops writing but keeps returning blocks, so the data thread
// never waits forever; `acquire` throws once an error is known, which ends the save early.
//
// Messages are Redis's (the child's lines, logged by the data thread when the save ends).

import Checksum
import CSystem
import DataStructures
import EventLoop
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The queue and its writer thread. Created on the data thread for one save.
final class SnapshotQueue: @unchecked Sendable {
    static let blockSize = 256 * 1024
    static let blockCount = 24
    /// The walk yields while fewer blocks than this are free: it keeps at most 4 blocks
    /// (1 MiB, enough to keep the writer busy) ahead of the writer, and the other 20 (5 MiB)
    /// are headroom for writes from hooks, which cannot yield and would otherwise wait on a
    /// writer starved of CPU or stalled in write/fdatasync (docs/snapshot.md, 5). Blocks
    /// are reused last-freed-first, so the headroom costs memory only when it is used.
    static let walkReserve = blockCount - 4
    static let autosyncBytes = 4 * 1024 * 1024
    /// The writer keeps up while at least this many blocks are free (more than half of the
    /// hooks' headroom): only then does it wait for the disk (incremental fsync), and only
    /// then does the event loop busy-poll (`Server.mayBusyPoll`).
    static let keepingUpFreeBlocks = 12

    let region: UnsafeMutableRawPointer
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let dataReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let spaceReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    // Guarded by `lock`.
    private var freeList: [Int]
    private var filled: [(block: Int, count: Int)] = []
    private var filledHead = 0
    private var closing = false
    private var cancelled = false
    private var wantWake = false
    private var writerError: String? = nil
    private var writerFinished = false
    private var writerTid: Int32 = 0

    /// Free blocks (read without the lock by the walk to decide whether to yield).
    let freeBlocks = Atomic<Int>(SnapshotQueue.blockCount)
    /// Most blocks in use at once (data thread only).
    private(set) var peakBlocksInUse = 0
    /// Times the data thread had to wait for the writer to free a block.
    private(set) var waits = 0

    /// Read end (data thread: epoll + drain) and write end (writer thread) of the wake pipe.
    let wakeFD: Int32
    private let wakeWriteFD: Int32

    // Writer parameters, fixed at the start.
    let directory: String
    let finalName: String
    let incrementalFsync: Bool
    private var thread = pthread_t()
    private var started = false

    /// The mapping: the blocks, then the writer's output buffer and its LZF scratch.
    static var regionBytes: Int { blockSize * (blockCount + 2) }

    init?(directory: String, finalName: String, incrementalFsync: Bool) {
        let bytes = SnapshotQueue.regionBytes
        let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let p, p != MAP_FAILED else { return nil }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            munmap(p, bytes)
            return nil
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        region = p
        wakeFD = fds[0]
        wakeWriteFD = fds[1]
        self.directory = directory
        self.finalName = finalName
        self.incrementalFsync = incrementalFsync
        freeList = Array((0..<SnapshotQueue.blockCount).reversed())
        filled.reserveCapacity(SnapshotQueue.blockCount)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(dataReady, nil)
        pthread_cond_init(spaceReady, nil)
    }

    deinit {
        munmap(region, SnapshotQueue.regionBytes)
        close(wakeFD)
        close(wakeWriteFD)
        pthread_cond_destroy(dataReady)
        pthread_cond_destroy(spaceReady)
        pthread_mutex_destroy(lock)
        lock.deallocate()
        dataReady.deallocate()
        spaceReady.deallocate()
    }

    @inline(__always) func block(_ i: Int) -> UnsafeMutableRawPointer {
        region + i * SnapshotQueue.blockSize
    }

    // MARK: data thread

    /// Starts the writer thread; returns its thread id (the temp file is temp-<tid>.rdb), or
    /// nil when no thread could be created.
    func startWriter() -> Int32? {
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { arg in
            let q = Unmanaged<SnapshotQueue>.fromOpaque(arg!).takeRetainedValue()
            q.writerMain()
            return nil
        }, context)
        if rc != 0 {
            Unmanaged<SnapshotQueue>.fromOpaque(context).release()
            return nil
        }
        started = true
        pthread_mutex_lock(lock)
        while writerTid == 0 { pthread_cond_wait(spaceReady, lock) }
        let tid = writerTid
        pthread_mutex_unlock(lock)
        return tid
    }

    /// A free block, waiting for the writer if none is free. Throws once the writer failed
    /// or the save was cancelled.
    func acquire() throws -> Int {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if freeList.isEmpty { waits += 1 }
        while freeList.isEmpty && writerError == nil && !cancelled && !writerFinished {
            pthread_cond_wait(spaceReady, lock)
        }
        if let e = writerError { throw SnapshotQueueError.writer(e) }
        if cancelled || writerFinished { throw SnapshotQueueError.cancelled }
        let b = freeList.removeLast()
        let inUse = SnapshotQueue.blockCount - freeList.count
        if inUse > peakBlocksInUse { peakBlocksInUse = inUse }
        freeBlocks.store(freeList.count, ordering: .relaxed)
        return b
    }

    /// Hands a filled block to the writer.
    func submit(_ b: Int, count: Int) {
        pthread_mutex_lock(lock)
        filled.append((b, count))
        pthread_cond_signal(dataReady)
        pthread_mutex_unlock(lock)
    }

    /// Returns a block without writing it (an empty block left at the end).
    func giveBack(_ b: Int) {
        pthread_mutex_lock(lock)
        freeList.append(b)
        freeBlocks.store(freeList.count, ordering: .relaxed)
        pthread_cond_signal(spaceReady)
        pthread_mutex_unlock(lock)
    }

    /// No more blocks will come: the writer finishes the file once it has written them.
    func finishStream() {
        pthread_mutex_lock(lock)
        closing = true
        pthread_cond_signal(dataReady)
        pthread_mutex_unlock(lock)
    }

    /// Stops the writer (it removes its temp file) and waits for it to exit.
    func cancelAndJoin() {
        pthread_mutex_lock(lock)
        cancelled = true
        pthread_cond_broadcast(dataReady)
        pthread_cond_broadcast(spaceReady)
        pthread_mutex_unlock(lock)
        join()
    }

    func join() {
        if started {
            pthread_join(thread, nil)
            started = false
        }
    }

    /// Asks for a byte on `wakeFD` when a block is freed. False when one is free already
    /// (the caller should not sleep).
    func requestWake() -> Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if freeList.count >= SnapshotQueue.walkReserve || writerFinished || writerError != nil { return false }
        wantWake = true
        return true
    }

    /// Empties the wake pipe (level-triggered epoll would otherwise keep waking the loop).
    func drainWake() {
        var buf: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        while withUnsafeMutableBytes(of: &buf, { read(wakeFD, $0.baseAddress, 32) }) > 0 {}
    }

    /// (finished, error): the writer is done (after success, failure or cancellation).
    var writerState: (finished: Bool, error: String?) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return (writerFinished, writerError)
    }

    var hasFailed: Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return writerError != nil
    }

    /// Bytes of the buffer in use right now (INFO current_cow_size).
    var bytesInUse: Int {
        (SnapshotQueue.blockCount - freeBlocks.load(ordering: .relaxed)) * SnapshotQueue.blockSize
    }

    var peakBytes: Int { peakBlocksInUse * SnapshotQueue.blockSize }

    // MARK: writer thread

    /// Linux's SCHED_IDLE (<bits/sched.h>; Glibc exports it only under _GNU_SOURCE).
    static let schedIdle: Int32 = 5

    /// The writer thread's name (top -H, perf): Redis's child calls itself redis-rdb-bgsave.
    static let threadName = "structd-rdb"

    private func writerMain() {
        let tid = SnapshotQueue.currentThreadId()
        structd_name_thread(SnapshotQueue.threadName)
        // The writer yields the CPU to the event loop and to clients: compressing and writing
        // can wait, a request should not wait behind them (on 2 cores the writer, the loop
        // and the clients compete; p99 while saving, 200k-key bench: 10.4x idle at nice 0).
        // SCHED_IDLE (on this thread only: pid 0 in sched_setscheduler is the calling
        // thread) is preempted at once by any waking normal task; nice 19 is not, the fair
        // scheduler lets it finish its slice first (docs/snapshot.md, 7). Lowering one's own
        // policy needs no privilege; nice 19 is the fallback if the kernel refuses.
        var idlePolicy = sched_param(sched_priority: 0)
        if sched_setscheduler(0, SnapshotQueue.schedIdle, &idlePolicy) != 0 {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(tid), 19)
        }
        pthread_mutex_lock(lock)
        writerTid = tid
        pthread_cond_broadcast(spaceReady)
        pthread_mutex_unlock(lock)

        let tempName = "temp-\(tid).rdb"
        let tempPath = directory + "/" + tempName
        var failure: String? = nil
        let fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 {
            failure = "Failed opening the RDB file \(tempName) (in server root dir \(directory)) for saving: \(String(cString: strerror(errno)))"
            publish(error: failure!)
        }
        var out = SnapshotOutput(fd: fd, buffer: block(SnapshotQueue.blockCount),
                                 scratch: block(SnapshotQueue.blockCount + 1),
                                 incrementalFsync: incrementalFsync)
        if fd < 0 { out.failure = failure }
        var completed = false
        while true {
            pthread_mutex_lock(lock)
            while filledHead == filled.count && !closing && !cancelled {
                pthread_cond_wait(dataReady, lock)
            }
            if cancelled {
                pthread_mutex_unlock(lock)
                break
            }
            if filledHead == filled.count {
                pthread_mutex_unlock(lock)
                completed = true
                break
            }
            let (b, count) = filled[filledHead]
            filledHead += 1
            if filledHead == filled.count {
                filled.removeAll(keepingCapacity: true)
                filledHead = 0
            }
            pthread_mutex_unlock(lock)

            if failure == nil {
                out.mayWaitForDisk = freeBlocks.load(ordering: .relaxed) >= SnapshotQueue.keepingUpFreeBlocks
                out.decode(UnsafeRawBufferPointer(start: block(b), count: count))
                if let f = out.failure {
                    failure = f
                    publish(error: f)
                }
            }

            pthread_mutex_lock(lock)
            freeList.append(b)
            freeBlocks.store(freeList.count, ordering: .relaxed)
            pthread_cond_signal(spaceReady)
            let wake = wantWake
            wantWake = false
            pthread_mutex_unlock(lock)
            if wake { poke() }
        }

        if completed && failure == nil && !out.ended {
            failure = "Write error saving DB on disk: the stream ended without its end record"
        }
        if completed && failure == nil {
            failure = finishFile(fd, tempName: tempName, tempPath: tempPath)
        } else {
            if fd >= 0 { close(fd) }
            unlink(tempPath)
        }
        pthread_mutex_lock(lock)
        if let f = failure, writerError == nil { writerError = f }
        writerFinished = true
        pthread_cond_broadcast(spaceReady)
        pthread_mutex_unlock(lock)
        poke()
    }

    /// fsync, close, rename, fsync the directory (Redis's rdbSave tail). Returns the error
    /// line, nil on success. The temp file is removed on failure.
    private func finishFile(_ fd: Int32, tempName: String, tempPath: String) -> String? {
        if fsync(fd) != 0 {
            let e = String(cString: strerror(errno))
            close(fd)
            unlink(tempPath)
            return "Write error saving DB on disk: \(e)"
        }
        if close(fd) != 0 {
            let e = String(cString: strerror(errno))
            unlink(tempPath)
            return "Write error saving DB on disk: \(e)"
        }
        if rename(tempPath, directory + "/" + finalName) != 0 {
            let e = String(cString: strerror(errno))
            unlink(tempPath)
            return "Error moving temp DB file \(tempName) on the final destination \(finalName) (in server root dir \(directory)): \(e)"
        }
        let dfd = open(directory, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            let rc = fsync(dfd)
            let e = errno
            close(dfd)
            if rc != 0 { return "Failed to fsync directory while saving DB: \(String(cString: strerror(e)))" }
        }
        return nil
    }

    private func publish(error: String) {
        pthread_mutex_lock(lock)
        if writerError == nil { writerError = error }
        pthread_cond_broadcast(spaceReady)
        pthread_mutex_unlock(lock)
        poke()
    }

    private func poke() {
        var one: UInt8 = 1
        _ = write(wakeWriteFD, &one, 1)
    }

    /// This thread's Linux thread id, from /proc/thread-self ("<pid>/task/<tid>").
    static func currentThreadId() -> Int32 {
        var buf = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/thread-self", &buf, 63)
        if n > 0 {
            let s = String(nulTerminated: buf)
            if let slash = s.lastIndex(of: "/"), let t = Int32(s[s.index(after: slash)...]) { return t }
        }
        return getpid()
    }
}

enum SnapshotQueueError: Error, CustomStringConvertible {
    case writer(String)
    case cancelled

    var description: String {
        switch self {
        case .writer(let e): return e
        case .cancelled: return "cancelled"
        }
    }
}

/// Record kinds in a queue block (see the file comment).
enum SnapshotRecord {
    static let literal: UInt8 = 1
    static let string: UInt8 = 2
    static let end: UInt8 = 3
    static let headerSize = 5
}

/// The writer thread's side: decodes blocks into the final RDB bytes (compressing strings,
/// summing CRC64 over what it writes) and writes them. Writer thread only.
struct SnapshotOutput {
    let fd: Int32
    let buffer: UnsafeMutableRawPointer
    let scratch: UnsafeMutableRawPointer
    let incrementalFsync: Bool
    private var used = 0
    /// Bytes written to the file, where the current autosync range starts, and how far the
    /// file is known to be on the disk (incremental fsync).
    private var written: Int64 = 0
    private var rangeStart: Int64 = 0
    private var syncedUpTo: Int64 = 0
    /// Set by the writer before each block: false while the hooks' headroom in the queue is
    /// running low, when waiting for the disk could make a command wait (syncIncrementally).
    var mayWaitForDisk = true
    private(set) var crc: UInt64 = 0
    private(set) var ended = false
    var failure: String? = nil
    private let compressor = LZFCompressor()

    init(fd: Int32, buffer: UnsafeMutableRawPointer, scratch: UnsafeMutableRawPointer, incrementalFsync: Bool) {
        self.fd = fd
        self.buffer = buffer
        self.scratch = scratch
        self.incrementalFsync = incrementalFsync
    }

    mutating func decode(_ block: UnsafeRawBufferPointer) {
        var p = 0
        while p + SnapshotRecord.headerSize <= block.count && failure == nil {
            let kind = block[p]
            let len = Int(UInt32(littleEndian: block.loadUnaligned(fromByteOffset: p + 1, as: UInt32.self)))
            p += SnapshotRecord.headerSize
            switch kind {
            case SnapshotRecord.literal where p + len <= block.count:
                emit(UnsafeRawBufferPointer(rebasing: block[p..<(p + len)]))
                p += len
            case SnapshotRecord.string where p + len <= block.count:
                emitString(UnsafeRawBufferPointer(rebasing: block[p..<(p + len)]))
                p += len
            case SnapshotRecord.end:
                flush()
                var le = (len != 0 ? crc : 0).littleEndian
                withUnsafeBytes(of: &le) { emit($0) }
                flush(summing: false)
                ended = true
                return
            default:
                failure = "Write error saving DB on disk: malformed snapshot block (record \(kind) at \(p))"
            }
        }
    }

    /// Appends bytes to the output buffer, writing it out when full.
    private mutating func emit(_ bytes: UnsafeRawBufferPointer) {
        var off = 0
        while off < bytes.count && failure == nil {
            if used == SnapshotQueue.blockSize { flush() }
            let k = min(bytes.count - off, SnapshotQueue.blockSize - used)
            (buffer + used).copyMemory(from: bytes.baseAddress! + off, byteCount: k)
            used += k
            off += k
        }
    }

    /// LZF gives up on a string whose first `probeBytes` bytes hold no back reference.
    static let probeBytes = 256

    /// Redis's rdbSaveRawString for a string over 20 bytes with compression on, except that
    /// a string that looks incompressible (no back reference in its first 256 bytes; the
    /// cheap `hasRepeat` test first, then LZF's own probe) is written plain without
    /// compressing the rest (docs/snapshot.md, 7).
    private mutating func emitString(_ s: UnsafeRawBufferPointer) {
        let n = s.count
        let c = compressor.hasRepeat(s, window: SnapshotOutput.probeBytes)
            ? compressor.compress(s, into: UnsafeMutableRawBufferPointer(start: scratch, count: n - 4),
                                  probe: SnapshotOutput.probeBytes)
            : 0
        var head: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &head) { h in
            var k = 0
            if c > 0 {
                h[0] = 0xC0 | UInt8(RDBFormat.encLZF)
                k = 1
                k += rdbEncodeLength(c, into: h.baseAddress! + k)
                k += rdbEncodeLength(n, into: h.baseAddress! + k)
            } else {
                k = rdbEncodeLength(n, into: h.baseAddress!)
            }
            emit(UnsafeRawBufferPointer(rebasing: h[0..<k]))
        }
        if c > 0 {
            emit(UnsafeRawBufferPointer(start: scratch, count: c))
        } else {
            emit(s)
        }
    }

    /// Writes the output buffer (summed into the CRC unless it is the CRC itself).
    private mutating func flush(summing: Bool = true) {
        if used == 0 || failure != nil { return }
        if summing { crc = CRC64.update(crc, UnsafeRawBufferPointer(start: buffer, count: used)) }
        var off = 0
        while off < used {
            let w = write(fd, buffer + off, used - off)
            if w < 0 {
                if errno == EINTR { continue }
                failure = "Write error saving DB on disk: \(String(cString: strerror(errno)))"
                return
            }
            if w == 0 {
                failure = "Write error saving DB on disk: \(String(cString: strerror(ENOSPC)))"
                return
            }
            off += w
        }
        written += Int64(used)
        used = 0
        if incrementalFsync && written - rangeStart >= Int64(SnapshotQueue.autosyncBytes) {
            syncIncrementally()
        }
    }

    /// rdb-save-incremental-fsync, every 4 MiB written: starts the writeback of those 4 MiB
    /// without waiting, then waits for what was written before them, which has had a whole
    /// range's time to reach the disk (Redis 7.2's rio does the same; 7.0 fdatasyncs). Dirty
    /// pages stay bounded at about two ranges, and the writer waits for the disk only when
    /// the disk is slower than the save — and not while the queue's hook headroom runs low
    /// (`mayWaitForDisk`): a command whose hook needs a block would wait for the disk too.
    /// The next wait then covers the ranges skipped. A blocking fdatasync per range stalled
    /// the writer until hooks waited for queue space, and the p99 of SETs while saving rose
    /// (docs/snapshot.md, 7). finishFile's fsync makes the whole file durable. A file system
    /// that refuses sync_file_range gets Redis 7.0's fdatasync.
    private mutating func syncIncrementally() {
        var result = structd_writeback_start(fd, rangeStart, written - rangeStart)
        if result == 0 && mayWaitForDisk && rangeStart > syncedUpTo {
            result = structd_writeback_wait(fd, syncedUpTo, rangeStart - syncedUpTo)
            if result == 0 { syncedUpTo = rangeStart }
        }
        if result != 0 {
            if fdatasync(fd) != 0 {
                failure = "Write error saving DB on disk: \(String(cString: strerror(errno)))"
            }
            syncedUpTo = written
        }
        rangeStart = written
    }
}

/// Redis's length encoding (rdbSaveLen) into `p`; returns the byte count (1, 2, 5 or 9).
func rdbEncodeLength(_ n: Int, into p: UnsafeMutableRawPointer) -> Int {
    let u = UInt64(n)
    if u < 1 << 6 {
        p.storeBytes(of: UInt8(u), as: UInt8.self)
        return 1
    }
    if u < 1 << 14 {
        p.storeBytes(of: UInt8(u >> 8) | 0x40, as: UInt8.self)
        p.storeBytes(of: UInt8(u & 0xFF), toByteOffset: 1, as: UInt8.self)
        return 2
    }
    if u <= UInt64(UInt32.max) {
        p.storeBytes(of: RDBFormat.len32Bit, as: UInt8.self)
        p.storeBytes(of: UInt32(u).bigEndian, toByteOffset: 1, as: UInt32.self)
        return 5
    }
    p.storeBytes(of: RDBFormat.len64Bit, as: UInt8.self)
    p.storeBytes(of: u.bigEndian, toByteOffset: 1, as: UInt64.self)
    return 9
}

/// The sink the snapshot's RDBWriter writes into, on the data thread: bytes go straight into
/// the queue's blocks as literal runs, strings to compress as string records (the writer
/// thread encodes them and sums the CRC64); `finish` ends the stream. `checksum` is not known
/// here — the end record tells the writer thread to append it.
final class SnapshotSink: RDBSink {
    let queue: SnapshotQueue
    private var current = -1
    private var base: UnsafeMutableRawPointer? = nil
    private var used = SnapshotQueue.blockSize
    /// Offset of the open literal run's header in the current block (-1: none).
    private var runStart = -1
    private(set) var bytesWritten = 0

    init(queue: SnapshotQueue) { self.queue = queue }

    /// Not available on this side (the writer thread sums the bytes it writes).
    var checksum: UInt64 { 0 }

    @inline(__always) func writeByte(_ b: UInt8) throws {
        if runStart < 0 || used == SnapshotQueue.blockSize { try openRun() }
        base.unsafelyUnwrapped.storeBytes(of: b, toByteOffset: used, as: UInt8.self)
        used += 1
        bytesWritten += 1
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        let n = bytes.count
        if n == 0 { return }
        var off = 0
        while off < n {
            if runStart < 0 || used == SnapshotQueue.blockSize { try openRun() }
            let k = min(n - off, SnapshotQueue.blockSize - used)
            (base.unsafelyUnwrapped + used).copyMemory(from: bytes.baseAddress! + off, byteCount: k)
            used += k
            off += k
        }
        bytesWritten += n
    }

    /// A string over 20 bytes to be compressed (or not) by the writer thread. False (nothing
    /// written) for strings over half a block: the caller compresses those itself.
    func deferString(_ p: UnsafeRawBufferPointer) throws -> Bool {
        let n = p.count
        if n > SnapshotQueue.blockSize / 2 { return false }
        closeRun()
        if current < 0 || SnapshotQueue.blockSize - used < n + SnapshotRecord.headerSize { try nextBlock() }
        header(SnapshotRecord.string, n)
        (base.unsafelyUnwrapped + used).copyMemory(from: p.baseAddress!, byteCount: n)
        used += n
        bytesWritten += n
        return true
    }

    /// Hands the current block to the writer.
    func flush() throws {
        closeRun()
        guard current >= 0 else { return }
        if used > 0 { queue.submit(current, count: used) } else { queue.giveBack(current) }
        current = -1
        base = nil
        used = SnapshotQueue.blockSize
    }

    /// Ends the stream (after the EOF opcode): the writer appends the CRC64, or zeros.
    func finish(checksum: Bool) throws {
        closeRun()
        if current < 0 || SnapshotQueue.blockSize - used < SnapshotRecord.headerSize { try nextBlock() }
        header(SnapshotRecord.end, checksum ? 1 : 0)
        try flush()
    }

    /// Gives back a block still held (abandoning the stream).
    func release() {
        if current >= 0 {
            queue.giveBack(current)
            current = -1
            base = nil
            used = SnapshotQueue.blockSize
            runStart = -1
        }
    }

    private func header(_ kind: UInt8, _ len: Int) {
        let b = base.unsafelyUnwrapped
        b.storeBytes(of: kind, toByteOffset: used, as: UInt8.self)
        b.storeBytes(of: UInt32(len).littleEndian, toByteOffset: used + 1, as: UInt32.self)
        used += SnapshotRecord.headerSize
    }

    /// Opens a literal run: in the current block when it has room for the header and a byte.
    private func openRun() throws {
        closeRun()
        if current < 0 || SnapshotQueue.blockSize - used <= SnapshotRecord.headerSize { try nextBlock() }
        runStart = used
        header(SnapshotRecord.literal, 0)
    }

    /// Writes the open run's length (or drops an empty run).
    private func closeRun() {
        guard runStart >= 0 else { return }
        let len = used - runStart - SnapshotRecord.headerSize
        if len == 0 {
            used = runStart
        } else {
            base.unsafelyUnwrapped.storeBytes(of: UInt32(len).littleEndian, toByteOffset: runStart + 1, as: UInt32.self)
        }
        runStart = -1
    }

    private func nextBlock() throws {
        if current >= 0 {
            if used > 0 { queue.submit(current, count: used) } else { queue.giveBack(current) }
            current = -1
            base = nil
        }
        let b = try queue.acquire()
        current = b
        base = queue.block(b)
        used = 0
    }
}
