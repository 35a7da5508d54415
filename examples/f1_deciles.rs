//! F1 by consumption decile (docs/ODD.md §9, "Why F1 fails"):
//! `cargo run --release --example f1_deciles [-- no-refinance] [KEY=VALUE ...]`
//! (each KEY=VALUE set for every arm, as `berdaya evidence --set` does)
//!
//! Runs `capital_individual` of the built-in `evidence` experiment beside
//! `control` to month 36 from the same burnt-in world (common random numbers:
//! household `i` is the same household in both arms), sorts households by
//! their consumption per person in control, and prints for each decile: the
//! share that borrows because of the fund (borrowed in the arm, not in
//! control), the share of those takers whose productive assets are at or
//! above the capital threshold in the arm but not in control (the loan
//! carried them across the poverty trap's threshold, F4), their mean
//! consumption per person against themselves in control, and the share of
//! them that owe moneylenders in control. `no-refinance` sets
//! `credit.refinance = false` in both arms (the fund lends only for
//! investment).
//!
//! Then the quantile effects on consumption per person (arm against control,
//! month 36) within groups fixed at the program's start, where Meager's
//! pooled microcredit studies found the right-tail gains: households that
//! already ran a business. The model has no separate business status (every
//! household with productive assets runs an enterprise), so three readings:
//! the productive technology (assets at or above the capital threshold),
//! enterprise output above wage income, and the top 27% by productive assets
//! (the field's share of prior business owners). Last, for comparison, the
//! households that borrow in the arm (chosen by the outcome, not at the start:
//! the takers' own distribution).
use berdaya::app::{FlagOverrides, load_experiment};
use berdaya::builtin::read_source;
use berdaya::model::household::flag;
use berdaya::model::{World, params::Params};
use berdaya::stats::quantile_sorted;
use rayon::prelude::*;

/// Per decile: households, takers, takers across the threshold, summed
/// consumption change of takers, takers in informal debt.
type Tally = [[f64; 5]; 10];

/// Per group fixed at the start: its share of households and its quantile
/// effects (%).
type GroupEffects = Vec<(f64, Vec<f64>)>;

/// Quantiles whose effects the subgroup table reports.
const QUANTILES: [f64; 5] = [0.1, 0.25, 0.5, 0.75, 0.9];
/// Names of the groups fixed at the program's start.
const GROUPS: [&str; 5] = [
    "all households",
    "productive technology (assets >= threshold)",
    "enterprise output above wage income",
    "top 27% by productive assets",
    "the takers (borrow in the arm; not fixed)",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_refinance = args.iter().any(|a| a == "no-refinance");
    let flags = FlagOverrides {
        sets: args.iter().filter(|a| a.contains('=')).cloned().collect(),
        ..FlagOverrides::default()
    };
    let src = read_source("evidence").expect("the built-in evidence experiment");
    let exp = load_experiment(&src, &flags).expect("it loads");
    let scenario = |name: &str| {
        let mut s = exp
            .arms
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("arm {name}"))
            .scenario
            .clone();
        if no_refinance {
            s.credit.refinance = false;
        }
        s
    };
    let kstar = scenario("control").economy.capital_threshold;
    let results: Vec<(Tally, GroupEffects)> = (0..exp.replications() as u64)
        .into_par_iter()
        .map(|rep| {
            let mut world = World::new(Params::new(scenario("control")), rep);
            world.burn_in();
            // each household's group at the program's start
            let mut start: Vec<(f64, bool, bool)> = Vec::new();
            for v in &world.villages {
                for i in 0..v.hh.len() {
                    let wages = v.hh.income[i] - v.scratch.output[i];
                    start.push((
                        v.hh.assets[i],
                        v.hh.assets[i] >= kstar,
                        v.scratch.output[i] > wages,
                    ));
                }
            }
            let mut assets: Vec<f64> = start.iter().map(|x| x.0).collect();
            assets.sort_by(f64::total_cmp);
            let top = quantile_sorted(&assets, 0.73);
            let mut c = world.for_arm(Params::new(scenario("control")));
            let mut a = world.for_arm(Params::new(scenario("capital_individual")));
            for _ in 0..36 {
                c.step();
                a.step();
            }
            let mut order: Vec<(f64, usize, usize)> = Vec::new();
            for (vi, v) in c.villages.iter().enumerate() {
                for i in 0..v.hh.len() {
                    order.push((v.hh.consumption[i] as f64 / v.hh.size[i] as f64, vi, i));
                }
            }
            order.sort_by(|x, y| x.0.total_cmp(&y.0));
            let mut t: Tally = [[0.0; 5]; 10];
            for (r, &(cons, vi, i)) in order.iter().enumerate() {
                let d = &mut t[r * 10 / order.len()];
                let (ha, hc) = (&a.villages[vi].hh, &c.villages[vi].hh);
                d[0] += 1.0;
                if ha.flags[i] & flag::BORROWED == 0 || hc.flags[i] & flag::BORROWED != 0 {
                    continue;
                }
                d[1] += 1.0;
                if ha.assets[i] >= kstar && hc.assets[i] < kstar {
                    d[2] += 1.0;
                }
                d[3] += ha.consumption[i] as f64 / ha.size[i] as f64 / cons - 1.0;
                if hc.debt[i] > 0.0 {
                    d[4] += 1.0;
                }
            }
            let groups = (0..GROUPS.len())
                .map(|g| {
                    let (mut xc, mut xa) = (Vec::new(), Vec::new());
                    let mut k = 0;
                    for (vc, va) in c.villages.iter().zip(&a.villages) {
                        for i in 0..vc.hh.len() {
                            let (assets, productive, enterprise) = start[k];
                            k += 1;
                            let inside = match g {
                                0 => true,
                                1 => productive,
                                2 => enterprise,
                                3 => assets >= top,
                                _ => va.hh.flags[i] & flag::BORROWED != 0,
                            };
                            if inside {
                                xc.push(vc.hh.consumption[i] as f64 / vc.hh.size[i] as f64);
                                xa.push(va.hh.consumption[i] as f64 / va.hh.size[i] as f64);
                            }
                        }
                    }
                    let share = xc.len() as f64 / k as f64;
                    xa.sort_by(f64::total_cmp);
                    xc.sort_by(f64::total_cmp);
                    let effects = QUANTILES
                        .iter()
                        .map(|&p| 100.0 * (quantile_sorted(&xa, p) / quantile_sorted(&xc, p) - 1.0))
                        .collect();
                    (share, effects)
                })
                .collect();
            (t, groups)
        })
        .collect();
    let tallies: Vec<Tally> = results.iter().map(|r| r.0).collect();
    println!(
        "capital_individual against control, month 36, {} replications{}",
        tallies.len(),
        if no_refinance {
            ", credit.refinance = false"
        } else {
            ""
        }
    );
    for d in 0..10 {
        let s: Vec<f64> = (0..5)
            .map(|k| tallies.iter().map(|t| t[d][k]).sum())
            .collect();
        let takers = s[1].max(1.0);
        println!(
            "decile {:>2}: take-up {:4.1}%; of the takers: across the threshold {:4.1}%, consumption per person {:+5.1}%, owing moneylenders in control {:3.0}%",
            d + 1,
            100.0 * s[1] / s[0],
            100.0 * s[2] / takers,
            100.0 * s[3] / takers,
            100.0 * s[4] / takers
        );
    }
    let n = results.len() as f64;
    println!(
        "quantile effects on consumption per person, month 36, mean of the replications, within groups fixed at the start:"
    );
    for (g, name) in GROUPS.iter().enumerate() {
        let share = results.iter().map(|r| r.1[g].0).sum::<f64>() / n;
        let effects: Vec<String> = (0..QUANTILES.len())
            .map(|j| {
                format!(
                    "{:+.2}%",
                    results.iter().map(|r| r.1[g].1[j]).sum::<f64>() / n
                )
            })
            .collect();
        println!(
            "{name:44} ({:3.0}% of households): p10 p25 p50 p75 p90 {}",
            100.0 * share,
            effects.join(" ")
        );
    }
}
