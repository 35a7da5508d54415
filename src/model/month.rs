//! One month, in the order of the ODD's schedule (docs/ODD.md §3): the only
//! file that calls every process. A month of the world is the program's
//! allocation (in its first month), every village's month in parallel, then
//! the district phase and the run-level totals. A village's month is the list
//! of phases in [`village_month`]; the passes over households are named by
//! letter in the ODD (A production, B mutual aid, C consumption with D,
//! measurement, fused in).

use super::metrics::{self, MonthTotals, Row, RunLevel};
use super::params::Params;
use super::village::Village;
use super::world::World;
use super::{
    allocation, credit, economy, facilitation, groups, infrastructure, institutions, markets,
    mutual_aid, partnership, program,
};
use rayon::prelude::*;

impl World {
    /// Simulates one month and returns its metrics.
    pub fn step(&mut self) -> Row {
        self.month += 1;
        let month = self.month;
        let p = &self.p;
        if month == p.program_first && p.program_last >= p.program_first {
            allocation::allocate(&mut self.villages, p);
        }
        let acc = self
            .villages
            .par_iter_mut()
            .fold(MonthTotals::default, |mut acc, v| {
                village_month(v, p, month, &mut acc);
                acc
            })
            .reduce(MonthTotals::default, MonthTotals::merge);
        // the district phase: firms, deliveries and contracts (C16c, C17e)
        let vpd = p.scenario.population.villages_per_district.max(1) as usize;
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
            0.0
        };
        let salaries = facilitators * p.facilitator_cost;
        self.program_cost += acc.program_money as f64 + salaries;
        let run = RunLevel {
            program_cost: self.program_cost,
            facilitators_active: facilitators,
            firm_profit,
        };
        metrics::finish(&acc, &run)
    }
}

/// One village's month (MODEL.md steps 1-7 and 9-10; step 8, partnerships,
/// is the district phase in [`World::step`]).
pub fn village_month(v: &mut Village, p: &Params, month: i32, acc: &mut MonthTotals) {
    if v.audit {
        v.ledger = Default::default();
        v.fund_ledger = Default::default();
    }
    markets::clear(v, p, month); // prices and wages from last month's quantities (F10)
    program::deliver(v, p, month, acc); // 1. money, governance, components
    infrastructure::update(v, p); // market access (C17b)
    institutions::train(v, p); // training and group capacity (C17d)
    facilitation::work(v, p, month); // 2. facilitators (C11, C18)
    groups::form_monthly(v, p, month, program::needs_admin_groups(p, v, month)); // 3. groups
    partnership::group_bonus(v, p); // price premia of groups
    groups::lend(v, p, month); // 4. credit: group funds
    credit::lend(v, p, month); //    the revolving fund
    credit::grant(v, p); //    asset grants
    economy::produce(v, p, month); // 5-6. pass A: shocks, work, production
    mutual_aid::share(v, p); // 6. pass B: gotong royong
    economy::consume(v, p, month, acc); // 7, 9, 10. pass C (+D): consumption, empowerment, metrics
    economy::succeed_drawn(v, p); // succession
    groups::update(v, p, month); // 3. cohesion, capacity, dissolution
    partnership::collect_offers(v, p); // 8. offers for the district phase
}
