//! The return to a small grant in the model's smallest enterprises, beside de
//! Mel, McKenzie & Woodruff (2008), who gave Sri Lankan microenterprises with
//! less than about USD 1,000 of capital grants of USD 100-200 and measured
//! profits about 5-6% a month higher per unit of the grant (docs/ODD.md §9,
//! "Returns to small amounts of capital"):
//! `cargo run --release --example small_grant_returns [-- KEY=VALUE ...]`
//! (each KEY=VALUE set as `--set` would)
//!
//! From the burnt-in worlds of the built-in `evidence` experiment's control
//! arm (8 replications), for every household with productive assets above 0
//! and below Rp 15 million, the monthly gain per rupiah of Rp 1.5 million more
//! capital under the best labour split at this month's market terms: in
//! enterprise output (the field's profits, which do not charge the owner's
//! labour) and in earnings (output plus wages: labour moved into the enterprise
//! is no longer paid outside). No harvest shock, no depreciation.
use berdaya::app::{FlagOverrides, load_experiment};
use berdaya::builtin::read_source;
use berdaya::model::markets;
use berdaya::model::production::Opportunity;
use berdaya::model::{World, params::Params};
use rayon::prelude::*;

/// The grant (Rp) and the capital below which an enterprise counts as small.
const GRANT: f64 = 1_500_000.0;
const SMALL: f64 = 15.0e6;

fn main() {
    let src = read_source("evidence").expect("the built-in evidence experiment");
    let flags = FlagOverrides {
        sets: std::env::args().skip(1).collect(),
        ..FlagOverrides::default()
    };
    let exp = load_experiment(&src, &flags).expect("it loads");
    let control = exp
        .arms
        .iter()
        .find(|a| a.name == "control")
        .expect("a control arm")
        .scenario
        .clone();
    // per replication: small enterprises, all households, summed output
    // gain, summed earnings gain, small ones below / above the threshold
    let sums: Vec<[f64; 6]> = (0..exp.replications() as u64)
        .into_par_iter()
        .map(|rep| {
            let mut w = World::new(Params::new(control.clone()), rep);
            w.burn_in();
            let p = &w.p;
            let kstar = p.scenario.economy.capital_threshold;
            let mut s = [0.0; 6];
            for v in &w.villages {
                let terms = markets::terms(v, p);
                let hh = &v.hh;
                for i in 0..hh.len() {
                    s[1] += 1.0;
                    let k = hh.assets[i];
                    if k <= 0.0 || k >= SMALL {
                        continue;
                    }
                    let opp = Opportunity::of_household(p, &terms, hh, i);
                    let (before, after) = (opp.earnings(p, k), opp.earnings(p, k + GRANT));
                    s[0] += 1.0;
                    s[2] += (after.output - before.output) / GRANT;
                    s[3] += (after.total() - before.total()) / GRANT;
                    s[if k + GRANT >= kstar { 5 } else { 4 }] += 1.0;
                }
            }
            s
        })
        .collect();
    let t: Vec<f64> = (0..6).map(|j| sums.iter().map(|s| s[j]).sum()).collect();
    println!(
        "{} replications: {:.0}% of households have productive assets above 0 and below Rp {:.0} million;",
        sums.len(),
        100.0 * t[0] / t[1],
        SMALL / 1e6
    );
    println!(
        "Rp {:.1} million more capital carries {:.0}% of them across the capital threshold;",
        GRANT / 1e6,
        100.0 * t[5] / t[0]
    );
    println!(
        "their mean monthly gain per rupiah: enterprise output {:.2}%, earnings (output plus wages) {:.2}% (field: about 5-6%)",
        100.0 * t[2] / t[0],
        100.0 * t[3] / t[0]
    );
}
