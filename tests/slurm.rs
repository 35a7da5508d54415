//! The Slurm proof: `tests/slurm/run.sh` starts a one-node cluster on this
//! machine with private paths and ports, submits the job array and merge job
//! that `berdaya sweep --emit-slurm` writes, and compares the merged folder
//! with an unsharded run byte for byte.
//!
//! It needs Debian's `slurm-wlm` and `munge` installed and root (munged and
//! slurmd run as root here). This test installs nothing and changes nothing
//! on the system: `.ci/run` installs Slurm on CI. Where Slurm, munge or root
//! is missing the test prints `SKIPPED: ...` with the reason and passes,
//! unless the environment variable `CI` is set: then it fails, so CI can
//! never skip the proof silently.

use std::io::Write;
use std::path::Path;
use std::process::Command;

fn have(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {cmd}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// What this machine lacks to run the Slurm test (empty: it can run).
fn missing() -> Vec<&'static str> {
    let mut missing = Vec::new();
    for cmd in ["slurmctld", "slurmd", "sbatch", "scontrol", "munged"] {
        if !have(cmd) {
            missing.push(cmd);
        }
    }
    if !have("bash") {
        missing.push("bash");
    }
    if !is_root() {
        missing.push("root");
    }
    missing
}

#[test]
fn slurm_job_array_and_merge_on_a_one_node_cluster() {
    let missing = missing();
    if !missing.is_empty() {
        let reason = format!(
            "the Slurm test needs {} (install Debian's slurm-wlm and munge and run as root; .ci/run does)",
            missing.join(", ")
        );
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set, so the Slurm test must run, but it cannot: {reason}"
        );
        // straight to the process's stderr, past the test harness's capture,
        // so a plain `cargo test` shows it
        let _ = writeln!(std::io::stderr(), "SKIPPED: {reason}");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/slurm/run.sh");
    let out = Command::new("bash")
        .arg(&script)
        .env("BERDAYA", env!("CARGO_BIN_EXE_berdaya"))
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        out.status.success(),
        "tests/slurm/run.sh failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(stdout.contains("PASS"), "{stdout}");
}
