// structd-benchmark: the bundled load tool (redis-benchmark's interface); see
// docs/benchmark.md. Everything lives in the StructDBenchmark module.
import StructDBenchmark
#if canImport(Glibc)
import Glibc
#endif

exit(BenchmarkMain.run(arguments: Array(CommandLine.arguments.dropFirst())))
