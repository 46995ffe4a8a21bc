// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "featide",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "featide", targets: ["featide"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPythonShim",
            pkgConfig: "python3-embed",
            providers: [.apt(["python3-dev"])]
        ),
        .systemLibrary(
            name: "CSeccomp",
            pkgConfig: "libseccomp",
            providers: [.apt(["libseccomp-dev"])]
        ),
        // glibc's posix_spawn extensions (closefrom, chdir) for starting script workers.
        .target(name: "CProcessShim"),
        // The engine ⇄ script worker channel: message kinds and the binary value encoding.
        .target(name: "ScriptWire"),
        // The worker side of scripts: embedded CPython, the Python sandbox, confinement.
        .target(
            name: "ScriptSandbox",
            dependencies: ["CPythonShim", "CSeccomp", "ScriptWire"]
        ),
        // The confined child process the engine runs scripts in (never the engine itself).
        .executableTarget(
            name: "featide-script-worker",
            dependencies: ["ScriptSandbox"],
            path: "Sources/ScriptWorker"
        ),
        .target(
            name: "Engine",
            dependencies: [
                "ScriptWire",
                "CProcessShim",
                .product(name: "Yams", package: "Yams"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            // Debug builds (and so every test) keep Swift's dynamic exclusivity checks; release
            // builds drop them from the per-event paths, where they cost about 7%.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Mock",
            dependencies: ["Engine"],
            // As Engine: the scenario's event stream is on the per-event path of `featide run`.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The engine instance's protocol: JSON-RPC messages, Content-Length framing, a client.
        // No transport policy, no engine types: the CLI, the IDE and tests share it.
        .target(name: "EngineProtocol"),
        // The engine instance: one simulated device serving EngineProtocol over SwiftNIO,
        // its deployments and event log in SQLite (GRDB).
        // Content-Length framing on SwiftNIO, shared by the engine's server and the debug adapter.
        .target(
            name: "FramingNIO",
            dependencies: ["EngineProtocol", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(
            name: "EngineServer",
            dependencies: [
                "Engine", "Mock", "EngineProtocol", "FramingNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/Server"
        ),
        // The debug adapter: event-stream debugging over the Engine's hooks, served as DAP on
        // SwiftNIO; script debugging plugs in through `ScriptDebugBackend`.
        .target(
            name: "Debugger",
            dependencies: [
                "Engine", "EngineProtocol", "FramingNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "TUI",
            dependencies: ["CNcurses", "EngineProtocol"]
        ),
        .executableTarget(
            name: "featide",
            dependencies: [
                "Engine",
                "Mock",
                "TUI",
                "EngineProtocol",
                "EngineServer",
                "Debugger",
                "CProcessShim",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "featide-script-worker"],
            exclude: ["Script/AllowedModulesTour.expected.json"]
        ),
        .testTarget(
            name: "EngineServerTests",
            dependencies: ["EngineServer", "EngineProtocol", "FramingNIO", "Engine", "featide-script-worker",
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "ScriptSandboxTests",
            dependencies: ["ScriptSandbox", "CPythonShim"]
        ),
        .testTarget(
            name: "MockTests",
            dependencies: ["Mock", "Engine", "featide-script-worker"]
        ),
        .testTarget(
            name: "TUITests",
            dependencies: ["TUI"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "featideTests",
            dependencies: ["featide", "EngineProtocol", "Debugger", "Engine", "Mock"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
