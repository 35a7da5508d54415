//! The criteria of a fact, one [`Check`] each: what is measured, its value,
//! the rule it must meet and whether it does. A fact holds when every one of
//! its checks passes. Over robustness draws, [`summarise`] says which
//! criterion fails and by how much: for each check, the draws in which it
//! passed and the 10th, 50th and 90th percentiles of its value
//! (`robustness_checks.csv`; docs/ODD.md §9).

use super::Robustness;
use crate::stats::quantile_sorted;

/// The rule a measured value must meet.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub enum Rule {
    /// `value > x`
    Above(f64),
    /// `value >= x`
    AtLeast(f64),
    /// `value < x`
    Below(f64),
    /// `value <= x`
    AtMost(f64),
    /// `lo <= value <= hi`
    Within(f64, f64),
    /// `|value| < x`
    AbsBelow(f64),
}

impl Rule {
    /// Whether `v` meets the rule (never for NaN).
    pub fn passes(self, v: f64) -> bool {
        match self {
            Rule::Above(x) => v > x,
            Rule::AtLeast(x) => v >= x,
            Rule::Below(x) => v < x,
            Rule::AtMost(x) => v <= x,
            Rule::Within(lo, hi) => (lo..=hi).contains(&v),
            Rule::AbsBelow(x) => v.abs() < x,
        }
    }

    /// The rule as it reads after the value: `> 0`, `<= 4.3`, `in 1.3-2.5`,
    /// `within ±0.1` (no `|`: the text goes into Markdown tables).
    pub fn text(self) -> String {
        match self {
            Rule::Above(x) => format!("> {x}"),
            Rule::AtLeast(x) => format!(">= {x}"),
            Rule::Below(x) => format!("< {x}"),
            Rule::AtMost(x) => format!("<= {x}"),
            Rule::Within(lo, hi) => format!("in {lo} to {hi}"),
            Rule::AbsBelow(x) => format!("within ±{x}"),
        }
    }
}

/// One criterion of a fact.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Check {
    /// What is measured, in English and in Indonesian.
    pub what: &'static str,
    pub what_id: &'static str,
    pub value: f64,
    pub rule: Rule,
    pub passed: bool,
    /// The value's 95% Monte Carlo interval over replications, where the
    /// value compares two model arms (or two quantiles) and its noise decides
    /// the verdict: the verdict is still read on `value`, and
    /// [`Check::within_noise`] says when the interval reaches past the bound.
    pub ci: Option<(f64, f64)>,
    /// Set with the interval: [`Check::within_noise`], kept as a field so
    /// that the explorer reads the verdict instead of applying the rules again.
    pub within_noise: bool,
}

impl Check {
    pub fn new(what: &'static str, what_id: &'static str, value: f64, rule: Rule) -> Self {
        Check {
            what,
            what_id,
            value,
            rule,
            passed: rule.passes(value),
            ci: None,
            within_noise: false,
        }
    }

    /// The same check with the value's 95% Monte Carlo interval. It is
    /// within noise when it passes on its value while the interval reaches
    /// past the rule's bound: every rule is an interval of values, so the
    /// whole interval passes exactly when both its ends do.
    pub fn with_ci(mut self, low: f64, high: f64) -> Self {
        self.ci = Some((low, high));
        self.within_noise = self.passed && !(self.rule.passes(low) && self.rule.passes(high));
        self
    }

    /// Whether the check passes on its value while its interval reaches past
    /// the rule's bound: more replications could turn the verdict.
    pub fn within_noise(&self) -> bool {
        self.within_noise
    }
}

/// Whether every check passes: a fact's verdict.
pub fn all_pass(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.passed)
}

/// One check of one fact over the valid robustness draws.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckSummary {
    pub fact: &'static str,
    pub what: &'static str,
    pub rule: Rule,
    /// Draws in which the check passed, of `draws`.
    pub passed: usize,
    pub draws: usize,
    /// 10th, 50th and 90th percentiles of the value over the draws (NaN
    /// values left out; NaN when none is left).
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
}

/// For every fact and every one of its checks, in report order: how many
/// valid draws passed it and where its value fell.
pub fn summarise(r: &Robustness) -> Vec<CheckSummary> {
    let Some((_, first)) = r.facts.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (f, fact) in first.iter().enumerate() {
        for (c, check) in fact.checks.iter().enumerate() {
            let mut values = Vec::with_capacity(r.facts.len());
            let mut passed = 0;
            for (_, facts) in &r.facts {
                let x = &facts[f].checks[c];
                passed += usize::from(x.passed);
                if !x.value.is_nan() {
                    values.push(x.value);
                }
            }
            values.sort_by(f64::total_cmp);
            let q = |p: f64| quantile_sorted(&values, p);
            out.push(CheckSummary {
                fact: fact.id,
                what: check.what,
                rule: check.rule,
                passed,
                draws: r.facts.len(),
                p10: q(0.1),
                median: q(0.5),
                p90: q(0.9),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::FactResult;

    #[test]
    fn rules_pass_on_their_boundaries_as_written() {
        assert!(!Rule::Above(0.0).passes(0.0) && Rule::Above(0.0).passes(1e-12));
        assert!(Rule::AtLeast(0.5).passes(0.5) && !Rule::AtLeast(0.5).passes(0.4999));
        assert!(!Rule::Below(1.0).passes(1.0) && Rule::Below(1.0).passes(0.99));
        assert!(Rule::AtMost(4.3).passes(4.3) && !Rule::AtMost(4.3).passes(4.31));
        let w = Rule::Within(1.3, 2.5);
        assert!(w.passes(1.3) && w.passes(2.5) && !w.passes(1.29) && !w.passes(2.51));
        assert!(Rule::AbsBelow(0.1).passes(-0.09) && !Rule::AbsBelow(0.1).passes(-0.1));
        for r in [Rule::Above(0.0), Rule::Below(0.0), Rule::Within(0.0, 1.0)] {
            assert!(!r.passes(f64::NAN), "{r:?} passes NaN");
        }
        assert_eq!(Rule::Within(1.3, 2.5).text(), "in 1.3 to 2.5");
        assert_eq!(Rule::AtMost(4.3).text(), "<= 4.3");
        assert_eq!(Rule::AbsBelow(0.1).text(), "within ±0.1");
    }

    #[test]
    fn a_passing_check_is_within_noise_when_its_interval_reaches_past_the_bound() {
        let above = |v: f64| Check::new("x", "x", v, Rule::Above(0.0));
        // F10's low end at the defaults: +0.04 [-0.11, +0.19]
        assert!(above(0.04).with_ci(-0.11, 0.19).within_noise());
        assert!(!above(0.24).with_ci(0.13, 0.35).within_noise());
        // a failing check is failing, not within noise; no interval, no noise
        assert!(!above(-0.16).with_ci(-0.44, 0.12).within_noise());
        assert!(!above(0.04).within_noise());
        // two-sided rules: the interval must stay inside on both sides
        let within = |lo: f64, hi: f64| {
            Check::new("x", "x", 1.5, Rule::Within(1.3, 2.5))
                .with_ci(lo, hi)
                .within_noise()
        };
        assert!(!within(1.3, 2.5) && within(1.2, 1.8) && within(1.4, 2.6));
        let small = |lo: f64, hi: f64| {
            Check::new("x", "x", 0.0, Rule::AbsBelow(0.1))
                .with_ci(lo, hi)
                .within_noise()
        };
        assert!(!small(-0.09, 0.09) && small(-0.1, 0.05) && small(-0.05, 0.12));
        // an upper bound (F8's borrowers' consumption, % below 10): noisy
        // when the interval's top reaches the bound
        let below = |v: f64, lo: f64, hi: f64| {
            Check::new("x", "x", v, Rule::Below(10.0))
                .with_ci(lo, hi)
                .within_noise()
        };
        assert!(!below(1.5, 1.2, 1.8) && below(2.1, -5.9, 10.1) && below(9.0, 8.0, 10.0));
        assert!(!below(11.0, 9.0, 13.0), "failing, not within noise");
    }

    fn fact(values: &[f64]) -> FactResult {
        let checks: Vec<Check> = values
            .iter()
            .map(|&v| Check::new("x", "x", v, Rule::Above(0.0)))
            .collect();
        FactResult {
            id: "T1",
            title: "",
            source: "",
            field: "",
            model: String::new(),
            holds: all_pass(&checks),
            title_id: "",
            field_id: "",
            model_id: String::new(),
            checks,
        }
    }

    #[test]
    fn summaries_count_passes_and_take_percentiles_of_the_values() {
        // eleven draws of one fact with two checks: the first runs -5..5,
        // the second is NaN in one draw
        let facts: Vec<(usize, Vec<FactResult>)> = (0..11)
            .map(|k| {
                let second = if k == 3 { f64::NAN } else { 1.0 };
                (k + 1, vec![fact(&[k as f64 - 5.0, second])])
            })
            .collect();
        let r = Robustness {
            facts,
            valid: 11,
            ..Robustness::default()
        };
        let s = summarise(&r);
        assert_eq!(s.len(), 2);
        // values -5..5: passes at 1..5; linear-interpolation percentiles
        assert_eq!((s[0].passed, s[0].draws), (5, 11));
        assert!((s[0].median - 0.0).abs() < 1e-12);
        assert!((s[0].p10 - -4.0).abs() < 1e-12, "{}", s[0].p10);
        assert!((s[0].p90 - 4.0).abs() < 1e-12, "{}", s[0].p90);
        // the NaN draw fails and is left out of the percentiles
        assert_eq!(s[1].passed, 10);
        assert_eq!((s[1].p10, s[1].median, s[1].p90), (1.0, 1.0, 1.0));
        assert!(summarise(&Robustness::default()).is_empty());
    }
}
