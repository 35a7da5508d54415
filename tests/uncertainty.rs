//! Effects with model uncertainty (issue 11, `--draws N`): the run writes
//! the model columns of effects.csv, the pairwise probabilities and the
//! draws, the same bits on 1 or 2 threads, and can draw from a posterior.

use assert_cmd::Command;
use std::path::Path;

fn run(out: &Path, threads: &str, extra: &[&str]) {
    Command::cargo_bin("berdaya")
        .unwrap()
        .args(["run", "strategies", "--quiet", "--force", "--out"])
        .arg(out)
        .args([
            "--threads",
            threads,
            "--replications",
            "2",
            "--months",
            "40",
        ])
        .args([
            "--set",
            "population.villages=3",
            "--set",
            "population.households_per_village=60",
        ])
        .args([
            "--set",
            "population.burn_in_months=12",
            "--set",
            "program.duration_months=24",
        ])
        .args(extra)
        .assert()
        .success();
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn draws_write_model_intervals_and_pairwise_probabilities_deterministically() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run(&a, "1", &["--draws", "6"]);
    run(&b, "2", &["--draws", "6"]);
    for f in [
        "effects.csv",
        "model_comparisons.csv",
        "draws.csv",
        "summary.csv",
    ] {
        assert_eq!(
            read(&a.join(f)),
            read(&b.join(f)),
            "{f} differs between 1 and 2 threads"
        );
    }
    let effects = read(&a.join("effects.csv"));
    let header: Vec<&str> = effects.lines().next().unwrap().split(',').collect();
    let at = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (med, lo, hi, p) = (
        at("model_median"),
        at("model_low"),
        at("model_high"),
        at("p_better"),
    );
    let mut poverty_rows = 0;
    for line in effects.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[1] != "poverty_rate" {
            continue;
        }
        // every moment's row has its interval; the two common moments are
        // counted (facilitators' exit rows exist only for arms with facilitators)
        if f[2] == "program_end" || f[2] == "horizon_end" {
            poverty_rows += 1;
        }
        let x = |i: usize| f[i].parse::<f64>().unwrap();
        assert!(x(lo) <= x(med) && x(med) <= x(hi), "{line}");
        assert!((0.0..=1.0).contains(&x(p)), "{line}");
    }
    assert_eq!(poverty_rows, 8, "4 arms x 2 moments");
    let cmp = read(&a.join("model_comparisons.csv"));
    assert!(cmp.starts_with("metric,period,arm,other,draws,p_better\n"));
    let rows: Vec<Vec<String>> = cmp
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    let p_of = |m: &str, w: &str, x: &str, y: &str| {
        rows.iter()
            .find(|r| r[0] == m && r[1] == w && r[2] == x && r[3] == y)
            .map(|r| r[5].parse::<f64>().unwrap())
            .unwrap_or_else(|| panic!("no row {m} {w} {x} {y}"))
    };
    // each arm against control and each other arm; the two directions of a
    // pair never add up to more than one
    let pab = p_of(
        "poverty_rate",
        "horizon_end",
        "multi_group",
        "capital_group",
    );
    let pba = p_of(
        "poverty_rate",
        "horizon_end",
        "capital_group",
        "multi_group",
    );
    assert!(pab + pba <= 1.0 + 1e-12, "{pab} + {pba}");
    assert!((0.0..=1.0).contains(&p_of("gini", "program_end", "multi_individual", "control")));
    // effects.csv, rewritten with the model columns, is recorded once
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&a.join("manifest.json"))).unwrap();
    let names: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "a file listed twice: {names:?}");
    assert!(names.contains(&"effects.csv"), "{names:?}");
    let draws = read(&a.join("draws.csv"));
    assert_eq!(draws.lines().count(), 7);
    // keys the experiment sets are not drawn; keys with a plausible range are
    let dh = draws.lines().next().unwrap();
    assert!(dh.contains("population.asset_median"), "{dh}");
    assert!(!dh.contains("program.budget_per_village_year"), "{dh}");
    // without draws: no model columns, no extra files
    let c = tmp.path().join("c");
    run(&c, "2", &["--draws", "0"]);
    assert!(!read(&c.join("effects.csv")).contains("model_median"));
    assert!(!c.join("model_comparisons.csv").exists());
}

#[test]
fn draws_can_come_from_a_calibration_posterior() {
    let tmp = tempfile::tempdir().unwrap();
    let post = tmp.path().join("posterior.csv");
    // all the weight on the first particle: every draw takes its values
    std::fs::write(
        &post,
        "particle,weight,distance,population.asset_median,sim_poverty_rate\n0,1.0,0.5,15000000.0,0.1\n1,0.0,9.0,24000000.0,0.2\n",
    )
    .unwrap();
    let out = tmp.path().join("p");
    run(
        &out,
        "2",
        &["--draws", "4", "--posterior", post.to_str().unwrap()],
    );
    let draws = read(&out.join("draws.csv"));
    assert_eq!(
        draws,
        "draw,valid,population.asset_median\n0,1,15000000.0\n1,1,15000000.0\n2,1,15000000.0\n3,1,15000000.0\n"
    );
    // a missing posterior is an input error, exit 2, before anything runs
    let o = Command::cargo_bin("berdaya")
        .unwrap()
        .args([
            "run",
            "strategies",
            "--draws",
            "2",
            "--posterior",
            "/nonexistent/posterior.csv",
            "--out",
        ])
        .arg(tmp.path().join("q"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("posterior"));
    assert!(!tmp.path().join("q").exists());
}

/// `--prior pert` (= `--set uncertainty.prior=pert`): every drawn key inside
/// its plausible range, the draws those of the same hypercube through the
/// PERT quantile (so they differ from the uniform run's), recorded in
/// scenario.toml; the flag and the key give the same bits.
#[test]
fn prior_pert_draws_each_key_near_its_default() {
    let tmp = tempfile::tempdir().unwrap();
    let off = ["--set", "uncertainty.screen=false", "--draws", "4"];
    let (u, p, k) = (
        tmp.path().join("u"),
        tmp.path().join("p"),
        tmp.path().join("k"),
    );
    run(&u, "2", &off);
    run(&p, "2", &[&off[..], &["--prior", "pert"]].concat());
    run(
        &k,
        "1",
        &[&off[..], &["--set", "uncertainty.prior=pert"]].concat(),
    );
    assert_eq!(read(&p.join("draws.csv")), read(&k.join("draws.csv")));
    assert_eq!(read(&p.join("effects.csv")), read(&k.join("effects.csv")));
    assert!(read(&p.join("scenario.toml")).contains("\nprior = \"pert\"\n"));
    assert!(read(&u.join("scenario.toml")).contains("\nprior = \"uniform\"\n"));
    let rows = |dir: &Path| -> (Vec<String>, Vec<Vec<f64>>) {
        let text = read(&dir.join("draws.csv"));
        let mut lines = text.lines();
        let keys: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
        let values = lines
            .map(|l| l.split(',').map(|x| x.parse().unwrap()).collect())
            .collect();
        (keys, values)
    };
    let (keys, pert) = rows(&p);
    let (ukeys, uniform) = rows(&u);
    assert_eq!(keys, ukeys);
    assert_eq!(pert.len(), 4);
    let mut moved = 0;
    for (j, key) in keys.iter().enumerate().skip(2) {
        let info = berdaya::scenario::param(key).unwrap();
        let (lo, hi) = info.spec.plausible.unwrap();
        for (a, b) in pert.iter().zip(&uniform) {
            assert!(
                lo <= a[j] && a[j] <= hi,
                "{key}: {} outside {lo}..{hi}",
                a[j]
            );
            moved += usize::from(a[j] != b[j]);
        }
    }
    assert!(moved > 2 * keys.len(), "{moved}");
    // a prior that is not one gives exit 2 and the choices
    let o = Command::cargo_bin("berdaya")
        .unwrap()
        .args(["run", "strategies", "--prior", "normal", "--out"])
        .arg(tmp.path().join("q"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("expected one of uniform, pert"));
    // a prior with nothing to spread is said, not silently ignored
    let say = |extra: &str| -> String {
        let file = tmp.path().join("prior.toml");
        std::fs::write(
            &file,
            format!("name = \"t\"\nmonths = 6\nreplications = 2\n[uncertainty]\nprior = \"pert\"\n{extra}"),
        )
        .unwrap();
        let o = Command::cargo_bin("berdaya")
            .unwrap()
            .arg("check")
            .arg(&file)
            .output()
            .unwrap();
        assert!(o.status.success(), "{o:?}");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let none = say("");
    assert!(
        none.contains(
            "warning: uncertainty.prior = \"pert\" does nothing: the run draws no parameters"
        ),
        "{none}"
    );
    let post = say("draws = 4\nposterior = \"posterior.csv\"\n");
    assert!(
        post.contains("the draws come from the calibration's posterior"),
        "{post}"
    );
    assert!(
        !say("draws = 4\n").contains("does nothing"),
        "a prior that spreads draws is not warned about"
    );
}

/// The run says where its draws came from: screened by default (how many
/// candidates it looked at), every candidate with the screen off.
#[test]
fn the_run_says_how_its_draws_were_screened() {
    let tmp = tempfile::tempdir().unwrap();
    let say = |name: &str, extra: &[&str]| -> String {
        let o = Command::cargo_bin("berdaya")
            .unwrap()
            .args(["run", "strategies", "--force", "--out"])
            .arg(tmp.path().join(name))
            .args(["--replications", "2", "--months", "30", "--draws", "3"])
            .args([
                "--set",
                "population.villages=2",
                "--set",
                "population.households_per_village=50",
                "--set",
                "population.burn_in_months=12",
                "--set",
                "program.duration_months=12",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let on = say("on", &[]);
    assert!(on.contains("3 parameter draws: "), "{on}");
    assert!(on.contains(", screened: the 3 of the first "), "{on}");
    // the throughput counts the draws' and the screen's household-months
    assert!(on.contains(" under the parameter draws, "), "{on}");
    assert!(on.contains(" screening them)"), "{on}");
    let off = say("off", &["--set", "uncertainty.screen=false"]);
    assert!(off.contains("3 parameter draws: "), "{off}");
    assert!(!off.contains("screened"), "{off}");
    assert!(off.contains(", 0.00e0 screening them)"), "{off}");
    // the dry run counts them before anything runs: 3 draws of 2 households
    // x 50 x 5 arms x 30 months, and at most 3 x 30 + 1 screening worlds
    let dry = Command::cargo_bin("berdaya")
        .unwrap()
        .args([
            "run",
            "strategies",
            "--dry-run",
            "--months",
            "30",
            "--draws",
            "3",
        ])
        .args([
            "--set",
            "population.villages=2",
            "--set",
            "population.households_per_village=50",
        ])
        .output()
        .unwrap();
    let dry = String::from_utf8(dry.stdout).unwrap();
    assert!(
        dry.contains("and under 3 parameter draws: 4.500e4"),
        "{dry}"
    );
    assert!(
        dry.contains("at most 91 small control worlds, 2.730e5 household-months"),
        "{dry}"
    );
}
