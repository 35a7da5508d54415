//! Institutions (C17d, C9, C18c): training of households and of groups, and
//! the strengthening of village governance, paid by the institutions
//! component of a program.
//!
//! Of the institutions money reaching a village, `governance_share` raises
//! transparency and accountability ([`invest`]); the rest buys training
//! ([`train`]): in the group approach half of it trains groups' leadership,
//! meetings, records and conflict resolution (`capacity_gain` of the gap to 1
//! per `capacity_cost`), and the rest trains members' skills; in the
//! individual approach it trains the households the facilitators serve (or
//! anyone, where there are no facilitators). A training raises skill by
//! `skill_gain` of the gap to 1 and information by half as much, for
//! `training_cost` each; the elite are not trained. Groups and households are
//! taken in turn (a cursor), so money is spread, not concentrated. What is
//! taught fades back toward the household's untrained skill at
//! `skill_fade` a month (applied in [`super::economy::produce`]).

use super::groups::{CONFLICT, LEADERSHIP, MEETINGS, RECORDS};
use super::household::{NO_GROUP, flag};
use super::params::Params;
use super::village::Village;

/// Spends `inst`, the institutions share of the village's program money this
/// month: `governance_share` of it strengthens transparency and
/// accountability (a step `0.1 × money × matching / governance_cost` toward
/// 1), the rest waits in the village's training funds ([`train`]).
pub fn invest(v: &mut Village, p: &Params, inst: f64, matching: f64) {
    let gov = inst * p.scenario.institutions.governance_share;
    let step = ((0.1 * gov * matching / p.scenario.institutions.governance_cost) as f32).min(1.0);
    v.transparency += step * (1.0 - v.transparency);
    v.accountability += step * (1.0 - v.accountability);
    v.training_funds += (inst - gov) * matching;
}

/// Spends the village's training funds (institutions component): vocational
/// training of the households the program reaches (individual approach), or
/// group capacity training and members' training (group approach).
pub fn train(v: &mut Village, p: &Params) {
    let inst = &p.scenario.institutions;
    if v.training_funds < inst.training_cost.min(inst.capacity_cost) {
        return;
    }
    let n = v.hh.len();
    if p.group_approach {
        // half for groups' leadership and bookkeeping, half for members' skills
        let mut for_groups = 0.5 * v.training_funds;
        let active: Vec<usize> = (0..v.groups.len())
            .filter(|&k| v.groups[k].active)
            .collect();
        if !active.is_empty() {
            let mut tries = 0;
            while for_groups >= inst.capacity_cost && tries < active.len() {
                let k = active[v.group_cursor % active.len()];
                v.group_cursor += 1;
                tries += 1;
                let g = &mut v.groups[k];
                for part in [LEADERSHIP, MEETINGS, RECORDS, CONFLICT] {
                    g.capacity[part] += inst.capacity_gain as f32 * (1.0 - g.capacity[part]);
                }
                for_groups -= inst.capacity_cost;
                v.training_funds -= inst.capacity_cost;
            }
        }
    }
    let mut tries = 0;
    while v.training_funds >= inst.training_cost && tries < n {
        let i = v.train_cursor % n;
        v.train_cursor += 1;
        tries += 1;
        let eligible = if p.group_approach {
            v.hh.group[i] != NO_GROUP
        } else {
            v.hh.flags[i] & flag::SERVED != 0 || v.fte <= 0.0
        };
        if !eligible || v.hh.flags[i] & flag::ELITE != 0 {
            continue;
        }
        // training moves skill toward a ceiling, each round less than the last
        let gain = inst.skill_gain as f32;
        let ceiling = inst.skill_ceiling as f32;
        v.hh.skill[i] += gain * (ceiling - v.hh.skill[i]).max(0.0);
        v.hh.info[i] += 0.5 * gain * (ceiling - v.hh.info[i]).max(0.0);
        v.training_funds -= inst.training_cost;
    }
}
