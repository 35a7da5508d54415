//! Facilitators, pendamping (C3, C10, C11, C12, C17c, C18).
//!
//! The program's facilitators are spread over covered villages in proportion
//! to the village's share of the budget: a village gets `fte` full-time
//! equivalents (fractions allowed), hence `fte × hours` facilitator-hours a
//! month, split over the five activities by the `time_*` shares. Each activity
//! is carried by a role, whose skill scales its effect (C11): motivation and
//! mobilisation by the facilitator role, awareness and skills by the educator,
//! networks by the representative, self-management by the technical and
//! facilitator roles. Volunteers have `volunteer_skill` of a professional's
//! skills and fewer hours.
//!
//! **Group approach.** A facilitator works with `caseload_groups` groups. While
//! the caseload is not full, the motivation hours it leaves free form new
//! groups (`formation_per_hour` × facilitator skill per hour, C18a). The other
//! hours are group meetings: `hours / (meeting_hours × groups served)` meetings
//! per group per activity, and a meeting reaches every member at once (C16e).
//! **Individual approach.** A facilitator works with `caseload_households`
//! households, the poorest at the program's start; a visit reaches one
//! household, `visit_depth` times as deeply as a meeting reaches a member.
//!
//! Doses (meetings or visit-equivalents per household per month) move, each
//! toward 1 by `effect × dose × skill × (1 − current)`: participation and, at
//! the paper's setting only, confidence (motivation); skill, health and
//! information (awareness and skills, C18b); group capacity (self-management,
//! C18c); group saving regularity (mobilisation, C18d); group links and
//! members' information and voice (networks, C18e). The representative role's
//! network hours also raise village deliberation and accountability
//! (`governance.advocacy_effect`). When facilitators leave, groups below the
//! self-sustaining capacity decay ([`super::groups::update`]).

use super::groups::{self, CONFLICT, LEADERSHIP, MEETINGS, Origin, RECORDS};
use super::household::{NO_GROUP, flag};
use super::params::Params;
use super::village::Village;
use crate::rng::unit_f64;
use crate::scenario::{Approach, FacilitatorType};

/// Roles of a facilitator (C11), as indices of [`role_skills`].
pub mod role {
    pub const FACILITATOR: usize = 0;
    pub const EDUCATOR: usize = 1;
    pub const REPRESENTATIVE: usize = 2;
    pub const TECHNICAL: usize = 3;
}

/// The five activities (C18), as indices of hours and doses
/// ([`super::groups::Group::dose`]).
pub mod activity {
    /// C18a: group formation, participation (and confidence at the paper's setting).
    pub const MOTIVATION: usize = 0;
    /// C18b: skill, health, information.
    pub const AWARENESS: usize = 1;
    /// C18c: group capacity.
    pub const SELF_MANAGEMENT: usize = 2;
    /// C18d: regular group savings.
    pub const MOBILISATION: usize = 3;
    /// C18e: links, information and voice; advocacy.
    pub const NETWORKS: usize = 4;
}

/// Role skills of this program's facilitators: facilitator, educator,
/// representative, technical.
pub fn role_skills(p: &Params) -> [f64; 4] {
    let f = &p.scenario.facilitation;
    let m = if f.kind == FacilitatorType::Volunteer {
        f.volunteer_skill
    } else {
        1.0
    };
    [
        f.skill_facilitator * m,
        f.skill_educator * m,
        f.skill_representative * m,
        f.skill_technical * m,
    ]
}

/// Hours a facilitator of this program works in a month.
pub fn hours_per_facilitator(p: &Params) -> f64 {
    let f = &p.scenario.facilitation;
    if f.kind == FacilitatorType::Volunteer {
        f.hours_volunteer
    } else {
        f.hours_professional
    }
}

/// Marks the individual caseload of a village at the program's start: the
/// poorest households by consumption per person.
pub fn select_caseload(v: &mut Village, p: &Params) {
    let n = v.hh.len();
    for f in v.hh.flags.iter_mut() {
        *f &= !flag::SERVED;
    }
    if p.scenario.program.approach != Approach::Individual || v.fte <= 0.0 {
        return;
    }
    let k = ((v.fte * p.scenario.facilitation.caseload_households).round() as usize).min(n);
    let mut order: Vec<usize> = (0..n).collect();
    let pc = |i: usize| v.hh.consumption[i] / v.hh.size[i] as f32;
    order.sort_by(|&a, &b| pc(a).total_cmp(&pc(b)).then(a.cmp(&b)));
    for &i in &order[..k] {
        v.hh.flags[i] |= flag::SERVED;
    }
}

/// The month's facilitation in a village: hours by activity, then the
/// approach's work (groups met, or households visited), then the doses'
/// effects on households and the representative role's advocacy.
pub fn work(v: &mut Village, p: &Params, month: i32) {
    for g in v.groups.iter_mut() {
        g.served = false;
        g.dose = [0.0; 5];
    }
    if !p.facilitation_active(month) || v.fte <= 0.0 {
        return;
    }
    let f = &p.scenario.facilitation;
    let skill = role_skills(p);
    let total = v.fte * hours_per_facilitator(p);
    let mut hours = [
        total * f.time_motivation,
        total * f.time_awareness,
        total * f.time_self_management,
        total * f.time_mobilisation,
        total * f.time_networks,
    ];
    let individual_dose = match p.scenario.program.approach {
        Approach::Group => {
            meet_groups(v, p, month, &mut hours, &skill);
            [0.0; 5]
        }
        Approach::Individual => visit_doses(v, p, &hours),
    };
    apply_doses(v, p, &skill, individual_dose);
    advocate(v, p, &hours, &skill);
}

/// Group approach: the motivation hours the caseload leaves free form new
/// groups; the rest are meetings of the groups served, which raise their
/// capacity, savings regularity and links.
fn meet_groups(v: &mut Village, p: &Params, month: i32, h: &mut [f64; 5], s: &[f64; 4]) {
    use activity::*;
    use role::*;
    let f = &p.scenario.facilitation;
    let caseload = (v.fte * f.caseload_groups).max(1.0);
    let active = v.groups.iter().filter(|g| g.active).count() as f64;
    let unfilled = ((caseload - active) / caseload).clamp(0.0, 1.0);
    let form_hours = h[MOTIVATION] * unfilled;
    h[MOTIVATION] -= form_hours;
    let expected = form_hours * s[FACILITATOR] * p.scenario.groups.formation_per_hour;
    let mut count = expected.floor() as usize;
    if unit_f64(&mut v.rng_program) < expected.fract() {
        count += 1;
    }
    // a village cannot hold more new groups than households (the limits of
    // `scenario::limits` bound the facilitators; this bounds the loop)
    let count = count.min(v.hh.len());
    for _ in 0..count {
        groups::form(v, p, month, Origin::Facilitated, true);
    }
    let serve = caseload.ceil() as usize;
    let served: Vec<usize> = v
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.active)
        .map(|(k, _)| k)
        .take(serve)
        .collect();
    if served.is_empty() {
        return;
    }
    // meetings per group by activity; a group holds at most `max_meetings` a
    // month: the hours beyond them are not worked there (saturation)
    let per = (f.meeting_hours * served.len() as f64).max(1e-9);
    let total: f64 = h.iter().sum::<f64>() / per;
    let cap = if total > f.max_meetings {
        f.max_meetings / total
    } else {
        1.0
    };
    let m: [f64; 5] = h.map(|x| x / per * cap);
    for k in served {
        let g = &mut v.groups[k];
        g.served = true;
        g.dose = m.map(|x| x as f32);
        let c = f.capacity_effect * m[SELF_MANAGEMENT];
        // steps toward 1 are bounded by 1: an overshoot would oscillate
        for (part, skill) in [
            (LEADERSHIP, s[FACILITATOR]),
            (MEETINGS, s[FACILITATOR]),
            (RECORDS, s[TECHNICAL]),
            (CONFLICT, 0.5 * (s[FACILITATOR] + s[TECHNICAL])),
        ] {
            let cur = g.capacity[part] as f64;
            g.capacity[part] = (cur + saturating(c * skill) * (1.0 - cur)) as f32;
        }
        let mob = g.mobilisation as f64;
        let mob_step = saturating(f.mobilisation_effect * m[MOBILISATION] * s[FACILITATOR]);
        g.mobilisation = (mob + mob_step * (1.0 - mob)) as f32;
        let net = g.network as f64;
        let net_step = saturating(f.network_effect * m[NETWORKS] * s[REPRESENTATIVE]);
        g.network = (net + net_step * (1.0 - net)) as f32;
    }
}

/// Individual approach: visit-equivalent doses per served household.
fn visit_doses(v: &Village, p: &Params, h: &[f64; 5]) -> [f32; 5] {
    let f = &p.scenario.facilitation;
    let served =
        v.hh.flags
            .iter()
            .filter(|&&x| x & flag::SERVED != 0)
            .count();
    if served == 0 {
        return [0.0; 5];
    }
    // a household receives at most `max_visits` visits a month (saturation)
    let visits = h.iter().sum::<f64>() / (f.visit_hours * served as f64);
    let cap = if visits > f.max_visits {
        f.max_visits / visits
    } else {
        1.0
    };
    let per = f.visit_hours * served as f64 / f.visit_depth;
    h.map(|x| (x / per * cap) as f32)
}

/// Household effects of the doses, as step sizes toward 1 per column:
/// participation, confidence, skill/health/information, information/voice.
fn apply_doses(v: &mut Village, p: &Params, s: &[f64; 4], individual_dose: [f32; 5]) {
    use activity::*;
    use role::*;
    let f = &p.scenario.facilitation;
    let (mot, conf_eff, skl, net) = (
        f.motivation_effect as f32,
        f.confidence_effect as f32,
        f.skills_effect as f32,
        f.network_effect as f32,
    );
    let sf = s.map(|x| x as f32);
    let sat = |x: f32| saturating(x as f64) as f32;
    let steps = |d: [f32; 5]| -> [f32; 4] {
        [
            sat(mot * d[MOTIVATION] * sf[FACILITATOR]),
            sat(conf_eff * d[MOTIVATION] * sf[FACILITATOR]),
            sat(skl * d[AWARENESS] * sf[EDUCATOR]),
            sat(0.5 * net * d[NETWORKS] * sf[REPRESENTATIVE]),
        ]
    };
    let ceiling = p.scenario.institutions.skill_ceiling as f32;
    let group_steps: Vec<Option<[f32; 4]>> = v
        .groups
        .iter()
        .map(|g| g.served.then(|| steps(g.dose)))
        .collect();
    let indiv_steps = steps(individual_dose);
    let n = v.hh.len();
    let hh = &mut v.hh;
    let (group_c, flags_c) = (&hh.group[..n], &hh.flags[..n]);
    let (part_c, conf_c, skill_c) = (
        &mut hh.participation[..n],
        &mut hh.confidence[..n],
        &mut hh.skill[..n],
    );
    let (health_c, info_c, voice_c) = (&mut hh.health[..n], &mut hh.info[..n], &mut hh.voice[..n]);
    for i in 0..n {
        let st = if group_c[i] != NO_GROUP {
            match group_steps[group_c[i] as usize] {
                Some(st) => st,
                None => continue,
            }
        } else if flags_c[i] & flag::SERVED != 0 {
            indiv_steps
        } else {
            continue;
        };
        part_c[i] += st[0] * (1.0 - part_c[i]);
        conf_c[i] += st[1] * (1.0 - conf_c[i]);
        // what is learned moves toward a ceiling, each step smaller than the last
        skill_c[i] += st[2] * (ceiling - skill_c[i]).max(0.0);
        health_c[i] += st[2] * (1.0 - health_c[i]);
        info_c[i] += st[2] * (ceiling - info_c[i]).max(0.0);
        info_c[i] += st[3] * (1.0 - info_c[i]);
        voice_c[i] += st[3] * (1.0 - voice_c[i]);
    }
}

/// The share of the gap to its ceiling that a dose of strength `x` closes:
/// `1 − e^{−x}`, close to `x` for a small dose, never above 1 however large
/// the dose (the tenth meeting teaches less than the first).
#[inline]
pub fn saturating(x: f64) -> f64 {
    -(-x).exp_m1()
}

/// Advocacy of the representative role (C11): village deliberation and
/// accountability rise with its network hours per household.
fn advocate(v: &mut Village, p: &Params, h: &[f64; 5], s: &[f64; 4]) {
    let n = v.hh.len().max(1) as f64;
    // a step toward 1, never past it, however many facilitators a village holds
    let adv = saturating(
        p.scenario.governance.advocacy_effect
            * h[activity::NETWORKS]
            * s[role::REPRESENTATIVE]
            * 100.0
            / n,
    ) as f32;
    v.deliberation += adv * (1.0 - v.deliberation);
    v.accountability += adv * (1.0 - v.accountability);
}
