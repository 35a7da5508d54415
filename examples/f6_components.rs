//! Where F6's remote lead comes from (docs/ODD.md §9, "F6: which parts favour
//! remote villages"):
//! `cargo run --release --example f6_components [-- KEY=VALUE ...]` (about
//! 10 s; each KEY=VALUE is set in both runs, as `--set` would)
//!
//! Runs the `evidence` experiment's F6 comparison (8 replications of 10
//! villages x 200 households, a 36-month group program, month 36) with the
//! five-component group program and each of its components alone at its
//! share of the budget, in remote villages (market access 0.3) and connected
//! ones (0.7), each against its own control; first at the defaults, then at
//! the centre of the plausible box (every float key `--robustness` draws set
//! to the middle of its plausible range except market access, which the
//! arms set). For each it prints the consumption effect per person in
//! remote and connected villages and the remote lead, with the lead's 95%
//! Monte Carlo interval over the replications.
use berdaya::app::{FlagOverrides, load_experiment};
use berdaya::builtin::Source;
use berdaya::experiment::run_all;
use berdaya::model::metrics::col;
use berdaya::scenario::{Kind, derived, registry};
use berdaya::stats::paired_diff_ci;

/// The default budget, Rp a village a year.
const BUDGET: f64 = 200.0e6;
/// Month at which F6 is read (the program's end).
const MONTH: usize = 36;
/// Market access of the remote and the connected villages (the evidence
/// experiment's F6 arms).
const PLACES: [(&str, f64); 2] = [("remote", 0.3), ("connected", 0.7)];

/// The programs compared: a name, its components and its budget.
fn programs() -> Vec<(String, Vec<&'static str>, f64)> {
    let mut v = vec![(
        "five components".to_string(),
        derived::default_shares().iter().map(|(c, _)| *c).collect(),
        BUDGET,
    )];
    for (c, s) in derived::default_shares() {
        v.push((format!("{c} alone (its share)"), vec![c], s * BUDGET));
    }
    v
}

fn experiment_text() -> String {
    let mut t = String::from(
        "name = \"f6_components\"\nseed = 11\nmonths = 36\nreplications = 8\n\
         [population]\nvillages = 10\nhouseholds_per_village = 200\n\
         [program]\nstart_month = 1\nduration_months = 36\nmode = \"enabler\"\napproach = \"group\"\n\
         budget_per_village_year = 200.0e6\n\
         [[arm]]\nname = \"control\"\nprogram.components = []\nprogram.budget_per_village_year = 0.0\n",
    );
    for (place, access) in PLACES {
        t.push_str(&format!(
            "[[arm]]\nname = \"control_{place}\"\nprogram.components = []\n\
             program.budget_per_village_year = 0.0\ninfrastructure.market_access = {access}\n"
        ));
        for (k, (_, parts, budget)) in programs().iter().enumerate() {
            let list: Vec<String> = parts.iter().map(|c| format!("\"{c}\"")).collect();
            t.push_str(&format!(
                "[[arm]]\nname = \"p{k}_{place}\"\nprogram.components = [{}]\n\
                 program.budget_per_village_year = {budget:.1}\ninfrastructure.market_access = {access}\n",
                list.join(", ")
            ));
        }
    }
    t
}

/// `--set` strings putting every drawn float key (market access excepted)
/// at the centre of its plausible range.
fn centre() -> Vec<String> {
    registry()
        .iter()
        .filter(|p| p.kind == Kind::Float && p.key != "infrastructure.market_access")
        .filter_map(|p| {
            let (lo, hi) = p.spec.plausible?;
            Some(format!("{}={:?}", p.key, 0.5 * (lo + hi)))
        })
        .collect()
}

fn report(name: &str, sets: Vec<String>) {
    let src = Source {
        label: "examples/f6_components.rs".into(),
        text: experiment_text(),
    };
    let flags = FlagOverrides {
        sets,
        ..FlagOverrides::default()
    };
    let exp = load_experiment(&src, &flags).expect("the experiment loads");
    let reps = run_all(&exp, 0).expect("the experiment runs");
    let names: Vec<String> = exp.arms.iter().map(|a| a.name.clone()).collect();
    let arm = |n: String| names.iter().position(|a| *a == n).expect("arm");
    // per replication: the percent effect on consumption per person
    let effect = |k: usize, place: &str| -> Vec<f64> {
        let (a, c) = (
            arm(format!("p{k}_{place}")),
            arm(format!("control_{place}")),
        );
        reps.iter()
            .map(|r| {
                let v = |j: usize| r.arms[j][MONTH - 1][col::MEAN_CONSUMPTION_PC];
                100.0 * (v(a) / v(c) - 1.0)
            })
            .collect()
    };
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    println!(
        "\n== {name}: consumption per person at month {MONTH}, arm against its own control ({} replications)",
        reps.len()
    );
    for (k, (label, _, _)) in programs().iter().enumerate() {
        let (r, c) = (effect(k, "remote"), effect(k, "connected"));
        let lead = paired_diff_ci(&c, &r, 0.95);
        println!(
            "{label:<32} remote {:+.2}%  connected {:+.2}%  remote lead {:+.2} points [{:+.2}, {:+.2}]",
            mean(&r),
            mean(&c),
            lead.mean,
            lead.ci_low,
            lead.ci_high
        );
    }
}

fn main() {
    // KEY=VALUE arguments are set in both runs (after the centre's values)
    let extra: Vec<String> = std::env::args().skip(1).collect();
    report("defaults", extra.clone());
    report("centre of the plausible box", [centre(), extra].concat());
}
