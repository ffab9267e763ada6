#if canImport(Glibc)
    import Glibc
#endif

/// How a `Heatmap` turns numbers into colours.
///
/// - `sequential`: viridis, dark purple for the lowest value through teal to yellow for the
///   highest. It is perceptually uniform (equal steps in value look like equal steps in colour),
///   reads in grey scale and for colour-blind readers, and shows on light and dark pages.
/// - `diverging`: blue for negative, near-white for zero, red for positive (ColorBrewer's RdBu),
///   with a range symmetric around zero. The right choice for weights and gradients, where the
///   sign matters as much as the size.
/// - `automatic`: `diverging` when the values have both signs, `sequential` otherwise.
public enum ColorScale: Sendable {
    case automatic
    case sequential
    case diverging

    /// Viridis at eleven evenly spaced points, from matplotlib's table.
    static let viridis: [(Double, Double, Double)] = [
        (0x44, 0x01, 0x54), (0x48, 0x24, 0x75), (0x41, 0x44, 0x87), (0x35, 0x5F, 0x8D),
        (0x2A, 0x78, 0x8E), (0x21, 0x91, 0x8C), (0x22, 0xA8, 0x84), (0x44, 0xBF, 0x70),
        (0x7A, 0xD1, 0x51), (0xBD, 0xDF, 0x26), (0xFD, 0xE7, 0x25),
    ]

    /// ColorBrewer RdBu with 11 classes, from most negative (dark blue) to most positive (dark red).
    static let blueWhiteRed: [(Double, Double, Double)] = [
        (0x05, 0x30, 0x61), (0x21, 0x66, 0xAC), (0x43, 0x93, 0xC3), (0x92, 0xC5, 0xDE),
        (0xD1, 0xE5, 0xF0), (0xF7, 0xF7, 0xF7), (0xFD, 0xDB, 0xC7), (0xF4, 0xA5, 0x82),
        (0xD6, 0x60, 0x4D), (0xB2, 0x18, 0x2B), (0x67, 0x00, 0x1F),
    ]

    /// The colour at `t` in 0...1 along `stops` (linear between neighbouring stops), as RGB 0...255.
    static func interpolate(_ stops: [(Double, Double, Double)], _ t: Double) -> (Double, Double, Double) {
        let u = min(max(t.isFinite ? t : 0.5, 0), 1) * Double(stops.count - 1)
        let i = min(Int(u), stops.count - 2)
        let f = u - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        return (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }
}

/// `#RRGGBB` for an RGB triple in 0...255 (each rounded to the nearest integer).
func hexColor(_ rgb: (Double, Double, Double)) -> String {
    let digits = Array("0123456789ABCDEF")
    var s = "#"
    for v in [rgb.0, rgb.1, rgb.2] {
        let n = Int(min(max(v, 0), 255).rounded())
        s.append(digits[n / 16])
        s.append(digits[n % 16])
    }
    return s
}

/// Relative luminance (WCAG) of an RGB triple in 0...255: 0 for black, 1 for white. Picks a
/// readable text colour over a heatmap cell.
func luminance(_ rgb: (Double, Double, Double)) -> Double {
    func channel(_ v: Double) -> Double {
        let c = v / 255
        return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * channel(rgb.0) + 0.7152 * channel(rgb.1) + 0.0722 * channel(rgb.2)
}
