//! Findings sentences, written from the numbers by fixed rules
//! (`docs/STATISTICS.md`, "The brief"), with the same rounded numbers as the
//! tables, so a sentence cannot contradict the table beside it:
//!
//! 1. no interval, or a non-finite estimate → "not estimated";
//! 2. the 95% Monte Carlo interval includes zero → "no detectable effect";
//! 3. otherwise, when the run has a model-uncertainty interval (over
//!    parameter draws) and it includes zero → "uncertain": the sign changes
//!    across plausible parameter values;
//! 4. otherwise the verb follows the sign: "reduces" / "raises".

use super::data::{Effect, ModelInterval};
use super::lang::Lang;
use super::numbers::{self as num, MINUS};

/// What an interval says about an effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The estimate or its interval is missing.
    NotEstimated,
    /// The 95% interval includes zero.
    NoDetectable,
    /// Detectable at these settings, but the model interval includes zero.
    Uncertain,
    /// Detectable, with this sign (−1 or +1).
    Detected(i8),
}

/// Applies rules 1–3 to an estimate and its intervals.
pub fn classify(diff: f64, ci_low: f64, ci_high: f64, model: Option<&ModelInterval>) -> Verdict {
    if !(diff.is_finite() && ci_low.is_finite() && ci_high.is_finite()) {
        return Verdict::NotEstimated;
    }
    if ci_low <= 0.0 && ci_high >= 0.0 {
        return Verdict::NoDetectable;
    }
    if let Some(m) = model
        && m.low <= 0.0
        && m.high >= 0.0
    {
        return Verdict::Uncertain;
    }
    Verdict::Detected(if diff < 0.0 { -1 } else { 1 })
}

/// The three headline outcomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Poverty,
    Consumption,
    Empowered,
}

pub const HEADLINE: [Outcome; 3] = [Outcome::Poverty, Outcome::Consumption, Outcome::Empowered];

impl Outcome {
    pub fn metric(self) -> &'static str {
        use super::columns as c;
        match self {
            Outcome::Poverty => c::POVERTY_RATE,
            Outcome::Consumption => c::CONSUMPTION_PC,
            Outcome::Empowered => c::EMPOWERED_SHARE,
        }
    }
    /// True when a fall is an improvement.
    pub fn lower_is_better(self) -> bool {
        matches!(self, Outcome::Poverty)
    }
    pub fn is_share(self) -> bool {
        !matches!(self, Outcome::Consumption)
    }
    /// Name for tables.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Outcome::Poverty, Lang::En) => "Poverty rate",
            (Outcome::Poverty, Lang::Id) => "Angka kemiskinan",
            (Outcome::Consumption, Lang::En) => "Consumption per person",
            (Outcome::Consumption, Lang::Id) => "Konsumsi per kapita",
            (Outcome::Empowered, Lang::En) => "Empowered households",
            (Outcome::Empowered, Lang::Id) => "Rumah tangga berdaya",
        }
    }
    /// Unit of the effect column.
    pub fn effect_unit(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Outcome::Consumption, Lang::En) => "Rp per person a month",
            (Outcome::Consumption, Lang::Id) => "Rp per orang sebulan",
            (_, Lang::En) => "level %, effect pp",
            (_, Lang::Id) => "tingkat %, dampak poin persen",
        }
    }
    fn noun(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Outcome::Poverty, Lang::En) => "the poverty rate",
            (Outcome::Poverty, Lang::Id) => "angka kemiskinan",
            (Outcome::Consumption, Lang::En) => "consumption per person",
            (Outcome::Consumption, Lang::Id) => "konsumsi per kapita",
            (Outcome::Empowered, Lang::En) => "the share of empowered households",
            (Outcome::Empowered, Lang::Id) => "porsi rumah tangga berdaya",
        }
    }
}

/// How an effect and its interval are rounded: shares in points with
/// [`num::share_decimals`] of the estimate; money to three significant
/// digits of the estimate, the bounds to the same unit.
#[derive(Clone, Copy, Debug)]
pub struct Rounding {
    pub outcome: Outcome,
    /// Decimals (shares) or the money unit (Rp).
    pub decimals: usize,
    pub unit: f64,
}

impl Rounding {
    pub fn for_effect(outcome: Outcome, diff: f64) -> Rounding {
        if outcome.is_share() {
            Rounding {
                outcome,
                decimals: num::share_decimals(100.0 * diff),
                unit: 1.0,
            }
        } else {
            Rounding {
                outcome,
                decimals: 0,
                unit: num::money_unit(diff),
            }
        }
    }
    /// A signed value in the effect's unit, without the unit for shares
    /// (`−3.7`) and with `Rp` for money (`+Rp 99,100`).
    pub fn signed(&self, x: f64, lang: Lang) -> String {
        if self.outcome.is_share() {
            num::fixed(100.0 * x, self.decimals, lang, true)
        } else {
            num::rupiah_plain(x, self.unit, lang, true)
        }
    }
    /// The size of a value, without sign.
    pub fn size(&self, x: f64, lang: Lang) -> String {
        if self.outcome.is_share() {
            num::fixed(100.0 * x.abs(), self.decimals, lang, false)
        } else {
            num::rupiah_plain(x.abs(), self.unit, lang, false)
        }
    }
    /// `−3.9 to −3.4` / `−3,9 s.d. −3,4`.
    pub fn interval(&self, lo: f64, hi: f64, lang: Lang) -> String {
        format!(
            "{} {} {}",
            self.signed(lo, lang),
            to_word(lang),
            self.signed(hi, lang)
        )
    }
}

pub fn to_word(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "to",
        Lang::Id => "s.d.",
    }
}

/// The phrase for one effect, verb first: "reduces the poverty rate by
/// 3.7 percentage points", "has no detectable effect on …".
pub fn phrase(outcome: Outcome, e: &Effect, lang: Lang) -> (Verdict, String) {
    let v = classify(e.diff, e.ci_low, e.ci_high, e.model.as_ref());
    let r = Rounding::for_effect(outcome, e.diff);
    let noun = outcome.noun(lang);
    let unit = match (outcome.is_share(), lang) {
        (true, Lang::En) => " percentage points",
        (true, Lang::Id) => " poin persen",
        (false, Lang::En) => " a month",
        (false, Lang::Id) => " sebulan",
    };
    let text = match v {
        Verdict::NotEstimated => match lang {
            Lang::En => format!("could not be compared on {noun} (too few replications)"),
            Lang::Id => format!("tidak dapat dibandingkan untuk {noun} (ulangan terlalu sedikit)"),
        },
        Verdict::NoDetectable => match lang {
            Lang::En => format!(
                "has no detectable effect on {noun} (95% interval {} includes zero)",
                r.interval(e.ci_low, e.ci_high, lang)
            ),
            Lang::Id => format!(
                "tidak menunjukkan dampak yang terdeteksi pada {noun} (selang 95% {} mencakup nol)",
                r.interval(e.ci_low, e.ci_high, lang)
            ),
        },
        Verdict::Uncertain => {
            let m = e.model.as_ref().expect("uncertain needs a model interval");
            let mr = Rounding::for_effect(outcome, m.median);
            match lang {
                Lang::En => format!(
                    "has an uncertain effect on {noun}: {}{unit} at these settings, but from {} across plausible parameter values, so its sign is not known",
                    r.signed(e.diff, lang),
                    mr.interval(m.low, m.high, lang)
                ),
                Lang::Id => format!(
                    "memberi dampak yang tidak pasti pada {noun}: {}{unit} pada pengaturan ini, tetapi {} pada rentang parameter yang masuk akal, sehingga arahnya tidak diketahui",
                    r.signed(e.diff, lang),
                    mr.interval(m.low, m.high, lang)
                ),
            }
        }
        Verdict::Detected(sign) => {
            let verb = match (sign < 0, lang) {
                (true, Lang::En) => "reduces",
                (false, Lang::En) => "raises",
                (true, Lang::Id) => "menurunkan",
                (false, Lang::Id) => "menaikkan",
            };
            let by = match lang {
                Lang::En => "by",
                Lang::Id => "sebesar",
            };
            let pct = if outcome.is_share() || !e.pct_change.is_finite() {
                String::new()
            } else {
                format!(" ({})", num::pct_change(e.pct_change, lang))
            };
            format!("{verb} {noun} {by} {}{unit}{pct}", r.size(e.diff, lang))
        }
    };
    (v, text)
}

/// Whether the effect is good news for its outcome (for marking cells).
pub fn is_improvement(outcome: Outcome, v: Verdict) -> Option<bool> {
    match v {
        Verdict::Detected(s) => Some((s < 0) == outcome.lower_is_better()),
        _ => None,
    }
}

/// Joins phrases: "a, b and c" / "a, b, dan c".
pub fn join(parts: &[String], lang: Lang) -> String {
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        _ => {
            let last = parts.last().cloned().unwrap_or_default();
            let head = parts[..parts.len() - 1].join(", ");
            match lang {
                Lang::En => format!("{head} and {last}"),
                Lang::Id => format!("{head}, dan {last}"),
            }
        }
    }
}

/// Words for the persistence ratio and its 95% bootstrap interval.
pub fn persistence_words(ratio: f64, lo: f64, hi: f64, lang: Lang) -> &'static str {
    let en = if !(ratio.is_finite() && lo.is_finite() && hi.is_finite()) {
        0
    } else if lo > 1.0 {
        1 // grows
    } else if hi >= 1.0 && lo <= 1.0 {
        2 // holds
    } else if lo > 0.0 {
        3 // fades partly
    } else if hi >= 0.0 {
        4 // may vanish
    } else {
        5 // reverses
    };
    match (en, lang) {
        (0, Lang::En) => "not estimated",
        (0, Lang::Id) => "tidak diperkirakan",
        (1, Lang::En) => "grows after the program",
        (1, Lang::Id) => "tumbuh setelah program",
        (2, Lang::En) => "holds (no detectable change)",
        (2, Lang::Id) => "bertahan (tanpa perubahan yang terdeteksi)",
        (3, Lang::En) => "fades, but part remains",
        (3, Lang::Id) => "memudar, tetapi sebagian tersisa",
        (4, Lang::En) => "fades, possibly to nothing",
        (4, Lang::Id) => "memudar, mungkin sampai habis",
        (_, Lang::En) => "reverses",
        (_, Lang::Id) => "berbalik arah",
    }
}

/// Replaces the typographic minus by ASCII, for parsing in tests.
pub fn ascii_minus(s: &str) -> String {
    s.replace(MINUS, "-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::data::When;

    fn effect(diff: f64, lo: f64, hi: f64, model: Option<ModelInterval>) -> Effect {
        Effect {
            arm: "a".into(),
            metric: "poverty_rate".into(),
            when: When::ProgramEnd,
            month: 36,
            n: 20,
            control_mean: 0.1,
            arm_mean: 0.1 + diff,
            diff,
            ci_low: lo,
            ci_high: hi,
            pct_change: 100.0 * diff / 0.1,
            model,
        }
    }

    #[test]
    fn an_interval_including_zero_is_no_detectable_effect_not_reduces() {
        // the estimate is a reduction, but the interval includes zero
        let e = effect(-0.004, -0.009, 0.001, None);
        for lang in [Lang::En, Lang::Id] {
            let (v, text) = phrase(Outcome::Poverty, &e, lang);
            assert_eq!(v, Verdict::NoDetectable);
            assert!(
                !text.contains("reduces") && !text.contains("menurunkan"),
                "{text}"
            );
        }
        assert!(
            phrase(Outcome::Poverty, &e, Lang::En)
                .1
                .contains("no detectable effect")
        );
        assert!(
            phrase(Outcome::Poverty, &e, Lang::Id)
                .1
                .contains("tidak menunjukkan dampak yang terdeteksi")
        );
        // a bound exactly at zero counts as including zero
        assert_eq!(classify(-0.004, -0.008, 0.0, None), Verdict::NoDetectable);
        // so does an exact zero with a zero-width interval (an arm identical
        // to control, under common random numbers)
        assert_eq!(classify(0.0, 0.0, 0.0, None), Verdict::NoDetectable);
        assert_eq!(classify(-0.0, -0.0, 0.0, None), Verdict::NoDetectable);
    }

    #[test]
    fn an_interval_excluding_zero_reduces_with_the_table_number() {
        let e = effect(-0.0366, -0.039, -0.0343, None);
        let (v, text) = phrase(Outcome::Poverty, &e, Lang::En);
        assert_eq!(v, Verdict::Detected(-1));
        assert_eq!(text, "reduces the poverty rate by 3.7 percentage points");
        let (_, id) = phrase(Outcome::Poverty, &e, Lang::Id);
        assert_eq!(id, "menurunkan angka kemiskinan sebesar 3,7 poin persen");
        let (_, up) = phrase(
            Outcome::Poverty,
            &effect(0.0018, 0.0015, 0.0021, None),
            Lang::En,
        );
        assert_eq!(up, "raises the poverty rate by 0.18 percentage points");
    }

    #[test]
    fn a_model_interval_through_zero_is_uncertain() {
        let m = ModelInterval {
            median: -0.02,
            low: -0.05,
            high: 0.01,
            p_better: None,
        };
        let e = effect(-0.0366, -0.039, -0.0343, Some(m));
        let (v, text) = phrase(Outcome::Poverty, &e, Lang::En);
        assert_eq!(v, Verdict::Uncertain);
        assert!(
            text.contains("uncertain") && !text.contains("reduces"),
            "{text}"
        );
        // MC interval through zero wins over the model interval
        let e = effect(-0.004, -0.009, 0.001, Some(m));
        assert_eq!(
            phrase(Outcome::Poverty, &e, Lang::En).0,
            Verdict::NoDetectable
        );
        // model interval away from zero: detected
        let m2 = ModelInterval {
            low: -0.05,
            high: -0.01,
            ..m
        };
        let e = effect(-0.0366, -0.039, -0.0343, Some(m2));
        assert_eq!(
            phrase(Outcome::Poverty, &e, Lang::En).0,
            Verdict::Detected(-1)
        );
    }

    #[test]
    fn missing_numbers_are_not_estimated() {
        assert_eq!(
            classify(0.1, f64::NAN, f64::NAN, None),
            Verdict::NotEstimated
        );
    }

    #[test]
    fn consumption_says_rupiah_and_percent() {
        let mut e = effect(99_129.6, 97_070.0, 101_188.0, None);
        e.pct_change = 8.33;
        let (_, t) = phrase(Outcome::Consumption, &e, Lang::En);
        assert_eq!(
            t,
            "raises consumption per person by Rp\u{a0}99,100 a month (+8.3%)"
        );
        let (_, t) = phrase(Outcome::Consumption, &e, Lang::Id);
        assert_eq!(
            t,
            "menaikkan konsumsi per kapita sebesar Rp\u{a0}99.100 sebulan (+8,3%)"
        );
    }

    #[test]
    fn persistence_words_follow_the_interval() {
        assert_eq!(
            persistence_words(1.5, 1.3, 1.6, Lang::En),
            "grows after the program"
        );
        assert_eq!(
            persistence_words(0.9, 0.7, 1.1, Lang::En),
            "holds (no detectable change)"
        );
        assert_eq!(
            persistence_words(0.5, 0.3, 0.7, Lang::En),
            "fades, but part remains"
        );
        assert_eq!(
            persistence_words(0.1, -0.2, 0.4, Lang::En),
            "fades, possibly to nothing"
        );
        assert_eq!(persistence_words(-0.2, -0.35, -0.06, Lang::En), "reverses");
    }
}
