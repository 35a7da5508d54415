//! The stylized facts F1-F8 of `EVIDENCE.md`, one function each. A fact
//! reads the runs through a [`Context`] (the program's end and the horizon
//! come from the experiment) and returns its [`FactResult`]: what the field
//! found, what the model gives, and whether the model's answer has the
//! field's direction and rough size.
//!
//! Adding a fact: write `fn fN_...(cx: &Context) -> FactResult` below and
//! add it to [`FACTS`]; if it needs arms, add them to
//! `scenarios/evidence.toml`.

use super::{FactResult, Interval, Runs, TRAP_LEVELS, mean, pp};
use crate::error::Result;
use crate::model::metrics::col;

/// What every fact reads.
pub struct Context<'a> {
    pub runs: &'a Runs,
    /// F4's shares of the push left, per [`TRAP_LEVELS`].
    pub trap: &'a [f64],
    /// The program's last month (effects "at the program's end").
    pub end: u32,
    /// The last simulated month.
    pub horizon: u32,
}

/// The arm every effect is paired with.
const CONTROL: &str = "control";

/// Every fact, in report order.
pub const FACTS: &[fn(&Context) -> FactResult] = &[
    f1_capital_alone_is_modest,
    f2_multi_aspect_programs_last,
    f3_parts_do_not_add_up,
    f4_poverty_trap,
    f5_groups_savings_and_reach,
    f6_poorer_and_remote_gain_most,
    f7_elite_capture_small,
    f8_enterprise_substitutes_wage_work,
];

/// Checks every fact of [`FACTS`].
pub fn evaluate(runs: &Runs, trap: &[f64]) -> Result<Vec<FactResult>> {
    let cx = Context {
        runs,
        trap,
        end: runs.program_end()?,
        horizon: runs.exp.months(),
    };
    Ok(FACTS.iter().map(|fact| fact(&cx)).collect())
}

/// F1: capital alone is modest.
pub fn f1_capital_alone_is_modest(cx: &Context) -> FactResult {
    let (runs, end) = (cx.runs, cx.end);
    let a = "capital_individual";
    let takeup = mean(&runs.values(a, end, col::EVER_BORROWED_SHARE));
    let inc = runs.pct(a, CONTROL, end, col::MEAN_INCOME);
    let q: Vec<Interval> = [
        col::CONS_P10,
        col::CONS_P25,
        col::CONS_P50,
        col::CONS_P75,
        col::CONS_P90,
    ]
    .iter()
    .map(|&k| runs.pct(a, CONTROL, end, k))
    .collect();
    let flat_low = q[..4].iter().all(|x| x.mean.abs() < 2.0);
    let holds = (0.05..=0.45).contains(&takeup)
        && inc.mean.abs() < 3.0
        && q[4].mean > q[1].mean
        && flat_low;
    FactResult {
        id: "F1",
        title: "Capital alone is modest",
        source: "Banerjee, Karlan & Zinman 2015; Meager 2019",
        field: "take-up 13-31%; no significant effect on average income; zero from the 5th to 75th percentile, gains in the right tail",
        model: format!(
            "take-up {:.0}%; income {}; consumption per person p10 {:+.1}%, p25 {:+.1}%, p50 {:+.1}%, p75 {:+.1}%, p90 {:+.1}% (month {end})",
            100.0 * takeup,
            pp(inc),
            q[0].mean,
            q[1].mean,
            q[2].mean,
            q[3].mean,
            q[4].mean
        ),
        holds,
    }
}

/// F2: multi-aspect programs last.
pub fn f2_multi_aspect_programs_last(cx: &Context) -> FactResult {
    let (runs, end, horizon) = (cx.runs, cx.end, cx.horizon);
    let a = "package";
    let e_end = runs.pct(a, CONTROL, end, col::MEAN_CONSUMPTION_PC);
    let e_hor = runs.pct(a, CONTROL, horizon, col::MEAN_CONSUMPTION_PC);
    let persistence = e_hor.mean / e_end.mean;
    FactResult {
        id: "F2",
        title: "Multi-aspect programs last",
        source: "Banerjee et al. 2015; Banerjee, Duflo & Sharma 2021; Bandiera et al. 2017",
        field: "consumption +5.8% two years after the asset transfer; most effects held after the program, grew for seven years in West Bengal",
        model: format!(
            "graduation-like package (asset grants, training, coached savings groups): consumption {} at month {end}, {} at month {horizon} (persistence {:.2})",
            pp(e_end),
            pp(e_hor),
            persistence
        ),
        holds: e_end.low > 0.0 && e_hor.low > 0.0 && persistence >= 0.5,
    }
}

/// F3: the parts do not add up to the whole: the interaction (package −
/// its parts, each against control, paired by replication) is positive.
pub fn f3_parts_do_not_add_up(cx: &Context) -> FactResult {
    let (runs, end) = (cx.runs, cx.end);
    let k = col::MEAN_CONSUMPTION_PC;
    let full = runs.pct("package", CONTROL, end, k);
    let cap = runs.pct("package_capital_part", CONTROL, end, k);
    let grp = runs.pct("package_groups_part", CONTROL, end, k);
    let base = mean(&runs.values(CONTROL, end, k));
    let interaction: Vec<f64> = (0..runs.reps.len())
        .map(|r| {
            let ctl = runs.row(r, CONTROL, end)[k];
            100.0
                * ((runs.row(r, "package", end)[k] - ctl)
                    - (runs.row(r, "package_capital_part", end)[k] - ctl)
                    - (runs.row(r, "package_groups_part", end)[k] - ctl))
                / base
        })
        .collect();
    let i = crate::stats::mean_ci(&interaction, 0.95);
    FactResult {
        id: "F3",
        title: "The parts do not add up to the whole",
        source: "Banerjee, Karlan, Osei, Trachtman & Udry (Ghana)",
        field: "an asset grant alone, or savings alone, did not produce the impacts of the full package",
        model: format!(
            "package {:+.1}%; its asset-grant part {:+.1}% + its groups part {:+.1}%; interaction {:+.2} points [{:+.2}, {:+.2}] (consumption per person, month {end}, same total budget)",
            full.mean, cap.mean, grp.mean, i.mean, i.ci_low, i.ci_high
        ),
        holds: i.ci_low > 0.0 && full.mean > cap.mean && full.mean > grp.mean,
    }
}

/// F4: a poverty trap (from [`super::trap::poverty_trap`]).
pub fn f4_poverty_trap(cx: &Context) -> FactResult {
    let trap = cx.trap;
    let low = trap.first().copied().unwrap_or(f64::NAN);
    let high = trap.last().copied().unwrap_or(f64::NAN);
    let levels: Vec<String> = TRAP_LEVELS
        .iter()
        .zip(trap)
        .map(|(l, r)| format!("{l:.1} K*: {:.0}%", 100.0 * r))
        .collect();
    let crossing = TRAP_LEVELS
        .iter()
        .zip(trap)
        .find(|(_, r)| **r >= 0.5)
        .map(|(l, _)| format!("{l:.1} K*"))
        .unwrap_or_else(|| "none".into());
    FactResult {
        id: "F4",
        title: "A poverty trap",
        source: "Balboni, Bandiera, Burgess, Ghatak & Heil 2022",
        field: "a push that lands a household above a threshold of assets lasts; one that lands it below fades",
        model: format!(
            "share of an asset push to poor households left after 48 months, by landing level: {}; half or more lasts from {crossing}",
            levels.join(", ")
        ),
        holds: low < 0.5 && high >= 0.75 && high - low >= 0.4,
    }
}

/// F5: groups: savings and reach, not repayment magic; no psychological effect.
pub fn f5_groups_savings_and_reach(cx: &Context) -> FactResult {
    let (runs, end) = (cx.runs, cx.end);
    let a = "package";
    let eco = runs.esd(a, CONTROL, end, col::ECONOMIC_INDEX, col::INDEX_SD + 1);
    let soc = runs.esd(a, CONTROL, end, col::SOCIAL_INDEX, col::INDEX_SD + 2);
    let pol = runs.esd(a, CONTROL, end, col::POLITICAL_INDEX, col::INDEX_SD + 3);
    let psy = runs.esd(a, CONTROL, end, col::PSYCHOLOGICAL_INDEX, col::INDEX_SD + 4);
    let rep_jl = runs.mean_over("package_loans", col::REPAYMENT_RATE, 1, end);
    let rep_no = runs.mean_over(
        "package_loans_no_joint_liability",
        col::REPAYMENT_RATE,
        1,
        end,
    );
    let savings = runs.pct(a, CONTROL, end, col::MEAN_SAVINGS);
    FactResult {
        id: "F5",
        title: "Groups: savings and reach, not repayment magic",
        source: "Giné & Karlan 2014; Brody et al. 2015",
        field: "removing joint liability did not raise default; groups raise economic, social and political empowerment by 0.06-0.41 SD, no detectable psychological effect",
        model: format!(
            "group package, month {end}: economic {:+.2} SD, social {:+.2} SD, political {:+.2} SD, psychological {:+.2} SD; savings {:+.0}%; repayment {:.1}% with joint liability, {:.1}% without",
            eco.mean,
            soc.mean,
            pol.mean,
            psy.mean,
            savings.mean,
            100.0 * rep_jl,
            100.0 * rep_no
        ),
        holds: eco.low > 0.0
            && soc.low > 0.0
            && pol.low > 0.0
            && psy.mean.abs() < 0.1
            && (rep_jl - rep_no).abs() < 0.03,
    }
}

/// F6: Indonesia's community programs: gains most among the poorer, in
/// poor remote areas.
pub fn f6_poorer_and_remote_gain_most(cx: &Context) -> FactResult {
    let (runs, end) = (cx.runs, cx.end);
    let a = "multi_group";
    let q25 = runs.pct(a, CONTROL, end, col::CONS_P25);
    let q75 = runs.pct(a, CONTROL, end, col::CONS_P75);
    let (remote, connected) = (
        ("multi_group_remote", "control_remote"),
        ("multi_group_connected", "control_connected"),
    );
    let cons = |(arm, ctl): (&str, &str)| runs.pct(arm, ctl, end, col::MEAN_CONSUMPTION_PC);
    let poverty = |(arm, ctl): (&str, &str)| runs.effect(arm, ctl, end, col::POVERTY_RATE);
    let (cons_remote, cons_connected) = (cons(remote), cons(connected));
    FactResult {
        id: "F6",
        title: "Indonesia's community programs: the poorer and the remote gain most",
        source: "Voss 2012 (PNPM-Rural)",
        field: "per-capita consumption and exits from poverty rose most among poorer households and in poor remote areas",
        model: format!(
            "multi_group at month {end}: consumption p25 {:+.1}% vs p75 {:+.1}%; remote villages {:+.1}% (poverty {:+.1} pts) vs connected {:+.1}% (poverty {:+.1} pts)",
            q25.mean,
            q75.mean,
            cons_remote.mean,
            100.0 * poverty(remote).mean,
            cons_connected.mean,
            100.0 * poverty(connected).mean
        ),
        holds: q25.mean > q75.mean && cons_remote.mean > cons_connected.mean,
    }
}

/// F7: elite capture exists but is small where measured.
pub fn f7_elite_capture_small(cx: &Context) -> FactResult {
    let (runs, end) = (cx.runs, cx.end);
    let cap_default = runs.mean_over("multi_group", col::ELITE_CAPTURE_SHARE, 1, end);
    let cap_weak = runs.mean_over(
        "multi_group_weak_governance",
        col::ELITE_CAPTURE_SHARE,
        1,
        end,
    );
    let base = mean(&runs.values(CONTROL, end, col::MEAN_CONSUMPTION_PC));
    let gain = runs.effect(
        "multi_group_no_capture",
        "multi_group",
        end,
        col::MEAN_CONSUMPTION_PC,
    );
    let welfare = 100.0 * gain.mean / base;
    FactResult {
        id: "F7",
        title: "Elite capture exists but is small where measured",
        source: "Alatas et al. 2012, 2013",
        field: "elites at most about 8 points more likely to benefit; removing capture would raise welfare gains by under 1%",
        model: format!(
            "elite capture {:.1}% of program money at default governance, {:.1}% with transparency = accountability = 0.1; removing capture raises consumption by {:+.2}%",
            100.0 * cap_default,
            100.0 * cap_weak,
            welfare
        ),
        holds: cap_default < 0.08 && cap_weak > 2.0 * cap_default && welfare.abs() < 1.0,
    }
}

/// F8: own enterprise substitutes for wage work.
pub fn f8_enterprise_substitutes_wage_work(cx: &Context) -> FactResult {
    let (runs, end) = (cx.runs, cx.end);
    let a = "capital_individual";
    let ent = runs.effect(a, CONTROL, end, col::MEAN_ENTERPRISE_INCOME);
    let wage = runs.effect(a, CONTROL, end, col::MEAN_WAGE_INCOME);
    let inc = runs.effect(a, CONTROL, end, col::MEAN_INCOME);
    FactResult {
        id: "F8",
        title: "Own enterprise substitutes for wage work",
        source: "Morduch, Ravi & Bauchet 2013; Banerjee, Karlan & Zinman 2015 (Morocco)",
        field: "self-employment profit rose but wage income fell, so net income moved little",
        model: format!(
            "capital_individual at month {end}: enterprise income {:+.0} Rp/month, wage income {:+.0}, net {:+.0}",
            ent.mean, wage.mean, inc.mean
        ),
        holds: ent.mean > 0.0 && wage.mean < 0.0 && inc.mean < ent.mean,
    }
}
