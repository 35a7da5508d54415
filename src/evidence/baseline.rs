//! The baseline screen of the robustness draws: a parameter draw counts only
//! if, with no program, it describes rural Indonesia — poverty and
//! inequality in the range the official statistics have spanned — at the
//! start and still at the horizon. A draw with 20% poverty or a Gini of 0.22
//! is another country; whether a stylized fact holds there says little about
//! the model of this one.
//!
//! The bands ([`POVERTY_BAND`], [`GINI_BAND`]) are BPS figures with a margin
//! for the model's sampling noise at evidence size (2,000 households: a
//! standard error of about 0.7 points on a poverty rate of 12%); see
//! `docs/EVIDENCE.md` (calibration table) and `docs/ODD.md` §9.

use crate::error::{Error, Result};
use crate::model::metrics::col;
use crate::scenario::experiment::Experiment;

/// Rural poverty rates a draw's baseline may have: BPS rural poverty ran
/// from 14.2% (March 2015) to 11.0-12.2% (2023-25); two points of margin
/// either side.
pub const POVERTY_BAND: (f64, f64) = (0.09, 0.16);

/// Consumption Gini a draw's baseline may have: BPS rural Gini about 0.31
/// (0.306-0.308 in 2024, about 0.33 a decade earlier); 0.03 of margin.
pub const GINI_BAND: (f64, f64) = (0.28, 0.36);

/// A draw's baseline: the control arm's poverty rate and Gini in its first
/// month and at the horizon (replication 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baseline {
    pub poverty_start: f64,
    pub gini_start: f64,
    pub poverty_end: f64,
    pub gini_end: f64,
}

impl Baseline {
    /// Whether poverty and Gini are inside their bands at both moments.
    pub fn in_bands(&self) -> bool {
        let inside = |x: f64, (lo, hi): (f64, f64)| (lo..=hi).contains(&x);
        inside(self.poverty_start, POVERTY_BAND)
            && inside(self.poverty_end, POVERTY_BAND)
            && inside(self.gini_start, GINI_BAND)
            && inside(self.gini_end, GINI_BAND)
    }
}

/// Runs the experiment's control arm (replication 0, after the burn-in) to
/// its horizon and reads its baseline.
pub fn baseline(exp: &Experiment) -> Result<Baseline> {
    let control = exp
        .control()
        .ok_or_else(|| Error::Other("evidence needs a control arm".into()))?;
    let (first, last) =
        crate::experiment::first_and_last_month(exp.arms[control].scenario.clone(), exp.months());
    Ok(Baseline {
        poverty_start: first[col::POVERTY_RATE],
        gini_start: first[col::GINI],
        poverty_end: last[col::POVERTY_RATE],
        gini_end: last[col::GINI],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(p0: f64, g0: f64, p1: f64, g1: f64) -> Baseline {
        Baseline {
            poverty_start: p0,
            gini_start: g0,
            poverty_end: p1,
            gini_end: g1,
        }
    }

    #[test]
    fn a_baseline_counts_only_inside_both_bands_at_both_moments() {
        assert!(at(0.12, 0.31, 0.12, 0.31).in_bands());
        assert!(
            at(0.09, 0.28, 0.16, 0.36).in_bands(),
            "the bands are closed"
        );
        assert!(
            !at(0.20, 0.31, 0.12, 0.31).in_bands(),
            "poverty at the start"
        );
        assert!(
            !at(0.12, 0.31, 0.05, 0.31).in_bands(),
            "poverty drifts away"
        );
        assert!(!at(0.12, 0.22, 0.12, 0.31).in_bands(), "Gini at the start");
        assert!(!at(0.12, 0.31, 0.12, 0.40).in_bands(), "Gini at the end");
    }
}
