//! Cross-field rules: what single-key limits cannot say.

use super::{Component, FacilitatorType, Mode, Scenario};

/// Violated rules as `(key to blame, message)`.
type Rules = Vec<(&'static str, String)>;

/// Every violated rule as `(key to blame, message)`.
pub fn validate(s: &Scenario) -> Vec<(&'static str, String)> {
    let mut v: Rules = Vec::new();
    program_rules(s, &mut v);
    budget_rules(s, &mut v);
    facilitation_rules(s, &mut v);
    market_rules(s, &mut v);
    population_rules(s, &mut v);
    other_rules(s, &mut v);
    // quantities derived from several keys that the model loops over
    v.extend(super::limits::derived_issues(s));
    v
}

/// The program: a budget with components, a start within the run, a mode that fits.
fn program_rules(s: &Scenario, v: &mut Rules) {
    let p = &s.program;
    let budget = super::derived::program_budget(s);
    let stated = [
        ("program.budget", p.budget),
        ("program.budget_per_village_year", p.budget_per_village_year),
        ("program.budget_per_household", p.budget_per_household),
    ];
    let set: Vec<&str> = stated
        .iter()
        .filter(|(_, x)| *x > 0.0)
        .map(|(k, _)| *k)
        .collect();
    if set.len() > 1 {
        v.push((
            "program.budget",
            format!(
                "the budget is stated twice ({}); keep one of program.budget (a total), program.budget_per_village_year or program.budget_per_household, and set the others to 0",
                set.join(" and ")
            ),
        ));
    }
    if budget > 0.0 && p.components.is_empty() {
        v.push(("program.budget", "a budget is set but program.components is empty; list what the budget buys, e.g. components = [\"capital\"], or set budget = 0 for no program".into()));
    }
    if !p.components.is_empty() && budget <= 0.0 {
        v.push((
            "program.components",
            "components are listed but program.budget is 0; give the program a budget in Rp".into(),
        ));
    }
    if !p.components.is_empty() && p.start_month > s.months {
        v.push((
            "program.start_month",
            format!(
                "the program starts in month {} but the run ends at month {}",
                p.start_month, s.months
            ),
        ));
    }
    if p.mode == Mode::Provider && p.components.contains(&Component::Facilitation) {
        v.push(("program.mode", "a provider program delivers top-down aid and has no facilitators (C4, C8); drop \"facilitation\" from program.components or use mode = \"enabler\"".into()));
    }
    if p.facilitators > 0 && !p.components.contains(&Component::Facilitation) {
        v.push((
            "program.facilitators",
            "facilitators are set but \"facilitation\" is not among program.components".into(),
        ));
    }
}

/// The budget shares of the components, and facilitators the budget can pay.
fn budget_rules(s: &Scenario, v: &mut Rules) {
    let budget = super::derived::program_budget(s);
    let p = &s.program;
    if !p.components.is_empty() {
        let share = |c: Component| super::derived::share(p, c);
        if let Some(c) = p.components.iter().find(|c| share(**c) <= 0.0) {
            v.push((
                "program.components",
                format!("component \"{c}\" is listed but its budget share program.share_{c} is 0"),
            ));
        }
        if p.components.contains(&Component::Facilitation) && budget > 0.0 {
            let f = &s.facilitation;
            let cost = if f.kind == FacilitatorType::Volunteer {
                f.cost_volunteer
            } else {
                f.cost_professional
            };
            let months = p.duration_months as f64;
            let (key, count) = if p.facilitators > 0 {
                ("program.facilitators", p.facilitators as f64)
            } else {
                (
                    "program.facilitators_per_village",
                    p.facilitators_per_village * super::derived::covered_villages(s) as f64,
                )
            };
            let need = count * cost * months;
            if count > 0.0 && need > budget {
                v.push((key, format!("{count} facilitators cost Rp {need:.0} over {} months, more than the budget of Rp {budget:.0}", p.duration_months)));
            }
            if p.facilitators > 0 && p.facilitators_per_village > 0.0 {
                v.push(("program.facilitators_per_village", "both program.facilitators and program.facilitators_per_village are set; keep one".into()));
            }
        }
    }
}

/// Facilitators' time shares and exit.
fn facilitation_rules(s: &Scenario, v: &mut Rules) {
    let p = &s.program;
    let f = &s.facilitation;
    let split = f.time_motivation
        + f.time_awareness
        + f.time_self_management
        + f.time_mobilisation
        + f.time_networks;
    if (split - 1.0).abs() > 1e-6 {
        v.push(("facilitation.time_motivation", format!("the five facilitation time shares (time_motivation, time_awareness, time_self_management, time_mobilisation, time_networks) must sum to 1; they sum to {split}")));
    }
    if f.exit_month > 0 && f.exit_month < p.start_month {
        v.push((
            "facilitation.exit_month",
            format!(
                "facilitators would leave in month {} before the program starts in month {}",
                f.exit_month, p.start_month
            ),
        ));
    }
}

/// Groups, firms and infrastructure.
fn market_rules(s: &Scenario, v: &mut Rules) {
    let g = &s.groups;
    if g.size_min > g.size_max {
        v.push((
            "groups.size_min",
            format!(
                "size_min ({}) is larger than size_max ({})",
                g.size_min, g.size_max
            ),
        ));
    }
    let ps = &s.partnership;
    for (key, min, demand) in [
        (
            "partnership.min_volume_small",
            ps.min_volume_small,
            ps.demand_small,
        ),
        (
            "partnership.min_volume_medium",
            ps.min_volume_medium,
            ps.demand_medium,
        ),
        (
            "partnership.min_volume_large",
            ps.min_volume_large,
            ps.demand_large,
        ),
    ] {
        if min > demand {
            v.push((key, format!("a firm's minimum contract volume (Rp {min:.0}) is above its whole demand (Rp {demand:.0})")));
        }
    }
    if s.infrastructure.max_access < s.infrastructure.market_access {
        v.push((
            "infrastructure.max_access",
            "max_access is below the mean initial market access".into(),
        ));
    }
}

/// Village sizes and the neighbour network.
fn population_rules(s: &Scenario, v: &mut Rules) {
    let pop = &s.population;
    let largest = pop.households_per_village as f64 * (1.0 + 4.0 * pop.village_size_cv);
    if largest > 65_535.0 {
        v.push(("population.households_per_village", format!("villages could reach {largest:.0} households; a village holds at most 65,535 (lower households_per_village or village_size_cv)")));
    }
    if pop.network_degree % 2 == 1 {
        v.push(("population.network_degree", format!("expected an even number (a ring lattice links k/2 neighbours on each side), found {}", pop.network_degree)));
    }
    if pop.network_degree >= pop.households_per_village {
        v.push((
            "population.network_degree",
            format!(
                "a household cannot have {} neighbours in a village of {} households",
                pop.network_degree, pop.households_per_village
            ),
        ));
    }
}

/// Empowerment weights, returns, market access spread.
fn other_rules(s: &Scenario, v: &mut Rules) {
    let e = &s.empowerment;
    if e.weight_economic + e.weight_social + e.weight_political + e.weight_psychological <= 0.0 {
        v.push((
            "empowerment.weight_economic",
            "the four empowerment weights sum to 0; at least one must be positive".into(),
        ));
    }
    let eco = &s.economy;
    if eco.return_high < eco.return_low {
        v.push(("economy.return_high", format!("the return above the capital threshold ({}) is below the return under it ({}); the productive technology must pay more", eco.return_high, eco.return_low)));
    }
    if s.infrastructure.market_access_spread
        > s.infrastructure
            .market_access
            .min(1.0 - s.infrastructure.market_access)
            + 1e-12
    {
        v.push(("infrastructure.market_access_spread", "the spread would push market access outside 0..1; keep spread <= min(market_access, 1 - market_access)".into()));
    }
}
