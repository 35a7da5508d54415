//! No scenario that passes validation may crash the model: random values
//! anywhere inside every numeric key's hard limits, on a tiny world with a
//! full program, run without a panic and give finite core metrics.

use berdaya::model::World;
use berdaya::model::metrics::col;
use berdaya::model::params::Params;
use berdaya::scenario::{Kind, experiment, load, registry, validate};
use proptest::prelude::*;

fn numeric_keys() -> Vec<&'static berdaya::scenario::ParamInfo> {
    registry()
        .iter()
        .filter(|p| {
            matches!(p.kind, Kind::Float) && p.spec.min.is_finite() && p.spec.max.is_finite()
        })
        .filter(|p| !p.key.starts_with("population.") && p.key != "program.budget")
        // the facilitation time shares must sum to 1 (a cross-field rule)
        .filter(|p| !p.key.starts_with("facilitation.time_"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]
    #[test]
    fn valid_extreme_scenarios_do_not_crash(picks in proptest::collection::vec((0usize..1000, 0.0f64..=1.0), 1..12), approach in 0u8..2) {
        let keys = numeric_keys();
        let mut s = load::Settings::new();
        let base = ["population.villages=3", "population.households_per_village=40", "population.burn_in_months=2", "months=14",
            "program.components=capital,infrastructure,institutions,partnership,facilitation", "program.budget=2e10", "program.duration_months=8"];
        for a in base {
            let (k, v) = load::parse_set(a).unwrap();
            s.insert(k, v);
        }
        let (k, v) = load::parse_set(if approach == 0 { "program.approach=group" } else { "program.approach=individual" }).unwrap();
        s.insert(k, v);
        for (i, u) in picks {
            let p = keys[i % keys.len()];
            let x = p.spec.min + u * (p.spec.max - p.spec.min);
            s.insert(p.key, load::Setting { value: toml::Value::Float(x), origin: load::Origin::flag("proptest") });
        }
        let sc = experiment::build(&s).unwrap();
        prop_assume!(validate::validate(&sc).is_empty());
        let mut w = World::new(Params::new(sc), 0);
        w.burn_in();
        for _ in 0..14 {
            let r = w.step();
            for c in [col::POVERTY_RATE, col::MEAN_CONSUMPTION_PC, col::GINI, col::EMPOWERMENT_INDEX, col::MEAN_ASSETS] {
                prop_assert!(r[c].is_finite() || (c == col::GINI && r[col::MEAN_CONSUMPTION_PC] == 0.0), "column {} is {}", c, r[c]);
            }
        }
    }
}
