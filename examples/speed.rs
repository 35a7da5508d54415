//! Throughput check: `cargo run --release --example speed -- [households] [months] [threads] [key=value ...]`
//! Simulates a world (no burn-in counted) and prints household-months per second.
use berdaya::model::{World, params::Params};
use berdaya::scenario::{experiment, load};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let households: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let months: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(24);
    let threads: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(0);
    let mut settings = load::Settings::new();
    let villages = households / 1000;
    let base = [
        format!("population.villages={villages}"),
        "population.households_per_village=1000".to_string(),
        format!("population.villages_per_district={villages}"),
        "population.burn_in_months=6".to_string(),
    ];
    for a in base.iter().chain(args.iter().skip(3)) {
        let (k, s) = load::parse_set(a).unwrap_or_else(|e| panic!("{e}"));
        settings.insert(k, s);
    }
    let s = experiment::build(&settings).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let mut w = World::new(Params::new(s), 0);
        w.burn_in();
        let t = std::time::Instant::now();
        for _ in 0..months {
            w.step();
        }
        let secs = t.elapsed().as_secs_f64();
        let hm = w.households() as f64 * months as f64;
        println!(
            "{} households x {months} months: {:.3} s, {:.1} M household-months/s",
            w.households(),
            secs,
            hm / secs / 1e6
        );
    });
}
