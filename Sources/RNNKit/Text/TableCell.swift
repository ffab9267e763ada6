/// One cell of a `Table`: text, a whole number, or a real number printed with fixed decimals.
///
/// Literals become cells on their own, and so do variables of the usual types (through
/// `TableCellConvertible`), so a row reads like the data it holds:
///
///     table.append(["GRU", 64, testLoss])        // String, Int, Double
///     table.append(["LSTM", 64, .number(testLoss, decimals: 6)])
public struct TableCell: Equatable, Sendable {
    /// What the cell holds. Cells are made with `.text(_:)`, `.integer(_:)` and
    /// `.number(_:decimals:)` (declared below, on `TableCellConvertible`, so that they resolve
    /// in a row of mixed values as well as in a `[TableCell]`), or from literals.
    enum Content: Equatable, Sendable {
        case text(String)
        case integer(Int)
        case number(Double, decimals: Int?)
    }

    let content: Content
}

extension TableCell: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { content = .text(value) }
    public init(integerLiteral value: Int) { content = .integer(value) }
    public init(floatLiteral value: Double) { content = .number(value, decimals: nil) }
}

/// A value that can stand in a `Table` cell. `String`, `Substring`, `Int`, `Double`, `Float`,
/// `Bool` and `TableCell` itself conform; conform your own type to put it in a table.
public protocol TableCellConvertible {
    /// The cell this value fills.
    var tableCell: TableCell { get }
}

extension TableCell: TableCellConvertible {
    public var tableCell: TableCell { self }
}

extension String: TableCellConvertible {
    public var tableCell: TableCell { .text(self) }
}

extension Substring: TableCellConvertible {
    public var tableCell: TableCell { .text(String(self)) }
}

extension Int: TableCellConvertible {
    public var tableCell: TableCell { .integer(self) }
}

extension Double: TableCellConvertible {
    public var tableCell: TableCell { .number(self) }
}

extension Float: TableCellConvertible {
    public var tableCell: TableCell { .number(Double(self)) }
}

extension Bool: TableCellConvertible {
    public var tableCell: TableCell { .text(self ? "yes" : "no") }
}

// The ways to make a cell. Declared on the protocol (for `Self == TableCell`) rather than on
// `TableCell`, so that `.number(x, decimals: 6)` resolves both in a `[TableCell]` and in a row
// of mixed values, whose elements are `any TableCellConvertible`.
extension TableCellConvertible where Self == TableCell {
    /// Text, left-aligned.
    public static func text(_ s: String) -> TableCell { TableCell(content: .text(s)) }
    /// A whole number, right-aligned, printed without decimals.
    public static func integer(_ n: Int) -> TableCell { TableCell(content: .integer(n)) }
    /// A real number, right-aligned, printed with `decimals` places (the table's default when nil).
    public static func number(_ x: Double, decimals: Int? = nil) -> TableCell {
        TableCell(content: .number(x, decimals: decimals))
    }
}
