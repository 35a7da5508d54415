//! Experiments that never mislead (issue 14): per-arm settings, the silent
//! cases made loud, program end and facilitators' exit as separate moments,
//! tidy column names and a manifest with commit, compiler and checksums,
//! `explain`'s corner cases, the household panel, `berdaya compare`, and
//! the README's tour run exactly as written. Every world here is small
//! (2-3 villages of 50-60 households, 2 replications).

use assert_cmd::Command;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

fn berdaya() -> Command {
    Command::cargo_bin("berdaya").expect("binary builds")
}

/// A small experiment: a control without a budget and one treated arm.
const TINY: &str = r#"
name = "tiny"
months = 30
replications = 2
[population]
villages = 2
households_per_village = 50
burn_in_months = 6
[program]
duration_months = 12
budget_per_village_year = 100.0e6
components = ["capital"]
approach = "individual"
[[arm]]
name = "control"
program.components = []
program.budget_per_village_year = 0.0
[[arm]]
name = "treated"
[[arm]]
name = "treated_group"
program.approach = "group"
"#;

const SMALL: [&str; 4] = [
    "--set",
    "population.villages=2",
    "--set",
    "population.households_per_village=50",
];

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

/// Runs berdaya, returning (success, stdout, stderr).
fn run(args: &[&str], cwd: &Path) -> (bool, String, String) {
    let out = berdaya().args(args).current_dir(cwd).output().unwrap();
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(!e.contains("panicked"), "panic: {e}");
    (out.status.success(), o, e)
}

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            h.iter()
                .zip(x.iter())
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        })
        .collect()
}

fn header(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.headers().unwrap().iter().map(String::from).collect()
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

/// The scenario an arm ran, from the manifest.
fn arm_scenario(m: &serde_json::Value, arm: &str) -> serde_json::Value {
    m["arms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == arm)
        .unwrap_or_else(|| panic!("no arm {arm}"))["scenario"]
        .clone()
}

// 1-2: --set for the base is refused over an arm's own key; ARM:KEY sets one arm.
#[test]
fn set_over_an_arms_own_key_is_refused_and_arm_sets_reach_one_arm() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(
        &[
            "run",
            "strategies",
            "--set",
            "program.approach=group",
            "--dry-run",
        ],
        tmp.path(),
    );
    assert!(!ok);
    assert!(
        err.contains("arm \"capital_individual\" sets program.approach")
            && err.contains("--set control:program.approach=group"),
        "{err}"
    );
    let (ok, _, err) = run(
        &[
            "run",
            "strategies",
            "--set",
            "program.budget=5e9",
            "--dry-run",
        ],
        tmp.path(),
    );
    assert!(!ok);
    assert!(
        err.contains("arm \"control\" sets program.budget_per_village_year")
            && err.contains(
                "--set capital_individual,capital_group,multi_individual,multi_group:program.budget=5e9"
            ),
        "{err}"
    );
    // a misspelt arm gets the nearest name
    let (ok, _, err) = run(
        &[
            "run",
            "strategies",
            "--set",
            "multi_grup:program.budget=5e9",
            "--dry-run",
        ],
        tmp.path(),
    );
    assert!(!ok && err.contains("did you mean \"multi_group\""), "{err}");
    // one arm changed, the others as the file says, the budget stated per
    // village in the base replaced by the arm's total
    let f = write(tmp.path(), "tiny.toml", TINY);
    let (ok, _, err) = run(
        &[
            "run",
            f.to_str().unwrap(),
            "--set",
            "treated:program.approach=group",
            "--set",
            "treated_group:program.budget=7e8",
            "--out",
            "o",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(ok, "{err}");
    let m = manifest(&tmp.path().join("o"));
    assert_eq!(arm_scenario(&m, "treated")["program"]["approach"], "group");
    assert_eq!(
        arm_scenario(&m, "control")["program"]["approach"],
        "individual"
    );
    let g = arm_scenario(&m, "treated_group");
    assert_eq!(g["program"]["budget"], 7e8);
    assert_eq!(g["program"]["budget_per_village_year"], 0.0);
    assert_eq!(
        arm_scenario(&m, "treated")["program"]["budget_per_village_year"],
        1e8
    );
}

// 3: a sweep varies a key under the arms that inherit it.
#[test]
fn a_sweep_varies_a_budget_under_the_treated_arms_against_a_control_without_one() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "tiny.toml", TINY);
    let base_key = write(
        tmp.path(),
        "base_key.toml",
        "base = \"tiny.toml\"\n[sweep]\nmethod = \"grid\"\nmonths = 12\nreplications = 1\nmetrics = [\"poverty_rate\"]\nat_months = [12]\n[sweep.parameters]\n\"program.budget_per_village_year\" = [5e7, 2e8]\n",
    );
    let (ok, _, err) = run(&["check", base_key.to_str().unwrap()], tmp.path());
    assert!(!ok);
    assert!(
        err.contains("arm \"control\" of the base sets `program.budget_per_village_year`")
            && err.contains("\"treated,treated_group:program.budget_per_village_year\""),
        "{err}"
    );
    let per_arm = write(
        tmp.path(),
        "per_arm.toml",
        "base = \"tiny.toml\"\n[sweep]\nmethod = \"grid\"\nmonths = 12\nreplications = 1\nmetrics = [\"poverty_rate\", \"program_cost\"]\nat_months = [12]\n[sweep.parameters]\n\"treated,treated_group:program.budget_per_village_year\" = [5e7, 2e8]\n",
    );
    let (ok, out, err) = run(&["check", per_arm.to_str().unwrap()], tmp.path());
    assert!(ok, "{out}{err}");
    let (ok, _, err) = run(
        &["sweep", per_arm.to_str().unwrap(), "--out", "sw", "--quiet"],
        tmp.path(),
    );
    assert!(ok, "{err}");
    let col = "treated+treated_group:program.budget_per_village_year";
    let pts = rows(&tmp.path().join("sw/points.csv"));
    assert_eq!(pts.len(), 2);
    assert!(pts.iter().all(|p| p.contains_key(col)), "{:?}", pts[0]);
    let results = rows(&tmp.path().join("sw/results.csv"));
    // the control keeps no program at every point; the treated arms spend
    // more at the larger budget
    let cost = |arm: &str, budget: f64| -> f64 {
        results
            .iter()
            .filter(|r| r["arm"] == arm && r[col].parse::<f64>().unwrap() == budget)
            .map(|r| r["program_cost"].parse::<f64>().unwrap())
            .sum()
    };
    assert_eq!(cost("control", 5e7) + cost("control", 2e8), 0.0);
    assert!(
        cost("treated", 2e8) > 2.0 * cost("treated", 5e7),
        "{results:?}"
    );
}

// 4: every silent case says so, in run and in check.
#[test]
fn silent_cases_are_said_in_run_and_check() {
    let tmp = tempfile::tempdir().unwrap();
    let no_control = TINY.replace("name = \"control\"", "name = \"baseline\"");
    let f = write(tmp.path(), "nc.toml", &no_control);
    let (ok, out, _) = run(&["check", f.to_str().unwrap()], tmp.path());
    assert!(ok && out.contains("no arm is named \"control\""), "{out}");
    let (ok, _, err) = run(
        &["run", f.to_str().unwrap(), "--out", "nc", "--quiet"],
        tmp.path(),
    );
    assert!(ok && err.contains("no arm is named \"control\""), "{err}");
    assert!(!tmp.path().join("nc/effects.csv").exists());

    let f = write(tmp.path(), "tiny.toml", TINY);
    let (ok, _, err) = run(
        &[
            "run",
            f.to_str().unwrap(),
            "--months",
            "8",
            "--out",
            "short",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(ok, "{err}");
    assert!(
        err.contains("the program runs to month 12 but the run ends at month 8"),
        "{err}"
    );

    let (ok, out, err) = run(
        &[
            "run",
            f.to_str().unwrap(),
            "--replications",
            "1",
            "--out",
            "one",
        ],
        tmp.path(),
    );
    assert!(ok, "{err}");
    assert!(err.contains("one replication"), "{err}");
    assert!(!out.contains("NaN") && out.contains("no interval"), "{out}");

    // a form for a component the arm does not have
    let cashless = TINY.replace(
        "name = \"treated\"\n",
        "name = \"treated\"\nprogram.components = [\"facilitation\"]\nprogram.capital_as = \"cash\"\n",
    );
    let f3 = write(tmp.path(), "cashless.toml", &cashless);
    let (ok, out, _) = run(&["check", f3.to_str().unwrap()], tmp.path());
    assert!(
        ok && out.contains("arm \"treated\": program.capital_as = \"cash\" does nothing"),
        "{out}"
    );
    assert!(
        !out.contains("arm \"treated_group\": program.capital_as"),
        "{out}"
    );

    let twins = TINY.replace("program.approach = \"group\"", "");
    let f2 = write(tmp.path(), "twins.toml", &twins);
    let (ok, out, _) = run(&["check", f2.to_str().unwrap()], tmp.path());
    assert!(
        ok && out.contains("arms \"treated\" and \"treated_group\" are identical"),
        "{out}"
    );

    // both means over the same paired replications, and a note on few
    let (ok, _, err) = run(
        &["run", f.to_str().unwrap(), "--out", "two", "--quiet"],
        tmp.path(),
    );
    assert!(ok, "{err}");
    for r in rows(&tmp.path().join("two/effects.csv")) {
        let (c, a, e) = (
            r["control_mean"].parse::<f64>(),
            r["arm_mean"].parse::<f64>(),
            r["effect"].parse::<f64>(),
        );
        if let (Ok(c), Ok(a), Ok(e)) = (c, a, e) {
            assert!(
                (a - c - e).abs() <= 1e-9 * (1.0 + a.abs() + c.abs()),
                "{r:?}"
            );
        }
        assert!(r["note"].contains("few_replications"), "{r:?}");
        if r["metric"] == "repayment_rate" && r["n"] != "2" {
            assert!(
                r["note"].contains("undefined_in_some_replications"),
                "{r:?}"
            );
        }
    }
}

// 5: program end and facilitators' exit are separate moments per arm.
#[test]
fn facilitators_exit_is_its_own_moment() {
    let tmp = tempfile::tempdir().unwrap();
    let mut args = vec!["run", "exit_timing"];
    args.extend(SMALL);
    args.extend([
        "--months",
        "48",
        "--replications",
        "2",
        "--out",
        "x",
        "--quiet",
    ]);
    let (ok, _, err) = run(&args, tmp.path());
    assert!(ok, "{err}");
    let d = tmp.path().join("x");
    let eff = rows(&d.join("effects.csv"));
    let month = |arm: &str, period: &str| {
        eff.iter()
            .find(|r| r["arm"] == arm && r["period"] == period)
            .map(|r| r["month"].clone())
    };
    assert_eq!(
        month("exit_month_12", "facilitators_exit").as_deref(),
        Some("12")
    );
    assert_eq!(
        month("exit_month_24", "facilitators_exit").as_deref(),
        Some("24")
    );
    assert_eq!(month("exit_month_12", "program_end").as_deref(), Some("36"));
    let per = rows(&d.join("persistence.csv"));
    assert!(per.iter().any(|r| r["arm"] == "exit_month_12"
        && r["period"] == "facilitators_exit"
        && r["month"] == "12"));
    let m = manifest(&d);
    let arm = m["arms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "exit_month_12")
        .unwrap();
    assert_eq!(arm["facilitators_exit_month"], 12);
    assert_eq!(arm["program_end_month"], 36);
    // the chart names each arm's exit
    let svg = fs::read_to_string(d.join("charts/poverty_rate.svg")).unwrap();
    assert!(
        svg.contains("month 12 (exit_month_12)"),
        "no per-arm exit in the chart"
    );
}

// 10-11: tidy, consistent columns; manifest with commit, compiler, checksums;
// the control one colour in every chart.
#[test]
fn columns_are_tidy_and_the_manifest_says_what_built_it() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "tiny.toml", TINY);
    let (ok, _, err) = run(
        &["run", f.to_str().unwrap(), "--out", "t", "--quiet"],
        tmp.path(),
    );
    assert!(ok, "{err}");
    let d = tmp.path().join("t");
    let h = |f: &str| header(&d.join(f));
    assert_eq!(
        h("effects.csv"),
        [
            "arm",
            "metric",
            "period",
            "month",
            "n",
            "control_mean",
            "arm_mean",
            "effect",
            "effect_ci_low",
            "effect_ci_high",
            "pct_change",
            "effect_sd",
            "note"
        ]
    );
    assert_eq!(
        h("quantile_effects.csv"),
        [
            "arm",
            "period",
            "month",
            "percentile",
            "n",
            "control_mean",
            "arm_mean",
            "effect",
            "effect_ci_low",
            "effect_ci_high",
            "pct_change",
            "effect_sd",
            "note"
        ]
    );
    assert_eq!(
        h("persistence.csv"),
        [
            "arm",
            "metric",
            "period",
            "month",
            "horizon_month",
            "n",
            "effect",
            "horizon_effect",
            "persistence",
            "persistence_ci_low",
            "persistence_ci_high",
            "note"
        ]
    );
    let cost = h("cost_effectiveness.csv");
    assert_eq!(&cost[..4], ["arm", "period", "month", "n"]);
    assert!(cost.contains(&"consumption_gain_ci_low".to_string()));
    assert_eq!(
        h("summary.csv"),
        [
            "arm",
            "month",
            "metric",
            "n",
            "mean",
            "sd",
            "mean_ci_low",
            "mean_ci_high"
        ]
    );
    for f in [
        "effects.csv",
        "quantile_effects.csv",
        "persistence.csv",
        "cost_effectiveness.csv",
        "summary.csv",
        "effects_over_time.csv",
    ] {
        for bad in [
            "diff",
            "quantile",
            "when",
            "through",
            "control",
            "arm_value",
        ] {
            assert!(!h(f).iter().any(|c| c == bad), "{f} has a column `{bad}`");
        }
    }
    let m = manifest(&d);
    assert!(m["git_commit"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(
        m["rustc"]
            .as_str()
            .is_some_and(|s| s.starts_with("rustc ") || s == "unknown")
    );
    use sha2::Digest;
    let files = m["files"].as_array().unwrap();
    let mut checked = 0;
    for e in files {
        let name = e["name"].as_str().unwrap();
        if name == "manifest.json" {
            continue;
        }
        let path = if d.join(name).exists() {
            d.join(name)
        } else {
            d.join("charts").join(name)
        };
        let want = e["sha256"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: no sha256"));
        let got: String = sha2::Sha256::digest(fs::read(&path).unwrap())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(want, got, "{name}");
        checked += 1;
    }
    assert!(checked >= 10);
    // the control is the same grey in the line charts and the bar chart
    for chart in ["poverty_rate.svg", "empowerment.svg"] {
        let svg = fs::read_to_string(d.join("charts").join(chart))
            .unwrap()
            .to_uppercase();
        assert!(
            svg.contains("#595959"),
            "{chart}: control is not the shared grey"
        );
    }
}

// 12: explain and the command line's corner cases.
#[test]
fn explain_and_flags_say_what_they_mean() {
    let tmp = tempfile::tempdir().unwrap();
    for t in ["F4", "C2a", "poverty_rate"] {
        let (ok, out, err) = run(&["explain", t], tmp.path());
        assert!(ok && !out.is_empty(), "{t}: {err}");
    }
    let (ok, _, err) = run(&["explain", "povrty_rate"], tmp.path());
    assert!(!ok && err.contains("did you mean `poverty_rate`"), "{err}");
    let (_, out, _) = run(&["explain", "C19"], tmp.path());
    let after = out.split("Carried by").nth(1).unwrap_or("");
    assert!(after.trim_start_matches(':').trim().len() > 10, "{out}");
    let (_, out, _) = run(&["explain", "program.budget"], tmp.path());
    assert!(
        out.contains("1e16") && !out.contains("10000000000000000"),
        "{out}"
    );
    let sweep = write(
        tmp.path(),
        "s.toml",
        "base = \"strategies\"\n[sweep]\nmethod = \"grid\"\n[sweep.parameters]\n\"economy.saving_rate\" = [0.1, 0.2]\n",
    );
    let (ok, _, err) = run(&["run", sweep.to_str().unwrap()], tmp.path());
    assert!(
        !ok && err.contains("is a sweep file") && err.contains("berdaya sweep"),
        "{err}"
    );
    let (ok, _, err) = run(&["run", "strategies", "--replications", "-3"], tmp.path());
    assert!(
        !ok && err.contains("not a negative one") && !err.contains("-- -3"),
        "{err}"
    );
}

// 13: households month by month, on request.
#[test]
fn household_panel_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "tiny.toml", TINY);
    let (ok, _, err) = run(
        &[
            "run",
            f.to_str().unwrap(),
            "--households",
            "7",
            "--out",
            "p",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(ok, "{err}");
    let p = rows(&tmp.path().join("p/households.csv"));
    // 7 households x 3 arms x 2 replications x 30 months
    assert_eq!(p.len(), 7 * 3 * 2 * 30);
    let first = &p[0];
    for c in [
        "arm",
        "replication",
        "month",
        "village",
        "household",
        "consumption_pc",
        "poor",
        "in_group",
        "confidence",
    ] {
        assert!(first.contains_key(c), "no column {c}");
    }
    // the same households in every arm (common random numbers)
    let ids = |arm: &str| -> Vec<(String, String)> {
        p.iter()
            .filter(|r| r["arm"] == arm && r["month"] == "1" && r["replication"] == "0")
            .map(|r| (r["village"].clone(), r["household"].clone()))
            .collect()
    };
    assert_eq!(ids("control"), ids("treated"));
    let (ok, _, err) = run(&["run", "strategies", "--households", "0"], tmp.path());
    assert!(!ok && err.contains("1 or more"), "{err}");
    let (ok, _, err) = run(&["run", "strategies", "--households", "all"], tmp.path());
    assert!(!ok && err.contains("Record a sample"), "{err}");
}

// compare: effects of runs side by side.
#[test]
fn compare_puts_runs_side_by_side() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write(tmp.path(), "tiny.toml", TINY);
    for (out, seed) in [("a", "1"), ("b", "2")] {
        let (ok, _, err) = run(
            &[
                "run",
                f.to_str().unwrap(),
                "--seed",
                seed,
                "--out",
                out,
                "--quiet",
            ],
            tmp.path(),
        );
        assert!(ok, "{err}");
    }
    let (ok, out, err) = run(&["compare", "a", "b", "--out", "cmp"], tmp.path());
    assert!(ok, "{err}");
    assert!(
        out.contains("treated_group") && out.contains("percentage points"),
        "{out}"
    );
    let c = rows(&tmp.path().join("cmp/compare.csv"));
    assert!(c.iter().any(|r| r["run"] == "a") && c.iter().any(|r| r["run"] == "b"));
    assert!(tmp.path().join("cmp/charts/compare.png").exists());
    let (ok, _, err) = run(&["compare", "a"], tmp.path());
    assert!(!ok, "{err}");
}

/// The commands of README's "A short tour", exactly as written (`berdaya`
/// is the binary; `> FILE` redirects).
#[test]
fn readme_tour_runs_as_written() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let tour = readme.split("## A short tour").nth(1).unwrap();
    let block = tour
        .split("```sh")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    for line in block.lines() {
        let cmd = line.split(" #").next().unwrap().trim();
        if cmd.is_empty() {
            continue;
        }
        let (cmd, redirect) = match cmd.split_once(" > ") {
            Some((c, f)) => (c.trim(), Some(f.trim())),
            None => (cmd, None),
        };
        let words: Vec<&str> = cmd.split_whitespace().collect();
        assert_eq!(words[0], "berdaya", "{line}");
        let out = berdaya()
            .args(&words[1..])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{line}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(f) = redirect {
            fs::write(tmp.path().join(f), &out.stdout).unwrap();
        }
        n += 1;
    }
    assert!(n >= 8, "only {n} commands in the tour");
}
