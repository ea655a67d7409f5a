// Unit tests of the per-command latency histogram (Sources/Server/Info.swift): its counts
// grow only to the power of two of the slowest value recorded, and growing keeps every
// count, so percentiles read the same as from the whole 3072-count range Redis allocates.
// INFO latencystats and LATENCY HISTOGRAM are checked against redis-server in
// IntegrationTests (InfoTests, LatencyMonitorTests).

@testable import Server
import Testing

@Suite("Latency histogram units")
struct LatencyHistogramUnitTests {
    @Test func countsGrowToTheSlowestValue() {
        let h = LatencyHistogram()
        #expect(h.counts.isEmpty)
        h.record(5_000)
        let half = Int(LatencyHistogram.subBucketHalfCount)
        #expect(h.counts.count % half == 0)
        #expect(h.counts.count > LatencyHistogram.index(of: 5_000))
        #expect(h.counts.count <= LatencyHistogram.index(of: 5_000) + half)
        let small = h.counts.count
        h.record(3_000)
        #expect(h.counts.count == small)
        h.record(2_000_000_000)
        #expect(h.counts.count == LatencyHistogram.countsLength)
        #expect(h.counts.reduce(0, +) == 3)
        #expect(h.total == 3)
    }

    @Test func percentilesSurviveGrowth() {
        let h = LatencyHistogram()
        for _ in 0..<90 { h.record(1_000) }
        for _ in 0..<9 { h.record(250_000) }
        h.record(40_000_000)
        #expect(h.value(atPercentile: 50) == LatencyHistogram.highestEquivalent(1_000))
        #expect(h.value(atPercentile: 99) == LatencyHistogram.highestEquivalent(250_000))
        #expect(h.value(atPercentile: 100) == LatencyHistogram.highestEquivalent(40_000_000))
        #expect(h.value(atPercentile: 0) == LatencyHistogram.lowestEquivalent(1_000))
        #expect(h.counts[LatencyHistogram.index(of: 1_000)] == 90)
        #expect(h.counts[LatencyHistogram.index(of: 250_000)] == 9)
    }
}
