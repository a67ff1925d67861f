import HMFCore
import RHMF

/// The `.npz` file of an inference: A (N x K), object_weights and their quantile, the cross-validation score
/// (cv_score, std_z, chi2_red, rmse, mad_z) and, when kept, robust_weights (N x M).
package enum InferenceFile {
    /// Writes the file atomically.
    package static func write(
        coefficients: Matrix, objectWeights: [Double], quantile: Double,
        crossValidation cv: CrossValidationScore, robustWeights: Matrix? = nil,
        to path: String
    ) throws(DataIOError) {
        var archive = NPZArchive()
        archive["A"] = NPYArray(coefficients)
        if let robustWeights { archive["robust_weights"] = NPYArray(robustWeights) }
        archive["object_weights"] = .float64(DenseArray(objectWeights))
        archive["object_weight_quantile"] = .scalar(quantile)
        for (name, value) in [
            ("cv_score", cv.score), ("std_z", cv.stdZ), ("chi2_red", cv.reducedChiSquared),
            ("rmse", cv.weightedRMSE), ("mad_z", cv.medianAbsZ),
        ] {
            archive[name] = .scalar(value)
        }
        try archive.write(to: path)
    }
}
