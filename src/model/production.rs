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
