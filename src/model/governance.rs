//! Village governance and elite capture (C5, C7, C9; F7).
//!
//! Of the program money reaching a village in a month, the elite capture
//! `capture = capture_max × elite_power × (1 − transparency) × (1 −
//! accountability)` (as cash, split equally over the elite households, each
//! share rounded to whole rupiah), and the wish list takes `wish =
//! wish_list_max × (1 − deliberation)` of it (spent on nothing that changes a
//! household's state), never more than what capture leaves. Deliberation is
//! the village's own plus `enabler_deliberation` in enabler mode (C8). Both
//! count in `capture_share`. Transparency and accountability rise with the
//! institutions component ([`super::institutions::invest`]); deliberation and
//! accountability with the facilitators' advocacy ([`super::facilitation`]).

use super::household::{flag, rp};
use super::metrics::MonthTotals;
use super::params::Params;
use super::village::Village;

/// Shares of a village's program money that the elite captures and that the
/// wish list takes.
pub fn leakage(v: &Village, p: &Params) -> (f64, f64) {
    let g = &p.scenario.governance;
    let capture = (g.capture_max
        * v.elite_power as f64
        * (1.0 - v.transparency as f64)
        * (1.0 - v.accountability as f64))
        .clamp(0.0, 1.0);
    let delib = (v.deliberation as f64
        + if p.enabler {
            g.enabler_deliberation
        } else {
            0.0
        })
    .min(1.0);
    let wish = (g.wish_list_max * (1.0 - delib))
        .max(0.0)
        .min(1.0 - capture);
    (capture, wish)
}

/// Takes the elite's capture (paid to elite households as cash, in equal
/// whole-rupiah shares) and the wish list's share out of `money`, the
/// village's program money this month. Returns (captured, wasted), in Rp.
pub fn skim(v: &mut Village, p: &Params, money: f64, acc: &mut MonthTotals) -> (f64, f64) {
    let (capture, wish) = leakage(v, p);
    let elites: Vec<usize> = (0..v.hh.len())
        .filter(|&i| v.hh.flags[i] & flag::ELITE != 0)
        .collect();
    let captured = if elites.is_empty() {
        0.0
    } else {
        rp(money * capture / elites.len() as f64) * elites.len() as f64
    };
    let wasted = rp(money * wish);
    acc.captured += (captured + wasted) as i64;
    acc.elite_captured += captured as i64;
    if !elites.is_empty() {
        let each = captured / elites.len() as f64;
        for &i in &elites {
            v.hh.cash[i] += each;
        }
        if v.audit {
            v.ledger.capture_received += captured;
        }
    }
    (captured, wasted)
}
