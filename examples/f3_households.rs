//! F3 on the households a program targets (docs/ODD.md §9, "Why F3 fails"):
//! `cargo run --release --example f3_households [-- all]`
//!
//! Runs the `package`, `package_capital_part` and `package_groups_part` arms
//! of the built-in `evidence` experiment beside `control` to month 36, from
//! the same burnt-in world (common random numbers: household `i` is the same
//! household in every arm), and compares consumption per person of the
//! households that received an asset grant both in the package and in the
//! asset-grant part (with `all`: every grantee of the package, granted or
//! not in the other arm). Prints each replication's effects and the
//! interaction package − capital part − groups part, in points of control.
use berdaya::app::{FlagOverrides, load_experiment};
use berdaya::builtin::read_source;
use berdaya::model::household::flag;
use berdaya::model::{World, params::Params};
use rayon::prelude::*;

const ARMS: [&str; 4] = [
    "control",
    "package",
    "package_capital_part",
    "package_groups_part",
];

fn main() {
    let all = std::env::args().nth(1).is_some_and(|a| a == "all");
    let src = read_source("evidence").expect("the built-in evidence experiment");
    let exp = load_experiment(&src, &FlagOverrides::default()).expect("it loads");
    let scenario = |name: &str| {
        exp.arms
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("arm {name}"))
            .scenario
            .clone()
    };
    let end = 36;
    // per replication: households counted, then consumption per person summed per arm
    let sums: Vec<(f64, [f64; 4])> = (0..exp.replications() as u64)
        .into_par_iter()
        .map(|rep| {
            let mut world = World::new(Params::new(scenario("control")), rep);
            world.burn_in();
            let mut worlds: Vec<World> = ARMS
                .iter()
                .map(|a| world.for_arm(Params::new(scenario(a))))
                .collect();
            for _ in 0..end {
                worlds.iter_mut().for_each(|w| {
                    w.step();
                });
            }
            let (mut n, mut sum) = (0.0, [0.0; 4]);
            for (vi, v) in worlds[1].villages.iter().enumerate() {
                for i in 0..v.hh.len() {
                    let granted =
                        |k: usize| worlds[k].villages[vi].hh.flags[i] & flag::GRANTED != 0;
                    if !granted(1) || !(all || granted(2)) {
                        continue;
                    }
                    n += 1.0;
                    for (k, s) in sum.iter_mut().enumerate() {
                        let h = &worlds[k].villages[vi].hh;
                        *s += h.consumption[i] as f64 / h.size[i] as f64;
                    }
                }
            }
            (n, sum)
        })
        .collect();
    let mut interactions = Vec::new();
    for (rep, (n, s)) in sums.iter().enumerate() {
        let pct = |k: usize| 100.0 * (s[k] / s[0] - 1.0);
        let interaction = pct(1) - pct(2) - pct(3);
        println!(
            "replication {rep}: {n:.0} households; package {:+.2}%, capital part {:+.2}%, groups part {:+.2}%, interaction {interaction:+.2} points",
            pct(1),
            pct(2),
            pct(3)
        );
        interactions.push(interaction);
    }
    let m = interactions.iter().sum::<f64>() / interactions.len() as f64;
    let var = interactions.iter().map(|x| (x - m).powi(2)).sum::<f64>()
        / (interactions.len() - 1).max(1) as f64;
    println!(
        "interaction: {m:+.2} points (standard error {:.2}, {} replications)",
        (var / interactions.len() as f64).sqrt(),
        interactions.len()
    );
}
