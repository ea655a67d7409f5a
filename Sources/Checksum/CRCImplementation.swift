// CRCImplementation.swift: which CRC kernel runs, shared by CRC64 and CRC16.
//
// The kernels live in the CChecksum C target (one per CPU feature level). Ordinary calls
// (`CRC64.checksum(_:)`, `CRC16.hashSlot(_:)`, ...) go through C's dispatch pointer, which
// picks the fastest supported kernel once; the `using:` overloads force one, so tests can
// compare every kernel with the table reference and benchmarks can time each.

import CChecksum

/// A CRC kernel. Ordered from slowest (works everywhere) to fastest.
public enum CRCImplementation: String, CaseIterable, Sendable, Comparable {
    /// Slicing-by-8 tables: any x86-64 CPU. The reference the others are tested against.
    case table
    /// 128-bit carry-less-multiply folding (PCLMULQDQ, SSE4.1).
    case pclmul
    /// 512-bit carry-less-multiply folding (AVX-512F/VL/BW + VPCLMULQDQ).
    case vpclmul

    /// The CPU's level as `cchk_cpu_level()` reports it: 0 tables, 1 PCLMUL, 2 VPCLMULQDQ.
    private static let cpuLevel = Int(cchk_cpu_level())

    private var level: Int {
        switch self {
        case .table: 0
        case .pclmul: 1
        case .vpclmul: 2
        }
    }

    /// Whether this CPU can run the kernel. Forcing an unsupported one traps.
    public var isSupported: Bool { level <= Self.cpuLevel }

    /// Every kernel this CPU can run, slowest first.
    public static var supported: [CRCImplementation] { allCases.filter(\.isSupported) }

    /// The kernel the calls without `using:` run: the fastest supported one.
    public static var fastest: CRCImplementation { supported.last ?? .table }

    public static func < (lhs: CRCImplementation, rhs: CRCImplementation) -> Bool {
        lhs.level < rhs.level
    }

    /// Traps with a clear message instead of letting the CPU raise SIGILL.
    func requireSupported() {
        precondition(isSupported, "CRC implementation .\(rawValue) is not supported by this CPU")
    }
}
