// The fuzz targets in the regular test suite (docs/fuzzing.md): every file of the corpus
// in Fuzz/corpus/<target>/ (seeds and every input that once crashed) is replayed, then a
// short seeded mutational run (FuzzDriver) goes over each target. Bounded by count and by
// time; a crash is the failure (preconditions in FuzzHarness stop the process).
// STRUCTD_FUZZ_SEED replaces the seed; STRUCTD_FUZZ_COUNT the number of inputs per target.

import Foundation
@testable import Server
import Testing

private let packageRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

func corpusFiles(_ target: FuzzHarness.Target) -> [(name: String, bytes: [UInt8])] {
    let dir = packageRoot + "/Fuzz/corpus/" + target.rawValue
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    return names.compactMap { name in
        guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { return nil }
        return (name, Array(data))
    }
}

@Suite("Fuzz targets", .serialized, .timeLimit(.minutes(3)))
struct FuzzTests {
    @Test(arguments: FuzzHarness.Target.allCases)
    func corpusReplays(target: FuzzHarness.Target) throws {
        let files = corpusFiles(target)
        #expect(!files.isEmpty, "no corpus in Fuzz/corpus/\(target.rawValue)")
        let harness = try FuzzHarness()
        for f in files { harness.run(target, f.bytes) }
        #expect(harness.inputs == files.count)
    }

    @Test(arguments: FuzzHarness.Target.allCases)
    func boundedMutationalRun(target: FuzzHarness.Target) throws {
        let env = ProcessInfo.processInfo.environment
        let seed = env["STRUCTD_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5eed_f022
        let count = env["STRUCTD_FUZZ_COUNT"].flatMap { Int($0) } ?? (target == .dispatch ? 1500 : 4000)
        let harness = try FuzzHarness()
        let driver = FuzzDriver(target: target, corpus: corpusFiles(target).map(\.bytes))
        var random = FuzzDriver.Random(seed: seed)
        let deadline = ContinuousClock.now + .seconds(40)
        var ran = 0
        while ran < count && ContinuousClock.now < deadline {
            harness.run(target, driver.input(&random))
            ran += 1
        }
        #expect(ran > 0)
        #expect(harness.server.clients.isEmpty, "the harness leaked clients")
    }
}
