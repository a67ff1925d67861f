/// Resolves abstract font specs to fontconfig family names: Latin Modern when installed, DejaVu otherwise.
struct FontBook: Sendable {
    let serif: String
    let sans: String
    /// Family with Greek letters and mathematical symbols.
    let math: String
    /// True if `math` has the Unicode mathematical italic Greek letters.
    let mathItalicGreek: Bool

    /// Resolved once per process.
    static let shared = FontBook.resolve()

    private static func resolve() -> FontBook {
        let canvas = Canvas.measuring()
        func signature(_ family: String) -> Double {
            canvas.selectFont(family: family, italic: false, bold: false, size: 100)
            return canvas.measure("Hamburgefonstiv 0123456789").advance
        }
        let missing = signature("NoSuchFontFamily-plotting-probe")
        func installed(_ family: String) -> Bool { signature(family) != missing }
        let serif = installed("Latin Modern Roman") ? "Latin Modern Roman" : "DejaVu Serif"
        let sans = installed("Latin Modern Sans") ? "Latin Modern Sans" : "DejaVu Sans"
        var math = "DejaVu Serif"
        var italicGreek = false
        if installed("Latin Modern Math") {
            canvas.selectFont(family: "Latin Modern Math", italic: false, bold: false, size: 10)
            if canvas.hasGlyphs("\u{03B1}\u{2016}\u{00B1}") {
                math = "Latin Modern Math"
                italicGreek = canvas.hasGlyphs("\u{1D6FC}\u{1D714}")
            }
        }
        return FontBook(serif: serif, sans: sans, math: math, mathItalicGreek: italicGreek)
    }

    /// Concrete (family, italic, bold, text) for a run.
    func face(for run: TextRun) -> (family: String, italic: Bool, bold: Bool, text: String) {
        let base = run.font.family == .sans ? sans : serif
        guard run.font.symbol else { return (base, run.font.italic, run.font.bold, run.text) }
        if run.font.italic && mathItalicGreek {
            let mapped = String(
                String.UnicodeScalarView(
                    run.text.unicodeScalars.map { scalar in
                        if (0x03B1...0x03C9).contains(scalar.value),
                            let m = Unicode.Scalar(scalar.value - 0x03B1 + 0x1D6FC)
                        {
                            return m
                        }
                        return scalar
                    }))
            return (math, false, false, mapped)
        }
        return (math, run.font.italic && math != "Latin Modern Math", false, run.text)
    }
}
