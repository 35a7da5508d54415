//! Empowerment (C2, C13, C15; MODEL.md step 9) and the household part of
//! measurement.
//!
//! Four indices per household, each 0..1:
//! - **economic** (C2a, C16): `0.6 min(1, c/(3z)) + 0.4 min(1, K/(2 K*))` —
//!   consumption per person against three poverty lines and productive assets
//!   against twice the capital threshold;
//! - **social** (C15: information, knowledge and skills, social
//!   organisation, finance): `0.35 info + 0.35 skill + 0.15 participation +
//!   0.15 min(1, savings / (2 × needs))`, savings being cash plus the
//!   household's share of its group's fund;
//! - **political** (C2b, C15): `(voice + participation) / 2`;
//! - **psychological** (C15): confidence.
//!
//! A member of an active group gains voice and participation each month
//! (`groups.member_voice` × meeting capacity, toward 1: F5, political
//! empowerment) and, only at the paper's setting, confidence
//! (`groups.member_confidence`, default 0: F5 found no effect on psychological
//! empowerment).
//!
//! Confidence moves each month a step `confidence_speed` toward a level set by
//! the household's economic standing (`0.2 + 0.6 min(1, c/(2z))`) and falls by
//! `shock_confidence_loss` in a month of illness or distress sale. The combined
//! index is the weighted mean; a household at or above `threshold` is
//! empowered (berdaya).

use super::group::MEETINGS;
use super::household::{NO_GROUP, flag};
use super::metrics::Acc;
use super::params::Params;
use super::village::Village;

/// Pass D: confidence update, indices, and the household metrics.
#[allow(clippy::needless_range_loop)] // structure of arrays: one index, many columns
pub fn measure(v: &mut Village, p: &Params, acc: &mut Acc) {
    let em = &p.s.empowerment;
    let e = &p.s.economy;
    let z = e.poverty_line as f32;
    let kstar = e.capital_threshold.max(1.0);
    let wsum =
        (em.weight_economic + em.weight_social + em.weight_political + em.weight_psychological)
            as f32;
    let w = [
        em.weight_economic as f32 / wsum,
        em.weight_social as f32 / wsum,
        em.weight_political as f32 / wsum,
        em.weight_psychological as f32 / wsum,
    ];
    let speed = em.confidence_speed as f32;
    let loss = em.shock_confidence_loss as f32;
    let threshold = em.threshold as f32;
    let gp = &p.s.groups;
    let (member_voice, member_conf) = (gp.member_voice as f32, gp.member_confidence as f32);
    let groups = &v.groups;
    let sc_output = &v.scratch.output;
    acc.active_groups += groups.iter().filter(|g| g.active).count() as u64;
    let hh = &mut v.hh;
    let mut poor = 0u32;
    for i in 0..hh.len() {
        let size = hh.size[i] as f32;
        let cons_pc = hh.consumption[i] / size;
        let needs = p.s.economy.poverty_line * size as f64;
        let gi = hh.group[i];
        let group = if gi != NO_GROUP && groups[gi as usize].active {
            Some(&groups[gi as usize])
        } else {
            None
        };
        let mut conf = hh.confidence[i];
        if let Some(g) = group {
            // group meetings raise voice and participation (F5: political
            // empowerment); confidence only at the paper's setting
            let meet = g.capacity[MEETINGS] * member_voice;
            hh.voice[i] += meet * (1.0 - hh.voice[i]);
            hh.participation[i] += meet * (1.0 - hh.participation[i]);
            conf += member_conf * (1.0 - conf);
        }
        let target = 0.2 + 0.6 * (cons_pc / (2.0 * z)).min(1.0);
        conf += speed * (target - conf);
        if hh.flags[i] & flag::ILL != 0 {
            conf -= loss;
        }
        conf = conf.clamp(0.0, 1.0);
        hh.confidence[i] = conf;

        let economic = 0.6 * (cons_pc / (3.0 * z)).min(1.0)
            + 0.4 * ((hh.assets[i] / (2.0 * kstar)).min(1.0) as f32);
        let in_group = group.is_some();
        let partnered =
            group.is_some_and(|g| g.contract.is_some()) || hh.flags[i] & flag::CONTRACTED != 0;
        // savings the household can draw on: cash plus its share of its group's fund
        let group_savings = group.map_or(0.0, |g| g.fund.max(0.0) / g.members.max(1) as f64);
        let finance = (((hh.cash[i] + group_savings) / (2.0 * needs)) as f32).min(1.0);
        let social =
            0.35 * hh.info[i] + 0.35 * hh.skill[i] + 0.15 * hh.participation[i] + 0.15 * finance;
        let political = 0.5 * (hh.voice[i] + hh.participation[i]);
        let psychological = conf;
        let combined = w[0] * economic + w[1] * social + w[2] * political + w[3] * psychological;
        if cons_pc < z {
            poor += 1;
        }
        acc.add_household(
            cons_pc,
            hh.income[i],
            hh.assets[i],
            hh.debt[i],
            z,
            [combined, economic, social, political, psychological],
            combined >= threshold,
        );
        acc.business += u64::from(hh.flags[i] & flag::HIGH_TECH != 0);
        acc.borrowers += u64::from(hh.loan[i] > 0.0);
        acc.in_group += u64::from(in_group);
        let enterprise = sc_output[i] as i64;
        acc.enterprise_income += enterprise;
        acc.wage_income += hh.income[i] as i64 - enterprise;
        acc.consumption_hh += hh.consumption[i] as i64;
        acc.savings += (hh.cash[i] + group_savings) as i64;
        acc.ever_borrowed += u64::from(hh.flags[i] & flag::BORROWED != 0);
        acc.in_partnership += u64::from(partnered);
    }
    v.poor_last = poor;
}
