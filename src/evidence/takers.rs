//! F8's household-level measurement: the effect of the revolving fund on the
//! households that take it up, each compared with itself in the control arm.
//!
//! The field's F8 numbers are about borrowers: Morocco's sample was the
//! households with a high propensity to borrow, and the study asks what the
//! loans do for those who take them up (Crépon, Devoto, Duflo & Parienté 2015);
//! Andhra Pradesh measured the participants (Morduch, Ravi & Bauchet 2013).
//! A village mean mixes them with their neighbours, who take up the wage work
//! the borrowers leave; [`takers`] measures the borrowers alone. Under common
//! random numbers a household is the same in both arms until the program
//! touches it, so the paired difference is its own effect.

use super::mean;
use crate::error::{Error, Result};
use crate::experiment;
use crate::model::params::Params;
use crate::model::{World, household::flag};
use crate::scenario::experiment::Experiment;
use rayon::prelude::*;

/// Per replication, the mean over the takers of the paired difference (arm −
/// control) in a household's monthly enterprise income, wage income and
/// total income at the month measured, and the number of takers; and the
/// takers' consumption effect in percent of their own consumption in control
/// at the consumption month (the takers of that month; NaN if the run stops
/// before it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Takers {
    pub count: Vec<f64>,
    pub enterprise: Vec<f64>,
    pub wage: Vec<f64>,
    pub income: Vec<f64>,
    pub consumption: Vec<f64>,
}

/// Whether household `i` borrowed in the arm's world and not in control's.
fn took(a: &World, c: &World, v: usize, i: usize) -> bool {
    a.villages[v].hh.flags[i] & flag::BORROWED != 0
        && c.villages[v].hh.flags[i] & flag::BORROWED == 0
}

/// The takers' consumption effect, % of their own consumption in control.
fn consumption_effect(a: &World, c: &World) -> f64 {
    let (mut ca, mut cc) = (0.0, 0.0);
    for (v, (va, vc)) in a.villages.iter().zip(&c.villages).enumerate() {
        for i in 0..va.hh.len() {
            if took(a, c, v, i) {
                ca += va.hh.consumption[i] as f64;
                cc += vc.hh.consumption[i] as f64;
            }
        }
    }
    if cc > 0.0 {
        100.0 * (ca / cc - 1.0)
    } else {
        f64::NAN
    }
}

/// The takers' mean paired differences at the current month: [count,
/// enterprise income, wage income, total income].
fn incomes(a: &World, c: &World) -> [f64; 4] {
    let mut s = [0.0f64; 4];
    for (v, (va, vc)) in a.villages.iter().zip(&c.villages).enumerate() {
        for i in 0..va.hh.len() {
            if !took(a, c, v, i) {
                continue;
            }
            // enterprise income is the enterprise's output, wage income the
            // rest of income (as in the metrics)
            let (ea, ec) = (va.scratch.output[i] as f64, vc.scratch.output[i] as f64);
            let (ia, ic) = (va.hh.income[i] as f64, vc.hh.income[i] as f64);
            s[0] += 1.0;
            s[1] += ea - ec;
            s[2] += (ia - ea) - (ic - ec);
            s[3] += ia - ic;
        }
    }
    let n = s[0].max(1.0);
    [s[0], s[1] / n, s[2] / n, s[3] / n]
}

/// Runs the control arm and `arm` of `exp` on the same burned-in world for
/// each of `reps` replications up to `month`, and measures the takers: the
/// households that borrowed in `arm` but not in the control arm (those who
/// borrow because the program is there): their incomes at `month`, their
/// consumption at `consumption_month`.
pub fn takers(
    exp: &Experiment,
    arm: &str,
    month: u32,
    consumption_month: u32,
    reps: u32,
    threads: usize,
) -> Result<Takers> {
    let control = exp
        .control()
        .ok_or_else(|| Error::Other("evidence needs a control arm".into()))?;
    let treated = exp
        .arms
        .iter()
        .position(|a| a.name == arm)
        .ok_or_else(|| Error::Other(format!("evidence arm {arm} missing")))?;
    let scenario = |a: usize| exp.arms[a].scenario.clone();
    let pool = experiment::pool(threads)?;
    let per_rep: Vec<[f64; 5]> = pool.install(|| {
        (0..reps)
            .into_par_iter()
            .map(|rep| {
                let mut w = World::new(Params::new(scenario(control)), rep as u64);
                w.burn_in();
                let mut c = w.for_arm(Params::new(scenario(control)));
                let mut a = w.into_arm(Params::new(scenario(treated)));
                let mut cons = f64::NAN;
                for m in 1..=month {
                    c.step();
                    a.step();
                    if m == consumption_month {
                        cons = consumption_effect(&a, &c);
                    }
                }
                let [n, e, wg, inc] = incomes(&a, &c);
                [n, e, wg, inc, cons]
            })
            .collect()
    });
    let col = |k: usize| per_rep.iter().map(|r| r[k]).collect::<Vec<_>>();
    Ok(Takers {
        count: col(0),
        enterprise: col(1),
        wage: col(2),
        income: col(3),
        consumption: col(4),
    })
}

impl Takers {
    /// Mean number of takers per replication.
    pub fn mean_count(&self) -> f64 {
        mean(&self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{Options, experiment};

    #[test]
    fn the_control_arm_has_no_takers_and_a_paired_arm_its_own() {
        let opts = Options {
            replications: 2,
            villages: 2,
            households_per_village: 60,
            threads: 1,
            seed: Some(11),
        };
        let exp = experiment(&opts, &[]).unwrap();
        // control against itself: nobody borrows in one and not the other
        let none = takers(&exp, "control", 12, 6, 2, 1).unwrap();
        assert_eq!(none.count, vec![0.0, 0.0]);
        assert_eq!(none.enterprise, vec![0.0, 0.0]);
        assert!(none.consumption.iter().all(|x| x.is_nan()), "{none:?}");
        // the revolving fund has takers, and the result is reproducible
        let t = takers(&exp, "capital_individual", 12, 6, 2, 1).unwrap();
        assert!(t.mean_count() > 0.0, "{t:?}");
        assert!(t.consumption.iter().all(|x| x.is_finite()), "{t:?}");
        assert_eq!(t, takers(&exp, "capital_individual", 12, 6, 2, 2).unwrap());
    }
}
