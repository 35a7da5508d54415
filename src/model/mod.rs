//! The model: a world of villages stepped month by month.
//!
//! A month ([`World::step`]) reads top to bottom: program allocation at the
//! program's first month, then every village's own month in parallel
//! ([`village::Village::step`]: delivery, credit, production and shocks,
//! mutual aid, consumption, empowerment and measurement), then the run-level
//! totals. Villages share nothing within a month, and every metric is reduced
//! with integer sums, so the result is the same on any number of threads.

pub mod credit;
pub mod demography;
pub mod economy;
pub mod empowerment;
pub mod facilitation;
pub mod group;
pub mod household;
pub mod infrastructure;
pub mod ledger;
pub mod metrics;
pub mod mutual_aid;
pub mod params;
pub mod partnership;
pub mod population;
pub mod program;
pub mod village;

use metrics::{Acc, Row, RunLevel};
use params::Params;
use rayon::prelude::*;
use village::Village;

use crate::rng::{Stream, stream};

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
        let n = p.s.population.villages;
        let villages: Vec<Village> = (0..n)
            .into_par_iter()
            .map(|i| population::build_village(&p, rep, i))
            .collect();
        let month = -(p.s.population.burn_in_months as i32);
        let vpd = p.s.population.villages_per_district.max(1);
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
            v.rng_behaviour = stream(p.s.seed, Stream::Behaviour, key, rep, v.index as u64);
            v.rng_program = stream(p.s.seed, Stream::Program, key, rep, v.index as u64);
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

    /// Simulates one month and returns its metrics.
    pub fn step(&mut self) -> Row {
        self.month += 1;
        let month = self.month;
        let p = &self.p;
        if month == p.program_first && p.program_last >= p.program_first {
            program::allocate(&mut self.villages, p);
        }
        let acc = self
            .villages
            .par_iter_mut()
            .fold(Acc::default, |mut acc, v| {
                v.step(p, month, &mut acc);
                acc
            })
            .reduce(Acc::default, Acc::merge);
        // the district phase: firms, deliveries and contracts (C16c, C17e)
        let vpd = p.s.population.villages_per_district.max(1) as usize;
        let profits: Vec<f64> = self
            .districts
            .par_iter_mut()
            .zip(self.villages.par_chunks_mut(vpd))
            .map(|(d, vs)| {
                partnership::step_district(d, vs, p);
                d.profit
            })
            .collect();
        let firm_profit: f64 = profits.iter().sum();
        let facilitators = if p.facilitation_active(month) {
            p.facilitators
        } else {
            0
        };
        let salaries = facilitators as f64 * p.facilitator_cost;
        self.program_cost += acc.program_money as f64 + salaries;
        let run = RunLevel {
            program_cost: self.program_cost,
            facilitators_active: facilitators as f64,
            firm_profit,
        };
        metrics::finish(&acc, &run)
    }
}
