//! Cross-field rules: what single-key limits cannot say.

use super::{Component, Scenario};

/// Every violated rule as `(key to blame, message)`.
pub fn validate(s: &Scenario) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = Vec::new();
    let p = &s.program;
    if p.budget > 0.0 && p.components.is_empty() {
        v.push(("program.budget", "a budget is set but program.components is empty; list what the budget buys, e.g. components = [\"capital\"], or set budget = 0 for no program".into()));
    }
    if !p.components.is_empty() && p.budget <= 0.0 {
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
    if let Some(c) = p.components.iter().find(|c| **c != Component::Capital) {
        v.push((
            "program.components",
            format!(
                "component \"{c}\" is not implemented yet in this version; only \"capital\" is"
            ),
        ));
    }
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
    v
}
