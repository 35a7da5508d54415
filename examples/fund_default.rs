//! How often the revolving fund's individual borrowers stop repaying, against
//! the non-performing loans of Indonesia's people's business credit (KUR):
//! `cargo run --release --example fund_default [-- KEY=VALUE ...]` (about 10 s;
//! each KEY=VALUE is set for every arm, as `--set` would, e.g.
//! `credit.strategic_default=0.005`).
//!
//! Runs the `evidence` experiment's `capital_individual` arm (a revolving fund
//! alone, lent to individuals: KUR's design) over its 36 program months, 8
//! replications, and reports the fund's portfolio quality from month 13 to
//! month 36, once the portfolio has filled: the share of installments due that
//! were missed, the portfolio at risk (the outstanding balance of loans with at
//! least one missed installment, over all outstanding: PAR30 in microfinance
//! terms) and the loans written off in a year over the mean outstanding (a loan
//! is written off at `credit.arrears_to_default` missed installments, 3 by
//! default: 90 days, the banks' threshold for a non-performing loan).
use berdaya::evidence::{Options, experiment};
use berdaya::model::household::flag;
use berdaya::model::{World, params::Params};
use berdaya::scenario::load;

const REPS: u64 = 8;
const FROM: u32 = 13;
const TO: u32 = 36;

/// Installments due, installments missed, outstanding at risk summed over
/// months, outstanding summed over months, written off.
type Sums = [f64; 5];

fn replication(exp: &berdaya::scenario::experiment::Experiment, arm: usize, rep: u64) -> Sums {
    let mut w = World::new(Params::new(exp.arms[arm].scenario.clone()), rep);
    w.burn_in();
    let mut s = [0.0; 5];
    let mut written: Vec<f64> = w.villages.iter().map(|v| v.fund.written_off).collect();
    for m in 1..=TO {
        // who owes the fund an installment this month, and how far behind
        let before: Vec<Vec<(f64, u8)>> = w
            .villages
            .iter()
            .map(|v| {
                (0..v.hh.len())
                    .map(|i| {
                        let fund_loan = v.hh.loan[i] > 0.0 && v.hh.flags[i] & flag::GROUP_LOAN == 0;
                        (if fund_loan { v.hh.loan[i] } else { 0.0 }, v.hh.arrears[i])
                    })
                    .collect()
            })
            .collect();
        w.step();
        if m < FROM {
            written = w.villages.iter().map(|v| v.fund.written_off).collect();
            continue;
        }
        for (v, b) in w.villages.iter().zip(&before) {
            for (i, &(loan, arrears)) in b.iter().enumerate() {
                if loan <= 0.0 {
                    continue;
                }
                s[3] += loan;
                if arrears > 0 {
                    s[2] += loan;
                }
                s[0] += 1.0;
                // an installment was missed when the arrears grew or the
                // loan was written off (it left the book unpaid)
                let now = v.hh.arrears[i];
                let off =
                    v.hh.loan[i] <= 0.0 && now == 0 && loan > v.hh.installment[i] as f64 + 1.0;
                if now > arrears || off {
                    s[1] += 1.0;
                }
            }
        }
        for (k, v) in w.villages.iter().enumerate() {
            s[4] += v.fund.written_off - written[k];
            written[k] = v.fund.written_off;
        }
    }
    s
}

fn main() {
    let extra: Vec<_> = std::env::args()
        .skip(1)
        .map(|a| load::parse_set(&a).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let exp = experiment(&Options::default(), &extra).expect("the evidence experiment");
    let arm = exp
        .arms
        .iter()
        .position(|a| a.name == "capital_individual")
        .expect("the capital_individual arm");
    let reps: Vec<Sums> = (0..REPS).map(|r| replication(&exp, arm, r)).collect();
    let stat = |f: &dyn Fn(&Sums) -> f64| -> (f64, f64, f64) {
        let v: Vec<f64> = reps.iter().map(f).collect();
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        let lo = v.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        (mean, lo, hi)
    };
    let months = (TO - FROM + 1) as f64;
    let missed = stat(&|s| 100.0 * s[1] / s[0]);
    let par = stat(&|s| 100.0 * s[2] / s[3]);
    let loss = stat(&|s| 100.0 * s[4] / (s[3] / months) * 12.0 / months);
    println!(
        "capital_individual, months {FROM}-{TO} ({REPS} replications; mean [lowest, highest]):"
    );
    println!(
        "  installments missed      {:5.2}% [{:.2}, {:.2}]",
        missed.0, missed.1, missed.2
    );
    println!(
        "  portfolio at risk (PAR30) {:5.2}% [{:.2}, {:.2}]",
        par.0, par.1, par.2
    );
    println!(
        "  written off a year / mean outstanding {:5.2}% [{:.2}, {:.2}]",
        loss.0, loss.1, loss.2
    );
    println!(
        "  KUR, non-performing loans (90 days): 0.2-5.6% of outstanding, 2010-2017 (docs/EVIDENCE.md)"
    );
}
