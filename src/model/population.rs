//! Initialisation (ODD "Initialization"): villages in districts, households
//! with sizes, skewed assets and skills, an elite, and a small-world neighbour
//! network in each village. Everything is drawn from the `Population` stream
//! of the village, shared by all arms (common random numbers).

use super::household::{Households, NO_GROUP, Scratch, flag, rp};
use super::ledger::{FundLedger, Ledger};
use super::markets::Market;
use super::params::Params;
use super::production::{Opportunities, Opportunity, Terms, market_factor};
use super::village::{Fund, Village};
use crate::rng::{
    ModelRng, SHARED_ARM, Stream, below, beta_mean, normal, poisson, stream, stream_seed, unit_f64,
};

/// Number of households of village `index` (lognormal around the mean when
/// `village_size_cv > 0`).
pub fn village_size(p: &Params, rep: u64, index: u32) -> usize {
    let pop = &p.scenario.population;
    if let Some(ex) = extract(p) {
        return ex.villages.get(index as usize).map_or(0, Vec::len);
    }
    let mean = pop.households_per_village as f64;
    if pop.village_size_cv <= 0.0 {
        return pop.households_per_village as usize;
    }
    let mut r = stream(
        p.scenario.seed,
        Stream::Population,
        SHARED_ARM,
        rep,
        (1u64 << 40) | index as u64,
    );
    let s2 = (1.0 + pop.village_size_cv * pop.village_size_cv).ln();
    let n = mean * (s2.sqrt() * normal(&mut r) - 0.5 * s2).exp();
    (n.round() as usize).clamp(pop.network_degree as usize + 1, 65_535)
}

/// Builds one village of replication `rep`.
pub fn build_village(p: &Params, rep: u64, index: u32) -> Village {
    let s = &p.scenario;
    let pop = &s.population;
    let seed = s.seed;
    let key = index as u64;
    let mut r = stream(seed, Stream::Population, SHARED_ARM, rep, key);
    let n = village_size(p, rep, index);

    let spread = |r: &mut ModelRng, mean: f64, half: f64| {
        (mean + half * (2.0 * unit_f64(r) - 1.0)).clamp(0.0, 1.0) as f32
    };
    let market_access = spread(
        &mut r,
        s.infrastructure.market_access,
        s.infrastructure.market_access_spread,
    );
    let labour_demand = spread(
        &mut r,
        s.economy.labour_demand,
        s.economy.labour_demand_spread,
    );

    let mut hh = draw_households(p, &mut r, n);
    if let Some(rows) = extract(p)
        .as_ref()
        .and_then(|ex| ex.villages.get(index as usize))
    {
        households_from_rows(p, &mut hh, rows, &mut r);
    }
    hh.skill_base = hh.skill.clone();
    let decision_key = stream_seed(seed, Stream::Decisions, SHARED_ARM, rep, key);
    draw_opportunities(p, &mut hh, decision_key);
    expect_incomes(p, &mut hh, market_access, labour_demand);
    mark_elite(&mut hh, pop.elite_share);
    build_network(&mut hh, pop.network_rewire, &mut r);

    let mut scratch = Scratch::default();
    scratch.resize(n);
    Village {
        index,
        district: index / pop.villages_per_district.max(1),
        hh,
        scratch,
        groups: Vec::new(),
        market_access,
        base_access: market_access,
        labour_demand,
        market: Market::new(),
        cohesion: s.mutual_aid.cohesion as f32,
        transparency: s.governance.transparency as f32,
        accountability: s.governance.accountability as f32,
        deliberation: s.governance.deliberation as f32,
        elite_power: s.governance.elite_power as f32,
        fund: Fund::default(),
        grant_pool: 0.0,
        infra_stock: 0.0,
        training_funds: 0.0,
        train_cursor: 0,
        group_cursor: 0,
        partnership_spent: 0.0,
        readiness: 0.0,
        budget_weight: 0.0,
        fte: 0.0,
        poor_last: 0,
        enterprise_output: 0.0,
        offers: Vec::new(),
        rng_shocks: stream(seed, Stream::Shocks, SHARED_ARM, rep, key),
        rng_market: stream(seed, Stream::Market, SHARED_ARM, rep, key),
        rng_behaviour: stream(seed, Stream::Behaviour, SHARED_ARM, rep, key),
        rng_program: stream(seed, Stream::Program, SHARED_ARM, rep, key),
        decision_key,
        audit: false,
        ledger: Ledger::default(),
        fund_ledger: FundLedger::default(),
    }
}

/// Draws `n` households: size, skill, assets correlated with skill, health,
/// information, participation, voice, confidence and starting cash (§5 of
/// docs/ODD.md gives the distributions and the order of the draws).
fn draw_households(p: &Params, r: &mut ModelRng, n: usize) -> Households {
    let s = &p.scenario;
    let pop = &s.population;
    let mut hh = Households::with_capacity(n, pop.network_degree as usize);
    let skill_sd = (pop.skill_mean * (1.0 - pop.skill_mean) / (pop.skill_concentration + 1.0))
        .sqrt()
        .max(1e-9);
    let rho = pop.asset_skill_correlation;
    for _ in 0..n {
        let size = (1 + poisson(r, (pop.household_size_mean - 1.0).max(0.0))).min(12) as u8;
        let skill = beta_mean(r, pop.skill_mean, pop.skill_concentration);
        let z_skill = (skill - pop.skill_mean) / skill_sd;
        let z_assets = rho * z_skill + (1.0 - rho * rho).max(0.0).sqrt() * normal(r);
        let assets = rp(pop.asset_median * (pop.asset_sigma * z_assets).exp());
        let needs = s.economy.poverty_line * size as f64;
        hh.size.push(size);
        hh.flags.push(0);
        hh.skill.push(skill as f32);
        hh.health.push(beta_mean(r, pop.health_mean, 8.0) as f32);
        hh.info.push(beta_mean(r, pop.information_mean, 6.0) as f32);
        hh.participation
            .push(beta_mean(r, pop.participation_mean, 6.0) as f32);
        hh.voice.push(beta_mean(r, pop.voice_mean, 6.0) as f32);
        hh.confidence
            .push(beta_mean(r, pop.confidence_mean, 8.0) as f32);
        hh.assets.push(assets);
        hh.cash
            .push(rp(needs * s.economy.buffer_months * (0.25 + unit_f64(r))));
        hh.debt.push(0.0);
        hh.loan.push(0.0);
        hh.installment.push(0.0);
        hh.arrears.push(0);
        hh.excluded_until.push(i16::MIN);
        hh.group.push(NO_GROUP);
        hh.price_bonus.push(0.0);
        hh.income.push(0.0);
        hh.consumption.push(0.0);
    }
    hh
}

/// The survey extract of the scenario, if it names one.
fn extract(p: &Params) -> Option<std::sync::Arc<crate::scenario::households::Extract>> {
    let f = &p.scenario.population.households_file;
    if f.is_empty() {
        None
    } else {
        crate::scenario::households::cached(f)
    }
}

/// Households from survey rows (docs/ODD.md, households from survey data):
/// size and productive assets as written; skill keeps the model's Beta
/// distribution but is handed out in the order of schooling (the household
/// with the most schooling gets the highest of the village's drawn skills,
/// ties broken by a draw); starting cash is `consumption x buffer_months x
/// U(0.25, 1.25)`; group members start with participation raised by 0.25.
/// Everything else stays as drawn.
fn households_from_rows(
    p: &Params,
    hh: &mut Households,
    rows: &[crate::scenario::households::Row],
    r: &mut ModelRng,
) {
    let n = rows.len().min(hh.len());
    let mut skills: Vec<f32> = hh.skill[..n].to_vec();
    skills.sort_by(f32::total_cmp);
    let ties: Vec<f64> = (0..n).map(|_| unit_f64(r)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        rows[a]
            .schooling
            .total_cmp(&rows[b].schooling)
            .then(ties[a].total_cmp(&ties[b]))
    });
    for (rank, &i) in order.iter().enumerate() {
        hh.skill[i] = skills[rank];
    }
    let buffer = p.scenario.economy.buffer_months;
    for (i, row) in rows.iter().enumerate().take(n) {
        hh.size[i] = row.size;
        hh.assets[i] = rp(row.assets);
        hh.cash[i] = rp(row.consumption * buffer * (0.25 + unit_f64(r)));
        if row.group {
            hh.participation[i] = (hh.participation[i] + 0.25).min(1.0);
        }
    }
}

/// The business opportunity each household starts with (§7.1): a keyed draw
/// per household (the population stream is not touched, so turning
/// opportunities on changes no other initial draw); exactly 1 when
/// opportunities are off.
fn draw_opportunities(p: &Params, hh: &mut Households, key: u64) {
    let n = hh.len();
    hh.opportunity = match Opportunities::of(p) {
        Some(o) => (0..n).map(|i| o.initial(key, i)).collect(),
        None => vec![1.0; n],
    };
}

/// Expected income at the start: the best labour split at mean harvest, at
/// the village's market access and labour demand, indices at 1.
fn expect_incomes(p: &Params, hh: &mut Households, market_access: f32, labour_demand: f32) {
    let n = hh.len();
    let terms = Terms {
        price: market_factor(p, market_access as f64),
        wage: p.wage_ref,
        labour_demand: labour_demand as f64,
    };
    for i in 0..n {
        let opp = Opportunity::of_household(p, &terms, hh, i);
        let earned = opp.earnings(p, hh.assets[i]).total();
        hh.income_exp.push(earned as f32);
    }
}

/// The largest asset holders are the elite (C5, C14): more voice and more
/// participation in village decisions.
fn mark_elite(hh: &mut Households, share: f64) {
    let n = hh.len();
    let k = (share * n as f64).round() as usize;
    if k == 0 {
        return;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| hh.assets[b].total_cmp(&hh.assets[a]).then(a.cmp(&b)));
    for &i in &order[..k] {
        hh.flags[i] |= flag::ELITE;
        hh.voice[i] = (hh.voice[i] + 0.4).min(1.0);
        hh.participation[i] = (hh.participation[i] + 0.3).min(1.0);
    }
}

/// Watts-Strogatz: a ring lattice with `degree/2` neighbours on each side,
/// each link rewired with probability `rewire` to a random other household.
fn build_network(hh: &mut Households, rewire: f64, r: &mut ModelRng) {
    let n = hh.len();
    let d = hh.degree;
    hh.neighbours = Vec::with_capacity(n * d);
    for i in 0..n {
        for k in 1..=d / 2 {
            for j in [(i + k) % n, (i + n - k % n) % n] {
                let j = if unit_f64(r) < rewire {
                    let mut c = below(r, n as u64 - 1) as usize;
                    if c >= i {
                        c += 1;
                    }
                    c
                } else {
                    j
                };
                hh.neighbours.push(j as u16);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn params() -> Params {
        Params::new(Scenario::default())
    }

    #[test]
    fn households_match_the_calibration_targets() {
        let p = params();
        let vs: Vec<Village> = (0..20).map(|i| build_village(&p, 0, i)).collect();
        let n: usize = vs.iter().map(|v| v.hh.len()).sum();
        let mean_size = vs
            .iter()
            .flat_map(|v| v.hh.size.iter())
            .map(|&s| s as f64)
            .sum::<f64>()
            / n as f64;
        assert!((mean_size - 3.85).abs() < 0.1, "mean size {mean_size}");
        let elite = vs
            .iter()
            .flat_map(|v| v.hh.flags.iter())
            .filter(|&&f| f & flag::ELITE != 0)
            .count();
        assert_eq!(elite, 20 * 10);
        let mut assets: Vec<f64> = vs
            .iter()
            .flat_map(|v| v.hh.assets.iter().copied())
            .collect();
        assets.sort_by(f64::total_cmp);
        let median = assets[n / 2];
        assert!(
            (median / 18.0e6 - 1.0).abs() < 0.15,
            "median assets {median}"
        );
    }

    #[test]
    fn network_has_the_requested_degree_and_no_self_links() {
        let p = params();
        let v = build_village(&p, 0, 3);
        assert_eq!(v.hh.neighbours.len(), v.hh.len() * 4);
        for i in 0..v.hh.len() {
            assert!(
                v.hh.neighbours_of(i)
                    .iter()
                    .all(|&j| j as usize != i && (j as usize) < v.hh.len())
            );
        }
    }

    #[test]
    fn the_same_keys_give_the_same_village() {
        let p = params();
        let a = build_village(&p, 2, 5);
        let b = build_village(&p, 2, 5);
        assert_eq!(a.hh.assets, b.hh.assets);
        assert_ne!(a.hh.assets, build_village(&p, 3, 5).hh.assets);
    }
}
