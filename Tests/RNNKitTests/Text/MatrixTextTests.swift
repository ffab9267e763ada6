import Testing

@testable import RNNKit

@Suite struct MatrixTextTests {
    @Test func smallMatrixPrintsAnAlignedGrid() {
        let m = Matrix([[0.12345, -1, 2.5], [3, 0, -0.5]])
        #expect(
            m.description == """
                (2×3)
                [ 0.1235  -1.0000   2.5000]
                [ 3.0000   0.0000  -0.5000]
                """)
        #expect("\(m)" == m.description)
    }

    @Test func decimalsAreAParameter() {
        let m = Matrix([[1.25, -10], [0, 100.5]])
        #expect(
            m.formatted(decimals: 1) == """
                (2×2)
                [  1.2  -10.0]
                [  0.0  100.5]
                """)
        #expect(Matrix([[2.5]]).formatted(decimals: 0) == "(1×1)\n[2]")
    }

    @Test func emptyMatrixPrintsItsShapeOnly() {
        #expect(Matrix(rows: 0, cols: 3).description == "(0×3)")
    }

    @Test func nanAndInfinityKeepTheirPlace() {
        #expect(Matrix([[.nan, 1], [-.infinity, -0.0]]).description == "(2×2)\n[   nan  1.0000]\n[  -inf  0.0000]")
    }

    @Test func tinyOrHugeEntriesSwitchTheWholeMatrixToScientific() {
        #expect(Matrix([[1e-12, 0.5], [2, 0]]).description == "(2×2)\n[1.0000e-12  5.0000e-01]\n[2.0000e+00  0.0000e+00]")
        #expect(Matrix(row: [1e9, 1]).formatted(decimals: 2) == "(1×2)\n[1.00e+09  1.00e+00]")
        // 0.00006 rounds to 0.0001 at 4 decimals: a digit survives, so fixed form stays.
        #expect(Matrix(row: [0.00006, 1]).description == "(1×2)\n[0.0001  1.0000]")
    }

    @Test func largeMatrixShowsItsCorners() {
        var m = Matrix(rows: 20, cols: 15)
        for i in 0..<m.count { m.storage[i] = Double(i) }
        let lines = m.formatted(decimals: 0).split(separator: "\n").map(String.init)
        // The header, 5 rows, the row of ⋮, 5 rows.
        #expect(lines.count == 12)
        #expect(lines[0] == "(20×15)")
        #expect(lines[1] == "[  0    1    2  …   12   13   14]")
        #expect(lines[6] == "[  ⋮    ⋮    ⋮       ⋮    ⋮    ⋮]")
        #expect(lines[11] == "[285  286  287  …  297  298  299]")
    }

    @Test func limitsAreParameters() {
        var m = Matrix(rows: 20, cols: 15)
        for i in 0..<m.count { m.storage[i] = Double(i) }
        let full = m.formatted(decimals: 0, maxRows: 20, maxColumns: 15)
        #expect(full.split(separator: "\n").count == 21)
        #expect(!full.contains("…"))
        #expect(Matrix.shownIndices(count: 10, limit: 5) == [0, 1, nil, 8, 9])
        #expect(Matrix.shownIndices(count: 3, limit: 5) == [0, 1, 2])
    }
}
