//! The plumbing of every file berdaya writes: the one output-folder opener
//! ([`prepare_dir`]), the one atomic writer ([`AtomicFile`] /
//! [`write_atomic`]), and what an interrupt (Ctrl-C, SIGTERM) removes.
//!
//! **Atomic writes.** A file is written under a temporary name in its own
//! folder (`.NAME.partial`), flushed, fsync'd, renamed into place, and the
//! folder fsync'd, so a crash never leaves a half-written file under a final
//! name and a finished file survives one; the temporary is removed on error
//! (a full disk included) or drop. Run files, sweep files, manifests and
//! charts all go through here.
//!
//! **Links.** Nothing here follows a link it did not make: a temporary is
//! created with `O_CREAT | O_EXCL` after removing whatever entry has its name
//! (a planted link is removed, its target untouched); a rename replaces a
//! link under the final name rather than writing through it; a subfolder
//! (`charts/`) that is a link is replaced by a real folder ([`ensure_dir`]);
//! files that are reopened (a sweep's journal) are opened with `O_NOFOLLOW`.
//! The output folder itself may be a link the user made and named.
//!
//! **Paths.** An output path may not hold `..` after a folder name
//! (`nosuch/..` would name the parent only once `nosuch` exists, which
//! bypassed the non-empty check) nor control characters.
//!
//! **Interrupts.** A command that writes a folder opens a [`Scope`]; on
//! SIGINT or SIGTERM (caught in `main`) [`interrupt`] removes every
//! temporary being written and, for a run, the files and folders the run
//! made, then the process exits with code 130. A commit checks for an
//! interrupt under the same lock, so no file is renamed into place after
//! the cleanup.
//!
//! **Fault injection (tests).** With `BERDAYA_FAULT_WRITE=PATTERN` in the
//! environment, writing any file whose name contains PATTERN fails after its
//! first 4 KiB with "No space left on device": the disk-full drills of
//! `tests/harden.rs` need no small file system.

use crate::error::{Error, IoContext, Result};
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

// ---------------------------------------------------------------------------
// Paths and the output-folder opener.

/// Checks an output path: no `..` after a folder name, no control
/// characters.
pub fn check_out_path(dir: &Path) -> Result<()> {
    let text = dir.to_string_lossy();
    if text.chars().any(char::is_control) {
        return Err(Error::Usage(format!(
            "the output folder {text:?} holds a control character (a newline or tab); name the folder with printable characters only"
        )));
    }
    let mut seen_name = false;
    for c in dir.components() {
        match c {
            Component::Normal(_) => seen_name = true,
            Component::ParentDir if seen_name => {
                return Err(Error::Usage(format!(
                    "the output folder {} has `..` after a folder name; write the folder it means without `..` (berdaya does not resolve `NAME/..`, which would let a run write into a folder the non-empty check never saw)",
                    dir.display()
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks that `dir` can be written: it must not exist, or be empty, unless
/// `force`. Creates it. Returns whether it was created (did not exist).
pub fn prepare_dir(dir: &Path, force: bool) -> Result<bool> {
    check_out_path(dir)?;
    let existed = dir.exists();
    if existed {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} exists and is not a folder; choose another --out",
                dir.display()
            )));
        }
        if !force && !is_empty_dir(dir)? {
            return Err(not_empty(dir));
        }
        if force {
            // the temporaries of a killed earlier run go with it
            remove_stale_temps(dir, &[]);
        }
    } else if fs::symlink_metadata(dir).is_ok() {
        return Err(Error::Usage(format!(
            "{} is a link to nothing; remove it or choose another --out",
            dir.display()
        )));
    }
    fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
    if !existed && !is_empty_dir(dir)? {
        // only a path the kernel resolves differently from its text gets here
        return Err(not_empty(dir));
    }
    Ok(!existed)
}

/// The refusal for a non-empty output folder, saying what it holds.
pub fn not_empty(dir: &Path) -> Error {
    let why = if dir.join("journal.jsonl").is_file() && !dir.join("manifest.json").is_file() {
        " (it holds an unfinished sweep: continue it with `berdaya sweep FILE --out DIR --resume`)"
    } else if !dir.join("manifest.json").exists() && dir.join("scenario.toml").is_file() {
        " (it holds an unfinished run, stopped before its manifest.json was written: --force replaces it)"
    } else {
        ""
    };
    Error::Usage(format!(
        "the output folder {} is not empty{why}; nothing was written. Use --force to write into it (files of the same name are replaced), or choose another folder with --out",
        dir.display()
    ))
}

/// Is `dir` missing or empty?
pub fn is_empty_dir(dir: &Path) -> Result<bool> {
    if !dir.exists() {
        return Ok(true);
    }
    Ok(fs::read_dir(dir)
        .ctx(|| format!("reading {}", dir.display()))?
        .next()
        .is_none())
}

/// Makes a subfolder of an output folder (`charts/`), never following a
/// link: a link (or a file) of that name is replaced by a real folder.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(m) if m.file_type().is_symlink() || m.is_file() => {
            fs::remove_file(dir).ctx(|| format!("replacing {}", dir.display()))?;
        }
        _ => {}
    }
    let parent_exists = dir
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty() || p.exists());
    // made and tracked under the registry's lock, as temporaries are
    // (AtomicFile::create): an interrupt cannot fall between the two
    with_registry(|r| {
        if r.interrupted {
            return Err(interrupted_error());
        }
        if !parent_exists {
            fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
        } else {
            fs::create_dir(dir).ctx(|| format!("creating {}", dir.display()))?;
        }
        if let Some(s) = &mut r.scope {
            s.dirs.push(dir.to_path_buf());
        }
        Ok(())
    })
}

/// Removes whatever entry is at `path` without following it (a link is
/// removed, not its target); a folder there is an error.
fn clear_entry(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Err(Error::Usage(format!(
            "{} is a folder where berdaya writes a file; remove it",
            path.display()
        ))),
        Ok(_) => fs::remove_file(path).ctx(|| format!("removing {}", path.display())),
        Err(_) => Ok(()),
    }
}

/// Creates a new file at `path` (truncating nothing, following no link):
/// what was there is removed first, then the file is made with `O_EXCL`.
pub fn create_new(path: &Path) -> Result<fs::File> {
    clear_entry(path)?;
    fs::OpenOptions::new()
        .write(true)
        .read(true)
        .create_new(true)
        .open(path)
        .ctx(|| format!("creating {}", path.display()))
}

/// Opens an existing file for reading and writing, refusing a link.
pub fn open_existing(path: &Path) -> Result<fs::File> {
    open_no_follow(path, true)
}

/// Opens an existing file for reading only (a shard folder may be on a
/// read-only file system), refusing a link.
pub fn open_read(path: &Path) -> Result<fs::File> {
    open_no_follow(path, false)
}

fn open_no_follow(path: &Path, write: bool) -> Result<fs::File> {
    let mut o = fs::OpenOptions::new();
    o.read(true).write(write);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW);
    }
    o.open(path).map_err(|e| {
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            Error::Usage(format!(
                "{} is a link; berdaya does not follow links in its output folders. Remove it",
                path.display()
            ))
        } else {
            Error::io(format!("opening {}", path.display()), e)
        }
    })
}

/// Removes the temporaries a killed process left in `dir` (`.NAME.partial`
/// except `keep`, and the `.NAME.tmp.EXT` of older versions).
pub fn remove_stale_temps(dir: &Path, keep: &[&str]) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let stale = name.starts_with('.') && (name.ends_with(".partial") || name.contains(".tmp."));
        if stale && !keep.contains(&name.as_str()) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// The temporary name used while `path` is being written.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

// ---------------------------------------------------------------------------
// What an interrupt removes.

/// What the current command is writing.
#[derive(Debug, Clone)]
pub enum ScopeKind {
    /// A run folder: on interrupt, everything the run wrote goes.
    Run,
    /// A sweep or shard folder: temporaries go, the journal and the partial
    /// results stay for `--resume`.
    Sweep,
}

#[derive(Debug, Default)]
struct Registry {
    interrupted: bool,
    /// Temporaries being written.
    temps: Vec<PathBuf>,
    scope: Option<Scope>,
}

/// The folder of the current command and what it made there.
#[derive(Debug)]
pub struct Scope {
    kind: ScopeKind,
    dir: PathBuf,
    /// The folder did not exist before the command.
    created: bool,
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    /// Printed on interrupt.
    message: String,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

fn with_registry<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    let mut g = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(Registry::default))
}

/// [`prepare_dir`], then a [`ScopeKind::Run`] scope over `dir`: Ctrl-C or a
/// failure removes what the command wrote there and prints `message`.
pub fn prepare_run_dir(dir: &Path, force: bool, message: String) -> Result<()> {
    let created = prepare_dir(dir, force)?;
    begin_scope(ScopeKind::Run, dir, created, message);
    Ok(())
}

/// Starts tracking what a command writes into `dir` (`created`: the command
/// made the folder); `message` is printed if it is interrupted.
pub fn begin_scope(kind: ScopeKind, dir: &Path, created: bool, message: String) {
    with_registry(|r| {
        r.scope = Some(Scope {
            kind,
            dir: dir.to_path_buf(),
            created,
            files: Vec::new(),
            dirs: Vec::new(),
            message,
        })
    });
}

/// Stops tracking: the command finished (or failed and said so).
pub fn end_scope() {
    with_registry(|r| r.scope = None);
}

/// Called once on SIGINT / SIGTERM: removes the temporaries and, for a run,
/// what the run wrote; stops every later commit; then calls `exit` with the
/// message to print, still holding the lock, so that no other thread
/// commits, cleans or reports an error of its own before the process ends
/// (`exit` ends it).
pub fn interrupt(exit: impl FnOnce(&str)) {
    let mut g = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    let r = g.get_or_insert_with(Registry::default);
    r.interrupted = true;
    let message = clean(r).unwrap_or_else(|| "berdaya: interrupted".into());
    exit(&message);
}

/// Has the current scope committed a file of this name (`manifest.json`:
/// the run's data is complete)?
pub fn scope_committed(name: &str) -> bool {
    with_registry(|r| {
        r.scope.as_ref().is_some_and(|s| {
            s.files
                .iter()
                .any(|f| f.file_name().is_some_and(|n| n == name))
        })
    })
}

/// A run that failed: removes what it wrote, as an interrupt would.
pub fn abandon_scope() {
    with_registry(|r| {
        clean(r);
    });
}

/// Removes the temporaries, and a run's files and folders; ends the scope.
fn clean(r: &mut Registry) -> Option<String> {
    for t in r.temps.drain(..) {
        let _ = fs::remove_file(&t);
    }
    let s = r.scope.take()?;
    if let ScopeKind::Run = s.kind {
        for f in s.files.iter().rev() {
            let _ = fs::remove_file(f);
        }
        for d in s.dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
        if s.created {
            let _ = fs::remove_dir(&s.dir);
        }
    }
    Some(s.message)
}

/// Was the process interrupted?
pub fn interrupted() -> bool {
    with_registry(|r| r.interrupted)
}

fn interrupted_error() -> Error {
    Error::Usage("interrupted".into())
}

// ---------------------------------------------------------------------------
// The atomic writer.

/// The file under an [`AtomicFile`]: a plain file, or (with
/// `BERDAYA_FAULT_WRITE`) one that fails like a full disk.
pub struct Sink {
    file: fs::File,
    /// Bytes that may still be written before an injected failure.
    budget: Option<u64>,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(b) = &mut self.budget {
            if *b == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "No space left on device (injected by BERDAYA_FAULT_WRITE)",
                ));
            }
            let n = (buf.len() as u64).min(*b) as usize;
            *b -= n as u64;
            return self.file.write(&buf[..n]);
        }
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn fault_budget(target: &Path) -> Option<u64> {
    let pattern = std::env::var("BERDAYA_FAULT_WRITE").ok()?;
    let name = target.file_name()?.to_string_lossy();
    (!pattern.is_empty() && name.contains(&pattern)).then_some(4096)
}

/// A file being written under a temporary name; [`AtomicFile::commit`]
/// renames it into place. Dropped without commit, the temporary is removed.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<Sink>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<Self> {
        let temp = temp_path(target);
        // registered and created under the registry's lock: an interrupt
        // (which cleans while holding it, then exits) either comes first,
        // and nothing is created, or after, and removes the file; created
        // outside the lock, a worker could make it between the clean and
        // the end of the process
        let file = with_registry(|r| {
            if r.interrupted {
                return Err(interrupted_error());
            }
            let file = create_new(&temp)?;
            r.temps.push(temp.clone());
            Ok(file)
        })?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            writer: Some(BufWriter::with_capacity(
                1 << 16,
                Sink {
                    file,
                    budget: fault_budget(target),
                },
            )),
            temp,
        })
    }
    pub fn writer(&mut self) -> &mut BufWriter<Sink> {
        self.writer
            .as_mut()
            .expect("writer is present until commit")
    }
    /// Flushes and fsyncs the temporary; on failure removes it.
    fn sync(&mut self) -> Result<fs::File> {
        let w = self.writer.take().expect("commit once");
        let synced = w
            .into_inner()
            .map_err(|e| Error::io(format!("writing {}", self.temp.display()), e.into_error()))
            .and_then(|s| {
                s.file
                    .sync_all()
                    .ctx(|| format!("syncing {}", self.temp.display()))
                    .map(|_| s.file)
            });
        if synced.is_err() {
            let _ = fs::remove_file(&self.temp);
            untrack_temp(&self.temp);
        }
        synced
    }
    /// Flushes, fsyncs, renames into place and fsyncs the folder. On any
    /// failure (or after an interrupt) the temporary file is removed.
    pub fn commit(mut self) -> Result<PathBuf> {
        self.sync()?;
        let mut g = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
        let r = g.get_or_insert_with(Registry::default);
        r.temps.retain(|t| t != &self.temp);
        if r.interrupted {
            let _ = fs::remove_file(&self.temp);
            return Err(interrupted_error());
        }
        if let Err(e) = fs::rename(&self.temp, &self.target) {
            let _ = fs::remove_file(&self.temp);
            return Err(Error::io(
                format!(
                    "renaming {} to {}",
                    self.temp.display(),
                    self.target.display()
                ),
                e,
            ));
        }
        if let Some(s) = &mut r.scope {
            s.files.push(self.target.clone());
        }
        drop(g);
        if let Some(dir) = self.target.parent() {
            sync_dir(dir);
        }
        Ok(self.target.clone())
    }
    /// Finishes writing and hands the temporary back for reading (a part
    /// joined into a bigger file); the temporary is removed when the reader
    /// is dropped, and never gets a final name.
    pub fn into_reader(mut self) -> Result<TempReader> {
        let mut file = self.sync()?;
        use std::io::Seek;
        let path = self.temp.clone();
        let rewound = file
            .seek(std::io::SeekFrom::Start(0))
            .ctx(|| format!("reading {}", path.display()));
        if let Err(e) = rewound {
            let _ = fs::remove_file(&path);
            untrack_temp(&path);
            return Err(e);
        }
        Ok(TempReader { file, path })
    }
}

fn untrack_temp(temp: &Path) {
    with_registry(|r| r.temps.retain(|t| t != temp));
}

/// A finished temporary being read back; removed on drop.
pub struct TempReader {
    file: fs::File,
    path: PathBuf,
}

impl Read for TempReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf)
    }
}

impl Drop for TempReader {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        untrack_temp(&self.path);
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(w) = self.writer.take() {
            // the buffer is discarded, not flushed into a file about to go
            let (sink, _) = w.into_parts();
            drop(sink);
            let _ = fs::remove_file(&self.temp);
            untrack_temp(&self.temp);
        }
    }
}

/// Fsyncs a folder so that created and renamed entries survive a crash
/// (best effort: not every platform can open a folder).
pub fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Writes a whole file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)
        .ctx(|| format!("writing {}", path.display()))?;
    f.commit()
}

/// Formats a number for CSV: shortest text that reads back to the same
/// `f64`; empty for undefined values.
pub fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// Writes a CSV file atomically with the `csv` crate (quoting where a field
/// needs it): the header, then one record per row.
pub fn write_csv<R, S>(
    path: &Path,
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Result<PathBuf>
where
    R: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(AtomicFile::create(path)?);
    w.write_record(header)?;
    for row in rows {
        w.write_record(row)?;
    }
    let file = w
        .into_inner()
        .map_err(|e| Error::io(format!("writing {}", path.display()), e.into_error()))?;
    file.commit()
}
