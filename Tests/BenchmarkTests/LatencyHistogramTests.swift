// LatencyHistogram against known inputs: percentiles, min/max/mean and both of
// redis-benchmark's distribution tables, with expectations worked out by hand from the
// HDR layout (unit 8 µs below 16384 µs, 3 significant digits) and HdrHistogram_c's rules.

import Testing
@testable import StructDBenchmark

@Suite struct LatencyHistogramTests {
    /// 100, 200, ..., 10000 µs: one value per bucket.
    func hundredSteps() -> LatencyHistogram {
        var h = LatencyHistogram()
        for k in 1...100 { h.record(micros: Int64(100 * k)) }
        return h
    }

    @Test func percentilesMinMaxMean() {
        let h = hundredSteps()
        #expect(h.count == 100)
        #expect(h.valueAtPercentile(50) == 5007)      // 50th value 5000, bucket 5000...5007
        #expect(h.valueAtPercentile(95) == 9503)      // 9500 is in bucket 9496...9503
        #expect(h.valueAtPercentile(99) == 9903)      // 9900 is in bucket 9896...9903
        #expect(h.valueAtPercentile(99.9) == 10007)   // round(99.9 + 0.5) = 100th value
        #expect(h.valueAtPercentile(100) == 10007)
        #expect(h.min == 96 && h.max == 10007)        // lowest / highest equivalents
        #expect(h.mean == 5052.0)                     // sum of bucket medians / 100
    }

    @Test func singleValueAndClamping() {
        var h = LatencyHistogram()
        h.record(micros: 1000, count: 100)
        #expect(h.valueAtPercentile(50) == 1007 && h.min == 1000 && h.max == 1007 && h.mean == 1004)
        var big = LatencyHistogram()
        big.record(micros: 50_000_000)       // beyond 3 s: recorded as 3 s, not dropped
        big.record(micros: -3)               // clock oddity: recorded as 0
        #expect(big.count == 2 && big.min == 0 && big.max >= 3_000_000 && big.max < 3_002_000)
    }

    @Test func percentileTableFollowsRedisBenchmark() {
        let rows = hundredSteps().percentileRows().map {
            cFormat("%3.3f%% <= %.3f milliseconds (cumulative count %lld)", $0.percent, Double($0.micros) / 1000, Int64($0.cumulativeCount))
        }
        #expect(rows == [
            "0.000% <= 0.103 milliseconds (cumulative count 1)",
            "50.000% <= 5.007 milliseconds (cumulative count 50)",
            "75.000% <= 7.503 milliseconds (cumulative count 75)",
            "87.500% <= 8.807 milliseconds (cumulative count 88)",
            "93.750% <= 9.407 milliseconds (cumulative count 94)",
            "96.875% <= 9.703 milliseconds (cumulative count 97)",
            "98.438% <= 9.903 milliseconds (cumulative count 99)",
            "99.219% <= 10.007 milliseconds (cumulative count 100)",
            "100.000% <= 10.007 milliseconds (cumulative count 100)",
        ])
    }

    @Test func cumulativeTableSwitchesToMillisecondsAfterTwo() {
        let rows = hundredSteps().cumulativeRows()
        #expect(rows.count == 29)
        #expect(rows[0] == .init(percent: 1, micros: 103, cumulativeCount: 1))
        #expect(rows[1] == .init(percent: 2, micros: 207, cumulativeCount: 2))
        #expect(rows[19] == .init(percent: 20, micros: 2007, cumulativeCount: 20))
        #expect(rows[20] == .init(percent: 21, micros: 2103, cumulativeCount: 21))
        #expect(rows[21] == .init(percent: 31, micros: 3103, cumulativeCount: 31))
        #expect(rows[28] == .init(percent: 100, micros: 10103, cumulativeCount: 100))
    }

    @Test func unchangedRowsAreSkippedButTheFirstIsKept() {
        var h = LatencyHistogram()
        h.record(micros: 150, count: 3)
        h.record(micros: 5000, count: 1)
        let rows = h.cumulativeRows()
        // 0.103 (nothing yet) is printed as the first row; 0.207 ... 2.103 carry 3; 3.103 and
        // 4.103 are unchanged; 5.103 reaches the total.
        #expect(rows.first == .init(percent: 0, micros: 103, cumulativeCount: 0))
        #expect(rows[1] == .init(percent: 75, micros: 207, cumulativeCount: 3))
        #expect(rows.last == .init(percent: 100, micros: 5103, cumulativeCount: 4))
        #expect(rows.count == 3)
        let pct = h.percentileRows()
        #expect(pct.map(\.cumulativeCount) == [3, 4, 4])
        #expect(pct.map(\.percent) == [0, 87.5, 100])
    }

    @Test func mergeAddsCounts() {
        var a = LatencyHistogram(), b = LatencyHistogram()
        a.record(micros: 100, count: 5)
        b.record(micros: 9000, count: 5)
        a.merge(b)
        #expect(a.count == 10 && a.min == 96 && a.max == 9007 && a.valueAtPercentile(50) == 103)
    }
}
