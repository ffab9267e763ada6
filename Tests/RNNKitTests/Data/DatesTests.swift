import Testing

@testable import RNNKit

@Suite("Dates")
struct DatesTests {
    @Test("3 March 1994 (a Thursday) in every format")
    func formats() {
        let written = DateFormat.allCases.map { $0.write(year: 1994, month: 3, day: 3) }
        #expect(
            written == [
                "3 March 1994", "March 3, 1994", "Thursday, March 3, 1994", "thursday 3 march 1994", "3 Mar 94",
                "Mar 3, 1994", "3.3.1994", "3.3.94", "03/03/1994", "03/03/94", "THU 03 MAR 1994", "3rd of March 1994",
            ])
        #expect(DateFormat.ordinalDayOfMonthYear.write(year: 2001, month: 12, day: 22) == "22nd of December 2001")
        #expect(DateFormat.ordinalDayOfMonthYear.write(year: 2001, month: 12, day: 11) == "11th of December 2001")
    }

    @Test("day of the week and days in a month")
    func calendar() {
        #expect(dayOfWeek(year: 1994, month: 3, day: 3) == 3)  // Thursday
        #expect(dayOfWeek(year: 2000, month: 1, day: 1) == 5)  // Saturday
        #expect(dayOfWeek(year: 1969, month: 7, day: 20) == 6)  // Sunday
        #expect(daysIn(year: 2000, month: 2) == 29 && daysIn(year: 1900, month: 2) == 28 && daysIn(year: 1996, month: 2) == 29)
    }

    @Test("the split is seeded, its test inputs are never training inputs, and every target is a valid ISO date")
    func split() {
        var rng = RandomSource(seed: 1)
        let (train, test) = dateSplit(train: 2000, test: 500, using: &rng)
        var again = RandomSource(seed: 1)
        #expect(dateSplit(train: 2000, test: 500, using: &again).test == test)
        #expect(train.count == 2000 && test.count == 500)
        #expect(Set(train.map(\.input)).isDisjoint(with: test.map(\.input)))
        #expect(Set(test.map(\.input)).count == 500)
        for e in train + test {
            let parts = e.target.split(separator: "-").map { Int($0)! }
            #expect(e.target.count == 10 && (1950...2049).contains(parts[0]))
            #expect(e.format.write(year: parts[0], month: parts[1], day: parts[2]) == e.input)
        }
        #expect(Set(train.map(\.format)).count == DateFormat.allCases.count)
    }
}
