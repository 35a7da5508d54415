//! Smoke test of the scenario library: every shipped scenario passes
//! `berdaya check` (see tests/cli.rs) and runs end to end at a small size,
//! and every file in scenarios/ is also a built-in.

use assert_cmd::Command;
use std::path::Path;

fn shipped() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shipped_scenario_runs_at_a_small_size() {
    let tmp = tempfile::tempdir().unwrap();
    for file in shipped() {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let out = tmp.path().join(&stem);
        let o = Command::cargo_bin("berdaya")
            .unwrap()
            .args([
                "run",
                file.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--quiet",
                "--replications",
                "2",
                "--months",
                "40",
            ])
            .args([
                "--set",
                "population.villages=2",
                "--set",
                "population.households_per_village=60",
                "--set",
                "population.burn_in_months=3",
            ])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{stem}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            out.join("timeseries.csv").is_file() && out.join("charts/poverty_rate.png").is_file(),
            "{stem}: files missing"
        );
    }
}

#[test]
fn every_shipped_scenario_is_a_builtin() {
    for file in shipped() {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let builtin =
            berdaya::builtin::get(&stem).unwrap_or_else(|| panic!("{stem} is not in builtin.rs"));
        assert_eq!(builtin, std::fs::read_to_string(&file).unwrap(), "{stem}");
    }
}
