//! Production and work: the technology of a household (MODEL.md step 5).
//!
//! **Production (C14, C16, C17a, C17b; F4, F8).** A household has `L` labour
//! units (1 + `extra_member_labour` per extra member; an illness removes a
//! share). Each unit earns the wage `w = wage_daily * work_days *
//! (1 - premium/2 + premium*skill) * (0.5 + 0.5*health) * employment`, where
//! employment is the village's labour demand plus outside work reachable with
//! information. Its enterprise turns `l` labour units and capital `K` into
//! output worth `R * sqrt(l K) * harvest`, with `R = price * sold_share * A *
//! (0.5 + skill) * (0.5 + 0.5*health)`, where `A` jumps from `tfp_low` to
//! `tfp_high` at the capital threshold: the non-convexity behind the poverty
//! trap (F4). The household chooses `l` to maximise `w (L - l) + R sqrt(l K)`:
//! `l* = K R^2 / (4 w^2)`, capped at `L`. More capital pulls labour out of
//! wage work: own enterprise and wage work substitute (F8). Capital, skill,
//! health and the price received multiply: the constraints are complements
//! (F1, F3).
//!
//! This file holds the technology only (pure functions of a household's
//! opportunity and capital); the monthly pass that applies it to every
//! household is [`super::economy::produce`], and credit, groups and the
//! population builder use the same functions to value a loan or an initial
//! income.

use super::household::Households;
use super::params::Params;

/// Price received times the share sold, before this month's price shock.
pub fn market_factor(p: &Params, market_access: f64) -> f64 {
    crate::scenario::derived::netback(&p.scenario.infrastructure, market_access)
}

/// Labour units of a household of `size` persons.
#[inline(always)]
pub fn labour_units(p: &Params, size: f64) -> f64 {
    1.0 + p.scenario.economy.extra_member_labour * (size - 1.0)
}

/// What a village's markets offer its households this month
/// ([`super::markets::terms`]): the price an enterprise receives per unit of
/// output (relative to the district price, after transport and unsold
/// output: at most 1), the wage of a labour unit of average skill and full
/// health at full employment, and the share of wage labour that finds local
/// work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Terms {
    pub price: f64,
    pub wage: f64,
    pub labour_demand: f64,
}

/// Output elasticities of labour and capital in the enterprise (`l^α K^β`,
/// α = β = 1/3): returns to scale of 2/3, the rest going to fixed factors
/// (land, the owner's management, the local demand a small business
/// reaches). Fixed (not a scenario key) because the closed forms below use
/// square roots for these values.
pub const ALPHA: f64 = 1.0 / 3.0;
pub const BETA: f64 = 1.0 / 3.0;

/// A household's earning opportunities in a month: its wage per labour unit,
/// its enterprise productivity before the technology factor, and its labour.
#[derive(Debug, Clone, Copy)]
pub struct Opportunity {
    pub w: f64,
    inv_3w: f64,
    inv_sqrt_3w: f64,
    pub base_r: f64,
    pub labour: f64,
}

impl Opportunity {
    #[inline(always)]
    pub fn new(p: &Params, t: &Terms, labour: f64, skill: f64, health: f64, info: f64) -> Self {
        let e = &p.scenario.economy;
        let productivity = 0.5 + 0.5 * health;
        let employment = (t.labour_demand + e.outside_work * info).min(1.0);
        let w = (t.wage
            * (1.0 - 0.5 * e.skill_premium + e.skill_premium * skill)
            * productivity
            * employment)
            .max(1.0);
        Opportunity {
            w,
            inv_3w: 1.0 / (3.0 * w),
            inv_sqrt_3w: (1.0 / (3.0 * w)).sqrt(),
            base_r: t.price * (0.5 + skill) * productivity,
            labour,
        }
    }

    /// Household `i`'s opportunity from its state: the labour of its size,
    /// its skill, health and information, and the productivity of its
    /// current business opportunity (the credit appraisal and the population
    /// builder value a household this way; the monthly pass computes the same
    /// from its own slices).
    #[inline]
    pub fn of_household(p: &Params, t: &Terms, hh: &Households, i: usize) -> Self {
        Opportunity::new(
            p,
            t,
            labour_units(p, hh.size[i] as f64),
            hh.skill[i] as f64,
            hh.health[i] as f64,
            hh.info[i] as f64,
        )
        .with_opportunity(hh.opportunity[i] as f64)
    }

    /// The same opportunity with enterprise productivity multiplied by `z`,
    /// the productivity of the household's current business opportunity
    /// (mean 1; `z = 1` leaves every number bit for bit as it was).
    #[inline(always)]
    pub fn with_opportunity(mut self, z: f64) -> Self {
        self.base_r *= z;
        self
    }

    /// With capital `k` and technology `tfp`, under the best labour split of
    /// `w (L − l) + R l^⅓ K^⅓` (`R = base_r × tfp`): (wage income, enterprise
    /// output before the harvest, marginal return on capital). Interior
    /// optimum: output `y = R^{3/2} sqrt(K) / sqrt(3w)`, labour `l* = y / (3w)`;
    /// when labour binds (`l* ≥ L`): `y = R (L K)^{1/3}`, all labour in the
    /// enterprise. The marginal return on capital is `β y / K = y / (3K)` in
    /// both cases (envelope theorem), falling as capital grows.
    #[inline(always)]
    pub fn at(&self, k: f64, tfp: f64) -> (f64, f64, f64) {
        let r = self.base_r * tfp;
        let k = k.max(0.0);
        let y = r * r.sqrt() * k.sqrt() * self.inv_sqrt_3w;
        let lstar = y * self.inv_3w;
        let (wages, y) = if lstar < self.labour {
            (self.w * (self.labour - lstar), y)
        } else {
            (0.0, r * (self.labour * k).cbrt())
        };
        let marginal = if k > 0.0 { y / (3.0 * k) } else { f64::MAX };
        (wages, y, marginal)
    }
}

/// What a household earns in a month under the best split of its labour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Earnings {
    /// Wage income (Rp).
    pub wages: f64,
    /// Enterprise output before the harvest shock (Rp).
    pub output: f64,
    /// Whether the productive technology is in use (capital at or above the
    /// threshold).
    pub high_tech: bool,
}

impl Earnings {
    /// Wages plus output.
    pub fn total(&self) -> f64 {
        self.wages + self.output
    }
}

impl Opportunity {
    /// Expected earnings with capital `k`, the technology chosen by the
    /// capital threshold.
    #[inline(always)]
    pub fn earnings(&self, p: &Params, k: f64) -> Earnings {
        let high_tech = k >= p.scenario.economy.capital_threshold;
        let (wages, output, _) = self.at(k, if high_tech { p.tfp_high } else { p.tfp_low });
        Earnings {
            wages,
            output,
            high_tech,
        }
    }
}

/// Return on more capital, per rupiah a month, given the household's
/// earnings at `k` (`wage + output`, with marginal return `marginal`). Above
/// the threshold: the marginal return. Below it: the average return of
/// climbing to the threshold, `(y(K*) − y(K)) / (K* − K)`, if the household
/// can climb within [`CLIMB_MONTHS`] from what it can set aside (`climb_rate`,
/// Rp/month); otherwise the marginal return of the traditional technology.
#[inline(always)]
pub fn capital_return(
    p: &Params,
    opp: &Opportunity,
    k: f64,
    earned: f64,
    marginal: f64,
    climb_rate: f64,
) -> f64 {
    let kstar = p.scenario.economy.capital_threshold;
    if k >= kstar {
        return marginal;
    }
    let gap = kstar - k;
    if climb_rate * CLIMB_MONTHS >= gap {
        let (w1, y1, _) = opp.at(kstar, p.tfp_high);
        (w1 + y1 - earned) / gap.max(1.0)
    } else {
        marginal
    }
}

/// Months within which a household below the threshold must be able to
/// reach it for climbing to count as worth it.
pub const CLIMB_MONTHS: f64 = 36.0;

/// Business opportunities that arrive and expire (Buera, Kaboski & Shin
/// 2011, 2021): each month a household keeps the productivity `z` of its
/// current opportunity with probability `1 − q` and otherwise draws a new one
/// from a Pareto distribution of mean 1 with tail index
/// `economy.opportunity_tail`; `q = 1 − persistence^(1/12)` from the yearly
/// `economy.opportunity_persistence`. `None` when opportunities are off
/// (tail index 0: every `z` is exactly 1 and nothing is drawn).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opportunities {
    /// Monthly probability that the opportunity is redrawn.
    pub redraw: f64,
    /// Tail index (1 / Pareto exponent).
    pub tail: f64,
}

impl Opportunities {
    pub fn of(p: &Params) -> Option<Self> {
        let e = &p.scenario.economy;
        (e.opportunity_tail > 0.0).then(|| Opportunities {
            redraw: 1.0 - e.opportunity_persistence.powf(1.0 / 12.0),
            tail: e.opportunity_tail,
        })
    }

    /// The opportunity a household starts with (stationary distribution).
    #[inline]
    pub fn initial(&self, key: u64, i: usize) -> f32 {
        let u = crate::rng::keyed_unit(key, i32::MIN, i as u64, crate::rng::Purpose::Opportunity);
        crate::rng::pareto_mean_one(u, self.tail) as f32
    }

    /// Household `i`'s opportunity in `month`, given last month's `z`: one
    /// counter-based uniform `u` per household-month, shared by all arms;
    /// below `q` the opportunity is redrawn from `u / q` (itself uniform).
    #[inline(always)]
    pub fn next(&self, key: u64, month: i32, i: usize, z: f32) -> f32 {
        let u = crate::rng::keyed_unit(key, month, i as u64, crate::rng::Purpose::Opportunity);
        if u < self.redraw {
            crate::rng::pareto_mean_one(u / self.redraw, self.tail) as f32
        } else {
            z
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn opportunities(tail: f64, persistence: f64) -> Opportunities {
        let mut s = Scenario::default();
        s.economy.opportunity_tail = tail;
        s.economy.opportunity_persistence = persistence;
        Opportunities::of(&Params::new(s)).expect("on when the tail index is above 0")
    }

    #[test]
    fn opportunities_are_off_by_default_and_then_change_nothing() {
        assert_eq!(Opportunities::of(&Params::new(Scenario::default())), None);
        // a multiplier of exactly 1 leaves every number bit for bit as it was
        let p = Params::new(Scenario::default());
        let t = Terms {
            price: 0.83,
            wage: p.wage_ref,
            labour_demand: 0.8,
        };
        let opp = Opportunity::new(&p, &t, 1.7, 0.43, 0.8, 0.35);
        let same = opp.with_opportunity(1.0);
        for k in [0.0, 3.0e6, 17.0e6, 80.0e6] {
            for tfp in [p.tfp_low, p.tfp_high] {
                let (a, b) = (opp.at(k, tfp), same.at(k, tfp));
                assert_eq!(a.0.to_bits(), b.0.to_bits());
                assert_eq!(a.1.to_bits(), b.1.to_bits());
                assert_eq!(a.2.to_bits(), b.2.to_bits());
            }
        }
    }

    #[test]
    fn opportunities_are_redrawn_at_the_rate_persistence_implies() {
        let (psi, tail) = (0.894, 0.2);
        let o = opportunities(tail, psi);
        let q = 1.0 - psi.powf(1.0 / 12.0);
        assert!((o.redraw - q).abs() < 1e-15);
        let (households, months) = (4_000usize, 240i32);
        let mut z: Vec<f32> = (0..households).map(|i| o.initial(77, i)).collect();
        let mut start = z.clone();
        let (mut changed, mut kept_year, mut years) = (0usize, 0usize, 0usize);
        for month in 1..=months {
            for (i, zi) in z.iter_mut().enumerate() {
                let next = o.next(77, month, i, *zi);
                changed += usize::from(next != *zi);
                *zi = next;
            }
            if month % 12 == 0 {
                kept_year += z.iter().zip(&start).filter(|(a, b)| a == b).count();
                years += households;
                start = z.clone();
            }
        }
        let share = changed as f64 / (households as f64 * months as f64);
        // binomial standard error about 0.00003
        assert!(
            (share - q).abs() < 0.0003,
            "monthly redraw share {share} vs {q}"
        );
        let kept = kept_year as f64 / years as f64;
        assert!((kept - psi).abs() < 0.005, "kept a year {kept} vs {psi}");
        // the same keys give the same opportunities
        assert_eq!(o.next(77, 5, 3, 1.0), o.next(77, 5, 3, 1.0));
    }

    #[test]
    fn opportunities_have_mean_one_and_a_pareto_tail() {
        let tail = 0.2;
        let o = opportunities(tail, 0.894);
        let n = 200_000;
        let z: Vec<f64> = (0..n).map(|i| o.initial(5, i) as f64).collect();
        let mean = z.iter().sum::<f64>() / n as f64;
        assert!((mean - 1.0).abs() < 0.01, "mean {mean}");
        let floor = 1.0 - tail;
        assert!(z.iter().all(|&x| x >= floor as f32 as f64));
        // P(z > x) = (floor / x)^(1 / tail)
        for x in [1.0, 1.5, 2.5] {
            let share = z.iter().filter(|&&v| v > x).count() as f64 / n as f64;
            let expected = (floor / x).powf(1.0 / tail);
            assert!(
                (share / expected - 1.0).abs() < 0.06,
                "P(z > {x}) = {share}, expected {expected}"
            );
        }
    }
}
