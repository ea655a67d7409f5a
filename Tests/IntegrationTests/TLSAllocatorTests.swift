// TLSAllocatorTests: the allocator StructD gives OpenSSL (COpenSSL/shim.c: per-thread free
// lists of small blocks by 16-byte class, in front of glibc), called directly. The server
// installs it with CRYPTO_set_mem_functions before OpenSSL's first allocation, which this test
// process (its TLS test client already uses OpenSSL) cannot do; the TLS suite runs the server
// with it.
//
// The tests run their allocations on threads of their own, so that the free lists they look
// at start empty.

import COpenSSL
import Foundation
import Testing

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// Runs `body` on a new thread (with empty free lists) and returns its result.
private func onNewThread<T>(_ body: @escaping @Sendable () -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.start()
    done.wait()
    return box.value!
}

private func cacheUsage() -> (blocks: Int, bytes: Int) {
    var blocks = 0, bytes = 0
    structd_openssl_cache_usage(&blocks, &bytes)
    return (blocks, bytes)
}

/// Fills `count` bytes at `p` with a pattern derived from `seed`.
private func fill(_ p: UnsafeMutableRawPointer, _ count: Int, seed: Int) {
    let bytes = p.assumingMemoryBound(to: UInt8.self)
    for i in 0..<count { bytes[i] = UInt8(truncatingIfNeeded: i &* 31 &+ seed) }
}

/// Whether the first `count` bytes at `p` still hold `fill`'s pattern for `seed`.
private func holds(_ p: UnsafeMutableRawPointer, _ count: Int, seed: Int) -> Bool {
    let bytes = p.assumingMemoryBound(to: UInt8.self)
    for i in 0..<count where bytes[i] != UInt8(truncatingIfNeeded: i &* 31 &+ seed) { return false }
    return true
}

private let budget = 64 * 1024

@Suite("TLSAllocator")
struct TLSAllocatorTests {
    @Test func blocksAreAlignedAndReusedWithinTheirClass() {
        let limit = structd_openssl_cache_limit()
        #expect(limit == 1032)
        let sizes = [0, 1, 8, 9, 16, 24, 25, 40, 41, 100, 1016, 1017, limit - 1, limit, limit + 1, 4096, 70_000, 300_000]
        let problems: [String] = onNewThread {
            var problems: [String] = []
            for n in sizes {
                guard let p = structd_openssl_malloc(n) else {
                    problems.append("malloc(\(n)) failed")
                    continue
                }
                if Int(bitPattern: p) % 16 != 0 { problems.append("malloc(\(n)) not 16-byte aligned") }
                fill(p, n, seed: n)
                if !holds(p, n, seed: n) { problems.append("malloc(\(n)) lost its bytes") }
                let before = cacheUsage().blocks
                structd_openssl_free(p)
                let after = cacheUsage().blocks
                if n <= limit {
                    if after != before + 1 { problems.append("free of \(n) bytes not kept") }
                    // The list gives it back to the next request of its class.
                    let q = structd_openssl_malloc(n)
                    if q != p { problems.append("malloc(\(n)) after a free got another block") }
                    structd_openssl_free(q)
                } else if after != before {
                    problems.append("free of \(n) bytes kept in a list")
                }
            }
            return problems
        }
        #expect(problems == [])
    }

    @Test func classEdgesNeverHandOutATooSmallBlock() {
        // Class 0 holds up to 8 bytes, class 1 up to 24, class 2 up to 40 (16c + 8).
        let results: [Bool] = onNewThread {
            var results: [Bool] = []
            for (small, next) in [(8, 9), (24, 25), (40, 41), (1016, 1017)] {
                let p = structd_openssl_malloc(small)!
                structd_openssl_free(p)
                let bigger = structd_openssl_malloc(next)!
                results.append(bigger != p)          // a block of the next class
                let same = structd_openssl_malloc(small - 7)!
                results.append(same == p)            // the freed block: same class
                fill(bigger, next, seed: 1)
                fill(same, small - 7, seed: 2)
                results.append(holds(bigger, next, seed: 1) && holds(same, small - 7, seed: 2))
                structd_openssl_free(bigger)
                structd_openssl_free(same)
            }
            return results
        }
        #expect(results == Array(repeating: true, count: results.count))
    }

    @Test func reallocKeepsContentsGrowingAndShrinking() {
        let limit = structd_openssl_cache_limit()
        let steps = [1, 7, 8, 9, 24, 25, 100, 500, limit, limit + 1, 5000, 70_000, 200_000, 70_000, 5000,
                     limit + 1, limit, 600, 100, 25, 24, 9, 1]
        let ok: Bool = onNewThread {
            var p = structd_openssl_malloc(steps[0])!
            fill(p, steps[0], seed: 7)
            var kept = steps[0]
            for n in steps.dropFirst() {
                guard let q = structd_openssl_realloc(p, n) else { return false }
                if Int(bitPattern: q) % 16 != 0 { return false }
                kept = min(kept, n)
                if !holds(q, kept, seed: 7) { return false }
                fill(q, n, seed: 7)
                kept = n
                p = q
            }
            structd_openssl_free(p)
            return true
        }
        #expect(ok)
    }

    @Test func reallocWithinTheBlockKeepsIt() {
        let results: [Bool] = onNewThread {
            let p = structd_openssl_malloc(20)!
            fill(p, 20, seed: 3)
            let grown = structd_openssl_realloc(p, 24)       // class 1 holds 24
            let shrunk = structd_openssl_realloc(grown, 13)  // still more than half of it
            let ok = holds(shrunk!, 13, seed: 3)
            let large = structd_openssl_malloc(3000)!
            fill(large, 3000, seed: 4)
            let moved = structd_openssl_realloc(large, 40)!   // large to small: moves, keeps 40 bytes
            let movedOK = holds(moved, 40, seed: 4)
            structd_openssl_free(moved)
            // realloc to 0 frees, as OpenSSL's own CRYPTO_realloc.
            let zero = structd_openssl_realloc(shrunk, 0)
            return [grown == p, shrunk == p, ok, movedOK, zero == nil]
        }
        #expect(results == [true, true, true, true, true])
    }

    @Test func listsStayWithinTheirBudgetAfterABurst() {
        let usage: [(blocks: Int, bytes: Int)] = onNewThread {
            var blocks: [UnsafeMutableRawPointer] = []
            // A handshake's burst, ten times over: mostly tiny blocks, some up to 1 KiB.
            for i in 0..<20_000 {
                let n = [4, 24, 32, 32, 72, 216, 1000][i % 7]
                blocks.append(structd_openssl_malloc(n)!)
            }
            for p in blocks { structd_openssl_free(p) }
            let afterBurst = cacheUsage()
            // The same burst again is served from the lists and leaves them as they were.
            blocks.removeAll(keepingCapacity: true)
            for i in 0..<20_000 { blocks.append(structd_openssl_malloc([4, 24, 32, 32, 72, 216, 1000][i % 7])!) }
            let emptied = cacheUsage()
            for p in blocks { structd_openssl_free(p) }
            return [afterBurst, emptied, cacheUsage()]
        }
        #expect(usage[0].bytes > 0 && usage[0].bytes <= budget)
        #expect(usage[0].blocks <= 512 * 7)
        #expect(usage[1].blocks == 0)
        #expect(usage[2].bytes == usage[0].bytes)
    }

    @Test func blocksMayBeFreedOnAnotherThread() {
        // Allocated on one thread, written, then freed (into its own lists) and reallocated on
        // another: they are plain glibc chunks underneath.
        let addresses: [Int] = onNewThread {
            (0..<3000).map { i in
                let n = [4, 24, 40, 500, 2000][i % 5]
                let p = structd_openssl_malloc(n)!
                fill(p, n, seed: i)
                return Int(bitPattern: p)
            }
        }
        let results: [Bool] = onNewThread {
            var ok = true
            for (i, a) in addresses.enumerated() {
                let p = UnsafeMutableRawPointer(bitPattern: a)!
                let n = [4, 24, 40, 500, 2000][i % 5]
                if !holds(p, n, seed: i) { ok = false }
                if i % 2 == 0 {
                    structd_openssl_free(p)
                } else {
                    guard let q = structd_openssl_realloc(p, n * 3) else { ok = false; continue }
                    if !holds(q, n, seed: i) { ok = false }
                    structd_openssl_free(q)
                }
            }
            let usage = cacheUsage()
            return [ok, usage.bytes <= budget]
        }
        #expect(results == [true, true])
    }
}
