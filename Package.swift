// swift-tools-version:6.0
// StructD: a Redis-compatible in-memory data-structure server.
//
// Layers, one-way dependencies (see docs/architecture.md):
//   CSystem, CChecksum  tiny C shims: epoll/accept4/mallinfo macros, CLMUL kernels
//   Checksum            CRC64 (Jones), CRC16 (XMODEM), SHA1
//   RESP                byte buffers, request parser, reply writer (RESP2/RESP3)
//   EventLoop           epoll selector, sockets, timers
//   DataStructures      compact strings, the keyspace hash table, value encodings
//   Config              redis.conf directive table, parser, CONFIG GET/SET/REWRITE
//   COpenSSL, TLS       OpenSSL macro shim; TLS contexts and non-blocking connections
//   Server              clients, command table, command families, keyspace, INFO
//   structd-server      the executable (thin main)
//   StructDBenchmark    structd-benchmark, the load tool (RESP + EventLoop + TLS + HdrHistogram)
import PackageDescription

let optimise: [SwiftSetting] = [
    // Runtime exclusivity checks cost ~20-30% of instructions on the request path
    // (see ../shared/docs/SWIFT-NOTES.md); the event loop is single-threaded.
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "StructD",
    products: [
        .executable(name: "structd-server", targets: ["structd-server"]),
        .executable(name: "structd-benchmark", targets: ["structd-benchmark"]),
    ],
    dependencies: [
        // From the toolchain's local package mirror (see docs/benchmark.md).
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
    ],
    targets: [
        .target(name: "CSystem"),
        // Debian's Lua 5.3 plus its lua-cjson and lua-bitop modules.
        .target(name: "CLua",
                cSettings: [.unsafeFlags(["-I/usr/include/lua5.3"])],
                linkerSettings: [.linkedLibrary("lua5.3"), .linkedLibrary("lua5.3-cjson"),
                                 .linkedLibrary("lua5.3-bitop")]),
        .target(name: "CChecksum", cSettings: [.unsafeFlags(["-O3"])]),
        // Debian's OpenSSL 3 (libssl-dev; `pkg-config --libs openssl` = -lssl -lcrypto).
        .target(name: "COpenSSL", linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        .target(name: "Checksum", dependencies: ["CChecksum"], swiftSettings: optimise),
        .target(name: "RESP", swiftSettings: optimise),
        .target(name: "EventLoop", dependencies: ["CSystem"], swiftSettings: optimise),
        .target(name: "DataStructures", dependencies: ["CSystem", "Checksum"], swiftSettings: optimise),
        .target(name: "Config", swiftSettings: optimise),
        .target(name: "TLS", dependencies: ["COpenSSL"], swiftSettings: optimise),
        .target(name: "Server",
                dependencies: ["CSystem", "Checksum", "RESP", "EventLoop", "DataStructures", "Config", "CLua", "TLS"],
                swiftSettings: optimise),
        .executableTarget(name: "structd-server", dependencies: ["Server"], swiftSettings: optimise),
        // The load tool (docs/benchmark.md): RESP + EventLoop, not the server.
        .target(name: "StructDBenchmark",
                dependencies: ["RESP", "EventLoop", "CSystem", "TLS",
                               .product(name: "Histogram", package: "hdrhistogram-swift")],
                swiftSettings: optimise),
        .executableTarget(name: "structd-benchmark", dependencies: ["StructDBenchmark"], swiftSettings: optimise),

        .testTarget(name: "ChecksumTests", dependencies: ["Checksum"]),
        .testTarget(name: "RESPTests", dependencies: ["RESP"]),
        .testTarget(name: "DataStructuresTests", dependencies: ["DataStructures"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config"]),
        .testTarget(name: "ServerTests", dependencies: ["Server"]),
        .testTarget(name: "BenchmarkTests", dependencies: ["StructDBenchmark"]),
        .testTarget(name: "IntegrationTests", dependencies: ["RESP", "COpenSSL"]),
    ]
)

// `make fuzz` (scripts/fuzz.sh, docs/fuzzing.md): the libFuzzer executable exists only when
// STRUCTD_FUZZ is set, because it is built with `--sanitize fuzzer` (libFuzzer supplies main).
if Context.environment["STRUCTD_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "structd-fuzz", dependencies: ["Server"], path: "Fuzz/structd-fuzz"))
}
