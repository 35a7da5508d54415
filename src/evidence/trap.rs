//! F4's experiment: an asset push to poor households on a baseline world,
//! followed for 48 months, at several landing levels.

use super::mean;
use crate::error::{Error, Result};
use crate::experiment;
use crate::model::params::Params;
use crate::model::{World, household::flag};
use crate::scenario::experiment::Experiment;
use rayon::prelude::*;

/// Landing levels of the asset push of F4, as multiples of the capital threshold.
pub const TRAP_LEVELS: [f64; 7] = [0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.6];

/// F4: push poor households' (consumption under the line, assets under a
/// quarter of the threshold) productive assets to each level of
/// [`TRAP_LEVELS`] on a baseline world and follow them for 48 months; returns,
/// per level, the share of the push still there (treated − untreated, over
/// the push).
pub fn poverty_trap(exp: &Experiment, reps: u32, threads: usize) -> Result<Vec<f64>> {
    let control = exp
        .control()
        .ok_or_else(|| Error::Other("evidence needs a control arm".into()))?;
    let s = exp.arms[control].scenario.clone();
    let pool = experiment::pool(threads)?;
    let results: Vec<Vec<f64>> = pool.install(|| {
        (0..reps)
            .into_par_iter()
            .map(|rep| {
                let p = Params::new(s.clone());
                let kstar = p.scenario.economy.capital_threshold;
                let mut w = World::new(p, rep as u64);
                w.burn_in();
                // the pushed: poor households (consumption per person under the
                // line) with assets under a quarter of the threshold, as in the
                // ultra-poor samples of the field
                let z = w.p.scenario.economy.poverty_line as f32;
                let mut picked: Vec<(usize, usize)> = Vec::new();
                for (vi, v) in w.villages.iter().enumerate() {
                    for i in 0..v.hh.len() {
                        let poor = v.hh.consumption[i] / (v.hh.size[i] as f32) < z;
                        if poor && v.hh.assets[i] < 0.25 * kstar && v.hh.flags[i] & flag::ELITE == 0
                        {
                            picked.push((vi, i));
                        }
                    }
                }
                let follow = |target: Option<f64>| -> (f64, f64) {
                    let mut x = w.clone();
                    let mut push = 0.0;
                    if let Some(t) = target {
                        for &(vi, i) in &picked {
                            let a = &mut x.villages[vi].hh.assets[i];
                            push += t * kstar - *a;
                            *a = t * kstar;
                        }
                    }
                    for _ in 0..48 {
                        x.step();
                    }
                    let held: f64 = picked
                        .iter()
                        .map(|&(vi, i)| x.villages[vi].hh.assets[i])
                        .sum();
                    (held, push)
                };
                let (base, _) = follow(None);
                TRAP_LEVELS
                    .iter()
                    .map(|&t| {
                        let (held, push) = follow(Some(t));
                        (held - base) / push.max(1.0)
                    })
                    .collect()
            })
            .collect()
    });
    Ok((0..TRAP_LEVELS.len())
        .map(|k| mean(&results.iter().map(|r| r[k]).collect::<Vec<_>>()))
        .collect())
}
