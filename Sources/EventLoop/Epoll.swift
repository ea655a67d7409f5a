// Epoll: the readiness selector behind the event loop (Redis's ae_epoll.c).
//
// Level-triggered epoll over file descriptors. The loop owner registers interest
// (readable, writable) per fd and asks `wait` for ready fds; the fd itself is the
// token, so no per-connection allocation is made here. One instance per thread;
// nothing in it is thread-safe, by design (see docs/architecture.md).

import CSystem
#if canImport(Glibc)
import Glibc
#endif

public struct Interest: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let readable = Interest(rawValue: structd_epollin)
    public static let writable = Interest(rawValue: structd_epollout)
}

public enum EventLoopError: Error, CustomStringConvertible {
    case system(String, Int32)
    public var description: String {
        switch self {
        case .system(let what, let err): return "\(what): \(String(cString: strerror(err)))"
        }
    }
}

public final class Epoll {
    public let fd: Int32
    private let capacity: Int
    private let scratch: UnsafeMutableRawPointer
    public let readyFds: UnsafeMutablePointer<Int32>
    public let readyEvents: UnsafeMutablePointer<UInt32>

    public init(capacity: Int = 1024) throws {
        let e = epoll_create1(Int32(EPOLL_CLOEXEC))
        if e < 0 { throw EventLoopError.system("epoll_create1", errno) }
        fd = e
        self.capacity = capacity
        scratch = UnsafeMutableRawPointer.allocate(byteCount: capacity * structd_epoll_event_size(), alignment: 16)
        readyFds = .allocate(capacity: capacity)
        readyEvents = .allocate(capacity: capacity)
    }

    deinit {
        close(fd)
        scratch.deallocate()
        readyFds.deallocate()
        readyEvents.deallocate()
    }

    @discardableResult
    public func add(_ target: Int32, _ interest: Interest) -> Bool {
        structd_epoll_ctl(fd, EPOLL_CTL_ADD, target, interest.rawValue) == 0
    }

    @discardableResult
    public func modify(_ target: Int32, _ interest: Interest) -> Bool {
        structd_epoll_ctl(fd, EPOLL_CTL_MOD, target, interest.rawValue) == 0
    }

    public func remove(_ target: Int32) {
        _ = structd_epoll_ctl(fd, EPOLL_CTL_DEL, target, 0)
    }

    /// Waits up to `timeoutMs` (-1: forever); returns how many entries of
    /// readyFds/readyEvents are filled.
    public func wait(timeoutMs: Int32) -> Int {
        let n = structd_epoll_wait(fd, scratch.assumingMemoryBound(to: epoll_event.self), Int32(capacity),
                                   timeoutMs, readyFds, readyEvents)
        return n < 0 ? 0 : Int(n)
    }

    @inlinable public static func isReadable(_ events: UInt32) -> Bool {
        events & (structd_epollin | structd_epollerr | structd_epollhup) != 0
    }
    @inlinable public static func isWritable(_ events: UInt32) -> Bool {
        events & (structd_epollout | structd_epollerr | structd_epollhup) != 0
    }
}

/// Monotonic clock in microseconds (for timers, latency, idle times).
@inlinable public func monotonicMicros() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
}

/// Wall clock in microseconds since the epoch (for TIME, expiry, LASTSAVE).
@inlinable public func wallClockMicros() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
}
