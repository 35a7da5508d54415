//! `--emit-slurm DIR`: the scripts that run sharded work on a Slurm cluster
//! as job arrays (one task per shard), each followed by a merge job that
//! starts only when every task of its array has succeeded.
//!
//! The work is one or more *stages*; each stage is an array and its merge.
//! A sweep or a run is one stage; a calibration is one stage per ABC
//! generation, each array waiting for the merge of the generation before.
//! For stage S (named by its suffix: none for a single stage, `-0`, `-1`,
//! … for a chain) DIR gets:
//!
//! * `arrayS.sbatch` — `--array=1-N`; task K runs shard K/N;
//! * `mergeS.sbatch` — `berdaya merge` of the stage's shard folders;
//! * and one `submit.sh` that submits every array and merge in order with
//!   `--dependency=afterok:<job>` (`--kill-on-invalid-dep=yes` cancels the
//!   rest if one fails, instead of leaving it pending forever), and writes
//!   the job ids to `arrayS.jobid` and `mergeS.jobid`, and the last merge's
//!   to `merge.jobid`.
//!
//! Every path in the scripts is absolute (the input file, the output and
//! the berdaya binary that wrote them) and shell-quoted, so they can be
//! submitted from anywhere on a cluster whose nodes share the file system.
//! The resources are options: `--shards`, `--cpus-per-task`, `--mem`,
//! `--time`, `--partition`.

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

/// `p`, absolute (joined to the current folder when relative).
pub fn absolute(p: &Path) -> Result<PathBuf> {
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
pub fn check_path(what: &str, p: &Path) -> Result<()> {
    check_text(what, &p.to_string_lossy())
}

/// [`check_path`] for any text written into a script (a `--set` value).
pub fn check_text(what: &str, text: &str) -> Result<()> {
    if text.chars().any(char::is_control) {
        return Err(Error::Usage(format!(
            "{what} {text:?} holds a control character (a newline or tab); the Slurm scripts cannot name it safely. Rename it"
        )));
    }
    Ok(())
}

/// The flags of `--emit-slurm`, checked: `units` is the number of work
/// units (points, replications and draws, particles), `what` names them.
pub fn check_options(opts: &SlurmOptions, units: usize, what: &str) -> Result<()> {
    if opts.shards == 0 || opts.shards as usize > units.max(1) {
        return Err(Error::Usage(format!(
            "--shards {}: expected 1 to {} (one shard per {what} at most; there {} {units})",
            opts.shards,
            units.max(1),
            if units == 1 { "is" } else { "are" }
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

/// The absolute paths the scripts name, checked, and the scripts' folder
/// made (with its `logs/`).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The berdaya binary that writes the scripts.
    pub exe: PathBuf,
    /// The scripts' folder.
    pub dir: PathBuf,
    /// Where the last merge writes.
    pub out: PathBuf,
}

/// Checks the paths, makes the folder (refusing a non-empty one without
/// `force`) and resolves what the scripts name.
pub fn prepare(
    opts: &SlurmOptions,
    inputs: &[(&str, &Path)],
    out: &Path,
    force: bool,
) -> Result<Prepared> {
    for (what, p) in inputs
        .iter()
        .copied()
        .chain([("--out", out), ("--emit-slurm", opts.dir.as_path())])
    {
        check_path(what, p)?;
    }
    let exe = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .ctx(|| "finding the berdaya binary".into())?;
    check_path("the berdaya binary", &exe)?;
    let out_abs = absolute(out)?;
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
            "--out {} is inside the --emit-slurm folder {}; put the merged result elsewhere",
            out_abs.display(),
            dir.display()
        )));
    }
    Ok(Prepared {
        exe,
        dir,
        out: out_abs,
    })
}

/// One stage: a job array of the shards and the merge job after it.
#[derive(Debug, Clone)]
pub struct Stage {
    /// Empty for a single stage; `-0`, `-1`, … in a chain.
    pub suffix: String,
    /// Comment lines (each starting with `# `) saying what task K does.
    pub array_about: String,
    /// The shell lines task K runs (`$K` is its number).
    pub array_run: String,
    /// Comment lines saying what the merge does.
    pub merge_about: String,
    /// The shell lines of the merge job.
    pub merge_run: String,
}

/// The scripts of one piece of work.
#[derive(Debug, Clone)]
pub struct Scripts<'a> {
    pub opts: &'a SlurmOptions,
    /// The job name (after `berdaya-`): a safe name.
    pub name: &'a str,
    /// The first comment line(s), saying what is run.
    pub about: String,
    /// Shell variables every script sets: (NAME, value), quoted here.
    pub vars: Vec<(&'static str, String)>,
    pub stages: Vec<Stage>,
    /// What `submit.sh` prints at the end, after "berdaya: ".
    pub summary: String,
}

/// Writes the scripts into `dir`; returns them, `submit.sh` last.
pub fn write(dir: &Path, s: &Scripts) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, text) in texts(dir, s) {
        let p = write_atomic(&dir.join(name), text.as_bytes())?;
        set_executable(&p)?;
        written.push(p);
    }
    Ok(written)
}

fn texts(dir: &Path, s: &Scripts) -> Vec<(String, String)> {
    let o = s.opts;
    let n = o.shards;
    let partition = o
        .partition
        .as_ref()
        .map(|p| format!("#SBATCH --partition={p}\n"))
        .unwrap_or_default();
    let vars: String = s
        .vars
        .iter()
        .map(|(k, v)| format!("{k}={}\n", sh_quote(v)))
        .collect();
    let resources = format!(
        "#SBATCH --cpus-per-task={}\n#SBATCH --mem={}\n#SBATCH --time={}\n",
        o.cpus_per_task, o.mem, o.time
    );
    let mut out = Vec::new();
    let mut submit = format!(
        "#!/bin/bash\n{about}# Submits each job array of shards, then its merge job, which starts only when\n# every task of the array has succeeded{chain}.\nset -euo pipefail\nHERE={here}\nmkdir -p \"$HERE/logs\"\n",
        about = s.about,
        chain = if s.stages.len() > 1 {
            "; each array after the merge before it"
        } else {
            ""
        },
        here = sh_quote(&dir.display().to_string()),
    );
    for (i, st) in s.stages.iter().enumerate() {
        let sfx = &st.suffix;
        out.push((
            format!("array{sfx}.sbatch"),
            format!(
                "#!/bin/bash\n{about}{aa}# Submit with submit.sh, which also queues the merge job and sets the log\n# files (logs/shard{sfx}-K.out; on sbatch's command line, where the path is quoted).\n#SBATCH --job-name=berdaya-{name}{sfx}\n#SBATCH --array=1-{n}\n{resources}{partition}set -euo pipefail\n{vars}K=\"${{SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is a job array}}\"\n{run}",
                about = s.about,
                aa = st.array_about,
                name = s.name,
                run = st.array_run,
            ),
        ));
        out.push((
            format!("merge{sfx}.sbatch"),
            format!(
                "#!/bin/bash\n{about}{ma}#SBATCH --job-name=berdaya-{name}{sfx}-merge\n{resources}#SBATCH --kill-on-invalid-dep=yes\n{partition}set -euo pipefail\n{vars}{run}",
                about = s.about,
                ma = st.merge_about,
                name = s.name,
                run = st.merge_run,
            ),
        ));
        let dep = if i == 0 {
            String::new()
        } else {
            "--dependency=afterok:\"$merge\" --kill-on-invalid-dep=yes ".into()
        };
        submit.push_str(&format!(
            "array=$(sbatch --parsable {dep}--output=\"$HERE/logs/shard{sfx}-%a.out\" \"$HERE/array{sfx}.sbatch\")\narray=${{array%%;*}}\nmerge=$(sbatch --parsable --output=\"$HERE/logs/merge{sfx}.out\" --dependency=afterok:\"$array\" \"$HERE/merge{sfx}.sbatch\")\nmerge=${{merge%%;*}}\necho \"$array\" > \"$HERE/array{sfx}.jobid\"\necho \"$merge\" > \"$HERE/merge{sfx}.jobid\"\n"
        ));
    }
    if s.stages.len() > 1 {
        submit.push_str("echo \"$merge\" > \"$HERE/merge.jobid\"\n");
    }
    submit.push_str(&format!(
        "echo {}\n",
        sh_quote(&format!("berdaya: {}", s.summary))
    ));
    out.push(("submit.sh".into(), submit));
    out
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

    #[test]
    fn a_chain_waits_for_each_merge() {
        let opts = SlurmOptions::default();
        let st = |s: &str| Stage {
            suffix: s.into(),
            array_about: String::new(),
            array_run: "true\n".into(),
            merge_about: String::new(),
            merge_run: "true\n".into(),
        };
        let s = Scripts {
            opts: &opts,
            name: "x",
            about: "# x\n".into(),
            vars: vec![("OUT", "/o".into())],
            stages: vec![st("-0"), st("-1")],
            summary: "x".into(),
        };
        let t = texts(Path::new("/d"), &s);
        assert_eq!(t.len(), 5);
        let submit = &t[4].1;
        assert!(submit.contains("afterok:\"$merge\" --kill-on-invalid-dep=yes --output=\"$HERE/logs/shard-1-%a.out\""), "{submit}");
        assert!(submit.contains("merge.jobid"));
    }
}
