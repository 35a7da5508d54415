//! `berdaya sweep` and `berdaya merge` as a user meets them: validation
//! errors with place and suggestion, the files and their row counts,
//! determinism on 1 and 2 threads, shard-and-merge identity, kill-and-resume
//! identity, and merges that must be refused. Tiny populations and few
//! months keep every test to a second or two.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn berdaya() -> Command {
    Command::cargo_bin("berdaya").expect("binary builds")
}

/// A small experiment: a control arm and a group program.
const BASE: &str = r#"
name = "tiny"
months = 12
replications = 2
[population]
villages = 2
households_per_village = 50
burn_in_months = 6
[program]
budget = 3.0e8
duration_months = 6
[[arm]]
name = "control"
program.components = []
program.budget = 0.0
[[arm]]
name = "multi_group"
program.approach = "group"
program.components = ["capital", "infrastructure", "institutions", "partnership", "facilitation"]
"#;

const MORRIS: &str = r#"
base = "base.toml"
[sweep]
method = "morris"
samples = 3
seed = 11
metrics = ["poverty_rate", "group_share"]
at_months = [6, 12]
[sweep.parameters]
economy.capital_threshold = { min = 6e6, max = 20e6 }
"facilitation.caseload_groups" = { min = 8, max = 20 }
groups.join_rate = { min = 0.4, max = 0.8 }
"#;

const GRID: &str = r#"
base = "base.toml"
[sweep]
method = "grid"
replications = 3
metrics = ["poverty_rate", "mean_consumption_pc", "group_share"]
at_months = [12, 6]
[sweep.parameters]
facilitation.caseload_groups = [8, 12, 16]
facilitation.exit_month = [3, 6]
"#;

struct Dir {
    _tmp: tempfile::TempDir,
    path: PathBuf,
}

fn setup(sweep: &str) -> Dir {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().to_path_buf();
    fs::write(path.join("base.toml"), BASE).unwrap();
    fs::write(path.join("sweep.toml"), sweep).unwrap();
    Dir { _tmp: tmp, path }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn sweep(dir: &Dir, out: &str, extra: &[&str]) -> PathBuf {
    let out = dir.path.join(out);
    berdaya()
        .args([
            "sweep",
            s(&dir.path.join("sweep.toml")),
            "--out",
            s(&out),
            "--quiet",
        ])
        .args(extra)
        .assert()
        .success();
    out
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    let mut v = Vec::new();
    walk(dir, dir, &mut v);
    v.sort();
    v
}

/// The two folders hold the same files with the same bytes.
fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(
        ta,
        tb,
        "different files in {} and {}",
        a.display(),
        b.display()
    );
    for f in &ta {
        let (x, y) = (fs::read(a.join(f)).unwrap(), fs::read(b.join(f)).unwrap());
        assert!(x == y, "{} differs", f.display());
    }
}

fn assert_no_panic(out: &std::process::Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "panic in: {err}"
    );
}

/// Runs a sweep file that must be refused; returns stderr.
fn refused(sweep_text: &str) -> String {
    let dir = setup(sweep_text);
    let out = berdaya()
        .args([
            "sweep",
            s(&dir.path.join("sweep.toml")),
            "--out",
            s(&dir.path.join("o")),
        ])
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path.join("o").exists(), "nothing may be written");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn unknown_parameter_key_is_reported_with_place_and_suggestion() {
    let err = refused(&MORRIS.replace("groups.join_rate = {", "groups.join_rat = {"));
    assert!(err.contains("sweep.toml:12:8"), "{err}");
    assert!(err.contains("sweep.parameters.groups.join_rat"), "{err}");
    assert!(err.contains("did you mean `groups.join_rate`?"), "{err}");
}

#[test]
fn bad_method_range_and_metric_are_all_reported() {
    let err = refused(
        &MORRIS
            .replace("\"morris\"", "\"morrs\"")
            .replace("\"group_share\"", "\"group_shares\"")
            .replace("max = 0.8", "max = 1.8"),
    );
    assert!(err.contains("sweep.toml:4:10: key `sweep.method`"), "{err}");
    assert!(err.contains("did you mean \"morris\""), "{err}");
    assert!(
        err.contains("key `sweep.metrics[1]`") && err.contains("did you mean \"group_share\""),
        "{err}"
    );
    assert!(
        err.contains("key `sweep.parameters.groups.join_rate.max`"),
        "{err}"
    );
    assert!(
        err.contains("expected a value from 0 to 1, found 1.8"),
        "{err}"
    );
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn cross_field_rules_are_checked() {
    // A grid needs lists, a log range a positive minimum.
    let err = refused(&GRID.replace("[8, 12, 16]", "{ min = 8, max = 16 }"));
    assert!(err.contains("write a list such as"), "{err}");
    let err = refused(&MORRIS.replace("min = 6e6, max = 20e6", "min = 0, max = 20e6, log = true"));
    assert!(err.contains("log range needs min > 0"), "{err}");
    // Months to record must lie inside the run.
    let err = refused(&GRID.replace("at_months = [12, 6]", "at_months = [12, 13]"));
    assert!(
        err.contains("month 13 is after the end of the run"),
        "{err}"
    );
    // An arm that sets a swept key itself.
    let err = refused(&GRID.replace(
        "facilitation.exit_month = [3, 6]",
        "program.budget = [1e8, 2e8]",
    ));
    assert!(
        err.contains("arm \"control\" of the base sets `program.budget`"),
        "{err}"
    );
    // A point that breaks a cross-field rule of the model is named.
    let err = refused(&GRID.replace(
        "facilitation.exit_month = [3, 6]",
        "groups.size_min = [10, 30]",
    ));
    assert!(
        err.contains("at point 2 (facilitation.caseload_groups = 8, groups.size_min = 30)")
            && err.contains("larger than size_max"),
        "{err}"
    );
    let err = refused(
        &MORRIS
            .replace("method = \"morris\"", "method = \"sobol\"")
            .replace("samples = 3\n", ""),
    );
    assert!(err.contains("needs `samples`"), "{err}");
    let err = refused(
        "base = \"nope.toml\"\n[sweep]\nmethod = \"grid\"\nmetrics = [\"gini\"]\nat_months = [1]\n[sweep.parameters]\neconomy.saving_rate = [0.2]\n",
    );
    assert!(
        err.contains("no file") && err.contains("nope.toml"),
        "{err}"
    );
}

#[test]
fn check_accepts_a_sweep_file() {
    let dir = setup(MORRIS);
    berdaya()
        .args(["check", s(&dir.path.join("sweep.toml"))])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok — sweep").and(predicate::str::contains("12 points")));
}

#[test]
fn grid_writes_every_point_and_every_row() {
    let dir = setup(GRID);
    let out = sweep(&dir, "o", &[]);
    let points = fs::read_to_string(out.join("points.csv")).unwrap();
    assert_eq!(
        points.lines().next().unwrap(),
        "point,facilitation.caseload_groups,facilitation.exit_month"
    );
    assert_eq!(points.lines().count(), 1 + 3 * 2);
    assert_eq!(
        points.lines().nth(2).unwrap(),
        "2,8,6",
        "first parameter slowest"
    );
    let results = fs::read_to_string(out.join("results.csv")).unwrap();
    // points × arms × replications × months
    assert_eq!(results.lines().count(), 1 + 6 * 2 * 3 * 2);
    assert_eq!(
        results.lines().next().unwrap(),
        "point,facilitation.caseload_groups,facilitation.exit_month,arm,replication,month,poverty_rate,mean_consumption_pc,group_share"
    );
    assert!(
        results
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("1,8,3,control,1,6,")
    );
    let ids: Vec<usize> = results
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] <= w[1]), "sorted by point");
    // No estimator for a grid: response curves, no sensitivity.csv.
    assert!(!out.join("sensitivity.csv").exists());
    assert!(out.join("response.csv").is_file());
    assert!(out.join("charts/response_group_share_m12.png").is_file());
    let m: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["plan"]["points"], 6);
    assert_eq!(m["plan"]["method"], "grid");
    assert_eq!(m["plan"]["replications"], 3);
    assert_eq!(m["plan"]["sweep_file_fnv1a"].as_str().unwrap().len(), 16);
}

#[test]
fn morris_writes_indices_for_levels_and_effects() {
    let dir = setup(MORRIS);
    let out = sweep(&dir, "o", &[]);
    let sens = fs::read_to_string(out.join("sensitivity.csv")).unwrap();
    assert_eq!(
        sens.lines().next().unwrap(),
        "arm,quantity,metric,month,parameter,mu,mu_star,sigma,mu_star_ci_low,mu_star_ci_high,mu_star_conf"
    );
    // (2 arms of levels + 1 effect) × 2 metrics × 2 months × 3 parameters
    assert_eq!(sens.lines().count(), 1 + 3 * 2 * 2 * 3);
    assert!(sens.contains("\nmulti_group,effect,poverty_rate,12,economy.capital_threshold,"));
    // The control arm has no facilitators: caseload cannot move it.
    let line = sens
        .lines()
        .find(|l| l.starts_with("control,level,group_share,12,facilitation.caseload_groups,"))
        .unwrap();
    assert!(line.contains(",0,0,0,"), "{line}");
    for c in [
        "morris_poverty_rate_m12.png",
        "morris_group_share_m6.svg",
        "response_poverty_rate_m6.png",
    ] {
        assert!(out.join("charts").join(c).is_file(), "{c}");
    }
    let results = fs::read_to_string(out.join("results.csv")).unwrap();
    assert_eq!(results.lines().count(), 1 + 3 * 4 * 2 * 2 * 2);
}

#[test]
fn one_and_two_threads_give_identical_files() {
    let dir = setup(MORRIS);
    let a = sweep(&dir, "a", &["--threads", "1"]);
    let b = sweep(&dir, "b", &["--threads", "2"]);
    assert_same_tree(&a, &b);
}

#[test]
fn shards_merge_into_the_unsharded_bytes() {
    let dir = setup(MORRIS);
    let whole = sweep(&dir, "whole", &[]);
    let mut shards = Vec::new();
    for k in 1..=3 {
        let out = sweep(&dir, &format!("shard-{k}"), &["--shard", &format!("{k}/3")]);
        assert!(
            !out.join("sensitivity.csv").exists(),
            "shards hold no reports"
        );
        shards.push(out);
    }
    // Shard 2 of 3 holds points 2, 5, 8, 11.
    let r2 = fs::read_to_string(shards[1].join("results.csv")).unwrap();
    let ids: std::collections::BTreeSet<&str> = r2
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["11", "2", "5", "8"]);
    let merged = dir.path.join("merged");
    berdaya()
        .args([
            "merge",
            s(&shards[2]),
            s(&shards[0]),
            s(&shards[1]),
            "--out",
            s(&merged),
            "--quiet",
        ])
        .assert()
        .success();
    assert_same_tree(&whole, &merged);
}

#[test]
fn merge_refuses_shards_that_do_not_belong_together() {
    let dir = setup(MORRIS);
    let a1 = sweep(&dir, "a1", &["--shard", "1/2"]);
    let a2 = sweep(&dir, "a2", &["--shard", "2/2"]);
    // The same sweep with another design seed: another file hash.
    fs::write(
        dir.path.join("sweep.toml"),
        MORRIS.replace("seed = 11", "seed = 12"),
    )
    .unwrap();
    let b2 = sweep(&dir, "b2", &["--shard", "2/2"]);
    let b3 = sweep(&dir, "b3", &["--shard", "1/3"]);
    let merge = |dirs: &[&Path]| {
        let mut c = berdaya();
        c.arg("merge");
        for d in dirs {
            c.arg(s(d));
        }
        let out = c.args(["--out", s(&dir.path.join("m"))]).output().unwrap();
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2));
        assert!(!dir.path.join("m").exists(), "nothing may be written");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = merge(&[&a1, &b2]);
    assert!(
        err.contains("does not belong to the same sweep") && err.contains("sweep file"),
        "{err}"
    );
    let err = merge(&[&a1]);
    assert!(err.contains("shard 2 of 2 is missing"), "{err}");
    let err = merge(&[&a1, &a2, &a2]);
    assert!(err.contains("given twice"), "{err}");
    let err = merge(&[&a1, &b3]);
    assert!(err.contains("one of 3 shards"), "{err}");
    // An incomplete shard (no manifest yet) and a whole sweep are refused.
    fs::remove_file(a2.join("manifest.json")).unwrap();
    let err = merge(&[&a1, &a2]);
    assert!(err.contains("manifest.json"), "{err}");
    let whole = sweep(&dir, "whole", &[]);
    let err = merge(&[&whole]);
    assert!(err.contains("not a shard"), "{err}");
}

/// A base slow enough (about 20 ms a point on one thread) to kill a sweep
/// in the middle: the test kills it after 3 of its 40 points.
const SLOW_BASE: &str = r#"
name = "slow"
months = 48
replications = 1
[population]
villages = 10
households_per_village = 300
burn_in_months = 24
"#;

const SLOW: &str = r#"
base = "slow.toml"
[sweep]
method = "grid"
metrics = ["poverty_rate", "mean_consumption_pc"]
at_months = [24, 48]
[sweep.parameters]
economy.saving_rate = [0.15, 0.2, 0.25, 0.3, 0.35]
economy.capital_threshold = [6e6, 8e6, 10e6, 12e6, 14e6, 16e6, 18e6, 20e6]
"#;

fn journal_entries(dir: &Path) -> usize {
    fs::read_to_string(dir.join("journal.jsonl"))
        .map(|t| t.lines().count().saturating_sub(1))
        .unwrap_or(0)
}

#[test]
fn a_killed_sweep_resumes_to_the_same_bytes() {
    let dir = setup(SLOW);
    fs::write(dir.path.join("slow.toml"), SLOW_BASE).unwrap();
    let whole = sweep(&dir, "whole", &["--threads", "1"]);
    let out = dir.path.join("killed");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_berdaya"))
        .args([
            "sweep",
            s(&dir.path.join("sweep.toml")),
            "--out",
            s(&out),
            "--threads",
            "1",
            "--quiet",
        ])
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while journal_entries(&out) < 3 {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "no point was journaled in 60 s"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let done = journal_entries(&out);
    assert!(
        done < 40 && !out.join("manifest.json").exists(),
        "the sweep finished before it could be killed ({done} points); make SLOW_BASE slower"
    );
    // The killed folder is not complete, and a plain rerun refuses to overwrite it.
    assert!(!out.join("results.csv").exists());
    berdaya()
        .args(["sweep", s(&dir.path.join("sweep.toml")), "--out", s(&out)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not empty"));
    let resumed = berdaya()
        .args([
            "sweep",
            s(&dir.path.join("sweep.toml")),
            "--out",
            s(&out),
            "--resume",
            "--threads",
            "2",
        ])
        .output()
        .unwrap();
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let text = String::from_utf8_lossy(&resumed.stdout);
    assert!(
        text.contains(&format!("resumed: {done} points already done")),
        "{text}"
    );
    assert_same_tree(&whole, &out);
    // Resuming a finished folder changes nothing.
    sweep(&dir, "killed", &["--resume"]);
    assert_same_tree(&whole, &out);
}

#[test]
fn resume_refuses_a_folder_of_another_sweep() {
    let dir = setup(MORRIS);
    let out = sweep(&dir, "o", &["--shard", "1/2"]);
    let res = berdaya()
        .args([
            "sweep",
            s(&dir.path.join("sweep.toml")),
            "--out",
            s(&out),
            "--resume",
        ])
        .output()
        .unwrap();
    assert_no_panic(&res);
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("shard 1/2"));
}

#[test]
fn emit_slurm_writes_an_array_and_a_dependent_merge() {
    let dir = setup(MORRIS);
    let slurm = dir.path.join("slurm");
    berdaya()
        .args([
            "sweep",
            s(&dir.path.join("sweep.toml")),
            "--emit-slurm",
            s(&slurm),
            "--shards",
            "3",
            "--cpus-per-task",
            "4",
            "--mem",
            "1G",
            "--time",
            "00:10:00",
            "--partition",
            "debug",
            "--out",
            s(&dir.path.join("merged")),
            "--quiet",
        ])
        .assert()
        .success();
    let array = fs::read_to_string(slurm.join("array.sbatch")).unwrap();
    for want in [
        "#SBATCH --array=1-3",
        "#SBATCH --cpus-per-task=4",
        "#SBATCH --mem=1G",
        "#SBATCH --time=00:10:00",
        "#SBATCH --partition=debug",
        "--shard \"$K/3\"",
        "--resume",
    ] {
        assert!(array.contains(want), "{want} missing from\n{array}");
    }
    let submit = fs::read_to_string(slurm.join("submit.sh")).unwrap();
    assert!(
        submit.contains("--dependency=afterok:\"$array\""),
        "{submit}"
    );
    let merge = fs::read_to_string(slurm.join("merge.sbatch")).unwrap();
    assert!(
        merge.contains(" merge ") && merge.contains("--kill-on-invalid-dep=yes"),
        "{merge}"
    );
    assert!(slurm.join("logs").is_dir());
    // Nothing else was run.
    assert!(!dir.path.join("merged").exists());
    // Flags that make no sense without --emit-slurm are refused.
    berdaya()
        .args(["sweep", s(&dir.path.join("sweep.toml")), "--shards", "3"])
        .assert()
        .code(2);
}

#[test]
fn sobol_and_lhs_run_end_to_end() {
    let sobol = MORRIS
        .replace("method = \"morris\"", "method = \"sobol\"")
        .replace("samples = 3", "samples = 8");
    let dir = setup(&sobol);
    let out = sweep(&dir, "o", &[]);
    let sens = fs::read_to_string(out.join("sensitivity.csv")).unwrap();
    assert!(sens.starts_with(
        "arm,quantity,metric,month,parameter,S1,S1_ci_low,S1_ci_high,S1_conf,ST,ST_ci_low,ST_ci_high,ST_conf\n"
    ));
    // 8 base rows × (3 parameters + 2)
    assert_eq!(
        fs::read_to_string(out.join("points.csv"))
            .unwrap()
            .lines()
            .count(),
        1 + 40
    );
    assert!(out.join("charts/sobol_poverty_rate_m12.png").is_file());

    let lhs = MORRIS
        .replace("method = \"morris\"", "method = \"lhs\"")
        .replace("samples = 3", "samples = 7");
    fs::write(dir.path.join("sweep.toml"), lhs).unwrap();
    let out = sweep(&dir, "l", &[]);
    assert_eq!(
        fs::read_to_string(out.join("points.csv"))
            .unwrap()
            .lines()
            .count(),
        1 + 7
    );
    assert!(!out.join("sensitivity.csv").exists());
    assert!(out.join("charts/response_group_share_m6.svg").is_file());
}

#[test]
fn shipped_sweep_files_are_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweeps");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 2,
        "scenarios/sweeps/ holds {} files",
        files.len()
    );
    for f in files {
        berdaya()
            .args(["check", s(&f)])
            .assert()
            .success()
            .stdout(predicate::str::contains("ok — sweep"));
    }
}

/// The heat map files of a sweep folder's charts.
fn heatmaps(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("heatmap_"))
        .collect();
    v.sort();
    v
}

/// The texts of an SVG's text elements, in drawing order.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            Some(
                t.split_once('>')?
                    .1
                    .split("</text>")
                    .next()?
                    .trim()
                    .to_string(),
            )
        })
        .collect()
}

/// The numbers printed in an SVG's text elements (`−1.25` → -1.25).
fn svg_numbers(svg: &str) -> Vec<f64> {
    svg_texts(svg)
        .iter()
        .filter_map(|t| {
            t.replace('\u{2212}', "-")
                .trim_start_matches('+')
                .parse::<f64>()
                .ok()
        })
        .collect()
}

/// A 3 × 4 grid over a treated arm's budget and a base key.
const HEAT: &str = r#"
base = "base.toml"
[sweep]
method = "grid"
replications = 2
metrics = ["poverty_rate", "mean_consumption_pc"]
at_months = [12, 6]
[sweep.parameters]
"multi_group:program.budget" = [6e8, 1e8, 3e8]
economy.saving_rate = [0.1, 0.2, 0.3, 0.4]
"#;

#[test]
fn a_two_parameter_grid_draws_a_heat_map_per_metric_and_month() {
    let dir = setup(HEAT);
    let out = sweep(&dir, "o", &[]);
    let mut want = Vec::new();
    for m in ["mean_consumption_pc", "poverty_rate"] {
        for month in [12, 6] {
            for ext in ["png", "svg"] {
                want.push(format!("heatmap_{m}_m{month}.{ext}"));
            }
        }
    }
    want.sort();
    assert_eq!(heatmaps(&out), want);
    let png = fs::read(out.join("charts/heatmap_poverty_rate_m12.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");

    let svg = fs::read_to_string(out.join("charts/heatmap_poverty_rate_m12.svg")).unwrap();
    // Both parameters by their full keys on the axes, the levels as ticks
    // (budgets in increasing order, with M), the colour bar's title with
    // the unit, title and footnote.
    let texts = svg_texts(&svg);
    for t in [
        "program.budget (arms multi_group)",
        "economy.saving_rate",
        "100M",
        "300M",
        "600M",
        "0.1",
        "0.4",
    ] {
        assert!(texts.iter().any(|x| x == t), "heat map lacks {t:?}");
    }
    let pos = |t: &str| texts.iter().position(|x| x == t).unwrap();
    assert!(pos("100M") < pos("300M") && pos("300M") < pos("600M"));
    let all = texts.join(" ");
    for t in [
        "Heat map: poverty rate, month 12",
        "effect on poverty rate, month 12 (percentage points)",
        "Each cell: one grid point, the mean over its 2 replications",
        "colour-blind-safe",
    ] {
        assert!(all.contains(t), "heat map lacks {t:?}");
    }
    // One cell per combination of levels (3 × 4) besides the white page,
    // and the colour bar (drawn as slices).
    assert_eq!(svg.matches("<rect").count(), 1 + 3 * 4);
    assert!(svg.matches("<polygon").count() >= 90);

    // Every cell prints its value: the paired effect of multi_group on the
    // poverty rate at month 12, in percentage points, mean over the
    // replications of the point, as computed here from results.csv.
    let results = fs::read_to_string(out.join("results.csv")).unwrap();
    let mut by_rep: std::collections::BTreeMap<(usize, u32), (f64, f64)> = Default::default();
    for l in results.lines().skip(1) {
        let c: Vec<&str> = l.split(',').collect();
        if c[5] != "12" {
            continue;
        }
        let key = (c[0].parse().unwrap(), c[4].parse().unwrap());
        let v: f64 = c[6].parse().unwrap();
        let e = by_rep.entry(key).or_default();
        if c[3] == "control" {
            e.1 = v;
        } else {
            e.0 = v;
        }
    }
    let mut cells = [(0.0, 0); 12];
    for ((point, _), (arm, control)) in &by_rep {
        let c = &mut cells[point - 1];
        c.0 += (arm - control) * 100.0;
        c.1 += 1;
    }
    let printed = svg_numbers(&svg);
    let mut means: Vec<f64> = Vec::new();
    for (p, (sum, n)) in cells.iter().enumerate() {
        assert_eq!(*n, 2, "point {}", p + 1);
        let mean = sum / *n as f64;
        assert!(
            printed.iter().any(|t| (t - mean).abs() <= 0.0051),
            "point {}: {mean} is not printed; numbers in the SVG: {printed:?}",
            p + 1
        );
        means.push(mean);
    }
    means.sort_by(f64::total_cmp);
    means.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    assert!(
        means.len() >= 3,
        "the grid should move the output: {means:?}"
    );

    // A merge of shards draws the same heat maps, byte for byte.
    let mut shards = Vec::new();
    for k in 1..=2 {
        shards.push(sweep(
            &dir,
            &format!("shard-{k}"),
            &["--shard", &format!("{k}/2")],
        ));
    }
    let merged = dir.path.join("merged");
    berdaya()
        .args([
            "merge",
            s(&shards[1]),
            s(&shards[0]),
            "--out",
            s(&merged),
            "--quiet",
        ])
        .assert()
        .success();
    assert_same_tree(&out, &merged);
    // and so does one thread
    let one = sweep(&dir, "one", &["--threads", "1"]);
    assert_same_tree(&out, &one);
}

#[test]
fn one_or_three_parameter_grids_draw_no_heat_map() {
    let one = GRID.replace("facilitation.exit_month = [3, 6]\n", "");
    let dir = setup(&one);
    let out = sweep(&dir, "o", &[]);
    assert!(out.join("charts/response_poverty_rate_m12.svg").is_file());
    assert_eq!(heatmaps(&out), Vec::<String>::new());

    // Three parameters, into a folder that held a two-parameter grid's
    // charts: its heat maps are removed, not left to be mistaken for this
    // sweep's.
    let dir = setup(GRID);
    let out = sweep(&dir, "o", &[]);
    assert!(!heatmaps(&out).is_empty());
    let three = GRID.replace(
        "facilitation.exit_month = [3, 6]\n",
        "facilitation.exit_month = [3, 6]\ngroups.join_rate = [0.4, 0.8]\n",
    );
    fs::write(dir.path.join("sweep.toml"), three).unwrap();
    let out = sweep(&dir, "o", &["--force"]);
    assert_eq!(
        fs::read_to_string(out.join("points.csv"))
            .unwrap()
            .lines()
            .count(),
        1 + 3 * 2 * 2
    );
    assert!(out.join("charts/response_poverty_rate_m12.svg").is_file());
    assert_eq!(heatmaps(&out), Vec::<String>::new());
}

/// The shipped Morris sweep says its ranges are the registry's plausible
/// ranges (`berdaya explain KEY`); they drifted once, so check each.
#[test]
fn the_shipped_morris_sweep_uses_the_registry_ranges() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweeps/strategies_morris.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("Plausible ranges from the registry"));
    let sweep = berdaya::sweep::file::load(&path).expect("the shipped sweep loads");
    assert!(!sweep.plan.parameters.is_empty());
    for p in &sweep.plan.parameters {
        let range = p.range.as_ref().expect("a range");
        let info = berdaya::scenario::registry()
            .iter()
            .find(|i| i.key == p.key)
            .unwrap_or_else(|| panic!("{} is a registry key", p.key));
        let (lo, hi) = info
            .spec
            .plausible
            .unwrap_or_else(|| panic!("{} has a plausible range", p.key));
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        assert!(
            close(range.min, lo) && close(range.max, hi),
            "{}: sweep {}..{}, registry {lo}..{hi}",
            p.key,
            range.min,
            range.max
        );
    }
}

/// A grid over one parameter (a budget response curve): effect charts
/// beside the level charts, effects on a share in percentage points, and
/// bands from the replications of each point (one point a value).
#[test]
fn a_one_parameter_grid_draws_effects_against_control_with_replication_bands() {
    let dir = setup(
        r#"
base = "base.toml"
[sweep]
method = "grid"
replications = 3
metrics = ["poverty_rate", "mean_consumption_pc"]
at_months = [12]
[sweep.parameters]
"multi_group:program.budget" = [1.0e8, 3.0e8, 9.0e8]
"#,
    );
    let out = sweep(&dir, "o", &[]);
    let charts = out.join("charts");
    for c in [
        "response_poverty_rate_m12.svg",
        "response_effect_poverty_rate_m12.svg",
        "response_effect_mean_consumption_pc_m12.png",
    ] {
        assert!(charts.join(c).is_file(), "{c}");
    }
    let texts = |name: &str| svg_texts(&fs::read_to_string(charts.join(name)).unwrap());
    let effect = texts("response_effect_poverty_rate_m12.svg");
    let all = effect.join(" ");
    assert!(all.contains("effect against control"), "title");
    assert!(
        all.contains("effect on poverty rate (percentage points)"),
        "an effect on a share in points"
    );
    assert!(all.contains("paired by replication"), "subtitle");
    assert!(
        effect
            .iter()
            .any(|t| t == "program.budget (arms multi_group)"),
        "axis title"
    );
    assert!(
        !effect.iter().any(|t| t == "control"),
        "no control line among the effects"
    );
    let money = texts("response_effect_mean_consumption_pc_m12.svg").join(" ");
    assert!(money.contains("(Rp/month)"), "the unit of a money effect");
    // the level chart keeps the control, on a percent axis
    let level = texts("response_poverty_rate_m12.svg");
    assert!(level.iter().any(|t| t == "control"));
    assert!(level.iter().any(|t| t == "poverty rate (%)"));
}
