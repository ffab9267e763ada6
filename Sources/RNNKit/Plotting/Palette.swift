/// The colours of chart series: the Okabe–Ito palette, chosen to stay distinguishable for the
/// common forms of colour blindness.
///
/// The order puts first the four colours with a contrast of at least 3:1 both on white and on
/// a dark grey page (`#222`): blue, vermillion, bluish green and reddish purple. Orange and sky
/// blue follow (lighter, weaker on white), and yellow comes last, since it nearly vanishes on
/// white. Okabe–Ito's black is left out: it would disappear on a dark page, and `currentColor`
/// already plays that part for axes and text. A chart with more series than colours reuses
/// them in order; dashes (`dashed: true`) keep such series apart.
public enum Palette {
    /// The series colours in the order charts use them, as `#RRGGBB`.
    public static let colors: [String] = [
        "#0072B2",  // blue
        "#D55E00",  // vermillion
        "#009E73",  // bluish green
        "#CC79A7",  // reddish purple
        "#E69F00",  // orange
        "#56B4E9",  // sky blue
        "#F0E442",  // yellow
    ]

    /// The colour of series number `index` (0-based), cycling through `colors`.
    public static func color(_ index: Int) -> String { colors[index % colors.count] }
}
