import HMFCore

extension Axes {
    /// Draws a matrix as coloured cells (see `heatmap(_:colormap:...)` for the options).
    @discardableResult
    public func heatmap(
        _ matrix: Matrix, colormap: Colormap = .viridis, vmin: Double? = nil, vmax: Double? = nil,
        alpha: Double = 1, origin: ImageOrigin = .upper,
        extent: (left: Double, right: Double, bottom: Double, top: Double)? = nil,
        xLabels: [String]? = nil, yLabels: [String]? = nil
    ) -> Heatmap {
        heatmap(
            (0..<matrix.rows).map { Array(matrix.row($0)) }, colormap: colormap, vmin: vmin,
            vmax: vmax, alpha: alpha,
            origin: origin, extent: extent, xLabels: xLabels, yLabels: yLabels)
    }

    /// Draws a mask as cells: true entries in the colormap's top colour, false ones in its bottom colour.
    @discardableResult
    public func heatmap(
        _ mask: Mask, colormap: Colormap = Colormap.gray.reversed, alpha: Double = 1,
        origin: ImageOrigin = .upper,
        extent: (left: Double, right: Double, bottom: Double, top: Double)? = nil
    ) -> Heatmap {
        heatmap(
            Matrix(mask), colormap: colormap, vmin: 0, vmax: 1, alpha: alpha, origin: origin,
            extent: extent)
    }

    /// Shades each run of true entries of `flags` (one flag per entry of `x`) as a vertical band that covers its
    /// samples completely (half a sample spacing beyond each end, at least `minimumWidth` wide). Returns the
    /// bands; only the first carries `label`, so a legend lists the kind once.
    @discardableResult
    public func shadeRuns<C: Collection>(
        of flags: C, x: [Double], color: Color, alpha: Double = 1, minimumWidth: Double = 0,
        label: String? = nil
    ) -> [Span] where C.Element == Bool, C.Index == Int {
        guard x.count >= 2, flags.count == x.count else {
            if flags.count != x.count {
                problems.append(
                    .invalidArgument("shadeRuns: \(flags.count) flags for \(x.count) x values"))
            }
            return []
        }
        let step = (x[x.count - 1] - x[0]) / Double(x.count - 1)
        return flags.trueRuns().enumerated().map { n, run in
            var lo = x[run.lowerBound] - step / 2
            var hi = x[run.upperBound - 1] + step / 2
            if hi - lo < minimumWidth {
                let mid = (lo + hi) / 2
                lo = mid - minimumWidth / 2
                hi = mid + minimumWidth / 2
            }
            return axvspan(lo, hi, color: color, alpha: alpha, label: n == 0 ? label : nil)
        }
    }
}
