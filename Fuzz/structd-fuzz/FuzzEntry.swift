// The libFuzzer entry point (docs/fuzzing.md). Built only by scripts/fuzz.sh:
//   STRUCTD_FUZZ=1 swift build --sanitize fuzzer --product structd-fuzz --scratch-path .build-fuzz
// libFuzzer supplies main(); this file is compiled as a library (no top-level code).
// STRUCTD_FUZZ_TARGET picks the harness: resp, dispatch (default) or acl
// (Sources/Server/Fuzz/FuzzHarness.swift).

import Server
#if canImport(Glibc)
import Glibc
#endif

/// Built on the first input: one server per fuzzing process (libFuzzer runs inputs in one
/// thread, one after another).
nonisolated(unsafe) private var harness: FuzzHarness? = nil
nonisolated(unsafe) private var target = FuzzHarness.Target.dispatch

@_cdecl("LLVMFuzzerTestOneInput")
public func structdFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    if harness == nil {
        if let name = getenv("STRUCTD_FUZZ_TARGET").map({ String(cString: $0) }) {
            guard let t = FuzzHarness.Target(rawValue: name) else {
                fatalError("STRUCTD_FUZZ_TARGET must be one of \(FuzzHarness.Target.allCases.map(\.rawValue))")
            }
            target = t
        }
        harness = try! FuzzHarness()
    }
    harness!.run(target, UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
