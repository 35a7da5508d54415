//! Typed, immutable parameters of one arm, with the constants derived from the
//! scenario once (never in the household loop).

use crate::scenario::{Component, Scenario};

/// Parameters of one arm.
#[derive(Debug, Clone)]
pub struct Params {
    pub s: Scenario,
    /// Monthly wage of one labour unit of average skill and full health at
    /// full employment.
    pub wage_ref: f64,
    /// Enterprise productivity below / above the capital threshold, set so
    /// that the interior return on capital of a reference household equals
    /// `economy.return_low` / `return_high` (see ODD, production).
    pub tfp_low: f64,
    pub tfp_high: f64,
    /// Program: first and last month (run clock, 1-based, inclusive).
    pub program_first: i32,
    pub program_last: i32,
    pub has_capital: bool,
}

impl Params {
    pub fn new(s: Scenario) -> Self {
        let e = &s.economy;
        let wage_ref = e.wage_daily * e.work_days;
        // Interior optimum of w(L - l) + R sqrt(l K): the return on K is
        // R^2 / (4 w). The productivities are set so that this return equals
        // `return_low` / `return_high` for a typical household (skill 0.5,
        // mean health and information) in a typical village (mean market
        // access and labour demand).
        let inf = &s.infrastructure;
        let ma = inf.market_access;
        let market =
            (inf.price_floor + (1.0 - inf.price_floor) * ma) * (1.0 - inf.unsold_max * (1.0 - ma));
        let productivity = 0.5 + 0.5 * s.population.health_mean;
        let employment =
            (e.labour_demand + e.outside_work * s.population.information_mean).min(1.0);
        let w_typ = wage_ref * productivity * employment;
        let tfp = |r: f64| (4.0 * w_typ * r).sqrt() / (market * productivity);
        let p = &s.program;
        let active = !p.components.is_empty() && p.budget > 0.0;
        Params {
            wage_ref,
            tfp_low: tfp(e.return_low),
            tfp_high: tfp(e.return_high),
            program_first: p.start_month as i32,
            program_last: if active {
                (p.start_month + p.duration_months) as i32 - 1
            } else {
                -1
            },
            has_capital: active && p.components.contains(&Component::Capital),
            s,
        }
    }

    /// Is the program running in `month`?
    pub fn program_active(&self, month: i32) -> bool {
        month >= self.program_first && month <= self.program_last
    }
}
