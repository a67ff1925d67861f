import NumericsVersion
import SwiftSourceText
import Testing

/// The digest behind `numericsVersion` and `kitVersion`: code changes move it, comments, spacing, file order
/// and the clone's location do not.
struct SourceDigestTests {
    let files: [(path: String, text: String)] = [
        (
            "/clone/Sources/Plotting/Axes.swift",
            "/// Axes.\nfunc scale(_ x: Double) -> Double { x * 2 }\n"
        ),
        ("/clone/Sources/CHDF5Shim/shim.c", "int id(void) { return 1; }\n"),
    ]

    @Test func ignoresCommentsSpacingOrderAndLocation() {
        let base = SourceDigest.hex(of: files, root: "/clone")
        #expect(base.count == 16)
        let reworded: [(path: String, text: String)] = [
            files[1],
            (
                "/clone/Sources/Plotting/Axes.swift",
                "// Scales.\n\n    func scale(_ x: Double) -> Double {  x * 2 }  // doubled\n"
            ),
        ]
        #expect(SourceDigest.hex(of: reworded, root: "/clone/") == base)
        let moved = files.map {
            (
                path: $0.path.replacingOccurrences(of: "/clone", with: "/elsewhere/copy"),
                text: $0.text
            )
        }
        #expect(SourceDigest.hex(of: moved, root: "/elsewhere/copy") == base)
    }

    @Test func followsCodeAndPaths() {
        let base = SourceDigest.hex(of: files, root: "/clone")
        var edited = files
        edited[0].text = edited[0].text.replacingOccurrences(of: "x * 2", with: "x * 3")
        #expect(SourceDigest.hex(of: edited, root: "/clone") != base)
        var cEdited = files
        cEdited[1].text = "int id(void) { return 2; }\n"
        #expect(SourceDigest.hex(of: cEdited, root: "/clone") != base)
        var renamed = files
        renamed[0].path = "/clone/Sources/Plotting/Scale.swift"
        #expect(SourceDigest.hex(of: renamed, root: "/clone") != base)
        #expect(SourceDigest.hex(of: Array(files.prefix(1)), root: "/clone") != base)
    }
}
