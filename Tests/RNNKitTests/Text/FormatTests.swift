import Testing

@testable import RNNKit

@Suite struct FormatTests {
    @Test func roundsToTheGivenDecimals() {
        #expect(fixed(3.14159, 2) == "3.14")
        #expect(fixed(-1.5, 1) == "-1.5")
        #expect(fixed(7, 3) == "7.000")
        #expect(fixed(0.999, 2) == "1.00")
        #expect(fixed(-9.9996, 3) == "-10.000")
    }

    @Test func significantKeepsTheLeadingDigits() {
        #expect(significant(0.0012345, 2) == "0.0012")
        #expect(significant(2.7456, 2) == "2.7")
        #expect(significant(-0.12764, 3) == "-0.128")
        #expect(significant(1234.7, 3) == "1235")
        #expect(significant(0, 3) == "0.00")
        #expect(significant(.infinity, 2) == "inf")
    }

    @Test func exactTiesGoToTheEvenNeighbour() {
        // 2.5, 3.5, 0.125 and 0.375 are exact in binary, so these are true ties.
        #expect(fixed(2.5, 0) == "2")
        #expect(fixed(3.5, 0) == "4")
        #expect(fixed(0.125, 2) == "0.12")
        #expect(fixed(0.375, 2) == "0.38")
    }

    @Test func roundsTheExactBinaryValue() {
        // The double nearest 2.675 lies below it; the one nearest 1.005 also lies below it.
        #expect(fixed(2.675, 2) == "2.67")
        #expect(fixed(1.005, 2) == "1.00")
        #expect(fixed(1.0 / 3.0, 20) == "0.33333333333333331483")
    }

    @Test func negativeZeroLosesItsSign() {
        #expect(fixed(-0.0, 2) == "0.00")
        #expect(fixed(-0.00001, 4) == "0.0000")
        #expect(fixed(-0.4, 0) == "0")
        #expect(fixed(-0.00001, 5) == "-0.00001")
        #expect(scientific(-0.0, 2) == "0.00e+00")
    }

    @Test func nonFiniteValuesAreSpelledOut() {
        #expect(fixed(.nan, 4) == "nan")
        #expect(fixed(-.nan, 4) == "nan")
        #expect(fixed(.infinity, 4) == "inf")
        #expect(fixed(-.infinity, 0) == "-inf")
        #expect(scientific(.nan, 2) == "nan")
        #expect(scientific(-.infinity, 2) == "-inf")
    }

    @Test func zeroOrNegativeDecimalsPrintNoPoint() {
        #expect(fixed(5, 0) == "5")
        #expect(fixed(5, -2) == "5")
    }

    @Test func longNumbersAreComplete() {
        #expect(fixed(1e22, 0) == "10000000000000000000000")
        // Longer than the first buffer: 301 digits, the point and 2 decimals.
        let huge = fixed(1e300, 2)
        #expect(huge.count == 304)
        #expect(huge.hasPrefix("100000000000000005250476025520442024870446858110815915491585"))  // Python: "%.2f" % 1e300
        #expect(huge.hasSuffix(".00"))
    }

    @Test func scientificForm() {
        #expect(scientific(123456, 3) == "1.235e+05")
        #expect(scientific(-0.00042, 1) == "-4.2e-04")
        #expect(scientific(0, 0) == "0e+00")
        #expect(scientific(1e-300, 2) == "1.00e-300")
    }
}
