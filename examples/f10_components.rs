//! Why the five-component group program's gain per rupiah is flat below the
//! default budget (F10; docs/ODD.md §9, "Why the gain per rupiah is flat
//! below the default budget"):
//! `cargo run --release --example f10_components [-- KEY=VALUE ...]` (about
//! 15 s; each KEY=VALUE is set for every arm, as `--set` would)
//!
//! Runs the `evidence` experiment's world (8 replications of 10 villages x
//! 200 households, a 36-month group program, 120 months) with, at the
//! default budget (Rp 200 million a village a year) and at a quarter of it:
//! each component alone at its share of the budget, components added one at
//! a time (facilitation + institutions, + partnership, + infrastructure, +
//! capital = the five), and the five without the partnership. For each it
//! prints the program's cost, the consumption gained by month 120 over
//! control (Rp, summed over households and replications' mean) and the gain
//! per rupiah; then what the components add together beyond their sum alone.
use berdaya::app::{FlagOverrides, load_experiment};
use berdaya::builtin::Source;
use berdaya::experiment::estimate::consumption_gained;
use berdaya::experiment::run_all;
use berdaya::scenario::derived;

/// The default budget, Rp a village a year.
const BUDGET: f64 = 200.0e6;

/// The combinations run at each budget: a name and its components.
fn combos() -> Vec<(String, Vec<&'static str>)> {
    let mut v: Vec<(String, Vec<&str>)> = derived::default_shares()
        .iter()
        .map(|(c, _)| (c.to_string(), vec![*c]))
        .collect();
    for parts in [
        vec!["facilitation", "institutions"],
        vec!["facilitation", "institutions", "partnership"],
        vec![
            "facilitation",
            "institutions",
            "partnership",
            "infrastructure",
        ],
        vec![
            "facilitation",
            "institutions",
            "partnership",
            "infrastructure",
            "capital",
        ],
        vec!["facilitation", "institutions", "infrastructure", "capital"],
    ] {
        v.push((parts.join("+"), parts));
    }
    v
}

/// The budget of a combination: the sum of its components' shares of
/// `scale` times the default budget, so each component gets what it gets in
/// the five-component program.
fn budget(parts: &[&str], scale: f64) -> f64 {
    let share: f64 = derived::default_shares()
        .iter()
        .filter(|(c, _)| parts.contains(c))
        .map(|(_, s)| s)
        .sum();
    share * BUDGET * scale
}

fn experiment_text(scales: &[f64]) -> String {
    let mut t = String::from(
        "name = \"f10_components\"\nseed = 11\nmonths = 120\nreplications = 8\n\
         [population]\nvillages = 10\nhouseholds_per_village = 200\n\
         [program]\nstart_month = 1\nduration_months = 36\nmode = \"enabler\"\napproach = \"group\"\n\
         budget_per_village_year = 200.0e6\n\
         [[arm]]\nname = \"control\"\nprogram.components = []\nprogram.budget_per_village_year = 0.0\n",
    );
    for (j, &s) in scales.iter().enumerate() {
        for (k, (_, parts)) in combos().iter().enumerate() {
            let list: Vec<String> = parts.iter().map(|c| format!("\"{c}\"")).collect();
            t.push_str(&format!(
                "[[arm]]\nname = \"{}\"\nprogram.components = [{}]\nprogram.budget_per_village_year = {:.1}\n",
                arm_name(k, j),
                list.join(", "),
                budget(parts, s)
            ));
        }
    }
    t
}

/// The arm of combination `k` at budget scale `j`.
fn arm_name(k: usize, j: usize) -> String {
    format!("combo{k}_scale{j}")
}

fn main() {
    let scales = [1.0, 0.25];
    let src = Source {
        label: "examples/f10_components.rs".into(),
        text: experiment_text(&scales),
    };
    // KEY=VALUE arguments are set for every arm, as `--set` would
    let flags = FlagOverrides {
        sets: std::env::args().skip(1).collect(),
        ..FlagOverrides::default()
    };
    let exp = load_experiment(&src, &flags).expect("the experiment loads");
    let reps = run_all(&exp, 0).expect("the experiment runs");
    let horizon = exp.months() as usize;
    let n = reps.len() as f64;
    // consumption gained by month 120, mean over replications (Rp)
    let gain = |arm: usize| -> f64 {
        reps.iter()
            .map(|r| consumption_gained(&r.arms[0], &r.arms[arm], horizon))
            .sum::<f64>()
            / n
    };
    let households = 10.0 * 200.0;
    let cost = |parts: &[&str], s: f64| budget(parts, s) * 3.0 * 10.0;
    let names: Vec<String> = exp.arms.iter().map(|a| a.name.clone()).collect();
    println!(
        "{} replications; consumption gained by month 120 over control, billion Rp (cost of the 36-month program; gain per rupiah):",
        reps.len()
    );
    for (j, &s) in scales.iter().enumerate() {
        println!(
            "\n== budget x{s} (Rp {:.1} million a village a year for the five)",
            BUDGET * s / 1e6
        );
        let mut got = std::collections::BTreeMap::new();
        for (c, (name, parts)) in combos().into_iter().enumerate() {
            let k = names
                .iter()
                .position(|a| *a == arm_name(c, j))
                .expect("arm");
            let g = gain(k);
            let c = cost(&parts, s);
            got.insert(name.clone(), g);
            println!(
                "{name:<60} cost {:>5.2}  gain {:>6.2}  per rupiah {:.2}",
                c / 1e9,
                g / 1e9,
                g / c
            );
        }
        let alone: f64 = derived::default_shares().iter().map(|(c, _)| got[*c]).sum();
        let g = |k: &str| got[k];
        let fi = g("facilitation+institutions");
        let fip = g("facilitation+institutions+partnership");
        let four = g("facilitation+institutions+partnership+infrastructure");
        let five = g("facilitation+institutions+partnership+infrastructure+capital");
        println!(
            "sum of the five alone {:.2}, the five together {:.2}; added beyond the parts alone: institutions to facilitation {:+.2}, partnership to those {:+.2}, infrastructure to those {:+.2}, capital to the other four {:+.2} (billion Rp; {:.0} households)",
            alone / 1e9,
            five / 1e9,
            (fi - g("facilitation") - g("institutions")) / 1e9,
            (fip - fi - g("partnership")) / 1e9,
            (four - fip - g("infrastructure")) / 1e9,
            (five - four - g("capital")) / 1e9,
            households
        );
    }
}
