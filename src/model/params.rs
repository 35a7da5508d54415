//! Typed, immutable parameters of one arm, with the constants derived from the
//! scenario once (never in the household loop): productivities, the program's
//! budget split over components, its facilitators and their months.

use crate::scenario::derived::{facilitator_fte, netback, program_budget};
use crate::scenario::{Approach, Component, Mode, Scenario};

/// Reference household and village at which `return_low` / `return_high`
/// hold (the defaults of the population and economy).
pub const REF_MARKET_ACCESS: f64 = 0.5;
pub const REF_HEALTH: f64 = 0.8;
pub const REF_INFORMATION: f64 = 0.35;
pub const REF_LABOUR_DEMAND: f64 = 0.8;
/// Capital at which the returns are set when the threshold is below it.
pub const REF_MIN_CAPITAL: f64 = 1.0e6;

/// Parameters of one arm.
#[derive(Debug, Clone)]
pub struct Params {
    pub scenario: Scenario,
    /// Monthly wage of one labour unit of average skill and full health at
    /// full employment.
    pub wage_ref: f64,
    /// Enterprise productivity below / above the capital threshold, set so
    /// that the marginal return on capital of a reference household at the
    /// threshold equals `economy.return_low` / `return_high` (see ODD,
    /// production).
    pub tfp_low: f64,
    pub tfp_high: f64,
    /// Program: first and last month (run clock, 1-based, inclusive); last < first
    /// when there is no program.
    pub program_first: i32,
    pub program_last: i32,
    /// Components present (C17).
    pub has: [bool; 5],
    /// Shares of the village money for capital, infrastructure, institutions,
    /// partnership (normalised over the listed ones; facilitation is paid
    /// separately).
    pub village_shares: [f64; 4],
    /// Money reaching all villages per program month, facilitators aside (Rp).
    pub village_money_per_month: f64,
    /// Facilitators (full-time equivalents) and their months (inclusive);
    /// cost per facilitator-month.
    pub facilitators: f64,
    pub facilitation_first: i32,
    pub facilitation_last: i32,
    pub facilitator_cost: f64,
    pub enabler: bool,
    pub group_approach: bool,
}

/// Index of a component in [`Params::has`].
pub fn component_index(c: Component) -> usize {
    match c {
        Component::Capital => 0,
        Component::Infrastructure => 1,
        Component::Institutions => 2,
        Component::Partnership => 3,
        Component::Facilitation => 4,
    }
}

impl Params {
    pub fn new(s: Scenario) -> Self {
        let (wage_ref, tfp_low, tfp_high) = productivities(&s);
        let p = &s.program;
        let budget = program_budget(&s);
        let active = !p.components.is_empty() && budget > 0.0;
        let mut has = [false; 5];
        if active {
            for c in &p.components {
                has[component_index(*c)] = true;
            }
        }
        let program_first = p.start_month as i32;
        let program_last = if active {
            (p.start_month + p.duration_months) as i32 - 1
        } else {
            program_first - 1
        };
        let f = &s.facilitation;
        let facilitator_cost = match f.kind {
            crate::scenario::FacilitatorType::Professional => f.cost_professional,
            crate::scenario::FacilitatorType::Volunteer => f.cost_volunteer,
        };
        // the one count the limits of `scenario::limits` bound
        let facilitators = facilitator_fte(&s);
        let planned_salaries = facilitators * facilitator_cost * p.duration_months as f64;
        let village_total = if active {
            (budget - planned_salaries).max(0.0)
        } else {
            0.0
        };
        let village_shares = village_shares(&s, &has);
        let village_money_per_month = if village_shares.iter().sum::<f64>() > 0.0 {
            village_total / p.duration_months as f64
        } else {
            0.0
        };
        let facilitation_last = if facilitators > 0.0 {
            let exit = if f.exit_month > 0 {
                f.exit_month as i32
            } else {
                program_last
            };
            exit.min(program_last)
        } else {
            program_first - 1
        };
        Params {
            wage_ref,
            tfp_low,
            tfp_high,
            program_first,
            program_last,
            has,
            village_shares,
            village_money_per_month,
            facilitators,
            facilitation_first: program_first,
            facilitation_last,
            facilitator_cost,
            enabler: p.mode == Mode::Enabler,
            group_approach: p.approach == Approach::Group,
            scenario: s,
        }
    }

    /// The whole-program budget (Rp), whichever way the scenario states it.
    pub fn budget(&self) -> f64 {
        program_budget(&self.scenario)
    }

    /// Is the program running in `month`?
    pub fn program_active(&self, month: i32) -> bool {
        month >= self.program_first && month <= self.program_last
    }

    /// Are the facilitators working in `month`?
    pub fn facilitation_active(&self, month: i32) -> bool {
        self.facilitators > 0.0
            && month >= self.facilitation_first
            && month <= self.facilitation_last
    }

    pub fn has(&self, c: Component) -> bool {
        self.has[component_index(c)]
    }
}

/// The reference wage of a labour unit and the enterprise productivities
/// below and above the threshold. The marginal return on capital of the
/// enterprise, `y / (3K)` with `y = R^{3/2} sqrt(K) / sqrt(3w)`
/// (production.rs), is set to `return_low` / `return_high` at the threshold
/// capital `K*` for a reference household (skill 0.5, health 0.8,
/// information 0.35) in a reference village (market access 0.5, labour
/// demand 0.8, market and wage indices 1): fixed references, so that a
/// scenario with better markets or healthier people is richer. Solving for
/// `R`: `R = (3 r sqrt(3 w K*))^{2/3}`.
fn productivities(s: &Scenario) -> (f64, f64, f64) {
    let e = &s.economy;
    let wage_ref = e.wage_daily * e.work_days;
    let market = netback(&s.infrastructure, REF_MARKET_ACCESS);
    let productivity = 0.5 + 0.5 * REF_HEALTH;
    let employment = (REF_LABOUR_DEMAND + e.outside_work * REF_INFORMATION).min(1.0);
    let w_typ = wage_ref * productivity * employment;
    let k_ref = e.capital_threshold.max(REF_MIN_CAPITAL);
    let tfp =
        |r: f64| (3.0 * r * (3.0 * w_typ * k_ref).sqrt()).powf(2.0 / 3.0) / (market * productivity);
    (wage_ref, tfp(e.return_low), tfp(e.return_high))
}

/// Budget shares of the components as listed in the scenario's order:
/// capital, infrastructure, institutions, partnership, facilitation.
fn raw_shares(s: &Scenario) -> [f64; 5] {
    crate::scenario::derived::shares(&s.program).map(|(_, x)| x)
}

/// Shares of the village money for capital, infrastructure, institutions and
/// partnership, normalised over the listed ones (facilitation is paid apart).
fn village_shares(s: &Scenario, has: &[bool; 5]) -> [f64; 4] {
    let raw = raw_shares(s);
    let v_total: f64 = (0..4).filter(|&k| has[k]).map(|k| raw[k]).sum();
    let mut shares = [0.0; 4];
    for k in 0..4 {
        if has[k] && v_total > 0.0 {
            shares[k] = raw[k] / v_total;
        }
    }
    shares
}
