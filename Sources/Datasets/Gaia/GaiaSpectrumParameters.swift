/// The drawn parameters of one synthetic spectrum (all recorded in `synthetic-truth.csv`). Pixel indices are
/// columns of the stored 2401-pixel spectrum.
package struct GaiaSpectrumParameters: Sendable, Equatable {
    /// The injected anomaly class.
    package var anomaly: GaiaAnomalyClass = .normal
    /// Projected rotation velocity, km/s.
    package var vsini: Double = 0
    /// Residual radial velocity (jitter about the rest frame), km/s.
    package var radialVelocity: Double = 0
    /// Continuum polynomial `1 + a0 + a1 x + a2 (x^2 - 1/3)`, x = (λ - 858)/12.
    package var continuumA0: Double = 0
    package var continuumA1: Double = 0
    package var continuumA2: Double = 0
    /// Depth of the diffuse interstellar band at 862.28 nm.
    package var dibDepth: Double = 0
    /// σ_i: the noise level of the spectrum before the flux and throughput factors.
    package var noiseSigma: Double = 0
    /// NaN pixels at the start and the end (0: none).
    package var nanLeft: Int = 0
    package var nanRight: Int = 0
    /// An interior gap of NaN pixels.
    package var gap: Range<Int>?
    /// Single-pixel spikes added to the flux (the errors are left as they are).
    package var spikes: [GaiaSpike] = []
    /// A flux offset over 1 nm.
    package var step: GaiaFluxStep?
    /// Be / shell parameters (`beShell` only).
    package var be: GaiaBeShell?
    /// Ca II emission parameters (`caTEmissionObvious` and `caTEmissionSubtle` only).
    package var caTEmission: GaiaCaTEmission?
    /// Companion parameters (`sb2` only).
    package var sb2: GaiaSB2?

    package init() {}
}

/// A single-pixel spike.
package struct GaiaSpike: Sendable, Equatable {
    /// Column of the stored spectrum.
    package var pixel: Int
    /// Added flux.
    package var amplitude: Double
}

/// A flux offset over a run of pixels.
package struct GaiaFluxStep: Sendable, Equatable {
    /// The affected columns (100 pixels = 1 nm).
    package var pixels: Range<Int>
    /// Added flux (±0.02-0.05).
    package var size: Double
}

/// A Be / shell star's disk.
package struct GaiaBeShell: Sendable, Equatable {
    /// Disk velocity: the emission peaks sit at λ0 (1 ± v_disk / c).
    package var diskVelocity: Double
    /// Peak amplitude of the emission (times each line's relative strength).
    package var emissionAmplitude: Double
    /// Central depth of the narrow shell cores (times each line's relative strength).
    package var shellDepth: Double
}

/// Ca II triplet emission cores.
package struct GaiaCaTEmission: Sendable, Equatable {
    /// Peak amplitudes at 850.035, 854.444 and 866.452 nm (ratio 0.85 : 1 : 0.8).
    package var amplitudes: [Double]
    /// Full width at half maximum of each Gaussian core, nm.
    package var fwhm: Double
}

/// The companion of a double-lined binary: flux (1 - L) S(c) + L S(c + 0.3) shifted by Δv.
package struct GaiaSB2: Sendable, Equatable {
    /// The companion's share L of the light.
    package var lightRatio: Double
    /// The companion's velocity relative to the primary, km/s.
    package var deltaV: Double
    /// The companion's colour (the primary's + 0.3).
    package var companionBpRp: Double
    /// The companion's vsini, km/s.
    package var companionVsini: Double
}
