import Testing

@testable import NotebookKit

@Suite struct PaperValuesTests {
    @Test func numbersAreFormattedForTeX() throws {
        var v = PaperValues(prefix: "toy")
        v.set("Count", 1_234_567)
        v.set("Small", -42)
        v.set("KL", 5.2871e-6, significant: 3)
        v.set("Ratio", 321.04, significant: 3)
        v.set("Rounds", 9.996e-3, significant: 3)  // rounds up into the next decade
        v.set("Angle", 8.0449, decimals: 2)
        v.set("Share", percent: 0.1234)
        v.set("Missing", Double.nan, decimals: 1)
        v["Name"] = "Cauchy"
        let tex = try v.tex()
        #expect(tex.contains("\\newcommand{\\toyCount}{1{,}234{,}567}"))
        #expect(tex.contains("\\newcommand{\\toySmall}{-42}"))
        #expect(tex.contains("\\newcommand{\\toyKL}{5.29\\times10^{-6}}"))
        #expect(tex.contains("\\newcommand{\\toyRatio}{321}"))
        #expect(tex.contains("\\newcommand{\\toyRounds}{1.00\\times10^{-2}}"))
        #expect(tex.contains("\\newcommand{\\toyAngle}{8.04}"))
        #expect(tex.contains("\\newcommand{\\toyShare}{12.3\\%}"))
        #expect(tex.contains("\\newcommand{\\toyMissing}{\\text{n/a}}"))
        #expect(tex.contains("\\newcommand{\\toyName}{Cauchy}"))
        let names = tex.split(separator: "\n").filter { $0.hasPrefix("\\newcommand") }
        #expect(names == names.sorted())
    }

    @Test func macroNamesWithDigitsAreRejected() {
        var v = PaperValues(prefix: "gaia")
        v.set("Bin3Count", 10)
        #expect(throws: PaperValuesError.invalidName("gaiaBin3Count")) { try v.tex() }
    }
}
