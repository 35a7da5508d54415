//! The household economy (MODEL.md steps 5-7): production and work, shocks,
//! consumption, saving, debt and distress sales.
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
//! **Consumption (MODEL.md step 7).** Needs are the poverty line times the
//! household size. Planned consumption is expected income up to needs plus
//! `1 - saving_rate` of expected income above needs, plus `spend_down` of cash
//! above a buffer. When cash falls short of the smaller of planned consumption
//! and `subsistence_share` of needs, the household asks neighbours
//! ([`super::mutual_aid`]), then borrows informally up to a limit, then sells
//! assets at a discount: the road into the trap.

use super::demography;
use super::household::{NO_GROUP, flag, rp};
use super::metrics::Acc;
use super::params::Params;
use super::village::Village;
use crate::rng::two_units;

const SQRT6: f64 = 2.449_489_742_783_178;
/// Share of informal debt principal a household plans to repay each month.
const DEBT_YEAR: f64 = 1.0 / 12.0;

/// Price received times the share sold, before this month's price shock.
pub fn market_factor(p: &Params, market_access: f64) -> f64 {
    let inf = &p.s.infrastructure;
    (inf.price_floor + (1.0 - inf.price_floor) * market_access)
        * (1.0 - inf.unsold_max * (1.0 - market_access))
}

/// Labour units of a household of `size` persons.
#[inline(always)]
pub fn labour_units(p: &Params, size: f64) -> f64 {
    1.0 + p.s.economy.extra_member_labour * (size - 1.0)
}

/// Expected earnings of a household with `labour` units and capital `k`
/// under the best split of labour: (wage income, enterprise output before
/// the harvest shock, whether the productive technology is in use).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn earnings(
    p: &Params,
    market: f64,
    labour_demand: f64,
    labour: f64,
    skill: f64,
    health: f64,
    info: f64,
    k: f64,
) -> (f64, f64, bool) {
    let e = &p.s.economy;
    let productivity = 0.5 + 0.5 * health;
    let employment = (labour_demand + e.outside_work * info).min(1.0);
    let w = (p.wage_ref
        * (1.0 - 0.5 * e.skill_premium + e.skill_premium * skill)
        * productivity
        * employment)
        .max(1.0);
    let high = k >= e.capital_threshold;
    let tfp = if high { p.tfp_high } else { p.tfp_low };
    let r = market * tfp * (0.5 + skill) * productivity;
    let l = (k * r * r / (4.0 * w * w)).min(labour);
    (w * (labour - l), r * (l * k).sqrt(), high)
}

/// Return on more capital, per rupiah a month. Above the threshold: the
/// marginal return (`R²/(4w)` while labour is free, `R sqrt(L)/(2 sqrt K)` once
/// it binds). Below it: the average return of climbing to the threshold,
/// `(y(K*) − y(K)) / (K* − K)`, if the household can climb within
/// [`CLIMB_MONTHS`] from what it can set aside (`climb_rate`, Rp/month);
/// otherwise the marginal return of the traditional technology.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn capital_return(
    p: &Params,
    market: f64,
    labour_demand: f64,
    labour: f64,
    skill: f64,
    health: f64,
    info: f64,
    k: f64,
    climb_rate: f64,
) -> f64 {
    let e = &p.s.economy;
    let productivity = 0.5 + 0.5 * health;
    let employment = (labour_demand + e.outside_work * info).min(1.0);
    let w = (p.wage_ref
        * (1.0 - 0.5 * e.skill_premium + e.skill_premium * skill)
        * productivity
        * employment)
        .max(1.0);
    let marginal = |tfp: f64| {
        let r = market * tfp * (0.5 + skill) * productivity;
        if k * r * r / (4.0 * w * w) < labour {
            r * r / (4.0 * w)
        } else {
            r * labour.sqrt() / (2.0 * k.max(1.0).sqrt())
        }
    };
    if k >= e.capital_threshold {
        return marginal(p.tfp_high);
    }
    let gap = e.capital_threshold - k;
    if climb_rate * CLIMB_MONTHS >= gap {
        let (w0, y0, _) = earnings(p, market, labour_demand, labour, skill, health, info, k);
        let (w1, y1, _) = earnings(
            p,
            market,
            labour_demand,
            labour,
            skill,
            health,
            info,
            e.capital_threshold,
        );
        ((w1 + y1) - (w0 + y0)) / gap.max(1.0)
    } else {
        marginal(p.tfp_low)
    }
}

/// Months within which a household below the threshold must be able to
/// reach it for climbing to count as worth it.
pub const CLIMB_MONTHS: f64 = 36.0;

/// Pass A: income, shocks, planned consumption, mutual-aid asks and offers.
pub fn produce(v: &mut Village, p: &Params) {
    let e = &p.s.economy;
    let sh = &p.s.shocks;
    let ma = v.market_access as f64;
    let (u_price, _) = two_units(&mut v.rng_market);
    let price_shock = if (u_price as f64) < sh.price_shock_prob {
        1.0 - sh.price_shock_size
    } else {
        1.0
    };
    let market = market_factor(p, ma) * price_shock;
    let give = p.s.mutual_aid.give_share * v.cohesion as f64;
    let labour_demand = v.labour_demand as f64;
    let succession = 1.0 / p.s.demography.generation_months;
    let hh = &mut v.hh;
    let sc = &mut v.scratch;
    let groups = &mut v.groups;
    let n = hh.len();
    sc.resize(n);
    let mut wages_total = 0.0;
    let mut enterprise_total = 0.0;
    let mut illness_total = 0.0;
    let mut left_total = 0.0;
    for i in 0..n {
        // exactly two draws per household-month: common random numbers
        let (u_ill, u_h1) = two_units(&mut v.rng_shocks);
        let (u_h2, u_gen) = two_units(&mut v.rng_shocks);
        if (u_gen as f64) < succession {
            left_total += demography::succeed(hh, i, p, &mut v.rng_shocks);
        }
        let size = hh.size[i] as f64;
        let health = hh.health[i] as f64;
        let skill = hh.skill[i] as f64;
        let ill = (u_ill as f64) < sh.illness_rate * (1.5 - health);
        let mut labour = labour_units(p, size);
        if ill {
            labour *= 1.0 - sh.illness_labour_loss;
        }
        // collective marketing and partnership contracts raise the price received
        let gi = hh.group[i];
        let mut bonus = hh.price_bonus[i] as f64;
        if gi != NO_GROUP {
            bonus += groups[gi as usize].bonus as f64;
        }
        let mkt = market * (1.0 + bonus);
        let surplus = (hh.income_exp[i] as f64 - e.poverty_line * size).max(0.0) * e.saving_rate;
        let climb = surplus
            + (hh.cash[i] - e.buffer_months * e.poverty_line * size).max(0.0) / CLIMB_MONTHS;
        sc.ret[i] = capital_return(
            p,
            mkt,
            labour_demand,
            labour,
            skill,
            health,
            hh.info[i] as f64,
            hh.assets[i],
            climb,
        ) as f32;
        let (w_income, r_sqrt, high) = earnings(
            p,
            mkt,
            labour_demand,
            labour,
            skill,
            health,
            hh.info[i] as f64,
            hh.assets[i],
        );
        let harvest = (1.0 + sh.harvest_sd * SQRT6 * ((u_h1 + u_h2) as f64 - 1.0)).max(0.0);
        let enterprise = rp(r_sqrt * harvest);
        let wages = rp(w_income);
        sc.output[i] = enterprise as f32;
        if gi != NO_GROUP {
            groups[gi as usize].output += enterprise;
        }
        let illness = if ill { rp(sh.illness_cost) } else { 0.0 };
        let income = wages + enterprise;
        let mut f = hh.flags[i] & !(flag::ILL | flag::HIGH_TECH);
        if ill {
            f |= flag::ILL;
        }
        if high {
            f |= flag::HIGH_TECH;
        }
        hh.flags[i] = f;
        let y_exp =
            hh.income_exp[i] as f64 * (1.0 - e.income_smoothing) + income * e.income_smoothing;
        hh.income_exp[i] = y_exp as f32;
        hh.income[i] = income as f32;
        let m = hh.cash[i] + income - illness;
        let needs = e.poverty_line * size;
        // expected income net of the informal debt's interest and a year's
        // repayment of its principal
        let y_disp = (y_exp - hh.debt[i] * (e.informal_interest + DEBT_YEAR)).max(0.0);
        let planned = if y_disp <= needs {
            y_disp
        } else {
            needs + (1.0 - e.saving_rate) * (y_disp - needs)
        };
        let buffer = e.buffer_months * needs;
        let extra = m - planned - buffer;
        let want = planned
            + if extra > 0.0 {
                e.spend_down * extra
            } else {
                0.0
            }
            + sc.loan_consumed[i] as f64;
        let floor = (e.subsistence_share * needs).min(planned);
        sc.m[i] = m;
        sc.want[i] = want as f32;
        sc.gap[i] = (floor - m).max(0.0) as f32;
        sc.spare[i] = if extra > 0.0 {
            (give * extra) as f32
        } else {
            0.0
        };
        wages_total += wages;
        enterprise_total += enterprise;
        illness_total += illness;
    }
    v.enterprise_output = enterprise_total;
    if v.audit {
        v.ledger.wages += wages_total;
        v.ledger.enterprise += enterprise_total;
        v.ledger.illness += illness_total;
        v.ledger.left_with_successors += left_total;
    }
}

/// Pass C: loan installments, informal debt, consumption, distress sales,
/// saving and investment.
pub fn consume(v: &mut Village, p: &Params, month: i32, acc: &mut Acc) {
    let e = &p.s.economy;
    let cr = &p.s.credit;
    let gp = &p.s.groups;
    let jl = gp.joint_liability;
    let hh = &mut v.hh;
    let sc = &mut v.scratch;
    let groups = &mut v.groups;
    let n = hh.len();
    let keep = 1.0 - e.depreciation;
    let mut l = super::ledger::Ledger::default();
    let mut fund_repaid = 0.0;
    let mut covered = 0.0;
    for i in 0..n {
        let size = hh.size[i] as f64;
        let needs = e.poverty_line * size;
        let buffer = e.buffer_months * needs;
        let limit = e.informal_limit_months * needs;
        let mut m = sc.m[i];
        let want = sc.want[i] as f64;
        let floor = (e.subsistence_share * needs).min(want);

        // loan installment (program fund or group fund): paid when the
        // household can still meet its floor, unless it stopped paying on
        // purpose; a group covers a member's missed installment to the program
        // fund from its own fund (joint liability)
        if hh.loan[i] > 0.0 {
            acc.installments_due += 1;
            let gi = hh.group[i];
            let from_group = hh.flags[i] & flag::GROUP_LOAN != 0;
            if gi != NO_GROUP {
                groups[gi as usize].due += 1;
            }
            let due = (hh.installment[i] as f64).min(hh.loan[i]);
            if hh.flags[i] & flag::STRATEGIC == 0 && m - due >= floor {
                m -= due;
                hh.loan[i] -= due;
                if from_group {
                    let g = &mut groups[gi as usize];
                    g.fund += due;
                    g.lent -= due;
                } else {
                    v.fund.cash += due;
                    v.fund.outstanding -= due;
                    fund_repaid += due;
                }
                hh.arrears[i] = 0;
                acc.installments_paid += 1;
                l.loan_repaid += due;
                if gi != NO_GROUP {
                    groups[gi as usize].paid += 1;
                }
                if hh.loan[i] <= 0.0 {
                    hh.loan[i] = 0.0;
                    hh.flags[i] &= !(flag::STRATEGIC | flag::GROUP_LOAN);
                }
            } else if !from_group
                && gi != NO_GROUP
                && jl
                && groups[gi as usize].active
                && groups[gi as usize].fund >= due
            {
                let g = &mut groups[gi as usize];
                g.fund -= due;
                g.defaults += 1;
                hh.loan[i] -= due;
                v.fund.cash += due;
                v.fund.outstanding -= due;
                covered += due;
                acc.installments_paid += 1;
                if hh.loan[i] <= 0.0 {
                    hh.loan[i] = 0.0;
                    hh.flags[i] &= !flag::STRATEGIC;
                }
            } else {
                hh.arrears[i] = hh.arrears[i].saturating_add(1);
                if gi != NO_GROUP {
                    groups[gi as usize].defaults += 1;
                }
                if hh.arrears[i] as u32 >= cr.arrears_to_default {
                    if from_group {
                        groups[gi as usize].lent -= hh.loan[i];
                    } else {
                        v.fund.written_off += hh.loan[i];
                        v.fund.outstanding -= hh.loan[i];
                    }
                    hh.loan[i] = 0.0;
                    hh.arrears[i] = 0;
                    hh.flags[i] &= !(flag::STRATEGIC | flag::GROUP_LOAN);
                    hh.excluded_until[i] =
                        (month + cr.exclusion_months as i32).min(i16::MAX as i32) as i16;
                }
            }
        }

        // informal debt: the lender collects interest first; what cannot be
        // paid is added to the debt, which lenders cap at twice the limit
        if hh.debt[i] > 0.0 {
            let interest = rp(hh.debt[i] * e.informal_interest);
            let paid = interest.min(m.max(0.0));
            m -= paid;
            l.informal_repaid += paid;
            hh.debt[i] = (hh.debt[i] + interest - paid).min((2.0 * limit).max(hh.debt[i]));
        }

        // productive capital that pays is maintained from its own output
        // (plough-back) before consumption, while the household keeps its floor
        let hurdle = e.depreciation + e.invest_hurdle;
        let ret = sc.ret[i] as f64;
        let pays = ret >= hurdle;
        if pays && e.reinvest_share > 0.0 {
            // the higher the return, the more of the output goes back in
            let share = (e.reinvest_share * ret / hurdle).min(0.5);
            let plough = rp((share * sc.output[i] as f64).min((m - floor).max(0.0)));
            if plough > 0.0 {
                hh.assets[i] += plough;
                m -= plough;
                l.investment += plough;
            }
        }

        // consumption, defended down to the floor by borrowing and selling assets
        if m < floor {
            let mut need = floor - m;
            let borrow = rp(need.min((limit - hh.debt[i]).max(0.0)));
            if borrow > 0.0 {
                m += borrow;
                hh.debt[i] += borrow;
                l.informal_borrowed += borrow;
                need -= borrow;
            }
            if need > 0.0 && hh.assets[i] > 0.0 {
                let d = 1.0 - e.distress_discount;
                let sell = (need / d).min(hh.assets[i]);
                let proceeds = rp(sell * d);
                hh.assets[i] -= sell;
                m += proceeds;
                l.asset_sales += proceeds;
            }
            if m < 0.0 {
                // bills that cannot be paid (illness) become debt
                let owed = -m;
                hh.debt[i] += owed;
                l.informal_borrowed += owed;
                m = 0.0;
            }
        }
        let c = rp(want.min(m.max(0.0)));
        m -= c;
        l.consumption += c;
        hh.consumption[i] = c as f32;

        // repay informal principal: a twelfth each month while cash allows,
        // and everything above the buffer
        if hh.debt[i] > 0.0 && m > 0.0 {
            let scheduled = (hh.debt[i] * DEBT_YEAR).max((m - buffer).max(0.0));
            let repay = rp(hh.debt[i].min(scheduled).min(m));
            hh.debt[i] -= repay;
            m -= repay;
            l.informal_repaid += repay;
        }
        // regular savings into the group fund (C18d)
        let gi = hh.group[i];
        if gi != NO_GROUP && groups[gi as usize].active {
            let g = &mut groups[gi as usize];
            let saving = rp(gp.saving_monthly * (1.0 + 2.0 * g.mobilisation as f64) / 3.0);
            if m - saving >= 0.5 * buffer {
                m -= saving;
                g.fund += saving;
                l.group_savings += saving;
            }
        }
        // invest part of the cash above the buffer in productive assets when
        // it pays (more than depreciation plus the hurdle); the share invested
        // grows with confidence (initiative, C4): × (0.75 + 0.5 confidence).
        // A poor household whose assets do not pay their keep sells some to
        // consume: below the threshold a push fades (F4).
        if pays && m > buffer {
            let initiative = 0.75 + 0.5 * hh.confidence[i] as f64;
            let inv = rp((e.invest_share * initiative).min(1.0) * (m - buffer));
            hh.assets[i] += inv;
            m -= inv;
            l.investment += inv;
        } else if !pays && want < needs && hh.assets[i] > 0.0 {
            let sale = rp(e.drawdown * hh.assets[i]);
            hh.assets[i] -= sale;
            m += sale;
            l.asset_sales += sale;
        }
        hh.assets[i] = rp(hh.assets[i] * keep);
        hh.cash[i] = m;
        sc.loan_consumed[i] = 0.0;
    }
    if v.audit {
        let g = &mut v.ledger;
        g.loan_repaid += l.loan_repaid;
        g.informal_repaid += l.informal_repaid;
        g.informal_borrowed += l.informal_borrowed;
        g.asset_sales += l.asset_sales;
        g.consumption += l.consumption;
        g.investment += l.investment;
        g.group_savings += l.group_savings;
        v.fund_ledger.repaid += fund_repaid;
        v.fund_ledger.covered += covered;
    }
}
