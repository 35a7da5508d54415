//! Inputs that cannot hurt (issue 15) and runs that can be interrupted
//! (issue 14, items 6-8): one test (or more) per numbered defect, each
//! failing on the code before the fix, and fault drills (disk full by an
//! injected writer error, SIGINT and SIGKILL at points of run, sweep and
//! merge, corrupted journals) that end in a byte-identical resume or a
//! clear refusal, with no temporary or half-written file left behind.
//! Tiny worlds keep each test to a few seconds.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn berdaya() -> Command {
    let mut c = Command::cargo_bin("berdaya").expect("binary builds");
    c.timeout(Duration::from_secs(60));
    c
}

fn spawn(args: &[&str], cwd: &Path) -> Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_berdaya"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const SMALL: &str = r#"
name = "small"
months = 12
replications = 2
[population]
villages = 2
households_per_village = 40
burn_in_months = 6
"#;

/// A run slow enough to interrupt (about 10 s), fast to start.
const SLOW_RUN: &str = r#"
name = "slow"
months = 60
replications = 400
[population]
villages = 6
households_per_village = 300
burn_in_months = 12
"#;

/// The tiny two-arm base of the sweep tests (shared with the sweep fuzz target).
const BASE: &str = include_str!("fixtures/tiny_base.toml");

const GRID: &str = r#"
base = "base.toml"
[sweep]
method = "grid"
metrics = ["poverty_rate", "group_share"]
at_months = [6, 12]
[sweep.parameters]
facilitation.caseload_groups = [8, 12, 16]
economy.saving_rate = [0.15, 0.2, 0.25]
"#;

/// A sweep slow enough to interrupt between points.
const SLOW_BASE: &str = r#"
name = "slowbase"
months = 48
replications = 1
[population]
villages = 10
households_per_village = 300
burn_in_months = 24
"#;

const SLOW_SWEEP: &str = r#"
base = "slowbase.toml"
[sweep]
method = "grid"
metrics = ["poverty_rate", "mean_consumption_pc"]
at_months = [24, 48]
[sweep.parameters]
economy.saving_rate = [0.15, 0.2, 0.25, 0.3, 0.35]
economy.capital_threshold = [6e6, 8e6, 10e6, 12e6, 14e6, 16e6, 18e6, 20e6]
"#;

fn tmp() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().to_path_buf();
    (t, p)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
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
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// No temporary (`.NAME.partial`, `.NAME.tmp.EXT`) anywhere under `dir`.
fn assert_no_debris(dir: &Path) {
    for f in tree(dir) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !(name.starts_with('.') && (name.ends_with(".partial") || name.contains(".tmp."))),
            "temporary file left behind: {}",
            dir.join(&f).display()
        );
        assert!(
            !(name.starts_with("timeseries.") && name != "timeseries.csv"),
            "a part of timeseries.csv left behind: {}",
            f.display()
        );
    }
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(
        ta,
        tb,
        "different files in {} and {}",
        a.display(),
        b.display()
    );
    for f in ta {
        let (x, y) = (fs::read(a.join(&f)).unwrap(), fs::read(b.join(&f)).unwrap());
        assert!(x == y, "{} differs", f.display());
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_no_panic(out: &std::process::Output) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && out.status.code() != Some(101),
        "panic: {err}"
    );
}

fn wait_for(what: &str, secs: u64, mut ok: impl FnMut() -> bool) {
    let t0 = Instant::now();
    while !ok() {
        assert!(
            t0.elapsed() < Duration::from_secs(secs),
            "{what} did not happen in {secs} s"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn signal(child: &Child, sig: i32) {
    let rc = unsafe { libc::kill(child.id() as i32, sig) };
    assert_eq!(rc, 0, "kill failed");
}

fn journal_entries(dir: &Path) -> usize {
    fs::read_to_string(dir.join("journal.jsonl"))
        .map(|t| t.lines().count().saturating_sub(1))
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------
// 1. A valid-looking scenario that hung `run`.

#[test]
fn d1_a_facilitator_count_without_bound_is_refused_not_run() {
    let (_t, dir) = tmp();
    let cases: [&[&str]; 3] = [
        &["--set", "facilitation.cost_professional=0"],
        &[
            "--set",
            "facilitation.kind=volunteer",
            "--set",
            "facilitation.cost_volunteer=0",
        ],
        &[
            "--set",
            "program.budget_per_village_year=0",
            "--set",
            "program.budget=1e16",
            "--set",
            "program.components=[\"facilitation\"]",
        ],
    ];
    for extra in cases {
        let out = berdaya()
            .current_dir(&dir)
            .timeout(Duration::from_secs(20))
            .args(["run", "baseline", "--months", "24", "--replications", "2"])
            .args([
                "--set",
                "population.villages=2",
                "--set",
                "population.households_per_village=50",
                "--set",
                "program.budget_per_village_year=1e9",
                "--set",
                "program.components=[\"capital\",\"facilitation\"]",
                "--set",
                "program.approach=group",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("facilitators") && stderr(&out).contains("per covered village"),
            "{}",
            stderr(&out)
        );
        assert!(!dir.join("output").exists(), "a refused run wrote files");
    }
    // `check` says the same (it said ok before)
    let f = write(
        &dir,
        "free.toml",
        "name = \"free\"\n[program]\nbudget = 1e10\ncomponents = [\"facilitation\"]\nshare_facilitation = 1.0\n[facilitation]\ncost_professional = 0.0\n",
    );
    berdaya()
        .args(["check", s(&f)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("facilitation.cost_professional"));
}

// ---------------------------------------------------------------------------
// 2. Names that escaped output/ and the `NAME/..` bypass.

#[test]
fn d2_a_name_is_a_name() {
    let (_t, dir) = tmp();
    for name in ["..", "team/run1", "/tmp/berdaya-escape", ".hidden", "a\\nb"] {
        let f = write(&dir, "n.toml", &format!("name = \"{name}\"\nmonths = 12\n"));
        let out = berdaya().args(["check", s(&f)]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "name {name:?} accepted");
        assert!(stderr(&out).contains("key `name`"), "{}", stderr(&out));
        // and run refuses it before writing anything
        berdaya()
            .current_dir(&dir)
            .args(["run", s(&f), "--force", "--quiet"])
            .assert()
            .code(2);
    }
    assert!(!dir.join("output").exists());
    assert!(!Path::new("/tmp/berdaya-escape").exists());
    // a sweep's name too
    write(&dir, "base.toml", BASE);
    let sw = write(&dir, "sw.toml", &format!("name = \"..\"\n{GRID}"));
    berdaya()
        .args(["check", s(&sw)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("key `name`"));
}

#[test]
fn d2_name_dotdot_never_replaces_a_previous_run() {
    let (_t, dir) = tmp();
    // a previous run's files in the current folder
    let keep = write(&dir, "summary.csv", "precious\n");
    let f = write(&dir, "dots.toml", &SMALL.replace("\"small\"", "\"..\""));
    berdaya()
        .current_dir(&dir)
        .args(["run", s(&f), "--quiet"])
        .assert()
        .code(2);
    assert_eq!(fs::read_to_string(&keep).unwrap(), "precious\n");
    // `--out nosuch/..` is the current folder: refused, not written
    let f = write(&dir, "s.toml", SMALL);
    let out = berdaya()
        .current_dir(&dir)
        .args(["run", s(&f), "--out", "nosuch/..", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(".."), "{}", stderr(&out));
    assert!(!dir.join("nosuch").exists());
    assert!(!dir.join("manifest.json").exists());
    assert_eq!(fs::read_to_string(&keep).unwrap(), "precious\n");
}

// ---------------------------------------------------------------------------
// 3. Injection through the Slurm scripts.

#[test]
fn d3_slurm_scripts_cannot_be_injected() {
    let (_t, dir) = tmp();
    write(&dir, "base.toml", BASE);
    // a sweep file whose name holds a newline
    let inj = write(&dir, "inj\ntouch X\n.toml", GRID);
    let out = berdaya()
        .current_dir(&dir)
        .args(["sweep", s(&inj), "--emit-slurm", "slurm", "--shards", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // with a name given, the file name is still refused for the scripts
    let inj2 = write(
        &dir,
        "inj2\ntouch X\n.toml",
        &format!("name = \"ok\"\n{GRID}"),
    );
    let out = berdaya()
        .current_dir(&dir)
        .args(["sweep", s(&inj2), "--emit-slurm", "slurm2", "--shards", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("control character"),
        "{}",
        stderr(&out)
    );
    // a folder name with a newline
    let sw = write(&dir, "sw.toml", GRID);
    let out = berdaya()
        .current_dir(&dir)
        .args(["sweep", s(&sw), "--emit-slurm", "dir\ntouch Y\n"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.join("dir\ntouch Y\n").exists());
    // a folder with a space: every use is quoted, no #SBATCH line names it
    let spaced = dir.join("with space");
    berdaya()
        .current_dir(&dir)
        .args(["sweep", s(&sw), "--emit-slurm", s(&spaced), "--shards", "2"])
        .args(["--out", s(&dir.join("merged out"))])
        .assert()
        .success();
    for f in ["array.sbatch", "merge.sbatch", "submit.sh"] {
        let text = fs::read_to_string(spaced.join(f)).unwrap();
        for line in text.lines() {
            if line.starts_with("#SBATCH") {
                assert!(!line.contains("with space"), "{f}: {line}");
            } else if line.contains("with space") || line.contains("merged out") {
                assert!(line.contains('\''), "{f}: unquoted path in {line}");
            }
        }
    }
    assert!(!dir.join("X").exists() && !dir.join("Y").exists());
}

// ---------------------------------------------------------------------------
// 4. The memory guard counted neither arms × months nor the reports.

#[test]
fn d4_the_estimate_counts_arms_times_months_and_bounds_replications() {
    let (_t, dir) = tmp();
    let mut text = String::from(
        "name = \"wide\"\nmonths = 1200\nreplications = 1\n[population]\nvillages = 1\nhouseholds_per_village = 10\nnetwork_degree = 4\nburn_in_months = 0\n",
    );
    for a in 0..200 {
        text.push_str(&format!("[[arm]]\nname = \"a{a}\"\n"));
    }
    let f = write(&dir, "wide.toml", &text);
    let out = berdaya()
        .args(["run", s(&f), "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let gib: f64 = stdout
        .lines()
        .find(|l| l.contains("estimated peak memory"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("an estimate");
    // 200 arms × 1200 months × 46 metrics summary rows, about 1 KiB each
    assert!(
        gib > 8.0,
        "estimate {gib} GiB for 11 M summary rows: {stdout}"
    );
    // 100,000 replications of 120 months: 1.2e7 time-series rows, refused
    let out = berdaya()
        .args(["run", "baseline", "--replications", "100000", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("timeseries.csv"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// 5. `check` on big allowed sweep designs.

#[test]
fn d5_big_designs_are_refused_from_their_size_before_they_are_built() {
    let (_t, dir) = tmp();
    write(&dir, "base.toml", BASE);
    let params = "[sweep.parameters]\neconomy.capital_threshold = { min = 6e6, max = 20e6 }\neconomy.saving_rate = { min = 0.1, max = 0.3 }\ngroups.join_rate = { min = 0.4, max = 0.8 }\n";
    for (method, samples) in [
        ("morris", 10_000_000u64),
        ("sobol", 65_536),
        ("lhs", 200_000),
    ] {
        let f = write(
            &dir,
            "big.toml",
            &format!(
                "base = \"base.toml\"\n[sweep]\nmethod = \"{method}\"\nsamples = {samples}\nmetrics = [\"poverty_rate\"]\nat_months = [12]\n{params}"
            ),
        );
        let t0 = Instant::now();
        let out = berdaya()
            .timeout(Duration::from_secs(20))
            .args(["check", s(&f)])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{method}: {}", stderr(&out));
        assert!(stderr(&out).contains("sweep.samples"), "{}", stderr(&out));
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "{method} took {:?}",
            t0.elapsed()
        );
    }
}

// ---------------------------------------------------------------------------
// 6. --force followed links planted in the output folder.

#[cfg(unix)]
#[test]
fn d6_force_never_writes_through_a_planted_link() {
    use std::os::unix::fs::symlink;
    let (_t, dir) = tmp();
    let victim = write(&dir, "victim.txt", "untouched\n");
    let elsewhere = dir.join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let out = dir.join("out");
    fs::create_dir(&out).unwrap();
    symlink(&victim, out.join(".scenario.toml.partial")).unwrap();
    symlink(&victim, out.join("summary.csv")).unwrap();
    symlink(&elsewhere, out.join("charts")).unwrap();
    let f = write(&dir, "s.toml", SMALL);
    berdaya()
        .args(["run", s(&f), "--out", s(&out), "--force", "--quiet"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "untouched\n");
    assert_eq!(
        fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "charts went through the link"
    );
    assert!(fs::symlink_metadata(out.join("charts")).unwrap().is_dir());
    assert!(
        !fs::symlink_metadata(out.join("summary.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_no_debris(&out);

    // a sweep's journal and partial results
    write(&dir, "base.toml", BASE);
    let sw = write(&dir, "sw.toml", GRID);
    let sout = dir.join("sout");
    fs::create_dir(&sout).unwrap();
    symlink(&victim, sout.join("journal.jsonl")).unwrap();
    symlink(&victim, sout.join(".results.csv.partial")).unwrap();
    symlink(&elsewhere, sout.join("charts")).unwrap();
    berdaya()
        .args(["sweep", s(&sw), "--out", s(&sout), "--force", "--quiet"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "untouched\n");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert_no_debris(&sout);
    // --resume refuses a journal that is a link instead of reading through it
    let rout = dir.join("rout");
    fs::create_dir(&rout).unwrap();
    symlink(&victim, rout.join("journal.jsonl")).unwrap();
    let r = berdaya()
        .args(["sweep", s(&sw), "--out", s(&rout), "--resume", "--quiet"])
        .output()
        .unwrap();
    assert_no_panic(&r);
    assert!(!r.status.success());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "untouched\n");
}

// ---------------------------------------------------------------------------
// 7. `merge` panicked on an edited manifest.

fn shards(dir: &Path) -> (PathBuf, PathBuf) {
    write(dir, "base.toml", BASE);
    let sw = write(dir, "sw.toml", GRID);
    let (a, b) = (dir.join("s1"), dir.join("s2"));
    for (k, d) in [("1/2", &a), ("2/2", &b)] {
        berdaya()
            .args(["sweep", s(&sw), "--shard", k, "--out", s(d), "--quiet"])
            .assert()
            .success();
    }
    (a, b)
}

#[test]
fn d7_merge_refuses_an_edited_manifest() {
    let (_t, dir) = tmp();
    let (a, b) = shards(&dir);
    let manifest = fs::read_to_string(a.join("manifest.json")).unwrap();
    let edits = [
        ("\"n\": 2", "\"n\": 0"),
        ("\"k\": 1", "\"k\": 0"),
        ("\"k\": 1", "\"k\": 7"),
        ("\"points\": 9", "\"points\": 1e12"),
        ("\"points\": 9", "\"points\": 1000000000000"),
    ];
    for (from, to) in edits {
        assert!(manifest.contains(from), "fixture lacks {from}: {manifest}");
        fs::write(a.join("manifest.json"), manifest.replacen(from, to, 1)).unwrap();
        let out = berdaya()
            .timeout(Duration::from_secs(20))
            .args(["merge", s(&a), s(&b), "--out", s(&dir.join("m")), "--quiet"])
            .output()
            .unwrap();
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{to}: {}", stderr(&out));
        assert!(!dir.join("m").join("results.csv").exists());
    }
}

// ---------------------------------------------------------------------------
// 8. Debris after failures: disk full (an injected writer error).

#[test]
fn d8_a_full_disk_leaves_no_temporary_and_no_half_run() {
    let (_t, dir) = tmp();
    let f = write(&dir, "s.toml", SMALL);
    for file in [
        "scenario.toml",
        "timeseries.small",
        "timeseries.csv",
        "summary.csv",
        "manifest.json",
    ] {
        let out_dir = dir.join(format!("out-{file}"));
        let out = berdaya()
            .env("BERDAYA_FAULT_WRITE", file)
            .args(["run", s(&f), "--out", s(&out_dir), "--quiet"])
            .output()
            .unwrap();
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{file}: {}", stderr(&out));
        assert!(stderr(&out).contains("No space left"), "{}", stderr(&out));
        assert_no_debris(&out_dir);
        assert!(
            tree(&out_dir).is_empty(),
            "a failed run left {:?} in {}",
            tree(&out_dir),
            out_dir.display()
        );
        // and the next run into the same folder works without --force
        berdaya()
            .args(["run", s(&f), "--out", s(&out_dir), "--quiet"])
            .assert()
            .success();
    }
    // a sweep whose report cannot be written resumes to the same bytes
    write(&dir, "base.toml", BASE);
    let sw = write(&dir, "sw.toml", GRID);
    let whole = dir.join("whole");
    berdaya()
        .args(["sweep", s(&sw), "--out", s(&whole), "--quiet"])
        .assert()
        .success();
    let full = dir.join("full");
    let out = berdaya()
        .env("BERDAYA_FAULT_WRITE", "response")
        .args(["sweep", s(&sw), "--out", s(&full), "--quiet"])
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_no_debris(&full);
    berdaya()
        .args(["sweep", s(&sw), "--out", s(&full), "--resume", "--quiet"])
        .assert()
        .success();
    assert_same_tree(&whole, &full);
}

// ---------------------------------------------------------------------------
// 9. Journal checks.

fn killed_sweep(dir: &Path) -> (PathBuf, PathBuf) {
    write(dir, "slowbase.toml", SLOW_BASE);
    let sw = write(dir, "slow.toml", SLOW_SWEEP);
    let out = dir.join("killed");
    let mut child = spawn(
        &[
            "sweep",
            s(&sw),
            "--out",
            s(&out),
            "--threads",
            "1",
            "--quiet",
        ],
        dir,
    );
    wait_for("three journaled points", 60, || journal_entries(&out) >= 3);
    child.kill().unwrap();
    child.wait().unwrap();
    (sw, out)
}

#[test]
fn d9_a_damaged_journal_is_refused_not_resumed() {
    let (_t, dir) = tmp();
    let (sw, out) = killed_sweep(&dir);
    let journal = fs::read_to_string(out.join("journal.jsonl")).unwrap();
    let lines: Vec<&str> = journal.lines().collect();
    let resume = |label: &str| {
        let r = berdaya()
            .args([
                "sweep",
                s(&sw),
                "--out",
                s(&out),
                "--resume",
                "--threads",
                "1",
                "--quiet",
            ])
            .output()
            .unwrap();
        assert_no_panic(&r);
        assert_eq!(r.status.code(), Some(2), "{label}: {}", stderr(&r));
        assert!(
            !out.join("results.csv").exists(),
            "{label}: a corrupt results.csv"
        );
    };
    // a lowered `bytes` in the last entry
    let last = lines[lines.len() - 1];
    let bytes: u64 = last
        .split("\"bytes\":")
        .nth(1)
        .and_then(|r| r.split([',', '}']).next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    *edited.last_mut().unwrap() = last.replace(&format!(":{bytes}"), &format!(":{}", bytes - 7));
    fs::write(out.join("journal.jsonl"), edited.join("\n") + "\n").unwrap();
    resume("lowered bytes");
    // a garbage line in the middle
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    edited.insert(2, "garbage".into());
    fs::write(out.join("journal.jsonl"), edited.join("\n") + "\n").unwrap();
    resume("garbage line");
    // a byte flipped in journaled results
    fs::write(out.join("journal.jsonl"), &journal).unwrap();
    let partial = out.join(".results.csv.partial");
    let mut data = fs::read(&partial).unwrap();
    let header_len = data.iter().position(|&b| b == b'\n').unwrap() + 1;
    let at = data[header_len..]
        .iter()
        .position(|b| b.is_ascii_digit() && *b != b'9')
        .unwrap()
        + header_len
        + 20;
    let at = (at..data.len())
        .find(|&i| data[i].is_ascii_digit() && data[i] != b'9')
        .unwrap();
    data[at] += 1;
    fs::write(&partial, &data).unwrap();
    resume("flipped byte");
}

// ---------------------------------------------------------------------------
// 10. Write errors on stdout.

#[cfg(target_os = "linux")]
#[test]
fn d10_a_full_stdout_is_an_error_not_a_panic() {
    for args in [
        &["scenarios", "show", "strategies"][..],
        &["scenarios"][..],
        &["explain", "program.budget"][..],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_berdaya"))
            .args(args)
            .stdout(fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("standard output"), "{}", stderr(&out));
    }
}

// ---------------------------------------------------------------------------
// 11. Slow inputs.

#[test]
fn d11_a_huge_key_and_a_huge_thread_count_are_quick_refusals() {
    let (_t, dir) = tmp();
    write(&dir, "base.toml", BASE);
    let key = "k".repeat(300_000);
    let f = write(
        &dir,
        "long.toml",
        &format!(
            "base = \"base.toml\"\n[sweep]\nmethod = \"grid\"\nmetrics = [\"poverty_rate\"]\nat_months = [12]\n[sweep.parameters]\n{key} = [1, 2]\n"
        ),
    );
    let t0 = Instant::now();
    berdaya()
        .timeout(Duration::from_secs(20))
        .args(["check", s(&f)])
        .assert()
        .code(2);
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t0.elapsed()
    );
    let sc = write(
        &dir,
        "long2.toml",
        &format!("name = \"x\"\n[program]\n{key} = 1\n"),
    );
    let t0 = Instant::now();
    berdaya()
        .timeout(Duration::from_secs(20))
        .args(["check", s(&sc)])
        .assert()
        .code(2);
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t0.elapsed()
    );
    let small = write(&dir, "s.toml", SMALL);
    for cmd in [
        &["run", s(&small)][..],
        &["sweep", "x.toml"][..],
        &["merge", "a"][..],
    ] {
        berdaya()
            .args(cmd)
            .args(["--threads", "20000", "--out", s(&dir.join("t"))])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--threads"));
    }
    assert!(!dir.join("t").exists());
}

// ---------------------------------------------------------------------------
// Issue 14, item 6: Ctrl-C during run and sweep.

#[cfg(unix)]
#[test]
fn i14_6_ctrl_c_during_a_run_removes_it_and_the_next_run_works() {
    let (_t, dir) = tmp();
    let f = write(&dir, "slow.toml", SLOW_RUN);
    let out = dir.join("out");
    let child = spawn(&["run", s(&f), "--out", s(&out), "--quiet"], &dir);
    // once the run has written its first file and opened its parts
    wait_for("the run to start writing", 30, || {
        out.join("scenario.toml").exists() && tree(&out).len() >= 2
    });
    signal(&child, libc::SIGINT);
    let res = child.wait_with_output().unwrap();
    assert_eq!(res.status.code(), Some(130), "{}", stderr(&res));
    assert!(stderr(&res).contains("interrupted"), "{}", stderr(&res));
    assert!(!out.exists(), "left behind: {:?}", tree(&out));
    // the same folder, again, without --force
    let small = write(&dir, "s.toml", SMALL);
    berdaya()
        .args(["run", s(&small), "--out", s(&out), "--quiet"])
        .assert()
        .success();
    assert_no_debris(&out);
    // into an existing empty folder: the folder stays, empty
    let kept = dir.join("kept");
    fs::create_dir(&kept).unwrap();
    let child = spawn(&["run", s(&f), "--out", s(&kept), "--quiet"], &dir);
    wait_for("the run to start writing", 30, || {
        kept.join("scenario.toml").exists()
    });
    signal(&child, libc::SIGTERM);
    let res = child.wait_with_output().unwrap();
    assert_eq!(res.status.code(), Some(143), "{}", stderr(&res));
    assert!(kept.is_dir() && tree(&kept).is_empty(), "{:?}", tree(&kept));
}

#[cfg(unix)]
#[test]
fn i14_6_ctrl_c_during_a_sweep_keeps_its_points_and_says_resume() {
    let (_t, dir) = tmp();
    write(&dir, "slowbase.toml", SLOW_BASE);
    let sw = write(&dir, "slow.toml", SLOW_SWEEP);
    let whole = dir.join("whole");
    berdaya()
        .timeout(Duration::from_secs(120))
        .args([
            "sweep",
            s(&sw),
            "--out",
            s(&whole),
            "--threads",
            "2",
            "--quiet",
        ])
        .assert()
        .success();
    let out = dir.join("int");
    let child = spawn(
        &[
            "sweep",
            s(&sw),
            "--out",
            s(&out),
            "--threads",
            "1",
            "--quiet",
        ],
        &dir,
    );
    wait_for("two journaled points", 60, || journal_entries(&out) >= 2);
    signal(&child, libc::SIGINT);
    let res = child.wait_with_output().unwrap();
    assert_eq!(res.status.code(), Some(130), "{}", stderr(&res));
    assert!(stderr(&res).contains("--resume"), "{}", stderr(&res));
    assert!(!out.join("results.csv").exists());
    // a plain rerun is refused, and the message says how to continue
    berdaya()
        .args(["sweep", s(&sw), "--out", s(&out)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resume"));
    // temporaries a killed run could leave (a chart being drawn, a report)
    // do not survive the resume
    fs::create_dir_all(out.join("charts")).unwrap();
    write(&out.join("charts"), ".poverty_rate.svg.partial", "<svg");
    write(&out, ".manifest.json.partial", "{");
    write(&out, ".response.csv.partial", "x");
    berdaya()
        .timeout(Duration::from_secs(120))
        .args([
            "sweep",
            s(&sw),
            "--out",
            s(&out),
            "--resume",
            "--threads",
            "2",
            "--quiet",
        ])
        .assert()
        .success();
    assert_same_tree(&whole, &out);
}

#[cfg(unix)]
#[test]
fn sigkill_during_run_and_merge_then_a_clean_redo() {
    let (_t, dir) = tmp();
    // run: SIGKILL leaves an unfinished folder, which is named as such and
    // replaced with --force, leaving nothing of it
    let f = write(&dir, "slow.toml", SLOW_RUN);
    let out = dir.join("out");
    let mut child = spawn(&["run", s(&f), "--out", s(&out), "--quiet"], &dir);
    wait_for("the run to start writing", 30, || {
        out.join("scenario.toml").exists()
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let small = write(&dir, "s.toml", SMALL);
    berdaya()
        .args(["run", s(&small), "--out", s(&out)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unfinished run"));
    berdaya()
        .args(["run", s(&small), "--out", s(&out), "--force", "--quiet"])
        .assert()
        .success();
    assert_no_debris(&out);
    // merge: SIGINT removes the unfinished merge; a rerun gives the
    // unsharded bytes
    let (a, b) = shards(&dir);
    let sw = dir.join("sw.toml");
    let whole = dir.join("whole");
    berdaya()
        .args(["sweep", s(&sw), "--out", s(&whole), "--quiet"])
        .assert()
        .success();
    let m = dir.join("m");
    let child = spawn(
        &[
            "merge",
            s(&a),
            s(&b),
            "--out",
            s(&m),
            "--threads",
            "1",
            "--quiet",
        ],
        &dir,
    );
    std::thread::sleep(Duration::from_millis(30));
    signal(&child, libc::SIGINT);
    let res = child.wait_with_output().unwrap();
    assert!(
        matches!(res.status.code(), Some(130) | Some(0)),
        "{:?} {}",
        res.status,
        stderr(&res)
    );
    if res.status.code() == Some(130) {
        assert!(!m.exists() || tree(&m).is_empty(), "{:?}", tree(&m));
    }
    berdaya()
        .args(["merge", s(&a), s(&b), "--out", s(&m), "--force", "--quiet"])
        .assert()
        .success();
    assert_same_tree(&whole, &m);
}

// ---------------------------------------------------------------------------
// Issue 14, items 7 and 8: the main job twice; a folder named `strategies`.

#[test]
fn i14_7_the_main_job_runs_twice_without_touching_the_first() {
    let (_t, dir) = tmp();
    let args = [
        "run",
        "--months",
        "12",
        "--replications",
        "2",
        "--set",
        "population.villages=2",
        "--set",
        "population.households_per_village=40",
        "--set",
        "population.burn_in_months=6",
        "--quiet",
    ];
    berdaya().current_dir(&dir).args(args).assert().success();
    let first = dir.join("output/strategies");
    let before = fs::read(first.join("manifest.json")).unwrap();
    let out = berdaya().current_dir(&dir).args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("output/strategies-2"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(first.join("manifest.json")).unwrap(), before);
    assert!(dir.join("output/strategies-2/manifest.json").is_file());
    // a folder the tool did not write is never replaced either
    let mine = dir.join("output/baseline");
    fs::create_dir_all(&mine).unwrap();
    write(&mine, "notes.txt", "mine\n");
    berdaya()
        .current_dir(&dir)
        .args(["run", "baseline", "--months", "12", "--replications", "1"])
        .args([
            "--set",
            "population.villages=2",
            "--set",
            "population.households_per_village=40",
        ])
        .arg("--quiet")
        .assert()
        .success();
    assert_eq!(tree(&mine), vec![PathBuf::from("notes.txt")]);
    assert!(dir.join("output/baseline-2/manifest.json").is_file());
}

#[test]
fn i14_8_a_folder_named_strategies_does_not_hide_the_builtin() {
    let (_t, dir) = tmp();
    fs::create_dir(dir.join("strategies")).unwrap();
    berdaya()
        .current_dir(&dir)
        .args(["run", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("strategies"));
    berdaya()
        .current_dir(&dir)
        .args(["run", "strategies", "--dry-run"])
        .assert()
        .success();
    // a path means the file (here a folder: a clear refusal)
    berdaya()
        .current_dir(&dir)
        .args(["run", "./strategies", "--dry-run"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("folder"));
}

// ---------------------------------------------------------------------------
// Fuzzing on the stable toolchain: mutants of the shipped scenario and sweep
// files through the loaders, in process. No input may panic or take long.
// `fuzz/` holds the cargo-fuzz (libFuzzer) targets of the same loaders.
// BERDAYA_FUZZ_SECONDS sets the time budget of each smoke (default 4 s).

mod fuzz {
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{Rng, SeedableRng};
    use std::time::{Duration, Instant};

    /// Tokens a mutant may gain: TOML syntax, edge numbers, keys, names.
    const DICT: &[&str] = &[
        "=",
        "[",
        "]",
        "[[arm]]",
        "\"",
        "'",
        ",",
        "{",
        "}",
        "\n",
        ".",
        "..",
        "/",
        "#",
        "0",
        "-1",
        "1e308",
        "-1e308",
        "nan",
        "inf",
        "-inf",
        "1e16",
        "0.0",
        "4294967296",
        "true",
        "\"\"",
        "name = \"..\"",
        "name = \"/tmp/x\"",
        "program.budget = 1e16",
        "facilitation.cost_professional = 0",
        "months = 1200",
        "replications = 100000",
        "population.villages = 1",
        "[program]",
        "[population]",
        "[facilitation]",
        "[sweep]",
        "[sweep.parameters]",
        "method = \"morris\"",
        "method = \"sobol\"",
        "samples = 1000000000",
        "samples = 2",
        "= { min = 0, max = 1e16 }",
        "= [0, 1e16]",
        "base = \"base.toml\"",
        "base = \"/dev/zero\"",
        "base = \"..\"",
        "at_months = [0]",
        "at_months = [1200]",
        "metrics = [\"poverty_rate\"]",
        "\u{0}",
        "\u{feff}",
        "é",
    ];

    pub struct Mutator {
        rng: Xoshiro256PlusPlus,
    }

    impl Mutator {
        pub fn new(seed: u64) -> Self {
            Mutator {
                rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            }
        }
        pub fn below(&mut self, n: usize) -> usize {
            ((self.rng.next_u64() as u128 * n.max(1) as u128) >> 64) as usize
        }
        /// One to four edits of `text`: byte flips, cuts, copies, tokens.
        pub fn mutate(&mut self, text: &str) -> Vec<u8> {
            let mut b = text.as_bytes().to_vec();
            for _ in 0..1 + self.below(4) {
                let at = self.below(b.len() + 1);
                match self.below(5) {
                    0 if !b.is_empty() => {
                        let i = at.min(b.len() - 1);
                        b[i] ^= 1 << self.below(8);
                    }
                    1 => {
                        let end = (at + self.below(64)).min(b.len());
                        b.drain(at..end);
                    }
                    2 => {
                        let end = (at + self.below(256)).min(b.len());
                        let piece = b[at..end].to_vec();
                        let to = self.below(b.len() + 1);
                        b.splice(to..to, piece);
                    }
                    _ => {
                        let t = DICT[self.below(DICT.len())];
                        b.splice(at..at, t.bytes());
                    }
                }
            }
            b
        }
    }

    pub fn budget() -> Duration {
        let secs = std::env::var("BERDAYA_FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(4.0);
        Duration::from_secs_f64(secs)
    }

    /// Runs `case` on mutants of `seeds` for the time budget; returns the
    /// number of cases. A panic fails with the input that caused it; so does
    /// a case slower than `slow`.
    pub fn smoke(seeds: &[&str], seed: u64, slow: Duration, mut case: impl FnMut(&[u8])) -> u64 {
        let mut m = Mutator::new(seed);
        let t0 = Instant::now();
        let mut n = 0u64;
        while t0.elapsed() < budget() {
            let pick = m.below(seeds.len());
            let input = m.mutate(seeds[pick]);
            let c0 = Instant::now();
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| case(&input)));
            assert!(
                r.is_ok(),
                "the loader panicked on:\n{}",
                String::from_utf8_lossy(&input)
            );
            assert!(
                c0.elapsed() < slow,
                "the loader took {:?} on:\n{}",
                c0.elapsed(),
                String::from_utf8_lossy(&input)
            );
            n += 1;
        }
        n
    }
}

#[test]
fn fuzz_smoke_scenario_loader() {
    use berdaya::scenario::experiment::{Overrides, resolve};
    use berdaya::scenario::load::parse_document;
    let seeds: Vec<&str> = berdaya::builtin::BUILTIN.iter().map(|(_, t)| *t).collect();
    let mut accepted = 0u64;
    let n = fuzz::smoke(&seeds, 15, Duration::from_secs(2), |input| {
        let Ok(text) = std::str::from_utf8(input) else {
            return;
        };
        let (doc, issues) = parse_document("fuzz.toml", text);
        if issues.is_empty()
            && let Ok(exp) = resolve(&doc, "fuzz.toml", &Overrides::default())
        {
            accepted += 1;
            let _ = berdaya::experiment::footprint(&exp, 1);
        }
    });
    eprintln!("fuzz smoke, scenario loader: {n} cases, {accepted} accepted, no finding");
    assert!(n > 100, "only {n} cases");
}

#[test]
fn fuzz_smoke_sweep_loader() {
    let (_t, dir) = tmp();
    write(&dir, "base.toml", BASE);
    let shipped: Vec<String> =
        fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/sweeps"))
            .unwrap()
            .filter_map(|e| fs::read_to_string(e.unwrap().path()).ok())
            .map(|t| {
                // the shipped sweeps' bases, pointed at the tiny one
                t.lines()
                    .map(|l| {
                        if l.trim_start().starts_with("base") {
                            "base = \"base.toml\"".to_string()
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
    let mut seeds: Vec<&str> = shipped.iter().map(String::as_str).collect();
    seeds.push(GRID);
    let path = dir.join("fuzz.toml");
    let mut accepted = 0u64;
    let n = fuzz::smoke(&seeds, 16, Duration::from_secs(5), |input| {
        fs::write(&path, input).unwrap();
        if berdaya::sweep::file::load(&path).is_ok() {
            accepted += 1;
        }
    });
    eprintln!("fuzz smoke, sweep loader: {n} cases, {accepted} accepted, no finding");
    assert!(n > 20, "only {n} cases");
}

// ---------------------------------------------------------------------------
// The property: every accepted scenario runs a tiny world to completion
// within a time bound (a derived count without bound hung `run`).

mod property {
    use berdaya::scenario::{Kind, registry};
    use proptest::prelude::*;

    /// A value for a key: anywhere in its hard limits (log-uniform over wide
    /// ranges, and the limits themselves), or a choice.
    pub fn value(kind: &Kind, min: f64, max: f64, u: f64, pick: usize) -> Option<String> {
        Some(match kind {
            Kind::Bool => pick.is_multiple_of(2).to_string(),
            Kind::Choice(c) => format!("\"{}\"", c[pick % c.len()]),
            Kind::ChoiceList(c) => {
                let chosen: Vec<String> = c
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (pick >> i) & 1 == 1)
                    .map(|(_, v)| format!("\"{v}\""))
                    .collect();
                format!("[{}]", chosen.join(","))
            }
            Kind::Text => return None,
            Kind::Float | Kind::Integer => {
                let x = match pick % 8 {
                    0 => min,
                    1 => max,
                    _ if min >= 0.0 && max / min.max(1e-9) > 1e3 => {
                        let lo = min.max(1e-6).ln();
                        (lo + u * (max.ln() - lo)).exp()
                    }
                    _ => min + u * (max - min),
                };
                if matches!(kind, Kind::Integer) {
                    format!("{}", x.round() as i64)
                } else {
                    format!("{x:e}")
                }
            }
        })
    }

    /// `KEY=VALUE` settings for one to four keys (most such scenarios are
    /// accepted; many keys at once mostly break a cross-field rule), the
    /// world kept tiny.
    pub fn settings() -> impl Strategy<Value = Vec<String>> {
        let keys: Vec<&'static berdaya::scenario::ParamInfo> = registry()
            .iter()
            .filter(|p| {
                p.section != "population" && !p.key.contains("months") && p.key != "replications"
            })
            .collect();
        let n = keys.len();
        proptest::collection::vec((0..n, 0.0f64..1.0, any::<usize>()), 1..5).prop_map(
            move |draws| {
                draws
                    .into_iter()
                    .filter_map(|(k, u, pick)| {
                        let p = keys[k];
                        value(&p.kind, p.spec.min, p.spec.max, u, pick)
                            .map(|v| format!("{}={v}", p.key))
                    })
                    .collect()
            },
        )
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: std::env::var("BERDAYA_PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        .. proptest::prelude::ProptestConfig::default()
    })]
    #[test]
    fn every_accepted_scenario_runs_a_tiny_world_in_bounded_time(sets in property::settings()) {
        use berdaya::scenario::experiment::{Overrides, resolve};
        use berdaya::scenario::load::{parse_document, parse_set};
        // a tiny world with a program of every component, through groups
        let tiny = "name = \"prop\"\nmonths = 18\nreplications = 1\n[population]\nvillages = 2\nhouseholds_per_village = 30\nburn_in_months = 3\n[program]\nbudget = 3e8\nduration_months = 12\napproach = \"group\"\ncomponents = [\"capital\", \"infrastructure\", \"institutions\", \"partnership\", \"facilitation\"]\n";
        let (doc, issues) = parse_document("prop.toml", tiny);
        proptest::prop_assert!(issues.is_empty());
        let mut ov = Overrides::default();
        for s in &sets {
            if let Ok(kv) = parse_set(s) {
                ov.sets.push(kv);
            }
        }
        let Ok(exp) = resolve(&doc, "prop.toml", &ov) else {
            return Ok(()); // refused with a message: fine
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let opts = berdaya::experiment::RunOptions { threads: 1, progress: &berdaya::progress::Silent, panel: None };
            let r = berdaya::experiment::run_experiment(&exp, &opts, |_| Ok(()));
            let _ = tx.send(r.is_ok());
        });
        let t0 = Instant::now();
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(ok) => {
                // counted by `-- --nocapture`: how many cases were accepted and ran
                eprintln!("property: accepted scenario ran in {:?}", t0.elapsed());
                proptest::prop_assert!(ok, "the run failed: {sets:?}")
            }
            Err(_) => proptest::prop_assert!(false, "an accepted scenario ran over 20 s: {sets:?}"),
        }
    }
}
