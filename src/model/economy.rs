//! The household economy (MODEL.md steps 5-7): production and work, shocks,
//! consumption, saving, debt and distress sales.
//!
//! **Consumption (MODEL.md step 7).** Needs are the poverty line times the
//! household size. Planned consumption is expected income up to needs plus
//! `1 - saving_rate` of expected income above needs, plus `spend_down` of cash
//! above a buffer. When cash falls short of the smaller of planned consumption
//! and `subsistence_share` of needs, the household asks neighbours
//! ([`super::mutual_aid`]), then borrows informally up to a limit, then sells
//! assets at a discount: the road into the trap.

use super::demography;
use super::empowerment::{HouseholdEnd, Measurer};
use super::household::{NO_GROUP, flag, rp};
use super::markets;
use super::metrics::{MICRO, MonthTotals};
use super::params::Params;
use super::production::{
    CLIMB_MONTHS, Opportunities, Opportunity, Terms, capital_return, labour_units,
};
use super::program;
use super::village::Village;
use crate::rng::{four_units, two_units};

const SQRT6: f64 = 2.449_489_742_783_178;
/// Share of informal debt principal a household plans to repay each month.
const DEBT_YEAR: f64 = 1.0 / 12.0;

/// Pass A: business opportunities, income, shocks, planned consumption,
/// mutual-aid asks and offers.
pub fn produce(v: &mut Village, p: &Params, month: i32) {
    let e = &p.scenario.economy;
    let sh = &p.scenario.shocks;
    let (u_price, _) = two_units(&mut v.rng_market);
    let price_shock = if (u_price as f64) < sh.price_shock_prob {
        1.0 - sh.price_shock_size
    } else {
        1.0
    };
    let base_terms = markets::terms(v, p);
    let price = base_terms.price * price_shock;
    // output at reference prices, for the goods market: value / (price index
    // x utilization)
    let to_quantity = 1.0 / (v.market.price_index * v.market.utilization * price_shock);
    let give = p.scenario.mutual_aid.give_share * v.cohesion as f64;
    let succession = (1.0 / p.scenario.demography.generation_months) as f32;
    let ill_rate = sh.illness_rate as f32;
    let ill_cost = rp(sh.illness_cost);
    let ill_keep = 1.0 - sh.illness_labour_loss;
    let harvest_scale = sh.harvest_sd * SQRT6;
    let (smooth, keep_exp) = (e.income_smoothing, 1.0 - e.income_smoothing);
    let debt_cost = e.informal_interest + DEBT_YEAR;
    let kstar = e.capital_threshold;
    let skill_keep = (1.0 - p.scenario.institutions.skill_fade) as f32;
    let opportunities = Opportunities::of(p);
    let key = v.decision_key;
    let groups = &mut v.groups;
    for g in groups.iter_mut() {
        g.members = 0;
        g.elite_members = 0;
        g.skill_sum = 0.0;
    }
    let n = v.hh.len();
    v.scratch.resize(n);
    v.scratch.successions.clear();
    let offers = &mut v.offers;
    offers.clear();
    let smallest = super::partnership::smallest_volume(p);
    let readiness = v.readiness;
    // one slice per column: the bounds are checked once, not in the loop
    let hh = &mut v.hh;
    let size_c = &hh.size[..n];
    let health_c = &hh.health[..n];
    let skill_c = &mut hh.skill[..n];
    let skill_base_c = &hh.skill_base[..n];
    let info_c = &hh.info[..n];
    let group_c = &hh.group[..n];
    let bonus_c = &hh.price_bonus[..n];
    let opportunity_c = &mut hh.opportunity[..n];
    let assets_c = &hh.assets[..n];
    let cash_c = &hh.cash[..n];
    let debt_c = &hh.debt[..n];
    let flags_c = &mut hh.flags[..n];
    let income_exp_c = &mut hh.income_exp[..n];
    let income_c = &mut hh.income[..n];
    let scratch = &mut v.scratch;
    let (m_c, want_c, gap_c, spare_c) = (
        &mut scratch.m[..n],
        &mut scratch.want[..n],
        &mut scratch.gap[..n],
        &mut scratch.spare[..n],
    );
    let (out_c, ret_c, loan_c) = (
        &mut scratch.output[..n],
        &mut scratch.ret[..n],
        &scratch.loan_consumed[..n],
    );
    let successions = &mut scratch.successions;
    let rng = &mut v.rng_shocks;
    let mut wages_total = 0.0;
    let mut labour_offered = 0.0;
    let mut enterprise_total = 0.0;
    let mut illness_total = 0.0;
    for i in 0..n {
        // exactly one draw per household-month: common random numbers
        let [u_ill, u_h1, u_h2, u_gen] = four_units(rng);
        if u_gen < succession {
            // the next generation takes over at the end of the month
            successions.push(i as u16);
        }
        let size = size_c[i] as f64;
        let health = health_c[i];
        // trained skill fades toward the untrained level (exactly unchanged
        // when there is no trained skill: the baseline is not touched)
        let base = skill_base_c[i];
        skill_c[i] = base + (skill_c[i] - base) * skill_keep;
        let skill = skill_c[i] as f64;
        let ill = u_ill < ill_rate * (1.5 - health);
        let mut labour = labour_units(p, size);
        if ill {
            labour *= ill_keep;
        }
        // collective marketing and partnership contracts raise the price received
        let gi = group_c[i];
        let mut bonus = bonus_c[i] as f64;
        if gi != NO_GROUP {
            bonus += groups[gi as usize].bonus as f64;
        }
        let terms = Terms {
            price: price * (1.0 + bonus),
            ..base_terms
        };
        let opp = Opportunity::new(p, &terms, labour, skill, health as f64, info_c[i] as f64);
        // business opportunities arrive and expire (one keyed draw per
        // household-month, shared by all arms; nothing at all when they are
        // off, the default)
        let opp = match &opportunities {
            Some(o) => {
                let z = o.next(key, month, i, opportunity_c[i]);
                opportunity_c[i] = z;
                opp.with_opportunity(z as f64)
            }
            // without opportunities z is 1, or what a venture drew (credit.venture_tail)
            None => opp.with_opportunity(opportunity_c[i] as f64),
        };
        let k = assets_c[i];
        let high = k >= kstar;
        let (w_income, r_sqrt, marginal) = opp.at(k, if high { p.tfp_high } else { p.tfp_low });
        let needs = e.poverty_line * size;
        let buffer = e.buffer_months * needs;
        let cash = cash_c[i];
        let y_prev = income_exp_c[i] as f64;
        let climb = (y_prev - needs).max(0.0) * e.saving_rate
            + (cash - buffer).max(0.0) * (1.0 / CLIMB_MONTHS);
        ret_c[i] = capital_return(p, &opp, k, w_income + r_sqrt, marginal, climb) as f32;
        let harvest = (1.0 + harvest_scale * ((u_h1 + u_h2) as f64 - 1.0)).max(0.0);
        let enterprise = rp(r_sqrt * harvest);
        let wages = rp(w_income);
        out_c[i] = enterprise as f32;
        if gi != NO_GROUP {
            // the group's month: pooled output, members, elite members, skill
            let g = &mut groups[gi as usize];
            g.output += enterprise;
            g.members += 1;
            g.elite_members += u16::from(flags_c[i] & flag::ELITE != 0);
            g.skill_sum += skill_c[i];
        }
        if enterprise >= smallest && flags_c[i] & flag::CONTRACTED == 0 {
            offers.push(super::partnership::individual_offer(
                i, enterprise, skill_c[i], info_c[i], readiness,
            ));
        }
        let illness = if ill { ill_cost } else { 0.0 };
        let income = wages + enterprise;
        let mut f = flags_c[i] & !(flag::ILL | flag::HIGH_TECH);
        if ill {
            f |= flag::ILL;
        }
        if high {
            f |= flag::HIGH_TECH;
        }
        flags_c[i] = f;
        let y_exp = y_prev * keep_exp + income * smooth;
        income_exp_c[i] = y_exp as f32;
        income_c[i] = income as f32;
        let m = cash + income - illness;
        // expected income net of the informal debt's interest and a year's
        // repayment of its principal
        let y_disp = (y_exp - debt_c[i] * debt_cost).max(0.0);
        let planned = if y_disp <= needs {
            y_disp
        } else {
            needs + (1.0 - e.saving_rate) * (y_disp - needs)
        };
        let extra = m - planned - buffer;
        let want = planned
            + if extra > 0.0 {
                e.spend_down * extra
            } else {
                0.0
            }
            + loan_c[i] as f64;
        let floor = (e.subsistence_share * needs).min(planned);
        m_c[i] = m;
        want_c[i] = want as f32;
        gap_c[i] = (floor - m).max(0.0) as f32;
        spare_c[i] = if extra > 0.0 {
            (give * extra) as f32
        } else {
            0.0
        };
        wages_total += wages;
        labour_offered += w_income / opp.w;
        enterprise_total += enterprise;
        illness_total += illness;
    }
    v.enterprise_output = enterprise_total;
    v.market.quantity = enterprise_total * to_quantity;
    v.market.labour = labour_offered;
    if v.audit {
        v.ledger.wages += wages_total;
        v.ledger.enterprise += enterprise_total;
        v.ledger.illness += illness_total;
    }
}

/// Household succession for the households drawn this month (pass A), after
/// their month's accounts are closed (pass C).
pub fn succeed_drawn(v: &mut Village, p: &Params) {
    let mut left_total = 0.0;
    for k in 0..v.scratch.successions.len() {
        let i = v.scratch.successions[k] as usize;
        left_total += demography::succeed(&mut v.hh, i, p, &mut v.rng_shocks);
    }
    if v.audit {
        v.ledger.left_with_successors += left_total;
    }
}

/// Pass C: loan installments, informal debt, consumption, distress sales,
/// saving and investment.
pub fn consume(v: &mut Village, p: &Params, month: i32, acc: &mut MonthTotals) {
    let measuring = month > 0;
    let provider_dependence = program::dependence_rate(v, p, month);
    let e = &p.scenario.economy;
    let cr = &p.scenario.credit;
    let gp = &p.scenario.groups;
    let jl = gp.joint_liability;
    let n = v.hh.len();
    let hh = &mut v.hh;
    let size_c = &hh.size[..n];
    let group_c = &hh.group[..n];
    let loan_c = &mut hh.loan[..n];
    let flags_c = &mut hh.flags[..n];
    let installment_c = &hh.installment[..n];
    let arrears_c = &mut hh.arrears[..n];
    let excluded_until_c = &mut hh.excluded_until[..n];
    let debt_c = &mut hh.debt[..n];
    let assets_c = &mut hh.assets[..n];
    let consumption_c = &mut hh.consumption[..n];
    let confidence_c = &mut hh.confidence[..n];
    let cash_c = &mut hh.cash[..n];
    let income_c = &hh.income[..n];
    let info_c = &hh.info[..n];
    let skill_c = &hh.skill[..n];
    let voice_c = &mut hh.voice[..n];
    let participation_c = &mut hh.participation[..n];
    let scratch = &mut v.scratch;
    let (sc_m, sc_want, sc_ret, sc_output) = (
        &scratch.m[..n],
        &scratch.want[..n],
        &scratch.ret[..n],
        &scratch.output[..n],
    );
    let sc_loan_consumed = &mut scratch.loan_consumed[..n];
    let groups = &mut v.groups;
    let mut meas = Measurer::new(p, groups, provider_dependence, measuring);
    let keep = 1.0 - e.depreciation;
    let mut l = super::ledger::Ledger::default();
    let mut fund_repaid = 0.0;
    let mut covered = 0.0;
    for i in 0..n {
        let size = size_c[i] as f64;
        let needs = e.poverty_line * size;
        let buffer = e.buffer_months * needs;
        let limit = e.informal_limit_months * needs;
        let mut m = sc_m[i];
        let want = sc_want[i] as f64;
        let floor = (e.subsistence_share * needs).min(want);

        // loan installment (program fund or group fund): paid when the
        // household can still meet its floor, unless it stopped paying on
        // purpose; a group covers a member's missed installment to the program
        // fund from its own fund (joint liability)
        if loan_c[i] > 0.0 {
            acc.installments_due += 1;
            let gi = group_c[i];
            let from_group = flags_c[i] & flag::GROUP_LOAN != 0;
            if gi != NO_GROUP {
                groups[gi as usize].due += 1;
            }
            let due = (installment_c[i] as f64).min(loan_c[i]);
            // a borrower short of its installment bridges it with informal
            // credit while its informal limit allows, rather than default
            // and be shut out of the fund (and, in a group, shamed before it)
            let short = (floor + due - m).max(0.0);
            let bridge = if short > 0.0 && debt_c[i] + short <= limit {
                rp(short)
            } else {
                0.0
            };
            if flags_c[i] & flag::STRATEGIC == 0 && m + bridge - due >= floor {
                if bridge > 0.0 {
                    m += bridge;
                    debt_c[i] += bridge;
                    l.informal_borrowed += bridge;
                }
                m -= due;
                loan_c[i] -= due;
                if from_group {
                    let g = &mut groups[gi as usize];
                    g.fund += due;
                    g.lent -= due;
                } else {
                    v.fund.cash += due;
                    v.fund.outstanding -= due;
                    fund_repaid += due;
                }
                arrears_c[i] = 0;
                acc.installments_paid += 1;
                l.loan_repaid += due;
                if gi != NO_GROUP {
                    groups[gi as usize].paid += 1;
                }
                if loan_c[i] <= 0.0 {
                    loan_c[i] = 0.0;
                    flags_c[i] &= !(flag::STRATEGIC | flag::GROUP_LOAN);
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
                loan_c[i] -= due;
                v.fund.cash += due;
                v.fund.outstanding -= due;
                covered += due;
                acc.installments_paid += 1;
                if loan_c[i] <= 0.0 {
                    loan_c[i] = 0.0;
                    flags_c[i] &= !flag::STRATEGIC;
                }
            } else {
                arrears_c[i] = arrears_c[i].saturating_add(1);
                if gi != NO_GROUP {
                    groups[gi as usize].defaults += 1;
                }
                if arrears_c[i] as u32 >= cr.arrears_to_default {
                    if from_group {
                        groups[gi as usize].lent -= loan_c[i];
                    } else {
                        v.fund.written_off += loan_c[i];
                        v.fund.outstanding -= loan_c[i];
                    }
                    loan_c[i] = 0.0;
                    arrears_c[i] = 0;
                    flags_c[i] &= !(flag::STRATEGIC | flag::GROUP_LOAN);
                    excluded_until_c[i] =
                        (month + cr.exclusion_months as i32).min(i16::MAX as i32) as i16;
                }
            }
        }

        // informal debt: the lender collects interest first; what cannot be
        // paid is added to the debt, which lenders cap at twice the limit
        if debt_c[i] > 0.0 {
            let interest = rp(debt_c[i] * e.informal_interest);
            let paid = interest.min(m.max(0.0));
            m -= paid;
            l.informal_repaid += paid;
            debt_c[i] = (debt_c[i] + interest - paid).min((2.0 * limit).max(debt_c[i]));
        }

        // productive capital that pays is maintained from its own output
        // (plough-back) before consumption, while the household keeps its floor
        let hurdle = e.depreciation + e.invest_hurdle;
        let ret = sc_ret[i] as f64;
        let pays = ret >= hurdle;
        if pays && e.reinvest_share > 0.0 {
            // the higher the return, the more of the output goes back in
            let share = (e.reinvest_share * ret / hurdle).min(0.5);
            let plough = rp((share * sc_output[i] as f64).min((m - floor).max(0.0)));
            if plough > 0.0 {
                assets_c[i] += plough;
                m -= plough;
                l.investment += plough;
            }
        }

        // consumption, defended down to the floor by borrowing and selling assets
        if m < floor {
            let mut need = floor - m;
            let borrow = rp(need.min((limit - debt_c[i]).max(0.0)));
            if borrow > 0.0 {
                m += borrow;
                debt_c[i] += borrow;
                l.informal_borrowed += borrow;
                need -= borrow;
            }
            if need > 0.0 && assets_c[i] > 0.0 {
                let d = 1.0 - e.distress_discount;
                let sell = (need / d).min(assets_c[i]);
                let proceeds = rp(sell * d);
                assets_c[i] -= sell;
                m += proceeds;
                l.asset_sales += proceeds;
            }
            if m < 0.0 {
                // bills that cannot be paid (illness) become debt
                let owed = -m;
                debt_c[i] += owed;
                l.informal_borrowed += owed;
                m = 0.0;
            }
        }
        let c = rp(want.min(m.max(0.0)));
        m -= c;
        l.consumption += c;
        consumption_c[i] = c as f32;

        // repay informal principal: a twelfth each month while cash allows,
        // and everything above the buffer
        if debt_c[i] > 0.0 && m > 0.0 {
            let scheduled = (debt_c[i] * DEBT_YEAR).max((m - buffer).max(0.0));
            let repay = rp(debt_c[i].min(scheduled).min(m));
            debt_c[i] -= repay;
            m -= repay;
            l.informal_repaid += repay;
        }
        // regular savings into the group fund (C18d)
        let gi = group_c[i];
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
            let initiative = 0.75 + 0.5 * confidence_c[i] as f64;
            let inv = rp((e.invest_share * initiative).min(1.0) * (m - buffer));
            assets_c[i] += inv;
            m -= inv;
            l.investment += inv;
        } else if !pays && want < needs && assets_c[i] > 0.0 {
            let sale = rp(e.drawdown * assets_c[i]);
            assets_c[i] -= sale;
            m += sale;
            l.asset_sales += sale;
        }
        assets_c[i] = rp(assets_c[i] * keep);
        cash_c[i] = m;
        sc_loan_consumed[i] = 0.0;
        // pass D, fused: empowerment and measurement of this household
        meas.household(
            acc,
            HouseholdEnd {
                size: size_c[i],
                consumption: c as f32,
                assets: assets_c[i],
                cash: m,
                debt: debt_c[i],
                loan: loan_c[i],
                income: income_c[i],
                output: sc_output[i],
                flags: flags_c[i],
                group: group_c[i],
                info: info_c[i],
                skill: skill_c[i],
            },
            &mut voice_c[i],
            &mut participation_c[i],
            &mut confidence_c[i],
        );
    }
    meas.finish(acc, &mut v.poor_last);
    v.market.spending = l.consumption;
    if measuring {
        let micro = |x: f64| (x * MICRO as f64).round() as i64 * n as i64;
        acc.price_index_micro += micro(v.market.price_index);
        acc.wage_index_micro += micro(v.market.wage_index);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::World;
    use crate::scenario::Scenario;

    /// The one village of a default world of `households` households,
    /// replication `rep`, after the burn-in, with its parameters.
    fn burnt_in_village(households: u32, rep: u64) -> (Params, Village) {
        let mut s = Scenario::default();
        s.population.villages = 1;
        s.population.households_per_village = households;
        let mut w = World::new(Params::new(s), rep);
        w.burn_in();
        let p = w.p.clone();
        (p, w.villages.swap_remove(0))
    }

    /// A burnt-in village of 60 households whose household `i` owes a program
    /// installment and has, after pass B, `short` less cash than its floor
    /// plus the installment, and informal debt `debt`. Returns the village
    /// after pass C, and the installment.
    fn pay_short(short: f64, debt_months: f64) -> (Village, usize, f64, f64) {
        let (p, mut v) = burnt_in_village(60, 5);
        let i = 7;
        let (loan, due) = (4_000_000.0, 400_000.0);
        v.hh.loan[i] = loan;
        v.hh.installment[i] = due as f32;
        v.hh.arrears[i] = 0;
        v.hh.flags[i] &= !(flag::STRATEGIC | flag::GROUP_LOAN);
        // no group whose fund could cover the installment (joint liability)
        v.hh.group[i] = NO_GROUP;
        produce(&mut v, &p, 1);
        let e = &p.scenario.economy;
        let needs = e.poverty_line * v.hh.size[i] as f64;
        v.hh.debt[i] = debt_months * needs;
        let floor = (e.subsistence_share * needs).min(v.scratch.want[i] as f64);
        v.scratch.m[i] = floor + due - short;
        let mut acc = MonthTotals::default();
        consume(&mut v, &p, 1, &mut acc);
        (v, i, loan, due)
    }

    #[test]
    fn trained_skill_fades_toward_the_untrained_level_and_untrained_skill_stays() {
        let (p, mut v) = burnt_in_village(40, 3);
        let fade = p.scenario.institutions.skill_fade as f32;
        let before = v.hh.skill.clone();
        let (i, base) = (4, v.hh.skill_base[4]);
        v.hh.skill[i] = base + 0.2;
        produce(&mut v, &p, 1);
        // one month takes `skill_fade` of the trained part away
        let left = v.hh.skill[i] - base;
        assert!((left - 0.2 * (1.0 - fade)).abs() < 1e-6, "left {left}");
        // after the half-life about half of it is left
        let half_life = (2f64.ln() / fade as f64).round() as usize;
        for _ in 1..half_life {
            produce(&mut v, &p, 1);
        }
        let left = (v.hh.skill[i] - base) / 0.2;
        assert!(
            (left - 0.5).abs() < 0.02,
            "share left after the half-life {left}"
        );
        // nobody else was trained: every other skill is bit for bit the same
        for j in (0..v.hh.len()).filter(|&j| j != i) {
            assert_eq!(
                v.hh.skill[j].to_bits(),
                before[j].to_bits(),
                "household {j}"
            );
        }
    }

    #[test]
    fn opportunities_are_shared_by_arms_and_off_by_default() {
        // off (the default): every multiplier stays exactly 1
        let (_, v) = burnt_in_village(50, 2);
        assert!(
            v.hh.opportunity
                .iter()
                .all(|&z| z.to_bits() == 1f32.to_bits())
        );
        // on: the opportunities of a household are the same in every arm,
        // whatever the program does (common random numbers)
        let mut s = Scenario::default();
        s.population.villages = 2;
        s.population.households_per_village = 60;
        s.economy.opportunity_tail = 0.2;
        s.economy.opportunity_persistence = 0.5;
        let mut w = World::new(Params::new(s.clone()), 4);
        w.burn_in();
        let before = w.villages[0].hh.opportunity.clone();
        let mut arm = s.clone();
        arm.program.components = vec![crate::scenario::Component::Capital];
        let mut control = w.for_arm(Params::new(s));
        let mut treated = w.for_arm(Params::new(arm));
        for _ in 0..24 {
            control.step();
            treated.step();
        }
        for (c, t) in control.villages.iter().zip(&treated.villages) {
            assert_eq!(c.hh.opportunity, t.hh.opportunity);
        }
        let after = &control.villages[0].hh.opportunity;
        assert_ne!(&before, after, "some opportunities changed in two years");
        assert!(after.iter().any(|&z| z != 1.0));
    }

    #[test]
    fn a_borrower_short_of_its_installment_bridges_it_with_informal_credit() {
        let (v, i, loan, due) = pay_short(50_000.0, 0.0);
        assert_eq!(v.hh.loan[i], loan - due, "the installment is paid");
        assert_eq!(v.hh.arrears[i], 0);
        assert!(
            v.hh.debt[i] >= 50_000.0,
            "the shortfall is owed to moneylenders: debt {}",
            v.hh.debt[i]
        );
    }

    #[test]
    fn a_borrower_at_its_informal_limit_misses_the_installment() {
        // informal_limit_months = 2: no room left to bridge
        let (v, i, loan, _) = pay_short(50_000.0, 2.0);
        assert_eq!(v.hh.loan[i], loan, "nothing paid");
        assert_eq!(v.hh.arrears[i], 1);
    }
}
