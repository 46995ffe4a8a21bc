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
    ],
    targets: [
        .systemLibrary(
            name: "CPythonShim",
            pkgConfig: "python3-embed",
            providers: [.apt(["python3-dev"])]
        ),
        .target(
            name: "Engine",
            dependencies: [
                "CPythonShim",
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
            dependencies: ["Engine"]
        ),
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "TUI",
            dependencies: ["CNcurses"]
        ),
        .executableTarget(
            name: "featide",
            dependencies: [
                "Engine",
                "Mock",
                "TUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine"]
        ),
        .testTarget(
            name: "MockTests",
            dependencies: ["Mock", "Engine"]
        ),
        .testTarget(
            name: "TUITests",
            dependencies: ["TUI"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "featideTests",
            dependencies: ["featide"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
