// LatencyHistogram: request latencies in microseconds, in an HDR histogram
// (hdrhistogram-swift), read out the way redis-benchmark reads its own.
//
// The layout is redis-benchmark's: lowest discernible value 10 µs (so the unit is 8 µs:
// HDR rounds it down to a power of two), highest trackable 3 s (larger latencies are
// recorded as 3 s), and --precision significant digits (3 by default). Every worker thread
// records into its own histogram; the runner merges them when a test ends.
//
// The read-outs follow HdrHistogram_c, which redis-benchmark links, rather than the Java
// conventions hdrhistogram-swift follows where the two differ:
//   - value at percentile p: the first bucket whose cumulative count reaches
//     round(p/100 * total) (at least 1), reported as that bucket's highest equivalent value;
//   - min: the lowest equivalent value of the smallest recorded value (0 if bucket 0 is used);
//   - max: the highest equivalent value of the largest; mean: counts times bucket medians;
//   - "Latency by percentile distribution": C's percentile iterator with one tick per half
//     distance (0%, 50%, 75%, 87.5% ...), a row printed only when its cumulative count moved
//     or reached the total, then a 100% row;
//   - "Cumulative distribution of latencies": C's linear iterator in 100 µs steps, switching
//     to 1 ms steps once past 2 ms, rows printed under the same rule.
// So the tables have redis-benchmark's rows for the same recorded values.

import Histogram
#if canImport(Glibc)
import Glibc
#endif

public struct LatencyHistogram: Sendable {
    public static let lowestDiscernible: UInt64 = 10
    public static let highestTrackable: UInt64 = 3_000_000

    public private(set) var hdr: Histogram<UInt64>

    public init(significantDigits: Int = 3) {
        let digits: SignificantDigits
        switch significantDigits {
        case 1: digits = .one
        case 2: digits = .two
        default: digits = .three
        }
        hdr = Histogram<UInt64>(lowestDiscernibleValue: Self.lowestDiscernible,
                                highestTrackableValue: Self.highestTrackable,
                                numberOfSignificantValueDigits: digits)
    }

    @inline(__always)
    public mutating func record(micros: Int64, count: Int = 1) {
        let v = micros <= 0 ? 0 : UInt64(micros)
        hdr.record(v < Self.highestTrackable ? v : Self.highestTrackable, count: UInt64(count))
    }

    public mutating func merge(_ other: LatencyHistogram) { hdr.add(other.hdr) }

    public var count: UInt64 { hdr.totalCount }

    /// Smallest latency (µs) as HdrHistogram_c's hdr_min reports it.
    public var min: UInt64 {
        if count == 0 { return 0 }
        return hdr.countForValue(0) > 0 ? 0 : hdr.minNonZero
    }

    public var max: UInt64 { hdr.max }

    public var mean: Double { hdr.mean }

    /// HdrHistogram_c's hdr_value_at_percentile.
    public func valueAtPercentile(_ percentile: Double) -> UInt64 {
        let total = hdr.totalCount
        if total == 0 { return 0 }
        let p = Swift.min(percentile, 100.0)
        let target = Swift.max(UInt64((p / 100.0) * Double(total) + 0.5), 1)
        var running: UInt64 = 0
        for bucket in buckets() {
            running += bucket.count
            if running >= target { return bucket.highest }
        }
        return hdr.max
    }

    struct Bucket { var highest: UInt64; var count: UInt64 }

    /// Non-empty buckets in ascending order (highest equivalent value, count).
    func buckets() -> [Bucket] {
        hdr.recordedValues().map { Bucket(highest: $0.value, count: UInt64($0.count)) }
    }

    public struct Row: Equatable, Sendable {
        public var percent: Double
        public var micros: UInt64
        public var cumulativeCount: UInt64
    }

    /// "Latency by percentile distribution" rows, already filtered as redis-benchmark prints.
    public func percentileRows() -> [Row] {
        let total = hdr.totalCount
        guard total > 0 else { return [] }
        let nonEmpty = buckets()
        var rows: [Row] = []
        var index = -1
        var cumulative: UInt64 = 0
        var level = 0.0
        var seenLast = false
        var previous: UInt64? = nil

        func emit(_ percent: Double, _ micros: UInt64) {
            if previous != cumulative || cumulative == total {
                rows.append(Row(percent: percent, micros: micros, cumulativeCount: cumulative))
            }
            previous = cumulative
        }
        func advance() -> Bool {
            guard cumulative < total, index + 1 < nonEmpty.count else { return false }
            index += 1
            cumulative += nonEmpty[index].count
            return true
        }

        // Bounded: each step either advances a bucket or raises the level towards 100%.
        for _ in 0..<(nonEmpty.count * 2 + 4096) {
            if cumulative >= total {
                if seenLast { break }
                seenLast = true
                emit(100.0, nonEmpty[Swift.max(index, 0)].highest)
                continue
            }
            if index == -1 && !advance() { break }
            var reported = false
            repeat {
                let current = 100.0 * Double(cumulative) / Double(total)
                if level <= current {
                    emit(level, nonEmpty[index].highest)
                    let halvings = Int64(log(100.0 / (100.0 - level)) / log(2.0)) + 1
                    let ticks = Int64(pow(2.0, Double(halvings)))
                    level += 100.0 / Double(ticks)
                    reported = true
                    break
                }
            } while advance()
            if !reported { break }
        }
        return rows
    }

    /// "Cumulative distribution of latencies" rows, already filtered as redis-benchmark prints.
    public func cumulativeRows() -> [Row] {
        let total = hdr.totalCount
        guard total > 0 else { return [] }
        var rows: [Row] = []
        var unit: UInt64 = 100
        var level: UInt64 = 100
        var levelLowest = hdr.lowestEquivalentForValue(level)
        var value: UInt64 = 0           // lowest value of the current bucket
        var started = false
        var cumulative: UInt64 = 0
        var previous: UInt64? = nil
        let end = hdr.highestEquivalentForValue(Self.highestTrackable)

        func moveNext() -> Bool {
            let next = started ? hdr.nextNonEquivalentForValue(value) : 0
            guard next <= end else { return false }
            started = true
            value = next
            cumulative += UInt64(hdr.countForValue(value))
            return true
        }

        // Each row is a step of at least 100 µs below the 3 s ceiling: bounded.
        outer: while cumulative < total || (started && hdr.nextNonEquivalentForValue(value) > levelLowest) {
            while value < levelLowest || !started {
                if !moveNext() { break outer }
            }
            let highest = hdr.highestEquivalentForValue(value)
            if previous != cumulative || cumulative == total {
                rows.append(Row(percent: Double(cumulative) / Double(total) * 100.0, micros: highest,
                                cumulativeCount: cumulative))
            }
            previous = cumulative
            level += unit
            levelLowest = hdr.lowestEquivalentForValue(level)
            if highest > 2000 { unit = 1000 }
        }
        return rows
    }
}
