// RDBSink: where a serialized RDB stream goes (Redis's rio). The serializer (RDBWriter)
// only ever appends bytes to a sink; the sink decides where they end up — a file, a
// memory buffer (DUMP, tests), and later the fork-less snapshot's bounded queue to its
// writer thread — and keeps the running CRC64 of everything written, which the writer
// puts at the end of a file or payload.
//
// Checksumming is done on whole chunks, never field by field: the writer emits many tiny
// pieces (a type byte, a length, a key), and CRC64 runs at tens of GB/s only on long
// buffers. So every sink gathers pieces first and checksums a chunk when it leaves the
// gathering buffer:
//   RDBFileSink    a 64 KiB buffer; when full (or on flush) the chunk is checksummed and
//                  written to the file descriptor. A piece larger than the buffer skips it
//                  (checksummed and written as it is), so a 500 MB string is not copied.
//   RDBMemorySink  the whole stream in one growing byte buffer; the checksum is brought
//                  up to date over the not-yet-summed tail when it is asked for.
// A new destination subclasses RDBChunkSink and implements `drain(_:)`: it receives each
// chunk after it has been checksummed, in order (see docs/snapshot.md).
//
// Errors (a failed write, a full disk) are thrown from `write` or `flush` as RDBError.io
// with errno; the writer stops at the first one.

import Checksum
#if canImport(Glibc)
import Glibc
#endif

/// The contract the RDB serializer writes through.
protocol RDBSink: AnyObject {
    /// Appends `bytes` to the stream.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Appends one byte.
    func writeByte(_ b: UInt8) throws
    /// CRC64 (Jones) of every byte written so far.
    var checksum: UInt64 { get }
    /// Number of bytes written so far.
    var bytesWritten: Int { get }
    /// Pushes gathered bytes to the destination (not a durability guarantee).
    func flush() throws
    /// Takes a string over 20 bytes that the writer would LZF-compress, to encode it later
    /// exactly as RDBWriter would (the snapshot compresses on its writer thread). False:
    /// nothing taken, the writer encodes it itself (every sink but the snapshot's).
    func deferString(_ p: UnsafeRawBufferPointer) throws -> Bool
}

extension RDBSink {
    func deferString(_ p: UnsafeRawBufferPointer) throws -> Bool { false }
}

enum RDBError: Error, CustomStringConvertible {
    /// A system call failed (errno).
    case io(String, Int32)
    /// The input is not a valid RDB stream / payload: what is wrong, in Redis's words.
    case corrupt(String)

    var description: String {
        switch self {
        case .io(let what, let e): return "\(what): \(String(cString: strerror(e)))"
        case .corrupt(let why): return why
        }
    }
}

/// A sink that gathers pieces in a fixed buffer and hands checksummed chunks to `drain`.
class RDBChunkSink: RDBSink {
    static let chunkSize = 64 * 1024
    private let buffer: UnsafeMutableRawPointer
    private var used = 0
    private(set) var checksum: UInt64 = 0
    private(set) var bytesWritten = 0

    init() {
        buffer = .allocate(byteCount: RDBChunkSink.chunkSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Receives each chunk, already included in `checksum`, in stream order. Subclasses
    /// override this; the chunk's memory is only valid during the call.
    func drain(_ chunk: UnsafeRawBufferPointer) throws {
        fatalError("RDBChunkSink.drain must be overridden")
    }

    @inline(__always) final func writeByte(_ b: UInt8) throws {
        if used == RDBChunkSink.chunkSize { try flush() }
        buffer.storeBytes(of: b, toByteOffset: used, as: UInt8.self)
        used += 1
        bytesWritten += 1
    }

    final func write(_ bytes: UnsafeRawBufferPointer) throws {
        let n = bytes.count
        if n == 0 { return }
        if n <= RDBChunkSink.chunkSize - used {
            (buffer + used).copyMemory(from: bytes.baseAddress!, byteCount: n)
            used += n
            bytesWritten += n
            return
        }
        try flush()
        if n >= RDBChunkSink.chunkSize / 2 {
            checksum = CRC64.update(checksum, bytes)
            bytesWritten += n
            try drain(bytes)
        } else {
            buffer.copyMemory(from: bytes.baseAddress!, byteCount: n)
            used = n
            bytesWritten += n
        }
    }

    final func flush() throws {
        if used == 0 { return }
        let chunk = UnsafeRawBufferPointer(start: buffer, count: used)
        checksum = CRC64.update(checksum, chunk)
        used = 0
        try drain(chunk)
    }
}

/// Writes the stream to an open file descriptor (the caller owns and closes it).
final class RDBFileSink: RDBChunkSink {
    let fd: Int32

    init(fd: Int32) {
        self.fd = fd
        super.init()
    }

    override func drain(_ chunk: UnsafeRawBufferPointer) throws {
        var off = 0
        while off < chunk.count {
            let n = Glibc.write(fd, chunk.baseAddress! + off, chunk.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw RDBError.io("write", errno)
            }
            if n == 0 { throw RDBError.io("write", ENOSPC) }
            off += n
        }
    }
}

/// Keeps the whole stream in memory (DUMP payloads, in-memory round trips).
final class RDBMemorySink: RDBSink {
    private(set) var bytes: [UInt8] = []
    private var summed = 0
    private var crc: UInt64 = 0

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    @inline(__always) func writeByte(_ b: UInt8) throws { bytes.append(b) }

    func write(_ p: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: p) }

    var checksum: UInt64 {
        if summed < bytes.count {
            crc = bytes.withUnsafeBytes { CRC64.update(crc, UnsafeRawBufferPointer(rebasing: $0[summed...])) }
            summed = bytes.count
        }
        return crc
    }

    var bytesWritten: Int { bytes.count }

    func flush() throws {}
}
