//! Benchmarks of the model, at sizes that matter (100,000 households):
//!
//! - `household_step`: one month of the household economy (pass A, mutual
//!   aid, pass C with measurement) with no program;
//! - `group_facilitation_step`: one month of facilitation and group life
//!   (formation, doses, lending, cohesion) in villages with a group program;
//! - `district_month`: one full month of a 100,000-household district (100
//!   villages of 1,000) with every mechanism active — the multi-aspect group
//!   program, partnerships, infrastructure, governance;
//!
//! each on all cores and on one. Throughput is in household-months per second
//! (criterion "elements"). Run: `cargo bench --bench model`.

use berdaya::model::metrics::MonthTotals;
use berdaya::model::params::Params;
use berdaya::model::{World, economy, facilitation, groups, mutual_aid};
use berdaya::scenario::{experiment, load};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

const ALL: &str = "program.components=capital,infrastructure,institutions,partnership,facilitation";

fn world(sets: &[&str]) -> World {
    let mut s = load::Settings::new();
    let base = [
        "population.villages=100",
        "population.households_per_village=1000",
        "population.villages_per_district=100",
        "population.burn_in_months=12",
    ];
    for a in base.iter().chain(sets) {
        let (k, v) = load::parse_set(a).expect("valid key");
        s.insert(k, v);
    }
    let mut w = World::new(
        Params::new(experiment::build(&s).expect("valid scenario")),
        0,
    );
    w.burn_in();
    // a few program months so that groups, loans and contracts exist
    for _ in 0..6 {
        w.step();
    }
    w
}

fn program() -> World {
    world(&[
        ALL,
        "program.approach=group",
        "program.budget=6e11",
        "program.duration_months=600",
    ])
}

fn household_step(w: &mut World) {
    let p = &w.p;
    let month = w.month;
    w.villages.par_iter_mut().for_each(|v| {
        let mut acc = MonthTotals::default();
        economy::produce(v, p, month);
        mutual_aid::share(v, p);
        economy::consume(v, p, month, &mut acc);
    })
}

fn bench(c: &mut Criterion) {
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut g = c.benchmark_group("model");
    g.throughput(Throughput::Elements(100_000));
    g.sample_size(20);

    let mut w = world(&[]);
    g.bench_function("household_step", |b| b.iter(|| household_step(&mut w)));
    g.bench_function("household_step_1_thread", |b| {
        b.iter(|| one.install(|| household_step(&mut w)))
    });

    let mut w = program();
    g.bench_function("group_facilitation_step", |b| {
        b.iter(|| {
            let p = &w.p;
            let month = w.month;
            w.villages.par_iter_mut().for_each(|v| {
                facilitation::work(v, p, month);
                groups::form_monthly(v, p, month, false);
                groups::lend(v, p, month);
                groups::update(v, p, month);
            })
        })
    });

    let mut w = program();
    g.bench_function("district_month_all_mechanisms", |b| b.iter(|| w.step()));
    let mut w = program();
    g.bench_function("district_month_all_mechanisms_1_thread", |b| {
        b.iter(|| one.install(|| w.step()))
    });
    let mut w = world(&[]);
    g.bench_function("district_month_no_program", |b| b.iter(|| w.step()));
    g.finish();
    println!(
        "state: {} bytes per household plus {} of monthly scratch (structure of arrays, 4 neighbours)",
        berdaya::model::household::Households::bytes_per_household(4),
        berdaya::model::household::Scratch::BYTES_PER_HOUSEHOLD
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
