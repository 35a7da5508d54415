//! `berdaya sweep FILE --emit-slurm DIR`: the scripts that run a sweep on a
//! Slurm cluster as a job array (one task per shard) and merge it afterwards.
//!
//! Three files are written into DIR:
//!
//! * `array.sbatch` — `--array=1-N`; task K runs `berdaya sweep FILE --shard
//!   K/N --out DIR/shard-K --threads $SLURM_CPUS_PER_TASK --resume`, so a
//!   task that is requeued or resubmitted continues where it stopped;
//! * `merge.sbatch` — `berdaya merge DIR/shard-1 … DIR/shard-N --out OUT`;
//! * `submit.sh` — submits the array, then the merge job with
//!   `--dependency=afterok:<array id>` (it starts only when every task has
//!   succeeded; `--kill-on-invalid-dep=yes` cancels it if one fails, instead
//!   of leaving it pending forever), and writes the two job ids to
//!   `array.jobid` and `merge.jobid`.
//!
//! Every path in the scripts is absolute (the sweep file, the output and the
//! berdaya binary that wrote them), so they can be submitted from anywhere on
//! a cluster whose nodes share the file system. The resources are options:
//! `--shards`, `--cpus-per-task`, `--mem`, `--time`, `--partition`.

use super::file::Sweep;
use crate::error::{Error, IoContext, Result};
use crate::output::files::{self, write_atomic};
use std::path::{Path, PathBuf};

/// Resources and layout of the emitted jobs.
#[derive(Debug, Clone)]
pub struct SlurmOptions {
    /// Folder for the scripts, the shard folders and the logs.
    pub dir: PathBuf,
    /// Number of shards (array tasks).
    pub shards: u32,
    pub cpus_per_task: u32,
    /// Memory per task, as sbatch takes it (`2G`, `500M`).
    pub mem: String,
    /// Wall-time limit per task (`HH:MM:SS`, `D-HH:MM:SS`, minutes).
    pub time: String,
    pub partition: Option<String>,
}

impl Default for SlurmOptions {
    fn default() -> Self {
        SlurmOptions {
            dir: PathBuf::from("slurm"),
            shards: 4,
            cpus_per_task: 2,
            mem: "2G".into(),
            time: "01:00:00".into(),
            partition: None,
        }
    }
}

/// Quotes a string for the shell: `'…'` with `'` written as `'\''`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn absolute(p: &Path) -> Result<PathBuf> {
    if p.is_absolute() {
        return Ok(p.to_path_buf());
    }
    let cwd = std::env::current_dir().ctx(|| "reading the current folder".into())?;
    Ok(cwd.join(p))
}

fn check_word(flag: &str, value: &str, example: &str) -> Result<()> {
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.' | ','));
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{flag} {value:?}: expected a Slurm value such as {example} (letters, digits and : - _ . , only)"
        )))
    }
}

/// Every path written into a script is shell-quoted, and none may hold a
/// control character: a newline in a file name would end a comment or an
/// `#SBATCH` line and start a command of its own.
fn check_path(what: &str, p: &Path) -> Result<()> {
    let text = p.to_string_lossy();
    if text.chars().any(char::is_control) {
        return Err(Error::Usage(format!(
            "{what} {text:?} holds a control character (a newline or tab); the Slurm scripts cannot name it safely. Rename it"
        )));
    }
    Ok(())
}

/// What [`emit`] wrote.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// The scripts' folder (absolute).
    pub dir: PathBuf,
    /// array.sbatch, merge.sbatch, submit.sh.
    pub files: Vec<PathBuf>,
    /// Where the merge job writes the merged sweep (absolute).
    pub out: PathBuf,
    pub name: String,
    pub points: usize,
    pub shards: u32,
}

/// Writes the scripts.
pub fn emit(
    sweep: &Sweep,
    sweep_path: &Path,
    out: &Path,
    opts: &SlurmOptions,
    force: bool,
) -> Result<Emitted> {
    let plan = &sweep.plan;
    check_options(opts, plan.points)?;
    for (what, p) in [
        ("the sweep file", sweep_path),
        ("--out", out),
        ("--emit-slurm", opts.dir.as_path()),
    ] {
        check_path(what, p)?;
    }
    let sweep_abs = sweep_path
        .canonicalize()
        .ctx(|| format!("resolving {}", sweep_path.display()))?;
    let exe = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .ctx(|| "finding the berdaya binary".into())?;
    let out_abs = absolute(out)?;
    check_path("the berdaya binary", &exe)?;
    check_path("the sweep file", &sweep_abs)?;
    files::prepare_dir(&opts.dir, force)?;
    let dir = opts
        .dir
        .canonicalize()
        .ctx(|| format!("resolving {}", opts.dir.display()))?;
    check_path("--emit-slurm", &dir)?;
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs).ctx(|| format!("creating {}", logs.display()))?;
    if out_abs.starts_with(&dir) {
        return Err(Error::Usage(format!(
            "--out {} is inside the --emit-slurm folder {}; put the merged sweep elsewhere",
            out_abs.display(),
            dir.display()
        )));
    }
    let paths = Paths {
        exe,
        sweep: sweep_abs,
        dir: dir.clone(),
        out: out_abs.clone(),
    };
    let mut written = Vec::new();
    for (name, text) in scripts(sweep, &paths, opts, force) {
        let p = write_atomic(&dir.join(name), text.as_bytes())?;
        set_executable(&p)?;
        written.push(p);
    }
    Ok(Emitted {
        dir,
        files: written,
        out: out_abs,
        name: plan.name.clone(),
        points: plan.points,
        shards: opts.shards,
    })
}

/// The flags of `--emit-slurm`, checked.
fn check_options(opts: &SlurmOptions, points: usize) -> Result<()> {
    if opts.shards == 0 || opts.shards as usize > points.max(1) {
        return Err(Error::Usage(format!(
            "--shards {}: expected 1 to {} (the sweep has {} point{})",
            opts.shards,
            points,
            points,
            super::plural(points)
        )));
    }
    if opts.cpus_per_task == 0 {
        return Err(Error::Usage(
            "--cpus-per-task 0: expected at least 1".into(),
        ));
    }
    check_word("--mem", &opts.mem, "4G")?;
    check_word("--time", &opts.time, "02:00:00")?;
    if let Some(p) = &opts.partition {
        check_word("--partition", p, "compute")?;
    }
    Ok(())
}

/// The absolute paths the scripts name.
struct Paths {
    exe: PathBuf,
    sweep: PathBuf,
    dir: PathBuf,
    out: PathBuf,
}

/// The three scripts: (file name, text).
fn scripts(
    sweep: &Sweep,
    paths: &Paths,
    opts: &SlurmOptions,
    force: bool,
) -> [(&'static str, String); 3] {
    let plan = &sweep.plan;
    let (dir, out_abs) = (&paths.dir, &paths.out);
    let n = opts.shards;
    let version = env!("CARGO_PKG_VERSION");
    let q = |p: &Path| sh_quote(&p.display().to_string());
    let partition = opts
        .partition
        .as_ref()
        .map(|p| format!("#SBATCH --partition={p}\n"))
        .unwrap_or_default();
    let common = format!(
        "BERDAYA={}\nSWEEP={}\nSHARDS={}\nOUT={}\n",
        q(&paths.exe),
        q(&paths.sweep),
        q(dir),
        q(out_abs)
    );
    let about = format!(
        "# berdaya {version}: sweep \"{}\" ({}, FNV-1a {}), {} points in {n} shards.\n",
        plan.name, plan.sweep_file, plan.sweep_file_fnv1a, plan.points
    );
    let array = format!(
        "#!/bin/bash\n{about}# Task K of the array runs shard K/{n}: points K, K+{n}, K+2×{n}, … into $SHARDS/shard-K.\n# Submit with submit.sh, which also queues the merge job and sets the log\n# files (logs/shard-K.out; on sbatch's command line, where the path is quoted).\n#SBATCH --job-name=berdaya-{name}\n#SBATCH --array=1-{n}\n#SBATCH --cpus-per-task={cpus}\n#SBATCH --mem={mem}\n#SBATCH --time={time}\n{partition}set -euo pipefail\n{common}K=\"${{SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is a job array}}\"\n# --resume: a requeued task continues where it stopped.\nexec \"$BERDAYA\" sweep \"$SWEEP\" --shard \"$K/{n}\" --out \"$SHARDS/shard-$K\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" --resume\n",
        name = plan.name,
        cpus = opts.cpus_per_task,
        mem = opts.mem,
        time = opts.time,
    );
    let merge = format!(
        "#!/bin/bash\n{about}# Merges the {n} shard folders into $OUT; submit.sh queues it after the array (afterok).\n#SBATCH --job-name=berdaya-{name}-merge\n#SBATCH --cpus-per-task={cpus}\n#SBATCH --mem={mem}\n#SBATCH --time={time}\n#SBATCH --kill-on-invalid-dep=yes\n{partition}set -euo pipefail\n{common}dirs=()\nfor k in $(seq 1 {n}); do dirs+=(\"$SHARDS/shard-$k\"); done\nexec \"$BERDAYA\" merge \"${{dirs[@]}}\" --out \"$OUT\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\"{force}\n",
        name = plan.name,
        cpus = opts.cpus_per_task,
        mem = opts.mem,
        time = opts.time,
        force = if force { " --force" } else { "" },
    );
    let submit = format!(
        "#!/bin/bash\n{about}# Submits the shards as a job array, then the merge job, which starts only when\n# every task of the array has succeeded.\nset -euo pipefail\nHERE={here}\nOUT={out}\nmkdir -p \"$HERE/logs\"\narray=$(sbatch --parsable --output=\"$HERE/logs/shard-%a.out\" \"$HERE/array.sbatch\")\narray=${{array%%;*}}\nmerge=$(sbatch --parsable --output=\"$HERE/logs/merge.out\" --dependency=afterok:\"$array\" \"$HERE/merge.sbatch\")\nmerge=${{merge%%;*}}\necho \"$array\" > \"$HERE/array.jobid\"\necho \"$merge\" > \"$HERE/merge.jobid\"\necho \"berdaya: array job $array ({n} shards), merge job $merge -> $OUT\"\n",
        here = q(dir),
        out = q(out_abs),
    );
    [
        ("array.sbatch", array),
        ("merge.sbatch", merge),
        ("submit.sh", submit),
    ]
}

#[cfg(unix)]
fn set_executable(p: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755))
        .ctx(|| format!("making {} executable", p.display()))
}

#[cfg(not(unix))]
fn set_executable(_: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_quotes_and_spaces() {
        assert_eq!(sh_quote("a b"), "'a b'");
        assert_eq!(sh_quote("it's"), "'it'\\''s'");
    }
}
