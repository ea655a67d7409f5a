// The latency monitor (Redis's latency.c): with `latency-monitor-threshold` set (ms), any
// monitored event that takes at least that long is recorded as a sample in that event's
// time series — 160 samples of (unix seconds, milliseconds), at most one per second (the
// worst one wins) — plus the event's all-time maximum. Events are named as in Redis:
// "command" and "fast-command" (call(), by the command's `fast` flag), and whatever other
// subsystems sample through `latencyAddSampleIfNeeded`.

import RESP
import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

/// One event's time series: a ring of samples and the all-time maximum.
struct LatencySeries {
    static let length = 160
    var samples = [(time: Int64, latency: Int64)](repeating: (0, 0), count: LatencySeries.length)
    var index = 0
    var max: Int64 = 0

    mutating func add(_ latency: Int64, now: Int64) {
        if latency > max { max = latency }
        let prev = (index + LatencySeries.length - 1) % LatencySeries.length
        if samples[prev].time == now {
            if latency > samples[prev].latency { samples[prev].latency = latency }
            return
        }
        samples[index] = (now, latency)
        index = (index + 1) % LatencySeries.length
    }

    var last: (time: Int64, latency: Int64) {
        samples[(index + LatencySeries.length - 1) % LatencySeries.length]
    }
}

final class LatencyMonitor {
    /// Events in the order they were first seen.
    var events: [(name: String, series: LatencySeries)] = []

    func add(_ event: String, _ latencyMs: Int64, now: Int64) {
        if let i = events.firstIndex(where: { $0.name == event }) {
            events[i].series.add(latencyMs, now: now)
        } else {
            var s = LatencySeries()
            s.add(latencyMs, now: now)
            events.append((event, s))
        }
    }
}

extension Server {
    /// Records `latencyMs` for `event` when the monitor is on and the threshold is met.
    func latencyAddSampleIfNeeded(_ event: String, _ latencyMs: Int64) {
        let threshold = Int64(config.latencyMonitorThreshold)
        if threshold > 0 && latencyMs >= threshold {
            latencyMonitor.add(event, latencyMs, now: wallClockMicros() / 1_000_000)
        }
    }

    /// call()'s sample: "fast-command" for commands flagged fast, "command" otherwise.
    func latencySampleCommand(_ cmd: Command, micros: Int64) {
        let ms = micros / 1000
        if ms < Int64(config.latencyMonitorThreshold) { return }
        latencyAddSampleIfNeeded(cmd.flags.contains(.fast) ? "fast-command" : "command", ms)
    }
}
