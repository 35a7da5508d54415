//! Okabe–Ito colour-blind-safe palette and stable colours per arm.

use plotters::style::RGBColor;

/// The eight Okabe–Ito colours in their published order: black, orange,
/// sky blue, bluish green, yellow, blue, vermillion, reddish purple.
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
];

/// Colour of the `control` arm for lines, dots and whiskers: a dark grey,
/// the same in every chart (and as [`CONTROL_FILL`] for bars), so that the
/// control reads as one thing across the run's charts.
pub const CONTROL_COLOR: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Colour of the `control` arm for filled areas such as bars: the same grey
/// as its lines (black error bars stay visible above and on it).
pub const CONTROL_FILL: RGBColor = CONTROL_COLOR;

/// Order in which non-control arms take Okabe–Ito colours: the first four
/// are the most distinct from one another; yellow, weak on white, is last.
const ARM_ORDER: [usize; 7] = [5, 1, 3, 7, 2, 6, 4];

/// True when `name` denotes the control arm (`control`, any case, ignoring
/// surrounding whitespace).
pub fn is_control(name: &str) -> bool {
    name.trim().eq_ignore_ascii_case("control")
}

/// Colour of a non-control arm by its index (wraps around after 7).
/// `control` is always [`CONTROL_COLOR`], whatever the index.
pub fn arm_color(name: &str, index: usize) -> RGBColor {
    if is_control(name) {
        CONTROL_COLOR
    } else {
        OKABE_ITO[ARM_ORDER[index % ARM_ORDER.len()]]
    }
}

/// Stable name → colour assignment for one chart: `control` is grey, every
/// other distinct name takes the next palette colour in order of first
/// appearance.
#[derive(Debug, Clone, Default)]
pub struct ColorMap {
    names: Vec<String>,
}

impl ColorMap {
    /// Builds the map from names in the order they should take colours.
    pub fn from_names<'a, I: IntoIterator<Item = &'a str>>(names: I) -> Self {
        let mut map = Self::default();
        for n in names {
            map.push(n);
        }
        map
    }

    fn push(&mut self, name: &str) {
        if !is_control(name) && !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_string());
        }
    }

    /// Line/dot colour for `name` (names not in the map get the next free
    /// colour as if appended).
    pub fn color(&self, name: &str) -> RGBColor {
        let idx = self
            .names
            .iter()
            .position(|n| n == name)
            .unwrap_or(self.names.len());
        arm_color(name, idx)
    }

    /// Fill colour for `name`: like [`ColorMap::color`], but grey for control.
    pub fn fill(&self, name: &str) -> RGBColor {
        if is_control(name) {
            CONTROL_FILL
        } else {
            self.color(name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_is_black_and_others_stable() {
        let m = ColorMap::from_names(["control", "a", "b", "a", "Control"]);
        assert_eq!(m.color("control"), CONTROL_COLOR);
        assert_eq!(m.color("CONTROL"), CONTROL_COLOR);
        assert_eq!(m.color("a"), OKABE_ITO[5]);
        assert_eq!(m.color("b"), OKABE_ITO[1]);
        // same order without control gives the same colours
        let m2 = ColorMap::from_names(["a", "b"]);
        assert_eq!(m.color("b"), m2.color("b"));
        assert_eq!(m.fill("control"), CONTROL_FILL);
        // wraps instead of panicking
        let _ = arm_color("x", 1000);
    }
}
