// Report: the result of one test and its four renderings.
//
//   default  redis-benchmark's report: header, "Latency by percentile distribution",
//            "Cumulative distribution of latencies", then the summary; the summary's
//            latency row adds a p99.9 column to Redis's avg/min/p50/p95/p99/max.
//   -q       "<title>: <rps> requests per second, p50=<ms> msec", as Redis.
//   --csv    Redis's header and one quoted row per test (same columns, same rounding).
//   --json   one JSON object per test and line (JSON Lines), with exact figures.
// Numbers go through C's printf (vsnprintf), so rounding and spelling match Redis's.

#if canImport(Glibc)
import Glibc
#endif

/// printf-style formatting through vsnprintf.
func cFormat(_ format: String, _ args: CVarArg...) -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    var n = withVaList(args) { Int(vsnprintf(&buffer, buffer.count, format, $0)) }
    if n >= buffer.count {
        buffer = [CChar](repeating: 0, count: n + 1)
        n = withVaList(args) { Int(vsnprintf(&buffer, buffer.count, format, $0)) }
    }
    return String(decoding: buffer[0..<max(0, n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Server settings shown in the default report's header.
public struct ServerSettings: Sendable, Equatable {
    public var save: String
    public var appendonly: String
    public init(save: String, appendonly: String) {
        self.save = save
        self.appendonly = appendonly
    }
}

public struct ErrorTally: Sendable, Equatable {
    /// Distinct error messages in order of first appearance, with their counts.
    public var messages: [(String, Int)] = []
    public var total: Int { messages.reduce(0) { $0 + $1.1 } }

    public init() {}

    public mutating func add(_ message: String, count: Int = 1) {
        if let i = messages.firstIndex(where: { $0.0 == message }) {
            messages[i].1 += count
        } else {
            messages.append((message, count))
        }
    }

    public mutating func merge(_ other: ErrorTally) {
        for (m, c) in other.messages { add(m, count: c) }
    }

    public static func == (a: ErrorTally, b: ErrorTally) -> Bool {
        a.messages.elementsEqual(b.messages) { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

public struct TestResult: Sendable {
    public var title: String
    public var requests: Int
    public var elapsedMicros: Int64
    public var histogram: LatencyHistogram
    public var errors: ErrorTally
    public var clients: Int
    public var pipeline: Int
    public var threads: Int
    public var payloadSize: Int
    public var keepAlive: Bool

    public var requestsPerSecond: Double {
        elapsedMicros > 0 ? Double(requests) / (Double(elapsedMicros) / 1_000_000) : 0
    }

    func ms(_ micros: UInt64) -> Double { Double(micros) / 1000.0 }
}

public enum ReportFormat: Sendable {
    case standard, quiet, csv, json

    public init(_ o: BenchmarkOptions) {
        self = o.json ? .json : o.csv ? .csv : o.quiet ? .quiet : .standard
    }
}

public enum Report {
    public static let csvHeader =
        "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n"

    public static func render(_ r: TestResult, format: ReportFormat, server: ServerSettings?) -> String {
        let h = r.histogram
        let avg = h.mean / 1000, min = r.ms(h.min), max = r.ms(h.max)
        let p50 = r.ms(h.valueAtPercentile(50)), p95 = r.ms(h.valueAtPercentile(95))
        let p99 = r.ms(h.valueAtPercentile(99)), p999 = r.ms(h.valueAtPercentile(99.9))
        let rps = r.requestsPerSecond
        switch format {
        case .quiet:
            return r.title + cFormat(": %.2f requests per second, p50=%.3f msec\n", rps, p50)
        case .csv:
            return "\"" + csvEscape(r.title) + "\","
                + cFormat("\"%.2f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\"\n", rps, avg, min, p50, p95, p99, max)
        case .json:
            var s = "{\"test\":\(jsonString(r.title)),\"requests\":\(r.requests)"
            s += ",\"elapsed_sec\":" + cFormat("%.6f", Double(r.elapsedMicros) / 1_000_000)
            s += ",\"rps\":" + cFormat("%.2f", rps)
            s += ",\"avg_latency_ms\":" + cFormat("%.3f", avg)
            s += ",\"min_latency_ms\":" + cFormat("%.3f", min)
            s += ",\"p50_latency_ms\":" + cFormat("%.3f", p50)
            s += ",\"p95_latency_ms\":" + cFormat("%.3f", p95)
            s += ",\"p99_latency_ms\":" + cFormat("%.3f", p99)
            s += ",\"p99_9_latency_ms\":" + cFormat("%.3f", p999)
            s += ",\"max_latency_ms\":" + cFormat("%.3f", max)
            s += ",\"errors\":\(r.errors.total),\"clients\":\(r.clients),\"pipeline\":\(r.pipeline)"
            s += ",\"threads\":\(r.threads),\"payload_bytes\":\(r.payloadSize)}\n"
            return s
        case .standard:
            var s = "====== \(r.title) ======\n"
            s += cFormat("  %ld requests completed in %.2f seconds\n", r.requests, Double(r.elapsedMicros) / 1_000_000)
            s += "  \(r.clients) parallel clients\n"
            s += "  \(r.payloadSize) bytes payload\n"
            s += "  keep alive: \(r.keepAlive ? 1 : 0)\n"
            if let server {
                s += "  host configuration \"save\": \(server.save)\n"
                s += "  host configuration \"appendonly\": \(server.appendonly)\n"
            }
            s += "  multi-thread: \(r.threads > 0 ? "yes" : "no")\n"
            if r.threads > 0 { s += "  threads: \(r.threads)\n" }
            s += "\nLatency by percentile distribution:\n"
            for row in h.percentileRows() {
                s += cFormat("%3.3f%% <= %.3f milliseconds (cumulative count %lld)\n",
                             row.percent, r.ms(row.micros), Int64(row.cumulativeCount))
            }
            s += "\nCumulative distribution of latencies:\n"
            for row in h.cumulativeRows() {
                s += cFormat("%3.3f%% <= %.3f milliseconds (cumulative count %lld)\n",
                             row.percent, r.ms(row.micros), Int64(row.cumulativeCount))
            }
            s += "\nSummary:\n"
            s += cFormat("  throughput summary: %.2f requests per second\n", rps)
            s += "  latency summary (msec):\n"
            s += "    " + ["avg", "min", "p50", "p95", "p99", "p99.9", "max"].map(padLeft9).joined(separator: " ") + "\n"
            s += cFormat("    %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f\n", avg, min, p50, p95, p99, p999, max)
            return s
        }
    }

    /// The error summary printed (to stderr) after a test whose replies included errors.
    public static func errorSummary(_ r: TestResult) -> String {
        let total = r.errors.total
        guard total > 0 else { return "" }
        var s = "\(r.title): \(total) of \(r.requests) replies were errors"
        s += r.errors.messages.count > 1 ? " (\(r.errors.messages.count) distinct):\n" : ":\n"
        for (message, count) in r.errors.messages.prefix(10) {
            s += "  \(count) x \(message)\n"
        }
        if r.errors.messages.count > 10 { s += "  ... and \(r.errors.messages.count - 10) more distinct errors\n" }
        return s
    }

    static func padLeft9(_ s: String) -> String {
        String(repeating: " ", count: Swift.max(0, 9 - s.count)) + s
    }

    static func csvEscape(_ s: String) -> String {
        s.replacing("\"", with: "\"\"")
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += cFormat("\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
