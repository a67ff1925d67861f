/// Non-negative least squares, min ||A x - b|| subject to x >= 0, by the active-set method of Lawson and Hanson
/// (Solving Least Squares Problems, 1974, chapter 23). Written for the survey's 14 x 14 calibration, where a
/// dense Householder solve on the passive columns is all that is needed.
enum NonNegativeLeastSquares {
    /// The solution for the `m x n` matrix `a` (given as rows) and right-hand side `b` (m values).
    static func solve(_ a: [[Double]], _ b: [Double], maxIterations: Int = 500) -> [Double] {
        let m = a.count
        let n = a.first?.count ?? 0
        // invariant: internal caller
        precondition(b.count == m && a.allSatisfy { $0.count == n }, "NNLS shapes disagree")
        var x = [Double](repeating: 0, count: n)
        var passive = [Bool](repeating: false, count: n)
        let scale = max(gradient(a, b, x).map(abs).max() ?? 0, 1e-300)
        let tolerance = 1e-12 * scale
        var iterations = 0
        while iterations < maxIterations {
            let w = gradient(a, b, x)
            guard
                let t = (0..<n).filter({ !passive[$0] && w[$0] > tolerance }).max(by: {
                    w[$0] < w[$1]
                })
            else { break }
            passive[t] = true
            while iterations < maxIterations {
                iterations += 1
                let s = leastSquares(a, b, columns: (0..<n).filter { passive[$0] })
                if (0..<n).allSatisfy({ !passive[$0] || s[$0] > 0 }) {
                    x = s
                    break
                }
                var alpha = Double.infinity
                for j in 0..<n where passive[j] && s[j] <= 0 {
                    alpha = min(alpha, x[j] / (x[j] - s[j]))
                }
                for j in 0..<n { x[j] += alpha * (s[j] - x[j]) }
                for j in 0..<n where passive[j] && x[j] <= tolerance {
                    passive[j] = false
                    x[j] = 0
                }
            }
        }
        return x
    }

    /// Aᵀ(b - A x).
    private static func gradient(_ a: [[Double]], _ b: [Double], _ x: [Double]) -> [Double] {
        let n = x.count
        var w = [Double](repeating: 0, count: n)
        for (row, bi) in zip(a, b) {
            var r = bi
            for j in 0..<n { r -= row[j] * x[j] }
            for j in 0..<n { w[j] += row[j] * r }
        }
        return w
    }

    /// The unconstrained least-squares solution on `columns` (zero elsewhere), by Householder QR.
    private static func leastSquares(_ a: [[Double]], _ b: [Double], columns: [Int]) -> [Double] {
        let m = a.count
        let k = columns.count
        var q = a.map { row in columns.map { row[$0] } }
        var rhs = b
        for j in 0..<min(k, m) {
            var norm = 0.0
            for i in j..<m { norm += q[i][j] * q[i][j] }
            norm = norm.squareRoot()
            guard norm > 0 else { continue }
            let alpha = q[j][j] > 0 ? -norm : norm
            var v = [Double](repeating: 0, count: m)
            for i in j..<m { v[i] = q[i][j] }
            v[j] -= alpha
            let vv = v[j...].reduce(0) { $0 + $1 * $1 }
            guard vv > 0 else { continue }
            for c in j..<k {
                var dot = 0.0
                for i in j..<m { dot += v[i] * q[i][c] }
                let f = 2 * dot / vv
                for i in j..<m { q[i][c] -= f * v[i] }
            }
            var dot = 0.0
            for i in j..<m { dot += v[i] * rhs[i] }
            let f = 2 * dot / vv
            for i in j..<m { rhs[i] -= f * v[i] }
        }
        var solution = [Double](repeating: 0, count: k)
        for j in stride(from: min(k, m) - 1, through: 0, by: -1) {
            var s = rhs[j]
            for c in (j + 1)..<k { s -= q[j][c] * solution[c] }
            solution[j] = q[j][j] != 0 ? s / q[j][j] : 0
        }
        var x = [Double](repeating: 0, count: a.first?.count ?? 0)
        for (j, c) in columns.enumerated() { x[c] = solution[j] }
        return x
    }
}
