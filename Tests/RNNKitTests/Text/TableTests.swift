import Testing

@testable import RNNKit

@Suite struct TableTests {
    @Test func numbersRightTextLeftUnderARule() {
        var table = Table(["model", "hidden", "test MSE"])
        table.append(["RNN", 32, 0.0123456])
        table.append(["LSTM", 32, 0.0045])
        #expect(
            table.description == """
                model  hidden  test MSE
                ─────  ──────  ────────
                RNN        32    0.0123
                LSTM       32    0.0045
                """)
    }

    @Test func rowsFromVariablesAndTheInitializer() {
        let mse = 0.25, name = "GRU", steps = 100
        let table = Table(["name", "steps", "mse"], rows: [[name, steps, mse], ["LSTM", 5, 1.5]], decimals: 2)
        #expect(
            table.description == """
                name  steps   mse
                ────  ─────  ────
                GRU     100  0.25
                LSTM      5  1.50
                """)
    }

    @Test func cellsCanAskForTheirOwnDecimals() {
        let cells: [[TableCell]] = [["a", .number(0.123456, decimals: 6)], [.text("b"), 2.0]]
        let table = Table(["x", "value"], rows: cells)
        #expect(
            table.description == """
                x     value
                ─  ────────
                a  0.123456
                b    2.0000
                """)
    }

    @Test func smallNonzeroNumbersTurnScientific() {
        let table = Table(["step", "gradient"], rows: [[1, 2.5], [50, 1.5e-9], [60, 0.0]])
        #expect(
            table.description == """
                step    gradient
                ────  ──────────
                   1      2.5000
                  50  1.5000e-09
                  60      0.0000
                """)
    }

    @Test func mixedColumnIsLeftAlignedAndMissingCellsAreEmpty() {
        let table = Table(["what", "value", "note"], rows: [["loss", 1.0, "ok"], ["state", "n/a"], [Float(0.5), true]])
        #expect(
            table.description == """
                what    value   note
                ──────  ──────  ────
                loss    1.0000  ok
                state   n/a
                0.5000  yes
                """)
    }

    @Test func nanPrintsAsNan() {
        #expect(Table(["loss"], rows: [[Double.nan]]).description == "loss\n────\n nan")
    }

    @Test func rowLongerThanTheHeaderTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Table(["one"], rows: [[1, 2]])
        }
    }
}
