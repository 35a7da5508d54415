//! Infrastructure and market access (C17b, C6, C1).
//!
//! A village's infrastructure stock (Rp, program money plus the community's
//! matching contribution) closes the gap between its initial market access
//! and full access: each `cost_per_point` of stock closes a fifth of the gap
//! that remains (0.1 of access for a village at 0.5), so the same road gains
//! a remote village more than a connected one (the first road matters most:
//! returns to rural roads are highest where there were none), up to
//! `max_access` — but only once the stock reaches `min_scale`: a road that
//! stops short of the market does nothing, so a budget spread too thin over
//! many villages is wasted (C6). The stock decays
//! at `decay` a month, half as fast where an enabler program gave the community
//! ownership of what was built (C1, C9). Market access sets the price received
//! and the share of output that cannot be sold ([`super::production::market_factor`]).

use super::params::Params;
use super::village::Village;

/// Monthly update of the stock and of market access.
pub fn update(v: &mut Village, p: &Params) {
    if v.infra_stock <= 0.0 {
        return;
    }
    let inf = &p.scenario.infrastructure;
    let decay = if p.enabler && p.has(crate::scenario::Component::Infrastructure) {
        0.5 * inf.decay
    } else {
        inf.decay
    };
    v.infra_stock *= 1.0 - decay;
    v.market_access = access(v.base_access as f64, v.infra_stock, p) as f32;
}

/// Share of the gap to full access that remains after `cost_per_point` of
/// infrastructure stock (docs/ODD.md §7.12).
pub const GAP_KEPT: f64 = 0.8;

/// Market access given the initial access and the infrastructure stock.
pub fn access(base: f64, stock: f64, p: &Params) -> f64 {
    let inf = &p.scenario.infrastructure;
    if stock <= 0.0 || stock < inf.min_scale {
        return base;
    }
    let cap = inf.max_access.max(base);
    let gap = (1.0 - base).max(0.0) * GAP_KEPT.powf(stock / inf.cost_per_point);
    (1.0 - gap).min(cap)
}
