import Foundation
import RHMF

/// Stops with a clear message when the engine was compiled for AVX2 and FMA and this CPU lacks them.
enum CPUCheck {
    static func requireBuildFeatures() {
        #if HMF_TARGET_HASWELL
        let flags = BLASKernels.cpuFlags()
        if !flags.isEmpty, !flags.isSuperset(of: ["avx2", "fma"]) {
            FileHandle.standardError.write(Data("hmfbook: this build's engine uses AVX2 and FMA instructions, which this CPU lacks; rebuild on this machine (swift build -c release)\n".utf8))
            exit(1)
        }
        #endif
    }
}
