extension ToyConfiguration {
    /// Checks every value; the generator calls this first.
    /// - Throws: `DatasetError.invalidConfiguration` naming the first value out of range and what it must be.
    public func validate() throws(DatasetError) {
        func fail(_ message: String) -> DatasetError { .invalidConfiguration(message) }
        func finite(_ values: Double..., name: String) throws(DatasetError) {
            for value in values where !value.isFinite {
                throw fail("\(name) = \(value) must be finite")
            }
        }
        func range(_ r: ClosedRange<Double>, _ name: String, nonNegative: Bool = true)
            throws(DatasetError)
        {
            try finite(r.lowerBound, r.upperBound, name: name)
            if nonNegative && r.lowerBound < 0 {
                throw fail("\(name) = \(r) must not contain negative values")
            }
        }
        func fraction(_ f: Double, _ name: String, max: Double = 1) throws(DatasetError) {
            guard f.isFinite, f >= 0, f <= max else {
                throw fail("\(name) = \(f) must be in 0...\(max)")
            }
        }

        guard nSpectra >= 2 else {
            throw fail(
                "nSpectra = \(nSpectra); need at least 2 (one training and one test spectrum)")
        }
        guard nPixels >= 16 else { throw fail("nPixels = \(nPixels); need at least 16 pixels") }
        guard (1...nSpectra - 1).contains(trainCount) else {
            throw fail(
                "trainCount = \(trainCount) must be in 1...\(nSpectra - 1) so both train and test sets are non-empty"
            )
        }

        // Grid and basis.
        try finite(wavelengthRange.lowerBound, wavelengthRange.upperBound, name: "wavelengthRange")
        guard wavelengthRange.lowerBound > 0,
            wavelengthRange.lowerBound < wavelengthRange.upperBound
        else {
            throw fail("wavelengthRange = \(wavelengthRange) must be positive with lower < upper")
        }
        guard resolvingPower.isFinite, resolvingPower > 0 else {
            throw fail("resolvingPower = \(resolvingPower) must be positive")
        }
        guard lsfHalfWidthInSigmas.isFinite, lsfHalfWidthInSigmas >= 1 else {
            throw fail("lsfHalfWidthInSigmas = \(lsfHalfWidthInSigmas) must be at least 1")
        }
        try finite(lineDepth, sinusoidPeriods, name: "lineDepth/sinusoidPeriods")
        for c in lineCentres where !(c.isFinite && c > 0) {
            throw fail("line centre \(c) must be a positive wavelength")
        }
        guard lineWidth.isFinite, lineWidth > 0 else {
            throw fail("lineWidth = \(lineWidth) must be positive")
        }

        // Coefficients.
        try finite(c0Mean, c2SD, c3LogMean, c4Mean, name: "coefficient parameters")
        for (sd, name) in [
            (c0SD, "c0SD"), (c2SD, "c2SD"), (c3LogSD, "c3LogSD"), (c4SD, "c4SD"),
            (c1Mean, "c1Mean"),
        ]
        where !(sd.isFinite && sd >= 0) {
            throw fail("\(name) = \(sd) must be finite and >= 0")
        }

        // Outliers.
        guard outlierSpectrumCount >= 0, outlierLineSpectrumCount >= 0,
            outlierSpectrumCount + outlierLineSpectrumCount <= nSpectra
        else {
            throw fail(
                "outlierSpectrumCount = \(outlierSpectrumCount) and outlierLineSpectrumCount = \(outlierLineSpectrumCount) "
                    + "must be >= 0 and together at most nSpectra = \(nSpectra) (outlier-line spectra are chosen "
                    + "among the spectra that are not replaced); lower them or generate more spectra"
            )
        }
        try range(outlierSpectrumFrequency, "outlierSpectrumFrequency")
        try range(outlierSpectrumAmplitude, "outlierSpectrumAmplitude", nonNegative: false)
        guard (0...nPixels).contains(outlierColumnCount) else {
            throw fail(
                "outlierColumnCount = \(outlierColumnCount) must be in 0...nPixels = \(nPixels)")
        }
        try fraction(outlierColumnSpectrumFraction, "outlierColumnSpectrumFraction")
        try range(outlierColumnAmplitude, "outlierColumnAmplitude")
        // At most half of the pixels, so drawing distinct pixels by rejection stays fast.
        try fraction(outlierPixelFraction, "outlierPixelFraction", max: 0.5)
        try range(outlierPixelAmplitude, "outlierPixelAmplitude")
        guard outlierLinesPerSpectrum >= 0 else {
            throw fail("outlierLinesPerSpectrum = \(outlierLinesPerSpectrum) must be >= 0")
        }
        try range(outlierLineDepth, "outlierLineDepth")
        guard outlierLineWidth.isFinite, outlierLineWidth > 0 else {
            throw fail("outlierLineWidth = \(outlierLineWidth) must be positive")
        }
        guard outlierLineMaskThreshold.isFinite, outlierLineMaskThreshold > 0,
            outlierLineMaskThreshold < 1
        else {
            throw fail("outlierLineMaskThreshold = \(outlierLineMaskThreshold) must be in (0, 1)")
        }

        // Noise.
        guard noiseLevel.isFinite, noiseLevel > 0 else {
            throw fail("noiseLevel = \(noiseLevel) must be positive (W = 1/sigma^2)")
        }
        try finite(spectrumNoiseLogMean, name: "spectrumNoiseLogMean")
        guard spectrumNoiseLogSD.isFinite, spectrumNoiseLogSD >= 0, spectrumNoiseLogSD <= 10 else {
            throw fail("spectrumNoiseLogSD = \(spectrumNoiseLogSD) must be in 0...10")
        }
        guard pixelNoiseLogSD.isFinite, pixelNoiseLogSD >= 0, pixelNoiseLogSD <= 10 else {
            throw fail("pixelNoiseLogSD = \(pixelNoiseLogSD) must be in 0...10")
        }

        // Missing data.
        try fraction(missingSpectrumFraction, "missingSpectrumFraction")
        guard missingSegmentLength.lowerBound >= 1, missingSegmentLength.upperBound < nPixels else {
            throw fail(
                "missingSegmentLength = \(missingSegmentLength) must be within 1...\(nPixels - 1) "
                    + "(a spectrum must keep at least one pixel)")
        }
    }
}
