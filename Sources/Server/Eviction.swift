// Eviction: maxmemory and its policies, with Redis's approximations (evict.c).
//
// Each key's entry carries a 24-bit word: for LRU policies the LRU clock (seconds,
// wrapping at 2^24) of its last access; for LFU policies 16 bits of "last decrement
// time" in minutes and an 8-bit logarithmic access counter. When used memory exceeds
// maxmemory, candidates are sampled (maxmemory-samples per database) into a pool of the
// 16 best victims seen so far, and the best is evicted; repeat until under the limit.
// This is Redis's approximated LRU/LFU: no per-access list maintenance, a few random
// samples per eviction.

import Config
import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

typealias EvictionPolicy = MaxmemoryPolicy

extension MaxmemoryPolicy {
    var isLFU: Bool { usesLFU }
    var isAllKeys: Bool { allKeys }
}

let lruClockMax: UInt32 = (1 << 24) - 1
let lfuInitValue: UInt32 = 5

extension Server {
    var evictionPolicy: EvictionPolicy { config.maxmemoryPolicy }

    func currentLRUClock() -> UInt32 {
        UInt32(truncatingIfNeeded: wallClockMicros() / 1_000_000) & lruClockMax
    }

    /// Records an access: LRU clock, or an LFU counter bump after decay.
    @inline(__always) func touchEntry(_ e: DictEntry<Value>) {
        if noTouch { return }
        if lfuMode {
            e.meta = lfuTouched(e.meta)
        } else {
            e.meta = lruClock
        }
    }

    func initEntryMeta(_ e: DictEntry<Value>) {
        e.meta = lfuMode ? (lfuMinutes() << 8) | lfuInitValue : lruClock
    }

    func lfuMinutes() -> UInt32 {
        UInt32(truncatingIfNeeded: (wallClockMicros() / 60_000_000)) & 0xFFFF
    }

    /// Minutes elapsed since `ldt` on the 16-bit wrapping minute clock.
    func lfuTimeElapsed(_ ldt: UInt32) -> UInt32 {
        let now = lfuMinutes()
        return now >= ldt ? now - ldt : 65535 - ldt + now
    }

    func lfuDecayed(_ meta: UInt32) -> UInt32 {
        let ldt = meta >> 8
        var counter = meta & 255
        let decay = config.lfuDecayTime
        if decay > 0 {
            let periods = lfuTimeElapsed(ldt) / UInt32(decay)
            counter = periods > counter ? 0 : counter - periods
        }
        return counter
    }

    func lfuTouched(_ meta: UInt32) -> UInt32 {
        var counter = lfuDecayed(meta)
        // Logarithmic increment: p = 1 / ((counter - LFU_INIT_VAL) * lfu_log_factor + 1).
        if counter < 255 {
            let r = Double(randomUInt64() >> 11) / Double(1 << 53)
            let base = Double(counter > lfuInitValue ? counter - lfuInitValue : 0)
            let p = 1.0 / (base * Double(config.lfuLogFactor) + 1)
            if r < p { counter += 1 }
        }
        return (lfuMinutes() << 8) | counter
    }

    /// OBJECT IDLETIME's estimate, in milliseconds.
    func idleMillis(_ e: DictEntry<Value>) -> Int64 {
        let now = lruClock == 0 ? currentLRUClock() : lruClock
        let lru = e.meta & lruClockMax
        let d = now >= lru ? now - lru : (lruClockMax - lru) + now
        return Int64(d) * 1000
    }

    // MARK: eviction

    /// Frees memory until under maxmemory. Returns false only when nothing more can be
    /// evicted (the caller answers OOM). Like Redis, one call spends a bounded time
    /// (maxmemory-eviction-tenacity: 500 µs at the default 10, growing 15% per step); if
    /// that runs out first, eviction continues from beforeSleep and the command proceeds
    /// (Redis's EVICT_RUNNING).
    func performEvictions() -> Bool {
        let limit = Int(clamping: config.maxmemory)
        if limit <= 0 { evictionRunning = false; return true }
        var used = usedMemory()
        if used <= limit { evictionRunning = false; return true }
        let policy = evictionPolicy
        if policy == .noeviction { return false }
        let start = monotonicMicros()
        let tenacity = config.maxmemoryEvictionTenacity
        let budget: Int64 = tenacity >= 100 ? Int64.max : Int64(500.0 * pow(1.15, Double(tenacity - 10)))
        var pool: [(score: UInt64, key: RStr, db: Int)] = []
        var sample: [DictEntry<Value>] = []
        var ttlSample: [DictEntry<Int64>] = []
        var evicted = 0
        while used > limit {
            guard let (dbIndex, key) = pickVictim(policy, &pool, &sample, &ttlSample) else {
                evictionRunning = false
                stats.evictionMicros += monotonicMicros() - start
                return false
            }
            key.withBytes { k in
                _ = databases[dbIndex].deleteKey(k)
                notifyKeyspaceEvent(.evicted, "evicted", k, dbIndex: dbIndex)
            }
            stats.evictedKeys += 1
            evicted += 1
            used = usedMemory()
            if evicted & 15 == 0 && monotonicMicros() - start > budget {
                // Out of time: keep going from beforeSleep, let this command run.
                evictionRunning = true
                stats.evictionMicros += monotonicMicros() - start
                return true
            }
        }
        evictionRunning = false
        stats.evictionMicros += monotonicMicros() - start
        return true
    }

    private func pickVictim(_ policy: EvictionPolicy, _ pool: inout [(score: UInt64, key: RStr, db: Int)],
                            _ sample: inout [DictEntry<Value>], _ ttlSample: inout [DictEntry<Int64>]) -> (Int, RStr)? {
        switch policy {
        case .allkeysRandom, .volatileRandom:
            // Visit every database once, from a random one (Redis walks them in order).
            let first = Int(randomUInt64() % UInt64(databases.count))
            for i in 0..<databases.count {
                let db = databases[(first + i) % databases.count]
                if policy == .allkeysRandom {
                    if let e = db.keys.randomEntry() { return (db.id, e.key) }
                } else if let e = db.expires.randomEntry() {
                    return (db.id, e.key)
                }
            }
            return nil
        default:
            // Fill the pool with this round's samples from every database, keep the 16 best.
            let samples = max(1, config.maxmemorySamples)
            for db in databases {
                if policy.isAllKeys {
                    db.keys.sample(samples, into: &sample)
                    for e in sample { pool.append((evictionScore(policy, e, db), e.key, db.id)) }
                } else {
                    db.expires.sample(samples, into: &ttlSample)
                    for t in ttlSample {
                        if policy == .volatileTTL {
                            pool.append((UInt64.max - UInt64(bitPattern: t.value), t.key, db.id))
                        } else if let e = t.key.withBytes({ db.keys.find($0) }) {
                            pool.append((evictionScore(policy, e, db), t.key, db.id))
                        }
                    }
                }
            }
            pool.sort { $0.score > $1.score }
            if pool.count > 16 { pool.removeLast(pool.count - 16) }
            while !pool.isEmpty {
                let best = pool.removeFirst()
                if best.key.withBytes({ databases[best.db].keys.find($0) }) != nil { return (best.db, best.key) }
            }
            return nil
        }
    }

    /// Higher is a better victim: idle time for LRU, 255 - frequency for LFU.
    private func evictionScore(_ policy: EvictionPolicy, _ e: DictEntry<Value>, _ db: Database) -> UInt64 {
        if policy.isLFU { return UInt64(255 - lfuDecayed(e.meta)) }
        return UInt64(idleMillis(e))
    }
}
