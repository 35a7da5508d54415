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
//! self-sustaining capacity decay ([`super::group::update`]).

use super::group::{self, CONFLICT, LEADERSHIP, MEETINGS, Origin, RECORDS};
use super::household::{NO_GROUP, flag};
use super::params::Params;
use super::village::Village;
use crate::rng::unit_f64;
use crate::scenario::{Approach, FacilitatorType};

/// Role skills of this program's facilitators: facilitator, educator,
/// representative, technical.
pub fn role_skills(p: &Params) -> [f64; 4] {
    let f = &p.s.facilitation;
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
    let f = &p.s.facilitation;
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
    if p.s.program.approach != Approach::Individual || v.fte <= 0.0 {
        return;
    }
    let k = ((v.fte * p.s.facilitation.caseload_households).round() as usize).min(n);
    let mut order: Vec<usize> = (0..n).collect();
    let pc = |i: usize| v.hh.consumption[i] / v.hh.size[i] as f32;
    order.sort_by(|&a, &b| pc(a).total_cmp(&pc(b)).then(a.cmp(&b)));
    for &i in &order[..k] {
        v.hh.flags[i] |= flag::SERVED;
    }
}

/// The month's facilitation in a village.
pub fn work(v: &mut Village, p: &Params, month: i32) {
    for g in v.groups.iter_mut() {
        g.served = false;
        g.dose = [0.0; 5];
    }
    if !p.facilitation_active(month) || v.fte <= 0.0 {
        return;
    }
    let f = &p.s.facilitation;
    let s = role_skills(p);
    let total = v.fte * hours_per_facilitator(p);
    let mut h = [
        total * f.time_motivation,
        total * f.time_awareness,
        total * f.time_self_management,
        total * f.time_mobilisation,
        total * f.time_networks,
    ];
    let mut indiv_dose = [0.0f32; 5];
    match p.s.program.approach {
        Approach::Group => {
            let caseload = (v.fte * f.caseload_groups).max(1.0);
            let active = v.groups.iter().filter(|g| g.active).count() as f64;
            let unfilled = ((caseload - active) / caseload).clamp(0.0, 1.0);
            let form_hours = h[0] * unfilled;
            h[0] -= form_hours;
            let expected = form_hours * s[0] * p.s.groups.formation_per_hour;
            let mut count = expected.floor() as usize;
            if unit_f64(&mut v.rng_program) < expected.fract() {
                count += 1;
            }
            for _ in 0..count {
                group::form(v, p, month, Origin::Facilitated, true);
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
            if !served.is_empty() {
                let per = (f.meeting_hours * served.len() as f64).max(1e-9);
                let m: [f64; 5] = [h[0] / per, h[1] / per, h[2] / per, h[3] / per, h[4] / per];
                for k in served {
                    let g = &mut v.groups[k];
                    g.served = true;
                    g.dose = m.map(|x| x as f32);
                    let c = f.capacity_effect * m[2];
                    // steps toward 1 are bounded by 1: an overshoot would oscillate
                    for (part, skill) in [
                        (LEADERSHIP, s[0]),
                        (MEETINGS, s[0]),
                        (RECORDS, s[3]),
                        (CONFLICT, 0.5 * (s[0] + s[3])),
                    ] {
                        let cur = g.capacity[part] as f64;
                        g.capacity[part] = (cur + (c * skill).min(1.0) * (1.0 - cur)) as f32;
                    }
                    let mob = g.mobilisation as f64;
                    g.mobilisation =
                        (mob + (f.mobilisation_effect * m[3] * s[0]).min(1.0) * (1.0 - mob)) as f32;
                    let net = g.network as f64;
                    g.network =
                        (net + (f.network_effect * m[4] * s[2]).min(1.0) * (1.0 - net)) as f32;
                }
            }
        }
        Approach::Individual => {
            let served =
                v.hh.flags
                    .iter()
                    .filter(|&&x| x & flag::SERVED != 0)
                    .count();
            if served > 0 {
                let per = f.visit_hours * served as f64 / f.visit_depth;
                indiv_dose = h.map(|x| (x / per) as f32);
            }
        }
    }
    // household effects of the doses, as step sizes toward 1 per column:
    // participation, confidence, skill/health/information, information/voice
    let (mot, conf_eff, skl, net) = (
        f.motivation_effect as f32,
        f.confidence_effect as f32,
        f.skills_effect as f32,
        f.network_effect as f32,
    );
    let sf = s.map(|x| x as f32);
    let steps = |d: [f32; 5]| -> [f32; 4] {
        [
            (mot * d[0] * sf[0]).min(1.0),
            (conf_eff * d[0] * sf[0]).min(1.0),
            (skl * d[1] * sf[1]).min(1.0),
            (0.5 * net * d[4] * sf[2]).min(1.0),
        ]
    };
    let group_steps: Vec<Option<[f32; 4]>> = v
        .groups
        .iter()
        .map(|g| g.served.then(|| steps(g.dose)))
        .collect();
    let indiv_steps = steps(indiv_dose);
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
        skill_c[i] += st[2] * (1.0 - skill_c[i]);
        health_c[i] += st[2] * (1.0 - health_c[i]);
        info_c[i] += st[2] * (1.0 - info_c[i]);
        info_c[i] += st[3] * (1.0 - info_c[i]);
        voice_c[i] += st[3] * (1.0 - voice_c[i]);
    }
    // advocacy of the representative role (C11): village deliberation and accountability
    let n = n.max(1) as f64;
    // a step toward 1, never past it, however many facilitators a village holds
    let adv = ((p.s.governance.advocacy_effect * h[4] * s[2] * 100.0 / n) as f32).min(1.0);
    v.deliberation += adv * (1.0 - v.deliberation);
    v.accountability += adv * (1.0 - v.accountability);
}
