//! Why the robustness draws return more per rupiah than the defaults
//! (docs/ODD.md §9, "Where the robustness draws land"):
//! `cargo run --release --example centre_of_ranges`
//!
//! Runs the evidence suite (4 replications of 10 villages x 200 households)
//! four times: at the defaults; at the centre of the plausible box (every
//! float key that `--robustness` draws set to the middle of its plausible
//! range, the point a Latin hypercube's draws spread around); at the
//! centre with the five keys named in `BACK` put back to their defaults; and
//! at the mean of each key's PERT distribution (`--prior pert`: most likely
//! at the default, mean `(lo + 4 default + hi) / 6`).
//! For each it prints the control arm's baseline and the model's answer for
//! F8 (the borrowers' enterprise income), F9 (consumption gained per rupiah)
//! and F10 (the budget response), the facts whose magnitudes move most.
use berdaya::error::Origin;
use berdaya::evidence::{Options, suite};
use berdaya::scenario::load::Setting;
use berdaya::scenario::{Kind, registry};

/// Keys put back to their defaults in the third run: the five whose return
/// to the default, one at a time from the centre, lowered multi_group's
/// gain per rupiah by month 120 most (a one-at-a-time screen of all 161
/// drawn keys, 2026-12-02).
const BACK: &[&str] = &[
    "markets.idle_capacity",
    "economy.return_low",
    "economy.wage_daily",
    "economy.return_high",
    "credit.loan_size",
];

/// Every drawn float key at the mean of its PERT distribution (most likely
/// at its default, `--prior pert`): `(lo + 4 default + hi) / 6`.
fn pert_means() -> Vec<(&'static str, Setting)> {
    registry()
        .iter()
        .filter(|p| p.kind == Kind::Float)
        .filter_map(|p| {
            let (lo, hi) = p.spec.plausible?;
            let m = p.default.as_float()?.clamp(lo, hi);
            let value = toml::Value::Float((lo + 4.0 * m + hi) / 6.0);
            let origin = Origin::flag("mean of the PERT distribution");
            Some((p.key, Setting { value, origin }))
        })
        .collect()
}

fn main() {
    let centre = |keep_default: &[&str]| -> Vec<(&'static str, Setting)> {
        registry()
            .iter()
            .filter(|p| p.kind == Kind::Float && !keep_default.contains(&p.key))
            .filter_map(|p| {
                let (lo, hi) = p.spec.plausible?;
                let value = toml::Value::Float(0.5 * (lo + hi));
                let origin = Origin::flag("centre of the plausible range");
                Some((p.key, Setting { value, origin }))
            })
            .collect()
    };
    let opts = Options {
        replications: 4,
        ..Options::default()
    };
    let runs = [
        ("defaults", Vec::new()),
        ("centre of the plausible box", centre(&[])),
        ("centre, five keys at their defaults", centre(BACK)),
        ("mean of each key's PERT distribution", pert_means()),
    ];
    for (name, settings) in runs {
        let (facts, b) = suite(&opts, &settings).expect("the evidence suite runs");
        println!(
            "== {name} ({} keys set)\nbaseline: poverty {:.1}% -> {:.1}%, Gini {:.3} -> {:.3}",
            settings.len(),
            100.0 * b.poverty_start,
            100.0 * b.poverty_end,
            b.gini_start,
            b.gini_end
        );
        for f in facts.iter().filter(|f| ["F8", "F9", "F10"].contains(&f.id)) {
            println!(
                "{} ({}): {}",
                f.id,
                if f.holds { "holds" } else { "fails" },
                f.model
            );
        }
    }
}
