// TestSupport.swift — small helpers for the Config tests: temporary
// directories/files via libc, and a loader that returns the thrown message.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Config

enum TestFS {
    static func makeTempDir() -> String {
        var template = Array("/tmp/structd-config-test.XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(p != nil)
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func write(_ path: String, _ text: String) {
        let fp = fopen(path, "w")!
        _ = text.utf8CString.withUnsafeBufferPointer { fputs($0.baseAddress!, fp) }
        fclose(fp)
    }

    static func read(_ path: String) -> String? {
        guard let fp = fopen(path, "r") else { return nil }
        defer { fclose(fp) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buf, 1, buf.count, fp)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func removeTree(_ path: String) {
        _ = system("rm -rf '\(path)'")
    }
}

/// Load `text` into a fresh config; return the fatal message or nil.
func loadError(_ text: String, configure: (ServerConfig) -> Void = { _ in }) -> String? {
    let c = ServerConfig()
    configure(c)
    do {
        try c.loadConfigText(text)
        return nil
    } catch let e as ConfigLoadError {
        return e.message
    } catch {
        return "unexpected \(error)"
    }
}

/// The exact stderr block redis-server prints for a line error.
func fatal(line: Int, _ text: String, _ reason: String) -> String {
    "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line \(line)\n>>> '\(text)'\n\(reason)\n"
}
