//! The Slurm proof: `tests/slurm/run.sh` installs Debian's Slurm and munge,
//! starts a one-node cluster on this machine with private paths and ports,
//! submits the job array and merge job that `berdaya sweep --emit-slurm`
//! writes, and compares the merged folder with an unsharded run byte for
//! byte. It needs root and apt-get (CI runs as root on a fresh Debian). On a
//! machine without them the test fails, loudly, unless `BERDAYA_SKIP_SLURM=1`
//! says to skip it; that variable also skips it on a machine that could run
//! it (for a developer who does not want Slurm installed).

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

#[test]
fn slurm_job_array_and_merge_on_a_one_node_cluster() {
    let skip = std::env::var("BERDAYA_SKIP_SLURM").is_ok_and(|v| v == "1");
    if skip {
        println!("SKIPPED: the Slurm test (BERDAYA_SKIP_SLURM=1)");
        eprintln!("SKIPPED: the Slurm test (BERDAYA_SKIP_SLURM=1)");
        return;
    }
    let installed = have("slurmctld") && have("slurmd") && have("sbatch") && have("munged");
    let mut missing = Vec::new();
    if !is_root() {
        missing.push("root");
    }
    if !installed && !have("apt-get") {
        missing.push("apt-get (or an installed slurm-wlm and munge)");
    }
    if !have("bash") {
        missing.push("bash");
    }
    assert!(
        missing.is_empty(),
        "the Slurm test cannot run here: it needs {}. It installs slurm-wlm and munge and starts a one-node cluster (tests/slurm/run.sh). Set BERDAYA_SKIP_SLURM=1 to skip it knowingly.",
        missing.join(" and ")
    );
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
