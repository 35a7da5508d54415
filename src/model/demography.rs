//! Household succession: the next generation takes over (ODD submodel
//! "demography"). Without it the simulated economy has no force that moves
//! the rich down and gives the poor new chances, and the asset distribution
//! drifts apart for ever; with it the baseline is stationary (C14: who
//! controls the factors of production changes, slowly, across generations).
//!
//! The successor keeps `inheritance_share` of productive assets and cash (the
//! siblings who leave take the rest out of the village; assets and cash that
//! leave are not a flow of the household's cash account, they leave with
//! people), keeps debts, loans, group membership and elite status, gets a
//! new size, and its skill, information, participation, voice and confidence
//! are `persistence` x the parent's + (1 - persistence) x a fresh draw.

use super::household::{Households, rp};
use super::params::Params;
use crate::rng::{ModelRng, beta_mean, poisson};

/// Replaces household `i` by its successor. Draws from `r` (the shocks
/// stream: the decision and the draws are the same in every arm). Returns
/// the cash that left with the siblings.
pub fn succeed(hh: &mut Households, i: usize, p: &Params, r: &mut ModelRng) -> f64 {
    let pop = &p.scenario.population;
    let d = &p.scenario.demography;
    let keep = d.inheritance_share;
    let rho = d.persistence as f32;
    hh.size[i] = (1 + poisson(r, (pop.household_size_mean - 1.0).max(0.0))).min(12) as u8;
    hh.assets[i] = rp(hh.assets[i] * keep);
    let kept = rp(hh.cash[i] * keep);
    let left = hh.cash[i] - kept;
    hh.cash[i] = kept;
    let mix = |old: f32, fresh: f64| rho * old + (1.0 - rho) * fresh as f32;
    let fresh = beta_mean(r, pop.skill_mean, pop.skill_concentration);
    hh.skill[i] = mix(hh.skill[i], fresh);
    hh.skill_base[i] = mix(hh.skill_base[i], fresh);
    hh.info[i] = mix(hh.info[i], beta_mean(r, pop.information_mean, 6.0));
    hh.participation[i] = mix(
        hh.participation[i],
        beta_mean(r, pop.participation_mean, 6.0),
    );
    hh.voice[i] = mix(hh.voice[i], beta_mean(r, pop.voice_mean, 6.0));
    hh.confidence[i] = mix(hh.confidence[i], beta_mean(r, pop.confidence_mean, 8.0));
    hh.health[i] = beta_mean(r, pop.health_mean, 8.0) as f32;
    left
}
