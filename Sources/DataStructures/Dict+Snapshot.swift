// Dict+Snapshot: the table-level half of the fork-less snapshot (docs/snapshot.md).
//
// A background save has an epoch E. Every entry carries a 16-bit `mark`; an entry whose mark
// is not E is "pending" for that save: it existed when the save started and has not been
// written yet. Claiming an entry (setting its mark to E) and writing it are one step for the
// caller, so an entry is written at most once; entries created while the save runs are
// stamped with E at birth (`newEntryMark`), so they are never written.
//
// This file only knows about marks and cursors; what "writing" means belongs to the server
// (Sources/Server/Persistence/BackgroundSave.swift). The walk is a SCAN: it keeps no
// position inside the table between steps, only the reverse-binary cursor, so incremental
// rehashing, growth and shrinking between steps can make it meet an entry twice (the mark
// makes the second meeting a no-op) but never miss an entry present for the whole walk.

extension DictEntry {
    /// True (and the entry is marked) when the entry was pending for `epoch`.
    @inlinable @inline(__always)
    public func claim(_ epoch: UInt16) -> Bool {
        if mark == epoch { return false }
        mark = epoch
        return true
    }
}

extension Dict {
    /// One SCAN step that hands every entry still pending for `epoch` to `body`, after
    /// claiming it. Returns the next cursor (0: the walk is over). `body` must not modify
    /// this table.
    @inlinable
    public func snapshotStep(_ cursor: UInt64, epoch: UInt16, _ body: (DictEntry<V>) -> Void) -> UInt64 {
        scan(cursor) { e in
            if e.claim(epoch) { body(e) }
        }
    }

    /// Claims and hands to `body` every entry still pending for `epoch`, in one go. `body`
    /// must not modify this table.
    public func claimAllPending(epoch: UInt16, _ body: (DictEntry<V>) -> Void) {
        forEach { e in
            if e.claim(epoch) { body(e) }
        }
    }

    /// Sets every entry's mark to 0 (before the epoch counter wraps around).
    public func resetMarks() {
        forEach { $0.mark = 0 }
    }

    /// Number of entries pending for `epoch` (tests and invariant checks; walks the table).
    public func pendingCount(epoch: UInt16) -> Int {
        var n = 0
        forEach { if $0.mark != epoch { n += 1 } }
        return n
    }
}
