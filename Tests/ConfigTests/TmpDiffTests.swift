// TmpDiffTests.swift — temporary differential check against captured redis replies.
import Testing
@testable import Config
@Test func tmpDiffAgainstRedis() {
    guard let text = TestFS.read("/tmp/cfgwork/diff.tsv") else { return }
    var bad = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let (name, v, r, g) = (f[0], f[1], f[2], f.count > 3 ? f[3] : "")
        if name == "dir" { continue }
        let c = ServerConfig()
        let err = c.configSet([(name, v)])
        let ours = err?.message ?? "OK"
        let got = c.get(name) ?? "<nil>"
        if ours != r || got != g {
            bad += 1
            print("DIFF \(name) [\(v)]: redis=\(r) | \(g)   ours=\(ours) | \(got)")
        }
    }
    #expect(bad == 0)
}
@Test func tmpLoadDiffAgainstRedis() throws {
    guard let text = TestFS.read("/tmp/cfgwork/load.tsv") else { return }
    var bad = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let (name, v, r) = (f[0], f[1], f.count > 2 ? f[2] : "")
        let (_, d) = try ServerConfig.parseCommandLine(["--port", "0", "--" + name, v], readStdin: { "" })
        let c = ServerConfig()
        var ours = ""
        do { try c.loadConfigText(d) } catch let e as ConfigLoadError {
            ours = e.message.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: "|") + "|"
        }
        if ours != r {
            bad += 1
            print("LDIFF \(name) [\(v)]: redis=\(r)   ours=\(ours)")
        }
    }
    #expect(bad == 0)
}
