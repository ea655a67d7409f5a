// Logger: Redis's log format and levels.
//
//   <pid>:<role> <day> <month> <year> <hh:mm:ss.mmm> <level char> <message>
//
// role: M (the server). Level chars: '.' debug, '-' verbose, '*' notice, '#' warning.
// Writes to stdout, or appends to `logfile` (opened per line, like Redis, so log
// rotation by rename works).

import Config
#if canImport(Glibc)
import Glibc
#endif

final class Logger {
    typealias Level = LogLevel
    let config: ServerConfig

    init(config: ServerConfig) { self.config = config }

    func debug(_ m: @autoclosure () -> String) { emit(.debug, m) }
    func verbose(_ m: @autoclosure () -> String) { emit(.verbose, m) }
    func notice(_ m: @autoclosure () -> String) { emit(.notice, m) }
    func warning(_ m: @autoclosure () -> String) { emit(.warning, m) }

    func emit(_ level: Level, _ m: () -> String, role: String = "M") {
        if level < config.loglevel { return }
        let marks: [Character] = [".", "-", "*", "#"]
        let line = "\(getpid()):\(role) \(Logger.timestamp()) \(marks[level.rawValue]) \(m())\n"
        Logger.write(line, to: config.logfile)
    }

    static func write(_ line: String, to logfile: String) {
        if logfile.isEmpty {
            _ = line.withCString { Glibc.write(1, $0, strlen($0)) }
        } else {
            let fd = open(logfile, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if fd < 0 { return }
            _ = line.withCString { Glibc.write(fd, $0, strlen($0)) }
            close(fd)
        }
    }

    /// "22 Nov 2026 09:33:34.123", as Redis prints it.
    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var tmv = tm()
        localtime_r(&t, &tmv)
        var buf = [CChar](repeating: 0, count: 64)
        let n = strftime(&buf, 64, "%d %b %Y %H:%M:%S.", &tmv)
        let ms = Int(tv.tv_usec) / 1000
        let prefix = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return prefix + (ms < 10 ? "00" : ms < 100 ? "0" : "") + String(ms)
    }
}
