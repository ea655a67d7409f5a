// The latency monitor (Redis's latency.c): with `latency-monitor-threshold` set (ms), any
// monitored event that takes at least that long is recorded as a sample in that event's
// time series — 160 samples of (unix seconds, milliseconds), at most one per second (the
// worst one wins) — plus the event's all-time maximum. Events are named as in Redis:
// "command" and "fast-command" (call(), by the command's `fast` flag), "expire-cycle" (the
// active expiry cycle), and whatever other subsystems sample through
// `latencyAddSampleIfNeeded`.
//
// LATENCY LATEST, HISTORY, RESET and HELP report the series; LATENCY DOCTOR turns them
// into Redis's human-readable report: one line per event (spikes, average, mean
// deviation, period, worst), then the advice Redis gives for the events seen (slow log
// settings for "command", the scheduler for "fast-command", `hz` for "expire-cycle",
// large objects, transparent huge pages in use by this process). Events are listed in the
// order they were first seen (Redis lists them in hash-table order). LATENCY GRAPH draws an
// event's samples as Redis's sparkline (4 rows, filled, labelled with how long ago each
// sample was); LATENCY HISTOGRAM reports the per-command latency histograms (INFO
// latencystats' data) as cumulative counts at power-of-two microsecond boundaries, the way
// Redis walks its HDR histogram.

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

    /// Samples from the oldest, skipping unused slots.
    var history: [(time: Int64, latency: Int64)] {
        (0..<LatencySeries.length).map { samples[(index + $0) % LatencySeries.length] }.filter { $0.time != 0 }
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

    static func latencyCommands() -> [(String, CommandHandler)] {
        [
            ("latency|latest", { s, c in s.latencyLatestCommand(c) }),
            ("latency|history", { s, c in s.latencyHistoryCommand(c) }),
            ("latency|reset", { s, c in s.latencyResetCommand(c) }),
            ("latency|doctor", { s, c in c.addVerbatim(s.latencyReport()) }),
            ("latency|graph", { s, c in s.latencyGraphCommand(c) }),
            ("latency|histogram", { s, c in s.latencyHistogramCommand(c) }),
            ("latency|help", { _, c in c.addHelpReply("LATENCY", latencyHelp) }),
        ]
    }

    /// LATENCY LATEST: [event, time of the last sample, its latency, all-time max] per event.
    func latencyLatestCommand(_ c: Client) {
        c.addArrayLen(latencyMonitor.events.count)
        for (name, series) in latencyMonitor.events {
            let last = series.last
            c.addArrayLen(4)
            c.addBulk(string: name)
            c.addInt(last.time)
            c.addInt(last.latency)
            c.addInt(series.max)
        }
    }

    /// LATENCY HISTORY event: [time, latency] pairs from the oldest (empty when unknown).
    func latencyHistoryCommand(_ c: Client) {
        let name = c.argString(2)
        guard let series = latencyMonitor.events.first(where: { $0.name == name })?.series else {
            c.addArrayLen(0)
            return
        }
        let samples = series.history
        c.addArrayLen(samples.count)
        for s in samples {
            c.addArrayLen(2)
            c.addInt(s.time)
            c.addInt(s.latency)
        }
    }

    /// LATENCY RESET [event ...]: how many events were reset.
    func latencyResetCommand(_ c: Client) {
        if c.argc == 2 {
            let n = latencyMonitor.events.count
            latencyMonitor.events.removeAll()
            c.addInt(n)
            return
        }
        var n = 0
        for i in 2..<c.argc {
            let name = c.argString(i)
            if let j = latencyMonitor.events.firstIndex(where: { $0.name == name }) {
                latencyMonitor.events.remove(at: j)
                n += 1
            }
        }
        c.addInt(n)
    }

    // MARK: GRAPH

    /// LATENCY GRAPH event: a header line, a rule, then the sparkline.
    func latencyGraphCommand(_ c: Client) {
        let name = c.argString(2)
        guard let series = latencyMonitor.events.first(where: { $0.name == name })?.series else {
            c.addError("ERR No samples available for event '\(name)'")
            return
        }
        let samples = series.history
        let now = wallClockMicros() / 1_000_000
        var values: [Int64] = []
        var labels: [String] = []
        for s in samples {
            values.append(s.latency)
            let elapsed = now - s.time
            if elapsed < 60 { labels.append("\(elapsed)s") }
            else if elapsed < 3600 { labels.append("\(elapsed / 60)m") }
            else if elapsed < 86400 { labels.append("\(elapsed / 3600)h") }
            else { labels.append("\(elapsed / 86400)d") }
        }
        let high = values.max() ?? 0, low = values.min() ?? 0
        var graph = "\(name) - high \(high) ms, low \(low) ms (all time high \(series.max) ms)\n"
        graph += String(repeating: "-", count: 80) + "\n"
        var start = 0
        while start < values.count {
            let end = min(start + 80, values.count)
            if start != 0 { graph += "\n" }
            graph += sparkline(values, labels, start..<end, low: low, high: high)
            start = end
        }
        c.addVerbatim(graph)
    }

    /// Redis's filled sparkline: 4 rows of "_o#" steps (full cells as "|"), a blank row,
    /// then each sample's label written downwards. `low`/`high` span the whole series.
    private func sparkline(_ values: [Int64], _ labels: [String], _ range: Range<Int>, low: Int64, high: Int64) -> String {
        let rows = 4
        let charset: [Character] = ["_", "o", "#"]
        let steps = charset.count * rows
        var relmax = Double(high - low)
        if relmax == 0 { relmax = 1 }
        var out = ""
        var row = 0
        while true {
            var line = [Character](repeating: " ", count: range.count)
            var more = false
            for (col, i) in range.enumerated() {
                let relval = Double(values[i] - low)
                var step = Int(Double(Int(relval * Double(steps))) / relmax)
                if step < 0 { step = 0 }
                if step >= steps { step = steps - 1 }
                if row < rows {
                    more = true
                    let idx = step - (rows - row - 1) * charset.count
                    if idx >= 0 && idx < charset.count { line[col] = charset[idx] } else if idx >= charset.count { line[col] = "|" }
                } else if row - rows < 1 {
                    // One blank row between the graph and the labels.
                    more = true
                    break
                } else {
                    let label = Array(labels[i])
                    let at = row - rows - 1
                    if at < label.count {
                        more = true
                        line[col] = label[at]
                    }
                }
            }
            if !more { break }
            out += String(line) + "\n"
            row += 1
        }
        return out
    }

    // MARK: HISTOGRAM

    /// LATENCY HISTOGRAM [command ...]: for each command (a container name brings its
    /// subcommands) with recorded calls, {calls, histogram_usec: {bucket: cumulative}}.
    func latencyHistogramCommand(_ c: Client) {
        var selected: [Command] = []
        if c.argc == 2 {
            selected = commandsWithSubcommands.filter { $0.latencyHistogram != nil }
        } else {
            for i in 2..<c.argc {
                let parts = c.argString(i).lowercased().split(separator: "|", omittingEmptySubsequences: false)
                guard let top = commands.lookup(String(parts[0])) else { continue }
                if parts.count == 1 {
                    if top.latencyHistogram != nil { selected.append(top) }
                    for name in top.subcommands.keys.sorted() where top.subcommands[name]!.latencyHistogram != nil {
                        selected.append(top.subcommands[name]!)
                    }
                } else if parts.count == 2, let sub = top.subcommands[String(parts[1])], sub.latencyHistogram != nil {
                    selected.append(sub)
                }
            }
        }
        c.addMapLen(selected.count)
        for cmd in selected {
            guard let h = cmd.latencyHistogram else { continue }
            c.addBulk(string: cmd.fullName)
            c.addMapLen(2)
            c.addBulk("calls")
            c.addInt(h.total)
            c.addBulk("histogram_usec")
            let buckets = cumulativeBuckets(h)
            c.addMapLen(buckets.count)
            for (usec, count) in buckets {
                c.addInt(usec)
                c.addInt(count)
            }
        }
    }

    /// Cumulative counts at 1024 ns × 2^k (reported in µs as each level's highest
    /// equivalent value), listing only the levels where the count grew.
    private func cumulativeBuckets(_ h: LatencyHistogram) -> [(Int64, Int64)] {
        var out: [(Int64, Int64)] = []
        var level: Int64 = 1024
        var index = 0
        var cumulative: Int64 = 0
        var previous: Int64 = 0
        while previous < h.total && level <= LatencyHistogram.highest * 2 {
            let last = min(LatencyHistogram.index(of: min(level, LatencyHistogram.highest)), h.counts.count - 1)
            while index <= last {
                cumulative += h.counts[index]
                index += 1
            }
            if cumulative > previous {
                out.append((LatencyHistogram.highestEquivalent(level) / 1000, cumulative))
                previous = cumulative
            }
            level <<= 1
        }
        return out
    }

    // MARK: DOCTOR

    /// Spikes, average, mean absolute deviation and period of one event's samples.
    private func analyze(_ series: LatencySeries) -> (samples: Int64, avg: Int64, mad: Int64, period: Int64) {
        let samples = series.history
        if samples.isEmpty { return (0, 0, 0, 0) }
        let n = Int64(samples.count)
        let avg = samples.reduce(Int64(0)) { $0 + $1.latency } / n
        let oldest = samples.map(\.time).min() ?? 0
        var period = wallClockMicros() / 1_000_000 - oldest
        if period == 0 { period = 1 }
        let mad = samples.reduce(Int64(0)) { $0 + abs(avg - $1.latency) } / n
        return (n, avg, mad, period)
    }

    /// LATENCY DOCTOR's report.
    func latencyReport() -> String {
        let threshold = Int64(config.latencyMonitorThreshold)
        if latencyMonitor.events.isEmpty && threshold == 0 {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n"
        }
        var report = ""
        var slowlogEnabled = false, slowlogTuning = false, slowlogInspect = false
        var scheduler = false, hz = false, largeObjects = false
        var advices = 0
        for (i, (name, series)) in latencyMonitor.events.enumerated() {
            if i == 0 {
                report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n"
            }
            let a = analyze(series)
            let period = String(format2: Double(a.period) / Double(a.samples))
            report += "\(i + 1). \(name): \(a.samples) latency spikes (average \(a.avg)ms, mean deviation \(a.mad)ms, period \(period) sec). Worst all time event \(series.max)ms."
            switch name {
            case "command":
                if config.slowlogLogSlowerThan < 0 || config.slowlogMaxLen == 0 {
                    slowlogEnabled = true
                    advices += 1
                } else if Int64(config.slowlogLogSlowerThan) / 1000 > threshold {
                    slowlogTuning = true
                    advices += 1
                }
                slowlogInspect = true
                largeObjects = true
                advices += 2
            case "fast-command":
                scheduler = true
                advices += 1
            case "expire-cycle":
                hz = true
                largeObjects = true
                advices += 2
            default:
                break
            }
            report += "\n"
        }
        let thp = anonHugePagesInUse()
        if thp { advices += 1 }
        if latencyMonitor.events.isEmpty && advices == 0 {
            report += "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n"
            return report
        }
        if !latencyMonitor.events.isEmpty && advices == 0 {
            report += "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n"
            return report
        }
        report += "\nI have a few advices for you:\n\n"
        if slowlogEnabled {
            report += "- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than \(threshold * 1000)'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n"
        }
        if slowlogTuning {
            report += "- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than \(threshold * 1000)'.\n"
        }
        if slowlogInspect {
            report += "- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n"
        }
        if scheduler {
            report += "- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n"
                + "  1) Lower the system load.\n"
                + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
                + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
                + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n"
        }
        if hz && config.hz < 100 {
            report += "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n"
        }
        if largeObjects {
            report += "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n"
        }
        if thp {
            report += "- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n"
        }
        return report
    }

    /// Whether this process has anonymous transparent huge pages (smaps' AnonHugePages).
    private func anonHugePagesInUse() -> Bool {
        guard let f = fopen("/proc/self/smaps_rollup", "r") else { return false }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let s = String(nulTerminated: line)
            if s.hasPrefix("AnonHugePages:") {
                let kb = Int(s.dropFirst("AnonHugePages:".count).split(separator: " ").first ?? "0") ?? 0
                return kb > 0
            }
        }
        return false
    }
}

private extension String {
    /// C's "%.2f" (glibc's rounding of the exact binary value).
    init(format2 v: Double) {
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([v]) { vsnprintf(&buf, buf.count, "%.2f", $0) }
        self = String(nulTerminated: buf)
    }
}

private let latencyHelp: [String] = [
    "DOCTOR",
    "    Return a human readable latency analysis report.",
    "GRAPH <event>",
    "    Return an ASCII latency graph for the <event> class.",
    "HISTORY <event>",
    "    Return time-latency samples for the <event> class.",
    "LATEST",
    "    Return the latest latency samples for all events.",
    "RESET [<event> ...]",
    "    Reset latency data of one or more <event> classes.",
    "    (default: reset all data for all event classes)",
    "HISTOGRAM [COMMAND ...]",
    "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
    "    If no commands are specified then all histograms are replied.",
]
