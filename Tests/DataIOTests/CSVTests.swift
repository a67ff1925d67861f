import Foundation
import Testing

@testable import DataIO

@Suite("CSV tables and metadata joins")
struct CSVTests {
    /// Gaia-like metadata with CRLF line ends, a blank line, quoted fields (a comma, escaped quotes,
    /// an embedded line break) and empty fields.
    static let gaia = [
        "source_id,parallax,bp_rp,phot_g_mean_mag,note\r\n",
        "4295806720000000001,1.25,0.8,12.5,\"plain\"\r\n",
        "9007199254740993,,1.1,13.0,\"with, comma\"\r\n",
        "5,-0.5,,14.25,\"say \"\"hi\"\"\"\r\n",
        "\r\n",
        "6917529027641081857,2.5e-1,nan,9.75,\"two\nlines\"\r\n",
        "7,0.1,0.2,10,\r\n",
        "\n",
    ].joined()

    @Test func readsTypedColumnsWithMissingAndQuotedFields() throws {
        let table = try CSVTable(text: Self.gaia, source: "gaia.csv")
        #expect(table.columnNames == ["source_id", "parallax", "bp_rp", "phot_g_mean_mag", "note"])
        #expect(table.rowCount == 5)
        // Ids beyond 2^53 survive exactly (they would not through Double).
        #expect(
            try table.int64s("source_id") == [
                4_295_806_720_000_000_001, 9_007_199_254_740_993, 5, 6_917_529_027_641_081_857, 7,
            ])
        #expect(try table.doubles("parallax") == [1.25, nil, -0.5, 0.25, 0.1])
        let bpRp = try table.doubles("bp_rp")
        #expect(
            bpRp[0] == 0.8 && bpRp[1] == 1.1 && bpRp[2] == nil && bpRp[3]?.isNaN == true
                && bpRp[4] == 0.2)
        #expect(try table.column("phot_g_mean_mag").type == .double)
        #expect(
            try table.strings("note") == ["plain", "with, comma", "say \"hi\"", "two\nlines", nil])
        #expect(table.lineNumbers == [2, 3, 4, 6, 8])
    }

    @Test func selectsColumnsByNameAndFixesTypes() throws {
        let dir = TempDir()
        let path = dir.path("meta.csv")
        try Self.gaia.write(toFile: path, atomically: true, encoding: .utf8)
        let table = try CSVTable.read(
            path: path, columns: ["phot_g_mean_mag", "source_id"],
            types: ["phot_g_mean_mag": .string])
        #expect(table.columnNames == ["phot_g_mean_mag", "source_id"])
        #expect(try table.strings("phot_g_mean_mag") == ["12.5", "13.0", "14.25", "9.75", "10"])
        #expect(throws: DataIOError.missingItem(path: path, item: "parallax")) {
            try table.column("parallax")
        }
        #expect(throws: DataIOError.missingItem(path: path, item: "teff")) {
            try CSVTable.read(path: path, columns: ["teff"])
        }
    }

    @Test func joinsMetadataToSpectraKeepingSpectrumOrder() throws {
        let meta = try CSVTable(
            text: "source_id,parallax\n30,3.0\n10,1.0\n,9.9\n99,0.5\n20,", source: "meta.csv")
        let spectra: [Int64] = [20, 40, 10, 30, 50, 10]
        let join = try meta.innerJoin(sourceIDs: spectra)
        // Independent check: a nested-loop inner join.
        let ids = try meta.int64s("source_id")
        var expectedSpectra: [Int] = []
        var expectedMeta: [Int] = []
        for (s, id) in spectra.enumerated() {
            for (m, mid) in ids.enumerated() where mid == id {
                expectedSpectra.append(s)
                expectedMeta.append(m)
            }
        }
        #expect(join.spectrumRows == expectedSpectra)
        #expect(join.metadataRows == expectedMeta)
        #expect(join.unmatchedSpectrumRows == [1, 4])
        #expect(try join.metadata.int64s("source_id") == join.spectrumRows.map { spectra[$0] })
        #expect(try join.metadata.doubles("parallax") == [nil, 1.0, 3.0, 1.0])

        let duplicated = try CSVTable(text: "source_id,x\n1,2\n1,3\n", source: "dup.csv")
        #expect { try duplicated.innerJoin(sourceIDs: [1]) } throws: { error in
            guard case DataIOError.invalidField(let p, let column, let line, let value, _) = error
            else { return false }
            return p == "dup.csv" && column == "source_id" && line == 3 && value == "1"
        }
        let textual = try CSVTable(text: "source_id,x\nabc,2\n", source: "t.csv")
        #expect(
            throws: DataIOError.wrongType(
                path: "t.csv", item: "source_id", expected: "int64", found: "string")
        ) {
            try textual.innerJoin(sourceIDs: [1])
        }
    }

    @Test func rejectsBadInput() throws {
        let dir = TempDir()
        let missing = dir.path("none.csv")
        #expect(throws: DataIOError.fileNotFound(path: missing)) {
            try CSVTable.read(path: missing)
        }
        #expect(throws: DataIOError.raggedRow(path: "r.csv", line: 3, expected: 3, found: 2)) {
            try CSVTable(text: "a,b,c\n1,2,3\n4,5\n", source: "r.csv")
        }
        #expect(throws: DataIOError.raggedRow(path: "r.csv", line: 2, expected: 2, found: 3)) {
            try CSVTable(text: "a,b\n1,2,3\n", source: "r.csv")
        }
        #expect(
            throws: DataIOError.invalidField(
                path: "n.csv", column: "parallax", line: 3, value: "n/a", expected: "a number")
        ) {
            try CSVTable(
                text: "source_id,parallax\n1,0.5\n2,n/a\n", source: "n.csv",
                types: ["parallax": .double])
        }
        #expect(
            throws: DataIOError.invalidField(
                path: "n.csv", column: "source_id", line: 2, value: "1.5",
                expected: "a 64-bit integer")
        ) {
            try CSVTable(text: "source_id\n1.5\n", source: "n.csv", types: ["source_id": .int64])
        }
        #expect(
            throws: DataIOError.invalidField(
                path: "n.csv", column: "source_id", line: 2, value: "99999999999999999999",
                expected: "a 64-bit integer")
        ) {
            try CSVTable(
                text: "source_id\n99999999999999999999\n", source: "n.csv",
                types: ["source_id": .int64])
        }
        #expect { try CSVTable(text: "a,b\n1,\"open\n2,3\n", source: "q.csv") } throws: { error in
            guard case DataIOError.corrupt(let p, _, let reason) = error else { return false }
            return p == "q.csv" && reason.contains("line 2")
        }
        #expect { try CSVTable(text: "a,a\n1,2\n", source: "h.csv") } throws: { error in
            guard case DataIOError.corrupt(_, let item, let reason) = error else { return false }
            return item == "header" && reason.contains("twice")
        }
        #expect { try CSVTable(text: "", source: "e.csv") } throws: { error in
            guard case DataIOError.corrupt(let p, _, _) = error else { return false }
            return p == "e.csv"
        }
    }
}
