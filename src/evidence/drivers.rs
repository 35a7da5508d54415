//! Which drawn parameters separate the robustness draws in which a fact
//! holds from those in which it fails: the Spearman rank correlation of each
//! drawn key with the fact's outcome (holds = 1, fails = 0) over the kept
//! draws (`robustness_drivers.csv`; docs/ODD.md §9). With 20 draws a
//! correlation of 0.44 is about what chance alone reaches one time in twenty
//! (|ρ| > 1.96 / √(n − 1)), so read them as leads to check, not findings.

use super::Robustness;

/// One fact's rank correlation with one drawn key.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    pub fact: &'static str,
    pub key: &'static str,
    /// Spearman's ρ of the key's value with the fact holding (1) or not (0).
    pub rho: f64,
    /// Draws it is computed over.
    pub draws: usize,
}

/// Average ranks (1-based) of `v`, ties sharing the mean of their ranks.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            r[k] = mean_rank;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation (Pearson's on average ranks); `None` when
/// either variable is constant or there are fewer than three pairs.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 3 {
        return None;
    }
    pearson(&ranks(x), &ranks(y))
}

/// Pearson's correlation of two rank vectors of equal length (at least
/// three); `None` when either is constant.
fn pearson(rx: &[f64], ry: &[f64]) -> Option<f64> {
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// For every fact that holds in some kept draws and fails in others, the
/// rank correlation of each drawn key with it, strongest first within a
/// fact (facts in suite order; keys that do not vary are left out).
pub fn drivers(r: &Robustness) -> Vec<Driver> {
    let Some((_, first)) = r.facts.first() else {
        return Vec::new();
    };
    let kept: Vec<usize> = r.facts.iter().map(|(d, _)| *d).collect();
    let mut out = Vec::new();
    for (f, fact) in first.iter().enumerate() {
        let holds: Vec<f64> = r
            .facts
            .iter()
            .map(|(_, facts)| f64::from(u8::from(facts[f].holds)))
            .collect();
        out.extend(
            ranked(r, &kept, &holds)
                .into_iter()
                .map(|(key, rho)| Driver {
                    fact: fact.id,
                    key,
                    rho,
                    draws: kept.len(),
                }),
        );
    }
    out
}

/// Every drawn key's Spearman rho with `y` over the candidates `draws`
/// (1-based, as in `r.facts`), strongest first, ties by key; keys that do not
/// vary left out.
fn ranked(r: &Robustness, draws: &[usize], y: &[f64]) -> Vec<(&'static str, f64)> {
    let Some(&first) = draws.first() else {
        return Vec::new();
    };
    if draws.len() != y.len() || y.len() < 3 {
        return Vec::new();
    }
    // the criterion's ranks once, each key's against them
    let ry = ranks(y);
    let mut rows: Vec<(&'static str, f64)> = r.draws[first - 1]
        .iter()
        .enumerate()
        .filter_map(|(k, (key, _))| {
            let x: Vec<f64> = draws.iter().map(|d| r.draws[d - 1][k].1).collect();
            Some((*key, pearson(&ranks(&x), &ry)?))
        })
        .collect();
    rows.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
    rows
}

/// One criterion's rank correlation with one drawn key: what moves the
/// criterion's value over the draws, whether or not it passes.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueDriver {
    pub fact: &'static str,
    /// The criterion (`Check::what`).
    pub what: &'static str,
    pub key: &'static str,
    /// Spearman's ρ of the key's value with the criterion's value.
    pub rho: f64,
    /// Draws it is computed over (the kept draws whose value is a number).
    pub draws: usize,
}

/// For every criterion that fails in some kept draw, the rank correlation of
/// each drawn key with the criterion's value over the kept draws, strongest
/// first within a criterion (criteria in report order; keys that do not vary
/// and draws whose value is not a number are left out). Where a fact's holding
/// is a yes or no, the value says how far from its bound each draw fell, so
/// it finds the keys that move a fact from fewer draws than [`drivers`].
pub fn value_drivers(r: &Robustness) -> Vec<ValueDriver> {
    let Some((_, first)) = r.facts.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (f, fact) in first.iter().enumerate() {
        for (c, check) in fact.checks.iter().enumerate() {
            if r.facts.iter().all(|(_, facts)| facts[f].checks[c].passed) {
                continue;
            }
            let (kept, y): (Vec<usize>, Vec<f64>) = r
                .facts
                .iter()
                .map(|(d, facts)| (*d, facts[f].checks[c].value))
                .filter(|(_, v)| !v.is_nan())
                .unzip();
            out.extend(
                ranked(r, &kept, &y)
                    .into_iter()
                    .map(|(key, rho)| ValueDriver {
                        fact: fact.id,
                        what: check.what,
                        key,
                        rho,
                        draws: kept.len(),
                    }),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_against_hand_computed_values() {
        // x 1..5 against a split 0 0 1 1 1: ranks of y 1.5 1.5 4 4 4,
        // Σ dx·dy = 7.5, Σ dx² = 10, Σ dy² = 7.5, ρ = 7.5 / √75
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let rho = spearman(&x, &[0.0, 0.0, 1.0, 1.0, 1.0]).unwrap();
        assert!((rho - 7.5 / 75f64.sqrt()).abs() < 1e-12, "{rho}");
        // any monotone transform: ±1
        let y: Vec<f64> = x.iter().map(|v: &f64| v.exp()).collect();
        assert!((spearman(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        let z: Vec<f64> = x.iter().map(|v| -v * v).collect();
        assert!((spearman(&x, &z).unwrap() + 1.0).abs() < 1e-12);
        // ties in x get the mean of their ranks: x ranks 1 2.5 2.5 4
        assert_eq!(ranks(&[1.0, 3.0, 3.0, 7.0]), vec![1.0, 2.5, 2.5, 4.0]);
        // undefined: a constant, or too few pairs
        assert_eq!(spearman(&x, &[1.0; 5]), None);
        assert_eq!(spearman(&[1.0, 2.0], &[0.0, 1.0]), None);
    }

    fn fact(id: &'static str, holds: bool) -> crate::evidence::FactResult {
        crate::evidence::FactResult {
            id,
            title: "",
            source: "",
            field: "",
            model: String::new(),
            holds,
            title_id: "",
            field_id: "",
            model_id: String::new(),
            checks: Vec::new(),
        }
    }

    #[test]
    fn drivers_rank_the_keys_that_split_holds_from_fails() {
        // four candidates; candidate 2 was screened out (no facts); F1 holds
        // in the draws where `a` is high, F2 in every draw (no driver)
        let draw = |a: f64, b: f64, c: f64| vec![("k.a", a), ("k.b", b), ("k.c", c)];
        let r = Robustness {
            draws: vec![
                draw(0.1, 5.0, 0.3),
                draw(9.0, 5.0, 0.1),
                draw(0.9, 5.0, 0.2),
                draw(0.5, 5.0, 0.4),
            ],
            facts: vec![
                (1, vec![fact("F1", false), fact("F2", true)]),
                (3, vec![fact("F1", true), fact("F2", true)]),
                (4, vec![fact("F1", true), fact("F2", true)]),
            ],
            valid: 3,
            ..Default::default()
        };
        let d = drivers(&r);
        // F2 never fails: no rows; k.b is constant: no row
        assert!(d.iter().all(|x| x.fact == "F1" && x.key != "k.b"), "{d:?}");
        assert_eq!(d.len(), 2);
        // over candidates 1, 3, 4: a = 0.1, 0.9, 0.5 against 0, 1, 1
        assert_eq!(d[0].key, "k.a");
        let want = spearman(&[0.1, 0.9, 0.5], &[0.0, 1.0, 1.0]).unwrap();
        assert_eq!(d[0].rho, want);
        assert!(want > 0.8);
        assert_eq!(d[0].draws, 3);
        // c = 0.3, 0.2, 0.4 against 0, 1, 1: weaker, second
        assert_eq!(d[1].key, "k.c");
        assert!(d[1].rho.abs() < d[0].rho.abs());
    }

    /// A fact with one criterion, `<= 4.3`, at `value`.
    fn valued(id: &'static str, value: f64) -> crate::evidence::FactResult {
        use crate::evidence::{Check, Rule};
        let mut f = fact(id, value <= 4.3);
        f.checks = vec![Check::new("return", "", value, Rule::AtMost(4.3))];
        f
    }

    #[test]
    fn value_drivers_rank_the_keys_that_move_a_failing_criterion() {
        // five kept draws; the criterion's value is exp(a) (a monotone
        // function of `a`: rho = 1), falls with `c`, and is NaN in draw 5,
        // which is left out; F2's criterion never fails: no rows
        let draw = |a: f64, b: f64, c: f64| vec![("k.a", a), ("k.b", b), ("k.c", c)];
        let r = Robustness {
            draws: vec![
                draw(1.0, 5.0, 0.9),
                draw(2.0, 5.0, 0.1),
                draw(1.5, 5.0, 0.7),
                draw(0.5, 5.0, 0.8),
                draw(3.0, 5.0, 0.0),
            ],
            facts: (1..=5)
                .map(|d| {
                    let a = [1.0f64, 2.0, 1.5, 0.5, 3.0][d - 1];
                    let v = if d == 5 { f64::NAN } else { a.exp() };
                    (d, vec![valued("F9", v), valued("F2", 1.0)])
                })
                .collect(),
            valid: 5,
            ..Default::default()
        };
        let d = value_drivers(&r);
        assert!(
            d.iter().all(|x| x.fact == "F9" && x.what == "return"),
            "{d:?}"
        );
        // k.b is constant: two rows, k.a first with rho exactly 1 over the
        // four draws with a value
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].key, d[0].draws), ("k.a", 4));
        assert!((d[0].rho - 1.0).abs() < 1e-12, "{}", d[0].rho);
        // c = 0.9, 0.1, 0.7, 0.8 (ranks 4, 1, 2, 3) against values ranked
        // 2, 4, 3, 1: sum of squared rank differences 18, rho = 1 - 6*18/60
        assert_eq!(d[1].key, "k.c");
        assert!((d[1].rho + 0.8).abs() < 1e-12, "{}", d[1].rho);
        // a criterion that passes in every draw has no drivers
        let mut all_pass = r.clone();
        for (_, facts) in &mut all_pass.facts {
            facts[0] = valued("F9", 1.0);
        }
        assert!(value_drivers(&all_pass).is_empty());
    }
}
