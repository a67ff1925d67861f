import Foundation
import RHMF

/// Stops with a clear message when the engine was compiled for AVX2 and FMA and this CPU lacks them.
package enum CPUCheck {
    /// Exits with a message naming `tool` when this CPU lacks what the engine was compiled for.
    package static func requireBuildFeatures(tool: String) {
        #if HMF_TARGET_HASWELL
            let flags = BLASKernels.cpuFlags()
            if !flags.isEmpty, !flags.isSuperset(of: ["avx2", "fma"]) {
                FileHandle.standardError.write(
                    Data(
                        "\(tool): this build's engine uses AVX2 and FMA instructions, which this CPU lacks; rebuild on this machine (swift build -c release)\n"
                            .utf8))
                exit(1)
            }
        #endif
    }
}
