//! One month of the household economy for 100,000 households (500 villages of
//! 200), no program: the core cost of the model. Throughput is reported in
//! household-months per second (criterion "elements").
//!
//!     cargo bench --bench household

use berdaya::model::World;
use berdaya::model::params::Params;
use berdaya::scenario::{experiment, load};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn world(households_per_village: u32, villages: u32, sets: &[&str]) -> World {
    let mut s = load::Settings::new();
    let v = format!("population.villages={villages}");
    let h = format!("population.households_per_village={households_per_village}");
    for a in [v.as_str(), h.as_str(), "population.burn_in_months=12"]
        .iter()
        .chain(sets)
    {
        let (k, val) = load::parse_set(a).expect("valid key");
        s.insert(k, val);
    }
    let mut w = World::new(
        Params::new(experiment::build(&s).expect("valid scenario")),
        0,
    );
    w.burn_in();
    w
}

fn household_month(c: &mut Criterion) {
    let mut g = c.benchmark_group("household_month");
    g.throughput(Throughput::Elements(100_000));
    g.sample_size(30);
    let mut w = world(200, 500, &[]);
    g.bench_function("100k_households_no_program", |b| b.iter(|| w.step()));
    let mut w = world(
        200,
        500,
        &[
            "program.components=capital",
            "program.budget=2.0e11",
            "program.duration_months=1200",
        ],
    );
    g.bench_function("100k_households_capital_program", |b| b.iter(|| w.step()));
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut w = world(200, 500, &[]);
    g.bench_function("100k_households_no_program_1_thread", |b| {
        b.iter(|| one.install(|| w.step()))
    });
    g.finish();
    println!(
        "state: {} bytes per household (structure of arrays, 4 neighbours)",
        berdaya::model::household::Households::bytes_per_household(4)
    );
}

criterion_group!(benches, household_month);
criterion_main!(benches);
