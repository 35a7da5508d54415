//! Measurement (MODEL.md step 10): the metrics of the output contract and a
//! few extra columns, reduced from households to villages to the run.
//!
//! Every accumulator is an integer (counts, sums of whole rupiah, sums of
//! indices in millionths), so the reduction gives the same bits in any order:
//! villages can be stepped and reduced in parallel and the output stays
//! byte-identical on any number of threads. Quantiles, the median and the
//! Gini come from a log-spaced histogram with 64 bins per doubling (bins
//! 0.8-1.6% wide) that also keeps the exact sum of each bin; the Gini of the binned data
//! treats the households of one bin as equal, which understates it by less
//! than 0.001 at this resolution.

/// Contract metrics (PRODUCT.md), in column order.
pub const CONTRACT: [&str; 21] = [
    "poverty_rate",
    "poverty_gap",
    "mean_income",
    "median_income",
    "mean_consumption_pc",
    "gini",
    "mean_assets",
    "empowered_share",
    "empowerment_index",
    "economic_index",
    "social_index",
    "political_index",
    "psychological_index",
    "group_share",
    "active_groups",
    "repayment_rate",
    "partnership_share",
    "firm_profit",
    "capture_share",
    "program_cost",
    "facilitators_active",
];

/// Extra columns after the contract ones: spreads and quantiles the
/// statistics need, and a few diagnostics.
pub const EXTRA: [&str; 25] = [
    "consumption_pc_sd",
    "income_sd",
    "assets_sd",
    "empowerment_index_sd",
    "economic_index_sd",
    "social_index_sd",
    "political_index_sd",
    "psychological_index_sd",
    "consumption_pc_p10",
    "consumption_pc_p25",
    "consumption_pc_p50",
    "consumption_pc_p75",
    "consumption_pc_p90",
    "business_share",
    "borrower_share",
    "mean_debt",
    "households",
    "mean_wage_income",
    "mean_enterprise_income",
    "mean_consumption_hh",
    "mean_savings",
    "ever_borrowed_share",
    "elite_capture_share",
    "price_index",
    "wage_index",
];

pub const N_METRICS: usize = CONTRACT.len() + EXTRA.len();

/// All column names, contract first.
pub fn names() -> impl Iterator<Item = &'static str> {
    CONTRACT.iter().chain(EXTRA.iter()).copied()
}

/// Column index of a metric by name.
pub fn index(name: &str) -> Option<usize> {
    names().position(|n| n == name)
}

/// Named indices, so the code reads like the contract.
pub mod col {
    pub const POVERTY_RATE: usize = 0;
    pub const POVERTY_GAP: usize = 1;
    pub const MEAN_INCOME: usize = 2;
    pub const MEDIAN_INCOME: usize = 3;
    pub const MEAN_CONSUMPTION_PC: usize = 4;
    pub const GINI: usize = 5;
    pub const MEAN_ASSETS: usize = 6;
    pub const EMPOWERED_SHARE: usize = 7;
    pub const EMPOWERMENT_INDEX: usize = 8;
    pub const ECONOMIC_INDEX: usize = 9;
    pub const SOCIAL_INDEX: usize = 10;
    pub const POLITICAL_INDEX: usize = 11;
    pub const PSYCHOLOGICAL_INDEX: usize = 12;
    pub const GROUP_SHARE: usize = 13;
    pub const ACTIVE_GROUPS: usize = 14;
    pub const REPAYMENT_RATE: usize = 15;
    pub const PARTNERSHIP_SHARE: usize = 16;
    pub const FIRM_PROFIT: usize = 17;
    pub const CAPTURE_SHARE: usize = 18;
    pub const PROGRAM_COST: usize = 19;
    pub const FACILITATORS_ACTIVE: usize = 20;
    pub const CONSUMPTION_PC_SD: usize = 21;
    pub const INCOME_SD: usize = 22;
    pub const ASSETS_SD: usize = 23;
    /// Household-level SDs of the five indices, in the order of the indices.
    pub const INDEX_SD: usize = 24;
    pub const CONS_P10: usize = 29;
    pub const CONS_P25: usize = 30;
    pub const CONS_P50: usize = 31;
    pub const CONS_P75: usize = 32;
    pub const CONS_P90: usize = 33;
    pub const BUSINESS_SHARE: usize = 34;
    pub const BORROWER_SHARE: usize = 35;
    pub const MEAN_DEBT: usize = 36;
    pub const HOUSEHOLDS: usize = 37;
    pub const MEAN_WAGE_INCOME: usize = 38;
    pub const MEAN_ENTERPRISE_INCOME: usize = 39;
    pub const MEAN_CONSUMPTION_HH: usize = 40;
    pub const MEAN_SAVINGS: usize = 41;
    pub const EVER_BORROWED_SHARE: usize = 42;
    pub const ELITE_CAPTURE_SHARE: usize = 43;
    /// Household-weighted mean of the villages' goods price index.
    pub const PRICE_INDEX: usize = 44;
    /// Household-weighted mean of the villages' wage index.
    pub const WAGE_INDEX: usize = 45;
}

/// One month's metrics of one run. `NaN` means undefined (written empty).
pub type Row = [f64; N_METRICS];

/// Histogram resolution: 2^SUB bins per doubling.
const SUB: u32 = 6;
/// Smallest binned value: 2^12 = Rp 4,096 (below it, bin 0).
const LOW_EXP: u32 = 12;
/// Bins from 2^12 to 2^36 Rp.
pub const N_BINS: usize = (24 << SUB) as usize;

/// A log-spaced histogram of a non-negative money amount, with exact
/// per-bin sums.
#[derive(Debug, Clone)]
pub struct Histogram {
    pub count: Box<[u32; N_BINS]>,
    pub sum: Box<[i64; N_BINS]>,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            count: Box::new([0; N_BINS]),
            sum: Box::new([0; N_BINS]),
        }
    }
}

/// The bin of a value: read straight from the bits of its `f32`.
#[inline(always)]
pub fn bin_of(v: f32) -> usize {
    let low_bits = ((127 + LOW_EXP) << 23) as i64;
    let b = ((v.max(0.0).to_bits() as i64 - low_bits) >> (23 - SUB)).clamp(0, N_BINS as i64 - 1);
    b as usize
}

/// Lower edge of a bin.
pub fn bin_low(b: usize) -> f64 {
    if b == 0 {
        return 0.0;
    }
    let bits = ((127 + LOW_EXP) << 23) + ((b as u32) << (23 - SUB));
    f32::from_bits(bits) as f64
}

impl Histogram {
    #[inline(always)]
    pub fn add(&mut self, v: f32, whole: i64) {
        let b = bin_of(v);
        self.count[b] += 1;
        self.sum[b] += whole;
    }
    pub fn merge(&mut self, o: &Histogram) {
        for b in 0..N_BINS {
            self.count[b] += o.count[b];
            self.sum[b] += o.sum[b];
        }
    }
    pub fn total(&self) -> u64 {
        self.count.iter().map(|&c| c as u64).sum()
    }
    /// Quantile by linear interpolation inside the bin that holds it.
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.total();
        if n == 0 {
            return f64::NAN;
        }
        let target = q.clamp(0.0, 1.0) * n as f64;
        let mut cum = 0u64;
        for b in 0..N_BINS {
            let c = self.count[b] as u64;
            if c == 0 {
                continue;
            }
            if (cum + c) as f64 >= target {
                let mean = self.sum[b] as f64 / c as f64;
                if c == 1 {
                    return mean;
                }
                let lo = bin_low(b).min(mean);
                let hi = if b + 1 < N_BINS {
                    bin_low(b + 1).max(mean)
                } else {
                    mean
                };
                // spread the bin's members evenly between its edges, keeping
                // their mean: interpolate between lo and hi around the mean
                let frac = ((target - cum as f64) / c as f64).clamp(0.0, 1.0);
                let width = (hi - lo).min(2.0 * (mean - lo)).min(2.0 * (hi - mean));
                return mean + (frac - 0.5) * width;
            }
            cum += c;
        }
        f64::NAN
    }
    /// Gini coefficient of the binned values.
    pub fn gini(&self) -> f64 {
        let n = self.total() as f64;
        let s: f64 = self.sum.iter().map(|&x| x as f64).sum();
        if n < 2.0 || s <= 0.0 {
            return f64::NAN;
        }
        let mut below = 0.0;
        let mut acc = 0.0;
        for b in 0..N_BINS {
            let c = self.count[b] as f64;
            if c == 0.0 {
                continue;
            }
            acc += self.sum[b] as f64 * (2.0 * below + c - n);
            below += c;
        }
        acc / (n * s)
    }
}

/// Fixed-point scale of indices in accumulators.
pub const MICRO: f32 = 1_000_000.0;

/// Per-month accumulator of household and village quantities.
#[derive(Debug, Clone, Default)]
pub struct MonthTotals {
    pub households: u64,
    pub poor: u64,
    /// Sum of poverty gaps (z - c)/z in millionths.
    pub gap_micro: i64,
    pub income: i64,
    pub income_sq: i128,
    pub cons_pc: i64,
    pub cons_pc_sq: i128,
    pub assets: i64,
    pub assets_sq: i128,
    pub debt: i64,
    pub wage_income: i64,
    pub enterprise_income: i64,
    pub consumption_hh: i64,
    pub savings: i64,
    pub ever_borrowed: u64,
    pub business: u64,
    pub borrowers: u64,
    /// Indices in millionths: combined, economic, social, political, psychological.
    pub index_micro: [i64; 5],
    /// Sums of squared indices in millionths squared.
    pub index_sq: [i128; 5],
    pub empowered: u64,
    pub in_group: u64,
    pub in_partnership: u64,
    pub active_groups: u64,
    pub installments_due: u64,
    pub installments_paid: u64,
    /// Program money that reached villages this month, and the part that did
    /// not reach its purpose (Rp).
    pub program_money: i64,
    pub captured: i64,
    /// The part of `captured` taken by elite households.
    pub elite_captured: i64,
    pub cons_hist: Histogram,
    pub income_hist: Histogram,
    /// Village price and wage indices in millionths, times households.
    pub price_index_micro: i64,
    pub wage_index_micro: i64,
}

impl MonthTotals {
    pub fn merge(mut self, o: MonthTotals) -> MonthTotals {
        self.households += o.households;
        self.poor += o.poor;
        self.gap_micro += o.gap_micro;
        self.income += o.income;
        self.income_sq += o.income_sq;
        self.cons_pc += o.cons_pc;
        self.cons_pc_sq += o.cons_pc_sq;
        self.assets += o.assets;
        self.assets_sq += o.assets_sq;
        self.debt += o.debt;
        self.wage_income += o.wage_income;
        self.enterprise_income += o.enterprise_income;
        self.consumption_hh += o.consumption_hh;
        self.savings += o.savings;
        self.ever_borrowed += o.ever_borrowed;
        self.price_index_micro += o.price_index_micro;
        self.wage_index_micro += o.wage_index_micro;
        self.business += o.business;
        self.borrowers += o.borrowers;
        for k in 0..5 {
            self.index_micro[k] += o.index_micro[k];
            self.index_sq[k] += o.index_sq[k];
        }
        self.empowered += o.empowered;
        self.in_group += o.in_group;
        self.in_partnership += o.in_partnership;
        self.active_groups += o.active_groups;
        self.installments_due += o.installments_due;
        self.installments_paid += o.installments_paid;
        self.program_money += o.program_money;
        self.captured += o.captured;
        self.elite_captured += o.elite_captured;
        self.cons_hist.merge(&o.cons_hist);
        self.income_hist.merge(&o.income_hist);
        self
    }

    /// Adds one village's sums (see [`VillageSums`]).
    pub fn add_village(&mut self, s: &VillageSums) {
        let int = |x: f64| x.round() as i64;
        let wide = |x: f64| x.round() as i128;
        self.households += s.households;
        self.poor += s.poor;
        self.empowered += s.empowered;
        self.gap_micro += int(s.gap * MICRO as f64);
        self.cons_pc += int(s.cons_pc);
        self.cons_pc_sq += wide(s.cons_pc_sq);
        self.income += int(s.income);
        self.income_sq += wide(s.income_sq);
        self.assets += int(s.assets);
        self.assets_sq += wide(s.assets_sq);
        self.debt += int(s.debt);
        for k in 0..5 {
            self.index_micro[k] += int(s.index[k] * MICRO as f64);
            self.index_sq[k] += wide(s.index_sq[k] * (MICRO as f64) * (MICRO as f64));
        }
    }
}

/// Sums over one village's households, accumulated in `f64` in household
/// order — deterministic, since a village is stepped by one thread — and
/// turned into the run's integer accumulator once per village
/// ([`MonthTotals::add_village`]), whose merging order then does not matter.
#[derive(Debug, Clone, Default)]
pub struct VillageSums {
    pub households: u64,
    pub poor: u64,
    pub empowered: u64,
    pub gap: f64,
    pub cons_pc: f64,
    pub cons_pc_sq: f64,
    pub income: f64,
    pub income_sq: f64,
    pub assets: f64,
    pub assets_sq: f64,
    pub debt: f64,
    pub index: [f64; 5],
    pub index_sq: [f64; 5],
}

impl VillageSums {
    /// Adds one household's end-of-month state; the histograms go straight
    /// into the run's accumulator.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        acc: &mut MonthTotals,
        cons_pc: f32,
        income: f32,
        assets: f64,
        debt: f64,
        poverty_line: f32,
        idx: [f32; 5],
        empowered: bool,
    ) {
        let c = cons_pc.max(0.0) as f64;
        let y = income.max(0.0) as f64;
        let a = assets.max(0.0);
        self.households += 1;
        if cons_pc < poverty_line {
            self.poor += 1;
            self.gap += ((poverty_line - cons_pc) / poverty_line) as f64;
        }
        self.cons_pc += c;
        self.cons_pc_sq += c * c;
        self.income += y;
        self.income_sq += y * y;
        self.assets += a;
        self.assets_sq += a * a;
        self.debt += debt;
        for (k, v) in idx.iter().enumerate() {
            let v = *v as f64;
            self.index[k] += v;
            self.index_sq[k] += v * v;
        }
        self.empowered += empowered as u64;
        acc.cons_hist.add(cons_pc, c as i64);
        acc.income_hist.add(income, y as i64);
    }
}

/// Standard deviation from the sum and the sum of squares.
fn sd_of(sum: i64, sq: i128, n: u64) -> f64 {
    if n < 2 {
        return f64::NAN;
    }
    let n = n as f64;
    let mean = sum as f64 / n;
    let var = (sq as f64 - n * mean * mean) / (n - 1.0);
    var.max(0.0).sqrt()
}

/// Run-level quantities that are not sums over villages.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunLevel {
    pub program_cost: f64,
    pub facilitators_active: f64,
    pub firm_profit: f64,
}

/// Turns a month's accumulator into a row.
pub fn finish(acc: &MonthTotals, run: &RunLevel) -> Row {
    use col::*;
    let mut r = [f64::NAN; N_METRICS];
    let n = acc.households as f64;
    if acc.households > 0 {
        r[POVERTY_RATE] = acc.poor as f64 / n;
        r[POVERTY_GAP] = acc.gap_micro as f64 / MICRO as f64 / n;
        r[MEAN_INCOME] = acc.income as f64 / n;
        r[MEDIAN_INCOME] = acc.income_hist.quantile(0.5);
        r[MEAN_CONSUMPTION_PC] = acc.cons_pc as f64 / n;
        r[GINI] = acc.cons_hist.gini();
        r[MEAN_ASSETS] = acc.assets as f64 / n;
        r[EMPOWERED_SHARE] = acc.empowered as f64 / n;
        for k in 0..5 {
            r[EMPOWERMENT_INDEX + k] = acc.index_micro[k] as f64 / MICRO as f64 / n;
        }
        r[GROUP_SHARE] = acc.in_group as f64 / n;
        r[PARTNERSHIP_SHARE] = acc.in_partnership as f64 / n;
        r[CONSUMPTION_PC_SD] = sd_of(acc.cons_pc, acc.cons_pc_sq, acc.households);
        r[INCOME_SD] = sd_of(acc.income, acc.income_sq, acc.households);
        r[ASSETS_SD] = sd_of(acc.assets, acc.assets_sq, acc.households);
        for k in 0..5 {
            r[INDEX_SD + k] =
                sd_of(acc.index_micro[k], acc.index_sq[k], acc.households) / MICRO as f64;
        }
        for (k, q) in [0.1, 0.25, 0.5, 0.75, 0.9].iter().enumerate() {
            r[CONS_P10 + k] = acc.cons_hist.quantile(*q);
        }
        r[BUSINESS_SHARE] = acc.business as f64 / n;
        r[BORROWER_SHARE] = acc.borrowers as f64 / n;
        r[MEAN_DEBT] = acc.debt as f64 / n;
        r[MEAN_WAGE_INCOME] = acc.wage_income as f64 / n;
        r[MEAN_ENTERPRISE_INCOME] = acc.enterprise_income as f64 / n;
        r[MEAN_CONSUMPTION_HH] = acc.consumption_hh as f64 / n;
        r[MEAN_SAVINGS] = acc.savings as f64 / n;
        r[EVER_BORROWED_SHARE] = acc.ever_borrowed as f64 / n;
        r[PRICE_INDEX] = acc.price_index_micro as f64 / n / MICRO as f64;
        r[WAGE_INDEX] = acc.wage_index_micro as f64 / n / MICRO as f64;
    }
    r[HOUSEHOLDS] = n;
    r[ACTIVE_GROUPS] = acc.active_groups as f64;
    if acc.installments_due > 0 {
        r[REPAYMENT_RATE] = acc.installments_paid as f64 / acc.installments_due as f64;
    }
    if acc.program_money > 0 {
        r[CAPTURE_SHARE] = acc.captured as f64 / acc.program_money as f64;
        r[ELITE_CAPTURE_SHARE] = acc.elite_captured as f64 / acc.program_money as f64;
    }
    r[PROGRAM_COST] = run.program_cost;
    r[FACILITATORS_ACTIVE] = run.facilitators_active;
    r[FIRM_PROFIT] = run.firm_profit;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_are_monotone_and_edges_match() {
        let mut last = 0;
        for v in [0.0f32, 100.0, 5000.0, 1.0e5, 5.8e5, 1.0e6, 3.3e7, 1.0e11] {
            let b = bin_of(v);
            assert!(b >= last);
            last = b;
            if b > 0 && b + 1 < N_BINS {
                assert!(
                    bin_low(b) <= v as f64 && (v as f64) < bin_low(b + 1),
                    "{v} in bin {b}"
                );
            }
        }
        // 64 bins per doubling, linear in the mantissa: widths 0.8% to 1.6%
        assert!((bin_low(65) / bin_low(64) - (1.0 + 1.0 / 64.0)).abs() < 1e-6);
    }

    #[test]
    fn histogram_gini_and_median_match_exact_values() {
        // lognormal-ish sample
        let mut h = Histogram::default();
        let mut xs: Vec<f64> = (1..=2000)
            .map(|i| 1.0e6 * (1.0 + (i as f64 * 0.37).sin().abs() * 3.0 + i as f64 / 500.0))
            .collect();
        for &x in &xs {
            h.add(x as f32, x as i64);
        }
        xs.sort_by(f64::total_cmp);
        let n = xs.len() as f64;
        let s: f64 = xs.iter().sum();
        let exact: f64 = xs
            .iter()
            .enumerate()
            .map(|(i, x)| (2.0 * (i as f64 + 1.0) - n - 1.0) * x)
            .sum::<f64>()
            / (n * s);
        assert!(
            (h.gini() - exact).abs() < 0.002,
            "gini {} vs {}",
            h.gini(),
            exact
        );
        let med = (xs[999] + xs[1000]) / 2.0;
        assert!(
            (h.quantile(0.5) / med - 1.0).abs() < 0.01,
            "median {} vs {med}",
            h.quantile(0.5)
        );
    }

    #[test]
    fn accumulators_merge_in_any_order_to_the_same_bits() {
        let mut parts: Vec<MonthTotals> = (0..5).map(|_| MonthTotals::default()).collect();
        for (k, p) in parts.iter_mut().enumerate() {
            let mut sums = VillageSums::default();
            for i in 0..50 {
                let v = (k * 50 + i) as f32 * 12_345.6;
                sums.add(
                    p,
                    v,
                    v * 3.0,
                    v as f64 * 10.0,
                    0.0,
                    580_349.0,
                    [0.4, 0.5, 0.3, 0.2, 0.6],
                    i % 3 == 0,
                );
            }
            p.add_village(&sums);
        }
        let a = parts
            .clone()
            .into_iter()
            .fold(MonthTotals::default(), MonthTotals::merge);
        let b = parts
            .into_iter()
            .rev()
            .fold(MonthTotals::default(), MonthTotals::merge);
        let ra = finish(&a, &RunLevel::default());
        let rb = finish(&b, &RunLevel::default());
        for (x, y) in ra.iter().zip(rb.iter()) {
            assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()));
        }
    }
}
