//! Quick look at a scenario's trajectory: `cargo run --release --example probe -- key=value ...`
use berdaya::model::{World, metrics, params::Params};
use berdaya::scenario::{experiment, load};

fn main() {
    let mut settings = load::Settings::new();
    for a in std::env::args().skip(1) {
        let (k, s) = load::parse_set(&a).unwrap_or_else(|e| panic!("{e}"));
        settings.insert(k, s);
    }
    let s = experiment::build(&settings).unwrap();
    let months = s.months;
    let p = Params::new(s);
    let t = std::time::Instant::now();
    let mut w = World::new(p, 0);
    w.burn_in();
    let cols = [
        "poverty_rate",
        "gini",
        "mean_consumption_pc",
        "mean_assets",
        "empowerment_index",
        "psychological_index",
        "political_index",
        "group_share",
        "active_groups",
        "partnership_share",
        "borrower_share",
        "repayment_rate",
        "capture_share",
        "facilitators_active",
        "firm_profit",
        "program_cost",
    ];
    println!("month {}", cols.join(" "));
    for m in 1..=months {
        let r = w.step();
        if m == 1 || m % 12 == 0 {
            let vals: Vec<String> = cols
                .iter()
                .map(|c| format!("{:.3}", r[metrics::index(c).unwrap()]))
                .collect();
            println!("{m} {}", vals.join(" "));
        }
    }
    eprintln!(
        "{} households, {:.2}s",
        w.households(),
        t.elapsed().as_secs_f64()
    );
}
