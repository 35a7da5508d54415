//! What facilitation alone does to the enterprises it reaches, against the
//! field's number for business training (McKenzie 2021, a meta-analysis of
//! randomized evaluations: profits +10%, sales +5% on average; docs/ODD.md §9,
//! "Small facilitation programs"):
//! `cargo run --release --example training_effect [-- ARM] [-- KEY=VALUE ...]`
//! (about 10 s; ARM defaults to `only_facilitation`, each KEY=VALUE is set for
//! every arm, as `--set` would, e.g. `program.budget_per_village_year=40e6`).
//!
//! Runs the `evidence` experiment's control arm and ARM on the same burned-in
//! worlds (8 replications; common random numbers, so a household is the same
//! in both arms until the program touches it) and, every 12 months to month
//! 60, compares the households the program reached (group members, or
//! households whose skill is above their own in control) that run an
//! enterprise in control with themselves in control: their enterprise income
//! (the field's profits), their skill; and every household's enterprise income.
use berdaya::evidence::{Options, experiment};
use berdaya::model::household::NO_GROUP;
use berdaya::model::{World, params::Params};
use berdaya::scenario::load;

const REPS: u64 = 8;
const MONTHS: [u32; 5] = [12, 24, 36, 48, 60];

/// Per measured month: households reached, their enterprise income in the
/// arm and in control, their skill in the arm and in control, every
/// household's enterprise income in the arm and in control.
type Sums = [f64; 7];

fn replication(exp: &berdaya::scenario::experiment::Experiment, arm: usize, rep: u64) -> Vec<Sums> {
    let control = exp.control().expect("a control arm");
    let mut w = World::new(Params::new(exp.arms[control].scenario.clone()), rep);
    w.burn_in();
    let mut c = w.for_arm(Params::new(exp.arms[control].scenario.clone()));
    let mut a = w.into_arm(Params::new(exp.arms[arm].scenario.clone()));
    let mut out = Vec::new();
    for m in 1..=*MONTHS.last().unwrap() {
        c.step();
        a.step();
        if !MONTHS.contains(&m) {
            continue;
        }
        let mut s = [0.0; 7];
        for (va, vc) in a.villages.iter().zip(&c.villages) {
            for i in 0..va.hh.len() {
                let (oa, oc) = (va.scratch.output[i] as f64, vc.scratch.output[i] as f64);
                s[5] += oa;
                s[6] += oc;
                let reached = va.hh.group[i] != NO_GROUP || va.hh.skill[i] > vc.hh.skill[i] + 1e-4;
                if reached && oc > 0.0 {
                    s[0] += 1.0;
                    s[1] += oa;
                    s[2] += oc;
                    s[3] += va.hh.skill[i] as f64;
                    s[4] += vc.hh.skill[i] as f64;
                }
            }
        }
        out.push(s);
    }
    out
}

fn main() {
    let mut name = "only_facilitation".to_string();
    let mut extra = Vec::new();
    for a in std::env::args().skip(1) {
        if a.contains('=') {
            extra.push(load::parse_set(&a).unwrap_or_else(|e| panic!("{e}")));
        } else {
            name = a;
        }
    }
    let exp = experiment(&Options::default(), &extra).expect("the evidence experiment");
    let arm = exp
        .arms
        .iter()
        .position(|a| a.name == name)
        .unwrap_or_else(|| panic!("no arm {name} in the evidence experiment"));
    let reps: Vec<Vec<Sums>> = (0..REPS).map(|r| replication(&exp, arm, r)).collect();
    println!(
        "{name}: the reached households that run an enterprise in control, each against itself in control ({REPS} replications; mean and range over them)"
    );
    for (k, m) in MONTHS.iter().enumerate() {
        let pct = |f: &dyn Fn(&Sums) -> f64| -> (f64, f64, f64) {
            let v: Vec<f64> = reps.iter().map(|r| f(&r[k])).collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let lo = v.iter().cloned().fold(f64::INFINITY, f64::min);
            let hi = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            (mean, lo, hi)
        };
        let reached = pct(&|s| s[0]);
        let ent = pct(&|s| 100.0 * (s[1] / s[2] - 1.0));
        let skill = pct(&|s| (s[3] - s[4]) / s[0]);
        let all = pct(&|s| 100.0 * (s[5] / s[6] - 1.0));
        println!(
            "month {m:3}: reached {:5.0}; their enterprise income {:+5.1}% [{:+.1}, {:+.1}], skill {:+.4}; every household's enterprise income {:+5.1}%",
            reached.0, ent.0, ent.1, ent.2, skill.0, all.0
        );
    }
}
