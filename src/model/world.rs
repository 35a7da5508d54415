//! The world of one replication of one arm: its villages, its districts
//! and the run clock, built from parameters and a replication number in one
//! place ([`World::new`]). The month itself is [`super::month`].

use super::params::Params;
use super::village::Village;
use super::{partnership, population};
use rayon::prelude::*;

/// One replication of one arm.
#[derive(Debug, Clone)]
pub struct World {
    pub p: Params,
    pub villages: Vec<Village>,
    /// Last month simulated (run clock: burn-in months are <= 0, the horizon
    /// is 1..=months).
    pub month: i32,
    pub replication: u64,
    /// Program money spent so far (Rp).
    pub program_cost: f64,
    /// Districts: firms and partnership contracts.
    pub districts: Vec<partnership::District>,
}

impl World {
    /// Builds the population of replication `rep` (before burn-in).
    pub fn new(p: Params, rep: u64) -> World {
        let n = p.scenario.population.villages;
        let villages: Vec<Village> = (0..n)
            .into_par_iter()
            .map(|i| population::build_village(&p, rep, i))
            .collect();
        let month = -(p.scenario.population.burn_in_months as i32);
        let vpd = p.scenario.population.villages_per_district.max(1);
        let districts = (0..n.div_ceil(vpd))
            .map(|d| partnership::build_district(&p, rep, d))
            .collect();
        World {
            p,
            villages,
            month,
            replication: rep,
            program_cost: 0.0,
            districts,
        }
    }

    /// Runs the burn-in months (no program) so that month 1 starts near the
    /// economy's own steady state.
    pub fn burn_in(&mut self) {
        while self.month < 0 {
            self.step();
        }
    }

    /// A copy of this (burned-in) world for one arm, with the arm's
    /// parameters. Every stream continues from the shared burned-in state, so
    /// arms share every draw their programs do not change (common random
    /// numbers): an arm identical to another gives the same numbers, and an
    /// arm's name changes nothing.
    pub fn for_arm(&self, p: Params) -> World {
        self.clone().into_arm(p)
    }

    /// [`World::for_arm`] without the copy, for the last (or only) arm of a
    /// burned-in world: no second copy of the population in memory.
    pub fn into_arm(mut self, p: Params) -> World {
        self.p = p;
        self
    }

    /// Turns money accounting on or off in every village.
    pub fn set_audit(&mut self, on: bool) {
        for v in &mut self.villages {
            v.audit = on;
        }
    }

    /// Total households.
    pub fn households(&self) -> usize {
        self.villages.iter().map(|v| v.hh.len()).sum()
    }
}
