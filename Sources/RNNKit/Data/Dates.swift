/// Dates written the way people write them, with their ISO form: the translation task of the
/// sequence-to-sequence chapter.
///
///     "Thursday, March 3, 1994"  →  "1994-03-03"
///     "3.3.94"                   →  "1994-03-03"
///
/// Every format has one reading (day-first formats use dots or words, month-first ones slashes),
/// so the target is a function of the input and a reader can check any pair by eye. Two-digit
/// years mean 1950–2049, the range of all dates drawn. Input lengths run from 6 to 29 characters;
/// the output is always 10.
public struct DateExample: Equatable, Sendable {
    /// The date as a person wrote it.
    public var input: String
    /// The same date as ISO 8601, yyyy-mm-dd.
    public var target: String
    /// Which of `DateFormat.allCases` wrote the input.
    public var format: DateFormat
}

/// The ways `dateExamples` writes a date (d = 3, m = 3, y = 1994 as the example).
public enum DateFormat: Int, CaseIterable, Sendable {
    /// "3 March 1994"
    case dayMonthYear
    /// "March 3, 1994"
    case monthDayYear
    /// "Thursday, March 3, 1994"
    case weekdayMonthDayYear
    /// "thursday 3 march 1994"
    case lowercaseWeekdayDayMonthYear
    /// "3 Mar 94"
    case dayShortMonthShortYear
    /// "Mar 3, 1994"
    case shortMonthDayYear
    /// "3.3.1994"
    case dotted
    /// "3.3.94"
    case dottedShortYear
    /// "03/03/1994" (month first)
    case slashed
    /// "03/03/94" (month first)
    case slashedShortYear
    /// "THU 03 MAR 1994"
    case upperWeekdayDayShortMonthYear
    /// "3rd of March 1994"
    case ordinalDayOfMonthYear

    /// The date in this format.
    public func write(year: Int, month: Int, day: Int) -> String {
        let name = monthNames[month - 1], short = String(name.prefix(3))
        let weekday = weekdayNames[dayOfWeek(year: year, month: month, day: day)]
        let yy = twoDigits(year % 100), mm = twoDigits(month), dd = twoDigits(day)
        switch self {
        case .dayMonthYear: return "\(day) \(name) \(year)"
        case .monthDayYear: return "\(name) \(day), \(year)"
        case .weekdayMonthDayYear: return "\(weekday), \(name) \(day), \(year)"
        case .lowercaseWeekdayDayMonthYear: return "\(weekday) \(day) \(name) \(year)".lowercased()
        case .dayShortMonthShortYear: return "\(day) \(short) \(yy)"
        case .shortMonthDayYear: return "\(short) \(day), \(year)"
        case .dotted: return "\(day).\(month).\(year)"
        case .dottedShortYear: return "\(day).\(month).\(yy)"
        case .slashed: return "\(mm)/\(dd)/\(year)"
        case .slashedShortYear: return "\(mm)/\(dd)/\(yy)"
        case .upperWeekdayDayShortMonthYear: return "\(weekday.prefix(3)) \(dd) \(short) \(year)".uppercased()
        case .ordinalDayOfMonthYear: return "\(day)\(ordinalSuffix(day)) of \(name) \(year)"
        }
    }
}

/// `count` dates drawn uniformly from 1950-01-01 … 2049-12-31, each in a format drawn uniformly.
public func dateExamples(count: Int, using rng: inout RandomSource) -> [DateExample] {
    (0..<count).map { _ in
        let year = 1950 + rng.int(below: 100)
        let month = 1 + rng.int(below: 12)
        let day = 1 + rng.int(below: daysIn(year: year, month: month))
        let format = DateFormat.allCases[rng.int(below: DateFormat.allCases.count)]
        let target = "\(year)-\(twoDigits(month))-\(twoDigits(day))"
        return DateExample(input: format.write(year: year, month: month, day: day), target: target, format: format)
    }
}

/// A training set and a test set whose inputs never occur in the training set.
///
/// Draws `train` examples, then draws test examples, skipping every input already in the
/// training set (or already in the test set), until there are `test` of them.
public func dateSplit(train: Int, test: Int, using rng: inout RandomSource) -> (train: [DateExample], test: [DateExample]) {
    let trainSet = dateExamples(count: train, using: &rng)
    var seen = Set(trainSet.map(\.input))
    var testSet: [DateExample] = []
    while testSet.count < test {
        for e in dateExamples(count: test - testSet.count, using: &rng) where !seen.contains(e.input) {
            seen.insert(e.input)
            testSet.append(e)
        }
    }
    return (trainSet, testSet)
}

/// 0 = Monday … 6 = Sunday, by Zeller's congruence (Gregorian calendar).
public func dayOfWeek(year: Int, month: Int, day: Int) -> Int {
    // Zeller counts January and February as months 13 and 14 of the year before.
    let m = month < 3 ? month + 12 : month
    let y = month < 3 ? year - 1 : year
    let k = y % 100, j = y / 100
    let h = (day + (13 * (m + 1)) / 5 + k + k / 4 + j / 4 + 5 * j) % 7  // 0 = Saturday, 1 = Sunday, …
    return (h + 5) % 7  // 0 = Monday
}

/// Days in a month of the Gregorian calendar.
public func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

private let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
]
private let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

private func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

private func ordinalSuffix(_ day: Int) -> String {
    if (11...13).contains(day % 100) { return "th" }
    switch day % 10 {
    case 1: return "st"
    case 2: return "nd"
    case 3: return "rd"
    default: return "th"
    }
}
