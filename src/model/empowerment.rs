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

use super::groups::MEETINGS;
use super::household::{NO_GROUP, flag};
use super::metrics::{MonthTotals, VillageSums};
use super::params::Params;

/// One household's end-of-month state, as pass D needs it.
#[derive(Debug, Clone, Copy)]
pub struct HouseholdEnd {
    pub size: u8,
    pub consumption: f32,
    pub assets: f64,
    pub cash: f64,
    pub debt: f64,
    pub loan: f64,
    pub income: f32,
    pub output: f32,
    pub flags: u16,
    pub group: u16,
    pub info: f32,
    pub skill: f32,
}

/// Pass D, fused into pass C (`economy::consume`): confidence, voice and
/// participation updates, the four indices, and — when `measuring` (not in
/// the burn-in, whose months are not reported) — the household metrics.
pub struct Measurer {
    z: f32,
    inv_2z: f32,
    inv_3z: f32,
    inv_2kstar: f64,
    poverty_line: f64,
    w: [f32; 4],
    speed: f32,
    loss: f32,
    threshold: f32,
    member_conf: f32,
    dependence: f32,
    measuring: bool,
    /// Per group: (meeting effect on voice and participation, savings per
    /// member, has a contract), or none when the group is dissolved.
    group_info: Vec<Option<(f32, f64, bool)>>,
    active_groups: u64,
    sums: VillageSums,
    poor: u32,
    business: u64,
    borrowers: u64,
    in_group: u64,
    partnership: u64,
    ever: u64,
    enterprise: f64,
    wages: f64,
    consumption: f64,
    savings: f64,
}

impl Measurer {
    /// `dependence`: the monthly erosion of confidence and participation under
    /// a provider program in this village (C4), or 0.
    pub fn new(
        p: &Params,
        groups: &[super::groups::Group],
        dependence: f32,
        measuring: bool,
    ) -> Self {
        let em = &p.scenario.empowerment;
        let e = &p.scenario.economy;
        let z = e.poverty_line as f32;
        let wsum =
            (em.weight_economic + em.weight_social + em.weight_political + em.weight_psychological)
                as f32;
        let member_voice = p.scenario.groups.member_voice as f32;
        Measurer {
            z,
            inv_2z: 1.0 / (2.0 * z),
            inv_3z: 1.0 / (3.0 * z),
            inv_2kstar: 1.0 / (2.0 * e.capital_threshold.max(1.0)),
            poverty_line: e.poverty_line,
            w: [
                em.weight_economic as f32 / wsum,
                em.weight_social as f32 / wsum,
                em.weight_political as f32 / wsum,
                em.weight_psychological as f32 / wsum,
            ],
            speed: em.confidence_speed as f32,
            loss: em.shock_confidence_loss as f32,
            threshold: em.threshold as f32,
            member_conf: p.scenario.groups.member_confidence as f32,
            dependence,
            measuring,
            group_info: groups
                .iter()
                .map(|g| {
                    g.active.then(|| {
                        (
                            g.capacity[MEETINGS] * member_voice,
                            g.fund.max(0.0) / g.members.max(1) as f64,
                            g.contract.is_some(),
                        )
                    })
                })
                .collect(),
            active_groups: groups.iter().filter(|g| g.active).count() as u64,
            sums: VillageSums::default(),
            poor: 0,
            business: 0,
            borrowers: 0,
            in_group: 0,
            partnership: 0,
            ever: 0,
            enterprise: 0.0,
            wages: 0.0,
            consumption: 0.0,
            savings: 0.0,
        }
    }

    /// One household.
    #[inline(always)]
    pub fn household(
        &mut self,
        acc: &mut MonthTotals,
        h: HouseholdEnd,
        voice: &mut f32,
        part: &mut f32,
        conf: &mut f32,
    ) {
        let cons_pc = h.consumption * INV_SIZE[h.size as usize];
        let group = if h.group != NO_GROUP {
            self.group_info[h.group as usize]
        } else {
            None
        };
        let (mut c, mut vo, mut pa) = (*conf, *voice, *part);
        let mut group_savings = 0.0;
        let mut partnered = h.flags & flag::CONTRACTED != 0;
        if let Some((meet, savings, contract)) = group {
            // group meetings raise voice and participation (F5: political
            // empowerment); confidence only at the paper's setting
            vo += meet * (1.0 - vo);
            pa += meet * (1.0 - pa);
            c += self.member_conf * (1.0 - c);
            group_savings = savings;
            partnered |= contract;
            self.in_group += 1;
        }
        // top-down aid erodes initiative and confidence (provider mode, C4)
        c -= self.dependence * c;
        pa -= self.dependence * pa;
        let target = 0.2 + 0.6 * (cons_pc * self.inv_2z).min(1.0);
        c += self.speed * (target - c);
        if h.flags & flag::ILL != 0 {
            c -= self.loss;
        }
        c = c.clamp(0.0, 1.0);
        *conf = c;
        *voice = vo;
        *part = pa;
        self.poor += u32::from(cons_pc < self.z);
        if !self.measuring {
            return;
        }
        let economic = 0.6 * (cons_pc * self.inv_3z).min(1.0)
            + 0.4 * ((h.assets * self.inv_2kstar).min(1.0) as f32);
        // savings the household can draw on: cash plus its share of its group's fund
        let savings = h.cash + group_savings;
        let needs = self.poverty_line * h.size as f64;
        let finance = ((savings / (2.0 * needs)) as f32).min(1.0);
        let social = 0.35 * h.info + 0.35 * h.skill + 0.15 * pa + 0.15 * finance;
        let political = 0.5 * (vo + pa);
        let w = self.w;
        let combined = w[0] * economic + w[1] * social + w[2] * political + w[3] * c;
        self.sums.add(
            acc,
            cons_pc,
            h.income,
            h.assets,
            h.debt,
            self.z,
            [combined, economic, social, political, c],
            combined >= self.threshold,
        );
        self.business += u64::from(h.flags & flag::HIGH_TECH != 0);
        self.borrowers += u64::from(h.loan > 0.0);
        self.ever += u64::from(h.flags & flag::BORROWED != 0);
        self.partnership += u64::from(partnered);
        let enterprise = h.output as f64;
        self.enterprise += enterprise;
        self.wages += h.income as f64 - enterprise;
        self.consumption += h.consumption as f64;
        self.savings += savings;
    }

    /// Adds the village's sums to the run's accumulator.
    pub fn finish(self, acc: &mut MonthTotals, poor_last: &mut u32) {
        *poor_last = self.poor;
        if !self.measuring {
            return;
        }
        acc.active_groups += self.active_groups;
        acc.add_village(&self.sums);
        acc.business += self.business;
        acc.borrowers += self.borrowers;
        acc.in_group += self.in_group;
        acc.in_partnership += self.partnership;
        acc.ever_borrowed += self.ever;
        // sums in household order, turned into integers once per village
        acc.enterprise_income += self.enterprise.round() as i64;
        acc.wage_income += self.wages.round() as i64;
        acc.consumption_hh += self.consumption.round() as i64;
        acc.savings += self.savings.round() as i64;
    }
}

/// 1 / household size, for sizes 0..=12 (0 never occurs).
const INV_SIZE: [f32; 13] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 3.0,
    1.0 / 4.0,
    1.0 / 5.0,
    1.0 / 6.0,
    1.0 / 7.0,
    1.0 / 8.0,
    1.0 / 9.0,
    1.0 / 10.0,
    1.0 / 11.0,
    1.0 / 12.0,
];
