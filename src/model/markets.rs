//! Village markets for goods and labour (F10; C7, C17b, C16b): a village
//! economy with limits.
//!
//! A household's output and its labour are sold in its own village. Without
//! markets every price or skill gain would be income for ever, and a program
//! could raise output without lowering a price or raising a wage. Here the
//! month's price of village goods and the month's wage clear against last
//! month's quantities, before households choose how to work
//! ([`clear`], at the start of the village month).
//!
//! **Goods.** Output `Q` (Rp at reference prices) is bought by villagers,
//! who spend `local_share` of their consumption `C` on village goods, and by
//! outside traders, whose demand has the price elasticity
//! `ε = elasticity_closed + (elasticity_open − elasticity_closed) × access`: a remote village
//! faces a thin, inelastic outside market, a connected one an elastic one.
//! The price index `P` (1 at the reference) solves, in value,
//! `P Q = local_share × C + O P^{1−ε}`, with outside demand at the reference
//! `O = Q_ref − local_share × C_ref` (at least a tenth of `Q_ref`). The
//! references are the village's own averages over the burn-in (no
//! program, shared by every arm), so the baseline price stays near 1 and a
//! program that raises output lowers the price, more so in a remote village;
//! a program that raises villagers' spending raises it (the local multiplier).
//!
//! **Idle capacity** (`idle_capacity`, F12). Village shops, stalls and
//! workshops are not run at full capacity: when villagers spend more than at
//! the reference, the extra local demand `E = local_share × (C − C_ref)` is
//! first met by selling more with the same capital and labour, up to
//! `idle_capacity × Q`, at the going price; only the rest raises the price.
//! The price then clears `P (Q + x) = local_share × C + O P^{1−ε}` with
//! `x = min(max(E, 0), idle_capacity × Q)`, and every enterprise in the
//! village sells `U = 1 + x / Q` times its output (the utilization index),
//! so its revenue is `y × P × U`. A transfer that raises spending therefore
//! becomes sellers' income instead of a higher price that crowds out
//! outside buyers: the local multiplier of Egger et al. (2022). A program
//! that raises output with spending unchanged meets no idle demand: its
//! price falls as before. Less spending than the reference lowers the price
//! as before (the asymmetry is deliberate: slack is capacity already paid
//! for, not a promise of sales).
//! Infrastructure raises market access: the netback price toward the
//! district price ([`super::production::market_factor`], never above it) and
//! the elasticity of outside demand, not every price without bound.
//!
//! **Labour.** Village and outside employers demand wage labour with the
//! elasticity `labour_elasticity`; the local part of that demand
//! (`labour_local_share`) moves with villagers' spending. The wage index
//! moves each month a share `wage_adjustment` of the way to the level that
//! clears last month's labour offered against demand: `W* = (L / (L_ref ×
//! (1 + labour_local_share (C/C_ref − 1))))^{−1/labour_elasticity}`. When
//! the poor leave casual wage work for their own enterprise, the wage of
//! those who stay rises (F10: Bandiera et al. 2017).
//!
//! Both indices are bounded to [0.2, 5] (a guard, never reached in the
//! shipped scenarios).

use super::params::Params;
use super::production::{Terms, market_factor};
use super::village::Village;

/// Lowest and highest price and wage index.
const INDEX_MIN: f64 = 0.2;
const INDEX_MAX: f64 = 5.0;
/// Weight of the current month in the burn-in averages that set the
/// references.
const REFERENCE_WEIGHT: f64 = 0.1;

/// A village's markets: the month's price and wage indices, last month's
/// quantities and the references.
#[derive(Debug, Clone, Copy, Default)]
pub struct Market {
    /// Price of village goods relative to the reference (1 in the burn-in).
    pub price_index: f64,
    /// Wage relative to the reference (1 in the burn-in).
    pub wage_index: f64,
    /// Sales per unit of output relative to the reference, from idle
    /// capacity (1 in the burn-in, at least 1).
    pub utilization: f64,
    /// Last month's enterprise output at reference prices (Rp).
    pub quantity: f64,
    /// Last month's wage labour offered (labour units).
    pub labour: f64,
    /// Last month's household consumption (Rp).
    pub spending: f64,
    /// References: burn-in averages of the three quantities (0 until set).
    pub quantity_ref: f64,
    pub labour_ref: f64,
    pub spending_ref: f64,
}

impl Market {
    /// Indices at 1, no references yet.
    pub fn new() -> Market {
        Market {
            price_index: 1.0,
            wage_index: 1.0,
            utilization: 1.0,
            ..Market::default()
        }
    }
}

/// The terms a village's markets offer its households this month, before
/// price shocks and premia.
#[inline]
pub fn terms(v: &Village, p: &Params) -> Terms {
    Terms {
        price: market_factor(p, v.market_access as f64)
            * v.market.price_index
            * v.market.utilization,
        wage: p.wage_ref * v.market.wage_index,
        labour_demand: v.labour_demand as f64,
    }
}

/// Sets the month's price and wage indices from last month's quantities. In
/// the burn-in (`month <= 0`) the indices stay at 1 and the references
/// follow the quantities (an exponential average); after it they are fixed.
pub fn clear(v: &mut Village, p: &Params, month: i32) {
    let m = &mut v.market;
    if m.quantity <= 0.0 && m.labour <= 0.0 {
        return; // nothing produced yet (the first month of a world)
    }
    if month <= 0 || m.quantity_ref <= 0.0 {
        let w = if m.quantity_ref <= 0.0 {
            1.0
        } else {
            REFERENCE_WEIGHT
        };
        m.quantity_ref += w * (m.quantity - m.quantity_ref);
        m.labour_ref += w * (m.labour - m.labour_ref);
        m.spending_ref += w * (m.spending - m.spending_ref);
        m.price_index = 1.0;
        m.wage_index = 1.0;
        m.utilization = 1.0;
        return;
    }
    let mk = &p.scenario.markets;
    let access = v.market_access as f64;
    let eps = mk.elasticity_closed + (mk.elasticity_open - mk.elasticity_closed) * access;
    let local = mk.local_share * m.spending;
    let idle = idle_sales(
        local,
        mk.local_share * m.spending_ref,
        m.quantity,
        mk.idle_capacity,
    );
    m.price_index = goods_price(
        m.quantity + idle,
        local,
        (m.quantity_ref - mk.local_share * m.spending_ref).max(0.1 * m.quantity_ref),
        eps,
        m.price_index,
    );
    m.utilization = if m.quantity > 0.0 {
        1.0 + idle / m.quantity
    } else {
        1.0
    };
    let demand_shift =
        (1.0 + mk.labour_local_share * (m.spending / m.spending_ref.max(1.0) - 1.0)).max(0.1);
    let target = if m.labour > 0.0 && m.labour_ref > 0.0 {
        (m.labour / (m.labour_ref * demand_shift)).powf(-1.0 / mk.labour_elasticity)
    } else {
        m.wage_index
    };
    m.wage_index =
        (m.wage_index + mk.wage_adjustment * (target - m.wage_index)).clamp(INDEX_MIN, INDEX_MAX);
}

/// Local demand above the reference (`local − local_ref`, Rp) met from idle
/// capacity: at most `idle_capacity × q`, never negative.
#[inline]
pub fn idle_sales(local: f64, local_ref: f64, q: f64, idle_capacity: f64) -> f64 {
    (local - local_ref).max(0.0).min(idle_capacity * q)
}

/// The price index `P` that clears `P q = local + outside P^{1−ε}` (value
/// terms), by Newton's method from `start` (the left side minus the right is
/// increasing and concave in `P`, so the iteration converges).
pub fn goods_price(q: f64, local: f64, outside: f64, eps: f64, start: f64) -> f64 {
    if q <= 0.0 {
        return INDEX_MAX;
    }
    let mut x = start.clamp(INDEX_MIN, INDEX_MAX);
    for _ in 0..8 {
        let pe = x.powf(-eps);
        let f = x * q - local - outside * pe * x;
        let df = q + (eps - 1.0) * outside * pe;
        let next = (x - f / df).clamp(INDEX_MIN, INDEX_MAX);
        if (next - x).abs() < 1e-10 {
            x = next;
            break;
        }
        x = next;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::{goods_price, idle_sales};

    #[test]
    fn price_clears_the_goods_market() {
        // at the reference the price is 1
        let (q, local, eps) = (100.0, 30.0, 3.0);
        let outside = q - local;
        assert!((goods_price(q, local, outside, eps, 1.3) - 1.0).abs() < 1e-9);
        // more output lowers the price; the value equation holds
        let p = goods_price(120.0, local, outside, eps, 1.0);
        assert!(p < 1.0);
        let residual = p * 120.0 - local - outside * p.powf(1.0 - eps);
        assert!(residual.abs() < 1e-6, "residual {residual}");
        // with unit-elastic outside demand the village's revenue is fixed
        let p1 = goods_price(150.0, local, outside, 1.0, 1.0);
        assert!((p1 * 150.0 - 100.0).abs() < 1e-6);
        // more local spending raises the price
        assert!(goods_price(q, 40.0, outside, eps, 1.0) > 1.0);
        // a more elastic outside market lets the price fall less
        assert!(goods_price(120.0, local, outside, 6.0, 1.0) > p);
    }

    #[test]
    fn idle_capacity_meets_extra_local_demand_at_the_reference_price() {
        let (q, local_ref, eps) = (100.0, 30.0, 3.0);
        let outside = q - local_ref;
        // 6 more of local spending, slack of 10%: all of it is sold from
        // idle capacity, the price stays at the reference, sellers' revenue
        // rises by the whole 6, and outside buyers buy as much as before
        let local = 36.0;
        let x = idle_sales(local, local_ref, q, 0.1);
        assert_eq!(x, 6.0);
        let p = goods_price(q + x, local, outside, eps, 1.0);
        assert!((p - 1.0).abs() < 1e-9, "price {p}");
        assert!((p * (q + x) - (q + 6.0)).abs() < 1e-6);
        // without slack the same spending raises the price and crowds out
        // outside buyers: revenue rises by less than the extra spending
        let p0 = goods_price(q, local, outside, eps, 1.0);
        assert!(p0 > 1.0 && p0 * q < q + 6.0, "price {p0}");
        // slack is capped; less spending than the reference meets no slack
        assert_eq!(idle_sales(60.0, local_ref, q, 0.1), 10.0);
        assert_eq!(idle_sales(20.0, local_ref, q, 0.1), 0.0);
        assert_eq!(idle_sales(local, local_ref, q, 0.0), 0.0);
    }
}
