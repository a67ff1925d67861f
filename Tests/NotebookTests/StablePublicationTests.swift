import Foundation
import Testing

@testable import NotebookKit

/// A published file changes only when what it says changed: numbers at their stated precision, a value on
/// a rounding boundary, and a figure redrawn with sub-pixel differences leave the file as it was.
@Suite struct StablePublicationTests {
    @Test func numbersWithAFractionAreRoundedAndNothingElse() {
        let json =
            #"{"loss" : 850165.1234567891, "n" : 12345678901, "name" : "K5-Q5.0 1.23456789", "z" : -1.5e-07}"#
        let rounded = StablePublication.rounded(json, significant: 6)
        #expect(
            rounded
                == #"{"loss" : 850165.0, "n" : 12345678901, "name" : "K5-Q5.0 1.23456789", "z" : -1.5e-07}"#
        )
        #expect(
            StablePublication.rounded("a,0.30000000000000004,7\n", significant: 6) == "a,0.3,7\n")
        #expect(StablePublication.rounded("[1.0, 2.5e-300]", significant: 6) == "[1.0, 2.5e-300]")
    }

    @Test func aRoundingBoundaryIsTheSameButAChangedResultIsNot() {
        // 0.1234565 +- 1e-12 rounds to either side of the boundary: one unit of the last digit apart.
        #expect(StablePublication.sameToRounding(#"{"a" : 0.123456}"#, #"{"a" : 0.123457}"#))
        #expect(StablePublication.sameToRounding("[1.23456e-06]", "[1.23457e-06]"))
        #expect(StablePublication.sameToRounding("[850165.0]", "[850166.0]"))
        #expect(!StablePublication.sameToRounding("[1.5e-06]", "[1.6e-06]"))
        #expect(!StablePublication.sameToRounding(#"{"a" : 0.123456}"#, #"{"a" : 0.123458}"#))
        #expect(!StablePublication.sameToRounding("[0.5]", "[0.7]"))
        // Counts are exact, keys and strings are text.
        #expect(!StablePublication.sameToRounding(#"{"cycles" : 10}"#, #"{"cycles" : 11}"#))
        #expect(!StablePublication.sameToRounding(#"{"a" : 0.5}"#, #"{"b" : 0.5}"#))
        #expect(!StablePublication.sameToRounding(#"["x1.5"]"#, #"["x1.6"]"#))
        #expect(!StablePublication.sameToRounding("[0.5]", "[0.5, 0.5]"))
    }

    @Test func aFileThatSaysTheSameIsKept() throws {
        let folder = NSTemporaryDirectory() + "stable-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/summary.json"
        let same = StablePublication.sameTextToRounding
        #expect(
            try StablePublication.write(Data(#"{"a" : 0.123456}"#.utf8), to: path, unless: same))
        #expect(
            !(try StablePublication.write(Data(#"{"a" : 0.123457}"#.utf8), to: path, unless: same)))
        #expect(
            String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self).hasSuffix(
                "456}"))
        #expect(try StablePublication.write(Data(#"{"a" : 0.2}"#.utf8), to: path, unless: same))
        #expect(
            String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self)
                == #"{"a" : 0.2}"#)
    }

    func figure(shift: Double, label: String) -> Figure {
        let fig = Figure(width: 3, height: 2)
        let ax = fig.axes()
        let x = (0..<50).map { Double($0) / 49 }
        ax.plot(x, x.map { sin(6 * $0) + shift }, label: label)
        ax.xlabel(label)
        return fig
    }

    @Test func aFigureIsRewrittenOnlyWhenWhatItDrawsChanged() throws {
        let folder = NSTemporaryDirectory() + "stable-fig-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pdf = folder + "/f.pdf"
        let png = folder + "/f.png"
        #expect(try figure(shift: 0, label: "x").writeStably(pdf: pdf, png: png))
        let first = FileManager.default.contents(atPath: png)
        // A curve moved by a millionth of its range: the same picture, both files kept.
        #expect(!(try figure(shift: 1e-6, label: "x").writeStably(pdf: pdf, png: png)))
        #expect(FileManager.default.contents(atPath: png) == first)
        // A different label is a different figure.
        #expect(try figure(shift: 0, label: "y").writeStably(pdf: pdf, png: png))
        #expect(FileManager.default.contents(atPath: png) != first)
        // Without its PDF the pair is written again.
        try FileManager.default.removeItem(atPath: pdf)
        #expect(try figure(shift: 0, label: "y").writeStably(pdf: pdf, png: png))
    }
}
