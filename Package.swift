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
//   Server              clients, command table, command families, keyspace, INFO
//   structd-server      the executable (thin main)
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
    ],
    targets: [
        .target(name: "CSystem"),
        // Debian's Lua 5.3 plus its lua-cjson and lua-bitop modules.
        .target(name: "CLua",
                cSettings: [.unsafeFlags(["-I/usr/include/lua5.3"])],
                linkerSettings: [.linkedLibrary("lua5.3"), .linkedLibrary("lua5.3-cjson"),
                                 .linkedLibrary("lua5.3-bitop")]),
        .target(name: "CChecksum", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Checksum", dependencies: ["CChecksum"], swiftSettings: optimise),
        .target(name: "RESP", swiftSettings: optimise),
        .target(name: "EventLoop", dependencies: ["CSystem"], swiftSettings: optimise),
        .target(name: "DataStructures", dependencies: ["CSystem", "Checksum"], swiftSettings: optimise),
        .target(name: "Config", swiftSettings: optimise),
        .target(name: "Server",
                dependencies: ["CSystem", "Checksum", "RESP", "EventLoop", "DataStructures", "Config", "CLua"],
                swiftSettings: optimise),
        .executableTarget(name: "structd-server", dependencies: ["Server"], swiftSettings: optimise),

        .testTarget(name: "ChecksumTests", dependencies: ["Checksum"]),
        .testTarget(name: "RESPTests", dependencies: ["RESP"]),
        .testTarget(name: "DataStructuresTests", dependencies: ["DataStructures"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config"]),
        .testTarget(name: "IntegrationTests", dependencies: ["RESP"]),
    ]
)
