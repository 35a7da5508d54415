//! Morris elementary-effects screening (Morris 1991), with the μ* measure of
//! Campolongo, Cariboni & Saltelli (2007).
//!
//! **Design.** The unit cube is discretised into `p` levels
//! `{0, 1/(p−1), …, 1}` (`p` even, default 4) and the step is
//! `Δ = p / (2(p − 1))`, i.e. `p/2` levels. Each of the `r` trajectories has
//! `d + 1` points and is built as in Morris (1991) and SALib's
//! `morris.sample` (without trajectory optimisation or groups):
//!
//! 1. a random base point `x*` whose coordinates are drawn uniformly from the
//!    levels `{0, 1/(p−1), …, 1 − Δ}` (so that `x* + Δ` stays in `[0, 1]`);
//! 2. a random order in which the factors move (a uniform permutation,
//!    Fisher–Yates);
//! 3. a random direction for each factor (`±1`, fair coin).
//!
//! A factor with direction `+1` starts at `x*_i` and moves to `x*_i + Δ`; one
//! with direction `−1` starts at `x*_i + Δ` and moves to `x*_i`. This is
//! `B* = (J x* + (Δ/2)((2B − J)D* + J)) P*` of Morris (1991). For
//! each trajectory the generator draws, in this order, the `d` base levels,
//! the permutation, then the `d` directions, from one
//! `Xoshiro256PlusPlus::seed_from_u64(seed)` shared by all trajectories, so a
//! seed fixes the design. Points are listed trajectory after trajectory
//! (`r·(d + 1)` points), as SALib does.
//!
//! **Estimators.** The elementary effect of the factor `i` that changes
//! between consecutive points is, in unit-cube scale,
//! `EE_i = (y(x + Δe_i) − y(x)) / Δ`, i.e. the output difference of the step
//! divided by `+Δ` when the factor went up and `−Δ` when it went down (as
//! SALib). Per factor, over the `r` trajectories: `μ = mean(EE)`,
//! `μ* = mean(|EE|)` (Campolongo et al. 2007), `σ = sd(EE)` with divisor
//! `r − 1` (`NaN` when `r = 1`), and a bootstrap interval for μ* by
//! resampling trajectories (seeded; percentile bounds plus SALib's
//! `mu_star_conf = z_{(1+level)/2} × bootstrap sd`).
//!
//! References: Morris, M. D. (1991), *Factorial sampling plans for
//! preliminary computational experiments*, Technometrics 33(2):161–174;
//! Campolongo, F., Cariboni, J., Saltelli, A. (2007), *An effective screening
//! design for sensitivity analysis of large models*, Environmental Modelling &
//! Software 22(10):1509–1518.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::{BootstrapOptions, SensitivityError, check_outputs};
use crate::stats::{Welford, bootstrap_many, normal_quantile};

/// Default number of grid levels `p`.
pub const DEFAULT_LEVELS: usize = 4;

fn default_levels() -> usize {
    DEFAULT_LEVELS
}

/// The Morris step `Δ = p / (2(p − 1))` for `p` levels (`NaN` for `p < 2`).
pub fn morris_delta(levels: usize) -> f64 {
    if levels < 2 {
        return f64::NAN;
    }
    levels as f64 / (2.0 * (levels - 1) as f64)
}

/// A Morris design of `trajectories` one-at-a-time trajectories.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MorrisDesign {
    /// Number of trajectories `r`.
    pub trajectories: usize,
    /// Number of parameters `d`.
    pub dims: usize,
    /// Number of grid levels `p` (even, at least 2).
    #[serde(default = "default_levels")]
    pub levels: usize,
    /// Seed of the generator.
    pub seed: u64,
}

impl MorrisDesign {
    /// A design with `trajectories >= 1`, `dims >= 1` and an even number of
    /// `levels >= 2` (use [`DEFAULT_LEVELS`] = 4 when in doubt).
    pub fn new(
        trajectories: usize,
        dims: usize,
        levels: usize,
        seed: u64,
    ) -> Result<Self, SensitivityError> {
        let d = Self {
            trajectories,
            dims,
            levels,
            seed,
        };
        d.validate()?;
        Ok(d)
    }

    fn validate(&self) -> Result<(), SensitivityError> {
        if self.trajectories == 0 || self.dims == 0 {
            return Err(SensitivityError::InvalidArgument(format!(
                "a Morris design needs trajectories >= 1 and dims >= 1, got {} and {}",
                self.trajectories, self.dims
            )));
        }
        if self.levels < 2 || !self.levels.is_multiple_of(2) {
            return Err(SensitivityError::InvalidArgument(format!(
                "Morris levels must be even and at least 2 (so that Δ = p/(2(p-1)) lies on the grid), got {}",
                self.levels
            )));
        }
        Ok(())
    }

    /// The step `Δ` in unit-cube scale.
    pub fn delta(&self) -> f64 {
        morris_delta(self.levels)
    }

    /// Number of points, `r·(d + 1)` (saturating).
    pub fn n_points(&self) -> usize {
        self.trajectories
            .saturating_mul(self.dims.saturating_add(1))
    }

    /// The `r·(d + 1)` points, trajectory after trajectory.
    pub fn points(&self) -> Result<Vec<Vec<f64>>, SensitivityError> {
        self.validate()?;
        let d = self.dims;
        let half = self.levels / 2; // Δ in level units
        let top = (self.levels - 1) as f64;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        let mut out = Vec::with_capacity(self.n_points());
        let mut base = vec![0usize; d];
        let mut order: Vec<usize> = (0..d).collect();
        let mut up = vec![true; d];
        for _ in 0..self.trajectories {
            for b in base.iter_mut() {
                *b = rng.random_range(0..half);
            }
            for (i, o) in order.iter_mut().enumerate() {
                *o = i;
            }
            for i in (1..d).rev() {
                let j = rng.random_range(0..=i);
                order.swap(i, j);
            }
            for u in up.iter_mut() {
                *u = rng.random::<bool>();
            }
            let mut level: Vec<usize> = base
                .iter()
                .zip(&up)
                .map(|(&b, &u)| if u { b } else { b + half })
                .collect();
            out.push(level.iter().map(|&l| l as f64 / top).collect());
            for &f in &order {
                level[f] = if up[f] {
                    level[f] + half
                } else {
                    level[f] - half
                };
                out.push(level.iter().map(|&l| l as f64 / top).collect());
            }
        }
        Ok(out)
    }

    /// Morris indices from outputs given in point order.
    pub fn analyze(
        &self,
        outputs: &[f64],
        boot: &BootstrapOptions,
    ) -> Result<MorrisIndices, SensitivityError> {
        let points = self.points()?;
        analyze_morris(&points, outputs, self.dims, self.levels, boot)
    }
}

/// Morris measures per parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MorrisIndices {
    /// Mean elementary effect μ.
    pub mu: Vec<f64>,
    /// Mean absolute elementary effect μ* (Campolongo et al. 2007).
    pub mu_star: Vec<f64>,
    /// Standard deviation of the elementary effects σ (divisor `r − 1`).
    pub sigma: Vec<f64>,
    /// Lower percentile-bootstrap bound of μ*.
    pub mu_star_conf_low: Vec<f64>,
    /// Upper percentile-bootstrap bound of μ*.
    pub mu_star_conf_high: Vec<f64>,
    /// SALib's `mu_star_conf`: `z_{(1+level)/2}` × bootstrap sd of μ*.
    pub mu_star_conf: Vec<f64>,
}

/// Elementary effects `ee[i][t]` of parameter `i` in trajectory `t`, from
/// unit-cube `points` (`r` trajectories of `dims + 1` points each) and the
/// matching `outputs`, with step `delta`.
///
/// Each step must change exactly one coordinate, and each parameter must
/// change exactly once per trajectory; otherwise
/// [`SensitivityError::InvalidTrajectory`]. The effect is the output
/// difference divided by `+delta` or `−delta` according to the direction of
/// the change.
pub fn elementary_effects(
    points: &[Vec<f64>],
    outputs: &[f64],
    dims: usize,
    delta: f64,
) -> Result<Vec<Vec<f64>>, SensitivityError> {
    if dims == 0 || delta.is_nan() || delta <= 0.0 || delta.is_infinite() {
        return Err(SensitivityError::InvalidArgument(format!(
            "elementary effects need dims >= 1 and delta > 0, got {dims} and {delta}"
        )));
    }
    let stride = dims + 1;
    if points.is_empty() || !points.len().is_multiple_of(stride) {
        return Err(SensitivityError::InvalidArgument(format!(
            "{} points is not a whole number of trajectories of {stride} points",
            points.len()
        )));
    }
    check_outputs(outputs, points.len())?;
    if let Some(bad) = points.iter().position(|p| p.len() != dims) {
        return Err(SensitivityError::InvalidArgument(format!(
            "point {bad} has {} coordinates, expected {dims}",
            points[bad].len()
        )));
    }
    let r = points.len() / stride;
    let mut ee = vec![vec![f64::NAN; r]; dims];
    let tol = 1e-9 * delta;
    let trajectories = points
        .chunks_exact(stride)
        .zip(outputs.chunks_exact(stride));
    for (t, (pts, ys)) in trajectories.enumerate() {
        let mut done = vec![false; dims];
        for step in 0..dims {
            let (p0, p1) = (&pts[step], &pts[step + 1]);
            let mut changed = None;
            for (i, (a, b)) in p0.iter().zip(p1).enumerate() {
                let diff = b - a;
                if diff.abs() > tol {
                    if changed.is_some() {
                        return Err(SensitivityError::InvalidTrajectory {
                            trajectory: t,
                            step,
                        });
                    }
                    changed = Some((i, diff));
                }
            }
            let Some((i, diff)) = changed else {
                return Err(SensitivityError::InvalidTrajectory {
                    trajectory: t,
                    step,
                });
            };
            if done[i] {
                return Err(SensitivityError::InvalidTrajectory {
                    trajectory: t,
                    step,
                });
            }
            done[i] = true;
            let dy = ys[step + 1] - ys[step];
            ee[i][t] = if diff > 0.0 { dy / delta } else { -dy / delta };
        }
    }
    Ok(ee)
}

/// Morris μ, μ*, σ and a bootstrap interval of μ* from unit-cube `points`
/// (`r` trajectories of `dims + 1` points, e.g. from [`MorrisDesign`] or
/// SALib's `morris.sample` rescaled to `[0, 1]`) on a grid of `levels`
/// levels, and the matching `outputs`. Equivalent to SALib's
/// `morris.analyze(problem, X, Y, num_levels=levels)` up to the bootstrap
/// draws.
pub fn analyze_morris(
    points: &[Vec<f64>],
    outputs: &[f64],
    dims: usize,
    levels: usize,
    boot: &BootstrapOptions,
) -> Result<MorrisIndices, SensitivityError> {
    let delta = morris_delta(levels);
    let ee = elementary_effects(points, outputs, dims, delta)?;
    let r = ee.first().map_or(0, Vec::len);
    let mut mu = Vec::with_capacity(dims);
    let mut mu_star = Vec::with_capacity(dims);
    let mut sigma = Vec::with_capacity(dims);
    for e in &ee {
        let w: Welford = e.iter().copied().collect();
        mu.push(e.iter().sum::<f64>() / r as f64);
        mu_star.push(e.iter().map(|x| x.abs()).sum::<f64>() / r as f64);
        sigma.push(w.sd());
    }
    let intervals = bootstrap_many(r, boot.n_boot, boot.seed, boot.level, dims, |idx, out| {
        for (o, e) in out.iter_mut().zip(&ee) {
            *o = idx.iter().map(|&t| e[t].abs()).sum::<f64>() / idx.len() as f64;
        }
    });
    let z = normal_quantile(0.5 + 0.5 * boot.level);
    Ok(MorrisIndices {
        mu,
        mu_star,
        sigma,
        mu_star_conf_low: intervals.iter().map(|b| b.low).collect(),
        mu_star_conf_high: intervals.iter().map(|b| b.high).collect(),
        mu_star_conf: intervals.iter().map(|b| z * b.sd).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(design: &MorrisDesign, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
        design.points().unwrap().iter().map(|p| f(p)).collect()
    }

    #[test]
    fn trajectories_are_well_formed() {
        let design = MorrisDesign::new(50, 6, 4, 99).unwrap();
        assert!((design.delta() - 2.0 / 3.0).abs() < 1e-15);
        let pts = design.points().unwrap();
        assert_eq!(pts.len(), 50 * 7);
        let grid = [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0];
        let mut ups = 0;
        let mut downs = 0;
        for t in 0..50 {
            let traj = &pts[t * 7..(t + 1) * 7];
            let mut moved = [false; 6];
            for w in traj.windows(2) {
                let changed: Vec<usize> = (0..6).filter(|&i| w[0][i] != w[1][i]).collect();
                assert_eq!(changed.len(), 1);
                let i = changed[0];
                assert!(!moved[i]);
                moved[i] = true;
                let diff = w[1][i] - w[0][i];
                assert!((diff.abs() - design.delta()).abs() < 1e-12);
                if diff > 0.0 {
                    ups += 1;
                } else {
                    downs += 1;
                }
            }
            for p in traj {
                assert!(p.iter().all(|u| grid.iter().any(|g| (g - u).abs() < 1e-15)));
            }
        }
        // Both directions occur (fair coin over 300 steps).
        assert!(ups > 100 && downs > 100, "{ups} up, {downs} down");
        // p = 6: levels k/5, Δ = 3/5.
        let p6 = MorrisDesign::new(10, 3, 6, 1).unwrap();
        assert!((p6.delta() - 0.6).abs() < 1e-15);
        assert!(
            p6.points()
                .unwrap()
                .iter()
                .flatten()
                .all(|&u| (0.0..=1.0).contains(&u))
        );
        assert!(MorrisDesign::new(10, 3, 5, 1).is_err());
        assert!(MorrisDesign::new(0, 3, 4, 1).is_err());
    }

    #[test]
    fn deterministic_in_seed() {
        let a = MorrisDesign::new(20, 5, 4, 7).unwrap();
        let b = MorrisDesign::new(20, 5, 4, 7).unwrap();
        let c = MorrisDesign::new(20, 5, 4, 8).unwrap();
        assert_eq!(a.points().unwrap(), b.points().unwrap());
        assert_ne!(a.points().unwrap(), c.points().unwrap());
    }

    #[test]
    fn linear_function_exact() {
        let c = [2.0, -3.5, 0.25, 10.0, 0.0];
        let design = MorrisDesign::new(30, c.len(), 4, 5).unwrap();
        let y = run(&design, |u| u.iter().zip(&c).map(|(u, c)| u * c).sum());
        let m = design.analyze(&y, &BootstrapOptions::default()).unwrap();
        for (i, &ci) in c.iter().enumerate() {
            assert!((m.mu[i] - ci).abs() < 1e-12, "mu[{i}] = {}", m.mu[i]);
            assert!((m.mu_star[i] - ci.abs()).abs() < 1e-12);
            assert!(m.sigma[i].abs() < 1e-12);
            assert!((m.mu_star_conf_low[i] - ci.abs()).abs() < 1e-12);
            assert!((m.mu_star_conf_high[i] - ci.abs()).abs() < 1e-12);
        }
    }

    #[test]
    fn inert_parameters_and_ranking() {
        // y depends strongly on x0, less on x1, weakly on x2, not on x3, x4.
        let f = |u: &[f64]| 10.0 * u[0] * u[0] + 3.0 * u[1] + 4.0 * u[0] * u[2];
        let design = MorrisDesign::new(40, 5, 4, 2024).unwrap();
        let y = run(&design, f);
        let boot = BootstrapOptions {
            n_boot: 500,
            seed: 1,
            level: 0.95,
        };
        let m = design.analyze(&y, &boot).unwrap();
        assert_eq!(m.mu_star[3], 0.0);
        assert_eq!(m.mu_star[4], 0.0);
        assert_eq!(m.sigma[3], 0.0);
        assert!(m.mu_star[0] > m.mu_star[1]);
        assert!(m.mu_star[1] > m.mu_star[2]);
        assert!(m.mu_star[2] > 0.1);
        // x1 enters linearly: all its effects equal 3.
        assert!((m.mu[1] - 3.0).abs() < 1e-12 && m.sigma[1] < 1e-12);
        // x0 is non-linear / interacting: σ > 0.
        assert!(m.sigma[0] > 0.5);
        for i in 0..5 {
            assert!(m.mu_star_conf_low[i] <= m.mu_star[i] + 1e-12);
            assert!(m.mu_star[i] <= m.mu_star_conf_high[i] + 1e-12);
        }
        assert_eq!(design.analyze(&y, &boot).unwrap(), m);
    }

    #[test]
    fn bad_inputs_are_errors() {
        let design = MorrisDesign::new(3, 2, 4, 0).unwrap();
        let mut pts = design.points().unwrap();
        let y = vec![1.0; pts.len()];
        assert!(analyze_morris(&pts, &y, 2, 4, &BootstrapOptions::default()).is_ok());
        pts[1] = pts[0].clone();
        assert_eq!(
            analyze_morris(&pts, &y, 2, 4, &BootstrapOptions::default()),
            Err(SensitivityError::InvalidTrajectory {
                trajectory: 0,
                step: 0
            })
        );
        assert!(analyze_morris(&pts[..5], &y[..5], 2, 4, &BootstrapOptions::default()).is_err());
        // One trajectory: σ undefined.
        let one = MorrisDesign::new(1, 2, 4, 0).unwrap();
        let y1 = run(&one, |u| u[0]);
        let m = one.analyze(&y1, &BootstrapOptions::default()).unwrap();
        assert!(m.sigma[0].is_nan());
        assert!((m.mu[0] - 1.0).abs() < 1e-12);
    }
}
