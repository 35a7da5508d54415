//! Runs and calibrations on a cluster (issue 11, point 4): a run sharded
//! with `--shard K/N` (with and without parameter draws) and a calibration
//! sharded generation by generation, merged with `berdaya merge`, give the
//! unsharded folders byte for byte; and `berdaya merge` refuses shards that
//! do not belong together, with exit code 2.
//!
//! The one documented exception (docs/SWEEPS.md): a run folder's
//! `manifest.json` records the timing of the process that made it,
//! `wall_seconds` and `household_months_per_second`, which differ between
//! any two runs; those two lines are left out of its comparison, and every
//! other byte of it is compared (the command line included: the merged
//! manifest records the unsharded equivalent, which is why the unsharded
//! run and the merge below write to the same relative `--out` from two
//! folders). A calibration folder has no exception.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn berdaya() -> Command {
    Command::cargo_bin("berdaya").expect("binary builds")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, d: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The manifest's text without its two timing lines.
fn untimed(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let l = l.trim_start();
            !l.starts_with("\"wall_seconds\"") && !l.starts_with("\"household_months_per_second\"")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The two folders hold the same files, byte for byte (a run manifest's
/// timing lines aside). Returns how many files were compared.
fn same_folders(a: &Path, b: &Path) -> usize {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(
        fa,
        fb,
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for f in &fa {
        let (x, y) = (fs::read(a.join(f)).unwrap(), fs::read(b.join(f)).unwrap());
        if f == Path::new("manifest.json") && x != y {
            let (x, y) = (String::from_utf8(x).unwrap(), String::from_utf8(y).unwrap());
            assert!(
                x.contains("\"wall_seconds\""),
                "only a run manifest has an exception"
            );
            assert_eq!(
                untimed(&x),
                untimed(&y),
                "manifest.json differs beyond its timing"
            );
        } else {
            assert!(
                x == y,
                "{} differs between {} and {}",
                f.display(),
                a.display(),
                b.display()
            );
        }
    }
    fa.len()
}

/// A tiny `strategies` run: 3 replications of 2 villages × 50 households.
const RUN: &[&str] = &[
    "--replications",
    "3",
    "--months",
    "14",
    "--set",
    "population.villages=2",
    "--set",
    "population.households_per_village=50",
    "--set",
    "population.burn_in_months=6",
    "--set",
    "program.duration_months=10",
    "--set",
    "uncertainty.replications=1",
    "--threads",
    "1",
    "--quiet",
];

/// Runs `strategies` unsharded into `tmp/a/out`, as `n` shards into
/// `tmp/shards/sK`, merges them into `tmp/b/out`, and compares.
fn sharded_run_is_the_unsharded_run(draws: &str, n: u32) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, sh) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("shards"),
    );
    for d in [&a, &b, &sh] {
        fs::create_dir(d).unwrap();
    }
    berdaya()
        .current_dir(&a)
        .args(["run", "strategies", "--out", "out", "--draws", draws])
        .args(RUN)
        .assert()
        .success();
    let mut dirs = Vec::new();
    for k in 1..=n {
        let d = sh.join(format!("s{k}"));
        berdaya()
            .current_dir(&b)
            .args(["run", "strategies", "--shard", &format!("{k}/{n}")])
            .args(["--out", s(&d), "--draws", draws])
            .args(RUN)
            .assert()
            .success();
        assert!(
            !d.join("timeseries.csv").exists(),
            "a shard holds raw results, not the summaries"
        );
        dirs.push(d);
    }
    berdaya()
        .current_dir(&b)
        .arg("merge")
        .args(&dirs)
        .args(["--out", "out", "--threads", "2", "--quiet"])
        .assert()
        .success();
    same_folders(&a.join("out"), &b.join("out"))
}

#[test]
fn a_sharded_run_with_draws_merges_to_the_unsharded_folder() {
    let n = sharded_run_is_the_unsharded_run("4", 3);
    assert!(n >= 20, "only {n} files compared");
}

#[test]
fn a_sharded_run_without_draws_merges_to_the_unsharded_folder() {
    let n = sharded_run_is_the_unsharded_run("0", 2);
    assert!(n >= 15, "only {n} files compared");
}

const CALIBRATION: &str = r#"base = "baseline"
month = 1
[targets]
poverty_rate = { value = 0.12, se = 0.02 }
gini = { value = 0.30, se = 0.02 }
[parameters]
"population.asset_median" = {}
"economy.wage_daily" = { prior = "pert" }
[abc]
particles = 30
generations = 2
"#;

const CAL_SETS: &[&str] = &[
    "--set",
    "population.villages=2",
    "--set",
    "population.households_per_village=50",
    "--set",
    "population.burn_in_months=12",
    "--quiet",
];

/// Generation by generation: 3 shards each, merged into a state, the last
/// merge into the calibration folder.
#[test]
fn a_sharded_calibration_merges_to_the_unsharded_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let file = dir.join("cal.toml");
    fs::write(&file, CALIBRATION).unwrap();
    berdaya()
        .args([
            "calibrate",
            s(&file),
            "--out",
            s(&dir.join("single")),
            "--threads",
            "2",
        ])
        .args(CAL_SETS)
        .assert()
        .success();
    for g in 0..=2 {
        let mut shards = Vec::new();
        for k in 1..=3 {
            let d = dir.join(format!("g{g}-s{k}"));
            let mut cmd = berdaya();
            cmd.args(["calibrate", s(&file), "--shard", &format!("{k}/3")])
                .args([
                    "--generation",
                    &g.to_string(),
                    "--out",
                    s(&d),
                    "--threads",
                    "1",
                ]);
            if g > 0 {
                cmd.args(["--previous", s(&dir.join(format!("state-{}", g - 1)))]);
            }
            cmd.args(CAL_SETS).assert().success();
            shards.push(d);
        }
        let out = if g == 2 {
            dir.join("merged")
        } else {
            dir.join(format!("state-{g}"))
        };
        berdaya()
            .arg("merge")
            .args(&shards)
            .args(["--out", s(&out), "--quiet"])
            .assert()
            .success();
    }
    let state = fs::read_to_string(dir.join("state-1/manifest.json")).unwrap();
    assert!(state.contains("\"kind\": \"calibration-state\""), "{state}");
    let n = same_folders(&dir.join("single"), &dir.join("merged"));
    assert!(n >= 10, "only {n} files compared");
    let gens = fs::read_to_string(dir.join("merged/generations.csv")).unwrap();
    assert_eq!(gens.lines().count(), 4, "three generations:\n{gens}");
}

/// A finished calibration is carried forward: the shards of a generation
/// after the end have nothing to do, their merge copies the calibration.
#[test]
fn generations_after_the_end_copy_the_finished_calibration() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let file = dir.join("cal.toml");
    // with at most 60 attempts a generation cannot fill: it stops after the prior
    fs::write(
        &file,
        CALIBRATION.replace("generations = 2", "generations = 2\nmin_acceptance = 0.5"),
    )
    .unwrap();
    berdaya()
        .args(["calibrate", s(&file), "--out", s(&dir.join("single"))])
        .args(CAL_SETS)
        .assert()
        .success();
    for g in 0..=2 {
        let shards: Vec<PathBuf> = (1..=2).map(|k| dir.join(format!("g{g}-s{k}"))).collect();
        for (k, d) in shards.iter().enumerate() {
            let mut cmd = berdaya();
            cmd.args(["calibrate", s(&file), "--shard", &format!("{}/2", k + 1)])
                .args(["--generation", &g.to_string(), "--out", s(d)]);
            if g > 0 {
                cmd.args(["--previous", s(&dir.join(format!("m{}", g - 1)))]);
            }
            cmd.args(CAL_SETS).assert().success();
        }
        berdaya()
            .arg("merge")
            .args(&shards)
            .args(["--out", s(&dir.join(format!("m{g}"))), "--quiet"])
            .assert()
            .success();
    }
    assert!(
        !dir.join("g2-s1/attempts.csv").exists(),
        "a shard after the end runs nothing"
    );
    same_folders(&dir.join("single"), &dir.join("m1"));
    same_folders(&dir.join("single"), &dir.join("m2"));
}

fn refused(cmd: &mut Command, want: &str) {
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(want), "expected {want:?} in:\n{err}");
}

#[test]
fn merge_refuses_missing_duplicate_mixed_and_foreign_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let shard = |k: u32, n: u32, seed: &str, name: &str| {
        let d = dir.join(name);
        berdaya()
            .args([
                "run",
                "strategies",
                "--shard",
                &format!("{k}/{n}"),
                "--out",
                s(&d),
            ])
            .args(["--draws", "0", "--seed", seed])
            .args(RUN)
            .assert()
            .success();
        d
    };
    let (a1, a2) = (shard(1, 2, "1", "a1"), shard(2, 2, "1", "a2"));
    let other = shard(2, 2, "9", "other");
    let out = dir.join("out");
    let merge = |dirs: &[&PathBuf]| {
        let mut c = berdaya();
        c.arg("merge").args(dirs).args(["--out", s(&out)]);
        c
    };
    refused(&mut merge(&[&a1]), "shard 2 of 2 is missing");
    refused(&mut merge(&[&a1, &a1, &a2]), "is given twice");
    refused(&mut merge(&[&a1, &other]), "other flags");
    // a shard folder changed after it finished
    let edited = dir.join("edited");
    fs::create_dir(&edited).unwrap();
    for f in ["manifest.json", "replications.csv", "scenario.toml"] {
        fs::copy(a2.join(f), edited.join(f)).unwrap();
    }
    let rows = fs::read_to_string(edited.join("replications.csv")).unwrap();
    fs::write(
        edited.join("replications.csv"),
        rows.replacen(",0.", ",1.", 1),
    )
    .unwrap();
    refused(&mut merge(&[&a1, &edited]), "changed after it finished");
    // another version
    let old = dir.join("old");
    fs::create_dir(&old).unwrap();
    for f in ["replications.csv", "scenario.toml"] {
        fs::copy(a2.join(f), old.join(f)).unwrap();
    }
    let m = fs::read_to_string(a2.join("manifest.json")).unwrap();
    let v = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    fs::write(
        old.join("manifest.json"),
        m.replace(&v, "\"version\": \"0.0.1\""),
    )
    .unwrap();
    refused(&mut merge(&[&a1, &old]), "berdaya 0.0.1");
    // mixed kinds: a run shard and a calibration shard
    let file = dir.join("cal.toml");
    fs::write(&file, CALIBRATION).unwrap();
    let cal = dir.join("cal1");
    berdaya()
        .args([
            "calibrate",
            s(&file),
            "--shard",
            "1/2",
            "--generation",
            "0",
            "--out",
            s(&cal),
        ])
        .args(CAL_SETS)
        .assert()
        .success();
    refused(&mut merge(&[&a1, &cal]), "not shards of one kind");
    // a finished run folder is not a shard
    let whole = dir.join("whole");
    berdaya()
        .args(["run", "strategies", "--out", s(&whole), "--draws", "0"])
        .args(RUN)
        .assert()
        .success();
    refused(&mut merge(&[&whole]), "finished run folder");
    // calibration shards of different generations or a missing --previous
    refused(
        berdaya()
            .args([
                "calibrate",
                s(&file),
                "--shard",
                "1/2",
                "--generation",
                "1",
                "--out",
                s(&dir.join("x")),
            ])
            .args(CAL_SETS),
        "needs --previous",
    );
    refused(
        berdaya()
            .args([
                "run",
                "strategies",
                "--shard",
                "3/2",
                "--out",
                s(&dir.join("y")),
            ])
            .args(RUN),
        "expected K/N",
    );
    assert!(!out.exists(), "nothing was written by a refused merge");
}

#[test]
fn emit_slurm_writes_a_run_array_and_a_calibration_chain() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let run = dir.join("run-jobs");
    berdaya()
        .args([
            "run",
            "strategies",
            "--draws",
            "4",
            "--emit-slurm",
            s(&run),
            "--shards",
            "3",
        ])
        .args([
            "--cpus-per-task",
            "1",
            "--mem",
            "1G",
            "--time",
            "00:10:00",
            "--out",
            s(&dir.join("merged")),
        ])
        .args(RUN)
        .assert()
        .success();
    let array = fs::read_to_string(run.join("array.sbatch")).unwrap();
    for want in [
        "#SBATCH --array=1-3",
        "--shard \"$K/3\"",
        "--set 'uncertainty.draws=4'",
        "#SBATCH --mem=1G",
    ] {
        assert!(array.contains(want), "{want} missing from\n{array}");
    }
    let merge = fs::read_to_string(run.join("merge.sbatch")).unwrap();
    assert!(
        merge.contains(" merge ") && merge.contains("--kill-on-invalid-dep=yes"),
        "{merge}"
    );
    assert!(!dir.join("merged").exists(), "nothing was run");
    let file = dir.join("cal.toml");
    fs::write(&file, CALIBRATION).unwrap();
    let cal = dir.join("cal-jobs");
    berdaya()
        .args([
            "calibrate",
            s(&file),
            "--emit-slurm",
            s(&cal),
            "--shards",
            "2",
        ])
        .args(["--out", s(&dir.join("cal-out"))])
        .args(CAL_SETS)
        .assert()
        .success();
    let submit = fs::read_to_string(cal.join("submit.sh")).unwrap();
    for g in 0..=2 {
        assert!(cal.join(format!("array-{g}.sbatch")).is_file());
        assert!(cal.join(format!("merge-{g}.sbatch")).is_file());
    }
    assert_eq!(
        submit.matches("--dependency=afterok:\"$merge\"").count(),
        2,
        "{submit}"
    );
    let g1 = fs::read_to_string(cal.join("array-1.sbatch")).unwrap();
    assert!(
        g1.contains("--generation 1 --previous \"$SHARDS/state-0\""),
        "{g1}"
    );
    let last = fs::read_to_string(cal.join("merge-2.sbatch")).unwrap();
    assert!(last.contains("--out \"$OUT\""), "{last}");
    // a task that would need more memory than --mem is named before submitting
    let out = berdaya()
        .args([
            "run",
            "national",
            "--replications",
            "4",
            "--emit-slurm",
            s(&dir.join("nat")),
        ])
        .args(["--shards", "4", "--mem", "1G", "--quiet"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("more than --mem 1G"), "{err}");
    // more shards than particles
    refused(
        berdaya()
            .args([
                "calibrate",
                s(&file),
                "--emit-slurm",
                s(&dir.join("z")),
                "--shards",
                "31",
            ])
            .args(CAL_SETS),
        "--shards 31",
    );
}

/// The scheme itself, on a cheap simulator (y ~ N(theta, 1)): for 1, 2, 3
/// and 7 shards, and with shards that stopped early (so the merge runs the
/// missing attempts itself), the generations are the unsharded sampler's,
/// every bit of every particle, weight, tolerance and attempt count.
#[test]
fn sharded_generations_are_the_unsharded_generations_bit_for_bit() {
    use berdaya::calibrate::shard::{ShardAttempts, finished_after, merge_generation, run_shard};
    use berdaya::calibrate::{Calibration, Target, abc};
    use berdaya::rng::{ModelRng, normal};
    use berdaya::shard::Shard;
    use rand::SeedableRng;
    let c = Calibration {
        name: "toy".into(),
        base_label: "test".into(),
        base_text: String::new(),
        scenario: berdaya::scenario::Scenario::default(),
        month: 1,
        replications: 1,
        targets: vec![Target {
            metric: "poverty_rate".into(),
            index: 0,
            value: 1.0,
            se: 1.0,
        }],
        priors: vec![abc::Prior {
            key: "x".into(),
            low: -5.0,
            high: 5.0,
            mode: None,
        }],
        settings: abc::Settings {
            particles: 40,
            generations: 4,
            seed: 11,
            ..Default::default()
        },
    };
    let sim = |th: &[f64], seed: u64| {
        let mut r = ModelRng::seed_from_u64(seed);
        vec![th[0] + normal(&mut r)]
    };
    let unsharded = abc::run(&c.priors, &c.observed(), &c.settings, &sim, &|_, _| {});
    assert!(unsharded.len() >= 4, "{} generations", unsharded.len());
    for (n, truncate) in [(1, false), (2, false), (3, false), (7, false), (3, true)] {
        let mut gens: Vec<abc::Generation> = Vec::new();
        loop {
            let t = gens.len();
            let shards: Vec<ShardAttempts> = (1..=n)
                .map(|k| {
                    let mut a = run_shard(&c, &gens, t, Shard { k, n }, &sim);
                    if truncate && t > 0 {
                        // a shard that stopped after a few attempts of its class
                        a.covered_below = a.covered_below.min(12 + k as usize);
                        a.accepted.retain(|(i, _)| *i < a.covered_below);
                    }
                    a
                })
                .collect();
            match merge_generation(&c, &gens, t, &shards, &sim) {
                Some(g) => gens.push(g),
                None => break,
            }
            if finished_after(&c, &gens) {
                break;
            }
        }
        assert_eq!(gens, unsharded, "{n} shards (truncated: {truncate})");
    }
}

/// A merge run from elsewhere than the shards, with a relative target that
/// is not there, says what to do.
#[test]
fn a_merge_that_cannot_read_the_target_says_where_to_run_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (here, there) = (dir.join("here"), dir.join("there"));
    fs::create_dir(&here).unwrap();
    fs::create_dir(&there).unwrap();
    let text = berdaya()
        .args(["scenarios", "show", "strategies"])
        .output()
        .unwrap()
        .stdout;
    fs::write(here.join("exp.toml"), text).unwrap();
    let shard = here.join("s1");
    berdaya()
        .current_dir(&here)
        .args([
            "run", "exp.toml", "--shard", "1/1", "--out", "s1", "--draws", "0",
        ])
        .args(RUN)
        .assert()
        .success();
    refused(
        berdaya()
            .current_dir(&there)
            .args(["merge", s(&shard), "--out", "m"]),
        "run the merge from the folder the shards ran in",
    );
    berdaya()
        .current_dir(&here)
        .args(["merge", "s1", "--out", "m", "--quiet"])
        .assert()
        .success();
    assert!(here.join("m/effects.csv").is_file());
}
