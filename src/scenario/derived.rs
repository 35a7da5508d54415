//! Quantities derived from a scenario that more than one layer needs: the
//! model (to run), the validator (to check) and the writers (to report).

use super::{Component, Infrastructure, Scenario};

/// Villages a program covers: the first `coverage` share, at least one when
/// coverage is positive (the same rule as `model::allocation::allocate`).
pub fn covered_villages(s: &Scenario) -> usize {
    let n = s.population.villages as usize;
    let c = s.program.coverage;
    ((c * n as f64).round() as usize).clamp(usize::from(c > 0.0), n)
}

/// The whole-program budget in Rp: `program.budget`, or
/// `budget_per_village_year × covered villages × duration / 12`, or
/// `budget_per_household × covered villages × households_per_village`.
pub fn program_budget(s: &Scenario) -> f64 {
    let p = &s.program;
    let villages = covered_villages(s) as f64;
    if p.budget_per_village_year > 0.0 {
        p.budget_per_village_year * villages * p.duration_months as f64 / 12.0
    } else if p.budget_per_household > 0.0 {
        p.budget_per_household * villages * s.population.households_per_village as f64
    } else {
        p.budget
    }
}

/// The netback factor of a village with market access `access` (0..1): the
/// price received relative to the district price times the share of output
/// sold, at most 1 (docs/ODD.md §7.1).
pub fn netback(inf: &Infrastructure, access: f64) -> f64 {
    (inf.price_floor + (1.0 - inf.price_floor) * access) * (1.0 - inf.unsold_max * (1.0 - access))
}

/// The budget share (`program.share_*`) of component `c`, before the
/// shares are normalised over the listed components.
pub fn share(p: &super::Program, c: Component) -> f64 {
    match c {
        Component::Capital => p.share_capital,
        Component::Infrastructure => p.share_infrastructure,
        Component::Institutions => p.share_institutions,
        Component::Partnership => p.share_partnership,
        Component::Facilitation => p.share_facilitation,
    }
}

/// Every component with its budget share, in the order of
/// [`Component::ALL`] (capital, infrastructure, institutions, partnership,
/// facilitation).
pub fn shares(p: &super::Program) -> [(Component, f64); 5] {
    std::array::from_fn(|k| (Component::ALL[k], share(p, Component::ALL[k])))
}

/// [`shares`] of the default program, each component by its name (the
/// examples' five-component program).
pub fn default_shares() -> [(&'static str, f64); 5] {
    shares(&super::Scenario::default().program).map(|(c, x)| (c.as_str(), x))
}

/// Monthly cost of one facilitator of the scenario's kind.
pub fn facilitator_cost(s: &Scenario) -> f64 {
    let f = &s.facilitation;
    match f.kind {
        super::FacilitatorType::Professional => f.cost_professional,
        super::FacilitatorType::Volunteer => f.cost_volunteer,
    }
}

/// Facilitators as full-time equivalents: 0 without a facilitation
/// component (or without a budget); else the explicit count, or per village
/// × covered villages, or what the facilitation share of the budget pays
/// over the program (a facilitator may share their time between villages,
/// so a small world's facilitation money buys part of one). The model
/// (`model::params`) and the limits (`scenario::limits`) share it.
pub fn facilitator_fte(s: &Scenario) -> f64 {
    let p = &s.program;
    let budget = program_budget(s);
    if p.components.is_empty() || budget <= 0.0 || !p.components.contains(&Component::Facilitation)
    {
        return 0.0;
    }
    if p.facilitators > 0 {
        return p.facilitators as f64;
    }
    if p.facilitators_per_village > 0.0 {
        return p.facilitators_per_village * covered_villages(s) as f64;
    }
    let listed_total: f64 = p.components.iter().map(|c| share(p, *c)).sum();
    let money = budget * p.share_facilitation / listed_total.max(1e-12);
    money / (facilitator_cost(s) * p.duration_months as f64).max(1.0)
}
