//! Magnitudes and common random numbers, through the binary as a user runs
//! it: an arm identical to control gives identical numbers and an effect of
//! exactly zero; renaming an arm changes no number; consumption gained per
//! rupiah falls as the budget grows (F9, F10); no single component beats the
//! five together on poverty at equal budget (F3, C16a).

use assert_cmd::Command;
use std::collections::HashMap;
use std::path::Path;

fn run(toml: &str, dir: &Path) {
    let file = dir.join("exp.toml");
    std::fs::write(&file, toml).unwrap();
    let out = dir.join("out");
    Command::cargo_bin("berdaya")
        .unwrap()
        .args(["run", file.to_str().unwrap(), "--quiet", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
}

/// An arm's consumption gained per rupiah by month 120 (cost_effectiveness.csv).
fn gain_per_rupiah_120(ce: &[HashMap<String, String>], arm: &str) -> f64 {
    ce.iter()
        .find(|r| r["arm"] == arm && r["month"] == "120")
        .map(|r| r["gain_per_rupiah"].parse().unwrap())
        .unwrap()
}

/// Rows of a CSV file as maps from column to value.
fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

const WORLD: &str = r#"
seed = 3
months = 48
replications = 3
[population]
villages = 6
households_per_village = 80
burn_in_months = 24
[program]
duration_months = 24
budget_per_village_year = 200.0e6
approach = "group"
components = ["capital", "infrastructure", "institutions", "partnership", "facilitation"]
"#;

#[test]
fn a_placebo_arm_equals_control_and_names_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let exp = format!(
        "name = \"crn\"\n{WORLD}\n[[arm]]\nname = \"control\"\nprogram.components = []\nprogram.budget_per_village_year = 0.0\n\
         [[arm]]\nname = \"placebo\"\nprogram.components = []\nprogram.budget_per_village_year = 0.0\n\
         [[arm]]\nname = \"multi_group\"\n"
    );
    run(&exp, tmp.path());
    let ts = rows(&tmp.path().join("out/timeseries.csv"));
    let by_arm = |arm: &str| -> Vec<&HashMap<String, String>> {
        ts.iter().filter(|r| r["arm"] == arm).collect()
    };
    let (control, placebo) = (by_arm("control"), by_arm("placebo"));
    assert_eq!(control.len(), placebo.len());
    for (c, p) in control.iter().zip(&placebo) {
        for (k, v) in c.iter() {
            if k != "arm" {
                assert_eq!(v, &p[k], "column {k}, month {}", c["month"]);
            }
        }
    }
    for r in rows(&tmp.path().join("out/effects.csv")) {
        if r["arm"] == "placebo" {
            let d: f64 = r["effect"].parse().unwrap_or(0.0);
            assert_eq!(d, 0.0, "placebo effect on {} is {d}", r["metric"]);
        }
    }

    // the same experiment with the treated arm renamed and moved first
    let tmp2 = tempfile::tempdir().unwrap();
    let renamed = format!(
        "name = \"crn\"\n{WORLD}\n[[arm]]\nname = \"zz_renamed\"\n\
         [[arm]]\nname = \"control\"\nprogram.components = []\nprogram.budget_per_village_year = 0.0\n"
    );
    run(&renamed, tmp2.path());
    let ts2 = rows(&tmp2.path().join("out/timeseries.csv"));
    let treated: Vec<_> = by_arm("multi_group");
    let treated2: Vec<_> = ts2.iter().filter(|r| r["arm"] == "zz_renamed").collect();
    assert_eq!(treated.len(), treated2.len());
    for (a, b) in treated.iter().zip(&treated2) {
        for (k, v) in a.iter() {
            if k != "arm" {
                assert_eq!(v, &b[k], "renamed arm differs in {k}, month {}", a["month"]);
            }
        }
    }
}

const MAG_WORLD: &str = r#"
name = "magnitudes"
seed = 5
months = 120
replications = 4
[population]
villages = 10
households_per_village = 120
[program]
duration_months = 36
budget_per_village_year = 200.0e6
approach = "group"
components = ["capital", "infrastructure", "institutions", "partnership", "facilitation"]

[[arm]]
name = "control"
program.components = []
program.budget_per_village_year = 0.0
"#;

#[test]
fn returns_per_rupiah_fall_with_the_budget_and_no_part_beats_the_whole() {
    let mut exp = MAG_WORLD.to_string();
    for (name, x) in [("x025", 50.0e6), ("x1", 200.0e6), ("x4", 800.0e6)] {
        exp += &format!("[[arm]]\nname = \"{name}\"\nprogram.budget_per_village_year = {x:e}\n");
    }
    for c in [
        "capital",
        "infrastructure",
        "institutions",
        "partnership",
        "facilitation",
    ] {
        exp += &format!("[[arm]]\nname = \"only_{c}\"\nprogram.components = [\"{c}\"]\n");
    }
    let tmp = tempfile::tempdir().unwrap();
    run(&exp, tmp.path());
    let ce = rows(&tmp.path().join("out/cost_effectiveness.csv"));
    let gpr = |arm: &str| gain_per_rupiah_120(&ce, arm);
    let (a, b, c) = (gpr("x025"), gpr("x1"), gpr("x4"));
    assert!(
        a > b && b > c,
        "consumption gained per rupiah by month 120 should fall with the budget: x0.25 {a:.2}, x1 {b:.2}, x4 {c:.2}"
    );
    // F9: no field program returns ten times its cost; the best about 4
    assert!(b < 5.0, "gain per rupiah {b:.2}");
    let eff = rows(&tmp.path().join("out/effects.csv"));
    let poverty = |arm: &str, month: &str| -> f64 {
        eff.iter()
            .find(|r| r["arm"] == arm && r["metric"] == "poverty_rate" && r["month"] == month)
            .map(|r| r["effect"].parse().unwrap())
            .unwrap()
    };
    for month in ["36", "120"] {
        let whole = poverty("x1", month);
        assert!(
            whole < 0.0,
            "the package reduces poverty at month {month}: {whole}"
        );
        for c in [
            "capital",
            "infrastructure",
            "institutions",
            "partnership",
            "facilitation",
        ] {
            let part = poverty(&format!("only_{c}"), month);
            assert!(
                part > whole,
                "{c} alone ({:+.2} points) beats the five components ({:+.2}) at month {month}",
                100.0 * part,
                100.0 * whole
            );
        }
    }
}

/// Why the five components' gain per rupiah is nearly flat from a quarter of
/// the budget to the whole (docs/ODD.md §9, `examples/f10_components`):
/// contracts with firms grow more than in proportion to the money (they form
/// at the default budget's scale), and without the partnership component the
/// gain per rupiah falls clearly with the money.
#[test]
fn partnerships_form_only_at_scale_and_without_them_returns_fall_with_the_budget() {
    let mut exp = MAG_WORLD.to_string();
    for (name, x) in [("x025", 50.0e6), ("x1", 200.0e6)] {
        exp += &format!("[[arm]]\nname = \"{name}\"\nprogram.budget_per_village_year = {x:e}\n");
        // the other four, each with the money it has in the five
        exp += &format!(
            "[[arm]]\nname = \"no_partnership_{name}\"\nprogram.components = [\"capital\", \"infrastructure\", \"institutions\", \"facilitation\"]\nprogram.budget_per_village_year = {:e}\n",
            0.95 * x
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    run(&exp, tmp.path());
    let summary = rows(&tmp.path().join("out/summary.csv"));
    let contracted = |arm: &str| -> f64 {
        summary
            .iter()
            .find(|r| r["arm"] == arm && r["month"] == "36" && r["metric"] == "partnership_share")
            .map(|r| r["mean"].parse().unwrap())
            .unwrap()
    };
    let (none, quarter, full) = (contracted("control"), contracted("x025"), contracted("x1"));
    // increasing returns: four times the money brings more than four times
    // the contracts above what there is without a program
    assert!(
        full - none > 4.0 * (quarter - none) && full > none + 0.02,
        "households under contract at month 36: control {none:.3}, x0.25 {quarter:.3}, x1 {full:.3}"
    );
    let ce = rows(&tmp.path().join("out/cost_effectiveness.csv"));
    let gpr = |arm: &str| gain_per_rupiah_120(&ce, arm);
    let (a, b) = (gpr("no_partnership_x025"), gpr("no_partnership_x1"));
    assert!(
        a > 1.1 * b,
        "without partnerships the gain per rupiah by month 120 should fall clearly with the budget: x0.25 {a:.2}, x1 {b:.2}"
    );
}

#[test]
fn a_smaller_world_keeps_the_intensity_and_a_total_budget_says_so() {
    // strategies states its budget per village and year: four villages cost
    // a fifth of twenty
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("small");
    Command::cargo_bin("berdaya")
        .unwrap()
        .args([
            "run",
            "strategies",
            "--quiet",
            "--replications",
            "2",
            "--months",
            "40",
        ])
        .args([
            "--set",
            "population.villages=4",
            "--set",
            "population.households_per_village=50",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let ce = rows(&out.join("cost_effectiveness.csv"));
    let cost: f64 = ce
        .iter()
        .find(|r| r["arm"] == "multi_group" && r["month"] == "36")
        .map(|r| r["program_cost"].parse().unwrap())
        .unwrap();
    // Rp 200 million a village a year x 4 villages x 3 years (salaries to the rupiah)
    assert!((cost - 2.4e9).abs() < 1e3, "program cost {cost}");

    // a total budget with a --set that changes the world's size: a notice
    let file = tmp.path().join("total.toml");
    std::fs::write(
        &file,
        "name = \"total\"\nmonths = 40\nreplications = 2\n[population]\nvillages = 10\nhouseholds_per_village = 50\n\
         [program]\ncomponents = [\"capital\"]\nbudget = 3.0e9\n",
    )
    .unwrap();
    let o = Command::cargo_bin("berdaya")
        .unwrap()
        .args([
            "run",
            file.to_str().unwrap(),
            "--quiet",
            "--set",
            "population.villages=4",
        ])
        .arg("--out")
        .arg(tmp.path().join("total_out"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("program.budget is a total") && err.contains("population.villages"),
        "{err}"
    );
    // Rp 3 billion over 4 villages and 3 years: Rp 250 million a village a year
    assert!(err.contains("Rp 250 million a village a year"), "{err}");
    assert!(err.contains("(Rp 5 million a household a year)"), "{err}");
}
