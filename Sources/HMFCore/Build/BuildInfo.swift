/// Facts about this build that results record next to the numerics version.
package enum BuildInfo {
    /// The Swift compiler this package was built with, to the minor version ("Swift 6.3").
    package static let compiler: String = {
        #if compiler(>=7.0)
            return "Swift 7+"
        #elseif compiler(>=6.4)
            return "Swift 6.4"
        #elseif compiler(>=6.3)
            return "Swift 6.3"
        #elseif compiler(>=6.2)
            return "Swift 6.2"
        #elseif compiler(>=6.1)
            return "Swift 6.1"
        #else
            return "Swift 6.0"
        #endif
    }()

    /// The platform ("Linux x86_64").
    package static let platform: String = {
        #if arch(x86_64)
            return "Linux x86_64"
        #elseif arch(arm64)
            return "Linux arm64"
        #else
            return "Linux"
        #endif
    }()

    /// The version of hmfbook.
    package static let version = "0.2.0"
}

#if !os(Linux)
    #error(
        "hmfbook builds on Linux only: it links OpenBLAS, LAPACKE, libhdf5 and Cairo from the distribution's packages"
    )
#endif
