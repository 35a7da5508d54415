//! Households from survey data (`population.households_file`, issue 11):
//! the shipped synthetic extract builds the villages it describes (round
//! trip: file -> villages -> the same sizes and assets), a run from it works,
//! and a malformed extract gets a clear error with line and column, exit 2.

use assert_cmd::Command;
use berdaya::model::World;
use berdaya::model::params::Params;
use berdaya::scenario::experiment::{Overrides, resolve};
use berdaya::scenario::households::{self, to_csv};
use berdaya::scenario::load::parse_document;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn berdaya() -> Command {
    Command::cargo_bin("berdaya").unwrap()
}

#[test]
fn the_shipped_extract_builds_the_villages_it_describes() {
    let file = root().join("scenarios/data/survey.toml");
    let label = file.display().to_string();
    let (doc, issues) = parse_document(&label, &std::fs::read_to_string(&file).unwrap());
    assert!(issues.is_empty(), "{issues:?}");
    let exp = resolve(&doc, &label, &Overrides::default()).unwrap();
    let ex = households::load(&root().join("scenarios/data/extract.csv")).unwrap();
    let s = &exp.arms[0].scenario;
    assert_eq!(s.population.villages as usize, ex.villages.len());
    let world = World::new(Params::new(s.clone()), 0);
    assert_eq!(world.villages.len(), ex.villages.len());
    for (v, rows) in world.villages.iter().zip(&ex.villages) {
        assert_eq!(v.hh.len(), rows.len());
        let sizes: Vec<u8> = rows.iter().map(|r| r.size).collect();
        assert_eq!(v.hh.size, sizes);
        let assets: Vec<f64> = rows.iter().map(|r| r.assets.round()).collect();
        assert_eq!(v.hh.assets, assets);
        // skill follows schooling: more schooling, never less skill
        for a in 0..rows.len() {
            for b in 0..rows.len() {
                if rows[a].schooling < rows[b].schooling {
                    assert!(v.hh.skill[a] <= v.hh.skill[b]);
                }
            }
        }
    }
    // the file writes back to the same table
    let again = households::parse("again.csv", &to_csv(&ex)).unwrap();
    assert_eq!(again, ex);
}

#[test]
fn a_run_from_the_extract_is_deterministic_and_says_where_its_households_came_from() {
    let tmp = tempfile::tempdir().unwrap();
    let file = root().join("scenarios/data/survey.toml");
    let run = |out: &Path| {
        berdaya()
            .args(["run", file.to_str().unwrap(), "--quiet", "--months", "12"])
            .args(["--replications", "2", "--out", out.to_str().unwrap()])
            .assert()
            .success();
    };
    run(&tmp.path().join("a"));
    run(&tmp.path().join("b"));
    let a = std::fs::read(tmp.path().join("a/summary.csv")).unwrap();
    assert_eq!(a, std::fs::read(tmp.path().join("b/summary.csv")).unwrap());
    let scenario = std::fs::read_to_string(tmp.path().join("a/scenario.toml")).unwrap();
    assert!(scenario.contains("villages = 6"), "{scenario}");
    assert!(scenario.contains("extract.csv"), "{scenario}");
    // the resolved scenario.toml runs again from anywhere (absolute path)
    berdaya()
        .args([
            "check",
            tmp.path().join("a/scenario.toml").to_str().unwrap(),
        ])
        .assert()
        .success();
}

/// Writes a scenario naming `csv` and checks it; returns stderr.
fn check_bad(csv: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("hh.csv"), csv).unwrap();
    let scen = tmp.path().join("s.toml");
    std::fs::write(
        &scen,
        "name = \"s\"\n[population]\nhouseholds_file = \"hh.csv\"\n",
    )
    .unwrap();
    let out = berdaya()
        .args(["check", scen.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    String::from_utf8_lossy(&out.stderr).to_string()
}

const HEAD: &str = "village,size,assets,schooling,consumption\n";

#[test]
fn a_malformed_extract_is_refused_with_line_and_column() {
    let e = check_bad("village,size,assets,consumption\nA,4,1,2\n");
    assert!(
        e.contains("hh.csv:1:1") && e.contains("no column `schooling`"),
        "{e}"
    );
    let rows = "A,4,1000,6,200\n".repeat(5);
    let e = check_bad(&format!("{HEAD}{rows}A,4,many,6,200\n"));
    assert!(
        e.contains("hh.csv:7:5") && e.contains("found \"many\""),
        "{e}"
    );
    let e = check_bad(&format!("{HEAD}{rows}A,-3,1000,6,200\n"));
    assert!(
        e.contains("hh.csv:7:3") && e.contains("column `size`"),
        "{e}"
    );
    let e = check_bad("");
    assert!(e.contains("hh.csv") && e.contains("empty"), "{e}");
    let e = check_bad(HEAD);
    assert!(e.contains("no households"), "{e}");
    // a file that is not there: said against the key that names it
    let tmp = tempfile::tempdir().unwrap();
    let scen = tmp.path().join("s.toml");
    std::fs::write(&scen, "[population]\nhouseholds_file = \"nope.csv\"\n").unwrap();
    let out = berdaya()
        .args(["check", scen.to_str().unwrap()])
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(e.contains("s.toml:2:") && e.contains("no such file"), "{e}");
    // a village too small for its neighbour network
    let e = check_bad(&format!("{HEAD}A,4,1000,6,200\n"));
    assert!(e.contains("village `A` has 1 households"), "{e}");
}
