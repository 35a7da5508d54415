//! The stylized facts that hold at the defaults, asserted (the others are
//! reported by `berdaya evidence` and discussed in docs/ODD.md §9; a fact
//! that does not come out of the mechanisms is not forced). F6 holds at the
//! default 8 replications and at 6, its remote lead clear of the noise
//! (+0.23 points [+0.07, +0.40] at 6), but its 25th-versus-75th percentile
//! comparison is close (+2.1% against +2.0% at 6): it is reported, not
//! asserted. F8 is read on the households that borrow because of the fund
//! (wage income about −31,000 Rp a month, the interval far from zero); at the
//! village mean it would not hold (the neighbours take up the work), and the
//! fact's text says so.

use berdaya::evidence::{self, Design, GINI_BAND, Options, POVERTY_BAND, Prior, Screen};

/// A robustness run of `draws` draws from `seed`, uniform over the ranges.
fn design(draws: usize, seed: u64, screen: Screen) -> Design {
    Design {
        draws,
        seed,
        screen,
        prior: Prior::Uniform,
    }
}

#[test]
fn the_facts_that_hold_at_defaults_keep_holding() {
    let opts = Options {
        replications: 6,
        ..Options::default()
    };
    let (facts, base) = evidence::suite(&opts, &[]).unwrap();
    assert_eq!(facts.len(), 12);
    // the facts are checked in a world that is rural Indonesia without a
    // program, at the start and ten years on
    println!("baseline {base:?}");
    assert!(
        base.in_bands(),
        "the evidence baseline left the bands: {base:?}"
    );
    for f in &facts {
        println!(
            "{} {}: {}",
            f.id,
            if f.holds { "holds" } else { "fails" },
            f.model
        );
    }
    // every verdict is its criteria: each fact has some, each criterion's
    // verdict is its rule applied to its value, and the fact holds exactly
    // when all pass
    for f in &facts {
        assert!(!f.checks.is_empty(), "{} has no criteria", f.id);
        for c in &f.checks {
            assert_eq!(c.passed, c.rule.passes(c.value), "{} {c:?}", f.id);
        }
        assert_eq!(f.holds, f.checks.iter().all(|c| c.passed), "{}", f.id);
    }
    for id in ["F2", "F3", "F4", "F5", "F7", "F8", "F9", "F10", "F11"] {
        let f = facts.iter().find(|f| f.id == id).unwrap();
        assert!(f.holds, "{id} ({}) no longer holds: {}", f.title, f.model);
    }
}

/// The baseline screen of `--robustness`: a draw is kept exactly when its
/// baseline is inside both bands at both moments, the suite runs on the kept
/// draws only, and the same seed gives the same draws.
#[test]
fn robustness_keeps_only_draws_whose_baseline_is_rural_indonesia() {
    let opts = Options {
        replications: 2,
        villages: 2,
        households_per_village: 100,
        ..Options::default()
    };
    let r = evidence::robustness(&opts, design(1, 7, Screen::Baseline), &[], |_| {}).unwrap();
    assert!(!r.screen.is_empty());
    let inside = |x: f64, (lo, hi): (f64, f64)| (lo..=hi).contains(&x);
    for (k, b, kept) in &r.screen {
        let expect = b.is_some_and(|b| {
            inside(b.poverty_start, POVERTY_BAND)
                && inside(b.poverty_end, POVERTY_BAND)
                && inside(b.gini_start, GINI_BAND)
                && inside(b.gini_end, GINI_BAND)
        });
        assert_eq!(*kept, expect, "candidate {k}: {b:?}");
    }
    let kept: Vec<usize> = r.screen.iter().filter(|s| s.2).map(|s| s.0).collect();
    let ran: Vec<usize> = r.facts.iter().map(|f| f.0).collect();
    assert_eq!(
        ran, kept,
        "the suite ran on the kept draws, and only on them"
    );
    assert!(r.valid <= 1);
    if r.valid == 1 {
        assert_eq!(
            r.screen.last().map(|s| s.2),
            Some(true),
            "screening stops at the draw that completes the count"
        );
    }
    let again = evidence::robustness(&opts, design(1, 7, Screen::Baseline), &[], |_| {}).unwrap();
    assert_eq!(again.screen, r.screen, "same seed, same screen");
    // `--draw N` rebuilds each candidate from its number alone: the same
    // drawn values, the same screen verdict, and for a kept draw the same facts
    let n = r.screen.len();
    for (j, (k, b, kept)) in r.screen.iter().enumerate() {
        let settings = evidence::draw_settings(design(1, 7, Screen::Baseline), &[], *k).unwrap();
        let values: Vec<(&str, f64)> = settings
            .iter()
            .map(|(key, s)| (*key, s.value.as_float().unwrap()))
            .collect();
        assert_eq!(values, r.draws[j], "candidate {k}");
        let rebuilt = evidence::experiment(&opts, &settings)
            .ok()
            .map(|exp| evidence::baseline(&exp).unwrap());
        assert_eq!(rebuilt, *b, "candidate {k}");
        assert_eq!(rebuilt.is_some_and(|b| b.in_bands()), *kept);
    }
    if let Some((k, facts)) = r.facts.first() {
        let settings = evidence::draw_settings(design(1, 7, Screen::Baseline), &[], *k).unwrap();
        let again = evidence::run(&opts, &settings).unwrap();
        let verdicts = |f: &[evidence::FactResult]| -> Vec<(&str, bool, String)> {
            f.iter().map(|f| (f.id, f.holds, f.model.clone())).collect()
        };
        assert_eq!(verdicts(&again), verdicts(facts), "candidate {k}");
    }
    assert_eq!(
        evidence::draw_settings(design(1, 7, Screen::Baseline), &[], 31),
        None,
        "one draw screened has 30 candidates"
    );
    assert!(evidence::draw_settings(design(1, 7, Screen::Baseline), &[], 0).is_none());
    assert!(n <= evidence::CANDIDATES_PER_DRAW);
}

/// A key fixed with `--set` keeps its value in every robustness draw and is
/// not drawn; the other keys are drawn as before.
#[test]
fn robustness_holds_keys_set_fixed() {
    use berdaya::scenario::load::{Origin, Setting};
    let opts = Options {
        replications: 2,
        villages: 1,
        households_per_village: 40,
        ..Options::default()
    };
    let fixed = [(
        "infrastructure.min_scale",
        Setting {
            value: toml::Value::Float(0.0),
            origin: Origin::flag("--set infrastructure.min_scale=0"),
        },
    )];
    let free = evidence::robustness(&opts, design(1, 7, Screen::None), &[], |_| {}).unwrap();
    let held = evidence::robustness(&opts, design(1, 7, Screen::None), &fixed, |_| {}).unwrap();
    let keys =
        |r: &evidence::Robustness| -> Vec<&str> { r.draws[0].iter().map(|(k, _)| *k).collect() };
    assert!(keys(&free).contains(&"infrastructure.min_scale"));
    assert!(!keys(&held).contains(&"infrastructure.min_scale"));
    assert_eq!(keys(&held).len() + 1, keys(&free).len());
    assert_eq!(held.valid, 1);
}

/// The two priors of the robustness draws, on the hypercube's own points:
/// uniform maps a point `u` to `lo + u (hi − lo)`, PERT to the PERT quantile
/// with its mode at the default; every value stays inside the plausible
/// range, and over 40 stratified draws each key's mean sits at the prior's
/// mean — the middle of the range, or `(lo + 4 default + hi) / 6`.
#[test]
fn robustness_priors_spread_each_key_as_they_say() {
    use berdaya::scenario::registry;
    let n = 40;
    for prior in [Prior::Uniform, Prior::Pert] {
        let d = Design {
            draws: n,
            seed: 5,
            screen: Screen::None,
            prior,
        };
        let draws: Vec<Vec<(&str, f64)>> = (1..=n)
            .map(|k| {
                evidence::draw_settings(d, &[], k)
                    .unwrap()
                    .iter()
                    .map(|(key, s)| (*key, s.value.as_float().unwrap()))
                    .collect()
            })
            .collect();
        let cube = berdaya::sensitivity::latin_hypercube(n, draws[0].len(), 5);
        for (j, (key, _)) in draws[0].iter().enumerate() {
            let p = registry().iter().find(|p| p.key == *key).unwrap();
            let (lo, hi) = p.spec.plausible.unwrap();
            let m = p.default.as_float().unwrap();
            let mut sum = 0.0;
            for (k, row) in draws.iter().enumerate() {
                let x = row[j].1;
                assert!(lo <= x && x <= hi, "{prior} {key}: {x} outside {lo}..{hi}");
                let u = cube[k][j];
                let want = match prior {
                    Prior::Uniform => lo + u * (hi - lo),
                    Prior::Pert => berdaya::stats::pert_quantile(u, lo, m, hi),
                };
                assert_eq!(x, want, "{prior} {key} draw {}", k + 1);
                sum += x;
            }
            let mean = match prior {
                Prior::Uniform => 0.5 * (lo + hi),
                Prior::Pert => (lo + 4.0 * m.clamp(lo, hi) + hi) / 6.0,
            };
            let got = sum / n as f64;
            assert!(
                (got - mean).abs() <= 0.02 * (hi - lo),
                "{prior} {key}: mean {got} against {mean} (range {lo}..{hi}, default {m})"
            );
        }
    }
}

/// `robustness_drivers.csv`'s numbers: for each fact that both holds and
/// fails among the draws, each drawn key's Spearman correlation with the
/// fact holding, recomputed here from the draws and the facts themselves.
#[test]
fn robustness_drivers_are_the_rank_correlations_of_the_draws() {
    let opts = Options {
        replications: 2,
        villages: 1,
        households_per_village: 40,
        ..Options::default()
    };
    let r = evidence::robustness(&opts, design(5, 3, Screen::None), &[], |_| {}).unwrap();
    assert_eq!(r.valid, 5);
    let d = evidence::drivers(&r);
    assert!(
        !d.is_empty(),
        "some fact holds in some draws and not in others"
    );
    let ids: Vec<&str> = r.facts[0].1.iter().map(|f| f.id).collect();
    for (f, id) in ids.iter().enumerate() {
        let holds: Vec<f64> = r
            .facts
            .iter()
            .map(|(_, fs)| if fs[f].holds { 1.0 } else { 0.0 })
            .collect();
        let mixed = holds.contains(&1.0) && holds.contains(&0.0);
        let rows: Vec<&evidence::Driver> = d.iter().filter(|x| x.fact == *id).collect();
        assert_eq!(!rows.is_empty(), mixed, "{id}: rows only for a mixed fact");
        for w in rows.windows(2) {
            assert!(w[0].rho.abs() >= w[1].rho.abs(), "{id}: strongest first");
        }
        for row in rows {
            let k = r.draws[0]
                .iter()
                .position(|(key, _)| *key == row.key)
                .unwrap();
            let x: Vec<f64> = r.facts.iter().map(|(c, _)| r.draws[c - 1][k].1).collect();
            let want = evidence::drivers::spearman(&x, &holds).unwrap();
            assert!((row.rho - want).abs() < 1e-12, "{id} {}", row.key);
            assert_eq!(row.draws, 5);
        }
    }
    // what moves each criterion's value: for a criterion that fails in some
    // draw, every drawn key's Spearman rho with its value over the draws with
    // a value, recomputed here; none for a criterion that always passes
    let v = evidence::value_drivers(&r);
    assert!(!v.is_empty(), "some criterion fails in some draw");
    for (f, id) in ids.iter().enumerate() {
        for (c, check) in r.facts[0].1[f].checks.iter().enumerate() {
            let rows: Vec<&evidence::ValueDriver> = v
                .iter()
                .filter(|x| x.fact == *id && x.what == check.what)
                .collect();
            let fails = r.facts.iter().any(|(_, fs)| !fs[f].checks[c].passed);
            if !fails {
                assert!(rows.is_empty(), "{id} {}: passes everywhere", check.what);
                continue;
            }
            let kept: Vec<(usize, f64)> = r
                .facts
                .iter()
                .map(|(d, fs)| (*d, fs[f].checks[c].value))
                .filter(|(_, y)| !y.is_nan())
                .collect();
            let y: Vec<f64> = kept.iter().map(|(_, y)| *y).collect();
            let mut want = 0;
            for (k, (key, _)) in r.draws[0].iter().enumerate() {
                let x: Vec<f64> = kept.iter().map(|(d, _)| r.draws[d - 1][k].1).collect();
                let Some(rho) = evidence::drivers::spearman(&x, &y) else {
                    assert!(rows.iter().all(|row| row.key != *key));
                    continue;
                };
                want += 1;
                let row = rows.iter().find(|row| row.key == *key).unwrap();
                assert!((row.rho - rho).abs() < 1e-12, "{id} {} {key}", check.what);
                assert_eq!(row.draws, kept.len());
            }
            assert_eq!(
                rows.len(),
                want,
                "{id} {}: one row per varying key",
                check.what
            );
            for w in rows.windows(2) {
                assert!(w[0].rho.abs() >= w[1].rho.abs(), "strongest first");
            }
        }
    }
}
