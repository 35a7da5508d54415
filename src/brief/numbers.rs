//! Numbers as each language writes them: `3.7` / `3,7`, `12,400` / `12.400`,
//! `Rp 12 billion` / `Rp 12 miliar`, and the rounding rules of the brief
//! (`docs/STATISTICS.md`, "The brief"):
//! - shares (poverty rate, empowered share): percent or percentage points,
//!   one decimal; two when the point estimate is below one point in size;
//! - consumption and other money per person or household: Rp, three
//!   significant digits of the point estimate, its interval to the same unit;
//! - totals of money: Rp with a scale word (thousand, million, billion,
//!   trillion), three significant digits.

use super::lang::Lang;

/// The minus sign used in the brief (U+2212), as typeset text uses.
pub const MINUS: char = '\u{2212}';

fn seps(lang: Lang) -> (char, char) {
    match lang {
        Lang::En => ('.', ','),
        Lang::Id => (',', '.'),
    }
}

/// `x` with `decimals` decimals, the language's separators, a typographic
/// minus, and `+` when `plus` and the value is positive.
pub fn fixed(x: f64, decimals: usize, lang: Lang, plus: bool) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let (dec, thou) = seps(lang);
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(thou);
        }
        grouped.push(ch);
    }
    if let Some(f) = frac {
        grouped.push(dec);
        grouped.push_str(&f);
    }
    // zero is written without a sign; a small value that rounds to zero
    // keeps its sign (an interval bound of −0.00 is below zero)
    if x == 0.0 {
        grouped
    } else if x < 0.0 {
        format!("{MINUS}{grouped}")
    } else if plus {
        format!("+{grouped}")
    } else {
        grouped
    }
}

/// Decimals for a share shown in percent or points: one, or two when the
/// value is under one point in size.
pub fn share_decimals(points: f64) -> usize {
    if points.abs() < 0.95 { 2 } else { 1 }
}

/// A share (0..1) in percent: `10.5%` / `10,5%`.
pub fn percent(share: f64, lang: Lang) -> String {
    let p = 100.0 * share;
    format!("{}%", fixed(p, share_decimals(p), lang, false))
}

/// A percent change, one decimal (two under one percent): `+8.3%`.
pub fn pct_change(pct: f64, lang: Lang) -> String {
    format!("{}%", fixed(pct, share_decimals(pct), lang, true))
}

/// The unit to which a money amount is rounded: three significant digits,
/// never finer than 1.
pub fn money_unit(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return 1.0;
    }
    let e = x.abs().log10().floor() as i32 - 2;
    10f64.powi(e.max(0))
}

/// Rounds to a unit.
pub fn round_to(x: f64, unit: f64) -> f64 {
    (x / unit).round() * unit
}

/// Rp per person or household with thousands separators, rounded to `unit`:
/// `Rp 99,100` / `Rp 99.100`.
pub fn rupiah_plain(x: f64, unit: f64, lang: Lang, plus: bool) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let v = fixed(round_to(x, unit), 0, lang, plus);
    // sign before the currency: +Rp 99,100 / −Rp 1,700
    match v.chars().next() {
        Some(ch) if ch == '+' || ch == MINUS => format!("{ch}Rp\u{a0}{}", &v[ch.len_utf8()..]),
        _ => format!("Rp\u{a0}{v}"),
    }
}

/// A number with a scale word, three significant digits:
/// `12 billion` / `12 miliar`, `1.55 million` / `1,55 juta`.
pub fn scaled(x: f64, lang: Lang, plus: bool) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let words: [(f64, &str, &str); 4] = [
        (1e12, "trillion", "triliun"),
        (1e9, "billion", "miliar"),
        (1e6, "million", "juta"),
        (1e3, "thousand", "ribu"),
    ];
    let a = round_sig(x.abs(), 3);
    for (scale, en, id) in words {
        if a >= scale {
            let v = round_sig(x / scale, 3);
            let decimals = decimals_for_sig(v, 3);
            let word = match lang {
                Lang::En => en,
                Lang::Id => id,
            };
            return format!("{}\u{a0}{word}", fixed(v, decimals, lang, plus));
        }
    }
    let v = round_sig(x, 3);
    fixed(v, decimals_for_sig(v, 3), lang, plus)
}

/// Money total with a scale word: `Rp 12 billion` / `Rp 12 miliar`.
pub fn rupiah_scaled(x: f64, lang: Lang, plus: bool) -> String {
    let v = scaled(x, lang, plus);
    match v.chars().next() {
        Some(ch) if ch == '+' || ch == MINUS => format!("{ch}Rp\u{a0}{}", &v[ch.len_utf8()..]),
        Some('—') => v,
        _ => format!("Rp\u{a0}{v}"),
    }
}

/// Rounds to `sig` significant digits.
pub fn round_sig(x: f64, sig: i32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let e = x.abs().log10().floor() as i32;
    let unit = 10f64.powi(e - sig + 1);
    (x / unit).round() * unit
}

/// Decimals needed to show `sig` significant digits of `v` (trailing zeros
/// dropped: `12` not `12.0`).
fn decimals_for_sig(v: f64, sig: i32) -> usize {
    if v == 0.0 {
        return 0;
    }
    let e = v.abs().log10().floor() as i32;
    let mut d = (sig - 1 - e).max(0) as usize;
    while d > 0 {
        let s = format!("{:.*}", d, v.abs());
        if s.ends_with('0') {
            d -= 1;
        } else {
            break;
        }
    }
    d
}

/// A plain number with a fixed number of decimals and no sign: `0.63`.
pub fn plain(x: f64, decimals: usize, lang: Lang) -> String {
    fixed(x, decimals, lang, false)
}

/// A whole count with thousands separators: `4,000` / `4.000`.
pub fn count(x: f64, lang: Lang) -> String {
    fixed(x.round(), 0, lang, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_follow_the_language() {
        assert_eq!(fixed(3.7, 1, Lang::En, false), "3.7");
        assert_eq!(fixed(3.7, 1, Lang::Id, false), "3,7");
        assert_eq!(fixed(1234567.0, 0, Lang::En, false), "1,234,567");
        assert_eq!(fixed(1234567.0, 0, Lang::Id, false), "1.234.567");
        assert_eq!(fixed(-3.66, 1, Lang::En, true), "\u{2212}3.7");
        assert_eq!(fixed(0.04, 1, Lang::En, true), "+0.0");
        assert_eq!(fixed(-0.003, 2, Lang::En, true), "\u{2212}0.00");
        assert_eq!(fixed(0.0, 2, Lang::En, true), "0.00");
        assert_eq!(fixed(2.0, 1, Lang::En, true), "+2.0");
    }

    #[test]
    fn money_has_scale_words() {
        assert_eq!(
            rupiah_scaled(12.0e9, Lang::En, false),
            "Rp\u{a0}12\u{a0}billion"
        );
        assert_eq!(
            rupiah_scaled(12.0e9, Lang::Id, false),
            "Rp\u{a0}12\u{a0}miliar"
        );
        assert_eq!(
            rupiah_scaled(1.5487e9, Lang::Id, false),
            "Rp\u{a0}1,55\u{a0}miliar"
        );
        assert_eq!(
            rupiah_scaled(53_239_672.0, Lang::En, false),
            "Rp\u{a0}53.2\u{a0}million"
        );
        assert_eq!(
            rupiah_scaled(-7.6e9, Lang::En, true),
            "\u{2212}Rp\u{a0}7.6\u{a0}billion"
        );
        assert_eq!(
            rupiah_scaled(999_600.0, Lang::En, false),
            "Rp\u{a0}1\u{a0}million"
        );
    }

    #[test]
    fn per_person_money_keeps_three_digits() {
        let x = 99_129.61;
        let u = money_unit(x);
        assert_eq!(u, 100.0);
        assert_eq!(rupiah_plain(x, u, Lang::En, true), "+Rp\u{a0}99,100");
        assert_eq!(rupiah_plain(x, u, Lang::Id, true), "+Rp\u{a0}99.100");
        assert_eq!(
            rupiah_plain(-1677.3, money_unit(-1677.3), Lang::En, true),
            "\u{2212}Rp\u{a0}1,680"
        );
        assert_eq!(money_unit(42.0), 1.0);
    }

    #[test]
    fn shares_in_percent() {
        assert_eq!(percent(0.105075, Lang::En), "10.5%");
        assert_eq!(percent(0.105075, Lang::Id), "10,5%");
        assert_eq!(percent(0.0018125, Lang::En), "0.18%");
        assert_eq!(pct_change(8.332, Lang::En), "+8.3%");
    }
}
