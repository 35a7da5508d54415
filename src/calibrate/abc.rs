//! ABC-SMC: approximate Bayesian computation by sequential Monte Carlo
//! (population Monte Carlo of Beaumont, Cornuet, Marin & Robert 2009;
//! Toni et al. 2009), with an adaptive tolerance (each generation's
//! tolerance is the `alpha` quantile of the previous generation's distances,
//! as in Del Moral, Doucet & Jasra 2012 and Drovandi & Pettitt 2011) and a
//! Gaussian perturbation kernel whose covariance is twice the weighted
//! covariance of the previous generation (Beaumont et al. 2009).
//!
//! Priors are independent: uniform over a range, or PERT over it (most
//! likely at the key's default). The distance is the sum of squared
//! standardised errors `Σ ((s_k - y_k) / se_k)²` of the simulated statistics
//! `s` against the observed values `y`.
//!
//! Determinism: attempt `k` of generation `t` draws its proposal and its
//! simulation seed from a generator keyed by `(seed, t, k)` only; attempts
//! run in parallel in batches and are accepted in attempt order, so the
//! posterior is the same bits on any number of threads.

use crate::rng::{ModelRng, normal, splitmix64, unit_f64};
use rand::SeedableRng;
use rayon::prelude::*;

/// The prior of one parameter on [`low`, `high`]: uniform, or PERT with its
/// most likely value at `mode`.
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    pub key: String,
    pub low: f64,
    pub high: f64,
    /// The most likely value of a PERT prior; `None`: uniform.
    pub mode: Option<f64>,
}

impl Prior {
    fn contains(&self, x: f64) -> bool {
        x >= self.low && x <= self.high
    }

    /// The prior's value at quantile `u` in [0, 1).
    pub fn quantile(&self, u: f64) -> f64 {
        match self.mode {
            None => self.low + (self.high - self.low) * u,
            Some(m) => crate::stats::pert_quantile(u, self.low, m, self.high),
        }
    }

    /// The prior density at `x` relative to a uniform's on the same range
    /// (1 for a uniform prior): what the importance weights need, since a
    /// constant factor cancels when they are normalised.
    pub fn relative_density(&self, x: f64) -> f64 {
        match self.mode {
            None => 1.0,
            Some(m) => (self.high - self.low) * crate::stats::pert_pdf(x, self.low, m, self.high),
        }
    }
}

/// Settings of the sampler.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Particles per generation.
    pub particles: usize,
    /// Generations after the first (prior) one, at most.
    pub generations: usize,
    /// Quantile of the previous distances that becomes the next tolerance.
    pub alpha: f64,
    /// Stop when a generation accepts fewer than this share of its attempts.
    pub min_acceptance: f64,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            particles: 200,
            generations: 5,
            alpha: 0.5,
            min_acceptance: 0.02,
            seed: 2026,
        }
    }
}

/// One accepted parameter set.
#[derive(Debug, Clone, PartialEq)]
pub struct Particle {
    pub theta: Vec<f64>,
    /// Normalised importance weight.
    pub weight: f64,
    pub distance: f64,
    /// The simulated statistics, one per target.
    pub stats: Vec<f64>,
}

/// One generation of the sampler.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    /// Tolerance (infinite for the prior generation).
    pub epsilon: f64,
    pub attempts: usize,
    pub particles: Vec<Particle>,
}

/// The distance of simulated statistics to the observed values.
pub fn distance(stats: &[f64], observed: &[(f64, f64)]) -> f64 {
    let d: f64 = stats
        .iter()
        .zip(observed)
        .map(|(s, (y, se))| ((s - y) / se.max(1e-300)).powi(2))
        .sum();
    if d.is_finite() { d } else { f64::INFINITY }
}

fn attempt_rng(seed: u64, generation: usize, attempt: usize) -> ModelRng {
    let mut h = splitmix64(seed ^ 0xABC5_0000_0000_0000);
    for part in [generation as u64, attempt as u64] {
        h = splitmix64(h ^ part);
    }
    ModelRng::seed_from_u64(h)
}

/// A simulator: parameters and a seed in, one statistic per target out.
pub type Simulator<'a> = dyn Fn(&[f64], u64) -> Vec<f64> + Sync + 'a;

/// Particles per generation (at least 2).
pub fn particles(settings: &Settings) -> usize {
    settings.particles.max(2)
}

/// Most attempts a generation may make before it gives up.
pub fn max_attempts(settings: &Settings) -> usize {
    let n = particles(settings);
    ((n as f64 / settings.min_acceptance.max(1e-6)).ceil() as usize).max(n)
}

/// Whether the sampler stops after a generation that needed `attempts`
/// for its particles (its acceptance fell below `min_acceptance`).
pub fn stops_after(g: &Generation, settings: &Settings) -> bool {
    (particles(settings) as f64 / g.attempts as f64) < settings.min_acceptance
}

/// Attempt `k` of the prior generation: a draw from the priors, simulated.
pub fn prior_particle(
    priors: &[Prior],
    observed: &[(f64, f64)],
    settings: &Settings,
    k: usize,
    sim: &Simulator,
) -> Particle {
    let n = particles(settings);
    let mut r = attempt_rng(settings.seed, 0, k);
    let theta: Vec<f64> = priors
        .iter()
        .map(|p| p.quantile(unit_f64(&mut r)))
        .collect();
    let seed = splitmix64(unit_bits(&mut r));
    let stats = sim(&theta, seed);
    Particle {
        distance: distance(&stats, observed),
        theta,
        weight: 1.0 / n as f64,
        stats,
    }
}

/// How generation `t` >= 1 proposes from the generation before: its
/// tolerance, kernel and resampling weights.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub t: usize,
    /// The tolerance: the `alpha` quantile of the previous distances.
    pub eps: f64,
    chol: Vec<Vec<f64>>,
    cum: Vec<f64>,
    priors: Vec<Prior>,
}

impl Proposal {
    /// The proposal of generation `t` from `prev`; `None` when the
    /// tolerance is not finite (the sampler stops).
    pub fn new(t: usize, prev: &[Particle], priors: &[Prior], settings: &Settings) -> Option<Self> {
        let mut ds: Vec<f64> = prev.iter().map(|p| p.distance).collect();
        ds.sort_by(f64::total_cmp);
        let eps = crate::stats::quantile_sorted(&ds, settings.alpha);
        if !eps.is_finite() {
            return None;
        }
        Some(Proposal {
            t,
            eps,
            chol: kernel_cholesky(prev, priors),
            cum: cumulative(prev),
            priors: priors.to_vec(),
        })
    }

    /// Attempt `k`: the accepted particle (weight 0 until [`Self::weigh`]),
    /// or `None`.
    pub fn attempt(
        &self,
        priors: &[Prior],
        observed: &[(f64, f64)],
        prev: &[Particle],
        seed: u64,
        k: usize,
        sim: &Simulator,
    ) -> Option<Particle> {
        propose(
            priors, observed, prev, &self.cum, &self.chol, seed, self.t, k, self.eps, sim,
        )
    }

    /// Attempts `ks` in parallel (in the current pool), in order.
    pub fn attempts(
        &self,
        priors: &[Prior],
        observed: &[(f64, f64)],
        prev: &[Particle],
        seed: u64,
        ks: &[usize],
        sim: &Simulator,
    ) -> Vec<Option<Particle>> {
        ks.par_iter()
            .map(|&k| self.attempt(priors, observed, prev, seed, k, sim))
            .collect()
    }

    /// The importance weights of a full generation.
    pub fn weigh(&self, accepted: &mut [Particle], prev: &[Particle]) {
        weigh(accepted, prev, &self.chol, &self.priors);
    }
}

/// Attempts `from..` of a generation, in batches, until `accepted` holds
/// the generation's particles or the attempts run out; `attempts` counts
/// up to and including the last one needed (the same on any number of
/// threads and however the attempts before `from` were run).
#[allow(clippy::too_many_arguments)]
pub fn fill(
    priors: &[Prior],
    observed: &[(f64, f64)],
    settings: &Settings,
    prev: &[Particle],
    proposal: &Proposal,
    sim: &Simulator,
    accepted: &mut Vec<Particle>,
    attempts: &mut usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) {
    let n = particles(settings);
    let max_attempts = max_attempts(settings);
    while accepted.len() < n && *attempts < max_attempts {
        let batch = ((n - accepted.len()) * 2)
            .max(16)
            .min(max_attempts - *attempts);
        let ks: Vec<usize> = (*attempts..*attempts + batch).collect();
        let results = proposal.attempts(priors, observed, prev, settings.seed, &ks, sim);
        for (i, r) in results.into_iter().enumerate() {
            if let Some(p) = r {
                accepted.push(p);
                if accepted.len() == n {
                    *attempts += i + 1;
                    break;
                }
            }
            if i + 1 == batch {
                *attempts += batch;
            }
        }
        progress(proposal.t, accepted.len());
    }
}

/// Runs ABC-SMC; returns every generation, the posterior last.
/// `progress(generation, accepted)` is called after each batch.
pub fn run(
    priors: &[Prior],
    observed: &[(f64, f64)],
    settings: &Settings,
    sim: &Simulator,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Generation> {
    let n = particles(settings);
    // generation 0: the prior
    let first: Vec<Particle> = (0..n)
        .into_par_iter()
        .map(|k| prior_particle(priors, observed, settings, k, sim))
        .collect();
    progress(0, n);
    let mut gens = vec![Generation {
        epsilon: f64::INFINITY,
        attempts: n,
        particles: first,
    }];
    for t in 1..=settings.generations {
        match next_generation(priors, observed, settings, &gens[t - 1], t, sim, progress) {
            Some(g) => {
                let stop = stops_after(&g, settings);
                gens.push(g);
                if stop {
                    break;
                }
            }
            None => break,
        }
    }
    gens
}

/// Generation `t` from `prev`, all attempts here; `None` when the sampler
/// stops instead (no finite tolerance, or too few acceptances).
fn next_generation(
    priors: &[Prior],
    observed: &[(f64, f64)],
    settings: &Settings,
    prev: &Generation,
    t: usize,
    sim: &Simulator,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Option<Generation> {
    let prev = &prev.particles;
    let proposal = Proposal::new(t, prev, priors, settings)?;
    let mut accepted = Vec::with_capacity(particles(settings));
    let mut attempts = 0;
    fill(
        priors,
        observed,
        settings,
        prev,
        &proposal,
        sim,
        &mut accepted,
        &mut attempts,
        progress,
    );
    finish(settings, prev, &proposal, accepted, attempts)
}

/// A generation from its accepted particles (in attempt order): weighed,
/// or `None` if there are too few (the tolerance cannot be met often
/// enough: the last full generation is kept).
pub fn finish(
    settings: &Settings,
    prev: &[Particle],
    proposal: &Proposal,
    mut accepted: Vec<Particle>,
    attempts: usize,
) -> Option<Generation> {
    if accepted.len() < particles(settings) {
        return None;
    }
    proposal.weigh(&mut accepted, prev);
    Some(Generation {
        epsilon: proposal.eps,
        attempts,
        particles: accepted,
    })
}

fn unit_bits(r: &mut ModelRng) -> u64 {
    (unit_f64(r) * (1u64 << 53) as f64) as u64
}

fn cumulative(prev: &[Particle]) -> Vec<f64> {
    let mut acc = 0.0;
    prev.iter()
        .map(|p| {
            acc += p.weight;
            acc
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn propose(
    priors: &[Prior],
    observed: &[(f64, f64)],
    prev: &[Particle],
    cum: &[f64],
    chol: &[Vec<f64>],
    seed: u64,
    t: usize,
    k: usize,
    eps: f64,
    sim: &Simulator,
) -> Option<Particle> {
    let mut r = attempt_rng(seed, t, k);
    let u = unit_f64(&mut r) * cum.last().copied().unwrap_or(1.0);
    let j = cum.partition_point(|&c| c < u).min(prev.len() - 1);
    let z: Vec<f64> = (0..priors.len()).map(|_| normal(&mut r)).collect();
    let theta: Vec<f64> = (0..priors.len())
        .map(|a| prev[j].theta[a] + (0..=a).map(|b| chol[a][b] * z[b]).sum::<f64>())
        .collect();
    let sim_seed = splitmix64(unit_bits(&mut r));
    if !priors.iter().zip(&theta).all(|(p, &x)| p.contains(x)) {
        return None;
    }
    let stats = sim(&theta, sim_seed);
    let d = distance(&stats, observed);
    (d <= eps).then_some(Particle {
        theta,
        weight: 0.0,
        distance: d,
        stats,
    })
}

/// Lower Cholesky factor of twice the weighted covariance of `prev`
/// (a small ridge keeps it positive definite).
fn kernel_cholesky(prev: &[Particle], priors: &[Prior]) -> Vec<Vec<f64>> {
    let d = priors.len();
    let mean: Vec<f64> = (0..d)
        .map(|a| prev.iter().map(|p| p.weight * p.theta[a]).sum())
        .collect();
    let mut cov = vec![vec![0.0; d]; d];
    for a in 0..d {
        for b in 0..d {
            cov[a][b] = 2.0
                * prev
                    .iter()
                    .map(|p| p.weight * (p.theta[a] - mean[a]) * (p.theta[b] - mean[b]))
                    .sum::<f64>();
        }
        let width = priors[a].high - priors[a].low;
        cov[a][a] += (1e-6 * width).powi(2);
    }
    cholesky(&cov)
}

fn cholesky(m: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let d = m.len();
    let mut l = vec![vec![0.0; d]; d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                l[i][j] = (m[i][i] - s).max(1e-300).sqrt();
            } else {
                l[i][j] = (m[i][j] - s) / l[j][j];
            }
        }
    }
    l
}

/// Importance weights: prior density (constant inside a uniform box;
/// relative to it for PERT priors) over the mixture of kernels around the
/// previous particles.
fn weigh(accepted: &mut [Particle], prev: &[Particle], chol: &[Vec<f64>], priors: &[Prior]) {
    let d = chol.len();
    for p in accepted.iter_mut() {
        let prior: f64 = priors
            .iter()
            .zip(&p.theta)
            .map(|(q, &x)| q.relative_density(x))
            .product();
        let mix: f64 = prev
            .iter()
            .map(|q| {
                // solve L y = (theta - q.theta); density ∝ exp(-|y|²/2)
                let mut y = vec![0.0; d];
                for a in 0..d {
                    let s: f64 = (0..a).map(|b| chol[a][b] * y[b]).sum();
                    y[a] = (p.theta[a] - q.theta[a] - s) / chol[a][a];
                }
                q.weight * (-0.5 * y.iter().map(|v| v * v).sum::<f64>()).exp()
            })
            .sum();
        p.weight = if mix > 0.0 { prior / mix } else { 0.0 };
    }
    let total: f64 = accepted.iter().map(|p| p.weight).sum();
    for p in accepted.iter_mut() {
        p.weight = if total > 0.0 {
            p.weight / total
        } else {
            1.0 / prev.len() as f64
        };
    }
}

/// Weighted quantile of one coordinate of the particles.
pub fn weighted_quantile(values: &[(f64, f64)], q: f64) -> f64 {
    let mut v: Vec<(f64, f64)> = values.iter().copied().filter(|x| x.0.is_finite()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = v.iter().map(|x| x.1).sum();
    let mut acc = 0.0;
    for &(x, w) in &v {
        acc += w;
        if acc >= q * total - 1e-12 {
            return x;
        }
    }
    v[v.len() - 1].0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A conjugate check: y ~ N(theta, 1), theta ~ U(-5, 5), y_obs = 1.
    /// The posterior is about N(1, 1): its 5-95% interval about [-0.64, 2.64].
    #[test]
    fn a_gaussian_mean_is_recovered() {
        let priors = [Prior {
            key: "x".into(),
            low: -5.0,
            high: 5.0,
            mode: None,
        }];
        let sim = |th: &[f64], seed: u64| {
            let mut r = ModelRng::seed_from_u64(seed);
            vec![th[0] + normal(&mut r)]
        };
        let s = Settings {
            particles: 400,
            generations: 6,
            seed: 3,
            ..Default::default()
        };
        let gens = run(&priors, &[(1.0, 1.0)], &s, &sim, &|_, _| {});
        let post = &gens.last().unwrap().particles;
        let v: Vec<(f64, f64)> = post.iter().map(|p| (p.theta[0], p.weight)).collect();
        let (lo, med, hi) = (
            weighted_quantile(&v, 0.05),
            weighted_quantile(&v, 0.5),
            weighted_quantile(&v, 0.95),
        );
        assert!(gens.len() >= 4, "{} generations", gens.len());
        assert!((med - 1.0).abs() < 0.3, "median {med}");
        assert!(lo > -1.6 && lo < 0.0, "low {lo}");
        assert!(hi > 2.0 && hi < 3.6, "high {hi}");
        // the same on one thread
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let again = one.install(|| run(&priors, &[(1.0, 1.0)], &s, &sim, &|_, _| {}));
        assert_eq!(again, gens);
    }

    /// With data that say nothing about the parameter, every generation's
    /// weighted particles stay a sample of the prior: the importance weights
    /// carry the PERT density (without it the later generations would drift
    /// toward a uniform over the range).
    #[test]
    fn an_uninformative_calibration_gives_back_a_pert_prior() {
        // PERT on [0, 10] most likely at 0: Beta(1, 5) scaled, mean 10/6,
        // median 10 (1 - 0.5^(1/5))
        let priors = [Prior {
            key: "x".into(),
            low: 0.0,
            high: 10.0,
            mode: Some(0.0),
        }];
        let sim = |_: &[f64], seed: u64| {
            let mut r = ModelRng::seed_from_u64(seed);
            vec![normal(&mut r)]
        };
        let s = Settings {
            particles: 2000,
            generations: 4,
            seed: 11,
            ..Default::default()
        };
        let gens = run(&priors, &[(0.0, 1.0)], &s, &sim, &|_, _| {});
        assert!(gens.len() >= 3, "{} generations", gens.len());
        let (mean, median) = (10.0 / 6.0, 10.0 * (1.0 - 0.5_f64.powf(0.2)));
        for g in &gens {
            let v: Vec<(f64, f64)> = g.particles.iter().map(|p| (p.theta[0], p.weight)).collect();
            let m: f64 =
                v.iter().map(|(x, w)| x * w).sum::<f64>() / v.iter().map(|x| x.1).sum::<f64>();
            let med = weighted_quantile(&v, 0.5);
            assert!((m - mean).abs() < 0.2, "mean {m} against {mean}");
            assert!((med - median).abs() < 0.2, "median {med} against {median}");
        }
    }
}
