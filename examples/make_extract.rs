//! Makes the synthetic survey extract shipped in `scenarios/data/extract.csv`
//! (no real survey data): `cargo run --release --example make_extract --
//! scenarios/data/extract.csv`. Six villages of 60 to 120 households in the
//! spirit of a SUSENAS extract: household size 1 + Poisson(2.85), years of
//! schooling of the head (0 to 16, rounded), productive assets lognormal
//! around Rp 18 M correlated with schooling, monthly consumption around the
//! poverty line times size, rising with assets, and membership of a savings
//! group for about one household in six. Deterministic (seed 2026).

use berdaya::rng::{Stream, normal, poisson, stream, unit_f64};
use berdaya::scenario::households::{Extract, Row, to_csv};

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "scenarios/data/extract.csv".to_string());
    let mut r = stream(2026, Stream::Population, 0, 0, 0);
    let mut ex = Extract::default();
    let line = 580_349.0;
    for v in 0..6u32 {
        let n = 60 + (unit_f64(&mut r) * 61.0) as usize;
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            let size = (1 + poisson(&mut r, 2.85)).min(12) as u8;
            let z_school = normal(&mut r);
            let schooling = (7.5 + 3.5 * z_school).clamp(0.0, 16.0).round();
            let z_assets = 0.4 * z_school + (1.0f64 - 0.16).sqrt() * normal(&mut r);
            let assets = (18.0e6 * (1.2 * z_assets).exp() / 1000.0).round() * 1000.0;
            let per_person = line
                * (0.35 + 0.12 * (assets / 18.0e6).max(0.05).ln()).exp()
                * (0.25 * normal(&mut r)).exp();
            let consumption = (per_person * size as f64 / 1000.0).round() * 1000.0;
            let group = unit_f64(&mut r) < 0.17;
            rows.push(Row {
                size,
                assets: assets.max(0.0),
                schooling,
                consumption: consumption.max(0.0),
                group,
            });
        }
        ex.ids.push(format!("desa-{:02}", v + 1));
        ex.villages.push(rows);
    }
    let text = format!(
        "# Synthetic extract in the spirit of SUSENAS (no real survey data).\n# Made by: cargo run --release --example make_extract -- {out}\n{}",
        to_csv(&ex)
    );
    std::fs::write(&out, text).unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
    println!(
        "{out}: {} households in {} villages",
        ex.households(),
        ex.villages.len()
    );
}
