// swift-tools-version: 6.1

import PackageDescription

/// Upcoming features applied to every Swift target.
let swiftSettings: [SwiftSetting] = [
  // https://github.com/apple/swift-evolution/blob/main/proposals/0335-existential-any.md
  .enableUpcomingFeature("ExistentialAny"),
  // https://github.com/apple/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
  .enableUpcomingFeature("InternalImportsByDefault"),
  // https://github.com/apple/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
  .enableUpcomingFeature("MemberImportVisibility"),
]

/// Link options of the executable (see bench/README.md, "Start-up (round 2, second pass)" and "third pass").
///
/// Release builds (always with `--static-swift-stdlib`: bench/run, scripts/install) link with lld
/// - a position-independent executable whose 107,000 relative relocations (pointers in Swift metadata and witness
///   tables) are packed (`-z pack-relative-relocs`, DT_RELR, glibc 2.36+): the loader applies them from a compact
///   bitmap. A position-dependent build (`-no-pie`) starts a little faster and maps about 3 MiB less, but gives up
///   address randomisation of the program, which a worker that parses untrusted input and is shared by callers
///   should keep;
/// - the functions a start runs placed side by side at the start of `.text` (`--symbol-ordering-file`, the list
///   `bench/startup-order` writes from callgrind): spread over 25 MB of code, they made the kernel map 11.5 MiB of
///   it (64 KiB around every page touched) before the first reply; side by side, about 4 MiB;
/// - no exported symbols (`--no-export-dynamic`, after the toolchain's `-export-dynamic`): nothing loads against
///   the executable, and with 24,000 exported symbols every symbol the loader binds for the shared libraries was
///   checked against them first, and the runtime's start-up `dladdr` scanned them all.
///
/// Debug builds keep the toolchain's defaults (gold, the Swift runtime as shared libraries).
let executableLinkerSettings: [LinkerSetting] = [
  .unsafeFlags(
    [
      "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
      "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/bench/startup-order.txt",
      "-Xlinker", "--no-warn-symbol-ordering",
    ],
    .when(platforms: [.linux], configuration: .release))
]

/// Where libxml2-dev puts libxml2's headers (`pkg-config --cflags libxml-2.0`), for CLibXML2 and the one Swift
/// module that imports it. Only the headers: libxml2 is opened on the first XML read, never linked (a
/// `systemLibrary` with `pkgConfig` would link it), so a start that reads no XML never maps it (bench/README.md,
/// "Start-up (round 2, third pass)").
let libxml2HeaderFlags = ["-I/usr/include/libxml2"]

let package = Package(
  name: "csmigrate",
  products: [
    .executable(name: "csmigrate", targets: ["csmigrate"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    // Test only: the Model Context Protocol Swift SDK as a second, independent MCP client (MCPClientTests).
    .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    // Formatting style:
    //  - One section for each target and its test target
    //  - Sections follow the dependency direction: protocol, plugin API, core, transport, domain, plugins,
    //    executable, tests
    //  - Dependencies are listed on separate lines and sorted alphabetically

    // MARK: CLibUV
    .systemLibrary(
      name: "CLibUV",
      pkgConfig: "libuv",
      providers: [
        .apt(["libuv1-dev"]),
        .brew(["libuv"]),
      ]
    ),

    // MARK: CLibraryLoader (opens a shared library on first use; CLibXML2 and COpenSSL are built on it)
    .target(name: "CLibraryLoader"),

    // MARK: COpenSSL (PKCS#12 reading for the Certificates plugin; swift-certificates has no PKCS#12 reader)
    // libssl-dev's headers; libcrypto is opened on the first PKCS#12 read, not linked.
    .target(
      name: "COpenSSL",
      dependencies: ["CLibraryLoader"]
    ),

    // MARK: CLibXML2 (the estate's XML files, read with libxml2's SAX2 parser directly)
    // libxml2-dev's headers; libxml2 is opened on the first XML read, not linked.
    .target(
      name: "CLibXML2",
      dependencies: ["CLibraryLoader"],
      cSettings: [.unsafeFlags(libxml2HeaderFlags)]
    ),

    // MARK: WorkerProtocol
    .target(
      name: "WorkerProtocol",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "WorkerProtocolTests",
      dependencies: [
        "WorkerProtocol",
        "WorkerTestSupport",
      ],
      swiftSettings: swiftSettings
    ),

    // MARK: EstateModel
    .target(
      name: "EstateModel",
      dependencies: [
        "CLibXML2",
        "WorkerProtocol",
      ],
      swiftSettings: swiftSettings + [.unsafeFlags(libxml2HeaderFlags.flatMap { ["-Xcc", $0] })]
    ),
    .testTarget(
      name: "EstateModelTests",
      dependencies: [
        "EstateModel",
        "WorkerProtocol",
        "WorkerTestSupport",
      ],
      exclude: ["Golden"],
      swiftSettings: swiftSettings
    ),

    // MARK: PluginAPI
    .target(
      name: "PluginAPI",
      dependencies: [
        "EstateModel",
        "WorkerProtocol",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),

    // MARK: WorkerCore
    .target(
      name: "WorkerCore",
      dependencies: [
        "PluginAPI",
        "WorkerProtocol",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "WorkerCoreTests",
      dependencies: [
        "Diagnostics",
        "PluginAPI",
        "WorkerCore",
        "WorkerProtocol",
        "WorkerTestSupport",
      ],
      swiftSettings: swiftSettings
    ),

    // MARK: PluginHost (process plugins: manifest, handshake, forwarding, supervision; no libuv)
    .target(
      name: "PluginHost",
      dependencies: [
        "PluginAPI",
        "WorkerProtocol",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "PluginHostTests",
      dependencies: [
        "PluginAPI",
        "PluginHost",
        "WorkerCore",
        "WorkerProtocol",
        "WorkerTestSupport",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),

    // MARK: WorkerTransportUV
    .target(
      name: "WorkerTransportUV",
      dependencies: [
        "CLibUV",
        "PluginAPI",
        "PluginHost",
        "WorkerCore",
        "WorkerProtocol",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),

    // MARK: MigrationEngine
    .target(
      name: "MigrationEngine",
      dependencies: [
        "EstateModel",
        "PluginAPI",
        "WorkerProtocol",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),

    .testTarget(
      name: "MigrationEngineTests",
      dependencies: [
        "Certificates",
        "EstateModel",
        "Extensions",
        "Gateways",
        "MigrationEngine",
        "PluginAPI",
        "WorkerProtocol",
        "WorkerTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ],
      exclude: ["Golden"],
      swiftSettings: swiftSettings
    ),

    // MARK: Plugins
    .target(
      name: "Diagnostics",
      dependencies: [
        "PluginAPI",
        "WorkerProtocol",
      ],
      path: "Plugins/Diagnostics",
      swiftSettings: swiftSettings
    ),
    .target(
      name: "Validation",
      dependencies: [
        "EstateModel",
        "PluginAPI",
        "WorkerProtocol",
      ],
      path: "Plugins/Validation",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ValidationTests",
      dependencies: [
        "EstateModel",
        "MigrationEngine",
        "PluginAPI",
        "Validation",
        "WorkerProtocol",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),

    .target(
      name: "Extensions",
      dependencies: [
        "EstateModel",
        "PluginAPI",
        "WorkerProtocol",
      ],
      path: "Plugins/Extensions",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ExtensionsTests",
      dependencies: [
        "EstateModel",
        "Extensions",
        "MigrationEngine",
        "PluginAPI",
        "WorkerProtocol",
      ],
      swiftSettings: swiftSettings
    ),

    .target(
      name: "Gateways",
      dependencies: [
        "EstateModel",
        "PluginAPI",
        "WorkerProtocol",
      ],
      path: "Plugins/Gateways",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "GatewaysTests",
      dependencies: [
        "EstateModel",
        "Gateways",
        "MigrationEngine",
        "PluginAPI",
        "WorkerProtocol",
      ],
      swiftSettings: swiftSettings
    ),

    .target(
      name: "Certificates",
      dependencies: [
        "COpenSSL",
        "EstateModel",
        "PluginAPI",
        "WorkerProtocol",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ],
      path: "Plugins/Certificates",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "CertificatesTests",
      dependencies: [
        "Certificates",
        "EstateModel",
        "MigrationEngine",
        "PluginAPI",
        "WorkerProtocol",
      ],
      swiftSettings: swiftSettings
    ),

    .target(
      name: "Report",
      dependencies: [
        "EstateModel",
        "PluginAPI",
        "WorkerProtocol",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      path: "Plugins/Report",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ReportTests",
      dependencies: [
        "EstateModel",
        "Gateways",
        "MigrationEngine",
        "PluginAPI",
        "Report",
        "Validation",
        "WorkerProtocol",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),

    // MARK: csmigrate (executable)
    .executableTarget(
      name: "csmigrate",
      dependencies: [
        "Certificates",
        "Diagnostics",
        "EstateModel",
        "Extensions",
        "Gateways",
        "MigrationEngine",
        "PluginAPI",
        "PluginHost",
        "Report",
        "Validation",
        "WorkerCore",
        "WorkerTransportUV",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings,
      linkerSettings: executableLinkerSettings
    ),

    // MARK: Test support and end-to-end tests
    .target(
      name: "WorkerTestSupport",
      dependencies: [
        "WorkerCore",
        "WorkerProtocol",
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "WorkerProtocol",
        "WorkerTestSupport",
        "csmigrate",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "MCPClientTests",
      dependencies: [
        "WorkerProtocol",
        "WorkerTestSupport",
        "csmigrate",
        .product(name: "MCP", package: "swift-sdk"),
        .product(name: "SystemPackage", package: "swift-system"),
      ],
      swiftSettings: swiftSettings
    ),
  ],
  swiftLanguageModes: [.v6]
)
