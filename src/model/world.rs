//! The world of one replication of one arm: its villages, its districts
//! and the run clock, built from parameters and a replication number in one
//! place ([`World::new`]). The month itself is [`super::month`].

use super::params::Params;
use super::village::Village;
use super::{partnership, population};
use crate::rng::{Stream, stream};
use rayon::prelude::*;

/// A stable key for an arm's own random streams: a hash of its name, so an
/// arm gets the same draws whatever its position in the experiment.
pub fn arm_key(name: &str) -> u64 {
    // FNV-1a
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h & !(1 << 63) // never equal to SHARED_ARM
}

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

    /// A copy of this (burned-in) world for one arm: the arm's parameters and
    /// its own behaviour and program streams; population, shocks and markets
    /// stay shared (common random numbers).
    pub fn for_arm(&self, p: Params, arm_name: &str) -> World {
        self.clone().into_arm(p, arm_name)
    }

    /// [`World::for_arm`] without the copy, for the last (or only) arm of a
    /// burned-in world: no second copy of the population in memory.
    pub fn into_arm(self, p: Params, arm_name: &str) -> World {
        let key = arm_key(arm_name);
        let rep = self.replication;
        let mut w = self;
        for v in &mut w.villages {
            v.rng_behaviour = stream(p.scenario.seed, Stream::Behaviour, key, rep, v.index as u64);
            v.rng_program = stream(p.scenario.seed, Stream::Program, key, rep, v.index as u64);
        }
        w.p = p;
        w
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
