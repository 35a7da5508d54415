//! The binary as a user meets it: runs, checks, and every kind of bad input
//! ends with a clear message and exit code 2, never a panic.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn berdaya() -> Command {
    Command::cargo_bin("berdaya").expect("binary builds")
}

/// A small, fast scenario for tests.
const SMALL: &str = r#"
name = "small"
months = 12
replications = 2
[population]
villages = 3
households_per_village = 60
burn_in_months = 6
"#;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

fn same_file(a: &Path, b: &Path) {
    let (x, y) = (fs::read(a).unwrap(), fs::read(b).unwrap());
    assert!(x == y, "{} and {} differ", a.display(), b.display());
}

fn assert_no_panic(out: &std::process::Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "panic in: {err}"
    );
}

#[test]
fn run_writes_the_run_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "s.toml", SMALL);
    let out = tmp.path().join("out");
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    for f in [
        "manifest.json",
        "scenario.toml",
        "timeseries.csv",
        "summary.csv",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let ts = fs::read_to_string(out.join("timeseries.csv")).unwrap();
    let header = ts.lines().next().unwrap();
    for m in berdaya::model::metrics::CONTRACT {
        assert!(header.split(',').any(|c| c == m), "column {m} missing");
    }
    assert_eq!(
        ts.lines().count(),
        1 + 2 * 12,
        "one row per (arm, replication, month)"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["seed"], 1);
    assert_eq!(manifest["replications"], 2);
    assert!(
        manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "timeseries.csv")
    );
    // no temporary file left behind
    assert!(fs::read_dir(&out).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".partial")
    }));
}

#[test]
fn the_resolved_scenario_reproduces_the_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "s.toml", SMALL);
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            a.to_str().unwrap(),
            "--seed",
            "7",
            "--quiet",
        ])
        .assert()
        .success();
    let resolved = a.join("scenario.toml");
    berdaya()
        .args([
            "run",
            resolved.to_str().unwrap(),
            "--out",
            b.to_str().unwrap(),
            "--seed",
            "7",
            "--quiet",
        ])
        .assert()
        .success();
    same_file(&a.join("timeseries.csv"), &b.join("timeseries.csv"));
    same_file(&a.join("scenario.toml"), &b.join("scenario.toml"));
}

#[test]
fn one_and_two_threads_write_identical_files() {
    let tmp = tempfile::tempdir().unwrap();
    let exp = format!(
        "{SMALL}\n[program]\nbudget = 2.0e8\n[[arm]]\nname = \"control\"\nprogram.budget = 0.0\n[[arm]]\nname = \"capital_individual\"\nprogram.components = [\"capital\"]\n"
    );
    let file = write(tmp.path(), "e.toml", &exp);
    let mut outs = Vec::new();
    for t in ["1", "2"] {
        let out = tmp.path().join(format!("t{t}"));
        berdaya()
            .args([
                "run",
                file.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--threads",
                t,
                "--replications",
                "4",
                "--quiet",
            ])
            .assert()
            .success();
        outs.push(out);
    }
    for f in [
        "timeseries.csv",
        "summary.csv",
        "effects.csv",
        "scenario.toml",
    ] {
        same_file(&outs[0].join(f), &outs[1].join(f));
    }
}

#[test]
fn a_non_empty_folder_is_left_alone_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "s.toml", SMALL);
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let o = berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1);
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    // with --force it runs and keeps unrelated files
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--force",
        ])
        .assert()
        .success();
    assert!(out.join("timeseries.csv").is_file() && out.join("notes.txt").is_file());
}

/// No panic, and the exit code `code` (stderr shown when it is not).
fn exits_with(o: &std::process::Output, code: i32) {
    assert_no_panic(o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// An input error as the user meets it: no panic, exit code 2, and every
/// expected phrase in the message.
fn exits_2_saying(o: &std::process::Output, expect: &[&str]) {
    exits_with(o, 2);
    let err = String::from_utf8_lossy(&o.stderr);
    for e in expect {
        assert!(err.contains(e), "expected `{e}` in: {err}");
    }
}

/// (file text or None for a missing file, extra args, what stderr must contain)
fn bad_input(text: Option<&[u8]>, extra: &[&str], expect: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.toml");
    if let Some(t) = text {
        fs::write(&file, t).unwrap();
    }
    let out = tmp.path().join("out");
    let mut args = vec![
        "run",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = berdaya().args(&args).output().unwrap();
    exits_2_saying(&o, expect);
    assert!(
        !out.exists() || fs::read_dir(&out).unwrap().next().is_none(),
        "nothing may be written on bad input"
    );
}

#[test]
fn unknown_key_names_file_position_and_nearest_name() {
    bad_input(
        Some(b"[populaton]\nvillages = 3\n"),
        &[],
        &["bad.toml:1:2", "populaton", "did you mean `population`"],
    );
    bad_input(
        Some(b"name = \"x\"\n[economy]\nsaving_rat = 0.2\n"),
        &[],
        &["bad.toml:3:1", "economy.saving_rat", "`saving_rate`"],
    );
}

#[test]
fn wrong_type_says_what_was_expected() {
    bad_input(
        Some(b"name = \"x\"\n[population]\nvillages = \"ten\"\n"),
        &[],
        &[
            "bad.toml:3:12",
            "population.villages",
            "expected a whole number, found a string",
        ],
    );
}

#[test]
fn value_out_of_range_gives_the_limits() {
    bad_input(
        Some(b"name = \"x\"\n[economy]\nsaving_rate = 1.5\n"),
        &[],
        &["bad.toml:3:15", "economy.saving_rate", "from 0 to 1", "1.5"],
    );
}

#[test]
fn missing_file() {
    bad_input(
        None,
        &[],
        &["bad.toml", "cannot read the file: no such file"],
    );
}

#[test]
fn a_file_that_is_not_toml() {
    bad_input(
        Some(b"{\"name\": \"json\"}\n"),
        &[],
        &["bad.toml:1:1", "not valid TOML"],
    );
    bad_input(
        Some(&[0x89, b'P', b'N', b'G', 0, 1, 2]),
        &[],
        &["bad.toml", "not a text file"],
    );
}

#[test]
fn an_empty_file() {
    bad_input(Some(b""), &[], &["bad.toml", "empty"]);
}

#[test]
fn a_bad_set_flag() {
    let good = SMALL.as_bytes();
    bad_input(
        Some(good),
        &["--set", "program.budgt=5"],
        &["--set program.budgt=5", "did you mean `program.budget`"],
    );
    bad_input(
        Some(good),
        &["--set", "population.villages=abc"],
        &["population.villages", "whole number"],
    );
    bad_input(Some(good), &["--set", "noequals"], &["KEY=VALUE"]);
}

#[test]
fn cross_field_rules_point_at_the_setting() {
    bad_input(
        Some(b"name = \"x\"\n[program]\nbudget = 1.0e9\n"),
        &[],
        &["bad.toml:3:10", "program.budget", "components"],
    );
}

#[test]
fn check_reports_every_problem_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = write(
        tmp.path(),
        "bad.toml",
        "name = 3\n[program]\nbudjet = 5\napproach = \"groups\"\n[economy]\nsaving_rate = 1.5\n",
    );
    let o = berdaya()
        .args(["check", bad.to_str().unwrap()])
        .output()
        .unwrap();
    exits_2_saying(
        &o,
        &[
            "bad.toml:1:8",
            "bad.toml:3:1",
            "bad.toml:4:12",
            "bad.toml:6:15",
            "4 problems",
        ],
    );
}

#[test]
fn check_accepts_every_shipped_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert!(files.len() >= 2);
    berdaya()
        .arg("check")
        .args(&files)
        .assert()
        .success()
        .stdout(predicate::str::contains("ok"));
}

#[test]
fn scenarios_lists_and_shows_builtins() {
    berdaya()
        .arg("scenarios")
        .assert()
        .success()
        .stdout(predicate::str::contains("strategies").and(predicate::str::contains("baseline")));
    berdaya()
        .args(["scenarios", "show", "baseline"])
        .assert()
        .success()
        .stdout(predicate::str::contains("name = \"baseline\""));
    let o = berdaya()
        .args(["scenarios", "show", "basline"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `baseline`"));
}

#[test]
fn bad_flags_exit_2() {
    let o = berdaya()
        .args(["run", "--threads", "many"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = berdaya()
        .args([
            "run",
            "baseline",
            "--months",
            "0",
            "--out",
            "/nonexistent/x",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_no_panic(&o);
}

/// `berdaya evidence --set`: every bad flag reported at once with exit code 2
/// and no --out folder made; a good one is applied, said in the header and
/// recorded in settings.csv.
/// Runs `c --out dir`, asserts exit code 0 and returns its standard output.
fn succeeds_into(mut c: Command, dir: &Path) -> String {
    let out = c.arg("--out").arg(dir).output().unwrap();
    exits_with(&out, 0);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `berdaya evidence` in a small world (one village of 30 households, two
/// replications): seconds, not minutes.
fn small_evidence() -> Command {
    let mut c = berdaya();
    c.args(["evidence", "--villages", "1", "--households", "30"])
        .args(["--replications", "2"]);
    c
}

#[test]
fn evidence_set_checks_every_flag_and_records_what_it_applied() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("ev");
    // the suite at its smallest
    let evidence = small_evidence;
    let out = evidence()
        .args(["--set", "min_scale=0"])
        .args(["--set", "multi_group:program.budget=1"])
        .args(["--set", "population.villages=3"])
        .args(["--set", "markets.idle_capacity=9"])
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    exits_2_saying(
        &out,
        &[
            "did you mean `infrastructure.min_scale`",
            "sets a key for every arm",
            "use --villages",
            "expected a value from 0 to 1, found 9",
            "4 problems found",
        ],
    );
    assert!(!out_dir.exists(), "a bad --set made the --out folder");

    let mut c = evidence();
    c.args(["--set", "infrastructure.min_scale=0", "--threads", "1"]);
    let stdout = succeeds_into(c, &out_dir);
    assert!(
        stdout.contains("defaults except infrastructure.min_scale=0"),
        "{stdout}"
    );
    let settings = fs::read_to_string(out_dir.join("settings.csv")).unwrap();
    assert_eq!(settings, "key,value\ninfrastructure.min_scale,0.0\n");
    // and on every row of evidence.csv, for a brief that reads it
    let mut facts = csv::Reader::from_path(out_dir.join("evidence.csv")).unwrap();
    assert_eq!(
        facts.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "fact",
            "title",
            "holds",
            "source",
            "field",
            "model",
            "settings",
            "title_id",
            "field_id",
            "model_id",
            "within_noise"
        ]
    );
    let rows: Vec<csv::StringRecord> = facts.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 12);
    for r in &rows {
        assert_eq!(&r[6], "infrastructure.min_scale=0.0");
        // every text in Indonesian too, numbers in Indonesian style
        assert!(
            !r[7].is_empty() && !r[8].is_empty() && !r[9].is_empty(),
            "{r:?}"
        );
    }
    assert!(
        rows[3][9].starts_with("bagian dorongan aset"),
        "{:?}",
        &rows[3]
    );
    assert!(rows[3][9].contains("0,3 K*"), "{:?}", &rows[3]);
}

/// `--prior pert` spreads each key's robustness draws around its default:
/// the run says so, records its design, draws every key inside its range
/// and differently from the uniform run of the same seed, and `--draw N
/// --prior pert` gives that run's draw N; `--prior` needs `--robustness`.
#[test]
fn evidence_robustness_prior_pert_draws_around_the_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    let pert = tmp.path().join("pert");
    let mut c = small_evidence();
    c.args(["--robustness", "2", "--unscreened", "--prior", "pert"]);
    let stdout = succeeds_into(c, &pert);
    assert!(
        stdout.contains(
            "(Latin hypercube, seed 2026; each key PERT over its range, most likely at its default)"
        ),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(pert.join("robustness_design.csv")).unwrap(),
        "setting,value\ndraws,2\ndraw_seed,2026\nscreen,none\nprior,pert\ndraw_replications,2\n"
    );
    let uniform = tmp.path().join("uniform");
    let mut c = small_evidence();
    c.args(["--robustness", "2", "--unscreened"]);
    let stdout = succeeds_into(c, &uniform);
    assert!(
        stdout.contains("each key uniform over its range"),
        "{stdout}"
    );
    let design = std::fs::read_to_string(uniform.join("robustness_design.csv")).unwrap();
    assert!(design.contains("\nprior,uniform\n"), "{design}");
    let draws = |dir: &Path| -> Vec<(String, String, f64)> {
        csv::Reader::from_path(dir.join("robustness_draws.csv"))
            .unwrap()
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_string(), r[1].to_string(), r[2].parse().unwrap())
            })
            .collect()
    };
    let (p, u) = (draws(&pert), draws(&uniform));
    assert_eq!(p.len(), u.len());
    let mut moved = 0;
    for ((d, key, x), (d2, key2, y)) in p.iter().zip(&u) {
        assert_eq!((d, key), (d2, key2));
        let info = berdaya::scenario::param(key).unwrap();
        let (lo, hi) = info.spec.plausible.unwrap();
        assert!(lo <= *x && *x <= hi, "{key}: {x} outside {lo}..{hi}");
        moved += usize::from(x != y);
    }
    assert!(moved > p.len() / 2, "{moved} of {} values differ", p.len());
    // one draw of the PERT run, alone: that draw's values and criteria
    let one = tmp.path().join("pert2");
    let mut c = small_evidence();
    c.args([
        "--robustness",
        "2",
        "--unscreened",
        "--prior",
        "pert",
        "--draw",
        "2",
    ]);
    let stdout = succeeds_into(c, &one);
    assert!(
        stdout.contains("at draw 2 of --robustness 2 --draw-seed 2026 --unscreened --prior pert"),
        "{stdout}"
    );
    let settings: Vec<(String, f64)> = csv::Reader::from_path(one.join("settings.csv"))
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].parse().unwrap_or(f64::NAN))
        })
        .collect();
    for (_, key, x) in p.iter().filter(|(d, _, _)| d == "2") {
        let got = settings.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        assert_eq!(got, Some(*x), "{key}");
    }
    // --prior spreads robustness draws: alone it is a usage error
    let mut c = small_evidence();
    c.args(["--prior", "pert"]);
    let out = c.output().unwrap();
    exits_with(&out, 2);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--prior pert spreads the draws of a robustness run: add --robustness M"),
        "{out:?}"
    );
    let mut c = small_evidence();
    c.args(["--robustness", "1", "--prior", "normal"]);
    let out = c.output().unwrap();
    exits_with(&out, 2);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("expected one of uniform, pert"),
        "{out:?}"
    );
}

#[test]
fn evidence_robustness_writes_and_prints_what_separates_the_draws() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("ev");
    let mut c = small_evidence();
    c.args(["--robustness", "4", "--unscreened"]);
    let stdout = succeeds_into(c, &out_dir);
    // the draws run --replications (2 here) when it is at most 4
    assert!(stdout.contains(", 2 replications each:"), "{stdout}");
    assert!(
        stdout.contains("| fact | holds in | share | 95% interval | clear of noise |"),
        "{stdout}"
    );
    // each share with its Wilson interval, in the file too, and the draws in
    // which the fact holds clear of noise: those of robustness_facts.csv that
    // hold and are not within noise
    let shares = std::fs::read_to_string(out_dir.join("robustness.csv")).unwrap();
    assert!(
        shares.starts_with("fact,holds,valid_draws,share,share_low,share_high,holds_clearly\n"),
        "{shares}"
    );
    let mut clear = std::collections::BTreeMap::<String, usize>::new();
    let mut rf = csv::Reader::from_path(out_dir.join("robustness_facts.csv")).unwrap();
    assert_eq!(
        rf.headers().unwrap().iter().collect::<Vec<_>>(),
        ["draw", "fact", "holds", "model", "within_noise"]
    );
    for r in rf.records() {
        let r = r.unwrap();
        *clear.entry(r[1].to_string()).or_default() +=
            usize::from(&r[2] == "true" && &r[4] == "false");
    }
    for line in shares.lines().skip(1) {
        let f: Vec<f64> = line
            .split(',')
            .skip(3)
            .map(|x| x.parse().unwrap())
            .collect();
        assert!(f[1] <= f[0] && f[0] <= f[2], "{line}");
        let cols: Vec<&str> = line.split(',').collect();
        assert_eq!(cols[6].parse::<usize>().unwrap(), clear[cols[0]], "{line}");
        assert!(cols[6].parse::<usize>().unwrap() <= cols[1].parse().unwrap());
    }
    assert!(
        stdout.contains("What separates the draws where a fact holds"),
        "{stdout}"
    );
    // F1 fails in nearly every draw, so its criteria are listed
    assert!(stdout.contains("Where the facts fall short"), "{stdout}");
    assert!(
        stdout.contains("| F1 | take-up | in 0.05 to 0.45 |"),
        "{stdout}"
    );
    let mut d = csv::Reader::from_path(out_dir.join("robustness_drivers.csv")).unwrap();
    assert_eq!(
        d.headers().unwrap().iter().collect::<Vec<_>>(),
        ["fact", "key", "spearman", "valid_draws"]
    );
    for r in d.records() {
        let r = r.unwrap();
        let rho: f64 = r[2].parse().unwrap();
        assert!((-1.0..=1.0).contains(&rho), "{r:?}");
        assert_eq!(&r[3], "4");
    }
    // what moves each failing criterion's value: printed, and every key's
    // rho in robustness_value_drivers.csv (F1's right tail fails in some draw)
    assert!(
        stdout.contains("What moves each criterion that fails in some draw"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  F1 consumption p90 minus p25 effect, points: "),
        "{stdout}"
    );
    let mut v = csv::Reader::from_path(out_dir.join("robustness_value_drivers.csv")).unwrap();
    assert_eq!(
        v.headers().unwrap().iter().collect::<Vec<_>>(),
        ["fact", "check", "key", "spearman", "valid_draws"]
    );
    let mut tail = 0;
    for r in v.records() {
        let r = r.unwrap();
        let rho: f64 = r[3].parse().unwrap();
        assert!((-1.0..=1.0).contains(&rho), "{r:?}");
        tail += usize::from(&r[0] == "F1" && &r[1] == "consumption p90 minus p25 effect, points");
    }
    assert!(tail > 100, "one row per varying drawn key, {tail}");
    // every criterion in every draw, and a fact holds in a draw exactly
    // when all its criteria pass there
    let mut c = csv::Reader::from_path(out_dir.join("robustness_checks.csv")).unwrap();
    assert_eq!(
        c.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "draw", "fact", "check", "value", "rule", "passed", "ci_low", "ci_high"
        ]
    );
    let mut all_pass = std::collections::BTreeMap::<(String, String), bool>::new();
    for r in c.records() {
        let r = r.unwrap();
        let e = all_pass
            .entry((r[0].to_string(), r[1].to_string()))
            .or_insert(true);
        *e &= &r[5] == "true";
    }
    let mut f = csv::Reader::from_path(out_dir.join("robustness_facts.csv")).unwrap();
    let mut n = 0;
    for r in f.records() {
        let r = r.unwrap();
        let key = (r[0].to_string(), r[1].to_string());
        assert_eq!(all_pass[&key], &r[2] == "true", "{r:?}");
        n += 1;
    }
    assert_eq!(n, 4 * 12);
    // the defaults' criteria beside evidence.csv
    let e = std::fs::read_to_string(out_dir.join("evidence_checks.csv")).unwrap();
    assert!(
        e.starts_with("fact,check,value,rule,passed,ci_low,ci_high\n"),
        "{e}"
    );
    // the comparisons between arms carry their Monte Carlo interval, and a
    // fact is within noise exactly when one of its passing criteria's
    // interval reaches past the bound
    assert!(
        e.contains("F10,\"gain per rupiah, x0.25 minus x1 budget\","),
        "{e}"
    );
    let mut within = std::collections::BTreeMap::<String, bool>::new();
    let mut checks = csv::Reader::from_path(out_dir.join("evidence_checks.csv")).unwrap();
    for r in checks.records() {
        let r = r.unwrap();
        let noisy = match (&r[4], r[5].parse::<f64>(), r[6].parse::<f64>()) {
            ("true", Ok(lo), Ok(hi)) => {
                // "> b" or "< b": the interval reaches past the bound when
                // either end fails the rule
                let (above, bound) = match r[3].split_once(' ') {
                    Some((">", b)) => (true, b.parse::<f64>().unwrap()),
                    Some(("<", b)) => (false, b.parse::<f64>().unwrap()),
                    _ => panic!("an interval on a rule other than > or <: {r:?}"),
                };
                if above {
                    lo <= bound || hi <= bound
                } else {
                    lo >= bound || hi >= bound
                }
            }
            _ => false,
        };
        *within.entry(r[0].to_string()).or_default() |= noisy;
    }
    let mut facts = csv::Reader::from_path(out_dir.join("evidence.csv")).unwrap();
    for r in facts.records() {
        let r = r.unwrap();
        let expect = &r[2] == "true" && within[&r[0]];
        assert_eq!(&r[10] == "true", expect, "{r:?}");
    }
    assert!(
        e.contains("F9,largest gain per rupiah through the horizon,"),
        "{e}"
    );
    // `--draw 3` checks the facts at that draw alone: the same criteria and
    // values as the robustness run gave it, its drawn values in settings.csv
    let one = tmp.path().join("draw3");
    let mut c = small_evidence();
    c.args(["--robustness", "4", "--unscreened", "--draw", "3"]);
    let stdout = succeeds_into(c, &one);
    assert!(
        stdout.contains("at draw 3 of --robustness 4 --draw-seed 2026 --unscreened"),
        "{stdout}"
    );
    assert!(!stdout.contains("Robustness:"), "{stdout}");
    let rows = |path: &Path, draw: Option<&str>| -> Vec<Vec<String>> {
        let mut r = csv::Reader::from_path(path).unwrap();
        let mut v: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap())
            .filter(|r| draw.is_none_or(|d| &r[0] == d))
            .map(|r| {
                let skip = usize::from(draw.is_some());
                r.iter().skip(skip).map(str::to_string).collect()
            })
            .collect();
        v.sort();
        v
    };
    let from_run = rows(&out_dir.join("robustness_checks.csv"), Some("3"));
    assert!(!from_run.is_empty());
    assert_eq!(rows(&one.join("evidence_checks.csv"), None), from_run);
    // and the same verdicts and texts: robustness_facts.csv's fact, holds,
    // model, within_noise against evidence.csv's
    let drawn = rows(&out_dir.join("robustness_facts.csv"), Some("3"));
    assert_eq!(drawn.len(), 12);
    let checked: Vec<Vec<String>> = rows(&one.join("evidence.csv"), None)
        .into_iter()
        .map(|r| vec![r[0].clone(), r[2].clone(), r[5].clone(), r[10].clone()])
        .collect();
    assert_eq!(checked, drawn);
    let settings = std::fs::read_to_string(one.join("settings.csv")).unwrap();
    assert!(settings.lines().count() > 100, "{settings}");
    assert!(settings.contains("\neconomy.return_low,"), "{settings}");
    // a draw needs the run it came from, and must be one of its candidates
    let mut c = small_evidence();
    c.args(["--draw", "3"]);
    let out = c.output().unwrap();
    exits_with(&out, 2);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("add the --robustness M it came from"),
        "{out:?}"
    );
    let mut c = small_evidence();
    c.args([
        "--robustness",
        "1",
        "--unscreened",
        "--draw-replications",
        "3",
    ]);
    let out = c.output().unwrap();
    exits_with(&out, 0);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(", 3 replications each:"),
        "{out:?}"
    );
    let mut c = small_evidence();
    c.args(["--robustness", "1", "--draw-replications", "1"]);
    let out = c.output().unwrap();
    exits_with(&out, 2);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--draw-replications needs at least 2"),
        "{out:?}"
    );
    let mut c = small_evidence();
    c.args(["--robustness", "4", "--unscreened", "--draw", "5"]);
    let out = c.output().unwrap();
    exits_with(&out, 2);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("has candidates 1 to 4"),
        "{out:?}"
    );
}
