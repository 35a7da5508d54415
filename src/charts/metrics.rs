//! Horizontal metrics of the embedded Noto Sans, read straight from the
//! TrueType tables.
//!
//! Why: plotters' ab_glyph text renderer (0.3.7) places each glyph's ink
//! box at the pen position, dropping the glyph's left side bearing. Whole
//! strings then come out narrower than their advance width and unevenly
//! spaced (very visible around `|`, `i`, `(`), and right/centre-aligned
//! text misses its anchor. With the advances and side bearings at hand the
//! bitmap backend draws text one glyph at a time at the right positions.
//! Text widths for layout come from here too.

use std::collections::HashMap;
use std::sync::OnceLock;

pub(crate) struct FontMetrics {
    units_per_em: f64,
    /// char → (advance, left side bearing), in font units.
    glyphs: HashMap<char, (u16, i16)>,
    /// Metrics of glyph 0 (.notdef), used for unmapped characters.
    notdef: (u16, i16),
}

impl FontMetrics {
    /// (advance, left side bearing) of `c` in ems.
    pub fn h_metrics(&self, c: char) -> (f64, f64) {
        let (a, l) = self.glyphs.get(&c).copied().unwrap_or(self.notdef);
        (a as f64 / self.units_per_em, l as f64 / self.units_per_em)
    }

    /// Advance width of `text` in ems.
    pub fn advance(&self, text: &str) -> f64 {
        text.chars().map(|c| self.h_metrics(c).0).sum()
    }
}

/// Metrics of the embedded font, or `None` if its tables cannot be read
/// (callers then fall back to plotters' own text handling).
pub(crate) fn noto() -> Option<&'static FontMetrics> {
    static M: OnceLock<Option<FontMetrics>> = OnceLock::new();
    M.get_or_init(|| parse(ttf_noto_sans::REGULAR)).as_ref()
}

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(o)?, *d.get(o + 1)?]))
}

fn i16_at(d: &[u8], o: usize) -> Option<i16> {
    u16_at(d, o).map(|v| v as i16)
}

fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(o)?,
        *d.get(o + 1)?,
        *d.get(o + 2)?,
        *d.get(o + 3)?,
    ]))
}

fn table<'a>(d: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = u16_at(d, 4)? as usize;
    for i in 0..n {
        let rec = 12 + 16 * i;
        if d.get(rec..rec + 4)? == tag {
            let off = u32_at(d, rec + 8)? as usize;
            let len = u32_at(d, rec + 12)? as usize;
            return d.get(off..off.checked_add(len)?);
        }
    }
    None
}

fn parse(d: &[u8]) -> Option<FontMetrics> {
    let head = table(d, b"head")?;
    let units_per_em = u16_at(head, 18)? as f64;
    if units_per_em <= 0.0 {
        return None;
    }
    let num_glyphs = u16_at(table(d, b"maxp")?, 4)? as usize;
    let n_hmetrics = u16_at(table(d, b"hhea")?, 34)? as usize;
    let hmtx = table(d, b"hmtx")?;
    if n_hmetrics == 0 {
        return None;
    }
    let metric = |g: usize| -> Option<(u16, i16)> {
        if g < n_hmetrics {
            Some((u16_at(hmtx, 4 * g)?, i16_at(hmtx, 4 * g + 2)?))
        } else {
            let adv = u16_at(hmtx, 4 * (n_hmetrics - 1))?;
            Some((adv, i16_at(hmtx, 4 * n_hmetrics + 2 * (g - n_hmetrics))?))
        }
    };

    // cmap: the Windows Unicode BMP subtable (format 4).
    let cmap = table(d, b"cmap")?;
    let n_sub = u16_at(cmap, 2)? as usize;
    let mut sub = None;
    for i in 0..n_sub {
        let rec = 4 + 8 * i;
        let (pid, eid) = (u16_at(cmap, rec)?, u16_at(cmap, rec + 2)?);
        let off = u32_at(cmap, rec + 4)? as usize;
        if (pid == 3 && eid == 1) || pid == 0 {
            let s = cmap.get(off..)?;
            if u16_at(s, 0)? == 4 {
                sub = Some(s);
                break;
            }
        }
    }
    let s = sub?;
    let seg_x2 = u16_at(s, 6)? as usize;
    let segs = seg_x2 / 2;
    let ends = 14;
    let starts = ends + seg_x2 + 2;
    let deltas = starts + seg_x2;
    let ranges = deltas + seg_x2;
    let mut glyphs = HashMap::new();
    for i in 0..segs {
        let end = u16_at(s, ends + 2 * i)? as u32;
        let start = u16_at(s, starts + 2 * i)? as u32;
        let delta = u16_at(s, deltas + 2 * i)? as u32;
        let ro_pos = ranges + 2 * i;
        let ro = u16_at(s, ro_pos)? as usize;
        if start > end || start == 0xFFFF {
            continue;
        }
        for c in start..=end {
            let g = if ro == 0 {
                (c + delta) & 0xFFFF
            } else {
                let addr = ro_pos + ro + 2 * (c - start) as usize;
                match u16_at(s, addr)? as u32 {
                    0 => 0,
                    g => (g + delta) & 0xFFFF,
                }
            } as usize;
            if g == 0 || g >= num_glyphs {
                continue;
            }
            if let Some(ch) = char::from_u32(c) {
                glyphs.insert(ch, metric(g)?);
            }
        }
    }
    Some(FontMetrics {
        units_per_em,
        glyphs,
        notdef: metric(0)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_noto_sans() {
        let m = noto().expect("metrics");
        let (a, _) = m.h_metrics('a');
        assert!(a > 0.4 && a < 0.7, "{a}");
        let (space, _) = m.h_metrics(' ');
        assert!(space > 0.2 && space < 0.35);
        assert!(m.advance("mmm") > m.advance("iii"));
        assert!(m.h_metrics('μ').0 > 0.0 && m.h_metrics('−').0 > 0.0);
        // garbage never panics
        assert!(parse(&[0u8; 10]).is_none());
        assert!(parse(&ttf_noto_sans::REGULAR[..2000]).is_none());
    }

    #[test]
    fn matches_plotters_advances() {
        super::super::init_fonts();
        let text = "Households below poverty line (%) | μ* 0.025";
        let ours = noto().unwrap().advance(text) * 100.0;
        let theirs = super::super::canvas::measure_plotters(text, 100.0);
        assert!((ours - theirs).abs() < 3.0, "{ours} vs {theirs}");
    }
}
