// Dict+Snapshot: the epoch-mark protocol of the fork-less snapshot (docs/snapshot.md), at the
// table level. A model plays the server's part: it walks tables with `snapshotStep` between
// random changes, and before each change of an entry it "writes" the entry if `claim`
// says it was pending (serialize-before-write). FLUSH moves the contents to a detached
// table (swapContents) that the walk finishes; SWAP exchanges two tables' contents. The
// checks are the proof's claim: every key present at the start is written exactly once,
// with its value at the start, and nothing created later is written — while the tables
// grow, shrink and rehash incrementally under the walk.

import Testing
@testable import DataStructures

private func key(_ i: Int) -> RStr { RStr("key:\(i)") }

/// Deterministic generator (SplitMix64), so a failure can be replayed.
private struct Mix {
    var s: UInt64
    mutating func next() -> UInt64 {
        s &+= 0x9E3779B97F4A7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// One simulated save over `tables.count` databases.
private final class ModelSave {
    enum Source { case live(Int), detached(Dict<Int>), finished }
    let epoch: UInt16
    var sources: [Source]
    var dbToSnap: [Int]
    var walkDB = 0
    var cursor: UInt64 = 0
    /// (snapshot db, key) -> value written; duplicates recorded separately.
    var written: [String: Int] = [:]
    var duplicates: [String] = []

    init(epoch: UInt16, tables: [Dict<Int>]) {
        self.epoch = epoch
        sources = tables.indices.map { .live($0) }
        dbToSnap = Array(tables.indices)
        for t in tables { t.newEntryMark = epoch }
    }

    func record(_ j: Int, _ e: DictEntry<Int>) {
        let k = "\(j)/\(e.key.string)"
        if written[k] != nil { duplicates.append(k) }
        written[k] = e.value
    }

    /// Serialize-before-write for an entry of live table `d`.
    func willModify(_ d: Int, _ e: DictEntry<Int>) {
        if e.claim(epoch) { record(dbToSnap[d], e) }
    }

    func willFlush(_ d: Int, _ tables: [Dict<Int>]) {
        let j = dbToSnap[d]
        guard j >= 0 else { return }
        dbToSnap[d] = -1
        let detached = Dict<Int>()
        detached.swapContents(with: tables[d])
        sources[j] = .detached(detached)
    }

    func didSwap(_ a: Int, _ b: Int) {
        let ja = dbToSnap[a], jb = dbToSnap[b]
        dbToSnap[a] = jb
        dbToSnap[b] = ja
        if ja >= 0 { sources[ja] = .live(b) }
        if jb >= 0 { sources[jb] = .live(a) }
    }

    /// A few SCAN steps; true when the walk is over.
    func walk(_ steps: Int, _ tables: [Dict<Int>]) -> Bool {
        var n = steps
        while walkDB < sources.count && n > 0 {
            n -= 1
            let j = walkDB
            switch sources[j] {
            case .finished:
                walkDB += 1; cursor = 0; continue
            case .live(let d):
                cursor = tables[d].snapshotStep(cursor, epoch: epoch) { record(j, $0) }
                if cursor == 0 { dbToSnap[d] = -1 }
            case .detached(let t):
                cursor = t.snapshotStep(cursor, epoch: epoch) { record(j, $0) }
            }
            if cursor == 0 { sources[j] = .finished; walkDB += 1 }
        }
        return walkDB == sources.count
    }
}

@Suite struct DictSnapshotTests {
    /// Random changes interleaved with the walk; the written set must be the start state.
    func run(seed: UInt64, databases: Int, keys: Int, opsPerStep: Int, epoch: UInt16) {
        var r = Mix(s: seed)
        let tables = (0..<databases).map { _ in Dict<Int>() }
        for t in tables { t.newEntryMark = epoch &- 1 }
        var next = 1_000_000
        for d in 0..<databases {
            for i in 0..<keys where r.below(3) != 0 { tables[d].insertNew(key(i), i * 10 + d) }
        }
        // The expected file: every key at T0 under its database at T0.
        var expected: [String: Int] = [:]
        for (d, t) in tables.enumerated() { t.forEach { expected["\(d)/\($0.key.string)"] = $0.value } }

        let save = ModelSave(epoch: epoch, tables: tables)
        var done = false
        var rounds = 0
        while !done && rounds < 1_000_000 {
            rounds += 1
            for _ in 0..<opsPerStep {
                let d = r.below(databases)
                let t = tables[d]
                let k = key(r.below(keys * 2))
                switch r.below(100) {
                case 0..<35:  // overwrite in place (lookupWrite + change) or insert
                    if let e = t.find(k) {
                        save.willModify(d, e)
                        e.value = next
                    } else {
                        t.insertNew(k, next)
                    }
                    next += 1
                case 35..<60:  // delete (the entry is written before it goes, as deleteKey does)
                    if let e = t.find(k) {
                        save.willModify(d, e)
                        t.remove(k)
                    }
                case 60..<75:  // delete and re-create (RENAME-like churn)
                    if let e = t.find(k) {
                        save.willModify(d, e)
                        t.remove(k)
                        t.insertNew(k, next)
                        next += 1
                    }
                case 75..<85:  // bursts of new keys: the table grows and rehashes
                    for _ in 0..<20 { t.insertNew(key(next), next); next += 1 }
                case 85..<93:  // deletions of many keys: shrinking
                    for _ in 0..<20 {
                        let k = key(r.below(keys * 2))
                        if let e = t.find(k) {
                            save.willModify(d, e)
                            t.remove(k)
                        }
                    }
                    t.shrinkIfNeeded()
                case 93..<96:
                    let b = r.below(databases)
                    if b != d {
                        t.swapContents(with: tables[b])
                        save.didSwap(d, b)
                    }
                case 96..<98:
                    save.willFlush(d, tables)
                    t.clearAll()
                default:
                    t.rehash(steps: 50)
                }
            }
            done = save.walk(1 + r.below(4), tables)
        }
        #expect(done)
        #expect(save.duplicates.isEmpty, "written twice: \(save.duplicates.prefix(5))")
        #expect(save.written.count == expected.count)
        var wrong = 0
        for (k, v) in expected where save.written[k] != v { wrong += 1 }
        #expect(wrong == 0, "\(wrong) keys missing or with a changed value")
        for t in tables {
            #expect(t.pendingCount(epoch: epoch) == 0)
            #expect(t.verifyInvariants() == nil)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func everyKeyOnceWithItsStartValue(seed: UInt64) {
        run(seed: seed, databases: 3, keys: 1500, opsPerStep: 3, epoch: 7)
    }

    @Test func heavyChurnAgainstASlowWalk() {
        run(seed: 99, databases: 2, keys: 4000, opsPerStep: 40, epoch: 2)
    }

    @Test func epochNextToTheWrap() {
        run(seed: 11, databases: 2, keys: 800, opsPerStep: 5, epoch: UInt16.max)
    }

    @Test func newEntriesAreBornMarked() {
        let d = Dict<Int>()
        d.newEntryMark = 5
        let e = d.insertNew(key(1), 1)
        #expect(e.mark == 5)
        #expect(!e.claim(5))
        #expect(e.claim(6))
        #expect(e.mark == 6)
        #expect(!e.claim(6))
    }

    @Test func resetMarksClearsEveryEntry() {
        let d = Dict<Int>()
        d.newEntryMark = 40
        for i in 0..<5000 { d.insertNew(key(i), i) }
        #expect(d.pendingCount(epoch: 40) == 0)
        d.resetMarks()
        #expect(d.pendingCount(epoch: 0) == 0)
        #expect(d.pendingCount(epoch: 1) == 5000)
    }

    @Test func claimAllPendingTakesOnlyPendingEntries() {
        let d = Dict<Int>()
        for i in 0..<1000 { d.insertNew(key(i), i) }
        var claimed = 0
        for i in stride(from: 0, to: 1000, by: 2) { if d.find(key(i))!.claim(3) { claimed += 1 } }
        var rest = 0
        d.claimAllPending(epoch: 3) { _ in rest += 1 }
        #expect(claimed == 500 && rest == 500)
        #expect(d.pendingCount(epoch: 3) == 0)
    }
}
