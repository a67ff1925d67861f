/// Numbers of the paper's Gaia RVS example (section 4.2; `spec/gaia-rvs.md` section 2) that the synthetic
/// survey is calibrated against.
public enum GaiaPaper {
    /// Spectra per HR bin in the paper (461,189 memberships in all).
    public static let binCounts: [Int] = [
        6_846, 21_804, 20_772, 111_310, 192_550, 57_834, 19_683, 9_286, 5_717, 4_023,
        3_807, 4_502, 2_425, 630,
    ]
    /// Outliers flagged per bin in the paper (645 in all).
    public static let outlierCounts: [Int] = [193, 232, 83, 46, 56, 16, 5, 2, 3, 2, 2, 3, 0, 2]
}
