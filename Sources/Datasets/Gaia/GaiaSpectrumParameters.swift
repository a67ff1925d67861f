/// The drawn parameters of one synthetic spectrum (all recorded in `synthetic-truth.csv`). Pixel indices are
/// columns of the stored 2401-pixel spectrum.
public struct GaiaSpectrumParameters: Sendable, Equatable {
    /// The injected anomaly class.
    public var anomaly: GaiaAnomalyClass = .normal
    /// Projected rotation velocity, km/s.
    public var vsini: Double = 0
    /// Residual radial velocity (jitter about the rest frame), km/s.
    public var radialVelocity: Double = 0
    /// Continuum polynomial `1 + a0 + a1 x + a2 (x^2 - 1/3)`, x = (λ - 858)/12.
    public var continuumA0: Double = 0
    public var continuumA1: Double = 0
    public var continuumA2: Double = 0
    /// Depth of the diffuse interstellar band at 862.28 nm.
    public var dibDepth: Double = 0
    /// σ_i: the noise level of the spectrum before the flux and throughput factors.
    public var noiseSigma: Double = 0
    /// NaN pixels at the start and the end (0: none).
    public var nanLeft: Int = 0
    public var nanRight: Int = 0
    /// An interior gap of NaN pixels.
    public var gap: Range<Int>?
    /// Single-pixel spikes added to the flux (the errors are left as they are).
    public var spikes: [GaiaSpike] = []
    /// A flux offset over 1 nm.
    public var step: GaiaFluxStep?
    /// Be / shell parameters (`beShell` only).
    public var be: GaiaBeShell?
    /// Ca II emission parameters (`caTEmissionObvious` and `caTEmissionSubtle` only).
    public var caTEmission: GaiaCaTEmission?
    /// Companion parameters (`sb2` only).
    public var sb2: GaiaSB2?

    public init() {}
}

/// A single-pixel spike.
public struct GaiaSpike: Sendable, Equatable {
    /// Column of the stored spectrum.
    public var pixel: Int
    /// Added flux.
    public var amplitude: Double
}

/// A flux offset over a run of pixels.
public struct GaiaFluxStep: Sendable, Equatable {
    /// The affected columns (100 pixels = 1 nm).
    public var pixels: Range<Int>
    /// Added flux (±0.02-0.05).
    public var size: Double
}

/// A Be / shell star's disk.
public struct GaiaBeShell: Sendable, Equatable {
    /// Disk velocity: the emission peaks sit at λ0 (1 ± v_disk / c).
    public var diskVelocity: Double
    /// Peak amplitude of the emission (times each line's relative strength).
    public var emissionAmplitude: Double
    /// Central depth of the narrow shell cores (times each line's relative strength).
    public var shellDepth: Double
}

/// Ca II triplet emission cores.
public struct GaiaCaTEmission: Sendable, Equatable {
    /// Peak amplitudes at 850.035, 854.444 and 866.452 nm (ratio 0.85 : 1 : 0.8).
    public var amplitudes: [Double]
    /// Full width at half maximum of each Gaussian core, nm.
    public var fwhm: Double
}

/// The companion of a double-lined binary: flux (1 - L) S(c) + L S(c + 0.3) shifted by Δv.
public struct GaiaSB2: Sendable, Equatable {
    /// The companion's share L of the light.
    public var lightRatio: Double
    /// The companion's velocity relative to the primary, km/s.
    public var deltaV: Double
    /// The companion's colour (the primary's + 0.3).
    public var companionBpRp: Double
    /// The companion's vsini, km/s.
    public var companionVsini: Double
}
